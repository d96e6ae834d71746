// SPDX-License-Identifier: MIT
#include <mpio/policy/weighted_paths.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "policy_sim.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_weighted_paths_test {

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;

namespace {
path_attributes weighing(std::uint32_t w, asymmetric_access_state st = asymmetric_access_state::active_optimized)
{
    path_attributes a;
    a.weight = w;
    a.alua = st;
    return a;
}
template <class S>
int chosen(S& s)
{
    const auto r = s.select(io_request{});
    return r ? int{*r} : -1;
}
} // namespace

TEMPLATE_TEST_CASE("weighted_paths: the lowest weight wins, the next one on failure", "[policy][wp]", single_thread,
                   concurrent)
{
    weighted_paths<4, TestType> wp;
    CHECK(wp.select(io_request{}).error() == errc::no_usable_path);
    REQUIRE(wp.add_path(0, weighing(10)));
    REQUIRE(wp.add_path(1, weighing(5)));
    REQUIRE(wp.add_path(2, weighing(7)));
    for (int i = 0; i < 4; ++i) CHECK(chosen(wp) == 1);
    REQUIRE(wp.fail_path(1));
    CHECK(chosen(wp) == 2);
    REQUIRE(wp.fail_path(2));
    CHECK(chosen(wp) == 0);
    REQUIRE(wp.reinstate_path(1));
    CHECK(chosen(wp) == 1);
    REQUIRE(wp.set_weight(0, 1));
    CHECK(chosen(wp) == 0);
    REQUIRE(wp.fail_path(0));
    REQUIRE(wp.fail_path(1));
    CHECK(wp.select(io_request{}).error() == errc::no_usable_path);
}

TEST_CASE("weighted_paths: weights 0 and UINT32_MAX, ties, ALUA first", "[policy][wp]")
{
    weighted_paths<4> wp;
    REQUIRE(wp.add_path(0, weighing(UINT32_MAX)));
    CHECK(chosen(wp) == 0); // the lowest priority still carries I/O when alone
    REQUIRE(wp.add_path(1, weighing(UINT32_MAX)));
    std::vector<int> seen;
    for (int i = 0; i < 4; ++i) seen.push_back(chosen(wp));
    CHECK(seen[0] != seen[1]); // equal weights share the I/O, round robin
    CHECK(seen[0] == seen[2]);
    CHECK(seen[1] == seen[3]);
    REQUIRE(wp.add_path(2, weighing(0)));
    CHECK(chosen(wp) == 2);
    CHECK(chosen(wp) == 2);
    REQUIRE(wp.add_path(3, weighing(0, asymmetric_access_state::active_non_optimized)));
    REQUIRE(wp.set_alua_state(2, asymmetric_access_state::active_non_optimized));
    // A/O of weight UINT32_MAX before A/N of weight 0 (the ALUA rule of every MSDSM policy).
    seen.clear();
    for (int i = 0; i < 2; ++i) seen.push_back(chosen(wp));
    CHECK((seen == std::vector<int>{0, 1} || seen == std::vector<int>{1, 0}));
    REQUIRE(wp.fail_path(0));
    REQUIRE(wp.fail_path(1));
    seen.clear();
    for (int i = 0; i < 4; ++i) seen.push_back(chosen(wp));
    CHECK((seen[0] == 2 || seen[0] == 3));
    CHECK(seen[0] != seen[1]);
    REQUIRE(wp.set_alua_state(3, asymmetric_access_state::standby));
    CHECK(chosen(wp) == 2);
}

TEST_CASE("weighted_paths: issue 18 departure - a lone path of weight UINT32_MAX carries I/O", "[policy][wp]")
{
    // The MSDSM sample's DsmpGetActivePathToBeUsed keeps a path only when
    // `PathWeight < (ULONG)-1`, so this path is never chosen (no path at all).
    weighted_paths<2> wp;
    REQUIRE(wp.add_path(0, weighing(0xFFFF'FFFFu)));
    CHECK(chosen(wp) == 0);
}

TEST_CASE("weighted_paths: issue 18 departure - without an A/O path the weights still count", "[policy][wp]")
{
    // With no A/O path the sample ignores the weights and takes the path
    // DsmpFindStandbyPathToActivateALUA picks (with both paths Active and
    // neither target port group preferred, the last in list order: 1).
    // mpio: the lightest usable A/N path, 0.
    weighted_paths<2> wp;
    REQUIRE(wp.add_path(0, weighing(1, asymmetric_access_state::active_non_optimized)));
    REQUIRE(wp.add_path(1, weighing(5, asymmetric_access_state::active_non_optimized)));
    CHECK(chosen(wp) == 0);
    CHECK(chosen(wp) == 0);
}

} // namespace test_policy_weighted_paths_test
