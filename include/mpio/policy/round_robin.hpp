// SPDX-License-Identifier: MIT
// mpio/policy/round_robin.hpp - MSDSM "RR" (DSM_LB_ROUND_ROBIN = 2).
//
// MSDSM: "uses all available paths in a balanced round-robin fashion". On
// ALUA storage MSDSM switches RR to RRWS with the active/optimized paths as
// the subset and the active/non-optimized ones as standby; that is exactly
// the ALUA tier rule, so this selector is: rotate over the usable
// active/optimized paths; when none is usable, over the usable
// active/non-optimized ones. The administrator's standby flag is not an RR
// notion (setting one is what turns MSDSM's RR into RRWS:
// round_robin_with_subset.hpp).
//
// select() is one rotor step over the published list: O(1), one atomic
// fetch_add in the concurrent variant. The sequence is exact: with eligible
// slots {a, b, c} it is a b c a b c ...; when the list changes the rotor keeps
// its position (modulo the new count).
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
