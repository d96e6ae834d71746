// SPDX-License-Identifier: MIT
// mpio/policy/round_robin.hpp - MSDSM "RR" (DSM_LB_ROUND_ROBIN = 2), after
// the Windows-driver-samples MSDSM (storage/msdsm/src, commit 26a27df8;
// read, not compared by a test).
//
// Rotate over the usable active/optimized paths; when none is usable, over
// the usable active/non-optimized ones (the ALUA rule, docs/policies.md).
// The administrator's standby flag is not an RR notion (RRWS:
// round_robin_with_subset.hpp). The sample turns RR into RRWS on ALUA
// storage (DsmpSetLBForDsmPolicyAdjustment, dsmmain.c); on symmetric
// storage the two give the same sequence here, and on ALUA storage RRWS
// without standby paths gives RR's.
//
// The sample's rotation (DsmpGetPath, dsmmain.c): PathToBeUsed names the
// next path; each I/O takes it and moves it to the next A/O path in list
// order. Every path arrival, removal or failure resets it to the first A/O
// path in list order (DsmpGetActivePathToBeUsed -> DsmpGetAnyActivePath),
// so the rotation restarts there. mpio does the same with slot order as
// list order: select() is one rotor step over the published list (O(1),
// one atomic fetch_add in the concurrent variant), and add_path,
// remove_path, fail_path and reinstate_path move the rotor back to the
// first entry. The other control events (ALUA state, weight, preferred,
// standby) keep the rotor's position modulo the new count; the sample then
// continues with the next path, or, when that path is no longer A/O, jumps
// to the last A/O path after it in list order (its `reset` flag is never
// cleared) - a difference docs/policies.md lists. In the concurrent
// variant an I/O that overlaps a path event may start one entry later.
#ifndef MPIO_POLICY_ROUND_ROBIN_HPP
#define MPIO_POLICY_ROUND_ROBIN_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class round_robin : public path_table<round_robin<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::round_robin;
    static constexpr const char* name = "RR";

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        return this->eligible(rotor_.next(n));
    }

    // Control path: moves the rotor (after months of uptime it is anywhere;
    // tests start it next to the 2^32 wrap). single_thread restarts at the
    // first path when the position is past the list.
    void set_turn_counter(std::uint32_t position) noexcept { rotor_.seek(position); }

    // path_table: a path arrived or left - the rotation restarts at the
    // first eligible path.
    void on_path_event(slot_index, path_change) noexcept { rotor_.seek(0); }

    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
    }

private:
    rotor<Concurrency> rotor_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_ROUND_ROBIN_HPP
