// SPDX-License-Identifier: MIT
#include <mpio/policy/any_selector.hpp>
#include <mpio/policy/policy_catalog.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>

#include "policy_sim.hpp"
#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_any_selector_test {

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;

namespace {
template <class S>
int chosen(S& s)
{
    const auto r = s.select(io_request{});
    return r ? int{*r} : -1;
}
} // namespace

TEST_CASE("any_selector: storage is the largest selector, no heap", "[policy][any_selector]")
{
    using any = any_selector<>;
    constexpr std::size_t largest = std::max(
        {sizeof(fail_over_only<>), sizeof(round_robin<>), sizeof(round_robin_with_subset<>),
         sizeof(least_queue_depth<>), sizeof(weighted_paths<>), sizeof(least_blocks<>), sizeof(dm_round_robin<>),
         sizeof(dm_queue_length<>), sizeof(dm_service_time<>), sizeof(dm_historical_service_time<>),
         sizeof(vmw_fixed<>), sizeof(vmw_mru<>), sizeof(vmw_round_robin<>), sizeof(vmw_round_robin_latency<>),
         sizeof(logical_block<>), sizeof(numa_affinity<>)});
    STATIC_REQUIRE(any::storage_size == largest);
    // The largest: three more u32 per slot (samples, their sum, the latency).
    STATIC_REQUIRE(any::storage_size == sizeof(vmw_round_robin_latency<>));
    STATIC_REQUIRE(sizeof(any) <= largest + 4 * sizeof(void*));
    STATIC_REQUIRE(any::selector_count == 16);
    // Sizes documented in docs/policies.md (x86-64, 32 slots).
    CHECK(sizeof(round_robin<>) == 32 * 20 + 32 + 4 + 4); // 20-byte slots, the list, its count, the rotor
    // The concurrent variant pads the hot members to cache lines (MPIO_CACHE_LINE).
    STATIC_REQUIRE(alignof(round_robin<32, concurrent>) == MPIO_CACHE_LINE);
    STATIC_REQUIRE(alignof(round_robin<32, single_thread>) == 4);
    CHECK(sizeof(round_robin<32, concurrent>) == 640 + 64 + 64); // slots, list + count, rotor
    CHECK(sizeof(any_selector<32, concurrent>) >= sizeof(any));
}

TEMPLATE_TEST_CASE("any_selector: switch by MSDSM id and by name, paths carried over", "[policy][any_selector]",
                   single_thread, concurrent)
{
    any_selector<8, TestType> any;
    CHECK(any.id() == policy_id::round_robin); // MSDSM's default
    REQUIRE(any.set_policy(policy_id::fail_over_only));
    policy_sim::add_paths(any, 3);
    path_attributes heavy;
    heavy.weight = 100;
    REQUIRE(any.add_path(3, heavy));
    REQUIRE(any.fail_path(0));
    CHECK(chosen(any) == 3); // FOO: the last Active path to arrive (MSDSM DsmpSetLBForPathArrival)
    REQUIRE(any.set_policy(policy_id::round_robin));
    CHECK(any.id() == policy_id::round_robin);
    int seen[8] = {};
    for (int i = 0; i < 9; ++i) ++seen[chosen(any)];
    CHECK(seen[0] == 0); // still failed after the switch
    CHECK(seen[1] == 3);
    CHECK(seen[2] == 3);
    CHECK(seen[3] == 3);
    REQUIRE(any.set_policy("wp"));
    CHECK(any.id() == policy_id::weighted_paths);
    CHECK(chosen(any) != 3); // weights carried over
    REQUIRE(any.set_policy("Least Blocks"));
    REQUIRE(any.template get<least_blocks<8, TestType>>() != nullptr);
    CHECK(any.template get<round_robin<8, TestType>>() == nullptr);
    any.template get<least_blocks<8, TestType>>()->set_sequential_cache_size(0);
    REQUIRE(any.set_policy(static_cast<policy_id>(3)));
    CHECK(any.id() == policy_id::round_robin_with_subset);
    // Unknown / not built in (every catalogued id but vendor-specific is built in).
    CHECK(any.set_policy(static_cast<policy_id>(99)).error() == errc::not_found);
    CHECK(any.set_policy("nonsense").error() == errc::not_found);
    CHECK(any.set_policy(policy_id::vendor_specific).error() == errc::not_ready); // needs set_vendor_policy
    CHECK(any.id() == policy_id::round_robin_with_subset);
    // The I/O path through the wrapper keeps the selector's counters.
    REQUIRE(any.set_policy(policy_id::least_queue_depth));
    const io_request io{};
    const slot_index s = *any.select(io);
    any.start(s, io);
    CHECK(any.template get<least_queue_depth<8, TestType>>()->requests_in_flight(s) == 1);
    any.complete(s, io, 1, io_status::success);
    CHECK(any.template get<least_queue_depth<8, TestType>>()->requests_in_flight(s) == 0);
    REQUIRE(any.reinstate_path(0));
    REQUIRE(any.set_alua_state(0, asymmetric_access_state::standby));
    REQUIRE(any.set_preferred(1, true));
    REQUIRE(any.set_weight(1, 7));
    REQUIRE(any.remove_path(2));
    CHECK(any.remove_path(2).error() == errc::not_found);
    REQUIRE(any.set_policy(policy_id::fail_over_only));
    CHECK(chosen(any) == 1); // preferred, carried over
}

namespace {
struct vendor_state {
    int selects = 0;
    int starts = 0;
    int completes = 0;
    int events[8] = {};
    slot_index last = 0xFF;
};
mpio::result<slot_index> vendor_select(void* c, const io_request&) noexcept
{
    auto& v = *static_cast<vendor_state*>(c);
    ++v.selects;
    if (v.last == 0xFF) return mpio::failure(errc::no_usable_path);
    return v.last;
}
void vendor_start(void* c, slot_index, const io_request&) noexcept { ++static_cast<vendor_state*>(c)->starts; }
void vendor_complete(void* c, slot_index, const io_request&, mpio::tick, io_status) noexcept
{
    ++static_cast<vendor_state*>(c)->completes;
}
mpio::status vendor_changed(void* c, path_event e, slot_index s, const path_attributes&) noexcept
{
    auto& v = *static_cast<vendor_state*>(c);
    ++v.events[static_cast<int>(e)];
    if (e == path_event::added) v.last = s;
    return mpio::success;
}
constexpr vendor_ops ops{&vendor_select, &vendor_start, &vendor_complete, &vendor_changed};
} // namespace

TEST_CASE("any_selector: vendor specific (7) is the caller's C function table", "[policy][any_selector]")
{
    any_selector<4> any;
    policy_sim::add_paths(any, 2);
    REQUIRE(any.fail_path(1));
    vendor_state v;
    vendor_ops broken = ops;
    broken.select = nullptr;
    CHECK(any.set_vendor_policy(&broken, &v).error() == errc::invalid_argument);
    CHECK(any.set_vendor_policy(nullptr, &v).error() == errc::invalid_argument);
    REQUIRE(any.set_vendor_policy(&ops, &v));
    CHECK(any.id() == policy_id::vendor_specific);
    CHECK(v.events[static_cast<int>(path_event::added)] == 2); // replayed
    CHECK(v.events[static_cast<int>(path_event::failed)] == 1);
    CHECK(chosen(any) == 1);
    any.start(1, io_request{});
    any.complete(1, io_request{}, 1, io_status::success);
    CHECK(v.selects == 1);
    CHECK(v.starts == 1);
    CHECK(v.completes == 1);
    REQUIRE(any.set_alua_state(0, asymmetric_access_state::active_non_optimized));
    CHECK(v.events[static_cast<int>(path_event::alua_changed)] == 1);
    CHECK(any.set_alua_state(3, asymmetric_access_state::standby).error() == errc::not_found); // not forwarded
    CHECK(v.events[static_cast<int>(path_event::alua_changed)] == 1);
    REQUIRE(any.set_policy("RR")); // back to a built-in one; the paths were kept
    CHECK(any.id() == policy_id::round_robin);
    CHECK(chosen(any) == 0);
}

// Switching to the dm-multipath, VMware NMP, illumos and NUMA selectors by
// catalogue name, with the paths carried over.
TEMPLATE_TEST_CASE("any_selector: every dm / VMware / illumos / NUMA selector by name", "[policy][any_selector]",
                   single_thread, concurrent)
{
    any_selector<8, TestType> any;
    for (slot_index s = 0; s < 3; ++s) REQUIRE(any.add_path(s, {}));
    REQUIRE(any.fail_path(1));
    const char* names[] = {"round-robin",   "queue-length", "service-time", "historical-service-time",
                           "VMW_PSP_FIXED", "VMW_PSP_MRU",  "VMW_PSP_RR",   "VMW_PSP_RR-latency",
                           "logical-block", "numa"};
    for (const char* name : names) {
        INFO(name);
        REQUIRE(any.set_policy(name));
        CHECK(any.id() == find_policy(name)->id);
        bool seen[3] = {};
        for (int v : selector_checks::sequence(any, 40)) {
            REQUIRE((v == 0 || v == 2)); // the failed path stays failed across the switch
            seen[v] = true;
        }
        const bool one_path = any.id() == policy_id::vmw_fixed || any.id() == policy_id::vmw_mru ||
                              any.id() == policy_id::vmw_round_robin; // 1000 I/Os per turn
        CHECK((one_path || (seen[0] && seen[2])));
    }
    // Settings through get<>().
    REQUIRE(any.set_policy(policy_id::vmw_round_robin));
    REQUIRE(any.template get<vmw_round_robin<8, TestType>>() != nullptr);
    REQUIRE(any.template get<vmw_round_robin<8, TestType>>()->set_iops(1));
    CHECK(selector_checks::sequence(any, 4) == std::vector<int>{0, 2, 0, 2});
    REQUIRE(any.set_policy(policy_id::dm_round_robin));
    any.template get<dm_round_robin<8, TestType>>()->set_repeat_count(2);
    CHECK(selector_checks::sequence(any, 4) == std::vector<int>{0, 0, 2, 2});
    CHECK(any.template get<vmw_round_robin<8, TestType>>() == nullptr);
}

} // namespace test_policy_any_selector_test
