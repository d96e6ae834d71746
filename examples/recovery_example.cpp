// SPDX-License-Identifier: MIT
// How a driver wires the recovery layer: interpretation -> retry budget ->
// path lifecycle -> ALUA failover. Two paths to one ALUA logical unit; the
// preferred path's link drops, I/O fails over to the standby group (STPG),
// is held while the group transitions, completes, and the preferred path is
// verified and brought back. Built and run by the test suite (docs/recovery.md
// shows it); exits non-zero when the layer does not behave as described.
#include <mpio/recovery.hpp>

#include <cstdio>

using namespace mpio::recovery;
using aas = mpio::scsi::asymmetric_access_state;
using sk = mpio::scsi::sense_key;

namespace {
int failures = 0;
void expect(bool ok, const char* what)
{
    if (!ok) {
        std::printf("UNEXPECTED: %s\n", what);
        ++failures;
    }
}
} // namespace

int main()
{
    // Set-up: MPIO's defaults in milliseconds.
    const mpio::tick_rate rate{1000};
    const mpio_timers timers = to_ticks(microsoft_defaults, rate);
    const lifecycle_config config = lifecycle_config::from(timers, /*alua=*/true, failback_policy::immediate());
    path_lifecycle path[2] = {path_lifecycle(config, /*preferred=*/true), path_lifecycle(config)};
    const std::uint16_t group_of[2] = {1, 2};
    mpio::tick now = 0;

    // Arrival: each path is verified with REPORT TARGET PORT GROUPS.
    for (path_lifecycle& p : path)
        expect(p.arrive(now) == verification_command::report_target_port_groups, "arrival asks for RTPG");
    path[0].on_verification(verification_result::from_rtpg(error_condition::good(), aas::active_optimized), now);
    path[1].on_verification(verification_result::from_rtpg(error_condition::good(), aas::standby), now);

    // t = 100 ms: an I/O on path 0 comes back "connection lost".
    now = 100;
    retry_budget budget(retry_limits::from(timers));
    decision d = interpret<default_error_table>(error_condition::transport_error(transport_outcome::connection_lost));
    path[0].on_io(d, now);
    retry_step step = budget.next(d, now);
    std::printf("%6llu ms  path 0: %-28s -> %s, path 0 %s\n", static_cast<unsigned long long>(now), to_string(d.reason),
                to_string(step.action), mpio::topology::to_string(path[0].state()));
    expect(step.retry && step.not_before == now, "a path failure is retried at once");

    // Fail over: path 1's group is standby, so pick the group to activate.
    const tpg_candidate groups[] = {
        {group_of[0], path[0].alua_state(), true, path[0].io_eligibility(now) != eligibility::none},
        {group_of[1], path[1].alua_state(), false, path[1].io_eligibility(now) != eligibility::none}};
    const auto target = choose_stpg_target(groups);
    expect(target && groups[*target].group == 2, "group 2 is the only reachable one");
    const failover_plan plan = plan_failover(mpio::scsi::target_port_group_support::both, groups[*target]);
    mpio::byte cdb[16]{}, parameters[8]{};
    expect(plan.step == failover_step::set_target_port_groups &&
               build_activation_stpg(mpio::mutable_byte_view(cdb), mpio::mutable_byte_view(parameters), plan.group),
           "explicit ALUA: STPG built");
    alua_transition transition;
    transition.begin(now, timers.alua_transition_time);
    std::printf("%6llu ms  STPG: target port group %u -> active/optimized, I/O held until %llu ms\n",
                static_cast<unsigned long long>(now), unsigned{plan.group},
                static_cast<unsigned long long>(transition.deadline()));

    // The retry reaches path 1 while its group transitions: 02/04/0A, and no
    // other path is usable (path 0 failed), so the request is held, not failed.
    const bool other = other_usable_path(path, 2, /*self=*/1, now);
    expect(!other, "path 0 failed: no other usable path");
    d = interpret<default_error_table>(error_condition::check_condition(sk::not_ready, 0x04, 0x0A),
                                       interpret_context{other});
    path[1].on_io(d, now);
    step = budget.next(d, now);
    std::printf("%6llu ms  path 1: %-28s -> %s until %llu ms\n", static_cast<unsigned long long>(now),
                to_string(d.reason), to_string(step.action), static_cast<unsigned long long>(step.not_before));
    expect(step.retry && step.action == action::hold_and_retry && transition.holding(now), "held during transition");

    // t = 1100 ms: STPG completed; the held request goes again and succeeds.
    now = step.not_before;
    transition.end();
    path[1].on_alua_state(aas::active_optimized, now);
    d = interpret<default_error_table>(error_condition::good());
    step = budget.next(d, now);
    std::printf("%6llu ms  path 1: %-28s -> %s (retries counted: %u)\n", static_cast<unsigned long long>(now),
                to_string(d.reason), to_string(step.action), budget.counted_retries());
    expect(!step.retry && step.action == action::complete && budget.counted_retries() == 0,
           "completed without spending RetryCount");

    // Path 0 is verified again one recovery interval after it failed.
    for (now = 1100; path[0].poll(now) == verification_command::none; now += 1000) {}
    path[0].on_verification(verification_result::from_rtpg(error_condition::good(), aas::standby), now);
    std::printf("%6llu ms  path 0: verified (RTPG), %s, ALUA %s\n", static_cast<unsigned long long>(now),
                mpio::topology::to_string(path[0].state()), to_string(path[0].alua_state()));
    expect(now == 30'100 && path[0].state() == mpio::topology::path_state::active, "path 0 back after 30 s");
    // Failback to the preferred group: immediate mode says yes.
    expect(should_fail_back(config.failback, now, now, /*after_own_failure=*/true), "immediate failback");
    return failures == 0 ? 0 : 1;
}
