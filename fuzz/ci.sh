#!/usr/bin/env bash
# Builds every fuzz target and runs each one for a short, bounded time on corpora
# seeded from the exemplars and Penpot samples (seed.sh). Fails on any crash, and
# prints the crashing input. Needs rustup's nightly toolchain; installs cargo-fuzz
# from crates.io when it is missing.
#
#   bash fuzz/ci.sh                   # 25 s per target
#   FUZZ_SECONDS=600 bash fuzz/ci.sh  # longer
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-25}"
targets=(decode_value roundtrip webhook_event convert msgpack generated)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz/ci.sh: cargo-fuzz needs rustup's nightly toolchain (rustup toolchain install nightly)" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --version '^0.13'
fi
cargo fuzz --version

./seed.sh

# The library forbids unsafe code, so AddressSanitizer would only slow the run
# down; debug assertions (overflow checks) stay on, as cargo-fuzz builds them.
echo "== cargo +nightly fuzz build"
cargo +nightly fuzz build --sanitizer none

for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  log=$(mktemp)
  status=0
  cargo +nightly fuzz run --sanitizer none "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -dict=transit.dict -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
  grep -E '^#[0-9]+[[:space:]]+DONE' "$log" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz/ci.sh: $target failed (exit $status):" >&2
    grep -v -E '^#[0-9]+ ' "$log" | tail -n 60 >&2
    for artifact in "artifacts/$target"/*; do
      [ -f "$artifact" ] || continue
      echo "input $artifact ($(wc -c <"$artifact") bytes), base64:" >&2
      head -c 4096 "$artifact" | base64 >&2
    done
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
done
echo "fuzz/ci.sh: ${#targets[@]} targets ran ${seconds}s each, no crash"
