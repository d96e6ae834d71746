// SPDX-License-Identifier: MIT
// Fuzz target: the NVMe ANA log page (mpio/nvme/ana_log.hpp). The first byte
// chooses the options (bit 0 RGO, bit 1 reject reserved states, bit 2 an
// ANAGRPMAX of 16 instead of none); the rest is the page. Every group and
// NSID is walked, the walk's status is checked against a plain count, and
// the lookups against the walk.
#include <mpio/nvme/ana_log.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace nvme = mpio::nvme;
using mpio::errc;
using namespace mpio_fuzz;

void check_page(mpio::byte_view page, const nvme::ana_log_options& options, volatile std::size_t& sink)
{
    const auto parsed = nvme::parse_ana_log(page, options);
    if (!parsed) {
        check(parsed.error() == errc::too_short && page.size() < 16);
        return;
    }
    const nvme::ana_log log = *parsed;
    check(log.ngrps() == mpio::load_le16(page, 8));
    sink = sink + static_cast<std::size_t>(log.chgcnt());

    std::size_t count = 0;
    std::size_t expected_offset = 16;
    std::uint32_t first_id = 0;
    bool have_first = false;
    const nvme::ana_group_list groups = log.groups();
    auto it = groups.begin();
    for (; !it.done(); ++it) {
        const nvme::ana_group_descriptor g = *it;
        check(g.offset() == expected_offset);
        check(g.bytes().data() == page.data() + g.offset());
        check(g.offset() + g.bytes().size() <= page.size());
        check(g.anagrpid() != 0 && g.anagrpid() <= options.anagrpmax);
        check(g.anas_byte() != 0 && g.anas_byte() <= 0x0F);
        check(!options.reject_reserved_states || !nvme::is_reserved(g.anas()));
        check(g.nsid_count() == (options.rgo ? 0u : g.nnsids()));
        std::size_t n = 0;
        for (const nvme::ana_nsid_entry e : g.nsids()) {
            check(e.nsid() == g.nsid(n));
            check(g.contains(e.nsid()));
            ++n;
        }
        check(n == g.nsid_count());
        sink = sink + length(nvme::to_string(g.anas())) + length(nvme::linux_name(g.anas()));
        if (!have_first) {
            first_id = g.anagrpid();
            have_first = true;
        }
        expected_offset += g.bytes().size();
        ++count;
    }
    check(count <= log.ngrps());
    const mpio::list_status s = log.status();
    check(s.count == count);
    check(s.error == it.error());
    check(s.offset == it.offset());
    check((s.error == errc::none) == (count == log.ngrps()));
    check(log.groups().problem() == it.problem());
    sink = sink + length(nvme::to_string(it.problem()));
    switch (s.error) {
    case errc::none: check(log.required_length() == expected_offset); break;
    case errc::too_short:
    case errc::descriptor_overrun:
        check(log.truncated());
        check(log.required_length() > page.size() || log.required_length() == static_cast<std::size_t>(-1));
        break;
    case errc::reserved_value:
    case errc::length_mismatch:
        check(!log.truncated());
        check(log.required_length() == s.offset);
        break;
    default: check(false);
    }
    if (have_first) {
        const auto found = log.find_group(first_id);
        check(found.has_value() && found->offset() == 16);
        check(log.state_of(first_id).has_value());
    }
    const auto missing = log.find_group(0);
    check(!missing.has_value() && missing.error() == (s.ok() ? errc::not_found : s.error));
    const auto by_ns = log.group_of_namespace(1);
    if (by_ns) check(by_ns->contains(1));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    volatile std::size_t sink = 0;
    nvme::ana_log_options o;
    o.rgo = (data[0] & 1) != 0;
    o.reject_reserved_states = (data[0] & 2) != 0;
    if ((data[0] & 4) != 0) o.anagrpmax = 16;
    check_page(mpio::byte_view(data + 1, size - 1), o, sink);
    // The ANA log size formula never wraps.
    if (size >= 9) {
        const std::uint32_t a = mpio::load_le32(mpio::byte_view(data, size), 1);
        const std::uint32_t b = mpio::load_le32(mpio::byte_view(data, size), 5);
        check(nvme::ana_log_size(a, b) >= nvme::ana_log_size(a, b, true));
    }
    return 0;
}
