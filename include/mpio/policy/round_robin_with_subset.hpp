// SPDX-License-Identifier: MIT
// mpio/policy/round_robin_with_subset.hpp - MSDSM "RRWS"
// (DSM_LB_ROUND_ROBIN_WITH_SUBSET = 3), after the Windows-driver-samples
// MSDSM (storage/msdsm/src, commit 26a27df8; read, not compared by a test).
//
// The administrator names a set of primary (active) paths and a set of
// standby paths. Here the standby set is path_attributes::standby
// (set_standby() changes it); standby = false is the sample's DesiredState
// A/O. A path with no registry state (DesiredState undetermined) is a
// standby path for the sample (DsmpSetLBForPathArrival makes it standby
// while another path is active), so it is standby = true here.
//
// I/O rotates over the usable primary paths as RR does (the same
// restart after path events: round_robin.hpp). When no primary path is
// usable the sample promotes ONE standby path, the first in list order
// (DsmpSetLBForPathRemoval -> DsmpFindStandbyPathToActivate, dsmmain.c),
// keeps it while it works, and sends it back to standby as soon as a
// primary path returns (DsmpSetLBForPathArrival ->
// DsmpAllowStandbyPathsToRest). mpio does the same: while only standby
// paths are usable, one of them carries all I/O - the promoted one while it
// stays usable, else the lowest usable slot.
//
// The ALUA tier comes first (the storage's statement about which ports are
// fast is shared by every MSDSM policy): the rank is
//   2 * tier + standby  ->  primary A/O, standby A/O, primary A/N, standby A/N
// and I/O rotates over the primary paths of the best rank, or goes to one
// standby path of the best rank. Without an A/O path the sample falls back
// to one path chosen by DsmpFindStandbyPathToActivateALUA, which can be a
// standby or unavailable one: a departure docs/policies.md explains.
#ifndef MPIO_POLICY_ROUND_ROBIN_WITH_SUBSET_HPP
#define MPIO_POLICY_ROUND_ROBIN_WITH_SUBSET_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class round_robin_with_subset
    : public path_table<round_robin_with_subset<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::round_robin_with_subset;
    static constexpr const char* name = "RRWS";
    static constexpr slot_index no_path = 0xFF;

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        return this->eligible(rotor_.next(n));
    }

    // The standby path promoted because no primary path is usable
    // (no_path when the primary paths carry the I/O). Control-path reading.
    [[nodiscard]] constexpr slot_index promoted_standby() const noexcept { return promoted_; }

    // path_table: a path arrived or left - the rotation restarts at the
    // first eligible path.
    void on_path_event(slot_index, path_change) noexcept { rotor_.seek(0); }

    void refresh() noexcept
    {
        std::uint64_t best = rank_excluded;
        for (std::size_t i = 0; i < Capacity; ++i)
            if (const std::uint64_t r = rank(static_cast<slot_index>(i)); r < best) best = r;
        if (best == rank_excluded || (best & 1u) == 0) {
            promoted_ = no_path; // primary paths (or nothing) carry the I/O
            this->publish_min_rank([this](slot_index s) { return rank(s); });
            return;
        }
        // Only standby paths: one of them, the promoted one while it can.
        if (promoted_ == no_path || rank(promoted_) != best) {
            promoted_ = no_path;
            for (std::size_t i = 0; i < Capacity && promoted_ == no_path; ++i)
                if (rank(static_cast<slot_index>(i)) == best) promoted_ = static_cast<slot_index>(i);
        }
        this->publish_one(promoted_, true);
    }

private:
    constexpr std::uint64_t rank(slot_index s) const noexcept
    {
        const std::uint8_t tier = this->usable_tier(s);
        return tier == tier_none ? rank_excluded : 2u * tier + (this->standby(s) ? 1u : 0u);
    }

    rotor<Concurrency> rotor_;
    slot_index promoted_ = no_path;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_ROUND_ROBIN_WITH_SUBSET_HPP
