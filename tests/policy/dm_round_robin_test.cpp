// SPDX-License-Identifier: MIT
#include <mpio/policy/dm_round_robin.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_dm_round_robin_test {

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
// rr_add_path at the tail. Both variants give the kernel's choice here (after
// the kernel's source): the single-thread one keeps the list, the concurrent
// one republishes it at every control event.
TEMPLATE_TEST_CASE("dm_round_robin: a failed path's turn goes to the next path in list order",
                   "[policy][dm_round_robin]", single_thread, concurrent)
{
    dm_round_robin<8, TestType> rr;
    policy_sim::add_paths(rr, 3);
    CHECK(sequence(rr, 1) == std::vector<int>{0}); // list [1 2 0]
    REQUIRE(rr.fail_path(0));                      // list [1 2]
    CHECK(sequence(rr, 1) == std::vector<int>{1}); // the kernel: p1 (mpio before issue 18: p2)
    CHECK(sequence(rr, 4) == std::vector<int>{2, 1, 2, 1});
    // Failing a path in the middle: the rotation goes on from where it was.
    dm_round_robin<8, TestType> four;
    policy_sim::add_paths(four, 4);
    CHECK(sequence(four, 2) == std::vector<int>{0, 1}); // list [2 3 0 1]
    REQUIRE(four.fail_path(3));                         // list [2 0 1]
    CHECK(sequence(four, 4) == std::vector<int>{2, 0, 1, 2});
}

TEMPLATE_TEST_CASE("dm_round_robin: a reinstated path goes to the head and is chosen next", "[policy][dm_round_robin]",
                   single_thread, concurrent)
{
    dm_round_robin<8, TestType> rr;
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
    // p0 chosen, p1 failed, p2 chosen, p1 reinstated: list [1 0 2].
    dm_round_robin<8, TestType> back;
    policy_sim::add_paths(back, 3);
    CHECK(sequence(back, 1) == std::vector<int>{0});
    REQUIRE(back.fail_path(1));
    CHECK(sequence(back, 1) == std::vector<int>{2});
    REQUIRE(back.reinstate_path(1));
    CHECK(sequence(back, 3) == std::vector<int>{1, 0, 2});
}

// The concurrent variant deals turns by one fetch_add on a counter that the
// control events reset (dm_round_robin.hpp): after 2^32 selects without an
// event the counter wraps, and unless the path count divides 2^32 one path
// gets a second turn in a row there - the kernel's list has no counter. This
// is the documented difference (the race with a control event is the other;
// the stress tests below run selects against control events).
TEST_CASE("concurrent: dm_round_robin, concurrent variant: one turn repeated at the 2^32 wrap of its counter",
          "[policy][dm_round_robin][concurrent]")
{
    dm_round_robin<8, concurrent> rr;
    policy_sim::add_paths(rr, 3);      // list [0 1 2]
    rr.set_turn_counter(0xFFFF'FFFEu); // 2^32 - 2 selects since the last event
    // (2^32 - 2) mod 3 = 2, (2^32 - 1) mod 3 = 0, then 0 mod 3 = 0 again.
    CHECK(sequence(rr, 5) == std::vector<int>{2, 0, 0, 1, 2}); // the kernel: ..., 2, 0, 1, 2, 0
    // The single-thread variant has no counter: the call changes nothing.
    dm_round_robin<8> single;
    policy_sim::add_paths(single, 3);
    single.set_turn_counter(0xFFFF'FFFEu);
    CHECK(sequence(single, 5) == std::vector<int>{0, 1, 2, 0, 1});
    // A control event resets the counter: the wrap is 2^32 selects away again.
    // Turn 3: the head is entry 3 mod 3 = p0, so the list is [0 1 2]; p1 fails.
    REQUIRE(rr.fail_path(1));
    CHECK(sequence(rr, 3) == std::vector<int>{0, 2, 0});
}

} // namespace test_policy_dm_round_robin_test
