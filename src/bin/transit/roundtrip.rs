//! `transit roundtrip`.

use std::io::{self, Write};

use clap::ValueEnum;
use transit_format::{Deserializer, Value};

#[derive(clap::Args)]
pub struct Args {
    /// `json` (compact, cached) or `json-verbose`.
    #[arg(value_enum)]
    mode: Mode,
    /// How deeply values may nest (an array, a map, a set, a list or another
    /// tagged value is one level each); deeper input is an error.
    #[arg(long, value_name = "LEVELS", default_value_t = transit_format::de::DEFAULT_MAX_DEPTH)]
    max_depth: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    Json,
    JsonVerbose,
}

pub fn run(args: Args) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let mut de = Deserializer::from_reader(io::stdin().lock());
    de.set_max_depth(args.max_depth);
    for value in de.into_iter::<Value>() {
        let value = value?;
        match args.mode {
            Mode::Json => transit_format::to_writer(&mut out, &value)?,
            Mode::JsonVerbose => transit_format::to_writer_verbose(&mut out, &value)?,
        }
        out.flush()?;
    }
    Ok(())
}
