// SPDX-License-Identifier: MIT
// kind_nvme_status.cpp - an NVMe completion: a 16-byte completion queue
// entry, or the 2-byte Status Field alone (little-endian, SC in bits 7:0),
// with the status named and interpreted as Linux native multipath would
// (mpio/recovery/nvme_status_table.hpp, docs/nvme.md).
//
// Auto-detection: never (--as nvme-status).
#include <string>

#include <fmt/format.h>

#include <mpio/nvme/completion_status.hpp>
#include <mpio/recovery/nvme_status_table.hpp>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

namespace nvme = mpio::nvme;
namespace recovery = mpio::recovery;

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    if (data.size() != 2 && data.size() != 16)
        return {v::impossible, fmt::format("{} bytes: a Status Field is 2, a completion queue entry 16", data.size()),
                data.size()};
    detection d{v::plausible, data.size() == 2 ? "a 2-byte Status Field" : "a 16-byte completion queue entry", 0,
                detection::confidence::weak};
    d.auto_detectable = false;
    return d;
}

decode_outcome decode(mpio::byte_view data, const decode_context&, record& body)
{
    nvme::completion_status s;
    record& r = body.child("nvme_status", "");
    if (data.size() == 2) {
        s = nvme::completion_status::from_status_field(mpio::load_le16(data, 0));
    } else if (const auto cqe = nvme::parse_completion_queue_entry(data); cqe && data.size() == 16) {
        r.hex_number("dw0", "Dword 0", cqe->dw0(), 8);
        r.hex_number("dw1", "Dword 1", cqe->dw1(), 8);
        r.number("sqhd", "SQ Head Pointer (SQHD)", cqe->sqhd());
        r.number("sqid", "SQ Identifier (SQID)", cqe->sqid());
        r.hex_number("cid", "Command Identifier (CID)", cqe->cid(), 4);
        r.flag("phase_tag", "Phase Tag (P)", cqe->phase_tag());
        s = cqe->status();
    } else {
        return {false,
                {"too_short",
                 fmt::format("{} bytes: a Status Field is 2 bytes, a completion queue entry 16", data.size()),
                 data.size()}};
    }
    r.hex_number("status_field", "Status Field", s.field(), 4);
    r.code("sct", "Status Code Type (SCT)", static_cast<unsigned>(s.sct()), 1, nvme::to_string(s.sct()));
    r.code("sc", "Status Code (SC)", s.sc(), 2, nvme::to_string(s.code()));
    r.number("crd", "Command Retry Delay (CRD)", s.crd());
    r.flag("more", "More (M)", s.more());
    r.flag("dnr", "Do Not Retry (DNR)", s.dnr());
    r.flag("path_error", "Path error (SCT 3h)", s.is_path_error());
    r.flag("ana_error", "ANA error", s.is_ana_error());
    const recovery::nvme_decision d = recovery::interpret_nvme_status(s);
    record& k = r.child("linux_native_multipath", "Linux native multipath (after the kernel's description)");
    k.text("disposition", "Disposition", recovery::to_string(d.disposition));
    k.text("action", "Action", mpio::recovery::to_string(d.action));
    k.flag("refresh_ana_log", "Re-read the ANA log", d.refresh_ana_log);
    k.text("block_status", "Block status", recovery::to_string(d.block_status));
    k.flag("dm_multipath_path_error", "dm-multipath path error", d.dm_multipath_path_error);
    return {};
}

} // namespace

extern const kind nvme_status_kind{"nvme-status", "nvme_status", "NVMe completion status", detect, decode};

} // namespace mpio_inspect
