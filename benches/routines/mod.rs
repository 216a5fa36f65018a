//! Timed routines, shared by the benches that compare implementations in groups
//! (`core`, `msgpack`): each routine is run by criterion, or, when the bench's
//! environment variable names it (`group/function/implementation:N`), N times
//! untimed, so that valgrind can count its instructions (`benches/core.py
//! --instructions`, `benches/msgpack_instructions.py`); `BENCH_RUN_TIMES=1` also
//! prints the fastest of those N runs.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};

/// One timed routine: its id (`function/implementation`), the bytes it reads or
/// writes, and the work (whose result it drops).
pub struct Routine<'a> {
    function: &'static str,
    implementation: &'static str,
    bytes: usize,
    run: Box<dyn Fn() + 'a>,
}

pub fn routine<'a, T>(
    function: &'static str,
    implementation: &'static str,
    bytes: usize,
    work: impl Fn() -> T + 'a,
) -> Routine<'a> {
    Routine {
        function,
        implementation,
        bytes,
        run: Box::new(move || drop(black_box(work()))),
    }
}

/// Times a group's routines, or runs the one that the environment variable `var`
/// names (`group/function/implementation:N`) N times untimed.
pub fn run_group(
    c: &mut Criterion,
    var: &str,
    group: &str,
    measurement: Duration,
    routines: &[Routine<'_>],
) {
    if let Ok(spec) = std::env::var(var) {
        let (id, times) = spec
            .rsplit_once(':')
            .unwrap_or_else(|| panic!("{var}=group/function/implementation:times"));
        let times: usize = times.parse().expect("a number of times");
        for r in routines {
            if format!("{group}/{}/{}", r.function, r.implementation) == id {
                // With `BENCH_RUN_TIMES=1`, the fastest of the N runs goes to
                // stderr: a quick A/B of two builds on a machine without hardware
                // counters, where a whole process's wall time is mostly loading.
                let mut fastest = Duration::MAX;
                for _ in 0..times {
                    let start = std::time::Instant::now();
                    (r.run)();
                    fastest = fastest.min(start.elapsed());
                }
                if std::env::var_os("BENCH_RUN_TIMES").is_some() && times > 0 {
                    eprintln!("{id}: fastest of {times}: {fastest:?}");
                }
            }
        }
        return;
    }
    let mut g = c.benchmark_group(group);
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(measurement);
    for r in routines {
        g.throughput(Throughput::Bytes(r.bytes as u64));
        g.bench_function(BenchmarkId::new(r.function, r.implementation), |b| {
            b.iter(|| (r.run)())
        });
    }
    g.finish();
}
