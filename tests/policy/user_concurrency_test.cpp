// SPDX-License-Identifier: MIT
// Concurrency models the library does not ship: concurrency_model is a
// structural concept, so a driver brings the primitives of its platform
// (Interlocked* in a Windows DSM, atomic_t in a Linux module). Here:
//   gnu_atomics  GCC/Clang __atomic builtins on plain integers, the shape of
//                such a wrapper (and what TSan sees as atomic);
//   counting     plain integers that count every operation by kind, to show
//                what a selector asks of the model on each path.
// Every selector instantiates with them (through any_selector), decides as
// with the built-in models, and the concurrent ones pass the shared stress
// harness (the "concurrent: ..." tests run under ThreadSanitizer).
#include <mpio/policy.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "policy_sim.hpp"
#include "policy_stress.hpp"
#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_user_concurrency_test {

using namespace mpio::policy;

namespace {

struct gnu_atomics {
    static constexpr bool is_concurrent = true;
    static constexpr std::size_t line = 64;

    template <class T>
    class cell {
    public:
        cell() noexcept = default;
        explicit cell(T v) noexcept : v_(v) {}
        cell(const cell&) = delete;
        cell& operator=(const cell&) = delete;

        [[nodiscard]] T load() const noexcept { return __atomic_load_n(&v_, __ATOMIC_RELAXED); }
        [[nodiscard]] T load_acquire() const noexcept { return __atomic_load_n(&v_, __ATOMIC_ACQUIRE); }
        void store(T v) noexcept { __atomic_store_n(&v_, v, __ATOMIC_RELAXED); }
        void store_release(T v) noexcept { __atomic_store_n(&v_, v, __ATOMIC_RELEASE); }
        T fetch_add(T d) noexcept { return __atomic_fetch_add(&v_, d, __ATOMIC_RELAXED); }
        T fetch_sub(T d) noexcept { return __atomic_fetch_sub(&v_, d, __ATOMIC_RELAXED); }

    private:
        T v_{};
    };
};

// Operations by kind, for one thread. The model claims to be concurrent, so
// the rotor uses its read-modify-write form, as on a multi-CPU target.
struct operation_counts {
    std::uint64_t loads = 0, acquires = 0, stores = 0, releases = 0, rmws = 0;
};
operation_counts counted;

struct counting {
    static constexpr bool is_concurrent = true;
    static constexpr std::size_t line = 8;

    // Layered on the library's plain_cell: a model may reuse the built-in cells.
    template <class T>
    class cell : private plain_cell<T> {
        using base = plain_cell<T>;

    public:
        using base::base;

        [[nodiscard]] T load() const noexcept
        {
            ++counted.loads;
            return base::load();
        }
        [[nodiscard]] T load_acquire() const noexcept
        {
            ++counted.acquires;
            return base::load_acquire();
        }
        void store(T v) noexcept
        {
            ++counted.stores;
            base::store(v);
        }
        void store_release(T v) noexcept
        {
            ++counted.releases;
            base::store_release(v);
        }
        T fetch_add(T d) noexcept
        {
            ++counted.rmws;
            return base::fetch_add(d);
        }
        T fetch_sub(T d) noexcept
        {
            ++counted.rmws;
            return base::fetch_sub(d);
        }
    };
};

// Models that are not: one lacks fetch_sub, one has a line that is not a
// power of two.
struct no_fetch_sub {
    static constexpr bool is_concurrent = false;
    static constexpr std::size_t line = 4;
    template <class T>
    struct cell {
        T load() const noexcept;
        T load_acquire() const noexcept;
        void store(T) noexcept;
        void store_release(T) noexcept;
        T fetch_add(T) noexcept;
    };
};
struct odd_line : single_thread {
    static constexpr std::size_t line = 48;
};

// The same closed-loop workload (two paths, 1:3 service times, 8 in flight)
// through any_selector with model K, for one policy: the I/Os each path
// got, and the selects that found no path.
template <class K>
std::vector<std::uint64_t> workload(policy_id id)
{
    any_selector<4, K> any;
    REQUIRE(any.set_policy(id));
    path_attributes fast, slow;
    slow.relative_throughput = 25;
    slow.weight = 3;
    REQUIRE(any.add_path(0, fast));
    REQUIRE(any.add_path(1, slow));
    const mpio::tick service[] = {1, 3};
    policy_sim::closed_loop sim(any, service, 2, 8);
    sim.run(5'000);
    return {sim.sent[0], sim.sent[1], sim.no_path};
}

} // namespace

TEST_CASE("user concurrency model: the concept is structural", "[policy][concurrency]")
{
    STATIC_REQUIRE(concurrency_model<gnu_atomics>);
    STATIC_REQUIRE(concurrency_model<counting>);
    STATIC_REQUIRE_FALSE(concurrency_model<no_fetch_sub>);
    STATIC_REQUIRE_FALSE(concurrency_model<odd_line>);
    STATIC_REQUIRE(shared_cell<cell<std::uint16_t, gnu_atomics>, std::uint16_t>);
    STATIC_REQUIRE(alignof(rotor<gnu_atomics>) == 64);
    STATIC_REQUIRE(path_selector<least_queue_depth<8, gnu_atomics>>);
    STATIC_REQUIRE(path_selector<any_selector<8, gnu_atomics>>);

    cell<std::uint32_t, gnu_atomics> c{5};
    CHECK(c.fetch_add(3) == 5);
    CHECK(c.fetch_sub(10) == 8);
    CHECK(c.load_acquire() == 0xFFFF'FFFEu); // wraps like the built-in cells
    c.store_release(1);
    CHECK(c.load() == 1);
    rotor<gnu_atomics> r;
    for (std::uint32_t i = 0; i < 7; ++i) CHECK(r.next(3) == i % 3);
}

TEST_CASE("user concurrency model: every selector decides as with the built-in model", "[policy][concurrency]")
{
    int compared = 0;
    for (const policy_info& p : policy_catalog) {
        if (p.id == policy_id::vendor_specific) continue; // listed, not implemented
        INFO(p.name);
        const std::vector<std::uint64_t> mine = workload<gnu_atomics>(p.id);
        CHECK(mine == workload<concurrent>(p.id));
        CHECK(mine[0] + mine[1] + mine[2] == 5'000);
        ++compared;
    }
    CHECK(compared == 16);
}

TEST_CASE("user concurrency model: what each selector asks of the model", "[policy][concurrency]")
{
    const auto io = selector_checks::io_at(0);
    // LQD: select reads the list and the counters (one acquire), start and
    // complete are one read-modify-write each.
    least_queue_depth<4, counting> lqd;
    REQUIRE(lqd.add_path(0, {}));
    REQUIRE(lqd.add_path(1, {}));
    REQUIRE(lqd.add_path(2, {}));
    counted = {};
    const auto s = lqd.select(io);
    REQUIRE(s);
    CHECK(counted.acquires == 1);
    CHECK(counted.rmws == 0);
    CHECK(counted.releases == 0);
    counted = {};
    lqd.start(*s, io);
    lqd.complete(*s, io, 1, io_status::success);
    CHECK(counted.rmws == 2);
    CHECK(counted.stores == 0);
    // RR: select is one read-modify-write of the rotor when the model is
    // concurrent.
    round_robin<4, counting> rr;
    REQUIRE(rr.add_path(0, {}));
    REQUIRE(rr.add_path(1, {}));
    counted = {};
    CHECK(*rr.select(io) == 0);
    CHECK(*rr.select(io) == 1);
    CHECK(counted.rmws == 2);
    CHECK(counted.acquires == 2);
    // A control event republishes the list: one release per event.
    counted = {};
    REQUIRE(rr.fail_path(1));
    CHECK(counted.releases == 1);
    CHECK(*rr.select(io) == 0);
}

TEST_CASE("concurrent: user model (GCC __atomic builtins) LQD under threads", "[policy][concurrent]")
{
    policy_stress::check_stress<least_queue_depth<8, gnu_atomics>>();
}
TEST_CASE("concurrent: user model (GCC __atomic builtins) service-time under threads", "[policy][concurrent]")
{
    policy_stress::check_stress<dm_service_time<8, gnu_atomics>>();
}
TEST_CASE("concurrent: user model (GCC __atomic builtins) any_selector (HST) under threads", "[policy][concurrent]")
{
    any_selector<8, gnu_atomics> any;
    REQUIRE(any.set_policy(policy_id::dm_historical_service_time));
    const policy_stress::outcome o = policy_stress::stress(any, 3, 20'000);
    CHECK(o.violations == 0);
    CHECK(o.checked > 0);
    CHECK(o.selected + o.no_path >= 60'000);
    for (slot_index i = 0; i < 4; ++i)
        CHECK(any.get<dm_historical_service_time<8, gnu_atomics>>()->requests_in_flight(i) == 0);
}

} // namespace test_policy_user_concurrency_test
