//! `transit convert`.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use transit_format::convert;

#[derive(clap::Args)]
pub struct Args {
    /// Input encoding; by default told apart by the first byte (MessagePack
    /// starts with a byte of 0x80 or above, JSON with an ASCII character).
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    to: Format,
    /// How deeply values may nest (an array, a map, a set, a list or another
    /// tagged value is one level each); deeper input is an error. At most
    /// 10000: reading and writing take stack in proportion.
    #[arg(
        long,
        value_name = "LEVELS",
        default_value_t = transit_format::de::DEFAULT_MAX_DEPTH,
        value_parser = max_depth_parser()
    )]
    max_depth: usize,
    /// Bytes of output allowed per byte of input (plus 64 KiB): Transit's cache
    /// lets a few bytes stand for a long keyword already seen, so a small input
    /// can expand to gigabytes in EDN, plain JSON or JSON-Verbose. Past it the
    /// conversion stops with an error (exit 1).
    #[arg(long, value_name = "BYTES", default_value_t = convert::DEFAULT_MAX_EXPANSION)]
    max_expansion: u64,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Input files, read in order as one stream (each file's encoding told apart
    /// on its own); `-` or none is standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum From {
    /// Transit JSON, compact or verbose.
    Json,
    /// Transit MessagePack.
    Msgpack,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Transit JSON (compact, with the cache).
    Json,
    /// Transit JSON-Verbose.
    Verbose,
    /// Transit MessagePack, values back to back (binary: not to a terminal).
    Msgpack,
    /// EDN, pretty-printed.
    Edn,
    /// The JSON of Penpot's `application/json` webhook bodies: camelCase keys,
    /// plain strings for uuids and keywords, ISO-8601 instants.
    PlainJson,
}

/// The largest `--max-depth` accepted: the reader, the writers and dropping a
/// value each recurse once per level, and [`DEEP_STACK`] holds this many levels
/// of the deepest of them with room to spare (an unoptimised build takes a few
/// kilobytes a level).
pub const MAX_DEPTH: usize = 10_000;

/// The stack the work of `convert` and `roundtrip` runs on: reserved, and only
/// used as deep input needs it.
const DEEP_STACK: usize = 512 << 20;

/// `--max-depth`: from 1 to [`MAX_DEPTH`].
pub fn max_depth_parser() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_DEPTH as u64)
}

/// Runs `work` on a thread with [`DEEP_STACK`] of stack, so that input as deep
/// as [`MAX_DEPTH`] ends in a value or an error, never in a stack overflow.
pub fn on_deep_stack(work: impl FnOnce() -> io::Result<()> + Send + 'static) -> io::Result<()> {
    std::thread::Builder::new()
        .name("convert".into())
        .stack_size(DEEP_STACK)
        .spawn(work)?
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("the conversion panicked")))
}

/// Streams: each value is read, written and dropped before the next is read, so
/// memory stays bounded by the largest single value.
pub fn run(args: Args) -> io::Result<()> {
    let format = match args.to {
        Format::Json => convert::Format::Json,
        Format::Verbose => convert::Format::Verbose,
        Format::Msgpack => convert::Format::Msgpack,
        Format::Edn => convert::Format::Edn,
        Format::PlainJson => convert::Format::PlainJson,
    };
    let binary = (format == convert::Format::Msgpack).then_some("--to msgpack");
    let from = match args.from {
        None => convert::Input::Detect,
        Some(From::Json) => convert::Input::Json,
        Some(From::Msgpack) => convert::Input::Msgpack,
    };
    let options = convert::Options::default()
        .from(from)
        .max_depth(args.max_depth)
        .max_expansion(args.max_expansion);
    let (files, output) = (args.files, args.output);
    on_deep_stack(move || {
        let mut out = crate::create(output.as_deref(), binary)?;
        for path in crate::inputs(files) {
            let input = crate::open(&path)?;
            convert::convert_with(input, &mut out, format, options)
                .map_err(|err| crate::in_file(&path, err))?;
        }
        out.flush()
    })
}
