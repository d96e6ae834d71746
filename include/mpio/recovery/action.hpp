// SPDX-License-Identifier: MIT
// mpio/recovery/action.hpp - what to do about one finished I/O, and why.
//
// The interpretation tables (mpio/recovery/error_table.hpp) turn an
// error_condition into a `decision`:
//   action          what the driver does with the request now;
//   reason          a stable code naming the row that decided (logs, tests,
//                   the simulator's trace);
//   consumes_budget whether the retry counts against RetryCount (MSDSM's
//                   DSM_RETRY_DONT_DECREMENT is consumes_budget = false);
//   delay           when the retry may go: at once (MSDSM sets
//                   RetryInterval = 0), or after RetryInterval;
//   effect          what the outcome says about the path, for the path
//                   lifecycle (mpio/recovery/path_lifecycle.hpp).
// The retry budget (mpio/recovery/retry_budget.hpp) then says whether the
// retry may still happen.
#ifndef MPIO_RECOVERY_ACTION_HPP
#define MPIO_RECOVERY_ACTION_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

namespace mpio::recovery {

enum class action : std::uint8_t {
    complete = 0,            // done: return the request's status to the caller as a success
    retry_same_path,         // resubmit on the path it failed on
    retry_other_path,        // resubmit on another path; this one is not failed (e.g. ALUA standby)
    fail_path_and_retry,     // the path is broken: fail it over, resubmit elsewhere
    refresh_alua_then_retry, // re-read REPORT TARGET PORT GROUPS, update path states, then resubmit
    hold_and_retry,          // ALUA transition in progress: hold the request, resubmit later
    fail_up,                 // give the error to the caller (not retried by the multipath layer)
};

[[nodiscard]] constexpr const char* to_string(action a) noexcept
{
    switch (a) {
    case action::complete: return "complete";
    case action::retry_same_path: return "retry same path";
    case action::retry_other_path: return "retry other path";
    case action::fail_path_and_retry: return "fail path and retry";
    case action::refresh_alua_then_retry: return "refresh ALUA then retry";
    case action::hold_and_retry: return "hold and retry";
    case action::fail_up: return "fail up";
    }
    return "unknown";
}

// Whether the action resubmits the request.
[[nodiscard]] constexpr bool is_retry(action a) noexcept { return a != action::complete && a != action::fail_up; }

// When a retry may be resubmitted.
enum class retry_delay : std::uint8_t {
    immediate = 0,  // at once (MSDSM: RetryInterval = 0 for 2A/04)
    retry_interval, // after MPIO's RetryInterval
};

// What an outcome says about the path it ran on.
enum class path_effect : std::uint8_t {
    none = 0,           // the path is as it was
    path_ok,            // the path carried the command end to end
    path_failed,        // the path is broken: fail it, verify it later
    lun_unreachable,    // the LU is not reachable through this path (25/00): fail it, verify later
    alua_standby,       // the path's target port group is standby (04/0B)
    alua_unavailable,   // ... unavailable (04/0C)
    alua_transitioning, // ... transitioning (04/0A)
    alua_changed,       // the ALUA states changed somewhere (2A/06, 2A/07, 29/00 after a reset)
};

[[nodiscard]] constexpr const char* to_string(path_effect e) noexcept
{
    switch (e) {
    case path_effect::none: return "none";
    case path_effect::path_ok: return "path ok";
    case path_effect::path_failed: return "path failed";
    case path_effect::lun_unreachable: return "LU unreachable";
    case path_effect::alua_standby: return "ALUA standby";
    case path_effect::alua_unavailable: return "ALUA unavailable";
    case path_effect::alua_transitioning: return "ALUA transitioning";
    case path_effect::alua_changed: return "ALUA changed";
    }
    return "unknown";
}

// Why: one code per table row (or row family), plus the retry budget's own.
// Appended only; values never change (they appear in logs and traces).
enum class reason : std::uint8_t {
    success = 0,
    recovered_error, // RECOVERED ERROR: the command succeeded after device-side recovery
    condition_met,   // CONDITION MET (PRE-FETCH): success
    // transport
    transport_timeout,
    transport_connection_lost,
    transport_selection_timeout,
    transport_no_such_device,
    transport_bus_reset,
    transport_aborted,
    // status without sense
    busy,
    task_set_full,
    reservation_conflict,
    aca_active,
    task_aborted,
    check_condition_without_sense,
    // UNIT ATTENTION
    power_on_or_reset,                     // 29/xx
    alua_state_changed,                    // 2A/06
    alua_implicit_transition_failed,       // 2A/07
    reservations_released,                 // 2A/04
    parameters_changed,                    // 2A/01, 2A/03, 2A/05, 2A/09 (failed up)
    parameters_changed_other,              // 2A/xx otherwise (retried)
    commands_cleared_by_another_initiator, // 2F/00
    inquiry_data_changed,                  // 3F/03
    luns_changed,                          // 3F/0A volume set modified, 3F/0E reported LUNs data changed
    thin_provisioning_threshold,           // 38/07
    unit_attention,                        // any other UNIT ATTENTION: retried
    // NOT READY
    alua_transitioning,           // 04/0A
    alua_standby,                 // 04/0B
    alua_unavailable,             // 04/0C
    becoming_ready,               // 04/01
    manual_intervention_required, // 04/03
    space_allocation_in_progress, // 04/14
    not_ready,                    // any other NOT READY
    // other sense keys
    no_sense_information, // NO SENSE 00/00 with CHECK CONDITION
    no_sense,             // NO SENSE otherwise (e.g. 00/xx informational)
    lun_not_supported,    // ILLEGAL REQUEST 25/00
    illegal_request,
    stpg_failed, // HARDWARE ERROR 67/0A
    medium_error,
    hardware_error,
    data_protect,
    aborted_command,
    deferred_error, // 71h / 73h sense data
    unclassified,   // no row matched
    // the retry budget's own verdicts (mpio/recovery/retry_budget.hpp)
    retry_budget_exhausted,
    uncounted_retries_exhausted,
    transition_timed_out,
    // the no-path timer's verdict (mpio/recovery/no_path_retry.hpp): no path
    // could carry the request for the no-path time (no_path_retry fail / N
    // checks, Windows MPIO's PDORemovePeriod). Appended: values never move.
    no_usable_path,
    // Appended (values never move): a transfer of the wrong length
    // (transport_outcome::data_overrun / data_underrun), and the two HARDWARE
    // ERROR conditions MSDSM retries (a dropped frame or a lost exchange).
    data_overrun,
    data_underrun,
    logical_unit_timeout,       // HARDWARE ERROR 3E/02 timeout on logical unit
    initiator_response_timeout, // HARDWARE ERROR 4B/06 initiator response timeout
};

[[nodiscard]] constexpr const char* to_string(reason r) noexcept
{
    switch (r) {
    case reason::success: return "success";
    case reason::recovered_error: return "recovered error";
    case reason::condition_met: return "condition met";
    case reason::transport_timeout: return "transport timeout";
    case reason::transport_connection_lost: return "transport connection lost";
    case reason::transport_selection_timeout: return "selection timeout";
    case reason::transport_no_such_device: return "no such device";
    case reason::transport_bus_reset: return "bus reset";
    case reason::transport_aborted: return "aborted by transport";
    case reason::busy: return "BUSY";
    case reason::task_set_full: return "TASK SET FULL";
    case reason::reservation_conflict: return "RESERVATION CONFLICT";
    case reason::aca_active: return "ACA ACTIVE";
    case reason::task_aborted: return "TASK ABORTED";
    case reason::check_condition_without_sense: return "CHECK CONDITION without sense data";
    case reason::power_on_or_reset: return "power on or reset (29/xx)";
    case reason::alua_state_changed: return "asymmetric access state changed (2A/06)";
    case reason::alua_implicit_transition_failed: return "implicit asymmetric access state transition failed (2A/07)";
    case reason::reservations_released: return "reservations released (2A/04)";
    case reason::parameters_changed: return "parameters changed (2A/01, 2A/03, 2A/05, 2A/09)";
    case reason::parameters_changed_other: return "parameters changed (other 2A/xx)";
    case reason::commands_cleared_by_another_initiator: return "commands cleared by another initiator (2F/00)";
    case reason::inquiry_data_changed: return "inquiry data changed (3F/03)";
    case reason::luns_changed: return "volume set modified / reported LUNs data changed (3F/0A, 3F/0E)";
    case reason::thin_provisioning_threshold: return "thin provisioning soft threshold reached (38/07)";
    case reason::unit_attention: return "unit attention";
    case reason::alua_transitioning: return "asymmetric access state transition (04/0A)";
    case reason::alua_standby: return "target port in standby state (04/0B)";
    case reason::alua_unavailable: return "target port in unavailable state (04/0C)";
    case reason::becoming_ready: return "becoming ready (04/01)";
    case reason::manual_intervention_required: return "manual intervention required (04/03)";
    case reason::space_allocation_in_progress: return "space allocation in progress (04/14)";
    case reason::not_ready: return "not ready";
    case reason::no_sense_information: return "CHECK CONDITION with no sense information (00/00)";
    case reason::no_sense: return "no sense";
    case reason::lun_not_supported: return "logical unit not supported (25/00)";
    case reason::illegal_request: return "illegal request";
    case reason::stpg_failed: return "SET TARGET PORT GROUPS failed (67/0A)";
    case reason::medium_error: return "medium error";
    case reason::hardware_error: return "hardware error";
    case reason::data_protect: return "data protect";
    case reason::aborted_command: return "aborted command";
    case reason::deferred_error: return "deferred error";
    case reason::unclassified: return "unclassified";
    case reason::retry_budget_exhausted: return "retry budget exhausted";
    case reason::uncounted_retries_exhausted: return "uncounted retries exhausted";
    case reason::transition_timed_out: return "ALUA transition timed out";
    case reason::no_usable_path: return "no usable path (no_path_retry / PDORemovePeriod)";
    case reason::data_overrun: return "data overrun";
    case reason::data_underrun: return "data underrun";
    case reason::logical_unit_timeout: return "timeout on logical unit (3E/02)";
    case reason::initiator_response_timeout: return "initiator response timeout (4B/06)";
    }
    return "unknown";
}

// The verdict of an interpretation table for one outcome.
struct decision {
    recovery::action action = action::complete;
    recovery::reason reason = reason::success;
    bool consumes_budget = true;
    retry_delay delay = retry_delay::retry_interval;
    path_effect effect = path_effect::none;

    friend constexpr bool operator==(const decision&, const decision&) noexcept = default;
};

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_ACTION_HPP
