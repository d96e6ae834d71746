// SPDX-License-Identifier: MIT
// mpio/policy/dm_path_list.hpp - the order of a Linux dm path selector's
// list of valid paths, kept by the single-thread variants of the four dm
// selectors (dm_round_robin.hpp, dm_queue_length.hpp, dm_service_time.hpp,
// dm_historical_service_time.hpp).
//
// Each drivers/md/dm-ps-*.c keeps its valid paths in a list (`valid_paths`)
// under a spinlock, and which path it chooses depends on that list's order
// (read in torvalds/linux 3bd940030752, dm-ps-round-robin.c,
// dm-ps-queue-length.c, dm-ps-service-time.c; 2555693dd85c,
// dm-ps-historical-service-time.c):
//   - *_add_path appends the new path at the tail;
//   - *_fail_path moves the path to the failed list: the others keep their
//     order;
//   - *_reinstate_path moves it back - to the HEAD in round-robin
//     (rr_reinstate_path: list_move), to the TAIL in queue-length,
//     service-time and historical-service-time (list_move_tail);
//   - *_select_path scans from the head (round-robin takes the head) and
//     moves the chosen path to the tail.
// dm_path_list is that list for up to Capacity slots: a ring of slot indices,
// no heap. Moving the head to the tail is O(1) (round-robin's select); any
// other move, removal or insertion is O(size). Not thread-safe: the
// single-thread variants keep it, the concurrent ones do without (each
// selector's header says how they differ).
//
// sync() brings the list in step with path_table's view after a control
// event (the selector's refresh()): a slot no longer usable leaves the list
// (fail_path, and mpio's other ways to lose a path: remove_path, an ALUA
// state or standby flag that carries no I/O); a slot that became usable
// joins it, at the head when at_head(slot) says so, else at the tail.
#ifndef MPIO_POLICY_DM_PATH_LIST_HPP
#define MPIO_POLICY_DM_PATH_LIST_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <mpio/policy/concurrency.hpp>
#include <mpio/policy/path_selector.hpp>

namespace mpio::policy {

template <std::size_t Capacity>
class dm_path_list {
    static_assert(Capacity >= 1 && Capacity <= 255, "slots are numbered by an 8-bit slot_index");

public:
    [[nodiscard]] constexpr std::uint32_t size() const noexcept { return size_; }
    // The i-th path from the head, i < size().
    [[nodiscard]] constexpr slot_index operator[](std::uint32_t i) const noexcept { return at_[position(i)]; }

    // The chosen path (entry i) goes to the tail (list_move_tail).
    constexpr void move_to_tail(std::uint32_t i) noexcept
    {
        if (i == 0) { // the head: rotate the ring, O(1)
            const slot_index s = at_[position(0)];
            advance_head();
            at_[position(size_ - 1)] = s;
            return;
        }
        const slot_index s = (*this)[i];
        for (std::uint32_t k = i; k + 1 < size_; ++k) at_[position(k)] = at_[position(k + 1)];
        at_[position(size_ - 1)] = s;
    }

    // The first entry in list order whose key is best: a later entry replaces
    // the best so far only when better(its key, best key) holds (the
    // kernel's `if (!best || compare(pi, best) < 0) best = pi`); the scan
    // stops once unbeatable(best key) holds (queue-length's idle path).
    // size() >= 1. Returns the entry's index.
    template <class KeyFn, class Better, class Unbeatable>
    [[nodiscard]] constexpr std::uint32_t find_best(KeyFn key, Better better, Unbeatable unbeatable) const noexcept
    {
        std::uint32_t best = 0;
        auto best_key = key((*this)[0]);
        for (std::uint32_t i = 1; i < size_ && !unbeatable(best_key); ++i) {
            if (auto candidate = key((*this)[i]); better(candidate, best_key)) {
                best = i;
                best_key = candidate;
            }
        }
        return best;
    }

    // See the header comment. O(Capacity + size), control path only.
    template <class UsableFn, class AtHeadFn>
    constexpr void sync(UsableFn usable, AtHeadFn at_head) noexcept
    {
        bool listed[Capacity]{};
        std::uint32_t kept = 0;
        for (std::uint32_t i = 0; i < size_; ++i) {
            const slot_index s = (*this)[i];
            if (!usable(s)) continue; // leaves the list; the others keep their order
            at_[position(kept++)] = s;
            listed[s] = true;
        }
        size_ = static_cast<std::uint8_t>(kept);
        for (std::size_t k = 0; k < Capacity; ++k) {
            const auto s = static_cast<slot_index>(k);
            if (listed[s] || !usable(s)) continue;
            if (at_head(s)) {
                head_ = static_cast<std::uint8_t>(head_ == 0 ? Capacity - 1 : head_ - 1);
                at_[position(0)] = s;
                ++size_;
            } else {
                ++size_;
                at_[position(size_ - 1u)] = s;
            }
        }
    }

private:
    [[nodiscard]] constexpr std::size_t position(std::uint32_t i) const noexcept
    {
        const std::size_t p = std::size_t{head_} + i;
        return p >= Capacity ? p - Capacity : p;
    }
    constexpr void advance_head() noexcept
    {
        head_ = static_cast<std::uint8_t>(std::size_t{head_} + 1 == Capacity ? 0 : head_ + 1);
    }

    slot_index at_[Capacity]{};
    std::uint8_t head_ = 0;
    std::uint8_t size_ = 0;
};

// What a concurrent variant keeps instead: nothing.
struct dm_no_path_list {};

// The list for concurrency model K: dm_path_list when K is not concurrent.
template <std::size_t Capacity, concurrency_model K>
using dm_path_list_for = std::conditional_t<K::is_concurrent, dm_no_path_list, dm_path_list<Capacity>>;

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_PATH_LIST_HPP
