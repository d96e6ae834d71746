#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CLI tests of `mpio-inspect decode --as nvme-id-ctrl|nvme-id-ns|nvme-ns-descs|nvme-ana-log|nvme-status`
(kind_nvme_identify.cpp, kind_nvme_ana_log.cpp, kind_nvme_status.cpp): text and JSON, truncated and
malformed data; and of `mpio-inspect id --nvme` (command_id.cpp): every NVMe scheme, exit statuses. The inputs are built here byte by byte (no NVMe device on the test machines).

    nvme_test.py --list                      the case names, one a line
    nvme_test.py --binary B --case NAME      run one case (ctest runs each)
    nvme_test.py --binary B                  run every case
"""
import argparse
import json
import subprocess
import sys

BINARY = None


class Failure(Exception):
    pass


def run(*args, stdin=None):
    proc = subprocess.run([BINARY, *args], input=stdin, capture_output=True, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def check(condition, message, out="", err=""):
    if not condition:
        raise Failure(f"{message}\n--- stdout:\n{out}\n--- stderr:\n{err}")


def hexify(data):
    return (" ".join(f"{b:02x}" for b in data) + "\n").encode()


def decode_json(kind, data, status=0):
    rc, out, err = run("decode", "--json", "--as", kind, "-", stdin=hexify(data))
    check(rc == status, f"exit status {rc}, expected {status}", out, err)
    doc = json.loads(out)
    check(isinstance(doc, list) and len(doc) == 1, "one JSON object", out, err)
    return doc[0], out, err


def decode_text(kind, data, status=0):
    rc, out, err = run("decode", "--as", kind, "-", stdin=hexify(data))
    check(rc == status, f"exit status {rc}, expected {status}", out, err)
    return out, err


def le(value, width):
    return list(value.to_bytes(width, "little"))


def id_ctrl():
    p = [0] * 4096
    p[0:2] = le(0x144D, 2)
    p[4:24] = list(b"S4EWNX0R123456".ljust(20))
    p[24:64] = list(b"Samsung SSD 980 PRO 1TB".ljust(40))
    p[64:72] = list(b"5B2QGXA7")
    p[76] = 0x0A
    p[78:80] = le(6, 2)
    p[80:84] = le(0x00010400, 4)
    p[92:96] = le(1 << 11, 4)
    p[342] = 10
    p[343] = 0x5F
    p[344:348] = le(128, 4)
    p[348:352] = le(64, 4)
    p[516:520] = le(1024, 4)
    p[540:544] = le(1024, 4)
    nqn = list(b"nqn.2014-08.org.example:subsys1")
    p[768:768 + len(nqn)] = nqn
    return p


def id_ns():
    p = [0] * 4096
    p[0:8] = le(1 << 28, 8)
    p[8:16] = le(1 << 28, 8)
    p[25] = 1
    p[26] = 1
    p[30] = 1
    p[92:96] = le(2, 4)
    p[104:120] = list(range(0x10, 0x20))
    p[120:128] = [0x00, 0x25, 0x38, 0x5A, 0x71, 0xB0, 0x12, 0x34]
    p[130] = 9
    p[134] = 12
    return p


def ana_log(groups, ngrps=None):
    b = le(7, 8) + le(len(groups) if ngrps is None else ngrps, 2) + [0] * 6
    for gid, state, nsids in groups:
        b += le(gid, 4) + le(len(nsids), 4) + le(7, 8) + [state] + [0] * 15
        for n in nsids:
            b += le(n, 4)
    return b


def case_id_ctrl():
    doc, out, err = decode_json("nvme-id-ctrl", id_ctrl())
    c = doc["nvme_identify_controller"]
    check(c["vid"] == 0x144D and c["sn"] == "S4EWNX0R123456", "VID and trimmed SN", out, err)
    check(c["mn"] == "Samsung SSD 980 PRO 1TB" and c["cntlid"] == 6, "MN and CNTLID", out, err)
    check(c["cmic_ana_reporting"] is True and c["cmic_multiple_controllers"] is True, "CMIC bits", out, err)
    check(c["oaes_ana_change_notices"] is True, "OAES bit 11", out, err)
    check(c["anatt"] == 10 and c["anagrpmax"] == 128 and c["nanagrpid"] == 64, "ANA fields", out, err)
    check(c["anacap_anagrpid_static"] is True and c["anacap_nonzero_anagrpid"] is False, "ANACAP bits", out, err)
    check(c["subnqn"] == "nqn.2014-08.org.example:subsys1" and c["mnan"] == 1024, "SUBNQN, MNAN", out, err)
    text, err = decode_text("nvme-id-ctrl", id_ctrl())
    check("ANA states reported" in text and "optimized, non-optimized" in text, "ANACAP states in text", text, err)


def case_id_ctrl_truncated():
    doc, out, err = decode_json("nvme-id-ctrl", id_ctrl()[:100])
    c = doc["nvme_identify_controller"]
    check(c["cntlid"] == 6 and "anatt" not in c and "subnqn" not in c, "fields past the data left out", out, err)
    check(any("truncated" in n for n in c.get("notes", [])), "truncation noted", out, err)
    rc, out, err = run("decode", "--as", "nvme-id-ctrl", "-", stdin=hexify(id_ctrl()[:40]))
    check(rc != 0 and "80" in (out + err), "too short is an error naming the 80 bytes", out, err)


def case_id_ns():
    doc, out, err = decode_json("nvme-id-ns", id_ns())
    n = doc["nvme_identify_namespace"]
    check(n["nsze"] == 1 << 28 and n["nmic_shared"] is True and n["anagrpid"] == 2, "NSZE, NMIC, ANAGRPID", out, err)
    check(n["eui64"].replace(" ", "").lower().startswith("0025385a"), "EUI64", out, err)
    check(len(n["lba_formats"]) == 2 and n["lba_formats"][1]["lbads"] == 12, "LBA formats", out, err)


def case_ns_descs():
    data = [3, 16, 0, 0] + list(range(16)) + [2, 16, 0, 0] + [0xAA] * 16 + [0] * 8
    doc, out, err = decode_json("nvme-ns-descs", data)
    d = doc["nvme_namespace_identification_descriptors"]["descriptors"]
    check(len(d) == 2 and d[0]["nidt"] == 3 and d[1]["nidl"] == 16, "two descriptors", out, err)
    bad = [1, 7, 0, 0] + [0] * 12
    rc, out, err = run("decode", "--json", "--as", "nvme-ns-descs", "-", stdin=hexify(bad))
    check("length_mismatch" in out + err, "a wrong NIDL is reported", out, err)


def case_ana_log():
    data = ana_log([(1, 1, [1, 2]), (2, 2, [3]), (3, 0xF, [])])
    doc, out, err = decode_json("nvme-ana-log", data)
    a = doc["nvme_ana_log"]
    check(a["chgcnt"] == 7 and a["ngrps"] == 3 and len(a["groups"]) == 3, "header and groups", out, err)
    check(a["groups"][0]["nsids"] == "1 2" and a["groups"][1]["anas_name"] == "non-optimized", "NSIDs, state", out, err)
    check(a["groups"][2]["anas"] == 15, "change state", out, err)
    text, err = decode_text("nvme-ana-log", data)
    check("ANA group 2" in text and "non-optimized" in text, "text output", text, err)


def case_ana_log_malformed():
    data = ana_log([(1, 1, [1]), (0, 1, [2])])
    rc, out, err = run("decode", "--json", "--as", "nvme-ana-log", "-", stdin=hexify(data))
    check("ANA group ID 0" in out + err, "group ID 0 refused with the kernel's rule named", out, err)
    doc = json.loads(out)[0]
    check(len(doc["nvme_ana_log"]["groups"]) == 1, "the group before it is kept", out, err)
    cut = ana_log([(1, 1, [1, 2]), (2, 2, [3])])[:60]
    doc, out, err = decode_json("nvme-ana-log", cut)
    check(any("truncated" in n for n in doc["nvme_ana_log"].get("notes", [])), "truncation noted", out, err)


def case_status():
    doc, out, err = decode_json("nvme-status", le(0x4302, 2))
    s = doc["nvme_status"]
    check(s["sct"] == 3 and s["sc"] == 2 and s["dnr"] is True, "SCT, SC, DNR", out, err)
    check(s["sc_name"] == "Asymmetric Access Inaccessible", "named", out, err)
    check(s["linux_native_multipath"]["disposition"] == "complete", "DNR completes", out, err)
    doc, out, err = decode_json("nvme-status", le(0x303, 2))
    k = doc["nvme_status"]["linux_native_multipath"]
    check(k["disposition"] == "failover" and k["refresh_ana_log"] is True, "ANA transition fails over", out, err)
    cqe = le(0, 4) + le(0, 4) + le(5, 2) + le(1, 2) + le(0x1234, 2) + le((0x370 << 1) | 1, 2)
    doc, out, err = decode_json("nvme-status", cqe)
    s = doc["nvme_status"]
    check(s["cid"] == 0x1234 and s["phase_tag"] is True and s["sc_name"] == "Host Pathing Error", "CQE", out, err)
    rc, out, err = run("decode", "--as", "nvme-status", "-", stdin=hexify([1, 2, 3]))
    check(rc != 0, "3 bytes are neither a status field nor a CQE", out, err)


def id_nvme(files, *args):
    """Runs `id --nvme` with each (option, data) of `files` saved as a hex file."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        argv = ["id", "--nvme"]
        for option, data in files:
            path = os.path.join(d, option.strip("-") + ".hex")
            with open(path, "wb") as f:
                f.write(hexify(data))
            argv += [option, path]
        return run(*argv, *args)


NGUID_HEX = "101112131415161718191a1b1c1d1e1f"


def case_id_nvme_schemes():
    files = [("--id-ctrl", id_ctrl()), ("--id-ns", id_ns())]
    rc, out, err = id_nvme(files, "--nsid", "1")
    check(rc == 0 and out == f"nguid.{NGUID_HEX}\n", "default scheme mpio-nvme: rank 1 NGUID", out, err)
    rc, out, err = id_nvme(files, "--nsid", "1", "--all")
    want = [
        f"linux-nvme-wwid\teui.{NGUID_HEX}",
        f"multipath-tools-nvme\teui.{NGUID_HEX}",
        f"spdk-nvme\tnsid.00000001-nguid.{NGUID_HEX}-eui64.0025385a71b01234-uuid.none-csi.00",
        f"mpio-nvme\tnguid.{NGUID_HEX}",
    ]
    check(rc == 0 and out.splitlines() == want, "--all: every NVMe scheme in table order", out, err)
    # A UUID descriptor: the kernel's first choice.
    descs = [3, 16, 0, 0] + list(range(0xA0, 0xB0)) + [0] * 8
    rc, out, err = id_nvme(files + [("--ns-descs", descs)], "--nsid", "1", "--scheme", "linux-nvme-wwid")
    check(rc == 0 and out == "uuid.a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf\n", "uuid. from the descriptor list", out, err)
    # No NGUID, EUI64 or UUID: SUBNQN + NSID for mpio-nvme, nvme.VID-SN-MN-NSID for the kernel.
    plain = id_ns()
    plain[104:128] = [0] * 24
    rc, out, err = id_nvme([("--id-ctrl", id_ctrl()), ("--id-ns", plain)], "--nsid", "42", "--all")
    lines = out.splitlines()
    check(rc == 0 and lines[3] == "mpio-nvme\tnqn.2014-08.org.example:subsys1/nsid.0000002a", "rank 4", out, err)
    sn, mn = b"S4EWNX0R123456".hex(), b"Samsung SSD 980 PRO 1TB".hex()
    check(lines[0] == f"linux-nvme-wwid\tnvme.144d-{sn}-{mn}-0000002a", "the kernel's fallback", out, err)


def case_id_nvme_no_identifier():
    files = [("--id-ctrl", id_ctrl()), ("--id-ns", id_ns())]
    rc, out, err = id_nvme(files, "--nsid", "0")
    check(rc == 1 and out == "" and "invalid_argument" in err and "mpio-nvme" in err, "NSID 0: exit 1", out, err)
    unallocated = id_ns()
    unallocated[8:16] = [0] * 8
    rc, out, err = id_nvme([("--id-ctrl", id_ctrl()), ("--id-ns", unallocated)], "--nsid", "1",
                           "--scheme", "linux-nvme-wwid")
    check(rc == 1 and "not_ready" in err, "NCAP 0: exit 1", out, err)
    rc, out, err = id_nvme([("--id-ctrl", id_ctrl()[:40]), ("--id-ns", id_ns())], "--nsid", "1")
    check(rc == 1 and "too_short" in err, "a short Identify Controller: exit 1", out, err)
    # --all exits 0 whatever each scheme yields, as the SCSI form does.
    rc, out, err = id_nvme(files, "--nsid", "0", "--all")
    check(rc == 0 and [l.split("\t")[1] for l in out.splitlines()] == ["-"] * 4, "--all: - for each", out, err)
    # A SCSI scheme with --nvme, an NVMe scheme without it.
    rc, out, err = id_nvme(files, "--nsid", "1", "--scheme", "mpio")
    check(rc == 1 and "not an NVMe scheme" in err, "--nvme --scheme mpio: exit 1", out, err)
    rc, out, err = run("id", "--scheme", "mpio-nvme", "--vpd83", "-", stdin=b"00 83 00 00\n")
    check(rc == 1 and "not a SCSI scheme" in err, "--scheme mpio-nvme without --nvme: exit 1", out, err)


def case_id_nvme_usage():
    files = [("--id-ctrl", id_ctrl()), ("--id-ns", id_ns())]
    rc, out, err = id_nvme(files)
    check(rc >= 100 and "--nsid" in err, "--nsid is required", out, err)
    rc, out, err = id_nvme([("--id-ns", id_ns())], "--nsid", "1")
    check(rc >= 100 and "--id-ctrl" in err, "--id-ctrl is required", out, err)
    rc, out, err = id_nvme([("--id-ctrl", id_ctrl())], "--nsid", "1")
    check(rc >= 100 and "--id-ns" in err, "--id-ns is required", out, err)
    rc, out, err = id_nvme(files + [("--vpd83", [0, 0x83, 0, 0])], "--nsid", "1")
    check(rc >= 100, "--vpd83 with --nvme is a usage error", out, err)
    rc, out, err = run("id", "--id-ctrl", "x", "--nsid", "1")
    check(rc >= 100, "--id-ctrl without --nvme is a usage error", out, err)
    rc, out, err = run("id", "--inquiry", "x")
    check(rc >= 100 and "--vpd83" in err, "the SCSI form still requires --vpd83", out, err)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    global BINARY
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary")
    parser.add_argument("--case")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
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
