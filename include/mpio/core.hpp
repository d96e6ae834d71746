// SPDX-License-Identifier: MIT
// mpio/core.hpp - the core layer: configuration, errors, results, byte views,
// big-endian access and fixed-capacity text.
#ifndef MPIO_CORE_HPP
#define MPIO_CORE_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/core/version.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/tick.hpp>

#endif // C++20

#endif // MPIO_CORE_HPP
