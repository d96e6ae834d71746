// SPDX-License-Identifier: MIT
#include <mpio/policy/vmw_fixed.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_vmw_fixed_test {

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;
using selector_checks::alua;
using selector_checks::sequence;

TEMPLATE_TEST_CASE("vmw_fixed: the preferred path, an alternative while it is down, and back", "[policy][vmw_fixed]",
                   single_thread, concurrent)
{
    selector_checks::check_common_rules<vmw_fixed<8, TestType>>();
    vmw_fixed<8, TestType> f;
    policy_sim::add_paths(f, 3);
    path_attributes pref;
    pref.preferred = true;
    REQUIRE(f.add_path(5, pref));
    CHECK(sequence(f, 3) == std::vector<int>{5, 5, 5});
    REQUIRE(f.fail_path(5)); // mid-stream
    CHECK(sequence(f, 2) == std::vector<int>{0, 0});
    REQUIRE(f.fail_path(0)); // the alternative fails too
    CHECK(sequence(f, 2) == std::vector<int>{1, 1});
    REQUIRE(f.reinstate_path(0)); // no flapping back to another alternative
    CHECK(sequence(f, 1) == std::vector<int>{1});
    REQUIRE(f.reinstate_path(5)); // reverts to the preferred path
    CHECK(sequence(f, 2) == std::vector<int>{5, 5});
    CHECK(f.current_path() == 5);
    REQUIRE(f.set_preferred(5, false)); // first path discovered is now "preferred"
    CHECK(sequence(f, 1) == std::vector<int>{0});
    REQUIRE(f.set_preferred(2, true));
    CHECK(sequence(f, 1) == std::vector<int>{2});
    for (int s : {0, 1, 2, 5}) REQUIRE(f.fail_path(static_cast<slot_index>(s)));
    CHECK(f.select(io_request{}).error() == mpio::errc::no_usable_path);
    CHECK(f.current_path() == vmw_fixed<8, TestType>::no_path);
}

TEST_CASE("vmw_fixed: without a preferred path, the first working path discovered", "[policy][vmw_fixed]")
{
    vmw_fixed<8> f;
    REQUIRE(f.add_path(4, {}));
    REQUIRE(f.add_path(1, {}));
    CHECK(sequence(f, 2) == std::vector<int>{4, 4});
    REQUIRE(f.fail_path(4));
    CHECK(sequence(f, 1) == std::vector<int>{1});
    REQUIRE(f.reinstate_path(4)); // returns to it, as to a preferred path
    CHECK(sequence(f, 1) == std::vector<int>{4});
    // The alternative is taken from the best ALUA tier.
    REQUIRE(f.set_alua_state(1, asymmetric_access_state::active_non_optimized));
    REQUIRE(f.add_path(6, {}));
    REQUIRE(f.fail_path(4));
    CHECK(sequence(f, 1) == std::vector<int>{6});
}

TEST_CASE("concurrent: VMW_PSP_FIXED under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<vmw_fixed<8, concurrent>>();
}

} // namespace test_policy_vmw_fixed_test
