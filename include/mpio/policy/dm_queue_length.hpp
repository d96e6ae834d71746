// SPDX-License-Identifier: MIT
// mpio/policy/dm_queue_length.hpp - Linux dm-multipath "queue-length"
// (drivers/md/dm-ps-queue-length.c).
//
// dm-ps-queue-length.c counts the I/Os in flight per path (qlen: +1 in
// start_io, -1 in end_io) and select_path picks the valid path with the
// smallest count, stopping early at an idle one; the chosen path is moved to
// the tail of the list, so paths with equal counts take turns. Here the turn
// is a rotating scan start (rotor::hint): the same effect without a list
// under a spinlock. Its repeat_count argument is forced to 1 as in
// dm-ps-round-robin.c, so there is none here.
//
// As every dm selector it sees one priority group: all usable paths
// (present, not failed, an ALUA state that carries I/O) compete, with no
// ALUA tier preference (MSDSM's LQD, least_queue_depth.hpp, is the tiered
// relative). NVMe's native multipath "queue-depth" iopolicy is the same
// rule (nvme_queue_depth_path: fewest nr_active, break at 0). O(paths).
#ifndef MPIO_POLICY_DM_QUEUE_LENGTH_HPP
#define MPIO_POLICY_DM_QUEUE_LENGTH_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_queue_length : public path_table<dm_queue_length<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_queue_length;
    static constexpr const char* name = "queue-length";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
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
    }

private:
    rotor<Concurrency> ties_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_QUEUE_LENGTH_HPP
