// SPDX-License-Identifier: MIT
// Fuzz target: the Block Device Characteristics VPD page
// (mpio/scsi/vpd_block_device_characteristics.hpp). Every accessor is
// called, so the sanitizers see every read; the invariants the header
// promises are checked with a trap.
#include <mpio/scsi/vpd_block_device_characteristics.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    const mpio::byte_view input(data, size);
    const mpio::result<block_device_characteristics> r = parse_block_device_characteristics(input);
    if (!parsed_vpd_page(r, input, 0xB1)) return 0;
    const block_device_characteristics& bdc = *r;
    const mpio::byte_view page = bdc.bytes();
    check(bdc.has_all_fields() == (page.size() >= 16));

    const std::uint16_t rate = bdc.medium_rotation_rate();
    if (page.size() < 6) check(rate == 0);
    check(bdc.non_rotating_medium() == (rate == 1));
    check(bdc.has_nominal_rotation_rate() == (rate > 0x400 && rate < 0xFFFF));
    check(static_cast<std::uint8_t>(bdc.product_type()) == page.at_or(6));
    check(bdc.wabereq() < 4 && bdc.wacereq() < 4);
    check(static_cast<std::uint8_t>(bdc.nominal_form_factor()) == (page.at_or(7) & 0x0Fu));
    check(static_cast<std::uint8_t>(bdc.zoned()) == ((page.at_or(8) >> 4) & 3u));
    if (page.size() < 16) check(bdc.depopulation_time() == 0);

    volatile std::size_t sink = length(to_string(bdc.product_type())) + length(to_string(bdc.nominal_form_factor())) +
                                length(to_string(bdc.zoned())) + bdc.bocs() + bdc.fuab() + bdc.vbuls() +
                                bdc.depopulation_time() + bdc.header().page_length() + sum(bdc.payload());
    static_cast<void>(sink);
    return 0;
}
