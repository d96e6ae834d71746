// SPDX-License-Identifier: MIT
// topology_nvme.cpp - see topology_nvme.hpp.
#include "topology_nvme.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <mpio/core/errc.hpp>
#include <mpio/hosted/hex_input.hpp>
#include <mpio/hosted/path_dir.hpp>
#include <mpio/nvme/ana_state.hpp>
#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>
#include <mpio/topology/nvme_subsystem.hpp>

#include "text_format.hpp"

namespace mpio_inspect {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using mpio::hosted::detail::load_attribute;

// Names like nvme2 before nvme10: shorter first, then in character order.
bool name_order(const std::string& a, const std::string& b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// "nvme" + digits, then the given pattern of 'c'/'n' parts: nvmeX (""), nvmeXnY ("n"), nvmeXcYnZ ("cn").
bool nvme_name(const std::string& s, const char* parts)
{
    if (s.rfind("nvme", 0) != 0) return false;
    std::size_t i = 4;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    if (!digits()) return false;
    for (const char* p = parts; *p != '\0'; ++p) {
        if (i >= s.size() || s[i] != *p) return false;
        ++i;
        if (!digits()) return false;
    }
    return i == s.size();
}

bool parse_number(const std::string& s, std::int64_t& out)
{
    if (s.empty() || s.size() > 10) return false;
    std::int64_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

std::vector<std::string> sorted_entries(const fs::path& dir, bool (*keep)(const std::string&))
{
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (keep(it->path().filename().string())) names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end(), name_order);
    return names;
}

bool usable_state(const std::string& ctrl_state, const std::string& ana_state)
{
    return (ctrl_state.empty() || ctrl_state == "live") && (ana_state == "optimized" || ana_state == "non-optimized");
}

file_problem make_problem(const std::string& file, const std::string& code, const std::string& message)
{
    file_problem p;
    p.file = file;
    p.error.code = code;
    p.error.message = message;
    return p;
}

file_problem errc_problem(const std::string& file, mpio::errc e, const std::string& what)
{
    return make_problem(file, mpio::errc_name(e), fmt::format("{}: {}", what, mpio::errc_message(e)));
}

bool read_source_dir(nvme_topology& t, const fs::path& dir)
{
    std::error_code ec;
    const fs::file_status st = fs::status(dir, ec);
    if (ec || !fs::exists(st)) {
        t.ok = false;
        t.error = {"cannot_read", "cannot read the directory", 0};
        return false;
    }
    if (!fs::is_directory(st)) {
        t.ok = false;
        t.error = {"not_a_directory", "not a directory", 0};
        return false;
    }
    return true;
}

// ------------------------------------------------------------- dumps

struct dump_path {
    std::string dir_name;
    fs::path dir;
    mpio::hosted::loaded_file id_ctrl, id_ns, ana_log;
    bool has_ana_log = false;
    std::uint32_t nsid = 0;
    std::string name, transport, address, state;
};

using subsystem_store = mpio::topology::nvme_subsystem<32, 256>;

std::string text_of(mpio::ascii_view v)
{
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += v[i];
    return out;
}

bool load_required(nvme_topology& t, const fs::path& file, mpio::hosted::loaded_file& out)
{
    if (!mpio::hosted::detail::exists_no_throw(file)) {
        t.errors.push_back(make_problem(file.string(), "missing_file", "missing (required)"));
        return false;
    }
    out = mpio::hosted::load_file(file.string());
    if (!out.ok) {
        t.errors.push_back(make_problem(file.string(), out.error.code, out.error.reason));
        return false;
    }
    return true;
}

} // namespace

nvme_topology read_nvme_dump_directory(const std::string& dir)
{
    nvme_topology t;
    t.source = dir;
    if (!read_source_dir(t, dir)) return t;

    std::vector<dump_path> paths;
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->is_directory(type_ec)) names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
        dump_path p;
        p.dir_name = n;
        p.dir = fs::path(dir) / n;
        bool ok = load_required(t, p.dir / "id-ctrl", p.id_ctrl);
        ok = load_required(t, p.dir / "id-ns", p.id_ns) && ok;
        std::int64_t nsid = 0;
        const std::string nsid_text = load_attribute(p.dir / "nsid");
        if (!parse_number(nsid_text, nsid) || nsid == 0 || nsid >= 0xFFFFFFFF) {
            t.errors.push_back(make_problem((p.dir / "nsid").string(), "bad_nsid",
                                            nsid_text.empty() ? "missing or empty (required: the NSID, decimal)"
                                                              : "not an NSID (1 to 4294967294, decimal)"));
            ok = false;
        }
        p.nsid = static_cast<std::uint32_t>(nsid);
        if (mpio::hosted::detail::exists_no_throw(p.dir / "ana-log")) {
            p.ana_log = mpio::hosted::load_file((p.dir / "ana-log").string());
            p.has_ana_log = p.ana_log.ok;
            if (!p.ana_log.ok)
                t.errors.push_back(make_problem(p.ana_log.path, p.ana_log.error.code, p.ana_log.error.reason));
        }
        p.name = load_attribute(p.dir / "name");
        p.transport = load_attribute(p.dir / "transport");
        p.address = load_attribute(p.dir / "address");
        p.state = load_attribute(p.dir / "state");
        if (ok) paths.push_back(std::move(p));
    }

    // One nvme_subsystem per SUBNQN, in order of first appearance.
    std::vector<std::unique_ptr<subsystem_store>> stores;
    std::vector<std::vector<std::size_t>> members; // paths of each subsystem
    for (std::size_t i = 0; i < paths.size(); ++i) {
        dump_path& p = paths[i];
        const auto id =
            mpio::nvme::parse_identify_controller(mpio::byte_view(p.id_ctrl.bytes.data(), p.id_ctrl.bytes.size()));
        if (!id) {
            t.errors.push_back(errc_problem(p.id_ctrl.path, id.error(), "Identify Controller"));
            continue;
        }
        const auto ns =
            mpio::nvme::parse_identify_namespace(mpio::byte_view(p.id_ns.bytes.data(), p.id_ns.bytes.size()));
        if (!ns) {
            t.errors.push_back(errc_problem(p.id_ns.path, ns.error(), "Identify Namespace"));
            continue;
        }
        std::size_t s = 0;
        mpio::errc last = mpio::errc::identity_mismatch;
        for (; s < stores.size(); ++s) {
            const auto added = stores[s]->add_controller(*id);
            if (added) break;
            last = added.error();
            if (last != mpio::errc::identity_mismatch) break;
        }
        if (s < stores.size() && last != mpio::errc::identity_mismatch) {
            t.errors.push_back(errc_problem(p.id_ctrl.path, last, "Identify Controller"));
            continue;
        }
        if (s == stores.size()) {
            auto store = std::make_unique<subsystem_store>();
            const auto added = store->add_controller(*id);
            if (!added) {
                t.errors.push_back(errc_problem(p.id_ctrl.path, added.error(), "Identify Controller"));
                continue;
            }
            stores.push_back(std::move(store));
            members.emplace_back();
        }
        const auto joined = stores[s]->add_namespace_path(id->cntlid(), p.nsid, *ns, i);
        if (!joined) {
            t.errors.push_back(errc_problem(p.id_ns.path, joined.error(), "Identify Namespace"));
            continue;
        }
        members[s].push_back(i);
    }
    // The ANA logs, each applied to its controller (a log already applied,
    // read again through another namespace of that controller, is stale).
    for (std::size_t s = 0; s < stores.size(); ++s) {
        for (const std::size_t i : members[s]) {
            const dump_path& p = paths[i];
            if (!p.has_ana_log) continue;
            const auto id =
                mpio::nvme::parse_identify_controller(mpio::byte_view(p.id_ctrl.bytes.data(), p.id_ctrl.bytes.size()));
            const auto applied =
                stores[s]->apply_ana_log(id->cntlid(), mpio::byte_view(p.ana_log.bytes.data(), p.ana_log.bytes.size()));
            if (!applied) t.errors.push_back(errc_problem(p.ana_log.path, applied.error(), "ANA log page refused"));
        }
    }

    for (std::size_t s = 0; s < stores.size(); ++s) {
        const subsystem_store& store = *stores[s];
        nvme_subsystem_row row;
        row.name = fmt::format("nvme-subsys{}", s);
        row.nqn = text_of(store.subnqn());
        std::map<int, std::size_t> controller_of; // CNTLID -> row index
        for (const std::size_t i : members[s]) {
            const dump_path& p = paths[i];
            const auto id =
                mpio::nvme::parse_identify_controller(mpio::byte_view(p.id_ctrl.bytes.data(), p.id_ctrl.bytes.size()));
            const int cntlid = id->cntlid();
            if (row.model.empty()) {
                row.model = text_of(id->mn().trim());
                row.serial = text_of(id->sn().trim());
                row.firmware = text_of(id->fr().trim());
            }
            if (controller_of.count(cntlid) == 0) {
                nvme_controller_row c;
                c.name = p.name.empty() ? fmt::format("cntlid{}", cntlid) : p.name;
                c.transport = p.transport;
                c.address = p.address;
                c.state = p.state;
                c.cntlid = cntlid;
                controller_of[cntlid] = row.controllers.size();
                row.controllers.push_back(c);
            }
        }
        for (std::size_t n = 0; n < store.namespace_count(); ++n) {
            const auto& ns = store.namespace_at(n);
            nvme_namespace_row nr;
            nr.nsid = ns.nsid();
            for (std::size_t k = 0; k < ns.path_count(); ++k) {
                const auto& sp = ns.path_at(k);
                const dump_path& p = paths[static_cast<std::size_t>(sp.handle())];
                const nvme_controller_row& c = row.controllers[controller_of[sp.cntlid()]];
                nvme_path_row pr;
                pr.name = p.dir_name;
                pr.controller = c.name;
                pr.cntlid = sp.cntlid();
                pr.anagrpid = sp.anagrpid();
                pr.ana_group = sp.ana_group() == 0 ? -1 : std::int64_t{sp.ana_group()};
                pr.ana_state = sp.has_ana_state() ? mpio::nvme::linux_name(sp.ana_state()) : "";
                pr.check = mpio::topology::to_string(sp.check());
                pr.usable = sp.usable() && (c.state.empty() || c.state == "live");
                nr.paths.push_back(pr);
            }
            row.namespaces.push_back(std::move(nr));
        }
        t.subsystems.push_back(std::move(row));
    }
    return t;
}

namespace {
bool is_subsystem_entry(const std::string& s) { return s.rfind("nvme-subsys", 0) == 0; }
bool is_controller_entry(const std::string& s) { return nvme_name(s, ""); }
bool is_head_entry(const std::string& s) { return nvme_name(s, "n"); }
bool is_path_entry(const std::string& s) { return nvme_name(s, "cn"); }
} // namespace

nvme_topology read_nvme_sysfs(const std::string& root)
{
    nvme_topology t;
    const fs::path cls = fs::path(root) / "class" / "nvme-subsystem";
    t.source = cls.string();
    std::error_code ec;
    if (!fs::is_directory(cls, ec)) {
        t.ok = false;
        t.error = {"no_sysfs", "no NVMe subsystem class directory (no NVMe multipath on this system)", 0};
        return t;
    }
    for (const std::string& sname : sorted_entries(cls, is_subsystem_entry)) {
        const fs::path sdir = cls / sname;
        nvme_subsystem_row row;
        row.name = sname;
        row.nqn = load_attribute(sdir / "subsysnqn");
        row.model = load_attribute(sdir / "model");
        row.serial = load_attribute(sdir / "serial");
        row.firmware = load_attribute(sdir / "firmware_rev");
        row.iopolicy = load_attribute(sdir / "iopolicy");
        if (row.nqn.empty())
            t.errors.push_back(make_problem((sdir / "subsysnqn").string(), "missing_file", "missing or empty"));
        std::map<std::uint32_t, std::size_t> ns_of;
        for (const std::string& hname : sorted_entries(sdir, is_head_entry)) {
            std::int64_t nsid = 0;
            if (!parse_number(load_attribute(sdir / hname / "nsid"), nsid)) {
                t.errors.push_back(
                    make_problem((sdir / hname / "nsid").string(), "bad_nsid", "missing or not a number"));
                continue;
            }
            nvme_namespace_row nr;
            nr.nsid = static_cast<std::uint32_t>(nsid);
            nr.name = hname;
            nr.wwid = load_attribute(sdir / hname / "wwid");
            ns_of[nr.nsid] = row.namespaces.size();
            row.namespaces.push_back(std::move(nr));
        }
        for (const std::string& cname : sorted_entries(sdir, is_controller_entry)) {
            const fs::path cdir = sdir / cname;
            nvme_controller_row c;
            c.name = cname;
            std::int64_t cntlid = -1;
            if (parse_number(load_attribute(cdir / "cntlid"), cntlid)) c.cntlid = static_cast<int>(cntlid);
            c.transport = load_attribute(cdir / "transport");
            c.address = load_attribute(cdir / "address");
            c.state = load_attribute(cdir / "state");
            for (const std::string& pname : sorted_entries(cdir, is_path_entry)) {
                const fs::path pdir = cdir / pname;
                std::int64_t nsid = 0;
                if (!parse_number(load_attribute(pdir / "nsid"), nsid)) {
                    t.errors.push_back(make_problem((pdir / "nsid").string(), "bad_nsid", "missing or not a number"));
                    continue;
                }
                nvme_path_row pr;
                pr.name = pname;
                pr.controller = cname;
                pr.cntlid = c.cntlid;
                std::int64_t grp = -1;
                if (parse_number(load_attribute(pdir / "ana_grpid"), grp)) pr.anagrpid = grp;
                pr.ana_state = load_attribute(pdir / "ana_state");
                pr.usable = usable_state(c.state, pr.ana_state);
                auto it = ns_of.find(static_cast<std::uint32_t>(nsid));
                if (it == ns_of.end()) {
                    nvme_namespace_row nr;
                    nr.nsid = static_cast<std::uint32_t>(nsid);
                    it = ns_of.emplace(nr.nsid, row.namespaces.size()).first;
                    row.namespaces.push_back(std::move(nr));
                }
                row.namespaces[it->second].paths.push_back(pr);
            }
            row.controllers.push_back(c);
        }
        std::sort(row.namespaces.begin(), row.namespaces.end(),
                  [](const nvme_namespace_row& a, const nvme_namespace_row& b) { return a.nsid < b.nsid; });
        t.subsystems.push_back(std::move(row));
    }
    return t;
}

namespace {
std::string or_dash(const std::string& s) { return s.empty() ? "-" : escape_text(s); }

// The ANA state of the subsystem's first namespace through controller `c`
// (nvme list-subsys shows the first namespace's paths).
std::string first_namespace_state(const nvme_subsystem_row& s, const nvme_controller_row& c)
{
    if (s.namespaces.empty()) return "";
    for (const nvme_path_row& p : s.namespaces.front().paths)
        if (p.controller == c.name) return p.ana_state.empty() ? "-" : p.ana_state;
    return "";
}
} // namespace

std::string nvme_topology_text(const nvme_topology& t)
{
    std::string out;
    std::size_t paths = 0;
    for (const auto& s : t.subsystems)
        for (const auto& n : s.namespaces) paths += n.paths.size();
    out += fmt::format("{}: {} NVMe subsystem{}, {} path{}\n", escape_text(t.source), t.subsystems.size(),
                       t.subsystems.size() == 1 ? "" : "s", paths, paths == 1 ? "" : "s");
    for (const nvme_subsystem_row& s : t.subsystems) {
        // nvme list-subsys (nvme-cli's stdout_subsys_config / stdout_subsystem_multipath).
        const std::string indent(s.name.size() + 3, ' ');
        out += fmt::format("\n{} - NQN={}\n", escape_text(s.name), escape_text(s.nqn));
        if (!s.iopolicy.empty()) out += fmt::format("{}iopolicy={}\n", indent, escape_text(s.iopolicy));
        if (!s.model.empty()) out += fmt::format("{}model={}\n", indent, escape_text(s.model));
        if (!s.serial.empty()) out += fmt::format("{}serial={}\n", indent, escape_text(s.serial));
        if (!s.firmware.empty()) out += fmt::format("{}firmware={}\n", indent, escape_text(s.firmware));
        out += "\\\n";
        for (const nvme_controller_row& c : s.controllers) {
            std::string line = fmt::format(" +- {} {} {} {}", escape_text(c.name), or_dash(c.transport),
                                           or_dash(c.address), or_dash(c.state));
            const std::string ana = first_namespace_state(s, c);
            if (!ana.empty()) line += " " + escape_text(ana);
            out += line + "\n";
        }
        // mpio's view: each namespace, its paths, ANA group and cross-check.
        for (const nvme_namespace_row& n : s.namespaces) {
            std::size_t usable = 0;
            for (const auto& p : n.paths) usable += p.usable ? 1 : 0;
            out += fmt::format("namespace {}{}{}: {} path{}, {} usable\n", n.nsid,
                               n.name.empty() ? "" : " (" + escape_text(n.name) + ")",
                               n.wwid.empty() ? "" : " wwid=" + escape_text(n.wwid), n.paths.size(),
                               n.paths.size() == 1 ? "" : "s", usable);
            for (const nvme_path_row& p : n.paths) {
                std::string line =
                    fmt::format("  {} {} cntlid={} ana_grpid={} {}", escape_text(p.name), escape_text(p.controller),
                                p.cntlid < 0 ? std::string("-") : std::to_string(p.cntlid),
                                p.anagrpid < 0 ? std::string("-") : std::to_string(p.anagrpid), or_dash(p.ana_state));
                if (!p.check.empty() && p.check != "consistent") {
                    line += " (" + p.check;
                    if (p.ana_group >= 0 && p.ana_group != p.anagrpid)
                        line += fmt::format(": log group {}", p.ana_group);
                    line += ")";
                }
                if (!p.usable) line += " (not usable)";
                out += line + "\n";
            }
        }
    }
    return out;
}

std::string nvme_topology_json(const nvme_topology& t, bool sysfs)
{
    const auto opt_text = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
    const auto opt_number = [](std::int64_t v) { return v < 0 ? json(nullptr) : json(v); };
    json doc = {{"source", {{"kind", sysfs ? "nvme-sysfs" : "nvme-directory"}, {"path", t.source}}}};
    json subsystems = json::array();
    for (const nvme_subsystem_row& s : t.subsystems) {
        json sj = {{"name", s.name},
                   {"nqn", s.nqn},
                   {"model", opt_text(s.model)},
                   {"serial", opt_text(s.serial)},
                   {"firmware", opt_text(s.firmware)},
                   {"iopolicy", opt_text(s.iopolicy)}};
        json controllers = json::array();
        for (const nvme_controller_row& c : s.controllers) {
            const std::string ana = first_namespace_state(s, c);
            controllers.push_back({{"name", c.name},
                                   {"cntlid", opt_number(c.cntlid)},
                                   {"transport", opt_text(c.transport)},
                                   {"address", opt_text(c.address)},
                                   {"state", opt_text(c.state)},
                                   {"ana_state", ana.empty() || ana == "-" ? json(nullptr) : json(ana)}});
        }
        sj["controllers"] = std::move(controllers);
        json namespaces = json::array();
        for (const nvme_namespace_row& n : s.namespaces) {
            std::size_t usable = 0;
            json pj = json::array();
            for (const nvme_path_row& p : n.paths) {
                usable += p.usable ? 1 : 0;
                pj.push_back({{"name", p.name},
                              {"controller", p.controller},
                              {"cntlid", opt_number(p.cntlid)},
                              {"anagrpid", opt_number(p.anagrpid)},
                              {"ana_group", opt_number(p.ana_group)},
                              {"ana_state", opt_text(p.ana_state)},
                              {"ana_check", opt_text(p.check)},
                              {"usable", p.usable}});
            }
            namespaces.push_back({{"nsid", n.nsid},
                                  {"name", opt_text(n.name)},
                                  {"wwid", opt_text(n.wwid)},
                                  {"path_count", n.paths.size()},
                                  {"usable_paths", usable},
                                  {"paths", std::move(pj)}});
        }
        sj["namespaces"] = std::move(namespaces);
        subsystems.push_back(std::move(sj));
    }
    doc["subsystems"] = std::move(subsystems);
    json errors = json::array();
    for (const file_problem& e : t.errors)
        errors.push_back({{"file", e.file}, {"code", e.error.code}, {"message", e.error.message}});
    doc["errors"] = std::move(errors);
    return doc.dump(2, ' ', true, json::error_handler_t::replace) + "\n";
}

} // namespace mpio_inspect
