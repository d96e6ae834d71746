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
// counters) do under their spinlock. ratio_main.cpp prints reference/mpio.
// mpio cases count heap allocations and fail if there is one.
//
// policy-b: one line per selector in `registered` at the bottom.
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

// An I/O per iteration: non-sequential LBAs (least_blocks' sequential cache
// would otherwise short-cut the scan), mixed reads and writes, 4-64 KiB.
inline io_request make_io(std::uint64_t i, int thread)
{
    io_request io;
    io.direction = (i & 1) ? io_direction::write : io_direction::read;
    io.lba = (i * 7919u + static_cast<std::uint64_t>(thread) * 104729u) * 128u;
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

// Which classic selector the reference plays.
enum class classic { round_robin, queue_length, least_bytes };

struct spinlock {
    std::atomic_flag f = ATOMIC_FLAG_INIT;
    void lock() noexcept
    {
        while (f.test_and_set(std::memory_order_acquire))
            while (f.test(std::memory_order_relaxed)) {
            }
    }
    void unlock() noexcept { f.clear(std::memory_order_release); }
};

struct classic_path {
    classic_path* prev;
    classic_path* next;
    std::atomic<std::uint32_t> qlen{0};
    std::atomic<std::uint32_t> bytes{0};
    int slot = 0;
};

template <classic Kind>
class spinlock_list {
public:
    explicit spinlock_list(std::size_t paths)
    {
        head_.prev = head_.next = &head_;
        for (std::size_t i = 0; i < paths; ++i) {
            nodes_[i].slot = static_cast<int>(i);
            insert_tail(&nodes_[i]);
        }
    }
    classic_path* select() noexcept
    {
        lock_.lock();
        classic_path* best = head_.next;
        if (best == &head_) {
            lock_.unlock();
            return nullptr;
        }
        if constexpr (Kind != classic::round_robin) {
            // dm-ps-queue-length: rotate the list, then the least loaded path.
            for (classic_path* p = best->next; p != &head_; p = p->next) {
                const auto load = [](classic_path* q) {
                    return Kind == classic::queue_length ? q->qlen.load(std::memory_order_relaxed)
                                                         : q->bytes.load(std::memory_order_relaxed);
                };
                if (load(p) < load(best)) best = p;
            }
        }
        unlink(best); // list_move_tail: the chosen path goes to the back
        insert_tail(best);
        lock_.unlock();
        return best;
    }
    static void start(classic_path* p, const io_request& io) noexcept
    {
        p->qlen.fetch_add(1, std::memory_order_relaxed);
        p->bytes.fetch_add(io.bytes, std::memory_order_relaxed);
    }
    static void complete(classic_path* p, const io_request& io) noexcept
    {
        p->qlen.fetch_sub(1, std::memory_order_relaxed);
        p->bytes.fetch_sub(io.bytes, std::memory_order_relaxed);
    }

private:
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
        classic_path* p = sel->select();
        if (p != nullptr) {
            list::start(p, io);
            list::complete(p, io);
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
    // Linux dm-multipath, VMware NMP, illumos, NUMA (policy-b)
    register_selector<dm_round_robin>("dm_round_robin", classic::round_robin);
    register_selector<dm_queue_length>("dm_queue_length", classic::queue_length);
    register_selector<dm_service_time>("dm_service_time", classic::least_bytes);
    register_selector<dm_historical_service_time>("dm_historical_service_time", classic::queue_length);
    register_selector<vmw_fixed>("VMW_PSP_FIXED", classic::round_robin);
    register_selector<vmw_mru>("VMW_PSP_MRU", classic::round_robin);
    register_selector<vmw_round_robin>("VMW_PSP_RR", classic::round_robin);
    register_selector<vmw_round_robin_latency>("VMW_PSP_RR_latency", classic::queue_length);
    register_selector<logical_block>("logical_block", classic::round_robin);
    register_selector<numa_affinity>("numa", classic::round_robin);
    register_selector<numa_two_nodes>("numa_2nodes", classic::round_robin);
    return true;
}();

} // namespace
