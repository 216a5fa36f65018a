//! Reading Transit JSON and JSON-Verbose: the one-pass parser and its serde face.
//!
//! One reader serves both modes without being told which (spec digest §1): a map
//! may come as `["^ ", k, v, …]` or as a JSON object, a tag as `["~#t", rep]` or as
//! `{"~#t": rep}`. The JSON grammar and the Transit rules are applied in the same
//! pass over the bytes; there is no intermediate JSON tree.

use std::io;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned};

use crate::cache::{self, ReadCache};
use crate::decode::{self, Decoded};
use crate::error::{Error, ErrorCode, Result};
pub use crate::read::{IoRead, Read, SliceRead, StrRead};
use std::sync::Arc;

use crate::magic::MagicAccess;
use crate::read::{Position, Reference};
use crate::types::token;
use crate::value::{hand_over, visit_keyword, visit_value, Hint, Map, ReadHandlers, Value};

/// Nesting depth allowed by default: arrays, maps and tagged values each count one.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// A Transit deserializer over a [`Read`] source.
///
/// Reads one top-level value per call, each with a fresh cache (spec digest §9
/// "Lifetime"), so a stream of values back to back is read with
/// [`into_iter`](Deserializer::into_iter).
///
/// ```
/// use transit_format::{Deserializer, Value};
/// let mut de = Deserializer::from_str(r#"["~#'",1] ["^ ","~:a",2]"#);
/// let values: Vec<Value> = de.into_iter::<Value>().collect::<Result<_, _>>().unwrap();
/// assert_eq!(values.len(), 2);
/// ```
pub struct Deserializer<R> {
    read: R,
    scratch: Vec<u8>,
    cache: ReadCache<Cached>,
    max_depth: usize,
    remaining_depth: usize,
    handlers: Option<Arc<ReadHandlers>>,
    /// Items of the arrays and entries of the maps being read, innermost last:
    /// each collection is moved out at its end with its exact size, so building a
    /// `Value` never regrows a vector or rehashes a map.
    items: Vec<Value>,
    entries: Vec<(Value, Value)>,
    /// Finds repeated keys in large maps; reused from map to map.
    seen_keys: hashbrown::HashTable<u32>,
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
        Deserializer {
            read,
            scratch: Vec::new(),
            cache: ReadCache::default(),
            max_depth: DEFAULT_MAX_DEPTH,
            remaining_depth: DEFAULT_MAX_DEPTH,
            handlers: None,
            items: Vec::new(),
            entries: Vec::new(),
            seen_keys: hashbrown::HashTable::new(),
        }
    }

    /// Sets the read handlers that turn tags into typed values when decoding into
    /// [`Value`] (see [`ReadHandlers`]; [`crate::penpot::read_handlers`] has
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

    /// Sets how deeply arrays, maps and tagged values may nest (128 by default).
    /// Deeper input is an error, never a stack overflow.
    ///
    /// ```
    /// use transit_format::{Deserializer, Value};
    /// let mut de = Deserializer::from_str("[[[1]]]");
    /// de.set_max_depth(2);
    /// assert_eq!(de.parse_value().unwrap_err().to_string(), "recursion limit exceeded at line 1 column 3");
    /// ```
    pub fn set_max_depth(&mut self, depth: usize) -> &mut Self {
        self.max_depth = depth;
        self.remaining_depth = depth;
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
        self.read.set_limit(bytes);
        self
    }

    /// Checks that only whitespace is left in the input.
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_str("[1] x");
    /// de.parse_value().unwrap();
    /// assert!(de.end().is_err());
    /// ```
    pub fn end(&mut self) -> Result<()> {
        match self.read.skip_whitespace()? {
            None => Ok(()),
            Some(_) => Err(self.peek_error(ErrorCode::TrailingCharacters)),
        }
    }

    /// Turns the deserializer into an iterator over the values of a stream, back to
    /// back or separated by whitespace.
    ///
    /// ```
    /// use transit_format::{Deserializer, Value};
    /// let stream = "[\"~#'\",1]\n[\"~#'\",2]\n";
    /// let ints: Vec<Value> = Deserializer::from_str(stream).into_iter().map(Result::unwrap).collect();
    /// assert_eq!(ints, vec![Value::Integer(1), Value::Integer(2)]);
    /// ```
    // Not `IntoIterator`: the caller chooses the item type `T` (as serde_json does).
    #[allow(clippy::should_implement_trait)]
    pub fn into_iter<T: de::Deserialize<'de>>(self) -> StreamDeserializer<'de, R, T> {
        StreamDeserializer {
            de: self,
            failed: false,
            output: PhantomData,
            lifetime: PhantomData,
        }
    }

    /// Reads the next top-level value into a [`Value`], the fast way (no serde
    /// visitor in between).
    ///
    /// ```
    /// let mut de = transit_format::Deserializer::from_str(r#"["~#set",[1]]"#);
    /// assert_eq!(de.parse_value().unwrap().to_string(), "#{1}");
    /// ```
    pub fn parse_value(&mut self) -> Result<Value> {
        self.cache.clear();
        // Left over from a value that failed.
        self.items.clear();
        self.entries.clear();
        self.remaining_depth = self.max_depth;
        self.parse_any()
    }

    //////////////////////////////////////////////////////////////////////////
    // Errors and positions

    #[cold]
    fn error_at(&self, code: ErrorCode, position: Position) -> Error {
        Error::syntax(code, position.line, position.column)
    }

    #[cold]
    fn error(&self, code: ErrorCode) -> Error {
        self.error_at(code, self.read.position())
    }

    #[cold]
    fn peek_error(&self, code: ErrorCode) -> Error {
        self.error_at(code, self.read.peek_position())
    }

    /// Gives errors made without a position (tag decoders, serde) the current one.
    #[cold]
    pub(crate) fn fix_position(&self, err: Error) -> Error {
        err.fix_position(|| {
            let p = self.read.position();
            (p.line, p.column)
        })
    }

    //////////////////////////////////////////////////////////////////////////
    // JSON tokens

    fn peek_nonspace(&mut self) -> Result<Option<u8>> {
        self.read.skip_whitespace()
    }

    fn enter(&mut self) -> Result<()> {
        if self.remaining_depth == 0 {
            return Err(self.error(ErrorCode::RecursionLimitExceeded));
        }
        self.remaining_depth -= 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.remaining_depth += 1;
    }

    fn expect_literal(&mut self, rest: &[u8], value: Value) -> Result<Value> {
        for &expected in rest {
            match self.read.next()? {
                Some(b) if b == expected => {}
                Some(_) => return Err(self.error(ErrorCode::ExpectedSomeValue)),
                None => return Err(self.error(ErrorCode::EofWhileParsingValue)),
            }
        }
        Ok(value)
    }

    /// A JSON number token: an integer when it has no fraction or exponent (`2` is
    /// an int, `2.0` a float, spec digest §3), a big integer past `i64`.
    fn parse_number(&mut self, first: u8) -> Result<Value> {
        self.scratch.clear();
        self.scratch.push(first);
        // Fast path: an integer is accumulated digit by digit as it is scanned; only
        // fractions, exponents and integers past 64 bits go through the text.
        let negative = first == b'-';
        let mut magnitude = if negative { 0 } else { u64::from(first - b'0') };
        let mut digits = usize::from(!negative);
        let mut fits = true;
        let mut integer = true;
        // Digits before the point, when there is exactly one point and no exponent.
        let mut point_at: Option<usize> = None;
        let mut plain_fraction = true;
        while let Some(b) = self.read.peek()? {
            match b {
                b'0'..=b'9' => {
                    digits += 1;
                    match magnitude
                        .checked_mul(10)
                        .and_then(|m| m.checked_add(u64::from(b - b'0')))
                    {
                        Some(m) => magnitude = m,
                        None => fits = false,
                    }
                }
                b'.' => {
                    integer = false;
                    plain_fraction &= point_at.is_none();
                    point_at = Some(digits);
                }
                b'e' | b'E' | b'+' | b'-' => {
                    integer = false;
                    plain_fraction = false;
                }
                _ => break,
            }
            self.scratch.push(b);
            self.read.discard();
        }
        let leading_zero = self.scratch.get(usize::from(negative)) == Some(&b'0') && digits > 1;
        if integer && fits && digits > 0 && !leading_zero {
            if !negative && magnitude <= i64::MAX as u64 {
                return Ok(Value::Integer(magnitude as i64));
            }
            if negative && magnitude <= i64::MAX as u64 + 1 {
                return Ok(Value::Integer((magnitude as i64).wrapping_neg()));
            }
        }
        if let (true, true, Some(whole)) = (plain_fraction, fits, point_at) {
            if let Some(f) = fast_fraction(magnitude, whole, digits - whole, leading_zero) {
                return Ok(Value::Float(if negative { -f } else { f }));
            }
        }
        let at_end = self.read.peek()?.is_none();
        let text = std::str::from_utf8(&self.scratch).expect("only ASCII was pushed");
        match json_number_kind(text.as_bytes()) {
            // `-`, `1.` or `1e` at the end of the input: more bytes could complete it.
            None if at_end => Err(self.error(ErrorCode::EofWhileParsingValue)),
            None => Err(self.error(ErrorCode::InvalidNumber)),
            Some(NumberKind::Integer) => match text.parse::<i64>() {
                Ok(i) => Ok(Value::Integer(i)),
                Err(_) => Ok(Value::BigInt(
                    crate::types::BigInt::parse(text).expect("checked digits"),
                )),
            },
            Some(NumberKind::Float) => match text.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Value::Float(f)),
                _ => Err(self.error(ErrorCode::NumberOutOfRange)),
            },
        }
    }

    //////////////////////////////////////////////////////////////////////////
    // Transit

    /// Reads the rest of a string whose opening quote was consumed and decodes it,
    /// recording it in the cache when it is cacheable (spec digest §8
    /// `decodeString`). `as_key` is true for map keys (of `"^ "` arrays and of
    /// objects), which makes more strings cacheable.
    fn parse_string(&mut self, as_key: bool) -> Result<Decoded> {
        let consumed = self.read.byte_offset();
        let s = self.read.parse_str(&mut self.scratch)?;
        let wire = decode_wire(&mut self.cache, &s, as_key, consumed);
        let decoded = wire.and_then(|wire| self.resolve(wire, consumed));
        decoded.map_err(|code| self.error(code))
    }

    /// A string read where a value is expected, as a value: a tag there is an error.
    fn string_value(&mut self, decoded: Decoded) -> Result<Value> {
        match decoded {
            Decoded::Value(v) => Ok(v),
            Decoded::Tag(tag) => Err(self.error(ErrorCode::TagOutsideTagPosition(
                crate::error::snippet(&format!("~#{tag}")),
            ))),
        }
    }

    fn parse_any(&mut self) -> Result<Value> {
        let Some(b) = self.peek_nonspace()? else {
            return Err(self.peek_error(ErrorCode::EofWhileParsingValue));
        };
        self.read.discard();
        match b {
            b'"' => {
                let decoded = self.parse_string(false)?;
                self.string_value(decoded)
            }
            b'[' => {
                self.enter()?;
                let value = self.parse_array();
                self.leave();
                value
            }
            b'{' => {
                self.enter()?;
                let value = self.parse_object();
                self.leave();
                value
            }
            b'-' | b'0'..=b'9' => self.parse_number(b),
            b't' => self.expect_literal(b"rue", Value::Bool(true)),
            b'f' => self.expect_literal(b"alse", Value::Bool(false)),
            b'n' => self.expect_literal(b"ull", Value::Null),
            _ => Err(self.error(ErrorCode::ExpectedSomeValue)),
        }
    }

    /// After `,` or `]` in an array: true when another item follows.
    fn array_continues(&mut self) -> Result<bool> {
        match self.peek_nonspace()? {
            Some(b',') => {
                self.read.discard();
                Ok(true)
            }
            Some(b']') => {
                self.read.discard();
                Ok(false)
            }
            Some(_) => Err(self.peek_error(ErrorCode::ExpectedArrayCommaOrEnd)),
            None => Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        }
    }

    /// An array whose `[` was consumed: a map (`"^ "` head), a tagged value (a tag
    /// head and exactly one rep), or a plain array.
    fn parse_array(&mut self) -> Result<Value> {
        let first = match self.peek_nonspace()? {
            Some(b']') => {
                self.read.discard();
                return Ok(Value::Array(Box::default()));
            }
            Some(b'"') => {
                self.read.discard();
                let consumed = self.read.byte_offset();
                let s = self.read.parse_str(&mut self.scratch)?;
                // The marker `"^ "` is neither data nor a cache code (spec digest §2).
                if &*s == "^ " {
                    return self.parse_map_as_array();
                }
                let wire = decode_wire(&mut self.cache, &s, false, consumed);
                let decoded = wire.and_then(|wire| self.resolve(wire, consumed));
                match decoded.map_err(|code| self.error(code))? {
                    Decoded::Tag(tag) => return self.parse_tagged_array(tag),
                    Decoded::Value(v) => v,
                }
            }
            Some(_) => self.parse_any()?,
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        };
        let start = self.items.len();
        self.items.push(first);
        while self.array_continues()? {
            let item = self.parse_any()?;
            self.items.push(item);
        }
        Ok(Value::Array(self.items.drain(start..).collect()))
    }

    /// `["~#tag", rep]`: the tag was read; read the rep and the closing bracket.
    fn parse_tagged_array(&mut self, tag: std::sync::Arc<str>) -> Result<Value> {
        match self.peek_nonspace()? {
            Some(b',') => self.read.discard(),
            Some(_) => {
                return Err(
                    self.peek_error(ErrorCode::TagWithoutOneRep(crate::error::snippet(&tag)))
                )
            }
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        }
        let rep = self.parse_any()?;
        match self.peek_nonspace()? {
            Some(b']') => self.read.discard(),
            Some(_) => {
                return Err(
                    self.peek_error(ErrorCode::TagWithoutOneRep(crate::error::snippet(&tag)))
                )
            }
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        }
        self.apply_tag(tag, rep)
    }

    /// A tag's value from its rep: a read handler's, else the built-in decoding.
    fn apply_tag(&self, tag: Arc<str>, rep: Value) -> Result<Value> {
        if let Some(handlers) = &self.handlers {
            if !decode::is_builtin_tag(&tag) {
                if let Some(handler) = handlers.get(&tag) {
                    return handler(rep).map_err(|msg| {
                        self.error(ErrorCode::Message(format!("tag {tag:?}: {msg}").into()))
                    });
                }
            }
        }
        decode::apply_tag(tag, rep).map_err(|code| self.error(code))
    }

    /// A map key: strings decode with `as_key` (more of them are cached); other
    /// JSON values are taken as they are.
    fn parse_key(&mut self) -> Result<Value> {
        match self.peek_nonspace()? {
            Some(b'"') => {
                self.read.discard();
                match self.parse_string(true)? {
                    Decoded::Value(v) => Ok(v),
                    Decoded::Tag(tag) => Err(self.error(ErrorCode::TagOutsideTagPosition(
                        crate::error::snippet(&format!("~#{tag}")),
                    ))),
                }
            }
            _ => self.parse_any(),
        }
    }

    /// `["^ ", k, v, …]` after the marker.
    fn parse_map_as_array(&mut self) -> Result<Value> {
        let start = self.entries.len();
        while self.array_continues()? {
            let key = self.parse_key()?;
            if !self.array_continues()? {
                return Err(self.error(ErrorCode::MapAsArrayOddLength));
            }
            let value = self.parse_any()?;
            self.entries.push((key, value));
        }
        Ok(Value::Map(Map::from_entries(
            self.entries.drain(start..),
            &mut self.seen_keys,
        )))
    }

    /// A JSON object whose `{` was consumed: a tagged value when its only key is a
    /// tag (verbose mode, spec digest §7), else a map.
    fn parse_object(&mut self) -> Result<Value> {
        let start = self.entries.len();
        match self.peek_nonspace()? {
            Some(b'}') => {
                self.read.discard();
                return Ok(Value::Map(Map::new()));
            }
            Some(b'"') => {}
            Some(_) => return Err(self.peek_error(ErrorCode::KeyMustBeAString)),
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingObject)),
        }
        let mut first = true;
        loop {
            if !first {
                match self.peek_nonspace()? {
                    Some(b'"') => {}
                    Some(_) => return Err(self.peek_error(ErrorCode::KeyMustBeAString)),
                    None => return Err(self.peek_error(ErrorCode::EofWhileParsingObject)),
                }
            }
            self.read.discard();
            let key = self.parse_string(true)?;
            self.parse_colon()?;
            match key {
                Decoded::Tag(tag) if first => {
                    let rep = self.parse_any()?;
                    match self.peek_nonspace()? {
                        Some(b'}') => self.read.discard(),
                        Some(_) => {
                            return Err(self.peek_error(ErrorCode::TagWithoutOneRep(
                                crate::error::snippet(&tag),
                            )))
                        }
                        None => return Err(self.peek_error(ErrorCode::EofWhileParsingObject)),
                    }
                    return self.apply_tag(tag, rep);
                }
                Decoded::Tag(tag) => {
                    return Err(self.error(ErrorCode::TagOutsideTagPosition(
                        crate::error::snippet(&format!("~#{tag}")),
                    )))
                }
                Decoded::Value(key) => {
                    let value = self.parse_any()?;
                    self.entries.push((key, value));
                }
            }
            first = false;
            match self.peek_nonspace()? {
                Some(b',') => self.read.discard(),
                Some(b'}') => {
                    self.read.discard();
                    return Ok(Value::Map(Map::from_entries(
                        self.entries.drain(start..),
                        &mut self.seen_keys,
                    )));
                }
                Some(_) => return Err(self.peek_error(ErrorCode::ExpectedObjectCommaOrEnd)),
                None => return Err(self.peek_error(ErrorCode::EofWhileParsingObject)),
            }
        }
    }

    fn parse_colon(&mut self) -> Result<()> {
        match self.peek_nonspace()? {
            Some(b':') => {
                self.read.discard();
                Ok(())
            }
            Some(_) => Err(self.peek_error(ErrorCode::ExpectedColon)),
            None => Err(self.peek_error(ErrorCode::EofWhileParsingObject)),
        }
    }
}

/// How many bytes cache hits may copy within one top-level value: 1 MiB plus 16
/// per byte of input read so far. Far beyond real documents (a hit copies the few
/// bytes of a map key, if anything), small enough that a hostile one cannot turn
/// kilobytes into gigabytes through repeated codes.
const CACHE_COPIES_SLACK: usize = 1 << 20;
const CACHE_COPIES_PER_BYTE: usize = 16;

/// Heap bytes a cache hit copies.
fn copied_bytes(decoded: &Decoded) -> usize {
    match decoded {
        Decoded::Value(Value::String(s)) => s.len(),
        Decoded::Value(Value::Bytes(b)) => b.len(),
        Decoded::Value(Value::BigInt(n)) => n.as_str().len(),
        Decoded::Value(Value::BigDecimal(d)) => d.as_str().len(),
        Decoded::Value(Value::Uri(u)) => u.as_str().len(),
        Decoded::Value(Value::Tagged(t)) => 64 + t.rep().as_str().map_or(0, str::len),
        _ => 0,
    }
}

/// What the read cache holds for one entry.
#[derive(Clone, Debug)]
enum Cached {
    /// The decoded value, shared by hits (a keyword) or copied (a string).
    Decoded(Decoded),
    /// Plain data or a keyword that typed decoding handed on borrowed: where its
    /// wire text is in the input (slice readers only). A typed hit borrows it again;
    /// a `Value` hit decodes it once and keeps the decoded form. Typed decoding
    /// thus records a map key without making a string or keyword of it.
    Span { start: usize, len: usize },
}

/// A wire string as far as [`decode_wire`] can take it without the reader.
enum Wire {
    Decoded(Decoded),
    /// A hit on a [`Cached::Span`] entry, at `index` in the cache.
    Span {
        index: usize,
        start: usize,
        len: usize,
    },
}

/// Counts a hit's copied bytes against the limit of the current top-level value.
fn count_copies(
    cache: &mut ReadCache<Cached>,
    hit: &Decoded,
    consumed: usize,
) -> std::result::Result<(), ErrorCode> {
    // Keywords, symbols, tags and strings are shared by a hit, but other text is
    // copied, and a typed visitor copies a string it is handed: a 4-byte code can
    // repeat a megabyte-long map key. The copies of one top-level value are
    // limited, as a zip bomb's would be.
    cache.copied += copied_bytes(hit);
    let allowed = CACHE_COPIES_SLACK + CACHE_COPIES_PER_BYTE * consumed;
    if cache.copied > allowed {
        return Err(ErrorCode::CacheExpansion(allowed));
    }
    Ok(())
}

/// Decodes a wire string, answering cache codes from `cache` and recording
/// cacheable strings in it (spec digest §8 `decodeString`). `as_key` is true for map
/// keys (of `"^ "` arrays and of objects), which makes more strings cacheable.
/// A hit on an entry kept as a place in the input is finished by
/// [`Deserializer::resolve`], which can read the input again.
#[inline(always)]
fn decode_wire(
    cache: &mut ReadCache<Cached>,
    s: &str,
    as_key: bool,
    consumed: usize,
) -> std::result::Result<Wire, ErrorCode> {
    if cache::is_cache_code(s) {
        let entry = cache::code_to_index(s).and_then(|i| Some((i, cache.entry(i)?)));
        let hit = match entry {
            Some((_, Cached::Decoded(hit))) => hit.clone(),
            Some((index, &Cached::Span { start, len })) => {
                return Ok(Wire::Span { index, start, len })
            }
            None => return Err(ErrorCode::UnknownCacheCode(crate::error::snippet(s))),
        };
        count_copies(cache, &hit, consumed)?;
        return Ok(Wire::Decoded(hit));
    }
    let decoded = decode::decode_string(s, &mut cache.interner)?;
    if cache::is_cacheable(s, as_key) {
        cache.push(Cached::Decoded(decoded.clone()));
    }
    Ok(Wire::Decoded(decoded))
}

impl<'de, R: Read<'de>> Deserializer<R> {
    /// Finishes [`decode_wire`]: a hit on an entry kept as a place in the input is
    /// decoded from there, and its decoded form replaces the entry for later hits.
    #[inline(always)]
    fn resolve(&mut self, wire: Wire, consumed: usize) -> std::result::Result<Decoded, ErrorCode> {
        let (index, start, len) = match wire {
            Wire::Decoded(decoded) => return Ok(decoded),
            Wire::Span { index, start, len } => (index, start, len),
        };
        let Some(text) = self.read.borrowed_at(start, len) else {
            // Unreachable: only readers that answer `borrowed_at` record places.
            return Err(ErrorCode::UnknownCacheCode(format!("entry {index}").into()));
        };
        let decoded = decode::decode_string(text, &mut self.cache.interner)?;
        self.cache.replace(index, Cached::Decoded(decoded.clone()));
        count_copies(&mut self.cache, &decoded, consumed)?;
        Ok(decoded)
    }
}

/// `10^k` for `k` in `0..=22`: every one is exactly a double.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A JSON number `digits.digits` (no exponent) whose digits, point removed, are
/// `mantissa`: the double it denotes, when one division gives it exactly rounded
/// (Clinger's fast path: the mantissa and the power of ten are both exact doubles,
/// and IEEE division rounds correctly). `None` sends it to the full parser, which
/// also reports what is malformed.
fn fast_fraction(mantissa: u64, whole: usize, fraction: usize, leading_zero: bool) -> Option<f64> {
    // JSON wants a digit on both sides of the point, and no `0` before another
    // digit in the whole part.
    let well_formed = whole > 0 && fraction > 0 && !(leading_zero && whole > 1);
    if !well_formed || mantissa > 1 << 53 {
        return None;
    }
    let power = EXACT_POWERS_OF_TEN.get(fraction)?;
    Some(mantissa as f64 / power)
}

enum NumberKind {
    Integer,
    Float,
}

/// Checks the JSON number grammar `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
fn json_number_kind(b: &[u8]) -> Option<NumberKind> {
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        _ => return None,
    }
    let mut kind = NumberKind::Integer;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if i == start {
            return None;
        }
        kind = NumberKind::Float;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if i == start {
            return None;
        }
        kind = NumberKind::Float;
    }
    (i == b.len()).then_some(kind)
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
pub struct StreamDeserializer<'de, R, T> {
    de: Deserializer<R>,
    failed: bool,
    output: PhantomData<T>,
    lifetime: PhantomData<&'de ()>,
}

impl<'de, R: Read<'de>, T> StreamDeserializer<'de, R, T> {
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
        self.de.read.byte_offset()
    }
}

impl<'de, R: Read<'de>, T: de::Deserialize<'de>> Iterator for StreamDeserializer<'de, R, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.failed {
            return None;
        }
        match self.de.read.skip_whitespace() {
            Ok(None) => None,
            Ok(Some(_)) => {
                let result = T::deserialize(&mut self.de);
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
    let mut de = Deserializer::new(read);
    let value = T::deserialize(&mut de)?;
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
/// As [`from_str`], and bytes that are not UTF-8 inside strings.
///
/// # Example
///
/// ```
/// let v: transit_format::Value = transit_format::from_slice(br#"["~#'","~:a"]"#).unwrap();
/// assert_eq!(v, transit_format::Value::keyword("a"));
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

//////////////////////////////////////////////////////////////////////////////
// serde: typed decoding on the same parser

/// A string read where a value is expected, before it reaches a visitor.
enum Item<'de> {
    /// Plain data borrowed from the input: zero copy.
    Borrowed(&'de str),
    /// A keyword's name (`"~:name"`), borrowed from the input.
    Keyword(&'de str),
    /// Anything else, decoded (escaped or streamed strings, scalars, cache hits).
    Value(Value),
    /// A tag marker, only valid at the head of a tagged value.
    Tag(Arc<str>),
}

impl Item<'_> {
    /// A borrowed keyword made a `Value`, for the rarer requests that treat a
    /// keyword as a value rather than as its text.
    fn into_value(self) -> Self {
        match self {
            Item::Keyword(name) => Item::Value(Value::keyword(name)),
            item => item,
        }
    }
}

impl From<Decoded> for Item<'_> {
    #[inline(always)]
    fn from(decoded: Decoded) -> Self {
        match decoded {
            Decoded::Value(v) => Item::Value(v),
            Decoded::Tag(t) => Item::Tag(t),
        }
    }
}

/// A string that can stay borrowed: plain data or a keyword's name (what a
/// [`Cached::Span`] records, and what it reads back from the input).
#[inline(always)]
fn borrowed_item(text: &str) -> Option<Item<'_>> {
    match decode::classify_string(text) {
        decode::StringKind::Data(data) => Some(Item::Borrowed(data)),
        decode::StringKind::Scalar(':', name) => Some(Item::Keyword(name)),
        _ => None,
    }
}

impl<'de, R: Read<'de>> Deserializer<R> {
    /// Like [`decode_wire`] for a string borrowed from the input at byte offset
    /// `start`: plain data and keywords stay borrowed, and the cache records where
    /// they are rather than a decoded copy, so a typed struct's field names cost no
    /// allocation and no keyword.
    #[inline(always)]
    fn decode_borrowed(
        &mut self,
        s: &'de str,
        as_key: bool,
        start: usize,
    ) -> std::result::Result<Item<'de>, ErrorCode> {
        if !cache::is_cache_code(s) {
            let Some(item) = borrowed_item(s) else {
                return self.decode_copied(s, as_key, start);
            };
            if cache::is_cacheable(s, as_key) {
                debug_assert_eq!(self.read.borrowed_at(start, s.len()), Some(s));
                self.cache.push(Cached::Span {
                    start,
                    len: s.len(),
                });
            }
            return Ok(item);
        }
        match decode_wire(&mut self.cache, s, as_key, start)? {
            // A hit on borrowed text borrows it again: nothing is copied.
            Wire::Span { start, len, .. } => {
                if let Some(item) = self.read.borrowed_at(start, len).and_then(borrowed_item) {
                    return Ok(item);
                }
                self.decode_copied(s, as_key, start)
            }
            Wire::Decoded(decoded) => Ok(Item::from(decoded)),
        }
    }

    /// [`decode_wire`] and [`Deserializer::resolve`], for a string that cannot be
    /// borrowed (it had escapes, or the reader streams).
    #[inline(always)]
    fn decode_copied(
        &mut self,
        s: &str,
        as_key: bool,
        consumed: usize,
    ) -> std::result::Result<Item<'de>, ErrorCode> {
        let wire = decode_wire(&mut self.cache, s, as_key, consumed)?;
        self.resolve(wire, consumed).map(Item::from)
    }
}

/// A uuid or instant in its usual spelling, read without a `Value` in between.
enum Quick {
    Uuid(uuid::Uuid),
    Millis(i64),
}

/// The milliseconds of `DateTime::<Utc>::MIN_UTC` and `MAX_UTC` (checked by a test).
const MIN_MILLIS: i64 = -8_334_601_228_800_000;
const MAX_MILLIS: i64 = 8_210_266_876_799_999;

/// `"~u…"` for `token::UUID` and `"~m…"` or `"~t…"` for `token::INSTANT`, when they decode
/// (others, and errors, take the general path, which explains them).
fn quick_uuid_or_millis(token: &str, s: &str) -> Option<Quick> {
    let (tag, rep) = s.strip_prefix('~')?.split_at_checked(1)?;
    match (token, tag) {
        (token::UUID, "u") => decode::parse_uuid(rep).map(Quick::Uuid),
        (token::INSTANT, "m") => {
            let ms: i64 = rep.parse().ok()?;
            // The with-visitor makes the `DateTime`; only check that it can.
            (MIN_MILLIS..=MAX_MILLIS)
                .contains(&ms)
                .then_some(Quick::Millis(ms))
        }
        // Verbose mode spells instants in ISO 8601 (spec digest §7); the field
        // keeps milliseconds either way, as the general path does.
        (token::INSTANT, "t") => {
            decode::parse_iso_instant(rep).map(|t| Quick::Millis(t.timestamp_millis()))
        }
        _ => None,
    }
}

/// A map key remembered for error paths.
enum Label<'de> {
    Unknown,
    Borrowed(&'de str),
    Shared(Arc<str>),
    Owned(String),
}

impl<'de> Label<'de> {
    #[inline(always)]
    fn of(item: &Item<'de>) -> Label<'de> {
        match item {
            Item::Borrowed(s) | Item::Keyword(s) => Label::Borrowed(s),
            Item::Value(Value::Keyword(k)) => Label::Shared(k.shared().clone()),
            Item::Value(Value::String(s)) => Label::Owned(s.to_string()),
            Item::Value(other) => Label::Owned(other.to_string()),
            Item::Tag(_) => Label::Unknown,
        }
    }

    fn attach(&self, err: Error) -> Error {
        match self {
            Label::Unknown => err.under_key("?"),
            Label::Borrowed(s) => err.under_key(s),
            Label::Shared(s) => err.under_key(s),
            Label::Owned(s) => err.under_key(s),
        }
    }
}

fn tag_error(tag: &str) -> ErrorCode {
    ErrorCode::TagOutsideTagPosition(crate::error::snippet(&format!("~#{tag}")))
}

impl<'de, R: Read<'de>> Deserializer<R> {
    /// Parses a value where one is expected: a top-level one starts a fresh cache.
    fn parse_in_place(&mut self) -> Result<Value> {
        if self.remaining_depth == self.max_depth {
            self.parse_value()
        } else {
            self.parse_any()
        }
    }

    /// Reads a string whose opening quote was consumed.
    #[inline(always)]
    fn parse_item(&mut self, as_key: bool) -> Result<Item<'de>> {
        let consumed = self.read.byte_offset();
        let s = self.read.parse_str(&mut self.scratch)?;
        let item = match s {
            Reference::Borrowed(b) => self.decode_borrowed(b, as_key, consumed),
            Reference::Copied(c) => {
                let wire = decode_wire(&mut self.cache, c, as_key, consumed);
                wire.and_then(|wire| self.resolve(wire, consumed))
                    .map(Item::from)
            }
        };
        item.map_err(|code| self.error(code))
    }

    fn visit_item<V: de::Visitor<'de>>(
        &self,
        item: Item<'de>,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        match item {
            Item::Borrowed(s) => visitor.visit_borrowed_str(s),
            Item::Keyword(name) => visit_keyword(name, hint, visitor),
            Item::Value(v) => visit_value(v, hint, visitor),
            Item::Tag(tag) => Err(self.error(tag_error(&tag))),
        }
    }

    /// The entry point of every typed request: a top-level value starts a fresh
    /// cache, errors get the current position.
    fn deserialize_hinted<V: de::Visitor<'de>>(
        &mut self,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        let top = self.remaining_depth == self.max_depth;
        if top {
            self.cache.clear();
        }
        let result = self.deserialize_inner(hint, visitor);
        result.map_err(|err| self.fix_position(err))
    }

    fn deserialize_inner<V: de::Visitor<'de>>(
        &mut self,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        let Some(b) = self.peek_nonspace()? else {
            return Err(self.peek_error(ErrorCode::EofWhileParsingValue));
        };
        self.read.discard();
        match b {
            b'"' => {
                let item = self.parse_item(false)?;
                self.visit_item(item, hint, visitor)
            }
            b'[' => {
                self.enter()?;
                let result = self.deserialize_array(hint, visitor);
                self.leave();
                result
            }
            b'{' => {
                self.enter()?;
                let result = self.deserialize_object(hint, visitor);
                self.leave();
                result
            }
            b'n' => {
                self.expect_literal(b"ull", Value::Null)?;
                visitor.visit_unit()
            }
            b't' => {
                self.expect_literal(b"rue", Value::Null)?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.expect_literal(b"alse", Value::Null)?;
                visitor.visit_bool(false)
            }
            b'-' | b'0'..=b'9' => {
                let n = self.parse_number(b)?;
                visit_value(n, hint, visitor)
            }
            _ => Err(self.error(ErrorCode::ExpectedSomeValue)),
        }
    }

    /// After `[`: a map, a tagged value or a plain array, presented per `hint`.
    fn deserialize_array<V: de::Visitor<'de>>(
        &mut self,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        let head = match self.peek_nonspace()? {
            Some(b']') => Head::Empty,
            Some(b'"') => {
                self.read.discard();
                let consumed = self.read.byte_offset();
                let s = self.read.parse_str(&mut self.scratch)?;
                if &*s == "^ " {
                    let mut access = MapAsArrayAccess {
                        de: self,
                        closed: false,
                        label: Label::Unknown,
                    };
                    let value = visitor.visit_map(&mut access)?;
                    access.finish()?;
                    return Ok(value);
                }
                let item = match s {
                    Reference::Borrowed(b) => self.decode_borrowed(b, false, consumed),
                    Reference::Copied(c) => {
                        let wire = decode_wire(&mut self.cache, c, false, consumed);
                        wire.and_then(|wire| self.resolve(wire, consumed))
                            .map(Item::from)
                    }
                };
                match item.map_err(|code| self.error(code))? {
                    Item::Tag(tag) => {
                        self.tag_separator(&tag, b',')?;
                        return self.deserialize_tagged(tag, hint, visitor, b']');
                    }
                    item => Head::Pending(item),
                }
            }
            Some(_) => Head::Normal,
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        };
        let mut access = ArrayAccess {
            de: self,
            head,
            index: 0,
            closed: false,
        };
        let value = visitor.visit_seq(&mut access)?;
        access.finish()?;
        Ok(value)
    }
}

impl<'de, R: Read<'de>> Deserializer<R> {
    /// After `{`: a tagged value (its only key is a tag) or a map.
    fn deserialize_object<V: de::Visitor<'de>>(
        &mut self,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        let first = match self.peek_nonspace()? {
            Some(b'}') => None,
            Some(b'"') => {
                self.read.discard();
                let key = self.parse_item(true)?;
                self.parse_colon()?;
                if let Item::Tag(tag) = key {
                    return self.deserialize_tagged(tag, hint, visitor, b'}');
                }
                Some(key)
            }
            Some(_) => return Err(self.peek_error(ErrorCode::KeyMustBeAString)),
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingObject)),
        };
        let closed = first.is_none();
        if closed {
            self.read.discard();
        }
        let mut access = ObjectAccess {
            de: self,
            pending: first,
            closed,
            label: Label::Unknown,
        };
        let value = visitor.visit_map(&mut access)?;
        access.finish()?;
        Ok(value)
    }

    /// Consumes the `,` (array form) or checks nothing (object form, whose `:` was
    /// read with the key) between a tag and its rep.
    fn tag_separator(&mut self, tag: &str, separator: u8) -> Result<()> {
        match self.peek_nonspace()? {
            Some(b) if b == separator => {
                self.read.discard();
                Ok(())
            }
            Some(_) => {
                Err(self.peek_error(ErrorCode::TagWithoutOneRep(crate::error::snippet(tag))))
            }
            None => Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        }
    }

    fn tag_close(&mut self, tag: &str, close: u8) -> Result<()> {
        match self.peek_nonspace()? {
            Some(b) if b == close => {
                self.read.discard();
                Ok(())
            }
            Some(_) => {
                Err(self.peek_error(ErrorCode::TagWithoutOneRep(crate::error::snippet(tag))))
            }
            None => Err(self.peek_error(if close == b']' {
                ErrorCode::EofWhileParsingArray
            } else {
                ErrorCode::EofWhileParsingObject
            })),
        }
    }

    /// The rep of a tagged value, its tag read; `close` ends the array or object.
    fn deserialize_tagged<V: de::Visitor<'de>>(
        &mut self,
        tag: Arc<str>,
        hint: Hint,
        visitor: V,
        close: u8,
    ) -> Result<V::Value> {
        let value = match &*tag {
            "'" => self.deserialize_inner(hint, visitor)?,
            "set" | "list" if hint == Hint::Any => {
                let token = if &*tag == "set" {
                    token::SET
                } else {
                    token::LIST
                };
                visitor
                    .visit_map(MagicAccess::new(token, &mut *self))
                    .map_err(|err| err.rename_unexpected("map", crate::magic::type_name(token)))?
            }
            "cmap" if matches!(hint, Hint::Any | Hint::Map) => {
                match self.peek_nonspace()? {
                    Some(b'[') => self.read.discard(),
                    _ => {
                        let rep = self.parse_any()?;
                        return Err(self.error(ErrorCode::InvalidRep {
                            tag: "cmap".into(),
                            expected: "an array of keys and values",
                            found: rep.type_name().into(),
                        }));
                    }
                }
                self.enter()?;
                let mut access = CmapAccess {
                    de: self,
                    index: 0,
                    closed: false,
                };
                let value = visitor.visit_map(&mut access);
                let value = value.and_then(|v| access.finish().map(|()| v));
                self.leave();
                value?
            }
            "set" | "list" | "cmap" => self.deserialize_inner(hint, visitor)?,
            name if is_decoded_tag(name) => {
                let rep = self.parse_any()?;
                let value = decode::apply_tag(tag.clone(), rep).map_err(|code| self.error(code))?;
                visit_value(value, hint, visitor)?
            }
            _ if hint == Hint::Any => visitor
                .visit_map(MagicAccess::new(
                    token::TAGGED,
                    TaggedPayload {
                        de: &mut *self,
                        tag: tag.clone(),
                    },
                ))
                .map_err(|err| err.rename_unexpected("map", "tagged value"))?,
            // A typed target sees through a tag it does not know to the rep, so a
            // plain struct can read `["~#point", {…}]`.
            _ => self.deserialize_inner(hint, visitor)?,
        };
        self.tag_close(&tag, close)?;
        Ok(value)
    }

    /// `deserialize_enum`: a keyword or string is a unit variant; a map of one
    /// entry `{variant: content}` any other.
    fn deserialize_variant<V: de::Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let Some(b) = self.peek_nonspace()? else {
            return Err(self.peek_error(ErrorCode::EofWhileParsingValue));
        };
        match b {
            b'"' => {
                self.read.discard();
                match self.parse_item(false)? {
                    Item::Borrowed(s) => {
                        visitor.visit_enum(de::value::BorrowedStrDeserializer::new(s))
                    }
                    Item::Keyword(name) => {
                        de::Deserializer::deserialize_enum(Value::keyword(name), "", &[], visitor)
                    }
                    Item::Value(v) => de::Deserializer::deserialize_enum(v, "", &[], visitor),
                    Item::Tag(tag) => Err(self.error(tag_error(&tag))),
                }
            }
            b'[' | b'{' => {
                self.read.discard();
                self.enter()?;
                let result = self.deserialize_variant_container(b, visitor);
                self.leave();
                result
            }
            _ => {
                let value = self.parse_any()?;
                de::Deserializer::deserialize_enum(value, "", &[], visitor)
            }
        }
    }

    fn deserialize_variant_container<V: de::Visitor<'de>>(
        &mut self,
        open: u8,
        visitor: V,
    ) -> Result<V::Value> {
        let close = if open == b'[' { b']' } else { b'}' };
        if self.peek_nonspace()? != Some(b'"') {
            let rest = if open == b'[' {
                self.parse_array()?
            } else {
                self.parse_object()?
            };
            return de::Deserializer::deserialize_enum(rest, "", &[], visitor);
        }
        self.read.discard();
        let key = if open == b'[' {
            let consumed = self.read.byte_offset();
            let s = self.read.parse_str(&mut self.scratch)?;
            if &*s != "^ " {
                let item = match s {
                    Reference::Borrowed(b) => self.decode_borrowed(b, false, consumed),
                    Reference::Copied(c) => {
                        let wire = decode_wire(&mut self.cache, c, false, consumed);
                        wire.and_then(|wire| self.resolve(wire, consumed))
                            .map(Item::from)
                    }
                };
                return match item.map_err(|code| self.error(code))? {
                    Item::Tag(tag) => {
                        self.tag_separator(&tag, b',')?;
                        let value = self.deserialize_variant(visitor)?;
                        self.tag_close(&tag, close)?;
                        Ok(value)
                    }
                    _ => Err(self.error(ErrorCode::Message(
                        "invalid type: array, expected an enum: a keyword, or a map of one entry"
                            .into(),
                    ))),
                };
            }
            if !self.array_continues()? {
                return Err(self.error(ErrorCode::Message(
                    "invalid type: empty map, expected an enum: a keyword, or a map of one entry"
                        .into(),
                )));
            }
            match self.peek_nonspace()? {
                Some(b'"') => {
                    self.read.discard();
                    self.parse_item(true)?
                }
                _ => Item::Value(self.parse_any()?),
            }
        } else {
            let key = self.parse_item(true)?;
            self.parse_colon()?;
            if let Item::Tag(tag) = key {
                let value = self.deserialize_variant(visitor)?;
                self.tag_close(&tag, close)?;
                return Ok(value);
            }
            key
        };
        if let Item::Tag(tag) = &key {
            return Err(self.error(tag_error(tag)));
        }
        let value = visitor.visit_enum(StreamVariant {
            de: &mut *self,
            key,
            compact: open == b'[',
        })?;
        match self.peek_nonspace()? {
            Some(b) if b == close => {
                self.read.discard();
                Ok(value)
            }
            _ => Err(self.peek_error(ErrorCode::Message(
                "an enum variant is a map of exactly one entry".into(),
            ))),
        }
    }
}

/// Tags whose values this crate decodes itself (the typed path decodes their rep
/// as a `Value` first): one-character scalar tags in array form, and `link`.
fn is_decoded_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => decode::is_known_scalar_tag(c),
        _ => tag == "link",
    }
}

impl<'de, R: Read<'de>> Deserializer<R> {
    /// After a visitor is done with a collection: consumes its closing byte, or
    /// says that the visitor left items unread.
    fn end_collection(&mut self, closed: bool, close: u8, kind: Collection) -> Result<()> {
        if closed {
            return Ok(());
        }
        match self.peek_nonspace()? {
            Some(b) if b == close => {
                self.read.discard();
                Ok(())
            }
            Some(b',') if kind == Collection::Array => Err(self.peek_error(ErrorCode::Message(
                "invalid length: the array has more items than expected".into(),
            ))),
            Some(_) if kind == Collection::Array => {
                Err(self.peek_error(ErrorCode::ExpectedArrayCommaOrEnd))
            }
            None if kind == Collection::Array => {
                Err(self.peek_error(ErrorCode::EofWhileParsingArray))
            }
            _ => Err(self.peek_error(ErrorCode::Message(
                "invalid length: the map has more entries than expected".into(),
            ))),
        }
    }
}

/// What `end_collection` closes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collection {
    Array,
    Map,
}

/// How an array starts, once its first item has been looked at.
enum Head<'de> {
    Empty,
    Normal,
    Pending(Item<'de>),
}

struct ArrayAccess<'a, 'de, R> {
    de: &'a mut Deserializer<R>,
    head: Head<'de>,
    index: usize,
    closed: bool,
}

impl<'de, R: Read<'de>> ArrayAccess<'_, 'de, R> {
    fn finish(&mut self) -> Result<()> {
        self.de.end_collection(self.closed, b']', Collection::Array)
    }
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for ArrayAccess<'_, 'de, R> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        if self.closed {
            return Ok(None);
        }
        let index = self.index;
        self.index += 1;
        let result = match std::mem::replace(&mut self.head, Head::Normal) {
            Head::Empty => {
                self.de.read.discard();
                self.closed = true;
                return Ok(None);
            }
            Head::Pending(item) => seed.deserialize(ItemDeserializer { item, key: false }),
            Head::Normal => {
                if index > 0 && !self.de.array_continues()? {
                    self.closed = true;
                    return Ok(None);
                }
                seed.deserialize(&mut *self.de)
            }
        };
        result.map(Some).map_err(|err| err.under_index(index))
    }
}

/// Hands a map key read as a string to `seed`, remembering it for error paths.
fn visit_key<'de, R: Read<'de>, K: de::DeserializeSeed<'de>>(
    de: &Deserializer<R>,
    label: &mut Label<'de>,
    item: Item<'de>,
    seed: K,
) -> Result<Option<K::Value>> {
    if let Item::Tag(tag) = &item {
        return Err(de.error(tag_error(tag)));
    }
    *label = Label::of(&item);
    seed.deserialize(ItemDeserializer { item, key: true })
        .map(Some)
}

struct MapAsArrayAccess<'a, 'de, R> {
    de: &'a mut Deserializer<R>,
    closed: bool,
    label: Label<'de>,
}

impl<'de, R: Read<'de>> MapAsArrayAccess<'_, 'de, R> {
    fn finish(&mut self) -> Result<()> {
        self.de.end_collection(self.closed, b']', Collection::Map)
    }
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for MapAsArrayAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.closed || !self.de.array_continues()? {
            self.closed = true;
            return Ok(None);
        }
        match self.de.peek_nonspace()? {
            Some(b'"') => {
                self.de.read.discard();
                let item = self.de.parse_item(true)?;
                visit_key(self.de, &mut self.label, item, seed)
            }
            _ => {
                self.label = Label::Unknown;
                seed.deserialize(&mut *self.de).map(Some)
            }
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        if !self.de.array_continues()? {
            self.closed = true;
            return Err(self.de.error(ErrorCode::MapAsArrayOddLength));
        }
        seed.deserialize(&mut *self.de)
            .map_err(|err| self.label.attach(err))
    }
}

struct ObjectAccess<'a, 'de, R> {
    de: &'a mut Deserializer<R>,
    pending: Option<Item<'de>>,
    closed: bool,
    label: Label<'de>,
}

impl<'de, R: Read<'de>> ObjectAccess<'_, 'de, R> {
    fn finish(&mut self) -> Result<()> {
        self.de.end_collection(self.closed, b'}', Collection::Map)
    }
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for ObjectAccess<'_, 'de, R> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.closed {
            return Ok(None);
        }
        let item = match self.pending.take() {
            Some(item) => item,
            None => {
                match self.de.peek_nonspace()? {
                    Some(b',') => self.de.read.discard(),
                    Some(b'}') => {
                        self.de.read.discard();
                        self.closed = true;
                        return Ok(None);
                    }
                    Some(_) => return Err(self.de.peek_error(ErrorCode::ExpectedObjectCommaOrEnd)),
                    None => return Err(self.de.peek_error(ErrorCode::EofWhileParsingObject)),
                }
                match self.de.peek_nonspace()? {
                    Some(b'"') => self.de.read.discard(),
                    Some(_) => return Err(self.de.peek_error(ErrorCode::KeyMustBeAString)),
                    None => return Err(self.de.peek_error(ErrorCode::EofWhileParsingObject)),
                }
                let item = self.de.parse_item(true)?;
                self.de.parse_colon()?;
                item
            }
        };
        visit_key(self.de, &mut self.label, item, seed)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
            .map_err(|err| self.label.attach(err))
    }
}

/// The flat `[k1, v1, k2, v2, …]` rep of a cmap, its `[` consumed.
struct CmapAccess<'a, R> {
    de: &'a mut Deserializer<R>,
    index: usize,
    closed: bool,
}

impl<'de, R: Read<'de>> CmapAccess<'_, R> {
    fn finish(&mut self) -> Result<()> {
        self.de.end_collection(self.closed, b']', Collection::Map)
    }
}

impl<'de, R: Read<'de>> de::MapAccess<'de> for CmapAccess<'_, R> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.closed {
            return Ok(None);
        }
        let more = if self.index == 0 {
            if self.de.peek_nonspace()? == Some(b']') {
                self.de.read.discard();
                false
            } else {
                true
            }
        } else {
            self.de.array_continues()?
        };
        if !more {
            self.closed = true;
            return Ok(None);
        }
        self.index += 1;
        // cmap keys are values: they are cached as values, not as keys (§4).
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        if !self.de.array_continues()? {
            self.closed = true;
            return Err(self.de.error(ErrorCode::MapAsArrayOddLength));
        }
        seed.deserialize(&mut *self.de)
    }
}

impl<'de, R: Read<'de>> crate::magic::Payload<'de> for &mut Deserializer<R> {
    fn deserialize_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(self)
    }
}

/// The payload of an unknown tag: the pair `(tag, rep)`, the rep still to parse.
struct TaggedPayload<'a, R> {
    de: &'a mut Deserializer<R>,
    tag: Arc<str>,
}

impl<'de, R: Read<'de>> crate::magic::Payload<'de> for TaggedPayload<'_, R> {
    fn deserialize_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(self)
    }
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for TaggedPayload<'_, R> {
    type Error = Error;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(TaggedPairAccess {
            de: self.de,
            tag: Some(self.tag),
            rep_done: false,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct TaggedPairAccess<'a, R> {
    de: &'a mut Deserializer<R>,
    tag: Option<Arc<str>>,
    rep_done: bool,
}

impl<'de, R: Read<'de>> de::SeqAccess<'de> for TaggedPairAccess<'_, R> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        if let Some(tag) = self.tag.take() {
            return seed
                .deserialize(de::value::StringDeserializer::<Error>::new(tag.to_string()))
                .map(Some);
        }
        if self.rep_done {
            return Ok(None);
        }
        self.rep_done = true;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// An enum variant in map form, its key read.
struct StreamVariant<'a, 'de, R> {
    de: &'a mut Deserializer<R>,
    key: Item<'de>,
    /// `["^ ", key, content]`: a `,` comes before the content.
    compact: bool,
}

impl<'a, 'de, R: Read<'de>> de::EnumAccess<'de> for StreamVariant<'a, 'de, R> {
    type Error = Error;
    type Variant = &'a mut Deserializer<R>;

    fn variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant)> {
        let name = seed.deserialize(ItemDeserializer {
            item: self.key,
            key: true,
        })?;
        if self.compact && !self.de.array_continues()? {
            return Err(self.de.error(ErrorCode::MapAsArrayOddLength));
        }
        Ok((name, self.de))
    }
}

impl<'de, R: Read<'de>> de::VariantAccess<'de> for &mut Deserializer<R> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: de::Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Seq, visitor)
    }

    fn struct_variant<V: de::Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Map, visitor)
    }
}

/// A string already read (a map key, or the first item of an array) on its way to
/// a seed.
struct ItemDeserializer<'de> {
    item: Item<'de>,
    /// A map key: `deserialize_any` gives keywords and other named scalars as their
    /// text, so that serde's buffering (`untagged`, `flatten`) can still match
    /// struct fields against them.
    key: bool,
}

impl<'de> de::Deserializer<'de> for ItemDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let hint = if self.key { Hint::Str } else { Hint::Any };
        self.visit(hint, visitor)
    }

    fn deserialize_str<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Str, visitor)
    }

    fn deserialize_string<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Str, visitor)
    }

    fn deserialize_identifier<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Str, visitor)
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.item {
            Item::Value(Value::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.item {
            Item::Borrowed(s) => visitor.visit_enum(de::value::BorrowedStrDeserializer::new(s)),
            Item::Keyword(text) => {
                de::Deserializer::deserialize_enum(Value::keyword(text), name, variants, visitor)
            }
            Item::Value(v) => de::Deserializer::deserialize_enum(v, name, variants, visitor),
            Item::Tag(tag) => Err(Error::code(tag_error(&tag))),
        }
    }

    fn deserialize_newtype_struct<V: de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        match (name, self.item.into_value()) {
            (token::VALUE, Item::Borrowed(s)) => hand_over(Value::String(s.into()), visitor),
            (_, Item::Value(v)) => de::Deserializer::deserialize_newtype_struct(v, name, visitor),
            (name, item) if crate::magic::is_token(name) => {
                ItemDeserializer { item, key: false }.visit(Hint::Any, visitor)
            }
            (_, item) => visitor.visit_newtype_struct(ItemDeserializer {
                item,
                key: self.key,
            }),
        }
    }

    fn deserialize_i64<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_i8<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_i16<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_i32<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_i128<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_u8<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_u16<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_u32<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_u64<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_u128<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Int, visitor)
    }

    fn deserialize_seq<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Seq, visitor)
    }

    fn deserialize_map<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Map, visitor)
    }

    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.visit(Hint::Map, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool f32 f64 char bytes byte_buf unit unit_struct tuple tuple_struct ignored_any
    }
}

impl<'de> ItemDeserializer<'de> {
    fn visit<V: de::Visitor<'de>>(self, hint: Hint, visitor: V) -> Result<V::Value> {
        match self.item {
            Item::Borrowed(s) => visitor.visit_borrowed_str(s),
            Item::Keyword(name) => visit_keyword(name, hint, visitor),
            Item::Value(v) => visit_value(v, hint, visitor),
            Item::Tag(tag) => Err(Error::code(tag_error(&tag))),
        }
    }
}

macro_rules! hinted {
    ($hint:expr => $($method:ident),*) => {$(
        fn $method<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.deserialize_hinted($hint, visitor)
        }
    )*};
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for &mut Deserializer<R> {
    type Error = Error;

    hinted!(Hint::Any => deserialize_any, deserialize_bool, deserialize_f32, deserialize_f64,
        deserialize_char, deserialize_bytes, deserialize_byte_buf, deserialize_unit);
    hinted!(Hint::Str => deserialize_str, deserialize_string, deserialize_identifier);
    hinted!(Hint::Seq => deserialize_seq);
    hinted!(Hint::Map => deserialize_map);
    hinted!(Hint::Int => deserialize_i8, deserialize_i16, deserialize_i32, deserialize_i64,
        deserialize_i128, deserialize_u8, deserialize_u16, deserialize_u32, deserialize_u64,
        deserialize_u128);

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_nonspace()? {
            Some(b'n') => {
                self.read.discard();
                self.expect_literal(b"ull", Value::Null)?;
                visitor.visit_none()
            }
            // A top-level `["~#'",null]` is a quoted null: decode it whole.
            Some(b'[' | b'{') if self.remaining_depth == self.max_depth => {
                let value = self.parse_value()?;
                de::Deserializer::deserialize_option(value, visitor)
                    .map_err(|err| self.fix_position(err))
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Any, visitor)
    }

    fn deserialize_newtype_struct<V: de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        match name {
            token::VALUE => {
                let value = self.parse_in_place()?;
                hand_over(value, visitor)
            }
            token::UUID | token::INSTANT => {
                let top = self.remaining_depth == self.max_depth;
                let value = if !top && self.peek_nonspace()? == Some(b'"') {
                    self.read.discard();
                    let consumed = self.read.byte_offset();
                    let s = self.read.parse_str(&mut self.scratch)?;
                    // The usual spellings go straight to the visitor. They are never
                    // cached: in value position only keywords, symbols and tags are.
                    match quick_uuid_or_millis(name, &s) {
                        Some(Quick::Uuid(u)) => {
                            return visitor
                                .visit_bytes(u.as_bytes())
                                .map_err(|err| self.fix_position(err))
                        }
                        Some(Quick::Millis(ms)) => {
                            return visitor.visit_i64(ms).map_err(|err| self.fix_position(err))
                        }
                        None => {}
                    }
                    let wire = decode_wire(&mut self.cache, &s, false, consumed);
                    let decoded = wire.and_then(|wire| self.resolve(wire, consumed));
                    let decoded = decoded.map_err(|code| self.error(code))?;
                    self.string_value(decoded)?
                } else {
                    self.parse_in_place()?
                };
                let fits = matches!(
                    (name, &value),
                    (token::UUID, Value::Uuid(_)) | (token::INSTANT, Value::Instant(_))
                );
                if !fits {
                    let expected = if name == token::UUID {
                        "a uuid"
                    } else {
                        "an instant"
                    };
                    return Err(self.fix_position(Error::message(format_args!(
                        "invalid type: {}, expected {expected}",
                        value.type_name()
                    ))));
                }
                // The with-modules' visitors take the compact forms: 16 bytes for a
                // uuid, milliseconds for an instant.
                match value {
                    Value::Uuid(u) => visitor.visit_bytes(u.as_bytes()),
                    Value::Instant(t) => visitor.visit_i64(t.timestamp_millis()),
                    other => visit_value(other, Hint::Any, visitor),
                }
                .map_err(|err| self.fix_position(err))
            }
            // `Set<T>` and `List<T>` take their items as a sequence, straight from
            // the parser (their visitors also read the private map that
            // `deserialize_any` gives, for serde's buffering).
            token::SET | token::LIST => self.deserialize_hinted(Hint::Seq, visitor),
            name if crate::magic::is_token(name) => self.deserialize_hinted(Hint::Any, visitor),
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_tuple<V: de::Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Seq, visitor)
    }

    fn deserialize_tuple_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Seq, visitor)
    }

    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Map, visitor)
    }

    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let top = self.remaining_depth == self.max_depth;
        if top {
            self.cache.clear();
        }
        let result = self.deserialize_variant(visitor);
        result.map_err(|err| self.fix_position(err))
    }

    fn deserialize_ignored_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Skipped values are still decoded: the cache must see every string.
        self.parse_in_place()?;
        visitor.visit_unit()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    #[test]
    fn fractions_read_by_the_fast_path_equal_the_full_parsers() {
        use crate::Value;
        let mut random = crate::testing::Xorshift::new(0x9e37_79b9_7f4a_7c15);
        let mut next = || random.next_u64();
        for _ in 0..200_000 {
            let r = next();
            // Up to 19 digits (past 2^53 too), the point anywhere inside them.
            let len = 1 + (r % 19) as usize;
            let digits: String = (0..len)
                .map(|i| {
                    let d = (next() % 10) as u8;
                    char::from(b'0' + if i == 0 && len > 1 && d == 0 { 1 } else { d })
                })
                .collect();
            let point = 1 + (next() as usize % len.max(2).saturating_sub(1)).min(len - 1);
            let (whole, fraction) = digits.split_at(point.min(len));
            if fraction.is_empty() {
                continue;
            }
            let sign = if r & 1 == 0 { "" } else { "-" };
            let text = format!("{sign}{whole}.{fraction}");
            let expected: f64 = text.parse().unwrap();
            match crate::from_str::<Value>(&text).unwrap() {
                Value::Float(f) => assert_eq!(f.to_bits(), expected.to_bits(), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        // Malformed ones still fail as before.
        for bad in ["01.5", "1.", "1.2.3", "-.5", "00.1"] {
            assert!(crate::from_str::<Value>(bad).is_err(), "{bad}");
        }
        assert_eq!(
            crate::from_str::<Value>("-0.0").unwrap(),
            Value::Float(-0.0)
        );
        for text in [
            "0.5",
            "0.0001",
            "-0.1",
            "9007199254740993.0",
            "0.30000000000000004",
        ] {
            let expected: f64 = text.parse().unwrap();
            assert_eq!(
                crate::from_str::<Value>(text).unwrap(),
                Value::Float(expected),
                "{text}"
            );
        }
    }

    #[test]
    fn millisecond_bounds_are_chronos() {
        assert_eq!(
            super::MIN_MILLIS,
            DateTime::<Utc>::MIN_UTC.timestamp_millis()
        );
        assert_eq!(
            super::MAX_MILLIS,
            DateTime::<Utc>::MAX_UTC.timestamp_millis()
        );
        assert!(DateTime::from_timestamp_millis(super::MIN_MILLIS - 1).is_none());
        assert!(DateTime::from_timestamp_millis(super::MAX_MILLIS + 1).is_none());
    }
}
