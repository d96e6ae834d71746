// SPDX-License-Identifier: MIT
// mpio/scsi/cdb.hpp - builders for the command descriptor blocks (CDBs) a
// multipath stack sends, and for the SET TARGET PORT GROUPS parameter list.
//
// Commands (field layouts from the standards' CDB tables):
//   TEST UNIT READY             SPC-6, TEST UNIT READY command         6 bytes
//   INQUIRY                     SPC-6, INQUIRY command                 6 bytes
//   REPORT LUNS                 SPC-6, REPORT LUNS command            12 bytes
//   REPORT TARGET PORT GROUPS   SPC-6, REPORT TARGET PORT GROUPS      12 bytes
//                               (MAINTENANCE IN, service action 0Ah)
//   SET TARGET PORT GROUPS      SPC-6, SET TARGET PORT GROUPS         12 bytes
//                               (MAINTENANCE OUT, service action 0Ah)
//   READ CAPACITY (16)          SBC-4, READ CAPACITY (16) command     16 bytes
//                               (SERVICE ACTION IN (16), service action 10h)
//   READ CAPACITY (10)          SBC-4, READ CAPACITY (10) command     10 bytes
//   REPORT SUPPORTED            SPC-6, REPORT SUPPORTED OPERATION     12 bytes
//     OPERATION CODES           CODES (MAINTENANCE IN, service action 0Ch)
//
// Every builder writes into a caller buffer (kernel and firmware code hands
// mpio the CDB field of its own request block: SCSI_PASS_THROUGH.Cdb,
// sg_io_hdr.cmdp, ...) and returns the number of bytes written, which is the
// CDB length to put in that request. Only the CDB's own bytes are written;
// bytes of the buffer past them are left alone.
//
// Errors: errc::invalid_argument when an argument is one the standard says the
// device server must reject (checked first), errc::buffer_too_small when the
// buffer cannot hold the CDB. On any error nothing is written.
//
// Reserved and obsolete fields are always sent as zero. The CONTROL byte (the
// last byte of every CDB: NACA, vendor-specific bits) is passed through as
// given and defaults to zero.
#ifndef MPIO_SCSI_CDB_HPP
#define MPIO_SCSI_CDB_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>

namespace mpio::scsi {

// OPERATION CODE values (SPC-6 and SBC-4 operation code tables).
namespace opcode {
inline constexpr byte test_unit_ready = 0x00;
inline constexpr byte inquiry = 0x12;
inline constexpr byte read_capacity_10 = 0x25;
inline constexpr byte service_action_in_16 = 0x9E;
inline constexpr byte report_luns = 0xA0;
inline constexpr byte maintenance_in = 0xA3;
inline constexpr byte maintenance_out = 0xA4;
} // namespace opcode

// SERVICE ACTION values, each meaningful under the operation code noted.
namespace service_action {
inline constexpr byte read_capacity_16 = 0x10;                 // SERVICE ACTION IN (16)
inline constexpr byte report_target_port_groups = 0x0A;        // MAINTENANCE IN
inline constexpr byte report_supported_operation_codes = 0x0C; // MAINTENANCE IN
inline constexpr byte set_target_port_groups = 0x0A;           // MAINTENANCE OUT
} // namespace service_action

// CDB lengths in bytes; max is the largest of them (a buffer of that size
// holds any CDB built here).
namespace cdb_length {
inline constexpr std::size_t test_unit_ready = 6;
inline constexpr std::size_t inquiry = 6;
inline constexpr std::size_t report_luns = 12;
inline constexpr std::size_t report_target_port_groups = 12;
inline constexpr std::size_t set_target_port_groups = 12;
inline constexpr std::size_t read_capacity_16 = 16;
inline constexpr std::size_t read_capacity_10 = 10;
inline constexpr std::size_t report_supported_operation_codes = 12;
inline constexpr std::size_t max = 16;
} // namespace cdb_length

// ---------------------------------------------------------------- field values

// SELECT REPORT field of REPORT LUNS (SPC-6): which logical units to list.
enum class select_report : std::uint8_t {
    logical_units = 0x00,                 // accessible logical units, except well known ones
    well_known_logical_units = 0x01,      // well known logical units only
    all_logical_units = 0x02,             // every accessible logical unit
    administrative_logical_units = 0x10,  // administrative logical units only
    administrative_and_subsidiary = 0x11, // administrative LUs and their subsidiary LUs
    subsidiary_logical_units = 0x12,      // subsidiary LUs of the addressed administrative LU
    // 0x03..0x0F, 0x13..0xF7 reserved; 0xF8..0xFF vendor specific.
};

[[nodiscard]] constexpr bool is_vendor_specific(select_report s) noexcept
{
    return static_cast<std::uint8_t>(s) >= 0xF8;
}

[[nodiscard]] constexpr bool is_reserved(select_report s) noexcept
{
    switch (s) {
    case select_report::logical_units:
    case select_report::well_known_logical_units:
    case select_report::all_logical_units:
    case select_report::administrative_logical_units:
    case select_report::administrative_and_subsidiary:
    case select_report::subsidiary_logical_units: return false;
    }
    return !is_vendor_specific(s);
}

[[nodiscard]] constexpr const char* to_string(select_report s) noexcept
{
    switch (s) {
    case select_report::logical_units: return "logical units except well known ones";
    case select_report::well_known_logical_units: return "well known logical units";
    case select_report::all_logical_units: return "all logical units";
    case select_report::administrative_logical_units: return "administrative logical units";
    case select_report::administrative_and_subsidiary: return "administrative and subsidiary logical units";
    case select_report::subsidiary_logical_units: return "subsidiary logical units";
    }
    return is_vendor_specific(s) ? "vendor specific" : "reserved";
}

// PARAMETER DATA FORMAT field of REPORT TARGET PORT GROUPS (SPC-6): the
// layout of the header the device server returns.
enum class rtpg_parameter_data_format : std::uint8_t {
    length_only = 0,     // 000b: 4-byte header holding RETURN DATA LENGTH only
    extended_header = 1, // 001b: 8-byte header with FORMAT TYPE and IMPLICIT TRANSITION TIME
    // 010b..111b reserved
};

[[nodiscard]] constexpr const char* to_string(rtpg_parameter_data_format f) noexcept
{
    switch (f) {
    case rtpg_parameter_data_format::length_only: return "length only";
    case rtpg_parameter_data_format::extended_header: return "extended header";
    }
    return "reserved";
}

// REPORTING OPTIONS field of REPORT SUPPORTED OPERATION CODES (SPC-6): which
// commands to report, and so which parameter data format comes back.
enum class rsoc_reporting_options : std::uint8_t {
    // 000b: every supported command, in the all_commands format; REQUESTED
    // OPERATION CODE and REQUESTED SERVICE ACTION are ignored.
    all_commands = 0,
    // 001b: the command REQUESTED OPERATION CODE, one_command format; the
    // device server rejects an operation code that has service actions.
    one_command_opcode = 1,
    // 010b: the command REQUESTED OPERATION CODE + REQUESTED SERVICE
    // ACTION, one_command format; rejected for an operation code without
    // service actions.
    one_command_opcode_service_action = 2,
    // 011b: REQUESTED OPERATION CODE, plus REQUESTED SERVICE ACTION when
    // that operation code has service actions (SPC-4 and later), one_command
    // format.
    one_command_either = 3,
    // 100b..111b reserved
};

[[nodiscard]] constexpr bool is_reserved(rsoc_reporting_options o) noexcept
{
    return static_cast<std::uint8_t>(o) > static_cast<std::uint8_t>(rsoc_reporting_options::one_command_either);
}

[[nodiscard]] constexpr const char* to_string(rsoc_reporting_options o) noexcept
{
    switch (o) {
    case rsoc_reporting_options::all_commands: return "all commands";
    case rsoc_reporting_options::one_command_opcode: return "one command (operation code)";
    case rsoc_reporting_options::one_command_opcode_service_action:
        return "one command (operation code and service action)";
    case rsoc_reporting_options::one_command_either:
        return "one command (operation code, and service action if it has any)";
    }
    return "reserved";
}

// asymmetric_access_state (the state a SET TARGET PORT GROUPS descriptor
// requests) and settable_by_stpg() live in mpio/scsi/asymmetric_access_state.hpp.

// ------------------------------------------------------------------- builders

namespace detail {
// Claims the first `length` bytes of `out` for a CDB, zeroes them (reserved
// and obsolete fields are sent as zero) and sets the OPERATION CODE.
constexpr result<mutable_byte_view> begin_cdb(mutable_byte_view out, std::size_t length, byte operation_code) noexcept
{
    if (out.size() < length) return failure(errc::buffer_too_small);
    const mutable_byte_view cdb = out.first(length);
    cdb.fill(0);
    cdb[0] = operation_code;
    return cdb;
}
} // namespace detail

// TEST UNIT READY (SPC-6).
//   byte 0     OPERATION CODE (00h)
//   bytes 1-4  reserved
//   byte 5     CONTROL
constexpr result<std::size_t> build_test_unit_ready(mutable_byte_view out, byte control = 0) noexcept
{
    const result<mutable_byte_view> cdb = detail::begin_cdb(out, cdb_length::test_unit_ready, opcode::test_unit_ready);
    if (!cdb) return failure(cdb.error());
    (*cdb)[5] = control;
    return cdb->size();
}

// INQUIRY (SPC-6).
//   byte 0     OPERATION CODE (12h)
//   byte 1     bit 0 EVPD (bit 1, formerly CMDDT, obsolete)
//   byte 2     PAGE CODE
//   bytes 3-4  ALLOCATION LENGTH
//   byte 5     CONTROL
// evpd = false asks for the standard INQUIRY data; the device server rejects
// a non-zero PAGE CODE with it, so that is errc::invalid_argument here.
// evpd = true asks for the vital product data page `page_code`.
constexpr result<std::size_t> build_inquiry(mutable_byte_view out, bool evpd, byte page_code,
                                            std::uint16_t allocation_length, byte control = 0) noexcept
{
    if (!evpd && page_code != 0) return failure(errc::invalid_argument);
    const result<mutable_byte_view> cdb = detail::begin_cdb(out, cdb_length::inquiry, opcode::inquiry);
    if (!cdb) return failure(cdb.error());
    (*cdb)[1] = evpd ? 0x01 : 0x00;
    (*cdb)[2] = page_code;
    store_be16(*cdb, 3, allocation_length);
    (*cdb)[5] = control;
    return cdb->size();
}

// REPORT LUNS (SPC-6).
//   byte 0     OPERATION CODE (A0h)
//   byte 1     reserved
//   byte 2     SELECT REPORT
//   bytes 3-5  reserved
//   bytes 6-9  ALLOCATION LENGTH
//   byte 10    reserved
//   byte 11    CONTROL
// The allocation length must be at least 16 (the 8-byte header plus one LUN):
// SPC-6 says it "should" be, and notes that SPC-compliant device servers
// terminate the command with INVALID FIELD IN CDB when it is less, so such a
// value is errc::invalid_argument. Reserved SELECT REPORT codes are too
// (vendor-specific codes F8h..FFh are passed through).
constexpr result<std::size_t> build_report_luns(mutable_byte_view out, select_report select,
                                                std::uint32_t allocation_length, byte control = 0) noexcept
{
    if (allocation_length < 16) return failure(errc::invalid_argument);
    if (is_reserved(select)) return failure(errc::invalid_argument);
    const result<mutable_byte_view> cdb = detail::begin_cdb(out, cdb_length::report_luns, opcode::report_luns);
    if (!cdb) return failure(cdb.error());
    (*cdb)[2] = static_cast<byte>(select);
    store_be32(*cdb, 6, allocation_length);
    (*cdb)[11] = control;
    return cdb->size();
}

// READ CAPACITY (16) (SBC-4): SERVICE ACTION IN (16) with service action 10h.
//   byte 0       OPERATION CODE (9Eh)
//   byte 1       bits 4..0 SERVICE ACTION (10h)
//   bytes 2-9    obsolete (formerly LOGICAL BLOCK ADDRESS)
//   bytes 10-13  ALLOCATION LENGTH
//   byte 14      bit 0 obsolete (formerly PMI)
//   byte 15      CONTROL
// The full READ CAPACITY (16) parameter data is 32 bytes long.
constexpr result<std::size_t> build_read_capacity_16(mutable_byte_view out, std::uint32_t allocation_length,
                                                     byte control = 0) noexcept
{
    const result<mutable_byte_view> cdb =
        detail::begin_cdb(out, cdb_length::read_capacity_16, opcode::service_action_in_16);
    if (!cdb) return failure(cdb.error());
    (*cdb)[1] = service_action::read_capacity_16;
    store_be32(*cdb, 10, allocation_length);
    (*cdb)[15] = control;
    return cdb->size();
}

// READ CAPACITY (10) (SBC-4).
//   byte 0     OPERATION CODE (25h)
//   byte 1     reserved (bit 0 obsolete, formerly RELADR)
//   bytes 2-5  obsolete (formerly LOGICAL BLOCK ADDRESS)
//   bytes 6-7  reserved
//   byte 8     bit 0 obsolete (formerly PMI)
//   byte 9     CONTROL
// The CDB has no ALLOCATION LENGTH: the parameter data is always 8 bytes
// (parse_read_capacity_10 in mpio/scsi/read_capacity.hpp).
constexpr result<std::size_t> build_read_capacity_10(mutable_byte_view out, byte control = 0) noexcept
{
    const result<mutable_byte_view> cdb =
        detail::begin_cdb(out, cdb_length::read_capacity_10, opcode::read_capacity_10);
    if (!cdb) return failure(cdb.error());
    (*cdb)[9] = control;
    return cdb->size();
}

// REPORT SUPPORTED OPERATION CODES (SPC-6): MAINTENANCE IN with service
// action 0Ch.
//   byte 0     OPERATION CODE (A3h)
//   byte 1     bits 4..0 SERVICE ACTION (0Ch)
//   byte 2     bit 7 RCTD, bits 2..0 REPORTING OPTIONS
//   byte 3     REQUESTED OPERATION CODE
//   bytes 4-5  REQUESTED SERVICE ACTION
//   bytes 6-9  ALLOCATION LENGTH
//   byte 10    reserved
//   byte 11    CONTROL
// rctd (return command timeouts descriptor) asks for the command timeouts
// descriptor with each command. The requested operation code and service
// action are sent as given (the device server ignores them where the
// reporting options say so). Reserved reporting options are
// errc::invalid_argument. The parameter data is decoded by
// mpio/scsi/report_supported_operation_codes.hpp.
constexpr result<std::size_t>
build_report_supported_operation_codes(mutable_byte_view out, rsoc_reporting_options reporting_options,
                                       byte requested_operation_code, std::uint16_t requested_service_action,
                                       std::uint32_t allocation_length, bool rctd = false, byte control = 0) noexcept
{
    if (is_reserved(reporting_options)) return failure(errc::invalid_argument);
    const result<mutable_byte_view> cdb =
        detail::begin_cdb(out, cdb_length::report_supported_operation_codes, opcode::maintenance_in);
    if (!cdb) return failure(cdb.error());
    (*cdb)[1] = service_action::report_supported_operation_codes;
    (*cdb)[2] = static_cast<byte>((rctd ? 0x80u : 0x00u) | static_cast<std::uint8_t>(reporting_options));
    (*cdb)[3] = requested_operation_code;
    store_be16(*cdb, 4, requested_service_action);
    store_be32(*cdb, 6, allocation_length);
    (*cdb)[11] = control;
    return cdb->size();
}

// REPORT TARGET PORT GROUPS (SPC-6): MAINTENANCE IN with service action 0Ah.
//   byte 0     OPERATION CODE (A3h)
//   byte 1     bits 7..5 PARAMETER DATA FORMAT, bits 4..0 SERVICE ACTION (0Ah)
//   bytes 2-5  reserved
//   bytes 6-9  ALLOCATION LENGTH
//   byte 10    reserved
//   byte 11    CONTROL
// Reserved parameter data formats are errc::invalid_argument.
constexpr result<std::size_t> build_report_target_port_groups(mutable_byte_view out, rtpg_parameter_data_format format,
                                                              std::uint32_t allocation_length,
                                                              byte control = 0) noexcept
{
    const auto format_code = static_cast<std::uint8_t>(format);
    if (format_code > static_cast<std::uint8_t>(rtpg_parameter_data_format::extended_header))
        return failure(errc::invalid_argument);
    const result<mutable_byte_view> cdb =
        detail::begin_cdb(out, cdb_length::report_target_port_groups, opcode::maintenance_in);
    if (!cdb) return failure(cdb.error());
    (*cdb)[1] = static_cast<byte>((format_code << 5) | service_action::report_target_port_groups);
    store_be32(*cdb, 6, allocation_length);
    (*cdb)[11] = control;
    return cdb->size();
}

// SET TARGET PORT GROUPS (SPC-6): MAINTENANCE OUT with service action 0Ah.
//   byte 0     OPERATION CODE (A4h)
//   byte 1     bits 4..0 SERVICE ACTION (0Ah)
//   bytes 2-5  reserved
//   bytes 6-9  PARAMETER LIST LENGTH
//   byte 10    reserved
//   byte 11    CONTROL
// parameter_list_length is the size of the parameter list sent with the
// command (the value build_set_target_port_groups_parameter_list returned).
// Zero is allowed: the device server then changes nothing.
constexpr result<std::size_t> build_set_target_port_groups(mutable_byte_view out, std::uint32_t parameter_list_length,
                                                           byte control = 0) noexcept
{
    const result<mutable_byte_view> cdb =
        detail::begin_cdb(out, cdb_length::set_target_port_groups, opcode::maintenance_out);
    if (!cdb) return failure(cdb.error());
    (*cdb)[1] = service_action::set_target_port_groups;
    store_be32(*cdb, 6, parameter_list_length);
    (*cdb)[11] = control;
    return cdb->size();
}

// --------------------------------------- SET TARGET PORT GROUPS parameter list

// One set target port group descriptor: request `state` for the target port
// group `target_port_group`.
struct set_target_port_group_descriptor {
    asymmetric_access_state state = asymmetric_access_state::active_optimized;
    std::uint16_t target_port_group = 0;
};

// Size in bytes of the parameter list: a 4-byte header plus 4 bytes per
// descriptor. Zero when `count` descriptors would not fit the 32-bit
// PARAMETER LIST LENGTH field.
[[nodiscard]] constexpr std::size_t set_target_port_groups_parameter_list_length(std::size_t count) noexcept
{
    constexpr std::size_t header = 4, descriptor = 4, limit = 0xFFFF'FFFFu;
    return count > (limit - header) / descriptor ? 0 : header + descriptor * count;
}

// The SET TARGET PORT GROUPS parameter list (SPC-6):
//   bytes 0-3  reserved
//   then per descriptor, 4 bytes:
//     byte 0     bits 3..0 ASYMMETRIC ACCESS STATE
//     byte 1     reserved
//     bytes 2-3  TARGET PORT GROUP
// errc::invalid_argument when a state is not settable_by_stpg(), when
// `descriptors` is null with a non-zero count, or when the list would not fit
// the 32-bit PARAMETER LIST LENGTH.
constexpr result<std::size_t>
build_set_target_port_groups_parameter_list(mutable_byte_view out, const set_target_port_group_descriptor* descriptors,
                                            std::size_t count) noexcept
{
    const std::size_t length = set_target_port_groups_parameter_list_length(count);
    if (length == 0 || (descriptors == nullptr && count != 0)) return failure(errc::invalid_argument);
    for (std::size_t i = 0; i < count; ++i)
        if (!settable_by_stpg(descriptors[i].state)) return failure(errc::invalid_argument);
    if (out.size() < length) return failure(errc::buffer_too_small);

    const mutable_byte_view list = out.first(length);
    list.fill(0);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t at = 4 + 4 * i;
        list[at] = static_cast<byte>(descriptors[i].state);
        store_be16(list, at + 2, descriptors[i].target_port_group);
    }
    return length;
}

template <std::size_t N>
constexpr result<std::size_t>
build_set_target_port_groups_parameter_list(mutable_byte_view out,
                                            const set_target_port_group_descriptor (&descriptors)[N]) noexcept
{
    return build_set_target_port_groups_parameter_list(out, descriptors, N);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_CDB_HPP
