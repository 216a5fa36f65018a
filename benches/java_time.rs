//! Criterion benchmarks of the verbose `~t` instant text (`src/java_time.rs`, built
//! here from its source file, as it is private to the crate) against what the
//! crate's writer and reader did with chrono before it.
//!
//! ```sh
//! cargo bench --bench java_time
//! ```
//!
//! Groups (ids are `group/function/implementation`; each function's `java_time` is
//! compared with its `chrono`):
//!
//! * `common`: 1,000 instants from 1900 to 2100 (every real document's), to the
//!   millisecond: `format` (its bytes, on the stack) against chrono's
//!   `format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()`, and `parse` against
//!   `DateTime::parse_from_rfc3339` rounded to milliseconds.
//! * `wide`: 1,000 instants over ±25,000 years, through the general calendar path
//!   (chrono cannot write or read most of these as transit-java does: no baseline).
//!
//! Throughput is in instants; the time per instant is the reported time / 1,000.

// `cargo clippy --all-targets` checks benches with `cfg(test)` but without running
// their tests, which brings in the module's unit tests as dead code; they find the
// crate's reader and test helpers at the root.
#[allow(dead_code, unused_imports)] // The bench calls only `format` and `parse`.
#[path = "../src/java_time.rs"]
mod java_time;
#[cfg(test)]
#[allow(dead_code)] // Used by the module's tests only.
#[path = "../src/testing.rs"]
mod testing;
#[cfg(test)]
use transit_format::{from_str, Value};

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const COUNT: usize = 1000;

/// A deterministic xorshift64 stream, so every run times the same instants.
fn instants(seed: u64, low: i64, high: i64) -> Vec<i64> {
    let mut state = seed;
    let span = high.abs_diff(low);
    (0..COUNT)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            low.saturating_add_unsigned(state % span)
        })
        .collect()
}

fn texts(millis: &[i64]) -> Vec<String> {
    millis
        .iter()
        .map(|&m| java_time::format(m).as_str().to_owned())
        .collect()
}

fn common(c: &mut Criterion) {
    // 1900-01-01 to 2100-01-01.
    let millis = instants(0x1900_2100, -2_208_988_800_000, 4_102_444_800_000);
    let times: Vec<DateTime<Utc>> = millis
        .iter()
        .map(|&m| DateTime::from_timestamp_millis(m).expect("in chrono's range"))
        .collect();
    let texts = texts(&millis);
    // Both sides agree on every input before anything is timed.
    for ((&m, t), text) in millis.iter().zip(&times).zip(&texts) {
        assert_eq!(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), *text);
        assert_eq!(java_time::parse(text), Some(m));
        assert_eq!(
            DateTime::parse_from_rfc3339(text).map(|t| t.timestamp_millis()),
            Ok(m)
        );
    }

    let mut g = c.benchmark_group("common");
    g.throughput(Throughput::Elements(COUNT as u64));
    g.bench_function("format/java_time", |b| {
        b.iter(|| {
            for &m in &millis {
                black_box(java_time::format(black_box(m)).as_bytes());
            }
        })
    });
    g.bench_function("format/chrono", |b| {
        b.iter(|| {
            for t in &times {
                black_box(black_box(t).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
            }
        })
    });
    g.bench_function("parse/java_time", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(java_time::parse(black_box(text)));
            }
        })
    });
    g.bench_function("parse/chrono", |b| {
        b.iter(|| {
            for text in &texts {
                let t = DateTime::parse_from_rfc3339(black_box(text)).ok();
                black_box(t.and_then(|t| DateTime::from_timestamp_millis(t.timestamp_millis())));
            }
        })
    });
    g.finish();
}

fn wide(c: &mut Criterion) {
    // About 23,000 BC to AD 27,000.
    let millis = instants(0x25_000, -788_000_000_000_000, 790_000_000_000_000);
    let texts = texts(&millis);
    let mut g = c.benchmark_group("wide");
    g.throughput(Throughput::Elements(COUNT as u64));
    g.bench_function("format/java_time", |b| {
        b.iter(|| {
            for &m in &millis {
                black_box(java_time::format(black_box(m)).as_bytes());
            }
        })
    });
    g.bench_function("parse/java_time", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(java_time::parse(black_box(text)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, common, wide);
criterion_main!(benches);
