//! Byte sources: JSON-level scanning of strings, and positions.
//!
//! The JSON grammar lives in `json::tokens`; this module only knows how to hand
//! out bytes, strings (borrowed from the input when they hold no escape, else
//! unescaped into a scratch buffer) and the line and column of the current byte.
//! Binary encodings (MessagePack, in `msgpack::read`) take runs of bytes of a
//! length they were told ([`Read::read_str`], [`Read::read_slice`]) from the same
//! sources, under the same limit.

use std::io;
use std::ops::Deref;

use crate::error::{Error, ErrorCode, Result};

/// A string handed out by a [`Read`]: borrowed from the input for the whole
/// deserialization (`'b`), or copied into the caller's scratch buffer (`'c`).
#[doc(hidden)]
pub enum Reference<'b, 'c, T: ?Sized> {
    /// Borrowed from the input: zero copy.
    Borrowed(&'b T),
    /// Unescaped into a scratch buffer (or read from a stream).
    Copied(&'c T),
}

impl<T: ?Sized> Deref for Reference<'_, '_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match *self {
            Reference::Borrowed(b) => b,
            Reference::Copied(c) => c,
        }
    }
}

/// A 1-based line and column in the input; column counts bytes.
#[doc(hidden)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column within the line.
    pub column: usize,
}

mod private {
    pub trait Sealed {}
}

/// Where the deserializer's bytes come from: a slice, a `str` or an `io::Read`.
///
/// Sealed: its methods are an implementation detail and may change in any release.
/// Use [`SliceRead`], [`StrRead`] and [`IoRead`] through
/// [`Deserializer::from_slice`](crate::Deserializer::from_slice),
/// [`from_str`](crate::Deserializer::from_str) and
/// [`from_reader`](crate::Deserializer::from_reader).
///
/// ```
/// use transit_format::{Deserializer, Value};
/// let mut de = Deserializer::new(transit_format::de::SliceRead::new(b"[1]"));
/// assert_eq!(de.parse_value().unwrap(), Value::from(vec![Value::Integer(1)]));
/// ```
pub trait Read<'de>: private::Sealed {
    #[doc(hidden)]
    fn next(&mut self) -> Result<Option<u8>>;
    #[doc(hidden)]
    fn peek(&mut self) -> Result<Option<u8>>;
    /// Consumes the byte just peeked.
    #[doc(hidden)]
    fn discard(&mut self);
    /// Position of the last consumed byte.
    #[doc(hidden)]
    fn position(&self) -> Position;
    /// Position of the next byte (the one `peek` returns).
    #[doc(hidden)]
    fn peek_position(&self) -> Position;
    /// Bytes consumed so far.
    #[doc(hidden)]
    fn byte_offset(&self) -> usize;
    /// Reads a JSON string whose opening quote was consumed, through its closing quote.
    #[doc(hidden)]
    fn parse_str<'s>(&'s mut self, scratch: &'s mut String) -> Result<Reference<'de, 's, str>>;
    /// The bytes `start..end` of the input, as `borrowed_at` lends them but without
    /// the UTF-8 check; empty for readers that never borrow.
    #[doc(hidden)]
    fn input_bytes(&self, _start: usize, _end: usize) -> &'de [u8] {
        &[]
    }
    /// [`parse_str`](Read::parse_str) for callers that need no `&str` yet: the
    /// place `start..end` of a string that needs no unescaping (the caller reads it
    /// with `borrowed_at` or `input_bytes`), or `None` when it was unescaped into
    /// `scratch`.
    #[doc(hidden)]
    fn scan_str(&mut self, scratch: &mut String) -> Result<Option<(usize, usize)>> {
        let start = self.byte_offset();
        match self.parse_str(scratch)? {
            Reference::Borrowed(s) => Ok(Some((start, start + s.len()))),
            Reference::Copied(_) => Ok(None),
        }
    }
    /// The bytes after the last consumed one that are already in memory, and
    /// whether the input ends where they end (so that a token scanned to their end
    /// is complete). Readers that cannot lend them answer `(&[], false)`.
    #[doc(hidden)]
    #[inline]
    fn buffered(&self) -> (&[u8], bool) {
        (&[], false)
    }
    /// Consumes the first `n` bytes of [`buffered`](Read::buffered).
    #[doc(hidden)]
    #[inline]
    fn consume(&mut self, n: usize) {
        debug_assert_eq!(n, 0, "nothing was buffered");
    }
    /// Stops reading more than `bytes` of the input (a stream then fails instead of
    /// buffering a token of any length).
    #[doc(hidden)]
    fn set_limit(&mut self, _bytes: usize) {}
    /// The `len` bytes at `start` (a byte offset, as `byte_offset` counts) of a
    /// string this reader returned borrowed before, again: typed decoding keeps
    /// such places in the read cache instead of decoded copies. Readers that never
    /// borrow answer `None`.
    #[doc(hidden)]
    fn borrowed_at(&self, _start: usize, _len: usize) -> Option<&'de str> {
        None
    }
    /// Reads the next `len` bytes as a UTF-8 string (a binary encoding's string,
    /// whose length came first): borrowed from the input where it is in memory,
    /// else copied into `scratch`, which grows only as the bytes arrive, so a
    /// claimed length is never allocated ahead of them. Fewer bytes left is an EOF
    /// error (or the limit's, past it).
    #[doc(hidden)]
    fn read_str<'s>(
        &'s mut self,
        len: usize,
        scratch: &'s mut String,
    ) -> Result<Reference<'de, 's, str>>;
    /// Reads the next `len` bytes as they are (a byte string), as
    /// [`read_str`](Read::read_str) does.
    #[doc(hidden)]
    fn read_slice<'s>(
        &'s mut self,
        len: usize,
        scratch: &'s mut Vec<u8>,
    ) -> Result<Reference<'de, 's, [u8]>>;
    /// The `len` bytes at `start` of a byte string that `read_slice` returned
    /// borrowed before, again. Readers that never borrow answer `None`.
    #[doc(hidden)]
    fn borrowed_bytes_at(&self, _start: usize, _len: usize) -> Option<&'de [u8]> {
        None
    }
    /// Skips JSON whitespace and returns the next byte without consuming it.
    #[doc(hidden)]
    fn skip_whitespace(&mut self) -> Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.discard(),
                other => return Ok(other),
            }
        }
    }
}

/// For each byte: does it stop the fast scan of a string (quote, backslash, control)?
static STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The index of the first byte that ends the fast scan of a string (a quote, a
/// backslash or a control character), looking at eight bytes at a time.
#[inline]
pub(crate) fn find_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero exactly where the high bit of the result is set (the
    // lowest such byte is exact, which is the one used).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let stops_in = |word: u64| {
        let quote = has_zero(word ^ (ONES * u64::from(b'"')));
        let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
        // Bytes below 0x20: subtracting 0x20 borrows into the high bit, and the
        // byte's own high bit was clear.
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        quote | backslash | control
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let stops = stops_in(word);
        if stops != 0 {
            return Some(offset + (stops.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return None;
    }
    if bytes.len() < 8 {
        return rest.iter().position(|&b| STOP[b as usize]);
    }
    // The last eight bytes: those before the remainder were scanned already and
    // hold no stop, so the first stop among them is the remainder's.
    let tail = &bytes[bytes.len() - 8..];
    let stops = stops_in(u64::from_le_bytes(tail.try_into().expect("8 bytes")));
    (stops != 0).then(|| bytes.len() - 8 + (stops.trailing_zeros() / 8) as usize)
}

fn position_of(slice: &[u8], index: usize) -> Position {
    let before = &slice[..index.min(slice.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Position {
        line,
        column: index - line_start,
    }
}

fn error_at(code: ErrorCode, position: Position) -> Error {
    Error::syntax(code, position.line, position.column)
}

fn hex_value(b: u8) -> Option<u16> {
    match b {
        b'0'..=b'9' => Some(u16::from(b - b'0')),
        b'a'..=b'f' => Some(u16::from(b - b'a' + 10)),
        b'A'..=b'F' => Some(u16::from(b - b'A' + 10)),
        _ => None,
    }
}

/// Decodes the escape after a backslash, reading bytes through `next`.
fn parse_escape<'de, R: Read<'de> + ?Sized>(read: &mut R) -> Result<char> {
    let Some(byte) = read.next()? else {
        return Err(error_at(ErrorCode::EofWhileParsingString, read.position()));
    };
    Ok(match byte {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\x08',
        b'f' => '\x0c',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let first = decode_hex4(read)?;
            match first {
                0xD800..=0xDBFF => {
                    // A high surrogate must be followed by `\u` and a low surrogate.
                    for expected in [b'\\', b'u'] {
                        match read.next()? {
                            Some(b) if b == expected => {}
                            Some(_) => {
                                return Err(error_at(ErrorCode::LoneSurrogate, read.position()))
                            }
                            None => {
                                return Err(error_at(
                                    ErrorCode::EofWhileParsingString,
                                    read.position(),
                                ))
                            }
                        }
                    }
                    let second = decode_hex4(read)?;
                    if !(0xDC00..=0xDFFF).contains(&second) {
                        return Err(error_at(ErrorCode::LoneSurrogate, read.position()));
                    }
                    let n = 0x10000
                        + ((u32::from(first) - 0xD800) << 10)
                        + (u32::from(second) - 0xDC00);
                    char::from_u32(n).ok_or_else(|| {
                        error_at(ErrorCode::InvalidUnicodeCodePoint, read.position())
                    })?
                }
                0xDC00..=0xDFFF => return Err(error_at(ErrorCode::LoneSurrogate, read.position())),
                n => char::from_u32(u32::from(n))
                    .ok_or_else(|| error_at(ErrorCode::InvalidUnicodeCodePoint, read.position()))?,
            }
        }
        _ => return Err(error_at(ErrorCode::InvalidEscape, read.position())),
    })
}

fn decode_hex4<'de, R: Read<'de> + ?Sized>(read: &mut R) -> Result<u16> {
    let mut n = 0;
    for _ in 0..4 {
        let Some(b) = read.next()? else {
            return Err(error_at(ErrorCode::EofWhileParsingString, read.position()));
        };
        let Some(v) = hex_value(b) else {
            return Err(error_at(ErrorCode::InvalidEscape, read.position()));
        };
        n = (n << 4) | v;
    }
    Ok(n)
}

//////////////////////////////////////////////////////////////////////////////

/// Reads from a byte slice; strings without escapes are borrowed from it.
///
/// ```
/// use transit_format::{de::SliceRead, Deserializer, Value};
/// let mut de = Deserializer::new(SliceRead::new(br#""~:a""#));
/// assert_eq!(de.parse_value().unwrap(), Value::keyword("a"));
/// ```
pub struct SliceRead<'a> {
    /// The input, or its first `max_input` bytes (see `set_limit`).
    slice: &'a [u8],
    /// The whole input, for positions past a cut.
    full: &'a [u8],
    /// Whether `slice` was cut short by a limit: its end is then an error, not the
    /// end of the input.
    cut: bool,
    index: usize,
    /// The same bytes as a `str`, when they came from one (see [`StrRead`]).
    text: Option<&'a str>,
    /// The last string `read_str` checked as UTF-8, and where it starts: the
    /// Transit layer asks for it (and for its parts) again right after, which
    /// then needs no second check.
    checked: (usize, &'a str),
}

impl<'a> SliceRead<'a> {
    /// Reads `slice`, checking that strings are UTF-8.
    pub fn new(slice: &'a [u8]) -> Self {
        SliceRead {
            slice,
            full: slice,
            cut: false,
            index: 0,
            // One pass over the whole input (fast for ASCII) instead of one check per
            // string; only input that is not UTF-8 somewhere is checked string by
            // string, so that the error points at the string that is wrong.
            text: std::str::from_utf8(slice).ok(),
            checked: (0, ""),
        }
    }

    /// The next `len` bytes, consumed, or the error of an input too short.
    #[inline]
    fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        match self.index.checked_add(len) {
            Some(end) if end <= self.slice.len() => {
                let bytes = &self.slice[self.index..end];
                self.index = end;
                Ok(bytes)
            }
            _ => {
                self.index = self.slice.len();
                self.end_of_input()?;
                Err(error_at(ErrorCode::EofWhileParsingString, self.position()))
            }
        }
    }

    /// What reaching the end of `slice` means: the end of the input, or, when a
    /// limit cut it, an error at the first byte past the limit, just as a stream
    /// reader reports it.
    #[cold]
    fn end_of_input(&self) -> Result<Option<u8>> {
        if self.cut {
            let limit = self.slice.len();
            Err(error_at(
                ErrorCode::InputTooLarge(limit),
                position_of(self.full, limit + 1),
            ))
        } else {
            Ok(None)
        }
    }

    /// `start..end` as text, if it is UTF-8.
    fn piece(&self, start: usize, end: usize) -> Option<&'a str> {
        match self.text {
            Some(text) => text.get(start..end),
            None => std::str::from_utf8(&self.slice[start..end]).ok(),
        }
    }

    fn str_between(&self, start: usize, end: usize) -> Result<&'a str> {
        match self.text {
            // A string ends at an ASCII quote, so both ends are character boundaries
            // and slicing the known-good `str` needs no second UTF-8 check.
            Some(text) => Ok(&text[start..end]),
            // The position of the closing quote, as for the other readers.
            None => std::str::from_utf8(&self.slice[start..end])
                .map_err(|_| error_at(ErrorCode::InvalidUtf8, position_of(self.slice, end + 1))),
        }
    }
}

impl private::Sealed for SliceRead<'_> {}

impl<'a> Read<'a> for SliceRead<'a> {
    #[inline]
    fn next(&mut self) -> Result<Option<u8>> {
        if let Some(&b) = self.slice.get(self.index) {
            self.index += 1;
            Ok(Some(b))
        } else {
            self.end_of_input()
        }
    }

    #[inline]
    fn peek(&mut self) -> Result<Option<u8>> {
        match self.slice.get(self.index) {
            Some(&b) => Ok(Some(b)),
            None => self.end_of_input(),
        }
    }

    /// A slice cut by a limit does not end where the input does: past the cut is
    /// an error, which the byte-by-byte path reports.
    #[inline]
    fn buffered(&self) -> (&[u8], bool) {
        (self.slice.get(self.index..).unwrap_or_default(), !self.cut)
    }

    #[inline]
    fn consume(&mut self, n: usize) {
        self.index += n;
    }

    #[inline]
    fn discard(&mut self) {
        self.index += 1;
    }

    fn position(&self) -> Position {
        position_of(self.slice, self.index)
    }

    fn peek_position(&self) -> Position {
        position_of(self.slice, (self.index + 1).min(self.slice.len()))
    }

    fn byte_offset(&self) -> usize {
        self.index
    }

    #[inline]
    fn input_bytes(&self, start: usize, end: usize) -> &'a [u8] {
        self.full.get(start..end).unwrap_or_default()
    }

    #[inline]
    fn borrowed_at(&self, start: usize, len: usize) -> Option<&'a str> {
        let end = start.checked_add(len)?;
        match self.text {
            Some(text) => text.get(start..end),
            None => {
                let (at, checked) = self.checked;
                if start >= at && end <= at + checked.len() {
                    // `get` checks only that both ends are character boundaries.
                    return checked.get(start - at..end - at);
                }
                // Only strings that passed their own check were borrowed.
                std::str::from_utf8(self.full.get(start..end)?).ok()
            }
        }
    }

    #[inline]
    fn read_str<'s>(
        &'s mut self,
        len: usize,
        _scratch: &'s mut String,
    ) -> Result<Reference<'a, 's, str>> {
        let start = self.index;
        let bytes = self.take(len)?;
        let text = match self.text {
            // Both ends must be character boundaries, or the piece is not UTF-8.
            Some(text) => text.get(start..start + len),
            None => std::str::from_utf8(bytes).ok(),
        };
        match text {
            Some(text) => {
                self.checked = (start, text);
                Ok(Reference::Borrowed(text))
            }
            None => Err(error_at(ErrorCode::InvalidUtf8, self.position())),
        }
    }

    #[inline]
    fn read_slice<'s>(
        &'s mut self,
        len: usize,
        _scratch: &'s mut Vec<u8>,
    ) -> Result<Reference<'a, 's, [u8]>> {
        self.take(len).map(Reference::Borrowed)
    }

    fn borrowed_bytes_at(&self, start: usize, len: usize) -> Option<&'a [u8]> {
        self.full.get(start..start.checked_add(len)?)
    }

    fn set_limit(&mut self, bytes: usize) {
        if bytes < self.full.len() {
            self.slice = &self.full[..bytes];
            self.cut = true;
            // A cut inside a character leaves the strings to be checked one by one.
            self.text = self.text.and_then(|text| text.get(..bytes));
        }
    }

    #[inline]
    fn skip_whitespace(&mut self) -> Result<Option<u8>> {
        while let Some(&b) = self.slice.get(self.index) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Ok(Some(b));
            }
            self.index += 1;
        }
        self.end_of_input()
    }

    #[inline(always)]
    fn scan_str(&mut self, scratch: &mut String) -> Result<Option<(usize, usize)>> {
        let start = self.index;
        // Most strings end at their first stop byte, a quote: their bytes are the
        // place of the string, with no `&str` made yet (the whole input was checked
        // to be UTF-8 when there was one).
        if let Some(skip) = find_stop(&self.slice[start..]) {
            let end = start + skip;
            if self.slice[end] == b'"' && self.text.is_some() {
                self.index = end + 1;
                return Ok(Some((start, end)));
            }
        }
        let start = self.byte_offset();
        match self.parse_str(scratch)? {
            Reference::Borrowed(s) => Ok(Some((start, start + s.len()))),
            Reference::Copied(_) => Ok(None),
        }
    }

    #[inline(always)]
    fn parse_str<'s>(&'s mut self, scratch: &'s mut String) -> Result<Reference<'a, 's, str>> {
        scratch.clear();
        let mut start = self.index;
        let mut escaped = false;
        let mut bad = false;
        loop {
            let rest = &self.slice[self.index..];
            let skip = find_stop(rest);
            let Some(skip) = skip else {
                self.index = self.slice.len();
                self.end_of_input()?;
                return Err(error_at(ErrorCode::EofWhileParsingString, self.position()));
            };
            self.index += skip;
            match self.slice[self.index] {
                b'"' => {
                    let end = self.index;
                    self.index += 1;
                    if !escaped {
                        return self.str_between(start, end).map(Reference::Borrowed);
                    }
                    match self.piece(start, end) {
                        Some(piece) if !bad => {
                            scratch.push_str(piece);
                            return Ok(Reference::Copied(scratch));
                        }
                        // Reported at the closing quote, as the stream reader does.
                        _ => return Err(error_at(ErrorCode::InvalidUtf8, self.position())),
                    }
                }
                b'\\' => {
                    // The piece before an escape ends at an ASCII byte: a character
                    // boundary.
                    match self.piece(start, self.index) {
                        Some(piece) => scratch.push_str(piece),
                        None => bad = true,
                    }
                    escaped = true;
                    self.index += 1;
                    scratch.push(parse_escape(self)?);
                    start = self.index;
                }
                _ => {
                    self.index += 1;
                    return Err(error_at(
                        ErrorCode::ControlCharacterInString,
                        self.position(),
                    ));
                }
            }
        }
    }
}

//////////////////////////////////////////////////////////////////////////////

/// Reads from a `&str`; strings without escapes are borrowed from it.
///
/// ```
/// use transit_format::{de::StrRead, Deserializer, Value};
/// let mut de = Deserializer::new(StrRead::new(r#"["~#list",[1]]"#));
/// assert_eq!(de.parse_value().unwrap(), Value::List(vec![Value::Integer(1)].into()));
/// ```
pub struct StrRead<'a> {
    delegate: SliceRead<'a>,
}

impl<'a> StrRead<'a> {
    /// Reads `s`.
    pub fn new(s: &'a str) -> Self {
        StrRead {
            delegate: SliceRead {
                slice: s.as_bytes(),
                full: s.as_bytes(),
                cut: false,
                index: 0,
                text: Some(s),
                checked: (0, ""),
            },
        }
    }
}

impl private::Sealed for StrRead<'_> {}

impl<'a> Read<'a> for StrRead<'a> {
    #[inline]
    fn next(&mut self) -> Result<Option<u8>> {
        self.delegate.next()
    }
    #[inline]
    fn peek(&mut self) -> Result<Option<u8>> {
        self.delegate.peek()
    }
    #[inline]
    fn discard(&mut self) {
        self.delegate.discard();
    }
    #[inline]
    fn buffered(&self) -> (&[u8], bool) {
        self.delegate.buffered()
    }
    #[inline]
    fn consume(&mut self, n: usize) {
        self.delegate.consume(n);
    }
    fn position(&self) -> Position {
        self.delegate.position()
    }
    fn peek_position(&self) -> Position {
        self.delegate.peek_position()
    }
    fn byte_offset(&self) -> usize {
        self.delegate.byte_offset()
    }
    fn set_limit(&mut self, bytes: usize) {
        self.delegate.set_limit(bytes);
    }
    #[inline]
    fn borrowed_at(&self, start: usize, len: usize) -> Option<&'a str> {
        self.delegate.borrowed_at(start, len)
    }
    fn read_str<'s>(
        &'s mut self,
        len: usize,
        scratch: &'s mut String,
    ) -> Result<Reference<'a, 's, str>> {
        self.delegate.read_str(len, scratch)
    }
    fn read_slice<'s>(
        &'s mut self,
        len: usize,
        scratch: &'s mut Vec<u8>,
    ) -> Result<Reference<'a, 's, [u8]>> {
        self.delegate.read_slice(len, scratch)
    }
    fn borrowed_bytes_at(&self, start: usize, len: usize) -> Option<&'a [u8]> {
        self.delegate.borrowed_bytes_at(start, len)
    }
    #[inline]
    fn input_bytes(&self, start: usize, end: usize) -> &'a [u8] {
        self.delegate.input_bytes(start, end)
    }
    #[inline]
    fn skip_whitespace(&mut self) -> Result<Option<u8>> {
        self.delegate.skip_whitespace()
    }
    #[inline]
    fn parse_str<'s>(&'s mut self, scratch: &'s mut String) -> Result<Reference<'a, 's, str>> {
        self.delegate.parse_str(scratch)
    }
    #[inline(always)]
    fn scan_str(&mut self, scratch: &mut String) -> Result<Option<(usize, usize)>> {
        self.delegate.scan_str(scratch)
    }
}

//////////////////////////////////////////////////////////////////////////////

/// Reads from any `io::Read` through its own buffer, so it needs no `BufReader` and
/// never holds more than one buffer of the stream (plus the value being built).
///
/// ```
/// use transit_format::{de::IoRead, Deserializer, Value};
/// let bytes: &[u8] = br#"["^ ","~:a",1]"#;
/// let mut de = Deserializer::new(IoRead::new(bytes));
/// assert!(matches!(de.parse_value().unwrap(), Value::Map(_)));
/// ```
pub struct IoRead<R> {
    reader: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Bytes of the stream before `buf[0]`.
    consumed: usize,
    /// Line number at `buf[0]` (1-based) and the stream offset where that line starts.
    line: usize,
    line_start: usize,
    /// `Deserializer::set_max_input`: no more of the stream is read past it.
    limit: Option<usize>,
}

const IO_BUFFER: usize = 64 * 1024;

impl<R: io::Read> IoRead<R> {
    /// Reads from `reader`.
    pub fn new(reader: R) -> Self {
        IoRead {
            reader,
            buf: vec![0; IO_BUFFER].into_boxed_slice(),
            pos: 0,
            end: 0,
            consumed: 0,
            line: 1,
            line_start: 0,
            limit: None,
        }
    }

    /// Refills the buffer once `pos == end`; returns false at the end of the stream.
    #[cold]
    fn fill(&mut self) -> Result<bool> {
        debug_assert_eq!(self.pos, self.end);
        for (i, &b) in self.buf[..self.end].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.consumed + i + 1;
            }
        }
        self.consumed += self.end;
        self.pos = 0;
        self.end = 0;
        // Past the limit only the end of the stream may follow: one byte more
        // is asked for, to tell the two apart.
        let room = match self.limit {
            Some(limit) if self.consumed >= limit => 1,
            Some(limit) => (limit - self.consumed).min(self.buf.len()),
            None => self.buf.len(),
        };
        loop {
            match self.reader.read(&mut self.buf[..room]) {
                Ok(n) if n > 0 && self.limit.is_some_and(|limit| self.consumed >= limit) => {
                    // The byte just read is the first past the limit.
                    self.end = n;
                    let limit = self.limit.unwrap_or_default();
                    return Err(error_at(
                        ErrorCode::InputTooLarge(limit),
                        self.position_at(1),
                    ));
                }
                Ok(n) => {
                    self.end = n;
                    return Ok(n > 0);
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(Error::io(err)),
            }
        }
    }

    /// Appends the next `len` bytes of the stream to `out`, buffer by buffer: `out`
    /// grows only by bytes that arrived.
    fn copy_into(&mut self, mut len: usize, out: &mut Vec<u8>) -> Result<()> {
        while len > 0 {
            if self.pos == self.end && !self.fill()? {
                return Err(error_at(ErrorCode::EofWhileParsingString, self.position()));
            }
            let take = len.min(self.end - self.pos);
            out.extend_from_slice(&self.buf[self.pos..self.pos + take]);
            self.pos += take;
            len -= take;
        }
        Ok(())
    }

    fn position_at(&self, pos: usize) -> Position {
        let mut line = self.line;
        let mut line_start = self.line_start;
        for (i, &b) in self.buf[..pos].iter().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = self.consumed + i + 1;
            }
        }
        Position {
            line,
            column: self.consumed + pos - line_start,
        }
    }
}

impl<R: io::Read> private::Sealed for IoRead<R> {}

impl<'de, R: io::Read> Read<'de> for IoRead<R> {
    #[inline]
    fn next(&mut self) -> Result<Option<u8>> {
        if self.pos == self.end && !self.fill()? {
            return Ok(None);
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(Some(b))
    }

    #[inline]
    fn peek(&mut self) -> Result<Option<u8>> {
        if self.pos == self.end && !self.fill()? {
            return Ok(None);
        }
        Ok(Some(self.buf[self.pos]))
    }

    /// More of the stream may follow the buffer.
    #[inline]
    fn buffered(&self) -> (&[u8], bool) {
        (self.buf.get(self.pos..self.end).unwrap_or_default(), false)
    }

    #[inline]
    fn consume(&mut self, n: usize) {
        self.pos += n;
    }

    #[inline]
    fn discard(&mut self) {
        self.pos += 1;
    }

    fn position(&self) -> Position {
        self.position_at(self.pos)
    }

    fn peek_position(&self) -> Position {
        self.position_at((self.pos + 1).min(self.end))
    }

    fn byte_offset(&self) -> usize {
        self.consumed + self.pos
    }

    fn set_limit(&mut self, bytes: usize) {
        self.limit = Some(bytes);
    }

    fn read_str<'s>(
        &'s mut self,
        len: usize,
        scratch: &'s mut String,
    ) -> Result<Reference<'de, 's, str>> {
        let mut bytes = std::mem::take(scratch).into_bytes();
        bytes.clear();
        self.copy_into(len, &mut bytes)?;
        match String::from_utf8(bytes) {
            Ok(s) => {
                *scratch = s;
                Ok(Reference::Copied(scratch))
            }
            Err(_) => Err(error_at(ErrorCode::InvalidUtf8, self.position())),
        }
    }

    fn read_slice<'s>(
        &'s mut self,
        len: usize,
        scratch: &'s mut Vec<u8>,
    ) -> Result<Reference<'de, 's, [u8]>> {
        scratch.clear();
        self.copy_into(len, scratch)?;
        Ok(Reference::Copied(scratch))
    }

    fn parse_str<'s>(&'s mut self, scratch: &'s mut String) -> Result<Reference<'de, 's, str>> {
        // Collected as bytes (a character may straddle two fills of the buffer) and
        // checked as UTF-8 once, at the closing quote.
        let mut bytes = std::mem::take(scratch).into_bytes();
        bytes.clear();
        loop {
            if self.pos == self.end && !self.fill()? {
                return Err(error_at(ErrorCode::EofWhileParsingString, self.position()));
            }
            let rest = &self.buf[self.pos..self.end];
            match rest.iter().position(|&b| STOP[b as usize]) {
                None => {
                    bytes.extend_from_slice(rest);
                    self.pos = self.end;
                }
                Some(skip) => {
                    bytes.extend_from_slice(&rest[..skip]);
                    let stop = rest[skip];
                    self.pos += skip + 1;
                    match stop {
                        b'"' => {
                            return match String::from_utf8(bytes) {
                                Ok(s) => {
                                    *scratch = s;
                                    Ok(Reference::Copied(scratch))
                                }
                                Err(_) => Err(error_at(ErrorCode::InvalidUtf8, self.position())),
                            };
                        }
                        b'\\' => {
                            let c = parse_escape(self)?;
                            let mut buf = [0; 4];
                            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => {
                            return Err(error_at(
                                ErrorCode::ControlCharacterInString,
                                self.position(),
                            ))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `io::Read` that hands out one byte per call, to cross every buffer edge.
    struct OneByte<'a>(&'a [u8]);
    impl io::Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.split_first() {
                Some((&b, rest)) if !buf.is_empty() => {
                    buf[0] = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn strings(input: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut scratch = String::new();
        let mut slice = SliceRead::new(input.as_bytes());
        assert_eq!(slice.next().unwrap(), Some(b'"'));
        out.push(slice.parse_str(&mut scratch).unwrap().to_string());
        let mut s = StrRead::new(input);
        assert_eq!(s.next().unwrap(), Some(b'"'));
        out.push(s.parse_str(&mut scratch).unwrap().to_string());
        let mut io = IoRead::new(OneByte(input.as_bytes()));
        assert_eq!(io.next().unwrap(), Some(b'"'));
        out.push(io.parse_str(&mut scratch).unwrap().to_string());
        out
    }

    #[test]
    fn strings_unescape_the_same_from_every_source() {
        for (input, expected) in [
            (r#""plain""#, "plain"),
            (r#""a\"b\\c\/d""#, "a\"b\\c/d"),
            (r#""\b\f\n\r\t""#, "\u{8}\u{c}\n\r\t"),
            (r#""\u00e9\uD83D\uDE00x""#, "\u{e9}\u{1F600}x"),
            ("\"\u{8a79}\u{59c6}\"", "\u{8a79}\u{59c6}"),
        ] {
            for got in strings(input) {
                assert_eq!(got, expected);
            }
        }
    }

    #[test]
    fn the_word_at_a_time_scan_finds_the_first_stop_byte() {
        let naive = |b: &[u8]| b.iter().position(|&x| STOP[x as usize]);
        let mut random = crate::testing::Xorshift::new(0x2545_f491_4f6c_dd1d);
        for len in 0..40 {
            for _ in 0..200 {
                let bytes = random.string_bytes(len);
                assert_eq!(find_stop(&bytes), naive(&bytes), "{bytes:?}");
            }
        }
    }

    #[test]
    fn plain_strings_are_borrowed() {
        let mut scratch = String::new();
        let mut read = SliceRead::new(br#""abc" "#);
        read.next().unwrap();
        assert!(matches!(
            read.parse_str(&mut scratch).unwrap(),
            Reference::Borrowed("abc")
        ));
        let mut read = SliceRead::new(br#""a\nc" "#);
        read.next().unwrap();
        assert!(matches!(
            read.parse_str(&mut scratch).unwrap(),
            Reference::Copied(_)
        ));
    }

    #[test]
    fn bad_strings_are_errors() {
        for input in [
            &b"\"abc"[..],
            b"\"a\\x\"",
            b"\"\\uD800\"",
            b"\"\\uDC00\"",
            b"\"\\u12\"",
            b"\"\x01\"",
            b"\"\xff\"",
        ] {
            let mut scratch = String::new();
            let mut read = SliceRead::new(input);
            read.next().unwrap();
            assert!(read.parse_str(&mut scratch).is_err(), "{input:?}");
            let mut read = IoRead::new(OneByte(input));
            read.next().unwrap();
            assert!(read.parse_str(&mut scratch).is_err(), "{input:?}");
        }
    }

    #[test]
    fn positions_count_lines_and_byte_columns() {
        let input = b"ab\ncd\nef";
        let mut slice = SliceRead::new(input);
        let mut io = IoRead::new(OneByte(input));
        for _ in 0..4 {
            slice.next().unwrap();
            io.next().unwrap();
        }
        let expected = Position { line: 2, column: 1 };
        assert_eq!(slice.position(), expected);
        assert_eq!(io.position(), expected);
        for _ in 0..4 {
            slice.next().unwrap();
            io.next().unwrap();
        }
        let expected = Position { line: 3, column: 2 };
        assert_eq!(slice.position(), expected);
        assert_eq!(io.position(), expected);
    }
}
