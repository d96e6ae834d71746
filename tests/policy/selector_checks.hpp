// SPDX-License-Identifier: MIT
// Shared checks of the selector tests: exact sequences, common edge cases (no path, one path, failing and
// returning paths, weights 0 and UINT32_MAX, relative throughput 0 and 100),
// and the shared concurrent stress harness (policy_stress.hpp).
#ifndef MPIO_TESTS_POLICY_SELECTOR_CHECKS_HPP
#define MPIO_TESTS_POLICY_SELECTOR_CHECKS_HPP

#include <mpio/policy/path_selector.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "policy_sim.hpp"
#include "policy_stress.hpp"

namespace selector_checks {

using namespace mpio::policy;

inline io_request io_at(std::uint64_t lba, std::uint32_t bytes = 4096, mpio::tick now = 0, std::uint16_t cpu = 0)
{
    io_request io;
    io.lba = lba;
    io.bytes = bytes;
    io.blocks = bytes / 512;
    io.now = now;
    io.cpu = cpu;
    return io;
}

inline path_attributes alua(mpio::scsi::asymmetric_access_state st)
{
    path_attributes a;
    a.alua = st;
    return a;
}

// select + start + complete at once (a synchronous workload); -1 = no path.
template <class S>
std::vector<int> sequence(S& s, int n, std::uint32_t bytes = 4096)
{
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        const io_request io = io_at(static_cast<std::uint64_t>(i) * 1000003u, bytes);
        const auto r = s.select(io);
        out.push_back(r ? int{*r} : -1);
        if (r) {
            s.start(*r, io);
            s.complete(*r, io, 1, io_status::success);
        }
    }
    return out;
}

// Rules every selector must keep: no path -> no_usable_path; one path ->
// that path; a failed path is never chosen and comes back when reinstated;
// extreme weights and throughputs are accepted and change nothing unsafe.
template <class S>
void check_common_rules()
{
    S s;
    CHECK(s.select(io_at(0)).error() == mpio::errc::no_usable_path);
    path_attributes heavy;
    heavy.weight = UINT32_MAX;
    heavy.relative_throughput = 100;
    REQUIRE(s.add_path(3, heavy));
    for (int v : sequence(s, 5)) CHECK(v == 3); // one path
    path_attributes light;
    light.weight = 0;
    light.relative_throughput = 0;
    REQUIRE(s.add_path(1, light));
    CHECK(s.set_weight(1, UINT32_MAX));
    CHECK(s.set_weight(3, 0));
    REQUIRE(s.fail_path(3));
    for (int v : sequence(s, 5)) CHECK(v == 1);
    REQUIRE(s.fail_path(1));
    for (int v : sequence(s, 3)) CHECK(v == -1);
    REQUIRE(s.reinstate_path(1));
    REQUIRE(s.reinstate_path(3));
    bool seen[8] = {};
    for (int v : sequence(s, 64)) {
        REQUIRE((v == 1 || v == 3));
        seen[v] = true;
    }
    CHECK((seen[1] || seen[3]));
    REQUIRE(s.remove_path(3));
    REQUIRE(s.remove_path(1));
    CHECK(s.select(io_at(0)).error() == mpio::errc::no_usable_path);
    CHECK(s.add_path(S::capacity, {}).error() == mpio::errc::invalid_argument);
    CHECK(s.fail_path(2).error() == mpio::errc::not_found);
    for (slot_index i = 0; i < S::capacity; ++i) CHECK(s.requests_in_flight(i) == 0);
}

// The concurrent stress harness lives in policy_stress.hpp (shared with
// concurrent_stress_test.cpp).
using stress_outcome = policy_stress::outcome;
using policy_stress::check_stress;
using policy_stress::stress;

} // namespace selector_checks

#endif // MPIO_TESTS_POLICY_SELECTOR_CHECKS_HPP
