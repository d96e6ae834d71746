// SPDX-License-Identifier: MIT
#include <mpio/policy/fail_over_only.hpp>

#include <catch2/catch.hpp>

#include "policy_sim.hpp"

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
} // namespace

TEMPLATE_TEST_CASE("fail_over_only: one active path, no failback without a preferred path", "[policy][foo]",
                   single_thread, concurrent)
{
    fail_over_only<4, TestType> foo;
    CHECK(foo.active_path() == fail_over_only<4, TestType>::no_path);
    CHECK(foo.select(io_request{}).error() == errc::no_usable_path);
    policy_sim::add_paths(foo, 3);
    CHECK(foo.active_path() == 0);
    for (int i = 0; i < 5; ++i) CHECK(chosen(foo) == 0);
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 1);
    REQUIRE(foo.reinstate_path(0));
    CHECK(chosen(foo) == 1); // stays: MSDSM fails back only to a preferred path
    REQUIRE(foo.fail_path(1));
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 2);
    REQUIRE(foo.fail_path(2));
    CHECK(foo.select(io_request{}).error() == errc::no_usable_path);
    CHECK(foo.active_path() == fail_over_only<4, TestType>::no_path);
    REQUIRE(foo.reinstate_path(1));
    CHECK(chosen(foo) == 1);
}

TEST_CASE("fail_over_only: automatic failback to the preferred path", "[policy][foo]")
{
    fail_over_only<4> foo;
    policy_sim::add_paths(foo, 3);
    REQUIRE(foo.set_preferred(2, true)); // setting a preferred path moves I/O to it
    CHECK(chosen(foo) == 2);
    REQUIRE(foo.fail_path(2));
    CHECK(chosen(foo) == 0);
    REQUIRE(foo.reinstate_path(2));
    CHECK(chosen(foo) == 2); // failback
    REQUIRE(foo.set_alua_state(2, asymmetric_access_state::standby));
    CHECK(chosen(foo) == 0); // a preferred path that cannot carry I/O is not failed back to
    REQUIRE(foo.set_alua_state(2, asymmetric_access_state::active_optimized));
    CHECK(chosen(foo) == 2);
    REQUIRE(foo.set_preferred(2, false));
    REQUIRE(foo.fail_path(2));
    REQUIRE(foo.reinstate_path(2));
    CHECK(chosen(foo) == 0); // no preferred path any more: no failback
}

TEST_CASE("fail_over_only: promotion order A/O > A/N > standby > unavailable", "[policy][foo]")
{
    fail_over_only<8> foo;
    REQUIRE(foo.add_path(0, alua(asymmetric_access_state::active_optimized)));
    REQUIRE(foo.add_path(1, alua(asymmetric_access_state::unavailable)));
    REQUIRE(foo.add_path(2, alua(asymmetric_access_state::standby)));
    REQUIRE(foo.add_path(3, alua(asymmetric_access_state::active_non_optimized)));
    REQUIRE(foo.add_path(4, alua(asymmetric_access_state::offline)));
    REQUIRE(foo.add_path(5, alua(asymmetric_access_state::transitioning)));
    path_attributes admin_standby_ao = alua(asymmetric_access_state::active_optimized);
    admin_standby_ao.standby = true;
    REQUIRE(foo.add_path(6, admin_standby_ao));
    REQUIRE(foo.add_path(7, alua(asymmetric_access_state::active_optimized)));
    CHECK(chosen(foo) == 0);
    REQUIRE(foo.fail_path(0));
    CHECK(chosen(foo) == 7); // A/O, not the administrator's standby A/O
    REQUIRE(foo.fail_path(7));
    CHECK(chosen(foo) == 6); // the standby-flagged A/O before A/N
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
    CHECK(chosen(foo) == 3); // no preferred path: I/O stays on 3
    REQUIRE(foo.set_alua_state(3, asymmetric_access_state::unavailable));
    CHECK(chosen(foo) == 0); // the active path lost its I/O tier: promote again
}
