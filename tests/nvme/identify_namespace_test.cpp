// SPDX-License-Identifier: MIT
#include <mpio/nvme/identify_namespace.hpp>

#include <catch2/catch.hpp>

#include "nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_identify_namespace_test {

using mpio::byte_view;
using mpio::errc;
namespace nvme = mpio::nvme;

namespace {
constexpr nvme_test::page ns_page = nvme_test::shared_identify_namespace();
constexpr nvme::identify_namespace parse(byte_view b) noexcept { return *nvme::parse_identify_namespace(b); }
} // namespace

TEST_CASE("identify_namespace: size, sharing, ANA group, identifiers", "[nvme][identify_namespace][constexpr]")
{
    constexpr auto n = parse(ns_page.view());
    STATIC_REQUIRE(!n.truncated());
    STATIC_REQUIRE(n.nsze() == 0x10000000u);
    STATIC_REQUIRE(n.ncap() == 0x10000000u);
    STATIC_REQUIRE(n.nuse() == 0x00400000u);
    STATIC_REQUIRE(n.nmic_shared());
    STATIC_REQUIRE(n.anagrpid() == 2);
    STATIC_REQUIRE(n.nguid().size() == 16);
    STATIC_REQUIRE(n.nguid()[0] == 0x60);
    STATIC_REQUIRE(n.nguid()[15] == 0xef);
    STATIC_REQUIRE(n.eui64().size() == 8);
    STATIC_REQUIRE(n.eui64()[1] == 0x25);
    STATIC_REQUIRE(n.lba_format_count() == 2);
    STATIC_REQUIRE(n.formatted_lba_index() == 1);
    STATIC_REQUIRE(!n.metadata_extended());
    STATIC_REQUIRE(n.formatted_lba_format()->data_size() == 4096);
    STATIC_REQUIRE(n.lba_format_at(0)->data_size() == 512);
    STATIC_REQUIRE(n.lba_format_at(0)->rp == nvme::relative_performance::better);
    STATIC_REQUIRE(n.lba_format_at(2).error() == errc::invalid_argument);
}

TEST_CASE("identify_namespace: FLBAS index above 15 and LBA format fields", "[nvme][identify_namespace]")
{
    nvme_test::page p = ns_page;
    p.b[25] = 63;   // 64 formats
    p.b[26] = 0x71; // bits 6:5 = 11b, bit 4 metadata extended, bits 3:0 = 1: index 0x31 = 49
    p.le(128 + 4 * 49, 8, 2);
    p.b[128 + 4 * 49 + 2] = 12;
    p.b[128 + 4 * 49 + 3] = 0xFE; // RP 2 (good), reserved bits set
    const auto n = parse(p.view());
    REQUIRE(n.lba_format_count() == 64);
    REQUIRE(n.formatted_lba_index() == 49);
    REQUIRE(n.metadata_extended());
    const auto f = n.formatted_lba_format();
    REQUIRE(f.has_value());
    REQUIRE(f->ms == 8);
    REQUIRE(f->lbads == 12);
    REQUIRE(f->rp == nvme::relative_performance::good);
    REQUIRE(n.lba_format_at(64).error() == errc::invalid_argument);
    // NLBAF 255 is capped at 64 formats.
    p.b[25] = 255;
    REQUIRE(parse(p.view()).lba_format_count() == 64);
    // LBADS below 9 (format not available) or above 31 has no data size.
    STATIC_REQUIRE(nvme::lba_format{0, 8, nvme::relative_performance::best}.data_size() == 0);
    STATIC_REQUIRE(nvme::lba_format{0, 32, nvme::relative_performance::best}.data_size() == 0);
    STATIC_REQUIRE(nvme::lba_format{0, 9, nvme::relative_performance::best}.data_size() == 512);
}

TEST_CASE("identify_namespace: truncated and too short", "[nvme][identify_namespace][truncated]")
{
    STATIC_REQUIRE(nvme::parse_identify_namespace(ns_page.view().first(31)).error() == errc::too_short);
    constexpr auto n32 = parse(ns_page.view().first(32));
    STATIC_REQUIRE(n32.truncated());
    STATIC_REQUIRE(n32.required_allocation_length() == 4096);
    STATIC_REQUIRE(n32.nmic_shared());
    STATIC_REQUIRE(!n32.anagrpid_present());
    STATIC_REQUIRE(n32.anagrpid() == 0);
    STATIC_REQUIRE(n32.nguid().empty());
    STATIC_REQUIRE(n32.lba_format_at(0).error() == errc::too_short);
    constexpr auto n110 = parse(ns_page.view().first(110));
    STATIC_REQUIRE(n110.anagrpid_present());
    STATIC_REQUIRE(!n110.identifiers_present());
    STATIC_REQUIRE(n110.nguid().size() == 6); // what was returned, never more
    STATIC_REQUIRE(n110.eui64().empty());
    constexpr auto n131 = parse(ns_page.view().first(131));
    STATIC_REQUIRE(n131.lba_format_at(0).error() == errc::too_short);
    STATIC_REQUIRE(parse(ns_page.view().first(132)).lba_format_at(0).has_value());
}

} // namespace test_nvme_identify_namespace_test
