// SPDX-License-Identifier: MIT
// mpio/topology/path_group.hpp - path groups within a multipath device: the
// path_grouping_policy values of Linux multipath-tools, the ALUA
// prioritiser, group priorities, group order and the best group.
//
// multipath-tools (libmultipath/pgpolicies.c, switchgroup.c,
// prioritizers/alua.c), reproduced here:
//   failover            one path per group (one_path_per_group)
//   multibus            every path in one group (one_group)
//   group_by_serial     paths with the same serial number (pp->serial)
//   group_by_prio       paths with the same priority value
//   group_by_node_name  paths with the same target node name (tgt_node_name)
//   group_by_tpg        paths in the same ALUA target port group
// A group's priority (path_group_prio_update()) is the integer average of
// the priorities of its usable paths (PATH_UP / PATH_GHOST) whose priority is
// defined; usable paths all undefined -> the group is undefined
// (priority_undefined, -1, PRIO_UNDEF); no usable path -> 0.
// Groups are ordered (sort_pathgroups()) by priority, then by number of
// usable paths, both descending; ties keep the order of first appearance.
// The best group (select_path_group()) is the first of that order with a
// usable path. multipath-tools falls back to group 1 when no group has one;
// best_group() says errc::no_usable_path instead, so the caller applies its
// no-path policy (queue_if_no_path) knowingly.
//
// The ALUA prioritiser (alua_priority()): active/optimized 50,
// active/non-optimized 10, logical block dependent 5, standby 1, anything
// else 0; +80 when the group's PREF bit is set and the state is not
// active/optimized - or also then, with exclusive_pref_bit (the prio_args
// of multipath.conf). A path without an ALUA state gets priority_undefined
// (the prioritiser failed: "couldn't get target port group").
//
// What group_by_serial and group_by_node_name compare is what
// multipath-tools keeps of the values: multipath_tools_serial() (the
// page 80h serial as parse_vpd_pg80() cuts it: at most 127 characters,
// SERIAL_SIZE 128) and multipath_tools_node_name() (strlcpy() into
// tgt_node_name: at most 223 characters, NODE_NAME_SIZE 224), so two long
// values that share those characters share a group, as there.
//
// group_device() leaves out paths pending removal, as multipathd's
// ev_remove_path() drops a removed path from the map's paths and regroups
// (multipathd/main.c). One difference stays (docs/topology.md): a path that
// returns within the remove period takes its old place in the device's path
// order (topology_store), while multipathd appends it as a new path.
//
// Grouping works on up to N members (the device's paths) with O(N^2)
// compares at worst (N <= 32) and no heap; the result is a value.
#ifndef MPIO_TOPOLOGY_PATH_GROUP_HPP
#define MPIO_TOPOLOGY_PATH_GROUP_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>
#include <mpio/topology/path.hpp>

namespace mpio::topology {

enum class grouping_policy : std::uint8_t {
    failover,
    multibus,
    group_by_serial,
    group_by_prio,
    group_by_node_name,
    group_by_tpg,
};

// The multipath.conf spelling.
[[nodiscard]] constexpr const char* to_string(grouping_policy p) noexcept
{
    switch (p) {
    case grouping_policy::failover: return "failover";
    case grouping_policy::multibus: return "multibus";
    case grouping_policy::group_by_serial: return "group_by_serial";
    case grouping_policy::group_by_prio: return "group_by_prio";
    case grouping_policy::group_by_node_name: return "group_by_node_name";
    case grouping_policy::group_by_tpg: return "group_by_tpg";
    }
    return "unknown";
}

inline constexpr int priority_undefined = -1; // multipath-tools' PRIO_UNDEF

[[nodiscard]] constexpr int alua_priority(scsi::asymmetric_access_state state, bool pref,
                                          bool exclusive_pref_bit = false) noexcept
{
    int prio = 0;
    switch (state) {
    case scsi::asymmetric_access_state::active_optimized: prio = 50; break;
    case scsi::asymmetric_access_state::active_non_optimized: prio = 10; break;
    case scsi::asymmetric_access_state::logical_block_dependent: prio = 5; break;
    case scsi::asymmetric_access_state::standby: prio = 1; break;
    default: prio = 0; break;
    }
    if (pref && (state != scsi::asymmetric_access_state::active_optimized || exclusive_pref_bit)) prio += 80;
    return prio;
}

// A stored path's priority under the ALUA prioritiser.
[[nodiscard]] constexpr int alua_priority(const path& p, bool exclusive_pref_bit = false) noexcept
{
    return p.has_alua_state() ? alua_priority(p.alua_state(), p.pref(), exclusive_pref_bit) : priority_undefined;
}

// multipath-tools' SERIAL_SIZE and NODE_NAME_SIZE (libmultipath/structs.h),
// each including the terminating NUL.
inline constexpr std::size_t multipath_tools_serial_size = 128;
inline constexpr std::size_t multipath_tools_node_name_size = 224;

// The serial number multipath-tools keeps for a path (pp->serial), as
// libmultipath/discovery.c parse_vpd_pg80() takes it from a Unit Serial
// Number VPD page (multipath-tools 0.14.3): PAGE LENGTH clamped to 128
// (WWID_SIZE); trailing spaces of that window stripped, then leading spaces;
// cut to 127 characters; compared as a C string (serials_match(): strncmp),
// so it ends at the first NUL. Bytes past what the device returned read as
// zero (multipath-tools' buffer is zero-filled), so a truncated page keeps
// its trailing spaces. A view into the page.
[[nodiscard]] constexpr ascii_view multipath_tools_serial(const scsi::unit_serial_number& page) noexcept
{
    const byte_view returned = page.product_serial_number().bytes();
    const auto at = [returned](std::size_t i) { return returned.at_or(i, 0); };
    std::size_t len = page.page_length();
    if (len > multipath_tools_serial_size) len = multipath_tools_serial_size;
    while (len > 0 && at(len - 1) == ' ') --len;
    std::size_t start = 0;
    while (len > 0 && at(start) == ' ') {
        ++start;
        --len;
    }
    if (len >= multipath_tools_serial_size) len = multipath_tools_serial_size - 1;
    return ascii_view(returned.subview(start, len)).until_nul();
}

// The target node name multipath-tools keeps (pp->tgt_node_name, filled by
// sysfs_get_tgt_nodename() with strlcpy(node, value, NODE_NAME_SIZE)): the
// value as a C string, at most 223 characters.
[[nodiscard]] constexpr byte_view multipath_tools_node_name(byte_view value) noexcept
{
    return ascii_view(value).until_nul().bytes().first(multipath_tools_node_name_size - 1);
}

// What grouping looks at, per path.
struct grouping_member {
    path_index path = no_index; // the caller's name for the member (returned as is)
    int priority = priority_undefined;
    bool usable = false;
    bool has_tpg = false;
    std::uint16_t tpg = 0;
    std::uint64_t serial_hash = 0;
    std::uint64_t node_name_hash = 0;
};

[[nodiscard]] constexpr grouping_member member_of(path_index i, const path& p, bool exclusive_pref_bit = false) noexcept
{
    grouping_member m;
    m.path = i;
    m.priority = alua_priority(p, exclusive_pref_bit);
    m.usable = p.usable();
    m.has_tpg = p.has_target_port_group();
    m.tpg = p.target_port_group();
    m.serial_hash = p.serial_hash();
    m.node_name_hash = p.node_name_hash();
    return m;
}

struct path_group {
    int priority = 0; // see the top of this header
    std::uint8_t path_count = 0;
    std::uint8_t usable_paths = 0;
    [[nodiscard]] constexpr bool undefined_priority() const noexcept { return priority == priority_undefined; }
};

// Up to N members in up to N groups. Groups are in the sorted order;
// group_of(m) is the position of member m's group.
template <std::size_t N>
class path_grouping {
    static_assert(N > 0 && N <= 255);

public:
    [[nodiscard]] constexpr std::size_t group_count() const noexcept { return groups_; }
    [[nodiscard]] constexpr std::size_t member_count() const noexcept { return members_; }
    [[nodiscard]] constexpr const path_group& group(std::size_t g) const noexcept { return group_[g]; }
    [[nodiscard]] constexpr std::size_t group_of(std::size_t member) const noexcept { return group_of_[member]; }
    [[nodiscard]] constexpr path_index path_of(std::size_t member) const noexcept { return path_[member]; }

    // The group I/O goes to: the first with a usable path.
    [[nodiscard]] constexpr result<std::size_t> best_group() const noexcept
    {
        for (std::size_t g = 0; g < groups_; ++g)
            if (group_[g].usable_paths != 0) return g;
        return failure(errc::no_usable_path);
    }

    // Calls f(path_index) for each member of group g, in member order.
    template <class F>
    constexpr void for_each_path_in(std::size_t g, F&& f) const noexcept
    {
        for (std::size_t m = 0; m < members_; ++m)
            if (group_of_[m] == g) f(path_[m]);
    }

private:
    template <std::size_t M>
    friend constexpr result<path_grouping<M>> group_paths(grouping_policy, const grouping_member*,
                                                          std::size_t) noexcept;

    path_group group_[N]{};
    path_index path_[N]{};
    std::uint8_t group_of_[N]{};
    std::size_t groups_ = 0;
    std::size_t members_ = 0;
};

namespace detail {
constexpr bool same_group(grouping_policy policy, const grouping_member& a, const grouping_member& b) noexcept
{
    switch (policy) {
    case grouping_policy::failover: return false;
    case grouping_policy::multibus: return true;
    case grouping_policy::group_by_serial: return a.serial_hash == b.serial_hash;
    case grouping_policy::group_by_prio: return a.priority == b.priority;
    case grouping_policy::group_by_node_name: return a.node_name_hash == b.node_name_hash;
    case grouping_policy::group_by_tpg: return a.has_tpg == b.has_tpg && a.tpg == b.tpg;
    }
    return false;
}
} // namespace detail

// Groups members[0..count) (see the top of this header). Errors:
// capacity_exceeded when count > N.
template <std::size_t N>
[[nodiscard]] constexpr result<path_grouping<N>> group_paths(grouping_policy policy, const grouping_member* members,
                                                             std::size_t count) noexcept
{
    if (count > N) return failure(errc::capacity_exceeded);
    path_grouping<N> out;
    out.members_ = count;
    // 1. Form groups in order of first appearance; first_[g] = first member.
    std::uint8_t first[N]{};
    for (std::size_t m = 0; m < count; ++m) {
        out.path_[m] = members[m].path;
        std::size_t g = 0;
        while (g < out.groups_ && !detail::same_group(policy, members[first[g]], members[m])) ++g;
        if (g == out.groups_ && g < N) first[out.groups_++] = static_cast<std::uint8_t>(m);
        out.group_of_[m] = static_cast<std::uint8_t>(g);
    }
    // 2. path_group_prio_update(): average of defined priorities of usable paths.
    int sum[N]{};
    std::uint8_t defined[N]{};
    for (std::size_t m = 0; m < count; ++m) {
        path_group& g = out.group_[out.group_of_[m]];
        ++g.path_count;
        if (!members[m].usable) continue;
        ++g.usable_paths;
        if (members[m].priority != priority_undefined) {
            sum[out.group_of_[m]] += members[m].priority;
            ++defined[out.group_of_[m]];
        }
    }
    for (std::size_t g = 0; g < out.groups_; ++g) {
        path_group& pg = out.group_[g];
        pg.priority = defined[g] != 0 ? sum[g] / defined[g] : (pg.usable_paths != 0 ? priority_undefined : 0);
    }
    // 3. sort_pathgroups(): stable insertion sort, priority then usable paths.
    std::uint8_t order[N]{};
    for (std::size_t g = 0; g < out.groups_; ++g) order[g] = static_cast<std::uint8_t>(g);
    const auto before = [&out](std::uint8_t a, std::uint8_t b) {
        const path_group& x = out.group_[a];
        const path_group& y = out.group_[b];
        return x.priority > y.priority || (x.priority == y.priority && x.usable_paths > y.usable_paths);
    };
    for (std::size_t i = 1; i < out.groups_; ++i) {
        const std::uint8_t g = order[i];
        std::size_t j = i;
        while (j > 0 && before(g, order[j - 1])) {
            order[j] = order[j - 1];
            --j;
        }
        order[j] = g;
    }
    path_group sorted[N]{};
    std::uint8_t position[N]{};
    for (std::size_t i = 0; i < out.groups_; ++i) {
        sorted[i] = out.group_[order[i]];
        position[order[i]] = static_cast<std::uint8_t>(i);
    }
    for (std::size_t i = 0; i < out.groups_; ++i) out.group_[i] = sorted[i];
    for (std::size_t m = 0; m < count; ++m) out.group_of_[m] = position[out.group_of_[m]];
    return out;
}

// Groups the paths of device d of a topology store (basic_topology), in the
// device's path order (arrival order). Paths pending removal are left out,
// as multipathd's ev_remove_path() removes them from the map before it
// regroups (see the top of this header).
template <std::size_t N = 32, class Topology>
[[nodiscard]] constexpr result<path_grouping<N>>
group_device(const Topology& topology, device_index d, grouping_policy policy, bool exclusive_pref_bit = false) noexcept
{
    grouping_member members[N]{};
    std::size_t count = 0;
    bool overflow = false;
    topology.for_each_path_of_device(d, [&](path_index i, const path& p) {
        if (p.state() == path_state::pending_removal) return;
        if (count < N)
            members[count++] = member_of(i, p, exclusive_pref_bit);
        else
            overflow = true;
    });
    if (overflow) return failure(errc::capacity_exceeded);
    return group_paths<N>(policy, members, count);
}

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_PATH_GROUP_HPP
