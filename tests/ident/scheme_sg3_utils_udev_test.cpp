// SPDX-License-Identifier: MIT
// Tests of mpio/ident/scheme_sg3_utils_udev.hpp: the sg3_utils udev rules'
// ID_SERIAL (55-scsi-sg3_id.rules over `sg_inq --export`). The expected
// values follow sg_inq.c export_dev_ids()/encode_whitespaces() and were
// checked against Debian's sg_inq 1.46 (tests/differential/sg3_udev_diff.sh
// repeats that check on every build where sg_inq is installed).
#include <mpio/ident/scheme_sg3_utils_udev.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"
#include "vpd83_builder.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_scheme_sg3_utils_udev_test {

using mpio::byte;
using mpio::byte_view;
using mpio_test::load;
using mpio_test::view;
using mpio_test::vpd83;
using namespace mpio_test; // code sets and designator types
namespace ident = mpio::ident;
namespace sg3_source = ident::sg3_source;
using ident::device_identity;
using ident::identity_input;
using ident::identity_source;
using ident::identity_status;
using ident::sg3_udev_export;
using ident::sg3_udev_values;
using ident::sg3_utils_udev_scheme;

namespace {

using scheme = ident::sg3_utils_udev_scheme;

struct inquiry {
    byte bytes[36]{0x00, 0x00, 0x06, 0x02, 31,  0,   0,   0,   'V', 'E', 'N', ' ', 'D', 'O', 'R', ' ', 'P', 'R',
                   'O',  'D',  'U',  'C',  'T', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '1', '.', '0', ' '};
    [[nodiscard]] constexpr byte_view view() const { return {bytes, 36}; }
};
constexpr inquiry std_inq{};

struct vpd80 {
    byte bytes[12]{0x00, 0x80, 0x00, 0x08, ' ', 'S', 'E', 'R', ' ', ' ', '1', '/'};
    [[nodiscard]] constexpr byte_view view() const { return {bytes, 12}; }
};
constexpr vpd80 serial_page{};

constexpr sg3_udev_export values(const vpd83& page, unsigned sources = sg3_source::rules_default)
{
    return sg3_udev_values(identity_input{std_inq.view(), serial_page.view(), page.view()}, sources);
}

constexpr bool serial_is(const vpd83& page, const char* serial, unsigned sources = sg3_source::rules_default)
{
    return values(page, sources).id_serial.equals(serial);
}

constexpr vpd83 naa6 = vpd83().lu(binary, naa, {0x60, 0x0a, 0x0b, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc});
constexpr vpd83 naa5 = vpd83().lu(binary, naa, {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
constexpr vpd83 naa2 = vpd83().lu(binary, naa, {0x20, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55});
constexpr vpd83 naa3 = vpd83().lu(binary, naa, {0x33, 0x33, 0x30, 0x00, 0x00, 0x00, 0x07, 0xd0});
constexpr vpd83 eui8 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 t10_des = vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', '/', 'Z', ' '});
constexpr vpd83 vs_des = vpd83().lu(binary, vs, {0xde, 0xad});
constexpr vpd83 iqn = vpd83().lu(utf8, name, {'i', 'q', 'n', '.', 'X', 0, 0, 0});

} // namespace

TEST_CASE("scheme_sg3_utils_udev: each source and its prefix", "[ident][scheme_sg3_utils_udev]")
{
    STATIC_REQUIRE(serial_is(naa6, "3600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(serial_is(naa5, "35000c5003011cb2b"));
    STATIC_REQUIRE(serial_is(naa2, "32000001122334455"));
    STATIC_REQUIRE(serial_is(eui8, "21122334455667788"));
    STATIC_REQUIRE(serial_is(iqn, "8iqn.X"));
    // Any prefix (sg_inq's prefix test never rejects), up to the NUL.
    STATIC_REQUIRE(serial_is(vpd83().lu(utf8, name, {'A', 'B', 'C', 0, 'D'}), "8ABC"));
    // T10: blanks folded, '/' escaped; on by default ('T').
    STATIC_REQUIRE(serial_is(t10_des, "1ABC_X\\x2fZ"));
    STATIC_REQUIRE(values(t10_des).id_serial_short.equals("ABC_X\\x2fZ"));
    STATIC_REQUIRE(serial_is(t10_des, "", 0));
    // NAA local ('L'), vendor specific ('V'), unit serial ('S'): off by default.
    STATIC_REQUIRE(serial_is(naa3, ""));
    STATIC_REQUIRE(serial_is(naa3, "333333000000007d0", sg3_source::naa_local));
    STATIC_REQUIRE(serial_is(vs_des, ""));
    STATIC_REQUIRE(serial_is(vs_des, "0VEN_DOR_PRODUCT_dead", sg3_source::vendor));
    STATIC_REQUIRE(serial_is(vpd83(), "SVEN_DOR_PRODUCT_SER_1\\x2f", sg3_source::serial));
    STATIC_REQUIRE(values(vpd83(), sg3_source::all).source == identity_source::unit_serial_number);
    STATIC_REQUIRE(sg3_source::from_letters("TLVS") == sg3_source::all);
    STATIC_REQUIRE(sg3_source::from_letters("xS") == sg3_source::serial);
    STATIC_REQUIRE(sg3_source::from_letters("") == 0);
    // The sources as a template argument.
    STATIC_REQUIRE(derive_with<ident::basic_sg3_utils_udev_scheme<sg3_source::naa_local>>({{}, {}, naa3.view()})
                       .text()
                       .equals("333333000000007d0"));
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, naa3.view()}).status() == identity_status::none);
    // Never: MD5, UUID, groups, relative port.
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, md5, {1, 2}).lu(binary, uuid, {0x10, 0}).lu(binary, lug, {0, 0, 0, 1}),
                             "", sg3_source::t10 | sg3_source::naa_local | sg3_source::vendor));
}

TEST_CASE("scheme_sg3_utils_udev: rule order, last value wins, code sets, associations",
          "[ident][scheme_sg3_utils_udev]")
{
    // REGEXT > REG > EXT > EUI64 > NAME > T10 > LOCAL > VENDOR > SERIAL.
    STATIC_REQUIRE(
        serial_is(vpd83().lu(ascii, t10, {'T'}).lu(utf8, name, {'n'}).lu(binary, eui, {1}), "201", sg3_source::all));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, eui, {1}).lu(binary, naa, {0x20, 1}), "32001"));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, naa, {0x20, 1}).lu(binary, naa, {0x50, 2}), "35002"));
    // The same variable twice: the later descriptor wins (udev IMPORT).
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, eui, {1}).lu(binary, eui, {2}), "202"));
    // ...even an empty T10 value, which unsets it.
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'A'}).lu(ascii, t10, {' ', ' '}), ""));
    // NAA of any nibble and length; not 6/5/2 is LOCAL.
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, naa, {0x60}), "360"));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, naa, {0x10, 1}), "", sg3_source::t10));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, naa, {0x10, 1}), "31001", sg3_source::naa_local));
    // Code sets: NAA and EUI-64 binary only, name UTF-8 only, T10 other
    // code sets as hex.
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, naa, {'5'}).lu(ascii, eui, {'1'}).lu(ascii, name, {'n'}), ""));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, t10, {'A', 'B'}), "14142"));
    STATIC_REQUIRE(serial_is(vpd83().lu(utf8, vs, {'v', '!'}), "0VEN_DOR_PRODUCT_v\\x21", sg3_source::vendor));
    // Port and target associations are not LUN variables; association 3
    // ends the walk.
    STATIC_REQUIRE(serial_is(vpd83().port(binary, naa, {0x50, 1}).device(binary, eui, {1}), ""));
    STATIC_REQUIRE(serial_is(vpd83().descriptor(3, binary, naa, {0x50, 1}).lu(binary, eui, {1}), ""));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, eui, {1}).descriptor(3, binary, naa, {0x50, 1}), "201"));
}

TEST_CASE("scheme_sg3_utils_udev: ATA and encode_whitespaces", "[ident][scheme_sg3_utils_udev]")
{
    // "ATA     x/y " encodes to "ATA_x/y": ID_SERIAL is the rest, unescaped,
    // ahead of every other source.
    constexpr vpd83 ata =
        vpd83().lu(binary, naa, {0x50, 1}).lu(ascii, t10, {'A', 'T', 'A', ' ', ' ', 'x', '/', 'y', ' '});
    STATIC_REQUIRE(serial_is(ata, "x/y"));
    STATIC_REQUIRE(values(ata).lun_t10.equals("ATA_x\\x2fy"));
    // Leading blanks then control bytes dropped; one NUL skipped, two end.
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {' ', 1, 2, 'A', 0, 'B', 0, 0, 'C'}), "1AB"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'A', 0x7f, 0xc3, 'B'}), "1A..B"));
    STATIC_REQUIRE(serial_is(vpd83().lu(ascii, t10, {'A', '_', ' ', '\t', 'B'}), "1A_B"));
    // Vendor specific: length 1..128, and text that encodes to nothing is
    // not printed (an earlier value stays).
    STATIC_REQUIRE(
        serial_is(vpd83().lu(ascii, vs, {'v'}).lu(ascii, vs, {' '}), "0VEN_DOR_PRODUCT_v", sg3_source::vendor));
    STATIC_REQUIRE(serial_is(vpd83().filled(0, binary, vs, {}, 129, 1), "", sg3_source::vendor));
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, vs, {}), "", sg3_source::vendor));
}

TEST_CASE("scheme_sg3_utils_udev: pre-SPC-2 layout, truncation, overruns, not ready", "[ident][scheme_sg3_utils_udev]")
{
    // Byte 6 non-zero: the payload is one NAA designator, whatever its length.
    constexpr vpd83 emc =
        vpd83().raw({0x60, 0x06, 0x04, 0x80, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56});
    STATIC_REQUIRE(serial_is(emc, "36006048000123456789abcdef0123456"));
    STATIC_REQUIRE(values(emc).source == identity_source::legacy_page83);
    STATIC_REQUIRE(serial_is(vpd83().raw({0x01, 0x03, 0x01, 0x08, 0x50, 0, 0xc5, 0, 0x30, 0x11, 0xcb, 0x2b}),
                             "3010301085000c5003011cb2b", sg3_source::naa_local));
    // A descriptor past PAGE LENGTH (or past the returned bytes) ends the
    // walk; what came before stays.
    STATIC_REQUIRE(serial_is(vpd83().lu(binary, eui, {0x11, 0x22}).raw({0x01, 0x03, 0x00, 0x08, 0x50}), "21122"));
    vpd83 cut = naa5;
    cut.size -= 1;
    REQUIRE(values(cut).id_serial.empty());
    vpd83 longer = eui8;
    longer.set_length(2);
    REQUIRE(values(longer).id_serial.equals("21122334455667788"));
    // Not ready: zero NAA / EUI-64.
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, vpd83().lu(binary, naa, {0x60, 0, 0, 0}).view()}).status() ==
                   identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, naa6.view()}).found());
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, naa6.view()}).text().equals("3600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, vpd83().view()}).status() == identity_status::none);
    // A long T10 ID escaped beyond the 256-byte key: no identity.
    constexpr vpd83 long_t10 = vpd83().filled(0, ascii, t10, {}, 200, '/');
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, long_t10.view()}).reason() == mpio::errc::overflow);
}

namespace {
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

TEST_CASE("scheme_sg3_utils_udev: corpus pages (values as Debian's sg_inq 1.46 prints them)",
          "[ident][scheme_sg3_utils_udev]")
{
    const auto dev_id = load("vpd_dev_id.hex");
    CHECK(sg3_udev_values({{}, {}, view(dev_id)}).id_serial.equals("35000c5003011cb2b"));

    const auto all = load("vpd_di_all.hex");
    const sg3_udev_export a = sg3_udev_values({{}, {}, view(all)});
    CHECK(a.lun_naa_regext.equals("6122334455667788aabbccddeeffeedd"));
    CHECK(a.lun_eui64.equals("0123456789abcdef1122334455667788")); // the last EUI-64
    CHECK(a.lun_t10.equals("ABC_XYZ123456789"));
    CHECK(a.lun_vendor.equals("112233445566778899aabbccddeeffedcba987654321"));
    CHECK(a.id_serial.equals("36122334455667788aabbccddeeffeedd"));

    const auto emc = load("vpd_di_old_emc_symm.hex");
    CHECK(sg3_udev_values({{}, {}, view(emc)}).id_serial.equals("36006048000123456789abcdef0123456"));

    // A newline in a name string ends udev's value (sg_inq prints it raw).
    const auto inject = load("vpd_di_name_inject.hex");
    CHECK(sg3_udev_values({{}, {}, view(inject)}).id_serial.equals("8iqn.2026-05.sg3"));

    // scsi_debug: T10 "Linux   scsi_debug      2000" and NAA 3 (local).
    const auto sdeb = load("vpd_sdeb.hex");
    const identity_input in{{}, page_of(sdeb, 0x80), page_of(sdeb, 0x83)};
    CHECK(sg3_udev_values(in).id_serial.equals("1Linux_scsi_debug_2000"));
    CHECK(sg3_udev_values(in, sg3_source::naa_local).id_serial.equals("333333330000007d0"));
    CHECK(sg3_udev_values({{}, page_of(sdeb, 0x80), {}}, sg3_source::serial).id_serial.equals("S__2000"));

    for (std::size_t n = 0; n <= all.size(); ++n) {
        const device_identity id = derive_with<scheme>({{}, {}, view(all).first(n)});
        CHECK((id.status() == identity_status::none || !id.text().empty()));
    }
}

} // namespace test_ident_scheme_sg3_utils_udev_test
