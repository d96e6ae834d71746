// SPDX-License-Identifier: MIT
// mpio/scsi/persistent_reserve_in.hpp - PERSISTENT RESERVE IN parameter data
// (SPC-6 6.16), one parser per service action, since the data does not say
// which service action produced it:
//
//   READ KEYS (00h)            bytes 0-3 PRGENERATION, 4-7 ADDITIONAL LENGTH (n - 7),
//                              8.. RESERVATION KEY list, 8 bytes each
//   READ RESERVATION (01h)     bytes 0-3 PRGENERATION, 4-7 ADDITIONAL LENGTH (0 or 10h),
//                              then (if 10h) 8-15 RESERVATION KEY, 16-19 obsolete,
//                              20 reserved, 21 SCOPE (7..4) TYPE (3..0), 22-23 obsolete
//   REPORT CAPABILITIES (02h)  bytes 0-1 LENGTH (0008h),
//                              2: RLR_C (7) CRH (4) SIP_C (3) ATP_C (2) PTPL_C (0)
//                              3: TMV (7) ALLOW COMMANDS (6..4) PTPL_A (0)
//                              4-5 PERSISTENT RESERVATION TYPE MASK, 6-7 reserved
//   READ FULL STATUS (03h)     bytes 0-3 PRGENERATION, 4-7 ADDITIONAL LENGTH (n - 7),
//                              8.. full status descriptors:
//                                0-7 RESERVATION KEY, 8-11 reserved,
//                                12: ALL_TG_PT (1) R_HOLDER (0), 13: SCOPE TYPE,
//                                14-17 reserved, 18-19 RELATIVE TARGET PORT IDENTIFIER,
//                                20-23 ADDITIONAL DESCRIPTOR LENGTH (n - 23),
//                                24..n TransportID (mpio/scsi/transport_id.hpp)
//
// Truncation (docs/rules.md P2): when the allocation length cut the data,
// each view decodes what was returned, truncated() says so and
// required_allocation_length() is the ALLOCATION LENGTH to re-issue the
// command with (build_persistent_reserve_in in persistent_reserve_out.hpp).
// Only whole keys and whole descriptors are iterated; a cut one is not an
// error.
//
// Contradictions (P3): fewer bytes than the header is errc::too_short; a READ
// KEYS ADDITIONAL LENGTH that is not a multiple of 8 stops the key list with
// errc::length_mismatch at the odd tail; a READ RESERVATION ADDITIONAL LENGTH
// other than 0 or 10h, and a REPORT CAPABILITIES LENGTH under 8, are
// errc::length_mismatch from the parser; a full status descriptor whose
// ADDITIONAL DESCRIPTOR LENGTH runs past ADDITIONAL LENGTH stops the list
// with errc::descriptor_overrun, and one whose TransportID does not fill its
// ADDITIONAL DESCRIPTOR LENGTH exactly is errc::length_mismatch from
// full_status_descriptor::transport_id() (the descriptors after it remain
// iterable: the framing is intact).
#ifndef MPIO_SCSI_PERSISTENT_RESERVE_IN_HPP
#define MPIO_SCSI_PERSISTENT_RESERVE_IN_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/persistent_reservation.hpp>
#include <mpio/scsi/transport_id.hpp>

namespace mpio::scsi {

namespace detail {
// header + length, saturated where size_t is 32 bits (the CDB's ALLOCATION
// LENGTH is 16 bits anyway).
constexpr std::size_t pr_in_required(std::size_t header, std::uint32_t length) noexcept
{
    const std::uint64_t need = std::uint64_t{header} + length;
    constexpr std::uint64_t max = static_cast<std::size_t>(-1);
    return static_cast<std::size_t>(need > max ? max : need);
}

// The list bytes ADDITIONAL LENGTH declares, as far as they were returned.
constexpr byte_view pr_in_list(byte_view bytes, std::size_t header, std::uint32_t length) noexcept
{
    return bytes.subview(header).first(length);
}
} // namespace detail

// ------------------------------------------------------------------ READ KEYS

namespace detail {
struct reservation_key_traits {
    using value_type = std::uint64_t;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < 8) return failure(errc::length_mismatch); // an ADDITIONAL LENGTH not a multiple of 8
        return std::size_t{8};
    }
    static constexpr std::uint64_t make(byte_view entry, std::size_t) noexcept { return load_be64(entry, 0); }
};
} // namespace detail

using reservation_key_list = descriptor_list<detail::reservation_key_traits>;

class pr_read_keys {
public:
    static constexpr std::size_t header_size = 8;
    static constexpr std::size_t key_size = 8;

    constexpr pr_read_keys() noexcept = default;
    constexpr explicit pr_read_keys(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::uint32_t prgeneration() const noexcept { return load_be32(bytes_, 0); }
    [[nodiscard]] constexpr std::uint32_t additional_length() const noexcept { return load_be32(bytes_, 4); }
    [[nodiscard]] constexpr bool additional_length_valid() const noexcept
    {
        return additional_length() % key_size == 0;
    }
    // Registered keys as ADDITIONAL LENGTH declares (whole ones).
    [[nodiscard]] constexpr std::uint32_t key_count() const noexcept
    {
        // The cast: GCC's -fsanitize=undefined hides that the quotient fits (-Wconversion).
        return static_cast<std::uint32_t>(additional_length() / key_size);
    }

    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        return detail::pr_in_required(header_size, additional_length());
    }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

    [[nodiscard]] constexpr byte_view key_list_bytes() const noexcept
    {
        const byte_view list = detail::pr_in_list(bytes_, header_size, additional_length());
        if (!truncated()) return list;
        return list.first(list.size() - list.size() % key_size);
    }
    [[nodiscard]] constexpr reservation_key_list keys() const noexcept
    {
        return reservation_key_list(key_list_bytes());
    }

    // Whether `key` is among the returned keys.
    [[nodiscard]] constexpr bool contains(std::uint64_t key) const noexcept
    {
        for (const std::uint64_t k : keys())
            if (k == key) return true;
        return false;
    }

private:
    byte_view bytes_;
};

[[nodiscard]] constexpr result<pr_read_keys> parse_pr_read_keys(byte_view bytes) noexcept
{
    if (bytes.size() < pr_read_keys::header_size) return failure(errc::too_short);
    return pr_read_keys(bytes);
}

// ----------------------------------------------------------- READ RESERVATION

class pr_read_reservation {
public:
    static constexpr std::size_t header_size = 8;
    static constexpr std::uint32_t descriptor_length = 0x10;

    constexpr pr_read_reservation() noexcept = default;
    constexpr explicit pr_read_reservation(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::uint32_t prgeneration() const noexcept { return load_be32(bytes_, 0); }
    [[nodiscard]] constexpr std::uint32_t additional_length() const noexcept { return load_be32(bytes_, 4); }

    // A persistent reservation exists (ADDITIONAL LENGTH 10h), whether or
    // not its descriptor was returned.
    [[nodiscard]] constexpr bool has_reservation() const noexcept { return additional_length() == descriptor_length; }
    // The descriptor was returned whole: the fields below are meaningful.
    [[nodiscard]] constexpr bool reservation_returned() const noexcept
    {
        return has_reservation() && bytes_.size() >= header_size + descriptor_length;
    }
    // RESERVATION KEY of the holder; zero for the all-registrants types.
    [[nodiscard]] constexpr std::uint64_t reservation_key() const noexcept { return load_be64(bytes_, 8); }
    [[nodiscard]] constexpr pr_scope scope() const noexcept
    {
        return static_cast<pr_scope>(bits(bytes_.at_or(21), 7, 4));
    }
    [[nodiscard]] constexpr pr_type type() const noexcept { return static_cast<pr_type>(bits(bytes_.at_or(21), 3, 0)); }

    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        return detail::pr_in_required(header_size, additional_length());
    }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

private:
    byte_view bytes_;
};

[[nodiscard]] constexpr result<pr_read_reservation> parse_pr_read_reservation(byte_view bytes) noexcept
{
    if (bytes.size() < pr_read_reservation::header_size) return failure(errc::too_short);
    const std::uint32_t length = load_be32(bytes, 4);
    if (length != 0 && length != pr_read_reservation::descriptor_length) return failure(errc::length_mismatch);
    return pr_read_reservation(bytes);
}

// -------------------------------------------------------- REPORT CAPABILITIES

// ALLOW COMMANDS (SPC-4 table "ALLOW COMMANDS field"): which commands the
// device server lets through Write Exclusive / Exclusive Access
// reservations. 100b and above are named by their value: SPC-4 reserves
// them and mpio has no text of later revisions to quote.
enum class pr_allow_commands : std::uint8_t {
    no_information = 0,             // 000b
    tur_allowed = 1,                // 001b: TEST UNIT READY through WE and EA; nothing said about the others
    tur_allowed_others_denied = 2,  // 010b: TUR allowed; the listed commands not allowed through WE
    tur_allowed_others_allowed = 3, // 011b: TUR allowed; the listed commands allowed through WE
};

[[nodiscard]] constexpr const char* to_string(pr_allow_commands a) noexcept
{
    switch (a) {
    case pr_allow_commands::no_information: return "no information";
    case pr_allow_commands::tur_allowed: return "TEST UNIT READY allowed through WE and EA";
    case pr_allow_commands::tur_allowed_others_denied:
        return "TEST UNIT READY allowed; other listed commands not allowed through WE";
    case pr_allow_commands::tur_allowed_others_allowed:
        return "TEST UNIT READY allowed; other listed commands allowed through WE";
    }
    return "reserved in SPC-4";
}

// The PERSISTENT RESERVATION TYPE MASK bits, as a 16-bit value of bytes 4-5
// (byte 4 in the high half).
namespace pr_type_mask {
inline constexpr std::uint16_t wr_ex_ar = 0x8000; // byte 4 bit 7
inline constexpr std::uint16_t ex_ac_ro = 0x4000; // byte 4 bit 6
inline constexpr std::uint16_t wr_ex_ro = 0x2000; // byte 4 bit 5
inline constexpr std::uint16_t ex_ac = 0x0800;    // byte 4 bit 3
inline constexpr std::uint16_t wr_ex = 0x0200;    // byte 4 bit 1
inline constexpr std::uint16_t ex_ac_ar = 0x0001; // byte 5 bit 0
inline constexpr std::uint16_t all = wr_ex_ar | ex_ac_ro | wr_ex_ro | ex_ac | wr_ex | ex_ac_ar;

// The mask bit of a type; 0 for the obsolete and reserved ones.
[[nodiscard]] constexpr std::uint16_t bit_of(pr_type t) noexcept
{
    switch (t) {
    case pr_type::write_exclusive: return wr_ex;
    case pr_type::exclusive_access: return ex_ac;
    case pr_type::write_exclusive_registrants_only: return wr_ex_ro;
    case pr_type::exclusive_access_registrants_only: return ex_ac_ro;
    case pr_type::write_exclusive_all_registrants: return wr_ex_ar;
    case pr_type::exclusive_access_all_registrants: return ex_ac_ar;
    default: return 0;
    }
}
} // namespace pr_type_mask

class pr_report_capabilities {
public:
    static constexpr std::size_t header_size = 2;
    static constexpr std::uint16_t defined_length = 8;

    constexpr pr_report_capabilities() noexcept = default;
    constexpr explicit pr_report_capabilities(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::uint16_t length() const noexcept { return load_be16(bytes_, 0); }

    // Byte 2. A bit the returned data does not reach reads as zero:
    // flags_returned() / type_mask_returned() say whether it was returned.
    [[nodiscard]] constexpr bool flags_returned() const noexcept { return bytes_.size() >= 4; }
    [[nodiscard]] constexpr bool rlr_c() const noexcept
    {
        return bit(bytes_.at_or(2), 7);
    } // REPLACE LOST RESERVATION capable
    [[nodiscard]] constexpr bool crh() const noexcept
    {
        return bit(bytes_.at_or(2), 4);
    } // compatible reservation handling
    [[nodiscard]] constexpr bool sip_c() const noexcept { return bit(bytes_.at_or(2), 3); } // SPEC_I_PT capable
    [[nodiscard]] constexpr bool atp_c() const noexcept { return bit(bytes_.at_or(2), 2); } // ALL_TG_PT capable
    [[nodiscard]] constexpr bool ptpl_c() const noexcept
    {
        return bit(bytes_.at_or(2), 0);
    } // persist through power loss capable
    // Byte 3.
    [[nodiscard]] constexpr bool tmv() const noexcept { return bit(bytes_.at_or(3), 7); } // type mask valid
    [[nodiscard]] constexpr pr_allow_commands allow_commands() const noexcept
    {
        return static_cast<pr_allow_commands>(bits(bytes_.at_or(3), 6, 4));
    }
    [[nodiscard]] constexpr bool ptpl_a() const noexcept
    {
        return bit(bytes_.at_or(3), 0);
    } // persist through power loss activated

    // Bytes 4-5, meaningful when tmv().
    [[nodiscard]] constexpr bool type_mask_returned() const noexcept { return bytes_.size() >= 6; }
    [[nodiscard]] constexpr std::uint16_t type_mask() const noexcept { return load_be16(bytes_, 4); }
    [[nodiscard]] constexpr bool wr_ex_ar() const noexcept { return (type_mask() & pr_type_mask::wr_ex_ar) != 0; }
    [[nodiscard]] constexpr bool ex_ac_ro() const noexcept { return (type_mask() & pr_type_mask::ex_ac_ro) != 0; }
    [[nodiscard]] constexpr bool wr_ex_ro() const noexcept { return (type_mask() & pr_type_mask::wr_ex_ro) != 0; }
    [[nodiscard]] constexpr bool ex_ac() const noexcept { return (type_mask() & pr_type_mask::ex_ac) != 0; }
    [[nodiscard]] constexpr bool wr_ex() const noexcept { return (type_mask() & pr_type_mask::wr_ex) != 0; }
    [[nodiscard]] constexpr bool ex_ac_ar() const noexcept { return (type_mask() & pr_type_mask::ex_ac_ar) != 0; }

    // Whether the device says it supports `t`: its mask bit when TMV is set
    // and the mask was returned; otherwise unknown, reported as true for the
    // six defined types (the device did not say no).
    [[nodiscard]] constexpr bool supports(pr_type t) const noexcept
    {
        const std::uint16_t b = pr_type_mask::bit_of(t);
        if (b == 0) return false;
        if (!tmv() || !type_mask_returned()) return true;
        return (type_mask() & b) != 0;
    }

    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept { return length(); }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

private:
    byte_view bytes_;
};

// errc::too_short without the LENGTH field; errc::length_mismatch when LENGTH
// is under 8 (it cannot hold the fields SPC defines). A LENGTH over 8 is
// accepted (later revisions may add bytes); the first 8 are decoded.
[[nodiscard]] constexpr result<pr_report_capabilities> parse_pr_report_capabilities(byte_view bytes) noexcept
{
    if (bytes.size() < pr_report_capabilities::header_size) return failure(errc::too_short);
    if (load_be16(bytes, 0) < pr_report_capabilities::defined_length) return failure(errc::length_mismatch);
    return pr_report_capabilities(bytes);
}

// ----------------------------------------------------------- READ FULL STATUS

class full_status_descriptor {
public:
    static constexpr std::size_t header_size = 24;

    constexpr full_status_descriptor() noexcept = default;
    constexpr full_status_descriptor(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    // Offset of the descriptor within the descriptor list (add 8 for the
    // offset in the parameter data).
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

    [[nodiscard]] constexpr std::uint64_t reservation_key() const noexcept { return load_be64(bytes_, 0); }
    [[nodiscard]] constexpr bool all_tg_pt() const noexcept { return bit(bytes_.at_or(12), 1); }
    [[nodiscard]] constexpr bool r_holder() const noexcept { return bit(bytes_.at_or(12), 0); }
    // SCOPE and TYPE: meaningful only when r_holder().
    [[nodiscard]] constexpr pr_scope scope() const noexcept
    {
        return static_cast<pr_scope>(bits(bytes_.at_or(13), 7, 4));
    }
    [[nodiscard]] constexpr pr_type type() const noexcept { return static_cast<pr_type>(bits(bytes_.at_or(13), 3, 0)); }
    // Meaningful only when !all_tg_pt().
    [[nodiscard]] constexpr std::uint16_t relative_target_port_identifier() const noexcept
    {
        return load_be16(bytes_, 18);
    }
    [[nodiscard]] constexpr std::uint32_t additional_descriptor_length() const noexcept
    {
        return load_be32(bytes_, 20);
    }
    [[nodiscard]] constexpr byte_view transport_id_bytes() const noexcept { return bytes_.subview(header_size); }

    // The initiator port's TransportID; errc::length_mismatch when it does
    // not fill ADDITIONAL DESCRIPTOR LENGTH exactly, or the TransportID
    // decoding error.
    [[nodiscard]] constexpr result<scsi::transport_id> transport_id() const noexcept
    {
        const byte_view area = transport_id_bytes();
        const result<scsi::transport_id> id = parse_transport_id(area);
        if (!id) return failure(id.error() == errc::too_short ? errc::length_mismatch : id.error());
        if (id->size() != area.size()) return failure(errc::length_mismatch);
        return id;
    }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
struct full_status_traits {
    using value_type = full_status_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < full_status_descriptor::header_size) return failure(errc::too_short);
        const std::uint64_t size = std::uint64_t{full_status_descriptor::header_size} + load_be32(rest, 20);
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return static_cast<std::size_t>(size);
    }
    static constexpr full_status_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return full_status_descriptor(entry, offset);
    }
};
} // namespace detail

using full_status_descriptor_list = descriptor_list<detail::full_status_traits>;

class pr_read_full_status {
public:
    static constexpr std::size_t header_size = 8;

    constexpr pr_read_full_status() noexcept = default;
    constexpr explicit pr_read_full_status(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::uint32_t prgeneration() const noexcept { return load_be32(bytes_, 0); }
    [[nodiscard]] constexpr std::uint32_t additional_length() const noexcept { return load_be32(bytes_, 4); }

    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        return detail::pr_in_required(header_size, additional_length());
    }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

    // The descriptor bytes the iteration covers. When truncated, the walk
    // stops before the first descriptor that was cut, so a cut descriptor is
    // never reported as malformed.
    [[nodiscard]] constexpr byte_view descriptor_bytes() const noexcept
    {
        const byte_view list = detail::pr_in_list(bytes_, header_size, additional_length());
        if (!truncated()) return list;
        std::size_t whole = 0;
        while (whole < list.size()) {
            const byte_view rest = list.subview(whole);
            const result<std::size_t> size = detail::full_status_traits::entry_size(rest);
            if (!size) break;
            whole += *size;
        }
        return list.first(whole);
    }
    [[nodiscard]] constexpr full_status_descriptor_list descriptors() const noexcept
    {
        return full_status_descriptor_list(descriptor_bytes());
    }

private:
    byte_view bytes_;
};

[[nodiscard]] constexpr result<pr_read_full_status> parse_pr_read_full_status(byte_view bytes) noexcept
{
    if (bytes.size() < pr_read_full_status::header_size) return failure(errc::too_short);
    return pr_read_full_status(bytes);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_PERSISTENT_RESERVE_IN_HPP
