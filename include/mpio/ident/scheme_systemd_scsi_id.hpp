// SPDX-License-Identifier: MIT
// mpio/ident/scheme_systemd_scsi_id.hpp - udev's `scsi_id --export`
// ("systemd-scsi_id"): the ID_SERIAL, ID_SERIAL_SHORT, ID_WWN,
// ID_WWN_VENDOR_EXTENSION, ID_WWN_WITH_EXTENSION and ID_TARGET_PORT it
// prints, reproduced byte for byte from systemd src/udev/scsi_id/
// scsi_serial.c (do_scsi_page83_inquiry, check_fill_0x83_id,
// check_fill_0x83_prespc3, do_scsi_page80_inquiry) and scsi_id.c (export).
//
// scsi_id reads every page into a zeroed 254-byte buffer (SCSI_INQ_BUFF_LEN)
// and builds a serial of at most 255 characters (MAX_SERIAL_LEN 256):
//
//  1. Page 83h, if byte 1 is 83h. Byte 6 non-zero (the reserved byte of the
//     first descriptor; EMC's OUI puts 04h there): the pre-SPC-2 EMC layout,
//     '3' + lowercase hex of the bytes after the header (page byte 3 of
//     them, at most 126); ID_SERIAL_SHORT is then the same string, '3'
//     included.
//  2. Otherwise the search list, each entry over every descriptor in page
//     order (the first hit wins): target port group (only records
//     ID_TARGET_PORT, never the serial), NAA 6, NAA 5, any NAA, EUI-64, T10
//     vendor ID, vendor specific - each CODE SET binary before ASCII; UTF-8,
//     name strings, MD5, UUID never. ASSOCIATION must be the logical unit
//     (target port only for the target port group). A designator that would
//     not fit the serial buffer is skipped.
//     Serial: the designator type as one lowercase hex digit, then (vendor
//     specific only) the 8-byte vendor and 16-byte product identification,
//     then the designator: binary as lowercase hex, ASCII as it is (a NUL
//     ends it, C string). ID_SERIAL_SHORT is the part after the prefix;
//     for NAA, ID_WWN is its first 16 characters and ID_WWN_VENDOR_EXTENSION
//     the next 16.
//  3. Page 80h (if 83h gave nothing): 'S' + vendor + product + the serial
//     number bytes; ID_SERIAL_SHORT the serial number bytes.
// Vendor and product must hold no NUL (append_vendor_model()); when they do
// (or there is no standard INQUIRY data) vendor specific designators and the
// page 80h serial are unusable.
//
// ID_SERIAL and ID_SERIAL_SHORT are then passed through
// udev_replace_whitespace() (leading " \t\n\r" dropped, each run of isspace()
// characters inside turned into one '_', trailing ones dropped, at most 255
// characters read) and udev_replace_chars(str, NULL) (every byte that is not
// [0-9A-Za-z#+-.:=@_], "\x", or part of a valid UTF-8 sequence becomes '_').
//
// Which pages: scsi_id asks page 00h for the supported pages; mpio uses page
// 83h when it is given and page 80h when it is given. The key is the final
// ID_SERIAL (what /dev/disk/by-id/scsi-* is named after).
#ifndef MPIO_IDENT_SCHEME_SYSTEMD_SCSI_ID_HPP
#define MPIO_IDENT_SCHEME_SYSTEMD_SCSI_ID_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

namespace detail::systemd_scsi_id {

using scsi::designator_type;

inline constexpr std::size_t inq_buff_len = 254;   // SCSI_INQ_BUFF_LEN
inline constexpr std::size_t max_serial_len = 256; // MAX_SERIAL_LEN
inline constexpr std::size_t vendor_length = 8, model_length = 16;

inline constexpr char hex_str[] = "0123456789abcdef";

// A response as scsi_inquiry() leaves it: zero-filled 254-byte buffer.
struct inq_buffer {
    byte b[inq_buff_len]{};
    explicit constexpr inq_buffer(byte_view v) noexcept
    {
        const std::size_t n = v.size() < inq_buff_len ? v.size() : inq_buff_len; // one bound: a block copy
        for (std::size_t i = 0; i < n; ++i) b[i] = v[i];
    }
    constexpr byte operator[](std::size_t i) const noexcept { return i < inq_buff_len ? b[i] : byte{0}; }
};

// A zeroed char buffer used as a C string (dev_scsi->serial and friends).
template <std::size_t N>
struct c_buffer {
    byte b[N]{};
    [[nodiscard]] constexpr std::size_t strlen(std::size_t from = 0) const noexcept
    {
        std::size_t n = from;
        while (n < N && b[n] != 0) ++n;
        return n - from;
    }
    [[nodiscard]] constexpr byte_view str(std::size_t from = 0) const noexcept { return {b + from, strlen(from)}; }
};

// One row of id_search_list[].
struct search_value {
    std::uint8_t id_type;
    int naa_type; // -1: SCSI_ID_NAA_DONT_CARE
    std::uint8_t code_set;
};
inline constexpr std::uint8_t binary = 1, ascii = 2;
inline constexpr search_value id_search_list[] = {
    {5, -1, binary}, // SCSI_ID_TGTGROUP: ID_TARGET_PORT only
    {3, 6, binary},  {3, 6, ascii},  {3, 5, binary},  {3, 5, ascii},  {3, -1, binary}, {3, -1, ascii},
    {2, -1, binary}, {2, -1, ascii}, {1, -1, binary}, {1, -1, ascii}, {0, -1, binary}, {0, -1, ascii},
};

// isspace() in the C locale, and scsi_id's WHITESPACE for strspn().
constexpr bool c_isspace(byte c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr bool udev_leading_space(byte c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// utf8_encoded_valid_unichar(): length of a valid multi-byte UTF-8 sequence
// at s[i], or 0. (5- and 6-byte forms always decode beyond U+10FFFF.)
constexpr std::size_t utf8_valid_length(byte_view s, std::size_t i) noexcept
{
    const byte c = s[i];
    std::size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len < 2 || i + len > s.size()) return 0;
    std::uint32_t u = c & (len == 2 ? 0x1fu : len == 3 ? 0x0fu : 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
        if ((s[i + k] & 0xc0) != 0x80) return 0;
        u = (u << 6) | (s[i + k] & 0x3fu);
    }
    const std::size_t encoded = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
    if (encoded != len) return 0;                                           // overlong
    if (u >= 0x110000 || (u & 0xfffff800u) == 0xd800) return 0;             // range, surrogates
    if ((u >= 0xfdd0 && u <= 0xfdef) || (u & 0xfffeu) == 0xfffeu) return 0; // non-characters
    return len;
}

constexpr bool devnode_char(byte c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '#' || c == '+' ||
           c == '-' || c == '.' || c == ':' || c == '=' || c == '@' || c == '_';
}

// udev_replace_whitespace(str, to, 255) then udev_replace_chars(to, NULL).
template <class Text>
constexpr void udev_encode(byte_view str, Text& out) noexcept
{
    constexpr std::size_t len = max_serial_len - 1;
    byte to[max_serial_len]; // written before read: no zero-fill
    std::size_t i = 0, j = 0;
    while (i < str.size() && udev_leading_space(str[i])) ++i;
    bool is_space = false;
    for (; j < len && i < len && i < str.size(); ++i) {
        if (c_isspace(str[i])) {
            is_space = true;
            continue;
        }
        if (is_space) {
            if (j + 1 >= len) break;
            to[j++] = '_';
            is_space = false;
        }
        to[j++] = str[i];
    }
    const byte_view s(to, j);
    for (std::size_t k = 0; k < s.size();) {
        if (devnode_char(s[k])) {
            out.append(static_cast<char>(s[k++]));
        } else if (s[k] == '\\' && s.at_or(k + 1) == 'x') {
            out.append('\\').append('x');
            k += 2;
        } else if (const std::size_t n = utf8_valid_length(s, k); n > 1) {
            for (std::size_t m = 0; m < n; ++m) out.append(static_cast<char>(s[k + m]));
            k += n;
        } else {
            out.append('_');
            ++k;
        }
    }
}

} // namespace detail::systemd_scsi_id

namespace detail::systemd_scsi_id {

// dev_scsi's buffers after scsi_get_serial(), before the export block
// encodes and prints them. derive() needs only the serial (ID_SERIAL);
// export_buffers adds what the other variables are printed from.
struct serial_buffers {
    c_buffer<max_serial_len> serial;
    bool has_target_port = false;
    unsigned target_port_group = 0;
    identity_source source = identity_source::none;
    scsi::designator_type type = scsi::designator_type::vendor_specific;
    bool blank = false;
};
struct export_buffers : serial_buffers {
    c_buffer<max_serial_len> serial_short;
    c_buffer<17> wwn, wwn_ext;
};

// scsi_std_inquiry()'s vendor and model bytes: INQUIRY bytes 8..31 as read
// into the zeroed buffer.
constexpr byte inquiry_byte(byte_view inq, std::size_t i) noexcept { return i < inq.size() ? inq[i] : byte{0}; }

// dev_scsi->vendor / model: the raw INQUIRY bytes; usable only without a NUL
// (append_vendor_model's strnlen check).
constexpr bool vendor_model_usable(byte_view inq) noexcept
{
    if (inq.empty()) return false;
    for (std::size_t i = 8; i < 8 + vendor_length + model_length; ++i)
        if (inquiry_byte(inq, i) == 0) return false;
    return true;
}

template <std::size_t N>
constexpr void append_vendor_model(c_buffer<N>& serial, byte_view inq, std::size_t at) noexcept
{
    for (std::size_t i = 0; i < vendor_length + model_length; ++i) serial.b[at + i] = inquiry_byte(inq, 8 + i);
}

// check_fill_0x83_prespc3(): the bare identifier after the header of a
// pre-SPC-3 page 83h, as "3" and hex.
template <class Buffers>
constexpr void fill_from_prespc3_page83(const inq_buffer& page, Buffers& out) noexcept
{
    auto& serial = out.serial;
    serial.b[0] = '3';
    std::size_t j = 1;
    for (std::size_t i = 0; i < page[3] && j < max_serial_len - 3; ++i) {
        serial.b[j++] = static_cast<byte>(hex_str[page[4 + i] >> 4]);
        serial.b[j++] = static_cast<byte>(hex_str[page[4 + i] & 0x0f]);
    }
    if constexpr (requires { out.serial_short; }) out.serial_short = serial;
    out.source = identity_source::legacy_page83;
    out.type = designator_type::naa;
    out.blank = is_blank(byte_view(page.b + 4, page[3] < inq_buff_len - 4 ? page[3] : inq_buff_len - 4));
}

// check_fill_0x83_id()'s tests: the designator `d` is the one search entry
// `e` asks for (association, type, NAA type, code set, and it fits).
constexpr bool designator_wanted(const search_value& e, byte_view d) noexcept
{
    const std::uint8_t assoc = d[1] & 0x30, type = d[1] & 0x0f, code = d[0] & 0x0f;
    if (assoc == 0x10 ? e.id_type != 5 : assoc != 0) return false;
    if (type != e.id_type) return false;
    if (e.naa_type >= 0 && e.naa_type != (d.at_or(4) >> 4)) return false;
    if (code != e.code_set) return false;
    std::size_t len = std::size_t{d[3]} * (code == ascii ? 1u : 2u) + 2;
    if (e.id_type == 0) len += vendor_length + model_length;
    return len <= max_serial_len;
}

// The export-only buffers check_fill_0x83_id() fills from the serial whose
// identifier starts at `s`: strcpy(serial_short, serial + s), and for NAA
// strncpy(wwn, serial + s, 16) and the next 16 for wwn_vendor_extension.
constexpr void fill_export_fields(export_buffers& out, std::size_t s, std::uint8_t id_type) noexcept
{
    const auto& serial = out.serial;
    const byte_view rest = serial.str(s);
    for (std::size_t m = 0; m < rest.size(); ++m) out.serial_short.b[m] = rest[m];
    if (id_type != 3) return;
    for (std::size_t m = 0; m < 16 && serial.b[s + m] != 0; ++m) out.wwn.b[m] = serial.b[s + m];
    for (std::size_t m = 0; m < 16 && s + 16 + m < max_serial_len && serial.b[s + 16 + m] != 0; ++m)
        out.wwn_ext.b[m] = serial.b[s + 16 + m];
}

// The designator bytes are all zero or spaces: for NAA ignoring the NAA
// nibble, for a T10 vendor ID ignoring the vendor.
constexpr bool designator_blank(std::uint8_t id_type, byte_view des) noexcept
{
    if (id_type == 3) return (des.at_or(0) & 0x0f) == 0 && is_blank(des.subview(1));
    if (id_type == 1) return is_blank(des.subview(8));
    return is_blank(des);
}

// check_fill_0x83_id() for one designator and one search entry: true when
// it filled the serial. A target port group designator only records the
// group (ID_TARGET_PORT); a T10 vendor ID designator without a usable vendor
// and model leaves the serial at "0" (scsi_id writes the type first).
template <class Buffers>
constexpr bool fill_from_designator(const search_value& e, byte_view d, const identity_input& in, bool vendor_model_ok,
                                    Buffers& out) noexcept
{
    if (!designator_wanted(e, d)) return false;
    if (e.id_type == 5) { // sprintf(tgpt_group, "%x", group)
        out.has_target_port = true;
        out.target_port_group = (unsigned{d.at_or(6)} << 8) | d.at_or(7);
        return false;
    }
    auto& serial = out.serial;
    serial.b[0] = static_cast<byte>(hex_str[e.id_type]);
    if (e.id_type == 0) {
        if (!vendor_model_ok) return false;
        append_vendor_model(serial, in.standard_inquiry, 1);
    }
    const std::uint8_t code = d[0] & 0x0f;
    const std::size_t s = serial.strlen();
    std::size_t k = s;
    const byte_view des = d.subview(4);
    for (const byte b : des) {
        if (code == ascii) {
            serial.b[k++] = b;
        } else {
            serial.b[k++] = static_cast<byte>(hex_str[b >> 4]);
            serial.b[k++] = static_cast<byte>(hex_str[b & 0x0f]);
        }
    }
    if constexpr (requires { out.serial_short; }) fill_export_fields(out, s, e.id_type);
    out.source = identity_source::designator;
    out.type = static_cast<designator_type>(e.id_type);
    out.blank = designator_blank(e.id_type, des);
    return true;
}

// do_scsi_page83_inquiry(): the pre-SPC-3 layout, else the first designator
// of the page for each search entry in turn. True when the serial is set.
template <class Buffers>
constexpr bool fill_from_page83(const identity_input& in, bool vendor_model_ok, Buffers& out) noexcept
{
    const inq_buffer page(in.vpd83);
    if (page[6] != 0) {
        fill_from_prespc3_page83(page, out);
        return true;
    }
    const std::size_t last = ((std::size_t{page[2]} << 8) | page[3]) + 3;
    for (const search_value& e : id_search_list) {
        for (std::size_t j = 4; j <= last; j += std::size_t{page[j + 3]} + 4) {
            // Past the 254-byte buffer scsi_id would read outside it: mpio
            // stops there.
            if (j + 4 > inq_buff_len || j + 4 + page[j + 3] > inq_buff_len) break;
            if (fill_from_designator(e, byte_view(page.b + j, 4u + page[j + 3]), in, vendor_model_ok, out)) return true;
        }
    }
    return false;
}

// do_scsi_page80_inquiry(): "S", vendor, model and page byte 3 bytes from
// byte 4, as read into the zeroed 254-byte buffer.
template <class Buffers>
constexpr void fill_from_page80(const identity_input& in, bool vendor_model_ok, Buffers& out) noexcept
{
    const auto page = [&](std::size_t i) { return i < inq_buff_len ? inquiry_byte(in.vpd80, i) : byte{0}; };
    const std::size_t len = page(3);
    if (1 + vendor_length + model_length + len > max_serial_len) return;
    auto& serial = out.serial;
    serial.b[0] = 'S';
    if (!vendor_model_ok) return;
    append_vendor_model(serial, in.standard_inquiry, 1);
    bool blank = true;
    for (std::size_t i = 0; i < len; ++i) {
        const byte b = page(4 + i);
        serial.b[1 + vendor_length + model_length + i] = b;
        if constexpr (requires { out.serial_short; }) out.serial_short.b[i] = b;
        blank = blank && (b == 0x00 || b == 0x20);
    }
    out.source = identity_source::unit_serial_number;
    out.blank = blank;
}

// scsi_get_serial(): page 83h, else page 80h.
template <class Buffers> // serial_buffers or export_buffers
constexpr void get_serial(const identity_input& in, Buffers& out) noexcept
{
    const bool vendor_model_ok = vendor_model_usable(in.standard_inquiry);
    const bool found = in.vpd83.size() > 1 && in.vpd83[1] == 0x83 && fill_from_page83(in, vendor_model_ok, out);
    if (!found && in.vpd80.size() > 1 && in.vpd80[1] == 0x80) fill_from_page80(in, vendor_model_ok, out);
}

} // namespace detail::systemd_scsi_id

// What `scsi_id --export` prints for one device (empty: not printed).
struct scsi_id_export {
    using text_type = fixed_text<detail::systemd_scsi_id::max_serial_len>;
    text_type id_serial;               // ID_SERIAL
    text_type id_serial_short;         // ID_SERIAL_SHORT
    text_type id_wwn;                  // ID_WWN, "0x" + 16 characters
    text_type id_wwn_vendor_extension; // ID_WWN_VENDOR_EXTENSION
    text_type id_wwn_with_extension;   // ID_WWN_WITH_EXTENSION
    text_type id_target_port;          // ID_TARGET_PORT (hex group number)

    // Where the serial came from (none: no page gave one - ID_SERIAL may
    // still be "0" or "S", see scsi_id_values()).
    identity_source source = identity_source::none;
    scsi::designator_type type = scsi::designator_type::vendor_specific;
    bool blank = false; // the identifier bytes are all zero or spaces
};

// The values `scsi_id --export --whitelisted` prints for these responses
// (about 1.6 KB: for tests and hosted tools; derive() does not build it).
[[nodiscard]] constexpr scsi_id_export scsi_id_values(const identity_input& in) noexcept
{
    using namespace detail::systemd_scsi_id;
    export_buffers buf;
    get_serial(in, buf);
    scsi_id_export out;
    out.source = buf.source;
    out.type = buf.type;
    out.blank = buf.blank;
    if (buf.has_target_port) { // sprintf(tgpt_group, "%x", group)
        bool lead = true;
        for (int shift = 12; shift >= 0; shift -= 4) {
            const unsigned nib = (buf.target_port_group >> shift) & 0xf;
            if (lead && nib == 0 && shift != 0) continue;
            lead = false;
            out.id_target_port.append(hex_str[nib]);
        }
    }
    if (buf.serial.b[0] != 0) {
        udev_encode(buf.serial.str(), out.id_serial);
        udev_encode(buf.serial_short.str(), out.id_serial_short);
    }
    // printf("ID_WWN=0x%s\n", wwn): the characters as they are - for an
    // ASCII NAA designator that includes control characters and bytes >= 80h
    // (checked against the real scsi_id, tests/differential/scsi_id_diff.cpp).
    const auto raw = [](auto& text, byte_view s) {
        for (const byte c : s) text.append(static_cast<char>(c));
    };
    if (buf.wwn.b[0] != 0) {
        out.id_wwn.append("0x");
        raw(out.id_wwn, buf.wwn.str());
        out.id_wwn_with_extension.append("0x");
        raw(out.id_wwn_with_extension, buf.wwn.str());
        if (buf.wwn_ext.b[0] != 0) {
            out.id_wwn_vendor_extension.append("0x");
            raw(out.id_wwn_vendor_extension, buf.wwn_ext.str());
            raw(out.id_wwn_with_extension, buf.wwn_ext.str());
        }
    }
    return out;
}

struct systemd_scsi_id_scheme {
    static constexpr const char* name = "systemd-scsi_id";
    static constexpr std::uint8_t id = 4;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::systemd_scsi_id;
        serial_buffers buf;
        get_serial(in, buf);
        // ID_SERIAL "0" / "S" left by a failed vendor/model append is not an
        // identifier.
        if (buf.source == identity_source::none || buf.serial.b[0] == 0) return out.fail(errc::not_found);
        ident::detail::key_text id_serial; // ID_SERIAL is at most 255 characters: it fits
        udev_encode(buf.serial.str(), id_serial);
        if (id_serial.size == 0) return out.fail(errc::not_found);
        const std::uint8_t kind =
            buf.source == identity_source::unit_serial_number ? std::uint8_t{'S'} : static_cast<std::uint8_t>(buf.type);
        out.reset();
        out.key().assign(id, kind, id_serial.view());
        ident::detail::append_raw(out.text(), id_serial.view()); // as printed: UTF-8 kept
        return out.set(buf.source, buf.type, buf.blank);
    }
};

static_assert(identity_scheme<systemd_scsi_id_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_SYSTEMD_SCSI_ID_HPP
