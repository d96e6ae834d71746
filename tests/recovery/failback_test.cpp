// SPDX-License-Identifier: MIT
#include <mpio/recovery/failback.hpp>

#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_failback_test {

namespace rc = mpio::recovery;

TEST_CASE("failback modes at the target-group level", "[recovery]")
{
    constexpr auto im = rc::failback_policy::immediate();
    constexpr auto ma = rc::failback_policy::manual();
    constexpr auto fo = rc::failback_policy::followover();
    constexpr auto de = rc::failback_policy::deferred(5000);
    // immediate: always, at once
    STATIC_REQUIRE(rc::should_fail_back(im, 100, 100, false));
    STATIC_REQUIRE(rc::should_fail_back(im, 100, 100, true));
    // manual: only when asked
    STATIC_REQUIRE(!rc::should_fail_back(ma, 1'000'000, 0, true));
    STATIC_REQUIRE(rc::should_fail_back(ma, 100, 100, false, true));
    // followover: only after our own failure
    STATIC_REQUIRE(rc::should_fail_back(fo, 100, 100, true));
    STATIC_REQUIRE(!rc::should_fail_back(fo, 1'000'000, 100, false));
    // deferred: N ticks after the return
    STATIC_REQUIRE(!rc::should_fail_back(de, 5099, 100, true));
    STATIC_REQUIRE(rc::should_fail_back(de, 5100, 100, true));
    STATIC_REQUIRE(rc::should_fail_back(de, 5100, 100, false));
    CHECK(std::string(rc::to_string(rc::failback_mode::followover)) == "followover");
}

} // namespace test_recovery_failback_test
