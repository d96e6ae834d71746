#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CLI tests of `mpio-inspect topology`: the bundled sample directory
(tools/mpio-inspect/samples/topology), malformed and missing files, the
grouping policies, JSON shape, and --sysfs on a fake sysfs tree.

    topology_test.py --list                        the case names, one a line
    topology_test.py --binary B --case NAME        run one case (ctest runs each)
    topology_test.py --binary B                    run every case
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
SAMPLE = os.path.normpath(os.path.join(HERE, os.pardir, "samples", "topology"))


class Failure(Exception):
    pass


def run(*args):
    proc = subprocess.run([BINARY, *args], capture_output=True, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def check(condition, message, out="", err=""):
    if not condition:
        raise Failure(f"{message}\n--- stdout:\n{out}\n--- stderr:\n{err}")


def topo_json(*args, status=0):
    rc, out, err = run("topology", "--json", *args)
    check(rc == status, f"exit status {rc}, expected {status}", out, err)
    try:
        return json.loads(out), err
    except json.JSONDecodeError as e:
        raise Failure(f"stdout is not JSON: {e}\n{out}\n{err}")


def device(doc, name):
    for d in doc["devices"]:
        if d["name"] == name:
            return d
    raise Failure(f"no device {name} in {[d['name'] for d in doc['devices']]}")


def paths_of(dev):
    return [[p["name"] for p in g["paths"]] for g in dev["path_groups"]]


def find_path(doc, name):
    for d in doc["devices"]:
        for g in d["path_groups"]:
            for p in g["paths"]:
                if p["name"] == name:
                    return d, g, p
    for p in doc["not_grouped"]:
        if p["name"] == name:
            return None, None, p
    raise Failure(f"no path {name}")


class TempCopy:
    """A scratch copy of the sample directory (or an empty one)."""

    def __init__(self, copy=True):
        self.root = tempfile.mkdtemp(prefix="mpio-topology-")
        self.dir = os.path.join(self.root, "paths")
        if copy:
            shutil.copytree(SAMPLE, self.dir)
        else:
            os.makedirs(self.dir)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.root)


# ------------------------------------------------------------ the sample

def case_sample_grouping():
    doc, err = topo_json(SAMPLE)
    check(err == "", "no stderr expected", err=err)
    check(doc["path_count"] == 16, f"path_count {doc['path_count']}")
    check([d["name"] for d in doc["devices"]] == ["mpio0", "mpio1", "mpio2", "mpio3", "mpio4"], "device names")
    check([d["path_count"] for d in doc["devices"]] == [4, 4, 4, 3, 1], "paths per device")
    check(doc["not_grouped"] == [] and doc["errors"] == [], "nothing ungrouped, no errors")
    check(doc["grouping_policy"] == "group_by_prio" and doc["scheme"] == "mpio", "defaults")
    # LU 1: controller A owns it (TPG 1 active/optimized, PREF): group order by priority.
    d0 = device(doc, "mpio0")
    check(d0["identity"] == "naa.6acde480000007e0000000005eed0001", "identity of mpio0")
    check((d0["vendor"], d0["product"], d0["revision"]) == ("MPIOSIM", "VIRTUAL-ARRAY", "0420"), "vendor/product")
    check(paths_of(d0) == [["2:0:0:1", "3:0:0:1"], ["2:0:1:1", "3:0:1:1"]], f"groups of mpio0: {paths_of(d0)}")
    check([(g["priority"], g["status"]) for g in d0["path_groups"]] == [(50, "active"), (10, "enabled")], "prio/status")
    # LU 2: controller B owns it: the B ports come first.
    check(paths_of(device(doc, "mpio1")) == [["2:0:1:2", "3:0:1:2"], ["2:0:0:2", "3:0:0:2"]], "groups of mpio1")


def case_sample_path_fields():
    doc, _ = topo_json(SAMPLE)
    _, _, p = find_path(doc, "2:0:0:1")
    check(p["hctl"] == [2, 0, 0, 1], "hctl")
    check(p["state"] == "active" and p["os_state"] == "running" and p["usable"], "state")
    check(p["alua"] == {"state": "active/optimized", "state_code": 0, "preferred": True, "source": "rtpg",
                        "tpg_check": "consistent"}, f"alua {p['alua']}")
    check(p["priority"] == 50, "priority: AO 50, PREF adds nothing on an active/optimized group")
    check((p["target_port_group"], p["relative_target_port"]) == (1, 1), "tpg/rtp")
    check(p["target_port_name"] == "naa.5acde48007e00a01", "port name")
    check(p["target_device_name"] == "naa.5acde48007e00000", "device name")
    check(p["serial"] == "MPS7E0000001", "serial")
    check(p["files"]["inquiry"]["format"] == "binary", "LUN 1 files are binary")
    _, _, p = find_path(doc, "2:0:0:2")
    check(p["files"]["vpd_pg83"]["format"] == "hex_text", "LUN 2 files are hex text")


def case_json_shape():
    # The members docs/cli.md documents, no more, no fewer.
    doc, _ = topo_json(SAMPLE)
    check(list(doc) == ["source", "scheme", "grouping_policy", "exclusive_pref_bit", "path_count", "devices",
                        "not_grouped", "errors"], f"top level {list(doc)}")
    dev = doc["devices"][0]
    check(list(dev) == ["name", "identity", "identity_source", "vendor", "product", "revision", "alua", "path_count",
                        "notes", "path_groups"], f"device {list(dev)}")
    check(list(dev["alua"]) == ["mode", "tpgs", "rtpg", "agreement"], "device alua")
    group = dev["path_groups"][0]
    check(list(group) == ["priority", "status", "usable_paths", "paths"], f"group {list(group)}")
    path_members = ["name", "directory", "hctl", "identity", "identity_status", "identity_source", "discovery",
                    "state", "os_state", "usable", "priority", "alua", "target_port_group", "relative_target_port",
                    "target_port_name", "target_device_name", "serial", "files", "notes", "errors"]
    for d in doc["devices"]:
        for g in d["path_groups"]:
            for p in g["paths"]:
                check(list(p) == path_members, f"path {p['name']}: {list(p)}")
                check(list(p["files"]) == ["inquiry", "vpd_pg0", "vpd_pg80", "vpd_pg83", "rtpg"], "files")
    doc, _ = topo_json("--scheme", "multipath-tools", SAMPLE)
    check(list(doc["not_grouped"][0]) == path_members + ["not_grouped_reason"], "a path not grouped")


def case_sample_exclusive_pref_bit():
    doc, _ = topo_json("--exclusive-pref-bit", SAMPLE)
    check(device(doc, "mpio0")["path_groups"][0]["priority"] == 130, "AO + PREF with exclusive_pref_bit: 130")


def case_offline_path():
    doc, _ = topo_json(SAMPLE)
    _, g, p = find_path(doc, "2:0:1:2")
    check(p["state"] == "failed" and p["os_state"] == "offline" and not p["usable"], f"offline path {p}")
    check(g["usable_paths"] == 1 and g["priority"] == 50 and g["status"] == "active", f"its group {g}")


def case_tpgs_disagreement():
    doc, _ = topo_json(SAMPLE)
    alua = device(doc, "mpio2")["alua"]
    check(alua == {"mode": "implicit", "tpgs": 0, "rtpg": "answered", "agreement": "rtpg_without_tpgs"}, f"{alua}")
    check(any("TPGS is 0" in n for n in device(doc, "mpio2")["notes"]), "a note explains it")
    check(device(doc, "mpio0")["alua"]["mode"] == "both", "TPGS 3 + RTPG: both")
    check(device(doc, "mpio1")["alua"]["mode"] == "implicit", "TPGS 1 + RTPG: implicit")


def case_path_without_vpd83():
    doc, _ = topo_json(SAMPLE)
    dev, g, p = find_path(doc, "3:0:1:4")
    check(dev["name"] == "mpio4" and dev["path_count"] == 1, "a device of its own")
    check(dev["identity"] == "serial.MPIOSIM.VIRTUAL-ARRAY.MPS7E0000004", f"identity {dev['identity']}")
    check(p["identity_source"] == "unit serial number", "from page 80h")
    check(p["files"]["vpd_pg83"] is None, "no vpd_pg83 file")
    check(p["alua"] is None and p["priority"] is None and p["target_port_group"] is None, "no ALUA state")
    check(g["priority"] is None and g["usable_paths"] == 1, "a usable group of undefined priorities: undefined")
    check(any("mpio3" in n for n in dev["notes"]), "the report points at the device with the same serial")
    # The other scheme of the table that has no page-80h fallback leaves it ungrouped.
    doc, _ = topo_json("--scheme", "multipath-tools", SAMPLE)
    check(len(doc["devices"]) == 4, "multipath-tools: four devices")
    _, _, p = find_path(doc, "3:0:1:4")
    check(p["not_grouped_reason"].startswith("no identity"), f"reason {p.get('not_grouped_reason')}")


def case_every_scheme():
    # --scheme picks the scheme type the discovery flow is instantiated with:
    # every name of the table must reach it (a scheme that falls back to page
    # 80h splits LUN 4, one that does not leaves 3:0:1:4 ungrouped).
    rc, out, err = run("id", "--all", "--vpd83", os.path.join(SAMPLE, "2-0-0-2", "vpd_pg83"))
    names = [line.split("\t")[0] for line in out.splitlines()]
    check(rc == 0 and len(names) >= 7, "scheme names from id --all", out, err)
    for name in names:
        doc, _ = topo_json("--scheme", name, SAMPLE)
        check(doc["scheme"] == name, f"{name}: scheme member")
        devices, ungrouped = len(doc["devices"]), len(doc["not_grouped"])
        check((devices, ungrouped) in [(5, 0), (4, 1)], f"{name}: {devices} devices, {ungrouped} not grouped")
        check(all(d["path_count"] == 4 for d in doc["devices"][:3]), f"{name}: LUNs 1-3 have four paths")
        for p in doc["not_grouped"]:
            check(p["name"] == "3:0:1:4" and p["discovery"] == "no identity", f"{name}: {p['discovery']}")


def case_sample_text():
    rc, out, err = run("topology", SAMPLE)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    lines = [line.rstrip() for line in out.splitlines()]
    check(lines[0].endswith("16 paths, 5 multipath devices, 0 paths not grouped (scheme mpio, group_by_prio)"),
          "summary line", out)
    for want in ["mpio0 (naa.6acde480000007e0000000005eed0001) MPIOSIM,VIRTUAL-ARRAY rev 0420",
                 "|-+- group 1 prio=50 status=active usable=2/2",
                 "`-+- group 2 prio=10 status=enabled usable=2/2",
                 "alua: implicit (TPGS 0, RTPG answered, rtpg_without_tpgs)"]:
        check(want in lines, f"missing line {want!r}", out)
    check(any(line.startswith("| |- 2:0:0:1") and "active/optimized pref" in line and "tpg=1 rtp=1" in line
              for line in lines), "path line of 2:0:0:1", out)


def case_grouping_policies():
    expected = {"failover": 4, "multibus": 1, "serial": 1, "prio": 2, "node_name": 1, "tpg": 2,
                "group_by_tpg": 2}
    for policy, groups in expected.items():
        doc, _ = topo_json("--group", policy, SAMPLE)
        d0 = device(doc, "mpio0")
        check(len(d0["path_groups"]) == groups, f"{policy}: {len(d0['path_groups'])} groups, expected {groups}")
    doc, _ = topo_json("--group", "failover", SAMPLE)
    d0 = device(doc, "mpio0")
    check([g["priority"] for g in d0["path_groups"]] == [50, 50, 10, 10], "failover groups sorted by priority")
    check([g["status"] for g in d0["path_groups"]] == ["active", "enabled", "enabled", "enabled"], "one active")
    # multibus: one group, priority the average of the usable paths (50+50+10+10)/4.
    doc, _ = topo_json("--group", "multibus", SAMPLE)
    check(device(doc, "mpio0")["path_groups"][0]["priority"] == 30, "multibus average")
    rc, out, err = run("topology", "--group", "round-robin", SAMPLE)
    check(rc >= 100, f"unknown policy: exit status {rc}", out, err)


def case_discovery_flow():
    doc, _ = topo_json(SAMPLE)
    d0 = device(doc, "mpio0")
    outcomes = {p["name"]: p["discovery"] for g in d0["path_groups"] for p in g["paths"]}
    check(outcomes == {"2:0:0:1": "created device", "2:0:1:1": "joined device", "3:0:0:1": "joined device",
                       "3:0:1:1": "joined device"}, f"outcomes {outcomes}")


def case_no_alua_and_not_ready():
    with TempCopy(copy=False) as t:
        # LUN 3 (TPGS 0) without its RTPG files: a device without ALUA.
        for name in ["2-0-0-3", "2-0-1-3", "3-0-0-3", "3-0-1-3"]:
            shutil.copytree(os.path.join(SAMPLE, name), os.path.join(t.dir, name))
            os.unlink(os.path.join(t.dir, name, "rtpg"))
        # 3:0:1:3's scsi_device is blocked: verification pending.
        with open(os.path.join(t.dir, "3-0-1-3", "state"), "w") as f:
            f.write("blocked\n")
        # LUN 5: an NAA 6 designator that is zero after its NAA nibble - not assigned yet.
        shutil.copytree(os.path.join(SAMPLE, "2-0-0-2"), os.path.join(t.dir, "2-0-0-5"))
        with open(os.path.join(t.dir, "2-0-0-5", "vpd_pg83"), "w") as f:
            f.write("00 83 00 14 01 03 00 10 60" + " 00" * 15 + "\n")  # NAA 6, the rest zero
        doc, err = topo_json(t.dir)
        check(err == "", "no errors", err=err)
        d = device(doc, "mpio0")
        check(d["alua"] == {"mode": "none", "tpgs": 0, "rtpg": "not_issued", "agreement": "consistent"}, f"{d['alua']}")
        check(len(d["path_groups"]) == 1, "prio: every path undefined, one group")
        g = d["path_groups"][0]
        check(g["priority"] is None and g["usable_paths"] == 3, f"group {g}")
        check(all(p["priority"] is None and p["alua"] is None for p in g["paths"]), "no ALUA, no priority")
        _, _, p = find_path(doc, "3:0:1:3")
        check(p["state"] == "pending verification" and not p["usable"], f"blocked path {p['state']}")
        _, _, p = find_path(doc, "2:0:0:5")
        check(p["identity_status"] == "not ready" and p["discovery"] == "identity not ready", "not ready")
        check(p["not_grouped_reason"].startswith("identity not ready yet"), p["not_grouped_reason"])
        check(len(doc["devices"]) == 1, "the not-ready path makes no device")


def case_rtpg_failed():
    with TempCopy(copy=False) as t:
        for name in ["2-0-0-1", "3-0-0-1"]:
            shutil.copytree(os.path.join(SAMPLE, name), os.path.join(t.dir, name))
            with open(os.path.join(t.dir, name, "rtpg"), "w") as f:
                f.write("00 00\n")  # shorter than the RTPG header
        doc, err = topo_json(t.dir, status=1)
        check(len(err.splitlines()) == 2, "one line per bad rtpg", err=err)
        d = doc["devices"][0]
        check(d["alua"] == {"mode": "none", "tpgs": 3, "rtpg": "failed", "agreement": "tpgs_without_rtpg"},
              f"{d['alua']}")
        check(any("RTPG failed" in n or "REPORT TARGET PORT GROUPS failed" in n for n in d["notes"]), "note")


# ------------------------------------------------------------ bad input

def case_malformed_file():
    with TempCopy() as t:
        bad = os.path.join(t.dir, "2-0-0-1", "vpd_pg83")
        with open(bad, "w") as f:
            f.write("00 83 00 zz\n")
        doc, err = topo_json(t.dir, status=1)
        lines = err.splitlines()
        check(len(lines) == 1 and lines[0].startswith(f"mpio-inspect: {bad}: offset 9: 'zz' is not a hex byte"),
              "one stderr line", err=err)
        _, _, p = find_path(doc, "2:0:0:1")
        check(p["not_grouped_reason"].startswith("skipped: vpd_pg83: 'zz' is not a hex byte"), "shown as such")
        check(p["errors"][0]["code"] == "bad_hex" and doc["errors"][0]["file"] == bad, "error in JSON")
        lu1 = [d for d in doc["devices"] if d["identity"] == "naa.6acde480000007e0000000005eed0001"]
        check(len(lu1) == 1 and lu1[0]["path_count"] == 3, "the other three paths of LUN 1 still form a device")
        check(len(doc["devices"]) == 5, "the rest of the report is there")


def case_malformed_content():
    with TempCopy() as t:
        # RTPG whose descriptor claims 2 ports but holds one: reported, the path still grouped.
        rtpg = os.path.join(t.dir, "2-0-0-2", "rtpg")
        with open(rtpg, "w") as f:
            f.write("00 00 00 0c\n01 8f 00 01 00 00 00 02\n00 00 00 01\n")
        # An INQUIRY of 3 bytes.
        inq = os.path.join(t.dir, "3-0-0-2", "inquiry")
        with open(inq, "w") as f:
            f.write("00 00 06\n")
        doc, err = topo_json(t.dir, status=1)
        check(len(err.splitlines()) == 2, "two stderr lines", err=err)
        check(f"mpio-inspect: {rtpg}: offset " in err and f"mpio-inspect: {inq}: offset 0: standard INQUIRY" in err,
              "each names its file", err=err)
        # Claiming needs the INQUIRY (hardware ID): the discovery flow sets the path aside.
        _, _, p = find_path(doc, "3:0:0:2")
        check(p["identity"] == "naa.6acde480000007e0000000005eed0002", "identity from VPD 83h all the same")
        check(p["discovery"] == "no INQUIRY data" and p["not_grouped_reason"].startswith("no INQUIRY data"),
              f"not grouped: {p.get('not_grouped_reason')}")
        # The malformed RTPG: the path is grouped, its ALUA state could not be found.
        _, _, p = find_path(doc, "2:0:0:2")
        check(p["discovery"] == "created device" and p["alua"] is None, f"path with the bad RTPG: {p}")
        check(any("no ALUA state from RTPG" in n for n in p["notes"]), "a note says why")
        check(device(doc, "mpio1")["path_count"] == 3, "the three other paths of LUN 2 grouped")
        rc, out, _ = run("topology", t.dir)
        check(rc == 1 and "error: " in out, "the text report shows the error under its path", out)


def case_names_and_aliases():
    with TempCopy(copy=False) as t:
        # The kernel's ':' spelling, the vpd_pg00, a non-H:C:T:L name, a stray file.
        for src, dst in [("2-0-0-1", "2:0:0:1"), ("3-0-0-1", "lun1-second")]:
            shutil.copytree(os.path.join(SAMPLE, src), os.path.join(t.dir, dst))
        os.rename(os.path.join(t.dir, "2:0:0:1", "vpd_pg0"), os.path.join(t.dir, "2:0:0:1", "vpd_pg00"))
        with open(os.path.join(t.dir, "README"), "w") as f:
            f.write("not a path\n")
        os.makedirs(os.path.join(t.dir, "empty"))
        doc, err = topo_json(t.dir, status=1)
        check("no inquiry, vpd_pg0, vpd_pg80, vpd_pg83 or rtpg file" in err, "empty path reported", err=err)
        check(doc["path_count"] == 3, "README ignored, three path directories")
        d0 = doc["devices"][0]
        check([p["name"] for g in d0["path_groups"] for p in g["paths"]] == ["2:0:0:1", "lun1-second"], "names")
        _, _, p = find_path(doc, "2:0:0:1")
        check(p["files"]["vpd_pg0"]["path"].endswith("vpd_pg00"), "vpd_pg00 read as vpd_pg0")
        _, _, p = find_path(doc, "lun1-second")
        check(p["hctl"] is None, "no hctl for a free name")


def case_missing_directory():
    missing = os.path.join(tempfile.gettempdir(), "mpio-no-such-topology-dir")
    rc, out, err = run("topology", missing)
    check(rc == 1 and out == "", f"exit status {rc}", out, err)
    check(err == f"mpio-inspect: {missing}: no such directory\n", "one error line", out, err)
    rc, out, err = run("topology", os.path.join(SAMPLE, "2-0-0-1", "inquiry"))
    check(rc == 1 and "not a directory" in err, "a file is not a directory", out, err)
    with TempCopy(copy=False) as t:
        rc, out, err = run("topology", t.dir)
        check(rc == 1 and "no path sub-directories" in err, "empty directory", out, err)


def case_usage():
    for args in [("topology",), ("topology", "--sysfs", SAMPLE), ("topology", "--sysfs-root", "/tmp", SAMPLE),
                 ("topology", "--scheme", "nope", SAMPLE)]:
        rc, out, err = run(*args)
        check(rc >= 100, f"{args}: exit status {rc}", out, err)


# ------------------------------------------------------------ sysfs

def make_fake_sysfs(root, with_access_state):
    cls = os.path.join(root, "class", "scsi_device")
    os.makedirs(cls)
    for name in ["2-0-0-1", "2-0-1-1", "3-0-0-1", "3-0-1-1"]:
        hctl = name.replace("-", ":")
        dev = os.path.join(root, "devices", "host", hctl)
        os.makedirs(dev)
        for f in ["inquiry", "vpd_pg0", "vpd_pg80", "vpd_pg83", "state"]:
            shutil.copy(os.path.join(SAMPLE, name, f), dev)
        if with_access_state:
            ao = name.split("-")[2] == "0"  # target 0: controller A, TPG 1, owns LUN 1
            with open(os.path.join(dev, "access_state"), "w") as f:
                f.write("active/optimized\n" if ao else "active/non-optimized\n")
            with open(os.path.join(dev, "preferred_path"), "w") as f:
                f.write("1\n" if ao else "0\n")
        # sysfs: class/scsi_device/H:C:T:L/device is a link to the device directory.
        os.makedirs(os.path.join(cls, hctl))
        os.symlink(dev, os.path.join(cls, hctl, "device"))


def case_sysfs_fake_root():
    root = tempfile.mkdtemp(prefix="mpio-sysfs-")
    try:
        make_fake_sysfs(root, with_access_state=True)
        doc, err = topo_json("--sysfs", "--sysfs-root", root)
        check(err == "", "no errors", err=err)
        check(doc["source"] == {"kind": "sysfs", "path": os.path.join(root, "class", "scsi_device")}, "source")
        check(len(doc["devices"]) == 1 and doc["devices"][0]["path_count"] == 4, "one device, four paths")
        d = doc["devices"][0]
        check(d["alua"]["rtpg"] == "not_issued" and d["alua"]["agreement"] == "unconfirmed", f"{d['alua']}")
        check(paths_of(d) == [["2:0:0:1", "3:0:0:1"], ["2:0:1:1", "3:0:1:1"]], f"groups {paths_of(d)}")
        p = d["path_groups"][0]["paths"][0]
        check(p["alua"]["source"] == "sysfs access_state" and p["alua"]["preferred"], f"alua {p['alua']}")
        rc, out, err = run("topology", "--sysfs", "--sysfs-root", root)
        check(rc == 0 and "2:0:0:1" in out, "text report", out, err)
    finally:
        shutil.rmtree(root)


def case_sysfs_missing():
    root = tempfile.mkdtemp(prefix="mpio-sysfs-")
    try:
        rc, out, err = run("topology", "--sysfs", "--sysfs-root", root)
        check(rc == 1 and out == "", f"exit status {rc}", out, err)
        check(err.startswith(f"mpio-inspect: {os.path.join(root, 'class', 'scsi_device')}: no SCSI devices in sysfs"),
              "one clear line", out, err)
    finally:
        shutil.rmtree(root)


# ------------------------------------------------------------ hostile input (issue 17)

CONTROL = set(range(0x00, 0x20)) - {0x0a, 0x09}


def raw_run(*args, timeout=60):
    proc = subprocess.run([BINARY, *args], capture_output=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def check_terminal_safe(data, what):
    bad = sorted({b for b in data if b in CONTROL or b == 0x7f})
    check(not bad, f"{what}: raw control bytes {[hex(b) for b in bad]}", data.decode("utf-8", "replace"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"{what}: not UTF-8 ({e})")
    c1 = [c for c in text if 0x80 <= ord(c) <= 0x9f]
    check(not c1, f"{what}: C1 controls {c1!r}", text)


def case_hostile_state_and_names():
    with TempCopy() as t:
        # A crafted `state` (clear screen, OSC title, an injected line) and a
        # path directory whose name holds ESC, a newline and bytes that are not UTF-8.
        with open(os.path.join(t.dir, "2-0-0-1", "state"), "wb") as f:
            f.write(b"offline\x1b[2J\x1b]0;pwned\x07\nFAKE LINE \xff\xfe\x9b31m\xc2\x9b32m\n")
        os.rename(os.path.join(t.dir, "3-0-0-1"), os.path.join(t.dir.encode(), b"evil\x1b[31m\n\xffname"))
        rc, out, err = raw_run("topology", t.dir)
        check_terminal_safe(out, "stdout")
        check_terminal_safe(err, "stderr")
        check(not any(line.startswith(b"FAKE LINE") for line in out.splitlines()), "no injected line", out.decode())
        check(b"scsi_device state offline\\x1b[2J\\x1b]0;pwned\\x07\\x0aFAKE LINE \\xff\\xfe\\x9b31m\\xc2\\x9b32m" in out,
              "the state shown escaped", out.decode())
        check(b"evil\\x1b[31m\\x0a\\xffname" in out, "the name shown escaped", out.decode())
        rc, out, err = raw_run("topology", "--json", t.dir)
        check_terminal_safe(out, "JSON stdout")
        check(all(b < 0x80 for b in out), "the JSON output is ASCII", out.decode("utf-8", "replace"))
        doc = json.loads(out)
        _, _, p = find_path(doc, "2:0:0:1")
        check(p["os_state"].startswith("offline\x1b[2J"), "JSON keeps the value, escaped as JSON", json.dumps(p))


def case_garbage_directory():
    # Every file of every path holds random bytes: nothing raw reaches the terminal.
    import random
    rng = random.Random(17)
    with TempCopy(copy=False) as t:
        for i in range(6):
            d = os.path.join(t.dir, f"2-0-0-{i}")
            os.makedirs(d)
            for name in ["inquiry", "vpd_pg0", "vpd_pg80", "vpd_pg83", "rtpg", "state", "access_state"]:
                with open(os.path.join(d, name), "wb") as f:
                    f.write(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))))
        for args in [("topology", t.dir), ("topology", "--json", t.dir)]:
            rc, out, err = raw_run(*args)
            check(rc in (0, 1), f"{args}: exit status {rc}", out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
            check_terminal_safe(out, f"{args} stdout")
            check_terminal_safe(err, f"{args} stderr")


def case_missing_inquiry():
    with TempCopy() as t:
        missing = os.path.join(t.dir, "2-0-0-1", "inquiry")
        os.unlink(missing)
        doc, err = topo_json(t.dir, status=1)
        lines = err.splitlines()
        check(len(lines) == 1 and lines[0].startswith(f"mpio-inspect: {missing}: offset 0: missing file"),
              "one line naming the missing file and its path", err=err)
        check("too_short" not in err, "not the misleading too_short", err=err)
        _, _, p = find_path(doc, "2:0:0:1")
        check(p["errors"][0]["code"] == "missing_file" and p["errors"][0]["file"] == missing, "JSON error")
        check(p["not_grouped_reason"].startswith("skipped: inquiry: missing file"), p["not_grouped_reason"])
        check(len(doc["devices"]) == 5, "the other paths still grouped")
        rc, out, err = run("topology", t.dir)
        check(rc == 1 and "1 path not grouped" in out, "text: exit 1, the path counted as not grouped", out, err)


def case_symlink_loop():
    with TempCopy() as t:
        # A self-referencing link, a link back to the parent and a dangling link
        # among the path directories; a looping link as a dump file.
        os.symlink("loop", os.path.join(t.dir, "loop"))
        os.symlink("..", os.path.join(t.dir, "parent"))
        os.symlink("nowhere", os.path.join(t.dir, "dangling"))
        os.unlink(os.path.join(t.dir, "2-0-0-2", "vpd_pg80"))
        os.symlink("vpd_pg80", os.path.join(t.dir, "2-0-0-2", "vpd_pg80"))
        rc, out, err = raw_run("topology", "--json", t.dir, timeout=30)
        check(rc == 1, f"exit status {rc}", out.decode(), err.decode())
        doc = json.loads(out)
        names = {p["name"] for p in doc["not_grouped"]}
        check({"loop", "parent", "dangling"} <= names, f"each reported as a path not grouped: {names}", err=err.decode())
        text = err.decode()
        check("loop: offset 0: cannot read the path directory: Too many levels of symbolic links" in text,
              "the loop named", err=text)
        check("vpd_pg80: offset 0: cannot open file: Too many levels of symbolic links" in text, "file loop", err=text)
        check(len(doc["devices"]) == 5, "the sample's devices still there", json.dumps(doc["devices"])[:400])


def case_ten_thousand_paths():
    # Time and memory stay linear in the number of path directories: 1,000
    # and 10,000 paths (two per logical unit), generated here, each run in a
    # child process that reports its own peak RSS. Generous bounds: 10x the
    # paths may take at most 40x the time (+2 s) and 15x the memory growth.
    import time

    def make(root, count):
        inquiry = bytes([0, 0, 6, 0x12, 31, 0, 0x10, 0]) + b"MPIO    SCALE           0001"
        for i in range(count):
            lu = i // 2
            d = os.path.join(root, f"{i % 2 + 2}-0-0-{lu}")
            os.makedirs(d)
            with open(os.path.join(d, "inquiry"), "wb") as f:
                f.write(inquiry)
            naa = bytes([0x60, 0x0a, 0x0b, 0x0c]) + lu.to_bytes(12, "big")
            with open(os.path.join(d, "vpd_pg83"), "wb") as f:
                f.write(bytes([0, 0x83, 0, 28, 1, 3, 0, 16]) + naa + bytes([0x61, 0x94, 0, 4, 0, 0, 0, i % 2 + 1]))

    probe = ("import resource, subprocess, sys, time\n"
             "t = time.monotonic()\n"
             "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
             "t = time.monotonic() - t\n"
             "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
             "print(p.returncode, t, rss, len(p.stdout), len(p.stderr))\n")
    figures = {}
    root = tempfile.mkdtemp(prefix="mpio-topology-scale-")
    try:
        for count in [1000, 10000]:
            d = os.path.join(root, str(count))
            make(d, count)
            best = None
            for _ in range(2):  # the faster of two runs: less CI noise
                proc = subprocess.run([sys.executable, "-c", probe, BINARY, "topology", d],
                                      capture_output=True, text=True, timeout=600)
                rc, seconds, rss, out_len, err_len = proc.stdout.split()
                check(rc == "0", f"{count} paths: exit status {rc}", err=proc.stderr)
                run_figures = (float(seconds), int(rss), int(out_len))
                best = run_figures if best is None or run_figures[0] < best[0] else best
            figures[count] = best
        (t1, m1, o1), (t10, m10, o10) = figures[1000], figures[10000]
        print(f"  1,000 paths: {t1:.2f} s, {m1} KiB peak; 10,000 paths: {t10:.2f} s, {m10} KiB peak")
        check(t10 <= 40 * t1 + 2.0, f"time not linear: {t1:.2f} s -> {t10:.2f} s")
        baseline = 4096  # KiB a run needs whatever the count (binary, libraries)
        check(m10 - baseline <= 15 * max(m1 - baseline, 1024), f"memory not linear: {m1} -> {m10} KiB")
        check(o10 <= 15 * o1, f"output not linear: {o1} -> {o10} bytes")
    finally:
        shutil.rmtree(root)


def case_demo_output():
    # README's main command (scripts/run-demo, its build skipped): at most 80
    # lines, the grouping first, then one decoded response and the hints.
    demo = os.path.join(HERE, os.pardir, os.pardir, os.pardir, "scripts", "run-demo")
    env = dict(os.environ, MPIO_DEMO_INSPECT=os.path.abspath(BINARY))
    proc = subprocess.run([demo], capture_output=True, timeout=120, env=env)
    out = proc.stdout.decode()
    check(proc.returncode == 0, f"exit status {proc.returncode}", out, proc.stderr.decode())
    lines = out.splitlines()
    check(len(lines) <= 80, f"{len(lines)} lines, more than 80", out)
    summary = next(i for i, line in enumerate(lines) if "multipath devices, 0 paths not grouped" in line)
    check(summary <= 5, "the topology comes first, after one line on what it shows", out)
    check(lines.index("mpio0 (naa.6acde480000007e0000000005eed0001) MPIOSIM,VIRTUAL-ARRAY rev 0420") > summary,
          "multipath -ll view", out)
    decoded = next(i for i, line in enumerate(lines) if "REPORT TARGET PORT GROUPS parameter data, 36 bytes" in line)
    check(decoded > summary and any(line.startswith("More: ") for line in lines[decoded:]), "decode, then hints", out)


# ------------------------------------------------------------ driver

def cases():
    return {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_") and callable(fn)}


def main():
    global BINARY
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--binary")
    parser.add_argument("--case")
    args = parser.parse_args()
    all_cases = cases()
    if args.list:
        print("\n".join(all_cases))
        return 0
    BINARY = args.binary
    selected = [args.case] if args.case else list(all_cases)
    failed = 0
    for name in selected:
        try:
            all_cases[name]()
            print(f"ok   {name}")
        except Failure as e:
            failed += 1
            print(f"FAIL {name}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
