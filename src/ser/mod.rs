//! Writing Transit JSON (compact, with the cache) and JSON-Verbose through serde.
//!
//! The writer has the reader's layers, mirrored: this module is serde's face,
//! turning serde's data model into calls of the Transit emitter (`emit`), which
//! alone knows Transit's rules and drives an encoding's sink (`json::write`). The
//! output is what transit-java writes for the same value: top-level scalars
//! quoted, integers as JSON numbers only within ±(2^53−1), floats spelled as Java
//! does, maps as `["^ ", …]` (objects in verbose mode), cache codes for repeated
//! keys, keywords, symbols and tags.

mod emit;
mod tokens;

use std::io;

use serde::ser::{self, Serialize};

use self::emit::{Emitter, MapState, Mode};
use self::tokens::{
    composite_key, scalar_prefix, InstantEmitter, KeyProbe, MapKeySerializer, PrefixedStr,
    TaggedEmitter,
};
use crate::cache::WriteCache;
pub use crate::encoding::{Encode, Json, Msgpack};
use crate::error::{Error, Result};
use crate::types::token;

#[doc(hidden)]
pub use crate::token::Sink;

/// How Transit is written and read: the one options type of this crate, taken by
/// the serializers ([`Serializer::with_options`],
/// [`Serializer::msgpack_with_options`]), the deserializer
/// ([`Deserializer::set_options`](crate::Deserializer::set_options)) and the
/// `*_with_options` functions ([`to_vec_with_options`],
/// [`from_slice_with_options`](crate::from_slice_with_options),
/// [`msgpack::to_vec_with_options`](crate::msgpack::to_vec_with_options)…).
/// Writers use the mode, the cache and the key style; readers use the limits.
/// [`Options::default`] is [`Options::compact`].
///
/// ```
/// use transit_format::ser::{Options, Serializer};
/// let mut out = Vec::new();
/// let mut ser = Serializer::with_options(&mut out, Options::compact().string_keys(true));
/// #[derive(serde::Serialize)]
/// struct Point { x: i32 }
/// serde::Serialize::serialize(&Point { x: 1 }, &mut ser).unwrap();
/// assert_eq!(out, br#"["^ ","x",1]"#);
///
/// let options = Options::default().max_depth(2);
/// let err = transit_format::from_slice_with_options::<transit_format::Value>(b"[[[1]]]", options);
/// assert!(err.is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    verbose: bool,
    cache: bool,
    string_keys: bool,
    max_depth: usize,
    max_input: Option<usize>,
}

impl Default for Options {
    /// [`Options::compact`]: Transit JSON with the cache, keyword keys, the
    /// default depth limit (128) and no input limit.
    fn default() -> Self {
        Options::compact()
    }
}

impl Options {
    /// Transit JSON: maps as `["^ ", …]`, the cache on, instants as `~m`.
    ///
    /// ```
    /// use transit_format::ser::Options;
    /// assert_eq!(Options::compact(), Options::default());
    /// ```
    pub fn compact() -> Self {
        Options {
            verbose: false,
            cache: true,
            string_keys: false,
            max_depth: crate::de::DEFAULT_MAX_DEPTH,
            max_input: None,
        }
    }

    /// JSON-Verbose: maps as objects, tags as `{"~#tag": rep}`, no cache, instants
    /// as `~t`.
    ///
    /// ```
    /// use transit_format::ser::Options;
    /// let out = transit_format::to_vec_with_options(&[("a", 1)].into_iter().collect::<std::collections::BTreeMap<_, _>>(), Options::verbose());
    /// assert_eq!(out.unwrap(), br#"{"a":1}"#);
    /// ```
    pub fn verbose() -> Self {
        Options {
            verbose: true,
            cache: false,
            ..Options::compact()
        }
    }

    /// Turns the cache of compact mode off (verbose mode never caches). Readers
    /// decode the output to the same values either way.
    ///
    /// ```
    /// use transit_format::{ser::Options, Keyword};
    /// let twice = [Keyword::new("abcd"), Keyword::new("abcd")];
    /// let out = transit_format::to_vec_with_options(&twice, Options::compact().cache(false));
    /// assert_eq!(out.unwrap(), br#"["~:abcd","~:abcd"]"#);
    /// ```
    pub fn cache(mut self, on: bool) -> Self {
        self.cache = on && !self.verbose;
        self
    }

    /// Writes struct field names as strings (`"name"`) instead of keywords
    /// (`"~:name"`).
    ///
    /// ```
    /// # use transit_format::ser::Options;
    /// #[derive(serde::Serialize)]
    /// struct Point { x: i32 }
    /// let out = transit_format::to_vec_with_options(&Point { x: 1 }, Options::default().string_keys(true));
    /// assert_eq!(out.unwrap(), br#"["^ ","x",1]"#);
    /// ```
    pub fn string_keys(mut self, on: bool) -> Self {
        self.string_keys = on;
        self
    }

    /// For readers: how deeply values may nest (128 by default; see
    /// [`Deserializer::set_max_depth`](crate::Deserializer::set_max_depth)).
    ///
    /// ```
    /// use transit_format::{ser::Options, Value};
    /// let options = Options::default().max_depth(1);
    /// assert!(transit_format::from_str_with_options::<Value>("[1]", options).is_ok());
    /// assert!(transit_format::from_str_with_options::<Value>("[[1]]", options).is_err());
    /// ```
    pub fn max_depth(mut self, levels: usize) -> Self {
        self.max_depth = levels;
        self
    }

    /// For readers: the most bytes of input read (no limit by default; see
    /// [`Deserializer::set_max_input`](crate::Deserializer::set_max_input)).
    ///
    /// ```
    /// use transit_format::{ser::Options, Value};
    /// let options = Options::default().max_input(4);
    /// assert!(transit_format::from_str_with_options::<Value>(r#"["abcdef"]"#, options).is_err());
    /// ```
    pub fn max_input(mut self, bytes: usize) -> Self {
        self.max_input = Some(bytes);
        self
    }

    /// The options for a MessagePack writer: there is no verbose MessagePack.
    pub(crate) fn for_msgpack(self) -> Self {
        Options {
            verbose: false,
            ..self
        }
    }

    /// The depth limit readers apply.
    pub(crate) fn depth_limit(&self) -> usize {
        self.max_depth
    }

    /// The input limit readers apply, if any.
    pub(crate) fn input_limit(&self) -> Option<usize> {
        self.max_input
    }
}

/// A serde serializer that writes Transit to an `io::Write`.
///
/// Each top-level value gets a fresh cache, so several values written one after
/// another each decode on their own. Writes go straight to the writer and nothing
/// is flushed: wrap files and sockets in a `BufWriter`.
///
/// ```
/// use transit_format::Serializer;
/// let mut out = Vec::new();
/// let mut ser = Serializer::new(&mut out);
/// serde::Serialize::serialize(&vec!["a", "b"], &mut ser).unwrap();
/// assert_eq!(out, br#"["a","b"]"#);
/// ```
pub struct Serializer<W, E: Encode<W> = Json> {
    emit: Emitter<E::Sink>,
    string_keys: bool,
}

impl<W: io::Write> Serializer<W> {
    /// A compact (Transit JSON) serializer.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// serde::Serialize::serialize(&1, &mut transit_format::Serializer::new(&mut out)).unwrap();
    /// assert_eq!(out, br#"["~#'",1]"#);
    /// ```
    pub fn new(writer: W) -> Self {
        Serializer::with_options(writer, Options::compact())
    }

    /// A JSON-Verbose serializer.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// serde::Serialize::serialize(&1, &mut transit_format::Serializer::verbose(&mut out)).unwrap();
    /// assert_eq!(out, br#"{"~#'":1}"#);
    /// ```
    pub fn verbose(writer: W) -> Self {
        Serializer::with_options(writer, Options::verbose())
    }

    /// A serializer with the given [`Options`].
    ///
    /// ```
    /// use transit_format::ser::{Options, Serializer};
    /// let mut out = Vec::new();
    /// let mut ser = Serializer::with_options(&mut out, Options::compact().cache(false));
    /// serde::Serialize::serialize(&vec![transit_format::Keyword::new("ab"); 2], &mut ser).unwrap();
    /// assert_eq!(out, br#"["~:ab","~:ab"]"#);
    /// ```
    pub fn with_options(writer: W, options: Options) -> Self {
        let cache = WriteCache::new(options.cache && !options.verbose);
        Serializer::with_cache(writer, options, cache)
    }
}

impl<W: io::Write> Serializer<W, Msgpack> {
    /// A Transit MessagePack serializer (with the cache, as transit-java writes it).
    ///
    /// ```
    /// use transit_format::Serializer;
    /// let mut out = Vec::new();
    /// serde::Serialize::serialize(&vec![1, 300], &mut Serializer::msgpack(&mut out)).unwrap();
    /// assert_eq!(out, [0x92, 0x01, 0xcd, 0x01, 0x2c]);
    /// ```
    pub fn msgpack(writer: W) -> Self {
        Serializer::msgpack_with_options(writer, Options::compact())
    }

    /// A Transit MessagePack serializer with the given [`Options`]; MessagePack
    /// has one layout, so only [`Options::cache`] and [`Options::string_keys`]
    /// count.
    ///
    /// ```
    /// use transit_format::ser::{Options, Serializer};
    /// let mut out = Vec::new();
    /// let mut ser = Serializer::msgpack_with_options(&mut out, Options::compact().cache(false));
    /// serde::Serialize::serialize(&vec![transit_format::Keyword::new("ab"); 2], &mut ser).unwrap();
    /// assert_eq!(out, b"\x92\xa4~:ab\xa4~:ab");
    /// ```
    pub fn msgpack_with_options(writer: W, options: Options) -> Self {
        let options = options.for_msgpack();
        let cache = WriteCache::new(options.cache);
        Serializer::with_cache(writer, options, cache)
    }
}

impl<W: io::Write, E: Encode<W>> Serializer<W, E> {
    fn with_cache(writer: W, options: Options, cache: WriteCache) -> Self {
        let mode = if E::MSGPACK {
            Mode::Msgpack
        } else if options.verbose {
            Mode::Verbose
        } else {
            Mode::Json
        };
        Serializer {
            emit: Emitter::new(E::sink(writer), mode, cache),
            string_keys: options.string_keys,
        }
    }

    /// The writer back.
    ///
    /// ```
    /// let ser = transit_format::Serializer::new(Vec::<u8>::new());
    /// assert!(ser.into_inner().is_empty());
    /// ```
    pub fn into_inner(self) -> W {
        E::writer(self.emit.sink)
    }

    /// The key of a struct field or enum variant.
    #[inline]
    fn field_key(&mut self, name: &str) -> Result<()> {
        if self.string_keys {
            self.emit.string(name, true)
        } else {
            self.emit.wire_string("~:", name, true)
        }
    }

    /// `["^ ","~:variant",` / `{"~:variant":` around the content of an enum variant.
    fn open_variant(&mut self, variant: &str) -> Result<()> {
        self.emit.enter();
        let mut state = self.emit.open_map(Some(1))?;
        self.emit.map_key(&mut state)?;
        self.field_key(variant)?;
        self.emit.map_value()
    }

    fn close_variant(&mut self) -> Result<()> {
        self.emit.close_map()?;
        self.emit.leave();
        Ok(())
    }
}

/// What a [`Compound`] is writing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// An array; `first`: no item written yet.
    Array { first: bool },
    /// A map or struct with stringable keys.
    Map(MapState),
    /// A map from `serialize_map` (of this many entries, if known) before its
    /// first key: nothing is written yet, as a composite first key makes it a
    /// cmap.
    Pending(Option<usize>),
    /// A cmap; `first`: no key written yet.
    Cmap { first: bool },
}

/// The state of an array, map or struct being written.
#[doc(hidden)]
pub struct Compound<'a, W, E: Encode<W> = Json> {
    ser: &'a mut Serializer<W, E>,
    kind: Kind,
    /// Inside an enum variant's one-entry map, which `end` closes too.
    variant: bool,
}

impl<'a, W: io::Write, E: Encode<W>> Compound<'a, W, E> {
    fn new(ser: &'a mut Serializer<W, E>, kind: Kind, variant: bool) -> Self {
        Compound { ser, kind, variant }
    }

    fn finish(self) -> Result<()> {
        let emit = &mut self.ser.emit;
        match self.kind {
            Kind::Array { .. } => emit.close_array()?,
            Kind::Map(_) => emit.close_map()?,
            Kind::Pending(_) => {
                // An empty map.
                emit.open_map(Some(0))?;
                emit.close_map()?;
            }
            Kind::Cmap { .. } => emit.close_cmap()?,
        }
        emit.leave();
        if self.variant {
            self.ser.close_variant()?;
        }
        Ok(())
    }

    #[inline]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if let Kind::Array { first } = &mut self.kind {
            let was_first = std::mem::replace(first, false);
            self.ser.emit.array_item(was_first)?;
        }
        value.serialize(&mut *self.ser)
    }
}

impl<'a, W: io::Write, E: Encode<W>> ser::Serializer for &'a mut Serializer<W, E> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W, E>;
    type SerializeTuple = Compound<'a, W, E>;
    type SerializeTupleStruct = Compound<'a, W, E>;
    type SerializeTupleVariant = Compound<'a, W, E>;
    type SerializeMap = Compound<'a, W, E>;
    type SerializeStruct = Compound<'a, W, E>;
    type SerializeStructVariant = Compound<'a, W, E>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.emit.scalar(|e| e.bool(v, false))
    }

    fn serialize_i8(self, v: i8) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    #[inline]
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.emit.scalar(|e| e.integer(v, false))
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        match i64::try_from(v) {
            Ok(i) => self.serialize_i64(i),
            Err(_) => self
                .emit
                .scalar(|e| e.wire_string("~n", &v.to_string(), false)),
        }
    }

    fn serialize_u8(self, v: u8) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        self.serialize_u128(u128::from(v))
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        match i64::try_from(v) {
            Ok(i) => self.serialize_i64(i),
            Err(_) => self
                .emit
                .scalar(|e| e.wire_string("~n", &v.to_string(), false)),
        }
    }

    fn serialize_f32(self, v: f32) -> Result<()> {
        self.emit.scalar(|e| e.float32(v, false))
    }

    #[inline]
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.emit.scalar(|e| e.float(v, false))
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.emit.scalar(|e| e.char(v, false))
    }

    #[inline]
    fn serialize_str(self, v: &str) -> Result<()> {
        self.emit.scalar(|e| e.string(v, false))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.emit.scalar(|e| e.bytes(v, false))
    }

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.emit.scalar(|e| e.null(false))
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.emit.scalar(|e| e.wire_string("~:", variant, false))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if let Some(prefix) = scalar_prefix(name) {
            return self.emit.scalar(|emit| {
                value.serialize(PrefixedStr {
                    emit,
                    prefix,
                    as_key: false,
                })
            });
        }
        match name {
            token::INSTANT => self.emit.scalar(|emit| {
                value.serialize(InstantEmitter {
                    emit,
                    as_key: false,
                })
            }),
            token::SET | token::LIST | token::CMAP | token::LINK => {
                let tag = match name {
                    token::SET => "set",
                    token::LIST => "list",
                    token::CMAP => "cmap",
                    _ => "link",
                };
                self.emit.enter();
                self.emit.open_tag(tag)?;
                value.serialize(&mut *self)?;
                self.emit.close_tag()?;
                self.emit.leave();
                Ok(())
            }
            token::TAGGED => value.serialize(TaggedEmitter { ser: self }),
            _ => value.serialize(self),
        }
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close_variant()
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, W, E>> {
        self.emit.enter();
        self.emit.open_array(len)?;
        Ok(Compound::new(self, Kind::Array { first: true }, false))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W, E>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W, E>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W, E>> {
        self.open_variant(variant)?;
        self.emit.enter();
        self.emit.open_array(Some(len))?;
        Ok(Compound::new(self, Kind::Array { first: true }, true))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, W, E>> {
        // The header waits for the first key: a composite one makes a cmap.
        self.emit.enter();
        Ok(Compound::new(self, Kind::Pending(len), false))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W, E>> {
        self.emit.enter();
        let state = self.emit.open_map(Some(len))?;
        Ok(Compound::new(self, Kind::Map(state), false))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W, E>> {
        self.open_variant(variant)?;
        self.emit.enter();
        let state = self.emit.open_map(Some(len))?;
        Ok(Compound::new(self, Kind::Map(state), true))
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.serialize_str(&value.to_string())
    }
}

impl<W: io::Write, E: Encode<W>> ser::SerializeSeq for Compound<'_, W, E> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write, E: Encode<W>> ser::SerializeTuple for Compound<'_, W, E> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write, E: Encode<W>> ser::SerializeTupleStruct for Compound<'_, W, E> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write, E: Encode<W>> ser::SerializeTupleVariant for Compound<'_, W, E> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write, E: Encode<W>> ser::SerializeMap for Compound<'_, W, E> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        if let Kind::Pending(len) = self.kind {
            self.kind = if key.serialize(KeyProbe).is_ok() {
                Kind::Map(self.ser.emit.open_map(len)?)
            } else {
                self.ser.emit.open_cmap(len)?;
                Kind::Cmap { first: true }
            };
        }
        match &mut self.kind {
            Kind::Cmap { first } => {
                // cmap keys are written as values.
                let was_first = std::mem::replace(first, false);
                self.ser.emit.array_item(was_first)?;
                key.serialize(&mut *self.ser)?;
                self.ser.emit.array_item(false)
            }
            Kind::Map(state) => {
                self.ser.emit.map_key(state)?;
                key.serialize(MapKeySerializer {
                    emit: &mut self.ser.emit,
                })?;
                self.ser.emit.map_value()
            }
            Kind::Array { .. } | Kind::Pending(_) => Err(composite_key()),
        }
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write, E: Encode<W>> ser::SerializeStruct for Compound<'_, W, E> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        if let Kind::Map(state) = &mut self.kind {
            self.ser.emit.map_key(state)?;
        }
        self.ser.field_key(key)?;
        self.ser.emit.map_value()?;
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write, E: Encode<W>> ser::SerializeStructVariant for Compound<'_, W, E> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

//////////////////////////////////////////////////////////////////////////////
// Entry points

/// Writes `value` as Transit JSON (compact, with the cache) to `writer`.
///
/// # Errors
///
/// I/O errors, and values Transit cannot express (a `Serialize` impl that fails,
/// a composite map key outside `Value`).
///
/// # Example
///
/// ```
/// let mut out = Vec::new();
/// transit_format::to_writer(&mut out, &vec![1, 2]).unwrap();
/// assert_eq!(out, b"[1,2]");
/// ```
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    write_with::<W, T, Json>(writer, value, Options::compact())
}

/// Writes `value` as Transit JSON to `writer`, compact or verbose and with the
/// cache and key style that `options` say.
///
/// # Errors
///
/// As [`to_writer`].
///
/// # Example
///
/// ```
/// use transit_format::ser::Options;
/// let mut out = Vec::new();
/// transit_format::to_writer_with_options(&mut out, &vec![1, 2], Options::verbose()).unwrap();
/// assert_eq!(out, b"[1,2]");
/// ```
pub fn to_writer_with_options<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
    options: Options,
) -> Result<()> {
    write_with::<W, T, Json>(writer, value, options)
}

/// [`to_writer_with_options`], as bytes.
///
/// # Errors
///
/// As [`to_writer`], without I/O errors.
///
/// # Example
///
/// ```
/// use transit_format::{ser::Options, Keyword};
/// let out = transit_format::to_vec_with_options(&Keyword::new("a"), Options::verbose()).unwrap();
/// assert_eq!(out, br#"{"~#'":"~:a"}"#);
/// ```
pub fn to_vec_with_options<T: ?Sized + Serialize>(value: &T, options: Options) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    to_writer_with_options(&mut out, value, options)?;
    Ok(out)
}

/// [`to_writer_with_options`], as a string.
///
/// # Errors
///
/// As [`to_vec_with_options`].
///
/// # Example
///
/// ```
/// use transit_format::ser::Options;
/// let text = transit_format::to_string_with_options(&"hi", Options::default()).unwrap();
/// assert_eq!(text, r#"["~#'","hi"]"#);
/// ```
pub fn to_string_with_options<T: ?Sized + Serialize>(
    value: &T,
    options: Options,
) -> Result<String> {
    let bytes = to_vec_with_options(value, options)?;
    // The writer writes JSON text, which is UTF-8 by construction.
    String::from_utf8(bytes).map_err(Error::message)
}

/// Writes one value with a cache reused from the thread's last write: a stream of
/// small values written one by one then allocates no cache per value.
pub(crate) fn write_with<W: io::Write, T: ?Sized + Serialize, E: Encode<W>>(
    writer: W,
    value: &T,
    options: Options,
) -> Result<()> {
    let cache = WriteCache::reuse(options.cache && (E::MSGPACK || !options.verbose));
    let mut ser: Serializer<W, E> = Serializer::with_cache(writer, options, cache);
    let result = value.serialize(&mut ser);
    std::mem::replace(&mut ser.emit.cache, WriteCache::new(false)).recycle();
    result
}

/// Writes `value` as JSON-Verbose Transit to `writer`.
///
/// # Errors
///
/// As [`to_writer`].
///
/// # Example
///
/// ```
/// use std::collections::BTreeMap;
/// let mut out = Vec::new();
/// transit_format::to_writer_verbose(&mut out, &BTreeMap::from([("a", 1)])).unwrap();
/// assert_eq!(out, br#"{"a":1}"#);
/// ```
pub fn to_writer_verbose<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    write_with::<W, T, Json>(writer, value, Options::verbose())
}

/// Transit JSON (compact, with the cache) as bytes.
///
/// # Errors
///
/// As [`to_writer`], without I/O errors.
///
/// # Example
///
/// ```
/// assert_eq!(transit_format::to_vec(&"hi").unwrap(), br#"["~#'","hi"]"#);
/// ```
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    to_writer(&mut out, value)?;
    Ok(out)
}

/// JSON-Verbose Transit as bytes.
///
/// # Errors
///
/// As [`to_vec`].
///
/// # Example
///
/// ```
/// assert_eq!(transit_format::to_vec_verbose(&"hi").unwrap(), br#"{"~#'":"hi"}"#);
/// ```
pub fn to_vec_verbose<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    to_writer_verbose(&mut out, value)?;
    Ok(out)
}

/// Transit JSON (compact, with the cache) as a string.
///
/// # Errors
///
/// As [`to_vec`].
///
/// # Example
///
/// ```
/// use transit_format::Value;
/// let v: Value = transit_format::from_str(r#"[["^ ","~:aaaa",1],["^ ","^0",2]]"#).unwrap();
/// assert_eq!(transit_format::to_string(&v).unwrap(), r#"[["^ ","~:aaaa",1],["^ ","^0",2]]"#);
/// ```
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    to_vec(value).map(|bytes| String::from_utf8(bytes).expect("the writer writes UTF-8"))
}

/// JSON-Verbose Transit as a string.
///
/// # Errors
///
/// As [`to_vec`].
///
/// # Example
///
/// ```
/// use transit_format::Value;
/// let v: Value = transit_format::from_str(r#"[["^ ","~:aaaa",1],["^ ","^0",2]]"#).unwrap();
/// assert_eq!(transit_format::to_string_verbose(&v).unwrap(), r#"[{"~:aaaa":1},{"~:aaaa":2}]"#);
/// ```
pub fn to_string_verbose<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    to_vec_verbose(value).map(|bytes| String::from_utf8(bytes).expect("the writer writes UTF-8"))
}
