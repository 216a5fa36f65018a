//! JSON's grammar: bytes from a [`Read`] into [`Token`]s.
//!
//! Whitespace, literals, numbers, strings (borrowed from the input when they hold
//! no escape), and the punctuation between array items and object entries. Nothing
//! here knows Transit.

use crate::error::{Error, ErrorCode, Result};
use crate::json::read::Read;
use crate::token::{Source, Text, Token};

/// The JSON tokenizer over a byte source. Public only as the source type of
/// [`Json`](crate::encoding::Json), which is sealed.
#[doc(hidden)]
pub struct Tokens<R> {
    pub(crate) read: R,
    /// Unescaped strings (and the digits of big integers), valid until the next
    /// token is read.
    scratch: String,
    /// Where the last string read from the input lies (see [`Source::span`]).
    span: (usize, usize),
}

impl<R> Tokens<R> {
    pub(crate) fn new(read: R) -> Self {
        Tokens {
            read,
            scratch: String::new(),
            span: (0, 0),
        }
    }

    /// The scratch buffer, to be kept for the next tokenizer (see `de::Spare`).
    pub(crate) fn take_scratch(&mut self) -> String {
        std::mem::take(&mut self.scratch)
    }

    pub(crate) fn set_scratch(&mut self, scratch: String) {
        self.scratch = scratch;
    }
}

impl<'de, R: Read<'de>> Tokens<R> {
    #[cold]
    fn error_here(&self, code: ErrorCode) -> Error {
        let p = self.read.position();
        Error::syntax(code, p.line, p.column)
    }

    #[cold]
    fn error_next(&self, code: ErrorCode) -> Error {
        let p = self.read.peek_position();
        Error::syntax(code, p.line, p.column)
    }

    fn literal(&mut self, rest: &[u8], token: Token) -> Result<Token> {
        for &expected in rest {
            match self.read.next()? {
                Some(b) if b == expected => {}
                Some(_) => return Err(self.error_here(ErrorCode::ExpectedSomeValue)),
                None => return Err(self.error_here(ErrorCode::EofWhileParsingValue)),
            }
        }
        Ok(token)
    }

    /// The string whose opening quote was consumed.
    #[inline(always)]
    fn string(&mut self) -> Result<Text> {
        match self.read.scan_str(&mut self.scratch)? {
            Some(span) => {
                self.span = span;
                Ok(Text::Input)
            }
            None => Ok(Text::Scratch),
        }
    }

    /// A JSON number token: an integer when it has no fraction or exponent (`2` is
    /// an int, `2.0` a float: Transit keeps the two apart), a big integer past
    /// `i64`.
    #[inline]
    fn number(&mut self, first: u8) -> Result<Token> {
        if let Some((token, len)) = number_in_memory(first, self.read.buffered()) {
            self.read.consume(len);
            return Ok(token);
        }
        self.number_by_bytes(first)
    }

    /// A number read byte by byte through the reader, its text kept in `scratch`:
    /// every form, and the errors.
    #[cold]
    fn number_by_bytes(&mut self, first: u8) -> Result<Token> {
        self.scratch.clear();
        self.scratch.push(char::from(first));
        while let Some(b) = self.read.peek()? {
            if !matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                break;
            }
            self.scratch.push(char::from(b));
            self.read.discard();
        }
        // The whole token is in `scratch` now: the common forms as in memory.
        if let Some((token, _)) = number_in_memory(first, (&self.scratch.as_bytes()[1..], true)) {
            return Ok(token);
        }
        let at_end = self.read.peek()?.is_none();
        match json_number_kind(self.scratch.as_bytes()) {
            // `-`, `1.` or `1e` at the end of the input: more bytes could complete it.
            None if at_end => Err(self.error_here(ErrorCode::EofWhileParsingValue)),
            None => Err(self.error_here(ErrorCode::InvalidNumber)),
            Some(NumberKind::Integer) => match self.scratch.parse::<i64>() {
                Ok(i) => Ok(Token::Int(i)),
                Err(_) => Ok(Token::BigInt(Text::Scratch)),
            },
            Some(NumberKind::Float) => match self.scratch.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Token::Float(f)),
                _ => Err(self.error_here(ErrorCode::NumberOutOfRange)),
            },
        }
    }
}

impl<'de, R: Read<'de>> Source<'de> for Tokens<R> {
    #[inline(always)]
    fn value(&mut self) -> Result<Token> {
        let Some(b) = self.read.skip_whitespace()? else {
            return Err(self.error_next(ErrorCode::EofWhileParsingValue));
        };
        self.read.discard();
        match b {
            b'"' => self.string().map(Token::Str),
            b'[' => Ok(Token::Array(0)),
            b'{' => Ok(Token::Object(0)),
            b'-' | b'0'..=b'9' => self.number(b),
            b't' => self.literal(b"rue", Token::True),
            b'f' => self.literal(b"alse", Token::False),
            b'n' => self.literal(b"ull", Token::Null),
            _ => Err(self.error_here(ErrorCode::ExpectedSomeValue)),
        }
    }

    #[inline]
    fn next_is_null(&mut self) -> Result<bool> {
        if self.read.skip_whitespace()? != Some(b'n') {
            return Ok(false);
        }
        self.read.discard();
        self.literal(b"ull", Token::Null).map(|_| true)
    }

    /// `state` is 0 before the first item, 1 after it.
    #[inline(always)]
    fn array_next(&mut self, state: &mut u32) -> Result<bool> {
        let b = self.read.skip_whitespace()?;
        if *state == 0 {
            match b {
                Some(b']') => {
                    self.read.discard();
                    Ok(false)
                }
                Some(_) => {
                    *state = 1;
                    Ok(true)
                }
                None => Err(self.error_next(ErrorCode::EofWhileParsingArray)),
            }
        } else {
            match b {
                Some(b',') => {
                    self.read.discard();
                    Ok(true)
                }
                Some(b']') => {
                    self.read.discard();
                    Ok(false)
                }
                Some(_) => Err(self.error_next(ErrorCode::ExpectedArrayCommaOrEnd)),
                None => Err(self.error_next(ErrorCode::EofWhileParsingArray)),
            }
        }
    }

    /// `state` is 0 before the first entry, 1 after it. Keys are strings, and the
    /// `:` after one is consumed with it.
    #[inline]
    fn object_key(&mut self, state: &mut u32) -> Result<Option<Token>> {
        let mut b = self.read.skip_whitespace()?;
        if *state == 0 {
            if b == Some(b'}') {
                self.read.discard();
                return Ok(None);
            }
            *state = 1;
        } else {
            match b {
                Some(b',') => {
                    self.read.discard();
                    b = self.read.skip_whitespace()?;
                }
                Some(b'}') => {
                    self.read.discard();
                    return Ok(None);
                }
                Some(_) => return Err(self.error_next(ErrorCode::ExpectedObjectCommaOrEnd)),
                None => return Err(self.error_next(ErrorCode::EofWhileParsingObject)),
            }
        }
        match b {
            Some(b'"') => self.read.discard(),
            Some(_) => return Err(self.error_next(ErrorCode::KeyMustBeAString)),
            None => return Err(self.error_next(ErrorCode::EofWhileParsingObject)),
        }
        let key = self.string()?;
        match self.read.skip_whitespace()? {
            Some(b':') => self.read.discard(),
            Some(_) => return Err(self.error_next(ErrorCode::ExpectedColon)),
            None => return Err(self.error_next(ErrorCode::EofWhileParsingObject)),
        }
        Ok(Some(Token::Str(key)))
    }

    #[inline(always)]
    fn span(&self) -> (usize, usize) {
        self.span
    }

    #[inline(always)]
    fn input_str(&self, start: usize, end: usize) -> Option<&'de str> {
        self.read.borrowed_at(start, end - start)
    }

    #[inline(always)]
    fn input_bytes(&self, start: usize, end: usize) -> &'de [u8] {
        self.read.input_bytes(start, end)
    }

    #[inline]
    fn scratch(&self) -> &str {
        &self.scratch
    }

    fn byte_offset(&self) -> usize {
        self.read.byte_offset()
    }

    fn position(&self) -> (usize, usize) {
        let p = self.read.position();
        (p.line, p.column)
    }

    fn peek_position(&self) -> (usize, usize) {
        let p = self.read.peek_position();
        (p.line, p.column)
    }

    fn at_end(&mut self) -> Result<bool> {
        Ok(self.read.skip_whitespace()?.is_none())
    }

    fn next_byte(&mut self) -> Result<Option<u8>> {
        self.read.skip_whitespace()
    }

    fn set_limit(&mut self, bytes: usize) {
        self.read.set_limit(bytes);
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
/// The common numbers (an integer of 64 bits, a fraction without exponent that
/// `fast_fraction` takes) read straight from the bytes in memory after `first`,
/// with how many of them they took; `None` for anything else, or a number that may
/// go on past the bytes in memory, which `number_by_bytes` then reads from the
/// start (and hands back here once it holds the whole token, so the two paths
/// share these rules).
#[inline]
fn number_in_memory(first: u8, (rest, complete): (&[u8], bool)) -> Option<(Token, usize)> {
    let negative = first == b'-';
    let mut magnitude = if negative { 0 } else { u64::from(first - b'0') };
    let mut digits = usize::from(!negative);
    let mut fits = true;
    let mut point_at: Option<usize> = None;
    let mut plain_fraction = true;
    let mut len = 0;
    loop {
        let Some(&b) = rest.get(len) else {
            if !complete {
                return None;
            }
            break;
        };
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
                plain_fraction &= point_at.is_none();
                point_at = Some(digits);
            }
            // An exponent or a sign inside: the byte-by-byte path.
            b'e' | b'E' | b'+' | b'-' => return None,
            _ => break,
        }
        len += 1;
    }
    let first_digit = if negative {
        rest.first().copied()
    } else {
        Some(first)
    };
    let leading_zero = first_digit == Some(b'0') && digits > 1;
    if !fits {
        return None;
    }
    let token = match point_at {
        None if digits > 0 && !leading_zero => {
            if !negative && magnitude <= i64::MAX as u64 {
                Token::Int(magnitude as i64)
            } else if negative && magnitude <= i64::MAX as u64 + 1 {
                Token::Int((magnitude as i64).wrapping_neg())
            } else {
                return None;
            }
        }
        Some(whole) if plain_fraction => {
            let f = fast_fraction(magnitude, whole, digits - whole, leading_zero)?;
            Token::Float(if negative { -f } else { f })
        }
        _ => return None,
    };
    Some((token, len))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::read::StrRead;

    fn number(text: &str) -> Result<Token> {
        let mut tokens = Tokens::new(StrRead::new(text));
        tokens.value()
    }

    /// A stream handing out one byte per read: its buffer never holds a whole
    /// number, so every number takes the byte-by-byte path.
    struct OneByte<'a>(&'a [u8]);

    impl std::io::Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    /// The token (or the error's text) and the bytes left after it.
    fn read_both_ways(text: &str) -> [(String, String); 2] {
        let mut in_memory = Tokens::new(StrRead::new(text));
        let mut by_bytes = Tokens::new(crate::json::read::IoRead::new(OneByte(text.as_bytes())));
        let seen = |token: Result<Token>, rest: String| match token {
            Ok(token) => (format!("{token:?}"), rest),
            Err(err) => (err.to_string(), String::new()),
        };
        let a = in_memory.value();
        let a_rest = String::from_utf8_lossy(in_memory.read.buffered().0).into_owned();
        let b = by_bytes.value();
        let mut b_rest = Vec::new();
        while let Ok(Some(byte)) = by_bytes.read.next() {
            b_rest.push(byte);
        }
        [
            seen(a, a_rest),
            seen(b, String::from_utf8_lossy(&b_rest).into_owned()),
        ]
    }

    #[test]
    fn numbers_in_memory_read_as_byte_by_byte() {
        let mut random = crate::testing::Xorshift::new(0x2545_f491_4f6c_dd1d);
        let alphabet = b"0123456789-+.eE]";
        for _ in 0..100_000 {
            let len = 1 + (random.next_u64() % 24) as usize;
            let mut text: String = (0..len)
                .map(|_| char::from(alphabet[(random.next_u64() % 16) as usize]))
                .collect();
            // Numbers start with a digit or a minus sign.
            if !text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                text.insert(0, '1');
            }
            let [a, b] = read_both_ways(&text);
            assert_eq!(a, b, "{text}");
        }
        for text in [
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "18446744073709551616",
            "0.1",
            "-0.0",
            "01",
            "1.",
            "-",
            "1.2.3",
            "3.14]",
            "7,",
        ] {
            let [a, b] = read_both_ways(text);
            assert_eq!(a, b, "{text}");
        }
    }

    #[test]
    fn fractions_read_by_the_fast_path_equal_the_full_parsers() {
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
            match number(&text).unwrap() {
                Token::Float(f) => assert_eq!(f.to_bits(), expected.to_bits(), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        // Malformed ones still fail as before.
        for bad in ["01.5", "1.", "1.2.3", "-.5", "00.1"] {
            assert!(number(bad).is_err(), "{bad}");
        }
        assert_eq!(number("-0.0").unwrap(), Token::Float(-0.0));
        for text in [
            "0.5",
            "0.0001",
            "-0.1",
            "9007199254740993.0",
            "0.30000000000000004",
        ] {
            let expected: f64 = text.parse().unwrap();
            assert_eq!(number(text).unwrap(), Token::Float(expected), "{text}");
        }
    }

    #[test]
    fn integers_past_64_bits_keep_their_digits() {
        let mut tokens = Tokens::new(StrRead::new("-9223372036854775809 "));
        assert_eq!(tokens.value().unwrap(), Token::BigInt(Text::Scratch));
        assert_eq!(tokens.scratch(), "-9223372036854775809");
        assert_eq!(
            number("-9223372036854775808").unwrap(),
            Token::Int(i64::MIN)
        );
    }
}
