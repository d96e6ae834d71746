// SPDX-License-Identifier: MIT
#include <mpio/policy/dm_round_robin.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;
using selector_checks::sequence;

TEMPLATE_TEST_CASE("dm_round_robin: one I/O per path in turn, failing and returning mid-stream",
                   "[policy][dm_round_robin]", single_thread, concurrent)
{
    dm_round_robin<8, TestType> rr;
    selector_checks::check_common_rules<dm_round_robin<8, TestType>>();
    for (slot_index s = 0; s < 3; ++s) REQUIRE(rr.add_path(s, {}));
    CHECK(rr.repeat_count() == 1); // request-based dm forces repeat_count 1
    CHECK(sequence(rr, 6) == std::vector<int>{0, 1, 2, 0, 1, 2});
    REQUIRE(rr.fail_path(1)); // turns dealt over {0, 2} at once
    CHECK(sequence(rr, 4) == std::vector<int>{0, 2, 0, 2});
    REQUIRE(rr.reinstate_path(1));
    // Reinstated: the rotation goes on over {0, 1, 2} (where it resumes is the
    // rotor's: single_thread keeps its position, concurrent its counter).
    const std::vector<int> back = sequence(rr, 3);
    CHECK(std::is_permutation(back.begin(), back.end(), std::vector<int>{0, 1, 2}.begin()));
    // No ALUA preference: a dm selector sees one priority group.
    REQUIRE(rr.set_alua_state(2, asymmetric_access_state::active_non_optimized));
    CHECK(sequence(rr, 3) == back);
    REQUIRE(rr.set_alua_state(2, asymmetric_access_state::standby)); // carries no I/O
    const std::vector<int> two = sequence(rr, 4);
    CHECK((two == std::vector<int>{0, 1, 0, 1} || two == std::vector<int>{1, 0, 1, 0}));
}

TEMPLATE_TEST_CASE("dm_round_robin: repeat_count I/Os before switching (bio-based rr_min_io)",
                   "[policy][dm_round_robin]", single_thread, concurrent)
{
    dm_round_robin<4, TestType> rr;
    policy_sim::add_paths(rr, 3);
    rr.set_repeat_count(3);
    CHECK(sequence(rr, 10) == std::vector<int>{0, 0, 0, 1, 1, 1, 2, 2, 2, 0});
    rr.set_repeat_count(0); // taken as 1
    CHECK(rr.repeat_count() == 1);
}

TEST_CASE("concurrent: dm round-robin under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<dm_round_robin<8, concurrent>>();
}
