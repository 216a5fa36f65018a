//! Reading Transit JSON and JSON-Verbose: the serde face of the reader.
//!
//! [`Deserializer`] drives the Transit reader (`wire`) over the JSON tokenizer and
//! presents what it reads to serde's visitors; it decides nothing about the wire.
//! One reader serves both modes without being told which: a map may come as
//! `["^ ", k, v, …]` or as a JSON object, a tag as `["~#t", rep]` or as
//! `{"~#t": rep}`, in one pass over the bytes.

mod access;
mod face;

use std::cell::Cell;
use std::io;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{self, DeserializeOwned};

pub use crate::json::read::{IoRead, Read, SliceRead, StrRead};
pub use crate::wire::DEFAULT_MAX_DEPTH;

pub use crate::encoding::{Decode, Json, Msgpack};

use crate::error::{Looks, Result};
use crate::token::Source;
use crate::value::{Builder, ReadHandlers, Value};
use crate::wire::{Buffers, Reader};

/// A Transit deserializer over a [`Read`] source.
///
/// Reads one top-level value per call, each with a fresh cache (every top-level
/// value is written with a fresh one), so a stream of values back to back is read
/// with [`into_iter`](Deserializer::into_iter).
///
/// ```
/// use transit_format::{Deserializer, Value};
/// let mut de = Deserializer::from_str(r#"["~#'",1] ["^ ","~:a",2]"#);
/// let values: Vec<Value> = de.into_iter::<Value>().collect::<Result<_, _>>().unwrap();
/// assert_eq!(values.len(), 2);
/// ```
pub struct Deserializer<R, E: Decode = Json> {
    reader: Reader<E::Source<R>>,
    /// Taken from the thread's spare at the first `Value` built: typed decoding
    /// never needs one.
    builder: Option<Builder>,
    handlers: Option<Arc<ReadHandlers>>,
    /// What the last map key read by `KeyDeserializer` was, for error paths.
    key: KeySeen,
    /// Whether no value was read yet: the first one's byte is checked for the
    /// other encoding (`Looks::refuse`).
    fresh: bool,
}

/// The last map key read, as far as an error path needs it.
#[derive(Clone, Copy)]
enum KeySeen {
    /// A string, keyword, symbol or scalar: its text is still the reader's
    /// current string.
    Text,
    Int(i64),
    Other,
}

/// A deserializer's buffers, kept by the thread between calls: a receiver that
/// decodes one small body per call would otherwise allocate and free the cache,
/// the container stack, the scratch buffer and the interner's tables every time.
#[derive(Default)]
struct Spare {
    buffers: Buffers,
    scratch: String,
}

thread_local! {
    static SPARE: Cell<Option<Spare>> = const { Cell::new(None) };
    static SPARE_BUILDER: Cell<Option<Builder>> = const { Cell::new(None) };
}

impl<'de, R: Read<'de>> Deserializer<R> {
    /// A deserializer over any [`Read`] source.
    ///
    /// ```
    /// use transit_format::{de::SliceRead, Deserializer, Value};
    /// let mut de = Deserializer::new(SliceRead::new(b"true"));
    /// assert_eq!(de.parse_value().unwrap(), Value::Bool(true));
    /// ```
    pub fn new(read: R) -> Self {
        Deserializer::with_encoding(read)
    }
}

impl<'de, R: Read<'de>> Deserializer<R, Msgpack> {
    /// A Transit MessagePack deserializer over any [`Read`] source.
    ///
    /// ```
    /// use transit_format::{de::SliceRead, Deserializer, Value};
    /// let mut de = Deserializer::msgpack(SliceRead::new(&[0xc3]));
    /// assert_eq!(de.parse_value().unwrap(), Value::Bool(true));
    /// ```
    pub fn msgpack(read: R) -> Self {
        Deserializer::with_encoding(read)
    }
}

impl<'a> Deserializer<SliceRead<'a>, Msgpack> {
    /// A Transit MessagePack deserializer over bytes; strings are borrowed from
    /// them.
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_msgpack_slice(b"\xa2hi");
    /// assert_eq!(de.parse_value().unwrap(), transit_format::Value::from("hi"));
    /// ```
    pub fn from_msgpack_slice(bytes: &'a [u8]) -> Self {
        Deserializer::msgpack(SliceRead::new(bytes))
    }
}

impl<R: io::Read> Deserializer<IoRead<R>, Msgpack> {
    /// A Transit MessagePack deserializer over an `io::Read`. It buffers by
    /// itself, and reads only as far as the values asked for.
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_msgpack_reader(&[0x91, 0x01][..]);
    /// assert_eq!(de.parse_value().unwrap().to_string(), "[1]");
    /// ```
    pub fn from_msgpack_reader(reader: R) -> Self {
        Deserializer::msgpack(IoRead::new(reader))
    }
}

impl<'de, R, E: Decode> Deserializer<R, E>
where
    E::Source<R>: Source<'de>,
{
    /// A deserializer of encoding `E` over `read`.
    fn with_encoding(read: R) -> Self {
        let spare = SPARE.with(Cell::take).unwrap_or_default();
        Deserializer {
            reader: Reader::new(E::source(read, spare.scratch), spare.buffers),
            builder: None,
            handlers: None,
            key: KeySeen::Other,
            fresh: true,
        }
    }

    /// Sets the read handlers that turn tags into typed values when decoding into
    /// [`Value`] (see [`ReadHandlers`]; `penpot::read_handlers` has
    /// Penpot's).
    ///
    /// ```
    /// use transit_format::{value::ReadHandlers, Deserializer, Value};
    /// let mut handlers = ReadHandlers::new();
    /// handlers.insert("point", |rep| Ok(Value::from(vec![rep])));
    /// let mut de = Deserializer::from_str(r#"["~#point",[1,2]]"#);
    /// de.set_read_handlers(handlers);
    /// assert_eq!(de.parse_value().unwrap().to_string(), "[[1 2]]");
    /// ```
    pub fn set_read_handlers(&mut self, handlers: impl Into<Arc<ReadHandlers>>) -> &mut Self {
        let handlers = handlers.into();
        self.handlers = (!handlers.is_empty()).then_some(handlers);
        self
    }

    /// Sets how deeply values may nest (128 by default): an array, a map, a set, a
    /// list or another tagged value is one level each. Deeper input is an error,
    /// never a stack overflow.
    ///
    /// ```
    /// use transit_format::{Deserializer, Value};
    /// let mut de = Deserializer::from_str("[[[1]]]");
    /// de.set_max_depth(2);
    /// assert_eq!(de.parse_value().unwrap_err().to_string(), "recursion limit exceeded at line 1 column 3");
    /// ```
    pub fn set_max_depth(&mut self, depth: usize) -> &mut Self {
        self.reader.set_max_depth(depth);
        self
    }

    /// Sets the most bytes of input the deserializer reads (no limit by default).
    /// Every reader stops there: a byte past the limit is an error pointing at it,
    /// whatever is being read (so a stream never buffers an endless token).
    ///
    /// ```
    /// use transit_format::{Deserializer, Value};
    /// let mut de = Deserializer::from_str(r#"["abcdef"]"#);
    /// de.set_max_input(4);
    /// assert!(de.parse_value().is_err());
    /// ```
    pub fn set_max_input(&mut self, bytes: usize) -> &mut Self {
        self.reader.src.set_limit(bytes);
        self
    }

    /// Applies the reader's part of `options`: the depth limit and the input
    /// limit (the writer's part is ignored). The same [`Options`](crate::Options)
    /// value configures writers.
    ///
    /// ```
    /// use transit_format::{Deserializer, Options};
    /// let mut de = Deserializer::from_str("[[1]]");
    /// de.set_options(Options::default().max_depth(1));
    /// assert!(de.parse_value().is_err());
    /// ```
    pub fn set_options(&mut self, options: crate::ser::Options) -> &mut Self {
        self.set_max_depth(options.depth_limit());
        if let Some(limit) = options.input_limit() {
            self.set_max_input(limit);
        }
        self
    }

    /// Checks that only whitespace is left in the input (in MessagePack, that
    /// nothing is).
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_str("[1] x");
    /// de.parse_value().unwrap();
    /// assert!(de.end().is_err());
    /// ```
    pub fn end(&mut self) -> Result<()> {
        self.reader.end()
    }

    /// Turns the deserializer into an iterator over the values of a stream, back to
    /// back or separated by whitespace.
    ///
    /// A stream that starts as the other encoding does is refused at its first
    /// item, as the one-shot functions refuse it: JSON text read as MessagePack
    /// (starting with `[`, `{` or whitespace, which would otherwise read as one
    /// small integer a byte), MessagePack read as JSON.
    ///
    /// ```
    /// use transit_format::{Deserializer, Value};
    /// let stream = "[\"~#'\",1]\n[\"~#'\",2]\n";
    /// let ints: Vec<Value> = Deserializer::from_str(stream).into_iter().map(Result::unwrap).collect();
    /// assert_eq!(ints, vec![Value::Integer(1), Value::Integer(2)]);
    ///
    /// let mut wrong = Deserializer::from_msgpack_slice(stream.as_bytes()).into_iter::<Value>();
    /// assert_eq!(
    ///     wrong.next().unwrap().unwrap_err().to_string(),
    ///     "the input looks like JSON text (it starts with `[`), not Transit MessagePack; \
    ///      read it as Transit JSON at line 1 column 1"
    /// );
    /// assert!(wrong.next().is_none());
    /// ```
    // Not `IntoIterator`: the caller chooses the item type `T` (as serde_json does).
    #[allow(clippy::should_implement_trait)]
    pub fn into_iter<T: de::Deserialize<'de>>(self) -> StreamDeserializer<'de, R, T, E> {
        StreamDeserializer {
            de: self,
            failed: false,
            output: PhantomData,
            lifetime: PhantomData,
        }
    }

    /// Reads the next top-level value into a [`Value`] (the same as
    /// `Value::deserialize`, without serde's visitor in between). Input that
    /// starts as the other encoding does is refused, as by
    /// [`into_iter`](Deserializer::into_iter).
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_str(r#"["~#set",[1]]"#);
    /// assert_eq!(de.parse_value().unwrap().to_string(), "#{1}");
    /// ```
    pub fn parse_value(&mut self) -> Result<Value> {
        self.refuse_other_encoding()?;
        self.reader.begin();
        self.build()
    }

    /// Reads one top-level value as `T`. An error made by `T`'s own
    /// `Deserialize` after the reader returned (a `custom` error from a type that
    /// checks what it read) gets the position where the reader stopped.
    pub(crate) fn top_level<T: de::Deserialize<'de>>(&mut self) -> Result<T> {
        self.refuse_other_encoding()?;
        T::deserialize(&mut *self).map_err(|err| self.reader.fix_position(err))
    }

    /// Before the first value: refuses input that starts as the other encoding
    /// does, before any of it is read as this one.
    fn refuse_other_encoding(&mut self) -> Result<()> {
        if self.fresh {
            self.fresh = false;
            Looks::refuse(E::MSGPACK, self.reader.src.next_byte()?)?;
        }
        Ok(())
    }

    /// Builds a `Value` from where the reader is.
    fn build(&mut self) -> Result<Value> {
        let handlers = self.handlers.as_deref();
        let builder = self
            .builder
            .get_or_insert_with(|| SPARE_BUILDER.with(Cell::take).unwrap_or_default());
        let result = builder.build(&mut self.reader, handlers);
        result.map_err(|err| self.reader.fix_position(err))
    }
}

impl<R, E: Decode> Drop for Deserializer<R, E> {
    fn drop(&mut self) {
        if let Some(mut builder) = self.builder.take() {
            builder.trim();
            let _ = SPARE_BUILDER.try_with(|slot| slot.set(Some(builder)));
        }
        let mut scratch = E::take_scratch(&mut self.reader.src);
        scratch.clear();
        if scratch.capacity() > 1 << 16 {
            scratch = String::new();
        }
        let spare = Spare {
            buffers: self.reader.take_buffers(),
            scratch,
        };
        // `try_with`: a deserializer dropped while the thread shuts down keeps
        // nothing.
        let _ = SPARE.try_with(|slot| slot.set(Some(spare)));
    }
}

impl<'a> Deserializer<StrRead<'a>> {
    /// A deserializer over a `&str`; strings without escapes are borrowed from it.
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_str("[]");
    /// assert_eq!(de.parse_value().unwrap(), transit_format::Value::from(vec![]));
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(s: &'a str) -> Self {
        Deserializer::new(StrRead::new(s))
    }
}

impl<'a> Deserializer<SliceRead<'a>> {
    /// A deserializer over bytes; strings without escapes are borrowed from them.
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_slice(b"[]");
    /// assert_eq!(de.parse_value().unwrap(), transit_format::Value::from(vec![]));
    /// ```
    pub fn from_slice(bytes: &'a [u8]) -> Self {
        Deserializer::new(SliceRead::new(bytes))
    }
}

impl<R: io::Read> Deserializer<IoRead<R>> {
    /// A deserializer over an `io::Read`. It buffers by itself, and reads only as
    /// far as the values asked for.
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_reader(&b"[1]"[..]);
    /// assert_eq!(de.parse_value().unwrap().to_string(), "[1]");
    /// ```
    pub fn from_reader(reader: R) -> Self {
        Deserializer::new(IoRead::new(reader))
    }
}

/// An iterator over the top-level values of a stream; see
/// [`Deserializer::into_iter`].
///
/// After an error it ends, except that an input ending in the middle of a value
/// gives that error once (`is_eof()`), so a caller can wait for more bytes.
pub struct StreamDeserializer<'de, R, T, E: Decode = Json> {
    de: Deserializer<R, E>,
    failed: bool,
    output: PhantomData<T>,
    lifetime: PhantomData<&'de ()>,
}

impl<'de, R, T, E: Decode> StreamDeserializer<'de, R, T, E>
where
    E::Source<R>: Source<'de>,
{
    /// Bytes consumed so far: where the next value starts (or where a failed one
    /// started, after an EOF error).
    ///
    /// ```
    /// use transit_format::{Deserializer, Value};
    /// let mut stream = Deserializer::from_str("[1] [2]").into_iter::<Value>();
    /// stream.next();
    /// assert_eq!(stream.byte_offset(), 3);
    /// ```
    pub fn byte_offset(&self) -> usize {
        self.de.reader.src.byte_offset()
    }
}

impl<'de, R, T: de::Deserialize<'de>, E: Decode> Iterator for StreamDeserializer<'de, R, T, E>
where
    E::Source<R>: Source<'de>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.failed {
            return None;
        }
        match self.de.reader.src.at_end() {
            Ok(true) => None,
            Ok(false) => {
                self.de.reader.begin();
                let result = self.de.top_level::<T>();
                if result.is_err() {
                    self.failed = true;
                }
                Some(result)
            }
            Err(err) => {
                self.failed = true;
                Some(Err(err))
            }
        }
    }
}

//////////////////////////////////////////////////////////////////////////////
// Entry points

fn from_trait<'de, R: Read<'de>, T: de::Deserialize<'de>>(read: R) -> Result<T> {
    from_trait_with(read, None)
}

fn from_trait_with<'de, R: Read<'de>, T: de::Deserialize<'de>>(
    read: R,
    options: Option<crate::ser::Options>,
) -> Result<T> {
    let mut de = Deserializer::new(read);
    if let Some(options) = options {
        de.set_options(options);
    }
    let value = de.top_level::<T>()?;
    de.end()?;
    Ok(value)
}

/// Decodes one Transit value (compact or verbose) from a string.
///
/// # Errors
///
/// Malformed JSON or Transit, a value that does not fit `T`, or anything but
/// whitespace after the value.
///
/// # Example
///
/// ```
/// use transit_format::Value;
/// let v: Value = transit_format::from_str(r#"{"~:a":{"~#set":[1]}}"#).unwrap();
/// assert_eq!(v.to_string(), "{:a #{1}}");
/// ```
pub fn from_str<'a, T: de::Deserialize<'a>>(s: &'a str) -> Result<T> {
    from_trait(StrRead::new(s))
}

/// Decodes one Transit value from bytes.
///
/// # Errors
///
/// As [`from_str`], and bytes that are not UTF-8 inside strings. Bytes that
/// start as Transit MessagePack does (an array or map marker) are refused with an
/// error saying so.
///
/// # Example
///
/// ```
/// let v: transit_format::Value = transit_format::from_slice(br#"["~#'","~:a"]"#).unwrap();
/// assert_eq!(v, transit_format::Value::keyword("a"));
///
/// let err = transit_format::from_slice::<transit_format::Value>(b"\x92\xa3~#'\x01").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the input looks like Transit MessagePack (it starts with the marker 0x92), not JSON; \
///      read it as MessagePack at line 1 column 1"
/// );
/// ```
pub fn from_slice<'a, T: de::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    from_trait(SliceRead::new(bytes))
}

/// Decodes one Transit value from an `io::Read`, which need not be buffered.
///
/// # Errors
///
/// As [`from_slice`], and I/O errors.
///
/// # Example
///
/// ```
/// let v: transit_format::Value = transit_format::from_reader(&b"[1,2]"[..]).unwrap();
/// assert_eq!(v.to_string(), "[1 2]");
/// ```
pub fn from_reader<R: io::Read, T: DeserializeOwned>(reader: R) -> Result<T> {
    from_trait(IoRead::new(reader))
}

/// [`from_str`], with the limits of `options` (see [`Options`](crate::Options)).
///
/// # Errors
///
/// As [`from_str`], and input past the limits.
///
/// # Example
///
/// ```
/// use transit_format::{Options, Value};
/// let v: Value = transit_format::from_str_with_options("[1]", Options::default()).unwrap();
/// assert_eq!(v.to_string(), "[1]");
/// ```
pub fn from_str_with_options<'a, T: de::Deserialize<'a>>(
    s: &'a str,
    options: crate::ser::Options,
) -> Result<T> {
    from_trait_with(StrRead::new(s), Some(options))
}

/// [`from_slice`], with the limits of `options` (see [`Options`](crate::Options)).
///
/// # Errors
///
/// As [`from_slice`], and input past the limits.
///
/// # Example
///
/// ```
/// use transit_format::{Options, Value};
/// let deep = transit_format::from_slice_with_options::<Value>(b"[[1]]", Options::default().max_depth(1));
/// assert_eq!(deep.unwrap_err().to_string(), "recursion limit exceeded at line 1 column 2");
/// ```
pub fn from_slice_with_options<'a, T: de::Deserialize<'a>>(
    bytes: &'a [u8],
    options: crate::ser::Options,
) -> Result<T> {
    from_trait_with(SliceRead::new(bytes), Some(options))
}

/// [`from_reader`], with the limits of `options` (see [`Options`](crate::Options)).
///
/// # Errors
///
/// As [`from_reader`], and input past the limits.
///
/// # Example
///
/// ```
/// use transit_format::{Options, Value};
/// let big = transit_format::from_reader_with_options::<_, Value>(&b"[1,2,3]"[..], Options::default().max_input(3));
/// assert!(big.is_err());
/// ```
pub fn from_reader_with_options<R: io::Read, T: DeserializeOwned>(
    reader: R,
    options: crate::ser::Options,
) -> Result<T> {
    from_trait_with(IoRead::new(reader), Some(options))
}
