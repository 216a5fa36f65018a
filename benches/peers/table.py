#!/usr/bin/env python3
"""Prints the peer comparison table from the JSON that peer_timing / peer.js /
peer.py print (see benches/peers.sh).

    table.py TIMING_OURS.json TIMING_PEER.json... [--rss RSS.jsonl]

Throughput is MB/s (10^6 bytes) of this crate's bytes for the operation (the
input file for reads, this crate's output for writes), so every column divides
the same number of bytes and "ours/peer" is the peer's median time over ours:
above 1 means this crate is faster. Standard library only.
"""

import json
import sys

OPS = [
    ("read_doc_compact", "read document, compact"),
    ("read_doc_verbose", "read document, verbose"),
    ("read_events", "read 5,000 events, compact"),
    ("write_doc_compact", "write document, compact"),
    ("write_doc_verbose", "write document, verbose"),
    ("write_events", "write 5,000 events, compact"),
]


def render(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(
        str(c).ljust(w) for c, w in zip(cells, widths)
    ) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


def short(name):
    return name.split(" (")[0]


def timing(files):
    runs = []
    for path in files:
        with open(path) as f:
            runs.append(json.load(f))
    ours, peers = runs[0], runs[1:]
    header = ["operation", "MB", "ours ms", "ours MB/s"]
    for p in peers:
        header += [short(p["impl"]) + " MB/s"]
    for p in peers:
        header += ["ours/" + short(p["impl"]).split(" ")[0]]
    rows = []
    notes = []
    for op, label in OPS:
        r = ours["results"][op]
        mb = r["out_bytes"] / 1e6
        row = [label, f"{mb:.2f}", f"{r['median_s'] * 1e3:.1f}", f"{mb / r['median_s']:.0f}"]
        for p in peers:
            pr = p["results"][op]
            row.append(f"{mb / pr['median_s']:.0f}")
            if abs(pr["out_bytes"] - r["out_bytes"]) > 0.001 * r["out_bytes"]:
                notes.append(
                    f"{short(p['impl'])} {op}: its output is {pr['out_bytes']:,} bytes "
                    f"(ours {r['out_bytes']:,})"
                )
        for p in peers:
            row.append(f"{p['results'][op]['median_s'] / r['median_s']:.2f}")
        rows.append(row)
    render(header, rows)
    print()
    print("implementations: " + "; ".join(run["impl"] for run in runs))
    for p in peers:
        if "native" in p:
            print(
                f"{short(p['impl'])}: native extension loaded: {p['native']}, "
                f"native writer took the document: {p['native_write']}"
            )
    for n in notes:
        print("note: " + n)


def memory(path):
    rows = []
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            m = json.loads(line)
            size = m["input_bytes"]
            peak = (m["peak_kib"] - m["rss_before_kib"]) * 1024
            kept = (m["rss_after_kib"] - m["rss_before_kib"]) * 1024
            rows.append(
                [
                    m["impl"],
                    f"{size / 1e6:.2f}",
                    f"{m['rss_before_kib'] / 1024:.1f}",
                    f"{peak / 2**20:.1f}",
                    f"{peak / size:.1f}x",
                    f"{kept / size:.1f}x",
                    "yes" if m["peak_reset"] else "no",
                ]
            )
    render(
        [
            "decode document.compact.json into",
            "input MB",
            "RSS before MiB",
            "peak growth MiB",
            "peak growth / input",
            "retained / input",
            "peak mark reset",
        ],
        rows,
    )


def main(argv):
    rss = None
    if "--rss" in argv:
        i = argv.index("--rss")
        rss = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    timing(argv)
    if rss:
        print()
        memory(rss)


if __name__ == "__main__":
    main(sys.argv[1:])
