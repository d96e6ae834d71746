// SPDX-License-Identifier: MIT
// mpio/engine.hpp - umbrella header of the engine layer: one multipath
// device composed of its paths, a selector, the recovery layer and per-path
// statistics, over the caller's transport (docs/engine.md).
#ifndef MPIO_ENGINE_HPP
#define MPIO_ENGINE_HPP

#include <mpio/engine/command.hpp>
#include <mpio/engine/device.hpp>
#include <mpio/engine/path_config.hpp>
#include <mpio/engine/path_statistics.hpp>

#endif // MPIO_ENGINE_HPP
