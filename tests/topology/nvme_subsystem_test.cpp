// SPDX-License-Identifier: MIT
#include <mpio/topology/nvme_subsystem.hpp>
#include <mpio/topology/nvme_discovery.hpp>
#include <mpio/topology.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "../nvme/nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_nvme_subsystem_test {

using mpio::byte_view;
using mpio::errc;
namespace nvme = mpio::nvme;
namespace topology = mpio::topology;
using nvme::ana_state;
using topology::nvme_ana_apply_outcome;
using topology::nvme_ana_check;

namespace {

// No NVMe device or target exists on the machines that run these tests (no
// nvmet, no configfs: docs/nvme.md, "Provenance"), so the Identify data is
// tests/nvme/nvme_test_data.hpp's, built byte by byte (an Identify
// Controller as nvmet describes its controllers, a shared namespace in ANA
// group 2), and the ANA log pages are built here the same way.

// Identify Controller of controller `cntlid` of the nvmet-like subsystem
// (SUBNQN nqn.2014-08.org.example:subsys1, ANAGRPMAX 128).
constexpr nvme_test::page controller_page(std::uint16_t cntlid, const char* subnqn = nullptr) noexcept
{
    nvme_test::page p = nvme_test::nvmet_like_identify_controller();
    p.le(78, cntlid, 2);
    if (subnqn != nullptr) p.text(768, subnqn, 256, '\0');
    return p;
}

struct group_spec {
    std::uint32_t anagrpid;
    std::uint8_t anas;
    std::uint32_t nsid_count;
    std::uint32_t nsids[3];
};

// An ANA log page: CHGCNT, then one descriptor per group (NNSIDS and the
// NSIDs, or none with rgo).
constexpr nvme_test::buffer<512> ana_page(std::uint64_t chgcnt, const group_spec* groups, std::size_t n,
                                          bool rgo = false) noexcept
{
    nvme_test::buffer<512> p;
    p.le(0, chgcnt, 8);
    p.le(8, n, 2);
    std::size_t at = 16;
    for (std::size_t g = 0; g < n; ++g) {
        const std::uint32_t count = rgo ? 0 : groups[g].nsid_count;
        p.le(at, groups[g].anagrpid, 4);
        p.le(at + 4, count, 4);
        p.le(at + 8, chgcnt, 8);
        p.b[at + 16] = groups[g].anas;
        at += 32;
        for (std::uint32_t k = 0; k < count; ++k, at += 4) p.le(at, groups[g].nsids[k], 4);
    }
    p.used = at;
    return p;
}

constexpr std::uint8_t optimized = 0x1;
constexpr std::uint8_t non_optimized = 0x2;
constexpr std::uint8_t inaccessible = 0x3;
constexpr std::uint8_t change = 0xF;

using subsystem = topology::nvme_subsystem<4, 4>;

// Two controllers (CNTLID 1 and 2) of one subsystem; namespace 1 (ANAGRPID
// 2) through both, handles 101 and 102; namespace 2 (ANAGRPID 3 on its
// Identify data) through controller 1 only, handle 201.
constexpr subsystem two_controllers() noexcept
{
    subsystem s;
    const nvme_test::page c1 = controller_page(1);
    const nvme_test::page c2 = controller_page(2);
    nvme_test::page ns2 = nvme_test::shared_identify_namespace();
    ns2.le(92, 3, 4);
    const nvme_test::page ns1 = nvme_test::shared_identify_namespace();
    (void)s.add_controller(*nvme::parse_identify_controller(c1.view()));
    (void)s.add_controller(*nvme::parse_identify_controller(c2.view()));
    (void)s.add_namespace_path(1, 1, *nvme::parse_identify_namespace(ns1.view()), 101);
    (void)s.add_namespace_path(2, 1, *nvme::parse_identify_namespace(ns1.view()), 102);
    (void)s.add_namespace_path(1, 2, *nvme::parse_identify_namespace(ns2.view()), 201);
    return s;
}

// Controller 1: group 2 optimized {1}, group 3 non-optimized {2}.
// Controller 2: group 2 non-optimized {1}, group 3 inaccessible {}.
constexpr group_spec c1_first[] = {{2, optimized, 1, {1, 0, 0}}, {3, non_optimized, 1, {2, 0, 0}}};
constexpr group_spec c2_first[] = {{2, non_optimized, 1, {1, 0, 0}}, {3, inaccessible, 0, {0, 0, 0}}};
// The re-read after an ANA change: optimized moves to controller 2.
constexpr group_spec c1_moved[] = {{2, non_optimized, 1, {1, 0, 0}}, {3, non_optimized, 1, {2, 0, 0}}};
constexpr group_spec c2_moved[] = {{2, optimized, 1, {1, 0, 0}}, {3, inaccessible, 0, {0, 0, 0}}};

constexpr subsystem after_first_logs() noexcept
{
    subsystem s = two_controllers();
    (void)s.apply_ana_log(1, ana_page(5, c1_first, 2).view());
    (void)s.apply_ana_log(2, ana_page(9, c2_first, 2).view());
    return s;
}

constexpr std::size_t index_of(const mpio::result<std::size_t>& r) noexcept { return r ? *r : ~std::size_t{0}; }

constexpr ana_state state_of(const subsystem& s, std::uint32_t nsid, std::uint16_t cntlid) noexcept
{
    return s.namespace_at(s.find_namespace(nsid)).find_path(cntlid)->ana_state();
}

} // namespace

TEST_CASE("nvme_subsystem: two controllers, a namespace in one ANA group with a state per controller (compile time)",
          "[topology][nvme_subsystem]")
{
    constexpr subsystem s = after_first_logs();
    STATIC_REQUIRE(s.subnqn().equals("nqn.2014-08.org.example:subsys1"));
    STATIC_REQUIRE(s.controller_count() == 2);
    STATIC_REQUIRE(s.namespace_count() == 2);
    STATIC_REQUIRE(s.namespace_at(0).nsid() == 1);
    STATIC_REQUIRE(s.namespace_at(0).path_count() == 2);
    STATIC_REQUIRE(s.namespace_at(1).path_count() == 1);
    STATIC_REQUIRE(state_of(s, 1, 1) == ana_state::optimized);
    STATIC_REQUIRE(state_of(s, 1, 2) == ana_state::non_optimized);
    STATIC_REQUIRE(state_of(s, 2, 1) == ana_state::non_optimized);
    STATIC_REQUIRE(s.namespace_at(0).find_path(1)->alua_state() ==
                   mpio::scsi::asymmetric_access_state::active_optimized);
    STATIC_REQUIRE(s.namespace_at(0).find_path(2)->alua_state() ==
                   mpio::scsi::asymmetric_access_state::active_non_optimized);
    STATIC_REQUIRE(s.namespace_at(0).find_path(1)->check() == nvme_ana_check::consistent);
    STATIC_REQUIRE(s.namespace_at(0).usable_path_count() == 2);
    STATIC_REQUIRE(s.controller_at(0).ana_chgcnt() == 5);
    STATIC_REQUIRE(s.controller_at(1).ana_chgcnt() == 9);
    STATIC_REQUIRE(s.controller_at(0).anagrpmax() == 128);
    STATIC_REQUIRE(s.controller_at(0).ana_reporting());

    // The ANA change re-read moves optimized from controller 1 to controller 2.
    constexpr subsystem moved = [] {
        subsystem m = after_first_logs();
        (void)m.apply_ana_log(1, ana_page(6, c1_moved, 2).view());
        (void)m.apply_ana_log(2, ana_page(10, c2_moved, 2).view());
        return m;
    }();
    STATIC_REQUIRE(state_of(moved, 1, 1) == ana_state::non_optimized);
    STATIC_REQUIRE(state_of(moved, 1, 2) == ana_state::optimized);

    // Serial-number comparison of CHGCNT, roll-over included.
    STATIC_REQUIRE(subsystem::chgcnt_newer(2, 1));
    STATIC_REQUIRE_FALSE(subsystem::chgcnt_newer(1, 1));
    STATIC_REQUIRE_FALSE(subsystem::chgcnt_newer(1, 2));
    STATIC_REQUIRE(subsystem::chgcnt_newer(0, 0xFFFFFFFFFFFFFFFFull));
}

TEST_CASE("nvme_subsystem: CHGCNT re-reads, stale logs ignored", "[topology][nvme_subsystem]")
{
    auto s = std::make_unique<subsystem>(after_first_logs());

    SECTION("a newer log on each controller moves optimized from controller 1 to 2")
    {
        const auto u1 = s->apply_ana_log(1, ana_page(6, c1_moved, 2).view());
        REQUIRE(u1);
        CHECK(u1->outcome == nvme_ana_apply_outcome::applied);
        CHECK(u1->chgcnt == 6);
        CHECK(u1->paths_changed == 1); // namespace 1 on controller 1; namespace 2 stays non-optimized
        CHECK(state_of(*s, 1, 1) == ana_state::non_optimized);
        CHECK(state_of(*s, 1, 2) == ana_state::non_optimized);
        const auto u2 = s->apply_ana_log(2, ana_page(10, c2_moved, 2).view());
        REQUIRE(u2);
        CHECK(u2->outcome == nvme_ana_apply_outcome::applied);
        CHECK(u2->paths_changed == 1);
        CHECK(state_of(*s, 1, 2) == ana_state::optimized);
        CHECK(s->controller_at(1).ana_chgcnt() == 10);
    }
    SECTION("a log whose CHGCNT is not newer is ignored: equal, older")
    {
        for (const std::uint64_t chgcnt : {std::uint64_t{5}, std::uint64_t{4}, std::uint64_t{0}}) {
            const auto u = s->apply_ana_log(1, ana_page(chgcnt, c1_moved, 2).view());
            REQUIRE(u);
            CHECK(u->outcome == nvme_ana_apply_outcome::stale);
            CHECK(u->paths_changed == 0);
            CHECK(u->chgcnt == chgcnt);
            CHECK(state_of(*s, 1, 1) == ana_state::optimized);
            CHECK(s->controller_at(0).ana_chgcnt() == 5);
        }
    }
    SECTION("the late reply to an older read cannot undo a newer one")
    {
        REQUIRE(s->apply_ana_log(1, ana_page(7, c1_moved, 2).view()));
        const auto late = s->apply_ana_log(1, ana_page(6, c1_first, 2).view());
        REQUIRE(late);
        CHECK(late->outcome == nvme_ana_apply_outcome::stale);
        CHECK(state_of(*s, 1, 1) == ana_state::non_optimized);
    }
    SECTION("after forget_ana_log() (controller reset) a lower CHGCNT applies")
    {
        REQUIRE(s->forget_ana_log(1));
        CHECK_FALSE(s->controller_at(0).has_ana_log());
        CHECK(state_of(*s, 1, 1) == ana_state::optimized); // kept until the next log
        const auto u = s->apply_ana_log(1, ana_page(1, c1_moved, 2).view());
        REQUIRE(u);
        CHECK(u->outcome == nvme_ana_apply_outcome::applied);
        CHECK(state_of(*s, 1, 1) == ana_state::non_optimized);
        CHECK(s->forget_ana_log(7).error() == errc::not_found);
    }
    SECTION("a group in change: no usable path through that controller")
    {
        constexpr group_spec c1_change[] = {{2, change, 1, {1, 0, 0}}, {3, change, 1, {2, 0, 0}}};
        REQUIRE(s->apply_ana_log(1, ana_page(6, c1_change, 2).view()));
        const auto& ns1 = s->namespace_at(0);
        CHECK(ns1.find_path(1)->alua_state() == mpio::scsi::asymmetric_access_state::transitioning);
        CHECK_FALSE(ns1.find_path(1)->usable());
        CHECK(ns1.usable_path_count() == 1);
        CHECK(s->namespace_at(1).usable_path_count() == 0);
    }
}

TEST_CASE("nvme_subsystem: a log that contradicts ANAGRPID is reported, not guessed", "[topology][nvme_subsystem]")
{
    auto s = std::make_unique<subsystem>(after_first_logs());
    // Controller 2 now lists namespace 1 in group 3, but Identify Namespace said 2.
    constexpr group_spec c2_mismatch[] = {{2, optimized, 0, {0, 0, 0}}, {3, optimized, 1, {1, 0, 0}}};
    const auto u = s->apply_ana_log(2, ana_page(10, c2_mismatch, 2).view());
    REQUIRE(u);
    CHECK(u->outcome == nvme_ana_apply_outcome::applied);
    CHECK(u->mismatches == 1);
    const auto* p = s->namespace_at(0).find_path(2);
    REQUIRE(p != nullptr);
    CHECK(p->check() == nvme_ana_check::anagrpid_mismatch);
    CHECK(p->anagrpid() == 2);
    CHECK(p->ana_group() == 3);
    CHECK_FALSE(p->has_ana_state());
    CHECK_FALSE(p->usable());
    CHECK(p->alua_state() == mpio::scsi::asymmetric_access_state::unavailable);
    CHECK(std::string(topology::to_string(p->check())) == "ANAGRPID mismatch");

    // A new Identify Namespace through controller 2 (ANAGRPID 3 now) and the
    // next log make it consistent again.
    nvme_test::page ns = nvme_test::shared_identify_namespace();
    ns.le(92, 3, 4);
    REQUIRE(s->add_namespace_path(2, 1, *nvme::parse_identify_namespace(ns.view()), 102));
    REQUIRE(s->apply_ana_log(2, ana_page(11, c2_mismatch, 2).view()));
    CHECK(p->check() == nvme_ana_check::consistent);
    CHECK(p->ana_state() == ana_state::optimized);
    CHECK(p->usable());
}

TEST_CASE("nvme_subsystem: a namespace the log does not list keeps its state", "[topology][nvme_subsystem]")
{
    auto s = std::make_unique<subsystem>(after_first_logs());
    constexpr group_spec c1_without_ns2[] = {{2, non_optimized, 1, {1, 0, 0}}};
    const auto u = s->apply_ana_log(1, ana_page(6, c1_without_ns2, 1).view());
    REQUIRE(u);
    CHECK(u->not_in_log == 1);
    CHECK(s->namespace_at(1).path_at(0).check() == nvme_ana_check::not_in_log);
    CHECK(state_of(*s, 2, 1) == ana_state::non_optimized);
    CHECK(state_of(*s, 1, 1) == ana_state::non_optimized);
}

TEST_CASE("nvme_subsystem: Return Groups Only logs are matched by ANAGRPID", "[topology][nvme_subsystem]")
{
    auto s = std::make_unique<subsystem>(two_controllers());
    const auto u = s->apply_ana_log(1, ana_page(3, c1_first, 2, true).view(), true);
    REQUIRE(u);
    CHECK(u->outcome == nvme_ana_apply_outcome::applied);
    CHECK(state_of(*s, 1, 1) == ana_state::optimized);
    CHECK(state_of(*s, 2, 1) == ana_state::non_optimized);
    // The same page with NSID lists but read as RGO is refused (NNSIDS != 0).
    CHECK(s->apply_ana_log(1, ana_page(4, c1_moved, 2).view(), true).error() == errc::length_mismatch);
    CHECK(state_of(*s, 1, 1) == ana_state::optimized);
}

TEST_CASE("nvme_subsystem: malformed and truncated logs are rejected and change nothing", "[topology][nvme_subsystem]")
{
    auto s = std::make_unique<subsystem>(after_first_logs());
    const auto unchanged = [&] {
        CHECK(state_of(*s, 1, 1) == ana_state::optimized);
        CHECK(state_of(*s, 1, 2) == ana_state::non_optimized);
        CHECK(state_of(*s, 2, 1) == ana_state::non_optimized);
        CHECK(s->controller_at(0).ana_chgcnt() == 5);
        CHECK(s->namespace_at(0).find_path(1)->check() == nvme_ana_check::consistent);
    };

    SECTION("shorter than the 16-byte header")
    {
        auto page = ana_page(6, c1_moved, 2);
        page.used = 15;
        CHECK(s->apply_ana_log(1, page.view()).error() == errc::too_short);
        unchanged();
    }
    SECTION("cut inside the second descriptor (the first one alone would apply)")
    {
        auto page = ana_page(6, c1_moved, 2);
        page.used = 16 + 36 + 20;
        CHECK_FALSE(s->apply_ana_log(1, page.view()));
        unchanged();
    }
    SECTION("cut inside an NSID list")
    {
        auto page = ana_page(6, c1_moved, 2);
        page.used = 16 + 34;
        CHECK_FALSE(s->apply_ana_log(1, page.view()));
        unchanged();
    }
    SECTION("ANAGRPID 0")
    {
        constexpr group_spec bad[] = {{2, non_optimized, 1, {1, 0, 0}}, {0, optimized, 1, {2, 0, 0}}};
        CHECK(s->apply_ana_log(1, ana_page(6, bad, 2).view()).error() == errc::reserved_value);
        unchanged();
    }
    SECTION("ANAGRPID above the controller's ANAGRPMAX (128)")
    {
        constexpr group_spec bad[] = {{2, non_optimized, 1, {1, 0, 0}}, {129, optimized, 1, {2, 0, 0}}};
        CHECK(s->apply_ana_log(1, ana_page(6, bad, 2).view()).error() == errc::reserved_value);
        unchanged();
    }
    SECTION("ANA state 0 and a state byte above Fh")
    {
        for (const std::uint8_t anas : {std::uint8_t{0}, std::uint8_t{0x11}}) {
            const group_spec bad[] = {{2, anas, 1, {1, 0, 0}}};
            CHECK(s->apply_ana_log(1, ana_page(6, bad, 1).view()).error() == errc::reserved_value);
            unchanged();
        }
    }
    SECTION("an unknown controller")
    {
        CHECK(s->apply_ana_log(3, ana_page(6, c1_moved, 2).view()).error() == errc::not_found);
        unchanged();
    }
}

TEST_CASE("nvme_subsystem: controllers and namespaces, errors change nothing", "[topology][nvme_subsystem]")
{
    auto s = std::make_unique<topology::nvme_subsystem<2, 1>>();
    const nvme_test::page c1 = controller_page(1);
    REQUIRE(index_of(s->add_controller(*nvme::parse_identify_controller(c1.view()))) == 0u);
    // The same CNTLID again: the same controller.
    CHECK(index_of(s->add_controller(*nvme::parse_identify_controller(c1.view()))) == 0u);
    // Another subsystem's controller.
    const nvme_test::page other = controller_page(2, "nqn.2014-08.org.example:subsys2");
    CHECK(s->add_controller(*nvme::parse_identify_controller(other.view())).error() == errc::identity_mismatch);
    // Identify Controller cut before SUBNQN.
    nvme_test::page cut = controller_page(2);
    cut.used = 780;
    CHECK(s->add_controller(*nvme::parse_identify_controller(cut.view())).error() == errc::too_short);
    // An empty SUBNQN.
    nvme_test::page empty = controller_page(2);
    empty.text(768, "", 256, '\0');
    CHECK(s->add_controller(*nvme::parse_identify_controller(empty.view())).error() == errc::invalid_argument);
    CHECK(s->controller_count() == 1);
    const nvme_test::page c2 = controller_page(2);
    CHECK(index_of(s->add_controller(*nvme::parse_identify_controller(c2.view()))) == 1u);
    const nvme_test::page c3 = controller_page(3);
    CHECK(s->add_controller(*nvme::parse_identify_controller(c3.view())).error() == errc::capacity_exceeded);

    const nvme_test::page ns = nvme_test::shared_identify_namespace();
    const auto id_ns = *nvme::parse_identify_namespace(ns.view());
    CHECK(s->add_namespace_path(3, 1, id_ns, 1).error() == errc::not_found);
    CHECK(s->add_namespace_path(1, 0, id_ns, 1).error() == errc::invalid_argument);
    CHECK(s->add_namespace_path(1, 0xFFFFFFFFu, id_ns, 1).error() == errc::invalid_argument);
    nvme_test::page ns_cut = nvme_test::shared_identify_namespace();
    ns_cut.used = 64;
    CHECK(s->add_namespace_path(1, 1, *nvme::parse_identify_namespace(ns_cut.view()), 1).error() == errc::too_short);
    REQUIRE(index_of(s->add_namespace_path(1, 1, id_ns, 11)) == 0u);
    REQUIRE(index_of(s->add_namespace_path(2, 1, id_ns, 12)) == 0u);
    CHECK(s->add_namespace_path(1, 2, id_ns, 21).error() == errc::capacity_exceeded);
    CHECK(s->namespace_count() == 1);
    CHECK(s->namespace_at(0).path_count() == 2);
    CHECK(s->namespace_at(0).find_path(2)->handle() == 12);
    CHECK(s->namespace_at(0).find_path(3) == nullptr);
    CHECK(s->namespace_at(0).path_at(0).check() == nvme_ana_check::not_read);
    CHECK_FALSE(s->namespace_at(0).path_at(0).usable());
}

TEST_CASE("nvme_discovery: a namespace's paths in the topology store follow the ANA log", "[topology][nvme_subsystem]")
{
    auto s = std::make_unique<subsystem>(after_first_logs());
    auto store = std::make_unique<topology::topology_store<4, 8>>();
    mpio::ident::identity_key key;
    const mpio::byte nguid[] = {0x60, 0x0a, 0x09, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef};
    REQUIRE(key.assign(1, 1, byte_view(nguid, sizeof nguid)));

    const auto device = topology::add_nvme_namespace(*store, *s, 1, key, 0);
    REQUIRE(device);
    CHECK(store->device_count() == 1);
    CHECK(store->path_count() == 2);
    const auto p1 = store->find_path(101);
    const auto p2 = store->find_path(102);
    REQUIRE(p1 != topology::no_index);
    REQUIRE(p2 != topology::no_index);
    CHECK(store->path_at(p1).device() == *device);
    CHECK(store->path_at(p2).device() == *device);
    CHECK(store->path_at(p1).alua_state() == mpio::scsi::asymmetric_access_state::active_optimized);
    CHECK(store->path_at(p2).alua_state() == mpio::scsi::asymmetric_access_state::active_non_optimized);
    CHECK(store->path_at(p1).target_port_group() == 2);

    // Optimized moves to controller 2; controller 2 then contradicts ANAGRPID.
    REQUIRE(s->apply_ana_log(1, ana_page(6, c1_moved, 2).view()));
    REQUIRE(s->apply_ana_log(2, ana_page(10, c2_moved, 2).view()));
    CHECK(topology::sync_nvme_ana_states(*store, *s) == 2); // namespace 2's path is not stored
    CHECK(store->path_at(p1).alua_state() == mpio::scsi::asymmetric_access_state::active_non_optimized);
    CHECK(store->path_at(p2).alua_state() == mpio::scsi::asymmetric_access_state::active_optimized);
    constexpr group_spec c2_mismatch[] = {{3, optimized, 1, {1, 0, 0}}};
    REQUIRE(s->apply_ana_log(2, ana_page(11, c2_mismatch, 1).view()));
    CHECK(topology::sync_nvme_ana_states(*store, *s) == 2);
    CHECK(store->path_at(p2).alua_state() == mpio::scsi::asymmetric_access_state::unavailable);
    REQUIRE(store->set_path_state(p2, topology::path_state::active));
    CHECK_FALSE(store->path_at(p2).usable());

    CHECK(topology::add_nvme_namespace(*store, *s, 9, key, 0).error() == errc::not_found);
    CHECK(topology::add_nvme_namespace(*store, *s, 1, mpio::ident::identity_key{}, 0).error() ==
          errc::invalid_argument);
}

} // namespace test_topology_nvme_subsystem_test
