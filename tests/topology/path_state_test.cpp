// SPDX-License-Identifier: MIT
#include <mpio/topology/path_state.hpp>

#include <catch2/catch.hpp>

#include <string_view>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_path_state_test {

using mpio::topology::path_state;

TEST_CASE("path_state names and which states carry I/O", "[topology][path_state]")
{
    STATIC_REQUIRE(mpio::topology::carries_io(path_state::active));
    STATIC_REQUIRE(mpio::topology::carries_io(path_state::standby));
    STATIC_REQUIRE_FALSE(mpio::topology::carries_io(path_state::failed));
    STATIC_REQUIRE_FALSE(mpio::topology::carries_io(path_state::pending_verification));
    STATIC_REQUIRE_FALSE(mpio::topology::carries_io(path_state::pending_removal));
    STATIC_REQUIRE_FALSE(mpio::topology::carries_io(path_state::removed));
    STATIC_REQUIRE(std::string_view(to_string(path_state::pending_removal)) == "pending removal");
    STATIC_REQUIRE(std::string_view(to_string(static_cast<path_state>(99))) == "unknown");
}

} // namespace test_topology_path_state_test
