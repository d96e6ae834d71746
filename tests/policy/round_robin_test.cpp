// SPDX-License-Identifier: MIT
#include <mpio/policy/round_robin.hpp>
#include <mpio/policy/round_robin_with_subset.hpp>

#include <catch2/catch.hpp>

#include <vector>

#include "policy_sim.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_round_robin_test {

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;

namespace {
template <class S>
std::vector<int> sequence(S& s, int n)
{
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        const auto r = s.select(io_request{});
        out.push_back(r ? int{*r} : -1);
    }
    return out;
}
path_attributes alua(asymmetric_access_state st)
{
    path_attributes a;
    a.alua = st;
    return a;
}
} // namespace

TEMPLATE_TEST_CASE("round_robin: exact sequence, paths failing and returning", "[policy][round_robin]", single_thread,
                   concurrent)
{
    round_robin<8, TestType> rr;
    CHECK(rr.select(io_request{}).error() == errc::no_usable_path); // no path at all
    REQUIRE(rr.add_path(5, {}));
    CHECK(sequence(rr, 3) == std::vector<int>{5, 5, 5}); // one path
    REQUIRE(rr.add_path(1, {}));
    REQUIRE(rr.add_path(3, {}));
    // The list is in slot order; the rotor keeps its position modulo the new count.
    const auto first = sequence(rr, 6);
    CHECK(first[0] != first[1]);
    CHECK(first[3] == first[0]);
    CHECK(first[4] == first[1]);
    CHECK(first[5] == first[2]);
    REQUIRE(rr.fail_path(3));
    for (int x : sequence(rr, 10)) CHECK(x != 3);
    REQUIRE(rr.fail_path(1));
    REQUIRE(rr.fail_path(5));
    CHECK(rr.select(io_request{}).error() == errc::no_usable_path); // all failed
    REQUIRE(rr.reinstate_path(1));
    CHECK(sequence(rr, 3) == std::vector<int>{1, 1, 1});
    REQUIRE(rr.reinstate_path(3));
    REQUIRE(rr.reinstate_path(5));
    const auto back = sequence(rr, 3);
    CHECK(back[0] + back[1] + back[2] == 1 + 3 + 5); // every path again, once per turn
}

TEST_CASE("round_robin: the single-threaded sequence is exact", "[policy][round_robin]")
{
    round_robin<4> rr;
    policy_sim::add_paths(rr, 3);
    CHECK(sequence(rr, 7) == std::vector<int>{0, 1, 2, 0, 1, 2, 0});
    REQUIRE(rr.fail_path(1)); // list {0, 2}; a path event restarts the rotation
    CHECK(sequence(rr, 3) == std::vector<int>{0, 2, 0});
    REQUIRE(rr.reinstate_path(1)); // list {0, 1, 2}
    CHECK(sequence(rr, 4) == std::vector<int>{0, 1, 2, 0});
    REQUIRE(rr.remove_path(0));
    CHECK(sequence(rr, 3) == std::vector<int>{1, 2, 1});
}

TEMPLATE_TEST_CASE("round_robin: issue 18 - the rotation restarts at the first path after a path event",
                   "[policy][round_robin]", single_thread, concurrent)
{
    // The MSDSM sample resets PathToBeUsed to the first A/O path in list order
    // on every path arrival, removal and failure (DsmpGetActivePathToBeUsed ->
    // DsmpGetAnyActivePath), and DsmpGetPath continues from there.
    round_robin<4, TestType> rr;
    policy_sim::add_paths(rr, 3);
    CHECK(sequence(rr, 2) == std::vector<int>{0, 1});
    REQUIRE(rr.add_path(3, {}));
    CHECK(sequence(rr, 2) == std::vector<int>{0, 1}); // not 2
    REQUIRE(rr.fail_path(3));
    CHECK(sequence(rr, 1) == std::vector<int>{0});
    REQUIRE(rr.reinstate_path(3));
    CHECK(sequence(rr, 1) == std::vector<int>{0});
    round_robin_with_subset<4, TestType> rrws;
    policy_sim::add_paths(rrws, 3);
    CHECK(sequence(rrws, 2) == std::vector<int>{0, 1});
    REQUIRE(rrws.fail_path(2));
    CHECK(sequence(rrws, 3) == std::vector<int>{0, 1, 0});
}

TEST_CASE("round_robin: issue 18 difference - an ALUA state change keeps the position", "[policy][round_robin]")
{
    // Not a path event: mpio keeps the rotor's position in the new list
    // {0, 2, 3} and goes on with 2. The sample's DsmpGetPath, finding its next
    // path (1) no longer A/O, never clears its `reset` flag and takes the last
    // A/O path after it in list order, 3.
    round_robin<4> rr;
    policy_sim::add_paths(rr, 4);
    CHECK(sequence(rr, 1) == std::vector<int>{0});
    REQUIRE(rr.set_alua_state(1, asymmetric_access_state::standby));
    CHECK(sequence(rr, 3) == std::vector<int>{2, 3, 0});
}

TEST_CASE("round_robin: issue 18 departure - ALUA storage without an A/O path uses the A/N paths",
          "[policy][round_robin]")
{
    // The sample falls back to one path from DsmpFindStandbyPathToActivateALUA,
    // whose DsmpIsBetterDeviceState (msdsm.h) lacks a pair of parentheses:
    // any unavailable path beats an A/N one, so it sends every I/O to path 1.
    // mpio rotates over the usable A/N paths and never uses an unavailable one.
    round_robin<3> rr;
    REQUIRE(rr.add_path(0, alua(asymmetric_access_state::active_non_optimized)));
    REQUIRE(rr.add_path(1, alua(asymmetric_access_state::unavailable)));
    CHECK(sequence(rr, 2) == std::vector<int>{0, 0});
    REQUIRE(rr.add_path(2, alua(asymmetric_access_state::active_non_optimized)));
    CHECK(sequence(rr, 4) == std::vector<int>{0, 2, 0, 2});
}

TEST_CASE("round_robin: ALUA tiers (MSDSM's RR is RRWS on ALUA storage)", "[policy][round_robin]")
{
    round_robin<8> rr;
    REQUIRE(rr.add_path(0, alua(asymmetric_access_state::active_optimized)));
    REQUIRE(rr.add_path(1, alua(asymmetric_access_state::active_non_optimized)));
    REQUIRE(rr.add_path(2, alua(asymmetric_access_state::active_optimized)));
    REQUIRE(rr.add_path(3, alua(asymmetric_access_state::standby)));
    REQUIRE(rr.add_path(4, alua(asymmetric_access_state::unavailable)));
    REQUIRE(rr.add_path(5, alua(asymmetric_access_state::transitioning)));
    REQUIRE(rr.add_path(6, alua(asymmetric_access_state::offline)));
    CHECK(sequence(rr, 4) == std::vector<int>{0, 2, 0, 2}); // A/O only
    REQUIRE(rr.fail_path(0));
    REQUIRE(rr.set_alua_state(2, asymmetric_access_state::standby)); // implicit transition
    CHECK(sequence(rr, 3) == std::vector<int>{1, 1, 1});             // A/N only when no A/O is usable
    REQUIRE(rr.set_alua_state(1, asymmetric_access_state::transitioning));
    CHECK(rr.select(io_request{}).error() == errc::no_usable_path); // never standby/unavailable/offline
    REQUIRE(rr.set_alua_state(3, asymmetric_access_state::active_optimized));
    CHECK(sequence(rr, 2) == std::vector<int>{3, 3});
    REQUIRE(rr.set_alua_state(1, asymmetric_access_state::logical_block_dependent));
    CHECK(sequence(rr, 2) == std::vector<int>{3, 3}); // LBD is in the A/N tier
    REQUIRE(rr.fail_path(3));
    CHECK(sequence(rr, 2) == std::vector<int>{1, 1});
    // The administrator's standby flag is an RRWS notion; RR ignores it.
    path_attributes standby;
    standby.standby = true;
    round_robin<2> plain;
    REQUIRE(plain.add_path(0, standby));
    REQUIRE(plain.add_path(1, {}));
    CHECK(sequence(plain, 4) == std::vector<int>{0, 1, 0, 1});
}

TEST_CASE("round_robin: exactly balanced over 1,000,000 I/Os, whatever the service times", "[policy][round_robin]")
{
    round_robin<> rr;
    policy_sim::add_paths(rr, 3);
    const mpio::tick service[] = {1, 4, 2};
    policy_sim::closed_loop sim(rr, service, 3, 16);
    sim.run(1'000'000);
    CHECK(sim.sent[0] == 333'334);
    CHECK(sim.sent[1] == 333'333);
    CHECK(sim.sent[2] == 333'333);
    CHECK(sim.no_path == 0);
}

TEST_CASE("round_robin_with_subset: MSDSM's example (A, B, C primary, D standby)", "[policy][rrws]")
{
    round_robin_with_subset<4> rrws;
    path_attributes standby;
    standby.standby = true;
    policy_sim::add_paths(rrws, 3); // A=0, B=1, C=2
    REQUIRE(rrws.add_path(3, standby));
    CHECK(sequence(rrws, 6) == std::vector<int>{0, 1, 2, 0, 1, 2});
    REQUIRE(rrws.fail_path(1));
    CHECK(sequence(rrws, 4) == std::vector<int>{0, 2, 0, 2}); // still the subset
    REQUIRE(rrws.fail_path(0));
    REQUIRE(rrws.fail_path(2));
    CHECK(sequence(rrws, 3) == std::vector<int>{3, 3, 3}); // every primary failed: the standby path
    REQUIRE(rrws.reinstate_path(1));
    CHECK(sequence(rrws, 3) == std::vector<int>{1, 1, 1}); // back to the subset as soon as one returns
    REQUIRE(rrws.fail_path(3));
    REQUIRE(rrws.fail_path(1));
    CHECK(rrws.select(io_request{}).error() == errc::no_usable_path);
    // The administrator moves paths between the sets.
    REQUIRE(rrws.reinstate_path(3));
    REQUIRE(rrws.reinstate_path(0));
    REQUIRE(rrws.set_standby(3, false));
    REQUIRE(rrws.set_standby(0, true));
    CHECK(sequence(rrws, 3) == std::vector<int>{3, 3, 3});
}

TEMPLATE_TEST_CASE("round_robin_with_subset: issue 18 - every primary path failed: one standby path", "[policy][rrws]",
                   single_thread, concurrent)
{
    // The MSDSM sample promotes one standby path, the first in list order
    // (DsmpSetLBForPathRemoval -> DsmpFindStandbyPathToActivate), keeps it,
    // and sends it back to standby when a primary path returns
    // (DsmpSetLBForPathArrival -> DsmpAllowStandbyPathsToRest).
    round_robin_with_subset<5, TestType> rrws;
    path_attributes standby;
    standby.standby = true;
    policy_sim::add_paths(rrws, 2); // primary 0, 1
    for (slot_index s = 2; s < 5; ++s) REQUIRE(rrws.add_path(s, standby));
    REQUIRE(rrws.fail_path(0));
    REQUIRE(rrws.fail_path(1));
    CHECK(sequence(rrws, 4) == std::vector<int>{2, 2, 2, 2}); // not 2 3 4 2
    CHECK(rrws.promoted_standby() == 2);
    REQUIRE(rrws.fail_path(2));
    CHECK(sequence(rrws, 2) == std::vector<int>{3, 3});
    REQUIRE(rrws.reinstate_path(2)); // a standby path returning does not take over
    CHECK(sequence(rrws, 2) == std::vector<int>{3, 3});
    REQUIRE(rrws.reinstate_path(1));
    CHECK(sequence(rrws, 2) == std::vector<int>{1, 1});
    CHECK(rrws.promoted_standby() == round_robin_with_subset<5, TestType>::no_path);
    // Only standby paths from the start (the sample's paths without registry
    // state): the first carries the I/O.
    round_robin_with_subset<3, TestType> unconfigured;
    for (slot_index s = 0; s < 3; ++s) REQUIRE(unconfigured.add_path(s, standby));
    CHECK(sequence(unconfigured, 3) == std::vector<int>{0, 0, 0});
}

TEST_CASE("round_robin_with_subset: the ALUA tier comes before the subset", "[policy][rrws]")
{
    round_robin_with_subset<4> rrws;
    path_attributes primary_ano = alua(asymmetric_access_state::active_non_optimized);
    path_attributes standby_ao = alua(asymmetric_access_state::active_optimized);
    standby_ao.standby = true;
    path_attributes primary_standby_state = alua(asymmetric_access_state::standby);
    REQUIRE(rrws.add_path(0, primary_ano));
    REQUIRE(rrws.add_path(1, standby_ao));
    REQUIRE(rrws.add_path(2, primary_standby_state));
    // rank 2 * tier + standby: standby A/O (1) before primary A/N (2); ALUA standby never.
    CHECK(sequence(rrws, 3) == std::vector<int>{1, 1, 1});
    REQUIRE(rrws.fail_path(1));
    CHECK(sequence(rrws, 3) == std::vector<int>{0, 0, 0});
    REQUIRE(rrws.fail_path(0));
    CHECK(rrws.select(io_request{}).error() == errc::no_usable_path);
}

TEST_CASE("round_robin: a control call that changes nothing does not restart the rotation", "[policy][round_robin]")
{
    round_robin<3> rr;
    policy_sim::add_paths(rr, 3);
    CHECK(sequence(rr, 2) == std::vector<int>{0, 1});
    REQUIRE(rr.reinstate_path(0)); // not failed
    CHECK(sequence(rr, 2) == std::vector<int>{2, 0});
}

} // namespace test_policy_round_robin_test
