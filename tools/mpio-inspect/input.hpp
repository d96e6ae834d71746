// SPDX-License-Identifier: MIT
// input.hpp - reading one FILE argument: sg3_utils-style hex text or binary
// (auto-detected), "-" for standard input.
#ifndef MPIO_INSPECT_INPUT_HPP
#define MPIO_INSPECT_INPUT_HPP

#include <string>
#include <vector>

#include <mpio/core/byte_view.hpp>
#include <mpio/hosted/hex_input.hpp>

#include "report.hpp"

namespace mpio_inspect {

struct input {
    std::string path;              // as given on the command line
    std::vector<mpio::byte> bytes; // the data, once decoded from hex text if need be
    bool hex_text = false;         // the file was hex text (else binary)
    bool ok = true;
    problem error; // when !ok: code "not_a_file", "cannot_read", "too_large", "bad_hex" or "empty"
};

// Reads FILE with mpio::hosted::load_file(): a FIFO or device is refused
// before it is opened, a file over 16 MiB is refused, hex text with a bad
// character is an error at its line and column (hex_input.hpp).
input load_input(const std::string& path);

// The same, from what mpio::hosted::load_file() read.
input from_loaded(mpio::hosted::loaded_file&& f);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_INPUT_HPP
