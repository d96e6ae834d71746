// SPDX-License-Identifier: MIT
// mpio-sim - seeded fault-injection simulator of a multipath host driving
// the real mpio policies and recovery code. See docs/simulator.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim.hpp"

namespace {

using namespace mpio_sim;

// "10s", "500ms", "250us", "2m"; a bare number is in `unit` microseconds.
bool parse_time(const std::string& text, tick unit, tick& out)
{
    std::size_t i = 0;
    tick v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') v = v * 10 + static_cast<tick>(text[i++] - '0');
    if (i == 0) return false;
    const std::string u = text.substr(i);
    if (u.empty())
        out = v * unit;
    else if (u == "us")
        out = v;
    else if (u == "ms")
        out = v * us_per_ms;
    else if (u == "s")
        out = v * us_per_s;
    else if (u == "m" || u == "min")
        out = v * 60 * us_per_s;
    else
        return false;
    return true;
}

std::vector<std::string> split(const std::string& s, char sep)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t p = s.find(sep, start);
        out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) return out;
        start = p + 1;
    }
}

bool parse_kinds(const std::string& s, std::vector<fault_kind>& out)
{
    out.clear();
    if (s == "none" || s.empty()) return true;
    if (s == "all") {
        for (int i = 0; i < fault_kind_count; ++i) out.push_back(static_cast<fault_kind>(i));
        return true;
    }
    for (const std::string& k : split(s, ',')) {
        fault_kind f;
        if (!parse_fault_kind(k, f)) return false;
        out.push_back(f);
    }
    return true;
}

// AT:KIND[:path=P][:lu=L][:for=D]
bool parse_script(const std::string& s, scripted_fault& f)
{
    const std::vector<std::string> parts = split(s, ':');
    if (parts.size() < 2 || !parse_time(parts[0], us_per_s, f.at) || !parse_fault_kind(parts[1], f.kind)) return false;
    for (std::size_t i = 2; i < parts.size(); ++i) {
        const std::string& p = parts[i];
        if (p.rfind("path=", 0) == 0)
            f.path = std::atoi(p.c_str() + 5);
        else if (p.rfind("lu=", 0) == 0)
            f.lu = std::atoi(p.c_str() + 3);
        else if (p.rfind("for=", 0) == 0) {
            if (!parse_time(p.substr(4), us_per_s, f.duration)) return false;
        } else
            return false;
    }
    return true;
}

std::string ms(tick us)
{
    char b[32];
    std::snprintf(b, sizeof b, "%llu.%03llu", static_cast<unsigned long long>(us / 1000),
                  static_cast<unsigned long long>(us % 1000));
    return b;
}

void print_result(const run_result& r, const config& c, double wall, bool per_path)
{
    std::printf("%-24s %s  I/Os %llu (ok %llu, failed %llu [no path %llu], retries %llu, reads verified %llu)  "
                "faults %llu  "
                "path failures %llu  flaky holds %llu  removals %llu  failbacks checked %llu  RTPG %llu STPG %llu  "
                "ANA log reads %llu  ANATT resets %llu  simulated %s s  wall %.2f s  trace %016llx\n",
                r.policy.c_str(), r.ok ? "PASS" : "FAIL", static_cast<unsigned long long>(r.submitted),
                static_cast<unsigned long long>(r.completed_ok), static_cast<unsigned long long>(r.failed),
                static_cast<unsigned long long>(r.failed_no_path), static_cast<unsigned long long>(r.retries),
                static_cast<unsigned long long>(r.reads_verified), static_cast<unsigned long long>(r.faults),
                static_cast<unsigned long long>(r.path_failures), static_cast<unsigned long long>(r.flaky_holds),
                static_cast<unsigned long long>(r.removals), static_cast<unsigned long long>(r.failbacks_checked),
                static_cast<unsigned long long>(r.rtpg_sent), static_cast<unsigned long long>(r.stpg_sent),
                static_cast<unsigned long long>(r.ana_log_reads), static_cast<unsigned long long>(r.anatt_resets),
                ms(r.sim_time / 1000).c_str(), wall, static_cast<unsigned long long>(r.trace_hash));
    if (!per_path) return;
    std::printf("  faults by kind:");
    for (int k = 0; k < fault_kind_count; ++k)
        std::printf(" %s %llu", to_string(static_cast<fault_kind>(k)),
                    static_cast<unsigned long long>(r.faults_by_kind[k]));
    std::printf("\n  request latency ms: p50 %s  p99 %s  p99.9 %s  max %s\n", ms(r.lat_p50_us).c_str(),
                ms(r.lat_p99_us).c_str(), ms(r.lat_p999_us).c_str(), ms(r.lat_max_us).c_str());
    std::printf("  %-5s %10s %9s %9s %8s %10s %10s %10s %10s %10s\n", "path", "I/Os", "IOPS", "MB/s", "errors",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
    const tick secs_x1000 = r.sim_time / 1000 == 0 ? 1 : r.sim_time / 1000; // ms
    for (std::size_t p = 0; p < r.paths.size(); ++p) {
        const path_stats& s = r.paths[p];
        std::printf("  %-5zu %10llu %9llu %9.2f %8llu %10s %10s %10s %10s %10s\n", p,
                    static_cast<unsigned long long>(s.ios), static_cast<unsigned long long>(s.ios * 1000 / secs_x1000),
                    static_cast<double>(s.bytes) / 1048576.0 / (static_cast<double>(secs_x1000) / 1000.0),
                    static_cast<unsigned long long>(s.errors), ms(s.p50_us).c_str(), ms(s.p90_us).c_str(),
                    ms(s.p99_us).c_str(), ms(s.p999_us).c_str(), ms(s.max_us).c_str());
    }
    static_cast<void>(c);
}

} // namespace

int main(int argc, char** argv)
{
    config c;
    CLI::App app{"mpio-sim: deterministic fault-injection simulator driving mpio's policies and recovery code"};
    std::string duration, kinds = "all", gap, timers = "microsoft", failback = "immediate", bucket;
    std::vector<std::string> script;
    unsigned jobs = 2;
    bool ci = false, soak = false, list = false, quiet = false, every_kind = false;
    app.add_option("--seed", c.seed, "random seed (runs are identical for the same seed and options)");
    app.add_option("--policy", c.policy, "policy name (FOO, RR, LQD, round-robin, VMW_PSP_RR, ...) or 'all'");
    app.add_option("--ios", c.ios, "I/Os to submit per policy (default 20000; the presets set their own)");
    app.add_option("--duration", duration, "stop submitting after this simulated time (e.g. 60s)");
    app.add_option("--paths", c.paths, "paths (I_T nexuses; even ones lead to controller A, odd ones to B)")
        ->check(CLI::Range(1u, 32u));
    app.add_option("--lus", c.lus, "logical units (LU i: i%3 = 0 ALUA A/O+A/N, 1 ALUA active/standby, 2 no ALUA)")
        ->check(CLI::Range(1u, 64u));
    app.add_option("--iops", c.iops, "offered load, all LUs together (open loop)");
    app.add_option("--queue-limit", c.path_queue_limit, "host-side outstanding commands per path");
    app.add_option("--port-concurrency", c.port_concurrency, "commands a target port serves at once");
    app.add_option(
        "--faults", kinds,
        "random fault kinds: all (default; none when --fault scripts faults), none (a quiet run), or a list of "
        "path-down,flapping,hung-path,"
        "controller-failover,standby-only,ua-storm,apd-short,apd-long");
    app.add_option("--fault-gap", gap, "mean time between random faults (e.g. 400ms)");
    app.add_option("--min-faults", c.min_faults, "keep running until at least this many faults were injected");
    app.add_option("--fault", script,
                   "scripted fault AT:KIND[:path=P][:lu=L][:for=D], e.g. 10s:path-down:path=0:for=5s");
    app.add_option("--timers", timers, "MPIO timer profile: microsoft (default) or fast (all timers / 10)");
    app.add_option("--failback", failback, "immediate, manual, followover or deferred:TIME");
    app.add_flag("--path-verify", c.path_verify_enabled, "PathVerifyEnabled: verify healthy paths every period too");
    app.add_option("--csv", c.csv, "write per-path load per time bucket (and fault events) to this CSV file");
    app.add_option("--csv-bucket", bucket, "CSV time bucket (default 100ms)");
    app.add_option("--trace", c.trace_events, "events shown when an invariant breaks");
    app.add_option("--jobs", jobs, "policies simulated in parallel with --policy all")->check(CLI::Range(1u, 64u));
    app.add_flag("--ci", ci, "CI preset: every policy, >= 1,000,000 I/Os and >= 1,000 faults of every kind each");
    app.add_flag("--soak", soak,
                 "soak preset: every policy, >= 10,000,000 I/Os and >= 1,500 faults each, Microsoft timers");
    app.add_flag("--inject-bug", c.inject_sticky_selector_bug,
                 "self-test: replace the policy by a vendor selector that keeps using failed paths");
    app.add_flag("--require-every-kind", every_kind,
                 "fail unless every fault kind of --faults was injected at least once (implied by --ci and --soak)");
    app.add_flag("--list-policies", list, "print the policies the simulator can drive");
    app.add_flag("--verbose", c.verbose, "per-path table for every policy");
    app.add_flag("--print-trace", c.print_trace, "print the last --trace events of every run, passing or not");
    app.add_flag("-q,--quiet", quiet, "one line per policy");
    CLI11_PARSE(app, argc, argv);
    // The reproduce line of a violation: these options, with the failing
    // run's own seed and policy.
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        bool drop = false;
        for (const char* o : {"--seed", "--policy", "--trace", "--jobs"}) {
            if (a == o) {
                drop = true;
                ++i; // and its value
            } else if (a.rfind(std::string(o) + "=", 0) == 0) {
                drop = true;
            }
        }
        if (!drop) c.command_line += " " + a;
    }

    if (list) {
        for (const std::string& p : available_policies()) std::printf("%s\n", p.c_str());
        return 0;
    }
    // The default run shows what the tool is for: every fault kind at the
    // default gap, over a readable 20,000 I/Os per policy (a few seconds for
    // all of them). The presets below set every one of these themselves, so
    // their runs (and trace hashes) do not depend on this default.
    // A run that scripts its faults (--fault) gets only those unless --faults
    // asks for random ones too, so scripted runs (the plots of
    // docs/simulator.md) stay what they were.
    if (!ci && !soak && app.count("--ios") == 0) c.ios = 20000;
    if (!ci && !soak && app.count("--faults") == 0 && !script.empty()) kinds = "none";
    if (ci || soak) { // presets; options given explicitly still win
        if (app.count("--policy") == 0) c.policy = "all";
        if (app.count("--faults") == 0) kinds = "all";
        if (app.count("--timers") == 0) timers = ci ? "fast" : "microsoft";
        if (app.count("--ios") == 0) c.ios = ci ? 1000000 : 10000000;
        if (app.count("--min-faults") == 0) c.min_faults = ci ? 1000 : 1500;
        if (app.count("--fault-gap") == 0) gap = ci ? "400ms" : "2s";
        if (app.count("--paths") == 0) c.paths = ci ? 4 : 8;
        if (app.count("--lus") == 0) c.lus = ci ? 6 : 12;
        if (app.count("--iops") == 0) c.iops = ci ? 2000 : 4000;
    }
    apply_timer_profile(c, timers);
    if (!parse_kinds(kinds, c.random_kinds)) {
        std::fprintf(stderr, "mpio-sim: unknown fault kind in '%s'\n", kinds.c_str());
        return 2;
    }
    if (!gap.empty() && !parse_time(gap, us_per_ms, c.fault_gap_us)) {
        std::fprintf(stderr, "mpio-sim: bad --fault-gap '%s'\n", gap.c_str());
        return 2;
    }
    if (!duration.empty() && !parse_time(duration, us_per_s, c.duration)) {
        std::fprintf(stderr, "mpio-sim: bad --duration '%s'\n", duration.c_str());
        return 2;
    }
    if (!bucket.empty() && (!parse_time(bucket, us_per_ms, c.csv_bucket) || c.csv_bucket == 0)) {
        std::fprintf(stderr, "mpio-sim: bad --csv-bucket '%s'\n", bucket.c_str());
        return 2;
    }
    if (c.random_kinds.empty()) c.min_faults = 0;
    for (const std::string& s : script) {
        scripted_fault f;
        if (!parse_script(s, f)) {
            std::fprintf(stderr, "mpio-sim: bad --fault '%s'\n", s.c_str());
            return 2;
        }
        c.script.push_back(f);
    }
    if (failback == "immediate")
        c.failback = mpio::recovery::failback_policy::immediate();
    else if (failback == "manual")
        c.failback = mpio::recovery::failback_policy::manual();
    else if (failback == "followover")
        c.failback = mpio::recovery::failback_policy::followover();
    else if (failback.rfind("deferred:", 0) == 0) {
        tick t = 0;
        if (!parse_time(failback.substr(9), us_per_s, t)) {
            std::fprintf(stderr, "mpio-sim: bad --failback '%s'\n", failback.c_str());
            return 2;
        }
        c.failback = mpio::recovery::failback_policy::deferred(t);
    } else {
        std::fprintf(stderr, "mpio-sim: bad --failback '%s'\n", failback.c_str());
        return 2;
    }

    std::vector<std::string> policies;
    if (c.policy == "all")
        policies = available_policies();
    else
        policies.push_back(c.policy);
    if (!quiet) {
        std::printf("mpio-sim: seed %llu, %u paths, %u LUs, %llu IOPS offered, %llu I/Os, faults: %s (>= %llu), "
                    "timers %s: %s\n",
                    static_cast<unsigned long long>(c.seed), c.paths, c.lus, static_cast<unsigned long long>(c.iops),
                    static_cast<unsigned long long>(c.ios), kinds.c_str(),
                    static_cast<unsigned long long>(c.min_faults), timers.c_str(), describe_timers(c).c_str());
    }

    std::vector<run_result> results(policies.size());
    std::vector<double> walls(policies.size());
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    std::size_t next = 0;
    std::mutex m;
    const unsigned n_workers = c.csv.empty() ? std::min<unsigned>(jobs, static_cast<unsigned>(policies.size())) : 1;
    for (unsigned w = 0; w < n_workers; ++w) {
        workers.emplace_back([&] {
            for (;;) {
                std::size_t i;
                {
                    std::lock_guard<std::mutex> g(m);
                    if (next >= policies.size()) return;
                    i = next++;
                }
                config one = c;
                one.policy = policies[i];
                if (policies.size() > 1 && !c.csv.empty()) one.csv = c.csv + "." + policies[i];
                const auto s = std::chrono::steady_clock::now();
                results[i] = run(one);
                walls[i] = std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count();
            }
        });
    }
    for (std::thread& t : workers) t.join();
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    int rc = 0;
    std::uint64_t ios = 0, faults = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        print_result(results[i], c, walls[i], !quiet && (policies.size() == 1 || c.verbose));
        if (c.print_trace) std::printf("%s", results[i].trace.c_str());
        ios += results[i].submitted;
        faults += results[i].faults;
        if (!results[i].ok) {
            std::fprintf(stderr, "%s", results[i].violation.c_str());
            rc = 1;
        }
        if (every_kind || ci || soak) {
            for (const fault_kind k : c.random_kinds) {
                if (results[i].faults_by_kind[static_cast<int>(k)] != 0) continue;
                std::fprintf(stderr, "mpio-sim: %s: no %s fault was injected (raise --min-faults)\n",
                             results[i].policy.c_str(), to_string(k));
                rc = 1;
            }
        }
    }
    std::printf("mpio-sim: %zu policies, %llu I/Os, %llu faults, %s, wall %.1f s\n", policies.size(),
                static_cast<unsigned long long>(ios), static_cast<unsigned long long>(faults),
                rc == 0 ? "all invariants held" : "FAILED", total);
    return rc;
}
