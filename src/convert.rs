//! Stream conversion between Transit's encodings (JSON, JSON-Verbose,
//! MessagePack), EDN and plain JSON: the work behind `transit convert`, usable
//! from code.

use std::cell::Cell;
use std::io::{self, Read, Write};
use std::rc::Rc;

use crate::de::{Decode, IoRead, DEFAULT_MAX_DEPTH};
use crate::encoding::{Json, Msgpack};
use crate::error::{Error, Result};
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
/// One value is held in memory at a time and every format is written as it is
/// made, so memory stays bounded by the largest single value however long the
/// stream; the output is bounded by the expansion limit. Returns the number of values written.
///
/// # Errors
///
/// The first malformed value (with its position), a value the format cannot hold
/// (NaN, or two keys of a map with the same text, in plain JSON), output past
/// the expansion limit ([`Options::max_expansion`], by default
/// [`DEFAULT_MAX_EXPANSION`] bytes per byte of input plus
/// [`EXPANSION_ALLOWANCE`]), and I/O errors. Values before it have been
/// written.
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
    convert_with(input, output, format, Options::default())
}

/// How much output each byte of input may produce by default: see
/// [`Options::max_expansion`].
pub const DEFAULT_MAX_EXPANSION: u64 = 32;

/// Output allowed on top of [`Options::max_expansion`] times the input, so that
/// a small value may still be indented: 64 KiB.
pub const EXPANSION_ALLOWANCE: u64 = 1 << 16;

/// The most output allowed for `input` bytes of input at `max_expansion` bytes
/// per byte: `max_expansion × input + EXPANSION_ALLOWANCE`.
///
/// ```
/// assert_eq!(transit_format::convert::expansion_limit(1000, 32), 32_000 + 65_536);
/// ```
pub fn expansion_limit(input: u64, max_expansion: u64) -> u64 {
    input
        .saturating_mul(max_expansion)
        .saturating_add(EXPANSION_ALLOWANCE)
}

/// What [`convert_with`] reads and how far output may grow.
///
/// ```
/// let options = transit_format::convert::Options::default();
/// assert_eq!(options.max_depth, transit_format::de::DEFAULT_MAX_DEPTH);
/// assert_eq!(options.max_expansion, transit_format::convert::DEFAULT_MAX_EXPANSION);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The input's encoding, or [`Input::Detect`].
    pub from: Input,
    /// How deeply values may nest (see [`Deserializer::set_max_depth`]).
    pub max_depth: usize,
    /// Bytes of output allowed per byte of input read so far (plus
    /// [`EXPANSION_ALLOWANCE`]). Transit's cache lets a few bytes of input stand
    /// for a long keyword, symbol, tag or map key already seen: a 1 MB body of
    /// codes for one long keyword expands to gigabytes written out in full (EDN,
    /// plain JSON, JSON-Verbose), and indentation grows with the square of the
    /// nesting. Past the limit, conversion stops with an error.
    pub max_expansion: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: Input::Detect,
            max_depth: DEFAULT_MAX_DEPTH,
            max_expansion: DEFAULT_MAX_EXPANSION,
        }
    }
}

impl Options {
    /// These options reading `from`.
    ///
    /// ```
    /// use transit_format::convert::{Input, Options};
    /// assert_eq!(Options::default().from(Input::Msgpack).from, Input::Msgpack);
    /// ```
    pub fn from(mut self, from: Input) -> Self {
        self.from = from;
        self
    }

    /// These options with another depth limit.
    ///
    /// ```
    /// assert_eq!(transit_format::convert::Options::default().max_depth(3).max_depth, 3);
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// These options with another expansion limit.
    ///
    /// ```
    /// assert_eq!(transit_format::convert::Options::default().max_expansion(100).max_expansion, 100);
    /// ```
    pub fn max_expansion(mut self, max_expansion: u64) -> Self {
        self.max_expansion = max_expansion;
        self
    }
}

/// An `io::Write` that refuses to write past a number of bytes: what keeps one
/// value's output bounded when it is written to memory (a receiver's line) or to
/// a stream.
///
/// ```
/// use std::io::Write;
/// use transit_format::convert::LimitedWriter;
/// let mut out = LimitedWriter::new(Vec::new(), 4);
/// out.write_all(b"abc").unwrap();
/// assert!(out.write_all(b"de").is_err());
/// assert!(out.exceeded());
/// assert_eq!(out.into_inner(), b"abc");
/// ```
#[derive(Debug)]
pub struct LimitedWriter<W> {
    inner: W,
    limit: u64,
    written: u64,
    exceeded: bool,
}

impl<W> LimitedWriter<W> {
    /// `inner`, taking at most `limit` bytes.
    pub fn new(inner: W, limit: u64) -> Self {
        LimitedWriter {
            inner,
            limit,
            written: 0,
            exceeded: false,
        }
    }

    /// Whether a write was refused for the limit.
    pub fn exceeded(&self) -> bool {
        self.exceeded
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The writer inside.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for LimitedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written.saturating_add(buf.len() as u64) > self.limit {
            self.exceeded = true;
            return Err(io::Error::other(format!(
                "the output would pass its limit of {} bytes",
                self.limit
            )));
        }
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// The output of a conversion, refusing to grow past `max_expansion` times what
/// has been read (plus the allowance).
struct Budget<W> {
    inner: W,
    read: Rc<Cell<u64>>,
    max_expansion: u64,
    written: u64,
    exceeded: bool,
}

impl<W: Write> Write for Budget<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let limit = expansion_limit(self.read.get(), self.max_expansion);
        if self.written.saturating_add(buf.len() as u64) > limit {
            self.exceeded = true;
            return Err(io::Error::other("output limit"));
        }
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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
    input: R,
    from: Input,
    max_depth: usize,
    output: W,
    format: Format,
) -> Result<usize> {
    let options = Options::default().from(from).max_depth(max_depth);
    convert_with(input, output, format, options)
}

/// [`convert`] with [`Options`]: the input's encoding, the depth limit, and the
/// expansion limit.
///
/// # Errors
///
/// As [`convert`], and output past [`Options::max_expansion`] times the input
/// read (plus [`EXPANSION_ALLOWANCE`]).
///
/// # Example
///
/// ```
/// use transit_format::convert::{convert_with, Format, Options};
/// // One long keyword, then 20,000 cache codes standing for it.
/// let keyword = format!("~:{}", "k".repeat(1000));
/// let body = format!(r#"["{keyword}"{}]"#, r#","^0""#.repeat(20_000));
/// let mut out = Vec::new();
/// let err = convert_with(body.as_bytes(), &mut out, Format::Edn, Options::default()).unwrap_err();
/// assert!(err.to_string().starts_with("the output passed 32 × the input"), "{err}");
/// // Transit JSON keeps the codes: the output is as small as the input.
/// let mut out = Vec::new();
/// convert_with(body.as_bytes(), &mut out, Format::Json, Options::default()).unwrap();
/// assert_eq!(out.len(), body.len() + 1);
/// ```
pub fn convert_with<R: Read, W: Write>(
    input: R,
    output: W,
    format: Format,
    options: Options,
) -> Result<usize> {
    let read = Rc::new(Cell::new(0));
    let mut input = Counted {
        inner: input,
        count: Rc::clone(&read),
    };
    let mut output = Budget {
        inner: output,
        read,
        max_expansion: options.max_expansion,
        written: 0,
        exceeded: false,
    };
    let result = convert_counted(&mut input, &mut output, format, options);
    if output.exceeded {
        return Err(Error::message(format_args!(
            "the output passed {} × the input ({} bytes written for {} read): \
             a value expands this much through repeated cache codes or deep \
             indentation; raise the limit (max_expansion, `--max-expansion` in the CLI) to convert it",
            options.max_expansion,
            output.written,
            output.read.get(),
        )));
    }
    result
}

fn convert_counted<R: Read, W: Write>(
    mut input: R,
    output: W,
    format: Format,
    options: Options,
) -> Result<usize> {
    let (from, max_depth) = (options.from, options.max_depth);
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
    // Given the wrong encoding, the stream refuses its start before anything is
    // written (`Deserializer::into_iter`).
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
            Format::PlainJson => crate::webhook::write_plain_json(&mut output, &value, true)?,
        }
        if format != Format::Msgpack {
            output.write_all(b"\n").map_err(Error::io)?;
        }
        count += 1;
    }
    output.flush().map_err(Error::io)?;
    Ok(count)
}
