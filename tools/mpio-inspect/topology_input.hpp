// SPDX-License-Identifier: MIT
// topology_input.hpp - the per-path dumps `mpio-inspect topology` reads: a
// directory with one sub-directory per path, or the live Linux sysfs tree
// (/sys/class/scsi_device/H:C:T:L/device/). docs/cli.md, `topology`.
//
// Each path directory is read by mpio::hosted::read_path_dir()
// (mpio/hosted/path_dir.hpp: which files, which are required); this file
// adds the walk over the sub-directories and the H:C:T:L names.
//
// Nothing here aborts the whole report: an unreadable or malformed file, or
// a sub-directory that cannot be read (a symbolic link loop), is recorded
// against its path (one-line problem) and the reading goes on.
#ifndef MPIO_INSPECT_TOPOLOGY_INPUT_HPP
#define MPIO_INSPECT_TOPOLOGY_INPUT_HPP

#include <string>
#include <vector>

#include <mpio/hosted/path_dir.hpp>

#include "report.hpp"

namespace mpio_inspect {

// One response file of a path.
using dump_file = mpio::hosted::path_file;

// A problem met while reading a path, for stderr and the JSON `errors`.
struct file_problem {
    std::string file; // the file (or directory) concerned
    problem error;    // code, one-line message, offset
};

// One path: the files read_path_dir() read, and its name.
struct path_dump : mpio::hosted::path_report {
    std::string name;      // the sub-directory name ("2-0-0-1", "2:0:0:1", "lun1-a" ...)
    bool has_hctl = false; // name is H:C:T:L (separators ':', '-', '_' or '.')
    unsigned hctl[4] = {0, 0, 0, 0};
    std::string label; // "2:0:0:1" when has_hctl, else name
};

struct dump_set {
    std::string source;           // the directory, or the sysfs class directory
    bool ok = true;               // false: the source itself could not be read (error says why)
    problem error;                // code "cannot_read" / "not_a_directory" / "no_sysfs"
    std::vector<path_dump> paths; // sorted by H:C:T:L (numerically), then name
};

// Reads DIR: every sub-directory is a path; other entries are ignored.
dump_set read_dump_directory(const std::string& dir);

// Reads ROOT/class/scsi_device/*/device/ (ROOT is "/sys" on a live system).
dump_set read_sysfs(const std::string& root);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_TOPOLOGY_INPUT_HPP
