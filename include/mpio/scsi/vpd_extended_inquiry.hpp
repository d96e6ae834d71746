// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_extended_inquiry.hpp - the Extended INQUIRY Data VPD page
// (86h).
//
// SPC-6 7.7.7, table "Extended INQUIRY Data VPD page". PAGE LENGTH is 003Ch
// (the page is 64 bytes); every defined field lies in bytes 4..19:
//
//   byte 4   ACTIVATE MICROCODE (7..6) | SPT (5..3) | GRD_CHK | APP_CHK | REF_CHK
//   byte 5   reserved (7..6) | UASK_SUP | GROUP_SUP | PRIOR_SUP | HEADSUP | ORDSUP | SIMPSUP
//   byte 6   reserved (7..4) | WU_SUP | CRD_SUP (obsolete) | NV_SUP | V_SUP
//   byte 7   reserved (7..6) | NO_PI_CHK | P_I_I_SUP | reserved (3..1) | LUICLR
//   byte 8   LU_COLL_TYPE (7..5) | R_SUP | RTD_SUP | reserved | HSSRELEF | CBCS (obsolete)
//   byte 9   reserved (7..4) | MULTI I_T NEXUS MICROCODE DOWNLOAD (3..0)
//   10-11    EXTENDED SELF-TEST COMPLETION MINUTES
//   byte 12  POA_SUP | HRA_SUP | VSA_SUP | DMS_VALID | reserved (3..0)
//   byte 13  MAXIMUM SUPPORTED SENSE DATA LENGTH
//   byte 14  IBS | IAS | reserved (5..3) | SAC | NRD1 | NRD0
//   15-16    MAXIMUM INQUIRY CHANGE LOGS
//   17-18    MAXIMUM MODE PAGE CHANGE LOGS
//   byte 19  DM_MD_4 | DM_MD_5 | DM_MD_6 | DM_MD_7 | DM_MD_D | DM_MD_E | DM_MD_F | reserved
//   20-63    reserved
//
// A multipath layer reads it for the task attributes the logical unit
// honours (HEADSUP, ORDSUP, SIMPSUP), its caches (V_SUP, NV_SUP), whether a
// logical unit reset clears the I_T nexuses' state (LUICLR) and whether it
// can be sent referrals (R_SUP).
//
// Absent fields. A field the response does not reach (a truncated page, or a
// PAGE LENGTH shorter than 003Ch) reads as zero. Zero is the standard's "not
// supported / not reported" value for every field here except SPT, whose 000b
// names protection type 1 (and which means something only when the standard
// INQUIRY data has PROTECT set). has_all_fields() says whether every field was
// returned; check it, or truncated(), before taking a zero as the device's
// answer.
#ifndef MPIO_SCSI_VPD_EXTENDED_INQUIRY_HPP
#define MPIO_SCSI_VPD_EXTENDED_INQUIRY_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

// ACTIVATE MICROCODE: when microcode downloaded with WRITE BUFFER takes effect.
enum class activate_microcode : std::uint8_t {
    not_indicated = 0x0,                       // may or may not behave as 01b or 10b
    before_final_write_buffer_completes = 0x1, // before the final WRITE BUFFER of the sequence completes
    after_event = 0x2,                         // after a power on, hard reset or vendor specific event
    // 3h reserved
};

[[nodiscard]] constexpr const char* to_string(activate_microcode a) noexcept
{
    switch (a) {
    case activate_microcode::not_indicated: return "not indicated";
    case activate_microcode::before_final_write_buffer_completes:
        return "before completion of the final WRITE BUFFER command";
    case activate_microcode::after_event: return "after a power on, hard reset or vendor specific event";
    }
    return "reserved";
}

// SPT (SUPPORTED PROTECTION TYPE) as SPC-6 defines it for direct access block
// devices (peripheral device type 00h) whose standard INQUIRY data has PROTECT
// set to one. Other device types (e.g. SSC's tape drives) give the 3 bits
// other meanings: read them with extended_inquiry_data::spt().
enum class block_protection_types : std::uint8_t {
    type1 = 0x0,
    type1_and_type2 = 0x1,
    type2 = 0x2,
    type1_and_type3 = 0x3,
    type3 = 0x4,
    type2_and_type3 = 0x5,
    see_supported_block_lengths_page = 0x6, // Supported Block Lengths and Protection Types VPD page (B4h)
    type1_type2_and_type3 = 0x7,
};

[[nodiscard]] constexpr const char* to_string(block_protection_types t) noexcept
{
    switch (t) {
    case block_protection_types::type1: return "type 1";
    case block_protection_types::type1_and_type2: return "types 1 and 2";
    case block_protection_types::type2: return "type 2";
    case block_protection_types::type1_and_type3: return "types 1 and 3";
    case block_protection_types::type3: return "type 3";
    case block_protection_types::type2_and_type3: return "types 2 and 3";
    case block_protection_types::see_supported_block_lengths_page:
        return "see the Supported Block Lengths and Protection Types VPD page";
    case block_protection_types::type1_type2_and_type3: return "types 1, 2 and 3";
    }
    return "reserved"; // unreachable for a 3-bit value
}

// LU_COLL_TYPE: the kind of logical unit collection the logical unit belongs to.
enum class lu_coll_type : std::uint8_t {
    not_reported = 0x0,
    logical_unit_conglomerate = 0x1,
    logical_unit_group = 0x2,
    // 3h..7h reserved
};

[[nodiscard]] constexpr const char* to_string(lu_coll_type t) noexcept
{
    switch (t) {
    case lu_coll_type::not_reported: return "not reported";
    case lu_coll_type::logical_unit_conglomerate: return "logical unit conglomerate";
    case lu_coll_type::logical_unit_group: return "logical unit group";
    }
    return "reserved";
}

class extended_inquiry_data : public vpd_page {
public:
    // PAGE LENGTH every SPC since SPC-3 gives this page.
    static constexpr std::uint16_t standard_page_length = 0x003C;
    // Bytes 0..19 hold every defined field.
    static constexpr std::size_t fields_size = 20;

    constexpr extended_inquiry_data() noexcept = default;
    constexpr explicit extended_inquiry_data(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields (peripheral_qualifier(), page_code(),
    // page_length(), truncated(), required_allocation_length(), payload()...)
    // are inherited from vpd_page.
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // Every field (bytes 4..19) was returned and lies inside PAGE LENGTH.
    [[nodiscard]] constexpr bool has_all_fields() const noexcept { return bytes().size() >= fields_size; }

    // ---- byte 4
    [[nodiscard]] constexpr scsi::activate_microcode activate_microcode() const noexcept
    {
        return static_cast<scsi::activate_microcode>(bits(at(4), 7, 6));
    }
    // SUPPORTED PROTECTION TYPE, raw (its meaning depends on the device type).
    [[nodiscard]] constexpr std::uint8_t spt() const noexcept { return bits(at(4), 5, 3); }
    // SPT read as SPC-6 defines it for direct access block devices.
    [[nodiscard]] constexpr block_protection_types spt_block_device() const noexcept
    {
        return static_cast<block_protection_types>(spt());
    }
    // Guard, application tag and reference tag checking of protection information.
    [[nodiscard]] constexpr bool grd_chk() const noexcept { return bit(at(4), 2); }
    [[nodiscard]] constexpr bool app_chk() const noexcept { return bit(at(4), 1); }
    [[nodiscard]] constexpr bool ref_chk() const noexcept { return bit(at(4), 0); }

    // ---- byte 5: task attributes and sense data the logical unit supports.
    // Sense key specific data for unit attention conditions.
    [[nodiscard]] constexpr bool uask_sup() const noexcept { return bit(at(5), 5); }
    // Grouping function (GROUP NUMBER field of CDBs).
    [[nodiscard]] constexpr bool group_sup() const noexcept { return bit(at(5), 4); }
    // Command priority.
    [[nodiscard]] constexpr bool prior_sup() const noexcept { return bit(at(5), 3); }
    // HEAD OF QUEUE, ORDERED and SIMPLE task attributes.
    [[nodiscard]] constexpr bool headsup() const noexcept { return bit(at(5), 2); }
    [[nodiscard]] constexpr bool ordsup() const noexcept { return bit(at(5), 1); }
    [[nodiscard]] constexpr bool simpsup() const noexcept { return bit(at(5), 0); }

    // ---- byte 6
    // WRITE LONG with the WR_UNCOR bit.
    [[nodiscard]] constexpr bool wu_sup() const noexcept { return bit(at(6), 3); }
    // Obsolete (SPC-5): correction disable.
    [[nodiscard]] constexpr bool crd_sup() const noexcept { return bit(at(6), 2); }
    // A non-volatile cache, a volatile cache.
    [[nodiscard]] constexpr bool nv_sup() const noexcept { return bit(at(6), 1); }
    [[nodiscard]] constexpr bool v_sup() const noexcept { return bit(at(6), 0); }

    // ---- byte 7
    // No protection information checking.
    [[nodiscard]] constexpr bool no_pi_chk() const noexcept { return bit(at(7), 5); }
    // Protection information intervals.
    [[nodiscard]] constexpr bool p_i_i_sup() const noexcept { return bit(at(7), 4); }
    // Logical unit I_T nexus clear: a logical unit reset clears state of every I_T nexus.
    [[nodiscard]] constexpr bool luiclr() const noexcept { return bit(at(7), 0); }

    // ---- byte 8
    [[nodiscard]] constexpr scsi::lu_coll_type lu_coll_type() const noexcept
    {
        return static_cast<scsi::lu_coll_type>(bits(at(8), 7, 5));
    }
    // Referrals (SBC's user data segment referral sense data).
    [[nodiscard]] constexpr bool r_sup() const noexcept { return bit(at(8), 4); }
    // Revert to defaults (the REVERT TO DEFAULTS bit of MODE SELECT).
    [[nodiscard]] constexpr bool rtd_sup() const noexcept { return bit(at(8), 3); }
    // History snapshots release effects.
    [[nodiscard]] constexpr bool hssrelef() const noexcept { return bit(at(8), 1); }
    // Obsolete (SPC-5): capability-based command security.
    [[nodiscard]] constexpr bool cbcs() const noexcept { return bit(at(8), 0); }

    // ---- byte 9
    // MULTI I_T NEXUS MICROCODE DOWNLOAD: how microcode downloaded through one
    // I_T nexus interacts with the others (0h: not reported; 1h..3h: the
    // methods of SPC-6's table; 4h..Fh reserved).
    [[nodiscard]] constexpr std::uint8_t multi_i_t_nexus_microcode_download() const noexcept
    {
        return bits(at(9), 3, 0);
    }

    // ---- bytes 10..11: minutes the extended self-test takes (0: not reported).
    [[nodiscard]] constexpr std::uint16_t extended_self_test_completion_minutes() const noexcept { return u16(10); }

    // ---- byte 12: how downloaded microcode may be activated.
    [[nodiscard]] constexpr bool poa_sup() const noexcept { return bit(at(12), 7); } // power on activation
    [[nodiscard]] constexpr bool hra_sup() const noexcept { return bit(at(12), 6); } // hard reset activation
    [[nodiscard]] constexpr bool vsa_sup() const noexcept { return bit(at(12), 5); } // vendor specific activation
    // Download microcode support byte valid: the DM_MD_* bits (byte 19) mean something.
    [[nodiscard]] constexpr bool dms_valid() const noexcept { return bit(at(12), 4); }

    // ---- byte 13: bytes of sense data the device server can return (0: not reported).
    [[nodiscard]] constexpr std::uint8_t maximum_supported_sense_data_length() const noexcept { return at(13); }

    // ---- byte 14: binding and affiliation (SPC-6's administrative logical units).
    [[nodiscard]] constexpr bool ibs() const noexcept { return bit(at(14), 7); }  // implicit bind
    [[nodiscard]] constexpr bool ias() const noexcept { return bit(at(14), 6); }  // implicit affiliation
    [[nodiscard]] constexpr bool sac() const noexcept { return bit(at(14), 2); }  // SET AFFILIATION command
    [[nodiscard]] constexpr bool nrd1() const noexcept { return bit(at(14), 1); } // BIND with NO REDIRECT one
    [[nodiscard]] constexpr bool nrd0() const noexcept { return bit(at(14), 0); } // BIND with NO REDIRECT zero

    // ---- bytes 15..18: change logs (0: not supported).
    [[nodiscard]] constexpr std::uint16_t maximum_inquiry_change_logs() const noexcept { return u16(15); }
    [[nodiscard]] constexpr std::uint16_t maximum_mode_page_change_logs() const noexcept { return u16(17); }

    // ---- byte 19: WRITE BUFFER download microcode modes supported (valid
    // only when dms_valid()).
    [[nodiscard]] constexpr bool dm_md_4() const noexcept { return bit(at(19), 7); }
    [[nodiscard]] constexpr bool dm_md_5() const noexcept { return bit(at(19), 6); }
    [[nodiscard]] constexpr bool dm_md_6() const noexcept { return bit(at(19), 5); }
    [[nodiscard]] constexpr bool dm_md_7() const noexcept { return bit(at(19), 4); }
    [[nodiscard]] constexpr bool dm_md_d() const noexcept { return bit(at(19), 3); }
    [[nodiscard]] constexpr bool dm_md_e() const noexcept { return bit(at(19), 2); }
    [[nodiscard]] constexpr bool dm_md_f() const noexcept { return bit(at(19), 1); }

private:
    // Byte n of the page as the standard numbers it; 0 when not returned.
    constexpr byte at(std::size_t n) const noexcept { return bytes().at_or(n); }
    // A 2-byte field; 0 unless both bytes were returned (never half a value).
    constexpr std::uint16_t u16(std::size_t n) const noexcept
    {
        return bytes().contains(n, 2) ? load_be16(bytes(), n) : std::uint16_t{0};
    }
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 86h. A short PAGE LENGTH is not an error: the fields
// it leaves out read as zero (see has_all_fields()).
[[nodiscard]] constexpr result<extended_inquiry_data> parse_extended_inquiry_data(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<extended_inquiry_data>(bytes, vpd_page_code::extended_inquiry_data);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_EXTENDED_INQUIRY_HPP
