// SPDX-License-Identifier: MIT
// topology_input.hpp - the per-path dumps `mpio-inspect topology` reads: a
// directory with one sub-directory per path, or the live Linux sysfs tree
// (/sys/class/scsi_device/H:C:T:L/device/). docs/cli.md, `topology`.
//
// Each path holds the files Linux shows for a SCSI device - `inquiry`,
// `vpd_pg0` (also read as `vpd_pg00`, the name issue 5 used), `vpd_pg80`,
// `vpd_pg83`, `state` - plus `rtpg` (REPORT TARGET PORT GROUPS parameter
// data: not in sysfs, mpio's addition) and, from sysfs when a device
// handler is attached, `access_state` and `preferred_path` (scsi_dh_alua's
// view of the ALUA state). Response files are binary or sg3_utils hex text.
// Every file is optional; a path with none of them is an error.
//
// Nothing here aborts the whole report: an unreadable or malformed file is
// recorded against its path (one-line problem) and the reading goes on.
#ifndef MPIO_INSPECT_TOPOLOGY_INPUT_HPP
#define MPIO_INSPECT_TOPOLOGY_INPUT_HPP

#include <string>
#include <vector>

#include "input.hpp"
#include "report.hpp"

namespace mpio_inspect {

// One response file of a path.
struct dump_file {
    bool present = false; // the file exists (else nothing below is meaningful)
    std::string path;     // file name as opened
    input data;           // data.ok false: it could not be read / is empty / bad hex
    [[nodiscard]] bool usable() const { return present && data.ok; }
};

// A problem met while reading a path, for stderr and the JSON `errors`.
struct file_problem {
    std::string file; // the file (or directory) concerned
    problem error;    // code, one-line message, offset
};

struct path_dump {
    std::string name;      // the sub-directory name ("2-0-0-1", "2:0:0:1", "lun1-a" ...)
    std::string directory; // the directory holding the files
    bool has_hctl = false; // name is H:C:T:L (separators ':', '-', '_' or '.')
    unsigned hctl[4] = {0, 0, 0, 0};
    std::string label; // "2:0:0:1" when has_hctl, else name

    dump_file inquiry, vpd0, vpd80, vpd83, rtpg;
    std::string os_state;     // `state`, trimmed ("running", "offline" ...); empty when absent
    std::string access_state; // `access_state`, trimmed; empty when absent or unreadable
    int preferred_path = -1;  // `preferred_path`: 0 / 1, -1 when absent

    std::vector<file_problem> problems; // files that could not be used
};

struct dump_set {
    std::string source;       // the directory, or the sysfs class directory
    bool ok = true;           // false: the source itself could not be read (error says why)
    problem error;            // code "cannot_read" / "not_a_directory" / "no_sysfs"
    std::vector<path_dump> paths; // sorted by H:C:T:L (numerically), then name
};

// Reads DIR: every sub-directory is a path; other entries are ignored.
dump_set read_dump_directory(const std::string& dir);

// Reads ROOT/class/scsi_device/*/device/ (ROOT is "/sys" on a live system).
dump_set read_sysfs(const std::string& root);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_TOPOLOGY_INPUT_HPP
