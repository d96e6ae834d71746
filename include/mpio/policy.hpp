// SPDX-License-Identifier: MIT
// mpio/policy.hpp - umbrella header of the policy layer (include/mpio/policy/):
// path selectors (load balancing), their concept, and the run-time wrapper.
#ifndef MPIO_POLICY_HPP
#define MPIO_POLICY_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/policy/any_selector.hpp>
#include <mpio/policy/concurrency.hpp>
#include <mpio/policy/dm_historical_service_time.hpp>
#include <mpio/policy/dm_queue_length.hpp>
#include <mpio/policy/dm_round_robin.hpp>
#include <mpio/policy/dm_service_time.hpp>
#include <mpio/policy/fail_over_only.hpp>
#include <mpio/policy/least_blocks.hpp>
#include <mpio/policy/least_queue_depth.hpp>
#include <mpio/policy/logical_block.hpp>
#include <mpio/policy/numa_affinity.hpp>
#include <mpio/policy/nvme_iopolicies.hpp>
#include <mpio/policy/path_selector.hpp>
#include <mpio/policy/path_table.hpp>
#include <mpio/policy/policy_catalog.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/policy/round_robin_with_subset.hpp>
#include <mpio/policy/vmw_fixed.hpp>
#include <mpio/policy/vmw_mru.hpp>
#include <mpio/policy/vmw_round_robin.hpp>
#include <mpio/policy/vmw_round_robin_latency.hpp>
#include <mpio/policy/weighted_paths.hpp>

#endif // C++20

#endif // MPIO_POLICY_HPP
