// SPDX-License-Identifier: MIT
// mpio/recovery/flaky_path.hpp - keeping a path that keeps failing out of
// rotation for a while.
//
// A path that fails, passes verification, fails again ("flapping") costs a
// failover and a retry each time. Two stacks bound that:
//   - PowerPath's autostandby: a path with too many I/O errors is put in
//     "autostandby" and used only when no other path is available;
//   - multipath-tools: san_path_err_threshold / san_path_err_forget_rate /
//     san_path_err_recovery_time, later marginal_path_err_sample_time /
//     marginal_path_err_rate_threshold / marginal_path_err_recheck_gap_time:
//     a path whose failures exceed a threshold is not reinstated until the
//     recovery time has passed.
// Here: failures are counted in fixed windows of `window` ticks; when a
// window sees more than `threshold` failures, the path is flaky until
// `recovery_time` after the failure that tipped it. A flaky path stays out
// of rotation unless no other path is usable (the path lifecycle and the
// device decide that: path_lifecycle::eligibility()).
#ifndef MPIO_RECOVERY_FLAKY_PATH_HPP
#define MPIO_RECOVERY_FLAKY_PATH_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/core/tick.hpp>

namespace mpio::recovery {

struct flaky_config {
    std::uint32_t threshold = 0; // failures per window tolerated; 0 disables detection
    tick window = 0;             // ticks per counting window
    tick recovery_time = 0;      // ticks a flaky path stays out of rotation

    [[nodiscard]] constexpr bool enabled() const noexcept { return threshold != 0 && window != 0; }
};

class flaky_detector {
public:
    constexpr flaky_detector() noexcept = default;
    constexpr explicit flaky_detector(const flaky_config& c) noexcept : config_(c) {}

    // Count one path failure; true when this failure makes the path flaky.
    constexpr bool record_failure(tick now) noexcept
    {
        if (!config_.enabled()) return false;
        if (!started_ || tick_reached(now, tick_add(window_start_, config_.window))) {
            started_ = true;
            window_start_ = now;
            failures_ = 0;
        }
        ++failures_;
        if (failures_ > config_.threshold) {
            const bool was = flaky(now);
            flaky_until_ = tick_add(now, config_.recovery_time);
            return !was;
        }
        return false;
    }

    [[nodiscard]] constexpr bool flaky(tick now) const noexcept { return now < flaky_until_; }
    [[nodiscard]] constexpr tick flaky_until() const noexcept { return flaky_until_; }
    [[nodiscard]] constexpr std::uint32_t failures_in_window() const noexcept { return failures_; }
    [[nodiscard]] constexpr const flaky_config& config() const noexcept { return config_; }

private:
    flaky_config config_{};
    tick window_start_ = 0;
    tick flaky_until_ = 0;
    std::uint32_t failures_ = 0;
    bool started_ = false;
};

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_FLAKY_PATH_HPP
