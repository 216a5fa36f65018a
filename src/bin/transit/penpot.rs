//! `transit penpot outline`.

use std::io::{self, BufWriter};
use std::path::PathBuf;

use transit_format::penpot::{self, Fragment, OutlineFormat};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Print each page of a `get-file` response and its shapes as a tree.
    Outline {
        /// The `get-file` response (compact or verbose Transit).
        file: PathBuf,
        /// A `get-file-fragment` response to put in place of its pointer
        /// (repeatable); pages still pointers are listed as not loaded.
        #[arg(long = "fragment", value_name = "FRAGMENT")]
        fragments: Vec<PathBuf>,
        /// One JSON object a line (page, id, parent, kind, name, depth).
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args) -> io::Result<()> {
    match args.command {
        Command::Outline {
            file,
            fragments,
            json,
        } => outline(file, fragments, json),
    }
}

/// Reads the file, attaches the fragments in order, and writes the outline;
/// inconsistencies found in the pages are warnings on standard error.
fn outline(file: PathBuf, fragments: Vec<PathBuf>, json: bool) -> io::Result<()> {
    let named = |path: &PathBuf, err: io::Error| {
        io::Error::new(err.kind(), format!("{}: {err}", path.display()))
    };
    let read = |path: &PathBuf| std::fs::read(path).map_err(|err| named(path, err));
    let mut model =
        penpot::File::from_slice(&read(&file)?).map_err(|err| named(&file, err.into()))?;
    for path in &fragments {
        let fragment = Fragment::from_slice(&read(path)?).map_err(|err| named(path, err.into()))?;
        model
            .attach(fragment)
            .map_err(|err| named(path, err.into()))?;
    }
    let format = if json {
        OutlineFormat::Json
    } else {
        OutlineFormat::Text
    };
    let problems = penpot::write_outline(&model, format, BufWriter::new(io::stdout().lock()))?;
    for (page, problem) in problems {
        eprintln!("transit: warning: page {page}: {problem}");
    }
    Ok(())
}
