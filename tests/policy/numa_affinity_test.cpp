// SPDX-License-Identifier: MIT
#include <mpio/policy/numa_affinity.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_numa_affinity_test {

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;
using selector_checks::alua;
using selector_checks::io_at;

namespace {
// Two sockets, four CPUs each; a third node far away (SLIT-style distances).
constexpr std::uint8_t distances[] = {10, 21, 31, //
                                      21, 10, 31, //
                                      31, 31, 10};
constexpr std::uint16_t cpu_nodes[] = {0, 0, 0, 0, 1, 1, 1, 1};

path_attributes on_node(std::uint16_t node)
{
    path_attributes a;
    a.node = node;
    return a;
}
template <class S>
std::vector<int> picks(S& s, std::uint16_t cpu, int n)
{
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        const auto r = s.select(io_at(0, 4096, 0, cpu));
        out.push_back(r ? int{*r} : -1);
    }
    return out;
}
} // namespace

TEMPLATE_TEST_CASE("numa_affinity: the nearest path to the submitting CPU, ties take turns", "[policy][numa]",
                   single_thread, concurrent)
{
    selector_checks::check_common_rules<numa_affinity<8, TestType>>();
    numa_affinity<8, TestType> numa;
    numa.set_topology(distances, 3, cpu_nodes, 8);
    REQUIRE(numa.add_path(0, on_node(0)));
    REQUIRE(numa.add_path(1, on_node(0)));
    REQUIRE(numa.add_path(2, on_node(1)));
    REQUIRE(numa.add_path(3, on_node(2)));
    CHECK(numa.distance(0, 1) == 21);
    CHECK(numa.distance(0, 7) == numa_affinity<8, TestType>::unknown_distance);
    const std::vector<int> socket0 = picks(numa, 2, 4);
    CHECK(std::count(socket0.begin(), socket0.end(), 0) == 2); // two local HBAs share the I/O
    CHECK(std::count(socket0.begin(), socket0.end(), 1) == 2);
    CHECK(picks(numa, 5, 3) == std::vector<int>{2, 2, 2});
    // The local path fails mid-stream: the next nearest (21 before 31).
    REQUIRE(numa.fail_path(2));
    const std::vector<int> remote = picks(numa, 5, 4);
    CHECK(std::count(remote.begin(), remote.end(), 3) == 0);
    REQUIRE(numa.reinstate_path(2));
    CHECK(picks(numa, 6, 2) == std::vector<int>{2, 2});
    // A CPU outside the table: any usable path, in turns.
    const std::vector<int> unknown = picks(numa, 100, 8);
    for (int p = 0; p < 4; ++p) CHECK(std::count(unknown.begin(), unknown.end(), p) == 2);
    // Optimized before near (NVMe: optimized paths first, then non-optimized).
    REQUIRE(numa.set_alua_state(2, asymmetric_access_state::active_non_optimized));
    const std::vector<int> tiered = picks(numa, 5, 4);
    CHECK(std::count(tiered.begin(), tiered.end(), 2) == 0);
    REQUIRE(numa.fail_path(0));
    REQUIRE(numa.fail_path(1));
    REQUIRE(numa.fail_path(3));
    CHECK(picks(numa, 0, 2) == std::vector<int>{2, 2}); // only the A/N path is left
    REQUIRE(numa.fail_path(2));
    CHECK(picks(numa, 0, 1) == std::vector<int>{-1});
}

TEST_CASE("numa_affinity: without a topology every path is equally near", "[policy][numa]")
{
    numa_affinity<4> numa;
    REQUIRE(numa.add_path(0, on_node(0)));
    REQUIRE(numa.add_path(1, on_node(1)));
    CHECK(picks(numa, 0, 4) == std::vector<int>{0, 1, 0, 1});
    // Without a CPU table, io.cpu is the node number.
    numa.set_topology(distances, 3, nullptr, 0);
    CHECK(picks(numa, 1, 2) == std::vector<int>{1, 1});
    CHECK(picks(numa, 0, 2) == std::vector<int>{0, 0});
}

TEST_CASE("concurrent: numa under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<numa_affinity<8, concurrent>>();
}

TEMPLATE_TEST_CASE("numa_affinity: nodes beyond the precomputed eight follow the same rule", "[policy][numa]",
                   single_thread, concurrent)
{
    std::uint8_t table[12 * 12];
    for (int f = 0; f < 12; ++f)
        for (int t = 0; t < 12; ++t)
            table[f * 12 + t] = static_cast<std::uint8_t>(f == t ? 10 : 20 + (f > t ? f - t : t - f));
    numa_affinity<8, TestType> numa;
    numa.set_topology(table, 12, nullptr, 0); // io.cpu is the node
    REQUIRE(numa.add_path(0, on_node(0)));
    REQUIRE(numa.add_path(1, on_node(8)));
    REQUIRE(numa.add_path(2, on_node(11)));
    REQUIRE(numa.add_path(3, on_node(11)));
    CHECK(picks(numa, 7, 2) == std::vector<int>{1, 1});  // cached node 7: node 8 at 21
    CHECK(picks(numa, 10, 2) == std::vector<int>{2, 3}); // scanned node 10: the two node-11 paths in turns
    CHECK(picks(numa, 9, 1) == std::vector<int>{1});     // node 9: node 8 at 21 beats node 11 at 22
    REQUIRE(numa.fail_path(1));
    CHECK(picks(numa, 9, 2) == std::vector<int>{2, 3});
    CHECK(picks(numa, 7, 1) == std::vector<int>{2}); // the cached list follows the failure: 11 at 24 < 0 at 27
}

} // namespace test_policy_numa_affinity_test
