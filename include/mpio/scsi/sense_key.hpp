// SPDX-License-Identifier: MIT
// mpio/scsi/sense_key.hpp - the SENSE KEY of sense data.
//
// SPC-6 4.4 (sense data), table "Sense key descriptions". The SENSE KEY is
// the 4-bit summary of an exception: fixed format sense data holds it in
// byte 2 bits 3..0, descriptor format sense data in byte 1 bits 3..0
// (mpio/scsi/sense_data.hpp). The
// ADDITIONAL SENSE CODE and its QUALIFIER (ASC, ASCQ) refine it; their names
// live in mpio/scsi/asc_ascq.hpp.
//
// The SENSE KEY also selects the format of the SENSE KEY SPECIFIC field
// (mpio/scsi/sense_key_specific.hpp).
#ifndef MPIO_SCSI_SENSE_KEY_HPP
#define MPIO_SCSI_SENSE_KEY_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

namespace mpio::scsi {

// All sixteen 4-bit values are representable; 0Ch (EQUAL in SCSI-2, SPC-1)
// is reserved since SPC-2.
enum class sense_key : std::uint8_t {
    no_sense = 0x0,
    recovered_error = 0x1,
    not_ready = 0x2,
    medium_error = 0x3,
    hardware_error = 0x4,
    illegal_request = 0x5,
    unit_attention = 0x6,
    data_protect = 0x7,
    blank_check = 0x8,
    vendor_specific = 0x9,
    copy_aborted = 0xA,
    aborted_command = 0xB,
    reserved = 0xC,
    volume_overflow = 0xD,
    miscompare = 0xE,
    completed = 0xF,
};

// The standard's name, in the standard's capitals (e.g. "ILLEGAL REQUEST");
// "reserved" for 0Ch and for values that do not fit in 4 bits.
[[nodiscard]] constexpr const char* to_string(sense_key k) noexcept
{
    switch (k) {
    case sense_key::no_sense: return "NO SENSE";
    case sense_key::recovered_error: return "RECOVERED ERROR";
    case sense_key::not_ready: return "NOT READY";
    case sense_key::medium_error: return "MEDIUM ERROR";
    case sense_key::hardware_error: return "HARDWARE ERROR";
    case sense_key::illegal_request: return "ILLEGAL REQUEST";
    case sense_key::unit_attention: return "UNIT ATTENTION";
    case sense_key::data_protect: return "DATA PROTECT";
    case sense_key::blank_check: return "BLANK CHECK";
    case sense_key::vendor_specific: return "VENDOR SPECIFIC";
    case sense_key::copy_aborted: return "COPY ABORTED";
    case sense_key::aborted_command: return "ABORTED COMMAND";
    case sense_key::reserved: break;
    case sense_key::volume_overflow: return "VOLUME OVERFLOW";
    case sense_key::miscompare: return "MISCOMPARE";
    case sense_key::completed: return "COMPLETED";
    }
    return "reserved";
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_SENSE_KEY_HPP
