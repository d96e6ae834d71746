// SPDX-License-Identifier: MIT
// mpio/policy/path_selector.hpp - what every path selector (load-balancing
// policy) is: the vocabulary of the policy layer and the concept.
//
// A policy is independent of the topology layer: it manages path slots
// 0..capacity-1 and is told what happens to them, the way Linux's
// dm-ps-*.c selectors are told by dm-mpath.c (add_path, fail_path,
// reinstate_path, select_path, start_io, end_io) and MSDSM's
// DsmLBGetPath() reads the state its DSM context keeps.
//
//   control path (rare, serialized by the caller):
//     add_path(slot, attributes)   remove_path(slot)
//     fail_path(slot)              reinstate_path(slot)
//     set_alua_state(slot, state)  set_weight(slot, w)   set_preferred(slot, b)
//   I/O path (any number of CPUs at once with the `concurrent` variant):
//     select(io) -> slot | errc::no_usable_path
//     start(slot, io)              complete(slot, io, service_time, status)
//
// Every start() must be followed by exactly one complete() on the same slot,
// even when the path failed or was removed meanwhile: in-flight counters are
// never reset, so they return to zero on their own.
#ifndef MPIO_POLICY_PATH_SELECTOR_HPP
#define MPIO_POLICY_PATH_SELECTOR_HPP

#include <mpio/core/config.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>

#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>

namespace mpio::policy {

// A path slot number, 0..capacity-1. The caller maps slots to its paths.
using slot_index = std::uint8_t;

// MSDSM allows 32 paths per device; VMware 32 per LUN as well.
inline constexpr std::size_t default_capacity = 32;

enum class io_direction : std::uint8_t { read, write, other };

// What a policy may look at to place one I/O.
struct io_request {
    io_direction direction = io_direction::read;
    std::uint64_t lba = 0;    // starting logical block address
    std::uint32_t blocks = 0; // length in logical blocks
    std::uint32_t bytes = 0;  // length in bytes (transfer length)
    std::uint16_t cpu = 0;    // the submitting CPU (NUMA-aware selectors)
    tick now = 0;             // the caller's clock at submission (time-aware selectors)
};

// How an I/O ended, as far as a policy cares.
enum class io_status : std::uint8_t {
    success,
    io_error,   // the device answered with an error (the path worked)
    path_error, // transport failure; the caller will usually fail_path() too
};

// What the caller knows about a path when it adds it.
struct path_attributes {
    scsi::asymmetric_access_state alua = scsi::asymmetric_access_state::active_optimized;
    bool standby = false;                 // administrator's standby (MSDSM RRWS/FOO "standby path")
    bool preferred = false;               // MSDSM preferred path / VMware FIXED preferred path
    std::uint32_t weight = 0;             // MSDSM path weight: larger = lower priority; 0..UINT32_MAX
    std::uint8_t relative_throughput = 1; // dm-ps-service-time: 0..100 (its default 1)
    std::uint16_t node = 0;               // NUMA node of the path's adapter (NUMA selector)
};

// Which ALUA tier a path may carry I/O in. SPC-6 5.16: only the active
// states process media-access commands. Logical-block-dependent is in the
// non-optimized tier: a policy has no LBA map, some I/O may be rejected and is
// retried by the recovery layer (scsi_dh_alua treats LBA-dependent as
// active too). Standby, unavailable, offline, transitioning and reserved
// codes carry no I/O.
inline constexpr std::uint8_t tier_optimized = 0;
inline constexpr std::uint8_t tier_non_optimized = 1;
inline constexpr std::uint8_t tier_none = 0xFF;

[[nodiscard]] constexpr std::uint8_t io_tier(scsi::asymmetric_access_state s) noexcept
{
    switch (s) {
    case scsi::asymmetric_access_state::active_optimized: return tier_optimized;
    case scsi::asymmetric_access_state::active_non_optimized:
    case scsi::asymmetric_access_state::logical_block_dependent: return tier_non_optimized;
    default: return tier_none;
    }
}

// Numeric ids. 1..7 are MSDSM's DSM_LB_* / VDS_LOADBALANCE_POLICY_ENUM values
// (DSM_LB_FAILOVER = 1 ... DSM_LB_LEAST_BLOCKS = 6, DSM_LB_VENDOR_SPECIFIC = 7);
// from 16 on, mpio's own numbering for the other stacks' selectors.
enum class policy_id : std::uint8_t {
    fail_over_only = 1,
    round_robin = 2,
    round_robin_with_subset = 3,
    least_queue_depth = 4,
    weighted_paths = 5,
    least_blocks = 6,
    vendor_specific = 7,
    // Linux dm-multipath path selectors (dm-ps-*.c)
    dm_round_robin = 16,
    dm_queue_length = 17,
    dm_service_time = 18,
    dm_historical_service_time = 19,
    // VMware NMP path selection plug-ins
    vmw_fixed = 32,
    vmw_mru = 33,
    vmw_round_robin = 34,
    vmw_round_robin_latency = 35,
    // others
    logical_block = 48,
    numa = 49,
};

// The concept: what a multipath driver calls. Selectors are not copyable
// (atomics inside) and need no destructor call.
template <class P>
concept path_selector = requires(P& p, slot_index s, const path_attributes& a, const io_request& io, tick t,
                                 io_status st, scsi::asymmetric_access_state alua, std::uint32_t w, bool b)
{
    {
        P::capacity
        } -> std::convertible_to<std::size_t>;
    {
        p.select(io)
    }
    noexcept->std::same_as<result<slot_index>>;
    {
        p.start(s, io)
    }
    noexcept->std::same_as<void>;
    {
        p.complete(s, io, t, st)
    }
    noexcept->std::same_as<void>;
    {
        p.add_path(s, a)
    }
    noexcept->std::same_as<status>;
    {
        p.remove_path(s)
    }
    noexcept->std::same_as<status>;
    {
        p.fail_path(s)
    }
    noexcept->std::same_as<status>;
    {
        p.reinstate_path(s)
    }
    noexcept->std::same_as<status>;
    {
        p.set_alua_state(s, alua)
    }
    noexcept->std::same_as<status>;
    {
        p.set_weight(s, w)
    }
    noexcept->std::same_as<status>;
    {
        p.set_preferred(s, b)
    }
    noexcept->std::same_as<status>;
};

// A selector with a catalogued identity (policy_catalog.hpp): what
// any_selector can switch to.
template <class P>
concept registered_selector = path_selector<P> && requires
{
    {
        P::id
        } -> std::convertible_to<policy_id>;
    {
        P::name
        } -> std::convertible_to<const char*>;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_PATH_SELECTOR_HPP
