// SPDX-License-Identifier: MIT
// mpio/engine.hpp - umbrella header of the engine layer: one multipath
// device composed of its paths, a selector, the recovery layer and per-path
// statistics, over the caller's transport (docs/engine.md).
#ifndef MPIO_ENGINE_HPP
#define MPIO_ENGINE_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/engine/command.hpp>
#include <mpio/engine/device.hpp>
#include <mpio/engine/io_gate.hpp>
#include <mpio/engine/path_config.hpp>
#include <mpio/engine/path_statistics.hpp>

#endif // C++20

#endif // MPIO_ENGINE_HPP
