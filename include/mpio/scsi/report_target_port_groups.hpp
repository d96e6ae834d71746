// SPDX-License-Identifier: MIT
// mpio/scsi/report_target_port_groups.hpp - the parameter data of REPORT
// TARGET PORT GROUPS: which target port groups a logical unit has, the
// asymmetric access state of each, and which target ports each contains.
// It is the core data structure of asymmetric logical unit access (ALUA).
//
// SPC-6, REPORT TARGET PORT GROUPS command (parameter data formats, target
// port group descriptor, target port descriptor tables; SPC-4 introduced the
// extended header). The CDB is built by build_report_target_port_groups() in
// mpio/scsi/cdb.hpp.
//
// Two header formats, chosen by the CDB's PARAMETER DATA FORMAT field:
//
//   length only (000b)                    extended header (001b)
//   bytes 0-3  RETURN DATA LENGTH (n-3)   bytes 0-3  RETURN DATA LENGTH (n-3)
//   bytes 4-n  descriptors                byte 4     bits 6..4 FORMAT TYPE (001b)
//                                         byte 5     IMPLICIT TRANSITION TIME
//                                         bytes 6-7  reserved
//                                         bytes 8-n  descriptors
//
// In both, RETURN DATA LENGTH counts every byte after itself, so the whole
// response is RETURN DATA LENGTH + 4 bytes.
//
// Target port group descriptor (8 + 4 * TARGET PORT COUNT bytes):
//   byte 0     bit 7 PREF, bits 3..0 ASYMMETRIC ACCESS STATE
//   byte 1     bit 7 T_SUP, 6 O_SUP, 4 LBD_SUP, 3 U_SUP, 2 S_SUP, 1 AN_SUP, 0 AO_SUP
//   bytes 2-3  TARGET PORT GROUP
//   byte 4     reserved
//   byte 5     STATUS CODE
//   byte 6     VENDOR SPECIFIC
//   byte 7     TARGET PORT COUNT
//   then TARGET PORT COUNT target port descriptors of 4 bytes:
//     bytes 0-1  obsolete
//     bytes 2-3  RELATIVE TARGET PORT IDENTIFIER
//
// Which header? Byte 4 is the FORMAT TYPE byte of an extended header but the
// PREF / ASYMMETRIC ACCESS STATE byte of the first descriptor of a
// length-only response. Its bits 6..4 are FORMAT TYPE in the one and reserved
// (zero) in the other, so they tell the two apart: 000b is the length-only
// format (whose FORMAT TYPE code is 000b as well), 001b the extended header,
// anything else is a reserved format (errc::unsupported_format). PREF (bit 7)
// and the state (bits 3..0) do not take part. This is the test the Linux ALUA
// device handler makes.
//
//   parse_report_target_port_groups(bytes)            decides from byte 4;
//   parse_report_target_port_groups(bytes, requested) for a caller that knows
//                                                     what its CDB asked for:
//     - length_only: byte 4 is never looked at, so a device that sets the
//       reserved bits of its first descriptor cannot pass for an extended
//       header;
//     - extended_header: byte 4 decides as above, because SPC-3 device
//       servers ignore the PARAMETER DATA FORMAT field and answer in the
//       length-only format (istgt does:
//       tests/data/targets/istgt_rtpg_extended_requested.hex).
//
// When the data ends before byte 4 (a response cut to 4 bytes), the header
// cannot be told: header_format() is undetermined, nothing is listed, and
// truncated() says to re-issue the command with required_allocation_length().
// A RETURN DATA LENGTH of 0 can only be an empty length-only response (an
// extended header counts its own 4 extra bytes), whatever byte 4 of the
// buffer holds.
//
// Bytes past RETURN DATA LENGTH + 4 are ignored. A descriptor whose TARGET
// PORT COUNT runs past the returned data stops the iteration with
// errc::descriptor_overrun (the earlier descriptors stay usable), and so does
// a truncated response, whose data usually ends inside a descriptor: a port
// is only ever listed when all four of its bytes are there.
#ifndef MPIO_SCSI_REPORT_TARGET_PORT_GROUPS_HPP
#define MPIO_SCSI_REPORT_TARGET_PORT_GROUPS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/cdb.hpp>

namespace mpio::scsi {

// ------------------------------------------------------------------ enums

// STATUS CODE of a target port group descriptor: why the group is in its
// current state.
enum class target_port_group_status_code : std::uint8_t {
    no_status = 0x00,                         // no status available
    altered_by_set_target_port_groups = 0x01, // altered by a SET TARGET PORT GROUPS command
    altered_by_implicit_behavior = 0x02,      // altered by implicit asymmetric logical unit access behavior
    // 03h..FFh reserved
};

[[nodiscard]] constexpr const char* to_string(target_port_group_status_code s) noexcept
{
    switch (s) {
    case target_port_group_status_code::no_status: return "no status available";
    case target_port_group_status_code::altered_by_set_target_port_groups:
        return "target port asymmetric access state altered by SET TARGET PORT GROUPS command";
    case target_port_group_status_code::altered_by_implicit_behavior:
        return "target port asymmetric access state altered by implicit asymmetric logical unit access behavior";
    }
    return "reserved";
}

// The header layout a parse settled on (see the header comment). The values
// of the two formats are their FORMAT TYPE / PARAMETER DATA FORMAT codes.
enum class rtpg_header_format : std::uint8_t {
    length_only = 0,     // 4-byte header: descriptors from byte 4
    extended = 1,        // 8-byte header: descriptors from byte 8
    undetermined = 0xFF, // the data ends before byte 4, which would tell
};

[[nodiscard]] constexpr const char* to_string(rtpg_header_format f) noexcept
{
    switch (f) {
    case rtpg_header_format::length_only: return "length only";
    case rtpg_header_format::extended: return "extended header";
    case rtpg_header_format::undetermined: return "undetermined";
    }
    return "unknown";
}

// ------------------------------------------------ target port descriptor

// One target port of a group: bytes 0-1 obsolete, bytes 2-3 RELATIVE TARGET
// PORT IDENTIFIER (0 reserved, 1 is port A, 2 port B, ...: the value a path's
// Device Identification VPD page reports for the port it came through).
class target_port_descriptor {
public:
    static constexpr std::size_t size = 4;

    constexpr target_port_descriptor() noexcept = default;
    constexpr explicit target_port_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr std::uint16_t relative_target_port_identifier() const noexcept
    {
        return load_be16(bytes_, 2);
    }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// The target port descriptors of one group, decoded lazily. The group's
// descriptor has already checked that TARGET PORT COUNT fits, so the walk
// always ends cleanly.
using target_port_list = descriptor_list<fixed_size_entries<target_port_descriptor, target_port_descriptor::size>>;

// ------------------------------------------ target port group descriptor

class target_port_group_descriptor {
public:
    static constexpr std::size_t header_size = 8;

    constexpr target_port_group_descriptor() noexcept = default;
    // `bytes` is one whole descriptor (8 + 4 * TARGET PORT COUNT bytes), as
    // the list yields it; `offset` is where it starts in the descriptor list.
    constexpr target_port_group_descriptor(byte_view bytes, std::size_t offset) noexcept
        : bytes_(bytes), offset_(offset)
    {}

    // Preferred target port group: the application client should prefer the
    // ports of this group (independently of the state).
    [[nodiscard]] constexpr bool pref() const noexcept { return bit(bytes_.at_or(0), 7); }
    // Reserved codes are kept, not mapped to anything (is_reserved()).
    [[nodiscard]] constexpr scsi::asymmetric_access_state asymmetric_access_state() const noexcept
    {
        return static_cast<scsi::asymmetric_access_state>(bits(bytes_.at_or(0), 3, 0));
    }

    // Which states the group supports (SUP: supported).
    [[nodiscard]] constexpr bool t_sup() const noexcept { return bit(bytes_.at_or(1), 7); }   // transitioning
    [[nodiscard]] constexpr bool o_sup() const noexcept { return bit(bytes_.at_or(1), 6); }   // offline
    [[nodiscard]] constexpr bool lbd_sup() const noexcept { return bit(bytes_.at_or(1), 4); } // logical block dependent
    [[nodiscard]] constexpr bool u_sup() const noexcept { return bit(bytes_.at_or(1), 3); }   // unavailable
    [[nodiscard]] constexpr bool s_sup() const noexcept { return bit(bytes_.at_or(1), 2); }   // standby
    [[nodiscard]] constexpr bool an_sup() const noexcept { return bit(bytes_.at_or(1), 1); }  // active/non-optimized
    [[nodiscard]] constexpr bool ao_sup() const noexcept { return bit(bytes_.at_or(1), 0); }  // active/optimized

    // The SUP bit of `state`; false for reserved codes.
    [[nodiscard]] constexpr bool supports(scsi::asymmetric_access_state state) const noexcept
    {
        switch (state) {
        case scsi::asymmetric_access_state::active_optimized: return ao_sup();
        case scsi::asymmetric_access_state::active_non_optimized: return an_sup();
        case scsi::asymmetric_access_state::standby: return s_sup();
        case scsi::asymmetric_access_state::unavailable: return u_sup();
        case scsi::asymmetric_access_state::logical_block_dependent: return lbd_sup();
        case scsi::asymmetric_access_state::offline: return o_sup();
        case scsi::asymmetric_access_state::transitioning: return t_sup();
        }
        return false;
    }

    [[nodiscard]] constexpr std::uint16_t target_port_group() const noexcept { return load_be16(bytes_, 2); }
    // Reserved codes are kept as is.
    [[nodiscard]] constexpr target_port_group_status_code status_code() const noexcept
    {
        return static_cast<target_port_group_status_code>(bytes_.at_or(5));
    }
    [[nodiscard]] constexpr byte vendor_specific() const noexcept { return bytes_.at_or(6); }
    [[nodiscard]] constexpr std::uint8_t target_port_count() const noexcept { return bytes_.at_or(7); }

    // The TARGET PORT COUNT target port descriptors.
    [[nodiscard]] constexpr target_port_list target_ports() const noexcept
    {
        return target_port_list(bytes_.subview(header_size));
    }
    // Whether the group lists the port with this RELATIVE TARGET PORT IDENTIFIER.
    [[nodiscard]] constexpr bool contains(std::uint16_t relative_target_port) const noexcept
    {
        // A plain scan of the 4-byte descriptors (what target_ports() would
        // yield, without the iterator's bookkeeping: lookups are hot).
        for (std::size_t at = header_size; at + target_port_descriptor::size <= bytes_.size();
             at += target_port_descriptor::size)
            if (load_be16(bytes_, at + 2) == relative_target_port) return true;
        return false;
    }

    // The whole descriptor, and where it starts in the descriptor list.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
struct target_port_group_descriptor_traits {
    using value_type = target_port_group_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < target_port_group_descriptor::header_size) return failure(errc::too_short);
        const std::size_t size =
            target_port_group_descriptor::header_size + target_port_descriptor::size * std::size_t{rest[7]};
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr target_port_group_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return target_port_group_descriptor(entry, offset);
    }
};
} // namespace detail

// The target port group descriptors, decoded lazily; status() reports the
// first malformed one (errc::too_short: fewer than 8 bytes left;
// errc::descriptor_overrun: its ports run past the returned data).
using target_port_group_list = descriptor_list<detail::target_port_group_descriptor_traits>;

// ------------------------------------------------------------ parameter data

class report_target_port_groups {
public:
    static constexpr std::size_t length_only_header_size = 4;
    static constexpr std::size_t extended_header_size = 8;

    constexpr report_target_port_groups() noexcept = default;
    // Made by parse_report_target_port_groups(), which has checked `bytes`
    // holds at least the 4-byte RETURN DATA LENGTH and settled the format.
    constexpr report_target_port_groups(byte_view bytes, rtpg_header_format format) noexcept
        : bytes_(bytes), format_(format)
    {}

    // The data as returned.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

    [[nodiscard]] constexpr std::uint32_t return_data_length() const noexcept { return load_be32(bytes_, 0); }

    [[nodiscard]] constexpr rtpg_header_format header_format() const noexcept { return format_; }
    // Where the descriptors start: 8 with an extended header, else 4.
    [[nodiscard]] constexpr std::size_t header_size() const noexcept
    {
        return format_ == rtpg_header_format::extended ? extended_header_size : length_only_header_size;
    }

    // IMPLICIT TRANSITION TIME, in seconds: how long the application client
    // should allow an implicit transition to take before timing it out; 0
    // means the device server does not say. Only the extended header has it:
    // errc::unsupported_format for a length-only response, errc::too_short
    // when byte 5 was not returned (or the format is undetermined).
    [[nodiscard]] constexpr result<std::uint8_t> implicit_transition_time() const noexcept
    {
        if (format_ == rtpg_header_format::length_only) return failure(errc::unsupported_format);
        if (format_ == rtpg_header_format::undetermined || bytes_.size() < 6) return failure(errc::too_short);
        return bytes_[5];
    }

    // RETURN DATA LENGTH + 4: the allocation length that returns everything
    // (saturated where size_t is narrower than 33 bits).
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        const std::uint64_t whole = std::uint64_t{return_data_length()} + 4u;
        constexpr std::uint64_t size_max = static_cast<std::size_t>(-1);
        return whole > size_max ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(whole);
    }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

    // The target port group descriptor list as returned: from the end of the
    // header to RETURN DATA LENGTH + 4 or the end of the data, whichever
    // comes first. Empty when the format is undetermined.
    [[nodiscard]] constexpr byte_view target_port_group_descriptor_bytes() const noexcept
    {
        if (format_ == rtpg_header_format::undetermined) return {};
        const std::size_t end = required_allocation_length(); // the data is clipped to it
        return bytes_.first(end).subview(header_size());
    }

    [[nodiscard]] constexpr target_port_group_list target_port_groups() const noexcept
    {
        return target_port_group_list(target_port_group_descriptor_bytes());
    }

    // The descriptor of the group with this TARGET PORT GROUP value:
    // errc::not_found, or the error of a malformed descriptor met before it.
    [[nodiscard]] constexpr result<target_port_group_descriptor>
    find_group(std::uint16_t target_port_group) const noexcept
    {
        const target_port_group_list groups = target_port_groups();
        auto it = groups.begin();
        for (; !it.done(); ++it) {
            const target_port_group_descriptor group = *it;
            if (group.target_port_group() == target_port_group) return group;
        }
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }

    // The descriptor of the group that lists the target port with this
    // RELATIVE TARGET PORT IDENTIFIER (the first one, should a device list a
    // port twice): errc::not_found, or the error of a malformed descriptor
    // met before it.
    [[nodiscard]] constexpr result<target_port_group_descriptor>
    group_of(std::uint16_t relative_target_port) const noexcept
    {
        const target_port_group_list groups = target_port_groups();
        auto it = groups.begin();
        for (; !it.done(); ++it) {
            const target_port_group_descriptor group = *it;
            if (group.contains(relative_target_port)) return group;
        }
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }

    // The ASYMMETRIC ACCESS STATE of the group with this TARGET PORT GROUP
    // value (reserved codes included); errors as find_group().
    [[nodiscard]] constexpr result<scsi::asymmetric_access_state>
    state_of(std::uint16_t target_port_group) const noexcept
    {
        const result<target_port_group_descriptor> group = find_group(target_port_group);
        if (!group) return failure(group.error());
        return group->asymmetric_access_state();
    }

private:
    byte_view bytes_;
    rtpg_header_format format_ = rtpg_header_format::length_only;
};

// ------------------------------------------------------------------ parsers

namespace detail {
// The header format byte 4 announces (see the header comment), for a caller
// that asked for the extended header or does not know what it asked for.
constexpr result<rtpg_header_format> detect_rtpg_header_format(byte_view bytes) noexcept
{
    // With RETURN DATA LENGTH 0 nothing follows the length (whatever the
    // buffer holds past it is stale): an empty length-only response.
    if (load_be32(bytes, 0) == 0) return rtpg_header_format::length_only;
    if (bytes.size() <= 4) return rtpg_header_format::undetermined; // byte 4 was not returned
    switch (bits(bytes[4], 6, 4)) {
    case 0: return rtpg_header_format::length_only;
    case 1: return rtpg_header_format::extended;
    default: return failure(errc::unsupported_format);
    }
}
} // namespace detail

// For a caller that knows which PARAMETER DATA FORMAT its CDB requested (see
// the header comment for what each request means). Errors:
// errc::invalid_argument for a reserved `requested` format, errc::too_short
// when RETURN DATA LENGTH is incomplete, errc::unsupported_format when
// FORMAT TYPE holds a reserved code, errc::length_mismatch when an extended
// header's RETURN DATA LENGTH does not cover the rest of its own header
// (less than 4). Malformed descriptors are reported by the iteration.
[[nodiscard]] constexpr result<report_target_port_groups>
parse_report_target_port_groups(byte_view bytes, rtpg_parameter_data_format requested) noexcept
{
    if (requested != rtpg_parameter_data_format::length_only &&
        requested != rtpg_parameter_data_format::extended_header)
        return failure(errc::invalid_argument);
    if (bytes.size() < report_target_port_groups::length_only_header_size) return failure(errc::too_short);

    rtpg_header_format format = rtpg_header_format::length_only;
    if (requested == rtpg_parameter_data_format::extended_header) {
        const result<rtpg_header_format> detected = detail::detect_rtpg_header_format(bytes);
        if (!detected) return failure(detected.error());
        format = *detected;
    }
    constexpr std::uint32_t extended_header_rest =
        report_target_port_groups::extended_header_size - report_target_port_groups::length_only_header_size;
    if (format == rtpg_header_format::extended && load_be32(bytes, 0) < extended_header_rest)
        return failure(errc::length_mismatch);
    return report_target_port_groups(bytes, format);
}

// Auto-detection: the header format is read from byte 4 (FORMAT TYPE), the
// same decision as for a caller that requested the extended header.
[[nodiscard]] constexpr result<report_target_port_groups> parse_report_target_port_groups(byte_view bytes) noexcept
{
    return parse_report_target_port_groups(bytes, rtpg_parameter_data_format::extended_header);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_REPORT_TARGET_PORT_GROUPS_HPP
