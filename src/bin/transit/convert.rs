//! `transit convert`.

use std::io::{self, BufWriter};
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
    /// Bytes of output allowed per byte of input (plus 64 KiB): Transit's cache
    /// lets a few bytes stand for a long keyword already seen, so a small input
    /// can expand to gigabytes in EDN, plain JSON or JSON-Verbose. Past it the
    /// conversion stops with an error (exit 1).
    #[arg(long, value_name = "BYTES", default_value_t = convert::DEFAULT_MAX_EXPANSION)]
    max_expansion: u64,
    /// Input file; standard input when absent.
    file: Option<PathBuf>,
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
    if format == convert::Format::Msgpack {
        crate::refuse_binary_to_terminal("--to msgpack")?;
    }
    let from = match args.from {
        None => convert::Input::Detect,
        Some(From::Json) => convert::Input::Json,
        Some(From::Msgpack) => convert::Input::Msgpack,
    };
    let input = crate::open(args.file)?;
    let out = BufWriter::new(io::stdout().lock());
    let options = convert::Options::default()
        .from(from)
        .max_depth(args.max_depth)
        .max_expansion(args.max_expansion);
    convert::convert_with(input, out, format, options)?;
    Ok(())
}
