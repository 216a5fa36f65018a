//! Criterion benchmarks of Transit MessagePack, against our own Transit JSON on
//! the same values and against plain MessagePack of the same data (rmpv for
//! dynamic values, rmp-serde for typed ones).
//!
//! ```sh
//! cargo bench --bench msgpack                  # everything (about 3 minutes)
//! cargo bench --bench msgpack -- msgpack_file  # one group
//! ```
//!
//! Benchmark ids are `group/function/implementation`:
//!
//! * `ours_msgpack`: Transit MessagePack (`from_msgpack_slice`, `to_msgpack_vec`);
//! * `ours_json`: Transit JSON, compact with the cache (`from_slice`, `to_vec`), of
//!   the same values;
//! * `rmpv`, `rmp_serde`: plain MessagePack of the same data, with no Transit in
//!   it: the document and events as the equivalent `serde_json::Value` (keywords,
//!   uuids and instants as strings, maps keyed by their text; benches/data), held
//!   as an `rmpv::Value`; typed events as Penpot's plain JSON type (`JsonEvent`,
//!   camelCase), written with field names (`rmp_serde::to_vec_named`), since
//!   Transit's structs are maps too.
//!
//! Groups:
//!
//! * `msgpack_file`: the Penpot-shaped `get-file` document of 4,000 shapes,
//!   decoded into a dynamic value and encoded from it;
//! * `msgpack_events`: 5,000 Penpot webhook events back to back, read as a stream
//!   into dynamic values and typed (`Event`, `JsonEvent`), and each written on its
//!   own (a fresh cache each, as webhook bodies are), dynamic and typed.
//!
//! Every decode includes dropping the result; every encode writes into a fresh
//! `Vec`. Throughput is in bytes of each implementation's own input or output.

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

/// A `serde_json::Value` as rmpv's dynamic value (the same tree).
fn to_rmpv(json: &serde_json::Value) -> rmpv::Value {
    use serde_json::Value as J;
    match json {
        J::Null => rmpv::Value::Nil,
        J::Bool(b) => rmpv::Value::Boolean(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => rmpv::Value::from(i),
            None => rmpv::Value::F64(n.as_f64().unwrap_or_default()),
        },
        J::String(s) => rmpv::Value::from(s.as_str()),
        J::Array(items) => rmpv::Value::Array(items.iter().map(to_rmpv).collect()),
        J::Object(map) => rmpv::Value::Map(
            map.iter()
                .map(|(k, v)| (rmpv::Value::from(k.as_str()), to_rmpv(v)))
                .collect(),
        ),
    }
}

fn rmpv_bytes(value: &rmpv::Value) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, value).expect("write rmpv");
    out
}

/// Every rmpv value of a stream written back to back.
fn rmpv_stream(mut bytes: &[u8]) -> Vec<rmpv::Value> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        out.push(rmpv::decode::read_value(&mut bytes).expect("read rmpv"));
    }
    out
}

fn msgpack_file(c: &mut Criterion) {
    let doc = data::file_document();
    let mp = transit_format::to_msgpack_vec(&doc).expect("write msgpack");
    let json = transit_format::to_vec(&doc).expect("write json");
    let plain = to_rmpv(&data::to_json(&doc));
    let plain_mp = rmpv_bytes(&plain);

    assert!(transit_format::from_msgpack_slice::<Value>(&mp).expect("read msgpack") == doc);
    assert!(rmpv::decode::read_value(&mut &plain_mp[..]).expect("read rmpv") == plain);
    eprintln!(
        "file document: Transit MessagePack {:.2} MB, Transit JSON {:.2} MB, plain MessagePack {:.2} MB",
        mb(mp.len()),
        mb(json.len()),
        mb(plain_mp.len())
    );

    let mut g = c.benchmark_group("msgpack_file");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    g.throughput(Throughput::Bytes(mp.len() as u64));
    g.bench_function(BenchmarkId::new("decode", "ours_msgpack"), |b| {
        b.iter(|| transit_format::from_msgpack_slice::<Value>(black_box(&mp)).expect("read"))
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function(BenchmarkId::new("decode", "ours_json"), |b| {
        b.iter(|| transit_format::from_slice::<Value>(black_box(&json)).expect("read"))
    });
    g.throughput(Throughput::Bytes(plain_mp.len() as u64));
    g.bench_function(BenchmarkId::new("decode", "rmpv"), |b| {
        b.iter(|| rmpv::decode::read_value(&mut black_box(&plain_mp[..])).expect("read"))
    });

    g.throughput(Throughput::Bytes(mp.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "ours_msgpack"), |b| {
        b.iter(|| transit_format::to_msgpack_vec(black_box(&doc)).expect("write"))
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "ours_json"), |b| {
        b.iter(|| transit_format::to_vec(black_box(&doc)).expect("write"))
    });
    g.throughput(Throughput::Bytes(plain_mp.len() as u64));
    g.bench_function(BenchmarkId::new("encode", "rmpv"), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(128);
            rmpv::encode::write_value(&mut out, black_box(&plain)).expect("write");
            out
        })
    });
    g.finish();
}

fn read_msgpack_stream<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Vec<T> {
    Deserializer::from_msgpack_slice(bytes)
        .into_iter::<T>()
        .collect::<Result<_, _>>()
        .expect("read msgpack stream")
}

fn read_json_stream<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Vec<T> {
    Deserializer::from_slice(bytes)
        .into_iter::<T>()
        .collect::<Result<_, _>>()
        .expect("read json stream")
}

fn read_rmp_serde_stream(bytes: &[u8]) -> Vec<JsonEvent> {
    let mut de = rmp_serde::Deserializer::new(std::io::Cursor::new(bytes));
    let mut out = Vec::new();
    while (de.position() as usize) < bytes.len() {
        out.push(serde::Deserialize::deserialize(&mut de).expect("read rmp-serde"));
    }
    out
}

/// Each item written on its own into one buffer (a fresh cache each).
fn write_each<T: serde::Serialize>(items: &[T], msgpack: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 20);
    for item in items {
        if msgpack {
            transit_format::to_msgpack_writer(&mut out, item).expect("write");
        } else {
            transit_format::to_writer(&mut out, item).expect("write");
            out.push(b'\n');
        }
    }
    out
}

fn msgpack_events(c: &mut Criterion) {
    let events = data::events(data::EVENTS);
    let values = data::event_values(&events);
    let json_events: Vec<JsonEvent> = events.iter().map(JsonEvent::from).collect();
    let plain_values: Vec<rmpv::Value> =
        values.iter().map(|v| to_rmpv(&data::to_json(v))).collect();

    let mp = write_each(&values, true);
    let json = write_each(&values, false);
    let plain_mp: Vec<u8> = plain_values.iter().flat_map(rmpv_bytes).collect();
    let plain_typed: Vec<u8> = json_events
        .iter()
        .flat_map(|e| rmp_serde::to_vec_named(e).expect("write rmp-serde"))
        .collect();

    assert!(
        mp == write_each(&events, true),
        "typed and dynamic events agree"
    );
    assert!(read_msgpack_stream::<Value>(&mp) == values);
    assert!(read_msgpack_stream::<Event>(&mp) == events);
    assert!(rmpv_stream(&plain_mp) == plain_values);
    assert_eq!(read_rmp_serde_stream(&plain_typed).len(), events.len());
    eprintln!(
        "events: {}; Transit MessagePack {:.2} MB, Transit JSON {:.2} MB, plain MessagePack {:.2} MB (dynamic), {:.2} MB (typed)",
        events.len(),
        mb(mp.len()),
        mb(json.len()),
        mb(plain_mp.len()),
        mb(plain_typed.len())
    );

    let mut g = c.benchmark_group("msgpack_events");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    g.throughput(Throughput::Bytes(mp.len() as u64));
    g.bench_function(BenchmarkId::new("decode_value", "ours_msgpack"), |b| {
        b.iter(|| read_msgpack_stream::<Value>(black_box(&mp)))
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function(BenchmarkId::new("decode_value", "ours_json"), |b| {
        b.iter(|| read_json_stream::<Value>(black_box(&json)))
    });
    g.throughput(Throughput::Bytes(plain_mp.len() as u64));
    g.bench_function(BenchmarkId::new("decode_value", "rmpv"), |b| {
        b.iter(|| rmpv_stream(black_box(&plain_mp)))
    });

    g.throughput(Throughput::Bytes(mp.len() as u64));
    g.bench_function(BenchmarkId::new("decode_typed", "ours_msgpack"), |b| {
        b.iter(|| read_msgpack_stream::<Event>(black_box(&mp)))
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function(BenchmarkId::new("decode_typed", "ours_json"), |b| {
        b.iter(|| read_json_stream::<Event>(black_box(&json)))
    });
    g.throughput(Throughput::Bytes(plain_typed.len() as u64));
    g.bench_function(BenchmarkId::new("decode_typed", "rmp_serde"), |b| {
        b.iter(|| read_rmp_serde_stream(black_box(&plain_typed)))
    });

    g.throughput(Throughput::Bytes(mp.len() as u64));
    g.bench_function(BenchmarkId::new("encode_value", "ours_msgpack"), |b| {
        b.iter(|| write_each(black_box(&values), true))
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function(BenchmarkId::new("encode_value", "ours_json"), |b| {
        b.iter(|| write_each(black_box(&values), false))
    });
    g.throughput(Throughput::Bytes(plain_mp.len() as u64));
    g.bench_function(BenchmarkId::new("encode_value", "rmpv"), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            for v in black_box(&plain_values) {
                rmpv::encode::write_value(&mut out, v).expect("write");
            }
            out
        })
    });

    g.throughput(Throughput::Bytes(mp.len() as u64));
    g.bench_function(BenchmarkId::new("encode_typed", "ours_msgpack"), |b| {
        b.iter(|| write_each(black_box(&events), true))
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function(BenchmarkId::new("encode_typed", "ours_json"), |b| {
        b.iter(|| write_each(black_box(&events), false))
    });
    g.throughput(Throughput::Bytes(plain_typed.len() as u64));
    g.bench_function(BenchmarkId::new("encode_typed", "rmp_serde"), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            for e in black_box(&json_events) {
                rmp_serde::encode::write_named(&mut out, e).expect("write");
            }
            out
        })
    });
    g.finish();
}

criterion_group!(benches, msgpack_file, msgpack_events);
criterion_main!(benches);
