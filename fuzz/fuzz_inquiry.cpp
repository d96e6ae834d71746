// SPDX-License-Identifier: MIT
// Fuzz target: standard INQUIRY data (mpio/scsi/inquiry.hpp) and the version
// descriptor names (mpio/scsi/version_descriptors.hpp). Every accessor is
// called and every list walked to its end, so the sanitizers see every read;
// the invariants the header promises are checked with a trap.
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/version_descriptors.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    const mpio::byte_view input(data, size);
    const mpio::result<standard_inquiry> r = parse_standard_inquiry(input);
    if (!r) {
        check(r.error() == mpio::errc::too_short && size < standard_inquiry::header_size);
        return 0;
    }
    const standard_inquiry& inq = *r;

    // Lengths.
    check(inq.returned_length() <= size);
    check(inq.returned_length() >= standard_inquiry::header_size);
    check(inq.required_allocation_length() == std::size_t{data[4]} + 5);
    check(inq.truncated() == (inq.required_allocation_length() > size));
    check(inq.bytes().data() == data);

    volatile std::size_t sink = 0;
    sink = sink + sum(inq.bytes());

    // Header fields and enumeration names.
    sink = sink + length(to_string(inq.peripheral_qualifier())) + length(to_string(inq.peripheral_device_type()));
    sink = sink + inq.rmb() + inq.lu_cong() + length(to_string(inq.hot_pluggable())) + inq.device_type_modifier();
    sink = sink + length(to_string(inq.version())) + inq.iso_version() + inq.ecma_version() + inq.ansi_version();
    sink = sink + inq.aerc() + inq.trmtsk() + inq.normaca() + inq.hisup() + inq.legacy_layout();
    sink = sink + length(to_string(inq.response_data_format())) + inq.additional_length() + inq.declared_length();

    // Flag bytes 5..7: absent bits read as false.
    const std::size_t flags = inq.sccs() + inq.acc() + length(to_string(inq.tpgs())) + inq.three_pc() + inq.protect() +
                              inq.bque() + inq.encserv() + inq.vs1() + inq.multip() + inq.mchngr() + inq.ackreqq() +
                              inq.addr32() + inq.addr16() + inq.reladr() + inq.wbus32() + inq.wbus16() + inq.sync() +
                              inq.linked() + inq.trandis() + inq.cmdque() + inq.vs2();
    sink = sink + flags;
    if (inq.returned_length() < 8) check(!inq.cmdque() && !inq.vs2());
    if (!inq.has_flags()) check(!inq.cmdque());

    // Text fields: whole or empty, never partial.
    const mpio::ascii_view vendor = inq.t10_vendor_identification();
    const mpio::ascii_view product = inq.product_identification();
    const mpio::ascii_view revision = inq.product_revision_level();
    check(vendor.size() == (inq.has_t10_vendor_identification() ? 8u : 0u));
    check(product.size() == (inq.has_product_identification() ? 16u : 0u));
    check(revision.size() == (inq.has_product_revision_level() ? 4u : 0u));
    check(inq.t10_vendor_identification_trimmed().size() <= vendor.size());
    check(inq.product_identification_trimmed().size() <= product.size());
    check(inq.product_revision_level_trimmed().size() <= revision.size());
    const mpio::ascii_view hardware_id = inq.vendor_product_identification();
    check(hardware_id.size() == 0 || hardware_id.size() == 24);
    sink = sink + sum(vendor.bytes()) + sum(product.bytes()) + sum(revision.bytes()) + sum(hardware_id.bytes());
    sink = sink + sum(inq.t10_vendor_identification_trimmed().bytes()) +
           sum(inq.product_identification_trimmed().bytes()) + sum(inq.product_revision_level_trimmed().bytes());

    // Vendor specific regions.
    check(inq.vendor_specific().size() <= 20);
    sink = sink + sum(inq.vendor_specific()) + sum(inq.vendor_specific_2());

    // SPI byte.
    sink = sink + inq.has_spi_byte() + length(to_string(inq.clocking())) + inq.qas() + inq.ius();

    // Version descriptors: every slot, then the claimed ones, with names.
    const version_descriptor_slots slots = inq.version_descriptor_slots();
    std::size_t slot_count = 0;
    for (const version_descriptor d : slots) {
        check(d.slot == slot_count);
        ++slot_count;
        sink = sink + d.code;
    }
    const mpio::list_status status = slots.status();
    check(status.count == slot_count && slot_count <= standard_inquiry::max_version_descriptors);
    check(status.ok() || status.error == mpio::errc::too_short);
    std::size_t claimed = 0;
    for (const version_descriptor d : inq.version_descriptors()) {
        check(d.claimed());
        ++claimed;
        const char* name = version_descriptor_name(d.code);
        const char* version = version_descriptor_version(d.code);
        sink = sink + (name != nullptr ? length(name) : 0) + (version != nullptr ? length(version) : 0);
        mpio::fixed_text<96> line;
        append_version_descriptor(line, d.code);
        check(!line.overflowed());
        sink = sink + line.size();
    }
    check(claimed <= slot_count);
    check(claimed == inq.version_descriptors().size());
    if (claimed > 0) check(inq.version_descriptors().contains((*inq.version_descriptors().begin()).code));
    (void)sink;
    return 0;
}
