#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the sample directory of `mpio-inspect topology`
(tools/mpio-inspect/samples/topology/): the per-path dumps a Linux host
would show in /sys/class/scsi_device/H:C:T:L/device/ for a fictitious
dual-controller ALUA array, "MPIOSIM VIRTUAL-ARRAY".

    make_topology_sample.py [OUTPUT_DIR] [--luns N]   (default: ./topology next to this script, 4 LUs)

--luns N makes a larger directory for timing (LUN k behaves as LUN (k-1)%4+1);
the committed sample is the default, 4 LUs.

The generated files are committed; run this again after changing it and
commit the result. Everything is deterministic.

The array (see samples/README.md for the picture):
  controller A: target ports with relative target port 1 and 2, ALUA target port group 1
  controller B: target ports with relative target port 3 and 4, ALUA target port group 2
  host 2 (HBA port 0) is zoned to ports A1 (SCSI target 0) and B1 (target 1)
  host 3 (HBA port 1) is zoned to ports A2 (SCSI target 0) and B2 (target 1)
so every LU (LUN 1..4) has four paths: 2:0:0:L, 2:0:1:L, 3:0:0:L, 3:0:1:L.

Per LU:
  LUN 1  TPGS 3 (implicit + explicit), owner A: TPG 1 active/optimized PREF=1,
         TPG 2 active/non-optimized. Files in binary, as sysfs shows them.
  LUN 2  TPGS 1 (implicit only), owner B: TPG 2 active/optimized. Hex text.
  LUN 3  INQUIRY says TPGS 0 (no ALUA) but REPORT TARGET PORT GROUPS answers,
         owner A: the ALUA/TPGS disagreement arrays are known for. Hex text.
  LUN 4  TPGS 3, owner B, TPG 2 PREF=1. Path 3:0:1:4 has NO vpd_pg83 (the page
         was not read, as with an old kernel or a failed VPD inquiry), so its
         identity can only come from page 80h. Hex text.
  Path 2:0:1:2 is "offline" (a `state` file, as sysfs has one).

Directory names use '-' (2-0-0-1) rather than the kernel's ':' because
Windows checkouts cannot hold ':' in a file name; mpio-inspect reads both.

Vendor names, serial numbers and the IEEE company ID (AC-DE-48, the
example OUI of IEEE's own tutorials) are made up.
"""
import os
import sys

VENDOR = b"MPIOSIM "            # 8 bytes, T10 vendor identification
PRODUCT = b"VIRTUAL-ARRAY   "   # 16 bytes
REVISION = b"0420"              # 4 bytes
OUI = 0xACDE48                  # IEEE example company ID

# Target ports: name -> (relative target port, target port group, WWPN low bits)
PORTS = {
    "A1": (1, 1, 0x0A01),
    "A2": (2, 1, 0x0A02),
    "B1": (3, 2, 0x0B01),
    "B2": (4, 2, 0x0B02),
}
# (host, target) -> port
ZONING = {(2, 0): "A1", (2, 1): "B1", (3, 0): "A2", (3, 1): "B2"}

# LUN -> settings
LUS = {
    1: dict(tpgs=3, owner=1, pref=True, binary=True),
    2: dict(tpgs=1, owner=2, pref=False, binary=False),
    3: dict(tpgs=0, owner=1, pref=False, binary=False),
    4: dict(tpgs=3, owner=2, pref=True, binary=False),
}
NO_VPD83 = (3, 0, 1, 4)         # the path without the Device Identification page
OFFLINE = (2, 0, 1, 2)          # the path whose scsi_device state is offline
NO_VPD0 = {(3, 0, 0, 3)}        # vpd_pg0 is optional: leave one out


def serial(lun):
    return f"MPS7E0{lun:06d}".encode()   # 12 ASCII characters


def naa6(lun):
    # NAA 6 (IEEE Registered Extended): 4-bit NAA, 24-bit company ID,
    # 36-bit vendor specific identifier, 64-bit vendor specific extension.
    value = (6 << 124) | (OUI << 100) | (0x7E0 << 64) | (0x5EED0000 + lun)
    return value.to_bytes(16, "big")


def naa5(low):
    # NAA 5 (IEEE Registered): 4-bit NAA, 24-bit company ID, 36 bits vendor specific.
    return ((5 << 60) | (OUI << 36) | (0x7E0 << 16) | low).to_bytes(8, "big")


def standard_inquiry(tpgs):
    data = bytearray(96)
    data[0] = 0x00                # peripheral qualifier 0, direct access block device
    data[2] = 0x06                # VERSION: SPC-4
    data[3] = 0x12                # HISUP=1, RESPONSE DATA FORMAT 2
    data[4] = len(data) - 5       # ADDITIONAL LENGTH
    data[5] = (tpgs & 3) << 4     # TPGS
    data[6] = 0x10                # MULTIP: more than one port
    data[7] = 0x02                # CMDQUE
    data[8:16] = VENDOR
    data[16:32] = PRODUCT
    data[32:36] = REVISION
    data[36:56] = b" " * 20       # vendor specific
    # version descriptors: SAM-5 (00A0h), SPC-4 (0460h), SBC-3 (04C0h)
    for i, v in enumerate((0x00A0, 0x0460, 0x04C0)):
        data[58 + 2 * i:60 + 2 * i] = v.to_bytes(2, "big")
    return bytes(data)


def vpd_page(code, payload):
    return bytes([0x00, code]) + len(payload).to_bytes(2, "big") + payload


def supported_pages():
    return vpd_page(0x00, bytes([0x00, 0x80, 0x83]))


def unit_serial(lun):
    return vpd_page(0x80, serial(lun))


def designator(proto, code_set, piv, assoc, dtype, value):
    return bytes([(proto << 4) | code_set, (piv << 7) | (assoc << 4) | dtype, 0, len(value)]) + value


def device_identification(lun, port):
    rtp, tpg, wwpn = PORTS[port]
    fcp = 0x0
    d = b""
    d += designator(0, 1, 0, 0, 0x3, naa6(lun))                        # LU: NAA 6
    d += designator(0, 2, 0, 0, 0x1, VENDOR + PRODUCT + serial(lun))  # LU: T10 vendor ID
    d += designator(fcp, 1, 1, 1, 0x3, naa5(wwpn))                     # target port: WWPN
    d += designator(fcp, 1, 1, 1, 0x4, rtp.to_bytes(4, "big"))         # target port: relative port
    d += designator(fcp, 1, 1, 1, 0x5, tpg.to_bytes(4, "big"))         # target port: port group
    d += designator(fcp, 1, 1, 2, 0x3, naa5(0x0000))                   # target device: WWNN
    return vpd_page(0x83, d)


def rtpg(owner, pref):
    body = b""
    for group in (1, 2):
        state = 0x0 if group == owner else 0x1
        first = (0x80 if (pref and group == owner) else 0) | state
        ports = sorted(rtp for rtp, tpg, _ in PORTS.values() if tpg == group)
        # T_SUP, U_SUP, S_SUP, AN_SUP, AO_SUP; status code 0; port count
        body += bytes([first, 0x8F]) + group.to_bytes(2, "big") + bytes([0, 0, 0, len(ports)])
        for p in ports:
            body += b"\x00\x00" + p.to_bytes(2, "big")
    return len(body).to_bytes(4, "big") + body


def hex_text(data, title):
    lines = [f"# {line}" for line in title.splitlines()]
    for i in range(0, len(data), 16):
        lines.append(" ".join(f"{b:02x}" for b in data[i:i + 16]))
    return ("\n".join(lines) + "\n").encode()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    args = sys.argv[1:]
    luns = 4
    if "--luns" in args:
        at = args.index("--luns")
        luns = int(args[at + 1])
        del args[at:at + 2]
    out = args[0] if args else os.path.join(here, "topology")
    os.makedirs(out, exist_ok=True)
    for lun in range(1, luns + 1):
        lu = LUS[(lun - 1) % 4 + 1]
        for (host, target), port in sorted(ZONING.items()):
            hctl = (host, 0, target, lun)
            name = "-".join(str(x) for x in hctl)
            d = os.path.join(out, name)
            os.makedirs(d, exist_ok=True)
            where = f"LUN {lun} via host {host}, target port {port} (relative port {PORTS[port][0]}, TPG {PORTS[port][1]})"
            files = {
                "inquiry": (standard_inquiry(lu["tpgs"]), f"standard INQUIRY, TPGS {lu['tpgs']}"),
                "vpd_pg0": (supported_pages(), "Supported VPD Pages (00h)"),
                "vpd_pg80": (unit_serial(lun), "Unit Serial Number VPD page (80h)"),
                "vpd_pg83": (device_identification(lun, port), "Device Identification VPD page (83h)"),
                "rtpg": (rtpg(lu["owner"], lu["pref"]), "REPORT TARGET PORT GROUPS parameter data (not in sysfs)"),
            }
            if hctl == NO_VPD83:
                del files["vpd_pg83"]
            if hctl in NO_VPD0:
                del files["vpd_pg0"]
            for fname, (data, title) in files.items():
                content = data if lu["binary"] else hex_text(
                    data, f"{title}\n{where}\nGenerated by tools/mpio-inspect/samples/make_topology_sample.py")
                with open(os.path.join(d, fname), "wb") as f:
                    f.write(content)
            state = "offline" if hctl == OFFLINE else "running"
            with open(os.path.join(d, "state"), "w") as f:
                f.write(state + "\n")


if __name__ == "__main__":
    main()
