#!/usr/bin/env python3
"""Runs the codec benches and prints medians, throughput and ours/serde_json ratios.

    python3 benches/ratios.py                 # cargo bench --bench codec, then the table
    python3 benches/ratios.py -- events       # pass a filter (anything after --) to the bench
    python3 benches/ratios.py --no-run        # only read target/criterion from an earlier run

Criterion keeps each benchmark's estimates in
target/criterion/<group>/<function>/<implementation>/new/{estimates.json,benchmark.json}.
Within one group/function, every implementation is compared with the one named
`serde_json`: "time ratio" is median(ours) / median(serde_json), so above 1 means
slower than serde_json. Throughput is each implementation's own bytes (input for
decoding, output for encoding) over its median time, in MB/s (10^6 bytes).
Standard library only.
"""

import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def criterion_dir():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "criterion")


def load(since):
    """Every benchmark result newer than `since` (a timestamp), as dicts."""
    rows = []
    for dirpath, _dirs, files in os.walk(criterion_dir()):
        if os.path.basename(dirpath) != "new" or "estimates.json" not in files:
            continue
        est_path = os.path.join(dirpath, "estimates.json")
        if os.path.getmtime(est_path) < since:
            continue
        with open(est_path) as f:
            est = json.load(f)
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        throughput = bench.get("throughput") or {}
        rows.append(
            {
                "group": bench["group_id"],
                "function": bench.get("function_id") or "",
                "impl": bench.get("value_str") or "",
                "median_ns": est["median"]["point_estimate"],
                "lo_ns": est["median"]["confidence_interval"]["lower_bound"],
                "hi_ns": est["median"]["confidence_interval"]["upper_bound"],
                "bytes": throughput.get("Bytes") or throughput.get("BytesDecimal"),
            }
        )
    return rows


def fmt_time(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.3f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} us"


def table(rows):
    groups = {"file_document": 0, "events": 1}
    functions = {
        "decode_compact": 0,
        "decode_verbose": 1,
        "encode": 2,
        "decode_typed": 3,
        "encode_typed": 4,
    }
    rows.sort(
        key=lambda r: (
            groups.get(r["group"], 9),
            r["group"],
            functions.get(r["function"], 9),
            r["function"],
            r["impl"] == "serde_json",
            r["impl"],
        )
    )
    base = {
        (r["group"], r["function"]): r for r in rows if r["impl"] == "serde_json"
    }
    header = (
        "group",
        "function",
        "impl",
        "median",
        "(95% CI)",
        "MB",
        "MB/s",
        "time ratio ours/serde_json",
    )
    out = []
    for r in rows:
        mb = r["bytes"] / 1e6 if r["bytes"] else None
        rate = f"{mb / (r['median_ns'] / 1e9):.0f}" if mb else "-"
        b = base.get((r["group"], r["function"]))
        if r["impl"] == "serde_json" or b is None:
            ratio = "(baseline)" if r["impl"] == "serde_json" else "-"
        else:
            ratio = f"{r['median_ns'] / b['median_ns']:.2f}"
        out.append(
            (
                r["group"],
                r["function"],
                r["impl"],
                fmt_time(r["median_ns"]),
                f"{fmt_time(r['lo_ns'])}..{fmt_time(r['hi_ns'])}",
                f"{mb:.2f}" if mb else "-",
                rate,
                ratio,
            )
        )
    widths = [max(len(str(x)) for x in col) for col in zip(header, *out)]
    line = lambda cells: "| " + " | ".join(
        str(c).ljust(w) for c, w in zip(cells, widths)
    ) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in out:
        print(line(row))


def main(argv):
    run = "--no-run" not in argv
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    since = 0.0
    if run:
        # Build first, so that the clock and the load average cover the benches only.
        subprocess.run(["cargo", "bench", "--bench", "codec", "--no-run"], cwd=ROOT, check=True)
        since = time.time() - 1
        load_before = os.getloadavg()
        cmd = ["cargo", "bench", "--bench", "codec"]
        if extra:
            cmd += ["--"] + extra
        print("$", " ".join(cmd), file=sys.stderr, flush=True)
        subprocess.run(cmd, cwd=ROOT, check=True)
        took = time.time() - since
        load_after = os.getloadavg()
    rows = load(since)
    if not rows:
        sys.exit("no criterion results found under " + criterion_dir())
    table(rows)
    if run:
        print()
        print(
            f"benches took {took:.0f} s on {os.cpu_count()} CPUs; 1-minute load average "
            f"{load_before[0]:.1f} before, {load_after[0]:.1f} after"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
