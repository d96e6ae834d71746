// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_device_identification.hpp - the Device Identification VPD
// page (83h) and its designation descriptors.
//
// SPC-6 7.7.6. The page is the 4-byte VPD header followed by a list of
// designation descriptors (table "Designation descriptor"):
//
//   byte 0    PROTOCOL IDENTIFIER (bits 7..4) | CODE SET (bits 3..0)
//   byte 1    PIV (bit 7) | reserved | ASSOCIATION (bits 5..4) | DESIGNATOR TYPE (bits 3..0)
//   byte 2    reserved
//   byte 3    DESIGNATOR LENGTH (n - 3)
//   byte 4-n  DESIGNATOR
//
// Each descriptor names the addressed logical unit, the target port the
// command went through, or the SCSI target device, in one of eleven formats
// (DESIGNATOR TYPE 0h..Ah). Multipath software groups paths by the logical
// unit designators and tells the paths apart by the target port ones
// (relative target port identifier, target port group).
//
// The descriptors are iterated lazily (designators()). A descriptor whose
// DESIGNATOR LENGTH runs past the end of the page stops the iteration with
// errc::descriptor_overrun; the descriptors before it stay usable. The typed
// decoders (as_naa(), as_eui64() ...) return errc::wrong_designator_type when
// the descriptor is of another type, errc::length_mismatch when DESIGNATOR
// LENGTH contradicts the format, and errc::unsupported_format when the CODE
// SET (or, for protocol specific port identifiers, the protocol) says the
// bytes are not in the format asked for.
//
// Pre-SPC-2 layout: some old arrays (EMC Symmetrix, see
// tests/data/sg3_utils-inhex/vpd_di_old_emc_symm.hex) return a bare 16-byte
// NAA identifier right after the page header, without a descriptor header.
// sg3_utils' sg_inq recognises it by byte 2 of the first "descriptor"
// (reserved, so zero in every SPC) being non-zero: EMC's OUI 006048h puts 04h
// there. mpio reports layout() == pre_spc2 when that byte is non-zero AND the
// first descriptor's DESIGNATOR LENGTH does not fit in PAGE LENGTH (EMC's
// identifier puts 8xh there, for a 16-byte page); a conforming page with a
// stray reserved byte is still read normally. A pre-SPC-2 page yields
// no descriptors (designators() stops at once with errc::legacy_layout); its
// identifier is legacy_identifier(), decodable with parse_naa_designator().
#ifndef MPIO_SCSI_VPD_DEVICE_IDENTIFICATION_HPP
#define MPIO_SCSI_VPD_DEVICE_IDENTIFICATION_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

// ------------------------------------------------------------------ enums

// PROTOCOL IDENTIFIER (SPC-6 table "PROTOCOL IDENTIFIER values"). Only
// meaningful when designation_descriptor::protocol_identifier_valid().
enum class protocol_identifier : std::uint8_t {
    fcp = 0x0,   // Fibre Channel
    spi = 0x1,   // parallel SCSI (obsolete)
    ssa = 0x2,   // Serial Storage Architecture (obsolete)
    sbp = 0x3,   // IEEE 1394
    srp = 0x4,   // SCSI RDMA Protocol
    iscsi = 0x5, // Internet SCSI
    sas = 0x6,   // SAS Serial SCSI Protocol
    adt = 0x7,   // Automation/Drive Interface Transport
    ata = 0x8,   // AT Attachment Interface
    uas = 0x9,   // USB Attached SCSI
    sop = 0xA,   // SCSI over PCI Express
    pcie = 0xB,  // PCI Express protocols
    // 0xC..0xE reserved
    none = 0xF, // no specific protocol
};

[[nodiscard]] constexpr const char* to_string(protocol_identifier p) noexcept
{
    switch (p) {
    case protocol_identifier::fcp: return "Fibre Channel (FCP)";
    case protocol_identifier::spi: return "Parallel SCSI (SPI)";
    case protocol_identifier::ssa: return "SSA (SSA-S3P)";
    case protocol_identifier::sbp: return "IEEE 1394 (SBP)";
    case protocol_identifier::srp: return "SCSI RDMA Protocol (SRP)";
    case protocol_identifier::iscsi: return "Internet SCSI (iSCSI)";
    case protocol_identifier::sas: return "SAS Serial SCSI Protocol (SPL)";
    case protocol_identifier::adt: return "Automation/Drive Interface Transport (ADT)";
    case protocol_identifier::ata: return "AT Attachment Interface (ATA)";
    case protocol_identifier::uas: return "USB Attached SCSI (UAS)";
    case protocol_identifier::sop: return "SCSI over PCI Express (SOP)";
    case protocol_identifier::pcie: return "PCI Express protocols (PCIe)";
    case protocol_identifier::none: return "no specific protocol";
    }
    return "reserved";
}

// CODE SET: how the DESIGNATOR bytes are encoded.
enum class code_set : std::uint8_t {
    // 0h reserved
    binary = 0x1,
    ascii = 0x2, // printable ASCII (20h..7Eh)
    utf8 = 0x3,
    // 4h..Fh reserved
};

[[nodiscard]] constexpr const char* to_string(code_set c) noexcept
{
    switch (c) {
    case code_set::binary: return "binary";
    case code_set::ascii: return "ASCII";
    case code_set::utf8: return "UTF-8";
    }
    return "reserved";
}

// ASSOCIATION: what the designator names.
enum class association : std::uint8_t {
    logical_unit = 0x0,  // the addressed logical unit
    target_port = 0x1,   // the target port that received the command
    target_device = 0x2, // the SCSI target device that contains the logical unit
    reserved = 0x3,
};

[[nodiscard]] constexpr const char* to_string(association a) noexcept
{
    switch (a) {
    case association::logical_unit: return "logical unit";
    case association::target_port: return "target port";
    case association::target_device: return "target device";
    case association::reserved: break;
    }
    return "reserved";
}

// DESIGNATOR TYPE: the format of the DESIGNATOR field.
enum class designator_type : std::uint8_t {
    vendor_specific = 0x0,
    t10_vendor_id = 0x1,
    eui64 = 0x2,
    naa = 0x3,
    relative_target_port = 0x4,
    target_port_group = 0x5,
    logical_unit_group = 0x6,
    md5_logical_unit_identifier = 0x7,
    scsi_name_string = 0x8,
    protocol_specific_port_identifier = 0x9,
    uuid = 0xA,
    // 0xB..0xF reserved
};

[[nodiscard]] constexpr const char* to_string(designator_type t) noexcept
{
    switch (t) {
    case designator_type::vendor_specific: return "vendor specific";
    case designator_type::t10_vendor_id: return "T10 vendor ID based";
    case designator_type::eui64: return "EUI-64 based";
    case designator_type::naa: return "NAA";
    case designator_type::relative_target_port: return "relative target port identifier";
    case designator_type::target_port_group: return "target port group";
    case designator_type::logical_unit_group: return "logical unit group";
    case designator_type::md5_logical_unit_identifier: return "MD5 logical unit identifier";
    case designator_type::scsi_name_string: return "SCSI name string";
    case designator_type::protocol_specific_port_identifier: return "protocol specific port identifier";
    case designator_type::uuid: return "UUID";
    }
    return "reserved";
}

// NAA field of an NAA designator (SPC-6 table "NAA field").
enum class naa_format : std::uint8_t {
    ieee_extended = 0x2,
    locally_assigned = 0x3,
    ieee_registered = 0x5,
    ieee_registered_extended = 0x6,
    // every other value is reserved
};

[[nodiscard]] constexpr const char* to_string(naa_format n) noexcept
{
    switch (n) {
    case naa_format::ieee_extended: return "IEEE Extended";
    case naa_format::locally_assigned: return "Locally Assigned";
    case naa_format::ieee_registered: return "IEEE Registered";
    case naa_format::ieee_registered_extended: return "IEEE Registered Extended";
    }
    return "reserved";
}

// ------------------------------------------------------- designator formats
//
// Each format is a view over the DESIGNATOR bytes, made by a decoder that has
// already checked the length, so the accessors read in bounds.

// T10 vendor ID based designator (type 1h): T10 VENDOR IDENTIFICATION (8
// ASCII bytes) then VENDOR SPECIFIC IDENTIFIER (the rest; often product
// identification + serial number).
class t10_vendor_id_designator {
public:
    static constexpr std::size_t min_length = 8;
    constexpr t10_vendor_id_designator() noexcept = default;
    constexpr explicit t10_vendor_id_designator(byte_view designator) noexcept : bytes_(designator) {}

    [[nodiscard]] constexpr ascii_view t10_vendor_identification() const noexcept
    {
        return ascii_view(bytes_.first(min_length));
    }
    // Binary or text according to the descriptor's CODE SET.
    [[nodiscard]] constexpr byte_view vendor_specific_identifier() const noexcept { return bytes_.subview(min_length); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// EUI-64 based designator (type 2h) in its three lengths:
//    8 bytes: the EUI-64;
//   12 bytes: the EUI-64, then DIRECTORY ID (4 bytes);
//   16 bytes: IDENTIFIER EXTENSION (8 bytes), then the EUI-64.
// SPC-6 calls the EUI-64 the IEEE IDENTIFIER; SPC-4 split it into IEEE
// COMPANY_ID (24 bits) and VENDOR SPECIFIC EXTENSION IDENTIFIER (40 bits),
// which is right for a 24-bit OUI (MA-L) only: both views are offered.
class eui64_designator {
public:
    constexpr eui64_designator() noexcept = default;
    constexpr explicit eui64_designator(byte_view designator) noexcept : bytes_(designator) {}

    [[nodiscard]] constexpr std::size_t length() const noexcept { return bytes_.size(); } // 8, 12 or 16

    [[nodiscard]] constexpr std::uint64_t ieee_identifier() const noexcept
    {
        return load_be64(bytes_, length() == 16 ? 8 : 0);
    }
    [[nodiscard]] constexpr std::uint32_t ieee_company_id() const noexcept
    {
        return static_cast<std::uint32_t>(ieee_identifier() >> 40);
    }
    [[nodiscard]] constexpr std::uint64_t vendor_specific_extension_identifier() const noexcept
    {
        return ieee_identifier() & 0xFF'FFFF'FFFFu;
    }

    [[nodiscard]] constexpr bool has_directory_id() const noexcept { return length() == 12; }
    // 0 unless has_directory_id().
    [[nodiscard]] constexpr std::uint32_t directory_id() const noexcept
    {
        return has_directory_id() ? load_be32(bytes_, 8) : 0u;
    }
    [[nodiscard]] constexpr bool has_identifier_extension() const noexcept { return length() == 16; }
    // 0 unless has_identifier_extension().
    [[nodiscard]] constexpr std::uint64_t identifier_extension() const noexcept
    {
        return has_identifier_extension() ? load_be64(bytes_, 0) : 0u;
    }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// NAA designator (type 3h). The NAA field (bits 7..4 of the first byte)
// selects the layout:
//   NAA 2h IEEE Extended (8 bytes):   VENDOR SPECIFIC IDENTIFIER A (12 bits),
//                                     IEEE COMPANY_ID (24), VENDOR SPECIFIC IDENTIFIER B (24)
//   NAA 3h Locally Assigned (8):      LOCALLY ADMINISTERED VALUE (60 bits)
//   NAA 5h IEEE Registered (8):       IEEE COMPANY_ID (24), VENDOR SPECIFIC IDENTIFIER (36)
//   NAA 6h IEEE Registered Extended (16): as NAA 5h, then
//                                     VENDOR SPECIFIC IDENTIFIER EXTENSION (64)
// (SPC-5 and later call IEEE COMPANY_ID the AOI field.) Accessors of fields
// the format does not have return 0.
class naa_designator {
public:
    constexpr naa_designator() noexcept = default;
    constexpr explicit naa_designator(byte_view designator) noexcept : bytes_(designator) {}

    [[nodiscard]] constexpr naa_format naa() const noexcept
    {
        return static_cast<naa_format>(bits(bytes_.at_or(0), 7, 4));
    }

    [[nodiscard]] constexpr std::uint16_t vendor_specific_identifier_a() const noexcept
    {
        if (naa() != naa_format::ieee_extended) return 0;
        return static_cast<std::uint16_t>(load_be16(bytes_, 0) & 0x0FFFu);
    }
    [[nodiscard]] constexpr std::uint32_t ieee_company_id() const noexcept
    {
        switch (naa()) {
        case naa_format::ieee_extended: return load_be24(bytes_, 2);
        case naa_format::ieee_registered:
        case naa_format::ieee_registered_extended: return (load_be32(bytes_, 0) >> 4) & 0xFF'FFFFu;
        case naa_format::locally_assigned: break;
        }
        return 0;
    }
    [[nodiscard]] constexpr std::uint32_t vendor_specific_identifier_b() const noexcept
    {
        return naa() == naa_format::ieee_extended ? load_be24(bytes_, 5) : 0u;
    }
    [[nodiscard]] constexpr std::uint64_t locally_administered_value() const noexcept
    {
        return naa() == naa_format::locally_assigned ? load_be64(bytes_, 0) & 0x0FFF'FFFF'FFFF'FFFFu : 0u;
    }
    [[nodiscard]] constexpr std::uint64_t vendor_specific_identifier() const noexcept
    {
        if (naa() != naa_format::ieee_registered && naa() != naa_format::ieee_registered_extended) return 0;
        return load_be64(bytes_, 0) & 0xF'FFFF'FFFFu;
    }
    [[nodiscard]] constexpr std::uint64_t vendor_specific_identifier_extension() const noexcept
    {
        return naa() == naa_format::ieee_registered_extended ? load_be64(bytes_, 8) : 0u;
    }

    // The whole designator (8 or 16 bytes), e.g. for the "naa." + hex form.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// Decodes NAA designator bytes: errc::reserved_value for an NAA field the
// standard does not define, errc::length_mismatch when the length is not the
// format's (8, or 16 for NAA 6h). Usable on the legacy identifier of a
// pre-SPC-2 page, which has no descriptor header.
[[nodiscard]] constexpr result<naa_designator> parse_naa_designator(byte_view designator) noexcept
{
    if (designator.empty()) return failure(errc::length_mismatch);
    const naa_designator naa(designator);
    std::size_t expected = 0;
    switch (naa.naa()) {
    case naa_format::ieee_extended:
    case naa_format::locally_assigned:
    case naa_format::ieee_registered: expected = 8; break;
    case naa_format::ieee_registered_extended: expected = 16; break;
    default: return failure(errc::reserved_value);
    }
    if (designator.size() != expected) return failure(errc::length_mismatch);
    return naa;
}

// SCSI name string designator (type 8h): UTF-8 text, NUL-terminated and
// NUL-padded to a multiple of four bytes (SPC-6 7.7.6), starting with
// "eui.", "naa." or "iqn.". name() is the text up to the first NUL (or all of
// it when there is none). Devices that break the NUL/padding rule are common
// enough (sg3_utils' own sample has no terminator) that the decoder accepts
// them and reports it: check null_terminated() and padded() when strictness
// matters.
class scsi_name_string_designator {
public:
    constexpr scsi_name_string_designator() noexcept = default;
    constexpr explicit scsi_name_string_designator(byte_view designator) noexcept : bytes_(designator) {}

    [[nodiscard]] constexpr ascii_view name() const noexcept { return ascii_view(bytes_).until_nul(); }
    // At least one NUL follows the name.
    [[nodiscard]] constexpr bool null_terminated() const noexcept { return name().size() < bytes_.size(); }
    // DESIGNATOR LENGTH is a multiple of four and everything after the name is NUL.
    [[nodiscard]] constexpr bool padded() const noexcept
    {
        if (bytes_.size() % 4 != 0) return false;
        for (std::size_t i = name().size(); i < bytes_.size(); ++i)
            if (bytes_[i] != 0) return false;
        return true;
    }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// UUID designator (type Ah, SPC-5 and later): byte 0 bits 7..4 UUID TYPE
// (1h: locally assigned UUID in the RFC 4122 format; others reserved), byte 1
// reserved, bytes 2..17 the UUID.
class uuid_designator {
public:
    static constexpr std::size_t length = 18;
    constexpr uuid_designator() noexcept = default;
    constexpr explicit uuid_designator(byte_view designator) noexcept : bytes_(designator) {}

    [[nodiscard]] constexpr std::uint8_t uuid_type() const noexcept { return bits(bytes_.at_or(0), 7, 4); }
    [[nodiscard]] constexpr bool locally_assigned() const noexcept { return uuid_type() == 1; }
    // The 16 UUID bytes, most significant first (RFC 4122 network order).
    [[nodiscard]] constexpr byte_view uuid() const noexcept { return bytes_.subview(2, 16); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// Protocol specific port identifier (type 9h) for USB Attached SCSI
// (PROTOCOL IDENTIFIER 9h), SPC-6 "USB target port identifier": byte 0
// DEVICE ADDRESS (bits 6..0), byte 1 reserved, byte 2 INTERFACE NUMBER, byte 3
// reserved.
class usb_target_port_designator {
public:
    static constexpr std::size_t length = 4;
    constexpr usb_target_port_designator() noexcept = default;
    constexpr explicit usb_target_port_designator(byte_view designator) noexcept : bytes_(designator) {}

    [[nodiscard]] constexpr std::uint8_t device_address() const noexcept { return bits(bytes_.at_or(0), 6, 0); }
    [[nodiscard]] constexpr std::uint8_t interface_number() const noexcept { return bytes_.at_or(2); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// Protocol specific port identifier (type 9h) for SCSI over PCI Express
// (PROTOCOL IDENTIFIER Ah), SPC-6 "PCI Express routing ID": bytes 0..1 ROUTING
// ID, bytes 2..7 reserved. The routing ID is bus (8 bits), device (5) and
// function (3), or bus and an 8-bit function number with ARI (PCIe
// Alternative Routing-ID Interpretation): the page does not say which.
class pcie_routing_id_designator {
public:
    static constexpr std::size_t length = 8;
    constexpr pcie_routing_id_designator() noexcept = default;
    constexpr explicit pcie_routing_id_designator(byte_view designator) noexcept : bytes_(designator) {}

    [[nodiscard]] constexpr std::uint16_t routing_id() const noexcept { return load_be16(bytes_, 0); }
    [[nodiscard]] constexpr std::uint8_t bus_number() const noexcept { return bytes_.at_or(0); }
    [[nodiscard]] constexpr std::uint8_t device_number() const noexcept { return bits(bytes_.at_or(1), 7, 3); }
    [[nodiscard]] constexpr std::uint8_t function_number() const noexcept { return bits(bytes_.at_or(1), 2, 0); }
    [[nodiscard]] constexpr std::uint8_t ari_function_number() const noexcept { return bytes_.at_or(1); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

private:
    byte_view bytes_;
};

// ------------------------------------------------- designation descriptor

class designation_descriptor {
public:
    static constexpr std::size_t header_size = 4;

    constexpr designation_descriptor() noexcept = default;
    // `bytes` is one whole descriptor (header + DESIGNATOR LENGTH bytes), as
    // the list yields it; `offset` is where it starts in the descriptor list.
    constexpr designation_descriptor(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset) {}

    // The field as returned, valid or not; see protocol_identifier_valid().
    [[nodiscard]] constexpr scsi::protocol_identifier protocol_identifier() const noexcept
    {
        return static_cast<scsi::protocol_identifier>(bits(bytes_.at_or(0), 7, 4));
    }
    [[nodiscard]] constexpr scsi::code_set code_set() const noexcept
    {
        return static_cast<scsi::code_set>(bits(bytes_.at_or(0), 3, 0));
    }
    // PROTOCOL IDENTIFIER VALID.
    [[nodiscard]] constexpr bool piv() const noexcept { return bit(bytes_.at_or(1), 7); }
    [[nodiscard]] constexpr scsi::association association() const noexcept
    {
        return static_cast<scsi::association>(bits(bytes_.at_or(1), 5, 4));
    }
    [[nodiscard]] constexpr scsi::designator_type designator_type() const noexcept
    {
        return static_cast<scsi::designator_type>(bits(bytes_.at_or(1), 3, 0));
    }
    [[nodiscard]] constexpr std::uint8_t designator_length() const noexcept { return bytes_.at_or(3); }
    [[nodiscard]] constexpr byte_view designator() const noexcept { return bytes_.subview(header_size); }

    // SPC-6: PROTOCOL IDENTIFIER means something only when PIV is one and the
    // association is a target port or the target device.
    [[nodiscard]] constexpr bool protocol_identifier_valid() const noexcept
    {
        return piv() &&
               (association() == scsi::association::target_port || association() == scsi::association::target_device);
    }

    // Header + designator, and where it starts in the descriptor list.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

    // ------------------------------------------------------ typed decoders

    [[nodiscard]] constexpr result<t10_vendor_id_designator> as_t10_vendor_id() const noexcept
    {
        if (designator_type() != scsi::designator_type::t10_vendor_id) return failure(errc::wrong_designator_type);
        if (designator().size() < t10_vendor_id_designator::min_length) return failure(errc::length_mismatch);
        return t10_vendor_id_designator(designator());
    }

    [[nodiscard]] constexpr result<eui64_designator> as_eui64() const noexcept
    {
        if (designator_type() != scsi::designator_type::eui64) return failure(errc::wrong_designator_type);
        if (code_set() != scsi::code_set::binary) return failure(errc::unsupported_format);
        const std::size_t n = designator().size();
        if (n != 8 && n != 12 && n != 16) return failure(errc::length_mismatch);
        return eui64_designator(designator());
    }

    [[nodiscard]] constexpr result<naa_designator> as_naa() const noexcept
    {
        if (designator_type() != scsi::designator_type::naa) return failure(errc::wrong_designator_type);
        if (code_set() != scsi::code_set::binary) return failure(errc::unsupported_format);
        return parse_naa_designator(designator());
    }

    // The three "2 bytes ignored, 2-byte value" designators carry the
    // ASSOCIATION SPC-6 gives them (the relative target port and target port
    // group designators name a target port: 01b; the logical unit group
    // designator names the logical unit: 00b). Any other association is
    // errc::unsupported_format, as sg3_utils rejects it: a relative port
    // "of the logical unit" names no port, and grouping paths by it would
    // be a guess (docs/differences/device_identification.md).

    // RELATIVE TARGET PORT IDENTIFIER (bytes 2..3; bytes 0..1 obsolete).
    // 0 is reserved, 1 is port A, 2 port B and so on.
    [[nodiscard]] constexpr result<std::uint16_t> as_relative_target_port() const noexcept
    {
        return two_byte_value(scsi::designator_type::relative_target_port, scsi::association::target_port);
    }
    // TARGET PORT GROUP (bytes 2..3; bytes 0..1 reserved): the group REPORT
    // TARGET PORT GROUPS lists this port in.
    [[nodiscard]] constexpr result<std::uint16_t> as_target_port_group() const noexcept
    {
        return two_byte_value(scsi::designator_type::target_port_group, scsi::association::target_port);
    }
    // LOGICAL UNIT GROUP (bytes 2..3; bytes 0..1 reserved).
    [[nodiscard]] constexpr result<std::uint16_t> as_logical_unit_group() const noexcept
    {
        return two_byte_value(scsi::designator_type::logical_unit_group, scsi::association::logical_unit);
    }

    // MD5 LOGICAL UNIT IDENTIFIER: 16 bytes.
    [[nodiscard]] constexpr result<byte_view> as_md5_logical_unit_identifier() const noexcept
    {
        if (designator_type() != scsi::designator_type::md5_logical_unit_identifier)
            return failure(errc::wrong_designator_type);
        if (code_set() != scsi::code_set::binary) return failure(errc::unsupported_format);
        if (designator().size() != 16) return failure(errc::length_mismatch);
        return designator();
    }

    // Code set UTF-8, or ASCII (a subset some devices report); an empty
    // designator is a length mismatch.
    [[nodiscard]] constexpr result<scsi_name_string_designator> as_scsi_name_string() const noexcept
    {
        if (designator_type() != scsi::designator_type::scsi_name_string) return failure(errc::wrong_designator_type);
        if (code_set() != scsi::code_set::utf8 && code_set() != scsi::code_set::ascii)
            return failure(errc::unsupported_format);
        if (designator().empty()) return failure(errc::length_mismatch);
        return scsi_name_string_designator(designator());
    }

    // A protocol specific port identifier of a USB Attached SCSI port:
    // errc::unsupported_format when the protocol identifier is not valid
    // (PIV 0, or a logical unit association), errc::wrong_designator_type
    // when it names another protocol.
    [[nodiscard]] constexpr result<usb_target_port_designator> as_usb_target_port() const noexcept
    {
        const status ok = check_port_identifier(scsi::protocol_identifier::uas, usb_target_port_designator::length);
        if (!ok) return failure(ok.error());
        return usb_target_port_designator(designator());
    }
    // Same for SCSI over PCI Express (SOP) ports.
    [[nodiscard]] constexpr result<pcie_routing_id_designator> as_pcie_routing_id() const noexcept
    {
        const status ok = check_port_identifier(scsi::protocol_identifier::sop, pcie_routing_id_designator::length);
        if (!ok) return failure(ok.error());
        return pcie_routing_id_designator(designator());
    }

    [[nodiscard]] constexpr result<uuid_designator> as_uuid() const noexcept
    {
        if (designator_type() != scsi::designator_type::uuid) return failure(errc::wrong_designator_type);
        if (code_set() != scsi::code_set::binary) return failure(errc::unsupported_format);
        if (designator().size() != uuid_designator::length) return failure(errc::length_mismatch);
        return uuid_designator(designator());
    }

private:
    // The three formats "2 bytes ignored, 2-byte value", all 4 bytes long,
    // each with the one association the standard gives it.
    constexpr result<std::uint16_t> two_byte_value(scsi::designator_type type,
                                                   scsi::association required) const noexcept
    {
        if (designator_type() != type) return failure(errc::wrong_designator_type);
        if (code_set() != scsi::code_set::binary || association() != required) return failure(errc::unsupported_format);
        if (designator().size() != 4) return failure(errc::length_mismatch);
        return load_be16(designator(), 2);
    }

    constexpr status check_port_identifier(scsi::protocol_identifier protocol, std::size_t length) const noexcept
    {
        if (designator_type() != scsi::designator_type::protocol_specific_port_identifier)
            return failure(errc::wrong_designator_type);
        if (!protocol_identifier_valid() || code_set() != scsi::code_set::binary)
            return failure(errc::unsupported_format);
        if (protocol_identifier() != protocol) return failure(errc::wrong_designator_type);
        if (designator().size() != length) return failure(errc::length_mismatch);
        return success;
    }

    byte_view bytes_;
    std::size_t offset_ = 0;
};

// ------------------------------------------------------ descriptor list

namespace detail {
struct designation_descriptor_traits {
    using value_type = designation_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < designation_descriptor::header_size) return failure(errc::too_short);
        const std::size_t size = designation_descriptor::header_size + std::size_t{rest[3]};
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr designation_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return designation_descriptor(entry, offset);
    }
};
} // namespace detail

// A list of designation descriptors: the Device Identification page's, or the
// target port descriptors' of the SCSI Ports page (88h), which use the same
// format. Lazy: each descriptor is decoded when the iteration reaches it.
class designation_descriptor_list {
    using list = descriptor_list<detail::designation_descriptor_traits>;

public:
    using value_type = designation_descriptor;
    using sentinel = list::sentinel;

    class iterator {
    public:
        using value_type = designation_descriptor;
        using difference_type = std::ptrdiff_t;

        constexpr iterator() noexcept = default;
        constexpr iterator(list::iterator it, errc refused) noexcept : it_(it), refused_(refused) {}

        constexpr designation_descriptor operator*() const noexcept { return *it_; }
        constexpr iterator& operator++() noexcept
        {
            ++it_;
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
            return a.it_ == b.it_ && a.refused_ == b.refused_;
        }

        [[nodiscard]] constexpr bool done() const noexcept { return refused_ != errc::none || it_.done(); }
        [[nodiscard]] constexpr errc error() const noexcept { return refused_ != errc::none ? refused_ : it_.error(); }
        [[nodiscard]] constexpr std::size_t offset() const noexcept { return it_.offset(); }

    private:
        list::iterator it_;
        errc refused_ = errc::none;
    };

    constexpr designation_descriptor_list() noexcept = default;
    constexpr explicit designation_descriptor_list(byte_view descriptors) noexcept : list_(descriptors) {}

    // A list that yields nothing and reports `reason` (a pre-SPC-2 page has
    // no descriptors to iterate: errc::legacy_layout).
    [[nodiscard]] static constexpr designation_descriptor_list refused(errc reason) noexcept
    {
        designation_descriptor_list l;
        l.refused_ = reason;
        return l;
    }

    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(list_.begin(), refused_); }
    [[nodiscard]] constexpr sentinel end() const noexcept { return {}; }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return list_.bytes(); }

    // Walks the whole list: how many descriptors are well-formed and, if one
    // is not, where and why.
    [[nodiscard]] constexpr list_status status() const noexcept
    {
        if (refused_ != errc::none) return {refused_, 0, 0};
        return list_.status();
    }

    // The index-th descriptor, or errc::not_found (or the error that stopped
    // the walk before reaching it).
    [[nodiscard]] constexpr result<designation_descriptor> at(std::size_t index) const noexcept
    {
        if (refused_ != errc::none) return failure(refused_);
        return list_.at(index);
    }

    // The first descriptor with this association and designator type.
    [[nodiscard]] constexpr result<designation_descriptor> find(association assoc, designator_type type) const noexcept
    {
        iterator it = begin();
        for (; !it.done(); ++it) {
            const designation_descriptor d = *it;
            if (d.association() == assoc && d.designator_type() == type) return d;
        }
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }

private:
    list list_;
    errc refused_ = errc::none;
};

// ------------------------------------------------------------------ page

enum class device_identification_layout : std::uint8_t {
    designation_descriptors, // SPC-2 and later (and conforming SPC-1)
    pre_spc2,                // a bare identifier without descriptor header
};

[[nodiscard]] constexpr const char* to_string(device_identification_layout l) noexcept
{
    switch (l) {
    case device_identification_layout::designation_descriptors: return "designation descriptors";
    case device_identification_layout::pre_spc2: return "pre-SPC-2 bare identifier";
    }
    return "unknown";
}

class device_identification : public vpd_page {
public:
    constexpr device_identification() noexcept = default;
    constexpr explicit device_identification(vpd_page page) noexcept : vpd_page(page), layout_(detect_layout(page)) {}

    // The common VPD header fields (peripheral_qualifier(), page_code(),
    // page_length(), payload()...) are inherited from vpd_page. A truncated
    // page usually ends inside a descriptor, which then stops the iteration
    // with errc::descriptor_overrun: re-issue with required_allocation_length().
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    [[nodiscard]] constexpr device_identification_layout layout() const noexcept { return layout_; }

    // The designation descriptor list, as returned.
    [[nodiscard]] constexpr byte_view designation_descriptor_bytes() const noexcept { return payload(); }

    // The descriptors; for a pre-SPC-2 page the iteration stops at once with
    // errc::legacy_layout.
    [[nodiscard]] constexpr designation_descriptor_list designators() const noexcept
    {
        if (layout_ == device_identification_layout::pre_spc2)
            return designation_descriptor_list::refused(errc::legacy_layout);
        return designation_descriptor_list(payload());
    }

    // The bare identifier of a pre-SPC-2 page (an NAA designator in the known
    // cases: parse_naa_designator()); empty for a descriptor-format page.
    [[nodiscard]] constexpr byte_view legacy_identifier() const noexcept
    {
        return layout_ == device_identification_layout::pre_spc2 ? payload() : byte_view{};
    }

    // The first designator with this association and type, e.g.
    // find(association::logical_unit, designator_type::naa).
    [[nodiscard]] constexpr result<designation_descriptor> find(association assoc, designator_type type) const noexcept
    {
        return designators().find(assoc, type);
    }

private:
    // Pre-SPC-2 when the first descriptor header has its reserved byte 2 set
    // AND its DESIGNATOR LENGTH does not fit in PAGE LENGTH. Measured against
    // PAGE LENGTH rather than the returned bytes, so that a truncated
    // response is classified like the whole page would be.
    static constexpr device_identification_layout detect_layout(vpd_page page) noexcept
    {
        const byte_view payload = page.payload();
        if (payload.size() < designation_descriptor::header_size || payload[2] == 0)
            return device_identification_layout::designation_descriptors;
        const std::size_t first_descriptor_size = designation_descriptor::header_size + std::size_t{payload[3]};
        if (first_descriptor_size > page.page_length()) return device_identification_layout::pre_spc2;
        return device_identification_layout::designation_descriptors;
    }

    device_identification_layout layout_ = device_identification_layout::designation_descriptors;
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 83h. Malformed descriptors are reported by the
// iteration, not here.
[[nodiscard]] constexpr result<device_identification> parse_device_identification(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<device_identification>(bytes, vpd_page_code::device_identification);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_DEVICE_IDENTIFICATION_HPP
