// SPDX-License-Identifier: MIT
// mpio/recovery/ana_transition_timer.hpp - the ANA Transition Time (ANATT)
// timer of one NVMe controller: how long the host lets its ANA groups stay
// in the change state before it resets the controller.
//
// After the description of drivers/nvme/host/multipath.c in torvalds/linux
// (nvme_update_ana_state(), nvme_read_ana_log(), nvme_ana_work(),
// nvme_anatt_timeout(), nvme_mpath_stop(), nvme_mpath_init_identify()):
//
//   - ANATT is Identify Controller byte 342, in seconds
//     (nvme_mpath_init_identify() copies it as it is).
//   - Every successful read of the ANA log (at start-up, and in
//     nvme_ana_work() after an ANA change notice) counts the group
//     descriptors in the change state (nvme_update_ana_state()). When there
//     is at least one, the timer is (re)armed to now + 2 x ANATT (mod_timer():
//     a read restarts it; the kernel doubles ANATT "to provide some slack
//     for transports or AEN processing overhead"). When there is none, the
//     timer is disarmed (del_timer_sync()).
//   - A read or a parse that fails leaves the timer as it was.
//   - One timer per controller, not per group: a group entering change while
//     another is in change does not get its own ANATT (the kernel's comment
//     says so), and a group leaving change disarms the timer only when no
//     group is left in change.
//   - On expiry (nvme_anatt_timeout()) the kernel resets the controller
//     (nvme_reset_ctrl()). The timer is one-shot; a reset stops it
//     (nvme_mpath_stop()), and the log read after the reset arms it again
//     if a group is still in change.
//   - ANATT 0: the kernel has no special case. The timer is armed for
//     0 jiffies, so it expires at the next timer tick: a read that shows a
//     group in change leads to a controller reset at once. Here:
//     poll(now) at the same tick returns reset_controller.
//
// Time is the caller's (mpio/core/tick.hpp): no clock is read. The
// decision is returned, not acted on: the caller resets the controller,
// then calls stop() (and on_ana_log() again after its next log read).
#ifndef MPIO_RECOVERY_ANA_TRANSITION_TIMER_HPP
#define MPIO_RECOVERY_ANA_TRANSITION_TIMER_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/core/tick.hpp>
#include <mpio/nvme/ana_log.hpp>
#include <mpio/nvme/ana_state.hpp>

namespace mpio::recovery {

// What poll() asks the caller to do.
enum class anatt_decision : std::uint8_t {
    none = 0,         // nothing (not armed, or not yet expired)
    reset_controller, // nvme_anatt_timeout(): "ANATT timeout, resetting controller"
};

[[nodiscard]] constexpr const char* to_string(anatt_decision d) noexcept
{
    switch (d) {
    case anatt_decision::none: return "none";
    case anatt_decision::reset_controller: return "reset controller";
    }
    return "unknown";
}

// The group descriptors in the change state, counted as
// nvme_update_ana_state() counts them (a descriptor with no NSIDs counts
// too). The count stops where the walk stops: the caller checks the
// log's status() first (see ana_transition_timer::on_ana_log(const
// nvme::ana_log&, tick)).
[[nodiscard]] constexpr std::uint32_t count_change_groups(const nvme::ana_log& log) noexcept
{
    std::uint32_t n = 0;
    const nvme::ana_group_list list = log.groups();
    for (auto it = list.begin(); !it.done(); ++it)
        if ((*it).anas() == nvme::ana_state::change) ++n;
    return n;
}

class ana_transition_timer {
public:
    // ANATT as Identify Controller reports it (seconds) and the caller's
    // tick rate (milliseconds by default): the timer runs 2 x ANATT.
    constexpr explicit ana_transition_timer(std::uint8_t anatt_seconds, tick_rate rate = {}) noexcept
        : timeout_(timeout_for(anatt_seconds, rate))
    {}

    // The kernel's expiry, 2 x ANATT seconds, in ticks.
    [[nodiscard]] static constexpr tick timeout_for(std::uint8_t anatt_seconds, tick_rate rate = {}) noexcept
    {
        return rate.seconds(2u * std::uint64_t{anatt_seconds});
    }

    // A successful ANA log read in which `change_groups` descriptors were in
    // the change state: arm (or re-arm) the timer, or disarm it.
    constexpr void on_ana_log(std::uint32_t change_groups, tick now) noexcept
    {
        if (change_groups != 0) {
            armed_ = true;
            deadline_ = tick_add(now, timeout_);
        } else {
            armed_ = false;
        }
    }
    // The same from a parsed log page. A page the kernel would refuse (a
    // descriptor that fails nvme_parse_ana_log()'s checks, or data that
    // ends inside one) leaves the timer as it was and returns false.
    constexpr bool on_ana_log(const nvme::ana_log& log, tick now) noexcept
    {
        if (!log.status().ok()) return false;
        on_ana_log(count_change_groups(log), now);
        return true;
    }

    // The controller is reset or torn down (nvme_mpath_stop()).
    constexpr void stop() noexcept { armed_ = false; }

    // The caller's clock: reset_controller once, when `now` has reached the
    // deadline (the timer then stops, as a kernel timer_list does).
    [[nodiscard]] constexpr anatt_decision poll(tick now) noexcept
    {
        if (!armed_ || !tick_reached(now, deadline_)) return anatt_decision::none;
        armed_ = false;
        return anatt_decision::reset_controller;
    }

    [[nodiscard]] constexpr bool armed() const noexcept { return armed_; }
    // Meaningful while armed().
    [[nodiscard]] constexpr tick deadline() const noexcept { return deadline_; }
    [[nodiscard]] constexpr tick timeout() const noexcept { return timeout_; }

private:
    tick timeout_ = 0;
    tick deadline_ = 0;
    bool armed_ = false;
};

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_ANA_TRANSITION_TIMER_HPP
