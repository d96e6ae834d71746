// SPDX-License-Identifier: MIT
// mpio/policy/least_blocks.hpp - MSDSM "LB" Least Blocks
// (DSM_LB_LEAST_BLOCKS = 6).
//
// MSDSM: I/O goes down the path with the fewest pending bytes (blocks) -
// over the ALUA tier rule, as every MSDSM policy. Linux's
// dm-ps-service-time.c is the relative of this one (in-flight bytes, scaled
// by a throughput).
//
// MSDSM's sequential cache: an I/O that continues the previous I/O issued on
// a path (its LBA is that I/O's LBA + blocks) stays on that path, so the
// array sees one sequential stream per port and its read-ahead / write cache
// keeps working - while the path's outstanding write bytes, counting this
// I/O when it is a write, stay within the cache size (default 1 MiB;
// set_sequential_cache_size(0) turns the cache off). The continuation is
// compared on the low 32 bits of the LBA (cells stay 32-bit for 32-bit CPUs):
// two I/Os 2^32 blocks apart look sequential, which only means they share a
// path.
//
// Ties on pending bytes are broken by a rotating start (rotor::hint).
// O(paths).
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

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        const std::uint32_t cache = cache_size_.load();
        const std::uint32_t write = io.direction == io_direction::write ? io.bytes : 0;
        const auto lba = static_cast<std::uint32_t>(io.lba);
        // Key 0: the I/O continues this path's last one and the array's
        // sequential cache still has room: nothing beats it, the scan stops.
        // Otherwise 1 + the bytes in flight: the fewest wins, ties rotate.
        const auto key = [&](slot_index s) -> std::uint64_t {
            if (cache != 0 && next_lba_[s].load() == lba) {
                const std::uint32_t w = writes_[s].load();
                if (w <= cache && write <= cache - w) return 0;
            }
            return std::uint64_t{1} + this->bytes_in_flight(s);
        };
        return this->select_min(n, ties_.hint(n), key, smaller_key_wins{}, zero_is_unbeatable{});
    }
    void start(slot_index s, const io_request& io) noexcept
    {
        this->count_bytes_start(s, io.bytes);
        next_lba_[s].store(static_cast<std::uint32_t>(io.lba + io.blocks));
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
    [[nodiscard]] std::uint32_t write_bytes_in_flight(slot_index s) const noexcept { return writes_[s].load(); }

    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
    }

private:
    rotor<Concurrency> ties_;
    cell<std::uint32_t, Concurrency> cache_size_{default_sequential_cache_size};       // read-mostly
    alignas(Concurrency::line) cell<std::uint32_t, Concurrency> next_lba_[Capacity]{}; // written per I/O
    cell<std::uint32_t, Concurrency> writes_[Capacity]{};
};

} // namespace mpio::policy

#endif // MPIO_POLICY_LEAST_BLOCKS_HPP
