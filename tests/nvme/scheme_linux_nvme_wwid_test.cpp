// SPDX-License-Identifier: MIT
// The NVMe WWID as the Linux kernel's wwid_show() builds it: every branch of
// its choice, the identifier assembly by version, trimming, and the longest
// (all-hex) fallback.
#include <mpio/ident/nvme_identity.hpp>
#include <mpio/ident/nvme_schemes.hpp>
#include <mpio/ident/scheme_linux_nvme_wwid.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_scheme_linux_nvme_wwid_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace ident = mpio::ident;
using ident::identity_status;
using ident::linux_nvme_wwid_scheme;
using ident::nvme_identity_input;

namespace {

constexpr nvme_test::page ctrl_page = nvme_test::nvmet_like_identify_controller(); // VER 2.0
constexpr nvme_test::page ns_page = nvme_test::shared_identify_namespace();        // NGUID + EUI64

// A namespace without NGUID and EUI64.
constexpr nvme_test::page plain_namespace() noexcept
{
    nvme_test::page p = ns_page;
    for (std::size_t i = 104; i < 128; ++i) p.b[i] = 0;
    return p;
}
constexpr nvme_test::page plain_ns = plain_namespace();

// Descriptors: a UUID, or an NGUID, or an all-zero NGUID.
constexpr nvme_test::page descriptor_list(std::uint8_t type, byte first) noexcept
{
    nvme_test::page p;
    p.b[0] = type;
    p.b[1] = 16;
    p.b[4] = first;
    for (std::size_t i = 1; i < 16; ++i) p.b[4 + i] = static_cast<byte>(first == 0 ? 0 : 0x10 * (i % 16) + i);
    return p;
}
constexpr nvme_test::page uuid_descs = descriptor_list(3, 0x55);
constexpr nvme_test::page nguid_descs = descriptor_list(2, 0x77);
constexpr nvme_test::page zero_nguid_descs = descriptor_list(2, 0);

constexpr nvme_identity_input input(byte_view ns, byte_view descs = {}, std::uint32_t nsid = 1,
                                    std::uint32_t vs = 0) noexcept
{
    return nvme_identity_input{ctrl_page.view(), ns, descs, nsid, vs};
}

std::string wwid(const nvme_identity_input& in)
{
    const auto id = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(in);
    return std::string(id.text().c_str());
}

} // namespace

TEST_CASE("linux-nvme-wwid: uuid. wins over NGUID and EUI-64", "[nvme][ident][linux_nvme_wwid][constexpr]")
{
    constexpr auto id = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(input(ns_page.view(), uuid_descs.view()));
    STATIC_REQUIRE(id.found());
    STATIC_REQUIRE(id.key().kind() == static_cast<std::uint8_t>(ident::nvme_wwid_kind::uuid));
    STATIC_REQUIRE(id.key().scheme() == linux_nvme_wwid_scheme::id);
    STATIC_REQUIRE(id.designator_type() == mpio::scsi::designator_type::uuid);
    STATIC_REQUIRE(id.key().size() == id.text().size());
    STATIC_REQUIRE(id.text().size() == 41);
    STATIC_REQUIRE(id.text()[0] == 'u' && id.text()[13] == '-' && id.text()[40] == 'f');
    REQUIRE(std::string(id.text().c_str()) == "uuid.55112233-4455-6677-8899-aabbccddeeff");
}

TEST_CASE("linux-nvme-wwid: eui. from the NGUID, from descriptors or Identify Namespace",
          "[nvme][ident][linux_nvme_wwid]")
{
    // Identify Namespace's NGUID (no descriptors).
    REQUIRE(wwid(input(ns_page.view())) == "eui.600a09800000000100000000deadbeef");
    // A descriptor NGUID replaces Identify Namespace's.
    REQUIRE(wwid(input(ns_page.view(), nguid_descs.view())) == "eui.77112233445566778899aabbccddeeff");
    // An all-zero descriptor NGUID does not: Identify Namespace fills it.
    REQUIRE(wwid(input(ns_page.view(), zero_nguid_descs.view())) == "eui.600a09800000000100000000deadbeef");
    const auto id = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(input(ns_page.view()));
    REQUIRE(id.key().kind() == static_cast<std::uint8_t>(ident::nvme_wwid_kind::nguid));
}

TEST_CASE("linux-nvme-wwid: eui. from the EUI-64 when the NGUID is all zero", "[nvme][ident][linux_nvme_wwid]")
{
    nvme_test::page p = ns_page;
    for (std::size_t i = 104; i < 120; ++i) p.b[i] = 0; // NGUID all zero: skipped
    REQUIRE(wwid(input(p.view())) == "eui.0025385a71b01234");
    REQUIRE(ident::derive_nvme_identity<linux_nvme_wwid_scheme>(input(p.view())).key().kind() ==
            static_cast<std::uint8_t>(ident::nvme_wwid_kind::eui64));
}

TEST_CASE("linux-nvme-wwid: nvme.VID-serial-model-NSID when every identifier is zero", "[nvme][ident][linux_nvme_wwid]")
{
    // SN "6b6f5a3c2e1d0f09" + 4 spaces, MN "Linux" + 35 spaces: trimmed.
    REQUIRE(wwid(input(plain_ns.view(), {}, 0x2a)) == "nvme.0000-36623666356133633265316430663039-4c696e7578-0000002a");
    // Trailing NULs are trimmed like spaces, an inner space is kept.
    nvme_test::page c = ctrl_page;
    c.text(4, "AB C", 20, '\0');
    c.text(24, "M ", 40, '\0');
    c.b[25] = ' '; // "M" + space + NULs: both trimmed
    c.le(0, 0x1b36, 2);
    nvme_identity_input in{c.view(), plain_ns.view(), {}, 0xFFFFFFFE, 0};
    REQUIRE(wwid(in) == "nvme.1b36-41422043-4d-fffffffe");
    const auto id = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(in);
    REQUIRE(id.found());
    REQUIRE(id.source() == ident::identity_source::unit_serial_number);
    REQUIRE(id.key().kind() == static_cast<std::uint8_t>(ident::nvme_wwid_kind::vid_serial_model_nsid));
}

TEST_CASE("linux-nvme-wwid: a 20-byte serial and a 40-byte model, all in hex", "[nvme][ident][linux_nvme_wwid]")
{
    nvme_test::page c = ctrl_page;
    for (std::size_t i = 0; i < 20; ++i) c.b[4 + i] = static_cast<byte>('A' + i);         // no padding at all
    for (std::size_t i = 0; i < 40; ++i) c.b[24 + i] = static_cast<byte>('a' + (i % 26)); // likewise
    c.b[4 + 5] = 0;     // an inner NUL is printed, not trimmed
    c.b[24 + 39] = '!'; // the last byte is not padding
    c.le(0, 0x8086, 2);
    const std::string w = wwid(nvme_identity_input{c.view(), plain_ns.view(), {}, 1, 0});
    std::string serial, model;
    constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < 20; ++i) {
        const byte b = c.b[4 + i];
        serial += hex[b >> 4];
        serial += hex[b & 15];
    }
    for (std::size_t i = 0; i < 40; ++i) {
        const byte b = c.b[24 + i];
        model += hex[b >> 4];
        model += hex[b & 15];
    }
    REQUIRE(w == "nvme.8086-" + serial + "-" + model + "-00000001");
    REQUIRE(w.size() == 140); // the longest the kernel prints (141 with its newline)
    REQUIRE(serial.substr(10, 2) == "00");
    REQUIRE(model.substr(78, 2) == "21");
}

TEST_CASE("linux-nvme-wwid: identifiers by controller version", "[nvme][ident][linux_nvme_wwid]")
{
    // 1.0: neither EUI64 nor NGUID of Identify Namespace is read.
    REQUIRE(wwid(input(ns_page.view(), {}, 1, ident::nvme_version(1, 0))).rfind("nvme.0000-", 0) == 0);
    // 1.1: EUI64 only.
    REQUIRE(wwid(input(ns_page.view(), {}, 1, ident::nvme_version(1, 1))) == "eui.0025385a71b01234");
    // 1.2: NGUID too; the descriptor list is not read before 1.3.
    REQUIRE(wwid(input(ns_page.view(), uuid_descs.view(), 1, ident::nvme_version(1, 2))) ==
            "eui.600a09800000000100000000deadbeef");
    REQUIRE(wwid(input(ns_page.view(), uuid_descs.view(), 1, ident::nvme_version(1, 3))).rfind("uuid.", 0) == 0);
    // vs 0: Identify Controller's VER (2.0 here) decides.
    REQUIRE(wwid(input(ns_page.view(), uuid_descs.view())).rfind("uuid.", 0) == 0);
}

TEST_CASE("linux-nvme-wwid: a malformed descriptor keeps the ones before it", "[nvme][ident][linux_nvme_wwid]")
{
    nvme_test::page d = nguid_descs;
    d.b[20] = 3; // then a UUID with a bogus length
    d.b[21] = 15;
    REQUIRE(wwid(input(plain_ns.view(), d.view())) == "eui.77112233445566778899aabbccddeeff");
}

TEST_CASE("linux-nvme-wwid: errors and not-ready identities", "[nvme][ident][linux_nvme_wwid][malformed]")
{
    const auto status_of = [](const nvme_identity_input& in) {
        return ident::derive_nvme_identity<linux_nvme_wwid_scheme>(in);
    };
    REQUIRE(status_of(input(ns_page.view(), {}, 0)).reason() == errc::invalid_argument);
    REQUIRE(status_of(input(ns_page.view(), {}, 0xFFFFFFFF)).reason() == errc::invalid_argument);
    REQUIRE(status_of(nvme_identity_input{{}, ns_page.view(), {}, 1, 0}).reason() == errc::not_found);
    REQUIRE(status_of(nvme_identity_input{ctrl_page.view().first(40), ns_page.view(), {}, 1, 0}).reason() ==
            errc::too_short);
    REQUIRE(status_of(input(ns_page.view().first(10))).reason() == errc::too_short);
    nvme_test::page unallocated = ns_page;
    unallocated.le(8, 0, 8); // NCAP 0
    REQUIRE(status_of(input(unallocated.view())).status() == identity_status::none);
    REQUIRE(status_of(input(unallocated.view())).reason() == errc::not_ready);
    // A blank serial: the kernel's text, reported not ready.
    nvme_test::page c = ctrl_page;
    c.text(4, "", 20);
    const auto blank = status_of(nvme_identity_input{c.view(), plain_ns.view(), {}, 1, 0});
    REQUIRE(blank.status() == identity_status::not_ready);
    REQUIRE(std::string(blank.text().c_str()) == "nvme.0000--4c696e7578-00000001");
    // Without Identify Namespace the descriptors alone decide.
    REQUIRE(wwid(input({}, uuid_descs.view())).rfind("uuid.", 0) == 0);
}

TEST_CASE("linux-nvme-wwid: two paths to one namespace give one key", "[nvme][ident][linux_nvme_wwid]")
{
    nvme_test::page other_ctrl = ctrl_page;
    other_ctrl.le(78, 2, 2); // CNTLID 2
    const auto a = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(input(ns_page.view()));
    const auto b = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(
        nvme_identity_input{other_ctrl.view(), ns_page.view(), {}, 1, 0});
    REQUIRE(ident::same_device(a, b));
    // Another namespace of the same controller, fallback form: NSID differs.
    const auto n1 = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(input(plain_ns.view(), {}, 1));
    const auto n2 = ident::derive_nvme_identity<linux_nvme_wwid_scheme>(input(plain_ns.view(), {}, 2));
    REQUIRE(!ident::same_device(n1, n2));
}

TEST_CASE("nvme_schemes: lookup by name", "[nvme][ident][constexpr]")
{
    STATIC_REQUIRE(ident::nvme_scheme_count == 4);
    STATIC_REQUIRE(ident::find_nvme_scheme("linux-nvme-wwid") == &ident::nvme_schemes[0]);
    STATIC_REQUIRE(ident::find_nvme_scheme("multipath-tools-nvme") == &ident::nvme_schemes[1]);
    STATIC_REQUIRE(ident::find_nvme_scheme("spdk-nvme") == &ident::nvme_schemes[2]);
    STATIC_REQUIRE(ident::find_nvme_scheme("mpio-nvme") == &ident::nvme_schemes[3]);
    STATIC_REQUIRE(ident::find_nvme_scheme("mpio") == nullptr);
    STATIC_REQUIRE(ident::find_nvme_scheme("linux-nvme") == nullptr);
    STATIC_REQUIRE(ident::find_nvme_scheme("linux-wwid") == nullptr);
    mpio::ident::device_identity out;
    REQUIRE(ident::find_nvme_scheme("linux-nvme-wwid")->derive_into(input(ns_page.view()), out) ==
            identity_status::found);
    REQUIRE(std::string(out.text().c_str()) == "eui.600a09800000000100000000deadbeef");
}

} // namespace test_nvme_scheme_linux_nvme_wwid_test
