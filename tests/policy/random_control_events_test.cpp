// SPDX-License-Identifier: MIT
// Random control events and I/O against every selector (single_thread,
// deterministic LCG): whatever happens, select()
// returns a path that is present, not failed and in an ALUA state that
// carries I/O; it says no_usable_path exactly when there is none; and once
// every started I/O has completed the in-flight counters are back to zero.
#include <mpio/policy.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_random_control_events_test {

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;

namespace {

template <class S>
void random_walk(std::uint32_t seed)
{
    constexpr std::size_t slots = 6;
    S sel;
    std::uint32_t x = seed;
    const auto next = [&x] {
        x = x * 1664525u + 1013904223u;
        return x >> 8;
    };
    const asymmetric_access_state states[] = {asymmetric_access_state::active_optimized,
                                              asymmetric_access_state::active_non_optimized,
                                              asymmetric_access_state::standby,
                                              asymmetric_access_state::unavailable,
                                              asymmetric_access_state::logical_block_dependent,
                                              asymmetric_access_state::transitioning};
    struct started {
        slot_index slot;
        io_request io;
    };
    std::vector<started> flight;
    mpio::tick now = 0;
    std::uint64_t selected = 0, none = 0;
    for (int step = 0; step < 20'000; ++step) {
        const std::uint32_t r = next();
        const auto s = static_cast<slot_index>(r % slots);
        switch ((r >> 4) % 16) {
        case 0: {
            path_attributes a;
            a.alua = states[(r >> 8) % 6];
            a.preferred = (r >> 11) % 5 == 0;
            a.relative_throughput = static_cast<std::uint8_t>((r >> 12) % 101);
            a.weight = (r >> 13) % 2 ? 0 : UINT32_MAX;
            a.node = static_cast<std::uint16_t>((r >> 14) % 3);
            static_cast<void>(sel.add_path(s, a));
            break;
        }
        case 1: static_cast<void>(sel.remove_path(s)); break;
        case 2: static_cast<void>(sel.fail_path(s)); break;
        case 3: static_cast<void>(sel.reinstate_path(s)); break;
        case 4: static_cast<void>(sel.set_alua_state(s, states[(r >> 8) % 6])); break;
        case 5: static_cast<void>(sel.set_preferred(s, (r >> 8) % 2 != 0)); break;
        case 6:
            if (!flight.empty()) { // complete one, out of order
                const std::size_t k = (r >> 8) % flight.size();
                sel.complete(flight[k].slot, flight[k].io, 1 + (r >> 12) % 50, io_status::success);
                flight[k] = flight.back();
                flight.pop_back();
            }
            break;
        default: {
            now += 1 + (r >> 20) % 7;
            io_request io = selector_checks::io_at((r >> 6) % (1u << 24), 512u << ((r >> 9) % 8), now,
                                                   static_cast<std::uint16_t>((r >> 13) % 4));
            const auto got = sel.select(io);
            bool any_usable = false;
            for (slot_index i = 0; i < slots; ++i) any_usable = any_usable || sel.usable_tier(i) != tier_none;
            if (!got) {
                ++none;
                REQUIRE(got.error() == mpio::errc::no_usable_path);
                REQUIRE(!any_usable);
                break;
            }
            ++selected;
            REQUIRE(*got < slots);
            REQUIRE(sel.usable_tier(*got) != tier_none);
            sel.start(*got, io);
            flight.push_back({*got, io});
            if (flight.size() > 64) {
                sel.complete(flight.front().slot, flight.front().io, 3, io_status::path_error);
                flight.erase(flight.begin());
            }
        }
        }
    }
    for (const started& f : flight) sel.complete(f.slot, f.io, 2, io_status::success);
    CHECK(selected > 1000);
    CHECK(none > 0);
    for (slot_index i = 0; i < S::capacity; ++i) {
        CHECK(sel.requests_in_flight(i) == 0);
        CHECK(sel.bytes_in_flight(i) == 0);
    }
}

} // namespace

TEMPLATE_TEST_CASE("every selector: random control events never yield an unusable path", "[policy]", fail_over_only<8>,
                   round_robin<8>, round_robin_with_subset<8>, least_queue_depth<8>, weighted_paths<8>, least_blocks<8>,
                   dm_round_robin<8>, dm_queue_length<8>, dm_service_time<8>, dm_historical_service_time<8>,
                   vmw_fixed<8>, vmw_mru<8>, vmw_round_robin<8>, vmw_round_robin_latency<8>, logical_block<8>,
                   numa_affinity<8>)
{
    for (std::uint32_t seed : {1u, 2u, 3u, 12345u}) random_walk<TestType>(seed);
}

} // namespace test_policy_random_control_events_test
