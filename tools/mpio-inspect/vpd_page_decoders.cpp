// vpd_page_decoders.cpp - the registry of VPD page decoders (see
// vpd_page_decoders.hpp): one line per page.
#include "vpd_page_decoders.hpp"

namespace mpio_inspect {

extern const vpd_page_decoder supported_vpd_pages_decoder;   // vpd_page_supported_pages.cpp
extern const vpd_page_decoder unit_serial_number_decoder;    // vpd_page_unit_serial_number.cpp
extern const vpd_page_decoder device_identification_decoder; // vpd_page_device_identification.cpp

namespace {
constexpr const vpd_page_decoder* registry[] = {
    &supported_vpd_pages_decoder,
    &unit_serial_number_decoder,
    &device_identification_decoder,
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
        if (d->page_code == page_code && (!d->block_devices_only || is_block_device(peripheral_device_type)))
            return d;
    return nullptr;
}

} // namespace mpio_inspect
