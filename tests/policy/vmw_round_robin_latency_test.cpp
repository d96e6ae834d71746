// SPDX-License-Identifier: MIT
#include <mpio/policy/vmw_round_robin_latency.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_vmw_round_robin_latency_test {

using namespace mpio::policy;
using selector_checks::io_at;
using selector_checks::sequence;

TEMPLATE_TEST_CASE("vmw_round_robin_latency: samples every path, then the lower-latency path",
                   "[policy][vmw_rr_latency]", single_thread, concurrent)
{
    selector_checks::check_common_rules<vmw_round_robin_latency<8, TestType>>();
    vmw_round_robin_latency<8, TestType> rr;
    CHECK(rr.set_sampling_cycles(15).error() == mpio::errc::invalid_argument);
    CHECK(rr.set_sampling_cycles(161).error() == mpio::errc::invalid_argument);
    CHECK(rr.set_latency_eval_time(0).error() == mpio::errc::invalid_argument);
    REQUIRE(rr.set_latency_eval_time(10'000));
    policy_sim::add_paths(rr, 2);
    // Sampling window: the paths take turns until each has 16 samples.
    const std::vector<int> window = sequence(rr, 6);
    CHECK(window == std::vector<int>{0, 1, 0, 1, 0, 1});
    CHECK(rr.sampling());
    // Feed 16 samples each: path 0 answers in 5 ticks, path 1 in 2.
    for (int i = 0; i < 32; ++i) {
        const io_request io = io_at(0, 4096, 100);
        const slot_index s = *rr.select(io);
        rr.start(s, io);
        rr.complete(s, io, s == 0 ? 5 : 2, io_status::success);
    }
    CHECK(!rr.sampling());
    // The 6 one-tick I/Os above were samples too: (3*1 + 13*5) / 16 and (3*1 + 13*2) / 16.
    CHECK(rr.latency(0) == 4);
    CHECK(rr.latency(1) == 1);
    CHECK(*rr.select(io_at(0, 4096, 200)) == 1);
    CHECK(*rr.select(io_at(0, 4096, 200)) == 1);
}

TEMPLATE_TEST_CASE("vmw_round_robin_latency: 1:4 service times, re-sampled every T ticks", "[policy][vmw_rr_latency]",
                   single_thread, concurrent)
{
    vmw_round_robin_latency<2, TestType> rr;
    REQUIRE(rr.set_latency_eval_time(1000));
    policy_sim::add_paths(rr, 2);
    const mpio::tick service[] = {1, 4};
    policy_sim::closed_loop sim(rr, service, 2, 16);
    sim.run(1'000'000);
    sim.drain();
    INFO("fast " << sim.sent[0] << " slow " << sim.sent[1] << " windows " << rr.sampling_windows() << " now "
                 << sim.now);
    CHECK(rr.latency(0) == 1);
    CHECK(rr.latency(1) == 4);
    CHECK(sim.sent[0] > 3 * sim.sent[1]);
    // A window every 1000 ticks of the caller's clock (io.now), no more.
    CHECK(rr.sampling_windows() >= sim.now / 1000);
    CHECK(rr.sampling_windows() <= sim.now / 1000 + 1);
    // The paths change speed: the next window finds it out.
    const mpio::tick swapped[] = {4, 1};
    policy_sim::closed_loop later(rr, swapped, 2, 16);
    later.now = sim.now;
    later.run(100'000);
    later.drain();
    INFO("after the swap: path 0 " << later.sent[0] << " path 1 " << later.sent[1]);
    CHECK(rr.latency(0) == 4);
    CHECK(rr.latency(1) == 1);
    CHECK(later.sent[1] > 3 * later.sent[0]);
    CHECK(rr.requests_in_flight(0) == 0);
    CHECK(rr.requests_in_flight(1) == 0);
}

TEST_CASE("vmw_round_robin_latency: a returning path is measured before it is trusted", "[policy][vmw_rr_latency]")
{
    vmw_round_robin_latency<4> rr;
    policy_sim::add_paths(rr, 2);
    const mpio::tick service[] = {2, 2};
    policy_sim::closed_loop sim(rr, service, 2, 4);
    sim.run(1000);
    sim.drain();
    CHECK(!rr.sampling());
    const std::uint32_t windows = rr.sampling_windows();
    REQUIRE(rr.add_path(2, {})); // new path, no measurement: a window opens at once
    const auto first = rr.select(io_at(0, 4096, sim.now));
    CHECK(rr.sampling());
    CHECK(rr.sampling_windows() == windows + 1);
    CHECK(*first <= 2);
}

TEST_CASE("concurrent: VMW_PSP_RR-latency under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<vmw_round_robin_latency<8, concurrent>>();
}

} // namespace test_policy_vmw_round_robin_latency_test
