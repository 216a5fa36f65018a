// transit-js's side of the peer comparison (see benches/peers.sh).
//
//   node peer.js time DIR      # JSON: median seconds per operation
//   node peer.js rss FILE      # JSON: peak RSS of decoding FILE
//
// Same harness as benches/peer_timing.rs and peer.py: input already in memory
// (as a JS string), PEER_WARMUP warm-up calls (default 2), then the median of
// PEER_RUNS calls (default 11) timed with process.hrtime. transit-js is resolved
// from NODE_PATH (peers.sh installs it into a temporary folder).
"use strict";

const fs = require("fs");
const path = require("path");
const transit = require("transit-js");

const WARMUP = Number(process.env.PEER_WARMUP || 2);
const RUNS = Math.max(1, Number(process.env.PEER_RUNS || 11));

let sink = 0; // keeps results alive so the work is not optimised away

function median(f) {
  for (let i = 0; i < WARMUP; i++) sink ^= keep(f());
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const out = f();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    sink ^= keep(out);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function keep(x) {
  return typeof x === "string" ? x.length : Array.isArray(x) ? x.length : 1;
}

function readLines(lines) {
  const reader = transit.reader("json");
  return lines.map((line) => reader.read(line));
}

function writeLines(values) {
  const writer = transit.writer("json");
  let out = "";
  for (const v of values) out += writer.write(v) + "\n";
  return out;
}

function time(dir) {
  const text = (name) => fs.readFileSync(path.join(dir, name), "utf8");
  const compact = text("document.compact.json");
  const verbose = text("document.verbose.json");
  const lines = text("events.compact.jsonl").split("\n").filter((l) => l.length > 0);
  const reader = transit.reader("json");
  const compactWriter = transit.writer("json");
  const verboseWriter = transit.writer("json-verbose");
  const doc = reader.read(compact);
  const values = readLines(lines);

  const results = {};
  const put = (op, secs, out) => {
    results[op] = { median_s: secs, out_bytes: Buffer.byteLength(out, "utf8") };
  };
  put("read_doc_compact", median(() => reader.read(compact)), compact);
  put("read_doc_verbose", median(() => reader.read(verbose)), verbose);
  put("read_events", median(() => readLines(lines)), lines.join("\n") + "\n");
  put("write_doc_compact", median(() => compactWriter.write(doc)), compactWriter.write(doc));
  put("write_doc_verbose", median(() => verboseWriter.write(doc)), verboseWriter.write(doc));
  put("write_events", median(() => writeLines(values)), writeLines(values));

  const version = require("transit-js/package.json").version;
  console.log(JSON.stringify({ impl: `transit-js ${version} (node ${process.version})`, results, sink }));
}

function status() {
  const s = fs.readFileSync("/proc/self/status", "utf8");
  return ["VmRSS", "VmHWM"].map((k) => Number(new RegExp(k + ":\\s+(\\d+)").exec(s)[1]));
}

function rss(file) {
  const text = fs.readFileSync(file, "utf8");
  let reset = true;
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
  } catch (e) {
    reset = false;
  }
  const [before] = status();
  const value = transit.reader("json").read(text);
  const [after, peak] = status();
  sink ^= keep(value);
  const version = require("transit-js/package.json").version;
  console.log(
    JSON.stringify({
      impl: `transit-js ${version} (node ${process.version})`,
      input_bytes: Buffer.byteLength(text, "utf8"),
      rss_before_kib: before,
      rss_after_kib: after,
      peak_kib: peak,
      peak_reset: reset,
    })
  );
}

const [mode, arg] = process.argv.slice(2);
({ time, rss })[mode](arg);
