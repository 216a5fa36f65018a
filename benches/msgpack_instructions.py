#!/usr/bin/env python3
"""Instructions per run of every routine of benches/msgpack.rs, counted by
valgrind (cachegrind's instruction count, `I refs`), which other work on the
machine does not change as it changes times (and which needs no hardware
counters, which virtual machines often lack). Each routine runs 0 and RUNS
times in the bench binary (MSGPACK_BENCH_RUN); the difference over RUNS is one
run's count. It takes a few minutes.

    cargo bench --bench msgpack --no-run && python3 benches/msgpack_instructions.py
"""
import glob
import os
import re
import subprocess
import sys

RUNS = 3
ROUTINES = {
    "msgpack_file": [(f, i) for f in ("decode", "encode") for i in ("ours_msgpack", "ours_json", "rmpv")],
    "msgpack_events": [
        (f, i)
        for f, impls in (
            ("decode_value", ("ours_msgpack", "ours_json", "rmpv")),
            ("decode_typed", ("ours_msgpack", "ours_json", "rmp_serde")),
            ("encode_value", ("ours_msgpack", "ours_json", "rmpv")),
            ("encode_typed", ("ours_msgpack", "ours_json", "rmp_serde")),
        )
        for i in impls
    ],
}


def binary():
    bins = [b for b in glob.glob("target/release/deps/msgpack-*") if os.access(b, os.X_OK) and not b.endswith(".d")]
    if not bins:
        sys.exit("no bench binary: run `cargo bench --bench msgpack --no-run` first")
    return max(bins, key=os.path.getmtime)


def instructions(exe, spec, var="MSGPACK_BENCH_RUN", cwd=None):
    """Instructions of one run of the bench binary `exe` with `var` set to `spec`."""
    env = dict(os.environ, **{var: spec})
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", exe],
        env=env, capture_output=True, text=True, check=True, cwd=cwd,
    ).stderr
    # Criterion's start-up forks a child (to look for gnuplot), which valgrind
    # also reports: the bench's own count is the largest.
    counts = [int(n.replace(",", "")) for n in re.findall(r"I\s+refs:\s+([\d,]+)", out)]
    if not counts:
        sys.exit("valgrind printed no instruction count:\n" + out)
    return max(counts)


def main():
    exe = binary()
    for group, routines in ROUTINES.items():
        counts = {}
        for function, implementation in routines:
            spec = f"{group}/{function}/{implementation}"
            base = instructions(exe, f"{spec}:0")
            runs = instructions(exe, f"{spec}:{RUNS}")
            counts[(function, implementation)] = (runs - base) / RUNS
        for function in dict.fromkeys(f for f, _ in routines):
            json = counts.get((function, "ours_json"))
            for (f, implementation), n in counts.items():
                if f != function:
                    continue
                ratio = f"  (ours_json / this: {json / n:.2f})" if json else ""
                print(f"{group}/{function}/{implementation}: {n / 1e6:8.1f} M instructions{ratio}", flush=True)


if __name__ == "__main__":
    main()
