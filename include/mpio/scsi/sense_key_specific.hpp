// SPDX-License-Identifier: MIT
// mpio/scsi/sense_key_specific.hpp - the SENSE KEY SPECIFIC field of sense
// data.
//
// SPC-6 4.4.2 (the sense key specific sense data descriptor) and 4.4.3
// (fixed format sense data). The field is three bytes: bytes 15..17 of
// fixed format sense data, bytes 4..6 of the sense key specific sense data
// descriptor (02h) and of the direct-access block device sense data
// descriptor (0Dh, SBC-4). Byte 0 bit 7 is SKSV (sense key specific valid):
// when it is zero the rest is not defined by the standard. The SENSE KEY
// selects the format:
//
//   ILLEGAL REQUEST                      field pointer:
//       byte 0  SKSV | C/D (6) | reserved | BPV (3) | BIT POINTER (2..0)
//       byte 1-2 FIELD POINTER: the byte in error, in the CDB (C/D one) or
//                in the parameter data (C/D zero); BIT POINTER valid if BPV
//   RECOVERED / MEDIUM / HARDWARE ERROR  actual retry count:
//       byte 1-2 ACTUAL RETRY COUNT (vendor-specific unit)
//   NO SENSE / NOT READY                 progress indication:
//       byte 1-2 PROGRESS INDICATION: completed fraction, numerator of 65536
//   COPY ABORTED                         segment pointer:
//       byte 0  SKSV | reserved | SD (5) | reserved | BPV (3) | BIT POINTER (2..0)
//       byte 1-2 FIELD POINTER: from the start of the segment descriptor
//                (SD one) or of the parameter list (SD zero)
//   UNIT ATTENTION                       unit attention condition queue:
//       byte 0  SKSV | reserved | OVERFLOW (0)
//   any other sense key                  not defined: the bytes are exposed raw.
//
// sense_key_specific is a view over the three bytes plus the sense key. Each
// accessor decodes its field only when SKSV is one and the sense key has that
// format; otherwise it returns 0 (false). bytes() is always the raw field.
#ifndef MPIO_SCSI_SENSE_KEY_SPECIFIC_HPP
#define MPIO_SCSI_SENSE_KEY_SPECIFIC_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/scsi/sense_key.hpp>

namespace mpio::scsi {

// Which of the SPC formats the SENSE KEY SPECIFIC field has.
enum class sense_key_specific_format : std::uint8_t {
    field_pointer,                  // ILLEGAL REQUEST
    actual_retry_count,             // RECOVERED ERROR, MEDIUM ERROR, HARDWARE ERROR
    progress_indication,            // NO SENSE, NOT READY
    segment_pointer,                // COPY ABORTED
    unit_attention_condition_queue, // UNIT ATTENTION
    unspecified,                    // every other sense key
};

[[nodiscard]] constexpr const char* to_string(sense_key_specific_format f) noexcept
{
    switch (f) {
    case sense_key_specific_format::field_pointer: return "field pointer";
    case sense_key_specific_format::actual_retry_count: return "actual retry count";
    case sense_key_specific_format::progress_indication: return "progress indication";
    case sense_key_specific_format::segment_pointer: return "segment pointer";
    case sense_key_specific_format::unit_attention_condition_queue: return "unit attention condition queue";
    case sense_key_specific_format::unspecified: break;
    }
    return "unspecified";
}

// The format SPC-6 gives the field for a sense key.
[[nodiscard]] constexpr sense_key_specific_format sense_key_specific_format_of(sense_key key) noexcept
{
    switch (key) {
    case sense_key::illegal_request: return sense_key_specific_format::field_pointer;
    case sense_key::recovered_error:
    case sense_key::medium_error:
    case sense_key::hardware_error: return sense_key_specific_format::actual_retry_count;
    case sense_key::no_sense:
    case sense_key::not_ready: return sense_key_specific_format::progress_indication;
    case sense_key::copy_aborted: return sense_key_specific_format::segment_pointer;
    case sense_key::unit_attention: return sense_key_specific_format::unit_attention_condition_queue;
    default: break;
    }
    return sense_key_specific_format::unspecified;
}

// PROGRESS INDICATION is the numerator of a fraction of 65536.
inline constexpr std::uint32_t progress_indication_denominator = 65536;

// PROGRESS INDICATION in hundredths of a percent (0..9999), rounded down,
// with integer arithmetic only: 8000h gives 5000 (50.00 %).
[[nodiscard]] constexpr std::uint16_t progress_basis_points(std::uint16_t progress_indication) noexcept
{
    return static_cast<std::uint16_t>((std::uint32_t{progress_indication} * 10000u) >> 16);
}

class sense_key_specific {
public:
    static constexpr std::size_t size = 3;

    constexpr sense_key_specific() noexcept = default;
    // `bytes`: the three bytes of the field (fewer read as zero); `key`: the
    // SENSE KEY of the sense data they come from.
    constexpr sense_key_specific(byte_view bytes, scsi::sense_key key) noexcept : bytes_(bytes.first(size)), key_(key)
    {}

    // SENSE KEY SPECIFIC VALID: the field holds what SPC defines.
    [[nodiscard]] constexpr bool sksv() const noexcept { return bit(bytes_.at_or(0), 7); }
    [[nodiscard]] constexpr scsi::sense_key sense_key() const noexcept { return key_; }
    [[nodiscard]] constexpr sense_key_specific_format format() const noexcept
    {
        return sense_key_specific_format_of(key_);
    }
    // The raw field, whatever SKSV and the sense key say.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

    // -- field pointer (ILLEGAL REQUEST)

    // C/D: one when FIELD POINTER points into the CDB, zero when into the
    // parameter data.
    [[nodiscard]] constexpr bool c_d() const noexcept
    {
        return is(sense_key_specific_format::field_pointer) && bit(bytes_.at_or(0), 6);
    }

    // -- segment pointer (COPY ABORTED)

    // SD: one when FIELD POINTER counts from the start of the segment
    // descriptor, zero when from the start of the parameter list.
    [[nodiscard]] constexpr bool sd() const noexcept
    {
        return is(sense_key_specific_format::segment_pointer) && bit(bytes_.at_or(0), 5);
    }

    // -- shared by field pointer and segment pointer

    // BIT POINTER VALID.
    [[nodiscard]] constexpr bool bpv() const noexcept { return is_pointer() && bit(bytes_.at_or(0), 3); }
    // The bit in error of the byte FIELD POINTER names (7 = leftmost); valid
    // when bpv().
    [[nodiscard]] constexpr std::uint8_t bit_pointer() const noexcept
    {
        return is_pointer() ? bits(bytes_.at_or(0), 2, 0) : std::uint8_t{0};
    }
    [[nodiscard]] constexpr std::uint16_t field_pointer() const noexcept
    {
        return is_pointer() ? load_be16(bytes_, 1) : std::uint16_t{0};
    }

    // -- actual retry count (RECOVERED ERROR, MEDIUM ERROR, HARDWARE ERROR)

    [[nodiscard]] constexpr std::uint16_t actual_retry_count() const noexcept
    {
        return is(sense_key_specific_format::actual_retry_count) ? load_be16(bytes_, 1) : std::uint16_t{0};
    }

    // -- progress indication (NO SENSE, NOT READY)

    // The completed fraction of the operation in progress, as a numerator of
    // progress_indication_denominator (65536); progress_basis_points()
    // converts it.
    [[nodiscard]] constexpr std::uint16_t progress_indication() const noexcept
    {
        return is(sense_key_specific_format::progress_indication) ? load_be16(bytes_, 1) : std::uint16_t{0};
    }

    // -- unit attention condition queue (UNIT ATTENTION)

    // OVERFLOW: the unit attention condition queue overflowed, some unit
    // attention conditions were lost.
    [[nodiscard]] constexpr bool overflow() const noexcept
    {
        return is(sense_key_specific_format::unit_attention_condition_queue) && bit(bytes_.at_or(0), 0);
    }

private:
    constexpr bool is(sense_key_specific_format f) const noexcept { return sksv() && format() == f; }
    constexpr bool is_pointer() const noexcept
    {
        return is(sense_key_specific_format::field_pointer) || is(sense_key_specific_format::segment_pointer);
    }

    byte_view bytes_;
    scsi::sense_key key_ = scsi::sense_key::no_sense;
};

} // namespace mpio::scsi

#endif // MPIO_SCSI_SENSE_KEY_SPECIFIC_HPP
