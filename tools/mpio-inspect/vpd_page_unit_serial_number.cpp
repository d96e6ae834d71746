// SPDX-License-Identifier: MIT
// vpd_page_unit_serial_number.cpp - Unit Serial Number (80h), SPC-6 7.7.
#include <mpio/scsi/vpd_unit_serial_number.hpp>

#include "text_format.hpp"
#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

void decode(const mpio::scsi::vpd_page& page, std::size_t /*offset*/, record& out)
{
    const auto parsed = mpio::scsi::parse_unit_serial_number(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const mpio::ascii_view trimmed = parsed->product_serial_number_trimmed();
    const mpio::ascii_view as_returned = parsed->product_serial_number();
    out.text("product_serial_number", "Product serial number", printable(trimmed));
    // The bytes as returned, padding included; in the text output only when
    // they differ from the trimmed serial number.
    out.hex("product_serial_number_hex", trimmed == as_returned ? "" : "As returned (hex)", as_returned.bytes());
}

std::string implausible(const mpio::scsi::vpd_page& page)
{
    // Only a truncated page is in doubt: standard INQUIRY data with RMB set
    // starts like a Unit Serial Number page whose PAGE LENGTH (VERSION and
    // RESPONSE DATA FORMAT) runs far past the data. PRODUCT SERIAL NUMBER is
    // ASCII data (NUL padding is common); INQUIRY bytes 4..7 are not.
    if (!page.truncated()) return {};
    for (const mpio::byte b : page.payload())
        if (b != 0 && (b < 0x20 || b > 0x7e)) return "its serial number is not ASCII text";
    return {};
}

} // namespace

extern const vpd_page_decoder unit_serial_number_decoder{0x80, false, decode, implausible};

} // namespace mpio_inspect
