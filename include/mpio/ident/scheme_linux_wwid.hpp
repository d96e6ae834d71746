// SPDX-License-Identifier: MIT
// mpio/ident/scheme_linux_wwid.hpp - the Linux kernel's sysfs `wwid`
// attribute ("linux-wwid"): drivers/scsi/scsi_lib.c designator_prio() and
// scsi_vpd_lun_id() in the form torvalds/linux commit 2e4209b3806c ("scsi:
// core: Fix VPD LUN ID designator priorities", merged for Linux 5.11) gave
// them, reproduced byte for byte. /sys/class/scsi_device/H:C:T:L/device/wwid
// is this string plus '\n' (scsi_sysfs.c sdev_show_wwid()); the newline is
// not part of the identifier.
//
// The walk over the Device Identification VPD page (SPC-6 7.7.6) looks only
// at ASSOCIATION = logical unit, ignores CODE SET, skips DESIGNATOR LENGTH 0.
// Priorities (designator_prio()):
//
//   9  SCSI name string              4  NAA 4h (extended; obsolete)
//   8  NAA 6h (any length)           3  EUI-64, length 8
//   7  EUI-64, length 16             1  T10 vendor ID
//   6  EUI-64, length 12             1  NAA 3h (locally assigned)
//   5  NAA 5h (any length)           0  anything else (NAA 2h, other EUI
//                                       lengths, MD5, UUID, ports ...)
//
// A descriptor of LOWER priority than the current one is skipped; one of
// equal or higher priority replaces it (so the LAST of equal priority wins),
// except that a T10 vendor ID or SCSI name string whose DESIGNATOR LENGTH is
// smaller than the current one's is skipped. An NAA designator of length
// other than 8 or 16 takes the priority but prints nothing: the previous
// string stays. Rendering:
//   NAA            "naa." + lowercase hex (%8phN / %16phN)
//   EUI-64         "eui." + lowercase hex
//   T10 vendor ID  "t10." + the bytes as %*pE prints them (escape_t10 below)
//   name string    the DESIGNATOR LENGTH bytes as they are, NUL padding
//                  included (memcpy; the returned length is DESIGNATOR LENGTH)
// The key is the identifier bytes: exactly what the kernel returns.
//
// Overrunning descriptors: the kernel trusts DESIGNATOR LENGTH (it reads past
// the page); mpio stops the walk there, keeping a designator already chosen.
#ifndef MPIO_IDENT_SCHEME_LINUX_WWID_HPP
#define MPIO_IDENT_SCHEME_LINUX_WWID_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

namespace detail::linux_wwid {

using scsi::designator_type;

// designator_prio(); 0 when the descriptor can never be chosen.
constexpr int priority(const scsi::designation_descriptor& d) noexcept
{
    if (d.association() != scsi::association::logical_unit) return 0;
    const std::size_t length = d.designator_length();
    if (length == 0) return 0;
    switch (d.designator_type()) {
    case designator_type::scsi_name_string: return 9;
    case designator_type::naa:
        switch (d.designator().at_or(0) >> 4) {
        case 6: return 8;
        case 5: return 5;
        case 4: return 4;
        case 3: return 1;
        default: return 0;
        }
    case designator_type::eui64: return length == 16 ? 7 : length == 12 ? 6 : length == 8 ? 3 : 0;
    case designator_type::t10_vendor_id: return 1;
    default: return 0;
    }
}

// The kernel's isprint() (lib/ctype.c is Latin-1): 20h..7Eh and A0h..FFh.
constexpr bool kernel_isprint(byte c) noexcept { return (c >= 0x20 && c <= 0x7e) || c >= 0xa0; }

// %*pE: string_escape_mem() with ESCAPE_ANY_NP. Printable bytes pass through;
// the others are, in this order, \n \r \t \v \f (ESCAPE_SPACE), \a \e
// (ESCAPE_SPECIAL), \0 (ESCAPE_NULL), else \ooo (ESCAPE_OCTAL).
template <class Text>
constexpr void escape_t10(byte_view bytes, Text& out) noexcept
{
    // Printable ASCII only (the usual T10 vendor ID): nothing to escape,
    // copied whole.
    if (ident::detail::all_printable(bytes)) {
        out.append(bytes);
        return;
    }
    for (const byte c : bytes) {
        if (kernel_isprint(c)) {
            out.append(static_cast<char>(c));
            continue;
        }
        char letter = '\0';
        switch (c) {
        case '\n': letter = 'n'; break;
        case '\r': letter = 'r'; break;
        case '\t': letter = 't'; break;
        case '\v': letter = 'v'; break;
        case '\f': letter = 'f'; break;
        case '\a': letter = 'a'; break;
        case 0x1b: letter = 'e'; break;
        case 0x00: letter = '0'; break;
        default: break;
        }
        out.append('\\');
        if (letter != '\0') {
            out.append(letter);
        } else {
            out.append(static_cast<char>('0' + ((c >> 6) & 7)))
                .append(static_cast<char>('0' + ((c >> 3) & 7)))
                .append(static_cast<char>('0' + (c & 7)));
        }
    }
}

// What scsi_vpd_lun_id() leaves in its buffer for the chosen descriptor.
template <class Text>
constexpr void render(const scsi::designation_descriptor& d, Text& out) noexcept
{
    const byte_view des = d.designator();
    switch (d.designator_type()) {
    case designator_type::naa: out.append("naa.").append_hex(des); break;
    case designator_type::eui64: out.append("eui.").append_hex(des); break;
    case designator_type::t10_vendor_id:
        out.append("t10.");
        escape_t10(des, out);
        break;
    case designator_type::scsi_name_string: // memcpy: NULs and all
        out.append(des);
        break;
    default: break;
    }
}

// "t10." + 255 bytes escaped to 4 characters each (1024) could be longer
// than a key (256): derive() reports errc::overflow then.

} // namespace detail::linux_wwid

struct linux_wwid_scheme {
    static constexpr const char* name = "linux-wwid";
    static constexpr std::uint8_t id = 3;

    static constexpr identity_status derive(const identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::linux_wwid;
        if (in.vpd83.empty()) return out.fail(errc::not_found);
        const auto page = scsi::parse_device_identification(in.vpd83);
        if (!page) return out.fail(page.error());

        // scsi_vpd_lun_id()'s state: cur_id_prio, cur_id_size and the
        // descriptor last printed into `id` (each print replaces the whole
        // string, so the result is the rendering of that one descriptor).
        // The kernel walks every page the same way, pre-SPC-2 or not.
        int cur_prio = 0;
        std::size_t cur_size = 0;
        bool printed = false;
        scsi::designation_descriptor chosen;
        const scsi::designation_descriptor_list list(page->payload());
        for (auto it = list.begin(); !it.done(); ++it) {
            const scsi::designation_descriptor d = *it;
            const int prio = priority(d);
            if (prio == 0 || cur_prio > prio) continue;
            const std::size_t length = d.designator_length();
            switch (d.designator_type()) {
            case designator_type::t10_vendor_id:
            case designator_type::scsi_name_string:
                if (cur_size > length) continue; // a shorter one never replaces
                printed = true;
                chosen = d;
                break;
            case designator_type::eui64: // priority() admits lengths 8, 12, 16
                printed = true;
                chosen = d;
                break;
            case designator_type::naa:
                // Any length takes the priority; only 8 and 16 print.
                if (length == 8 || length == 16) {
                    printed = true;
                    chosen = d;
                }
                break;
            default: break;
            }
            cur_prio = prio;
            cur_size = length;
        }
        if (!printed) return out.fail(errc::not_found);

        // The rendering is the key: rendered straight into key-sized bytes
        // (a t10. ID escaped past 256 bytes has no exact key).
        ident::detail::key_text wwid;
        render(chosen, wwid);
        if (wwid.overflowed()) return out.fail(errc::overflow);
        out.reset();
        out.key().assign(id, static_cast<std::uint8_t>(chosen.designator_type()), wwid.view());
        out.set(identity_source::designator, chosen.designator_type(), is_blank(identifier_part(chosen)));
        ident::detail::append_raw(out.text(), wwid.view());
        return out.status();
    }

private:
    // The part of the chosen designator that is all zero or spaces while the
    // device has no identifier. When nothing follows the fixed part (a T10
    // vendor ID of 8 bytes or fewer, a name string of 4 bytes or fewer), the
    // whole designator: the kernel shows such a wwid like any other, so it
    // is found unless it is blank as a whole.
    static constexpr byte_view identifier_part(const scsi::designation_descriptor& d) noexcept
    {
        const byte_view des = d.designator();
        byte_view part = des;
        switch (d.designator_type()) {
        case scsi::designator_type::naa: part = (des.at_or(0) & 0x0f) != 0 ? des : des.subview(1); break;
        case scsi::designator_type::scsi_name_string: part = des.subview(4); break;
        case scsi::designator_type::t10_vendor_id: part = des.subview(8); break;
        default: break;
        }
        return part.empty() ? des : part;
    }
};

static_assert(identity_scheme<linux_wwid_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_LINUX_WWID_HPP
