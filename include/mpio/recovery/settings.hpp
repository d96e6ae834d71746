// SPDX-License-Identifier: MIT
// mpio/recovery/settings.hpp - MPIO's timers and counters as a constexpr
// configuration, with Microsoft's defaults.
//
// Windows MPIO keeps these per DSM (DSM_COUNTERS / MPIO_TIMERS_COUNTERS in
// mpiowmi.h) and exposes them through the MPIO PowerShell module
// (Get-MPIOSetting / Set-MPIOSetting). Get-MPIOSetting on a fresh system:
//   PathVerificationState     : Disabled   -> path_verify_enabled = false
//   PathVerificationPeriod    : 30         -> seconds between verifications of every path
//   PDORemovePeriod           : 20         -> seconds the pseudo-LUN (and its queued I/O)
//                                             survives the loss of its last path
//   RetryCount                : 3          -> retries of a request DsmInterpretError marks Retry
//   RetryInterval             : 1          -> seconds before such a retry
//   UseCustomPathRecoveryTime : Disabled   -> use_custom_path_recovery_interval = false
//   CustomPathRecoveryTime    : 40         -> path_recovery_interval (seconds)
//   DiskTimeoutValue          : 120        -> disk class timeout (seconds)
// plus the ALUA maximum state-transition time: how long a request is held
// while a target port group is transitioning. 3 s by default; when the
// device's REPORT TARGET PORT GROUPS extended header carries a non-zero
// IMPLICIT TRANSITION TIME, that value wins (alua_transition_time()).
//
// Ranges. Set-MPIOSetting declares every -New* parameter as Int32 and the
// values land in the ULONG fields of DSM_COUNTERS, so what the module accepts
// is 0..2^31-1 seconds for the periods and counts, and Enabled/Disabled for
// the two switches. validate() enforces exactly that; it does not invent
// tighter limits the module does not have.
//
// Everything here is in seconds, as documented; to_ticks() converts once,
// with the caller's tick_rate, at set-up.
#ifndef MPIO_RECOVERY_SETTINGS_HPP
#define MPIO_RECOVERY_SETTINGS_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>

namespace mpio::recovery {

// The largest value Set-MPIOSetting accepts for a period or a count (Int32).
inline constexpr std::uint32_t mpio_setting_max = 0x7FFF'FFFFu;

struct mpio_settings {
    bool path_verify_enabled = false;               // PathVerifyEnabled / PathVerificationState
    std::uint32_t path_verification_period = 30;    // s, PathVerificationPeriod
    std::uint32_t pdo_remove_period = 20;           // s, PDORemovePeriod
    std::uint32_t retry_count = 3;                  // RetryCount
    std::uint32_t retry_interval = 1;               // s, RetryInterval
    bool use_custom_path_recovery_interval = false; // UseCustomPathRecoveryInterval
    std::uint32_t path_recovery_interval = 40;      // s, PathRecoveryInterval (CustomPathRecoveryTime)
    std::uint32_t disk_timeout = 120;               // s, DiskTimeoutValue
    std::uint32_t alua_transition_time = 3;         // s, ALUA maximum state-transition time

    // errc::invalid_argument when a value is outside what Set-MPIOSetting
    // accepts (see the header comment).
    [[nodiscard]] constexpr status validate() const noexcept
    {
        const std::uint32_t values[] = {path_verification_period, pdo_remove_period,      retry_count,
                                        retry_interval,           path_recovery_interval, disk_timeout,
                                        alua_transition_time};
        for (const std::uint32_t v : values)
            if (v > mpio_setting_max) return failure(errc::invalid_argument);
        return success;
    }

    // How long after a path failed it is verified again. MPIO uses
    // PathRecoveryInterval only when UseCustomPathRecoveryInterval is on and
    // the interval is not 0; otherwise mpio re-verifies a failed path every
    // PathVerificationPeriod (the period multipath-tools' checker has too).
    [[nodiscard]] constexpr std::uint32_t effective_path_recovery_interval() const noexcept
    {
        return use_custom_path_recovery_interval && path_recovery_interval != 0 ? path_recovery_interval
                                                                                : path_verification_period;
    }
};

inline constexpr mpio_settings microsoft_defaults{};

// The same settings converted to ticks once.
struct mpio_timers {
    bool path_verify_enabled = false;
    tick path_verification_period = 0;
    tick pdo_remove_period = 0;
    std::uint32_t retry_count = 0;
    tick retry_interval = 0;
    tick path_recovery_interval = 0; // effective: custom or the verification period
    tick disk_timeout = 0;
    tick alua_transition_time = 0;
};

[[nodiscard]] constexpr mpio_timers to_ticks(const mpio_settings& s, tick_rate rate) noexcept
{
    mpio_timers t;
    t.path_verify_enabled = s.path_verify_enabled;
    t.path_verification_period = rate.seconds(s.path_verification_period);
    t.pdo_remove_period = rate.seconds(s.pdo_remove_period);
    t.retry_count = s.retry_count;
    t.retry_interval = rate.seconds(s.retry_interval);
    t.path_recovery_interval = rate.seconds(s.effective_path_recovery_interval());
    t.disk_timeout = rate.seconds(s.disk_timeout);
    t.alua_transition_time = rate.seconds(s.alua_transition_time);
    return t;
}

// The transition time to hold I/O for: the device's IMPLICIT TRANSITION TIME
// (seconds, from the RTPG extended header) when it reported a non-zero one,
// else the configured default. Pass the result of
// report_target_port_groups::implicit_transition_time() as is.
[[nodiscard]] constexpr tick alua_transition_time(const result<std::uint8_t>& implicit_transition_time,
                                                  const mpio_settings& s, tick_rate rate) noexcept
{
    if (implicit_transition_time && *implicit_transition_time != 0) return rate.seconds(*implicit_transition_time);
    return rate.seconds(s.alua_transition_time);
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_SETTINGS_HPP
