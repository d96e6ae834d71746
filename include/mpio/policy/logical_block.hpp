// SPDX-License-Identifier: MIT
// mpio/policy/logical_block.hpp - LBA-region affinity: illumos scsi_vhci
// load-balance="logical-block" (Veritas DMP's "balanced" policy is the same
// idea).
//
// illumos scsi_vhci (scsi_vhci.conf: load-balance="logical-block";
// region-size=18;): the LBA space is cut into regions of 2^region-size
// blocks (default 18: 2^18 blocks, 128 MiB with 512-byte blocks) and an I/O
// goes down path (lba >> region-size) mod (number of usable paths). A
// sequential stream stays on one path for a whole region, so the array's
// read-ahead and write cache per port keep working, while different regions
// spread over all paths; with random I/O it degrades to a static spread.
//
// Over the ALUA tier rule (scsi_vhci uses the "preferred" (optimized) path
// class while it has a usable path). When the number of usable paths
// changes, regions are re-dealt (the modulo changes), as in scsi_vhci. The
// region number is taken modulo 2^32 (no 64-bit division, which 32-bit
// kernels lack), so regions 2^32 apart share a path - the spread is still
// even. O(1), nothing written on the I/O path.
#ifndef MPIO_POLICY_LOGICAL_BLOCK_HPP
#define MPIO_POLICY_LOGICAL_BLOCK_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

inline constexpr std::uint32_t default_region_size_shift = 18; // scsi_vhci region-size

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class logical_block : public path_table<logical_block<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::logical_block;
    static constexpr const char* name = "logical-block";

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        const auto region = static_cast<std::uint32_t>(io.lba >> region_shift_.load());
        return this->eligible(region % n);
    }

    // region-size: log2 of the region length in blocks, 0..63.
    status set_region_size_shift(std::uint32_t shift) noexcept
    {
        if (shift > 63) return failure(errc::invalid_argument);
        region_shift_.store(shift);
        return success;
    }
    [[nodiscard]] std::uint32_t region_size_shift() const noexcept { return region_shift_.load(); }

    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
    }

private:
    cell<std::uint32_t, Concurrency> region_shift_{default_region_size_shift};
};

} // namespace mpio::policy

#endif // MPIO_POLICY_LOGICAL_BLOCK_HPP
