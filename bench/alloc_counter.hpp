// Counts heap allocations made by the benchmark process (global operator new
// is replaced in alloc_counter.cpp), so a benchmark can report allocations
// per operation next to its time.
#ifndef MPIO_BENCH_ALLOC_COUNTER_HPP
#define MPIO_BENCH_ALLOC_COUNTER_HPP

#include <atomic>
#include <cstdint>

namespace mpio_bench {
std::uint64_t allocation_count() noexcept;
} // namespace mpio_bench

#endif
