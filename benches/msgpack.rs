//! Criterion benchmarks of Transit MessagePack, against our own Transit JSON on
//! the same values and against plain MessagePack of the same data (rmpv for
//! dynamic values, rmp-serde for typed ones).
//!
//! ```sh
//! cargo bench --bench msgpack                  # everything (about 3 minutes)
//! cargo bench --bench msgpack -- msgpack_file  # one group
//! # instructions of one routine, which a busy machine does not change: under
//! # valgrind, run it 0 and 20 times (MSGPACK_BENCH_RUN=<id>:<runs>) and take a
//! # twentieth of the difference; the script does that for every routine
//! python3 benches/msgpack_instructions.py
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
mod routines;

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;

use routines::{routine, run_group};
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
    let routines = [
        routine("decode", "ours_msgpack", mp.len(), || {
            transit_format::from_msgpack_slice::<Value>(black_box(&mp)).expect("read")
        }),
        routine("decode", "ours_json", json.len(), || {
            transit_format::from_slice::<Value>(black_box(&json)).expect("read")
        }),
        routine("decode", "rmpv", plain_mp.len(), || {
            rmpv::decode::read_value(&mut black_box(&plain_mp[..])).expect("read")
        }),
        routine("encode", "ours_msgpack", mp.len(), || {
            transit_format::to_msgpack_vec(black_box(&doc)).expect("write")
        }),
        routine("encode", "ours_json", json.len(), || {
            transit_format::to_vec(black_box(&doc)).expect("write")
        }),
        routine("encode", "rmpv", plain_mp.len(), || {
            let mut out = Vec::with_capacity(128);
            rmpv::encode::write_value(&mut out, black_box(&plain)).expect("write");
            out
        }),
    ];
    run_group(
        c,
        "MSGPACK_BENCH_RUN",
        "msgpack_file",
        Duration::from_secs(4),
        &routines,
    );
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
    let routines = [
        routine("decode_value", "ours_msgpack", mp.len(), || {
            read_msgpack_stream::<Value>(black_box(&mp))
        }),
        routine("decode_value", "ours_json", json.len(), || {
            read_json_stream::<Value>(black_box(&json))
        }),
        routine("decode_value", "rmpv", plain_mp.len(), || {
            rmpv_stream(black_box(&plain_mp))
        }),
        routine("decode_typed", "ours_msgpack", mp.len(), || {
            read_msgpack_stream::<Event>(black_box(&mp))
        }),
        routine("decode_typed", "ours_json", json.len(), || {
            read_json_stream::<Event>(black_box(&json))
        }),
        routine("decode_typed", "rmp_serde", plain_typed.len(), || {
            read_rmp_serde_stream(black_box(&plain_typed))
        }),
        routine("encode_value", "ours_msgpack", mp.len(), || {
            write_each(black_box(&values), true)
        }),
        routine("encode_value", "ours_json", json.len(), || {
            write_each(black_box(&values), false)
        }),
        routine("encode_value", "rmpv", plain_mp.len(), || {
            let mut out = Vec::with_capacity(1 << 20);
            for v in black_box(&plain_values) {
                rmpv::encode::write_value(&mut out, v).expect("write");
            }
            out
        }),
        routine("encode_typed", "ours_msgpack", mp.len(), || {
            write_each(black_box(&events), true)
        }),
        routine("encode_typed", "ours_json", json.len(), || {
            write_each(black_box(&events), false)
        }),
        routine("encode_typed", "rmp_serde", plain_typed.len(), || {
            let mut out = Vec::with_capacity(1 << 20);
            for e in black_box(&json_events) {
                rmp_serde::encode::write_named(&mut out, e).expect("write");
            }
            out
        }),
    ];
    run_group(
        c,
        "MSGPACK_BENCH_RUN",
        "msgpack_events",
        Duration::from_secs(3),
        &routines,
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    msgpack_file(&mut c);
    msgpack_events(&mut c);
    if std::env::var_os("MSGPACK_BENCH_RUN").is_none() {
        c.final_summary();
    }
}
