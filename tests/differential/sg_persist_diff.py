#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""PERSISTENT RESERVE IN decoding: mpio-inspect vs the real sg_persist.

Debian's sg_persist (sg3-utils 1.46) has no --inhex, so it is run on a fake
device: sg_persist_shim.c, built here with the C compiler and preloaded,
answers its SG_IO with the bytes of a file. For every case (the seeds of
fuzz/corpus/persistent_reserve_in, generated keys / reservations /
capabilities / full status descriptors with every TransportID protocol, and
cuts of them at every header length and 8-byte field boundary) both programs decode the same bytes:

    LD_PRELOAD=sg_persist_shim.so MPIO_SG_PERSIST_RESPONSE=FILE \\
        sg_persist -n --read-keys|--read-reservation|--report-capabilities|--read-full-status /dev/null
    mpio-inspect decode --json --as pr-keys|pr-reservation|pr-capabilities|pr-full-status FILE

and the decoded fields are compared. A difference is accepted only when it is
one of the kinds documented in docs/reservations.md ("Compared with
sg_persist"); any other fails the test. Exit 77 (skip) when sg_persist or a
C compiler is missing.

    sg_persist_diff.py --binary MPIO_INSPECT --sg-persist PATH --cc PATH --source-dir DIR [-v]
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

KIND_OPTION = {
    "pr-keys": "--read-keys",
    "pr-reservation": "--read-reservation",
    "pr-capabilities": "--report-capabilities",
    "pr-full-status": "--read-full-status",
}

SG_TYPES = {
    "Write Exclusive": 1,
    "Exclusive Access": 3,
    "Write Exclusive, registrants only": 5,
    "Exclusive Access, registrants only": 6,
    "Write Exclusive, all registrants": 7,
    "Exclusive Access, all registrants": 8,
}


def sg_type(text):
    text = text.strip()
    if text in SG_TYPES:
        return SG_TYPES[text]
    m = re.fullmatch(r"obsolete \[(0x[0-9a-f]+|\d+)\]", text)
    if m:
        return int(m.group(1), 0)
    raise ValueError(f"unknown sg_persist type {text!r}")


def sg_scope_type(line):
    m = re.fullmatch(r"scope: (LU_SCOPE|\d+),?\s+type: (.*)", line.strip())
    if not m:
        raise ValueError(f"unparsed scope/type line {line!r}")
    scope = 0 if m.group(1) == "LU_SCOPE" else int(m.group(1))
    return scope, sg_type(m.group(2))


def hexbytes(lines):
    return bytes(int(x, 16) for l in lines for x in l.split())


# ------------------------------------------------------------ sg_persist side


def sg_transport_id(lines):
    """sg_decode_transportid_str() output -> the fields mpio reports."""
    if not lines:
        return None
    first = lines[0].strip()
    rest = [l.strip() for l in lines[1:]]
    if first.startswith("FCP-2 World Wide Name:"):
        return {"protocol": 0, "n_port_name": int.from_bytes(hexbytes(rest[:1]), "big")}
    if first.startswith("Parallel SCSI initiator SCSI address:"):
        rel = int(rest[0].split(":")[1], 16)
        return {"protocol": 1, "scsi_address": int(first.split(":")[1], 16), "relative_target_port_identifier": rel}
    if first.startswith("IEEE 1394 EUI-64 name:"):
        return {"protocol": 3, "eui64_name": int.from_bytes(hexbytes(rest[:1]), "big")}
    if first.startswith("RDMA initiator port identifier:"):
        return {"protocol": 4, "initiator_port_identifier": hexbytes(rest[:1]).hex()}
    if first.startswith("iSCSI name:"):
        return {"protocol": 5, "iscsi": first.split(":", 1)[1].strip()}
    if first.startswith("iSCSI world wide unique port id:"):
        return {"protocol": 5, "iscsi": first.split(":", 1)[1].strip()}
    if first.startswith("SAS address:"):
        return {"protocol": 6, "sas_address": int(first.split(":")[1], 16)}
    if first.startswith("SOP Routing ID:"):
        return {"protocol": 10, "routing_id": int(first.split(":")[1], 16)}
    return {"protocol": "other", "text": " | ".join([first] + rest)}


def sg_decode(kind, out):
    lines = out.splitlines()
    if kind == "pr-keys":
        m = re.match(r"\s*PR generation=(0x[0-9a-f]+), (.*)", lines[0])
        keys = [int(l.strip(), 16) for l in lines[1:] if l.strip()]
        return {"generation": int(m.group(1), 16), "keys": keys}
    if kind == "pr-reservation":
        m = re.match(r"\s*PR generation=(0x[0-9a-f]+), (.*)", lines[0])
        r = {"generation": int(m.group(1), 16), "reservation": None}
        if "Reservation follows" in m.group(2):
            key = int(lines[1].strip().split("=")[1], 16)
            scope, typ = sg_scope_type(lines[2])
            r["reservation"] = {"key": key, "scope": scope, "type": typ}
        return r
    if kind == "pr-capabilities":
        fields = {}
        names = {
            "(RLR_C)": "rlr_c", "(CRH)": "crh", "(SIP_C)": "sip_c", "(ATP_C)": "atp_c", "(PTPL_C)": "ptpl_c",
            "(TMV)": "tmv", "Allow Commands": "allow_commands", "(PTPL_A)": "ptpl_a",
            "Write Exclusive, all registrants": "wr_ex_ar", "Exclusive Access, registrants only": "ex_ac_ro",
            "Write Exclusive, registrants only": "wr_ex_ro", "Exclusive Access, all registrants": "ex_ac_ar",
            "Exclusive Access": "ex_ac", "Write Exclusive": "wr_ex",
        }
        for l in lines[1:]:
            if ":" not in l or "Support indicated" in l:
                continue
            label, value = l.rsplit(":", 1)
            for pattern, key in names.items():
                if label.strip().endswith(pattern):
                    fields[key] = int(value)
                    break
        return fields
    # pr-full-status
    m = re.match(r"\s*PR generation=(0x[0-9a-f]+)", lines[0])
    r = {"generation": int(m.group(1), 16), "descriptors": []}
    d = None
    tid = None
    for l in lines[1:]:
        s = l.strip()
        if s.startswith("Key="):
            d = {"key": int(s[4:], 16)}
            r["descriptors"].append(d)
            tid = None
        elif d is None:
            continue
        elif tid is not None:
            tid.append(l)
        elif s == "All target ports bit clear":
            d["all_tg_pt"] = False
        elif s == "All target ports bit set":
            d["all_tg_pt"] = True
        elif s.startswith("Relative port address:"):
            d["rtpi"] = int(s.split(":")[1], 16)
        elif s == "<< Reservation holder >>":
            d["r_holder"] = True
        elif s == "not reservation holder":
            d["r_holder"] = False
        elif s.startswith("scope:"):
            d["scope"], d["type"] = sg_scope_type(s)
        elif s == "Transport Id of initiator:":
            tid = []
            d["tid_lines"] = tid
    for d in r["descriptors"]:
        d["transport_id"] = sg_transport_id(d.pop("tid_lines", []))
    return r


# ---------------------------------------------------------------- mpio side


def mpio_transport_id(t):
    if t is None:
        return None
    p = t["protocol_identifier"]
    if p == 0:
        return {"protocol": 0, "n_port_name": t["n_port_name"]}
    if p == 1:
        return {"protocol": 1, "scsi_address": t["scsi_address"],
                "relative_target_port_identifier": t["relative_target_port_identifier"]}
    if p == 3:
        return {"protocol": 3, "eui64_name": t["eui64_name"]}
    if p == 4:
        return {"protocol": 4, "initiator_port_identifier": t["initiator_port_identifier"].lower().removeprefix("0x")}
    if p == 5:
        s = t["iscsi_name"]
        if "isid" in t:
            s += ",i,0x" + t["isid"]
        return {"protocol": 5, "iscsi": s}
    if p == 6:
        return {"protocol": 6, "sas_address": t["sas_address"]}
    if p == 10:
        return {"protocol": 10, "routing_id": t["routing_id"]}
    return {"protocol": "other"}


def mpio_decode(kind, doc):
    """(fields, error code or None, truncated)."""
    r = doc.get("persistent_reserve_in")
    error = (doc.get("error") or {}).get("code")
    if r is None:
        return None, error, False
    error = (r.get("error") or {}).get("code") or error
    truncated = bool(r.get("truncated"))
    if kind == "pr-keys":
        return {"generation": r["prgeneration"], "keys": [k["key"] for k in r["keys"]]}, error, truncated
    if kind == "pr-reservation":
        res = None
        if r.get("reservation") and "reservation_key" in r:
            res = {"key": r["reservation_key"], "scope": r["scope"], "type": r["type"]}
        return {"generation": r["prgeneration"], "reservation": res}, error, truncated
    if kind == "pr-capabilities":
        f = {k: int(r[k]) for k in ("rlr_c", "crh", "sip_c", "atp_c", "ptpl_c", "tmv", "allow_commands", "ptpl_a")
             if k in r}
        # sg_persist prints the type mask only when TMV is set.
        if r.get("tmv"):
            for k, v in (r.get("types") or {}).items():
                f[k] = int(v)
        return f, error, truncated
    out = {"generation": r["prgeneration"], "descriptors": []}
    for e in r["descriptors"]:
        d = {"key": e["reservation_key"], "all_tg_pt": e["all_tg_pt"], "r_holder": e["r_holder"]}
        if "relative_target_port_identifier" in e:
            d["rtpi"] = e["relative_target_port_identifier"]
        if e["r_holder"]:
            d["scope"], d["type"] = e["scope"], e["type"]
        tid = e.get("transport_id")
        d["transport_id"] = mpio_transport_id(tid) if tid and "error" not in tid else None
        d["transport_id_error"] = (tid or {}).get("error", {}).get("code") if tid else (e.get("error") or {}).get("code")
        out["descriptors"].append(d)
    return out, error, truncated


# ---------------------------------------------------------------- the cases


def be(v, n):
    return list(v.to_bytes(n, "big"))


def header(gen, length):
    return be(gen, 4) + be(length, 4)


def descriptor(key, flags, scope_type, rtpi, tid):
    return be(key, 8) + [0] * 4 + [0, flags, scope_type] + [0] + be(rtpi, 2) + [0, 0] + be(len(tid), 4) + list(tid)


TIDS = {
    "fc": [0x00] + [0] * 7 + [0x21, 0x00, 0x00, 0x24, 0xFF, 0x4B, 0xBC, 0x30] + [0] * 8,
    "spi": [0x01, 0, 0x00, 0x05, 0, 0, 0x00, 0x03] + [0] * 16,
    "sbp": [0x03] + [0] * 7 + list(range(1, 9)) + [0] * 8,
    "srp": [0x04] + [0] * 7 + list(range(0x10, 0x20)),
    "iscsi0": [0x05, 0, 0, 20] + list(b"iqn.2001-04.com.ex\0\0"),
    "iscsi1": [0x45, 0, 0, 28] + list(b"iqn.x,i,0x23d000000001\0\0\0\0\0\0"),
    "sas": [0x06] + [0] * 3 + [0x50, 0x06, 0x05, 0xB0, 0, 0, 0x12, 0x34] + [0] * 12,
    "sop": [0x0A, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34] + [0] * 14,
}


def cases(source_dir):
    out = []
    corpus = os.path.join(source_dir, "fuzz", "corpus", "persistent_reserve_in")
    for name in sorted(os.listdir(corpus)):
        kind = ("pr-keys" if "keys" in name else "pr-reservation" if "reservation" in name
                else "pr-capabilities" if "capabilities" in name else "pr-full-status")
        with open(os.path.join(corpus, name), "rb") as f:
            out.append((f"corpus/{name}", kind, list(f.read())))
    for n in (0, 1, 3):
        out.append((f"keys-{n}", "pr-keys", header(0x1234 + n, 8 * n) + sum((be(0x1111 * (i + 1) << 40 | i, 8)
                                                                            for i in range(n)), [])))
    out.append(("keys-odd-12", "pr-keys", header(2, 12) + be(0xAB, 8) + [0xFF] * 4))
    out.append(("reservation-none", "pr-reservation", header(3, 0)))
    for typ in range(16):
        for scope in (0, 1, 2):
            out.append((f"reservation-type{typ}-scope{scope}", "pr-reservation",
                        header(0x10 + typ, 16) + be(0xC0FFEE00 + typ, 8) + [0] * 4 + [0, scope << 4 | typ, 0, 0]))
    out.append(("reservation-length-8", "pr-reservation", header(4, 8) + be(0x55, 8)))
    out.append(("reservation-length-32", "pr-reservation", header(4, 32) + be(0x55, 8) + [0, 0, 0, 0, 0, 1, 0, 0]
                + [0] * 16))
    for byte in (2, 3):
        for bit in range(8):
            data = [0, 8, 0, 0, 0, 0, 0, 0]
            data[byte] = 1 << bit
            out.append((f"capabilities-byte{byte}-bit{bit}", "pr-capabilities", data))
    for byte in (4, 5):
        for bit in range(8):
            data = [0, 8, 0x01, 0x80, 0, 0, 0, 0]
            data[byte] = 1 << bit
            out.append((f"capabilities-tmv-byte{byte}-bit{bit}", "pr-capabilities", data))
    out.append(("capabilities-allow-7", "pr-capabilities", [0, 8, 0, 0x70, 0, 0, 0, 0]))
    out.append(("capabilities-length-9", "pr-capabilities", [0, 9, 0x9D, 0xB1, 0xEA, 0x01, 0, 0, 0]))
    out.append(("capabilities-length-264", "pr-capabilities", [1, 8, 0x9D, 0xB1, 0xEA, 0x01, 0, 0]))
    out.append(("capabilities-length-4", "pr-capabilities", [0, 4, 0x9D, 0xB1, 0xEA, 0x01, 0, 0]))
    for name, tid in TIDS.items():
        for flags, rtpi in ((0x00, 7), (0x02, 0), (0x03, 0), (0x01, 0x1234)):
            body = descriptor(0x7000 + flags, flags, 0x06, rtpi, tid) + descriptor(0x42, 0x02, 0, 0, TIDS["fc"])
            out.append((f"full-status-{name}-flags{flags}", "pr-full-status", header(0x99, len(body)) + body))
    out.append(("full-status-empty", "pr-full-status", header(1, 0)))
    # Truncated data: cuts of one case per family (the 48 reservation types
    # and 32 capability bits cut alike), at every length inside the 8-byte
    # header and on each side of every 8-byte field boundary after it
    # (keys, descriptors and TransportIDs are laid out in 8-byte units).
    prefixes = []
    families = set()
    for name, kind, data in out:
        if name.startswith("full-status-") and not name.endswith("-flags3"):
            continue  # one flags variant per TransportID is enough for the cuts
        family = name if name.startswith("corpus/") else re.sub(r"\d+", "", name)
        if family in families:
            continue
        families.add(family)
        cuts = set(range(0, 9)) | {c + d for c in range(8, len(data), 8) for d in (-1, 1)} | {len(data) - 1}
        for n in sorted(c for c in cuts if 0 <= c < len(data)):
            prefixes.append((f"{name}[:{n}]", kind, data[:n]))
    return out + prefixes


# ----------------------------------------------- classifying the differences


def classify(kind, data, sg, sg_rc, mp, mp_error, mp_truncated):
    """The documented kind of difference, or None when it is not one of them."""
    additional = int.from_bytes(bytes(data[4:8]), "big") if len(data) >= 8 else None
    if len(data) < (4 if kind == "pr-capabilities" else 8) and mp is None:
        return "too short for the header: sg_persist decodes its zero-filled buffer, mpio refuses (too_short)"
    if kind == "pr-keys":
        if mp_truncated and sg is not None and sg["keys"][: len(mp["keys"])] == mp["keys"]:
            return "truncated: sg_persist shows keys that were not returned (zero-filled buffer)"
        if mp_error == "length_mismatch" and sg is not None and sg["keys"] == mp["keys"]:
            return "READ KEYS: ADDITIONAL LENGTH not a multiple of 8 (mpio: length_mismatch, sg_persist drops the tail)"
    if kind == "pr-reservation":
        if mp is None and mp_error == "length_mismatch":
            return "READ RESERVATION: ADDITIONAL LENGTH neither 0 nor 16 (mpio: length_mismatch)"
        if mp_truncated and sg is not None and mp is not None and mp["reservation"] is None:
            return "truncated: sg_persist decodes a reservation that was not returned (zero-filled buffer)"
    if kind == "pr-capabilities":
        if sg is None and sg_rc != 0 and len(data) >= 2 and data[1] != 8:
            return "REPORT CAPABILITIES: sg_persist refuses a LENGTH whose low byte is not 8"
        if sg is not None and mp is None and mp_error == "length_mismatch":
            return "REPORT CAPABILITIES: LENGTH under 8 (mpio: length_mismatch), sg_persist decodes"
        if sg is not None and len(data) >= 2 and data[0] != 0 and mp_truncated:
            return "REPORT CAPABILITIES: sg_persist reads only the low byte of LENGTH (mpio: truncated)"
        if sg is not None and mp is not None and mp_truncated:
            return "truncated: sg_persist shows bits that were not returned (zero-filled buffer)"
    if kind == "pr-full-status" and sg is not None and mp is not None:
        n = len(mp["descriptors"])
        same_prefix = all(strip_fs(a) == strip_fs(b) for a, b in zip(mp["descriptors"], sg["descriptors"]))
        if (mp_truncated or mp_error == "descriptor_overrun") and same_prefix and len(sg["descriptors"]) >= n:
            return ("truncated or overrun: sg_persist decodes descriptors that were not returned or run past "
                    "ADDITIONAL LENGTH")
        if same_prefix and len(sg["descriptors"]) == n and any(d.get("transport_id_error") for d in mp["descriptors"]):
            return "TransportID: mpio refuses (length_mismatch / unsupported_format), sg_persist decodes"
    return None


def strip_fs(d):
    """A full status descriptor without what sg_persist does not print."""
    d = dict(d)
    d.pop("transport_id_error", None)
    if d.get("transport_id") is None:
        d.pop("transport_id", None)
    return d


def compare(kind, sg, mp):
    if sg is None or mp is None:
        return sg is None and mp is None
    if kind == "pr-full-status":
        return (sg["generation"] == mp["generation"] and len(sg["descriptors"]) == len(mp["descriptors"])
                and all(strip_fs(a) == strip_fs(b) for a, b in zip(mp["descriptors"], sg["descriptors"])))
    return sg == mp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--sg-persist", default="")
    ap.add_argument("--cc", default="")
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    sg_persist = a.sg_persist or shutil.which("sg_persist")
    if not sg_persist or not os.path.exists(sg_persist):
        print("SKIP: sg_persist (Debian sg3-utils) not found: nothing to compare with")
        return SKIP
    cc = a.cc or shutil.which("cc") or shutil.which("gcc")
    if not cc or not shutil.which(cc):
        print("SKIP: no C compiler to build the LD_PRELOAD shim sg_persist_shim.c")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="mpio-sg-persist-") as tmp:
        shim = os.path.join(tmp, "sg_persist_shim.so")
        src = os.path.join(a.source_dir, "tests", "differential", "sg_persist_shim.c")
        p = subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", shim, src, "-ldl"], capture_output=True, text=True)
        if p.returncode != 0:
            print(f"SKIP: the C compiler {cc} could not build the shim:\n{p.stderr}")
            return SKIP
        version = subprocess.run([sg_persist, "--version"], capture_output=True, text=True)
        print(f"sg_persist {(version.stdout + version.stderr).strip()} ({sg_persist}), shim built with {cc}")
        response = os.path.join(tmp, "response.bin")
        log = os.path.join(tmp, "cdb.log")
        env = dict(os.environ, LD_PRELOAD=shim, MPIO_SG_PERSIST_RESPONSE=response, MPIO_SG_PERSIST_LOG=log)
        same = 0
        kinds = collections.Counter()
        examples = {}
        failures = []
        all_cases = cases(a.source_dir)
        for name, kind, data in all_cases:
            with open(response, "wb") as f:
                f.write(bytes(data))
            if os.path.exists(log):
                os.unlink(log)
            sp = subprocess.run([sg_persist, "-n", KIND_OPTION[kind], "/dev/null"], env=env, capture_output=True,
                                text=True, timeout=30)
            if not os.path.exists(log):
                failures.append(f"{name}: the shim was not used (no CDB logged): {sp.stderr}")
                continue
            with open(log) as f:
                cdb = f.read().split()
            sa = {"pr-keys": 0, "pr-reservation": 1, "pr-capabilities": 2, "pr-full-status": 3}[kind]
            if cdb[:2] != ["5e", f"{sa:02x}"]:
                failures.append(f"{name}: unexpected CDB {' '.join(cdb)}")
                continue
            try:
                sg = sg_decode(kind, sp.stdout) if sp.returncode == 0 and sp.stdout.strip() else None
            except (ValueError, IndexError, AttributeError) as e:
                failures.append(f"{name}: cannot parse sg_persist output ({e}):\n{sp.stdout}")
                continue
            mp_proc = subprocess.run([a.binary, "decode", "--json", "--as", kind, response], capture_output=True,
                                     text=True, timeout=30)
            if mp_proc.returncode < 0 or not mp_proc.stdout.strip() or "Sanitizer" in mp_proc.stderr:
                failures.append(f"{name}: mpio-inspect crashed or printed nothing (exit {mp_proc.returncode}):\n"
                                f"{mp_proc.stderr}")
                continue
            doc = json.loads(mp_proc.stdout)[0]
            mp, mp_error, mp_truncated = mpio_decode(kind, doc)
            if compare(kind, sg, mp) and not mp_error and not mp_truncated:
                same += 1
                continue
            if compare(kind, sg, mp):
                # The same values; mpio also says truncated or names an error.
                if mp is None:
                    why = f"both refuse the data (mpio: {mp_error})"
                else:
                    why = f"the same values; mpio also reports {mp_error or 'truncated'} (sg_persist says nothing)"
                kinds[why] += 1
                examples.setdefault(why, name)
                continue
            why = classify(kind, data, sg, sp.returncode, mp, mp_error, mp_truncated)
            if why is None:
                failures.append(f"{name} ({kind}, {len(data)} bytes: {bytes(data).hex()}):\n  sg_persist rc "
                                f"{sp.returncode}: {sg}\n  mpio ({mp_error}, truncated {mp_truncated}): {mp}\n"
                                f"  sg_persist output:\n{sp.stdout}{sp.stderr}")
                continue
            kinds[why] += 1
            examples.setdefault(why, name)
            if a.verbose:
                print(f"  {name}: {why}\n    sg_persist: {sg}\n    mpio: {mp} ({mp_error})")
        print(f"{len(all_cases)} cases: {same} decoded the same, {sum(kinds.values())} documented differences, "
              f"{len(failures)} undocumented")
        for why, n in sorted(kinds.items()):
            print(f"  {n:5d}  {why}  (e.g. {examples[why]})")
        for f in failures[:20]:
            print("UNDOCUMENTED DIFFERENCE: " + f)
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
