// SPDX-License-Identifier: MIT
// mpio/recovery/retry_budget.hpp - the per-request retry budget.
//
// One retry_budget lives with each request (in the driver's per-request
// context: it is 40 bytes, no heap). After every attempt the driver gives
// it the table's decision and the current tick; next() says whether and
// when to resubmit, or that the request fails up, and why:
//
//   counted retries    (decision.consumes_budget) at most RetryCount of
//                      them (MPIO: "the number of times a failed I/O can be
//                      retried"); the next one fails with
//                      reason::retry_budget_exhausted;
//   uncounted retries  (MSDSM's DSM_RETRY_DONT_DECREMENT, path failures,
//                      Linux ADD_TO_MLQUEUE) at most max_uncounted of them;
//                      past that they count like the others, so a device
//                      that answers "standby" on every path cannot loop a
//                      request forever (MSDSM had that loop, see the comment
//                      above its 04/0B case);
//   holds              (action::hold_and_retry, an ALUA transition) cost
//                      nothing but time: the request is re-polled every
//                      RetryInterval until the transition time has passed
//                      since the first hold, then fails with
//                      reason::transition_timed_out.
// Delays: retry_delay::immediate resubmits at `now`, retry_interval at
// now + RetryInterval.
#ifndef MPIO_RECOVERY_RETRY_BUDGET_HPP
#define MPIO_RECOVERY_RETRY_BUDGET_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/core/tick.hpp>
#include <mpio/recovery/action.hpp>
#include <mpio/recovery/settings.hpp>

namespace mpio::recovery {

struct retry_limits {
    std::uint32_t retry_count = 3;    // RetryCount
    std::uint32_t max_uncounted = 32; // uncounted retries before they count (MSDSM allows 32 paths)
    tick retry_interval = 1000;       // RetryInterval, in ticks
    tick transition_time = 3000;      // how long to hold for an ALUA transition, in ticks

    [[nodiscard]] static constexpr retry_limits from(const mpio_timers& t, std::uint32_t max_uncounted = 32) noexcept
    {
        retry_limits l;
        l.retry_count = t.retry_count;
        l.max_uncounted = max_uncounted;
        l.retry_interval = t.retry_interval;
        l.transition_time = t.alua_transition_time;
        return l;
    }
};

// The budget's answer for one attempt.
struct retry_step {
    bool retry = false;                         // resubmit the request
    recovery::action action = action::complete; // the table's action when retrying; complete / fail_up otherwise
    recovery::reason reason = reason::success;  // the table's reason, or the budget's own when it says no
    tick not_before = 0;                        // earliest tick for the resubmission

    friend constexpr bool operator==(const retry_step&, const retry_step&) noexcept = default;
};

class retry_budget {
public:
    constexpr retry_budget() noexcept = default;
    constexpr explicit retry_budget(const retry_limits& limits) noexcept : limits_(limits) {}

    [[nodiscard]] constexpr retry_step next(const decision& d, tick now) noexcept
    {
        if (d.action == action::complete) return {false, action::complete, d.reason, now};
        if (d.action == action::fail_up) return {false, action::fail_up, d.reason, now};

        if (d.action == action::hold_and_retry) {
            if (!holding_) {
                holding_ = true;
                hold_since_ = now;
            }
            if (tick_reached(now, tick_add(hold_since_, limits_.transition_time)))
                return {false, action::fail_up, reason::transition_timed_out, now};
            return {true, d.action, d.reason, tick_add(now, limits_.retry_interval)};
        }
        holding_ = false; // the transition is over, whatever comes next

        bool counted = d.consumes_budget;
        if (!counted) {
            if (uncounted_ < limits_.max_uncounted) {
                ++uncounted_;
            } else {
                counted = true; // the cap: from here on they consume RetryCount
            }
        }
        if (counted) {
            if (counted_ >= limits_.retry_count) {
                return {false, action::fail_up,
                        d.consumes_budget ? reason::retry_budget_exhausted : reason::uncounted_retries_exhausted, now};
            }
            ++counted_;
        }
        const tick at = d.delay == retry_delay::immediate ? now : tick_add(now, limits_.retry_interval);
        return {true, d.action, d.reason, at};
    }

    [[nodiscard]] constexpr std::uint32_t counted_retries() const noexcept { return counted_; }
    [[nodiscard]] constexpr std::uint32_t uncounted_retries() const noexcept { return uncounted_; }
    [[nodiscard]] constexpr bool holding() const noexcept { return holding_; }
    [[nodiscard]] constexpr tick hold_since() const noexcept { return hold_since_; }
    [[nodiscard]] constexpr const retry_limits& limits() const noexcept { return limits_; }

private:
    retry_limits limits_{};
    std::uint32_t counted_ = 0;
    std::uint32_t uncounted_ = 0;
    tick hold_since_ = 0;
    bool holding_ = false;
};

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_RETRY_BUDGET_HPP
