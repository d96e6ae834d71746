// SPDX-License-Identifier: MIT
// mpio/topology/nvme_discovery.hpp - an NVMe namespace's paths into the
// topology store, and ANA changes after them.
//
// nvme_subsystem (nvme_subsystem.hpp) owns what the NVMe data says: which
// controllers a namespace is reached through and each path's ANA group and
// state. The topology store is where the rest of mpio finds paths and
// multipath devices. These two functions carry the first into the second
// through the store's public API only:
//
//   - add_nvme_namespace(): each path of one namespace joins (or creates)
//     the multipath device of the namespace's identity key (from any NVMe
//     identity scheme: ident::nvme_schemes), with the path's ANA state as
//     its ALUA state (nvme::to_asymmetric_access_state) and its ANA group
//     as its target port group when it fits 16 bits. NVMe paths have no
//     SCSI target port: the port key stays invalid. A path is left
//     pending_verification, as topology_store::add_path() leaves it: the
//     caller verifies it (discovery.hpp's flow does the same).
//   - sync_nvme_ana_states(): after apply_ana_log() changed states, each
//     stored path of the subsystem gets its path's ALUA state again
//     (unavailable for a path whose ANA state is not known, e.g. after an
//     ANAGRPID mismatch). Returns how many stored paths were found.
#ifndef MPIO_TOPOLOGY_NVME_DISCOVERY_HPP
#define MPIO_TOPOLOGY_NVME_DISCOVERY_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/topology/nvme_subsystem.hpp>
#include <mpio/topology/path.hpp>
#include <mpio/topology/topology_store.hpp>

namespace mpio::topology {

// The path facts of one NVMe namespace path.
[[nodiscard]] constexpr path_facts nvme_path_facts(const nvme_namespace_path& p) noexcept
{
    path_facts f;
    f.has_alua_state = true;
    f.alua_state = p.alua_state();
    const std::uint32_t group = p.has_ana_state() ? p.ana_group() : p.anagrpid();
    if (group != 0 && group <= 0xFFFFu) {
        f.has_target_port_group = true;
        f.target_port_group = static_cast<std::uint16_t>(group);
    }
    return f;
}

// Every path of namespace `nsid` of `subsystem` into `topology`, under
// `key`. Returns the device index. Errors: not_found (no such namespace),
// invalid_argument (empty key), and add_path()'s (capacity_exceeded: the
// paths added before it stay).
template <class Storage, std::size_t MaxControllers, std::size_t MaxNamespaces>
constexpr result<device_index> add_nvme_namespace(basic_topology<Storage>& topology,
                                                  const nvme_subsystem<MaxControllers, MaxNamespaces>& subsystem,
                                                  std::uint32_t nsid, const ident::identity_key& key, tick now) noexcept
{
    const std::size_t n = subsystem.find_namespace(nsid);
    if (n == subsystem.no_entry) return failure(errc::not_found);
    if (key.empty()) return failure(errc::invalid_argument);
    const nvme_namespace<MaxControllers>& ns = subsystem.namespace_at(n);
    device_index device = no_index;
    for (std::size_t k = 0; k < ns.path_count(); ++k) {
        const nvme_namespace_path& p = ns.path_at(k);
        const result<add_result> added = topology.add_path(p.handle(), key, nvme_path_facts(p), now);
        if (!added) return failure(added.error());
        device = added->device;
    }
    if (device == no_index) return failure(errc::not_found);
    return device;
}

// Each stored path of `subsystem` takes its current ALUA state. Returns how
// many of the subsystem's paths were found in `topology`.
template <class Storage, std::size_t MaxControllers, std::size_t MaxNamespaces>
constexpr std::size_t sync_nvme_ana_states(basic_topology<Storage>& topology,
                                           const nvme_subsystem<MaxControllers, MaxNamespaces>& subsystem) noexcept
{
    std::size_t found = 0;
    for (std::size_t n = 0; n < subsystem.namespace_count(); ++n) {
        const nvme_namespace<MaxControllers>& ns = subsystem.namespace_at(n);
        for (std::size_t k = 0; k < ns.path_count(); ++k) {
            const nvme_namespace_path& p = ns.path_at(k);
            const path_index pi = topology.find_path(p.handle());
            if (pi == no_index) continue;
            topology.path_at(pi).set_alua_state(p.alua_state(), false);
            ++found;
        }
    }
    return found;
}

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_NVME_DISCOVERY_HPP
