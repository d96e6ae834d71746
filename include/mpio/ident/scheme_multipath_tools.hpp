// SPDX-License-Identifier: MIT
// mpio/ident/scheme_multipath_tools.hpp - the fallback WWID of Linux
// multipath-tools ("multipath-tools"): libmultipath/discovery.c,
// get_vpd_sgio() -> parse_vpd_pg83(), reproduced byte for byte.
//
// The walk over the Device Identification VPD page (SPC-6 7.7.6) looks only
// at ASSOCIATION = logical unit and ignores CODE SET. Priorities, highest
// first (the first of equal priority wins):
//
//   8  NAA 6h, DESIGNATOR LENGTH 16      4  EUI-64, length 8, 12 or 16
//   7  NAA 5h, length 8                  3  SCSI name string starting "eui.",
//   6  NAA 2h, length 8                     "naa." or "iqn." (exact case)
//   2  T10 vendor ID, length >= 8        1  NAA 3h, length 8
//
// A descriptor whose header is complete but whose designator runs past the
// page stops the walk; a designator chosen before it is still used. The page
// is what PAGE LENGTH covers, clipped to the returned bytes; a pre-SPC-2
// page is walked like any other (multipath-tools does not tell them apart).
//
// Rendering (at most 127 characters, multipath-tools' WWID_SIZE - 1; the
// designator length is clamped to 128 bytes):
//   NAA            '3' + lowercase hex
//   EUI-64         '2' + lowercase hex
//   name string    '2' (eui.), '3' (naa.), '8' (iqn.) + the rest after the
//                  prefix, cut at the first NUL, lower-cased unless iqn.
//   T10 vendor ID  '1' + the bytes, each run of spaces turned into one '_',
//                  trailing spaces dropped (cut at the first NUL)
// The key is the rendered WWID: exactly what multipath-tools groups on.
#ifndef MPIO_IDENT_SCHEME_MULTIPATH_TOOLS_HPP
#define MPIO_IDENT_SCHEME_MULTIPATH_TOOLS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

namespace detail::multipath_tools {

using scsi::designator_type;

// multipath-tools' WWID_SIZE: the output buffer, NUL included.
inline constexpr std::size_t wwid_size = 128;
inline constexpr std::size_t max_designator_length = 128;

constexpr bool name_prefix(byte_view des, const char* p) noexcept
{
    return des.size() >= 4 && ascii_view(des.first(4)).equals(p);
}

// parse_vpd_pg83()'s priority of one descriptor; 0 when it cannot be chosen.
constexpr int priority(const scsi::designation_descriptor& d) noexcept
{
    if (d.association() != scsi::association::logical_unit) return 0;
    const std::size_t length = d.designator_length();
    const byte_view des = d.designator();
    switch (d.designator_type()) {
    case designator_type::naa:
        switch (des.at_or(0) >> 4) {
        case 6: return length == 16 ? 8 : 0;
        case 5: return length == 8 ? 7 : 0;
        case 2: return length == 8 ? 6 : 0;
        case 3: return length == 8 ? 1 : 0;
        default: return 0;
        }
    case designator_type::eui64: return length == 8 || length == 12 || length == 16 ? 4 : 0;
    case designator_type::scsi_name_string:
        return name_prefix(des, "eui.") || name_prefix(des, "naa.") || name_prefix(des, "iqn.") ? 3 : 0;
    case designator_type::t10_vendor_id: return length >= 8 ? 2 : 0;
    default: return 0;
    }
}

constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The WWID as multipath-tools copies it into its caller's buffer: a C
// string, so it ends at the first NUL (a name string may hold some), and at
// most WWID_SIZE - 1 characters. Written once, never zero-filled.
struct wwid_text {
    byte bytes[wwid_size - 1];
    std::size_t size = 0;
    bool ended = false;

    constexpr wwid_text& append(char c) noexcept
    {
        if (c == '\0' || size == wwid_size - 1) ended = true;
        if (!ended) bytes[size++] = static_cast<byte>(c);
        return *this;
    }
    constexpr wwid_text& append_hex(byte_view des) noexcept
    {
        constexpr char hex[] = "0123456789abcdef";
        for (const byte b : des) append(hex[b >> 4]).append(hex[b & 0x0f]);
        return *this;
    }
    [[nodiscard]] constexpr byte_view view() const noexcept { return {bytes, size}; }
};

template <class Text>
constexpr void render(const scsi::designation_descriptor& d, Text& out) noexcept
{
    byte_view des = d.designator();
    if (des.size() > max_designator_length) des = des.first(max_designator_length);
    switch (d.designator_type()) {
    case designator_type::naa:
    case designator_type::eui64:
        out.append(d.designator_type() == designator_type::naa ? '3' : '2').append_hex(des);
        break;
    case designator_type::scsi_name_string: {
        const bool iqn = name_prefix(des, "iqn.");
        out.append(name_prefix(des, "eui.") ? '2' : name_prefix(des, "naa.") ? '3' : '8');
        for (const byte b : des.subview(4)) {
            const char c = static_cast<char>(b);
            out.append(iqn ? c : lower(c));
        }
        break;
    }
    case designator_type::t10_vendor_id: {
        out.append('1');
        bool in_spaces = false;
        for (const byte b : des) {
            if (b == ' ') {
                in_spaces = true;
                continue;
            }
            if (in_spaces) out.append('_');
            in_spaces = false;
            out.append(static_cast<char>(b));
        }
        break;
    }
    default: break;
    }
}

} // namespace detail::multipath_tools

struct multipath_tools_scheme {
    static constexpr const char* name = "multipath-tools";
    static constexpr std::uint8_t id = 2;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::multipath_tools;
        if (in.vpd83.empty()) return out.fail(errc::not_found);
        const auto page = scsi::parse_device_identification(in.vpd83);
        if (!page) return out.fail(page.error());

        // Raw descriptors, whatever layout() says: multipath-tools walks
        // every page the same way.
        const scsi::designation_descriptor_list list(page->payload());
        scsi::designation_descriptor chosen;
        int best = 0;
        for (auto it = list.begin(); !it.done(); ++it) {
            const scsi::designation_descriptor d = *it;
            const int p = priority(d);
            if (p > best) {
                best = p;
                chosen = d;
            }
        }
        if (best == 0) return out.fail(errc::not_found);

        // Rendered as multipath-tools appends it (NULs included), read back
        // as its caller's C string: up to the first NUL, WWID_SIZE - 1
        // characters at most (wwid_text).
        wwid_text wwid;
        render(chosen, wwid);
        out.reset();
        out.key().assign(id, static_cast<std::uint8_t>(chosen.designator_type()), wwid.view());
        out.text().append(ascii_view(wwid.view()));
        return out.set(identity_source::designator, chosen.designator_type(), is_blank(identifier_part(chosen)));
    }

private:
    // The part of the chosen designator that is all zero or spaces while the
    // device has no identifier.
    static constexpr byte_view identifier_part(const scsi::designation_descriptor& d) noexcept
    {
        const byte_view des = d.designator();
        switch (d.designator_type()) {
        case scsi::designator_type::naa:
            if ((des.at_or(0) & 0x0f) != 0) return des;
            return des.subview(1);
        case scsi::designator_type::scsi_name_string: return des.subview(4);
        case scsi::designator_type::t10_vendor_id: return des.subview(8);
        default: return des;
        }
    }
};

static_assert(identity_scheme<multipath_tools_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_MULTIPATH_TOOLS_HPP
