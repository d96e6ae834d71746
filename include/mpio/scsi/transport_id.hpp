// SPDX-License-Identifier: MIT
// mpio/scsi/transport_id.hpp - TransportIDs: the name of a SCSI initiator
// port in PERSISTENT RESERVE IN READ FULL STATUS data and in the PERSISTENT
// RESERVE OUT parameter lists (SPEC_I_PT, REGISTER AND MOVE).
//
// SPC-6 7.6.4 (TransportID identifiers). Byte 0 of every TransportID:
//   bits 7..6  FORMAT CODE
//   bits 3..0  PROTOCOL IDENTIFIER (the values of VPD 83h, protocol_identifier)
//
// The formats SPC defines, all format code 00b unless noted:
//   protocol                  size   fields
//   Fibre Channel (0h)        24     bytes 8-15 N_PORT_NAME
//   parallel SCSI (1h)        24     bytes 2-3 SCSI ADDRESS, 6-7 RELATIVE TARGET PORT IDENTIFIER
//   IEEE 1394 (3h)            24     bytes 8-15 EUI-64 NAME
//   SCSI RDMA (4h)            24     bytes 8-23 INITIATOR PORT IDENTIFIER
//   iSCSI (5h), format 00b    4+n    bytes 2-3 ADDITIONAL LENGTH (n), 4.. ISCSI NAME, NUL-terminated
//   iSCSI (5h), format 01b    4+n    ISCSI NAME, ",i,0x", ISCSI INITIATOR SESSION ID (hex), NUL
//   SAS (6h)                  24     bytes 4-11 SAS ADDRESS
//   SOP (Ah)                  24     bytes 2-3 ROUTING ID
// SSA (2h), ADT (7h), ATA (8h), UAS (9h), PCIe (Bh) and "no specific
// protocol" (Fh) have no TransportID in SPC: decoding one is
// errc::unsupported_format (so is a format code SPC does not define for the
// protocol), and the size of such an entry is unknown, which is why a list
// of TransportIDs stops there.
//
// The iSCSI ADDITIONAL LENGTH "shall be at least 20 and a multiple of four"
// (SPC-6 7.6.4.6): anything else is errc::length_mismatch, and so is a name
// without its NUL terminator inside ADDITIONAL LENGTH. A format 01b name
// without the ",i,0x" separator is errc::unsupported_format. The separator's
// letters are compared without case ("I" and "X" are seen in the wild).
#ifndef MPIO_SCSI_TRANSPORT_ID_HPP
#define MPIO_SCSI_TRANSPORT_ID_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::scsi {

// FORMAT CODE of an iSCSI TransportID.
enum class iscsi_transport_id_format : std::uint8_t {
    name = 0,          // 00b: ISCSI NAME only (the initiator device)
    name_and_isid = 1, // 01b: ISCSI NAME + ",i,0x" + ISID (the initiator port)
};

[[nodiscard]] constexpr const char* to_string(iscsi_transport_id_format f) noexcept
{
    switch (f) {
    case iscsi_transport_id_format::name: return "iSCSI name";
    case iscsi_transport_id_format::name_and_isid: return "iSCSI name and ISID";
    }
    return "reserved";
}

namespace detail {
inline constexpr std::size_t transport_id_fixed_size = 24;
inline constexpr std::size_t iscsi_min_additional_length = 20;

constexpr char ascii_lower(byte b) noexcept { return static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b); }

// Index of ",i,0x" in `name` (the bytes before the NUL), or size when absent.
constexpr std::size_t find_isid_separator(byte_view name) noexcept
{
    for (std::size_t i = 0; i + 5 <= name.size(); ++i)
        if (name[i] == ',' && ascii_lower(name[i + 1]) == 'i' && name[i + 2] == ',' && name[i + 3] == '0' &&
            ascii_lower(name[i + 4]) == 'x')
            return i;
    return name.size();
}

constexpr std::size_t index_of_nul(byte_view v) noexcept
{
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i] == 0) return i;
    return v.size();
}

constexpr int hex_value(byte b) noexcept
{
    if (b >= '0' && b <= '9') return b - '0';
    if (b >= 'a' && b <= 'f') return b - 'a' + 10;
    if (b >= 'A' && b <= 'F') return b - 'A' + 10;
    return -1;
}
} // namespace detail

// One TransportID, viewed over exactly its bytes (parse_transport_id checks
// the structure first, so every accessor reads inside them).
class transport_id {
public:
    constexpr transport_id() noexcept = default;
    constexpr explicit transport_id(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return bytes_.size(); }
    [[nodiscard]] constexpr std::uint8_t format_code() const noexcept { return bits(bytes_.at_or(0), 7, 6); }
    [[nodiscard]] constexpr protocol_identifier protocol() const noexcept
    {
        return static_cast<protocol_identifier>(bits(bytes_.at_or(0), 3, 0));
    }

    // Fibre Channel: N_PORT_NAME (the WWPN).
    [[nodiscard]] constexpr std::uint64_t n_port_name() const noexcept { return load_be64(bytes_, 8); }
    // Parallel SCSI: SCSI ADDRESS and RELATIVE TARGET PORT IDENTIFIER.
    [[nodiscard]] constexpr std::uint16_t scsi_address() const noexcept { return load_be16(bytes_, 2); }
    [[nodiscard]] constexpr std::uint16_t relative_target_port_identifier() const noexcept
    {
        return load_be16(bytes_, 6);
    }
    // IEEE 1394: EUI-64 NAME.
    [[nodiscard]] constexpr std::uint64_t eui64_name() const noexcept { return load_be64(bytes_, 8); }
    // SCSI RDMA: INITIATOR PORT IDENTIFIER (16 bytes, kept as bytes).
    [[nodiscard]] constexpr byte_view initiator_port_identifier() const noexcept { return bytes_.subview(8, 16); }
    // SAS: SAS ADDRESS.
    [[nodiscard]] constexpr std::uint64_t sas_address() const noexcept { return load_be64(bytes_, 4); }
    // SOP: ROUTING ID (the PCIe bus/device/function or bus/function number).
    [[nodiscard]] constexpr std::uint16_t routing_id() const noexcept { return load_be16(bytes_, 2); }

    // iSCSI: ADDITIONAL LENGTH, the name (without separator, ISID and NUL
    // padding) and, in format 01b, the ISID text (the hex digits after
    // ",i,0x") and its value.
    [[nodiscard]] constexpr std::uint16_t additional_length() const noexcept { return load_be16(bytes_, 2); }
    [[nodiscard]] constexpr iscsi_transport_id_format iscsi_format() const noexcept
    {
        return static_cast<iscsi_transport_id_format>(format_code());
    }
    [[nodiscard]] constexpr ascii_view iscsi_name() const noexcept
    {
        const byte_view text = iscsi_text();
        if (iscsi_format() != iscsi_transport_id_format::name_and_isid) return ascii_view(text);
        return ascii_view(text.first(detail::find_isid_separator(text)));
    }
    [[nodiscard]] constexpr ascii_view isid() const noexcept
    {
        if (iscsi_format() != iscsi_transport_id_format::name_and_isid) return {};
        const byte_view text = iscsi_text();
        const std::size_t at = detail::find_isid_separator(text);
        return at >= text.size() ? ascii_view{} : ascii_view(text.subview(at + 5));
    }
    // The ISID as a 48-bit number: errc::not_found without one,
    // errc::reserved_value when its text is not 1 to 12 hex digits.
    [[nodiscard]] constexpr result<std::uint64_t> isid_value() const noexcept
    {
        const byte_view text = isid().bytes();
        if (text.empty())
            return failure(iscsi_format() == iscsi_transport_id_format::name_and_isid ? errc::reserved_value
                                                                                      : errc::not_found);
        if (text.size() > 12) return failure(errc::reserved_value);
        std::uint64_t v = 0;
        for (const byte b : text) {
            const int d = detail::hex_value(b);
            if (d < 0) return failure(errc::reserved_value);
            v = (v << 4) | static_cast<std::uint64_t>(d);
        }
        return v;
    }

private:
    // The iSCSI text up to its NUL (parse_transport_id proved there is one).
    [[nodiscard]] constexpr byte_view iscsi_text() const noexcept
    {
        const byte_view area = bytes_.subview(4, additional_length());
        return area.first(detail::index_of_nul(area));
    }

    byte_view bytes_;
};

// The size of the TransportID that starts `bytes`, from its first bytes only
// (for lists): errc::too_short when the bytes that say it are missing,
// errc::unsupported_format for a protocol or format without a TransportID,
// errc::length_mismatch for an iSCSI ADDITIONAL LENGTH SPC forbids.
[[nodiscard]] constexpr result<std::size_t> transport_id_size(byte_view bytes) noexcept
{
    if (bytes.empty()) return failure(errc::too_short);
    const std::uint8_t format = bits(bytes[0], 7, 6);
    switch (static_cast<protocol_identifier>(bits(bytes[0], 3, 0))) {
    case protocol_identifier::fcp:
    case protocol_identifier::spi:
    case protocol_identifier::sbp:
    case protocol_identifier::srp:
    case protocol_identifier::sas:
    case protocol_identifier::sop:
        if (format != 0) return failure(errc::unsupported_format);
        return detail::transport_id_fixed_size;
    case protocol_identifier::iscsi: {
        if (format > 1) return failure(errc::unsupported_format);
        if (bytes.size() < 4) return failure(errc::too_short);
        const std::uint16_t n = load_be16(bytes, 2);
        if (n < detail::iscsi_min_additional_length || n % 4 != 0) return failure(errc::length_mismatch);
        return std::size_t{4} + n;
    }
    default: return failure(errc::unsupported_format);
    }
}

// Decodes the TransportID at the start of `bytes` (bytes past it are
// ignored: transport_id::size() says where it ends). errc::too_short when
// `bytes` holds less than the TransportID's size.
[[nodiscard]] constexpr result<transport_id> parse_transport_id(byte_view bytes) noexcept
{
    const result<std::size_t> size = transport_id_size(bytes);
    if (!size) return failure(size.error());
    if (bytes.size() < *size) return failure(errc::too_short);
    const transport_id id(bytes.first(*size));
    if (id.protocol() == protocol_identifier::iscsi) {
        const byte_view area = bytes.subview(4, id.additional_length());
        const std::size_t nul = detail::index_of_nul(area);
        if (nul >= area.size()) return failure(errc::length_mismatch);
        if (id.iscsi_format() == iscsi_transport_id_format::name_and_isid &&
            detail::find_isid_separator(area.first(nul)) >= nul)
            return failure(errc::unsupported_format);
    }
    return id;
}

// -------------------------------------------------------------- lists

namespace detail {
struct transport_id_traits {
    using value_type = transport_id;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        const result<std::size_t> size = transport_id_size(rest);
        if (!size) return failure(size.error());
        if (*size > rest.size()) return failure(errc::descriptor_overrun);
        // The iSCSI name must be terminated inside its own length.
        const result<transport_id> id = parse_transport_id(rest);
        if (!id) return failure(id.error());
        return *size;
    }
    static constexpr transport_id make(byte_view entry, std::size_t) noexcept { return transport_id(entry); }
};
} // namespace detail

// TransportIDs back to back (the SPEC_I_PT list of a PERSISTENT RESERVE OUT
// parameter list), iterated lazily: a malformed one stops the walk.
using transport_id_list = descriptor_list<detail::transport_id_traits>;

// -------------------------------------------------------------- encoding
//
// Each builder writes one TransportID at the start of `out` and returns its
// size; errc::buffer_too_small when it does not fit (nothing written),
// errc::invalid_argument for a value SPC does not allow.

namespace detail {
constexpr result<mutable_byte_view> begin_transport_id(mutable_byte_view out, std::size_t size,
                                                       protocol_identifier protocol, std::uint8_t format) noexcept
{
    if (out.size() < size) return failure(errc::buffer_too_small);
    const mutable_byte_view id = out.first(size);
    id.fill(0);
    id[0] = static_cast<byte>((format << 6) | static_cast<std::uint8_t>(protocol));
    return id;
}

constexpr std::size_t text_length(const char* text) noexcept
{
    std::size_t n = 0;
    if (text != nullptr)
        while (text[n] != '\0') ++n;
    return n;
}
} // namespace detail

constexpr result<std::size_t> build_fc_transport_id(mutable_byte_view out, std::uint64_t n_port_name) noexcept
{
    const auto id = detail::begin_transport_id(out, detail::transport_id_fixed_size, protocol_identifier::fcp, 0);
    if (!id) return failure(id.error());
    store_be64(*id, 8, n_port_name);
    return id->size();
}

constexpr result<std::size_t> build_spi_transport_id(mutable_byte_view out, std::uint16_t scsi_address,
                                                     std::uint16_t relative_target_port_identifier) noexcept
{
    const auto id = detail::begin_transport_id(out, detail::transport_id_fixed_size, protocol_identifier::spi, 0);
    if (!id) return failure(id.error());
    store_be16(*id, 2, scsi_address);
    store_be16(*id, 6, relative_target_port_identifier);
    return id->size();
}

constexpr result<std::size_t> build_sbp_transport_id(mutable_byte_view out, std::uint64_t eui64_name) noexcept
{
    const auto id = detail::begin_transport_id(out, detail::transport_id_fixed_size, protocol_identifier::sbp, 0);
    if (!id) return failure(id.error());
    store_be64(*id, 8, eui64_name);
    return id->size();
}

// `initiator_port_identifier` must be exactly 16 bytes.
constexpr result<std::size_t> build_srp_transport_id(mutable_byte_view out,
                                                     byte_view initiator_port_identifier) noexcept
{
    if (initiator_port_identifier.size() != 16) return failure(errc::invalid_argument);
    const auto id = detail::begin_transport_id(out, detail::transport_id_fixed_size, protocol_identifier::srp, 0);
    if (!id) return failure(id.error());
    for (std::size_t i = 0; i < 16; ++i) (*id)[8 + i] = initiator_port_identifier[i];
    return id->size();
}

constexpr result<std::size_t> build_sas_transport_id(mutable_byte_view out, std::uint64_t sas_address) noexcept
{
    const auto id = detail::begin_transport_id(out, detail::transport_id_fixed_size, protocol_identifier::sas, 0);
    if (!id) return failure(id.error());
    store_be64(*id, 4, sas_address);
    return id->size();
}

constexpr result<std::size_t> build_sop_transport_id(mutable_byte_view out, std::uint16_t routing_id) noexcept
{
    const auto id = detail::begin_transport_id(out, detail::transport_id_fixed_size, protocol_identifier::sop, 0);
    if (!id) return failure(id.error());
    store_be16(*id, 2, routing_id);
    return id->size();
}

// iSCSI, format 00b (isid < 0) or 01b (name + ",i,0x" + 12 lowercase hex
// digits of the 48-bit ISID). The name must be non-empty, printable ASCII
// without ','; the text is NUL-terminated and padded with NULs to a multiple
// of four, at least 20 bytes. errc::invalid_argument for a bad name, an ISID
// over 48 bits, or a TransportID over 65535 + 4 bytes.
constexpr result<std::size_t> build_iscsi_transport_id(mutable_byte_view out, const char* name,
                                                       std::int64_t isid = -1) noexcept
{
    const std::size_t name_length = detail::text_length(name);
    if (name_length == 0) return failure(errc::invalid_argument);
    for (std::size_t i = 0; i < name_length; ++i) {
        const char c = name[i];
        if (c <= 0x20 || c > 0x7e || c == ',') return failure(errc::invalid_argument);
    }
    const bool with_isid = isid >= 0;
    if (with_isid && static_cast<std::uint64_t>(isid) > 0xFFFF'FFFF'FFFFull) return failure(errc::invalid_argument);
    const std::size_t text = name_length + (with_isid ? 5 + 12 : 0) + 1; // + NUL
    std::size_t additional = (text + 3) / 4 * 4;
    if (additional < detail::iscsi_min_additional_length) additional = detail::iscsi_min_additional_length;
    if (additional > 0xFFFC) return failure(errc::invalid_argument);
    const auto id = detail::begin_transport_id(out, 4 + additional, protocol_identifier::iscsi, with_isid ? 1 : 0);
    if (!id) return failure(id.error());
    store_be16(*id, 2, static_cast<std::uint16_t>(additional));
    std::size_t at = 4;
    for (std::size_t i = 0; i < name_length; ++i) (*id)[at++] = static_cast<byte>(name[i]);
    if (with_isid) {
        constexpr char separator[] = ",i,0x";
        for (std::size_t i = 0; i < 5; ++i) (*id)[at++] = static_cast<byte>(separator[i]);
        const auto v = static_cast<std::uint64_t>(isid);
        for (int shift = 44; shift >= 0; shift -= 4)
            (*id)[at++] = static_cast<byte>("0123456789abcdef"[(v >> static_cast<unsigned>(shift)) & 0xF]);
    }
    return id->size();
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_TRANSPORT_ID_HPP
