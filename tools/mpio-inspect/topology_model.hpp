// SPDX-License-Identifier: MIT
// topology_model.hpp - from per-path dumps to multipath devices and their
// path groups: what `mpio-inspect topology` prints (docs/cli.md).
//
// This is the one place where the report meets the topology library: the
// printing (command_topology.cpp) only reads the structures below. Every
// path with readable files goes through mpio::topology::discover_path() (the
// discovery flow of include/mpio/topology/discovery.hpp: claim - a generic
// claimer that takes every device, as MSDSM would be asked last - identity
// by the --scheme, join or create, verify) into a hosted growable
// mpio::hosted::topology_store; the groups come from
// mpio::topology::group_device() (multipath-tools' grouping policies, the
// ALUA prioritiser 50/10/5/1/0 +80 for PREF, group priority = average of
// the usable paths' defined priorities, sort_pathgroups order). What the
// library does not do, the tool adds around it: reading the files,
// reporting malformed ones, the sysfs `state` (verification fails for a
// path that is not running) and `access_state` (ALUA state when there is no
// RTPG data), and the identifier text (the store keeps only the key).
#ifndef MPIO_INSPECT_TOPOLOGY_MODEL_HPP
#define MPIO_INSPECT_TOPOLOGY_MODEL_HPP

#include <cstdint>
#include <string>
#include <vector>

#include <mpio/ident/path_identity.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/topology/path_group.hpp>
#include <mpio/topology/path_state.hpp>

#include "topology_input.hpp"

namespace mpio_inspect {

using mpio::topology::grouping_policy; // to_string() gives the multipath.conf name

// "failover", "multibus", "serial", "prio", "node_name", "tpg" (also the
// multipath.conf spellings "group_by_serial" ...). false when unknown.
bool parse_grouping_policy(const std::string& name, grouping_policy& out);
std::vector<std::string> grouping_policy_names();

struct topology_options {
    std::string scheme = "mpio";
    grouping_policy grouping = grouping_policy::group_by_prio;
    bool exclusive_pref_bit = false; // multipath-tools' alua prioritiser argument
};

// How the device does ALUA (mpio/topology/alua_mode.hpp: an answered RTPG
// makes it ALUA whatever TPGS says, a failed one makes it non-ALUA).
struct alua_view {
    std::string mode = "none";            // none, implicit, explicit, both
    int tpgs = -1;                        // INQUIRY TPGS of the first path with an INQUIRY; -1: no INQUIRY
    std::string rtpg = "not_issued";      // not_issued, answered, failed
    std::string agreement = "consistent"; // consistent, unconfirmed, rtpg_without_tpgs, tpgs_without_rtpg
};

struct path_view {
    const path_dump* dump = nullptr;

    // Device identity (scheme of topology_options).
    bool grouped = false;        // joined a device (readable files and a found identity)
    std::string discovery;       // the discovery outcome (to_string(discovery_outcome)); empty: not fed to it
    std::string identity;        // the identifier text; empty when none
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
    bool has_tpg = false;    // target port group: VPD 83h, else the RTPG group listing the port
    std::uint16_t tpg = 0;
    std::string tpg_check; // to_string(tpg_cross_check) when from RTPG
    bool usable = false;   // may carry I/O: admin state and ALUA state allow it
    int priority = -1;     // -1: undefined

    std::vector<std::string> notes;   // information (not errors)
    std::vector<file_problem> errors; // unreadable or malformed files
};

struct group_view {
    int priority = 0; // -1: undefined (usable paths, none with a defined priority)
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
