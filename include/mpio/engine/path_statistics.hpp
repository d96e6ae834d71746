// SPDX-License-Identifier: MIT
// mpio/engine/path_statistics.hpp - per-path I/O statistics.
//
// What Microsoft's DSM exposes per path (MSDSM_DEVICEPATH_PERF: NumberReads,
// NumberWrites, BytesRead, BytesWritten, cleared on request), plus what a
// multipath engine needs to explain itself: errors, failovers (requests that
// left this path after a failure on it) and a latency histogram with
// p50 / p99 / p99.9.
//
// Fixed size (no heap): 124 latency buckets of 32-bit counters, log-linear
// (four sub-buckets per power of two, so a percentile is within 25 % of the
// true value), covering every 32-bit tick count. Latencies are in the
// caller's ticks; a real-I/O engine uses microsecond ticks.
//
// Concurrency is the policy layer's template parameter: `single_thread`
// (plain integers) or `concurrent` (relaxed 32-bit atomics; a reader on
// another thread sees each counter whole, not all counters at one instant).
// 64-bit byte totals are two 32-bit cells; the adder that wraps the low word
// carries into the high one, so totals are exact once writers are quiet.
#ifndef MPIO_ENGINE_PATH_STATISTICS_HPP
#define MPIO_ENGINE_PATH_STATISTICS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/tick.hpp>
#include <mpio/policy/concurrency.hpp>

namespace mpio::engine {

// The log-linear latency buckets: 0..3 exactly, then four per power of two.
namespace latency_buckets {
inline constexpr std::size_t count = 124;

[[nodiscard]] constexpr std::size_t index_of(std::uint32_t v) noexcept
{
    if (v < 4) return v;
    std::uint32_t msb = 31;
    while ((v >> msb) == 0) --msb; // v >= 4: msb >= 2
    const std::uint32_t sub = (v >> (msb - 2)) & 3u;
    return 4 + static_cast<std::size_t>(msb - 2) * 4 + sub;
}
// The largest value that falls in bucket i (what a percentile reports).
[[nodiscard]] constexpr std::uint32_t upper_bound(std::size_t i) noexcept
{
    if (i < 4) return static_cast<std::uint32_t>(i);
    const auto msb = static_cast<std::uint32_t>((i - 4) / 4 + 2);
    const auto sub = static_cast<std::uint32_t>((i - 4) % 4);
    const std::uint64_t lower = std::uint64_t{4u + sub} << (msb - 2);
    const std::uint64_t upper = lower + (std::uint64_t{1} << (msb - 2)) - 1;
    return upper > 0xFFFFFFFFull ? 0xFFFFFFFFu : static_cast<std::uint32_t>(upper);
}
} // namespace latency_buckets

// A plain copy of one path's counters (what a report prints).
struct path_statistics_snapshot {
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t bytes_written = 0;
    std::uint32_t errors = 0;    // completions that were not successes (any cause)
    std::uint32_t failovers = 0; // requests moved to another path after failing here
    std::uint32_t latency[latency_buckets::count]{};

    [[nodiscard]] constexpr std::uint64_t ios() const noexcept { return reads + writes; }
    [[nodiscard]] constexpr std::uint64_t samples() const noexcept
    {
        std::uint64_t n = 0;
        for (const std::uint32_t c : latency) n += c;
        return n;
    }
    // The latency below which `per_mille` thousandths of the samples fall
    // (500: median, 990: p99, 999: p99.9), as its bucket's upper bound;
    // 0 with no samples.
    [[nodiscard]] constexpr std::uint32_t percentile(std::uint32_t per_mille) const noexcept
    {
        const std::uint64_t n = samples();
        if (n == 0) return 0;
        const std::uint64_t p = per_mille > 1000 ? 1000 : per_mille;
        std::uint64_t want = (n * p + 999) / 1000; // ceiling: the sample that reaches the rank
        if (want == 0) want = 1;
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < latency_buckets::count; ++i) {
            seen += latency[i];
            if (seen >= want) return latency_buckets::upper_bound(i);
        }
        return latency_buckets::upper_bound(latency_buckets::count - 1);
    }
};

template <policy::concurrency_model Concurrency = policy::single_thread>
class path_statistics {
public:
    using counter = policy::cell<std::uint32_t, Concurrency>;

    constexpr path_statistics() noexcept = default;
    path_statistics(const path_statistics&) = delete;
    path_statistics& operator=(const path_statistics&) = delete;

    // A request's data moved on this path: counted with its latency.
    constexpr void record_success(bool write, std::uint32_t bytes, tick latency) noexcept
    {
        (write ? writes_ : reads_).fetch_add(1);
        if (write)
            add64(bytes_written_lo_, bytes_written_hi_, bytes);
        else
            add64(bytes_read_lo_, bytes_read_hi_, bytes);
        latency_[latency_buckets::index_of(latency > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<std::uint32_t>(latency))]
            .fetch_add(1);
    }
    constexpr void record_error() noexcept { errors_.fetch_add(1); }
    constexpr void record_failover() noexcept { failovers_.fetch_add(1); }

    // MSDSM's ClearPerfCounters: every counter back to zero.
    constexpr void clear() noexcept
    {
        reads_.store(0);
        writes_.store(0);
        bytes_read_lo_.store(0);
        bytes_read_hi_.store(0);
        bytes_written_lo_.store(0);
        bytes_written_hi_.store(0);
        errors_.store(0);
        failovers_.store(0);
        for (counter& c : latency_) c.store(0);
    }

    [[nodiscard]] constexpr path_statistics_snapshot snapshot() const noexcept
    {
        path_statistics_snapshot s;
        s.reads = reads_.load();
        s.writes = writes_.load();
        s.bytes_read = (std::uint64_t{bytes_read_hi_.load()} << 32) | bytes_read_lo_.load();
        s.bytes_written = (std::uint64_t{bytes_written_hi_.load()} << 32) | bytes_written_lo_.load();
        s.errors = errors_.load();
        s.failovers = failovers_.load();
        for (std::size_t i = 0; i < latency_buckets::count; ++i) s.latency[i] = latency_[i].load();
        return s;
    }

private:
    static constexpr void add64(counter& lo, counter& hi, std::uint32_t n) noexcept
    {
        const std::uint32_t before = lo.fetch_add(n);
        if (static_cast<std::uint32_t>(before + n) < before) hi.fetch_add(1); // this add wrapped the low word
    }

    counter reads_{};
    counter writes_{};
    counter bytes_read_lo_{};
    counter bytes_read_hi_{};
    counter bytes_written_lo_{};
    counter bytes_written_hi_{};
    counter errors_{};
    counter failovers_{};
    counter latency_[latency_buckets::count]{};
};

} // namespace mpio::engine

#endif // MPIO_ENGINE_PATH_STATISTICS_HPP
