// SPDX-License-Identifier: MIT
#include <mpio/recovery/path_lifecycle.hpp>

#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_path_lifecycle_test {

namespace rc = mpio::recovery;
using mpio::tick;
using mpio::topology::path_state;
using rc::checker_state;
using rc::eligibility;
using rc::standby_cause;
using rc::verification_command;
using aas = mpio::scsi::asymmetric_access_state;

namespace {
constexpr rc::lifecycle_config config(bool alua = false, rc::failback_policy fb = {}, rc::flaky_config fl = {},
                                      bool periodic = false) noexcept
{
    rc::lifecycle_config c;
    c.alua = alua;
    c.periodic_verification = periodic;
    c.verification_period = 30'000;
    c.recovery_interval = 10'000;
    c.pending_poll = 1000;
    c.remove_period = 20'000;
    c.failback = fb;
    c.flaky = fl;
    return c;
}
constexpr rc::verification_result up{checker_state::up, false, aas::active_optimized};
constexpr rc::verification_result down{checker_state::down, false, aas::active_optimized};
constexpr rc::verification_result pending{checker_state::pending, false, aas::active_optimized};
constexpr rc::verification_result ghost{checker_state::ghost, false, aas::active_optimized};
constexpr rc::verification_result retry{checker_state::retry, false, aas::active_optimized};
constexpr rc::verification_result disconnected{checker_state::disconnected, false, aas::active_optimized};
constexpr rc::decision failed_io{rc::action::fail_path_and_retry, rc::reason::transport_connection_lost, false,
                                 rc::retry_delay::immediate, rc::path_effect::path_failed};

// A path that arrived and passed its first verification at t=0.
constexpr rc::path_lifecycle healthy(const rc::lifecycle_config& c, bool preferred = false) noexcept
{
    rc::path_lifecycle p(c, preferred);
    (void)p.arrive(0);
    p.on_verification(up, 0);
    return p;
}

constexpr path_state after_arrival_and(const rc::verification_result& r) noexcept
{
    rc::path_lifecycle p(config());
    (void)p.arrive(0);
    p.on_verification(r, 5);
    return p.state();
}
} // namespace

TEST_CASE("lifecycle: arrival asks for the right verification command", "[recovery]")
{
    rc::path_lifecycle p(config());
    CHECK(p.state() == path_state::removed);
    CHECK(p.poll(1'000'000) == verification_command::none);
    CHECK(p.io_eligibility(0) == eligibility::none);
    CHECK(p.arrive(100) == verification_command::test_unit_ready);
    CHECK(p.state() == path_state::pending_verification);
    CHECK(p.verification_in_flight());
    CHECK(p.arrive(200) == verification_command::none); // already there
    CHECK(p.poll(300) == verification_command::none);   // one verification at a time
    rc::path_lifecycle a(config(true));
    CHECK(a.arrive(0) == verification_command::report_target_port_groups);
}

TEST_CASE("lifecycle: verification answers from pending verification", "[recovery]")
{
    STATIC_REQUIRE(after_arrival_and(up) == path_state::active);
    STATIC_REQUIRE(after_arrival_and(ghost) == path_state::active);
    STATIC_REQUIRE(after_arrival_and(down) == path_state::failed);
    STATIC_REQUIRE(after_arrival_and(disconnected) == path_state::failed);
    STATIC_REQUIRE(after_arrival_and(pending) == path_state::pending_verification);
    STATIC_REQUIRE(after_arrival_and(retry) == path_state::pending_verification);
    rc::path_lifecycle g(config());
    (void)g.arrive(0);
    g.on_verification(ghost, 0);
    CHECK(g.has_alua_state());
    CHECK(g.alua_state() == aas::standby);
    CHECK(g.io_eligibility(0) == eligibility::rotation);
}

TEST_CASE("lifecycle: failed -> re-verified after the recovery interval", "[recovery]")
{
    rc::path_lifecycle p(config());
    (void)p.arrive(0);
    p.on_verification(down, 1000);
    CHECK(p.state() == path_state::failed);
    CHECK(p.next_check() == 11'000);
    CHECK(p.poll(10'999) == verification_command::none);
    CHECK(p.poll(11'000) == verification_command::test_unit_ready);
    CHECK(p.state() == path_state::pending_verification);
    CHECK(p.poll(11'001) == verification_command::none);
    p.on_verification(up, 11'500);
    CHECK(p.state() == path_state::active);
    CHECK_FALSE(p.verification_in_flight());
}

TEST_CASE("lifecycle: a pending (transitioning) answer re-asks after RetryInterval; retry re-asks at once",
          "[recovery]")
{
    rc::path_lifecycle p(config(true));
    (void)p.arrive(0);
    p.on_verification(pending, 100);
    CHECK(p.state() == path_state::pending_verification);
    CHECK(p.alua_state() == aas::transitioning);
    CHECK(p.poll(1099) == verification_command::none);
    CHECK(p.poll(1100) == verification_command::report_target_port_groups);
    p.on_verification(retry, 1200);
    CHECK(p.poll(1200) == verification_command::report_target_port_groups);
    p.on_verification(rc::verification_result{checker_state::up, true, aas::active_non_optimized}, 1300);
    CHECK(p.state() == path_state::active);
    CHECK(p.alua_state() == aas::active_non_optimized);
}

TEST_CASE("lifecycle: I/O outcomes", "[recovery]")
{
    rc::path_lifecycle p = healthy(config());
    REQUIRE(p.state() == path_state::active);
    p.on_io({rc::action::retry_other_path, rc::reason::alua_standby, false, rc::retry_delay::immediate,
             rc::path_effect::alua_standby},
            10);
    CHECK(p.state() == path_state::active); // administratively active, ALUA standby
    CHECK(p.alua_state() == aas::standby);
    p.on_io({rc::action::retry_other_path, rc::reason::alua_unavailable, false, rc::retry_delay::immediate,
             rc::path_effect::alua_unavailable},
            11);
    CHECK(p.alua_state() == aas::unavailable);
    p.on_io({rc::action::hold_and_retry, rc::reason::alua_transitioning, false, rc::retry_delay::retry_interval,
             rc::path_effect::alua_transitioning},
            12);
    CHECK(p.alua_state() == aas::transitioning);
    p.on_io({rc::action::refresh_alua_then_retry, rc::reason::alua_state_changed, false, rc::retry_delay::immediate,
             rc::path_effect::alua_changed},
            13);
    CHECK(p.needs_alua_refresh());
    p.on_alua_state(aas::active_optimized, 14);
    CHECK_FALSE(p.needs_alua_refresh());
    CHECK(p.alua_state() == aas::active_optimized);
    p.on_io({rc::action::complete, rc::reason::success, false, rc::retry_delay::immediate, rc::path_effect::path_ok},
            15);
    CHECK(p.state() == path_state::active);
    p.on_io(failed_io, 100);
    CHECK(p.state() == path_state::failed);
    CHECK(p.io_eligibility(100) == eligibility::none);
    CHECK(p.next_check() == 10'100);
    rc::path_lifecycle q = healthy(config());
    q.on_io({rc::action::fail_path_and_retry, rc::reason::lun_not_supported, false, rc::retry_delay::immediate,
             rc::path_effect::lun_unreachable},
            5);
    CHECK(q.state() == path_state::failed);
}

TEST_CASE("lifecycle: an offline target port group fails the path", "[recovery]")
{
    rc::path_lifecycle p = healthy(config(true));
    p.on_alua_state(aas::offline, 50);
    CHECK(p.state() == path_state::failed);
}

TEST_CASE("lifecycle: removal, PDORemovePeriod, return", "[recovery]")
{
    rc::path_lifecycle p = healthy(config());
    p.remove(1000);
    CHECK(p.state() == path_state::pending_removal);
    CHECK(p.io_eligibility(1000) == eligibility::none);
    p.on_verification(up, 1001); // late answers are ignored
    CHECK(p.state() == path_state::pending_removal);
    p.on_io(failed_io, 1002);
    CHECK(p.state() == path_state::pending_removal);
    CHECK(p.poll(20'999) == verification_command::none);
    CHECK(p.state() == path_state::pending_removal);
    CHECK(p.arrive(5000) == verification_command::test_unit_ready); // back in time
    CHECK(p.state() == path_state::pending_verification);
    p.on_verification(up, 5001);
    p.remove(6000);
    CHECK(p.poll(26'000) == verification_command::none);
    CHECK(p.state() == path_state::removed);
    p.remove(30'000); // nothing left to remove
    CHECK(p.state() == path_state::removed);
    CHECK(p.arrive(40'000) == verification_command::test_unit_ready);
}

TEST_CASE("lifecycle: periodic verification of healthy paths (PathVerifyEnabled)", "[recovery]")
{
    rc::path_lifecycle p = healthy(config(false, {}, {}, true));
    CHECK(p.next_check() == 30'000);
    CHECK(p.poll(29'999) == verification_command::none);
    CHECK(p.poll(30'000) == verification_command::test_unit_ready);
    CHECK(p.state() == path_state::active); // in rotation while checked
    CHECK(p.poll(30'001) == verification_command::none);
    p.on_verification(up, 30'010);
    CHECK(p.state() == path_state::active);
    CHECK(p.poll(60'000) == verification_command::test_unit_ready);
    p.on_verification(down, 60'010);
    CHECK(p.state() == path_state::failed);
    // Without PathVerifyEnabled a healthy path is never polled.
    rc::path_lifecycle q = healthy(config());
    CHECK(q.poll(1'000'000) == verification_command::none);
}

TEST_CASE("lifecycle: failback immediate / followover: the preferred path returns to rotation", "[recovery]")
{
    for (const auto fb : {rc::failback_policy::immediate(), rc::failback_policy::followover()}) {
        INFO(rc::to_string(fb.mode));
        rc::path_lifecycle p = healthy(config(false, fb), true);
        CHECK(p.state() == path_state::active);
        p.on_io(failed_io, 100);
        CHECK(p.poll(10'100) == verification_command::test_unit_ready);
        p.on_verification(up, 10'200);
        CHECK(p.state() == path_state::active);
    }
}

TEST_CASE("lifecycle: failback manual holds the preferred path until failback_now()", "[recovery]")
{
    rc::path_lifecycle p = healthy(config(false, rc::failback_policy::manual()), true);
    CHECK(p.state() == path_state::active); // a new path is not a failback
    p.on_io(failed_io, 100);
    (void)p.poll(10'100);
    p.on_verification(up, 10'200);
    CHECK(p.state() == path_state::standby);
    CHECK(p.cause() == standby_cause::failback_hold);
    CHECK(p.io_eligibility(10'200) == eligibility::last_resort);
    CHECK(p.poll(1'000'000) == verification_command::none);
    CHECK(p.state() == path_state::standby);
    p.failback_now();
    CHECK(p.state() == path_state::active);
    // A non-preferred path is never held.
    rc::path_lifecycle n = healthy(config(false, rc::failback_policy::manual()), false);
    n.on_io(failed_io, 100);
    (void)n.poll(10'100);
    n.on_verification(up, 10'200);
    CHECK(n.state() == path_state::active);
}

TEST_CASE("lifecycle: failback deferred by N ticks", "[recovery]")
{
    rc::path_lifecycle p = healthy(config(false, rc::failback_policy::deferred(5000)), true);
    p.on_io(failed_io, 100);
    (void)p.poll(10'100);
    p.on_verification(up, 10'200);
    CHECK(p.state() == path_state::standby);
    CHECK(p.poll(15'199) == verification_command::none);
    CHECK(p.state() == path_state::standby);
    (void)p.poll(15'200);
    CHECK(p.state() == path_state::active);
    // A failure during the hold restarts everything.
    rc::path_lifecycle q = healthy(config(false, rc::failback_policy::deferred(5000)), true);
    q.on_io(failed_io, 100);
    (void)q.poll(10'100);
    q.on_verification(up, 10'200);
    q.on_io(failed_io, 12'000);
    CHECK(q.state() == path_state::failed);
    (void)q.poll(15'200);
    CHECK(q.state() != path_state::active);
}

TEST_CASE("lifecycle: a flaky path stays out of rotation for the recovery time", "[recovery]")
{
    // more than 1 failure per 60 s window -> flaky for 100 s
    rc::path_lifecycle p = healthy(config(false, {}, rc::flaky_config{1, 60'000, 100'000}));
    p.on_io(failed_io, 1000);
    p.on_io(failed_io, 1001); // the same failure seen by another I/O: counted once
    CHECK(p.flaky_state().failures_in_window() == 1);
    (void)p.poll(11'000);
    p.on_verification(up, 11'000);
    CHECK(p.state() == path_state::active);
    p.on_io(failed_io, 12'000); // second failure in the window: flaky until 112'000
    CHECK(p.flaky(12'000));
    (void)p.poll(22'000);
    p.on_verification(up, 22'000);
    CHECK(p.state() == path_state::standby);
    CHECK(p.cause() == standby_cause::flaky);
    CHECK(p.io_eligibility(22'000) == eligibility::last_resort); // used only if nothing else is
    (void)p.poll(111'999);
    CHECK(p.state() == path_state::standby);
    p.activate(); // the administrator cannot override autostandby
    CHECK(p.state() == path_state::standby);
    (void)p.poll(112'000);
    CHECK(p.state() == path_state::active);
    CHECK(p.io_eligibility(112'000) == eligibility::rotation);
}

TEST_CASE("lifecycle: administrator standby and activation", "[recovery]")
{
    rc::path_lifecycle p = healthy(config());
    p.set_standby();
    CHECK(p.state() == path_state::standby);
    CHECK(p.cause() == standby_cause::administrator);
    CHECK(p.io_eligibility(0) == eligibility::last_resort);
    p.failback_now(); // not a failback hold
    CHECK(p.state() == path_state::standby);
    p.activate();
    CHECK(p.state() == path_state::active);
    p.on_io(failed_io, 5);
    p.set_standby(); // a failed path stays failed
    CHECK(p.state() == path_state::failed);
    p.set_preferred(true);
    CHECK(p.preferred());
}

TEST_CASE("lifecycle configuration from MPIO's settings", "[recovery]")
{
    constexpr rc::mpio_timers t = rc::to_ticks(rc::microsoft_defaults, mpio::tick_rate{1000});
    constexpr rc::lifecycle_config c = rc::lifecycle_config::from(t, true, rc::failback_policy::deferred(7));
    STATIC_REQUIRE(c.alua);
    STATIC_REQUIRE(!c.periodic_verification);
    STATIC_REQUIRE(c.verification_period == 30'000);
    STATIC_REQUIRE(c.recovery_interval == 30'000);
    STATIC_REQUIRE(c.pending_poll == 1000);
    STATIC_REQUIRE(c.remove_period == 20'000);
    STATIC_REQUIRE(c.failback.mode == rc::failback_mode::deferred);
    STATIC_REQUIRE(c.failback.defer == 7);
    CHECK(std::string(rc::to_string(eligibility::last_resort)) == "last resort");
}

TEST_CASE("lifecycle: a late verification answer after an I/O failure is ignored", "[recovery]")
{
    rc::path_lifecycle p = healthy(config(false, {}, {}, true));
    CHECK(p.poll(30'000) == verification_command::test_unit_ready);
    p.on_io(failed_io, 30'001);
    CHECK(p.state() == path_state::failed);
    CHECK_FALSE(p.verification_in_flight());
    p.on_verification(up, 30'002); // the TUR sent before the failure
    CHECK(p.state() == path_state::failed);
    p.on_verification(pending, 30'003);
    CHECK(p.next_check() == 40'001); // not shortened to the pending poll
    CHECK(p.poll(40'001) == verification_command::test_unit_ready);
}

TEST_CASE("lifecycle: a preferred path returning after removal is a failback", "[recovery]")
{
    rc::path_lifecycle p = healthy(config(false, rc::failback_policy::manual()), true);
    p.remove(100);
    CHECK(p.arrive(200) == verification_command::test_unit_ready);
    p.on_verification(up, 300);
    CHECK(p.state() == path_state::standby);
    CHECK(p.cause() == standby_cause::failback_hold);
}

TEST_CASE("usable paths: a flaky or held path carries I/O only when no other path is usable", "[recovery]")
{
    const rc::lifecycle_config c = config(false, {}, rc::flaky_config{0, 0, 0});
    rc::path_lifecycle paths[3] = {healthy(c), healthy(c), healthy(c)};
    paths[1].set_standby(); // held out of rotation
    paths[2].on_io(failed_io, 10);
    bool usable[3]{};
    CHECK(rc::usable_paths(paths, 3, 20, usable) == eligibility::rotation);
    CHECK(usable[0]);
    CHECK_FALSE(usable[1]);
    CHECK_FALSE(usable[2]);
    paths[0].on_io(failed_io, 30); // the last path in rotation fails
    CHECK(rc::usable_paths(paths, 3, 40, usable) == eligibility::last_resort);
    CHECK_FALSE(usable[0]);
    CHECK(usable[1]);
    CHECK_FALSE(usable[2]);
    paths[1].remove(50);
    CHECK(rc::usable_paths(paths, 3, 60, usable) == eligibility::none);
    CHECK_FALSE(usable[1]);
    CHECK(rc::usable_paths(nullptr, 3, 60, nullptr) == eligibility::none);
}

TEST_CASE("lifecycle: request_verification verifies a returning failed path at once", "[recovery]")
{
    // Microsoft's defaults: the recovery interval is PathVerificationPeriod
    // (30 s), longer than PDORemovePeriod (20 s).
    rc::lifecycle_config c = config();
    c.recovery_interval = 30'000;
    rc::path_lifecycle p = healthy(c);
    p.on_io(failed_io, 1000);
    CHECK(p.state() == path_state::failed);
    CHECK(p.next_check() == 31'000);
    CHECK(p.poll(5000) == verification_command::none); // the timer alone waits 30 s
    // The link is back at 5 s: verify now, not at 31 s.
    CHECK(p.request_verification(5000) == verification_command::test_unit_ready);
    CHECK(p.state() == path_state::pending_verification);
    CHECK(p.verification_in_flight());
    CHECK(p.request_verification(5001) == verification_command::none); // one at a time
    CHECK(p.poll(5002) == verification_command::none);
    p.on_verification(up, 5100);
    CHECK(p.state() == path_state::active);
    CHECK(p.io_eligibility(5100) == eligibility::rotation);

    // Still down: failed again, the recovery interval counts from this answer.
    p.on_io(failed_io, 6000);
    CHECK(p.request_verification(7000) == verification_command::test_unit_ready);
    p.on_verification(down, 7100);
    CHECK(p.state() == path_state::failed);
    CHECK(p.next_check() == 37'100);

    // An ALUA path is verified with RTPG.
    rc::path_lifecycle a = healthy(config(true));
    a.on_io(failed_io, 10);
    CHECK(a.request_verification(20) == verification_command::report_target_port_groups);
}

TEST_CASE("lifecycle: request_verification on present, removed and pending-removal paths", "[recovery]")
{
    rc::path_lifecycle never(config());
    CHECK(never.request_verification(0) == verification_command::none); // not reported by the OS
    CHECK(never.state() == path_state::removed);

    rc::path_lifecycle p = healthy(config());
    p.remove(100);
    CHECK(p.request_verification(200) == verification_command::none); // the OS must report it: arrive()
    CHECK(p.state() == path_state::pending_removal);
    CHECK(p.arrive(300) == verification_command::test_unit_ready);
    CHECK(p.request_verification(301) == verification_command::none); // the arrival's command is in flight
    p.on_verification(up, 400);

    // A healthy path may be checked on demand; a down answer fails it.
    CHECK(p.request_verification(1000) == verification_command::test_unit_ready);
    CHECK(p.state() == path_state::active);
    p.on_verification(down, 1100);
    CHECK(p.state() == path_state::failed);

    // With periodic verification, the next periodic check counts from the
    // requested one.
    rc::path_lifecycle q = healthy(config(false, {}, {}, true));
    CHECK(q.request_verification(5000) == verification_command::test_unit_ready);
    CHECK(q.next_check() == 35'000);
    q.on_verification(up, 5100);
    CHECK(q.poll(34'999) == verification_command::none);
    CHECK(q.poll(35'000) == verification_command::test_unit_ready);
}

TEST_CASE("lifecycle: request_verification is usable at compile time", "[recovery]")
{
    constexpr path_state s = [] {
        rc::path_lifecycle p = healthy(config());
        p.on_io(failed_io, 10);
        (void)p.request_verification(20);
        p.on_verification(up, 30);
        return p.state();
    }();
    STATIC_REQUIRE(s == path_state::active);
}

TEST_CASE("other_usable_path: another path in service whose group is active", "[recovery]")
{
    const rc::lifecycle_config c = config(true, {}, rc::flaky_config{0, 0, 0});
    rc::path_lifecycle paths[3] = {healthy(c), healthy(c), healthy(c)};
    // No ALUA state read yet: counts as active.
    CHECK(paths[0].in_active_group());
    CHECK(rc::other_usable_path(paths, 3, 0, 10));
    paths[0].on_alua_state(aas::active_optimized, 10);
    paths[1].on_alua_state(aas::standby, 10);
    paths[2].on_alua_state(aas::active_non_optimized, 10);
    CHECK(paths[0].in_active_group());
    CHECK_FALSE(paths[1].in_active_group());
    CHECK(paths[2].in_active_group());
    CHECK(rc::other_usable_path(paths, 3, 0, 20));       // path 2
    CHECK(rc::other_usable_path(paths, 3, 2, 20));       // path 0
    paths[2].on_io(failed_io, 30);                       // the non-optimized path fails
    CHECK_FALSE(rc::other_usable_path(paths, 3, 0, 40)); // only a standby path is left
    CHECK(rc::other_usable_path(paths, 3, 1, 40));       // from path 1: path 0 is there
    // A held (last resort) path still counts: MPIO uses it rather than failing.
    paths[2].on_alua_state(aas::logical_block_dependent, 50);
    (void)paths[2].request_verification(50);
    paths[2].on_verification(rc::verification_result{checker_state::up, true, aas::logical_block_dependent}, 60);
    paths[2].set_standby();
    CHECK(paths[2].io_eligibility(70) == eligibility::last_resort);
    CHECK(rc::other_usable_path(paths, 3, 0, 70));
    // Transitioning, unavailable and offline groups do not carry I/O.
    paths[2].on_alua_state(aas::transitioning, 80);
    CHECK_FALSE(rc::other_usable_path(paths, 3, 0, 80));
    paths[2].on_alua_state(aas::unavailable, 80);
    CHECK_FALSE(rc::other_usable_path(paths, 3, 0, 80));
    // "Any path at all": self out of range.
    CHECK(rc::other_usable_path(paths, 3, 3, 80));
    paths[0].remove(90);
    CHECK_FALSE(rc::other_usable_path(paths, 3, 3, 90));
    CHECK_FALSE(rc::other_usable_path(nullptr, 3, 0, 90));
}

TEST_CASE("other_usable_path feeds interpret_context at compile time", "[recovery]")
{
    constexpr bool alone = [] {
        const rc::lifecycle_config c = config(true);
        rc::path_lifecycle p[2] = {healthy(c), healthy(c)};
        p[1].on_alua_state(aas::standby, 1);
        return !rc::other_usable_path(p, 2, 0, 2);
    }();
    STATIC_REQUIRE(alone);
}

TEST_CASE("lifecycle: a failed path announced again by the OS (arrive) is verified at once", "[recovery]")
{
    rc::lifecycle_config c = config();
    c.recovery_interval = 30'000;
    rc::path_lifecycle p = healthy(c);
    p.on_io(failed_io, 1000);
    CHECK(p.arrive(2000) == verification_command::test_unit_ready);
    CHECK(p.state() == path_state::pending_verification);
    CHECK(p.arrive(2001) == verification_command::none); // in flight
    p.on_verification(up, 2100);
    CHECK(p.state() == path_state::active);
    CHECK(p.arrive(3000) == verification_command::none); // present and healthy: nothing to do
    CHECK(p.state() == path_state::active);
}

} // namespace test_recovery_path_lifecycle_test
