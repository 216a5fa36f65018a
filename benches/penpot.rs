//! Criterion bench of Penpot's file model against the dynamic `Value` it is built
//! from.
//!
//! ```sh
//! cargo bench --bench penpot            # both modes (about a minute)
//! cargo bench --bench penpot -- compact # one mode
//! ```
//!
//! Group `penpot_file`, on the `get-file` document of benches/data (4,000 shapes
//! in one page's plain objects map, ~4.4 MB compact), compact and verbose:
//!
//! * `value`: `transit_format::from_slice::<Value>`, the baseline;
//! * `file_walk`: `File::from_slice`, then every shape of every page through
//!   `Page::walk`, reading each one's kind and name.
//!
//! The ratio `file_walk / value` is what the typed model costs over the decode.
//! Each iteration drops its result, as a caller would.

mod data;

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use transit_format::penpot::{File, Loadable};
use transit_format::Value;

/// Reads the file and walks every shape; returns the number of shapes.
fn file_walk(bytes: &[u8]) -> usize {
    let file = File::from_slice(bytes).expect("read the file");
    let mut shapes = 0;
    for (_, page) in file.pages() {
        let Some(Loadable::Loaded(page)) = page else {
            continue;
        };
        for step in page.walk() {
            let visit = step.expect("a consistent page");
            black_box((visit.shape.kind(), visit.shape.name(), visit.depth));
            shapes += 1;
        }
    }
    shapes
}

fn penpot_file(c: &mut Criterion) {
    let doc = data::file_document();
    let compact = transit_format::to_vec(&doc).expect("write compact");
    let verbose = transit_format::to_vec_verbose(&doc).expect("write verbose");

    // What is timed is what it should be: every shape walked, and the typed model
    // writes back the bytes it was read from.
    for bytes in [&compact, &verbose] {
        assert_eq!(file_walk(bytes), data::SHAPES);
    }
    let file = File::from_slice(&compact).expect("read compact");
    assert!(transit_format::to_vec(&file).expect("write") == compact);
    let file = File::from_slice(&verbose).expect("read verbose");
    assert!(transit_format::to_vec_verbose(&file).expect("write") == verbose);

    let mut g = c.benchmark_group("penpot_file");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (mode, bytes) in [("compact", &compact), ("verbose", &verbose)] {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new(mode, "value"), |b| {
            b.iter(|| transit_format::from_slice::<Value>(black_box(bytes)).expect("read"))
        });
        g.bench_function(BenchmarkId::new(mode, "file_walk"), |b| {
            b.iter(|| file_walk(black_box(bytes)))
        });
    }
    g.finish();
}

criterion_group!(benches, penpot_file);
criterion_main!(benches);
