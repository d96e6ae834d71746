// SPDX-License-Identifier: MIT
// mpio/policy/round_robin_with_subset.hpp - MSDSM "RRWS"
// (DSM_LB_ROUND_ROBIN_WITH_SUBSET = 3).
//
// MSDSM: the administrator names a set of primary (active) paths and a set of
// standby paths; I/O rotates over the primary paths while at least one of them
// is available, standby paths are used only when every primary path has
// failed, and the DSM stops using them as soon as a primary path returns.
//
// Here the standby set is path_attributes::standby (set_standby() changes
// it). The ALUA tier still comes first (the storage's statement about which
// ports are fast is shared by every MSDSM policy): the rank is
//   2 * tier + standby  ->  primary A/O, standby A/O, primary A/N, standby A/N
// and I/O rotates over the paths of the smallest rank, exactly as RR does.
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
            return tier == tier_none ? rank_excluded : 2u * tier + (this->standby(s) ? 1u : 0u);
        });
    }

private:
    rotor<Concurrency> rotor_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_ROUND_ROBIN_WITH_SUBSET_HPP
