// SPDX-License-Identifier: MIT
// mpio/ident/scheme_mpio.hpp - mpio's own identity scheme ("mpio").
//
// The strongest logical-unit designator of the Device Identification VPD page
// (SPC-6 7.7.6), by this rank:
//
//   NAA 6h > NAA 5h > EUI-64 16 > 12 > 8 bytes > NAA 2h > SCSI name string >
//   UUID > MD5 logical unit identifier > T10 vendor ID > NAA 3h > vendor
//   specific
//
// then the Unit Serial Number VPD page (SPC-6 7.7.20) qualified by the
// INQUIRY vendor and product identification. Only designators with
// ASSOCIATION = logical unit count (target port and target device designators
// are the same for many logical units or differ per path). The first of equal
// rank wins. If the strongest designator is all zero or all spaces, the
// identity is not_ready (a weaker designator is NOT used instead: the
// identifier would change once the device is ready). A malformed or truncated
// page 83h gives no identity (reason() says why) rather than a guess from the
// part that was returned. docs/identity.md explains each choice.
//
// Rendering: naa.<hex>, eui.<hex>, uuid.<hex>, md5.<hex>, vs.<hex>, lowercase
// hex of the whole designator; the SCSI name string up to its first NUL, as
// is; t10.<vendor id bytes>; serial.<VENDOR>.<PRODUCT>.<SERIAL> (trimmed).
// Unprintable bytes of text are rendered as \xNN.
#ifndef MPIO_IDENT_SCHEME_MPIO_HPP
#define MPIO_IDENT_SCHEME_MPIO_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>

namespace mpio::ident {

namespace detail::mpio_scheme {

using scsi::designator_type;

// Rank of a logical-unit designator (0: not usable), and the bytes that
// identify it (the whole designator, or the name string up to its NUL).
struct candidate {
    unsigned rank = 0;
    designator_type type = designator_type::vendor_specific;
    byte_view identifier;
    bool blank = false; // all zero or all spaces: not assigned yet
};

constexpr unsigned naa_rank(scsi::naa_format n) noexcept
{
    switch (n) {
    case scsi::naa_format::ieee_registered_extended: return 120;
    case scsi::naa_format::ieee_registered: return 110;
    case scsi::naa_format::ieee_extended: return 70;
    case scsi::naa_format::locally_assigned: return 20;
    default: return 0;
    }
}

// The bytes of an NAA designator after its NAA nibble: blank when zero.
constexpr bool naa_blank(byte_view naa) noexcept { return (naa.at_or(0) & 0x0f) == 0 && is_blank(naa.subview(1)); }

constexpr candidate rate(const scsi::designation_descriptor& d) noexcept
{
    if (d.association() != scsi::association::logical_unit) return {};
    const byte_view des = d.designator();
    switch (d.designator_type()) {
    case designator_type::naa:
        if (const auto naa = d.as_naa()) return {naa_rank(naa->naa()), designator_type::naa, des, naa_blank(des)};
        return {};
    case designator_type::eui64:
        if (d.as_eui64())
            return {des.size() == 16 ? 100u : des.size() == 12 ? 90u : 80u, designator_type::eui64, des, is_blank(des)};
        return {};
    case designator_type::scsi_name_string:
        if (const auto name = d.as_scsi_name_string()) {
            // The name up to its NUL: the padding is not part of it.
            const byte_view text = name->name().bytes();
            return {60, designator_type::scsi_name_string, text, is_blank(text)};
        }
        return {};
    case designator_type::uuid:
        if (const auto uuid = d.as_uuid()) return {50, designator_type::uuid, des, is_blank(uuid->uuid())};
        return {};
    case designator_type::md5_logical_unit_identifier:
        if (d.as_md5_logical_unit_identifier())
            return {40, designator_type::md5_logical_unit_identifier, des, is_blank(des)};
        return {};
    case designator_type::t10_vendor_id:
        if (const auto t10 = d.as_t10_vendor_id())
            return {30, designator_type::t10_vendor_id, des, is_blank(t10->vendor_specific_identifier())};
        return {};
    case designator_type::vendor_specific:
        if (!des.empty()) return {10, designator_type::vendor_specific, des, is_blank(des)};
        return {};
    default: return {};
    }
}

constexpr const char* prefix(designator_type t) noexcept
{
    switch (t) {
    case designator_type::naa: return "naa.";
    case designator_type::eui64: return "eui.";
    case designator_type::uuid: return "uuid.";
    case designator_type::md5_logical_unit_identifier: return "md5.";
    case designator_type::t10_vendor_id: return "t10.";
    case designator_type::vendor_specific: return "vs.";
    default: return "";
    }
}

} // namespace detail::mpio_scheme

struct mpio_scheme {
    static constexpr const char* name = "mpio";
    static constexpr std::uint8_t id = 1;

    // Key kinds beyond the designator types (0h..Fh).
    static constexpr std::uint8_t kind_unit_serial_number = 0x80;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::mpio_scheme;
        candidate best;
        identity_source source = identity_source::designator;
        if (!in.vpd83.empty()) {
            const auto page = scsi::parse_device_identification(in.vpd83);
            if (!page) return out.fail(page.error());
            // A page cut short may hide a stronger designator: no guess.
            if (page->truncated()) return out.fail(errc::too_short);
            if (page->layout() == scsi::device_identification_layout::pre_spc2) {
                // A bare NAA identifier (old EMC Symmetrix): it names the LU.
                const byte_view legacy = page->legacy_identifier();
                if (const auto naa = scsi::parse_naa_designator(legacy)) {
                    best = {naa_rank(naa->naa()), designator_type::naa, legacy, naa_blank(legacy)};
                    source = identity_source::legacy_page83;
                }
            } else {
                const scsi::designation_descriptor_list list = page->designators();
                auto it = list.begin();
                for (; !it.done(); ++it) {
                    const candidate c = rate(*it);
                    if (c.rank > best.rank) best = c;
                }
                // A malformed list: no guess from the part before the error.
                if (it.error() != errc::none) return out.fail(it.error());
            }
        }
        if (best.rank != 0) return render(best, source, out);
        return from_serial_number(in, out);
    }

private:
    static constexpr identity_status render(const detail::mpio_scheme::candidate& c, identity_source source,
                                            device_identity& out) noexcept
    {
        using namespace detail::mpio_scheme;
        out.reset();
        if (!out.key().assign(id, static_cast<std::uint8_t>(c.type), c.identifier))
            return out.fail(errc::capacity_exceeded);
        out.set(source, c.type, c.blank);
        auto& text = out.text();
        text.append(prefix(c.type));
        switch (c.type) {
        case designator_type::scsi_name_string:
        case designator_type::t10_vendor_id: text.append(ascii_view(c.identifier), unprintable::hex_escape); break;
        default: text.append_hex(c.identifier); break;
        }
        return out.status();
    }

    static constexpr identity_status from_serial_number(const identity_input& in, device_identity& out) noexcept
    {
        if (in.vpd80.empty()) return out.fail(errc::not_found);
        const auto serial_page = scsi::parse_unit_serial_number(in.vpd80);
        if (!serial_page) return out.fail(serial_page.error());
        if (serial_page->truncated()) return out.fail(errc::too_short);
        // Serial numbers are unique per vendor and product only.
        const auto inquiry = scsi::parse_standard_inquiry(in.standard_inquiry);
        if (!inquiry) return out.fail(inquiry.error());
        if (!inquiry->has_t10_vendor_identification() || !inquiry->has_product_identification())
            return out.fail(errc::too_short);
        const ascii_view vendor = inquiry->t10_vendor_identification();
        const ascii_view product = inquiry->product_identification();
        const ascii_view serial = serial_page->product_serial_number_trimmed();

        out.reset();
        if (!out.key().assign(id, kind_unit_serial_number, vendor.bytes(), product.bytes(), serial.bytes()))
            return out.fail(errc::capacity_exceeded);
        out.set(identity_source::unit_serial_number, scsi::designator_type::vendor_specific, is_blank(serial.bytes()));
        out.text()
            .append("serial.")
            .append(vendor.trim_right(), unprintable::hex_escape)
            .append('.')
            .append(product.trim_right(), unprintable::hex_escape)
            .append('.')
            .append(serial, unprintable::hex_escape);
        return out.status();
    }
};

static_assert(identity_scheme<mpio_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_MPIO_HPP
