// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_logical_block_provisioning.hpp - the Logical Block
// Provisioning VPD page (B2h) of direct access block devices.
//
// SBC-4 6.6 (VPD parameters), table "Logical Block Provisioning VPD page":
//
//   byte 4   THRESHOLD EXPONENT
//   byte 5   LBPU | LBPWS | LBPWS10 | LBPRZ (4..2) | ANC_SUP | DP
//   byte 6   MINIMUM PERCENTAGE (7..3) | PROVISIONING TYPE (2..0)
//   byte 7   THRESHOLD PERCENTAGE
//   8-n      PROVISIONING GROUP DESCRIPTOR, present when DP is one: a
//            designation descriptor (SPC-6 7.7.6, the format of
//            mpio/scsi/vpd_device_identification.hpp) naming the logical
//            unit's provisioning group
//
// PAGE LENGTH is 0004h when DP is zero. A multipath layer reads this page to
// know whether a logical unit is thin provisioned and which commands unmap
// (UNMAP: LBPU; WRITE SAME (16)/(10) with UNMAP: LBPWS, LBPWS10), so that it
// can pass discards down, and what an unmapped block reads back (LBPRZ).
//
// LBPRZ was one bit (byte 5 bit 2) in SBC-3 and became a 3-bit field in
// SBC-4; SBC-3's one reads as SBC-4's "xx1b: zeros", so lbprz_meaning()
// reads both.
//
// Absent fields. Bytes 4..7 not returned (a truncated page, or a PAGE
// LENGTH below 0004h) read as zero, the standard's "not supported / not
// reported" for every field here; has_all_fields() says whether they were
// returned. The descriptor is a result (see provisioning_group_descriptor()).
#ifndef MPIO_SCSI_VPD_LOGICAL_BLOCK_PROVISIONING_HPP
#define MPIO_SCSI_VPD_LOGICAL_BLOCK_PROVISIONING_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::scsi {

// What the LBPRZ field says about the data of an unmapped LBA.
enum class lbprz_meaning : std::uint8_t {
    vendor_specific,                     // 000b: the data read is vendor specific
    zeros,                               // xx1b: zeros
    provisioning_initialization_pattern, // 010b: the provisioning initialization pattern
    reserved,                            // 100b, 110b
};

[[nodiscard]] constexpr const char* to_string(lbprz_meaning m) noexcept
{
    switch (m) {
    case lbprz_meaning::vendor_specific: return "vendor specific";
    case lbprz_meaning::zeros: return "zeros";
    case lbprz_meaning::provisioning_initialization_pattern: return "provisioning initialization pattern";
    case lbprz_meaning::reserved: break;
    }
    return "reserved";
}

// PROVISIONING TYPE.
enum class provisioning_type : std::uint8_t {
    not_reported = 0x0, // SBC-4: not reported; SBC-3: fully provisioned
    resource_provisioned = 0x1,
    thin_provisioned = 0x2,
    // 3h..7h reserved
};

[[nodiscard]] constexpr const char* to_string(provisioning_type t) noexcept
{
    switch (t) {
    case provisioning_type::not_reported: return "not reported or fully provisioned";
    case provisioning_type::resource_provisioned: return "resource provisioned";
    case provisioning_type::thin_provisioned: return "thin provisioned";
    }
    return "reserved";
}

class logical_block_provisioning : public vpd_page {
public:
    // PAGE LENGTH without a provisioning group descriptor.
    static constexpr std::uint16_t page_length_without_descriptor = 0x0004;
    // Bytes 0..7 hold every fixed field; the descriptor starts at byte 8.
    static constexpr std::size_t fields_size = 8;
    static constexpr std::size_t descriptor_offset = 8;

    constexpr logical_block_provisioning() noexcept = default;
    constexpr explicit logical_block_provisioning(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields are inherited from vpd_page.
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // Bytes 4..7 were returned and lie inside PAGE LENGTH.
    [[nodiscard]] constexpr bool has_all_fields() const noexcept { return bytes().size() >= fields_size; }

    // ---- byte 4: threshold sets are 2^THRESHOLD EXPONENT LBAs (0: no
    // logical block provisioning thresholds).
    [[nodiscard]] constexpr std::uint8_t threshold_exponent() const noexcept { return bytes().at_or(4); }

    // ---- byte 5
    // UNMAP command supported.
    [[nodiscard]] constexpr bool lbpu() const noexcept { return bit(bytes().at_or(5), 7); }
    // WRITE SAME (16) with UNMAP supported.
    [[nodiscard]] constexpr bool lbpws() const noexcept { return bit(bytes().at_or(5), 6); }
    // WRITE SAME (10) with UNMAP supported.
    [[nodiscard]] constexpr bool lbpws10() const noexcept { return bit(bytes().at_or(5), 5); }
    // LBPRZ, raw (3 bits).
    [[nodiscard]] constexpr std::uint8_t lbprz() const noexcept { return bits(bytes().at_or(5), 4, 2); }
    [[nodiscard]] constexpr scsi::lbprz_meaning lbprz_meaning() const noexcept
    {
        const std::uint8_t v = lbprz();
        if (v == 0) return scsi::lbprz_meaning::vendor_specific;
        if ((v & 1u) != 0) return scsi::lbprz_meaning::zeros;
        if (v == 2) return scsi::lbprz_meaning::provisioning_initialization_pattern;
        return scsi::lbprz_meaning::reserved;
    }
    // Anchored LBAs supported.
    [[nodiscard]] constexpr bool anc_sup() const noexcept { return bit(bytes().at_or(5), 1); }
    // Descriptor present: a provisioning group descriptor follows byte 7.
    [[nodiscard]] constexpr bool dp() const noexcept { return bit(bytes().at_or(5), 0); }

    // ---- byte 6
    // Percentage of resources at which the device server may begin device
    // initiated background operations (0: not reported).
    [[nodiscard]] constexpr std::uint8_t minimum_percentage() const noexcept { return bits(bytes().at_or(6), 7, 3); }
    [[nodiscard]] constexpr scsi::provisioning_type provisioning_type() const noexcept
    {
        return static_cast<scsi::provisioning_type>(bits(bytes().at_or(6), 2, 0));
    }

    // ---- byte 7: percentage of the threshold sets' resources used for the
    // thresholds (0: percentages not supported).
    [[nodiscard]] constexpr std::uint8_t threshold_percentage() const noexcept { return bytes().at_or(7); }

    // ---- bytes 8..n: the PROVISIONING GROUP DESCRIPTOR (offset() 0).
    //   errc::too_short           byte 5 (DP), or part of the descriptor, was
    //                             not returned although PAGE LENGTH covers it
    //                             (truncated: re-issue the INQUIRY);
    //   errc::not_found           DP is zero (or outside PAGE LENGTH): there
    //                             is no descriptor;
    //   errc::length_mismatch     DP is one but PAGE LENGTH leaves no room for
    //                             a descriptor header;
    //   errc::descriptor_overrun  DESIGNATOR LENGTH runs past PAGE LENGTH.
    [[nodiscard]] constexpr result<designation_descriptor> provisioning_group_descriptor() const noexcept
    {
        const std::size_t page_end = required_allocation_length(); // 4 + PAGE LENGTH
        if (page_end <= 5) return failure(errc::not_found);        // DP outside the page reads as zero
        if (!bytes().contains(5, 1)) return failure(errc::too_short);
        if (!dp()) return failure(errc::not_found);
        if (page_end < descriptor_offset + designation_descriptor::header_size) return failure(errc::length_mismatch);
        if (!bytes().contains(descriptor_offset, designation_descriptor::header_size)) return failure(errc::too_short);
        const std::size_t size = designation_descriptor::header_size + std::size_t{bytes()[descriptor_offset + 3]};
        if (size > page_end - descriptor_offset) return failure(errc::descriptor_overrun);
        if (!bytes().contains(descriptor_offset, size)) return failure(errc::too_short);
        return designation_descriptor(bytes().subview(descriptor_offset, size), 0);
    }
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not B2h. The descriptor is checked by
// provisioning_group_descriptor(), not here.
[[nodiscard]] constexpr result<logical_block_provisioning> parse_logical_block_provisioning(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<logical_block_provisioning>(bytes, vpd_page_code::logical_block_provisioning);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_LOGICAL_BLOCK_PROVISIONING_HPP
