// SPDX-License-Identifier: MIT
// mpio/recovery/alua_failover.hpp - moving a logical unit's active target
// port group: which group, how (STPG or re-read RTPG), and holding I/O while
// the transition runs.
//
// Target choice (choose_stpg_target): among the groups that have a usable
// path,
//   1. a group already active/optimized: nothing to switch, use it;
//   2. else a group with PREF set (the device's preferred group; among
//      several, by the order below);
//   3. else active/non-optimized (and logical block dependent) > standby >
//      unavailable > transitioning.
// Offline groups and reserved states are never chosen. Ties keep the
// first group listed (RTPG order), so the choice is deterministic.
// This is the order MSDSM's failover uses for ALUA storage (it sends STPG to
// make the chosen group active/optimized) and what scsi_dh_alua does when it
// activates a path (alua_activate -> STPG for explicit ALUA, RTPG otherwise).
//
// How (plan_failover): explicit ALUA (INQUIRY TPGS 10b or 11b) -> SET TARGET
// PORT GROUPS requesting active/optimized for the chosen group; implicit only
// (01b) -> the device switches by itself, re-read RTPG to learn the new
// states; not supported (00b) -> nothing to do.
//
// While the switch runs (STPG in flight, a group transitioning), I/O is held,
// not failed: alua_transition keeps the deadline (the RTPG IMPLICIT
// TRANSITION TIME when reported, else the configured ALUA transition time,
// mpio/recovery/settings.hpp alua_transition_time()).
#ifndef MPIO_RECOVERY_ALUA_FAILOVER_HPP
#define MPIO_RECOVERY_ALUA_FAILOVER_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/recovery/settings.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>

namespace mpio::recovery {

// One target port group as the failover logic sees it.
struct tpg_candidate {
    std::uint16_t group = 0;
    scsi::asymmetric_access_state state = scsi::asymmetric_access_state::active_optimized;
    bool preferred = false; // PREF bit of the RTPG descriptor
    bool reachable = true;  // at least one usable path leads to a port of the group
};

// Rank of a state for activation: lower is better; -1 never.
[[nodiscard]] constexpr int activation_rank(scsi::asymmetric_access_state s) noexcept
{
    switch (s) {
    case scsi::asymmetric_access_state::active_optimized: return 0;
    case scsi::asymmetric_access_state::active_non_optimized:
    case scsi::asymmetric_access_state::logical_block_dependent: return 1;
    case scsi::asymmetric_access_state::standby: return 2;
    case scsi::asymmetric_access_state::unavailable: return 3;
    case scsi::asymmetric_access_state::transitioning: return 4;
    case scsi::asymmetric_access_state::offline: return -1;
    }
    return -1; // reserved
}

// The full ordering key: AO first, then preferred groups, then by state.
[[nodiscard]] constexpr int candidate_rank(const tpg_candidate& c) noexcept
{
    const int s = activation_rank(c.state);
    if (s < 0 || !c.reachable) return -1;
    if (s == 0) return 0;
    return (c.preferred ? 10 : 20) + s;
}

// Index of the group to activate; errc::no_usable_path when no group can be.
[[nodiscard]] constexpr result<std::size_t> choose_stpg_target(const tpg_candidate* groups, std::size_t n) noexcept
{
    std::size_t best = n;
    int best_rank = -1;
    for (std::size_t i = 0; groups != nullptr && i < n; ++i) {
        const int r = candidate_rank(groups[i]);
        if (r >= 0 && (best_rank < 0 || r < best_rank)) {
            best = i;
            best_rank = r;
        }
    }
    if (best == n) return failure(errc::no_usable_path);
    return best;
}

template <std::size_t N>
[[nodiscard]] constexpr result<std::size_t> choose_stpg_target(const tpg_candidate (&groups)[N]) noexcept
{
    return choose_stpg_target(groups, N);
}

// The same choice straight from REPORT TARGET PORT GROUPS data, in one walk.
// `reachable(group_number)` says whether a usable path leads to the group.
// A malformed descriptor stops the walk; the groups before it still count
// (errc of the walk only when none could be chosen).
template <class Reachable>
[[nodiscard]] constexpr result<tpg_candidate> choose_stpg_target(const scsi::report_target_port_groups& rtpg,
                                                                 Reachable reachable) noexcept
{
    tpg_candidate best;
    int best_rank = -1;
    const scsi::target_port_group_list groups = rtpg.target_port_groups();
    auto it = groups.begin();
    for (; !it.done(); ++it) {
        const scsi::target_port_group_descriptor d = *it;
        tpg_candidate c;
        c.group = d.target_port_group();
        c.state = d.asymmetric_access_state();
        c.preferred = d.pref();
        c.reachable = reachable(c.group);
        const int r = candidate_rank(c);
        if (r >= 0 && (best_rank < 0 || r < best_rank)) {
            best = c;
            best_rank = r;
        }
    }
    if (best_rank < 0) return failure(it.error() != errc::none ? it.error() : errc::no_usable_path);
    return best;
}

// ----------------------------------------------------------------- the plan

enum class failover_step : std::uint8_t {
    none = 0,               // the chosen group is already active/optimized, or no ALUA
    set_target_port_groups, // explicit ALUA: send STPG making `group` active/optimized
    reread_rtpg,            // implicit only: the device decides; re-read RTPG
};

[[nodiscard]] constexpr const char* to_string(failover_step s) noexcept
{
    switch (s) {
    case failover_step::none: return "none";
    case failover_step::set_target_port_groups: return "SET TARGET PORT GROUPS";
    case failover_step::reread_rtpg: return "re-read REPORT TARGET PORT GROUPS";
    }
    return "unknown";
}

struct failover_plan {
    failover_step step = failover_step::none;
    std::uint16_t group = 0; // the group chosen
};

[[nodiscard]] constexpr failover_plan plan_failover(scsi::target_port_group_support tpgs,
                                                    const tpg_candidate& target) noexcept
{
    if (tpgs == scsi::target_port_group_support::not_supported) return {failover_step::none, target.group};
    if (target.state == scsi::asymmetric_access_state::active_optimized) return {failover_step::none, target.group};
    if (tpgs == scsi::target_port_group_support::implicit_only) return {failover_step::reread_rtpg, target.group};
    return {failover_step::set_target_port_groups, target.group};
}

// SET TARGET PORT GROUPS making `group` active/optimized: the CDB into `cdb`
// and its parameter list into `parameters` (both with the builders of
// mpio/scsi/cdb.hpp). Returns the parameter list length (the data-out
// transfer length); the CDB is cdb_length::set_target_port_groups bytes.
[[nodiscard]] constexpr result<std::size_t> build_activation_stpg(mutable_byte_view cdb, mutable_byte_view parameters,
                                                                  std::uint16_t group) noexcept
{
    const scsi::set_target_port_group_descriptor d[1] = {{scsi::asymmetric_access_state::active_optimized, group}};
    const std::size_t length = scsi::set_target_port_groups_parameter_list_length(1);
    if (cdb.size() < scsi::cdb_length::set_target_port_groups || parameters.size() < length)
        return failure(errc::buffer_too_small);
    const result<std::size_t> list = scsi::build_set_target_port_groups_parameter_list(parameters, d);
    if (!list) return failure(list.error());
    const result<std::size_t> c = scsi::build_set_target_port_groups(cdb, static_cast<std::uint32_t>(*list));
    if (!c) return failure(c.error());
    return *list;
}

// ------------------------------------------------------- holding during it

// A transition in progress for one logical unit: I/O is held (queued, not
// failed) until it completes or the transition time runs out.
class alua_transition {
public:
    // An STPG was sent, or a group reported transitioning (04/0A): hold I/O
    // until `now + transition_time` at the latest. A transition already in
    // progress keeps its original deadline.
    constexpr void begin(tick now, tick transition_time) noexcept
    {
        if (active_) return;
        active_ = true;
        deadline_ = tick_add(now, transition_time);
    }
    // The STPG completed, or RTPG shows no group transitioning any more.
    constexpr void end() noexcept { active_ = false; }

    [[nodiscard]] constexpr bool in_progress() const noexcept { return active_; }
    // I/O must wait (not fail) now.
    [[nodiscard]] constexpr bool holding(tick now) const noexcept { return active_ && now < deadline_; }
    // The transition took longer than allowed: held I/O goes through the
    // retry budget / no-path rules again.
    [[nodiscard]] constexpr bool timed_out(tick now) const noexcept { return active_ && tick_reached(now, deadline_); }
    [[nodiscard]] constexpr tick deadline() const noexcept { return deadline_; }

private:
    tick deadline_ = 0;
    bool active_ = false;
};

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_ALUA_FAILOVER_HPP
