// SPDX-License-Identifier: MIT
#include <mpio/core/result.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_result_test {

using mpio::errc;
using mpio::failure;
using mpio::result;

namespace {
constexpr result<int> half(int x) noexcept
{
    if (x % 2 != 0) return failure(errc::invalid_argument);
    return x / 2;
}
struct point {
    int x = 0;
    int y = 0;
};
} // namespace

TEST_CASE("result: value or error, usable in constant expressions", "[core][result]")
{
    STATIC_REQUIRE(half(8).has_value());
    STATIC_REQUIRE(half(8).value() == 4);
    STATIC_REQUIRE(*half(8) == 4);
    STATIC_REQUIRE(!half(7).has_value());
    STATIC_REQUIRE(half(7).error() == errc::invalid_argument);
    STATIC_REQUIRE(half(8).error() == errc::none);
    STATIC_REQUIRE(half(7).value_or(-1) == -1);
    STATIC_REQUIRE(half(6).value_or(-1) == 3);
    STATIC_REQUIRE(std::is_trivially_copyable_v<result<int>>);
}

TEST_CASE("result: runtime access and member access", "[core][result]")
{
    result<point> r = point{1, 2};
    REQUIRE(r);
    REQUIRE(r->x == 1);
    r->y = 5;
    REQUIRE(r.value().y == 5);

    const result<point> e = failure(errc::too_short);
    REQUIRE_FALSE(e);
    REQUIRE(e.error() == errc::too_short);
    REQUIRE(e.value_or(point{9, 9}).x == 9);

    const result<int> defaulted;
    REQUIRE(defaulted.has_value()); // a default result holds a default value
    REQUIRE(defaulted.value() == 0);
}

TEST_CASE("status: success or error without a value", "[core][result]")
{
    constexpr mpio::status ok = mpio::success;
    constexpr mpio::status bad = failure(errc::buffer_too_small);
    STATIC_REQUIRE(ok.has_value());
    STATIC_REQUIRE(bad.error() == errc::buffer_too_small);
}

} // namespace test_core_result_test
