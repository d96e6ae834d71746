// SPDX-License-Identifier: MIT
// mpio/scsi/inquiry.hpp - standard INQUIRY data (SPC-6 6.7.2, "Standard
// INQUIRY data"), including the SCSI-1/SCSI-2 era layouts and the short
// 36-byte response.
//
// The standard INQUIRY data is what an INQUIRY command with EVPD=0 returns:
//
//   byte 0      PERIPHERAL QUALIFIER (7..5) | PERIPHERAL DEVICE TYPE (4..0)
//   byte 1      RMB | LU_CONG | HOT PLUGGABLE (5..4) | reserved
//   byte 2      VERSION
//   byte 3      obsolete (AERC) | obsolete (TRMTSK) | NORMACA | HISUP | RESPONSE DATA FORMAT (3..0)
//   byte 4      ADDITIONAL LENGTH (n - 4)
//   byte 5      SCCS | ACC | TPGS (5..4) | 3PC | reserved (2..1) | PROTECT
//   byte 6      obsolete (BQUE) | ENCSERV | VS | MULTIP | obsolete (MCHNGR) | obsolete (ACKREQQ, ADDR32, ADDR16)
//   byte 7      obsolete (RELADR, WBUS32, WBUS16, SYNC, LINKED, TRANDIS) | CMDQUE (1) | VS (0)
//   bytes 8-15  T10 VENDOR IDENTIFICATION      (ASCII, space padded)
//   bytes 16-31 PRODUCT IDENTIFICATION         (ASCII, space padded)
//   bytes 32-35 PRODUCT REVISION LEVEL         (ASCII, space padded)
//   bytes 36-55 vendor specific
//   byte 56     reserved | obsolete SPI fields CLOCKING (3..2), QAS, IUS
//   byte 57     reserved
//   bytes 58-73 VERSION DESCRIPTOR 1..8        (2 bytes each, big-endian)
//   bytes 74-95 reserved
//   bytes 96-n  vendor specific
//
// Lengths. The data a device returns is the shorter of what it holds
// (ADDITIONAL LENGTH + 5 bytes) and the allocation length of the command.
// parse_standard_inquiry() therefore works on
//     returned data = min(buffer size, ADDITIONAL LENGTH + 5)
// (bytes of the buffer past the declared length are not INQUIRY data and are
// ignored). A field is *present* only when every byte of it lies in the
// returned data; absent fixed fields read as empty views (has_*() say so),
// absent bits read as 0. A declared length larger than the buffer is
// truncation: truncated() is true and required_allocation_length() is the
// allocation length to re-issue the INQUIRY with.
//
// Older layouts. SCSI-1 devices (RESPONSE DATA FORMAT 0) and CCS devices
// (format 1) may return fewer than 36 bytes (ADDITIONAL LENGTH < 31): the
// fields they do not reach are simply absent. SCSI-1 did not define bytes 5
// and up at all; devices of that era nearly all used the CCS/SCSI-2 layout
// anyway, so mpio decodes every response with the one layout above, as
// sg_inq and the Linux SCSI scan do. legacy_layout() tells a caller that the
// response predates that layout, so it can discount the SPC bits.
//
// A RESPONSE DATA FORMAT other than 2 is never rejected, even from a device
// whose VERSION claims SPC-2 or later (where only 2 is allowed; values above
// 2 are reserved): real devices get this wrong, and rejecting them would lose
// the vendor and product identification a multipath stack needs. The value
// is exposed by response_data_format() for callers that want to be strict.
#ifndef MPIO_SCSI_INQUIRY_HPP
#define MPIO_SCSI_INQUIRY_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::scsi {

// ---------------------------------------------------------------- enumerations

// PERIPHERAL QUALIFIER (byte 0 bits 7..5; SPC-6 table "Peripheral qualifier").
enum class peripheral_qualifier : std::uint8_t {
    connected = 0,     // 000b: a device of the indicated type is connected to this LU (or the server cannot tell)
    not_connected = 1, // 001b: the LU supports a device of that type, but none is connected now
    // 010b reserved
    not_supported = 3, // 011b: the device server cannot support a device on this LU (device type is 1Fh)
    // 100b..111b vendor specific
};

[[nodiscard]] constexpr const char* to_string(peripheral_qualifier q) noexcept
{
    switch (static_cast<std::uint8_t>(q)) {
    case 0: return "connected";
    case 1: return "not connected";
    case 3: return "not supported";
    case 4:
    case 5:
    case 6:
    case 7: return "vendor specific";
    default: return "reserved";
    }
}

// PERIPHERAL DEVICE TYPE (byte 0 bits 4..0; SPC-6 table "Peripheral device
// type"). The command set standard of each type is in the comment.
enum class peripheral_device_type : std::uint8_t {
    direct_access_block = 0x00,        // SBC: magnetic disk, SSD
    sequential_access = 0x01,          // SSC: magnetic tape
    printer = 0x02,                    // SSC (first version only)
    processor = 0x03,                  // SPC-2
    write_once = 0x04,                 // SBC: some optical disks
    cd_dvd = 0x05,                     // MMC
    scanner = 0x06,                    // obsolete (SCSI-2 scanner)
    optical_memory = 0x07,             // SBC: some optical disks
    media_changer = 0x08,              // SMC: jukeboxes, tape libraries
    communications = 0x09,             // obsolete (SCSI-2 communications device)
    graphic_arts_0a = 0x0a,            // obsolete (ASC IT8 graphic arts pre-press)
    graphic_arts_0b = 0x0b,            // obsolete (ASC IT8 graphic arts pre-press)
    storage_array_controller = 0x0c,   // SCC-2: RAID controller
    enclosure_services = 0x0d,         // SES
    simplified_direct_access = 0x0e,   // RBC
    optical_card_reader_writer = 0x0f, // OCRW
    bridge_controller = 0x10,          // BCC (SPC-3 era; no longer assigned)
    object_based_storage = 0x11,       // OSD
    automation_drive_interface = 0x12, // ADC
    security_manager = 0x13,           // security manager device
    host_managed_zoned_block = 0x14,   // ZBC
    // 15h..1Dh reserved
    well_known_logical_unit = 0x1e, // e.g. REPORT LUNS well known LU
    unknown = 0x1f,                 // unknown or no device type
};

[[nodiscard]] constexpr const char* to_string(peripheral_device_type t) noexcept
{
    switch (t) {
    case peripheral_device_type::direct_access_block: return "direct access block device";
    case peripheral_device_type::sequential_access: return "sequential access device";
    case peripheral_device_type::printer: return "printer device";
    case peripheral_device_type::processor: return "processor device";
    case peripheral_device_type::write_once: return "write-once device";
    case peripheral_device_type::cd_dvd: return "CD/DVD device";
    case peripheral_device_type::scanner: return "scanner device (obsolete)";
    case peripheral_device_type::optical_memory: return "optical memory device";
    case peripheral_device_type::media_changer: return "media changer device";
    case peripheral_device_type::communications: return "communications device (obsolete)";
    case peripheral_device_type::graphic_arts_0a:
    case peripheral_device_type::graphic_arts_0b: return "graphic arts pre-press device (obsolete)";
    case peripheral_device_type::storage_array_controller: return "storage array controller device";
    case peripheral_device_type::enclosure_services: return "enclosure services device";
    case peripheral_device_type::simplified_direct_access: return "simplified direct-access device";
    case peripheral_device_type::optical_card_reader_writer: return "optical card reader/writer device";
    case peripheral_device_type::bridge_controller: return "bridge controller commands (obsolete)";
    case peripheral_device_type::object_based_storage: return "object-based storage device";
    case peripheral_device_type::automation_drive_interface: return "automation/drive interface";
    case peripheral_device_type::security_manager: return "security manager device";
    case peripheral_device_type::host_managed_zoned_block: return "host managed zoned block device";
    case peripheral_device_type::well_known_logical_unit: return "well known logical unit";
    case peripheral_device_type::unknown: return "unknown or no device type";
    }
    return "reserved";
}

// HOT PLUGGABLE (byte 1 bits 5..4; SPC-5 and later).
enum class hot_pluggable : std::uint8_t {
    no_information = 0, // 00b: nothing said about hot plugging
    supported = 1,      // 01b: the target device is designed to be removed from the SCSI domain while it runs
    not_supported = 2,  // 10b: it is not designed to be removed while the domain runs
    // 11b reserved
};

[[nodiscard]] constexpr const char* to_string(hot_pluggable h) noexcept
{
    switch (h) {
    case hot_pluggable::no_information: return "no information";
    case hot_pluggable::supported: return "hot pluggable";
    case hot_pluggable::not_supported: return "not hot pluggable";
    }
    return "reserved";
}

// VERSION (byte 2; SPC-6 table "Version"): the SPC standard the device server
// claims. Before SPC-2 the byte was three sub-fields, ISO (7..6), ECMA (5..3)
// and ANSI (2..0) version (see standard_inquiry::iso_version() etc.); the
// combinations with a non-zero ISO or ECMA part (08h-0Ch, 40h-44h, 48h-4Ch,
// 80h-84h, 88h-8Ch) are obsolete and every other unnamed value is reserved.
// The claim is a floor, not a ceiling: many devices report an older VERSION
// than they implement; the version descriptors say more.
enum class inquiry_version : std::uint8_t {
    none = 0x00,   // no conformance to any standard claimed
    scsi_1 = 0x01, // obsolete: ANSI X3.131-1986 (SCSI-1)
    scsi_2 = 0x02, // obsolete: ANSI X3.131-1994 (SCSI-2)
    spc = 0x03,    // ANSI INCITS 301-1997 (SPC, withdrawn)
    spc_2 = 0x04,  // ANSI INCITS 351-2001
    spc_3 = 0x05,  // ANSI INCITS 408-2005
    spc_4 = 0x06,  // ANSI INCITS 513-2015
    spc_5 = 0x07,  // ANSI INCITS 502-2019
    spc_6 = 0x0d,  // SPC-6: 08h-0Ch are obsolete ECMA combinations, so SPC-6 took 0Dh
};

// True for the obsolete pre-SPC-2 ISO/ECMA combinations listed above.
[[nodiscard]] constexpr bool is_obsolete_iso_ecma_version(std::uint8_t v) noexcept
{
    const unsigned ansi = v & 0x07u;
    const unsigned iso_ecma = v & 0xf8u;
    return ansi <= 4 &&
           (iso_ecma == 0x08 || iso_ecma == 0x40 || iso_ecma == 0x48 || iso_ecma == 0x80 || iso_ecma == 0x88);
}

[[nodiscard]] constexpr const char* to_string(inquiry_version v) noexcept
{
    switch (v) {
    case inquiry_version::none: return "none";
    case inquiry_version::scsi_1: return "SCSI-1";
    case inquiry_version::scsi_2: return "SCSI-2";
    case inquiry_version::spc: return "SPC";
    case inquiry_version::spc_2: return "SPC-2";
    case inquiry_version::spc_3: return "SPC-3";
    case inquiry_version::spc_4: return "SPC-4";
    case inquiry_version::spc_5: return "SPC-5";
    case inquiry_version::spc_6: return "SPC-6";
    }
    return is_obsolete_iso_ecma_version(static_cast<std::uint8_t>(v)) ? "obsolete (ISO/ECMA)" : "reserved";
}

// RESPONSE DATA FORMAT (byte 3 bits 3..0).
enum class response_data_format : std::uint8_t {
    scsi_1 = 0, // obsolete: SCSI-1 (ANSI X3.131-1986) layout, bytes 5 and up vendor unique
    ccs = 1,    // obsolete: CCS, the SCSI-1 common command set that preceded SCSI-2
    spc = 2,    // the layout of SCSI-2 and of every SPC
    // 3..15 reserved
};

[[nodiscard]] constexpr const char* to_string(response_data_format f) noexcept
{
    switch (f) {
    case response_data_format::scsi_1: return "SCSI-1 (obsolete)";
    case response_data_format::ccs: return "CCS (obsolete)";
    case response_data_format::spc: return "SPC";
    }
    return "reserved";
}

// TARGET PORT GROUP SUPPORT, TPGS (byte 5 bits 5..4): which kind of asymmetric
// logical unit access (ALUA) the logical unit supports.
enum class target_port_group_support : std::uint8_t {
    not_supported = 0, // 00b: no ALUA (or a vendor-specific form); no REPORT/SET TARGET PORT GROUPS
    implicit_only = 1, // 01b: implicit ALUA only; REPORT TARGET PORT GROUPS supported, SET not
    explicit_only = 2, // 10b: explicit ALUA only; REPORT and SET TARGET PORT GROUPS supported
    both = 3,          // 11b: implicit and explicit ALUA
};

[[nodiscard]] constexpr const char* to_string(target_port_group_support t) noexcept
{
    switch (t) {
    case target_port_group_support::not_supported: return "not supported";
    case target_port_group_support::implicit_only: return "implicit only";
    case target_port_group_support::explicit_only: return "explicit only";
    case target_port_group_support::both: return "implicit and explicit";
    }
    return "reserved"; // unreachable for a 2-bit field
}

// CLOCKING (byte 56 bits 3..2): obsolete, SCSI Parallel Interface only.
enum class spi_clocking : std::uint8_t {
    st_only = 0, // 00b: single transition only
    dt_only = 1, // 01b: DT (dual-edge) clocking only
    // 10b reserved
    st_and_dt = 3, // 11b: both
};

[[nodiscard]] constexpr const char* to_string(spi_clocking c) noexcept
{
    switch (c) {
    case spi_clocking::st_only: return "ST only";
    case spi_clocking::dt_only: return "DT only";
    case spi_clocking::st_and_dt: return "ST and DT";
    }
    return "reserved";
}

// ---------------------------------------------------------- version descriptors

// One VERSION DESCRIPTOR slot (bytes 58 + 2 * slot). The code names a standard
// and version (see mpio/scsi/version_descriptors.hpp for the names); 0000h
// means the slot is unused.
struct version_descriptor {
    std::uint16_t code = 0;
    std::size_t slot = 0; // 0..7: VERSION DESCRIPTOR 1 is slot 0
    [[nodiscard]] constexpr bool claimed() const noexcept { return code != 0; }
};

namespace detail {
// descriptor_list traits for the version descriptor slots: fixed 2-byte
// entries; a lone last byte (the returned data ends mid-descriptor) is
// reported as errc::too_short and not decoded.
struct version_descriptor_traits {
    using value_type = version_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < 2) return failure(errc::too_short);
        return std::size_t{2};
    }
    static constexpr version_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return {load_be16(entry, 0), offset / 2};
    }
};
} // namespace detail

// Every version descriptor slot present in the returned data, unused (0000h)
// ones included: use it to index slots or to check status().
using version_descriptor_slots = descriptor_list<detail::version_descriptor_traits>;

// The claimed version descriptors: the slots present in the returned data,
// with unused (0000h) slots skipped. Devices fill slots from the first and
// leave the rest zero, but some leave gaps, so skipping (rather than stopping
// at the first zero) is what keeps every claim.
class version_descriptor_range {
public:
    struct sentinel {};

    class iterator {
    public:
        using value_type = version_descriptor;
        using difference_type = std::ptrdiff_t;

        constexpr iterator() noexcept = default;
        constexpr explicit iterator(version_descriptor_slots::iterator it) noexcept : it_(it) { skip_unused(); }

        constexpr version_descriptor operator*() const noexcept { return *it_; }
        constexpr iterator& operator++() noexcept
        {
            ++it_;
            skip_unused();
            return *this;
        }
        constexpr iterator operator++(int) noexcept
        {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        friend constexpr bool operator==(const iterator& it, sentinel) noexcept { return it.it_.done(); }

    private:
        constexpr void skip_unused() noexcept
        {
            while (!it_.done() && !(*it_).claimed()) ++it_;
        }
        version_descriptor_slots::iterator it_;
    };

    constexpr version_descriptor_range() noexcept = default;
    constexpr explicit version_descriptor_range(version_descriptor_slots slots) noexcept : slots_(slots) {}

    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(slots_.begin()); }
    [[nodiscard]] constexpr sentinel end() const noexcept { return {}; }
    [[nodiscard]] constexpr std::size_t size() const noexcept
    {
        std::size_t n = 0;
        for (iterator it = begin(); !(it == end()); ++it) ++n;
        return n;
    }
    [[nodiscard]] constexpr bool empty() const noexcept { return begin() == end(); }
    // True when the code is one of the claimed descriptors.
    [[nodiscard]] constexpr bool contains(std::uint16_t code) const noexcept
    {
        if (code == 0) return false;
        for (iterator it = begin(); !(it == end()); ++it)
            if ((*it).code == code) return true;
        return false;
    }

private:
    version_descriptor_slots slots_;
};

// ------------------------------------------------------------ standard INQUIRY

class standard_inquiry {
public:
    // Offsets and sizes of SPC-6 table "Standard INQUIRY data format".
    static constexpr std::size_t header_size = 5;    // bytes 0..4: enough to know the length
    static constexpr std::size_t standard_size = 36; // the classic 36-byte INQUIRY (through PRODUCT REVISION LEVEL)
    static constexpr std::size_t vendor_identification_offset = 8;
    static constexpr std::size_t vendor_identification_size = 8;
    static constexpr std::size_t product_identification_offset = 16;
    static constexpr std::size_t product_identification_size = 16;
    static constexpr std::size_t product_revision_level_offset = 32;
    static constexpr std::size_t product_revision_level_size = 4;
    static constexpr std::size_t vendor_specific_offset = 36; // bytes 36..55
    static constexpr std::size_t vendor_specific_size = 20;
    static constexpr std::size_t spi_byte_offset = 56; // CLOCKING, QAS, IUS
    static constexpr std::size_t version_descriptors_offset = 58;
    static constexpr std::size_t max_version_descriptors = 8;   // bytes 58..73
    static constexpr std::size_t vendor_specific_2_offset = 96; // bytes 96..n

    constexpr standard_inquiry() noexcept = default;
    // `returned` must already be clamped to the declared length and hold at
    // least header_size bytes: use parse_standard_inquiry().
    constexpr standard_inquiry(byte_view returned, std::size_t buffer_size) noexcept
        : data_(returned), buffer_size_(buffer_size)
    {}

    // ---- lengths
    // The returned INQUIRY data: the buffer clamped to ADDITIONAL LENGTH + 5.
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return data_; }
    [[nodiscard]] constexpr std::size_t returned_length() const noexcept { return data_.size(); }
    // ADDITIONAL LENGTH (byte 4): the number of bytes after byte 4.
    [[nodiscard]] constexpr std::uint8_t additional_length() const noexcept { return data_.at_or(4); }
    // ADDITIONAL LENGTH + 5: the size of the whole standard INQUIRY data.
    [[nodiscard]] constexpr std::size_t declared_length() const noexcept
    {
        return std::size_t{additional_length()} + 5;
    }
    // The device holds more than the buffer received.
    [[nodiscard]] constexpr bool truncated() const noexcept { return declared_length() > buffer_size_; }
    // The allocation length that returns all of the data.
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept { return declared_length(); }

    // ---- byte 0
    [[nodiscard]] constexpr scsi::peripheral_qualifier peripheral_qualifier() const noexcept
    {
        return static_cast<scsi::peripheral_qualifier>(bits(byte_at(0), 7, 5));
    }
    [[nodiscard]] constexpr scsi::peripheral_device_type peripheral_device_type() const noexcept
    {
        return static_cast<scsi::peripheral_device_type>(bits(byte_at(0), 4, 0));
    }

    // ---- byte 1
    // Removable medium.
    [[nodiscard]] constexpr bool rmb() const noexcept { return bit(byte_at(1), 7); }
    // Logical unit conglomerate (SPC-4 and later).
    [[nodiscard]] constexpr bool lu_cong() const noexcept { return bit(byte_at(1), 6); }
    [[nodiscard]] constexpr scsi::hot_pluggable hot_pluggable() const noexcept
    {
        return static_cast<scsi::hot_pluggable>(bits(byte_at(1), 5, 4));
    }
    // Obsolete: DEVICE-TYPE MODIFIER (bits 6..0) of SCSI-1/SCSI-2, vendor
    // specific; overlaps LU_CONG and HOT PLUGGABLE.
    [[nodiscard]] constexpr std::uint8_t device_type_modifier() const noexcept { return bits(byte_at(1), 6, 0); }

    // ---- byte 2
    [[nodiscard]] constexpr inquiry_version version() const noexcept
    {
        return static_cast<inquiry_version>(byte_at(2));
    }
    // Obsolete sub-fields of VERSION, meaningful for pre-SPC-2 devices only:
    // ISO version (7..6; 1 = ISO/IEC 9316), ECMA version (5..3; 1 = ECMA-111)
    // and ANSI-approved version (2..0; 1 = SCSI-1, 2 = SCSI-2, 3 = SPC, 4 = SPC-2).
    [[nodiscard]] constexpr std::uint8_t iso_version() const noexcept { return bits(byte_at(2), 7, 6); }
    [[nodiscard]] constexpr std::uint8_t ecma_version() const noexcept { return bits(byte_at(2), 5, 3); }
    [[nodiscard]] constexpr std::uint8_t ansi_version() const noexcept { return bits(byte_at(2), 2, 0); }

    // ---- byte 3
    // Obsolete: asynchronous event reporting capability (SCSI-2 AENC).
    [[nodiscard]] constexpr bool aerc() const noexcept { return bit(byte_at(3), 7); }
    // Obsolete: TERMINATE TASK supported (SCSI-2 TrmIOP).
    [[nodiscard]] constexpr bool trmtsk() const noexcept { return bit(byte_at(3), 6); }
    // Normal ACA supported.
    [[nodiscard]] constexpr bool normaca() const noexcept { return bit(byte_at(3), 5); }
    // Hierarchical addressing model used to assign LUNs.
    [[nodiscard]] constexpr bool hisup() const noexcept { return bit(byte_at(3), 4); }
    [[nodiscard]] constexpr scsi::response_data_format response_data_format() const noexcept
    {
        return static_cast<scsi::response_data_format>(bits(byte_at(3), 3, 0));
    }
    // The response uses an obsolete layout (RESPONSE DATA FORMAT 0 or 1): the
    // SPC bits of bytes 5..7 may be vendor specific or reserved there.
    [[nodiscard]] constexpr bool legacy_layout() const noexcept { return bits(byte_at(3), 3, 0) < 2; }

    // ---- bytes 5..7: capability bits. Absent bits (returned data shorter
    // than 6, 7 or 8 bytes) read as false; has_flags() says all three bytes
    // were returned.
    [[nodiscard]] constexpr bool has_flags() const noexcept { return data_.size() >= 8; }

    // byte 5
    // Embedded storage array controller component (SCC-2).
    [[nodiscard]] constexpr bool sccs() const noexcept { return bit(byte_at(5), 7); }
    // Access controls coordinator at LUN 0.
    [[nodiscard]] constexpr bool acc() const noexcept { return bit(byte_at(5), 6); }
    [[nodiscard]] constexpr target_port_group_support tpgs() const noexcept
    {
        return static_cast<target_port_group_support>(bits(byte_at(5), 5, 4));
    }
    // 3PC: third-party copy commands supported.
    [[nodiscard]] constexpr bool three_pc() const noexcept { return bit(byte_at(5), 3); }
    // Protection information supported.
    [[nodiscard]] constexpr bool protect() const noexcept { return bit(byte_at(5), 0); }

    // byte 6
    // Obsolete: basic queuing (SPC-3).
    [[nodiscard]] constexpr bool bque() const noexcept { return bit(byte_at(6), 7); }
    // Embedded enclosure services component.
    [[nodiscard]] constexpr bool encserv() const noexcept { return bit(byte_at(6), 6); }
    // Vendor specific bit (byte 6 bit 5).
    [[nodiscard]] constexpr bool vs1() const noexcept { return bit(byte_at(6), 5); }
    // Multi-port: the target device has two or more target ports.
    [[nodiscard]] constexpr bool multip() const noexcept { return bit(byte_at(6), 4); }
    // Obsolete: attached medium changer.
    [[nodiscard]] constexpr bool mchngr() const noexcept { return bit(byte_at(6), 3); }
    // Obsolete, SPI only: ACKQ/REQQ signals supported.
    [[nodiscard]] constexpr bool ackreqq() const noexcept { return bit(byte_at(6), 2); }
    // Obsolete, SPI only: 32-bit wide SCSI addresses.
    [[nodiscard]] constexpr bool addr32() const noexcept { return bit(byte_at(6), 1); }
    // Obsolete, SPI only: 16-bit wide SCSI addresses.
    [[nodiscard]] constexpr bool addr16() const noexcept { return bit(byte_at(6), 0); }

    // byte 7
    // Obsolete: relative addressing.
    [[nodiscard]] constexpr bool reladr() const noexcept { return bit(byte_at(7), 7); }
    // Obsolete, SPI only: 32-bit wide data transfers.
    [[nodiscard]] constexpr bool wbus32() const noexcept { return bit(byte_at(7), 6); }
    // Obsolete, SPI only: 16-bit wide data transfers.
    [[nodiscard]] constexpr bool wbus16() const noexcept { return bit(byte_at(7), 5); }
    // Obsolete, SPI only: synchronous data transfers.
    [[nodiscard]] constexpr bool sync() const noexcept { return bit(byte_at(7), 4); }
    // Obsolete: linked commands.
    [[nodiscard]] constexpr bool linked() const noexcept { return bit(byte_at(7), 3); }
    // Obsolete, SPI only: transfer disable (CONTINUE TASK / TARGET TRANSFER DISABLE).
    [[nodiscard]] constexpr bool trandis() const noexcept { return bit(byte_at(7), 2); }
    // Command queuing (full task management model).
    [[nodiscard]] constexpr bool cmdque() const noexcept { return bit(byte_at(7), 1); }
    // Vendor specific bit (byte 7 bit 0; SCSI-2's SftRe).
    [[nodiscard]] constexpr bool vs2() const noexcept { return bit(byte_at(7), 0); }

    // ---- text fields, as returned (space padded) and trimmed of trailing
    // spaces/NULs. Empty when the field is not wholly in the returned data.
    [[nodiscard]] constexpr bool has_t10_vendor_identification() const noexcept
    {
        return data_.contains(vendor_identification_offset, vendor_identification_size);
    }
    [[nodiscard]] constexpr ascii_view t10_vendor_identification() const noexcept
    {
        return field(vendor_identification_offset, vendor_identification_size);
    }
    [[nodiscard]] constexpr ascii_view t10_vendor_identification_trimmed() const noexcept
    {
        return t10_vendor_identification().trim_right();
    }

    [[nodiscard]] constexpr bool has_product_identification() const noexcept
    {
        return data_.contains(product_identification_offset, product_identification_size);
    }
    [[nodiscard]] constexpr ascii_view product_identification() const noexcept
    {
        return field(product_identification_offset, product_identification_size);
    }
    [[nodiscard]] constexpr ascii_view product_identification_trimmed() const noexcept
    {
        return product_identification().trim_right();
    }

    [[nodiscard]] constexpr bool has_product_revision_level() const noexcept
    {
        return data_.contains(product_revision_level_offset, product_revision_level_size);
    }
    [[nodiscard]] constexpr ascii_view product_revision_level() const noexcept
    {
        return field(product_revision_level_offset, product_revision_level_size);
    }
    [[nodiscard]] constexpr ascii_view product_revision_level_trimmed() const noexcept
    {
        return product_revision_level().trim_right();
    }

    // T10 VENDOR IDENTIFICATION followed by PRODUCT IDENTIFICATION (bytes
    // 8..31), exactly as returned: the 24 characters Windows builds its SCSI
    // hardware IDs from. Empty unless both fields are present.
    [[nodiscard]] constexpr ascii_view vendor_product_identification() const noexcept
    {
        return field(vendor_identification_offset, vendor_identification_size + product_identification_size);
    }

    // ---- vendor specific bytes: whatever part of each region was returned.
    // Bytes 36..55.
    [[nodiscard]] constexpr byte_view vendor_specific() const noexcept
    {
        return data_.subview(vendor_specific_offset, vendor_specific_size);
    }
    // Bytes 96..n.
    [[nodiscard]] constexpr byte_view vendor_specific_2() const noexcept
    {
        return data_.subview(vendor_specific_2_offset);
    }

    // ---- byte 56: obsolete, SPI only. Absent before byte 57 is returned.
    [[nodiscard]] constexpr bool has_spi_byte() const noexcept { return data_.size() > spi_byte_offset; }
    [[nodiscard]] constexpr spi_clocking clocking() const noexcept
    {
        return static_cast<spi_clocking>(bits(byte_at(spi_byte_offset), 3, 2));
    }
    // Quick arbitration and selection supported.
    [[nodiscard]] constexpr bool qas() const noexcept { return bit(byte_at(spi_byte_offset), 1); }
    // Information units supported.
    [[nodiscard]] constexpr bool ius() const noexcept { return bit(byte_at(spi_byte_offset), 0); }

    // ---- version descriptors (bytes 58..73)
    // Claimed descriptors only (0000h slots skipped), in slot order.
    [[nodiscard]] constexpr version_descriptor_range version_descriptors() const noexcept
    {
        return version_descriptor_range(version_descriptor_slots());
    }
    // Every slot present in the returned data (0..8 of them), 0000h included.
    // status() reports errc::too_short when the data ends inside a slot.
    [[nodiscard]] constexpr scsi::version_descriptor_slots version_descriptor_slots() const noexcept
    {
        return scsi::version_descriptor_slots(data_.subview(version_descriptors_offset, 2 * max_version_descriptors));
    }

private:
    [[nodiscard]] constexpr byte byte_at(std::size_t i) const noexcept { return data_.at_or(i); }
    [[nodiscard]] constexpr ascii_view field(std::size_t offset, std::size_t size) const noexcept
    {
        return data_.contains(offset, size) ? ascii_view{data_.subview(offset, size)} : ascii_view{};
    }

    byte_view data_;
    std::size_t buffer_size_ = 0;
};

// Decodes standard INQUIRY data. Fails only with errc::too_short (fewer than
// the 5 header bytes); every other shape decodes, with absent fields reported
// as such (see the top of this header).
[[nodiscard]] constexpr result<standard_inquiry> parse_standard_inquiry(byte_view bytes) noexcept
{
    if (bytes.size() < standard_inquiry::header_size) return failure(errc::too_short);
    const std::size_t declared = std::size_t{bytes[4]} + 5;
    return standard_inquiry(bytes.first(declared), bytes.size());
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_INQUIRY_HPP
