// SPDX-License-Identifier: MIT
// Fuzz target: the recovery layer where it reads bytes or sequences of
// events. The input is
//   byte 0      transport outcome (mod 7)      byte 1  SCSI status (one of 8)
//   byte 2      flags: bit 0 other usable path, bit 1 ALUA device
//   bytes 3..   sense data for make_condition(), then the same bytes as
//               REPORT TARGET PORT GROUPS data for the STPG target choice,
//               then as a script of path lifecycle events (one per byte).
// Checked: every decision is one of the table's, a retry budget always ends a
// request (within RetryCount + the uncounted cap + 1 steps, holds aside), the
// chosen STPG target is never offline/unreachable and is the best ranked, and
// the path lifecycle keeps its invariants whatever the event order.
#include <mpio/recovery.hpp>
#include <mpio/scsi/status.hpp> // the raw status byte goes through scsi_status names too

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace rc = mpio::recovery;
namespace scsi = mpio::scsi;
using mpio::tick;
using mpio::topology::path_state;
using namespace mpio_fuzz;

constexpr rc::scsi_status statuses[8] = {
    rc::scsi_status::good,       rc::scsi_status::check_condition,      rc::scsi_status::condition_met,
    rc::scsi_status::busy,       rc::scsi_status::reservation_conflict, rc::scsi_status::task_set_full,
    rc::scsi_status::aca_active, rc::scsi_status::task_aborted};

void check_decision(const rc::decision& d)
{
    check(d.action <= rc::action::fail_up);
    check(d.reason <= rc::reason::initiator_response_timeout);
    check(d.effect <= rc::path_effect::alua_changed);
    check(length(rc::to_string(d.reason)) > 0);
    // A decision that does not resubmit never waits.
    if (!rc::is_retry(d.action)) check(d.delay == rc::retry_delay::immediate || d.reason == rc::reason::unclassified);
}

void budget_terminates(const rc::decision& d)
{
    rc::retry_limits l;
    l.retry_count = 3;
    l.max_uncounted = 8;
    l.retry_interval = 10;
    l.transition_time = 100;
    rc::retry_budget b(l);
    tick now = 0;
    int steps = 0;
    for (;;) {
        const rc::retry_step s = b.next(d, now);
        ++steps;
        check(s.not_before >= now);
        if (!s.retry) break;
        now = s.not_before + 1;
        check(steps <= 3 + 8 + 1 + 100); // holds: at most transition_time / retry_interval polls
    }
}

void stpg_choice(mpio::byte_view bytes)
{
    const auto rtpg = scsi::parse_report_target_port_groups(bytes);
    if (!rtpg) return;
    const auto reachable = [](std::uint16_t g) { return (g & 1u) == 0; };
    const auto chosen = rc::choose_stpg_target(*rtpg, reachable);
    if (!chosen) return;
    check(reachable(chosen->group));
    check(rc::candidate_rank(*chosen) >= 0);
    // No descriptor walked before the first error ranks better.
    const auto groups = rtpg->target_port_groups();
    for (auto it = groups.begin(); !it.done(); ++it) {
        const auto g = *it;
        rc::tpg_candidate c{g.target_port_group(), g.asymmetric_access_state(), g.pref(),
                            reachable(g.target_port_group())};
        const int r = rc::candidate_rank(c);
        check(r < 0 || r >= rc::candidate_rank(*chosen));
    }
    mpio::byte cdb[16]{};
    mpio::byte params[8]{};
    const auto n =
        rc::build_activation_stpg(mpio::mutable_byte_view(cdb), mpio::mutable_byte_view(params), chosen->group);
    check(n.has_value() && *n == 8);
}

void lifecycle_script(mpio::byte_view script, bool alua)
{
    rc::lifecycle_config c;
    c.alua = alua;
    c.periodic_verification = (script.size() & 1u) != 0;
    c.verification_period = 50;
    c.recovery_interval = 20;
    c.pending_poll = 5;
    c.remove_period = 30;
    c.failback = {static_cast<rc::failback_mode>(script.size() % 4), 15};
    c.flaky = {2, 40, 60};
    rc::path_lifecycle p(c, (script.size() & 2u) != 0);
    tick now = 0;
    const rc::verification_command expect = rc::verification_command_for(alua);
    for (const mpio::byte b : script) {
        now += b >> 4;
        rc::verification_command cmd = rc::verification_command::none;
        switch (b & 0x0F) {
        case 0: cmd = p.arrive(now); break;
        case 1: p.remove(now); break;
        case 2:
            p.on_io({rc::action::fail_path_and_retry, rc::reason::transport_timeout, false, rc::retry_delay::immediate,
                     rc::path_effect::path_failed},
                    now);
            break;
        case 3:
            p.on_io({rc::action::retry_other_path, rc::reason::alua_standby, false, rc::retry_delay::immediate,
                     rc::path_effect::alua_standby},
                    now);
            break;
        case 4:
            p.on_io({rc::action::refresh_alua_then_retry, rc::reason::alua_state_changed, false,
                     rc::retry_delay::immediate, rc::path_effect::alua_changed},
                    now);
            break;
        case 5:
            p.on_verification({rc::checker_state::up, false, scsi::asymmetric_access_state::active_optimized}, now);
            break;
        case 6:
            p.on_verification({rc::checker_state::down, false, scsi::asymmetric_access_state::active_optimized}, now);
            break;
        case 7:
            p.on_verification({rc::checker_state::pending, false, scsi::asymmetric_access_state::active_optimized},
                              now);
            break;
        case 8: p.on_verification({rc::checker_state::ghost, true, scsi::asymmetric_access_state::standby}, now); break;
        case 9:
            p.on_verification({rc::checker_state::retry, false, scsi::asymmetric_access_state::active_optimized}, now);
            break;
        case 10: p.on_alua_state(static_cast<scsi::asymmetric_access_state>(b >> 4), now); break;
        case 11: p.failback_now(); break;
        case 12: p.set_standby(); break;
        case 13: p.activate(); break;
        default: cmd = p.poll(now); break;
        }
        // Invariants.
        check(cmd == rc::verification_command::none || cmd == expect);
        const path_state s = p.state();
        check(s <= path_state::removed);
        const rc::eligibility e = p.io_eligibility(now);
        check((e != rc::eligibility::none) == mpio::topology::carries_io(s));
        if (s == path_state::standby) check(p.cause() != rc::standby_cause::none);
        if (s == path_state::failed) check(!p.verification_in_flight());
        if (cmd != rc::verification_command::none) check(p.verification_in_flight());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    const rc::io_outcome o{static_cast<rc::transport_outcome>(input.at_or(0) % 9), statuses[input.at_or(1) % 8],
                           input.subview(3)};
    const bool other = (input.at_or(2) & 1u) != 0;
    const bool alua = (input.at_or(2) & 2u) != 0;
    const rc::error_condition c = rc::make_condition(o);
    check(!c.has_sense || (c.status == rc::scsi_status::check_condition && c.transport == rc::transport_outcome::ok));
    check(!c.has_sense || c.sense_error == mpio::errc::none);
    const rc::decision d = rc::interpret<rc::default_error_table>(c, {other});
    check_decision(d);
    check_decision(rc::interpret<rc::linux_error_table>(c, {other}));
    const rc::table_row* row = rc::default_error_table::find(c);
    check(row == nullptr || row->matches(c));
    // The compile-time index finds what a plain first-match walk finds.
    check(row == rc::find_row(rc::default_error_rows::rows, rc::default_error_table::size, c));
    // interpret(io_outcome) (GOOD and unusable/deferred sense from constants)
    // decides as interpret(make_condition(io_outcome)), for any status byte.
    check(rc::interpret<rc::default_error_table>(o, {other}) == d);
    const rc::io_outcome raw{o.transport, static_cast<rc::scsi_status>(input.at_or(1)), o.sense};
    check(rc::interpret<rc::default_error_table>(raw, {other}) ==
          rc::interpret<rc::default_error_table>(rc::make_condition(raw), {other}));
    check(length(rc::to_string(raw.status)) > 0);
    // The in-place sense decoder agrees with the full parser.
    if (!o.sense.empty() && o.transport == rc::transport_outcome::ok && o.status == rc::scsi_status::check_condition) {
        const auto parsed = mpio::scsi::parse_sense_data(o.sense);
        check(c.has_sense == static_cast<bool>(parsed));
        if (parsed) {
            check(c.key == parsed->sense_key() && c.deferred == parsed->deferred());
            check(c.has_asc_ascq == parsed->has_additional_sense_code());
            if (c.has_asc_ascq)
                check(c.asc == parsed->additional_sense_code() && c.ascq == parsed->additional_sense_code_qualifier());
        } else {
            check(c.sense_error == parsed.error());
        }
    }
    if (row != nullptr) check(length(row->source) > 0);
    budget_terminates(d);
    const rc::checker_state t = rc::interpret_test_unit_ready(c);
    check(t <= rc::checker_state::retry);
    stpg_choice(input.subview(3));
    lifecycle_script(input.subview(3), alua);
    return 0;
}
