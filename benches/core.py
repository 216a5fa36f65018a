#!/usr/bin/env python3
"""The core's speed targets: runs benches/core.rs and prints one table of ratios,
or counts instructions of its per-body routines under valgrind.

    python3 benches/core.py                  # cargo bench --bench core, then the table
    python3 benches/core.py -- bodies        # only the groups matching a filter
    python3 benches/core.py --no-run         # the table of an earlier run
    python3 benches/core.py --instructions   # valgrind counts (a few minutes)
    python3 benches/core.py --memory         # peak RSS growth decoding the documents

Speed is baseline time / our time (above 1 is faster than the baseline): the
baseline of a group/function is its `serde_json` routine, or `ours_json` in the
msgpack group (whose target is against our own JSON). Instructions are counted
as benches/msgpack_instructions.py does: each routine runs 0 and RUNS times in the
bench binary, and the difference over RUNS is one run's count, so reading the
corpus is left out. Standard library only.
"""

import glob
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msgpack_instructions  # noqa: E402
from ratios import ROOT, fmt_time, load  # noqa: E402

RUNS = 2
# The routines whose instructions the targets name, per call of a body or a file.
COUNTED = [
    ("bodies", f, i)
    for f in ("envelope", "webhook_event", "value", "ignored")
    for i in ("ours", "serde_json")
] + [("documents", "file", i) for i in ("ours", "serde_json")]


def baseline_name(group):
    return "ours_json" if group == "msgpack" else "serde_json"


def table(rows):
    rows.sort(key=lambda r: (r["group"], r["function"], r["impl"] != "ours", r["impl"]))
    base = {(r["group"], r["function"]): r for r in rows if r["impl"] == baseline_name(r["group"])}
    print("| group | function | impl | median | MB/s | speed vs baseline |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        b = base.get((r["group"], r["function"]))
        if r["impl"] == baseline_name(r["group"]):
            speed = "(baseline)"
        elif b:
            speed = f"{b['median_ns'] / r['median_ns']:.2f}x"
        else:
            speed = "-"
        rate = f"{r['bytes'] / 1e6 / (r['median_ns'] / 1e9):.0f}" if r["bytes"] else "-"
        print(f"| {r['group']} | {r['function']} | {r['impl']} | {fmt_time(r['median_ns'])} | {rate} | {speed} |")


def binary():
    subprocess.run(["cargo", "bench", "--bench", "core", "--no-run"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    bins = [
        b
        for b in glob.glob(os.path.join(target, "release/deps/core-*"))
        if os.access(b, os.X_OK) and not b.endswith(".d")
    ]
    if not bins:
        sys.exit("no bench binary")
    return max(bins, key=os.path.getmtime)


def instructions(exe, spec):
    return msgpack_instructions.instructions(exe, spec, var="CORE_BENCH_RUN", cwd=ROOT)


def count_instructions():
    exe = binary()
    counts = {}
    for group, function, impl in COUNTED:
        spec = f"{group}/{function}/{impl}"
        base = instructions(exe, f"{spec}:0")
        runs = instructions(exe, f"{spec}:{RUNS}")
        counts[(group, function, impl)] = (runs - base) / RUNS
        print(f"{spec}: {counts[(group, function, impl)] / 1e6:.1f} M", file=sys.stderr, flush=True)
    print("| group | function | ours | serde_json | ours / serde_json |")
    print("|---|---|---|---|---|")
    for group, function in dict.fromkeys((g, f) for g, f, _ in COUNTED):
        ours, theirs = counts[(group, function, "ours")], counts[(group, function, "serde_json")]
        print(f"| {group} | {function} | {ours / 1e6:.1f} M | {theirs / 1e6:.1f} M | {ours / theirs:.2f} |")


def memory():
    exe = binary()
    for name in ("file.json", "file.verbose.json"):
        env = dict(os.environ, CORE_BENCH_MEMORY=name)
        subprocess.run([exe], env=env, check=True, cwd=ROOT)


def main(argv):
    if "--instructions" in argv:
        return count_instructions()
    if "--memory" in argv:
        return memory()
    since = 0.0
    if "--no-run" not in argv:
        binary()
        since = time.time() - 1
        load_before = os.getloadavg()
        cmd = ["cargo", "bench", "--bench", "core"]
        if "--" in argv:
            cmd += ["--"] + argv[argv.index("--") + 1 :]
        subprocess.run(cmd, cwd=ROOT, check=True)
        print(f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, took {time.time() - since:.0f} s, "
              f"1-minute load {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after\n")
    rows = [r for r in load(since) if r["group"] in ("bodies", "documents", "encode", "msgpack")]
    if not rows:
        sys.exit("no criterion results")
    table(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
