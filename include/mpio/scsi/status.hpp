// SPDX-License-Identifier: MIT
// mpio/scsi/status.hpp - the SCSI STATUS byte a device server returns.
//
// SAM-6 5.3 (status), table "Status codes". Every command ends with one
// STATUS byte (Linux keeps it in the low byte of the scsi result, Windows in
// SRB ScsiStatus). Only CHECK CONDITION carries sense data
// (mpio/scsi/sense_data.hpp); the recovery layer (mpio/recovery/) decides
// what each one means for multipath I/O.
//
// Older codes: INTERMEDIATE (10h), INTERMEDIATE-CONDITION MET (14h) and
// COMMAND TERMINATED (22h) are obsolete since SAM-2/SAM-3 (linked commands,
// TERMINATE TASK) but still have their names, since old targets may return
// them; a decoder must not mistake them for reserved values.
#ifndef MPIO_SCSI_STATUS_HPP
#define MPIO_SCSI_STATUS_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

namespace mpio::scsi {

// The full byte: every value is representable, the ones without a name are
// reserved. (Named scsi_status, not status: mpio::status is the library's
// error-or-success type.)
enum class scsi_status : std::uint8_t {
    good = 0x00,
    check_condition = 0x02,
    condition_met = 0x04,
    busy = 0x08,
    intermediate = 0x10,               // obsolete
    intermediate_condition_met = 0x14, // obsolete
    reservation_conflict = 0x18,
    command_terminated = 0x22, // obsolete
    task_set_full = 0x28,
    aca_active = 0x30,
    task_aborted = 0x40,
};

// The standard's name, in the standard's capitals; "reserved" otherwise.
[[nodiscard]] constexpr const char* to_string(scsi_status s) noexcept
{
    switch (s) {
    case scsi_status::good: return "GOOD";
    case scsi_status::check_condition: return "CHECK CONDITION";
    case scsi_status::condition_met: return "CONDITION MET";
    case scsi_status::busy: return "BUSY";
    case scsi_status::intermediate: return "INTERMEDIATE";
    case scsi_status::intermediate_condition_met: return "INTERMEDIATE-CONDITION MET";
    case scsi_status::reservation_conflict: return "RESERVATION CONFLICT";
    case scsi_status::command_terminated: return "COMMAND TERMINATED";
    case scsi_status::task_set_full: return "TASK SET FULL";
    case scsi_status::aca_active: return "ACA ACTIVE";
    case scsi_status::task_aborted: return "TASK ABORTED";
    }
    return "reserved";
}

// Whether the value has a name in SAM-6 (obsolete ones included).
[[nodiscard]] constexpr bool is_defined(scsi_status s) noexcept
{
    switch (s) {
    case scsi_status::good:
    case scsi_status::check_condition:
    case scsi_status::condition_met:
    case scsi_status::busy:
    case scsi_status::intermediate:
    case scsi_status::intermediate_condition_met:
    case scsi_status::reservation_conflict:
    case scsi_status::command_terminated:
    case scsi_status::task_set_full:
    case scsi_status::aca_active:
    case scsi_status::task_aborted: return true;
    }
    return false;
}

// The obsolete codes (SAM-6 lists them as such).
[[nodiscard]] constexpr bool is_obsolete(scsi_status s) noexcept
{
    return s == scsi_status::intermediate || s == scsi_status::intermediate_condition_met ||
           s == scsi_status::command_terminated;
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_STATUS_HPP
