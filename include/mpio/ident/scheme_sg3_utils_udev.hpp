// SPDX-License-Identifier: MIT
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

#include <mpio/core/config.hpp>

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

// One variable of sg_inq's output, not rendered yet: the bytes it comes
// from and how they are printed. derive() renders only the variable that
// wins ID_SERIAL (fourteen rendered 1024-byte values were a 16 KB stack
// frame); sg3_udev_values() renders them all.
enum class form : std::uint8_t {
    unset,
    hex,     // lowercase hex of every byte
    escaped, // encode_whitespaces() then udev escaping
    plain,   // encode_whitespaces() only (SCSI_VENDOR, SCSI_MODEL)
    name,    // the bytes up to the first NUL or newline
    ata,     // what follows "ATA_" in the encoded T10 ID, not escaped
};

// The longest field encode_whitespaces() sees (sg_inq's buffers).
inline constexpr std::size_t field_max = 256;

struct value_ref {
    byte_view source;
    form how = form::unset;

    // What udev's IMPORT gets, into anything with append(char) (fixed_text
    // or a bounded byte sink).
    template <class Out>
    constexpr void render(Out& out) const noexcept
    {
        constexpr char hex_digits[] = "0123456789abcdef";
        switch (how) {
        case form::unset: break;
        case form::hex:
            for (const byte c : source) out.append(hex_digits[c >> 4]).append(hex_digits[c & 0x0f]);
            break;
        case form::name:
            // %.*s stops at a NUL; udev's IMPORT reads the output line by
            // line, so a '\n' ends the value (what follows becomes a line of
            // its own - an injected variable, see vpd_di_name_inject.hex).
            for (const byte c : source) {
                if (c == 0 || c == '\n') break;
                out.append(static_cast<char>(c));
            }
            break;
        case form::escaped:
        case form::plain:
        case form::ata: {
            byte buf[field_max]; // written before read: no zero-fill
            const std::size_t n = encode_whitespaces(source.first(field_max), buf);
            for (std::size_t i = how == form::ata ? 4 : 0; i < n; ++i) {
                const byte c = buf[i];
                if (how != form::escaped || udev_char(c)) {
                    out.append(static_cast<char>(c));
                } else {
                    out.append('\\').append('x').append(hex_digits[c >> 4]).append(hex_digits[c & 0x0f]);
                }
            }
            break;
        }
        }
    }

    // `ENV{X}=="?*"`: the rendering is not empty.
    [[nodiscard]] constexpr bool empty() const noexcept
    {
        struct counter {
            std::size_t n = 0;
            constexpr counter& append(char) noexcept
            {
                ++n;
                return *this;
            }
        } c;
        render(c);
        return c.n == 0;
    }
};

// The variables of one sg_inq --export run (a later descriptor replaces an
// earlier value, as udev's IMPORT does).
struct scan_result {
    value_ref lun_naa_regext, lun_naa_reg, lun_naa_ext, lun_naa_local, lun_eui64, lun_name, lun_t10, lun_ata,
        lun_vendor, serial, vendor, model;
    bool legacy = false;
};

constexpr scan_result scan(const identity_input& in) noexcept
{
    scan_result r;
    if (in.standard_inquiry.size() > 8) r.vendor = {in.standard_inquiry.subview(8, 8), form::plain};
    if (in.standard_inquiry.size() > 16) r.model = {in.standard_inquiry.subview(16, 16), form::plain};
    if (in.vpd80.size() >= 4) {
        const std::size_t pl = (std::size_t{in.vpd80[2]} << 8) | in.vpd80[3];
        r.serial = {in.vpd80.subview(4, pl), form::escaped}; // clipped to what was returned
    }

    const byte_view page = in.vpd83;
    if (page.size() < 4) return r;
    const std::size_t pl = (std::size_t{page[2]} << 8) | page[3];
    const byte_view payload = page.subview(4, pl); // clipped to what was returned
    const auto naa = [&r](byte_view des) {
        switch (des.at_or(0) >> 4) {
        case 6: r.lun_naa_regext = {des, form::hex}; break;
        case 5: r.lun_naa_reg = {des, form::hex}; break;
        case 2: r.lun_naa_ext = {des, form::hex}; break;
        default: r.lun_naa_local = {des, form::hex}; break;
        }
    };
    if (page.at_or(6) != 0) {
        naa(payload); // pre-SPC-2: the payload is one NAA designator
        r.legacy = true;
        return r;
    }
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
            if (!text) {
                r.lun_vendor = {des, form::hex};
            } else if (const value_ref v{des, form::escaped}; !v.empty()) {
                r.lun_vendor = v; // not printed when the encoding is empty
            }
            break;
        case 1:
            if (!text) {
                r.lun_t10 = {des, form::hex};
                break;
            }
            r.lun_t10 = {des, form::escaped};
            {
                // memcmp(ip, "ATA_", 4) over the encoded bytes.
                byte buf[field_max]; // written before read: no zero-fill
                const std::size_t k = encode_whitespaces(des, buf);
                if (k >= 4 && buf[0] == 'A' && buf[1] == 'T' && buf[2] == 'A' && buf[3] == '_')
                    r.lun_ata = {des, form::ata};
            }
            break;
        case 2:
            if (c_set == 1) r.lun_eui64 = {des, form::hex};
            break;
        case 3:
            if (c_set == 1) naa(des);
            break;
        case 8:
            if (c_set == 3) r.lun_name = {des, form::name};
            break;
        default: break;
        }
    }
    return r;
}

// Which variable 55-scsi-sg3_id.rules build ID_SERIAL from ("ata_id
// compatibility" then "Compat ID_SERIAL setting"), and how.
struct id_serial_choice {
    const value_ref* value = nullptr; // nullptr: no ID_SERIAL
    char prefix = '\0';               // '\0': LUN_ATA as it is (no prefix, no ID_SERIAL_SHORT)
    bool qualified = false;           // prefix + SCSI_VENDOR _ SCSI_MODEL _ value
    scsi::designator_type type = scsi::designator_type::vendor_specific;
    identity_source source = identity_source::none;
};

constexpr id_serial_choice choose(const scan_result& r, unsigned sources) noexcept
{
    using scsi::designator_type;
    const identity_source lun = r.legacy ? identity_source::legacy_page83 : identity_source::designator;
    if (!r.lun_ata.empty())
        return {&r.lun_ata, '\0', false, designator_type::t10_vendor_id, identity_source::designator};
    const struct {
        const value_ref* v;
        char prefix;
        designator_type type;
        bool enabled;
    } order[] = {
        {&r.lun_naa_regext, '3', designator_type::naa, true},
        {&r.lun_naa_reg, '3', designator_type::naa, true},
        {&r.lun_naa_ext, '3', designator_type::naa, true},
        {&r.lun_eui64, '2', designator_type::eui64, true},
        {&r.lun_name, '8', designator_type::scsi_name_string, true},
        {&r.lun_t10, '1', designator_type::t10_vendor_id, (sources & sg3_source::t10) != 0},
        {&r.lun_naa_local, '3', designator_type::naa, (sources & sg3_source::naa_local) != 0},
    };
    for (const auto& o : order)
        if (o.enabled && !o.v->empty()) return {o.v, o.prefix, false, o.type, lun};
    if ((sources & sg3_source::vendor) && !r.lun_vendor.empty())
        return {&r.lun_vendor, '0', true, designator_type::vendor_specific, identity_source::designator};
    if ((sources & sg3_source::serial) && !r.serial.empty())
        return {&r.serial, 'S', true, designator_type::vendor_specific, identity_source::unit_serial_number};
    return {};
}

// ID_SERIAL for that choice.
template <class Out>
constexpr void render_id_serial(const scan_result& r, const id_serial_choice& c, Out& out) noexcept
{
    if (c.value == nullptr) return;
    if (c.prefix != '\0') out.append(c.prefix);
    if (c.qualified) {
        r.vendor.render(out);
        out.append('_');
        r.model.render(out);
        out.append('_');
    }
    c.value->render(out);
}

} // namespace detail::sg3_udev

// The sg_inq --export variables the rules read, and the ID_SERIAL they build.
struct sg3_udev_export {
    using value = detail::sg3_udev::value;
    value lun_naa_regext, lun_naa_reg, lun_naa_ext, lun_naa_local, lun_eui64, lun_name, lun_t10, lun_ata, lun_vendor;
    value serial;        // SCSI_IDENT_SERIAL
    value vendor, model; // SCSI_VENDOR, SCSI_MODEL
    value id_serial, id_serial_short;
    scsi::designator_type type = scsi::designator_type::vendor_specific;
    identity_source source = identity_source::none;
};

// What `sg_inq --export` gives for the three responses and the ID_SERIAL the
// rules build with these SCSI_ID_SERIAL_SRC sources. A large value (about
// 14 KB): for tests and hosted tools; derive() does not build it.
[[nodiscard]] constexpr sg3_udev_export sg3_udev_values(const identity_input& in,
                                                        unsigned sources = sg3_source::rules_default) noexcept
{
    using namespace detail::sg3_udev;
    const scan_result r = scan(in);
    sg3_udev_export e;
    r.lun_naa_regext.render(e.lun_naa_regext);
    r.lun_naa_reg.render(e.lun_naa_reg);
    r.lun_naa_ext.render(e.lun_naa_ext);
    r.lun_naa_local.render(e.lun_naa_local);
    r.lun_eui64.render(e.lun_eui64);
    r.lun_name.render(e.lun_name);
    r.lun_t10.render(e.lun_t10);
    r.lun_ata.render(e.lun_ata);
    r.lun_vendor.render(e.lun_vendor);
    r.serial.render(e.serial);
    r.vendor.render(e.vendor);
    r.model.render(e.model);
    const id_serial_choice c = choose(r, sources);
    render_id_serial(r, c, e.id_serial);
    if (c.value != nullptr && c.prefix != '\0') c.value->render(e.id_serial_short);
    e.type = c.type;
    e.source = c.source;
    return e;
}

template <unsigned Sources = sg3_source::rules_default>
struct basic_sg3_utils_udev_scheme {
    static constexpr const char* name = "sg3_utils-udev";
    static constexpr std::uint8_t id = 5;
    static constexpr unsigned sources = Sources;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::sg3_udev;
        const scan_result r = scan(in);
        const id_serial_choice c = choose(r, Sources);
        if (c.value == nullptr) return out.fail(errc::not_found);
        // ID_SERIAL straight into key-sized bytes; longer than a key can
        // hold: no exact key.
        ident::detail::key_text serial;
        render_id_serial(r, c, serial);
        if (serial.overflowed()) return out.fail(errc::overflow);
        const byte_view id_serial = serial.view();
        out.reset();
        out.key().assign(id, static_cast<std::uint8_t>(c.type), id_serial);
        // Not ready: an NAA or EUI-64 designator of zeros (behind the type
        // digit and the NAA nibble). Blank text encodes to nothing at all.
        const scsi::designator_type t = c.type;
        bool blank = c.source != identity_source::unit_serial_number &&
                     (t == scsi::designator_type::naa || t == scsi::designator_type::eui64);
        for (std::size_t i = t == scsi::designator_type::naa ? 2 : 1; blank && i < id_serial.size(); ++i)
            blank = id_serial[i] == '0';
        ident::detail::append_raw(out.text(), id_serial); // as printed: UTF-8 kept
        return out.set(c.source, t, blank);
    }
};

using sg3_utils_udev_scheme = basic_sg3_utils_udev_scheme<>;
static_assert(identity_scheme<sg3_utils_udev_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_SG3_UTILS_UDEV_HPP
