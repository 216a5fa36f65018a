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
mod penpot;
mod roundtrip;
mod serve;
mod webhook;

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "transit",
    version,
    about = "Read and write Transit (JSON, JSON-Verbose and MessagePack)"
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
    /// transit-format's round-trip protocol: read values back to back from standard
    /// input and write each back at once in the given mode.
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` are not misuse.
        Err(err) if !err.use_stderr() => err.exit(),
        Err(err) => {
            // Misuse: the error, then the usage, and exit status 2.
            let _ = err.print();
            let mut usage = <Cli as clap::CommandFactory>::command();
            eprintln!("\n{}", usage.render_usage());
            return ExitCode::from(2);
        }
    };
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

/// The named file, or standard input.
fn open(file: Option<PathBuf>) -> io::Result<Box<dyn Read>> {
    Ok(match file {
        Some(path) => Box::new(
            File::open(&path)
                .map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", path.display())))?,
        ),
        None => Box::new(io::stdin().lock()),
    })
}

/// Binary output is not for a terminal: an error with a hint instead of bytes
/// that garble it.
fn refuse_binary_to_terminal(what: &str) -> io::Result<()> {
    if io::stdout().is_terminal() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{what} writes binary MessagePack, which a terminal cannot show: \
                 redirect it to a file or a pipe (`> out.mp`, `| xxd`)"
            ),
        ));
    }
    Ok(())
}
