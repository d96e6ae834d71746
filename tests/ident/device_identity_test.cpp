// SPDX-License-Identifier: MIT
// Tests of mpio/ident/device_identity.hpp and ident/schemes.hpp: the key,
// the status, blank detection and run-time selection of a scheme by name.
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/schemes.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_device_identity_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace ident = mpio::ident;
using ident::device_identity;
using ident::identity_key;
using ident::identity_status;

namespace {

constexpr byte abc[] = {'a', 'b', 'c'};
constexpr byte abd[] = {'a', 'b', 'd'};
constexpr byte ab[] = {'a', 'b'};
constexpr byte c_only[] = {'c'};
constexpr byte zeros[] = {0, 0, 0};
constexpr byte spaces[] = {' ', ' '};
constexpr byte mixed[] = {0, ' ', 0};

constexpr identity_key key(std::uint8_t scheme, std::uint8_t kind, byte_view a, byte_view b = {})
{
    identity_key k;
    k.assign(scheme, kind, a, b);
    return k;
}

// A page-sized buffer for the capacity checks.
struct big {
    byte bytes[300]{};
};

} // namespace

TEST_CASE("device_identity: is_blank", "[ident][device_identity]")
{
    STATIC_REQUIRE(ident::is_blank(byte_view{}));
    STATIC_REQUIRE(ident::is_blank(zeros));
    STATIC_REQUIRE(ident::is_blank(spaces));
    STATIC_REQUIRE(ident::is_blank(mixed));
    STATIC_REQUIRE_FALSE(ident::is_blank(abc));
}

TEST_CASE("device_identity: identity_key compares whole identifiers", "[ident][device_identity]")
{
    STATIC_REQUIRE(key(1, 3, abc) == key(1, 3, abc));
    STATIC_REQUIRE(key(1, 3, abc).hash() == key(1, 3, abc).hash());
    STATIC_REQUIRE_FALSE(key(1, 3, abc) == key(1, 3, abd));
    STATIC_REQUIRE_FALSE(key(1, 3, abc) == key(2, 3, abc)); // another scheme
    STATIC_REQUIRE_FALSE(key(1, 3, abc) == key(1, 2, abc)); // another kind
    STATIC_REQUIRE_FALSE(key(1, 3, abc) == key(1, 3, ab));
    // Parts are concatenated: the key is the identifier, not its pieces.
    STATIC_REQUIRE(key(1, 3, ab, c_only) == key(1, 3, abc));
    STATIC_REQUIRE(key(1, 3, abc).size() == 3);
    STATIC_REQUIRE(key(1, 3, abc).bytes() == byte_view(abc));
    STATIC_REQUIRE(key(1, 3, abc).hash() != key(1, 3, abd).hash());
}

TEST_CASE("device_identity: identity_key refuses what does not fit", "[ident][device_identity]")
{
    static constexpr big b{};
    identity_key k;
    CHECK(k.assign(1, 1, byte_view(b.bytes, 256)));
    CHECK(k.size() == 256);
    CHECK_FALSE(k.assign(1, 1, byte_view(b.bytes, 257)));
    CHECK(k.empty());
    CHECK_FALSE(k.assign(1, 1, byte_view(b.bytes, 200), byte_view(b.bytes, 57)));
    CHECK(k.assign(1, 1, byte_view(b.bytes, 200), byte_view(b.bytes, 50), byte_view(b.bytes, 6)));
    CHECK_FALSE(k.assign(1, 1, byte_view(b.bytes, 200), byte_view(b.bytes, 50), byte_view(b.bytes, 7)));
}

TEST_CASE("device_identity: status and grouping", "[ident][device_identity]")
{
    constexpr device_identity missing = [] {
        device_identity id;
        id.fail(errc::too_short);
        return id;
    }();
    STATIC_REQUIRE(missing.status() == identity_status::none);
    STATIC_REQUIRE(missing.reason() == errc::too_short);
    STATIC_REQUIRE_FALSE(ident::same_device(missing, missing));

    device_identity a;
    a.key().assign(1, 3, abc);
    a.set(ident::identity_source::designator, mpio::scsi::designator_type::naa, false);
    device_identity b = a;
    CHECK(ident::same_device(a, b));
    b.set(ident::identity_source::designator, mpio::scsi::designator_type::naa, true);
    CHECK(b.status() == identity_status::not_ready);
    CHECK_FALSE(ident::same_device(a, b)); // not ready never groups
    // A reused object: reset() and fail() leave nothing of the previous
    // identity visible.
    b.text().append("old");
    CHECK(b.fail(errc::not_found) == identity_status::none);
    CHECK(b.key().empty());
    CHECK(b.key().hash() == device_identity{}.key().hash());
    CHECK(b.text().empty());
    CHECK(b.source() == ident::identity_source::none);
    CHECK(std::string(ident::to_string(identity_status::not_ready)) == "not ready");
    CHECK(std::string(ident::to_string(ident::identity_source::unit_serial_number)) == "unit serial number");
}

TEST_CASE("device_identity: schemes by name", "[ident][device_identity][schemes]")
{
    STATIC_REQUIRE(ident::scheme_count >= 2);
    STATIC_REQUIRE(!mpio::detail::is_null(ident::find_scheme("mpio")));
    STATIC_REQUIRE(!mpio::detail::is_null(ident::find_scheme("multipath-tools")));
    STATIC_REQUIRE(ident::find_scheme("multipath") == nullptr);
    STATIC_REQUIRE(ident::find_scheme("mpioo") == nullptr);
    STATIC_REQUIRE(ident::find_scheme("") == nullptr);
    STATIC_REQUIRE(ident::find_scheme("mpio")->derive_into == &ident::mpio_scheme::derive);
    constexpr byte name[] = {'m', 'u', 'l', 't', 'i', 'p', 'a', 't', 'h', '-', 't', 'o', 'o', 'l', 's'};
    STATIC_REQUIRE(ident::find_scheme(mpio::ascii_view(byte_view(name))) == ident::find_scheme("multipath-tools"));
    // Names are unique.
    for (std::size_t i = 0; i < ident::scheme_count; ++i)
        for (std::size_t j = i + 1; j < ident::scheme_count; ++j)
            CHECK(std::string(ident::schemes[i].name) != ident::schemes[j].name);
    // Every scheme runs on empty input and yields nothing.
    for (const auto& s : ident::schemes) CHECK(s.derive({}).status() == identity_status::none);
}

} // namespace test_ident_device_identity_test
