// SPDX-License-Identifier: MIT
// mpio/scsi/report_supported_operation_codes.hpp - the parameter data of
// REPORT SUPPORTED OPERATION CODES: which commands a logical unit supports,
// how long each CDB is, which CDB bits it looks at, and how long each
// command may take.
//
// SPC-6, REPORT SUPPORTED OPERATION CODES command (MAINTENANCE IN, service
// action 0Ch; the CDB is built by build_report_rsoc_all_commands()
// in mpio/scsi/cdb.hpp). The CDB's REPORTING OPTIONS choose one of two
// formats, which the data itself cannot tell apart, so the caller picks the
// parser:
//
// all_commands format (REPORTING OPTIONS 000b):
//   bytes 0-3  COMMAND DATA LENGTH (n-3)
//   bytes 4-n  command descriptors, each 8 bytes, or 20 with CTDP set:
//     byte 0     OPERATION CODE
//     byte 1     reserved
//     bytes 2-3  SERVICE ACTION (meaningful when SERVACTV is one)
//     byte 4     reserved
//     byte 5     bit 6 RWCDLP, bits 5..4 MLU, bits 3..2 CDLP, bit 1 CTDP,
//                bit 0 SERVACTV
//     bytes 6-7  CDB LENGTH
//     bytes 8-19 command timeouts descriptor (only when CTDP is one)
//
// one_command format (REPORTING OPTIONS 001b, 010b, 011b):
//   byte 0     bit 0 RWCDLP
//   byte 1     bit 7 CTDP, bits 6..5 MLU, bits 4..3 CDLP, bits 2..0 SUPPORT
//   bytes 2-3  CDB SIZE (n)
//   bytes 4..  CDB USAGE DATA (n bytes): byte 0 is the operation code, each
//              other bit is one when the device server looks at that CDB bit
//   then       command timeouts descriptor (only when CTDP is one)
//
// command timeouts descriptor (12 bytes):
//   bytes 0-1  DESCRIPTOR LENGTH (000Ah)
//   byte 2     reserved
//   byte 3     COMMAND SPECIFIC
//   bytes 4-7  NOMINAL COMMAND PROCESSING TIMEOUT (seconds; 0: not reported)
//   bytes 8-11 RECOMMENDED COMMAND TIMEOUT (seconds; 0: not reported)
//
// The RCTD bit of the CDB asks for the timeouts; the data says whether they
// came with CTDP (per descriptor in the all_commands format, once in the
// one_command format), so the parsers follow CTDP, never the request: a
// device server that ignores RCTD simply returns no timeouts.
//
// Truncation (a smaller ALLOCATION LENGTH than the data): all_commands has a
// length field, one_command a length made of CDB SIZE and CTDP; both say
// truncated() and required_allocation_length(). A command descriptor cut by
// the end of the returned data (or by COMMAND DATA LENGTH) stops the lazy
// iteration, the descriptors before it stay usable: errc::too_short when
// fewer than its 8 bytes are left, errc::descriptor_overrun when CTDP says
// 20 and fewer are left. Contradictions: a command timeouts descriptor whose DESCRIPTOR
// LENGTH is not 0Ah is errc::length_mismatch (from command_timeouts()).
#ifndef MPIO_SCSI_REPORT_SUPPORTED_OPERATION_CODES_HPP
#define MPIO_SCSI_REPORT_SUPPORTED_OPERATION_CODES_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::scsi {

// ------------------------------------------------------------------ enums

// SUPPORT field of the one_command format.
enum class command_support : std::uint8_t {
    not_available = 0, // 000b: data about the command is not currently available
    not_supported = 1, // 001b: the device server does not support the command
    // 010b reserved
    supported = 3, // 011b: supported, in conformance with a SCSI standard
    // 100b reserved
    supported_vendor_specific = 5, // 101b: supported, in a vendor-specific manner
    // 110b..111b reserved
};

[[nodiscard]] constexpr bool is_reserved(command_support s) noexcept
{
    switch (s) {
    case command_support::not_available:
    case command_support::not_supported:
    case command_support::supported:
    case command_support::supported_vendor_specific: return false;
    }
    return true;
}

// 011b and 101b: the command is supported, and CDB USAGE DATA describes it.
[[nodiscard]] constexpr bool is_supported(command_support s) noexcept
{
    return s == command_support::supported || s == command_support::supported_vendor_specific;
}

[[nodiscard]] constexpr const char* to_string(command_support s) noexcept
{
    switch (s) {
    case command_support::not_available: return "not currently available";
    case command_support::not_supported: return "not supported";
    case command_support::supported: return "supported (conforming to a SCSI standard)";
    case command_support::supported_vendor_specific: return "supported (in a vendor-specific manner)";
    }
    return "reserved";
}

// MLU (multiple logical units): whether the command affects other logical
// units of the target.
enum class multiple_logical_units : std::uint8_t {
    not_reported = 0,      // 00b
    this_logical_unit = 1, // 01b: affects only the addressed logical unit
    more_than_one = 2,     // 10b: affects more than one, not all, logical units
    all_logical_units = 3, // 11b: affects every logical unit of the SCSI target device
};

[[nodiscard]] constexpr const char* to_string(multiple_logical_units m) noexcept
{
    switch (m) {
    case multiple_logical_units::not_reported: return "not reported";
    case multiple_logical_units::this_logical_unit: return "affects only this logical unit";
    case multiple_logical_units::more_than_one: return "affects more than one, not all, logical units";
    case multiple_logical_units::all_logical_units: return "affects all logical units";
    }
    return "unknown";
}

// ------------------------------------------------ command timeouts descriptor

class command_timeouts_descriptor {
public:
    static constexpr std::size_t size = 12;
    static constexpr std::uint16_t expected_descriptor_length = 0x0A;

    constexpr command_timeouts_descriptor() noexcept = default;
    // `bytes` holds the 12 bytes (parse_command_timeouts_descriptor() checks).
    constexpr explicit command_timeouts_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr std::uint16_t descriptor_length() const noexcept { return load_be16(bytes_, 0); }
    [[nodiscard]] constexpr byte command_specific() const noexcept { return bytes_.at_or(3); }
    // Seconds; 0 means the device server does not report it.
    [[nodiscard]] constexpr std::uint32_t nominal_command_processing_timeout() const noexcept
    {
        return load_be32(bytes_, 4);
    }
    [[nodiscard]] constexpr std::uint32_t recommended_command_timeout() const noexcept { return load_be32(bytes_, 8); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// errc::too_short when fewer than 12 bytes, errc::length_mismatch when
// DESCRIPTOR LENGTH is not 0Ah. Bytes past 12 are ignored.
[[nodiscard]] constexpr result<command_timeouts_descriptor> parse_command_timeouts_descriptor(byte_view bytes) noexcept
{
    if (bytes.size() < command_timeouts_descriptor::size) return failure(errc::too_short);
    if (load_be16(bytes, 0) != command_timeouts_descriptor::expected_descriptor_length)
        return failure(errc::length_mismatch);
    return command_timeouts_descriptor(bytes.first(command_timeouts_descriptor::size));
}

// --------------------------------------------------------- command descriptor

// One command of the all_commands format (8 or 20 bytes, as the list yields it).
class command_descriptor {
public:
    static constexpr std::size_t size = 8;
    static constexpr std::size_t size_with_timeouts = size + command_timeouts_descriptor::size;

    constexpr command_descriptor() noexcept = default;
    constexpr command_descriptor(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset) {}

    [[nodiscard]] constexpr byte operation_code() const noexcept { return bytes_.at_or(0); }
    // SERVICE ACTION as returned: reserved (ignore it) unless servactv().
    [[nodiscard]] constexpr std::uint16_t service_action() const noexcept { return load_be16(bytes_, 2); }
    // Service action valid: the operation code has service actions and this
    // descriptor is for service_action().
    [[nodiscard]] constexpr bool servactv() const noexcept { return bit(bytes_.at_or(5), 0); }
    // Command timeouts descriptor present (bytes 8-19).
    [[nodiscard]] constexpr bool ctdp() const noexcept { return bit(bytes_.at_or(5), 1); }
    // Command duration limit page (with rwcdlp(): which mode page holds the
    // command's duration limits; 0 none).
    [[nodiscard]] constexpr std::uint8_t cdlp() const noexcept { return bits(bytes_.at_or(5), 3, 2); }
    [[nodiscard]] constexpr scsi::multiple_logical_units mlu() const noexcept
    {
        return static_cast<scsi::multiple_logical_units>(bits(bytes_.at_or(5), 5, 4));
    }
    [[nodiscard]] constexpr bool rwcdlp() const noexcept { return bit(bytes_.at_or(5), 6); }
    [[nodiscard]] constexpr std::uint16_t cdb_length() const noexcept { return load_be16(bytes_, 6); }

    // The command timeouts descriptor: errc::not_found when CTDP is zero,
    // else as parse_command_timeouts_descriptor().
    [[nodiscard]] constexpr result<command_timeouts_descriptor> command_timeouts() const noexcept
    {
        if (!ctdp()) return failure(errc::not_found);
        return parse_command_timeouts_descriptor(bytes_.subview(size));
    }

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    // Where the descriptor starts in the descriptor list.
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
struct command_descriptor_traits {
    using value_type = command_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < command_descriptor::size) return failure(errc::too_short);
        const std::size_t size = bit(rest[5], 1) ? command_descriptor::size_with_timeouts : command_descriptor::size;
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr command_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return command_descriptor(entry, offset);
    }
};
} // namespace detail

// The command descriptors, decoded lazily; status() reports a descriptor cut
// by the end of the data (errc::too_short: fewer than 8 bytes left;
// errc::descriptor_overrun: CTDP set and fewer than 20 left).
using command_descriptor_list = descriptor_list<detail::command_descriptor_traits>;

namespace detail {
// The first descriptor `match` accepts: errc::not_found, or the error of a
// malformed descriptor met before it. (A free function defined before its
// users: clang 14 cannot constant-evaluate a member template defined after
// the member that calls it.)
template <class List, class Match>
constexpr result<command_descriptor> find_command(const List& list, Match&& match) noexcept
{
    auto it = list.begin();
    for (; !it.done(); ++it) {
        const command_descriptor c = *it;
        if (match(c)) return c;
    }
    return failure(it.error() == errc::none ? errc::not_found : it.error());
}
} // namespace detail

// ------------------------------------------------------ all_commands format

class rsoc_all_commands {
public:
    static constexpr std::size_t header_size = 4;

    constexpr rsoc_all_commands() noexcept = default;
    // Made by parse_rsoc_all_commands(), which has checked that the
    // 4-byte COMMAND DATA LENGTH is there.
    constexpr explicit rsoc_all_commands(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::uint32_t command_data_length() const noexcept { return load_be32(bytes_, 0); }

    // COMMAND DATA LENGTH + 4, saturated where size_t is narrower than 33 bits.
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        const std::uint64_t whole = std::uint64_t{command_data_length()} + header_size;
        constexpr std::uint64_t size_max = static_cast<std::size_t>(-1);
        return whole > size_max ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(whole);
    }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

    // The descriptor bytes as returned: from byte 4 to COMMAND DATA LENGTH + 4
    // or the end of the data, whichever comes first.
    [[nodiscard]] constexpr byte_view command_descriptor_bytes() const noexcept
    {
        return bytes_.first(required_allocation_length()).subview(header_size);
    }
    [[nodiscard]] constexpr command_descriptor_list commands() const noexcept
    {
        return command_descriptor_list(command_descriptor_bytes());
    }

    // The descriptor of a command: with `service_action` for an operation
    // code that has service actions (SERVACTV one), without it otherwise.
    // errc::not_found, or the error of a malformed descriptor met before it.
    [[nodiscard]] constexpr result<command_descriptor> find(byte operation_code) const noexcept
    {
        return detail::find_command(commands(), [&](const command_descriptor& c) {
            return c.operation_code() == operation_code && !c.servactv();
        });
    }
    [[nodiscard]] constexpr result<command_descriptor> find(byte operation_code,
                                                            std::uint16_t service_action) const noexcept
    {
        return detail::find_command(commands(), [&](const command_descriptor& c) {
            return c.operation_code() == operation_code && c.servactv() && c.service_action() == service_action;
        });
    }

private:
    byte_view bytes_;
};

// errc::too_short when COMMAND DATA LENGTH is incomplete. Bytes past COMMAND
// DATA LENGTH + 4 are ignored (command_descriptor_bytes()).
[[nodiscard]] constexpr result<rsoc_all_commands> parse_rsoc_all_commands(byte_view bytes) noexcept
{
    if (bytes.size() < rsoc_all_commands::header_size) return failure(errc::too_short);
    return rsoc_all_commands(bytes);
}

// ------------------------------------------------------- one_command format

class rsoc_one_command {
public:
    static constexpr std::size_t header_size = 4;

    constexpr rsoc_one_command() noexcept = default;
    // Made by parse_rsoc_one_command(), which has checked the 4-byte
    // header is there.
    constexpr explicit rsoc_one_command(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

    [[nodiscard]] constexpr bool rwcdlp() const noexcept { return bit(bytes_.at_or(0), 0); }
    [[nodiscard]] constexpr bool ctdp() const noexcept { return bit(bytes_.at_or(1), 7); }
    [[nodiscard]] constexpr scsi::multiple_logical_units mlu() const noexcept
    {
        return static_cast<scsi::multiple_logical_units>(bits(bytes_.at_or(1), 6, 5));
    }
    [[nodiscard]] constexpr std::uint8_t cdlp() const noexcept { return bits(bytes_.at_or(1), 4, 3); }
    // Reserved codes are kept (is_reserved()).
    [[nodiscard]] constexpr command_support support() const noexcept
    {
        return static_cast<command_support>(bits(bytes_.at_or(1), 2, 0));
    }
    [[nodiscard]] constexpr std::uint16_t cdb_size() const noexcept { return load_be16(bytes_, 2); }

    // 4 + CDB SIZE, + 12 with CTDP: what returns everything.
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        return header_size + std::size_t{cdb_size()} + (ctdp() ? command_timeouts_descriptor::size : 0);
    }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

    // CDB USAGE DATA as returned (shorter than CDB SIZE when truncated()).
    [[nodiscard]] constexpr byte_view cdb_usage_data() const noexcept
    {
        return bytes_.subview(header_size, cdb_size());
    }
    // Byte 0 of the usage data: the operation code the data is about
    // (errc::too_short when the usage data is empty or cut before it).
    [[nodiscard]] constexpr result<byte> operation_code() const noexcept
    {
        if (cdb_usage_data().empty()) return failure(errc::too_short);
        return cdb_usage_data()[0];
    }
    // Whether the device server looks at bit `bit_number` (0..7) of CDB byte
    // `cdb_byte`; false past the returned usage data.
    [[nodiscard]] constexpr bool uses(std::size_t cdb_byte, unsigned bit_number) const noexcept
    {
        return bit_number < 8 && bit(cdb_usage_data().at_or(cdb_byte), bit_number);
    }

    // The command timeouts descriptor after the usage data: errc::not_found
    // when CTDP is zero, errc::too_short when truncated before its end,
    // errc::length_mismatch when its DESCRIPTOR LENGTH is not 0Ah.
    [[nodiscard]] constexpr result<command_timeouts_descriptor> command_timeouts() const noexcept
    {
        if (!ctdp()) return failure(errc::not_found);
        const std::size_t at = header_size + std::size_t{cdb_size()};
        if (at >= bytes_.size()) return failure(errc::too_short);
        return parse_command_timeouts_descriptor(bytes_.subview(at));
    }

private:
    byte_view bytes_;
};

// errc::too_short when the 4-byte header (up to CDB SIZE) is incomplete.
// Bytes past required_allocation_length() are ignored.
[[nodiscard]] constexpr result<rsoc_one_command> parse_rsoc_one_command(byte_view bytes) noexcept
{
    if (bytes.size() < rsoc_one_command::header_size) return failure(errc::too_short);
    const rsoc_one_command whole(bytes);
    return rsoc_one_command(bytes.first(whole.required_allocation_length()));
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_REPORT_SUPPORTED_OPERATION_CODES_HPP
