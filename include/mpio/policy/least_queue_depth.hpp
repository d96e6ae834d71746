// SPDX-License-Identifier: MIT
// mpio/policy/least_queue_depth.hpp - MSDSM "LQD" Dynamic Least Queue Depth
// (DSM_LB_DYN_LEAST_QUEUE_DEPTH = 4), after the Windows-driver-samples MSDSM
// (storage/msdsm/src, commit 26a27df8; read, not compared by a test).
//
// I/O goes down the A/O path with the fewest requests in flight (the
// sample's DsmpGetPath, dsmmain.c: NumberOfRequestsInFlight of each A/O
// path). (Linux's dm-ps-queue-length.c is the same idea over a priority
// group.)
//
// Where mpio departs from the sample (docs/policies.md says why):
//   - ties: the sample's strict `<` keeps the first such path in list
//     order; mpio starts the scan at a rotating position (rotor::hint), so
//     equally idle paths share a synchronous workload instead of the first
//     one taking it all (dm-ps-queue-length rotates its list for the same
//     reason). O(paths).
//   - no usable A/O path: the sample keeps sending every I/O to
//     PathToBeUsed, one path fixed at the last path arrival or removal (an
//     ALUA state change does not update it for LQD, so it can be a path that
//     has since turned standby); mpio applies the ALUA rule and balances
//     over the usable active/non-optimized paths.
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
