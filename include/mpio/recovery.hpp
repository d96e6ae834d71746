// SPDX-License-Identifier: MIT
// mpio/recovery.hpp - umbrella header of the recovery layer: error
// interpretation, retry budgets, timers, path lifecycle, ALUA failover.
#ifndef MPIO_RECOVERY_HPP
#define MPIO_RECOVERY_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/recovery/action.hpp>
#include <mpio/recovery/alua_failover.hpp>
#include <mpio/recovery/ana_transition_timer.hpp>
#include <mpio/recovery/default_tables.hpp>
#include <mpio/recovery/error_table.hpp>
#include <mpio/recovery/failback.hpp>
#include <mpio/recovery/flaky_path.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/recovery/io_status.hpp>
#include <mpio/recovery/no_path_retry.hpp>
#include <mpio/recovery/nvme_status_table.hpp>
#include <mpio/recovery/path_lifecycle.hpp>
#include <mpio/recovery/retry_budget.hpp>
#include <mpio/recovery/settings.hpp>
#include <mpio/recovery/verification.hpp>

#endif // C++20

#endif // MPIO_RECOVERY_HPP
