// SPDX-License-Identifier: MIT
// mpio/policy/fail_over_only.hpp - MSDSM "FOO" Fail Over Only
// (DSM_LB_FAILOVER = 1), after the Windows-driver-samples MSDSM
// (storage/msdsm/src, commit 26a27df8; read, not compared by a test).
//
// One active path carries all I/O; the others are standby. The sample's rules
// (dsmmain.c), with path_attributes::standby = false standing for its
// DesiredState A/O and true for DesiredState standby:
//   - path arrival (DsmpSetLBForPathArrival): the preferred path becomes
//     the active path; a path that is not a standby path becomes the active
//     path unless the active path is the preferred one (so FOO fails back to
//     a returning primary path, preferred path or not); a standby path
//     becomes active only when there is no active path;
//   - removal/failure of the active path (DsmpSetLBForPathRemoval ->
//     DsmpFindStandbyPathToActivate): the first remaining path in list order
//     is promoted, whatever its standby flag (the sample prefers one behind
//     a target port group with the PREF bit; path_attributes has no such
//     bit).
// Here "arrival" is add_path() or reinstate_path() (path_table's
// on_path_event), and list order is slot order (the sample's DeviceList
// order, the order its paths arrived in).
//
// The active path, recomputed on every control event:
//   1. the preferred path, when one is set and usable        (failback)
//   2. a path that just arrived, is not a standby path, is usable, and is
//      in an ALUA tier at least as good as the active path's, when the
//      active path is not the preferred path                 (failback)
//   3. else the current active path, while it is usable      (no flapping)
//   4. else the first path by ALUA state, the lowest slot on a tie:
//        active/optimized < active/non-optimized < standby < unavailable.
// "Usable" is the ALUA rule: present, not failed, A/O or A/N. When the best
// path is ALUA standby or unavailable it still becomes the active path
// (active_path() names it, so the caller can make it active with SET TARGET
// PORT GROUPS, as MSDSM does on explicit-ALUA storage), but select() returns
// errc::no_usable_path until its ALUA state carries I/O.
//
// Departures on ALUA storage (docs/policies.md, "Where mpio departs from the
// MSDSM sample", says why): with no A/O path the sample's
// DsmpFindStandbyPathToActivateALUA ranks states through
// DsmpIsBetterDeviceState (msdsm.h), whose missing parentheses make any
// unavailable path better than an A/N one; mpio keeps rule 4's order. The
// sample's DsmpAdjustDeviceStatesALUA (utils.c) tests "the active path is
// not the preferred path" where it means "is", so there a new A/O path
// displaces the preferred path and a returning primary path does not take
// over from a non-preferred one; mpio applies rules 1-2 on every storage.
// mpio sends no SET TARGET PORT GROUPS itself: a returning primary path
// takes over only when its ALUA tier is already as good (rule 2).
#ifndef MPIO_POLICY_FAIL_OVER_ONLY_HPP
#define MPIO_POLICY_FAIL_OVER_ONLY_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class fail_over_only : public path_table<fail_over_only<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::fail_over_only;
    static constexpr const char* name = "FOO";
    static constexpr slot_index no_path = 0xFF;

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        if (this->eligible_count() == 0) return failure(errc::no_usable_path);
        return this->eligible(0);
    }

    // The path FOO designates as active (no_path when none is present and
    // not failed). Control-path reading.
    [[nodiscard]] constexpr slot_index active_path() const noexcept { return active_; }

    // path_table: a path arrived (add_path, reinstate_path) - rule 2.
    constexpr void on_path_event(slot_index s, path_change e) noexcept
    {
        arrived_ = (e == path_change::added || e == path_change::reinstated) ? s : no_path;
    }

    void refresh() noexcept
    {
        slot_index pick = no_path;
        bool failback = false;
        std::uint32_t best = promotion_rank_none;
        for (std::size_t i = 0; i < Capacity && !failback; ++i) {
            const auto s = static_cast<slot_index>(i);
            if (this->preferred(s) && usable(s)) {
                pick = s; // 1. failback to the preferred path
                failback = true;
            } else if (const std::uint32_t r = promotion_rank(s); r < best) {
                best = r;
                pick = s;
            }
        }
        const bool active_usable = active_ != no_path && usable(active_);
        const slot_index a = arrived_;
        arrived_ = no_path;
        if (!failback && a != no_path && usable(a) && !this->standby(a) &&
            !(active_usable && this->preferred(active_)) &&
            (!active_usable || this->usable_tier(a) <= this->usable_tier(active_))) {
            pick = a; // 2. failback to a returning primary path
        } else if (!failback && active_usable) {
            pick = active_; // 3. stay
        }
        active_ = pick; // 1., 2., 3. or 4.
        this->publish_one(pick, pick != no_path && usable(pick));
    }

private:
    static constexpr std::uint32_t promotion_rank_none = ~std::uint32_t{0};

    constexpr bool usable(slot_index s) const noexcept { return this->usable_tier(s) != tier_none; }
    // A/O 0 < A/N 1 < standby 2 < unavailable 3; paths that are absent,
    // failed, offline or transitioning are never promoted. The
    // administrator's standby flag plays no part (DsmpFindStandbyPathToActivate).
    constexpr std::uint32_t promotion_rank(slot_index s) const noexcept
    {
        if (!this->present(s) || this->failed(s)) return promotion_rank_none;
        switch (this->alua_state(s)) {
        case scsi::asymmetric_access_state::active_optimized: return 0;
        case scsi::asymmetric_access_state::active_non_optimized:
        case scsi::asymmetric_access_state::logical_block_dependent: return 1;
        case scsi::asymmetric_access_state::standby: return 2;
        case scsi::asymmetric_access_state::unavailable: return 3;
        default: return promotion_rank_none;
        }
    }

    slot_index active_ = no_path;
    slot_index arrived_ = no_path; // set by on_path_event, consumed by the refresh() that follows
};

} // namespace mpio::policy

#endif // MPIO_POLICY_FAIL_OVER_ONLY_HPP
