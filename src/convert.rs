//! Stream conversion between Transit's JSON modes, EDN and plain JSON: the work
//! behind `transit convert`, usable from code.

use std::io::{Read, Write};

use crate::error::{Error, Result};
use crate::value::Value;
use crate::Deserializer;

/// What [`convert`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Transit JSON (compact, with the cache).
    Json,
    /// Transit JSON-Verbose.
    Verbose,
    /// EDN, pretty-printed.
    Edn,
    /// The JSON of Penpot's `application/json` webhook bodies (camelCase keys,
    /// plain strings for uuids and keywords, ISO-8601 instants).
    #[cfg(feature = "penpot")]
    PlainJson,
}

/// Reads a stream of Transit values (compact or verbose, each detected) from
/// `input` and writes each one to `output` in `format`, followed by a newline.
///
/// One value is held in memory at a time, so memory stays bounded by the largest
/// single value however long the stream. Returns the number of values written.
///
/// # Errors
///
/// The first malformed value (with its line and column), a value the format
/// cannot hold (NaN in plain JSON), and I/O errors. Values before it have been
/// written.
///
/// # Example
///
/// ```
/// use transit_format::convert::{convert, Format};
/// let mut out = Vec::new();
/// let n = convert(&br#"["^ ","~:a",1] ["~#'","~:b"]"#[..], &mut out, Format::Edn).unwrap();
/// assert_eq!((n, String::from_utf8(out).unwrap()), (2, "{:a 1}\n:b\n".to_owned()));
/// ```
pub fn convert<R: Read, W: Write>(input: R, output: W, format: Format) -> Result<usize> {
    convert_from(Deserializer::from_reader(input), output, format)
}

/// [`convert`] from a deserializer set up by the caller (its depth and input
/// limits, its read handlers).
///
/// # Errors
///
/// As [`convert`].
///
/// # Example
///
/// ```
/// use transit_format::{convert::{convert_from, Format}, Deserializer};
/// let mut de = Deserializer::from_reader(&b"[[1]] [[[1]]]"[..]);
/// de.set_max_depth(2);
/// let mut out = Vec::new();
/// let err = convert_from(de, &mut out, Format::Json).unwrap_err();
/// assert_eq!(err.to_string(), "recursion limit exceeded at line 1 column 9");
/// assert_eq!(out, b"[[1]]\n");
/// ```
pub fn convert_from<R: Read, W: Write>(
    de: Deserializer<crate::de::IoRead<R>>,
    mut output: W,
    format: Format,
) -> Result<usize> {
    let mut count = 0;
    for value in de.into_iter::<Value>() {
        let value = value?;
        match format {
            Format::Json => crate::to_writer(&mut output, &value)?,
            Format::Verbose => crate::to_writer_verbose(&mut output, &value)?,
            Format::Edn => write!(output, "{value:#}").map_err(Error::io)?,
            #[cfg(feature = "penpot")]
            Format::PlainJson => output
                .write_all(crate::webhook::to_plain_json(&value)?.as_bytes())
                .map_err(Error::io)?,
        }
        output.write_all(b"\n").map_err(Error::io)?;
        count += 1;
    }
    output.flush().map_err(Error::io)?;
    Ok(count)
}
