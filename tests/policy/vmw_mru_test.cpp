// SPDX-License-Identifier: MIT
#include <mpio/policy/vmw_mru.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_vmw_mru_test {

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;
using selector_checks::alua;
using selector_checks::sequence;

TEMPLATE_TEST_CASE("vmw_mru: stays on the path in use and never returns", "[policy][vmw_mru]", single_thread,
                   concurrent)
{
    selector_checks::check_common_rules<vmw_mru<8, TestType>>();
    vmw_mru<8, TestType> m;
    REQUIRE(m.add_path(2, {}));
    REQUIRE(m.add_path(0, {})); // a lower slot arriving later does not take over
    CHECK(sequence(m, 2) == std::vector<int>{2, 2});
    REQUIRE(m.fail_path(2));
    CHECK(sequence(m, 2) == std::vector<int>{0, 0});
    REQUIRE(m.reinstate_path(2)); // FIXED would go back; MRU does not
    CHECK(sequence(m, 2) == std::vector<int>{0, 0});
    REQUIRE(m.set_preferred(2, true)); // MRU has no preferred path
    CHECK(sequence(m, 1) == std::vector<int>{0});
    // Failover prefers an active/optimized path.
    REQUIRE(m.set_alua_state(2, asymmetric_access_state::active_non_optimized));
    REQUIRE(m.add_path(5, {}));
    REQUIRE(m.fail_path(0));
    CHECK(sequence(m, 1) == std::vector<int>{5});
    // A path in use that turns standby is left.
    REQUIRE(m.set_alua_state(5, asymmetric_access_state::standby));
    CHECK(sequence(m, 1) == std::vector<int>{2});
    CHECK(m.current_path() == 2);
}

TEST_CASE("concurrent: VMW_PSP_MRU under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<vmw_mru<8, concurrent>>();
}

} // namespace test_policy_vmw_mru_test
