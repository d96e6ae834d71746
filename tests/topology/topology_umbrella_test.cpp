// SPDX-License-Identifier: MIT
// The topology layer is reachable through its umbrella and through mpio.hpp.
#include <mpio/mpio.hpp>
#include <mpio/topology.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_topology_umbrella_test {

TEST_CASE("umbrella headers expose the topology layer", "[topology][umbrella]")
{
    STATIC_REQUIRE(mpio::topology::alua_priority(mpio::scsi::asymmetric_access_state::active_optimized, false) == 50);
    STATIC_REQUIRE(mpio::topology::decide_alua_mode(mpio::scsi::target_port_group_support::both,
                                                    mpio::topology::rtpg_outcome::answered)
                       .mode == mpio::topology::alua_mode::both);
    STATIC_REQUIRE(mpio::topology::identity_may_have_changed(0x3F, 0x05));
    STATIC_REQUIRE(sizeof(mpio::topology::path) <= 96); // compact: the identity key lives in the device
    STATIC_REQUIRE(mpio::topology::topology_store<1, 1>::paths_per_device == 32);
}

} // namespace test_topology_topology_umbrella_test
