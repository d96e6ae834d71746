// SPDX-License-Identifier: MIT
// vpd_page_scsi_ports.cpp - SCSI Ports (88h), SPC-6 7.7: every SCSI port
// designation descriptor (relative port identifier, initiator port
// TransportID, and its target port descriptors decoded as designation
// descriptors, as on the Device Identification page).
#include <fmt/format.h>

#include <mpio/scsi/vpd_scsi_ports.hpp>

#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

// 1 is port A, 2 port B... (SPC-6 table "Relative target port identifier"); 0 is reserved.
std::string relative_port_name(std::uint16_t port)
{
    if (port == 0) return "reserved";
    if (port <= 26) return fmt::format("port {}", static_cast<char>('A' + port - 1));
    return fmt::format("relative port {}", port);
}

record port_record(const scsi::scsi_port_designation_descriptor& d, std::size_t index, std::size_t at)
{
    record r(fmt::format("#{} relative port 0x{:04x} ({}) [offset {}, {} bytes]", index + 1,
                         d.relative_port_identifier(), relative_port_name(d.relative_port_identifier()), at,
                         d.bytes().size()));
    r.number("offset", "", at);
    r.code("relative_port_identifier", "Relative port identifier", d.relative_port_identifier(), 4,
           relative_port_name(d.relative_port_identifier()));
    r.number("initiator_port_transportid_length", "Initiator port TransportID length",
             d.initiator_port_transportid_length());
    const mpio::byte_view transport_id = d.initiator_port_transportid();
    r.hex("initiator_port_transportid", transport_id.empty() ? "" : "Initiator port TransportID", transport_id);
    if (!transport_id.empty()) {
        // TransportID byte 0: FORMAT CODE (7..6), PROTOCOL IDENTIFIER (3..0) (SPC-6 "TransportID identifiers").
        const auto protocol = static_cast<scsi::protocol_identifier>(mpio::bits(transport_id[0], 3, 0));
        r.number("transportid_format_code", "TransportID format code", mpio::bits(transport_id[0], 7, 6));
        r.code("transportid_protocol_identifier", "TransportID protocol identifier",
               static_cast<std::uint8_t>(protocol), 1, to_string(protocol));
    }
    r.number("target_port_descriptors_length", "Target port descriptors length", d.target_port_descriptors_length());

    const std::size_t list_at = at + scsi::scsi_port_designation_descriptor::header_size +
                                d.initiator_port_transportid_length() +
                                scsi::scsi_port_designation_descriptor::target_port_header_size;
    std::vector<record>& list = r.list("target_port_descriptors", "Target port descriptors");
    const scsi::designation_descriptor_list descriptors = d.target_port_descriptors();
    auto it = descriptors.begin();
    for (; !it.done(); ++it) list.push_back(designation_descriptor_record(*it, list.size(), list_at + it.offset()));
    if (it.error() != mpio::errc::none) {
        const std::size_t left = descriptors.bytes().size() - it.offset();
        r.error({mpio::errc_name(it.error()),
                 it.error() == mpio::errc::too_short
                     ? fmt::format("{} byte{} after the last target port descriptor, too few for a designation "
                                   "descriptor header (4)",
                                   left, left == 1 ? "" : "s")
                     : fmt::format("target port descriptor #{}: DESIGNATOR LENGTH runs past TARGET PORT DESCRIPTORS "
                                   "LENGTH ({} bytes left)",
                                   list.size() + 1, left),
                 list_at + it.offset()});
    }
    return r;
}

void decode(const scsi::vpd_page& page, std::size_t offset, record& out)
{
    const auto parsed = scsi::parse_scsi_ports(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const std::size_t list_at = offset + scsi::vpd_page::header_size;

    std::vector<record>& list = out.list("scsi_ports", "SCSI port designation descriptors");
    const scsi::scsi_port_designation_descriptor_list ports = parsed->ports();
    auto it = ports.begin();
    for (; !it.done(); ++it) list.push_back(port_record(*it, list.size(), list_at + it.offset()));
    report_walk_end(out, page, it.error(), list_at + it.offset(), ports.bytes().size() - it.offset(), list.size(),
                    "SCSI port designation descriptor", scsi::scsi_port_designation_descriptor::header_size);
}

} // namespace

extern const vpd_page_decoder scsi_ports_decoder{0x88, false, decode, nullptr};

} // namespace mpio_inspect
