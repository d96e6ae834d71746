// SPDX-License-Identifier: MIT
// Scenario tests of the recovery layer wired together the way
// docs/recovery.md describes (interpretation -> budget -> lifecycle -> ALUA
// failover -> no-path queueing), against a scripted logical unit with a
// caller clock. Not the simulator: a handful of deterministic stories with
// the outcome each must have.
#include <mpio/recovery.hpp>

#include <cstddef>
#include <cstdint>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_wiring_test {

namespace rc = mpio::recovery;
using aas = mpio::scsi::asymmetric_access_state;
using mpio::tick;
using sk = mpio::scsi::sense_key;

namespace {

constexpr std::size_t n_paths = 2;

// The device side: per path, is the link up and which target port group
// (and state) does it lead to. A transition ends at `transition_end`.
struct scripted_lu {
    bool link[n_paths] = {true, true};
    std::uint16_t group_of[n_paths] = {1, 2};
    aas group_state[3] = {aas::offline, aas::active_optimized, aas::standby}; // index = group
    tick transition_end = 0;
    aas after_transition = aas::active_optimized;
    std::uint16_t transitioning_group = 0;
    bool explicit_alua = true;

    void settle(tick now)
    {
        if (transitioning_group != 0 && now >= transition_end) {
            group_state[transitioning_group] = after_transition;
            transitioning_group = 0;
        }
    }
    aas state_of(std::size_t p) const { return group_state[group_of[p]]; }
    rc::error_condition io(std::size_t p, tick now)
    {
        settle(now);
        if (!link[p]) return rc::error_condition::transport_error(rc::transport_outcome::connection_lost);
        switch (state_of(p)) {
        case aas::active_optimized:
        case aas::active_non_optimized: return rc::error_condition::good();
        case aas::standby: return rc::error_condition::check_condition(sk::not_ready, 0x04, 0x0B);
        case aas::unavailable: return rc::error_condition::check_condition(sk::not_ready, 0x04, 0x0C);
        case aas::transitioning: return rc::error_condition::check_condition(sk::not_ready, 0x04, 0x0A);
        default: return rc::error_condition::transport_error(rc::transport_outcome::no_such_device);
        }
    }
    rc::verification_result rtpg(std::size_t p, tick now)
    {
        settle(now);
        if (!link[p])
            return rc::verification_result::from_rtpg(
                rc::error_condition::transport_error(rc::transport_outcome::connection_lost), aas::offline);
        return rc::verification_result::from_rtpg(rc::error_condition::good(), state_of(p));
    }
    // STPG: the group goes transitioning for `time`, then active/optimized;
    // the other groups become standby.
    void stpg(std::uint16_t group, tick now, tick time)
    {
        if (!explicit_alua) return;
        for (std::uint16_t g = 1; g <= 2; ++g)
            if (g != group) group_state[g] = aas::standby;
        group_state[group] = aas::transitioning;
        transitioning_group = group;
        transition_end = now + time;
        after_transition = aas::active_optimized;
    }
};

struct outcome {
    bool completed = false;
    rc::reason reason = rc::reason::success;
    tick at = 0;
    std::uint32_t counted = 0;
    int attempts = 0;
};

// The host side: one LU, its paths' lifecycles, the no-path timer.
struct driver {
    rc::mpio_timers timers = rc::to_ticks(rc::microsoft_defaults, mpio::tick_rate{1000});
    rc::lifecycle_config config = rc::lifecycle_config::from(timers, true);
    rc::path_lifecycle path[n_paths] = {rc::path_lifecycle(config, true), rc::path_lifecycle(config)};
    rc::no_path_timer no_path{rc::no_path_retry::for_remove_period(timers.pdo_remove_period)};
    rc::alua_transition transition;
    scripted_lu& lu;

    explicit driver(scripted_lu& l) : lu(l)
    {
        for (std::size_t p = 0; p < n_paths; ++p) {
            (void)path[p].arrive(0);
            path[p].on_verification(lu.rtpg(p, 0), 0);
        }
    }

    bool alua_active(std::size_t p) const
    {
        return path[p].alua_state() == aas::active_optimized || path[p].alua_state() == aas::active_non_optimized;
    }
    // Timers: run due verifications synchronously.
    void poll(tick now)
    {
        for (std::size_t p = 0; p < n_paths; ++p)
            if (path[p].poll(now) != rc::verification_command::none) path[p].on_verification(lu.rtpg(p, now), now);
    }
    void refresh(tick now)
    {
        for (std::size_t p = 0; p < n_paths; ++p) {
            const rc::verification_result r = lu.rtpg(p, now);
            if (r.has_alua_state) path[p].on_alua_state(r.alua_state, now);
        }
    }
    // A usable path, ALUA-active ones first; n_paths when none.
    std::size_t pick(tick now, std::size_t avoid = n_paths) const
    {
        bool usable[n_paths]{};
        if (rc::usable_paths(path, n_paths, now, usable) == rc::eligibility::none) return n_paths;
        std::size_t fallback = n_paths;
        for (std::size_t p = 0; p < n_paths; ++p) {
            if (!usable[p]) continue;
            if (alua_active(p) && p != avoid) return p;
            if (fallback == n_paths || fallback == avoid) fallback = p;
        }
        return fallback;
    }
    bool other_usable(std::size_t p, tick now) const
    {
        for (std::size_t q = 0; q < n_paths; ++q)
            if (q != p && path[q].io_eligibility(now) != rc::eligibility::none && alua_active(q)) return true;
        return false;
    }
    // No active group reachable: activate one (explicit ALUA) and hold I/O.
    void fail_over(tick now)
    {
        rc::tpg_candidate groups[n_paths];
        for (std::size_t p = 0; p < n_paths; ++p)
            groups[p] = {lu.group_of[p], path[p].alua_state(), path[p].preferred(),
                         path[p].io_eligibility(now) != rc::eligibility::none};
        const auto target = rc::choose_stpg_target(groups);
        if (!target) return;
        const rc::failover_plan plan = rc::plan_failover(mpio::scsi::target_port_group_support::both, groups[*target]);
        if (plan.step == rc::failover_step::set_target_port_groups && !transition.in_progress()) {
            lu.stpg(plan.group, now, 2000);
            transition.begin(now, timers.alua_transition_time);
        }
    }

    outcome run(tick start, tick limit = 200'000)
    {
        outcome o;
        rc::retry_budget budget(rc::retry_limits::from(timers));
        tick now = start;
        std::size_t last = n_paths;
        while (now < limit) {
            poll(now);
            if (transition.in_progress() && !transition.holding(now)) transition.end();
            const std::size_t p = pick(now, last);
            if (p == n_paths) { // no path: queue per no_path_retry
                no_path.all_paths_lost(now);
                if (no_path.should_fail(now)) {
                    o.reason = rc::reason::unclassified; // errc::no_usable_path
                    o.at = now;
                    return o;
                }
                now += 1000;
                continue;
            }
            no_path.path_restored();
            ++o.attempts;
            const rc::decision d =
                rc::interpret<rc::default_error_table>(lu.io(p, now), rc::interpret_context{other_usable(p, now)});
            path[p].on_io(d, now);
            if (d.action == rc::action::refresh_alua_then_retry || path[p].needs_alua_refresh()) refresh(now);
            bool any_active = false;
            for (std::size_t q = 0; q < n_paths; ++q)
                any_active = any_active || (path[q].io_eligibility(now) != rc::eligibility::none && alua_active(q));
            if (!any_active && d.action != rc::action::complete) fail_over(now);
            const rc::retry_step s = budget.next(d, now);
            o.counted = budget.counted_retries();
            if (!s.retry) {
                o.completed = s.action == rc::action::complete;
                o.reason = s.reason;
                o.at = now;
                return o;
            }
            last = s.action == rc::action::retry_same_path ? n_paths : p;
            now = s.not_before > now ? s.not_before : now + 1; // the driver's resubmission takes a tick
        }
        o.reason = rc::reason::unclassified;
        o.at = now;
        return o;
    }
};

} // namespace

TEST_CASE("wiring: a healthy LU completes at once", "[recovery]")
{
    scripted_lu lu;
    driver d(lu);
    const outcome o = d.run(100);
    CHECK(o.completed);
    CHECK(o.attempts == 1);
    CHECK(o.at == 100);
}

TEST_CASE("wiring: controller failover (link loss, STPG, 04/0A hold) completes without spending RetryCount on the "
          "path failure or the transition",
          "[recovery]")
{
    scripted_lu lu;
    driver d(lu);
    lu.link[0] = false; // the A/O controller's link drops
    const outcome o = d.run(100);
    CHECK(o.completed);
    CHECK(d.path[0].state() == mpio::topology::path_state::failed);
    CHECK(lu.group_state[2] == aas::active_optimized);
    CHECK(o.at >= 2100);              // after the 2 s transition
    CHECK(o.at <= 100 + 3000 + 1000); // within the ALUA transition time (+ one poll)
    CHECK(o.counted <= 1);            // at most the refresh after the standby answer
    // The failed path is verified one recovery interval later, and comes back.
    lu.link[0] = true;
    d.poll(100 + 30'000);
    CHECK(d.path[0].state() == mpio::topology::path_state::active);
    CHECK(d.path[0].alua_state() == aas::standby);
}

TEST_CASE("wiring: a standby-only LU without explicit ALUA fails, it does not loop", "[recovery]")
{
    scripted_lu lu;
    lu.explicit_alua = false;
    lu.group_state[1] = aas::standby;
    lu.group_state[2] = aas::standby;
    driver d(lu);
    const outcome o = d.run(100);
    CHECK_FALSE(o.completed);
    CHECK((o.reason == rc::reason::retry_budget_exhausted || o.reason == rc::reason::uncounted_retries_exhausted));
    CHECK(o.attempts <= 3 + 32 + 1);
}

TEST_CASE("wiring: all paths removed for less than PDORemovePeriod: I/O is queued and completes", "[recovery]")
{
    scripted_lu lu;
    driver d(lu);
    for (auto& p : d.path) p.remove(100);
    // The paths return at 10 s (PnP arrival): verified at once.
    outcome o;
    tick now = 100;
    rc::retry_budget budget(rc::retry_limits::from(d.timers));
    for (; now < 30'000; now += 1000) {
        if (now >= 10'100 && d.path[0].state() == mpio::topology::path_state::pending_removal) {
            for (std::size_t p = 0; p < n_paths; ++p) {
                (void)d.path[p].arrive(now);
                d.path[p].on_verification(lu.rtpg(p, now), now);
            }
        }
        if (d.pick(now) != n_paths) break;
        d.no_path.all_paths_lost(now);
        REQUIRE_FALSE(d.no_path.should_fail(now));
    }
    o = d.run(now);
    CHECK(o.completed);
    CHECK(o.at == 10'100);
}

TEST_CASE("wiring: all paths gone for longer than PDORemovePeriod: queued I/O fails at 20 s", "[recovery]")
{
    scripted_lu lu;
    driver d(lu);
    for (auto& p : d.path) p.remove(100);
    const outcome o = d.run(100);
    CHECK_FALSE(o.completed);
    CHECK(o.at == 20'100);
    d.poll(20'100);
    CHECK(d.path[0].state() == mpio::topology::path_state::removed);
}

TEST_CASE("wiring: a unit attention storm is absorbed without failing the request", "[recovery]")
{
    // 29/00 then 2A/09 would fail up; 29/00 and 2A/06 must not.
    rc::retry_budget budget(rc::retry_limits::from(rc::to_ticks(rc::microsoft_defaults, mpio::tick_rate{1000})));
    tick now = 0;
    for (int i = 0; i < 10; ++i) {
        const rc::decision d = rc::interpret<rc::default_error_table>(
            rc::error_condition::check_condition(sk::unit_attention, i % 2 ? 0x2A : 0x29, i % 2 ? 0x06 : 0x00));
        const rc::retry_step s = budget.next(d, now);
        REQUIRE(s.retry);
        now = s.not_before + 1;
    }
    CHECK(budget.counted_retries() == 0);
    CHECK(budget.next(rc::interpret<rc::default_error_table>(rc::error_condition::good()), now).action ==
          rc::action::complete);
}

} // namespace test_recovery_wiring_test
