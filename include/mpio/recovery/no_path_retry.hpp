// SPDX-License-Identifier: MIT
// mpio/recovery/no_path_retry.hpp - what happens to I/O while a device has
// no usable path at all.
//
// multipath-tools' no_path_retry (multipath.conf(5)):
//   fail   fail I/O at once when the last path is gone;
//   queue  queue I/O until a path returns, however long that takes;
//   N      queue for N path-checker intervals (polling_interval), then fail.
// Windows MPIO queues the I/O of a pseudo-LUN that lost its last path for
// PDORemovePeriod (20 s by default), then removes the pseudo-LUN and fails
// what was queued: that is mode remove_period here.
//
// no_path_timer is the device-level clock: tell it when the last path went
// and when one came back; should_fail(now) says whether queued I/O must now
// be failed: with failure() (fail up, reason::no_usable_path), or
// errc::no_usable_path where a result is returned.
#ifndef MPIO_RECOVERY_NO_PATH_RETRY_HPP
#define MPIO_RECOVERY_NO_PATH_RETRY_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/core/tick.hpp>
#include <mpio/recovery/action.hpp>

namespace mpio::recovery {

enum class no_path_mode : std::uint8_t {
    fail = 0,      // multipath-tools "fail"
    queue,         // multipath-tools "queue"
    checks,        // multipath-tools N: N checker intervals
    remove_period, // Windows MPIO: PDORemovePeriod
};

struct no_path_retry {
    no_path_mode mode = no_path_mode::remove_period;
    std::uint32_t checks = 0;   // mode checks: number of checker intervals
    tick checker_interval = 0;  // mode checks: multipath-tools polling_interval, in ticks
    tick remove_period = 20000; // mode remove_period: PDORemovePeriod, in ticks

    [[nodiscard]] static constexpr no_path_retry fail() noexcept { return {no_path_mode::fail, 0, 0, 0}; }
    [[nodiscard]] static constexpr no_path_retry queue() noexcept { return {no_path_mode::queue, 0, 0, 0}; }
    [[nodiscard]] static constexpr no_path_retry for_checks(std::uint32_t n, tick interval) noexcept
    {
        return {no_path_mode::checks, n, interval, 0};
    }
    [[nodiscard]] static constexpr no_path_retry for_remove_period(tick period) noexcept
    {
        return {no_path_mode::remove_period, 0, 0, period};
    }

    // How long I/O is queued once the last path is gone; ~0 for "forever".
    [[nodiscard]] constexpr tick queue_time() const noexcept
    {
        switch (mode) {
        case no_path_mode::fail: return 0;
        case no_path_mode::queue: return ~tick{0};
        case no_path_mode::checks:
            return checker_interval != 0 && checks > ~tick{0} / checker_interval ? ~tick{0}
                                                                                 : tick{checks} * checker_interval;
        case no_path_mode::remove_period: return remove_period;
        }
        return 0;
    }
};

class no_path_timer {
public:
    constexpr no_path_timer() noexcept = default;
    constexpr explicit no_path_timer(const no_path_retry& policy) noexcept : policy_(policy) {}

    // The last usable path is gone (idempotent: the first call starts the clock).
    constexpr void all_paths_lost(tick now) noexcept
    {
        if (!lost_) {
            lost_ = true;
            since_ = now;
        }
    }
    // A path is usable again: queued I/O may go.
    constexpr void path_restored() noexcept { lost_ = false; }

    [[nodiscard]] constexpr bool no_path() const noexcept { return lost_; }
    // Queued I/O must be failed now.
    [[nodiscard]] constexpr bool should_fail(tick now) const noexcept { return lost_ && tick_reached(now, deadline()); }
    // The verdict for each queued request when should_fail(): fail it up,
    // reason::no_usable_path, not a retry, no effect on any path (it ran on
    // none). The same verdict as the retry budget's own (action fail_up),
    // so a driver reports and counts both one way.
    [[nodiscard]] static constexpr decision failure() noexcept
    {
        return {action::fail_up, reason::no_usable_path, false, retry_delay::immediate, path_effect::none};
    }
    // The tick at which queued I/O fails (~0: never).
    [[nodiscard]] constexpr tick deadline() const noexcept
    {
        const tick q = policy_.queue_time();
        return q == ~tick{0} ? ~tick{0} : tick_add(since_, q);
    }
    [[nodiscard]] constexpr const no_path_retry& policy() const noexcept { return policy_; }

private:
    no_path_retry policy_{};
    tick since_ = 0;
    bool lost_ = false;
};

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_NO_PATH_RETRY_HPP
