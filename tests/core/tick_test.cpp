// SPDX-License-Identifier: MIT
#include <mpio/core/tick.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_tick_test {

TEST_CASE("tick_rate converts documented seconds and milliseconds", "[core][tick]")
{
    constexpr mpio::tick_rate ms{1000};
    STATIC_REQUIRE(ms.seconds(30) == 30'000);
    STATIC_REQUIRE(ms.milliseconds(1500) == 1500);
    constexpr mpio::tick_rate windows{10'000'000}; // KeQueryInterruptTime: 100 ns units
    STATIC_REQUIRE(windows.seconds(20) == 200'000'000);
    STATIC_REQUIRE(windows.milliseconds(3) == 30'000);
    constexpr mpio::tick_rate jiffies{250};
    STATIC_REQUIRE(jiffies.milliseconds(1000) == 250);
    STATIC_REQUIRE(jiffies.milliseconds(6) == 1); // 1.5 jiffies, rounded down
}

TEST_CASE("tick arithmetic saturates instead of wrapping", "[core][tick]")
{
    constexpr mpio::tick end = ~mpio::tick{0};
    STATIC_REQUIRE(mpio::tick_rate{1'000'000'000}.seconds(end / 2) == end);
    STATIC_REQUIRE(mpio::tick_add(end - 1, 5) == end);
    STATIC_REQUIRE(mpio::tick_add(10, 5) == 15);
    STATIC_REQUIRE(mpio::tick_reached(15, 15));
    STATIC_REQUIRE_FALSE(mpio::tick_reached(14, 15));
}

} // namespace test_core_tick_test
