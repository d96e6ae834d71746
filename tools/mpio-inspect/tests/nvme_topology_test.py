#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CLI tests of `mpio-inspect topology --nvme` (topology_nvme.cpp): the bundled sysfs sample
(tools/mpio-inspect/samples/nvme-sysfs, the layout of /sys/class/nvme-subsystem) and per-path dump
directories built here byte by byte (no NVMe device or target on the test machines): two controllers,
ANA states per controller, an ANAGRPID the ANA log contradicts, refused logs, missing files, two subsystems.

    nvme_topology_test.py --list                   the case names, one a line
    nvme_topology_test.py --binary B --case NAME   run one case (ctest runs each)
    nvme_topology_test.py --binary B               run every case
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

BINARY = None
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.normpath(os.path.join(HERE, os.pardir, "samples", "nvme-sysfs"))
NQN = "nqn.2014-08.org.example:subsys1"


class Failure(Exception):
    pass


def run(*args):
    proc = subprocess.run([BINARY, *args], capture_output=True, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def check(condition, message, out="", err=""):
    if not condition:
        raise Failure(f"{message}\n--- stdout:\n{out}\n--- stderr:\n{err}")


def topo_json(*args, status=0):
    rc, out, err = run("topology", "--nvme", "--json", *args)
    check(rc == status, f"exit status {rc}, expected {status}", out, err)
    try:
        return json.loads(out), err
    except json.JSONDecodeError as e:
        raise Failure(f"stdout is not JSON: {e}\n{out}\n{err}")


def le(value, width):
    return list(value.to_bytes(width, "little"))


def id_ctrl(cntlid, nqn=NQN):
    p = [0] * 4096
    p[4:24] = list(b"6b6f5a3c2e1d0f09".ljust(20))
    p[24:64] = list(b"Linux".ljust(40))
    p[64:72] = list(b"6.1.0".ljust(8))
    p[76] = 0x0A  # CMIC: multiple controllers, ANA reporting
    p[78:80] = le(cntlid, 2)
    p[342] = 10
    p[343] = 0x5F
    p[344:348] = le(128, 4)  # ANAGRPMAX
    p[348:352] = le(128, 4)
    p[516:520] = le(1024, 4)
    p[540:544] = le(1024, 4)
    p[768:768 + len(nqn)] = list(nqn.encode())
    return bytes(p)


def id_ns(anagrpid):
    p = [0] * 4096
    p[0:8] = le(1 << 28, 8)
    p[8:16] = le(1 << 28, 8)
    p[30] = 1  # NMIC shared
    p[92:96] = le(anagrpid, 4)
    return bytes(p)


def ana_log(chgcnt, groups):
    """groups: (ANAGRPID, ANAS, [NSIDs])"""
    p = le(chgcnt, 8) + le(len(groups), 2) + [0] * 6
    for grp, state, nsids in groups:
        p += le(grp, 4) + le(len(nsids), 4) + le(chgcnt, 8) + [state] + [0] * 15
        for n in nsids:
            p += le(n, 4)
    return bytes(p)


OPT, NONOPT, INACC, CHANGE = 1, 2, 3, 0xF


def write_path(root, name, files):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    for fname, content in files.items():
        with open(os.path.join(d, fname), "wb") as f:
            f.write(content if isinstance(content, bytes) else (content + "\n").encode())


def two_controllers(root, log1=None, log2=None):
    """Namespace 1 (ANAGRPID 2) through controllers 1 and 2; group 2 optimized on 1, non-optimized on 2."""
    log1 = log1 if log1 is not None else ana_log(5, [(2, OPT, [1])])
    log2 = log2 if log2 is not None else ana_log(9, [(2, NONOPT, [1])])
    write_path(root, "nvme0c0n1", {"id-ctrl": id_ctrl(1), "id-ns": id_ns(2), "nsid": "1", "ana-log": log1,
                                   "name": "nvme0", "transport": "tcp", "address": "traddr=10.0.0.1,trsvcid=4420",
                                   "state": "live"})
    write_path(root, "nvme0c1n1", {"id-ctrl": id_ctrl(2), "id-ns": id_ns(2), "nsid": "1", "ana-log": log2,
                                   "name": "nvme1", "transport": "tcp", "address": "traddr=10.0.0.2,trsvcid=4420",
                                   "state": "live"})


def paths_by_name(doc):
    out = {}
    for s in doc["subsystems"]:
        for n in s["namespaces"]:
            for p in n["paths"]:
                out[p["name"]] = p
    return out


# ---------------------------------------------------------------- cases

def case_sysfs_sample_text():
    rc, out, err = run("topology", "--nvme", "--sysfs", "--sysfs-root", SAMPLE)
    check(rc == 0, f"exit status {rc}", out, err)
    check(f"nvme-subsys0 - NQN={NQN}\n" in out, "the list-subsys header line", out, err)
    check("               iopolicy=round-robin\n" in out, "iopolicy under the NQN, aligned as nvme-cli does", out, err)
    check("\\\n +- nvme0 tcp traddr=192.168.10.1,trsvcid=4420,src_addr=192.168.10.100 live optimized\n" in out,
          "controller nvme0 with the first namespace's ANA state", out, err)
    check(" +- nvme1 tcp traddr=192.168.20.1,trsvcid=4420,src_addr=192.168.20.100 live non-optimized\n" in out,
          "controller nvme1", out, err)
    check(" +- nvme2 rdma traddr=192.168.30.1,trsvcid=4420 connecting change\n" in out, "controller nvme2", out, err)
    check("namespace 1 (nvme0n1) wwid=eui.600a09800000000100000000deadbeef: 3 paths, 2 usable" in out,
          "namespace 1: the change path and the connecting controller are not usable", out, err)
    check("namespace 2 (nvme0n2) wwid=eui.600a09800000000100000000deadbef0: 2 paths, 2 usable" in out,
          "namespace 2", out, err)


def case_sysfs_sample_json():
    doc, err = topo_json("--sysfs", "--sysfs-root", SAMPLE)
    check(doc["source"]["kind"] == "nvme-sysfs", "source kind", json.dumps(doc), err)
    check(len(doc["subsystems"]) == 1, "one subsystem", json.dumps(doc), err)
    s = doc["subsystems"][0]
    check(s["nqn"] == NQN and s["model"] == "Linux" and s["firmware"] == "6.1.0", "subsystem attributes",
          json.dumps(s), err)
    check([c["name"] for c in s["controllers"]] == ["nvme0", "nvme1", "nvme2"], "controllers in order",
          json.dumps(s), err)
    check([c["cntlid"] for c in s["controllers"]] == [1, 2, 3], "CNTLIDs", json.dumps(s), err)
    check([c["ana_state"] for c in s["controllers"]] == ["optimized", "non-optimized", "change"],
          "the first namespace's ANA state per controller", json.dumps(s), err)
    paths = paths_by_name(doc)
    check(paths["nvme0c1n2"]["ana_state"] == "optimized" and paths["nvme0c1n2"]["anagrpid"] == 3,
          "namespace 2 through nvme1", json.dumps(paths), err)
    check(paths["nvme0c2n1"]["usable"] is False, "a path in change is not usable", json.dumps(paths), err)
    check(doc["errors"] == [], "no errors", json.dumps(doc), err)


def case_sysfs_absent():
    with tempfile.TemporaryDirectory() as root:
        rc, out, err = run("topology", "--nvme", "--sysfs", "--sysfs-root", root)
        check(rc == 1, f"exit status {rc}, expected 1", out, err)
        check("no NVMe subsystem class directory" in err, "says why", out, err)


def case_sysfs_missing_nsid():
    with tempfile.TemporaryDirectory() as root:
        shutil.copytree(SAMPLE, os.path.join(root, "s"))
        os.remove(os.path.join(root, "s", "class", "nvme-subsystem", "nvme-subsys0", "nvme1", "nvme0c1n2", "nsid"))
        doc, err = topo_json("--sysfs", "--sysfs-root", os.path.join(root, "s"), status=1)
        check(any(e["code"] == "bad_nsid" for e in doc["errors"]), "bad_nsid reported", json.dumps(doc), err)
        check("nvme0c1n2" not in paths_by_name(doc), "the path is left out", json.dumps(doc), err)


def case_dumps_two_controllers():
    with tempfile.TemporaryDirectory() as root:
        two_controllers(root)
        rc, out, err = run("topology", "--nvme", root)
        check(rc == 0, f"exit status {rc}", out, err)
        check(f"nvme-subsys0 - NQN={NQN}\n" in out, "header", out, err)
        check(" +- nvme0 tcp traddr=10.0.0.1,trsvcid=4420 live optimized\n" in out, "controller 1", out, err)
        check(" +- nvme1 tcp traddr=10.0.0.2,trsvcid=4420 live non-optimized\n" in out, "controller 2", out, err)
        doc, err = topo_json(root)
        s = doc["subsystems"][0]
        check(s["serial"] == "6b6f5a3c2e1d0f09" and s["model"] == "Linux", "serial and model from Identify",
              json.dumps(s), err)
        n = s["namespaces"][0]
        check(n["nsid"] == 1 and n["path_count"] == 2 and n["usable_paths"] == 2, "namespace 1, two paths",
              json.dumps(n), err)
        p = paths_by_name(doc)
        check(p["nvme0c0n1"]["cntlid"] == 1 and p["nvme0c0n1"]["ana_state"] == "optimized", "path 1",
              json.dumps(p), err)
        check(p["nvme0c1n1"]["cntlid"] == 2 and p["nvme0c1n1"]["ana_state"] == "non-optimized", "path 2",
              json.dumps(p), err)
        check(p["nvme0c0n1"]["ana_check"] == "consistent" and p["nvme0c0n1"]["ana_group"] == 2, "cross-checked",
              json.dumps(p), err)


def case_dumps_hex_text():
    with tempfile.TemporaryDirectory() as root:
        two_controllers(root)
        for name in ("nvme0c0n1", "nvme0c1n1"):
            for f in ("id-ctrl", "id-ns", "ana-log"):
                path = os.path.join(root, name, f)
                with open(path, "rb") as fh:
                    data = fh.read()
                with open(path, "w") as fh:
                    fh.write("# hex text\n" + " ".join(f"{b:02x}" for b in data) + "\n")
        doc, err = topo_json(root)
        p = paths_by_name(doc)
        check(p["nvme0c1n1"]["ana_state"] == "non-optimized", "hex text read as the binary", json.dumps(p), err)


def case_dumps_anagrpid_mismatch():
    with tempfile.TemporaryDirectory() as root:
        two_controllers(root, log2=ana_log(9, [(3, OPT, [1])]))
        doc, err = topo_json(root)
        p = paths_by_name(doc)["nvme0c1n1"]
        check(p["ana_check"] == "ANAGRPID mismatch" and p["anagrpid"] == 2 and p["ana_group"] == 3,
              "the contradiction is reported", json.dumps(p), err)
        check(p["ana_state"] is None and p["usable"] is False, "no state guessed, not usable", json.dumps(p), err)
        rc, out, err = run("topology", "--nvme", root)
        check("(ANAGRPID mismatch: log group 3) (not usable)" in out, "text says it", out, err)


def case_dumps_refused_ana_log():
    for label, log in (("truncated", ana_log(9, [(2, NONOPT, [1])])[:40]),
                       ("group 0", ana_log(9, [(0, NONOPT, [1])])),
                       ("above ANAGRPMAX", ana_log(9, [(129, NONOPT, [1])])),
                       ("state 0", ana_log(9, [(2, 0, [1])])),
                       ("header only, cut", ana_log(9, [])[:10])):
        with tempfile.TemporaryDirectory() as root:
            two_controllers(root, log2=log)
            doc, err = topo_json(root, status=1)
            check(any(e["file"].endswith("ana-log") for e in doc["errors"]), f"{label}: the log is reported",
                  json.dumps(doc), err)
            p = paths_by_name(doc)
            check(p["nvme0c1n1"]["ana_state"] is None and p["nvme0c1n1"]["ana_check"] == "not read",
                  f"{label}: nothing applied", json.dumps(p), err)
            check(p["nvme0c0n1"]["ana_state"] == "optimized", f"{label}: the other controller unaffected",
                  json.dumps(p), err)


def case_dumps_missing_files():
    with tempfile.TemporaryDirectory() as root:
        two_controllers(root)
        os.remove(os.path.join(root, "nvme0c1n1", "id-ns"))
        os.remove(os.path.join(root, "nvme0c0n1", "nsid"))
        doc, err = topo_json(root, status=1)
        codes = sorted(e["code"] for e in doc["errors"])
        check(codes == ["bad_nsid", "missing_file"], f"both reported: {codes}", json.dumps(doc), err)
        check(doc["subsystems"] == [], "no path left", json.dumps(doc), err)
        check("no NVMe path found" in err, "stderr says so", json.dumps(doc), err)


def case_dumps_two_subsystems():
    with tempfile.TemporaryDirectory() as root:
        two_controllers(root)
        write_path(root, "nvme1c2n1", {"id-ctrl": id_ctrl(1, "nqn.2014-08.org.example:other"), "id-ns": id_ns(1),
                                       "nsid": "1", "ana-log": ana_log(1, [(1, OPT, [1])])})
        doc, err = topo_json(root)
        check([s["nqn"] for s in doc["subsystems"]] == [NQN, "nqn.2014-08.org.example:other"],
              "one subsystem per SUBNQN", json.dumps(doc), err)
        check(doc["subsystems"][1]["controllers"][0]["name"] == "cntlid1", "a controller without a name file",
              json.dumps(doc), err)


def case_not_a_directory():
    rc, out, err = run("topology", "--nvme", os.path.join(SAMPLE, "class", "nvme-subsystem", "nvme-subsys0", "model"))
    check(rc == 1 and "not a directory" in err, f"exit status {rc}", out, err)


CASES = {name[len("case_"):]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}


def main():
    global BINARY
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--case")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    BINARY = args.binary
    names = [args.case] if args.case else list(CASES)
    failed = 0
    for name in names:
        try:
            CASES[name]()
            print(f"ok   {name}")
        except Failure as e:
            failed += 1
            print(f"FAIL {name}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
