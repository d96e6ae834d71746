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

namespace {

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no
// overlong forms, no surrogates, at most U+10FFFF) and its code point; 0
// when the bytes there are not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& cp)
{
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = at(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf; // allowed range of the second byte
    if (b0 >= 0xc2 && b0 <= 0xdf)
        n = 2;
    else if (b0 == 0xe0)
        n = 3, lo = 0xa0;
    else if (b0 >= 0xe1 && b0 <= 0xec)
        n = 3;
    else if (b0 == 0xed)
        n = 3, hi = 0x9f;
    else if (b0 >= 0xee && b0 <= 0xef)
        n = 3;
    else if (b0 == 0xf0)
        n = 4, lo = 0x90;
    else if (b0 >= 0xf1 && b0 <= 0xf3)
        n = 4;
    else if (b0 == 0xf4)
        n = 4, hi = 0x8f;
    else
        return 0;
    if (i + n > text.size()) return 0;
    if (at(i + 1) < lo || at(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (at(i + k) < 0x80 || at(i + k) > 0xbf) return 0;
    cp = static_cast<char32_t>(b0 & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07));
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | static_cast<char32_t>(at(i + k) & 0x3f);
    return n;
}

bool invisible(char32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

void append_hex_escape(std::string& out, unsigned char b)
{
    static constexpr char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[b >> 4];
    out += digits[b & 0x0f];
}

std::string escape(std::string_view text, bool keep_lines)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b >= 0x20 && b < 0x7f) {
            out += static_cast<char>(b);
            ++i;
        } else if (keep_lines && (b == '\n' || b == '\t')) {
            out += static_cast<char>(b);
            ++i;
        } else if (b < 0x80) {
            append_hex_escape(out, b);
            ++i;
        } else {
            char32_t cp = 0;
            const std::size_t n = utf8_sequence(text, i, cp);
            if (n == 0) {
                append_hex_escape(out, b);
                ++i;
            } else if (invisible(cp)) {
                for (std::size_t k = 0; k < n; ++k) append_hex_escape(out, static_cast<unsigned char>(text[i + k]));
                i += n;
            } else {
                out.append(text.substr(i, n));
                i += n;
            }
        }
    }
    return out;
}

} // namespace

std::string escape_text(std::string_view text) { return escape(text, false); }

std::string terminal_safe(std::string_view text) { return escape(text, true); }

bool is_terminal_safe(std::string_view text) { return terminal_safe(text) == text; }

void print_out(std::string_view text)
{
    const std::string safe = terminal_safe(text);
    std::fwrite(safe.data(), 1, safe.size(), stdout);
}

void print_err(std::string_view text)
{
    const std::string safe = terminal_safe(text);
    std::fwrite(safe.data(), 1, safe.size(), stderr);
}

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
