// SPDX-License-Identifier: MIT
// mpio/ident.hpp - umbrella header of the identity layer (include/mpio/ident/).
#ifndef MPIO_IDENT_HPP
#define MPIO_IDENT_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/ident/claim.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/hardware_id.hpp>
#include <mpio/ident/nvme_identity.hpp>
#include <mpio/ident/nvme_schemes.hpp>
#include <mpio/ident/path_identity.hpp>
#include <mpio/ident/scheme_illumos_devid.hpp>
#include <mpio/ident/scheme_linux_nvme_wwid.hpp>
#include <mpio/ident/scheme_linux_wwid.hpp>
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/ident/scheme_msdsm.hpp>
#include <mpio/ident/scheme_multipath_tools.hpp>
#include <mpio/ident/scheme_sg3_utils_udev.hpp>
#include <mpio/ident/scheme_systemd_scsi_id.hpp>
#include <mpio/ident/schemes.hpp>

#endif // C++20

#endif // MPIO_IDENT_HPP
