// SPDX-License-Identifier: MIT
// command_id.hpp - `mpio-inspect id`: the identifier of a logical unit, as
// each identity scheme of include/mpio/ident/schemes.hpp derives it from
// saved INQUIRY, VPD 80h and VPD 83h responses, or (--nvme) the identifier
// of an NVMe namespace as each scheme of include/mpio/ident/nvme_schemes.hpp
// derives it from saved Identify data (docs/cli.md).
#ifndef MPIO_INSPECT_COMMAND_ID_HPP
#define MPIO_INSPECT_COMMAND_ID_HPP

#include <cstdint>
#include <string>
#include <vector>

namespace mpio_inspect {

struct id_options {
    std::string scheme;  // a name of the scheme table; empty: mpio (mpio-nvme with --nvme)
    bool all = false;    // every scheme, one line each
    std::string inquiry; // files; empty: not given
    std::string vpd80;
    std::string vpd83;
    bool nvme = false;    // an NVMe namespace: the files below, and the NVMe scheme table
    std::string id_ctrl;  // Identify Controller (CNS 01h)
    std::string id_ns;    // Identify Namespace (CNS 00h)
    std::string ns_descs; // Namespace Identification Descriptor list (CNS 03h)
    std::uint32_t nsid = 0;
    bool verbose = false; // detail lines under each error
};

// The scheme names, in table order (for the --scheme check).
std::vector<std::string> scheme_names();
// The NVMe scheme names, in table order.
std::vector<std::string> nvme_scheme_names();

// Prints the identifier(s); returns the exit status.
int run_id(const id_options& options);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_COMMAND_ID_HPP
