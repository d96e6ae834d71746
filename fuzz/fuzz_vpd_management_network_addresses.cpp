// SPDX-License-Identifier: MIT
// Fuzz target: the Management Network Addresses VPD page
// (mpio/scsi/vpd_management_network_addresses.hpp). Every accessor is called
// on every descriptor and the list is walked to its end, so the sanitizers
// see every read; the invariants the header promises are checked with a
// trap.
#include <mpio/scsi/vpd_management_network_addresses.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    using mpio::errc;
    const mpio::byte_view input(data, size);
    const mpio::result<management_network_addresses> r = parse_management_network_addresses(input);
    if (!parsed_vpd_page(r, input, 0x85)) return 0;
    const management_network_addresses& page = *r;
    volatile std::size_t sink = page.header().page_length();

    const network_service_descriptor_list list = page.network_services();
    std::size_t offset = 0;
    std::size_t count = 0;
    auto it = list.begin();
    for (; it != list.end(); ++it) {
        const network_service_descriptor d = *it;
        check(d.offset() == offset && it.offset() == offset);
        check(d.bytes().data() == data + 4 + offset);
        check(d.bytes().size() == 4u + d.network_address_length());
        check(d.network_address_bytes().size() == d.network_address_length());
        check(d.network_address().size() <= d.network_address_bytes().size());
        check(d.null_terminated() == (d.network_address().size() < d.network_address_bytes().size()));
        check(d.length_multiple_of_four() == (d.network_address_length() % 4 == 0));
        sink = sink + length(to_string(d.association())) + length(to_string(d.service_type())) +
               sum(d.network_address().bytes()) + sum(d.network_address_bytes());
        offset += d.bytes().size();
        ++count;
    }
    const mpio::list_status status = list.status();
    check_walk(status, count, offset, page.payload().size());
    check(it.error() == status.error);
    if (!status.ok()) check(status.error == errc::too_short || status.error == errc::descriptor_overrun);
    check(!list.at(count).has_value());

    // find() agrees with a plain walk: for the keys of the first
    // descriptors it finds the first descriptor with that key, and for a
    // key no descriptor has it reports not_found or the walk's error. (A
    // bounded number of lookups: each one walks the list.)
    std::size_t probed = 0;
    for (auto p = list.begin(); p != list.end() && probed < 4; ++p, ++probed) {
        const network_service_descriptor d = *p;
        const auto found = page.find(d.service_type(), d.association());
        check(found.has_value() && found->offset() <= d.offset());
        check(found->service_type() == d.service_type() && found->association() == d.association());
    }
    const auto reserved_type = static_cast<network_service_type>(0x1F);
    const auto found = page.find(reserved_type, association::reserved);
    if (found) {
        check(found->service_type() == reserved_type && found->association() == association::reserved);
    } else {
        check(found.error() == (status.ok() ? errc::not_found : status.error));
    }
    return 0;
}
