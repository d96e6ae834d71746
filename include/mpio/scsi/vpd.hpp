// SPDX-License-Identifier: MIT
// mpio/scsi/vpd.hpp - the header every vital product data (VPD) page starts
// with, the VPD page codes, and iteration over several pages held back to back.
//
// SPC-6 7.7.1 (VPD parameters overview and page codes), table "VPD page
// format":
//
//   byte 0    PERIPHERAL QUALIFIER (bits 7..5) | PERIPHERAL DEVICE TYPE (bits 4..0)
//   byte 1    PAGE CODE
//   byte 2-3  PAGE LENGTH (n - 3), big-endian
//   byte 4-n  the page's parameters (the payload)
//
// A VPD page is the data-in of an INQUIRY command with the EVPD bit set. When
// the allocation length of the CDB is too small the device returns the first
// bytes only and does NOT adjust PAGE LENGTH: a page whose PAGE LENGTH runs
// past the returned bytes is *truncated* (truncated() is true), not malformed,
// and required_allocation_length() says what to re-issue the INQUIRY with.
//
// PAGE LENGTH is 16 bits since SPC-3; in earlier revisions byte 2 was reserved
// (zero), which reads the same.
//
// The peripheral qualifier and device type are exposed as raw numbers: their
// meaning is the standard INQUIRY data's (mpio/scsi/inquiry.hpp).
#ifndef MPIO_SCSI_VPD_HPP
#define MPIO_SCSI_VPD_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::scsi {

// VPD page codes (SPC-6 table "Vital product data page codes"; B0h..BFh as
// SBC-4/SBC-5 define them for direct-access block devices).
namespace vpd_page_code {
inline constexpr std::uint8_t supported_vpd_pages = 0x00;
inline constexpr std::uint8_t ascii_information_first = 0x01; // 01h..7Fh: ASCII Information
inline constexpr std::uint8_t ascii_information_last = 0x7F;
inline constexpr std::uint8_t unit_serial_number = 0x80;
inline constexpr std::uint8_t implemented_operating_definition = 0x81;       // obsolete
inline constexpr std::uint8_t ascii_implemented_operating_definition = 0x82; // obsolete
inline constexpr std::uint8_t device_identification = 0x83;
inline constexpr std::uint8_t software_interface_identification = 0x84;
inline constexpr std::uint8_t management_network_addresses = 0x85;
inline constexpr std::uint8_t extended_inquiry_data = 0x86;
inline constexpr std::uint8_t mode_page_policy = 0x87;
inline constexpr std::uint8_t scsi_ports = 0x88;
inline constexpr std::uint8_t ata_information = 0x89; // SAT
inline constexpr std::uint8_t power_condition = 0x8A;
inline constexpr std::uint8_t device_constituents = 0x8B;
inline constexpr std::uint8_t cfa_profile_information = 0x8C;
inline constexpr std::uint8_t power_consumption = 0x8D;
inline constexpr std::uint8_t third_party_copy = 0x8F;
inline constexpr std::uint8_t protocol_specific_logical_unit_information = 0x90;
inline constexpr std::uint8_t protocol_specific_port_information = 0x91;
inline constexpr std::uint8_t scsi_feature_sets = 0x92;
// B0h..BFh depend on the peripheral device type; these are SBC's.
inline constexpr std::uint8_t block_limits = 0xB0;
inline constexpr std::uint8_t block_device_characteristics = 0xB1;
inline constexpr std::uint8_t logical_block_provisioning = 0xB2;
inline constexpr std::uint8_t referrals = 0xB3;
inline constexpr std::uint8_t supported_block_lengths_and_protection_types = 0xB4;
inline constexpr std::uint8_t block_device_characteristics_extension = 0xB5;
inline constexpr std::uint8_t zoned_block_device_characteristics = 0xB6; // ZBC
inline constexpr std::uint8_t block_limits_extension = 0xB7;
inline constexpr std::uint8_t format_presets = 0xB8;
inline constexpr std::uint8_t concurrent_positioning_ranges = 0xB9;
inline constexpr std::uint8_t vendor_specific_first = 0xC0; // C0h..FFh: vendor specific
} // namespace vpd_page_code

namespace detail {
// Peripheral device types whose B0h..BFh VPD pages SBC defines: direct access
// block (00h), write-once (04h), optical memory (07h), simplified direct
// access (0Eh) and host managed zoned block (14h).
constexpr bool is_sbc_device_type(std::uint8_t device_type) noexcept
{
    return device_type == 0x00 || device_type == 0x04 || device_type == 0x07 || device_type == 0x0E ||
           device_type == 0x14;
}
} // namespace detail

// The standard's name of a VPD page. Pages B0h..BFh are device-type specific:
// they are named as SBC defines them when `device_type` (the PERIPHERAL DEVICE
// TYPE) is a block device type (the default, 00h), and "device type specific"
// otherwise.
// Codes no standard assigns give "reserved".
[[nodiscard]] constexpr const char* vpd_page_name(std::uint8_t page_code, std::uint8_t device_type = 0x00) noexcept
{
    namespace c = vpd_page_code;
    if (page_code >= c::ascii_information_first && page_code <= c::ascii_information_last) return "ASCII Information";
    if (page_code >= c::vendor_specific_first) return "vendor specific";
    if (page_code >= 0xB0 && page_code <= 0xBF && !detail::is_sbc_device_type(device_type))
        return "device type specific";
    switch (page_code) {
    case c::supported_vpd_pages: return "Supported VPD Pages";
    case c::unit_serial_number: return "Unit Serial Number";
    case c::implemented_operating_definition: return "Implemented Operating Definition (obsolete)";
    case c::ascii_implemented_operating_definition: return "ASCII Implemented Operating Definition (obsolete)";
    case c::device_identification: return "Device Identification";
    case c::software_interface_identification: return "Software Interface Identification";
    case c::management_network_addresses: return "Management Network Addresses";
    case c::extended_inquiry_data: return "Extended INQUIRY Data";
    case c::mode_page_policy: return "Mode Page Policy";
    case c::scsi_ports: return "SCSI Ports";
    case c::ata_information: return "ATA Information";
    case c::power_condition: return "Power Condition";
    case c::device_constituents: return "Device Constituents";
    case c::cfa_profile_information: return "CFA Profile Information";
    case c::power_consumption: return "Power Consumption";
    case c::third_party_copy: return "Third-party Copy";
    case c::protocol_specific_logical_unit_information: return "Protocol Specific Logical Unit Information";
    case c::protocol_specific_port_information: return "Protocol Specific Port Information";
    case c::scsi_feature_sets: return "SCSI Feature Sets";
    case c::block_limits: return "Block Limits";
    case c::block_device_characteristics: return "Block Device Characteristics";
    case c::logical_block_provisioning: return "Logical Block Provisioning";
    case c::referrals: return "Referrals";
    case c::supported_block_lengths_and_protection_types: return "Supported Block Lengths and Protection Types";
    case c::block_device_characteristics_extension: return "Block Device Characteristics Extension";
    case c::zoned_block_device_characteristics: return "Zoned Block Device Characteristics";
    case c::block_limits_extension: return "Block Limits Extension";
    case c::format_presets: return "Format Presets";
    case c::concurrent_positioning_ranges: return "Concurrent Positioning Ranges";
    default: return "reserved";
    }
}

// View of one VPD page: its 4-byte header and the payload the header
// announces (clipped to the bytes actually returned). Bytes past
// 4 + PAGE LENGTH (a larger allocation than the page needs) are not part of
// the page.
class vpd_page {
public:
    static constexpr std::size_t header_size = 4;

    constexpr vpd_page() noexcept = default;
    // `bytes` must hold at least the 4-byte header; use parse_vpd_page().
    constexpr explicit vpd_page(byte_view bytes) noexcept
        : bytes_(bytes.first(header_size + load_be16(bytes, 2))), returned_(bytes.size())
    {}

    [[nodiscard]] constexpr std::uint8_t peripheral_qualifier() const noexcept { return bits(bytes_.at_or(0), 7, 5); }
    [[nodiscard]] constexpr std::uint8_t peripheral_device_type() const noexcept { return bits(bytes_.at_or(0), 4, 0); }
    [[nodiscard]] constexpr std::uint8_t page_code() const noexcept { return bytes_.at_or(1); }
    [[nodiscard]] constexpr std::uint16_t page_length() const noexcept { return load_be16(bytes_, 2); }

    // The page parameters that were returned: bytes 4 .. 3 + PAGE LENGTH, or
    // fewer when the page is truncated.
    [[nodiscard]] constexpr byte_view payload() const noexcept { return bytes_.subview(header_size); }
    // Header and payload, as far as returned.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

    // The device had more to say than the buffer held.
    [[nodiscard]] constexpr bool truncated() const noexcept { return returned_ < required_allocation_length(); }
    // The INQUIRY allocation length that returns the whole page.
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        return header_size + std::size_t{page_length()};
    }

private:
    byte_view bytes_;          // header + payload, clipped to 4 + PAGE LENGTH
    std::size_t returned_ = 0; // bytes the caller had (may exceed bytes_.size())
};

// Any VPD page. errc::too_short when the 4-byte header is incomplete.
[[nodiscard]] constexpr result<vpd_page> parse_vpd_page(byte_view bytes) noexcept
{
    if (bytes.size() < vpd_page::header_size) return failure(errc::too_short);
    return vpd_page(bytes);
}

// A VPD page that must have the given page code: errc::wrong_page_code
// otherwise (checked after the header length).
[[nodiscard]] constexpr result<vpd_page> parse_vpd_page(byte_view bytes, std::uint8_t expected_page_code) noexcept
{
    if (bytes.size() < vpd_page::header_size) return failure(errc::too_short);
    if (bytes[1] != expected_page_code) return failure(errc::wrong_page_code);
    return vpd_page(bytes);
}

namespace detail {
// The parse_* function of a page-specific view (a class derived from vpd_page
// and constructible from it): the header checks of parse_vpd_page(), then
// the view built in place. Going through an intermediate result<vpd_page>
// would cost a store-forwarding stall per page (bench/parse_bench.cpp).
template <class Page>
[[nodiscard]] constexpr result<Page> parse_vpd_page_as(byte_view bytes, std::uint8_t page_code) noexcept
{
    if (bytes.size() < vpd_page::header_size) return failure(errc::too_short);
    if (bytes[1] != page_code) return failure(errc::wrong_page_code);
    return Page(vpd_page(bytes));
}
} // namespace detail

namespace detail {
struct vpd_page_list_traits {
    using value_type = vpd_page;
    // Each page is 4 + PAGE LENGTH bytes. The last one may be cut short by the
    // end of the buffer: it is still an entry (a truncated page).
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < vpd_page::header_size) return failure(errc::too_short);
        const std::size_t declared = vpd_page::header_size + std::size_t{load_be16(rest, 2)};
        return declared < rest.size() ? declared : rest.size();
    }
    static constexpr vpd_page make(byte_view entry, std::size_t /*offset*/) noexcept { return vpd_page(entry); }
};
} // namespace detail

// Several VPD pages back to back, as sg3_utils' hex files and `sg_vpd -a`
// hold them. Iteration is lazy; each page is 4 + PAGE LENGTH bytes.
//
// Truncation: when the buffer ends inside the last page, that page is yielded
// with truncated() == true (it is what a short INQUIRY returns, and its first
// bytes are still usable). Only a tail shorter than the 4-byte page header
// stops the iteration with errc::too_short (see status()).
//
// Note: the list trusts PAGE LENGTH. If one page's length is wrong, the
// pages after it are misread; nothing in a VPD header can detect that.
class vpd_page_list : public descriptor_list<detail::vpd_page_list_traits> {
public:
    using descriptor_list::descriptor_list;

    // The first page with this page code; errc::not_found, or the error that
    // stopped the walk before one was found.
    [[nodiscard]] constexpr result<vpd_page> find(std::uint8_t page_code) const noexcept
    {
        iterator it = begin();
        for (; !it.done(); ++it)
            if ((*it).page_code() == page_code) return *it;
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }
};

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_HPP
