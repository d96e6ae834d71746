// SPDX-License-Identifier: MIT
// mpio/core/errc.hpp - the error codes every mpio function reports.
//
// mpio never throws. A function that can fail returns mpio::result<T>, which
// holds either a value or one of these codes. Each code has a stable
// snake_case name (errc_name, used in JSON and logs) and a one-line message
// (errc_message). New codes are appended; existing values never change.
#ifndef MPIO_CORE_ERRC_HPP
#define MPIO_CORE_ERRC_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

namespace mpio {

enum class errc : std::uint8_t {
    none = 0,               // no error (the state of an iterator that ran to the end cleanly)
    too_short,              // fewer bytes than the fixed header of the structure needs
    length_mismatch,        // a length field contradicts the structure it describes
    descriptor_overrun,     // a list entry's length runs past the end of the returned data
    wrong_page_code,        // a VPD page other than the one the parser decodes
    unsupported_format,     // a format/layout code this parser does not decode
    wrong_designator_type,  // a designator decoded as a type it is not
    reserved_value,         // a field holds a value the standard reserves
    invalid_argument,       // a caller-supplied argument is out of range
    buffer_too_small,       // a caller-supplied output buffer cannot hold the result
    not_found,              // a lookup found nothing
    legacy_layout,          // pre-SPC-2 layout: no descriptor headers to iterate
    vendor_specific_format, // data in a vendor-specific format (e.g. sense data response code 7Fh)
    wrong_descriptor_type,  // a descriptor decoded as a type it is not
    overflow,               // a value computed from the fields does not fit its type
    capacity_exceeded,      // a fixed-capacity container is full
    already_exists,         // an entry with this key/handle is already present
    no_usable_path,         // no path can carry I/O (caller queues or fails per its no-path-retry setting)
    not_ready,              // the object exists but is not usable yet (e.g. identity not ready)
    identity_mismatch,      // a path's identity no longer matches the device it belongs to
    invalid_state,          // the operation is not allowed in the object's current state
};

// Number of codes; the last enumerator + 1.
inline constexpr std::uint8_t errc_count = static_cast<std::uint8_t>(errc::invalid_state) + 1;

// Stable identifier, e.g. "descriptor_overrun". Unknown values give "unknown".
[[nodiscard]] constexpr const char* errc_name(errc e) noexcept
{
    switch (e) {
    case errc::none: return "none";
    case errc::too_short: return "too_short";
    case errc::length_mismatch: return "length_mismatch";
    case errc::descriptor_overrun: return "descriptor_overrun";
    case errc::wrong_page_code: return "wrong_page_code";
    case errc::unsupported_format: return "unsupported_format";
    case errc::wrong_designator_type: return "wrong_designator_type";
    case errc::reserved_value: return "reserved_value";
    case errc::invalid_argument: return "invalid_argument";
    case errc::buffer_too_small: return "buffer_too_small";
    case errc::not_found: return "not_found";
    case errc::legacy_layout: return "legacy_layout";
    case errc::vendor_specific_format: return "vendor_specific_format";
    case errc::wrong_descriptor_type: return "wrong_descriptor_type";
    case errc::overflow: return "overflow";
    case errc::capacity_exceeded: return "capacity_exceeded";
    case errc::already_exists: return "already_exists";
    case errc::no_usable_path: return "no_usable_path";
    case errc::not_ready: return "not_ready";
    case errc::identity_mismatch: return "identity_mismatch";
    case errc::invalid_state: return "invalid_state";
    }
    return "unknown";
}

// Human-readable one-line explanation, for error messages.
[[nodiscard]] constexpr const char* errc_message(errc e) noexcept
{
    switch (e) {
    case errc::none: return "no error";
    case errc::too_short: return "data shorter than the structure's fixed header";
    case errc::length_mismatch: return "length field contradicts the structure";
    case errc::descriptor_overrun: return "descriptor runs past the end of the data";
    case errc::wrong_page_code: return "VPD page code is not the one expected";
    case errc::unsupported_format: return "format or layout not supported";
    case errc::wrong_designator_type: return "designator is not of the requested type";
    case errc::reserved_value: return "field holds a reserved value";
    case errc::invalid_argument: return "argument out of range";
    case errc::buffer_too_small: return "output buffer too small";
    case errc::not_found: return "not found";
    case errc::legacy_layout: return "pre-SPC-2 layout without descriptor headers";
    case errc::vendor_specific_format: return "vendor-specific format";
    case errc::wrong_descriptor_type: return "descriptor is not of the requested type";
    case errc::overflow: return "value does not fit its type";
    case errc::capacity_exceeded: return "fixed-capacity container is full";
    case errc::already_exists: return "already present";
    case errc::no_usable_path: return "no usable path";
    case errc::not_ready: return "not ready";
    case errc::identity_mismatch: return "identity does not match the device";
    case errc::invalid_state: return "operation not allowed in the current state";
    }
    return "unknown error";
}

} // namespace mpio

#endif // MPIO_CORE_ERRC_HPP
