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
    /// tagged value is one level each); deeper input is an error.
    #[arg(long, value_name = "LEVELS", default_value_t = transit_format::de::DEFAULT_MAX_DEPTH)]
    max_depth: usize,
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
    let mut out = crate::create(args.output.as_deref(), binary)?;
    let from = match args.from {
        None => convert::Input::Detect,
        Some(From::Json) => convert::Input::Json,
        Some(From::Msgpack) => convert::Input::Msgpack,
    };
    for path in crate::inputs(args.files) {
        let input = crate::open(&path)?;
        convert::convert_from(input, from, args.max_depth, &mut out, format)
            .map_err(|err| crate::in_file(&path, err))?;
    }
    out.flush()
}
