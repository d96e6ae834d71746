// SPDX-License-Identifier: MIT
// mpio/recovery/io_outcome.hpp - what came back from one I/O on one path.
//
// A driver hands the recovery layer three things about a finished command:
//   - the transport (host adapter / initiator) outcome: did the command reach
//     the logical unit and come back at all (Linux host_byte DID_*, Windows
//     SRB_STATUS_* / NTSTATUS);
//   - the SCSI STATUS byte the device server returned (SAM-6 status codes,
//     mpio/scsi/status.hpp);
//   - the sense data bytes, if any (CHECK CONDITION with autosense).
// make_condition() reduces them to an error_condition, the plain value the
// interpretation tables (mpio/recovery/error_table.hpp) match on. Of the
// sense bytes only the response code, key, ASC and ASCQ are read, in place,
// by the rules of mpio/scsi/sense_data.hpp (SPC); sense data that cannot be
// parsed counts as "no sense", never as a guess. Beside that SPC reading the
// condition keeps MSDSM's reading of the same bytes (`msdsm`: the WDK's
// ScsiGetSenseKeyAndCodes() with SCSI_SENSE_OPTIONS_FIXED_FORMAT_IF_UNKNOWN_
// FORMAT_INDICATED, as DsmInterpretError() calls it), which differs in three
// places: deferred sense data (71h/73h) is read as current, a response code
// SPC does not define is read as fixed format, and fixed format data too
// short for the ASC/ASCQ reads them as 00h. A table chooses the reading it
// matches on (sense_reading, error_table.hpp); docs/recovery.md, "Reading
// sense data", compares the two.
#ifndef MPIO_RECOVERY_IO_OUTCOME_HPP
#define MPIO_RECOVERY_IO_OUTCOME_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/sense_data.hpp>
#include <mpio/scsi/sense_key.hpp>
#include <mpio/scsi/status.hpp>

namespace mpio::recovery {

// SAM-6 STATUS codes (the low byte of Linux's scsi result, SRB ScsiStatus):
// the scsi layer's enum (mpio/scsi/status.hpp), named here too so that
// recovery::scsi_status and recovery::to_string(status) keep working.
using scsi_status = scsi::scsi_status;
using scsi::to_string;

// What the transport says, before any SCSI status: the vocabulary both stacks
// share (Linux DID_*, Windows SRB_STATUS_* and the NTSTATUS a port driver
// completes with).
enum class transport_outcome : std::uint8_t {
    ok = 0,            // delivered; the SCSI status is meaningful (DID_OK, SRB_STATUS_SUCCESS/ERROR)
    timeout,           // no completion in time; the command was aborted (DID_TIME_OUT, SRB_STATUS_TIMEOUT)
    connection_lost,   // link / session / nexus gone (DID_NO_CONNECT, DID_TRANSPORT_*, STATUS_DEVICE_NOT_CONNECTED)
    selection_timeout, // the target did not answer selection (SRB_STATUS_SELECTION_TIMEOUT, DID_BAD_TARGET)
    no_such_device,    // the path's device object is gone (STATUS_NO_SUCH_DEVICE, SRB_STATUS_NO_DEVICE / INVALID_LUN)
    bus_reset,         // a bus / target reset ended the command (SRB_STATUS_BUS_RESET, DID_RESET)
    aborted,           // aborted by the host or the initiator (SRB_STATUS_ABORTED, DID_ABORT)
    // Appended (values never move: the C API pins them as MPIO_TRANSPORT_*).
    // The command completed, but moved a different number of bytes than its
    // transfer length asks for: never a success. Windows reports both with
    // SRB_STATUS_DATA_OVERRUN (the port driver completes the IRP with
    // STATUS_BUFFER_OVERFLOW; DataTransferLength says which); Linux with a
    // residual (scsi_get_resid()) that leaves less than the request's
    // underflow, or DID_ERROR for an overrun.
    data_overrun,  // more data than the transfer length: the excess was dropped
    data_underrun, // fewer bytes than the command needed (not an allocation-length residual, below)
};
// Only a short transfer that is an error is data_underrun: a command whose
// length field is an ALLOCATION LENGTH (INQUIRY, MODE SENSE, REPORT LUNS,
// ...) may return less (SPC-6 4.2.5.6), and completes with `ok` and its
// residual.

[[nodiscard]] constexpr const char* to_string(transport_outcome t) noexcept
{
    switch (t) {
    case transport_outcome::ok: return "ok";
    case transport_outcome::timeout: return "timeout";
    case transport_outcome::connection_lost: return "connection lost";
    case transport_outcome::selection_timeout: return "selection timeout";
    case transport_outcome::no_such_device: return "no such device";
    case transport_outcome::bus_reset: return "bus reset";
    case transport_outcome::aborted: return "aborted";
    case transport_outcome::data_overrun: return "data overrun";
    case transport_outcome::data_underrun: return "data underrun";
    }
    return "unknown";
}

// Windows: the transport outcome of a completed SRB, from its SrbStatus. The
// flags SRB_STATUS_QUEUE_FROZEN (40h) and SRB_STATUS_AUTOSENSE_VALID (80h) are
// masked first (srb.h's SRB_STATUS()): the MSDSM sample switches on the
// unmasked value, so INVALID_PATH_ID | QUEUE_FROZEN escapes its fail-over
// list; docs/recovery.md lists that as a departure. SUCCESS and ERROR are
// `ok` (the SCSI status and sense data decide); a status that names no
// delivered command and is not listed is `aborted`, never `ok`.
[[nodiscard]] constexpr transport_outcome transport_from_srb_status(std::uint8_t srb_status) noexcept
{
    switch (srb_status & 0x3Fu) {
    case 0x01: // SRB_STATUS_SUCCESS
    case 0x04: // SRB_STATUS_ERROR: the device answered; ScsiStatus and sense say how
        return transport_outcome::ok;
    case 0x07: // SRB_STATUS_INVALID_PATH_ID
    case 0x08: // SRB_STATUS_NO_DEVICE
    case 0x11: // SRB_STATUS_NO_HBA
    case 0x20: // SRB_STATUS_INVALID_LUN
    case 0x21: // SRB_STATUS_INVALID_TARGET_ID
        return transport_outcome::no_such_device;
    case 0x0A: // SRB_STATUS_SELECTION_TIMEOUT
        return transport_outcome::selection_timeout;
    case 0x09: // SRB_STATUS_TIMEOUT
    case 0x0B: // SRB_STATUS_COMMAND_TIMEOUT
        return transport_outcome::timeout;
    case 0x0E: // SRB_STATUS_BUS_RESET
        return transport_outcome::bus_reset;
    case 0x12: // SRB_STATUS_DATA_OVERRUN (an underrun too: compare DataTransferLength)
        return transport_outcome::data_overrun;
    case 0x25: // SRB_STATUS_LINK_DOWN
        return transport_outcome::connection_lost;
    default: // ABORTED, PENDING, BUSY, PARITY_ERROR, UNEXPECTED_BUS_FREE, REQUEST_FLUSHED, ...
        return transport_outcome::aborted;
    }
}

// One finished command, as the driver saw it. `sense` views the autosense
// buffer (empty when the HBA returned none); it is only read during
// make_condition().
struct io_outcome {
    transport_outcome transport = transport_outcome::ok;
    scsi_status status = scsi_status::good;
    byte_view sense{};
};

// How a table reads sense data (error_table.hpp, docs/recovery.md "Reading
// sense data"): by SPC (mpio/scsi/sense_data.hpp), or as MSDSM does.
enum class sense_reading : std::uint8_t {
    spc = 0, // 71h/73h deferred; 00h-6Fh, 74h-7Fh not sense data; short fixed data: no ASC/ASCQ
    msdsm,   // ScsiGetSenseKeyAndCodes(..., FIXED_FORMAT_IF_UNKNOWN_FORMAT_INDICATED): see error_condition::msdsm
};

// The key and codes as MSDSM's DsmInterpretError() reads them: the WDK's
// ScsiGetSenseKeyAndCodes() with SCSI_SENSE_OPTIONS_FIXED_FORMAT_IF_UNKNOWN_
// FORMAT_INDICATED (after its description in the WDK's scsi.h). Response
// code 72h/73h: descriptor format, valid from 8 bytes on. Any other code:
// fixed format, valid from 8 bytes on (the ADDITIONAL SENSE LENGTH byte);
// ASC and ASCQ are read where both the buffer and 8 + ADDITIONAL SENSE LENGTH
// reach them, else 00h (DsmInterpretError's locals start at 0). Deferred and
// current are not told apart.
struct msdsm_sense {
    bool valid = false;
    scsi::sense_key key = scsi::sense_key::no_sense;
    std::uint8_t asc = 0;
    std::uint8_t ascq = 0;
};

// The normalized form the tables match on. A plain value: a simulator or a
// test builds it directly with the helpers below, without sense bytes.
struct error_condition {
    transport_outcome transport = transport_outcome::ok;
    scsi_status status = scsi_status::good;
    bool has_sense = false;    // sense data was returned and parsed (70h..73h)
    bool deferred = false;     // 71h / 73h: about an earlier command
    bool has_asc_ascq = false; // false for fixed format data that ends before byte 14
    scsi::sense_key key = scsi::sense_key::no_sense;
    std::uint8_t asc = 0;
    std::uint8_t ascq = 0;
    errc sense_error = errc::none; // why sense bytes were not usable (none when absent or parsed)
    msdsm_sense msdsm{};           // MSDSM's reading of the same bytes (sense_reading::msdsm)

    [[nodiscard]] static constexpr error_condition good() noexcept { return {}; }
    [[nodiscard]] static constexpr error_condition transport_error(transport_outcome t) noexcept
    {
        error_condition c;
        c.transport = t;
        return c;
    }
    [[nodiscard]] static constexpr error_condition with_status(scsi_status s) noexcept
    {
        error_condition c;
        c.status = s;
        return c;
    }
    // CHECK CONDITION with current sense data KEY/ASC/ASCQ.
    [[nodiscard]] static constexpr error_condition check_condition(scsi::sense_key k, std::uint8_t asc,
                                                                   std::uint8_t ascq, bool deferred = false) noexcept
    {
        error_condition c;
        c.status = scsi_status::check_condition;
        c.has_sense = true;
        c.has_asc_ascq = true;
        c.deferred = deferred;
        c.key = k;
        c.asc = asc;
        c.ascq = ascq;
        c.msdsm = {true, k, asc, ascq}; // MSDSM reads deferred data as current
        return c;
    }
};

// The condition as a table with the given reading sees it: for msdsm, the
// `msdsm` reading replaces the SPC one (never deferred; ASC/ASCQ always
// present, 00h where the data ends first; an unknown response code read as
// fixed format).
[[nodiscard]] constexpr error_condition read_as(error_condition c, sense_reading r) noexcept
{
    if (r != sense_reading::msdsm || c.transport != transport_outcome::ok || c.status != scsi_status::check_condition)
        return c;
    c.has_sense = c.msdsm.valid;
    c.deferred = false;
    c.has_asc_ascq = c.msdsm.valid;
    c.key = c.msdsm.key;
    c.asc = c.msdsm.asc;
    c.ascq = c.msdsm.ascq;
    return c;
}

// Reduce a driver's outcome to the condition the tables match on. Sense
// bytes are looked at only with CHECK CONDITION (SAM: sense data accompanies
// no other status) and only when the transport delivered the command.
[[nodiscard]] constexpr error_condition make_condition(const io_outcome& o) noexcept
{
    error_condition c;
    c.transport = o.transport;
    c.status = o.status;
    if (o.transport != transport_outcome::ok || o.status != scsi_status::check_condition || o.sense.empty()) return c;
    // Only the response code, the key, ASC/ASCQ, read in place: this runs
    // for every error completion, so it does not build the sense_data view
    // (bench/recovery_bench.cpp). It accepts and rejects exactly what
    // scsi::parse_sense_data() does (tests/recovery/io_outcome_test.cpp
    // compares them), with the same errors.
    const std::size_t size = o.sense.size();
    const byte* b = o.sense.begin(); // indices below are checked against size
    const auto code = static_cast<std::uint8_t>(b[0] & 0x7Fu);
    // MSDSM's reading (msdsm_sense): 8 bytes or more, descriptor format for
    // 72h/73h, fixed format for every other code.
    if (size >= scsi::sense_data_header::size) {
        c.msdsm.valid = true;
        if (code == 0x72 || code == 0x73) {
            c.msdsm.key = static_cast<scsi::sense_key>(b[1] & 0x0Fu);
            c.msdsm.asc = b[2];
            c.msdsm.ascq = b[3];
        } else {
            const std::size_t through = 8u + b[7]; // bytes the ADDITIONAL SENSE LENGTH covers
            const std::size_t end = through < size ? through : size;
            c.msdsm.key = static_cast<scsi::sense_key>(b[2] & 0x0Fu);
            c.msdsm.asc = end > 12 ? b[12] : std::uint8_t{0};
            c.msdsm.ascq = end > 13 ? b[13] : std::uint8_t{0};
        }
    }
    if (code < 0x70 || code > 0x73) {
        c.sense_error = code == 0x7F  ? errc::vendor_specific_format
                        : code > 0x73 ? errc::reserved_value
                                      : errc::unsupported_format;
        return c;
    }
    if (size < scsi::sense_data_header::size) {
        c.sense_error = errc::too_short;
        return c;
    }
    c.has_sense = true;
    c.deferred = code == 0x71 || code == 0x73;
    if (code >= 0x72) { // descriptor format: key, ASC, ASCQ in bytes 1..3
        c.has_asc_ascq = true;
        c.key = static_cast<scsi::sense_key>(b[1] & 0x0Fu);
        c.asc = b[2];
        c.ascq = b[3];
        return c;
    }
    // Fixed format: key in byte 2; ASC/ASCQ in bytes 12/13 when both the
    // buffer and 8 + ADDITIONAL SENSE LENGTH reach byte 13.
    c.key = static_cast<scsi::sense_key>(b[2] & 0x0Fu);
    c.has_asc_ascq = size > 13 && b[7] >= 6;
    if (c.has_asc_ascq) {
        c.asc = b[12];
        c.ascq = b[13];
    }
    return c;
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_IO_OUTCOME_HPP
