// SPDX-License-Identifier: MIT
// topology_model.cpp - see topology_model.hpp.
#include "topology_model.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include <mpio/core/errc.hpp>
#include <mpio/hosted/topology_store.hpp>
#include <mpio/ident/schemes.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_supported_pages.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>
#include <mpio/topology.hpp>

#include "text_format.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;
namespace ident = mpio::ident;
namespace topo = mpio::topology;
using topo::path_state;

struct policy_name {
    grouping_policy policy;
    const char* name; // the --group value; to_string(policy) is the other accepted spelling
};
constexpr policy_name policy_names[] = {
    {grouping_policy::failover, "failover"},
    {grouping_policy::multibus, "multibus"},
    {grouping_policy::group_by_serial, "serial"},
    {grouping_policy::group_by_prio, "prio"},
    {grouping_policy::group_by_node_name, "node_name"},
    {grouping_policy::group_by_tpg, "tpg"},
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

// An ASCII field of a response as text: printable() escapes the rest as \xNN.
std::string text_of(mpio::ascii_view v) { return printable(v); }

std::string errc_text(mpio::errc e) { return fmt::format("{} ({})", mpio::errc_message(e), mpio::errc_name(e)); }

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
        {"active/optimized", s::active_optimized},
        {"active/non-optimized", s::active_non_optimized},
        {"standby", s::standby},
        {"unavailable", s::unavailable},
        {"lba-dependent", s::logical_block_dependent},
        {"offline", s::offline},
        {"transitioning", s::transitioning},
    };
    for (const auto& [name, state] : table)
        if (text == name) return out = state, true;
    return false;
}

// The generic claimer: takes every device, as MSDSM does when no vendor DSM
// claimed it first (here there is no vendor DSM).
struct claim_every_device {
    constexpr bool claims(const ident::device_description&) const noexcept { return true; }
    constexpr bool is_generic() const noexcept { return true; }
};

// discover_path() takes the scheme as a type: pick it by name.
template <class Verify, class... Scheme>
topo::discovery_result discover_by_name(const std::string& scheme, mpio::hosted::topology_store& store,
                                        const topo::path_report& report, Verify verify)
{
    static constexpr claim_every_device claimers[1]{};
    topo::discovery_result out;
    bool done = false;
    (void)((!done && scheme == Scheme::name
                ? (out = topo::discover_path<Scheme>(store, claimers, 1, report, 0, verify), done = true)
                : false) ||
           ...);
    return out;
}

template <class Verify>
topo::discovery_result discover(const std::string& scheme, mpio::hosted::topology_store& store,
                                const topo::path_report& report, Verify verify)
{
    // Every scheme of the table, which is what --scheme accepts.
    static_assert(ident::scheme_count == 7, "a scheme was added to mpio/ident/schemes.hpp: list it here too");
    return discover_by_name<Verify, ident::mpio_scheme, ident::multipath_tools_scheme, ident::linux_wwid_scheme,
                            ident::msdsm_scheme, ident::illumos_devid_scheme, ident::systemd_scsi_id_scheme,
                            ident::sg3_utils_udev_scheme>(scheme, store, report, verify);
}

// What the library does not check or keep: each response parses (else a
// one-line error), the serial number and target device name as text, the
// path identity for printing, the identifier text.
void examine_path(path_view& p, const ident::scheme_entry& scheme)
{
    const path_dump& d = *p.dump;
    for (const mpio::hosted::path_problem& e : d.problems) p.errors.push_back({e.file, {e.code, e.message, e.offset}});
    p.state = state_of(d.os_state);
    if (!d.os_state.empty() && d.os_state != "running")
        p.notes.push_back(fmt::format("scsi_device state {}", escape_text(d.os_state)));

    if (d.inquiry.usable()) {
        const auto inq = scsi::parse_standard_inquiry(view_of(d.inquiry));
        if (!inq) content_error(p, d.inquiry, "standard INQUIRY", inq.error(), 0);
    }
    if (d.vpd80.usable()) {
        const auto page = scsi::parse_unit_serial_number(select_page(d.vpd80, 0x80));
        if (page)
            p.serial = text_of(page->product_serial_number_trimmed());
        else
            content_error(p, d.vpd80, "Unit Serial Number VPD page", page.error(), 0);
    }
    bool has_vpd0 = false, vpd0_lists_83 = false;
    if (d.vpd0.usable()) {
        const auto page = scsi::parse_supported_vpd_pages(select_page(d.vpd0, 0x00));
        if (page)
            has_vpd0 = true, vpd0_lists_83 = page->supports(0x83);
        else
            content_error(p, d.vpd0, "Supported VPD Pages", page.error(), 0);
    }
    if (d.vpd83.usable()) {
        const auto page = scsi::parse_device_identification(select_page(d.vpd83, 0x83));
        if (page) {
            const ident::derived_path_identity derived = ident::derive_path_identity(*page);
            p.id = derived.identity;
            // The page header is 4 bytes: offsets in the file, not in the descriptor list.
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
        p.notes.push_back(has_vpd0 && vpd0_lists_83 ? "no vpd_pg83 although vpd_pg0 lists page 83h: not read"
                          : has_vpd0                ? "no vpd_pg83 (vpd_pg0 does not list page 83h)"
                                                    : "no vpd_pg83");
    }
    if (d.rtpg.usable()) {
        const auto rtpg = scsi::parse_report_target_port_groups(view_of(d.rtpg));
        if (!rtpg) {
            content_error(p, d.rtpg, "REPORT TARGET PORT GROUPS", rtpg.error(), 0);
        } else {
            auto it = rtpg->target_port_groups().begin();
            while (!it.done()) ++it;
            if (it.error() != mpio::errc::none)
                content_error(p, d.rtpg, "REPORT TARGET PORT GROUPS", it.error(), it.offset() + rtpg->header_size());
        }
    }

    ident::identity_input in;
    in.standard_inquiry = view_of(d.inquiry);
    in.vpd80 = select_page(d.vpd80, 0x80);
    in.vpd83 = select_page(d.vpd83, 0x83);
    const ident::device_identity id = scheme.derive(in);
    p.identity_status = to_string(id.status());
    p.identity_source = to_string(id.source());
    if (id.status() != ident::identity_status::none) p.identity = id.text().c_str();
}

// Feeds one path to the discovery flow; the device it joined, or no_index.
topo::device_index discover_path(path_view& p, std::size_t handle, mpio::hosted::topology_store& store,
                                 const topology_options& options)
{
    const path_dump& d = *p.dump;
    if (!d.problems.empty()) {
        // Skipped: the exit status says so (1), and the reason names the file.
        const mpio::hosted::path_problem& first = d.problems.front();
        p.not_grouped_reason = fmt::format(
            "skipped: {}: {}", escape_text(std::filesystem::path(first.file).filename().string()), first.message);
        return topo::no_index;
    }
    topo::path_report report;
    report.handle = handle;
    report.input.standard_inquiry = view_of(d.inquiry);
    report.input.vpd80 = select_page(d.vpd80, 0x80);
    report.input.vpd83 = select_page(d.vpd83, 0x83);
    report.rtpg = view_of(d.rtpg);
    // Step 5 (DsmPathVerify): a scsi_device that is not running fails it.
    const path_state wanted = p.state;
    const auto verify = [wanted](topo::path_handle, const topo::path&) { return wanted == path_state::active; };
    const topo::discovery_result r = discover(options.scheme, store, report, verify);
    p.discovery = to_string(r.outcome);

    if (r.facts.alua_error != mpio::errc::none && d.rtpg.usable()) {
        if (!p.id.has_target_port_group() && !p.id.has_relative_target_port())
            p.notes.push_back("no ALUA state: VPD 83h gives neither a target port group nor a relative target port");
        else
            p.notes.push_back(fmt::format("no ALUA state from RTPG: {}", errc_text(r.facts.alua_error)));
    }
    if (!r.grouped()) {
        if (r.outcome == topo::discovery_outcome::identity_not_ready)
            p.not_grouped_reason = fmt::format("identity not ready yet ({})", p.identity);
        else if (r.outcome == topo::discovery_outcome::no_identity)
            p.not_grouped_reason = fmt::format("no identity: {}", errc_text(r.error));
        else if (r.error != mpio::errc::none)
            p.not_grouped_reason = fmt::format("{}: {}", to_string(r.outcome), errc_text(r.error));
        else
            p.not_grouped_reason = to_string(r.outcome);
        return topo::no_index;
    }
    topo::path& stored = store.path_at(r.path);
    if (wanted == path_state::pending_verification) (void)store.set_path_state(r.path, wanted);
    // No RTPG data (sysfs has none): scsi_dh_alua's access_state, for an
    // ALUA device.
    scsi::asymmetric_access_state sysfs_state{};
    if (!stored.has_alua_state() && store.device_at(r.device).mode() != topo::alua_mode::none &&
        access_state_of(d.access_state, sysfs_state)) {
        stored.set_alua_state(sysfs_state, d.preferred_path == 1);
        p.alua_source = "sysfs access_state";
    } else if (stored.has_alua_state()) {
        p.alua_source = "rtpg";
    }
    p.grouped = true;
    return r.device;
}

// The library's view of a grouped path, copied for printing.
void read_back(path_view& p, const topo::path& stored, bool exclusive_pref_bit)
{
    p.state = stored.state();
    p.has_alua = stored.has_alua_state();
    p.alua_state = stored.alua_state();
    p.pref = p.has_alua && stored.pref();
    p.has_tpg = stored.has_target_port_group();
    p.tpg = stored.target_port_group();
    p.usable = stored.usable();
    p.priority = topo::alua_priority(stored, exclusive_pref_bit);
    if (p.alua_source == "rtpg") {
        p.tpg_check = ident::to_string(stored.tpg_check());
        if (stored.tpg_check() == ident::tpg_cross_check::group_mismatch)
            p.notes.push_back("VPD 83h and RTPG's port lists disagree on the target port group");
        else if (stored.tpg_check() == ident::tpg_cross_check::port_not_listed)
            p.notes.push_back("RTPG lists the relative target port in no group");
    }
    if (!p.has_alua) p.alua_source.clear();
}

const char* mode_name(topo::alua_mode m)
{
    switch (m) {
    case topo::alua_mode::none: return "none";
    case topo::alua_mode::implicit: return "implicit";
    case topo::alua_mode::explicit_: return "explicit";
    case topo::alua_mode::both: return "both";
    }
    return "unknown";
}

const char* rtpg_name(topo::rtpg_outcome o)
{
    switch (o) {
    case topo::rtpg_outcome::not_issued: return "not_issued";
    case topo::rtpg_outcome::answered: return "answered";
    case topo::rtpg_outcome::failed: return "failed";
    }
    return "unknown";
}

const char* agreement_name(topo::alua_agreement a)
{
    switch (a) {
    case topo::alua_agreement::consistent: return "consistent";
    case topo::alua_agreement::unconfirmed: return "unconfirmed";
    case topo::alua_agreement::rtpg_without_tpgs: return "rtpg_without_tpgs";
    case topo::alua_agreement::tpgs_without_rtpg: return "tpgs_without_rtpg";
    }
    return "unknown";
}

void describe_device(device_view& dev, const topo::multipath_device& d)
{
    for (const path_view* p : dev.paths) {
        const auto inq = scsi::parse_standard_inquiry(view_of(p->dump->inquiry));
        if (!inq) continue;
        dev.vendor = text_of(inq->t10_vendor_identification_trimmed());
        dev.product = text_of(inq->product_identification_trimmed());
        dev.revision = text_of(inq->product_revision_level_trimmed());
        break;
    }
    const topo::alua_support& a = d.alua();
    dev.alua.mode = mode_name(a.mode);
    dev.alua.tpgs = static_cast<int>(a.tpgs);
    dev.alua.rtpg = rtpg_name(a.rtpg);
    dev.alua.agreement = agreement_name(a.agreement);
    if (a.agreement == topo::alua_agreement::rtpg_without_tpgs)
        dev.notes.push_back("INQUIRY TPGS is 0 but REPORT TARGET PORT GROUPS answered: treated as implicit ALUA "
                            "(Linux scsi_dh_alua would not attach; MSDSM probes RTPG anyway)");
    else if (a.agreement == topo::alua_agreement::tpgs_without_rtpg)
        dev.notes.push_back("INQUIRY TPGS is set but REPORT TARGET PORT GROUPS failed: treated as no ALUA");
    if (dev.identity_source == "unit serial number")
        dev.notes.push_back("identity from the Unit Serial Number VPD page (no usable VPD 83h designator): "
                            "paths that return page 83h name this logical unit differently");
}

void build_groups(device_view& dev, topo::device_index di, const mpio::hosted::topology_store& store,
                  std::vector<path_view>& paths, const topology_options& options)
{
    const auto grouping = topo::group_device<mpio::hosted::topology_store::paths_per_device>(
        store, di, options.grouping, options.exclusive_pref_bit);
    if (!grouping) { // more paths than a device holds: the store refused them already
        dev.notes.push_back(fmt::format("cannot group the paths: {}", errc_text(grouping.error())));
        return;
    }
    const auto best = grouping->best_group();
    for (std::size_t g = 0; g < grouping->group_count(); ++g) {
        const topo::path_group& pg = grouping->group(g);
        group_view gv;
        gv.priority = pg.priority;
        gv.usable_paths = pg.usable_paths;
        gv.status = pg.usable_paths == 0 ? "failed" : (best && *best == g) ? "active" : "enabled";
        grouping->for_each_path_in(g, [&](topo::path_index pi) {
            const topo::path& stored = store.path_at(pi);
            path_view& p = paths[static_cast<std::size_t>(stored.handle())];
            read_back(p, stored, options.exclusive_pref_bit);
            gv.paths.push_back(&p);
        });
        dev.groups.push_back(std::move(gv));
    }
}

} // namespace

bool parse_grouping_policy(const std::string& name, grouping_policy& out)
{
    for (const policy_name& n : policy_names)
        if (name == n.name || name == to_string(n.policy)) return out = n.policy, true;
    return false;
}

std::vector<std::string> grouping_policy_names()
{
    std::vector<std::string> names;
    for (const policy_name& n : policy_names) {
        names.emplace_back(n.name);
        if (names.back() != to_string(n.policy)) names.emplace_back(to_string(n.policy));
    }
    return names;
}

topology_view build_topology(const dump_set& set, const topology_options& options)
{
    topology_view view;
    const ident::scheme_entry* scheme = ident::find_scheme(options.scheme.c_str());
    if (scheme == nullptr) scheme = &ident::schemes[0];

    view.paths.resize(set.paths.size()); // no reallocation below: the views point into it
    mpio::hosted::topology_store store;
    std::map<topo::device_index, std::size_t> device_of; // store index -> view.devices
    for (std::size_t i = 0; i < set.paths.size(); ++i) {
        path_view& p = view.paths[i];
        p.dump = &set.paths[i];
        examine_path(p, *scheme);
        const topo::device_index di = discover_path(p, i, store, options);
        if (di == topo::no_index) {
            view.not_grouped.push_back(&p);
            continue;
        }
        // Devices are named in the order of their first path.
        const auto [at, inserted] = device_of.try_emplace(di, view.devices.size());
        if (inserted) {
            device_view dev;
            dev.name = fmt::format("mpio{}", view.devices.size());
            dev.identity = p.identity;
            dev.identity_source = p.identity_source;
            view.devices.push_back(std::move(dev));
        }
        view.devices[at->second].paths.push_back(&p);
    }

    for (const auto& [di, index] : device_of) {
        device_view& dev = view.devices[index];
        describe_device(dev, store.device_at(di));
        build_groups(dev, di, store, view.paths, options);
    }

    // A device identified by its serial number while another device has
    // paths with the same serial: most likely one logical unit, seen through
    // a path that did not return page 83h (multipath-tools splits it too).
    std::map<std::string, const device_view*> by_serial; // serial -> first other device with it
    for (const device_view& dev : view.devices) {
        if (dev.identity_source == "unit serial number") continue;
        for (const path_view* p : dev.paths)
            if (!p->serial.empty()) by_serial.try_emplace(p->serial, &dev);
    }
    for (device_view& dev : view.devices) {
        if (dev.identity_source != "unit serial number" || dev.paths.empty()) continue;
        const auto other = by_serial.find(dev.paths[0]->serial);
        if (other == by_serial.end()) continue;
        dev.notes.push_back(fmt::format("{} has paths with the same unit serial number ({}): probably the same "
                                        "logical unit, reached through a path without a usable VPD 83h",
                                        other->second->name, other->first));
    }
    for (const path_view& p : view.paths) view.error_count += static_cast<unsigned>(p.errors.size());
    return view;
}

} // namespace mpio_inspect
