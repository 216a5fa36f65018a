"""transit-python's side of the peer comparison (see benches/peers.sh).

    python peer.py time DIR      # JSON: median seconds per operation
    python peer.py rss FILE      # JSON: peak RSS of decoding FILE

Same harness as benches/peer_timing.rs and peer.js: input already in memory,
PEER_WARMUP warm-up calls (default 2), then the median of PEER_RUNS calls
(default 11) timed with time.perf_counter. Uses the public Reader / Writer API,
which goes through the native extension (transit._native) when it is installed.
"""

import io
import json
import os
import re
import sys
import time

from transit import _accel
from transit.reader import Reader
from transit.writer import Writer

WARMUP = int(os.environ.get("PEER_WARMUP", "2"))
RUNS = max(1, int(os.environ.get("PEER_RUNS", "11")))


def median(f):
    for _ in range(WARMUP):
        f()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def read_one(text):
    return Reader("json").read(io.StringIO(text))


def read_lines(lines):
    reader = Reader("json")
    return [reader.read(io.StringIO(line)) for line in lines]


def write_one(value, protocol):
    out = io.StringIO()
    Writer(out, protocol).write(value)
    return out.getvalue()


def write_lines(values):
    out = io.StringIO()
    writer = Writer(out, "json")
    for v in values:
        writer.write(v)
        out.write("\n")
    return out.getvalue()


def timing(folder):
    def text(name):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            return f.read()

    compact = text("document.compact.json")
    verbose = text("document.verbose.json")
    lines = text("events.compact.jsonl").splitlines()
    doc = read_one(compact)
    values = read_lines(lines)

    # Does the native writer take these values, or does Writer fall back to Python?
    try:
        _accel.native.dumps(doc, _accel.FORMATS["json"])
        native_write = True
    except Exception:  # native.Unsupported, or no native module at all
        native_write = False

    results = {}

    def put(op, secs, out):
        results[op] = {"median_s": secs, "out_bytes": len(out.encode("utf-8"))}

    put("read_doc_compact", median(lambda: read_one(compact)), compact)
    put("read_doc_verbose", median(lambda: read_one(verbose)), verbose)
    put("read_events", median(lambda: read_lines(lines)), "\n".join(lines) + "\n")
    put("write_doc_compact", median(lambda: write_one(doc, "json")), write_one(doc, "json"))
    put(
        "write_doc_verbose",
        median(lambda: write_one(doc, "json_verbose")),
        write_one(doc, "json_verbose"),
    )
    put("write_events", median(lambda: write_lines(values)), write_lines(values))
    import transit

    print(
        json.dumps(
            {
                "impl": "transit-python " + transit.__version__,
                "native": _accel.native is not None,
                "native_write": native_write,
                "results": results,
            }
        )
    )


def status():
    with open("/proc/self/status") as f:
        s = f.read()
    return [int(re.search(k + r":\s+(\d+)", s).group(1)) for k in ("VmRSS", "VmHWM")]


def rss(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        reset = True
    except OSError:
        reset = False
    before, _ = status()
    value = read_one(text)
    after, peak = status()
    assert value is not None
    import transit

    print(
        json.dumps(
            {
                "impl": "transit-python " + transit.__version__,
                "input_bytes": len(text.encode("utf-8")),
                "rss_before_kib": before,
                "rss_after_kib": after,
                "peak_kib": peak,
                "peak_reset": reset,
            }
        )
    )


if __name__ == "__main__":
    mode, arg = sys.argv[1], sys.argv[2]
    {"time": timing, "rss": rss}[mode](arg)
