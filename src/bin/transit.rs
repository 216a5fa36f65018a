//! `transit`: convert Transit between its JSON modes and EDN, and serve as a
//! round-trip peer for transit-format's verification harness.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use transit_format::convert;
use transit_format::webhook::{ContentType, Event};
use transit_format::{Deserializer, Value};

#[derive(Parser)]
#[command(
    name = "transit",
    version,
    about = "Read and write Transit (JSON and JSON-Verbose)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a stream of Transit values (compact or verbose, detected) and write each
    /// one followed by a newline.
    Convert {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        to: Format,
        /// Input file; standard input when absent.
        file: Option<PathBuf>,
    },
    /// Re-encode a Penpot webhook body (either format, detected) for a content type.
    Webhook {
        /// The content type to write.
        #[arg(long, value_enum)]
        to: BodyType,
        /// Input file; standard input when absent.
        file: Option<PathBuf>,
    },
    /// transit-format's round-trip protocol: read values back to back from standard
    /// input and write each back at once in the given mode.
    Roundtrip {
        /// `json` (compact, cached) or `json-verbose`.
        #[arg(value_enum)]
        mode: Mode,
    },
    /// Look inside Penpot documents.
    Penpot {
        #[command(subcommand)]
        command: PenpotCommand,
    },
}

#[derive(Subcommand)]
enum PenpotCommand {
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

#[derive(Clone, Copy, ValueEnum)]
enum BodyType {
    #[value(name = "application/json")]
    Json,
    #[value(name = "application/transit+json")]
    TransitJson,
}

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    Json,
    JsonVerbose,
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
        Command::Convert { to, file } => convert(to, file),
        Command::Webhook { to, file } => webhook(to, file),
        Command::Roundtrip { mode } => roundtrip(mode),
        Command::Penpot {
            command:
                PenpotCommand::Outline {
                    file,
                    fragments,
                    json,
                },
        } => penpot_outline(file, fragments, json),
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

fn open(file: Option<PathBuf>) -> io::Result<Box<dyn Read>> {
    Ok(match file {
        Some(path) => Box::new(
            File::open(&path)
                .map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", path.display())))?,
        ),
        None => Box::new(io::stdin().lock()),
    })
}

/// Streams: each value is read, written and dropped before the next is read, so
/// memory stays bounded by the largest single value.
fn convert(to: Format, file: Option<PathBuf>) -> io::Result<()> {
    let input = open(file)?;
    let out = BufWriter::new(io::stdout().lock());
    let format = match to {
        Format::Json => convert::Format::Json,
        Format::Verbose => convert::Format::Verbose,
        Format::Edn => convert::Format::Edn,
        Format::PlainJson => convert::Format::PlainJson,
    };
    convert::convert(input, out, format)?;
    Ok(())
}

fn webhook(to: BodyType, file: Option<PathBuf>) -> io::Result<()> {
    let mut body = Vec::new();
    open(file)?.read_to_end(&mut body)?;
    let from = ContentType::detect(&body);
    let event = Event::decode(&body, from.as_str())?;
    let to = match to {
        BodyType::Json => ContentType::Json,
        BodyType::TransitJson => ContentType::TransitJson,
    };
    let mut out = io::stdout().lock();
    out.write_all(&event.encode(to)?)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn roundtrip(mode: Mode) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for value in Deserializer::from_reader(io::stdin().lock()).into_iter::<Value>() {
        let value = value?;
        match mode {
            Mode::Json => transit_format::to_writer(&mut out, &value)?,
            Mode::JsonVerbose => transit_format::to_writer_verbose(&mut out, &value)?,
        }
        out.flush()?;
    }
    Ok(())
}

/// Reads the file, attaches the fragments in order, and writes the outline;
/// inconsistencies found in the pages are warnings on standard error.
fn penpot_outline(file: PathBuf, fragments: Vec<PathBuf>, json: bool) -> io::Result<()> {
    use transit_format::penpot::{self, Fragment, OutlineFormat};
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
