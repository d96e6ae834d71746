// SPDX-License-Identifier: MIT
// command_decode.cpp - see command_decode.hpp.
#include "command_decode.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "detect.hpp"
#include "input.hpp"
#include "render.hpp"
#include "text_format.hpp"

namespace mpio_inspect {
namespace {

// Every error recorded anywhere in a report, in document order.
void collect_errors(const record& r, std::vector<problem>& out)
{
    for (const field& f : r.fields()) {
        if (f.kind == field::type::error) out.push_back(f.error);
        for (const record& child : f.records) collect_errors(child, out);
    }
}

nlohmann::ordered_json error_json(const problem& p)
{
    nlohmann::ordered_json j = {{"code", p.code}, {"message", p.message}, {"offset", p.offset}};
    if (!p.detail.empty()) j["detail"] = p.detail;
    return j;
}

} // namespace

std::string error_lines(const std::string& file, const problem& p, bool verbose)
{
    std::string out =
        fmt::format("mpio-inspect: {}: offset {}: {}\n", escape_text(file), p.offset, escape_text(p.message));
    if (verbose)
        for (const std::string& d : p.detail) out += fmt::format("  {}\n", escape_text(d));
    return out;
}

decoded_file decode_file(const std::string& path, const kind* forced, const decode_context& context, bool as_json,
                         bool verbose)
{
    decoded_file result;
    nlohmann::ordered_json& object = result.json;
    object = {{"file", path}};
    auto input_error = [&](const problem& p) {
        result.errors += error_lines(path, p, verbose);
        if (as_json) {
            object["kind"] = "input_error";
            object["error"] = error_json(p);
        }
        result.ok = false;
        return result;
    };

    const input in = load_input(path);
    if (!in.ok) return input_error(in.error);
    const mpio::byte_view data{in.bytes.data(), in.bytes.size()};

    const choice c = choose_kind(data, forced);
    if (c.chosen == nullptr) return input_error(c.error);

    record body;
    const decode_outcome outcome = c.chosen->decode(data, context, body);
    if (!outcome.decoded) return input_error(outcome.input_error);

    std::vector<problem> problems;
    collect_errors(body, problems);
    for (const problem& p : problems) result.errors += error_lines(path, p, verbose);
    result.ok = problems.empty();

    const char* format = in.hex_text ? "hex text" : "binary";
    if (as_json) {
        object["kind"] = c.chosen->json_kind;
        object["size"] = data.size();
        object["format"] = in.hex_text ? "hex_text" : "binary";
        nlohmann::ordered_json detection = {{"method", c.forced ? "forced" : "auto"}, {"reason", c.reason}};
        detection["ambiguous"] = c.ambiguous;
        if (!c.warning.empty()) detection["warning"] = c.warning;
        object["detection"] = std::move(detection);
        object.update(render_json(body));
    } else {
        std::string& text = result.text;
        text += fmt::format("{}: {}, {} bytes ({})\n", escape_text(path), c.chosen->title, data.size(), format);
        text += fmt::format("  {}: {}\n", c.forced ? "Forced" : "Detected", c.reason);
        if (!c.warning.empty()) text += fmt::format("  Warning: {}\n", c.warning);
        render_text(body, text, 2);
    }
    return result;
}

int run_decode(const decode_options& options)
{
    const kind* forced = options.as.empty() ? nullptr : find_kind(options.as);
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    bool all_ok = true;
    bool printed = false;
    for (const std::string& path : options.files) {
        decoded_file f = decode_file(path, forced, options.context, options.json, options.verbose);
        all_ok = all_ok && f.ok;
        if (options.json) json.push_back(std::move(f.json));
        // Errors and text go out file by file (a blank line between files),
        // so that stdout and stderr interleave sensibly.
        std::fflush(stdout);
        print_err(f.errors);
        std::fflush(stderr);
        if (f.text.empty()) continue;
        if (printed) print_out("\n");
        print_out(f.text);
        std::fflush(stdout);
        printed = true;
    }
    // JSON escapes every control character, and ensure_ascii every non-ASCII
    // one (\uXXXX); a file name that is not UTF-8 is replaced, not fatal.
    if (options.json) print_out(json.dump(2, ' ', true, nlohmann::ordered_json::error_handler_t::replace) + "\n");
    return all_ok ? 0 : 1;
}

} // namespace mpio_inspect
