// SPDX-License-Identifier: MIT
// tools/mpio-sim/sim.hpp - a deterministic discrete-event model of a host
// with N paths to M logical units on a two-controller ALUA array, driving
// the real mpio policies (mpio/policy) and the real recovery code
// (mpio/recovery), with injected faults and invariant checks.
// See docs/simulator.md for the model, the fault kinds and the invariants.
#ifndef MPIO_SIM_SIM_HPP
#define MPIO_SIM_SIM_HPP

#include <cstdint>
#include <string>
#include <vector>

#include <mpio/policy/path_selector.hpp>
#include <mpio/recovery/failback.hpp>

namespace mpio_sim {

using tick = std::uint64_t; // one tick = one microsecond of simulated time
inline constexpr tick us_per_ms = 1000;
inline constexpr tick us_per_s = 1000 * 1000;

enum class fault_kind : std::uint8_t {
    path_down,           // link down for a while (sometimes long enough that the OS removes the path)
    flapping,            // link down/up several times in a row
    hung_path,           // the path swallows commands: host I/O timeouts
    controller_failover, // the array moves LU ownership: 04/0A, then new ALUA states + 2A/06
    standby_only,        // every target port group of an LU goes standby: the host must send STPG
    ua_storm,            // rounds of UNIT ATTENTIONs (29/00, 29/03, 2A/06) on every path of an LU
    apd_short,           // all paths down for less than PDORemovePeriod
    apd_long,            // all paths down for longer than PDORemovePeriod
    // ANA faults (NVMe Asymmetric Namespace Access), on the LUs whose groups are optimized / non-optimized:
    ana_change,          // both controllers' groups in ANA change, then optimized on the other controller
    ana_persistent_loss, // one controller's group in ANA persistent loss for a while
    ana_group_move,      // the optimized group moves to the other controller; the old one is inaccessible a while
};
inline constexpr int fault_kind_count = 11;
const char* to_string(fault_kind k) noexcept;
bool parse_fault_kind(const std::string& s, fault_kind& out);

// One scripted fault: --fault AT:KIND[:path=P][:lu=L][:for=D]
struct scripted_fault {
    tick at = 0;
    fault_kind kind = fault_kind::path_down;
    int path = -1; // -1: chosen by the simulator
    int lu = -1;
    tick duration = 0; // 0: the kind's default
};

// Service time of one path: base + uniform(0, jitter) + per-block cost, and
// with probability tail_ppm / 10^6 an extra tail_factor * base.
struct service_model {
    tick base_us = 300;
    tick jitter_us = 200;
    tick per_block_ns = 500;
    std::uint32_t tail_ppm = 2000;
    std::uint32_t tail_factor = 10;
};

struct config {
    std::uint64_t seed = 1;
    std::string policy = "all";
    std::uint64_t ios = 100000; // I/Os to submit (the run continues until done and min_faults reached)
    tick duration = 0;          // 0: no time limit on submission besides `ios`
    unsigned paths = 4;
    unsigned lus = 6;
    std::uint64_t iops = 2000;      // offered load, all LUs together (open loop, exponential arrivals)
    unsigned path_queue_limit = 32; // host-side outstanding commands per path (more wait on the host)
    unsigned port_concurrency = 8;  // commands a target port serves at once
    std::uint32_t lu_blocks = 1u << 14;
    std::vector<service_model> service; // per path; empty: a heterogeneous default
    // faults
    std::vector<scripted_fault> script;
    std::vector<fault_kind> random_kinds; // empty: no random faults
    tick fault_gap_us = 500 * us_per_ms;  // mean gap between random faults
    std::uint64_t min_faults = 0;         // keep running (and injecting) until this many faults
    // MPIO settings, in microseconds (timer profile "microsoft" or "fast")
    tick path_verification_period = 30 * us_per_s;
    tick path_recovery_interval = 30 * us_per_s; // = PathVerificationPeriod: UseCustomPathRecoveryInterval off
    tick pdo_remove_period = 20 * us_per_s;
    std::uint32_t retry_count = 3;
    tick retry_interval = 1 * us_per_s;
    tick alua_transition_time = 3 * us_per_s;
    tick io_timeout = 10 * us_per_s;           // host command timeout (hung path)
    tick array_transition_time = 1 * us_per_s; // how long the array's ALUA transitions take
    bool path_verify_enabled = false;
    mpio::recovery::failback_policy failback = mpio::recovery::failback_policy::immediate();
    tick poll_interval = 100 * us_per_ms; // the host's timer tick (lifecycle poll)
    // NVMe ANA: Identify Controller ANATT (seconds) and the ticks one ANATT
    // second takes (1 s; 100 ms with the fast profile, like every other timer)
    std::uint8_t anatt = 1;
    tick anatt_second = us_per_s;
    tick controller_reset_time = 500 * us_per_ms; // an ANATT reset: the controller's paths are down this long
    // output
    std::size_t trace_events = 64; // events shown when an invariant breaks
    std::string csv;               // per-path load CSV (empty: none)
    tick csv_bucket = 100 * us_per_ms;
    bool verbose = false;
    bool print_trace = false; // keep the last trace_events events of a passing run too (run_result::trace)
    std::string command_line =
        "mpio-sim"; // the run's options without --seed/--policy/--trace/--jobs (for the reproduce line)
    // test hooks
    bool inject_sticky_selector_bug = false; // a vendor selector that keeps using failed paths
    bool inject_fail_on_path_error = false;  // a host that fails requests up on a path error (no failover)
    bool inject_no_reverification = false;   // a host that never verifies a failed path again
    bool inject_timer_only_recovery = false; // a host that ignores link-up (no request_verification)
};

void apply_timer_profile(config& c, const std::string& profile); // "microsoft" or "fast"
std::string describe_timers(const config& c);

struct path_stats {
    std::uint64_t ios = 0;
    std::uint64_t bytes = 0;
    std::uint64_t errors = 0;
    std::uint64_t p50_us = 0, p90_us = 0, p99_us = 0, p999_us = 0, max_us = 0;
};

struct run_result {
    bool ok = true;
    std::string policy;
    std::string violation; // the invariant that broke, with the seed and the event trace
    std::string trace;     // with config::print_trace: the last events of the run
    std::uint64_t trace_hash = 0;
    std::uint64_t submitted = 0;
    std::uint64_t completed_ok = 0;
    std::uint64_t failed = 0;         // failed up (legitimately: no path for PDORemovePeriod, ...)
    std::uint64_t failed_no_path = 0; // ... of which: no path in service for PDORemovePeriod
    std::uint64_t retries = 0;
    std::uint64_t reads_verified = 0;
    std::uint64_t faults = 0;
    std::uint64_t faults_by_kind[fault_kind_count] = {};
    std::uint64_t failbacks_checked = 0;
    std::uint64_t stpg_sent = 0;
    std::uint64_t rtpg_sent = 0;
    std::uint64_t verifications = 0;
    std::uint64_t path_failures = 0; // lifecycle transitions into failed
    std::uint64_t flaky_holds = 0;   // verified paths held in standby as flaky (autostandby)
    std::uint64_t removals = 0;      // paths removed by the OS (and arrived again)
    std::uint64_t ana_log_reads = 0; // ANA log pages read after a change notice or a controller reset
    std::uint64_t anatt_resets = 0;  // controllers reset because the ANATT timer expired
    std::uint64_t events = 0;
    tick sim_time = 0;
    std::uint64_t lat_p50_us = 0, lat_p99_us = 0, lat_p999_us = 0, lat_max_us = 0; // per request
    std::vector<path_stats> paths;
};

// Every policy the simulator can drive: the registered selectors of
// mpio::policy::any_selector, found through the policy catalog.
std::vector<std::string> available_policies();

// One run with one policy (config.policy must name a single policy).
run_result run(const config& c);

} // namespace mpio_sim

#endif // MPIO_SIM_SIM_HPP
