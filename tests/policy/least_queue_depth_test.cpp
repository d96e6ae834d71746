// SPDX-License-Identifier: MIT
#include <mpio/policy/least_queue_depth.hpp>

#include <catch2/catch.hpp>

#include <vector>

#include "policy_sim.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_least_queue_depth_test {

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;

namespace {
io_request io_of(std::uint32_t bytes)
{
    io_request io;
    io.bytes = bytes;
    io.blocks = bytes / 512;
    return io;
}
} // namespace

TEMPLATE_TEST_CASE("least_queue_depth: the A/O path with the fewest requests in flight", "[policy][lqd]", single_thread,
                   concurrent)
{
    least_queue_depth<4, TestType> lqd;
    CHECK(lqd.select(io_of(4096)).error() == errc::no_usable_path);
    policy_sim::add_paths(lqd, 3);
    const io_request io = io_of(4096);
    lqd.start(0, io);
    lqd.start(0, io);
    lqd.start(1, io);
    CHECK(*lqd.select(io) == 2);
    lqd.start(2, io);
    lqd.start(2, io);
    CHECK(*lqd.select(io) == 1);
    lqd.complete(0, io, 1, io_status::success);
    lqd.complete(0, io, 1, io_status::success);
    CHECK(*lqd.select(io) == 0);
    CHECK(lqd.requests_in_flight(2) == 2);
    // A busy A/O path still beats an idle A/N one.
    REQUIRE(lqd.set_alua_state(0, asymmetric_access_state::active_non_optimized));
    REQUIRE(lqd.fail_path(1));
    CHECK(*lqd.select(io) == 2);
    REQUIRE(lqd.fail_path(2));
    CHECK(*lqd.select(io) == 0); // the A/N path when no A/O path is usable
    REQUIRE(lqd.fail_path(0));
    CHECK(lqd.select(io).error() == errc::no_usable_path);
    // I/O started before the failure still completes, and the counters settle.
    lqd.complete(1, io, 1, io_status::path_error);
    lqd.complete(2, io, 1, io_status::path_error);
    lqd.complete(2, io, 1, io_status::path_error);
    for (slot_index s = 0; s < 3; ++s) CHECK(lqd.requests_in_flight(s) == 0);
}

TEST_CASE("least_queue_depth: equally idle paths share a synchronous workload", "[policy][lqd]")
{
    least_queue_depth<4> lqd;
    policy_sim::add_paths(lqd, 3);
    std::vector<int> seen;
    for (int i = 0; i < 6; ++i) {
        const io_request io = io_of(512);
        const slot_index s = *lqd.select(io);
        lqd.start(s, io);
        lqd.complete(s, io, 1, io_status::success);
        seen.push_back(s);
    }
    CHECK(seen == std::vector<int>{0, 1, 2, 0, 1, 2});
}

TEMPLATE_TEST_CASE("least_queue_depth: the faster path gets more I/O (1:4 service times, 1,000,000 I/Os)",
                   "[policy][lqd]", single_thread, concurrent)
{
    least_queue_depth<2, TestType> lqd;
    policy_sim::add_paths(lqd, 2);
    const mpio::tick service[] = {1, 4};
    policy_sim::closed_loop sim(lqd, service, 2, 16);
    sim.run(1'000'000);
    sim.drain();
    INFO("fast " << sim.sent[0] << " slow " << sim.sent[1]);
    // Little's law with equal queue depths gives 4:1; require at least 3:1.
    CHECK(sim.sent[0] > 3 * sim.sent[1]);
    CHECK(sim.sent[1] > 0); // the slow path is used, not starved
    CHECK(sim.sent[0] + sim.sent[1] == 1'000'000);
    CHECK(lqd.requests_in_flight(0) == 0);
    CHECK(lqd.requests_in_flight(1) == 0);
}

TEST_CASE("least_queue_depth: a path failing and returning mid-stream", "[policy][lqd]")
{
    least_queue_depth<2> lqd;
    policy_sim::add_paths(lqd, 2);
    const mpio::tick service[] = {2, 2};
    policy_sim::closed_loop sim(lqd, service, 2, 8);
    sim.run(1000);
    const auto before = sim.sent[1];
    CHECK(before > 400);
    REQUIRE(lqd.fail_path(1));
    sim.run(1000);
    CHECK(sim.sent[1] == before); // nothing after the failure
    REQUIRE(lqd.reinstate_path(1));
    sim.run(1000);
    CHECK(sim.sent[1] > before + 400);
    sim.drain();
    CHECK(lqd.requests_in_flight(0) == 0);
    CHECK(lqd.requests_in_flight(1) == 0);
}

TEST_CASE("least_queue_depth: issue 18 departure - ALUA storage without an A/O path balances the A/N paths",
          "[policy][lqd]")
{
    // The MSDSM sample (DsmpGetPath) finds no A/O path and sends every I/O to
    // PathToBeUsed: one path, fixed at the last path arrival or removal. mpio
    // applies the ALUA rule: the least busy usable A/N path.
    least_queue_depth<2> lqd;
    REQUIRE(lqd.add_path(0, {.alua = asymmetric_access_state::active_non_optimized}));
    REQUIRE(lqd.add_path(1, {.alua = asymmetric_access_state::active_non_optimized}));
    const io_request io = io_of(4096);
    const slot_index first = *lqd.select(io);
    lqd.start(first, io);
    CHECK(*lqd.select(io) != first); // the sample: `first` again
    lqd.complete(first, io, 1, io_status::success);
}

TEST_CASE("least_queue_depth: issue 18 departure - an A/O path that turns standby is left at once", "[policy][lqd]")
{
    // The sample's PathToBeUsed is not updated for LQD on an ALUA state change
    // (DsmpAdjustDeviceStatesALUA updates it for FOO and WP only), so it keeps
    // sending I/O to path 0, now standby. mpio moves to the A/N path.
    least_queue_depth<2> lqd;
    REQUIRE(lqd.add_path(0, {.alua = asymmetric_access_state::active_optimized}));
    REQUIRE(lqd.add_path(1, {.alua = asymmetric_access_state::active_non_optimized}));
    CHECK(*lqd.select(io_of(4096)) == 0);
    REQUIRE(lqd.set_alua_state(0, asymmetric_access_state::standby));
    CHECK(*lqd.select(io_of(4096)) == 1);
}

} // namespace test_policy_least_queue_depth_test
