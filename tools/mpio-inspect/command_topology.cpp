// SPDX-License-Identifier: MIT
// command_topology.cpp - see command_topology.hpp.
#include "command_topology.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command_decode.hpp"
#include "text_format.hpp"
#include "topology_input.hpp"
#include "topology_nvme.hpp"

namespace mpio_inspect {
namespace {

using json = nlohmann::ordered_json;

std::string alua_text(const path_view& p) { return p.has_alua ? to_string(p.alua_state) : "-"; }

std::string prio_text(int prio) { return prio < 0 ? "undef" : std::to_string(prio); }

std::string path_line(const path_view& p)
{
    std::string line = fmt::format("{:<10} {:<8} {:<22} prio={:<5}", escape_text(p.dump->label), to_string(p.state),
                                   alua_text(p) + (p.pref ? " pref" : ""), prio_text(p.priority));
    if (p.has_tpg) line += fmt::format(" tpg={}", p.tpg);
    if (p.id.has_relative_target_port()) line += fmt::format(" rtp={}", p.id.relative_target_port());
    if (p.id.has_target_port_name()) {
        mpio::fixed_text<mpio::ident::path_identity_text_capacity> name;
        line += fmt::format(" port={}", p.id.target_port_name().append_to(name).c_str());
    }
    if (!p.usable) line += " (not usable)";
    return line;
}

std::string source_text(const std::string& source)
{
    if (source == "designator") return "a designator of VPD page 83h";
    if (source == "legacy page 83h") return "a pre-SPC-2 VPD page 83h";
    if (source == "unit serial number") return "the Unit Serial Number VPD page (80h)";
    return source;
}

std::string alua_summary(const alua_view& a)
{
    std::string s = a.mode == "both" ? "implicit and explicit" : a.mode;
    return s;
}

} // namespace

std::string topology_text(const dump_set& set, const topology_view& v, const topology_command_options& o)
{
    std::string out;
    const auto plural = [](std::size_t n) { return n == 1 ? "" : "s"; };
    out += fmt::format("{}: {} path{}, {} multipath device{}, {} path{} not grouped (scheme {}, {})\n",
                       escape_text(set.source), set.paths.size(), plural(set.paths.size()), v.devices.size(),
                       plural(v.devices.size()), v.not_grouped.size(), plural(v.not_grouped.size()), o.model.scheme,
                       to_string(o.model.grouping));
    if (!v.devices.empty()) {
        // mpclaim -s -d: one line per MPIO disk.
        out += fmt::format("\n{:<8} {:>5} {:>6} {:>6}  {:<22} {}\n", "Device", "Paths", "Usable", "Groups", "ALUA",
                           "Identity");
        for (const device_view& d : v.devices) {
            std::size_t usable = 0;
            for (const path_view* p : d.paths) usable += p->usable ? 1 : 0;
            out += fmt::format("{:<8} {:>5} {:>6} {:>6}  {:<22} {}\n", d.name, d.paths.size(), usable, d.groups.size(),
                               alua_summary(d.alua), escape_text(d.identity));
        }
    }
    // multipath -ll: the device, its groups and paths.
    for (const device_view& d : v.devices) {
        out +=
            fmt::format("\n{} ({}) {},{} rev {}\n", d.name, escape_text(d.identity), d.vendor.empty() ? "?" : d.vendor,
                        d.product.empty() ? "?" : d.product, d.revision.empty() ? "?" : d.revision);
        out += fmt::format("identity: scheme {}, from {}\n", o.model.scheme, source_text(d.identity_source));
        out += fmt::format("alua: {} (TPGS {}, RTPG {}, {})\n", alua_summary(d.alua),
                           d.alua.tpgs < 0 ? "unknown" : std::to_string(d.alua.tpgs), d.alua.rtpg, d.alua.agreement);
        out += fmt::format("grouping: {}, {} path{} in {} group{}\n", to_string(o.model.grouping), d.paths.size(),
                           d.paths.size() == 1 ? "" : "s", d.groups.size(), d.groups.size() == 1 ? "" : "s");
        for (const std::string& n : d.notes) out += fmt::format("note: {}\n", escape_text(n));
        for (std::size_t g = 0; g < d.groups.size(); ++g) {
            const group_view& grp = d.groups[g];
            const bool last_group = g + 1 == d.groups.size();
            out += fmt::format("{}-+- group {} prio={} status={} usable={}/{}\n", last_group ? "`" : "|", g + 1,
                               prio_text(grp.priority), grp.status, grp.usable_paths, grp.paths.size());
            for (std::size_t i = 0; i < grp.paths.size(); ++i) {
                const path_view& p = *grp.paths[i];
                const char* stem = last_group ? "  " : "| ";
                const bool last_path = i + 1 == grp.paths.size();
                out += fmt::format("{}{}- {}\n", stem, last_path ? "`" : "|", path_line(p));
                const char* under = last_path ? "     " : "|    ";
                for (const std::string& n : p.notes) out += fmt::format("{}{}note: {}\n", stem, under, escape_text(n));
                for (const file_problem& e : p.errors)
                    out += fmt::format("{}{}error: {}: {}\n", stem, under, escape_text(e.file),
                                       escape_text(e.error.message));
            }
        }
    }
    if (!v.not_grouped.empty()) {
        out += fmt::format("\nPaths not grouped ({}):\n", v.not_grouped.size());
        for (const path_view* p : v.not_grouped) {
            out += fmt::format("  {}: {}\n", escape_text(p->dump->label), escape_text(p->not_grouped_reason));
            for (const std::string& n : p->notes) out += fmt::format("    note: {}\n", escape_text(n));
            for (const file_problem& e : p->errors)
                out += fmt::format("    error: {}: {}\n", escape_text(e.file), escape_text(e.error.message));
        }
    }
    return out;
}

namespace {

json error_json(const file_problem& e)
{
    return {{"file", e.file}, {"code", e.error.code}, {"message", e.error.message}, {"offset", e.error.offset}};
}

json path_json(const path_view& p)
{
    const path_dump& d = *p.dump;
    json j = {{"name", d.label}, {"directory", d.directory}};
    j["hctl"] = d.has_hctl ? json::array({d.hctl[0], d.hctl[1], d.hctl[2], d.hctl[3]}) : json(nullptr);
    j["identity"] = p.identity.empty() ? json(nullptr) : json(p.identity);
    j["identity_status"] = p.identity_status;
    j["identity_source"] = p.identity_source;
    j["discovery"] = p.discovery.empty() ? json(nullptr) : json(p.discovery);
    j["state"] = to_string(p.state);
    j["os_state"] = d.os_state.empty() ? json(nullptr) : json(d.os_state);
    j["usable"] = p.usable;
    j["priority"] = p.priority < 0 ? json(nullptr) : json(p.priority);
    if (p.has_alua) {
        json a = {{"state", to_string(p.alua_state)},
                  {"state_code", static_cast<unsigned>(p.alua_state)},
                  {"preferred", p.pref},
                  {"source", p.alua_source}};
        if (!p.tpg_check.empty()) a["tpg_check"] = p.tpg_check;
        j["alua"] = std::move(a);
    } else {
        j["alua"] = nullptr;
    }
    const auto& id = p.id;
    j["target_port_group"] = p.has_tpg ? json(p.tpg) : json(nullptr);
    j["relative_target_port"] = id.has_relative_target_port() ? json(id.relative_target_port()) : json(nullptr);
    mpio::fixed_text<mpio::ident::path_identity_text_capacity> port;
    j["target_port_name"] =
        id.has_target_port_name() ? json(id.target_port_name().append_to(port).c_str()) : json(nullptr);
    j["target_device_name"] = p.node_name.empty() ? json(nullptr) : json(p.node_name);
    j["serial"] = p.serial.empty() ? json(nullptr) : json(p.serial);
    j["files"] = json::object();
    for (const auto& [name, f] : {std::pair<const char*, const dump_file*>{"inquiry", &d.inquiry},
                                  {"vpd_pg0", &d.vpd0},
                                  {"vpd_pg80", &d.vpd80},
                                  {"vpd_pg83", &d.vpd83},
                                  {"rtpg", &d.rtpg}}) {
        if (!f->present)
            j["files"][name] = nullptr;
        else
            j["files"][name] = {{"path", f->path},
                                {"format", !f->data.ok        ? "unreadable"
                                           : f->data.hex_text ? "hex_text"
                                                              : "binary"}};
    }
    j["notes"] = p.notes;
    json errors = json::array();
    for (const file_problem& e : p.errors) errors.push_back(error_json(e));
    j["errors"] = std::move(errors);
    if (!p.grouped) j["not_grouped_reason"] = p.not_grouped_reason;
    return j;
}

void print_json(const dump_set& set, const topology_view& v, const topology_command_options& o)
{
    json doc = {{"source", {{"kind", o.sysfs ? "sysfs" : "directory"}, {"path", set.source}}},
                {"scheme", o.model.scheme},
                {"grouping_policy", to_string(o.model.grouping)},
                {"exclusive_pref_bit", o.model.exclusive_pref_bit},
                {"path_count", set.paths.size()}};
    json devices = json::array();
    for (const device_view& d : v.devices) {
        json dj = {{"name", d.name},
                   {"identity", d.identity},
                   {"identity_source", d.identity_source},
                   {"vendor", d.vendor},
                   {"product", d.product},
                   {"revision", d.revision},
                   {"alua",
                    {{"mode", d.alua.mode},
                     {"tpgs", d.alua.tpgs < 0 ? json(nullptr) : json(d.alua.tpgs)},
                     {"rtpg", d.alua.rtpg},
                     {"agreement", d.alua.agreement}}},
                   {"path_count", d.paths.size()},
                   {"notes", d.notes}};
        json groups = json::array();
        for (const group_view& g : d.groups) {
            json gj = {{"priority", g.priority < 0 ? json(nullptr) : json(g.priority)},
                       {"status", g.status},
                       {"usable_paths", g.usable_paths}};
            json paths = json::array();
            for (const path_view* p : g.paths) paths.push_back(path_json(*p));
            gj["paths"] = std::move(paths);
            groups.push_back(std::move(gj));
        }
        dj["path_groups"] = std::move(groups);
        devices.push_back(std::move(dj));
    }
    doc["devices"] = std::move(devices);
    json not_grouped = json::array();
    for (const path_view* p : v.not_grouped) not_grouped.push_back(path_json(*p));
    doc["not_grouped"] = std::move(not_grouped);
    json errors = json::array();
    for (const path_view& p : v.paths)
        for (const file_problem& e : p.errors) errors.push_back(error_json(e));
    doc["errors"] = std::move(errors);
    // JSON escapes every control character, and ensure_ascii every non-ASCII
    // one (\uXXXX); names that are not UTF-8 are replaced, not fatal.
    print_out(doc.dump(2, ' ', true, json::error_handler_t::replace) + "\n");
}

} // namespace

namespace {

// topology --nvme: exit 0 when every path was read and at least one was found.
int run_topology_nvme(const topology_command_options& options)
{
    const nvme_topology t = options.sysfs ? read_nvme_sysfs(options.sysfs_root) : read_nvme_dump_directory(options.dir);
    if (!t.ok) {
        print_err(fmt::format("mpio-inspect: {}: {}\n", escape_text(t.source), t.error.message));
        return 1;
    }
    std::size_t paths = 0;
    for (const auto& s : t.subsystems)
        for (const auto& n : s.namespaces) paths += n.paths.size();
    if (paths == 0) print_err(fmt::format("mpio-inspect: {}: no NVMe path found\n", escape_text(t.source)));
    for (const file_problem& e : t.errors) print_err(error_lines(e.file, e.error, options.verbose));
    std::fflush(stderr);
    print_out(options.json ? nvme_topology_json(t, options.sysfs) : nvme_topology_text(t));
    return t.errors.empty() && paths != 0 ? 0 : 1;
}

} // namespace

int run_topology(topology_command_options& options)
{
    if (options.nvme) return run_topology_nvme(options);
    if (!parse_grouping_policy(options.group, options.model.grouping)) { // CLI11 checked it already
        print_err(fmt::format("mpio-inspect: topology: unknown grouping policy {}\n", escape_text(options.group)));
        return 1;
    }
    const dump_set set = options.sysfs ? read_sysfs(options.sysfs_root) : read_dump_directory(options.dir);
    if (!set.ok) {
        print_err(fmt::format("mpio-inspect: {}: {}\n", escape_text(set.source), set.error.message));
        return 1;
    }
    const bool empty_dir = !options.sysfs && set.paths.empty();
    if (empty_dir) print_err(fmt::format("mpio-inspect: {}: no path sub-directories\n", escape_text(set.source)));

    const topology_view v = build_topology(set, options.model);
    for (const path_view& p : v.paths)
        for (const file_problem& e : p.errors) print_err(error_lines(e.file, e.error, options.verbose));
    std::fflush(stderr);
    if (options.json)
        print_json(set, v, options);
    else
        print_out(topology_text(set, v, options));
    return v.error_count == 0 && !empty_dir ? 0 : 1;
}

} // namespace mpio_inspect
