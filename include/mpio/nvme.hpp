// SPDX-License-Identifier: MIT
// mpio/nvme.hpp - the NVMe layer: parsers of NVMe data structures
// (Identify Controller / Namespace, Namespace Identification Descriptors,
// the ANA log page, completion status) and the admin command builders
// (Identify, Get Log Page). docs/nvme.md describes them.
#ifndef MPIO_NVME_HPP
#define MPIO_NVME_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/nvme/admin_commands.hpp>
#include <mpio/nvme/ana_state.hpp>
#include <mpio/nvme/ana_log.hpp>
#include <mpio/nvme/completion_status.hpp>
#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>
#include <mpio/nvme/namespace_identification_descriptors.hpp>

#endif // C++20

#endif // MPIO_NVME_HPP
