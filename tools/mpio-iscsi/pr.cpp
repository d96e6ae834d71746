// SPDX-License-Identifier: MIT
// pr.cpp - `mpio-iscsi pr ACTION` (pr.hpp): the reservation planner's
// commands over the libiscsi sessions of every path, one at a time.
#include "pr.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <mpio/core/byte_view.hpp>
#include <mpio/reservation/planner.hpp>
#include <mpio/reservation/pr_command.hpp>
#include <mpio/scsi/persistent_reserve_in.hpp>
#include <mpio/scsi/persistent_reserve_out.hpp>
#include <mpio/scsi/sense_data.hpp>
#include <mpio/scsi/sense_key.hpp>

#include "kinds.hpp"
#include "render.hpp"
#include "session.hpp"

namespace mpio_iscsi {

namespace {

namespace rsv = mpio::reservation;
using mpio::scsi::pr_type;

constexpr std::size_t pr_max_paths = 32;

struct type_name {
    const char* name;
    pr_type type;
};
constexpr type_name pr_type_names[] = {
    {"we", pr_type::write_exclusive},
    {"ea", pr_type::exclusive_access},
    {"we-ro", pr_type::write_exclusive_registrants_only},
    {"ea-ro", pr_type::exclusive_access_registrants_only},
    {"we-ar", pr_type::write_exclusive_all_registrants},
    {"ea-ar", pr_type::exclusive_access_all_registrants},
};

std::string hex_key(std::uint64_t k)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%016" PRIx64, k);
    return b;
}

// One command, waited for: the session layer's own timeout ends it.
struct pr_waiter {
    bool done = false;
    completion c;
};
void pr_on_done(void* ctx, std::uint64_t, completion& c)
{
    auto& w = *static_cast<pr_waiter*>(ctx);
    w.c = std::move(c);
    w.done = true;
}
completion pr_exec(session_set& s, std::size_t path, const raw_command& rc)
{
    pr_waiter w;
    if (path >= s.size() || !s.submit(path, rc, pr_on_done, &w, 0)) {
        completion lost;
        lost.transport = mpio::recovery::transport_outcome::connection_lost;
        lost.path = path;
        return lost;
    }
    while (!w.done) s.turn(5'000);
    return std::move(w.c);
}

struct sense_info {
    bool valid = false;
    mpio::scsi::sense_key key = mpio::scsi::sense_key::no_sense;
    std::uint8_t asc = 0, ascq = 0;
};
sense_info pr_sense(const completion& c)
{
    sense_info i;
    const auto s = mpio::scsi::parse_sense_data(
        mpio::byte_view(reinterpret_cast<const mpio::byte*>(c.sense.data()), c.sense.size()));
    if (!s) return i;
    const auto n = s->normalized();
    i.valid = true;
    i.key = n.sense_key;
    i.asc = n.asc;
    i.ascq = n.ascq;
    return i;
}

std::string status_text(const completion& c)
{
    if (c.transport != mpio::recovery::transport_outcome::ok) return mpio::recovery::to_string(c.transport);
    std::string t = mpio::scsi::to_string(c.status);
    if (c.status == mpio::scsi::scsi_status::check_condition) {
        const sense_info i = pr_sense(c);
        if (i.valid) {
            char b[48];
            std::snprintf(b, sizeof b, " %s %02Xh/%02Xh", mpio::scsi::to_string(i.key), i.asc, i.ascq);
            t += b;
        }
    }
    return t;
}

rsv::pr_outcome to_outcome(const completion& c)
{
    rsv::pr_outcome o;
    if (c.transport != mpio::recovery::transport_outcome::ok) {
        o.status = rsv::pr_status::path_error;
        return o;
    }
    switch (c.status) {
    case mpio::scsi::scsi_status::good:
        o.status = rsv::pr_status::good;
        o.data = mpio::byte_view(reinterpret_cast<const mpio::byte*>(c.data.data()), c.data.size());
        return o;
    case mpio::scsi::scsi_status::reservation_conflict: o.status = rsv::pr_status::reservation_conflict; return o;
    case mpio::scsi::scsi_status::check_condition: {
        const sense_info i = pr_sense(c);
        o.status = rsv::pr_status::other_error;
        if (i.key == mpio::scsi::sense_key::unit_attention) {
            o.status = rsv::pr_status::unit_attention;
            o.asc = i.asc;
            o.ascq = i.ascq;
        } else if (i.key == mpio::scsi::sense_key::illegal_request) {
            o.status = rsv::pr_status::illegal_request;
        }
        return o;
    }
    default: o.status = rsv::pr_status::other_error; return o;
    }
}

raw_command to_raw(const rsv::pr_command& pc, std::vector<std::uint8_t>& params)
{
    raw_command rc;
    const auto n = pc.build_cdb(mpio::mutable_byte_view(reinterpret_cast<mpio::byte*>(rc.cdb), sizeof rc.cdb));
    rc.cdb_length = n ? static_cast<std::uint8_t>(*n) : 0;
    if (pc.is_in) {
        rc.data_in_length = pc.allocation_length;
        return rc;
    }
    params.assign(pc.parameter_list_length(), 0);
    const auto m =
        pc.build_parameter_list(mpio::mutable_byte_view(reinterpret_cast<mpio::byte*>(params.data()), params.size()));
    params.resize(m ? *m : 0);
    rc.data_out = params.data();
    rc.data_out_length = static_cast<std::uint32_t>(params.size());
    return rc;
}

const char* service_action_text(const rsv::pr_command& c)
{
    return c.is_in ? mpio::scsi::to_string(c.in_action) : mpio::scsi::to_string(c.out_action);
}

struct logged {
    std::size_t path;
    std::string purpose, service_action, status;
    bool all_tg_pt, aptpl;
};

class pr_driver {
public:
    explicit pr_driver(session_set& s) : s_(s) {}

    // Every planner command until it has nothing more to send.
    void drive(rsv::planner<pr_max_paths>& p)
    {
        for (int i = 0; i < 256; ++i) {
            const auto c = p.next(now_us());
            if (!c) return;
            std::vector<std::uint8_t> params;
            const completion r = pr_exec(s_, c->slot, to_raw(*c, params));
            log_.push_back(
                {c->slot, rsv::to_string(c->purpose), service_action_text(*c), status_text(r), c->all_tg_pt, c->aptpl});
            const rsv::pr_outcome out = to_outcome(r);
            if (out.status == rsv::pr_status::path_error) p.path_failed(c->slot);
            p.on_complete(out, now_us());
        }
    }
    // A command of the tool's own (CLEAR, PR IN for status, I/O), retried
    // after a unit attention (the first command on a new nexus may get one).
    completion exec(std::size_t path, const raw_command& rc)
    {
        completion r;
        for (int i = 0; i < 4; ++i) {
            r = pr_exec(s_, path, rc);
            if (r.transport != mpio::recovery::transport_outcome::ok ||
                r.status != mpio::scsi::scsi_status::check_condition ||
                pr_sense(r).key != mpio::scsi::sense_key::unit_attention)
                break;
        }
        return r;
    }
    void note(std::size_t path, std::string purpose, std::string sa, const completion& r)
    {
        log_.push_back({path, std::move(purpose), std::move(sa), status_text(r), false, false});
    }
    [[nodiscard]] const std::vector<logged>& log() const { return log_; }

private:
    session_set& s_;
    std::vector<logged> log_;
};

// One PR IN decoded with mpio-inspect's decoder of that kind.
struct decoded_in {
    std::string status;
    bool ok = false;
    mpio_inspect::record body;
};
decoded_in read_in(pr_driver& d, std::size_t path, mpio::scsi::pr_in_service_action a, const char* kind)
{
    rsv::pr_command pc;
    pc.is_in = true;
    pc.in_action = a;
    pc.allocation_length = 8192;
    std::vector<std::uint8_t> unused;
    const completion r = d.exec(path, to_raw(pc, unused));
    d.note(path, "status", mpio::scsi::to_string(a), r);
    decoded_in out;
    out.status = status_text(r);
    if (!r.good()) return out;
    const mpio_inspect::kind* k = mpio_inspect::find_kind(kind);
    if (k == nullptr || k->decode == nullptr) return out;
    const auto res = k->decode(mpio::byte_view(reinterpret_cast<const mpio::byte*>(r.data.data()), r.data.size()),
                               mpio_inspect::decode_context{}, out.body);
    out.ok = res.decoded;
    return out;
}

// Session events, queued by the handler and applied by the loop.
struct pr_events {
    std::vector<std::pair<std::size_t, bool>> list;
};
void pr_on_event(void* ctx, std::size_t path, bool up) { static_cast<pr_events*>(ctx)->list.emplace_back(path, up); }

// One block read and written back through path `p`; a unit attention the
// target reports on either goes to the planner.
std::string write_round(pr_driver& d, session_set& s, std::size_t p, std::uint64_t lba, std::uint32_t bs,
                        rsv::planner<pr_max_paths>* planner, bool& good, bool& attention)
{
    good = false;
    attention = false;
    if (s.state(p) != session_state::up) return "not sent (no session)";
    std::vector<std::uint8_t> block(bs);
    const completion r = pr_exec(s, p, read16(lba, 1, block.data(), bs));
    const auto ua = [&](const completion& c) {
        if (planner == nullptr || c.transport != mpio::recovery::transport_outcome::ok ||
            c.status != mpio::scsi::scsi_status::check_condition)
            return;
        const sense_info i = pr_sense(c);
        if (i.key != mpio::scsi::sense_key::unit_attention) return;
        attention = true; // not executed: how the planner learns what another node did
        planner->on_unit_attention(static_cast<std::uint8_t>(p), i.asc, i.ascq);
    };
    ua(r);
    if (!r.good()) return "read " + status_text(r);
    const completion w = pr_exec(s, p, write16(lba, 1, block.data(), bs));
    ua(w);
    good = w.good();
    (void)d;
    return status_text(w);
}

std::uint32_t block_size(pr_driver& d, std::size_t path)
{
    const completion cap = d.exec(path, read_capacity16(32));
    if (!cap.good() || cap.data.size() < 12) return 512;
    return (std::uint32_t{cap.data[8]} << 24) | (std::uint32_t{cap.data[9]} << 16) |
           (std::uint32_t{cap.data[10]} << 8) | cap.data[11];
}

bool wait_logins(session_set& s, std::uint64_t login_timeout_us)
{
    s.start_all();
    const std::uint64_t until = now_us() + 3 * login_timeout_us;
    for (;;) {
        bool all = true;
        for (std::size_t p = 0; p < s.size(); ++p) all = all && s.state(p) == session_state::up;
        if (all || now_us() >= until) break;
        s.turn(5'000);
    }
    return s.any_up();
}

} // namespace

bool parse_pr_type(const std::string& name, pr_type& out)
{
    for (const type_name& t : pr_type_names)
        if (name == t.name) {
            out = t.type;
            return true;
        }
    return false;
}

bool parse_pr_key(const std::string& text, std::uint64_t& out)
{
    if (text.empty()) return false;
    char* end = nullptr;
    const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const unsigned long long v = std::strtoull(text.c_str() + (hex ? 2 : 0), &end, hex ? 16 : 10);
    if (end == nullptr || *end != '\0' || v == 0) return false;
    out = v;
    return true;
}

namespace {

// `pr hold`: register (and reserve), then keep the registrations right while
// paths go and come back (a session that logs in again is a new I_T nexus:
// registered before it carries I/O), write one block through every path each
// interval, one JSON line per round; stop at --duration.
int hold(pr_driver& d, session_set& s, const pr_options& o, pr_type type)
{
    pr_events events;
    s.set_handlers(&events, pr_on_event);
    rsv::planner<pr_max_paths> planner(rsv::planner_config{o.key, o.aptpl, true, 0});
    for (std::size_t p = 0; p < s.size(); ++p)
        static_cast<void>(planner.add_path(static_cast<std::uint8_t>(p), static_cast<std::uint8_t>(p),
                                           s.state(p) == session_state::up));
    static_cast<void>(planner.join());
    d.drive(planner);
    if (o.reserve) {
        planner.request_audit();
        d.drive(planner);
        if (!planner.reserve(type)) return 1;
        d.drive(planner);
    }
    if (o.victim != 0) { // another node's key, and its reservation (taken with `type`)
        if (!planner.preempt(o.victim, type, o.abort)) return 1;
        d.drive(planner);
    }
    std::size_t first_up = 0;
    while (first_up < s.size() && s.state(first_up) != session_state::up) ++first_up;
    const std::uint32_t bs = block_size(d, first_up < s.size() ? first_up : 0);
    const std::uint64_t t0 = now_us();
    bool cut = false, restored = false;
    std::uint64_t rounds = 0, violations = 0;
    for (;;) {
        const std::uint64_t t = now_us() - t0;
        if (o.cut_path >= 0 && static_cast<std::size_t>(o.cut_path) < s.size()) {
            if (!cut && t >= o.cut_at_us) {
                s.drop(static_cast<std::size_t>(o.cut_path));
                cut = true;
            }
            if (cut && !restored && o.restore_at_us != 0 && t >= o.restore_at_us) {
                s.restore(static_cast<std::size_t>(o.cut_path));
                restored = true;
            }
        }
        s.turn(0);
        for (const auto& [p, up] : events.list) {
            if (up)
                planner.path_returned(static_cast<std::uint8_t>(p));
            else
                planner.path_failed(static_cast<std::uint8_t>(p));
        }
        events.list.clear();
        for (std::size_t p = 0; p < s.size(); ++p)
            if (s.state(p) != session_state::up) planner.path_failed(static_cast<std::uint8_t>(p));
        d.drive(planner);
        nlohmann::ordered_json line;
        line["t_ms"] = t / 1000;
        line["state"] = rsv::to_string(planner.state());
        line["holds_reservation"] = planner.holds_reservation();
        if (planner.holds_reservation() && planner.holder_slot() != rsv::planner<pr_max_paths>::no_slot)
            line["holder_path"] = planner.holder_slot();
        nlohmann::ordered_json paths = nlohmann::ordered_json::array();
        for (std::size_t p = 0; p < s.size(); ++p) {
            const auto slot = static_cast<std::uint8_t>(p);
            const bool allowed = planner.may_carry_io(slot);
            bool good = false, attention = false;
            const std::string w = write_round(d, s, p, o.lba, bs, &planner, good, attention);
            if (allowed && !good && !attention && s.state(p) == session_state::up) ++violations;
            nlohmann::ordered_json e;
            e["session"] = to_string(s.state(p));
            e["registration"] = rsv::to_string(planner.registration_of(slot));
            e["may_carry_io"] = allowed;
            e["write"] = w;
            paths.push_back(e);
        }
        line["paths"] = paths;
        std::printf("%s\n", line.dump().c_str());
        std::fflush(stdout);
        ++rounds;
        const std::uint64_t next = t0 + rounds * o.interval_us;
        if (now_us() - t0 >= o.duration_us) break;
        while (now_us() < next) s.turn(next - now_us());
    }
    nlohmann::ordered_json sum;
    sum["summary"] = true;
    sum["rounds"] = rounds;
    // The planner allowed a path whose write then failed (a unit attention,
    // which is how another node's action is learnt, does not count).
    sum["gate_violations"] = violations;
    sum["state"] = rsv::to_string(planner.state());
    sum["registrations"] = planner.counters().registrations;
    sum["reestablished"] = planner.counters().reestablished;
    std::printf("%s\n", sum.dump().c_str());
    return violations == 0 ? 0 : 1;
}

} // namespace

int pr_command(const pr_options& o)
{
    pr_type type = pr_type::write_exclusive;
    if (!parse_pr_type(o.type, type)) {
        std::fprintf(stderr, "mpio-iscsi pr: unknown --type %s (we, ea, we-ro, ea-ro, we-ar, ea-ar)\n", o.type.c_str());
        return 2;
    }
    const bool needs_key = o.action != "status" && o.action != "write-check";
    if (needs_key && o.key == 0) {
        std::fprintf(stderr, "mpio-iscsi pr %s: --key is required\n", o.action.c_str());
        return 2;
    }
    if ((o.action == "preempt" || o.action == "preempt-abort") && o.victim == 0) {
        std::fprintf(stderr, "mpio-iscsi pr %s: --victim KEY is required\n", o.action.c_str());
        return 2;
    }
    if (o.urls.size() > pr_max_paths) {
        std::fprintf(stderr, "mpio-iscsi pr: at most %zu paths\n", pr_max_paths);
        return 2;
    }
    session_options so;
    if (!o.initiator.empty()) so.initiator = o.initiator;
    so.login_timeout_us = o.login_timeout_us;
    so.command_timeout_us = o.timeout_us;
    session_set s(so);
    for (const std::string& u : o.urls) {
        std::string err;
        if (!s.add(u, err)) {
            std::fprintf(stderr, "mpio-iscsi pr: %s: %s\n", u.c_str(), err.c_str());
            return 2;
        }
    }
    if (!wait_logins(s, o.login_timeout_us)) {
        std::fprintf(stderr, "mpio-iscsi pr: no path logged in\n");
        return 3;
    }
    pr_driver d(s);
    nlohmann::ordered_json j;
    j["action"] = o.action;
    j["initiator"] = so.initiator;
    std::string text;
    bool ok = true;
    std::size_t first_up = s.size();
    for (std::size_t p = 0; p < s.size(); ++p)
        if (s.state(p) == session_state::up && first_up == s.size()) first_up = p;

    rsv::planner<pr_max_paths> planner(rsv::planner_config{o.key, o.aptpl, true, 0});
    if (o.action == "status") {
        const struct {
            mpio::scsi::pr_in_service_action a;
            const char* kind;
            const char* json_key;
        } reads[] = {
            {mpio::scsi::pr_in_service_action::report_capabilities, "pr-capabilities", "capabilities"},
            {mpio::scsi::pr_in_service_action::read_keys, "pr-keys", "keys"},
            {mpio::scsi::pr_in_service_action::read_reservation, "pr-reservation", "reservation"},
            {mpio::scsi::pr_in_service_action::read_full_status, "pr-full-status", "full_status"},
        };
        j["path"] = s.url(first_up);
        for (const auto& r : reads) {
            const decoded_in x = read_in(d, first_up, r.a, r.kind);
            text += std::string(mpio::scsi::to_string(r.a)) + ": " + x.status + "\n";
            nlohmann::ordered_json e;
            e["status"] = x.status;
            if (x.ok) {
                mpio_inspect::render_text(x.body, text, 2);
                e["decoded"] = mpio_inspect::render_json(x.body);
            } else if (r.a != mpio::scsi::pr_in_service_action::read_full_status) {
                ok = false; // READ FULL STATUS is optional (SPC-3 targets may lack it)
            }
            j[r.json_key] = e;
        }
    } else if (o.action == "write-check") {
        // Per path: READ + WRITE of the same block (no key: this node as it is).
        const std::uint32_t bs = block_size(d, first_up);
        nlohmann::ordered_json paths = nlohmann::ordered_json::array();
        for (std::size_t p = 0; p < s.size(); ++p) {
            bool good = false, attention = false;
            const std::string w = write_round(d, s, p, o.lba, bs, nullptr, good, attention);
            nlohmann::ordered_json e;
            e["url"] = s.url(p);
            e["write"] = w;
            text += "path " + std::to_string(p) + " " + s.url(p) + ": write " + w + "\n";
            paths.push_back(e);
        }
        j["lba"] = o.lba;
        j["paths"] = paths;
    } else if (o.action == "hold") {
        return hold(d, s, o, type);
    } else {
        for (std::size_t p = 0; p < s.size(); ++p) {
            const bool up = s.state(p) == session_state::up;
            // Each libiscsi session has its own ISID: its own initiator port.
            static_cast<void>(planner.add_path(static_cast<std::uint8_t>(p), static_cast<std::uint8_t>(p), up));
        }
        static_cast<void>(planner.join());
        d.drive(planner); // every path registered first, whatever the action
        const auto audit = [&] {
            planner.request_audit(); // READ KEYS, READ RESERVATION: what the target holds for this key
            d.drive(planner);
        };
        if (o.action == "register") {
            for (std::size_t p = 0; p < s.size(); ++p)
                if (s.state(p) == session_state::up && !planner.may_carry_io(static_cast<std::uint8_t>(p))) ok = false;
        } else if (o.action == "unregister") {
            static_cast<void>(planner.leave());
            d.drive(planner);
            ok = planner.state() == rsv::key_state::idle;
        } else if (o.action == "reserve") {
            audit(); // a reservation this key already holds is found, not reserved twice
            if (!planner.reserve(type)) {
                std::fprintf(stderr, "mpio-iscsi pr reserve: the target's type mask rules out --type %s\n",
                             o.type.c_str());
                return 1;
            }
            d.drive(planner);
            ok = planner.holds_reservation() && planner.reservation_type() == type;
        } else if (o.action == "release") {
            audit();
            static_cast<void>(planner.release());
            d.drive(planner);
            ok = !planner.holds_reservation();
        } else if (o.action == "preempt" || o.action == "preempt-abort") {
            const std::uint32_t before = planner.counters().conflicts;
            if (!planner.preempt(o.victim, type, o.action == "preempt-abort")) ok = false;
            d.drive(planner);
            ok = ok && planner.state() == rsv::key_state::joined && planner.counters().conflicts == before;
        } else if (o.action == "clear") {
            std::size_t via = s.size();
            for (std::size_t p = 0; p < s.size() && via == s.size(); ++p)
                if (planner.registration_of(static_cast<std::uint8_t>(p)) == rsv::registration::registered) via = p;
            if (via == s.size()) {
                ok = false;
            } else {
                rsv::pr_command pc;
                pc.out_action = mpio::scsi::pr_out_service_action::clear;
                pc.reservation_key = o.key;
                std::vector<std::uint8_t> params;
                const completion r = d.exec(via, to_raw(pc, params));
                d.note(via, "clear", mpio::scsi::to_string(pc.out_action), r);
                ok = r.good();
            }
        } else {
            std::fprintf(stderr, "mpio-iscsi pr: unknown action %s\n", o.action.c_str());
            return 2;
        }
        j["key"] = hex_key(o.key);
        if (o.victim != 0) j["victim"] = hex_key(o.victim);
        nlohmann::ordered_json cmds = nlohmann::ordered_json::array();
        for (const logged& l : d.log()) {
            nlohmann::ordered_json e;
            e["path"] = l.path;
            e["purpose"] = l.purpose;
            e["service_action"] = l.service_action;
            e["all_tg_pt"] = l.all_tg_pt;
            e["aptpl"] = l.aptpl;
            e["status"] = l.status;
            cmds.push_back(e);
            text += "path " + std::to_string(l.path) + ": " + l.service_action + " (" + l.purpose + ")" +
                    (l.all_tg_pt ? " ALL_TG_PT" : "") + (l.aptpl ? " APTPL" : "") + " -> " + l.status + "\n";
        }
        j["commands"] = cmds;
        nlohmann::ordered_json paths = nlohmann::ordered_json::array();
        for (std::size_t p = 0; p < s.size(); ++p) {
            const auto slot = static_cast<std::uint8_t>(p);
            nlohmann::ordered_json e;
            e["url"] = s.url(p);
            e["session"] = to_string(s.state(p));
            e["registration"] = rsv::to_string(planner.registration_of(slot));
            e["may_carry_io"] = planner.may_carry_io(slot);
            paths.push_back(e);
            text += "path " + std::to_string(p) + " " + s.url(p) + ": " + to_string(s.state(p)) + ", " +
                    rsv::to_string(planner.registration_of(slot)) +
                    (planner.may_carry_io(slot) ? ", carries I/O" : ", no I/O") + "\n";
        }
        j["paths"] = paths;
        j["state"] = rsv::to_string(planner.state());
        j["all_tg_pt"] = planner.uses_all_tg_pt();
        j["aptpl_active"] = planner.aptpl_active();
        j["holds_reservation"] = planner.holds_reservation();
        text += std::string("planner: ") + rsv::to_string(planner.state()) +
                (planner.uses_all_tg_pt() ? ", ALL_TG_PT" : ", per-path registration");
        if (planner.holds_reservation()) {
            j["type"] = mpio::scsi::to_string(planner.reservation_type());
            if (planner.holder_slot() != rsv::planner<pr_max_paths>::no_slot) j["holder_path"] = planner.holder_slot();
            text += std::string(", holds ") + mpio::scsi::to_string(planner.reservation_type());
            if (planner.holder_slot() != rsv::planner<pr_max_paths>::no_slot)
                text += " through path " + std::to_string(planner.holder_slot());
        }
        text += "\n";
    }
    j["ok"] = ok;
    if (o.json)
        std::printf("%s\n", j.dump(2).c_str());
    else
        std::fputs(text.c_str(), stdout);
    return ok ? 0 : 1;
}

} // namespace mpio_iscsi
