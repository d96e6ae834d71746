// SPDX-License-Identifier: MIT
#include <mpio/core/byte_view.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_byte_view_test {

using mpio::ascii_view;
using mpio::byte;
using mpio::byte_view;

namespace {
constexpr byte sample[] = {0x00, 0x83, 0x00, 0x04, 'A', 'B', ' ', ' '};
constexpr byte text[] = {' ', ' ', 'S', 'N', '1', ' ', 0x00, ' '};
constexpr byte name[] = {'i', 'q', 'n', '.', 'x', 0, 0, 0};
} // namespace

TEST_CASE("byte_view: size, indexing and bounded reads", "[core][byte_view]")
{
    constexpr byte_view v(sample);
    STATIC_REQUIRE(v.size() == 8);
    STATIC_REQUIRE(v[1] == 0x83);
    STATIC_REQUIRE(v.at_or(7) == ' ');
    STATIC_REQUIRE(v.at_or(8) == 0);
    STATIC_REQUIRE(v.at_or(1000, 0xee) == 0xee);
    STATIC_REQUIRE(v.contains(0, 8));
    STATIC_REQUIRE(!v.contains(1, 8));
    STATIC_REQUIRE(v.contains(8, 0));
    STATIC_REQUIRE(!v.contains(9, 0));
    STATIC_REQUIRE(!v.contains(4, static_cast<std::size_t>(-1))); // no wrap-around
    STATIC_REQUIRE(byte_view{}.empty());
    STATIC_REQUIRE(byte_view(nullptr, 10).size() == 0);
}

TEST_CASE("byte_view: sub-views are clamped to the buffer", "[core][byte_view]")
{
    constexpr byte_view v(sample);
    STATIC_REQUIRE(v.subview(4).size() == 4);
    STATIC_REQUIRE(v.subview(4, 2).size() == 2);
    STATIC_REQUIRE(v.subview(4, 100).size() == 4);
    STATIC_REQUIRE(v.subview(8).empty());
    STATIC_REQUIRE(v.subview(100, 3).empty());
    STATIC_REQUIRE(v.first(3).size() == 3);
    STATIC_REQUIRE(v.first(30).size() == 8);
    STATIC_REQUIRE(v.subview(2, 2) == v.subview(2, 2));
    STATIC_REQUIRE(!(v.subview(0, 2) == v.subview(2, 2)));
    REQUIRE(v.subview(4, 2).data() == sample + 4);
}

TEST_CASE("ascii_view: trimming, NUL termination and comparison", "[core][byte_view]")
{
    constexpr ascii_view t(byte_view{text});
    STATIC_REQUIRE(t.trim_right().size() == 5);
    STATIC_REQUIRE(t.trim().equals("SN1"));
    STATIC_REQUIRE(t.trim_left().starts_with("SN1"));
    STATIC_REQUIRE(!t.equals("SN1"));
    STATIC_REQUIRE(ascii_view(byte_view{name}).until_nul().equals("iqn.x"));
    STATIC_REQUIRE(ascii_view(byte_view{name}).starts_with("iqn."));
    STATIC_REQUIRE(!ascii_view(byte_view{name}).starts_with("iqn.xyzzy"));
    STATIC_REQUIRE(ascii_view{}.trim().empty());
    STATIC_REQUIRE(ascii_view{}.equals(""));
}

TEST_CASE("mutable_byte_view: writes land in the caller buffer", "[core][byte_view]")
{
    byte buffer[4] = {1, 2, 3, 4};
    const mpio::mutable_byte_view out(buffer);
    out.first(2).fill(0xaa);
    out[3] = 7;
    REQUIRE(buffer[0] == 0xaa);
    REQUIRE(buffer[1] == 0xaa);
    REQUIRE(buffer[2] == 3);
    REQUIRE(buffer[3] == 7);
    const byte_view in = out;
    REQUIRE(in.size() == 4);
    REQUIRE(out.first(10).size() == 4);
}

} // namespace test_core_byte_view_test
