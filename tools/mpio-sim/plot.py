#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""plot.py - turn mpio-sim's CSV (--csv FILE) into an SVG timeline.

Top: I/Os per second on each path (one line per path, per CSV bucket).
Below: one strip per path with the host's view of it for LU 0 (path
lifecycle state and ALUA state). Dashed vertical lines mark the faults.

No dependencies beyond the Python standard library: it writes SVG itself.

    mpio-sim --policy RR --lus 1 --fault 10s:controller-failover --csv run.csv
    tools/mpio-sim/plot.py run.csv -o timeline.svg [--from 5 --to 40] [--title T]
"""
import argparse
import csv
import html
import sys

PATH_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
STATE_COLOURS = {
    "active/optimized": "#2ca02c",
    "active/non-optimized": "#98df8a",
    "standby": "#c7c7c7",
    "unavailable": "#7f7f7f",
    "transitioning": "#ff9896",
    "logical block dependent": "#98df8a",
    "offline": "#000000",
}
LIFECYCLE_COLOURS = {
    "failed": "#d62728",
    "pending verification": "#ffbb78",
    "pending removal": "#8c564b",
    "removed": "#404040",
}


def strip_colour(state, alua):
    if state in LIFECYCLE_COLOURS:
        return LIFECYCLE_COLOURS[state]
    if state == "standby":
        return "#aec7e8"
    return STATE_COLOURS.get(alua, "#2ca02c")


def strip_label(state, alua):
    if state in LIFECYCLE_COLOURS or state == "standby":
        return state
    return alua if alua and alua != "-" else state


def load(path):
    buckets = {}  # path -> list of (t_ms, ios, state, alua)
    faults = []  # (t_ms, label)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            t = float(row["time_ms"])
            if row["event"]:
                faults.append((t, row["event"]))
                continue
            buckets.setdefault(int(row["path"]), []).append((t, int(row["ios"]), row["state"], row["alua"]))
    return buckets, faults


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv")
    ap.add_argument("-o", "--output", default="-", help="SVG file (default: stdout)")
    ap.add_argument("--from", dest="t0", type=float, default=None, help="start, seconds")
    ap.add_argument("--to", dest="t1", type=float, default=None, help="end, seconds")
    ap.add_argument("--title", default="mpio-sim: I/Os per second per path")
    args = ap.parse_args()

    buckets, faults = load(args.csv)
    if not buckets:
        sys.exit("plot.py: no load rows in " + args.csv)
    all_t = [t for rows in buckets.values() for (t, _, _, _) in rows]
    t0 = args.t0 * 1000 if args.t0 is not None else min(all_t)
    t1 = args.t1 * 1000 if args.t1 is not None else max(all_t)
    if t1 <= t0:
        sys.exit("plot.py: empty time window")
    # bucket width from the first path's rows
    first = sorted(buckets)[0]
    ts = [t for (t, _, _, _) in buckets[first]]
    width_ms = (ts[1] - ts[0]) if len(ts) > 1 else 100.0

    series = {}
    ymax = 1.0
    for p, rows in buckets.items():
        pts = [(t, ios * 1000.0 / width_ms) for (t, ios, _, _) in rows if t0 <= t <= t1]
        series[p] = pts
        for _, v in pts:
            ymax = max(ymax, v)
    ymax *= 1.1

    W, left, right = 1000, 70, 20
    top, chart_h = 40, 300
    strip_h, strip_gap = 18, 6
    n_paths = len(buckets)
    strips_top = top + chart_h + 45
    H = strips_top + n_paths * (strip_h + strip_gap) + 70
    pw = W - left - right

    def x(t):
        return left + (t - t0) / (t1 - t0) * pw

    def y(v):
        return top + chart_h - v / ymax * chart_h

    out = []
    e = out.append
    e('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">' % (W, H))
    e('<rect width="100%" height="100%" fill="white"/>')
    e('<text x="%d" y="20" font-size="14" font-weight="bold">%s</text>' % (left, html.escape(args.title)))
    # axes and grid
    e('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#444"/>' % (left, top, pw, chart_h))
    for i in range(6):
        v = ymax * i / 5
        yy = y(v)
        e('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (left, yy, left + pw, yy))
        e('<text x="%d" y="%.1f" text-anchor="end">%d</text>' % (left - 5, yy + 4, round(v)))
    e('<text x="15" y="%d" transform="rotate(-90 15 %d)" text-anchor="middle">I/Os per second</text>'
      % (top + chart_h // 2, top + chart_h // 2))
    span = (t1 - t0) / 1000.0
    step = next(s for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1e9) if span / s <= 12)
    k = int(t0 / 1000.0 / step) + 1
    while k * step * 1000 <= t1:
        xx = x(k * step * 1000)
        e('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#eee"/>' % (xx, top, xx, top + chart_h))
        e('<text x="%.1f" y="%d" text-anchor="middle">%g s</text>' % (xx, top + chart_h + 15, round(k * step, 3)))
        k += 1
    # faults
    for i, (t, label) in enumerate(f for f in faults if t0 <= f[0] <= t1):
        xx = x(t)
        e('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#555" stroke-dasharray="4,3"/>'
          % (xx, top, xx, strips_top + n_paths * (strip_h + strip_gap)))
        e('<text x="%.1f" y="%d" font-size="10" fill="#333">%s</text>' % (xx + 3, top + 12 + 12 * (i % 4), html.escape(label)))
    # load lines
    for p in sorted(series):
        pts = series[p]
        if not pts:
            continue
        colour = PATH_COLOURS[p % len(PATH_COLOURS)]
        d = " ".join("%s%.1f,%.1f" % ("M" if j == 0 else "L", x(t), y(v)) for j, (t, v) in enumerate(pts))
        # earlier paths drawn wider, so a path hidden under another one's
        # line (equal load) still shows at its edges
        w = max(1.2, 4.0 - 0.8 * p)
        e('<path d="%s" fill="none" stroke="%s" stroke-width="%.1f" stroke-linejoin="round"/>' % (d, colour, w))
    # state strips
    e('<text x="%d" y="%d" font-weight="bold">host view of each path (LU 0): lifecycle state, ALUA state</text>'
      % (left, strips_top - 10))
    legend = {}
    for p in sorted(buckets):
        yy = strips_top + p * (strip_h + strip_gap)
        colour = PATH_COLOURS[p % len(PATH_COLOURS)]
        e('<text x="%d" y="%d" text-anchor="end" fill="%s" font-weight="bold">path %d</text>' % (left - 5, yy + 13, colour, p))
        rows = [r for r in buckets[p] if t0 - width_ms <= r[0] <= t1]
        for j, (t, _, state, alua) in enumerate(rows):
            a = max(t - width_ms, t0)
            b = min(t, t1)
            if b <= a:
                continue
            c = strip_colour(state, alua)
            legend[strip_label(state, alua)] = c
            e('<rect x="%.1f" y="%d" width="%.2f" height="%d" fill="%s"/>' % (x(a), yy, x(b) - x(a) + 0.3, strip_h, c))
    # legend
    ly = strips_top + n_paths * (strip_h + strip_gap) + 20
    lx = left
    for p in sorted(buckets):
        colour = PATH_COLOURS[p % len(PATH_COLOURS)]
        e('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>' % (lx, ly - 4, lx + 18, ly - 4, colour))
        e('<text x="%d" y="%d">path %d</text>' % (lx + 22, ly, p))
        lx += 75
    lx += 20
    for label, c in sorted(legend.items()):
        e('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (lx, ly - 10, c))
        e('<text x="%d" y="%d">%s</text>' % (lx + 16, ly, html.escape(label)))
        lx += 30 + 6 * len(label)
        if lx > W - 150:
            lx = left
            ly += 18
    e("</svg>")
    text = "\n".join(out) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
