// SPDX-License-Identifier: MIT
#include <mpio/reservation/planner.hpp>

#include <array>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "target_model.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_reservation_planner_test {

namespace rsv = mpio::reservation;
namespace scsi = mpio::scsi;
using mpio::errc;
using mpio_test::drive;
using mpio_test::target_model;

namespace {

constexpr std::uint64_t key_a = 0xA1A1;
constexpr std::uint64_t key_b = 0xB2B2; // the other cluster node

constexpr scsi::pr_type all_types[] = {scsi::pr_type::write_exclusive,
                                       scsi::pr_type::exclusive_access,
                                       scsi::pr_type::write_exclusive_registrants_only,
                                       scsi::pr_type::exclusive_access_registrants_only,
                                       scsi::pr_type::write_exclusive_all_registrants,
                                       scsi::pr_type::exclusive_access_all_registrants};

using planner4 = rsv::planner<4>;

// Four paths: slots 0, 1 through initiator port 0, slots 2, 3 through port 1.
struct rig {
    target_model target;
    planner4 p;
    std::array<bool, 256> down{};

    explicit rig(bool atp_c = false, bool aptpl = false) : p(rsv::planner_config{key_a, aptpl, true, 0})
    {
        target.atp_c = atp_c;
        for (std::uint8_t s = 0; s < 4; ++s) {
            target.set_port(s, s / 2);
            REQUIRE(p.add_path(s, static_cast<std::uint8_t>(s / 2)));
        }
        // the other node: nexus 100, its own initiator port
        target.set_port(100, 9);
    }
    int run(mpio::tick now = 0) { return drive(p, target, now, &down); }
    void fail(std::uint8_t s)
    {
        down[s] = true;
        p.path_failed(s);
    }
    void back(std::uint8_t s)
    {
        down[s] = false;
        p.path_returned(s);
    }
    // Registers node B through its nexus.
    void node_b_register()
    {
        rsv::pr_command c;
        c.out_action = scsi::pr_out_service_action::register_and_ignore_existing_key;
        c.service_action_reservation_key = key_b;
        REQUIRE(send_b(c).status == rsv::pr_status::good);
    }
    rsv::pr_outcome send_b(const rsv::pr_command& c)
    {
        std::array<mpio::byte, 16> cdb{};
        std::array<mpio::byte, 64> list{};
        const auto n = c.build_cdb(mpio::mutable_byte_view(cdb.data(), cdb.size()));
        const auto l = c.build_parameter_list(mpio::mutable_byte_view(list.data(), list.size()));
        REQUIRE(n);
        REQUIRE(l);
        return target.execute(100, mpio::byte_view(cdb.data(), *n), mpio::byte_view(list.data(), *l));
    }
    // Every I/O the planner allows is accepted by the target.
    void check_io_allowed_is_accepted()
    {
        for (std::uint8_t s = 0; s < 4; ++s)
            if (p.may_carry_io(s)) {
                INFO("slot " << int(s));
                CHECK(target.registered(s));
                CHECK(target.write(s) == rsv::pr_status::good);
            }
    }
};

} // namespace

TEST_CASE("reservation planner: join registers every path before it carries I/O", "[reservation]")
{
    rig r;
    for (std::uint8_t s = 0; s < 4; ++s) CHECK(r.p.may_carry_io(s)); // idle: reservations not in use
    REQUIRE(r.p.join());
    for (std::uint8_t s = 0; s < 4; ++s) CHECK_FALSE(r.p.may_carry_io(s));
    // The first command asks what the target can do.
    const auto first = r.p.next(0);
    REQUIRE(first);
    CHECK(first->purpose == rsv::pr_purpose::report_capabilities);
    CHECK(first->is_in);
    CHECK(r.p.next(0).error() == errc::not_found); // one in flight
    r.p.on_complete(r.target.read(0x02, 1024), 0);
    CHECK(r.p.capabilities_known());
    CHECK_FALSE(r.p.uses_all_tg_pt());
    CHECK(r.run() == 4); // one registration per path without ATP_C
    for (std::uint8_t s = 0; s < 4; ++s) {
        CHECK(r.target.registered(s));
        CHECK(r.p.registration_of(s) == rsv::registration::registered);
        CHECK(r.p.may_carry_io(s));
    }
    CHECK(r.p.counters().registrations == 4);
    CHECK(r.p.settled());
    r.check_io_allowed_is_accepted();
    CHECK(r.p.join().has_value()); // again: nothing new
    CHECK(r.run() == 0);
}

TEST_CASE("reservation planner: ALL_TG_PT when the target says ATP_C", "[reservation]")
{
    rig r(true);
    REQUIRE(r.p.join());
    // REPORT CAPABILITIES, one ALL_TG_PT registration per initiator port,
    // a probe (REGISTER key -> key) of the other path of each port.
    CHECK(r.run() == 5);
    CHECK(r.p.uses_all_tg_pt());
    for (std::uint8_t s = 0; s < 4; ++s) CHECK(r.p.may_carry_io(s));
    CHECK(r.p.counters().registrations == 2);
    r.check_io_allowed_is_accepted();

    // A target that refuses ALL_TG_PT for a nexus: that path registers alone.
    rig q(true);
    q.target.atp_c = true;
    REQUIRE(q.p.join());
    REQUIRE(q.p.next(0));
    q.p.on_complete(q.target.read(0x02, 1024), 0);
    auto c = q.p.next(0);
    REQUIRE(c);
    CHECK(c->all_tg_pt);
    rsv::pr_outcome refused;
    refused.status = rsv::pr_status::illegal_request;
    q.p.on_complete(refused, 0);
    c = q.p.next(0);
    REQUIRE(c);
    CHECK(c->purpose == rsv::pr_purpose::register_path);
    CHECK_FALSE(c->all_tg_pt);
    q.p.on_complete(rsv::pr_outcome{}, 0);
}

TEST_CASE("reservation planner: paths added, failed and returned while registered", "[reservation]")
{
    rig r;
    REQUIRE(r.p.join());
    r.run();
    // A path fails: the others go on; it keeps its registration at the target.
    r.fail(1);
    CHECK_FALSE(r.p.may_carry_io(1));
    CHECK(r.p.may_carry_io(0));
    CHECK(r.run() == 0);
    // It returns: registered again (idempotently) before it carries I/O.
    r.back(1);
    CHECK_FALSE(r.p.may_carry_io(1));
    const auto c = r.p.next(0);
    REQUIRE(c);
    CHECK(c->slot == 1);
    CHECK(c->out_action == scsi::pr_out_service_action::register_and_ignore_existing_key);
    CHECK(c->service_action_reservation_key == key_a);
    r.p.on_complete(rsv::pr_outcome{}, 0);
    CHECK(r.p.may_carry_io(1));

    // A path that returns unregistered (the target dropped it while it was down).
    r.fail(2);
    r.target.drop_registration(2);
    r.back(2);
    CHECK_FALSE(r.p.may_carry_io(2));
    CHECK(r.run() == 1);
    CHECK(r.target.registered(2));
    CHECK(r.p.may_carry_io(2));

    // A new path joins later.
    rig s;
    s.p.remove_path(3);
    REQUIRE(s.p.join());
    s.run();
    CHECK_FALSE(s.target.registered(3));
    REQUIRE(s.p.add_path(3, 1));
    CHECK(s.p.add_path(3, 1).error() == errc::already_exists);
    CHECK(s.p.add_path(4, 1).error() == errc::invalid_argument);
    CHECK_FALSE(s.p.may_carry_io(3));
    CHECK(s.run() == 1);
    CHECK(s.target.registered(3));
    CHECK(s.p.may_carry_io(3));

    // A path the target will not register is kept out.
    rig t;
    t.target.at(2).refuse = true;
    REQUIRE(t.p.join());
    t.run();
    CHECK(t.p.registration_of(2) == rsv::registration::cannot_register);
    CHECK_FALSE(t.p.may_carry_io(2));
    CHECK(t.p.may_carry_io(3));
    CHECK(t.p.counters().refused == 1);
    // The next audit gives it another chance; the target accepts now.
    t.target.at(2).refuse = false;
    t.p.request_audit();
    t.run();
    CHECK(t.p.may_carry_io(2));
    // A path cut while its registration is in flight is not used.
    rig u;
    REQUIRE(u.p.join());
    u.down[0] = true; // cut, but the caller has not said so yet
    u.run();
    CHECK_FALSE(u.p.may_carry_io(0));
    CHECK(u.p.may_carry_io(1));
}

TEST_CASE("reservation planner: reserve and release through one path", "[reservation]")
{
    rig r;
    REQUIRE(r.p.join());
    CHECK(r.p.reserve(scsi::pr_type::obsolete_2).error() == errc::invalid_argument);
    REQUIRE(r.p.reserve(scsi::pr_type::write_exclusive_registrants_only));
    r.run();
    CHECK(r.p.holds_reservation());
    CHECK(r.target.reserved);
    CHECK(r.target.holder == r.p.holder_slot());
    CHECK(r.target.type == scsi::pr_type::write_exclusive_registrants_only);
    r.node_b_register();
    CHECK(r.target.write(100) == rsv::pr_status::good); // B registered: RO lets it write
    r.check_io_allowed_is_accepted();
    REQUIRE(r.p.release());
    r.run();
    CHECK_FALSE(r.p.holds_reservation());
    CHECK_FALSE(r.target.reserved);
    // Not joined: nothing to reserve with.
    rig idle;
    CHECK(idle.p.reserve(scsi::pr_type::write_exclusive).error() == errc::invalid_state);
    CHECK(idle.p.release().error() == errc::invalid_state);
    // Another node holds it: RESERVE conflicts, the planner does not insist.
    rig c;
    c.node_b_register();
    rsv::pr_command b;
    b.out_action = scsi::pr_out_service_action::reserve;
    b.type = scsi::pr_type::exclusive_access;
    b.reservation_key = key_b;
    REQUIRE(c.send_b(b).status == rsv::pr_status::good);
    REQUIRE(c.p.join());
    REQUIRE(c.p.reserve(scsi::pr_type::exclusive_access));
    c.run();
    CHECK_FALSE(c.p.holds_reservation());
    CHECK(c.p.counters().conflicts == 1);
    CHECK(c.run() == 0);
}

TEST_CASE("reservation planner: a reservation of an earlier run is found by the audit and released", "[reservation]")
{
    // A new planner (a new process: mpio-iscsi pr release) over the same
    // paths does not know the holder path; the audit finds the reservation.
    for (const scsi::pr_type t : all_types) {
        INFO(scsi::to_string(t));
        rig r;
        REQUIRE(r.p.join());
        REQUIRE(r.p.reserve(t));
        r.run();
        REQUIRE(r.target.reserved);
        r.p = planner4(rsv::planner_config{key_a, false, true, 0});
        for (std::uint8_t s = 0; s < 4; ++s) REQUIRE(r.p.add_path(s, static_cast<std::uint8_t>(s / 2)));
        REQUIRE(r.p.join());
        r.run();
        r.p.request_audit();
        r.run();
        CHECK(r.p.holds_reservation());
        REQUIRE(r.p.release());
        r.run(); // all-registrants types: any registered path; the others: PREEMPT of the own key first
        CHECK_FALSE(r.p.holds_reservation());
        CHECK_FALSE(r.target.reserved);
        CHECK(r.target.key_registered(key_a));
        for (std::uint8_t s = 0; s < 4; ++s)
            if (r.p.may_carry_io(s)) CHECK(r.target.registered(s)); // the others hold a 2A/04 for their next command
    }
}

TEST_CASE("reservation planner: the holder path is lost, for each reservation type", "[reservation]")
{
    for (const scsi::pr_type type : all_types) {
        for (const bool rlr : {false, true}) {
            INFO(scsi::short_name(type) << " RLR_C " << rlr);
            rig r;
            r.target.rlr_c = rlr;
            REQUIRE(r.p.join());
            REQUIRE(r.p.reserve(type));
            r.run();
            REQUIRE(r.p.holds_reservation());
            const std::uint8_t holder = r.p.holder_slot();
            const bool exclusive = !scsi::grants_all_registrants_access(type);
            for (std::uint8_t s = 0; s < 4; ++s) CHECK(r.p.may_carry_io(s) == (!exclusive || s == holder));
            r.check_io_allowed_is_accepted();

            r.fail(holder);
            r.run();
            // The reservation stays with the I_T nexus...
            CHECK(r.target.reserved);
            std::uint8_t carrying = 0;
            for (std::uint8_t s = 0; s < 4; ++s) carrying = static_cast<std::uint8_t>(carrying + r.p.may_carry_io(s));
            if (exclusive) {
                // ...so for WE / EA it was moved by a PREEMPT of our own key.
                CHECK(r.p.counters().reestablished == 1);
                CHECK(r.p.holder_slot() != holder);
                CHECK(r.target.holder == r.p.holder_slot());
                CHECK(carrying == 1);
                // the other paths were registered again (PREEMPT removed them)
                for (std::uint8_t s = 0; s < 4; ++s)
                    if (s != holder) CHECK(r.target.registered(s));
            } else {
                // ...and for the registrants types every other registered path goes on.
                CHECK(r.p.counters().reestablished == 0);
                CHECK(carrying == 3);
            }
            r.check_io_allowed_is_accepted();
            // The path comes back (after our PREEMPT it sees 2A/05 once: not a fence).
            r.back(holder);
            r.run();
            CHECK(r.p.state() == rsv::key_state::joined);
            CHECK(r.target.registered(holder));
            r.check_io_allowed_is_accepted();
            // Release works from wherever the reservation now is.
            REQUIRE(r.p.release());
            r.run();
            CHECK_FALSE(r.target.reserved);
        }
    }
}

TEST_CASE("reservation planner: preemption by another node fences; we preempt another node", "[reservation]")
{
    for (const bool abort : {false, true}) {
        rig r;
        REQUIRE(r.p.join());
        REQUIRE(r.p.reserve(scsi::pr_type::write_exclusive_registrants_only));
        r.run();
        r.node_b_register();
        // B preempts our key (fence_scsi / a cluster fencing us).
        rsv::pr_command b;
        b.out_action = abort ? scsi::pr_out_service_action::preempt_and_abort : scsi::pr_out_service_action::preempt;
        b.type = scsi::pr_type::write_exclusive_registrants_only;
        b.reservation_key = key_b;
        b.service_action_reservation_key = key_a;
        REQUIRE(r.send_b(b).status == rsv::pr_status::good);
        CHECK_FALSE(r.target.key_registered(key_a));
        // Our next command (an audit) sees 2A/05: fenced, nothing re-registered.
        r.p.request_audit();
        r.run();
        CHECK(r.p.state() == rsv::key_state::fenced);
        for (std::uint8_t s = 0; s < 4; ++s) CHECK_FALSE(r.p.may_carry_io(s));
        CHECK(r.run() == 0);
        // Even a path that returns stays out.
        r.fail(0);
        r.back(0);
        CHECK(r.run() == 0);
        CHECK_FALSE(r.target.key_registered(key_a));
        CHECK(r.target.write(0) == rsv::pr_status::reservation_conflict);
        // Fenced, the audit also says so when the UA was consumed elsewhere.
        rig q;
        REQUIRE(q.p.join());
        q.run();
        q.node_b_register();
        REQUIRE(q.send_b(b).status == rsv::pr_status::good);
        for (std::uint8_t s = 0; s < 4; ++s) q.target.at(s).ua_asc = q.target.at(s).ua_ascq = 0;
        q.p.request_audit();
        q.run();
        CHECK(q.p.state() == rsv::key_state::fenced);
        // The caller decides to rejoin.
        REQUIRE(q.p.join());
        q.run();
        CHECK(q.target.key_registered(key_a));
        for (std::uint8_t s = 0; s < 4; ++s) CHECK(q.p.may_carry_io(s));
    }

    // We preempt B, which holds Exclusive Access.
    for (const bool abort : {false, true}) {
        rig r;
        r.node_b_register();
        rsv::pr_command b;
        b.out_action = scsi::pr_out_service_action::reserve;
        b.type = scsi::pr_type::exclusive_access;
        b.reservation_key = key_b;
        REQUIRE(r.send_b(b).status == rsv::pr_status::good);
        REQUIRE(r.p.join());
        r.run();
        CHECK(r.target.write(0) == rsv::pr_status::reservation_conflict);
        CHECK(r.p.preempt(key_a, scsi::pr_type::exclusive_access, abort).error() == errc::invalid_argument);
        CHECK(r.p.preempt(0, scsi::pr_type::exclusive_access, abort).error() == errc::invalid_argument);
        REQUIRE(r.p.preempt(key_b, scsi::pr_type::exclusive_access, abort));
        const auto c = r.p.next(0);
        REQUIRE(c);
        CHECK(c->purpose == rsv::pr_purpose::preempt_other);
        CHECK(c->out_action ==
              (abort ? scsi::pr_out_service_action::preempt_and_abort : scsi::pr_out_service_action::preempt));
        CHECK(c->reservation_key == key_a);
        CHECK(c->service_action_reservation_key == key_b);
        CHECK(c->type == scsi::pr_type::exclusive_access);
        {
            std::array<mpio::byte, 16> cdb{};
            std::array<mpio::byte, 64> list{};
            const auto n = c->build_cdb(mpio::mutable_byte_view(cdb.data(), cdb.size()));
            const auto l = c->build_parameter_list(mpio::mutable_byte_view(list.data(), list.size()));
            REQUIRE(n);
            REQUIRE(l);
            r.p.on_complete(
                r.target.execute(c->slot, mpio::byte_view(cdb.data(), *n), mpio::byte_view(list.data(), *l)), 0);
        }
        r.run();
        rig& s = r;
        CHECK_FALSE(s.target.key_registered(key_b));
        CHECK(s.p.holds_reservation());
        CHECK(s.target.holder == s.p.holder_slot());
        CHECK(s.target.write(100) == rsv::pr_status::unit_attention); // B learns it (2A/05)
        CHECK(s.target.write(100) == rsv::pr_status::unit_attention);
        s.target.at(100).ua_asc = 0;
        CHECK(s.target.write(100) == rsv::pr_status::reservation_conflict);
        s.check_io_allowed_is_accepted();
    }
}

TEST_CASE("reservation planner: APTPL and power loss", "[reservation]")
{
    for (const bool aptpl : {false, true}) {
        INFO("APTPL " << aptpl);
        rig r(false, aptpl);
        r.target.ptpl_c = true;
        r.target.rlr_c = true;
        REQUIRE(r.p.join());
        REQUIRE(r.p.reserve(scsi::pr_type::exclusive_access_registrants_only));
        r.run();
        CHECK(r.p.aptpl_active() == aptpl);
        CHECK(r.target.aptpl == aptpl);
        r.target.power_cycle();
        // Every path sees 29/00; the engine tells the planner.
        for (std::uint8_t s = 0; s < 4; ++s) r.p.on_unit_attention(s, 0x29, 0x00);
        for (std::uint8_t s = 0; s < 4; ++s) CHECK_FALSE(r.p.may_carry_io(s));
        r.run();
        for (std::uint8_t s = 0; s < 4; ++s) {
            CHECK(r.target.registered(s));
            CHECK(r.p.may_carry_io(s));
        }
        CHECK(r.target.reserved);
        CHECK(r.target.type == scsi::pr_type::exclusive_access_registrants_only);
        // With APTPL the target kept everything: probes only. Without it the
        // reservation was lost and replaced (RLR_C).
        CHECK(r.p.counters().reestablished == (aptpl ? 0u : 1u));
        CHECK(r.p.counters().repairs == (aptpl ? 0u : 4u));
        if (aptpl) CHECK(r.p.counters().registrations == 4u);
        r.check_io_allowed_is_accepted();
    }
    // Without PTPL_C the bit is not sent (the target would refuse it).
    rig r(false, true);
    REQUIRE(r.p.join());
    r.run();
    CHECK_FALSE(r.target.aptpl);
    CHECK_FALSE(r.p.aptpl_active());
    for (std::uint8_t s = 0; s < 4; ++s) CHECK(r.p.may_carry_io(s));
}

TEST_CASE("reservation planner: the audit finds and repairs missing registrations", "[reservation]")
{
    rig r;
    REQUIRE(r.p.join());
    REQUIRE(r.p.reserve(scsi::pr_type::write_exclusive_all_registrants));
    r.run();
    r.target.drop_registration(3); // silently
    r.p.request_audit();
    const auto keys = r.p.next(5);
    REQUIRE(keys);
    CHECK(keys->purpose == rsv::pr_purpose::read_keys);
    r.p.on_complete(r.target.read(0x00, keys->allocation_length), 5);
    const auto res = r.p.next(5);
    REQUIRE(res);
    CHECK(res->purpose == rsv::pr_purpose::read_reservation);
    r.p.on_complete(r.target.read(0x01, res->allocation_length), 5);
    r.run(5);
    CHECK(r.p.counters().audits == 1);
    CHECK(r.p.counters().repairs == 1);
    CHECK(r.target.registered(3));
    r.check_io_allowed_is_accepted();
    CHECK(r.p.settled());

    // Periodic audits by the caller's ticks.
    rig q;
    q.p = planner4(rsv::planner_config{key_a, false, true, 100});
    for (std::uint8_t s = 0; s < 4; ++s) REQUIRE(q.p.add_path(s, 0));
    REQUIRE(q.p.join());
    q.run(0);
    const std::uint32_t before = q.p.counters().audits;
    q.run(150);
    CHECK(q.p.counters().audits == before + 1);
    q.run(180);
    CHECK(q.p.counters().audits == before + 1);
    q.run(260);
    CHECK(q.p.counters().audits == before + 2);
}

TEST_CASE("reservation planner: leave releases and unregisters every path", "[reservation]")
{
    rig r;
    REQUIRE(r.p.join());
    REQUIRE(r.p.reserve(scsi::pr_type::write_exclusive));
    r.run();
    REQUIRE(r.p.leave());
    r.run();
    CHECK(r.p.state() == rsv::key_state::idle);
    CHECK_FALSE(r.target.reserved);
    CHECK_FALSE(r.target.key_registered(key_a));
    for (std::uint8_t s = 0; s < 4; ++s) CHECK(r.p.may_carry_io(s));
    CHECK(r.p.leave().has_value());
    // A zero key cannot join.
    planner4 zero;
    CHECK(zero.join().error() == errc::invalid_argument);
    CHECK(std::string(rsv::to_string(rsv::pr_purpose::reestablish)) == "re-establish reservation (preempt own key)");
    CHECK(std::string(rsv::to_string(rsv::key_state::fenced)) == "fenced");
    CHECK(std::string(rsv::to_string(rsv::registration::cannot_register)) == "cannot register");
}

TEST_CASE("reservation planner: constexpr plan", "[reservation][constexpr]")
{
    constexpr auto first = [] {
        rsv::planner<2> p(rsv::planner_config{0x1234, false, true, 0});
        static_cast<void>(p.add_path(0, 0));
        static_cast<void>(p.add_path(1, 0));
        static_cast<void>(p.join());
        return p.next(0).value();
    }();
    STATIC_REQUIRE(first.purpose == rsv::pr_purpose::report_capabilities);
    STATIC_REQUIRE(first.is_in);
    STATIC_REQUIRE(first.in_action == scsi::pr_in_service_action::report_capabilities);
    constexpr bool gated = [] {
        rsv::planner<2> p(rsv::planner_config{0x1234, false, true, 0});
        static_cast<void>(p.add_path(0, 0));
        const bool before = p.may_carry_io(0);
        static_cast<void>(p.join());
        return before && !p.may_carry_io(0) && !p.may_carry_io(1);
    }();
    STATIC_REQUIRE(gated);
}

} // namespace test_reservation_planner_test
