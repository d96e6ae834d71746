// SPDX-License-Identifier: MIT
// Fuzz target: the SCSI Ports VPD page (mpio/scsi/vpd_scsi_ports.hpp). Every
// accessor is called on every port descriptor, each port's target port
// designation descriptors are walked and decoded, so the sanitizers see
// every read; the invariants the header promises are checked with a trap.
#include <mpio/scsi/vpd_scsi_ports.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    using mpio::errc;
    const mpio::byte_view input(data, size);
    const mpio::result<scsi_ports> r = parse_scsi_ports(input);
    if (!parsed_vpd_page(r, input, 0x88)) return 0;
    const scsi_ports& page = *r;
    volatile std::size_t sink = page.header().page_length();

    const scsi_port_designation_descriptor_list list = page.ports();
    std::size_t offset = 0;
    std::size_t count = 0;
    auto it = list.begin();
    for (; it != list.end(); ++it) {
        const scsi_port_designation_descriptor port = *it;
        check(port.offset() == offset && it.offset() == offset);
        check(port.bytes().data() == data + 4 + offset);
        check(port.initiator_port_transportid().size() == port.initiator_port_transportid_length());
        check(port.bytes().size() ==
              12u + port.initiator_port_transportid_length() + port.target_port_descriptors_length());
        sink = sink + port.relative_port_identifier() + sum(port.initiator_port_transportid());

        // The inner list: whole designation descriptors inside the port.
        const designation_descriptor_list targets = port.target_port_descriptors();
        check(targets.bytes().size() == port.target_port_descriptors_length());
        std::size_t inner = 0;
        std::size_t inner_count = 0;
        auto t = targets.begin();
        for (; t != targets.end(); ++t) {
            const designation_descriptor d = *t;
            check(d.bytes().size() == 4u + d.designator_length());
            sink = sink + sum(d.designator()) + length(to_string(d.designator_type())) +
                   length(to_string(d.association())) + d.as_naa().has_value() +
                   d.as_relative_target_port().has_value() + d.as_scsi_name_string().has_value();
            inner += d.bytes().size();
            ++inner_count;
        }
        check_walk(targets.status(), inner_count, inner, targets.bytes().size());

        offset += port.bytes().size();
        ++count;
    }
    const mpio::list_status status = list.status();
    check_walk(status, count, offset, page.payload().size());
    check(it.error() == status.error);
    if (!status.ok()) check(status.error == errc::too_short || status.error == errc::descriptor_overrun);

    // find() agrees with the walk for the first few relative ports.
    for (std::uint16_t rp = 0; rp < 4; ++rp) {
        const auto found = page.find(rp);
        if (found) {
            check(found->relative_port_identifier() == rp);
        } else {
            check(found.error() == (status.ok() ? errc::not_found : status.error));
        }
    }
    return 0;
}
