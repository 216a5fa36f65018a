//! MessagePack's grammar: bytes from a [`Read`] into [`Token`]s.
//!
//! Each value starts with a marker byte (rmp's [`Marker`] names them) that says
//! its type and, for numbers, strings and containers, how many bytes or items
//! follow. Nothing here knows Transit: a string is a string, a map's keys are
//! values of any type.
//!
//! A length is only a claim: strings are taken from the input (borrowed from a
//! slice, copied from a stream as its bytes arrive), so a short input is an EOF
//! error and never an allocation of the claimed size; a container's count only
//! says how often [`Source::array_next`] and [`Source::object_key`] answer yes.
//!
//! MessagePack has no lines, so positions are byte offsets: an error is reported
//! at line 1, column N for the N-th byte of the input (1-based).

use rmp::Marker;

use crate::error::{Error, ErrorCode, Result};
use crate::json::read::{Read, Reference};
use crate::token::{Source, Text, Token};

/// The MessagePack tokenizer over a byte source. Public only as the source type
/// of [`Msgpack`](crate::encoding::Msgpack), which is sealed.
#[doc(hidden)]
pub struct MsgpackTokens<R> {
    read: R,
    /// Strings read from a stream, and the digits of integers past `i64`, valid
    /// until the next token is read.
    scratch: String,
    /// Byte strings read from a stream.
    bytes: Vec<u8>,
    /// Where the last string or byte string read from the input lies (see
    /// [`Source::span`]).
    span: (usize, usize),
}

impl<R> MsgpackTokens<R> {
    pub(crate) fn new(read: R, scratch: String) -> Self {
        MsgpackTokens {
            read,
            scratch,
            bytes: Vec::new(),
            span: (0, 0),
        }
    }

    /// The scratch buffer, to be kept for the next tokenizer.
    pub(crate) fn take_scratch(&mut self) -> String {
        std::mem::take(&mut self.scratch)
    }
}

impl<'de, R: Read<'de>> MsgpackTokens<R> {
    /// An error at the last byte read.
    #[cold]
    fn error(&self, code: ErrorCode) -> Error {
        Error::syntax(code, 1, self.read.byte_offset())
    }

    /// An error from the byte source, put at a byte offset: the limit's at the
    /// first byte past it, the others at the last byte read.
    #[cold]
    fn placed(&self, err: Error) -> Error {
        match err.input_limit() {
            Some(limit) => err.reposition(1, limit + 1),
            None => err.reposition(1, self.read.byte_offset()),
        }
    }

    #[inline(always)]
    fn byte(&mut self) -> Result<u8> {
        match self.read.next() {
            Ok(Some(b)) => Ok(b),
            Ok(None) => Err(self.error(ErrorCode::EofWhileParsingValue)),
            Err(err) => Err(self.placed(err)),
        }
    }

    /// The `N` bytes after a marker (a number or a length), big-endian.
    #[inline(always)]
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0; N];
        for b in &mut out {
            *b = self.byte()?;
        }
        Ok(out)
    }

    #[inline]
    fn len8(&mut self) -> Result<usize> {
        self.byte().map(usize::from)
    }

    #[inline]
    fn len16(&mut self) -> Result<usize> {
        self.array().map(|b| usize::from(u16::from_be_bytes(b)))
    }

    #[inline]
    fn len32(&mut self) -> Result<u32> {
        self.array().map(u32::from_be_bytes)
    }

    /// A string of `len` bytes.
    #[inline]
    fn string(&mut self, len: usize) -> Result<Token> {
        let start = self.read.byte_offset();
        match self.read.read_str(len, &mut self.scratch) {
            Ok(Reference::Borrowed(_)) => {
                self.span = (start, start + len);
                Ok(Token::Str(Text::Input))
            }
            Ok(Reference::Copied(_)) => Ok(Token::Str(Text::Scratch)),
            Err(err) => Err(self.placed(err)),
        }
    }

    /// A byte string of `len` bytes.
    fn binary(&mut self, len: usize) -> Result<Token> {
        let start = self.read.byte_offset();
        match self.read.read_slice(len, &mut self.bytes) {
            Ok(Reference::Borrowed(_)) => {
                self.span = (start, start + len);
                Ok(Token::Bytes(Text::Input))
            }
            Ok(Reference::Copied(_)) => Ok(Token::Bytes(Text::Scratch)),
            Err(err) => Err(self.placed(err)),
        }
    }

    /// An unsigned 64-bit integer: past `i64` it is a big integer, its digits in
    /// the scratch buffer.
    fn unsigned(&mut self, n: u64) -> Token {
        match i64::try_from(n) {
            Ok(i) => Token::Int(i),
            Err(_) => {
                self.scratch.clear();
                self.scratch.push_str(itoa::Buffer::new().format(n));
                Token::BigInt(Text::Scratch)
            }
        }
    }

    /// An extension value: its type is read (for the message), then refused.
    #[cold]
    fn extension(&mut self, len_bytes: usize) -> Result<Token> {
        for _ in 0..len_bytes {
            self.byte()?;
        }
        let ty = self.byte()? as i8;
        Err(self.error(ErrorCode::ExtensionType(ty)))
    }

    /// The token that starts with marker byte `b`: the one-byte markers that
    /// make most of a document here, the others out of line (so that this stays
    /// small enough to be inlined into the Transit reader's loop).
    #[inline(always)]
    fn token(&mut self, b: u8) -> Result<Token> {
        Ok(match Marker::from_u8(b) {
            Marker::FixPos(n) => Token::Int(i64::from(n)),
            Marker::FixStr(n) => return self.string(usize::from(n)),
            Marker::FixMap(n) => Token::Object(u32::from(n)),
            Marker::FixArray(n) => Token::Array(u32::from(n)),
            Marker::Null => Token::Null,
            Marker::True => Token::True,
            Marker::False => Token::False,
            marker => return self.wide(b, marker),
        })
    }

    /// The token of a marker followed by a number or a length.
    #[inline(never)]
    fn wide(&mut self, b: u8, marker: Marker) -> Result<Token> {
        Ok(match marker {
            Marker::FixNeg(n) => Token::Int(i64::from(n)),
            Marker::U8 => Token::Int(i64::from(self.byte()?)),
            Marker::U16 => Token::Int(i64::from(u16::from_be_bytes(self.array()?))),
            Marker::U32 => Token::Int(i64::from(u32::from_be_bytes(self.array()?))),
            Marker::U64 => {
                let n = u64::from_be_bytes(self.array()?);
                self.unsigned(n)
            }
            Marker::I8 => Token::Int(i64::from(self.byte()? as i8)),
            Marker::I16 => Token::Int(i64::from(i16::from_be_bytes(self.array()?))),
            Marker::I32 => Token::Int(i64::from(i32::from_be_bytes(self.array()?))),
            Marker::I64 => Token::Int(i64::from_be_bytes(self.array()?)),
            Marker::F32 => Token::Float(f64::from(f32::from_be_bytes(self.array()?))),
            Marker::F64 => Token::Float(f64::from_be_bytes(self.array()?)),
            Marker::Str8 => {
                let len = self.len8()?;
                return self.string(len);
            }
            Marker::Str16 => {
                let len = self.len16()?;
                return self.string(len);
            }
            Marker::Str32 => {
                let len = self.len32()? as usize;
                return self.string(len);
            }
            Marker::Bin8 => {
                let len = self.len8()?;
                return self.binary(len);
            }
            Marker::Bin16 => {
                let len = self.len16()?;
                return self.binary(len);
            }
            Marker::Bin32 => {
                let len = self.len32()? as usize;
                return self.binary(len);
            }
            Marker::Array16 => Token::Array(self.len16()? as u32),
            Marker::Array32 => Token::Array(self.len32()?),
            Marker::Map16 => Token::Object(self.len16()? as u32),
            Marker::Map32 => Token::Object(self.len32()?),
            Marker::FixExt1
            | Marker::FixExt2
            | Marker::FixExt4
            | Marker::FixExt8
            | Marker::FixExt16 => return self.extension(0),
            Marker::Ext8 => return self.extension(1),
            Marker::Ext16 => return self.extension(2),
            Marker::Ext32 => return self.extension(4),
            Marker::Reserved => return Err(self.error(ErrorCode::InvalidMarker(b))),
            Marker::FixPos(_)
            | Marker::FixStr(_)
            | Marker::FixMap(_)
            | Marker::FixArray(_)
            | Marker::Null
            | Marker::True
            | Marker::False => self.token(b)?,
        })
    }
}

impl<'de, R: Read<'de>> Source<'de> for MsgpackTokens<R> {
    #[inline(always)]
    fn value(&mut self) -> Result<Token> {
        let b = self.byte()?;
        self.token(b)
    }

    #[inline]
    fn next_is_null(&mut self) -> Result<bool> {
        match self.read.peek() {
            Ok(Some(0xc0)) => {
                self.read.discard();
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(err) => Err(self.placed(err)),
        }
    }

    /// `state` counts the items left.
    #[inline(always)]
    fn array_next(&mut self, state: &mut u32) -> Result<bool> {
        if *state == 0 {
            return Ok(false);
        }
        *state -= 1;
        Ok(true)
    }

    /// `state` counts the entries left. A key may be any value.
    #[inline]
    fn object_key(&mut self, state: &mut u32) -> Result<Option<Token>> {
        if *state == 0 {
            return Ok(None);
        }
        *state -= 1;
        self.value().map(Some)
    }

    #[inline(always)]
    fn span(&self) -> (usize, usize) {
        self.span
    }

    #[inline(always)]
    fn input_str(&self, start: usize, end: usize) -> Option<&'de str> {
        self.read.borrowed_at(start, end.checked_sub(start)?)
    }

    #[inline]
    fn scratch(&self) -> &str {
        &self.scratch
    }

    #[inline]
    fn input_bytes(&self, start: usize, end: usize) -> &'de [u8] {
        end.checked_sub(start)
            .and_then(|len| self.read.borrowed_bytes_at(start, len))
            .unwrap_or_default()
    }

    fn scratch_bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn byte_offset(&self) -> usize {
        self.read.byte_offset()
    }

    fn position(&self) -> (usize, usize) {
        (1, self.read.byte_offset())
    }

    fn peek_position(&self) -> (usize, usize) {
        (1, self.read.byte_offset() + 1)
    }

    /// Values follow each other with nothing between them.
    fn at_end(&mut self) -> Result<bool> {
        match self.read.peek() {
            Ok(next) => Ok(next.is_none()),
            Err(err) => Err(self.placed(err)),
        }
    }

    fn next_byte(&mut self) -> Result<Option<u8>> {
        self.read.peek().map_err(|err| self.placed(err))
    }

    fn set_limit(&mut self, bytes: usize) {
        self.read.set_limit(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::read::{IoRead, SliceRead};

    fn tokens(bytes: &[u8]) -> Vec<Token> {
        let mut src = MsgpackTokens::new(SliceRead::new(bytes), String::new());
        let mut out = Vec::new();
        while !src.at_end().unwrap() {
            out.push(src.value().unwrap());
        }
        out
    }

    #[test]
    fn numbers_of_every_width() {
        let input = [
            0x7f, 0xe0, 0xcc, 0xff, 0xcd, 0x01, 0x00, 0xce, 0xff, 0xff, 0xff, 0xff, 0xd0, 0x80,
            0xd1, 0x80, 0x00, 0xd2, 0x80, 0, 0, 0, 0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0, 0xca, 0x3f,
            0x80, 0, 0, 0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(
            tokens(&input),
            [
                Token::Int(127),
                Token::Int(-32),
                Token::Int(255),
                Token::Int(256),
                Token::Int(u32::MAX.into()),
                Token::Int(-128),
                Token::Int(-32768),
                Token::Int(i32::MIN.into()),
                Token::Int(i64::MIN),
                Token::Float(1.0),
                Token::Float(1.0),
            ]
        );
        let mut src = MsgpackTokens::new(
            SliceRead::new(&[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            String::new(),
        );
        assert_eq!(src.value().unwrap(), Token::BigInt(Text::Scratch));
        assert_eq!(src.scratch(), "18446744073709551615");
    }

    #[test]
    fn strings_borrow_from_slices_and_copy_from_streams() {
        let input = b"\xa3abc\xd9\x01x\xda\x00\x02yz\xc4\x02\x00\xff";
        let mut src = MsgpackTokens::new(SliceRead::new(input), String::new());
        assert_eq!(src.value().unwrap(), Token::Str(Text::Input));
        assert_eq!(src.span(), (1, 4));
        assert_eq!(src.input_str(1, 4), Some("abc"));
        assert_eq!(src.value().unwrap(), Token::Str(Text::Input));
        assert_eq!(src.span(), (6, 7));
        assert_eq!(src.value().unwrap(), Token::Str(Text::Input));
        assert_eq!(src.span(), (10, 12));
        assert_eq!(src.value().unwrap(), Token::Bytes(Text::Input));
        assert_eq!(src.span(), (14, 16));
        assert_eq!(src.input_bytes(14, 16), &[0, 0xff][..]);
        let mut src = MsgpackTokens::new(IoRead::new(&input[..]), String::new());
        assert_eq!(src.value().unwrap(), Token::Str(Text::Scratch));
        assert_eq!(src.scratch(), "abc");
        src.value().unwrap();
        src.value().unwrap();
        assert_eq!(src.value().unwrap(), Token::Bytes(Text::Scratch));
        assert_eq!(src.scratch_bytes(), [0, 0xff]);
    }

    #[test]
    fn claimed_lengths_are_not_trusted() {
        // A string, a byte string and an array claiming 4 GiB, with no bytes.
        for input in [&b"\xdb\xff\xff\xff\xff"[..], b"\xc6\xff\xff\xff\xff"] {
            let mut src = MsgpackTokens::new(SliceRead::new(input), String::new());
            assert!(src.value().unwrap_err().is_eof());
            let mut src = MsgpackTokens::new(IoRead::new(input), String::new());
            assert!(src.value().unwrap_err().is_eof());
        }
        let mut src = MsgpackTokens::new(SliceRead::new(b"\xdd\xff\xff\xff\xff"), String::new());
        let Token::Array(mut state) = src.value().unwrap() else {
            panic!("an array")
        };
        assert!(src.array_next(&mut state).unwrap());
        assert!(src.value().unwrap_err().is_eof());
    }

    #[test]
    fn bad_markers_and_extensions_are_errors_at_their_byte() {
        let mut src = MsgpackTokens::new(SliceRead::new(b"\x01\xc1"), String::new());
        src.value().unwrap();
        assert_eq!(
            src.value().unwrap_err().to_string(),
            "invalid MessagePack marker 0xc1 at line 1 column 2"
        );
        let mut src = MsgpackTokens::new(SliceRead::new(b"\xd4\x05\x00"), String::new());
        assert_eq!(
            src.value().unwrap_err().to_string(),
            "MessagePack extension type 5 has no meaning in Transit at line 1 column 2"
        );
        let mut src = MsgpackTokens::new(SliceRead::new(b"\xa2\xff\xfe"), String::new());
        assert_eq!(
            src.value().unwrap_err().to_string(),
            "invalid UTF-8 in string at line 1 column 3"
        );
    }
}
