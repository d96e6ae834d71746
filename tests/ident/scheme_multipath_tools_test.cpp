// SPDX-License-Identifier: MIT
// Tests of mpio/ident/scheme_multipath_tools.hpp: multipath-tools' fallback
// WWID (libmultipath/discovery.c parse_vpd_pg83()).
#include <mpio/ident/scheme_multipath_tools.hpp>

#include <mpio/scsi/vpd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"
#include "vpd83_builder.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_scheme_multipath_tools_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
using mpio_test::vpd83;
using namespace mpio_test; // code sets and designator types
namespace scsi = mpio::scsi;
namespace ident = mpio::ident;
using ident::device_identity;
using ident::identity_status;
using ident::multipath_tools_scheme;

namespace {

using scheme = ident::multipath_tools_scheme;

constexpr vpd83 naa6 = vpd83().lu(binary, naa, {0x60, 0x0a, 0x0b, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc});
constexpr vpd83 naa5 = vpd83().lu(binary, naa, {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
constexpr vpd83 naa2 = vpd83().lu(binary, naa, {0x20, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55});
constexpr vpd83 naa3 = vpd83().lu(binary, naa, {0x33, 0x33, 0x30, 0x00, 0x00, 0x00, 0x07, 0xd0});
constexpr vpd83 eui8 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 eui12 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 1, 0x23});
constexpr vpd83 eui16 = vpd83().lu(
    binary, eui, {1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 name_naa = vpd83().lu(utf8, name, {'n', 'a', 'a', '.', '5', '0', '0', '0', 'C', '5', 0, 0});
constexpr vpd83 t10_des = vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y', 'Z', '1'});

} // namespace

TEST_CASE("scheme_multipath_tools: every chosen designator type, rendered", "[ident][scheme_multipath_tools]")
{
    STATIC_REQUIRE(text_is<scheme>(naa6, "3600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(text_is<scheme>(naa5, "35000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(naa2, "32000001122334455"));
    STATIC_REQUIRE(text_is<scheme>(naa3, "333333000000007d0"));
    STATIC_REQUIRE(text_is<scheme>(eui8, "21122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(eui12, "2112233445566778800000123"));
    STATIC_REQUIRE(text_is<scheme>(eui16, "20123456789abcdef1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(name_naa, "35000c5"));
    STATIC_REQUIRE(text_is<scheme>(t10_des, "1ABC_XYZ1"));
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().bytes() == byte_view(derive_with<scheme>(naa6).key().bytes()));
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().scheme() == multipath_tools_scheme::id);
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().size() == 33); // the key is the WWID text
    // Never chosen: vendor specific, UUID, MD5, logical unit group.
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, vs, {1, 2, 3, 4})));
    STATIC_REQUIRE(no_identity<scheme>(
        vpd83().lu(binary, uuid, {0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0xff})));
    STATIC_REQUIRE(
        no_identity<scheme>(vpd83().lu(binary, md5, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, lug, {0, 0, 0, 1})));
}

TEST_CASE("scheme_multipath_tools: priorities", "[ident][scheme_multipath_tools]")
{
    // Highest first: NAA 6 > NAA 5 > NAA 2 > EUI-64 > name string > T10 > NAA 3.
    const vpd83* const order[] = {&naa6, &naa5, &naa2, &eui16, &name_naa, &t10_des, &naa3};
    const std::size_t n = sizeof(order) / sizeof(order[0]);
    for (std::size_t strong = 0; strong < n; ++strong) {
        for (std::size_t weak = strong + 1; weak < n; ++weak) {
            INFO("strong " << strong << " weak " << weak);
            const std::string expected = derive_with<scheme>(*order[strong]).text().c_str();
            vpd83 weak_first;
            vpd83 strong_first;
            for (std::size_t i = 4; i < order[weak]->size; ++i) weak_first.raw({order[weak]->bytes[i]});
            for (std::size_t i = 4; i < order[strong]->size; ++i) {
                weak_first.raw({order[strong]->bytes[i]});
                strong_first.raw({order[strong]->bytes[i]});
            }
            for (std::size_t i = 4; i < order[weak]->size; ++i) strong_first.raw({order[weak]->bytes[i]});
            CHECK(derive_with<scheme>(weak_first).text().c_str() == expected);
            CHECK(derive_with<scheme>(strong_first).text().c_str() == expected);
        }
    }
    // EUI-64 lengths share one priority: the first wins.
    STATIC_REQUIRE(text_is<scheme>(
        vpd83(eui8).lu(binary, eui, {0x99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}), "21122334455667788"));
}

TEST_CASE("scheme_multipath_tools: ties, first wins", "[ident][scheme_multipath_tools]")
{
    STATIC_REQUIRE(text_is<scheme>(
        vpd83().lu(binary, naa, {0x52, 0, 0, 0, 0, 0, 0, 2}).lu(binary, naa, {0x51, 0, 0, 0, 0, 0, 0, 1}),
        "35200000000000002"));
    STATIC_REQUIRE(text_is<scheme>(vpd83()
                                       .lu(ascii, t10, {'B', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '2'})
                                       .lu(ascii, t10, {'A', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '1'}),
                                   "1B_2"));
    STATIC_REQUIRE(text_is<scheme>(
        vpd83().lu(utf8, name, {'i', 'q', 'n', '.', 'B', 0, 0, 0}).lu(utf8, name, {'e', 'u', 'i', '.', 'A', 0, 0, 0}),
        "8B"));
}

TEST_CASE("scheme_multipath_tools: logical unit association only", "[ident][scheme_multipath_tools]")
{
    constexpr vpd83 ports = vpd83()
                                .port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                .device(binary, naa, {0x60, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})
                                .device(utf8, name, {'n', 'a', 'a', '.', '6', '0', 0, 0})
                                .descriptor(3, binary, naa, {0x60, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8})
                                .lu(binary, naa, {0x33, 0, 0, 0, 0, 0, 0, 1});
    STATIC_REQUIRE(text_is<scheme>(ports, "33300000000000001"));
    STATIC_REQUIRE(
        no_identity<scheme>(vpd83().port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})));
    // Same LU, different port designators => same WWID.
    constexpr vpd83 path_a =
        vpd83(naa5).port(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 0xa}).port(binary, rtp, {0, 0, 0, 1});
    constexpr vpd83 path_b = vpd83()
                                 .port(binary, rtp, {0, 0, 0, 2})
                                 .raw({0x01, 0x03, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
    STATIC_REQUIRE(ident::same_device(derive_with<scheme>(path_a), derive_with<scheme>(path_b)));
}

TEST_CASE("scheme_multipath_tools: code set ignored, lengths checked", "[ident][scheme_multipath_tools]")
{
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, naa, {0x50, 0, 0, 0, 0, 0, 0, 1}), "35000000000000001"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(0, eui, {1, 2, 3, 4, 5, 6, 7, 8}), "20102030405060708"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, name, {'e', 'u', 'i', '.', 'A', 'b', 0, 0}), "2ab"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'Z'}), "1ABC_Z"));
    // Invalid lengths are skipped (the walk goes on).
    STATIC_REQUIRE(text_is<scheme>(vpd83()
                                       .lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7})
                                       .lu(binary, naa, {0x50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                       .lu(binary, naa, {0x20, 1, 2, 3, 4, 5, 6})
                                       .lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
                                       .lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' '})
                                       .lu(binary, naa, {0x33, 0, 0, 0, 0, 0, 0, 9}),
                                   "33300000000000009"));
    // Other NAA values have no priority.
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, naa, {0x10, 1, 2, 3, 4, 5, 6, 7})));
    // A name string needs the exact lowercase prefix.
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(utf8, name, {'N', 'A', 'A', '.', '6', 0, 0, 0})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(utf8, name, {'n', 'a', 'a'})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(utf8, name, {'x', 'y', 'z', '.', '6', 0, 0, 0})));
}

TEST_CASE("scheme_multipath_tools: name strings, NULs and case", "[ident][scheme_multipath_tools]")
{
    // eui./naa. lower-cased, iqn. kept; prefix dropped; cut at the first NUL.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(utf8, name, {'e', 'u', 'i', '.', 'A', 'B', 'C', 'D', 0, 0, 0, 0}), "2abcd"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(utf8, name, {'n', 'a', 'a', '.', '6', '0', 'A', 'B', 0, 'C', 'D', 0}), "360ab"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(utf8, name, {'i', 'q', 'n', '.', '2', '0', '0', '1', '-', '0',
                                                           '4', '.', 'c', 'o', 'm', '.', 'E', 'x', 0,   0}),
                                   "82001-04.com.Ex"));
    // Without a NUL, the whole designator.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(utf8, name, {'n', 'a', 'a', '.', '6', '0', 'A', 'B'}), "360ab"));
}

TEST_CASE("scheme_multipath_tools: T10 vendor ID spaces", "[ident][scheme_multipath_tools]")
{
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'L', 'i', 'n', 'u', 'x', ' ', ' ', ' ', 's', 'c',
                                                           's', 'i', ' ', ' ', '2', '0', '0', '0', ' ', ' '}),
                                   "1Linux_scsi_2000"));
    // Leading spaces become one '_'; trailing ones are dropped.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(ascii, t10, {' ', ' ', 'A', 'B', 'C', ' ', ' ', ' ', 'X', ' '}), "1_ABC_X"));
    // A NUL ends the WWID (multipath-tools appends it and reads a C string).
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'A', ' ', ' ', 0, ' ', 'B', 'C', 'D', 'E'}), "1A_"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 0, ' ', 'B', 'C', 'D', 'E', 'F'}), "1AB"));
}

TEST_CASE("scheme_multipath_tools: not ready", "[ident][scheme_multipath_tools]")
{
    constexpr vpd83 zero_naa = vpd83().lu(binary, naa, {0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    STATIC_REQUIRE(derive_with<scheme>(zero_naa).status() == identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(zero_naa).text().equals("360000000000000000000000000000000"));
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', ' ', ' '})).status() ==
        identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, eui, {0, 0, 0, 0, 0, 0, 0, 0})).status() ==
                   identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(utf8, name, {'n', 'a', 'a', '.', 0, 0, 0, 0})).status() ==
                   identity_status::not_ready);
}

TEST_CASE("scheme_multipath_tools: long designators are clamped", "[ident][scheme_multipath_tools]")
{
    // 200-byte T10 vendor ID: 128 bytes used, the WWID cut to 127 characters.
    constexpr vpd83 long_t10 = vpd83().filled(0, ascii, t10, {'V', 'E', 'N', 'D', 'O', 'R', ' ', ' '}, 192, 'x');
    constexpr device_identity id = derive_with<scheme>(long_t10);
    STATIC_REQUIRE(id.found());
    STATIC_REQUIRE(id.text().size() == 127);
    STATIC_REQUIRE(id.key().size() == 127);
    CHECK(std::string(id.text().c_str()) == "1VENDOR_" + std::string(119, 'x'));
    // 255-byte name string.
    constexpr vpd83 long_name = vpd83().filled(0, utf8, name, {'i', 'q', 'n', '.'}, 251, 'Q');
    CHECK(std::string(derive_with<scheme>(long_name).text().c_str()) == "8" + std::string(124, 'Q'));
}

TEST_CASE("scheme_multipath_tools: overrunning and truncated pages", "[ident][scheme_multipath_tools]")
{
    // A descriptor running past the page stops the walk; what was chosen
    // before it is still used.
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01}), "35000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(
        vpd83(t10_des).raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01}).lu(binary, naa, {0x50, 0, 0}), "1ABC_XYZ1"));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01})));
    // A partial header at the end is ignored.
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).raw({0x01, 0x03}), "35000c5003011cb2b"));
    // PAGE LENGTH beyond the returned bytes: the returned part is walked.
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).set_length(40), "35000c5003011cb2b"));
    // PAGE LENGTH shorter than the bytes: only PAGE LENGTH counts.
    constexpr vpd83 beyond = [] {
        vpd83 p = vpd83(naa5).lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        p.bytes[3] = 12; // PAGE LENGTH covers the NAA 5 descriptor only
        return p;
    }();
    STATIC_REQUIRE(text_is<scheme>(beyond, "35000c5003011cb2b"));
    STATIC_REQUIRE(derive_with<scheme>(ident::identity_input{}).reason() == errc::not_found);
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, byte_view(naa5.bytes, 3)}).reason() == errc::too_short);
}

TEST_CASE("scheme_multipath_tools: corpus files", "[ident][scheme_multipath_tools][data]")
{
    const auto wwid = [](byte_view page) {
        const device_identity id = derive_with<scheme>({{}, {}, page});
        return id.found() ? std::string(id.text().c_str()) : std::string("-");
    };
    {
        const std::vector<byte> data = load("vpd_dev_id.hex");
        CHECK(wwid(view(data)) == "35000c5003011cb2b");
    }
    {
        const std::vector<byte> data = load("vpd_di_all.hex");
        CHECK(wwid(view(data)) == "36122334455667788aabbccddeeffeedd");
    }
    {
        // multipath-tools walks the pre-SPC-2 page as descriptors: the first
        // "header" (60 06 04 80) is a logical unit group of 128 bytes that
        // overruns the page, so there is no WWID.
        const std::vector<byte> data = load("vpd_di_old_emc_symm.hex");
        CHECK(wwid(view(data)) == "-");
    }
    {
        const std::vector<byte> sdeb = load("vpd_sdeb.hex");
        const auto p83 = scsi::vpd_page_list(view(sdeb)).find(0x83);
        REQUIRE(p83.has_value());
        CHECK(wwid(p83->bytes()) == "1Linux_scsi_debug_2000");
    }
    // Every prefix of a real page parses cleanly.
    for (const char* file : {"vpd_dev_id.hex", "vpd_di_all.hex", "vpd_di_old_emc_symm.hex"}) {
        const std::vector<byte> data = load(file);
        for (std::size_t n = 0; n <= data.size(); ++n) {
            const device_identity id = derive_with<scheme>({{}, {}, view(data).first(n)});
            CHECK((id.status() == identity_status::none || id.found()));
        }
    }
}

} // namespace test_ident_scheme_multipath_tools_test
