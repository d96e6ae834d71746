// SPDX-License-Identifier: MIT
// mpio/ident/scheme_linux_nvme_wwid.hpp - the "linux-nvme-wwid" scheme: the
// string the Linux kernel shows in /sys/block/nvmeXnY/wwid (without the
// trailing newline), after the description of wwid_show() in
// drivers/nvme/host/core.c. multipath-tools and udev read it as the NVMe
// WWID.
//
// The kernel's choice, first match wins, over the namespace identifiers it
// assembled (nvme_namespace_ids(), ident/nvme_identity.hpp):
//   1. UUID not all zero:  "uuid." + the UUID as %pU prints it:
//                          8-4-4-4-12 lower-case hex digits, bytes in order;
//   2. NGUID not all zero: "eui." + 32 lower-case hex digits (%16phN);
//   3. EUI64 not all zero: "eui." + 16 lower-case hex digits (%8phN);
//   4. otherwise           "nvme." + VID as 4 hex digits + "-" + the serial
//                          number + "-" + the model number + "-" + NSID as
//                          8 hex digits ("nvme.%04x-%*phN-%*phN-%08x"), the
//                          serial (SN, 20 bytes) and model (MN, 40 bytes)
//                          with trailing spaces and NULs removed and every
//                          remaining byte printed as two hex digits.
// VID, SN and MN are those of the Identify Controller data (the kernel keeps
// the first controller's in its subsystem). At most 140 characters, so the
// text is the key (kind: the branch, nvme_wwid_kind).
//
// Status: found, except for branch 4 with a serial number that is empty
// once trimmed: the kernel still prints "nvme.VVVV--...", which mpio reports
// as not_ready (never group on it). Errors (status none): no Identify
// Controller (errc::not_found), NSID 0 or FFFFFFFFh (errc::invalid_argument),
// data shorter than the parsers accept (errc::too_short), and a namespace
// whose NCAP is 0 - not allocated, which the kernel does not create
// (errc::not_ready).
#ifndef MPIO_IDENT_SCHEME_LINUX_NVME_WWID_HPP
#define MPIO_IDENT_SCHEME_LINUX_NVME_WWID_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/nvme_identity.hpp>
#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

// Which branch of wwid_show() produced the identifier (the key's kind).
enum class nvme_wwid_kind : std::uint8_t {
    uuid = 1,
    nguid = 2,
    eui64 = 3,
    vid_serial_model_nsid = 4,
};

[[nodiscard]] constexpr const char* to_string(nvme_wwid_kind k) noexcept
{
    switch (k) {
    case nvme_wwid_kind::uuid: return "uuid";
    case nvme_wwid_kind::nguid: return "nguid";
    case nvme_wwid_kind::eui64: return "eui64";
    case nvme_wwid_kind::vid_serial_model_nsid: return "vid-serial-model-nsid";
    }
    return "unknown";
}

namespace detail::linux_nvme_wwid {

constexpr void append_hex_number(ident::detail::key_text& out, std::uint32_t value, unsigned digits) noexcept
{
    constexpr char hex[] = "0123456789abcdef";
    for (unsigned i = digits; i > 0; --i) out.append(hex[(value >> (4 * (i - 1))) & 0xFu]);
}

// %pU: the 16 bytes in order, dashes after bytes 4, 6, 8 and 10.
constexpr void append_uuid(ident::detail::key_text& out, byte_view uuid) noexcept
{
    for (std::size_t i = 0; i < uuid.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.append('-');
        out.append_hex(uuid.subview(i, 1));
    }
}

// The bytes before the trailing spaces and NULs.
constexpr byte_view trim_trailing(byte_view field) noexcept
{
    std::size_t n = field.size();
    while (n > 0 && (field[n - 1] == ' ' || field[n - 1] == 0)) --n;
    return field.first(n);
}

} // namespace detail::linux_nvme_wwid

struct linux_nvme_wwid_scheme {
    static constexpr const char* name = "linux-nvme-wwid";
    static constexpr std::uint8_t id = 8;

    static constexpr identity_status derive(const nvme_identity_input& in, device_identity& out) noexcept
    {
        using namespace detail::linux_nvme_wwid;
        const result<nvme::namespace_ids> ids = nvme_namespace_ids(in);
        if (!ids) return out.fail(ids.error());
        if (!in.identify_namespace.empty() && nvme::parse_identify_namespace(in.identify_namespace)->ncap() == 0)
            return out.fail(errc::not_ready);

        ident::detail::key_text wwid;
        nvme_wwid_kind kind;
        bool blank = false;
        scsi::designator_type type = scsi::designator_type::eui64;
        identity_source source = identity_source::designator;
        if (!is_all_zero(byte_view(ids->uuid))) {
            kind = nvme_wwid_kind::uuid;
            type = scsi::designator_type::uuid;
            wwid.append("uuid.");
            append_uuid(wwid, byte_view(ids->uuid));
        } else if (!is_all_zero(byte_view(ids->nguid))) {
            kind = nvme_wwid_kind::nguid;
            wwid.append("eui.").append_hex(byte_view(ids->nguid));
        } else if (!is_all_zero(byte_view(ids->eui64))) {
            kind = nvme_wwid_kind::eui64;
            wwid.append("eui.").append_hex(byte_view(ids->eui64));
        } else {
            kind = nvme_wwid_kind::vid_serial_model_nsid;
            type = scsi::designator_type::vendor_specific;
            source = identity_source::unit_serial_number;
            const nvme::identify_controller ctrl = *nvme::parse_identify_controller(in.identify_controller);
            const byte_view serial = trim_trailing(ctrl.sn().bytes());
            const byte_view model = trim_trailing(ctrl.mn().bytes());
            blank = serial.empty();
            wwid.append("nvme.");
            append_hex_number(wwid, ctrl.vid(), 4);
            wwid.append('-').append_hex(serial).append('-').append_hex(model).append('-');
            append_hex_number(wwid, in.nsid, 8);
        }
        out.reset();
        out.key().assign(id, static_cast<std::uint8_t>(kind), wwid.view());
        out.set(source, type, blank);
        for (const byte b : wwid.view()) out.text().append(static_cast<char>(b));
        return out.status();
    }
};

static_assert(nvme_identity_scheme<linux_nvme_wwid_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_LINUX_NVME_WWID_HPP
