// SPDX-License-Identifier: MIT
// command_decode.hpp - `mpio-inspect decode`: each FILE decoded as text or
// JSON (docs/cli.md). The per-file step is separate so that the fuzz target
// over the CLI's input layer (fuzz/fuzz_cli_input.cpp) runs exactly it.
#ifndef MPIO_INSPECT_COMMAND_DECODE_HPP
#define MPIO_INSPECT_COMMAND_DECODE_HPP

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kinds.hpp"
#include "report.hpp"

namespace mpio_inspect {

struct decode_options {
    std::string as; // empty: auto-detect
    bool json = false;
    bool verbose = false; // the detail lines of each error (why every kind was rejected ...)
    decode_context context;
    std::vector<std::string> files;
};

// One file's results: its text (text output), its JSON object, the error
// lines for stderr (each a whole line with its '\n'; with `verbose` the
// detail lines follow their error), and whether it gives exit status 1.
struct decoded_file {
    std::string text;
    nlohmann::ordered_json json;
    std::string errors;
    bool ok = true;
};

decoded_file decode_file(const std::string& path, const kind* forced, const decode_context& context, bool as_json,
                         bool verbose);

// The one-line error format every problem uses on stderr:
// "mpio-inspect: FILE: offset N: message\n" (the file name escaped), then
// with `verbose` each detail line indented by two spaces.
std::string error_lines(const std::string& file, const problem& p, bool verbose);

int run_decode(const decode_options& options);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_COMMAND_DECODE_HPP
