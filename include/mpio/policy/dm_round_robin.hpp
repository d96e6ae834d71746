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
// Single-thread variant (any concurrency model whose is_concurrent is false),
// repeat_count 1: dm_path_list.hpp keeps the kernel's list. select() takes the
// head and moves it to the tail (rr_select_path); a failed path leaves the
// list and the rotation goes on with the next path in list order
// (rr_fail_path); a reinstated path goes to the head, so it is chosen next
// (rr_reinstate_path: list_move, not list_move_tail); add_path appends
// (rr_add_path: list_add_tail). A path that comes back from mpio's other non-
// usable states (an ALUA state or the standby flag that carries no I/O, which
// dm-mpath itself does not have) rejoins like a reinstated one. The choice for
// every I/O is the kernel's, after the kernel's source (torvalds/linux
// 3bd940030752, drivers/md/dm-ps-round-robin.c), as
// tests/policy/dm_round_robin_test.cpp encodes it (and
// dm_kernel_order_test.cpp over scripted sequences, where the choices are also
// the same as those of the kernel's own files compiled from linux-source
// 6.1.192 when that package is installed). O(1) per select.
//
// Concurrent variant, repeat_count 1: the same list, but no lock on the I/O
// path. Control events (serialized by the caller, path_table.hpp) republish
// the kernel's list in cells, rotated so that its current head is entry 0,
// and reset a turn counter; select() is one fetch_add: turn t goes to entry
// t mod the count. Between events that is the kernel's rotation, and the
// events move paths as the kernel does (the tests give it the same cases as
// the single-thread variant). Where it differs:
//   - a select() that overlaps a control event uses the list before or after
//     it, and the turn counter the event resets may be read by racing
//     selects before or after the reset: around the event one path may get
//     a turn twice or lose one (never a path that was not usable before or
//     after the event);
//   - at the 2^32 wrap of the turn counter (2^32 selects without a control
//     event) one turn goes to the wrong path once unless the count divides
//     2^32 (3 paths, turn 2^32 - 1 on entry 0, then turn 0 on entry 0
//     again).
//
// repeat_count n > 1 (not the request-based kernel's behaviour, so nothing to
// compare with): both variants deal turns of n I/Os by ticket, turn
// ticket / n going to entry (ticket / n) mod the usable count in slot order;
// at the 2^32 wrap one turn may be cut short once.
#ifndef MPIO_POLICY_DM_ROUND_ROBIN_HPP
#define MPIO_POLICY_DM_ROUND_ROBIN_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <mpio/policy/dm_path_list.hpp>
#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

namespace detail {
// The concurrent variant's published copy of the kernel's list (see above).
template <std::size_t Capacity, concurrency_model K>
struct dm_rr_published_list {
    alignas(K::line) cell<std::uint32_t, K> turn{}; // written by every select
    alignas(K::line) cell<std::uint32_t, K> count{};
    cell<slot_index, K> at[Capacity]{};
};
struct dm_rr_no_published_list {};
} // namespace detail

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_round_robin : public path_table<dm_round_robin<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_round_robin;
    static constexpr const char* name = "round-robin";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        const std::uint32_t repeat = repeat_.load();
        if (repeat == 1) { // rr_select_path(): the head, moved to the tail
            if constexpr (Concurrency::is_concurrent) {
                const std::uint32_t n = published_.count.load_acquire();
                if (n == 0) return failure(errc::no_usable_path);
                return published_.at[published_.turn.fetch_add(1) % n].load();
            } else {
                if (order_.size() == 0) return failure(errc::no_usable_path);
                const slot_index s = order_[0];
                order_.move_to_tail(0);
                return s;
            }
        }
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        return this->eligible((ticket_.fetch_add(1) / repeat) % n);
    }

    // Control path. 0 is taken as 1 (dm rejects nothing here either: any
    // unsigned is accepted and clamped).
    void set_repeat_count(std::uint32_t n) noexcept { repeat_.store(n == 0 ? 1 : n); }
    [[nodiscard]] std::uint32_t repeat_count() const noexcept { return repeat_.load(); }
    // Control path: moves the repeat_count ticket and the concurrent
    // variant's turn counter (tests start them next to the 2^32 wrap). The
    // single-thread variant's list has no counter.
    void set_turn_counter(std::uint32_t ticket) noexcept
    {
        ticket_.store(ticket);
        if constexpr (Concurrency::is_concurrent) published_.turn.store(ticket);
    }

    // path_table's add_path() hook: the next refresh() appends this slot
    // (rr_add_path) instead of putting it at the head.
    void on_add(slot_index s) noexcept { adding_ = s; }

    void refresh() noexcept
    {
        this->publish_min_rank(
            [this](slot_index s) -> std::uint64_t { return this->usable_tier(s) == tier_none ? rank_excluded : 0; });
        if constexpr (Concurrency::is_concurrent)
            republish();
        else
            order_.sync([this](slot_index s) { return this->usable_tier(s) != tier_none; },
                        [this](slot_index s) { return s != adding_; });
        adding_ = no_slot;
    }

private:
    static constexpr slot_index no_slot = 0xFF; // never a slot: Capacity <= 255
    cell<std::uint32_t, Concurrency> repeat_{1};
    cell<std::uint32_t, Concurrency> ticket_{};
    slot_index adding_ = no_slot;
    [[no_unique_address]] dm_path_list_for<Capacity, Concurrency> order_;
    [[no_unique_address]] std::conditional_t<Concurrency::is_concurrent,
                                             detail::dm_rr_published_list<Capacity, Concurrency>,
                                             detail::dm_rr_no_published_list>
        published_;

    // The concurrent variant's control path: the kernel's list now (the
    // published one rotated to the current head), less the paths no longer
    // usable, plus the new ones - reinstated at the head, added at the tail;
    // published entries first, then the count, then the turn reset.
    void republish() noexcept
    {
        const std::uint32_t old_count = published_.count.load();
        const std::uint32_t head = old_count == 0 ? 0 : published_.turn.load() % old_count;
        slot_index next[Capacity]{};
        bool listed[Capacity]{};
        std::uint32_t n = 0;
        for (std::uint32_t k = 0; k < old_count; ++k) {
            const std::uint32_t i = head + k < old_count ? head + k : head + k - old_count;
            const slot_index s = published_.at[i].load();
            if (listed[s] || this->usable_tier(s) == tier_none) continue;
            listed[s] = true;
            next[n++] = s;
        }
        for (std::size_t k = 0; k < Capacity; ++k) {
            const auto s = static_cast<slot_index>(k);
            if (listed[s] || this->usable_tier(s) == tier_none) continue;
            listed[s] = true;
            if (s != adding_)
                for (std::uint32_t j = n; j > 0; --j) next[j] = next[j - 1]; // reinstated: the head
            next[s != adding_ ? 0 : n] = s;
            ++n;
        }
        for (std::uint32_t i = 0; i < n; ++i) published_.at[i].store(next[i]);
        published_.count.store_release(n);
        published_.turn.store(0);
    }
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_ROUND_ROBIN_HPP
