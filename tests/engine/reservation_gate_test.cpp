// SPDX-License-Identifier: MIT
// mpio/engine/io_gate.hpp with engine::device: the persistent reservation
// planner as the engine's gate. A path carries I/O only while the planner
// says may_carry_io(slot); with every path closed, I/O waits and then fails
// by the no-path rules, each request exactly once. The test plays the
// transport, the target and the clock (milliseconds).
#include <mpio/engine/device.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <type_traits>

#include <mpio/engine/io_gate.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/reservation/planner.hpp>
#include <mpio/scsi/persistent_reservation.hpp>

#include "engine_harness.hpp"

namespace test_engine_reservation_gate_test {

using namespace mpio;
using engine::command_kind;
using engine::path_config;

namespace {

constexpr tick_rate gate_ms{1000};
constexpr std::uint64_t gate_key = 0x1234'0000'0000'ABCDu;

using gate_planner = reservation::planner<4>;
using planner_device =
    engine::device<policy::round_robin<4>, test::recording_transport, 16, recovery::default_error_table, gate_planner>;

// A gate the test opens and closes by hand.
struct manual_gate {
    bool open[4] = {true, true, true, true};
    [[nodiscard]] bool may_carry_io(policy::slot_index s) const noexcept { return s < 4 && open[s]; }
};
using manual_device =
    engine::device<policy::round_robin<4>, test::recording_transport, 16, recovery::default_error_table, manual_gate>;
using plain_device = engine::device<policy::round_robin<4>, test::recording_transport, 16>;

static_assert(engine::io_gate<gate_planner>);
static_assert(engine::io_gate<manual_gate>);
static_assert(std::is_same_v<plain_device::gate_type, engine::no_io_gate>);
// Without a gate the device keeps nothing for it (an empty base); with one,
// a pointer.
static_assert(sizeof(manual_device) == sizeof(plain_device) + sizeof(void*));

path_config gate_path(std::uint64_t handle)
{
    path_config c;
    c.handle = handle;
    c.verified = true;
    return c;
}

policy::io_request gate_write(std::uint64_t lba)
{
    policy::io_request io;
    io.direction = policy::io_direction::write;
    io.lba = lba;
    io.blocks = 8;
    io.bytes = 4096;
    return io;
}

// The slots the outstanding I/O went to; every I/O is answered GOOD.
template <class Device>
std::multiset<engine::slot_index> gate_answer_io(Device& d, test::recording_transport& t, tick now)
{
    std::multiset<engine::slot_index> slots;
    while (!t.outstanding.empty()) {
        const engine::command c = t.take();
        if (c.kind == command_kind::io) slots.insert(c.slot);
        REQUIRE(d.on_completion(c.tag, recovery::io_outcome{}, {}, now));
    }
    return slots;
}

// One planner command, answered with `o`; returns what it was.
reservation::pr_command gate_step(gate_planner& p, tick now, reservation::pr_outcome o = {})
{
    const auto c = p.next(now);
    REQUIRE(c);
    p.on_complete(o, now);
    return *c;
}

} // namespace

TEST_CASE("reservation gate: a path carries I/O only once its key is registered", "[engine][reservation]")
{
    test::recording_transport t;
    planner_device d(t, engine::engine_config::microsoft_defaults(gate_ms, topology::alua_mode::none));
    gate_planner p(reservation::planner_config{gate_key, false, true, 0});
    d.set_gate(&p, 0);
    REQUIRE(d.gate() == &p);

    const auto a = d.add_path(gate_path(0xA), 0);
    const auto b = d.add_path(gate_path(0xB), 0);
    REQUIRE(a);
    REQUIRE(b);
    // Paths the planner does not know yet carry nothing.
    CHECK_FALSE(d.gate_open(*a));
    CHECK(d.no_usable_path());
    REQUIRE(p.add_path(*a, 0));
    REQUIRE(p.add_path(*b, 0));
    d.gate_changed(1);
    CHECK_FALSE(d.no_usable_path()); // no key wanted: every path is open

    REQUIRE(p.join());
    d.gate_changed(2);
    CHECK(d.no_usable_path());

    // A write now waits: neither path is registered.
    REQUIRE(d.submit(gate_write(0), 1, 3));
    CHECK(t.count(command_kind::io) == 0);
    CHECK(d.requests_queued() == 1);
    CHECK(t.done.empty());

    // REPORT CAPABILITIES (no data: per-path registration), then the first REGISTER.
    CHECK(gate_step(p, 4).purpose == reservation::pr_purpose::report_capabilities);
    const reservation::pr_command first = gate_step(p, 5);
    REQUIRE(first.purpose == reservation::pr_purpose::register_path);
    const engine::slot_index registered = first.slot;
    const engine::slot_index other = registered == *a ? *b : *a;
    CHECK(d.requests_queued() == 1); // the engine follows only when told (or at its next dispatch)
    d.gate_changed(6);
    CHECK(d.requests_queued() == 0);

    std::multiset<engine::slot_index> slots = gate_answer_io(d, t, 7);
    CHECK(slots == std::multiset<engine::slot_index>{registered});
    CHECK(t.completed_once(1));
    for (std::uint64_t i = 0; i < 6; ++i) REQUIRE(d.submit(gate_write(8 * i), 10 + i, 8));
    slots = gate_answer_io(d, t, 9);
    CHECK(slots.count(registered) == 6); // round robin, but the other path is closed
    CHECK(slots.count(other) == 0);

    // The second path registers: it takes its share.
    const reservation::pr_command second = gate_step(p, 10);
    REQUIRE(second.purpose == reservation::pr_purpose::register_path);
    CHECK(second.slot == other);
    d.gate_changed(11);
    for (std::uint64_t i = 0; i < 6; ++i) REQUIRE(d.submit(gate_write(8 * i), 20 + i, 12));
    slots = gate_answer_io(d, t, 13);
    CHECK(slots.count(registered) == 3);
    CHECK(slots.count(other) == 3);

    // A path that fails and returns is registered again before it carries I/O.
    p.path_failed(other);
    p.path_returned(other);
    CHECK_FALSE(p.may_carry_io(other));
    d.gate_changed(14);
    for (std::uint64_t i = 0; i < 4; ++i) REQUIRE(d.submit(gate_write(8 * i), 30 + i, 15));
    slots = gate_answer_io(d, t, 16);
    CHECK(slots.count(other) == 0);
    const reservation::pr_command again = gate_step(p, 17);
    CHECK(again.purpose == reservation::pr_purpose::register_path);
    CHECK(again.slot == other);
    d.gate_changed(18);
    for (std::uint64_t i = 0; i < 4; ++i) REQUIRE(d.submit(gate_write(8 * i), 40 + i, 19));
    slots = gate_answer_io(d, t, 20);
    CHECK(slots.count(other) == 2);
    for (std::uint64_t c = 1; c < 44; ++c)
        if (t.done.count(c) != 0) CHECK(t.completed_once(c));
}

TEST_CASE("reservation gate: Write Exclusive sends I/O through the holder path only", "[engine][reservation]")
{
    test::recording_transport t;
    planner_device d(t, engine::engine_config::microsoft_defaults(gate_ms, topology::alua_mode::none));
    gate_planner p(reservation::planner_config{gate_key, false, true, 0});
    const auto a = d.add_path(gate_path(0xA), 0);
    const auto b = d.add_path(gate_path(0xB), 0);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(p.add_path(*a, 0));
    REQUIRE(p.add_path(*b, 0));
    d.set_gate(&p, 0);
    REQUIRE(p.join());
    REQUIRE(p.reserve(scsi::pr_type::write_exclusive));
    tick now = 1;
    for (; now < 10; ++now) {
        if (!p.next(now)) break;
        p.on_complete(reservation::pr_outcome{}, now);
    }
    REQUIRE(p.holds_reservation());
    const engine::slot_index holder = p.holder_slot();
    d.gate_changed(now);
    for (std::uint64_t i = 0; i < 6; ++i) REQUIRE(d.submit(gate_write(8 * i), i + 1, now));
    const std::multiset<engine::slot_index> slots = gate_answer_io(d, t, now + 1);
    CHECK(slots.size() == 6);
    CHECK(slots.count(holder) == 6);
}

TEST_CASE("reservation gate: a gate closed since the last sync is asked again at dispatch", "[engine][reservation]")
{
    test::recording_transport t;
    manual_device d(t, engine::engine_config::microsoft_defaults(gate_ms, topology::alua_mode::none));
    manual_gate g;
    d.set_gate(&g, 0);
    const auto a = d.add_path(gate_path(0xA), 0);
    const auto b = d.add_path(gate_path(0xB), 0);
    REQUIRE(a);
    REQUIRE(b);
    // Closed without telling the engine: no I/O goes through it anyway.
    g.open[*a] = false;
    for (std::uint64_t i = 0; i < 4; ++i) REQUIRE(d.submit(gate_write(8 * i), i + 1, 1));
    const std::multiset<engine::slot_index> slots = gate_answer_io(d, t, 2);
    CHECK(slots.size() == 4);
    CHECK(slots.count(*a) == 0);
    // A null gate opens every path.
    d.set_gate(nullptr, 3);
    CHECK(d.gate_open(*a));
}

TEST_CASE("reservation gate: every path closed, I/O waits and goes once a path opens, exactly once",
          "[engine][reservation]")
{
    test::recording_transport t;
    manual_device d(t, engine::engine_config::microsoft_defaults(gate_ms, topology::alua_mode::none));
    manual_gate g;
    d.set_gate(&g, 0);
    const auto a = d.add_path(gate_path(0xA), 0);
    const auto b = d.add_path(gate_path(0xB), 0);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(d.submit(gate_write(0), 1, 1)); // in flight when the gate closes
    REQUIRE(t.count(command_kind::io) == 1);
    g.open[*a] = false;
    g.open[*b] = false;
    d.gate_changed(2);
    CHECK(d.no_usable_path());
    REQUIRE(d.submit(gate_write(8), 2, 3));
    REQUIRE(d.submit(gate_write(16), 3, 3));
    CHECK(t.count(command_kind::io) == 1); // the new ones wait
    gate_answer_io(d, t, 4);               // the one in flight completes as usual
    CHECK(t.completed_once(1));
    d.poll(1000);
    CHECK(t.count(command_kind::io) == 0);
    CHECK(d.requests_queued() == 2);
    CHECK(t.done.count(2) == 0);

    g.open[*b] = true;
    d.gate_changed(1001);
    const std::multiset<engine::slot_index> slots = gate_answer_io(d, t, 1002);
    CHECK(slots == std::multiset<engine::slot_index>{*b, *b});
    CHECK(t.completed_once(2));
    CHECK(t.completed_once(3));
    CHECK(t.done[2][0].ok);
    CHECK(t.done[3][0].ok);
}

TEST_CASE("reservation gate: fenced by another node, waiting I/O fails by the no-path rules, exactly once",
          "[engine][reservation]")
{
    test::recording_transport t;
    const engine::engine_config cfg = engine::engine_config::microsoft_defaults(gate_ms, topology::alua_mode::none);
    planner_device d(t, cfg);
    gate_planner p(reservation::planner_config{gate_key, false, true, 0});
    const auto a = d.add_path(gate_path(0xA), 0);
    const auto b = d.add_path(gate_path(0xB), 0);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(p.add_path(*a, 0));
    REQUIRE(p.add_path(*b, 0));
    REQUIRE(p.join());
    d.set_gate(&p, 0);
    for (tick now = 1; now < 10; ++now) {
        if (!p.next(now)) break;
        p.on_complete(reservation::pr_outcome{}, now);
    }
    d.gate_changed(10);
    REQUIRE_FALSE(d.no_usable_path());

    // Another node preempts our key: 2A/05, then READ KEYS without our key.
    p.on_unit_attention(*a, 0x2A, 0x05);
    d.gate_changed(11);
    CHECK(d.no_usable_path());
    REQUIRE(d.submit(gate_write(0), 1, 12));
    CHECK(t.count(command_kind::io) == 0);
    const mpio::byte other_keys[16] = {0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0xBB, 0xBB};
    reservation::pr_outcome keys;
    keys.data = byte_view(other_keys, sizeof other_keys);
    CHECK(gate_step(p, 13, keys).purpose == reservation::pr_purpose::read_keys);
    REQUIRE(p.state() == reservation::key_state::fenced);
    d.gate_changed(14);

    // Held for the no-path time (PDORemovePeriod by default), then failed once.
    d.poll(14 + cfg.timers.pdo_remove_period / 2);
    CHECK(t.done.empty());
    CHECK(t.count(command_kind::io) == 0);
    d.poll(14 + cfg.timers.pdo_remove_period + 1);
    REQUIRE(t.completed_once(1));
    CHECK_FALSE(t.done[1][0].ok);
    CHECK(t.done[1][0].reason == recovery::reason::no_usable_path);
    d.poll(14 + 2 * cfg.timers.pdo_remove_period);
    CHECK(t.completed_once(1));
    std::size_t io_sent = 0;
    for (const engine::command& c : t.sent) io_sent += c.kind == command_kind::io ? 1 : 0;
    CHECK(io_sent == 0); // not one I/O was routed while the gate was closed
}

} // namespace test_engine_reservation_gate_test
