// SPDX-License-Identifier: MIT
// Tests of the simulator's own pieces: the event queue, the random numbers,
// deterministic replay, the invariant checker catching a deliberate bug.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "event_queue.hpp"
#include "rng.hpp"
#include "sim.hpp"

using namespace mpio_sim;

TEST_CASE("event queue: by time, then in scheduling order", "[sim]")
{
    event_queue q;
    q.push(50, 1);
    q.push(10, 2);
    q.push(50, 3);
    q.push(10, 4);
    q.push(0, 5);
    q.push(50, 6);
    const std::uint32_t want[] = {5, 2, 4, 1, 3, 6};
    for (const std::uint32_t k : want) {
        REQUIRE_FALSE(q.empty());
        CHECK(q.pop().kind == k);
    }
    CHECK(q.empty());
}

TEST_CASE("event queue: many events with equal times keep FIFO order", "[sim]")
{
    event_queue q;
    rng r{7};
    for (std::uint32_t i = 0; i < 2000; ++i) q.push(r.below(20), i);
    std::uint64_t last_at = 0;
    std::uint64_t last_seq = 0;
    bool first = true;
    while (!q.empty()) {
        const event e = q.pop();
        if (!first) {
            REQUIRE(e.at >= last_at);
            if (e.at == last_at) REQUIRE(e.seq > last_seq);
        }
        first = false;
        last_at = e.at;
        last_seq = e.seq;
    }
}

TEST_CASE("rng: fixed values for a seed (same on every platform)", "[sim]")
{
    rng a{1};
    rng b{1};
    for (int i = 0; i < 100; ++i) REQUIRE(a.next() == b.next());
    rng c{42};
    // Golden values: xoshiro256** seeded by splitmix64 is integer-only, so
    // these hold on x86-64, s390x and any other platform.
    const std::uint64_t first = c.next();
    rng d{42};
    CHECK(d.next() == first);
    CHECK(first == 0x15780B2E0C2EC716ull);
}

TEST_CASE("rng: below() stays in range, exponential() has about the mean", "[sim]")
{
    rng r{3};
    std::uint64_t sum = 0;
    for (int i = 0; i < 100000; ++i) {
        REQUIRE(r.below(7) < 7);
        sum += r.exponential(1000);
    }
    const std::uint64_t mean = sum / 100000;
    CHECK(mean > 950);
    CHECK(mean < 1050);
    CHECK(r.below(0) == 0);
    CHECK(r.range(5, 5) == 5);
}

namespace {
config small(std::uint64_t seed)
{
    config c;
    apply_timer_profile(c, "fast");
    c.seed = seed;
    c.policy = "RR";
    c.ios = 20000;
    c.iops = 2000;
    c.paths = 4;
    c.lus = 6;
    c.trace_events = 32;
    for (int i = 0; i < fault_kind_count; ++i) c.random_kinds.push_back(static_cast<fault_kind>(i));
    c.fault_gap_us = 300 * us_per_ms;
    c.min_faults = 40;
    return c;
}
} // namespace

TEST_CASE("replay: the same seed gives the same trace hash, another seed another", "[sim]")
{
    const run_result a = run(small(11));
    const run_result b = run(small(11));
    const run_result c = run(small(12));
    REQUIRE(a.ok);
    CHECK(a.trace_hash == b.trace_hash);
    CHECK(a.submitted == b.submitted);
    CHECK(a.completed_ok == b.completed_ok);
    CHECK(a.sim_time == b.sim_time);
    CHECK(a.trace_hash != c.trace_hash);
}

TEST_CASE("all fault kinds: every invariant holds for every policy", "[sim]")
{
    const std::vector<std::string> policies = available_policies();
    REQUIRE(policies.size() >= 6);
    for (const std::string& p : policies) {
        config c = small(5);
        c.policy = p;
        const run_result r = run(c);
        INFO(p << ": " << r.violation);
        CHECK(r.ok);
        CHECK(r.submitted >= 20000);
        CHECK(r.completed_ok + r.failed == r.submitted);
        CHECK(r.faults >= 40);
    }
}

TEST_CASE("the policy list comes from the catalog: MSDSM's six are there", "[sim]")
{
    const std::vector<std::string> p = available_policies();
    for (const char* want : {"FOO", "RR", "RRWS", "LQD", "WP", "LB"})
        CHECK(std::find(p.begin(), p.end(), std::string(want)) != p.end());
    CHECK(std::find(p.begin(), p.end(), std::string("VS")) == p.end());
}

TEST_CASE("a selector that keeps using a failed path is caught, with the seed and the trace", "[sim]")
{
    config c = small(77);
    c.random_kinds = {fault_kind::path_down};
    c.inject_sticky_selector_bug = true;
    const run_result r = run(c);
    INFO(r.violation);
    REQUIRE_FALSE(r.ok);
    CHECK(r.violation.find("whose failure was acknowledged") != std::string::npos);
    CHECK(r.violation.find("seed 77") != std::string::npos);
    CHECK(r.violation.find("last 32 events") != std::string::npos);
    CHECK(r.violation.find("lifecycle active -> failed") != std::string::npos); // the acknowledgement, in the trace
}

TEST_CASE("all paths down: shorter than PDORemovePeriod loses nothing, longer fails the queued I/O", "[sim]")
{
    config c = small(9);
    c.random_kinds.clear();
    c.min_faults = 0;
    c.ios = 8000;
    scripted_fault f;
    f.at = 2 * us_per_s;
    f.kind = fault_kind::apd_short;
    f.duration = 600 * us_per_ms; // PDORemovePeriod 2 s, recovery interval 3 s
    c.script = {f};
    const run_result shorter = run(c);
    INFO(shorter.violation);
    REQUIRE(shorter.ok);
    CHECK(shorter.failed == 0);
    CHECK(shorter.failbacks_checked > 0);

    f.kind = fault_kind::apd_long;
    f.duration = 3 * us_per_s;
    c.script = {f};
    const run_result longer = run(c);
    INFO(longer.violation);
    REQUIRE(longer.ok);
    CHECK(longer.failed > 0);
    // Counted by the recovery layer's own verdict, reason::no_usable_path.
    CHECK(longer.failed_no_path == longer.failed);
}

TEST_CASE("controller failover and standby-only groups go through RTPG and STPG", "[sim]")
{
    config c = small(3);
    c.random_kinds.clear();
    c.min_faults = 0;
    c.ios = 10000;
    scripted_fault f;
    f.at = 1 * us_per_s;
    f.kind = fault_kind::controller_failover;
    scripted_fault g;
    g.at = 3 * us_per_s;
    g.kind = fault_kind::standby_only;
    g.lu = 1; // LU 1: active/standby
    c.script = {f, g};
    const run_result r = run(c);
    INFO(r.violation);
    REQUIRE(r.ok);
    CHECK(r.failed == 0);
    CHECK(r.rtpg_sent > 0);
    CHECK(r.stpg_sent > 0);
}

TEST_CASE("a host that fails I/O up on a path error is caught while another path is usable", "[sim]")
{
    config c = small(21);
    c.random_kinds = {fault_kind::path_down, fault_kind::hung_path};
    c.inject_fail_on_path_error = true;
    const run_result r = run(c);
    INFO(r.violation);
    REQUIRE_FALSE(r.ok);
    CHECK(r.violation.find("was usable") != std::string::npos);
    CHECK(r.violation.find("seed 21") != std::string::npos);
}

TEST_CASE("a recovery interval longer than the verification period breaks the failback invariant", "[sim]")
{
    config c = small(4);
    c.random_kinds.clear();
    c.min_faults = 0;
    c.inject_timer_only_recovery = true;                       // the return is found by the recovery timer alone
    c.path_recovery_interval = 3 * c.path_verification_period; // re-verified too late
    scripted_fault f;
    f.at = 1 * us_per_s;
    f.kind = fault_kind::path_down;
    f.path = 0; // the preferred path
    f.duration = 500 * us_per_ms;
    c.script = {f};
    const run_result r = run(c);
    INFO(r.violation);
    REQUIRE_FALSE(r.ok);
    CHECK(r.violation.find("not failed back within one verification period") != std::string::npos);

    c.path_recovery_interval = c.path_verification_period; // Microsoft's default: fine
    const run_result fine = run(c);
    INFO(fine.violation);
    CHECK(fine.ok);
    CHECK(fine.failbacks_checked > 0);

    // With request_verification on the link's return the long interval does
    // not matter for a path that comes back.
    c.inject_timer_only_recovery = false;
    c.path_recovery_interval = 3 * c.path_verification_period;
    const run_result verified = run(c);
    INFO(verified.violation);
    CHECK(verified.ok);
    CHECK(verified.failbacks_checked > 0);
}

TEST_CASE("Microsoft's default timers: a short all-paths-down outage needs verification on the paths' return", "[sim]")
{
    // fast = Microsoft's defaults / 10: recovery interval = verification
    // period 3 s > PDORemovePeriod 2 s.
    config c = small(9);
    c.random_kinds.clear();
    c.min_faults = 0;
    c.ios = 8000;
    REQUIRE(c.path_recovery_interval == c.path_verification_period);
    REQUIRE(c.path_recovery_interval > c.pdo_remove_period);
    scripted_fault f;
    f.at = 2 * us_per_s;
    f.kind = fault_kind::apd_short;
    f.duration = 1500 * us_per_ms; // shorter than PDORemovePeriod, but no recovery tick lands within it
    c.script = {f};
    const run_result verified = run(c);
    INFO(verified.violation);
    REQUIRE(verified.ok);
    CHECK(verified.failed == 0);

    c.inject_timer_only_recovery = true; // the gap the simulator used to work around
    const run_result timers_only = run(c);
    INFO(timers_only.violation);
    REQUIRE(timers_only.ok);
    CHECK(timers_only.failed > 0);
    CHECK(timers_only.failed_no_path == timers_only.failed);
}

TEST_CASE("flapping makes paths flaky (autostandby) and path-down removes some", "[sim]")
{
    config c = small(8);
    c.random_kinds = {fault_kind::flapping, fault_kind::path_down};
    c.min_faults = 60;
    const run_result r = run(c);
    INFO(r.violation);
    REQUIRE(r.ok);
    CHECK(r.path_failures > 0);
    CHECK(r.flaky_holds > 0);
    CHECK(r.removals > 0);
}

TEST_CASE("a host that never verifies failed paths again is caught (I/O failing, or no failback)", "[sim]")
{
    config c = small(13);
    c.random_kinds = {fault_kind::path_down, fault_kind::hung_path, fault_kind::flapping};
    c.inject_no_reverification = true; // neither on the timer nor on the link's return
    const run_result r = run(c);
    INFO(r.violation);
    REQUIRE_FALSE(r.ok);
    // Whichever invariant the bug breaks first: an I/O fails while a path
    // had been working for longer than a recovery check, or the preferred
    // path is not back in service within a verification period.
    CHECK((r.violation.find("had been working for") != std::string::npos ||
           r.violation.find("not failed back within one verification period") != std::string::npos));
    CHECK(r.violation.find("seed 13") != std::string::npos);
}

namespace {
config sim_ana_run(fault_kind k, int lu, int path, tick duration)
{
    config c = small(7);
    c.random_kinds.clear();
    c.min_faults = 0;
    c.ios = 8000;
    c.print_trace = true;
    c.trace_events = 200000; // the whole run
    scripted_fault f;
    f.at = 1 * us_per_s;
    f.kind = k;
    f.lu = lu;
    f.path = path;
    f.duration = duration;
    c.script = {f};
    return c;
}
bool sim_trace_has(const run_result& r, const std::string& s) { return r.trace.find(s) != std::string::npos; }
} // namespace

TEST_CASE("ANA change within 2 x ANATT: no reset, outlasting it: the ANATT timer resets the controller", "[sim]")
{
    // fast timers: ANATT 1 "second" of 100 ms, so the timer runs 200 ms.
    const run_result quick = run(sim_ana_run(fault_kind::ana_change, 0, -1, 100 * us_per_ms));
    INFO(quick.violation);
    REQUIRE(quick.ok);
    CHECK(quick.failed == 0);
    CHECK(quick.anatt_resets == 0);
    CHECK(sim_trace_has(quick, "controller A ANA log: 1 group(s) in change"));
    CHECK(sim_trace_has(quick, "controller A ANA log: 0 group(s) in change")); // disarmed when it ends
    CHECK(sim_trace_has(quick, "RTPG: group 1 transitioning, group 2 transitioning"));
    // LU 0 was optimized on controller A; after the change it is optimized on B.
    CHECK(sim_trace_has(quick, "RTPG: group 1 active/non-optimized, group 2 active/optimized"));
    CHECK_FALSE(sim_trace_has(quick, "reset: ANATT expired"));

    const run_result stuck = run(sim_ana_run(fault_kind::ana_change, 0, -1, 500 * us_per_ms));
    INFO(stuck.violation);
    REQUIRE(stuck.ok);
    CHECK(stuck.anatt_resets >= 2); // both controllers' timers (both groups were in change)
    CHECK(sim_trace_has(stuck, "controller A reset: ANATT expired"));
    CHECK(sim_trace_has(stuck, "controller B reset: ANATT expired"));
    CHECK(sim_trace_has(stuck, "controller A live again after the reset"));
    CHECK(sim_trace_has(stuck, "RTPG: group 1 active/non-optimized, group 2 active/optimized"));
}

TEST_CASE("ANA persistent loss fails the group's paths through the offline state, a group move changes the "
          "optimized controller",
          "[sim]")
{
    const run_result loss = run(sim_ana_run(fault_kind::ana_persistent_loss, 0, 0, 1 * us_per_s));
    INFO(loss.violation);
    REQUIRE(loss.ok);
    CHECK(loss.failed == 0);
    CHECK(loss.anatt_resets == 0);
    CHECK(sim_trace_has(loss, "RTPG: group 1 offline, group 2 active/non-optimized"));
    CHECK(sim_trace_has(loss, "LU 0 path 0 lifecycle active -> failed"));

    const run_result move = run(sim_ana_run(fault_kind::ana_group_move, 3, -1, 1 * us_per_s));
    INFO(move.violation);
    REQUIRE(move.ok);
    CHECK(move.failed == 0);
    CHECK(move.anatt_resets == 0);
    // LU 3 is owned by controller B: B becomes inaccessible (unavailable), A optimized, then B non-optimized.
    CHECK(sim_trace_has(move, "RTPG: group 1 active/optimized, group 2 unavailable"));
    CHECK(sim_trace_has(move, "RTPG: group 1 active/optimized, group 2 active/non-optimized"));
}

TEST_CASE("ANA fault kinds alone: every invariant holds for every policy", "[sim]")
{
    for (const std::string& p : available_policies()) {
        config c = small(9);
        c.policy = p;
        c.random_kinds = {fault_kind::ana_change, fault_kind::ana_persistent_loss, fault_kind::ana_group_move};
        c.min_faults = 30;
        const run_result r = run(c);
        INFO(p << ": " << r.violation);
        CHECK(r.ok);
        CHECK(r.completed_ok + r.failed == r.submitted);
        CHECK(r.faults_by_kind[static_cast<int>(fault_kind::ana_change)] != 0);
        CHECK(r.faults_by_kind[static_cast<int>(fault_kind::ana_persistent_loss)] != 0);
        CHECK(r.faults_by_kind[static_cast<int>(fault_kind::ana_group_move)] != 0);
        CHECK(r.ana_log_reads != 0);
    }
}
