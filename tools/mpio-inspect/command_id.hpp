// SPDX-License-Identifier: MIT
// command_id.hpp - `mpio-inspect id`: the identifier of a logical unit, as
// each identity scheme of include/mpio/ident/schemes.hpp derives it from
// saved INQUIRY, VPD 80h and VPD 83h responses (docs/cli.md).
#ifndef MPIO_INSPECT_COMMAND_ID_HPP
#define MPIO_INSPECT_COMMAND_ID_HPP

#include <string>
#include <vector>

namespace mpio_inspect {

struct id_options {
    std::string scheme = "mpio"; // a name of the scheme table
    bool all = false;            // every scheme, one line each
    std::string inquiry;         // files; empty: not given
    std::string vpd80;
    std::string vpd83;
    bool verbose = false; // detail lines under each error
};

// The scheme names, in table order (for the --scheme check).
std::vector<std::string> scheme_names();

// Prints the identifier(s); returns the exit status.
int run_id(const id_options& options);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_COMMAND_ID_HPP
