// SPDX-License-Identifier: MIT
// command_topology.hpp - `mpio-inspect topology`: the multipath devices of a
// directory of per-path dumps or of the live Linux sysfs tree, printed the
// way `multipath -ll` and `mpclaim -s -d` show them, or as JSON
// (docs/cli.md, `topology`).
#ifndef MPIO_INSPECT_COMMAND_TOPOLOGY_HPP
#define MPIO_INSPECT_COMMAND_TOPOLOGY_HPP

#include <string>

#include "topology_model.hpp"

namespace mpio_inspect {

struct topology_command_options {
    std::string dir;    // DIR; empty with --sysfs
    bool sysfs = false; // read ROOT/class/scsi_device (ROOT/class/nvme-subsystem with --nvme)
    bool nvme = false;  // NVMe subsystems (topology_nvme.hpp) instead of SCSI paths
    std::string sysfs_root = "/sys";
    std::string group = "prio"; // --group
    bool json = false;
    bool verbose = false; // detail lines under each error
    topology_options model;
};

// Prints the report; returns the exit status.
int run_topology(topology_command_options& options);

// The text report (multipath -ll / mpclaim -s -d), every input-derived text
// escaped (text_format.hpp: escape_text); run_topology() prints it.
std::string topology_text(const dump_set& set, const topology_view& v, const topology_command_options& o);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_COMMAND_TOPOLOGY_HPP
