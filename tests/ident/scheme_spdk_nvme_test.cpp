// SPDX-License-Identifier: MIT
// SPDK's "same namespace" rule, after bdev_nvme_compare_ns() /
// nvme_bdev_add_ns() (module/bdev/nvme/bdev_nvme.c) and the identifier
// assembly of lib/nvme/nvme_ns.c: which identifiers are compared, the
// first-descriptor rule, the backfill of Identify Namespace, the NMIC check,
// and the scheme's key.
#include <mpio/ident/nvme_schemes.hpp>
#include <mpio/ident/scheme_spdk_nvme.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "../nvme/nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_scheme_spdk_nvme_test {

namespace ident = mpio::ident;
using ident::spdk_same_namespace_verdict;
using mpio::byte;
using mpio::byte_view;
using mpio::errc;

namespace spdk_nvme_test {

constexpr nvme_test::page ctrl_page = nvme_test::nvmet_like_identify_controller(); // VER 2.0
constexpr nvme_test::page ns_page = nvme_test::shared_identify_namespace();        // NGUID + EUI64, shared

constexpr nvme_test::page other_controller() noexcept
{
    nvme_test::page p = ctrl_page;
    p.le(78, 2, 2); // CNTLID 2
    return p;
}
constexpr nvme_test::page ctrl2_page = other_controller();

constexpr nvme_test::page version(std::uint32_t ver) noexcept
{
    nvme_test::page p = ctrl_page;
    p.le(80, ver, 4);
    return p;
}
constexpr nvme_test::page ctrl_12 = version(0x00010200);

constexpr nvme_test::page with_ids(bool nguid, bool eui64, bool shared) noexcept
{
    nvme_test::page p = ns_page;
    if (!nguid)
        for (std::size_t i = 104; i < 120; ++i) p.b[i] = 0;
    if (!eui64)
        for (std::size_t i = 120; i < 128; ++i) p.b[i] = 0;
    p.b[30] = shared ? 1 : 0;
    return p;
}
constexpr nvme_test::page plain_ns = with_ids(false, false, true);
constexpr nvme_test::page private_ns = with_ids(true, true, false);

// A descriptor list written descriptor by descriptor: (type, length, first byte).
struct descriptor {
    std::uint8_t type;
    std::uint8_t length;
    byte first;
};
template <std::size_t N>
constexpr nvme_test::page descriptors(const descriptor (&list)[N]) noexcept
{
    nvme_test::page p;
    std::size_t at = 0;
    for (const descriptor& d : list) {
        p.b[at] = d.type;
        p.b[at + 1] = d.length;
        for (std::size_t i = 0; i < d.length; ++i) p.b[at + 4 + i] = static_cast<byte>(d.first + i);
        at += 4 + d.length;
    }
    return p;
}

constexpr nvme_test::page uuid_a = descriptors({{3, 16, 0x10}});
constexpr nvme_test::page uuid_b = descriptors({{3, 16, 0x20}});
constexpr nvme_test::page two_uuids = descriptors({{3, 16, 0x10}, {3, 16, 0x20}});
constexpr nvme_test::page uuid_bad_length = descriptors({{3, 8, 0x10}});
constexpr nvme_test::page unknown_then_uuid = descriptors({{0x7, 5, 0}, {3, 16, 0x10}});
constexpr nvme_test::page nguid_and_eui = descriptors({{2, 16, 0x40}, {1, 8, 0x50}});
constexpr nvme_test::page csi_zns = descriptors({{4, 1, 0x02}});

constexpr nvme_test::page overrun_then_uuid() noexcept
{
    nvme_test::page p = descriptors({{3, 16, 0x10}});
    p.used = 12; // the UUID descriptor runs past the data
    return p;
}
constexpr nvme_test::page overrun = overrun_then_uuid();

constexpr ident::nvme_identity_input input(byte_view ns, byte_view descs = {}, byte_view ctrl = ctrl_page.view(),
                                           std::uint32_t nsid = 1) noexcept
{
    return ident::nvme_identity_input{ctrl, ns, descs, nsid, 0};
}

constexpr ident::spdk_namespace_ids ids(const ident::nvme_identity_input& in) noexcept
{
    return *ident::spdk_namespace_ids_of(in);
}

} // namespace spdk_nvme_test

using namespace spdk_nvme_test;

TEST_CASE("spdk-nvme: NGUID and EUI64 from Identify Namespace, UUID and CSI from descriptors",
          "[ident][nvme][spdk_nvme][constexpr]")
{
    constexpr auto a = ids(input(ns_page.view()));
    STATIC_REQUIRE(a.nguid[0] == 0x60 && a.nguid[15] == 0xef);
    STATIC_REQUIRE(a.eui64[0] == 0x00 && a.eui64[7] == 0x34);
    STATIC_REQUIRE(!a.has_uuid);
    STATIC_REQUIRE(a.csi == 0);
    STATIC_REQUIRE(a.nmic_shared);

    constexpr auto b = ids(input(ns_page.view(), uuid_a.view()));
    STATIC_REQUIRE(b.has_uuid && b.uuid[0] == 0x10 && b.uuid[15] == 0x1f);
    // The first UUID descriptor counts (the kernel keeps the last).
    STATIC_REQUIRE(ids(input(ns_page.view(), two_uuids.view())).uuid[0] == 0x10);
    // A UUID descriptor with NIDL 8 is no UUID; unknown types are skipped.
    STATIC_REQUIRE(!ids(input(ns_page.view(), uuid_bad_length.view())).has_uuid);
    STATIC_REQUIRE(ids(input(ns_page.view(), unknown_then_uuid.view())).has_uuid);
    // A descriptor past the data ends the walk.
    STATIC_REQUIRE(!ids(input(ns_page.view(), overrun.view())).has_uuid);
    STATIC_REQUIRE(ids(input(ns_page.view(), csi_zns.view())).csi == 2);
    // Before NVMe 1.3 the list is not read.
    STATIC_REQUIRE(!ids(input(ns_page.view(), uuid_a.view(), ctrl_12.view())).has_uuid);
}

TEST_CASE("spdk-nvme: descriptors fill an all-zero Identify value, never replace one",
          "[ident][nvme][spdk_nvme][constexpr]")
{
    constexpr auto filled = ids(input(plain_ns.view(), nguid_and_eui.view()));
    STATIC_REQUIRE(filled.nguid[0] == 0x40 && filled.eui64[0] == 0x50);
    constexpr auto kept = ids(input(ns_page.view(), nguid_and_eui.view()));
    STATIC_REQUIRE(kept.nguid[0] == 0x60 && kept.eui64[1] == 0x25);
}

TEST_CASE("spdk-nvme: bdev_nvme_compare_ns and nvme_bdev_add_ns", "[ident][nvme][spdk_nvme][constexpr]")
{
    constexpr auto first = ids(input(ns_page.view(), uuid_a.view()));
    constexpr auto second = ids(input(ns_page.view(), uuid_a.view(), ctrl2_page.view()));
    STATIC_REQUIRE(ident::spdk_same_namespace(first, second) == spdk_same_namespace_verdict::same);
    STATIC_REQUIRE(ident::spdk_same_namespace(first, ids(input(ns_page.view(), uuid_a.view(), ctrl2_page.view(), 2))) ==
                   spdk_same_namespace_verdict::different_nsid);
    // One side with a UUID, the other without; different UUIDs; different CSI.
    STATIC_REQUIRE(ident::spdk_same_namespace(first, ids(input(ns_page.view()))) ==
                   spdk_same_namespace_verdict::not_identical);
    STATIC_REQUIRE(ident::spdk_same_namespace(first, ids(input(ns_page.view(), uuid_b.view()))) ==
                   spdk_same_namespace_verdict::not_identical);
    STATIC_REQUIRE(ident::spdk_same_namespace(ids(input(ns_page.view())), ids(input(ns_page.view(), csi_zns.view()))) ==
                   spdk_same_namespace_verdict::not_identical);
    // Only the joining namespace's NMIC is checked.
    constexpr auto unshared = ids(input(private_ns.view()));
    STATIC_REQUIRE(ident::spdk_same_namespace(ids(input(ns_page.view())), unshared) ==
                   spdk_same_namespace_verdict::not_shared);
    STATIC_REQUIRE(ident::spdk_same_namespace(unshared, ids(input(ns_page.view()))) ==
                   spdk_same_namespace_verdict::same);
    // No identifier on either side: the same for SPDK.
    STATIC_REQUIRE(ident::spdk_same_namespace(ids(input(plain_ns.view())), ids(input(plain_ns.view()))) ==
                   spdk_same_namespace_verdict::same);
    CHECK(std::string(ident::to_string(spdk_same_namespace_verdict::not_shared)) == "not shared");
}

TEST_CASE("spdk-nvme: the scheme's key groups exactly what SPDK accepts", "[ident][nvme][spdk_nvme]")
{
    const auto a = ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(ns_page.view(), uuid_a.view()));
    const auto b =
        ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(ns_page.view(), uuid_a.view(), ctrl2_page.view()));
    REQUIRE(a.found());
    CHECK_FALSE(a.unsafe_to_group());
    CHECK(ident::same_device(a, b));
    CHECK(std::string(a.text().c_str()) ==
          "nsid.00000001-nguid.600a09800000000100000000deadbeef-eui64.0025385a71b01234-"
          "uuid.101112131415161718191a1b1c1d1e1f-csi.00");
    CHECK(a.key().size() == 46);

    const auto no_uuid = ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(ns_page.view()));
    CHECK(std::string(no_uuid.text().c_str()).find("uuid.none") != std::string::npos);
    CHECK_FALSE(ident::same_device(a, no_uuid));
    const auto nsid2 =
        ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(ns_page.view(), uuid_a.view(), ctrl_page.view(), 2));
    CHECK_FALSE(ident::same_device(a, nsid2));

    // Not shared, or nothing to compare: found, unsafe to group.
    CHECK(ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(private_ns.view())).unsafe_to_group());
    const auto bare = ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(plain_ns.view()));
    CHECK(bare.found());
    CHECK(bare.unsafe_to_group());

    // Errors: SPDK compares Identify Namespace, so it is required.
    CHECK(ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input({})).reason() == errc::not_found);
    CHECK(
        ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(ns_page.view(), {}, ctrl_page.view(), 0)).reason() ==
        errc::invalid_argument);
    CHECK(ident::derive_nvme_identity<ident::spdk_nvme_scheme>(input(ns_page.view().first(20))).reason() ==
          errc::too_short);
    REQUIRE(ident::find_nvme_scheme("spdk-nvme") != nullptr);
    CHECK(ident::find_nvme_scheme("spdk-nvme")->derive_into == &ident::spdk_nvme_scheme::derive);
}

} // namespace test_ident_scheme_spdk_nvme_test
