// SPDX-License-Identifier: MIT
// mpio/policy/vmw_fixed.hpp - VMware NMP "VMW_PSP_FIXED" (Fixed).
//
// VMware: the host uses the designated preferred path when it is available;
// when no preferred path is set it uses the first working path discovered at
// boot. When the preferred path becomes unavailable it selects an
// alternative available path, and it reverts to the preferred path as soon
// as that path becomes available again. One path carries all I/O.
//
// The path in use, recomputed on every control event:
//   1. the preferred path (set_preferred / path_attributes::preferred, the
//      lowest slot if several), else the first path ever added, while
//      usable                                               (revert)
//   2. else the path in use, while usable                  (no flapping
//      between alternatives)
//   3. else the usable path in the best ALUA tier (A/O before A/N, as
//      VMW_SATP_ALUA orders them), lowest slot on a tie.
// "Usable" = present, not failed, an ALUA state that carries I/O.
#ifndef MPIO_POLICY_VMW_FIXED_HPP
#define MPIO_POLICY_VMW_FIXED_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class vmw_fixed : public path_table<vmw_fixed<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::vmw_fixed;
    static constexpr const char* name = "VMW_PSP_FIXED";
    static constexpr slot_index no_path = 0xFF;

    [[nodiscard]] result<slot_index> select(const io_request&) noexcept
    {
        if (this->eligible_count() == 0) return failure(errc::no_usable_path);
        return this->eligible(0);
    }

    // The path in use (no_path when none is usable). Control-path reading.
    [[nodiscard]] constexpr slot_index current_path() const noexcept { return current_; }

    void refresh() noexcept
    {
        if (first_ == no_path || !this->present(first_)) { // "first working path discovered"
            first_ = no_path;
            for (std::size_t i = 0; i < Capacity && first_ == no_path; ++i)
                if (this->present(static_cast<slot_index>(i))) first_ = static_cast<slot_index>(i);
        }
        slot_index preferred = first_, best = no_path;
        for (std::size_t i = Capacity; i-- > 0;) { // downwards: the lowest slot wins
            const auto s = static_cast<slot_index>(i);
            if (this->preferred(s)) preferred = s;
            if (usable(s) && (best == no_path || this->usable_tier(s) <= this->usable_tier(best))) best = s;
        }
        if (preferred != no_path && usable(preferred))
            current_ = preferred; // 1.
        else if (current_ == no_path || !usable(current_))
            current_ = best; // 2. or 3.
        this->publish_one(current_, current_ != no_path);
    }

private:
    constexpr bool usable(slot_index s) const noexcept { return this->usable_tier(s) != tier_none; }

    slot_index first_ = no_path;
    slot_index current_ = no_path;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_VMW_FIXED_HPP
