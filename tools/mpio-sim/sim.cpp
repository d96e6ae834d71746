// SPDX-License-Identifier: MIT
// tools/mpio-sim/sim.cpp - the model. One `simulation` object is one run:
// an array (two controllers, ALUA states per LU, unit attentions, blocks
// with versions), a fabric of N paths (link up / down / hung, per-port
// service queues) and a host (per LU: the real policy selector, one real
// path_lifecycle per path, the real retry budget per request, the real
// interpretation table, no_path_timer, ALUA failover with STPG), plus the
// invariant checker and the event trace. See docs/simulator.md.
#include "sim.hpp"

#include <bit>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>

#include <mpio/nvme/ana_log.hpp>
#include <mpio/nvme/ana_state.hpp>
#include <mpio/policy.hpp>
#include <mpio/recovery.hpp>

#include "event_queue.hpp"
#include "rng.hpp"

namespace mpio_sim {

namespace rc = mpio::recovery;
namespace pol = mpio::policy;
using aas = mpio::scsi::asymmetric_access_state;
using mpio::topology::path_state;
using selector_t = pol::any_selector<pol::default_capacity, pol::single_thread>;

// ------------------------------------------------------------ fault kinds

const char* to_string(fault_kind k) noexcept
{
    switch (k) {
    case fault_kind::path_down: return "path-down";
    case fault_kind::flapping: return "flapping";
    case fault_kind::hung_path: return "hung-path";
    case fault_kind::controller_failover: return "controller-failover";
    case fault_kind::standby_only: return "standby-only";
    case fault_kind::ua_storm: return "ua-storm";
    case fault_kind::apd_short: return "apd-short";
    case fault_kind::apd_long: return "apd-long";
    case fault_kind::ana_change: return "ana-change";
    case fault_kind::ana_persistent_loss: return "ana-persistent-loss";
    case fault_kind::ana_group_move: return "ana-group-move";
    }
    return "unknown";
}

bool parse_fault_kind(const std::string& s, fault_kind& out)
{
    for (int i = 0; i < fault_kind_count; ++i) {
        const auto k = static_cast<fault_kind>(i);
        if (s == to_string(k)) {
            out = k;
            return true;
        }
    }
    return false;
}

void apply_timer_profile(config& c, const std::string& profile)
{
    if (profile == "fast") {
        // Every MPIO timer divided by ten, the array's and the host's
        // transition and timeout values alike: the same ratios as the
        // "microsoft" profile, ten times more faults per simulated second.
        c.path_verification_period = 3 * us_per_s;
        c.path_recovery_interval = 3 * us_per_s;
        c.pdo_remove_period = 2 * us_per_s;
        c.retry_interval = 100 * us_per_ms;
        c.alua_transition_time = 300 * us_per_ms;
        c.io_timeout = 1 * us_per_s;
        c.array_transition_time = 100 * us_per_ms;
        c.poll_interval = 20 * us_per_ms;
        c.anatt_second = 100 * us_per_ms;
        c.controller_reset_time = 50 * us_per_ms;
    } else { // microsoft: Windows MPIO's defaults (UseCustomPathRecoveryInterval off)
        c.path_verification_period = 30 * us_per_s;
        c.path_recovery_interval = 30 * us_per_s; // = PathVerificationPeriod when custom is off
        c.pdo_remove_period = 20 * us_per_s;
        c.retry_interval = 1 * us_per_s;
        c.alua_transition_time = 3 * us_per_s;
        c.io_timeout = 10 * us_per_s;
        c.array_transition_time = 1 * us_per_s;
        c.poll_interval = 100 * us_per_ms;
        c.anatt_second = us_per_s;
        c.controller_reset_time = 500 * us_per_ms;
    }
}

std::string describe_timers(const config& c)
{
    char buf[400];
    std::snprintf(
        buf, sizeof buf,
        "PathVerificationPeriod %llu ms, PathRecoveryInterval %llu ms, PDORemovePeriod %llu ms, "
        "RetryCount %u, RetryInterval %llu ms, ALUA transition %llu ms, I/O timeout %llu ms, "
        "array transition %llu ms, ANATT %u (timer %llu ms)",
        static_cast<unsigned long long>(c.path_verification_period / us_per_ms),
        static_cast<unsigned long long>(c.path_recovery_interval / us_per_ms),
        static_cast<unsigned long long>(c.pdo_remove_period / us_per_ms), c.retry_count,
        static_cast<unsigned long long>(c.retry_interval / us_per_ms),
        static_cast<unsigned long long>(c.alua_transition_time / us_per_ms),
        static_cast<unsigned long long>(c.io_timeout / us_per_ms),
        static_cast<unsigned long long>(c.array_transition_time / us_per_ms), unsigned{c.anatt},
        static_cast<unsigned long long>(
            mpio::recovery::ana_transition_timer::timeout_for(c.anatt, mpio::tick_rate{c.anatt_second}) / us_per_ms));
    return buf;
}

std::vector<std::string> available_policies()
{
    std::vector<std::string> names;
    auto probe = std::make_unique<selector_t>();
    for (const pol::policy_info& p : pol::policy_catalog) {
        if (p.id == pol::policy_id::vendor_specific) continue;
        if (probe->set_policy(p.id)) names.emplace_back(p.name);
    }
    return names;
}

namespace {

// ------------------------------------------------------------- histogram

// Log-linear histogram (16 sub-buckets per power of two, ~6% resolution).
class histogram {
public:
    void add(std::uint64_t v) noexcept
    {
        ++counts_[index(v)];
        ++n_;
        if (v > max_) max_ = v;
    }
    [[nodiscard]] std::uint64_t count() const noexcept { return n_; }
    [[nodiscard]] std::uint64_t max() const noexcept { return max_; }
    // Upper bound of the bucket holding the q/1000-th value.
    [[nodiscard]] std::uint64_t quantile(std::uint64_t per_mille) const noexcept
    {
        if (n_ == 0) return 0;
        const std::uint64_t want = (n_ * per_mille + 999) / 1000;
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < buckets; ++i) {
            seen += counts_[i];
            if (seen >= want && seen != 0) {
                const std::uint64_t hi = upper(i);
                return hi < max_ ? hi : max_;
            }
        }
        return max_;
    }

private:
    static constexpr std::size_t buckets = 1024;
    static std::size_t index(std::uint64_t v) noexcept
    {
        if (v < 32) return static_cast<std::size_t>(v);
        const int shift = static_cast<int>(std::bit_width(v)) - 5;
        return static_cast<std::size_t>(shift) * 16 + static_cast<std::size_t>(v >> shift);
    }
    static std::uint64_t upper(std::size_t i) noexcept
    {
        if (i < 32) return i;
        const std::size_t shift = i / 16 - 1;
        const std::uint64_t m = i % 16 + 16;
        return ((m + 1) << shift) - 1;
    }
    std::uint64_t counts_[buckets] = {};
    std::uint64_t n_ = 0;
    std::uint64_t max_ = 0;
};

// --------------------------------------------------------------- events

enum ev : std::uint32_t {
    ev_arrival,      // a: lu
    ev_dispatch,     // a: request, b: generation
    ev_port_arrive,  // a: command, b: generation
    ev_service_done, // a: command, b: generation
    ev_reply,        // a: command, b: generation
    ev_cmd_timeout,  // a: command, b: generation
    ev_poll,
    ev_fault_gen,
    ev_fault_step,           // a: fault, b: step
    ev_array_transition_end, // a: lu, b: generation
    ev_failback_check,       // a: path, b: path epoch
    ev_csv,
    ev_ana_log,   // a: controller (an ANA change notice: the host reads that controller's ANA log)
    ev_reset_end, // a: controller (an ANATT reset is over)
    ev_count
};

const char* ev_name(std::uint32_t k)
{
    static const char* const names[] = {
        "arrival",   "dispatch",   "port-arrive",          "service-done",   "reply", "timeout", "poll",
        "fault-gen", "fault-step", "array-transition-end", "failback-check", "csv",   "ana-log", "reset-end"};
    return k < ev_count ? names[k] : "?";
}

// What the trace remembers of one happening (events and host decisions).
struct trace_entry {
    tick at = 0;
    std::uint32_t what = 0; // trace code (below)
    std::uint32_t lu = 0;
    std::uint32_t path = 0;
    std::uint64_t id = 0; // request id / fault id
    std::uint32_t x = 0;  // code-specific
    std::uint32_t y = 0;
};

enum tr : std::uint32_t {
    tr_event = 0,     // x: event kind
    tr_submit,        // id: request, x: write?, y: lba
    tr_send,          // id: request, path, x: attempt
    tr_reply,         // id: request, x: transport, y: sense key<<16 | asc<<8 | ascq
    tr_decision,      // id: request, x: action, y: reason
    tr_finish,        // id: request, x: ok?, y: reason
    tr_park,          // id: request
    tr_verify_send,   // path, x: command
    tr_verify_result, // path, x: checker state
    tr_state,         // path, x: old state, y: new state (lifecycle)
    tr_rtpg,          // path, x: group0 state, y: group1 state
    tr_stpg,          // path, x: group
    tr_fault,         // id: fault, x: kind, y: step
    tr_link,          // path, x: 0 up, 1 down, 2 hung
    tr_ana_log,       // x: controller, y: groups in ANA change
    tr_reset,         // x: controller, y: 0 reset (ANATT expired), 1 live again
};

const char* state_name(path_state s) { return mpio::topology::to_string(s); }

// ------------------------------------------------------------ the model

enum class cmd_kind : std::uint8_t { io, tur, rtpg, stpg };
enum class link : std::uint8_t { up, down, hung };

struct command {
    cmd_kind kind = cmd_kind::io;
    std::uint32_t lu = 0;
    std::uint32_t path = 0;
    std::uint32_t req = 0;
    std::uint64_t req_gen = 0;
    std::uint64_t gen = 0;
    bool live = false;       // the host waits for it
    bool in_service = false; // the array is working on it
    bool recovery = false;   // rtpg: part of an ALUA recovery
    tick sent = 0;
    rc::error_condition cond{};
    bool read_ok = true;
    aas groups[2] = {aas::active_optimized, aas::active_optimized};
    std::uint16_t stpg_group = 0;
};

enum class where : std::uint8_t { idle, in_flight, parked, refresh_wait, path_queue, done };

struct request {
    std::uint64_t id = 0;
    std::uint64_t gen = 0;
    std::uint32_t lu = 0;
    pol::io_request io{};
    std::uint32_t version = 0;
    tick submitted = 0;
    rc::retry_budget budget{};
    int same_slot = -1; // retry_same_path: try this slot first
    int slot = -1;
    std::uint32_t attempts = 0;
    std::uint32_t completions = 0;
    where at = where::idle;
};

struct port {
    link state = link::up;
    std::uint64_t epoch = 0; // bumps on every link change
    unsigned busy = 0;
    std::deque<std::uint32_t> fifo;                                 // command indexes
    unsigned host_outstanding = 0;                                  // host side (queue limit)
    std::deque<std::pair<std::uint32_t, std::uint64_t>> host_queue; // request, generation
    unsigned faults = 0;                                            // active faults on this path (for scheduling)
    bool removed = false; // the OS removed its devices (path-down with removal)
    tick since = 0;       // time of the last link change
    // statistics
    histogram latency;
    std::uint64_t ios = 0, bytes = 0, errors = 0;
    std::uint64_t bucket_ios = 0, bucket_bytes = 0;
};

struct array_lu {
    int type = 0;  // 0: ALUA A/O + A/N, 1: ALUA active/standby, 2: no ALUA (symmetric)
    int owner = 0; // controller whose group is A/O
    int home = 0;  // PREF group
    aas state[2] = {aas::active_optimized, aas::active_non_optimized};
    bool transitioning = false;
    int target_owner = 0;
    std::uint64_t transition_gen = 0;
    std::vector<std::uint32_t> stpg_waiting; // STPG commands completing at the end of the transition
    std::vector<std::uint32_t> versions;
    std::vector<std::vector<std::uint16_t>> ua; // per path: pending unit attentions (asc << 8 | ascq)
    bool alua_fault = false;                    // a controller-failover / standby-only fault owns it
    tick states_since = 0;                      // time of the last ALUA state change
    unsigned storms = 0;
    // An ANA fault drives the groups (ana_fault: its index; -1: none). state[c] is then
    // nvme::to_asymmetric_access_state(ana[c]).
    int ana_fault = -1;
    tick loss_ended[2] = {0, 0}; // when each group last left ANA persistent loss (0: never)
    mpio::nvme::ana_state ana[2] = {mpio::nvme::ana_state::optimized, mpio::nvme::ana_state::non_optimized};
};

struct slot_cache {
    bool present = false;
    bool failed = false;
    aas alua = aas::active_optimized;
};

struct host_lu {
    std::unique_ptr<selector_t> sel;
    std::vector<rc::path_lifecycle> life;
    std::vector<slot_cache> cache;
    rc::no_path_timer nopath{};
    rc::alua_transition transition{};
    std::vector<std::pair<std::uint32_t, std::uint64_t>> parked;          // no selectable path
    std::vector<std::pair<std::uint32_t, std::uint64_t>> refresh_waiters; // wait for an RTPG
    bool refresh_in_flight = false;
    bool stpg_in_flight = false;
    bool pref_known[2] = {false, false};
    bool pref[2] = {false, false};
    bool selectable = false;
    bool any_eligible = false;
    tick last_refresh = 0;
    std::vector<std::uint32_t> expected; // host's view of each block's version
    std::vector<std::uint8_t> locked;
    std::uint32_t next_version = 1;
    histogram latency;
};

struct fault {
    fault_kind kind = fault_kind::path_down;
    int path = -1;
    int lu = -1;
    tick start = 0;
    tick duration = 0;
    std::uint32_t cycles = 0; // flapping cycles / storm rounds
    tick down = 0, up = 0;    // flapping
    bool removal = false;     // path-down: the OS removes the path
    std::vector<int> lus;     // controller failover: the LUs it moved
};

class simulation {
public:
    explicit simulation(const config& c) : c_(c), rng_(c.seed), fault_rng_(c.seed ^ 0x5DEECE66Dull)
    {
        const unsigned n = c_.paths;
        ports_.resize(n);
        service_ = c_.service;
        for (unsigned p = static_cast<unsigned>(service_.size()); p < n; ++p) {
            service_model m;
            m.base_us = 200 + 150 * p;
            m.jitter_us = 100 + 50 * p;
            service_.push_back(m);
        }
        array_.resize(c_.lus);
        host_.resize(c_.lus);
        limits_.retry_count = c_.retry_count;
        limits_.max_uncounted = 32;
        limits_.retry_interval = c_.retry_interval;
        limits_.transition_time = c_.alua_transition_time;
        for (auto& t : anatt_) t = rc::ana_transition_timer(c_.anatt, mpio::tick_rate{c_.anatt_second});
        in_reset_.assign(n, false);
        for (unsigned l = 0; l < c_.lus; ++l) {
            array_lu& a = array_[l];
            a.type = static_cast<int>(l % 3);
            a.owner = a.home = static_cast<int>(l % 2);
            set_steady_states(a);
            a.versions.assign(c_.lu_blocks, 0);
            a.ua.resize(n);
            host_lu& h = host_[l];
            h.sel = std::make_unique<selector_t>();
            if (c_.inject_sticky_selector_bug) {
                static_cast<void>(h.sel->set_vendor_policy(&sticky_ops, &sticky_[l % sticky_capacity]));
            } else if (!h.sel->set_policy(c_.policy.c_str())) {
                violation("unknown or unavailable policy '" + c_.policy + "'");
            }
            // scsi_vhci's default region (2^18 blocks) is larger than a
            // simulated LU, which would put every I/O in region 0 and make
            // logical-block a copy of its fallback order: scale the region so
            // each LU has 16 of them, as a real LU has thousands.
            if (auto* lb = h.sel->get<pol::logical_block<pol::default_capacity, pol::single_thread>>())
                static_cast<void>(lb->set_region_size_shift(lu_region_shift()));
            rc::lifecycle_config lc;
            lc.alua = a.type != 2;
            lc.periodic_verification = c_.path_verify_enabled;
            lc.verification_period = c_.path_verification_period;
            lc.recovery_interval = c_.path_recovery_interval;
            lc.pending_poll = c_.retry_interval;
            lc.remove_period = c_.pdo_remove_period;
            lc.failback = c_.failback;
            lc.flaky = rc::flaky_config{3, 20 * fault_unit(), 6 * fault_unit()};
            for (unsigned p = 0; p < n; ++p) h.life.emplace_back(lc, p == 0);
            h.cache.resize(n);
            h.nopath = rc::no_path_timer{rc::no_path_retry::for_remove_period(c_.pdo_remove_period)};
            h.expected.assign(c_.lu_blocks, 0);
            h.locked.assign(c_.lu_blocks, 0);
        }
        if (c_.csv.empty() == false) {
            csv_ = std::fopen(c_.csv.c_str(), "w");
            if (csv_ == nullptr)
                violation("cannot write " + c_.csv);
            else
                std::fputs("time_ms,path,ios,bytes,state,alua,link,event\n", csv_);
        }
    }
    ~simulation()
    {
        if (csv_ != nullptr) std::fclose(csv_);
    }
    simulation(const simulation&) = delete;
    simulation& operator=(const simulation&) = delete;

    run_result run();

private:
    // ---------------------------------------------------------- plumbing
    void schedule(tick at, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0)
    {
        q_.push(at < now_ ? now_ : at, kind, a, b);
    }
    void trace(std::uint32_t what, std::uint32_t lu, std::uint32_t path, std::uint64_t id, std::uint32_t x,
               std::uint32_t y)
    {
        if (what == tr_state) {
            if (static_cast<path_state>(y) == path_state::failed) ++r_.path_failures;
            if (static_cast<path_state>(y) == path_state::standby &&
                host_[lu].life[path].cause() == rc::standby_cause::flaky)
                ++r_.flaky_holds;
        }
        const trace_entry e{now_, what, lu, path, id, x, y};
        // FNV-1a-style mix of every field: same seed, same hash.
        const std::uint64_t words[] = {e.at, e.what, e.lu, e.path, e.id, e.x, e.y};
        for (const std::uint64_t w : words) {
            hash_ ^= w;
            hash_ *= 0x100000001B3ull;
        }
        if (ring_.empty()) return;
        ring_[ring_next_ % ring_.size()] = e;
        ++ring_next_;
    }
    void violation(const std::string& what);
    std::string format(const trace_entry& e) const;

    static void set_steady_states(array_lu& a)
    {
        if (a.type == 2) {
            a.state[0] = a.state[1] = aas::active_optimized;
            return;
        }
        a.state[a.owner] = aas::active_optimized;
        a.state[1 - a.owner] = a.type == 1 ? aas::standby : aas::active_non_optimized;
    }
    static bool active(aas s) { return s == aas::active_optimized || s == aas::active_non_optimized; }
    static int ctrl_of(std::uint32_t path) { return static_cast<int>(path % 2); }
    // log2(lu_blocks / 16), at least 0: sixteen logical-block regions per LU.
    [[nodiscard]] std::uint32_t lu_region_shift() const
    {
        const auto log2_blocks = static_cast<std::uint32_t>(std::bit_width(c_.lu_blocks)) - 1;
        return log2_blocks > 4 ? log2_blocks - 4 : 0;
    }
    [[nodiscard]] unsigned n_paths() const { return c_.paths; }

    // A fresh slot of `items` (a released one first), value-initialised with
    // its generation bumped, so stale references to the old occupant
    // (events still in the queue) can tell it is gone.
    template <class T>
    static std::uint32_t take_slot(std::vector<T>& items, std::vector<std::uint32_t>& free)
    {
        std::uint32_t i;
        if (!free.empty()) {
            i = free.back();
            free.pop_back();
        } else {
            i = static_cast<std::uint32_t>(items.size());
            items.emplace_back();
        }
        const std::uint64_t g = items[i].gen + 1;
        items[i] = T{};
        items[i].gen = g;
        return i;
    }

    // ------------------------------------------------------- array + fabric
    std::uint32_t new_command(cmd_kind k, std::uint32_t lu, std::uint32_t path)
    {
        const std::uint32_t i = take_slot(cmds_, free_cmds_);
        command& c = cmds_[i];
        c.kind = k;
        c.lu = lu;
        c.path = path;
        c.live = true;
        c.sent = now_;
        return i;
    }
    void release_command(std::uint32_t i) { free_cmds_.push_back(i); }
    void send(std::uint32_t ci);
    void port_arrive(std::uint32_t ci);
    void start_service(std::uint32_t path);
    void service_done(std::uint32_t ci);
    void reply_now(std::uint32_t ci, rc::error_condition cond);
    void set_link(std::uint32_t path, link s);
    void link_back(std::uint32_t path);
    // The time unit of the fault durations: half the PDORemovePeriod (10 s
    // with the microsoft timers, 1 s with fast), independent of the recovery
    // interval so that timer profiles compare on the same faults.
    [[nodiscard]] tick fault_unit() const { return c_.pdo_remove_period / 2; }
    void array_begin_transition(std::uint32_t lu, int new_owner);
    void array_transition_end(std::uint32_t lu);
    void raise_ua(std::uint32_t lu, std::uint16_t code)
    {
        for (auto& q : array_[lu].ua)
            if (q.size() < 4) q.push_back(code);
    }

    // ----------------------------------------------------------------- host
    void arrival(std::uint32_t lu);
    void dispatch(std::uint32_t ri);
    void send_io(std::uint32_t ri, std::uint32_t slot);
    void host_reply(std::uint32_t ci);
    void io_reply(const command& c);
    void verification_reply(const command& c);
    void rtpg_reply(const command& c);
    void stpg_reply(const command& c);
    void finish(std::uint32_t ri, bool ok, rc::reason why);
    void park(std::uint32_t ri);
    void release(std::vector<std::pair<std::uint32_t, std::uint64_t>>& list);
    void sync(std::uint32_t lu);
    bool send_rtpg(std::uint32_t lu, int prefer, bool recovery);
    void alua_recovery(std::uint32_t lu);
    void poll();
    void path_queue_pop(std::uint32_t path);
    [[nodiscard]] bool eligible(const host_lu& h, std::uint32_t s) const
    {
        return h.life[s].io_eligibility(now_) != rc::eligibility::none;
    }
    void fail_request_checked(std::uint32_t ri, rc::reason why);

    // --------------------------------------------------------------- faults
    void fault_gen();
    bool place_fault(fault_kind k, int path, int lu, tick duration);
    void fault_step(std::uint32_t fi, std::uint64_t step);
    void failback_watch(std::uint32_t path)
    {
        if (path != 0) return;
        tick deadline = c_.path_verification_period + c_.io_timeout + 2 * c_.poll_interval;
        if (c_.failback.mode == rc::failback_mode::deferred) deadline += c_.failback.defer;
        schedule(now_ + deadline, ev_failback_check, path, ports_[path].epoch);
        ++failback_checks_pending_;
    }
    void failback_check(std::uint32_t path, std::uint64_t epoch);
    // ANA: the array sets a group's ANA state (the ALUA state follows through
    // nvme::to_asymmetric_access_state) and notifies the host, which reads
    // that controller's ANA log and feeds its ANATT timer.
    void set_ana(std::uint32_t lu, int ctrl, mpio::nvme::ana_state s);
    void ana_log_read(int ctrl);
    void controller_reset(int ctrl);
    void reset_end(int ctrl);
    void csv_row();
    void csv_fault(const fault& f, std::uint64_t step);

    // ------------------------------------------------------------- members
    config c_;
    rng rng_;
    rng fault_rng_;
    event_queue q_;
    tick now_ = 0;
    std::vector<service_model> service_;
    std::vector<port> ports_;
    std::vector<array_lu> array_;
    std::vector<host_lu> host_;
    std::vector<command> cmds_;
    std::vector<std::uint32_t> free_cmds_;
    std::vector<request> reqs_;
    std::vector<std::uint32_t> free_reqs_;
    std::vector<fault> faults_;
    rc::retry_limits limits_{};
    rc::ana_transition_timer anatt_[2] = {rc::ana_transition_timer(0), rc::ana_transition_timer(0)};
    std::vector<bool> in_reset_;       // per path: down because its controller is being reset
    std::vector<mpio::byte> ana_page_; // the last ANA log page built
    std::uint64_t next_req_id_ = 1;
    std::uint64_t live_requests_ = 0;
    bool submitting_ = true;
    bool stopped_ = false;
    unsigned apd_active_ = 0;
    unsigned path_faults_active_ = 0;
    unsigned failback_checks_pending_ = 0;
    int pending_apd_ = -1; // an all-paths-down fault waiting for a quiet moment
    std::uint64_t hash_ = 0xCBF29CE484222325ull;
    std::vector<trace_entry> ring_;
    std::uint64_t ring_next_ = 0;
    histogram req_latency_;
    run_result r_;
    std::FILE* csv_ = nullptr;

    // The deliberate bug for the simulator's own test: a vendor-specific
    // selector (MSDSM policy 7, C function pointers) that ignores
    // fail_path and keeps sending to its first path.
    struct sticky_state {
        bool present[pol::default_capacity] = {};
        bool active[pol::default_capacity] = {};
    };
    static constexpr std::size_t sticky_capacity = 64;
    sticky_state sticky_[sticky_capacity];
    static constexpr pol::vendor_ops sticky_ops = {
        [](void* ctx, const pol::io_request&) noexcept -> mpio::result<pol::slot_index> {
            const auto* st = static_cast<sticky_state*>(ctx);
            for (std::size_t i = 0; i < pol::default_capacity; ++i)
                if (st->present[i] && st->active[i]) return static_cast<pol::slot_index>(i);
            return mpio::failure(mpio::errc::no_usable_path);
        },
        [](void*, pol::slot_index, const pol::io_request&) noexcept {},
        [](void*, pol::slot_index, const pol::io_request&, mpio::tick, pol::io_status) noexcept {},
        [](void* ctx, pol::path_event e, pol::slot_index s, const pol::path_attributes& a) noexcept -> mpio::status {
            auto* st = static_cast<sticky_state*>(ctx);
            st->active[s] = pol::io_tier(a.alua) != pol::tier_none;
            if (e == pol::path_event::added) st->present[s] = true;
            if (e == pol::path_event::removed) st->present[s] = false;
            return mpio::success; // failed / reinstated: ignored (the bug)
        },
    };
};

// ======================================================================
// invariant reporting

std::string simulation::format(const trace_entry& e) const
{
    char buf[256];
    const auto ms = static_cast<unsigned long long>(e.at / us_per_ms);
    const auto us = static_cast<unsigned long long>(e.at % us_per_ms);
    const auto id = static_cast<unsigned long long>(e.id);
    switch (e.what) {
    case tr_event: std::snprintf(buf, sizeof buf, "%llu.%03llu ms  event %s", ms, us, ev_name(e.x)); break;
    case tr_submit:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u submit #%llu %s lba %u", ms, us, e.lu, id,
                      e.x ? "write" : "read", e.y);
        break;
    case tr_send:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u #%llu attempt %u -> path %u", ms, us, e.lu, id, e.x,
                      e.path);
        break;
    case tr_reply:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u #%llu path %u reply: transport %s, sense %X/%02X/%02X",
                      ms, us, e.lu, id, e.path, rc::to_string(static_cast<rc::transport_outcome>(e.x)),
                      (e.y >> 16) & 0xFF, (e.y >> 8) & 0xFF, e.y & 0xFF);
        break;
    case tr_decision:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u #%llu path %u decision: %s (%s)", ms, us, e.lu, id,
                      e.path, rc::to_string(static_cast<rc::action>(e.x)), rc::to_string(static_cast<rc::reason>(e.y)));
        break;
    case tr_finish:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u #%llu %s (%s)", ms, us, e.lu, id,
                      e.x ? "completed" : "FAILED", rc::to_string(static_cast<rc::reason>(e.y)));
        break;
    case tr_park:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u #%llu parked (no selectable path)", ms, us, e.lu, id);
        break;
    case tr_verify_send:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u path %u verify: %s", ms, us, e.lu, e.path,
                      rc::to_string(static_cast<rc::verification_command>(e.x)));
        break;
    case tr_verify_result:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u path %u verification: %s", ms, us, e.lu, e.path,
                      rc::to_string(static_cast<rc::checker_state>(e.x)));
        break;
    case tr_state:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u path %u lifecycle %s -> %s", ms, us, e.lu, e.path,
                      state_name(static_cast<path_state>(e.x)), state_name(static_cast<path_state>(e.y)));
        break;
    case tr_rtpg:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u path %u RTPG: group 1 %s, group 2 %s", ms, us, e.lu,
                      e.path, mpio::scsi::to_string(static_cast<aas>(e.x)),
                      mpio::scsi::to_string(static_cast<aas>(e.y)));
        break;
    case tr_stpg:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  LU %u path %u STPG: activate group %u", ms, us, e.lu, e.path,
                      e.x);
        break;
    case tr_fault:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  fault #%llu %s step %u (path %d, LU %d)", ms, us, id,
                      to_string(static_cast<fault_kind>(e.x)), e.y, static_cast<int>(e.path), static_cast<int>(e.lu));
        break;
    case tr_link:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  path %u link %s", ms, us, e.path,
                      e.x == 0   ? "up"
                      : e.x == 1 ? "down"
                                 : "hung");
        break;
    case tr_ana_log:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  controller %c ANA log: %u group(s) in change", ms, us,
                      e.x == 0 ? 'A' : 'B', e.y);
        break;
    case tr_reset:
        std::snprintf(buf, sizeof buf, "%llu.%03llu ms  controller %c %s", ms, us, e.x == 0 ? 'A' : 'B',
                      e.y == 0 ? "reset: ANATT expired" : "live again after the reset");
        break;
    default: std::snprintf(buf, sizeof buf, "%llu.%03llu ms  ?", ms, us); break;
    }
    return buf;
}

void simulation::violation(const std::string& what)
{
    if (stopped_) return;
    stopped_ = true;
    r_.ok = false;
    std::string s = "INVARIANT VIOLATED: " + what + "\n";
    char buf[256];
    std::snprintf(buf, sizeof buf, "  seed %llu, policy %s, at %llu.%03llu ms simulated\n",
                  static_cast<unsigned long long>(c_.seed), c_.policy.c_str(),
                  static_cast<unsigned long long>(now_ / us_per_ms), static_cast<unsigned long long>(now_ % us_per_ms));
    s += buf;
    std::snprintf(buf, sizeof buf, " --seed %llu --policy %s --trace %zu\n", static_cast<unsigned long long>(c_.seed),
                  c_.policy.c_str(), ring_.size() < 1000 ? std::size_t{1000} : ring_.size());
    s += "  reproduce (a longer trace): " + c_.command_line + buf;
    if (!ring_.empty()) {
        const std::uint64_t n = ring_next_ < ring_.size() ? ring_next_ : ring_.size();
        std::snprintf(buf, sizeof buf, "  last %llu events:\n", static_cast<unsigned long long>(n));
        s += buf;
        for (std::uint64_t i = ring_next_ - n; i < ring_next_; ++i)
            s += "    " + format(ring_[i % ring_.size()]) + "\n";
    }
    r_.violation = s;
}

// ======================================================================
// array and fabric

void simulation::send(std::uint32_t ci)
{
    command& c = cmds_[ci];
    port& p = ports_[c.path];
    schedule(now_ + c_.io_timeout, ev_cmd_timeout, ci, c.gen);
    if (p.state == link::down) { // the HBA knows at once: no connection
        c.cond = rc::error_condition::transport_error(rc::transport_outcome::connection_lost);
        schedule(now_ + 20, ev_reply, ci, c.gen);
        return;
    }
    if (p.state == link::hung) return; // swallowed: only the timeout will tell
    schedule(now_ + 20, ev_port_arrive, ci, c.gen);
}

void simulation::port_arrive(std::uint32_t ci)
{
    command& c = cmds_[ci];
    if (!c.live) return;
    port& p = ports_[c.path];
    if (p.state != link::up) return; // down: already answered by set_link; hung: swallowed
    p.fifo.push_back(ci);
    start_service(c.path);
}

void simulation::start_service(std::uint32_t path)
{
    port& p = ports_[path];
    while (p.busy < c_.port_concurrency && !p.fifo.empty()) {
        const std::uint32_t ci = p.fifo.front();
        p.fifo.pop_front();
        command& c = cmds_[ci];
        if (!c.live) continue;
        ++p.busy;
        c.in_service = true;
        const service_model& m = service_[path];
        tick t = m.base_us + rng_.below(m.jitter_us + 1);
        if (c.kind == cmd_kind::io) {
            const request& r = reqs_[c.req];
            t += static_cast<tick>(r.io.blocks) * m.per_block_ns / 1000;
        }
        if (m.tail_ppm != 0 && rng_.chance(m.tail_ppm, 1000000)) t += m.base_us * m.tail_factor;
        schedule(now_ + t, ev_service_done, ci, c.gen);
    }
}

void simulation::service_done(std::uint32_t ci)
{
    command& c = cmds_[ci];
    if (!c.live || !c.in_service) return; // answered already (link down) or aborted (timeout)
    port& p = ports_[c.path];
    if (p.busy > 0) --p.busy;
    c.in_service = false;
    start_service(c.path);
    array_lu& a = array_[c.lu];
    const aas st = a.state[ctrl_of(c.path)];
    using mpio::scsi::sense_key;
    rc::error_condition cond = rc::error_condition::good();
    auto& ua = a.ua[c.path];
    switch (c.kind) {
    case cmd_kind::io:
    case cmd_kind::tur: {
        if (!ua.empty()) { // a pending UNIT ATTENTION is reported once per I_T nexus
            const std::uint16_t code = ua.front();
            ua.erase(ua.begin());
            cond = rc::error_condition::check_condition(sense_key::unit_attention, static_cast<std::uint8_t>(code >> 8),
                                                        static_cast<std::uint8_t>(code & 0xFF));
        } else if (st == aas::standby) {
            cond = rc::error_condition::check_condition(sense_key::not_ready, 0x04, 0x0B);
        } else if (st == aas::unavailable || st == aas::offline) { // ANA inaccessible / persistent loss
            cond = rc::error_condition::check_condition(sense_key::not_ready, 0x04, 0x0C);
        } else if (st == aas::transitioning) {
            cond = rc::error_condition::check_condition(sense_key::not_ready, 0x04, 0x0A);
        } else if (c.kind == cmd_kind::io) {
            request& r = reqs_[c.req];
            host_lu& h = host_[c.lu];
            const auto lba = static_cast<std::size_t>(r.io.lba);
            for (std::size_t b = lba; b < lba + r.io.blocks; ++b) {
                if (r.io.direction == pol::io_direction::write) {
                    a.versions[b] = r.version;
                } else {
                    const std::uint32_t v = a.versions[b];
                    if (v != h.expected[b]) c.read_ok = false;
                }
            }
        }
        break;
    }
    case cmd_kind::rtpg: // allowed in every ALUA state (SPC-6 5.16.2.2)
        c.groups[0] = a.state[0];
        c.groups[1] = a.state[1];
        break;
    case cmd_kind::stpg:
        if (a.type == 2) {
            cond = rc::error_condition::check_condition(sense_key::illegal_request, 0x20, 0x00);
            break;
        }
        if (a.transitioning || a.state[c.stpg_group - 1] != aas::active_optimized) {
            if (!a.transitioning || a.target_owner != c.stpg_group - 1) array_begin_transition(c.lu, c.stpg_group - 1);
            a.stpg_waiting.push_back(ci);
            return; // completes at the end of the transition
        }
        break;
    }
    if (p.state == link::hung) return; // the answer is lost (a write stays applied)
    c.cond = cond;
    schedule(now_ + 20, ev_reply, ci, c.gen);
}

void simulation::reply_now(std::uint32_t ci, rc::error_condition cond)
{
    command& c = cmds_[ci];
    c.cond = cond;
    schedule(now_, ev_reply, ci, c.gen);
}

// The transport reports a path's link back (FC RSCN / port login, iSCSI
// re-login): every LU verifies the path now (path_lifecycle::
// request_verification) instead of at its next recovery tick -- as Windows
// MPIO verifies a path on its PnP arrival. A removed path comes back through
// arrive() instead (fault_step's return_path).
void simulation::link_back(std::uint32_t path)
{
    if (c_.inject_timer_only_recovery || c_.inject_no_reverification) return; // test hooks
    for (std::uint32_t l = 0; l < c_.lus; ++l) {
        rc::path_lifecycle& life = host_[l].life[path];
        const path_state before = life.state();
        const rc::verification_command cmd = life.request_verification(now_);
        if (life.state() != before)
            trace(tr_state, l, path, 0, static_cast<std::uint32_t>(before), static_cast<std::uint32_t>(life.state()));
        if (cmd == rc::verification_command::none) continue;
        ++r_.verifications;
        trace(tr_verify_send, l, path, 0, static_cast<std::uint32_t>(cmd), 0);
        send(new_command(cmd == rc::verification_command::test_unit_ready ? cmd_kind::tur : cmd_kind::rtpg, l, path));
        sync(l);
    }
}

void simulation::set_link(std::uint32_t path, link s)
{
    port& p = ports_[path];
    if (p.state == s) return;
    const link before = p.state;
    p.state = s;
    p.since = now_;
    ++p.epoch;
    trace(tr_link, 0, path, 0, s == link::up ? 0 : s == link::down ? 1 : 2, 0);
    if (s == link::up && before == link::down) {
        link_back(path);
        return;
    }
    if (s != link::down) return;
    // Link loss: the HBA fails everything outstanding on the nexus. A write
    // the array was working on may or may not have reached the media.
    for (std::uint32_t i = 0; i < cmds_.size(); ++i) {
        command& c = cmds_[i];
        if (!c.live || c.path != path) continue;
        if (c.in_service && c.kind == cmd_kind::io && reqs_[c.req].io.direction == pol::io_direction::write &&
            rng_.chance(1, 2)) {
            const request& r = reqs_[c.req];
            for (std::size_t b = r.io.lba; b < r.io.lba + r.io.blocks; ++b) array_[c.lu].versions[b] = r.version;
        }
        if (c.kind == cmd_kind::stpg) { // it no longer waits for the transition
            auto& w = array_[c.lu].stpg_waiting;
            for (std::size_t k = 0; k < w.size(); ++k)
                if (w[k] == i) {
                    w.erase(w.begin() + static_cast<std::ptrdiff_t>(k));
                    break;
                }
        }
        if (c.in_service && p.busy > 0) --p.busy; // aborted: the server is free
        c.in_service = false;
        reply_now(i, rc::error_condition::transport_error(rc::transport_outcome::connection_lost));
    }
    p.fifo.clear();
}

void simulation::array_begin_transition(std::uint32_t lu, int new_owner)
{
    array_lu& a = array_[lu];
    a.ana_fault = -1; // an explicit STPG takes the groups over from an ANA fault
    a.transitioning = true;
    a.target_owner = new_owner;
    a.state[a.owner] = aas::transitioning;
    a.states_since = now_;
    if (new_owner != a.owner) a.state[new_owner] = aas::transitioning;
    ++a.transition_gen;
    schedule(now_ + c_.array_transition_time, ev_array_transition_end, lu, a.transition_gen);
}

void simulation::array_transition_end(std::uint32_t lu)
{
    array_lu& a = array_[lu];
    a.transitioning = false;
    a.owner = a.target_owner;
    a.states_since = now_;
    set_steady_states(a);
    a.alua_fault = false;
    raise_ua(lu, 0x2A06); // ASYMMETRIC ACCESS STATE CHANGED on every I_T nexus
    for (const std::uint32_t ci : a.stpg_waiting) {
        command& c = cmds_[ci];
        if (!c.live) continue;
        c.in_service = false;
        c.cond = rc::error_condition::good();
        if (ports_[c.path].state == link::up) schedule(now_ + 20, ev_reply, ci, c.gen);
    }
    a.stpg_waiting.clear();
}

// ======================================================================
// host

void simulation::arrival(std::uint32_t lu)
{
    if (!submitting_) return;
    const std::uint64_t mean = c_.iops == 0 ? us_per_s : us_per_s * c_.lus / c_.iops;
    schedule(now_ + 1 + rng_.exponential(mean), ev_arrival, lu);
    host_lu& h = host_[lu];
    const auto blocks = static_cast<std::uint32_t>(rng_.range(1, 8));
    std::uint64_t lba = 0;
    bool found = false;
    for (int attempt = 0; attempt < 8 && !found; ++attempt) { // no two I/Os on one block at once
        lba = rng_.below(c_.lu_blocks - blocks);
        found = true;
        for (std::uint64_t b = lba; b < lba + blocks; ++b)
            if (h.locked[b]) found = false;
    }
    if (!found) return;
    const std::uint32_t ri = take_slot(reqs_, free_reqs_);
    request& r = reqs_[ri];
    r.id = next_req_id_++;
    r.lu = lu;
    r.io.direction = rng_.chance(2, 5) ? pol::io_direction::write : pol::io_direction::read;
    r.io.lba = lba;
    r.io.blocks = blocks;
    r.io.bytes = blocks * 4096;
    if (r.io.direction == pol::io_direction::write) r.version = h.next_version++;
    r.submitted = now_;
    r.budget = rc::retry_budget{limits_};
    for (std::uint64_t b = lba; b < lba + blocks; ++b) h.locked[b] = 1;
    ++live_requests_;
    ++r_.submitted;
    trace(tr_submit, lu, 0, r.id, r.io.direction == pol::io_direction::write, static_cast<std::uint32_t>(lba));
    dispatch(ri);
    if (r_.submitted >= c_.ios && r_.faults >= c_.min_faults) submitting_ = false;
}

void simulation::dispatch(std::uint32_t ri)
{
    request& r = reqs_[ri];
    host_lu& h = host_[r.lu];
    r.at = where::idle;
    int slot = -1;
    if (r.same_slot >= 0) {
        const auto s = static_cast<std::uint32_t>(r.same_slot);
        if (eligible(h, s) && h.cache[s].present && !h.cache[s].failed &&
            pol::io_tier(h.cache[s].alua) != pol::tier_none)
            slot = r.same_slot;
        r.same_slot = -1;
    }
    if (slot < 0) {
        r.io.now = now_;
        const mpio::result<pol::slot_index> s = h.sel->select(r.io);
        if (!s) {
            park(ri);
            return;
        }
        slot = *s;
    }
    const auto s = static_cast<std::uint32_t>(slot);
    // Invariant: no I/O is sent to a path after its failure was acknowledged.
    if (s >= n_paths() || !eligible(h, s)) {
        violation("LU " + std::to_string(r.lu) + " request #" + std::to_string(r.id) + " sent to path " +
                  std::to_string(s) + " whose failure was acknowledged (lifecycle state " +
                  (s < n_paths() ? state_name(h.life[s].state()) : "no such path") + ")");
        return;
    }
    h.sel->start(static_cast<pol::slot_index>(s), r.io);
    r.slot = slot;
    port& p = ports_[s];
    if (p.host_outstanding >= c_.path_queue_limit) {
        r.at = where::path_queue;
        p.host_queue.emplace_back(ri, r.gen);
        return;
    }
    send_io(ri, s);
}

void simulation::send_io(std::uint32_t ri, std::uint32_t slot)
{
    request& r = reqs_[ri];
    ++ports_[slot].host_outstanding;
    r.at = where::in_flight;
    ++r.attempts;
    if (r.attempts > 1) ++r_.retries;
    trace(tr_send, r.lu, slot, r.id, r.attempts, 0);
    const std::uint32_t ci = new_command(cmd_kind::io, r.lu, slot);
    cmds_[ci].req = ri;
    cmds_[ci].req_gen = r.gen;
    send(ci);
}

void simulation::path_queue_pop(std::uint32_t path)
{
    port& p = ports_[path];
    while (p.host_outstanding < c_.path_queue_limit && !p.host_queue.empty()) {
        const auto [ri, gen] = p.host_queue.front();
        p.host_queue.pop_front();
        request& r = reqs_[ri];
        if (r.gen != gen || r.at != where::path_queue) continue;
        host_lu& h = host_[r.lu];
        if (!eligible(h, path)) { // failed while it waited on the host: not sent, choose again
            h.sel->complete(static_cast<pol::slot_index>(path), r.io, 0, pol::io_status::path_error);
            r.at = where::idle;
            schedule(now_, ev_dispatch, ri, r.gen);
            continue;
        }
        send_io(ri, path);
    }
}

void simulation::host_reply(std::uint32_t ci)
{
    if (!cmds_[ci].live) return;
    cmds_[ci].live = false;
    cmds_[ci].in_service = false;
    // A copy: the handlers send new commands, which may grow cmds_.
    const command c = cmds_[ci];
    switch (c.kind) {
    case cmd_kind::io: io_reply(c); break;
    case cmd_kind::tur: verification_reply(c); break;
    case cmd_kind::rtpg: c.recovery || c.req == 1 ? rtpg_reply(c) : verification_reply(c); break;
    case cmd_kind::stpg: stpg_reply(c); break;
    }
    release_command(ci);
}

std::uint32_t sense_code(const rc::error_condition& c)
{
    return (static_cast<std::uint32_t>(c.key) << 16) | (static_cast<std::uint32_t>(c.asc) << 8) | c.ascq;
}

void simulation::io_reply(const command& c)
{
    const std::uint32_t ri = c.req;
    request& r = reqs_[ri];
    port& p = ports_[c.path];
    if (r.gen != c.req_gen || r.at != where::in_flight) {
        violation("a reply arrived for request #" + std::to_string(r.id) + " which is not in flight");
        return;
    }
    if (p.host_outstanding > 0) --p.host_outstanding;
    host_lu& h = host_[c.lu];
    const auto slot = static_cast<pol::slot_index>(c.path);
    const bool good = c.cond.transport == rc::transport_outcome::ok && c.cond.status == rc::scsi_status::good;
    const tick service = now_ - c.sent;
    h.sel->complete(slot, r.io, service,
                    good                                            ? pol::io_status::success
                    : c.cond.transport != rc::transport_outcome::ok ? pol::io_status::path_error
                                                                    : pol::io_status::io_error);
    trace(tr_reply, c.lu, c.path, r.id, static_cast<std::uint32_t>(c.cond.transport), sense_code(c.cond));
    if (good) {
        p.latency.add(service);
        ++p.ios;
        p.bytes += r.io.bytes;
        ++p.bucket_ios;
        p.bucket_bytes += r.io.bytes;
    } else {
        ++p.errors;
    }
    const bool other = rc::other_usable_path(h.life.data(), h.life.size(), c.path, now_);
    const rc::decision d = rc::interpret<rc::default_error_table>(c.cond, rc::interpret_context{other});
    trace(tr_decision, c.lu, c.path, r.id, static_cast<std::uint32_t>(d.action), static_cast<std::uint32_t>(d.reason));
    const path_state before = h.life[c.path].state();
    h.life[c.path].on_io(d, now_);
    if (h.life[c.path].state() != before)
        trace(tr_state, c.lu, c.path, 0, static_cast<std::uint32_t>(before),
              static_cast<std::uint32_t>(h.life[c.path].state()));
    sync(c.lu);
    if (h.life[c.path].needs_alua_refresh() && array_[c.lu].type != 2 &&
        d.action != rc::action::refresh_alua_then_retry)
        send_rtpg(c.lu, static_cast<int>(c.path), false);
    path_queue_pop(c.path);

    if (d.action == rc::action::complete) {
        if (r.io.direction == pol::io_direction::read) {
            ++r_.reads_verified;
            if (!c.read_ok) {
                violation("LU " + std::to_string(c.lu) + " request #" + std::to_string(r.id) + " read lba " +
                          std::to_string(r.io.lba) + ": the data read back is not the data last written");
                return;
            }
        }
        finish(ri, true, d.reason);
        return;
    }
    rc::retry_step st = r.budget.next(d, now_);
    if (c_.inject_fail_on_path_error && d.action == rc::action::fail_path_and_retry) { // test hook: a driver bug
        st.retry = false;
        st.reason = d.reason;
    }
    if (!st.retry) {
        fail_request_checked(ri, st.reason);
        return;
    }
    switch (st.action) {
    case rc::action::retry_same_path:
        r.same_slot = static_cast<int>(c.path);
        r.at = where::idle;
        schedule(st.not_before, ev_dispatch, ri, r.gen);
        break;
    case rc::action::refresh_alua_then_retry:
        r.at = where::refresh_wait;
        r.same_slot = static_cast<int>(c.path); // MSDSM retries 2A/06 on the same path after the RTPG
        h.refresh_waiters.emplace_back(ri, r.gen);
        if (!h.refresh_in_flight && !send_rtpg(c.lu, static_cast<int>(c.path), false)) release(h.refresh_waiters);
        break;
    default: // retry_other_path, fail_path_and_retry, hold_and_retry
        r.at = where::idle;
        schedule(st.not_before, ev_dispatch, ri, r.gen);
        break;
    }
}

void simulation::fail_request_checked(std::uint32_t ri, rc::reason why)
{
    const bool no_path = why == rc::reason::no_usable_path;
    request& r = reqs_[ri];
    host_lu& h = host_[r.lu];
    const array_lu& a = array_[r.lu];
    // Invariant: no I/O fails while a usable path exists. Usable: the host
    // has it in service (lifecycle) AND it really works (link up, its
    // group in an active ALUA state, no transition running).
    // A path that has worked for longer than a recovery check takes (the
    // recovery interval, a command timeout, RetryInterval and two host
    // ticks) must be in service by now: if the host still has it failed,
    // verification is broken.
    const tick settle = c_.path_recovery_interval + c_.io_timeout + c_.retry_interval + 2 * c_.poll_interval;
    for (std::uint32_t s = 0; s < n_paths(); ++s) {
        if (ports_[s].state != link::up || a.transitioning || !active(a.state[ctrl_of(s)])) continue;
        const tick working_since = ports_[s].since > a.states_since ? ports_[s].since : a.states_since;
        if (!eligible(h, s)) {
            if (now_ - working_since <= settle) continue;
            violation("LU " + std::to_string(r.lu) + " request #" + std::to_string(r.id) + " failed (" +
                      rc::to_string(why) + ") while path " + std::to_string(s) + " had been working for " +
                      std::to_string((now_ - working_since) / us_per_ms) + " ms and the host still had it " +
                      state_name(h.life[s].state()));
            return;
        }
        violation("LU " + std::to_string(r.lu) + " request #" + std::to_string(r.id) + " failed (" +
                  rc::to_string(why) + ") after " + std::to_string(r.attempts) + " attempts while path " +
                  std::to_string(s) + " was usable (lifecycle " + state_name(h.life[s].state()) + ", ALUA " +
                  mpio::scsi::to_string(a.state[ctrl_of(s)]) + ")");
        return;
    }
    if (no_path) ++r_.failed_no_path;
    finish(ri, false, why);
}

void simulation::finish(std::uint32_t ri, bool ok, rc::reason why)
{
    request& r = reqs_[ri];
    host_lu& h = host_[r.lu];
    // Invariant: every I/O completes exactly once.
    if (++r.completions != 1 || r.at == where::done) {
        violation("request #" + std::to_string(r.id) + " completed twice");
        return;
    }
    r.at = where::done;
    trace(tr_finish, r.lu, 0, r.id, ok, static_cast<std::uint32_t>(why));
    for (std::uint64_t b = r.io.lba; b < r.io.lba + r.io.blocks; ++b) {
        if (r.io.direction == pol::io_direction::write) {
            // A write that failed up may or may not have reached the media
            // (a command lost with the link may have been applied): SCSI
            // does not say, so the block now holds whatever the media has.
            // No attempt of this request is still at the array (answered,
            // aborted or lost with the link), so that is final.
            h.expected[b] = ok ? r.version : array_[r.lu].versions[b];
        }
        h.locked[b] = 0;
    }
    if (ok) {
        ++r_.completed_ok;
        const tick lat = now_ - r.submitted;
        req_latency_.add(lat);
        h.latency.add(lat);
    } else {
        ++r_.failed;
    }
    --live_requests_;
    free_reqs_.push_back(ri);
}

void simulation::park(std::uint32_t ri)
{
    request& r = reqs_[ri];
    host_lu& h = host_[r.lu];
    r.at = where::parked;
    trace(tr_park, r.lu, 0, r.id, 0, 0);
    // Windows MPIO's PDORemovePeriod counts from the loss of the last path
    // (sync() starts the no-path timer); a request parked while paths are
    // in service but none in an active ALUA state waits for the ALUA
    // recovery instead (RTPG, STPG), however long the hung or failing
    // paths make it take.
    if (h.nopath.should_fail(now_)) {
        fail_request_checked(ri, rc::no_path_timer::failure().reason);
        return;
    }
    h.parked.emplace_back(ri, r.gen);
    if (h.any_eligible) alua_recovery(r.lu);
}

void simulation::release(std::vector<std::pair<std::uint32_t, std::uint64_t>>& list)
{
    std::vector<std::pair<std::uint32_t, std::uint64_t>> v;
    v.swap(list);
    for (const auto& [ri, gen] : v) {
        if (reqs_[ri].gen != gen || reqs_[ri].at == where::done) continue;
        reqs_[ri].at = where::idle;
        schedule(now_, ev_dispatch, ri, gen);
    }
}

// Push the lifecycle's view into the selector: present paths are added,
// removed ones removed; the rotation set is reinstated and the rest failed
// (the last-resort set when no rotation path can carry I/O); ALUA states
// follow the lifecycle's.
void simulation::sync(std::uint32_t lu)
{
    host_lu& h = host_[lu];
    bool rotation_usable = false;
    for (std::uint32_t s = 0; s < n_paths(); ++s)
        if (h.life[s].io_eligibility(now_) == rc::eligibility::rotation && h.life[s].in_active_group())
            rotation_usable = true;
    bool selectable = false;
    for (std::uint32_t s = 0; s < n_paths(); ++s) {
        const rc::path_lifecycle& l = h.life[s];
        slot_cache& k = h.cache[s];
        const auto slot = static_cast<pol::slot_index>(s);
        const bool present = l.state() != path_state::removed && l.state() != path_state::pending_removal;
        const rc::eligibility e = l.io_eligibility(now_);
        const bool in_view = rotation_usable ? e == rc::eligibility::rotation : e != rc::eligibility::none;
        const aas alua = l.has_alua_state() ? l.alua_state() : aas::active_optimized;
        if (!present) {
            if (k.present) static_cast<void>(h.sel->remove_path(slot));
            k.present = false;
            continue;
        }
        if (!k.present) {
            pol::path_attributes at;
            at.alua = alua;
            at.preferred = s == 0;
            at.weight = s;
            static_cast<void>(h.sel->add_path(slot, at));
            k.present = true;
            k.failed = false;
            k.alua = alua;
        }
        if (k.alua != alua) {
            static_cast<void>(h.sel->set_alua_state(slot, alua));
            k.alua = alua;
        }
        if (in_view && k.failed) static_cast<void>(h.sel->reinstate_path(slot));
        if (!in_view && !k.failed) static_cast<void>(h.sel->fail_path(slot));
        k.failed = !in_view;
        if (in_view && pol::io_tier(alua) != pol::tier_none) selectable = true;
    }
    bool any = false;
    for (std::uint32_t s = 0; s < n_paths(); ++s) any = any || eligible(h, s);
    if (!any)
        h.nopath.all_paths_lost(now_);
    else if (!h.any_eligible)
        h.nopath.path_restored();
    h.any_eligible = any;
    if (selectable && !h.selectable && !h.stpg_in_flight) release(h.parked);
    h.selectable = selectable;
}

bool simulation::send_rtpg(std::uint32_t lu, int prefer, bool recovery)
{
    host_lu& h = host_[lu];
    if (h.refresh_in_flight || array_[lu].type == 2) return h.refresh_in_flight;
    int slot = -1;
    if (prefer >= 0 && eligible(h, static_cast<std::uint32_t>(prefer))) slot = prefer;
    for (std::uint32_t s = 0; s < n_paths() && slot < 0; ++s)
        if (eligible(h, s)) slot = static_cast<int>(s);
    if (slot < 0) return false;
    h.refresh_in_flight = true;
    h.last_refresh = now_;
    ++r_.rtpg_sent;
    const std::uint32_t ci = new_command(cmd_kind::rtpg, lu, static_cast<std::uint32_t>(slot));
    cmds_[ci].recovery = recovery;
    cmds_[ci].req = 1; // marks a refresh (not a verification)
    send(ci);
    return true;
}

void simulation::rtpg_reply(const command& c)
{
    host_lu& h = host_[c.lu];
    h.refresh_in_flight = false;
    const bool good = c.cond.transport == rc::transport_outcome::ok && c.cond.status == rc::scsi_status::good;
    if (!good) {
        const rc::decision d = rc::interpret<rc::default_error_table>(c.cond, rc::interpret_context{true});
        h.life[c.path].on_io(d, now_);
        sync(c.lu);
        if (!send_rtpg(c.lu, -1, c.recovery)) release(h.refresh_waiters);
        return;
    }
    trace(tr_rtpg, c.lu, c.path, 0, static_cast<std::uint32_t>(c.groups[0]), static_cast<std::uint32_t>(c.groups[1]));
    for (std::uint32_t s = 0; s < n_paths(); ++s) {
        rc::path_lifecycle& l = h.life[s];
        if (l.state() == path_state::removed || l.state() == path_state::pending_removal) continue;
        const path_state before = l.state();
        l.on_alua_state(c.groups[ctrl_of(s)], now_);
        if (l.state() != before) // e.g. failed: the group is offline (ANA persistent loss)
            trace(tr_state, c.lu, s, 0, static_cast<std::uint32_t>(before), static_cast<std::uint32_t>(l.state()));
    }
    sync(c.lu);
    if (c.groups[0] != aas::transitioning && c.groups[1] != aas::transitioning) h.transition.end();
    release(h.refresh_waiters);
    if (!h.selectable && !h.parked.empty()) alua_recovery(c.lu);
}

// No path in an active ALUA state although some are in service: refresh
// the states (RTPG), then activate a group with STPG (explicit ALUA), the
// way MSDSM's DsmpSetNewDefaultPath / scsi_dh_alua's activate do. Held
// requests wait (transition hold); the no-path timer bounds the wait.
void simulation::alua_recovery(std::uint32_t lu)
{
    host_lu& h = host_[lu];
    if (h.refresh_in_flight || h.stpg_in_flight || array_[lu].type == 2) return;
    if (!h.transition.in_progress()) h.transition.begin(now_, c_.alua_transition_time);
    // Known group states (from the paths' last RTPG), reachable groups.
    rc::tpg_candidate groups[2];
    bool known[2] = {false, false};
    for (std::uint32_t s = 0; s < n_paths(); ++s) {
        const int g = ctrl_of(s);
        if (!eligible(h, s) || !h.life[s].has_alua_state()) continue;
        groups[g].group = static_cast<std::uint16_t>(g + 1);
        groups[g].state = h.life[s].alua_state();
        groups[g].preferred = array_[lu].home == g; // PREF bit as RTPG reports it
        groups[g].reachable = true;
        known[g] = true;
    }
    for (int g = 0; g < 2; ++g)
        if (!known[g]) {
            groups[g].group = static_cast<std::uint16_t>(g + 1);
            groups[g].reachable = false;
        }
    const bool transitioning =
        (known[0] && groups[0].state == aas::transitioning) || (known[1] && groups[1].state == aas::transitioning);
    const mpio::result<std::size_t> pick = rc::choose_stpg_target(groups);
    if (transitioning || !pick) { // the array is moving: ask again every RetryInterval
        if (now_ >= h.last_refresh + c_.retry_interval) send_rtpg(lu, -1, true);
        return;
    }
    const rc::failover_plan plan = rc::plan_failover(mpio::scsi::target_port_group_support::both, groups[*pick]);
    if (plan.step != rc::failover_step::set_target_port_groups) { // our view is stale
        send_rtpg(lu, -1, true);
        return;
    }
    unsigned char cdb[12];
    unsigned char params[16];
    const mpio::result<std::size_t> built = rc::build_activation_stpg(
        mpio::mutable_byte_view{cdb, sizeof cdb}, mpio::mutable_byte_view{params, sizeof params}, plan.group);
    if (!built) {
        violation("build_activation_stpg failed for group " + std::to_string(plan.group));
        return;
    }
    int slot = -1;
    for (std::uint32_t s = 0; s < n_paths() && slot < 0; ++s)
        if (eligible(h, s) && ctrl_of(s) == plan.group - 1) slot = static_cast<int>(s);
    if (slot < 0) return;
    h.stpg_in_flight = true;
    ++r_.stpg_sent;
    trace(tr_stpg, lu, static_cast<std::uint32_t>(slot), 0, plan.group, 0);
    const std::uint32_t ci = new_command(cmd_kind::stpg, lu, static_cast<std::uint32_t>(slot));
    cmds_[ci].stpg_group = plan.group;
    send(ci);
}

void simulation::stpg_reply(const command& c)
{
    host_lu& h = host_[c.lu];
    h.stpg_in_flight = false;
    const bool good = c.cond.transport == rc::transport_outcome::ok && c.cond.status == rc::scsi_status::good;
    if (!good) {
        const rc::decision d = rc::interpret<rc::default_error_table>(c.cond, rc::interpret_context{true});
        h.life[c.path].on_io(d, now_);
        sync(c.lu);
    }
    send_rtpg(c.lu, good ? static_cast<int>(c.path) : -1, true);
}

void simulation::verification_reply(const command& c)
{
    host_lu& h = host_[c.lu];
    rc::path_lifecycle& l = h.life[c.path];
    const rc::verification_result v = c.kind == cmd_kind::tur
                                          ? rc::verification_result::from_tur(c.cond)
                                          : rc::verification_result::from_rtpg(c.cond, c.groups[ctrl_of(c.path)]);
    trace(tr_verify_result, c.lu, c.path, 0, static_cast<std::uint32_t>(v.state), 0);
    const path_state before = l.state();
    l.on_verification(v, now_);
    if (l.state() != before)
        trace(tr_state, c.lu, c.path, 0, static_cast<std::uint32_t>(before), static_cast<std::uint32_t>(l.state()));
    sync(c.lu);
}

void simulation::poll()
{
    // The ANATT timer of each controller (nvme_anatt_timeout()): a change
    // that outlasts 2 x ANATT since the last ANA log read resets the controller.
    for (int ctrl = 0; ctrl < 2; ++ctrl)
        if (anatt_[ctrl].poll(now_) == rc::anatt_decision::reset_controller) controller_reset(ctrl);
    for (std::uint32_t lu = 0; lu < c_.lus; ++lu) {
        host_lu& h = host_[lu];
        for (std::uint32_t s = 0; s < n_paths(); ++s) {
            rc::path_lifecycle& l = h.life[s];
            const path_state before = l.state();
            if (c_.inject_no_reverification && before == path_state::failed) continue; // test hook: a driver bug
            const rc::verification_command cmd = l.poll(now_);
            if (l.state() != before)
                trace(tr_state, lu, s, 0, static_cast<std::uint32_t>(before), static_cast<std::uint32_t>(l.state()));
            if (cmd == rc::verification_command::none) continue;
            ++r_.verifications;
            trace(tr_verify_send, lu, s, 0, static_cast<std::uint32_t>(cmd), 0);
            send(new_command(cmd == rc::verification_command::test_unit_ready ? cmd_kind::tur : cmd_kind::rtpg, lu, s));
        }
        sync(lu);
        if (h.selectable && !h.stpg_in_flight && !h.parked.empty()) release(h.parked);
        if (!h.parked.empty()) {
            if (h.nopath.should_fail(now_)) {
                // Windows MPIO: the pseudo-LUN is removed after PDORemovePeriod, queued I/O fails.
                std::vector<std::pair<std::uint32_t, std::uint64_t>> v;
                v.swap(h.parked);
                for (const auto& [ri, gen] : v)
                    if (reqs_[ri].gen == gen && reqs_[ri].at == where::parked)
                        fail_request_checked(ri, rc::no_path_timer::failure().reason);
                if (stopped_) return;
            } else if (!h.selectable && h.any_eligible) {
                alua_recovery(lu);
            }
        }
        bool stale = false;
        for (std::uint32_t s = 0; s < n_paths(); ++s)
            stale = stale || (eligible(h, s) && h.life[s].needs_alua_refresh());
        if (stale) send_rtpg(lu, -1, false);
    }
}

// ======================================================================
// faults

void simulation::fault_gen()
{
    if (!submitting_ || c_.random_kinds.empty()) return;
    schedule(now_ + 1 + fault_rng_.exponential(c_.fault_gap_us), ev_fault_gen);
    // All-paths-down faults are rarer than the others (weights 1 and 2
    // against 6): each one stops every LU for seconds.
    auto weight = [](fault_kind k) -> std::uint64_t {
        return k == fault_kind::apd_long ? 1 : k == fault_kind::apd_short ? 2 : 6;
    };
    // An all-paths-down fault needs a quiet system: once drawn, it waits
    // (no other fault starts) until it fits, so it keeps its share.
    if (pending_apd_ >= 0) {
        if (place_fault(static_cast<fault_kind>(pending_apd_), -1, -1, 0)) pending_apd_ = -1;
        return;
    }
    std::uint64_t total = 0;
    for (const fault_kind k : c_.random_kinds) total += weight(k);
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::uint64_t pick = fault_rng_.below(total);
        fault_kind k = c_.random_kinds.front();
        for (const fault_kind x : c_.random_kinds) {
            if (pick < weight(x)) {
                k = x;
                break;
            }
            pick -= weight(x);
        }
        const bool apd = k == fault_kind::apd_short || k == fault_kind::apd_long;
        if (apd && attempt != 0) continue; // redraws never pick one (it keeps its weight)
        if (place_fault(k, -1, -1, 0)) return;
        if (apd) {
            pending_apd_ = static_cast<int>(k);
            return;
        }
    }
}

bool simulation::place_fault(fault_kind k, int path, int lu, tick duration)
{
    const tick u = fault_unit();
    fault f;
    f.kind = k;
    f.start = now_;
    const unsigned n = n_paths();
    auto pick_path = [&]() -> bool {
        if (apd_active_ != 0) return false;
        if (path >= 0) {
            f.path = path;
            return ports_[static_cast<unsigned>(path)].faults == 0;
        }
        if (path_faults_active_ + 1 >= n) return false; // leave one path alone (APD is its own kind)
        const auto p = static_cast<unsigned>(fault_rng_.below(n));
        if (ports_[p].faults != 0) return false;
        f.path = static_cast<int>(p);
        return true;
    };
    auto pick_alua_lu = [&]() -> bool {
        const auto l = lu >= 0 ? static_cast<unsigned>(lu) : static_cast<unsigned>(fault_rng_.below(c_.lus));
        if (l >= c_.lus || array_[l].type == 2 || array_[l].alua_fault || array_[l].transitioning) return false;
        f.lu = static_cast<int>(l);
        return true;
    };
    switch (k) {
    case fault_kind::path_down:
        if (!pick_path()) return false;
        f.duration = duration != 0 ? duration : fault_rng_.range(u / 4, 3 * u);
        f.removal = fault_rng_.chance(1, 3);
        break;
    case fault_kind::flapping:
        if (!pick_path()) return false;
        f.cycles = static_cast<std::uint32_t>(fault_rng_.range(3, 6));
        f.down = fault_rng_.range(u / 20, u / 5);
        f.up = fault_rng_.range(u / 10, u / 2);
        break;
    case fault_kind::hung_path:
        if (!pick_path()) return false;
        f.duration = duration != 0 ? duration : fault_rng_.range(c_.io_timeout, c_.io_timeout + 2 * u);
        break;
    case fault_kind::controller_failover: {
        if (apd_active_ != 0) return false;
        const int from =
            lu >= 0 ? array_[static_cast<unsigned>(lu) % c_.lus].owner : static_cast<int>(fault_rng_.below(2));
        for (unsigned l = 0; l < c_.lus; ++l) {
            const array_lu& a = array_[l];
            if (a.type == 2 || a.owner != from) continue;
            if (a.alua_fault || a.transitioning) return false;
            f.lus.push_back(static_cast<int>(l));
        }
        if (f.lus.empty()) return false;
        f.path = from; // the controller
        break;
    }
    case fault_kind::standby_only:
        if (apd_active_ != 0 || !pick_alua_lu()) return false;
        break;
    case fault_kind::ua_storm: {
        const auto l = lu >= 0 ? static_cast<unsigned>(lu) : static_cast<unsigned>(fault_rng_.below(c_.lus));
        if (l >= c_.lus || array_[l].storms != 0) return false;
        f.lu = static_cast<int>(l);
        f.cycles = static_cast<std::uint32_t>(fault_rng_.range(3, 8));
        f.up = fault_rng_.range(1 * us_per_ms, 20 * us_per_ms);
        break;
    }
    case fault_kind::ana_change:
    case fault_kind::ana_persistent_loss:
    case fault_kind::ana_group_move: {
        // The LUs whose groups are optimized / non-optimized, as an ANA namespace's are.
        if (apd_active_ != 0) return false;
        const auto l = lu >= 0 ? static_cast<unsigned>(lu) : static_cast<unsigned>(fault_rng_.below(c_.lus));
        if (l >= c_.lus || array_[l].type != 0 || array_[l].alua_fault || array_[l].transitioning) return false;
        f.lu = static_cast<int>(l);
        const tick anatt_timer = rc::ana_transition_timer::timeout_for(c_.anatt, mpio::tick_rate{c_.anatt_second});
        if (k == fault_kind::ana_change) {
            // Mostly within 2 x ANATT; one in four outlasts it (the host's ANATT timer resets the controller).
            const bool stuck = fault_rng_.chance(1, 4);
            f.duration = duration != 0 ? duration
                         : stuck       ? fault_rng_.range(anatt_timer + anatt_timer / 5, 3 * anatt_timer)
                                       : fault_rng_.range(anatt_timer / 4, anatt_timer - anatt_timer / 5);
        } else if (k == fault_kind::ana_persistent_loss) {
            f.path = path >= 0 ? path % 2 : static_cast<int>(fault_rng_.below(2)); // the controller
            f.duration = duration != 0 ? duration : fault_rng_.range(u / 4, 2 * u);
        } else {
            f.duration = duration != 0 ? duration : fault_rng_.range(u / 10, u);
        }
        break;
    }
    case fault_kind::apd_short:
    case fault_kind::apd_long: {
        if (apd_active_ != 0 || path_faults_active_ != 0) return false;
        for (const array_lu& a : array_)
            if (a.transitioning || a.alua_fault) return false;
        const tick pdo = c_.pdo_remove_period;
        if (k == fault_kind::apd_short) {
            // short enough that the verification the links' return asks
            // for (request_verification) lands inside the remove period
            // (docs/simulator.md)
            const tick slack = c_.retry_interval + 2 * c_.poll_interval + u / 10;
            const tick hi = pdo > slack + u / 10 ? pdo - slack : u / 10;
            f.duration = duration != 0 ? duration : fault_rng_.range(u / 10, hi);
        } else {
            f.duration = duration != 0 ? duration : fault_rng_.range(pdo + u / 4, pdo + u);
        }
        break;
    }
    }
    const auto fi = static_cast<std::uint32_t>(faults_.size());
    faults_.push_back(f);
    ++r_.faults;
    ++r_.faults_by_kind[static_cast<int>(k)];
    schedule(now_, ev_fault_step, fi, 0);
    return true;
}

void simulation::fault_step(std::uint32_t fi, std::uint64_t step)
{
    fault& f = faults_[fi];
    trace(tr_fault, static_cast<std::uint32_t>(f.lu), static_cast<std::uint32_t>(f.path), fi,
          static_cast<std::uint32_t>(f.kind), static_cast<std::uint32_t>(step));
    if (csv_ != nullptr) csv_fault(f, step);
    const auto p = static_cast<std::uint32_t>(f.path);
    auto remove_path = [&](std::uint32_t path) {
        ports_[path].removed = true;
        ++r_.removals;
        for (std::uint32_t l = 0; l < c_.lus; ++l) {
            host_[l].life[path].remove(now_);
            sync(l);
        }
    };
    auto return_path = [&](std::uint32_t path) {
        if (!ports_[path].removed) return;
        ports_[path].removed = false;
        for (std::uint32_t l = 0; l < c_.lus; ++l) {
            const rc::verification_command cmd = host_[l].life[path].arrive(now_);
            if (cmd != rc::verification_command::none) {
                ++r_.verifications;
                send(new_command(cmd == rc::verification_command::test_unit_ready ? cmd_kind::tur : cmd_kind::rtpg, l,
                                 path));
            }
            sync(l);
        }
    };
    switch (f.kind) {
    case fault_kind::path_down:
        if (step == 0) {
            ++ports_[p].faults;
            ++path_faults_active_;
            set_link(p, link::down);
            if (f.removal) schedule(now_ + fault_unit() / 5, ev_fault_step, fi, 1);
            schedule(now_ + f.duration, ev_fault_step, fi, 2);
        } else if (step == 1) {
            if (ports_[p].state == link::down) remove_path(p);
        } else {
            set_link(p, link::up);
            return_path(p);
            --ports_[p].faults;
            --path_faults_active_;
            failback_watch(p);
        }
        break;
    case fault_kind::flapping:
        if (step == 0) {
            ++ports_[p].faults;
            ++path_faults_active_;
        }
        if (step < 2ull * f.cycles) {
            const bool down = step % 2 == 0;
            set_link(p, down ? link::down : link::up);
            schedule(now_ + (down ? f.down : f.up), ev_fault_step, fi, step + 1);
        } else {
            set_link(p, link::up);
            --ports_[p].faults;
            --path_faults_active_;
            failback_watch(p);
        }
        break;
    case fault_kind::hung_path:
        if (step == 0) {
            ++ports_[p].faults;
            ++path_faults_active_;
            set_link(p, link::hung);
            schedule(now_ + f.duration, ev_fault_step, fi, 1);
        } else {
            set_link(p, link::up);
            --ports_[p].faults;
            --path_faults_active_;
            failback_watch(p);
        }
        break;
    case fault_kind::controller_failover:
        // The array moves every LU of the controller to the other one:
        // 04/0A while it happens, new states and 2A/06 afterwards.
        for (const int l : f.lus) {
            array_lu& a = array_[static_cast<unsigned>(l)];
            if (a.transitioning || a.owner != f.path) continue;
            a.alua_fault = true;
            array_begin_transition(static_cast<std::uint32_t>(l), 1 - f.path);
        }
        break;
    case fault_kind::standby_only: {
        // Every group standby (e.g. after a controller reset): only an
        // explicit STPG from the host brings an active group back.
        array_lu& a = array_[static_cast<unsigned>(f.lu)];
        a.state[0] = a.state[1] = aas::standby;
        a.states_since = now_;
        a.alua_fault = true;
        raise_ua(static_cast<std::uint32_t>(f.lu), 0x2A06);
        break;
    }
    case fault_kind::ua_storm: {
        array_lu& a = array_[static_cast<unsigned>(f.lu)];
        if (step == 0) ++a.storms;
        if (step < f.cycles) {
            static constexpr std::uint16_t codes[] = {0x2900, 0x2903, 0x2A06};
            const std::uint16_t code = a.type == 2 ? static_cast<std::uint16_t>(0x2900 + (step % 4)) : codes[step % 3];
            raise_ua(static_cast<std::uint32_t>(f.lu), code);
            schedule(now_ + f.up, ev_fault_step, fi, step + 1);
        } else {
            --a.storms;
        }
        break;
    }
    case fault_kind::ana_change:
    case fault_kind::ana_persistent_loss:
    case fault_kind::ana_group_move: {
        using mpio::nvme::ana_state;
        const auto l = static_cast<std::uint32_t>(f.lu);
        array_lu& a = array_[l];
        if (step == 0) {
            a.alua_fault = true;
            a.ana_fault = static_cast<int>(fi);
            a.ana[a.owner] = ana_state::optimized;
            a.ana[1 - a.owner] = ana_state::non_optimized;
            if (f.kind == fault_kind::ana_change) { // optimized -> change (both controllers)
                f.path = a.owner;
                set_ana(l, 0, ana_state::change);
                set_ana(l, 1, ana_state::change);
            } else if (f.kind == fault_kind::ana_persistent_loss) {
                f.cycles = static_cast<std::uint32_t>(a.ana[f.path]); // the state it comes back to
                set_ana(l, f.path, ana_state::persistent_loss);
                raise_ua(l, 0x2A06);
            } else { // the optimized group moves: the old controller inaccessible, the other optimized
                f.path = a.owner;
                a.owner = 1 - a.owner;
                set_ana(l, a.owner, ana_state::optimized);
                set_ana(l, f.path, ana_state::inaccessible);
                raise_ua(l, 0x2A06);
            }
            schedule(now_ + f.duration, ev_fault_step, fi, 1);
            break;
        }
        if (a.ana_fault != static_cast<int>(fi)) break; // an STPG took the groups over meanwhile
        if (f.kind == fault_kind::ana_change) { // change -> optimized on the other controller, non-optimized here
            a.owner = 1 - f.path;
            set_ana(l, a.owner, ana_state::optimized);
            set_ana(l, f.path, ana_state::non_optimized);
        } else if (f.kind == fault_kind::ana_persistent_loss) {
            set_ana(l, f.path, static_cast<ana_state>(f.cycles));
            a.loss_ended[f.path] = now_;
        } else {
            set_ana(l, f.path, ana_state::non_optimized);
        }
        raise_ua(l, 0x2A06);
        a.ana_fault = -1;
        a.alua_fault = false;
        break;
    }
    case fault_kind::apd_short:
    case fault_kind::apd_long:
        if (step == 0) {
            ++apd_active_;
            for (std::uint32_t i = 0; i < n_paths(); ++i) set_link(i, link::down);
            schedule(now_ + f.duration, ev_fault_step, fi, 1);
        } else {
            --apd_active_;
            for (std::uint32_t i = 0; i < n_paths(); ++i) set_link(i, link::up);
            failback_watch(0);
        }
        break;
    }
}

// ----------------------------------------------------------------- ANA

void simulation::set_ana(std::uint32_t lu, int ctrl, mpio::nvme::ana_state s)
{
    array_lu& a = array_[lu];
    a.ana[ctrl] = s;
    a.state[ctrl] = mpio::nvme::to_asymmetric_access_state(s);
    a.states_since = now_;
    schedule(now_ + 100, ev_ana_log, static_cast<std::uint32_t>(ctrl)); // the ANA change notice (AEN)
}

// nvme_ana_work() / nvme_read_ana_log(): the host reads the controller's ANA
// log page (one group per LU whose groups are optimized / non-optimized:
// ANAGRPID and NSID LU + 1), parses it with mpio::nvme and feeds the count
// of groups in change to the controller's ANATT timer. The notice is lost
// when no path to the controller is up (the read after the reset or the
// reconnection makes up for it).
void simulation::ana_log_read(int ctrl)
{
    bool reachable = false;
    for (std::uint32_t s = 0; s < n_paths(); ++s)
        reachable = reachable || (ctrl_of(s) == ctrl && ports_[s].state == link::up);
    if (!reachable) return;
    using mpio::nvme::ana_state;
    ana_page_.assign(16, 0);
    std::uint16_t groups = 0;
    auto le = [this](std::size_t at, std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i)
            ana_page_[at + static_cast<std::size_t>(i)] = static_cast<mpio::byte>(v >> (8 * i));
    };
    for (std::uint32_t l = 0; l < c_.lus; ++l) {
        const array_lu& a = array_[l];
        if (a.type != 0) continue;
        // Under an ANA fault its ANA state; otherwise what the ALUA state
        // says in ANA terms (the SCSI faults are not ANA's business).
        const ana_state st = a.ana_fault >= 0                         ? a.ana[ctrl]
                             : a.state[ctrl] == aas::active_optimized ? ana_state::optimized
                                                                      : ana_state::non_optimized;
        const std::size_t at = ana_page_.size();
        ana_page_.resize(at + 36, 0);
        le(at, l + 1, 4);                    // ANAGRPID
        le(at + 4, 1, 4);                    // NNSIDS
        le(at + 8, r_.ana_log_reads + 1, 8); // CHGCNT
        ana_page_[at + 16] = static_cast<mpio::byte>(st);
        le(at + 32, l + 1, 4); // NSID
        ++groups;
    }
    le(0, r_.ana_log_reads + 1, 8);
    le(8, groups, 2);
    ++r_.ana_log_reads;
    const auto log = mpio::nvme::parse_ana_log(mpio::byte_view(ana_page_.data(), ana_page_.size()),
                                               mpio::nvme::ana_log_options{c_.lus, false, false});
    if (!log || !anatt_[ctrl].on_ana_log(*log, now_)) {
        violation("the simulated ANA log page of controller " + std::to_string(ctrl) + " does not parse");
        return;
    }
    trace(tr_ana_log, 0, 0, 0, static_cast<std::uint32_t>(ctrl), rc::count_change_groups(*log));
}

// nvme_anatt_timeout() -> nvme_reset_ctrl(): the controller's paths go down
// for the reset (their commands fail with the connection), nvme_mpath_stop()
// stops the timer; when the controller is live again its paths come back
// (request_verification) and the ANA log is read again.
void simulation::controller_reset(int ctrl)
{
    ++r_.anatt_resets;
    trace(tr_reset, 0, 0, 0, static_cast<std::uint32_t>(ctrl), 0);
    anatt_[ctrl].stop();
    for (std::uint32_t s = 0; s < n_paths(); ++s) {
        if (ctrl_of(s) != ctrl || ports_[s].faults != 0 || ports_[s].state != link::up || in_reset_[s]) continue;
        in_reset_[s] = true;
        ++ports_[s].faults;
        ++path_faults_active_;
        set_link(s, link::down);
    }
    schedule(now_ + c_.controller_reset_time, ev_reset_end, static_cast<std::uint32_t>(ctrl));
}

void simulation::reset_end(int ctrl)
{
    trace(tr_reset, 0, 0, 0, static_cast<std::uint32_t>(ctrl), 1);
    for (std::uint32_t s = 0; s < n_paths(); ++s) {
        if (ctrl_of(s) != ctrl || !in_reset_[s]) continue;
        in_reset_[s] = false;
        set_link(s, link::up);
        --ports_[s].faults;
        --path_faults_active_;
    }
    ana_log_read(ctrl); // nvme_mpath_init_identify() -> nvme_read_ana_log()
}

// Invariant: failback happens within one verification period of the
// preferred path's return (path 0 is every LU's preferred path).
void simulation::failback_check(std::uint32_t path, std::uint64_t epoch)
{
    const port& p = ports_[path];
    if (p.epoch != epoch || p.state != link::up || apd_active_ != 0) return; // a new fault since
    if (c_.failback.mode == rc::failback_mode::manual) return;
    for (std::uint32_t lu = 0; lu < c_.lus; ++lu) {
        const array_lu& a = array_[lu];
        const rc::path_lifecycle& l = host_[lu].life[path];
        // A flaky hold (autostandby) is not a failure to fail back; the
        // lifecycle sees its end at its next poll (a host tick later).
        const bool held_flaky = now_ < l.flaky_state().flaky_until() + 2 * c_.poll_interval;
        // A group back from ANA persistent loss (its paths failed through
        // the offline state) is verified within the recovery interval of
        // that failure, which may end after this check: its return is
        // judged from the loss's end (invariant 2's settle time), not here.
        const tick loss_end = a.loss_ended[ctrl_of(path)];
        const tick settle = c_.path_recovery_interval + c_.io_timeout + c_.retry_interval + 2 * c_.poll_interval;
        const bool back_from_loss = loss_end != 0 && now_ < loss_end + settle;
        if (a.transitioning || !active(a.state[ctrl_of(path)]) || held_flaky || back_from_loss) continue;
        ++r_.failbacks_checked;
        if (l.state() != path_state::active) {
            violation("LU " + std::to_string(lu) + ": preferred path " + std::to_string(path) +
                      " not failed back within one verification period of its return (lifecycle " +
                      state_name(l.state()) + ")");
            return;
        }
    }
}

// One CSV row per fault step, with a label for the plot.
void simulation::csv_fault(const fault& f, std::uint64_t step)
{
    std::string label;
    const std::string p = "path " + std::to_string(f.path);
    switch (f.kind) {
    case fault_kind::path_down: label = p + (step == 0 ? " down" : step == 1 ? " removed" : " up"); break;
    case fault_kind::flapping:
        if (step == 0)
            label = p + " flapping";
        else if (step >= 2ull * f.cycles)
            label = p + " stable";
        break;
    case fault_kind::hung_path: label = p + (step == 0 ? " hung" : " answers again"); break;
    case fault_kind::controller_failover:
        label = std::string("controller ") + (f.path == 0 ? "A" : "B") + " -> " + (f.path == 0 ? "B" : "A") +
                " (04/0A then 2A/06)";
        break;
    case fault_kind::standby_only: label = "LU " + std::to_string(f.lu) + " standby only"; break;
    case fault_kind::ua_storm:
        if (step == 0) label = "LU " + std::to_string(f.lu) + " UA storm";
        break;
    case fault_kind::apd_short:
    case fault_kind::apd_long:
        label = std::string(step == 0 ? "all paths down (" : "all paths up (") + to_string(f.kind) + ")";
        break;
    case fault_kind::ana_change:
    case fault_kind::ana_persistent_loss:
    case fault_kind::ana_group_move:
        label = "LU " + std::to_string(f.lu) + " " + to_string(f.kind) + (step == 0 ? " begins" : " ends");
        break;
    }
    if (label.empty()) return;
    std::fprintf(csv_, "%llu.%03llu,%d,0,0,,,,%s\n", static_cast<unsigned long long>(now_ / us_per_ms),
                 static_cast<unsigned long long>(now_ % us_per_ms), f.path, label.c_str());
}

void simulation::csv_row()
{
    const auto ms = static_cast<unsigned long long>(now_ / us_per_ms);
    for (std::uint32_t s = 0; s < n_paths(); ++s) {
        port& p = ports_[s];
        const rc::path_lifecycle& l = host_[0].life[s];
        std::fprintf(csv_, "%llu,%u,%llu,%llu,%s,%s,%s,\n", ms, s, static_cast<unsigned long long>(p.bucket_ios),
                     static_cast<unsigned long long>(p.bucket_bytes), state_name(l.state()),
                     l.has_alua_state() ? mpio::scsi::to_string(l.alua_state()) : "-",
                     p.state == link::up     ? "up"
                     : p.state == link::down ? "down"
                                             : "hung");
        p.bucket_ios = 0;
        p.bucket_bytes = 0;
    }
}

// ======================================================================
// the loop

run_result simulation::run()
{
    r_.policy = c_.inject_sticky_selector_bug ? "test-sticky-bug" : c_.policy;
    ring_.resize(c_.trace_events);
    if (stopped_) return r_;
    for (std::uint32_t lu = 0; lu < c_.lus; ++lu) {
        for (std::uint32_t s = 0; s < n_paths(); ++s) {
            const rc::verification_command cmd = host_[lu].life[s].arrive(0);
            ++r_.verifications;
            send(new_command(cmd == rc::verification_command::test_unit_ready ? cmd_kind::tur : cmd_kind::rtpg, lu, s));
        }
        schedule(200 * us_per_ms + rng_.below(us_per_ms), ev_arrival, lu);
    }
    schedule(c_.poll_interval, ev_poll);
    if (csv_ != nullptr) schedule(c_.csv_bucket, ev_csv);
    for (std::uint32_t i = 0; i < c_.script.size(); ++i) schedule(c_.script[i].at, ev_fault_step, 0xFFFF0000u | i, 0);
    if (!c_.random_kinds.empty()) schedule(us_per_s, ev_fault_gen);

    tick drain_deadline = 0;
    while (!stopped_ && !q_.empty()) {
        const event e = q_.pop();
        now_ = e.at;
        ++r_.events;
        if (e.kind != ev_poll && e.kind != ev_csv) trace(tr_event, 0, 0, 0, e.kind, 0);
        switch (e.kind) {
        case ev_arrival: arrival(e.a); break;
        case ev_dispatch:
            if (reqs_[e.a].gen == e.b && reqs_[e.a].at == where::idle) dispatch(e.a);
            break;
        case ev_port_arrive:
            if (cmds_[e.a].gen == e.b) port_arrive(e.a);
            break;
        case ev_service_done:
            if (cmds_[e.a].gen == e.b) service_done(e.a);
            break;
        case ev_reply:
            if (cmds_[e.a].gen == e.b) host_reply(e.a);
            break;
        case ev_cmd_timeout:
            if (cmds_[e.a].gen == e.b && cmds_[e.a].live) {
                command& c = cmds_[e.a];
                if (c.in_service) { // abort: the array drops it and frees the server
                    c.in_service = false;
                    port& p = ports_[c.path];
                    if (p.busy > 0) --p.busy;
                    start_service(c.path);
                }
                if (c.kind == cmd_kind::stpg) {
                    auto& w = array_[c.lu].stpg_waiting;
                    for (std::size_t k = 0; k < w.size(); ++k)
                        if (w[k] == e.a) {
                            w.erase(w.begin() + static_cast<std::ptrdiff_t>(k));
                            break;
                        }
                }
                c.cond = rc::error_condition::transport_error(rc::transport_outcome::timeout);
                host_reply(e.a);
            }
            break;
        case ev_poll:
            poll();
            schedule(now_ + c_.poll_interval, ev_poll);
            break;
        case ev_fault_gen: fault_gen(); break;
        case ev_fault_step:
            if ((e.a & 0xFFFF0000u) == 0xFFFF0000u) {
                const scripted_fault& sf = c_.script[e.a & 0xFFFFu];
                if (!place_fault(sf.kind, sf.path, sf.lu, sf.duration))
                    violation(std::string("scripted fault ") + to_string(sf.kind) + " could not be placed");
            } else {
                fault_step(e.a, e.b);
            }
            break;
        case ev_array_transition_end:
            if (array_[e.a].transition_gen == e.b && array_[e.a].transitioning) array_transition_end(e.a);
            break;
        case ev_failback_check:
            --failback_checks_pending_;
            failback_check(e.a, e.b);
            break;
        case ev_csv:
            csv_row();
            schedule(now_ + c_.csv_bucket, ev_csv);
            break;
        case ev_ana_log: ana_log_read(static_cast<int>(e.a)); break;
        case ev_reset_end: reset_end(static_cast<int>(e.a)); break;
        default: break;
        }
        if (submitting_ && c_.duration != 0 && now_ >= c_.duration && r_.faults >= c_.min_faults) submitting_ = false;
        if (!submitting_) {
            if (drain_deadline == 0) {
                const std::uint64_t script_end =
                    c_.script.empty() ? 0 : c_.script.back().at + c_.script.back().duration;
                drain_deadline = (script_end > now_ ? script_end : now_) + 10 * c_.pdo_remove_period +
                                 10 * c_.path_verification_period;
            }
            bool script_pending = false;
            for (const scripted_fault& sf : c_.script) script_pending = script_pending || sf.at > now_;
            if (live_requests_ == 0 && apd_active_ == 0 && path_faults_active_ == 0 && failback_checks_pending_ == 0 &&
                !script_pending)
                break;
            if (now_ > drain_deadline) {
                violation(std::to_string(live_requests_) + " requests never completed");
                break;
            }
        }
    }
    r_.trace_hash = hash_;
    r_.sim_time = now_;
    if (c_.print_trace && !ring_.empty()) {
        const std::uint64_t n = ring_next_ < ring_.size() ? ring_next_ : ring_.size();
        for (std::uint64_t i = ring_next_ - n; i < ring_next_; ++i) r_.trace += format(ring_[i % ring_.size()]) + "\n";
    }
    r_.lat_p50_us = req_latency_.quantile(500);
    r_.lat_p99_us = req_latency_.quantile(990);
    r_.lat_p999_us = req_latency_.quantile(999);
    r_.lat_max_us = req_latency_.max();
    for (const port& p : ports_) {
        path_stats s;
        s.ios = p.ios;
        s.bytes = p.bytes;
        s.errors = p.errors;
        s.p50_us = p.latency.quantile(500);
        s.p90_us = p.latency.quantile(900);
        s.p99_us = p.latency.quantile(990);
        s.p999_us = p.latency.quantile(999);
        s.max_us = p.latency.max();
        r_.paths.push_back(s);
    }
    return r_;
}

} // namespace

run_result run(const config& c)
{
    auto s = std::make_unique<simulation>(c);
    return s->run();
}

} // namespace mpio_sim
