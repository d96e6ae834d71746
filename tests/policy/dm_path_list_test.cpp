// SPDX-License-Identifier: MIT
// dm_path_list on its own: the kernel's list operations (add and reinstate
// at the tail or the head, fail out of the list with the others' order kept,
// the chosen path to the tail) and find_best's first-in-list-order rule.
// The dm selectors' tests check the same order through the selectors.
#include <mpio/policy/dm_path_list.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_dm_path_list_test {

using namespace mpio::policy;

namespace {

template <std::size_t N>
std::vector<int> order(const dm_path_list<N>& l)
{
    std::vector<int> v;
    for (std::uint32_t i = 0; i < l.size(); ++i) v.push_back(l[i]);
    return v;
}

// A usable set as a bit mask; nothing joins at the head unless `head` says so.
struct usable_mask {
    std::uint32_t bits;
    constexpr bool operator()(slot_index s) const noexcept { return ((bits >> s) & 1u) != 0; }
};
constexpr auto never = [](slot_index) { return false; };

constexpr bool tail_moves_are_a_ring()
{
    dm_path_list<4> l;
    l.sync(usable_mask{0b1111}, never);                     // added in slot order: 0 1 2 3
    for (int turn = 0; turn < 9; ++turn) l.move_to_tail(0); // the head to the tail, across the ring's end
    // 9 turns of 4: the list has rotated by one.
    return l.size() == 4 && l[0] == 1 && l[1] == 2 && l[2] == 3 && l[3] == 0;
}

} // namespace

TEST_CASE("dm_path_list: compile time", "[policy][dm_path_list]")
{
    STATIC_REQUIRE(tail_moves_are_a_ring());
    STATIC_REQUIRE(sizeof(dm_path_list<32>) <= 34); // a slot byte per path, head and size
}

TEST_CASE("dm_path_list: add, fail and reinstate keep the kernel's order", "[policy][dm_path_list]")
{
    dm_path_list<8> l;
    l.sync(usable_mask{0b0111}, never); // *_add_path: 0, 1, 2 appended in turn
    CHECK(order(l) == std::vector<int>{0, 1, 2});
    l.move_to_tail(0); // select took the head
    CHECK(order(l) == std::vector<int>{1, 2, 0});
    l.sync(usable_mask{0b0101}, never); // 1 fails: leaves, the others keep their order
    CHECK(order(l) == std::vector<int>{2, 0});
    SECTION("reinstated at the tail (queue-length, service-time, historical-service-time)")
    {
        l.sync(usable_mask{0b0111}, never);
        CHECK(order(l) == std::vector<int>{2, 0, 1});
    }
    SECTION("reinstated at the head (round-robin's list_move)")
    {
        l.sync(usable_mask{0b0111}, [](slot_index s) { return s == 1; });
        CHECK(order(l) == std::vector<int>{1, 2, 0});
    }
    SECTION("a later entry moved to the tail")
    {
        l.sync(usable_mask{0b1101}, never); // 3 added at the tail
        CHECK(order(l) == std::vector<int>{2, 0, 3});
        l.move_to_tail(1);
        CHECK(order(l) == std::vector<int>{2, 3, 0});
    }
    SECTION("every path fails, then one returns")
    {
        l.sync(usable_mask{0}, never);
        CHECK(l.size() == 0);
        l.sync(usable_mask{0b0100}, never);
        CHECK(order(l) == std::vector<int>{2});
    }
}

TEST_CASE("dm_path_list: find_best takes the first best entry in list order", "[policy][dm_path_list]")
{
    dm_path_list<8> l;
    l.sync(usable_mask{0b1111}, never);
    l.move_to_tail(0);
    l.move_to_tail(0); // 2 3 0 1
    const std::uint32_t load[4] = {5, 3, 7, 3};
    const auto key = [&](slot_index s) { return load[s]; };
    const auto smaller = [](std::uint32_t a, std::uint32_t b) { return a < b; };
    // Slots 1 and 3 tie at 3: slot 3 comes first in the list (entry 1).
    CHECK(l.find_best(key, smaller, [](std::uint32_t) { return false; }) == 1);
    CHECK(l[1] == 3);
    // An unbeatable key ends the scan at once: the head stays the answer.
    CHECK(l.find_best(key, smaller, [](std::uint32_t k) { return k == 7; }) == 0);
}

} // namespace test_policy_dm_path_list_test
