// SPDX-License-Identifier: MIT
#include <mpio/policy/dm_queue_length.hpp>
#include <mpio/policy/dm_round_robin.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_dm_queue_length_test {

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;
using selector_checks::io_at;
using selector_checks::sequence;

TEMPLATE_TEST_CASE("dm_queue_length: the path with the fewest I/Os in flight, ties take turns",
                   "[policy][dm_queue_length]", single_thread, concurrent)
{
    selector_checks::check_common_rules<dm_queue_length<8, TestType>>();
    dm_queue_length<8, TestType> ql;
    policy_sim::add_paths(ql, 3);
    CHECK(sequence(ql, 6) == std::vector<int>{0, 1, 2, 0, 1, 2}); // all idle: turns
    const io_request io = io_at(0);
    ql.start(0, io);
    ql.start(0, io);
    ql.start(1, io);
    CHECK(*ql.select(io) == 2);
    ql.start(2, io);
    ql.start(2, io);
    CHECK(*ql.select(io) == 1);
    // No ALUA tiers: an idle A/N path beats a busy A/O one.
    REQUIRE(ql.set_alua_state(1, asymmetric_access_state::active_non_optimized));
    CHECK(*ql.select(io) == 1);
    REQUIRE(ql.fail_path(1)); // mid-stream: its I/O still completes
    CHECK(*ql.select(io) != 1);
    ql.complete(1, io, 1, io_status::path_error);
    ql.complete(0, io, 1, io_status::success);
    ql.complete(0, io, 1, io_status::success);
    CHECK(*ql.select(io) == 0);
    ql.complete(2, io, 1, io_status::success);
    ql.complete(2, io, 1, io_status::success);
    for (slot_index s = 0; s < 3; ++s) CHECK(ql.requests_in_flight(s) == 0);
    REQUIRE(ql.fail_path(0));
    REQUIRE(ql.fail_path(2));
    CHECK(ql.select(io).error() == errc::no_usable_path);
}

TEMPLATE_TEST_CASE("dm_queue_length: the faster path gets more I/O (1:4 service times, 1,000,000 I/Os)",
                   "[policy][dm_queue_length]", single_thread, concurrent)
{
    dm_queue_length<2, TestType> ql;
    policy_sim::add_paths(ql, 2);
    const mpio::tick service[] = {1, 4};
    policy_sim::closed_loop sim(ql, service, 2, 16);
    sim.run(1'000'000);
    sim.drain();
    INFO("fast " << sim.sent[0] << " slow " << sim.sent[1]);
    CHECK(sim.no_path == 0);
    CHECK(sim.sent[0] + sim.sent[1] == 1'000'000);
    CHECK(sim.sent[0] > 3 * sim.sent[1]); // round-robin would give 1:1
    CHECK(ql.requests_in_flight(0) == 0);
    CHECK(ql.requests_in_flight(1) == 0);
    // The reference: plain round-robin in the same loop takes longer.
    dm_round_robin<2, TestType> rr;
    policy_sim::add_paths(rr, 2);
    policy_sim::closed_loop rr_sim(rr, service, 2, 16);
    rr_sim.run(1'000'000);
    rr_sim.drain();
    CHECK(rr_sim.sent[0] == rr_sim.sent[1]);
    CHECK(sim.now * 3 < rr_sim.now * 2); // at least 1.5x the throughput
}

TEST_CASE("concurrent: dm queue-length under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<dm_queue_length<8, concurrent>>();
}

// issue 18: ql_select_path (dm-ps-queue-length.c, torvalds/linux 3bd940030752)
// scans its list from the head and moves the chosen path to the tail, so on
// equal queue lengths the least recently used path wins; reinstated paths go
// to the tail (ql_reinstate_path: list_move_tail). The single-thread variant
// gives the kernel's choice (after the kernel's source).
TEST_CASE("dm_queue_length, single_thread: equal queues go to the least recently used path",
          "[policy][dm_queue_length]")
{
    dm_queue_length<8> ql;
    policy_sim::add_paths(ql, 2);
    const io_request io = io_at(0);
    CHECK(*ql.select(io) == 0); // list [1 0]
    ql.start(0, io);
    CHECK(*ql.select(io) == 1); // list [0 1]
    ql.start(1, io);
    ql.complete(1, io, 1, io_status::success);
    CHECK(*ql.select(io) == 1); // the shorter queue; list [0 1]
    ql.start(1, io);
    CHECK(*ql.select(io) == 0); // both at 1: p0, used less recently (mpio before issue 18: p1)
    ql.start(0, io);
    CHECK(*ql.select(io) == 1); // 2 : 1
}

TEST_CASE("dm_queue_length, single_thread: a reinstated path goes to the tail", "[policy][dm_queue_length]")
{
    dm_queue_length<8> ql;
    policy_sim::add_paths(ql, 3);  // list [0 1 2], all idle
    REQUIRE(ql.fail_path(0));      // [1 2]
    REQUIRE(ql.reinstate_path(0)); // [1 2 0]
    CHECK(sequence(ql, 4) == std::vector<int>{1, 2, 0, 1});
    // The first idle path in list order ends the scan, wherever it is.
    const io_request io = io_at(0);
    ql.start(1, io);            // list [2 0 1]
    ql.start(2, io);            // queues 0 / 1 / 1
    CHECK(*ql.select(io) == 0); // list [2 1 0]
    ql.start(0, io);
    ql.complete(1, io, 1, io_status::success); // queues 1 / 0 / 1
    CHECK(*ql.select(io) == 1);
    ql.complete(0, io, 1, io_status::success);
    ql.complete(2, io, 1, io_status::success);
}

// The concurrent variant keeps no list: equal queues take turns by a
// rotating scan start over the slot order (dm_queue_length.hpp), not least
// recently used. The case: the kernel's p0, here p1.
TEST_CASE("concurrent: dm_queue_length, concurrent variant: ties by rotating start, not least recently used",
          "[policy][dm_queue_length][concurrent]")
{
    dm_queue_length<8, concurrent> ql;
    policy_sim::add_paths(ql, 2);
    const io_request io = io_at(0);
    CHECK(*ql.select(io) == 0); // scan from entry 0
    ql.start(0, io);
    CHECK(*ql.select(io) == 1); // from entry 1
    ql.start(1, io);
    ql.complete(1, io, 1, io_status::success);
    CHECK(*ql.select(io) == 1); // from entry 0: the shorter queue wins anyway
    ql.start(1, io);
    CHECK(*ql.select(io) == 1); // both at 1, from entry 1: p1 (the kernel: p0)
    ql.start(1, io);
    ql.complete(0, io, 1, io_status::success);
    ql.complete(1, io, 1, io_status::success);
    ql.complete(1, io, 1, io_status::success);
    CHECK(ql.requests_in_flight(0) == 0);
    CHECK(ql.requests_in_flight(1) == 0);
}

} // namespace test_policy_dm_queue_length_test
