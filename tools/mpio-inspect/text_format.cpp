// SPDX-License-Identifier: MIT
// text_format.cpp - see text_format.hpp.
#include "text_format.hpp"

#include <fmt/format.h>

namespace mpio_inspect {

std::string printable(mpio::byte_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    for (const mpio::byte b : bytes) {
        if (b >= 0x20 && b <= 0x7e && b != '\\' && b != '"')
            out += static_cast<char>(b);
        else
            out += fmt::format("\\x{:02x}", b);
    }
    return out;
}

std::string printable(mpio::ascii_view text) { return printable(text.bytes()); }

std::string hex_string(mpio::byte_view bytes)
{
    std::string out;
    out.reserve(2 * bytes.size());
    for (const mpio::byte b : bytes) out += fmt::format("{:02x}", b);
    return out;
}

std::vector<std::string> hex_dump(mpio::byte_view bytes, std::size_t base)
{
    std::vector<std::string> lines;
    for (std::size_t line = 0; line < bytes.size(); line += 16) {
        std::string hex;
        std::string ascii;
        for (std::size_t i = line; i < line + 16; ++i) {
            if (i == line + 8) hex += ' ';
            if (i < bytes.size()) {
                hex += fmt::format("{:02x} ", bytes[i]);
                ascii += bytes[i] >= 0x20 && bytes[i] <= 0x7e ? static_cast<char>(bytes[i]) : '.';
            } else {
                hex += "   ";
            }
        }
        lines.push_back(fmt::format("{:04x}  {} |{}|", base + line, hex, ascii));
    }
    return lines;
}

} // namespace mpio_inspect
