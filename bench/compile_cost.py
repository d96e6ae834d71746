#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""compile_cost.py - what including mpio costs, against fmt, in one run.

Each translation unit includes one header and nothing else:
<mpio/mpio.hpp>, each layer umbrella, each public header (include/mpio,
hosted/ excepted) and, as the yardstick, fmt's <fmt/format.h> (Debian
libfmt-dev, fmt 9.1). Every TU is compiled with
    g++ -std=c++20 -O0 -fsyntax-only -I include
and, unless --no-object, once more with -c (a full object file). The runs of
all TUs are interleaved, round after round, so that a burst of load on a
shared machine hits every TU alike; each TU keeps its best (smallest) wall
time of N rounds and its best CPU time (user + sys of the compiler process).
The table gives both, and each as a ratio to fmt's figure of the same run:
the goal for <mpio/mpio.hpp> is a third of fmt's (issue 15).

  bench/compile_cost.py                 umbrellas + every public header, 5 rounds
  bench/compile_cost.py --quick         umbrellas only, 3 rounds (what CI runs)
  bench/compile_cost.py --max-ratio 0.34
                                        exit 1 when mpio.hpp's best wall time
                                        exceeds that fraction of fmt's
  bench/compile_cost.py --include DIR   the headers of another include/ tree, e.g.
                                        git archive COMMIT include | tar -x -C /tmp/old
  bench/compile_cost.py --compare DIR   also <mpio/mpio.hpp> and each umbrella of another
                                        include/ tree (e.g. an older commit's, as above) in
                                        the same rounds: before and after from one run
  bench/compile_cost.py --time-trace DIR
                                        also clang++ -ftime-trace of mpio.hpp and
                                        each umbrella into DIR, and print the
                                        headers that cost most (clang's view)
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = REPO / "include"  # --include replaces it (e.g. an older tree from `git archive`)
UMBRELLAS = ["mpio", "core", "scsi", "nvme", "ident", "topology", "policy", "recovery", "reservation", "engine"]


def public_headers():
    base = INCLUDE / "mpio"
    out = []
    for p in sorted(base.rglob("*.hpp")):
        rel = p.relative_to(INCLUDE).as_posix()
        if rel.startswith("mpio/hosted/"):
            continue
        if p.parent == base:  # umbrellas are measured in their own group
            continue
        out.append(rel)
    return out


def run_once(cmd):
    """Runs cmd, returns (wall seconds, cpu seconds) or raises on failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(tus, modes, rounds, cxx, work, include_of=None):
    """tus: list of (label, header). include_of: {label: include dir} for TUs
    that use another include tree than INCLUDE. Returns {(label, mode): (best
    wall, best cpu)}."""
    include_of = include_of or {}
    sources = {}
    for i, (label, header) in enumerate(tus):
        src = work / f"tu{i}.cpp"
        src.write_text(f"#include <{header}>\n")
        sources[label] = src
    best = {}
    for r in range(rounds):
        for label, _ in tus:
            for mode in modes:
                inc = include_of.get(label, INCLUDE)
                cmd = [cxx, "-std=c++20", "-O0", "-I", str(inc), str(sources[label])]
                cmd += ["-fsyntax-only"] if mode == "syntax" else ["-c", "-o", str(work / "tu.o")]
                wall, cpu = run_once(cmd)
                old = best.get((label, mode))
                best[(label, mode)] = (wall, cpu) if old is None else (min(old[0], wall), min(old[1], cpu))
        print(f"  round {r + 1}/{rounds} done", file=sys.stderr)
    return best


def time_trace(tus, outdir, work):
    """clang++ -ftime-trace of each TU; prints the most expensive included files."""
    clang = shutil.which("clang++")
    if clang is None:
        print("time-trace: clang++ not found, skipped")
        return
    outdir.mkdir(parents=True, exist_ok=True)
    totals = {}
    for i, (label, header) in enumerate(tus):
        src = work / f"trace_{label.replace('/', '_').replace('.', '_')}.cpp"
        src.write_text(f"#include <{header}>\n")
        obj = outdir / (src.stem + ".o")
        subprocess.run([clang, "-std=c++20", "-O0", "-I", str(INCLUDE), "-ftime-trace", "-c", str(src), "-o", str(obj)],
                       check=True)
        trace = obj.with_suffix(".json")
        data = json.loads(trace.read_text())
        for ev in data.get("traceEvents", []):
            if ev.get("name") == "Source" and ev.get("ph") == "X":
                f = ev.get("args", {}).get("detail", "")
                if label == "mpio.hpp":
                    totals[f] = totals.get(f, 0) + ev.get("dur", 0)
            if ev.get("name") == "Total Frontend" and label == "mpio.hpp":
                print(f"time-trace: clang front end for <mpio/mpio.hpp>: {ev.get('dur', 0) / 1000:.0f} ms")
        obj.unlink(missing_ok=True)
    print(f"time-trace: JSON traces in {outdir} (open in chrome://tracing or speedscope)")
    print("time-trace: headers parsed for <mpio/mpio.hpp>, most expensive first (inclusive ms):")
    for f, dur in sorted(totals.items(), key=lambda kv: -kv[1])[:15]:
        try:
            f = str(pathlib.Path(f).resolve().relative_to(REPO))
        except ValueError:
            pass
        print(f"  {dur / 1000:8.1f}  {f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=None, help="rounds (best of N); default 5, 3 with --quick")
    ap.add_argument("--quick", action="store_true", help="mpio.hpp and the layer umbrellas only")
    ap.add_argument("--no-object", action="store_true", help="-fsyntax-only only, no -c column")
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--max-ratio", type=float, default=None,
                    help="fail when mpio.hpp's -fsyntax-only wall time exceeds this fraction of fmt's")
    ap.add_argument("--time-trace", type=pathlib.Path, default=None, metavar="DIR")
    ap.add_argument("--include", type=pathlib.Path, default=None, metavar="DIR",
                    help="measure the headers of another include/ tree (default: this repository's)")
    ap.add_argument("--compare", type=pathlib.Path, default=None, metavar="DIR",
                    help="also measure mpio.hpp and the umbrellas of this include/ tree, in the same rounds")
    args = ap.parse_args()
    if args.include is not None:
        global INCLUDE
        INCLUDE = args.include.resolve()
    rounds = args.runs or (3 if args.quick else 5)
    modes = ["syntax"] if args.no_object else ["syntax", "object"]

    tus = [("fmt/format.h", "fmt/format.h")]
    tus += [(f"{u}.hpp", f"mpio/{u}.hpp") for u in UMBRELLAS]
    if not args.quick:
        tus += [(h[len("mpio/"):], h) for h in public_headers()]
    include_of = {}
    if args.compare is not None:
        for u in UMBRELLAS:
            label = f"{u}.hpp (--compare)"
            tus.append((label, f"mpio/{u}.hpp"))
            include_of[label] = args.compare.resolve()
    tus.append(("(empty TU)", "cstddef"))

    version = subprocess.run([args.cxx, "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    print(f"compile cost: {version}; -std=c++20 -O0; best of {rounds} rounds, {len(tus)} TUs interleaved")
    with tempfile.TemporaryDirectory(prefix="mpio-compile-cost-") as tmp:
        work = pathlib.Path(tmp)
        try:
            best = measure(tus, modes, rounds, args.cxx, work, include_of)
        except RuntimeError as e:
            print(f"compile cost: {e}", file=sys.stderr)
            return 2
        fmt = {m: best[("fmt/format.h", m)] for m in modes}
        head = f"{'#include <...> alone':44} {'-fsyntax-only wall':>18} {'x fmt':>6} {'cpu':>7} {'x fmt':>6}"
        if "object" in modes:
            head += f" {'-c wall':>8} {'x fmt':>6}"
        print(head)
        print("-" * len(head))
        for label, _ in tus:
            w, c = best[(label, "syntax")]
            line = f"{label:44} {w * 1000:16.0f}ms {w / fmt['syntax'][0]:6.2f} {c * 1000:5.0f}ms {c / fmt['syntax'][1]:6.2f}"
            if "object" in modes:
                wo, _ = best[(label, "object")]
                line += f" {wo * 1000:6.0f}ms {wo / fmt['object'][0]:6.2f}"
            print(line)
            if label in ("engine.hpp", "engine.hpp (--compare)"):
                print("-" * len(head))
        if args.time_trace is not None:
            time_trace([(t, h) for t, h in tus if t.endswith(".hpp") and "/" not in t], args.time_trace, work)

    ratio = best[("mpio.hpp", "syntax")][0] / fmt["syntax"][0]
    cpu_ratio = best[("mpio.hpp", "syntax")][1] / fmt["syntax"][1]
    goal = "goal <= 0.33"
    print(f"<mpio/mpio.hpp> -fsyntax-only: {ratio:.2f}x fmt's wall time, {cpu_ratio:.2f}x its CPU time ({goal})")
    if args.compare is not None:
        old = best[("mpio.hpp (--compare)", "syntax")]
        print(f"<mpio/mpio.hpp> of --compare {args.compare}: {old[0] / fmt['syntax'][0]:.2f}x fmt's wall time, "
              f"{old[1] / fmt['syntax'][1]:.2f}x its CPU time")
    if args.max_ratio is not None and ratio > args.max_ratio:
        print(f"compile cost: FAILED, {ratio:.2f} > {args.max_ratio}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
