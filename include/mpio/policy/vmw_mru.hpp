// SPDX-License-Identifier: MIT
// mpio/policy/vmw_mru.hpp - VMware NMP "VMW_PSP_MRU" (Most Recently Used).
//
// VMware: the host selects the path it used most recently. When that path
// becomes unavailable it selects an alternative path, and it does NOT revert
// to the original path when that path becomes available again (the
// default for active/passive arrays, where failing back would move the LUN
// between controllers). There is no preferred path. One path carries all
// I/O.
//
// The path in use, recomputed on every control event:
//   1. the path in use, while usable                        (never revert)
//   2. else the usable path in the best ALUA tier (A/O before A/N: MRU is
//      ALUA-aware under VMW_SATP_ALUA), lowest slot on a tie.
// "Usable" = present, not failed, an ALUA state that carries I/O.
#ifndef MPIO_POLICY_VMW_MRU_HPP
#define MPIO_POLICY_VMW_MRU_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class vmw_mru : public path_table<vmw_mru<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::vmw_mru;
    static constexpr const char* name = "VMW_PSP_MRU";
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
        if (current_ != no_path && this->usable_tier(current_) != tier_none) { // 1.
            this->publish_one(current_, true);
            return;
        }
        current_ = no_path; // 2.
        for (std::size_t i = Capacity; i-- > 0;) {
            const auto s = static_cast<slot_index>(i);
            const std::uint8_t tier = this->usable_tier(s);
            if (tier != tier_none && (current_ == no_path || tier <= this->usable_tier(current_))) current_ = s;
        }
        this->publish_one(current_, current_ != no_path);
    }

private:
    slot_index current_ = no_path;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_VMW_MRU_HPP
