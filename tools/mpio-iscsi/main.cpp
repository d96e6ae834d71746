// SPDX-License-Identifier: MIT
// mpio-iscsi - a user-space multipath initiator on libiscsi, driving I/O
// through mpio::engine::device (docs/engine-iscsi.md).
//
//   mpio-iscsi probe URL...                    the multipath topology of the portals
//   mpio-iscsi run [options] URL...            verified I/O over the paths of one LU
//   mpio-iscsi pr ACTION [options] URL...      persistent reservations through every path (pr.hpp)
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pr.hpp"
#include "run.hpp"

int main(int argc, char** argv)
{
    using namespace mpio_iscsi;
    // A target that closes a connection while libiscsi writes to it must be
    // a connection loss on that path (EPIPE), not the death of the process.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"mpio-iscsi: multipath I/O over libiscsi sessions, through the mpio engine"};
    app.require_subcommand(1);

    probe_options po;
    std::string probe_login = "5s";
    CLI::App* probe = app.add_subcommand("probe", "log in on every portal, read INQUIRY, VPD 00h/80h/83h, RTPG and "
                                                  "READ CAPACITY(16), print the multipath topology");
    probe->add_option("url", po.urls, "iscsi://HOST[:PORT]/TARGET/LUN, one per path")->required();
    probe->add_option("--save", po.save, "keep the per-path answers in this directory (mpio-inspect topology DIR)");
    probe->add_option("--group", po.group, "grouping policy (failover, multibus, serial, prio, node_name, tpg)");
    probe->add_flag("--json", po.json, "JSON instead of text");
    probe->add_option("--login-timeout", probe_login, "give up a login after this long");

    run_options ro;
    std::string duration = "10s", timeout = "2s", login_timeout = "5s", relogin = "200ms", no_path = "20s",
                retry_interval = "1s", grace = "1s", region = "16";
    std::vector<std::string> faults;
    CLI::App* run = app.add_subcommand("run", "verified I/O through the engine over the paths of one logical unit");
    run->add_option("url", ro.urls, "iscsi://HOST[:PORT]/TARGET/LUN, one per path of the same LU")->required();
    run->add_option("--policy", ro.policy,
                    "load-balancing policy: MSDSM number 1-6 or a name (RR, LQD, round-robin, "
                    "queue-length, service-time, VMW_PSP_RR, ...)");
    run->add_option("--workload", ro.workload, "randrw, randread, seqread, seqwrite")
        ->check(CLI::IsMember({"randrw", "randread", "seqread", "seqwrite"}));
    run->add_flag("--verify", ro.verify, "stamp every block (LBA, generation, pattern) and check every read");
    run->add_option("--duration", duration, "measured run time (e.g. 10s)");
    run->add_option("--qd", ro.qd, "requests in flight")->check(CLI::Range(1, 200));
    run->add_option("--io-size", ro.io_size, "bytes per I/O (a multiple of the block size)");
    run->add_option("--region-mib", region, "MiB of the LU the workload touches (16)");
    run->add_flag("--json", ro.json, "the final report as JSON on stdout");
    run->add_flag("--quiet", ro.quiet, "no live lines on stderr");
    run->add_option("--csv", ro.csv, "per-path load over time (tools/mpio-sim/plot.py reads it)");
    run->add_option("--fault", faults, "AT:KIND[=ARG]: drop-path=N, restore-path=N, stpg=G, policy=P, exec=CMD, mark=L")
        ->allow_extra_args(false);
    run->add_option("--timeout", timeout, "the transport's per-command timeout (the tool's own, not libiscsi's)");
    run->add_option("--login-timeout", login_timeout, "give up a login after this long");
    run->add_option("--relogin-delay", relogin, "wait this long after a session loss before logging in again");
    run->add_option("--no-path-time", no_path, "PDORemovePeriod: fail queued I/O after no path for this long");
    run->add_option("--retry-interval", retry_interval, "MSDSM RetryInterval");
    run->add_option("--doubt-grace", grace, "after a lost write's path returns, wait this long before rewriting it");
    run->add_option("--alua", ro.alua, "override the discovered ALUA mode (none, implicit, explicit, both)");
    run->add_option("--checker", ro.checker, "path checker: auto, tur, readsector0");
    run->add_option("--failback", ro.failback, "immediate, manual, followover");
    run->add_flag("--direct", ro.direct, "bench: no engine, one session (one URL)");
    run->add_flag("--engine-cpu", ro.engine_cpu,
                  "bench: measure the time inside engine calls (two clock reads per call, calibrated and subtracted)");
    run->add_option("--seed", ro.seed, "workload seed");
    bool no_final = false;
    run->add_flag("--no-final-verify", no_final, "skip the read-back of every block at the end");

    pr_options pro;
    std::string pr_key, pr_victim, pr_login = "5s", pr_timeout = "5s";
    CLI::App* pr = app.add_subcommand("pr", "persistent reservations through every path of one LU, driven by the "
                                            "reservation planner (docs/reservations.md)");
    pr->add_option("action", pro.action,
                   "register, unregister, reserve, release, preempt, preempt-abort, clear, status, write-check, hold")
        ->required()
        ->check(CLI::IsMember({"register", "unregister", "reserve", "release", "preempt", "preempt-abort", "clear",
                               "status", "write-check", "hold"}));
    pr->add_option("url", pro.urls, "iscsi://HOST[:PORT]/TARGET/LUN, one per path of the same LU")->required();
    pr->add_option("--key", pr_key, "this node's reservation key (0x... or decimal)");
    pr->add_option("--victim", pr_victim, "preempt: the other node's key");
    pr->add_option("--type", pro.type, "we, ea, we-ro, ea-ro, we-ar, ea-ar (reserve, preempt)");
    pr->add_option("--initiator-name", pro.initiator, "the initiator IQN (another name plays another cluster node)");
    pr->add_flag("--aptpl", pro.aptpl, "ask for persist through power loss (when the target says PTPL_C)");
    pr->add_flag("--json", pro.json, "JSON instead of text");
    pr->add_option("--lba", pro.lba, "write-check: the block read and written back");
    std::string pr_duration = "5s", pr_interval = "100ms", pr_cut_at = "1s", pr_restore_at = "0s";
    pr->add_flag("--reserve", pro.reserve, "hold: reserve with --type after registering");
    pr->add_flag("--abort", pro.abort, "hold --victim: PREEMPT AND ABORT");
    pr->add_option("--duration", pr_duration, "hold: how long");
    pr->add_option("--interval", pr_interval, "hold: time between write rounds");
    pr->add_option("--cut-path", pro.cut_path, "hold: drop this path's session at --cut-at");
    pr->add_option("--cut-at", pr_cut_at, "hold: when to drop --cut-path");
    pr->add_option("--restore-at", pr_restore_at, "hold: when to log --cut-path in again (0: never)");
    pr->add_option("--login-timeout", pr_login, "give up a login after this long");
    pr->add_option("--timeout", pr_timeout, "per-command timeout");

    CLI11_PARSE(app, argc, argv);

    auto dur = [](const std::string& name, const std::string& text, std::uint64_t& out) {
        if (parse_duration_us(text, out)) return true;
        std::fprintf(stderr, "mpio-iscsi: %s: bad duration %s\n", name.c_str(), text.c_str());
        return false;
    };
    if (probe->parsed()) {
        if (!dur("--login-timeout", probe_login, po.login_timeout_us)) return 2;
        return probe_command(po);
    }
    if (pr->parsed()) {
        if (!dur("--login-timeout", pr_login, pro.login_timeout_us) || !dur("--timeout", pr_timeout, pro.timeout_us) ||
            !dur("--duration", pr_duration, pro.duration_us) || !dur("--interval", pr_interval, pro.interval_us) ||
            !dur("--cut-at", pr_cut_at, pro.cut_at_us) || !dur("--restore-at", pr_restore_at, pro.restore_at_us))
            return 2;
        if ((!pr_key.empty() && !parse_pr_key(pr_key, pro.key)) ||
            (!pr_victim.empty() && !parse_pr_key(pr_victim, pro.victim))) {
            std::fprintf(stderr, "mpio-iscsi pr: a key is a non-zero number (0x... or decimal)\n");
            return 2;
        }
        return pr_command(pro);
    }
    if (!dur("--duration", duration, ro.duration_us) || !dur("--timeout", timeout, ro.timeout_us) ||
        !dur("--login-timeout", login_timeout, ro.login_timeout_us) ||
        !dur("--relogin-delay", relogin, ro.relogin_delay_us) || !dur("--no-path-time", no_path, ro.no_path_us) ||
        !dur("--retry-interval", retry_interval, ro.retry_interval_us) ||
        !dur("--doubt-grace", grace, ro.doubt_grace_us))
        return 2;
    ro.region_bytes = std::stoull(region) << 20;
    ro.final_verify = !no_final;
    for (const std::string& f : faults) {
        fault x;
        std::string err;
        if (!parse_fault(f, x, err)) {
            std::fprintf(stderr, "mpio-iscsi: %s\n", err.c_str());
            return 2;
        }
        ro.faults.push_back(x);
    }
    std::stable_sort(ro.faults.begin(), ro.faults.end(),
                     [](const fault& a, const fault& b) { return a.at_us < b.at_us; });
    return run_command(ro);
}
