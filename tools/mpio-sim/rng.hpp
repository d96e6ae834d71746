// SPDX-License-Identifier: MIT
// tools/mpio-sim/rng.hpp - the simulator's random numbers: integer only, so a
// seed gives the same run on every platform (x86-64, s390x, ...).
//
// std::mt19937_64 itself is fully specified by the standard, but the
// std::*_distribution classes are not (libstdc++ and libc++ give different
// numbers), and floating point is avoided altogether. So: xoshiro256**
// (Blackman and Vigna) seeded with splitmix64, rejection sampling for
// uniform integers, and an integer inverse-transform exponential.
#ifndef MPIO_SIM_RNG_HPP
#define MPIO_SIM_RNG_HPP

#include <bit>
#include <cstdint>

namespace mpio_sim {

class rng {
public:
    explicit constexpr rng(std::uint64_t seed) noexcept
    {
        for (std::uint64_t& w : s_) {
            seed += 0x9E3779B97F4A7C15ull; // splitmix64
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            w = z ^ (z >> 31);
        }
    }

    constexpr std::uint64_t next() noexcept
    {
        const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = std::rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n); 0 when n == 0. Rejection keeps it unbiased.
    constexpr std::uint64_t below(std::uint64_t n) noexcept
    {
        if (n == 0) return 0;
        const std::uint64_t threshold = (0 - n) % n; // 2^64 mod n
        for (;;) {
            const std::uint64_t r = next();
            if (r >= threshold) return r % n;
        }
    }

    // Uniform in [lo, hi].
    constexpr std::uint64_t range(std::uint64_t lo, std::uint64_t hi) noexcept
    {
        return hi <= lo ? lo : lo + below(hi - lo + 1);
    }

    // True with probability num/den.
    constexpr bool chance(std::uint64_t num, std::uint64_t den) noexcept { return below(den) < num; }

    // Exponentially distributed with the given mean (integer, truncated):
    // mean * -ln(U) with U uniform in (0, 1], ln computed as log2 * ln 2 in
    // 16.16 fixed point (enough for inter-arrival times).
    constexpr std::uint64_t exponential(std::uint64_t mean) noexcept
    {
        const std::uint64_t u = (next() >> 11) + 1;                 // 1 .. 2^53
        const std::uint64_t neg_log2 = (53u << 16) - log2_fixed(u); // -log2(u / 2^53), 16.16
        constexpr std::uint64_t ln2 = 45426;                        // ln 2 in 0.16
        const std::uint64_t neg_ln = (neg_log2 * ln2) >> 16;        // 16.16
        return (mean * neg_ln) >> 16;
    }

private:
    // log2(x) in 16.16 fixed point, x >= 1 (bit-by-bit squaring method).
    static constexpr std::uint64_t log2_fixed(std::uint64_t x) noexcept
    {
        const int ip = static_cast<int>(std::bit_width(x)) - 1;
        // mantissa in 1.31: x / 2^ip scaled by 2^31
        std::uint64_t m = ip >= 31 ? x >> (ip - 31) : x << (31 - ip);
        std::uint64_t frac = 0;
        for (int i = 15; i >= 0; --i) {
            m = (m * m) >> 31;
            if (m >= (std::uint64_t{2} << 31)) {
                m >>= 1;
                frac |= std::uint64_t{1} << i;
            }
        }
        return (static_cast<std::uint64_t>(ip) << 16) | frac;
    }

    std::uint64_t s_[4]{};
};

} // namespace mpio_sim

#endif // MPIO_SIM_RNG_HPP
