// SPDX-License-Identifier: MIT
// The Linux native NVMe iopolicies: exact path sequences over a scripted
// ANA history (states set as nvme::to_asymmetric_access_state gives them).
#include <mpio/nvme/ana_state.hpp>
#include <mpio/policy/nvme_iopolicies.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_nvme_iopolicies_test {

namespace policy = mpio::policy;
using mpio::errc;
using mpio::nvme::ana_state;
using mpio::nvme::to_asymmetric_access_state;
using policy::concurrent;
using policy::single_thread;

namespace {
policy::path_attributes attrs(ana_state s, std::uint16_t node = 0)
{
    policy::path_attributes a;
    a.alua = to_asymmetric_access_state(s);
    a.node = node;
    return a;
}
template <class S>
std::vector<int> sequence(S& s, int n, std::uint16_t node = 0)
{
    std::vector<int> out;
    policy::io_request io;
    io.cpu = node;
    for (int i = 0; i < n; ++i) {
        const auto r = s.select(io);
        out.push_back(r ? int{*r} : -1);
    }
    return out;
}
} // namespace

TEMPLATE_TEST_CASE("nvme round-robin: exact sequence over an ANA history", "[nvme][policy][nvme_iopolicy]",
                   single_thread, concurrent)
{
    policy::nvme_round_robin<8, TestType> rr;
    CHECK(rr.select(policy::io_request{}).error() == errc::no_usable_path);
    for (policy::slot_index s = 0; s < 4; ++s) REQUIRE(rr.add_path(s, attrs(ana_state::optimized)));
    CHECK(rr.current_path(0) == 0); // set_live: every node found path 0, the first optimized
    CHECK(sequence(rr, 6) == std::vector<int>{1, 2, 3, 0, 1, 2});
    // CHGCNT 2: path 2 non-optimized, path 3 in change. The optimized paths
    // take turns; the non-optimized one is skipped while one exists.
    REQUIRE(rr.set_alua_state(2, to_asymmetric_access_state(ana_state::non_optimized)));
    REQUIRE(rr.set_alua_state(3, to_asymmetric_access_state(ana_state::change)));
    CHECK(sequence(rr, 4) == std::vector<int>{0, 1, 0, 1});
    // Path 0 fails: the current optimized path (1) is kept over the only
    // other usable path, a non-optimized one.
    REQUIRE(rr.fail_path(0));
    CHECK(sequence(rr, 3) == std::vector<int>{1, 1, 1});
    // Path 1 enters change: the non-optimized path, then it stays.
    REQUIRE(rr.set_alua_state(1, to_asymmetric_access_state(ana_state::change)));
    CHECK(sequence(rr, 3) == std::vector<int>{2, 2, 2});
    // Path 3 becomes optimized: set_live makes it every node's current path,
    // and it is kept (2 is only non-optimized).
    REQUIRE(rr.set_alua_state(3, to_asymmetric_access_state(ana_state::optimized)));
    CHECK(rr.current_path(0) == 3);
    CHECK(rr.current_path(5) == 3);
    CHECK(sequence(rr, 3) == std::vector<int>{3, 3, 3});
    // Path 0 returns (optimized): current path 0 again, then 0 and 3 alternate.
    REQUIRE(rr.reinstate_path(0));
    CHECK(rr.current_path(0) == 0);
    CHECK(sequence(rr, 4) == std::vector<int>{3, 0, 3, 0});
    // Everything inaccessible or lost: no path.
    for (policy::slot_index s = 0; s < 4; ++s)
        REQUIRE(rr.set_alua_state(
            s, to_asymmetric_access_state(s % 2 ? ana_state::inaccessible : ana_state::persistent_loss)));
    CHECK(sequence(rr, 2) == std::vector<int>{-1, -1});
}

TEST_CASE("nvme round-robin: a single path is used unless disabled", "[nvme][policy][nvme_iopolicy]")
{
    policy::nvme_round_robin<4> rr;
    REQUIRE(rr.add_path(2, attrs(ana_state::non_optimized)));
    CHECK(sequence(rr, 3) == std::vector<int>{2, 2, 2}); // found by __nvme_find_path, then kept
    REQUIRE(rr.fail_path(2));
    CHECK(sequence(rr, 1) == std::vector<int>{-1});
    REQUIRE(rr.reinstate_path(2));
    CHECK(sequence(rr, 1) == std::vector<int>{2});
}

TEMPLATE_TEST_CASE("nvme numa: nearest optimized path per node, distance included", "[nvme][policy][nvme_iopolicy]",
                   single_thread, concurrent)
{
    static constexpr std::uint8_t distance[] = {10, 20, 20, 10};
    policy::nvme_numa<8, TestType> numa;
    numa.set_topology(distance, 2, nullptr, 0); // io.cpu is the node
    REQUIRE(numa.add_path(0, attrs(ana_state::optimized, 1)));
    REQUIRE(numa.add_path(1, attrs(ana_state::non_optimized, 0)));
    REQUIRE(numa.add_path(2, attrs(ana_state::optimized, 0)));
    REQUIRE(numa.add_path(3, attrs(ana_state::optimized, 1)));
    CHECK(numa.current_path(0) == 2);
    CHECK(numa.current_path(1) == 0); // 3 is as near: the first in list order wins
    CHECK(sequence(numa, 3, 0) == std::vector<int>{2, 2, 2});
    CHECK(sequence(numa, 3, 1) == std::vector<int>{0, 0, 0});
    // Path 2 enters change: node 0 takes the nearest optimized path left (remote).
    REQUIRE(numa.set_alua_state(2, to_asymmetric_access_state(ana_state::change)));
    CHECK(sequence(numa, 2, 0) == std::vector<int>{0, 0});
    // Path 0 fails: both nodes' current path is cleared; they find 3.
    REQUIRE(numa.fail_path(0));
    CHECK(numa.current_path(0) == numa.no_path);
    CHECK(numa.current_path(1) == numa.no_path);
    CHECK(sequence(numa, 2, 1) == std::vector<int>{3, 3});
    CHECK(sequence(numa, 2, 0) == std::vector<int>{3, 3});
    // Path 3 inaccessible: the non-optimized path, on every I/O re-found.
    REQUIRE(numa.set_alua_state(3, to_asymmetric_access_state(ana_state::inaccessible)));
    CHECK(sequence(numa, 2, 0) == std::vector<int>{1, 1});
    CHECK(numa.current_path(0) == 1);
    REQUIRE(numa.fail_path(1));
    CHECK(sequence(numa, 1, 0) == std::vector<int>{-1});
    // Path 2 back to optimized: every node's current path is recomputed.
    REQUIRE(numa.set_alua_state(2, to_asymmetric_access_state(ana_state::optimized)));
    CHECK(numa.current_path(1) == 2);
    CHECK(sequence(numa, 1, 1) == std::vector<int>{2});
}

TEST_CASE("nvme numa: without a topology every path is local", "[nvme][policy][nvme_iopolicy]")
{
    policy::nvme_numa<4> numa;
    REQUIRE(numa.add_path(1, attrs(ana_state::optimized, 3)));
    REQUIRE(numa.add_path(0, attrs(ana_state::optimized, 0)));
    // Path 0 became live last: set_live recomputed and list order picks 0.
    CHECK(sequence(numa, 2, 0) == std::vector<int>{0, 0});
    CHECK(sequence(numa, 2, 7) == std::vector<int>{0, 0}); // node 7: no cache entry, same rule
    CHECK(std::string(policy::to_string(policy::nvme_iopolicy::numa)) == "numa");
}

TEMPLATE_TEST_CASE("nvme queue-depth: fewest in flight, optimized first", "[nvme][policy][nvme_iopolicy]",
                   single_thread, concurrent)
{
    policy::nvme_queue_depth<4, TestType> qd;
    REQUIRE(qd.add_path(0, attrs(ana_state::optimized)));
    REQUIRE(qd.add_path(1, attrs(ana_state::optimized)));
    REQUIRE(qd.add_path(2, attrs(ana_state::non_optimized)));
    const policy::io_request io{};
    std::vector<int> picks;
    const auto pick_and_start = [&] {
        const auto r = qd.select(io);
        REQUIRE(r.has_value());
        qd.start(*r, io);
        picks.push_back(*r);
        return *r;
    };
    pick_and_start(); // 0 idle
    pick_and_start(); // 1 idle
    pick_and_start(); // both at 1: the first
    pick_and_start(); // 0:2, 1:1 -> 1
    CHECK(picks == std::vector<int>{0, 1, 0, 1});
    qd.complete(0, io, 0, policy::io_status::success);
    qd.complete(0, io, 0, policy::io_status::success);
    CHECK(*qd.select(io) == 0); // idle again: ends the scan
    CHECK(qd.requests_in_flight(1) == 2);
    REQUIRE(qd.set_alua_state(0, to_asymmetric_access_state(ana_state::change)));
    REQUIRE(qd.set_alua_state(1, to_asymmetric_access_state(ana_state::inaccessible)));
    CHECK(*qd.select(io) == 2); // only the non-optimized path is left
    REQUIRE(qd.fail_path(2));
    CHECK(qd.select(io).error() == errc::no_usable_path);
}

} // namespace test_nvme_nvme_iopolicies_test
