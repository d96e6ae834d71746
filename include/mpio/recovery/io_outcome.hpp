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
// by the rules of mpio/scsi/sense_data.hpp; sense data that cannot be parsed
// counts as "no sense", never as a guess.
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
};

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
    }
    return "unknown";
}

// One finished command, as the driver saw it. `sense` views the autosense
// buffer (empty when the HBA returned none); it is only read during
// make_condition().
struct io_outcome {
    transport_outcome transport = transport_outcome::ok;
    scsi_status status = scsi_status::good;
    byte_view sense{};
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
        return c;
    }
};

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
