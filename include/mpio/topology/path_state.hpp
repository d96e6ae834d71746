// SPDX-License-Identifier: MIT
// mpio/topology/path_state.hpp - the administrative state of one path.
//
// One vocabulary for the whole stack: the topology stores it, the recovery
// layer's path lifecycle (mpio/recovery/) moves a path between these states,
// and policies are told about the moves (a path that is not `active` or
// `standby` never receives I/O).
//
// The states are the union of what the stacks show an administrator:
//   Windows MPIO (mpclaim / MPIO_PATH_INFORMATION): Active/Optimized,
//     Active/Unoptimized, Standby, Unavailable, Failed, Pending removal;
//   multipath-tools (multipath -ll): active / failed, ready / faulty /
//     ghost, plus a path being checked;
//   VMware NMP: active, standby, dead, off.
// The ALUA access state (mpio::scsi::asymmetric_access_state) is kept next to
// it, separately: a path can be administratively active while its target port
// group is standby.
//
// In the topology store (topology_store.hpp, discovery.hpp): a path enters as
// pending_verification, discovery's verify step makes it active or failed;
// remove_path() makes it pending_removal until the remove period ends
// (MPIO's PDORemovePeriod), expire() then deletes it (removed: a free slot);
// a path detached by an identity change is pending_verification again until
// it is re-read.
#ifndef MPIO_TOPOLOGY_PATH_STATE_HPP
#define MPIO_TOPOLOGY_PATH_STATE_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

namespace mpio::topology {

enum class path_state : std::uint8_t {
    active = 0,           // usable for I/O
    standby,              // healthy, held in reserve (policy or administrator choice)
    failed,               // an I/O or verification failed; no I/O until verified
    pending_verification, // failed earlier, a verification command is in flight
    pending_removal,      // the OS removed the path; kept for PDORemovePeriod so it can return
    removed,              // gone for good; its slot may be reused
};

[[nodiscard]] constexpr const char* to_string(path_state s) noexcept
{
    switch (s) {
    case path_state::active: return "active";
    case path_state::standby: return "standby";
    case path_state::failed: return "failed";
    case path_state::pending_verification: return "pending verification";
    case path_state::pending_removal: return "pending removal";
    case path_state::removed: return "removed";
    }
    return "unknown";
}

// Whether a path in this state may carry I/O at all (ALUA state aside).
[[nodiscard]] constexpr bool carries_io(path_state s) noexcept
{
    return s == path_state::active || s == path_state::standby;
}

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_PATH_STATE_HPP
