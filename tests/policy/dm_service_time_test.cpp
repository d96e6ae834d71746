// SPDX-License-Identifier: MIT
#include <mpio/policy/dm_service_time.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

using namespace mpio::policy;
using selector_checks::io_at;
using selector_checks::sequence;

namespace {
path_attributes throughput(std::uint8_t tp)
{
    path_attributes a;
    a.relative_throughput = tp;
    return a;
}
} // namespace

TEMPLATE_TEST_CASE("dm_service_time: st_compare_load's four cases", "[policy][dm_service_time]", single_thread,
                   concurrent)
{
    selector_checks::check_common_rules<dm_service_time<8, TestType>>();
    dm_service_time<8, TestType> st;
    CHECK(st.add_path(0, throughput(101)).error() == mpio::errc::invalid_argument);
    REQUIRE(st.add_path(0, throughput(50)));
    REQUIRE(st.add_path(1, throughput(100)));
    const io_request io = io_at(0, 4096);
    // 2a: equal load -> the higher throughput.
    CHECK(*st.select(io) == 1);
    // 3: (0 + 4096) * 100 vs (4096 + 4096) * 50: equal -> 4: the higher throughput.
    st.start(1, io);
    CHECK(*st.select(io) == 1);
    // 3: one byte more on the fast path tips it.
    const io_request one = io_at(0, 1);
    st.start(1, one);
    CHECK(*st.select(io) == 0);
    st.complete(1, one, 1, io_status::success);
    st.complete(1, io, 1, io_status::success);
    // 1: equal throughput -> fewer bytes in flight.
    REQUIRE(st.add_path(2, throughput(100)));
    st.start(1, io);
    CHECK(*st.select(io) == 2);
    st.complete(1, io, 1, io_status::success);
    CHECK(st.bytes_in_flight(1) == 0);
}

TEMPLATE_TEST_CASE("dm_service_time: relative throughput 0 only when nothing else is usable",
                   "[policy][dm_service_time]", single_thread, concurrent)
{
    dm_service_time<4, TestType> st;
    REQUIRE(st.add_path(0, throughput(0)));
    REQUIRE(st.add_path(1, throughput(1)));
    const io_request big = io_at(0, 1u << 30);
    for (int i = 0; i < 3; ++i) st.start(1, big); // 3 GiB in flight on the slow path
    CHECK(*st.select(io_at(0)) == 1);             // still not the idle throughput-0 path
    REQUIRE(st.fail_path(1));
    CHECK(*st.select(io_at(0)) == 0); // now it is used
    REQUIRE(st.reinstate_path(1));
    CHECK(*st.select(io_at(0)) == 1);
    for (int i = 0; i < 3; ++i) st.complete(1, big, 1, io_status::success);
    // Two paths at 0: the less loaded one (case 1).
    REQUIRE(st.add_path(2, throughput(0)));
    REQUIRE(st.remove_path(1));
    st.start(0, io_at(0));
    CHECK(*st.select(io_at(0)) == 2);
    st.complete(0, io_at(0), 1, io_status::success);
    // Maximum throughput and sizes near 4 GiB: 64-bit products, no overflow.
    dm_service_time<4, TestType> max;
    REQUIRE(max.add_path(0, throughput(100)));
    REQUIRE(max.add_path(1, throughput(99)));
    const io_request huge = io_at(0, 0xFFFF'FFFFu);
    max.start(0, huge);
    CHECK(*max.select(huge) == 1); // (2^32-1 + 2^32-1) * 99 > (0 + 2^32-1) * 100
    max.complete(0, huge, 1, io_status::success);
    CHECK(*max.select(huge) == 0);
}

TEMPLATE_TEST_CASE("dm_service_time: the faster path gets more I/O (1:4 service times, 1,000,000 I/Os)",
                   "[policy][dm_service_time]", single_thread, concurrent)
{
    dm_service_time<2, TestType> st;
    policy_sim::add_paths(st, 2);
    const mpio::tick service[] = {1, 4};
    policy_sim::closed_loop sim(st, service, 2, 16);
    sim.run(1'000'000);
    sim.drain();
    INFO("fast " << sim.sent[0] << " slow " << sim.sent[1]);
    CHECK(sim.no_path == 0);
    CHECK(sim.sent[0] > 3 * sim.sent[1]);
    CHECK(st.bytes_in_flight(0) == 0);
    CHECK(st.bytes_in_flight(1) == 0);
    // Telling it the speeds (4:1 relative throughput) shifts even more to the fast path.
    dm_service_time<2, TestType> told;
    REQUIRE(told.add_path(0, throughput(100)));
    REQUIRE(told.add_path(1, throughput(25)));
    policy_sim::closed_loop told_sim(told, service, 2, 16);
    told_sim.run(1'000'000);
    INFO("told: fast " << told_sim.sent[0] << " slow " << told_sim.sent[1]);
    CHECK(told_sim.sent[0] > 3 * told_sim.sent[1]);
    CHECK(told_sim.now <= sim.now + sim.now / 50);
}

TEST_CASE("concurrent: dm service-time under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<dm_service_time<8, concurrent>>();
}
