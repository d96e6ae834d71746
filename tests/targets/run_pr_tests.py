#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Persistent reservations on a real target: tgt's tgtd on loopback, one
target on two portals (two paths), driven by `mpio-iscsi pr`
(docs/reservations.md, "A real target").

  1. what tgt answers: REPORT CAPABILITIES (decoded), READ FULL STATUS;
  2. node A (one initiator name) registers through both paths and reserves
     Write Exclusive; its writes through the holder path succeed, and every
     path the planner lets carry I/O accepts its write;
  3. node B (another initiator name) writes: RESERVATION CONFLICT (18h);
  4. A's holder path is cut (the tool drops the session, as the `cut` case of
     run_target_tests.py does): the planner moves the reservation to A's
     other path (PREEMPT of its own key); A still writes, B still conflicts;
  5. B preempts A's key (PREEMPT, taking Write Exclusive): A's writes get
     RESERVATION CONFLICT, A's planner is fenced, B's writes succeed;
  6. after CLEAR, A reserves Exclusive Access, registrants only; B tries
     PREEMPT AND ABORT (tgt refuses it: ILLEGAL REQUEST 24h/00h), then
     PREEMPT: A fenced (even its reads conflict), B writes.

Skips (exit 77) without root, tgtd or the tool. Under 30 s.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
IQN = "iqn.2026-12.org.mpio:pr"
NODE_A = "iqn.2026-12.org.mpio:node-a"
NODE_B = "iqn.2026-12.org.mpio:node-b"
KEY_A, KEY_B = "0xa1a1", "0xb1b1"


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def adm(ctl, args, check=True):
    r = subprocess.run("tgtadm -C %d %s" % (ctl, args), shell=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=20)
    if check and r.returncode != 0:
        raise RuntimeError("tgtadm %s: %s" % (args, r.stdout.strip()))
    return r


class Check:
    def __init__(self):
        self.failures = 0

    def __call__(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            self.failures += 1
        return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    if os.geteuid() != 0:
        skip("needs root (tgtd)")
    for tool in ("tgtd", "tgtadm"):
        if shutil.which(tool) is None:
            skip("%s not installed (scripts/install-deps targets)" % tool)
    if not os.path.exists(args.binary):
        skip("mpio-iscsi not built (libiscsi-dev missing?)")

    # Ports and control sockets of our own (run_target_tests.py uses 21000+ and 4000+).
    slot = os.getpid() % 4
    port, ctl = 3291 + slot, 41 + slot
    work = tempfile.mkdtemp(prefix="mpio-pr-")
    backing = os.path.join(work, "lu.img")
    with open(backing, "wb") as f:
        f.truncate(16 << 20)
    log = open(os.path.join(work, "tgtd.log"), "a")
    tgtd = subprocess.Popen(["tgtd", "-f", "-C", str(ctl), "--iscsi", "portal=127.0.0.1:%d" % port],
                            stdout=log, stderr=log)
    check = Check()
    holders = []
    t0 = time.time()
    try:
        for _ in range(100):
            if adm(ctl, "--op show --mode system", check=False).returncode == 0:
                break
            time.sleep(0.05)
        a = "--lld iscsi"
        adm(ctl, "%s --op new --mode target --tid 1 -T %s" % (a, IQN))
        adm(ctl, "%s --op new --mode logicalunit --tid 1 --lun 1 -b %s" % (a, backing))
        adm(ctl, "%s --op bind --mode target --tid 1 -I ALL" % a)
        adm(ctl, "%s --op new --mode portal --param portal=127.0.0.2:%d" % (a, port))
        urls = ["iscsi://127.0.0.1:%d/%s/1" % (port, IQN), "iscsi://127.0.0.2:%d/%s/1" % (port, IQN)]
        common = ["--login-timeout", "2s", "--timeout", "2s"]

        def pr(action, *opts, node=NODE_A):
            cmd = [args.binary, "pr", action, "--initiator-name", node] + common + list(opts) + urls
            print("$ " + " ".join(cmd), flush=True)
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
            sys.stdout.write(r.stderr)
            return r

        def hold(*opts, node=NODE_A):
            cmd = [args.binary, "pr", "hold", "--initiator-name", node] + common + list(opts) + urls
            print("$ " + " ".join(cmd) + " &", flush=True)
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
            holders.append(p)
            return p

        def rounds_until(p, pred, what, limit_s=8.0):
            """Read p's JSON lines until pred(line) holds; the line, or None."""
            end = time.time() + limit_s
            while time.time() < end:
                raw = p.stdout.readline()
                if not raw:
                    break
                line = json.loads(raw)
                if line.get("summary"):
                    print("  summary: %s" % raw.strip())
                    break
                if pred(line):
                    print("  round: %s" % raw.strip())
                    check(True, what)
                    return line
            check(False, what + " (not seen)")
            return None

        def finish(p):
            out, _ = p.communicate(timeout=30)
            lines = [json.loads(x) for x in out.splitlines() if x.strip()]
            summary = lines[-1] if lines and lines[-1].get("summary") else {}
            return lines, summary, p.returncode

        # 1. What tgt answers.
        r = pr("status", "--json")
        st = json.loads(r.stdout)
        caps = st["capabilities"].get("decoded", {})
        print("  REPORT CAPABILITIES: %s" % json.dumps(caps))
        print("  READ FULL STATUS: %s" % st["full_status"]["status"])
        check(st["capabilities"]["status"] == "GOOD", "tgt answers REPORT CAPABILITIES")
        check(st["keys"]["status"] == "GOOD" and st["reservation"]["status"] == "GOOD",
              "tgt answers READ KEYS and READ RESERVATION")

        # 2. Node A: register on both paths, reserve WE, write; its holder path is cut at 2 s.
        a_hold = hold("--key", KEY_A, "--reserve", "--type", "we", "--duration", "6s", "--interval", "100ms",
                      "--cut-path", "0", "--cut-at", "2s")
        first = rounds_until(a_hold, lambda l: l["holds_reservation"] and l.get("holder_path") == 0 and
                             l["paths"][0]["write"] == "GOOD",
                             "node A holds Write Exclusive through path 0 and writes through it")
        if first:
            check(all(p["registration"] == "registered" for p in first["paths"]),
                  "node A registered on both paths before any I/O")
            check(first["paths"][1]["may_carry_io"] is False and
                  first["paths"][1]["write"] == "RESERVATION CONFLICT",
                  "Write Exclusive: A's non-holder path is kept out (and the target agrees: 18h)")
        # 3. Node B writes: conflict on both paths.
        r = pr("write-check", "--json", node=NODE_B)
        b = json.loads(r.stdout)
        check(all(p["write"] == "RESERVATION CONFLICT" for p in b["paths"]),
              "node B's writes get RESERVATION CONFLICT on both paths: %s" % [p["write"] for p in b["paths"]])
        # 4. After the cut: the reservation moved to path 1, A still writes, B still conflicts.
        moved = rounds_until(a_hold, lambda l: l["t_ms"] > 2000 and l["paths"][0]["session"] != "up" and
                             l.get("holder_path") == 1 and l["paths"][1]["write"] == "GOOD",
                             "path 0 cut: A holds the reservation through path 1 and writes through it")
        r = pr("write-check", "--json", node=NODE_B)
        b = json.loads(r.stdout)
        check(all(p["write"] == "RESERVATION CONFLICT" for p in b["paths"]),
              "path 0 cut: node B still conflicts: %s" % [p["write"] for p in b["paths"]])
        # 5. B preempts A's key and takes Write Exclusive.
        b_hold = hold("--key", KEY_B, "--victim", KEY_A, "--type", "we", "--duration", "1s", node=NODE_B)
        fenced = rounds_until(a_hold, lambda l: l["state"] == "fenced",
                              "node A's planner is fenced after B's PREEMPT")
        if fenced:
            nxt = rounds_until(a_hold, lambda l: True, "a round after fencing")
            if nxt:
                check(not any(p["may_carry_io"] for p in nxt["paths"]), "fenced: no path of A carries I/O")
                check(all(p["write"] in ("RESERVATION CONFLICT", "not sent (no session)") for p in nxt["paths"]),
                      "fenced: A's writes get RESERVATION CONFLICT: %s" % [p["write"] for p in nxt["paths"]])
        lines, summary, rc = finish(b_hold)
        check(rc == 0 and any(l.get("holds_reservation") and any(p["write"] == "GOOD" for p in l["paths"])
                              for l in lines[:-1]),
              "node B holds the reservation and its writes succeed (exit %s)" % rc)
        lines, summary, rc = finish(a_hold)
        check(rc == 0 and summary.get("gate_violations") == 0,
              "node A: every path the planner let carry I/O accepted the write (%s)" % summary)

        # 6. CLEAR, then A reserves EA-RO, B preempts and aborts.
        r = pr("clear", "--key", KEY_B, "--json", node=NODE_B)
        check(r.returncode == 0, "node B clears every registration and the reservation")
        a_hold = hold("--key", KEY_A, "--reserve", "--type", "ea-ro", "--duration", "3s", "--interval", "100ms")
        ro = rounds_until(a_hold, lambda l: l["holds_reservation"] and
                          all(p["write"] == "GOOD" for p in l["paths"]),
                          "EA-RO: node A writes through both registered paths")
        r = pr("write-check", "--json", node=NODE_B)
        b = json.loads(r.stdout)
        check(all(p["write"].endswith("RESERVATION CONFLICT") for p in b["paths"]),
              "EA-RO: node B (not registered) conflicts, even reading: %s" % [p["write"] for p in b["paths"]])
        # PREEMPT AND ABORT: tgt 1.0.85 answers ILLEGAL REQUEST, INVALID FIELD IN CDB (24h/00h);
        # nothing changes then. A target that takes it fences A the same way as PREEMPT.
        r = pr("preempt-abort", "--key", KEY_B, "--victim", KEY_A, "--type", "ea-ro", "--json", node=NODE_B)
        pa = [c for c in json.loads(r.stdout)["commands"] if c["service_action"] == "PREEMPT AND ABORT"]
        print("  PREEMPT AND ABORT: %s" % (pa[0]["status"] if pa else "not sent"))
        aborted = bool(pa) and pa[0]["status"] == "GOOD"
        check(bool(pa) and (aborted or pa[0]["status"] == "CHECK CONDITION ILLEGAL REQUEST 24h/00h"),
              "PREEMPT AND ABORT sent through one registered path of node B")
        if not aborted:
            b_hold = hold("--key", KEY_B, "--victim", KEY_A, "--type", "ea-ro", "--duration", "1s", node=NODE_B)
        rounds_until(a_hold, lambda l: l["state"] == "fenced", "EA-RO preempted: node A's planner is fenced")
        nxt = rounds_until(a_hold, lambda l: True, "a round after the preemption")
        if nxt:
            check(all(p["write"].endswith("RESERVATION CONFLICT") for p in nxt["paths"]),
                  "EA-RO preempted: A's I/O gets RESERVATION CONFLICT: %s" % [p["write"] for p in nxt["paths"]])
        if not aborted:
            lines, summary, rc = finish(b_hold)
            check(rc == 0 and any(l.get("holds_reservation") and all(p["write"] == "GOOD" for p in l["paths"])
                                  for l in lines[:-1]),
                  "EA-RO preempted: node B holds EA-RO and writes through both paths")
        finish(a_hold)
    finally:
        for p in holders:
            if p.poll() is None:
                p.kill()
                p.wait()
        # tgtd ignores SIGTERM: delete the target, then the system.
        adm(ctl, "--lld iscsi --op delete --mode target --tid 1 --force", check=False)
        adm(ctl, "--op delete --mode system", check=False)
        try:
            tgtd.wait(timeout=3)
        except subprocess.TimeoutExpired:
            tgtd.send_signal(signal.SIGKILL)
            tgtd.wait()
        shutil.rmtree(work, ignore_errors=True)
    print("%s: %d failure(s) in %.1f s" % ("FAIL" if check.failures else "PASS", check.failures, time.time() - t0))
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
