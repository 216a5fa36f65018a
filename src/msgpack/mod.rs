//! Transit over MessagePack (`application/transit+msgpack`): the same Transit
//! layer as JSON, over MessagePack's tokens.
//!
//! The API mirrors JSON's: [`from_msgpack_slice`] and [`from_msgpack_reader`]
//! read one value, [`to_msgpack_vec`] and [`to_msgpack_writer`] write one (also
//! under rmp-serde's names: [`msgpack::from_slice`](from_slice),
//! [`from_reader`], [`to_vec`], [`to_writer`], and with an [`Options`] value:
//! [`from_slice_with_options`]…), and
//! [`Deserializer::from_msgpack_slice`](crate::Deserializer::from_msgpack_slice),
//! [`from_msgpack_reader`](crate::Deserializer::from_msgpack_reader) and
//! [`Serializer::msgpack`](crate::Serializer::msgpack) are the streaming forms
//! (a stream is values back to back with nothing between them, read with
//! [`Deserializer::into_iter`](crate::Deserializer::into_iter)). Everything else —
//! [`Value`](crate::Value), typed serde, read handlers, limits — is the same as
//! for JSON.
//!
//! What is written is what transit-java writes (checked byte for byte against
//! the exemplars it wrote):
//!
//! - maps are MessagePack maps; null, booleans, 64-bit integers and finite floats
//!   are native MessagePack values, as map keys too; integers beyond 64 bits are
//!   `"~n…"` strings, NaN and the infinities `"~zNaN"`, `"~zINF"`, `"~z-INF"`;
//! - tagged values are 2-arrays `["~#tag", rep]`, a top-level scalar is quoted as
//!   `["~#'", x]`, and a map with a composite key is `["~#cmap", [k, v, …]]`;
//! - instants are `["~#m", millis]` and uuids `["~#u", [high, low]]` (the two
//!   64-bit halves as signed integers); as map keys, `"~m…"` and `"~u…"`;
//! - keywords, symbols, bytes (base64), URIs, chars, big decimals and strings
//!   are strings as in JSON (a leading `~`, `^` or backquote escaped with `~`);
//! - the cache is JSON's: map keys, keywords, symbols and tags of four characters
//!   or more become `"^0"`, `"^1"`, … after their first time, afresh for each
//!   top-level value;
//! - MessagePack's own layout is msgpack-java 0.6's: integers in the fewest
//!   bytes, strings of 32 bytes or more with a 16-bit length (`str8` is never
//!   written).
//!
//! The reader takes any MessagePack: `str8`, single-precision floats, unsigned
//! 64-bit integers past `i64` (read as big integers) and map keys of any type. A
//! MessagePack byte string (`bin`, which Transit writers do not use: they write
//! bytes as `"~b…"`) reads as bytes and is written back as `"~b…"`. Extension
//! types have no meaning in Transit and are an error. A map whose first key is a
//! tag (`{"~#tag": rep}`, as transit-python writes a cmap) is a tagged value, and
//! an array that starts with `"^ "` a map, as in JSON.
//!
//! Errors carry a position as JSON's do, with line 1 and the 1-based byte offset
//! as the column. Claimed lengths are never trusted: a string is taken from the
//! bytes that are there (borrowed from a slice, copied from a stream as it
//! arrives), so a header claiming gigabytes over a short input is an EOF error,
//! and the limits of depth, input size and cache expansion are JSON's.
//!
//! ```
//! use transit_format::Value;
//! let v = transit_format::transit!({:name => "create-file", :count => 3});
//! let bytes = transit_format::to_msgpack_vec(&v)?;
//! assert_eq!(bytes[0], 0x82); // a map of two entries
//! let back: Value = transit_format::from_msgpack_slice(&bytes)?;
//! assert_eq!(back, v);
//! # Ok::<(), transit_format::Error>(())
//! ```

pub(crate) mod read;
pub(crate) mod write;

use std::io;

use serde::de::{Deserialize, DeserializeOwned};
use serde::Serialize;

use crate::de::Deserializer;
use crate::encoding::Msgpack;
use crate::error::Result;
use crate::ser::Options;

/// Decodes one Transit MessagePack value from bytes; strings and byte strings
/// can be borrowed from them.
///
/// # Errors
///
/// Malformed MessagePack or Transit, a value that does not fit `T`, or bytes
/// after the value. JSON text (starting with `[`, `{` or whitespace) is
/// refused as such, not read as the integers its bytes also are in MessagePack.
///
/// # Example
///
/// ```
/// let v: Vec<i64> = transit_format::from_msgpack_slice(&[0x92, 0x01, 0xcd, 0x01, 0x2c]).unwrap();
/// assert_eq!(v, [1, 300]);
///
/// let err = transit_format::from_msgpack_slice::<transit_format::Value>(br#"["^ ","~:a",1]"#)
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the input looks like JSON text (it starts with `[`), not Transit MessagePack; \
///      read it as Transit JSON at line 1 column 1"
/// );
/// ```
pub fn from_msgpack_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    let mut de = Deserializer::from_msgpack_slice(bytes);
    let value = de.top_level::<T>()?;
    de.end()?;
    Ok(value)
}

/// Decodes one Transit MessagePack value from an `io::Read`, which need not be
/// buffered.
///
/// # Errors
///
/// As [`from_msgpack_slice`], and I/O errors.
///
/// # Example
///
/// ```
/// let v: transit_format::Value = transit_format::from_msgpack_reader(&b"\x92\xa3~#'\xc3"[..]).unwrap();
/// assert_eq!(v, transit_format::Value::Bool(true));
/// ```
pub fn from_msgpack_reader<R: io::Read, T: DeserializeOwned>(reader: R) -> Result<T> {
    from_reader_with_options(reader, Options::default())
}

/// Writes `value` as Transit MessagePack (with the cache) to `writer`.
///
/// # Errors
///
/// I/O errors, and values Transit cannot express (a `Serialize` impl that fails,
/// a composite map key outside `Value`, a container whose declared length is not
/// the number of items it writes).
///
/// # Example
///
/// ```
/// let mut out = Vec::new();
/// transit_format::to_msgpack_writer(&mut out, &transit_format::Keyword::new("a")).unwrap();
/// assert_eq!(out, b"\x92\xa3~#'\xa3~:a");
/// ```
pub fn to_msgpack_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    crate::ser::write_with::<W, T, Msgpack>(writer, value, Options::compact())
}

/// Transit MessagePack (with the cache) as bytes.
///
/// # Errors
///
/// As [`to_msgpack_writer`], without I/O errors.
///
/// # Example
///
/// ```
/// assert_eq!(transit_format::to_msgpack_vec(&vec![true]).unwrap(), [0x91, 0xc3]);
/// ```
pub fn to_msgpack_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    to_msgpack_writer(&mut out, value)?;
    Ok(out)
}

// rmp-serde's names: `transit_format::msgpack::from_slice` is
// `transit_format::from_msgpack_slice`, and so on.

/// [`from_msgpack_slice`], by rmp-serde's name.
///
/// # Errors
///
/// As [`from_msgpack_slice`].
///
/// # Example
///
/// ```
/// let v: Vec<i64> = transit_format::msgpack::from_slice(&[0x92, 0x01, 0x02]).unwrap();
/// assert_eq!(v, [1, 2]);
/// ```
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    from_msgpack_slice(bytes)
}

/// [`from_msgpack_reader`], by rmp-serde's name.
///
/// # Errors
///
/// As [`from_msgpack_reader`].
///
/// # Example
///
/// ```
/// let v: Vec<i64> = transit_format::msgpack::from_reader(&[0x92u8, 0x01, 0x02][..]).unwrap();
/// assert_eq!(v, [1, 2]);
/// ```
pub fn from_reader<R: io::Read, T: DeserializeOwned>(reader: R) -> Result<T> {
    from_msgpack_reader(reader)
}

/// [`to_msgpack_vec`], by rmp-serde's name.
///
/// # Errors
///
/// As [`to_msgpack_vec`].
///
/// # Example
///
/// ```
/// assert_eq!(transit_format::msgpack::to_vec(&vec![1, 2]).unwrap(), [0x92, 0x01, 0x02]);
/// ```
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    to_msgpack_vec(value)
}

/// [`to_msgpack_writer`], by rmp-serde's name.
///
/// # Errors
///
/// As [`to_msgpack_writer`].
///
/// # Example
///
/// ```
/// let mut out = Vec::new();
/// transit_format::msgpack::to_writer(&mut out, &vec![1, 2]).unwrap();
/// assert_eq!(out, [0x92, 0x01, 0x02]);
/// ```
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    to_msgpack_writer(writer, value)
}

/// [`from_slice`], with the limits of `options` (see [`Options`]).
///
/// # Errors
///
/// As [`from_msgpack_slice`], and input past the limits.
///
/// # Example
///
/// ```
/// use transit_format::{Options, Value};
/// let deep = transit_format::msgpack::from_slice_with_options::<Value>(b"\x91\x91\x01", Options::default().max_depth(1));
/// assert!(deep.is_err());
/// ```
pub fn from_slice_with_options<'a, T: Deserialize<'a>>(
    bytes: &'a [u8],
    options: Options,
) -> Result<T> {
    let mut de = Deserializer::from_msgpack_slice(bytes);
    de.set_options(options);
    let value = de.top_level::<T>()?;
    de.end()?;
    Ok(value)
}

/// [`from_reader`], with the limits of `options` (see [`Options`]).
///
/// # Errors
///
/// As [`from_msgpack_reader`], and input past the limits.
///
/// # Example
///
/// ```
/// use transit_format::{Options, Value};
/// let big = transit_format::msgpack::from_reader_with_options::<_, Value>(&b"\x93\x01\x02\x03"[..], Options::default().max_input(2));
/// assert!(big.is_err());
/// ```
pub fn from_reader_with_options<R: io::Read, T: DeserializeOwned>(
    reader: R,
    options: Options,
) -> Result<T> {
    let mut de = Deserializer::from_msgpack_reader(reader);
    de.set_options(options);
    let value = de.top_level::<T>()?;
    de.end()?;
    Ok(value)
}

/// [`to_writer`], with the cache and key style of `options` (see [`Options`];
/// there is no verbose MessagePack, so the mode is ignored).
///
/// # Errors
///
/// As [`to_msgpack_writer`].
///
/// # Example
///
/// ```
/// use transit_format::{Keyword, Options};
/// let twice = [Keyword::new("abcd"), Keyword::new("abcd")];
/// let mut out = Vec::new();
/// transit_format::msgpack::to_writer_with_options(&mut out, &twice, Options::default().cache(false)).unwrap();
/// assert_eq!(out, b"\x92\xa6~:abcd\xa6~:abcd");
/// ```
pub fn to_writer_with_options<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
    options: Options,
) -> Result<()> {
    crate::ser::write_with::<W, T, Msgpack>(writer, value, options.for_msgpack())
}

/// [`to_vec`], with the cache and key style of `options` (see [`Options`]).
///
/// # Errors
///
/// As [`to_msgpack_vec`].
///
/// # Example
///
/// ```
/// use transit_format::Options;
/// #[derive(serde::Serialize)]
/// struct P { x: u8 }
/// let out = transit_format::msgpack::to_vec_with_options(&P { x: 1 }, Options::default().string_keys(true)).unwrap();
/// assert_eq!(out, b"\x81\xa1x\x01");
/// ```
pub fn to_vec_with_options<T: ?Sized + Serialize>(value: &T, options: Options) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    to_writer_with_options(&mut out, value, options)?;
    Ok(out)
}
