//! `transit convert`.

use std::io::{self, BufWriter};
use std::path::PathBuf;

use clap::ValueEnum;
use transit_format::{convert, Deserializer};

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    to: Format,
    /// How deeply values may nest (an array, a map, a set, a list or another
    /// tagged value is one level each); deeper input is an error.
    #[arg(long, value_name = "LEVELS", default_value_t = transit_format::de::DEFAULT_MAX_DEPTH)]
    max_depth: usize,
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
    let mut de = Deserializer::from_reader(input);
    de.set_max_depth(args.max_depth);
    convert::convert_from(de, out, format)?;
    Ok(())
}
