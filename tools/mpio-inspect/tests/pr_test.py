#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CLI tests of `mpio-inspect decode --as pr-keys|pr-reservation|pr-capabilities|pr-full-status`
(PERSISTENT RESERVE IN data; kind_persistent_reserve_in.cpp): text and JSON,
TransportIDs decoded, truncated and malformed data.

    pr_test.py --list                      the case names, one a line
    pr_test.py --binary B --case NAME      run one case (ctest runs each)
    pr_test.py --binary B                  run every case
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
    return [line.strip() for line in out.splitlines()], out, err


def has_line(lines, label, value):
    """A text line `label: ... value` (the text output pads labels into a column)."""
    return any(l.startswith(label + ":") and l[len(label) + 1:].strip() == value for l in lines)


def be32(v):
    return list(v.to_bytes(4, "big"))


def be64(v):
    return list(v.to_bytes(8, "big"))


FC = [0x00] + [0] * 7 + [0x21, 0x00, 0x00, 0x24, 0xFF, 0x4B, 0xBC, 0x30] + [0] * 8
ISCSI = [0x45, 0, 0, 24] + list(b"iqn.x,i,0x23d000000001") + [0, 0]


def case_pr_keys():
    data = be32(5) + be32(16) + be64(0xABCD) + be64(0x1122334455667788)
    doc, out, err = decode_json("pr-keys", data)
    check(doc["kind"] == "persistent_reserve_in_read_keys", "kind", out)
    r = doc["persistent_reserve_in"]
    check(r["service_action"] == "READ KEYS" and r["prgeneration"] == 5 and r["key_count"] == 2, "header", out)
    check([k["key"] for k in r["keys"]] == [0xABCD, 0x1122334455667788], "keys", out)
    check([k["offset"] for k in r["keys"]] == [8, 16], "offsets", out)
    check(r["truncated"] is False, "not truncated", out)
    lines, out, err = decode_text("pr-keys", data)
    check("0x000000000000abcd [offset 8]" in lines and "0x1122334455667788 [offset 16]" in lines, "text keys", out)
    # Truncated in the second key: one key, the allocation length to ask for.
    doc, out, err = decode_json("pr-keys", data[:20])
    r = doc["persistent_reserve_in"]
    check(r["truncated"] is True and r["required_allocation_length"] == 24 and len(r["keys"]) == 1, "truncated", out)
    # ADDITIONAL LENGTH 12: an error at the odd tail, exit status 1.
    doc, out, err = decode_json("pr-keys", be32(1) + be32(12) + be64(1) + [0, 0, 0, 2], status=1)
    r = doc["persistent_reserve_in"]
    check(r["error"]["code"] == "length_mismatch" and r["error"]["offset"] == 16 and len(r["keys"]) == 1, "odd", out)
    # Too short for the header.
    rc, out, err = run("decode", "--as", "pr-keys", "-", stdin=hexify([0, 0, 0]))
    check(rc != 0 and "fewer than 8 bytes" in err, "too short", out, err)


def case_pr_reservation():
    data = be32(7) + be32(16) + be64(0xABCD) + [0, 0, 0, 0, 0, 0x05, 0, 0]
    doc, out, err = decode_json("pr-reservation", data)
    r = doc["persistent_reserve_in"]
    check(doc["kind"] == "persistent_reserve_in_read_reservation", "kind", out)
    check(r["reservation"] is True and r["reservation_key"] == 0xABCD, "key", out)
    check(r["type"] == 5 and r["type_name"] == "Write Exclusive, registrants only (WE-RO)", "type", out)
    check(r["scope"] == 0 and r["scope_name"] == "LU_SCOPE", "scope", out)
    lines, out, err = decode_text("pr-reservation", data)
    check(any(l.startswith("Type:") and "WE-RO" in l for l in lines), "text type", out)
    check(has_line(lines, "Reservation held", "1"), "text: reservation held", out)
    doc, out, err = decode_json("pr-reservation", be32(7) + be32(0))
    check(doc["persistent_reserve_in"]["reservation"] is False, "no reservation", out)
    # No reservation reads as such in the text (one label, whose value is the JSON flag).
    lines, out, err = decode_text("pr-reservation", be32(7) + be32(0))
    check(has_line(lines, "Reservation held", "0") and not any(l.startswith("No reservation") for l in lines),
          "text: no reservation", out)
    rc, out, err = run("decode", "--as", "pr-reservation", "-", stdin=hexify(be32(7) + be32(8) + [0] * 8))
    check(rc != 0 and "neither 0" in err, "bad ADDITIONAL LENGTH", out, err)


def case_pr_capabilities():
    data = [0x00, 0x08, 0x9D, 0xB1, 0xEA, 0x01, 0x00, 0x00]
    doc, out, err = decode_json("pr-capabilities", data)
    r = doc["persistent_reserve_in"]
    check(doc["kind"] == "persistent_reserve_in_report_capabilities", "kind", out)
    for bit in ("rlr_c", "crh", "sip_c", "atp_c", "ptpl_c", "tmv", "ptpl_a"):
        check(r[bit] is True, bit, out)
    check(r["allow_commands"] == 3 and r["type_mask"] == 0xEA01, "allow commands, mask", out)
    check(all(r["types"][t] is True for t in ("wr_ex", "ex_ac", "wr_ex_ro", "ex_ac_ro", "wr_ex_ar", "ex_ac_ar")),
          "types", out)
    # As tgt answers: ATP_C, PTPL_C, TMV; WE and EA only.
    doc, out, err = decode_json("pr-capabilities", [0x00, 0x08, 0x05, 0x80, 0x0A, 0x00, 0x00, 0x00])
    r = doc["persistent_reserve_in"]
    check(r["atp_c"] and r["ptpl_c"] and not r["rlr_c"] and not r["sip_c"], "bits", out)
    check(r["types"]["wr_ex"] and r["types"]["ex_ac"] and not r["types"]["ex_ac_ar"], "types", out)
    lines, out, err = decode_text("pr-capabilities", [0x00, 0x08, 0x05, 0x80, 0x0A, 0x00, 0x00, 0x00])
    check(has_line(lines, "All target ports capable (ATP_C)", "1") and has_line(lines, "Write Exclusive (WR_EX)", "1")
          and has_line(lines, "Replace lost reservation capable (RLR_C)", "0"), "text", out)
    rc, out, err = run("decode", "--as", "pr-capabilities", "-", stdin=hexify([0x00, 0x06, 0, 0, 0, 0]))
    check(rc != 0 and "under 8" in err, "LENGTH under 8", out, err)


def case_pr_full_status():
    d1 = be64(0xABCD) + [0] * 4 + [0x01, 0x06, 0, 0, 0, 0, 0, 1] + be32(len(FC)) + FC
    d2 = be64(0x42) + [0] * 4 + [0x02, 0x00, 0, 0, 0, 0, 0, 0] + be32(len(ISCSI)) + ISCSI
    data = be32(9) + be32(len(d1) + len(d2)) + d1 + d2
    doc, out, err = decode_json("pr-full-status", data)
    check(doc["kind"] == "persistent_reserve_in_read_full_status", "kind", out)
    r = doc["persistent_reserve_in"]
    d = r["descriptors"]
    check(len(d) == 2 and d[0]["offset"] == 8 and d[1]["offset"] == 8 + len(d1), "descriptors", out)
    check(d[0]["r_holder"] is True and d[0]["type"] == 6 and d[0]["relative_target_port_identifier"] == 1, "holder", out)
    check(d[0]["transport_id"]["protocol_identifier"] == 0 and d[0]["transport_id"]["n_port_name"] == 0x21000024FF4BBC30,
          "FC TransportID", out)
    t = d[1]["transport_id"]
    check(d[1]["all_tg_pt"] is True and "relative_target_port_identifier" not in d[1], "ALL_TG_PT", out)
    check(t["protocol_identifier"] == 5 and t["iscsi_name"] == "iqn.x" and t["isid"] == "23d000000001", "iSCSI", out)
    lines, out, err = decode_text("pr-full-status", data)
    check(has_line(lines, "iSCSI name", '"iqn.x"') and has_line(lines, "ISID", '"23d000000001"'), "text iSCSI", out)
    check(has_line(lines, "N_Port name", "0x21000024ff4bbc30"), "text FC", out)
    # An ADDITIONAL DESCRIPTOR LENGTH that runs past the list: error, first descriptor kept.
    bad = list(data)
    bad[8 + len(d1) + 23] = 0x40
    doc, out, err = decode_json("pr-full-status", bad, status=1)
    r = doc["persistent_reserve_in"]
    check(r["error"]["code"] == "descriptor_overrun" and len(r["descriptors"]) == 1, "overrun", out)
    # A TransportID of a protocol without one (ATA): that descriptor's error, raw bytes shown.
    ata = list(data)
    ata[8 + 24] = 0x08
    doc, out, err = decode_json("pr-full-status", ata, status=1)
    e = doc["persistent_reserve_in"]["descriptors"][0]
    check(e["error"]["code"] == "unsupported_format" and "transport_id_bytes" in e, "ATA", out)
    # Truncated inside the second descriptor.
    doc, out, err = decode_json("pr-full-status", data[:70])
    r = doc["persistent_reserve_in"]
    check(r["truncated"] is True and len(r["descriptors"]) == 1, "truncated", out)


def case_pr_not_auto_detected():
    data = [0x00, 0x08, 0x05, 0x80, 0x0A, 0x00, 0x00, 0x00]
    rc, out, err = run("decode", "-", stdin=hexify(data))
    check("persistent_reserve_in" not in out, "never chosen without --as", out, err)


def main():
    global BINARY
    cases = {name[len("case_"):]: f for name, f in globals().items() if name.startswith("case_")}
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--binary")
    parser.add_argument("--case", choices=sorted(cases))
    args = parser.parse_args()
    if args.list:
        print("\n".join(cases))
        return 0
    BINARY = args.binary
    failed = 0
    for name in [args.case] if args.case else cases:
        try:
            cases[name]()
            print(f"ok    {name}")
        except Failure as e:
            failed += 1
            print(f"FAIL  {name}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
