// SPDX-License-Identifier: MIT
// Fuzz target: the Device Identification VPD page and its designation
// descriptors (mpio/scsi/vpd_device_identification.hpp). Every accessor and
// every typed decoder is called on every descriptor, and the list is walked
// to its end, so the sanitizers see every read; the invariants the header
// promises are checked with a trap.
#include <mpio/scsi/vpd_device_identification.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

// A decoder's error must be one the header documents.
template <class T>
bool decoded(const mpio::result<T>& r)
{
    check(r.has_value() || r.error() == errc::wrong_designator_type || r.error() == errc::length_mismatch ||
          r.error() == errc::unsupported_format || r.error() == errc::reserved_value);
    return r.has_value();
}

std::size_t touch(const scsi::naa_designator& n)
{
    return length(to_string(n.naa())) + n.vendor_specific_identifier_a() + n.ieee_company_id() +
           n.vendor_specific_identifier_b() + n.locally_administered_value() + n.vendor_specific_identifier() +
           n.vendor_specific_identifier_extension() + sum(n.bytes());
}

// Every accessor and decoder of one descriptor; returns how many decoders
// accepted it.
int touch(const scsi::designation_descriptor& d, volatile std::size_t& sink)
{
    check(d.designator().size() == d.designator_length());
    check(d.bytes().size() == scsi::designation_descriptor::header_size + d.designator_length());
    sink = sink + length(to_string(d.protocol_identifier())) + length(to_string(d.code_set())) +
           length(to_string(d.association())) + length(to_string(d.designator_type())) + d.piv() +
           d.protocol_identifier_valid() + sum(d.designator());

    int accepted = 0;
    if (const auto t = d.as_t10_vendor_id(); decoded(t)) {
        check(t->t10_vendor_identification().size() == 8);
        sink = sink + sum(t->t10_vendor_identification().bytes()) + sum(t->vendor_specific_identifier());
        ++accepted;
    }
    if (const auto e = d.as_eui64(); decoded(e)) {
        check(e->length() == 8 || e->length() == 12 || e->length() == 16);
        sink = sink + e->ieee_identifier() + e->ieee_company_id() + e->vendor_specific_extension_identifier() +
               e->directory_id() + e->identifier_extension() + e->has_directory_id() + e->has_identifier_extension();
        ++accepted;
    }
    if (const auto n = d.as_naa(); decoded(n)) {
        check(n->bytes().size() == (n->naa() == scsi::naa_format::ieee_registered_extended ? 16u : 8u));
        sink = sink + touch(*n);
        ++accepted;
    }
    if (const auto v = d.as_relative_target_port(); decoded(v)) {
        sink = sink + *v;
        ++accepted;
    }
    if (const auto v = d.as_target_port_group(); decoded(v)) {
        sink = sink + *v;
        ++accepted;
    }
    if (const auto v = d.as_logical_unit_group(); decoded(v)) {
        sink = sink + *v;
        ++accepted;
    }
    if (const auto m = d.as_md5_logical_unit_identifier(); decoded(m)) {
        check(m->size() == 16);
        sink = sink + sum(*m);
        ++accepted;
    }
    if (const auto s = d.as_scsi_name_string(); decoded(s)) {
        check(s->name().size() <= s->bytes().size());
        check(s->null_terminated() == (s->name().size() < s->bytes().size()));
        sink = sink + sum(s->name().bytes()) + s->null_terminated() + s->padded();
        ++accepted;
    }
    if (const auto u = d.as_usb_target_port(); decoded(u)) {
        sink = sink + u->device_address() + u->interface_number() + sum(u->bytes());
        ++accepted;
    }
    if (const auto p = d.as_pcie_routing_id(); decoded(p)) {
        sink = sink + p->routing_id() + p->bus_number() + p->device_number() + p->function_number() +
               p->ari_function_number() + sum(p->bytes());
        ++accepted;
    }
    if (const auto u = d.as_uuid(); decoded(u)) {
        check(u->uuid().size() == 16);
        sink = sink + u->uuid_type() + u->locally_assigned() + sum(u->uuid());
        ++accepted;
    }
    return accepted;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;

    // The decoder for bare NAA bytes, on the raw input.
    if (const auto n = scsi::parse_naa_designator(input); decoded(n)) sink = sink + touch(*n);

    const mpio::result<scsi::device_identification> r = scsi::parse_device_identification(input);
    if (!parsed_vpd_page(r, input, 0x83)) return 0;
    const scsi::device_identification& page = *r;
    check(page.designation_descriptor_bytes().size() + 4 <= size);
    sink = sink + page.peripheral_qualifier() + page.peripheral_device_type() + length(to_string(page.layout())) +
           page.header().page_length();

    const scsi::designation_descriptor_list list = page.designators();
    if (page.layout() == scsi::device_identification_layout::pre_spc2) {
        check(page.legacy_identifier() == page.designation_descriptor_bytes());
        check(list.begin() == list.end());
        check(list.status().error == errc::legacy_layout);
        if (const auto n = scsi::parse_naa_designator(page.legacy_identifier()); decoded(n)) sink = sink + touch(*n);
        return 0;
    }
    check(page.legacy_identifier().empty());

    std::size_t offset = 0;
    std::size_t count = 0;
    auto it = list.begin();
    for (; it != list.end(); ++it) {
        const scsi::designation_descriptor d = *it;
        check(d.offset() == offset && it.offset() == offset);
        check(d.bytes().data() == data + 4 + offset);
        const int accepted = touch(d, sink);
        // A descriptor is in at most one format (none for vendor specific,
        // reserved types, and the ones a decoder refused).
        check(accepted <= 1);
        offset += d.bytes().size();
        ++count;
    }
    const mpio::list_status status = list.status();
    check_walk(status, count, offset, page.designation_descriptor_bytes().size());
    check(it.error() == status.error);
    if (!status.ok()) check(status.error == errc::too_short || status.error == errc::descriptor_overrun);
    check(!list.at(count).has_value());

    // Every lookup agrees with a plain walk.
    for (unsigned a = 0; a < 4; ++a) {
        for (unsigned t = 0; t < 16; ++t) {
            const auto assoc = static_cast<scsi::association>(a);
            const auto type = static_cast<scsi::designator_type>(t);
            const auto found = page.find(assoc, type);
            if (found) {
                check(found->association() == assoc && found->designator_type() == type);
            } else {
                check(found.error() == (status.ok() ? errc::not_found : status.error));
            }
        }
    }
    return 0;
}
