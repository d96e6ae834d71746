// SPDX-License-Identifier: MIT
// mpio/mpio.hpp - umbrella header: every freestanding part of mpio.
// Hosted helpers (include/mpio/hosted/) are opt-in and not included here.
#ifndef MPIO_MPIO_HPP
#define MPIO_MPIO_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/core.hpp>
#include <mpio/scsi.hpp>
#include <mpio/nvme.hpp>
#include <mpio/ident.hpp>
#include <mpio/topology.hpp>
#include <mpio/policy.hpp>
#include <mpio/recovery.hpp>
#include <mpio/reservation.hpp>
#include <mpio/engine.hpp>

#endif // C++20

#endif // MPIO_MPIO_HPP
