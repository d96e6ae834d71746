// SPDX-License-Identifier: MIT
// mpio/hosted/hex_input.hpp - read SCSI response bytes from sg3_utils-style
// hex text or from binary files (hosted: uses std::string and std::vector).
//
// The hex text format is the one sg3_utils' --inhex option reads: bytes as one
// or two hex digits, separated by white space or commas; '#' starts a comment
// that runs to the end of the line. A file may hold several responses back to
// back (split VPD pages with mpio::scsi::vpd_page_list).
#ifndef MPIO_HOSTED_HEX_INPUT_HPP
#define MPIO_HOSTED_HEX_INPUT_HPP

#include <mpio/core/config.hpp>
#if !MPIO_HOSTED
#error "mpio/hosted/hex_input.hpp needs a hosted standard library"
#endif

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace mpio::hosted {

struct input_error {
    std::size_t offset = 0; // byte offset in the file where the problem is
    std::size_t line = 0;   // 1-based line of hex text (0 for binary input)
    std::string reason;     // one line, no trailing newline
};

struct input_bytes {
    std::vector<std::uint8_t> bytes;
    bool ok = true;
    input_error error; // meaningful when !ok
};

namespace detail {
inline int hex_value(char c) noexcept
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
inline bool is_separator(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == ',';
}
// "'TOKEN' what": a token quoted in an error message, cut to 16 characters so
// that a long line cannot flood the one-line message. Built with append: GCC
// 12 at -O2/-O3 warns falsely (-Wrestrict) on "literal" + std::string.
inline std::string token_error(std::string_view token, const char* what)
{
    std::string message = "'";
    message.append(token.substr(0, 16));
    if (token.size() > 16) message.append("...");
    message.append("' ").append(what);
    return message;
}
} // namespace detail

// Parses hex text. Every token must be one or two hex digits.
inline input_bytes parse_hex_text(std::string_view text)
{
    input_bytes out;
    std::size_t line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (detail::is_separator(c)) {
            ++i;
        } else {
            const std::size_t start = i;
            while (i < text.size() && !detail::is_separator(text[i]) && text[i] != '#') ++i;
            const std::string_view token = text.substr(start, i - start);
            int value = 0;
            for (char t : token) {
                const int digit = detail::hex_value(t);
                if (digit < 0) {
                    out.ok = false;
                    out.error = {start, line, detail::token_error(token, "is not a hex byte")};
                    return out;
                }
                value = (value * 16 + digit) & 0xff; // masked: a long token must not overflow before it is rejected
            }
            if (token.size() > 2) {
                out.ok = false;
                out.error = {start, line, detail::token_error(token, "is more than one byte (one or two hex digits per byte)")};
                return out;
            }
            out.bytes.push_back(static_cast<std::uint8_t>(value));
        }
    }
    return out;
}

// Hex text is printable ASCII and white space only, except in '#' comments,
// which may hold any byte but NUL (UTF-8 prose, for one); anything else is
// binary. Binary SCSI responses nearly always hold a NUL or a control byte
// before any '#'.
inline bool looks_like_hex_text(std::string_view content) noexcept
{
    if (content.empty()) return false;
    bool in_comment = false;
    for (char c : content) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') {
            in_comment = false;
        } else if (in_comment) {
            if (u == 0) return false;
        } else if (c == '#') {
            in_comment = true;
        } else if (!(u >= 0x20 && u < 0x7f) && c != '\r' && c != '\t' && c != '\v' && c != '\f') {
            return false;
        }
    }
    return true;
}

// Reads a whole file (or standard input for "-") into a string.
inline bool read_whole_file(const std::string& path, std::string& content, std::string& reason)
{
    errno = 0;
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        reason = std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    char buffer[65536];
    std::size_t n = 0;
    errno = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) content.append(buffer, n);
    const bool failed = std::ferror(f) != 0;
    const int read_errno = errno;
    if (f != stdin) std::fclose(f);
    if (failed) reason = std::string("read error: ") + std::strerror(read_errno);
    return !failed;
}

// Loads a file as bytes: hex text when it looks like text, binary otherwise.
inline input_bytes load_bytes(const std::string& path)
{
    input_bytes out;
    std::string content;
    std::string reason;
    if (!read_whole_file(path, content, reason)) {
        out.ok = false;
        out.error = {0, 0, reason};
        return out;
    }
    if (looks_like_hex_text(content)) return parse_hex_text(content);
    out.bytes.assign(content.begin(), content.end());
    return out;
}

} // namespace mpio::hosted

#endif // MPIO_HOSTED_HEX_INPUT_HPP
