// SPDX-License-Identifier: MIT
// topology_nvme.hpp - `mpio-inspect topology --nvme`: NVMe subsystems, their
// controllers and namespaces, from a directory of per-path dumps or from the
// live Linux tree /sys/class/nvme-subsystem, printed the way `nvme
// list-subsys` shows them (docs/cli.md, `topology --nvme`).
//
// Dumps: DIR has one sub-directory per path (a namespace through one
// controller) with `id-ctrl` (Identify Controller), `id-ns` (Identify
// Namespace), `nsid` (text), optionally `ana-log` (the controller's ANA log
// page) and the text attributes `name`, `transport`, `address`, `state`.
// They go through mpio::topology::nvme_subsystem: SUBNQN, CNTLID, ANAGRPID
// cross-checked with the ANA log, CHGCNT.
//
// sysfs: ROOT/class/nvme-subsystem/nvme-subsysN/ (subsysnqn, model, serial,
// firmware_rev, iopolicy), its controllers nvmeX/ (cntlid, transport,
// address, state), their per-path namespaces nvmeXcYnZ/ (nsid, ana_grpid,
// ana_state) and the subsystem's head namespaces nvmeXnY/ (nsid, wwid): the
// attribute names of drivers/nvme/host/core.c and multipath.c.
#ifndef MPIO_INSPECT_TOPOLOGY_NVME_HPP
#define MPIO_INSPECT_TOPOLOGY_NVME_HPP

#include <cstdint>
#include <string>
#include <vector>

#include "topology_input.hpp"

namespace mpio_inspect {

struct nvme_controller_row {
    std::string name; // nvme0
    std::string transport, address, state;
    int cntlid = -1; // -1: unknown
};

struct nvme_path_row {
    std::string name;       // nvme0c0n1, or the dump sub-directory
    std::string controller; // the controller's name
    int cntlid = -1;
    std::int64_t anagrpid = -1;  // Identify Namespace's ANAGRPID (dumps) or sysfs ana_grpid; -1 unknown
    std::int64_t ana_group = -1; // the group the ANA log put it in (dumps)
    std::string ana_state;       // the kernel's sysfs name ("optimized", ...), empty: unknown
    std::string check;           // dumps: mpio's ANA cross-check (nvme_ana_check); sysfs: empty
    bool usable = false;
};

struct nvme_namespace_row {
    std::uint32_t nsid = 0;
    std::string name; // the head namespace (sysfs nvmeXnY), or empty
    std::string wwid; // sysfs wwid, or empty
    std::vector<nvme_path_row> paths;
};

struct nvme_subsystem_row {
    std::string name; // nvme-subsys0 (dumps: numbered in order of appearance)
    std::string nqn, model, serial, firmware, iopolicy;
    std::vector<nvme_controller_row> controllers;
    std::vector<nvme_namespace_row> namespaces;
};

struct nvme_topology {
    std::string source;
    bool ok = true; // false: the source itself could not be read
    problem error;
    std::vector<nvme_subsystem_row> subsystems;
    std::vector<file_problem> errors; // per file or per path; the report goes on
};

nvme_topology read_nvme_dump_directory(const std::string& dir);
nvme_topology read_nvme_sysfs(const std::string& root);

std::string nvme_topology_text(const nvme_topology& t);
std::string nvme_topology_json(const nvme_topology& t, bool sysfs);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_TOPOLOGY_NVME_HPP
