//! `transit roundtrip`.

use std::io::{self, Write};

use clap::ValueEnum;
use transit_format::{Deserializer, Value};

#[derive(clap::Args)]
pub struct Args {
    /// `json` (compact, cached), `json-verbose` or `msgpack`.
    #[arg(value_enum)]
    mode: Mode,
    /// How deeply values may nest (an array, a map, a set, a list or another
    /// tagged value is one level each); deeper input is an error. At most 10000.
    #[arg(
        long,
        value_name = "LEVELS",
        default_value_t = transit_format::de::DEFAULT_MAX_DEPTH,
        value_parser = crate::convert::max_depth_parser()
    )]
    max_depth: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    Json,
    JsonVerbose,
    /// Transit MessagePack: values back to back in, and out (not to a terminal).
    Msgpack,
}

pub fn run(args: Args) -> io::Result<()> {
    crate::convert::on_deep_stack(move || roundtrip(args))
}

fn roundtrip(args: Args) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let verbose = match args.mode {
        Mode::Msgpack => {
            crate::refuse_binary_to_terminal("roundtrip msgpack")?;
            let mut de = Deserializer::from_msgpack_reader(io::stdin().lock());
            de.set_max_depth(args.max_depth);
            for value in de.into_iter::<Value>() {
                transit_format::to_msgpack_writer(&mut out, &value?)?;
                out.flush()?;
            }
            return Ok(());
        }
        Mode::Json => false,
        Mode::JsonVerbose => true,
    };
    let mut de = Deserializer::from_reader(io::stdin().lock());
    de.set_max_depth(args.max_depth);
    for value in de.into_iter::<Value>() {
        let value = value?;
        if verbose {
            transit_format::to_writer_verbose(&mut out, &value)?;
        } else {
            transit_format::to_writer(&mut out, &value)?;
        }
        out.flush()?;
    }
    Ok(())
}
