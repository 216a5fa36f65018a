//! `transit webhook`: re-encode one body, or `serve` to receive them.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use transit_format::convert::{self, LimitedWriter};
use transit_format::webhook::{write_plain_json, ContentType, Event};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<WebhookCommand>,
    /// The content type to write.
    #[arg(long, value_enum, required = true)]
    to: Option<BodyType>,
    /// Bytes of output allowed per byte of the body (plus 64 KiB), as for
    /// `transit convert`: past it, an error (exit 1).
    #[arg(long, value_name = "BYTES", default_value_t = convert::DEFAULT_MAX_EXPANSION)]
    max_expansion: u64,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Webhook bodies, one a file, each written as one line, in order; `-` or
    /// none is standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum WebhookCommand {
    /// Receive Penpot's webhooks over HTTP and append each event as one line to a
    /// file or standard output, acknowledging it (204) only once it is on disk.
    ///
    /// Penpot POSTs events with `user-agent: penpot/<major>.<minor>` (`penpot/2.17`);
    /// its HEAD check of the URL, when a webhook is created or its URL changes,
    /// has no Penpot user agent and is answered 204.
    Serve(crate::serve::Args),
}

#[derive(Clone, Copy, ValueEnum)]
enum BodyType {
    /// Penpot's `application/json` bodies.
    #[value(name = "json", alias = "application/json")]
    Json,
    /// `application/transit+json`.
    #[value(name = "transit", alias = "application/transit+json")]
    TransitJson,
}

pub fn run(args: Args) -> io::Result<()> {
    if let Some(WebhookCommand::Serve(serve)) = args.command {
        return crate::serve::run(serve);
    }
    let to = match args.to {
        Some(BodyType::Json) => ContentType::Json,
        Some(BodyType::TransitJson) | None => ContentType::TransitJson,
    };
    let mut out = crate::create(args.output.as_deref(), None)?;
    for path in crate::inputs(args.files) {
        let mut body = Vec::new();
        crate::open(&path)?.read_to_end(&mut body)?;
        let from = ContentType::detect(&body);
        let event =
            Event::decode(&body, from.as_str()).map_err(|err| crate::in_file(&path, err))?;
        // Written as it is made, and bounded: a body of cache codes for one long
        // keyword would otherwise expand to gigabytes in memory.
        let limit = convert::expansion_limit(body.len() as u64, args.max_expansion);
        let mut limited = LimitedWriter::new(&mut out, limit);
        let value = event.to_value();
        let written = match to {
            ContentType::Json => write_plain_json(&mut limited, &value, true),
            ContentType::TransitJson => transit_format::to_writer(&mut limited, &value),
        };
        if limited.exceeded() {
            return Err(io::Error::other(format!(
                "the output passed {} × the body ({limit} bytes): raise --max-expansion to write it",
                args.max_expansion
            )));
        }
        written.map_err(|err| crate::in_file(&path, err))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
