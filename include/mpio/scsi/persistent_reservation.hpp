// SPDX-License-Identifier: MIT
// mpio/scsi/persistent_reservation.hpp - the vocabulary of SCSI-3 persistent
// reservations shared by the PERSISTENT RESERVE IN parsers
// (persistent_reserve_in.hpp), the PERSISTENT RESERVE OUT builders
// (persistent_reserve_out.hpp) and the planner (mpio/reservation/).
//
// SPC-6 6.16 (PERSISTENT RESERVE IN), 6.17 (PERSISTENT RESERVE OUT) and 5.14
// (reservations): operation codes, service actions, the TYPE and SCOPE
// fields, and what each reservation type means for a multipath layer.
#ifndef MPIO_SCSI_PERSISTENT_RESERVATION_HPP
#define MPIO_SCSI_PERSISTENT_RESERVATION_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/core/byte_view.hpp>

namespace mpio::scsi {

namespace opcode {
inline constexpr byte persistent_reserve_in = 0x5E;
inline constexpr byte persistent_reserve_out = 0x5F;
} // namespace opcode

// SERVICE ACTION of PERSISTENT RESERVE IN (SPC-6 table "PERSISTENT RESERVE
// IN service action codes"). PR IN data is not self-describing: the caller
// knows which service action it sent and picks the parser by it.
enum class pr_in_service_action : std::uint8_t {
    read_keys = 0x00,
    read_reservation = 0x01,
    report_capabilities = 0x02,
    read_full_status = 0x03,
    // 04h..1Fh reserved
};

[[nodiscard]] constexpr const char* to_string(pr_in_service_action a) noexcept
{
    switch (a) {
    case pr_in_service_action::read_keys: return "READ KEYS";
    case pr_in_service_action::read_reservation: return "READ RESERVATION";
    case pr_in_service_action::report_capabilities: return "REPORT CAPABILITIES";
    case pr_in_service_action::read_full_status: return "READ FULL STATUS";
    }
    return "reserved";
}

// SERVICE ACTION of PERSISTENT RESERVE OUT (SPC-6 table "PERSISTENT RESERVE
// OUT service action codes").
enum class pr_out_service_action : std::uint8_t {
    register_key = 0x00, // REGISTER ("register" is a keyword)
    reserve = 0x01,
    release = 0x02,
    clear = 0x03,
    preempt = 0x04,
    preempt_and_abort = 0x05,
    register_and_ignore_existing_key = 0x06,
    register_and_move = 0x07,
    replace_lost_reservation = 0x08,
    // 09h..1Fh reserved
};

[[nodiscard]] constexpr const char* to_string(pr_out_service_action a) noexcept
{
    switch (a) {
    case pr_out_service_action::register_key: return "REGISTER";
    case pr_out_service_action::reserve: return "RESERVE";
    case pr_out_service_action::release: return "RELEASE";
    case pr_out_service_action::clear: return "CLEAR";
    case pr_out_service_action::preempt: return "PREEMPT";
    case pr_out_service_action::preempt_and_abort: return "PREEMPT AND ABORT";
    case pr_out_service_action::register_and_ignore_existing_key: return "REGISTER AND IGNORE EXISTING KEY";
    case pr_out_service_action::register_and_move: return "REGISTER AND MOVE";
    case pr_out_service_action::replace_lost_reservation: return "REPLACE LOST RESERVATION";
    }
    return "reserved";
}

// Whether the TYPE field of the CDB is meaningful for the service action
// (SPC-6 table "PERSISTENT RESERVE OUT service actions and valid
// parameters"): REGISTER, REGISTER AND IGNORE EXISTING KEY and CLEAR ignore
// it; PREEMPT uses it only when it removes a reservation.
[[nodiscard]] constexpr bool uses_type(pr_out_service_action a) noexcept
{
    switch (a) {
    case pr_out_service_action::register_key:
    case pr_out_service_action::register_and_ignore_existing_key:
    case pr_out_service_action::clear: return false;
    case pr_out_service_action::reserve:
    case pr_out_service_action::release:
    case pr_out_service_action::preempt:
    case pr_out_service_action::preempt_and_abort:
    case pr_out_service_action::register_and_move:
    case pr_out_service_action::replace_lost_reservation: return true;
    }
    return false;
}

// TYPE (SPC-6 table "Persistent reservation type codes"). 0h, 2h and 4h
// were SPC-2's read shared / read exclusive / shared access: obsolete.
enum class pr_type : std::uint8_t {
    obsolete_0 = 0x0,
    write_exclusive = 0x1, // WE
    obsolete_2 = 0x2,
    exclusive_access = 0x3, // EA
    obsolete_4 = 0x4,
    write_exclusive_registrants_only = 0x5,  // WE-RO
    exclusive_access_registrants_only = 0x6, // EA-RO
    write_exclusive_all_registrants = 0x7,   // WE-AR
    exclusive_access_all_registrants = 0x8,  // EA-AR
    // 9h..Fh reserved
};

[[nodiscard]] constexpr bool is_defined(pr_type t) noexcept
{
    switch (t) {
    case pr_type::write_exclusive:
    case pr_type::exclusive_access:
    case pr_type::write_exclusive_registrants_only:
    case pr_type::exclusive_access_registrants_only:
    case pr_type::write_exclusive_all_registrants:
    case pr_type::exclusive_access_all_registrants: return true;
    default: return false;
    }
}

[[nodiscard]] constexpr const char* to_string(pr_type t) noexcept
{
    switch (t) {
    case pr_type::obsolete_0: return "obsolete (read shared)";
    case pr_type::write_exclusive: return "Write Exclusive";
    case pr_type::obsolete_2: return "obsolete (read exclusive)";
    case pr_type::exclusive_access: return "Exclusive Access";
    case pr_type::obsolete_4: return "obsolete (shared access)";
    case pr_type::write_exclusive_registrants_only: return "Write Exclusive, registrants only";
    case pr_type::exclusive_access_registrants_only: return "Exclusive Access, registrants only";
    case pr_type::write_exclusive_all_registrants: return "Write Exclusive, all registrants";
    case pr_type::exclusive_access_all_registrants: return "Exclusive Access, all registrants";
    }
    return "reserved";
}

// The short names used in SPC's tables and in cluster software (WE, EA-RO...).
[[nodiscard]] constexpr const char* short_name(pr_type t) noexcept
{
    switch (t) {
    case pr_type::write_exclusive: return "WE";
    case pr_type::exclusive_access: return "EA";
    case pr_type::write_exclusive_registrants_only: return "WE-RO";
    case pr_type::exclusive_access_registrants_only: return "EA-RO";
    case pr_type::write_exclusive_all_registrants: return "WE-AR";
    case pr_type::exclusive_access_all_registrants: return "EA-AR";
    default: return is_defined(t) ? "" : (static_cast<std::uint8_t>(t) <= 4 ? "obsolete" : "reserved");
    }
}

// Registrants-only and all-registrants types grant access to every
// registered I_T nexus (SPC-6 5.14.10, table "Task set conflict..."): a
// multipath initiator whose key is registered on every path keeps access
// through every path, whichever path sent the RESERVE. The exclusive types
// (WE, EA) grant it to the holder's I_T nexus only.
[[nodiscard]] constexpr bool grants_all_registrants_access(pr_type t) noexcept
{
    switch (t) {
    case pr_type::write_exclusive_registrants_only:
    case pr_type::exclusive_access_registrants_only:
    case pr_type::write_exclusive_all_registrants:
    case pr_type::exclusive_access_all_registrants: return true;
    default: return false;
    }
}

// All-registrants types have no single holder: every registrant holds the
// reservation (SPC-6 5.14.10.2), which READ RESERVATION shows with a
// reservation key of zero.
[[nodiscard]] constexpr bool is_all_registrants(pr_type t) noexcept
{
    return t == pr_type::write_exclusive_all_registrants || t == pr_type::exclusive_access_all_registrants;
}

// SCOPE (SPC-6): only LU_SCOPE (0h) remains; 1h (extent) and 2h (element)
// are obsolete, the rest reserved.
enum class pr_scope : std::uint8_t {
    lu_scope = 0x0,
    obsolete_extent = 0x1,
    obsolete_element = 0x2,
};

[[nodiscard]] constexpr const char* to_string(pr_scope s) noexcept
{
    switch (s) {
    case pr_scope::lu_scope: return "LU_SCOPE";
    case pr_scope::obsolete_extent: return "obsolete (extent)";
    case pr_scope::obsolete_element: return "obsolete (element)";
    }
    return "reserved";
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_PERSISTENT_RESERVATION_HPP
