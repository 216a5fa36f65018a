//! `transit convert`.

use std::io::{self, BufWriter};
use std::path::PathBuf;

use clap::ValueEnum;
use transit_format::convert;

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    to: Format,
    /// Input file; standard input when absent.
    file: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Transit JSON (compact, with the cache).
    Json,
    /// Transit JSON-Verbose.
    Verbose,
    /// EDN, pretty-printed.
    Edn,
    /// The JSON of Penpot's `application/json` webhook bodies: camelCase keys,
    /// plain strings for uuids and keywords, ISO-8601 instants.
    PlainJson,
}

/// Streams: each value is read, written and dropped before the next is read, so
/// memory stays bounded by the largest single value.
pub fn run(args: Args) -> io::Result<()> {
    let input = crate::open(args.file)?;
    let out = BufWriter::new(io::stdout().lock());
    let format = match args.to {
        Format::Json => convert::Format::Json,
        Format::Verbose => convert::Format::Verbose,
        Format::Edn => convert::Format::Edn,
        Format::PlainJson => convert::Format::PlainJson,
    };
    convert::convert(input, out, format)?;
    Ok(())
}
