//! Writing Transit JSON (compact, with the cache) and JSON-Verbose through serde.
//!
//! The output is what transit-clj writes for the same value (spec digest §10):
//! top-level scalars quoted, integers as JSON numbers only within ±(2^53−1), floats
//! spelled as Java does, maps as `["^ ", …]` (objects in verbose mode), cache codes
//! for repeated keys, keywords, symbols and tags.

use std::io;

use base64::Engine;
use serde::ser::{self, Impossible, Serialize};

use crate::cache::{CacheWrite, WriteCache};
use crate::error::{Error, Result};
use crate::number::JavaDouble;
use crate::types::token;

/// Largest integer written as a JSON number (spec digest §6): 2^53 − 1.
const MAX_JSON_INT: i64 = (1 << 53) - 1;

/// How a [`Serializer`] writes.
///
/// ```
/// use transit_format::ser::{Options, Serializer};
/// let mut out = Vec::new();
/// let mut ser = Serializer::with_options(&mut out, Options::compact().string_keys(true));
/// #[derive(serde::Serialize)]
/// struct Point { x: i32 }
/// serde::Serialize::serialize(&Point { x: 1 }, &mut ser).unwrap();
/// assert_eq!(out, br#"["^ ","x",1]"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    verbose: bool,
    cache: bool,
    string_keys: bool,
}

impl Options {
    /// Transit JSON: maps as `["^ ", …]`, the cache on, instants as `~m`.
    pub fn compact() -> Self {
        Options {
            verbose: false,
            cache: true,
            string_keys: false,
        }
    }

    /// JSON-Verbose: maps as objects, tags as `{"~#tag": rep}`, no cache, instants
    /// as `~t` (spec digest §7).
    pub fn verbose() -> Self {
        Options {
            verbose: true,
            cache: false,
            string_keys: false,
        }
    }

    /// Turns the cache of compact mode off (verbose mode never caches). Readers
    /// decode the output to the same values either way.
    pub fn cache(mut self, on: bool) -> Self {
        self.cache = on && !self.verbose;
        self
    }

    /// Writes struct field names as strings (`"name"`) instead of keywords
    /// (`"~:name"`).
    pub fn string_keys(mut self, on: bool) -> Self {
        self.string_keys = on;
        self
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
pub struct Serializer<W> {
    writer: W,
    cache: WriteCache,
    verbose: bool,
    string_keys: bool,
    /// Open containers; 0 means the next value is a top-level one.
    depth: usize,
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
        Serializer {
            writer,
            cache: WriteCache::new(options.cache && !options.verbose),
            verbose: options.verbose,
            string_keys: options.string_keys,
            depth: 0,
        }
    }

    /// The writer back.
    ///
    /// ```
    /// let ser = transit_format::Serializer::new(Vec::<u8>::new());
    /// assert!(ser.into_inner().is_empty());
    /// ```
    pub fn into_inner(self) -> W {
        self.writer
    }

    //////////////////////////////////////////////////////////////////////////
    // Output

    #[inline]
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.write_all(bytes).map_err(Error::io)
    }

    /// Opens a container (array, map, tagged value): a top-level one starts a fresh
    /// cache.
    fn enter(&mut self) {
        if self.depth == 0 {
            self.cache.clear();
        }
        self.depth += 1;
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Writes a scalar with `write`, wrapped in the quote tag when it is the
    /// top-level value (spec digest §5).
    fn scalar(&mut self, write: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        if self.depth > 0 {
            return write(self);
        }
        self.cache.clear();
        self.depth += 1;
        self.write(if self.verbose {
            b"{\"~#'\":"
        } else {
            b"[\"~#'\","
        })?;
        write(self)?;
        self.depth -= 1;
        self.write(if self.verbose { b"}" } else { b"]" })
    }

    /// Writes the wire string `prefix + text`, or its cache code (spec digest §9).
    fn wire_string(&mut self, prefix: &str, text: &str, as_key: bool) -> Result<()> {
        // Only map keys, keywords, symbols and tags can be cached (§9): uuids,
        // numbers and the like as values skip the lookup (which checks the full
        // rule again).
        let mut head = prefix.bytes().chain(text.bytes());
        let cacheable_kind = as_key
            || (head.next() == Some(b'~') && matches!(head.next(), Some(b':' | b'$' | b'#')));
        if cacheable_kind && self.cache.enabled() {
            if let CacheWrite::Code(code, len) = self.cache.lookup(prefix, text, as_key) {
                self.write(b"\"")?;
                self.write(&code[..len])?;
                return self.write(b"\"");
            }
        }
        self.write(b"\"")?;
        // Prefixes are markers (`~:`, `~#`, `~u`, …) with nothing to escape, except
        // a one-character tag's `~` + tag, which may be any character.
        if prefix.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.write(prefix.as_bytes())?;
        } else {
            write_escaped(&mut self.writer, prefix)?;
        }
        write_escaped(&mut self.writer, text)?;
        self.write(b"\"")
    }

    /// A data string: escaped with `~` when it starts with `~`, `^` or a backquote
    /// (spec digest §2).
    fn data_string(&mut self, s: &str, as_key: bool) -> Result<()> {
        let prefix = match s.as_bytes().first() {
            Some(b'~' | b'^' | b'`') => "~",
            _ => "",
        };
        // Data strings as values are never cacheable (§9): skip the lookup.
        if !as_key && prefix.is_empty() {
            self.write(b"\"")?;
            write_escaped(&mut self.writer, s)?;
            return self.write(b"\"");
        }
        self.wire_string(prefix, s, as_key)
    }

    fn tag_marker_open(&mut self, tag: &str) -> Result<()> {
        self.write(if self.verbose { b"{" } else { b"[" })?;
        self.wire_string("~#", tag, false)?;
        self.write(if self.verbose { b":" } else { b"," })
    }

    fn tag_marker_close(&mut self) -> Result<()> {
        self.write(if self.verbose { b"}" } else { b"]" })
    }

    fn integer(&mut self, i: i64, as_key: bool) -> Result<()> {
        let mut buf = itoa::Buffer::new();
        let digits = buf.format(i);
        if as_key || !(-MAX_JSON_INT..=MAX_JSON_INT).contains(&i) {
            self.wire_string("~i", digits, as_key)
        } else {
            self.write(digits.as_bytes())
        }
    }

    fn big_integer(&mut self, digits: &str, as_key: bool) -> Result<()> {
        match digits.parse::<i64>() {
            Ok(i) => self.integer(i, as_key),
            Err(_) => self.wire_string("~n", digits, as_key),
        }
    }

    fn float(&mut self, f: f64, as_key: bool) -> Result<()> {
        let special: Option<&str> = if f.is_nan() {
            Some("NaN")
        } else if f.is_infinite() {
            Some(if f > 0.0 { "INF" } else { "-INF" })
        } else {
            None
        };
        if let Some(rep) = special {
            return self.wire_string("~z", rep, as_key);
        }
        let text = JavaDouble::new(f);
        if as_key {
            self.wire_string("~d", text.as_str(), true)
        } else {
            self.write(text.as_bytes())
        }
    }

    fn float32(&mut self, f: f32, as_key: bool) -> Result<()> {
        // An f32 is written with its own shortest digits (0.1f32 as 0.1, not as the
        // widened 0.10000000149011612), which reads back to the same f32.
        if f.is_finite() {
            let mut buffer = ryu::Buffer::new();
            let widened: f64 = buffer.format_finite(f).parse().expect("ryu output parses");
            self.float(widened, as_key)
        } else {
            self.float(f64::from(f), as_key)
        }
    }

    fn bytes(&mut self, bytes: &[u8], as_key: bool) -> Result<()> {
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        self.wire_string("~b", &encoded, as_key)
    }

    fn char(&mut self, c: char, as_key: bool) -> Result<()> {
        let mut buf = [0; 4];
        self.wire_string("~c", c.encode_utf8(&mut buf), as_key)
    }

    fn instant(&mut self, millis: i64, as_key: bool) -> Result<()> {
        if self.verbose {
            // As transit-java spells it (its calendar, its years), for every year.
            let text = crate::java_time::format(millis);
            self.wire_string("~t", text.as_str(), as_key)
        } else {
            let mut buf = itoa::Buffer::new();
            self.wire_string("~m", buf.format(millis), as_key)
        }
    }

    /// The map header: `["^ "` in compact mode, `{` in verbose mode.
    fn open_map(&mut self) -> Result<State> {
        if self.verbose {
            self.write(b"{")?;
            Ok(State::First)
        } else {
            self.write(b"[\"^ \"")?;
            Ok(State::Rest)
        }
    }

    fn map_close(&self) -> &'static [u8] {
        if self.verbose {
            b"}"
        } else {
            b"]"
        }
    }

    /// The key of an entry: a separator before it, the key, then `:` or `,`.
    fn before_key(&mut self, state: &mut State) -> Result<()> {
        if *state == State::Rest {
            self.write(b",")?;
        }
        *state = State::Rest;
        Ok(())
    }

    fn after_key(&mut self) -> Result<()> {
        self.write(if self.verbose { b":" } else { b"," })
    }

    /// The key of a struct field or enum variant.
    fn field_key(&mut self, name: &str) -> Result<()> {
        if self.string_keys {
            self.data_string(name, true)
        } else {
            self.wire_string("~:", name, true)
        }
    }

    /// `["^ ","~:variant",` / `{"~:variant":` around the content of an enum variant.
    fn open_variant(&mut self, variant: &str) -> Result<()> {
        self.enter();
        let mut state = self.open_map()?;
        self.before_key(&mut state)?;
        self.wire_string("~:", variant, true)?;
        self.after_key()
    }

    fn close_variant(&mut self) -> Result<()> {
        let close = self.map_close();
        self.write(close)?;
        self.leave();
        Ok(())
    }
}

/// Escapes `text` for a JSON string, as transit-java does.
fn write_escaped<W: io::Write>(writer: &mut W, text: &str) -> Result<()> {
    crate::json::write::write_str_contents(writer, text).map_err(Error::io)
}

/// How a map from `serialize_map` is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[doc(hidden)]
pub enum MapMode {
    /// Not a map, or a map whose keys are all stringable so far.
    Plain,
    /// No key seen yet: nothing written.
    Pending,
    /// The first key was composite: `["~#cmap", [k, v, …]]` (spec digest §4).
    Cmap,
}

/// Whether a compound has written an element yet.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[doc(hidden)]
pub enum State {
    First,
    Rest,
}

/// The state of an array, map or struct being written.
#[doc(hidden)]
pub struct Compound<'a, W> {
    ser: &'a mut Serializer<W>,
    state: State,
    /// For `serialize_map`: whether the map is written as `["^ ", …]` or as a cmap,
    /// decided by its first key.
    mode: MapMode,
    /// Closing bytes: `]`, `}`, plus those of an enclosing variant or tag.
    close: &'static [u8],
    /// How many extra levels (variant or tag wrappers) `end` also closes.
    wrappers: usize,
}

impl<W: io::Write> Compound<'_, W> {
    fn finish(mut self) -> Result<()> {
        if self.mode == MapMode::Pending {
            // An empty map.
            self.state = self.ser.open_map()?;
        }
        self.ser.write(self.close)?;
        self.ser.leave();
        for _ in 0..self.wrappers {
            self.ser.leave();
        }
        Ok(())
    }
}

fn close_bytes(verbose: bool, map: bool, wrapped: bool) -> &'static [u8] {
    match (verbose, map, wrapped) {
        (_, false, false) => b"]",
        (false, true, false) => b"]",
        (true, true, false) => b"}",
        (false, false, true) => b"]]",
        (true, false, true) => b"]}",
        (false, true, true) => b"]]",
        (true, true, true) => b"}}",
    }
}

impl<'a, W: io::Write> ser::Serializer for &'a mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.scalar(|s| s.write(if v { b"true" } else { b"false" }))
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

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.scalar(|s| s.integer(v, false))
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        match i64::try_from(v) {
            Ok(i) => self.serialize_i64(i),
            Err(_) => self.scalar(|s| s.wire_string("~n", &v.to_string(), false)),
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
            Err(_) => self.scalar(|s| s.wire_string("~n", &v.to_string(), false)),
        }
    }

    fn serialize_f32(self, v: f32) -> Result<()> {
        self.scalar(|s| s.float32(v, false))
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        self.scalar(|s| s.float(v, false))
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.scalar(|s| s.char(v, false))
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.scalar(|s| s.data_string(v, false))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.scalar(|s| s.bytes(v, false))
    }

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.scalar(|s| s.write(b"null"))
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
        self.scalar(|s| s.wire_string("~:", variant, false))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if let Some(prefix) = scalar_prefix(name) {
            return self.scalar(|s| {
                value.serialize(PrefixedStr {
                    ser: s,
                    prefix,
                    as_key: false,
                })
            });
        }
        match name {
            token::INSTANT => self.scalar(|s| {
                value.serialize(InstantEmitter {
                    ser: s,
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
                self.enter();
                self.tag_marker_open(tag)?;
                value.serialize(&mut *self)?;
                self.tag_marker_close()?;
                self.leave();
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

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        self.enter();
        self.write(b"[")?;
        Ok(Compound {
            ser: self,
            state: State::First,
            mode: MapMode::Plain,
            close: b"]",
            wrappers: 0,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.open_variant(variant)?;
        self.enter();
        self.write(b"[")?;
        let close = close_bytes(self.verbose, false, true);
        Ok(Compound {
            ser: self,
            state: State::First,
            mode: MapMode::Plain,
            close,
            wrappers: 1,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        // The header waits for the first key: a composite one makes a cmap.
        self.enter();
        let close = self.map_close();
        Ok(Compound {
            ser: self,
            state: State::First,
            mode: MapMode::Pending,
            close,
            wrappers: 0,
        })
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        self.enter();
        let state = self.open_map()?;
        let close = self.map_close();
        Ok(Compound {
            ser: self,
            state,
            mode: MapMode::Plain,
            close,
            wrappers: 0,
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.open_variant(variant)?;
        self.enter();
        let state = self.open_map()?;
        let close = close_bytes(self.verbose, true, true);
        Ok(Compound {
            ser: self,
            state,
            mode: MapMode::Plain,
            close,
            wrappers: 1,
        })
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.serialize_str(&value.to_string())
    }
}

impl<W: io::Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if self.state == State::Rest {
            self.ser.write(b",")?;
        }
        self.state = State::Rest;
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        if self.mode == MapMode::Pending {
            if key.serialize(KeyProbe).is_ok() {
                self.state = self.ser.open_map()?;
                self.mode = MapMode::Plain;
            } else {
                self.ser.tag_marker_open("cmap")?;
                self.ser.write(b"[")?;
                self.close = if self.ser.verbose { b"]}" } else { b"]]" };
                self.mode = MapMode::Cmap;
            }
        }
        if self.mode == MapMode::Cmap {
            // cmap keys are written as values (spec digest §4).
            if self.state == State::Rest {
                self.ser.write(b",")?;
            }
            self.state = State::Rest;
            key.serialize(&mut *self.ser)?;
            return self.ser.write(b",");
        }
        self.ser.before_key(&mut self.state)?;
        key.serialize(MapKeySerializer {
            ser: &mut *self.ser,
        })?;
        self.ser.after_key()
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.ser.before_key(&mut self.state)?;
        self.ser.field_key(key)?;
        self.ser.after_key()?;
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeStructVariant for Compound<'_, W> {
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
// Emitters for the private tokens

fn expected(what: &str) -> Error {
    Error::message(format_args!(
        "expected {what} inside a Transit extension type"
    ))
}

/// Receives the text of a keyword, symbol, URI, uuid, big number: writes
/// `prefix + text` as one wire string.
struct PrefixedStr<'a, W> {
    ser: &'a mut Serializer<W>,
    prefix: &'static str,
    as_key: bool,
}

macro_rules! only_str {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<()> {
            Err(expected("a string"))
        }
    )*};
}

macro_rules! impossible_compounds {
    ($what:expr) => {
        type SerializeSeq = Impossible<(), Error>;
        type SerializeTuple = Impossible<(), Error>;
        type SerializeTupleStruct = Impossible<(), Error>;
        type SerializeTupleVariant = Impossible<(), Error>;
        type SerializeMap = Impossible<(), Error>;
        type SerializeStruct = Impossible<(), Error>;
        type SerializeStructVariant = Impossible<(), Error>;

        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
            Err($what)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
            Err($what)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct> {
            Err($what)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant> {
            Err($what)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
            Err($what)
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
            Err($what)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant> {
            Err($what)
        }
    };
}

impl<W: io::Write> ser::Serializer for PrefixedStr<'_, W> {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(expected("a string"));

    fn serialize_str(self, v: &str) -> Result<()> {
        self.ser.wire_string(self.prefix, v, self.as_key)
    }

    only_str!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(expected("a string"))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(expected("a string"))
    }
}

/// Receives an instant as milliseconds since the epoch.
struct InstantEmitter<'a, W> {
    ser: &'a mut Serializer<W>,
    as_key: bool,
}

impl<W: io::Write> ser::Serializer for InstantEmitter<'_, W> {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(expected("milliseconds"));

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.ser.instant(v, self.as_key)
    }

    fn serialize_str(self, _: &str) -> Result<()> {
        Err(expected("milliseconds"))
    }

    fn serialize_bool(self, _: bool) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.serialize_i64(i64::try_from(v).map_err(|_| expected("milliseconds"))?)
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_char(self, _: char) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_none(self) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_unit(self) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<()> {
        Err(expected("milliseconds"))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(expected("milliseconds"))
    }
}

/// Receives a tagged value as the pair `(tag, rep)`.
struct TaggedEmitter<'a, W> {
    ser: &'a mut Serializer<W>,
}

/// The prefix of a scalar whose rep travels as a string under one of the private
/// names (keyword, symbol, uri, big numbers, uuid), for values and map keys alike.
#[inline(always)]
fn scalar_prefix(name: &str) -> Option<&'static str> {
    Some(match name {
        token::KEYWORD => "~:",
        token::SYMBOL => "~$",
        token::URI => "~r",
        token::BIG_INT => "~n",
        token::BIG_DECIMAL => "~f",
        token::UUID => "~u",
        _ => return None,
    })
}

/// The state of a tagged value being written: the tag arrives first.
#[doc(hidden)]
pub struct TaggedPair<'a, W> {
    ser: &'a mut Serializer<W>,
    tag: Option<String>,
    written: bool,
}

impl<'a, W: io::Write> ser::Serializer for TaggedEmitter<'a, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = TaggedPair<'a, W>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_tuple(self, len: usize) -> Result<TaggedPair<'a, W>> {
        if len != 2 {
            return Err(expected("a (tag, rep) pair"));
        }
        Ok(TaggedPair {
            ser: self.ser,
            tag: None,
            written: false,
        })
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(expected("a (tag, rep) pair"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(expected("a (tag, rep) pair"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(expected("a (tag, rep) pair"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(expected("a (tag, rep) pair"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(expected("a (tag, rep) pair"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(expected("a (tag, rep) pair"))
    }
    only_str!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(expected("a (tag, rep) pair"))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<()> {
        Err(expected("a (tag, rep) pair"))
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(expected("a (tag, rep) pair"))
    }
}

impl<W: io::Write> ser::SerializeTuple for TaggedPair<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if self.written {
            return Err(expected("a (tag, rep) pair"));
        }
        match self.tag.take() {
            None => {
                self.tag = Some(value.serialize(StringCapture)?);
                Ok(())
            }
            Some(tag) => {
                // A one-character tag with a string rep is written in string form,
                // `"~Xrep"` (quoted at top level); anything else as `["~#tag", rep]`.
                if crate::types::has_string_form(&tag) {
                    if let Ok(rep) = value.serialize(StringCapture) {
                        self.written = true;
                        let prefix = format!("~{tag}");
                        return self.ser.scalar(|s| s.wire_string(&prefix, &rep, false));
                    }
                }
                self.ser.enter();
                self.ser.tag_marker_open(&tag)?;
                value.serialize(&mut *self.ser)?;
                self.ser.tag_marker_close()?;
                self.ser.leave();
                self.written = true;
                Ok(())
            }
        }
    }

    fn end(self) -> Result<()> {
        Ok(())
    }
}

/// Writes map keys: every key is a string on the wire (spec digest §3 "as map key").
struct MapKeySerializer<'a, W> {
    ser: &'a mut Serializer<W>,
}

fn composite_key() -> Error {
    Error::message(
        "a composite map key after stringable ones: a map is written as a cmap only when its first key is composite (use transit_format::Value for maps with mixed keys)",
    )
}

/// Checks, writing nothing, whether a map key is stringable (its tag is one
/// character, spec digest §4): composite keys make the map a cmap.
struct KeyProbe;

impl ser::Serializer for KeyProbe {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(composite_key());

    fn serialize_bool(self, _: bool) -> Result<()> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<()> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<()> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<()> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<()> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<()> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<()> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<()> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<()> {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Ok(())
    }
    fn serialize_char(self, _: char) -> Result<()> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<()> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Ok(())
    }
    fn serialize_none(self) -> Result<()> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<()> {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        match name {
            token::SET | token::LIST | token::CMAP | token::LINK => Err(composite_key()),
            token::TAGGED => {
                let (tag, _) = value.serialize(PairCapture)?;
                if crate::types::has_string_form(&tag) {
                    Ok(())
                } else {
                    Err(composite_key())
                }
            }
            name if crate::magic::is_token(name) => Ok(()),
            _ => value.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(composite_key())
    }
}

impl<W: io::Write> ser::Serializer for MapKeySerializer<'_, W> {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(composite_key());

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.ser.wire_string("~?", if v { "t" } else { "f" }, true)
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.ser.integer(v.into(), true)
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.ser.integer(v.into(), true)
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.ser.integer(v.into(), true)
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.ser.integer(v, true)
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        self.ser.big_integer(&v.to_string(), true)
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.ser.integer(v.into(), true)
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.ser.integer(v.into(), true)
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.ser.integer(v.into(), true)
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.ser.big_integer(&v.to_string(), true)
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        self.ser.big_integer(&v.to_string(), true)
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.ser.float32(v, true)
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.ser.float(v, true)
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.ser.char(v, true)
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.ser.data_string(v, true)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.ser.bytes(v, true)
    }
    fn serialize_none(self) -> Result<()> {
        self.ser.wire_string("~_", "", true)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.ser.wire_string("~:", variant, true)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if let Some(prefix) = scalar_prefix(name) {
            return value.serialize(PrefixedStr {
                ser: self.ser,
                prefix,
                as_key: true,
            });
        }
        match name {
            token::INSTANT => value.serialize(InstantEmitter {
                ser: self.ser,
                as_key: true,
            }),
            token::TAGGED => {
                // Only a one-character tag with a string rep is a scalar (§4).
                let (tag, rep) = value.serialize(PairCapture).map_err(|_| composite_key())?;
                if !crate::types::has_string_form(&tag) {
                    return Err(composite_key());
                }
                let prefix = format!("~{tag}");
                self.ser.wire_string(&prefix, &rep, true)
            }
            token::SET | token::LIST | token::CMAP | token::LINK => Err(composite_key()),
            _ => value.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(composite_key())
    }
}

/// Captures a value that serializes as a string (the tag of a tagged value, or a
/// rep that may take the string form); anything else is an error.
struct StringCapture;

impl ser::Serializer for StringCapture {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Impossible<String, Error>;
    type SerializeTuple = Impossible<String, Error>;
    type SerializeTupleStruct = Impossible<String, Error>;
    type SerializeTupleVariant = Impossible<String, Error>;
    type SerializeMap = Impossible<String, Error>;
    type SerializeStruct = Impossible<String, Error>;
    type SerializeStructVariant = Impossible<String, Error>;

    fn serialize_str(self, v: &str) -> Result<String> {
        Ok(v.to_owned())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<String> {
        if name.starts_with("$transit::private::") {
            return Err(expected("a string"));
        }
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_i64(self, _: i64) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_u64(self, _: u64) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_i8(self, _: i8) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_i16(self, _: i16) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_i32(self, _: i32) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_u8(self, _: u8) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_u16(self, _: u16) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_u32(self, _: u32) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_f32(self, _: f32) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_f64(self, _: f64) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_char(self, _: char) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_none(self) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_unit(self) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String> {
        Err(expected("a string"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(expected("a string"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(expected("a string"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(expected("a string"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(expected("a string"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(expected("a string"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(expected("a string"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(expected("a string"))
    }
}

/// Captures a `(tag, rep)` pair whose rep is a string: a tagged value used as a map
/// key must be a scalar.
struct PairCapture;

/// The state of [`PairCapture`].
struct PairState(Vec<String>);

impl ser::SerializeTuple for PairState {
    type Ok = (String, String);
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.0.push(value.serialize(StringCapture)?);
        Ok(())
    }
    fn end(mut self) -> Result<(String, String)> {
        let rep = self.0.pop().ok_or_else(|| expected("a (tag, rep) pair"))?;
        let tag = self.0.pop().ok_or_else(|| expected("a (tag, rep) pair"))?;
        Ok((tag, rep))
    }
}

impl ser::Serializer for PairCapture {
    type Ok = (String, String);
    type Error = Error;
    type SerializeSeq = Impossible<(String, String), Error>;
    type SerializeTuple = PairState;
    type SerializeTupleStruct = Impossible<(String, String), Error>;
    type SerializeTupleVariant = Impossible<(String, String), Error>;
    type SerializeMap = Impossible<(String, String), Error>;
    type SerializeStruct = Impossible<(String, String), Error>;
    type SerializeStructVariant = Impossible<(String, String), Error>;

    fn serialize_tuple(self, _: usize) -> Result<PairState> {
        Ok(PairState(Vec::with_capacity(2)))
    }
    fn serialize_str(self, _: &str) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_bool(self, _: bool) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_i64(self, _: i64) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_u64(self, _: u64) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_i8(self, _: i8) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_i16(self, _: i16) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_i32(self, _: i32) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_u8(self, _: u8) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_u16(self, _: u16) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_u32(self, _: u32) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_f32(self, _: f32) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_f64(self, _: f64) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_char(self, _: char) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok> {
        Err(expected("a pair"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(expected("a pair"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(expected("a pair"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(expected("a pair"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(expected("a pair"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(expected("a pair"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(expected("a pair"))
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
    write_with(writer, value, Options::compact())
}

/// Writes one value with a cache reused from the thread's last write: a stream of
/// small values written one by one then allocates no cache per value.
fn write_with<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
    options: Options,
) -> Result<()> {
    let mut ser = Serializer::with_options(writer, options);
    ser.cache = WriteCache::reuse(options.cache && !options.verbose);
    let result = value.serialize(&mut ser);
    ser.cache.recycle();
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
    write_with(writer, value, Options::verbose())
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
