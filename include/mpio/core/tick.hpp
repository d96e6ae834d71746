// SPDX-License-Identifier: MIT
// mpio/core/tick.hpp - time as the caller counts it.
//
// mpio never reads a clock. Every policy, timer and state machine is handed
// the current time as a `tick`: a monotonic 64-bit count in a unit the caller
// chooses (KeQueryInterruptTime's 100 ns units, jiffies, nanoseconds, a
// simulator's step). A `tick_rate` says how many ticks make one second, so
// configuration written in the units the stacks document (MPIO's
// PathVerificationPeriod = 30 s, RetryInterval = 1 s) converts once, at set-up,
// without floating point.
#ifndef MPIO_CORE_TICK_HPP
#define MPIO_CORE_TICK_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

namespace mpio {

// A point in time or a duration, in caller-defined units. Monotonic; 64 bits
// do not wrap in practice (2^64 ns is 584 years).
using tick = std::uint64_t;

// How many ticks make one second.
struct tick_rate {
    std::uint64_t per_second = 1000; // default: milliseconds

    // Durations in the units configuration is documented in. Saturate rather
    // than wrap, so an absurd setting becomes "forever", not "immediately".
    [[nodiscard]] constexpr tick seconds(std::uint64_t s) const noexcept { return mul(s, per_second); }
    [[nodiscard]] constexpr tick milliseconds(std::uint64_t ms) const noexcept
    {
        return per_second % 1000 == 0 ? mul(ms, per_second / 1000) : mul(ms, per_second) / 1000;
    }

private:
    static constexpr tick mul(std::uint64_t a, std::uint64_t b) noexcept
    {
        return (b != 0 && a > ~std::uint64_t{0} / b) ? ~tick{0} : a * b;
    }
};

// a + b without wrapping past the end of time.
[[nodiscard]] constexpr tick tick_add(tick a, tick b) noexcept { return a > ~tick{0} - b ? ~tick{0} : a + b; }

// True once `now` has reached `deadline`.
[[nodiscard]] constexpr bool tick_reached(tick now, tick deadline) noexcept { return now >= deadline; }

} // namespace mpio

#endif // MPIO_CORE_TICK_HPP
