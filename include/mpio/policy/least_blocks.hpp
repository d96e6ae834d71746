// SPDX-License-Identifier: MIT
// mpio/policy/least_blocks.hpp - MSDSM "LB" Least Blocks
// (DSM_LB_LEAST_BLOCKS = 6), after the Windows-driver-samples MSDSM
// (storage/msdsm/src, commit 26a27df8; read, not compared by a test).
//
// I/O goes down the A/O path with the fewest bytes in flight (the sample's
// DsmpGetPath, dsmmain.c: OutstandingBytesOfIO, kept by
// DsmpIncrementCounters / DsmpDecrementCounters) - over the ALUA tier rule.
// Linux's dm-ps-service-time.c is the relative of this one (in-flight bytes,
// scaled by a throughput).
//
// Before that, the sample's sequential rule (DsmpGetPath, "Use the last path
// under the following conditions"), which mpio follows: a read or write
// whose starting LBA is at or above the last LBA (starting LBA + blocks - 1)
// of the last read or write started on the last path used goes to that path
// again - a read always, a write while that path's bytes in flight (reads
// and writes) plus this write stay within the cache size (default 1 MiB,
// DSM_LEAST_BLOCKS_DEFAULT_THRESHOLD; set_sequential_cache_size(0) turns the
// rule off, as the sample's DsmUseCacheForLeastBlocks = 0 does). Any LBA at
// or above counts, not only the exact continuation. A request that is
// neither a read nor a write goes to the last path used (the sample: "use
// the same path"), the rule on or off. The last path must still be eligible.
//
// Where mpio departs from the sample (docs/policies.md says why): the sample
// reads "the last path used" from PathToBeUsed, which for LB is set only on
// path arrival and removal (to the first A/O path in list order), never per
// I/O, so its rule always looks at that one fixed path; mpio keeps the path
// the last read or write was started on. Ties on bytes in flight are
// broken by a rotating start (rotor::hint) where the sample's strict `<`
// takes the first in list order. With no usable A/O path the sample sends
// every I/O to PathToBeUsed; mpio balances over the A/N paths.
//
// In the concurrent variant the last path and its LBA (two 32-bit cells)
// are written by every start() without a lock: a select() racing with a
// start() may pair one I/O's path with another's LBA, which only changes
// which path that I/O takes. O(paths).
#ifndef MPIO_POLICY_LEAST_BLOCKS_HPP
#define MPIO_POLICY_LEAST_BLOCKS_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

inline constexpr std::uint32_t default_sequential_cache_size = 1024u * 1024u;

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class least_blocks : public path_table<least_blocks<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::least_blocks;
    static constexpr const char* name = "LB";
    static constexpr slot_index no_path = 0xFF;

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        // The last path, if it is usable and in the best tier now. Its own tier
        // is checked against tier_none first: under threads the published
        // list can lag a control event, so eligible(0) may name a path that
        // has just failed, and two tier_none values must not match.
        if (const slot_index last = last_path_.load();
            last < Capacity && this->usable_tier(last) != tier_none &&
            this->usable_tier(last) == this->usable_tier(this->eligible(0))) {
            if (io.direction == io_direction::other) return last; // "use the same path"
            const std::uint32_t cache = cache_size_.load();
            if (cache != 0 && io.lba >= last_lba()) {
                if (io.direction == io_direction::read) return last;
                if (std::uint64_t{this->bytes_in_flight(last)} + io.bytes <= cache) return last;
            }
        }
        // The fewest bytes in flight; ties rotate; an idle path ends the scan.
        return this->select_min(
            n, ties_.hint(n), [this](slot_index s) { return this->bytes_in_flight(s); }, smaller_key_wins{},
            zero_is_unbeatable{});
    }
    void start(slot_index s, const io_request& io) noexcept
    {
        this->count_bytes_start(s, io.bytes);
        if (io.direction == io_direction::other) return;
        const std::uint64_t last = io.lba + io.blocks - 1; // DsmpIncrementCounters' LastLba (wraps as its ULONGLONG)
        last_lba_low_.store(static_cast<std::uint32_t>(last));
        last_lba_high_.store(static_cast<std::uint32_t>(last >> 32));
        last_path_.store(s);
        if (io.direction == io_direction::write) writes_[s].fetch_add(io.bytes);
    }
    void complete(slot_index s, const io_request& io, tick, io_status) noexcept
    {
        this->count_bytes_complete(s, io.bytes);
        if (io.direction == io_direction::write) writes_[s].fetch_sub(io.bytes);
    }

    // Control path.
    void set_sequential_cache_size(std::uint32_t bytes) noexcept { cache_size_.store(bytes); }
    [[nodiscard]] std::uint32_t sequential_cache_size() const noexcept { return cache_size_.load(); }
    // Write bytes in flight (a statistic; the rule counts every byte in flight).
    [[nodiscard]] std::uint32_t write_bytes_in_flight(slot_index s) const noexcept { return writes_[s].load(); }
    // The path the last read or write was started on (no_path before the first).
    [[nodiscard]] slot_index last_path() const noexcept { return last_path_.load(); }

    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
    }

private:
    std::uint64_t last_lba() const noexcept
    {
        return (std::uint64_t{last_lba_high_.load()} << 32) | last_lba_low_.load();
    }

    rotor<Concurrency> ties_;
    cell<std::uint32_t, Concurrency> cache_size_{default_sequential_cache_size}; // read-mostly
    alignas(Concurrency::line) cell<std::uint32_t, Concurrency> last_lba_low_{}; // written per I/O
    cell<std::uint32_t, Concurrency> last_lba_high_{};
    cell<std::uint8_t, Concurrency> last_path_{no_path};
    cell<std::uint32_t, Concurrency> writes_[Capacity]{};
};

} // namespace mpio::policy

#endif // MPIO_POLICY_LEAST_BLOCKS_HPP
