// SPDX-License-Identifier: MIT
// input.cpp - see input.hpp.
#include "input.hpp"

#include <fmt/format.h>

#include <mpio/hosted/hex_input.hpp>

namespace mpio_inspect {

input from_loaded(mpio::hosted::loaded_file&& f)
{
    input in;
    in.path = std::move(f.path);
    in.hex_text = f.hex_text;
    in.ok = f.ok;
    in.bytes = std::move(f.bytes);
    if (!f.ok) {
        // The offset of a hex syntax error is a character offset in the
        // file; its line and column say where an editor shows it.
        in.error = {f.error.code,
                    f.error.line != 0 ? fmt::format("{} (line {}, column {} of the hex text)", f.error.reason,
                                                    f.error.line, f.error.column)
                                      : f.error.reason,
                    f.error.offset};
    }
    return in;
}

input load_input(const std::string& path) { return from_loaded(mpio::hosted::load_file(path)); }

} // namespace mpio_inspect
