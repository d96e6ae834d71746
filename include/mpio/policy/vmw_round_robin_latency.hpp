// SPDX-License-Identifier: MIT
// mpio/policy/vmw_round_robin_latency.hpp - VMware NMP "VMW_PSP_RR" with
// --type=latency (ESXi 6.7 U1 and later; "VMW_PSP_RR-latency" here).
//
// VMware: the latency mechanism "considers I/O bandwidth and path latency to
// select an optimal path". Every --latency-eval-time (latencyEvalTime,
// default 3 minutes) the PSP samples: it sends --num-sampling-cycles
// (samplingCycles, default 16; 16..160 as vSphere's API documents
// samplingIosPerPath) I/Os on each path and takes the average latency of
// each; between samplings I/O goes to the path with the lowest expected
// latency, weighing in the I/Os outstanding on it, so "when the workload is
// not high enough some paths are not used".
//
//   sampling window: opens when latencyEvalTime ticks have passed since the
//     last one opened (io.now), or when a usable path has no measurement yet
//     (a path added or restored); I/O rotates over the usable paths; an I/O
//     submitted inside the window adds its service time to its path; a path
//     with samplingCycles samples gets latency = sum / samplingCycles; the
//     window closes when every usable path has its samples.
//   otherwise: the path with the smallest latency x (1 + outstanding), ties
//     by rotating scan start.
// Without useANO only active/optimized paths are used while one is usable
// (as VMW_PSP_RR). Ticks are the caller's; the default eval time 180000
// assumes 1 ms ticks (set_latency_eval_time for others). 32-bit cells: times
// are the low 32 bits of io.now (eval time < 2^31 ticks), one sample counts
// at most 2^24 ticks; only successful I/O is a sample, so a path whose I/O
// keeps failing holds the window open (plain turns) until it is failed. The
// concurrent variant may open a window twice or lose a sample when CPUs
// race; it never blocks.
#ifndef MPIO_POLICY_VMW_ROUND_ROBIN_LATENCY_HPP
#define MPIO_POLICY_VMW_ROUND_ROBIN_LATENCY_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

inline constexpr std::uint32_t vmw_rr_default_sampling_cycles = 16;
inline constexpr std::uint32_t vmw_rr_default_latency_eval_time = 180000; // 3 min in 1 ms ticks

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class vmw_round_robin_latency
    : public path_table<vmw_round_robin_latency<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::vmw_round_robin_latency;
    static constexpr const char* name = "VMW_PSP_RR-latency";

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        const auto now = static_cast<std::uint32_t>(io.now);
        if (sampling_.load() == 0 && (resample_.load() != 0 || now - window_start_.load() >= eval_time_.load())) {
            for (std::uint32_t i = 0; i < n; ++i) {
                samples_[this->eligible(i)].store(0);
                sums_[this->eligible(i)].store(0);
            }
            window_start_.store(now);
            resample_.store(0);
            windows_.fetch_add(1);
            sampling_.store(1);
        }
        // Acquire: pairs with complete()'s release at the end of a window,
        // so the early stop below reads the floor computed for it.
        if (sampling_.load_acquire() != 0) return this->eligible(rotor_.next(n)); // sample every path
        // The least cost, latency x (in flight + 1); ties rotate. No path
        // costs less than the smallest latency (an idle path of that
        // latency): a cost there cannot be beaten, so the scan stops with
        // the same choice.
        const std::uint64_t floor = min_latency_.load();
        return this->select_min(
            n, rotor_.hint(n), [this](slot_index s) { return cost(s); }, smaller_key_wins{},
            [floor](std::uint64_t c) { return c <= floor; });
    }
    void start(slot_index s, const io_request&) noexcept { this->count_request_start(s); }
    void complete(slot_index s, const io_request& io, tick service_time, io_status st) noexcept
    {
        this->count_request_complete(s);
        const auto since_window = static_cast<std::uint32_t>(io.now) - window_start_.load();
        if (sampling_.load() == 0 || since_window >= 0x8000'0000u || st != io_status::success) return;
        const std::uint32_t cycles = cycles_.load();
        sums_[s].fetch_add(static_cast<std::uint32_t>(service_time < (1u << 24) ? service_time : (1u << 24)));
        if (samples_[s].fetch_add(1) + 1 != cycles) return;
        const std::uint32_t average = sums_[s].load() / cycles;
        latency_[s].store(average == 0 ? 1 : average); // 0 means "not measured"
        for (std::uint32_t i = 0, n = this->eligible_count(); i < n; ++i)
            if (samples_[this->eligible(i)].load() < cycles) return;
        update_min_latency();
        sampling_.store_release(0); // every usable path measured
    }

    // ---- control path (VMware's deviceconfig) -------------------------------
    status set_sampling_cycles(std::uint32_t n) noexcept // --num-sampling-cycles, 16..160
    {
        if (n < 16 || n > 160) return failure(errc::invalid_argument);
        cycles_.store(n);
        return success;
    }
    status set_latency_eval_time(std::uint32_t ticks) noexcept // --latency-eval-time
    {
        if (ticks == 0 || ticks >= 0x8000'0000u) return failure(errc::invalid_argument);
        eval_time_.store(ticks);
        return success;
    }
    void set_use_ano(bool on) noexcept
    {
        use_ano_.store(on ? 1 : 0);
        refresh();
    }
    [[nodiscard]] std::uint32_t latency(slot_index s) const noexcept { return latency_[s].load(); } // 0: not yet
    [[nodiscard]] bool sampling() const noexcept { return sampling_.load() != 0; }
    [[nodiscard]] std::uint32_t sampling_windows() const noexcept { return windows_.load(); }

    void refresh() noexcept
    {
        update_min_latency(); // before the list's release, which publishes it
        const bool ano = use_ano_.load() != 0;
        this->publish_min_rank([this, ano](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : (ano ? 0 : tier);
        });
        for (std::uint32_t i = 0, n = this->eligible_count(); i < n; ++i)
            if (latency_[this->eligible(i)].load() == 0) resample_.store(1); // never measured yet: measure it
    }

private:
    // The smallest latency of any present path (a superset of the listed
    // ones, so never above the listed paths' smallest; 0 while one is not
    // measured): select()'s early stop. Latencies change only when a path's
    // window completes, and this runs then and after every control event.
    void update_min_latency() noexcept
    {
        std::uint32_t m = 0xFFFF'FFFFu;
        for (std::size_t k = 0; k < Capacity; ++k) {
            const auto s = static_cast<slot_index>(k);
            if (this->present(s) && latency_[s].load() < m) m = latency_[s].load();
        }
        min_latency_.store(m == 0xFFFF'FFFFu ? 0 : m);
    }
    std::uint64_t cost(slot_index s) const noexcept
    {
        return std::uint64_t{latency_[s].load()} * (std::uint64_t{this->requests_in_flight(s)} + 1);
    }

    // Read by every select (written once per sampling window or on the
    // control path).
    cell<std::uint32_t, Concurrency> latency_[Capacity]{};
    cell<std::uint32_t, Concurrency> cycles_{vmw_rr_default_sampling_cycles};
    cell<std::uint32_t, Concurrency> eval_time_{vmw_rr_default_latency_eval_time};
    cell<std::uint32_t, Concurrency> window_start_{};
    cell<std::uint8_t, Concurrency> sampling_{};
    cell<std::uint8_t, Concurrency> resample_{};
    cell<std::uint8_t, Concurrency> use_ano_{};
    cell<std::uint32_t, Concurrency> min_latency_{}; // update_min_latency()
    // Written per I/O while sampling: a line of their own in the concurrent
    // variant.
    alignas(Concurrency::line) cell<std::uint32_t, Concurrency> samples_[Capacity]{};
    cell<std::uint32_t, Concurrency> sums_[Capacity]{};
    cell<std::uint32_t, Concurrency> windows_{};
    rotor<Concurrency> rotor_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_VMW_ROUND_ROBIN_LATENCY_HPP
