#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The NVMe real-target case: what this machine lets it check, said plainly.

mpio's NVMe layers (include/mpio/nvme/, topology/nvme_subsystem.hpp, the
iopolicies, the status table) are tested on bytes built field by field after
the NVM Express Base Specification (tests/nvme/nvme_test_data.hpp), because a
real NVMe target needs the kernel's nvmet module and configfs, which these
machines do not have. This case looks for them and says what it finds:

- with NVMe subsystems in /sys/class/nvme-subsystem (real devices, or nvmet
  loop/TCP targets connected by nvme-cli), it runs
  `mpio-inspect topology --nvme --sysfs --json` on the real sysfs tree and
  checks that every subsystem's NQN and every controller appear;
- otherwise it skips (exit 77) and names what is missing.

Usage: nvme_target_check.py --binary PATH/TO/mpio-inspect [--sysfs-root /sys]
"""
import argparse
import json
import os
import subprocess
import sys

SKIP = 77


def read(path):
    with open(path, encoding="ascii", errors="replace") as f:
        return f.read().strip()


def missing_target_support(root):
    """Why no NVMe target can be made here (empty when one can)."""
    why = []
    if not os.path.isdir(os.path.join(root, "kernel", "config")):
        why.append("configfs is not mounted (%s/kernel/config is absent)" % root)
    elif not os.path.isdir(os.path.join(root, "kernel", "config", "nvmet")):
        why.append("the nvmet module is not loaded (%s/kernel/config/nvmet is absent)" % root)
    if not os.path.exists("/dev/nvme-fabrics"):
        why.append("no NVMe over Fabrics host (/dev/nvme-fabrics is absent: nvme-fabrics not loaded)")
    return why


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--sysfs-root", default="/sys")
    args = ap.parse_args()

    classdir = os.path.join(args.sysfs_root, "class", "nvme-subsystem")
    subsystems = sorted(d for d in os.listdir(classdir)) if os.path.isdir(classdir) else []
    if not subsystems:
        why = missing_target_support(args.sysfs_root) or [
            "nvmet is available, but no subsystem is connected (connect one with nvme-cli to test it)"]
        print("SKIP: no NVMe subsystem to inspect on this machine (%s is empty or absent); %s. "
              "The NVMe layers are tested on bytes built after the specification instead "
              "(docs/nvme.md, \"Provenance\")." % (classdir, "; ".join(why)))
        return SKIP
    if not os.access(args.binary, os.X_OK):
        print("SKIP: mpio-inspect was not built (%s)" % args.binary)
        return SKIP

    run = subprocess.run([args.binary, "topology", "--nvme", "--sysfs", "--sysfs-root", args.sysfs_root, "--json"],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        print("FAIL: mpio-inspect exited %d\n%s" % (run.returncode, run.stderr))
        return 1
    text = run.stdout
    json.loads(text)  # the report must be valid JSON
    failures = []
    for sub in subsystems:
        base = os.path.join(classdir, sub)
        nqn_file = os.path.join(base, "subsysnqn")
        if os.path.exists(nqn_file) and read(nqn_file) not in text:
            failures.append("%s: SUBNQN %s missing from the report" % (sub, read(nqn_file)))
        for entry in sorted(os.listdir(base)):
            cntlid = os.path.join(base, entry, "cntlid")
            if entry.startswith("nvme") and os.path.exists(cntlid) and entry not in text:
                failures.append("%s: controller %s missing from the report" % (sub, entry))
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: %d NVMe subsystem(s) of %s in mpio-inspect's report" % (len(subsystems), classdir))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
