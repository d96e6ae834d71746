#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CLI tests of mpio-inspect: run the binary, check exit status, stderr and
key output lines / JSON fields.

    cli_test.py --list                                   the case names, one a line
    cli_test.py --binary B --data DIR --case NAME        run one case (ctest runs each)
    cli_test.py --binary B --data DIR                    run every case

Each case is a function named case_<name> below.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

BINARY = None
DATA = None


class Failure(Exception):
    pass


def run(*args, stdin=None):
    """Runs mpio-inspect; returns (exit status, stdout, stderr)."""
    proc = subprocess.run([BINARY, *args], input=stdin, capture_output=True, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def sample(name):
    return os.path.join(DATA, name)


# Hand-made files of these tests, and captures from real targets (tests/data/targets/).
HERE = os.path.dirname(os.path.abspath(__file__))


def own(name):
    return os.path.join(HERE, "data", name)


def target(name):
    return os.path.join(DATA, os.pardir, "targets", name)


def check(condition, message, out="", err=""):
    if not condition:
        raise Failure(f"{message}\n--- stdout:\n{out}\n--- stderr:\n{err}")


def expect_lines(out, lines, err=""):
    """Every line in `lines` must appear (stripped of indentation) in `out`."""
    have = [line.strip() for line in out.splitlines()]
    for line in lines:
        check(line in have, f"missing output line: {line!r}", out, err)


def expect_one_error_line(err, path, offset, reason_part):
    """stderr is exactly one line 'mpio-inspect: FILE: offset N: reason'."""
    lines = err.splitlines()
    check(len(lines) == 1, f"expected one stderr line, got {len(lines)}", err=err)
    prefix = f"mpio-inspect: {path}: offset {offset}: "
    check(lines[0].startswith(prefix), f"stderr does not start with {prefix!r}", err=err)
    check(reason_part in lines[0], f"stderr does not mention {reason_part!r}", err=err)


def write_temp(content, suffix=".hex"):
    f = tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False)
    f.write(content if isinstance(content, bytes) else content.encode())
    f.close()
    return f.name


def decode_json(*args, stdin=None, status=0):
    rc, out, err = run("decode", "--json", *args, stdin=stdin)
    check(rc == status, f"exit status {rc}, expected {status}", out, err)
    try:
        doc = json.loads(out)
    except json.JSONDecodeError as e:
        raise Failure(f"stdout is not JSON: {e}\n{out}")
    check(isinstance(doc, list), "the JSON document is not an array", out, err)
    return doc, err


# ------------------------------------------------------------ input errors

def case_missing_file():
    path = sample("does_not_exist.hex")
    rc, out, err = run("decode", path)
    check(rc == 1, f"exit status {rc}, expected 1", out, err)
    check(out == "", "nothing on stdout expected", out, err)
    expect_one_error_line(err, path, 0, "cannot open file")


def case_bad_hex():
    path = write_temp("# a comment\n00 83 00 04\n01 zz 00 00\n")
    try:
        rc, out, err = run("decode", path)
        check(rc == 1, f"exit status {rc}, expected 1", out, err)
        # "zz" is at character offset 27 of the file, on line 3.
        expect_one_error_line(err, path, 27, "'zz' is not a hex byte (line 3")
    finally:
        os.unlink(path)


def case_overlong_hex_token():
    path = write_temp("00 83 0004\n")
    try:
        rc, out, err = run("decode", path)
        check(rc == 1, f"exit status {rc}, expected 1", out, err)
        expect_one_error_line(err, path, 6, "more than one byte")
    finally:
        os.unlink(path)


def case_utf8_comment():
    # Comments may hold any text; the data bytes decide.
    path = write_temp("# Device Identification \u2014 one NAA designator \u00e9\n00 83 00 0c 01 03 00 08 "
                      "50 00 c5 00 30 11 cb 2b\n")
    try:
        doc, err = decode_json(path)
        check(doc[0]["format"] == "hex_text" and doc[0]["kind"] == "vpd_pages", "read as hex text", json.dumps(doc))
    finally:
        os.unlink(path)


def case_empty_input():
    for content in ["", "# only a comment\n\n"]:
        path = write_temp(content)
        try:
            rc, out, err = run("decode", path)
            check(rc == 1, f"exit status {rc}, expected 1", out, err)
            expect_one_error_line(err, path, 0, "no data bytes")
        finally:
            os.unlink(path)


def case_too_short():
    rc, out, err = run("decode", "-", stdin=b"00 83 00\n")
    check(rc == 1, f"exit status {rc}, expected 1", out, err)
    expect_one_error_line(err, "-", 0, "not a kind of data mpio-inspect recognizes")
    rc, out, err = run("decode", "--as", "inquiry", "-", stdin=b"00 00 07\n")
    check(rc == 1, f"exit status {rc}, expected 1", out, err)
    expect_one_error_line(err, "-", 0, "fewer than 5 bytes")


def case_errors_in_json():
    doc, err = decode_json(sample("does_not_exist.hex"), sample("vpd_dev_id.hex"), status=1)
    check(len(doc) == 2, "two file objects expected", json.dumps(doc), err)
    check(doc[0]["kind"] == "input_error", "first file is an input error", json.dumps(doc), err)
    check(doc[0]["error"]["code"] == "cannot_read", "error code cannot_read", json.dumps(doc), err)
    check(doc[1]["kind"] == "vpd_pages", "second file still decoded", json.dumps(doc), err)


def case_usage_errors():
    rc, out, err = run("decode")
    check(rc != 0 and rc != 1, f"missing FILE: exit status {rc}, expected a CLI11 code", out, err)
    rc, out, err = run("decode", "--as", "nonsense", sample("vpd_dev_id.hex"))
    check(rc != 0 and rc != 1, f"bad --as: exit status {rc}, expected a CLI11 code", out, err)
    rc, out, err = run("--help")
    check(rc == 0 and "decode" in out, "--help lists the decode subcommand", out, err)


# ------------------------------------------------------------ the README command

README_FILES = ["inq_standard.hex", "vpd_sdeb.hex", "vpd_di_all.hex"]


def case_readme_text():
    paths = [sample(f) for f in README_FILES]
    rc, out, err = run("decode", *paths)
    check(rc == 0, f"exit status {rc}, expected 0", out, err)
    check(err == "", "nothing on stderr expected", out, err)
    expect_lines(out, [
        f"{paths[0]}: standard INQUIRY data, 96 bytes (hex text)",
        "Peripheral device type:    0x00 (direct access block device)",
        "Version:                   0x07 (SPC-5)",
        'T10 vendor identification: "Linux"',
        'Product identification:    "scsi_debug"',
        "0x05c0  SPC-5 (no version claimed)",
        f"{paths[1]}: VPD pages, 1070 bytes (hex text)",
        "Detected: 12 VPD pages (00h 80h 83h 84h 85h 86h 87h 88h 89h B0h B1h B2h) fill the 1070 bytes exactly",
        "VPD page 0x00: Supported VPD Pages [offset 0, 16 bytes]",
        "0x83  Device Identification",
        "VPD page 0x80: Unit Serial Number [offset 16, 8 bytes]",
        'Product serial number:  "2000"',
        "VPD page 0x83: Device Identification [offset 24, 116 bytes]",
        "Relative target port identifier: 0x0001 (port A)",
        "Target port group:   0x0100",
        'SCSI name string:    "naa.32222220000007CD"',
        "VPD page 0x84: Software Interface Identification [offset 140, 22 bytes]",
        "Payload: 18 bytes (not decoded yet)",
        f"{paths[2]}: VPD pages, 264 bytes (hex text)",
        "#7 NAA, logical unit [offset 114, 20 bytes]",
        "Vendor specific identifier extension: 0xaabbccddeeffeedd",
        'Name:                                 "naa.6122334455667788aabbccddeeffeedd"',
        'UUID:                "11223344-5566-7788-99aa-bbccddeefedc"',
    ], err)
    # Files are separated by one blank line and start at column 0.
    headers = [line for line in out.splitlines() if line and not line.startswith(" ")]
    check(len(headers) == 3, f"three file header lines expected, got {headers}", out, err)


def case_readme_json():
    doc, err = decode_json(*[sample(f) for f in README_FILES])
    check(err == "", "nothing on stderr expected", json.dumps(doc), err)
    inq, sdeb, di = doc
    check(inq["kind"] == "standard_inquiry" and inq["size"] == 96 and inq["format"] == "hex_text", "inquiry header")
    check(inq["detection"] == {"method": "auto", "ambiguous": False, "reason": inq["detection"]["reason"]},
          "detection object")
    s = inq["standard_inquiry"]
    check(s["peripheral_device_type"] == 0 and s["version"] == 7 and s["version_name"] == "SPC-5", "inquiry fields")
    check(s["multip"] is True and s["cmdque"] is True and s["obsolete"]["linked"] is True, "inquiry flags")
    check(s["t10_vendor_identification"] == "Linux" and s["product_revision_level"] == "0191", "inquiry text")
    check([d["code"] for d in s["version_descriptors"]] == [0x00c0, 0x05c0, 0x0600, 0x2100], "version descriptors")
    check(s["truncated"] is False and s["required_allocation_length"] == 96, "inquiry lengths")

    check(sdeb["kind"] == "vpd_pages", "sdeb kind")
    pages = sdeb["pages"]
    codes = [p["page_code"] for p in pages]
    check(codes == [0x00, 0x80, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0xb0, 0xb1, 0xb2], f"page codes {codes}")
    for p in pages:
        for key in ["offset", "page_code", "page_name", "page_length", "truncated", "required_allocation_length",
                    "decoded"]:
            check(key in p, f"page 0x{p['page_code']:02x} lacks {key}")
        check(p["truncated"] is False and p["required_allocation_length"] == p["page_length"] + 4, "page lengths")
        check(p["decoded"] == (p["page_code"] not in (0x84, 0x89)), "decoded flag")
        check(p["decoded"] or "payload_hex" in p, "undecoded pages carry their payload")
    check([e["page_code"] for e in pages[0]["supported_vpd_pages"]] == codes, "supported page list")
    check(pages[0]["supported_vpd_pages"][2]["page_name"] == "Device Identification", "supported page names")
    check(pages[1]["product_serial_number"] == "2000", "serial number")
    designators = pages[2]["designation_descriptors"]
    check([d["designator_type"] for d in designators] == [1, 3, 4, 3, 5, 3, 8], "sdeb designator types")
    check(designators[2]["relative_target_port_identifier"] == 1, "relative target port")
    check(designators[4]["target_port_group"] == 0x100, "target port group")
    check(designators[3]["association_name"] == "target port", "association name")

    di_page = di["pages"][0]
    check("error" not in di_page, "vpd_di_all has no error")
    d = di_page["designation_descriptors"]
    check([x["designator_type"] for x in d] == [0, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 9, 10], "di_all types")
    check(d[1]["t10_vendor_identification"] == "ABC" and d[1]["vendor_specific_identifier"] == "XYZ123456789", "T10")
    check(d[2]["ieee_identifier"] == 0x1122334455667788 and d[2]["ieee_company_id"] == 0x112233, "EUI-64")
    check(d[3]["directory_id"] == 0x123, "EUI-64 directory ID")
    check(d[4]["identifier_extension"] == 0x0123456789abcdef, "EUI-64 identifier extension")
    check(d[5]["naa"] == 5 and d[5]["ieee_company_id"] == 0x122334 and d[5]["vendor_specific_identifier"] == 0x455667788,
          "NAA 5")
    check(d[6]["naa"] == 6 and d[6]["vendor_specific_identifier_extension"] == "aabbccddeeffeedd", "NAA 6")
    check(d[6]["designator_name"] == "naa.6122334455667788aabbccddeeffeedd", "NAA name")
    check(d[7]["relative_target_port_identifier"] == 2 and d[8]["target_port_group"] == 3, "port and group")
    check(d[9]["logical_unit_group"] == 4, "LU group")
    check(d[10]["md5_logical_unit_identifier"] == "ffeeddccbbaa99887766554433221100", "MD5")
    check(d[11]["scsi_name_string"] == "iqn.5886.com.acme.diskarrays-sn-a8675309", "SCSI name string")
    check(d[12]["protocol_identifier"] == 9 and d[12]["device_address"] == 4 and d[12]["interface_number"] == 2, "UAS")
    check(d[13]["protocol_identifier"] == 10 and d[13]["routing_id"] == 0x0123, "SOP")
    check(d[14]["uuid"] == "11223344-5566-7788-99aa-bbccddeefedc" and d[14]["uuid_type"] == 1, "UUID")


# ------------------------------------------------------------ VPD pages 85h..88h, B0h..B2h

def case_vpd_spc_pages():
    doc, err = decode_json(sample("vpd_sdeb.hex"))
    pages = {p["page_code"]: p for p in doc[0]["pages"]}
    mna = pages[0x85]["network_services"]
    check([d["service_type"] for d in mna] == [1, 4] and [d["offset"] for d in mna] == [166, 202], "85h services",
          json.dumps(mna))
    check(mna[0]["service_type_name"] == "storage configuration service" and mna[0]["association_name"] == "logical unit",
          "85h names", json.dumps(mna))
    check(mna[0]["network_address"] == "https://www.kernel.org/config" and mna[0]["null_terminated"] is True, "85h URL")
    ei = pages[0x86]
    check(ei["headsup"] is True and ei["ordsup"] is True and ei["simpsup"] is True and ei["v_sup"] is False,
          "86h task attributes", json.dumps(ei))
    check(ei["spt"] == 0 and ei["spt_name"] == "type 1" and ei["has_all_fields"] is True, "86h SPT", json.dumps(ei))
    check(ei["lu_coll_type_name"] == "not reported" and ei["maximum_mode_page_change_logs"] == 0, "86h fields")
    mpp = pages[0x87]["mode_page_policies"]
    check([(d["policy_page_code"], d["policy_subpage_code"], d["mode_page_policy"], d["mlus"]) for d in mpp]
          == [(0x02, 0, 0, True), (0x18, 0, 2, True)], "87h descriptors", json.dumps(mpp))
    check(mpp[0]["mode_page_policy_name"] == "shared", "87h names", json.dumps(mpp))
    ports = pages[0x88]["scsi_ports"]
    check([p["relative_port_identifier"] for p in ports] == [1, 2] and ports[1]["relative_port_identifier_name"] == "port B",
          "88h ports", json.dumps(ports))
    check(ports[0]["initiator_port_transportid_length"] == 0 and ports[0]["target_port_descriptors_length"] == 12,
          "88h lengths", json.dumps(ports))
    tpd = ports[0]["target_port_descriptors"][0]
    check(tpd["designator_name"] == "naa.32222220000007ce" and tpd["association_name"] == "target port"
          and tpd["offset"] == 326, "88h target port descriptor", json.dumps(ports))
    rc, out, err = run("decode", sample("vpd_sdeb.hex"))
    expect_lines(out, ["#1 storage configuration service, logical unit [offset 166, 36 bytes]",
                       'Network address:        "https://www.kernel.org/config"',
                       "#2 mode page 0x18, subpage 0x00: obsolete (per initiator port), shared by several logical units",
                       "#2 relative port 0x0002 (port B) [offset 338, 24 bytes]", "HEADSUP:                               1"],
                 err)


def case_vpd_block_pages():
    doc, err = decode_json(sample("vpd_bl.hex"))
    b = doc[0]["pages"][0]
    check(b["decoded"] is True and b["maximum_transfer_length"] == 65535 and b["optimal_transfer_length_granularity"] == 8,
          "B0h transfer lengths", json.dumps(b))
    check(b["maximum_unmap_lba_count"] == 393216 and b["maximum_unmap_block_descriptor_count"] == 512
          and b["optimal_unmap_granularity"] == 8, "B0h unmap", json.dumps(b))
    check(b["maximum_compare_and_write_length_name"] == "COMPARE AND WRITE not supported"
          and b["optimal_transfer_length_name"] == "not reported", "B0h zero meanings", json.dumps(b))
    check(b["ugavalid"] is False and b["bytes_after_byte_63"] == "0014", "B0h tail", json.dumps(b))
    doc, err = decode_json(sample("vpd_sdeb.hex"))
    pages = {p["page_code"]: p for p in doc[0]["pages"]}
    check(pages[0xb0]["maximum_transfer_length"] == 16384 and pages[0xb0]["maximum_write_same_length"] == 65535,
          "sdeb B0h", json.dumps(pages[0xb0]))
    bdc = pages[0xb1]
    check(bdc["medium_rotation_rate"] == 1 and bdc["medium_rotation_rate_name"] == "non-rotating medium (solid state)",
          "B1h rotation", json.dumps(bdc))
    check(bdc["nominal_form_factor"] == 5 and bdc["zoned"] == 0 and bdc["fuab"] is False, "B1h fields", json.dumps(bdc))
    check(pages[0xb2]["dp"] is False and "provisioning_group_descriptor" not in pages[0xb2], "sdeb B2h")
    doc, err = decode_json(sample("vpd_lbpv.hex"))
    p = doc[0]["pages"][0]
    check(p["dp"] is True and p["lbprz"] == 0 and p["lbprz_meaning"] == "vendor specific", "B2h fields", json.dumps(p))
    g = p["provisioning_group_descriptor"]
    check(g["designator_name"] == "naa.5122334455667788" and g["offset"] == 8, "B2h descriptor", json.dumps(p))
    # B0h..B2h of a tape drive are not SBC's pages: not decoded.
    doc, err = decode_json("-", stdin=b"01 b0 00 04 00 00 00 00\n")
    check(doc[0]["pages"][0]["decoded"] is False, "B0h of a tape drive", json.dumps(doc))


def case_vpd_page_problems():
    # 85h: the second descriptor claims 16 address bytes, 4 are left.
    data = b"00 85 00 10  01 00 00 04 61 62 63 00  04 00 00 10 64 65 66 00\n"
    doc, err = decode_json("-", stdin=data, status=1)
    p = doc[0]["pages"][0]
    check(len(p["network_services"]) == 1 and p["error"]["code"] == "descriptor_overrun" and p["error"]["offset"] == 12,
          "85h overrun", json.dumps(doc))
    expect_one_error_line(err, "-", 12, "network service descriptor #2")
    # 85h: an address without NUL is reported, not an error.
    doc, err = decode_json("-", stdin=b"00 85 00 08  01 00 00 04 61 62 63 64\n")
    d = doc[0]["pages"][0]["network_services"][0]
    check(d["network_address"] == "abcd" and d["null_terminated"] is False and d["notes"], "85h no NUL", json.dumps(doc))
    # 87h: PAGE LENGTH 6 leaves 2 bytes after the first descriptor.
    doc, err = decode_json("-", stdin=b"00 87 00 06  3f ff 00 00 01 00\n", status=1)
    p = doc[0]["pages"][0]
    check(p["mode_page_policies"][0]["applies_to_all_pages"] is True and p["error"]["code"] == "too_short"
          and p["error"]["offset"] == 8, "87h tail", json.dumps(doc))
    # 88h: TARGET PORT DESCRIPTORS LENGTH runs past the page.
    doc, err = decode_json("-", stdin=b"00 88 00 0c  00 00 00 01 00 00 00 00 00 00 00 20\n", status=1)
    p = doc[0]["pages"][0]
    check(p["scsi_ports"] == [] and p["error"]["code"] == "descriptor_overrun" and p["error"]["offset"] == 4,
          "88h overrun", json.dumps(doc))
    # 86h and B0h with short (older) PAGE LENGTHs: the missing fields are left out.
    doc, err = decode_json("-", stdin=b"00 86 00 04 00 07 01 00\n")
    p = doc[0]["pages"][0]
    check(p["simpsup"] is True and p["v_sup"] is True and "lu_coll_type" not in p and p["has_all_fields"] is False,
          "86h short page", json.dumps(doc))
    doc, err = decode_json("-", stdin=b"00 b0 00 0c 00 00 00 08 00 00 ff ff 00 00 00 00\n")
    p = doc[0]["pages"][0]
    check(p["maximum_transfer_length"] == 65535 and "maximum_unmap_lba_count" not in p, "SBC-2 B0h", json.dumps(doc))
    check(any("SBC-2" in n for n in p["notes"]), "SBC-2 note", json.dumps(doc))
    # B2h: DP set, but PAGE LENGTH 4 has no room for the descriptor.
    doc, err = decode_json("-", stdin=b"00 b2 00 04 00 01 00 00\n", status=1)
    p = doc[0]["pages"][0]
    check(p["dp"] is True and p["error"]["code"] == "length_mismatch" and p["error"]["offset"] == 8, "B2h DP",
          json.dumps(doc))


# ------------------------------------------------------------ decoding details

def case_legacy_emc_layout():
    doc, err = decode_json(sample("vpd_di_old_emc_symm.hex"))
    page = doc[0]["pages"][0]
    check(page["layout"] == "pre_spc2", "pre-SPC-2 layout reported", json.dumps(doc))
    legacy = page["legacy_identifier"]
    check(legacy["naa"] == 6 and legacy["ieee_company_id"] == 0x006048, "legacy NAA decoded", json.dumps(doc))
    check(legacy["designator_name"] == "naa.6006048000123456789abcdef0123456", "legacy NAA name", json.dumps(doc))
    rc, out, err = run("decode", sample("vpd_di_old_emc_symm.hex"))
    check(rc == 0, "a recognized legacy layout is not an error", out, err)
    expect_lines(out, ["Layout:                 pre_spc2"], err)


def case_malformed_descriptor_list():
    # vpd_di_name_inject.hex: one descriptor, then 3 stray bytes at offset 37.
    path = sample("vpd_di_name_inject.hex")
    rc, out, err = run("decode", path)
    check(rc == 1, f"exit status {rc}, expected 1", out, err)
    expect_one_error_line(err, path, 37, "too few for a designation descriptor header")
    expect_lines(out, ['SCSI name string:    "iqn.2026-05.sg3\\x0aX_SG3_PROBE=1"'], err)
    check(not any(line.startswith("X_SG3_PROBE") for line in out.splitlines()), "a newline in a name was printed", out)
    doc, err = decode_json(path, status=1)
    page = doc[0]["pages"][0]
    check(len(page["designation_descriptors"]) == 1, "the descriptor before the error is decoded", json.dumps(doc))
    check(page["error"] == {"code": "too_short", "message": page["error"]["message"], "offset": 37}, "error object",
          json.dumps(doc))


def case_descriptor_overrun():
    # Second descriptor claims 16 designator bytes, 4 remain.
    data = b"00 83 00 14  01 03 00 08 50 00 c5 00 30 11 cb 2b  01 03 00 10 51 22 33 44\n"
    doc, err = decode_json("-", stdin=data, status=1)
    page = doc[0]["pages"][0]
    check(len(page["designation_descriptors"]) == 1, "first descriptor decoded", json.dumps(doc), err)
    check(page["error"]["code"] == "descriptor_overrun" and page["error"]["offset"] == 16, "overrun at 16",
          json.dumps(doc), err)
    expect_one_error_line(err, "-", 16, "DESIGNATOR LENGTH 16 runs past the end of the page")


def case_designator_length_mismatch():
    # An NAA 5 designator must be 8 bytes; this one has 6.
    data = b"00 83 00 0a  01 03 00 06 50 00 c5 00 30 11\n"
    doc, err = decode_json("-", stdin=data, status=1)
    d = doc[0]["pages"][0]["designation_descriptors"][0]
    check(d["error"]["code"] == "length_mismatch" and d["error"]["offset"] == 4, "typed decoding error",
          json.dumps(doc), err)
    check(d["designator"] == "5000c5003011", "the raw designator is still shown", json.dumps(doc), err)


def case_truncated_vpd_page():
    # The first 40 of the 76 bytes of vpd_dev_id.hex: truncation, not an error.
    full = open(sample("vpd_dev_id.hex")).read()
    rc, out, err = run("decode", "--json", "-", stdin=full.encode())
    everything = json.loads(out)[0]
    hexes = [line for line in full.splitlines() if not line.startswith("#")]
    tokens = " ".join(hexes).split()[:40]
    doc, err = decode_json("-", stdin=" ".join(tokens).encode())
    page = doc[0]["pages"][0]
    check(page["truncated"] is True and page["required_allocation_length"] == 76, "truncated page", json.dumps(doc))
    check(page["returned_length"] == 40 and "error" not in page, "no error for truncation", json.dumps(doc))
    check(len(page["designation_descriptors"]) == 3, "the whole descriptors are decoded", json.dumps(doc))
    check(everything["pages"][0]["truncated"] is False, "the whole page is not truncated")


def case_truncated_inquiry():
    raw = open(sample("inq_standard.raw"), "rb").read()
    doc, err = decode_json("-", stdin=raw[:36])
    s = doc[0]["standard_inquiry"]
    check(doc[0]["format"] == "binary" and doc[0]["kind"] == "standard_inquiry", "binary inquiry", json.dumps(doc))
    check(s["truncated"] is True and s["required_allocation_length"] == 96, "truncated inquiry", json.dumps(doc))
    check("version_descriptors" not in s and s["product_revision_level"] == "0191", "fields present as far as the data",
          json.dumps(doc))


def case_binary_input():
    doc, err = decode_json(sample("inq_standard.raw"), sample("vpd_zbdc.raw"))
    check(doc[0]["format"] == "binary" and doc[0]["kind"] == "standard_inquiry", "inq_standard.raw")
    check(doc[1]["format"] == "binary" and doc[1]["kind"] == "vpd_pages", "vpd_zbdc.raw")
    check(doc[1]["pages"][0]["page_code"] == 0xb6 and doc[1]["pages"][0]["decoded"] is False, "B6h not decoded yet")


def case_forced_kind():
    doc, err = decode_json("--as", "vpd", sample("inq_standard.hex"))
    check(doc[0]["kind"] == "vpd_pages" and doc[0]["detection"]["method"] == "forced", "forced VPD", json.dumps(doc))
    check("does not ascend" in doc[0]["detection"]["warning"], "warning says why it looks wrong", json.dumps(doc))
    check(doc[0]["pages"][0]["truncated"] is True, "read as a truncated page 00h", json.dumps(doc))
    rc, out, err = run("decode", "--as", "inquiry", sample("vpd_dev_id.hex"))
    check(rc == 0, "a forced kind decodes", out, err)
    expect_lines(out, ["Forced: --as inquiry"], err)
    check(any(line.strip().startswith("Warning: this does not look like standard INQUIRY data")
              for line in out.splitlines()), "warning line", out, err)


# ------------------------------------------------------------ sense data

def case_sense_fixed():
    path = sample("fixed_sense.hex")
    rc, out, err = run("decode", path)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    expect_lines(out, [
        f"{path}: sense data, 18 bytes (hex text)",
        "Sense:                        MEDIUM ERROR: UNRECOVERED READ ERROR",
        "Response code:                0x70 (fixed format, current)",
        "Sense key:                    0x3 (MEDIUM ERROR)",
        "Information:                  0x00001234",
        "Field replaceable unit code:  0x77",
        "Actual retry count: 408",
    ], err)
    doc, err = decode_json(path)
    check(doc[0]["kind"] == "sense_data", "kind", json.dumps(doc))
    s = doc[0]["sense_data"]
    check(s["response_code"] == 0x70 and s["format"] == "fixed" and s["deferred"] is False, "format", json.dumps(doc))
    check(s["valid"] is True and s["information"] == 0x1234, "information", json.dumps(doc))
    check(s["sense_key"] == 3 and s["sense_key_name"] == "MEDIUM ERROR", "sense key", json.dumps(doc))
    check(s["additional_sense_code"] == 0x11 and s["additional_sense_code_qualifier"] == 0, "ASC/ASCQ", json.dumps(doc))
    check(s["additional_sense"] == "UNRECOVERED READ ERROR" and s["additional_sense_kind"] == "listed", "ASC text")
    check(s["field_replaceable_unit_code"] == 0x77, "FRU", json.dumps(doc))
    sks = s["sense_key_specific"]
    check(sks["sksv"] is True and sks["format"] == "actual retry count" and sks["actual_retry_count"] == 0x198,
          "sense key specific", json.dumps(doc))
    check(s["truncated"] is False and s["required_allocation_length"] == 18, "lengths", json.dumps(doc))
    # In a Linux 96-byte sense buffer: the rest is not sense data.
    raw = open(path).read() + " 00" * 78
    doc, err = decode_json("-", stdin=raw.encode())
    check(doc[0]["kind"] == "sense_data" and doc[0]["size"] == 96, "96-byte buffer", json.dumps(doc))
    check(any("78 bytes after the 18" in n for n in doc[0]["sense_data"]["notes"]), "padding note", json.dumps(doc))


def case_sense_descriptors():
    doc, err = decode_json(sample("descriptor_sense.hex"))
    s = doc[0]["sense_data"]
    check(s["format"] == "descriptor" and s["sdat_ovfl"] is True, "header", json.dumps(doc))
    check(s["summary"] == "RECOVERED ERROR: EXCESSIVE WRITE ERRORS", "summary", json.dumps(doc))
    d = s["descriptors"]
    check([x["descriptor_type"] for x in d] == [0x00, 0x01, 0x02, 0x03, 0x0a, 0x05, 0x0b], "types", json.dumps(doc))
    check([x["offset"] for x in d] == [8, 20, 32, 40, 44, 52, 56], "offsets", json.dumps(doc))
    check(d[0]["valid"] is True and d[0]["information"] == 0x11223344556677bb, "information", json.dumps(doc))
    check(d[1]["command_specific_information"] == 0x3344556677bbccff, "command specific", json.dumps(doc))
    check(d[2]["sense_key_specific"]["actual_retry_count"] == 257, "sense key specific", json.dumps(doc))
    check(d[3]["field_replaceable_unit_code"] == 0x45, "FRU", json.dumps(doc))
    check(d[4]["sense_key_name"] == "NOT READY" and d[4]["progress_indication"] == 0x3201, "progress", json.dumps(doc))
    check(d[4]["progress_indication_name"] == "19.53 %", "progress percent", json.dumps(doc))
    check(d[4]["additional_sense_kind"] == "reserved", "unlisted ASC/ASCQ", json.dumps(doc))
    check(d[5]["ili"] is True, "block commands ILI", json.dumps(doc))
    ref = d[6]["referrals"]
    check(d[6]["not_all_r"] is True and len(ref) == 1, "referral", json.dumps(doc))
    check(ref[0]["first_user_data_segment_lba"] == 0x0102030405060708, "first LBA", json.dumps(doc))
    check(ref[0]["target_port_groups"] == [{"asymmetric_access_state": 2, "asymmetric_access_state_name": "standby",
                                            "target_port_group": 0x1234}], "referral group", json.dumps(doc))

    doc, err = decode_json(sample("ref_sense.hex"))
    ref = doc[0]["sense_data"]["descriptors"][0]["referrals"]
    check([[g["target_port_group"] for g in r["target_port_groups"]] for r in ref] == [[7, 8], [5]], "ref_sense",
          json.dumps(doc))

    doc, err = decode_json(sample("forwarded_sense.hex"))
    d = doc[0]["sense_data"]["descriptors"]
    check(d[0]["descriptor_type_name"] == "forwarded sense data" and d[0]["forwarded_status"] == 2, "forwarded",
          json.dumps(doc))
    check(d[0]["forwarded_status_name"] == "CHECK CONDITION" and d[0]["sense_data_source"] == 1, "forwarded fields")
    inner = d[0]["forwarded_sense"]
    check(inner["sense_key_name"] == "UNIT ATTENTION" and inner["additional_sense_code"] == 0x18, "nested sense",
          json.dumps(doc))
    check(d[2]["field_replaceable_unit_code"] == 0x99, "after the forwarded one", json.dumps(doc))


def case_sense_descriptor_types():
    path = own("sense_descriptor_mix.hex")
    rc, out, err = run("decode", path)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    expect_lines(out, ["Sense:                   ILLEGAL REQUEST: INVALID FIELD IN CDB",
                       "C/D:           1 (in the CDB)", "Microcode activation time: 60 (60 s)",
                       'Name:                       "naa.5000c5003011cb2b"'], err)
    doc, err = decode_json(path)
    d = doc[0]["sense_data"]["descriptors"]
    check([x["descriptor_type"] for x in d] == [0x02, 0x09, 0x0d, 0x0e, 0x0f, 0x04, 0x80], "types", json.dumps(doc))
    sks = d[0]["sense_key_specific"]
    check(sks["format"] == "field pointer" and sks["c_d"] == 1 and sks["bpv"] is True and sks["bit_pointer"] == 1
          and sks["field_pointer"] == 2, "field pointer", json.dumps(doc))
    check(d[1]["extend"] is True and d[1]["error"] == 4 and d[1]["count"] == 1 and d[1]["lba"] == 0x10
          and d[1]["status"] == 0x51, "ATA status return", json.dumps(doc))
    check(d[2]["valid"] is True and d[2]["ili"] is True and d[2]["information"] == 0x1000
          and d[2]["field_replaceable_unit_code"] == 0x12 and d[2]["sense_key_specific"]["field_pointer"] == 5,
          "direct-access block device", json.dumps(doc))
    check(d[3]["usage_reason"] == 1 and d[3]["designation"]["designator_name"] == "naa.5000c5003011cb2b",
          "device designation", json.dumps(doc))
    check(d[4]["microcode_activation_time"] == 60, "microcode activation", json.dumps(doc))
    check(d[5]["filemark"] is True and d[5]["eom"] is True and d[5]["ili"] is True, "stream commands")
    check(d[6]["descriptor_type_name"] == "vendor specific" and d[6]["descriptor_specific"] == "deadbeef", "vendor")


def case_sense_malformed():
    # The second descriptor claims 5 bytes, 2 are left.
    data = b"72 05 24 00 00 00 00 10  00 0a 80 00 11 22 33 44 55 66 77 88  03 05 00 45\n"
    doc, err = decode_json("-", stdin=data, status=1)
    s = doc[0]["sense_data"]
    check(len(s["descriptors"]) == 1 and s["error"]["code"] == "descriptor_overrun" and s["error"]["offset"] == 20,
          "overrun", json.dumps(doc), err)
    expect_one_error_line(err, "-", 20, "ADDITIONAL LENGTH 5 runs past the end of the sense data")
    # A field replaceable unit descriptor must be 4 bytes.
    data = b"72 05 24 00 00 00 00 06  03 04 00 45 00 00\n"
    doc, err = decode_json("-", stdin=data, status=1)
    d = doc[0]["sense_data"]["descriptors"][0]
    check(d["error"]["code"] == "length_mismatch" and d["error"]["offset"] == 8, "typed length", json.dumps(doc))
    check(d["descriptor_specific"] == "00450000", "the bytes are still shown", json.dumps(doc))
    # Vendor specific response code 7Fh is not decodable.
    rc, out, err = run("decode", "--as", "sense", "-", stdin=b"7f 00 00 00 00 00 00 00\n")
    check(rc == 1 and out == "", "7Fh is an input error", out, err)


def case_sense_truncated():
    tokens = " ".join(l for l in open(sample("descriptor_sense.hex")).read().splitlines()
                      if not l.startswith("#")).split()
    doc, err = decode_json("-", stdin=" ".join(tokens[:30]).encode())
    s = doc[0]["sense_data"]
    check(doc[0]["kind"] == "sense_data", "still sense data", json.dumps(doc))
    check(s["truncated"] is True and s["required_allocation_length"] == 84 and s["returned_length"] == 30,
          "truncation", json.dumps(doc))
    check(len(s["descriptors"]) == 1 and "error" not in s, "the whole descriptor decoded, no error", json.dumps(doc))
    # Fixed format cut before the ASC: the missing fields are left out.
    doc, err = decode_json("--as", "sense", "-", stdin=b"70 00 06 00 00 00 00 0a 00 00 00 00\n")
    s = doc[0]["sense_data"]
    check("additional_sense_code" not in s and s["sense_key_name"] == "UNIT ATTENTION", "absent fields", json.dumps(doc))
    check(s["summary"] == "UNIT ATTENTION" and s["truncated"] is True, "summary without ASC", json.dumps(doc))


# ------------------------------------------------------------ REPORT LUNS

def case_luns():
    path = sample("luns_wlun.hex")
    rc, out, err = run("decode", path)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    expect_lines(out, [
        f"{path}: REPORT LUNS parameter data, 72 bytes (hex text)",
        "Detected: LUN list length 64 matches 8 LUNs exactly",
        "#2 0308020401020001 [offset 16]: 4 levels, Linux LUN 282583112090376",
        "Fourth level [byte 6]: peripheral device addressing, LUN 1",
        "#3 c101000000000000 [offset 24]: REPORT LUNS well known logical unit, Linux LUN 49409",
        "W-LUN:                   0x01 (REPORT LUNS)",
        "Long extended flat space LUN: 513392880315",
    ], err)
    doc, err = decode_json(path)
    check(doc[0]["kind"] == "report_luns", "kind", json.dumps(doc))
    r = doc[0]["report_luns"]
    check(r["lun_list_length"] == 64 and r["lun_count"] == 8 and r["truncated"] is False, "header", json.dumps(doc))
    luns = r["luns"]
    check([l["offset"] for l in luns] == list(range(8, 72, 8)), "offsets", json.dumps(doc))
    check(luns[0]["lun"] == "0001000000000000" and luns[0]["linux_lun"] == 1 and luns[0]["single_level_lun"] == 1,
          "LUN 1", json.dumps(doc))
    check([lv["format"] for lv in luns[1]["levels"]] == ["peripheral device addressing"] * 4, "4 levels")
    check([lv["bus_identifier"] for lv in luns[1]["levels"]] == [3, 2, 1, 0], "bus identifiers", json.dumps(doc))
    check(luns[1]["linux_lun"] == 0x0001010202040308 and "single_level_lun" not in luns[1], "hierarchical LUN")
    check(luns[2]["well_known_lun"] == 1 and luns[2]["well_known_lun_name"] == "REPORT LUNS", "W-LUN", json.dumps(doc))
    check(luns[3]["levels"][0]["flat_space_lun"] == 0x1234 and luns[3]["linux_lun"] == 0x5234, "flat space")
    lu = luns[4]["levels"][0]
    check(lu["address_method"] == 2 and lu["bus_number"] == 2 and lu["target"] == 1 and lu["lun"] == 4,
          "logical unit addressing", json.dumps(doc))
    check(luns[5]["levels"][1]["extended_flat_space_lun"] == 0x778899, "extended flat space", json.dumps(doc))
    check(luns[6]["single_level_lun"] == 0x778899aabb, "long extended flat space", json.dumps(doc))
    check(luns[7]["logical_unit_not_specified"] is True, "not specified", json.dumps(doc))

    # LU_CONG changes how address method 00b reads.
    doc, err = decode_json(sample("luns_lu_cong.hex"), status=1)
    r = doc[0]["report_luns"]
    check(r["lu_cong"] is False, "LU_CONG off by default")
    check(r["luns"][1]["levels"][0]["format"] == "peripheral device addressing", "no --lu-cong", json.dumps(doc))
    check(r["luns"][1]["error"]["code"] == "length_mismatch" and "--lu-cong" in r["luns"][1]["notes"][0],
          "without --lu-cong, 00 01 00 02 is a one-level LUN with trailing bytes", json.dumps(doc))
    doc, err = decode_json("--lu-cong", sample("luns_lu_cong.hex"))
    r = doc[0]["report_luns"]
    check(r["lu_cong"] is True, "--lu-cong", json.dumps(doc))
    levels = r["luns"][1]["levels"]
    check([lv["format"] for lv in levels] == ["simple logical unit addressing"] * 2, "conglomerate", json.dumps(doc))
    check([lv["simple_logical_unit_number"] for lv in levels] == [1, 2], "administrative and subsidiary")
    rc, out, err = run("decode", "--lu-cong", sample("luns_lu_cong.hex"))
    expect_lines(out, ["Subsidiary element [byte 2]: simple logical unit addressing, LUN 2"], err)


def case_luns_malformed_and_truncated():
    # LUN LIST LENGTH 20; the second LUN has bytes after its address.
    data = b"00 00 00 14 00 00 00 00  00 01 00 00 00 00 00 00  c1 01 00 00 00 00 00 01  00 02 00 00\n"
    doc, err = decode_json("--as", "luns", "-", stdin=data, status=1)
    r = doc[0]["report_luns"]
    check(len(r["luns"]) == 2 and r["error"]["code"] == "length_mismatch" and r["error"]["offset"] == 24,
          "odd LUN list length", json.dumps(doc))
    check(r["luns"][1]["error"]["code"] == "length_mismatch", "malformed LUN", json.dumps(doc))
    check("not a multiple of 8" in doc[0]["detection"]["warning"], "warning", json.dumps(doc))
    check(len(err.splitlines()) == 2, "one stderr line per problem", err=err)
    # Truncated to 2 of 4 LUNs: not an error.
    data = b"00 00 00 20 00 00 00 00  00 01 00 00 00 00 00 00 40 02 00 00 00 00 00 00\n"
    doc, err = decode_json("-", stdin=data)
    r = doc[0]["report_luns"]
    check(doc[0]["kind"] == "report_luns" and r["truncated"] is True and r["required_allocation_length"] == 40,
          "truncated", json.dumps(doc))
    check([l["single_level_lun"] for l in r["luns"]] == [1, 2] and "error" not in r, "two LUNs", json.dumps(doc))


# ------------------------------------------------------------ READ CAPACITY (16)

def case_capacity16():
    path = own("capacity16_512e.hex")
    rc, out, err = run("decode", path)
    check(rc == 1 and out == "", "never auto-detected", out, err)
    expect_one_error_line(err, path, 0, "perhaps READ CAPACITY (16) parameter data")
    check("use --as capacity16" in err, "suggests --as", out, err)
    rc, out, err = run("decode", "--as", "capacity16", path)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    expect_lines(out, ["Capacity:                                   1099511627776 bytes (1.00 TiB)",
                       "Physical block length in bytes:             4096"], err)
    check("Warning" not in out, "no warning for plausible data", out, err)
    doc, err = decode_json("--as", "capacity16", path)
    c = doc[0]["read_capacity_16"]
    check(doc[0]["kind"] == "read_capacity_16", "kind", json.dumps(doc))
    check(c["returned_logical_block_address"] == 0x7fffffff and c["logical_block_length_in_bytes"] == 512,
          "LBA and block length", json.dumps(doc))
    check(c["capacity_in_blocks"] == 2**31 and c["capacity_in_bytes"] == 2**40, "capacity", json.dumps(doc))
    check(c["rc_basis"] == 1 and c["p_type"] == 1 and c["prot_en"] is True and c["protection_type"] == 2,
          "protection", json.dumps(doc))
    check(c["logical_blocks_per_physical_block_exponent"] == 3 and c["logical_blocks_per_physical_block"] == 8
          and c["physical_block_length_in_bytes"] == 4096, "physical block", json.dumps(doc))
    check(c["lbpme"] is True and c["lbprz"] is True and c["lowest_aligned_logical_block_address"] == 0, "LBP")
    check(c["truncated"] is False and c["required_allocation_length"] == 32, "lengths", json.dumps(doc))
    # 12 bytes (what READ CAPACITY (10) also has): truncated, the rest absent.
    doc, err = decode_json("--as", "capacity16", "-", stdin=b"00 00 00 00 00 00 ff ff 00 00 10 00\n")
    c = doc[0]["read_capacity_16"]
    check(c["truncated"] is True and c["capacity_in_bytes"] == 0x10000 * 4096 and "prot_en" not in c,
          "truncated capacity", json.dumps(doc))
    # The largest LBA: no capacity, a note; an odd block length: a warning.
    doc, err = decode_json("--as", "capacity16", "-", stdin=b"ff ff ff ff ff ff ff ff 00 00 02 01" + b" 00" * 20)
    c = doc[0]["read_capacity_16"]
    check("capacity_in_blocks" not in c and any("does not fit" in n for n in c["notes"]), "overflow note",
          json.dumps(doc))
    check("logical block length 513" in doc[0]["detection"]["warning"], "warning", json.dumps(doc))
    rc, out, err = run("decode", "--as", "capacity16", "-", stdin=b"00 00 00 00 00 00 ff ff 00 00 10\n")
    expect_one_error_line(err, "-", 0, "fewer than 12 bytes")


# ------------------------------------------------------------ REPORT TARGET PORT GROUPS

def case_rtpg_istgt():
    path = target("istgt_rtpg_after_stpg.hex")
    rc, out, err = run("decode", path)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    expect_lines(out, [
        f"{path}: REPORT TARGET PORT GROUPS parameter data, 28 bytes (hex text)",
        "Detected: RETURN DATA LENGTH 24, length only, matches 2 target port groups with 2 target ports exactly",
        "Header format:      length_only",
        "#2 target port group 0x0002: active/non-optimized, preferred [offset 16, 12 bytes]",
        "Asymmetric access state: 0x1 (active/non-optimized)",
        "Supported states:        T_SUP=0 O_SUP=0 LBD_SUP=0 U_SUP=0 S_SUP=0 AN_SUP=1 AO_SUP=1",
        "Status code:             0x01 (target port asymmetric access state altered by SET TARGET PORT GROUPS command)",
        "0x0002  port B",
    ], err)
    doc, err = decode_json(path)
    check(doc[0]["kind"] == "report_target_port_groups", "kind", json.dumps(doc))
    r = doc[0]["report_target_port_groups"]
    check(r["return_data_length"] == 24 and r["header_format"] == "length_only", "header", json.dumps(doc))
    check(r["truncated"] is False and r["required_allocation_length"] == 28, "lengths", json.dumps(doc))
    check("implicit_transition_time" not in r, "no implicit transition time without the extended header")
    groups = r["target_port_groups"]
    check([g["target_port_group"] for g in groups] == [1, 2], "group numbers", json.dumps(doc))
    check([g["asymmetric_access_state"] for g in groups] == [0, 1], "states", json.dumps(doc))
    check(groups[1]["asymmetric_access_state_name"] == "active/non-optimized", "state name", json.dumps(doc))
    check(all(g["pref"] is True and g["ao_sup"] is True and g["an_sup"] is True and g["s_sup"] is False
              for g in groups), "PREF and SUP bits", json.dumps(doc))
    check([g["status_code"] for g in groups] == [2, 1], "status codes", json.dumps(doc))
    check([g["offset"] for g in groups] == [4, 16], "offsets", json.dumps(doc))
    check([[p["relative_target_port_identifier"] for p in g["target_ports"]] for g in groups] == [[1], [2]],
          "ports", json.dumps(doc))
    check(groups[0]["target_ports"][0]["relative_target_port_identifier_name"] == "port A", "port name")
    # Requested extended, answered length-only (an SPC-3 target): still length only.
    doc, err = decode_json(target("istgt_rtpg_extended_requested.hex"))
    check(doc[0]["report_target_port_groups"]["header_format"] == "length_only", "istgt ignores the format")


def case_rtpg_extended_header():
    doc, err = decode_json(own("rtpg_extended.hex"))
    check(doc[0]["kind"] == "report_target_port_groups" and doc[0]["detection"]["method"] == "auto", "auto-detected",
          json.dumps(doc))
    r = doc[0]["report_target_port_groups"]
    check(r["header_format"] == "extended" and r["format_type"] == 1, "extended header", json.dumps(doc))
    check(r["implicit_transition_time"] == 60 and r["implicit_transition_time_name"] == "60 s", "transition time")
    groups = r["target_port_groups"]
    check([g["asymmetric_access_state_name"] for g in groups] == ["standby", "unavailable", "transitioning"],
          "states", json.dumps(doc))
    check([g["offset"] for g in groups] == [8, 20, 32], "offsets after the 8-byte header", json.dumps(doc))
    check(groups[0]["lbd_sup"] is True and groups[0]["t_sup"] is True and groups[2]["vendor_specific"] == 0x5a,
          "support bits and vendor specific byte", json.dumps(doc))
    rc, out, err = run("decode", own("rtpg_two_groups.hex"))
    check(rc == 0, f"exit status {rc}", out, err)
    expect_lines(out, ["#1 target port group 0x0001: active/optimized, preferred [offset 4, 16 bytes]",
                       "Target ports (2):", "0x0003  port C", "0x0004  port D"], err)


def case_rtpg_truncated():
    # Cut inside the first descriptor: too little to auto-detect, fine with --as.
    path = target("istgt_rtpg_allocation_length_12.hex")
    rc, out, err = run("decode", path)
    check(rc == 1, f"exit status {rc}, expected 1", out, err)
    expect_one_error_line(err, path, 0, "use --as rtpg")
    doc, err = decode_json("--as", "rtpg", path)
    check("warning" not in doc[0]["detection"], "no warning for a truncated response", json.dumps(doc))
    r = doc[0]["report_target_port_groups"]
    check(r["truncated"] is True and r["required_allocation_length"] == 28 and r["returned_length"] == 12,
          "truncation reported", json.dumps(doc))
    check(r["target_port_groups"] == [] and "error" not in r, "no group, no error", json.dumps(doc))
    check(any("re-issue REPORT TARGET PORT GROUPS" in n for n in r["notes"]), "note says what to do", json.dumps(doc))


def case_rtpg_malformed():
    # The second group claims 2 ports, only 1 is there (RETURN DATA LENGTH agrees with the data).
    data = b"00 00 00 18  80 03 00 01 00 02 00 01 00 00 00 01  80 03 00 02 00 02 00 02 00 00 00 02\n"
    rc, out, err = run("decode", "-", stdin=data)
    check(rc == 1, "not auto-detected", out, err)
    doc, err = decode_json("--as", "rtpg", "-", stdin=data, status=1)
    r = doc[0]["report_target_port_groups"]
    check(len(r["target_port_groups"]) == 1, "the group before the error is decoded", json.dumps(doc))
    check(r["error"]["code"] == "descriptor_overrun" and r["error"]["offset"] == 16, "overrun at 16", json.dumps(doc))
    expect_one_error_line(err, "-", 16, "TARGET PORT COUNT 2 needs 16 bytes, 12 are left")
    # A reserved FORMAT TYPE cannot be decoded at all.
    rc, out, err = run("decode", "--as", "rtpg", "-", stdin=b"00 00 00 08 20 00 00 00 00 00 00 00\n")
    check(rc == 1 and out == "", "input error", out, err)
    expect_one_error_line(err, "-", 4, "FORMAT TYPE 2")


# ------------------------------------------------------------ REPORT SUPPORTED OPERATION CODES, READ CAPACITY (10)

def case_rsoc_tgt():
    # never auto-detected; --as rsoc picks the format whose length fits
    path = target("tgt_rsoc_all.hex")
    rc, out, err = run("decode", "--as", "rsoc", path)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    expect_lines(out, ["Format:              all_commands",
                       "Command data length: 400", "Commands (50):", "0x9e/0x0010  CDB length 16"], err)
    doc, err = decode_json("--as", "rsoc", target("tgt_rsoc_all_rctd.hex"))
    r = doc[0]["report_supported_operation_codes"]
    check(doc[0]["kind"] == "report_supported_operation_codes" and r["format"] == "all_commands", "kind, format",
          json.dumps(doc))
    check(len(r["commands"]) == 50 and all(c["ctdp"] is True for c in r["commands"]), "50 commands with CTDP",
          json.dumps(doc))
    check(r["commands"][0]["command_timeouts"]["descriptor_length"] == 10, "timeouts", json.dumps(doc))
    doc, err = decode_json("--as", "rsoc", target("tgt_rsoc_one_read_10_rctd.hex"))
    r = doc[0]["report_supported_operation_codes"]
    check(r["format"] == "one_command" and r["support"] == 3 and r["cdb_size"] == 10 and r["operation_code"] == 0x28,
          "one command", json.dumps(doc))
    check(r["cdb_usage_data"] == "28feffffffff00ffff07" and r["truncated"] is False, "usage map", json.dumps(doc))
    doc, err = decode_json("--as", "rsoc", target("tgt_rsoc_all_allocation_length_64.hex"))
    r = doc[0]["report_supported_operation_codes"]
    check(r["truncated"] is True and r["required_allocation_length"] == 404 and len(r["commands"]) == 7,
          "truncated list", json.dumps(doc))
    # A timeouts descriptor with a wrong DESCRIPTOR LENGTH is an error with its offset.
    data = b"00 83 00 01 28 00 0b 00 00 00 00 00 05 00 00 00 0a\n"
    rc, out, err = run("decode", "--json", "--as", "rsoc", "-", stdin=data)
    doc = json.loads(out)
    r = doc[0]["report_supported_operation_codes"]
    check(r["format"] == "one_command" and r["error"]["code"] == "length_mismatch" and r["error"]["offset"] == 5,
          "length_mismatch", out, err)
    rc, out, err = run("decode", "--as", "rsoc", "-", stdin=b"00 00 01\n")
    expect_one_error_line(err, "-", 3, "fewer than 4 bytes")
    # Bytes that only fit by their lengths: a warning names the reserved bits.
    doc, err = decode_json("--as", "rsoc", "-", stdin=" ".join(f"{b:02x}" for b in range(0x40, 0x80)).encode())
    check("reserved bits set in the command descriptor at offset 4" in doc[0]["detection"]["warning"], "warning",
          json.dumps(doc))
    check("warning" not in decode_json("--as", "rsoc", path)[0][0]["detection"], "no warning for tgt", json.dumps(doc))


def case_capacity10_tgt():
    path = target("tgt_read_capacity_10.hex")
    rc, out, err = run("decode", "--as", "capacity10", path)
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    expect_lines(out, ["Returned logical block address: 0x0001ffff", "Block length in bytes:          512",
                       "Capacity:                       67108864 bytes (64.00 MiB)"], err)
    doc, err = decode_json("--as", "capacity10", "-", stdin=b"ff ff ff ff 00 00 02 00\n")
    c = doc[0]["read_capacity_10"]
    check(doc[0]["kind"] == "read_capacity_10" and c["needs_read_capacity_16"] is True
          and "capacity_in_blocks" not in c and any("READ CAPACITY (16)" in n for n in c["notes"]),
          "needs READ CAPACITY (16)", json.dumps(doc))
    doc, err = decode_json("--as", "capacity10", "-", stdin=b"00 00 ff ff 00 00 02 01\n")
    check("block length 513" in doc[0]["detection"]["warning"], "warning", json.dumps(doc))
    rc, out, err = run("decode", "--as", "capacity10", "-", stdin=b"00 00 00 00 00 00 02\n")
    expect_one_error_line(err, "-", 7, "fewer than 8 bytes")


def case_trailing_zero_padding():
    doc, err = decode_json(sample("vpd_nvmei.hex"))
    check(doc[0]["kind"] == "vpd_pages", "vpd_nvmei.hex is VPD", json.dumps(doc))
    check(len(doc[0]["pages"]) == 1 and doc[0]["trailing_zero_bytes"] == 12, "padding is not pages", json.dumps(doc))


def case_non_utf8_file_name():
    directory = tempfile.mkdtemp()
    path = os.path.join(os.fsencode(directory), b"page\xff.hex")
    with open(path, "wb") as f:
        f.write(open(sample("vpd_dev_id.hex"), "rb").read())
    try:
        proc = subprocess.run([BINARY, "decode", "--json", path], capture_output=True, timeout=60)
        check(proc.returncode == 0, f"exit status {proc.returncode}", proc.stdout, proc.stderr)
        doc = json.loads(proc.stdout.decode("utf-8"))
        check(doc[0]["file"].endswith("page\ufffd.hex"), "the invalid byte is replaced", doc)
    finally:
        os.unlink(path)
        os.rmdir(directory)


def case_every_sample():
    """Every sample file decodes or fails cleanly, in text and in JSON."""
    folders = [DATA, os.path.join(HERE, "data"), os.path.join(DATA, os.pardir, "targets")]
    paths = [os.path.join(folder, name) for folder in folders for name in sorted(os.listdir(folder))
             if name.endswith(".hex") or name.endswith(".raw")]
    for path in paths:
        name = os.path.basename(path)
        rc, out, err = run("decode", path)
        check(rc in (0, 1), f"{name}: exit status {rc}", out, err)
        check((rc == 0) == (err == ""), f"{name}: stderr must be empty exactly when the exit status is 0", out, err)
        for line in err.splitlines():
            check(line.startswith(f"mpio-inspect: {path}: offset "), f"{name}: stderr line format", out, err)
        rc_json, out, err = run("decode", "--json", path)
        check(rc_json == rc, f"{name}: same exit status with --json", out, err)
        json.loads(out)

# ------------------------------------------------------------ id

def scheme_names():
    """The scheme table, as the binary knows it (the --scheme check lists it):
    other schemes get added to include/mpio/ident/schemes.hpp over time. The
    check lists the NVMe table (nvme_schemes.hpp, `id --nvme`) after it: its
    names contain "nvme" and are left out here."""
    rc, out, err = run("id", "--scheme", "no-such-scheme", "--vpd83", sample("vpd_dev_id.hex"))
    check(rc >= 100, f"exit status {rc}, expected a usage error", out, err)
    start, end = err.index("{") + 1, err.index("}")
    return [name for name in err[start:end].split(",") if "nvme" not in name]


def case_id_default_scheme():
    rc, out, err = run("id", "--vpd83", sample("vpd_dev_id.hex"))
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    check(out == "naa.5000c5003011cb2b\n", "the mpio identifier, one line", out, err)
    rc, out, err = run("id", "--scheme", "mpio", "--vpd83", sample("vpd_dev_id.hex"))
    check(out == "naa.5000c5003011cb2b\n", "--scheme mpio is the default", out, err)


def case_id_schemes():
    for scheme, expected in [("multipath-tools", "36122334455667788aabbccddeeffeedd"),
                             ("msdsm", "6122334455667788AABBCCDDEEFFEEDD")]:
        rc, out, err = run("id", "--scheme", scheme, "--vpd83", sample("vpd_di_all.hex"))
        check(rc == 0 and err == "", f"{scheme}: exit status {rc}", out, err)
        check(out == expected + "\n", f"{scheme}: identifier", out, err)


def case_id_all():
    names = scheme_names()
    check(names[:1] == ["mpio"] and "multipath-tools" in names and "msdsm" in names, f"scheme table {names}")
    rc, out, err = run("id", "--all", "--vpd83", sample("vpd_di_all.hex"))
    check(rc == 0 and err == "", f"exit status {rc}", out, err)
    lines = out.splitlines()
    check([line.split("\t")[0] for line in lines] == names, "one line per scheme, in table order", out, err)
    check(all(line.count("\t") == 1 and line.split("\t")[1] != "" for line in lines), "NAME<TAB>VALUE", out, err)
    expect_lines(out, ["mpio\tnaa.6122334455667788aabbccddeeffeedd", "msdsm\t6122334455667788AABBCCDDEEFFEEDD"], err)


def case_id_page_files_and_fallback():
    # vpd_sdeb.hex holds several VPD pages: id takes page 83h (or 80h) from it.
    sdeb = sample("vpd_sdeb.hex")
    rc, out, err = run("id", "--all", "--inquiry", sample("inq_standard.hex"), "--vpd80", sdeb, "--vpd83", sdeb)
    check(rc == 0, f"exit status {rc}", out, err)
    expect_lines(out, ["multipath-tools\t1Linux_scsi_debug_2000", "msdsm\t33333330000007D0"], err)
    # A page 83h without LU designators: MSDSM does not claim the device (no
    # page 80h fallback once page 83h was returned, issue 18).
    page83 = write_temp("00 83 00 08  01 94 00 04 00 00 00 01\n")
    page80 = write_temp("00 80 00 04  53 4e 30 31\n")
    try:
        rc, out, err = run("id", "--scheme", "msdsm", "--vpd80", page80, "--vpd83", page83)
        check(rc == 1 and out == "" and "(not_found)" in err, f"exit status {rc}, expected 1", out, err)
    finally:
        os.unlink(page83)
        os.unlink(page80)


def case_id_no_identifier():
    # The pre-SPC-2 page of an old EMC Symmetrix: no descriptors for msdsm.
    rc, out, err = run("id", "--scheme", "msdsm", "--vpd83", sample("vpd_di_old_emc_symm.hex"))
    check(rc == 1 and out == "", f"exit status {rc}, expected 1", out, err)
    # The error names the file (and the offset: 0, no malformed designator).
    check(err == f"mpio-inspect: {sample('vpd_di_old_emc_symm.hex')}: offset 0: scheme msdsm: no identifier: "
          + err.split(": no identifier: ")[1] and "(not_found)" in err and err.count("\n") == 1,
          "one reason line", out, err)
    # Not ready: an all-zero EUI-64.
    zero = write_temp("00 83 00 0c  01 02 00 08  00 00 00 00 00 00 00 00\n")
    try:
        rc, out, err = run("id", "--vpd83", zero)
        check(rc == 1 and out == "", f"exit status {rc}, expected 1", out, err)
        check(err.startswith(f"mpio-inspect: {zero}: offset 0: scheme mpio: identifier not ready")
              and err.count("\n") == 1,
              "one reason line", out, err)
        rc, out, err = run("id", "--all", "--vpd83", zero)
        check(rc == 0, f"--all: exit status {rc}", out, err)
        expect_lines(out, ["mpio\t-", "msdsm\t-"], err)
    finally:
        os.unlink(zero)
    # A truncated page 83h.
    cut = write_temp("00 83 00 20  01 03 00 08  50 00 c5 00 30 11 cb 2b\n")
    try:
        rc, out, err = run("id", "--vpd83", cut)
        check(rc == 1 and "(too_short)" in err, f"exit status {rc}", out, err)
    finally:
        os.unlink(cut)


def case_id_usage_and_input_errors():
    for args in [["id"], ["id", "--vpd83"], ["id", "--all", "--scheme", "mpio", "--vpd83", sample("vpd_dev_id.hex")],
                 ["id", "--scheme", "nope", "--vpd83", sample("vpd_dev_id.hex")]]:
        rc, out, err = run(*args)
        check(rc >= 100, f"{args}: exit status {rc}, expected a usage error", out, err)
    path = sample("does_not_exist.hex")
    rc, out, err = run("id", "--vpd83", path)
    check(rc == 1 and out == "", f"exit status {rc}", out, err)
    expect_one_error_line(err, path, 0, "cannot open file")
    rc, out, err = run("id", "--vpd80", path, "--vpd83", sample("vpd_dev_id.hex"))
    check(rc == 1, f"--vpd80 unreadable: exit status {rc}", out, err)
    # A page 83h file that holds another page: the scheme's reason.
    rc, out, err = run("id", "--scheme", "msdsm", "--vpd83", sample("inq_standard.hex"))
    check(rc == 1 and out == "" and err.count("\n") == 1, f"exit status {rc}", out, err)


# ------------------------------------------------------------ hostile input (issue 17)

CONTROL = set(range(0x00, 0x20)) - {0x0a, 0x09}


def raw_run(*args, timeout=60):
    """Runs mpio-inspect; returns (exit status, stdout bytes, stderr bytes, seconds)."""
    import time
    start = time.monotonic()
    proc = subprocess.run([BINARY, *args], capture_output=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start


def check_terminal_safe(data, what):
    """No control byte but newline and tab, no DEL, no C1 control, valid UTF-8."""
    bad = sorted({b for b in data if b in CONTROL or b == 0x7f})
    check(not bad, f"{what}: raw control bytes {[hex(b) for b in bad]}", data.decode("utf-8", "replace"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"{what}: not UTF-8 ({e})")
    c1 = [c for c in text if 0x80 <= ord(c) <= 0x9f or 0x200b <= ord(c) <= 0x200f or 0x202a <= ord(c) <= 0x202e]
    check(not c1, f"{what}: C1 / invisible characters {c1!r}", text)


def case_hostile_text_escaped():
    # A binary standard INQUIRY whose vendor and product hold ESC sequences
    # (clear screen, OSC window title), a C1 CSI and a byte that is not UTF-8.
    inquiry = bytes([0x00, 0x00, 0x06, 0x02, 0x1f, 0x00, 0x00, 0x00]) + b"\x1b[2J\x1b]0;" + \
        b"pwned\x07\x9b31m\xff\xfe\x0a\x0dxy" + b"0001"
    inquiry = inquiry[:36].ljust(36, b" ")
    path = write_temp(inquiry, suffix=".bin")
    try:
        for args in [("decode", path), ("decode", "--as", "inquiry", path)]:
            rc, out, err, _ = raw_run(*args)
            check_terminal_safe(out, f"{args} stdout")
            check_terminal_safe(err, f"{args} stderr")
            check(b"\\x1b" in out, "the ESC is shown escaped", out.decode())
        rc, out, err, _ = raw_run("decode", "--json", path)
        check_terminal_safe(out, "JSON stdout")
        check(all(b < 0x80 for b in out), "the JSON output is ASCII (\\u escapes)", out.decode("utf-8", "replace"))
        json.loads(out)
    finally:
        os.unlink(path)


def case_hostile_file_name_escaped():
    # The file name itself is input: a newline and ESC in it must not reach the terminal.
    d = tempfile.mkdtemp(prefix="mpio-cli-")
    try:
        path = os.path.join(d, "evil\n\x1b[2Jname.hex")
        with open(path, "w") as f:
            f.write("00 83 00 zz\n")
        rc, out, err, _ = raw_run("decode", path)
        check(rc == 1, f"exit status {rc}")
        check_terminal_safe(err, "stderr")
        check(err.count(b"\n") == 1 and b"evil\\x0a\\x1b[2Jname.hex" in err, "one line, the name escaped", err.decode())
        rc, out, err, _ = raw_run("decode", os.path.join(d, "missing\x1b]0;t\x07"))
        check_terminal_safe(err, "stderr of a missing file")
    finally:
        shutil.rmtree(d)


def case_hex_stray_non_ascii():
    # A zero-width space in a hex file: an error at its line and column, not binary "VPD page 30h".
    path = write_temp("00 83 00 08\n01 03\u200b 00 04 11 22 33 44\n")
    try:
        rc, out, err = run("decode", path)
        check(rc == 1 and out == "", f"exit status {rc}, expected 1", out, err)
        expect_one_error_line(err, path, 17, "'03\\xe2\\x80\\x8b' is not a hex byte (line 2, column 6 of the hex text)")
    finally:
        os.unlink(path)
    # A stray control character likewise (an ESC in the middle of a dump).
    path = write_temp("00 80 00 04\n41 42 \x1b 43 44\n")
    try:
        rc, out, err, _ = raw_run("decode", path)
        check(rc == 1 and out == b"", f"exit status {rc}", out.decode(), err.decode())
        check(b"(line 2, column 7 of the hex text)" in err and b"'\\x1b'" in err, "ESC reported, escaped", err.decode())
        check_terminal_safe(err, "stderr")
    finally:
        os.unlink(path)


def case_short_errors_verbose_detail():
    path = write_temp(bytes(range(0x40, 0x80)), suffix=".bin")
    try:
        rc, out, err = run("decode", path)
        check(rc == 1 and out == "", f"exit status {rc}", out, err)
        lines = err.splitlines()
        check(len(lines) == 1 and len(lines[0]) < 200 + len(path), f"one short line ({len(lines[0])} chars)", err=err)
        check("--verbose" in lines[0], "says where the detail is", err=err)
        rc, out, err = run("decode", "--verbose", path)
        lines = err.splitlines()
        check(rc == 1 and lines[0] == run("decode", path)[2].rstrip("\n"), "the same first line", err=err)
        check(len(lines) >= 4 and all(line.startswith("  not ") or line.startswith("  perhaps ") for line in lines[1:]),
              "one indented detail line per kind", err=err)
        doc, _ = decode_json(path, status=1)
        check(len(doc[0]["error"]["detail"]) == len(lines) - 1, "JSON detail", json.dumps(doc))
    finally:
        os.unlink(path)
    # Data several kinds could be with --as: still one short line, the first suggestion in full.
    for path, kind in [(own("capacity16_512e.hex"), "capacity16"), (target("tgt_rsoc_all.hex"), "rsoc")]:
        if not os.path.exists(path):
            continue
        rc, out, err = run("decode", path)
        lines = err.splitlines()
        check(rc == 1 and len(lines) == 1, f"{path}: one line", out, err)
        check(len(lines[0]) - len(path) < 220, f"{path}: {len(lines[0]) - len(path)} characters besides the name", err=err)
        check(f"use --as {kind}" in lines[0], f"suggests --as {kind}", err=err)


def case_id_errors_name_file():
    # A Device Identification page whose second designator overruns the page:
    # the error names the --vpd83 file and the designator's offset.
    bad = write_temp("00 83 00 14\n01 03 00 08 60 00 00 00 00 00 00 01\n01 03 00 10 60 00\n")
    try:
        rc, out, err = run("id", "--scheme", "msdsm", "--vpd83", bad)
        check(rc == 1 and out == "", f"exit status {rc}", out, err)
        check(err.startswith(f"mpio-inspect: {bad}: offset "), "names the file", out, err)
    finally:
        os.unlink(bad)
    for opt in ["--inquiry", "--vpd80", "--vpd83"]:
        path = write_temp("00 zz\n")
        try:
            args = ["id", opt, path] + ([] if opt == "--vpd83" else ["--vpd83", sample("vpd_dev_id.hex")])
            rc, out, err = run(*args)
            check(rc == 1, f"{opt}: exit status {rc}", out, err)
            expect_one_error_line(err, path, 3, "'zz' is not a hex byte (line 1, column 4")
        finally:
            os.unlink(path)


def case_large_input():
    # 50 MB is no SCSI response: refused at once, one line, nothing on stdout.
    path = write_temp(b"", suffix=".bin")
    try:
        with open(path, "wb") as f:
            f.truncate(50 * 1000 * 1000)
        rc, out, err, seconds = raw_run("decode", path, timeout=60)
        check(rc == 1 and out == b"", f"exit status {rc}", out.decode(), err.decode())
        check(err.count(b"\n") == 1 and b"file too large" in err, "one clear line", err=err.decode())
        check(seconds < 20, f"took {seconds:.1f} s")
        # 50 MB of hex text likewise; and through standard input.
        with open(path, "wb") as f:
            f.write(b"00 " * (50 * 1000 * 1000 // 3))
        rc, out, err, seconds = raw_run("decode", path, timeout=60)
        check(rc == 1 and out == b"" and b"file too large" in err and seconds < 20, f"hex: {seconds:.1f} s",
              out.decode(), err.decode())
        with open(path, "rb") as f:
            proc = subprocess.run([BINARY, "decode", "-"], stdin=f, capture_output=True, timeout=60)
        check(proc.returncode == 1 and proc.stdout == b"" and b"file too large" in proc.stderr, "stdin",
              err=proc.stderr.decode())
        # Under the limit (4 MB of data as hex text): bounded time, output not amplified.
        with open(path, "wb") as f:
            f.write(b"00 80 ff fc\n" + b"41 " * (4 * 1000 * 1000))
        size = os.path.getsize(path)
        rc, out, err, seconds = raw_run("decode", path, timeout=120)
        check(seconds < 60, f"4 MB: took {seconds:.1f} s")
        check(len(out) + len(err) < 6 * size, f"4 MB: {len(out) + len(err)} bytes of output for {size}")
    finally:
        os.unlink(path)


def case_fifo_and_device_input():
    d = tempfile.mkdtemp(prefix="mpio-cli-")
    try:
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        # Nobody writes to the FIFO: opening it would block. It must be refused at once.
        rc, out, err, seconds = raw_run("decode", fifo, timeout=20)
        check(rc == 1 and out == b"", f"exit status {rc}", out.decode(), err.decode())
        expect_one_error_line(err.decode(), fifo, 0, "not a regular file (a FIFO)")
        check(seconds < 10, f"took {seconds:.1f} s")
        rc, out, err, _ = raw_run("id", "--vpd83", fifo, timeout=20)
        check(rc == 1 and b"a FIFO" in err, "id refuses it too", err=err.decode())
        for device in ["/dev/zero", "/dev/null"]:
            if os.path.exists(device):
                rc, out, err, seconds = raw_run("decode", device, timeout=20)
                check(rc == 1 and b"a character device" in err and seconds < 10, f"{device}", err=err.decode())
        rc, out, err, _ = raw_run("decode", d, timeout=20)
        check(rc == 1 and b"a directory" in err, "a directory", err=err.decode())
    finally:
        shutil.rmtree(d)


def case_docs_synopsis_matches_help():
    # docs/cli.md's synopsis lines name every option of each command's --help, and nothing else.
    import re
    docs = os.path.join(HERE, os.pardir, os.pardir, os.pardir, "docs", "cli.md")
    with open(docs) as f:
        text = f.read()
    for command in ["decode", "id", "topology"]:
        rc, out, err = run(command, "--help")
        check(rc == 0, f"{command} --help: exit status {rc}", out, err)
        options = set(re.findall(r"^\s+(?:-\w,)?(--[a-z0-9-]+)", out, re.M)) - {"--help"}
        synopsis = [line for line in text.splitlines() if line.startswith(f"mpio-inspect {command} ")]
        check(synopsis, f"no synopsis line for {command} in docs/cli.md")
        for line in synopsis:
            named = set(re.findall(r"--[a-z0-9-]+", line))
            check(named <= options, f"docs/cli.md: {line!r} names {sorted(named - options)}, not in --help", out)
        named = set(re.findall(r"--[a-z0-9-]+", " ".join(synopsis)))
        check(options <= named, f"docs/cli.md's {command} synopsis omits {sorted(options - named)}", out)


def main():
    global BINARY, DATA
    cases = {name[len("case_"):]: f for name, f in globals().items() if name.startswith("case_")}
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--binary")
    parser.add_argument("--data")
    parser.add_argument("--case", choices=sorted(cases))
    args = parser.parse_args()
    if args.list:
        print("\n".join(cases))
        return 0
    BINARY, DATA = args.binary, args.data
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
