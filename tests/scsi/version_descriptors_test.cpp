// SPDX-License-Identifier: MIT
#include <mpio/scsi/version_descriptors.hpp>

#include <mpio/scsi/inquiry.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_version_descriptors_test {

using namespace mpio::scsi;

namespace {

constexpr bool table_is_sorted_and_unique() noexcept
{
    const auto& table = detail::version_descriptor_table;
    for (std::size_t i = 1; i < detail::version_descriptor_table_size; ++i)
        if (!(table[i - 1].code < table[i].code)) return false;
    return true;
}

constexpr bool every_entry_is_named() noexcept
{
    for (const version_descriptor_info& e : detail::version_descriptor_table)
        if (e.code == 0 || e.standard == nullptr || e.standard[0] == '\0' || e.version == nullptr) return false;
    return true;
}

// The block rule the name lookup relies on: when a block's first code is a
// "no version claimed" entry, every listed code of the block belongs to the
// same standard.
constexpr bool blocks_are_consistent() noexcept
{
    for (const version_descriptor_info& e : detail::version_descriptor_table) {
        const version_descriptor_info* block = detail::version_descriptor_block(e.code);
        if (!mpio::detail::is_null(block) && !detail::equal_text(block->standard, e.standard)) return false;
    }
    return true;
}

constexpr bool name_is(std::uint16_t code, const char* expected) noexcept
{
    const char* name = version_descriptor_name(code);
    return name != nullptr && detail::equal_text(name, expected);
}

std::string render(std::uint16_t code)
{
    mpio::fixed_text<96> out;
    append_version_descriptor(out, code);
    REQUIRE(!out.overflowed());
    return out.c_str();
}

} // namespace

TEST_CASE("version descriptors: the table is well formed", "[scsi][version_descriptors]")
{
    STATIC_REQUIRE(table_is_sorted_and_unique());
    STATIC_REQUIRE(every_entry_is_named());
    STATIC_REQUIRE(blocks_are_consistent());
    STATIC_REQUIRE(detail::version_descriptor_table_size > 300);
}

TEST_CASE("version descriptors: names", "[scsi][version_descriptors]")
{
    STATIC_REQUIRE(name_is(0x0460, "SPC-4"));
    STATIC_REQUIRE(name_is(0x046c, "SPC-4"));
    STATIC_REQUIRE(name_is(0x0600, "SBC-4"));
    STATIC_REQUIRE(name_is(0x060d, "SBC-4")); // not listed: named through its block
    STATIC_REQUIRE(name_is(0x0c60, "SAS-3"));
    STATIC_REQUIRE(name_is(0x0961, "iSCSI"));
    STATIC_REQUIRE(name_is(0x097f, "iSCSI"));
    STATIC_REQUIRE(name_is(0x1762, "ACS-2"));
    STATIC_REQUIRE(name_is(0xffc3, "IEEE 1667"));
    STATIC_REQUIRE(version_descriptor_name(0x0000) == nullptr); // an unused slot
    STATIC_REQUIRE(version_descriptor_name(0x0001) == nullptr); // block 0000h has no standard
    STATIC_REQUIRE(version_descriptor_name(0x1760) == nullptr); // shared ACS block: no guessing
    STATIC_REQUIRE(version_descriptor_name(0x1625) == nullptr); // ATA/ATAPI-8 parts: exact codes only
    STATIC_REQUIRE(version_descriptor_name(0x3000) == nullptr);
    STATIC_REQUIRE(version_descriptor_name(0xffff) == nullptr);

    STATIC_REQUIRE(!mpio::detail::is_null(find_version_descriptor(0x046c)));
    STATIC_REQUIRE(find_version_descriptor(0x046c)->code == 0x046c);
    STATIC_REQUIRE(find_version_descriptor(0x060d) == nullptr);
    STATIC_REQUIRE(!mpio::detail::is_null(find_version_descriptor(0x0020))); // first entry
    STATIC_REQUIRE(!mpio::detail::is_null(find_version_descriptor(0xffc0))); // last entry
    REQUIRE(std::string(version_descriptor_version(0x046c)) == "INCITS 513-2015");
    REQUIRE(std::string(version_descriptor_version(0x0460)) == "(no version claimed)");
    REQUIRE(version_descriptor_version(0x060d) == nullptr);
}

TEST_CASE("version descriptors: rendering", "[scsi][version_descriptors]")
{
    // The four descriptors of sg3_utils' inq_standard.hex, as sg_inq -d prints them.
    REQUIRE(render(0x00c0) == "SAM-6 (no version claimed)");
    REQUIRE(render(0x05c0) == "SPC-5 (no version claimed)");
    REQUIRE(render(0x0600) == "SBC-4 (no version claimed)");
    REQUIRE(render(0x2100) == "SPL-4 (no version claimed)");
    REQUIRE(render(0x0314) == "SPC-3 INCITS 408-2005");
    REQUIRE(render(0x0469) == "SPC-4 T10/BSR INCITS 513 revision 37a");
    REQUIRE(render(0x1729) == "Universal Serial Bus Specification, Revision 2.0");
    REQUIRE(render(0x060d) == "SBC-4 (version descriptor 0x060d)");
    REQUIRE(render(0x0962) == "iSCSI (iSCSIProtocolLevel=2)");
    REQUIRE(render(0x0000) == "none");
    REQUIRE(render(0x3000) == "unknown version descriptor 0x3000");

    // Every code renders, within a small fixed buffer.
    for (std::uint32_t code = 0; code <= 0xffff; ++code) {
        mpio::fixed_text<96> out;
        append_version_descriptor(out, static_cast<std::uint16_t>(code));
        REQUIRE(!out.overflowed());
        REQUIRE(!out.empty());
    }
}

TEST_CASE("version descriptors: with parsed INQUIRY data", "[scsi][version_descriptors]")
{
    constexpr mpio::byte data[74] = {
        0x00, 0x00, 0x06, 0x02, 69,   0,    0,    0,    'A',  'B',  'C',  ' ',  ' ',  ' ',  ' ',  ' ',  'P',  'R',
        'O',  'D',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  'R',  '1',  ' ',  ' ',
        0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
        0,    0,    0,    0,    0x00, 0xa2, 0x04, 0x60, 0x04, 0xc5, 0x0c, 0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    const standard_inquiry inq = parse_standard_inquiry(data).value();
    std::string all;
    for (const version_descriptor d : inq.version_descriptors()) {
        if (!all.empty()) all += "; ";
        all += render(d.code);
    }
    REQUIRE(all == "SAM-5 T10/2104-D revision 4; SPC-4 (no version claimed); SBC-3 T10/BSR INCITS 514 revision 36; "
                   "SAS-3 T10/BSR INCITS 519 revision 06");
}

} // namespace test_scsi_version_descriptors_test
