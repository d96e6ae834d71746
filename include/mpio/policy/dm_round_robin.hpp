// SPDX-License-Identifier: MIT
// mpio/policy/dm_round_robin.hpp - Linux dm-multipath "round-robin"
// (drivers/md/dm-ps-round-robin.c).
//
// dm-ps-round-robin.c keeps the group's valid paths in a list; select_path
// takes the head and moves it to the tail, so the paths take turns, one I/O
// each. Its per-path <repeat_count> argument ("I/Os before switching path",
// multipath.conf rr_min_io) is forced to 1 since request-based dm-mpath
// ("repeat_count > 1 is deprecated, using 1 instead"), so the default here is
// 1; set_repeat_count(n) restores the old bio-based behaviour (n I/Os per
// path, rr_min_io's default was 1000) for callers that want it.
//
// dm selectors see the paths of one priority group: ALUA ordering is
// dm-mpath's job (group_by_prio), not the selector's. So every usable path
// (present, not failed, A/O, A/N or LBA-dependent) takes its turn, with no
// tier preference; the topology layer hands a selector one group.
//
// select() with repeat_count 1 is one rotor step (as MSDSM RR); with n > 1
// one fetch_add: ticket / repeat_count picks the turn, modulo the usable
// count. The sequence is exact; a failed path leaves the list at once (dm's
// fail_path moves it to failed_paths) and a reinstated one rejoins it. At the
// 2^32 wrap of the ticket one turn may be cut short once.
#ifndef MPIO_POLICY_DM_ROUND_ROBIN_HPP
#define MPIO_POLICY_DM_ROUND_ROBIN_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_round_robin : public path_table<dm_round_robin<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_round_robin;
    static constexpr const char* name = "round-robin";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        const std::uint32_t repeat = repeat_.load();
        if (repeat == 1) return this->eligible(rotor_.next(n)); // the request-based default: no division
        return this->eligible((ticket_.fetch_add(1) / repeat) % n);
    }

    // Control path. 0 is taken as 1 (dm rejects nothing here either: any
    // unsigned is accepted and clamped).
    void set_repeat_count(std::uint32_t n) noexcept { repeat_.store(n == 0 ? 1 : n); }
    [[nodiscard]] std::uint32_t repeat_count() const noexcept { return repeat_.load(); }
    // Control path: moves the ticket and the rotor (tests start them next to
    // the 2^32 wrap).
    void set_turn_counter(std::uint32_t ticket) noexcept
    {
        ticket_.store(ticket);
        rotor_.seek(ticket);
    }

    void refresh() noexcept
    {
        this->publish_min_rank(
            [this](slot_index s) -> std::uint64_t { return this->usable_tier(s) == tier_none ? rank_excluded : 0; });
    }

private:
    cell<std::uint32_t, Concurrency> repeat_{1};
    cell<std::uint32_t, Concurrency> ticket_{};
    rotor<Concurrency> rotor_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_ROUND_ROBIN_HPP
