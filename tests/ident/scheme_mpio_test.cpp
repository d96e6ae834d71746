// SPDX-License-Identifier: MIT
// Tests of mpio/ident/scheme_mpio.hpp: the "mpio" identity scheme.
#include <mpio/ident/scheme_mpio.hpp>

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
namespace test_ident_scheme_mpio_test {

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
using ident::mpio_scheme;

namespace {

using scheme = ident::mpio_scheme;

// Standard INQUIRY data: vendor "ACME    ", product "Disk Array 9000 ".
constexpr byte inquiry[] = {0x00, 0x00, 0x06, 0x02, 0x1f, 0x00, 0x00, 0x00, 'A', 'C', 'M', 'E',
                            ' ',  ' ',  ' ',  ' ',  'D',  'i',  's',  'k',  ' ', 'A', 'r', 'r',
                            'a',  'y',  ' ',  '9',  '0',  '0',  '0',  ' ',  '1', '.', '0', ' '};
constexpr byte serial80[] = {0x00, 0x80, 0x00, 0x08, ' ', 'S', 'N', '1', '2', '3', ' ', ' '};
constexpr byte blank80[] = {0x00, 0x80, 0x00, 0x04, ' ', ' ', ' ', ' '};

// Every designator type mpio accepts, as the only LU designator.
constexpr vpd83 naa6 = vpd83().lu(binary, naa, {0x60, 0x0a, 0x0b, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc});
constexpr vpd83 naa5 = vpd83().lu(binary, naa, {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
constexpr vpd83 naa2 = vpd83().lu(binary, naa, {0x20, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55});
constexpr vpd83 naa3 = vpd83().lu(binary, naa, {0x33, 0x33, 0x30, 0x00, 0x00, 0x00, 0x07, 0xd0});
constexpr vpd83 eui8 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 eui12 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 1, 0x23});
constexpr vpd83 eui16 = vpd83().lu(
    binary, eui, {1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 name_string = vpd83().lu(utf8, name, {'n', 'a', 'a', '.', '5', '0', '0', '0', 'C', '5', 0, 0});
constexpr vpd83 uuid_des =
    vpd83().lu(binary, uuid, {0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0xff});
constexpr vpd83 md5_des = vpd83().lu(
    binary, md5, {0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00});
constexpr vpd83 t10_des = vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y', 'Z', '1'});
constexpr vpd83 vs_des = vpd83().lu(binary, vs, {0xde, 0xad, 0xbe, 0xef});

} // namespace

TEST_CASE("scheme_mpio: every designator type, rendered", "[ident][scheme_mpio]")
{
    STATIC_REQUIRE(text_is<scheme>(naa6, "naa.600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(text_is<scheme>(naa5, "naa.5000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(naa2, "naa.2000001122334455"));
    STATIC_REQUIRE(text_is<scheme>(naa3, "naa.33333000000007d0"));
    STATIC_REQUIRE(text_is<scheme>(eui8, "eui.1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(eui12, "eui.112233445566778800000123"));
    STATIC_REQUIRE(text_is<scheme>(eui16, "eui.0123456789abcdef1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(name_string, "naa.5000C5")); // as is, without the NUL padding
    STATIC_REQUIRE(text_is<scheme>(uuid_des, "uuid.10000102030405060708090a0b0c0d0e0fff"));
    STATIC_REQUIRE(text_is<scheme>(md5_des, "md5.ffeeddccbbaa99887766554433221100"));
    STATIC_REQUIRE(text_is<scheme>(t10_des, "t10.ABC     XYZ1"));
    STATIC_REQUIRE(text_is<scheme>(vs_des, "vs.deadbeef"));
    STATIC_REQUIRE(derive_with<scheme>(naa6).source() == identity_source::designator);
    STATIC_REQUIRE(derive_with<scheme>(naa6).designator_type() == scsi::designator_type::naa);
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().kind() == 3);
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().scheme() == mpio_scheme::id);
    STATIC_REQUIRE(derive_with<scheme>(t10_des).designator_type() == scsi::designator_type::t10_vendor_id);
    // Unprintable bytes of text designators are escaped.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 0x01, 'Z'}),
                                   "t10.ABC     \\x01Z"));
}

TEST_CASE("scheme_mpio: rank, strongest first", "[ident][scheme_mpio]")
{
    // Each page lists a weaker designator, then a stronger one, and the
    // other way round: the stronger always wins.
    const vpd83* const order[] = {&naa6,        &naa5,     &eui16,   &eui12,   &eui8, &naa2,
                                  &name_string, &uuid_des, &md5_des, &t10_des, &naa3, &vs_des};
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
    // The whole sg3_utils page with every type: NAA 6 wins.
    STATIC_REQUIRE(text_is<scheme>(
        vpd83()
            .lu(binary, vs, {1, 2})
            .lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X'})
            .lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8})
            .lu(binary, naa, {0x51, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88})
            .lu(binary, naa,
                {0x61, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0xee, 0xdd}),
        "naa.6122334455667788aabbccddeeffeedd"));
}

TEST_CASE("scheme_mpio: ties, first wins", "[ident][scheme_mpio]")
{
    STATIC_REQUIRE(text_is<scheme>(
        vpd83().lu(binary, naa, {0x51, 0, 0, 0, 0, 0, 0, 1}).lu(binary, naa, {0x52, 0, 0, 0, 0, 0, 0, 2}),
        "naa.5100000000000001"));
    STATIC_REQUIRE(text_is<scheme>(
        vpd83().lu(binary, naa, {0x52, 0, 0, 0, 0, 0, 0, 2}).lu(binary, naa, {0x51, 0, 0, 0, 0, 0, 0, 1}),
        "naa.5200000000000002"));
    STATIC_REQUIRE(text_is<scheme>(vpd83()
                                       .lu(ascii, t10, {'B', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '2'})
                                       .lu(ascii, t10, {'A', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '1'}),
                                   "t10.B       2"));
}

TEST_CASE("scheme_mpio: only logical unit designators identify it", "[ident][scheme_mpio]")
{
    constexpr vpd83 ports = vpd83()
                                .port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                .device(binary, naa, {0x60, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})
                                .device(utf8, name, {'n', 'a', 'a', '.', '6', '0', 0, 0})
                                .descriptor(3, binary, naa, {0x60, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8})
                                .port(binary, rtp, {0, 0, 0, 1})
                                .port(binary, tpg, {0, 0, 0, 1})
                                .lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y', 'Z', '1'});
    STATIC_REQUIRE(text_is<scheme>(ports, "t10.ABC     XYZ1"));
    // Without a logical unit designator: nothing (or the serial number).
    constexpr vpd83 only_ports = vpd83()
                                     .port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                     .device(binary, naa, {0x50, 9, 9, 9, 9, 9, 9, 9});
    STATIC_REQUIRE(derive_with<scheme>(only_ports).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>(only_ports).reason() == errc::not_found);
    STATIC_REQUIRE(
        derive_with<scheme>(only_ports, inquiry, serial80).text().equals("serial.ACME.Disk Array 9000.SN123"));
    // Logical unit group is not an identifier.
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, lug, {0, 0, 0, 4})).status() == identity_status::none);
}

TEST_CASE("scheme_mpio: same logical unit, different ports => same identity", "[ident][scheme_mpio]")
{
    constexpr vpd83 path_a = vpd83()
                                 .lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                 .port(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 0xa})
                                 .port(binary, rtp, {0, 0, 0, 1});
    constexpr vpd83 path_b = vpd83()
                                 .port(binary, rtp, {0, 0, 0, 2})
                                 .lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                 .port(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 0xb});
    constexpr vpd83 other_lu = vpd83().lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16});
    STATIC_REQUIRE(ident::same_device(derive_with<scheme>(path_a), derive_with<scheme>(path_b)));
    STATIC_REQUIRE_FALSE(ident::same_device(derive_with<scheme>(path_a), derive_with<scheme>(other_lu)));
    STATIC_REQUIRE(derive_with<scheme>(path_a).key().hash() == derive_with<scheme>(path_b).key().hash());
}

TEST_CASE("scheme_mpio: code sets", "[ident][scheme_mpio]")
{
    // NAA, EUI-64, UUID and MD5 are binary: in ASCII they are not what they
    // claim, so a weaker well-formed designator is used.
    STATIC_REQUIRE(text_is<scheme>(
        vpd83().lu(ascii, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}).lu(binary, vs, {1}),
        "vs.01"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, eui, {1, 2, 3, 4, 5, 6, 7, 8}).lu(binary, vs, {1}), "vs.01"));
    // A SCSI name string may be UTF-8 or ASCII, not binary.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, name, {'i', 'q', 'n', '.', 'x', 0, 0, 0}), "iqn.x"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, name, {'i', 'q', 'n', '.', 'x', 0, 0, 0}).lu(binary, vs, {2}), "vs.02"));
    // Wrong lengths are not used either.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7}).lu(binary, vs, {3}), "vs.03"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).lu(binary, vs, {3}), "vs.03"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 'C'}).lu(binary, vs, {3}), "vs.03"));
    // Reserved NAA values are not identifiers.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, {0x10, 1, 2, 3, 4, 5, 6, 7}).lu(binary, vs, {4}), "vs.04"));
}

TEST_CASE("scheme_mpio: not ready (all zero / all spaces)", "[ident][scheme_mpio]")
{
    constexpr vpd83 zero_naa = vpd83().lu(binary, naa, {0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    STATIC_REQUIRE(derive_with<scheme>(zero_naa).status() == identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(zero_naa).text().equals("naa.60000000000000000000000000000000"));
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, naa, {0x00, 0, 0, 0, 0, 0, 0, 0})).status() ==
                   identity_status::none);
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', ' ', ' '})).status() ==
        identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(utf8, name, {0, 0, 0, 0})).status() == identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, eui, {0, 0, 0, 0, 0, 0, 0, 0})).status() ==
                   identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, vs, {' ', ' '})).status() == identity_status::not_ready);
    // A blank strongest designator is not replaced by a weaker one: the
    // identifier would change once the device is ready.
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83(zero_naa).lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X'})).status() ==
        identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>({}, inquiry, blank80).status() == identity_status::not_ready);
    STATIC_REQUIRE_FALSE(ident::same_device(derive_with<scheme>(zero_naa), derive_with<scheme>(zero_naa)));
}

TEST_CASE("scheme_mpio: unit serial number fallback", "[ident][scheme_mpio]")
{
    constexpr device_identity id = derive_with<scheme>({inquiry, serial80, {}});
    STATIC_REQUIRE(id.found());
    STATIC_REQUIRE(id.source() == identity_source::unit_serial_number);
    STATIC_REQUIRE(id.text().equals("serial.ACME.Disk Array 9000.SN123"));
    STATIC_REQUIRE(id.key().kind() == mpio_scheme::kind_unit_serial_number);
    STATIC_REQUIRE(id.key().size() == 8 + 16 + 5);
    // Vendor and product qualify the serial number.
    constexpr byte other_inquiry[] = {0x00, 0x00, 0x06, 0x02, 0x1f, 0,   0,   0,   'O', 'T', 'H',
                                      'E',  'R',  ' ',  ' ',  ' ',  'D', 'i', 's', 'k', ' ', 'A',
                                      'r',  'r',  'a',  'y',  ' ',  '9', '0', '0', '0', ' '};
    STATIC_REQUIRE_FALSE(ident::same_device(id, derive_with<scheme>({other_inquiry, serial80, {}})));
    // Without INQUIRY data (or with a truncated one) there is no identity.
    STATIC_REQUIRE(derive_with<scheme>({{}, serial80, {}}).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>({byte_view(inquiry).first(20), serial80, {}}).reason() == errc::too_short);
    // A truncated serial number is not the serial number.
    STATIC_REQUIRE(derive_with<scheme>({inquiry, byte_view(serial80).first(9), {}}).reason() == errc::too_short);
    // A wrong page is an error.
    STATIC_REQUIRE(derive_with<scheme>({inquiry, naa5.view(), {}}).reason() == errc::wrong_page_code);
    STATIC_REQUIRE(derive_with<scheme>({inquiry, serial80, serial80}).reason() == errc::wrong_page_code);
    // A designator wins over the serial number.
    STATIC_REQUIRE(derive_with<scheme>(naa5, inquiry, serial80).text().equals("naa.5000c5003011cb2b"));
}

TEST_CASE("scheme_mpio: truncated and overrunning pages give no identity", "[ident][scheme_mpio]")
{
    // PAGE LENGTH says more than was returned.
    constexpr vpd83 truncated = vpd83(naa5).set_length(20);
    STATIC_REQUIRE(derive_with<scheme>(truncated).status() == identity_status::none);
    STATIC_REQUIRE(derive_with<scheme>(truncated).reason() == errc::too_short);
    // Even when the returned part ends on a descriptor boundary.
    STATIC_REQUIRE(derive_with<scheme>(vpd83(naa5).set_length(12)).reason() == errc::too_short);
    // A descriptor whose length runs past the page.
    constexpr vpd83 overrun = vpd83(naa5).raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01});
    STATIC_REQUIRE(derive_with<scheme>(overrun).reason() == errc::descriptor_overrun);
    // A partial header at the end.
    STATIC_REQUIRE(derive_with<scheme>(vpd83(naa5).raw({0x01, 0x03})).reason() == errc::too_short);
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, byte_view(naa5.bytes, 3)}).reason() == errc::too_short);
    // Not page 83h.
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, serial80}).reason() == errc::wrong_page_code);
}

TEST_CASE("scheme_mpio: corpus files", "[ident][scheme_mpio][data]")
{
    const auto check = [](const char* file, const char* expected) {
        INFO(file);
        const std::vector<byte> data = load(file);
        const device_identity id = derive_with<scheme>({{}, {}, view(data)});
        CHECK(id.found());
        CHECK(std::string(id.text().c_str()) == expected);
    };
    check("vpd_dev_id.hex", "naa.5000c5003011cb2b");
    check("vpd_di_all.hex", "naa.6122334455667788aabbccddeeffeedd");
    // The pre-SPC-2 page of an old EMC Symmetrix: a bare NAA 6 identifier.
    check("vpd_di_old_emc_symm.hex", "naa.6006048000123456789abcdef0123456");
    {
        const std::vector<byte> data = load("vpd_di_old_emc_symm.hex");
        CHECK(derive_with<scheme>({{}, {}, view(data)}).source() == identity_source::legacy_page83);
    }
    // scsi_debug: a T10 vendor ID and an NAA 3 (locally assigned) LU designator.
    const std::vector<byte> sdeb = load("vpd_sdeb.hex");
    const scsi::vpd_page_list pages(view(sdeb));
    const auto p83 = pages.find(0x83);
    const auto p80 = pages.find(0x80);
    REQUIRE(p83.has_value());
    REQUIRE(p80.has_value());
    CHECK(std::string(derive_with<scheme>({{}, {}, p83->bytes()}).text().c_str()) ==
          "t10.Linux   scsi_debug      2000");
    const std::vector<byte> inq = load("inq_standard.hex");
    // Without page 83h: the serial number "2000" qualified by vendor and product.
    const device_identity by_serial = derive_with<scheme>({view(inq), p80->bytes(), {}});
    CHECK(by_serial.found());
    CHECK(by_serial.source() == identity_source::unit_serial_number);

    // Every prefix of a real page: an identity equal to the whole page's, or none.
    for (const char* file : {"vpd_dev_id.hex", "vpd_di_all.hex", "vpd_di_old_emc_symm.hex"}) {
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

} // namespace test_ident_scheme_mpio_test
