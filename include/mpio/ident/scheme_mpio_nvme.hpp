// SPDX-License-Identifier: MIT
// mpio/ident/scheme_mpio_nvme.hpp - the "mpio-nvme" scheme: mpio's own
// choice of the identifier of an NVMe namespace, by rank (docs/identity.md,
// "Scheme mpio-nvme", gives the reasons):
//   1. NGUID not all zero    "nguid." + 32 lower-case hex digits
//   2. EUI64 not all zero    "eui." + 16 hex digits
//   3. UUID not all zero     "uuid." + 8-4-4-4-12 hex digits
//   4. SUBNQN not blank      SUBNQN + "/nsid." + NSID as 8 hex digits
//   5. otherwise             "nvme." + VID as 4 hex digits + "." + SN + "." +
//                            MN + "/nsid." + NSID as 8 hex digits (SN and MN
//                            without trailing spaces and NULs, unprintable
//                            bytes as \xNN)
// The identifiers are assembled as the kernel does (nvme_namespace_ids():
// descriptors from NVMe 1.3, then Identify Namespace). All zero means "not
// reported" in the specification, so an all-zero identifier is skipped, not
// "not ready".
//
// Key (kind = rank): the identifier's bytes; for rank 4 the SUBNQN bytes up
// to its NUL and the NSID (4 bytes, most significant first); for rank 5 VID
// (2 bytes), the whole 20-byte SN and 40-byte MN fields as returned, and the
// NSID.
//
// mpio choices beyond the ranks:
//   - a descriptor list (read from NVMe 1.3) and Identify Namespace that
//     both report a non-zero NGUID, or both a non-zero EUI64, and disagree:
//     none(errc::identity_mismatch) - the controller contradicts itself, and
//     picking either could give this path another identity than its peers;
//   - rank 5 with an SN that is blank once trimmed: not_ready;
//   - NCAP 0 (namespace not allocated): none(errc::not_ready);
//   - errors as nvme_namespace_ids(): NSID 0 or FFFFFFFFh
//     (invalid_argument), no Identify Controller (not_found), data shorter
//     than the parsers accept (too_short); a SUBNQN too long for the key
//     (more than 252 bytes before its NUL): capacity_exceeded.
#ifndef MPIO_IDENT_SCHEME_MPIO_NVME_HPP
#define MPIO_IDENT_SCHEME_MPIO_NVME_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/nvme_identity.hpp>
#include <mpio/ident/scheme_linux_nvme_wwid.hpp>
#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>
#include <mpio/nvme/namespace_identification_descriptors.hpp>

namespace mpio::ident {

// The rank that produced the identifier (the key's kind).
enum class mpio_nvme_rank : std::uint8_t {
    nguid = 1,
    eui64 = 2,
    uuid = 3,
    subnqn_nsid = 4,
    vid_serial_model_nsid = 5,
};

[[nodiscard]] constexpr const char* to_string(mpio_nvme_rank r) noexcept
{
    switch (r) {
    case mpio_nvme_rank::nguid: return "nguid";
    case mpio_nvme_rank::eui64: return "eui64";
    case mpio_nvme_rank::uuid: return "uuid";
    case mpio_nvme_rank::subnqn_nsid: return "subnqn-nsid";
    case mpio_nvme_rank::vid_serial_model_nsid: return "vid-serial-model-nsid";
    }
    return "unknown";
}

namespace detail::mpio_nvme {

// True when the descriptor list and Identify Namespace both report `field`
// non-zero and differently.
constexpr bool contradicts(const nvme::namespace_identification_descriptors& list, nvme::namespace_identifier_type t,
                           byte_view from_identify) noexcept
{
    const result<byte_view> d = list.find(t);
    if (!d || d->size() != from_identify.size() || is_all_zero(*d) || is_all_zero(from_identify)) return false;
    return !(*d == from_identify);
}

} // namespace detail::mpio_nvme

struct mpio_nvme_scheme {
    static constexpr const char* name = "mpio-nvme";
    static constexpr std::uint8_t id = 11;

    static constexpr identity_status derive(const nvme_identity_input& in, device_identity& out) noexcept
    {
        using detail::linux_nvme_wwid::append_hex_number;
        using detail::linux_nvme_wwid::append_uuid;
        const result<nvme::namespace_ids> ids = nvme_namespace_ids(in);
        if (!ids) return out.fail(ids.error());
        const nvme::identify_controller ctrl = *nvme::parse_identify_controller(in.identify_controller);
        const std::uint32_t vs = in.vs != 0 ? in.vs : ctrl.ver();
        if (!in.identify_namespace.empty()) {
            const nvme::identify_namespace ns = *nvme::parse_identify_namespace(in.identify_namespace);
            if (ns.ncap() == 0) return out.fail(errc::not_ready);
            if (vs >= nvme_version(1, 3) && !in.ns_descriptors.empty()) {
                const nvme::namespace_identification_descriptors list(in.ns_descriptors);
                if (detail::mpio_nvme::contradicts(list, nvme::namespace_identifier_type::nguid, ns.nguid()) ||
                    detail::mpio_nvme::contradicts(list, nvme::namespace_identifier_type::eui64, ns.eui64()))
                    return out.fail(errc::identity_mismatch);
            }
        }

        const byte nsid[4] = {static_cast<byte>(in.nsid >> 24), static_cast<byte>(in.nsid >> 16),
                              static_cast<byte>(in.nsid >> 8), static_cast<byte>(in.nsid)};
        detail::key_text text;
        mpio_nvme_rank rank;
        bool fits = true;
        bool blank = false;
        scsi::designator_type type = scsi::designator_type::eui64;
        identity_source source = identity_source::designator;
        out.reset();
        if (!is_all_zero(byte_view(ids->nguid))) {
            rank = mpio_nvme_rank::nguid;
            text.append("nguid.").append_hex(byte_view(ids->nguid));
            fits = out.key().assign(id, static_cast<std::uint8_t>(rank), byte_view(ids->nguid));
        } else if (!is_all_zero(byte_view(ids->eui64))) {
            rank = mpio_nvme_rank::eui64;
            text.append("eui.").append_hex(byte_view(ids->eui64));
            fits = out.key().assign(id, static_cast<std::uint8_t>(rank), byte_view(ids->eui64));
        } else if (!is_all_zero(byte_view(ids->uuid))) {
            rank = mpio_nvme_rank::uuid;
            type = scsi::designator_type::uuid;
            text.append("uuid.");
            append_uuid(text, byte_view(ids->uuid));
            fits = out.key().assign(id, static_cast<std::uint8_t>(rank), byte_view(ids->uuid));
        } else if (const ascii_view subnqn = ctrl.subnqn(); !is_blank(subnqn.bytes())) {
            rank = mpio_nvme_rank::subnqn_nsid;
            type = scsi::designator_type::scsi_name_string;
            fits = out.key().assign(id, static_cast<std::uint8_t>(rank), subnqn.bytes(), byte_view(nsid));
            out.text().append(subnqn, unprintable::hex_escape);
            text.append("/nsid.");
            append_hex_number(text, in.nsid, 8);
        } else {
            rank = mpio_nvme_rank::vid_serial_model_nsid;
            type = scsi::designator_type::vendor_specific;
            source = identity_source::unit_serial_number;
            blank = is_blank(ctrl.sn().bytes());
            const byte vid[2] = {static_cast<byte>(ctrl.vid() >> 8), static_cast<byte>(ctrl.vid())};
            byte fields[64]{}; // VID, SN (20), MN (40), then the NSID as the third part
            for (std::size_t i = 0; i < 2; ++i) fields[i] = vid[i];
            for (std::size_t i = 0; i < 20 && i < ctrl.sn().size(); ++i) fields[2 + i] = ctrl.sn().bytes()[i];
            for (std::size_t i = 0; i < 40 && i < ctrl.mn().size(); ++i) fields[22 + i] = ctrl.mn().bytes()[i];
            fits = out.key().assign(id, static_cast<std::uint8_t>(rank), byte_view(fields, 62), byte_view(nsid));
            out.text().append("nvme.");
            const char hex[] = "0123456789abcdef";
            const unsigned vendor = ctrl.vid(); // unsigned before the shift (not promoted to int)
            for (unsigned shift = 16; shift > 0; shift -= 4) out.text().append(hex[(vendor >> (shift - 4)) & 0xFu]);
            out.text().append('.').append(ctrl.sn().trim_right(), unprintable::hex_escape);
            out.text().append('.').append(ctrl.mn().trim_right(), unprintable::hex_escape);
            text.append("/nsid.");
            append_hex_number(text, in.nsid, 8);
        }
        if (!fits) return out.fail(errc::capacity_exceeded);
        for (const byte b : text.view()) out.text().append(static_cast<char>(b));
        return out.set(source, type, blank);
    }
};

static_assert(nvme_identity_scheme<mpio_nvme_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_MPIO_NVME_HPP
