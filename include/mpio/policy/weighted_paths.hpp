// SPDX-License-Identifier: MIT
// mpio/policy/weighted_paths.hpp - MSDSM "WP" Weighted Paths
// (DSM_LB_WEIGHTED_PATHS = 5).
//
// MSDSM: every path has a weight, "a large number means that the path
// priority is low"; I/O goes to the available path with the least weight, and
// when it fails to the next lowest. Weights are the full 32-bit range: 0 is
// the highest priority and UINT32_MAX the lowest, still used when nothing
// better is available. The ALUA tier comes first (rank = tier:weight), so a
// heavy A/O path beats a light A/N one. Paths of equal lowest weight share
// the I/O round robin (MSDSM does not document the tie; rotating keeps one of
// two equal paths from sitting idle). The choice is made on the control path,
// so select() is O(1), as RR's.
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
