// SPDX-License-Identifier: MIT
// mpio-inspect - decode SCSI responses saved as sg3_utils-style hex text or
// binary files.
//
//   mpio-inspect decode [--as KIND] [--json] [--lu-cong] FILE...
//   mpio-inspect id [--scheme NAME|--all] [--inquiry F] [--vpd80 F] --vpd83 F
//   mpio-inspect topology [--group POLICY] [--scheme NAME] [--json] (DIR | --sysfs [--sysfs-root ROOT])
//
// Exit status (docs/cli.md): 0 when every file decoded cleanly; 1 when a file
// could not be read or recognized, or when the data holds a malformed part
// (decoded as far as it goes, the problem reported in the output); CLI11's
// own codes (>= 100) for command-line usage errors.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command_id.hpp"
#include "command_topology.hpp"
#include "detect.hpp"
#include "input.hpp"
#include "kinds.hpp"
#include "render.hpp"
#include "report.hpp"

namespace mpio_inspect {
namespace {

struct decode_options {
    std::string as; // empty: auto-detect
    bool json = false;
    decode_context context;
    std::vector<std::string> files;
};

// The one-line error format every problem uses on stderr.
void print_error(const std::string& file, const problem& p)
{
    fmt::print(stderr, "mpio-inspect: {}: offset {}: {}\n", file, p.offset, p.message);
}

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
    return {{"code", p.code}, {"message", p.message}, {"offset", p.offset}};
}

// Decodes one file; appends its text to `text` or its object to `json`.
// Returns false when the file gives exit status 1.
bool decode_file(const std::string& path, const kind* forced, const decode_context& context, std::string& text,
                 nlohmann::ordered_json& json, bool as_json)
{
    nlohmann::ordered_json object = {{"file", path}};
    auto input_error = [&](const problem& p) {
        print_error(path, p);
        if (as_json) {
            object["kind"] = "input_error";
            object["error"] = error_json(p);
            json.push_back(std::move(object));
        }
        return false;
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
    for (const problem& p : problems) print_error(path, p);

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
        json.push_back(std::move(object));
    } else {
        text += fmt::format("{}: {}, {} bytes ({})\n", path, c.chosen->title, data.size(), format);
        text += fmt::format("  {}: {}\n", c.forced ? "Forced" : "Detected", c.reason);
        if (!c.warning.empty()) text += fmt::format("  Warning: {}\n", c.warning);
        render_text(body, text, 2);
    }
    return problems.empty();
}

int run_decode(const decode_options& options)
{
    const kind* forced = options.as.empty() ? nullptr : find_kind(options.as);
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    bool all_ok = true;
    bool printed = false;
    for (const std::string& path : options.files) {
        std::string text;
        if (!decode_file(path, forced, options.context, text, json, options.json)) all_ok = false;
        // Text goes out file by file (a blank line between files), so that
        // stdout and stderr interleave sensibly.
        if (text.empty()) continue;
        if (printed) std::fputs("\n", stdout);
        std::fputs(text.c_str(), stdout);
        std::fflush(stdout);
        printed = true;
    }
    // A file name need not be UTF-8: replace what is not, rather than fail.
    if (options.json) fmt::print("{}\n", json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    return all_ok ? 0 : 1;
}

int run(int argc, char** argv)
{
    CLI::App app{"mpio-inspect - decode SCSI responses (standard INQUIRY data, VPD pages, sense data, REPORT LUNS,\n"
                 "REPORT TARGET PORT GROUPS, READ CAPACITY (16)) from sg3_utils-style hex text or binary files",
                 "mpio-inspect"};
    app.set_version_flag("--version", MPIO_INSPECT_VERSION);
    app.require_subcommand(1);

    decode_options options;
    std::vector<std::string> decodable;
    for (const kind* k : all_kinds())
        if (k->decode != nullptr) decodable.emplace_back(k->name);
    std::sort(decodable.begin(), decodable.end());

    CLI::App* decode = app.add_subcommand("decode", "Decode every field of each FILE, as text or JSON");
    decode->add_option("--as", options.as, "Decode as this kind instead of auto-detecting it")
        ->check(CLI::IsMember(decodable))
        ->type_name("KIND");
    decode->add_flag("--json", options.json, "Print one JSON document (schema: docs/cli.md)");
    decode->add_flag("--lu-cong", options.context.lu_cong,
                     "REPORT LUNS: decode the LUNs as a logical unit conglomerate's (INQUIRY LU_CONG bit set)");
    decode->add_option("FILE", options.files, "hex text or binary file; - for standard input")
        ->required()
        ->type_name("");

    id_options id_opts;
    CLI::App* id = app.add_subcommand("id", "Print the logical unit's identifier as an identity scheme derives it");
    CLI::Option* scheme = id->add_option("--scheme", id_opts.scheme, "The identity scheme (default: mpio)")
                              ->check(CLI::IsMember(scheme_names()))
                              ->type_name("NAME");
    id->add_flag("--all", id_opts.all, "Every scheme, one line each: NAME<TAB>IDENTIFIER (or - when none)")
        ->excludes(scheme);
    id->add_option("--inquiry", id_opts.inquiry, "standard INQUIRY data file")->type_name("F");
    id->add_option("--vpd80", id_opts.vpd80, "Unit Serial Number VPD page file")->type_name("F");
    id->add_option("--vpd83", id_opts.vpd83, "Device Identification VPD page file")->required()->type_name("F");

    topology_command_options topo;
    CLI::App* topology = app.add_subcommand(
        "topology", "Group per-path dumps (a directory, or the live sysfs tree) into multipath devices and print them "
                    "as multipath -ll / mpclaim -s -d do");
    CLI::Option* topo_dir =
        topology->add_option("DIR", topo.dir, "one sub-directory per path (inquiry, vpd_pg0, vpd_pg80, vpd_pg83, rtpg, state)")
            ->type_name("");
    CLI::Option* topo_sysfs =
        topology->add_flag("--sysfs", topo.sysfs, "Read the live Linux tree ROOT/class/scsi_device/*/device/")
            ->excludes(topo_dir);
    topology->add_option("--sysfs-root", topo.sysfs_root, "The sysfs mount point for --sysfs (default /sys)")
        ->needs(topo_sysfs)
        ->type_name("ROOT");
    topology->add_option("--group", topo.group, "Path grouping policy (default prio)")
        ->check(CLI::IsMember(grouping_policy_names()))
        ->type_name("POLICY");
    topology->add_option("--scheme", topo.model.scheme, "The identity scheme (default: mpio)")
        ->check(CLI::IsMember(scheme_names()))
        ->type_name("NAME");
    topology->add_flag("--exclusive-pref-bit", topo.model.exclusive_pref_bit,
                       "ALUA priority: +80 for the PREF bit even on an active/optimized group");
    topology->add_flag("--json", topo.json, "Print one JSON document (schema: docs/cli.md)");

    try {
        app.parse(argc, argv);
        if (topology->parsed() && topo.dir.empty() && !topo.sysfs)
            throw CLI::RequiredError("DIR or --sysfs");
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (id->parsed()) return run_id(id_opts);
    if (topology->parsed()) return run_topology(topo);
    return run_decode(options);
}

} // namespace
} // namespace mpio_inspect

int main(int argc, char** argv)
{
    try {
        return mpio_inspect::run(argc, argv);
    } catch (const std::exception& e) {
        std::fflush(stdout);
        fmt::print(stderr, "mpio-inspect: internal error: {}\n", e.what());
    } catch (...) {
        std::fflush(stdout);
        fmt::print(stderr, "mpio-inspect: internal error\n");
    }
    return 1;
}
