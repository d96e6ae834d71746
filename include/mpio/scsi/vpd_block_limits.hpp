// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_block_limits.hpp - the Block Limits VPD page (B0h) of
// direct access block devices.
//
// SBC-4 6.6.4, table "Block Limits VPD page" (PAGE LENGTH 003Ch):
//
//   byte 4    reserved (7..1) | WSNZ
//   byte 5    MAXIMUM COMPARE AND WRITE LENGTH
//   6-7       OPTIMAL TRANSFER LENGTH GRANULARITY
//   8-11      MAXIMUM TRANSFER LENGTH
//   12-15     OPTIMAL TRANSFER LENGTH
//   16-19     MAXIMUM PREFETCH LENGTH
//   20-23     MAXIMUM UNMAP LBA COUNT
//   24-27     MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT
//   28-31     OPTIMAL UNMAP GRANULARITY
//   32-35     UGAVALID (bit 7 of byte 32) | UNMAP GRANULARITY ALIGNMENT (31 bits)
//   36-43     MAXIMUM WRITE SAME LENGTH
//   44-47     MAXIMUM ATOMIC TRANSFER LENGTH
//   48-51     ATOMIC ALIGNMENT
//   52-55     ATOMIC TRANSFER LENGTH GRANULARITY
//   56-59     MAXIMUM ATOMIC TRANSFER LENGTH WITH ATOMIC BOUNDARY
//   60-63     MAXIMUM ATOMIC BOUNDARY SIZE
//
// Lengths are in logical blocks. The page a multipath layer reads to size
// its I/O: a request longer than MAXIMUM TRANSFER LENGTH fails on every path.
//
// Older pages. The page grew with the standard: SBC-2 defined bytes 4..15
// (PAGE LENGTH 000Ch, bytes 4-5 reserved), early SBC-3 added bytes 16..19
// (PAGE LENGTH 0010h; the field was then MAXIMUM PREFETCH XDREAD XDWRITE
// TRANSFER LENGTH), later SBC-3 the unmap fields and MAXIMUM WRITE SAME
// LENGTH, SBC-4 the atomic fields. A field is *present* when PAGE LENGTH
// covers it and the response holds it; has_<field>() says so.
//
// Zero. An absent field reads as zero, and zero is, for every field of this
// page, the standard's "no limit / nothing reported" value:
//   - MAXIMUM TRANSFER LENGTH, MAXIMUM WRITE SAME LENGTH: 0 = no limit
//     reported; MAXIMUM PREFETCH LENGTH: SBC-4 gives 0 no meaning of its
//     own, read it the same way (sg3_utils prints "ignored");
//   - OPTIMAL TRANSFER LENGTH GRANULARITY, OPTIMAL TRANSFER LENGTH, OPTIMAL
//     UNMAP GRANULARITY: 0 = not reported;
//   - MAXIMUM COMPARE AND WRITE LENGTH: 0 = COMPARE AND WRITE not supported;
//   - MAXIMUM UNMAP LBA COUNT, MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT: 0 = UNMAP
//     not implemented, FFFF_FFFFh (unlimited) = no limit;
//   - UGAVALID 0: UNMAP GRANULARITY ALIGNMENT is not valid;
//   - ATOMIC ALIGNMENT, ATOMIC TRANSFER LENGTH GRANULARITY: 0 = no
//     requirement; MAXIMUM ATOMIC TRANSFER LENGTH (WITH ATOMIC BOUNDARY):
//     0 = no maximum reported (Linux treats zero in both as "no atomic
//     writes"); MAXIMUM ATOMIC BOUNDARY SIZE: 0 = no atomic boundary larger
//     than one logical block (sg3_utils: "can only write atomic 1 block").
// So a caller that ignores presence gets the conservative answer for an
// older page. A truncated page (truncated()) is different: the device did
// report the fields that were cut off; re-issue the INQUIRY with
// required_allocation_length().
//
// Bytes past byte 63 (a longer PAGE LENGTH, as in sg3_utils' vpd_bl.hex) are
// not decoded; they are in payload().
#ifndef MPIO_SCSI_VPD_BLOCK_LIMITS_HPP
#define MPIO_SCSI_VPD_BLOCK_LIMITS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

class block_limits : public vpd_page {
public:
    // PAGE LENGTH of each generation of the page.
    static constexpr std::uint16_t sbc2_page_length = 0x000C;       // bytes 4..15
    static constexpr std::uint16_t early_sbc3_page_length = 0x0010; // bytes 4..19
    static constexpr std::uint16_t standard_page_length = 0x003C;   // bytes 4..63 (SBC-3, SBC-4)
    // MAXIMUM UNMAP LBA COUNT / MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT: no limit.
    static constexpr std::uint32_t unlimited = 0xFFFF'FFFFu;

    constexpr block_limits() noexcept = default;
    constexpr explicit block_limits(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields (peripheral_qualifier(), page_code(),
    // page_length(), truncated(), required_allocation_length(), payload()...)
    // are inherited from vpd_page.
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // Every field of the SBC-4 page (bytes 4..63) is present.
    [[nodiscard]] constexpr bool has_all_fields() const noexcept { return present(4, 60); }

    // ---- byte 4: WRITE SAME with NUMBER OF LOGICAL BLOCKS zero is refused.
    [[nodiscard]] constexpr bool has_wsnz() const noexcept { return present(4, 1); }
    [[nodiscard]] constexpr bool wsnz() const noexcept { return bit(bytes().at_or(4), 0); }

    // ---- byte 5 (SBC-3; reserved in SBC-2, so zero there)
    [[nodiscard]] constexpr bool has_maximum_compare_and_write_length() const noexcept { return present(5, 1); }
    [[nodiscard]] constexpr std::uint8_t maximum_compare_and_write_length() const noexcept { return bytes().at_or(5); }

    // ---- bytes 6..15 (SBC-2)
    [[nodiscard]] constexpr bool has_optimal_transfer_length_granularity() const noexcept { return present(6, 2); }
    [[nodiscard]] constexpr std::uint16_t optimal_transfer_length_granularity() const noexcept
    {
        return load_be16(field(6, 2), 0);
    }
    [[nodiscard]] constexpr bool has_maximum_transfer_length() const noexcept { return present(8, 4); }
    [[nodiscard]] constexpr std::uint32_t maximum_transfer_length() const noexcept { return u32(8); }
    [[nodiscard]] constexpr bool has_optimal_transfer_length() const noexcept { return present(12, 4); }
    [[nodiscard]] constexpr std::uint32_t optimal_transfer_length() const noexcept { return u32(12); }

    // ---- bytes 16..19 (early SBC-3: MAXIMUM PREFETCH XDREAD XDWRITE TRANSFER LENGTH)
    [[nodiscard]] constexpr bool has_maximum_prefetch_length() const noexcept { return present(16, 4); }
    [[nodiscard]] constexpr std::uint32_t maximum_prefetch_length() const noexcept { return u32(16); }

    // ---- bytes 20..35: UNMAP (SBC-3)
    [[nodiscard]] constexpr bool has_maximum_unmap_lba_count() const noexcept { return present(20, 4); }
    [[nodiscard]] constexpr std::uint32_t maximum_unmap_lba_count() const noexcept { return u32(20); }
    [[nodiscard]] constexpr bool has_maximum_unmap_block_descriptor_count() const noexcept { return present(24, 4); }
    [[nodiscard]] constexpr std::uint32_t maximum_unmap_block_descriptor_count() const noexcept { return u32(24); }
    [[nodiscard]] constexpr bool has_optimal_unmap_granularity() const noexcept { return present(28, 4); }
    [[nodiscard]] constexpr std::uint32_t optimal_unmap_granularity() const noexcept { return u32(28); }
    // UGAVALID and UNMAP GRANULARITY ALIGNMENT share bytes 32..35.
    [[nodiscard]] constexpr bool has_unmap_granularity_alignment() const noexcept { return present(32, 4); }
    [[nodiscard]] constexpr bool ugavalid() const noexcept { return bit(field(32, 4).at_or(0), 7); }
    // The LBA of the first unmap granularity-aligned block; meaningful only
    // when ugavalid().
    [[nodiscard]] constexpr std::uint32_t unmap_granularity_alignment() const noexcept
    {
        return u32(32) & 0x7FFF'FFFFu;
    }

    // ---- bytes 36..43 (SBC-3)
    [[nodiscard]] constexpr bool has_maximum_write_same_length() const noexcept { return present(36, 8); }
    [[nodiscard]] constexpr std::uint64_t maximum_write_same_length() const noexcept
    {
        return load_be64(field(36, 8), 0);
    }

    // ---- bytes 44..63: atomic writes (SBC-4)
    [[nodiscard]] constexpr bool has_maximum_atomic_transfer_length() const noexcept { return present(44, 4); }
    [[nodiscard]] constexpr std::uint32_t maximum_atomic_transfer_length() const noexcept { return u32(44); }
    [[nodiscard]] constexpr bool has_atomic_alignment() const noexcept { return present(48, 4); }
    [[nodiscard]] constexpr std::uint32_t atomic_alignment() const noexcept { return u32(48); }
    [[nodiscard]] constexpr bool has_atomic_transfer_length_granularity() const noexcept { return present(52, 4); }
    [[nodiscard]] constexpr std::uint32_t atomic_transfer_length_granularity() const noexcept { return u32(52); }
    [[nodiscard]] constexpr bool has_maximum_atomic_transfer_length_with_atomic_boundary() const noexcept
    {
        return present(56, 4);
    }
    [[nodiscard]] constexpr std::uint32_t maximum_atomic_transfer_length_with_atomic_boundary() const noexcept
    {
        return u32(56);
    }
    [[nodiscard]] constexpr bool has_maximum_atomic_boundary_size() const noexcept { return present(60, 4); }
    [[nodiscard]] constexpr std::uint32_t maximum_atomic_boundary_size() const noexcept { return u32(60); }

private:
    // bytes() is the page clipped to 4 + PAGE LENGTH and to the response, so
    // "inside bytes()" is "covered by PAGE LENGTH and returned".
    constexpr bool present(std::size_t offset, std::size_t size) const noexcept
    {
        return bytes().contains(offset, size);
    }
    // The field's bytes, or an empty view when it is not present (so a field
    // half-covered by a short PAGE LENGTH reads as zero, not as a mix).
    constexpr byte_view field(std::size_t offset, std::size_t size) const noexcept
    {
        return present(offset, size) ? bytes().subview(offset, size) : byte_view{};
    }
    constexpr std::uint32_t u32(std::size_t offset) const noexcept { return load_be32(field(offset, 4), 0); }
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not B0h. Any PAGE LENGTH is accepted: the fields it does
// not cover are absent (has_*() false, value zero).
[[nodiscard]] constexpr result<block_limits> parse_block_limits(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<block_limits>(bytes, vpd_page_code::block_limits);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_BLOCK_LIMITS_HPP
