// SPDX-License-Identifier: MIT
// Tests of mpio/ident/scheme_systemd_scsi_id.hpp: udev's `scsi_id --export`
// ID_SERIAL and friends (systemd src/udev/scsi_id/scsi_serial.c, scsi_id.c).
// Expected strings are derived by hand from that source (see the header
// comment); tests/differential/scsi_id_diff.cpp runs the real scsi_id.
#include <mpio/ident/scheme_systemd_scsi_id.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"
#include "vpd83_builder.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_scheme_systemd_scsi_id_test {

using mpio::byte;
using mpio::byte_view;
using mpio_test::load;
using mpio_test::view;
using mpio_test::vpd83;
using namespace mpio_test; // code sets and designator types
namespace ident = mpio::ident;
using ident::device_identity;
using ident::identity_input;
using ident::identity_source;
using ident::identity_status;
using ident::scsi_id_export;
using ident::scsi_id_values;
using ident::systemd_scsi_id_scheme;

namespace {

using scheme = ident::systemd_scsi_id_scheme;

// Standard INQUIRY data with vendor "VENDOR  " and product "PRODUCT         ".
struct inquiry {
    byte bytes[36]{0x00, 0x00, 0x06, 0x02, 31,  0,   0,   0,   'V', 'E', 'N', 'D', 'O', 'R', ' ', ' ', 'P', 'R',
                   'O',  'D',  'U',  'C',  'T', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '1', '.', '0', ' '};
    [[nodiscard]] constexpr byte_view view() const { return {bytes, 36}; }
};
constexpr inquiry std_inq{};

struct vpd80 {
    byte bytes[32]{0x00, 0x80, 0x00, 0x08, ' ', 'S', 'E', 'R', ' ', ' ', '1', ' '};
    [[nodiscard]] constexpr byte_view view() const { return {bytes, 12}; }
};
constexpr vpd80 serial_page{};

constexpr scsi_id_export values(const vpd83& page, bool with_inquiry = true, bool with_80 = false)
{
    return scsi_id_values(identity_input{with_inquiry ? std_inq.view() : byte_view{},
                                         with_80 ? serial_page.view() : byte_view{}, page.view()});
}

constexpr bool serial_is(const vpd83& page, const char* serial, const char* serial_short = nullptr)
{
    const scsi_id_export e = values(page);
    return e.id_serial.equals(serial) && (serial_short == nullptr || e.id_serial_short.equals(serial_short));
}

constexpr vpd83 naa6 = vpd83().lu(binary, naa, {0x60, 0x0a, 0x0b, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc});
constexpr vpd83 naa5 = vpd83().lu(binary, naa, {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
constexpr vpd83 naa3 = vpd83().lu(binary, naa, {0x33, 0x33, 0x30, 0x00, 0x00, 0x00, 0x07, 0xd0});
constexpr vpd83 eui8 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 t10_des = vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y', 'Z', '1'});
constexpr vpd83 vs_bin = vpd83().lu(binary, vs, {0xde, 0xad, 0xbe, 0xef});

} // namespace

TEST_CASE("scheme_systemd_scsi_id: each designator type, binary as lowercase hex behind its type digit",
          "[ident][scheme_systemd_scsi_id]")
{
    STATIC_REQUIRE(serial_is(naa6, "3600a0b800102030405060708090a0b0c", "600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(serial_is(naa5, "35000c5003011cb2b", "5000c5003011cb2b"));
    STATIC_REQUIRE(serial_is(naa3, "333333000000007d0"));
    STATIC_REQUIRE(serial_is(eui8, "21122334455667788", "1122334455667788"));
    // T10: ASCII as is, then udev_replace_whitespace() folds the spaces.
    STATIC_REQUIRE(serial_is(t10_des, "1ABC_XYZ1", "ABC_XYZ1"));
    // Vendor specific: '0' + vendor + product + hex; the spaces fold.
    STATIC_REQUIRE(serial_is(vs_bin, "0VENDOR_PRODUCT_deadbeef", "deadbeef"));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, t10, {'A', 'B'}), "14142"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, eui, {'E', 'U', 'I'}), "2EUI"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, vs, {'v', ' ', 's'}), "0VENDOR_PRODUCT_v_s", "v_s"));
    // Never: name strings, MD5, UUID, logical unit group, relative port.
    STATIC_REQUIRE(values(vpd83().lu(utf8, name, {'n', 'a', 'a', '.', '5', '0'})).id_serial.empty());
    STATIC_REQUIRE(values(vpd83().lu(binary, md5, {1, 2, 3, 4})).id_serial.empty());
    STATIC_REQUIRE(values(vpd83().lu(binary, uuid, {0x10, 0, 1, 2})).id_serial.empty());
    STATIC_REQUIRE(values(vpd83().lu(binary, lug, {0, 0, 0, 4})).id_serial.empty());
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(utf8, name, {'i', 'q', 'n', '.'})).status() == identity_status::none);
}

TEST_CASE("scheme_systemd_scsi_id: search list order, code sets, associations, ties", "[ident][scheme_systemd_scsi_id]")
{
    // id_search_list: NAA 6 bin, NAA 6 ascii, NAA 5 bin, NAA 5 ascii, any NAA
    // bin/ascii, EUI-64, T10, vendor specific - page order does not matter.
    // The NAA of an ASCII designator is the high nibble of its first
    // character: 'a' (61h) is NAA 6, '5' (35h) is NAA 3.
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8}).lu(ascii, naa, {'5', 'A'}), "35A"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, naa, {'5', 'A'}).lu(binary, naa, {0x33, 1}), "33301"));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, naa, {0x50, 1, 2, 3, 4, 5, 6, 7}).lu(ascii, naa, {'a', 'x'}), "3ax"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'T'}).lu(binary, eui, {9, 9}).lu(binary, vs, {1}), "20909"));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, vs, {1}).lu(ascii, t10, {'T'}), "1T"));
    // Ties: the first in page order.
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, naa, {0x51, 1}).lu(binary, naa, {0x52, 2}), "35101"));
    // CODE SET UTF-8 (3) and 0 match no entry.
    STATIC_REQUIRE(values(vpd83().lu(utf8, t10, {'A'}).lu(0, naa, {0x60})).id_serial.empty());
    // Target port and target device designators never give the serial.
    STATIC_REQUIRE(values(vpd83().port(binary, naa, {0x50, 1}).device(binary, naa, {0x50, 2})).id_serial.empty());
    STATIC_REQUIRE(values(vpd83().descriptor(3, binary, naa, {0x50, 1})).id_serial.empty());
    // The target port group (target port association) sets ID_TARGET_PORT.
    constexpr scsi_id_export tpg_e = values(vpd83().port(binary, tpg, {0, 0, 0x01, 0xa2}).lu(binary, naa, {0x50, 1}));
    STATIC_REQUIRE(tpg_e.id_target_port.equals("1a2"));
    STATIC_REQUIRE(tpg_e.id_serial.equals("35001"));
    STATIC_REQUIRE(values(vpd83().port(binary, tpg, {0, 0, 0, 0})).id_target_port.equals("0"));
}

TEST_CASE("scheme_systemd_scsi_id: ID_WWN and ID_WWN_VENDOR_EXTENSION", "[ident][scheme_systemd_scsi_id]")
{
    constexpr scsi_id_export e6 = values(naa6);
    STATIC_REQUIRE(e6.id_wwn.equals("0x600a0b8001020304"));
    STATIC_REQUIRE(e6.id_wwn_vendor_extension.equals("0x05060708090a0b0c"));
    STATIC_REQUIRE(e6.id_wwn_with_extension.equals("0x600a0b800102030405060708090a0b0c"));
    constexpr scsi_id_export e5 = values(naa5);
    STATIC_REQUIRE(e5.id_wwn.equals("0x5000c5003011cb2b"));
    STATIC_REQUIRE(e5.id_wwn_vendor_extension.empty());
    STATIC_REQUIRE(e5.id_wwn_with_extension.equals("0x5000c5003011cb2b"));
    STATIC_REQUIRE(values(eui8).id_wwn.empty());
    // ASCII NAA: the characters themselves.
    STATIC_REQUIRE(values(vpd83().lu(ascii, naa, {'5', 'a', 'b'})).id_wwn.equals("0x5ab"));
    // printed raw, control characters and bytes >= 80h included (the real
    // scsi_id does; ID_SERIAL of the same designator is udev-encoded).
    constexpr scsi_id_export raw = values(vpd83().lu(ascii, naa, {'6', 0x01, '\n', 0xe9}));
    STATIC_REQUIRE(raw.id_wwn.equals("0x6\x01\n\xe9"));
    STATIC_REQUIRE(raw.id_serial.equals("36___"));
}

TEST_CASE("scheme_systemd_scsi_id: udev whitespace and character replacement", "[ident][scheme_systemd_scsi_id]")
{
    // Leading " \t\n\r" dropped; a leading \v is isspace() but not in
    // WHITESPACE, so it becomes a '_' before the next character.
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'A', '\t', ' ', 'B', ' ', ' '}), "1A_B"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'\v', 'A'}), "1_A", "_A"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {' ', 'A'}), "1_A", "A"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'A', '/', 'B', '*', '"'}), "1A_B__"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'#', '+', '-', '.', ':', '=', '@', '_'}), "1#+-.:=@_"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'\\', 'x', '2', '0', '\\', 'y'}), "1\\x20_y"));
    // Valid UTF-8 kept, invalid, overlong and surrogate bytes replaced.
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {0xc3, 0xa9, 'A'}), "1\xc3\xa9"
                                                                        "A"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {0xc0, 0x80, 'A'}), "1__A"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {0xed, 0xa0, 0x80}), "1___"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {0xef, 0xbf, 0xbe}), "1___"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {0xf0, 0x9f, 0x98, 0x80}), "1\xf0\x9f\x98\x80"));
    // A NUL ends the ASCII designator (C string).
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'A', 'B', 0, 'C'}), "1AB", "AB"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {0, 'C'}), "1", ""));
}

TEST_CASE("scheme_systemd_scsi_id: page 80h fallback and vendor/model", "[ident][scheme_systemd_scsi_id]")
{
    // 'S' + vendor + product + serial; spaces folded, leading ones dropped.
    constexpr scsi_id_export e = values(vpd83().lu(utf8, name, {'x'}), true, true);
    STATIC_REQUIRE(e.id_serial.equals("SVENDOR_PRODUCT_SER_1"));
    STATIC_REQUIRE(e.id_serial_short.equals("SER_1"));
    STATIC_REQUIRE(e.source == identity_source::unit_serial_number);
    STATIC_REQUIRE(scsi_id_values({std_inq.view(), serial_page.view(), {}}).id_serial.equals("SVENDOR_PRODUCT_SER_1"));
    // Page 83h wins when it has a designator.
    STATIC_REQUIRE(values(naa5, true, true).id_serial.equals("35000c5003011cb2b"));
    // No INQUIRY data (or a NUL in vendor/product): vendor specific and page
    // 80h are unusable; scsi_id still prints the '0' / 'S' it had written.
    STATIC_REQUIRE(values(vs_bin, false).id_serial.equals("0"));
    STATIC_REQUIRE(values(vs_bin, false, true).id_serial.equals("S"));
    STATIC_REQUIRE(derive_with<scheme>({{}, serial_page.view(), vs_bin.view()}).status() == identity_status::none);
}

TEST_CASE("scheme_systemd_scsi_id: pre-SPC-2 EMC layout", "[ident][scheme_systemd_scsi_id]")
{
    // Byte 6 non-zero: '3' + hex of page byte 3 bytes; SHORT keeps the '3'.
    constexpr vpd83 emc =
        vpd83().raw({0x60, 0x06, 0x04, 0x80, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56});
    constexpr scsi_id_export e = values(emc);
    STATIC_REQUIRE(e.id_serial.equals("36006048000123456789abcdef0123456"));
    STATIC_REQUIRE(e.id_serial_short.equals("36006048000123456789abcdef0123456"));
    STATIC_REQUIRE(e.source == identity_source::legacy_page83);
    STATIC_REQUIRE(e.id_wwn.empty());
}

TEST_CASE("scheme_systemd_scsi_id: lengths, truncation, overruns, not ready", "[ident][scheme_systemd_scsi_id]")
{
    // Binary designators up to 127 bytes fit the 256-byte serial; 128 do not.
    constexpr vpd83 fits = vpd83().filled(0, binary, eui, {}, 127, 0xab);
    STATIC_REQUIRE(values(fits).id_serial.size() == 255);
    STATIC_REQUIRE(values(vpd83().filled(0, binary, eui, {}, 128, 0xab)).id_serial.empty());
    STATIC_REQUIRE(serial_is(vpd83().filled(0, binary, eui, {}, 128, 0xab).lu(ascii, t10, {'T'}), "1T"));
    // Vendor specific: 24 more characters (whose spaces fold: 255 - 9).
    STATIC_REQUIRE(values(vpd83().filled(0, binary, vs, {}, 115, 1)).id_serial.size() == 246);
    STATIC_REQUIRE(values(vpd83().filled(0, binary, vs, {}, 116, 1)).id_serial.empty());
    // Returned bytes end inside the designator: scsi_id's buffer is zeroed.
    vpd83 cut = naa5;
    cut.size = 4 + 4 + 4;
    REQUIRE(values(cut).id_serial.equals("35000c50000000000"));
    // Wrong page code: no identifier from that page.
    vpd83 wrong = naa5;
    wrong.bytes[1] = 0x80;
    REQUIRE(values(wrong).id_serial.empty());
    // Not ready: all-space T10 vendor specific part.
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', ' ', ' '})).status() ==
        identity_status::not_ready);
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(binary, naa, {0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).status() ==
        identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(naa6).found());
    STATIC_REQUIRE(derive_with<scheme>(naa6).text().equals("3600a0b800102030405060708090a0b0c"));
    // The text is ID_SERIAL as printed: valid UTF-8 kept, not shown as dots.
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(ascii, t10, {'V', 'e', 'n', 0xc3, 0xa9})).text().equals("1Ven\xc3\xa9"));
    STATIC_REQUIRE(derive_with<scheme>(vpd83()).status() == identity_status::none);
}

namespace {
// The page with this page code out of a file of several responses.
byte_view page_of(const std::vector<byte>& all, byte code)
{
    for (std::size_t off = 0; off + 4 <= all.size();) {
        const std::size_t len = 4 + ((std::size_t{all[off + 2]} << 8) | all[off + 3]);
        if (all[off + 1] == code) return byte_view(all.data() + off, len).first(all.size() - off);
        off += len;
    }
    return {};
}
} // namespace

TEST_CASE("scheme_systemd_scsi_id: corpus pages", "[ident][scheme_systemd_scsi_id]")
{
    const auto dev_id = load("vpd_dev_id.hex");
    const scsi_id_export a = scsi_id_values({{}, {}, view(dev_id)});
    CHECK(a.id_serial.equals("35000c5003011cb2b"));
    CHECK(a.id_serial_short.equals("5000c5003011cb2b"));
    CHECK(a.id_wwn.equals("0x5000c5003011cb2b"));

    const auto all = load("vpd_di_all.hex");
    const scsi_id_export b = scsi_id_values({{}, {}, view(all)});
    CHECK(b.id_serial.equals("36122334455667788aabbccddeeffeedd"));
    CHECK(b.id_wwn.equals("0x6122334455667788"));
    CHECK(b.id_wwn_vendor_extension.equals("0xaabbccddeeffeedd"));
    CHECK(b.id_target_port.equals("3"));

    const auto emc = load("vpd_di_old_emc_symm.hex");
    const scsi_id_export c = scsi_id_values({{}, {}, view(emc)});
    CHECK(c.id_serial.equals("36006048000123456789abcdef0123456"));

    // scsi_debug: T10 "Linux   scsi_debug      2000" first, but any NAA (the
    // NAA 3 locally assigned one, 33333330000007d0h) ranks before T10.
    const auto sdeb = load("vpd_sdeb.hex");
    const scsi_id_export d = scsi_id_values({{}, page_of(sdeb, 0x80), page_of(sdeb, 0x83)});
    CHECK(d.id_serial.equals("333333330000007d0"));
    CHECK(d.id_wwn.equals("0x33333330000007d0"));

    // Every prefix of a real page derives cleanly (a cut designator reads
    // as zeros, as in scsi_id's zeroed buffer: not ready).
    for (std::size_t n = 0; n <= all.size(); ++n) {
        const device_identity id = derive_with<scheme>({{}, {}, view(all).first(n)});
        CHECK((id.status() == identity_status::none || !id.text().empty()));
    }
}

} // namespace test_ident_scheme_systemd_scsi_id_test
