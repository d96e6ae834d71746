// SPDX-License-Identifier: MIT
// Stress tests of the concurrent MSDSM selectors (harness: policy_stress.hpp).
// Checked: no I/O is routed to a path whose failure was acknowledged before
// select() began and still stood after it; in-flight counters return to zero.
// Meant to run under ThreadSanitizer (the "tsan" preset runs the tests named
// "concurrent: ...").
#include <mpio/policy.hpp>

#include <catch2/catch.hpp>

#include <cstddef>

#include "policy_stress.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_concurrent_stress_test {

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;

namespace {

constexpr std::size_t paths = 4;
using policy_stress::check_stress;
using policy_stress::outcome;
using policy_stress::stress;

} // namespace

// One line per MSDSM selector; the other selectors run the same harness in
// their own test files.
TEST_CASE("concurrent: FOO under threads", "[policy][concurrent]") { check_stress<fail_over_only<8, concurrent>>(); }
TEST_CASE("concurrent: RR under threads", "[policy][concurrent]") { check_stress<round_robin<8, concurrent>>(); }
TEST_CASE("concurrent: RRWS under threads", "[policy][concurrent]")
{
    check_stress<round_robin_with_subset<8, concurrent>>();
}
TEST_CASE("concurrent: LQD under threads", "[policy][concurrent]") { check_stress<least_queue_depth<8, concurrent>>(); }
TEST_CASE("concurrent: WP under threads", "[policy][concurrent]") { check_stress<weighted_paths<8, concurrent>>(); }
TEST_CASE("concurrent: LB under threads", "[policy][concurrent]")
{
    least_blocks<8, concurrent> lb;
    const outcome o = stress(lb, 3, 20'000);
    CHECK(o.violations == 0);
    CHECK(o.selected + o.no_path >= 60'000);
    for (slot_index i = 0; i < paths; ++i) {
        CHECK(lb.requests_in_flight(i) == 0);
        CHECK(lb.bytes_in_flight(i) == 0);
        CHECK(lb.write_bytes_in_flight(i) == 0);
    }
}
TEST_CASE("concurrent: any_selector (LQD) under threads", "[policy][concurrent]")
{
    any_selector<8, concurrent> any;
    REQUIRE(any.set_policy(policy_id::least_queue_depth));
    const outcome o = stress(any, 3, 20'000);
    CHECK(o.violations == 0);
    CHECK(o.selected + o.no_path >= 60'000);
    for (slot_index i = 0; i < paths; ++i)
        CHECK(any.get<least_queue_depth<8, concurrent>>()->requests_in_flight(i) == 0);
}

} // namespace test_policy_concurrent_stress_test
