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
// Single-thread variant (any concurrency model whose is_concurrent is
// false), repeat_count 1: dm_path_list.hpp keeps the kernel's list. select()
// takes the head and moves it to the tail (rr_select_path); a failed path
// leaves the list and the rotation goes on with the next path in list order
// (rr_fail_path); a reinstated path goes to the head, so it is chosen next
// (rr_reinstate_path: list_move, not list_move_tail); add_path appends
// (rr_add_path: list_add_tail). A path that comes back from mpio's other
// non-usable states (an ALUA state or the standby flag that carries no I/O,
// which dm-mpath itself does not have) rejoins like a reinstated one. The
// choice for every I/O is the kernel's, after the kernel's source
// (torvalds/linux 3bd940030752, drivers/md/dm-ps-round-robin.c), as
// tests/policy/dm_round_robin_test.cpp encodes it. O(1) per select.
//
// Concurrent variant: one fetch_add, no list and no lock. The usable paths
// are dealt in slot order (path_table's published list), turn i going to
// entry i mod the usable count. Without control events that is the
// kernel's rotation for paths added in slot order; across one it is not:
//   - after a fail, the next turn goes to entry (ticket mod the new count),
//     not necessarily to the path after the failed one (3 paths, p0 chosen,
//     p0 failed: the kernel's next is p1, this variant's p2);
//   - a reinstated path takes its slot-order place, not the head: it is not
//     necessarily chosen next;
//   - at the 2^32 wrap of the ticket one turn may be cut short once.
// Each path still gets one turn per round between events.
//
// repeat_count n > 1 (not the request-based kernel's behaviour, so nothing to
// compare with): both variants deal turns of n I/Os by ticket, turn
// ticket / n going to entry (ticket / n) mod the usable count in slot order;
// at the 2^32 wrap one turn may be cut short once.
#ifndef MPIO_POLICY_DM_ROUND_ROBIN_HPP
#define MPIO_POLICY_DM_ROUND_ROBIN_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/dm_path_list.hpp>
#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_round_robin : public path_table<dm_round_robin<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_round_robin;
    static constexpr const char* name = "round-robin";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        const std::uint32_t repeat = repeat_.load();
        if constexpr (!Concurrency::is_concurrent) {
            if (repeat == 1) { // rr_select_path(): the head, moved to the tail
                if (order_.size() == 0) return failure(errc::no_usable_path);
                const slot_index s = order_[0];
                order_.move_to_tail(0);
                return s;
            }
        }
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        if (repeat == 1) return this->eligible(rotor_.next(n)); // the request-based default: no division
        return this->eligible((ticket_.fetch_add(1) / repeat) % n);
    }

    // Control path. 0 is taken as 1 (dm rejects nothing here either: any
    // unsigned is accepted and clamped).
    void set_repeat_count(std::uint32_t n) noexcept { repeat_.store(n == 0 ? 1 : n); }
    [[nodiscard]] std::uint32_t repeat_count() const noexcept { return repeat_.load(); }
    // Control path: moves the ticket and the rotor (tests start them next to
    // the 2^32 wrap). The single-thread variant with repeat_count 1 has no
    // counter (its list is its state): there only the ticket moves.
    void set_turn_counter(std::uint32_t ticket) noexcept
    {
        ticket_.store(ticket);
        rotor_.seek(ticket);
    }

    // path_table's add_path() hook: the next refresh() appends this slot
    // (rr_add_path) instead of putting it at the head.
    void on_add(slot_index s) noexcept
    {
        if constexpr (!Concurrency::is_concurrent) adding_ = s;
    }

    void refresh() noexcept
    {
        this->publish_min_rank(
            [this](slot_index s) -> std::uint64_t { return this->usable_tier(s) == tier_none ? rank_excluded : 0; });
        if constexpr (!Concurrency::is_concurrent) {
            order_.sync([this](slot_index s) { return this->usable_tier(s) != tier_none; },
                        [this](slot_index s) { return s != adding_; });
            adding_ = no_slot;
        }
    }

private:
    static constexpr slot_index no_slot = 0xFF; // never a slot: Capacity <= 255
    cell<std::uint32_t, Concurrency> repeat_{1};
    cell<std::uint32_t, Concurrency> ticket_{};
    slot_index adding_ = no_slot; // before the rotor: in the concurrent variant's padding
    rotor<Concurrency> rotor_;
    [[no_unique_address]] dm_path_list_for<Capacity, Concurrency> order_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_ROUND_ROBIN_HPP
