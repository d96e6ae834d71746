// SPDX-License-Identifier: MIT
// any_selector switching to the dm-multipath, VMware NMP, illumos and NUMA
// selectors by catalogue name, with the paths carried over.
#include <mpio/policy/any_selector.hpp>

#include <catch2/catch.hpp>

#include "policy_b_support.hpp"

using namespace mpio::policy;
using policy_b::sequence;

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
        for (int v : sequence(any, 40)) {
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
    CHECK(sequence(any, 4) == std::vector<int>{0, 2, 0, 2});
    REQUIRE(any.set_policy(policy_id::dm_round_robin));
    any.template get<dm_round_robin<8, TestType>>()->set_repeat_count(2);
    CHECK(sequence(any, 4) == std::vector<int>{0, 0, 2, 2});
    CHECK(any.template get<vmw_round_robin<8, TestType>>() == nullptr);
}
