// SPDX-License-Identifier: MIT
// mpio/core/version.hpp - the library version. CMake (project version,
// package version, mpio.pc, the Debian package) reads the three numbers
// below, and the C header mpio/c/mpio.h includes this file, so this is the
// one place the version lives. The macros are plain C; the C++ part is
// guarded so a C compiler can include the header too.
#ifndef MPIO_CORE_VERSION_HPP
#define MPIO_CORE_VERSION_HPP

#ifdef __cplusplus
#include <mpio/core/config.hpp> // C++ only: config.hpp is C++ (this header is also C)
#endif

#define MPIO_VERSION_MAJOR 0
#define MPIO_VERSION_MINOR 1
#define MPIO_VERSION_PATCH 0

// One comparable number: 10000 * major + 100 * minor + patch.
#define MPIO_VERSION (MPIO_VERSION_MAJOR * 10000 + MPIO_VERSION_MINOR * 100 + MPIO_VERSION_PATCH)

#ifdef __cplusplus
namespace mpio {

struct version_info {
    int major;
    int minor;
    int patch;
};

inline constexpr version_info version{MPIO_VERSION_MAJOR, MPIO_VERSION_MINOR, MPIO_VERSION_PATCH};

} // namespace mpio
#endif // __cplusplus

#endif // MPIO_CORE_VERSION_HPP
