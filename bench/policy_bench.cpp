// SPDX-License-Identifier: MIT
// Cost of the per-I/O hot path of every path selector: one select() + start()
// + complete() per iteration, at 2, 8 and 32 usable paths, three ways:
//   .../st/...   the single_thread variant, one thread (firmware, or a
//                caller that serializes submission itself)
//   .../mt/...   the concurrent (lock-free) variant, one thread and, with
//                "/threads:2", two threads sharing one selector (GB's
//                barrier starts them together)
// next to the classic design, measured in the same run: a spinlock-protected
// list of valid paths rotated on each selection, as Linux's
// dm-ps-round-robin.c (list_move_tail of the chosen path) and
// dm-ps-queue-length.c (rotate, then scan for the least qlen, atomic_t
// counters) do under their spinlock. The estimators are compared with the
// same list doing their arithmetic: service-time with st_compare_load(),
// historical-service-time with hst_compare() and the kernel's EMA in
// hst_end_io() (per-path lock, precomputed weights), RR-latency with its
// sampling windows and latency x (1 + outstanding). ratio_main.cpp prints
// reference/mpio.
// mpio cases count heap allocations and fail if there is one.
//
// A new selector adds one line to `registered` at the bottom.
#include <mpio/policy.hpp>

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string>

#include "alloc_counter.hpp"

namespace {

using namespace mpio::policy;

// An I/O per iteration: mixed reads and writes, 4-64 KiB, at LBAs that go
// up and down (a multiplicative hash of the iteration, spread over 2^31
// blocks: 50.0% land at or above the previous one's last block), so least_blocks'
// sequential rule takes the last path for about half of them and scans for
// the rest, as with random I/O. (Increasing LBAs would send almost every
// I/O to the last path used: no scan at all.)
inline io_request make_io(std::uint64_t i, int thread)
{
    io_request io;
    io.direction = (i & 1) ? io_direction::write : io_direction::read;
    std::uint64_t h = (i + static_cast<std::uint64_t>(thread) * 104729u) * 0x9E3779B97F4A7C15u;
    h = (h ^ (h >> 32)) * 0xD6E8FEB86659FD93u;
    io.lba = (h >> 33) * 8u;
    io.bytes = 4096u << (i & 3);
    io.blocks = io.bytes / 512;
    io.cpu = static_cast<std::uint16_t>(thread);
    io.now = i;
    return io;
}

// ---------------------------------------------------------------- mpio

template <class Selector, std::size_t Paths>
void run_mpio(benchmark::State& state)
{
    // One selector shared by all threads of the case; thread 0 builds it
    // before GB's start barrier.
    alignas(Selector) static unsigned char storage[sizeof(Selector)];
    static Selector* sel = nullptr;
    if (state.thread_index() == 0) {
        sel = ::new (static_cast<void*>(storage)) Selector();
        for (std::size_t s = 0; s < Paths; ++s) {
            path_attributes a;
            a.weight = 10; // equal weights: WP rotates over all paths
            static_cast<void>(sel->add_path(static_cast<slot_index>(s), a));
        }
    }
    const auto before = mpio_bench::allocation_count();
    std::uint64_t i = 0;
    const int thread = state.thread_index();
    for (auto _ : state) {
        const io_request io = make_io(i++, thread);
        const auto r = sel->select(io);
        if (r) {
            sel->start(*r, io);
            sel->complete(*r, io, 1, io_status::success);
        }
        benchmark::DoNotOptimize(r);
    }
    if (state.thread_index() == 0) mpio_bench::count_allocations(state, before, true);
}

// ----------------------------------------------------------- reference

// Which classic selector the reference plays. The estimator selectors get a
// reference that does their kernel's arithmetic, so their ratio compares
// designs (one spinlock around a list vs a lock-free published list), not
// algorithms.
enum class classic {
    round_robin,             // dm-ps-round-robin: the head, moved to the tail
    queue_length,            // dm-ps-queue-length: least qlen
    least_bytes,             // least bytes in flight (MSDSM LB)
    service_time,            // dm-ps-service-time: st_compare_load()
    historical_service_time, // dm-ps-historical-service-time: hst_compare(), EMA in hst_end_io()
    rr_latency               // VMW_PSP_RR latency: sampling windows, then latency x (1 + outstanding)
};

struct spinlock {
    std::atomic_flag f = ATOMIC_FLAG_INIT;
    void lock() noexcept
    {
        while (f.test_and_set(std::memory_order_acquire))
            while (f.test(std::memory_order_relaxed)) {}
    }
    void unlock() noexcept { f.clear(std::memory_order_release); }
};

struct classic_path {
    classic_path* prev;
    classic_path* next;
    std::atomic<std::uint32_t> qlen{0};
    std::atomic<std::uint32_t> bytes{0};
    int slot = 0;
    std::uint32_t relative_throughput = 1; // dm-ps-service-time's default
    // dm-ps-historical-service-time.c's struct path_info: 64-bit times,
    // updated under the path's own lock (pi->lock) in hst_end_io().
    spinlock lock;
    std::atomic<std::uint64_t> hst{1u << 10}; // HST_FIXED_1
    std::atomic<std::uint64_t> stale_after{0};
    std::uint64_t last_finish = 0;
    // VMW_PSP_RR latency: samples of the current window (under the list lock).
    std::uint32_t samples = 0;
    std::uint32_t sum = 0;
    std::uint32_t latency = 0;
};

template <classic Kind>
class spinlock_list {
public:
    explicit spinlock_list(std::size_t paths) : count_(static_cast<std::uint32_t>(paths))
    {
        head_.prev = head_.next = &head_;
        for (std::size_t i = 0; i < paths; ++i) {
            nodes_[i].slot = static_cast<int>(i);
            insert_tail(&nodes_[i]);
        }
        // hst_set_weights(): the 64 bucket weights, precomputed as the kernel does.
        for (std::uint32_t k = 0; k < 64; ++k)
            weights_[k] = k == 63 ? 0 : dm_historical_service_time<>::fixed_power(972, k + 1);
    }
    classic_path* select(const io_request& io) noexcept
    {
        lock_.lock();
        classic_path* best = head_.next;
        if (best == &head_) {
            lock_.unlock();
            return nullptr;
        }
        if constexpr (Kind == classic::rr_latency) {
            if (!sampling_ && io.now - window_start_ >= 180000) { // latencyEvalTime
                for (classic_path* p = head_.next; p != &head_; p = p->next) p->samples = p->sum = 0;
                window_start_ = io.now;
                sampling_ = true;
            }
        }
        if constexpr (Kind == classic::round_robin) {
        } else if constexpr (Kind == classic::rr_latency) {
            if (!sampling_)
                for (classic_path* p = best->next; p != &head_; p = p->next)
                    if (latency_cost(p) < latency_cost(best)) best = p;
        } else {
            // Rotate the list, then the best path by the kernel's comparison.
            for (classic_path* p = best->next; p != &head_; p = p->next)
                if (better(p, best, io)) best = p;
        }
        unlink(best); // list_move_tail: the chosen path goes to the back
        insert_tail(best);
        lock_.unlock();
        return best;
    }
    void start(classic_path* p, const io_request& io) noexcept
    {
        if constexpr (Kind == classic::least_bytes || Kind == classic::service_time)
            p->bytes.fetch_add(io.bytes, std::memory_order_relaxed);
        else
            p->qlen.fetch_add(1, std::memory_order_relaxed);
    }
    void complete(classic_path* p, const io_request& io, mpio::tick service_time) noexcept
    {
        if constexpr (Kind == classic::least_bytes || Kind == classic::service_time) {
            p->bytes.fetch_sub(io.bytes, std::memory_order_relaxed);
            return;
        }
        p->qlen.fetch_sub(1, std::memory_order_relaxed);
        if constexpr (Kind == classic::historical_service_time) {
            // hst_end_io() + hst_update_path(), under pi->lock.
            p->lock.lock();
            const std::uint64_t finish = io.now + service_time;
            std::uint64_t begin = io.now;
            if (p->last_finish > begin) begin = p->last_finish;
            p->last_finish = finish;
            const std::uint64_t st = finish > begin ? finish - begin : 0;
            const std::uint64_t bucket = st >> 24;
            const std::uint64_t w = weights_[bucket < 63 ? bucket : 63];
            const std::uint64_t h = (p->hst.load(std::memory_order_relaxed) * w + (st << 10) * (1024 - w) + 512) >> 10;
            p->hst.store(h, std::memory_order_relaxed);
            p->stale_after.store(finish + count_ * (h >> 10), std::memory_order_relaxed);
            p->lock.unlock();
        } else if constexpr (Kind == classic::rr_latency) {
            lock_.lock();
            if (sampling_ && ++p->samples <= 16) {
                p->sum += static_cast<std::uint32_t>(service_time);
                if (p->samples == 16) {
                    p->latency = p->sum / 16 == 0 ? 1 : p->sum / 16;
                    bool all = true;
                    for (classic_path* q = head_.next; q != &head_; q = q->next) all = all && q->samples >= 16;
                    sampling_ = !all;
                }
            }
            lock_.unlock();
        }
    }

private:
    bool better(classic_path* p1, classic_path* p2, const io_request& io) const noexcept
    {
        if constexpr (Kind == classic::queue_length)
            return p1->qlen.load(std::memory_order_relaxed) < p2->qlen.load(std::memory_order_relaxed);
        else if constexpr (Kind == classic::least_bytes)
            return p1->bytes.load(std::memory_order_relaxed) < p2->bytes.load(std::memory_order_relaxed);
        else if constexpr (Kind == classic::service_time)
            return st_compare_load(p1, p2, io.bytes) < 0;
        else
            return hst_compare(p1, p2, io.now) < 0;
    }
    // dm-ps-service-time.c's st_compare_load() (64-bit, so no overflow shift).
    static std::int64_t st_compare_load(const classic_path* p1, const classic_path* p2, std::uint64_t incoming) noexcept
    {
        std::uint64_t sz1 = p1->bytes.load(std::memory_order_relaxed), sz2 = p2->bytes.load(std::memory_order_relaxed);
        const auto tp1 = static_cast<std::int64_t>(p1->relative_throughput);
        const auto tp2 = static_cast<std::int64_t>(p2->relative_throughput);
        if (tp1 == tp2) return static_cast<std::int64_t>(sz1) - static_cast<std::int64_t>(sz2);
        if (sz1 == sz2 || tp1 == 0 || tp2 == 0) return tp2 - tp1;
        sz1 += incoming, sz2 += incoming;
        const auto st1 = static_cast<std::int64_t>(sz1) * tp2, st2 = static_cast<std::int64_t>(sz2) * tp1;
        if (st1 != st2) return st1 - st2;
        return tp2 - tp1;
    }
    // dm-ps-historical-service-time.c's hst_fill_compare() + hst_compare()
    // (threshold_multiplier 0; the snapshot reads without pi->lock, cheaper
    // than the kernel).
    static std::int64_t hst_compare(const classic_path* a, const classic_path* b, std::uint64_t now) noexcept
    {
        const std::uint64_t h1 = a->hst.load(std::memory_order_relaxed), h2 = b->hst.load(std::memory_order_relaxed);
        const std::uint64_t o1 = a->qlen.load(std::memory_order_relaxed), o2 = b->qlen.load(std::memory_order_relaxed);
        const std::uint64_t s1 = a->stale_after.load(std::memory_order_relaxed);
        const std::uint64_t s2 = b->stale_after.load(std::memory_order_relaxed);
        const std::int64_t by_outstanding = static_cast<std::int64_t>(o1) - static_cast<std::int64_t>(o2);
        constexpr std::uint64_t m = 0; // threshold_multiplier, dm's default
        if (!(h1 > h2 ? h1 > m * h2 : h2 > m * h1)) return by_outstanding;
        const bool stale1 = now > s1, stale2 = now > s2;
        if (o1 == 0 && o2 == 0) return static_cast<std::int64_t>(s1 - s2);
        if ((o1 == 0 && stale1) || (o2 == 0 && stale2)) return o1 == 0 ? -1 : 1;
        const bool p2_better = o1 == o2 ? h1 > h2 : (1 + o1) * h1 > (1 + o2) * h2;
        if (p2_better) return stale2 ? by_outstanding : 1;
        return stale1 ? by_outstanding : -1;
    }
    static std::uint64_t latency_cost(const classic_path* p) noexcept
    {
        return std::uint64_t{p->latency} * (std::uint64_t{p->qlen.load(std::memory_order_relaxed)} + 1);
    }
    void unlink(classic_path* p) noexcept
    {
        p->prev->next = p->next;
        p->next->prev = p->prev;
    }
    void insert_tail(classic_path* p) noexcept
    {
        p->prev = head_.prev;
        p->next = &head_;
        head_.prev->next = p;
        head_.prev = p;
    }
    spinlock lock_;
    classic_path head_;
    classic_path nodes_[32];
    std::uint64_t weights_[64];
    std::uint64_t count_;
    std::uint64_t window_start_ = 0;
    bool sampling_ = true; // the first window starts at once (no latency yet)
};

template <classic Kind, std::size_t Paths>
void run_reference(benchmark::State& state)
{
    using list = spinlock_list<Kind>;
    alignas(list) static unsigned char storage[sizeof(list)];
    static list* sel = nullptr;
    if (state.thread_index() == 0) sel = ::new (static_cast<void*>(storage)) list(Paths);
    std::uint64_t i = 0;
    const int thread = state.thread_index();
    for (auto _ : state) {
        const io_request io = make_io(i++, thread);
        classic_path* p = sel->select(io);
        if (p != nullptr) {
            sel->start(p, io);
            sel->complete(p, io, 1);
        }
        benchmark::DoNotOptimize(p);
    }
}

// numa_affinity with a topology: two nodes (SLIT 10/21), CPU i on node i % 2,
// path s on node s % 2 - the select() that computes distances.
constexpr std::uint8_t two_node_distance[] = {10, 21, 21, 10};
constexpr std::uint16_t two_node_cpus[] = {0, 1, 0, 1};
template <std::size_t Capacity, class Concurrency>
struct numa_two_nodes : numa_affinity<Capacity, Concurrency> {
    numa_two_nodes() noexcept { this->set_topology(two_node_distance, 2, two_node_cpus, 4); }
    mpio::status add_path(slot_index s, path_attributes a) noexcept
    {
        a.node = static_cast<std::uint16_t>(s % 2);
        return numa_affinity<Capacity, Concurrency>::add_path(s, a);
    }
};

// --------------------------------------------------------- registration

template <template <std::size_t, class> class Selector, std::size_t Paths>
void register_paths(const std::string& name, classic kind)
{
    const std::string base = "policy_" + name + "/paths:" + std::to_string(Paths);
    benchmark::RegisterBenchmark((base + "/st/mpio").c_str(), run_mpio<Selector<Paths, single_thread>, Paths>);
    benchmark::RegisterBenchmark((base + "/mt/mpio").c_str(), run_mpio<Selector<Paths, concurrent>, Paths>)
        ->Threads(1)
        ->Threads(2);
    const auto reference = [&](auto run) {
        benchmark::RegisterBenchmark((base + "/st/reference:spinlock_list").c_str(), run);
        benchmark::RegisterBenchmark((base + "/mt/reference:spinlock_list").c_str(), run)->Threads(1)->Threads(2);
    };
    switch (kind) {
    case classic::round_robin: reference(run_reference<classic::round_robin, Paths>); break;
    case classic::queue_length: reference(run_reference<classic::queue_length, Paths>); break;
    case classic::least_bytes: reference(run_reference<classic::least_bytes, Paths>); break;
    case classic::service_time: reference(run_reference<classic::service_time, Paths>); break;
    case classic::historical_service_time: reference(run_reference<classic::historical_service_time, Paths>); break;
    case classic::rr_latency: reference(run_reference<classic::rr_latency, Paths>); break;
    }
}

// Registers one selector at 2, 8 and 32 paths, next to the classic selector
// of the same kind.
template <template <std::size_t, class> class Selector>
void register_selector(const std::string& name, classic kind)
{
    register_paths<Selector, 2>(name, kind);
    register_paths<Selector, 8>(name, kind);
    register_paths<Selector, 32>(name, kind);
}

[[maybe_unused]] const bool registered = [] {
    register_selector<fail_over_only>("FOO", classic::round_robin);
    register_selector<round_robin>("RR", classic::round_robin);
    register_selector<round_robin_with_subset>("RRWS", classic::round_robin);
    register_selector<least_queue_depth>("LQD", classic::queue_length);
    register_selector<weighted_paths>("WP", classic::round_robin);
    register_selector<least_blocks>("LB", classic::least_bytes);
    register_selector<any_selector>("any_RR", classic::round_robin); // run-time choice: RR by default
    // Linux dm-multipath, VMware NMP, illumos, NUMA
    register_selector<dm_round_robin>("dm_round_robin", classic::round_robin);
    register_selector<dm_queue_length>("dm_queue_length", classic::queue_length);
    register_selector<dm_service_time>("dm_service_time", classic::service_time);
    register_selector<dm_historical_service_time>("dm_historical_service_time", classic::historical_service_time);
    register_selector<vmw_fixed>("VMW_PSP_FIXED", classic::round_robin);
    register_selector<vmw_mru>("VMW_PSP_MRU", classic::round_robin);
    register_selector<vmw_round_robin>("VMW_PSP_RR", classic::round_robin);
    register_selector<vmw_round_robin_latency>("VMW_PSP_RR_latency", classic::rr_latency);
    register_selector<logical_block>("logical_block", classic::round_robin);
    register_selector<numa_affinity>("numa", classic::round_robin);
    register_selector<numa_two_nodes>("numa_2nodes", classic::round_robin);
    return true;
}();

} // namespace
