// SPDX-License-Identifier: MIT
// fuzz/fuzz_cli_input.cpp - the CLI's input layer: mpio-inspect's hex/binary
// loader (mpio/hosted/hex_input.hpp through tools/mpio-inspect/input.cpp),
// kind detection and every decoder, as `mpio-inspect decode` runs them.
//
// Input: byte 0 picks the kind (0: auto-detection, k: the k-th kind, as
// --as does), bytes 0x01.. are the file's content (hex text or binary). The
// file is written to a scratch path and decoded with decode_file(), text and
// JSON. Checks:
//  - the text output and the error lines, before the last-line-of-defence
//    escaping of print_out/print_err, hold no control byte but '\n' (and
//    '\t'), no invisible or bidirectional character, and only UTF-8: every
//    input-derived text was escaped where it was formatted;
//  - each error is one line (verbose detail lines are indented);
//  - the JSON document, dumped as mpio-inspect dumps it, is ASCII;
//  - the hex parser's error positions lie inside the content.
// Links mpio_inspect_lib (hosted code with exceptions): not a parser target,
// so no -fno-exceptions here (fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <unistd.h>

#include <mpio/hosted/hex_input.hpp>

#include "command_decode.hpp"
#include "kinds.hpp"
#include "text_format.hpp"

namespace {

void check(bool ok)
{
    if (!ok) __builtin_trap();
}

void check_lines(std::string_view text)
{
    check(mpio_inspect::is_terminal_safe(text));
    check(text.empty() || text.back() == '\n');
}

const std::string& scratch_path()
{
    static const std::string path = "/tmp/mpio-fuzz-cli-input-" + std::to_string(::getpid());
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    const auto kinds = mpio_inspect::all_kinds();
    const std::size_t pick = data[0] % (kinds.size() + 1);
    const mpio_inspect::kind* forced = pick == 0 ? nullptr : kinds[pick - 1];
    if (forced != nullptr && forced->decode == nullptr) forced = nullptr;
    const std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);

    // The hosted parser's own promises.
    if (mpio::hosted::looks_like_hex_text(content)) {
        const mpio::hosted::input_bytes parsed = mpio::hosted::parse_hex_text(content);
        if (!parsed.ok) {
            check(parsed.error.offset < content.size() && parsed.error.line >= 1 && parsed.error.column >= 1);
            check(parsed.error.column <= parsed.error.offset + 1);
            for (const char c : parsed.error.reason) check(c >= 0x20 && c < 0x7f);
        } else {
            check(parsed.bytes.size() <= content.size() / 2 + 1);
        }
    }

    std::FILE* f = std::fopen(scratch_path().c_str(), "wb");
    if (f == nullptr) return 0;
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);

    const mpio_inspect::decode_context context{};
    const mpio_inspect::decoded_file as_text = mpio_inspect::decode_file(scratch_path(), forced, context, false, true);
    check_lines(as_text.text);
    check_lines(as_text.errors);
    // One line per error: "mpio-inspect: " starts each, detail lines are indented.
    std::size_t start = 0;
    while (start < as_text.errors.size()) {
        const std::size_t end = as_text.errors.find('\n', start);
        const std::string_view line(as_text.errors.data() + start, end - start);
        check(line.rfind("mpio-inspect: ", 0) == 0 || line.rfind("  ", 0) == 0);
        start = end + 1;
    }
    const mpio_inspect::decoded_file as_json = mpio_inspect::decode_file(scratch_path(), forced, context, true, false);
    check(as_json.ok == as_text.ok);
    const std::string dumped = as_json.json.dump(2, ' ', true, nlohmann::ordered_json::error_handler_t::replace);
    for (const char c : dumped) check(c == '\n' || (c >= 0x20 && c < 0x7f));
    return 0;
}
