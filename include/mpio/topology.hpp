// SPDX-License-Identifier: MIT
// mpio/topology.hpp - umbrella header of the topology layer: paths,
// multipath devices, path groups, the topology store and the discovery flow.
#ifndef MPIO_TOPOLOGY_HPP
#define MPIO_TOPOLOGY_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/topology/alua_mode.hpp>
#include <mpio/topology/discovery.hpp>
#include <mpio/topology/multipath_device.hpp>
#include <mpio/topology/nvme_discovery.hpp>
#include <mpio/topology/nvme_subsystem.hpp>
#include <mpio/topology/path.hpp>
#include <mpio/topology/path_group.hpp>
#include <mpio/topology/path_state.hpp>
#include <mpio/topology/topology_store.hpp>

#endif // C++20

#endif // MPIO_TOPOLOGY_HPP
