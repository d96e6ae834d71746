// SPDX-License-Identifier: MIT
#include <mpio/core/endian.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_endian_test {

using mpio::byte;
using mpio::byte_view;

namespace {
constexpr byte be[] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe};
} // namespace

TEST_CASE("endian: big-endian loads give the wire order on any CPU", "[core][endian]")
{
    constexpr byte_view v(be);
    STATIC_REQUIRE(mpio::load_be16(v, 0) == 0x0123);
    STATIC_REQUIRE(mpio::load_be24(v, 1) == 0x234567);
    STATIC_REQUIRE(mpio::load_be32(v, 0) == 0x01234567u);
    STATIC_REQUIRE(mpio::load_be64(v, 0) == 0x0123456789abcdefull);
    STATIC_REQUIRE(mpio::load_be64(v, 1) == 0x23456789abcdeffeull);
    // The same checks at run time (the s390x CI run makes them meaningful).
    REQUIRE(mpio::load_be32(v, 4) == 0x89abcdefu);
    REQUIRE(mpio::load_be16(v, 7) == 0xeffe);
}

TEST_CASE("endian: loads never read outside the view", "[core][endian]")
{
    constexpr byte_view v = byte_view(be).first(3);
    STATIC_REQUIRE(mpio::load_be32(v, 0) == 0x01234500u); // missing byte reads as zero
    STATIC_REQUIRE(mpio::load_be16(v, 3) == 0);
    STATIC_REQUIRE(mpio::load_be64(v, static_cast<std::size_t>(-2)) == 0); // offset wrap-around
    STATIC_REQUIRE(!mpio::try_load_be32(v, 0).has_value());
    STATIC_REQUIRE(mpio::try_load_be32(v, 0).error() == mpio::errc::too_short);
    STATIC_REQUIRE(mpio::try_load_be24(v, 0).value() == 0x012345);
    STATIC_REQUIRE(mpio::try_load_be16(v, 1).value() == 0x2345);
    STATIC_REQUIRE(!mpio::try_load_be16(v, 2).has_value());
    STATIC_REQUIRE(!mpio::try_load_be64(byte_view(be), 2).has_value());
    STATIC_REQUIRE(mpio::try_load_be64(byte_view(be), 1).value() == 0x23456789abcdeffeull);
}

namespace {
constexpr bool store_roundtrip() noexcept
{
    byte out[8]{};
    const mpio::mutable_byte_view v(out);
    if (!mpio::store_be32(v, 0, 0xdeadbeefu)) return false;
    if (!mpio::store_be16(v, 4, 0x1234)) return false;
    if (!mpio::store_be24(v, 5, 0xabcdef)) return false;
    if (mpio::store_be16(v, 7, 0xffff)) return false; // does not fit: nothing written
    return out[0] == 0xde && out[3] == 0xef && out[4] == 0x12 && out[5] == 0xab && out[7] == 0xef &&
           mpio::load_be32(byte_view(out), 0) == 0xdeadbeefu;
}
constexpr bool store64() noexcept
{
    byte out[8]{};
    return mpio::store_be64(mpio::mutable_byte_view(out), 0, 0x0102030405060708ull) && out[0] == 1 && out[7] == 8;
}
} // namespace

TEST_CASE("endian: stores are big-endian and bounded", "[core][endian]")
{
    STATIC_REQUIRE(store_roundtrip());
    STATIC_REQUIRE(store64());
    REQUIRE(store_roundtrip());
}

TEST_CASE("endian: bit fields are read as the standards draw them", "[core][endian]")
{
    STATIC_REQUIRE(mpio::bits(0x30, 5, 4) == 3); // TPGS in INQUIRY byte 5
    STATIC_REQUIRE(mpio::bits(0xe5, 7, 5) == 7);
    STATIC_REQUIRE(mpio::bits(0xe5, 4, 0) == 5);
    STATIC_REQUIRE(mpio::bits(0xff, 7, 0) == 0xff);
    STATIC_REQUIRE(mpio::bit(0x80, 7));
    STATIC_REQUIRE(!mpio::bit(0x7f, 7));
}

// ------------------------------------------------------------ little-endian
// The expected values are written as integers and the bytes as arrays, so
// the tests hold on any host order (the s390x CI run is big-endian).

TEST_CASE("endian: little-endian loads give the NVMe order on any CPU", "[core][endian]")
{
    constexpr byte_view v(be);
    STATIC_REQUIRE(mpio::load_le16(v, 0) == 0x2301);
    STATIC_REQUIRE(mpio::load_le32(v, 0) == 0x67452301u);
    STATIC_REQUIRE(mpio::load_le64(v, 0) == 0xefcdab8967452301ull);
    STATIC_REQUIRE(mpio::load_le64(v, 1) == 0xfeefcdab89674523ull);
    REQUIRE(mpio::load_le32(v, 4) == 0xefcdab89u);
    REQUIRE(mpio::load_le16(v, 7) == 0xfeef);
    // The two orders are each other's byte reversal, whatever the host.
    REQUIRE(mpio::load_le32(v, 2) == 0xab896745u);
    REQUIRE(mpio::load_be32(v, 2) == 0x456789abu);
}

TEST_CASE("endian: little-endian loads never read outside the view", "[core][endian]")
{
    constexpr byte_view v = byte_view(be).first(3);
    STATIC_REQUIRE(mpio::load_le32(v, 0) == 0x00452301u); // the missing high byte reads as zero
    STATIC_REQUIRE(mpio::load_le16(v, 3) == 0);
    STATIC_REQUIRE(mpio::load_le16(v, 2) == 0x0045);
    STATIC_REQUIRE(mpio::load_le64(v, static_cast<std::size_t>(-2)) == 0); // offset wrap-around
    STATIC_REQUIRE(!mpio::try_load_le32(v, 0).has_value());
    STATIC_REQUIRE(mpio::try_load_le32(v, 0).error() == mpio::errc::too_short);
    STATIC_REQUIRE(mpio::try_load_le16(v, 1).value() == 0x4523);
    STATIC_REQUIRE(!mpio::try_load_le16(v, 2).has_value());
    STATIC_REQUIRE(!mpio::try_load_le64(byte_view(be), 2).has_value());
    STATIC_REQUIRE(mpio::try_load_le64(byte_view(be), 1).value() == 0xfeefcdab89674523ull);
    STATIC_REQUIRE(mpio::try_load_le32(byte_view(be), 5).value() == 0xfeefcdabu);
    REQUIRE(!mpio::try_load_le64(byte_view{}, 0).has_value());
}

namespace {
constexpr bool store_le_roundtrip() noexcept
{
    byte out[8]{};
    const mpio::mutable_byte_view v(out);
    if (!mpio::store_le32(v, 0, 0xdeadbeefu)) return false;
    if (!mpio::store_le16(v, 4, 0x1234)) return false;
    if (mpio::store_le16(v, 7, 0xffff)) return false; // does not fit: nothing written
    if (mpio::store_le64(v, 1, 0)) return false;
    return out[0] == 0xef && out[1] == 0xbe && out[2] == 0xad && out[3] == 0xde && out[4] == 0x34 && out[5] == 0x12 &&
           out[7] == 0 && mpio::load_le32(byte_view(out), 0) == 0xdeadbeefu &&
           mpio::load_be32(byte_view(out), 0) == 0xefbeaddeu;
}
constexpr bool store_le64_bytes() noexcept
{
    byte out[8]{};
    return mpio::store_le64(mpio::mutable_byte_view(out), 0, 0x0102030405060708ull) && out[0] == 8 && out[1] == 7 &&
           out[6] == 2 && out[7] == 1 && mpio::load_le64(byte_view(out), 0) == 0x0102030405060708ull;
}
} // namespace

TEST_CASE("endian: little-endian stores are byte-wise and bounded", "[core][endian]")
{
    STATIC_REQUIRE(store_le_roundtrip());
    STATIC_REQUIRE(store_le64_bytes());
    REQUIRE(store_le_roundtrip());
    REQUIRE(store_le64_bytes());
}

} // namespace test_core_endian_test
