// SPDX-License-Identifier: MIT
#include <mpio/core/config.hpp>
#include <mpio/core/version.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_config_version_test {

TEST_CASE("version: macros and constant agree", "[core][version]")
{
    STATIC_REQUIRE(MPIO_VERSION == MPIO_VERSION_MAJOR * 10000 + MPIO_VERSION_MINOR * 100 + MPIO_VERSION_PATCH);
    STATIC_REQUIRE(mpio::version.major == MPIO_VERSION_MAJOR);
    STATIC_REQUIRE(mpio::version.minor == MPIO_VERSION_MINOR);
    STATIC_REQUIRE(mpio::version.patch == MPIO_VERSION_PATCH);
}

TEST_CASE("config: a user-space test build is hosted and not kernel mode", "[core][config]")
{
    STATIC_REQUIRE(MPIO_KERNEL_MODE == 0);
    STATIC_REQUIRE(MPIO_HOSTED == 1);
    MPIO_ASSERT(1 + 1 == 2); // a passing assertion is a no-op
    SUCCEED();
}

} // namespace test_core_config_version_test
