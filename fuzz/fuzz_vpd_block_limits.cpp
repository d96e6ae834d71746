// SPDX-License-Identifier: MIT
// Fuzz target: the Block Limits VPD page (mpio/scsi/vpd_block_limits.hpp).
// Every accessor is called, so the sanitizers see every read; the presence
// rule (a field is present exactly when PAGE LENGTH covers it and the
// response holds it, and an absent field reads as zero) is checked with a
// trap.
#include <mpio/scsi/vpd_block_limits.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {
// A present field's value, or zero.
template <class T>
void field(bool present, T value, std::size_t offset, std::size_t size, mpio::byte_view page)
{
    mpio_fuzz::check(present == (offset + size <= page.size()));
    if (!present) mpio_fuzz::check(value == 0);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    const mpio::byte_view input(data, size);
    const mpio::result<block_limits> r = parse_block_limits(input);
    if (!parsed_vpd_page(r, input, 0xB0)) return 0;
    const block_limits& bl = *r;
    const mpio::byte_view page = bl.bytes();

    field(bl.has_wsnz(), bl.wsnz(), 4, 1, page);
    field(bl.has_maximum_compare_and_write_length(), bl.maximum_compare_and_write_length(), 5, 1, page);
    field(bl.has_optimal_transfer_length_granularity(), bl.optimal_transfer_length_granularity(), 6, 2, page);
    field(bl.has_maximum_transfer_length(), bl.maximum_transfer_length(), 8, 4, page);
    field(bl.has_optimal_transfer_length(), bl.optimal_transfer_length(), 12, 4, page);
    field(bl.has_maximum_prefetch_length(), bl.maximum_prefetch_length(), 16, 4, page);
    field(bl.has_maximum_unmap_lba_count(), bl.maximum_unmap_lba_count(), 20, 4, page);
    field(bl.has_maximum_unmap_block_descriptor_count(), bl.maximum_unmap_block_descriptor_count(), 24, 4, page);
    field(bl.has_optimal_unmap_granularity(), bl.optimal_unmap_granularity(), 28, 4, page);
    field(bl.has_unmap_granularity_alignment(), bl.unmap_granularity_alignment(), 32, 4, page);
    field(bl.has_unmap_granularity_alignment(), bl.ugavalid(), 32, 4, page);
    field(bl.has_maximum_write_same_length(), bl.maximum_write_same_length(), 36, 8, page);
    field(bl.has_maximum_atomic_transfer_length(), bl.maximum_atomic_transfer_length(), 44, 4, page);
    field(bl.has_atomic_alignment(), bl.atomic_alignment(), 48, 4, page);
    field(bl.has_atomic_transfer_length_granularity(), bl.atomic_transfer_length_granularity(), 52, 4, page);
    field(bl.has_maximum_atomic_transfer_length_with_atomic_boundary(),
          bl.maximum_atomic_transfer_length_with_atomic_boundary(), 56, 4, page);
    field(bl.has_maximum_atomic_boundary_size(), bl.maximum_atomic_boundary_size(), 60, 4, page);
    check(bl.has_all_fields() == (page.size() >= 64));
    check(bl.unmap_granularity_alignment() <= 0x7FFF'FFFFu);

    volatile std::size_t sink = bl.header().page_length() + sum(bl.payload());
    static_cast<void>(sink);
    return 0;
}
