// SPDX-License-Identifier: MIT
#include <mpio/policy/logical_block.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_logical_block_test {

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;
using selector_checks::alua;
using selector_checks::io_at;

TEMPLATE_TEST_CASE("logical_block: path = (LBA >> region-size) mod usable paths", "[policy][logical_block]",
                   single_thread, concurrent)
{
    selector_checks::check_common_rules<logical_block<8, TestType>>();
    logical_block<8, TestType> lb;
    policy_sim::add_paths(lb, 3);
    CHECK(lb.region_size_shift() == 18); // scsi_vhci's default region-size
    const std::uint64_t region = std::uint64_t{1} << 18;
    CHECK(*lb.select(io_at(0)) == 0);
    CHECK(*lb.select(io_at(region - 1)) == 0);
    CHECK(*lb.select(io_at(region)) == 1);
    CHECK(*lb.select(io_at(2 * region + 5)) == 2);
    CHECK(*lb.select(io_at(3 * region)) == 0);
    // A sequential stream stays on one path for a whole region.
    int switches = 0;
    slot_index last = *lb.select(io_at(0));
    for (std::uint64_t lba = 0; lba < 4 * region; lba += 256) {
        const slot_index s = *lb.select(io_at(lba, 128 * 1024));
        if (s != last) ++switches;
        last = s;
    }
    CHECK(switches == 3);
    // A path fails mid-stream: regions are re-dealt over the usable paths.
    REQUIRE(lb.fail_path(1));
    CHECK(*lb.select(io_at(region)) == 2);
    CHECK(*lb.select(io_at(2 * region)) == 0);
    REQUIRE(lb.reinstate_path(1));
    CHECK(*lb.select(io_at(region)) == 1);
    // Optimized paths first (scsi_vhci's preferred path class).
    REQUIRE(lb.set_alua_state(0, asymmetric_access_state::active_non_optimized));
    CHECK(*lb.select(io_at(0)) == 1);
    CHECK(*lb.select(io_at(region)) == 2);
    // Region size, the top of the LBA space.
    CHECK(lb.set_region_size_shift(64).error() == mpio::errc::invalid_argument);
    REQUIRE(lb.set_region_size_shift(0));
    CHECK(*lb.select(io_at(1)) == 2);
    CHECK(*lb.select(io_at(~std::uint64_t{0})) == 2); // low 32 bits 0xFFFFFFFF, odd
    REQUIRE(lb.set_region_size_shift(63));
    CHECK(*lb.select(io_at(~std::uint64_t{0})) == 2);
    CHECK(*lb.select(io_at(1)) == 1);
}

TEST_CASE("concurrent: logical-block under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<logical_block<8, concurrent>>();
}

} // namespace test_policy_logical_block_test
