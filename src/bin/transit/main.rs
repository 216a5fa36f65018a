//! `transit`: convert Transit between its encodings and EDN, re-encode and
//! receive Penpot webhooks, outline Penpot files, and serve as a round-trip peer
//! for transit-format's verification harness.
//!
//! Each subcommand lives in its own module with an `Args` struct (clap) and a
//! `run(Args) -> io::Result<()>` function. To add one: write `src/bin/transit/NAME.rs`
//! in that shape, declare it below with `mod NAME;`, add a variant to [`Command`]
//! whose doc comment is the command's help, and one arm to the `match` in `main`.

mod bench;
mod convert;
mod gen;
mod inspect;
mod penpot;
mod roundtrip;
mod serve;
mod webhook;

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "transit",
    version,
    about = "Read and write Transit (JSON, JSON-Verbose and MessagePack)",
    after_long_help = "\
Files: `-` is standard input, as is no file at all; several input files are read \
in order, as one stream; `-o FILE` writes to FILE instead of standard output.

For transit-format's verification harness (not for everyday use):
  transit roundtrip MODE   read values back to back from standard input and write \
each back at once in MODE (json, json-verbose or msgpack)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a stream of Transit values (JSON, compact or verbose, or MessagePack:
    /// detected) and write each one followed by a newline (MessagePack: back to
    /// back).
    Convert(convert::Args),
    /// Re-encode a Penpot webhook body (either format, detected) for a content type,
    /// or receive Penpot's webhooks (`transit webhook serve`).
    Webhook(webhook::Args),
    /// The verify-harness protocol of transit-format's interop tests: read values
    /// back to back from standard input and write each back at once in the given
    /// mode. Hidden from the command list (`transit --help` names it apart).
    #[command(hide = true)]
    Roundtrip(roundtrip::Args),
    /// Look inside Penpot documents (`transit penpot outline FILE`).
    Penpot(penpot::Args),
    /// Write a seeded stream of random Transit values (every type, nested; strings
    /// that stress escaping and the cache), the same for a seed on every platform:
    /// for fuzzing other implementations.
    Gen(gen::Args),
    /// Measure, on your files, the size of each encoding (compact, verbose,
    /// MessagePack, plain JSON) and this crate's decode and encode speed for each,
    /// with serde_json's on the plain JSON.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    // Misuse prints clap's error with the usage of the command at fault (once) and
    // exits with status 2; `--help` and `--version` exit with 0.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => convert::run(args),
        Command::Webhook(args) => webhook::run(args),
        Command::Roundtrip(args) => roundtrip::run(args),
        Command::Penpot(args) => penpot::run(args),
        Command::Gen(args) => gen::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("transit: {err}");
            ExitCode::from(1)
        }
    }
}

/// Whether `path` stands for standard input or output (`-`).
fn is_std(path: &Path) -> bool {
    path == Path::new("-")
}

/// `err`, prefixed with the file it happened on (its kind kept, so that a broken
/// pipe is still told apart).
fn named(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// A file whose read and write errors name it: opening a directory succeeds, and
/// only reading it fails, with an OS message that does not say what was read.
struct Named<F> {
    file: F,
    path: PathBuf,
}

impl<F: Read> Read for Named<F> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf).map_err(|err| named(&self.path, err))
    }
}

impl<F: Write> Write for Named<F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf).map_err(|err| named(&self.path, err))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(|err| named(&self.path, err))
    }
}

/// The named file, or standard input for `-`.
fn open(path: &Path) -> io::Result<Box<dyn Read>> {
    if is_std(path) {
        return Ok(Box::new(io::stdin().lock()));
    }
    let file = File::open(path).map_err(|err| named(path, err))?;
    Ok(Box::new(Named {
        file,
        path: path.to_owned(),
    }))
}

/// The input files of a command, in order: standard input when there are none.
fn inputs(files: Vec<PathBuf>) -> Vec<PathBuf> {
    if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files
    }
}

/// An error found in the data read from `path`, named after it (standard input
/// is not named). I/O errors already name their file.
fn in_file(path: &Path, err: transit_format::Error) -> io::Error {
    if err.is_io() || is_std(path) {
        err.into()
    } else {
        named(path, err.into())
    }
}

/// Where a command writes: `-o FILE` (created, or truncated), or standard output
/// (no `-o`, or `-o -`). Binary output (`binary` names it) is refused on a
/// terminal.
fn create(output: Option<&Path>, binary: Option<&str>) -> io::Result<Box<dyn Write>> {
    match output.filter(|path| !is_std(path)) {
        Some(path) => {
            let file = File::create(path).map_err(|err| named(path, err))?;
            Ok(Box::new(BufWriter::new(Named {
                file,
                path: path.to_owned(),
            })))
        }
        None => {
            if let Some(what) = binary {
                refuse_binary_to_terminal(what)?;
            }
            Ok(Box::new(BufWriter::new(io::stdout().lock())))
        }
    }
}

/// Binary output is not for a terminal: an error with a hint instead of bytes
/// that garble it.
fn refuse_binary_to_terminal(what: &str) -> io::Result<()> {
    if io::stdout().is_terminal() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{what} writes binary MessagePack, which a terminal cannot show: \
                 redirect it to a file or a pipe (`-o out.mp`, `> out.mp`, `| xxd`)"
            ),
        ));
    }
    Ok(())
}
