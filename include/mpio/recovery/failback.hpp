// SPDX-License-Identifier: MIT
// mpio/recovery/failback.hpp - when I/O goes back to the preferred path
// (or target port group) after it returns.
//
// multipath-tools' failback (multipath.conf(5)):
//   immediate   switch back to the highest-priority path group as soon as it
//               has a usable path;
//   manual      never switch back automatically (the administrator does);
//   followover  switch back only when the return follows a failure of our
//               own paths: when the group moved because something else asked
//               for it (another host's STPG, the array's implicit ALUA
//               change), follow that choice instead of fighting it;
//   N           deferred: switch back N seconds after the group returned.
// MSDSM's Failover Only policy fails back to its preferred path as soon as
// that path is verified (immediate).
//
// The path lifecycle applies the mode to a preferred path that recovers
// (mpio/recovery/path_lifecycle.hpp); should_fail_back() applies it to a
// target port group: should the driver send STPG to move back?
#ifndef MPIO_RECOVERY_FAILBACK_HPP
#define MPIO_RECOVERY_FAILBACK_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/core/tick.hpp>

namespace mpio::recovery {

enum class failback_mode : std::uint8_t {
    immediate = 0,
    manual,
    followover,
    deferred,
};

[[nodiscard]] constexpr const char* to_string(failback_mode m) noexcept
{
    switch (m) {
    case failback_mode::immediate: return "immediate";
    case failback_mode::manual: return "manual";
    case failback_mode::followover: return "followover";
    case failback_mode::deferred: return "deferred";
    }
    return "unknown";
}

struct failback_policy {
    failback_mode mode = failback_mode::immediate;
    tick defer = 0; // deferred: ticks to wait after the return

    [[nodiscard]] static constexpr failback_policy immediate() noexcept { return {failback_mode::immediate, 0}; }
    [[nodiscard]] static constexpr failback_policy manual() noexcept { return {failback_mode::manual, 0}; }
    [[nodiscard]] static constexpr failback_policy followover() noexcept { return {failback_mode::followover, 0}; }
    [[nodiscard]] static constexpr failback_policy deferred(tick t) noexcept { return {failback_mode::deferred, t}; }
};

// Move I/O back to the preferred target (path or group) now?
//   returned_at        when the preferred target became usable again;
//   after_own_failure  we left it because our own I/O or verification failed
//                      on it (not because something else moved it);
//   manual_request     the administrator asked for the failback.
[[nodiscard]] constexpr bool should_fail_back(const failback_policy& p, tick now, tick returned_at,
                                              bool after_own_failure, bool manual_request = false) noexcept
{
    if (manual_request) return true;
    switch (p.mode) {
    case failback_mode::immediate: return true;
    case failback_mode::manual: return false;
    case failback_mode::followover: return after_own_failure;
    case failback_mode::deferred: return tick_reached(now, tick_add(returned_at, p.defer));
    }
    return false;
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_FAILBACK_HPP
