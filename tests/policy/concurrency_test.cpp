// SPDX-License-Identifier: MIT
#include <mpio/policy/concurrency.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <type_traits>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_concurrency_test {

using namespace mpio::policy;

TEST_CASE("cell: the same operations over plain integers and atomics", "[policy][concurrency]")
{
    STATIC_REQUIRE(concurrency_model<single_thread>);
    STATIC_REQUIRE(concurrency_model<concurrent>);
    STATIC_REQUIRE_FALSE(concurrency_model<int>);
    STATIC_REQUIRE(sizeof(cell<std::uint32_t, single_thread>) == 4);
    STATIC_REQUIRE(sizeof(cell<std::uint32_t, concurrent>) == 4);
    STATIC_REQUIRE(std::is_trivially_destructible_v<cell<std::uint32_t, concurrent>>);
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<cell<std::uint32_t, single_thread>>);
    STATIC_REQUIRE(alignof(rotor<single_thread>) == 4);
    STATIC_REQUIRE(alignof(rotor<concurrent>) == MPIO_CACHE_LINE);
    // single_thread cells work in constant expressions.
    STATIC_REQUIRE([] {
        cell<std::uint32_t, single_thread> c{5};
        c.fetch_add(3);
        c.fetch_sub(10); // wraps
        return c.load() == 0xFFFF'FFFEu && c.fetch_add(2) == 0xFFFF'FFFEu && c.load() == 0;
    }());
    cell<std::uint32_t, concurrent> a{7};
    CHECK(a.fetch_add(1) == 7);
    CHECK(a.fetch_sub(9) == 8);
    CHECK(a.load_acquire() == 0xFFFF'FFFFu);
    a.store_release(3);
    CHECK(a.load() == 3);
}

TEMPLATE_TEST_CASE("rotor: next() is an exact round robin, hint() rotates", "[policy][concurrency]", single_thread,
                   concurrent)
{
    rotor<TestType> r;
    for (std::uint32_t i = 0; i < 9; ++i) CHECK(r.next(3) == i % 3);
    rotor<TestType> h;
    for (std::uint32_t i = 0; i < 9; ++i) CHECK(h.hint(4) == i % 4);
    CHECK(h.hint(1) == 0);
    CHECK(h.hint(1) == 0);
}

TEST_CASE("rotor: the count shrinking or growing, and the 2^32 wrap", "[policy][concurrency]")
{
    // single_thread keeps the position below n: no wrap ever, and a shrink restarts at 0.
    rotor<single_thread> st{0xFFFF'FFFEu};
    CHECK(st.next(3) == 0);
    CHECK(st.next(3) == 1);
    CHECK(st.next(2) == 0); // position 2 >= 2
    CHECK(st.next(5) == 1);
    // concurrent is fetch_add % n: at the wrap, one entry repeats (4294967295 % 3 == 0, then 0 % 3).
    rotor<concurrent> c{0xFFFF'FFFEu};
    CHECK(c.next(3) == 2);
    CHECK(c.next(3) == 0);
    CHECK(c.next(3) == 0);
    CHECK(c.next(3) == 1);
    // A power-of-two count wraps seamlessly.
    rotor<concurrent> p{0xFFFF'FFFEu};
    CHECK(p.next(4) == 2);
    CHECK(p.next(4) == 3);
    CHECK(p.next(4) == 0);
    CHECK(p.next(4) == 1);
}

} // namespace test_policy_concurrency_test
