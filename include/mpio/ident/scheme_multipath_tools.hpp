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

#include <bit>
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

// parse_vpd_pg83()'s priority of the descriptor whose 4-byte header is at
// d (its DESIGNATOR LENGTH bytes follow within the page); 0 when it cannot be
// chosen. Only the header and the first bytes of the designator are read.
constexpr int priority(const byte* d) noexcept
{
    if ((d[1] & 0x30) != 0) return 0; // ASSOCIATION: logical unit only
    const std::size_t length = d[3];
    const byte* des = d + 4;
    switch (static_cast<designator_type>(d[1] & 0x0f)) {
    case designator_type::naa:
        if (length != 8) return length == 16 && (des[0] >> 4) == 6 ? 8 : 0;
        switch (des[0] >> 4) {
        case 5: return 7;
        case 2: return 6;
        case 3: return 1;
        default: return 0;
        }
    case designator_type::eui64: return length == 8 || length == 12 || length == 16 ? 4 : 0;
    case designator_type::scsi_name_string:
        return name_prefix(byte_view(des, length), "eui.") || name_prefix(byte_view(des, length), "naa.") ||
                       name_prefix(byte_view(des, length), "iqn.")
                   ? 3
                   : 0;
    case designator_type::t10_vendor_id: return length >= 8 ? 2 : 0;
    default: return 0;
    }
}

// The highest priority there is: no later descriptor can beat it (a later one
// of equal priority never wins), so the walk stops there.
inline constexpr int top_priority = 8;

// The WWID as multipath-tools copies it into its caller's buffer: a C
// string, so it ends at the first NUL (a name string may hold some), and at
// most WWID_SIZE - 1 characters. Written at `out`, the key's buffer (room for
// identity_key::capacity bytes), so nothing is copied twice and nothing is
// zero-filled, by bulk copies and word-at-a-time scans, not a character at a
// time with a bound check each (which made a T10 vendor ID slower than
// multipath-tools' own memchr/memcpy-based rendering). `des` is the
// designator (`length` bytes). Returns the length.
constexpr std::size_t render(designator_type type, const byte* des, std::size_t length, byte* out) noexcept
{
    constexpr std::size_t max = wwid_size - 1;
    const std::size_t len = length < max_designator_length ? length : max_designator_length;
    const byte* p = des;
    switch (type) {
    case designator_type::naa:
    case designator_type::eui64: {
        out[0] = static_cast<byte>(type == designator_type::naa ? '3' : '2');
        // 63 whole bytes fit after the digit (127 characters: multipath-tools
        // cuts a longer hex WWID to that odd length).
        constexpr std::size_t whole = (max - 1) / 2;
        return static_cast<std::size_t>(ident::detail::write_hex(out + 1, byte_view(p, len < whole ? len : whole)) -
                                        out);
    }
    case designator_type::scsi_name_string: {
        const byte_view d(p, len);
        const bool iqn = name_prefix(d, "iqn.");
        out[0] = static_cast<byte>(name_prefix(d, "eui.") ? '2' : name_prefix(d, "naa.") ? '3' : '8');
        // The name after its prefix, up to its first NUL (the padding).
        const byte_view rest = d.subview(4);
        const byte* r = rest.data();
        const std::size_t m = ident::detail::nul_index(r, rest.size() < max - 1 ? rest.size() : max - 1);
        if (iqn) {
            for (std::size_t i = 0; i < m; ++i) out[1 + i] = r[i];
        } else {
            // Lower-cased without a branch per byte (the loop vectorises).
            for (std::size_t i = 0; i < m; ++i)
                out[1 + i] = static_cast<byte>(r[i] + (static_cast<unsigned>(r[i] - 'A') < 26u ? 32 : 0));
        }
        return 1 + m;
    }
    case designator_type::t10_vendor_id: {
        // Each run of spaces becomes one '_', trailing spaces are dropped,
        // the WWID ends at the first NUL (a '_' owed to the spaces before it
        // is still written). Eight bytes per step: a word without a space is
        // copied whole, a word of spaces skipped whole, a mixed word one run
        // of non-spaces at a time; the tail (under 8 bytes) byte by byte
        // without a branch (each byte is stored, kept only when it is not a
        // space). Stores reach at most 16 bytes past 1 + the designator's
        // length (<= 128): within the key's buffer.
        out[0] = '1';
        const std::size_t end = ident::detail::nul_index(p, len);
        std::size_t n = 1;
        bool spaces = false;
        std::size_t i = 0;
        const auto one = [&](byte b) {
            const bool space = b == ' ';
            out[n] = '_';
            n += static_cast<std::size_t>(spaces && !space);
            out[n] = b;
            n += static_cast<std::size_t>(!space);
            spaces = space;
        };
        for (; i + 8 <= end; i += 8) {
            const std::uint64_t found = ident::detail::bytes_equal(ident::detail::load_le64(p + i), ' ');
            if (found == 0) {
                out[n] = '_';
                n += static_cast<std::size_t>(spaces);
                for (std::size_t k = 0; k < 8; ++k) out[n + k] = p[i + k];
                n += 8;
                spaces = false;
            } else if (found == 0x8080808080808080ull) {
                spaces = true;
            } else {
                // Run by run: the first non-space from k, the next space
                // after it, the run stored as one word (bytes past it are
                // overwritten later or lie past the length).
                const std::uint64_t w = ident::detail::load_le64(p + i);
                unsigned k = 0;
                while (k < 8) {
                    const std::uint64_t rest = ~found & 0x8080808080808080ull & (~std::uint64_t{0} << (8 * k));
                    if (rest == 0) {
                        spaces = true; // spaces to the end of the word
                        break;
                    }
                    const auto s = static_cast<unsigned>(std::countr_zero(rest) / 8);
                    spaces = spaces || s > k;
                    const std::uint64_t space_after = found & (~std::uint64_t{0} << (8 * s));
                    const auto e = space_after == 0 ? 8u : static_cast<unsigned>(std::countr_zero(space_after) / 8);
                    out[n] = '_';
                    n += static_cast<std::size_t>(spaces);
                    const std::uint64_t v = w >> (8 * s);
                    for (unsigned j = 0; j < 8; ++j) out[n + j] = static_cast<byte>(v >> (8 * j));
                    n += e - s;
                    spaces = false;
                    k = e;
                }
            }
        }
        for (; i < end; ++i) one(p[i]);
        if (end < len && spaces) out[n++] = '_';
        return n < max ? n : max;
    }
    default: return 0;
    }
}
constexpr std::size_t render(const scsi::designation_descriptor& d, byte* out) noexcept
{
    const byte_view des = d.designator();
    return render(d.designator_type(), des.data(), des.size(), out);
}

} // namespace detail::multipath_tools

struct multipath_tools_scheme {
    static constexpr const char* name = "multipath-tools";
    static constexpr std::uint8_t id = 2;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::multipath_tools;
        const byte_view page = in.vpd83;
        if (page.empty()) return out.fail(errc::not_found);
        // parse_device_identification()'s checks, then the descriptors as
        // designation_descriptor_list walks them (raw, whatever layout()
        // says: multipath-tools walks every page the same way), straight on
        // the bytes: a header past the page or a designator running past it
        // ends the walk, a designator chosen before it is still used. The
        // walk ends early at a descriptor nothing later can beat.
        if (page.size() < scsi::vpd_page::header_size) return out.fail(errc::too_short);
        if (page[1] != scsi::vpd_page_code::device_identification) return out.fail(errc::wrong_page_code);
        const byte* p = page.data();
        const std::size_t declared = scsi::vpd_page::header_size + (std::size_t{p[2]} << 8 | p[3]);
        const std::size_t end = declared < page.size() ? declared : page.size();
        std::size_t chosen = 0;
        int best = 0;
        for (std::size_t at = scsi::vpd_page::header_size; end - at >= 4;) {
            const std::size_t length = p[at + 3];
            if (length > end - at - 4) break;
            if (const int priority_here = priority(p + at); priority_here > best) {
                best = priority_here;
                chosen = at;
                if (best == top_priority) break;
            }
            at += 4 + length;
        }
        if (best == 0) return out.fail(errc::not_found);

        // Rendered straight into the key (multipath-tools groups on the
        // WWID text) and hashed once; the text is those bytes.
        const auto type = static_cast<scsi::designator_type>(p[chosen + 1] & 0x0f);
        const byte_view designator(p + chosen + 4, p[chosen + 3]);
        out.reset();
        byte* wwid = out.key().prepare(id, static_cast<std::uint8_t>(type));
        out.key().commit(render(type, designator.data(), designator.size(), wwid));
        out.text().append(ascii_view(out.key().bytes()));
        return out.set(identity_source::designator, type, is_blank(identifier_part(type, designator)));
    }

private:
    // The part of the chosen designator that is all zero or spaces while the
    // device has no identifier.
    static constexpr byte_view identifier_part(scsi::designator_type type, byte_view des) noexcept
    {
        switch (type) {
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
