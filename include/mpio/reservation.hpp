// SPDX-License-Identifier: MIT
// mpio/reservation.hpp - the reservation layer: SCSI-3 persistent
// reservations planned across every path of a multipath device.
#ifndef MPIO_RESERVATION_HPP
#define MPIO_RESERVATION_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/reservation/pr_command.hpp>
#include <mpio/reservation/planner.hpp>

#endif // C++20

#endif // MPIO_RESERVATION_HPP
