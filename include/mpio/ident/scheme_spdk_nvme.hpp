// SPDX-License-Identifier: MIT
// mpio/ident/scheme_spdk_nvme.hpp - SPDK's "same namespace" rule for NVMe
// multipath, after the description of spdk/spdk:
//   module/bdev/nvme/bdev_nvme.c  nvme_ctrlr_populate_namespace() (a path
//                                 joins the bdev of its NSID,
//                                 nvme_bdev_ctrlr_get_bdev()), nvme_bdev_add_ns()
//                                 (the joining namespace must have NMIC bit 0,
//                                 shared, set) and bdev_nvme_compare_ns();
//   lib/nvme/nvme_ns.c            nvme_ctrlr_identify_id_desc(),
//                                 nvme_ns_set_id_desc_list_data(),
//                                 nvme_ns_find_id_desc(), spdk_nvme_ns_get_uuid(),
//                                 nvme_ns_get_csi().
//
// The identifiers SPDK compares (spdk_namespace_ids()):
//   - NGUID and EUI64 of Identify Namespace; when that field is all zero, the
//     first descriptor of its type with the right NIDL fills it (a
//     descriptor that differs from a non-zero Identify value is ignored);
//   - UUID: the first UUID descriptor, or none; a UUID descriptor whose NIDL
//     is not 16 counts as none;
//   - CSI: the first CSI descriptor (NIDL 1), else NVM (0).
// The descriptor list is read when the controller's version is 1.3 or
// later (CAP.CSS, the other condition, is a register mpio is not given).
// SPDK's walk takes the FIRST descriptor of a type (the kernel keeps the
// last), skips unknown types, and stops at NIDL 0 or at a descriptor that
// runs past the data.
//
// bdev_nvme_compare_ns(): NGUID equal, EUI64 equal, both without a UUID or
// both with equal UUIDs, and CSI equal. All-zero values compare equal, so
// two namespaces without any identifier are "the same" for SPDK: the
// user's controller name and the NSID are what groups them.
//
// spdk_same_namespace(existing, joining) is that pairwise rule with the
// NSID and the NMIC check of the joining path. spdk_nvme_scheme is the same
// rule as a key (NSID + NGUID + EUI64 + UUID-or-none + CSI), so equal keys
// are exactly the pairs bdev_nvme_compare_ns() accepts with equal NSIDs.
// A key is found, but unsafe_to_group() when the namespace is not shared
// (NMIC bit 0 clear: SPDK refuses every path after the first) or carries
// no non-zero identifier at all (unrelated namespaces share that key).
#ifndef MPIO_IDENT_SCHEME_SPDK_NVME_HPP
#define MPIO_IDENT_SCHEME_SPDK_NVME_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/nvme_identity.hpp>
#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>

namespace mpio::ident {

// The identifiers of one namespace as SPDK holds them.
struct spdk_namespace_ids {
    byte nguid[16]{};
    byte eui64[8]{};
    byte uuid[16]{};
    bool has_uuid = false;
    std::uint8_t csi = 0;
    bool nmic_shared = false;
    std::uint32_t nsid = 0;
};

namespace detail::spdk_nvme {

// nvme_ns_find_id_desc(): the NID of the first descriptor of `type`, its
// NIDL in `length`; empty when the walk ends first.
constexpr byte_view find_descriptor(byte_view list, std::uint8_t type, std::size_t& length) noexcept
{
    std::size_t offset = 0;
    while (offset + 4 < list.size()) {
        const std::size_t nidl = list[offset + 1];
        if (nidl == 0) return {};
        if (offset + nidl + 4 > list.size()) return {};
        if (list[offset] == type) {
            length = nidl;
            return list.subview(offset + 4, nidl);
        }
        offset += 4 + nidl;
    }
    return {};
}

constexpr void backfill(byte_view descriptors, std::uint8_t type, byte* field, std::size_t size) noexcept
{
    std::size_t length = 0;
    const byte_view nid = find_descriptor(descriptors, type, length);
    if (nid.empty() || length != size || !is_all_zero(byte_view(field, size))) return;
    for (std::size_t i = 0; i < size; ++i) field[i] = nid[i];
}

} // namespace detail::spdk_nvme

// What SPDK compares for `in`. Errors: errc::invalid_argument for NSID 0 or
// FFFFFFFFh, errc::not_found without Identify Controller or Identify
// Namespace (SPDK has both before it compares), the parsers' errors.
[[nodiscard]] constexpr result<spdk_namespace_ids> spdk_namespace_ids_of(const nvme_identity_input& in) noexcept
{
    using namespace detail::spdk_nvme;
    if (in.nsid == 0 || in.nsid == 0xFFFFFFFFu) return failure(errc::invalid_argument);
    if (in.identify_controller.empty() || in.identify_namespace.empty()) return failure(errc::not_found);
    const auto ctrl = nvme::parse_identify_controller(in.identify_controller);
    if (!ctrl) return failure(ctrl.error());
    const auto ns = nvme::parse_identify_namespace(in.identify_namespace);
    if (!ns) return failure(ns.error());
    const std::uint32_t vs = in.vs != 0 ? in.vs : ctrl->ver();

    spdk_namespace_ids ids;
    ids.nsid = in.nsid;
    ids.nmic_shared = ns->nmic_shared();
    for (std::size_t i = 0; i < 16 && i < ns->nguid().size(); ++i) ids.nguid[i] = ns->nguid()[i];
    for (std::size_t i = 0; i < 8 && i < ns->eui64().size(); ++i) ids.eui64[i] = ns->eui64()[i];
    const byte_view descriptors = vs >= nvme_version(1, 3) ? in.ns_descriptors : byte_view{};
    std::size_t length = 0;
    const byte_view csi = find_descriptor(descriptors, 4, length);
    if (!csi.empty() && length == 1) ids.csi = csi[0];
    backfill(descriptors, 2, ids.nguid, 16);
    backfill(descriptors, 1, ids.eui64, 8);
    const byte_view uuid = find_descriptor(descriptors, 3, length);
    if (!uuid.empty() && length == 16) {
        ids.has_uuid = true;
        for (std::size_t i = 0; i < 16; ++i) ids.uuid[i] = uuid[i];
    }
    return ids;
}

// bdev_nvme_compare_ns(): the identifiers alone.
[[nodiscard]] constexpr bool spdk_compare_ns(const spdk_namespace_ids& a, const spdk_namespace_ids& b) noexcept
{
    return byte_view(a.nguid) == byte_view(b.nguid) && byte_view(a.eui64) == byte_view(b.eui64) &&
           a.has_uuid == b.has_uuid && (!a.has_uuid || byte_view(a.uuid) == byte_view(b.uuid)) && a.csi == b.csi;
}

// Why SPDK would (not) add `joining` as a path of the bdev `existing` built.
enum class spdk_same_namespace_verdict : std::uint8_t {
    same,           // nvme_bdev_add_ns() accepts the path
    different_nsid, // another bdev (nvme_bdev_ctrlr_get_bdev() looks up by NSID)
    not_shared,     // "Namespace cannot be shared." (NMIC bit 0 of `joining` clear)
    not_identical,  // "Namespaces are not identical." (bdev_nvme_compare_ns() false)
};

[[nodiscard]] constexpr const char* to_string(spdk_same_namespace_verdict v) noexcept
{
    switch (v) {
    case spdk_same_namespace_verdict::same: return "same";
    case spdk_same_namespace_verdict::different_nsid: return "different nsid";
    case spdk_same_namespace_verdict::not_shared: return "not shared";
    case spdk_same_namespace_verdict::not_identical: return "not identical";
    }
    return "unknown";
}

[[nodiscard]] constexpr spdk_same_namespace_verdict spdk_same_namespace(const spdk_namespace_ids& existing,
                                                                        const spdk_namespace_ids& joining) noexcept
{
    if (existing.nsid != joining.nsid) return spdk_same_namespace_verdict::different_nsid;
    if (!joining.nmic_shared) return spdk_same_namespace_verdict::not_shared;
    if (!spdk_compare_ns(joining, existing)) return spdk_same_namespace_verdict::not_identical;
    return spdk_same_namespace_verdict::same;
}

struct spdk_nvme_scheme {
    static constexpr const char* name = "spdk-nvme";
    static constexpr std::uint8_t id = 10;

    static constexpr identity_status derive(const nvme_identity_input& in, device_identity& out) noexcept
    {
        const result<spdk_namespace_ids> ids = spdk_namespace_ids_of(in);
        if (!ids) return out.fail(ids.error());
        const byte nsid[4] = {static_cast<byte>(ids->nsid >> 24), static_cast<byte>(ids->nsid >> 16),
                              static_cast<byte>(ids->nsid >> 8), static_cast<byte>(ids->nsid)};
        // NSID (4) + NGUID (16) + EUI64 (8) + UUID flag (1) + UUID (16, zero without one) + CSI (1).
        byte key[46]{};
        std::size_t at = 0;
        for (const byte b : nsid) key[at++] = b;
        for (const byte b : ids->nguid) key[at++] = b;
        for (const byte b : ids->eui64) key[at++] = b;
        key[at++] = ids->has_uuid ? 1 : 0;
        for (const byte b : ids->uuid) key[at++] = ids->has_uuid ? b : 0;
        key[at++] = ids->csi;

        out.reset();
        out.key().assign(id, 0, byte_view(key, at));
        // Text: nsid.NNNNNNNN-nguid.<32 hex>-eui64.<16 hex>-uuid.<32 hex or "none">-csi.NN
        detail::key_text t;
        constexpr char hex[] = "0123456789abcdef";
        t.append("nsid.").append_hex(byte_view(nsid)).append("-nguid.").append_hex(byte_view(ids->nguid));
        t.append("-eui64.").append_hex(byte_view(ids->eui64)).append("-uuid.");
        if (ids->has_uuid)
            t.append_hex(byte_view(ids->uuid));
        else
            t.append("none");
        t.append("-csi.").append(hex[ids->csi >> 4]).append(hex[ids->csi & 0xF]);
        for (const byte b : t.view()) out.text().append(static_cast<char>(b));
        const bool no_identifier = is_all_zero(byte_view(ids->nguid)) && is_all_zero(byte_view(ids->eui64)) &&
                                   (!ids->has_uuid || is_all_zero(byte_view(ids->uuid)));
        out.set(identity_source::designator, scsi::designator_type::vendor_specific, false);
        if (!ids->nmic_shared || no_identifier) out.mark_unsafe_to_group();
        return out.status();
    }
};

static_assert(nvme_identity_scheme<spdk_nvme_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_SPDK_NVME_HPP
