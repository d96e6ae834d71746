// SPDX-License-Identifier: MIT
// mpio/policy/fail_over_only.hpp - MSDSM "FOO" Fail Over Only
// (DSM_LB_FAILOVER = 1).
//
// MSDSM: no load balancing. One active path carries all I/O, the others are
// standby. When the active path fails a standby path is promoted; when a
// failed path returns, the DSM fails back to it only if it is the preferred
// path (automatic failback needs a preferred path; without one the I/O stays
// where it is).
//
// The active path, recomputed on every control event:
//   1. the preferred path, when one is set and usable        (failback)
//   2. else the current active path, while it is usable      (no flapping)
//   3. else the best remaining path by ALUA state:
//        active/optimized < active/non-optimized < standby < unavailable,
//      the administrator's standby flag last, the lowest slot on a tie.
// "Usable" is the ALUA rule: present, not failed, A/O or A/N. When the best
// path is ALUA standby or unavailable it still becomes the active path
// (active_path() names it, so the caller can make it active with SET TARGET
// PORT GROUPS, as MSDSM does on explicit-ALUA storage), but select() returns
// errc::no_usable_path until its ALUA state carries I/O.
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
        if (!failback && active_ != no_path && usable(active_)) pick = active_; // 2. stay
        active_ = pick;                                                         // 1., 2. or 3.
        this->publish_one(pick, pick != no_path && usable(pick));
    }

private:
    static constexpr std::uint32_t promotion_rank_none = ~std::uint32_t{0};

    constexpr bool usable(slot_index s) const noexcept { return this->usable_tier(s) != tier_none; }
    // A/O 0 < A/N 2 < standby 4 < unavailable 6, +1 for the administrator's
    // standby flag; paths that are absent, failed, offline or transitioning
    // are never promoted.
    constexpr std::uint32_t promotion_rank(slot_index s) const noexcept
    {
        if (!this->present(s) || this->failed(s)) return promotion_rank_none;
        std::uint32_t r = 0;
        switch (this->alua_state(s)) {
        case scsi::asymmetric_access_state::active_optimized: r = 0; break;
        case scsi::asymmetric_access_state::active_non_optimized:
        case scsi::asymmetric_access_state::logical_block_dependent: r = 2; break;
        case scsi::asymmetric_access_state::standby: r = 4; break;
        case scsi::asymmetric_access_state::unavailable: r = 6; break;
        default: return promotion_rank_none;
        }
        return r + (this->standby(s) ? 1u : 0u);
    }

    slot_index active_ = no_path;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_FAIL_OVER_ONLY_HPP
