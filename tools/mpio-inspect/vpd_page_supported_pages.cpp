// SPDX-License-Identifier: MIT
// vpd_page_supported_pages.cpp - Supported VPD Pages (00h), SPC-6 7.7:
// the page codes with their names.
#include <fmt/format.h>

#include <mpio/scsi/vpd_supported_pages.hpp>

#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

void decode(const mpio::scsi::vpd_page& page, std::size_t /*offset*/, record& out)
{
    const auto parsed = mpio::scsi::parse_supported_vpd_pages(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const mpio::scsi::supported_vpd_pages pages = *parsed;

    std::vector<record>& list = out.list("supported_vpd_pages", "Supported VPD page list");
    for (const std::uint8_t code : pages) {
        const char* name = mpio::scsi::vpd_page_name(code, pages.peripheral_device_type());
        record item(fmt::format("0x{:02x}  {}", code, name));
        item.code("page_code", "", code, 2, name, "page_name");
        list.push_back(std::move(item));
    }
    if (!pages.ascending()) out.note("the list is not in strictly ascending order beginning with 00h, as SPC requires");
}

std::string implausible(const mpio::scsi::vpd_page& page)
{
    const auto parsed = mpio::scsi::parse_supported_vpd_pages(page.bytes());
    if (parsed && !parsed->ascending()) return "its supported page list does not ascend from 00h";
    return {};
}

} // namespace

extern const vpd_page_decoder supported_vpd_pages_decoder{0x00, false, decode, implausible};

} // namespace mpio_inspect
