// SPDX-License-Identifier: MIT
#include <mpio/topology/discovery.hpp>
#include <mpio/topology/path_group.hpp>
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/ident/scheme_msdsm.hpp>

#include "topology_fixture.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_discovery_test {

using namespace mpio::topology;
using namespace topo_test;
using mpio::ident::claimer;
using mpio::ident::mpio_scheme;

namespace {

using store = topology_store<16, 64>;

const mpio::ident::supported_device_entry netapp_entries[] = {
    *mpio::ident::supported_device_entry::parse("NETAPP  LUN", 11)};

// A vendor DSM for NETAPP, and a generic one registered FIRST that claims
// everything (its entry list matches every device).
struct any_claimer {
    const char* name;
    bool generic;
    bool wants_all;
    mpio::ident::supported_device_span devices;
    bool claims(const mpio::ident::device_description& d) const { return wants_all || devices.matches(d); }
    bool is_generic() const { return generic; }
};

const any_claimer claimers[] = {
    {"msdsm", true, true, {}},
    {"netapp", false, false, {netapp_entries, 1}},
};

} // namespace

TEST_CASE("discovery: claim (generic last), derive, create, join, verify", "[topology][discovery]")
{
    auto topo = std::make_unique<store>();
    const path_data p1 = alua_path(1, 1), p2 = alua_path(1, 3), p3 = alua_path(2, 1);

    const auto r1 = discover_path<mpio_scheme>(*topo, claimers, 2, p1.report(11), 0);
    CHECK(r1.outcome == discovery_outcome::created_device);
    REQUIRE(r1.claim.claimed());
    CHECK(r1.claim.index() == 1); // the vendor DSM, though the generic one was registered first
    CHECK(r1.verified);
    CHECK(topo->path_at(r1.path).state() == path_state::active);
    const path& p = topo->path_at(r1.path);
    CHECK(p.relative_target_port() == 1);
    CHECK(p.target_port_group() == 1);
    CHECK(p.has_alua_state());
    CHECK(p.alua_state() == aas::active_optimized);
    CHECK(p.tpg_check() == mpio::ident::tpg_cross_check::consistent);
    CHECK(topo->device_at(r1.device).mode() == alua_mode::implicit);
    CHECK(topo->device_at(r1.device).claimer() == 1);

    const auto r2 = discover_path<mpio_scheme>(*topo, claimers, 2, p2.report(12), 0);
    CHECK(r2.outcome == discovery_outcome::joined_device);
    CHECK(r2.device == r1.device);
    CHECK(topo->path_at(r2.path).alua_state() == aas::active_non_optimized);
    CHECK(topo->path_at(r2.path).target_port_group() == 2);

    const auto r3 = discover_path<mpio_scheme>(*topo, claimers, 2, p3.report(13), 0);
    CHECK(r3.outcome == discovery_outcome::created_device);
    CHECK(r3.device != r1.device);
    // Same target port as path 11: found by port.
    const port_index port = topo->find_port(r3.facts.facts.port);
    REQUIRE(port != no_index);
    CHECK(topo->port_at(port).path_count() == 2);

    // The same path reported twice.
    const auto dup = discover_path<mpio_scheme>(*topo, claimers, 2, p1.report(11), 1);
    CHECK(dup.outcome == discovery_outcome::duplicate);
    CHECK(dup.path == r1.path);
    CHECK(topo->path_count() == 3);
    // A re-read after an ALUA transition: same path, new state, still a duplicate.
    path_data moved = p1;
    moved.rtpg_data = rtpg({{1, aas::standby, false, {1, 2}}, {2, aas::active_optimized, true, {3, 4}}});
    const auto reread = discover_path<mpio_scheme>(*topo, claimers, 2, moved.report(11), 2);
    CHECK(reread.outcome == discovery_outcome::duplicate);
    CHECK(topo->path_at(r1.path).alua_state() == aas::standby);
    CHECK(topo->path_at(r1.path).state() == path_state::active);
    CHECK(topo->path_at(r2.path).alua_state() == aas::active_non_optimized); // not re-read yet
    (void)discover_path<mpio_scheme>(*topo, claimers, 2, p1.report(11), 3);  // and back

    // Grouping of the device: TPG 1 (50) before TPG 2 (10).
    const auto g = group_device(*topo, r1.device, grouping_policy::group_by_prio);
    REQUIRE(g);
    REQUIRE(g->group_count() == 2);
    CHECK(g->group(0).priority == 50);
    CHECK(g->group(1).priority == 10);
}

TEST_CASE("discovery: not claimed, no INQUIRY", "[topology][discovery]")
{
    auto topo = std::make_unique<store>();
    path_data d = alua_path(1, 1);
    d.inq = inquiry("OTHER", "DISK", 1);
    const auto r = discover_path<mpio_scheme>(*topo, claimers + 1, 1, d.report(1), 0); // vendor DSM only
    CHECK(r.outcome == discovery_outcome::not_claimed);
    CHECK(topo->path_count() == 0);
    // The generic claimer takes it.
    CHECK(discover_path<mpio_scheme>(*topo, claimers, 2, d.report(1), 0).claim.index() == 0);

    path_data e = alua_path(1, 1);
    e.inq.clear();
    CHECK(discover_path<mpio_scheme>(*topo, claimers, 2, e.report(2), 0).outcome == discovery_outcome::no_inquiry);
}

TEST_CASE("discovery: verification hook", "[topology][discovery]")
{
    auto topo = std::make_unique<store>();
    const path_data d = alua_path(1, 1);
    path_handle seen = 0;
    const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, d.report(5), 0, [&](path_handle h, const path& p) {
        seen = h;
        return p.relative_target_port() != 1; // fails
    });
    CHECK(seen == 5);
    CHECK(r.outcome == discovery_outcome::created_device);
    CHECK_FALSE(r.verified);
    CHECK(topo->path_at(r.path).state() == path_state::failed);
    CHECK_FALSE(topo->path_at(r.path).usable());
}

TEST_CASE("discovery: identity not ready is not grouped until it is", "[topology][discovery]")
{
    auto topo = std::make_unique<store>();
    path_data d = alua_path(1, 1);
    vpd83_page blank;
    blank.lu_blank().rtp(1).tpg(1).port_name(1);
    d.pg83 = blank.b;
    d.pg80.clear();
    const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, d.report(1), 0);
    CHECK(r.outcome == discovery_outcome::identity_not_ready);
    CHECK_FALSE(r.grouped());
    CHECK(topo->device_count() == 0);
    CHECK(topo->ungrouped_path_count() == 1);
    REQUIRE(topo->find_path(1) != no_index);
    CHECK_FALSE(topo->path_at(topo->find_path(1)).grouped());

    // A second not-ready path to what will be the same LU is not grouped with it either.
    path_data d2 = d;
    CHECK(discover_path<mpio_scheme>(*topo, claimers, 2, d2.report(2), 0).outcome ==
          discovery_outcome::identity_not_ready);
    CHECK(topo->device_count() == 0);

    // The LU gets its identifier: re-read.
    const path_data ready = alua_path(1, 1);
    const auto r2 = discover_path<mpio_scheme>(*topo, claimers, 2, ready.report(1), 5);
    CHECK(r2.outcome == discovery_outcome::created_device);
    CHECK(topo->ungrouped_path_count() == 1);
    CHECK(topo->device_count() == 1);
}

TEST_CASE("discovery: identity change (UA 3F/05, 3F/03, differing re-read)", "[topology][discovery]")
{
    auto topo = std::make_unique<store>();
    const path_data a1 = alua_path(1, 1), a2 = alua_path(1, 2);
    const auto r1 = discover_path<mpio_scheme>(*topo, claimers, 2, a1.report(1), 0);
    const auto r2 = discover_path<mpio_scheme>(*topo, claimers, 2, a2.report(2), 0);
    REQUIRE(r1.device == r2.device);

    STATIC_REQUIRE(identity_may_have_changed(0x3F, 0x05));
    STATIC_REQUIRE(identity_may_have_changed(0x3F, 0x03));
    STATIC_REQUIRE_FALSE(identity_may_have_changed(0x3F, 0x0E)); // REPORTED LUNS DATA HAS CHANGED
    STATIC_REQUIRE_FALSE(identity_may_have_changed(0x29, 0x00));

    SECTION("unit attention 3F/05 detaches; the re-read names another LU")
    {
        CHECK_FALSE(on_unit_attention(*topo, 2, 0x29, 0x00, 1)); // power on: not an identity change
        CHECK(topo->path_at(r2.path).grouped());
        CHECK(on_unit_attention(*topo, 2, 0x3F, 0x05, 1));
        CHECK_FALSE(topo->path_at(r2.path).grouped());
        CHECK(topo->device_at(r1.device).path_count() == 1);
        const path_data b2 = alua_path(2, 2);
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, b2.report(2), 2);
        CHECK(r.outcome == discovery_outcome::created_device);
        CHECK(r.device != r1.device);
        CHECK(topo->device_count() == 2);
    }
    SECTION("unit attention 3F/03 then the same identity: joins back")
    {
        CHECK(on_unit_attention(*topo, 2, 0x3F, 0x03, 1));
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, a2.report(2), 2);
        CHECK(r.outcome == discovery_outcome::joined_device);
        CHECK(r.device == r1.device);
    }
    SECTION("a re-read that differs, without a unit attention: the path leaves its device")
    {
        const path_data b2 = alua_path(2, 2);
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, b2.report(2), 2);
        CHECK(r.outcome == discovery_outcome::created_device);
        CHECK(r.identity_changed());
        CHECK(r.previous_device == r1.device);
        CHECK(topo->device_at(r1.device).path_count() == 1);
        CHECK(topo->device_at(r.device).path_count() == 1);
    }
}

TEST_CASE("discovery: removal and return within / after the remove period", "[topology][discovery]")
{
    auto topo = std::make_unique<store>(topology_config{.remove_period = 20'000, .queue_if_no_path = true});
    const path_data a1 = alua_path(1, 1);
    const auto r1 = discover_path<mpio_scheme>(*topo, claimers, 2, a1.report(1), 0);
    REQUIRE(topo->remove_path(1, 1000));
    CHECK(topo->device_at(r1.device).state() == device_state::orphaned);
    // Within PDORemovePeriod: the path comes back as a new PDO on the same port.
    const auto back = discover_path<mpio_scheme>(*topo, claimers, 2, a1.report(77), 20'999);
    CHECK(back.outcome == discovery_outcome::returned_path);
    CHECK(back.device == r1.device);
    CHECK(back.verified);
    CHECK(topo->device_at(r1.device).state() == device_state::live);
    // Gone again, and this time the period runs out.
    REQUIRE(topo->remove_path(77, 30'000));
    CHECK(topo->expire(49'999) == 0);
    CHECK(topo->expire(50'000) == 2);
    CHECK(topo->device_count() == 0);
    const auto later = discover_path<mpio_scheme>(*topo, claimers, 2, a1.report(78), 60'000);
    CHECK(later.outcome == discovery_outcome::created_device);
}

TEST_CASE("discovery: ALUA/TPGS disagreement and TPG cross-check", "[topology][discovery]")
{
    auto topo = std::make_unique<store>();
    SECTION("TPGS 0 but RTPG answers: implicit ALUA, states used")
    {
        const path_data d = alua_path(1, 3, /*tpgs=*/0);
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, d.report(1), 0);
        CHECK(topo->device_at(r.device).alua().agreement == alua_agreement::rtpg_without_tpgs);
        CHECK(topo->device_at(r.device).mode() == alua_mode::implicit);
        CHECK(topo->path_at(r.path).has_alua_state());
        CHECK(alua_priority(topo->path_at(r.path)) == 10);
    }
    SECTION("TPGS explicit but RTPG fails: no ALUA, priority undefined")
    {
        path_data d = alua_path(1, 1, /*tpgs=*/2);
        d.rtpg_data.clear();
        mpio::topology::path_report rep = d.report(1);
        rep.rtpg_failed = true;
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, rep, 0);
        CHECK(topo->device_at(r.device).alua().agreement == alua_agreement::tpgs_without_rtpg);
        CHECK(topo->device_at(r.device).mode() == alua_mode::none);
        CHECK_FALSE(topo->path_at(r.path).has_alua_state());
        CHECK(alua_priority(topo->path_at(r.path)) == priority_undefined);
        // A later path whose RTPG answers confirms the mode for the device.
        const path_data d2 = alua_path(1, 2, 2);
        const auto r2 = discover_path<mpio_scheme>(*topo, claimers, 2, d2.report(2), 0);
        CHECK(r2.device == r.device);
        CHECK(topo->device_at(r.device).mode() == alua_mode::explicit_);
        CHECK(topo->device_at(r.device).alua().agreement == alua_agreement::consistent);
    }
    SECTION("VPD 83h TPG designator disagrees with RTPG's port list")
    {
        path_data d = alua_path(1, 1);
        vpd83_page pg;
        pg.lu_naa(1).rtp(1).tpg(2).port_name(1); // page says TPG 2, RTPG lists port 1 in TPG 1
        d.pg83 = pg.b;
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, d.report(1), 0);
        const path& p = topo->path_at(r.path);
        CHECK(p.target_port_group() == 2); // the page's designator wins
        CHECK(p.tpg_check() == mpio::ident::tpg_cross_check::group_mismatch);
        CHECK(p.alua_state() == aas::active_non_optimized);
    }
    SECTION("no TPG designator: the group comes from RTPG's port list")
    {
        path_data d = alua_path(1, 4);
        vpd83_page pg;
        pg.lu_naa(1).rtp(4).port_name(4);
        d.pg83 = pg.b;
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, d.report(1), 0);
        const path& p = topo->path_at(r.path);
        CHECK(p.has_target_port_group());
        CHECK(p.target_port_group() == 2);
        CHECK(p.tpg_source() == mpio::ident::tpg_source::rtpg_port_list);
    }
    SECTION("no VPD 83h at all: identity from the serial number, no port, no group")
    {
        path_data d = alua_path(1, 1);
        d.pg83.clear();
        const auto r = discover_path<mpio_scheme>(*topo, claimers, 2, d.report(1), 0);
        CHECK(r.grouped());
        CHECK_FALSE(topo->path_at(r.path).has_target_port_group());
        CHECK(topo->path_at(r.path).port() == no_index);
        CHECK(r.facts.alua_error == mpio::errc::not_found);
    }
}

TEST_CASE("discovery: path_report by designated initialisers", "[topology][discovery]")
{
    // Every member has a default, so naming only some compiles clean under
    // -Wextra (-Wmissing-field-initializers) in this -Werror build.
    constexpr path_report r{.handle = 7, .rtpg_failed = true};
    STATIC_REQUIRE(r.handle == 7);
    STATIC_REQUIRE(r.input.vpd83.empty());
    STATIC_REQUIRE(r.rtpg.empty());
    STATIC_REQUIRE(r.bus == mpio::ident::bus_type::unknown);
    STATIC_REQUIRE(r.target_node_name.empty());
    constexpr mpio::ident::identity_input in{.vpd83 = {}};
    STATIC_REQUIRE(in.standard_inquiry.empty());
}

TEST_CASE("discovery: serial and node name hashed as multipath-tools keeps them (127 / 223 characters)",
          "[topology][discovery][path_group]")
{
    // Two 129-character serials sharing their first 127: one serial for
    // multipath-tools, so one group under group_by_serial.
    path_data a = alua_path(1, 1), b = alua_path(1, 3);
    const std::string common(127, 'S');
    a.pg80 = vpd80((common + "AA").c_str());
    b.pg80 = vpd80((common + "BB").c_str());
    const derived_path_facts fa = derive_path_facts(a.report(1));
    const derived_path_facts fb = derive_path_facts(b.report(2));
    CHECK(fa.facts.serial_hash != 0);
    CHECK(fa.facts.serial_hash == fb.facts.serial_hash);
    // Differing within the 127: two serials.
    b.pg80 = vpd80(("X" + common.substr(1) + "AA").c_str());
    CHECK(derive_path_facts(b.report(2)).facts.serial_hash != fa.facts.serial_hash);
    // Target node names (from the transport) sharing their first 223 characters.
    const std::string node(223, 'n');
    const std::string na = node + "a", nb = node + "bb";
    path_report ra = a.report(1), rb = b.report(2);
    ra.target_node_name = mpio::byte_view(reinterpret_cast<const mpio::byte*>(na.data()), na.size());
    rb.target_node_name = mpio::byte_view(reinterpret_cast<const mpio::byte*>(nb.data()), nb.size());
    CHECK(derive_path_facts(ra).facts.node_name_hash == derive_path_facts(rb).facts.node_name_hash);
}

TEST_CASE("discovery: msdsm's empty serial number is flagged and never grouped", "[topology][discovery]")
{
    // MSDSM claims a device whose page 80h serial is empty (and every such
    // device compares equal); the identity says so (unsafe_to_group()), and
    // the store refuses the empty key, so no two such devices are merged.
    auto topo = std::make_unique<store>();
    path_data p = alua_path(1, 1);
    p.pg83.clear(); // no page 83h: MSDSM asks for page 80h
    p.pg80 = vpd80("");
    mpio::ident::device_identity id;
    const auto r = discover_path<mpio::ident::msdsm_scheme>(id, *topo, claimers, 2, p.report(1), 0);
    CHECK(id.found());
    CHECK(id.unsafe_to_group());
    CHECK(r.outcome == discovery_outcome::store_error);
    CHECK(r.error == mpio::errc::invalid_argument);
    CHECK(!r.grouped());
}

} // namespace test_topology_discovery_test
