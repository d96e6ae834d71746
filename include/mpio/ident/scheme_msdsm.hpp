// SPDX-License-Identifier: MIT
// mpio/ident/scheme_msdsm.hpp - the device serial number of Microsoft's
// multipath DSM ("msdsm"): the string MSDSM builds to tell whether two paths
// lead to the same logical unit, reproduced from the public MSDSM sample
// (microsoft/Windows-driver-samples, storage/msdsm/src, read at commit
// 26a27df80772: intrface.c DsmInquire() and DsmCompareDevices(), utils.c
// DsmpParseDeviceID() with DSM_DEVID_SERIAL_NUMBER, DsmpBinaryToAscii(),
// DsmpGetSerialNumber(), msdsm.h DsmpIsPreferredDeviceId()).
//
// With a Device Identification VPD page (SPC-6 7.7.6): one walk over the
// descriptors, in page order, keeping one candidate (initially: type Fh,
// association Fh, length 0). A descriptor replaces the candidate when
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
// it is the last kept, leaves no identifier.
//
// When page 83h was returned, it alone decides: no designator kept, type Fh
// kept, or an empty designator (DESIGNATOR LENGTH 0) -> DsmpParseDeviceID()
// returns NULL and DsmInquire() does not claim the device (status none,
// errc::not_found). There is NO page 80h fallback then.
//
// Rendering: CODE SET binary -> uppercase hex, two digits a byte (up to 510
// digits); any other code set -> the designator bytes as a C string (up to the
// first NUL, which may leave an empty string).
//
// Without page 83h (DeviceIdList NULL): DsmpGetSerialNumber(), quirks
// included - a 255-byte transfer into a zero-filled buffer, only byte 3 taken
// as the length (so a PAGE LENGTH over 255 counts modulo 256), neither the
// page code nor truncation checked; the serial is that many bytes from byte
// 4, those past the transfer reading as zero, every NUL turned into a space.
// A 252-byte serial gives 251 characters and a space; an empty page 80h
// gives "". No page 80h either -> status none (errc::not_found).
//
// The key is the serial string: MSDSM compares serial numbers by strlen() and
// bytes, whatever designator type they came from. A string of up to 256
// characters is the key as it is (kind 0); a longer one (only the hex of a
// binary designator of 129..255 bytes can be) is keyed by the designator
// bytes (kind 1) - a one-to-one map, so keys are equal exactly when the
// strings are, in identity_key's 256 bytes.
//
// The empty serial (a text designator that starts with NUL, an empty page
// 80h) is claimed by MSDSM and compares equal for every such device: found,
// key empty, and unsafe_to_group() set so that a caller can refuse it (the
// topology store refuses an empty key). A non-empty all-zero / all-space
// identifier is reported not_ready (mpio's choice, see docs/identity.md).
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
// When nothing follows (a T10 vendor ID of 8 bytes or fewer, NAA nibble
// only), the whole designator.
constexpr byte_view identifier_part(scsi::designator_type type, byte_view des) noexcept
{
    byte_view part = des;
    switch (type) {
    case scsi::designator_type::naa: part = (des.at_or(0) & 0x0f) != 0 ? des : des.subview(1); break;
    case scsi::designator_type::t10_vendor_id: part = des.subview(8); break;
    default: break;
    }
    return part.empty() ? des : part;
}

// DsmpGetSerialNumber(): the INQUIRY allocation length and data transfer
// length (DSM_SERIAL_NUMBER_BUFFER_SIZE), into a zero-filled
// SCSI_PASS_THROUGH_WITH_BUFFERS (ExAllocatePoolZero, 512-byte DataBuffer).
inline constexpr std::size_t serial_transfer = 255;

// Byte i of that buffer: what the device returned, zero past it.
constexpr byte transferred(byte_view page, std::size_t i) noexcept
{
    return i < serial_transfer ? page.at_or(i, 0) : byte{0};
}

} // namespace detail::msdsm

struct msdsm_scheme {
    static constexpr const char* name = "msdsm";
    static constexpr std::uint8_t id = 6;

    // The key kind: one for all sources, since MSDSM compares only the string.
    static constexpr std::uint8_t kind_serial = 0;

    // A serial string longer than a key (hex of a binary designator of more
    // than 128 bytes): keyed by the designator bytes.
    static constexpr std::uint8_t kind_hex_bytes = 1;

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
        // Nothing kept, type Fh kept, or an empty designator: DsmpParseDeviceID()
        // returns NULL (no buffer) and DsmInquire() does not claim the device -
        // page 80h is not looked at.
        if (!preferred(0xF, best.type) || best.length == 0) return out.fail(errc::not_found);
        return from_designator(best.descriptor, out);
    }

private:
    static constexpr identity_status from_designator(const scsi::designation_descriptor& d,
                                                     device_identity& out) noexcept
    {
        using namespace detail::msdsm;
        const byte_view des = d.designator();
        out.reset();
        if (d.code_set() == scsi::code_set::binary) {
            // DsmpBinaryToAscii() (not its "legacy" variant: DsmInquire()
            // passes FALSE): two uppercase digits per byte, 510 at most -
            // rendered straight into text() (512 characters).
            // Up to 256 digits: written once, straight into the key (table
            // look-ups, one room check), the text copied from it.
            if (2 * des.size() <= identity_key::capacity) {
                byte* hex = out.key().prepare(id, kind_serial);
                out.key().commit(static_cast<std::size_t>(
                    ident::detail::write_hex(hex, des, ident::detail::hex_digits_upper) - hex));
                out.text().append(ascii_view(out.key().bytes()));
            } else {
                out.text().append_hex(des, hex_case::upper);
                (void)out.key().assign(id, kind_hex_bytes, des);
            }
            return finish(identifier_part(d.designator_type(), des), identity_source::designator, d.designator_type(),
                          /*empty=*/false, out);
        }
        // Copied as is and used as a C string: up to the first NUL.
        const ascii_view text = ascii_view(des).until_nul();
        (void)out.key().assign(id, kind_serial, text.bytes()); // at most 255 bytes: fits
        out.text().append(text, unprintable::hex_escape);
        return finish(identifier_part(d.designator_type(), text.bytes()), identity_source::designator,
                      d.designator_type(), text.empty(), out);
    }

    static constexpr identity_status from_serial_number(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::msdsm;
        // An empty view: the INQUIRY failed (no serial number page).
        if (in.vpd80.empty()) return out.fail(errc::not_found);
        // PageLength is byte 3 alone; page code and truncation are not checked.
        const std::size_t length = transferred(in.vpd80, 3);
        ident::detail::key_text serial; // length <= 255: fits
        for (std::size_t i = 0; i < length; ++i) {
            const byte b = transferred(in.vpd80, 4 + i);
            serial.append(b == 0 ? ' ' : static_cast<char>(b));
        }
        out.reset();
        (void)out.key().assign(id, kind_serial, serial.view());
        out.text().append(ascii_view(serial.view()), unprintable::hex_escape);
        return finish(serial.view(), identity_source::unit_serial_number, scsi::designator_type::vendor_specific,
                      length == 0, out);
    }

    // After key() and text(): the status. `empty`: MSDSM's empty serial number.
    static constexpr identity_status finish(byte_view blank_part, identity_source source, scsi::designator_type type,
                                            bool empty, device_identity& out) noexcept
    {
        out.set(source, type, !empty && is_blank(blank_part));
        if (empty) out.mark_unsafe_to_group();
        return out.status();
    }
};

static_assert(identity_scheme<msdsm_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_MSDSM_HPP
