#!/usr/bin/env python3
"""Summarises a compare.sh run: a Markdown table of every figure with the ratio Tern/peer, and
gnuplot PNGs of the latency curves. Usage: summarize.py RESULTS_DIR (writes summary.md there)."""
import json
import os
import subprocess
import sys

# (scenario, label, path in results, higher is better)
FIGURES = [
    ("login", "login storm: logins/s", ["logins_per_s"], True),
    ("login", "login storm: p50 login ms", ["login_time", "p50_ms"], False),
    ("login", "login storm: p99 login ms", ["login_time", "p99_ms"], False),
    ("login", "login storm: server CPU ms per login", ["server_cpu_ms_per_login"], False),
    ("one-to-one", "1:1 msgs/s at p99 <= bound", ["sustained_per_s"], True),
    ("one-to-one", "1:1 p99 ms at that rate (each its own rate)", ["at_p99_ms"], None),
    ("one-to-one", "1:1 p99 ms at the first step (250/s)", ["@0", "p99_ms"], False),
    ("idle", "idle: RSS KiB/conn at step 1", ["@0", "rss_kib_per_conn"], False),
    ("idle", "idle: RSS KiB/conn at step 2", ["@1", "rss_kib_per_conn"], False),
    ("idle", "idle: connections at step 2", ["@1", "connections"], True),
    ("idle", "idle: heap KiB/conn at step 2 (JVM)", ["@1", "heap_kib_per_conn"], False),
    ("muc", "MUC: room msgs/s at p99 <= bound", ["sustained_per_s"], True),
    ("muc", "MUC: deliveries/s", ["deliveries_per_s"], True),
    ("muc", "MUC: p99 ms send->last receipt (each its own rate)", ["at_p99_ms"], None),
    ("muc", "MUC: p99 ms at the first step (2 msgs/s)", ["@0", "p99_ms"], False),
    ("muc", "MUC: all occupants joined, s", ["join_all_s"], False),
    ("offline", "offline: stored msgs/s", ["stored_per_s"], True),
    ("offline", "offline: delivered msgs/s", ["delivered_per_s"], True),
    ("offline", "offline: messages delivered", ["delivered"], True),
    ("offline", "offline: disk bytes/message", ["disk_bytes_per_message"], False),
    ("roster", "roster: p50 login ms (complete)", ["login_complete", "p50_ms"], False),
    ("roster", "roster: p99 login ms (complete)", ["login_complete", "p99_ms"], False),
    ("roster", "roster: p50 roster fetch ms", ["roster_fetch", "p50_ms"], False),
]


COLOURS = {"tern": "#1b7837", "prosody": "#2166ac", "ejabberd": "#b2182b"}


def load(d):
    reports = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".json"):
            with open(os.path.join(d, f)) as fh:
                r = json.load(fh)
            reports[(r["server"], r["scenario"])] = r
    return reports


def value(report, path):
    if report is None or "error" in report.get("results", {}):
        return None
    res = report.get("results", {})
    if report["scenario"] == "offline" and res.get("bounced", 0) >= report["params"]["messages"]:
        return None  # every message refused: the server has no offline storage, nothing to compare
    if path == ["stored_per_s"] and res.get("bounced"):
        # reports before bounces were subtracted: a bounced message was refused, not stored
        return (report["params"]["messages"] - res["bounced"]) / res["store_s"]
    v = report.get("results", {})
    for key in path:
        if key.startswith("@"):
            curve = report.get("curve", [])
            i = int(key[1:])
            v = curve[i] if i < len(curve) else None
        elif isinstance(v, dict):
            v = v.get(key)
        else:
            v = None
        if v is None:
            return None
    return v


def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) < 100 else f"{v:,.0f}"
    return f"{v:,}"


def main():
    d = sys.argv[1]
    reports = load(d)
    servers = [s for s in ["tern", "prosody", "ejabberd"] if any(k[0] == s for k in reports)]
    peers = [s for s in servers if s != "tern"]
    lines = ["| figure | " + " | ".join(servers) + "".join(f" | Tern/{p}" for p in peers) + " |",
             "|---" * (1 + len(servers) + len(peers)) + "|"]
    for scenario, label, path, higher in FIGURES:
        vals = {s: value(reports.get((s, scenario)), path) for s in servers}
        if all(v is None for v in vals.values()):
            continue
        arrow = "" if higher is None else " (↑)" if higher else " (↓)"
        row = f"| {label}{arrow} | " + " | ".join(fmt(vals[s]) for s in servers)
        for p in peers:
            if higher is None:  # not comparable: measured at different rates
                row += " | –"
                continue
            t, v = vals.get("tern"), vals.get(p)
            if isinstance(t, (int, float)) and isinstance(v, (int, float)) and v != 0:
                ratio = t / v
                better = ratio >= 1 if higher else ratio <= 1
                row += f" | {ratio:.2f}{'' if better else ' ✗'}"
            else:
                row += " | –"
        lines.append(row + " |")
    errors = [f"- {s} {sc}: {r['results']['error']}" for (s, sc), r in reports.items() if "error" in r.get("results", {})]
    notes = [f"- {s} {sc}: {n}" for (s, sc), r in reports.items() for n in r.get("notes", [])]
    out = ["(↑ higher is better, ↓ lower is better; ✗ marks a ratio where Tern is behind; – not measured or not comparable)", ""] + lines
    if errors:
        out += ["", "Scenarios that failed:"] + errors
    if notes:
        out += ["", "Notes:"] + notes
    text = "\n".join(out) + "\n"
    with open(os.path.join(d, "summary.md"), "w") as fh:
        fh.write(text)
    print(text)
    plot(d, reports, servers)


def plot(d, reports, servers):
    for scenario, title in [("one-to-one", "one-to-one: p99 end-to-end latency vs delivered rate"),
                            ("muc", "MUC fan-out: p99 send-to-last-receipt vs room messages/s")]:
        series = []
        for s in servers:
            r = reports.get((s, scenario))
            pts = [(p["delivered_per_s"], p["p99_ms"], p["p50_ms"]) for p in (r or {}).get("curve", [])
                   if p.get("delivered_per_s")]
            if pts:
                path = os.path.join(d, f"{s}-{scenario}.dat")
                with open(path, "w") as fh:
                    fh.writelines(f"{x} {y} {z}\n" for x, y, z in pts)
                series.append((s, path))
        if not series:
            continue
        png = os.path.join(d, f"{scenario}-latency.png")
        cmds = [
            "set terminal pngcairo size 900,540", f"set output '{png}'", f"set title '{title}'",
            "set logscale xy", "set xlabel 'delivered per second'", "set ylabel 'latency, ms'", "set grid",
            "set key top left",
            "plot " + ", ".join(f"'{p}' using 1:2 with linespoints lw 2 lc rgb '{COLOURS.get(s, '#444444')}' title '{s} p99', "
                                f"'{p}' using 1:3 with lines dashtype 2 lc rgb '{COLOURS.get(s, '#444444')}' title '{s} p50'"
                                for s, p in series),
        ]
        try:
            subprocess.run(["gnuplot"], input="\n".join(cmds), text=True, check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"no plot for {scenario}: {e}", file=sys.stderr)


if __name__ == "__main__":
    main()
