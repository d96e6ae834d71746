// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// The first two pages of tests/data/sg3_utils-inhex/vpd_sdeb.hex (scsi_debug).
constexpr byte sdeb_two_pages[] = {
    0x00, 0x00, 0x00, 0x0c, 0x00, 0x80, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0xb0, 0xb1, 0xb2, // 00h
    0x00, 0x80, 0x00, 0x04, 0x32, 0x30, 0x30, 0x30,                                                 // 80h "2000"
};

// A page of a tape drive (PERIPHERAL DEVICE TYPE 01h) behind a qualifier 1.
constexpr byte qualified_page[] = {0x21, 0xb0, 0x00, 0x02, 0xaa, 0xbb};

constexpr std::size_t count_pages(byte_view bytes) noexcept
{
    std::size_t n = 0;
    for (const scsi::vpd_page page : scsi::vpd_page_list(bytes)) {
        static_cast<void>(page);
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("vpd: header fields at compile time", "[scsi][vpd]")
{
    constexpr auto page = scsi::parse_vpd_page(sdeb_two_pages);
    STATIC_REQUIRE(page.has_value());
    STATIC_REQUIRE(page->peripheral_qualifier() == 0);
    STATIC_REQUIRE(page->peripheral_device_type() == 0);
    STATIC_REQUIRE(page->page_code() == 0x00);
    STATIC_REQUIRE(page->page_length() == 12);
    STATIC_REQUIRE(page->payload().size() == 12);
    STATIC_REQUIRE(page->payload()[0] == 0x00);
    STATIC_REQUIRE(page->payload()[11] == 0xb2);
    // The buffer holds a second page after this one: not part of the page.
    STATIC_REQUIRE(page->bytes().size() == 16);
    STATIC_REQUIRE(!page->truncated());
    STATIC_REQUIRE(page->required_allocation_length() == 16);

    constexpr auto q = scsi::parse_vpd_page(qualified_page);
    STATIC_REQUIRE(q->peripheral_qualifier() == 1);
    STATIC_REQUIRE(q->peripheral_device_type() == 1);
    STATIC_REQUIRE(q->page_code() == 0xb0);
}

TEST_CASE("vpd: short and truncated input", "[scsi][vpd]")
{
    // Fewer bytes than the header: an error.
    STATIC_REQUIRE(scsi::parse_vpd_page(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_vpd_page(byte_view(sdeb_two_pages, 3)).error() == errc::too_short);

    // The header alone of a 16-byte page: truncated, not an error.
    constexpr auto header_only = scsi::parse_vpd_page(byte_view(sdeb_two_pages, 4));
    STATIC_REQUIRE(header_only.has_value());
    STATIC_REQUIRE(header_only->truncated());
    STATIC_REQUIRE(header_only->payload().empty());
    STATIC_REQUIRE(header_only->required_allocation_length() == 16);

    constexpr auto cut = scsi::parse_vpd_page(byte_view(sdeb_two_pages, 9));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->payload().size() == 5);
    STATIC_REQUIRE(cut->page_length() == 12);

    // PAGE LENGTH 0: a complete, empty page.
    constexpr byte empty_page[] = {0x00, 0x80, 0x00, 0x00};
    STATIC_REQUIRE(!scsi::parse_vpd_page(empty_page)->truncated());
    STATIC_REQUIRE(scsi::parse_vpd_page(empty_page)->payload().empty());

    // The largest PAGE LENGTH: 4 + 65535.
    constexpr byte huge[] = {0x00, 0x83, 0xff, 0xff, 0x01};
    STATIC_REQUIRE(scsi::parse_vpd_page(huge)->required_allocation_length() == 65539);
    STATIC_REQUIRE(scsi::parse_vpd_page(huge)->payload().size() == 1);
}

TEST_CASE("vpd: expected page code", "[scsi][vpd]")
{
    STATIC_REQUIRE(scsi::parse_vpd_page(sdeb_two_pages, 0x00).has_value());
    STATIC_REQUIRE(scsi::parse_vpd_page(sdeb_two_pages, 0x80).error() == errc::wrong_page_code);
    // A too-short buffer is too short whatever the page code asked for.
    STATIC_REQUIRE(scsi::parse_vpd_page(byte_view(sdeb_two_pages, 1), 0x80).error() == errc::too_short);
}

TEST_CASE("vpd: page names", "[scsi][vpd]")
{
    using scsi::vpd_page_name;
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x00)) == "Supported VPD Pages");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x80)) == "Unit Serial Number");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x83)) == "Device Identification");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x01)) == "ASCII Information");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x7f)) == "ASCII Information");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x81)) == "Implemented Operating Definition (obsolete)");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x8e)) == "reserved");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x8f)) == "Third-party Copy");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x92)) == "SCSI Feature Sets");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x93)) == "reserved");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0xb0)) == "Block Limits");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0xb9)) == "Concurrent Positioning Ranges");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0xba)) == "reserved");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0xc0)) == "vendor specific");
    STATIC_REQUIRE(std::string_view(vpd_page_name(0xff)) == "vendor specific");
    // B0h..BFh belong to the device type: SBC's for block devices only.
    STATIC_REQUIRE(std::string_view(vpd_page_name(0xb1, 0x14)) == "Block Device Characteristics"); // zoned
    STATIC_REQUIRE(std::string_view(vpd_page_name(0xb0, 0x01)) == "device type specific");         // tape
    STATIC_REQUIRE(std::string_view(vpd_page_name(0x83, 0x01)) == "Device Identification");
    // Every code has a name.
    for (unsigned code = 0; code < 256; ++code) CHECK(vpd_page_name(static_cast<std::uint8_t>(code))[0] != '\0');
}

TEST_CASE("vpd: page list at compile time", "[scsi][vpd]")
{
    STATIC_REQUIRE(count_pages(sdeb_two_pages) == 2);
    STATIC_REQUIRE(scsi::vpd_page_list(sdeb_two_pages).status().ok());
    STATIC_REQUIRE(scsi::vpd_page_list(sdeb_two_pages).status().count == 2);
    STATIC_REQUIRE(scsi::vpd_page_list(sdeb_two_pages).at(1)->page_code() == 0x80);
    STATIC_REQUIRE(scsi::vpd_page_list(sdeb_two_pages).find(0x80)->payload().size() == 4);
    STATIC_REQUIRE(scsi::vpd_page_list(sdeb_two_pages).find(0x83).error() == errc::not_found);
    STATIC_REQUIRE(count_pages(byte_view{}) == 0);
    STATIC_REQUIRE(scsi::vpd_page_list(byte_view{}).status().ok());
}

TEST_CASE("vpd: page list with a truncated last page", "[scsi][vpd]")
{
    // The buffer ends inside the second page: it is yielded, truncated.
    constexpr byte_view cut(sdeb_two_pages, 22);
    STATIC_REQUIRE(count_pages(cut) == 2);
    STATIC_REQUIRE(scsi::vpd_page_list(cut).status().ok());
    STATIC_REQUIRE(!scsi::vpd_page_list(cut).at(0)->truncated());
    STATIC_REQUIRE(scsi::vpd_page_list(cut).at(1)->truncated());
    STATIC_REQUIRE(scsi::vpd_page_list(cut).at(1)->payload().size() == 2);
    STATIC_REQUIRE(scsi::vpd_page_list(cut).at(1)->required_allocation_length() == 8);

    // ... but a tail shorter than a page header stops the walk: too_short.
    constexpr byte_view stub(sdeb_two_pages, 18);
    STATIC_REQUIRE(count_pages(stub) == 1);
    STATIC_REQUIRE(scsi::vpd_page_list(stub).status().error == errc::too_short);
    STATIC_REQUIRE(scsi::vpd_page_list(stub).status().offset == 16);
    STATIC_REQUIRE(scsi::vpd_page_list(stub).find(0x80).error() == errc::too_short);
}

TEST_CASE("vpd: scsi_debug pages back to back (vpd_sdeb.hex)", "[scsi][vpd][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const scsi::vpd_page_list pages(view(data));
    const std::uint8_t expected_codes[] = {0x00, 0x80, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0xb0, 0xb1, 0xb2};
    const std::uint16_t expected_lengths[] = {12, 4, 112, 18, 68, 60, 8, 48, 568, 60, 60, 4};
    std::size_t i = 0;
    std::size_t offset = 0;
    for (auto it = pages.begin(); it != pages.end(); ++it, ++i) {
        const scsi::vpd_page page = *it;
        REQUIRE(i < 12);
        CHECK(it.offset() == offset);
        CHECK(page.page_code() == expected_codes[i]);
        CHECK(page.page_length() == expected_lengths[i]);
        CHECK(page.peripheral_qualifier() == 0);
        CHECK(page.peripheral_device_type() == 0);
        CHECK_FALSE(page.truncated());
        offset += page.required_allocation_length();
    }
    CHECK(i == 12);
    CHECK(offset == data.size());
    CHECK(pages.status().ok());
    CHECK(pages.find(0xb2)->page_length() == 4);

    // The supported pages page lists exactly the pages that follow it.
    const scsi::vpd_page supported = *pages.begin();
    for (std::size_t k = 0; k < 12; ++k) CHECK(supported.payload()[k] == expected_codes[k]);
}

TEST_CASE("vpd: every prefix of vpd_sdeb.hex walks cleanly", "[scsi][vpd][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    for (std::size_t n = 0; n <= data.size(); ++n) {
        const scsi::vpd_page_list pages(byte_view(data.data(), n));
        std::size_t covered = 0;
        std::size_t truncated = 0;
        for (const scsi::vpd_page page : pages) {
            covered += page.bytes().size();
            if (page.truncated()) ++truncated;
            CHECK(page.bytes().size() >= scsi::vpd_page::header_size);
        }
        const mpio::list_status status = pages.status();
        INFO("prefix " << n);
        CHECK(truncated <= 1);
        if (status.ok()) {
            CHECK(covered == n);
        } else {
            // Only a stub of a page header is refused.
            CHECK(status.error == errc::too_short);
            CHECK(status.offset == covered);
            CHECK(n - covered < scsi::vpd_page::header_size);
        }
    }
}

TEST_CASE("vpd: every sample file parses as a VPD page", "[scsi][vpd][data]")
{
    struct sample {
        const char* file;
        std::uint8_t page_code;
        std::size_t pages;   // in the file, per the page lengths
        bool last_truncated; // the file holds fewer bytes than the last PAGE LENGTH says
    };
    const sample samples[] = {
        {"vpd_atai.hex", 0x89, 1, false},
        {"vpd_bdce.hex", 0xb5, 1, false},
        {"vpd_bl.hex", 0xb0, 1, false},
        {"vpd_constituents.hex", 0x8b, 1, false},
        {"vpd_cpr.hex", 0xb9, 1, false},
        {"vpd_dev_id.hex", 0x83, 1, false},
        {"vpd_di_all.hex", 0x83, 1, false},
        {"vpd_di_bad_all.hex", 0x83, 1, false},
        {"vpd_di_name_inject.hex", 0x83, 1, false},
        {"vpd_di_old_emc_symm.hex", 0x83, 1, false},
        // PAGE LENGTH 80h counts the header too: 4 bytes are missing.
        {"vpd_fp.hex", 0xb8, 1, true},
        {"vpd_lbpro.hex", 0xb5, 1, false},
        {"vpd_lbpv.hex", 0xb2, 1, false},
        // PAGE LENGTH C0h but 208 bytes in the file (its comment says "208
        // bytes long"): the 12 zero bytes after the page read as three empty
        // pages of code 00h. The list follows the lengths, it cannot know.
        {"vpd_nvmei.hex", 0x8e, 4, false},
        {"vpd_ref.hex", 0xb3, 1, false},
        {"vpd_sbl.hex", 0xb4, 1, false},
        {"vpd_sdeb.hex", 0x00, 12, false},
        {"vpd_sfs.hex", 0x92, 1, false},
        {"vpd_tpc.hex", 0x8f, 1, true},
        {"vpd_zbdc.hex", 0xb6, 1, false},
        {"vpd_zbdc.raw", 0xb6, 1, false},
    };
    for (const sample& s : samples) {
        INFO(s.file);
        const std::vector<byte> data = load(s.file);
        const auto page = scsi::parse_vpd_page(view(data));
        REQUIRE(page.has_value());
        CHECK(page->page_code() == s.page_code);
        CHECK(scsi::parse_vpd_page(view(data), s.page_code).has_value());

        const scsi::vpd_page_list pages(view(data));
        CHECK(pages.status().ok());
        CHECK(pages.status().count == s.pages);
        scsi::vpd_page last;
        for (const scsi::vpd_page p : pages) last = p;
        CHECK(last.truncated() == s.last_truncated);

        // Every prefix: a page or too_short, never anything else.
        const auto parse = [](byte_view prefix) { return scsi::parse_vpd_page(prefix); };
        mpio_test::every_prefix(view(data), scsi::vpd_page::header_size, parse,
                                [](const scsi::vpd_page& prefix, std::size_t n) {
                                    CHECK(prefix.payload().size() + 4 <= n);
                                    CHECK(prefix.truncated() == (n < prefix.required_allocation_length()));
                                });
    }
}

TEST_CASE("vpd: the .raw and .hex forms of a page", "[scsi][vpd][data]")
{
    // Both parse to the same header. (Upstream's two files are not byte for
    // byte identical: byte 23 is 01h in the hex file, 00h in the raw one.)
    const std::vector<byte> hex = load("vpd_zbdc.hex");
    const std::vector<byte> raw = load("vpd_zbdc.raw");
    const auto from_hex = scsi::parse_vpd_page(view(hex));
    const auto from_raw = scsi::parse_vpd_page(view(raw));
    REQUIRE(from_hex.has_value());
    REQUIRE(from_raw.has_value());
    CHECK(from_hex->page_code() == from_raw->page_code());
    CHECK(from_hex->page_length() == from_raw->page_length());
    CHECK(from_hex->bytes().size() == from_raw->bytes().size());
    std::size_t differences = 0;
    for (std::size_t i = 0; i < hex.size() && i < raw.size(); ++i)
        if (hex[i] != raw[i]) ++differences;
    CHECK(differences == 1);
}

} // namespace test_scsi_vpd_test
