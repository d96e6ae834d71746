// SPDX-License-Identifier: MIT
// mpio/ident/hardware_id.hpp - the Windows MPIO hardware ID and supported-device lists.
//
// Windows MPIO names a kind of device by its "hardware ID": the 8-byte T10
// VENDOR IDENTIFICATION followed by the 16-byte PRODUCT IDENTIFICATION of the
// standard INQUIRY data (SPC-6 6.7.2, bytes 8..31), 24 characters, space
// padded. The registry value MPIOSupportedDeviceList
// (HKLM\SYSTEM\CurrentControlSet\Control\MPDEV) and `mpclaim -r -i -d
// "VENDOR  PRODUCT         "` hold such strings.
//
// Matching rules (match_mode):
// - mpio_prefix (MPIO's rule): case-insensitive; an entry shorter than 24
//   characters matches as a prefix of the padded 24-character hardware ID, so
//   "VENDOR  " matches every product of VENDOR and "VENDOR  PROD" every
//   product whose name starts with PROD.
// - exact (VMware SATP/PSA claim rules style): vendor and product compared
//   exactly (case-sensitive) after trimming trailing spaces.
// The entry "MSFT2005iSCSIBusType_0x9" is not a hardware ID: Microsoft's DSM
// lists it when "Add support for iSCSI devices" is on, and it matches every
// device whose storage bus type is iSCSI (STORAGE_BUS_TYPE BusTypeiScsi = 9),
// whatever its vendor and product.
//
// Everything is constexpr, noexcept, fixed size: no heap.
#ifndef MPIO_IDENT_HARDWARE_ID_HPP
#define MPIO_IDENT_HARDWARE_ID_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/inquiry.hpp>

namespace mpio::ident {

// How a device is attached. Values are Windows' STORAGE_BUS_TYPE, so that the
// "_0x9" of MSFT2005iSCSIBusType_0x9 reads as bus_type::iscsi.
enum class bus_type : std::uint8_t {
    unknown = 0x00,
    scsi = 0x01,
    atapi = 0x02,
    ata = 0x03,
    ieee1394 = 0x04,
    ssa = 0x05,
    fibre_channel = 0x06,
    usb = 0x07,
    raid = 0x08,
    iscsi = 0x09,
    sas = 0x0a,
    sata = 0x0b,
    sd = 0x0c,
    mmc = 0x0d,
    virtual_bus = 0x0e,
    file_backed_virtual = 0x0f,
    spaces = 0x10,
    nvme = 0x11,
    scm = 0x12,
    ufs = 0x13,
};

[[nodiscard]] constexpr const char* to_string(bus_type b) noexcept
{
    switch (b) {
    case bus_type::unknown: return "unknown";
    case bus_type::scsi: return "SCSI";
    case bus_type::atapi: return "ATAPI";
    case bus_type::ata: return "ATA";
    case bus_type::ieee1394: return "IEEE 1394";
    case bus_type::ssa: return "SSA";
    case bus_type::fibre_channel: return "Fibre Channel";
    case bus_type::usb: return "USB";
    case bus_type::raid: return "RAID";
    case bus_type::iscsi: return "iSCSI";
    case bus_type::sas: return "SAS";
    case bus_type::sata: return "SATA";
    case bus_type::sd: return "SD";
    case bus_type::mmc: return "MMC";
    case bus_type::virtual_bus: return "virtual";
    case bus_type::file_backed_virtual: return "file-backed virtual";
    case bus_type::spaces: return "Storage Spaces";
    case bus_type::nvme: return "NVMe";
    case bus_type::scm: return "SCM";
    case bus_type::ufs: return "UFS";
    }
    return "reserved";
}

namespace detail {
constexpr byte ascii_lower(byte c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<byte>(c + ('a' - 'A')) : c; }
constexpr std::size_t c_string_length(const char* text) noexcept
{
    std::size_t n = 0;
    if (!mpio::detail::is_null(text)) // not `text != nullptr`: GCC 12 constant expressions (core/config.hpp)
        while (text[n] != '\0') ++n;
    return n;
}
} // namespace detail

// The 24-character MPIO hardware ID: vendor (8) + product (16), space padded.
class hardware_id {
public:
    static constexpr std::size_t vendor_size = 8;
    static constexpr std::size_t product_size = 16;
    static constexpr std::size_t size = vendor_size + product_size;

    // All spaces (no vendor, no product).
    constexpr hardware_id() noexcept
    {
        for (byte& c : chars_) c = ' ';
    }

    // From standard INQUIRY data. A short INQUIRY (fewer than 32 bytes
    // returned) is padded with spaces, as is a NUL: some devices pad their
    // text fields with NULs where T10 asks for spaces. Every other byte is kept
    // as the device returned it.
    [[nodiscard]] static constexpr hardware_id from_inquiry(const scsi::standard_inquiry& inquiry) noexcept
    {
        hardware_id id;
        const byte_view returned = inquiry.bytes().subview(scsi::standard_inquiry::vendor_identification_offset, size);
        for (std::size_t i = 0; i < returned.size(); ++i) id.chars_[i] = returned[i] == 0 ? byte{' '} : returned[i];
        return id;
    }

    // From the string MPIOSupportedDeviceList stores: vendor padded to 8
    // characters, then the product; at most 24 characters, shorter strings
    // are padded with spaces. Errors: errc::length_mismatch (more than 24
    // characters), errc::invalid_argument (empty, or a character outside
    // printable ASCII 20h..7Eh).
    [[nodiscard]] static constexpr result<hardware_id> from_string(const char* text, std::size_t length) noexcept
    {
        if (mpio::detail::is_null(text) || length == 0) return failure(errc::invalid_argument);
        if (length > size) return failure(errc::length_mismatch);
        hardware_id id;
        for (std::size_t i = 0; i < length; ++i) {
            const byte c = static_cast<byte>(text[i]);
            if (c < 0x20 || c > 0x7e) return failure(errc::invalid_argument);
            id.chars_[i] = c;
        }
        return id;
    }
    [[nodiscard]] static constexpr result<hardware_id> from_string(const char* text) noexcept
    {
        return from_string(text, detail::c_string_length(text));
    }

    // From the mpclaim notation: the same string enclosed in double quotes, as
    // typed after `mpclaim -r -i -d` ("VENDOR  PRODUCT         "). The quotes
    // are optional (a bare string is accepted as from_string does); a lone
    // quote or a quote inside the string is errc::invalid_argument.
    [[nodiscard]] static constexpr result<hardware_id> from_mpclaim(const char* text, std::size_t length) noexcept
    {
        if (mpio::detail::is_null(text)) return failure(errc::invalid_argument);
        const bool opens = length > 0 && text[0] == '"';
        const bool closes = length > 1 && text[length - 1] == '"';
        if (opens != closes) return failure(errc::invalid_argument);
        const char* inner = opens ? text + 1 : text;
        const std::size_t inner_length = opens ? length - 2 : length;
        for (std::size_t i = 0; i < inner_length; ++i)
            if (inner[i] == '"') return failure(errc::invalid_argument);
        return from_string(inner, inner_length);
    }
    [[nodiscard]] static constexpr result<hardware_id> from_mpclaim(const char* text) noexcept
    {
        return from_mpclaim(text, detail::c_string_length(text));
    }

    // From separate, unpadded vendor and product identifications, as
    // PowerShell's New-MSDSMSupportedHW -VendorId V -ProductId P takes them
    // (unlike mpclaim, it wants them without padding). Errors:
    // errc::length_mismatch (vendor over 8 or product over 16 characters),
    // errc::invalid_argument (empty vendor, or a character outside 20h..7Eh).
    [[nodiscard]] static constexpr result<hardware_id> from_vendor_product(const char* vendor,
                                                                           const char* product) noexcept
    {
        const std::size_t vendor_length = detail::c_string_length(vendor);
        const std::size_t product_length = detail::c_string_length(product);
        if (vendor_length == 0) return failure(errc::invalid_argument);
        if (vendor_length > vendor_size || product_length > product_size) return failure(errc::length_mismatch);
        hardware_id id;
        for (std::size_t i = 0; i < vendor_length + product_length; ++i) {
            const byte c = static_cast<byte>(i < vendor_length ? vendor[i] : product[i - vendor_length]);
            if (c < 0x20 || c > 0x7e) return failure(errc::invalid_argument);
            id.chars_[i < vendor_length ? i : vendor_size + (i - vendor_length)] = c;
        }
        return id;
    }

    // ---- accessors (views into this object: keep it alive while using them)
    [[nodiscard]] constexpr ascii_view padded() const noexcept { return ascii_view{byte_view{chars_}}; }
    [[nodiscard]] constexpr ascii_view vendor() const noexcept
    {
        return ascii_view{byte_view{chars_}.first(vendor_size)};
    }
    [[nodiscard]] constexpr ascii_view product() const noexcept
    {
        return ascii_view{byte_view{chars_}.subview(vendor_size, product_size)};
    }
    [[nodiscard]] constexpr ascii_view vendor_trimmed() const noexcept { return vendor().trim_right(); }
    [[nodiscard]] constexpr ascii_view product_trimmed() const noexcept { return product().trim_right(); }

    // The 24 characters, padding kept (unprintable bytes from INQUIRY as '.').
    [[nodiscard]] constexpr fixed_text<size> render() const noexcept
    {
        fixed_text<size> out;
        out.append(padded());
        return out;
    }

    // Byte-exact comparison (MPIO's own comparison is equals_ignoring_case).
    friend constexpr bool operator==(const hardware_id& a, const hardware_id& b) noexcept
    {
        for (std::size_t i = 0; i < size; ++i)
            if (a.chars_[i] != b.chars_[i]) return false;
        return true;
    }
    [[nodiscard]] constexpr bool equals_ignoring_case(const hardware_id& other) const noexcept
    {
        for (std::size_t i = 0; i < size; ++i)
            if (detail::ascii_lower(chars_[i]) != detail::ascii_lower(other.chars_[i])) return false;
        return true;
    }

private:
    byte chars_[size]{};
};

// What matching needs to know about a device.
struct device_description {
    hardware_id id;
    bus_type bus = bus_type::unknown;
};

enum class match_mode : std::uint8_t {
    mpio_prefix, // case-insensitive, shorter entries match as a prefix (Windows MPIO)
    exact,       // vendor and product equal after trimming trailing spaces (VMware style)
};

// One line of a supported-device list: a hardware ID (possibly shorter than
// 24 characters, i.e. a prefix) or the iSCSI bus-type entry.
class supported_device_entry {
public:
    // The entry Microsoft's DSM adds for "Add support for iSCSI devices".
    static constexpr const char iscsi_bus_type_name[] = "MSFT2005iSCSIBusType_0x9";

    constexpr supported_device_entry() noexcept = default;

    // Parses a registry/mpclaim string (without quotes). The iSCSI bus-type
    // name is recognised case-insensitively, as the registry compares. Errors
    // as hardware_id::from_string.
    [[nodiscard]] static constexpr result<supported_device_entry> parse(const char* text, std::size_t length) noexcept
    {
        const result<hardware_id> id = hardware_id::from_string(text, length);
        if (!id) return failure(id.error());
        supported_device_entry entry;
        entry.id_ = *id;
        entry.length_ = static_cast<std::uint8_t>(length);
        entry.iscsi_bus_type_ = entry.id_.equals_ignoring_case(*hardware_id::from_string(iscsi_bus_type_name));
        return entry;
    }
    [[nodiscard]] static constexpr result<supported_device_entry> parse(const char* text) noexcept
    {
        return parse(text, detail::c_string_length(text));
    }

    [[nodiscard]] constexpr bool is_iscsi_bus_type() const noexcept { return iscsi_bus_type_; }
    // The characters given (length() of them), not padded.
    [[nodiscard]] constexpr ascii_view text() const noexcept { return ascii_view{id_.padded().bytes().first(length_)}; }
    [[nodiscard]] constexpr std::size_t length() const noexcept { return length_; }
    // The entry padded to 24 characters.
    [[nodiscard]] constexpr const hardware_id& id() const noexcept { return id_; }

    [[nodiscard]] constexpr bool matches(const device_description& device, match_mode mode) const noexcept
    {
        if (length_ == 0) return false; // a default-constructed entry matches nothing
        if (iscsi_bus_type_) return device.bus == bus_type::iscsi;
        if (mode == match_mode::exact)
            return id_.vendor_trimmed() == device.id.vendor_trimmed() &&
                   id_.product_trimmed() == device.id.product_trimmed();
        const byte_view mine = id_.padded().bytes();
        const byte_view theirs = device.id.padded().bytes();
        for (std::size_t i = 0; i < length_; ++i)
            if (detail::ascii_lower(mine[i]) != detail::ascii_lower(theirs[i])) return false;
        return true;
    }

private:
    hardware_id id_;
    std::uint8_t length_ = 0;
    bool iscsi_bus_type_ = false;
};

// A non-owning view of entries (what a claimer holds).
class supported_device_span {
public:
    constexpr supported_device_span() noexcept = default;
    constexpr supported_device_span(const supported_device_entry* entries, std::size_t count) noexcept
        : entries_(entries), count_(entries ? count : 0)
    {}

    [[nodiscard]] constexpr std::size_t size() const noexcept { return count_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return count_ == 0; }
    [[nodiscard]] constexpr const supported_device_entry* begin() const noexcept { return entries_; }
    [[nodiscard]] constexpr const supported_device_entry* end() const noexcept { return entries_ + count_; }
    constexpr const supported_device_entry& operator[](std::size_t i) const noexcept
    {
        MPIO_ASSERT(i < count_);
        return entries_[i];
    }

    // Index of the first matching entry, or errc::not_found.
    [[nodiscard]] constexpr result<std::size_t> find(const device_description& device,
                                                     match_mode mode = match_mode::mpio_prefix) const noexcept
    {
        for (std::size_t i = 0; i < count_; ++i)
            if (entries_[i].matches(device, mode)) return i;
        return failure(errc::not_found);
    }
    [[nodiscard]] constexpr bool matches(const device_description& device,
                                         match_mode mode = match_mode::mpio_prefix) const noexcept
    {
        return find(device, mode).has_value();
    }

private:
    const supported_device_entry* entries_ = nullptr;
    std::size_t count_ = 0;
};

// A supported-device list of at most Capacity entries, stored inline.
template <std::size_t Capacity>
class supported_device_list {
public:
    static constexpr std::size_t capacity = Capacity;

    constexpr supported_device_list() noexcept = default;

    // errc::capacity_exceeded when full (the list is unchanged).
    constexpr status add(const supported_device_entry& entry) noexcept
    {
        if (size_ >= Capacity) return failure(errc::capacity_exceeded);
        entries_[size_++] = entry;
        return success;
    }
    // Parses then adds: the parse errors of supported_device_entry::parse, or
    // errc::capacity_exceeded.
    constexpr status add(const char* text, std::size_t length) noexcept
    {
        const result<supported_device_entry> entry = supported_device_entry::parse(text, length);
        if (!entry) return failure(entry.error());
        return add(*entry);
    }
    constexpr status add(const char* text) noexcept { return add(text, detail::c_string_length(text)); }

    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] constexpr supported_device_span entries() const noexcept { return {entries_, size_}; }
    constexpr const supported_device_entry& operator[](std::size_t i) const noexcept
    {
        MPIO_ASSERT(i < size_);
        return entries_[i];
    }
    [[nodiscard]] constexpr result<std::size_t> find(const device_description& device,
                                                     match_mode mode = match_mode::mpio_prefix) const noexcept
    {
        return entries().find(device, mode);
    }
    [[nodiscard]] constexpr bool matches(const device_description& device,
                                         match_mode mode = match_mode::mpio_prefix) const noexcept
    {
        return entries().matches(device, mode);
    }

private:
    supported_device_entry entries_[Capacity > 0 ? Capacity : 1]{};
    std::size_t size_ = 0;
};

namespace detail {
// Deliberately not constexpr and never defined: reaching it while building a
// list at compile time makes the build fail at the offending literal.
void supported_device_literal_is_invalid() noexcept;
} // namespace detail

// The compile-time variant: a list built from string literals, checked by the
// compiler (an invalid literal does not compile), e.g.
//   constexpr auto msdsm = make_supported_device_list("NETAPP  LUN", "MSFT2005iSCSIBusType_0x9");
template <std::size_t... N>
[[nodiscard]] consteval supported_device_list<sizeof...(N)>
make_supported_device_list(const char (&... literals)[N]) noexcept
{
    supported_device_list<sizeof...(N)> list;
    bool ok = true;
    ((ok = ok && list.add(literals, N - 1).has_value()), ...);
    if (!ok) detail::supported_device_literal_is_invalid();
    return list;
}

} // namespace mpio::ident

#endif // MPIO_IDENT_HARDWARE_ID_HPP
