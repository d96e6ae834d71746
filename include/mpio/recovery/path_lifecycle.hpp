// SPDX-License-Identifier: MIT
// mpio/recovery/path_lifecycle.hpp - the state machine of one path.
//
// States are mpio::topology::path_state. The machine is driven by:
//   arrive(now)            the OS reported the path (new, back from removal, or a failed one again)
//   request_verification(now) the transport says the path is back: verify now
//   remove(now)            the OS removed it (kept PDORemovePeriod, then gone)
//   on_io(decision, now)   what the interpretation table said about an I/O on it
//   on_verification(r, now) the answer to the verification command it asked for
//   on_alua_state(s, now)  the path's target port group state (RTPG, STPG)
//   poll(now)              timers; returns the verification command to send now
//   failback_now / set_standby / activate   administrator actions
//
//   arrive ──► pending_verification ──up/ghost──► active (or standby, see failback)
//                 ▲   │  │ pending: ask again after RetryInterval
//                 │   │  └─down/disconnected──► failed
//       poll: due │   ▼                          │ ▲
//  or request_verification                       │ │
//               failed ◄── on_io(path failure) ──┘ │ (from active / standby)
//   any ──remove──► pending_removal ──PDORemovePeriod──► removed
//                        └──arrive──► pending_verification
//   standby (held) ──failback_now / deferred time / flaky time over──► active
//
// A recovered path goes to active, except:
//   - it is flaky (mpio/recovery/flaky_path.hpp): standby until the recovery
//     time has passed ("autostandby"), used only if nothing else is;
//   - it is the preferred path and the failback mode holds it
//     (mpio/recovery/failback.hpp): manual -> standby until failback_now();
//     deferred -> standby for `defer` ticks; immediate and followover ->
//     active (the path is coming back from its own failure, which followover
//     does fail back on).
// Verification: a failed path is verified every path recovery interval
// (PathRecoveryInterval when UseCustomPathRecoveryInterval is on, else
// PathVerificationPeriod); with PathVerifyEnabled, healthy paths are verified
// every PathVerificationPeriod too. The command is TEST UNIT READY, or REPORT
// TARGET PORT GROUPS for an ALUA device.
// Only one verification is in flight at a time; a path failure counts once
// for flaky detection however many I/Os fail on it.
#ifndef MPIO_RECOVERY_PATH_LIFECYCLE_HPP
#define MPIO_RECOVERY_PATH_LIFECYCLE_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/tick.hpp>
#include <mpio/recovery/action.hpp>
#include <mpio/recovery/failback.hpp>
#include <mpio/recovery/flaky_path.hpp>
#include <mpio/recovery/settings.hpp>
#include <mpio/recovery/verification.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/topology/path_state.hpp>

namespace mpio::recovery {

struct lifecycle_config {
    bool alua = false;                  // verify with RTPG (ALUA) rather than TUR
    bool periodic_verification = false; // PathVerifyEnabled
    tick verification_period = 30000;   // PathVerificationPeriod
    tick recovery_interval = 30000;     // failed path re-verified after this
    tick pending_poll = 1000;           // re-ask after a "pending" answer (RetryInterval)
    tick remove_period = 20000;         // PDORemovePeriod
    failback_policy failback{};
    flaky_config flaky{};

    [[nodiscard]] static constexpr lifecycle_config from(const mpio_timers& t, bool alua, failback_policy failback = {},
                                                         flaky_config flaky = {}) noexcept
    {
        lifecycle_config c;
        c.alua = alua;
        c.periodic_verification = t.path_verify_enabled;
        c.verification_period = t.path_verification_period;
        c.recovery_interval = t.path_recovery_interval;
        c.pending_poll = t.retry_interval;
        c.remove_period = t.pdo_remove_period;
        c.failback = failback;
        c.flaky = flaky;
        return c;
    }
};

// May a path carry I/O now?
enum class eligibility : std::uint8_t {
    none = 0,    // not usable
    last_resort, // healthy but held out of rotation (flaky, failback hold, administrator standby)
    rotation,    // in the policy's rotation
};

[[nodiscard]] constexpr const char* to_string(eligibility e) noexcept
{
    switch (e) {
    case eligibility::none: return "none";
    case eligibility::last_resort: return "last resort";
    case eligibility::rotation: return "rotation";
    }
    return "unknown";
}

// Why a path sits in standby.
enum class standby_cause : std::uint8_t {
    none = 0,
    administrator, // set_standby()
    flaky,         // autostandby until the flaky recovery time passes
    failback_hold, // preferred path held by manual / deferred failback
};

using topology::path_state;

class path_lifecycle {
public:
    constexpr path_lifecycle() noexcept = default;
    constexpr explicit path_lifecycle(const lifecycle_config& c, bool preferred = false) noexcept
        : config_(c), flaky_(c.flaky), preferred_(preferred)
    {}

    // ------------------------------------------------------------- events

    // The path appeared (or came back within PDORemovePeriod): verify it first.
    // A failed path announced again (a PnP re-arrival while its object still
    // exists) is verified at once too: request_verification(). Returns the
    // command to send now (none when the path is present and not failed).
    constexpr verification_command arrive(tick now) noexcept
    {
        if (state_ == path_state::failed) return request_verification(now);
        if (state_ != path_state::removed && state_ != path_state::pending_removal) return verification_command::none;
        state_ = path_state::pending_verification;
        cause_ = standby_cause::none;
        in_flight_ = true;
        next_check_ = now;
        own_failure_ = true; // a path of our own coming (back): followover fails back to it
        return command();
    }

    // Verify the path now, not at its next timer tick. Windows MPIO has the
    // DSM verify a path (DsmPathVerify) when a PnP arrival adds it, so a path
    // that comes back is in service after one command -- not at the next
    // PathVerificationPeriod tick, which with Microsoft's defaults (30 s >
    // PDORemovePeriod 20 s) would fail queued I/O after ANY all-paths-down
    // outage, however short. Call it when the transport reports the path back
    // while the path object still exists (link up, session re-login, RSCN),
    // or for an immediate check. A failed path goes to pending_verification;
    // a present path with nothing in flight is verified as well. Returns none
    // when a verification is in flight already, or when the path is removed /
    // pending removal (the OS has to report it: arrive()).
    constexpr verification_command request_verification(tick now) noexcept
    {
        if (state_ == path_state::removed || state_ == path_state::pending_removal || in_flight_)
            return verification_command::none;
        if (state_ == path_state::failed) state_ = path_state::pending_verification;
        in_flight_ = true;
        // A periodic verification counts from this one.
        next_check_ = state_ == path_state::pending_verification ? now : tick_add(now, config_.verification_period);
        return command();
    }

    // The OS removed the path.
    constexpr void remove(tick now) noexcept
    {
        if (state_ == path_state::removed || state_ == path_state::pending_removal) return;
        returning_ = true;
        state_ = path_state::pending_removal;
        in_flight_ = false;
        removal_deadline_ = tick_add(now, config_.remove_period);
    }

    // An I/O on this path finished and the table decided `d`.
    constexpr void on_io(const decision& d, tick now) noexcept
    {
        switch (d.effect) {
        case path_effect::path_failed:
        case path_effect::lun_unreachable: fail(now, true); break;
        case path_effect::alua_standby: set_alua(scsi::asymmetric_access_state::standby); break;
        case path_effect::alua_unavailable: set_alua(scsi::asymmetric_access_state::unavailable); break;
        case path_effect::alua_transitioning: set_alua(scsi::asymmetric_access_state::transitioning); break;
        case path_effect::alua_changed: alua_stale_ = true; break;
        case path_effect::none:
        case path_effect::path_ok: break;
        }
    }

    // Timers. Returns the verification command to send now, if one is due.
    constexpr verification_command poll(tick now) noexcept
    {
        switch (state_) {
        case path_state::removed: return verification_command::none;
        case path_state::pending_removal:
            if (tick_reached(now, removal_deadline_)) state_ = path_state::removed;
            return verification_command::none;
        case path_state::failed:
            if (!tick_reached(now, next_check_)) return verification_command::none;
            state_ = path_state::pending_verification;
            in_flight_ = true;
            return command();
        case path_state::pending_verification:
            if (in_flight_ || !tick_reached(now, next_check_)) return verification_command::none;
            in_flight_ = true;
            return command();
        case path_state::standby:
            if (cause_ == standby_cause::flaky && !flaky_.flaky(now)) {
                offer_active(now, own_failure_);
            } else if (cause_ == standby_cause::failback_hold && config_.failback.mode == failback_mode::deferred &&
                       tick_reached(now, tick_add(returned_at_, config_.failback.defer))) {
                become_active();
            }
            break;
        case path_state::active: break;
        }
        if (config_.periodic_verification && !in_flight_ && tick_reached(now, next_check_) &&
            (state_ == path_state::active || state_ == path_state::standby)) {
            in_flight_ = true;
            next_check_ = tick_add(now, config_.verification_period);
            return command();
        }
        return verification_command::none;
    }

    // The answer to the command poll() or arrive() asked for.
    constexpr void on_verification(const verification_result& r, tick now) noexcept
    {
        // Late answers: the path was removed, or failed by I/O meanwhile (its
        // next verification is scheduled already).
        if (state_ == path_state::removed || state_ == path_state::pending_removal || state_ == path_state::failed)
            return;
        in_flight_ = false;
        if (r.has_alua_state) set_alua(r.alua_state);
        switch (r.state) {
        case checker_state::retry: next_check_ = now; return; // ask again at once
        case checker_state::down:
        case checker_state::disconnected: fail(now, false); return;
        case checker_state::pending:
            set_alua(scsi::asymmetric_access_state::transitioning);
            next_check_ = tick_add(now, config_.pending_poll);
            return;
        case checker_state::ghost:
            if (!r.has_alua_state) set_alua(scsi::asymmetric_access_state::standby);
            break;
        case checker_state::up: break;
        }
        if (state_ == path_state::pending_verification) {
            returned_at_ = now;
            next_check_ = tick_add(now, config_.verification_period);
            offer_active(now, own_failure_);
        }
    }

    // The target port group of this path is now in `s` (an RTPG or STPG told).
    constexpr void on_alua_state(scsi::asymmetric_access_state s, tick now) noexcept
    {
        set_alua(s);
        alua_stale_ = false;
        // Offline: the target port cannot be reached at all.
        if (s == scsi::asymmetric_access_state::offline) fail(now, false);
    }

    // -------------------------------------------------------- administrator

    // Manual failback (or any held standby): the path joins the rotation.
    constexpr void failback_now() noexcept
    {
        if (state_ == path_state::standby && cause_ == standby_cause::failback_hold) become_active();
    }
    // Take a healthy path out of rotation.
    constexpr void set_standby() noexcept
    {
        if (state_ == path_state::active) {
            state_ = path_state::standby;
            cause_ = standby_cause::administrator;
        }
    }
    // Put an administrator standby (or a held) path back in rotation.
    constexpr void activate() noexcept
    {
        if (state_ == path_state::standby && cause_ != standby_cause::flaky) become_active();
    }
    constexpr void set_preferred(bool p) noexcept { preferred_ = p; }

    // ---------------------------------------------------------- observers

    [[nodiscard]] constexpr path_state state() const noexcept { return state_; }
    [[nodiscard]] constexpr standby_cause cause() const noexcept { return cause_; }
    [[nodiscard]] constexpr bool preferred() const noexcept { return preferred_; }
    [[nodiscard]] constexpr bool has_alua_state() const noexcept { return has_alua_; }
    [[nodiscard]] constexpr scsi::asymmetric_access_state alua_state() const noexcept { return alua_; }
    // An outcome said the ALUA states changed: re-read RTPG, then on_alua_state().
    [[nodiscard]] constexpr bool needs_alua_refresh() const noexcept { return alua_stale_; }
    [[nodiscard]] constexpr bool verification_in_flight() const noexcept { return in_flight_; }
    [[nodiscard]] constexpr bool flaky(tick now) const noexcept { return flaky_.flaky(now); }
    [[nodiscard]] constexpr const flaky_detector& flaky_state() const noexcept { return flaky_; }
    [[nodiscard]] constexpr const lifecycle_config& config() const noexcept { return config_; }
    // The tick of the next verification due (meaningful in failed, pending
    // verification, and with periodic verification).
    [[nodiscard]] constexpr tick next_check() const noexcept { return next_check_; }

    // The path's target port group can serve I/O: active/optimized,
    // active/non-optimized or LBA dependent (SPC-4 5.16.2.4); a path without
    // an ALUA state (not an ALUA device, or not read yet) counts as active.
    // Standby, unavailable, offline and transitioning groups answer with
    // NOT READY / are unreachable, so they do not carry the request either.
    [[nodiscard]] constexpr bool in_active_group() const noexcept
    {
        if (!has_alua_) return true;
        return alua_ == scsi::asymmetric_access_state::active_optimized ||
               alua_ == scsi::asymmetric_access_state::active_non_optimized ||
               alua_ == scsi::asymmetric_access_state::logical_block_dependent;
    }

    [[nodiscard]] constexpr eligibility io_eligibility(tick now) const noexcept
    {
        if (state_ == path_state::active) return flaky_.flaky(now) ? eligibility::last_resort : eligibility::rotation;
        if (state_ == path_state::standby) return eligibility::last_resort;
        return eligibility::none;
    }

private:
    [[nodiscard]] constexpr verification_command command() const noexcept
    {
        return verification_command_for(config_.alua);
    }

    constexpr void set_alua(scsi::asymmetric_access_state s) noexcept
    {
        alua_ = s;
        has_alua_ = true;
    }

    constexpr void become_active() noexcept
    {
        state_ = path_state::active;
        cause_ = standby_cause::none;
    }

    // A healthy path leaves rotation for verification; `by_io` failures count
    // towards flaky detection (once per failure, not per failed I/O).
    constexpr void fail(tick now, bool by_io) noexcept
    {
        if (state_ == path_state::removed || state_ == path_state::pending_removal) return;
        returning_ = true;
        own_failure_ = true;
        if (state_ == path_state::failed) return; // the same failure, seen by another I/O
        const bool verifying = state_ == path_state::pending_verification;
        state_ = path_state::failed;
        in_flight_ = false; // an answer still on its way is stale now
        cause_ = standby_cause::none;
        next_check_ = tick_add(now, config_.recovery_interval);
        if (!verifying && by_io) flaky_.record_failure(now);
    }

    // A verified path: active, unless flaky or held by the failback mode.
    constexpr void offer_active(tick now, bool after_own_failure) noexcept
    {
        if (flaky_.flaky(now)) {
            state_ = path_state::standby;
            cause_ = standby_cause::flaky;
            return;
        }
        // A path seen for the first time is not a failback: only a preferred
        // path coming back (from a failure or a removal) is held.
        if (!preferred_ || !returning_ || should_fail_back(config_.failback, now, returned_at_, after_own_failure)) {
            become_active();
            own_failure_ = false;
            return;
        }
        state_ = path_state::standby;
        cause_ = standby_cause::failback_hold;
    }

    lifecycle_config config_{};
    flaky_detector flaky_{};
    tick next_check_ = 0;
    tick removal_deadline_ = 0;
    tick returned_at_ = 0;
    path_state state_ = path_state::removed;
    standby_cause cause_ = standby_cause::none;
    scsi::asymmetric_access_state alua_ = scsi::asymmetric_access_state::active_optimized;
    bool has_alua_ = false;
    bool alua_stale_ = false;
    bool in_flight_ = false;
    bool preferred_ = false;
    bool own_failure_ = false;
    bool returning_ = false; // the path was here before (failed or removed since)
};

// Which paths of one logical unit may carry I/O now: the paths in rotation;
// when there are none, the last-resort ones (a flaky path, a path held for
// failback, an administrator standby is used rather than no path at all).
// Writes usable[i] for each of the n paths and returns the tier used
// (eligibility::none: no path can carry I/O; queue or fail per no_path_retry).
[[nodiscard]] constexpr eligibility usable_paths(const path_lifecycle* paths, std::size_t n, tick now,
                                                 bool* usable) noexcept
{
    eligibility best = eligibility::none;
    for (std::size_t i = 0; paths != nullptr && i < n; ++i) {
        const eligibility e = paths[i].io_eligibility(now);
        if (e > best) best = e;
    }
    for (std::size_t i = 0; usable != nullptr && i < n; ++i)
        usable[i] = best != eligibility::none && paths[i].io_eligibility(now) == best;
    return best;
}

// Could another path of the logical unit carry a request that just failed on
// path `self` -- the interpretation table's interpret_context::
// other_usable_path? A path other than `self` whose io_eligibility() is not
// none (rotation or last resort: MPIO would rather use a flaky or held path
// than fail the request) and whose group is active (in_active_group()).
// MSDSM asks the same before it retries a standby / transitioning answer
// elsewhere ("an active path exists"); with every other path standby the
// answer is false and the table holds the request instead. `self` >= n (e.g.
// n) asks about any path at all.
[[nodiscard]] constexpr bool other_usable_path(const path_lifecycle* paths, std::size_t n, std::size_t self,
                                               tick now) noexcept
{
    for (std::size_t i = 0; paths != nullptr && i < n; ++i)
        if (i != self && paths[i].io_eligibility(now) != eligibility::none && paths[i].in_active_group()) return true;
    return false;
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_PATH_LIFECYCLE_HPP
