// SPDX-License-Identifier: MIT
// Tests of mpio/ident/scheme_linux_wwid.hpp: the kernel's sysfs `wwid`
// (drivers/scsi/scsi_lib.c designator_prio() + scsi_vpd_lun_id()).
#include <mpio/ident/scheme_linux_wwid.hpp>

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
namespace test_ident_scheme_linux_wwid_test {

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
using ident::linux_wwid_scheme;

namespace {

using scheme = ident::linux_wwid_scheme;

// The whole identifier, NULs included.
std::string wwid_bytes(const device_identity& id) { return {id.text().data(), id.text().size()}; }

constexpr vpd83 naa6 = vpd83().lu(binary, naa, {0x60, 0x0a, 0x0b, 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc});
constexpr vpd83 naa5 = vpd83().lu(binary, naa, {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
constexpr vpd83 naa4 = vpd83().lu(binary, naa, {0x40, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55});
constexpr vpd83 naa3 = vpd83().lu(binary, naa, {0x33, 0x33, 0x30, 0x00, 0x00, 0x00, 0x07, 0xd0});
constexpr vpd83 eui8 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
constexpr vpd83 eui12 = vpd83().lu(binary, eui, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 1, 0x23});
constexpr vpd83 eui16 = vpd83().lu(
    binary, eui, {1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
// 20 bytes: longer than every other designator here, so it is never
// skipped for being shorter.
constexpr vpd83 name20 = vpd83().lu(
    utf8, name, {'n', 'a', 'a', '.', '6', '0', '0', '0', 'C', '5', '0', '0', '3', '0', '1', '1', 'C', 'B', 0, 0});
constexpr vpd83 t10_des = vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y', 'Z', '1'});

} // namespace

TEST_CASE("scheme_linux_wwid: every chosen designator type, rendered", "[ident][scheme_linux_wwid]")
{
    STATIC_REQUIRE(text_is<scheme>(naa6, "naa.600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(text_is<scheme>(naa5, "naa.5000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(naa4, "naa.4000001122334455"));
    STATIC_REQUIRE(text_is<scheme>(naa3, "naa.33333000000007d0"));
    STATIC_REQUIRE(text_is<scheme>(eui8, "eui.1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(eui12, "eui.112233445566778800000123"));
    STATIC_REQUIRE(text_is<scheme>(eui16, "eui.0123456789abcdef1122334455667788"));
    STATIC_REQUIRE(text_is<scheme>(t10_des, "t10.ABC     XYZ1")); // spaces kept, nothing cut
    // The name string as it is (memcpy), NUL padding included.
    STATIC_REQUIRE(derive_with<scheme>(name20).found());
    STATIC_REQUIRE(derive_with<scheme>(name20).text().size() == 20);
    CHECK(wwid_bytes(derive_with<scheme>(name20)) == std::string("naa.6000C5003011CB\0\0", 20));
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().scheme() == linux_wwid_scheme::id);
    STATIC_REQUIRE(derive_with<scheme>(naa6).key().size() == 36); // the key is the identifier
    STATIC_REQUIRE(derive_with<scheme>(name20).key().size() == 20);
    // Never chosen: NAA 2h and other NAA values, EUI-64 of other lengths,
    // vendor specific, UUID, MD5, logical unit group, length 0.
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, naa, {0x20, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, naa, {0x10, 1, 2, 3, 4, 5, 6, 7})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, naa, {0x70, 1, 2, 3, 4, 5, 6, 7})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, vs, {1, 2, 3, 4})));
    STATIC_REQUIRE(no_identity<scheme>(
        vpd83().lu(binary, uuid, {0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0xff})));
    STATIC_REQUIRE(
        no_identity<scheme>(vpd83().lu(binary, md5, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, lug, {0, 0, 0, 1})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(utf8, name, {})));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(ascii, t10, {})));
}

TEST_CASE("scheme_linux_wwid: priorities", "[ident][scheme_linux_wwid]")
{
    // designator_prio(), highest first; the last entry (T10, NAA 3) share 1.
    const vpd83* const order[] = {&name20, &naa6, &eui16, &eui12, &naa5, &naa4, &eui8, &t10_des};
    const std::size_t n = sizeof(order) / sizeof(order[0]);
    for (std::size_t strong = 0; strong < n; ++strong) {
        for (std::size_t weak = strong + 1; weak < n; ++weak) {
            INFO("strong " << strong << " weak " << weak);
            const std::string expected = wwid_bytes(derive_with<scheme>(*order[strong]));
            vpd83 weak_first;
            vpd83 strong_first;
            for (std::size_t i = 4; i < order[weak]->size; ++i) weak_first.raw({order[weak]->bytes[i]});
            for (std::size_t i = 4; i < order[strong]->size; ++i) {
                weak_first.raw({order[strong]->bytes[i]});
                strong_first.raw({order[strong]->bytes[i]});
            }
            for (std::size_t i = 4; i < order[weak]->size; ++i) strong_first.raw({order[weak]->bytes[i]});
            CHECK(wwid_bytes(derive_with<scheme>(weak_first)) == expected);
            CHECK(wwid_bytes(derive_with<scheme>(strong_first)) == expected);
        }
    }
    // T10 and NAA 3h share priority 1: the later one wins, but a T10 ID
    // shorter than the NAA (8 bytes) does not replace it.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83(naa3).lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'Z'}), "t10.ABC     Z"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83(t10_des).lu(binary, naa, {0x33, 0, 0, 0, 0, 0, 0, 1}), "naa.3300000000000001"));
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa3).lu(ascii, t10, {'A', 'B', 'C'}), "naa.33333000000007d0"));
}

TEST_CASE("scheme_linux_wwid: ties and the length quirks", "[ident][scheme_linux_wwid]")
{
    // Equal priority: the LAST wins (cur_id_prio > prio skips only lower).
    STATIC_REQUIRE(text_is<scheme>(
        vpd83().lu(binary, naa, {0x52, 0, 0, 0, 0, 0, 0, 2}).lu(binary, naa, {0x51, 0, 0, 0, 0, 0, 0, 1}),
        "naa.5100000000000001"));
    STATIC_REQUIRE(text_is<scheme>(vpd83(eui8).lu(binary, eui, {0x99, 1, 2, 3, 4, 5, 6, 7}), "eui.9901020304050607"));
    STATIC_REQUIRE(text_is<scheme>(vpd83()
                                       .lu(ascii, t10, {'B', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '2'})
                                       .lu(ascii, t10, {'A', ' ', ' ', ' ', ' ', ' ', ' ', ' ', '1'}),
                                   "t10.A       1"));
    // ...but a T10 ID or name string shorter than the current designator is
    // skipped, whatever its priority: NAA 6h (16 bytes) then an 8-byte
    // name string keeps the NAA.
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa6).lu(utf8, name, {'e', 'u', 'i', '.', 'A', 'B', 0, 0}),
                                   "naa.600a0b800102030405060708090a0b0c"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83(t10_des).lu(ascii, t10, {'S', 'H', 'O', 'R', 'T', ' ', ' ', ' '}), "t10.ABC     XYZ1"));
    // The name string first: the NAA has lower priority.
    CHECK(wwid_bytes(
              derive_with<scheme>(vpd83()
                                      .lu(utf8, name, {'e', 'u', 'i', '.', 'A', 'B', 0, 0})
                                      .lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}))) ==
          std::string("eui.AB\0\0", 8));
    // NAA of a length other than 8 or 16: takes the priority, prints
    // nothing - the previous string stays, and lower priorities are skipped.
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5)
                                       .lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
                                       .lu(binary, eui, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                                   "naa.5000c5003011cb2b"));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})));
    // NAA 6h of length 8 and NAA 5h of length 16 print what they have.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7}), "naa.6001020304050607"));
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(binary, naa, {0x50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                                   "naa.500102030405060708090a0b0c0d0e0f"));
}

TEST_CASE("scheme_linux_wwid: associations and code sets", "[ident][scheme_linux_wwid]")
{
    constexpr vpd83 others = vpd83()
                                 .port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
                                 .device(binary, naa, {0x60, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})
                                 .device(utf8, name, {'n', 'a', 'a', '.', '6', '0', 0, 0})
                                 .descriptor(3, binary, naa, {0x60, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8})
                                 .lu(binary, naa, {0x33, 0, 0, 0, 0, 0, 0, 1});
    STATIC_REQUIRE(text_is<scheme>(others, "naa.3300000000000001"));
    STATIC_REQUIRE(
        no_identity<scheme>(vpd83().port(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})));
    // PIV and protocol do not matter for a logical unit descriptor.
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().raw({0x61, 0x83, 0x00, 0x08, 0x50, 0, 0, 0, 0, 0, 0, 7}), "naa.5000000000000007"));
    // Code set ignored: binary printed as hex, ASCII as text, whatever it says.
    STATIC_REQUIRE(text_is<scheme>(vpd83().lu(ascii, naa, {0x50, 0, 0, 0, 0, 0, 0, 1}), "naa.5000000000000001"));
    STATIC_REQUIRE(
        text_is<scheme>(vpd83().lu(binary, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'Z'}), "t10.ABC     Z"));
    // Same LU, different port designators => same identity.
    constexpr vpd83 path_a =
        vpd83(naa5).port(binary, naa, {0x50, 0, 0, 0, 0, 0, 0, 0xa}).port(binary, rtp, {0, 0, 0, 1});
    constexpr vpd83 path_b = vpd83()
                                 .port(binary, rtp, {0, 0, 0, 2})
                                 .raw({0x01, 0x03, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b});
    STATIC_REQUIRE(ident::same_device(derive_with<scheme>(path_a), derive_with<scheme>(path_b)));
}

TEST_CASE("scheme_linux_wwid: T10 vendor ID escaping (%*pE)", "[ident][scheme_linux_wwid]")
{
    // Printable (kernel ctype is Latin-1: A0h..FFh printable) as is; \n \r
    // \t \v \f \a \e and NUL by name; other control bytes in octal.
    constexpr vpd83 p =
        vpd83().lu(ascii, t10, {'V', '\\', '"', 0, '\t', '\n', 0x07, 0x1b, 0x01, 0x7f, 0x80, 0x9f, 0xa0, 0xff, ' '});
    CHECK(wwid_bytes(derive_with<scheme>(p)) == std::string("t10.V\\\"\\0\\t\\n\\a\\e\\001\\177\\200\\237\xa0\xff "));
    STATIC_REQUIRE(derive_with<scheme>(p).found());
}

TEST_CASE("scheme_linux_wwid: not ready", "[ident][scheme_linux_wwid]")
{
    constexpr vpd83 zero_naa = vpd83().lu(binary, naa, {0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    STATIC_REQUIRE(derive_with<scheme>(zero_naa).status() == identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(zero_naa).text().equals("naa.60000000000000000000000000000000"));
    STATIC_REQUIRE(
        derive_with<scheme>(vpd83().lu(ascii, t10, {'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', ' ', ' '})).status() ==
        identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(binary, eui, {0, 0, 0, 0, 0, 0, 0, 0})).status() ==
                   identity_status::not_ready);
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(utf8, name, {'n', 'a', 'a', '.', 0, 0, 0, 0})).status() ==
                   identity_status::not_ready);
}

TEST_CASE("scheme_linux_wwid: T10 vendor IDs of 8 bytes or fewer are ordinary wwids", "[ident][scheme_linux_wwid]")
{
    // The kernel prints them like any other (issue 18's cases): found, same
    // text - nothing follows the vendor field, so there is nothing "not yet
    // assigned" to look at.
    constexpr vpd83 q = vpd83().lu(ascii, t10, {'Q'});
    STATIC_REQUIRE(derive_with<scheme>(q).status() == identity_status::found);
    STATIC_REQUIRE(derive_with<scheme>(q).text().equals("t10.Q"));
    constexpr vpd83 acme = vpd83().lu(ascii, t10, {'A', 'C', 'M', 'E', ' ', ' ', ' ', ' '});
    STATIC_REQUIRE(derive_with<scheme>(acme).status() == identity_status::found);
    STATIC_REQUIRE(derive_with<scheme>(acme).text().equals("t10.ACME    "));
    // Same for a name string of 4 bytes or fewer.
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(utf8, name, {'n', 'a', 'a', '.'})).status() ==
                   identity_status::found);
    // Blank as a whole: still not ready (mpio's addition, docs/identity.md).
    STATIC_REQUIRE(derive_with<scheme>(vpd83().lu(ascii, t10, {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '})).status() ==
                   identity_status::not_ready);
}

TEST_CASE("scheme_linux_wwid: long designators", "[ident][scheme_linux_wwid]")
{
    // 255-byte name string: kept whole (the sysfs buffer is a page).
    constexpr vpd83 long_name = vpd83().filled(0, utf8, name, {'i', 'q', 'n', '.'}, 251, 'Q');
    CHECK(wwid_bytes(derive_with<scheme>(long_name)) == "iqn." + std::string(251, 'Q'));
    // A T10 ID escaped past the 256-byte key: no exact key, no identity.
    constexpr vpd83 long_t10 = vpd83().filled(0, ascii, t10, {'V', 'E', 'N', 'D', 'O', 'R', ' ', ' '}, 200, 0x01);
    STATIC_REQUIRE(derive_with<scheme>(long_t10).reason() == errc::overflow);
    constexpr vpd83 t10_252 = vpd83().filled(0, ascii, t10, {'V', 'E', 'N', 'D', 'O', 'R', ' ', ' '}, 244, 'x');
    STATIC_REQUIRE(derive_with<scheme>(t10_252).found());
    STATIC_REQUIRE(derive_with<scheme>(t10_252).key().size() == 256);
}

TEST_CASE("scheme_linux_wwid: overrunning and truncated pages", "[ident][scheme_linux_wwid]")
{
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01}), "naa.5000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(
        vpd83(t10_des).raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01}).lu(binary, naa, {0x50, 0, 0}), "t10.ABC     XYZ1"));
    STATIC_REQUIRE(no_identity<scheme>(vpd83().raw({0x01, 0x03, 0x00, 0x10, 0x60, 0x01})));
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).raw({0x01, 0x03}), "naa.5000c5003011cb2b"));
    STATIC_REQUIRE(text_is<scheme>(vpd83(naa5).set_length(40), "naa.5000c5003011cb2b"));
    constexpr vpd83 beyond = [] {
        vpd83 p = vpd83(naa5).lu(binary, naa, {0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        p.bytes[3] = 12; // PAGE LENGTH covers the NAA 5 descriptor only
        return p;
    }();
    STATIC_REQUIRE(text_is<scheme>(beyond, "naa.5000c5003011cb2b"));
    STATIC_REQUIRE(derive_with<scheme>(ident::identity_input{}).reason() == errc::not_found);
    STATIC_REQUIRE(derive_with<scheme>({{}, {}, byte_view(naa5.bytes, 3)}).reason() == errc::too_short);
}

TEST_CASE("scheme_linux_wwid: corpus files", "[ident][scheme_linux_wwid][data]")
{
    const auto wwid = [](byte_view page) {
        const device_identity id = derive_with<scheme>({{}, {}, page});
        return id.found() ? wwid_bytes(id) : std::string("-");
    };
    // NAA 5h (LU); the rest are port / target device designators.
    CHECK(wwid(view(load("vpd_dev_id.hex"))) == "naa.5000c5003011cb2b");
    // T10, EUI-64 8/12/16 then NAA 5h (priority 5 < EUI-16's 7: skipped),
    // NAA 6h (8): the NAA 6h. The name string is the target device's.
    CHECK(wwid(view(load("vpd_di_all.hex"))) == "naa.6122334455667788aabbccddeeffeedd");
    // The pre-SPC-2 page read as descriptors: 60 06 04 80 is a logical unit
    // group (priority 0) of 128 bytes that overruns: nothing.
    CHECK(wwid(view(load("vpd_di_old_emc_symm.hex"))) == "-");
    // scsi_debug: T10 "Linux   scsi_debug      2000" (28 bytes) then NAA 3h
    // of equal priority 1 replaces it (NAA has no length check).
    const std::vector<byte> sdeb = load("vpd_sdeb.hex");
    const auto p83 = scsi::vpd_page_list(view(sdeb)).find(0x83);
    REQUIRE(p83.has_value());
    CHECK(wwid(p83->bytes()) == "naa.33333330000007d0");
    for (const char* file : {"vpd_dev_id.hex", "vpd_di_all.hex", "vpd_di_old_emc_symm.hex"}) {
        const std::vector<byte> data = load(file);
        for (std::size_t n = 0; n <= data.size(); ++n) {
            const device_identity id = derive_with<scheme>({{}, {}, view(data).first(n)});
            CHECK((id.status() == identity_status::none || id.found()));
        }
    }
}

} // namespace test_ident_scheme_linux_wwid_test
