// SPDX-License-Identifier: MIT
// mpio/engine/path_config.hpp - what the engine needs to know about a path
// when it is added, and the one place it is made from a topology path.
//
// Two facts that look alike are kept apart on purpose:
//   - `alua_pref`: the PREF bit of the path's target port group (RTPG,
//     SPC-6 6.36), a property of the *group*, used by ALUA grouping and by
//     the STPG target choice;
//   - `preferred_path`: the administrator's preferred path (MSDSM Fail Over
//     Only / VMware FIXED), a property of *this path*, used by the selector
//     and by failback.
// Passing one as the other would mark every path of an A/O group preferred,
// so the topology conversion below never sets preferred_path.
#ifndef MPIO_ENGINE_PATH_CONFIG_HPP
#define MPIO_ENGINE_PATH_CONFIG_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/policy/path_selector.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/topology/path.hpp>

namespace mpio::engine {

struct path_config {
    topology::path_handle handle = 0;
    // Discovery verified the path (TUR / RTPG answered): it enters service at
    // once, without a verification command of its own.
    bool verified = false;
    bool has_target_port_group = false;
    std::uint16_t target_port_group = 0;
    bool has_alua_state = false;
    scsi::asymmetric_access_state alua_state = scsi::asymmetric_access_state::active_optimized;
    bool alua_pref = false;               // PREF bit of the path's target port group
    bool preferred_path = false;          // the administrator's preferred path (FOO / FIXED, failback)
    std::uint32_t weight = 0;             // MSDSM Weighted Paths: lower wins
    std::uint8_t relative_throughput = 1; // dm-ps-service-time
    std::uint16_t node = 0;               // NUMA node of the adapter
};

// The engine's view of a path found by discovery. The topology keeps the
// facts (port group, ALUA state read at discovery, weight); the engine takes
// them here once, then its path lifecycle owns the run-time state.
[[nodiscard]] constexpr path_config path_config_from(const topology::path& p) noexcept
{
    path_config c;
    c.handle = p.handle();
    c.verified = topology::carries_io(p.state());
    c.has_target_port_group = p.has_target_port_group();
    c.target_port_group = p.target_port_group();
    c.has_alua_state = p.has_alua_state();
    c.alua_state = p.alua_state();
    c.alua_pref = p.pref();
    c.weight = p.weight();
    return c;
}

// The selector's attributes for a path (what policy::path_table::add_path
// takes), from the engine's path_config and the path's current ALUA state.
[[nodiscard]] constexpr policy::path_attributes attributes_of(const path_config& c,
                                                              scsi::asymmetric_access_state alua) noexcept
{
    policy::path_attributes a;
    a.alua = alua;
    a.preferred = c.preferred_path;
    a.weight = c.weight;
    a.relative_throughput = c.relative_throughput;
    a.node = c.node;
    return a;
}

// The same straight from a topology path (for a caller that drives a
// selector without the engine).
[[nodiscard]] constexpr policy::path_attributes attributes_of(const topology::path& p) noexcept
{
    return attributes_of(path_config_from(p),
                         p.has_alua_state() ? p.alua_state() : scsi::asymmetric_access_state::active_optimized);
}

} // namespace mpio::engine

#endif // MPIO_ENGINE_PATH_CONFIG_HPP
