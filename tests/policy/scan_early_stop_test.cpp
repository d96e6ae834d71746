// SPDX-License-Identifier: MIT
// Issue 15: dm_service_time and vmw_round_robin_latency end their scans
// early (an idle path when every present path has one relative throughput;
// a cost at the smallest latency). These cases would choose differently if
// the early stop were taken where it must not be.
#include <mpio/policy/dm_service_time.hpp>
#include <mpio/policy/vmw_round_robin_latency.hpp>

#include <catch2/catch.hpp>

#include "policy_sim.hpp"
#include "selector_checks.hpp"

namespace test_policy_scan_early_stop_test {

using namespace mpio::policy;
using selector_checks::io_at;

namespace {
path_attributes with_throughput(std::uint8_t tp)
{
    path_attributes a;
    a.relative_throughput = tp;
    return a;
}
} // namespace

TEMPLATE_TEST_CASE("dm_service_time: the idle-path stop follows the throughputs through path events",
                   "[policy][dm_service_time]", single_thread, concurrent)
{
    dm_service_time<4, TestType> st;
    REQUIRE(st.add_path(0, with_throughput(1)));
    REQUIRE(st.add_path(1, with_throughput(1)));
    REQUIRE(st.add_path(2, with_throughput(100)));
    const io_request io = io_at(0, 4096);
    // Every path idle, throughputs differ: st_compare_load's case 2, the
    // fastest path, wherever the scan starts (an idle-path stop would take
    // the first idle path it meets).
    for (int i = 0; i < 6; ++i) CHECK(*st.select(io) == 2);
    // The fast path failed: one of the slow idle paths.
    REQUIRE(st.fail_path(2));
    const slot_index a = *st.select(io);
    CHECK(a != 2);
    // Removed: one throughput left, fewer bytes wins.
    REQUIRE(st.remove_path(2));
    st.start(0, io_at(0, 8192));
    CHECK(*st.select(io) == 1);
    CHECK(*st.select(io) == 1);
    // Added back with throughput 100: path 2 beats idle path 1 by case 2
    // and path 0 by case 3; a stop at idle path 1 would miss it.
    REQUIRE(st.add_path(2, with_throughput(100)));
    CHECK(*st.select(io) == 2);
    st.complete(0, io_at(0, 8192), 1, io_status::success);
}

TEMPLATE_TEST_CASE("vmw_round_robin_latency: the latency floor never hides a cheaper path", "[policy][vmw_rr_latency]",
                   single_thread, concurrent)
{
    vmw_round_robin_latency<4, TestType> rr;
    REQUIRE(rr.set_latency_eval_time(10'000));
    policy_sim::add_paths(rr, 3);
    // One window: path 0 answers in 6 ticks, path 1 in 3, path 2 in 9.
    do {
        const io_request io = io_at(0, 4096, 100);
        const slot_index s = *rr.select(io);
        rr.start(s, io);
        rr.complete(s, io, s == 0 ? 6 : (s == 1 ? 3 : 9), io_status::success);
    } while (rr.sampling());
    CHECK(rr.latency(1) < rr.latency(0));
    CHECK(rr.latency(0) < rr.latency(2));
    // Path 1 (the floor) busy with 2 I/Os: cost 3 x latency(1) against
    // path 0's latency(0) idle; every scan start gives the true minimum.
    const io_request io = io_at(0, 4096, 200);
    rr.start(1, io);
    rr.start(1, io);
    const std::uint64_t c0 = rr.latency(0), c1 = 3u * rr.latency(1), c2 = rr.latency(2);
    const slot_index best = c1 < c0 ? 1 : 0;
    REQUIRE(c2 > c0);
    for (int i = 0; i < 6; ++i) CHECK(*rr.select(io) == best);
    rr.complete(1, io, 1, io_status::success);
    rr.complete(1, io, 1, io_status::success);
    // Idle again: path 1 at the floor, from every start.
    for (int i = 0; i < 6; ++i) CHECK(*rr.select(io) == 1);
}

} // namespace test_policy_scan_early_stop_test
