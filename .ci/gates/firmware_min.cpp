// SPDX-License-Identifier: MIT
// .ci/gates/firmware_min.cpp - the minimal firmware profile of the
// firmware-min gate (docs/performance.md, "Firmware footprint").
//
// What a small storage-appliance firmware takes from mpio, and nothing more:
// the INQUIRY, VPD 80h / 83h and REPORT TARGET PORT GROUPS parsers, the
// `mpio` identity scheme and round robin over 8 paths, in the C-callable
// shape a firmware's C code calls (pointer + length in, integers out). Each
// header is included by name (no umbrella), as a firmware does. The state
// lives in static storage, where a firmware keeps it; the gate checks that it
// is all in .bss (no .data: a default-constructed mpio object is all-zero
// bytes, so nothing is copied from flash at start-up).
//
// Every function returns an mpio::errc value as int (0 = success).
#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>

#include <cstddef>
#include <cstdint>

#define FW_API extern "C" __attribute__((used, noinline))

namespace {

constexpr std::size_t fw_paths = 8;

// The firmware's state: one multipath device, its identity and the relative
// target port of each of its 8 paths.
mpio::ident::device_identity fw_identity;
mpio::policy::round_robin<fw_paths, mpio::policy::single_thread> fw_selector;
std::uint16_t fw_port[fw_paths];

int fw_code(mpio::errc e) { return static_cast<int>(e); }

} // namespace

// A path's INQUIRY and VPD pages: the device's identity by the mpio scheme
// (a path of another device is refused: errc::identity_mismatch), the path's relative
// target port from its 83h page, then the path joins the round robin.
FW_API int fw_add_path(std::uint8_t slot, const std::uint8_t* inquiry, std::size_t inquiry_size,
                       const std::uint8_t* vpd80, std::size_t vpd80_size, const std::uint8_t* vpd83,
                       std::size_t vpd83_size)
{
    if (slot >= fw_paths) return fw_code(mpio::errc::invalid_argument);
    const mpio::byte_view inq(inquiry, inquiry_size);
    const auto std_inq = mpio::scsi::parse_standard_inquiry(inq);
    if (!std_inq) return fw_code(std_inq.error());
    if (std_inq->tpgs() == mpio::scsi::target_port_group_support::not_supported)
        return fw_code(mpio::errc::unsupported_format);
    if (vpd80_size != 0) {
        const auto serial = mpio::scsi::parse_unit_serial_number(mpio::byte_view(vpd80, vpd80_size));
        if (!serial) return fw_code(serial.error());
    }
    const mpio::byte_view page83(vpd83, vpd83_size);
    const auto id_page = mpio::scsi::parse_device_identification(page83);
    if (!id_page) return fw_code(id_page.error());

    // The device's identity: the first path sets it, the others must match.
    static mpio::ident::device_identity candidate; // static storage: no 800 bytes on a firmware stack (K4)
    const mpio::ident::identity_input in{
        .standard_inquiry = inq, .vpd80 = mpio::byte_view(vpd80, vpd80_size), .vpd83 = page83};
    if (mpio::ident::mpio_scheme::derive(in, candidate) != mpio::ident::identity_status::found)
        return fw_code(candidate.reason() == mpio::errc::none ? mpio::errc::not_found : candidate.reason());
    if (!fw_identity.found())
        fw_identity = candidate;
    else if (!(fw_identity.key() == candidate.key()))
        return fw_code(mpio::errc::identity_mismatch);

    std::uint16_t port = 0;
    for (const mpio::scsi::designation_descriptor d : id_page->designators()) {
        if (d.association() != mpio::scsi::association::target_port) continue;
        if (const auto rtp = d.as_relative_target_port()) port = *rtp;
    }
    fw_port[slot] = port;
    const auto added = fw_selector.add_path(slot, {.alua = mpio::scsi::asymmetric_access_state::active_optimized});
    return fw_code(added.error());
}

// REPORT TARGET PORT GROUPS data: each path takes the state of its port's group.
FW_API int fw_update_alua(const std::uint8_t* rtpg, std::size_t rtpg_size)
{
    const auto groups = mpio::scsi::parse_report_target_port_groups(mpio::byte_view(rtpg, rtpg_size));
    if (!groups) return fw_code(groups.error());
    for (std::uint8_t s = 0; s < fw_paths; ++s) {
        if (!fw_selector.present(s)) continue;
        const auto g = groups->group_of(fw_port[s]);
        if (!g) continue;
        (void)fw_selector.set_alua_state(s, g->asymmetric_access_state());
    }
    return 0;
}

FW_API int fw_fail_path(std::uint8_t slot) { return fw_code(fw_selector.fail_path(slot).error()); }
FW_API int fw_reinstate_path(std::uint8_t slot) { return fw_code(fw_selector.reinstate_path(slot).error()); }

// One I/O: the path it goes to (0..7), or -1 when no path may carry it.
FW_API int fw_select(std::uint64_t lba, std::uint32_t blocks)
{
    const mpio::policy::io_request io{
        .direction = mpio::policy::io_direction::write, .lba = lba, .blocks = blocks, .bytes = blocks * 512u};
    const auto slot = fw_selector.select(io);
    if (!slot) return -1;
    fw_selector.start(*slot, io);
    return *slot;
}

FW_API void fw_complete(std::uint8_t slot, std::uint64_t lba, std::uint32_t blocks, std::uint32_t ticks)
{
    const mpio::policy::io_request io{
        .direction = mpio::policy::io_direction::write, .lba = lba, .blocks = blocks, .bytes = blocks * 512u};
    fw_selector.complete(slot, io, ticks, mpio::policy::io_status::success);
}

// The identity key's bytes (the device's name a firmware reports).
FW_API std::size_t fw_identity_key(const std::uint8_t** bytes)
{
    if (bytes != nullptr) *bytes = fw_identity.key().bytes().data();
    return fw_identity.key().size();
}
