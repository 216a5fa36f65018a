//! `transit roundtrip`.

use std::io::{self, Write};

use clap::ValueEnum;
use transit_format::{Deserializer, Value};

#[derive(clap::Args)]
pub struct Args {
    /// `json` (compact, cached) or `json-verbose`.
    #[arg(value_enum)]
    mode: Mode,
}

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    Json,
    JsonVerbose,
}

pub fn run(args: Args) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for value in Deserializer::from_reader(io::stdin().lock()).into_iter::<Value>() {
        let value = value?;
        match args.mode {
            Mode::Json => transit_format::to_writer(&mut out, &value)?,
            Mode::JsonVerbose => transit_format::to_writer_verbose(&mut out, &value)?,
        }
        out.flush()?;
    }
    Ok(())
}
