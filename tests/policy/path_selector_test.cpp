// SPDX-License-Identifier: MIT
#include <mpio/policy.hpp>
#include <mpio/policy/path_table.hpp> // every selector derives from it

#include <catch2/catch.hpp>

#include <string_view>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_path_selector_test {

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;

TEST_CASE("every MSDSM selector satisfies path_selector in both concurrency variants", "[policy]")
{
    STATIC_REQUIRE(path_selector<fail_over_only<>>);
    STATIC_REQUIRE(path_selector<round_robin<>>);
    STATIC_REQUIRE(path_selector<round_robin_with_subset<>>);
    STATIC_REQUIRE(path_selector<least_queue_depth<>>);
    STATIC_REQUIRE(path_selector<weighted_paths<>>);
    STATIC_REQUIRE(path_selector<least_blocks<>>);
    STATIC_REQUIRE(path_selector<fail_over_only<8, concurrent>>);
    STATIC_REQUIRE(path_selector<round_robin<8, concurrent>>);
    STATIC_REQUIRE(path_selector<round_robin_with_subset<8, concurrent>>);
    STATIC_REQUIRE(path_selector<least_queue_depth<8, concurrent>>);
    STATIC_REQUIRE(path_selector<weighted_paths<8, concurrent>>);
    STATIC_REQUIRE(path_selector<least_blocks<8, concurrent>>);
    STATIC_REQUIRE(path_selector<any_selector<>>);
    STATIC_REQUIRE(path_selector<any_selector<4, concurrent>>);
    STATIC_REQUIRE(path_selector<nvme_numa<>>);
    STATIC_REQUIRE(path_selector<nvme_round_robin<>>);
    STATIC_REQUIRE(path_selector<nvme_queue_depth<>>);
    STATIC_REQUIRE(registered_selector<least_blocks<>>);
    STATIC_REQUIRE_FALSE(registered_selector<any_selector<>>); // its id is a run-time choice
    STATIC_REQUIRE(round_robin<>::capacity == 32);
    STATIC_REQUIRE(std::is_trivially_destructible_v<least_blocks<32, concurrent>>);
}

TEST_CASE("MSDSM numeric ids and names", "[policy]")
{
    // DSM_LB_* / VDS_LBP_* values.
    STATIC_REQUIRE(static_cast<int>(fail_over_only<>::id) == 1);
    STATIC_REQUIRE(static_cast<int>(round_robin<>::id) == 2);
    STATIC_REQUIRE(static_cast<int>(round_robin_with_subset<>::id) == 3);
    STATIC_REQUIRE(static_cast<int>(least_queue_depth<>::id) == 4);
    STATIC_REQUIRE(static_cast<int>(weighted_paths<>::id) == 5);
    STATIC_REQUIRE(static_cast<int>(least_blocks<>::id) == 6);
    STATIC_REQUIRE(static_cast<int>(policy_id::vendor_specific) == 7);
    STATIC_REQUIRE(find_policy("rr")->id == policy_id::round_robin);
    STATIC_REQUIRE(find_policy("Round Robin with Subset")->id == policy_id::round_robin_with_subset);
    STATIC_REQUIRE(find_policy("LB")->id == policy_id::least_blocks);
    STATIC_REQUIRE(find_policy("vendor specific")->id == policy_id::vendor_specific);
    STATIC_REQUIRE(find_policy("round-robin")->id == policy_id::dm_round_robin);
    STATIC_REQUIRE(find_policy("RRW") == nullptr);
    STATIC_REQUIRE(find_policy(static_cast<const char*>(nullptr)) == nullptr);
    STATIC_REQUIRE(std::string_view(find_policy(policy_id::least_queue_depth)->name) == "LQD");
    STATIC_REQUIRE(find_policy(static_cast<policy_id>(99)) == nullptr);
    // Names and titles are unique, case-insensitively.
    for (std::size_t i = 0; i < policy_catalog_size; ++i)
        for (std::size_t j = 0; j < policy_catalog_size; ++j) {
            if (i == j) continue;
            CHECK(policy_catalog[i].id != policy_catalog[j].id);
            CHECK_FALSE(detail::equals_ignoring_case(policy_catalog[i].name, policy_catalog[j].name));
            CHECK_FALSE(detail::equals_ignoring_case(policy_catalog[i].name, policy_catalog[j].title));
        }
}

TEST_CASE("ALUA tiers: which states carry I/O", "[policy]")
{
    STATIC_REQUIRE(io_tier(asymmetric_access_state::active_optimized) == tier_optimized);
    STATIC_REQUIRE(io_tier(asymmetric_access_state::active_non_optimized) == tier_non_optimized);
    STATIC_REQUIRE(io_tier(asymmetric_access_state::logical_block_dependent) == tier_non_optimized);
    STATIC_REQUIRE(io_tier(asymmetric_access_state::standby) == tier_none);
    STATIC_REQUIRE(io_tier(asymmetric_access_state::unavailable) == tier_none);
    STATIC_REQUIRE(io_tier(asymmetric_access_state::offline) == tier_none);
    STATIC_REQUIRE(io_tier(asymmetric_access_state::transitioning) == tier_none);
    STATIC_REQUIRE(io_tier(static_cast<asymmetric_access_state>(7)) == tier_none);
}

TEST_CASE("path table: control events validate their slot", "[policy]")
{
    round_robin<4> rr;
    CHECK(rr.add_path(4, {}).error() == errc::invalid_argument);
    path_attributes fast;
    fast.relative_throughput = 101;
    CHECK(rr.add_path(0, fast).error() == errc::invalid_argument);
    REQUIRE(rr.add_path(0, {}));
    CHECK(rr.add_path(0, {}).error() == errc::already_exists);
    CHECK(rr.fail_path(1).error() == errc::not_found);
    CHECK(rr.reinstate_path(9).error() == errc::not_found);
    CHECK(rr.set_weight(2, 5).error() == errc::not_found);
    CHECK(rr.set_alua_state(3, asymmetric_access_state::standby).error() == errc::not_found);
    CHECK(rr.set_preferred(1, true).error() == errc::not_found);
    CHECK(rr.remove_path(1).error() == errc::not_found);
    REQUIRE(rr.fail_path(0));
    CHECK(rr.failed(0));
    REQUIRE(rr.fail_path(0)); // idempotent
    REQUIRE(rr.remove_path(0));
    CHECK_FALSE(rr.present(0));
    CHECK_FALSE(rr.failed(0));
    REQUIRE(rr.add_path(0, {})); // the slot is free again, not failed
    CHECK(rr.eligible_count() == 1);
}

} // namespace test_policy_path_selector_test
