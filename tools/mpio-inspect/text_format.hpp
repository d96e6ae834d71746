// SPDX-License-Identifier: MIT
// text_format.hpp - turning bytes into text for both renderers.
#ifndef MPIO_INSPECT_TEXT_FORMAT_HPP
#define MPIO_INSPECT_TEXT_FORMAT_HPP

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <mpio/core/byte_view.hpp>

namespace mpio_inspect {

// A text field made safe to print: bytes outside printable ASCII (0x20..0x7e),
// '"' and '\' become "\xNN", so the result is unambiguous, reversible and
// cannot inject lines into the output (see vpd_di_name_inject.hex).
std::string printable(mpio::byte_view bytes);
std::string printable(mpio::ascii_view text);

// Text that came from the input (file and directory names, sysfs
// attributes, hex tokens, decoded strings) for the text output: printable
// ASCII and well-formed UTF-8 stay as they are; control characters (C0 -
// newline and tab included - DEL and C1), the invisible and bidirectional
// formatting characters (U+200B-U+200F, U+2028-U+202E, U+2060-U+2069,
// U+FEFF) and bytes that are not UTF-8 become "\xNN", byte by byte. So a
// crafted name or `state` file can neither drive the terminal (ESC
// sequences) nor add or hide lines.
std::string escape_text(std::string_view text);

// A whole block of output made safe for a terminal: escape_text() that
// keeps '\n' and '\t'. The last line of defence: every byte mpio-inspect
// writes to stdout or stderr goes through it (print_out / print_err), so a
// field somebody forgot to escape still cannot reach the terminal raw.
std::string terminal_safe(std::string_view text);

// True when `text` holds nothing terminal_safe() would change.
bool is_terminal_safe(std::string_view text);

// Writes terminal_safe(text) to stdout / stderr.
void print_out(std::string_view text);
void print_err(std::string_view text);

// Lowercase hex, two digits per byte, no separator: "5000c5003011cb2b".
std::string hex_string(mpio::byte_view bytes);

// Classic hex dump lines: "0000  00 83 00 48 ...  |...H|", 16 bytes a line.
// `base` is added to the offsets printed.
std::vector<std::string> hex_dump(mpio::byte_view bytes, std::size_t base = 0);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_TEXT_FORMAT_HPP
