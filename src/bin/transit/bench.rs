//! `transit bench`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use transit_format::{Deserializer, Value};

#[derive(clap::Args)]
pub struct Args {
    /// Files of Transit values (JSON, compact or verbose, or MessagePack: told apart
    /// by the first byte), one value or several back to back.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Timed runs of each measurement; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: u32,
    /// One value per line: each value read and written by a call of its own (as a
    /// service handling one message at a time does), instead of the whole file in
    /// one call.
    #[arg(long)]
    lines: bool,
    /// One JSON object per file on standard output instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Json,
    Verbose,
    Msgpack,
    PlainJson,
}

const ENCODINGS: [Encoding; 4] = [
    Encoding::Json,
    Encoding::Verbose,
    Encoding::Msgpack,
    Encoding::PlainJson,
];

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Json => "json",
            Encoding::Verbose => "verbose",
            Encoding::Msgpack => "msgpack",
            Encoding::PlainJson => "plain-json",
        }
    }

    fn encode(self, value: &Value) -> io::Result<Vec<u8>> {
        Ok(match self {
            Encoding::Json => transit_format::to_vec(value)?,
            Encoding::Verbose => transit_format::to_vec_verbose(value)?,
            Encoding::Msgpack => transit_format::to_msgpack_vec(value)?,
            Encoding::PlainJson => serde_json::to_vec(&value.to_json())?,
        })
    }

    /// Plain JSON is not Transit (`"~:a"` and `"^0"` are plain strings there): this
    /// crate reads it as serde_json's `Value` converted to a `Value`.
    fn decode(self, bytes: &[u8]) -> io::Result<Value> {
        Ok(match self {
            Encoding::Msgpack => transit_format::from_msgpack_slice(bytes)?,
            Encoding::PlainJson => Value::from(serde_json::from_slice::<serde_json::Value>(bytes)?),
            _ => transit_format::from_slice(bytes)?,
        })
    }

    /// Every value of a whole-file buffer, in one call.
    fn decode_all(self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Encoding::Msgpack => {
                count(Deserializer::from_msgpack_slice(bytes).into_iter::<Value>())
            }
            Encoding::PlainJson => count(
                serde_json::Deserializer::from_slice(bytes)
                    .into_iter::<serde_json::Value>()
                    .map(|json| json.map(Value::from)),
            ),
            _ => count(Deserializer::from_slice(bytes).into_iter::<Value>()),
        }
    }

    fn encode_all(self, values: &[Value], out: &mut Vec<u8>) -> io::Result<()> {
        for value in values {
            match self {
                Encoding::Json => transit_format::to_writer(&mut *out, value)?,
                Encoding::Verbose => transit_format::to_writer_verbose(&mut *out, value)?,
                Encoding::Msgpack => transit_format::to_msgpack_writer(&mut *out, value)?,
                Encoding::PlainJson => serde_json::to_writer(&mut *out, &value.to_json())?,
            }
            if self != Encoding::Msgpack {
                out.push(b'\n');
            }
        }
        Ok(())
    }
}

/// One encoding of one file: its size, and MB/s (10^6 bytes of that encoding per
/// second, medians).
struct Row {
    encoding: Encoding,
    bytes: usize,
    decode: f64,
    encode: f64,
    /// serde_json's decode and encode of the same plain JSON.
    serde_json: Option<(f64, f64)>,
}

/// The median time of `runs` runs of `f`, with a tick of the progress bar each.
fn median(
    runs: u32,
    bar: &Progress,
    mut f: impl FnMut() -> io::Result<()>,
) -> io::Result<Duration> {
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        f()?;
        times.push(started.elapsed());
        bar.tick();
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64().max(1e-9) / 1e6
}

/// A progress bar on standard error, shown once the work has taken a second and
/// only on a terminal.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: std::cell::Cell<bool>,
}

impl Progress {
    fn new(steps: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(steps), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg:30} {wide_bar} {pos}/{len} runs") {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            shown: std::cell::Cell::new(false),
        }
    }

    fn tick(&self) {
        if !self.shown.get()
            && self.started.elapsed() > Duration::from_secs(1)
            && io::stderr().is_terminal()
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown.set(true);
        }
        self.bar.inc(1);
    }
}

fn read_values(bytes: &[u8]) -> io::Result<Vec<Value>> {
    let values: Result<Vec<Value>, transit_format::Error> =
        if bytes.first().is_some_and(|b| *b >= 0x80) {
            Deserializer::from_msgpack_slice(bytes)
                .into_iter::<Value>()
                .collect()
        } else {
            Deserializer::from_slice(bytes)
                .into_iter::<Value>()
                .collect()
        };
    Ok(values?)
}

/// Reads every value of a stream, dropping each.
fn count<E: Into<io::Error>>(values: impl Iterator<Item = Result<Value, E>>) -> io::Result<usize> {
    let mut n = 0;
    for value in values {
        value.map_err(Into::into)?;
        n += 1;
    }
    Ok(n)
}

fn bench_file(values: &[Value], args: &Args, bar: &Progress) -> io::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for encoding in ENCODINGS {
        bar.bar.set_message(encoding.name());
        let encoded: Vec<Vec<u8>> = values
            .iter()
            .map(|v| encoding.encode(v))
            .collect::<io::Result<_>>()?;
        let mut whole = Vec::new();
        encoding.encode_all(values, &mut whole)?;
        let bytes = whole.len();
        let (decode, encode) = if args.lines {
            let decode = median(args.runs, bar, || {
                for e in &encoded {
                    encoding.decode(e)?;
                }
                Ok(())
            })?;
            let encode = median(args.runs, bar, || {
                for v in values {
                    encoding.encode(v)?;
                }
                Ok(())
            })?;
            (decode, encode)
        } else {
            let decode = median(args.runs, bar, || encoding.decode_all(&whole).map(drop))?;
            let mut out = Vec::with_capacity(bytes);
            let encode = median(args.runs, bar, || {
                out.clear();
                encoding.encode_all(values, &mut out)
            })?;
            (decode, encode)
        };
        let serde_json = if encoding == Encoding::PlainJson {
            let json: Vec<serde_json::Value> = values.iter().map(Value::to_json).collect();
            let (decode, encode) = if args.lines {
                let decode = median(args.runs, bar, || {
                    for e in &encoded {
                        serde_json::from_slice::<serde_json::Value>(e)?;
                    }
                    Ok(())
                })?;
                let encode = median(args.runs, bar, || {
                    for j in &json {
                        serde_json::to_vec(j)?;
                    }
                    Ok(())
                })?;
                (decode, encode)
            } else {
                let decode = median(args.runs, bar, || {
                    for v in serde_json::Deserializer::from_slice(&whole)
                        .into_iter::<serde_json::Value>()
                    {
                        v?;
                    }
                    Ok(())
                })?;
                let mut out = Vec::with_capacity(bytes);
                let encode = median(args.runs, bar, || {
                    out.clear();
                    for j in &json {
                        serde_json::to_writer(&mut out, j)?;
                        out.push(b'\n');
                    }
                    Ok(())
                })?;
                (decode, encode)
            };
            Some((mb_per_s(bytes, decode), mb_per_s(bytes, encode)))
        } else {
            None
        };
        rows.push(Row {
            encoding,
            bytes,
            decode: mb_per_s(bytes, decode),
            encode: mb_per_s(bytes, encode),
            serde_json,
        });
    }
    Ok(rows)
}

pub fn run(args: Args) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for path in &args.files {
        let bytes = std::fs::read(path)
            .map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", path.display())))?;
        let values = read_values(&bytes)
            .map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", path.display())))?;
        let steps = u64::from(args.runs.max(1)) * 10;
        let bar = Progress::new(steps);
        let rows = bench_file(&values, &args, &bar)?;
        bar.bar.finish_and_clear();
        let mode = if args.lines { "lines" } else { "whole" };
        if args.json {
            let encodings: serde_json::Map<String, serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut o = serde_json::json!({
                        "bytes": r.bytes,
                        "decode_mb_s": r.decode,
                        "encode_mb_s": r.encode,
                    });
                    if let Some((d, e)) = r.serde_json {
                        o["serde_json_decode_mb_s"] = d.into();
                        o["serde_json_encode_mb_s"] = e.into();
                    }
                    (r.encoding.name().to_owned(), o)
                })
                .collect();
            let line = serde_json::json!({
                "file": path.display().to_string(),
                "values": values.len(),
                "mode": mode,
                "runs": args.runs.max(1),
                "encodings": encodings,
            });
            writeln!(out, "{line}")?;
            continue;
        }
        let compact = rows[0].bytes.max(1);
        writeln!(
            out,
            "{}: {} values, {}, median of {} runs",
            path.display(),
            values.len(),
            if args.lines {
                "a call per value"
            } else {
                "the whole file in one call"
            },
            args.runs.max(1)
        )?;
        writeln!(
            out,
            "{:<12} {:>12} {:>8} {:>12} {:>12}",
            "encoding", "bytes", "vs json", "decode MB/s", "encode MB/s"
        )?;
        for r in &rows {
            writeln!(
                out,
                "{:<12} {:>12} {:>8.2} {:>12.1} {:>12.1}",
                r.encoding.name(),
                r.bytes,
                r.bytes as f64 / compact as f64,
                r.decode,
                r.encode
            )?;
            if let Some((d, e)) = r.serde_json {
                writeln!(
                    out,
                    "{:<12} {:>12} {:>8} {:>12.1} {:>12.1}",
                    "  serde_json", "", "", d, e
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
