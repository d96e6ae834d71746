// SPDX-License-Identifier: MIT
// mpio/policy/vmw_round_robin.hpp - VMware NMP "VMW_PSP_RR" (Round Robin),
// the IOPS and bytes limits (esxcli storage nmp psp roundrobin deviceconfig
// set --type=iops|bytes).
//
// VMware: the paths take turns; the PSP switches to the next path after
// --iops I/Os (default 1000; 1..10000, the range vSphere's API documents for
// its HPP round robin) with type=iops, or after
// --bytes bytes (default 10 MiB = 10485760) with type=bytes. By default
// (useANO=0) only active/optimized paths take turns, active/non-optimized
// ones are used when no optimized path is usable; useANO=1 lets them take
// turns too (set_use_ano).
//
// select() is one fetch_add on a running counter of I/Os (or of bytes) and
// a division: turn = counter / limit, path = turn mod usable paths. So the
// I/O that crosses the byte limit still goes to the current path and the
// next one switches, exactly as "switch after N bytes were sent". When a
// path fails the turns are re-dealt over the remaining paths at once. Both
// counters are 32-bit: at their 2^32 wrap one turn may be cut short once.
#ifndef MPIO_POLICY_VMW_ROUND_ROBIN_HPP
#define MPIO_POLICY_VMW_ROUND_ROBIN_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

enum class vmw_rr_type : std::uint8_t { iops, bytes };

inline constexpr std::uint32_t vmw_rr_default_iops = 1000;
inline constexpr std::uint32_t vmw_rr_default_bytes = 10u * 1024u * 1024u;

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class vmw_round_robin : public path_table<vmw_round_robin<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::vmw_round_robin;
    static constexpr const char* name = "VMW_PSP_RR";

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        const bool by_bytes = type_.load() == static_cast<std::uint8_t>(vmw_rr_type::bytes);
        const std::uint32_t counter = by_bytes ? bytes_.fetch_add(io.bytes) : ios_.fetch_add(1);
        return this->eligible(turn(counter, by_bytes ? byte_limit_.load() : iops_.load(), n));
    }
    // The path for a counter value: (counter / limit) mod n.
    [[nodiscard]] static constexpr std::uint32_t turn(std::uint32_t counter, std::uint32_t limit,
                                                      std::uint32_t n) noexcept
    {
        return (counter / limit) % n;
    }

    // ---- control path (VMware's deviceconfig) -------------------------------
    // --type=iops --iops=N: N in 1..10000 (vSphere API's documented range), default 1000.
    status set_iops(std::uint32_t n) noexcept
    {
        if (n == 0 || n > 10000) return failure(errc::invalid_argument);
        iops_.store(n);
        type_.store(static_cast<std::uint8_t>(vmw_rr_type::iops));
        ios_.store(0);
        return success;
    }
    // --type=bytes --bytes=N: N >= 1, default 10 MiB.
    status set_bytes(std::uint32_t n) noexcept
    {
        if (n == 0) return failure(errc::invalid_argument);
        byte_limit_.store(n);
        type_.store(static_cast<std::uint8_t>(vmw_rr_type::bytes));
        bytes_.store(0);
        return success;
    }
    // Control path: moves both running counters, I/Os and bytes (tests start
    // them next to the 2^32 wrap).
    void set_turn_counter(std::uint32_t counter) noexcept
    {
        ios_.store(counter);
        bytes_.store(counter);
    }
    [[nodiscard]] vmw_rr_type type() const noexcept { return static_cast<vmw_rr_type>(type_.load()); }
    // useANO=1: active/non-optimized paths take turns with optimized ones.
    void set_use_ano(bool on) noexcept
    {
        use_ano_.store(on ? 1 : 0);
        refresh();
    }

    void refresh() noexcept
    {
        const bool ano = use_ano_.load() != 0;
        this->publish_min_rank([this, ano](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : (ano ? 0 : tier);
        });
    }

private:
    cell<std::uint32_t, Concurrency> iops_{vmw_rr_default_iops};
    cell<std::uint32_t, Concurrency> byte_limit_{vmw_rr_default_bytes};
    cell<std::uint32_t, Concurrency> ios_{};
    cell<std::uint32_t, Concurrency> bytes_{};
    cell<std::uint8_t, Concurrency> type_{static_cast<std::uint8_t>(vmw_rr_type::iops)};
    cell<std::uint8_t, Concurrency> use_ano_{0};
};

} // namespace mpio::policy

#endif // MPIO_POLICY_VMW_ROUND_ROBIN_HPP
