// SPDX-License-Identifier: MIT
// mpio/scsi/sense_data.hpp - sense data: what a device returns with CHECK
// CONDITION (autosense) or in the data-in of REQUEST SENSE.
//
// SPC-6 4.4 (sense data). Byte 0 bits 6..0 are the RESPONSE CODE, which
// selects one of two formats:
//
//   70h current / 71h deferred: fixed format (SPC-6 4.4.3)
//     byte 0    VALID (7) | RESPONSE CODE
//     byte 1    obsolete
//     byte 2    FILEMARK (7) | EOM (6) | ILI (5) | SDAT_OVFL (4) | SENSE KEY (3..0)
//     byte 3-6  INFORMATION (meaningful when VALID is one)
//     byte 7    ADDITIONAL SENSE LENGTH (n - 7)
//     byte 8-11 COMMAND-SPECIFIC INFORMATION
//     byte 12   ADDITIONAL SENSE CODE (ASC)
//     byte 13   ADDITIONAL SENSE CODE QUALIFIER (ASCQ)
//     byte 14   FIELD REPLACEABLE UNIT CODE
//     byte 15-17 SKSV (15.7) | SENSE KEY SPECIFIC (mpio/scsi/sense_key_specific.hpp)
//     byte 18-n additional sense bytes
//
//   72h current / 73h deferred: descriptor format (SPC-6 4.4.2)
//     byte 0    reserved (7) | RESPONSE CODE
//     byte 1    SENSE KEY (3..0)
//     byte 2    ADDITIONAL SENSE CODE
//     byte 3    ADDITIONAL SENSE CODE QUALIFIER
//     byte 4    SDAT_OVFL (7)
//     byte 7    ADDITIONAL SENSE LENGTH (n - 7)
//     byte 8-n  sense data descriptors (mpio/scsi/sense_descriptors.hpp)
//
//   7Fh: vendor specific format; 74h..7Eh reserved; 00h..6Fh are not
//   extended sense data (SCSI-1 "non-extended sense").
//
// "Current" sense data is about the command that got CHECK CONDITION;
// "deferred" sense data is about an earlier command (a write cached and
// failed later, for example): deferred().
//
// Lengths and truncation. Both formats have an 8-byte header; fewer bytes are
// errc::too_short. The sense data is 8 + ADDITIONAL SENSE LENGTH bytes: bytes
// past it in the caller's buffer (Linux hands out SCSI_SENSE_BUFFERSIZE = 96
// byte buffers, usually not all written) are not sense data and are ignored.
// When the buffer is shorter than that (a small REQUEST SENSE allocation
// length, an HBA that copies at most 18 or 32 bytes), the sense data is
// truncated: what is there is parsed, truncated() is true and
// required_allocation_length() is 8 + ADDITIONAL SENSE LENGTH.
//
// Fixed format sense data may legally end before byte 18 (an ADDITIONAL SENSE
// LENGTH below 0Ah, or a truncated buffer). Fields that were not returned are
// absent, never zero-guessed: has_additional_sense_code() and the other
// has_*() say which are there, and the result-returning accessors fail with
// errc::too_short for a field the sense data ends before.
//
// sense_data is the view of either format with format-independent accessors
// (information(), sense_key_specific() ...) and normalized(), a plain value
// with what most callers need; fixed() and descriptor() give the per-format
// views.
#ifndef MPIO_SCSI_SENSE_DATA_HPP
#define MPIO_SCSI_SENSE_DATA_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/sense_descriptors.hpp>
#include <mpio/scsi/sense_key.hpp>
#include <mpio/scsi/sense_key_specific.hpp>

namespace mpio::scsi {

// ------------------------------------------------------------------ codes

// SPC-6 table "Sense data response codes". Only 70h..73h are parsed.
enum class sense_response_code : std::uint8_t {
    current_fixed = 0x70,
    deferred_fixed = 0x71,
    current_descriptor = 0x72,
    deferred_descriptor = 0x73,
    vendor_specific = 0x7F,
};

[[nodiscard]] constexpr const char* to_string(sense_response_code c) noexcept
{
    switch (c) {
    case sense_response_code::current_fixed: return "fixed format, current";
    case sense_response_code::deferred_fixed: return "fixed format, deferred";
    case sense_response_code::current_descriptor: return "descriptor format, current";
    case sense_response_code::deferred_descriptor: return "descriptor format, deferred";
    case sense_response_code::vendor_specific: return "vendor specific";
    }
    return "reserved";
}

enum class sense_data_format : std::uint8_t { fixed, descriptor };

[[nodiscard]] constexpr const char* to_string(sense_data_format f) noexcept
{
    return f == sense_data_format::fixed ? "fixed" : "descriptor";
}

[[nodiscard]] constexpr sense_data_format format_of(sense_response_code c) noexcept
{
    return c == sense_response_code::current_descriptor || c == sense_response_code::deferred_descriptor
               ? sense_data_format::descriptor
               : sense_data_format::fixed;
}
[[nodiscard]] constexpr bool is_deferred(sense_response_code c) noexcept
{
    return c == sense_response_code::deferred_fixed || c == sense_response_code::deferred_descriptor;
}

// Sizes callers allocate and check against.
inline constexpr std::size_t sense_data_max_length = 252;         // SPC-6: ADDITIONAL SENSE LENGTH <= 244
inline constexpr std::size_t linux_sense_buffer_size = 96;        // Linux SCSI_SENSE_BUFFERSIZE
inline constexpr std::size_t fixed_sense_data_standard_size = 18; // fixed format through SENSE KEY SPECIFIC

namespace detail {
// The RESPONSE CODE of byte 0, or why the data cannot be parsed as sense data.
constexpr result<sense_response_code> parse_sense_response_code(byte_view bytes) noexcept
{
    if (bytes.empty()) return failure(errc::too_short);
    const std::uint8_t code = bits(bytes[0], 6, 0);
    if (code >= 0x70 && code <= 0x73) return static_cast<sense_response_code>(code);
    if (code == 0x7F) return failure(errc::vendor_specific_format);
    if (code > 0x73) return failure(errc::reserved_value);
    return failure(errc::unsupported_format);
}
} // namespace detail

// ------------------------------------------------------------- the header

// What both formats share: RESPONSE CODE in byte 0, ADDITIONAL SENSE LENGTH
// in byte 7, and the truncation rule.
class sense_data_header {
public:
    static constexpr std::size_t size = 8;

    constexpr sense_data_header() noexcept = default;
    // `bytes` must hold the 8-byte header with a response code 70h..73h: use
    // parse_sense_data().
    constexpr explicit sense_data_header(byte_view bytes) noexcept
        : bytes_(bytes.first(size + std::size_t{bytes.at_or(7)})), returned_(bytes.size())
    {}

    [[nodiscard]] constexpr sense_response_code response_code() const noexcept
    {
        return static_cast<sense_response_code>(bits(bytes_.at_or(0), 6, 0));
    }
    [[nodiscard]] constexpr sense_data_format format() const noexcept { return format_of(response_code()); }
    // The sense data is about an earlier command, not the one that got it.
    [[nodiscard]] constexpr bool deferred() const noexcept { return is_deferred(response_code()); }
    [[nodiscard]] constexpr std::uint8_t additional_sense_length() const noexcept { return bytes_.at_or(7); }

    // The sense data as returned: 8 + ADDITIONAL SENSE LENGTH bytes, or fewer
    // when truncated.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr bool truncated() const noexcept { return returned_ < required_allocation_length(); }
    // The buffer size (REQUEST SENSE allocation length) that holds it all.
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        return size + std::size_t{additional_sense_length()};
    }

protected:
    // Bytes [offset, offset + count) are part of the returned sense data.
    constexpr bool returned(std::size_t offset, std::size_t count) const noexcept
    {
        return bytes_.contains(offset, count);
    }

    byte_view bytes_;          // clipped to 8 + ADDITIONAL SENSE LENGTH
    std::size_t returned_ = 0; // bytes the caller had
};

// ---------------------------------------------------------- fixed format

class fixed_sense_data : public sense_data_header {
public:
    constexpr fixed_sense_data() noexcept = default;
    constexpr explicit fixed_sense_data(sense_data_header header) noexcept : sense_data_header(header) {}

    // INFORMATION holds what SPC or the command standard defines.
    [[nodiscard]] constexpr bool valid() const noexcept { return bit(bytes_.at_or(0), 7); }
    [[nodiscard]] constexpr bool filemark() const noexcept { return bit(bytes_.at_or(2), 7); }
    // End of medium (or partition).
    [[nodiscard]] constexpr bool eom() const noexcept { return bit(bytes_.at_or(2), 6); }
    // Incorrect length indicator.
    [[nodiscard]] constexpr bool ili() const noexcept { return bit(bytes_.at_or(2), 5); }
    // Sense data overflow: the device had more sense data than it returned.
    [[nodiscard]] constexpr bool sdat_ovfl() const noexcept { return bit(bytes_.at_or(2), 4); }
    [[nodiscard]] constexpr scsi::sense_key sense_key() const noexcept
    {
        return static_cast<scsi::sense_key>(bits(bytes_.at_or(2), 3, 0));
    }
    // Bytes 3..6 as returned: meaningful only when valid().
    [[nodiscard]] constexpr std::uint32_t information() const noexcept { return load_be32(bytes_, 3); }

    // Fields of bytes 8..17: each is returned only when the sense data
    // reaches it; absent ones read as 0.
    [[nodiscard]] constexpr bool has_command_specific_information() const noexcept { return returned(8, 4); }
    [[nodiscard]] constexpr std::uint32_t command_specific_information() const noexcept
    {
        return has_command_specific_information() ? load_be32(bytes_, 8) : 0u;
    }
    [[nodiscard]] constexpr bool has_additional_sense_code() const noexcept { return returned(12, 1); }
    [[nodiscard]] constexpr bool has_additional_sense_code_qualifier() const noexcept { return returned(13, 1); }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code() const noexcept { return bytes_.at_or(12); }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code_qualifier() const noexcept { return bytes_.at_or(13); }
    [[nodiscard]] constexpr bool has_field_replaceable_unit_code() const noexcept { return returned(14, 1); }
    [[nodiscard]] constexpr std::uint8_t field_replaceable_unit_code() const noexcept { return bytes_.at_or(14); }
    [[nodiscard]] constexpr bool has_sense_key_specific() const noexcept
    {
        return returned(15, sense_key_specific::size);
    }
    // SENSE KEY SPECIFIC VALID (false when the field was not returned).
    [[nodiscard]] constexpr bool sksv() const noexcept { return has_sense_key_specific() && bit(bytes_.at_or(15), 7); }
    // Bytes 15..17 decoded per the sense key; errc::too_short when the sense
    // data ends before byte 18.
    [[nodiscard]] constexpr result<scsi::sense_key_specific> sense_key_specific() const noexcept
    {
        if (!has_sense_key_specific()) return failure(errc::too_short);
        return scsi::sense_key_specific(bytes_.subview(15, scsi::sense_key_specific::size), sense_key());
    }
    // Bytes 18..n (vendor or command specific).
    [[nodiscard]] constexpr byte_view additional_sense_bytes() const noexcept
    {
        return bytes_.subview(fixed_sense_data_standard_size);
    }
};

// ----------------------------------------------------- descriptor format

class descriptor_sense_data : public sense_data_header {
    // One walk for the fields the direct-access block device descriptor
    // (0Dh) also carries: on_primary(d) for the first descriptor of `type`;
    // failing that, on_block_device(b) for the first 0Dh descriptor; failing
    // that, the error that stopped the walk, or errc::not_found.
    // (Private helpers first: clang 14 does not instantiate a constexpr
    // member template defined after its use during constant evaluation.
    // No intermediate result<descriptor> either: returning one through
    // memory cost a store-forwarding stall per lookup, bench/sense_bench.cpp.)
    template <class T, class OnPrimary, class OnBlockDevice>
    constexpr result<T> lookup(sense_descriptor_type type, OnPrimary on_primary,
                               OnBlockDevice on_block_device) const noexcept
    {
        const sense_descriptor_list list = descriptors();
        sense_descriptor block_device;
        bool have_block_device = false;
        auto it = list.begin();
        for (; !it.done(); ++it) {
            const sense_descriptor d = *it;
            if (d.descriptor_type() == type) return on_primary(d);
            if (!have_block_device && d.descriptor_type() == sense_descriptor_type::direct_access_block_device) {
                block_device = d;
                have_block_device = true;
            }
        }
        if (have_block_device) {
            const result<direct_access_block_device_descriptor> b = block_device.as_direct_access_block_device();
            if (!b) return failure(b.error());
            return on_block_device(*b);
        }
        return failure(it.error() != errc::none ? it.error() : errc::not_found);
    }

public:
    constexpr descriptor_sense_data() noexcept = default;
    constexpr explicit descriptor_sense_data(sense_data_header header) noexcept : sense_data_header(header) {}

    [[nodiscard]] constexpr scsi::sense_key sense_key() const noexcept
    {
        return static_cast<scsi::sense_key>(bits(bytes_.at_or(1), 3, 0));
    }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code() const noexcept { return bytes_.at_or(2); }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code_qualifier() const noexcept { return bytes_.at_or(3); }
    [[nodiscard]] constexpr bool sdat_ovfl() const noexcept { return bit(bytes_.at_or(4), 7); }

    // Bytes 8..n as returned, and their descriptors.
    [[nodiscard]] constexpr byte_view descriptor_bytes() const noexcept { return bytes_.subview(size); }
    [[nodiscard]] constexpr sense_descriptor_list descriptors() const noexcept
    {
        return sense_descriptor_list(descriptor_bytes());
    }
    [[nodiscard]] constexpr result<sense_descriptor> find(sense_descriptor_type type) const noexcept
    {
        return descriptors().find(type);
    }

    // -- Fields that the direct-access block device descriptor (0Dh) also
    //    carries: the dedicated descriptor wins when both are present.
    //    errc::not_found when absent, or the error of the descriptor (or of
    //    the list walk) that prevented an answer.

    // INFORMATION of the information descriptor (00h) when its VALID bit is
    // one, else of a 0Dh descriptor with VALID one.
    [[nodiscard]] constexpr result<std::uint64_t> information() const noexcept
    {
        return lookup<std::uint64_t>(
            sense_descriptor_type::information,
            [](const sense_descriptor& d) -> result<std::uint64_t> {
                const result<information_descriptor> i = d.as_information();
                if (!i) return failure(i.error());
                if (!i->valid()) return failure(errc::not_found);
                return i->information();
            },
            [](const direct_access_block_device_descriptor& b) -> result<std::uint64_t> {
                if (!b.valid()) return failure(errc::not_found);
                return b.information();
            });
    }
    [[nodiscard]] constexpr result<std::uint64_t> command_specific_information() const noexcept
    {
        return lookup<std::uint64_t>(
            sense_descriptor_type::command_specific_information,
            [](const sense_descriptor& d) -> result<std::uint64_t> {
                const result<command_specific_information_descriptor> c = d.as_command_specific_information();
                if (!c) return failure(c.error());
                return c->command_specific_information();
            },
            [](const direct_access_block_device_descriptor& b) -> result<std::uint64_t> {
                return b.command_specific_information();
            });
    }
    // The sense key specific descriptor (02h) or the field of a 0Dh
    // descriptor, decoded per sense_key() (check sksv() on the result).
    [[nodiscard]] constexpr result<scsi::sense_key_specific> sense_key_specific() const noexcept
    {
        const scsi::sense_key key = sense_key();
        return lookup<scsi::sense_key_specific>(
            sense_descriptor_type::sense_key_specific,
            [key](const sense_descriptor& d) { return d.as_sense_key_specific(key); },
            [key](const direct_access_block_device_descriptor& b) -> result<scsi::sense_key_specific> {
                return b.sense_key_specific(key);
            });
    }
    [[nodiscard]] constexpr result<std::uint8_t> field_replaceable_unit_code() const noexcept
    {
        return lookup<std::uint8_t>(
            sense_descriptor_type::field_replaceable_unit,
            [](const sense_descriptor& d) -> result<std::uint8_t> {
                const result<field_replaceable_unit_descriptor> f = d.as_field_replaceable_unit();
                if (!f) return failure(f.error());
                return f->field_replaceable_unit_code();
            },
            [](const direct_access_block_device_descriptor& b) -> result<std::uint8_t> {
                return b.field_replaceable_unit_code();
            });
    }
};

// ------------------------------------------------------- either format

// The format-independent summary, a plain value (no view into the buffer).
// Sixteen bytes, the one-byte fields first: small enough to be returned in
// registers.
struct normalized_sense {
    sense_response_code response_code = sense_response_code::current_fixed;
    scsi::sense_key sense_key = scsi::sense_key::no_sense;
    std::uint8_t asc = 0;           // ADDITIONAL SENSE CODE (0 when !has_asc_ascq)
    std::uint8_t ascq = 0;          // ADDITIONAL SENSE CODE QUALIFIER (0 when !has_asc_ascq)
    bool has_asc_ascq = false;      // false only for fixed format data that ends before byte 14
    bool sdat_ovfl = false;         // the device had more sense data than it returned
    bool information_valid = false; // INFORMATION was returned and is valid
    bool truncated = false;         // the buffer held less than ADDITIONAL SENSE LENGTH announced
    std::uint64_t information = 0;  // INFORMATION when information_valid, else 0

    [[nodiscard]] constexpr sense_data_format format() const noexcept { return format_of(response_code); }
    [[nodiscard]] constexpr bool deferred() const noexcept { return is_deferred(response_code); }
};

class sense_data : public sense_data_header {
public:
    constexpr sense_data() noexcept = default;
    constexpr explicit sense_data(sense_data_header header) noexcept : sense_data_header(header) {}

    // The per-format views; each is meaningful only for its format().
    [[nodiscard]] constexpr fixed_sense_data fixed() const noexcept
    {
        MPIO_ASSERT(format() == sense_data_format::fixed);
        return fixed_sense_data(*this);
    }
    [[nodiscard]] constexpr descriptor_sense_data descriptor() const noexcept
    {
        MPIO_ASSERT(format() == sense_data_format::descriptor);
        return descriptor_sense_data(*this);
    }

    [[nodiscard]] constexpr scsi::sense_key sense_key() const noexcept
    {
        return is_fixed() ? as_fixed().sense_key() : as_descriptor().sense_key();
    }
    // False only for fixed format sense data that ends before byte 14.
    [[nodiscard]] constexpr bool has_additional_sense_code() const noexcept
    {
        return !is_fixed() || as_fixed().has_additional_sense_code_qualifier(); // byte 13, so byte 12 too
    }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code() const noexcept
    {
        return is_fixed() ? as_fixed().additional_sense_code() : as_descriptor().additional_sense_code();
    }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code_qualifier() const noexcept
    {
        return is_fixed() ? as_fixed().additional_sense_code_qualifier()
                          : as_descriptor().additional_sense_code_qualifier();
    }
    [[nodiscard]] constexpr bool sdat_ovfl() const noexcept
    {
        return is_fixed() ? as_fixed().sdat_ovfl() : as_descriptor().sdat_ovfl();
    }

    // INFORMATION when the sense data says it is valid (fixed: VALID bit;
    // descriptor: see descriptor_sense_data::information()); errc::not_found
    // otherwise.
    [[nodiscard]] constexpr result<std::uint64_t> information() const noexcept
    {
        if (!is_fixed()) return as_descriptor().information();
        if (!as_fixed().valid()) return failure(errc::not_found);
        return std::uint64_t{as_fixed().information()};
    }
    // Fixed: errc::too_short when not returned. Descriptor: 01h or 0Dh.
    [[nodiscard]] constexpr result<std::uint64_t> command_specific_information() const noexcept
    {
        if (!is_fixed()) return as_descriptor().command_specific_information();
        if (!as_fixed().has_command_specific_information()) return failure(errc::too_short);
        return std::uint64_t{as_fixed().command_specific_information()};
    }
    // Fixed: errc::too_short when not returned. Descriptor: 02h or 0Dh.
    // Check sksv() on the result.
    [[nodiscard]] constexpr result<scsi::sense_key_specific> sense_key_specific() const noexcept
    {
        return is_fixed() ? as_fixed().sense_key_specific() : as_descriptor().sense_key_specific();
    }
    // Fixed: errc::too_short when not returned. Descriptor: 03h or 0Dh.
    [[nodiscard]] constexpr result<std::uint8_t> field_replaceable_unit_code() const noexcept
    {
        if (!is_fixed()) return as_descriptor().field_replaceable_unit_code();
        if (!as_fixed().has_field_replaceable_unit_code()) return failure(errc::too_short);
        return as_fixed().field_replaceable_unit_code();
    }
    // PROGRESS INDICATION of the sense key specific field (NO SENSE or NOT
    // READY with SKSV one); errc::not_found otherwise. Another progress
    // indication descriptors (0Ah) are about other operations: find() them.
    [[nodiscard]] constexpr result<std::uint16_t> progress_indication() const noexcept
    {
        const result<scsi::sense_key_specific> sks = sense_key_specific();
        if (!sks) return failure(sks.error() == errc::too_short ? errc::not_found : sks.error());
        if (!sks->sksv() || sks->format() != sense_key_specific_format::progress_indication)
            return failure(errc::not_found);
        return sks->progress_indication();
    }

    // FILEMARK, EOM, ILI: fixed format byte 2; descriptor format the stream
    // commands descriptor (04h), and for ILI also the block commands (05h)
    // and direct-access block device (0Dh) descriptors. False when absent.
    [[nodiscard]] constexpr bool filemark() const noexcept
    {
        if (is_fixed()) return as_fixed().filemark();
        const auto d = stream_commands();
        return d && d->filemark();
    }
    [[nodiscard]] constexpr bool eom() const noexcept
    {
        if (is_fixed()) return as_fixed().eom();
        const auto d = stream_commands();
        return d && d->eom();
    }
    [[nodiscard]] constexpr bool ili() const noexcept
    {
        if (is_fixed()) return as_fixed().ili();
        // The first descriptor of each type, as for every other lookup (SPC
        // allows one of each).
        if (const auto s = stream_commands(); s && s->ili()) return true;
        const descriptor_sense_data d = as_descriptor();
        if (const auto b = d.find(sense_descriptor_type::block_commands))
            if (const auto v = b->as_block_commands(); v && v->ili()) return true;
        if (const auto a = d.find(sense_descriptor_type::direct_access_block_device))
            if (const auto v = a->as_direct_access_block_device(); v && v->ili()) return true;
        return false;
    }

    [[nodiscard]] constexpr normalized_sense normalized() const noexcept
    {
        normalized_sense n;
        n.response_code = response_code();
        n.truncated = truncated();
        if (is_fixed()) {
            const fixed_sense_data f = as_fixed();
            n.sense_key = f.sense_key();
            n.has_asc_ascq = f.has_additional_sense_code_qualifier(); // byte 13, so byte 12 too
            if (n.has_asc_ascq) {
                n.asc = f.additional_sense_code();
                n.ascq = f.additional_sense_code_qualifier();
            }
            n.sdat_ovfl = f.sdat_ovfl();
            n.information_valid = f.valid();
            if (n.information_valid) n.information = f.information();
            return n;
        }
        const descriptor_sense_data d = as_descriptor();
        n.sense_key = d.sense_key();
        n.has_asc_ascq = true;
        n.asc = d.additional_sense_code();
        n.ascq = d.additional_sense_code_qualifier();
        n.sdat_ovfl = d.sdat_ovfl();
        if (const result<std::uint64_t> info = d.information()) {
            n.information_valid = true;
            n.information = *info;
        }
        return n;
    }

private:
    constexpr bool is_fixed() const noexcept { return format() == sense_data_format::fixed; }
    constexpr fixed_sense_data as_fixed() const noexcept { return fixed_sense_data(*this); }
    constexpr descriptor_sense_data as_descriptor() const noexcept { return descriptor_sense_data(*this); }
    constexpr result<stream_commands_descriptor> stream_commands() const noexcept
    {
        const result<sense_descriptor> d = as_descriptor().find(sense_descriptor_type::stream_commands);
        if (!d) return failure(d.error());
        return d->as_stream_commands();
    }
};

// ------------------------------------------------------------- parsing

namespace detail {
template <class View>
constexpr result<View> parse_sense_data_as(byte_view bytes, bool accept_fixed, bool accept_descriptor) noexcept
{
    const result<sense_response_code> code = parse_sense_response_code(bytes);
    if (!code) return failure(code.error());
    const bool fixed = format_of(*code) == sense_data_format::fixed;
    if (fixed ? !accept_fixed : !accept_descriptor) return failure(errc::unsupported_format);
    if (bytes.size() < sense_data_header::size) return failure(errc::too_short);
    return View(sense_data_header(bytes));
}
} // namespace detail

// Either format. Errors: errc::too_short (empty, or fewer than 8 bytes),
// errc::vendor_specific_format (response code 7Fh), errc::reserved_value
// (74h..7Eh), errc::unsupported_format (00h..6Fh). The response code is
// checked first, so a short vendor-specific buffer is reported as such.
[[nodiscard]] constexpr result<sense_data> parse_sense_data(byte_view bytes) noexcept
{
    return detail::parse_sense_data_as<sense_data>(bytes, true, true);
}
// Fixed format only: descriptor format data is errc::unsupported_format.
[[nodiscard]] constexpr result<fixed_sense_data> parse_fixed_sense_data(byte_view bytes) noexcept
{
    return detail::parse_sense_data_as<fixed_sense_data>(bytes, true, false);
}
// Descriptor format only: fixed format data is errc::unsupported_format.
[[nodiscard]] constexpr result<descriptor_sense_data> parse_descriptor_sense_data(byte_view bytes) noexcept
{
    return detail::parse_sense_data_as<descriptor_sense_data>(bytes, false, true);
}
// parse_sense_data(bytes)->normalized(), with the same errors.
[[nodiscard]] constexpr result<normalized_sense> normalize_sense(byte_view bytes) noexcept
{
    const result<sense_data> s = parse_sense_data(bytes);
    if (!s) return failure(s.error());
    return s->normalized();
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_SENSE_DATA_HPP
