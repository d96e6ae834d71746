// SPDX-License-Identifier: MIT
// Fuzz target: READ CAPACITY (16) parameter data
// (mpio/scsi/read_capacity.hpp). Every accessor is called and the derived
// values are checked against plain 128-bit arithmetic with a trap.
#include <mpio/scsi/read_capacity.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

__extension__ using u128 = unsigned __int128;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    const mpio::result<scsi::read_capacity_16> r = scsi::parse_read_capacity_16(input);
    if (!r) {
        check(size < scsi::read_capacity_16::min_size && r.error() == errc::too_short);
        return 0;
    }
    volatile std::size_t sink = 0;
    const scsi::read_capacity_16& c = *r;
    check(c.bytes().size() == (size < 32 ? size : 32));
    check(c.truncated() == (size < 32) && c.required_allocation_length() == 32);
    check(c.protection_fields_present() == (size > 12) && c.exponent_fields_present() == (size > 13) &&
          c.provisioning_fields_present() == (size > 15));
    sink = sink + length(to_string(c.rc_basis())) + length(to_string(c.p_type())) + c.prot_en() + c.p_i_exponent() +
           c.logical_blocks_per_physical_block_exponent() + c.lbpme() + c.lbprz() +
           c.lowest_aligned_logical_block_address() + c.protection_information_intervals() +
           c.logical_blocks_per_physical_block() + static_cast<std::size_t>(c.physical_block_length_in_bytes());

    const std::uint64_t lba = c.returned_logical_block_address();
    const std::uint32_t block = c.logical_block_length_in_bytes();
    const auto blocks = c.capacity_in_blocks();
    check(blocks.has_value() == (lba != ~std::uint64_t{0}));
    const u128 exact = (u128{lba} + 1) * block;
    const auto bytes = c.capacity_in_bytes();
    check(bytes.has_value() == (blocks.has_value() && (exact >> 64) == 0));
    check(bytes.has_value() ? *bytes == static_cast<std::uint64_t>(exact) : bytes.error() == errc::overflow);
    check(c.physical_block_length_in_bytes() ==
          (std::uint64_t{block} << c.logical_blocks_per_physical_block_exponent()));

    const auto type = c.protection_type();
    if (!c.protection_fields_present()) {
        check(type.error() == errc::too_short);
    } else if (!c.prot_en()) {
        check(*type == 0);
    } else if (type) {
        check(*type >= 1 && *type <= 3 && *type == static_cast<std::uint8_t>(c.p_type()) + 1);
    } else {
        check(type.error() == errc::reserved_value && static_cast<std::uint8_t>(c.p_type()) > 2);
    }
    return 0;
}
