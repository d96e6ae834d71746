// SPDX-License-Identifier: MIT
// The C API's cost per call (include/mpio/c/mpio.h, linked from the static
// libmpio_c.a as a driver would): the same operation through the C shim
// ("<case>/mpio") and straight through the C++ headers
// ("<case>/reference:cpp..."). Ratio = C++ time / C time: 1.0 means the shim
// costs nothing; below 1 is its overhead. docs/c-api.md reports the figures
// (goal: <= 1 ns more per selector call, <= 5 % on parsing).
//
//   selector_<policy>: select + start + complete over 4 paths, through
//                   mpio_selector_* vs policy::any_selector<32> and vs the
//                   policy class itself (variants below), for round robin
//                   (rr), least queue depth (lqd), fail over only (foo),
//                   weighted paths (wp), least blocks (lb) and dm-multipath's
//                   service-time (dm_st): rr, foo and wp ignore start and
//                   complete, the others act on both;
//   parse_vpd83:    Device Identification page (sg3_utils' vpd_dev_id.hex,
//                   5 designators): parse, walk, decode every designator,
//                   one mpio_vpd83_next call per designator;
//   parse_vpd83_all: the same page, every designator into an array in one
//                   call (mpio_vpd83_designators);
//   parse_inquiry:  standard INQUIRY (sg3_utils' inq_standard.hex): parse
//                   and fill mpio_inquiry.
// The parsing references run the shim's own fill code (src/c_fill.hpp)
// inlined, so the ratio is what the C boundary costs: the call, the argument
// checks, an iterator kept in caller memory. The selector loops reach the
// selector through a pointer and clobber memory after each I/O (a driver does
// other work between two I/Os), in every variant.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <new>

#include <mpio/c/mpio.h>
#include <mpio/policy/any_selector.hpp>
#include <mpio/policy/dm_service_time.hpp>
#include <mpio/policy/fail_over_only.hpp>
#include <mpio/policy/least_blocks.hpp>
#include <mpio/policy/least_queue_depth.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/policy/weighted_paths.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

#include "../src/c_fill.hpp" // the shim's own fill code, run inline as the C++ reference
#include "alloc_counter.hpp"

// mpio_bench links libmpio_c.a as built (no link-time optimisation);
// mpio_bench_c_lto compiles src/mpio_c.cpp into itself with -flto, as a driver
// built with LTO would (bench/CMakeLists.txt).
#ifdef MPIO_BENCH_C_LTO
#define MPIO_C_BENCH "c_api_lto_"
#else
#define MPIO_C_BENCH "c_api_"
#endif

namespace {

using namespace mpio;

// sg3_utils inhex/vpd_dev_id.hex and inhex/inq_standard.hex.
constexpr std::uint8_t vpd83[] = {
    0x00, 0x83, 0x00, 0x48, 0x01, 0x03, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b, 0x61, 0x93, 0x00,
    0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x29, 0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x61, 0xa3,
    0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x28, 0x03, 0x28, 0x00, 0x18, 0x6e, 0x61, 0x61, 0x2e, 0x35,
    0x30, 0x30, 0x30, 0x43, 0x35, 0x30, 0x30, 0x33, 0x30, 0x31, 0x31, 0x43, 0x42, 0x32, 0x38, 0x00, 0x00, 0x00, 0x00};
constexpr std::uint8_t inquiry[] = {
    0x00, 0x00, 0x07, 0x02, 0x5b, 0x00, 0x10, 0x0a, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x20, 0x20, 0x20, 0x73, 0x63, 0x73,
    0x69, 0x5f, 0x64, 0x65, 0x62, 0x75, 0x67, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x30, 0x31, 0x39, 0x31, 0x32, 0x30,
    0x32, 0x31, 0x30, 0x35, 0x32, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xc0, 0x05, 0xc0, 0x06, 0x00, 0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

// What each loop reads of a result (the same on both sides of a pair).
std::uint64_t consume(const mpio_designator& d)
{
    return d.designator_type + d.association + d.value + d.designator.offset + d.designator.size;
}
std::uint64_t consume(const mpio_inquiry& q)
{
    return std::uint64_t{q.version} + q.tpgs + static_cast<unsigned char>(q.t10_vendor_identification[0]) +
           static_cast<unsigned char>(q.product_identification[0]) + q.version_descriptor_count + q.returned_length +
           q.required_allocation_length + q.cmdque + q.multip + q.hisup + q.protect;
}

// ------------------------------------------------------------ selectors
//
// One I/O = select, start, complete on 4 paths, the selector reached through
// a pointer and memory clobbered after each I/O, in every variant:
//   /mpio                 what a C caller writes: mpio_selector_select_start
//                         and mpio_selector_complete_if_needed (mpio.h's
//                         inline function: no call when the policy ignores
//                         complete);
//   _3calls/mpio          mpio_selector_select, _start, _complete: three
//                         calls into the library per I/O;
//   /reference:cpp_any    the same operation in C++ on the run-time policy,
//                         policy::any_selector<32> (what the C API wraps);
//   /reference:cpp_policy the same operation on the policy class itself
//                         (policy::round_robin<32>, least_queue_depth<32>),
//                         its code inlined into the loop: no dispatch at all.

void c_selector_setup(mpio_selector& s, benchmark::State& state, std::uint8_t policy)
{
    mpio_selector_init(&s);
    mpio_path_attributes a{};
    a.relative_throughput = 1;
    for (std::uint8_t i = 0; i < 4; ++i) mpio_selector_add_path(&s, i, &a);
    if (mpio_selector_set_policy(&s, policy) != MPIO_ERRC_NONE) state.SkipWithError("policy");
}

void c_selector(benchmark::State& state, std::uint8_t policy)
{
    static mpio_selector s; // 1.3 KiB, as a driver keeps it in its device extension
    c_selector_setup(s, state, policy);
    mpio_io_request io{};
    io.blocks = 8;
    io.bytes = 4096;
    const std::uint64_t allocs_before = mpio_bench::allocation_count();
    std::uint64_t sum = 0;
    mpio_selector* sp = &s;
    for (auto _ : state) {
        benchmark::DoNotOptimize(sp);
        std::uint8_t slot = 0;
        if (mpio_selector_select_start(sp, &io, &slot) != MPIO_ERRC_NONE) state.SkipWithError("select");
        mpio_selector_complete_if_needed(sp, slot, &io, 20, MPIO_IO_SUCCESS);
        sum += slot;
        ++io.lba;
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(sum);
    mpio_bench::count_allocations(state, allocs_before, /*must_be_zero=*/true);
}

void c_selector_3calls(benchmark::State& state, std::uint8_t policy)
{
    static mpio_selector s;
    c_selector_setup(s, state, policy);
    mpio_io_request io{};
    io.blocks = 8;
    io.bytes = 4096;
    const std::uint64_t allocs_before = mpio_bench::allocation_count();
    std::uint64_t sum = 0;
    mpio_selector* sp = &s;
    for (auto _ : state) {
        benchmark::DoNotOptimize(sp);
        std::uint8_t slot = 0;
        if (mpio_selector_select(sp, &io, &slot) != MPIO_ERRC_NONE) state.SkipWithError("select");
        mpio_selector_start(sp, slot, &io);
        mpio_selector_complete(sp, slot, &io, 20, MPIO_IO_SUCCESS);
        sum += slot;
        ++io.lba;
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(sum);
    mpio_bench::count_allocations(state, allocs_before, /*must_be_zero=*/true);
}

// The C++ loop over any selector type: any_selector<32> or a policy class.
template <class Selector>
void cpp_selector_loop(benchmark::State& state, Selector* sp)
{
    for (std::uint8_t i = 0; i < 4; ++i) static_cast<void>(sp->add_path(i, {}));
    policy::io_request io;
    io.blocks = 8;
    io.bytes = 4096;
    const std::uint64_t allocs_before = mpio_bench::allocation_count();
    std::uint64_t sum = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(sp);
        const result<policy::slot_index> r = sp->select(io);
        if (!r) state.SkipWithError("select");
        sp->start(*r, io);
        sp->complete(*r, io, 20, policy::io_status::success);
        sum += *r;
        ++io.lba;
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(sum);
    mpio_bench::count_allocations(state, allocs_before, /*must_be_zero=*/true);
}

void cpp_any_selector(benchmark::State& state, policy::policy_id id)
{
    using any = policy::any_selector<MPIO_SELECTOR_CAPACITY>;
    static any s;
    any* sp = ::new (static_cast<void*>(&s)) any();
    if (!sp->set_policy(id)) state.SkipWithError("policy");
    cpp_selector_loop(state, sp);
}

template <class Policy>
void cpp_policy_selector(benchmark::State& state)
{
    static Policy s;
    cpp_selector_loop(state, ::new (static_cast<void*>(&s)) Policy());
}

template <template <std::size_t, policy::concurrency_model> class Policy>
using policy_of = Policy<MPIO_SELECTOR_CAPACITY, policy::single_thread>;

} // namespace

// Four variants per policy (names above); the policy's MSDSM/mpio id for the
// C side and any_selector, its class for the inlined reference.
#define MPIO_C_SELECTOR_CASES(name, c_id, Policy)                                                                      \
    BENCHMARK_CAPTURE(c_selector, name, c_id)->Name(MPIO_C_BENCH "selector_" #name "/mpio");                           \
    BENCHMARK_CAPTURE(c_selector_3calls, name, c_id)->Name(MPIO_C_BENCH "selector_" #name "_3calls/mpio");             \
    BENCHMARK_CAPTURE(cpp_any_selector, name, policy_of<Policy>::id)                                                   \
        ->Name(MPIO_C_BENCH "selector_" #name "/reference:cpp_any");                                                   \
    BENCHMARK_TEMPLATE(cpp_policy_selector, policy_of<Policy>)                                                         \
        ->Name(MPIO_C_BENCH "selector_" #name "/reference:cpp_policy")

MPIO_C_SELECTOR_CASES(rr, MPIO_POLICY_ROUND_ROBIN, policy::round_robin);
MPIO_C_SELECTOR_CASES(lqd, MPIO_POLICY_LEAST_QUEUE_DEPTH, policy::least_queue_depth);
MPIO_C_SELECTOR_CASES(foo, MPIO_POLICY_FAIL_OVER_ONLY, policy::fail_over_only);
MPIO_C_SELECTOR_CASES(wp, MPIO_POLICY_WEIGHTED_PATHS, policy::weighted_paths);
MPIO_C_SELECTOR_CASES(lb, MPIO_POLICY_LEAST_BLOCKS, policy::least_blocks);
MPIO_C_SELECTOR_CASES(dm_st, MPIO_POLICY_DM_SERVICE_TIME, policy::dm_service_time);
#undef MPIO_C_SELECTOR_CASES

namespace {

// -------------------------------------------------------------- parsing

void c_api_parse_vpd83_c(benchmark::State& state)
{
    std::uint64_t sum = 0;
    for (auto _ : state) {
        const std::uint8_t* data = vpd83;
        benchmark::DoNotOptimize(data);
        mpio_iter it;
        mpio_designator d;
        if (mpio_vpd83_begin(data, sizeof vpd83, &it) != MPIO_ERRC_NONE) state.SkipWithError("parse");
        while (mpio_vpd83_next(&it, &d) == MPIO_ERRC_NONE) sum += consume(d);
    }
    benchmark::DoNotOptimize(sum);
}

// The same work in C++: the C++ iterator, and the same fill the shim does
// (src/c_fill.hpp) inlined into the loop.
void c_api_parse_vpd83_cpp(benchmark::State& state)
{
    std::uint64_t sum = 0;
    for (auto _ : state) {
        const std::uint8_t* data = vpd83;
        benchmark::DoNotOptimize(data);
        const auto page = scsi::parse_device_identification(byte_view(data, sizeof vpd83));
        if (!page) state.SkipWithError("parse");
        for (const scsi::designation_descriptor d : page->designators()) {
            mpio_designator o;
            mpio_c_fill::fill_designator(d, data, o);
            sum += consume(o);
        }
    }
    benchmark::DoNotOptimize(sum);
}

// The whole page in one call (mpio_vpd83_designators), and its C++ twin: the
// C++ iterator filling the same array with the shim's fill code inlined.
void c_api_parse_vpd83_all_c(benchmark::State& state)
{
    std::uint64_t sum = 0;
    for (auto _ : state) {
        const std::uint8_t* data = vpd83;
        benchmark::DoNotOptimize(data);
        mpio_designator all[8];
        std::size_t count = 0;
        if (mpio_vpd83_designators(data, sizeof vpd83, all, 8, &count) != MPIO_ERRC_NONE) state.SkipWithError("parse");
        for (std::size_t i = 0; i < count; ++i) sum += consume(all[i]);
    }
    benchmark::DoNotOptimize(sum);
}

void c_api_parse_vpd83_all_cpp(benchmark::State& state)
{
    std::uint64_t sum = 0;
    for (auto _ : state) {
        const std::uint8_t* data = vpd83;
        benchmark::DoNotOptimize(data);
        const auto page = scsi::parse_device_identification(byte_view(data, sizeof vpd83));
        if (!page) state.SkipWithError("parse");
        mpio_designator all[8];
        std::size_t count = 0;
        for (const scsi::designation_descriptor d : page->designators())
            if (count < 8) mpio_c_fill::fill_designator(d, data, all[count++]);
        benchmark::DoNotOptimize(all);
        for (std::size_t i = 0; i < count; ++i) sum += consume(all[i]);
    }
    benchmark::DoNotOptimize(sum);
}

void c_api_parse_inquiry_c(benchmark::State& state)
{
    std::uint64_t sum = 0;
    for (auto _ : state) {
        const std::uint8_t* data = inquiry;
        benchmark::DoNotOptimize(data);
        mpio_inquiry q;
        if (mpio_parse_inquiry(data, sizeof inquiry, &q) != MPIO_ERRC_NONE) state.SkipWithError("parse");
        sum += consume(q);
    }
    benchmark::DoNotOptimize(sum);
}

// The same in C++: parse, and the same fill the shim does (src/c_fill.hpp)
// inlined into the loop.
void c_api_parse_inquiry_cpp(benchmark::State& state)
{
    std::uint64_t sum = 0;
    for (auto _ : state) {
        const std::uint8_t* data = inquiry;
        benchmark::DoNotOptimize(data);
        const auto r = scsi::parse_standard_inquiry(byte_view(data, sizeof inquiry));
        if (!r) state.SkipWithError("parse");
        mpio_inquiry q;
        mpio_c_fill::fill_inquiry(*r, q);
        sum += consume(q);
    }
    benchmark::DoNotOptimize(sum);
}

} // namespace

BENCHMARK(c_api_parse_vpd83_c)->Name(MPIO_C_BENCH "parse_vpd83/mpio");
BENCHMARK(c_api_parse_vpd83_cpp)->Name(MPIO_C_BENCH "parse_vpd83/reference:cpp");
BENCHMARK(c_api_parse_vpd83_all_c)->Name(MPIO_C_BENCH "parse_vpd83_all/mpio");
BENCHMARK(c_api_parse_vpd83_all_cpp)->Name(MPIO_C_BENCH "parse_vpd83_all/reference:cpp");
BENCHMARK(c_api_parse_inquiry_c)->Name(MPIO_C_BENCH "parse_inquiry/mpio");
BENCHMARK(c_api_parse_inquiry_cpp)->Name(MPIO_C_BENCH "parse_inquiry/reference:cpp");
