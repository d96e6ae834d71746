// SPDX-License-Identifier: MIT
// mpio/policy/least_queue_depth.hpp - MSDSM "LQD" Dynamic Least Queue Depth
// (DSM_LB_DYN_LEAST_QUEUE_DEPTH = 4).
//
// MSDSM: I/O goes down the path with the fewest outstanding requests. Over
// the ALUA tier rule: the usable active/optimized paths, or the
// active/non-optimized ones when no A/O path is usable. (Linux's
// dm-ps-queue-length.c is the same idea over a priority group.)
//
// Ties are broken by a rotating start (rotor::hint), so equally idle paths
// share a synchronous workload instead of the first one taking it all
// (dm-ps-queue-length rotates its list for the same reason). O(paths).
#ifndef MPIO_POLICY_LEAST_QUEUE_DEPTH_HPP
#define MPIO_POLICY_LEAST_QUEUE_DEPTH_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class least_queue_depth : public path_table<least_queue_depth<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::least_queue_depth;
    static constexpr const char* name = "LQD";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        // The fewest requests in flight; ties rotate; an idle path ends the scan.
        return this->select_min(
            n, ties_.hint(n), [this](slot_index s) { return this->requests_in_flight(s); }, smaller_key_wins{},
            zero_is_unbeatable{});
    }
    void start(slot_index s, const io_request&) noexcept { this->count_request_start(s); }
    void complete(slot_index s, const io_request&, tick, io_status) noexcept { this->count_request_complete(s); }

    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
    }

private:
    rotor<Concurrency> ties_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_LEAST_QUEUE_DEPTH_HPP
