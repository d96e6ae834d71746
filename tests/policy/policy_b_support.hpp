// Shared helpers of the dm-multipath / VMware / illumos / NUMA selector
// tests: exact sequences, common edge cases (no path, one path, failing and
// returning paths, weights 0 and UINT32_MAX, relative throughput 0 and 100)
// and the concurrent stress pattern of concurrent_stress_test.cpp (acknowledged
// failures are never selected; in-flight counters return to zero).
#ifndef MPIO_TESTS_POLICY_POLICY_B_SUPPORT_HPP
#define MPIO_TESTS_POLICY_POLICY_B_SUPPORT_HPP

#include <mpio/policy/path_selector.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "policy_sim.hpp"

namespace policy_b {

using namespace mpio::policy;

inline io_request io_at(std::uint64_t lba, std::uint32_t bytes = 4096, mpio::tick now = 0, std::uint16_t cpu = 0)
{
    io_request io;
    io.lba = lba;
    io.bytes = bytes;
    io.blocks = bytes / 512;
    io.now = now;
    io.cpu = cpu;
    return io;
}

inline path_attributes alua(mpio::scsi::asymmetric_access_state st)
{
    path_attributes a;
    a.alua = st;
    return a;
}

// select + start + complete at once (a synchronous workload); -1 = no path.
template <class S>
std::vector<int> sequence(S& s, int n, std::uint32_t bytes = 4096)
{
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        const io_request io = io_at(static_cast<std::uint64_t>(i) * 1000003u, bytes);
        const auto r = s.select(io);
        out.push_back(r ? int{*r} : -1);
        if (r) {
            s.start(*r, io);
            s.complete(*r, io, 1, io_status::success);
        }
    }
    return out;
}

// Rules every selector must keep: no path -> no_usable_path; one path ->
// that path; a failed path is never chosen and comes back when reinstated;
// extreme weights and throughputs are accepted and change nothing unsafe.
template <class S>
void check_common_rules()
{
    S s;
    CHECK(s.select(io_at(0)).error() == mpio::errc::no_usable_path);
    path_attributes heavy;
    heavy.weight = UINT32_MAX;
    heavy.relative_throughput = 100;
    REQUIRE(s.add_path(3, heavy));
    for (int v : sequence(s, 5)) CHECK(v == 3); // one path
    path_attributes light;
    light.weight = 0;
    light.relative_throughput = 0;
    REQUIRE(s.add_path(1, light));
    CHECK(s.set_weight(1, UINT32_MAX));
    CHECK(s.set_weight(3, 0));
    REQUIRE(s.fail_path(3));
    for (int v : sequence(s, 5)) CHECK(v == 1);
    REQUIRE(s.fail_path(1));
    for (int v : sequence(s, 3)) CHECK(v == -1);
    REQUIRE(s.reinstate_path(1));
    REQUIRE(s.reinstate_path(3));
    bool seen[8] = {};
    for (int v : sequence(s, 64)) {
        REQUIRE((v == 1 || v == 3));
        seen[v] = true;
    }
    CHECK((seen[1] || seen[3]));
    REQUIRE(s.remove_path(3));
    REQUIRE(s.remove_path(1));
    CHECK(s.select(io_at(0)).error() == mpio::errc::no_usable_path);
    CHECK(s.add_path(S::capacity, {}).error() == mpio::errc::invalid_argument);
    CHECK(s.fail_path(2).error() == mpio::errc::not_found);
    for (slot_index i = 0; i < S::capacity; ++i) CHECK(s.requests_in_flight(i) == 0);
}

struct stress_outcome {
    std::uint64_t selected = 0;
    std::uint64_t no_path = 0;
    std::uint64_t violations = 0;
    std::uint64_t checked = 0;
};

// The concurrent_stress_test.cpp pattern: workers select/start/complete
// while a control thread fails, reinstates and re-states paths.
template <class Selector>
stress_outcome stress(Selector& sel, int workers, int ios_per_worker, std::size_t paths = 4)
{
    for (std::size_t i = 0; i < paths; ++i) REQUIRE(sel.add_path(static_cast<slot_index>(i), path_attributes{}));
    std::atomic<std::uint64_t> ack{0};
    std::atomic<bool> stop{false};
    std::atomic<bool> go{false}; // workers start once the first failure stands acknowledged
    // On a loaded machine either side may sleep a whole time slice: both wait
    // for the other's progress (workers: >= 64 control cycles; control: a few
    // selects while each failure stands), as concurrent_stress_test.cpp does.
    std::atomic<std::uint32_t> cycles{0};
    std::atomic<std::uint64_t> progress{0};
    std::atomic<std::uint64_t> selected{0}, no_path{0}, violations{0}, checked{0};
    std::thread control([&] {
        std::uint64_t word = 0;
        const auto publish = [&](std::uint32_t mask) {
            word = ((word >> 32) + 1) << 32 | mask;
            ack.store(word, std::memory_order_release);
        };
        std::uint32_t k = 0;
        while (!stop.load(std::memory_order_relaxed)) {
            const auto s = static_cast<slot_index>(k % paths);
            static_cast<void>(sel.fail_path(s));
            std::uint32_t failed = 1u << s;
            publish(failed);
            go.store(true, std::memory_order_release);
            if (k % 7 == 3) {
                for (std::size_t i = 0; i < paths; ++i) static_cast<void>(sel.fail_path(static_cast<slot_index>(i)));
                failed = (1u << paths) - 1;
                publish(failed);
            }
            const std::uint64_t seen = progress.load(std::memory_order_relaxed);
            while (progress.load(std::memory_order_relaxed) < seen + 4 && !stop.load(std::memory_order_relaxed))
                std::this_thread::yield();
            cycles.store(k, std::memory_order_relaxed);
            if (k % 5 == 1)
                static_cast<void>(sel.set_alua_state(static_cast<slot_index>((k + 1) % paths),
                                                     (k & 8) ? mpio::scsi::asymmetric_access_state::active_non_optimized
                                                             : mpio::scsi::asymmetric_access_state::active_optimized));
            publish(0);
            std::atomic_thread_fence(std::memory_order_seq_cst);
            for (std::size_t i = 0; i < paths; ++i)
                if (failed & (1u << i)) static_cast<void>(sel.reinstate_path(static_cast<slot_index>(i)));
            ++k;
        }
    });
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) {
        pool.emplace_back([&, w] {
            struct pending {
                slot_index slot;
                io_request io;
            };
            pending ring[8];
            int held = 0;
            std::uint64_t mine = 0, none = 0, bad = 0, watched = 0;
            while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
            for (int i = 0; i < ios_per_worker || cycles.load(std::memory_order_relaxed) < 64; ++i) {
                progress.fetch_add(1, std::memory_order_relaxed);
                io_request io = io_at(static_cast<std::uint64_t>(w) * 1'000'000u + static_cast<std::uint64_t>(i) * 8u,
                                      4096u * static_cast<std::uint32_t>(1 + (i % 3)), static_cast<mpio::tick>(i),
                                      static_cast<std::uint16_t>(w));
                io.direction = (i & 1) ? io_direction::write : io_direction::read;
                const std::uint64_t before = ack.load(std::memory_order_acquire);
                const auto r = sel.select(io);
                std::atomic_thread_fence(std::memory_order_seq_cst);
                const std::uint64_t after = ack.load(std::memory_order_relaxed);
                if (!r) {
                    ++none;
                    continue;
                }
                ++mine;
                if (before == after && (before & 0xFFFF'FFFFu) != 0) ++watched;
                if (before == after && (before & (1u << *r)) != 0) ++bad;
                sel.start(*r, io);
                ring[held++] = {*r, io};
                if (held == 8) {
                    for (int j = 0; j < 8; j += 2)
                        sel.complete(ring[j].slot, ring[j].io, 1 + static_cast<mpio::tick>(j), io_status::success);
                    ring[0] = ring[1], ring[1] = ring[3], ring[2] = ring[5], ring[3] = ring[7];
                    held = 4;
                }
            }
            for (int j = 0; j < held; ++j) sel.complete(ring[j].slot, ring[j].io, 1, io_status::success);
            selected += mine;
            no_path += none;
            violations += bad;
            checked += watched;
        });
    }
    for (auto& t : pool) t.join();
    stop = true;
    control.join();
    return {selected.load(), no_path.load(), violations.load(), checked.load()};
}

template <class Selector>
void check_stress()
{
    Selector sel;
    const stress_outcome o = stress(sel, 3, 20'000);
    INFO("selected " << o.selected << " no path " << o.no_path << " checked " << o.checked);
    CHECK(o.violations == 0);
    CHECK(o.checked > 0);
    CHECK(o.selected + o.no_path >= 60'000);
    CHECK(o.selected > 0);
    for (slot_index i = 0; i < 4; ++i) {
        CHECK(sel.requests_in_flight(i) == 0);
        CHECK(sel.bytes_in_flight(i) == 0);
    }
}

} // namespace policy_b

#endif
