// SPDX-License-Identifier: MIT
// run.cpp - `mpio-iscsi run` and `mpio-iscsi probe` (run.hpp).
//
// The shape of the program, one thread:
//
//   event loop (session_set::turn: epoll(7) over every session, libiscsi service)
//     ├─ command finished ─► device.on_completion(tag, outcome, data_in, now)
//     │                         └─ transport.request_done(cookie) ─► done queue
//     ├─ session logged in again ─► device.path_back(slot, now)
//     ├─ every 10 ms ─► device.poll(now)
//     ├─ done queue ─► verify the data, record the write, next I/O ─► device.submit()
//     │                                                            └─ transport.send() ─► libiscsi task
//     └─ scripted faults, live line, CSV buckets
//
// The transport never completes anything inside send(): the libiscsi
// callbacks queue the completion, and the loop hands it to the engine.
#include "run.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <mpio/engine/command.hpp>
#include <mpio/engine/device.hpp>
#include <mpio/engine/path_config.hpp>
#include <mpio/engine/path_statistics.hpp>
#include <mpio/policy/any_selector.hpp>
#include <mpio/policy/policy_catalog.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/topology/alua_mode.hpp>

#include "command_topology.hpp"
#include "discovery.hpp"
#include "session.hpp"
#include "topology_input.hpp"
#include "topology_model.hpp"

namespace mpio_iscsi {

namespace engine = mpio::engine;
namespace policy = mpio::policy;
namespace topo = mpio::topology;
using json = nlohmann::json;

// ------------------------------------------------------------------ options

bool parse_duration_us(const std::string& text, std::uint64_t& out)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || v < 0) return false;
    const std::string unit(end);
    double scale = 1e6;
    if (unit == "s" || unit.empty())
        scale = 1e6;
    else if (unit == "ms")
        scale = 1e3;
    else if (unit == "us")
        scale = 1;
    else if (unit == "m" || unit == "min")
        scale = 60e6;
    else
        return false;
    out = static_cast<std::uint64_t>(v * scale + 0.5);
    return true;
}

bool parse_fault(const std::string& text, fault& out, std::string& error)
{
    const auto colon = text.find(':');
    if (colon == std::string::npos) {
        error = "--fault " + text + ": expected AT:KIND[=ARG]";
        return false;
    }
    if (!parse_duration_us(text.substr(0, colon), out.at_us)) {
        error = "--fault " + text + ": bad time";
        return false;
    }
    const std::string rest = text.substr(colon + 1);
    const auto eq = rest.find('=');
    out.kind = rest.substr(0, eq);
    out.arg = eq == std::string::npos ? std::string() : rest.substr(eq + 1);
    out.text = text;
    static const char* kinds[] = {"drop-path", "restore-path", "stpg", "stpg-set", "policy", "exec", "mark"};
    for (const char* k : kinds)
        if (out.kind == k) return true;
    error = "--fault " + text + ": unknown kind " + out.kind +
            " (drop-path=N, restore-path=N, stpg=G, stpg-set=G:STATE,..., policy=NAME, exec=CMD, mark=LABEL)";
    return false;
}

namespace {

// ------------------------------------------------------------------ data pattern
// Every logical block written carries: a magic, its own LBA, the write
// generation, the run id; then a pattern derived from all three.
constexpr std::uint64_t block_magic = 0x4D50494F424C4B31ull; // "MPIOBLK1"

std::uint64_t mix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

void put64(std::uint8_t* p, std::uint64_t v) { std::memcpy(p, &v, 8); } // the tool's own format: host order
std::uint64_t get64(const std::uint8_t* p)
{
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

void fill_block(std::uint8_t* b, std::uint32_t size, std::uint64_t lba, std::uint64_t gen, std::uint64_t run)
{
    put64(b, block_magic);
    put64(b + 8, lba);
    put64(b + 16, gen);
    put64(b + 24, run);
    std::uint64_t x = mix(lba ^ (gen << 24) ^ run);
    for (std::uint32_t o = 32; o + 8 <= size; o += 8) {
        x = mix(x);
        put64(b + o, x);
    }
}

// "" when the block is what generation `gen` of `lba` wrote, else what differs.
std::string check_block(const std::uint8_t* b, std::uint32_t size, std::uint64_t lba, std::uint64_t gen,
                        std::uint64_t run)
{
    char buf[160];
    if (get64(b) != block_magic) {
        std::snprintf(buf, sizeof buf, "no block header (magic %016" PRIx64 ")", get64(b));
        return buf;
    }
    if (get64(b + 8) != lba) {
        std::snprintf(buf, sizeof buf, "carries LBA %" PRIu64 " (misdirected)", get64(b + 8));
        return buf;
    }
    if (get64(b + 16) != gen || get64(b + 24) != run) {
        std::snprintf(buf, sizeof buf, "generation %" PRIu64 " (run %" PRIu64 "), expected %" PRIu64, get64(b + 16),
                      get64(b + 24), gen);
        return buf;
    }
    std::uint64_t x = mix(lba ^ (gen << 24) ^ run);
    for (std::uint32_t o = 32; o + 8 <= size; o += 8) {
        x = mix(x);
        if (get64(b + o) != x) {
            std::snprintf(buf, sizeof buf, "pattern differs at byte %u", o);
            return buf;
        }
    }
    return {};
}

const char* alua_text(mpio::scsi::asymmetric_access_state s) { return mpio::scsi::to_string(s); }

// ------------------------------------------------------------------ the runner

class runner;

struct iscsi_transport {
    runner* r = nullptr;
    bool send(const engine::command& c) noexcept;
    void request_done(std::uint64_t cookie, const engine::request_result& res) noexcept;
};

using device_type = engine::device<policy::any_selector<8>, iscsi_transport, 256>;

enum class phase : std::uint8_t { prefill, measure, drain, final_verify, done };

struct io_slot {
    std::vector<std::uint8_t> buf;
    bool busy = false;
    bool is_write = false;
    bool in_phase_measure = false;
    std::size_t chunk = 0;
    std::uint64_t gen = 0;
    std::uint64_t not_before = 0;
    std::uint64_t submitted = 0;
};

struct chunk_state {
    std::uint64_t gen = 0; // last completed write; 0: unknown content
    bool locked = false;   // an I/O on it is in flight
    int doubt_path = -1;   // a write to it was lost on this path: it may still land there
    std::uint32_t doubt_login = 0;
};

struct done_item {
    std::uint64_t cookie;
    engine::request_result res;
    std::uint64_t at;
};

struct fault_mark {
    std::uint64_t at_us;
    std::string text;
    std::string kind;
};

class runner {
public:
    explicit runner(const run_options& o)
        : o_(o), sessions_(session_options{"iqn.2026-12.org.mpio:mpio-iscsi", o.timeout_us, o.login_timeout_us,
                                           o.relogin_delay_us})
    {
        transport_.r = this;
    }

    int main();

    // transport
    bool send(const engine::command& c) noexcept;
    void request_done(std::uint64_t cookie, const engine::request_result& res) noexcept
    {
        // inside on_completion(): the completion's own time, no second clock read
        done_.push_back({cookie, res, completion_now_ != 0 ? completion_now_ : now_us()});
    }

private:
    static void on_io_done(void* ctx, std::uint64_t user, completion& c);
    static void on_direct_done(void* ctx, std::uint64_t user, completion& c);
    static void on_session(void* ctx, std::size_t path, bool up);

    bool setup();
    bool start_io(std::size_t s, std::uint64_t now);
    void finish_io(std::size_t s, bool ok, std::uint64_t now, int path);
    void run_faults(std::uint64_t now);
    void spawn(const std::string& cmd);
    void stpg_set(const std::string& arg, std::uint64_t now);
    static void on_stpg_set_done(void* ctx, std::uint64_t user, completion& c);
    std::vector<std::uint8_t> stpg_parameters_;
    void live_line(std::uint64_t now);
    void csv_bucket(std::uint64_t now);
    std::uint64_t t_rel(std::uint64_t now) const { return now >= t0_ ? now - t0_ : 0; }
    // A path works: its session is logged in and the engine has it in
    // service (verified; not failed, pending verification or removed).
    bool all_paths_back(std::uint64_t now) const
    {
        if (!device_) return true;
        for (std::size_t p = 0; p < sessions_.size(); ++p)
            if (!sessions_.admin_down(p) &&
                (sessions_.state(p) != session_state::up ||
                 device_->state(slot_of_path_[p]) != topo::path_state::active ||
                 device_->eligibility(slot_of_path_[p], now) == mpio::recovery::eligibility::none))
                return false;
        return true;
    }
    bool path_in_service(std::uint64_t now) const
    {
        if (!device_) return sessions_.any_up();
        for (std::size_t p = 0; p < sessions_.size(); ++p)
            if (sessions_.state(p) == session_state::up &&
                device_->eligibility(slot_of_path_[p], now) != mpio::recovery::eligibility::none &&
                device_->state(slot_of_path_[p]) == topo::path_state::active)
                return true;
        return false;
    }
    void report();
    std::uint64_t engine_ns() const { return engine_ns_; }
    // The engine's own time, measured around every call into it (--engine-cpu):
    // CLOCK_MONOTONIC (vDSO, tens of ns; the thread CPU clock is a system call
    // costing microseconds here); one thread that never blocks inside the
    // engine, so it is CPU time unless the thread is preempted.
    struct timed {
        runner& r;
        timespec a{};
        explicit timed(runner& x) : r(x)
        {
            if (!r.o_.engine_cpu) return;
            ++r.engine_calls_;
            clock_gettime(CLOCK_MONOTONIC, &a);
        }
        ~timed()
        {
            if (!r.o_.engine_cpu) return;
            timespec b{};
            clock_gettime(CLOCK_MONOTONIC, &b);
            r.engine_ns_ +=
                static_cast<std::uint64_t>((b.tv_sec - a.tv_sec) * 1'000'000'000LL + (b.tv_nsec - a.tv_nsec));
        }
    };

    run_options o_;
    session_set sessions_;
    iscsi_transport transport_;
    std::unique_ptr<device_type> device_;
    std::vector<engine::slot_index> slot_of_path_;
    std::vector<int> path_of_slot_;
    std::vector<io_slot> slots_;
    std::vector<chunk_state> chunks_;
    std::vector<done_item> done_;
    std::vector<done_item> done_taken_;
    std::uint64_t completion_now_ = 0;                        // the time of the completion being handed to the engine
    bool random_ = false, randrw_ = false, seqwrite_ = false; // the workload, decided once
    std::vector<std::uint64_t> up_since_;
    std::uint32_t block_size_ = 512;
    std::uint32_t blocks_per_io_ = 8;
    std::size_t chunk_count_ = 0;
    std::uint64_t gen_ = 0;
    std::uint64_t run_id_ = 0;
    std::uint64_t rng_ = 1;
    std::size_t seq_cursor_ = 0;
    phase phase_ = phase::prefill;
    std::uint64_t t0_ = 0;
    std::uint64_t phase_end_ = 0;
    std::size_t next_fault_ = 0;
    std::vector<fault_mark> marks_;
    std::vector<pid_t> children_;
    std::string alua_mode_text_ = "none";
    topo::alua_mode alua_mode_ = topo::alua_mode::none;
    std::string identity_;
    std::uint64_t engine_ns_ = 0;    // CPU time inside engine calls (submit, on_completion, poll, path_back)
    std::uint64_t transport_ns_ = 0; // ... of which in transport.send() (libiscsi's task set-up and queueing)
    std::uint64_t engine_calls_ = 0;
    std::uint64_t clock_pair_ns_ = 0; // what one pair of clock reads costs (subtracted)
    std::uint64_t cpu_ns_per_io_ = 0;
    std::uint64_t engine_ns_per_io_ = 0;

    // counters (measured phase unless said otherwise)
    std::uint64_t ios_ = 0, reads_ = 0, writes_ = 0, bytes_ = 0;
    std::uint64_t verified_reads_ = 0, unchecked_reads_ = 0, mismatches_ = 0;
    std::uint64_t errors_surfaced_ = 0, errors_while_path_up_ = 0;
    std::uint64_t submitted_ = 0, completed_ = 0, duplicates_ = 0;
    std::uint64_t retried_requests_ = 0, request_failovers_ = 0;
    std::uint64_t doubt_marks_ = 0;
    std::uint64_t prefill_ios_ = 0, final_checked_ = 0, final_mismatches_ = 0;
    std::vector<std::uint64_t> completion_times_; // successful completions, measured phase
    std::vector<std::string> mismatch_lines_;

    // per second and CSV buckets
    std::uint64_t next_live_ = 0, next_csv_ = 0;
    std::vector<engine::path_statistics_snapshot> last_live_, last_csv_;
    std::vector<std::vector<std::uint64_t>> per_second_; // path -> ios per second
    std::FILE* csv_ = nullptr;
    std::uint64_t last_live_ios_ = 0, last_live_bytes_ = 0;

    // direct mode (bench): no engine
    std::vector<std::uint64_t> direct_lat_;
    std::uint64_t direct_ios_ = 0;
};

bool iscsi_transport::send(const engine::command& c) noexcept { return r->send(c); }
void iscsi_transport::request_done(std::uint64_t cookie, const engine::request_result& res) noexcept
{
    r->request_done(cookie, res);
}

constexpr std::uint64_t io_bit = 1ull << 63;

bool runner::send(const engine::command& c) noexcept
{
    const auto p = static_cast<std::size_t>(c.path);
    if (p >= sessions_.size()) return false;
    raw_command rc;
    std::uint64_t user = c.tag;
    if (c.kind == engine::command_kind::io) {
        io_slot& s = slots_[c.cookie];
        if (c.io.direction == policy::io_direction::write)
            rc = write16(c.io.lba, c.io.blocks, s.buf.data(), c.io.bytes);
        else
            rc = read16(c.io.lba, c.io.blocks, s.buf.data(), c.io.bytes);
        user |= io_bit | (c.cookie << 32);
    } else {
        std::memcpy(rc.cdb, c.cdb, sizeof rc.cdb);
        rc.cdb_length = c.cdb_length;
        rc.data_in_length = c.data_in_length;
        if (!c.data_out.empty()) {
            rc.data_out = reinterpret_cast<const std::uint8_t*>(c.data_out.data());
            rc.data_out_length = static_cast<std::uint32_t>(c.data_out.size());
        }
    }
    if (!o_.engine_cpu) return sessions_.submit(p, rc, &runner::on_io_done, this, user);
    // libiscsi's own work inside an engine call: not the engine's cost
    timespec a{}, b{};
    clock_gettime(CLOCK_MONOTONIC, &a);
    const bool ok = sessions_.submit(p, rc, &runner::on_io_done, this, user);
    clock_gettime(CLOCK_MONOTONIC, &b);
    transport_ns_ += static_cast<std::uint64_t>((b.tv_sec - a.tv_sec) * 1'000'000'000LL + (b.tv_nsec - a.tv_nsec));
    return ok;
}

void runner::on_io_done(void* ctx, std::uint64_t user, completion& c)
{
    auto& self = *static_cast<runner*>(ctx);
    const std::uint64_t now = now_us();
    const auto tag = static_cast<std::uint32_t>(user & 0xFFFF'FFFFu);
    if ((user & io_bit) != 0) {
        const std::size_t s = static_cast<std::size_t>((user & ~io_bit) >> 32);
        io_slot& slot = self.slots_[s];
        // A write lost with its session may still be executed by that target
        // later (a hung daemon resumed): no newer write to the block until
        // the path has come back and settled (the stale copy carries the
        // same generation, so it is harmless until then).
        if (!c.good() && slot.is_write && c.transport != mpio::recovery::transport_outcome::ok) {
            chunk_state& ch = self.chunks_[slot.chunk];
            ch.doubt_path = static_cast<int>(c.path);
            ch.doubt_login = self.sessions_.logins(c.path);
            ++self.doubt_marks_;
        }
        timed t(self);
        self.completion_now_ = now;
        static_cast<void>(self.device_->on_completion(tag, c.outcome(), {}, now));
        self.completion_now_ = 0;
        return;
    }
    const mpio::byte_view data(reinterpret_cast<const mpio::byte*>(c.data.data()), c.data.size());
    timed t(self);
    static_cast<void>(self.device_->on_completion(tag, c.outcome(), data, now));
}

void runner::on_session(void* ctx, std::size_t path, bool up)
{
    auto& self = *static_cast<runner*>(ctx);
    const std::uint64_t now = now_us();
    if (!up) {
        self.marks_.push_back({now, "path " + std::to_string(path) + " session lost", "session-lost"});
        if (!self.o_.quiet)
            std::fprintf(stderr, "[%6.2fs] path %zu: session lost\n", static_cast<double>(self.t_rel(now)) / 1e6, path);
        return;
    }
    self.up_since_[path] = now;
    if (!self.device_) return; // the first login: discovery adds the path
    if (!self.o_.quiet)
        std::fprintf(stderr, "[%6.2fs] path %zu: logged in again\n", static_cast<double>(self.t_rel(now)) / 1e6, path);
    self.marks_.push_back({now, "path " + std::to_string(path) + " back", "session-back"});
    timed t(self);
    static_cast<void>(self.device_->path_back(self.slot_of_path_[path], now));
}

void runner::on_direct_done(void* ctx, std::uint64_t user, completion& c)
{
    auto& self = *static_cast<runner*>(ctx);
    const std::uint64_t now = now_us();
    self.direct_lat_.push_back(now - c.sent_us);
    engine::request_result res;
    res.ok = c.good();
    res.slot = 0;
    res.attempts = 1;
    self.done_.push_back({user, res, now});
}

bool runner::setup()
{
    for (const std::string& u : o_.urls) {
        std::string err;
        if (!sessions_.add(u, err)) {
            std::fprintf(stderr, "mpio-iscsi: %s\n", err.c_str());
            return false;
        }
    }
    up_since_.assign(sessions_.size(), 0);
    sessions_.set_handlers(this, &runner::on_session);
    const std::vector<path_answers> answers = discover(sessions_, o_.login_timeout_us);
    bool ok = true;
    for (std::size_t p = 0; p < answers.size(); ++p)
        if (!answers[p].error.empty()) {
            std::fprintf(stderr, "mpio-iscsi: path %zu (%s): %s\n", p, o_.urls[p].c_str(), answers[p].error.c_str());
            ok = false;
        }
    if (!ok) return false;

    // One logical unit: the library's discovery must put every path in one device.
    const std::string dir = make_temp_dir();
    std::string err;
    if (dir.empty() || !write_dumps(dir, answers, err)) {
        std::fprintf(stderr, "mpio-iscsi: cannot save the discovery answers: %s\n", err.c_str());
        return false;
    }
    const mpio_inspect::dump_set set = mpio_inspect::read_dump_directory(dir);
    mpio_inspect::topology_options topt;
    const mpio_inspect::topology_view view = mpio_inspect::build_topology(set, topt);
    remove_tree(dir);
    if (view.devices.size() != 1 || view.devices[0].paths.size() != o_.urls.size()) {
        std::fprintf(stderr, "mpio-iscsi: run: the URLs are not the paths of one logical unit (%zu devices",
                     view.devices.size());
        for (const auto& d : view.devices)
            std::fprintf(stderr, "; %s with %zu paths", d.identity.c_str(), d.paths.size());
        std::fprintf(stderr, "); `mpio-iscsi probe` shows the topology\n");
        return false;
    }
    const mpio_inspect::device_view& dev = view.devices[0];
    identity_ = dev.identity;
    alua_mode_text_ = o_.alua.empty() ? dev.alua.mode : o_.alua;
    if (alua_mode_text_ == "implicit")
        alua_mode_ = topo::alua_mode::implicit;
    else if (alua_mode_text_ == "explicit")
        alua_mode_ = topo::alua_mode::explicit_;
    else if (alua_mode_text_ == "both")
        alua_mode_ = topo::alua_mode::both;
    else
        alua_mode_ = topo::alua_mode::none;

    block_size_ = answers[0].block_size;
    if (block_size_ == 0 || o_.io_size % block_size_ != 0 || block_size_ < 64) {
        std::fprintf(stderr, "mpio-iscsi: block size %u does not divide the I/O size %u\n", block_size_, o_.io_size);
        return false;
    }
    blocks_per_io_ = o_.io_size / block_size_;
    const std::uint64_t lu_bytes = answers[0].blocks * block_size_;
    chunk_count_ = static_cast<std::size_t>(std::min(o_.region_bytes, lu_bytes) / o_.io_size);
    if (chunk_count_ < o_.qd * 4u) {
        std::fprintf(stderr, "mpio-iscsi: the region is too small for queue depth %u\n", o_.qd);
        return false;
    }
    chunks_.assign(chunk_count_, {});

    if (o_.direct) return true;
    engine::engine_config cfg = engine::engine_config::microsoft_defaults(mpio::tick_rate{1'000'000}, alua_mode_);
    cfg.timers.pdo_remove_period = o_.no_path_us;
    cfg.timers.retry_interval = o_.retry_interval_us;
    cfg.no_path = mpio::recovery::no_path_retry::for_remove_period(o_.no_path_us);
    if (o_.checker == "tur")
        cfg.checker = engine::path_checker::test_unit_ready;
    else if (o_.checker == "readsector0")
        cfg.checker = engine::path_checker::read_block_zero;
    if (o_.failback == "manual")
        cfg.failback = mpio::recovery::failback_policy::manual();
    else if (o_.failback == "followover")
        cfg.failback = mpio::recovery::failback_policy::followover();
    device_ = std::make_unique<device_type>(transport_, cfg);
    bool numeric = !o_.policy.empty() &&
                   std::all_of(o_.policy.begin(), o_.policy.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    const mpio::status ps = numeric ? device_->set_policy(static_cast<policy::policy_id>(std::stoi(o_.policy)))
                                    : device_->set_policy(o_.policy.c_str());
    if (!ps) {
        std::fprintf(stderr, "mpio-iscsi: unknown policy %s\n", o_.policy.c_str());
        return false;
    }
    slot_of_path_.assign(sessions_.size(), engine::no_slot);
    path_of_slot_.assign(device_type::capacity, -1);
    const std::uint64_t now = now_us();
    for (const mpio_inspect::path_view* pv : dev.paths) {
        const std::size_t p = static_cast<std::size_t>(std::stoul(pv->dump->name.substr(1)));
        engine::path_config pc;
        pc.handle = p;
        pc.verified = true; // logged in and answered discovery
        pc.has_target_port_group = pv->has_tpg;
        pc.target_port_group = pv->tpg;
        pc.has_alua_state = pv->has_alua;
        pc.alua_state = pv->alua_state;
        pc.alua_pref = pv->pref;
        pc.preferred_path = p == 0; // FOO / FIXED: the first URL is the administrator's preferred path
        const mpio::result<engine::slot_index> s = device_->add_path(pc, now);
        if (!s) {
            std::fprintf(stderr, "mpio-iscsi: cannot add path %zu: %s\n", p, mpio::errc_name(s.error()));
            return false;
        }
        slot_of_path_[p] = *s;
        path_of_slot_[*s] = static_cast<int>(p);
    }
    return true;
}

bool runner::start_io(std::size_t s, std::uint64_t now)
{
    io_slot& slot = slots_[s];
    bool write = false;
    std::size_t chunk = chunk_count_;
    const bool random = random_;
    auto usable = [&](std::size_t c, bool w) {
        chunk_state& ch = chunks_[c];
        if (ch.locked) return false;
        if (w && ch.doubt_path >= 0) {
            const auto dp = static_cast<std::size_t>(ch.doubt_path);
            if (sessions_.logins(dp) > ch.doubt_login && sessions_.state(dp) == session_state::up &&
                now >= up_since_[dp] + o_.doubt_grace_us)
                ch.doubt_path = -1;
            else
                return false;
        }
        return true;
    };
    if (phase_ == phase::prefill || phase_ == phase::final_verify) {
        write = phase_ == phase::prefill;
        while (seq_cursor_ < chunk_count_ && (chunks_[seq_cursor_].locked || (!write && chunks_[seq_cursor_].gen == 0)))
            ++seq_cursor_;
        if (seq_cursor_ >= chunk_count_) return false;
        chunk = seq_cursor_++;
        if (!usable(chunk, write)) return false;
    } else {
        if (randrw_) {
            rng_ = mix(rng_);
            write = (rng_ & 1) != 0;
        } else {
            write = seqwrite_;
        }
        for (int tries = 0; tries < 32 && chunk == chunk_count_; ++tries) {
            std::size_t c;
            if (random) {
                rng_ = mix(rng_);
                c = static_cast<std::size_t>(rng_ % chunk_count_);
            } else {
                c = seq_cursor_;
                seq_cursor_ = (seq_cursor_ + 1) % chunk_count_;
            }
            if (usable(c, write)) chunk = c;
        }
        if (chunk == chunk_count_) return false;
    }
    chunk_state& ch = chunks_[chunk];
    ch.locked = true;
    slot.busy = true;
    slot.is_write = write;
    slot.chunk = chunk;
    slot.in_phase_measure = phase_ == phase::measure;
    slot.submitted = now;
    const std::uint64_t lba = static_cast<std::uint64_t>(chunk) * blocks_per_io_;
    if (write) {
        slot.gen = ++gen_;
        for (std::uint32_t b = 0; b < blocks_per_io_; ++b)
            fill_block(slot.buf.data() + std::size_t{b} * block_size_, block_size_, lba + b, slot.gen, run_id_);
    }
    ++submitted_;
    if (o_.direct) {
        const raw_command rc = write ? write16(lba, blocks_per_io_, slot.buf.data(), o_.io_size)
                                     : read16(lba, blocks_per_io_, slot.buf.data(), o_.io_size);
        if (!sessions_.submit(0, rc, &runner::on_direct_done, this, s)) {
            engine::request_result res;
            done_.push_back({s, res, now});
        }
        return true;
    }
    policy::io_request io;
    io.direction = write ? policy::io_direction::write : policy::io_direction::read;
    io.lba = lba;
    io.blocks = blocks_per_io_;
    io.bytes = o_.io_size;
    io.now = now;
    timed t(*this);
    const mpio::status st = device_->submit(io, s, now);
    if (!st) { // request table full: cannot happen with qd <= 256
        --submitted_;
        ch.locked = false;
        slot.busy = false;
        return false;
    }
    return true;
}

void runner::finish_io(std::size_t s, bool ok, std::uint64_t now, int path)
{
    io_slot& slot = slots_[s];
    chunk_state& ch = chunks_[slot.chunk];
    const bool measure = slot.in_phase_measure;
    const std::uint64_t lba = static_cast<std::uint64_t>(slot.chunk) * blocks_per_io_;
    if (!ok) {
        if (slot.is_write) ch.gen = 0;  // it may or may not have been written: unknown from now on
        slot.not_before = now + 50'000; // no busy loop while nothing can carry I/O
    } else if (slot.is_write) {
        ch.gen = slot.gen;
    } else if (o_.verify) {
        if (ch.gen == 0) {
            ++unchecked_reads_;
        } else {
            bool bad = false;
            for (std::uint32_t b = 0; b < blocks_per_io_ && !bad; ++b) {
                const std::string why =
                    check_block(slot.buf.data() + std::size_t{b} * block_size_, block_size_, lba + b, ch.gen, run_id_);
                if (why.empty()) continue;
                bad = true;
                if (phase_ == phase::final_verify)
                    ++final_mismatches_;
                else
                    ++mismatches_;
                if (mismatch_lines_.size() < 20) {
                    char buf[256];
                    std::snprintf(buf, sizeof buf, "LBA %" PRIu64 " read on path %d at %.3fs: %s", lba + b, path,
                                  static_cast<double>(t_rel(now)) / 1e6, why.c_str());
                    mismatch_lines_.emplace_back(buf);
                    std::fprintf(stderr, "mpio-iscsi: DATA MISMATCH %s\n", buf);
                }
            }
            if (phase_ == phase::final_verify)
                ++final_checked_;
            else
                ++verified_reads_;
        }
    }
    ch.locked = false;
    slot.busy = false;
    if (phase_ == phase::prefill && ok) ++prefill_ios_;
    if (measure && ok) {
        ++ios_;
        bytes_ += o_.io_size;
        if (slot.is_write)
            ++writes_;
        else
            ++reads_;
        completion_times_.push_back(now);
        if (o_.direct) {
            if (per_second_.empty()) per_second_.resize(1);
        }
    }
}

void runner::spawn(const std::string& cmd)
{
    // fork + exec rather than posix_spawn: the child must not inherit the
    // sessions' sockets (a daemon started by the command would keep a cut
    // connection open), and its output goes to stderr, not into the JSON.
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(2, 1);
        for (int fd = 3; fd < 1024; ++fd) close(fd);
        execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    if (pid > 0)
        children_.push_back(pid);
    else
        std::fprintf(stderr, "mpio-iscsi: cannot run %s\n", cmd.c_str());
}

void runner::run_faults(std::uint64_t now)
{
    while (next_fault_ < o_.faults.size() && t0_ + o_.faults[next_fault_].at_us <= now) {
        const fault& f = o_.faults[next_fault_++];
        marks_.push_back({now, f.text, f.kind});
        if (!o_.quiet)
            std::fprintf(stderr, "[%6.2fs] fault %s\n", static_cast<double>(t_rel(now)) / 1e6, f.text.c_str());
        if (f.kind == "drop-path" || f.kind == "restore-path") {
            const std::size_t p = std::strtoul(f.arg.c_str(), nullptr, 10);
            if (p >= sessions_.size()) continue;
            if (f.kind == "drop-path")
                sessions_.drop(p);
            else
                sessions_.restore(p);
        } else if (f.kind == "stpg") {
            if (!device_) continue;
            timed t(*this);
            const mpio::status st = device_->activate_group(static_cast<std::uint16_t>(std::stoul(f.arg)), now);
            if (!st) std::fprintf(stderr, "mpio-iscsi: stpg=%s: %s\n", f.arg.c_str(), mpio::errc_name(st.error()));
        } else if (f.kind == "stpg-set") {
            stpg_set(f.arg, now);
        } else if (f.kind == "policy") {
            if (!device_) continue;
            bool numeric = std::all_of(f.arg.begin(), f.arg.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
            const mpio::status st = numeric && !f.arg.empty()
                                        ? device_->set_policy(static_cast<policy::policy_id>(std::stoi(f.arg)))
                                        : device_->set_policy(f.arg.c_str());
            if (!st) std::fprintf(stderr, "mpio-iscsi: policy=%s: unknown\n", f.arg.c_str());
        } else if (f.kind == "exec") {
            spawn(f.arg);
        }
    }
    // reap the external fault commands
    for (auto it = children_.begin(); it != children_.end();) {
        int status = 0;
        if (waitpid(*it, &status, WNOHANG) == *it)
            it = children_.erase(it);
        else
            ++it;
    }
}

// The target's ALUA states set from the host behind the engine's back (a
// second host, an administrator, a multi-descriptor SET TARGET PORT GROUPS
// the engine's activate_group() does not build): G:STATE,... with STATE ao,
// an, sb, ua. When it completes, every path is verified again, so the engine
// re-reads REPORT TARGET PORT GROUPS and follows the transition.
void runner::stpg_set(const std::string& arg, std::uint64_t now)
{
    std::vector<std::uint8_t> par(4, 0);
    std::size_t pos = 0;
    while (pos < arg.size()) {
        const std::size_t comma = arg.find(',', pos);
        const std::string item = arg.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? arg.size() : comma + 1;
        const std::size_t colon = item.find(':');
        if (colon == std::string::npos) continue;
        const unsigned long g = std::strtoul(item.c_str(), nullptr, 10);
        const std::string st = item.substr(colon + 1);
        const std::uint8_t aas = st == "ao" ? 0 : st == "an" ? 1 : st == "sb" ? 2 : st == "ua" ? 3 : 0xF;
        if (aas == 0xF) continue;
        par.insert(par.end(), {aas, 0, static_cast<std::uint8_t>(g >> 8), static_cast<std::uint8_t>(g & 0xFF)});
    }
    stpg_parameters_ = par;
    raw_command rc;
    rc.cdb[0] = 0xA4; // MAINTENANCE OUT
    rc.cdb[1] = 0x0A; // SET TARGET PORT GROUPS, SPC-6 6.44
    const auto n = static_cast<std::uint32_t>(stpg_parameters_.size());
    rc.cdb[6] = static_cast<std::uint8_t>(n >> 24);
    rc.cdb[7] = static_cast<std::uint8_t>(n >> 16);
    rc.cdb[8] = static_cast<std::uint8_t>(n >> 8);
    rc.cdb[9] = static_cast<std::uint8_t>(n);
    rc.cdb_length = 12;
    rc.data_out = stpg_parameters_.data();
    rc.data_out_length = n;
    for (std::size_t p = 0; p < sessions_.size(); ++p)
        if (sessions_.submit(p, rc, &runner::on_stpg_set_done, this, p)) return;
    std::fprintf(stderr, "mpio-iscsi: stpg-set=%s: no session up (%.3fs)\n", arg.c_str(),
                 static_cast<double>(t_rel(now)) / 1e6);
}

void runner::on_stpg_set_done(void* ctx, std::uint64_t, completion& c)
{
    auto& self = *static_cast<runner*>(ctx);
    const std::uint64_t now = now_us();
    if (!c.good()) std::fprintf(stderr, "mpio-iscsi: stpg-set failed (%s)\n", mpio::recovery::to_string(c.transport));
    if (!self.device_) return;
    timed t(self);
    for (std::size_t p = 0; p < self.sessions_.size(); ++p)
        static_cast<void>(self.device_->path_back(self.slot_of_path_[p], now));
}

std::string path_state_text(const device_type& d, engine::slot_index s)
{
    return mpio::topology::to_string(d.state(s));
}

void runner::live_line(std::uint64_t now)
{
    const std::uint64_t ios = ios_ - last_live_ios_, bytes = bytes_ - last_live_bytes_;
    last_live_ios_ = ios_;
    last_live_bytes_ = bytes_;
    std::string line;
    char buf[256];
    std::snprintf(buf, sizeof buf, "[%6.2fs] %7" PRIu64 " IOPS %7.1f MB/s", static_cast<double>(t_rel(now)) / 1e6, ios,
                  static_cast<double>(bytes) / 1e6);
    line += buf;
    for (std::size_t p = 0; p < sessions_.size(); ++p) {
        std::uint64_t pios = 0;
        std::uint32_t p99 = 0;
        std::string st = to_string(sessions_.state(p));
        const char* alua = "-";
        if (device_) {
            const engine::slot_index s = slot_of_path_[p];
            const engine::path_statistics_snapshot cur = device_->statistics(s);
            engine::path_statistics_snapshot d = cur;
            const engine::path_statistics_snapshot& prev = last_live_[p];
            d.reads -= prev.reads;
            d.writes -= prev.writes;
            for (std::size_t i = 0; i < engine::latency_buckets::count; ++i) d.latency[i] -= prev.latency[i];
            last_live_[p] = cur;
            pios = d.ios();
            p99 = d.percentile(990);
            st = path_state_text(*device_, s) + "/" + st;
            if (alua_mode_ != topo::alua_mode::none) alua = alua_text(device_->alua_state(s));
        }
        if (per_second_.size() < sessions_.size()) per_second_.resize(sessions_.size());
        per_second_[p].push_back(pios);
        std::snprintf(buf, sizeof buf, " | p%zu %s%s%s %6" PRIu64 " io/s p99 %5u us", p, st.c_str(),
                      alua_mode_ != topo::alua_mode::none ? " " : "", alua_mode_ != topo::alua_mode::none ? alua : "",
                      pios, p99);
        line += buf;
    }
    if (!o_.quiet) std::fprintf(stderr, "%s\n", line.c_str());
}

void runner::csv_bucket(std::uint64_t now)
{
    if (csv_ == nullptr || !device_) return;
    const std::uint64_t ms = t_rel(now) / 1000;
    for (std::size_t p = 0; p < sessions_.size(); ++p) {
        const engine::slot_index s = slot_of_path_[p];
        const engine::path_statistics_snapshot cur = device_->statistics(s);
        const engine::path_statistics_snapshot& prev = last_csv_[p];
        const std::uint64_t ios = cur.ios() - prev.ios();
        const std::uint64_t bytes = (cur.bytes_read + cur.bytes_written) - (prev.bytes_read + prev.bytes_written);
        last_csv_[p] = cur;
        std::fprintf(csv_, "%" PRIu64 ",%zu,%" PRIu64 ",%" PRIu64 ",%s,%s,%s,\n", ms, p, ios, bytes,
                     path_state_text(*device_, s).c_str(),
                     alua_mode_ != topo::alua_mode::none ? alua_text(device_->alua_state(s)) : "-",
                     to_string(sessions_.state(p)));
    }
}

int runner::main()
{
    if (!setup()) return 2;
    random_ = o_.workload == "randrw" || o_.workload == "randread";
    randrw_ = o_.workload == "randrw";
    seqwrite_ = o_.workload == "seqwrite";
    run_id_ = mix(o_.seed ^ static_cast<std::uint64_t>(time(nullptr)));
    rng_ = mix(o_.seed);
    slots_.resize(o_.qd);
    for (io_slot& s : slots_) s.buf.assign(o_.io_size, 0);
    last_live_.assign(sessions_.size(), {});
    last_csv_.assign(sessions_.size(), {});
    if (!o_.csv.empty()) {
        csv_ = std::fopen(o_.csv.c_str(), "w");
        if (csv_ == nullptr) {
            std::fprintf(stderr, "mpio-iscsi: cannot write %s\n", o_.csv.c_str());
            return 2;
        }
        std::fputs("time_ms,path,ios,bytes,state,alua,link,event\n", csv_);
    }
    phase_ = o_.verify ? phase::prefill : phase::measure;
    std::uint64_t now = now_us();
    rusage ru0{};
    std::uint64_t engine_ns0 = 0, engine_calls0 = 0, engine_calls_measure = 0;
    if (o_.engine_cpu) { // the cost of the measurement itself: one clock pair per engine call, twice per send
        timespec a{}, b{}, c{};
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (int i = 0; i < 2000; ++i) clock_gettime(CLOCK_MONOTONIC, &c);
        clock_gettime(CLOCK_MONOTONIC, &b);
        clock_pair_ns_ =
            static_cast<std::uint64_t>((b.tv_sec - a.tv_sec) * 1'000'000'000LL + (b.tv_nsec - a.tv_nsec)) / 1000;
    }
    auto begin_measure = [&](std::uint64_t t) {
        getrusage(RUSAGE_SELF, &ru0); // CPU and engine time of the measured phase only
        engine_ns0 = engine_ns_ - transport_ns_;
        engine_calls0 = engine_calls_;
        phase_ = phase::measure;
        t0_ = t;
        phase_end_ = t + o_.duration_us;
        next_live_ = t + 1'000'000;
        next_csv_ = t + o_.csv_bucket_us;
        seq_cursor_ = 0;
        if (device_) device_->clear_statistics(); // the per-path figures cover the measured phase only
        last_live_.assign(sessions_.size(), {});
        last_csv_.assign(sessions_.size(), {});
    };
    if (phase_ == phase::measure) begin_measure(now);
    std::uint64_t last_poll = now;
    std::uint64_t drain_deadline = 0;
    std::uint64_t back_deadline = 0;
    rusage ru_measure_end{};
    std::uint64_t engine_ns_measure = 0;
    while (phase_ != phase::done) {
        now = now_us();
        if (phase_ == phase::measure || phase_ == phase::drain) run_faults(now);
        if (device_ && now - last_poll >= 10'000) {
            timed t(*this);
            device_->poll(now);
            last_poll = now;
        }
        // completions of the caller's requests (the taken buffer is kept: no allocation per turn)
        done_taken_.clear();
        done_taken_.swap(done_);
        for (const done_item& d : done_taken_) {
            const std::size_t s = static_cast<std::size_t>(d.cookie);
            if (s >= slots_.size() || !slots_[s].busy) {
                ++duplicates_;
                continue;
            }
            ++completed_;
            if (d.res.failovers != 0) {
                ++retried_requests_;
                request_failovers_ += d.res.failovers;
            }
            if (!d.res.ok) {
                if (slots_[s].in_phase_measure || phase_ != phase::prefill) {
                    ++errors_surfaced_;
                    if (path_in_service(d.at)) ++errors_while_path_up_;
                }
                if (!o_.quiet && errors_surfaced_ <= 5)
                    std::fprintf(stderr, "[%6.2fs] request failed up: %s (attempts %u)\n",
                                 static_cast<double>(t_rel(d.at)) / 1e6, mpio::recovery::to_string(d.res.reason),
                                 d.res.attempts);
            }
            const int path = d.res.slot != engine::no_slot && !path_of_slot_.empty() ? path_of_slot_[d.res.slot] : 0;
            finish_io(s, d.res.ok, d.at, path);
        }
        // phase changes
        bool idle = true;
        for (const io_slot& s : slots_) idle = idle && !s.busy;
        if (phase_ == phase::prefill && seq_cursor_ >= chunk_count_ && idle) begin_measure(now);
        if (phase_ == phase::measure && now >= phase_end_) {
            phase_ = phase::drain;
            if (now >= next_live_ - 100'000) { // the last second's line
                live_line(now);
                next_live_ += 1'000'000;
            }
            getrusage(RUSAGE_SELF, &ru_measure_end);
            engine_ns_measure = engine_ns_ - transport_ns_ - engine_ns0;
            engine_calls_measure = engine_calls_ - engine_calls0;
            drain_deadline = now + o_.no_path_us + o_.timeout_us + 10'000'000;
            // every fault still scheduled runs before the drain ends (a restore after the end)
        }
        if (phase_ == phase::drain && idle && next_fault_ >= o_.faults.size() && back_deadline == 0)
            back_deadline = now + 3 * o_.login_timeout_us + 1'000'000;
        // before the final read-back, every path given back must be in service again (failback)
        if (phase_ == phase::drain && idle && back_deadline != 0 && (all_paths_back(now) || now >= back_deadline)) {
            if (o_.verify && o_.final_verify) {
                // every path back (restores), then read every block once more
                phase_ = phase::final_verify;
                seq_cursor_ = 0;
            } else {
                phase_ = phase::done;
            }
        } else if (phase_ == phase::drain && now >= drain_deadline) {
            std::fprintf(stderr, "mpio-iscsi: requests still outstanding at the end of the drain\n");
            phase_ = phase::done;
        }
        if (phase_ == phase::final_verify && seq_cursor_ >= chunk_count_ && idle) phase_ = phase::done;
        // new I/O
        if (phase_ == phase::prefill || phase_ == phase::measure || phase_ == phase::final_verify)
            for (std::size_t s = 0; s < slots_.size(); ++s)
                if (!slots_[s].busy && now >= slots_[s].not_before) start_io(s, now);
        // outputs
        if (phase_ == phase::measure || phase_ == phase::drain) {
            if (now >= next_live_ && t0_ + o_.duration_us + 500'000 >= next_live_) {
                live_line(now);
                next_live_ += 1'000'000;
            }
            if (csv_ != nullptr && now >= next_csv_ && now <= phase_end_ + o_.csv_bucket_us) {
                csv_bucket(now);
                next_csv_ += o_.csv_bucket_us;
            }
        }
        if (phase_ != phase::done) sessions_.turn(done_.empty() ? 1'000 : 0);
    }
    if (ru_measure_end.ru_utime.tv_sec == 0 && ru_measure_end.ru_utime.tv_usec == 0)
        getrusage(RUSAGE_SELF, &ru_measure_end);
    if (csv_ != nullptr) {
        for (const fault_mark& m : marks_)
            if (m.at_us >= t0_)
                std::fprintf(csv_, "%" PRIu64 ".%03" PRIu64 ",,0,0,,,,%s\n", t_rel(m.at_us) / 1000,
                             t_rel(m.at_us) % 1000, m.text.c_str());
        std::fclose(csv_);
    }
    for (pid_t pid : children_) {
        int status = 0;
        waitpid(pid, &status, 0);
    }
    // CPU per I/O over the measured phase (the whole process: libiscsi + engine + workload)
    const auto cpu_us = [](const rusage& r) {
        return static_cast<std::uint64_t>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1'000'000ull +
               static_cast<std::uint64_t>(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
    };
    cpu_ns_per_io_ = ios_ == 0 ? 0 : (cpu_us(ru_measure_end) - cpu_us(ru0)) * 1000 / ios_;
    // about one clock read of the pair around each engine call and one of the pair around
    // its send() land in the engine's time: one pair per call
    const std::uint64_t overhead = engine_calls_measure * clock_pair_ns_;
    engine_ns_per_io_ = ios_ == 0 ? 0 : (engine_ns_measure > overhead ? engine_ns_measure - overhead : 0) / ios_;
    report();
    const bool bad = mismatches_ != 0 || final_mismatches_ != 0 || errors_while_path_up_ != 0 || duplicates_ != 0 ||
                     submitted_ != completed_;
    return bad ? 1 : 0;
}

// The longest stretch without a successful completion from a fault until
// the next mark (or the end of the measured phase).
std::uint64_t gap_after(const std::vector<std::uint64_t>& times, std::uint64_t from, std::uint64_t until)
{
    if (times.empty()) return until > from ? until - from : 0;
    auto it = std::lower_bound(times.begin(), times.end(), from);
    std::uint64_t prev = it == times.begin() ? from : *(it - 1);
    std::uint64_t gap = 0;
    for (; it != times.end() && prev < until; ++it) {
        gap = std::max(gap, *it - prev);
        prev = *it;
    }
    if (prev < until && it == times.end()) gap = std::max(gap, until - prev);
    return gap;
}

void runner::report()
{
    json j;
    j["tool"] = "mpio-iscsi";
    j["mode"] = o_.direct ? "direct" : "engine";
    j["policy"] = o_.policy;
    j["workload"] = o_.workload;
    j["verify"] = o_.verify;
    j["identity"] = identity_;
    j["alua_mode"] = alua_mode_text_;
    j["qd"] = o_.qd;
    j["io_size"] = o_.io_size;
    j["block_size"] = block_size_;
    j["region_blocks"] = static_cast<std::uint64_t>(chunk_count_) * blocks_per_io_;
    j["duration_s"] = static_cast<double>(o_.duration_us) / 1e6;
    j["transport_timeout_ms"] = static_cast<double>(o_.timeout_us) / 1e3;
    j["no_path_time_ms"] = static_cast<double>(o_.no_path_us) / 1e3;
    j["ios"] = ios_;
    j["reads"] = reads_;
    j["writes"] = writes_;
    j["iops"] = static_cast<double>(ios_) * 1e6 / static_cast<double>(o_.duration_us);
    j["mb_per_s"] = static_cast<double>(bytes_) / static_cast<double>(o_.duration_us);
    j["prefill_ios"] = prefill_ios_;
    j["verified_reads"] = verified_reads_;
    j["unchecked_reads"] = unchecked_reads_;
    j["data_mismatches"] = mismatches_ + final_mismatches_;
    j["final_verify"] = {{"chunks", final_checked_}, {"mismatches", final_mismatches_}};
    j["mismatch_details"] = mismatch_lines_;
    j["errors_surfaced"] = errors_surfaced_;
    j["errors_while_path_up"] = errors_while_path_up_;
    j["requests_submitted"] = submitted_;
    j["requests_completed"] = completed_;
    j["lost_requests"] = submitted_ >= completed_ ? submitted_ - completed_ : 0;
    j["duplicate_completions"] = duplicates_;
    j["retried_requests"] = retried_requests_;
    j["writes_in_doubt"] = doubt_marks_;
    j["cpu_ns_per_io"] = cpu_ns_per_io_;
    if (o_.engine_cpu) {
        j["engine_ns_per_io"] = engine_ns_per_io_;
        j["clock_pair_ns"] = clock_pair_ns_;
    }
    std::uint64_t failovers = 0;
    // failover gaps: one per scripted fault (session events are not faults)
    std::vector<fault_mark> faults;
    for (const fault_mark& m : marks_)
        if (m.kind != "session-lost" && m.kind != "session-back") faults.push_back(m);
    json fj = json::array();
    std::uint64_t worst = 0;
    const std::uint64_t end = t0_ + o_.duration_us;
    for (std::size_t i = 0; i < faults.size(); ++i) {
        const std::uint64_t from = faults[i].at_us;
        const std::uint64_t until = std::min(end, i + 1 < faults.size() ? faults[i + 1].at_us : end);
        const std::uint64_t gap = from < end ? gap_after(completion_times_, from, until) : 0;
        worst = std::max(worst, gap);
        fj.push_back({{"at_ms", static_cast<double>(t_rel(from)) / 1e3},
                      {"fault", faults[i].text},
                      {"gap_ms", static_cast<double>(gap) / 1e3}});
    }
    j["faults"] = fj;
    j["failover_gap_ms"] = static_cast<double>(worst) / 1e3;
    j["max_gap_ms"] = static_cast<double>(gap_after(completion_times_, t0_, end)) / 1e3;
    json pj = json::array();
    for (std::size_t p = 0; p < sessions_.size(); ++p) {
        json x;
        x["path"] = p;
        x["url"] = o_.urls[p];
        x["link"] = to_string(sessions_.state(p));
        x["logins"] = sessions_.logins(p);
        x["sessions_lost"] = sessions_.losses(p);
        if (device_) {
            const engine::slot_index s = slot_of_path_[p];
            const engine::path_statistics_snapshot st = device_->statistics(s);
            x["ios"] = st.ios();
            x["reads"] = st.reads;
            x["writes"] = st.writes;
            x["bytes_read"] = st.bytes_read;
            x["bytes_written"] = st.bytes_written;
            x["errors"] = st.errors;
            x["failovers"] = st.failovers;
            failovers += st.failovers;
            x["state"] = path_state_text(*device_, s);
            x["alua"] = alua_mode_ != topo::alua_mode::none ? alua_text(device_->alua_state(s)) : "-";
            x["marginal"] = device_->marginal(s, now_us());
            x["latency_us"] = {{"p50", st.percentile(500)}, {"p99", st.percentile(990)}, {"p999", st.percentile(999)}};
            x["p50_us"] = st.percentile(500);
            x["p99_us"] = st.percentile(990);
            x["p999_us"] = st.percentile(999);
        } else {
            std::vector<std::uint64_t> l = direct_lat_;
            std::sort(l.begin(), l.end());
            auto pct = [&](std::size_t pm) { return l.empty() ? 0 : l[std::min(l.size() - 1, l.size() * pm / 1000)]; };
            x["ios"] = direct_ios_ = ios_;
            x["state"] = "direct";
            x["p50_us"] = pct(500);
            x["p99_us"] = pct(990);
            x["p999_us"] = pct(999);
            x["latency_us"] = {{"p50", pct(500)}, {"p99", pct(990)}, {"p999", pct(999)}};
        }
        x["ios_per_second"] = p < per_second_.size() ? per_second_[p] : std::vector<std::uint64_t>{};
        pj.push_back(x);
    }
    j["failovers"] = failovers;
    j["request_failovers"] = request_failovers_;
    j["paths"] = pj;
    if (o_.json) {
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    std::printf("mpio-iscsi run: %s, policy %s, workload %s, qd %u, %u-byte I/O, %.1f s\n",
                o_.direct ? "direct session (no engine)" : "engine", o_.policy.c_str(), o_.workload.c_str(), o_.qd,
                o_.io_size, static_cast<double>(o_.duration_us) / 1e6);
    std::printf("  LU %s, ALUA %s, block size %u\n", identity_.c_str(), alua_mode_text_.c_str(), block_size_);
    std::printf("  I/Os %" PRIu64 " (%.0f IOPS, %.1f MB/s), reads verified %" PRIu64 ", final read-back %" PRIu64 "\n",
                ios_, j["iops"].get<double>(), j["mb_per_s"].get<double>(), verified_reads_, final_checked_);
    std::printf("  data mismatches %" PRIu64 ", errors surfaced %" PRIu64 " (%" PRIu64 " while a path was up), "
                "lost %" PRIu64 ", duplicate completions %" PRIu64 "\n",
                mismatches_ + final_mismatches_, errors_surfaced_, errors_while_path_up_,
                j["lost_requests"].get<std::uint64_t>(), duplicates_);
    std::printf("  failovers %" PRIu64 ", requests retried %" PRIu64 ", longest failover gap %.1f ms\n", failovers,
                retried_requests_, j["failover_gap_ms"].get<double>());
    std::printf("  CPU %" PRIu64 " ns per I/O", cpu_ns_per_io_);
    if (o_.engine_cpu)
        std::printf(", in engine calls %" PRIu64 " ns (libiscsi's share of send() excluded)", engine_ns_per_io_);
    std::printf("\n");
    for (const auto& f : fj)
        std::printf("  fault at %8.1f ms  %-40s gap %.1f ms\n", f["at_ms"].get<double>(),
                    f["fault"].get<std::string>().c_str(), f["gap_ms"].get<double>());
    for (const auto& x : pj)
        std::printf("  path %zu %-44s %-22s %-18s ios %8" PRIu64 "  p50 %5" PRIu64 " us  p99 %6" PRIu64
                    " us  p999 %6" PRIu64 " us  logins %u\n",
                    x["path"].get<std::size_t>(), x["url"].get<std::string>().c_str(),
                    x["state"].get<std::string>().c_str(), x.value("alua", std::string("-")).c_str(),
                    x["ios"].get<std::uint64_t>(), x["p50_us"].get<std::uint64_t>(), x["p99_us"].get<std::uint64_t>(),
                    x["p999_us"].get<std::uint64_t>(), x["logins"].get<unsigned>());
}

} // namespace

int run_command(const run_options& o)
{
    if (o.direct && o.urls.size() != 1) {
        std::fprintf(stderr, "mpio-iscsi: --direct takes exactly one URL\n");
        return 2;
    }
    runner r(o);
    return r.main();
}

int probe_command(const probe_options& o)
{
    session_set sessions(session_options{"iqn.2026-12.org.mpio:mpio-iscsi", 5'000'000, o.login_timeout_us, 200'000});
    for (const std::string& u : o.urls) {
        std::string err;
        if (!sessions.add(u, err)) {
            std::fprintf(stderr, "mpio-iscsi: %s\n", err.c_str());
            return 2;
        }
    }
    const std::vector<path_answers> answers = discover(sessions, o.login_timeout_us);
    int rc = 0;
    for (std::size_t p = 0; p < answers.size(); ++p) {
        const path_answers& a = answers[p];
        if (!a.error.empty()) {
            std::fprintf(stderr, "mpio-iscsi: path p%02zu (%s): %s\n", p, o.urls[p].c_str(), a.error.c_str());
            rc = 1;
        }
        if (!o.json)
            std::printf("p%02zu  %s  %s%s  %" PRIu64 " blocks of %u bytes%s%s\n", p, o.urls[p].c_str(),
                        a.logged_in ? "logged in" : "no login", a.rtpg.empty() ? "" : ", RTPG answered", a.blocks,
                        a.block_size, a.rtpg_failed ? ", RTPG failed " : "", a.rtpg_sense.c_str());
    }
    if (!o.json) std::printf("\n");
    const std::string dir = o.save.empty() ? make_temp_dir() : o.save;
    std::string err;
    if (dir.empty() || !write_dumps(dir, answers, err)) {
        std::fprintf(stderr, "mpio-iscsi: cannot save the answers: %s\n", err.c_str());
        return 2;
    }
    std::fflush(stdout);
    mpio_inspect::topology_command_options t;
    t.dir = dir;
    t.group = o.group;
    t.json = o.json;
    const int trc = mpio_inspect::run_topology(t);
    if (o.save.empty()) remove_tree(dir);
    return rc != 0 ? rc : trc;
}

} // namespace mpio_iscsi
