// SPDX-License-Identifier: MIT
// mpio/policy/policy_catalog.hpp - every policy's numeric id and names.
//
// One constexpr table, so an administrator's setting (MSDSM's numeric
// DSM_LB_* value, the short name Set-MSDSMGlobalDefaultLoadBalancePolicy
// takes, a dm-multipath path_selector name, a VMware PSP name) maps to a
// policy_id without a string switch in every driver. Listing a policy here
// does not mean it is implemented: any_selector.hpp's `selectors` list says
// which ones can be instantiated.
#ifndef MPIO_POLICY_POLICY_CATALOG_HPP
#define MPIO_POLICY_POLICY_CATALOG_HPP

#include <mpio/core/config.hpp>

#include <cstddef>

#include <mpio/policy/path_selector.hpp>

namespace mpio::policy {

struct policy_info {
    policy_id id;
    const char* name;   // short name, unique, matched case-insensitively
    const char* title;  // the stack's own display name, also matched
    const char* origin; // "MSDSM", "dm-multipath", "VMware NMP", "mpio"
};

inline constexpr policy_info policy_catalog[] = {
    // Microsoft DSM: DSM_LB_* / VDS_LBP_* values and Set-MSDSM*LoadBalancePolicy names.
    {policy_id::fail_over_only, "FOO", "Fail Over Only", "MSDSM"},
    {policy_id::round_robin, "RR", "Round Robin", "MSDSM"},
    {policy_id::round_robin_with_subset, "RRWS", "Round Robin with Subset", "MSDSM"},
    {policy_id::least_queue_depth, "LQD", "Least Queue Depth", "MSDSM"},
    {policy_id::weighted_paths, "WP", "Weighted Paths", "MSDSM"},
    {policy_id::least_blocks, "LB", "Least Blocks", "MSDSM"},
    {policy_id::vendor_specific, "VS", "Vendor Specific", "MSDSM"},
    // Linux dm-multipath path selectors (the names multipath.conf's path_selector takes).
    {policy_id::dm_round_robin, "round-robin", "dm-multipath round-robin", "dm-multipath"},
    {policy_id::dm_queue_length, "queue-length", "dm-multipath queue-length", "dm-multipath"},
    {policy_id::dm_service_time, "service-time", "dm-multipath service-time", "dm-multipath"},
    {policy_id::dm_historical_service_time, "historical-service-time", "dm-multipath historical-service-time",
     "dm-multipath"},
    // VMware NMP path selection plug-ins (esxcli's PSP names).
    {policy_id::vmw_fixed, "VMW_PSP_FIXED", "VMware Fixed", "VMware NMP"},
    {policy_id::vmw_mru, "VMW_PSP_MRU", "VMware Most Recently Used", "VMware NMP"},
    {policy_id::vmw_round_robin, "VMW_PSP_RR", "VMware Round Robin", "VMware NMP"},
    {policy_id::vmw_round_robin_latency, "VMW_PSP_RR-latency", "VMware Round Robin, latency", "VMware NMP"},
    // Others: illumos scsi_vhci's load-balance="logical-block", NUMA locality.
    {policy_id::logical_block, "logical-block", "logical block (LBA region) affinity", "mpio"},
    {policy_id::numa, "numa", "NUMA / CPU affinity", "mpio"},
};

inline constexpr std::size_t policy_catalog_size = sizeof(policy_catalog) / sizeof(policy_catalog[0]);

namespace detail {
[[nodiscard]] constexpr bool equals_ignoring_case(const char* a, const char* b) noexcept
{
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    std::size_t i = 0;
    while (a[i] != '\0' && lower(a[i]) == lower(b[i])) ++i;
    return a[i] == '\0' && b[i] == '\0';
}
} // namespace detail

// The entry for an id, or nullptr.
[[nodiscard]] constexpr const policy_info* find_policy(policy_id id) noexcept
{
    for (const policy_info& p : policy_catalog)
        if (p.id == id) return &p;
    return nullptr;
}

// The entry whose name or title equals `name` (ASCII case-insensitive), or
// nullptr. "rr", "RR" and "Round Robin" all give MSDSM's RR.
[[nodiscard]] constexpr const policy_info* find_policy(const char* name) noexcept
{
    if (name == nullptr) return nullptr;
    for (const policy_info& p : policy_catalog)
        if (detail::equals_ignoring_case(name, p.name) || detail::equals_ignoring_case(name, p.title)) return &p;
    return nullptr;
}

} // namespace mpio::policy

#endif // MPIO_POLICY_POLICY_CATALOG_HPP
