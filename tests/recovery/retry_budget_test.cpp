// SPDX-License-Identifier: MIT
#include <mpio/recovery/retry_budget.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_retry_budget_test {

namespace rc = mpio::recovery;
using mpio::tick;
using rc::action;
using rc::decision;
using rc::path_effect;
using rc::reason;
using rc::retry_delay;

namespace {
constexpr rc::retry_limits limits() noexcept
{
    rc::retry_limits l;
    l.retry_count = 3;
    l.max_uncounted = 4;
    l.retry_interval = 1000;
    l.transition_time = 3000;
    return l;
}
constexpr decision counted{action::retry_same_path, reason::unit_attention, true, retry_delay::retry_interval,
                           path_effect::none};
constexpr decision free_other{action::retry_other_path, reason::alua_standby, false, retry_delay::immediate,
                              path_effect::alua_standby};
constexpr decision hold{action::hold_and_retry, reason::alua_transitioning, false, retry_delay::retry_interval,
                        path_effect::alua_transitioning};

constexpr rc::retry_step nth_counted(int n) noexcept
{
    rc::retry_budget b(limits());
    rc::retry_step s;
    for (int i = 0; i < n; ++i) s = b.next(counted, 100);
    return s;
}
} // namespace

TEST_CASE("retry budget: RetryCount counted retries after RetryInterval, then fail up", "[recovery]")
{
    STATIC_REQUIRE(nth_counted(1).retry);
    STATIC_REQUIRE(nth_counted(1).not_before == 1100);
    STATIC_REQUIRE(nth_counted(1).action == action::retry_same_path);
    STATIC_REQUIRE(nth_counted(3).retry);
    STATIC_REQUIRE(!nth_counted(4).retry);
    STATIC_REQUIRE(nth_counted(4).action == action::fail_up);
    STATIC_REQUIRE(nth_counted(4).reason == reason::retry_budget_exhausted);
}

TEST_CASE("retry budget: complete and fail_up pass through", "[recovery]")
{
    rc::retry_budget b(limits());
    const rc::retry_step ok =
        b.next(decision{action::complete, reason::success, false, retry_delay::immediate, path_effect::path_ok}, 5);
    CHECK_FALSE(ok.retry);
    CHECK(ok.action == action::complete);
    const rc::retry_step up =
        b.next(decision{action::fail_up, reason::medium_error, false, retry_delay::immediate, path_effect::none}, 6);
    CHECK_FALSE(up.retry);
    CHECK(up.reason == reason::medium_error);
    CHECK(b.counted_retries() == 0);
}

TEST_CASE("retry budget: uncounted retries are capped, then count (standby-only device)", "[recovery]")
{
    rc::retry_budget b(limits());
    for (int i = 0; i < 4; ++i) {
        const rc::retry_step s = b.next(free_other, 10);
        REQUIRE(s.retry);
        CHECK(s.not_before == 10); // immediate
    }
    CHECK(b.uncounted_retries() == 4);
    CHECK(b.counted_retries() == 0);
    for (int i = 0; i < 3; ++i) REQUIRE(b.next(free_other, 10).retry); // past the cap: counted
    CHECK(b.counted_retries() == 3);
    const rc::retry_step last = b.next(free_other, 10);
    CHECK_FALSE(last.retry);
    CHECK(last.reason == reason::uncounted_retries_exhausted);
}

TEST_CASE("retry budget: an ALUA transition holds until the transition time, without budget", "[recovery]")
{
    rc::retry_budget b(limits());
    rc::retry_step s = b.next(hold, 1000);
    CHECK(s.retry);
    CHECK(s.not_before == 2000);
    CHECK(b.holding());
    CHECK(b.hold_since() == 1000);
    s = b.next(hold, 2000);
    CHECK(s.retry);
    s = b.next(hold, 3999);
    CHECK(s.retry);
    s = b.next(hold, 4000); // 1000 + 3000
    CHECK_FALSE(s.retry);
    CHECK(s.reason == reason::transition_timed_out);
    CHECK(b.counted_retries() == 0);
    CHECK(b.uncounted_retries() == 0);
}

TEST_CASE("retry budget: a new transition after another error starts a new hold", "[recovery]")
{
    rc::retry_budget b(limits());
    CHECK(b.next(hold, 0).retry);
    CHECK(b.next(counted, 2000).retry); // the transition ended
    CHECK_FALSE(b.holding());
    CHECK(b.next(hold, 2500).retry);
    CHECK(b.hold_since() == 2500);
    CHECK(b.next(hold, 5000).retry); // 2500 + 3000 not reached
}

TEST_CASE("retry limits from MPIO's defaults", "[recovery]")
{
    constexpr rc::mpio_timers t = rc::to_ticks(rc::microsoft_defaults, mpio::tick_rate{1000});
    constexpr rc::retry_limits l = rc::retry_limits::from(t);
    STATIC_REQUIRE(l.retry_count == 3);
    STATIC_REQUIRE(l.retry_interval == 1000);
    STATIC_REQUIRE(l.transition_time == 3000);
    STATIC_REQUIRE(l.max_uncounted == 32);
    STATIC_REQUIRE(sizeof(rc::retry_budget) <= 48);
}

} // namespace test_recovery_retry_budget_test
