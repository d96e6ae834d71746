// SPDX-License-Identifier: MIT
// mpio/engine/device.hpp - one multipath device: its paths, a selector, the
// recovery layer and per-path statistics, composed.
//
// This is the glue every embedder would otherwise write (a Windows DSM's
// DsmLBGetPath + DsmInterpretError + DsmPathVerify, dm-mpath.c around the
// dm-ps-*.c selectors, multipathd's checker loop):
//
//   submit(io, cookie, now)            the caller's request; completes exactly once
//     └─ selector.select ─► transport.send(command on a path)
//   on_completion(tag, outcome, data, now)
//     └─ recovery interpretation (error table + retry budget)
//         ├─ complete / fail up ─────────► transport.request_done(cookie, result)
//         ├─ retry here / elsewhere / after RetryInterval, hold for a transition
//         └─ path effect ─► path lifecycle ─► sync(): selector and no-path timer
//   poll(now)                          timers: verification (TUR / RTPG / block 0),
//                                      failback, flaky hold, no-path timeout, retries due
//
// One owner per fact (docs/engine.md): a path's run-time state (admin state,
// ALUA state, flaky hold, failback hold) is owned by its
// recovery::path_lifecycle, here. The selector's per-slot flags are a mirror
// written only by sync(), one function, after every event; nobody else tells
// the selector anything. The topology store keeps what discovery found
// (identity, port group, the state at discovery); the engine reads it once,
// in attach() / path_config_from().
//
// Threading: the caller serializes calls into one device (one event loop, or
// one lock, as MSDSM's DSM context lock and dm-mpath's m->lock do). The
// transport's request_done() may call submit() again; send() and
// request_done() must not call on_completion() or poll().
//
// An optional gate (engine/io_gate.hpp, the Gate parameter) closes paths
// for a reason the engine does not own, such as the persistent reservation
// planner's "not registered yet": a closed path is out of the selector like
// a failed one, and I/O waits or fails by the no-path rules when every path
// is closed. The default gate is always open and costs nothing.
//
// No heap, no exceptions, caller ticks. Capacity is the selector's (at most
// 255 slots; MSDSM allows 32 paths per device), requests in flight at once is
// the MaxRequests template parameter.
#ifndef MPIO_ENGINE_DEVICE_HPP
#define MPIO_ENGINE_DEVICE_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/engine/command.hpp>
#include <mpio/engine/io_gate.hpp>
#include <mpio/engine/path_config.hpp>
#include <mpio/engine/path_statistics.hpp>
#include <mpio/policy/any_selector.hpp>
#include <mpio/policy/path_selector.hpp>
#include <mpio/recovery/alua_failover.hpp>
#include <mpio/recovery/default_tables.hpp>
#include <mpio/recovery/error_table.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/recovery/io_status.hpp>
#include <mpio/recovery/no_path_retry.hpp>
#include <mpio/recovery/path_lifecycle.hpp>
#include <mpio/recovery/retry_budget.hpp>
#include <mpio/recovery/settings.hpp>
#include <mpio/recovery/verification.hpp>
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/topology/alua_mode.hpp>
#include <mpio/topology/topology_store.hpp>

namespace mpio::engine {

using topology::path_state;

// Which command verifies a path (multipath-tools' path_checker).
enum class path_checker : std::uint8_t {
    automatic = 0,   // RTPG for an ALUA device, else TEST UNIT READY (MSDSM)
    test_unit_ready, // "tur"
    read_block_zero, // "directio" / "readsector0": the data path itself
};

struct engine_config {
    recovery::mpio_timers timers{}; // RetryCount, RetryInterval, periods: in the caller's ticks
    recovery::failback_policy failback{};
    recovery::flaky_config flaky{};
    recovery::no_path_retry no_path{}; // default: queue for PDORemovePeriod (Windows MPIO)
    topology::alua_mode alua = topology::alua_mode::none;
    path_checker checker = path_checker::automatic;
    bool explicit_failover = true;          // send STPG when only standby groups remain (explicit ALUA)
    std::uint32_t uncounted_retry_cap = 32; // retries that do not consume RetryCount, at most

    // Microsoft's MPIO defaults (RetryCount 3, RetryInterval 1 s,
    // PathVerificationPeriod 30 s, PDORemovePeriod 20 s) at `rate` ticks per
    // second, for a device with the given ALUA mode.
    [[nodiscard]] static constexpr engine_config microsoft_defaults(tick_rate rate, topology::alua_mode mode) noexcept
    {
        engine_config c;
        c.timers = recovery::to_ticks(recovery::microsoft_defaults, rate);
        c.no_path = recovery::no_path_retry::for_remove_period(c.timers.pdo_remove_period);
        c.alua = mode;
        return c;
    }
};

namespace detail {
// The concurrency model of a selector, so the statistics can be read from
// another thread exactly when the selector itself is concurrent: a
// path_table-based selector names it; any_selector is as concurrent as the
// selectors it holds; anything else counts as single-threaded.
template <class S>
struct selector_concurrency {
    using type = policy::single_thread;
};
template <class S>
requires requires { typename S::concurrency; }
struct selector_concurrency<S> {
    using type = typename S::concurrency;
};
template <class First, class... Rest>
struct selector_concurrency<policy::basic_any_selector<policy::selector_list<First, Rest...>>> {
    using type = typename First::concurrency;
};
} // namespace detail

// A request as the engine tracks it (read-only for observers).
enum class request_state : std::uint8_t { free = 0, queued, in_flight, waiting_refresh };

template <class Selector, transport Transport, std::size_t MaxRequests = 128,
          recovery::error_table Table = recovery::default_error_table, io_gate Gate = no_io_gate>
class device : private detail::gate_holder<Gate> {
    using gate_base = detail::gate_holder<Gate>;
    static_assert(policy::path_selector<Selector>, "Selector must satisfy mpio::policy::path_selector");
    static_assert(MaxRequests >= 1 && MaxRequests <= 0x8000, "request indexes are 15-bit");

public:
    static constexpr std::size_t capacity = Selector::capacity;
    static constexpr std::size_t max_requests = MaxRequests;
    using selector_type = Selector;
    using gate_type = Gate;

    device(Transport& t, const engine_config& c) noexcept : transport_(t), config_(c), no_path_(c.no_path) {}
    device(const device&) = delete;
    device& operator=(const device&) = delete;

    // ------------------------------------------------------------ paths

    // A path arrived (discovery found it, or the OS reported it). A path
    // discovery verified enters service at once; another is verified first.
    result<slot_index> add_path(const path_config& pc, tick now) noexcept
    {
        if (slot_of(pc.handle) != no_slot) return failure(errc::already_exists);
        slot_index s = no_slot;
        for (std::size_t i = 0; i < capacity && s == no_slot; ++i)
            if (!paths_[i].used) s = static_cast<slot_index>(i);
        if (s == no_slot) return failure(errc::capacity_exceeded);
        slot& p = paths_[s];
        p.used = true;
        p.config = pc;
        p.life = recovery::path_lifecycle(lifecycle_config(), pc.preferred_path);
        p.told = {};
        p.stats.clear();
        const recovery::verification_command v = p.life.arrive(now);
        if (pc.verified) {
            recovery::verification_result r;
            r.state = recovery::checker_state::up;
            r.has_alua_state = pc.has_alua_state;
            r.alua_state = pc.alua_state;
            p.life.on_verification(r, now);
        } else if (pc.has_alua_state) {
            p.life.on_alua_state(pc.alua_state, now);
        }
        sync(now);
        if (!pc.verified) send_check(s, v, now);
        pump(now);
        return s;
    }

    // Every present path of a topology device (pending removal and removed
    // ones are left out), in the store's order.
    template <class Storage>
    status attach(const topology::basic_topology<Storage>& store, topology::device_index d, tick now) noexcept
    {
        if (d == topology::no_index) return failure(errc::invalid_argument);
        status r = success;
        store.for_each_path_of_device(d, [&](topology::path_index, const topology::path& p) {
            if (!r || p.state() == topology::path_state::pending_removal || p.state() == topology::path_state::removed)
                return;
            const result<slot_index> s = add_path(path_config_from(p), now);
            if (!s && s.error() != errc::already_exists) r = failure(s.error());
        });
        return r;
    }

    // The OS removed the path: no new I/O goes to it; commands already sent
    // still complete through on_completion(). It is kept for PDORemovePeriod
    // (arrive again with path_back()), then its slot is free.
    status remove_path(slot_index s, tick now) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        paths_[s].life.remove(now);
        sync(now);
        pump(now);
        return success;
    }

    // The transport has the path back (link up, session re-login, RSCN) or
    // the OS re-announced it: verify it now rather than at the next timer.
    status path_back(slot_index s, tick now) noexcept
    {
        if (s >= capacity || !paths_[s].used) return failure(errc::not_found);
        slot& p = paths_[s];
        const path_state st = p.life.state();
        const recovery::verification_command v = (st == path_state::removed || st == path_state::pending_removal)
                                                     ? p.life.arrive(now)
                                                     : p.life.request_verification(now);
        sync(now);
        send_check(s, v, now);
        pump(now);
        return success;
    }

    // The transport lost the path while nothing of ours ran on it (an idle
    // Fail Over Only standby path whose session dropped): fail it now, as a
    // connection loss, instead of at its next command. Verified again on its
    // timer, or at once with path_back() when the transport has it back.
    status path_down(slot_index s, tick now) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        fail_by_transport(s, now);
        pump(now);
        return success;
    }

    // Re-read REPORT TARGET PORT GROUPS now and apply it to every path (the
    // transport saw an asymmetric-access change another way, or an
    // administrator asks). errc::invalid_state for a device without ALUA,
    // errc::no_usable_path when no path can carry the command.
    status refresh_alua(tick now) noexcept
    {
        if (config_.alua == topology::alua_mode::none) return failure(errc::invalid_state);
        if (!start_refresh(no_slot, now)) return failure(errc::no_usable_path);
        return success;
    }

    // Administrator actions (mpclaim / multipathd commands).
    status set_standby(slot_index s, bool on, tick now) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        if (on)
            paths_[s].life.set_standby();
        else
            paths_[s].life.activate();
        sync(now);
        pump(now);
        return success;
    }
    status failback_now(slot_index s, tick now) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        paths_[s].life.failback_now();
        sync(now);
        pump(now);
        return success;
    }

    // Run-time policy switch by MSDSM id / name (selectors that support it,
    // e.g. policy::any_selector). Paths and their states carry over.
    status set_policy(policy::policy_id id) noexcept requires requires(Selector& x) { x.set_policy(id); }
    {
        return selector_.set_policy(id);
    }
    status set_policy(const char* name) noexcept requires requires(Selector& x) { x.set_policy(name); }
    {
        return selector_.set_policy(name);
    }

    // The gate (engine/io_gate.hpp): `g` is the caller's and must outlive
    // its use here; null opens every path. Paths the gate closes leave the
    // selector at once; I/O already sent on them completes as usual.
    void set_gate(const Gate* g, tick now) noexcept requires(gate_base::gated)
    {
        gate_base::set(g);
        gate_changed(now);
    }
    // The gate's answers may have changed (the planner registered a path,
    // lost one, took or moved a reservation): follow them now. Queued I/O
    // goes to the paths that opened.
    void gate_changed(tick now) noexcept requires(gate_base::gated)
    {
        sync(now);
        pump(now);
    }
    [[nodiscard]] const Gate* gate() const noexcept requires(gate_base::gated) { return gate_base::get(); }
    // Whether the gate lets `s` carry I/O (always, without a gate).
    [[nodiscard]] bool gate_open(slot_index s) const noexcept { return gate_base::open(s); }

    // Explicit ALUA: make `group` active/optimized with SET TARGET PORT
    // GROUPS, sent on a path that can reach the device. I/O is held for the
    // transition; the states are re-read when the STPG completes.
    status activate_group(std::uint16_t group, tick now) noexcept
    {
        if (!topology::allows_stpg(config_.alua))
            return failure(errc::invalid_state); // the device did not claim explicit ALUA
        if (stpg_.in_flight) return failure(errc::not_ready);
        const slot_index s = control_path(no_slot);
        if (s == no_slot) return failure(errc::no_usable_path);
        command c = control_command(command_kind::set_target_port_groups, s, ++stpg_.seq);
        const result<std::size_t> n =
            recovery::build_activation_stpg(mutable_byte_view(c.cdb, sizeof c.cdb),
                                            mutable_byte_view(stpg_.parameters, sizeof stpg_.parameters), group);
        if (!n) return failure(n.error());
        c.cdb_length = scsi::cdb_length::set_target_port_groups;
        c.data_out = byte_view(stpg_.parameters, *n);
        stpg_.in_flight = true;
        stpg_.slot = s;
        stpg_.group = group;
        transition_.begin(now, config_.timers.alua_transition_time);
        if (!transport_.send(c)) {
            stpg_.in_flight = false;
            transition_.end();
            fail_by_transport(s, now);
            return failure(errc::no_usable_path);
        }
        return success;
    }

    // ------------------------------------------------------------ I/O

    // A request of the caller's. It completes exactly once, through
    // transport.request_done(cookie, ...), on whatever path; errc only when
    // it could not be accepted (the request table is full).
    status submit(const policy::io_request& io, std::uint64_t cookie, tick now) noexcept
    {
        std::size_t ri = MaxRequests;
        for (std::size_t i = 0; i < MaxRequests && ri == MaxRequests; ++i)
            if (requests_[(next_request_ + i) % MaxRequests].state == request_state::free)
                ri = (next_request_ + i) % MaxRequests;
        if (ri == MaxRequests) return failure(errc::capacity_exceeded);
        next_request_ = (ri + 1) % MaxRequests;
        request& r = requests_[ri];
        r.io = io;
        r.cookie = cookie;
        r.budget = recovery::retry_budget(retry_limits());
        r.state = request_state::queued;
        r.not_before = now;
        r.same_slot = no_slot;
        r.result = {};
        ++queued_;
        dispatch(ri, now);
        if (r.state == request_state::queued) {
            sync(now); // starts the no-path timer when nothing can carry I/O
            if (no_path_.should_fail(now) && !transition_.holding(now))
                finish(ri, false, recovery::reason::no_usable_path);
        }
        return success;
    }

    // A command the engine sent has finished. `data_in` is what the device
    // returned (RTPG data; empty for I/O: the caller has its own buffer).
    // errc::not_found for a tag that is not outstanding (a duplicate or stale
    // completion): nothing changes.
    status on_completion(std::uint32_t tag, const recovery::io_outcome& outcome, byte_view data_in, tick now) noexcept
    {
        status r = (tag & control_bit) ? complete_control(tag, outcome, data_in, now) : complete_io(tag, outcome, now);
        if (r) pump(now);
        return r;
    }

    // Timers: verification commands due, failback and flaky holds, the
    // no-path timeout, retries whose RetryInterval has passed. Call it every
    // tick or so (multipath-tools checks every second).
    void poll(tick now) noexcept
    {
        for (std::size_t i = 0; i < capacity; ++i) {
            slot& p = paths_[i];
            if (!p.used) continue;
            const recovery::verification_command v = p.life.poll(now);
            send_check(static_cast<slot_index>(i), v, now);
            if (p.life.state() == path_state::removed && !busy(static_cast<slot_index>(i)))
                release_slot(static_cast<slot_index>(i));
        }
        if (transition_.timed_out(now) && !stpg_.in_flight) transition_.end();
        sync(now);
        if (refresh_.in_flight == false && refresh_.waiting) start_refresh(no_slot, now);
        pump(now);
    }

    // ------------------------------------------------------------ observers

    [[nodiscard]] slot_index slot_of(topology::path_handle h) const noexcept
    {
        for (std::size_t i = 0; i < capacity; ++i)
            if (paths_[i].used && paths_[i].config.handle == h) return static_cast<slot_index>(i);
        return no_slot;
    }
    [[nodiscard]] bool present(slot_index s) const noexcept
    {
        if (s >= capacity || !paths_[s].used) return false;
        const path_state st = paths_[s].life.state();
        return st != path_state::removed && st != path_state::pending_removal;
    }
    [[nodiscard]] bool used(slot_index s) const noexcept { return s < capacity && paths_[s].used; }
    [[nodiscard]] const path_config& config_of(slot_index s) const noexcept { return paths_[s].config; }
    [[nodiscard]] path_state state(slot_index s) const noexcept { return paths_[s].life.state(); }
    [[nodiscard]] const recovery::path_lifecycle& lifecycle(slot_index s) const noexcept { return paths_[s].life; }
    [[nodiscard]] scsi::asymmetric_access_state alua_state(slot_index s) const noexcept { return alua_of(s); }
    // The marginal-path rule: a path whose checker says "up" while its I/O
    // keeps failing is held out of rotation (flaky_config) and reported here.
    [[nodiscard]] bool marginal(slot_index s, tick now) const noexcept { return paths_[s].life.flaky(now); }
    [[nodiscard]] recovery::eligibility eligibility(slot_index s, tick now) const noexcept
    {
        return paths_[s].life.io_eligibility(now);
    }
    [[nodiscard]] path_statistics_snapshot statistics(slot_index s) const noexcept
    {
        return paths_[s].stats.snapshot();
    }
    void clear_statistics() noexcept
    {
        for (slot& p : paths_) p.stats.clear();
    }
    [[nodiscard]] std::size_t path_count() const noexcept
    {
        std::size_t n = 0;
        for (std::size_t i = 0; i < capacity; ++i) n += present(static_cast<slot_index>(i)) ? 1u : 0u;
        return n;
    }
    [[nodiscard]] std::size_t requests_outstanding() const noexcept { return outstanding_; }
    [[nodiscard]] std::size_t requests_queued() const noexcept { return queued_; }
    [[nodiscard]] bool no_usable_path() const noexcept { return no_path_.no_path(); }
    [[nodiscard]] bool transition_in_progress() const noexcept { return transition_.in_progress(); }
    [[nodiscard]] const Selector& selector() const noexcept { return selector_; }
    [[nodiscard]] Selector& selector() noexcept { return selector_; }
    [[nodiscard]] const engine_config& config() const noexcept { return config_; }

private:
    static constexpr std::uint32_t control_bit = 0x8000'0000u;

    // What the selector was last told about a slot (sync() compares with it).
    struct told_state {
        bool present = false;
        bool in_service = false;
        scsi::asymmetric_access_state alua = scsi::asymmetric_access_state::active_optimized;
    };
    struct slot {
        bool used = false;
        path_config config{};
        recovery::path_lifecycle life{};
        told_state told{};
        path_statistics<typename detail::selector_concurrency<Selector>::type> stats{};
        std::uint16_t check_seq = 0;
        command_kind check_kind = command_kind::test_unit_ready;
        bool check_in_flight = false;
    };
    struct request {
        policy::io_request io{};
        std::uint64_t cookie = 0;
        recovery::retry_budget budget{};
        tick not_before = 0;
        tick sent = 0;
        request_result result{};
        std::uint16_t generation = 0;
        slot_index slot = no_slot;
        slot_index same_slot = no_slot;
        request_state state = request_state::free;
    };

    [[nodiscard]] recovery::lifecycle_config lifecycle_config() const noexcept
    {
        return recovery::lifecycle_config::from(config_.timers, config_.alua != topology::alua_mode::none,
                                                config_.failback, config_.flaky);
    }
    [[nodiscard]] recovery::retry_limits retry_limits() const noexcept
    {
        return recovery::retry_limits::from(config_.timers, config_.uncounted_retry_cap);
    }
    [[nodiscard]] scsi::asymmetric_access_state alua_of(slot_index s) const noexcept
    {
        const recovery::path_lifecycle& l = paths_[s].life;
        return l.has_alua_state() ? l.alua_state() : scsi::asymmetric_access_state::active_optimized;
    }

    // ---- sync: the lifecycles' view, pushed into the selector -------------
    // In service: the paths in rotation whose group is active; when there are
    // none, the last-resort ones (flaky, failback hold, administrator
    // standby) rather than no path at all.
    void sync(tick now) noexcept
    {
        bool rotation = false;
        for (std::size_t i = 0; i < capacity; ++i)
            if (paths_[i].used &&
                gated_eligibility(static_cast<slot_index>(i), now) == recovery::eligibility::rotation &&
                paths_[i].life.in_active_group())
                rotation = true;
        bool any = false;
        for (std::size_t i = 0; i < capacity; ++i) {
            const auto s = static_cast<slot_index>(i);
            slot& p = paths_[i];
            const bool is_present = present(s);
            told_state want;
            if (is_present) {
                const recovery::eligibility e = gated_eligibility(s, now);
                want.present = true;
                want.in_service = rotation ? e == recovery::eligibility::rotation : e != recovery::eligibility::none;
                want.alua = alua_of(s);
                if (want.in_service && policy::io_tier(want.alua) != policy::tier_none) any = true;
            }
            tell_selector(s, p, want);
        }
        if (any)
            no_path_.path_restored();
        else
            no_path_.all_paths_lost(now);
    }
    // The lifecycle's eligibility, none where the gate is closed.
    [[nodiscard]] recovery::eligibility gated_eligibility(slot_index s, tick now) const noexcept
    {
        if constexpr (gate_base::gated)
            if (!gate_base::open(s)) return recovery::eligibility::none;
        return paths_[s].life.io_eligibility(now);
    }
    void tell_selector(slot_index s, slot& p, const told_state& want) noexcept
    {
        told_state& had = p.told;
        if (!want.present) {
            if (had.present) static_cast<void>(selector_.remove_path(s));
            had = want;
            return;
        }
        if (!had.present) {
            static_cast<void>(selector_.add_path(s, attributes_of(p.config, want.alua)));
            had.present = true;
            had.in_service = true;
            had.alua = want.alua;
        }
        if (had.alua != want.alua) static_cast<void>(selector_.set_alua_state(s, want.alua));
        if (want.in_service && !had.in_service) static_cast<void>(selector_.reinstate_path(s));
        if (!want.in_service && had.in_service) static_cast<void>(selector_.fail_path(s));
        had = want;
    }
    // A command of ours still runs on the slot: it cannot be reused yet.
    [[nodiscard]] bool busy(slot_index s) const noexcept
    {
        if (paths_[s].check_in_flight || (refresh_.in_flight && refresh_.slot == s) ||
            (stpg_.in_flight && stpg_.slot == s))
            return true;
        for (const request& r : requests_)
            if (r.state == request_state::in_flight && r.slot == s) return true;
        return false;
    }
    void release_slot(slot_index s) noexcept
    {
        slot& p = paths_[s];
        if (p.told.present) static_cast<void>(selector_.remove_path(s));
        p.told = {};
        p.used = false;
        p.check_in_flight = false;
    }

    // ---- I/O ---------------------------------------------------------------
    [[nodiscard]] bool in_service(slot_index s) const noexcept
    {
        return s < capacity && paths_[s].used && paths_[s].told.present && paths_[s].told.in_service &&
               policy::io_tier(paths_[s].told.alua) != policy::tier_none && gate_base::open(s);
    }
    // Send request `ri` if it is due and a path can take it. A send the
    // transport refuses is a connection loss on that path, interpreted at
    // once; the loop tries the next path (no recursion: at most one refused
    // send per path).
    void dispatch(std::size_t ri, tick now) noexcept
    {
        request& r = requests_[ri];
        for (std::size_t attempt = 0; attempt <= capacity; ++attempt) {
            if (r.state != request_state::queued || !tick_reached(now, r.not_before)) return;
            if (transition_.holding(now) && !any_in_service()) return;
            slot_index s = no_slot;
            if (r.same_slot != no_slot && in_service(r.same_slot)) {
                s = r.same_slot;
            } else {
                policy::io_request io = r.io;
                io.now = now;
                const result<slot_index> pick = selector_.select(io);
                if (!pick) return; // no usable path: stays queued (no-path timer)
                s = *pick;
                if constexpr (gate_base::gated) {
                    if (!gate_base::open(s)) {
                        sync(now); // the gate closed since the last sync: the selector follows, pick again
                        continue;
                    }
                }
            }
            r.same_slot = no_slot;
            selector_.start(s, r.io);
            r.state = request_state::in_flight;
            r.slot = s;
            r.sent = now;
            --queued_;
            ++outstanding_;
            if (r.result.attempts != 0xFFFF) ++r.result.attempts;
            r.generation = static_cast<std::uint16_t>(r.generation + 1); // each attempt has its own tag
            command c;
            c.kind = command_kind::io;
            c.slot = s;
            c.path = paths_[s].config.handle;
            c.tag = static_cast<std::uint32_t>(ri) | (std::uint32_t{r.generation} << 15);
            c.cookie = r.cookie;
            c.io = r.io;
            if (transport_.send(c)) return;
            recovery::io_outcome lost;
            lost.transport = recovery::transport_outcome::connection_lost;
            interpret_io(ri, lost, now);
        }
    }
    [[nodiscard]] bool any_in_service() const noexcept
    {
        for (std::size_t i = 0; i < capacity; ++i)
            if (in_service(static_cast<slot_index>(i))) return true;
        return false;
    }
    status complete_io(std::uint32_t tag, const recovery::io_outcome& o, tick now) noexcept
    {
        const std::size_t ri = tag & 0x7FFFu;
        if (ri >= MaxRequests) return failure(errc::not_found);
        const request& r = requests_[ri];
        if (r.state != request_state::in_flight || (tag >> 15) != r.generation) return failure(errc::not_found);
        interpret_io(ri, o, now);
        return success;
    }
    // The heart of it: what one completion means for the request and the path.
    void interpret_io(std::size_t ri, const recovery::io_outcome& o, tick now) noexcept
    {
        request& r = requests_[ri];
        const slot_index s = r.slot;
        slot& p = paths_[s];
        --outstanding_;
        // GOOD needs no context; for anything else, whether another path could
        // take the request decides between retrying elsewhere and holding it.
        const bool good = o.transport == recovery::transport_outcome::ok && o.status == scsi::scsi_status::good;
        const recovery::interpret_context ctx{good || other_usable_path(s, now)};
        const recovery::decision d = recovery::interpret<Table>(o, ctx);
        const tick service = now >= r.sent ? now - r.sent : 0;
        selector_.complete(s, r.io, service, recovery::to_io_status(d));
        if (d.action == recovery::action::complete)
            p.stats.record_success(r.io.direction == policy::io_direction::write, r.io.bytes, service);
        else
            p.stats.record_error();
        const path_state state_before = p.life.state();
        const scsi::asymmetric_access_state alua_before = alua_of(s);
        p.life.on_io(d, now);
        if (p.life.state() != state_before || alua_of(s) != alua_before)
            sync(now); // the path changed: tell the selector
        r.result.last = {o.transport, o.status, byte_view{}};
        r.result.slot = s;
        if (p.life.needs_alua_refresh() && d.action != recovery::action::refresh_alua_then_retry) start_refresh(s, now);
        if (d.action == recovery::action::complete) return finish(ri, true, d.reason);
        const recovery::retry_step step = r.budget.next(d, now);
        if (!step.retry) return finish(ri, false, step.reason);
        if (step.action == recovery::action::fail_path_and_retry || step.action == recovery::action::retry_other_path) {
            p.stats.record_failover();
            if (r.result.failovers != 0xFFFF) ++r.result.failovers;
        }
        r.state = request_state::queued;
        ++queued_;
        r.not_before = step.not_before;
        r.same_slot = step.action == recovery::action::retry_same_path ? s : no_slot;
        if (step.action == recovery::action::refresh_alua_then_retry && config_.alua != topology::alua_mode::none) {
            r.same_slot = s; // MSDSM retries 2A/06 on the same path after the RTPG
            r.state = request_state::waiting_refresh;
            --queued_;
            refresh_.waiting = true;
            if (!start_refresh(s, now)) release_refresh_waiters();
        }
    }
    void finish(std::size_t ri, bool ok, recovery::reason why) noexcept
    {
        request& r = requests_[ri];
        if (r.state == request_state::queued) --queued_;
        r.state = request_state::free;
        r.generation = static_cast<std::uint16_t>(r.generation + 1); // stale completions no longer match
        r.result.ok = ok;
        r.result.reason = why;
        const request_result res = r.result;
        transport_.request_done(r.cookie, res);
    }
    // Whether a request that failed on `self` could run elsewhere now (the
    // interpretation table's "another path exists").
    [[nodiscard]] bool other_usable_path(slot_index self, tick now) const noexcept
    {
        for (std::size_t i = 0; i < capacity; ++i) {
            if (i == self || !paths_[i].used) continue;
            const recovery::path_lifecycle& l = paths_[i].life;
            if (gated_eligibility(static_cast<slot_index>(i), now) != recovery::eligibility::none &&
                l.in_active_group())
                return true;
        }
        return false;
    }
    // Queued requests that are due go out; with no path at all for longer
    // than the no-path time, they fail (reason no_usable_path). Explicit ALUA
    // with only standby groups left: activate one (STPG) first.
    void pump(tick now) noexcept
    {
        if (queued_ == 0 && !refresh_.waiting) return;
        if (!any_in_service()) maybe_activate_standby_group(now);
        for (std::size_t i = 0; i < MaxRequests && queued_ != 0; ++i)
            if (requests_[i].state == request_state::queued) dispatch(i, now);
        if (no_path_.no_path() && no_path_.should_fail(now) && !transition_.holding(now))
            for (std::size_t i = 0; i < MaxRequests; ++i)
                if (requests_[i].state == request_state::queued || requests_[i].state == request_state::waiting_refresh)
                    fail_waiting(i);
    }
    void fail_waiting(std::size_t ri) noexcept
    {
        request& r = requests_[ri];
        if (r.state == request_state::waiting_refresh) {
            r.state = request_state::queued; // finish() takes it off the queue count
            ++queued_;
        }
        finish(ri, false, recovery::reason::no_usable_path);
    }

    // ---- engine commands: checkers, RTPG refresh, STPG ---------------------
    [[nodiscard]] command control_command(command_kind k, slot_index s, std::uint16_t seq) const noexcept
    {
        command c;
        c.kind = k;
        c.slot = s;
        c.path = paths_[s].config.handle;
        c.tag = control_bit | (std::uint32_t{static_cast<std::uint8_t>(k)} << 24) | (std::uint32_t{s} << 16) | seq;
        return c;
    }
    [[nodiscard]] command rtpg_command(slot_index s, std::uint16_t seq) const noexcept
    {
        command c = control_command(command_kind::report_target_port_groups, s, seq);
        const result<std::size_t> n = recovery::build_verification_cdb(
            mutable_byte_view(c.cdb, sizeof c.cdb), recovery::verification_command::report_target_port_groups);
        c.cdb_length = n ? static_cast<std::uint8_t>(*n) : 0;
        c.data_in_length = recovery::verification_rtpg_allocation_length;
        return c;
    }
    void send_check(slot_index s, recovery::verification_command v, tick now) noexcept
    {
        if (v == recovery::verification_command::none) return;
        slot& p = paths_[s];
        const std::uint16_t seq = ++p.check_seq;
        command c;
        if (v == recovery::verification_command::report_target_port_groups) {
            c = rtpg_command(s, seq);
        } else if (config_.checker == path_checker::read_block_zero) {
            c = control_command(command_kind::read_block_zero, s, seq);
            // READ(10) (SBC-4 5.15): LBA 0, one block; the caller supplies the buffer.
            c.cdb[0] = 0x28;
            c.cdb[8] = 1;
            c.cdb_length = 10;
            c.data_in_length = 4096;
        } else {
            c = control_command(command_kind::test_unit_ready, s, seq);
            const result<std::size_t> n = recovery::build_verification_cdb(
                mutable_byte_view(c.cdb, sizeof c.cdb), recovery::verification_command::test_unit_ready);
            c.cdb_length = n ? static_cast<std::uint8_t>(*n) : 0;
        }
        p.check_kind = c.kind;
        p.check_in_flight = true;
        if (transport_.send(c)) return;
        p.check_in_flight = false;
        recovery::verification_result down;
        down.state = recovery::checker_state::disconnected;
        p.life.on_verification(down, now);
        sync(now);
    }
    // A path to send an engine command on: `hint` if it is usable, else any
    // path in service, else any present path that is not failed.
    [[nodiscard]] slot_index control_path(slot_index hint) const noexcept
    {
        if (hint != no_slot && present(hint) && topology::carries_io(paths_[hint].life.state())) return hint;
        for (std::size_t i = 0; i < capacity; ++i)
            if (in_service(static_cast<slot_index>(i))) return static_cast<slot_index>(i);
        for (std::size_t i = 0; i < capacity; ++i)
            if (present(static_cast<slot_index>(i)) && topology::carries_io(paths_[i].life.state()))
                return static_cast<slot_index>(i);
        return no_slot;
    }
    // Re-read REPORT TARGET PORT GROUPS (2A/06, 2A/07, a standby answer).
    bool start_refresh(slot_index hint, tick now) noexcept
    {
        if (config_.alua == topology::alua_mode::none) return false;
        if (refresh_.in_flight) return true;
        const slot_index s = control_path(hint);
        if (s == no_slot) return false;
        const command c = rtpg_command(s, ++refresh_.seq);
        refresh_.in_flight = true;
        refresh_.slot = s;
        if (transport_.send(c)) return true;
        refresh_.in_flight = false;
        fail_by_transport(s, now);
        return false;
    }
    void release_refresh_waiters() noexcept
    {
        refresh_.waiting = false;
        for (request& r : requests_) {
            if (r.state != request_state::waiting_refresh) continue;
            r.state = request_state::queued;
            ++queued_;
        }
    }
    void fail_by_transport(slot_index s, tick now) noexcept
    {
        recovery::io_outcome lost;
        lost.transport = recovery::transport_outcome::connection_lost;
        paths_[s].life.on_io(recovery::interpret<Table>(lost, {other_usable_path(s, now)}), now);
        sync(now);
    }
    // Every path's group state from one RTPG answer.
    void apply_rtpg(const scsi::report_target_port_groups& rtpg, slot_index except, tick now) noexcept
    {
        for (std::size_t i = 0; i < capacity; ++i) {
            slot& p = paths_[i];
            if (i == except || !present(static_cast<slot_index>(i)) || !p.config.has_target_port_group) continue;
            const result<scsi::asymmetric_access_state> st = rtpg.state_of(p.config.target_port_group);
            if (st) p.life.on_alua_state(*st, now);
        }
        bool transitioning = false;
        for (std::size_t i = 0; i < capacity; ++i)
            if (present(static_cast<slot_index>(i)) &&
                alua_of(static_cast<slot_index>(i)) == scsi::asymmetric_access_state::transitioning)
                transitioning = true;
        if (!transitioning && !stpg_.in_flight) transition_.end();
    }
    status complete_control(std::uint32_t tag, const recovery::io_outcome& o, byte_view data, tick now) noexcept
    {
        const auto kind = static_cast<command_kind>((tag >> 24) & 0x7Fu);
        const auto s = static_cast<slot_index>((tag >> 16) & 0xFFu);
        const auto seq = static_cast<std::uint16_t>(tag & 0xFFFFu);
        if (s >= capacity || !paths_[s].used) return failure(errc::not_found);
        slot& p = paths_[s];
        const recovery::error_condition cond = recovery::make_condition(o);
        const bool good = cond.transport == recovery::transport_outcome::ok && cond.status == scsi::scsi_status::good;
        const result<scsi::report_target_port_groups> rtpg =
            kind == command_kind::report_target_port_groups && good
                ? scsi::parse_report_target_port_groups(data)
                : result<scsi::report_target_port_groups>(failure(errc::not_found));
        if (refresh_.in_flight && kind == command_kind::report_target_port_groups && s == refresh_.slot &&
            seq == refresh_.seq) {
            refresh_.in_flight = false;
            if (rtpg) {
                apply_rtpg(*rtpg, no_slot, now);
                sync(now);
                release_refresh_waiters();
            } else {
                p.life.on_io(recovery::interpret<Table>(o, {other_usable_path(s, now)}), now);
                sync(now);
                if (!start_refresh(no_slot, now)) release_refresh_waiters();
            }
            return success;
        }
        if (stpg_.in_flight && kind == command_kind::set_target_port_groups && seq == stpg_.seq) {
            stpg_.in_flight = false;
            if (!good) {
                transition_.end();
                p.life.on_io(recovery::interpret<Table>(o, {other_usable_path(s, now)}), now);
                sync(now);
            }
            refresh_.waiting = true; // read the states the STPG made, then release held I/O
            if (!start_refresh(s, now)) release_refresh_waiters();
            return success;
        }
        if (!p.check_in_flight || kind != p.check_kind || seq != p.check_seq) return failure(errc::not_found);
        p.check_in_flight = false;
        recovery::verification_result v = recovery::verification_result::from_tur(cond);
        if (kind == command_kind::report_target_port_groups && good) {
            if (rtpg && p.config.has_target_port_group) {
                const result<scsi::asymmetric_access_state> st = rtpg->state_of(p.config.target_port_group);
                if (st) v = recovery::verification_result::from_rtpg(cond, *st);
            }
            if (rtpg) apply_rtpg(*rtpg, s, now);
        }
        p.life.on_verification(v, now);
        sync(now);
        return success;
    }
    // Explicit ALUA, nothing in service, and a healthy path leads to a
    // standby / unavailable group: activate the best such group.
    void maybe_activate_standby_group(tick now) noexcept
    {
        if (!config_.explicit_failover || !topology::allows_stpg(config_.alua) || stpg_.in_flight ||
            transition_.holding(now))
            return;
        recovery::tpg_candidate groups[capacity];
        std::size_t n = 0;
        for (std::size_t i = 0; i < capacity; ++i) {
            const auto s = static_cast<slot_index>(i);
            if (!present(s) || !topology::carries_io(paths_[i].life.state()) ||
                !paths_[i].config.has_target_port_group || !gate_base::open(s))
                continue;
            recovery::tpg_candidate c;
            c.group = paths_[i].config.target_port_group;
            c.state = alua_of(s);
            c.preferred = paths_[i].config.alua_pref;
            c.reachable = true;
            groups[n++] = c;
        }
        if (n == 0) return;
        const result<std::size_t> best = recovery::choose_stpg_target(groups, n);
        if (!best || groups[*best].state == scsi::asymmetric_access_state::active_optimized) return;
        static_cast<void>(activate_group(groups[*best].group, now));
    }

    struct refresh_state {
        bool in_flight = false;
        bool waiting = false;
        slot_index slot = no_slot;
        std::uint16_t seq = 0;
    };
    struct stpg_state {
        bool in_flight = false;
        slot_index slot = no_slot;
        std::uint16_t seq = 0;
        std::uint16_t group = 0;
        byte parameters[8]{};
    };

    Transport& transport_;
    engine_config config_;
    Selector selector_{};
    slot paths_[capacity]{};
    request requests_[MaxRequests]{};
    recovery::no_path_timer no_path_;
    recovery::alua_transition transition_{};
    refresh_state refresh_{};
    stpg_state stpg_{};
    std::size_t next_request_ = 0;
    std::size_t queued_ = 0;
    std::size_t outstanding_ = 0;
};

} // namespace mpio::engine

#endif // MPIO_ENGINE_DEVICE_HPP
