// SPDX-License-Identifier: MIT
// mpio/scsi/asymmetric_access_state.hpp - the ASYMMETRIC ACCESS STATE of a
// target port group.
//
// SPC-6, asymmetric logical unit access (ALUA): every target port group of a
// logical unit is in one target port asymmetric access state, a 4-bit code.
// The same code is reported by REPORT TARGET PORT GROUPS (the target port
// group descriptor's ASYMMETRIC ACCESS STATE field,
// mpio/scsi/report_target_port_groups.hpp) and requested by SET TARGET PORT
// GROUPS (mpio/scsi/cdb.hpp).
//
//   0h  active/optimized          all commands, best performance
//   1h  active/non-optimized      all commands, lower performance
//   2h  standby                   a restricted set of commands (no media access)
//   3h  unavailable               a smaller set still (REPORT TARGET PORT GROUPS, ...)
//   4h  logical block dependent   the state depends on the logical block addressed
//   5h..Dh reserved
//   Eh  offline                   the target port cannot be reached at all
//   Fh  transitioning             the group is between two of the states above
//
// A reserved code is a value of the enum like any other (static_cast from the
// field), so a parser never drops it: it is reported as is and to_string()
// calls it "reserved".
#ifndef MPIO_SCSI_ASYMMETRIC_ACCESS_STATE_HPP
#define MPIO_SCSI_ASYMMETRIC_ACCESS_STATE_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

namespace mpio::scsi {

enum class asymmetric_access_state : std::uint8_t {
    active_optimized = 0x0,
    active_non_optimized = 0x1,
    standby = 0x2,
    unavailable = 0x3,
    logical_block_dependent = 0x4,
    // 0x5..0xD reserved
    offline = 0xE,
    transitioning = 0xF,
};

[[nodiscard]] constexpr const char* to_string(asymmetric_access_state s) noexcept
{
    switch (s) {
    case asymmetric_access_state::active_optimized: return "active/optimized";
    case asymmetric_access_state::active_non_optimized: return "active/non-optimized";
    case asymmetric_access_state::standby: return "standby";
    case asymmetric_access_state::unavailable: return "unavailable";
    case asymmetric_access_state::logical_block_dependent: return "logical block dependent";
    case asymmetric_access_state::offline: return "offline";
    case asymmetric_access_state::transitioning: return "transitioning";
    }
    return "reserved";
}

// True for the codes SPC-6 reserves (5h..Dh), and for anything that does not
// fit the 4-bit field.
[[nodiscard]] constexpr bool is_reserved(asymmetric_access_state s) noexcept
{
    switch (s) {
    case asymmetric_access_state::active_optimized:
    case asymmetric_access_state::active_non_optimized:
    case asymmetric_access_state::standby:
    case asymmetric_access_state::unavailable:
    case asymmetric_access_state::logical_block_dependent:
    case asymmetric_access_state::offline:
    case asymmetric_access_state::transitioning: return false;
    }
    return true;
}

// Whether SET TARGET PORT GROUPS may request the state for a target port
// group. Only the four primary states can be set explicitly: the device
// server rejects logical block dependent and transitioning (ILLEGAL REQUEST,
// INVALID FIELD IN PARAMETER LIST), and reserved codes. Offline is a
// secondary state of a single target port; early SPC-4 drafts let STPG set
// it with a RELATIVE TARGET PORT IDENTIFIER in place of the group (sg_stpg
// --offline still does), which a {state, target port group} descriptor
// cannot express, so it is refused here too.
[[nodiscard]] constexpr bool settable_by_stpg(asymmetric_access_state s) noexcept
{
    switch (s) {
    case asymmetric_access_state::active_optimized:
    case asymmetric_access_state::active_non_optimized:
    case asymmetric_access_state::standby:
    case asymmetric_access_state::unavailable: return true;
    default: return false;
    }
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_ASYMMETRIC_ACCESS_STATE_HPP
