// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_block_device_characteristics.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_block_device_characteristics_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

struct page64 {
    byte bytes[64]{};
};
constexpr page64 make_page(std::initializer_list<byte> fields) noexcept
{
    page64 p;
    p.bytes[1] = 0xB1;
    p.bytes[3] = 0x3C;
    std::size_t i = 4;
    for (const byte b : fields) p.bytes[i++] = b;
    return p;
}

// scsi_debug's page (vpd_sdeb.hex): non-rotating, less than 1.8 inch.
constexpr page64 sdeb = make_page({0x00, 0x01, 0x00, 0x05});

// A 7200 rpm 3.5 inch host aware disk, every field set.
constexpr page64 disk = make_page({
    0x1C, 0x20,             // 4-5: MEDIUM ROTATION RATE 7200
    0x07,                   // 6: PRODUCT TYPE Universal Flash Storage
    0x62,                   // 7: WABEREQ 01b, WACEREQ 10b, NOMINAL FORM FACTOR 2h (3.5 inch)
    0xDF,                   // 8: reserved bits 7, 6, 3 set; ZONED 01b; BOCS, FUAB, VBULS
    0xFF, 0xFF, 0xFF,       // 9-11: reserved
    0x00, 0x00, 0x0E, 0x10, // 12-15: DEPOPULATION TIME 3600
});

} // namespace

TEST_CASE("vpd_block_device_characteristics: fields at compile time", "[scsi][vpd_block_device_characteristics]")
{
    constexpr auto bdc = scsi::parse_block_device_characteristics(disk.bytes);
    STATIC_REQUIRE(bdc.has_value());
    STATIC_REQUIRE(bdc->page_code() == 0xB1);
    STATIC_REQUIRE(bdc->page_length() == scsi::block_device_characteristics::standard_page_length);
    STATIC_REQUIRE(!bdc->truncated());
    STATIC_REQUIRE(bdc->has_all_fields());
    STATIC_REQUIRE(bdc->medium_rotation_rate() == 7200);
    STATIC_REQUIRE(!bdc->non_rotating_medium());
    STATIC_REQUIRE(bdc->has_nominal_rotation_rate());
    STATIC_REQUIRE(bdc->product_type() == scsi::product_type::universal_flash_storage);
    STATIC_REQUIRE(bdc->wabereq() == 1);
    STATIC_REQUIRE(bdc->wacereq() == 2);
    STATIC_REQUIRE(bdc->nominal_form_factor() == scsi::nominal_form_factor::inch_3_5);
    STATIC_REQUIRE(bdc->zoned() == scsi::zoned::host_aware);
    STATIC_REQUIRE(bdc->bocs());
    STATIC_REQUIRE(bdc->fuab());
    STATIC_REQUIRE(bdc->vbuls());
    STATIC_REQUIRE(bdc->depopulation_time() == 3600);
    STATIC_REQUIRE(bdc->header().page_code() == 0xB1);

    constexpr auto ssd = scsi::parse_block_device_characteristics(sdeb.bytes);
    STATIC_REQUIRE(ssd->non_rotating_medium());
    STATIC_REQUIRE(!ssd->has_nominal_rotation_rate());
    STATIC_REQUIRE(ssd->nominal_form_factor() == scsi::nominal_form_factor::less_than_inch_1_8);
    STATIC_REQUIRE(ssd->zoned() == scsi::zoned::not_reported);
    STATIC_REQUIRE(!ssd->bocs() && !ssd->fuab() && !ssd->vbuls());
}

TEST_CASE("vpd_block_device_characteristics: value ranges and names", "[scsi][vpd_block_device_characteristics]")
{
    // MEDIUM ROTATION RATE: 0 not reported, 1 non-rotating, 2..400h
    // reserved, 401h..FFFEh rpm, FFFFh reserved.
    const std::uint16_t rates[] = {0x0000, 0x0001, 0x0002, 0x0400, 0x0401, 0x3A98, 0xFFFE, 0xFFFF};
    for (const std::uint16_t rate : rates) {
        INFO("rate " << rate);
        page64 p = make_page({static_cast<byte>(rate >> 8), static_cast<byte>(rate)});
        const auto bdc = scsi::parse_block_device_characteristics(p.bytes);
        REQUIRE(bdc.has_value());
        CHECK(bdc->medium_rotation_rate() == rate);
        CHECK(bdc->non_rotating_medium() == (rate == 1));
        CHECK(bdc->has_nominal_rotation_rate() == (rate >= 0x401 && rate <= 0xFFFE));
    }

    CHECK(std::string(to_string(scsi::product_type::cfast)) == "CFast");
    CHECK(std::string(to_string(scsi::product_type::secure_digital_card)) == "Secure Digital Card");
    CHECK(std::string(to_string(static_cast<scsi::product_type>(0x08))) == "reserved");
    CHECK(std::string(to_string(static_cast<scsi::product_type>(0xEF))) == "reserved");
    CHECK(std::string(to_string(static_cast<scsi::product_type>(0xF0))) == "vendor specific");
    CHECK(std::string(to_string(static_cast<scsi::product_type>(0xFF))) == "vendor specific");
    CHECK(std::string(to_string(scsi::nominal_form_factor::inch_2_5)) == "2.5 inch");
    CHECK(std::string(to_string(static_cast<scsi::nominal_form_factor>(6))) == "reserved");
    CHECK(std::string(to_string(scsi::zoned::device_managed)) == "device managed");
    CHECK(std::string(to_string(scsi::zoned::reserved)) == "reserved");

    // Each bit of byte 8 alone: reserved ones (7, 6, 3) are seen by nothing.
    for (unsigned b = 0; b < 8; ++b) {
        INFO("byte 8 bit " << b);
        page64 p = make_page({0, 0, 0, 0, static_cast<byte>(1u << b)});
        const auto bdc = scsi::parse_block_device_characteristics(p.bytes);
        CHECK(bdc->vbuls() == (b == 0));
        CHECK(bdc->fuab() == (b == 1));
        CHECK(bdc->bocs() == (b == 2));
        CHECK(static_cast<unsigned>(bdc->zoned()) == (b == 4 ? 1u : b == 5 ? 2u : 0u));
    }
}

TEST_CASE("vpd_block_device_characteristics: malformed, short and truncated pages",
          "[scsi][vpd_block_device_characteristics]")
{
    STATIC_REQUIRE(scsi::parse_block_device_characteristics(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_block_device_characteristics(byte_view(disk.bytes, 3)).error() == errc::too_short);
    static constexpr byte block_limits_header[] = {0x00, 0xB0, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_block_device_characteristics(block_limits_header).error() == errc::wrong_page_code);

    // Cut inside MEDIUM ROTATION RATE: not half a rate.
    constexpr auto half = scsi::parse_block_device_characteristics(byte_view(disk.bytes, 5));
    STATIC_REQUIRE(half->truncated());
    STATIC_REQUIRE(half->medium_rotation_rate() == 0);
    // Cut inside DEPOPULATION TIME.
    constexpr auto cut = scsi::parse_block_device_characteristics(byte_view(disk.bytes, 14));
    STATIC_REQUIRE(!cut->has_all_fields());
    STATIC_REQUIRE(cut->fuab());
    STATIC_REQUIRE(cut->depopulation_time() == 0);

    // PAGE LENGTH 4: bytes 8.. are not the page's.
    static constexpr page64 short_page = [] {
        page64 p = disk;
        p.bytes[3] = 0x04;
        return p;
    }();
    constexpr auto s = scsi::parse_block_device_characteristics(short_page.bytes);
    STATIC_REQUIRE(!s->truncated());
    STATIC_REQUIRE(!s->has_all_fields());
    STATIC_REQUIRE(s->medium_rotation_rate() == 7200);
    STATIC_REQUIRE(s->nominal_form_factor() == scsi::nominal_form_factor::inch_3_5);
    STATIC_REQUIRE(!s->fuab());
    STATIC_REQUIRE(s->zoned() == scsi::zoned::not_reported);

    mpio_test::every_prefix(byte_view(disk.bytes), scsi::vpd_page::header_size,
                            scsi::parse_block_device_characteristics,
                            [](const scsi::block_device_characteristics& prefix, std::size_t n) {
                                CHECK(prefix.truncated() == (n < 64));
                                CHECK(prefix.has_all_fields() == (n >= 16));
                                CHECK(prefix.medium_rotation_rate() == (n >= 6 ? 7200 : 0));
                                CHECK(prefix.product_type() == (n >= 7 ? scsi::product_type::universal_flash_storage
                                                                       : scsi::product_type::not_indicated));
                                CHECK(prefix.wacereq() == (n >= 8 ? 2 : 0));
                                CHECK(prefix.vbuls() == (n >= 9));
                                CHECK(prefix.depopulation_time() == (n >= 16 ? 3600u : 0u));
                            });
}

TEST_CASE("vpd_block_device_characteristics: vpd_sdeb.hex", "[scsi][vpd_block_device_characteristics][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0xB1);
    REQUIRE(page.has_value());
    const byte_view bytes = page->bytes();
    CHECK(bytes == byte_view(sdeb.bytes));
    const auto bdc = scsi::parse_block_device_characteristics(bytes);
    REQUIRE(bdc.has_value());
    // sg_vpd --inhex=<the B1h page> (sg3_utils 1.46):
    //   Non-rotating medium (e.g. solid state)
    //   Product type: Not specified
    //   WABEREQ=0
    //   WACEREQ=0
    //   Nominal form factor: less then 1.8 inch
    //   ZONED=0
    //   RBWZ=0
    //   BOCS=0
    //   FUAB=0
    //   VBULS=0
    //   DEPOPULATION_TIME=0 (seconds)
    CHECK(bdc->non_rotating_medium());
    CHECK(bdc->product_type() == scsi::product_type::not_indicated);
    CHECK(bdc->wabereq() == 0);
    CHECK(bdc->wacereq() == 0);
    CHECK(bdc->nominal_form_factor() == scsi::nominal_form_factor::less_than_inch_1_8);
    CHECK(bdc->zoned() == scsi::zoned::not_reported);
    CHECK_FALSE(bdc->bocs());
    CHECK_FALSE(bdc->fuab());
    CHECK_FALSE(bdc->vbuls());
    CHECK(bdc->depopulation_time() == 0);
    CHECK(bdc->has_all_fields());

    mpio_test::every_prefix(
        bytes, scsi::vpd_page::header_size, scsi::parse_block_device_characteristics,
        [&](const scsi::block_device_characteristics& prefix, std::size_t n) {
            CHECK(prefix.non_rotating_medium() == (n >= 6));
            CHECK(prefix.nominal_form_factor() ==
                  (n >= 8 ? scsi::nominal_form_factor::less_than_inch_1_8 : scsi::nominal_form_factor::not_reported));
        });
}

} // namespace test_scsi_vpd_block_device_characteristics_test
