//! `transit gen`.

use std::io::{self, BufWriter, Write};

use clap::ValueEnum;
use transit_format::generate::{Kinds, Options};

#[derive(clap::Args)]
pub struct Args {
    /// The seed: a seed and the other options give the same values, byte for byte,
    /// on every platform.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// How many values to write.
    #[arg(long, default_value_t = 100)]
    count: u64,
    /// `json` (compact, cached) or `verbose`: one value per line; `msgpack`: values
    /// back to back (not to a terminal).
    #[arg(long, value_enum, default_value = "json")]
    to: To,
    /// How deeply collections nest (0: scalars only).
    #[arg(long, value_name = "LEVELS", default_value_t = Options::new().depth())]
    max_depth: u32,
    /// The kinds of value to make, separated by commas: null, bool, integer,
    /// big-int, float, big-decimal, string, keyword, symbol, bytes, uuid, instant,
    /// uri, char, array, list, set, map, link, tagged; or all, scalars,
    /// collections.
    #[arg(long, value_name = "KINDS", default_value = "all", value_parser = parse_kinds)]
    kinds: Kinds,
}

#[derive(Clone, Copy, ValueEnum)]
enum To {
    Json,
    Verbose,
    Msgpack,
}

fn parse_kinds(text: &str) -> Result<Kinds, String> {
    let kinds: Kinds = text.parse().map_err(|e| format!("{e}"))?;
    if kinds.is_empty() {
        return Err("no kind given".into());
    }
    Ok(kinds)
}

pub fn run(args: Args) -> io::Result<()> {
    if matches!(args.to, To::Msgpack) {
        crate::refuse_binary_to_terminal("gen --to msgpack")?;
    }
    let options = Options::new().max_depth(args.max_depth).kinds(args.kinds);
    let mut out = BufWriter::new(io::stdout().lock());
    for value in options
        .values(args.seed)
        .take(usize::try_from(args.count).unwrap_or(usize::MAX))
    {
        match args.to {
            To::Json => {
                transit_format::to_writer(&mut out, &value)?;
                out.write_all(b"\n")?;
            }
            To::Verbose => {
                transit_format::to_writer_verbose(&mut out, &value)?;
                out.write_all(b"\n")?;
            }
            To::Msgpack => transit_format::to_msgpack_writer(&mut out, &value)?,
        }
    }
    out.flush()
}
