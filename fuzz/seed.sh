#!/usr/bin/env bash
# Fills corpus/<target>/ for every fuzz target with seeds made at run time from the
# third-party data beside the checkout (the transit-format exemplars and Penpot's
# samples, never committed here), the repository's own samples and a few small
# hand-written bodies. Safe to run again: files are named after their source.
#
#   fuzz/seed.sh                 # ../shared beside the checkout
#   TRANSIT_EXEMPLARS=… PENPOT_SAMPLES=… fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")"
fuzz=$(pwd)
root=$(cd .. && pwd)

exemplars="${TRANSIT_EXEMPLARS:-$root/../shared/transit-exemplars}"
penpot="${PENPOT_SAMPLES:-$root/../shared/penpot-samples}"
targets=(decode_value roundtrip webhook_event convert msgpack)

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT

# copy_all PREFIX FILE... : each file as "$seeds/PREFIX-<name>".
copy_all() {
  local prefix=$1
  shift
  local f
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$seeds/$prefix-$(basename "$f")"
  done
  return 0
}

if [ -d "$exemplars/0.8" ]; then
  copy_all exemplar "$exemplars"/0.8/simple/*.json
  copy_all exemplar "$exemplars"/0.8/example*.json
  # The MessagePack exemplars, for the msgpack target only (below).
  mkdir -p "$seeds/msgpack"
  for f in "$exemplars"/0.8/simple/*.mp; do
    [ -f "$f" ] && cp "$f" "$seeds/msgpack/exemplar-$(basename "$f")"
  done
else
  echo "seed.sh: no exemplars at $exemplars (set TRANSIT_EXEMPLARS); skipping them" >&2
fi
if [ -d "$penpot" ]; then
  copy_all penpot "$penpot"/*.json
else
  echo "seed.sh: no Penpot samples at $penpot (set PENPOT_SAMPLES); skipping them" >&2
fi
copy_all repo "$root"/samples/*.json

# Small bodies of our own: webhook events in both content types, a stream, and
# corners of the grammar.
printf '%s' '["^ ","~:name","create-project","~:props",["^ ","~:team-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","^1","Web"],"~:profile-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a002","~:created-at","~m1764115200000"]' >"$seeds/own-webhook-transit.json"
cat >"$seeds/own-webhook-plain.json" <<'JSON'
{
  "name": "create-comment",
  "props": {
    "id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a003",
    "threadId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a004",
    "content": "hi",
    "position": {"x": 1.5, "y": -2}
  },
  "createdAt": "2025-11-26T00:00:00Z",
  "profileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a002"
}
JSON
printf '%s\n%s\n%s' '["~#'"'"'",1]' '{"~:a":{"~#set":[1,2.5,"~n12345678901234567890"]}}' '["~#list",["~b3q2+7w==","~t2000-01-01T12:00:00.000Z","~zNaN"]]' >"$seeds/own-stream.json"
printf '%s' '[["^ ","~:key1","~:val1"],["^ ","^0","^1","~:key2",["~#cmap",[["~:a"],1,null,2]]]]' >"$seeds/own-cache.json"

# MessagePack of our own: a webhook-like map with native ints and cache codes,
# a tagged instant and uuid, bin, str8 and a float32.
mkdir -p "$seeds/msgpack"
printf '\x82\xa6~:name\xaecreate-project\xa6~:list\x92\xa6~#list\x93\x92\xa3~#m\xcf\x00\x00\x01\x9a\xbc\x1f\x80\x00\x92\xa3~#u\x92\xd3\x0e\x5c\x3c\x8a\x0d\x2a\x80\x35\xd3\x80\x04\x2b\x1c\xf9\xb0\xa0\x01\xa2^0' >"$seeds/msgpack/own-map.mp"
printf '\x94\xc4\x03abc\xd9\x03xyz\xca\x3f\xc0\x00\x00\x81\xc0\xc3' >"$seeds/msgpack/own-scalars.mp"

mkdir -p corpus
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  if [ "$target" = msgpack ]; then
    cp "$seeds"/msgpack/* "corpus/$target/"
  else
    find "$seeds" -maxdepth 1 -type f -exec cp {} "corpus/$target/" \;
  fi
done
echo "seed.sh: $(find "$seeds" -type f | wc -l) seeds into corpus/{$(IFS=,; echo "${targets[*]}")} under $fuzz"
