//! The core's speed targets, on the bench corpus (`../shared/bench-corpus/`, or the
//! folder `TRANSIT_BENCH_CORPUS` names): Penpot-shaped Transit written by
//! transit-js, so that the data is not this crate's own output.
//!
//! Every group holds our routine and serde_json's on the same work (sonic-rs for
//! the ceiling rows, rmpv for MessagePack), so that `python3 benches/core.py`
//! reads the ratios of one run. Per-body rows call `from_slice` once per webhook
//! body, as a receiver does. With `CORE_BENCH_RUN=group/function/impl:N` one
//! routine runs N times untimed (for `benches/core.py --instructions`, which counts
//! instructions under valgrind); with `CORE_BENCH_MEMORY=file.json` the binary
//! prints the resident memory that decoding that file into `Value` grows by.

mod routines;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::Criterion;

use routines::{routine, run_group};
use serde::de::IgnoredAny;
use serde::Deserialize;
use transit_format::webhook::{ContentType, Event};
use transit_format::{Keyword, Value};

/// What a receiver that routes on the event and keeps the props dynamic reads
/// from an `application/transit+json` body.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // Read to be built, as a receiver would; the bench looks at none of it.
struct Envelope {
    name: String,
    profile_id: uuid::Uuid,
    props: BTreeMap<Keyword, Value>,
    created_at: DateTime<Utc>,
    tracked_at: Option<DateTime<Utc>>,
}

/// The same receiver's envelope for Penpot's `application/json` body of the event.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // As `Envelope`.
struct JsonEnvelope {
    name: String,
    profile_id: uuid::Uuid,
    props: BTreeMap<String, serde_json::Value>,
    created_at: DateTime<Utc>,
    tracked_at: Option<DateTime<Utc>>,
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TRANSIT_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench-corpus")
        });
    dir.join("events.json").is_file().then_some(dir)
}

/// The corpus, read once, with the twins every row compares against.
struct Corpus {
    /// `events.json`, one Transit body per line.
    bodies: Vec<Vec<u8>>,
    /// Penpot's `application/json` body of each event (`Event::encode`).
    json_bodies: Vec<Vec<u8>>,
    /// Each body as Transit MessagePack.
    msgpack_bodies: Vec<Vec<u8>>,
    /// `events.json` whole, read as one stream.
    events: Vec<u8>,
    file: Vec<u8>,
    file_verbose: Vec<u8>,
    file_msgpack: Vec<u8>,
}

impl Corpus {
    fn load(dir: &std::path::Path) -> Corpus {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
        };
        let events = read("events.json");
        let bodies: Vec<Vec<u8>> = events
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
            .map(<[u8]>::to_vec)
            .collect();
        let json_bodies = bodies
            .iter()
            .map(|body| {
                Event::decode(body, "application/transit+json")
                    .and_then(|event| event.encode(ContentType::Json))
                    .expect("every corpus body is a Penpot event")
            })
            .collect();
        let msgpack_bodies = bodies
            .iter()
            .map(|body| {
                let value: Value = transit_format::from_slice(body).expect("decode");
                transit_format::to_msgpack_vec(&value).expect("encode")
            })
            .collect();
        let file = read("file.json");
        let file_value: Value = transit_format::from_slice(&file).expect("decode file.json");
        let file_msgpack = transit_format::to_msgpack_vec(&file_value).expect("encode");
        Corpus {
            bodies,
            json_bodies,
            msgpack_bodies,
            events,
            file,
            file_verbose: read("file.verbose.json"),
            file_msgpack,
        }
    }
}

fn total(bodies: &[Vec<u8>]) -> usize {
    bodies.iter().map(Vec::len).sum()
}

/// Decodes every body with `decode`, one call each.
fn each<T>(bodies: &[Vec<u8>], decode: impl Fn(&[u8]) -> T) -> usize {
    let mut n = 0;
    for body in black_box(bodies) {
        drop(black_box(decode(body)));
        n += 1;
    }
    n
}

fn bodies(c: &mut Criterion, corpus: &Corpus) {
    let (t, j) = (&corpus.bodies, &corpus.json_bodies);
    let (tn, jn) = (total(t), total(j));
    let routines = [
        routine("envelope", "ours", tn, || {
            each(t, |b| {
                transit_format::from_slice::<Envelope>(b).expect("ours")
            })
        }),
        routine("envelope", "serde_json", jn, || {
            each(j, |b| {
                serde_json::from_slice::<JsonEnvelope>(b).expect("json")
            })
        }),
        routine("webhook_event", "ours", tn, || {
            each(t, |b| {
                Event::decode(b, "application/transit+json").expect("ours")
            })
        }),
        routine("webhook_event", "serde_json", jn, || {
            each(j, |b| {
                serde_json::from_slice::<JsonEnvelope>(b).expect("json")
            })
        }),
        routine("value", "ours", tn, || {
            each(t, |b| transit_format::from_slice::<Value>(b).expect("ours"))
        }),
        routine("value", "serde_json", jn, || {
            each(j, |b| {
                serde_json::from_slice::<serde_json::Value>(b).expect("json")
            })
        }),
        routine("value", "sonic_rs", tn, || {
            each(t, |b| {
                sonic_rs::from_slice::<sonic_rs::Value>(b).expect("sonic")
            })
        }),
        routine("ignored", "ours", tn, || {
            each(t, |b| {
                transit_format::from_slice::<IgnoredAny>(b).expect("ours")
            })
        }),
        routine("ignored", "serde_json", jn, || {
            each(j, |b| {
                serde_json::from_slice::<IgnoredAny>(b).expect("json")
            })
        }),
    ];
    run_group(
        c,
        "CORE_BENCH_RUN",
        "bodies",
        Duration::from_secs(4),
        &routines,
    );
}

fn documents(c: &mut Criterion, corpus: &Corpus) {
    let (file, verbose, events) = (&corpus.file, &corpus.file_verbose, &corpus.events);
    let routines = [
        routine("file", "ours", file.len(), || {
            transit_format::from_slice::<Value>(black_box(file)).expect("ours")
        }),
        routine("file", "serde_json", file.len(), || {
            serde_json::from_slice::<serde_json::Value>(black_box(file)).expect("json")
        }),
        routine("file", "sonic_rs", file.len(), || {
            sonic_rs::from_slice::<sonic_rs::Value>(black_box(file)).expect("sonic")
        }),
        routine("file_verbose", "ours", verbose.len(), || {
            transit_format::from_slice::<Value>(black_box(verbose)).expect("ours")
        }),
        routine("file_verbose", "serde_json", verbose.len(), || {
            serde_json::from_slice::<serde_json::Value>(black_box(verbose)).expect("json")
        }),
        routine("file_verbose", "sonic_rs", verbose.len(), || {
            sonic_rs::from_slice::<sonic_rs::Value>(black_box(verbose)).expect("sonic")
        }),
        routine("events_stream", "ours", events.len(), || {
            transit_format::Deserializer::from_slice(black_box(events))
                .into_iter::<Value>()
                .fold(0, |n, v| {
                    drop(black_box(v.expect("ours")));
                    n + 1
                })
        }),
        routine("events_stream", "serde_json", events.len(), || {
            serde_json::Deserializer::from_slice(black_box(events))
                .into_iter::<serde_json::Value>()
                .fold(0, |n, v| {
                    drop(black_box(v.expect("json")));
                    n + 1
                })
        }),
    ];
    run_group(
        c,
        "CORE_BENCH_RUN",
        "documents",
        Duration::from_secs(6),
        &routines,
    );
}

fn encode(c: &mut Criterion, corpus: &Corpus) {
    let file: Value = transit_format::from_slice(&corpus.file).expect("ours");
    let file_json: serde_json::Value = serde_json::from_slice(&corpus.file).expect("json");
    let verbose: Value = transit_format::from_slice(&corpus.file_verbose).expect("ours");
    let verbose_json: serde_json::Value =
        serde_json::from_slice(&corpus.file_verbose).expect("json");
    let events: Vec<Value> = corpus
        .bodies
        .iter()
        .map(|b| transit_format::from_slice(b).expect("ours"))
        .collect();
    let events_json: Vec<serde_json::Value> = corpus
        .bodies
        .iter()
        .map(|b| serde_json::from_slice(b).expect("json"))
        .collect();
    let routines = [
        routine("document", "ours", corpus.file.len(), || {
            transit_format::to_vec(black_box(&file)).expect("ours")
        }),
        routine("document", "serde_json", corpus.file.len(), || {
            serde_json::to_vec(black_box(&file_json)).expect("json")
        }),
        routine(
            "document_verbose",
            "ours",
            corpus.file_verbose.len(),
            || transit_format::to_vec_verbose(black_box(&verbose)).expect("ours"),
        ),
        routine(
            "document_verbose",
            "serde_json",
            corpus.file_verbose.len(),
            || serde_json::to_vec(black_box(&verbose_json)).expect("json"),
        ),
        routine("events", "ours", total(&corpus.bodies), || {
            black_box(&events)
                .iter()
                .map(|v| transit_format::to_vec(v).expect("ours").len())
                .sum::<usize>()
        }),
        routine("events", "serde_json", total(&corpus.bodies), || {
            black_box(&events_json)
                .iter()
                .map(|v| serde_json::to_vec(v).expect("json").len())
                .sum::<usize>()
        }),
    ];
    run_group(
        c,
        "CORE_BENCH_RUN",
        "encode",
        Duration::from_secs(5),
        &routines,
    );
}

fn msgpack(c: &mut Criterion, corpus: &Corpus) {
    let (m, t) = (&corpus.msgpack_bodies, &corpus.bodies);
    let (file_mp, file) = (&corpus.file_msgpack, &corpus.file);
    // The ratio row of these groups is ours_json: `benches/core.py` reads it as
    // the baseline (MessagePack's target is against our own JSON).
    let routines = [
        routine("events", "ours_msgpack", total(m), || {
            each(m, |b| {
                transit_format::from_msgpack_slice::<Value>(b).expect("ours")
            })
        }),
        routine("events", "ours_json", total(t), || {
            each(t, |b| transit_format::from_slice::<Value>(b).expect("ours"))
        }),
        routine("events", "rmpv", total(m), || {
            each(m, |mut b| rmpv::decode::read_value(&mut b).expect("rmpv"))
        }),
        routine("document", "ours_msgpack", file_mp.len(), || {
            transit_format::from_msgpack_slice::<Value>(black_box(file_mp)).expect("ours")
        }),
        routine("document", "ours_json", file.len(), || {
            transit_format::from_slice::<Value>(black_box(file)).expect("ours")
        }),
        routine("document", "rmpv", file_mp.len(), || {
            rmpv::decode::read_value(&mut &black_box(file_mp)[..]).expect("rmpv")
        }),
    ];
    run_group(
        c,
        "CORE_BENCH_RUN",
        "msgpack",
        Duration::from_secs(5),
        &routines,
    );
}

/// Kilobytes of a `/proc/self/status` field (Linux only).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Prints how much resident memory decoding `name` into `Value` adds, beyond the
/// input already in memory, as a multiple of the input's size.
fn memory(dir: &std::path::Path, name: &str) {
    let input = std::fs::read(dir.join(name)).expect("read the file");
    let before = status_kb("VmRSS:").expect("VmRSS");
    let value: Value = transit_format::from_slice(&input).expect("decode");
    let peak = status_kb("VmHWM:").expect("VmHWM");
    let grown = peak.saturating_sub(before) as f64 * 1024.0;
    println!(
        "{name}: {} bytes, peak RSS growth {:.0} bytes = {:.2}x input",
        input.len(),
        grown,
        grown / input.len() as f64
    );
    drop(black_box(value));
}

fn main() {
    let Some(dir) = corpus_dir() else {
        eprintln!(
            "benches/core: skipped: no bench corpus (set TRANSIT_BENCH_CORPUS to the folder \
             holding events.json, file.json and file.verbose.json)"
        );
        return;
    };
    if let Some(name) = std::env::var_os("CORE_BENCH_MEMORY") {
        memory(&dir, &name.to_string_lossy());
        return;
    }
    let corpus = Corpus::load(&dir);
    let mut c = Criterion::default().configure_from_args();
    bodies(&mut c, &corpus);
    documents(&mut c, &corpus);
    encode(&mut c, &corpus);
    msgpack(&mut c, &corpus);
    if std::env::var_os("CORE_BENCH_RUN").is_none() {
        c.final_summary();
    }
}
