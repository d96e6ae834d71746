#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""iscsi_bench.py - the engine over real iSCSI sessions, measured in one run.

Against one loopback tgt (one target, two portals), in the same run:

  1. IOPS of 4 KiB random reads through mpio::engine::device over 2 paths
     (mpio-iscsi run, round robin, and Fail Over Only) against one direct
     libiscsi session with the same event loop and no engine (mpio-iscsi run
     --direct), at queue depth 1 and 32; the runs alternate (the order
     rotates from one repetition to the next, so no mode always runs first
     or after the same neighbour), each configuration runs --reps times, the
     median and the ratio per alternated triple are reported. Round robin
     at queue depth 1 moves every I/O to the other TCP connection, which
     costs the target a wake-up of its other connection; Fail Over Only
     keeps one path busy as the direct session does, so its ratio is the
     engine's own cost;
  2. the CPU cost per I/O: user+sys CPU of the whole process per I/O, engine
     minus direct, and the CPU time inside the engine's calls measured by the
     tool itself (--engine-cpu: thread CPU clock around submit/on_completion/
     poll, libiscsi's share of send() taken out), for round robin and Fail
     Over Only;
  3. the failover gap (longest time without a completed I/O after a fault)
     per fault kind, p50 / p99 over --gap-runs runs of the real-target cases
     (tests/targets/run_target_tests.py), or read from a directory of their
     JSON reports (--gaps-from DIR, e.g. the --out of a --full run).

    bench/iscsi_bench.py --binary build/bench/tools/mpio-iscsi/mpio-iscsi [--quick] [--json FILE]
                         [--reps N] [--duration T] [--qd 1,32] [--no-gaps]

On a shared machine, `nice -n -20` (root) for the bench and the tgtd it
starts takes some, not all, of the other processes' noise out.

Needs root and tgt (skips with exit 77 otherwise). Standard library only.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "targets"))
import run_target_tests as rt  # noqa: E402  (the same target set-up as the tests)


def tool(binary, args):
    r = subprocess.run([binary, "run", "--json", "--quiet"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError("mpio-iscsi %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr[-400:]))
    return json.loads(r.stdout)


def pct(values, p):
    v = sorted(values)
    if not v:
        return 0.0
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * (len(v) - 1)))))
    return v[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--duration", default="3s")
    ap.add_argument("--gap-runs", type=int, default=2, help="runs per fault kind for the gap percentiles")
    ap.add_argument("--gaps-from", help="take the gaps from these JSON reports instead (DIR/*.json)")
    ap.add_argument("--quick", action="store_true", help="CI size: 2 reps of 2 s, 1 gap run per fault kind")
    ap.add_argument("--no-gaps", action="store_true", help="IOPS and CPU only (no failover gap runs)")
    ap.add_argument("--qd", default="1,32", help="queue depths, comma-separated (default 1,32)")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    if args.quick:
        args.reps, args.duration, args.gap_runs = 2, "2s", 1
    binary = os.path.abspath(args.binary)
    if os.geteuid() != 0:
        rt.skip("needs root (tgtd)")
    if not os.path.exists(binary):
        rt.skip("mpio-iscsi not built")
    for t in ("tgtd", "tgtadm"):
        if not rt.shutil.which(t):
            rt.skip("tgt is not installed")

    work = tempfile.mkdtemp(prefix="mpio-iscsi-bench-")
    backing = os.path.join(work, "lu.img")
    with open(backing, "wb") as f:
        f.truncate(256 << 20)
    port = 26000 + os.getpid() % 1000
    t = rt.Tgtd(work, 6000 + os.getpid() % 1000, port, "bench")
    qds = [int(q) for q in args.qd.split(",")]
    figures = {"iops": {}, "cpu_ns_per_io": {}, "engine_ns_per_io": {}, "failover_gap_ms": {}}
    try:
        t.start()
        t.target(1, "iqn.2026-12.org.mpio:bench", backing)
        t.portal("127.0.0.2")
        urls = ["iscsi://127.0.0.1:%d/iqn.2026-12.org.mpio:bench/1" % port,
                "iscsi://127.0.0.2:%d/iqn.2026-12.org.mpio:bench/1" % port]
        common = ["--workload", "randread", "--io-size", "4096", "--region-mib", "128", "--duration", args.duration,
                  "--no-final-verify", "--timeout", "5s"]
        runs = {}
        modes = ("direct", "engine", "engine_FOO")
        for qd in qds:
            for rep in range(args.reps):
                # alternate, so that a slow moment of the shared machine hits every mode; rotate the order
                for mode in modes[rep % 3:] + modes[:rep % 3]:
                    if mode == "direct":
                        r = tool(binary, common + ["--qd", str(qd), "--direct", urls[0]])
                    elif mode == "engine":
                        r = tool(binary, common + ["--qd", str(qd), "--policy", "RR"] + urls)
                    else:
                        r = tool(binary, common + ["--qd", str(qd), "--policy", "FOO"] + urls)
                    runs.setdefault((mode, qd), []).append(r)
            # the engine's own CPU time (the clock reads cost a little: separate runs)
            for policy, key in (("RR", "qd%d" % qd), ("FOO", "FOO_qd%d" % qd)):
                e = tool(binary, common + ["--qd", str(qd), "--policy", policy, "--engine-cpu"] + urls)
                figures["engine_ns_per_io"][key] = e["engine_ns_per_io"]
        for (mode, qd), rs in sorted(runs.items()):
            figures["iops"]["%s_qd%d" % (mode, qd)] = statistics.median(r["iops"] for r in rs)
            figures["cpu_ns_per_io"]["%s_qd%d" % (mode, qd)] = statistics.median(r["cpu_ns_per_io"] for r in rs)
        for qd in qds:
            d = figures["iops"]["direct_qd%d" % qd]
            for mode in ("engine", "engine_FOO"):
                figures["iops"]["%s_vs_direct_qd%d" % (mode, qd)] = figures["iops"]["%s_qd%d" % (mode, qd)] / d if d else 0.0
                # the same ratio per alternated triple, so one slow moment of the machine shows as spread
                figures["iops"]["%s_vs_direct_qd%d_pairs" % (mode, qd)] = [
                    round(e["iops"] / r["iops"], 3) if r["iops"] else 0.0
                    for r, e in zip(runs[("direct", qd)], runs[(mode, qd)])]
                figures["iops"]["%s_vs_direct_qd%d_pairs_median" % (mode, qd)] = statistics.median(
                    figures["iops"]["%s_vs_direct_qd%d_pairs" % (mode, qd)])
                figures["cpu_ns_per_io"]["%s_minus_direct_qd%d" % (mode, qd)] = (
                    figures["cpu_ns_per_io"]["%s_qd%d" % (mode, qd)] - figures["cpu_ns_per_io"]["direct_qd%d" % qd])
    finally:
        t.stop()
        rt.shutil.rmtree(work, ignore_errors=True)

    # failover gaps per fault kind (the first fault of each case: the cut)
    gaps = {}
    if args.no_gaps:
        reports = []
    elif args.gaps_from:
        reports = sorted(glob.glob(os.path.join(args.gaps_from, "*.json")))
    else:
        out = tempfile.mkdtemp(prefix="mpio-iscsi-gaps-")
        kinds = [("tgt", "cut"), ("tgt", "portal-delete"), ("tgt", "conn-delete"), ("tgt", "sigstop"),
                 ("tgt", "sigkill"), ("tgt", "nft-drop"), ("tgt", "nft-reject"), ("istgt", "stpg")]
        policies = ["RR", "LQD", "service-time", "VMW_PSP_RR"]
        cases = []
        for target, fault in kinds:
            for i in range(args.gap_runs):
                cases += ["--case", rt.case_name(target, fault, policies[i % len(policies)])]
        subprocess.run([sys.executable, os.path.join(HERE, "..", "tests", "targets", "run_target_tests.py"),
                        "--binary", binary, "--out", out] + cases, stdout=subprocess.DEVNULL)
        reports = sorted(glob.glob(os.path.join(out, "*.json")))
    for path in reports:
        name = os.path.basename(path)[:-5]
        try:
            target, fault, _ = rt.parse_case(name)
            r = json.load(open(path))
        except (SystemExit, ValueError, OSError):
            continue
        if fault.startswith("apd") or not r["faults"]:
            continue
        gaps.setdefault("%s %s" % (target, fault), []).append(r["faults"][0]["gap_ms"])
    for kind, g in sorted(gaps.items()):
        figures["failover_gap_ms"][kind] = {"runs": len(g), "p50": pct(g, 50), "p99": pct(g, 99), "max": max(g)}

    i, c = figures["iops"], figures["cpu_ns_per_io"]
    print("4 KiB random reads, loopback tgt, median of %d runs of %s" % (args.reps, args.duration))
    for qd in qds:
        print("  QD%-2d  direct libiscsi session %8.0f IOPS   CPU %6d ns per I/O" % (
            qd, i["direct_qd%d" % qd], c["direct_qd%d" % qd]))
        for mode, name, key in (("engine", "RR ", "qd%d" % qd), ("engine_FOO", "FOO", "FOO_qd%d" % qd)):
            print("        engine, 2 paths (%s)  %8.0f IOPS   ratio %.3f (median of triples %.3f: %s)" % (
                name, i["%s_qd%d" % (mode, qd)], i["%s_vs_direct_qd%d" % (mode, qd)],
                i["%s_vs_direct_qd%d_pairs_median" % (mode, qd)],
                " ".join("%.3f" % x for x in i["%s_vs_direct_qd%d_pairs" % (mode, qd)])))
            print("                                 CPU %6d ns per I/O (%+d ns over direct; inside engine calls %d ns)" % (
                c["%s_qd%d" % (mode, qd)], c["%s_minus_direct_qd%d" % (mode, qd)],
                figures["engine_ns_per_io"][key]))
    if not args.no_gaps:
        print("failover gap (ms), first fault of each case, transport timeout 1000 ms:")
    for kind, g in sorted(figures["failover_gap_ms"].items()):
        print("  %-20s runs %3d  p50 %7.1f  p99 %7.1f  max %7.1f" % (kind, g["runs"], g["p50"], g["p99"], g["max"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
