// SPDX-License-Identifier: MIT
// text_format.hpp - turning bytes into text for both renderers.
#ifndef MPIO_INSPECT_TEXT_FORMAT_HPP
#define MPIO_INSPECT_TEXT_FORMAT_HPP

#include <string>
#include <vector>

#include <mpio/core/byte_view.hpp>

namespace mpio_inspect {

// A text field made safe to print: bytes outside printable ASCII (0x20..0x7e),
// '"' and '\' become "\xNN", so the result is unambiguous, reversible and
// cannot inject lines into the output (see vpd_di_name_inject.hex).
std::string printable(mpio::byte_view bytes);
std::string printable(mpio::ascii_view text);

// Lowercase hex, two digits per byte, no separator: "5000c5003011cb2b".
std::string hex_string(mpio::byte_view bytes);

// Classic hex dump lines: "0000  00 83 00 48 ...  |...H|", 16 bytes a line.
// `base` is added to the offsets printed.
std::vector<std::string> hex_dump(mpio::byte_view bytes, std::size_t base = 0);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_TEXT_FORMAT_HPP
