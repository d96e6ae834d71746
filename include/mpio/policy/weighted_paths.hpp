// SPDX-License-Identifier: MIT
// mpio/policy/weighted_paths.hpp - MSDSM "WP" Weighted Paths
// (DSM_LB_WEIGHTED_PATHS = 5), after the Windows-driver-samples MSDSM
// (storage/msdsm/src, commit 26a27df8; read, not compared by a test).
//
// Every path has a weight, "a large number means that the path priority is
// low"; I/O goes to the usable path with the least weight, and when it fails
// to the next lowest. The sample chooses it on path events
// (DsmpGetActivePathToBeUsed, dsmmain.c), among the A/O paths; mpio does
// the same on every control event, so select() is O(1), as RR's. Weights
// are the full 32-bit range: 0 is the highest priority and UINT32_MAX the
// lowest. The ALUA tier comes first (rank = tier:weight).
//
// Where mpio departs from the sample (docs/policies.md says why):
//   - weight UINT32_MAX: the sample compares `PathWeight < (ULONG)-1`, so a
//     path of that weight is never chosen, even alone (a sample bug); mpio
//     uses it when nothing better is usable.
//   - no usable A/O path: the sample ignores the weights and takes the one
//     path DsmpFindStandbyPathToActivateALUA picks; mpio applies the weights
//     over the usable active/non-optimized paths (the ALUA rule).
//   - ties: the sample's strict `<` keeps the first path of the lowest
//     weight in list order; mpio rotates the I/O over all of them, so one of
//     two equal paths does not sit idle.
#ifndef MPIO_POLICY_WEIGHTED_PATHS_HPP
#define MPIO_POLICY_WEIGHTED_PATHS_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class weighted_paths : public path_table<weighted_paths<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::weighted_paths;
    static constexpr const char* name = "WP";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        return this->eligible(rotor_.next(n));
    }

    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : (std::uint64_t{tier} << 32) | this->weight(s);
        });
    }

private:
    rotor<Concurrency> rotor_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_WEIGHTED_PATHS_HPP
