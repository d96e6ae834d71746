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
// are written by start() without a lock: a select() racing with a start()
// may pair one I/O's path with another's LBA, which only changes which path
// that I/O takes. What every I/O writes is kept small (issue 15): the low
// word of the LBA always, the high word and the path only when they change,
// all on one line of their own; select() asks whether the last path is
// still eligible from a membership mask that only refresh() writes (on the
// read-mostly line with the cache size), not from the path's flags, which
// share a line with its in-flight counters. O(paths).
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
        // The last path, if it is usable and in the best tier now: one bit of
        // the membership mask refresh() writes with the list (on a line no
        // I/O writes), instead of the path's flags and ALUA state, which sit
        // beside its in-flight counters.
        if (const slot_index last = last_path_.load(); last < Capacity && published(last)) {
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
        if (io.direction == io_direction::write) writes_[s].fetch_add(io.bytes);
        const std::uint64_t last = io.lba + io.blocks - 1; // DsmpIncrementCounters' LastLba (wraps as its ULONGLONG)
        // Every store here is a write to a line all CPUs read: in the
        // concurrent variant the high word and the path are written only
        // when they change (a sequential stream below 2 TiB on one path
        // writes one word per I/O). A single thread stores them always: a
        // branch on a changing value costs more than a store to its own line.
        last_lba_low_.store(static_cast<std::uint32_t>(last));
        const auto high = static_cast<std::uint32_t>(last >> 32);
        if (!Concurrency::is_concurrent || last_lba_high_.load() != high) last_lba_high_.store(high);
        if (!Concurrency::is_concurrent || last_path_.load() != s) last_path_.store(s);
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
        // The membership mask first, so the count's release in
        // publish_min_rank() publishes it with the list it describes.
        std::uint8_t best = tier_none;
        for (std::size_t s = 0; s < Capacity; ++s) {
            const std::uint8_t tier = this->usable_tier(static_cast<slot_index>(s));
            if (tier < best) best = tier;
        }
        for (std::size_t w = 0; w < mask_words; ++w) {
            std::uint32_t bits = 0;
            for (std::size_t b = 0; b < 32 && w * 32 + b < Capacity; ++b)
                if (best != tier_none && this->usable_tier(static_cast<slot_index>(w * 32 + b)) == best)
                    bits |= std::uint32_t{1} << b;
            if (published_[w].load() != bits) published_[w].store(bits);
        }
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
    }

private:
    static constexpr std::size_t mask_words = (Capacity + 31) / 32;

    bool published(slot_index s) const noexcept { return (published_[s / 32].load() >> (s % 32)) & 1u; }
    std::uint64_t last_lba() const noexcept
    {
        return (std::uint64_t{last_lba_high_.load()} << 32) | last_lba_low_.load();
    }

    rotor<Concurrency> ties_;
    // Read by every select(), written by control events only.
    cell<std::uint32_t, Concurrency> cache_size_{default_sequential_cache_size};
    cell<std::uint32_t, Concurrency> published_[mask_words]{}; // bit s: slot s is in the published list
    // Written per I/O.
    alignas(Concurrency::line) cell<std::uint32_t, Concurrency> last_lba_low_{};
    cell<std::uint32_t, Concurrency> last_lba_high_{};
    cell<std::uint8_t, Concurrency> last_path_{no_path};
    cell<std::uint32_t, Concurrency> writes_[Capacity]{};
};

} // namespace mpio::policy

#endif // MPIO_POLICY_LEAST_BLOCKS_HPP
