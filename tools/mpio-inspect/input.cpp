// SPDX-License-Identifier: MIT
// input.cpp - see input.hpp.
#include "input.hpp"

#include <fmt/format.h>

#include <mpio/hosted/hex_input.hpp>

namespace mpio_inspect {

input load_input(const std::string& path)
{
    input in;
    in.path = path;
    std::string content;
    std::string reason;
    if (!mpio::hosted::read_whole_file(path, content, reason)) {
        in.ok = false;
        in.error = {"cannot_read", reason, 0};
        return in;
    }
    in.hex_text = mpio::hosted::looks_like_hex_text(content);
    if (in.hex_text) {
        mpio::hosted::input_bytes parsed = mpio::hosted::parse_hex_text(content);
        if (!parsed.ok) {
            // The offset of a hex syntax error is a character offset in the file.
            in.ok = false;
            in.error = {"bad_hex", fmt::format("{} (line {} of the hex text)", parsed.error.reason, parsed.error.line),
                        parsed.error.offset};
            return in;
        }
        in.bytes = std::move(parsed.bytes);
    } else {
        in.bytes.assign(content.begin(), content.end());
    }
    if (in.bytes.empty()) {
        in.ok = false;
        in.error = {"empty", in.hex_text ? "no data bytes (the hex text holds only comments and white space)"
                                         : "no data bytes (empty file)",
                    0};
    }
    return in;
}

} // namespace mpio_inspect
