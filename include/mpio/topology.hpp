// SPDX-License-Identifier: MIT
// mpio/topology.hpp - umbrella header of the topology layer: paths,
// multipath devices, path groups, the topology store and the discovery flow.
#ifndef MPIO_TOPOLOGY_HPP
#define MPIO_TOPOLOGY_HPP

#include <mpio/topology/alua_mode.hpp>
#include <mpio/topology/discovery.hpp>
#include <mpio/topology/multipath_device.hpp>
#include <mpio/topology/path.hpp>
#include <mpio/topology/path_group.hpp>
#include <mpio/topology/path_state.hpp>
#include <mpio/topology/topology_store.hpp>

#endif // MPIO_TOPOLOGY_HPP
