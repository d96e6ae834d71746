// SPDX-License-Identifier: MIT
#include <mpio/core/errc.hpp>

#include <catch2/catch.hpp>

#include <cstring>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_errc_test {

using mpio::errc;

TEST_CASE("errc: every code has a distinct name and a message", "[core][errc]")
{
    STATIC_REQUIRE(mpio::errc_name(errc::descriptor_overrun)[0] == 'd');
    STATIC_REQUIRE(mpio::errc_name(errc::none)[0] == 'n');
    for (std::uint8_t i = 0; i < mpio::errc_count; ++i) {
        const auto e = static_cast<errc>(i);
        CAPTURE(i);
        REQUIRE(std::strcmp(mpio::errc_name(e), "unknown") != 0);
        REQUIRE(std::strcmp(mpio::errc_message(e), "unknown error") != 0);
        for (std::uint8_t j = 0; j < i; ++j)
            REQUIRE(std::strcmp(mpio::errc_name(e), mpio::errc_name(static_cast<errc>(j))) != 0);
    }
    // Names are snake_case identifiers (stable for JSON and logs).
    for (std::uint8_t i = 0; i < mpio::errc_count; ++i)
        for (const char* p = mpio::errc_name(static_cast<errc>(i)); *p; ++p)
            REQUIRE(((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'));
}

TEST_CASE("errc: values outside the enum are named unknown", "[core][errc]")
{
    STATIC_REQUIRE(mpio::errc_name(static_cast<errc>(mpio::errc_count))[0] == 'u');
    REQUIRE(std::strcmp(mpio::errc_name(static_cast<errc>(250)), "unknown") == 0);
    REQUIRE(std::strcmp(mpio::errc_message(static_cast<errc>(250)), "unknown error") == 0);
}

} // namespace test_core_errc_test
