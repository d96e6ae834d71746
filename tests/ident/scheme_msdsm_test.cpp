// SPDX-License-Identifier: MIT
// Tests of mpio/ident/scheme_msdsm.hpp: the device serial number of
// Microsoft's multipath DSM (DsmpParseDeviceID(), DSM_DEVID_SERIAL_NUMBER).
#include <mpio/ident/scheme_msdsm.hpp>
#include <mpio/ident/schemes.hpp>

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
namespace test_ident_scheme_msdsm_test {

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
using ident::msdsm_scheme;

namespace {

using scheme = ident::msdsm_scheme;

// A page 80h with the given serial bytes.
struct vpd80 {
    byte bytes[64]{};
    std::size_t size = 4;
    constexpr vpd80(std::initializer_list<byte> serial)
    {
        bytes[1] = 0x80;
        for (const byte b : serial) bytes[size++] = b;
        bytes[3] = static_cast<byte>(size - 4);
    }
    [[nodiscard]] constexpr byte_view view() const { return {bytes, size}; }
};

constexpr std::initializer_list<byte> naa6_bytes = {0x60, 0x0a, 0x0b, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc};
constexpr std::initializer_list<byte> naa5_bytes = {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b};
constexpr std::initializer_list<byte> eui8_bytes = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
constexpr std::initializer_list<byte> name_bytes = {'i', 'q', 'n', '.', '2', '0', '0', '1', '-', '0',
                                                    '4', '.', 'c', 'o', 'm', '.', 'x', 0,   0,   0};
constexpr std::initializer_list<byte> t10_bytes = {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y', 'Z', '1'};

} // namespace

TEST_CASE("scheme_msdsm: registered in the scheme table", "[ident][scheme_msdsm]")
{
    STATIC_REQUIRE(ident::identity_scheme<msdsm_scheme>);
    STATIC_REQUIRE(!mpio::detail::is_null(ident::find_scheme("msdsm")));
    STATIC_REQUIRE(ident::find_scheme("msdsm")->derive_into == &msdsm_scheme::derive);
}

TEST_CASE("scheme_msdsm: every designator type, rendered", "[ident][scheme_msdsm]")
{
    // Binary: uppercase hex of the whole designator, no prefix.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, naa6_bytes), "600A0B800102030405060708090A0B0C"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, naa5_bytes), "5000C5003011CB2B"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, eui, eui8_bytes), "1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, vs, {0xde, 0xad, 0xbe, 0xef}), "DEADBEEF"));
    // Text: the bytes as a C string (to the first NUL), case kept.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(utf8, name, name_bytes), "iqn.2001-04.com.x"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, t10_bytes), "ABC     XYZ1"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, vs, {'s', 'n', '4', '2'}), "sn42"));
    // Types MSDSM never builds a serial number from.
    for (const std::uint8_t type : {rtp, tpg, lug, md5, uuid, std::uint8_t{9}}) {
        CHECK(no_identity<scheme>(
            vpd83().lu(binary, type, {0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf})));
    }
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, naa, naa5_bytes)).source() == identity_source::designator);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, naa, naa5_bytes)).designator_type() ==
                   scsi::designator_type::naa);
}

TEST_CASE("scheme_msdsm: type order SCSI name string > NAA > EUI-64 > T10 > vendor specific", "[ident][scheme_msdsm]")
{
    // Whatever the order on the page.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, naa, naa5_bytes).lu(utf8, name, name_bytes), "iqn.2001-04.com.x"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(utf8, name, name_bytes).lu(binary, naa, naa6_bytes), "iqn.2001-04.com.x"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, eui, eui8_bytes).lu(binary, naa, naa5_bytes), "5000C5003011CB2B"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, naa, naa5_bytes).lu(binary, eui, eui8_bytes), "5000C5003011CB2B"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, t10_bytes).lu(binary, eui, eui8_bytes), "1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, vs, {1, 2}).lu(ascii, t10, t10_bytes), "ABC     XYZ1"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, t10_bytes).lu(binary, vs, {1, 2}), "ABC     XYZ1"));
    // Unused types in between change nothing.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83()
                            .lu(binary, md5, {1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0})
                            .lu(binary, vs, {0xab})
                            .lu(binary, uuid, {0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0}),
                        "AB"));
}

TEST_CASE("scheme_msdsm: same type - the longer wins, a tie keeps the first", "[ident][scheme_msdsm]")
{
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, naa5_bytes).lu(binary, naa, naa6_bytes),
                                   "600A0B800102030405060708090A0B0C"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, naa6_bytes).lu(binary, naa, naa5_bytes),
                                   "600A0B800102030405060708090A0B0C"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, eui, eui8_bytes).lu(binary, eui, {9, 9, 9, 9, 9, 9, 9, 9}),
                                   "1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, eui, {9, 9, 9, 9, 9, 9, 9, 9}).lu(binary, eui, eui8_bytes),
                                   "0909090909090909"));
    // Length is DESIGNATOR LENGTH: padding NULs of a name string count.
    STATIC_REQUIRE(text_is<scheme>(vpd83()
                                       .lu(utf8, name, {'n', 'a', 'a', '.', '5', '1', 0, 0})
                                       .lu(utf8, name, {'e', 'u', 'i', '.', '1', '2', '3'}),
                                   "naa.51"));
}

TEST_CASE("scheme_msdsm: associations", "[ident][scheme_msdsm]")
{
    // Target-port designators are never used.
    STATIC_REQUIRE(no_identity<scheme>(vpd83().port(binary, naa, naa5_bytes).port(utf8, name, name_bytes)));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().port(utf8, name, name_bytes).lu(binary, eui, eui8_bytes), "1122334455667788"));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().descriptor(3, binary, naa, naa5_bytes)));
    // Target device: used when no logical-unit designator came before it.
    STATIC_REQUIRE(text_is<scheme>(vpd83().device(binary, naa, naa5_bytes), "5000C5003011CB2B"));
    // A logical-unit designator before it: the target device is ignored,
    // even with a preferred type.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, eui, eui8_bytes).device(utf8, name, name_bytes), "1122334455667788"));
    // A logical-unit designator after it replaces it when its type ranks at
    // least as high (same type: when longer) ...
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().device(binary, eui, eui8_bytes).lu(binary, naa, naa5_bytes), "5000C5003011CB2B"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().device(binary, naa, naa5_bytes).lu(binary, naa, naa6_bytes),
                                   "600A0B800102030405060708090A0B0C"));
    // ... but not when it ranks lower (MSDSM's walk, reproduced as is).
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().device(utf8, name, name_bytes).lu(binary, naa, naa6_bytes), "iqn.2001-04.com.x"));
    // Once a logical-unit designator is kept, a later target device one is not.
    STATIC_REQUIRE(text_is<scheme>(vpd83()
                                       .device(binary, eui, eui8_bytes)
                                       .lu(binary, eui, {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})
                                       .device(binary, naa, naa6_bytes),
                                   "090909090909090909090909"));
}

TEST_CASE("scheme_msdsm: code sets decide the rendering", "[ident][scheme_msdsm]")
{
    // An NAA designator declared ASCII is copied as text (here: unprintable
    // bytes, escaped in text(); the key holds them as they are).
    const device_identity odd = derive_with<scheme>(vpd83().lu(ascii, naa, {'5', 'A', 0x01}));
    CHECK(odd.found());
    CHECK(std::string(odd.text().c_str()) == "5A\\x01");
    CHECK(odd.key().size() == 3);
    // A name string declared binary is rendered as hex.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, name, {'n', 'a', 'a', '.'}), "6E61612E"));
    // Reserved code sets are not binary: text.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(0, t10, t10_bytes), "ABC     XYZ1"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(0xf, vs, {'x', 'y'}), "xy"));
}

TEST_CASE("scheme_msdsm: comparison is length + bytes, whatever the type", "[ident][scheme_msdsm]")
{
    // The same string from an ASCII vendor-specific designator and from a
    // binary NAA: MSDSM sees one serial number.
    constexpr device_identity a = derive_with<scheme>({{}, {}, vpd83().lu(binary, naa, naa5_bytes).view()});
    constexpr device_identity b = derive_with<scheme>(
        {{},
         {},
         vpd83()
             .lu(ascii, vs, {'5', '0', '0', '0', 'C', '5', '0', '0', '3', '0', '1', '1', 'C', 'B', '2', 'B'})
             .view()});
    STATIC_REQUIRE(ident::same_device(a, b));
    STATIC_REQUIRE(a.key().size() == 16);
    // Port designators never change the key.
    constexpr device_identity c = derive_with<scheme>(
        {{},
         {},
         vpd83().port(binary, rtp, {0, 0, 0, 1}).lu(binary, naa, naa5_bytes).port(binary, tpg, {0, 0, 0, 2}).view()});
    STATIC_REQUIRE(ident::same_device(a, c));
    // Different lengths never compare equal.
    constexpr device_identity d = derive_with<scheme>({{}, {}, vpd83().lu(ascii, vs, {'5', '0', '0', '0'}).view()});
    STATIC_REQUIRE(!ident::same_device(a, d));
}

TEST_CASE("scheme_msdsm: not ready, NULs and spaces", "[ident][scheme_msdsm]")
{
    STATIC_REQUIRE(not_ready<scheme>(vpd83().lu(binary, naa, {0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
    STATIC_REQUIRE(not_ready<scheme>(vpd83().lu(binary, eui, {0, 0, 0, 0, 0, 0, 0, 0})));
    STATIC_REQUIRE(not_ready<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', ' ', ' '})));
    STATIC_REQUIRE(not_ready<scheme>(vpd83().lu(ascii, vs, {' ', ' ', ' '})));
    // A T10 vendor ID with nothing after the vendor: an identifier like any
    // other (only a blank whole is not ready).
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'Q'}), "Q"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'A', 'C', 'M', 'E', ' ', ' ', ' ', ' '}), "ACME    "));
    STATIC_REQUIRE(not_ready<scheme>(vpd83().lu(ascii, t10, {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '})));
    // A not-ready identifier is still rendered.
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(binary, eui, {0, 0, 0, 0, 0, 0, 0, 0})).text().equals("0000000000000000"));
    STATIC_REQUIRE(!derive_with<scheme>(vpd83().lu(binary, eui, {0, 0, 0, 0, 0, 0, 0, 0})).unsafe_to_group());
    // Not-ready identities never group.
    constexpr device_identity blank =
        derive_with<scheme>({{}, {}, vpd83().lu(binary, eui, {0, 0, 0, 0, 0, 0, 0, 0}).view()});
    STATIC_REQUIRE(!ident::same_device(blank, blank));
    // Ordinary identifiers are never flagged.
    STATIC_REQUIRE(!derive_with<scheme>(vpd83().lu(binary, naa, naa5_bytes)).unsafe_to_group());
}

TEST_CASE("scheme_msdsm: the empty serial number - claimed, equal for every device, flagged", "[ident][scheme_msdsm]")
{
    // A text designator that starts with NUL: DsmpParseDeviceID() copies it,
    // DsmInquire() takes strlen() = 0, and DsmCompareDevices() finds every
    // such device equal (length 0, nothing to compare).
    constexpr device_identity a = derive_with<scheme>(vpd83().lu(utf8, name, {0, 0, 0, 0}));
    constexpr device_identity b = derive_with<scheme>(vpd83().lu(ascii, vs, {0, 'x'}));
    STATIC_REQUIRE(a.found());
    STATIC_REQUIRE(a.text().equals(""));
    STATIC_REQUIRE(a.key().empty());
    STATIC_REQUIRE(a.unsafe_to_group());
    STATIC_REQUIRE(b.unsafe_to_group());
    STATIC_REQUIRE(ident::same_device(a, b)); // as MSDSM merges them
    // An empty page 80h (PAGE LENGTH 0), the case: "" as well.
    constexpr device_identity c = derive_with<scheme>({{}, vpd80{}.view(), {}});
    STATIC_REQUIRE(c.found());
    STATIC_REQUIRE(c.source() == identity_source::unit_serial_number);
    STATIC_REQUIRE(c.text().equals(""));
    STATIC_REQUIRE(c.unsafe_to_group());
    STATIC_REQUIRE(ident::same_device(a, c));
    // A response shorter than the page header: byte 3 of the zero-filled
    // buffer is 0, so "" too.
    constexpr byte two[] = {0x00, 0x80};
    STATIC_REQUIRE(derive_with<scheme>({{}, byte_view(two), {}}).unsafe_to_group());
    // Not the same as a non-empty serial.
    constexpr device_identity d = derive_with<scheme>({{}, vpd80{'S', 'N'}.view(), {}});
    STATIC_REQUIRE(d.found());
    STATIC_REQUIRE(!d.unsafe_to_group());
    STATIC_REQUIRE(!ident::same_device(c, d));
}

TEST_CASE("scheme_msdsm: page 80h without page 83h", "[ident][scheme_msdsm]")
{
    constexpr vpd80 serial{'S', 'N', '0', '1', ' ', ' '};
    // No page 83h: DsmpGetSerialNumber().
    STATIC_REQUIRE(derive_with<scheme>({{}, serial.view(), {}}).text().equals("SN01  "));
    STATIC_REQUIRE(derive_with<scheme>({{}, serial.view(), {}}).source() == identity_source::unit_serial_number);
    // A designator wins over the serial number.
    STATIC_REQUIRE(derive_with<scheme>({{}, serial.view(), vpd83().lu(binary, vs, {1}).view()}).text().equals("01"));
    // NULs become spaces.
    constexpr vpd80 with_nul{'A', 0, 'B', 0};
    STATIC_REQUIRE(derive_with<scheme>({{}, with_nul.view(), {}}).text().equals("A B "));
    // All spaces: not ready.
    STATIC_REQUIRE(derive_with<scheme>({{}, vpd80{' ', ' '}.view(), {}}).status() == identity_status::not_ready);
}

TEST_CASE("scheme_msdsm: page 83h returned but no designator kept - not claimed, no page 80h fallback",
          "[ident][scheme_msdsm]")
{
    // DsmInquire(): DsmpParseDeviceID() returned NULL -> STATUS_NOT_SUPPORTED.
    constexpr vpd80 sn{' ', ' ', ' ', ' ', 'S', 'N', '2', '8', '4', '0', '6', '2', ' ', ' ', ' ', ' '};
    STATIC_REQUIRE(derive_with<scheme>({{}, sn.view(), {}}).text().equals("    SN284062    "));
    // The case: a logical-unit UUID plus port designators.
    constexpr vpd83 uuid_page =
        vpd83()
            .lu(binary, uuid, {0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0})
            .port(binary, rtp, {0, 0, 0, 1})
            .port(binary, tpg, {0, 0, 0, 2});
    STATIC_REQUIRE(derive_with<scheme>(uuid_page, {}, sn.view()).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>(uuid_page, {}, sn.view()).reason() == errc::not_found);
    // The only logical-unit designator is a logical unit group.
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, lug, {0, 0, 0, 7}), {}, sn.view()).status() ==
                   identity_status::none);
    // An empty NAA that wins the ranking over an EUI-64: no buffer, not claimed.
    constexpr vpd83 empty_naa = vpd83().lu(binary, eui, eui8_bytes).lu(binary, naa, {});
    STATIC_REQUIRE(derive_with<scheme>(empty_naa, {}, sn.view()).status() == identity_status::none);
    // Empty alone, and an empty text designator (no buffer either).
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, naa, {}), {}, sn.view()).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(ascii, t10, {}), {}, sn.view()).status() == identity_status::none);
    // Target-port designators only.
    STATIC_REQUIRE(derive_with<scheme>(vpd83().port(binary, naa, naa5_bytes), {}, sn.view()).status() ==
                   identity_status::none);
    // A reserved type Fh kept last.
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, 0xf, {1, 2, 3}), {}, sn.view()).status() ==
                   identity_status::none);
}

TEST_CASE("scheme_msdsm: DsmpGetSerialNumber() quirks", "[ident][scheme_msdsm]")
{
    const auto serial_of = [](const std::vector<byte>& page) {
        const device_identity id = derive_with<scheme>({{}, view(page), {}});
        REQUIRE(id.found());
        std::string s;
        for (const byte b : id.key().bytes()) s += static_cast<char>(b);
        return s;
    };
    // A 252-byte serial: only 255 bytes are transferred, so 251 characters
    // and, from the zero-filled buffer, a space.
    std::vector<byte> long_page(4 + 252, byte{'x'});
    long_page[0] = 0;
    long_page[1] = 0x80;
    long_page[2] = 0;
    long_page[3] = 252;
    CHECK(serial_of(long_page) == std::string(251, 'x') + " ");
    // PAGE LENGTH 255: 251 characters and four spaces.
    long_page[3] = 255;
    long_page.resize(4 + 255, byte{'x'});
    CHECK(serial_of(long_page) == std::string(251, 'x') + "    ");
    // A truncated page: the missing bytes read as zero, then spaces.
    const std::vector<byte> cut = {0x00, 0x80, 0x00, 0x08, 'S', 'N', '0', '1', '2'};
    CHECK(serial_of(cut) == "SN012   ");
    // A wrong page code: not checked.
    const std::vector<byte> wrong = {0x00, 0x83, 0x00, 0x04, 'S', 'N', '0', '1'};
    CHECK(serial_of(wrong) == "SN01");
    // PAGE LENGTH over 255 (0104h): only byte 3 counts, 4 characters.
    std::vector<byte> over(4 + 0x104, byte{'y'});
    over[0] = 0;
    over[1] = 0x80;
    over[2] = 0x01;
    over[3] = 0x04;
    CHECK(serial_of(over) == "yyyy");
    // The text shows the same characters.
    const device_identity id = derive_with<scheme>({{}, view(cut), {}});
    CHECK(std::string(id.text().c_str()) == "SN012   ");
    CHECK(id.source() == identity_source::unit_serial_number);
}

TEST_CASE("scheme_msdsm: no identifier - the device is not claimed", "[ident][scheme_msdsm]")
{
    STATIC_REQUIRE(derive_with<scheme>(ident::identity_input{}).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>(ident::identity_input{}).reason() == errc::not_found);
    STATIC_REQUIRE(no_identity<scheme>(vpd83()));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().port(binary, rtp, {0, 0, 0, 1})));
    // A reserved type Fh matches MSDSM's initial candidate and is dropped
    // at the end: a later preferred designator still counts.
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, 0xf, {1, 2, 3})));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, 0xf, {1, 2, 3}).lu(binary, vs, {4}), "04"));
    // Only page 83h, malformed or truncated: none, with the reason.
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, byte_view(vpd83().bytes, 3)}).reason() == errc::too_short);
}

TEST_CASE("scheme_msdsm: truncated and overrunning descriptors", "[ident][scheme_msdsm]")
{
    // PAGE LENGTH larger than the returned bytes: a preferred designator may
    // be missing, so no identifier.
    constexpr vpd83 cut = vpd83().lu(binary, naa, naa5_bytes).set_length(20);
    STATIC_REQUIRE(derive_with<scheme>(cut).reason() == errc::too_short);
    // A descriptor whose designator runs past PAGE LENGTH.
    constexpr vpd83 overrun = vpd83().lu(binary, naa, naa5_bytes).raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01});
    STATIC_REQUIRE(derive_with<scheme>(overrun).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>(overrun).reason() != errc::none);
    // A lone header fragment.
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, naa, naa5_bytes).raw({0x01, 0x03})).status() ==
                   identity_status::none);
    // Every prefix of a hand-built page: the whole page's identity or none.
    const vpd83 page = vpd83().port(binary, rtp, {0, 0, 0, 1}).lu(binary, naa, naa6_bytes).lu(utf8, name, name_bytes);
    const device_identity whole = derive_with<scheme>(page);
    REQUIRE(whole.found());
    for (std::size_t n = 0; n < page.size; ++n) {
        INFO("prefix " << n);
        CHECK(derive_with<scheme>({{}, {}, page.view().first(n)}).status() == identity_status::none);
    }
}

TEST_CASE("scheme_msdsm: long designators - rendered in full", "[ident][scheme_msdsm]")
{
    // 128 binary bytes: 256 hex digits, keyed as the string.
    const device_identity big = derive_with<scheme>(vpd83().filled(0, binary, vs, {}, 128, 0xab));
    CHECK(big.found());
    CHECK(big.text().size() == 256);
    CHECK(big.key().kind() == msdsm_scheme::kind_serial);
    // 129 binary bytes (the case): MSDSM renders 258 hex digits.
    const device_identity b129 = derive_with<scheme>(vpd83().filled(0, binary, vs, {}, 129, 0xab));
    REQUIRE(b129.found());
    std::string digits;
    for (int i = 0; i < 129; ++i) digits += "AB";
    CHECK(std::string(b129.text().c_str()) == digits);
    CHECK(b129.text().size() == 258);
    CHECK(!b129.text().overflowed());
    CHECK(b129.key().kind() == msdsm_scheme::kind_hex_bytes);
    CHECK(b129.key().size() == 129);
    // 255 binary bytes: 510 digits, all of them.
    const device_identity b255 = derive_with<scheme>(vpd83().filled(0, binary, vs, {}, 255, 0x0f));
    REQUIRE(b255.found());
    CHECK(b255.text().size() == 510);
    CHECK(!b255.text().overflowed());
    // Equal strings, equal keys; one byte apart, different keys.
    vpd83 other = vpd83().filled(0, binary, vs, {}, 129, 0xab);
    CHECK(ident::same_device(b129, derive_with<scheme>(other)));
    other.bytes[other.size - 1] = 0xac;
    CHECK(!ident::same_device(b129, derive_with<scheme>(other)));
    CHECK(!ident::same_device(b129, big));
    // 255 text bytes fit the key as they are.
    const device_identity text = derive_with<scheme>(vpd83().filled(0, ascii, vs, {}, 255, 'x'));
    CHECK(text.found());
    CHECK(text.key().size() == 255);
    CHECK(text.key().kind() == msdsm_scheme::kind_serial);
}

TEST_CASE("scheme_msdsm: corpus files", "[ident][scheme_msdsm][data]")
{
    const auto serial = [](byte_view page) {
        const device_identity id = derive_with<scheme>({{}, {}, page});
        return id.found() ? std::string(id.text().c_str()) : std::string("-");
    };
    {
        // The LU NAA comes first: the target-device name string is ignored.
        const std::vector<byte> data = load("vpd_dev_id.hex");
        CHECK(serial(view(data)) == "5000C5003011CB2B");
    }
    {
        // vendor specific < T10 < EUI-64 8 < 12 < 16 < NAA 8 < NAA 16.
        const std::vector<byte> data = load("vpd_di_all.hex");
        CHECK(serial(view(data)) == "6122334455667788AABBCCDDEEFFEEDD");
    }
    {
        // A pre-SPC-2 page has no descriptors: the serial number, if any.
        const std::vector<byte> data = load("vpd_di_old_emc_symm.hex");
        CHECK(serial(view(data)) == "-");
    }
    const std::vector<byte> sdeb = load("vpd_sdeb.hex");
    const scsi::vpd_page_list pages(view(sdeb));
    const auto p83 = pages.find(0x83);
    const auto p80 = pages.find(0x80);
    REQUIRE(p83.has_value());
    REQUIRE(p80.has_value());
    // scsi_debug: a T10 vendor ID and an NAA 3 LU designator: NAA wins.
    CHECK(serial(p83->bytes()) == "33333330000007D0");
    const device_identity by_serial = derive_with<scheme>({{}, p80->bytes(), {}});
    CHECK(by_serial.found());
    CHECK(std::string(by_serial.text().c_str()) == "2000");

    for (const char* file : {"vpd_dev_id.hex", "vpd_di_all.hex"}) {
        const std::vector<byte> data = load(file);
        const device_identity whole = derive_with<scheme>({{}, {}, view(data)});
        for (std::size_t n = 0; n <= data.size(); ++n) {
            INFO(file << " prefix " << n);
            const device_identity part = derive_with<scheme>({{}, {}, view(data).first(n)});
            if (n == data.size())
                CHECK(ident::same_device(part, whole));
            else
                CHECK(part.status() == identity_status::none);
        }
    }
}

} // namespace test_ident_scheme_msdsm_test
