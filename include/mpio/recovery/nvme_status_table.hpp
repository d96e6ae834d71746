// SPDX-License-Identifier: MIT
// mpio/recovery/nvme_status_table.hpp - what to do about an NVMe command
// that completed with a status: the decisions of Linux native NVMe
// multipath, and of dm-multipath over NVMe, as data a driver can use.
//
// After the description of drivers/nvme/host/core.c and multipath.c
// (nvme_decide_disposition(), nvme_failover_req(), nvme_retry_req(),
// nvme_error_status()) and include/linux/blk_types.h (blk_path_error()):
//
//   disposition (nvme_decide_disposition), first match:
//     status field 0                               -> complete (success)
//     no-retry request (REQ_FAILFAST_*), DNR set,
//     or retries >= max_retries (nvme_max_retries 5) -> complete (the error goes up)
//     SCT:SC 191h, Authentication Required         -> authenticate
//     through native multipath (REQ_NVME_MPATH) and
//       a path error (SCT 3h) or a dying queue     -> failover
//     not multipath and a dying queue              -> complete
//     otherwise                                    -> retry (same path), after
//                                                     CRDT[CRD-1] x 100 ms when CRD is not 0
//   failover (nvme_failover_req): the current path is cleared and the I/O
//     requeued to the multipath head (another path); with an ANA error
//     (301h/302h/303h) on a controller with ANA, the namespace is marked
//     ANA-pending (no I/O until the log is re-read) and the ANA log re-read.
//   the error a completed I/O carries (nvme_error_status) and whether
//     dm-multipath would fail the path over for it (blk_path_error: every
//     status except not-supported, no-space, target, reservation conflict,
//     medium and protection errors).
//
// Onto mpio's recovery vocabulary (mpio/recovery/action.hpp):
//   complete, success -> action::complete, path_effect::path_ok
//   complete, error   -> action::fail_up (DNR fails the I/O)
//   retry             -> action::retry_same_path
//   failover, ANA     -> action::refresh_alua_then_retry: re-read the ANA log
//                        (the ALUA refresh of NVMe), resubmit on another path;
//                        effect alua_unavailable (302h), alua_transitioning
//                        (303h), path_failed (301h, persistent loss)
//   failover, other   -> action::fail_path_and_retry, path_effect::path_failed
//   authenticate      -> action::retry_same_path after re-authentication
#ifndef MPIO_RECOVERY_NVME_STATUS_TABLE_HPP
#define MPIO_RECOVERY_NVME_STATUS_TABLE_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/nvme/completion_status.hpp>
#include <mpio/recovery/action.hpp>

namespace mpio::recovery {

// The kernel's enum nvme_disposition.
enum class nvme_disposition : std::uint8_t {
    complete,
    retry,
    failover,
    authenticate,
};

[[nodiscard]] constexpr const char* to_string(nvme_disposition d) noexcept
{
    switch (d) {
    case nvme_disposition::complete: return "complete";
    case nvme_disposition::retry: return "retry";
    case nvme_disposition::failover: return "failover";
    case nvme_disposition::authenticate: return "authenticate";
    }
    return "unknown";
}

// The block layer's status of a completed NVMe I/O (blk_status_t values
// nvme_error_status() returns).
enum class nvme_block_status : std::uint8_t {
    ok,
    not_supported,        // BLK_STS_NOTSUPP
    no_space,             // BLK_STS_NOSPC
    target,               // BLK_STS_TARGET
    reservation_conflict, // BLK_STS_RESV_CONFLICT (BLK_STS_NEXUS before 6.5)
    medium,               // BLK_STS_MEDIUM
    protection,           // BLK_STS_PROTECTION
    transport,            // BLK_STS_TRANSPORT
    zone_active_resource, // BLK_STS_ZONE_ACTIVE_RESOURCE
    zone_open_resource,   // BLK_STS_ZONE_OPEN_RESOURCE
    io_error,             // BLK_STS_IOERR
};

[[nodiscard]] constexpr const char* to_string(nvme_block_status s) noexcept
{
    switch (s) {
    case nvme_block_status::ok: return "ok";
    case nvme_block_status::not_supported: return "not supported";
    case nvme_block_status::no_space: return "critical space allocation";
    case nvme_block_status::target: return "critical target";
    case nvme_block_status::reservation_conflict: return "reservation conflict";
    case nvme_block_status::medium: return "critical medium";
    case nvme_block_status::protection: return "protection";
    case nvme_block_status::transport: return "recoverable transport";
    case nvme_block_status::zone_active_resource: return "zone active resource";
    case nvme_block_status::zone_open_resource: return "zone open resource";
    case nvme_block_status::io_error: return "I/O error";
    }
    return "unknown";
}

// nvme_error_status(): SCT:SC only (DNR, More and CRD do not change it).
[[nodiscard]] constexpr nvme_block_status nvme_error_status(nvme::completion_status s) noexcept
{
    switch (static_cast<std::uint16_t>(s.code())) {
    case 0x000: return nvme_block_status::ok;
    case 0x081: return nvme_block_status::no_space;      // capacity exceeded
    case 0x080:                                          // LBA out of range
    case 0x021:                                          // command interrupted
    case 0x082: return nvme_block_status::target;        // namespace not ready
    case 0x180:                                          // conflicting attributes
    case 0x183:                                          // the kernel's NVME_SC_ONCS_NOT_SUPPORTED
    case 0x001:                                          // invalid command opcode
    case 0x002:                                          // invalid field in command
    case 0x00B: return nvme_block_status::not_supported; // invalid namespace or format
    case 0x280:                                          // write fault
    case 0x281:                                          // unrecovered read error
    case 0x287:                                          // deallocated or unwritten logical block
    case 0x286:                                          // access denied
    case 0x182:                                          // attempted write to read only range
    case 0x285: return nvme_block_status::medium;        // compare failure
    case 0x282:
    case 0x283:
    case 0x284:                                       // end-to-end guard / application / reference tag
    case 0x181: return nvme_block_status::protection; // invalid protection information
    case 0x083: return nvme_block_status::reservation_conflict;
    case 0x370: return nvme_block_status::transport; // host pathing error
    case 0x1BD: return nvme_block_status::zone_active_resource;
    case 0x1BE: return nvme_block_status::zone_open_resource;
    default: return nvme_block_status::io_error;
    }
}

// blk_path_error(): whether dm-multipath treats the error as a path
// failure (and fails the path over) rather than the target's answer.
[[nodiscard]] constexpr bool blk_path_error(nvme_block_status s) noexcept
{
    switch (s) {
    case nvme_block_status::not_supported:
    case nvme_block_status::no_space:
    case nvme_block_status::target:
    case nvme_block_status::reservation_conflict:
    case nvme_block_status::medium:
    case nvme_block_status::protection: return false;
    default: return true;
    }
}

// What the kernel knows about the request and the controller besides the status.
struct nvme_request_context {
    bool multipath = true;             // submitted through the multipath head (REQ_NVME_MPATH)
    bool no_retry = false;             // blk_noretry_request(): REQ_FAILFAST_DEV/TRANSPORT/DRIVER
    bool queue_dying = false;          // blk_queue_dying(): the path's queue is being torn down
    bool ana_supported = true;         // the controller reports ANA (it has an ANA log buffer)
    std::uint8_t retries = 0;          // nvme_req(req)->retries so far
    std::uint8_t max_retries = 5;      // the nvme_core max_retries parameter
    std::uint16_t crdt[3] = {0, 0, 0}; // Identify Controller CRDT1..3 (100 ms units)
};

[[nodiscard]] constexpr nvme_disposition decide_nvme_disposition(nvme::completion_status s,
                                                                 const nvme_request_context& c) noexcept
{
    if (s.field() == 0) return nvme_disposition::complete;
    if (c.no_retry || s.dnr() || c.retries >= c.max_retries) return nvme_disposition::complete;
    if (s.code() == nvme::status_code::authentication_required) return nvme_disposition::authenticate;
    if (c.multipath) {
        if (s.is_path_error() || c.queue_dying) return nvme_disposition::failover;
    } else if (c.queue_dying) {
        return nvme_disposition::complete;
    }
    return nvme_disposition::retry;
}

// The whole interpretation.
struct nvme_decision {
    nvme_disposition disposition = nvme_disposition::complete;
    recovery::action action = action::complete;
    path_effect effect = path_effect::none;
    bool refresh_ana_log = false;     // re-read the ANA log; the namespace is ANA-pending until then
    std::uint32_t retry_delay_ms = 0; // nvme_retry_req(): CRDT[CRD-1] x 100 ms
    nvme_block_status block_status = nvme_block_status::ok; // what the I/O completes with
    bool dm_multipath_path_error = false;                   // blk_path_error(block_status)

    friend constexpr bool operator==(const nvme_decision&, const nvme_decision&) noexcept = default;
};

[[nodiscard]] constexpr nvme_decision interpret_nvme_status(nvme::completion_status s,
                                                            const nvme_request_context& c = {}) noexcept
{
    nvme_decision d;
    d.disposition = decide_nvme_disposition(s, c);
    d.block_status = nvme_error_status(s);
    d.dm_multipath_path_error = d.block_status != nvme_block_status::ok && blk_path_error(d.block_status);
    switch (d.disposition) {
    case nvme_disposition::complete:
        d.action = s.field() == 0 ? action::complete : action::fail_up;
        d.effect = s.field() == 0 ? path_effect::path_ok : path_effect::none;
        break;
    case nvme_disposition::retry:
        d.action = action::retry_same_path;
        if (s.crd() != 0) d.retry_delay_ms = std::uint32_t{c.crdt[s.crd() - 1]} * 100u;
        break;
    case nvme_disposition::authenticate: d.action = action::retry_same_path; break;
    case nvme_disposition::failover:
        if (s.is_ana_error()) {
            d.refresh_ana_log = c.ana_supported;
            d.action = c.ana_supported ? action::refresh_alua_then_retry : action::retry_other_path;
            switch (s.code()) {
            case nvme::status_code::asymmetric_access_inaccessible: d.effect = path_effect::alua_unavailable; break;
            case nvme::status_code::asymmetric_access_transition: d.effect = path_effect::alua_transitioning; break;
            default: d.effect = path_effect::path_failed; break; // persistent loss
            }
        } else if (s.is_path_error()) {
            d.action = action::fail_path_and_retry;
            d.effect = path_effect::path_failed;
        } else {
            d.action = action::retry_other_path; // the queue is going away, not the status
        }
        break;
    }
    return d;
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_NVME_STATUS_TABLE_HPP
