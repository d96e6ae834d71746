// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_unit_serial_number.hpp>

#include <mpio/core/fixed_text.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_unit_serial_number_test {

using mpio::ascii_view;
using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// scsi_debug's page (second page of vpd_sdeb.hex): "2000".
constexpr byte sdeb[] = {0x00, 0x80, 0x00, 0x04, '2', '0', '0', '0'};
// Right-aligned, as SPC asks: "   SN123".
constexpr byte right_aligned[] = {0x00, 0x80, 0x00, 0x08, ' ', ' ', ' ', 'S', 'N', '1', '2', '3'};
// Left-aligned and padded with spaces then NULs, as many devices do.
constexpr byte padded[] = {0x00, 0x80, 0x00, 0x0a, 'S', 'N', '1', '2', '3', ' ', ' ', 0, 0, 0};
// A NUL inside the serial number is kept (not a terminator).
constexpr byte embedded_nul[] = {0x00, 0x80, 0x00, 0x06, 'A', 'B', 0, 'C', 'D', 0};
// Nothing but padding.
constexpr byte blank[] = {0x00, 0x80, 0x00, 0x04, ' ', 0, ' ', 0};

} // namespace

TEST_CASE("vpd_unit_serial_number: fields at compile time", "[scsi][vpd_unit_serial_number]")
{
    constexpr auto sn = scsi::parse_unit_serial_number(sdeb);
    STATIC_REQUIRE(sn.has_value());
    STATIC_REQUIRE(sn->page_code() == 0x80);
    STATIC_REQUIRE(sn->page_length() == 4);
    STATIC_REQUIRE(sn->peripheral_qualifier() == 0);
    STATIC_REQUIRE(sn->peripheral_device_type() == 0);
    STATIC_REQUIRE(!sn->truncated());
    STATIC_REQUIRE(sn->required_allocation_length() == 8);
    STATIC_REQUIRE(sn->product_serial_number().equals("2000"));
    STATIC_REQUIRE(sn->product_serial_number_trimmed().equals("2000"));
    STATIC_REQUIRE(sn->header().page_code() == 0x80);
}

TEST_CASE("vpd_unit_serial_number: padding", "[scsi][vpd_unit_serial_number]")
{
    STATIC_REQUIRE(scsi::parse_unit_serial_number(right_aligned)->product_serial_number().equals("   SN123"));
    STATIC_REQUIRE(scsi::parse_unit_serial_number(right_aligned)->product_serial_number_trimmed().equals("SN123"));

    STATIC_REQUIRE(scsi::parse_unit_serial_number(padded)->product_serial_number().size() == 10);
    STATIC_REQUIRE(scsi::parse_unit_serial_number(padded)->product_serial_number_trimmed().equals("SN123"));

    constexpr auto nul = scsi::parse_unit_serial_number(embedded_nul);
    STATIC_REQUIRE(nul->product_serial_number_trimmed().size() == 5); // "AB\0CD"
    STATIC_REQUIRE(nul->product_serial_number_trimmed()[2] == '\0');
    STATIC_REQUIRE(nul->product_serial_number_trimmed()[4] == 'D');

    STATIC_REQUIRE(scsi::parse_unit_serial_number(blank)->product_serial_number_trimmed().empty());

    constexpr byte empty[] = {0x00, 0x80, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_unit_serial_number(empty)->product_serial_number().empty());
    STATIC_REQUIRE(!scsi::parse_unit_serial_number(empty)->truncated());

    // Rendered for logs, the embedded NUL is escaped, never lost.
    mpio::fixed_text<32> text;
    text.append(nul->product_serial_number_trimmed(), mpio::unprintable::hex_escape);
    CHECK(text.equals("AB\\x00CD"));
}

TEST_CASE("vpd_unit_serial_number: malformed and truncated pages", "[scsi][vpd_unit_serial_number]")
{
    STATIC_REQUIRE(scsi::parse_unit_serial_number(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_unit_serial_number(byte_view(sdeb, 3)).error() == errc::too_short);

    constexpr byte supported_pages[] = {0x00, 0x00, 0x00, 0x02, 0x00, 0x80};
    STATIC_REQUIRE(scsi::parse_unit_serial_number(supported_pages).error() == errc::wrong_page_code);

    constexpr auto cut = scsi::parse_unit_serial_number(byte_view(right_aligned, 9));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 12);
    STATIC_REQUIRE(cut->product_serial_number().equals("   SN"));

    // Bytes after PAGE LENGTH are not part of the serial number.
    constexpr byte extra[] = {0x00, 0x80, 0x00, 0x02, 'A', 'B', 'C', 'D'};
    STATIC_REQUIRE(scsi::parse_unit_serial_number(extra)->product_serial_number().equals("AB"));
}

TEST_CASE("vpd_unit_serial_number: vpd_sdeb.hex", "[scsi][vpd_unit_serial_number][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0x80);
    REQUIRE(page.has_value());
    const byte_view bytes = page->bytes();
    const auto sn = scsi::parse_unit_serial_number(bytes);
    REQUIRE(sn.has_value());
    // sg_vpd --inhex=vpd_sdeb.hex: "Unit serial number: 2000".
    CHECK(sn->product_serial_number().equals("2000"));
    CHECK(sn->product_serial_number_trimmed().equals("2000"));
    CHECK_FALSE(sn->truncated());

    mpio_test::every_prefix(bytes, scsi::vpd_page::header_size, scsi::parse_unit_serial_number,
                            [&](const scsi::unit_serial_number& prefix, std::size_t n) {
                                CHECK(prefix.product_serial_number().size() == n - 4);
                                CHECK(prefix.truncated() == (n < bytes.size()));
                            });

    // The file's first page is another page.
    CHECK(scsi::parse_unit_serial_number(view(data)).error() == errc::wrong_page_code);
}

} // namespace test_scsi_vpd_unit_serial_number_test
