// SPDX-License-Identifier: MIT
// A test-only model of the four Linux dm path selectors, written from
// reading drivers/md/dm-ps-round-robin.c, dm-ps-queue-length.c,
// dm-ps-service-time.c (torvalds/linux 3bd940030752) and
// dm-ps-historical-service-time.c (2555693dd85c); no kernel code is copied.
// Hosted and slow on purpose (std::vector lists, the kernel's 64-bit and int
// arithmetic, a precomputed weight table) so that it reads like the kernel
// and shares nothing with mpio's headers: dm_kernel_order_test.cpp drives
// it and mpio's single-thread selectors with the same scripted sequences and
// compares every choice. It is "after the kernel's source": a model of what
// the source says, not the compiled kernel.
#ifndef MPIO_TESTS_POLICY_DM_KERNEL_MODEL_HPP
#define MPIO_TESTS_POLICY_DM_KERNEL_MODEL_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dm_kernel_model {

enum class selector_kind { round_robin, queue_length, service_time, historical_service_time };

struct path_info {
    bool valid = true;
    // queue-length
    int qlen = 0;
    // service-time: atomic_t in the kernel (a 32-bit int)
    std::int32_t in_flight_size = 0;
    unsigned relative_throughput = 1;
    // historical-service-time
    std::uint64_t hst = 1024; // HST_FIXED_1
    std::uint64_t stale_after = 0;
    std::uint64_t last_finish = 0;
    std::uint64_t outstanding = 0;
};

class selector {
public:
    explicit selector(selector_kind k, unsigned base_weight = 972, unsigned threshold_multiplier = 0)
        : kind_(k), threshold_(threshold_multiplier)
    {
        // hst_set_weights(): weights[i] = base^(i+1) in 10-bit fixed point,
        // the last one 0.
        for (unsigned i = 0; i + 1 < 64; ++i) weights_[i] = power(base_weight, i + 1);
        weights_[63] = 0;
    }

    // When true (the kernel), service-time's comparison returns an int cut
    // from a size_t difference; false compares the differences whole (mpio).
    bool st_int_result = true;

    void add_path(int s, unsigned relative_throughput = 1)
    {
        if (paths_.size() <= static_cast<std::size_t>(s)) paths_.resize(static_cast<std::size_t>(s) + 1);
        paths_[static_cast<std::size_t>(s)] = path_info{};
        paths_[static_cast<std::size_t>(s)].relative_throughput = relative_throughput;
        valid_.push_back(s); // list_add_tail in every *_add_path
    }
    void fail_path(int s)
    {
        valid_.erase(std::find(valid_.begin(), valid_.end(), s)); // list_move to the failed list
        paths_[static_cast<std::size_t>(s)].valid = false;
    }
    void reinstate_path(int s)
    {
        paths_[static_cast<std::size_t>(s)].valid = true;
        if (kind_ == selector_kind::round_robin)
            valid_.insert(valid_.begin(), s); // rr_reinstate_path: list_move (the head)
        else
            valid_.push_back(s); // ql/st/hst_reinstate_path: list_move_tail
    }
    [[nodiscard]] const std::vector<int>& valid_list() const { return valid_; }

    // *_select_path; -1 when the valid list is empty. `now` is sched_clock().
    int select(std::size_t nr_bytes, std::uint64_t now)
    {
        if (valid_.empty()) return -1;
        std::size_t best = 0;
        if (kind_ != selector_kind::round_robin) {
            for (std::size_t i = 0; i < valid_.size(); ++i) {
                const path_info& pi = at(valid_[i]);
                if (i != 0) {
                    const path_info& b = at(valid_[best]);
                    bool replace = false;
                    switch (kind_) {
                    case selector_kind::queue_length: replace = pi.qlen < b.qlen; break;
                    case selector_kind::service_time: replace = st_compare(pi, b, nr_bytes) < 0; break;
                    default: replace = hst_compare(pi, b, now) < 0; break;
                    }
                    if (replace) best = i;
                }
                if (kind_ == selector_kind::queue_length && at(valid_[best]).qlen == 0) break;
            }
        }
        const int chosen = valid_[best];
        valid_.erase(valid_.begin() + static_cast<std::ptrdiff_t>(best)); // list_move_tail
        valid_.push_back(chosen);
        return chosen;
    }

    void start_io(int s, std::size_t nr_bytes)
    {
        path_info& pi = at(s);
        ++pi.qlen;
        pi.in_flight_size = static_cast<std::int32_t>(static_cast<std::uint32_t>(pi.in_flight_size) +
                                                      static_cast<std::uint32_t>(nr_bytes));
        ++pi.outstanding;
    }
    // end_io at time `now` of an I/O started at `start_time`.
    void end_io(int s, std::size_t nr_bytes, std::uint64_t start_time, std::uint64_t now)
    {
        path_info& pi = at(s);
        --pi.qlen;
        pi.in_flight_size = static_cast<std::int32_t>(static_cast<std::uint32_t>(pi.in_flight_size) -
                                                      static_cast<std::uint32_t>(nr_bytes));
        // path_service_time(): overlapping I/O counts as serial.
        if (static_cast<std::int64_t>(start_time - pi.last_finish) < 0) start_time = pi.last_finish;
        pi.last_finish = now;
        const std::uint64_t st = static_cast<std::int64_t>(now - start_time) < 0 ? 0 : now - start_time;
        --pi.outstanding;
        const std::uint64_t bucket = std::min<std::uint64_t>(st >> 24, 63); // HST_BUCKET_SHIFT
        const std::uint64_t w = weights_[bucket];
        const std::uint64_t next = std::min<std::uint64_t>(st * 1024, ~std::uint64_t{0} >> 10);
        pi.hst = (pi.hst * w + next * (1024 - w) + 512) >> 10; // fixed_ema()
        pi.stale_after = pi.last_finish + valid_.size() * (pi.hst >> 10);
    }

    [[nodiscard]] const path_info& path(int s) const { return paths_[static_cast<std::size_t>(s)]; }

private:
    path_info& at(int s) { return paths_[static_cast<std::size_t>(s)]; }

    static std::uint64_t power(std::uint64_t x, unsigned n) // fixed_power(x, 10, n)
    {
        std::uint64_t r = 1024;
        while (n != 0) {
            if (n & 1) r = (r * x + 512) >> 10;
            n >>= 1;
            if (n != 0) x = (x * x + 512) >> 10;
        }
        return r;
    }

    // st_compare_load(): < 0 when p1 is better.
    int st_compare(const path_info& p1, const path_info& p2, std::size_t incoming) const
    {
        // atomic_read() gives an int; size_t sz = int sign-extends.
        std::size_t sz1 = static_cast<std::size_t>(static_cast<std::int64_t>(p1.in_flight_size));
        std::size_t sz2 = static_cast<std::size_t>(static_cast<std::int64_t>(p2.in_flight_size));
        const unsigned tp1 = p1.relative_throughput, tp2 = p2.relative_throughput;
        if (tp1 == tp2) return result(sz1, sz2);
        if (sz1 == sz2 || tp1 == 0 || tp2 == 0) return static_cast<int>(tp2 - tp1);
        sz1 += incoming;
        sz2 += incoming;
        const std::size_t limit = ~std::size_t{0} >> 7; // ST_MAX_INFLIGHT_SIZE
        if (sz1 >= limit || sz2 >= limit) {
            sz1 >>= 7;
            sz2 >>= 7;
        }
        const std::size_t st1 = sz1 * tp2, st2 = sz2 * tp1;
        if (st1 != st2) return result(st1, st2);
        return static_cast<int>(tp2 - tp1);
    }
    // `return a - b` from a function returning int: the low 32 bits of the
    // size_t difference (GCC's conversion) - or the whole comparison when
    // st_int_result is off.
    int result(std::size_t a, std::size_t b) const
    {
        if (!st_int_result) return a < b ? -1 : (a > b ? 1 : 0);
        return static_cast<int>(static_cast<std::uint32_t>(a - b));
    }

    // hst_compare(): < 0 when p1 is better, 0 no preference.
    long long hst_compare(const path_info& p1, const path_info& p2, std::uint64_t now) const
    {
        std::uint64_t h1 = p1.hst, h2 = p2.hst;
        const long long out1 = static_cast<long long>(p1.outstanding), out2 = static_cast<long long>(p2.outstanding);
        const long long stale1 = static_cast<long long>(p1.stale_after);
        const long long stale2 = static_cast<long long>(p2.stale_after);
        const bool over = h1 > h2 ? h1 > threshold_ * h2 : h2 > threshold_ * h1;
        if (!over) return out1 - out2;
        const bool is_stale1 = static_cast<std::uint64_t>(stale1) < now;
        const bool is_stale2 = static_cast<std::uint64_t>(stale2) < now;
        if ((out1 == 0 && is_stale1) || (out2 == 0 && is_stale2) || (out1 == 0 && out2 == 0))
            return (out2 == 0 ? stale1 : 0) - (out1 == 0 ? stale2 : 0);
        bool p2_better;
        if (out1 == out2) {
            p2_better = h1 > h2;
        } else {
            if (out1 >= 1024 || out2 >= 1024) { // HST_MAX_INFLIGHT
                h1 >>= 10;
                h2 >>= 10;
            }
            p2_better = static_cast<std::uint64_t>(1 + out1) * h1 > static_cast<std::uint64_t>(1 + out2) * h2;
        }
        if (p2_better) return is_stale2 ? out1 - out2 : 1;
        return is_stale1 ? out1 - out2 : -1;
    }

    selector_kind kind_;
    std::uint64_t threshold_;
    std::uint64_t weights_[64] = {};
    std::vector<path_info> paths_;
    std::vector<int> valid_;
};

} // namespace dm_kernel_model

#endif // MPIO_TESTS_POLICY_DM_KERNEL_MODEL_HPP
