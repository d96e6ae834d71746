// SPDX-License-Identifier: MIT
// kind_nvme_identify.cpp - NVMe Identify data: Identify Controller (CNS 01h),
// Identify Namespace (CNS 00h) and the Namespace Identification Descriptor
// list (CNS 03h), as mpio/nvme/ decodes them (docs/nvme.md).
//
// Auto-detection: never. Identify data has no signature or length field, so
// any 4096 bytes could be any of the three: --as nvme-id-ctrl, nvme-id-ns or
// nvme-ns-descs only.
#include <string>

#include <fmt/format.h>

#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>
#include <mpio/nvme/namespace_identification_descriptors.hpp>

#include "kinds.hpp"
#include "text_format.hpp"

namespace mpio_inspect {
namespace {

namespace nvme = mpio::nvme;

// SN, MN and FR are ASCII by the standard, but nothing stops a device (or a
// crafted file) from returning any byte: printable() escapes the rest.
std::string ascii(mpio::ascii_view v) { return printable(v); }

// Identify data is always 4096 bytes: anything shorter (but long enough to
// decode) is only "unlikely", so that auto-detection's error message does
// not suggest an NVMe kind for every unrecognized file.
detection as_only(bool ok, std::size_t size, std::size_t min_size, const char* what)
{
    using v = detection::verdict;
    if (!ok) return {v::impossible, fmt::format("fewer than {} bytes", min_size), size};
    if (size != 4096) return {v::unlikely, fmt::format("{} bytes: Identify data is 4096", size), size};
    detection d{v::plausible, fmt::format("{} bytes of {}", size, what), 0, detection::confidence::weak};
    d.auto_detectable = false;
    return d;
}

// ------------------------------------------------------- Identify Controller

detection detect_ctrl(mpio::byte_view data)
{
    return as_only(nvme::parse_identify_controller(data).has_value(), data.size(), nvme::identify_controller::min_size,
                   "Identify Controller data");
}

decode_outcome decode_ctrl(mpio::byte_view data, const decode_context&, record& body)
{
    const auto parsed = nvme::parse_identify_controller(data);
    if (!parsed)
        return {false,
                {mpio::errc_name(parsed.error()),
                 "fewer than 80 bytes: Identify Controller data is 4096 bytes (VID through CNTLID are the first 80)",
                 data.size()}};
    const nvme::identify_controller& c = *parsed;
    record& r = body.child("nvme_identify_controller", "");
    r.hex_number("vid", "PCI Vendor ID (VID)", c.vid(), 4);
    r.hex_number("ssvid", "PCI Subsystem Vendor ID (SSVID)", c.ssvid(), 4);
    r.text("sn", "Serial Number (SN)", ascii(c.sn().trim_right()));
    r.text("mn", "Model Number (MN)", ascii(c.mn().trim_right()));
    r.text("fr", "Firmware Revision (FR)", ascii(c.fr().trim_right()));
    r.hex_number("ieee", "IEEE OUI Identifier", c.ieee(), 6);
    r.hex_number("cmic", "CMIC", c.cmic(), 2);
    r.flag("cmic_multiple_ports", "Multiple ports", c.cmic_multiple_ports());
    r.flag("cmic_multiple_controllers", "Multiple controllers", c.cmic_multiple_controllers());
    r.flag("cmic_sriov_virtual_function", "SR-IOV virtual function", c.cmic_sriov_virtual_function());
    r.flag("cmic_ana_reporting", "ANA reporting", c.cmic_ana_reporting());
    r.number("mdts", "Maximum Data Transfer Size (MDTS)", c.mdts());
    r.number("cntlid", "Controller ID (CNTLID)", c.cntlid());
    if (c.version_present())
        r.plain("ver", "Version (VER)", fmt::format("{}.{}.{}", c.ver_major(), c.ver_minor(), c.ver_tertiary()));
    if (c.oaes_present()) {
        r.hex_number("oaes", "OAES", c.oaes(), 8);
        r.flag("oaes_ana_change_notices", "ANA change notices", c.oaes_ana_change_notices());
    }
    if (c.crdt_present())
        r.plain("crdt", "Command Retry Delay Times (CRDT1-3)",
                fmt::format("{} {} {} (100 ms units)", c.crdt(1), c.crdt(2), c.crdt(3)));
    if (c.ana_fields_present()) {
        r.number("anatt", "ANA Transition Time (ANATT, s)", c.anatt());
        r.hex_number("anacap", "ANACAP", c.anacap(), 2);
        std::string states;
        for (const auto s : {nvme::ana_state::optimized, nvme::ana_state::non_optimized, nvme::ana_state::inaccessible,
                             nvme::ana_state::persistent_loss, nvme::ana_state::change})
            if (c.anacap_reports(s)) states += std::string(states.empty() ? "" : ", ") + nvme::linux_name(s);
        r.text("anacap_states", "ANA states reported", states);
        r.flag("anacap_anagrpid_static", "ANAGRPID does not change", c.anacap_anagrpid_static());
        r.flag("anacap_nonzero_anagrpid", "Non-zero ANAGRPID supported", c.anacap_nonzero_anagrpid());
        r.number("anagrpmax", "ANA Group Identifier Maximum (ANAGRPMAX)", c.anagrpmax());
        r.number("nanagrpid", "Number of ANA Group Identifiers (NANAGRPID)", c.nanagrpid());
    }
    if (c.mnan_present()) {
        r.number("nn", "Number of Namespaces (NN)", c.nn());
        r.number("mnan", "Maximum Number of Allowed Namespaces (MNAN)", c.mnan());
    }
    if (c.subnqn_present()) r.text("subnqn", "NVM Subsystem NQN (SUBNQN)", ascii(c.subnqn()));
    if (c.truncated()) r.note(fmt::format("truncated: {} of 4096 bytes; later fields are not shown", data.size()));
    return {};
}

// ------------------------------------------------------- Identify Namespace

detection detect_ns(mpio::byte_view data)
{
    return as_only(nvme::parse_identify_namespace(data).has_value(), data.size(), nvme::identify_namespace::min_size,
                   "Identify Namespace data");
}

decode_outcome decode_ns(mpio::byte_view data, const decode_context&, record& body)
{
    const auto parsed = nvme::parse_identify_namespace(data);
    if (!parsed)
        return {false,
                {mpio::errc_name(parsed.error()),
                 "fewer than 32 bytes: Identify Namespace data is 4096 bytes (NSZE through RESCAP are the first 32)",
                 data.size()}};
    const nvme::identify_namespace& n = *parsed;
    record& r = body.child("nvme_identify_namespace", "");
    r.number("nsze", "Namespace Size (NSZE)", n.nsze());
    r.number("ncap", "Namespace Capacity (NCAP)", n.ncap());
    r.number("nuse", "Namespace Utilization (NUSE)", n.nuse());
    r.flag("nmic_shared", "Shared namespace (NMIC)", n.nmic_shared());
    if (n.anagrpid_present()) r.number("anagrpid", "ANA Group Identifier (ANAGRPID)", n.anagrpid());
    if (n.identifiers_present()) {
        r.hex("nguid", "NGUID", n.nguid());
        r.hex("eui64", "EUI64", n.eui64());
    }
    r.number("flbas_index", "Formatted LBA index", n.formatted_lba_index());
    std::vector<record>& formats = r.list("lba_formats", "LBA formats");
    for (std::size_t i = 0; i < n.lba_format_count(); ++i) {
        const auto f = n.lba_format_at(i);
        if (!f) break;
        record item(fmt::format("LBA format {}", i));
        item.number("ms", "Metadata size (MS)", f->ms);
        item.number("lbads", "LBA data size (LBADS, log2)", f->lbads);
        item.code("rp", "Relative performance (RP)", static_cast<unsigned>(f->rp), 0, nvme::to_string(f->rp));
        formats.push_back(std::move(item));
    }
    if (n.truncated()) r.note(fmt::format("truncated: {} of 4096 bytes; later fields are not shown", data.size()));
    return {};
}

// ------------------------------------ Namespace Identification Descriptors

detection detect_descs(mpio::byte_view data)
{
    using v = detection::verdict;
    const auto d = *nvme::parse_namespace_identification_descriptors(data);
    const mpio::list_status s = d.status();
    if (!s.ok())
        return {v::unlikely, fmt::format("descriptor at byte {}: {}", s.offset, mpio::errc_name(s.error)), s.offset};
    if (!d.terminated()) return {v::unlikely, "no NIDL 0 terminator", data.size()};
    return as_only(true, data.size(), 0, "Namespace Identification Descriptors");
}

decode_outcome decode_descs(mpio::byte_view data, const decode_context&, record& body)
{
    const auto d = *nvme::parse_namespace_identification_descriptors(data);
    record& r = body.child("nvme_namespace_identification_descriptors", "");
    std::vector<record>& list = r.list("descriptors", "Descriptors");
    for (const nvme::namespace_identification_descriptor e : d.descriptors()) {
        record item(nvme::to_string(e.nidt()));
        item.code("nidt", "Type (NIDT)", static_cast<unsigned>(e.nidt()), 2, nvme::to_string(e.nidt()));
        item.number("nidl", "Length (NIDL)", e.nidl());
        item.hex("nid", "Identifier (NID)", e.nid());
        list.push_back(std::move(item));
    }
    const mpio::list_status s = d.status();
    if (!s.ok()) r.error(problem_from(s.error, s.offset));
    if (d.truncated()) r.note("truncated: the list ends before a NIDL 0 terminator and before 4096 bytes");
    return {};
}

} // namespace

extern const kind nvme_id_ctrl_kind{"nvme-id-ctrl", "nvme_identify_controller", "NVMe Identify Controller data",
                                    detect_ctrl, decode_ctrl};
extern const kind nvme_id_ns_kind{"nvme-id-ns", "nvme_identify_namespace", "NVMe Identify Namespace data", detect_ns,
                                  decode_ns};
extern const kind nvme_ns_descs_kind{"nvme-ns-descs", "nvme_namespace_identification_descriptors",
                                     "NVMe Namespace Identification Descriptor list", detect_descs, decode_descs};

} // namespace mpio_inspect
