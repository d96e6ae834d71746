// SPDX-License-Identifier: MIT
// mpio/ident/nvme_identity.hpp - what an NVMe identity scheme reads, and the
// namespace identifiers as the Linux kernel assembles them.
//
// A SCSI scheme reads INQUIRY and VPD pages (identity_input, an
// identity_scheme); an NVMe scheme reads the Identify data of one path
// (nvme_identity_input) and writes the same device_identity, so topology
// groups NVMe paths by the same key type. Run-time selection of NVMe schemes
// is in ident/nvme_schemes.hpp, next to (not inside) the SCSI table of
// ident/schemes.hpp. docs/identity.md and docs/nvme.md explain the choices.
//
// nvme_namespace_ids() fills the kernel's struct nvme_ns_ids, after the
// description of drivers/nvme/host/core.c:
//   1. the Namespace Identification Descriptor list (CNS 03h), read when the
//      controller's version is 1.3 or later (nvme_identify_ns_descs()); a
//      malformed descriptor ends the walk, the ones before it count;
//   2. then Identify Namespace: EUI64 when the version is 1.1 or later and
//      no descriptor gave a non-zero EUI-64, NGUID when 1.2 or later and no
//      descriptor gave a non-zero NGUID (nvme_ns_info_from_identify()).
// The version is the controller's VS register as the kernel reads it
// (ctrl->vs); nvme_identity_input::vs, or Identify Controller VER when 0.
// Controller quirks (NVME_QUIRK_BOGUS_NID, NO_NS_DESC_LIST) are per PCI ID
// tables and are not modelled: a caller that knows one applies it to its
// input (drop the descriptors, or the identifiers).
#ifndef MPIO_IDENT_NVME_IDENTITY_HPP
#define MPIO_IDENT_NVME_IDENTITY_HPP

#include <mpio/core/config.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>
#include <mpio/nvme/namespace_identification_descriptors.hpp>

namespace mpio::ident {

// What one path returned; an empty view means "not available".
struct nvme_identity_input {
    byte_view identify_controller{}; // Identify, CNS 01h (required)
    byte_view identify_namespace{};  // Identify, CNS 00h, for `nsid`
    byte_view ns_descriptors{};      // Identify, CNS 03h, for `nsid`
    std::uint32_t nsid = 0;          // the namespace identifier (1..FFFFFFFEh)
    std::uint32_t vs = 0;            // the VS register; 0: use Identify Controller VER
};

// NVMe versions as the VS register / VER field encode them.
[[nodiscard]] constexpr std::uint32_t nvme_version(std::uint32_t major, std::uint32_t minor,
                                                   std::uint32_t tertiary = 0) noexcept
{
    return (major << 16) | (minor << 8) | tertiary;
}

[[nodiscard]] constexpr bool is_all_zero(byte_view b) noexcept
{
    for (const byte x : b)
        if (x != 0) return false;
    return true;
}

// The kernel's struct nvme_ns_ids for `in` (see the header comment).
// Errors: errc::invalid_argument for NSID 0 or FFFFFFFFh, errc::not_found
// without Identify Controller, the parser's error when it is too short.
[[nodiscard]] constexpr result<nvme::namespace_ids> nvme_namespace_ids(const nvme_identity_input& in) noexcept
{
    if (in.nsid == 0 || in.nsid == 0xFFFFFFFFu) return failure(errc::invalid_argument);
    if (in.identify_controller.empty()) return failure(errc::not_found);
    const auto ctrl = nvme::parse_identify_controller(in.identify_controller);
    if (!ctrl) return failure(ctrl.error());
    const std::uint32_t vs = in.vs != 0 ? in.vs : ctrl->ver();

    nvme::namespace_ids ids;
    if (vs >= nvme_version(1, 3) && !in.ns_descriptors.empty())
        (void)nvme::collect_namespace_ids(nvme::namespace_identification_descriptors(in.ns_descriptors), ids);
    if (!in.identify_namespace.empty()) {
        const auto ns = nvme::parse_identify_namespace(in.identify_namespace);
        if (!ns) return failure(ns.error());
        if (vs >= nvme_version(1, 1) && is_all_zero(byte_view(ids.eui64)) && ns->eui64().size() == 8)
            for (std::size_t i = 0; i < 8; ++i) ids.eui64[i] = ns->eui64()[i];
        if (vs >= nvme_version(1, 2) && is_all_zero(byte_view(ids.nguid)) && ns->nguid().size() == 16)
            for (std::size_t i = 0; i < 16; ++i) ids.nguid[i] = ns->nguid()[i];
    }
    return ids;
}

// An NVMe scheme: a stable name, a one-byte id (kept in the key, distinct
// from every SCSI scheme's) and derive(input, out), which overwrites `out`.
template <class S>
concept nvme_identity_scheme = requires(const nvme_identity_input& in, device_identity& out)
{
    {
        S::name
        } -> std::convertible_to<const char*>;
    {
        S::id
        } -> std::convertible_to<std::uint8_t>;
    {
        S::derive(in, out)
    }
    noexcept->std::same_as<identity_status>;
};

template <nvme_identity_scheme S>
[[nodiscard]] constexpr device_identity derive_nvme_identity(const nvme_identity_input& in) noexcept
{
    device_identity id;
    S::derive(in, id);
    return id;
}

} // namespace mpio::ident

#endif // MPIO_IDENT_NVME_IDENTITY_HPP
