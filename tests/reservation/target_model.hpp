// SPDX-License-Identifier: MIT
// tests/reservation/target_model.hpp - a scripted SCSI target that keeps
// persistent reservation state after SPC-6 5.14 (registrations per I_T
// nexus, ALL_TG_PT, reservation holder and type, PREEMPT, APTPL, REPLACE
// LOST RESERVATION, unit attentions 2A/03, 2A/04, 2A/05, 29/00), for the
// planner tests (hosted test code: std::array and friends).
//
// Commands come in as the bytes the planner's pr_command builds (CDB and
// parameter list), so the builders are exercised end to end. An I_T nexus is
// a number: the planner's path slots for node A, 100 + n for other nodes.
// Each nexus has an initiator port (for ALL_TG_PT: a registration through
// one nexus with ALL_TG_PT registers every nexus of the same initiator port).
#ifndef MPIO_TEST_RESERVATION_TARGET_MODEL_HPP
#define MPIO_TEST_RESERVATION_TARGET_MODEL_HPP

#include <mpio/core/endian.hpp>
#include <mpio/reservation/pr_command.hpp>
#include <mpio/scsi/persistent_reservation.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mpio_test {

namespace rsv = mpio::reservation;
namespace scsi = mpio::scsi;

struct target_model {
    static constexpr int nexus_count = 256;
    struct nexus_t {
        bool registered = false;
        std::uint64_t key = 0;
        int initiator_port = 0;
        bool refuse = false;     // the target refuses this nexus's registration (ILLEGAL REQUEST)
        std::uint8_t ua_asc = 0; // pending unit attention
        std::uint8_t ua_ascq = 0;
    };

    // capabilities
    bool atp_c = false, rlr_c = false, ptpl_c = false;
    std::uint16_t type_mask = scsi::pr_type_mask::all;

    std::array<nexus_t, nexus_count> nexus{};
    bool aptpl = false;
    bool reserved = false;
    int holder = -1;
    std::uint64_t reservation_key = 0;
    scsi::pr_type type = scsi::pr_type::write_exclusive;
    bool lost = false; // the reservation was lost (power loss without APTPL, RLR_C)
    std::uint32_t generation = 0;
    std::vector<std::uint8_t> data; // last PR IN data
    int commands = 0;

    void set_port(int n, int port) { nexus[static_cast<std::size_t>(n)].initiator_port = port; }
    nexus_t& at(int n) { return nexus[static_cast<std::size_t>(n)]; }
    [[nodiscard]] bool registered(int n) const { return nexus[static_cast<std::size_t>(n)].registered; }
    [[nodiscard]] bool key_registered(std::uint64_t key) const
    {
        for (const nexus_t& x : nexus)
            if (x.registered && x.key == key) return true;
        return false;
    }

    void unit_attention_all_registered(std::uint8_t asc, std::uint8_t ascq, int except)
    {
        for (int i = 0; i < nexus_count; ++i)
            if (i != except && at(i).registered) {
                at(i).ua_asc = asc;
                at(i).ua_ascq = ascq;
            }
    }

    void release_reservation()
    {
        reserved = false;
        holder = -1;
        reservation_key = 0;
    }

    void unregister(int n)
    {
        nexus_t& x = at(n);
        x.registered = false;
        x.key = 0;
        if (reserved) {
            if (scsi::is_all_registrants(type)) {
                bool any = false;
                for (const nexus_t& y : nexus) any = any || y.registered;
                if (!any) release_reservation();
            } else if (holder == n) {
                release_reservation();
            }
        }
    }

    // A nexus loses its registration without telling anyone (a target bug, a
    // lost logout, the cases the audit repairs).
    void drop_registration(int n) { unregister(n); }

    // Power cycle: without APTPL every registration and the reservation go
    // (lost, for REPLACE LOST RESERVATION, when RLR_C), with it they stay;
    // every nexus sees 29/00.
    void power_cycle()
    {
        if (!aptpl) {
            const bool had = reserved;
            for (nexus_t& x : nexus) {
                x.registered = false;
                x.key = 0;
            }
            release_reservation();
            lost = had && rlr_c;
        }
        for (nexus_t& x : nexus) {
            x.ua_asc = 0x29;
            x.ua_ascq = 0x00;
        }
    }

    // A write through nexus n.
    rsv::pr_status write(int n)
    {
        nexus_t& x = at(n);
        if (x.ua_asc != 0) return rsv::pr_status::unit_attention;
        if (!reserved) return rsv::pr_status::good;
        if (scsi::grants_all_registrants_access(type))
            return x.registered ? rsv::pr_status::good : rsv::pr_status::reservation_conflict;
        return holder == n ? rsv::pr_status::good : rsv::pr_status::reservation_conflict;
    }

    rsv::pr_outcome outcome(rsv::pr_status s)
    {
        rsv::pr_outcome o;
        o.status = s;
        return o;
    }

    // Executes a PR IN or OUT command given as its CDB and parameter list.
    rsv::pr_outcome execute(int n, mpio::byte_view cdb, mpio::byte_view list)
    {
        ++commands;
        nexus_t& x = at(n);
        if (x.ua_asc != 0) {
            rsv::pr_outcome o = outcome(rsv::pr_status::unit_attention);
            o.asc = x.ua_asc;
            o.ascq = x.ua_ascq;
            x.ua_asc = x.ua_ascq = 0;
            return o;
        }
        if (cdb.size() != 10) return outcome(rsv::pr_status::illegal_request);
        const auto sa = static_cast<std::uint8_t>(cdb[1] & 0x1F);
        if (cdb[0] == scsi::opcode::persistent_reserve_in) return read(sa, mpio::load_be16(cdb, 7));
        if (cdb[0] != scsi::opcode::persistent_reserve_out) return outcome(rsv::pr_status::illegal_request);
        if (list.size() != mpio::load_be32(cdb, 5) || list.size() < 24) return outcome(rsv::pr_status::illegal_request);
        const auto t = static_cast<scsi::pr_type>(cdb[2] & 0x0F);
        const std::uint64_t rk = mpio::load_be64(list, 0);
        const std::uint64_t sark = mpio::load_be64(list, 8);
        const bool all_tg_pt = (list[20] & 0x04) != 0;
        const bool aptpl_bit = (list[20] & 0x01) != 0;
        using osa = scsi::pr_out_service_action;
        switch (static_cast<osa>(sa)) {
        case osa::register_key:
        case osa::register_and_ignore_existing_key: {
            const bool ignore = static_cast<osa>(sa) == osa::register_and_ignore_existing_key;
            if (x.refuse) return outcome(rsv::pr_status::illegal_request);
            if (all_tg_pt && !atp_c) return outcome(rsv::pr_status::illegal_request);
            if (aptpl_bit && !ptpl_c) return outcome(rsv::pr_status::illegal_request);
            if (!x.registered) {
                if (!ignore && rk != 0) return outcome(rsv::pr_status::reservation_conflict);
                if (sark == 0) return outcome(rsv::pr_status::good);
                for (int i = 0; i < nexus_count; ++i)
                    if (i == n || (all_tg_pt && at(i).initiator_port == x.initiator_port && i < 100 && n < 100)) {
                        at(i).registered = true;
                        at(i).key = sark;
                    }
            } else {
                if (!ignore && rk != x.key) return outcome(rsv::pr_status::reservation_conflict);
                if (sark == 0) {
                    unregister(n);
                } else {
                    x.key = sark;
                    if (holder == n) reservation_key = sark;
                }
            }
            aptpl = aptpl_bit;
            ++generation;
            return outcome(rsv::pr_status::good);
        }
        default: break;
        }
        if (!x.registered || rk != x.key) return outcome(rsv::pr_status::reservation_conflict);
        switch (static_cast<osa>(sa)) {
        case osa::reserve:
            if (!scsi::is_defined(t) || (type_mask & scsi::pr_type_mask::bit_of(t)) == 0)
                return outcome(rsv::pr_status::illegal_request);
            if (!reserved) {
                reserved = true;
                holder = n;
                type = t;
                reservation_key = scsi::is_all_registrants(t) ? 0 : x.key;
                return outcome(rsv::pr_status::good);
            }
            if ((holder == n || scsi::is_all_registrants(type)) && type == t) return outcome(rsv::pr_status::good);
            return outcome(rsv::pr_status::reservation_conflict);
        case osa::release:
            if (!reserved) return outcome(rsv::pr_status::good);
            if (holder == n || scsi::is_all_registrants(type)) {
                if (t != type) return outcome(rsv::pr_status::illegal_request);
                const bool tell = type != scsi::pr_type::write_exclusive && type != scsi::pr_type::exclusive_access;
                release_reservation();
                if (tell) unit_attention_all_registered(0x2A, 0x04, n);
            }
            return outcome(rsv::pr_status::good);
        case osa::clear:
            unit_attention_all_registered(0x2A, 0x03, n);
            for (nexus_t& y : nexus) y.registered = false, y.key = 0;
            release_reservation();
            ++generation;
            return outcome(rsv::pr_status::good);
        case osa::preempt:
        case osa::preempt_and_abort: {
            if (reserved && !scsi::is_all_registrants(type) && sark == reservation_key) {
                for (int i = 0; i < nexus_count; ++i)
                    if (i != n && at(i).registered && at(i).key == sark) {
                        at(i).registered = false;
                        at(i).key = 0;
                        at(i).ua_asc = 0x2A;
                        at(i).ua_ascq = 0x05;
                    }
                reserved = true;
                holder = n;
                type = t;
                reservation_key = x.key;
                ++generation;
                return outcome(rsv::pr_status::good);
            }
            bool any = false;
            for (int i = 0; i < nexus_count; ++i)
                if (at(i).registered && at(i).key == sark && sark != 0) {
                    any = true;
                    if (i == n) continue;
                    at(i).registered = false;
                    at(i).key = 0;
                    at(i).ua_asc = 0x2A;
                    at(i).ua_ascq = 0x05;
                }
            if (!any) return outcome(rsv::pr_status::reservation_conflict);
            ++generation;
            return outcome(rsv::pr_status::good);
        }
        case osa::replace_lost_reservation:
            if (!rlr_c || !lost) return outcome(rsv::pr_status::illegal_request);
            lost = false;
            reserved = true;
            holder = n;
            type = t;
            reservation_key = x.key;
            return outcome(rsv::pr_status::good);
        default: return outcome(rsv::pr_status::illegal_request);
        }
    }

    rsv::pr_outcome read(std::uint8_t sa, std::uint16_t allocation_length)
    {
        data.clear();
        auto be32 = [this](std::uint32_t v) {
            for (int s = 24; s >= 0; s -= 8) data.push_back(static_cast<std::uint8_t>(v >> s));
        };
        auto be64 = [&be32](std::uint64_t v) {
            be32(static_cast<std::uint32_t>(v >> 32));
            be32(static_cast<std::uint32_t>(v));
        };
        switch (static_cast<scsi::pr_in_service_action>(sa)) {
        case scsi::pr_in_service_action::read_keys: {
            std::uint32_t n = 0;
            for (const nexus_t& x : nexus) n += x.registered ? 1u : 0u;
            be32(generation);
            be32(8 * n);
            for (const nexus_t& x : nexus)
                if (x.registered) be64(x.key);
            break;
        }
        case scsi::pr_in_service_action::read_reservation:
            be32(generation);
            be32(reserved ? 16 : 0);
            if (reserved) {
                be64(reservation_key);
                be32(0);
                data.push_back(0);
                data.push_back(static_cast<std::uint8_t>(type));
                data.push_back(0);
                data.push_back(0);
            }
            break;
        case scsi::pr_in_service_action::report_capabilities:
            data = {0x00,
                    0x08,
                    static_cast<std::uint8_t>((rlr_c ? 0x80 : 0) | (atp_c ? 0x04 : 0) | (ptpl_c ? 0x01 : 0)),
                    static_cast<std::uint8_t>(0x80 | (aptpl ? 0x01 : 0)),
                    static_cast<std::uint8_t>(type_mask >> 8),
                    static_cast<std::uint8_t>(type_mask & 0xFF),
                    0,
                    0};
            break;
        default: return outcome(rsv::pr_status::illegal_request);
        }
        if (data.size() > allocation_length) data.resize(allocation_length);
        rsv::pr_outcome o = outcome(rsv::pr_status::good);
        o.data = mpio::byte_view(data.data(), data.size());
        return o;
    }
};

// Runs the planner against the target until it has nothing to send (or
// `limit` commands). `down[n]` makes nexus n answer path_error, as a cut
// path would. Returns the number of commands sent.
template <class Planner>
int drive(Planner& p, target_model& t, mpio::tick now, const std::array<bool, 256>* down = nullptr, int limit = 200)
{
    int sent = 0;
    for (; sent < limit; ++sent) {
        const auto c = p.next(now);
        if (!c) break;
        std::array<mpio::byte, 16> cdb{};
        std::array<mpio::byte, 64> list{};
        const auto cdb_n = c->build_cdb(mpio::mutable_byte_view(cdb.data(), cdb.size()));
        const auto list_n = c->build_parameter_list(mpio::mutable_byte_view(list.data(), list.size()));
        if (!cdb_n || !list_n) {
            rsv::pr_outcome o;
            o.status = rsv::pr_status::other_error;
            p.on_complete(o, now);
            continue;
        }
        if (down != nullptr && (*down)[c->slot]) {
            rsv::pr_outcome o;
            o.status = rsv::pr_status::path_error;
            p.on_complete(o, now);
            continue;
        }
        const rsv::pr_outcome o =
            t.execute(c->slot, mpio::byte_view(cdb.data(), *cdb_n), mpio::byte_view(list.data(), *list_n));
        p.on_complete(o, now);
    }
    return sent;
}

} // namespace mpio_test

#endif // MPIO_TEST_RESERVATION_TARGET_MODEL_HPP
