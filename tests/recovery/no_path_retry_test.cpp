// SPDX-License-Identifier: MIT
#include <mpio/recovery/no_path_retry.hpp>
#include <mpio/recovery/retry_budget.hpp>

#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_no_path_retry_test {

namespace rc = mpio::recovery;
using mpio::tick;

TEST_CASE("no_path_retry: fail, queue, N checks, PDORemovePeriod", "[recovery]")
{
    STATIC_REQUIRE(rc::no_path_retry::fail().queue_time() == 0);
    STATIC_REQUIRE(rc::no_path_retry::queue().queue_time() == ~tick{0});
    STATIC_REQUIRE(rc::no_path_retry::for_checks(12, 5000).queue_time() == 60'000);
    STATIC_REQUIRE(rc::no_path_retry::for_checks(0xFFFF'FFFFu, ~tick{0} / 2).queue_time() == ~tick{0});
    STATIC_REQUIRE(rc::no_path_retry::for_remove_period(20'000).queue_time() == 20'000);
    STATIC_REQUIRE(rc::no_path_retry{}.mode == rc::no_path_mode::remove_period);
}

TEST_CASE("no_path_timer: queued I/O fails when the queue time has passed", "[recovery]")
{
    rc::no_path_timer t(rc::no_path_retry::for_remove_period(20'000));
    CHECK_FALSE(t.no_path());
    CHECK_FALSE(t.should_fail(1'000'000));
    t.all_paths_lost(1000);
    t.all_paths_lost(5000); // idempotent: the clock started at 1000
    CHECK(t.no_path());
    CHECK(t.deadline() == 21'000);
    CHECK_FALSE(t.should_fail(20'999));
    CHECK(t.should_fail(21'000));
    t.path_restored();
    CHECK_FALSE(t.should_fail(30'000));
    t.all_paths_lost(40'000);
    CHECK_FALSE(t.should_fail(59'999));
    CHECK(t.should_fail(60'000));
}

TEST_CASE("no_path_timer: fail at once, or queue forever", "[recovery]")
{
    rc::no_path_timer f(rc::no_path_retry::fail());
    f.all_paths_lost(7);
    CHECK(f.should_fail(7));
    rc::no_path_timer q(rc::no_path_retry::queue());
    q.all_paths_lost(7);
    CHECK_FALSE(q.should_fail(~tick{0} - 1));
    CHECK(q.deadline() == ~tick{0});
}

TEST_CASE("no_path_timer: what it fails is failed up with reason::no_usable_path", "[recovery]")
{
    constexpr rc::decision d = rc::no_path_timer::failure();
    STATIC_REQUIRE(d.action == rc::action::fail_up);
    STATIC_REQUIRE(d.reason == rc::reason::no_usable_path);
    STATIC_REQUIRE(d.effect == rc::path_effect::none);
    STATIC_REQUIRE_FALSE(rc::is_retry(d.action));
    // Appended after the retry budget's verdicts: earlier values keep their numbers.
    STATIC_REQUIRE(static_cast<int>(rc::reason::no_usable_path) ==
                   static_cast<int>(rc::reason::transition_timed_out) + 1);
    STATIC_REQUIRE(static_cast<int>(rc::reason::transition_timed_out) == 46);
    CHECK(std::string(rc::to_string(rc::reason::no_usable_path)) == "no usable path (no_path_retry / PDORemovePeriod)");
    // The retry budget passes it through like any fail_up decision.
    rc::retry_budget b;
    const rc::retry_step s = b.next(d, 5);
    CHECK_FALSE(s.retry);
    CHECK(s.action == rc::action::fail_up);
    CHECK(s.reason == rc::reason::no_usable_path);
}

} // namespace test_recovery_no_path_retry_test
