// SPDX-License-Identifier: MIT
#include <mpio/policy/fail_over_only.hpp>

#include <catch2/catch.hpp>

#include "policy_sim.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_fail_over_only_test {

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;

namespace {
template <class S>
int chosen(S& s)
{
    const auto r = s.select(io_request{});
    return r ? int{*r} : -1;
}
path_attributes alua(asymmetric_access_state st)
{
    path_attributes a;
    a.alua = st;
    return a;
}
path_attributes standby_path(asymmetric_access_state st = asymmetric_access_state::active_optimized)
{
    path_attributes a = alua(st);
    a.standby = true;
    return a;
}
} // namespace

// standby = false is the MSDSM sample's DesiredState A/O (a path the
// administrator made Active), standby = true its DesiredState standby (and a
// path with no registry state).
TEMPLATE_TEST_CASE("fail_over_only: one active path; the last primary path to arrive takes over", "[policy][foo]",
                   single_thread, concurrent)
{
    fail_over_only<4, TestType> foo;
    CHECK(foo.active_path() == fail_over_only<4, TestType>::no_path);
    CHECK(foo.select(io_request{}).error() == errc::no_usable_path);
    policy_sim::add_paths(foo, 3);
    CHECK(foo.active_path() == 2); // DsmpSetLBForPathArrival: each arriving Active path takes over
    for (int i = 0; i < 5; ++i) CHECK(chosen(foo) == 2);
    REQUIRE(foo.fail_path(2));
    CHECK(chosen(foo) == 0); // the first remaining path in list (slot) order
    REQUIRE(foo.reinstate_path(2));
    CHECK(chosen(foo) == 2); // failback to the returning primary path, no preferred path needed
    REQUIRE(foo.fail_path(2));
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.fail_path(1));
    CHECK(foo.select(io_request{}).error() == errc::no_usable_path);
    CHECK(foo.active_path() == fail_over_only<4, TestType>::no_path);
    REQUIRE(foo.reinstate_path(1));
    CHECK(chosen(foo) == 1);
}

TEST_CASE("fail_over_only: issue 18 - fails back without a preferred path (0 Active, 1 Standby)", "[policy][foo]")
{
    // MSDSM sample (DsmpSetLBForPathArrival): 0 fails, then returns -> 0.
    fail_over_only<2> foo;
    REQUIRE(foo.add_path(0, {}));
    REQUIRE(foo.add_path(1, standby_path()));
    CHECK(chosen(foo) == 0);
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.reinstate_path(0));
    CHECK(chosen(foo) == 0);
    // A standby path that returns does not take over (0 still active).
    REQUIRE(foo.fail_path(1));
    REQUIRE(foo.reinstate_path(1));
    CHECK(chosen(foo) == 0);
}

TEST_CASE("fail_over_only: paths without registry state (standby) never fail back", "[policy][foo]")
{
    fail_over_only<3> foo;
    for (slot_index s = 0; s < 3; ++s) REQUIRE(foo.add_path(s, standby_path()));
    CHECK(chosen(foo) == 0); // the first to arrive: there was no active path
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.reinstate_path(0));
    CHECK(chosen(foo) == 1); // stays
    REQUIRE(foo.remove_path(1));
    CHECK(chosen(foo) == 0);
}

TEST_CASE("fail_over_only: issue 18 - promotion takes the first path in list order, whatever the configuration",
          "[policy][foo]")
{
    // 0 preferred, 1 Standby, 2 Active; 0 fails -> MSDSM (DsmpFindStandbyPathToActivate): 1.
    fail_over_only<3> foo;
    path_attributes preferred;
    preferred.preferred = true;
    REQUIRE(foo.add_path(0, preferred));
    REQUIRE(foo.add_path(1, standby_path()));
    REQUIRE(foo.add_path(2, {}));
    CHECK(chosen(foo) == 0); // an Active path does not take over from the preferred path
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.reinstate_path(0));
    CHECK(chosen(foo) == 0); // the preferred path fails back
}

TEST_CASE("fail_over_only: automatic failback to the preferred path", "[policy][foo]")
{
    fail_over_only<4> foo;
    policy_sim::add_paths(foo, 3);
    REQUIRE(foo.set_preferred(1, true)); // setting a preferred path moves I/O to it
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.fail_path(1));
    CHECK(chosen(foo) == 0);
    REQUIRE(foo.reinstate_path(1));
    CHECK(chosen(foo) == 1); // failback
    REQUIRE(foo.set_alua_state(1, asymmetric_access_state::standby));
    CHECK(chosen(foo) == 0); // a preferred path that cannot carry I/O is not failed back to
    REQUIRE(foo.set_alua_state(1, asymmetric_access_state::active_optimized));
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.fail_path(2));
    REQUIRE(foo.reinstate_path(2));
    CHECK(chosen(foo) == 1); // a returning primary path does not displace the preferred path
    REQUIRE(foo.set_preferred(1, false));
    REQUIRE(foo.set_standby(1, true));
    REQUIRE(foo.fail_path(1));
    CHECK(chosen(foo) == 0);
    REQUIRE(foo.reinstate_path(1));
    CHECK(chosen(foo) == 0); // no preferred path, a standby path: no failback
}

TEST_CASE("fail_over_only: promotion order A/O > A/N > standby > unavailable", "[policy][foo]")
{
    fail_over_only<8> foo;
    REQUIRE(foo.add_path(0, alua(asymmetric_access_state::active_optimized)));
    REQUIRE(foo.add_path(1, alua(asymmetric_access_state::unavailable)));
    REQUIRE(foo.add_path(2, alua(asymmetric_access_state::standby)));
    REQUIRE(foo.add_path(3, alua(asymmetric_access_state::active_non_optimized)));
    CHECK(chosen(foo) == 0); // an arriving A/N path does not take over from an A/O one
    REQUIRE(foo.add_path(4, alua(asymmetric_access_state::offline)));
    REQUIRE(foo.add_path(5, alua(asymmetric_access_state::transitioning)));
    REQUIRE(foo.add_path(6, standby_path()));
    CHECK(chosen(foo) == 0);
    REQUIRE(foo.add_path(7, alua(asymmetric_access_state::active_optimized)));
    CHECK(chosen(foo) == 7); // an arriving A/O primary path does
    REQUIRE(foo.fail_path(7));
    CHECK(chosen(foo) == 0); // the first A/O path in slot order
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 6); // A/O before A/N, the standby flag plays no part
    REQUIRE(foo.fail_path(6));
    CHECK(chosen(foo) == 3); // A/N
    REQUIRE(foo.fail_path(3));
    // ALUA standby is promoted (named by active_path) but carries no I/O until activated.
    CHECK(foo.active_path() == 2);
    CHECK(foo.select(io_request{}).error() == errc::no_usable_path);
    REQUIRE(foo.set_alua_state(2, asymmetric_access_state::active_optimized)); // after STPG
    CHECK(chosen(foo) == 2);
    REQUIRE(foo.fail_path(2));
    CHECK(foo.active_path() == 1); // unavailable, still better than offline/transitioning
    REQUIRE(foo.fail_path(1));
    CHECK(foo.active_path() == fail_over_only<8>::no_path); // offline and transitioning are never promoted
    REQUIRE(foo.reinstate_path(3));
    CHECK(chosen(foo) == 3);
    REQUIRE(foo.reinstate_path(0));
    CHECK(chosen(foo) == 0); // a returning A/O primary path takes over
    REQUIRE(foo.set_alua_state(0, asymmetric_access_state::unavailable));
    CHECK(chosen(foo) == 3); // the active path lost its I/O tier: promote again
}

TEST_CASE("fail_over_only: issue 18 departure - on ALUA storage a new A/O path does not displace the preferred path",
          "[policy][foo]")
{
    // The sample's DsmpAdjustDeviceStatesALUA (utils.c) tests "the active path
    // is not the preferred path" where it means "is": there path 1 displaces
    // path 0. mpio keeps the preferred path.
    fail_over_only<2> foo;
    path_attributes preferred;
    preferred.preferred = true;
    REQUIRE(foo.add_path(0, preferred));
    REQUIRE(foo.add_path(1, alua(asymmetric_access_state::active_optimized)));
    CHECK(chosen(foo) == 0);
}

TEST_CASE("fail_over_only: issue 18 departure - without an A/O path, A/N before unavailable", "[policy][foo]")
{
    // The sample's DsmpFindStandbyPathToActivateALUA ranks with
    // DsmpIsBetterDeviceState (msdsm.h), whose missing parentheses make any
    // unavailable path better than an A/N one: it activates path 2. mpio: 1.
    fail_over_only<3> foo;
    REQUIRE(foo.add_path(0, alua(asymmetric_access_state::active_optimized)));
    REQUIRE(foo.add_path(1, standby_path(asymmetric_access_state::active_non_optimized)));
    REQUIRE(foo.add_path(2, standby_path(asymmetric_access_state::unavailable)));
    REQUIRE(foo.fail_path(0));
    CHECK(foo.active_path() == 1);
    CHECK(chosen(foo) == 1);
}

TEST_CASE("fail_over_only: reinstating a path that did not fail is no arrival", "[policy][foo]")
{
    fail_over_only<2> foo;
    policy_sim::add_paths(foo, 2);
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.reinstate_path(0)); // 0 never failed: no path event, no takeover
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.fail_path(0));
    REQUIRE(foo.fail_path(0)); // failing it twice is one event
    REQUIRE(foo.reinstate_path(0));
    CHECK(chosen(foo) == 0);
}

} // namespace test_policy_fail_over_only_test
