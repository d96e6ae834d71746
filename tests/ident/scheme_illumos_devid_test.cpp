// SPDX-License-Identifier: MIT
// Tests of mpio/ident/scheme_illumos_devid.hpp: the illumos devid GUID
// (usr/src/common/devid/devid_scsi.c ddi_devid_scsi_encode() version 2,
// ddi_devid_to_guid()).
#include <mpio/ident/scheme_illumos_devid.hpp>

#include <mpio/scsi/vpd.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"
#include "vpd83_builder.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_scheme_illumos_devid_test {

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
using ident::identity_source;
using ident::identity_status;
using ident::illumos_devid_scheme;

namespace {

using scheme = ident::illumos_devid_scheme;

// A standard INQUIRY of `n` bytes: VENDOR, PRODUCT, then `tail` at byte 36.
struct inquiry {
    byte bytes[64]{};
    std::size_t size = 0;
    constexpr inquiry(const char* vendor_product, std::size_t n, std::initializer_list<byte> tail = {}) : size(n)
    {
        bytes[4] = 0x1f;
        for (std::size_t i = 0; i < 24; ++i) bytes[8 + i] = static_cast<byte>(vendor_product[i]);
        std::size_t at = 36;
        for (const byte b : tail) bytes[at++] = b;
    }
    [[nodiscard]] constexpr byte_view view() const { return {bytes, size}; }
};

// A Unit Serial Number page.
struct vpd80 {
    byte bytes[64]{};
    std::size_t size = 4;
    constexpr vpd80(std::initializer_list<byte> serial, std::size_t extra_length = 0)
    {
        bytes[1] = 0x80;
        for (const byte b : serial) bytes[size++] = b;
        bytes[3] = static_cast<byte>(size - 4 + extra_length);
    }
    [[nodiscard]] constexpr byte_view view() const { return {bytes, size}; }
};

constexpr inquiry acme("ACME    DISKARRAY       ", 36);
constexpr vpd80 sn({'S', 'N', '1', '2', '3'});

constexpr vpd83 naa6 = vpd83().lu(binary, naa, {0x60, 0x0a, 0x0b, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc});
constexpr vpd83 naa5 = vpd83().lu(binary, naa, {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
constexpr vpd83 eui8 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 t10_des = vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y', 'Z'});

} // namespace

TEST_CASE("scheme_illumos_devid: designator types, rendered as lowercase hex", "[ident][scheme_illumos_devid]")
{
    STATIC_REQUIRE(text_is<scheme>(naa6, "600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(text_is<scheme>(naa5, "5000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(eui8, "1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(t10_des, "414243202020202058595a")); // the bytes, in hex
    // NAA format, NAA length and EUI-64 length are not checked.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, naa, {0x20, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55}), "2000001122334455"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, {0x10, 0xab}), "10ab"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, eui, {0xAB, 0xCD, 0xEF}), "abcdef"));
    STATIC_REQUIRE(derive_with<scheme>(naa6).source() == identity_source::designator);
    STATIC_REQUIRE(derive_with<scheme>(naa6).designator_type() == scsi::designator_type::naa);
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().scheme() == illumos_devid_scheme::id);
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().kind() == 3);
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().size() == 16); // the raw id
    STATIC_REQUIRE(derive_with<scheme>(t10_des).key().kind() == 1);
    // Never: vendor specific, name string, UUID, MD5, groups, ports.
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, vs, {1, 2, 3, 4})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(utf8, name, {'n', 'a', 'a', '.', '6', '0', 0, 0})));
    STATIC_REQUIRE(no_identity<scheme>(
        vpd83().lu(binary, uuid, {0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0xff})));
    STATIC_REQUIRE(
        no_identity<scheme>(vpd83().lu(binary, md5, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, lug, {0, 0, 0, 1})));
}

TEST_CASE("scheme_illumos_devid: NAA > EUI-64 > T10, ties", "[ident][scheme_illumos_devid]")
{
    STATIC_REQUIRE(text_is<scheme>(
        vpd83(t10_des).lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8}).lu(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 9}),
        "5000000000000009"));
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8}).lu(ascii, t10, {'Q'}),
                                   "5000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(vpd83(eui8).lu(ascii, t10, {'Q'}), "1122334455667788"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(ascii, t10, {'Q'}).lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8}), "0102030405060708"));
    // The first NAA ends the walk: a later (stronger-looking) NAA is not seen.
    STATIC_REQUIRE(text_is<scheme>(
        vpd83(naa5).lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}), "5000c5003011cb2b"));
    // EUI-64 and T10: the LAST of each wins.
    STATIC_REQUIRE(text_is<scheme>(vpd83(eui8).lu(binary, eui, {0x99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}),
                                   "990102030405060708090a0b"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'A'}).lu(ascii, t10, {'B'}), "42"));
}

TEST_CASE("scheme_illumos_devid: associations, PIV and code sets", "[ident][scheme_illumos_devid]")
{
    constexpr vpd83 others = vpd83()
                                 .port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                 .device(binary, naa, {0x60, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})
                                 .descriptor(3, binary, naa, {0x60, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8})
                                 .port(ascii, t10, {'P'})
                                 .lu(ascii, t10, {'L', 'U'});
    STATIC_REQUIRE(text_is<scheme>(others, "4c55"));
    STATIC_REQUIRE(
        no_identity<scheme>(vpd83().port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})));
    // byte 1 & 3Fh: PIV (bit 7) is masked out.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().raw({0x61, 0x83, 0x00, 0x08, 0x50, 0, 0, 0, 0, 0, 0, 7}), "5000000000000007"));
    // Code set not looked at.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(utf8, naa, {0x50, 0, 0, 0, 0, 0, 0, 1}), "5000000000000001"));
    // Same LU, different port designators => same identity.
    constexpr vpd83 path_a =
        vpd83(naa5).port(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 0xa}).port(binary, rtp, {0, 0, 0, 1});
    constexpr vpd83 path_b = vpd83()
                                 .port(binary, rtp, {0, 0, 0, 2})
                                 .raw({0x01, 0x03, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
    STATIC_REQUIRE(ident::same_device(derive_with<scheme>(path_a), derive_with<scheme>(path_b)));
}

TEST_CASE("scheme_illumos_devid: not ready (is_initialized_id)", "[ident][scheme_illumos_devid]")
{
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, naa, {0, 0, 0, 0, 0, 0, 0, 0})).status() ==
                   identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(ascii, t10, {' ', ' ', ' ', ' '})).status() ==
                   identity_status::not_ready);
    // Spaces and zeros mixed: initialized, as far as illumos is concerned.
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(ascii, t10, {' ', 0, ' ', 0})).status() == identity_status::found);
    // NAA 6h with a zero identifier: the NAA nibble makes it non-zero.
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(binary, naa, {0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).found());
}

TEST_CASE("scheme_illumos_devid: page bounds", "[ident][scheme_illumos_devid]")
{
    // PAGE LENGTH + 4 beyond the returned bytes: page 83h unusable.
    STATIC_REQUIRE(no_identity<scheme>(vpd83(naa5).set_length(1)));
    // A descriptor running past the buffer ends the walk; earlier ones count.
    STATIC_REQUIRE(text_is<scheme>(vpd83(t10_des).raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01}), "414243202020202058595a"));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01})));
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).raw({0x01, 0x03}), "5000c5003011cb2b"));
    // PAGE LENGTH covering the first descriptor only: the walk stops there.
    constexpr vpd83 short_length = [] {
        vpd83 p = vpd83(t10_des).lu(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 1});
        p.bytes[3] = 15; // the T10 descriptor
        return p;
    }();
    STATIC_REQUIRE(text_is<scheme>(short_length, "414243202020202058595a"));
    // PAGE LENGTH ending inside a descriptor: the count of bytes left wraps
    // (size_t) and the walk goes on to the end of the returned bytes.
    constexpr vpd83 wraps = [] {
        vpd83 p = vpd83(t10_des).lu(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 1});
        p.bytes[3] = 4;
        return p;
    }();
    STATIC_REQUIRE(text_is<scheme>(wraps, "5000000000000001"));
    // A zero-length designator chosen: no id from page 83h (kmem_alloc(0)).
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, naa, {})));
    STATIC_REQUIRE(derive_with<scheme>({acme.view(), sn.view(), vpd83().lu(binary, naa, {}).view()}).source() ==
                   identity_source::unit_serial_number);
    STATIC_REQUIRE(derive_with<scheme>(ident::identity_input{}).reason() == errc::not_found);
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, byte_view(naa5.bytes, 3)}).reason() == errc::not_found);
    // A standard INQUIRY of 1..3 bytes fails (inq_len < 4).
    STATIC_REQUIRE(derive_with<scheme>({byte_view(acme.bytes, 3), {}, naa5.view()}).reason() == errc::too_short);
}

TEST_CASE("scheme_illumos_devid: serial number fallbacks", "[ident][scheme_illumos_devid]")
{
    // VENDOR + PRODUCT + serial number, in hex.
    constexpr device_identity id = derive_with<scheme>({acme.view(), sn.view(), {}});
    STATIC_REQUIRE(id.found());
    STATIC_REQUIRE(id.source() == identity_source::unit_serial_number);
    STATIC_REQUIRE(id.key().kind() == 0x80);
    STATIC_REQUIRE(id.text().equals("41434d45202020204449534b415252415920202020202020534e313233"));
    // Page 83h first, when it has an id.
    STATIC_REQUIRE(derive_with<scheme>({acme.view(), sn.view(), naa5.view()}).text().equals("5000c5003011cb2b"));
    // All-space serial: nothing; NULs count as characters.
    STATIC_REQUIRE(derive_with<scheme>({acme.view(), vpd80({' ', ' '}).view(), {}}).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>({acme.view(), vpd80({0, 0}).view(), {}}).found());
    STATIC_REQUIRE(derive_with<scheme>({acme.view(), vpd80({}).view(), {}}).status() == identity_status::none);
    // PAGE LENGTH beyond the returned bytes: invalid page.
    STATIC_REQUIRE(derive_with<scheme>({acme.view(), vpd80({'A'}, 1).view(), {}}).status() == identity_status::none);
    // No INQUIRY (or too short for VENDOR/PRODUCT): no serial fallback.
    STATIC_REQUIRE(derive_with<scheme>({{}, sn.view(), {}}).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>({byte_view(acme.bytes, 31), sn.view(), {}}).status() == identity_status::none);
    // Sun-qualified disk ("SUN" at bytes 25..27): serial from INQUIRY 36..47.
    constexpr inquiry sun("SEAGATE ST39204LCSUN9.0G", 48, {'3', 'B', 'V', '0', 'L', '8', '8', 'P', '0', '0', '0', '0'});
    constexpr device_identity s = derive_with<scheme>({sun.view(), {}, {}});
    STATIC_REQUIRE(s.found());
    CHECK(std::string(s.text().c_str()) == "5345414741544520535433393230344c4353554e392e3047334256304c38385030303030");
    STATIC_REQUIRE(derive_with<scheme>({byte_view(sun.bytes, 47), {}, {}}).status() == identity_status::none);
}

TEST_CASE("scheme_illumos_devid: corpus files", "[ident][scheme_illumos_devid][data]")
{
    const auto guid = [](byte_view inq, byte_view page) {
        const device_identity id = derive_with<scheme>({inq, {}, page});
        return id.found() ? std::string(id.text().c_str()) : std::string("-");
    };
    // The LU NAA 5h (byte 1 03h); the NAA at 61 93 is a port's.
    CHECK(guid({}, view(load("vpd_dev_id.hex"))) == "5000c5003011cb2b");
    // T10, EUI-64 x3, then the first NAA (5h) stops the walk.
    CHECK(guid({}, view(load("vpd_di_all.hex"))) == "5122334455667788");
    // scsi_debug: T10 then NAA 3h: the NAA.
    const std::vector<byte> sdeb = load("vpd_sdeb.hex");
    const auto p83 = scsi::vpd_page_list(view(sdeb)).find(0x83);
    REQUIRE(p83.has_value());
    CHECK(guid({}, p83->bytes()) == "33333330000007d0");
    // The pre-SPC-2 EMC page: as descriptors nothing (60 06 04 80 is no
    // type 1/2/3 and overruns); with the EMC SYMMETRIX INQUIRY the page
    // fails is_page83_data_valid() and the bare 16 bytes are the id.
    const std::vector<byte> emc = load("vpd_di_old_emc_symm.hex");
    const std::vector<byte> emc_inq = load("inq_emc_symm.hex");
    CHECK(guid({}, view(emc)) == "-");
    CHECK(guid(view(emc_inq), view(emc)) == "6006048000123456789abcdef0123456");
    CHECK(derive_with<scheme>({view(emc_inq), {}, view(emc)}).source() == identity_source::legacy_page83);
    // The EMC path only for a page illumos finds invalid.
    CHECK(guid(view(emc_inq), naa6.view()) == "600a0b800102030405060708090a0b0c");
    for (const char* file : {"vpd_dev_id.hex", "vpd_di_all.hex", "vpd_di_old_emc_symm.hex"}) {
        const std::vector<byte> data = load(file);
        for (std::size_t n = 0; n <= data.size(); ++n) {
            const device_identity id = derive_with<scheme>({view(emc_inq), {}, view(data).first(n)});
            CHECK((id.status() == identity_status::none || id.found()));
        }
    }
}

} // namespace test_ident_scheme_illumos_devid_test
