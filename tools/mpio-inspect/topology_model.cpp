// topology_model.cpp - see topology_model.hpp.
#include "topology_model.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <mpio/core/errc.hpp>
#include <mpio/ident/schemes.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_supported_pages.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;
namespace ident = mpio::ident;
using mpio::topology::path_state;

struct policy_name {
    grouping_policy policy;
    const char* name;      // the --group value
    const char* long_name; // multipath.conf path_grouping_policy
};
constexpr policy_name policy_names[] = {
    {grouping_policy::failover, "failover", "failover"},
    {grouping_policy::multibus, "multibus", "multibus"},
    {grouping_policy::group_by_serial, "serial", "group_by_serial"},
    {grouping_policy::group_by_prio, "prio", "group_by_prio"},
    {grouping_policy::group_by_node_name, "node_name", "group_by_node_name"},
    {grouping_policy::group_by_tpg, "tpg", "group_by_tpg"},
};

mpio::byte_view view_of(const dump_file& f)
{
    return f.usable() ? mpio::byte_view{f.data.bytes.data(), f.data.bytes.size()} : mpio::byte_view{};
}

// A VPD file may hold just that page, or several pages back to back (as
// `sg_vpd --all --hex` saves them): then the page with this code.
mpio::byte_view select_page(const dump_file& f, std::uint8_t page_code)
{
    const mpio::byte_view data = view_of(f);
    if (data.empty() || data.at_or(1) == page_code) return data;
    if (const auto page = scsi::vpd_page_list(data).find(page_code)) return page->bytes();
    return data; // the parser reports the wrong page code
}

std::string text_of(mpio::ascii_view v)
{
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const char c = v[i];
        s += (c >= 0x20 && c < 0x7f) ? c : '.';
    }
    return s;
}

std::string errc_text(mpio::errc e)
{
    return fmt::format("{} ({})", mpio::errc_message(e), mpio::errc_name(e));
}

void content_error(path_view& p, const dump_file& f, const char* what, mpio::errc e, std::size_t offset)
{
    p.errors.push_back({f.path, {mpio::errc_name(e), fmt::format("{}: {}", what, mpio::errc_message(e)), offset}});
}

// sysfs `state` (scsi_sysfs.c sdev_states) to the administrative state.
path_state state_of(const std::string& os_state)
{
    if (os_state.empty() || os_state == "running") return path_state::active;
    if (os_state == "blocked" || os_state == "created-blocked" || os_state == "quiesce" || os_state == "created")
        return path_state::pending_verification;
    return path_state::failed; // offline, transport-offline, cancel, deleted, anything unknown
}

// sysfs `access_state` (scsi_sysfs.c sdev_access_states) to the ALUA state.
bool access_state_of(const std::string& text, scsi::asymmetric_access_state& out)
{
    using s = scsi::asymmetric_access_state;
    static const std::pair<const char*, s> table[] = {
        {"active/optimized", s::active_optimized}, {"active/non-optimized", s::active_non_optimized},
        {"standby", s::standby},                   {"unavailable", s::unavailable},
        {"lba-dependent", s::logical_block_dependent}, {"offline", s::offline},
        {"transitioning", s::transitioning},
    };
    for (const auto& [name, state] : table)
        if (text == name) return out = state, true;
    return false;
}

// prioritizers/alua.c of multipath-tools.
int alua_priority(scsi::asymmetric_access_state s, bool pref, bool exclusive_pref_bit)
{
    using st = scsi::asymmetric_access_state;
    int prio = 0;
    switch (s) {
    case st::active_optimized: prio = 50; break;
    case st::active_non_optimized: prio = 10; break;
    case st::logical_block_dependent: prio = 5; break;
    case st::standby: prio = 1; break;
    default: prio = 0; break;
    }
    if (pref && (s != st::active_optimized || exclusive_pref_bit)) prio += 80;
    return prio;
}

bool alua_usable(scsi::asymmetric_access_state s)
{
    using st = scsi::asymmetric_access_state;
    return s != st::unavailable && s != st::offline && s != st::transitioning;
}

// Everything that does not depend on the other paths.
void examine_path(path_view& p, const ident::scheme_entry& scheme)
{
    const path_dump& d = *p.dump;
    p.errors = d.problems;
    p.state = state_of(d.os_state);
    if (!d.os_state.empty() && d.os_state != "running") p.notes.push_back(fmt::format("scsi_device state {}", d.os_state));

    // Each response parses, or its problem is reported.
    if (d.inquiry.usable()) {
        const auto inq = scsi::parse_standard_inquiry(view_of(d.inquiry));
        if (!inq) content_error(p, d.inquiry, "standard INQUIRY", inq.error(), 0);
    }
    if (d.vpd80.usable()) {
        const auto page = scsi::parse_unit_serial_number(select_page(d.vpd80, 0x80));
        if (page) p.serial = text_of(page->product_serial_number_trimmed());
        else content_error(p, d.vpd80, "Unit Serial Number VPD page", page.error(), 0);
    }
    bool vpd83_lists = false; // page 0 says 83h is supported
    bool has_vpd0 = false;
    if (d.vpd0.usable()) {
        const auto page = scsi::parse_supported_vpd_pages(select_page(d.vpd0, 0x00));
        if (page) has_vpd0 = true, vpd83_lists = page->supports(0x83);
        else content_error(p, d.vpd0, "Supported VPD Pages", page.error(), 0);
    }
    if (d.vpd83.usable()) {
        const auto page = scsi::parse_device_identification(select_page(d.vpd83, 0x83));
        if (page) {
            const ident::derived_path_identity derived = ident::derive_path_identity(*page);
            p.id = derived.identity;
            if (!derived.ok() && derived.error != mpio::errc::legacy_layout)
                content_error(p, d.vpd83, "Device Identification VPD page", derived.error, derived.error_offset + 4);
            if (p.id.has_target_device_name()) {
                mpio::fixed_text<ident::path_identity_text_capacity> name;
                p.node_name = p.id.target_device_name().append_to(name).c_str();
            }
        } else {
            content_error(p, d.vpd83, "Device Identification VPD page", page.error(), 0);
        }
    } else if (!d.vpd83.present) {
        p.notes.push_back(has_vpd0 && vpd83_lists ? "no vpd_pg83 although vpd_pg0 lists page 83h: not read"
                          : has_vpd0          ? "no vpd_pg83 (vpd_pg0 does not list page 83h)"
                                              : "no vpd_pg83");
    }

    // ALUA state: RTPG (with the path's TPG / relative port), else sysfs.
    if (d.rtpg.usable()) {
        const auto rtpg = scsi::parse_report_target_port_groups(view_of(d.rtpg));
        if (!rtpg) {
            content_error(p, d.rtpg, "REPORT TARGET PORT GROUPS", rtpg.error(), 0);
        } else {
            const auto groups = rtpg->target_port_groups();
            auto it = groups.begin();
            while (!it.done()) ++it;
            if (it.error() != mpio::errc::none)
                content_error(p, d.rtpg, "REPORT TARGET PORT GROUPS", it.error(), it.offset() + rtpg->header_size());
            if (p.id.has_target_port_group() || p.id.has_relative_target_port()) {
                const auto state = ident::alua_state_of(p.id, *rtpg);
                if (state) {
                    p.has_alua = true;
                    p.alua_state = state->state;
                    p.pref = state->pref;
                    p.alua_source = "rtpg";
                    p.tpg_check = ident::to_string(state->check);
                    if (!p.id.has_target_port_group()) p.id.set_target_port_group(state->target_port_group);
                    if (state->check == ident::tpg_cross_check::group_mismatch)
                        p.notes.push_back(fmt::format("VPD 83h says target port group {}, RTPG lists the port in group {}",
                                                      state->target_port_group, state->rtpg_group));
                    else if (state->check == ident::tpg_cross_check::port_not_listed)
                        p.notes.push_back("RTPG lists the relative target port in no group");
                } else {
                    p.notes.push_back(fmt::format("no ALUA state: {}", errc_text(state.error())));
                }
            } else {
                p.notes.push_back("no ALUA state: no target port group or relative target port in VPD 83h");
            }
        }
    }
    if (!p.has_alua && !d.access_state.empty()) {
        if (access_state_of(d.access_state, p.alua_state)) {
            p.has_alua = true;
            p.pref = d.preferred_path == 1;
            p.alua_source = "sysfs access_state";
        }
    }

    // Device identity.
    ident::identity_input in;
    in.standard_inquiry = view_of(d.inquiry);
    in.vpd80 = select_page(d.vpd80, 0x80);
    in.vpd83 = select_page(d.vpd83, 0x83);
    const ident::device_identity id = scheme.derive(in);
    p.identity_status = to_string(id.status());
    p.identity_source = to_string(id.source());
    if (id.status() != ident::identity_status::none) p.identity = id.text().c_str();

    if (!d.problems.empty()) {
        p.not_grouped_reason = "a file could not be read";
    } else if (id.status() == ident::identity_status::not_ready) {
        p.not_grouped_reason = fmt::format("identity not ready yet ({})", p.identity);
    } else if (!id.found()) {
        p.not_grouped_reason = fmt::format("no identity: {}", errc_text(id.reason()));
    } else {
        p.grouped = true;
    }
}

alua_view decide_alua(const std::vector<const path_view*>& paths, std::vector<std::string>& notes)
{
    alua_view a;
    int tpgs_seen = -1;
    bool tpgs_differ = false;
    bool answered = false, failed = false;
    for (const path_view* p : paths) {
        const path_dump& d = *p->dump;
        if (const auto inq = scsi::parse_standard_inquiry(view_of(d.inquiry))) {
            const int t = static_cast<int>(inq->tpgs());
            if (tpgs_seen < 0) tpgs_seen = t;
            else if (t != tpgs_seen) tpgs_differ = true;
        }
        if (d.rtpg.usable()) {
            if (scsi::parse_report_target_port_groups(view_of(d.rtpg))) answered = true;
            else failed = true;
        } else if (d.rtpg.present) {
            failed = true;
        }
    }
    if (tpgs_differ) notes.push_back("the paths report different INQUIRY TPGS values; the first path's is used");
    a.tpgs = tpgs_seen;
    a.rtpg = answered ? "answered" : failed ? "failed" : "not_issued";
    const int claimed = tpgs_seen < 0 ? 0 : tpgs_seen;
    static const char* const modes[] = {"none", "implicit", "explicit", "both"};
    if (claimed == 0) {
        if (answered) {
            a.mode = "implicit";
            a.agreement = "rtpg_without_tpgs";
            notes.push_back("INQUIRY TPGS is 0 but REPORT TARGET PORT GROUPS answered: treated as implicit ALUA "
                            "(Linux scsi_dh_alua would not attach; MSDSM probes RTPG anyway)");
        }
    } else if (answered) {
        a.mode = modes[claimed];
    } else if (failed) {
        a.agreement = "tpgs_without_rtpg";
        notes.push_back("INQUIRY TPGS is set but REPORT TARGET PORT GROUPS failed: treated as no ALUA");
    } else {
        a.mode = modes[claimed];
        a.agreement = "unconfirmed";
    }
    return a;
}

// The grouping key of a path under a policy (paths with equal keys share a group).
std::string group_key(const path_view& p, grouping_policy policy, std::size_t index)
{
    switch (policy) {
    case grouping_policy::failover: return std::to_string(index);
    case grouping_policy::multibus: return "";
    case grouping_policy::group_by_serial: return p.serial;
    case grouping_policy::group_by_prio: return std::to_string(p.priority);
    case grouping_policy::group_by_node_name: return p.node_name;
    case grouping_policy::group_by_tpg:
        return p.id.has_target_port_group() ? std::to_string(p.id.target_port_group()) : "none";
    }
    return "";
}

void build_groups(device_view& dev, const topology_options& options)
{
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < dev.paths.size(); ++i) {
        const std::string key = group_key(*dev.paths[i], options.grouping, i);
        const auto at = std::find(keys.begin(), keys.end(), key);
        if (at == keys.end()) {
            keys.push_back(key);
            dev.groups.emplace_back();
            dev.groups.back().paths.push_back(dev.paths[i]);
        } else {
            dev.groups[static_cast<std::size_t>(at - keys.begin())].paths.push_back(dev.paths[i]);
        }
    }
    for (group_view& g : dev.groups) {
        long sum = 0;
        unsigned counted = 0;
        for (const path_view* p : g.paths) {
            if (!p->usable) continue;
            ++g.usable_paths;
            if (p->priority >= 0) sum += p->priority, ++counted;
        }
        g.priority = counted == 0 ? 0 : static_cast<int>(sum / counted);
    }
    std::stable_sort(dev.groups.begin(), dev.groups.end(), [](const group_view& a, const group_view& b) {
        if (a.priority != b.priority) return a.priority > b.priority;
        return a.usable_paths > b.usable_paths;
    });
    bool active_given = false;
    for (group_view& g : dev.groups) {
        if (g.usable_paths == 0) g.status = "failed";
        else if (!active_given) g.status = "active", active_given = true;
        else g.status = "enabled";
    }
}

} // namespace

const char* to_string(grouping_policy p)
{
    for (const policy_name& n : policy_names)
        if (n.policy == p) return n.long_name;
    return "unknown";
}

bool parse_grouping_policy(const std::string& name, grouping_policy& out)
{
    for (const policy_name& n : policy_names)
        if (name == n.name || name == n.long_name) return out = n.policy, true;
    return false;
}

std::vector<std::string> grouping_policy_names()
{
    std::vector<std::string> names;
    for (const policy_name& n : policy_names) {
        names.emplace_back(n.name);
        if (std::string(n.name) != n.long_name) names.emplace_back(n.long_name);
    }
    return names;
}

topology_view build_topology(const dump_set& set, const topology_options& options)
{
    topology_view view;
    const ident::scheme_entry* scheme = ident::find_scheme(options.scheme.c_str());
    if (scheme == nullptr) scheme = &ident::schemes[0];

    view.paths.resize(set.paths.size()); // no reallocation below: the views point into it
    for (std::size_t i = 0; i < set.paths.size(); ++i) {
        view.paths[i].dump = &set.paths[i];
        examine_path(view.paths[i], *scheme);
    }

    // Discovery: a path whose identity matches a device joins it, otherwise
    // it starts a new one (in path order, so the names are stable).
    std::map<std::string, std::size_t> by_identity;
    for (path_view& p : view.paths) {
        if (!p.grouped) {
            view.not_grouped.push_back(&p);
            continue;
        }
        const auto [at, inserted] = by_identity.try_emplace(p.identity, view.devices.size());
        if (inserted) {
            device_view dev;
            dev.name = fmt::format("mpio{}", view.devices.size());
            dev.identity = p.identity;
            dev.identity_source = p.identity_source;
            view.devices.push_back(std::move(dev));
        }
        view.devices[at->second].paths.push_back(&p);
    }

    for (device_view& dev : view.devices) {
        for (const path_view* p : dev.paths) {
            const auto inq = scsi::parse_standard_inquiry(view_of(p->dump->inquiry));
            if (!inq) continue;
            dev.vendor = text_of(inq->t10_vendor_identification_trimmed());
            dev.product = text_of(inq->product_identification_trimmed());
            dev.revision = text_of(inq->product_revision_level_trimmed());
            break;
        }
        if (dev.identity_source == "unit serial number")
            dev.notes.push_back("identity from the Unit Serial Number VPD page (no usable VPD 83h designator): "
                                "paths that return page 83h name this logical unit differently");
        dev.alua = decide_alua(dev.paths, dev.notes);
        const bool alua = dev.alua.mode != "none";
        for (const path_view* cp : dev.paths) {
            path_view& p = const_cast<path_view&>(*cp); // the device only groups paths of view.paths
            if (!alua) p.priority = 1; // multipath-tools' "const" prioritiser
            else p.priority = p.has_alua ? alua_priority(p.alua_state, p.pref, options.exclusive_pref_bit) : -1;
            p.usable = mpio::topology::carries_io(p.state) && (!p.has_alua || alua_usable(p.alua_state));
        }
        build_groups(dev, options);
    }
    // A device identified by its serial number while another device has
    // paths with the same serial: most likely one logical unit, seen through
    // a path that did not return page 83h (multipath-tools would split it
    // the same way).
    for (device_view& dev : view.devices) {
        if (dev.identity_source != "unit serial number" || dev.paths.empty() || dev.paths[0]->serial.empty()) continue;
        for (const device_view& other : view.devices) {
            if (&other == &dev) continue;
            for (const path_view* p : other.paths) {
                if (p->serial != dev.paths[0]->serial) continue;
                dev.notes.push_back(fmt::format("{} has paths with the same unit serial number ({}): probably the same "
                                                "logical unit, reached through a path without a usable VPD 83h",
                                                other.name, p->serial));
                break;
            }
        }
    }
    for (const path_view& p : view.paths) view.error_count += static_cast<unsigned>(p.errors.size());
    return view;
}

} // namespace mpio_inspect
