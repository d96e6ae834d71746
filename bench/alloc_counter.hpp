// SPDX-License-Identifier: MIT
// Counts heap allocations made by the benchmark process (global operator new
// is replaced in alloc_counter.cpp), so a benchmark can report allocations
// per operation next to its time.
#ifndef MPIO_BENCH_ALLOC_COUNTER_HPP
#define MPIO_BENCH_ALLOC_COUNTER_HPP

#include <benchmark/benchmark.h>

#include <cstdint>

namespace mpio_bench {
std::uint64_t allocation_count() noexcept;

// Reports allocations per iteration since `before` as the counter
// "allocs/page"; an mpio benchmark passes must_be_zero, so an allocation in
// mpio turns the benchmark into an error rather than a number.
inline void count_allocations(benchmark::State& state, std::uint64_t before, bool must_be_zero)
{
    const auto allocations = allocation_count() - before;
    state.counters["allocs/page"] =
        benchmark::Counter(static_cast<double>(allocations) / static_cast<double>(state.iterations()));
    if (must_be_zero && allocations != 0) state.SkipWithError("mpio allocated on the heap");
}
} // namespace mpio_bench

#endif
