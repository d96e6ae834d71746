// SPDX-License-Identifier: MIT
// vpd_page_management_network_addresses.cpp - Management Network Addresses
// (85h), SPC-6 7.7: every network service descriptor (association, service
// type, the URL).
#include <fmt/format.h>

#include <mpio/scsi/vpd_management_network_addresses.hpp>

#include "text_format.hpp"
#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

void decode(const scsi::vpd_page& page, std::size_t offset, record& out)
{
    const auto parsed = scsi::parse_management_network_addresses(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const std::size_t list_at = offset + scsi::vpd_page::header_size;

    std::vector<record>& list = out.list("network_services", "Network service descriptors");
    const scsi::network_service_descriptor_list services = parsed->network_services();
    auto it = services.begin();
    for (; !it.done(); ++it) {
        const scsi::network_service_descriptor d = *it;
        const std::size_t at = list_at + it.offset();
        record r(fmt::format("#{} {}, {} [offset {}, {} bytes]", list.size() + 1, to_string(d.service_type()),
                             to_string(d.association()), at, d.bytes().size()));
        r.number("offset", "", at);
        r.code("association", "Association", raw(d.association()), 0, to_string(d.association()));
        r.code("service_type", "Service type", raw(d.service_type()), 2, to_string(d.service_type()));
        r.number("network_address_length", "Network address length", d.network_address_length());
        r.text("network_address", "Network address", printable(d.network_address()));
        r.flag("null_terminated", "", d.null_terminated());
        r.flag("length_multiple_of_four", "", d.length_multiple_of_four());
        if (!d.null_terminated() || !d.length_multiple_of_four())
            r.note("the network address is not NUL-terminated and NUL-padded to a multiple of 4 bytes, as SPC "
                   "requires");
        list.push_back(std::move(r));
    }
    report_walk_end(out, page, it.error(), list_at + it.offset(), services.bytes().size() - it.offset(), list.size(),
                    "network service descriptor", scsi::network_service_descriptor::header_size);
}

} // namespace

extern const vpd_page_decoder management_network_addresses_decoder{0x85, false, decode, nullptr};

} // namespace mpio_inspect
