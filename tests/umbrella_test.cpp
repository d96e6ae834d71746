// SPDX-License-Identifier: MIT
// The umbrella headers pull in their layers: one symbol of each header
// must be visible through them.
#include <mpio/mpio.hpp>
#include <mpio/core.hpp>
#include <mpio/scsi.hpp>
#include <mpio/ident.hpp>
#include <mpio/engine.hpp>
#include <mpio/nvme.hpp>
#include <mpio/reservation.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_umbrella_test {

TEST_CASE("umbrella headers expose every layer", "[umbrella]")
{
    static constexpr mpio::byte serial[] = {0x00, 0x80, 0x00, 0x02, 'S', 'N'};
    STATIC_REQUIRE(mpio::errc_name(mpio::errc::none)[0] == 'n');
    STATIC_REQUIRE(mpio::load_be16(mpio::byte_view(serial), 2) == 2);
    STATIC_REQUIRE(mpio::version.major == MPIO_VERSION_MAJOR);
    STATIC_REQUIRE(mpio::scsi::parse_unit_serial_number(mpio::byte_view(serial))->product_serial_number().equals("SN"));
    STATIC_REQUIRE(mpio::scsi::parse_standard_inquiry(mpio::byte_view(serial)).has_value());
    STATIC_REQUIRE(mpio::scsi::parse_supported_vpd_pages(mpio::byte_view(serial)).error() ==
                   mpio::errc::wrong_page_code);
    STATIC_REQUIRE(mpio::scsi::parse_device_identification(mpio::byte_view(serial)).error() ==
                   mpio::errc::wrong_page_code);
    STATIC_REQUIRE(mpio::scsi::parse_vpd_page(mpio::byte_view(serial))->page_code() == 0x80);
    STATIC_REQUIRE(!mpio::detail::is_null(mpio::ident::find_scheme("mpio")));
    STATIC_REQUIRE(!mpio::detail::is_null(mpio::ident::find_scheme("multipath-tools")));
    mpio::byte cdb[6]{};
    REQUIRE(mpio::scsi::build_test_unit_ready(mpio::mutable_byte_view(cdb)).value() == 6);
}

} // namespace test_umbrella_test
