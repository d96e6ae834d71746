// SPDX-License-Identifier: MIT
#include <mpio/topology/topology_store.hpp>
#include <mpio/topology/path_group.hpp>
#include <mpio/topology/multipath_device.hpp>
#include <mpio/topology/path.hpp>

#include "topology_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_topology_store_test {

using namespace mpio::topology;
using topo_test::key_of;
using aas = mpio::scsi::asymmetric_access_state;

namespace {

using store = topology_store<8, 32, 4, 8>;

path_facts facts_on_port(std::uint16_t port)
{
    mpio::ident::path_identity id;
    id.set_relative_target_port(port);
    id.set_target_port_group(port <= 2 ? 1 : 2);
    const mpio::byte wwpn[8] = {0x50, 0x0a, 0x09, 0x81, 0, 0, 0, static_cast<mpio::byte>(port)};
    id.set_target_port_name(*mpio::ident::path_name::make(mpio::ident::name_format::naa, mpio::byte_view(wwpn, 8)));
    path_facts f;
    f.port = port_key::from(id);
    f.has_relative_target_port = true;
    f.relative_target_port = port;
    f.has_target_port_group = true;
    f.target_port_group = id.target_port_group();
    return f;
}

} // namespace

TEST_CASE("store: create, join, duplicate, lookups", "[topology][store]")
{
    auto s = std::make_unique<store>();
    const auto a = s->add_path(100, key_of(1), facts_on_port(1), 0);
    REQUIRE(a);
    CHECK(a->outcome == add_outcome::created_device);
    const auto b = s->add_path(101, key_of(1), facts_on_port(2), 0);
    REQUIRE(b);
    CHECK(b->outcome == add_outcome::joined_device);
    CHECK(b->device == a->device);
    const auto c = s->add_path(200, key_of(2), facts_on_port(1), 0);
    REQUIRE(c);
    CHECK(c->outcome == add_outcome::created_device);
    CHECK(c->device != a->device);

    // The same path reported twice.
    const auto d = s->add_path(101, key_of(1), facts_on_port(2), 0);
    REQUIRE(d);
    CHECK(d->outcome == add_outcome::duplicate);
    CHECK(d->path == b->path);
    CHECK(s->path_count() == 3);
    CHECK(s->device_count() == 2);

    CHECK(s->find_device(key_of(1)) == a->device);
    CHECK(s->find_device(key_of(3)) == no_index);
    CHECK(s->find_path(100) == a->path);
    CHECK(s->find_path(999) == no_index);
    CHECK(s->device_at(a->device).path_count() == 2);
    CHECK(s->device_at(a->device).key() == key_of(1));
    CHECK(s->path_at(a->path).handle() == 100);
    CHECK(s->path_at(a->path).relative_target_port() == 1);

    // Port 1 carries paths of both LUs.
    const port_index p1 = s->find_port(facts_on_port(1).port);
    REQUIRE(p1 != no_index);
    CHECK(s->port_at(p1).path_count() == 2);
    std::set<path_handle> on_port;
    for (path_index i = s->port_at(p1).first_path(); i != no_index; i = s->next_path_on_port(i))
        on_port.insert(s->path_at(i).handle());
    CHECK(on_port == std::set<path_handle>{100, 200});
    CHECK(s->port_count() == 2);

    std::vector<path_handle> in_device;
    s->for_each_path_of_device(a->device, [&](path_index, const path& p) { in_device.push_back(p.handle()); });
    CHECK(in_device == std::vector<path_handle>{100, 101}); // arrival order
    int devices = 0;
    s->for_each_device([&](device_index, const multipath_device&) { ++devices; });
    CHECK(devices == 2);

    CHECK(s->add_path(1, mpio::ident::identity_key{}, facts_on_port(1), 0).error() == mpio::errc::invalid_argument);
}

TEST_CASE("store: capacities", "[topology][store]")
{
    auto s = std::make_unique<topology_store<2, 6, 2, 4>>();
    REQUIRE(s->add_path(1, key_of(1), {}, 0));
    REQUIRE(s->add_path(2, key_of(1), {}, 0));
    CHECK(s->add_path(3, key_of(1), {}, 0).error() == mpio::errc::capacity_exceeded); // 2 paths per device
    REQUIRE(s->add_path(4, key_of(2), {}, 0));
    CHECK(s->add_path(5, key_of(3), {}, 0).error() == mpio::errc::capacity_exceeded); // 2 devices
    CHECK(s->path_count() == 3);
    CHECK(s->find_path(3) == no_index);
    CHECK(s->find_path(5) == no_index);
}

TEST_CASE("store: removal and return within the remove period", "[topology][store]")
{
    auto s = std::make_unique<store>(topology_config{.remove_period = 100, .queue_if_no_path = true});
    const auto a = s->add_path(1, key_of(1), facts_on_port(1), 0);
    const auto b = s->add_path(2, key_of(1), facts_on_port(3), 0);
    REQUIRE((a && b));
    const device_index dev = a->device;

    REQUIRE(s->remove_path(1, 10));
    CHECK(s->path_at(a->path).state() == path_state::pending_removal);
    CHECK(s->path_at(a->path).removal_deadline() == 110);
    CHECK(s->device_at(dev).state() == device_state::live);
    REQUIRE(s->remove_path(2, 20));
    CHECK(s->device_at(dev).state() == device_state::orphaned);
    CHECK(s->device_at(dev).removal_deadline() == 120);
    CHECK(s->device_at(dev).present_path_count() == 0);
    CHECK(s->queues_io(dev));

    SECTION("the same handle returns in time")
    {
        CHECK(s->expire(109) == 0);
        const auto r = s->add_path(1, key_of(1), facts_on_port(1), 109);
        REQUIRE(r);
        CHECK(r->outcome == add_outcome::returned_path);
        CHECK(r->device == dev);
        CHECK(s->device_at(dev).state() == device_state::live);
        // Path 2 expires, the device stays.
        CHECK(s->expire(120) == 1);
        CHECK(s->find_path(2) == no_index);
        CHECK(s->device_at(dev).state() == device_state::live);
        CHECK(s->device_at(dev).path_count() == 1);
    }
    SECTION("a new handle through the same target port takes the old path's place")
    {
        const auto r = s->add_path(7, key_of(1), facts_on_port(3), 115);
        REQUIRE(r);
        CHECK(r->outcome == add_outcome::returned_path);
        CHECK(r->device == dev);
        CHECK(s->find_path(2) == no_index);
        CHECK(s->find_path(7) == r->path);
        CHECK(s->device_at(dev).path_count() == 2);
    }
    SECTION("a new path to the orphaned device rejoins it")
    {
        const auto r = s->add_path(9, key_of(1), facts_on_port(2), 119);
        REQUIRE(r);
        CHECK(r->outcome == add_outcome::rejoined_device);
        CHECK(r->device == dev);
        CHECK(s->device_at(dev).state() == device_state::live);
    }
    SECTION("after the period the device is deleted; a later path makes a new one")
    {
        const std::uint32_t gen = s->device_at(dev).generation();
        CHECK(s->expire(119) == 1); // path 1 only
        CHECK(s->expire(120) == 2); // path 2 and the device
        CHECK(s->device_count() == 0);
        CHECK(s->path_count() == 0);
        CHECK(s->find_device(key_of(1)) == no_index);
        CHECK(s->port_count() == 0);
        const auto r = s->add_path(1, key_of(1), facts_on_port(1), 500);
        REQUIRE(r);
        CHECK(r->outcome == add_outcome::created_device);
        CHECK(s->device_at(r->device).generation() != gen);
    }
    CHECK(s->remove_path(12345, 0).error() == mpio::errc::not_found);
}

TEST_CASE("store: identity change and ungrouped paths", "[topology][store]")
{
    auto s = std::make_unique<store>();
    const auto a = s->add_path(1, key_of(1), facts_on_port(1), 0);
    const auto b = s->add_path(2, key_of(1), facts_on_port(2), 0);
    REQUIRE((a && b));

    SECTION("a re-read with another identity moves the path; it never merges the two LUs")
    {
        const auto m = s->add_path(2, key_of(2), facts_on_port(2), 5);
        REQUIRE(m);
        CHECK(m->outcome == add_outcome::created_device);
        CHECK(m->previous_device == a->device);
        CHECK(m->device != a->device);
        CHECK(s->device_at(a->device).path_count() == 1);
        CHECK(s->device_count() == 2);
    }
    SECTION("detach, then the re-read gives the old identity back")
    {
        REQUIRE(s->detach_path(2, 5));
        CHECK_FALSE(s->path_at(b->path).grouped());
        CHECK(s->path_at(b->path).state() == path_state::pending_verification);
        CHECK(s->ungrouped_path_count() == 1);
        CHECK(s->device_at(a->device).path_count() == 1);
        const auto r = s->add_path(2, key_of(1), facts_on_port(2), 6);
        REQUIRE(r);
        CHECK(r->outcome == add_outcome::joined_device);
        CHECK(s->ungrouped_path_count() == 0);
    }
    SECTION("the last path leaving orphans the device")
    {
        REQUIRE(s->detach_path(1, 5));
        REQUIRE(s->detach_path(2, 5));
        CHECK(s->device_at(a->device).state() == device_state::orphaned);
        CHECK(s->path_count() == 2);
    }
    SECTION("an ungrouped (not ready) path is found by handle but is in no device")
    {
        const auto u = s->add_ungrouped_path(3, facts_on_port(4), 0);
        REQUIRE(u);
        CHECK_FALSE(s->path_at(u->path).grouped());
        CHECK(s->ungrouped_path_count() == 1);
        // It becomes ready.
        const auto r = s->add_path(3, key_of(1), facts_on_port(4), 1);
        REQUIRE(r);
        CHECK(r->outcome == add_outcome::joined_device);
        CHECK(s->ungrouped_path_count() == 0);
        CHECK(s->device_at(a->device).path_count() == 3);
        // A grouped path whose identity becomes not ready leaves its device.
        const auto n = s->add_ungrouped_path(1, facts_on_port(1), 2);
        REQUIRE(n);
        CHECK(n->previous_device == a->device);
        CHECK(s->device_at(a->device).path_count() == 2);
        REQUIRE(s->remove_path(1, 3)); // ungrouped: deleted at once
        CHECK(s->find_path(1) == no_index);
        CHECK(s->ungrouped_path_count() == 0);
    }
}

TEST_CASE("store: set_path_state refuses removal states", "[topology][store]")
{
    auto s = std::make_unique<store>();
    const auto a = s->add_path(1, key_of(1), {}, 0);
    REQUIRE(a);
    CHECK(s->set_path_state(a->path, path_state::active));
    CHECK(s->path_at(a->path).state() == path_state::active);
    CHECK(s->set_path_state(a->path, path_state::removed).error() == mpio::errc::invalid_state);
    CHECK(s->set_path_state(a->path, path_state::pending_removal).error() == mpio::errc::invalid_state);
}

TEST_CASE("store: group_device over stored paths", "[topology][store][path_group]")
{
    auto s = std::make_unique<store>();
    std::vector<path_index> p;
    for (std::uint16_t port = 1; port <= 4; ++port) {
        path_facts f = facts_on_port(port);
        f.has_alua_state = true;
        f.alua_state = port <= 2 ? mpio::scsi::asymmetric_access_state::active_optimized
                                 : mpio::scsi::asymmetric_access_state::standby;
        const auto r = s->add_path(port, key_of(1), f, 0);
        REQUIRE(r);
        REQUIRE(s->set_path_state(r->path, path_state::active));
        p.push_back(r->path);
    }
    const device_index d = s->find_device(key_of(1));
    auto g = group_device<4>(*s, d, grouping_policy::group_by_tpg);
    REQUIRE(g);
    REQUIRE(g->group_count() == 2);
    CHECK(g->group(0).priority == 50);
    CHECK(g->group(1).priority == 1);
    CHECK(*g->best_group() == 0);
    // Both optimized paths fail: the standby group is best.
    REQUIRE(s->set_path_state(p[0], path_state::failed));
    REQUIRE(s->remove_path(2, 1));
    g = group_device<4>(*s, d, grouping_policy::group_by_tpg);
    CHECK(g->group(0).priority == 1);
    CHECK(g->group(1).usable_paths == 0);
    CHECK(g->group(1).priority == 0);
    CHECK(*g->best_group() == 0);
    CHECK(g->path_of(0) == p[0]);
    CHECK(g->group_of(0) == 1);
}

namespace {
path_facts alua_facts(std::uint16_t port, std::uint16_t tpg, aas state)
{
    path_facts f = facts_on_port(port);
    f.target_port_group = tpg;
    f.has_alua_state = true;
    f.alua_state = state;
    return f;
}
} // namespace

TEST_CASE("store: group_device leaves out paths pending removal, as multipathd's ev_remove_path()",
          "[topology][store][path_group]")
{
    // Issue 18's case, group_by_tpg: p0 pending removal (TPG 1), p1 A/O
    // (TPG 4), p2 A/O (TPG 1). multipathd drops p0 and regroups: [p1][p2],
    // both 50, the tie goes to the first group: best p1.
    auto s = std::make_unique<store>(topology_config{.remove_period = 100});
    const auto p0 = s->add_path(1, key_of(1), alua_facts(1, 1, aas::active_optimized), 0);
    const auto p1 = s->add_path(2, key_of(1), alua_facts(2, 4, aas::active_optimized), 0);
    const auto p2 = s->add_path(3, key_of(1), alua_facts(3, 1, aas::active_optimized), 0);
    REQUIRE((p0 && p1 && p2));
    for (const auto& r : {p0, p1, p2}) REQUIRE(s->set_path_state(r->path, path_state::active));
    REQUIRE(s->remove_path(1, 10));
    const device_index d = p0->device;
    const auto g = group_device<4>(*s, d, grouping_policy::group_by_tpg);
    REQUIRE(g);
    REQUIRE(g->member_count() == 2);
    REQUIRE(g->group_count() == 2);
    CHECK(g->group(0).priority == 50);
    CHECK(g->group(1).priority == 50);
    const std::size_t best = *g->best_group();
    CHECK(best == 0);
    std::vector<path_index> in_best;
    g->for_each_path_in(best, [&](path_index i) { in_best.push_back(i); });
    CHECK(in_best == std::vector<path_index>{p1->path});
    std::vector<path_index> in_second;
    g->for_each_path_in(1, [&](path_index i) { in_second.push_back(i); });
    CHECK(in_second == std::vector<path_index>{p2->path});
    // Every path pending removal: nothing to group.
    REQUIRE(s->remove_path(2, 11));
    REQUIRE(s->remove_path(3, 12));
    const auto none = group_device<4>(*s, d, grouping_policy::group_by_tpg);
    REQUIRE(none);
    CHECK(none->group_count() == 0);
    CHECK(none->best_group().error() == mpio::errc::no_usable_path);
}

TEST_CASE("store: a path that returns keeps its place in the grouping order (multipathd appends it)",
          "[topology][store][path_group]")
{
    // A documented difference (docs/topology.md): p0 is removed and returns
    // within the remove period. multipathd re-adds it as a new path at the
    // end ([p1][p2][p0] under failover, best p1); mpio's store puts it back
    // in its place, so the order stays [p0][p1][p2] and the best group is p0's.
    auto s = std::make_unique<store>(topology_config{.remove_period = 100});
    const auto p0 = s->add_path(1, key_of(1), alua_facts(1, 1, aas::active_optimized), 0);
    const auto p1 = s->add_path(2, key_of(1), alua_facts(2, 1, aas::active_optimized), 0);
    const auto p2 = s->add_path(3, key_of(1), alua_facts(3, 1, aas::active_optimized), 0);
    REQUIRE((p0 && p1 && p2));
    for (const auto& r : {p0, p1, p2}) REQUIRE(s->set_path_state(r->path, path_state::active));
    REQUIRE(s->remove_path(1, 10));
    const auto back = s->add_path(1, key_of(1), alua_facts(1, 1, aas::active_optimized), 20);
    REQUIRE(back);
    CHECK(back->outcome == add_outcome::returned_path);
    REQUIRE(s->set_path_state(back->path, path_state::active));
    const auto g = group_device<4>(*s, p0->device, grouping_policy::failover);
    REQUIRE(g);
    REQUIRE(g->group_count() == 3);
    CHECK(g->path_of(0) == p0->path);
    CHECK(g->group_of(0) == 0);
    CHECK(*g->best_group() == 0); // mpio: p0's group; multipathd: p1's
}

TEST_CASE("store: random operations agree with a std::map model", "[topology][store]")
{
    // Exercises the open-addressing indexes (backward-shift deletion) and
    // the free lists under churn.
    auto s = std::make_unique<topology_store<64, 128, 8, 16>>(topology_config{.remove_period = 3});
    std::map<path_handle, std::uint32_t> model; // handle -> LU (present or pending)
    std::mt19937 rng(7);
    mpio::tick now = 0;
    for (int step = 0; step < 20000; ++step) {
        ++now;
        const path_handle h = rng() % 200;
        const auto lu = static_cast<std::uint32_t>(rng() % 40);
        const std::uint16_t port = static_cast<std::uint16_t>(1 + rng() % 6);
        switch (rng() % 4) {
        case 0:
        case 1: {
            const auto r = s->add_path(h, key_of(lu), facts_on_port(port), now);
            if (r) model[h] = lu;
            break;
        }
        case 2: (void)s->remove_path(h, now); break;
        case 3: s->expire(now); break;
        }
        // Every stored path is in the device its key names.
        if (step % 97 == 0) {
            s->for_each_path([&](path_index, const path& p) {
                if (!p.grouped()) return;
                REQUIRE(s->find_device(s->device_at(p.device()).key()) == p.device());
                REQUIRE(s->find_path(p.handle()) != no_index);
            });
        }
    }
    std::size_t n = 0;
    s->for_each_path([&](path_index, const path&) { ++n; });
    CHECK(n == s->path_count());
    std::size_t in_devices = 0;
    s->for_each_device([&](device_index d, const multipath_device& dev) {
        std::size_t k = 0;
        s->for_each_path_of_device(d, [&](path_index, const path&) { ++k; });
        CHECK(k == dev.path_count());
        in_devices += k;
    });
    CHECK(in_devices + s->ungrouped_path_count() == s->path_count());
}

// ---------------------------------------------------------------- layout

TEST_CASE("store: a path is one 64-byte record, a device 56 bytes", "[topology][store][layout]")
{
    // docs/topology.md "Bytes per path": what the path carries, and what it
    // leaves to its device and to the store's identity bytes.
    STATIC_REQUIRE(sizeof(path) == 64);
    STATIC_REQUIRE(sizeof(multipath_device) <= 56);
    STATIC_REQUIRE(sizeof(index_slot) == 8);
    // The identity record of a 4-byte key and no text: header + key, padded to 4.
    STATIC_REQUIRE(detail::identity_record_size(4, 0) == 12);
    STATIC_REQUIRE(detail::identity_record_size(16, 0) == 24);
    STATIC_REQUIRE(detail::identity_record_size(16, 35) == 60);
}

template <class T>
bool store_test_all_zero_bytes(const T& object)
{
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &object, sizeof(T));
    for (const unsigned char b : bytes)
        if (b != 0) return false;
    return true;
}

TEST_CASE("store: default objects are all-zero bytes (a static one lands in .bss)", "[topology][store][layout]")
{
    // Static objects: zero-initialised first, so their padding is zero and
    // only a non-zero default value makes a byte non-zero.
    static const path p;
    static const multipath_device d;
    static const target_port t;
    static const index_slot slot;
    static const topology_store<4, 8, 4, 4> s;
    CHECK(store_test_all_zero_bytes(p));
    CHECK(store_test_all_zero_bytes(d));
    CHECK(store_test_all_zero_bytes(t));
    CHECK(store_test_all_zero_bytes(slot));
    CHECK(store_test_all_zero_bytes(s));
    // ... and they still read as the old defaults.
    CHECK(p.device() == no_index);
    CHECK(p.port() == no_index);
    CHECK(p.state() == path_state::removed);
    CHECK(p.weight() == 1);
    CHECK(p.alua_state() == aas::active_optimized);
    CHECK(p.tpg_check() == mpio::ident::tpg_cross_check::not_checked);
    CHECK(p.tpg_source() == mpio::ident::tpg_source::vpd_target_port_group);
    CHECK(d.state() == device_state::deleted);
    CHECK(d.first_path() == no_index);
    CHECK(d.key().empty());
    CHECK(d.identity_text().empty());
    CHECK(t.first_path() == no_index);
    CHECK(s.config().remove_period == topology_config{}.remove_period);
    CHECK(s.config().queue_if_no_path);
    CHECK(s.find_path(0) == no_index);
    CHECK(s.find_device(key_of(0)) == no_index);
}

TEST_CASE("store: the grouping hashes are kept as 32-bit folds", "[topology][store][layout]")
{
    auto s = std::make_unique<store>();
    path_facts f = facts_on_port(1);
    f.serial_hash = 0x1234567800000000ull;    // folds to 0x12345678
    f.node_name_hash = 0x0000000100000001ull; // folds to 0: kept as 1, never "unknown"
    const auto a = s->add_path(1, key_of(1), f, 0);
    REQUIRE(a);
    CHECK(s->path_at(a->path).serial_hash() == 0x12345678u);
    CHECK(s->path_at(a->path).node_name_hash() == 1);
    f.serial_hash = 0; // unknown stays unknown
    const auto b = s->add_path(2, key_of(1), f, 0);
    REQUIRE(b);
    CHECK(s->path_at(b->path).serial_hash() == 0);
}

TEST_CASE("store: the identity bytes are reclaimed after devices are deleted", "[topology][store][identity]")
{
    // Room for exactly three 4-byte keys (12-byte records), four device slots.
    using small = topology_store<4, 8, 4, 4, 3 * 12>;
    auto s = std::make_unique<small>(topology_config{.remove_period = 10, .queue_if_no_path = true});
    REQUIRE(s->add_path(1, key_of(1), facts_on_port(1), 0));
    REQUIRE(s->add_path(2, key_of(2), facts_on_port(1), 0));
    REQUIRE(s->add_path(3, key_of(3), facts_on_port(1), 0));
    CHECK(s->identity_bytes_used() == 36);
    // A fourth device has a slot but no identity bytes: refused, nothing changed.
    CHECK(s->add_path(4, key_of(4), facts_on_port(1), 0).error() == mpio::errc::capacity_exceeded);
    CHECK(s->device_count() == 3);
    CHECK(s->path_count() == 3);
    CHECK(s->find_path(4) == no_index);
    // Joining a known device needs none.
    REQUIRE(s->add_path(5, key_of(1), facts_on_port(2), 0));

    // The first device goes (both its paths): its record is dead, not yet reclaimed.
    REQUIRE(s->remove_path(1, 0));
    REQUIRE(s->remove_path(5, 0));
    CHECK(s->expire(10) == 3);
    CHECK(s->identity_bytes_live() == 24);
    CHECK(s->identity_bytes_used() == 36);
    // The fourth device now fits: the records of devices 2 and 3 moved down.
    const auto d4 = s->add_path(4, key_of(4), facts_on_port(1), 20);
    REQUIRE(d4);
    CHECK(d4->outcome == add_outcome::created_device);
    CHECK(s->identity_bytes_used() == 36);
    CHECK(s->identity_bytes_live() == 36);
    for (std::uint32_t lu = 2; lu <= 4; ++lu) {
        const device_index d = s->find_device(key_of(lu));
        REQUIRE(d != no_index);
        CHECK(s->device_at(d).key() == key_of(lu));
        CHECK(s->device_at(d).has_key(key_of(lu)));
        CHECK_FALSE(s->device_at(d).has_key(key_of(lu + 10)));
    }
    CHECK(s->find_device(key_of(1)) == no_index);
}

TEST_CASE("store: a copy points at its own identity bytes", "[topology][store][identity]")
{
    auto original = std::make_unique<store>();
    mpio::ident::device_identity id;
    id.key().assign(1, 3, mpio::byte_view(reinterpret_cast<const mpio::byte*>("LU-7"), 4));
    id.text().append("naa.600a098038303053453f463000000007");
    REQUIRE(original->add_path(1, id, facts_on_port(1), 0));
    REQUIRE(original->add_path(2, key_of(9), facts_on_port(1), 0));
    auto copy = std::make_unique<store>(*original);
    original.reset(); // a pointer into the original would now dangle (ASan would see it)
    const device_index d = copy->find_device(id.key());
    REQUIRE(d != no_index);
    CHECK(copy->device_at(d).key() == id.key());
    CHECK(std::string(copy->device_at(d).identity_text().c_str()) == "naa.600a098038303053453f463000000007");
    CHECK(copy->find_device(key_of(9)) != no_index);
    store assigned;
    assigned = *copy;
    copy.reset();
    CHECK(assigned.device_at(assigned.find_device(key_of(9))).key() == key_of(9));
}

TEST_CASE("store: the longest key and an overflowed text fit the default identity bytes", "[topology][store][identity]")
{
    auto s = std::make_unique<topology_store<2, 4, 2, 4>>();
    auto id = std::make_unique<mpio::ident::device_identity>();
    mpio::byte key[mpio::ident::identity_key::capacity];
    for (std::size_t i = 0; i < sizeof key; ++i) key[i] = static_cast<mpio::byte>(i * 7);
    REQUIRE(id->key().assign(2, 1, mpio::byte_view(key, sizeof key)));
    for (int i = 0; i < 600; ++i) id->text().append(static_cast<char>('a' + i % 26));
    REQUIRE(id->text().overflowed());
    const auto a = s->add_path(1, *id, facts_on_port(1), 0);
    REQUIRE(a);
    const auto b = s->add_path(2, *id, facts_on_port(2), 0); // a second path joins: no second record
    REQUIRE(b);
    CHECK(b->outcome == add_outcome::joined_device);
    const multipath_device& d = s->device_at(a->device);
    CHECK(d.key() == id->key());
    CHECK(d.key_size() == 256);
    const auto text = d.identity_text();
    CHECK(text.size() == 512);
    CHECK(text.overflowed());
    CHECK(std::string(text.c_str()) == std::string(id->text().c_str()));
    CHECK(s->identity_bytes_used() == detail::identity_bytes_per_device_max);
}

} // namespace test_topology_topology_store_test
