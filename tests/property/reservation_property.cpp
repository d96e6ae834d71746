// SPDX-License-Identifier: MIT
// Property test (RapidCheck) of the reservation planner
// (mpio/reservation/planner.hpp) against the scripted target of
// tests/reservation/target_model.hpp, over random targets (ATP_C, RLR_C,
// PTPL_C), random initiator ports, APTPL on or off, a random reservation
// type, and random sequences of path events (add, fail, return, remove, a
// registration the target drops while the path is down), planner runs cut
// short at random points, audits, reserve / release, and I/O routed by
// may_carry_io(). Checked:
//  1. after every step, every path the planner lets carry I/O is registered
//     at the target, and a write through it is accepted (no I/O is ever
//     routed to an unregistered path);
//  2. after the planner has run to the end, every usable path (present, up)
//     is registered at the target and known as registered by the planner;
//  3. the planner calls itself fenced only when no registration of its key
//     is left at the target (the caller then joins again).
#include <mpio/reservation/planner.hpp>

#include <rapidcheck.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <vector>

#include "../reservation/target_model.hpp"

namespace {

namespace rsv = mpio::reservation;
namespace scsi = mpio::scsi;
using mpio_test::target_model;

constexpr std::uint8_t slots = 6;
constexpr std::uint64_t key = 0xC0FFEE;

struct event {
    int kind; // 0 add, 1 fail, 2 return, 3 remove, 4 run (cut), 5 io, 6 drop while down, 7 audit, 8 reserve/release
    std::uint8_t slot;
    int arg;
};

void showValue(const event& e, std::ostream& os)
{
    os << "{kind " << e.kind << ", slot " << int(e.slot) << ", arg " << e.arg << "}";
}

void check_io(const rsv::planner<slots>& p, target_model& t)
{
    for (std::uint8_t s = 0; s < slots; ++s) {
        if (!p.may_carry_io(s)) continue;
        RC_ASSERT(t.registered(s));
        RC_ASSERT(t.write(s) != rsv::pr_status::reservation_conflict);
    }
}

// The planner fences itself only when the target really has no
// registration of the key left (here: the target dropped them); the caller
// then decides to join again, as a cluster node would after being let back.
void check_fence(rsv::planner<slots>& p, const target_model& t)
{
    if (p.state() != rsv::key_state::fenced) return;
    RC_ASSERT(!t.key_registered(key));
    for (std::uint8_t s = 0; s < slots; ++s) RC_ASSERT(!p.may_carry_io(s));
    RC_ASSERT(p.join().has_value());
}

} // namespace

int main()
{
    bool ok = true;
    ok &= rc::check("planner: every usable path registered, no I/O to an unregistered path", [] {
        target_model t;
        t.atp_c = *rc::gen::arbitrary<bool>();
        t.rlr_c = *rc::gen::arbitrary<bool>();
        t.ptpl_c = *rc::gen::arbitrary<bool>();
        const bool aptpl = *rc::gen::arbitrary<bool>();
        const auto type = static_cast<scsi::pr_type>(*rc::gen::element<int>(1, 3, 5, 6, 7, 8));
        rsv::planner<slots> p(rsv::planner_config{key, aptpl, true, 0});
        std::array<bool, 256> down{};
        std::array<bool, slots> present{};
        std::array<int, slots> port{};
        for (std::uint8_t s = 0; s < slots; ++s) {
            port[s] = *rc::gen::inRange(0, 3);
            t.set_port(s, port[s]);
        }
        // Two paths to start with.
        for (std::uint8_t s = 0; s < 2; ++s) {
            RC_ASSERT(p.add_path(s, static_cast<std::uint8_t>(port[s])).has_value());
            present[s] = true;
        }
        RC_ASSERT(p.join().has_value());
        if (*rc::gen::arbitrary<bool>()) RC_ASSERT(p.reserve(type).has_value());
        mpio::tick now = 0;

        const auto events = *rc::gen::container<std::vector<event>>(
            rc::gen::build<event>(rc::gen::set(&event::kind, rc::gen::inRange(0, 9)),
                                  rc::gen::set(&event::slot, rc::gen::inRange<std::uint8_t>(0, slots)),
                                  rc::gen::set(&event::arg, rc::gen::inRange(0, 6))));
        for (const event& e : events) {
            ++now;
            const std::uint8_t s = e.slot;
            switch (e.kind) {
            case 0:
                if (!present[s]) {
                    RC_ASSERT(p.add_path(s, static_cast<std::uint8_t>(port[s])).has_value());
                    present[s] = true;
                    down[s] = false;
                }
                break;
            case 1:
                down[s] = true;
                p.path_failed(s);
                break;
            case 2:
                if (present[s]) {
                    down[s] = false;
                    p.path_returned(s);
                }
                break;
            case 3:
                p.remove_path(s);
                present[s] = false;
                break;
            case 4: mpio_test::drive(p, t, now, &down, e.arg); break;
            case 5: check_io(p, t); break;
            case 6:
                if (down[s]) t.drop_registration(s);
                break;
            case 7: p.request_audit(); break;
            case 8:
                if (p.holds_reservation())
                    static_cast<void>(p.release());
                else
                    static_cast<void>(p.reserve(type));
                break;
            default: break;
            }
            check_io(p, t);
            check_fence(p, t);
        }
        // Run to the end; everything usable is registered.
        mpio_test::drive(p, t, now + 1, &down, 1000);
        check_fence(p, t);
        mpio_test::drive(p, t, now + 2, &down, 1000);
        RC_ASSERT(!p.busy());
        RC_ASSERT(p.state() == rsv::key_state::joined);
        for (std::uint8_t s = 0; s < slots; ++s) {
            if (!present[s] || down[s]) continue;
            RC_ASSERT(p.registration_of(s) == rsv::registration::registered);
            RC_ASSERT(t.registered(s));
        }
        check_io(p, t);
    });
    std::printf("%s\n", ok ? "reservation property: OK" : "reservation property: FAILED");
    return ok ? 0 : 1;
}
