// SPDX-License-Identifier: MIT
#include <mpio/recovery/alua_failover.hpp>

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_alua_failover_test {

namespace rc = mpio::recovery;
using aas = mpio::scsi::asymmetric_access_state;
using mpio::byte;
using rc::tpg_candidate;
using tpgs = mpio::scsi::target_port_group_support;

namespace {
template <std::size_t N>
constexpr std::size_t pick(const tpg_candidate (&g)[N]) noexcept
{
    const auto r = rc::choose_stpg_target(g);
    return r ? *r : 999;
}
} // namespace

TEST_CASE("STPG target: an active/optimized group first", "[recovery]")
{
    constexpr tpg_candidate g[] = {{1, aas::standby, true, true},
                                   {2, aas::active_non_optimized, false, true},
                                   {3, aas::active_optimized, false, true}};
    STATIC_REQUIRE(pick(g) == 2);
}

TEST_CASE("STPG target: then a preferred group, whatever its state", "[recovery]")
{
    constexpr tpg_candidate g[] = {{1, aas::active_non_optimized, false, true}, {2, aas::standby, true, true}};
    STATIC_REQUIRE(pick(g) == 1);
    // among preferred groups, by state
    constexpr tpg_candidate h[] = {{1, aas::unavailable, true, true}, {2, aas::standby, true, true}};
    STATIC_REQUIRE(pick(h) == 1);
}

TEST_CASE("STPG target: then A/NO > standby > unavailable > transitioning", "[recovery]")
{
    constexpr tpg_candidate a[] = {{1, aas::transitioning, false, true},
                                   {2, aas::unavailable, false, true},
                                   {3, aas::standby, false, true},
                                   {4, aas::active_non_optimized, false, true}};
    STATIC_REQUIRE(pick(a) == 3);
    constexpr tpg_candidate b[] = {
        {1, aas::transitioning, false, true}, {2, aas::unavailable, false, true}, {3, aas::standby, false, true}};
    STATIC_REQUIRE(pick(b) == 2);
    constexpr tpg_candidate c[] = {{1, aas::transitioning, false, true}, {2, aas::unavailable, false, true}};
    STATIC_REQUIRE(pick(c) == 1);
    constexpr tpg_candidate d[] = {{1, aas::transitioning, false, true}};
    STATIC_REQUIRE(pick(d) == 0);
    // logical block dependent ranks with active/non-optimized; ties keep RTPG order
    constexpr tpg_candidate e[] = {{1, aas::standby, false, true},
                                   {2, aas::logical_block_dependent, false, true},
                                   {3, aas::active_non_optimized, false, true}};
    STATIC_REQUIRE(pick(e) == 1);
}

TEST_CASE("STPG target: unreachable, offline and reserved groups are never chosen", "[recovery]")
{
    constexpr tpg_candidate g[] = {{1, aas::active_optimized, true, false}, {2, aas::standby, false, true}};
    STATIC_REQUIRE(pick(g) == 1);
    constexpr tpg_candidate none[] = {
        {1, aas::offline, true, true}, {2, static_cast<aas>(9), false, true}, {3, aas::active_optimized, false, false}};
    STATIC_REQUIRE(pick(none) == 999);
    STATIC_REQUIRE(rc::choose_stpg_target(none).error() == mpio::errc::no_usable_path);
    STATIC_REQUIRE(rc::choose_stpg_target(nullptr, 3).error() == mpio::errc::no_usable_path);
}

namespace {
// RTPG, extended header, three groups: 1 standby (PREF), 2 A/NO, 3 unavailable.
constexpr byte rtpg_bytes[] = {
    0x00, 0x00, 0x00, 0x28, 0x10, 0x0A, 0x00, 0x00,                         // header, implicit transition 10 s
    0x82, 0x0F, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, // group 1, PREF, standby, port 1
    0x01, 0x0F, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // group 2, A/NO, port 2
    0x03, 0x0F, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, // group 3, unavailable, port 3
};
} // namespace

TEST_CASE("STPG target straight from RTPG data", "[recovery]")
{
    const auto rtpg = mpio::scsi::parse_report_target_port_groups(mpio::byte_view(rtpg_bytes));
    REQUIRE(rtpg);
    const auto all = rc::choose_stpg_target(*rtpg, [](std::uint16_t) { return true; });
    REQUIRE(all);
    CHECK(all->group == 1); // preferred
    CHECK(all->preferred);
    CHECK(all->state == aas::standby);
    const auto no_pref = rc::choose_stpg_target(*rtpg, [](std::uint16_t g) { return g != 1; });
    REQUIRE(no_pref);
    CHECK(no_pref->group == 2);
    const auto only3 = rc::choose_stpg_target(*rtpg, [](std::uint16_t g) { return g == 3; });
    REQUIRE(only3);
    CHECK(only3->group == 3);
    CHECK(rc::choose_stpg_target(*rtpg, [](std::uint16_t) { return false; }).error() == mpio::errc::no_usable_path);
    CHECK(rc::alua_transition_time(rtpg->implicit_transition_time(), rc::microsoft_defaults, mpio::tick_rate{1000}) ==
          10'000);
}

TEST_CASE("failover plan: STPG for explicit ALUA, RTPG for implicit only", "[recovery]")
{
    constexpr tpg_candidate sb{7, aas::standby, false, true};
    constexpr tpg_candidate ao{8, aas::active_optimized, false, true};
    STATIC_REQUIRE(rc::plan_failover(tpgs::explicit_only, sb).step == rc::failover_step::set_target_port_groups);
    STATIC_REQUIRE(rc::plan_failover(tpgs::both, sb).step == rc::failover_step::set_target_port_groups);
    STATIC_REQUIRE(rc::plan_failover(tpgs::both, sb).group == 7);
    STATIC_REQUIRE(rc::plan_failover(tpgs::implicit_only, sb).step == rc::failover_step::reread_rtpg);
    STATIC_REQUIRE(rc::plan_failover(tpgs::not_supported, sb).step == rc::failover_step::none);
    STATIC_REQUIRE(rc::plan_failover(tpgs::both, ao).step == rc::failover_step::none);
    CHECK(std::string(rc::to_string(rc::failover_step::reread_rtpg)) == "re-read REPORT TARGET PORT GROUPS");
}

TEST_CASE("STPG building: CDB and parameter list making a group active/optimized", "[recovery]")
{
    byte cdb[16]{};
    byte params[16]{};
    const auto n = rc::build_activation_stpg(mpio::mutable_byte_view(cdb), mpio::mutable_byte_view(params), 0x1234);
    REQUIRE(n);
    CHECK(*n == 8);
    CHECK(cdb[0] == 0xA4);
    CHECK(cdb[1] == 0x0A);
    CHECK(mpio::load_be32(mpio::byte_view(cdb, 12), 6) == 8);
    const byte expect[8] = {0, 0, 0, 0, 0x00, 0x00, 0x12, 0x34};
    for (int i = 0; i < 8; ++i) CHECK(params[i] == expect[i]);
    CHECK(rc::build_activation_stpg(mpio::mutable_byte_view(cdb, 11), mpio::mutable_byte_view(params), 1).error() ==
          mpio::errc::buffer_too_small);
    CHECK(rc::build_activation_stpg(mpio::mutable_byte_view(cdb), mpio::mutable_byte_view(params, 7), 1).error() ==
          mpio::errc::buffer_too_small);
}

TEST_CASE("ALUA transition: I/O held, not failed, within the transition time", "[recovery]")
{
    rc::alua_transition t;
    CHECK_FALSE(t.in_progress());
    CHECK_FALSE(t.holding(0));
    t.begin(1000, 3000);
    t.begin(2000, 3000); // already in progress: the first deadline stays
    CHECK(t.deadline() == 4000);
    CHECK(t.holding(3999));
    CHECK_FALSE(t.timed_out(3999));
    CHECK_FALSE(t.holding(4000));
    CHECK(t.timed_out(4000));
    t.end();
    CHECK_FALSE(t.in_progress());
    CHECK_FALSE(t.timed_out(10'000));
}

} // namespace test_recovery_alua_failover_test
