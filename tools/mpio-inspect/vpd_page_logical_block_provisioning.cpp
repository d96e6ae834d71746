// SPDX-License-Identifier: MIT
// vpd_page_logical_block_provisioning.cpp - Logical Block Provisioning
// (B2h), SBC-4 6.6.6: the threshold, unmap and LBPRZ fields, the provisioning
// type, and the provisioning group descriptor (a designation descriptor).
#include <fmt/format.h>

#include <mpio/scsi/vpd_logical_block_provisioning.hpp>

#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

void decode(const scsi::vpd_page& page, std::size_t offset, record& out)
{
    const auto parsed = scsi::parse_logical_block_provisioning(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const scsi::logical_block_provisioning& p = *parsed;
    const std::size_t size = p.bytes().size();
    auto has = [size](std::size_t n) { return n < size; };

    if (has(4))
        out.code("threshold_exponent", "Threshold exponent", p.threshold_exponent(), 0,
                 p.threshold_exponent() == 0 ? "no thresholds"
                                             : fmt::format("threshold sets of 2^{} LBAs", p.threshold_exponent()));
    if (has(5)) {
        out.flag("lbpu", "LBPU (UNMAP)", p.lbpu());
        out.flag("lbpws", "LBPWS (WRITE SAME (16) with UNMAP)", p.lbpws());
        out.flag("lbpws10", "LBPWS10 (WRITE SAME (10) with UNMAP)", p.lbpws10());
        out.code("lbprz", "LBPRZ", p.lbprz(), 0, fmt::format("unmapped blocks read {}", to_string(p.lbprz_meaning())));
        out.plain("lbprz_meaning", "", to_string(p.lbprz_meaning()));
        out.flag("anc_sup", "ANC_SUP", p.anc_sup());
        out.flag("dp", "DP", p.dp());
    }
    if (has(6)) {
        out.number("minimum_percentage", "Minimum percentage", p.minimum_percentage());
        out.code("provisioning_type", "Provisioning type", raw(p.provisioning_type()), 0,
                 to_string(p.provisioning_type()));
    }
    if (has(7)) out.number("threshold_percentage", "Threshold percentage", p.threshold_percentage());

    const std::size_t descriptor_at = offset + scsi::logical_block_provisioning::descriptor_offset;
    const mpio::result<scsi::designation_descriptor> d = p.provisioning_group_descriptor();
    if (d) {
        record& group = out.child("provisioning_group_descriptor", "Provisioning group descriptor");
        group = designation_descriptor_record(*d, 0, descriptor_at);
    } else if (d.error() == mpio::errc::too_short) {
        if (p.dp()) out.note("the provisioning group descriptor is cut short by the truncation");
    } else if (d.error() == mpio::errc::length_mismatch) {
        out.error({mpio::errc_name(d.error()),
                   fmt::format("DP is 1 but PAGE LENGTH {} leaves no room for a provisioning group descriptor",
                               page.page_length()),
                   descriptor_at});
    } else if (d.error() == mpio::errc::descriptor_overrun) {
        out.error({mpio::errc_name(d.error()),
                   "the provisioning group descriptor's DESIGNATOR LENGTH runs past the end of the page",
                   descriptor_at});
    }
    out.flag("has_all_fields", "", p.has_all_fields());
    if (!p.has_all_fields() && !page.truncated())
        out.note(
            fmt::format("PAGE LENGTH {} ends before byte 7: the fields after it are not reported", page.page_length()));
}

} // namespace

extern const vpd_page_decoder logical_block_provisioning_decoder{0xb2, true, decode, nullptr};

} // namespace mpio_inspect
