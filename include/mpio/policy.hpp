// SPDX-License-Identifier: MIT
// mpio/policy.hpp - umbrella header of the policy layer (include/mpio/policy/):
// path selectors (load balancing), their concept, and the run-time wrapper.
#ifndef MPIO_POLICY_HPP
#define MPIO_POLICY_HPP

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

#endif // MPIO_POLICY_HPP
