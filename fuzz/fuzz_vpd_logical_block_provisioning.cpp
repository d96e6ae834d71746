// SPDX-License-Identifier: MIT
// Fuzz target: the Logical Block Provisioning VPD page
// (mpio/scsi/vpd_logical_block_provisioning.hpp). Every accessor is called
// and the provisioning group descriptor decoded with every designator
// decoder, so the sanitizers see every read; the invariants the header
// promises are checked with a trap.
#include <mpio/scsi/vpd_logical_block_provisioning.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    using mpio::errc;
    const mpio::byte_view input(data, size);
    const mpio::result<logical_block_provisioning> r = parse_logical_block_provisioning(input);
    if (!parsed_vpd_page(r, input, 0xB2)) return 0;
    const logical_block_provisioning& lbp = *r;
    const mpio::byte_view page = lbp.bytes();
    check(lbp.has_all_fields() == (page.size() >= 8));
    check(lbp.threshold_exponent() == page.at_or(4));
    check(lbp.dp() == ((page.at_or(5) & 1u) != 0));
    check(lbp.lbprz() < 8 && lbp.minimum_percentage() < 32);
    const lbprz_meaning m = lbp.lbprz_meaning();
    check((m == lbprz_meaning::zeros) == ((lbp.lbprz() & 1u) != 0));
    check(static_cast<std::uint8_t>(lbp.provisioning_type()) == (page.at_or(6) & 7u));
    check(lbp.threshold_percentage() == page.at_or(7));

    volatile std::size_t sink = length(to_string(m)) + length(to_string(lbp.provisioning_type())) + lbp.lbpu() +
                                lbp.lbpws() + lbp.lbpws10() + lbp.anc_sup() + sum(lbp.payload());

    const mpio::result<designation_descriptor> d = lbp.provisioning_group_descriptor();
    if (!d) {
        const errc e = d.error();
        check(e == errc::too_short || e == errc::not_found || e == errc::length_mismatch ||
              e == errc::descriptor_overrun);
        if (e == errc::not_found) check(!lbp.dp());
        if (e == errc::too_short) check(lbp.truncated());
        return 0;
    }
    check(lbp.dp());
    check(d->bytes().data() == data + 8);
    check(d->bytes().size() == 4u + d->designator_length());
    check(8 + d->bytes().size() <= lbp.required_allocation_length());
    sink = sink + sum(d->designator()) + length(to_string(d->designator_type())) + d->as_naa().has_value() +
           d->as_eui64().has_value() + d->as_t10_vendor_id().has_value() + d->as_uuid().has_value() +
           d->as_scsi_name_string().has_value() + d->as_md5_logical_unit_identifier().has_value();
    return 0;
}
