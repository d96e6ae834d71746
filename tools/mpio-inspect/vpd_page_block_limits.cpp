// SPDX-License-Identifier: MIT
// vpd_page_block_limits.cpp - Block Limits (B0h), SBC-4 6.6.4: every field
// PAGE LENGTH covers and the response holds (older pages are shorter: the
// fields they lack are left out, with a note).
#include <fmt/format.h>

#include <mpio/scsi/vpd_block_limits.hpp>

#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

// A length in blocks where 0 means "no limit / not reported" (the page's
// zero rule): the meaning goes to `<key>_name` in JSON.
void blocks(record& out, const char* key, const char* label, std::uint64_t value, const char* zero_means,
            bool all_ones_unlimited = false)
{
    std::string meaning;
    if (value == 0)
        meaning = zero_means;
    else if (all_ones_unlimited && value == scsi::block_limits::unlimited)
        meaning = "no limit";
    else
        meaning = value == 1 ? "1 block" : fmt::format("{} blocks", value);
    out.code(key, label, value, 0, meaning);
}

void decode(const scsi::vpd_page& page, std::size_t /*offset*/, record& out)
{
    const auto parsed = scsi::parse_block_limits(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const scsi::block_limits& b = *parsed;

    if (b.has_wsnz()) out.flag("wsnz", "WSNZ", b.wsnz());
    if (b.has_maximum_compare_and_write_length())
        blocks(out, "maximum_compare_and_write_length", "Maximum compare and write length",
               b.maximum_compare_and_write_length(), "COMPARE AND WRITE not supported");
    if (b.has_optimal_transfer_length_granularity())
        blocks(out, "optimal_transfer_length_granularity", "Optimal transfer length granularity",
               b.optimal_transfer_length_granularity(), "not reported");
    if (b.has_maximum_transfer_length())
        blocks(out, "maximum_transfer_length", "Maximum transfer length", b.maximum_transfer_length(),
               "no limit reported");
    if (b.has_optimal_transfer_length())
        blocks(out, "optimal_transfer_length", "Optimal transfer length", b.optimal_transfer_length(), "not reported");
    if (b.has_maximum_prefetch_length())
        blocks(out, "maximum_prefetch_length", "Maximum prefetch length", b.maximum_prefetch_length(),
               "no limit reported");
    if (b.has_maximum_unmap_lba_count())
        blocks(out, "maximum_unmap_lba_count", "Maximum unmap LBA count", b.maximum_unmap_lba_count(),
               "UNMAP not implemented", true);
    if (b.has_maximum_unmap_block_descriptor_count())
        out.code("maximum_unmap_block_descriptor_count", "Maximum unmap block descriptor count",
                 b.maximum_unmap_block_descriptor_count(), 0,
                 b.maximum_unmap_block_descriptor_count() == 0 ? "UNMAP not implemented"
                 : b.maximum_unmap_block_descriptor_count() == scsi::block_limits::unlimited
                     ? "no limit"
                     : fmt::format("{} descriptors", b.maximum_unmap_block_descriptor_count()));
    if (b.has_optimal_unmap_granularity())
        blocks(out, "optimal_unmap_granularity", "Optimal unmap granularity", b.optimal_unmap_granularity(),
               "not reported");
    if (b.has_unmap_granularity_alignment()) {
        out.flag("ugavalid", "UGAVALID", b.ugavalid());
        out.number("unmap_granularity_alignment",
                   b.ugavalid() ? "Unmap granularity alignment" : "Unmap granularity alignment (not valid)",
                   b.unmap_granularity_alignment());
    }
    if (b.has_maximum_write_same_length())
        blocks(out, "maximum_write_same_length", "Maximum write same length", b.maximum_write_same_length(),
               "no limit reported");
    if (b.has_maximum_atomic_transfer_length())
        blocks(out, "maximum_atomic_transfer_length", "Maximum atomic transfer length",
               b.maximum_atomic_transfer_length(), "no maximum reported");
    if (b.has_atomic_alignment())
        blocks(out, "atomic_alignment", "Atomic alignment", b.atomic_alignment(), "no requirement");
    if (b.has_atomic_transfer_length_granularity())
        blocks(out, "atomic_transfer_length_granularity", "Atomic transfer length granularity",
               b.atomic_transfer_length_granularity(), "no requirement");
    if (b.has_maximum_atomic_transfer_length_with_atomic_boundary())
        blocks(out, "maximum_atomic_transfer_length_with_atomic_boundary",
               "Maximum atomic transfer length with atomic boundary",
               b.maximum_atomic_transfer_length_with_atomic_boundary(), "no maximum reported");
    if (b.has_maximum_atomic_boundary_size())
        blocks(out, "maximum_atomic_boundary_size", "Maximum atomic boundary size", b.maximum_atomic_boundary_size(),
               "no atomic boundary larger than one block");

    out.flag("has_all_fields", "", b.has_all_fields());
    if (!b.has_all_fields() && !page.truncated()) {
        const char* generation = page.page_length() == scsi::block_limits::sbc2_page_length ? " (an SBC-2 page)"
                                 : page.page_length() == scsi::block_limits::early_sbc3_page_length
                                     ? " (an early SBC-3 page)"
                                     : "";
        out.note(fmt::format("PAGE LENGTH {}{} does not cover every SBC-4 field: the others are not reported",
                             page.page_length(), generation));
    }
    if (page.bytes().size() > 64)
        out.dump("bytes_after_byte_63", "Bytes 64..", page.bytes().subview(64), "not defined by SBC-4");
}

} // namespace

extern const vpd_page_decoder block_limits_decoder{0xb0, true, decode, nullptr};

} // namespace mpio_inspect
