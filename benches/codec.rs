//! Criterion benchmarks of the codec against serde_json baselines.
//!
//! ```sh
//! cargo bench --bench codec            # everything (2-5 minutes on 2 busy cores)
//! cargo bench --bench codec -- events  # one group
//! python3 benches/ratios.py            # runs the above and prints ours/serde_json
//! ```
//!
//! Groups (benchmark ids are `group/function/implementation`; within a function,
//! every implementation is compared with the one named `serde_json`):
//!
//! * `file_document`: a Penpot `get-file` document of 4,000 shapes, ~4.4 MB compact
//!   (benches/data). Decoding compact and verbose Transit into `Value`, against
//!   `serde_json::from_slice::<serde_json::Value>` on the same bytes; encoding the
//!   `Value` compact (with the cache) and verbose, against `serde_json::to_vec` of the
//!   equivalent `serde_json::Value`.
//! * `events`: 5,000 Penpot webhook events, one value per line. The same, read as a
//!   stream (`Deserializer::into_iter`), plus typed decoding and encoding of
//!   `Vec<Event>`, compact and verbose, against serde_json with the same events as
//!   plain JSON (`JsonEvent`, camelCase, ISO instants).
//! * `bodies`: the same 5,000 events the way a webhook receiver meets them, one
//!   body per call: each decoded with its own `from_slice` (typed, into `Value`,
//!   and through `webhook::Event::decode`), against serde_json decoding each event
//!   from Penpot's `application/json` body (as `webhook::Event::encode` writes it:
//!   pretty-printed, camelCase, Penpot's escapes) typed and
//!   into `serde_json::Value`; and each event encoded with its own `to_vec`, typed
//!   and as a `Value`, against serde_json's `to_vec` of the same event.
//!
//! Every decode includes dropping the result (as a caller would); every encode
//! writes into a fresh `Vec`. Throughput is in bytes of the input (decode) or of
//! the output (encode) of each implementation.

mod data;

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use transit_format::{Deserializer, Value};

use data::{Event, JsonEvent};

fn mb(n: usize) -> f64 {
    n as f64 / 1e6
}

fn file_document(c: &mut Criterion) {
    let doc = data::file_document();
    let compact = transit_format::to_vec(&doc).expect("write compact");
    let verbose = transit_format::to_vec_verbose(&doc).expect("write verbose");
    let json = data::to_json(&doc);
    let json_bytes = serde_json::to_vec(&json).expect("write json");

    // The data is what it should be before anything is timed.
    assert!(transit_format::from_slice::<Value>(&compact).expect("read compact") == doc);
    assert!(transit_format::from_slice::<Value>(&verbose).expect("read verbose") == doc);
    serde_json::from_slice::<serde_json::Value>(&compact).expect("compact is JSON");
    serde_json::from_slice::<serde_json::Value>(&verbose).expect("verbose is JSON");
    eprintln!(
        "file document: {} shapes; compact {:.2} MB, verbose {:.2} MB, equivalent plain JSON {:.2} MB",
        data::SHAPES,
        mb(compact.len()),
        mb(verbose.len()),
        mb(json_bytes.len())
    );

    let mut g = c.benchmark_group("file_document");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    for (function, bytes) in [("decode_compact", &compact), ("decode_verbose", &verbose)] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new(function, "ours"), |b| {
            b.iter(|| transit_format::from_slice::<Value>(black_box(bytes)).expect("read"))
        });
        g.bench_function(BenchmarkId::new(function, "serde_json"), |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("read"))
        });
    }

    g.throughput(Throughput::Bytes(compact.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "ours_compact"), |b| {
        b.iter(|| transit_format::to_vec(black_box(&doc)).expect("write"))
    });
    g.throughput(Throughput::Bytes(verbose.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "ours_verbose"), |b| {
        b.iter(|| transit_format::to_vec_verbose(black_box(&doc)).expect("write"))
    });
    g.throughput(Throughput::Bytes(json_bytes.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "serde_json"), |b| {
        b.iter(|| serde_json::to_vec(black_box(&json)).expect("write"))
    });
    g.finish();
}

/// Reads every value of a stream (one per line, or back to back).
fn read_stream<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Vec<T> {
    Deserializer::from_slice(bytes)
        .into_iter::<T>()
        .collect::<Result<_, _>>()
        .expect("read stream")
}

fn read_json_stream<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Vec<T> {
    serde_json::Deserializer::from_slice(bytes)
        .into_iter::<T>()
        .collect::<Result<_, _>>()
        .expect("read json stream")
}

fn events(c: &mut Criterion) {
    let events = data::events(data::EVENTS);
    let values = data::event_values(&events);
    let json_values: Vec<serde_json::Value> = values.iter().map(data::to_json).collect();
    let json_events: Vec<JsonEvent> = events.iter().map(JsonEvent::from).collect();
    let compact = data::write_lines(&values, false);
    let verbose = data::write_lines(&values, true);
    let plain = data::json_lines(&json_events);
    let json_value_bytes = data::json_lines(&json_values);

    assert!(
        compact == data::write_lines(&events, false),
        "typed and dynamic events write the same bytes"
    );
    assert!(read_stream::<Value>(&compact) == values);
    assert!(read_stream::<Value>(&verbose) == values);
    assert!(read_stream::<Event>(&compact) == events);
    assert!(read_stream::<Event>(&verbose) == events);
    assert!(
        verbose == data::write_lines(&events, true),
        "typed and dynamic events write the same verbose bytes"
    );
    // serde_json (without its `float_roundtrip` feature) may read a float 1 ULP
    // off: compare the events without their one float field.
    let without_position = |events: Vec<JsonEvent>| -> Vec<JsonEvent> {
        let mut events = events;
        for e in &mut events {
            e.props.position = e.props.position.map(|_| data::Point { x: 0.0, y: 0.0 });
        }
        events
    };
    assert!(
        without_position(read_json_stream::<JsonEvent>(&plain))
            == without_position(json_events.clone()),
        "plain JSON events read back"
    );
    assert_eq!(
        read_json_stream::<serde_json::Value>(&compact).len(),
        events.len()
    );
    eprintln!(
        "events: {}; compact {:.2} MB, verbose {:.2} MB, plain JSON (camelCase) {:.2} MB",
        events.len(),
        mb(compact.len()),
        mb(verbose.len()),
        mb(plain.len())
    );

    let mut g = c.benchmark_group("events");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    // Dynamic: Transit bytes into `Value`s, against serde_json on the same bytes.
    for (function, bytes) in [("decode_compact", &compact), ("decode_verbose", &verbose)] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new(function, "ours"), |b| {
            b.iter(|| read_stream::<Value>(black_box(bytes)))
        });
        g.bench_function(BenchmarkId::new(function, "serde_json"), |b| {
            b.iter(|| read_json_stream::<serde_json::Value>(black_box(bytes)))
        });
    }

    // Each event written on its own (a fresh cache each, as webhook bodies are).
    let write_each = |verbose: bool| {
        let mut out = Vec::with_capacity(1 << 20);
        for v in black_box(&values) {
            if verbose {
                transit_format::to_writer_verbose(&mut out, v).expect("write");
            } else {
                transit_format::to_writer(&mut out, v).expect("write");
            }
            out.push(b'\n');
        }
        out
    };
    g.throughput(Throughput::Bytes(compact.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "ours_compact"), |b| {
        b.iter(|| write_each(false))
    });
    g.throughput(Throughput::Bytes(verbose.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "ours_verbose"), |b| {
        b.iter(|| write_each(true))
    });
    g.throughput(Throughput::Bytes(json_value_bytes.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "serde_json"), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            for v in black_box(&json_values) {
                serde_json::to_writer(&mut out, v).expect("write");
                out.push(b'\n');
            }
            out
        })
    });

    // Typed: `Event` from Transit (compact, then verbose), `JsonEvent` from
    // Penpot's plain JSON.
    g.throughput(Throughput::Bytes(compact.len() as u64));
    g.bench_function(BenchmarkId::new("decode_typed", "ours"), |b| {
        b.iter(|| read_stream::<Event>(black_box(&compact)))
    });
    g.throughput(Throughput::Bytes(verbose.len() as u64));
    g.bench_function(BenchmarkId::new("decode_typed", "ours_verbose"), |b| {
        b.iter(|| read_stream::<Event>(black_box(&verbose)))
    });
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function(BenchmarkId::new("decode_typed", "serde_json"), |b| {
        b.iter(|| read_json_stream::<JsonEvent>(black_box(&plain)))
    });

    g.throughput(Throughput::Bytes(compact.len() as u64));
    let write_typed = |verbose: bool| {
        let mut out = Vec::with_capacity(1 << 20);
        for e in black_box(&events) {
            if verbose {
                transit_format::to_writer_verbose(&mut out, e).expect("write");
            } else {
                transit_format::to_writer(&mut out, e).expect("write");
            }
            out.push(b'\n');
        }
        out
    };
    g.bench_function(BenchmarkId::new("encode_typed", "ours"), |b| {
        b.iter(|| write_typed(false))
    });
    g.throughput(Throughput::Bytes(verbose.len() as u64));
    g.bench_function(BenchmarkId::new("encode_typed", "ours_verbose"), |b| {
        b.iter(|| write_typed(true))
    });
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function(BenchmarkId::new("encode_typed", "serde_json"), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            for e in black_box(&json_events) {
                serde_json::to_writer(&mut out, e).expect("write");
                out.push(b'\n');
            }
            out
        })
    });
    g.finish();
}

/// One body per call, as a webhook receiver decodes them and a sender encodes them.
fn bodies(c: &mut Criterion) {
    let events = data::events(data::EVENTS);
    let values = data::event_values(&events);
    let json_events: Vec<JsonEvent> = events.iter().map(JsonEvent::from).collect();
    let json_values: Vec<serde_json::Value> = values.iter().map(data::to_json).collect();
    let transit: Vec<Vec<u8>> = events
        .iter()
        .map(|e| transit_format::to_vec(e).expect("write"))
        .collect();
    // Penpot's `application/json` bodies of the same events, as `webhook::Event`
    // writes them (Penpot's own form: pretty-printed, camelCase, `\/` escapes).
    let json: Vec<Vec<u8>> = transit
        .iter()
        .map(|body| {
            transit_format::webhook::Event::decode(body, "application/transit+json")
                .and_then(|hook| hook.encode(transit_format::webhook::ContentType::Json))
                .expect("Penpot JSON body")
        })
        .collect();
    for (body, event) in json.iter().zip(&json_events) {
        let read: JsonEvent = serde_json::from_slice(body).expect("JSON body is a JsonEvent");
        assert_eq!(read.name, event.name);
    }
    let total = |bodies: &[Vec<u8>]| bodies.iter().map(Vec::len).sum::<usize>() as u64;
    for (body, event) in transit.iter().zip(&events) {
        assert!(transit_format::from_slice::<Event>(body).expect("read") == *event);
        let hook = transit_format::webhook::Event::decode(body, "application/transit+json")
            .expect("webhook body");
        assert_eq!(hook.name, event.name);
    }
    assert!(
        transit
            .iter()
            .zip(&values)
            .all(|(b, v)| transit_format::from_slice::<Value>(b).expect("read") == *v),
        "bodies read back as values"
    );
    eprintln!(
        "bodies: {}; Transit {:.2} MB, Penpot JSON (pretty) {:.2} MB",
        transit.len(),
        mb(total(&transit) as usize),
        mb(total(&json) as usize)
    );

    let mut g = c.benchmark_group("bodies");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    g.throughput(Throughput::Bytes(total(&transit)));
    g.bench_function(BenchmarkId::new("decode_typed", "ours"), |b| {
        b.iter(|| {
            for body in black_box(&transit) {
                black_box(transit_format::from_slice::<Event>(body).expect("read"));
            }
        })
    });
    g.bench_function(BenchmarkId::new("decode_value", "ours"), |b| {
        b.iter(|| {
            for body in black_box(&transit) {
                black_box(transit_format::from_slice::<Value>(body).expect("read"));
            }
        })
    });
    g.bench_function(BenchmarkId::new("decode_webhook", "ours"), |b| {
        b.iter(|| {
            for body in black_box(&transit) {
                black_box(
                    transit_format::webhook::Event::decode(body, "application/transit+json")
                        .expect("read"),
                );
            }
        })
    });
    g.throughput(Throughput::Bytes(total(&json)));
    g.bench_function(BenchmarkId::new("decode_typed", "serde_json"), |b| {
        b.iter(|| {
            for body in black_box(&json) {
                black_box(serde_json::from_slice::<JsonEvent>(body).expect("read"));
            }
        })
    });
    g.bench_function(BenchmarkId::new("decode_value", "serde_json"), |b| {
        b.iter(|| {
            for body in black_box(&json) {
                black_box(serde_json::from_slice::<serde_json::Value>(body).expect("read"));
            }
        })
    });
    // `Event::decode` against serde_json's typed decode of the JSON body.
    g.bench_function(BenchmarkId::new("decode_webhook", "serde_json"), |b| {
        b.iter(|| {
            for body in black_box(&json) {
                black_box(serde_json::from_slice::<JsonEvent>(body).expect("read"));
            }
        })
    });

    g.throughput(Throughput::Bytes(total(&transit)));
    g.bench_function(BenchmarkId::new("encode_typed", "ours"), |b| {
        b.iter(|| {
            for event in black_box(&events) {
                black_box(transit_format::to_vec(event).expect("write"));
            }
        })
    });
    g.bench_function(BenchmarkId::new("encode_value", "ours"), |b| {
        b.iter(|| {
            for value in black_box(&values) {
                black_box(transit_format::to_vec(value).expect("write"));
            }
        })
    });
    let json_compact: Vec<Vec<u8>> = json_events
        .iter()
        .map(|e| serde_json::to_vec(e).expect("write"))
        .collect();
    g.throughput(Throughput::Bytes(total(&json_compact)));
    g.bench_function(BenchmarkId::new("encode_typed", "serde_json"), |b| {
        b.iter(|| {
            for event in black_box(&json_events) {
                black_box(serde_json::to_vec(event).expect("write"));
            }
        })
    });
    g.bench_function(BenchmarkId::new("encode_value", "serde_json"), |b| {
        b.iter(|| {
            for value in black_box(&json_values) {
                black_box(serde_json::to_vec(value).expect("write"));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, file_document, events, bodies);
criterion_main!(benches);
