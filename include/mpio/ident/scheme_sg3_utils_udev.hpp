// mpio/ident/scheme_sg3_utils_udev.hpp - the ID_SERIAL of the sg3_utils udev
// rules ("sg3_utils-udev"): scripts/55-scsi-sg3_id.rules fed by the
// SCSI_IDENT_* / SCSI_VENDOR / SCSI_MODEL variables of `sg_inq --export`
// (src/sg_inq.c export_dev_ids(), encode_whitespaces()), byte for byte.
//
// sg_inq --export, page 83h (the LUN variables only; every descriptor is
// printed in page order and a later value of the same variable replaces an
// earlier one, as udev's IMPORT does; an empty value is as good as unset):
//   The walk covers PAGE LENGTH clipped to the returned bytes; a descriptor
//   running past that ends it, so does ASSOCIATION 3. If byte 6 of the page
//   (byte 2 of the first descriptor, reserved) is non-zero, the whole
//   payload is one binary NAA designator (the pre-SPC-2 EMC layout).
//   NAA (binary only)       NAA_REGEXT (6h), NAA_REG (5h), NAA_EXT (2h),
//                           NAA_LOCAL (any other): lowercase hex of all bytes
//   EUI-64 (binary only)    EUI64: lowercase hex
//   SCSI name (UTF-8 only)  NAME: the bytes up to the first NUL or newline
//   T10 vendor ID           T10: ASCII/UTF-8 whitespace-encoded then
//                           udev-escaped (see below), others lowercase hex;
//                           ATA: what follows "ATA_" in the encoded T10 ID
//   vendor specific         VENDOR (length 1..128): as T10, but not printed
//                           when the encoding is empty
// encode_whitespaces(): leading blanks and then leading bytes < 20h dropped,
// trailing blanks and NULs dropped, each run of blanks -> one '_' (none after
// a '_'), other unprintable bytes -> '.', one NUL skipped and two end it; no
// printable character -> empty. udev escaping: [0-9A-Za-z#+-.:=@_] as is,
// every other byte as \xNN.
// Page 80h: SCSI_IDENT_SERIAL, encoded and escaped the same way. Standard
// INQUIRY: SCSI_VENDOR / SCSI_MODEL, encoded, not escaped.
//
// The rules then set ID_SERIAL from the first of (ID_SERIAL_SHORT the value):
//   ATA                      LUN_ATA as is (ata_id compatibility)
//   '3' NAA_REGEXT, '3' NAA_REG, '3' NAA_EXT, '2' EUI64, '8' NAME
//   and, each only if its letter is in SCSI_ID_SERIAL_SRC (default "T"):
//   '1' T10 (T), '3' NAA_LOCAL (L), '0' VENDOR_MODEL_<VENDOR> (V),
//   'S' VENDOR_MODEL_<SERIAL> (S)
// Debian's sg3-utils-udev 1.46 predates SCSI_ID_SERIAL_SRC: its rules are
// the letters "TLVS".
#ifndef MPIO_IDENT_SCHEME_SG3_UTILS_UDEV_HPP
#define MPIO_IDENT_SCHEME_SG3_UTILS_UDEV_HPP

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

// The optional sources of SCSI_ID_SERIAL_SRC, as bits.
namespace sg3_source {
inline constexpr unsigned t10 = 1;       // 'T'
inline constexpr unsigned naa_local = 2; // 'L'
inline constexpr unsigned vendor = 4;    // 'V'
inline constexpr unsigned serial = 8;    // 'S'
inline constexpr unsigned rules_default = t10;
inline constexpr unsigned all = t10 | naa_local | vendor | serial; // rules before SCSI_ID_SERIAL_SRC

// The bits of a SCSI_ID_SERIAL_SRC value (the rules match "*T*" etc.: order
// and other characters do not matter).
[[nodiscard]] constexpr unsigned from_letters(const char* letters) noexcept
{
    unsigned s = 0;
    for (std::size_t i = 0; letters[i] != '\0'; ++i) {
        const char c = letters[i];
        s |= c == 'T' ? t10 : c == 'L' ? naa_local : c == 'V' ? vendor : c == 'S' ? serial : 0u;
    }
    return s;
}
} // namespace sg3_source

namespace detail::sg3_udev {

using value = fixed_text<1024>; // a T10 ID of 255 bytes escaped is 1020

constexpr bool isblank(byte c) noexcept { return c == ' ' || c == '\t'; }
constexpr bool isprint(byte c) noexcept { return c >= 0x20 && c <= 0x7e; }
constexpr bool udev_char(byte c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '#' || c == '+' ||
           c == '-' || c == '.' || c == ':' || c == '=' || c == '@' || c == '_';
}

// encode_whitespaces() into `out` (at most in.size() bytes); the length.
constexpr std::size_t encode_whitespaces(byte_view in, byte* out) noexcept
{
    std::size_t j = 0;
    while (j < in.size() && isblank(in[j])) ++j;
    while (j < in.size() && in[j] < 0x20) ++j;
    std::size_t end = in.size();
    while (end > j && (isblank(in[end - 1]) || in[end - 1] == 0)) --end;
    std::size_t res = 0;
    bool valid = false, zero = false;
    for (std::size_t k = j; k < end; ++k) {
        const byte c = in[k];
        if (isblank(c)) {
            if (res > 0 && out[res - 1] != '_') {
                out[res++] = '_';
                valid = true;
            }
            zero = false;
        } else if (!isprint(c)) {
            if (c == 0) {
                if (zero) break;
                zero = true;
                continue;
            }
            out[res++] = '.';
            zero = false;
        } else {
            out[res++] = c;
            valid = true;
            zero = false;
        }
    }
    return valid ? res : 0;
}

constexpr void escape(byte_view s, value& out) noexcept
{
    for (const byte c : s) {
        if (udev_char(c))
            out.append(static_cast<char>(c));
        else
            out.append('\\').append('x').append_hex(byte_view(&c, 1));
    }
}

// A text field encoded (and escaped if asked); empty when nothing is left.
constexpr void encoded(byte_view in, value& out, bool escaped) noexcept
{
    byte buf[256]{};
    const std::size_t n = encode_whitespaces(in.first(256), buf);
    out.clear();
    if (escaped)
        escape(byte_view(buf, n), out);
    else
        for (std::size_t i = 0; i < n; ++i) out.append(static_cast<char>(buf[i]));
}

} // namespace detail::sg3_udev

// The sg_inq --export variables the rules read, and the ID_SERIAL they build.
struct sg3_udev_export {
    using value = detail::sg3_udev::value;
    value lun_naa_regext, lun_naa_reg, lun_naa_ext, lun_naa_local, lun_eui64, lun_name, lun_t10, lun_ata,
        lun_vendor;
    value serial;        // SCSI_IDENT_SERIAL
    value vendor, model; // SCSI_VENDOR, SCSI_MODEL
    value id_serial, id_serial_short;
    scsi::designator_type type = scsi::designator_type::vendor_specific;
    identity_source source = identity_source::none;
};

// What `sg_inq --export` gives for the three responses and the ID_SERIAL the
// rules build with these SCSI_ID_SERIAL_SRC sources.
[[nodiscard]] constexpr sg3_udev_export sg3_udev_values(const identity_input& in,
                                                        unsigned sources = sg3_source::rules_default) noexcept
{
    using namespace detail::sg3_udev;
    sg3_udev_export e;
    bool legacy = false;

    if (in.standard_inquiry.size() > 8) encoded(in.standard_inquiry.subview(8, 8), e.vendor, false);
    if (in.standard_inquiry.size() > 16) encoded(in.standard_inquiry.subview(16, 16), e.model, false);
    if (in.vpd80.size() >= 4) {
        const std::size_t pl = (std::size_t{in.vpd80[2]} << 8) | in.vpd80[3];
        encoded(in.vpd80.subview(4, pl), e.serial, true); // clipped to what was returned
    }

    const byte_view page = in.vpd83;
    if (page.size() >= 4) {
        const std::size_t pl = (std::size_t{page[2]} << 8) | page[3];
        const byte_view payload = page.subview(4, pl); // clipped to what was returned
        const auto hex = [](byte_view b, value& v) {
            v.clear();
            v.append_hex(b);
        };
        const auto naa = [&](byte_view des) {
            switch (des.at_or(0) >> 4) {
            case 6: hex(des, e.lun_naa_regext); break;
            case 5: hex(des, e.lun_naa_reg); break;
            case 2: hex(des, e.lun_naa_ext); break;
            default: hex(des, e.lun_naa_local); break;
            }
        };
        if (page.at_or(6) != 0) {
            naa(payload); // pre-SPC-2: the payload is one NAA designator
            legacy = true;
        } else {
            for (std::size_t off = 0; off + 4 <= payload.size();) {
                const std::size_t i_len = payload[off + 3];
                if (off + 4 + i_len > payload.size()) break;
                const byte c_set = payload[off] & 0x0f, assoc = (payload[off + 1] >> 4) & 3, type = payload[off + 1] & 0x0f;
                const byte_view des = payload.subview(off + 4, i_len);
                off += 4 + i_len;
                if (assoc == 3) break;
                if (assoc != 0) continue; // PORT / TARGET variables: not used for ID_SERIAL
                const bool text = c_set == 2 || c_set == 3;
                switch (type) {
                case 0:
                    if (i_len == 0 || i_len > 128) break;
                    if (text) {
                        value v;
                        encoded(des, v, true);
                        if (!v.empty()) e.lun_vendor = v;
                    } else {
                        hex(des, e.lun_vendor);
                    }
                    break;
                case 1:
                    if (text) {
                        byte buf[256]{};
                        const std::size_t k = encode_whitespaces(des, buf);
                        e.lun_t10.clear();
                        escape(byte_view(buf, k), e.lun_t10);
                        // memcmp(ip, "ATA_", 4) over the encoded bytes.
                        if (k >= 4 && buf[0] == 'A' && buf[1] == 'T' && buf[2] == 'A' && buf[3] == '_') {
                            e.lun_ata.clear();
                            for (std::size_t i = 4; i < k; ++i) e.lun_ata.append(static_cast<char>(buf[i]));
                        }
                    } else {
                        hex(des, e.lun_t10);
                    }
                    break;
                case 2:
                    if (c_set == 1) hex(des, e.lun_eui64);
                    break;
                case 3:
                    if (c_set == 1) naa(des);
                    break;
                case 8:
                    if (c_set == 3) {
                        e.lun_name.clear();
                        // %.*s stops at a NUL; udev's IMPORT reads the
                        // output line by line, so a '\n' ends the value (what
                        // follows becomes a line of its own - an injected
                        // variable, see vpd_di_name_inject.hex).
                        for (const byte b : des) {
                            if (b == 0 || b == '\n') break;
                            e.lun_name.append(static_cast<char>(b));
                        }
                    }
                    break;
                default: break;
                }
            }
        }
    }

    // 55-scsi-sg3_id.rules, "ata_id compatibility" then "Compat ID_SERIAL".
    const auto pick = [&](const char* prefix, const value& v, scsi::designator_type t) {
        if (!e.id_serial.empty() || v.empty()) return false;
        e.id_serial.append(prefix).append(v.c_str());
        e.id_serial_short.append(v.c_str());
        e.type = t;
        e.source = legacy ? identity_source::legacy_page83 : identity_source::designator;
        return true;
    };
    const auto qualified = [&](const char* prefix, const value& v) {
        if (!e.id_serial.empty() || v.empty()) return false;
        e.id_serial.append(prefix).append(e.vendor.c_str()).append('_').append(e.model.c_str()).append('_');
        e.id_serial.append(v.c_str());
        e.id_serial_short.append(v.c_str());
        return true;
    };
    using scsi::designator_type;
    if (!e.lun_ata.empty()) {
        e.id_serial.append(e.lun_ata.c_str()); // ID_SERIAL_SHORT is not set by this rule
        e.type = designator_type::t10_vendor_id;
        e.source = identity_source::designator;
    }
    pick("3", e.lun_naa_regext, designator_type::naa);
    pick("3", e.lun_naa_reg, designator_type::naa);
    pick("3", e.lun_naa_ext, designator_type::naa);
    pick("2", e.lun_eui64, designator_type::eui64);
    pick("8", e.lun_name, designator_type::scsi_name_string);
    if (sources & sg3_source::t10) pick("1", e.lun_t10, designator_type::t10_vendor_id);
    if (sources & sg3_source::naa_local) pick("3", e.lun_naa_local, designator_type::naa);
    if ((sources & sg3_source::vendor) && qualified("0", e.lun_vendor)) {
        e.type = designator_type::vendor_specific;
        e.source = identity_source::designator;
    }
    if ((sources & sg3_source::serial) && qualified("S", e.serial)) e.source = identity_source::unit_serial_number;
    return e;
}

template <unsigned Sources = sg3_source::rules_default>
struct basic_sg3_utils_udev_scheme {
    static constexpr const char* name = "sg3_utils-udev";
    static constexpr std::uint8_t id = 5;
    static constexpr unsigned sources = Sources;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        const sg3_udev_export e = sg3_udev_values(in, Sources);
        if (e.id_serial.empty()) return out.fail(errc::not_found);
        if (e.id_serial.size() > identity_key::capacity) return out.fail(errc::overflow);
        byte bytes[identity_key::capacity]; // written before read: no zero-fill
        for (std::size_t i = 0; i < e.id_serial.size(); ++i) bytes[i] = static_cast<byte>(e.id_serial[i]);
        out.reset();
        out.key().assign(id, static_cast<std::uint8_t>(e.type), byte_view(bytes, e.id_serial.size()));
        // Not ready: an NAA or EUI-64 designator of zeros (behind the type
        // digit and the NAA nibble). Blank text encodes to nothing at all.
        const scsi::designator_type t = e.type;
        bool blank = e.source != identity_source::unit_serial_number &&
                     (t == scsi::designator_type::naa || t == scsi::designator_type::eui64);
        for (std::size_t i = t == scsi::designator_type::naa ? 2 : 1; blank && i < e.id_serial.size(); ++i)
            blank = e.id_serial[i] == '0';
        out.set(e.source, t, blank);
        out.text().append(e.id_serial.c_str());
        return out.status();
    }
};

using sg3_utils_udev_scheme = basic_sg3_utils_udev_scheme<>;
static_assert(identity_scheme<sg3_utils_udev_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_SG3_UTILS_UDEV_HPP
