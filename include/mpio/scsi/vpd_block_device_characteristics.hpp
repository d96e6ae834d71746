// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_block_device_characteristics.hpp - the Block Device
// Characteristics VPD page (B1h) of direct access block devices.
//
// SBC-4 6.6 (VPD parameters), table "Block Device Characteristics VPD page"
// (PAGE LENGTH 003Ch); every defined field lies in bytes 4..15:
//
//   4-5     MEDIUM ROTATION RATE
//   byte 6  PRODUCT TYPE
//   byte 7  WABEREQ (7..6) | WACEREQ (5..4) | NOMINAL FORM FACTOR (3..0)
//   byte 8  reserved (7..6) | ZONED (5..4) | reserved | BOCS | FUAB | VBULS
//   9-11    reserved
//   12-15   DEPOPULATION TIME
//   16-63   reserved
//
// What a multipath or block layer takes from it: whether the medium rotates
// (MEDIUM ROTATION RATE 0001h: solid state), whether the logical unit is
// zoned, and whether FUA and SYNCHRONIZE CACHE follow SBC-3 and later (FUAB).
//
// SBC-5 obsoletes ZONED (ZBC's Zoned Block Device Characteristics page
// replaces it) and assigns some reserved bits of byte 8 that SBC-4 does not
// have; those are not decoded (sg3_utils 1.46 shows one of them as RBWZ).
//
// Absent fields. A field the response does not reach (a truncated page, or a
// PAGE LENGTH shorter than 003Ch) reads as zero, which is the standard's
// "not reported" value for every field here (MEDIUM ROTATION RATE, PRODUCT
// TYPE, NOMINAL FORM FACTOR, ZONED, DEPOPULATION TIME) or "not supported"
// (the bits). has_all_fields() says whether every field was returned.
#ifndef MPIO_SCSI_VPD_BLOCK_DEVICE_CHARACTERISTICS_HPP
#define MPIO_SCSI_VPD_BLOCK_DEVICE_CHARACTERISTICS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

// PRODUCT TYPE (SBC-4 table "PRODUCT TYPE field"): 08h..EFh reserved,
// F0h..FFh vendor specific.
enum class product_type : std::uint8_t {
    not_indicated = 0x00,
    cfast = 0x01,
    compactflash = 0x02,
    memory_stick = 0x03,
    multimediacard = 0x04,
    secure_digital_card = 0x05,
    xqd = 0x06,
    universal_flash_storage = 0x07,
};

[[nodiscard]] constexpr const char* to_string(product_type p) noexcept
{
    switch (p) {
    case product_type::not_indicated: return "not indicated";
    case product_type::cfast: return "CFast";
    case product_type::compactflash: return "CompactFlash";
    case product_type::memory_stick: return "Memory Stick";
    case product_type::multimediacard: return "MultiMediaCard";
    case product_type::secure_digital_card: return "Secure Digital Card";
    case product_type::xqd: return "XQD";
    case product_type::universal_flash_storage: return "Universal Flash Storage";
    }
    return static_cast<std::uint8_t>(p) >= 0xF0 ? "vendor specific" : "reserved";
}

// NOMINAL FORM FACTOR.
enum class nominal_form_factor : std::uint8_t {
    not_reported = 0x0,
    inch_5_25 = 0x1,
    inch_3_5 = 0x2,
    inch_2_5 = 0x3,
    inch_1_8 = 0x4,
    less_than_inch_1_8 = 0x5,
    // 6h..Fh reserved
};

[[nodiscard]] constexpr const char* to_string(nominal_form_factor f) noexcept
{
    switch (f) {
    case nominal_form_factor::not_reported: return "not reported";
    case nominal_form_factor::inch_5_25: return "5.25 inch";
    case nominal_form_factor::inch_3_5: return "3.5 inch";
    case nominal_form_factor::inch_2_5: return "2.5 inch";
    case nominal_form_factor::inch_1_8: return "1.8 inch";
    case nominal_form_factor::less_than_inch_1_8: return "less than 1.8 inch";
    }
    return "reserved";
}

// ZONED: the zoned block capabilities (SBC-4; host managed zoned devices
// have their own peripheral device type, 14h, instead).
enum class zoned : std::uint8_t {
    not_reported = 0x0,
    host_aware = 0x1,     // ZBC host aware zoned block device
    device_managed = 0x2, // device managed zoned block device
    reserved = 0x3,
};

[[nodiscard]] constexpr const char* to_string(zoned z) noexcept
{
    switch (z) {
    case zoned::not_reported: return "not reported";
    case zoned::host_aware: return "host aware";
    case zoned::device_managed: return "device managed";
    case zoned::reserved: break;
    }
    return "reserved";
}

class block_device_characteristics : public vpd_page {
public:
    static constexpr std::uint16_t standard_page_length = 0x003C;
    // Bytes 0..15 hold every defined field.
    static constexpr std::size_t fields_size = 16;
    // MEDIUM ROTATION RATE values with a meaning other than a speed.
    static constexpr std::uint16_t rotation_rate_not_reported = 0x0000;
    static constexpr std::uint16_t non_rotating_medium_rate = 0x0001;

    constexpr block_device_characteristics() noexcept = default;
    constexpr explicit block_device_characteristics(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields are inherited from vpd_page.
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // Every field (bytes 4..15) was returned and lies inside PAGE LENGTH.
    [[nodiscard]] constexpr bool has_all_fields() const noexcept { return bytes().size() >= fields_size; }

    // ---- bytes 4..5: 0000h not reported, 0001h non-rotating medium (solid
    // state), 0002h..0400h reserved, 0401h..FFFEh the nominal rotation rate in
    // revolutions per minute (e.g. 1C20h = 7200), FFFFh reserved.
    [[nodiscard]] constexpr std::uint16_t medium_rotation_rate() const noexcept
    {
        return bytes().contains(4, 2) ? load_be16(bytes(), 4) : std::uint16_t{0};
    }
    [[nodiscard]] constexpr bool non_rotating_medium() const noexcept
    {
        return medium_rotation_rate() == non_rotating_medium_rate;
    }
    // The rate is a speed in rpm (0401h..FFFEh).
    [[nodiscard]] constexpr bool has_nominal_rotation_rate() const noexcept
    {
        return medium_rotation_rate() >= 0x0401 && medium_rotation_rate() <= 0xFFFE;
    }

    // ---- byte 6
    [[nodiscard]] constexpr scsi::product_type product_type() const noexcept
    {
        return static_cast<scsi::product_type>(bytes().at_or(6));
    }

    // ---- byte 7
    // Write after block erase required / write after cryptographic erase
    // required: what a read of an LBA returns after a sanitize block erase or
    // cryptographic erase, until it is written (00b: not specified; 01b..11b:
    // the cases of SBC-4's tables).
    [[nodiscard]] constexpr std::uint8_t wabereq() const noexcept { return bits(bytes().at_or(7), 7, 6); }
    [[nodiscard]] constexpr std::uint8_t wacereq() const noexcept { return bits(bytes().at_or(7), 5, 4); }
    [[nodiscard]] constexpr scsi::nominal_form_factor nominal_form_factor() const noexcept
    {
        return static_cast<scsi::nominal_form_factor>(bits(bytes().at_or(7), 3, 0));
    }

    // ---- byte 8
    [[nodiscard]] constexpr scsi::zoned zoned() const noexcept
    {
        return static_cast<scsi::zoned>(bits(bytes().at_or(8), 5, 4));
    }
    // Background operation control supported.
    [[nodiscard]] constexpr bool bocs() const noexcept { return bit(bytes().at_or(8), 2); }
    // FUA behaviour: SYNCHRONIZE CACHE and the FUA bit follow SBC-3 and later
    // (zero: SBC-2's interpretation).
    [[nodiscard]] constexpr bool fuab() const noexcept { return bit(bytes().at_or(8), 1); }
    // VERIFY and WRITE AND VERIFY with BYTCHK 01b support unmapped LBAs.
    [[nodiscard]] constexpr bool vbuls() const noexcept { return bit(bytes().at_or(8), 0); }

    // ---- bytes 12..15: seconds a depopulation (REMOVE ELEMENT AND
    // TRUNCATE) takes (0: not reported).
    [[nodiscard]] constexpr std::uint32_t depopulation_time() const noexcept
    {
        return bytes().contains(12, 4) ? load_be32(bytes(), 12) : 0u;
    }
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not B1h. A short PAGE LENGTH is not an error: the fields
// it leaves out read as zero (see has_all_fields()).
[[nodiscard]] constexpr result<block_device_characteristics>
parse_block_device_characteristics(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<block_device_characteristics>(bytes, vpd_page_code::block_device_characteristics);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_BLOCK_DEVICE_CHARACTERISTICS_HPP
