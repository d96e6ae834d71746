// SPDX-License-Identifier: MIT
// vpd_page_mode_page_policy.cpp - Mode Page Policy (87h), SPC-6 7.7: every
// mode page policy descriptor (which mode page, who shares its values).
#include <fmt/format.h>

#include <mpio/scsi/vpd_mode_page_policy.hpp>

#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

void decode(const scsi::vpd_page& page, std::size_t offset, record& out)
{
    const auto parsed = scsi::parse_mode_page_policy(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const std::size_t list_at = offset + scsi::vpd_page::header_size;

    std::vector<record>& list = out.list("mode_page_policies", "Mode page policy descriptors");
    const scsi::mode_page_policy_descriptor_list descriptors = parsed->descriptors();
    auto it = descriptors.begin();
    for (; !it.done(); ++it) {
        const scsi::mode_page_policy_descriptor d = *it;
        const std::size_t at = list_at + it.offset();
        const std::string which = d.applies_to_all_pages() ? std::string("every other mode page and subpage")
                                                           : fmt::format("mode page 0x{:02x}, subpage 0x{:02x}",
                                                                         d.policy_page_code(), d.policy_subpage_code());
        record r(fmt::format("#{} {}: {}{}", list.size() + 1, which, to_string(d.mode_page_policy()),
                             d.mlus() ? ", shared by several logical units" : ""));
        r.number("offset", "", at);
        r.hex_number("policy_page_code", "Policy page code", d.policy_page_code(), 2);
        r.hex_number("policy_subpage_code", "Policy subpage code", d.policy_subpage_code(), 2);
        r.flag("applies_to_all_pages", "", d.applies_to_all_pages());
        r.flag("mlus", "MLUS", d.mlus());
        r.code("mode_page_policy", "Mode page policy", static_cast<std::uint8_t>(d.mode_page_policy()), 0,
               to_string(d.mode_page_policy()));
        if (d.applies_to_all_pages() && it.offset() != 0)
            r.note("only the first descriptor may name 3Fh/FFh (every other page); this one is ignored by "
                   "policy lookups");
        list.push_back(std::move(r));
    }
    report_walk_end(out, page, it.error(), list_at + it.offset(), descriptors.bytes().size() - it.offset(), list.size(),
                    "mode page policy descriptor", scsi::mode_page_policy_descriptor::size);
}

} // namespace

extern const vpd_page_decoder mode_page_policy_decoder{0x87, false, decode, nullptr};

} // namespace mpio_inspect
