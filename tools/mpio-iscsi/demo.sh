#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# demo.sh [MPIO-ISCSI] - multipath at work, live: tgt serves one logical unit
# on two loopback portals (127.0.0.1 and 127.0.0.2), mpio-iscsi drives
# verified I/O through the engine over both paths for 5 s, cuts path 1 at
# 1.5 s, gives it back at 3.5 s, and prints a line per second per path and
# the final report. Needs root (tgtd) and the tgt package; says so and
# exits 0 otherwise. MPIO-ISCSI defaults to build/default/tools/mpio-iscsi/mpio-iscsi.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/default/tools/mpio-iscsi/mpio-iscsi}
if [[ ! -x $bin ]]; then echo "demo: $bin not built (libiscsi-dev missing?), skipped"; exit 0; fi
if [[ $(id -u) -ne 0 ]]; then echo "demo: needs root to start tgtd, skipped"; exit 0; fi
if ! command -v tgtd >/dev/null || ! command -v tgtadm >/dev/null; then
  echo "demo: tgt is not installed (scripts/install-deps targets), skipped"; exit 0
fi
work=$(mktemp -d /tmp/mpio-demo.XXXXXX)
port=$((23000 + $$ % 1000)) ctl=$((5000 + $$ % 1000))
adm() { tgtadm -C "$ctl" "$@"; }
tgtd -f -C "$ctl" --iscsi "portal=127.0.0.1:$port" >"$work/tgtd.log" 2>&1 &
tgtd_pid=$!
cleanup() {
  adm --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1 || true
  adm --op delete --mode system >/dev/null 2>&1 || true  # tgtd ignores SIGTERM
  for _ in $(seq 40); do kill -0 "$tgtd_pid" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$tgtd_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 100); do adm --op show --mode system >/dev/null 2>&1 && break; sleep 0.05; done
truncate -s 64M "$work/lu.img"
iqn=iqn.2026-12.org.mpio:demo
adm --lld iscsi --op new --mode target --tid 1 -T "$iqn"
adm --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b "$work/lu.img"
adm --lld iscsi --op bind --mode target --tid 1 -I ALL
adm --lld iscsi --op new --mode portal --param "portal=127.0.0.2:$port"
urls=("iscsi://127.0.0.1:$port/$iqn/1" "iscsi://127.0.0.2:$port/$iqn/1")
echo "== mpio-iscsi probe: one LU seen through two portals"
"$bin" probe "${urls[@]}"
echo
echo "== mpio-iscsi run: round robin, verified random read/write, path 1 cut at 1.5 s and restored at 3.5 s"
"$bin" run --policy RR --workload randrw --verify --duration 5s --qd 8 --timeout 1s --login-timeout 2s \
  --fault 1.5s:drop-path=1 --fault 3.5s:restore-path=1 "${urls[@]}" 2>&1
