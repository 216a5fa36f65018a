//! Stream conversion between Transit's encodings (JSON, JSON-Verbose,
//! MessagePack), EDN and plain JSON: the work behind `transit convert`, usable
//! from code.

use std::io::{Read, Write};

use crate::de::{Decode, IoRead, DEFAULT_MAX_DEPTH};
use crate::encoding::{Json, Msgpack};
use crate::error::{Error, Looks, Result};
use crate::value::Value;
use crate::Deserializer;

/// What [`convert`] writes.
///
/// `#[non_exhaustive]` because a variant comes with a feature ([`Format::PlainJson`]
/// with `penpot`): a `match` outside this crate needs a `_` arm, so turning the
/// feature on anywhere in a build cannot break a crate that matched every variant.
///
/// ```
/// use transit_format::convert::Format;
///
/// fn extension(format: Format) -> &'static str {
///     match format {
///         Format::Json | Format::Verbose => "json",
///         Format::Msgpack => "mp",
///         Format::Edn => "edn",
///         _ => "txt",
///     }
/// }
/// assert_eq!(extension(Format::Msgpack), "mp");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Transit JSON (compact, with the cache).
    Json,
    /// Transit JSON-Verbose.
    Verbose,
    /// Transit MessagePack, values back to back with nothing between them.
    Msgpack,
    /// EDN, pretty-printed.
    Edn,
    /// The JSON of Penpot's `application/json` webhook bodies (camelCase keys,
    /// plain strings for uuids and keywords, ISO-8601 instants).
    #[cfg(feature = "penpot")]
    #[cfg_attr(docsrs, doc(cfg(feature = "penpot")))]
    PlainJson,
}

/// What [`convert_from`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Told apart by the first byte: Transit MessagePack starts with an array or
    /// map marker (0x80 and above: every top-level Transit value is an array or a
    /// map, a scalar being quoted as `["~#'", x]`), Transit JSON with an ASCII
    /// character.
    Detect,
    /// Transit JSON, compact or verbose (each value detected).
    Json,
    /// Transit MessagePack.
    Msgpack,
}

/// Reads a stream of Transit JSON values (compact or verbose, each detected) or
/// of Transit MessagePack values (told apart by the first byte, see
/// [`Input::Detect`]) from `input` and writes each one to `output` in `format`,
/// followed by a newline (MessagePack values follow each other with nothing
/// between them).
///
/// One value is held in memory at a time, so memory stays bounded by the largest
/// single value however long the stream. Returns the number of values written.
///
/// # Errors
///
/// The first malformed value (with its position), a value the format cannot hold
/// (NaN in plain JSON), and I/O errors. Values before it have been written.
///
/// # Example
///
/// ```
/// use transit_format::convert::{convert, Format};
/// let mut out = Vec::new();
/// let n = convert(&br#"["^ ","~:a",1] ["~#'","~:b"]"#[..], &mut out, Format::Edn).unwrap();
/// assert_eq!((n, String::from_utf8(out).unwrap()), (2, "{:a 1}\n:b\n".to_owned()));
/// let mut mp = Vec::new();
/// convert(&br#"["~#'",1]"#[..], &mut mp, Format::Msgpack).unwrap();
/// assert_eq!(mp, b"\x92\xa3~#'\x01");
/// ```
pub fn convert<R: Read, W: Write>(input: R, output: W, format: Format) -> Result<usize> {
    convert_from(input, Input::Detect, DEFAULT_MAX_DEPTH, output, format)
}

/// [`convert`], with the input's encoding given (or detected) and a limit on how
/// deeply values may nest (see [`Deserializer::set_max_depth`]).
///
/// # Errors
///
/// As [`convert`].
///
/// # Example
///
/// ```
/// use transit_format::convert::{convert_from, Format, Input};
/// let mut out = Vec::new();
/// convert_from(&b"\x92\xa3~#'\xa3~:b"[..], Input::Msgpack, 64, &mut out, Format::Json).unwrap();
/// assert_eq!(out, b"[\"~#'\",\"~:b\"]\n");
///
/// let mut out = Vec::new();
/// let err = convert_from(&b"[[1]] [[[1]]]"[..], Input::Detect, 2, &mut out, Format::Json)
///     .unwrap_err();
/// assert_eq!(err.to_string(), "recursion limit exceeded at line 1 column 9");
/// assert_eq!(out, b"[[1]]\n");
///
/// // JSON text given as MessagePack: refused, not read as one integer a byte.
/// let mut out = Vec::new();
/// let err = convert_from(&b"[1]"[..], Input::Msgpack, 64, &mut out, Format::Edn).unwrap_err();
/// assert!(err.to_string().starts_with("the input looks like JSON text"), "{err}");
/// assert!(out.is_empty());
/// ```
pub fn convert_from<R: Read, W: Write>(
    mut input: R,
    from: Input,
    max_depth: usize,
    output: W,
    format: Format,
) -> Result<usize> {
    let mut first = [0u8; 1];
    let read = loop {
        match input.read(&mut first) {
            Ok(n) => break n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(Error::io(err)),
        }
    };
    let input = std::io::Cursor::new(first).take(read as u64).chain(input);
    let msgpack = match from {
        Input::Detect => read == 1 && first[0] >= 0x80,
        Input::Json => false,
        Input::Msgpack => true,
    };
    // Given the wrong encoding, a stream would not fail: each byte of JSON text is a
    // MessagePack integer. Every top-level Transit value is an array or a map, so
    // the first byte tells the encodings apart (as `Input::Detect` does), and a
    // stream that starts as the other encoding does is refused before anything is
    // written.
    // (An ASCII byte that is neither `[` nor `{` cannot start Transit MessagePack
    // either: it is called text too.)
    if read == 1 {
        let looks = match Looks::of(first[0]) {
            None if first[0] < 0x80 => Some(Looks::JsonText),
            looks => looks,
        };
        if let Some(looks) = looks.filter(|&looks| msgpack != (looks == Looks::Msgpack)) {
            return Err(Error::wrong_encoding(looks, first[0]));
        }
    }
    if msgpack {
        let mut de = Deserializer::from_msgpack_reader(input);
        de.set_max_depth(max_depth);
        each::<_, _, Msgpack>(de, output, format)
    } else {
        let mut de = Deserializer::from_reader(input);
        de.set_max_depth(max_depth);
        each::<_, _, Json>(de, output, format)
    }
}

fn each<R: Read, W: Write, E: Decode>(
    de: Deserializer<IoRead<R>, E>,
    mut output: W,
    format: Format,
) -> Result<usize>
where
    E::Source<IoRead<R>>: crate::token::Source<'static>,
{
    let mut count = 0;
    for value in de.into_iter::<Value>() {
        let value = value?;
        match format {
            Format::Json => crate::to_writer(&mut output, &value)?,
            Format::Verbose => crate::to_writer_verbose(&mut output, &value)?,
            Format::Msgpack => crate::to_msgpack_writer(&mut output, &value)?,
            Format::Edn => write!(output, "{value:#}").map_err(Error::io)?,
            #[cfg(feature = "penpot")]
            Format::PlainJson => output
                .write_all(crate::webhook::to_plain_json(&value)?.as_bytes())
                .map_err(Error::io)?,
        }
        if format != Format::Msgpack {
            output.write_all(b"\n").map_err(Error::io)?;
        }
        count += 1;
    }
    output.flush().map_err(Error::io)?;
    Ok(count)
}
