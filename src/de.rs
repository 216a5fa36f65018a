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
use crate::read::{Position, Reference};
use crate::value::{Map, Value};

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
    cache: ReadCache<Decoded>,
    max_depth: usize,
    remaining_depth: usize,
    max_input: Option<usize>,
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
            max_input: None,
        }
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

    /// Sets the most bytes of input the deserializer reads (no limit by default): a
    /// value still incomplete at that point is an error.
    ///
    /// ```
    /// use transit_format::{Deserializer, Value};
    /// let mut de = Deserializer::from_str(r#"["abcdef"]"#);
    /// de.set_max_input(4);
    /// assert!(de.parse_value().is_err());
    /// ```
    pub fn set_max_input(&mut self, bytes: usize) -> &mut Self {
        self.max_input = Some(bytes);
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
        self.remaining_depth = self.max_depth;
        let value = self.parse_any()?;
        self.check_input_size()?;
        Ok(value)
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

    fn check_input_size(&self) -> Result<()> {
        match self.max_input {
            Some(limit) if self.read.byte_offset() > limit => {
                Err(self.error(ErrorCode::InputTooLarge(limit)))
            }
            _ => Ok(()),
        }
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
        // Checked as containers open, so a huge input stops early without being
        // read whole.
        self.check_input_size()
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
        while let Some(b) = self.read.peek()? {
            if matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                self.scratch.push(b);
                self.read.discard();
            } else {
                break;
            }
        }
        let text = std::str::from_utf8(&self.scratch).expect("only ASCII was pushed");
        match json_number_kind(text.as_bytes()) {
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
        let s = self.read.parse_str(&mut self.scratch)?;
        let decoded = decode_wire(&mut self.cache, &s, as_key);
        decoded.map_err(|code| self.error(code))
    }

    fn parse_any(&mut self) -> Result<Value> {
        let Some(b) = self.peek_nonspace()? else {
            return Err(self.peek_error(ErrorCode::EofWhileParsingValue));
        };
        self.read.discard();
        match b {
            b'"' => match self.parse_string(false)? {
                Decoded::Value(v) => Ok(v),
                Decoded::Tag(tag) => {
                    Err(self.error(ErrorCode::TagOutsideTagPosition(format!("~#{tag}").into())))
                }
            },
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
                return Ok(Value::Array(Vec::new()));
            }
            Some(b'"') => {
                self.read.discard();
                let s = self.read.parse_str(&mut self.scratch)?;
                // The marker `"^ "` is neither data nor a cache code (spec digest §2).
                if &*s == "^ " {
                    return self.parse_map_as_array();
                }
                let decoded = decode_wire(&mut self.cache, &s, false);
                match decoded.map_err(|code| self.error(code))? {
                    Decoded::Tag(tag) => return self.parse_tagged_array(tag),
                    Decoded::Value(v) => v,
                }
            }
            Some(_) => self.parse_any()?,
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        };
        let mut items = vec![first];
        while self.array_continues()? {
            items.push(self.parse_any()?);
        }
        Ok(Value::Array(items))
    }

    /// `["~#tag", rep]`: the tag was read; read the rep and the closing bracket.
    fn parse_tagged_array(&mut self, tag: std::sync::Arc<str>) -> Result<Value> {
        match self.peek_nonspace()? {
            Some(b',') => self.read.discard(),
            Some(_) => {
                return Err(self.peek_error(ErrorCode::TagWithoutOneRep(tag.to_string().into())))
            }
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
        }
        let rep = self.parse_any()?;
        match self.peek_nonspace()? {
            Some(b']') => self.read.discard(),
            Some(_) => {
                return Err(self.peek_error(ErrorCode::TagWithoutOneRep(tag.to_string().into())))
            }
            None => return Err(self.peek_error(ErrorCode::EofWhileParsingArray)),
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
                    Decoded::Tag(tag) => {
                        Err(self.error(ErrorCode::TagOutsideTagPosition(format!("~#{tag}").into())))
                    }
                }
            }
            _ => self.parse_any(),
        }
    }

    /// `["^ ", k, v, …]` after the marker.
    fn parse_map_as_array(&mut self) -> Result<Value> {
        let mut map = Map::new();
        while self.array_continues()? {
            let key = self.parse_key()?;
            if !self.array_continues()? {
                return Err(self.error(ErrorCode::MapAsArrayOddLength));
            }
            let value = self.parse_any()?;
            map.insert(key, value);
        }
        Ok(Value::Map(map))
    }

    /// A JSON object whose `{` was consumed: a tagged value when its only key is a
    /// tag (verbose mode, spec digest §7), else a map.
    fn parse_object(&mut self) -> Result<Value> {
        let mut map = Map::new();
        match self.peek_nonspace()? {
            Some(b'}') => {
                self.read.discard();
                return Ok(Value::Map(map));
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
                            return Err(self
                                .peek_error(ErrorCode::TagWithoutOneRep(tag.to_string().into())))
                        }
                        None => return Err(self.peek_error(ErrorCode::EofWhileParsingObject)),
                    }
                    return decode::apply_tag(tag, rep).map_err(|code| self.error(code));
                }
                Decoded::Tag(tag) => {
                    return Err(
                        self.error(ErrorCode::TagOutsideTagPosition(format!("~#{tag}").into()))
                    )
                }
                Decoded::Value(key) => {
                    let value = self.parse_any()?;
                    map.insert(key, value);
                }
            }
            first = false;
            match self.peek_nonspace()? {
                Some(b',') => self.read.discard(),
                Some(b'}') => {
                    self.read.discard();
                    return Ok(Value::Map(map));
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

/// Decodes a wire string, answering cache codes from `cache` and recording
/// cacheable strings in it (spec digest §8 `decodeString`). `as_key` is true for map
/// keys (of `"^ "` arrays and of objects), which makes more strings cacheable.
fn decode_wire(
    cache: &mut ReadCache<Decoded>,
    s: &str,
    as_key: bool,
) -> std::result::Result<Decoded, ErrorCode> {
    if cache::is_cache_code(s) {
        return match cache.get(s) {
            Some(hit) => Ok(hit.clone()),
            None => Err(ErrorCode::UnknownCacheCode(s.into())),
        };
    }
    let decoded = decode::decode_string(s)?;
    if cache::is_cacheable(s, as_key) {
        cache.push(decoded.clone());
    }
    Ok(decoded)
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
    /// assert_eq!(de.parse_value().unwrap(), transit_format::Value::Array(vec![]));
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
    /// assert_eq!(de.parse_value().unwrap(), transit_format::Value::Array(vec![]));
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
// serde

impl<'de, R: Read<'de>> Deserializer<R> {
    /// Parses a value where one is expected: a top-level one starts a fresh cache.
    fn parse_in_place(&mut self) -> Result<Value> {
        if self.remaining_depth == self.max_depth {
            self.parse_value()
        } else {
            self.parse_any()
        }
    }
}

impl<'de, R: Read<'de>> de::Deserializer<'de> for &mut Deserializer<R> {
    type Error = Error;

    fn deserialize_any<V: de::Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Error::message("typed decoding is not implemented yet"))
    }

    fn deserialize_newtype_struct<V: de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == crate::types::token::VALUE {
            let value = self.parse_in_place()?;
            return crate::value::hand_over(value, visitor);
        }
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
