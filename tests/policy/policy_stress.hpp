// SPDX-License-Identifier: MIT
// Shared concurrent stress harness of the policy tests: worker threads hammer
// select/start/complete while a control thread fails, reinstates and
// re-states paths. Checked: no I/O is routed to a path whose failure was
// acknowledged before select() began and still stood after it; in-flight
// counters return to zero. Used by concurrent_stress_test.cpp, by the
// per-selector tests (through selector_checks.hpp) and by
// user_concurrency_test.cpp;
// meant to run under ThreadSanitizer (the "tsan" preset runs the tests named
// "concurrent: ...").
#ifndef MPIO_TESTS_POLICY_POLICY_STRESS_HPP
#define MPIO_TESTS_POLICY_POLICY_STRESS_HPP

#include <mpio/policy/path_selector.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace policy_stress {

using namespace mpio::policy;

struct outcome {
    std::uint64_t selected = 0;
    std::uint64_t no_path = 0;
    std::uint64_t violations = 0;
    std::uint64_t checked = 0; // selections made while a failure stood acknowledged throughout
};

// Adds `paths` default paths to `sel`, then runs `workers` threads of at
// least `ios_per_worker` I/Os each against a control thread.
template <class Selector>
outcome stress(Selector& sel, int workers, int ios_per_worker, std::size_t paths = 4)
{
    REQUIRE(paths <= 32);
    for (std::size_t i = 0; i < paths; ++i) REQUIRE(sel.add_path(static_cast<slot_index>(i), path_attributes{}));
    // The control thread's acknowledgement word: low bits = paths whose
    // fail_path() has returned, high 32 bits = a count of changes, so two
    // equal readings mean nothing changed in between (no ABA).
    std::atomic<std::uint64_t> ack{0};
    std::atomic<bool> stop{false};
    std::atomic<bool> go{false}; // workers start once the first failure stands acknowledged
    // On a loaded machine either side may be descheduled for a whole time
    // slice; both wait for the other's progress, so every run does
    // interleave (workers: >= 64 control cycles; control: a few selects
    // while each failure stands).
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
            if (k % 7 == 3) { // sometimes every path at once
                for (std::size_t i = 0; i < paths; ++i) static_cast<void>(sel.fail_path(static_cast<slot_index>(i)));
                failed = paths == 32 ? 0xFFFF'FFFFu : (1u << paths) - 1;
                publish(failed);
            }
            const std::uint64_t seen = progress.load(std::memory_order_relaxed);
            while (progress.load(std::memory_order_relaxed) < seen + 4 && !stop.load(std::memory_order_relaxed))
                std::this_thread::yield();
            if (k % 5 == 1)
                static_cast<void>(sel.set_alua_state(static_cast<slot_index>((k + 1) % paths),
                                                     (k & 8) ? mpio::scsi::asymmetric_access_state::active_non_optimized
                                                             : mpio::scsi::asymmetric_access_state::active_optimized));
            // Withdraw the acknowledgement before the paths may carry I/O again.
            publish(0);
            std::atomic_thread_fence(std::memory_order_seq_cst);
            for (std::size_t i = 0; i < paths; ++i)
                if (failed & (1u << i)) static_cast<void>(sel.reinstate_path(static_cast<slot_index>(i)));
            ++k;
            cycles.store(k, std::memory_order_relaxed);
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
                io_request io;
                io.direction = (i & 1) ? io_direction::write : io_direction::read;
                io.lba = static_cast<std::uint64_t>(w) * 1'000'000u + static_cast<std::uint64_t>(i) * 8u;
                io.bytes = 4096u * static_cast<std::uint32_t>(1 + (i % 3));
                io.blocks = 8; // lba advances by 8: every I/O continues the last (least_blocks' cache)
                io.cpu = static_cast<std::uint16_t>(w);
                io.now = static_cast<mpio::tick>(i); // time-aware selectors (HST, RR-latency) see time pass
                const std::uint64_t before = ack.load(std::memory_order_acquire);
                const auto r = sel.select(io);
                std::atomic_thread_fence(std::memory_order_seq_cst);
                const std::uint64_t after = ack.load(std::memory_order_relaxed);
                progress.fetch_add(1, std::memory_order_relaxed);
                if (!r) {
                    ++none;
                    continue;
                }
                ++mine;
                if (before == after && (before & 0xFFFF'FFFFu) != 0) ++watched;
                if (before == after && (before & (1u << *r)) != 0) ++bad; // failed all along
                sel.start(*r, io);
                ring[held++] = {*r, io};
                if (held == 8) { // complete out of order, a few at a time, with varied service times
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

// The standard check: 3 workers x 20,000 I/Os over 4 paths.
template <class Selector>
void check_stress()
{
    Selector sel;
    const outcome o = stress(sel, 3, 20'000);
    INFO("selected " << o.selected << " no path " << o.no_path << " checked " << o.checked);
    CHECK(o.violations == 0);
    CHECK(o.checked > 0); // the check did run
    CHECK(o.selected + o.no_path >= 60'000);
    CHECK(o.selected > 0);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(sel.requests_in_flight(static_cast<slot_index>(i)) == 0);
        CHECK(sel.bytes_in_flight(static_cast<slot_index>(i)) == 0);
    }
}

} // namespace policy_stress

#endif // MPIO_TESTS_POLICY_POLICY_STRESS_HPP
