// topology_model.hpp - from per-path dumps to multipath devices and their
// path groups: what `mpio-inspect topology` prints (docs/cli.md).
//
// This is the one place where the report meets the topology logic: the
// printing (command_topology.cpp) only reads the structures below. The
// steps are those of the discovery flow of docs/architecture.md - identity
// from the scheme table (mpio/ident/schemes.hpp), path identity and ALUA
// state (mpio/ident/path_identity.hpp), then grouping within a device -
// with the grouping rules of multipath-tools (libmultipath/pgpolicies.c,
// prioritizers/alua.c, structs.c path_group_prio_update/sort_pathgroups):
//
//   path priority (ALUA): active/optimized 50, active/non-optimized 10,
//     logical block dependent 5, standby 1, other 0; +80 when the group's
//     PREF bit is set and the state is not active/optimized (or always, with
//     exclusive_pref_bit). A device without ALUA: 1 for every path (the
//     "const" prioritiser). No ALUA state for a path of an ALUA device:
//     undefined (-1), grouped with the other undefined ones.
//   group priority: integer average of its usable paths' defined priorities
//     (0 when there is none); groups sorted by priority, then by number of
//     usable paths, stable; the first group with a usable path is "active",
//     the other groups with one "enabled", groups without one "failed".
//
// The hosted dynamic store of include/mpio/topology/ was not committed when
// this was written; when it is, build_topology() is the function to switch.
#ifndef MPIO_INSPECT_TOPOLOGY_MODEL_HPP
#define MPIO_INSPECT_TOPOLOGY_MODEL_HPP

#include <cstdint>
#include <string>
#include <vector>

#include <mpio/ident/path_identity.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/topology/path_state.hpp>

#include "topology_input.hpp"

namespace mpio_inspect {

enum class grouping_policy { failover, multibus, group_by_serial, group_by_prio, group_by_node_name, group_by_tpg };

const char* to_string(grouping_policy p);
// "failover", "multibus", "serial", "prio", "node_name", "tpg" (also the
// multipath.conf spellings "group_by_serial" ...). false when unknown.
bool parse_grouping_policy(const std::string& name, grouping_policy& out);
std::vector<std::string> grouping_policy_names();

struct topology_options {
    std::string scheme = "mpio";
    grouping_policy grouping = grouping_policy::group_by_prio;
    bool exclusive_pref_bit = false; // multipath-tools' alua prioritiser argument
};

// How the device does ALUA (decided like mpio/topology/alua_mode.hpp:
// an answered RTPG makes it ALUA whatever TPGS says, a failed one makes it
// non-ALUA).
struct alua_view {
    std::string mode = "none";          // none, implicit, explicit, both
    int tpgs = -1;                      // INQUIRY TPGS of the first path with an INQUIRY; -1: no INQUIRY
    std::string rtpg = "not_issued";    // not_issued, answered, failed
    std::string agreement = "consistent"; // consistent, unconfirmed, rtpg_without_tpgs, tpgs_without_rtpg
};

struct path_view {
    const path_dump* dump = nullptr;

    // Device identity (scheme of topology_options).
    bool grouped = false;      // joined a device (readable files and a found identity)
    std::string identity;      // the identifier text; empty when none
    std::string identity_status; // found, not_ready, none
    std::string identity_source; // designator, legacy page 83h, unit serial number, none
    std::string not_grouped_reason;

    // Path identity from VPD 83h.
    mpio::ident::path_identity id;
    std::string serial;    // page 80h, trimmed
    std::string node_name; // target device name, rendered

    // State.
    mpio::topology::path_state state = mpio::topology::path_state::active;
    bool has_alua = false;
    mpio::scsi::asymmetric_access_state alua_state = mpio::scsi::asymmetric_access_state::active_optimized;
    bool pref = false;
    std::string alua_source; // "rtpg" or "sysfs access_state"; empty without ALUA state
    std::string tpg_check;   // to_string(tpg_cross_check) when from RTPG
    bool usable = false;     // may carry I/O: admin state and ALUA state allow it
    int priority = -1;       // -1: undefined

    std::vector<std::string> notes;     // information (not errors)
    std::vector<file_problem> errors;   // unreadable or malformed files
};

struct group_view {
    int priority = 0;
    unsigned usable_paths = 0;
    std::string status; // active, enabled, failed
    std::vector<const path_view*> paths;
};

struct device_view {
    std::string name; // mpio0, mpio1 ... in order of first path
    std::string identity;
    std::string identity_source;
    std::string vendor, product, revision;
    alua_view alua;
    std::vector<const path_view*> paths;
    std::vector<group_view> groups;
    std::vector<std::string> notes;
};

struct topology_view {
    std::vector<path_view> paths; // every path read, in input order
    std::vector<device_view> devices;
    std::vector<const path_view*> not_grouped;
    unsigned error_count = 0;
};

// The devices of `set`. `scheme` must be a name of the scheme table.
topology_view build_topology(const dump_set& set, const topology_options& options);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_TOPOLOGY_MODEL_HPP
