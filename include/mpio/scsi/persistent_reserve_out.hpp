// SPDX-License-Identifier: MIT
// mpio/scsi/persistent_reserve_out.hpp - builders for the PERSISTENT RESERVE
// IN and PERSISTENT RESERVE OUT CDBs and for the PERSISTENT RESERVE OUT
// parameter lists (SPC-6 6.16, 6.17).
//
//   PERSISTENT RESERVE IN (5Eh), 10 bytes:
//     byte 1 bits 4..0 SERVICE ACTION, bytes 7-8 ALLOCATION LENGTH, byte 9 CONTROL
//   PERSISTENT RESERVE OUT (5Fh), 10 bytes:
//     byte 1 bits 4..0 SERVICE ACTION, byte 2 SCOPE (7..4) TYPE (3..0),
//     bytes 5-8 PARAMETER LIST LENGTH, byte 9 CONTROL
//
//   basic parameter list (every service action but REGISTER AND MOVE):
//     0-7 RESERVATION KEY, 8-15 SERVICE ACTION RESERVATION KEY, 16-19 obsolete,
//     20: SPEC_I_PT (3) ALL_TG_PT (2) APTPL (0), 21 reserved, 22-23 obsolete,
//     and with SPEC_I_PT: 24-27 TRANSPORTID PARAMETER DATA LENGTH, 28.. TransportIDs
//   REGISTER AND MOVE parameter list:
//     0-7 RESERVATION KEY, 8-15 SERVICE ACTION RESERVATION KEY, 16 reserved,
//     17: UNREG (1) APTPL (0), 18-19 RELATIVE TARGET PORT IDENTIFIER,
//     20-23 TRANSPORTID PARAMETER DATA LENGTH, 24.. one TransportID
//
// Conventions as in cdb.hpp: the caller's buffer, the number of bytes
// written returned, errc::invalid_argument (checked first) for what the
// device server must reject, errc::buffer_too_small, nothing written on error.
//
// Which bits go with which service action (SPC-6 6.17.3, table "PERSISTENT
// RESERVE OUT service actions and valid parameters"): SPEC_I_PT only with
// REGISTER (REGISTER AND IGNORE EXISTING KEY rejects it, the others ignore
// it); ALL_TG_PT with REGISTER and REGISTER AND IGNORE EXISTING KEY; APTPL
// with the two and (in its own list) REGISTER AND MOVE. A bit the device
// server would ignore is refused here (errc::invalid_argument), so a caller
// never believes it asked for something that is silently dropped. The TYPE
// must be one of the six defined types where the service action uses it
// (scsi::uses_type), and is sent as zero where it does not.
#ifndef MPIO_SCSI_PERSISTENT_RESERVE_OUT_HPP
#define MPIO_SCSI_PERSISTENT_RESERVE_OUT_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/persistent_reservation.hpp>
#include <mpio/scsi/transport_id.hpp>

namespace mpio::scsi {

namespace cdb_length {
inline constexpr std::size_t persistent_reserve_in = 10;
inline constexpr std::size_t persistent_reserve_out = 10;
} // namespace cdb_length

// PERSISTENT RESERVE IN. Reserved service actions are errc::invalid_argument.
constexpr result<std::size_t> build_persistent_reserve_in(mutable_byte_view out, pr_in_service_action action,
                                                          std::uint16_t allocation_length, byte control = 0) noexcept
{
    if (static_cast<std::uint8_t>(action) > static_cast<std::uint8_t>(pr_in_service_action::read_full_status))
        return failure(errc::invalid_argument);
    const result<mutable_byte_view> cdb =
        detail::begin_cdb(out, cdb_length::persistent_reserve_in, opcode::persistent_reserve_in);
    if (!cdb) return failure(cdb.error());
    (*cdb)[1] = static_cast<byte>(action);
    store_be16(*cdb, 7, allocation_length);
    (*cdb)[9] = control;
    return cdb->size();
}

// PERSISTENT RESERVE OUT. `parameter_list_length` is what the matching
// parameter list builder returned. SCOPE is always LU_SCOPE (the only one
// SPC-6 defines). errc::invalid_argument for a reserved service action, or a
// type that is not defined where the service action uses one.
constexpr result<std::size_t> build_persistent_reserve_out(mutable_byte_view out, pr_out_service_action action,
                                                           pr_type type, std::uint32_t parameter_list_length,
                                                           byte control = 0) noexcept
{
    if (static_cast<std::uint8_t>(action) > static_cast<std::uint8_t>(pr_out_service_action::replace_lost_reservation))
        return failure(errc::invalid_argument);
    if (uses_type(action) && !is_defined(type)) return failure(errc::invalid_argument);
    const result<mutable_byte_view> cdb =
        detail::begin_cdb(out, cdb_length::persistent_reserve_out, opcode::persistent_reserve_out);
    if (!cdb) return failure(cdb.error());
    (*cdb)[1] = static_cast<byte>(action);
    (*cdb)[2] =
        uses_type(action)
            ? static_cast<byte>(static_cast<std::uint8_t>(pr_scope::lu_scope) << 4 | static_cast<std::uint8_t>(type))
            : byte{0};
    store_be32(*cdb, 5, parameter_list_length);
    (*cdb)[9] = control;
    return cdb->size();
}

// What the basic parameter list carries.
struct pr_out_parameters {
    std::uint64_t reservation_key = 0;
    std::uint64_t service_action_reservation_key = 0;
    bool spec_i_pt = false;  // REGISTER only: register the TransportIDs below as well
    bool all_tg_pt = false;  // REGISTER, REGISTER AND IGNORE EXISTING KEY: every target port
    bool aptpl = false;      // REGISTER, REGISTER AND IGNORE EXISTING KEY: persist through power loss
    byte_view transport_ids; // with spec_i_pt: whole TransportIDs back to back
};

inline constexpr std::size_t pr_out_basic_parameter_list_length = 24;

// Size of the basic parameter list for `p` (24, or 28 + the TransportIDs
// with SPEC_I_PT).
[[nodiscard]] constexpr std::size_t pr_out_parameter_list_length(const pr_out_parameters& p) noexcept
{
    return p.spec_i_pt ? pr_out_basic_parameter_list_length + 4 + p.transport_ids.size()
                       : pr_out_basic_parameter_list_length;
}

// The basic parameter list of `action` (any but REGISTER AND MOVE, which has
// build_register_and_move_parameter_list). errc::invalid_argument for REGISTER
// AND MOVE or a reserved action, a bit the action does not take, SPEC_I_PT
// with TransportIDs that are empty, malformed or not whole, or TransportIDs
// given without SPEC_I_PT.
constexpr result<std::size_t> build_pr_out_parameter_list(mutable_byte_view out, pr_out_service_action action,
                                                          const pr_out_parameters& p) noexcept
{
    using sa = pr_out_service_action;
    if (action == sa::register_and_move ||
        static_cast<std::uint8_t>(action) > static_cast<std::uint8_t>(sa::replace_lost_reservation))
        return failure(errc::invalid_argument);
    const bool registers = action == sa::register_key || action == sa::register_and_ignore_existing_key;
    if ((p.all_tg_pt || p.aptpl) && !registers) return failure(errc::invalid_argument);
    if (p.spec_i_pt && action != sa::register_key) return failure(errc::invalid_argument);
    if (!p.spec_i_pt && !p.transport_ids.empty()) return failure(errc::invalid_argument);
    if (p.spec_i_pt) {
        if (p.transport_ids.empty() || p.transport_ids.size() > 0xFFFF'FFFFu - 28)
            return failure(errc::invalid_argument);
        if (!transport_id_list(p.transport_ids).status().ok()) return failure(errc::invalid_argument);
    }
    const std::size_t length = pr_out_parameter_list_length(p);
    if (out.size() < length) return failure(errc::buffer_too_small);
    const mutable_byte_view list = out.first(length);
    list.fill(0);
    store_be64(list, 0, p.reservation_key);
    store_be64(list, 8, p.service_action_reservation_key);
    list[20] = static_cast<byte>((p.spec_i_pt ? 0x08 : 0) | (p.all_tg_pt ? 0x04 : 0) | (p.aptpl ? 0x01 : 0));
    if (p.spec_i_pt) {
        store_be32(list, 24, static_cast<std::uint32_t>(p.transport_ids.size()));
        for (std::size_t i = 0; i < p.transport_ids.size(); ++i) list[28 + i] = p.transport_ids[i];
    }
    return length;
}

// What the REGISTER AND MOVE parameter list carries: the I_T nexus to move
// the reservation to is the TransportID (an initiator port) plus the
// relative target port identifier.
struct register_and_move_parameters {
    std::uint64_t reservation_key = 0;
    std::uint64_t service_action_reservation_key = 0; // the key to register for the destination
    bool unreg = false;                               // unregister the source I_T nexus
    bool aptpl = false;
    std::uint16_t relative_target_port_identifier = 0;
    byte_view transport_id; // exactly one TransportID
};

[[nodiscard]] constexpr std::size_t
register_and_move_parameter_list_length(const register_and_move_parameters& p) noexcept
{
    return 24 + p.transport_id.size();
}

// errc::invalid_argument when `transport_id` is not exactly one well-formed
// TransportID.
constexpr result<std::size_t> build_register_and_move_parameter_list(mutable_byte_view out,
                                                                     const register_and_move_parameters& p) noexcept
{
    const result<scsi::transport_id> id = parse_transport_id(p.transport_id);
    if (!id || id->size() != p.transport_id.size()) return failure(errc::invalid_argument);
    const std::size_t length = register_and_move_parameter_list_length(p);
    if (out.size() < length) return failure(errc::buffer_too_small);
    const mutable_byte_view list = out.first(length);
    list.fill(0);
    store_be64(list, 0, p.reservation_key);
    store_be64(list, 8, p.service_action_reservation_key);
    list[17] = static_cast<byte>((p.unreg ? 0x02 : 0) | (p.aptpl ? 0x01 : 0));
    store_be16(list, 18, p.relative_target_port_identifier);
    store_be32(list, 20, static_cast<std::uint32_t>(p.transport_id.size()));
    for (std::size_t i = 0; i < p.transport_id.size(); ++i) list[24 + i] = p.transport_id[i];
    return length;
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_PERSISTENT_RESERVE_OUT_HPP
