// SPDX-License-Identifier: MIT
#include <mpio/policy/dm_service_time.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_dm_service_time_test {

using namespace mpio::policy;
using selector_checks::io_at;
using selector_checks::sequence;

namespace {
path_attributes throughput(std::uint8_t tp)
{
    path_attributes a;
    a.relative_throughput = tp;
    return a;
}
} // namespace

TEMPLATE_TEST_CASE("dm_service_time: st_compare_load's four cases", "[policy][dm_service_time]", single_thread,
                   concurrent)
{
    selector_checks::check_common_rules<dm_service_time<8, TestType>>();
    dm_service_time<8, TestType> st;
    CHECK(st.add_path(0, throughput(101)).error() == mpio::errc::invalid_argument);
    REQUIRE(st.add_path(0, throughput(50)));
    REQUIRE(st.add_path(1, throughput(100)));
    const io_request io = io_at(0, 4096);
    // 2a: equal load -> the higher throughput.
    CHECK(*st.select(io) == 1);
    // 3: (0 + 4096) * 100 vs (4096 + 4096) * 50: equal -> 4: the higher throughput.
    st.start(1, io);
    CHECK(*st.select(io) == 1);
    // 3: one byte more on the fast path tips it.
    const io_request one = io_at(0, 1);
    st.start(1, one);
    CHECK(*st.select(io) == 0);
    st.complete(1, one, 1, io_status::success);
    st.complete(1, io, 1, io_status::success);
    // 1: equal throughput -> fewer bytes in flight.
    REQUIRE(st.add_path(2, throughput(100)));
    st.start(1, io);
    CHECK(*st.select(io) == 2);
    st.complete(1, io, 1, io_status::success);
    CHECK(st.bytes_in_flight(1) == 0);
}

TEMPLATE_TEST_CASE("dm_service_time: relative throughput 0 only when nothing else is usable",
                   "[policy][dm_service_time]", single_thread, concurrent)
{
    dm_service_time<4, TestType> st;
    REQUIRE(st.add_path(0, throughput(0)));
    REQUIRE(st.add_path(1, throughput(1)));
    const io_request big = io_at(0, 1u << 30);
    for (int i = 0; i < 3; ++i) st.start(1, big); // 3 GiB in flight on the slow path
    CHECK(*st.select(io_at(0)) == 1);             // still not the idle throughput-0 path
    REQUIRE(st.fail_path(1));
    CHECK(*st.select(io_at(0)) == 0); // now it is used
    REQUIRE(st.reinstate_path(1));
    CHECK(*st.select(io_at(0)) == 1);
    for (int i = 0; i < 3; ++i) st.complete(1, big, 1, io_status::success);
    // Two paths at 0: the less loaded one (case 1).
    REQUIRE(st.add_path(2, throughput(0)));
    REQUIRE(st.remove_path(1));
    st.start(0, io_at(0));
    CHECK(*st.select(io_at(0)) == 2);
    st.complete(0, io_at(0), 1, io_status::success);
    // Maximum throughput and sizes near 4 GiB: 64-bit products, no overflow.
    dm_service_time<4, TestType> max;
    REQUIRE(max.add_path(0, throughput(100)));
    REQUIRE(max.add_path(1, throughput(99)));
    const io_request huge = io_at(0, 0xFFFF'FFFFu);
    max.start(0, huge);
    CHECK(*max.select(huge) == 1); // (2^32-1 + 2^32-1) * 99 > (0 + 2^32-1) * 100
    max.complete(0, huge, 1, io_status::success);
    CHECK(*max.select(huge) == 0);
}

TEMPLATE_TEST_CASE("dm_service_time: the faster path gets more I/O (1:4 service times, 1,000,000 I/Os)",
                   "[policy][dm_service_time]", single_thread, concurrent)
{
    dm_service_time<2, TestType> st;
    policy_sim::add_paths(st, 2);
    const mpio::tick service[] = {1, 4};
    policy_sim::closed_loop sim(st, service, 2, 16);
    sim.run(1'000'000);
    sim.drain();
    INFO("fast " << sim.sent[0] << " slow " << sim.sent[1]);
    CHECK(sim.no_path == 0);
    CHECK(sim.sent[0] > 3 * sim.sent[1]);
    CHECK(st.bytes_in_flight(0) == 0);
    CHECK(st.bytes_in_flight(1) == 0);
    // Telling it the speeds (4:1 relative throughput) shifts even more to the fast path.
    dm_service_time<2, TestType> told;
    REQUIRE(told.add_path(0, throughput(100)));
    REQUIRE(told.add_path(1, throughput(25)));
    policy_sim::closed_loop told_sim(told, service, 2, 16);
    told_sim.run(1'000'000);
    INFO("told: fast " << told_sim.sent[0] << " slow " << told_sim.sent[1]);
    CHECK(told_sim.sent[0] > 3 * told_sim.sent[1]);
    CHECK(told_sim.now <= sim.now + sim.now / 50);
}

TEST_CASE("concurrent: dm service-time under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<dm_service_time<8, concurrent>>();
}

// issue 18: st_select_path (dm-ps-service-time.c, torvalds/linux
// 3bd940030752) scans from the head, keeps the first best, moves it to the
// tail; reinstated paths go to the tail. The single-thread variant gives the
// kernel's choice (after the kernel's source), but for the int cut below.
TEST_CASE("dm_service_time, single_thread: exact ties go to the least recently used path", "[policy][dm_service_time]")
{
    dm_service_time<8> st;
    policy_sim::add_paths(st, 2); // throughput 1 each
    const io_request io = io_at(0, 4096);
    CHECK(*st.select(io) == 0); // list [1 0]
    st.start(0, io);
    CHECK(*st.select(io) == 1); // list [0 1]
    st.start(1, io);
    st.complete(1, io, 1, io_status::success);
    CHECK(*st.select(io) == 1); // fewer bytes
    st.start(1, io);
    CHECK(*st.select(io) == 0); // 4096 each: p0, used less recently
    st.complete(0, io, 1, io_status::success);
    st.complete(1, io, 1, io_status::success);
    // Reinstated to the tail: list [1 0] -> fail 1 -> [0] -> reinstate -> [0 1].
    REQUIRE(st.fail_path(1));
    REQUIRE(st.reinstate_path(1));
    CHECK(sequence(st, 3) == std::vector<int>{0, 1, 0});
}

// The kernel's st_compare_load() as it behaves (a test-only model of the
// function, from reading it): the differences are size_t, the result an int,
// so on a 64-bit kernel the low 32 bits decide the sign. < 0: p1 better.
static int kernel_st_compare_load(std::uint64_t sz1, unsigned tp1, std::uint64_t sz2, unsigned tp2,
                                  std::uint64_t incoming)
{
    const auto as_int = [](std::uint64_t d) { return static_cast<int>(static_cast<std::uint32_t>(d)); };
    if (tp1 == tp2) return as_int(sz1 - sz2);
    if (sz1 == sz2 || tp1 == 0 || tp2 == 0) return static_cast<int>(tp2 - tp1);
    const std::uint64_t st1 = (sz1 + incoming) * tp2, st2 = (sz2 + incoming) * tp1;
    if (st1 != st2) return as_int(st1 - st2);
    return static_cast<int>(tp2 - tp1);
}

TEMPLATE_TEST_CASE("dm_service_time: the documented departure - differences compared whole, not cut to an int",
                   "[policy][dm_service_time]", single_thread, concurrent)
{
    // The case: throughputs [1, 100]; fail p1; 21 x 1 MiB to p0;
    // reinstate p1; the next 1 MiB I/O.
    dm_service_time<8, TestType> st;
    REQUIRE(st.add_path(0, throughput(1)));
    REQUIRE(st.add_path(1, throughput(100)));
    REQUIRE(st.fail_path(1));
    const io_request mib = io_at(0, 1u << 20);
    for (int i = 0; i < 21; ++i) {
        REQUIRE(*st.select(mib) == 0);
        st.start(0, mib);
    }
    REQUIRE(st.reinstate_path(1)); // the kernel's list [p0 p1]
    CHECK(st.bytes_in_flight(0) == 21u << 20);
    // mpio: (0 + 1 MiB) x 1 < (21 MiB + 1 MiB) x 100 - the idle fast path.
    CHECK(*st.select(mib) == 1);
    // The kernel, scanning [p0 p1]: st_compare_load(p1, p0) = 1 MiB - 2,306,867,200,
    // whose low 32 bits are 1,989,148,672 > 0: "p0 is better", p0 stays.
    const std::uint64_t in_flight = std::uint64_t{21} << 20, incoming = 1u << 20;
    CHECK((in_flight + incoming) * 100 - incoming == 2'305'818'624u);                // between 2^31 and 2^32
    CHECK(kernel_st_compare_load(0, 100, in_flight, 1, incoming) > 0);               // the kernel keeps p0
    CHECK(dm_service_time<8, TestType>::better({0, 100}, {in_flight, 1}, incoming)); // mpio: p1 better
    // With 19 MiB queued the difference is below 2^31: both choose p1.
    CHECK(kernel_st_compare_load(0, 100, std::uint64_t{19} << 20, 1, incoming) < 0);
    for (int i = 0; i < 21; ++i) st.complete(0, mib, 1, io_status::success);
}

// The concurrent variant keeps no list: exact ties take turns by a rotating
// scan start over the slot order (dm_service_time.hpp), not least recently
// used. The tie case above: the kernel's p0, here p1.
TEST_CASE("concurrent: dm_service_time, concurrent variant: exact ties by rotating start, not least recently used",
          "[policy][dm_service_time][concurrent]")
{
    dm_service_time<8, concurrent> st;
    policy_sim::add_paths(st, 2);
    const io_request io = io_at(0, 4096);
    CHECK(*st.select(io) == 0); // scan from entry 0
    st.start(0, io);
    CHECK(*st.select(io) == 1); // from entry 1
    st.start(1, io);
    st.complete(1, io, 1, io_status::success);
    CHECK(*st.select(io) == 1); // fewer bytes, whatever the start
    st.start(1, io);
    CHECK(*st.select(io) == 1); // 4096 each, from entry 1: p1 (the kernel: p0)
    st.complete(0, io, 1, io_status::success);
    st.complete(1, io, 1, io_status::success);
    CHECK(st.bytes_in_flight(0) == 0);
    CHECK(st.bytes_in_flight(1) == 0);
}

} // namespace test_policy_dm_service_time_test
