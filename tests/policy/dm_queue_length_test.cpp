// SPDX-License-Identifier: MIT
#include <mpio/policy/dm_queue_length.hpp>
#include <mpio/policy/dm_round_robin.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

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
