#!/usr/bin/env bash
# Peer comparison: this crate against transit-js (npm) and transit-python (PyPI,
# with its native C extension) on the same files, in one table.
#
#   bash benches/peers.sh
#
# 1. Installs transit-js and transit-python into a temporary folder (removed at the
#    end; set PEERS_KEEP=1 to keep it, PEERS_DIR=... to choose it). transit-python is
#    built from its source distribution (PEERS_PY_WHEEL=1: the prebuilt wheel), which
#    checks that its C core compiles here, and the script stops if the native
#    extension does not load.
# 2. Writes the bench files (benches/data) with `cargo bench --bench dump_bench_data`.
# 3. Times read and write of those files in each implementation with the same
#    harness (input in memory, 2 warm-up calls, median of PEER_RUNS=11 calls,
#    in-process timing): benches/peer_timing.rs, benches/peers/peer.js, peer.py.
# 4. Measures peak RSS of decoding the document (compact) in each, plus
#    serde_json::Value for reference, each in a fresh process.
# 5. Prints the tables (benches/peers/table.py).
#
# Needs cargo, node + npm, python3 (>= 3.10) with venv, and a C compiler for the
# source build. The runs are sequential; on a shared machine, expect noise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

work="${PEERS_DIR:-$(mktemp -d -t transit-peers.XXXXXX)}"
mkdir -p "$work"
if [ -z "${PEERS_KEEP:-}" ] && [ -z "${PEERS_DIR:-}" ]; then
    trap 'rm -rf "$work"' EXIT
fi
echo "== working folder: $work" >&2

echo "== installing transit-js" >&2
npm install --silent --no-audit --no-fund --prefix "$work/node" transit-js >&2
export NODE_PATH="$work/node/node_modules"

echo "== installing transit-python" >&2
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
if [ -n "${PEERS_PY_WHEEL:-}" ]; then
    "$py" -m pip install --quiet transit-python >&2
else
    "$py" -m pip install --quiet --no-cache-dir --no-binary transit-python transit-python >&2
fi
"$py" -c 'import sys, transit._accel as a
sys.exit(0 if a.native is not None else "transit-python: the native extension did not load")'

echo "== building the Rust benches" >&2
cargo bench --quiet --bench dump_bench_data --bench peer_timing --no-run >&2

echo "== writing the bench files" >&2
cargo bench --quiet --bench dump_bench_data -- "$work/data" >&2

echo "== timing (PEER_RUNS=${PEER_RUNS:-11})" >&2
cargo bench --quiet --bench peer_timing -- time "$work/data" >"$work/ours.json"
node "$root/benches/peers/peer.js" time "$work/data" >"$work/js.json"
"$py" "$root/benches/peers/peer.py" time "$work/data" >"$work/py.json"

echo "== peak RSS" >&2
doc="$work/data/document.compact.json"
{
    cargo bench --quiet --bench peer_timing -- rss "$doc"
    cargo bench --quiet --bench peer_timing -- rss "$doc" serde_json
    node "$root/benches/peers/peer.js" rss "$doc"
    "$py" "$root/benches/peers/peer.py" rss "$doc"
} >"$work/rss.jsonl"

echo
python3 "$root/benches/peers/table.py" "$work/ours.json" "$work/js.json" "$work/py.json" --rss "$work/rss.jsonl"
