// SPDX-License-Identifier: MIT
// input.hpp - reading one FILE argument: sg3_utils-style hex text or binary
// (auto-detected), "-" for standard input.
#ifndef MPIO_INSPECT_INPUT_HPP
#define MPIO_INSPECT_INPUT_HPP

#include <string>
#include <vector>

#include <mpio/core/byte_view.hpp>

#include "report.hpp"

namespace mpio_inspect {

struct input {
    std::string path;              // as given on the command line
    std::vector<mpio::byte> bytes; // the data, once decoded from hex text if need be
    bool hex_text = false;         // the file was hex text (else binary)
    bool ok = true;
    problem error; // when !ok: code "cannot_read", "bad_hex" or "empty"
};

input load_input(const std::string& path);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_INPUT_HPP
