// SPDX-License-Identifier: MIT
// mpio/scsi/sense_descriptors.hpp - the sense data descriptors of descriptor
// format sense data, and their typed decoders.
//
// SPC-6 4.4.2 (descriptor format sense data). After its 8-byte header,
// descriptor format sense data (response code 72h/73h, mpio/scsi/sense_data.hpp)
// holds a list of sense data descriptors, each:
//
//   byte 0    DESCRIPTOR TYPE
//   byte 1    ADDITIONAL LENGTH (n - 1)
//   byte 2-n  descriptor specific
//
// DESCRIPTOR TYPE (table "Sense data descriptor types"), with the layout
// each typed decoder checks (total size, header included):
//
//   00h information                 12  VALID (2.7), INFORMATION (4-11)
//   01h command-specific info       12  COMMAND-SPECIFIC INFORMATION (4-11)
//   02h sense key specific           8  SENSE KEY SPECIFIC (4-6)
//   03h field replaceable unit       4  FIELD REPLACEABLE UNIT CODE (3)
//   04h stream commands (SSC)        4  FILEMARK (3.7), EOM (3.6), ILI (3.5)
//   05h block commands (SBC)         4  ILI (3.5)
//   06h OSD object identification    -  opaque (OSD-2)
//   07h OSD response integrity ...   -  opaque (OSD-2)
//   08h OSD attribute identification -  opaque (OSD-2)
//   09h ATA status return (SAT)     14  EXTEND (2.0), ERROR, COUNT, LBA, DEVICE, STATUS
//   0Ah another progress indication  8  SENSE KEY (2), ASC (3), ASCQ (4), PROGRESS INDICATION (6-7)
//   0Bh user data segment referral >=4  NOT_ALL_R (2.0), referral descriptors (4-n) (SBC)
//   0Ch forwarded sense data       >=4  FSDT (2.7), SENSE DATA SOURCE (2.3-0),
//                                       FORWARDED STATUS (3), FORWARDED SENSE DATA (4-n)
//   0Dh direct-access block device  24  VALID (2.7), ILI (2.5), SENSE KEY SPECIFIC (4-6),
//                                       FRU CODE (7), INFORMATION (8-15),
//                                       COMMAND-SPECIFIC INFORMATION (16-23) (SBC)
//   0Eh device designation         >=8  a designation descriptor (4-n)
//   0Fh microcode activation         8  MICROCODE ACTIVATION TIME (6-7)
//   10h-7Fh reserved; 80h-FFh vendor specific (opaque)
//
// The list is iterated lazily (sense_descriptor_list). A descriptor whose
// ADDITIONAL LENGTH runs past the end of the sense data stops the iteration
// with errc::descriptor_overrun (a lone trailing byte: errc::too_short); the
// descriptors before it stay usable. Typed decoders (as_information() ...)
// return errc::wrong_descriptor_type for a descriptor of another type and
// errc::length_mismatch when ADDITIONAL LENGTH is not the one SPC sets for
// the type (a descriptor that cannot be read as that type is not guessed at).
#ifndef MPIO_SCSI_SENSE_DESCRIPTORS_HPP
#define MPIO_SCSI_SENSE_DESCRIPTORS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/sense_key.hpp>
#include <mpio/scsi/sense_key_specific.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::scsi {

// DESCRIPTOR TYPE. Reserved (10h..7Fh) and vendor specific (80h..FFh) values
// are representable: static_cast from the byte.
enum class sense_descriptor_type : std::uint8_t {
    information = 0x00,
    command_specific_information = 0x01,
    sense_key_specific = 0x02,
    field_replaceable_unit = 0x03,
    stream_commands = 0x04,
    block_commands = 0x05,
    osd_object_identification = 0x06,
    osd_response_integrity_check_value = 0x07,
    osd_attribute_identification = 0x08,
    ata_status_return = 0x09,
    another_progress_indication = 0x0A,
    user_data_segment_referral = 0x0B,
    forwarded_sense_data = 0x0C,
    direct_access_block_device = 0x0D,
    device_designation = 0x0E,
    microcode_activation = 0x0F,
    // 10h..7Fh reserved
    vendor_specific_first = 0x80, // 80h..FFh vendor specific
};

[[nodiscard]] constexpr bool is_vendor_specific(sense_descriptor_type t) noexcept
{
    return static_cast<std::uint8_t>(t) >= 0x80;
}

[[nodiscard]] constexpr const char* to_string(sense_descriptor_type t) noexcept
{
    if (is_vendor_specific(t)) return "vendor specific";
    switch (t) {
    case sense_descriptor_type::information: return "information";
    case sense_descriptor_type::command_specific_information: return "command-specific information";
    case sense_descriptor_type::sense_key_specific: return "sense key specific";
    case sense_descriptor_type::field_replaceable_unit: return "field replaceable unit";
    case sense_descriptor_type::stream_commands: return "stream commands";
    case sense_descriptor_type::block_commands: return "block commands";
    case sense_descriptor_type::osd_object_identification: return "OSD object identification";
    case sense_descriptor_type::osd_response_integrity_check_value: return "OSD response integrity check value";
    case sense_descriptor_type::osd_attribute_identification: return "OSD attribute identification";
    case sense_descriptor_type::ata_status_return: return "ATA status return";
    case sense_descriptor_type::another_progress_indication: return "another progress indication";
    case sense_descriptor_type::user_data_segment_referral: return "user data segment referral";
    case sense_descriptor_type::forwarded_sense_data: return "forwarded sense data";
    case sense_descriptor_type::direct_access_block_device: return "direct-access block device";
    case sense_descriptor_type::device_designation: return "device designation";
    case sense_descriptor_type::microcode_activation: return "microcode activation";
    default: break;
    }
    return "reserved";
}

// ------------------------------------------------------------ typed views
//
// Each view holds the whole descriptor (header included, so the byte numbers
// are the standard's) and is made by a decoder that has checked its length.

// 00h. INFORMATION is device-type or command specific (the LBA of a MEDIUM
// ERROR, a residue...). SPC-6 says VALID shall be one; a descriptor with
// VALID zero is still decoded and reported as such.
class information_descriptor {
public:
    static constexpr std::size_t size = 12;
    constexpr information_descriptor() noexcept = default;
    constexpr explicit information_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr bool valid() const noexcept { return bit(bytes_.at_or(2), 7); }
    [[nodiscard]] constexpr std::uint64_t information() const noexcept { return load_be64(bytes_, 4); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// 01h.
class command_specific_information_descriptor {
public:
    static constexpr std::size_t size = 12;
    constexpr command_specific_information_descriptor() noexcept = default;
    constexpr explicit command_specific_information_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr std::uint64_t command_specific_information() const noexcept { return load_be64(bytes_, 4); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// 03h. FIELD REPLACEABLE UNIT CODE: a vendor-specific component; zero means
// no specific component.
class field_replaceable_unit_descriptor {
public:
    static constexpr std::size_t size = 4;
    constexpr field_replaceable_unit_descriptor() noexcept = default;
    constexpr explicit field_replaceable_unit_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr std::uint8_t field_replaceable_unit_code() const noexcept { return bytes_.at_or(3); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// 04h (SSC): the bits fixed format sense data has in byte 2.
class stream_commands_descriptor {
public:
    static constexpr std::size_t size = 4;
    constexpr stream_commands_descriptor() noexcept = default;
    constexpr explicit stream_commands_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr bool filemark() const noexcept { return bit(bytes_.at_or(3), 7); }
    // End of medium (or partition).
    [[nodiscard]] constexpr bool eom() const noexcept { return bit(bytes_.at_or(3), 6); }
    // Incorrect length indicator.
    [[nodiscard]] constexpr bool ili() const noexcept { return bit(bytes_.at_or(3), 5); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// 05h (SBC).
class block_commands_descriptor {
public:
    static constexpr std::size_t size = 4;
    constexpr block_commands_descriptor() noexcept = default;
    constexpr explicit block_commands_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    // Incorrect length indicator (READ LONG / WRITE LONG length mismatch).
    [[nodiscard]] constexpr bool ili() const noexcept { return bit(bytes_.at_or(3), 5); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// 09h (SAT): the ATA registers after an ATA PASS-THROUGH command.
//
//   byte 2  EXTEND (bit 0)   byte 3  ERROR
//   byte 4  COUNT (15:8)     byte 5  COUNT (7:0)
//   byte 6  LBA (31:24)      byte 7  LBA (7:0)
//   byte 8  LBA (39:32)      byte 9  LBA (15:8)
//   byte 10 LBA (47:40)      byte 11 LBA (23:16)
//   byte 12 DEVICE           byte 13 STATUS
//
// count() and lba() assemble every byte as returned; the (15:8) and
// (47:24) parts are meaningful for a 48-bit command only (extend() one).
class ata_status_return_descriptor {
public:
    static constexpr std::size_t size = 14;
    constexpr ata_status_return_descriptor() noexcept = default;
    constexpr explicit ata_status_return_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr bool extend() const noexcept { return bit(bytes_.at_or(2), 0); }
    [[nodiscard]] constexpr std::uint8_t error() const noexcept { return bytes_.at_or(3); }
    [[nodiscard]] constexpr std::uint16_t count() const noexcept { return load_be16(bytes_, 4); }
    [[nodiscard]] constexpr std::uint64_t lba() const noexcept
    {
        return std::uint64_t{bytes_.at_or(10)} << 40 | std::uint64_t{bytes_.at_or(8)} << 32 |
               std::uint64_t{bytes_.at_or(6)} << 24 | std::uint64_t{bytes_.at_or(11)} << 16 |
               std::uint64_t{bytes_.at_or(9)} << 8 | std::uint64_t{bytes_.at_or(7)};
    }
    [[nodiscard]] constexpr std::uint8_t device() const noexcept { return bytes_.at_or(12); }
    [[nodiscard]] constexpr std::uint8_t status() const noexcept { return bytes_.at_or(13); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// 0Ah: the progress of an operation other than the one the sense data is
// about, named by its own sense key, ASC and ASCQ (up to 32 per sense data).
class another_progress_indication_descriptor {
public:
    static constexpr std::size_t size = 8;
    constexpr another_progress_indication_descriptor() noexcept = default;
    constexpr explicit another_progress_indication_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr scsi::sense_key sense_key() const noexcept
    {
        return static_cast<scsi::sense_key>(bits(bytes_.at_or(2), 3, 0));
    }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code() const noexcept { return bytes_.at_or(3); }
    [[nodiscard]] constexpr std::uint8_t additional_sense_code_qualifier() const noexcept { return bytes_.at_or(4); }
    // Numerator of progress_indication_denominator (65536).
    [[nodiscard]] constexpr std::uint16_t progress_indication() const noexcept { return load_be16(bytes_, 6); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// -------------------------------------------- 0Bh user data segment referral
//
// SBC-4 (referrals). The sense data descriptor holds a list of "user data
// segment referral descriptors" (user_data_segment_referral), each naming an
// LBA range and the target port groups through which it is reachable
// (referral_target_port_group, SBC's "target port group descriptor"):
//
//   referral descriptor:     byte 3 NUMBER OF TARGET PORT GROUP DESCRIPTORS,
//                            bytes 4-11 FIRST USER DATA SEGMENT LBA,
//                            bytes 12-19 LAST USER DATA SEGMENT LBA,
//                            bytes 20-n the target port group descriptors (4 bytes each)
//   target port group:       byte 0 bits 3..0 ASYMMETRIC ACCESS STATE,
//                            bytes 2-3 TARGET PORT GROUP

class referral_target_port_group {
public:
    static constexpr std::size_t size = 4;
    constexpr referral_target_port_group() noexcept = default;
    constexpr explicit referral_target_port_group(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr scsi::asymmetric_access_state asymmetric_access_state() const noexcept
    {
        return static_cast<scsi::asymmetric_access_state>(bits(bytes_.at_or(0), 3, 0));
    }
    [[nodiscard]] constexpr std::uint16_t target_port_group() const noexcept { return load_be16(bytes_, 2); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

using referral_target_port_group_list =
    descriptor_list<fixed_size_entries<referral_target_port_group, referral_target_port_group::size>>;

class user_data_segment_referral {
public:
    static constexpr std::size_t header_size = 20;
    constexpr user_data_segment_referral() noexcept = default;
    // `bytes`: the whole referral descriptor, as the list yields it.
    constexpr user_data_segment_referral(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset)
    {}

    [[nodiscard]] constexpr std::uint8_t number_of_target_port_group_descriptors() const noexcept
    {
        return bytes_.at_or(3);
    }
    [[nodiscard]] constexpr std::uint64_t first_user_data_segment_lba() const noexcept { return load_be64(bytes_, 4); }
    [[nodiscard]] constexpr std::uint64_t last_user_data_segment_lba() const noexcept { return load_be64(bytes_, 12); }
    [[nodiscard]] constexpr referral_target_port_group_list target_port_groups() const noexcept
    {
        return referral_target_port_group_list(bytes_.subview(header_size));
    }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    // Where it starts in the referral descriptor list.
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
struct user_data_segment_referral_traits {
    using value_type = user_data_segment_referral;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < user_data_segment_referral::header_size) return failure(errc::too_short);
        const std::size_t size =
            user_data_segment_referral::header_size + referral_target_port_group::size * std::size_t{rest[3]};
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr user_data_segment_referral make(byte_view entry, std::size_t offset) noexcept
    {
        return user_data_segment_referral(entry, offset);
    }
};
} // namespace detail

using user_data_segment_referral_list = descriptor_list<detail::user_data_segment_referral_traits>;

// The 0Bh sense data descriptor.
class user_data_segment_referral_descriptor {
public:
    static constexpr std::size_t min_size = 4;
    constexpr user_data_segment_referral_descriptor() noexcept = default;
    constexpr explicit user_data_segment_referral_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    // NOT ALL REFERRALS: the list does not cover every user data segment.
    [[nodiscard]] constexpr bool not_all_r() const noexcept { return bit(bytes_.at_or(2), 0); }
    [[nodiscard]] constexpr user_data_segment_referral_list referrals() const noexcept
    {
        return user_data_segment_referral_list(bytes_.subview(min_size));
    }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// ------------------------------------------------ 0Ch forwarded sense data

// SENSE DATA SOURCE values SPC-4 defines (later revisions keep 0h..2h).
namespace sense_data_source {
inline constexpr std::uint8_t unknown = 0x0;
inline constexpr std::uint8_t extended_copy_source = 0x1;      // EXTENDED COPY command source device
inline constexpr std::uint8_t extended_copy_destination = 0x2; // EXTENDED COPY command destination device
} // namespace sense_data_source

// The sense data (or the status only) a copy manager received from another
// device while processing a third-party copy command. forwarded_sense_data()
// is complete sense data of its own: parse it with parse_sense_data()
// (mpio/scsi/sense_data.hpp) if needed; mpio does not recurse by itself.
class forwarded_sense_data_descriptor {
public:
    static constexpr std::size_t min_size = 4;
    constexpr forwarded_sense_data_descriptor() noexcept = default;
    constexpr explicit forwarded_sense_data_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    // FORWARDED SENSE DATA TRUNCATED: the copy manager had more sense data
    // than fitted.
    [[nodiscard]] constexpr bool fsdt() const noexcept { return bit(bytes_.at_or(2), 7); }
    // SENSE DATA SOURCE (4 bits, see namespace sense_data_source).
    [[nodiscard]] constexpr std::uint8_t sense_data_source() const noexcept { return bits(bytes_.at_or(2), 3, 0); }
    // FORWARDED STATUS: the SCSI status the other device returned.
    [[nodiscard]] constexpr std::uint8_t forwarded_status() const noexcept { return bytes_.at_or(3); }
    [[nodiscard]] constexpr byte_view forwarded_sense_data() const noexcept { return bytes_.subview(min_size); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// ---------------------------------------- 0Dh direct-access block device

// SBC-4: information, command-specific information, sense key specific and
// field replaceable unit descriptors in one.
class direct_access_block_device_descriptor {
public:
    static constexpr std::size_t size = 24;
    constexpr direct_access_block_device_descriptor() noexcept = default;
    constexpr explicit direct_access_block_device_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    // INFORMATION is valid.
    [[nodiscard]] constexpr bool valid() const noexcept { return bit(bytes_.at_or(2), 7); }
    [[nodiscard]] constexpr bool ili() const noexcept { return bit(bytes_.at_or(2), 5); }
    // Bytes 4..6, decoded per the sense key of the enclosing sense data.
    [[nodiscard]] constexpr scsi::sense_key_specific sense_key_specific(scsi::sense_key key) const noexcept
    {
        return scsi::sense_key_specific(bytes_.subview(4, scsi::sense_key_specific::size), key);
    }
    [[nodiscard]] constexpr bool sksv() const noexcept { return bit(bytes_.at_or(4), 7); }
    [[nodiscard]] constexpr std::uint8_t field_replaceable_unit_code() const noexcept { return bytes_.at_or(7); }
    [[nodiscard]] constexpr std::uint64_t information() const noexcept { return load_be64(bytes_, 8); }
    [[nodiscard]] constexpr std::uint64_t command_specific_information() const noexcept
    {
        return load_be64(bytes_, 16);
    }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// ----------------------------------------------- 0Eh device designation

// A designation descriptor (the Device Identification VPD page's format,
// mpio/scsi/vpd_device_identification.hpp) naming a device, e.g. the
// administrative logical unit to which a BIND or UNBIND now applies.
class device_designation_descriptor {
public:
    static constexpr std::size_t min_size = 4 + designation_descriptor::header_size;
    constexpr device_designation_descriptor() noexcept = default;
    constexpr explicit device_designation_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    // Byte 3, USAGE REASON as sg3_utils decodes it (SPC-5 drafts:
    // 0 unknown, 1 resend this and further commands, 2 resend this command,
    // 3 new subsidiary logical unit, 4 preferred binding). Raw.
    [[nodiscard]] constexpr std::uint8_t usage_reason() const noexcept { return bytes_.at_or(3); }
    // Bytes 4..n: the designation descriptor (its length checked by the decoder).
    [[nodiscard]] constexpr designation_descriptor designation() const noexcept
    {
        return designation_descriptor(bytes_.subview(4), 4);
    }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// ------------------------------------------------ 0Fh microcode activation

class microcode_activation_descriptor {
public:
    static constexpr std::size_t size = 8;
    constexpr microcode_activation_descriptor() noexcept = default;
    constexpr explicit microcode_activation_descriptor(byte_view bytes) noexcept : bytes_(bytes) {}

    // Seconds until the new microcode is active; zero when unknown.
    [[nodiscard]] constexpr std::uint16_t microcode_activation_time() const noexcept { return load_be16(bytes_, 6); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// ------------------------------------------------------ sense descriptor

class sense_descriptor {
    // The private helpers come first: clang 14 does not instantiate a
    // constexpr member template defined after its use in the class when it
    // evaluates a constant expression.

    // The descriptor has type `type` and `size` bytes (at least `size` when
    // `exact` is false).
    constexpr status check(sense_descriptor_type type, std::size_t size, bool exact) const noexcept
    {
        if (descriptor_type() != type) return failure(errc::wrong_descriptor_type);
        if (exact ? bytes_.size() != size : bytes_.size() < size) return failure(errc::length_mismatch);
        return success;
    }
    template <class View>
    constexpr result<View> exactly(sense_descriptor_type type) const noexcept
    {
        const status ok = check(type, View::size, true);
        if (!ok) return failure(ok.error());
        return View(bytes_);
    }
    template <class View>
    constexpr result<View> at_least(sense_descriptor_type type) const noexcept
    {
        const status ok = check(type, View::min_size, false);
        if (!ok) return failure(ok.error());
        return View(bytes_);
    }
    constexpr result<byte_view> opaque(sense_descriptor_type type) const noexcept
    {
        if (descriptor_type() != type) return failure(errc::wrong_descriptor_type);
        return descriptor_specific();
    }

public:
public:
    static constexpr std::size_t header_size = 2;

    constexpr sense_descriptor() noexcept = default;
    // `bytes`: one whole descriptor (header + ADDITIONAL LENGTH bytes), as the
    // list yields it; `offset`: where it starts in the descriptor list.
    constexpr sense_descriptor(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset) {}

    [[nodiscard]] constexpr sense_descriptor_type descriptor_type() const noexcept
    {
        return static_cast<sense_descriptor_type>(bytes_.at_or(0));
    }
    [[nodiscard]] constexpr std::uint8_t additional_length() const noexcept { return bytes_.at_or(1); }
    [[nodiscard]] constexpr bool is_vendor_specific() const noexcept
    {
        return scsi::is_vendor_specific(descriptor_type());
    }
    // Bytes 2..n.
    [[nodiscard]] constexpr byte_view descriptor_specific() const noexcept { return bytes_.subview(header_size); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

    // ------------------------------------------------------ typed decoders

    [[nodiscard]] constexpr result<information_descriptor> as_information() const noexcept
    {
        return exactly<information_descriptor>(sense_descriptor_type::information);
    }
    [[nodiscard]] constexpr result<command_specific_information_descriptor>
    as_command_specific_information() const noexcept
    {
        return exactly<command_specific_information_descriptor>(sense_descriptor_type::command_specific_information);
    }
    // The field is decoded per `key`, the SENSE KEY of the enclosing sense
    // data (descriptor_sense_data::sense_key()).
    [[nodiscard]] constexpr result<scsi::sense_key_specific> as_sense_key_specific(scsi::sense_key key) const noexcept
    {
        const status ok = check(sense_descriptor_type::sense_key_specific, 8, true);
        if (!ok) return failure(ok.error());
        return scsi::sense_key_specific(bytes_.subview(4, scsi::sense_key_specific::size), key);
    }
    [[nodiscard]] constexpr result<field_replaceable_unit_descriptor> as_field_replaceable_unit() const noexcept
    {
        return exactly<field_replaceable_unit_descriptor>(sense_descriptor_type::field_replaceable_unit);
    }
    [[nodiscard]] constexpr result<stream_commands_descriptor> as_stream_commands() const noexcept
    {
        return exactly<stream_commands_descriptor>(sense_descriptor_type::stream_commands);
    }
    [[nodiscard]] constexpr result<block_commands_descriptor> as_block_commands() const noexcept
    {
        return exactly<block_commands_descriptor>(sense_descriptor_type::block_commands);
    }
    // The three OSD descriptors: their descriptor-specific bytes, undecoded.
    [[nodiscard]] constexpr result<byte_view> as_osd_object_identification() const noexcept
    {
        return opaque(sense_descriptor_type::osd_object_identification);
    }
    [[nodiscard]] constexpr result<byte_view> as_osd_response_integrity_check_value() const noexcept
    {
        return opaque(sense_descriptor_type::osd_response_integrity_check_value);
    }
    [[nodiscard]] constexpr result<byte_view> as_osd_attribute_identification() const noexcept
    {
        return opaque(sense_descriptor_type::osd_attribute_identification);
    }
    [[nodiscard]] constexpr result<ata_status_return_descriptor> as_ata_status_return() const noexcept
    {
        return exactly<ata_status_return_descriptor>(sense_descriptor_type::ata_status_return);
    }
    [[nodiscard]] constexpr result<another_progress_indication_descriptor>
    as_another_progress_indication() const noexcept
    {
        return exactly<another_progress_indication_descriptor>(sense_descriptor_type::another_progress_indication);
    }
    [[nodiscard]] constexpr result<user_data_segment_referral_descriptor> as_user_data_segment_referral() const noexcept
    {
        return at_least<user_data_segment_referral_descriptor>(sense_descriptor_type::user_data_segment_referral);
    }
    [[nodiscard]] constexpr result<forwarded_sense_data_descriptor> as_forwarded_sense_data() const noexcept
    {
        return at_least<forwarded_sense_data_descriptor>(sense_descriptor_type::forwarded_sense_data);
    }
    [[nodiscard]] constexpr result<direct_access_block_device_descriptor> as_direct_access_block_device() const noexcept
    {
        return exactly<direct_access_block_device_descriptor>(sense_descriptor_type::direct_access_block_device);
    }
    // errc::length_mismatch also when the designation descriptor's
    // DESIGNATOR LENGTH does not fill the rest of the descriptor exactly.
    [[nodiscard]] constexpr result<device_designation_descriptor> as_device_designation() const noexcept
    {
        const result<device_designation_descriptor> d =
            at_least<device_designation_descriptor>(sense_descriptor_type::device_designation);
        if (!d) return d;
        const designation_descriptor designation = d->designation();
        if (designation_descriptor::header_size + std::size_t{designation.designator_length()} !=
            designation.bytes().size())
            return failure(errc::length_mismatch);
        return d;
    }
    [[nodiscard]] constexpr result<microcode_activation_descriptor> as_microcode_activation() const noexcept
    {
        return exactly<microcode_activation_descriptor>(sense_descriptor_type::microcode_activation);
    }
    // 80h..FFh: the descriptor-specific bytes.
    [[nodiscard]] constexpr result<byte_view> as_vendor_specific() const noexcept
    {
        if (!is_vendor_specific()) return failure(errc::wrong_descriptor_type);
        return descriptor_specific();
    }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

// ------------------------------------------------------ descriptor list

namespace detail {
struct sense_descriptor_traits {
    using value_type = sense_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < sense_descriptor::header_size) return failure(errc::too_short);
        const std::size_t size = sense_descriptor::header_size + std::size_t{rest[1]};
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr sense_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return sense_descriptor(entry, offset);
    }
};
} // namespace detail

// The sense data descriptors of descriptor format sense data (bytes 8..n).
class sense_descriptor_list : public descriptor_list<detail::sense_descriptor_traits> {
public:
    using descriptor_list::descriptor_list;

    // The first descriptor of this type; errc::not_found, or the error that
    // stopped the walk before one was found.
    [[nodiscard]] constexpr result<sense_descriptor> find(sense_descriptor_type type) const noexcept
    {
        iterator it = begin();
        for (; !it.done(); ++it)
            if ((*it).descriptor_type() == type) return *it;
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }
};

} // namespace mpio::scsi

#endif // MPIO_SCSI_SENSE_DESCRIPTORS_HPP
