// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_supported_pages.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_supported_pages_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// scsi_debug's page (first page of vpd_sdeb.hex).
constexpr byte sdeb[] = {0x00, 0x00, 0x00, 0x0c, 0x00, 0x80, 0x83, 0x84,
                         0x85, 0x86, 0x87, 0x88, 0x89, 0xb0, 0xb1, 0xb2};

constexpr std::size_t sum_of_codes(const scsi::supported_vpd_pages& pages) noexcept
{
    std::size_t sum = 0;
    for (const std::uint8_t code : pages) sum += code;
    return sum;
}

} // namespace

TEST_CASE("vpd_supported_pages: fields at compile time", "[scsi][vpd_supported_pages]")
{
    constexpr auto pages = scsi::parse_supported_vpd_pages(sdeb);
    STATIC_REQUIRE(pages.has_value());
    STATIC_REQUIRE(pages->page_code() == 0x00);
    STATIC_REQUIRE(pages->page_length() == 12);
    STATIC_REQUIRE(pages->peripheral_qualifier() == 0);
    STATIC_REQUIRE(pages->peripheral_device_type() == 0);
    STATIC_REQUIRE(pages->size() == 12);
    STATIC_REQUIRE(pages->supported_vpd_page_list().size() == 12);
    STATIC_REQUIRE(!pages->truncated());
    STATIC_REQUIRE(pages->required_allocation_length() == 16);
    STATIC_REQUIRE(pages->header().payload().size() == 12);

    STATIC_REQUIRE(pages->supports(0x00));
    STATIC_REQUIRE(pages->supports(0x80));
    STATIC_REQUIRE(pages->supports(0x83));
    STATIC_REQUIRE(pages->supports(0xb2));
    STATIC_REQUIRE(!pages->supports(0x8a));
    STATIC_REQUIRE(!pages->supports(0xff));
    STATIC_REQUIRE(pages->ascending());
    STATIC_REQUIRE(sum_of_codes(*pages) ==
                   0x00 + 0x80 + 0x83 + 0x84 + 0x85 + 0x86 + 0x87 + 0x88 + 0x89 + 0xb0 + 0xb1 + 0xb2);
}

TEST_CASE("vpd_supported_pages: malformed and truncated pages", "[scsi][vpd_supported_pages]")
{
    STATIC_REQUIRE(scsi::parse_supported_vpd_pages(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_supported_vpd_pages(byte_view(sdeb, 3)).error() == errc::too_short);

    constexpr byte serial_page[] = {0x00, 0x80, 0x00, 0x04, 0x32, 0x30, 0x30, 0x30};
    STATIC_REQUIRE(scsi::parse_supported_vpd_pages(serial_page).error() == errc::wrong_page_code);

    // Cut after three page codes: what is there is usable, the rest unknown.
    constexpr auto cut = scsi::parse_supported_vpd_pages(byte_view(sdeb, 7));
    STATIC_REQUIRE(cut.has_value());
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 16);
    STATIC_REQUIRE(cut->size() == 3);
    STATIC_REQUIRE(cut->supports(0x83));
    STATIC_REQUIRE(!cut->supports(0x84)); // not in what was returned
    STATIC_REQUIRE(cut->ascending());

    // Trailing bytes beyond PAGE LENGTH are not page codes.
    constexpr byte padded[] = {0x00, 0x00, 0x00, 0x02, 0x00, 0x83, 0x80, 0x80};
    STATIC_REQUIRE(scsi::parse_supported_vpd_pages(padded)->size() == 2);
    STATIC_REQUIRE(!scsi::parse_supported_vpd_pages(padded)->supports(0x80));

    // Out of order, duplicates, not starting with 00h: supports() still
    // answers, ascending() says the list does not conform.
    constexpr byte unordered[] = {0x00, 0x00, 0x00, 0x03, 0x00, 0x83, 0x80};
    STATIC_REQUIRE(scsi::parse_supported_vpd_pages(unordered)->supports(0x80));
    STATIC_REQUIRE(!scsi::parse_supported_vpd_pages(unordered)->ascending());
    constexpr byte duplicate[] = {0x00, 0x00, 0x00, 0x03, 0x00, 0x80, 0x80};
    STATIC_REQUIRE(!scsi::parse_supported_vpd_pages(duplicate)->ascending());
    constexpr byte no_zero[] = {0x00, 0x00, 0x00, 0x02, 0x80, 0x83};
    STATIC_REQUIRE(!scsi::parse_supported_vpd_pages(no_zero)->ascending());

    // An empty list.
    constexpr byte empty[] = {0x00, 0x00, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_supported_vpd_pages(empty)->size() == 0);
    STATIC_REQUIRE(!scsi::parse_supported_vpd_pages(empty)->supports(0x00));
    STATIC_REQUIRE(!scsi::parse_supported_vpd_pages(empty)->ascending());
}

TEST_CASE("vpd_supported_pages: vpd_sdeb.hex", "[scsi][vpd_supported_pages][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const scsi::vpd_page_list all(view(data));

    // The first page of the file is the list; parse_ stops at its end.
    const auto pages = scsi::parse_supported_vpd_pages(view(data));
    REQUIRE(pages.has_value());
    CHECK_FALSE(pages->truncated());
    CHECK(pages->ascending());

    // Every page the list names is in the file, and nothing else is.
    std::size_t listed = 0;
    for (const std::uint8_t code : *pages) {
        CHECK(all.find(code).has_value());
        ++listed;
    }
    CHECK(listed == all.status().count);
    for (const scsi::vpd_page page : all) CHECK(pages->supports(page.page_code()));

    // As sg_vpd --inhex=vpd_sdeb.hex names them.
    const std::uint8_t expected[] = {0x00, 0x80, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0xb0, 0xb1, 0xb2};
    std::size_t i = 0;
    for (const std::uint8_t code : *pages) CHECK(code == expected[i++]);

    // Every prefix of the page (16 bytes) parses or is too short; never
    // anything else.
    mpio_test::every_prefix(view(data).first(16), scsi::vpd_page::header_size, scsi::parse_supported_vpd_pages,
                            [](const scsi::supported_vpd_pages& prefix, std::size_t n) {
                                CHECK(prefix.size() == n - 4);
                                CHECK(prefix.truncated() == (n < 16));
                            });
}

TEST_CASE("vpd_supported_pages: other pages are refused", "[scsi][vpd_supported_pages][data]")
{
    for (const char* file : {"vpd_dev_id.hex", "vpd_bl.hex", "vpd_zbdc.hex"}) {
        INFO(file);
        const std::vector<byte> data = load(file);
        CHECK(scsi::parse_supported_vpd_pages(view(data)).error() == errc::wrong_page_code);
    }
}

} // namespace test_scsi_vpd_supported_pages_test
