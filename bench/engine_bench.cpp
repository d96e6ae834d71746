// SPDX-License-Identifier: MIT
// The engine's CPU cost per I/O, beyond the transport: submit + completion of
// a successful READ through engine::device (selector, interpretation, retry
// budget, path lifecycle, statistics), against the reference a new user
// writes by hand from the same parts (the glue the engine replaces: a request
// table, select/start, interpret, complete, lifecycle, counters).
//
// Both sides use round_robin over 4 and 32 paths, single-threaded, with a
// transport that completes nothing by itself (the loop completes each I/O at
// once: queue depth 1). Ratio = reference time / engine time: near 1 means
// the engine costs what hand-written glue costs.
#include <benchmark/benchmark.h>

#include <cstdint>

#include <mpio/engine/device.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/recovery/default_tables.hpp>
#include <mpio/recovery/error_table.hpp>
#include <mpio/recovery/io_status.hpp>
#include <mpio/recovery/path_lifecycle.hpp>
#include <mpio/recovery/retry_budget.hpp>

#include "alloc_counter.hpp"

namespace {

using namespace mpio;

struct last_command_transport {
    engine::command last{};
    std::uint64_t done = 0;
    bool send(const engine::command& c) noexcept
    {
        last = c;
        return true;
    }
    void request_done(std::uint64_t, const engine::request_result& r) noexcept { done += r.ok ? 1u : 0u; }
};

template <std::size_t Paths>
void engine_io(benchmark::State& state)
{
    last_command_transport t;
    engine::device<policy::round_robin<Paths>, last_command_transport, 64> d(
        t, engine::engine_config::microsoft_defaults(tick_rate{1'000'000}, topology::alua_mode::none));
    for (std::size_t i = 0; i < Paths; ++i) {
        engine::path_config c;
        c.handle = i + 1;
        c.verified = true;
        static_cast<void>(d.add_path(c, 0));
    }
    policy::io_request io;
    io.blocks = 8;
    io.bytes = 4096;
    tick now = 1;
    std::uint64_t cookie = 0;
    const recovery::io_outcome good{};
    const std::uint64_t allocs_before = mpio_bench::allocation_count();
    for (auto _ : state) {
        io.lba = (cookie * 8) & 0xFFFFF;
        static_cast<void>(d.submit(io, cookie++, now));
        static_cast<void>(d.on_completion(t.last.tag, good, {}, now + 20));
        now += 25;
    }
    mpio_bench::count_allocations(state, allocs_before, /*must_be_zero=*/true);
    if (t.done != cookie) state.SkipWithError("a request did not complete");
}

// The same parts, glued by hand for this one case: what the engine replaces.
template <std::size_t Paths>
void hand_glue_io(benchmark::State& state)
{
    struct request {
        policy::io_request io;
        std::uint64_t cookie;
        recovery::retry_budget budget;
        tick sent;
        policy::slot_index slot;
        bool busy;
    };
    policy::round_robin<Paths> selector;
    recovery::path_lifecycle life[Paths];
    engine::path_statistics<> stats[Paths];
    request requests[64]{};
    const recovery::lifecycle_config lc =
        recovery::lifecycle_config::from(recovery::to_ticks(recovery::microsoft_defaults, tick_rate{1'000'000}), false);
    for (std::size_t i = 0; i < Paths; ++i) {
        life[i] = recovery::path_lifecycle(lc);
        static_cast<void>(life[i].arrive(0));
        life[i].on_verification({recovery::checker_state::up, false, {}}, 0);
        static_cast<void>(selector.add_path(static_cast<policy::slot_index>(i), policy::path_attributes{}));
    }
    const recovery::retry_limits limits =
        recovery::retry_limits::from(recovery::to_ticks(recovery::microsoft_defaults, tick_rate{1'000'000}));
    policy::io_request io;
    io.blocks = 8;
    io.bytes = 4096;
    tick now = 1;
    std::uint64_t cookie = 0, done = 0;
    std::size_t next = 0;
    const recovery::io_outcome good{};
    const std::uint64_t allocs_before = mpio_bench::allocation_count();
    for (auto _ : state) {
        io.lba = (cookie * 8) & 0xFFFFF;
        // submit
        request& r = requests[next];
        next = (next + 1) % 64;
        r = {io, cookie++, recovery::retry_budget(limits), now, 0, true};
        const result<policy::slot_index> s = selector.select(io);
        if (!s) continue;
        r.slot = *s;
        selector.start(r.slot, r.io);
        benchmark::DoNotOptimize(r);
        // completion
        const tick t = now + 20;
        const recovery::decision dec = recovery::interpret<recovery::default_error_table>(good, {true});
        selector.complete(r.slot, r.io, t - r.sent, recovery::to_io_status(dec));
        stats[r.slot].record_success(false, r.io.bytes, t - r.sent);
        life[r.slot].on_io(dec, t);
        if (dec.action == recovery::action::complete) {
            r.busy = false;
            ++done;
        }
        now += 25;
    }
    mpio_bench::count_allocations(state, allocs_before, /*must_be_zero=*/true);
    if (done != cookie) state.SkipWithError("a request did not complete");
}

} // namespace

BENCHMARK(engine_io<4>)->Name("engine_io_4_paths/mpio");
BENCHMARK(hand_glue_io<4>)->Name("engine_io_4_paths/reference:hand_glue");
BENCHMARK(engine_io<32>)->Name("engine_io_32_paths/mpio");
BENCHMARK(hand_glue_io<32>)->Name("engine_io_32_paths/reference:hand_glue");
