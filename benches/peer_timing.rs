//! This crate's side of the peer comparison (benches/peers.sh): the same timing
//! harness as benches/peers/peer.js and peer.py, over the files that
//! `dump_bench_data` writes.
//!
//! ```sh
//! cargo bench --bench peer_timing -- time DIR     # JSON: median seconds per operation
//! cargo bench --bench peer_timing -- rss FILE     # JSON: peak RSS of decoding FILE into Value
//! cargo bench --bench peer_timing -- rss FILE serde_json   # the same into serde_json::Value
//! ```
//!
//! Timing: each operation runs `PEER_WARMUP` times (default 2), then `PEER_RUNS`
//! times (default 11), on input already in memory; the median wall time is
//! reported. Decoding includes dropping the result; encoding writes a fresh `Vec`.
//! `PEER_ONLY=read_doc_compact,...` times only the operations named.
//!
//! Memory: after the input is read, the peak-RSS mark is reset
//! (`/proc/self/clear_refs`, "5"), the file is decoded once and `VmHWM` is read
//! from `/proc/self/status`, with the value still alive.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use transit_format::{Deserializer, Value};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Median wall time in seconds of `PEER_RUNS` calls of `f`, after `PEER_WARMUP`
/// calls.
fn median<T>(f: &mut dyn FnMut() -> T) -> f64 {
    for _ in 0..env_usize("PEER_WARMUP", 2) {
        black_box(f());
    }
    let mut times: Vec<f64> = (0..env_usize("PEER_RUNS", 11).max(1))
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn read_lines(bytes: &[u8]) -> Vec<Value> {
    Deserializer::from_slice(bytes)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .expect("read events")
}

fn time(dir: &Path) {
    let read = |name: &str| std::fs::read(dir.join(name)).expect("read a bench file");
    let compact = read("document.compact.json");
    let verbose = read("document.verbose.json");
    let events = read("events.compact.jsonl");
    let doc: Value = transit_format::from_slice(&compact).expect("read the document");
    let values = read_lines(&events);

    // PEER_ONLY=op1,op2 times only those operations (e.g. under a profiler).
    let only = std::env::var("PEER_ONLY").ok();
    let mut results: Vec<(&str, f64, usize)> = Vec::new();
    let mut run = |op: &'static str, f: &mut dyn FnMut() -> usize| {
        if only
            .as_deref()
            .is_some_and(|o| !o.split(',').any(|x| x == op))
        {
            return;
        }
        let out_bytes = f();
        results.push((op, median(f), out_bytes));
    };
    // Each closure returns the byte count of its input (reads) or output (writes).
    run("read_doc_compact", &mut || {
        let v: Value = transit_format::from_slice(&compact).expect("read");
        black_box(v);
        compact.len()
    });
    run("read_doc_verbose", &mut || {
        let v: Value = transit_format::from_slice(&verbose).expect("read");
        black_box(v);
        verbose.len()
    });
    run("read_events", &mut || {
        black_box(read_lines(&events));
        events.len()
    });
    run("write_doc_compact", &mut || {
        transit_format::to_vec(&doc).expect("write").len()
    });
    run("write_doc_verbose", &mut || {
        transit_format::to_vec_verbose(&doc).expect("write").len()
    });
    run("write_events", &mut || {
        let mut out = Vec::with_capacity(events.len());
        for v in &values {
            transit_format::to_writer(&mut out, v).expect("write");
            out.push(b'\n');
        }
        out.len()
    });

    let body: Vec<String> = results
        .iter()
        .map(|(op, secs, bytes)| format!("\"{op}\":{{\"median_s\":{secs},\"out_bytes\":{bytes}}}"))
        .collect();
    println!(
        "{{\"impl\":\"transit_format (Rust)\",\"results\":{{{}}}}}",
        body.join(",")
    );
}

/// `VmRSS` and `VmHWM` of this process, in KiB.
fn status() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn rss(file: &Path, serde_json: bool) {
    let input = std::fs::read(file).expect("read the input");
    // Start the peak-RSS mark from here (Linux >= 4.0).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let (before, _) = status();
    let (kept, what) = if serde_json {
        let v: serde_json::Value = serde_json::from_slice(&input).expect("read");
        let after = status();
        black_box(&v);
        (after, "serde_json::Value (Rust)")
    } else {
        let v: Value = transit_format::from_slice(&input).expect("read");
        let after = status();
        black_box(&v);
        (after, "transit_format::Value (Rust)")
    };
    let (after, peak) = kept;
    println!(
        "{{\"impl\":\"{what}\",\"input_bytes\":{},\"rss_before_kib\":{before},\"rss_after_kib\":{after},\"peak_kib\":{peak},\"peak_reset\":{reset}}}",
        input.len()
    );
}

fn main() {
    // `cargo bench` appends `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["time", dir] => time(Path::new(dir)),
        ["rss", file] => rss(Path::new(file), false),
        ["rss", file, "serde_json"] => rss(Path::new(file), true),
        // A plain `cargo bench` runs every bench target without arguments.
        [] => eprintln!("peer_timing: nothing to do (usage: time DIR | rss FILE [serde_json])"),
        _ => {
            eprintln!("usage: peer_timing time DIR | rss FILE [serde_json]");
            std::process::exit(2);
        }
    }
}
