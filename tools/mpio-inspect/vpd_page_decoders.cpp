// SPDX-License-Identifier: MIT
// vpd_page_decoders.cpp - the registry of VPD page decoders (see
// vpd_page_decoders.hpp): one line per page.
#include "vpd_page_decoders.hpp"

#include <fmt/format.h>

namespace mpio_inspect {

extern const vpd_page_decoder supported_vpd_pages_decoder;          // vpd_page_supported_pages.cpp
extern const vpd_page_decoder unit_serial_number_decoder;           // vpd_page_unit_serial_number.cpp
extern const vpd_page_decoder device_identification_decoder;        // vpd_page_device_identification.cpp
extern const vpd_page_decoder management_network_addresses_decoder; // vpd_page_management_network_addresses.cpp
extern const vpd_page_decoder extended_inquiry_data_decoder;        // vpd_page_extended_inquiry.cpp
extern const vpd_page_decoder mode_page_policy_decoder;             // vpd_page_mode_page_policy.cpp
extern const vpd_page_decoder scsi_ports_decoder;                   // vpd_page_scsi_ports.cpp
extern const vpd_page_decoder block_limits_decoder;                 // vpd_page_block_limits.cpp
extern const vpd_page_decoder block_device_characteristics_decoder; // vpd_page_block_device_characteristics.cpp
extern const vpd_page_decoder logical_block_provisioning_decoder;   // vpd_page_logical_block_provisioning.cpp

namespace {
constexpr const vpd_page_decoder* registry[] = {
    &supported_vpd_pages_decoder,
    &unit_serial_number_decoder,
    &device_identification_decoder,
    &management_network_addresses_decoder,
    &extended_inquiry_data_decoder,
    &mode_page_policy_decoder,
    &scsi_ports_decoder,
    &block_limits_decoder,
    &block_device_characteristics_decoder,
    &logical_block_provisioning_decoder,
};

// SBC's peripheral device types (SPC-6 table "Peripheral device type"): the
// ones whose B0h..BFh pages SBC defines. Same list as mpio::scsi::vpd_page_name.
bool is_block_device(std::uint8_t type)
{
    return type == 0x00 || type == 0x04 || type == 0x07 || type == 0x0e || type == 0x14;
}
} // namespace

const vpd_page_decoder* find_vpd_page_decoder(std::uint8_t page_code, std::uint8_t peripheral_device_type)
{
    for (const vpd_page_decoder* d : registry)
        if (d->page_code == page_code && (!d->block_devices_only || is_block_device(peripheral_device_type))) return d;
    return nullptr;
}

void report_walk_end(record& out, const mpio::scsi::vpd_page& page, mpio::errc e, std::size_t at, std::size_t left,
                     std::size_t count, const char* what, std::size_t header_size)
{
    if (e == mpio::errc::none) return;
    if (page.truncated()) {
        out.note(fmt::format("the {} at offset {} is cut short by the truncation", what, at));
        return;
    }
    std::string message;
    if (e == mpio::errc::too_short)
        message = fmt::format("{} byte{} after the last {}, too few for its header ({})", left, left == 1 ? "" : "s",
                              what, header_size);
    else if (e == mpio::errc::descriptor_overrun)
        message =
            fmt::format("{} #{}: its lengths run past the end of the page ({} bytes left)", what, count + 1, left);
    else
        message = fmt::format("{} #{}: {}", what, count + 1, mpio::errc_message(e));
    out.error({mpio::errc_name(e), message, at});
}

} // namespace mpio_inspect
