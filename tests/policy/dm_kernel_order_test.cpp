// SPDX-License-Identifier: MIT
// mpio's single-thread dm selectors against dm_kernel_model.hpp (a model of
// drivers/md/dm-ps-*.c written from reading their source): the same scripted
// sequences - 2 to 8 paths, 1 to 32 I/Os in flight, 512 B to 1 MiB, I/Os
// completing out of order, paths failing and being reinstated - and every
// choice compared. Service-time is compared with the model's exact
// arithmetic (mpio's documented departure, dm_service_time.hpp); the
// choices where the kernel's int-cut comparison would differ are counted.
#include <mpio/policy/dm_historical_service_time.hpp>
#include <mpio/policy/dm_queue_length.hpp>
#include <mpio/policy/dm_round_robin.hpp>
#include <mpio/policy/dm_service_time.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "dm_kernel_model.hpp"
#include "selector_checks.hpp"

using namespace mpio::policy;
using dm_kernel_model::selector_kind;

namespace {

struct rng { // splitmix64: the same sequences on every platform
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
};

struct in_flight_io {
    int path;
    std::uint32_t bytes;
    mpio::tick start;
};

struct outcome {
    long selects = 0;
    long mismatches = 0;      // choices where mpio and the model differ (must stay 0)
    long int_cut_differs = 0; // service-time: the kernel's int-cut comparison would choose otherwise
    std::uint64_t first_seed = 0;
    int first_step = -1;
};

// One scripted sequence; stops at the first mismatch.
template <class S>
void run_sequence(selector_kind kind, std::uint64_t seed, int steps, outcome& out)
{
    rng r{seed};
    const auto paths = static_cast<int>(2 + r.below(7));
    const std::uint32_t depth = 1 + r.below(32);
    const std::uint32_t threshold = kind == selector_kind::historical_service_time ? r.below(4) : 0;
    dm_kernel_model::selector model(kind, 972, threshold);
    model.st_int_result = false;
    S s;
    if constexpr (requires { s.set_threshold_multiplier(threshold); }) s.set_threshold_multiplier(threshold);
    for (int p = 0; p < paths; ++p) {
        path_attributes a;
        // service-time: mostly unequal throughputs, sometimes 0
        // (1 or 100 half the time: far apart, as in the int-cut cases)
        a.relative_throughput = static_cast<std::uint8_t>(
            r.below(4) == 0 ? r.below(3) : (r.below(2) == 0 ? (r.below(2) == 0 ? 1 : 100) : 1 + r.below(100)));
        REQUIRE(s.add_path(static_cast<slot_index>(p), a));
        model.add_path(p, a.relative_throughput);
    }
    std::vector<in_flight_io> ios;
    std::vector<bool> failed(static_cast<std::size_t>(paths));
    mpio::tick now = 1000;
    for (int step = 0; step < steps; ++step) {
        const std::uint32_t what = r.below(100);
        if (what < 50 && ios.size() < depth) {
            // 512 B to 1 MiB; service-time 64 KiB to 1 MiB, so that the bytes in
            // flight reach the sizes where the kernel's int cut shows
            const std::uint32_t bytes =
                kind == selector_kind::service_time ? 512u << (7 + r.below(5)) : 512u << r.below(12);
            now += r.below(50);
            io_request io = selector_checks::io_at(r.below(1u << 20), bytes, now);
            const auto mine = s.select(io);
            if (kind == selector_kind::service_time) {
                dm_kernel_model::selector kernel = model; // the same state, the kernel's int result
                kernel.st_int_result = true;
                if ((mine ? int{*mine} : -1) != kernel.select(bytes, now)) ++out.int_cut_differs;
            }
            const int expected = model.select(bytes, now);
            ++out.selects;
            if ((mine ? int{*mine} : -1) != expected) {
                if (out.mismatches++ == 0) out.first_seed = seed, out.first_step = step;
                return;
            }
            if (mine) {
                s.start(*mine, io);
                model.start_io(*mine, bytes);
                ios.push_back({*mine, bytes, now});
            }
        } else if (what < 85 && !ios.empty()) {
            const std::size_t k = r.below(static_cast<std::uint32_t>(ios.size()));
            const in_flight_io done = ios[k];
            ios.erase(ios.begin() + static_cast<std::ptrdiff_t>(k));
            now += r.below(3000);
            const io_request io = selector_checks::io_at(0, done.bytes, done.start);
            s.complete(static_cast<slot_index>(done.path), io, now - done.start, io_status::success);
            model.end_io(done.path, done.bytes, done.start, now);
        } else if (what < 93) {
            const auto p = static_cast<int>(r.below(static_cast<std::uint32_t>(paths)));
            if (failed[static_cast<std::size_t>(p)]) continue;
            failed[static_cast<std::size_t>(p)] = true;
            REQUIRE(s.fail_path(static_cast<slot_index>(p)));
            model.fail_path(p);
        } else {
            const auto p = static_cast<int>(r.below(static_cast<std::uint32_t>(paths)));
            if (!failed[static_cast<std::size_t>(p)]) continue;
            failed[static_cast<std::size_t>(p)] = false;
            REQUIRE(s.reinstate_path(static_cast<slot_index>(p)));
            model.reinstate_path(p);
        }
    }
}

template <class S>
outcome run_all(selector_kind kind, std::uint64_t base_seed, std::uint64_t sequences = 10'000)
{
    outcome out;
    for (std::uint64_t i = 0; i < sequences; ++i) run_sequence<S>(kind, base_seed + i, 150, out);
    return out;
}

} // namespace

TEST_CASE("dm selectors, single_thread: the kernel's choice for every I/O of 10,000 scripted sequences each "
          "(after the kernel's source)",
          "[policy][dm_kernel_order]")
{
    SECTION("round-robin")
    {
        const outcome o = run_all<dm_round_robin<8>>(selector_kind::round_robin, 1'000'000);
        INFO("selects " << o.selects << " first mismatch: seed " << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
    }
    SECTION("queue-length")
    {
        const outcome o = run_all<dm_queue_length<8>>(selector_kind::queue_length, 2'000'000);
        INFO("selects " << o.selects << " first mismatch: seed " << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
    }
    SECTION("service-time (the arithmetic comparison; the kernel's int cut counted apart)")
    {
        const outcome o = run_all<dm_service_time<8>>(selector_kind::service_time, 3'000'000);
        INFO("selects " << o.selects << " int-cut differences " << o.int_cut_differs << " first mismatch: seed "
                        << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
        // The documented departure is rare in such sequences (none in these
        // seeds: it needs about 21 MiB queued on the slower path; its minimal
        // case is in dm_service_time_test.cpp).
        CHECK(o.int_cut_differs * 1000 < o.selects);
    }
    SECTION("historical-service-time")
    {
        const outcome o = run_all<dm_historical_service_time<8>>(selector_kind::historical_service_time, 4'000'000);
        INFO("selects " << o.selects << " first mismatch: seed " << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
    }
}

// The concurrent variants of queue-length, service-time and
// historical-service-time keep no list (their headers say how they differ):
// over the same kind of sequences some choices differ from the kernel's. Each
// header's minimal case is a test of its own; here, that the difference is
// real and reached without anything unusual. Round-robin's concurrent variant
// republishes the kernel's list at every control event: used from one thread,
// its choices are the kernel's (its difference, the 2^32 counter wrap, is
// not reached here).
TEST_CASE("concurrent: dm selectors, concurrent variant: not the kernel's list order (documented)",
          "[policy][dm_kernel_order][concurrent]")
{
    const outcome rr = run_all<dm_round_robin<8, concurrent>>(selector_kind::round_robin, 1'000'000, 300);
    const outcome ql = run_all<dm_queue_length<8, concurrent>>(selector_kind::queue_length, 2'000'000, 300);
    const outcome st = run_all<dm_service_time<8, concurrent>>(selector_kind::service_time, 3'000'000, 300);
    const outcome hst =
        run_all<dm_historical_service_time<8, concurrent>>(selector_kind::historical_service_time, 4'000'000, 300);
    INFO("sequences that left the kernel's choice: rr " << rr.mismatches << " ql " << ql.mismatches << " st "
                                                        << st.mismatches << " hst " << hst.mismatches);
    CHECK(rr.mismatches == 0); // round-robin republishes the kernel's list at every event
    CHECK(ql.mismatches > 0);  // ties: rotating start, not least recently used
    CHECK(st.mismatches > 0);
    CHECK(hst.mismatches > 0);
}
