// SPDX-License-Identifier: MIT
// mpio/ident/scheme_msdsm.hpp - the device serial number of Microsoft's
// multipath DSM ("msdsm"): the string MSDSM builds from the Device
// Identification VPD page (SPC-6 7.7.6) to tell whether two paths lead to the
// same logical unit, reproduced from the public MSDSM sample
// (microsoft/Windows-driver-samples, storage/msdsm: DsmpParseDeviceID() with
// DSM_DEVID_SERIAL_NUMBER, DsmpBinaryToAscii(), DsmpGetSerialNumber()).
//
// One walk over the descriptors, in page order, keeping one candidate
// (initially: type Fh, association Fh, length 0). A descriptor replaces the
// candidate when
//   - its ASSOCIATION is logical unit, or it is target device and the
//     candidate is not a logical-unit designator (target-port designators
//     differ per path and are never looked at), and
//   - it has the candidate's DESIGNATOR TYPE and is strictly longer (a tie
//     keeps the first), or another type that ranks higher:
//       SCSI name string (8h) > NAA (3h) > EUI-64 (2h) > T10 vendor ID (1h)
//       > vendor specific (0h); other types never replace anything.
// The walk is MSDSM's, quirks included: a target-device designator kept
// before a logical-unit designator of a lower type is not replaced by it, and
// a descriptor of type Fh (reserved) matches the initial candidate and, when
// it is the last kept, leaves no identifier. docs/identity.md has the details.
//
// Rendering: CODE SET binary -> uppercase hex, two digits a byte; any other
// code set -> the designator bytes as a C string (up to the first NUL). No
// designator (or an empty one) -> the PRODUCT SERIAL NUMBER of VPD page 80h, each NUL turned
// into a space. No serial either -> status none: MSDSM does not claim the
// device. The key is the rendered string: MSDSM compares serial numbers by
// length and bytes, whatever designator type they came from.
#ifndef MPIO_IDENT_SCHEME_MSDSM_HPP
#define MPIO_IDENT_SCHEME_MSDSM_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>

namespace mpio::ident {

namespace detail::msdsm {

// The candidate of DsmpParseDeviceID(): type and association start at Fh, a
// value no descriptor of interest has.
struct candidate {
    std::uint8_t type = 0xF;
    std::uint8_t association = 0xF;
    std::size_t length = 0;
    scsi::designation_descriptor descriptor;
};

// DsmpIsPreferredDeviceId(current, next): true when a designator of type
// `next` ranks above the candidate's type `current`.
constexpr bool preferred(std::uint8_t current, std::uint8_t next) noexcept
{
    constexpr std::uint8_t order[] = {8, 3, 2, 1, 0}; // best first
    for (const std::uint8_t t : order) {
        if (current == t) return false; // `current` ranks at least as high
        if (next == t) return true;
    }
    return false; // `next` is not a type MSDSM builds serial numbers from
}

constexpr bool replaces(const candidate& c, const scsi::designation_descriptor& d) noexcept
{
    const auto assoc = static_cast<std::uint8_t>(d.association());
    const auto type = static_cast<std::uint8_t>(d.designator_type());
    const bool association_ok = assoc == 0 || (assoc == 2 && c.association != 0);
    if (!association_ok) return false;
    if (type == c.type) return c.length < d.designator_length();
    return preferred(c.type, type);
}

// The bytes that stay zero or spaces while the device has no identifier.
constexpr byte_view identifier_part(scsi::designator_type type, byte_view des) noexcept
{
    switch (type) {
    case scsi::designator_type::naa: return (des.at_or(0) & 0x0f) != 0 ? des : des.subview(1);
    case scsi::designator_type::t10_vendor_id: return des.subview(8);
    default: return des;
    }
}

// MSDSM's serial number: at most 2 * 255 characters (a binary designator in
// hex), kept as bytes for the key.
struct serial_text {
    byte bytes[2 * 255]; // written before read: no zero-fill
    std::size_t size = 0;

    constexpr void append(byte b) noexcept
    {
        if (size < sizeof(bytes)) bytes[size++] = b;
    }
    // DsmpBinaryToAscii() (not its "legacy" variant): two uppercase digits
    // per byte (255 bytes at most: always fits). A local index: a byte
    // store may alias `size`.
    constexpr void assign_hex(byte_view des) noexcept
    {
        constexpr char digits[] = "0123456789ABCDEF";
        std::size_t n = 0;
        for (const byte b : des) {
            bytes[n] = static_cast<byte>(digits[b >> 4]);
            bytes[n + 1] = static_cast<byte>(digits[b & 0xf]);
            n += 2;
        }
        size = n;
    }
    [[nodiscard]] constexpr byte_view view() const noexcept { return {bytes, size}; }
};

} // namespace detail::msdsm

struct msdsm_scheme {
    static constexpr const char* name = "msdsm";
    static constexpr std::uint8_t id = 6;

    // The key kind: one for all sources, since MSDSM compares only the string.
    static constexpr std::uint8_t kind_serial = 0;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::msdsm;
        if (in.vpd83.empty()) return from_serial_number(in, out);
        const auto page = scsi::parse_device_identification(in.vpd83);
        if (!page) return out.fail(page.error());
        // A page cut short may hide a preferred designator: no guess.
        if (page->truncated()) return out.fail(errc::too_short);
        if (page->layout() == scsi::device_identification_layout::pre_spc2) return from_serial_number(in, out);

        candidate best;
        const scsi::designation_descriptor_list list = page->designators();
        auto it = list.begin();
        for (; !it.done(); ++it) {
            const scsi::designation_descriptor d = *it;
            if (replaces(best, d))
                best = {static_cast<std::uint8_t>(d.designator_type()), static_cast<std::uint8_t>(d.association()),
                        d.designator_length(), d};
        }
        // A malformed list: no guess from the part before the error.
        if (it.error() != errc::none) return out.fail(it.error());
        // Nothing kept, type Fh kept, or an empty designator (MSDSM gets no
        // buffer back): no designator to build from.
        if (!preferred(0xF, best.type) || best.length == 0) return from_serial_number(in, out);
        return from_designator(best.descriptor, out);
    }

private:
    static constexpr identity_status from_designator(const scsi::designation_descriptor& d,
                                                     device_identity& out) noexcept
    {
        using namespace detail::msdsm;
        const byte_view des = d.designator();
        serial_text serial;
        byte_view blank_part;
        if (d.code_set() == scsi::code_set::binary) {
            serial.assign_hex(des);
            blank_part = identifier_part(d.designator_type(), des);
            return finish(serial, identity_source::designator, d.designator_type(), is_blank(blank_part), out,
                          /*hex=*/true);
        } else {
            const ascii_view text = ascii_view(des).until_nul();
            for (const byte b : text.bytes()) serial.append(b);
            blank_part = identifier_part(d.designator_type(), text.bytes());
        }
        return finish(serial, identity_source::designator, d.designator_type(), is_blank(blank_part), out);
    }

    static constexpr identity_status from_serial_number(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::msdsm;
        if (in.vpd80.empty()) return out.fail(errc::not_found);
        const auto page = scsi::parse_unit_serial_number(in.vpd80);
        if (!page) return out.fail(page.error());
        if (page->truncated()) return out.fail(errc::too_short);
        serial_text serial;
        for (const byte b : page->product_serial_number().bytes()) serial.append(b == 0 ? byte{' '} : b);
        if (serial.size == 0) return out.fail(errc::not_found);
        return finish(serial, identity_source::unit_serial_number, scsi::designator_type::vendor_specific,
                      is_blank(page->product_serial_number().bytes()), out);
    }

    static constexpr identity_status finish(const detail::msdsm::serial_text& serial, identity_source source,
                                            scsi::designator_type type, bool blank, device_identity& out,
                                            bool hex = false) noexcept
    {
        out.reset();
        const byte_view bytes = serial.view();
        if (!out.key().assign(id, kind_serial, bytes)) return out.fail(errc::capacity_exceeded);
        if (hex) // hex digits: nothing to escape
            for (const byte b : bytes) out.text().append(static_cast<char>(b));
        else
            out.text().append(ascii_view(bytes), unprintable::hex_escape);
        return out.set(source, type, blank);
    }
};

static_assert(identity_scheme<msdsm_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_MSDSM_HPP
