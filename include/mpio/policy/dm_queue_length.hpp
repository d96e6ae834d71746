// SPDX-License-Identifier: MIT
// mpio/policy/dm_queue_length.hpp - Linux dm-multipath "queue-length"
// (drivers/md/dm-ps-queue-length.c).
//
// dm-ps-queue-length.c counts the I/Os in flight per path (qlen: +1 in
// ql_start_io, -1 in ql_end_io) and ql_select_path scans its list of valid
// paths from the head for the smallest count, stopping at the first idle
// one; the chosen path is moved to the tail, so among equal counts the least
// recently used path wins. ql_fail_path takes a path out of the list,
// ql_reinstate_path and ql_add_path append it at the tail (list_move_tail,
// list_add_tail). Its repeat_count argument is forced to 1 as in
// dm-ps-round-robin.c, so there is none here.
//
// Single-thread variant (is_concurrent false): dm_path_list.hpp keeps that
// list, scanned and rotated as the kernel does, so the choice for every I/O is
// the kernel's, after the kernel's source (torvalds/linux 3bd940030752,
// drivers/md/dm-ps-queue-length.c), as tests/policy/dm_queue_length_test.cpp
// encodes it (and dm_kernel_order_test.cpp over scripted sequences, where the
// choices are also the same as those of the kernel's own files compiled from
// linux-source 6.1.192 when that package is installed). A path that comes back
// from mpio's other non-usable states (an ALUA state or standby flag that
// carries no I/O) joins at the tail like a reinstated one.
//
// Concurrent variant: no list (moving the chosen path to the tail needs the
// kernel's spinlock). It scans path_table's published list (slot order)
// from a rotating start (rotor::hint: the start advances by one per select,
// whichever path was chosen), so equal counts take turns but not in least
// recently used order: 2 paths, p0 and p1 chosen and started, p1 completes,
// p1 chosen and started, then with both at 1 in flight the kernel chooses
// p0 (used less recently) and this variant p1 (the scan starts at entry 1).
// The smallest count always wins in both; only the tie-break differs.
//
// As every dm selector it sees one priority group: all usable paths
// (present, not failed, an ALUA state that carries I/O) compete, with no
// ALUA tier preference (MSDSM's LQD, least_queue_depth.hpp, is the tiered
// relative). NVMe's native multipath "queue-depth" iopolicy is the same
// rule (nvme_queue_depth_path: fewest nr_active, break at 0). O(paths).
#ifndef MPIO_POLICY_DM_QUEUE_LENGTH_HPP
#define MPIO_POLICY_DM_QUEUE_LENGTH_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/dm_path_list.hpp>
#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_queue_length : public path_table<dm_queue_length<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_queue_length;
    static constexpr const char* name = "queue-length";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        if constexpr (!Concurrency::is_concurrent) {
            // ql_select_path(): the first shortest queue from the head, an idle
            // path ends the scan; the chosen path goes to the tail.
            if (order_.size() == 0) return failure(errc::no_usable_path);
            const std::uint32_t i = order_.find_best([this](slot_index s) { return this->requests_in_flight(s); },
                                                     smaller_key_wins{}, zero_is_unbeatable{});
            const slot_index s = order_[i];
            order_.move_to_tail(i);
            return s;
        }
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        // ql_select_path(): the shortest queue; ties rotate; an idle path ends the scan.
        return this->select_min(
            n, ties_.hint(n), [this](slot_index s) { return this->requests_in_flight(s); }, smaller_key_wins{},
            zero_is_unbeatable{});
    }
    void start(slot_index s, const io_request&) noexcept { this->count_request_start(s); }
    void complete(slot_index s, const io_request&, tick, io_status) noexcept { this->count_request_complete(s); }

    void refresh() noexcept
    {
        this->publish_min_rank(
            [this](slot_index s) -> std::uint64_t { return this->usable_tier(s) == tier_none ? rank_excluded : 0; });
        if constexpr (!Concurrency::is_concurrent)
            order_.sync([this](slot_index s) { return this->usable_tier(s) != tier_none; },
                        [](slot_index) { return false; }); // reinstated and added: the tail
    }

private:
    rotor<Concurrency> ties_; // the concurrent variant's rotating scan start
    [[no_unique_address]] dm_path_list_for<Capacity, Concurrency> order_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_QUEUE_LENGTH_HPP
