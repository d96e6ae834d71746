// SPDX-License-Identifier: MIT
// mpio's NVMe scheme: every rank, the skip of all-zero identifiers, the
// descriptor/Identify contradiction, not ready and the errors.
#include <mpio/ident/nvme_schemes.hpp>
#include <mpio/ident/scheme_mpio_nvme.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "../nvme/nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_scheme_mpio_nvme_test {

namespace ident = mpio::ident;
using ident::mpio_nvme_rank;
using mpio::byte;
using mpio::byte_view;
using mpio::errc;

namespace mpio_nvme_test {

constexpr nvme_test::page ctrl_page = nvme_test::nvmet_like_identify_controller(); // VER 2.0, SUBNQN set
constexpr nvme_test::page ns_page = nvme_test::shared_identify_namespace();        // NGUID + EUI64

constexpr nvme_test::page namespace_with(bool nguid, bool eui64) noexcept
{
    nvme_test::page p = ns_page;
    if (!nguid)
        for (std::size_t i = 104; i < 120; ++i) p.b[i] = 0;
    if (!eui64)
        for (std::size_t i = 120; i < 128; ++i) p.b[i] = 0;
    return p;
}
constexpr nvme_test::page eui_only = namespace_with(false, true);
constexpr nvme_test::page plain_ns = namespace_with(false, false);

constexpr nvme_test::page unallocated() noexcept
{
    nvme_test::page p = ns_page;
    p.le(8, 0, 8); // NCAP 0
    return p;
}
constexpr nvme_test::page unallocated_ns = unallocated();

constexpr nvme_test::page controller(const char* serial, const char* subnqn) noexcept
{
    nvme_test::page p = ctrl_page;
    p.le(0, 0x144d, 2);
    p.text(4, serial, 20);
    p.text(768, subnqn, 256, '\0');
    return p;
}
constexpr nvme_test::page no_subnqn = controller("6b6f5a3c2e1d0f09", "");
constexpr nvme_test::page no_subnqn_blank_sn = controller("", "");

constexpr nvme_test::page descriptor(std::uint8_t type, std::uint8_t length, byte first) noexcept
{
    nvme_test::page p;
    p.b[0] = type;
    p.b[1] = length;
    for (std::size_t i = 0; i < length; ++i) p.b[4 + i] = static_cast<byte>(first == 0 ? 0 : first + i); // 0: all zero
    return p;
}
constexpr nvme_test::page uuid_desc = descriptor(3, 16, 0x10);
constexpr nvme_test::page other_nguid_desc = descriptor(2, 16, 0x40);
constexpr nvme_test::page zero_nguid_desc = descriptor(2, 16, 0);
constexpr nvme_test::page other_eui_desc = descriptor(1, 8, 0x50);

constexpr ident::device_identity derive(byte_view ns, byte_view descs = {}, byte_view ctrl = ctrl_page.view(),
                                        std::uint32_t nsid = 1) noexcept
{
    return ident::derive_nvme_identity<ident::mpio_nvme_scheme>(ident::nvme_identity_input{ctrl, ns, descs, nsid, 0});
}

constexpr std::uint8_t kind(mpio_nvme_rank r) noexcept { return static_cast<std::uint8_t>(r); }

std::string text(const ident::device_identity& id) { return std::string(id.text().c_str()); }

} // namespace mpio_nvme_test

using namespace mpio_nvme_test;

TEST_CASE("mpio-nvme: ranks 1-3, NGUID before EUI64 before UUID", "[ident][nvme][mpio_nvme][constexpr]")
{
    constexpr auto nguid = derive(ns_page.view(), uuid_desc.view());
    STATIC_REQUIRE(nguid.found());
    STATIC_REQUIRE(nguid.key().scheme() == ident::mpio_nvme_scheme::id);
    STATIC_REQUIRE(nguid.key().kind() == kind(mpio_nvme_rank::nguid));
    STATIC_REQUIRE(nguid.key().size() == 16);
    REQUIRE(text(nguid) == "nguid.600a09800000000100000000deadbeef");

    constexpr auto eui = derive(eui_only.view(), uuid_desc.view());
    STATIC_REQUIRE(eui.key().kind() == kind(mpio_nvme_rank::eui64));
    STATIC_REQUIRE(eui.designator_type() == mpio::scsi::designator_type::eui64);
    REQUIRE(text(eui) == "eui.0025385a71b01234");

    constexpr auto uuid = derive(plain_ns.view(), uuid_desc.view());
    STATIC_REQUIRE(uuid.key().kind() == kind(mpio_nvme_rank::uuid));
    STATIC_REQUIRE(uuid.designator_type() == mpio::scsi::designator_type::uuid);
    REQUIRE(text(uuid) == "uuid.10111213-1415-1617-1819-1a1b1c1d1e1f");

    // An all-zero NGUID descriptor is "not reported": Identify's NGUID stands.
    CHECK(text(derive(ns_page.view(), zero_nguid_desc.view())) == "nguid.600a09800000000100000000deadbeef");
}

TEST_CASE("mpio-nvme: rank 4, SUBNQN and NSID", "[ident][nvme][mpio_nvme][constexpr]")
{
    constexpr auto id = derive(plain_ns.view(), {}, ctrl_page.view(), 0x2A);
    STATIC_REQUIRE(id.found());
    STATIC_REQUIRE(id.key().kind() == kind(mpio_nvme_rank::subnqn_nsid));
    STATIC_REQUIRE(id.key().size() == 31 + 4);
    STATIC_REQUIRE(id.designator_type() == mpio::scsi::designator_type::scsi_name_string);
    REQUIRE(text(id) == "nqn.2014-08.org.example:subsys1/nsid.0000002a");
    const auto other = derive(plain_ns.view(), {}, ctrl_page.view(), 0x2B);
    CHECK_FALSE(ident::same_device(id, other));
}

TEST_CASE("mpio-nvme: rank 5, VID, serial, model and NSID", "[ident][nvme][mpio_nvme][constexpr]")
{
    constexpr auto id = derive(plain_ns.view(), {}, no_subnqn.view(), 7);
    STATIC_REQUIRE(id.found());
    STATIC_REQUIRE(id.key().kind() == kind(mpio_nvme_rank::vid_serial_model_nsid));
    STATIC_REQUIRE(id.key().size() == 2 + 20 + 40 + 4);
    STATIC_REQUIRE(id.source() == ident::identity_source::unit_serial_number);
    REQUIRE(text(id) == "nvme.144d.6b6f5a3c2e1d0f09.Linux/nsid.00000007");

    constexpr auto blank = derive(plain_ns.view(), {}, no_subnqn_blank_sn.view(), 7);
    STATIC_REQUIRE(blank.status() == ident::identity_status::not_ready);
    CHECK_FALSE(ident::same_device(blank, blank));
}

TEST_CASE("mpio-nvme: contradictions, unallocated namespaces and errors", "[ident][nvme][mpio_nvme][constexpr]")
{
    STATIC_REQUIRE(derive(ns_page.view(), other_nguid_desc.view()).reason() == errc::identity_mismatch);
    STATIC_REQUIRE(derive(ns_page.view(), other_eui_desc.view()).reason() == errc::identity_mismatch);
    // A descriptor that fills an all-zero Identify field is no contradiction.
    STATIC_REQUIRE(derive(plain_ns.view(), other_nguid_desc.view()).found());
    STATIC_REQUIRE(derive(unallocated_ns.view()).reason() == errc::not_ready);
    STATIC_REQUIRE(derive(ns_page.view(), {}, ctrl_page.view(), 0).reason() == errc::invalid_argument);
    STATIC_REQUIRE(derive(ns_page.view(), {}, ctrl_page.view(), 0xFFFFFFFFu).reason() == errc::invalid_argument);
    STATIC_REQUIRE(derive(ns_page.view(), {}, byte_view()).reason() == errc::not_found);
    STATIC_REQUIRE(derive(ns_page.view(), {}, ctrl_page.view().first(79)).reason() == errc::too_short);

    const auto* entry = ident::find_nvme_scheme("mpio-nvme");
    REQUIRE(entry != nullptr);
    ident::device_identity id;
    CHECK(entry->derive_into(ident::nvme_identity_input{ctrl_page.view(), ns_page.view(), {}, 1, 0}, id) ==
          ident::identity_status::found);
    CHECK(ident::nvme_scheme_count == 4);
    CHECK(std::string(ident::to_string(mpio_nvme_rank::subnqn_nsid)) == "subnqn-nsid");
}

} // namespace test_ident_scheme_mpio_nvme_test
