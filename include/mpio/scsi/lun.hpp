// SPDX-License-Identifier: MIT
// mpio/scsi/lun.hpp - the 8-byte logical unit number (LUN) and its levels.
//
// SAM-6 4.7 (logical unit numbers; SAM-5 4.6). A LUN is eight bytes. The
// first two bits of each addressing element are its ADDRESS METHOD:
//
//   00b  peripheral device addressing (LU_CONG 0):
//          byte 0 bits 5..0 BUS IDENTIFIER, byte 1 TARGET OR LUN
//          BUS IDENTIFIER 00h: TARGET OR LUN is a logical unit at the current
//          level; otherwise it is a target, and the next level addresses a
//          logical unit behind it.
//        simple logical unit addressing (LU_CONG 1):
//          bits 13..0 (byte 0 bits 5..0, byte 1) a logical unit number
//   01b  flat space addressing: bits 13..0 FLAT SPACE LUN
//   10b  logical unit addressing: byte 0 bits 5..0 TARGET,
//          byte 1 bits 7..5 BUS NUMBER, bits 4..0 LUN
//   11b  extended logical unit addressing: byte 0 bits 5..4 LENGTH, bits 3..0
//          EXTENDED ADDRESS METHOD; the element is 2, 4, 6 or 8 bytes long
//          (LENGTH 00b..11b), EXTENDED ADDRESS METHOD SPECIFIC follows:
//            LENGTH 00b, EAM 1h  well known logical unit (W-LUN in byte 1)
//            LENGTH 01b, EAM 2h  extended flat space (24-bit LUN)
//            LENGTH 10b, EAM 2h  long extended flat space (40-bit LUN)
//            LENGTH 11b, EAM Fh  logical unit not specified (FFh...)
//          every other combination is reserved.
//
// Hierarchical LUNs ("eight byte LUN structure"): FIRST to FOURTH LEVEL
// ADDRESSING in bytes 0-1, 2-3, 4-5, 6-7; an extended element longer than two
// bytes takes the room of the levels it covers. levels() walks them lazily:
// a level that addresses a target (peripheral device addressing with a
// non-zero BUS IDENTIFIER) is followed by the next level, any other level ends
// the address, and the levels after the end are null (0000h). So the walk
// stops at the first null level, except right after a target, where 0000h is
// LUN 0 of that target (peripheral device addressing, BUS IDENTIFIER 0),
// which is how sg3_utils' sg_luns reads it too.
//
// Logical unit conglomerates (INQUIRY LU_CONG = 1, SAM-6 "logical unit
// conglomerate" LUN structure): the first element is the ADMINISTRATIVE
// ELEMENT, the one after it the SUBSIDIARY ELEMENT; a subsidiary element of
// 0000h means the administrative logical unit itself. Decode with
// parse_lun(bytes, true) (or with_lu_cong()): level 0 is then the
// administrative element and level 1, when present, the subsidiary element.
// As sg_luns does, only an administrative element in simple logical unit
// addressing is followed by a subsidiary element.
//
// Malformed LUNs (status(), and the iteration stops there; the levels before
// stay usable):
//   errc::descriptor_overrun  an extended element runs past byte 7, or the
//                             fourth level addresses a target and no level
//                             is left for the logical unit behind it
//                             (status().offset is 8 then);
//   errc::length_mismatch     the address ends before byte 7 and the bytes
//                             after it are not null (status().offset is where
//                             the address ended).
// Reserved extended address methods are not errors: the level's format() is
// lun_level_format::reserved_extended and its bytes are exposed.
//
// Also here: the Linux integer LUN (scsilun_to_int / int_to_scsilun in the
// kernel) both ways, and a text rendering like sg_luns --decode's.
#ifndef MPIO_SCSI_LUN_HPP
#define MPIO_SCSI_LUN_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/core/result.hpp>

namespace mpio::scsi {

// ------------------------------------------------------------------ enums

// ADDRESS METHOD (bits 7..6 of each addressing element).
enum class address_method : std::uint8_t {
    peripheral_device = 0x0, // simple logical unit addressing when LU_CONG is one
    flat_space = 0x1,
    logical_unit = 0x2,
    extended_logical_unit = 0x3,
};

[[nodiscard]] constexpr const char* to_string(address_method m) noexcept
{
    switch (m) {
    case address_method::peripheral_device: return "peripheral device addressing";
    case address_method::flat_space: return "flat space addressing";
    case address_method::logical_unit: return "logical unit addressing";
    case address_method::extended_logical_unit: return "extended logical unit addressing";
    }
    return "reserved";
}

// EXTENDED ADDRESS METHOD (bits 3..0 of an extended logical unit addressing
// element). Which ones are defined also depends on LENGTH: see
// lun_level::format().
enum class extended_address_method : std::uint8_t {
    well_known_logical_unit = 0x1,
    extended_flat_space = 0x2, // extended and long extended flat space
    logical_unit_not_specified = 0xF,
    // every other value is reserved
};

[[nodiscard]] constexpr const char* to_string(extended_address_method m) noexcept
{
    switch (m) {
    case extended_address_method::well_known_logical_unit: return "well known logical unit";
    case extended_address_method::extended_flat_space: return "extended flat space";
    case extended_address_method::logical_unit_not_specified: return "logical unit not specified";
    }
    return "reserved";
}

// W-LUN field of a well known logical unit (SPC-6 "Well known logical unit
// numbers": the LUN is C1h followed by the W-LUN, e.g. C101h).
enum class well_known_lun : std::uint8_t {
    report_luns = 0x01,
    access_controls = 0x02,
    target_log_pages = 0x03,
    security_protocol = 0x04,
    management_protocol = 0x05,
    target_commands = 0x06,
    // every other value is reserved
};

[[nodiscard]] constexpr const char* to_string(well_known_lun w) noexcept
{
    switch (w) {
    case well_known_lun::report_luns: return "REPORT LUNS";
    case well_known_lun::access_controls: return "ACCESS CONTROLS";
    case well_known_lun::target_log_pages: return "TARGET LOG PAGES";
    case well_known_lun::security_protocol: return "SECURITY PROTOCOL";
    case well_known_lun::management_protocol: return "MANAGEMENT PROTOCOL";
    case well_known_lun::target_commands: return "TARGET COMMANDS";
    }
    return "reserved";
}

[[nodiscard]] constexpr bool is_reserved(well_known_lun w) noexcept
{
    const auto code = static_cast<std::uint8_t>(w);
    return code < 0x01 || code > 0x06;
}

// What one addressing element is, from ADDRESS METHOD, LENGTH, EXTENDED
// ADDRESS METHOD and the LU_CONG the LUN is decoded with.
enum class lun_level_format : std::uint8_t {
    peripheral_device,          // 00b, LU_CONG 0
    simple_logical_unit,        // 00b, LU_CONG 1
    flat_space,                 // 01b
    logical_unit,               // 10b
    well_known_logical_unit,    // 11b, LENGTH 00b, EXTENDED ADDRESS METHOD 1h
    extended_flat_space,        // 11b, LENGTH 01b, EXTENDED ADDRESS METHOD 2h
    long_extended_flat_space,   // 11b, LENGTH 10b, EXTENDED ADDRESS METHOD 2h
    logical_unit_not_specified, // 11b, LENGTH 11b, EXTENDED ADDRESS METHOD Fh
    reserved_extended,          // 11b, any other LENGTH / EXTENDED ADDRESS METHOD
};

[[nodiscard]] constexpr const char* to_string(lun_level_format f) noexcept
{
    switch (f) {
    case lun_level_format::peripheral_device: return "peripheral device addressing";
    case lun_level_format::simple_logical_unit: return "simple logical unit addressing";
    case lun_level_format::flat_space: return "flat space addressing";
    case lun_level_format::logical_unit: return "logical unit addressing";
    case lun_level_format::well_known_logical_unit: return "well known logical unit";
    case lun_level_format::extended_flat_space: return "extended flat space addressing";
    case lun_level_format::long_extended_flat_space: return "long extended flat space addressing";
    case lun_level_format::logical_unit_not_specified: return "logical unit not specified";
    case lun_level_format::reserved_extended: break;
    }
    return "reserved";
}

// ------------------------------------------------------------- one level

namespace detail {
// Size of the addressing element whose first byte is `first`: two bytes,
// or 2 * (LENGTH + 1) for extended logical unit addressing.
constexpr std::size_t lun_element_size(byte first) noexcept
{
    return bits(first, 7, 6) == 0x3 ? 2u * (1u + bits(first, 5, 4)) : 2u;
}
} // namespace detail

// One addressing element (a level, or the administrative or subsidiary
// element of a conglomerate LUN). Accessors of fields the format does not
// have return 0.
class lun_level {
public:
    constexpr lun_level() noexcept = default;
    constexpr lun_level(byte_view element, std::size_t index, std::size_t offset, bool lu_cong) noexcept
        : bytes_(element), index_(index), offset_(offset), lu_cong_(lu_cong)
    {}

    // 0 for the first level (or the administrative element), 1 for the second
    // (or the subsidiary element), and so on.
    [[nodiscard]] constexpr std::size_t index() const noexcept { return index_; }
    // Where the element starts in the LUN (0, 2, 4 or 6).
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }
    // The element: 2 bytes, or 4, 6, 8 for extended logical unit addressing.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr bool lu_cong() const noexcept { return lu_cong_; }

    [[nodiscard]] constexpr scsi::address_method address_method() const noexcept
    {
        return static_cast<scsi::address_method>(bits(bytes_.at_or(0), 7, 6));
    }

    [[nodiscard]] constexpr lun_level_format format() const noexcept
    {
        switch (address_method()) {
        case scsi::address_method::peripheral_device:
            return lu_cong_ ? lun_level_format::simple_logical_unit : lun_level_format::peripheral_device;
        case scsi::address_method::flat_space: return lun_level_format::flat_space;
        case scsi::address_method::logical_unit: return lun_level_format::logical_unit;
        case scsi::address_method::extended_logical_unit: break;
        }
        const std::uint8_t method = static_cast<std::uint8_t>(extended_address_method());
        switch (length()) {
        case 0: return method == 0x1 ? lun_level_format::well_known_logical_unit : lun_level_format::reserved_extended;
        case 1: return method == 0x2 ? lun_level_format::extended_flat_space : lun_level_format::reserved_extended;
        case 2: return method == 0x2 ? lun_level_format::long_extended_flat_space : lun_level_format::reserved_extended;
        default:
            return method == 0xF ? lun_level_format::logical_unit_not_specified : lun_level_format::reserved_extended;
        }
    }

    // True when the level addresses a target and the next level a logical
    // unit behind it: peripheral device addressing with a non-zero BUS
    // IDENTIFIER (LU_CONG 0 only).
    [[nodiscard]] constexpr bool addresses_next_level() const noexcept
    {
        return format() == lun_level_format::peripheral_device && bus_identifier() != 0;
    }

    // -- peripheral device addressing
    [[nodiscard]] constexpr std::uint8_t bus_identifier() const noexcept
    {
        return format() == lun_level_format::peripheral_device ? bits(bytes_.at_or(0), 5, 0) : std::uint8_t{0};
    }
    // A LUN when bus_identifier() is 0, a target otherwise.
    [[nodiscard]] constexpr std::uint8_t target_or_lun() const noexcept
    {
        return format() == lun_level_format::peripheral_device ? bytes_.at_or(1) : std::uint8_t{0};
    }

    // -- simple logical unit addressing (LU_CONG 1)
    [[nodiscard]] constexpr std::uint16_t simple_logical_unit_number() const noexcept
    {
        return format() == lun_level_format::simple_logical_unit ? fourteen_bits() : std::uint16_t{0};
    }

    // -- flat space addressing
    [[nodiscard]] constexpr std::uint16_t flat_space_lun() const noexcept
    {
        return format() == lun_level_format::flat_space ? fourteen_bits() : std::uint16_t{0};
    }

    // -- logical unit addressing
    [[nodiscard]] constexpr std::uint8_t target() const noexcept
    {
        return format() == lun_level_format::logical_unit ? bits(bytes_.at_or(0), 5, 0) : std::uint8_t{0};
    }
    [[nodiscard]] constexpr std::uint8_t bus_number() const noexcept
    {
        return format() == lun_level_format::logical_unit ? bits(bytes_.at_or(1), 7, 5) : std::uint8_t{0};
    }
    [[nodiscard]] constexpr std::uint8_t lun() const noexcept
    {
        return format() == lun_level_format::logical_unit ? bits(bytes_.at_or(1), 4, 0) : std::uint8_t{0};
    }

    // -- extended logical unit addressing
    // LENGTH field: the element is 2 * (length() + 1) bytes long.
    [[nodiscard]] constexpr std::uint8_t length() const noexcept
    {
        return address_method() == scsi::address_method::extended_logical_unit ? bits(bytes_.at_or(0), 5, 4)
                                                                               : std::uint8_t{0};
    }
    [[nodiscard]] constexpr scsi::extended_address_method extended_address_method() const noexcept
    {
        return static_cast<scsi::extended_address_method>(
            address_method() == scsi::address_method::extended_logical_unit ? bits(bytes_.at_or(0), 3, 0) : 0);
    }
    // The bytes after byte 0 of an extended element (empty otherwise).
    [[nodiscard]] constexpr byte_view extended_address_method_specific() const noexcept
    {
        return address_method() == scsi::address_method::extended_logical_unit ? bytes_.subview(1) : byte_view{};
    }
    [[nodiscard]] constexpr scsi::well_known_lun w_lun() const noexcept
    {
        return static_cast<scsi::well_known_lun>(
            format() == lun_level_format::well_known_logical_unit ? bytes_.at_or(1) : std::uint8_t{0});
    }
    [[nodiscard]] constexpr std::uint32_t extended_flat_space_lun() const noexcept
    {
        return format() == lun_level_format::extended_flat_space ? load_be24(bytes_, 1) : 0u;
    }
    [[nodiscard]] constexpr std::uint64_t long_extended_flat_space_lun() const noexcept
    {
        if (format() != lun_level_format::long_extended_flat_space) return 0;
        return std::uint64_t{load_be32(bytes_, 1)} << 8 | bytes_.at_or(5);
    }

private:
    constexpr std::uint16_t fourteen_bits() const noexcept
    {
        return static_cast<std::uint16_t>(load_be16(bytes_, 0) & 0x3FFFu);
    }

    byte_view bytes_;
    std::size_t index_ = 0;
    std::size_t offset_ = 0;
    bool lu_cong_ = false;
};

// ------------------------------------------------------------ the levels

// The levels of a LUN, walked lazily. Not a descriptor_list: whether a level
// follows depends on the level before it (a target, or an administrative
// element) and on LU_CONG, which a stateless list traits class cannot see.
// The iteration has the same shape (done(), error(), offset(), status()).
class lun_levels {
public:
    struct sentinel {};

    class iterator {
    public:
        using value_type = lun_level;
        using difference_type = std::ptrdiff_t;

        constexpr iterator() noexcept = default;
        constexpr iterator(byte_view lun, bool lu_cong) noexcept : lun_(lun), lu_cong_(lu_cong) { enter(); }

        constexpr lun_level operator*() const noexcept
        {
            return lun_level(lun_.subview(offset_, size_), index_, offset_, lu_cong_);
        }
        constexpr iterator& operator++() noexcept
        {
            if (done()) return *this;
            const lun_level level = **this;
            const std::size_t end = offset_ + size_;
            if (level.addresses_next_level() || (lu_cong_ && subsidiary_follows(level, end))) {
                offset_ = end;
                ++index_;
                enter();
            } else {
                finish(end);
            }
            return *this;
        }
        constexpr iterator operator++(int) noexcept
        {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        friend constexpr bool operator==(const iterator& it, sentinel) noexcept { return it.done(); }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept
        {
            return a.offset_ == b.offset_ && a.done() == b.done();
        }

        // Over at the end of the address or at a malformed element.
        [[nodiscard]] constexpr bool done() const noexcept { return size_ == 0; }
        [[nodiscard]] constexpr errc error() const noexcept { return error_; }
        // Where the current level starts; once done(), where the walk stopped.
        [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }
        [[nodiscard]] constexpr std::size_t index() const noexcept { return index_; }

    private:
        // An administrative element in simple logical unit addressing is
        // followed by a subsidiary element, unless that is 0000h (the
        // administrative logical unit itself).
        constexpr bool subsidiary_follows(const lun_level& level, std::size_t end) const noexcept
        {
            return level.index() == 0 && level.format() == lun_level_format::simple_logical_unit &&
                   (lun_.at_or(end) != 0 || lun_.at_or(end + 1) != 0);
        }
        // Size the element at offset_, or stop with errc::descriptor_overrun
        // when it (or, at offset 8, the level a target needs) is not there.
        constexpr void enter() noexcept
        {
            size_ = 0;
            if (offset_ >= lun_.size()) {
                error_ = errc::descriptor_overrun;
                return;
            }
            const std::size_t size = detail::lun_element_size(lun_[offset_]);
            if (size > lun_.size() - offset_) {
                error_ = errc::descriptor_overrun;
                return;
            }
            size_ = size;
        }
        // The address ends at `end`: what follows must be null levels.
        constexpr void finish(std::size_t end) noexcept
        {
            size_ = 0;
            offset_ = end;
            for (std::size_t i = end; i < lun_.size(); ++i)
                if (lun_[i] != 0) {
                    error_ = errc::length_mismatch;
                    return;
                }
            offset_ = lun_.size();
        }

        byte_view lun_;
        bool lu_cong_ = false;
        std::size_t offset_ = 0;
        std::size_t index_ = 0;
        std::size_t size_ = 0;
        errc error_ = errc::none;
    };

    constexpr lun_levels() noexcept = default;
    constexpr lun_levels(byte_view lun, bool lu_cong) noexcept : lun_(lun), lu_cong_(lu_cong) {}

    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(lun_, lu_cong_); }
    [[nodiscard]] constexpr sentinel end() const noexcept { return {}; }

    // The whole walk: how many levels are well-formed and, if the LUN is
    // not, why and where (offset 8 when it is well-formed).
    [[nodiscard]] constexpr list_status status() const noexcept
    {
        list_status s;
        iterator it = begin();
        for (; !it.done(); ++it) ++s.count;
        s.error = it.error();
        s.offset = it.offset();
        return s;
    }

    // The index-th level, or errc::not_found (or the error that stopped the
    // walk before reaching it).
    [[nodiscard]] constexpr result<lun_level> at(std::size_t index) const noexcept
    {
        iterator it = begin();
        for (std::size_t i = 0; !it.done(); ++it, ++i)
            if (i == index) return *it;
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }

private:
    byte_view lun_;
    bool lu_cong_ = false;
};

// ------------------------------------------------------------------- LUN

class lun {
public:
    static constexpr std::size_t size = 8;

    constexpr lun() noexcept = default;
    // `bytes` should be 8 bytes long (parse_lun() checks); reads are bounded
    // whatever it is.
    constexpr explicit lun(byte_view bytes, bool lu_cong = false) noexcept
        : bytes_(bytes.first(size)), lu_cong_(lu_cong)
    {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    // Decoded as a logical unit conglomerate LUN (INQUIRY LU_CONG bit).
    [[nodiscard]] constexpr bool lu_cong() const noexcept { return lu_cong_; }
    [[nodiscard]] constexpr lun with_lu_cong(bool lu_cong) const noexcept { return lun(bytes_, lu_cong); }

    // The four 2-byte level fields as raw numbers (byte 0-1 .. 6-7).
    [[nodiscard]] constexpr std::uint16_t first_level_addressing() const noexcept { return load_be16(bytes_, 0); }
    [[nodiscard]] constexpr std::uint16_t second_level_addressing() const noexcept { return load_be16(bytes_, 2); }
    [[nodiscard]] constexpr std::uint16_t third_level_addressing() const noexcept { return load_be16(bytes_, 4); }
    [[nodiscard]] constexpr std::uint16_t fourth_level_addressing() const noexcept { return load_be16(bytes_, 6); }

    [[nodiscard]] constexpr lun_levels levels() const noexcept { return lun_levels(bytes_, lu_cong_); }
    // errc::none when the levels are well-formed (see the header comment).
    [[nodiscard]] constexpr list_status status() const noexcept { return levels().status(); }
    [[nodiscard]] constexpr bool well_formed() const noexcept { return status().ok(); }

    // The first level (or administrative element); it exists for any 8 bytes
    // except an extended element longer than the LUN, which cannot happen at
    // offset 0: so this fails only for a short view.
    [[nodiscard]] constexpr result<lun_level> first_level() const noexcept { return levels().at(0); }

    // A well known logical unit (C1h, W-LUN, then zeros), or errc::not_found.
    [[nodiscard]] constexpr result<well_known_lun> well_known_logical_unit() const noexcept
    {
        const result<lun_level> first = first_level();
        if (!first || first->format() != lun_level_format::well_known_logical_unit || !well_formed())
            return failure(errc::not_found);
        return first->w_lun();
    }
    // LENGTH 11b and EXTENDED ADDRESS METHOD Fh in byte 0 (FFh).
    [[nodiscard]] constexpr bool logical_unit_not_specified() const noexcept
    {
        const result<lun_level> first = first_level();
        return first && first->format() == lun_level_format::logical_unit_not_specified;
    }

    // The number of a single level LUN: one well-formed level that names a
    // logical unit by number (peripheral device addressing with BUS
    // IDENTIFIER 0, flat space, extended flat space, long extended flat
    // space, or simple logical unit addressing of an administrative logical
    // unit). The status() error for a malformed LUN; errc::unsupported_format
    // for any other LUN (hierarchical, well known, logical unit addressing,
    // reserved, not specified).
    [[nodiscard]] constexpr result<std::uint64_t> single_level_lun() const noexcept
    {
        const list_status s = status();
        if (!s.ok()) return failure(s.error);
        const result<lun_level> first = first_level();
        if (!first || s.count != 1) return failure(errc::unsupported_format);
        switch (first->format()) {
        case lun_level_format::peripheral_device: return std::uint64_t{first->target_or_lun()};
        case lun_level_format::simple_logical_unit: return std::uint64_t{first->simple_logical_unit_number()};
        case lun_level_format::flat_space: return std::uint64_t{first->flat_space_lun()};
        case lun_level_format::extended_flat_space: return std::uint64_t{first->extended_flat_space_lun()};
        case lun_level_format::long_extended_flat_space: return first->long_extended_flat_space_lun();
        default: break;
        }
        return failure(errc::unsupported_format);
    }

    // Same bytes (the LU_CONG decoding choice does not matter).
    friend constexpr bool operator==(const lun& a, const lun& b) noexcept { return a.bytes_ == b.bytes_; }

private:
    byte_view bytes_;
    bool lu_cong_ = false;
};

// errc::too_short when fewer than 8 bytes; longer input is read as the LUN
// in its first 8 bytes (a LUN field at the start of a larger structure).
// A malformed LUN still parses: see lun::status().
[[nodiscard]] constexpr result<lun> parse_lun(byte_view bytes, bool lu_cong = false) noexcept
{
    if (bytes.size() < lun::size) return failure(errc::too_short);
    return lun(bytes.first(lun::size), lu_cong);
}

// ------------------------------------------------------ Linux integer LUN

// Eight LUN bytes held by value (a LUN built here rather than received).
struct lun_buffer {
    byte bytes[lun::size]{};
    [[nodiscard]] constexpr byte_view view() const noexcept { return bytes; }
    [[nodiscard]] constexpr lun as_lun(bool lu_cong = false) const noexcept { return lun(bytes, lu_cong); }
    friend constexpr bool operator==(const lun_buffer& a, const lun_buffer& b) noexcept { return a.view() == b.view(); }
};

// The Linux kernel's integer form of a LUN (scsilun_to_int()): the four
// 2-byte levels, each read big-endian, first level in bits 15..0, second in
// bits 31..16 and so on. So d2 04 0b 03 00 00 00 00 is 0x0b03d204, and a
// single level LUN below 256 (00 nn 00...) is just nn. Exact and reversible.
[[nodiscard]] constexpr std::uint64_t to_linux_lun(const lun& l) noexcept
{
    // Two 32-bit halves: no variable 64-bit shift (a libgcc call on Cortex-M0).
    const byte_view b = l.bytes();
    const std::uint32_t low = std::uint32_t{load_be16(b, 2)} << 16 | load_be16(b, 0);
    const std::uint32_t high = std::uint32_t{load_be16(b, 6)} << 16 | load_be16(b, 4);
    return std::uint64_t{high} << 32 | low;
}

// The inverse (int_to_scsilun()).
[[nodiscard]] constexpr lun_buffer from_linux_lun(std::uint64_t value) noexcept
{
    const std::uint32_t halves[2] = {static_cast<std::uint32_t>(value), static_cast<std::uint32_t>(value >> 32)};
    lun_buffer out;
    for (std::size_t level = 0; level < 4; ++level) {
        const std::uint32_t half = halves[level / 2];
        const unsigned shift = level % 2 == 0 ? 0u : 16u;
        out.bytes[2 * level] = static_cast<byte>(half >> (shift + 8));
        out.bytes[2 * level + 1] = static_cast<byte>(half >> shift);
    }
    return out;
}

// ------------------------------------------------------------------ text

// How decoded numbers are printed: sg_luns prints them in decimal, or in
// hex with --hex.
enum class lun_number_base : std::uint8_t { decimal, hex };

// Enough for any LUN at an indent of up to 16 columns.
inline constexpr std::size_t lun_text_capacity = 512;

namespace detail {
template <std::size_t N>
constexpr void lun_number(fixed_text<N>& out, std::uint64_t value, lun_number_base base, unsigned hex_digits) noexcept
{
    if (base == lun_number_base::hex) {
        // Digit by digit from the two 32-bit halves: no variable 64-bit
        // shift (a libgcc call on Cortex-M0).
        out.append("0x");
        const std::uint32_t halves[2] = {static_cast<std::uint32_t>(value), static_cast<std::uint32_t>(value >> 32)};
        for (unsigned i = hex_digits; i-- > 0;)
            out.append(mpio::detail::hex_digit(i < 16 ? (halves[i / 8] >> (4 * (i % 8))) & 0xFu : 0u, hex_case::lower));
    } else {
        out.append_decimal(value);
    }
}

template <std::size_t N>
constexpr void lun_indent(fixed_text<N>& out, std::size_t columns) noexcept
{
    for (std::size_t i = 0; i < columns; ++i) out.append(' ');
}

// One line describing one level, in sg_luns' words.
template <std::size_t N>
constexpr void lun_level_line(fixed_text<N>& out, const lun_level& level, lun_number_base base) noexcept
{
    const bool unexpected = level.lu_cong(); // flat space and logical unit addressing in a conglomerate
    switch (level.format()) {
    case lun_level_format::peripheral_device:
        out.append("Peripheral device addressing: ");
        if (level.bus_identifier() == 0) {
            out.append("lun=");
        } else {
            out.append("bus_id=");
            lun_number(out, level.bus_identifier(), base, 2);
            out.append(", target=");
        }
        lun_number(out, level.target_or_lun(), base, 2);
        break;
    case lun_level_format::simple_logical_unit:
        out.append("Simple lu addressing: ");
        lun_number(out, level.simple_logical_unit_number(), base, 4);
        break;
    case lun_level_format::flat_space:
        if (unexpected) out.append("Since LU_CONG=1, unexpected ");
        out.append("Flat space addressing: lun=");
        lun_number(out, level.flat_space_lun(), unexpected ? lun_number_base::hex : base, 4);
        break;
    case lun_level_format::logical_unit: {
        const lun_number_base b = unexpected ? lun_number_base::hex : base;
        out.append(unexpected ? "Since LU_CONG=1, unexpected lu addressing: bus_id="
                              : "Logical unit addressing: bus_id=");
        lun_number(out, level.bus_number(), b, 1);
        out.append(", target=");
        lun_number(out, level.target(), b, 2);
        out.append(", lun=");
        lun_number(out, level.lun(), b, 2);
        break;
    }
    case lun_level_format::well_known_logical_unit:
        if (!is_reserved(level.w_lun())) {
            out.append(to_string(level.w_lun())).append(" well known logical unit");
        } else {
            out.append("well known logical unit ");
            lun_number(out, static_cast<std::uint8_t>(level.w_lun()), base, 2);
        }
        break;
    case lun_level_format::extended_flat_space:
        out.append("Extended flat space addressing: lun=");
        lun_number(out, level.extended_flat_space_lun(), base, 6);
        break;
    case lun_level_format::long_extended_flat_space:
        out.append("Long extended flat space addressing: lun=");
        lun_number(out, level.long_extended_flat_space_lun(), base, 10);
        break;
    case lun_level_format::logical_unit_not_specified: out.append("Logical unit _not_ specified"); break;
    case lun_level_format::reserved_extended: {
        const byte_view specific = level.extended_address_method_specific();
        std::uint64_t value = 0;
        for (const byte b : specific) value = value << 8 | b;
        const bool short_form = level.length() < 2;
        out.append("Extended logical unit addressing: length=").append_decimal(level.length());
        out.append(short_form ? ", e.a. method=" : ", e. a. method=");
        out.append_decimal(static_cast<std::uint8_t>(level.extended_address_method()));
        out.append(", value=");
        lun_number(out, value, base, short_form ? 6 : 14);
        break;
    }
    }
    out.append('\n');
}

constexpr const char* lun_level_name(std::size_t index) noexcept
{
    return index == 1 ? "Second" : index == 2 ? "Third" : "Fourth";
}
} // namespace detail

// Appends the decoding of `l` as sg_luns --decode prints it (sg3_utils 1.46's
// sg_luns 1.45, the lines after "Decoded LUN:" of sg_luns --test), each line
// starting at `indent` columns and ending with '\n'. Malformed LUNs end with a
// line saying why ("<<...>>"). docs/differences/luns.md lists where this
// differs from sg_luns on purpose.
template <std::size_t N>
constexpr fixed_text<N>& append_decoded(fixed_text<N>& out, const lun& l,
                                        lun_number_base base = lun_number_base::decimal,
                                        std::size_t indent = 2) noexcept
{
    if (l.logical_unit_not_specified()) {
        detail::lun_indent(out, indent);
        out.append("Logical unit _not_ specified\n");
        return out;
    }
    if (l.lu_cong()) {
        detail::lun_indent(out, indent);
        out.append(">>Administrative element:\n");
    }
    lun_levels::iterator it = l.levels().begin();
    std::size_t count = 0;
    for (; !it.done(); ++it, ++count) {
        const lun_level level = *it;
        if (level.index() > 0) {
            detail::lun_indent(out, indent);
            if (l.lu_cong()) {
                out.append(">>Subsidiary element:\n");
            } else {
                out.append(">>").append(detail::lun_level_name(level.index())).append(" level addressing:\n");
            }
        }
        detail::lun_indent(out, indent + (level.index() > 0 || l.lu_cong() ? 2 : 0));
        detail::lun_level_line(out, level, base);
    }
    // A conglomerate LUN whose subsidiary element is 0000h: the walk ended
    // after the administrative element without trying a subsidiary one.
    const result<lun_level> first = l.first_level();
    if (l.lu_cong() && count == 1 && first && first->format() == lun_level_format::simple_logical_unit &&
        it.error() != errc::descriptor_overrun) {
        detail::lun_indent(out, indent);
        out.append(">>>> Administrative LU\n");
        if (base == lun_number_base::hex) {
            detail::lun_indent(out, indent + 6);
            out.append("since Subsidiary element is 0x0000\n");
        }
    }
    if (it.error() != errc::none) {
        detail::lun_indent(out, indent + (count > 1 || l.lu_cong() ? 2 : 0));
        if (it.error() == errc::length_mismatch) {
            out.append("<<unexpected data at next level, continue>>\n");
        } else if (it.offset() >= lun::size) {
            out.append("<<no level left for the logical unit behind the target>>\n");
        } else {
            out.append("<<extended address runs past the end of the LUN>>\n");
        }
    }
    return out;
}

// The same into a fresh buffer (check overflowed() for an indent beyond 16).
[[nodiscard]] constexpr fixed_text<lun_text_capacity>
decoded_text(const lun& l, lun_number_base base = lun_number_base::decimal, std::size_t indent = 2) noexcept
{
    fixed_text<lun_text_capacity> out;
    append_decoded(out, l, base, indent);
    return out;
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_LUN_HPP
