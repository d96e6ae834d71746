// SPDX-License-Identifier: MIT
// mpio/reservation/planner.hpp - SCSI-3 persistent reservations across every
// path of one multipath device: a state machine that decides which PERSISTENT
// RESERVE IN/OUT command to send on which path, and which paths may carry I/O.
//
// A reservation key is registered per I_T nexus (SPC-6 5.14.7), so a
// multipath initiator must register it through every path, including paths
// that join or come back later, and send RESERVE / RELEASE through one path.
// What the planner keeps true (docs/reservations.md has the rules, the
// sources and the MSDSM / mpathpersist comparison):
//
//   - while a key is wanted, a path carries I/O only once its registration is
//     confirmed (may_carry_io(slot)); a path that joins or returns is
//     registered first (REGISTER AND IGNORE EXISTING KEY: idempotent, needs
//     no knowledge of what the target kept); a path that cannot register
//     stays out;
//   - with ATP_C (REPORT CAPABILITIES) a registration is sent with ALL_TG_PT
//     (every target port of the initiator port), and the other paths of the
//     same initiator port are then only probed; otherwise per path;
//   - RESERVE and RELEASE go through one path, the holder path. If it fails:
//     registrants-only and all-registrants types need nothing (every
//     registered I_T nexus has access); for Write Exclusive / Exclusive
//     Access (holder-only access) the planner moves the reservation with a
//     PREEMPT of its own key through another registered path (SPC-6
//     5.14.11.4.3: the reservation moves to the sender, the key's other
//     registrations are removed, so those paths are registered again), or
//     with REPLACE LOST RESERVATION when the target lost the reservation and
//     says RLR_C;
//   - preempted by another node (2A/05, or the audit finds the key gone) it
//     stops: it never re-registers on its own, since that would undo the
//     fence; the caller decides (join() again);
//   - an audit (READ KEYS, READ RESERVATION, then a REGISTER key->key probe
//     per path, which a non-registered I_T nexus answers with RESERVATION
//     CONFLICT) finds and repairs missing registrations.
//
// The caller does the I/O (next() / on_complete()), ticks, and tells the
// planner about its paths (add_path, path_failed, path_returned,
// remove_path) and about unit attentions (on_unit_attention). One command is
// in flight at a time: PR traffic is rare, and a serial plan is one that can
// be reasoned about. Fixed capacity (MaxPaths slots), no heap, no exceptions.
#ifndef MPIO_RESERVATION_PLANNER_HPP
#define MPIO_RESERVATION_PLANNER_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/reservation/pr_command.hpp>
#include <mpio/scsi/persistent_reservation.hpp>
#include <mpio/scsi/persistent_reserve_in.hpp>

namespace mpio::reservation {

struct planner_config {
    std::uint64_t key = 0;     // this node's reservation key (non-zero)
    bool aptpl = false;        // ask for persist through power loss (sent only when PTPL_C)
    bool use_all_tg_pt = true; // use ALL_TG_PT when the target says ATP_C
    tick audit_period = 0;     // ticks between audits; 0: only on request
};

// A path's registration as the planner knows it.
enum class registration : std::uint8_t {
    unknown,         // joined or returned: to be registered before it carries I/O
    registered,      // confirmed by a GOOD registration (or probe)
    probe,           // to be probed (audit, reset): no I/O until confirmed
    cannot_register, // the target refused: kept out until the next audit or return
};

[[nodiscard]] constexpr const char* to_string(registration r) noexcept
{
    switch (r) {
    case registration::unknown: return "unknown";
    case registration::registered: return "registered";
    case registration::probe: return "to be probed";
    case registration::cannot_register: return "cannot register";
    }
    return "unknown";
}

enum class key_state : std::uint8_t {
    idle,    // no key wanted: reservations are not in use, every up path carries I/O
    joined,  // the key is wanted on every path
    leaving, // releasing and unregistering
    fenced,  // another node removed our key: nothing is sent, no path carries I/O
};

[[nodiscard]] constexpr const char* to_string(key_state s) noexcept
{
    switch (s) {
    case key_state::idle: return "idle";
    case key_state::joined: return "joined";
    case key_state::leaving: return "leaving";
    case key_state::fenced: return "fenced";
    }
    return "unknown";
}

// What happened, counted (for tests, statistics and logs).
struct planner_counters {
    std::uint32_t registrations = 0; // GOOD registrations
    std::uint32_t repairs = 0;       // probes answered with RESERVATION CONFLICT (registration was missing)
    std::uint32_t reestablished = 0; // reservations moved by PREEMPT of our own key or replaced
    std::uint32_t audits = 0;        // audits completed
    std::uint32_t refused = 0;       // paths the target would not register
    std::uint32_t conflicts = 0;     // RESERVE / PREEMPT / RELEASE answered with RESERVATION CONFLICT
};

template <std::size_t MaxPaths>
class planner {
    static_assert(MaxPaths > 0 && MaxPaths <= 255, "slots are 8-bit");

public:
    static constexpr std::size_t capacity = MaxPaths;
    // The slot numbers as their own 8-bit type (MaxPaths <= 255, asserted above).
    static constexpr std::uint8_t slot_count = static_cast<std::uint8_t>(MaxPaths);
    static constexpr std::uint8_t no_slot = 0xFF;

    constexpr planner() noexcept = default;
    constexpr explicit planner(const planner_config& c) noexcept : config_(c) {}

    // ------------------------------------------------------------ paths

    // A path joins. `initiator_port` groups paths that leave through the same
    // initiator port (HBA port / iSCSI initiator session name): an ALL_TG_PT
    // registration covers them all. errc::invalid_argument for a slot past
    // the capacity, errc::already_exists for a slot in use.
    constexpr status add_path(std::uint8_t slot, std::uint8_t initiator_port, bool up = true) noexcept
    {
        if (slot >= MaxPaths) return failure(errc::invalid_argument);
        path_t& p = paths_[slot];
        if (p.present) return failure(errc::already_exists);
        p = path_t{};
        p.present = true;
        p.up = up;
        p.initiator_port = initiator_port;
        return success;
    }
    constexpr void remove_path(std::uint8_t slot) noexcept
    {
        if (slot >= MaxPaths) return;
        paths_[slot] = path_t{};
        if (holder_ == slot) holder_ = no_slot;
        if (preempt_slot_ == slot) preempt_slot_ = no_slot;
    }
    // The path stopped carrying I/O. Its registration stays with the target
    // (SPC-6: registrations survive I_T nexus loss), and so does a
    // reservation it holds.
    constexpr void path_failed(std::uint8_t slot) noexcept
    {
        if (slot < MaxPaths) paths_[slot].up = false;
    }
    // The path is back: whatever the target kept, it is registered again
    // before it carries I/O.
    constexpr void path_returned(std::uint8_t slot) noexcept
    {
        if (slot >= MaxPaths || !paths_[slot].present) return;
        paths_[slot].up = true;
        paths_[slot].reg = registration::unknown;
    }

    // ------------------------------------------------------------ intents

    // Register the key on every path (also the way out of fenced: a new
    // decision of the caller's). errc::invalid_argument for a zero key.
    constexpr status join() noexcept
    {
        if (config_.key == 0) return failure(errc::invalid_argument);
        if (state_ == key_state::fenced || state_ == key_state::idle)
            for (path_t& p : paths_)
                if (p.present) p.reg = registration::unknown;
        state_ = key_state::joined;
        return success;
    }
    // Release (if held) and unregister every path.
    constexpr status leave() noexcept
    {
        if (state_ == key_state::idle) return success;
        if (state_ == key_state::fenced) {
            state_ = key_state::idle;
            return success;
        }
        state_ = key_state::leaving;
        want_reserved_ = false;
        release_pending_ = held_;
        return success;
    }
    // Reserve with `type` through one registered path once the paths are
    // registered. errc::invalid_state unless joined; errc::invalid_argument
    // for an obsolete or reserved type, or one the target's type mask rules out.
    constexpr status reserve(scsi::pr_type type) noexcept
    {
        if (state_ != key_state::joined) return failure(errc::invalid_state);
        if (!scsi::is_defined(type)) return failure(errc::invalid_argument);
        if (caps_known_ && caps_tmv_ && (caps_type_mask_ & scsi::pr_type_mask::bit_of(type)) == 0)
            return failure(errc::invalid_argument);
        want_type_ = type;
        want_reserved_ = true;
        return success;
    }
    constexpr status release() noexcept
    {
        if (state_ != key_state::joined) return failure(errc::invalid_state);
        want_reserved_ = false;
        release_pending_ = held_;
        return success;
    }
    // Remove another node's key (and, if it holds the reservation, take it
    // with `type`); with `abort`, PREEMPT AND ABORT (its tasks are aborted).
    constexpr status preempt(std::uint64_t victim, scsi::pr_type type, bool abort) noexcept
    {
        if (state_ != key_state::joined) return failure(errc::invalid_state);
        if (victim == 0 || victim == config_.key || !scsi::is_defined(type)) return failure(errc::invalid_argument);
        preempt_pending_ = true;
        preempt_victim_ = victim;
        preempt_abort_ = abort;
        want_type_ = type;
        return success;
    }
    constexpr void request_audit() noexcept
    {
        if (state_ == key_state::joined) audit_ = audit_stage::read_keys;
    }

    // A unit attention seen on `slot` (by any command, not only the
    // planner's): 2A/03 reservations preempted, 2A/04 reservations released,
    // 2A/05 registrations preempted, 29/xx power on or reset.
    constexpr void on_unit_attention(std::uint8_t slot, std::uint8_t asc, std::uint8_t ascq) noexcept
    {
        if (asc == 0x2A && (ascq == 0x03 || ascq == 0x04)) {
            // Our reservation is gone (another node preempted or cleared it):
            // not fought back; an audit learns who holds what now.
            held_ = false;
            holder_ = no_slot;
            want_reserved_ = false;
            release_pending_ = false;
            if (state_ == key_state::joined) audit_ = audit_stage::read_keys;
        } else if (asc == 0x2A && ascq == 0x05) {
            // Another node fenced us - or our own PREEMPT moved the
            // reservation, which reports 2A/05 on each of our other I_T
            // nexuses. This path's registration is gone either way; nothing
            // is registered and no I/O flows until READ KEYS says whether
            // our key survives anywhere (re-registering first would undo a
            // fence).
            if (slot < MaxPaths && paths_[slot].present) paths_[slot].reg = registration::unknown;
            if (state_ == key_state::joined) suspect_fence_ = true;
        } else if (asc == 0x29) {
            // Power on or reset. Without APTPL a power loss took every
            // registration and the reservation; a reset did not; each path
            // reports the same event once. A probe per path tells exactly
            // (RESERVATION CONFLICT: gone, then registered again), and no path
            // carries I/O until it is answered. If we held the reservation,
            // an audit then finds out whether it is still there.
            for (path_t& p : paths_)
                if (p.present && p.reg == registration::registered) p.reg = registration::probe;
            if (held_ && state_ == key_state::joined) audit_ = audit_stage::read_keys;
        }
    }

    // ------------------------------------------------------------ the plan

    // The next command to send, or errc::not_found when there is nothing to
    // send now (or a command is in flight). The caller sends it on
    // command.slot and calls on_complete() with its outcome.
    constexpr result<pr_command> next(tick now) noexcept
    {
        if (in_flight_ || state_ == key_state::idle || state_ == key_state::fenced) return failure(errc::not_found);
        if (state_ == key_state::joined && config_.audit_period != 0 && audit_ == audit_stage::none &&
            now - last_audit_ >= config_.audit_period)
            audit_ = audit_stage::read_keys;
        const result<pr_command> c = plan();
        if (c) {
            in_flight_ = true;
            current_ = *c;
            current_tick_ = now;
        }
        return c;
    }

    constexpr void on_complete(const pr_outcome& o, tick now) noexcept
    {
        if (!in_flight_) return;
        in_flight_ = false;
        const pr_command c = current_;
        path_t& p = paths_[c.slot];
        if (o.status == pr_status::unit_attention) {
            on_unit_attention(c.slot, o.asc, o.ascq); // not executed: planned again
            return;
        }
        if (o.status == pr_status::path_error) {
            // The caller owns the path's state; until it says the path is
            // back, nothing more is planned on it.
            p.up = false;
            return;
        }
        switch (c.purpose) {
        case pr_purpose::report_capabilities: complete_capabilities(o); break;
        case pr_purpose::read_keys: complete_read_keys(o); break;
        case pr_purpose::read_reservation: complete_read_reservation(o, now); break;
        case pr_purpose::register_path:
            if (o.status == pr_status::good) {
                ++counters_.registrations;
                p.reg = registration::registered;
                p.maybe_registered = true;
                // ALL_TG_PT registered every target port of this initiator
                // port - if this I_T nexus was not registered before; a
                // registered one only had its key replaced (SPC-6 5.14.7),
                // and the planner cannot tell which. So the other paths of
                // the port are probed (REGISTER key -> key), not assumed.
                if (c.all_tg_pt)
                    for (path_t& q : paths_)
                        if (&q != &p && q.present && q.up && q.initiator_port == p.initiator_port &&
                            q.reg == registration::unknown) {
                            q.reg = registration::probe;
                            q.maybe_registered = true;
                        }
                aptpl_active_ = c.aptpl;
            } else if (c.all_tg_pt) {
                p.no_all_tg_pt = true; // some targets refuse ALL_TG_PT here: again, per path
            } else {
                ++counters_.refused;
                p.reg = registration::cannot_register;
            }
            break;
        case pr_purpose::probe_registration:
            if (o.status == pr_status::good) {
                p.reg = registration::registered;
                aptpl_active_ = c.aptpl;
            } else if (o.status == pr_status::reservation_conflict) {
                ++counters_.repairs;
                p.reg = registration::unknown; // missing: registered next
            } else {
                p.reg = registration::unknown;
            }
            break;
        case pr_purpose::unregister_path:
            if (o.status == pr_status::good || o.status == pr_status::reservation_conflict) {
                p.maybe_registered = false;
                p.reg = registration::unknown;
                if (holder_ == c.slot) {
                    // The holder's registration is gone, and the reservation
                    // with it (SPC-6 5.14.11.2.3).
                    held_ = false;
                    holder_ = no_slot;
                }
            } else {
                p.maybe_registered = false; // not retried: the target refuses
            }
            break;
        case pr_purpose::reserve:
            if (o.status == pr_status::good) {
                if (lost_) ++counters_.reestablished;
                held_ = true;
                held_type_ = c.type;
                holder_ = c.slot;
            } else {
                ++counters_.conflicts;
                want_reserved_ = false; // another node holds it: the caller decides
                held_ = false;
                holder_ = no_slot;
            }
            lost_ = false;
            break;
        case pr_purpose::release:
            if (o.status == pr_status::good) {
                held_ = false;
                holder_ = no_slot;
                release_pending_ = false;
            } else {
                ++counters_.conflicts;
                release_pending_ = false;
                audit_ = audit_stage::read_keys;
            }
            break;
        case pr_purpose::reestablish:
        case pr_purpose::replace_lost:
            if (o.status == pr_status::good) {
                ++counters_.reestablished;
                held_ = true;
                lost_ = false;
                held_type_ = c.type;
                holder_ = c.slot;
                audit_ = audit_stage::read_reservation; // confirm the target agrees
                if (c.purpose == pr_purpose::reestablish) {
                    // PREEMPT removed every other registration of our key.
                    for (std::size_t i = 0; i < MaxPaths; ++i)
                        if (i != c.slot && paths_[i].present) paths_[i].reg = registration::unknown;
                }
            } else if (c.purpose == pr_purpose::replace_lost && o.status == pr_status::illegal_request) {
                rlr_refused_ = true; // RESERVE instead
            } else if (o.status == pr_status::reservation_conflict) {
                fence(); // our key is gone
            } else {
                ++counters_.conflicts;
                held_ = false;
                lost_ = false;
                holder_ = no_slot;
            }
            break;
        case pr_purpose::preempt_other:
            preempt_pending_ = false;
            if (o.status == pr_status::good) {
                // Whether the victim held the reservation is learnt by reading it.
                preempt_slot_ = c.slot;
                audit_ = audit_stage::read_reservation;
            } else if (o.status == pr_status::reservation_conflict) {
                fence(); // we are not registered any more
            } else {
                ++counters_.conflicts;
            }
            break;
        }
        if (state_ == key_state::leaving && !release_pending_ && !any_registered_up()) state_ = key_state::idle;
    }

    // ------------------------------------------------------------ what the engine asks

    // Whether `slot` may carry I/O now. While a key is wanted: only a path
    // whose registration is confirmed, and under Write Exclusive / Exclusive
    // Access held by us, only the holder path (the other I_T nexuses would
    // get RESERVATION CONFLICT).
    [[nodiscard]] constexpr bool may_carry_io(std::uint8_t slot) const noexcept
    {
        if (slot >= MaxPaths) return false;
        const path_t& p = paths_[slot];
        if (!p.present || !p.up) return false;
        switch (state_) {
        case key_state::idle: return true;
        case key_state::fenced: return false;
        case key_state::joined:
        case key_state::leaving: break;
        }
        if (p.reg != registration::registered || suspect_fence_) return false;
        if (held_ && !scsi::grants_all_registrants_access(held_type_)) return slot == holder_;
        return true;
    }

    [[nodiscard]] constexpr key_state state() const noexcept { return state_; }
    [[nodiscard]] constexpr registration registration_of(std::uint8_t slot) const noexcept
    {
        return slot < MaxPaths ? paths_[slot].reg : registration::unknown;
    }
    [[nodiscard]] constexpr bool holds_reservation() const noexcept { return held_; }
    [[nodiscard]] constexpr scsi::pr_type reservation_type() const noexcept { return held_type_; }
    [[nodiscard]] constexpr std::uint8_t holder_slot() const noexcept { return holder_; }
    [[nodiscard]] constexpr bool capabilities_known() const noexcept { return caps_known_; }
    [[nodiscard]] constexpr bool uses_all_tg_pt() const noexcept { return all_tg_pt(); }
    [[nodiscard]] constexpr bool aptpl_active() const noexcept { return aptpl_active_; }
    [[nodiscard]] constexpr bool busy() const noexcept { return in_flight_; }
    [[nodiscard]] constexpr const planner_counters& counters() const noexcept { return counters_; }
    [[nodiscard]] constexpr const planner_config& config() const noexcept { return config_; }
    // Nothing is left to do for the current intents (every up path settled,
    // reservation as wanted, no audit running).
    [[nodiscard]] constexpr bool settled() const noexcept
    {
        pr_command ignored;
        planner copy = *this;
        copy.in_flight_ = false;
        return !in_flight_ && !copy.plan_into(ignored);
    }

private:
    enum class audit_stage : std::uint8_t { none, read_keys, read_reservation };

    struct path_t {
        bool present = false;
        bool up = false;
        bool maybe_registered = false; // the target may hold a registration of ours for this nexus
        bool no_all_tg_pt = false;     // the target refused this path's ALL_TG_PT registration
        std::uint8_t initiator_port = 0;
        registration reg = registration::unknown;
    };

    [[nodiscard]] constexpr bool all_tg_pt() const noexcept { return config_.use_all_tg_pt && caps_atp_c_; }
    [[nodiscard]] constexpr bool usable(std::uint8_t i) const noexcept { return paths_[i].present && paths_[i].up; }
    [[nodiscard]] constexpr bool registered_up(std::uint8_t i) const noexcept
    {
        return usable(i) && paths_[i].reg == registration::registered;
    }
    [[nodiscard]] constexpr bool any_registered_up() const noexcept
    {
        for (std::uint8_t i = 0; i < slot_count; ++i)
            if (usable(i) && paths_[i].maybe_registered) return true;
        return false;
    }
    // A registered path, the holder first.
    [[nodiscard]] constexpr std::uint8_t pick_registered() const noexcept
    {
        if (holder_ != no_slot && registered_up(holder_)) return holder_;
        for (std::uint8_t i = 0; i < slot_count; ++i)
            if (registered_up(i)) return i;
        return no_slot;
    }
    [[nodiscard]] constexpr std::uint8_t pick_up() const noexcept
    {
        const std::uint8_t r = pick_registered();
        if (r != no_slot) return r;
        for (std::uint8_t i = 0; i < slot_count; ++i)
            if (usable(i)) return i;
        return no_slot;
    }

    constexpr void fence() noexcept
    {
        state_ = key_state::fenced;
        held_ = false;
        holder_ = no_slot;
        want_reserved_ = false;
        release_pending_ = false;
        preempt_pending_ = false;
        audit_ = audit_stage::none;
        suspect_fence_ = false;
        for (path_t& p : paths_) p.reg = registration::unknown;
    }

    [[nodiscard]] constexpr pr_command in(std::uint8_t slot, pr_purpose purpose,
                                          scsi::pr_in_service_action a) const noexcept
    {
        pr_command c;
        c.slot = slot;
        c.purpose = purpose;
        c.is_in = true;
        c.in_action = a;
        c.allocation_length = pr_command::default_allocation_length;
        return c;
    }
    [[nodiscard]] constexpr pr_command out(std::uint8_t slot, pr_purpose purpose, scsi::pr_out_service_action a,
                                           std::uint64_t sark) const noexcept
    {
        pr_command c;
        c.slot = slot;
        c.purpose = purpose;
        c.out_action = a;
        c.type = want_type_;
        c.reservation_key = config_.key;
        c.service_action_reservation_key = sark;
        return c;
    }

    [[nodiscard]] constexpr result<pr_command> plan() const noexcept
    {
        pr_command c;
        if (!plan_into(c)) return failure(errc::not_found);
        return c;
    }

    // The whole decision, in priority order. True when `c` was set.
    constexpr bool plan_into(pr_command& c) const noexcept
    {
        using sa = scsi::pr_out_service_action;
        if (in_flight_ || state_ == key_state::idle || state_ == key_state::fenced) return false;
        const std::uint8_t any = pick_up();
        if (any == no_slot) return false;

        // 1. What the target can do decides ALL_TG_PT, REPLACE LOST RESERVATION, APTPL.
        if (!caps_known_) {
            c = in(any, pr_purpose::report_capabilities, scsi::pr_in_service_action::report_capabilities);
            return true;
        }

        const std::uint8_t reg_path = pick_registered();
        const bool exclusive = held_ && !scsi::grants_all_registrants_access(held_type_);
        // The holder path counts while it is up, even before its
        // registration is confirmed again (re-registering it keeps the
        // reservation: REGISTER AND IGNORE EXISTING KEY with the same key).
        const bool holder_up = holder_ != no_slot && usable(holder_);
        // 2. The reservation must be held by a path that works: for the
        // exclusive types always (holder-only access), for the others only to
        // release it (RELEASE from a non-holder has no effect).
        if (held_ && !lost_ && !holder_up && !scsi::is_all_registrants(held_type_) && (exclusive || release_pending_) &&
            reg_path != no_slot) {
            c = out(reg_path, pr_purpose::reestablish, sa::preempt, config_.key);
            c.type = held_type_;
            return true;
        }

        if (state_ == key_state::leaving) {
            if (release_pending_ && held_) {
                const std::uint8_t via = holder_up ? holder_ : reg_path; // AR types: any registrant
                if (via != no_slot) {
                    c = out(via, pr_purpose::release, sa::release, 0);
                    c.type = held_type_;
                    return true;
                }
            }
            for (std::uint8_t i = 0; i < slot_count; ++i)
                if (usable(i) && paths_[i].maybe_registered) {
                    c = out(i, pr_purpose::unregister_path, sa::register_and_ignore_existing_key, 0);
                    return true;
                }
            return false;
        }

        // 3. Were we fenced? READ KEYS works from any I_T nexus, registered or not.
        if (suspect_fence_) {
            c = in(any, pr_purpose::read_keys, scsi::pr_in_service_action::read_keys);
            return true;
        }
        // Audit, stage by stage, through a registered path.
        if (audit_ == audit_stage::read_keys && reg_path != no_slot) {
            c = in(reg_path, pr_purpose::read_keys, scsi::pr_in_service_action::read_keys);
            return true;
        }
        if (audit_ == audit_stage::read_reservation && reg_path != no_slot) {
            c = in(reg_path, pr_purpose::read_reservation, scsi::pr_in_service_action::read_reservation);
            return true;
        }

        // 4. Registrations: every up path, before it carries I/O.
        for (std::uint8_t i = 0; i < slot_count; ++i) {
            if (!usable(i)) continue;
            if (paths_[i].reg == registration::unknown) {
                c = out(i, pr_purpose::register_path, sa::register_and_ignore_existing_key, config_.key);
                c.all_tg_pt = all_tg_pt() && !paths_[i].no_all_tg_pt;
                // The APTPL bit of the last registration applies to all of
                // them (SPC-6 5.14.5): every registration carries the wanted one.
                c.aptpl = config_.aptpl && caps_ptpl_c_;
                return true;
            }
            if (paths_[i].reg == registration::probe) {
                c = out(i, pr_purpose::probe_registration, sa::register_key, config_.key);
                c.aptpl = config_.aptpl && caps_ptpl_c_;
                return true;
            }
        }
        if (reg_path == no_slot) return false;

        // 5. A reservation the target lost (reset without APTPL, or found
        // missing by the audit while we expected to hold it).
        if (held_ && lost_) {
            if (caps_rlr_c_ && !rlr_refused_)
                c = out(reg_path, pr_purpose::replace_lost, sa::replace_lost_reservation, 0);
            else
                c = out(reg_path, pr_purpose::reserve, sa::reserve, 0);
            c.type = held_type_;
            return true;
        }
        // 6. The caller's intents.
        if (preempt_pending_) {
            c = out(reg_path, pr_purpose::preempt_other, preempt_abort_ ? sa::preempt_and_abort : sa::preempt,
                    preempt_victim_);
            return true;
        }
        // All-registrants types: every registrant holds it, any registered path releases it.
        if (release_pending_ && held_ && (holder_up || scsi::is_all_registrants(held_type_))) {
            c = out(holder_up ? holder_ : reg_path, pr_purpose::release, sa::release, 0);
            c.type = held_type_;
            return true;
        }
        if (want_reserved_ && !held_) {
            c = out(reg_path, pr_purpose::reserve, sa::reserve, 0);
            return true;
        }
        return false;
    }

    constexpr void complete_capabilities(const pr_outcome& o) noexcept
    {
        caps_known_ = true;
        if (o.status != pr_status::good) return; // an SPC-2 target: no ATP_C, no RLR_C, no PTPL_C
        const auto r = scsi::parse_pr_report_capabilities(o.data);
        if (!r || !r->flags_returned()) return;
        caps_atp_c_ = r->atp_c();
        caps_rlr_c_ = r->rlr_c();
        caps_ptpl_c_ = r->ptpl_c();
        caps_tmv_ = r->tmv() && r->type_mask_returned();
        caps_type_mask_ = r->type_mask();
        aptpl_active_ = r->ptpl_a();
    }

    constexpr void complete_read_keys(const pr_outcome& o) noexcept
    {
        if (o.status == pr_status::reservation_conflict) return fence();
        if (o.status != pr_status::good) {
            if (suspect_fence_) return fence(); // cannot tell: the safe side
            audit_ = audit_stage::none;
            return;
        }
        const auto r = scsi::parse_pr_read_keys(o.data);
        if (r && !r->truncated() && !r->contains(config_.key)) return fence(); // preempted by another node
        suspect_fence_ = false;
        audit_ = audit_stage::read_reservation;
    }

    constexpr void complete_read_reservation(const pr_outcome& o, tick now) noexcept
    {
        audit_ = audit_stage::none;
        last_audit_ = now;
        ++counters_.audits;
        if (o.status == pr_status::good) {
            const auto r = scsi::parse_pr_read_reservation(o.data);
            if (r && r->reservation_returned()) {
                const bool ours = r->reservation_key() == config_.key ||
                                  (scsi::is_all_registrants(r->type()) && r->reservation_key() == 0);
                if (ours && !held_) {
                    // Taken by our PREEMPT of the previous holder.
                    held_ = true;
                    held_type_ = r->type();
                    holder_ = preempt_slot_ != no_slot ? preempt_slot_ : holder_;
                } else if (!ours && held_) {
                    held_ = false; // another node holds it now
                    holder_ = no_slot;
                    want_reserved_ = false;
                }
            } else if (r && !r->has_reservation() && held_) {
                lost_ = true; // we hold it, the target says nobody does
            }
        }
        preempt_slot_ = no_slot;
        // Then every registered path is probed: a missing registration is
        // found (RESERVATION CONFLICT) and repaired; refused paths get
        // another chance.
        for (path_t& p : paths_) {
            if (!p.present || !p.up) continue;
            if (p.reg == registration::registered)
                p.reg = registration::probe;
            else if (p.reg == registration::cannot_register)
                p.reg = registration::unknown;
        }
    }

    planner_config config_{};
    path_t paths_[MaxPaths]{};
    key_state state_ = key_state::idle;
    audit_stage audit_ = audit_stage::none;
    bool caps_known_ = false, caps_atp_c_ = false, caps_rlr_c_ = false, caps_ptpl_c_ = false, caps_tmv_ = false;
    std::uint16_t caps_type_mask_ = 0;
    bool rlr_refused_ = false, aptpl_active_ = false;
    bool want_reserved_ = false, held_ = false, lost_ = false, release_pending_ = false;
    scsi::pr_type want_type_ = scsi::pr_type::write_exclusive;
    scsi::pr_type held_type_ = scsi::pr_type::write_exclusive;
    std::uint8_t holder_ = no_slot;
    std::uint8_t preempt_slot_ = no_slot;
    bool preempt_pending_ = false, preempt_abort_ = false;
    std::uint64_t preempt_victim_ = 0;
    bool suspect_fence_ = false;
    bool in_flight_ = false;
    pr_command current_{};
    tick current_tick_ = 0;
    tick last_audit_ = 0;
    planner_counters counters_{};
};

} // namespace mpio::reservation

#endif // MPIO_RESERVATION_PLANNER_HPP
