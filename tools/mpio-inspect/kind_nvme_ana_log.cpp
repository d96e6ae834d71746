// SPDX-License-Identifier: MIT
// kind_nvme_ana_log.cpp - the NVMe Asymmetric Namespace Access log page (Log
// Identifier 0Ch) as mpio/nvme/ana_log.hpp decodes it: the header, every
// ANA group descriptor with its state and NSIDs, and the first descriptor
// the kernel's nvme_parse_ana_log() rules refuse (docs/nvme.md).
//
// Auto-detection: never (--as nvme-ana-log). The page has no signature; a
// full (not RGO) read and no ANAGRPMAX check are assumed.
#include <string>

#include <fmt/format.h>

#include <mpio/nvme/ana_log.hpp>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

namespace nvme = mpio::nvme;

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    const auto parsed = nvme::parse_ana_log(data);
    if (!parsed) return {v::impossible, "fewer than 16 bytes (the header)", data.size()};
    const mpio::list_status s = parsed->status();
    if (!s.ok() && !parsed->truncated())
        return {v::unlikely, fmt::format("group descriptor at byte {}: {}", s.offset, mpio::errc_name(s.error)),
                s.offset};
    // Only a page whose descriptors end exactly at the end of the data is
    // plausible (the page has no length field to check otherwise).
    if (parsed->truncated() || parsed->required_length() != data.size())
        return {v::unlikely, fmt::format("{} bytes: the descriptors need {}", data.size(), parsed->required_length()),
                8};
    detection d{v::plausible, fmt::format("{} ANA group descriptors", parsed->ngrps()), 8, detection::confidence::weak};
    d.auto_detectable = false;
    return d;
}

decode_outcome decode(mpio::byte_view data, const decode_context&, record& body)
{
    const auto parsed = nvme::parse_ana_log(data);
    if (!parsed)
        return {false,
                {mpio::errc_name(parsed.error()),
                 "fewer than 16 bytes: the ANA log page starts with CHGCNT (8 bytes), NGRPS (2) and 6 reserved bytes",
                 data.size()}};
    const nvme::ana_log& log = *parsed;
    record& r = body.child("nvme_ana_log", "");
    r.number("chgcnt", "Change Count (CHGCNT)", log.chgcnt());
    r.number("ngrps", "Number of ANA Group Descriptors (NGRPS)", log.ngrps());
    std::vector<record>& list = r.list("groups", "ANA groups");
    const nvme::ana_group_list groups = log.groups();
    auto it = groups.begin();
    for (; !it.done(); ++it) {
        const nvme::ana_group_descriptor g = *it;
        record item(fmt::format("ANA group {}", g.anagrpid()));
        item.number("anagrpid", "ANA Group ID (ANAGRPID)", g.anagrpid());
        item.code("anas", "ANA State (ANAS)", static_cast<unsigned>(g.anas()), 1, nvme::linux_name(g.anas()));
        item.number("chgcnt", "Change Count (CHGCNT)", g.chgcnt());
        item.number("nnsids", "Number of NSID Values (NNSIDS)", g.nnsids());
        std::string nsids;
        for (const nvme::ana_nsid_entry e : g.nsids()) nsids += (nsids.empty() ? "" : " ") + std::to_string(e.nsid());
        item.text("nsids", "NSIDs", nsids);
        list.push_back(std::move(item));
    }
    // A cut page is not an error (the note below says what it needs); a
    // descriptor the kernel's rules refuse is.
    if (it.error() != mpio::errc::none && !log.truncated()) {
        problem p = problem_from(it.error(), it.offset());
        p.message = fmt::format("ANA group descriptor at byte {}: {}", it.offset(), nvme::to_string(it.problem()));
        r.error(p);
    }
    if (log.truncated())
        r.note(fmt::format("truncated: the page needs at least {} bytes, {} were given", log.required_length(),
                           data.size()));
    return {};
}

} // namespace

extern const kind nvme_ana_log_kind{"nvme-ana-log", "nvme_ana_log", "NVMe ANA log page", detect, decode};

} // namespace mpio_inspect
