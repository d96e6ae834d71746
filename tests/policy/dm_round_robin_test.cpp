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

// issue 18: the kernel's list order (dm-ps-round-robin.c, torvalds/linux
// 3bd940030752): rr_select_path takes the head and moves it to the tail,
// rr_fail_path takes the path out, rr_reinstate_path puts it at the HEAD,
// rr_add_path at the tail. The single-thread variant gives the kernel's
// choice (after the kernel's source).
TEST_CASE("dm_round_robin, single_thread: a failed path's turn goes to the next path in list order",
          "[policy][dm_round_robin]")
{
    dm_round_robin<8> rr;
    policy_sim::add_paths(rr, 3);
    CHECK(sequence(rr, 1) == std::vector<int>{0}); // list [1 2 0]
    REQUIRE(rr.fail_path(0));                      // list [1 2]
    CHECK(sequence(rr, 1) == std::vector<int>{1}); // the kernel: p1 (mpio before issue 18: p2)
    CHECK(sequence(rr, 4) == std::vector<int>{2, 1, 2, 1});
    // Failing a path in the middle: the rotation goes on from where it was.
    dm_round_robin<8> four;
    policy_sim::add_paths(four, 4);
    CHECK(sequence(four, 2) == std::vector<int>{0, 1}); // list [2 3 0 1]
    REQUIRE(four.fail_path(3));                         // list [2 0 1]
    CHECK(sequence(four, 4) == std::vector<int>{2, 0, 1, 2});
}

TEST_CASE("dm_round_robin, single_thread: a reinstated path goes to the head and is chosen next",
          "[policy][dm_round_robin]")
{
    dm_round_robin<8> rr;
    policy_sim::add_paths(rr, 3);
    CHECK(sequence(rr, 1) == std::vector<int>{0}); // list [1 2 0]
    REQUIRE(rr.fail_path(2));                      // list [1 0]
    CHECK(sequence(rr, 1) == std::vector<int>{1}); // list [0 1]
    REQUIRE(rr.reinstate_path(2));                 // list [2 0 1]: the head
    CHECK(sequence(rr, 4) == std::vector<int>{2, 0, 1, 2});
    // A newly added path goes to the tail (rr_add_path: list_add_tail), also
    // after a remove: list [0 1 2] -> remove 0 -> [1 2] -> add 0 -> [1 2 0].
    REQUIRE(rr.remove_path(0));
    REQUIRE(rr.add_path(0, {}));
    CHECK(sequence(rr, 3) == std::vector<int>{1, 2, 0});
    // Back from an ALUA state that carries no I/O (not a dm event): as a
    // reinstated path, the head. list [1 2 0] -> [1 0] -> [2 1 0].
    REQUIRE(rr.set_alua_state(2, asymmetric_access_state::standby));
    REQUIRE(rr.set_alua_state(2, asymmetric_access_state::active_optimized));
    CHECK(sequence(rr, 3) == std::vector<int>{2, 1, 0});
}

// The concurrent variant deals turns by one fetch_add over the usable paths in
// slot order (dm_round_robin.hpp): across a fail or a reinstate its next path
// is not always the kernel's: the documented difference, on the cases above.
TEST_CASE("concurrent: dm_round_robin, concurrent variant: after fail / reinstate not the kernel's next path",
          "[policy][dm_round_robin][concurrent]")
{
    dm_round_robin<8, concurrent> rr;
    policy_sim::add_paths(rr, 3);
    CHECK(sequence(rr, 1) == std::vector<int>{0}); // ticket 1
    REQUIRE(rr.fail_path(0));                      // usable [1 2]
    CHECK(sequence(rr, 1) == std::vector<int>{2}); // 1 mod 2: p2 (the kernel: p1)
    CHECK(sequence(rr, 4) == std::vector<int>{1, 2, 1, 2});
    // Reinstated: the kernel puts p1 at the head (list [1 0 2]: p1 next);
    // here it takes its slot-order place and the ticket decides.
    dm_round_robin<8, concurrent> back;
    policy_sim::add_paths(back, 3);
    CHECK(sequence(back, 1) == std::vector<int>{0});       // ticket 1
    REQUIRE(back.fail_path(1));                            // usable [0 2]
    CHECK(sequence(back, 1) == std::vector<int>{2});       // 1 mod 2: p2, as the kernel (list [2 0])
    REQUIRE(back.reinstate_path(1));                       // usable [0 1 2]; the kernel's list [1 0 2]
    CHECK(sequence(back, 3) == std::vector<int>{2, 0, 1}); // 2 mod 3 (the kernel: 1, 0, 2)
    // The single-thread variant, the same events: the kernel's 1, 0, 2.
    dm_round_robin<8> single;
    policy_sim::add_paths(single, 3);
    CHECK(sequence(single, 1) == std::vector<int>{0});
    REQUIRE(single.fail_path(1));
    CHECK(sequence(single, 1) == std::vector<int>{2});
    REQUIRE(single.reinstate_path(1));
    CHECK(sequence(single, 3) == std::vector<int>{1, 0, 2});
}
