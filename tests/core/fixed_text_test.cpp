// SPDX-License-Identifier: MIT
#include <mpio/core/fixed_text.hpp>

#include <catch2/catch.hpp>

#include <cstring>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_fixed_text_test {

using mpio::byte;
using mpio::byte_view;
using mpio::fixed_text;

namespace {
constexpr byte id[] = {0x60, 0x0a, 0x09, 0x8f};
constexpr byte weird[] = {'A', 0x0a, 'B', 0x7f};

constexpr fixed_text<16> hex_lower() noexcept
{
    fixed_text<16> t;
    t.append("0x").append_hex(byte_view(id));
    return t;
}
constexpr fixed_text<4> overflowing() noexcept
{
    fixed_text<4> t;
    t.append("naa.").append('6');
    return t;
}
} // namespace

TEST_CASE("fixed_text: hex rendering", "[core][fixed_text]")
{
    STATIC_REQUIRE(hex_lower().equals("0x600a098f"));
    STATIC_REQUIRE(hex_lower().size() == 10);
    STATIC_REQUIRE(!hex_lower().overflowed());
    fixed_text<32> t;
    t.append_hex(byte_view(id), mpio::hex_case::upper, ':');
    REQUIRE(std::strcmp(t.c_str(), "60:0A:09:8F") == 0);
    t.clear();
    t.append_hex(0x1fu, 4).append(' ').append_decimal(0).append(' ').append_decimal(18446744073709551615ull);
    REQUIRE(std::strcmp(t.c_str(), "001f 0 18446744073709551615") == 0);
}

TEST_CASE("fixed_text: overflow keeps what fits and is reported", "[core][fixed_text]")
{
    STATIC_REQUIRE(overflowing().overflowed());
    STATIC_REQUIRE(overflowing().equals("naa."));
    REQUIRE(std::strlen(overflowing().c_str()) == 4);
}

TEST_CASE("fixed_text: unprintable bytes are dotted or escaped", "[core][fixed_text]")
{
    fixed_text<32> dots;
    dots.append(mpio::ascii_view(byte_view(weird)));
    REQUIRE(std::strcmp(dots.c_str(), "A.B.") == 0);
    fixed_text<32> escaped;
    escaped.append(mpio::ascii_view(byte_view(weird)), mpio::unprintable::hex_escape);
    REQUIRE(std::strcmp(escaped.c_str(), "A\\x0aB\\x7f") == 0);
}

TEST_CASE("to_hex: into a caller buffer", "[core][fixed_text]")
{
    char out[9];
    const auto n = mpio::to_hex(byte_view(id), out, sizeof out);
    REQUIRE(n.value() == 8);
    REQUIRE(std::strcmp(out, "600a098f") == 0);
    REQUIRE(mpio::to_hex(byte_view(id), out, 8).error() == mpio::errc::buffer_too_small);
    REQUIRE(mpio::to_hex(byte_view(id), nullptr, 100).error() == mpio::errc::buffer_too_small);
}

// The bulk paths (room checked once) and the per-character path must render
// the same text and report overflow the same way, on both sides of the
// boundary where the bulk path stops applying.
namespace {
template <std::size_t N>
constexpr bool bulk_matches_per_char(const char* prefix, mpio::byte_view bytes, mpio::unprintable mode)
{
    mpio::fixed_text<N> bulk, one;
    bulk.append(prefix).append(mpio::ascii_view(bytes), mode);
    one.append(prefix);
    for (std::size_t i = 0; i < bytes.size(); ++i) one.append(mpio::ascii_view(bytes.subview(i, 1)), mode);
    mpio::fixed_text<N> hex_bulk, hex_one;
    hex_bulk.append(prefix).append_hex(bytes, mpio::hex_case::upper, ':');
    hex_one.append(prefix);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) hex_one.append(':');
        hex_one.append_hex(bytes.subview(i, 1), mpio::hex_case::upper);
    }
    auto same = [](const auto& a, const auto& b) {
        if (a.size() != b.size() || a.overflowed() != b.overflowed()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) return false;
        return a.c_str()[a.size()] == '\0';
    };
    return same(bulk, one) && same(hex_bulk, hex_one);
}
constexpr mpio::byte mixed[] = {'A', 0x01, 'b', 0x7f, ' ', 0xff};
} // namespace

TEST_CASE("fixed_text bulk appends match per-character appends at every capacity", "[core][fixed_text]")
{
    using mpio::unprintable;
    constexpr mpio::byte_view v(mixed, sizeof mixed);
    STATIC_REQUIRE(bulk_matches_per_char<24>("", v, unprintable::hex_escape)); // bulk path
    STATIC_REQUIRE(bulk_matches_per_char<24>("xy", v, unprintable::dot));
    STATIC_REQUIRE(bulk_matches_per_char<12>("xy", v, unprintable::hex_escape)); // falls back, overflows
    STATIC_REQUIRE(bulk_matches_per_char<8>("x", v, unprintable::dot));
    STATIC_REQUIRE(bulk_matches_per_char<5>("xyz", v, unprintable::dot)); // overflows
    for (std::size_t n = 0; n <= sizeof mixed; ++n) {
        REQUIRE(bulk_matches_per_char<7>("p", v.first(n), unprintable::hex_escape));
        REQUIRE(bulk_matches_per_char<18>("pq", v.first(n), unprintable::dot));
    }
}

} // namespace test_core_fixed_text_test
