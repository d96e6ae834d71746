// SPDX-License-Identifier: MIT
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_core_descriptor_list_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;

namespace {
// A toy TLV list: [type][length] then `length` bytes.
struct tlv {
    byte type = 0;
    byte_view value;
    std::size_t offset = 0;
};
struct tlv_traits {
    using value_type = tlv;
    static constexpr mpio::result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < 2) return mpio::failure(errc::too_short);
        const std::size_t size = 2u + rest[1];
        if (size > rest.size()) return mpio::failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr tlv make(byte_view entry, std::size_t offset) noexcept
    {
        return {entry[0], entry.subview(2), offset};
    }
};
using tlv_list = mpio::descriptor_list<tlv_traits>;

constexpr byte good[] = {1, 2, 0xaa, 0xbb, 2, 0, 3, 1, 0xcc};
constexpr byte overrun[] = {1, 1, 0xaa, 2, 5, 0xbb};
constexpr byte dangling[] = {1, 0, 7};

constexpr std::size_t sum_types(byte_view v) noexcept
{
    std::size_t sum = 0;
    for (const tlv t : tlv_list(v)) sum += t.type;
    return sum;
}
} // namespace

TEST_CASE("descriptor_list: iterates well-formed entries lazily", "[core][descriptor_list]")
{
    STATIC_REQUIRE(sum_types(byte_view(good)) == 6);
    STATIC_REQUIRE(tlv_list(byte_view(good)).status().ok());
    STATIC_REQUIRE(tlv_list(byte_view(good)).status().count == 3);
    STATIC_REQUIRE(tlv_list(byte_view(good)).status().offset == sizeof good);
    STATIC_REQUIRE(tlv_list(byte_view(good)).at(2).value().offset == 6);
    STATIC_REQUIRE(tlv_list(byte_view(good)).at(3).error() == errc::not_found);
    STATIC_REQUIRE(tlv_list(byte_view{}).status().count == 0);
    STATIC_REQUIRE(tlv_list(byte_view{}).status().ok());
}

TEST_CASE("descriptor_list: a malformed entry stops the walk, earlier ones stay", "[core][descriptor_list]")
{
    constexpr tlv_list bad(byte_view{overrun});
    STATIC_REQUIRE(sum_types(byte_view(overrun)) == 1);
    STATIC_REQUIRE(bad.status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(bad.status().offset == 3);
    STATIC_REQUIRE(bad.status().count == 1);
    STATIC_REQUIRE(bad.at(0).value().value.size() == 1);
    STATIC_REQUIRE(bad.at(1).error() == errc::descriptor_overrun);

    constexpr tlv_list tail(byte_view{dangling});
    STATIC_REQUIRE(tail.status().error == errc::too_short);
    STATIC_REQUIRE(tail.status().offset == 2);
    STATIC_REQUIRE(tail.status().count == 1);

    std::size_t seen = 0;
    for (auto it = bad.begin(); it != bad.end(); ++it) ++seen;
    REQUIRE(seen == 1);
}

namespace {
struct zero_size_traits { // a buggy traits class must not hang the walk
    using value_type = int;
    static constexpr mpio::result<std::size_t> entry_size(byte_view) noexcept { return std::size_t{0}; }
    static constexpr int make(byte_view, std::size_t) noexcept { return 0; }
};
} // namespace

TEST_CASE("descriptor_list: a zero-size entry is an error, not an endless loop", "[core][descriptor_list]")
{
    constexpr mpio::descriptor_list<zero_size_traits> l(byte_view{good});
    STATIC_REQUIRE(l.status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(l.status().count == 0);
}

} // namespace test_core_descriptor_list_test
