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
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace mpio::hosted {

struct input_error {
    std::size_t offset = 0; // byte offset in the file where the problem is
    std::size_t line = 0;   // 1-based line of hex text (0 for binary input)
    std::string reason;     // one line, no trailing newline, printable ASCII only
    std::size_t column = 0; // 1-based column (in characters) of hex text; 0 for binary input
    // A stable name for the problem: "cannot_read", "not_a_file", "too_large",
    // "bad_hex" or "empty" (load_file); empty where the caller names it.
    std::string code;
};

struct input_bytes {
    std::vector<std::uint8_t> bytes;
    bool ok = true;
    input_error error; // meaningful when !ok
};

// What load_file() read.
struct loaded_file {
    std::string path;                // as given
    std::vector<std::uint8_t> bytes; // the data, decoded from hex text if need be
    bool hex_text = false;           // the file was hex text (else binary)
    bool ok = true;
    input_error error; // when !ok; error.code names the problem
};

// No SCSI response mpio decodes comes near this (REPORT LUNS for 65,536
// LUNs is 512 KiB; its hex text about 1.6 MiB): a larger file is not a
// response, and refusing it early bounds the time and the output.
inline constexpr std::size_t default_max_file_size = std::size_t{16} << 20;

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
// A token's bytes for a one-line message: printable ASCII as is, every other
// byte (controls, UTF-8 such as a zero-width space) as \xNN, so that a
// message can neither reach the terminal raw nor hide the culprit.
inline void append_escaped(std::string& out, std::string_view token)
{
    static constexpr char digits[] = "0123456789abcdef";
    for (const char c : token) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '\\') {
            out.push_back(c);
        } else {
            out.append("\\x");
            out.push_back(digits[u >> 4]);
            out.push_back(digits[u & 0x0f]);
        }
    }
}
// "'TOKEN' what": a token quoted in an error message, cut to 16 bytes so
// that a long line cannot flood the one-line message. Built with append: GCC
// 12 at -O2/-O3 warns falsely (-Wrestrict) on "literal" + std::string.
inline std::string token_error(std::string_view token, const char* what)
{
    std::string message = "'";
    append_escaped(message, token.substr(0, 16));
    if (token.size() > 16) message.append("...");
    message.append("' ").append(what);
    return message;
}
// UTF-8 continuation bytes do not start a character: columns count characters.
inline bool starts_character(char c) noexcept { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }
} // namespace detail

// Parses hex text. Every token must be one or two hex digits; the first one
// that is not is reported with its byte offset, line and column.
inline input_bytes parse_hex_text(std::string_view text)
{
    input_bytes out;
    std::size_t line = 1;
    std::size_t line_start = 0;
    std::size_t i = 0;
    const auto fail = [&](std::size_t start, std::string reason) {
        std::size_t column = 1;
        for (std::size_t k = line_start; k < start; ++k)
            if (detail::starts_character(text[k])) ++column;
        out.ok = false;
        out.bytes.clear();
        out.error = {start, line, std::move(reason), column, "bad_hex"};
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            line_start = i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (detail::is_separator(c)) {
            ++i;
        } else {
            const std::size_t start = i;
            while (i < text.size() && !detail::is_separator(text[i]) && text[i] != '#') ++i;
            const std::string_view token = text.substr(start, i - start);
            int value = 0;
            for (std::size_t k = 0; k < token.size(); ++k) {
                const int digit = detail::hex_value(token[k]);
                if (digit < 0) {
                    // Point at the offending character itself, not the token's start.
                    fail(start + k, detail::token_error(token, "is not a hex byte"));
                    return out;
                }
                value = (value * 16 + digit) & 0xff; // masked: a long token must not overflow before it is rejected
            }
            if (token.size() > 2) {
                fail(start, detail::token_error(token, "is more than one byte (one or two hex digits per byte)"));
                return out;
            }
            out.bytes.push_back(static_cast<std::uint8_t>(value));
        }
    }
    return out;
}

// Whether `content` is meant as hex text (then every bad character in it is
// an error), or is binary data. Two tests, either suffices:
//  - printable ASCII and white space only, outside '#' comments (comments
//    may hold any byte but NUL: UTF-8 prose, for one). Binary SCSI
//    responses nearly always hold a NUL or a control byte before any '#'.
//  - almost all hex bytes: of the white-space separated words outside
//    comments, at least 4 are one or two hex digits and at most one in six
//    is anything else. A stray zero-width space or control character in a
//    hex dump must be reported where it is, not turn the file into
//    "binary" data. A binary response hardly ever has such words: its
//    text fields (a serial number of hex digits, say) are long runs
//    without separators, and its header holds NUL bytes.
inline bool looks_like_hex_text(std::string_view content) noexcept
{
    if (content.empty()) return false;
    bool in_comment = false;
    bool printable = true;
    std::size_t hex_words = 0, other_words = 0;
    std::size_t word_length = 0;
    bool word_hex = true;
    const auto end_word = [&] {
        if (word_length == 0) return;
        if (word_hex && word_length <= 2)
            ++hex_words;
        else
            ++other_words;
        word_length = 0;
        word_hex = true;
    };
    for (const char c : content) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') {
            end_word();
            in_comment = false;
        } else if (in_comment) {
            if (u == 0) printable = false;
        } else if (c == '#') {
            end_word();
            in_comment = true;
        } else if (detail::is_separator(c)) {
            end_word();
        } else {
            if (!(u >= 0x20 && u < 0x7f)) printable = false;
            ++word_length;
            if (detail::hex_value(c) < 0) word_hex = false;
        }
    }
    end_word();
    if (printable) return true;
    return hex_words >= 4 && other_words * 6 <= hex_words + other_words;
}

// Reads a whole file (or standard input for "-") into a string; at most
// `max_size` bytes (more: false, reason says so).
inline bool read_whole_file(const std::string& path, std::string& content, std::string& reason,
                            std::size_t max_size = default_max_file_size)
{
    errno = 0;
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        reason = std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    char buffer[65536];
    std::size_t n = 0;
    bool too_large = false;
    errno = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
        if (content.size() + n > max_size) {
            too_large = true;
            break;
        }
        content.append(buffer, n);
    }
    const bool failed = std::ferror(f) != 0;
    const int read_errno = errno;
    if (f != stdin) std::fclose(f);
    if (failed) reason = std::string("read error: ") + std::strerror(read_errno);
    if (too_large)
        reason = "file too large: more than " + std::to_string(max_size) + " bytes (no SCSI response is this large)";
    return !failed && !too_large;
}

// What a path names, for refusing non-files before opening them: opening a
// FIFO would wait for a writer, and a device (/dev/zero) never ends.
// Empty for a regular file (or what cannot be examined: open() then says
// why), else the kind ("a directory", "a FIFO" ...).
inline std::string non_file_kind(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || st.type() == fs::file_type::not_found || fs::is_regular_file(st)) return {};
    switch (st.type()) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
    }
}

// Loads one file (or "-": standard input) as loaded bytes: hex text when
// looks_like_hex_text() says so, binary otherwise. Every refusal has a
// code: "not_a_file" (a FIFO, device or directory is never opened),
// "cannot_read", "too_large" (over max_size bytes), "bad_hex", "empty".
inline loaded_file load_file(const std::string& path, std::size_t max_size = default_max_file_size)
{
    loaded_file out;
    out.path = path;
    const auto fail = [&](const char* code, std::string reason) {
        out.ok = false;
        out.error.code = code;
        out.error.reason = std::move(reason);
        return out;
    };
    if (path != "-") {
        const std::string kind = non_file_kind(path);
        if (!kind.empty())
            return fail("not_a_file", "not a regular file (" + kind + "): give a file, or - for standard input");
    }
    std::string content, reason;
    if (!read_whole_file(path, content, reason, max_size))
        return fail(reason.rfind("file too large", 0) == 0 ? "too_large" : "cannot_read", reason);
    out.hex_text = looks_like_hex_text(content);
    if (out.hex_text) {
        input_bytes parsed = parse_hex_text(content);
        if (!parsed.ok) {
            out.ok = false;
            out.error = std::move(parsed.error);
            return out;
        }
        out.bytes = std::move(parsed.bytes);
    } else {
        out.bytes.assign(content.begin(), content.end());
    }
    if (out.bytes.empty())
        return fail("empty", out.hex_text ? "no data bytes (the hex text holds only comments and white space)"
                                          : "no data bytes (empty file)");
    return out;
}

// Loads a file as bytes: hex text when it looks like text, binary otherwise.
inline input_bytes load_bytes(const std::string& path)
{
    loaded_file f = load_file(path);
    input_bytes out;
    out.ok = f.ok || f.error.code == "empty";
    out.error = std::move(f.error);
    if (out.ok) out.error = {};
    out.bytes = std::move(f.bytes);
    return out;
}

} // namespace mpio::hosted

#endif // MPIO_HOSTED_HEX_INPUT_HPP
