// SPDX-License-Identifier: MIT
// mpio/recovery/verification.hpp - verifying a path: which command to send,
// and what its answer says.
//
// A failed path comes back only after a verification command succeeds on
// it (MPIO's DsmPathVerify, multipath-tools' path checker). For a device
// without ALUA the command is TEST UNIT READY (multipath-tools' tur checker);
// for an ALUA device it is REPORT TARGET PORT GROUPS, which both proves the
// path and says which access state its target port group is in (MSDSM
// refreshes its TPG states that way). The path lifecycle says which one is
// due (mpio/recovery/path_lifecycle.hpp); build_verification_cdb() builds it
// with the CDB builders of mpio/scsi/cdb.hpp.
//
// interpret_test_unit_ready() is tur_check() of multipath-tools
// (libmultipath/checkers/tur.c):
//   RESERVATION CONFLICT             -> up ("SCSI-3 arrays might return
//                                       reservation conflict on TUR")
//   GOOD                             -> up
//   NOT READY 04/0B                  -> ghost (target port in standby)
//   NOT READY 04/0A                  -> pending (ALUA transition)
//   ILLEGAL REQUEST 25/00            -> disconnected (LU unmapped at the target)
//   UNIT ATTENTION                   -> retry (tur_check retries up to 5 times)
//   transport errors, anything else  -> down
// interpret_report_target_port_groups() maps a completed RTPG to the state
// of the path's target port group.
#ifndef MPIO_RECOVERY_VERIFICATION_HPP
#define MPIO_RECOVERY_VERIFICATION_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/result.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/sense_key.hpp>

namespace mpio::recovery {

enum class verification_command : std::uint8_t {
    none = 0,
    test_unit_ready,
    report_target_port_groups,
};

[[nodiscard]] constexpr const char* to_string(verification_command c) noexcept
{
    switch (c) {
    case verification_command::none: return "none";
    case verification_command::test_unit_ready: return "TEST UNIT READY";
    case verification_command::report_target_port_groups: return "REPORT TARGET PORT GROUPS";
    }
    return "unknown";
}

[[nodiscard]] constexpr verification_command verification_command_for(bool alua) noexcept
{
    return alua ? verification_command::report_target_port_groups : verification_command::test_unit_ready;
}

// The allocation length used for a verification RTPG: room for 32 groups of
// 4 ports with the extended header, more than most arrays return.
inline constexpr std::uint32_t verification_rtpg_allocation_length = 8 + 32 * (8 + 4 * 4);

// Build the CDB of `command` into `out`; its length, or the builder's error
// (errc::invalid_argument for verification_command::none).
[[nodiscard]] constexpr result<std::size_t>
build_verification_cdb(mutable_byte_view out, verification_command command,
                       std::uint32_t rtpg_allocation_length = verification_rtpg_allocation_length) noexcept
{
    switch (command) {
    case verification_command::test_unit_ready: return scsi::build_test_unit_ready(out);
    case verification_command::report_target_port_groups:
        return scsi::build_report_target_port_groups(out, scsi::rtpg_parameter_data_format::extended_header,
                                                     rtpg_allocation_length);
    case verification_command::none: break;
    }
    return failure(errc::invalid_argument);
}

// multipath-tools' checker states (libmultipath/checkers.h PATH_*), the ones
// a verification can produce.
enum class checker_state : std::uint8_t {
    up = 0,       // PATH_UP
    down,         // PATH_DOWN
    ghost,        // PATH_GHOST: reachable, target port group in standby
    pending,      // PATH_PENDING: ALUA transition, ask again shortly
    disconnected, // PATH_DISCONNECTED: the LU is not mapped through this path
    retry,        // not a final answer: resend the command (UNIT ATTENTION)
};

[[nodiscard]] constexpr const char* to_string(checker_state s) noexcept
{
    switch (s) {
    case checker_state::up: return "up";
    case checker_state::down: return "down";
    case checker_state::ghost: return "ghost";
    case checker_state::pending: return "pending";
    case checker_state::disconnected: return "disconnected";
    case checker_state::retry: return "retry";
    }
    return "unknown";
}

// tur.c's reading of a TEST UNIT READY (see the header comment).
[[nodiscard]] constexpr checker_state interpret_test_unit_ready(const error_condition& c) noexcept
{
    if (c.transport != transport_outcome::ok) return checker_state::down;
    if (c.status == scsi_status::reservation_conflict) return checker_state::up;
    if (c.status == scsi_status::good || c.status == scsi_status::condition_met) return checker_state::up;
    if (c.status == scsi_status::check_condition && c.has_sense && c.has_asc_ascq) {
        if (c.key == scsi::sense_key::unit_attention) return checker_state::retry;
        if (c.key == scsi::sense_key::not_ready && c.asc == 0x04 && c.ascq == 0x0B) return checker_state::ghost;
        if (c.key == scsi::sense_key::not_ready && c.asc == 0x04 && c.ascq == 0x0A) return checker_state::pending;
        if (c.key == scsi::sense_key::illegal_request && c.asc == 0x25 && c.ascq == 0x00)
            return checker_state::disconnected;
    } else if (c.status == scsi_status::check_condition && c.has_sense && c.key == scsi::sense_key::unit_attention) {
        return checker_state::retry;
    }
    return checker_state::down;
}

// The checker state of a path whose RTPG completed and reported `state` for
// the path's target port group. RTPG is one of the commands a device server
// accepts in every access state, so its success proves the path; the state
// says whether the path can carry I/O.
[[nodiscard]] constexpr checker_state checker_state_for(scsi::asymmetric_access_state state) noexcept
{
    switch (state) {
    case scsi::asymmetric_access_state::active_optimized:
    case scsi::asymmetric_access_state::active_non_optimized:
    case scsi::asymmetric_access_state::logical_block_dependent: return checker_state::up;
    case scsi::asymmetric_access_state::standby:
    case scsi::asymmetric_access_state::unavailable: return checker_state::ghost;
    case scsi::asymmetric_access_state::transitioning: return checker_state::pending;
    case scsi::asymmetric_access_state::offline: return checker_state::down;
    }
    return checker_state::down; // reserved codes
}

// A verification result as the path lifecycle takes it: the checker state,
// and the ALUA state when an RTPG reported one.
struct verification_result {
    checker_state state = checker_state::down;
    bool has_alua_state = false;
    scsi::asymmetric_access_state alua_state = scsi::asymmetric_access_state::active_optimized;

    [[nodiscard]] static constexpr verification_result from_tur(const error_condition& c) noexcept
    {
        return {interpret_test_unit_ready(c), false, scsi::asymmetric_access_state::active_optimized};
    }
    // An RTPG that failed is read like a TUR (same transport and sense rules);
    // one that completed gives the state of the path's group.
    [[nodiscard]] static constexpr verification_result from_rtpg(const error_condition& c,
                                                                 scsi::asymmetric_access_state group_state) noexcept
    {
        if (c.transport == transport_outcome::ok && c.status == scsi_status::good)
            return {checker_state_for(group_state), true, group_state};
        return from_tur(c);
    }
};

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_VERIFICATION_HPP
