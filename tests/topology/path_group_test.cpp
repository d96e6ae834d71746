// SPDX-License-Identifier: MIT
#include <mpio/topology/path_group.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_path_group_test {

using namespace mpio::topology;
using aas = mpio::scsi::asymmetric_access_state;

namespace {
constexpr grouping_member member(path_index i, int prio, bool usable, std::uint16_t tpg = 0, std::uint64_t serial = 0,
                                 std::uint64_t node = 0)
{
    grouping_member m;
    m.path = i;
    m.priority = prio;
    m.usable = usable;
    m.has_tpg = true;
    m.tpg = tpg;
    m.serial_hash = serial;
    m.node_name_hash = node;
    return m;
}
} // namespace

TEST_CASE("ALUA prioritiser values of multipath-tools", "[topology][path_group]")
{
    STATIC_REQUIRE(alua_priority(aas::active_optimized, false) == 50);
    STATIC_REQUIRE(alua_priority(aas::active_non_optimized, false) == 10);
    STATIC_REQUIRE(alua_priority(aas::logical_block_dependent, false) == 5);
    STATIC_REQUIRE(alua_priority(aas::standby, false) == 1);
    STATIC_REQUIRE(alua_priority(aas::unavailable, false) == 0);
    STATIC_REQUIRE(alua_priority(aas::offline, false) == 0);
    STATIC_REQUIRE(alua_priority(aas::transitioning, false) == 0);
    // PREF adds 80 except to active/optimized, unless exclusive_pref_bit.
    STATIC_REQUIRE(alua_priority(aas::active_non_optimized, true) == 90);
    STATIC_REQUIRE(alua_priority(aas::standby, true) == 81);
    STATIC_REQUIRE(alua_priority(aas::active_optimized, true) == 50);
    STATIC_REQUIRE(alua_priority(aas::active_optimized, true, true) == 130);
    STATIC_REQUIRE(alua_priority(path{}) == priority_undefined); // no ALUA state known
    STATIC_REQUIRE(std::string_view(to_string(grouping_policy::group_by_node_name)) == "group_by_node_name");
}

TEST_CASE("failover: one path per group, ordered by priority", "[topology][path_group]")
{
    constexpr grouping_member m[] = {member(10, 10, true), member(11, 50, true), member(12, 1, true)};
    constexpr auto g = group_paths<4>(grouping_policy::failover, m, 3);
    STATIC_REQUIRE(g.has_value());
    STATIC_REQUIRE(g->group_count() == 3);
    STATIC_REQUIRE(g->group(0).priority == 50);
    STATIC_REQUIRE(g->group(1).priority == 10);
    STATIC_REQUIRE(g->group(2).priority == 1);
    STATIC_REQUIRE(g->group_of(1) == 0);
    STATIC_REQUIRE(g->group_of(0) == 1);
    STATIC_REQUIRE(g->path_of(1) == 11);
    STATIC_REQUIRE(*g->best_group() == 0);
}

TEST_CASE("multibus: one group; priority is the integer average of usable paths", "[topology][path_group]")
{
    constexpr grouping_member m[] = {member(0, 50, true), member(1, 10, true), member(2, 1, false), member(3, 5, true)};
    constexpr auto g = group_paths<4>(grouping_policy::multibus, m, 4);
    STATIC_REQUIRE(g->group_count() == 1);
    STATIC_REQUIRE(g->group(0).path_count == 4);
    STATIC_REQUIRE(g->group(0).usable_paths == 3);
    STATIC_REQUIRE(g->group(0).priority == (50 + 10 + 5) / 3);
}

TEST_CASE("group_by_prio, group_by_tpg, group_by_serial, group_by_node_name", "[topology][path_group]")
{
    constexpr grouping_member m[] = {member(0, 10, true, 2, 7, 0xB), member(1, 50, true, 1, 7, 0xA),
                                     member(2, 10, true, 2, 8, 0xB), member(3, 50, true, 1, 8, 0xA),
                                     member(4, 50, true, 3, 8, 0xA)};
    SECTION("group_by_prio")
    {
        const auto g = group_paths<8>(grouping_policy::group_by_prio, m, 5);
        REQUIRE(g->group_count() == 2);
        CHECK(g->group(0).priority == 50);
        CHECK(g->group(0).path_count == 3);
        CHECK(g->group(1).priority == 10);
        CHECK(g->group_of(0) == 1);
        CHECK(g->group_of(4) == 0);
        int n = 0;
        g->for_each_path_in(0, [&](path_index p) {
            CHECK((p == 1 || p == 3 || p == 4));
            ++n;
        });
        CHECK(n == 3);
    }
    SECTION("group_by_tpg")
    {
        const auto g = group_paths<8>(grouping_policy::group_by_tpg, m, 5);
        REQUIRE(g->group_count() == 3);
        // TPG 1 (two paths at 50) before TPG 3 (one path at 50): same priority, more usable paths first.
        CHECK(g->group(0).path_count == 2);
        CHECK(g->group(1).path_count == 1);
        CHECK(g->group_of(4) == 1);
        CHECK(g->group(2).priority == 10);
    }
    SECTION("group_by_serial")
    {
        const auto g = group_paths<8>(grouping_policy::group_by_serial, m, 5);
        REQUIRE(g->group_count() == 2);
        // serial 8: (10 + 50 + 50) / 3 = 36; serial 7: (10 + 50) / 2 = 30.
        CHECK(g->group(0).priority == 36);
        CHECK(g->group(1).priority == 30);
        CHECK(g->group_of(2) == 0);
    }
    SECTION("group_by_node_name")
    {
        const auto g = group_paths<8>(grouping_policy::group_by_node_name, m, 5);
        REQUIRE(g->group_count() == 2);
        CHECK(g->group(0).priority == 50);
        CHECK(g->group(0).path_count == 3);
        CHECK(g->group_of(0) == 1);
    }
}

TEST_CASE("undefined priorities and all-paths-down groups", "[topology][path_group]")
{
    SECTION("a group whose usable paths all have undefined priority is undefined, below 0")
    {
        constexpr grouping_member m[] = {member(0, priority_undefined, true, 1), member(1, 0, true, 2),
                                         member(2, 10, false, 3)};
        constexpr auto g = group_paths<4>(grouping_policy::group_by_tpg, m, 3);
        STATIC_REQUIRE(g->group_count() == 3);
        // TPG 2 (0, one usable) then TPG 3 (all down: 0, no usable) then TPG 1 (undefined).
        STATIC_REQUIRE(g->group(0).priority == 0);
        STATIC_REQUIRE(g->group(0).usable_paths == 1);
        STATIC_REQUIRE(g->group(1).usable_paths == 0);
        STATIC_REQUIRE(g->group(2).undefined_priority());
        STATIC_REQUIRE(*g->best_group() == 0);
    }
    SECTION("undefined members do not dilute the average of defined ones")
    {
        constexpr grouping_member m[] = {member(0, priority_undefined, true), member(1, 50, true), member(2, 10, true)};
        constexpr auto g = group_paths<4>(grouping_policy::multibus, m, 3);
        STATIC_REQUIRE(g->group(0).priority == 30);
        STATIC_REQUIRE(g->group(0).usable_paths == 3);
    }
    SECTION("undefined group still carries I/O when it is the only usable one")
    {
        constexpr grouping_member m[] = {member(0, 50, false, 1), member(1, priority_undefined, true, 2)};
        constexpr auto g = group_paths<4>(grouping_policy::group_by_tpg, m, 2);
        STATIC_REQUIRE(g->group(0).priority == 0); // all down: 0
        STATIC_REQUIRE(g->group(1).undefined_priority());
        STATIC_REQUIRE(*g->best_group() == 1);
    }
    SECTION("every path down: no best group")
    {
        constexpr grouping_member m[] = {member(0, 50, false, 1), member(1, 10, false, 2)};
        constexpr auto g = group_paths<4>(grouping_policy::group_by_tpg, m, 2);
        STATIC_REQUIRE(g->group(0).priority == 0);
        STATIC_REQUIRE(g->group(1).priority == 0);
        STATIC_REQUIRE(g->best_group().error() == mpio::errc::no_usable_path);
    }
    SECTION("empty and over capacity")
    {
        constexpr auto g = group_paths<2>(grouping_policy::multibus, nullptr, 0);
        STATIC_REQUIRE(g->group_count() == 0);
        STATIC_REQUIRE(g->best_group().error() == mpio::errc::no_usable_path);
        constexpr grouping_member m[] = {member(0, 1, true), member(1, 1, true), member(2, 1, true)};
        STATIC_REQUIRE(group_paths<2>(grouping_policy::multibus, m, 3).error() == mpio::errc::capacity_exceeded);
    }
}

TEST_CASE("ties keep the order of first appearance", "[topology][path_group]")
{
    constexpr grouping_member m[] = {member(5, 10, true, 7), member(6, 10, true, 3), member(7, 10, true, 9)};
    constexpr auto g = group_paths<4>(grouping_policy::group_by_tpg, m, 3);
    STATIC_REQUIRE(g->group_of(0) == 0);
    STATIC_REQUIRE(g->group_of(1) == 1);
    STATIC_REQUIRE(g->group_of(2) == 2);
}

namespace {
// A Unit Serial Number VPD page: PAGE LENGTH `length` (default: the serial's
// size), the serial bytes returned.
std::vector<mpio::byte> usn_page(const std::string& serial, std::size_t length = std::string::npos)
{
    if (length == std::string::npos) length = serial.size();
    std::vector<mpio::byte> b{0, 0x80, static_cast<mpio::byte>(length >> 8), static_cast<mpio::byte>(length)};
    for (const char c : serial) b.push_back(static_cast<mpio::byte>(c));
    return b;
}
std::string kept_serial(const std::vector<mpio::byte>& page)
{
    const auto usn = mpio::scsi::parse_unit_serial_number(mpio::byte_view(page.data(), page.size()));
    REQUIRE(usn);
    const mpio::ascii_view v = multipath_tools_serial(*usn);
    return std::string(reinterpret_cast<const char*>(v.bytes().data()), v.size());
}
std::string kept_node_name(const std::string& name)
{
    const mpio::byte_view v =
        multipath_tools_node_name(mpio::byte_view(reinterpret_cast<const mpio::byte*>(name.data()), name.size()));
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}
} // namespace

TEST_CASE("long values: serials kept to 127 characters, node names to 223, as multipath-tools",
          "[topology][path_group]")
{
    // Issue 18's case: two 129-character serials that share their first 127
    // characters are one serial for multipath-tools (SERIAL_SIZE 128).
    const std::string common(127, 'S');
    const std::string a = kept_serial(usn_page(common + "AA"));
    const std::string b = kept_serial(usn_page(common + "BB"));
    CHECK(a == common);
    CHECK(a == b);
    CHECK(attribute_hash(mpio::byte_view(reinterpret_cast<const mpio::byte*>(a.data()), a.size())) ==
          attribute_hash(mpio::byte_view(reinterpret_cast<const mpio::byte*>(b.data()), b.size())));
    // parse_vpd_pg80(): the window is clamped to 128 bytes BEFORE trailing
    // spaces are stripped, then leading spaces go.
    CHECK(kept_serial(usn_page(std::string(120, 'A') + std::string(8, ' ') + "BB")) == std::string(120, 'A'));
    CHECK(kept_serial(usn_page("  SN01  ")) == "SN01");
    CHECK(kept_serial(usn_page(std::string(3, ' '))).empty());
    // A C string: ends at the first NUL; spaces before a NUL stay.
    CHECK(kept_serial(usn_page(std::string("AB  \0\0", 6))) == "AB  ");
    CHECK(kept_serial(usn_page(std::string("A\0B", 3))) == "A");
    // A truncated page: the missing bytes are zeros, so trailing spaces of
    // what came stay.
    CHECK(kept_serial(usn_page("SN01  ", 10)) == "SN01  ");
    // Node names: strlcpy() into 224 bytes.
    const std::string node(223, 'n');
    CHECK(kept_node_name(node + "x") == node);
    CHECK(kept_node_name(node + "x") == kept_node_name(node + "yy"));
    CHECK(kept_node_name(std::string("iqn.x\0junk", 10)) == "iqn.x");
    CHECK(kept_node_name("0x500a098100000001") == "0x500a098100000001");
}

} // namespace test_topology_path_group_test
