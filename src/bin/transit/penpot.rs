//! `transit penpot outline`.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

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
        /// The `get-file` response (compact or verbose Transit); `-` is standard input.
        file: PathBuf,
        /// A `get-file-fragment` response to put in place of its pointer
        /// (repeatable); pages still pointers are listed as not loaded.
        #[arg(long = "fragment", value_name = "FRAGMENT")]
        fragments: Vec<PathBuf>,
        /// One JSON object a line (page, id, parent, kind, name, depth).
        #[arg(long)]
        json: bool,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> io::Result<()> {
    match args.command {
        Command::Outline {
            file,
            fragments,
            json,
            output,
        } => outline(&file, &fragments, json, output.as_deref()),
    }
}

/// Reads the file, attaches the fragments in order, and writes the outline;
/// inconsistencies found in the pages are warnings on standard error.
fn outline(
    file: &Path,
    fragments: &[PathBuf],
    json: bool,
    output: Option<&Path>,
) -> io::Result<()> {
    let read = |path: &Path| {
        let mut bytes = Vec::new();
        crate::open(path)?.read_to_end(&mut bytes)?;
        Ok::<_, io::Error>(bytes)
    };
    let mut out = crate::create(output, None)?;
    let mut model =
        penpot::File::from_slice(&read(file)?).map_err(|err| crate::in_file(file, err))?;
    for path in fragments {
        let fragment =
            Fragment::from_slice(&read(path)?).map_err(|err| crate::in_file(path, err))?;
        model
            .attach(fragment)
            .map_err(|err| crate::in_file(path, err))?;
    }
    let format = if json {
        OutlineFormat::Json
    } else {
        OutlineFormat::Text
    };
    let problems = penpot::write_outline(&model, format, &mut out)?;
    out.flush()?;
    for (page, problem) in problems {
        eprintln!("transit: warning: page {page}: {problem}");
    }
    Ok(())
}
