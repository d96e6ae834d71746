// SPDX-License-Identifier: MIT
// mpio/ident/scheme_illumos_devid.hpp - the illumos/Solaris devid and its
// GUID ("illumos-devid"): usr/src/common/devid/devid_scsi.c,
// ddi_devid_scsi_encode() at DEVID_SCSI_ENCODE_VERSION2 (what sd uses) and
// ddi_devid_to_guid(), reproduced byte for byte.
//
// Sources, first that yields an id wins:
//  1. EMC Symmetrix (INQUIRY "EMC     " / "SYMMETRIX       ") whose page 83h
//     fails is_page83_data_valid(): the bare 16 bytes after the page header
//     when byte 3 is 10h and byte 4 is 60h (encode_scsi3_page83_emc()).
//  2. encode_scsi3_page83(): nothing when PAGE LENGTH + 4 exceeds the bytes
//     returned. Walk the descriptors while the header and the designator fit
//     in the returned bytes (not PAGE LENGTH: it only counts down, and wraps)
//     and no NAA was seen; keep the offset of the LAST T10 vendor ID, LAST
//     EUI-64 and FIRST NAA whose byte 1 & 3Fh is 01h/02h/03h - so
//     ASSOCIATION must be logical unit; PIV, CODE SET, lengths and NAA
//     formats are not looked at. Take NAA > EUI-64 > T10; the id is the
//     designator as it is. A zero-length one gives no id (kmem_alloc(0) is
//     NULL in the kernel) and the walk goes on to 3.
//  3. encode_serialnum(): page 80h with PAGE LENGTH (byte 3) <= returned - 4
//     and some byte of the serial number not a space: id = INQUIRY VENDOR
//     IDENTIFICATION (8) + PRODUCT IDENTIFICATION (16) + the serial number.
//  4. encode_sun_serialnum(): INQUIRY bytes 25..27 "SUN": VENDOR + PRODUCT +
//     bytes 36..47 of the INQUIRY data.
// An id entirely of spaces, or entirely of zeros, is DEVID_RETRY: not ready.
//
// Rendering: ddi_devid_to_guid(): the id in lowercase hex. It gives no GUID
// for the serial-number devids (3, 4); mpio renders their id bytes in hex
// the same way. The key is the id bytes; its kind is the designator type
// (1 T10, 2 EUI-64, 3 NAA) or 80h for a serial-number devid, as the devid's
// type keeps those apart in illumos.
//
// Where illumos would read past a short buffer (INQUIRY under 32 bytes for
// VENDOR/PRODUCT, under 48 for the SUN serial; is_page83_data_valid() past
// the returned page) mpio does not use that source / reads zero bytes. An
// empty standard_inquiry means "not supplied": no EMC check and no serial
// fallback (sd always passes one; 1..3 bytes fail as illumos does).
#ifndef MPIO_IDENT_SCHEME_ILLUMOS_DEVID_HPP
#define MPIO_IDENT_SCHEME_ILLUMOS_DEVID_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

namespace detail::illumos_devid {

inline constexpr std::uint8_t serial_kind = 0x80;

// is_initialized_id(): not all spaces and not all zeros (a mix is fine).
constexpr bool is_initialized_id(byte_view id) noexcept
{
    if (id.empty()) return false;
    bool all_spaces = true;
    bool all_zeros = true;
    for (const byte b : id) {
        all_spaces = all_spaces && b == ' ';
        all_zeros = all_zeros && b == 0;
    }
    return !all_spaces && !all_zeros;
}

// is_page83_data_valid(): consulted only to decide on the EMC layout. It
// looks at byte 3 alone for PAGE LENGTH, as illumos does.
constexpr bool is_page83_data_valid(byte_view p) noexcept
{
    if (p.size() < 8) return false;
    if ((p[0] & 0x1f) == 0x1f) return false;
    if (p[2] == 0 && p[3] == 0) return false;
    if (p[3] > 0xff - 3) return false;
    std::size_t covered = 0;
    std::size_t at = 4;
    while (covered < p[3]) {
        const std::size_t dlen = p.at_or(at + 3);
        if (dlen == 0) return false;
        if (covered + dlen > p[3]) return false;
        const byte naa = p.at_or(at + 4) & 0xf0;
        const bool binary = (p.at_or(at) & 0x0f) == 1;
        switch (p.at_or(at + 1) & 0x0f) {
        case 2:
            if (dlen != 8 && dlen != 12 && dlen != 16) return false;
            break;
        case 3:
            if ((naa == 0x20 || naa == 0x50) && (dlen != 8 || !binary)) return false;
            if (naa == 0x60 && (dlen != 16 || !binary)) return false;
            break;
        case 4:
        case 5:
        case 6:
            if (dlen != 4) return false;
            break;
        case 7:
            if (dlen != 16) return false;
            break;
        default: break;
        }
        at += 4 + dlen;
        covered += dlen + 4;
    }
    return true;
}

constexpr bool inquiry_field_is(byte_view inq, std::size_t offset, const char* text, std::size_t n) noexcept
{
    return inq.size() >= offset + n && ascii_view(inq.subview(offset, n)).equals(text);
}

// encode_scsi3_page83(): the chosen descriptor's offset, 0 for none.
constexpr std::size_t page83_offset(byte_view p) noexcept
{
    if (p.size() < 4) return 0;
    std::size_t left = (std::size_t{p[2]} << 8) | p[3];
    if (left + 4 > p.size()) return 0;
    std::size_t found[4]{}; // by type: 1 T10, 2 EUI-64, 3 NAA
    std::size_t at = 4;
    while (left > 0 && found[3] == 0 && at + 4 <= p.size() && at + 4 + p.at_or(at + 3) <= p.size()) {
        const unsigned type = p[at + 1] & 0x3f; // association bits included
        if (type >= 1 && type <= 3) found[type] = at;
        left -= std::size_t{p[at + 3]} + 4; // size_t: wraps like illumos'
        at += 4 + std::size_t{p[at + 3]};
    }
    for (unsigned type = 3; type > 0; --type)
        if (found[type] != 0) return found[type];
    return 0;
}

} // namespace detail::illumos_devid

struct illumos_devid_scheme {
    static constexpr const char* name = "illumos-devid";
    static constexpr std::uint8_t id = 7;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::illumos_devid;
        const byte_view inq = in.standard_inquiry;
        const byte_view p83 = in.vpd83;
        const byte_view p80 = in.vpd80;
        if (!inq.empty() && inq.size() < 4) return out.fail(errc::too_short);

        // 1. EMC Symmetrix, pre-SPC-2 page.
        // (The cheap INQUIRY comparisons first: the page walk of
        // is_page83_data_valid() only for an EMC Symmetrix.)
        if (!p83.empty() && inquiry_field_is(inq, 8, "EMC     ", 8) &&
            inquiry_field_is(inq, 16, "SYMMETRIX       ", 16) && p83.size() >= 20 && p83[3] == 0x10 && p83[4] == 0x60 &&
            !is_page83_data_valid(p83))
            return make(p83.subview(4, 16), scsi::designator_type::naa, identity_source::legacy_page83, out);

        // 2. The page 83h designators.
        if (const std::size_t at = page83_offset(p83); at != 0 && p83[at + 3] != 0)
            return make(p83.subview(at + 4, p83[at + 3]), static_cast<scsi::designator_type>(p83[at + 1] & 0x0f),
                        identity_source::designator, out);

        // 3. VENDOR + PRODUCT + page 80h serial number.
        if (inq.size() >= 32 && p80.size() >= 4 && p80[3] <= p80.size() - 4) {
            const byte_view serial = p80.subview(4, p80[3]);
            bool usable = false;
            for (const byte b : serial) usable = usable || b != ' ';
            if (usable) return make_serial(inq.subview(8, 24), serial, out);
        }

        // 4. Sun-qualified disk: the serial number in the INQUIRY data.
        if (inquiry_field_is(inq, 16 + 9, "SUN", 3) && inq.size() >= 48)
            return make_serial(inq.subview(8, 24), inq.subview(36, 12), out);

        return out.fail(errc::not_found);
    }

private:
    static constexpr identity_status make(byte_view raw, scsi::designator_type type, identity_source source,
                                          device_identity& out) noexcept
    {
        out.reset();
        out.key().assign(id, static_cast<std::uint8_t>(type), raw); // at most 255 bytes: fits
        out.set(source, type, !detail::illumos_devid::is_initialized_id(raw));
        out.text().append_hex(raw);
        return out.status();
    }

    static constexpr identity_status make_serial(byte_view vendor_product, byte_view serial,
                                                 device_identity& out) noexcept
    {
        out.reset();
        // 24 + up to 255 bytes: a serial number over 232 bytes has no exact key.
        if (!out.key().assign(id, detail::illumos_devid::serial_kind, vendor_product, serial))
            return out.fail(errc::overflow);
        byte whole[24 + 255]; // written before read: no zero-fill
        std::size_t n = 0;
        for (const byte b : vendor_product) whole[n++] = b;
        for (const byte b : serial) whole[n++] = b;
        const byte_view raw(whole, n);
        out.set(identity_source::unit_serial_number, scsi::designator_type::vendor_specific,
                !detail::illumos_devid::is_initialized_id(raw));
        out.text().append_hex(raw);
        return out.status();
    }
};

static_assert(identity_scheme<illumos_devid_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_ILLUMOS_DEVID_HPP
