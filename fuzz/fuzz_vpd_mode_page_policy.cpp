// SPDX-License-Identifier: MIT
// Fuzz target: the Mode Page Policy VPD page
// (mpio/scsi/vpd_mode_page_policy.hpp). Every accessor is called on every
// descriptor and the list is walked to its end, so the sanitizers see every
// read; the invariants the header promises are checked with a trap.
#include <mpio/scsi/vpd_mode_page_policy.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    using mpio::errc;
    const mpio::byte_view input(data, size);
    const mpio::result<mode_page_policy> r = parse_mode_page_policy(input);
    if (!parsed_vpd_page(r, input, 0x87)) return 0;
    const mode_page_policy& page = *r;
    volatile std::size_t sink = page.header().page_length();

    const mode_page_policy_descriptor_list list = page.descriptors();
    std::size_t offset = 0;
    std::size_t count = 0;
    bool catch_all = false;
    auto it = list.begin();
    for (; it != list.end(); ++it) {
        const mode_page_policy_descriptor d = *it;
        check(d.offset() == offset && it.offset() == offset);
        check(d.bytes().size() == 4 && d.bytes().data() == data + 4 + offset);
        check(d.policy_page_code() < 0x40);
        if (offset == 0) catch_all = d.applies_to_all_pages();
        sink = sink + d.policy_subpage_code() + d.mlus() + length(to_string(d.mode_page_policy()));
        offset += 4;
        ++count;
    }
    const mpio::list_status status = list.status();
    check_walk(status, count, offset, page.payload().size());
    check(status.ok() ? page.payload().size() % 4 == 0 : status.error == errc::too_short);
    check(count == page.payload().size() / 4);

    // policy_for() gives an exact match, else the first descriptor's
    // catch-all, else not_found (or the walk's error).
    const std::uint8_t probes[][2] = {{0x00, 0x00}, {0x08, 0x00}, {0x0A, 0x01}, {0x3F, 0xFF}, {0x1C, 0x00}};
    for (const auto& probe : probes) {
        const auto p = page.policy_for(probe[0], probe[1]);
        if (p) {
            check((p->policy_page_code() == probe[0] && p->policy_subpage_code() == probe[1]) ||
                  (p->offset() == 0 && p->applies_to_all_pages()));
            if (!status.ok()) check(p->policy_page_code() == probe[0] && p->policy_subpage_code() == probe[1]);
        } else if (status.ok()) {
            check(p.error() == errc::not_found && !catch_all);
        } else {
            check(p.error() == status.error);
        }
    }
    return 0;
}
