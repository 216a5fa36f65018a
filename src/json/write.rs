//! JSON's text on the way out: string contents escaped exactly as transit-java's
//! JSON generator (Jackson) escapes them.
//!
//! - `"` and `\` get a backslash; backspace, tab, newline, form feed and carriage
//!   return their short escapes (`\b`, `\t`, `\n`, `\f`, `\r`); other control
//!   characters `\u00XX` with upper-case hex (`\u001B`);
//! - characters outside the Basic Multilingual Plane (emoji, most of all) are
//!   written as their two UTF-16 surrogates, escaped with upper-case hex
//!   (`"\uD83D\uDE00"`), since Java holds text as UTF-16;
//! - everything else, other non-ASCII text included, is written as it is (UTF-8),
//!   and so is `/`.
//!
//! [`JsonSink`] writes JSON's values and punctuation for the Transit emitter.

use std::io;

use crate::error::{Error, Result};
use crate::number::JavaDouble;
use crate::token::Sink;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The index of the first byte that needs escaping: a quote, a backslash, a control
/// character, or the first byte of a 4-byte UTF-8 sequence (a character outside the
/// BMP). Looks at eight bytes at a time.
#[inline]
fn find_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The lowest set high bit of this is exact: it marks the first zero byte.
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let stops_in = |word: u64| {
        let quote = has_zero(word ^ (ONES * u64::from(b'"')));
        let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
        // Bytes below 0x20: subtracting 0x20 borrows into the high bit, and the
        // byte's own high bit was clear.
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        // Bytes 0xF0 and above: their top four bits are all set.
        let astral = has_zero((word & (ONES * 0xF0)) ^ (ONES * 0xF0));
        quote | backslash | control | astral
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
    chunks
        .remainder()
        .iter()
        .position(|&b| needs_escape(b))
        .map(|i| offset + i)
}

#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\' || b >= 0xF0
}

/// Writes `text` escaped for the inside of a JSON string (no quotes).
#[inline]
pub(crate) fn write_str_contents<W: io::Write + ?Sized>(out: &mut W, text: &str) -> io::Result<()> {
    let mut rest = text.as_bytes();
    while let Some(i) = find_escape(rest) {
        out.write_all(&rest[..i])?;
        let b = rest[i];
        let mut buf = [0u8; 12];
        let (escape, used): (&[u8], usize) = match b {
            b'"' => (b"\\\"", 1),
            b'\\' => (b"\\\\", 1),
            b'\n' => (b"\\n", 1),
            b'\r' => (b"\\r", 1),
            b'\t' => (b"\\t", 1),
            0x08 => (b"\\b", 1),
            0x0c => (b"\\f", 1),
            0..=0x1f => {
                buf[..6].copy_from_slice(&unicode_escape(u16::from(b)));
                (&buf[..6], 1)
            }
            _ => {
                // A 4-byte sequence of valid UTF-8 (the text is a `str`).
                let c = u32::from(b & 0x07) << 18
                    | u32::from(rest[i + 1] & 0x3f) << 12
                    | u32::from(rest[i + 2] & 0x3f) << 6
                    | u32::from(rest[i + 3] & 0x3f);
                let c = c - 0x1_0000;
                buf[..6].copy_from_slice(&unicode_escape(0xd800 + (c >> 10) as u16));
                buf[6..].copy_from_slice(&unicode_escape(0xdc00 + (c & 0x3ff) as u16));
                (&buf[..], 4)
            }
        };
        out.write_all(escape)?;
        rest = &rest[i + used..];
    }
    out.write_all(rest)
}

/// `\uXXXX` with upper-case hex.
fn unicode_escape(unit: u16) -> [u8; 6] {
    let hex = |shift: u16| HEX[usize::from((unit >> shift) & 0xf)];
    [b'\\', b'u', hex(12), hex(8), hex(4), hex(0)]
}

/// JSON's side of the writer: values and punctuation, as bytes to an `io::Write`.
pub struct JsonSink<W> {
    pub(crate) writer: W,
}

impl<W: io::Write> JsonSink<W> {
    pub(crate) fn new(writer: W) -> Self {
        JsonSink { writer }
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.write_all(bytes).map_err(Error::io)
    }
}

impl<W: io::Write> Sink for JsonSink<W> {
    #[inline]
    fn null(&mut self) -> Result<()> {
        self.write(b"null")
    }

    #[inline]
    fn bool(&mut self, b: bool) -> Result<()> {
        self.write(if b { b"true" } else { b"false" })
    }

    #[inline]
    fn int(&mut self, i: i64) -> Result<()> {
        let mut buf = itoa::Buffer::new();
        self.write(buf.format(i).as_bytes())
    }

    /// Spelled as Java's `Double.toString` spells it (`2.0`, `4.0E11`).
    #[inline]
    fn float(&mut self, f: f64) -> Result<()> {
        self.write(JavaDouble::new(f).as_bytes())
    }

    #[inline]
    fn str(&mut self, s: &str) -> Result<()> {
        self.write(b"\"")?;
        write_str_contents(&mut self.writer, s).map_err(Error::io)?;
        self.write(b"\"")
    }

    #[inline]
    fn str2(&mut self, prefix: &str, text: &str) -> Result<()> {
        self.write(b"\"")?;
        // Prefixes are markers (`~:`, `~#`, `~u`, …) with nothing to escape, except
        // a one-character tag's `~` + tag, which may be any character.
        if prefix
            .bytes()
            .all(|b| (0x20..0x80).contains(&b) && b != b'"' && b != b'\\')
        {
            self.write(prefix.as_bytes())?;
        } else {
            write_str_contents(&mut self.writer, prefix).map_err(Error::io)?;
        }
        write_str_contents(&mut self.writer, text).map_err(Error::io)?;
        self.write(b"\"")
    }

    #[inline]
    fn begin_array(&mut self, _: Option<usize>) -> Result<()> {
        self.write(b"[")
    }

    #[inline]
    fn array_item(&mut self, first: bool) -> Result<()> {
        if first {
            Ok(())
        } else {
            self.write(b",")
        }
    }

    #[inline]
    fn end_array(&mut self) -> Result<()> {
        self.write(b"]")
    }

    #[inline]
    fn begin_map(&mut self, _: Option<usize>) -> Result<()> {
        self.write(b"{")
    }

    #[inline]
    fn map_key(&mut self, first: bool) -> Result<()> {
        if first {
            Ok(())
        } else {
            self.write(b",")
        }
    }

    #[inline]
    fn map_value(&mut self) -> Result<()> {
        self.write(b":")
    }

    #[inline]
    fn end_map(&mut self) -> Result<()> {
        self.write(b"}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        write_str_contents(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_as_jackson_does() {
        assert_eq!(escaped("plain / é 詹"), "plain / é 詹");
        assert_eq!(escaped("a\"b\\c"), "a\\\"b\\\\c");
        assert_eq!(escaped("\n\r\t\u{8}\u{c}"), "\\n\\r\\t\\b\\f");
        assert_eq!(
            escaped("\u{0}\u{b}\u{1b}\u{1f}"),
            "\\u0000\\u000B\\u001B\\u001F"
        );
        assert_eq!(escaped("\u{1F600}"), "\\uD83D\\uDE00");
        assert_eq!(
            escaped("x\u{10FFFF}y\u{10000}"),
            "x\\uDBFF\\uDFFFy\\uD800\\uDC00"
        );
        // U+007F and the BMP's last characters are written as they are.
        assert_eq!(escaped("\u{7f}\u{FFFF}"), "\u{7f}\u{FFFF}");
    }

    #[test]
    fn the_word_scan_finds_the_first_byte_to_escape() {
        let mut random = crate::testing::Xorshift::new(0x51f1_5eed);
        for len in 0..40 {
            for _ in 0..300 {
                let bytes = random.string_bytes(len);
                let naive = bytes.iter().position(|&b| needs_escape(b));
                assert_eq!(find_escape(&bytes), naive, "{bytes:?}");
            }
        }
    }

    #[test]
    fn every_escape_reads_back() {
        let text: String = (0u32..0x300)
            .chain([0xFFFF, 0x1_0000, 0x1F600, 0x10_FFFF])
            .filter_map(char::from_u32)
            .collect();
        let json = format!("\"{}\"", escaped(&text));
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
    }
}
