// SPDX-License-Identifier: MIT
// mpio/reservation/pr_command.hpp - what the reservation planner asks the
// caller to send, and what the caller tells it back.
//
// The planner (planner.hpp) does no I/O: it hands out one pr_command at a
// time, naming the path slot to send it on; the caller builds the CDB and
// the parameter list into its own request (build_cdb / build_parameter_list,
// over mpio/scsi/persistent_reserve_out.hpp), sends it, and reports the
// outcome as a pr_outcome. PR IN data comes back as bytes, which the planner
// decodes with the mpio/scsi/persistent_reserve_in.hpp parsers.
#ifndef MPIO_RESERVATION_PR_COMMAND_HPP
#define MPIO_RESERVATION_PR_COMMAND_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/persistent_reservation.hpp>
#include <mpio/scsi/persistent_reserve_out.hpp>

namespace mpio::reservation {

// Why the planner sends a command (the service action alone does not say:
// REGISTER AND IGNORE EXISTING KEY both registers and unregisters).
enum class pr_purpose : std::uint8_t {
    report_capabilities, // PR IN REPORT CAPABILITIES: ATP_C, RLR_C, PTPL_C, type mask
    read_keys,           // PR IN READ KEYS: audit, is our key still registered?
    read_reservation,    // PR IN READ RESERVATION: audit, who holds what?
    register_path,       // REGISTER AND IGNORE EXISTING KEY, SARK = our key (idempotent)
    probe_registration,  // REGISTER, key -> same key: GOOD if this I_T nexus is registered, else CONFLICT
    unregister_path,     // REGISTER AND IGNORE EXISTING KEY, SARK = 0
    reserve,             // RESERVE
    release,             // RELEASE
    reestablish,         // PREEMPT of our own key: move the reservation to this I_T nexus
    replace_lost,        // REPLACE LOST RESERVATION
    preempt_other,       // PREEMPT / PREEMPT AND ABORT of another node's key
};

[[nodiscard]] constexpr const char* to_string(pr_purpose p) noexcept
{
    switch (p) {
    case pr_purpose::report_capabilities: return "report capabilities";
    case pr_purpose::read_keys: return "read keys";
    case pr_purpose::read_reservation: return "read reservation";
    case pr_purpose::register_path: return "register path";
    case pr_purpose::probe_registration: return "probe registration";
    case pr_purpose::unregister_path: return "unregister path";
    case pr_purpose::reserve: return "reserve";
    case pr_purpose::release: return "release";
    case pr_purpose::reestablish: return "re-establish reservation (preempt own key)";
    case pr_purpose::replace_lost: return "replace lost reservation";
    case pr_purpose::preempt_other: return "preempt another key";
    }
    return "unknown";
}

// One command to send on one path.
struct pr_command {
    std::uint8_t slot = 0;
    pr_purpose purpose = pr_purpose::read_keys;
    bool is_in = false; // PERSISTENT RESERVE IN (else OUT)
    scsi::pr_in_service_action in_action = scsi::pr_in_service_action::read_keys;
    scsi::pr_out_service_action out_action = scsi::pr_out_service_action::register_key;
    scsi::pr_type type = scsi::pr_type::write_exclusive; // sent where the service action uses it
    std::uint64_t reservation_key = 0;
    std::uint64_t service_action_reservation_key = 0;
    bool all_tg_pt = false;
    bool aptpl = false;
    std::uint16_t allocation_length = 0; // PR IN only

    // PR IN allocation length the planner asks for (READ KEYS for 32
    // registrants of 8 bytes fit; larger answers are truncated and the
    // planner only looks for its own key among what was returned).
    static constexpr std::uint16_t default_allocation_length = 1024;

    [[nodiscard]] constexpr scsi::pr_out_parameters parameters() const noexcept
    {
        scsi::pr_out_parameters p;
        p.reservation_key = reservation_key;
        p.service_action_reservation_key = service_action_reservation_key;
        p.all_tg_pt = all_tg_pt;
        p.aptpl = aptpl;
        return p;
    }
    // Size of the parameter list (0 for PR IN).
    [[nodiscard]] constexpr std::size_t parameter_list_length() const noexcept
    {
        return is_in ? 0 : scsi::pr_out_parameter_list_length(parameters());
    }
    // The CDB (10 bytes) into `out`.
    constexpr result<std::size_t> build_cdb(mutable_byte_view out, byte control = 0) const noexcept
    {
        if (is_in) return scsi::build_persistent_reserve_in(out, in_action, allocation_length, control);
        return scsi::build_persistent_reserve_out(out, out_action, type,
                                                  static_cast<std::uint32_t>(parameter_list_length()), control);
    }
    // The PR OUT parameter list (24 bytes) into `out`; 0 bytes for PR IN.
    constexpr result<std::size_t> build_parameter_list(mutable_byte_view out) const noexcept
    {
        if (is_in) return std::size_t{0};
        return scsi::build_pr_out_parameter_list(out, out_action, parameters());
    }
};

// How a command ended, as the caller saw it.
enum class pr_status : std::uint8_t {
    good,                 // GOOD (PR IN: the data is in pr_outcome::data)
    reservation_conflict, // status 18h
    illegal_request,      // CHECK CONDITION, ILLEGAL REQUEST: not supported / invalid field
    unit_attention,       // CHECK CONDITION, UNIT ATTENTION (asc/ascq): the command was not executed
    path_error,           // transport failure or timeout: the path could not carry it
    other_error,          // any other CHECK CONDITION or status
};

struct pr_outcome {
    pr_status status = pr_status::good;
    std::uint8_t asc = 0; // for unit_attention
    std::uint8_t ascq = 0;
    byte_view data; // PR IN data, as returned
};

} // namespace mpio::reservation

#endif // MPIO_RESERVATION_PR_COMMAND_HPP
