// SPDX-License-Identifier: MIT
// mpio/policy/dm_historical_service_time.hpp - Linux dm-multipath
// "historical-service-time" (drivers/md/dm-ps-historical-service-time.c).
//
// dm-ps-historical-service-time.c keeps, per path, an exponential moving
// average of the service time in 10-bit fixed point (HST_FIXED_SHIFT) and
// sends the I/O to the path with the smallest estimate (1 + outstanding) x
// average. Its integer rules, kept here:
//   - end_io: st = finish - max(start, previous finish) (overlapping I/O
//     counts as serial); hst = ema(hst, st << 10, w) with
//     ema(a, b, w) = (a*w + b*(1024 - w) + 512) >> 10, and w = base^(k+1)
//     for k = st >> HST_BUCKET_SHIFT (the longer the I/O, the less the past
//     counts), w = 0 from bucket 63 on; base = HST_FIXED_95 = 972 (0.95);
//     the kernel precomputes the 64 weights, here fixed_power() computes one
//     (six multiplications at most);
//   - stale_after = finish + valid_count * (hst >> 10): a path that finished nothing
//     for that long is "stale" (stale_after < now); a path that never
//     finished an I/O has stale_after 0 (hst_add_path), so it is stale;
//   - hst_compare(p1, p2) < 0 when p1 is better: estimates within
//     threshold_multiplier of each other -> out1 - out2 (fewer outstanding);
//     if p1 is idle and stale, or p2 is idle and stale, or both are idle ->
//     (!out2 * stale1) - (!out1 * stale2) (this is how an idle slow path gets
//     probed again): both idle, the more stale one; one idle, the idle one,
//     unless the loaded one has never finished an I/O (its stale_after is 0,
//     so the result is 0: no preference, and the scan keeps the path it
//     has); otherwise the smaller (1 + out) * hst (both hst >> 10 first when
//     either out >= 1024, HST_MAX_INFLIGHT), but a stale winner only wins on
//     outstanding count ("limit to equal usage");
//   - hst_select_path scans the list of valid paths from the head, a later
//     path replacing the best so far only when hst_compare(it, best) < 0,
//     and moves the chosen path to the tail; hst_fail_path takes a path out
//     of the list, hst_reinstate_path and hst_add_path append it at the tail.
//     hst_compare is not transitive (stale paths), so the scan order decides
//     some choices, not only ties.
// Read in torvalds/linux 2555693dd85c, drivers/md/dm-ps-historical-service-
// time.c (hst_compare, hst_select_path, hst_end_io, path_service_time,
// hst_set_weights, fixed_power, fixed_ema). Initial hst is HST_FIXED_1.
//
// Single-thread variant (is_concurrent false): dm_path_list.hpp keeps the
// list, scanned and rotated as the kernel does, so the choice for every I/O is
// the kernel's, after the kernel's source, as
// tests/policy/dm_historical_service_time_test.cpp encodes it (and
// dm_kernel_order_test.cpp over scripted sequences, where the choices are also
// the same as those of the kernel's own files compiled from linux-source
// 6.1.192 when that package is installed), within the 32-bit limits below. A
// path that comes back from mpio's other non-usable states (an ALUA state or
// standby flag that carries no I/O) joins at the tail like a reinstated one.
//
// Concurrent variant: no list (moving the chosen path needs the kernel's
// spinlock). It scans path_table's published list (slot order) from a
// rotating start (rotor::hint: one step per select), with the same
// hst_compare. Where the estimates order the paths, the choice is the same;
// where hst_compare leaves them unordered (ties, and the non-transitive
// cases with stale paths) the first in this scan order wins instead of the
// first in the kernel's list order.
//
// 32-bit cells: hst is 10-bit fixed point of the service time in units of
// 2^time_shift ticks (saturating at 2^22 units); finish and stale times are
// the low 32 bits of now >> time_shift, compared wrap-aware like the
// kernel's time_after64 (correct within 2^31 units), except that a
// stale_after of 0 is "never finished" and older than any time, as 0 is in
// the kernel (a stale_after that wraps to exactly 0 reads so too). stale_after
// is stored per path at each completion: last finish + the valid path count
// at that finish x (hst >> 10), the kernel's formula. Defaults fit ticks of 1 us or coarser; for
// nanosecond ticks set_time_shift(10) and set_bucket_shift(14) (the kernel's
// 2^24 ns buckets). In the concurrent variant two completions on one path
// may race on hst (one sample lost), and a select may read one path's
// values from two completions; the kernel takes a per-path spinlock there,
// mpio takes none.
#ifndef MPIO_POLICY_DM_HISTORICAL_SERVICE_TIME_HPP
#define MPIO_POLICY_DM_HISTORICAL_SERVICE_TIME_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <mpio/policy/dm_path_list.hpp>
#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_historical_service_time
    : public path_table<dm_historical_service_time<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_historical_service_time;
    static constexpr const char* name = "historical-service-time";
    static constexpr std::uint32_t fixed_shift = 10;            // HST_FIXED_SHIFT
    static constexpr std::uint64_t fixed_1 = 1u << fixed_shift; // HST_FIXED_1
    static constexpr std::uint32_t default_base_weight = 972;   // HST_FIXED_95
    static constexpr std::uint32_t default_bucket_shift = 24;   // HST_BUCKET_SHIFT
    static constexpr std::uint32_t weight_count = 64;           // HST_WEIGHT_COUNT

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        const std::uint32_t now = scaled(io.now);
        const std::uint32_t threshold = threshold_.load();
        if constexpr (!Concurrency::is_concurrent) {
            // hst_select_path(): from the head, a path replaces the best so far
            // when hst_compare(path, best) < 0; the chosen path goes to the tail.
            // Every path idle (the usual case between I/Os at low depth):
            // the same choice from the stored stale times (idle_choice()).
            if (const std::uint32_t i = idle_choice(threshold); i != no_choice) {
                const slot_index s = order_[i];
                order_.move_to_tail(i);
                return s;
            }
            const std::uint32_t i = order_.find_best([this](slot_index s) { return load_of(s); },
                                                     [now, threshold](const path_load& p1, const path_load& p2) {
                                                         return compare(p1, p2, now, threshold) < 0;
                                                     },
                                                     scan_every_path{});
            const slot_index s = order_[i];
            order_.move_to_tail(i);
            return s;
        }
        // The same comparison over the published list, from a rotating start.
        return this->select_min(
            n, ties_.hint(n), [this](slot_index s) { return load_of(s); },
            [now, threshold](const path_load& p1, const path_load& p2) { return compare(p1, p2, now, threshold) < 0; });
    }
    void start(slot_index s, const io_request&) noexcept
    {
        this->count_request_start(s);
        if constexpr (!Concurrency::is_concurrent) ++idle_.in_flight;
    }
    void complete(slot_index s, const io_request& io, tick service_time, io_status) noexcept
    {
        this->count_request_complete(s);
        if constexpr (!Concurrency::is_concurrent) --idle_.in_flight;
        const std::uint32_t finish = scaled(io.now + service_time);
        std::uint32_t begin = scaled(io.now);
        // The previous finish (0: none yet), from what the previous completion
        // stored: stale_after - valid_count x (hst >> 10), exact in 32-bit
        // wrapping arithmetic.
        const std::uint64_t last = hst_[s].load();
        const std::uint32_t previous =
            stale_after_[s].load() - finish_count_[s].load() * static_cast<std::uint32_t>(last >> fixed_shift);
        if (previous != 0 && after(previous, begin)) begin = previous; // overlapping I/O counts as serial
        const std::uint32_t st = after(begin, finish) ? 0 : finish - begin;
        const std::uint64_t next = st >= (1u << (32 - fixed_shift)) ? 0xFFFF'FFFFu : std::uint64_t{st} << fixed_shift;
        const std::uint32_t bucket = st >> bucket_shift_.load();
        // Bucket 0 (st < 2^bucket_shift, the usual case) weighs base^1 = base.
        const std::uint64_t w = bucket == 0                  ? base_weight_.load()
                                : bucket >= weight_count - 1 ? 0
                                                             : fixed_power(base_weight_.load(), bucket + 1);
        const auto h = static_cast<std::uint32_t>((last * w + next * (fixed_1 - w) + fixed_1 / 2) >> fixed_shift);
        hst_[s].store(h);
        // stale_after = last_finish + valid_count * (hst >> 10) (hst_end_io()'s
        // formula), kept for load_of() and idle_choice().
        const auto count = static_cast<std::uint8_t>(this->eligible_count());
        finish_count_[s].store(count);
        stale_after_[s].store(finish + count * (h >> fixed_shift));
        if constexpr (!Concurrency::is_concurrent) idle_.set_zero_hst(s, h == 0);
    }

    // ---- control path ------------------------------------------------------
    // path_table's add_path() hook: a new path starts like hst_create_path()
    // leaves it (hst = HST_FIXED_1, nothing finished, not stale).
    void on_add(slot_index s) noexcept
    {
        hst_[s].store(static_cast<std::uint32_t>(fixed_1));
        stale_after_[s].store(0); // never finished (and no previous finish)
        finish_count_[s].store(0);
        if constexpr (!Concurrency::is_concurrent) idle_.set_zero_hst(s, false);
    }
    // dm's <base_weight>: [0, 1024), 0 ignores history.
    status set_base_weight(std::uint32_t w) noexcept
    {
        if (w >= fixed_1) return failure(errc::invalid_argument);
        base_weight_.store(w);
        return success;
    }
    // dm's <threshold_multiplier>: estimates closer than this factor count as
    // equal (0 and 1: no effect).
    void set_threshold_multiplier(std::uint32_t m) noexcept { threshold_.store(m); }
    status set_time_shift(std::uint32_t shift) noexcept { return set_shift(time_shift_, shift); }
    status set_bucket_shift(std::uint32_t shift) noexcept { return set_shift(bucket_shift_, shift); }
    [[nodiscard]] std::uint32_t historical_service_time(slot_index s) const noexcept { return hst_[s].load(); }

    void refresh() noexcept
    {
        this->publish_min_rank(
            [this](slot_index s) -> std::uint64_t { return this->usable_tier(s) == tier_none ? rank_excluded : 0; });
        if constexpr (!Concurrency::is_concurrent)
            order_.sync([this](slot_index s) { return this->usable_tier(s) != tier_none; },
                        [](slot_index) { return false; }); // reinstated and added: the tail
    }

    // x^n in fixed point, rounding each step (the kernel's fixed_power()).
    [[nodiscard]] static constexpr std::uint64_t fixed_power(std::uint64_t x, std::uint32_t n) noexcept
    {
        std::uint64_t r = fixed_1;
        for (; n != 0; n >>= 1, x = (x * x + fixed_1 / 2) >> fixed_shift)
            if (n & 1) r = (r * x + fixed_1 / 2) >> fixed_shift;
        return r;
    }

    // What hst_compare() reads of a path (hst_fill_compare()).
    struct path_load {
        std::uint64_t hst;         // 10-bit fixed point
        std::uint64_t outstanding; // I/Os in flight
        std::uint32_t stale_after;
    };
    // hst_compare(): < 0 when p1 is the better path, 0 for no preference.
    [[nodiscard]] static constexpr std::int64_t compare(const path_load& p1, const path_load& p2, std::uint32_t now,
                                                        std::uint64_t threshold_multiplier) noexcept
    {
        std::uint64_t h1 = p1.hst, h2 = p2.hst;
        const std::uint64_t o1 = p1.outstanding, o2 = p2.outstanding;
        const std::int64_t by_outstanding = static_cast<std::int64_t>(o1) - static_cast<std::int64_t>(o2);
        const std::uint64_t m = threshold_multiplier;
        if (!(h1 > h2 ? h1 > m * h2 : h2 > m * h1)) return by_outstanding; // too similar
        // An idle stale path, or two idle paths: (!out2 * stale1) - (!out1 *
        // stale2), of which only the sign is used.
        if (o1 == 0 && o2 == 0) return older(p1.stale_after, p2.stale_after); // the more stale
        const bool stale1 = stale(p1.stale_after, now), stale2 = stale(p2.stale_after, now);
        if (o1 == 0 && stale1) return p2.stale_after == 0 ? 0 : -1; // -stale2: 0 if p2 never finished
        if (o2 == 0 && stale2) return p1.stale_after == 0 ? 0 : 1;  // stale1: 0 if p1 never finished
        bool p2_better;
        if (o1 == o2) {
            p2_better = h1 > h2;
        } else {
            if (o1 >= max_inflight || o2 >= max_inflight) { // HST_MAX_INFLIGHT: the kernel's overflow guard
                h1 >>= fixed_shift;
                h2 >>= fixed_shift;
            }
            p2_better = (1 + o1) * h1 > (1 + o2) * h2;
        }
        if (p2_better) return stale2 ? by_outstanding : 1; // a stale winner: equal usage only
        return stale1 ? by_outstanding : -1;
    }

private:
    static constexpr std::uint64_t max_inflight = fixed_1; // HST_MAX_INFLIGHT

    static constexpr std::uint32_t no_choice = ~std::uint32_t{0};

    path_load load_of(slot_index s) const noexcept
    {
        return {hst_[s].load(), this->requests_in_flight(s), stale_after_[s].load()};
    }

    // hst_select_path()'s choice when more than four paths are listed, no
    // path has an I/O in flight, the threshold multiplier is 0 and no hst is
    // 0; else no_choice. Then
    // hst_compare(p1, p2) is older(stale1, stale2) alone (no estimate is
    // "too similar" to another: with a multiplier of 0 that needs both hst
    // 0; both paths idle), and the kernel's scan keeps the first path in
    // list order whose stale_after is oldest: a path that never finished
    // (0) before any other; else, when the times lie within 2^31 of each
    // other, where the wrap-aware order is the order of their distances from
    // a point 2^31 before the head's time, the smallest such distance. One
    // pass computes that minimum, with the list position in the low bits
    // (the first of equal times), and the largest distance, to check the
    // span: no comparison chain, no branch per path. Beyond the span, the
    // full scan decides.
    std::uint32_t idle_choice(std::uint32_t threshold) const noexcept
    {
        if constexpr (Concurrency::is_concurrent || Capacity <= 4) {
            // No list or in-flight count (concurrent); or never more than
            // four paths, where the scan is as short (and GCC's
            // -Warray-bounds cannot see the n <= 4 test below).
            return no_choice;
        } else {
            const std::uint32_t n = order_.size();
            // Four paths or fewer: the scan itself is as short.
            if (n <= 4 || idle_.in_flight != 0 || threshold != 0 || idle_.any_zero_hst()) return no_choice;
            const std::uint32_t base = stale_after_[order_[0]].load() - 0x8000'0000u;
            // Each entry's distance, with its list position in the low 8 bits:
            // the smallest is the first of the oldest, the largest gives the
            // span. Two independent minima and maxima (even and odd entries),
            // merged at the end: no chain of n dependent comparisons.
            const auto keyed = [this, base](std::uint32_t i) noexcept {
                const std::uint32_t t = stale_after_[order_[i]].load();
                const std::uint64_t key = t == 0 ? 0 : 1 + std::uint64_t{static_cast<std::uint32_t>(t - base)};
                return key << 8 | i;
            };
            std::uint64_t low0 = ~std::uint64_t{0}, low1 = ~std::uint64_t{0}, high0 = 0, high1 = 0;
            std::uint32_t i = 0;
            for (; i + 2 <= n; i += 2) {
                const std::uint64_t k0 = keyed(i), k1 = keyed(i + 1);
                low0 = k0 < low0 ? k0 : low0;
                high0 = k0 > high0 ? k0 : high0;
                low1 = k1 < low1 ? k1 : low1;
                high1 = k1 > high1 ? k1 : high1;
            }
            if (i < n) {
                const std::uint64_t k0 = keyed(i);
                low0 = k0 < low0 ? k0 : low0;
                high0 = k0 > high0 ? k0 : high0;
            }
            const std::uint64_t lowest = low1 < low0 ? low1 : low0;
            const std::uint64_t highest = (high1 > high0 ? high1 : high0) >> 8;
            if ((lowest >> 8) != 0 && highest - (lowest >> 8) >= 0x8000'0000u) return no_choice;
            return static_cast<std::uint32_t>(lowest & 0xff);
        }
    }
    // The kernel's `stale_after < time_now` on 64-bit times; 0 is "never
    // finished", before any time.
    static constexpr bool stale(std::uint32_t stale_after, std::uint32_t now) noexcept
    {
        return stale_after == 0 ? now != 0 : after(now, stale_after);
    }
    // The sign of the kernel's stale1 - stale2 (0 the oldest time).
    static constexpr std::int64_t older(std::uint32_t a, std::uint32_t b) noexcept
    {
        if (a == 0 || b == 0) return a == b ? 0 : (a == 0 ? -1 : 1);
        return static_cast<std::int32_t>(a - b);
    }
    // a later than b, on a 32-bit wrapping clock (time_after).
    static constexpr bool after(std::uint32_t a, std::uint32_t b) noexcept
    {
        return static_cast<std::int32_t>(b - a) < 0;
    }
    std::uint32_t scaled(tick t) const noexcept { return static_cast<std::uint32_t>(t >> time_shift_.load()); }
    static status set_shift(cell<std::uint32_t, Concurrency>& c, std::uint32_t shift) noexcept
    {
        if (shift > 31) return failure(errc::invalid_argument);
        c.store(shift);
        return success;
    }

    // Read by every select/complete, written on the control path.
    cell<std::uint32_t, Concurrency> base_weight_{default_base_weight};
    cell<std::uint32_t, Concurrency> threshold_{0};
    cell<std::uint32_t, Concurrency> time_shift_{0};
    cell<std::uint32_t, Concurrency> bucket_shift_{default_bucket_shift};
    // Written by every complete(): a line of their own in the concurrent
    // variant, so the settings above are not invalidated per I/O.
    alignas(Concurrency::line) cell<std::uint32_t, Concurrency> hst_[Capacity]{};
    cell<std::uint32_t, Concurrency> stale_after_[Capacity]{}; // 0: never finished
    cell<std::uint8_t, Concurrency> finish_count_[Capacity]{}; // valid_count at the last finish
    rotor<Concurrency> ties_;                                  // the concurrent variant's rotating scan start
    [[no_unique_address]] dm_path_list_for<Capacity, Concurrency> order_;

    // The single-thread variant's idle_choice() state: I/Os in flight on
    // all paths together, and which added paths have an hst of 0.
    struct idle_state {
        static constexpr std::size_t words = (Capacity + 31) / 32;
        std::uint32_t in_flight = 0;
        std::uint32_t zero_hst[words]{};
        constexpr void set_zero_hst(slot_index s, bool zero) noexcept
        {
            const std::uint32_t bit = std::uint32_t{1} << (s % 32);
            zero_hst[s / 32] = zero ? zero_hst[s / 32] | bit : zero_hst[s / 32] & ~bit;
        }
        [[nodiscard]] constexpr bool any_zero_hst() const noexcept
        {
            std::uint32_t any = 0;
            for (const std::uint32_t w : zero_hst) any |= w;
            return any != 0;
        }
    };
    struct no_idle_state {};
    [[no_unique_address]] std::conditional_t<Concurrency::is_concurrent, no_idle_state, idle_state> idle_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_HISTORICAL_SERVICE_TIME_HPP
