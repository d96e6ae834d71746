#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CLI tests of `mpio-inspect decode --as nvme-id-ctrl|nvme-id-ns|nvme-ns-descs|nvme-ana-log|nvme-status`
(kind_nvme_identify.cpp, kind_nvme_ana_log.cpp, kind_nvme_status.cpp): text and JSON, truncated and
malformed data. The inputs are built here byte by byte (no NVMe device on the test machines).

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
