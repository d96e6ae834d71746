// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_block_limits.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_block_limits_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// scsi_debug's page (vpd_sdeb.hex).
constexpr byte sdeb[] = {
    0x00, 0xb0, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x04, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

// Every field distinct and non-zero.
constexpr byte full[] = {
    0x00, 0xb0, 0x00, 0x3c,
    0xFF,                                           // 4: WSNZ (+ reserved bits)
    0x20,                                           // 5: MAXIMUM COMPARE AND WRITE LENGTH 32
    0x00, 0x08,                                     // 6-7: OPTIMAL TRANSFER LENGTH GRANULARITY 8
    0x00, 0x00, 0x80, 0x00,                         // 8-11: MAXIMUM TRANSFER LENGTH 32768
    0x00, 0x00, 0x01, 0x00,                         // 12-15: OPTIMAL TRANSFER LENGTH 256
    0x00, 0x00, 0x20, 0x00,                         // 16-19: MAXIMUM PREFETCH LENGTH 8192
    0xFF, 0xFF, 0xFF, 0xFF,                         // 20-23: MAXIMUM UNMAP LBA COUNT unlimited
    0x00, 0x00, 0x00, 0x40,                         // 24-27: MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT 64
    0x00, 0x00, 0x08, 0x00,                         // 28-31: OPTIMAL UNMAP GRANULARITY 2048
    0x80, 0x00, 0x00, 0x07,                         // 32-35: UGAVALID, UNMAP GRANULARITY ALIGNMENT 7
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, // 36-43: MAXIMUM WRITE SAME LENGTH 2^32
    0x00, 0x00, 0x00, 0x10,                         // 44-47: MAXIMUM ATOMIC TRANSFER LENGTH 16
    0x00, 0x00, 0x00, 0x04,                         // 48-51: ATOMIC ALIGNMENT 4
    0x00, 0x00, 0x00, 0x02,                         // 52-55: ATOMIC TRANSFER LENGTH GRANULARITY 2
    0x00, 0x00, 0x00, 0x20,                         // 56-59: MAXIMUM ATOMIC TRANSFER LENGTH WITH ATOMIC BOUNDARY 32
    0x00, 0x00, 0x00, 0x08,                         // 60-63: MAXIMUM ATOMIC BOUNDARY SIZE 8
};

// An SBC-2 page: PAGE LENGTH 0Ch, bytes 4..15 (bytes 4-5 reserved).
constexpr byte sbc2[] = {0x00, 0xb0, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x08,
                         0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x80};
// An early SBC-3 page: PAGE LENGTH 10h, with MAXIMUM PREFETCH XDREAD XDWRITE
// TRANSFER LENGTH; followed by bytes that are not part of the page.
constexpr byte early_sbc3[] = {0x00, 0xb0, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x04, 0x00,
                               0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF};

// Presence of every multi-byte field after `n` bytes of a full page.
void check_presence(const scsi::block_limits& bl, std::size_t n)
{
    CHECK(bl.has_wsnz() == (n >= 5));
    CHECK(bl.has_maximum_compare_and_write_length() == (n >= 6));
    CHECK(bl.has_optimal_transfer_length_granularity() == (n >= 8));
    CHECK(bl.has_maximum_transfer_length() == (n >= 12));
    CHECK(bl.has_optimal_transfer_length() == (n >= 16));
    CHECK(bl.has_maximum_prefetch_length() == (n >= 20));
    CHECK(bl.has_maximum_unmap_lba_count() == (n >= 24));
    CHECK(bl.has_maximum_unmap_block_descriptor_count() == (n >= 28));
    CHECK(bl.has_optimal_unmap_granularity() == (n >= 32));
    CHECK(bl.has_unmap_granularity_alignment() == (n >= 36));
    CHECK(bl.has_maximum_write_same_length() == (n >= 44));
    CHECK(bl.has_maximum_atomic_transfer_length() == (n >= 48));
    CHECK(bl.has_atomic_alignment() == (n >= 52));
    CHECK(bl.has_atomic_transfer_length_granularity() == (n >= 56));
    CHECK(bl.has_maximum_atomic_transfer_length_with_atomic_boundary() == (n >= 60));
    CHECK(bl.has_maximum_atomic_boundary_size() == (n >= 64));
    CHECK(bl.has_all_fields() == (n >= 64));
}

} // namespace

TEST_CASE("vpd_block_limits: every field at compile time", "[scsi][vpd_block_limits]")
{
    constexpr auto bl = scsi::parse_block_limits(full);
    STATIC_REQUIRE(bl.has_value());
    STATIC_REQUIRE(bl->page_code() == 0xB0);
    STATIC_REQUIRE(bl->page_length() == scsi::block_limits::standard_page_length);
    STATIC_REQUIRE(!bl->truncated());
    STATIC_REQUIRE(bl->has_all_fields());
    STATIC_REQUIRE(bl->wsnz());
    STATIC_REQUIRE(bl->maximum_compare_and_write_length() == 32);
    STATIC_REQUIRE(bl->optimal_transfer_length_granularity() == 8);
    STATIC_REQUIRE(bl->maximum_transfer_length() == 32768);
    STATIC_REQUIRE(bl->optimal_transfer_length() == 256);
    STATIC_REQUIRE(bl->maximum_prefetch_length() == 8192);
    STATIC_REQUIRE(bl->maximum_unmap_lba_count() == scsi::block_limits::unlimited);
    STATIC_REQUIRE(bl->maximum_unmap_block_descriptor_count() == 64);
    STATIC_REQUIRE(bl->optimal_unmap_granularity() == 2048);
    STATIC_REQUIRE(bl->ugavalid());
    STATIC_REQUIRE(bl->unmap_granularity_alignment() == 7);
    STATIC_REQUIRE(bl->maximum_write_same_length() == 0x1'0000'0000u);
    STATIC_REQUIRE(bl->maximum_atomic_transfer_length() == 16);
    STATIC_REQUIRE(bl->atomic_alignment() == 4);
    STATIC_REQUIRE(bl->atomic_transfer_length_granularity() == 2);
    STATIC_REQUIRE(bl->maximum_atomic_transfer_length_with_atomic_boundary() == 32);
    STATIC_REQUIRE(bl->maximum_atomic_boundary_size() == 8);
    STATIC_REQUIRE(bl->header().required_allocation_length() == 64);
}

TEST_CASE("vpd_block_limits: SBC-2 and early SBC-3 pages", "[scsi][vpd_block_limits]")
{
    constexpr auto old = scsi::parse_block_limits(sbc2);
    STATIC_REQUIRE(old->page_length() == scsi::block_limits::sbc2_page_length);
    STATIC_REQUIRE(!old->truncated());
    STATIC_REQUIRE(!old->has_all_fields());
    STATIC_REQUIRE(old->has_maximum_transfer_length());
    STATIC_REQUIRE(old->maximum_transfer_length() == 1024);
    STATIC_REQUIRE(old->optimal_transfer_length() == 128);
    STATIC_REQUIRE(old->optimal_transfer_length_granularity() == 8);
    STATIC_REQUIRE(old->has_wsnz() && !old->wsnz()); // reserved in SBC-2: zero
    STATIC_REQUIRE(!old->has_maximum_prefetch_length());
    STATIC_REQUIRE(old->maximum_prefetch_length() == 0);
    STATIC_REQUIRE(!old->has_maximum_unmap_lba_count());
    STATIC_REQUIRE(old->maximum_unmap_lba_count() == 0); // "UNMAP not implemented"
    STATIC_REQUIRE(!old->has_maximum_write_same_length());
    STATIC_REQUIRE(!old->has_maximum_atomic_boundary_size());

    constexpr auto early = scsi::parse_block_limits(early_sbc3);
    STATIC_REQUIRE(early->page_length() == scsi::block_limits::early_sbc3_page_length);
    STATIC_REQUIRE(!early->truncated());
    STATIC_REQUIRE(early->has_maximum_prefetch_length());
    STATIC_REQUIRE(early->maximum_prefetch_length() == 256);
    // Bytes 20..23 follow the page but are not part of it.
    STATIC_REQUIRE(!early->has_maximum_unmap_lba_count());
    STATIC_REQUIRE(early->maximum_unmap_lba_count() == 0);
    STATIC_REQUIRE(early->payload().size() == 16);

    // A PAGE LENGTH ending inside a field: that field is absent, not half read.
    static constexpr byte odd[] = {0x00, 0xb0, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00,
                                   0x04, 0x00, 0x00, 0x00, 0x00, 0x80, 0x12, 0x34, 0x56, 0x78};
    constexpr auto o = scsi::parse_block_limits(odd);
    STATIC_REQUIRE(!o->has_maximum_prefetch_length());
    STATIC_REQUIRE(o->maximum_prefetch_length() == 0);
    STATIC_REQUIRE(o->has_optimal_transfer_length());

    // Every PAGE LENGTH from 0 to 3Ch gives exactly the fields it covers.
    for (std::uint16_t length = 0; length <= 0x3C; ++length) {
        INFO("PAGE LENGTH " << length);
        std::vector<byte> page(full, full + sizeof full);
        page[3] = static_cast<byte>(length);
        const auto bl = scsi::parse_block_limits(view(page));
        REQUIRE(bl.has_value());
        CHECK_FALSE(bl->truncated());
        check_presence(*bl, 4u + length);
        CHECK(bl->maximum_transfer_length() == (length >= 8 ? 32768u : 0u));
        CHECK(bl->ugavalid() == (length >= 32));
        CHECK(bl->maximum_write_same_length() == (length >= 40 ? 0x1'0000'0000u : 0u));
    }
}

TEST_CASE("vpd_block_limits: malformed and truncated pages", "[scsi][vpd_block_limits]")
{
    STATIC_REQUIRE(scsi::parse_block_limits(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_block_limits(byte_view(full, 3)).error() == errc::too_short);
    static constexpr byte bdc[] = {0x00, 0xb1, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_block_limits(bdc).error() == errc::wrong_page_code);

    constexpr auto cut = scsi::parse_block_limits(byte_view(full, 30));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 64);
    STATIC_REQUIRE(cut->has_maximum_unmap_block_descriptor_count());
    STATIC_REQUIRE(!cut->has_optimal_unmap_granularity());
    STATIC_REQUIRE(cut->optimal_unmap_granularity() == 0);

    mpio_test::every_prefix(byte_view(full), scsi::vpd_page::header_size, scsi::parse_block_limits,
                            [](const scsi::block_limits& prefix, std::size_t n) {
                                CHECK(prefix.truncated() == (n < sizeof full));
                                check_presence(prefix, n);
                                CHECK(prefix.maximum_atomic_boundary_size() == (n == 64 ? 8u : 0u));
                                CHECK(prefix.unmap_granularity_alignment() == (n >= 36 ? 7u : 0u));
                            });
}

TEST_CASE("vpd_block_limits: vpd_sdeb.hex", "[scsi][vpd_block_limits][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0xB0);
    REQUIRE(page.has_value());
    const byte_view bytes = page->bytes();
    CHECK(bytes == byte_view(sdeb));
    const auto bl = scsi::parse_block_limits(bytes);
    REQUIRE(bl.has_value());
    // sg_vpd --inhex=<the B0h page> (sg3_utils 1.46):
    //   Write same non-zero (WSNZ): 0
    //   Maximum compare and write length: 0 blocks [Command not implemented]
    //   Optimal transfer length granularity: 1 blocks
    //   Maximum transfer length: 16384 blocks
    //   Optimal transfer length: 1024 blocks
    //   Maximum prefetch transfer length: 0 blocks [ignored]
    //   Maximum unmap LBA count: 0 [Unmap command not implemented]
    //   Maximum unmap block descriptor count: 0 [Unmap command not implemented]
    //   Optimal unmap granularity: 1 blocks
    //   Unmap granularity alignment valid: false
    //   Unmap granularity alignment: 0 [invalid]
    //   Maximum write same length: 0xffff blocks
    //   Maximum atomic transfer length: 0 blocks [not reported]
    //   Atomic alignment: 0 [unaligned atomic writes permitted]
    //   Atomic transfer length granularity: 0 [no granularity requirement
    //   Maximum atomic transfer length with atomic boundary: 0 blocks [not reported]
    //   Maximum atomic boundary size: 0 blocks [can only write atomic 1 block]
    CHECK_FALSE(bl->wsnz());
    CHECK(bl->maximum_compare_and_write_length() == 0);
    CHECK(bl->optimal_transfer_length_granularity() == 1);
    CHECK(bl->maximum_transfer_length() == 16384);
    CHECK(bl->optimal_transfer_length() == 1024);
    CHECK(bl->maximum_prefetch_length() == 0);
    CHECK(bl->maximum_unmap_lba_count() == 0);
    CHECK(bl->maximum_unmap_block_descriptor_count() == 0);
    CHECK(bl->optimal_unmap_granularity() == 1);
    CHECK_FALSE(bl->ugavalid());
    CHECK(bl->unmap_granularity_alignment() == 0);
    CHECK(bl->maximum_write_same_length() == 0xffff);
    CHECK(bl->maximum_atomic_transfer_length() == 0);
    CHECK(bl->atomic_alignment() == 0);
    CHECK(bl->atomic_transfer_length_granularity() == 0);
    CHECK(bl->maximum_atomic_transfer_length_with_atomic_boundary() == 0);
    CHECK(bl->maximum_atomic_boundary_size() == 0);
    CHECK(bl->has_all_fields());

    mpio_test::every_prefix(bytes, scsi::vpd_page::header_size, scsi::parse_block_limits,
                            [&](const scsi::block_limits& prefix, std::size_t n) {
                                check_presence(prefix, n);
                                CHECK(prefix.maximum_transfer_length() == (n >= 12 ? 16384u : 0u));
                                CHECK(prefix.maximum_write_same_length() == (n >= 44 ? 0xffffu : 0u));
                            });
}

TEST_CASE("vpd_block_limits: vpd_bl.hex", "[scsi][vpd_block_limits][data]")
{
    // A page with PAGE LENGTH 3Eh: two bytes more than SBC-4 defines.
    const std::vector<byte> data = load("vpd_bl.hex");
    const auto bl = scsi::parse_block_limits(view(data));
    REQUIRE(bl.has_value());
    // sg_vpd --inhex=vpd_bl.hex (sg3_utils 1.46):
    //   Write same non-zero (WSNZ): 0
    //   Maximum compare and write length: 0 blocks [Command not implemented]
    //   Optimal transfer length granularity: 8 blocks
    //   Maximum transfer length: 65535 blocks
    //   Optimal transfer length: 0 blocks [not reported]
    //   Maximum prefetch transfer length: 0 blocks [ignored]
    //   Maximum unmap LBA count: 393216
    //   Maximum unmap block descriptor count: 512
    //   Optimal unmap granularity: 8 blocks
    //   Unmap granularity alignment valid: false
    //   Unmap granularity alignment: 0 [invalid]
    //   Maximum write same length: 0 blocks [not reported]
    //   Maximum atomic transfer length: 0 blocks [not reported]
    //   Atomic alignment: 0 [unaligned atomic writes permitted]
    //   Atomic transfer length granularity: 0 [no granularity requirement
    //   Maximum atomic transfer length with atomic boundary: 0 blocks [not reported]
    //   Maximum atomic boundary size: 0 blocks [can only write atomic 1 block]
    CHECK(bl->page_length() == 0x3E);
    CHECK_FALSE(bl->truncated());
    CHECK(bl->has_all_fields());
    CHECK_FALSE(bl->wsnz());
    CHECK(bl->maximum_compare_and_write_length() == 0);
    CHECK(bl->optimal_transfer_length_granularity() == 8);
    CHECK(bl->maximum_transfer_length() == 65535);
    CHECK(bl->optimal_transfer_length() == 0);
    CHECK(bl->maximum_prefetch_length() == 0);
    CHECK(bl->maximum_unmap_lba_count() == 393216);
    CHECK(bl->maximum_unmap_block_descriptor_count() == 512);
    CHECK(bl->optimal_unmap_granularity() == 8);
    CHECK_FALSE(bl->ugavalid());
    CHECK(bl->unmap_granularity_alignment() == 0);
    CHECK(bl->maximum_write_same_length() == 0);
    CHECK(bl->maximum_atomic_transfer_length() == 0);
    CHECK(bl->atomic_alignment() == 0);
    CHECK(bl->atomic_transfer_length_granularity() == 0);
    CHECK(bl->maximum_atomic_transfer_length_with_atomic_boundary() == 0);
    CHECK(bl->maximum_atomic_boundary_size() == 0);
    // The two extra bytes stay in the payload, undecoded.
    CHECK(bl->payload().size() == 0x3E);
    CHECK(bl->bytes().subview(64) == byte_view(data.data() + 64, 2));

    mpio_test::every_prefix(view(data), scsi::vpd_page::header_size, scsi::parse_block_limits,
                            [&](const scsi::block_limits& prefix, std::size_t n) {
                                check_presence(prefix, n);
                                CHECK(prefix.truncated() == (n < data.size()));
                                CHECK(prefix.maximum_unmap_lba_count() == (n >= 24 ? 393216u : 0u));
                            });
}

} // namespace test_scsi_vpd_block_limits_test
