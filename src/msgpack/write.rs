//! MessagePack's bytes on the way out, as transit-java's MessagePack library
//! (msgpack-java 0.6) writes them:
//!
//! - integers in the fewest bytes: a positive fixint, else unsigned 8, 16, 32 or 64
//!   bits for those above zero, a negative fixint, else signed 8 to 64 bits below;
//!   doubles as 64-bit floats, `f32`s as 32-bit ones;
//! - strings as fixstr below 32 bytes, else with a 16-bit length (`0xda`) below
//!   65536 bytes, else a 32-bit one: that library predates `str8` (`0xd9`) and
//!   never writes it;
//! - arrays and maps as fix, 16- or 32-bit headers, by their number of items.
//!
//! A header comes before its items, so a container must know its length when it
//! opens. When it does not (a serde map or sequence of unknown length, such as a
//! struct with a `#[serde(flatten)]` field), everything from its start is held in
//! a buffer and its header is put in front once it closes. Declared lengths are
//! checked against the items written: a `Serialize` impl that claims one and
//! writes another gets an error instead of corrupt output.

use std::io;

use rmp::encode;
use rmp::Marker;

use crate::error::{Error, Result};
use crate::token::Sink;

/// An open array or map.
#[derive(Clone, Copy, Debug)]
struct Open {
    /// The length it was opened with; `None`: unknown, its header not written yet.
    declared: Option<usize>,
    /// Items (entries, for a map) written so far.
    count: usize,
    /// Where its items start in the held buffer (unknown lengths only).
    start: usize,
    map: bool,
}

/// MessagePack's side of the writer: values and container headers, as bytes to
/// an `io::Write`.
pub struct MsgpackSink<W> {
    pub(crate) writer: W,
    /// Output held back while a container of unknown length is open.
    held: Vec<u8>,
    open: Vec<Open>,
    /// How many of `open` have unknown lengths.
    unknown: usize,
}

/// The longest encoded scalar or header: a marker and eight bytes.
const MAX_HEAD: usize = 9;

/// Runs an rmp encoder into a small buffer and gives back the bytes it wrote.
#[inline(always)]
fn encoded<E>(
    buf: &mut [u8; MAX_HEAD],
    write: impl FnOnce(&mut &mut [u8]) -> std::result::Result<(), E>,
) -> &[u8] {
    let mut rest: &mut [u8] = &mut buf[..];
    // Nine bytes hold every marker with its data, so the write cannot fail.
    let _ = write(&mut rest);
    let used = MAX_HEAD - rest.len();
    &buf[..used]
}

fn too_long(what: &str, len: usize) -> Error {
    Error::message(format_args!(
        "{what} of {len} is longer than MessagePack can hold (2^32 - 1)"
    ))
}

/// The header of a string of `len` bytes (see the module's notes on `str8`).
#[inline]
fn str_header(buf: &mut [u8; MAX_HEAD], len: usize) -> Result<&[u8]> {
    if len < 32 {
        buf[0] = Marker::FixStr(len as u8).to_u8();
        Ok(&buf[..1])
    } else if let Ok(short) = u16::try_from(len) {
        buf[0] = Marker::Str16.to_u8();
        buf[1..3].copy_from_slice(&short.to_be_bytes());
        Ok(&buf[..3])
    } else if let Ok(long) = u32::try_from(len) {
        buf[0] = Marker::Str32.to_u8();
        buf[1..5].copy_from_slice(&long.to_be_bytes());
        Ok(&buf[..5])
    } else {
        Err(too_long("a string", len))
    }
}

impl<W: io::Write> MsgpackSink<W> {
    pub(crate) fn new(writer: W) -> Self {
        MsgpackSink {
            writer,
            held: Vec::new(),
            open: Vec::new(),
            unknown: 0,
        }
    }

    /// Writes bytes out, or holds them while a length is unknown.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        if self.unknown == 0 {
            self.writer.write_all(bytes).map_err(Error::io)
        } else {
            self.held.extend_from_slice(bytes);
            Ok(())
        }
    }

    fn begin(&mut self, len: Option<usize>, map: bool) -> Result<()> {
        match len {
            Some(n) => {
                let n32 = u32::try_from(n).map_err(|_| too_long("a container", n))?;
                let mut buf = [0; MAX_HEAD];
                let head = if map {
                    encoded(&mut buf, |w| encode::write_map_len(w, n32).map(|_| ()))
                } else {
                    encoded(&mut buf, |w| encode::write_array_len(w, n32).map(|_| ()))
                };
                self.put(head)?;
            }
            None => self.unknown += 1,
        }
        self.open.push(Open {
            declared: len,
            count: 0,
            start: self.held.len(),
            map,
        });
        Ok(())
    }

    #[inline]
    fn item(&mut self) {
        if let Some(top) = self.open.last_mut() {
            top.count += 1;
        }
    }

    fn end(&mut self) -> Result<()> {
        let Some(open) = self.open.pop() else {
            return Err(Error::message("internal error: a container closed twice"));
        };
        match open.declared {
            Some(n) if n == open.count => Ok(()),
            Some(n) => Err(Error::message(format_args!(
                "a {} said it had {n} {} but {} were written",
                if open.map { "map" } else { "sequence" },
                if open.map { "entries" } else { "items" },
                open.count
            ))),
            None => {
                let n32 =
                    u32::try_from(open.count).map_err(|_| too_long("a container", open.count))?;
                let mut buf = [0; MAX_HEAD];
                let head = if open.map {
                    encoded(&mut buf, |w| encode::write_map_len(w, n32).map(|_| ()))
                } else {
                    encoded(&mut buf, |w| encode::write_array_len(w, n32).map(|_| ()))
                };
                self.held
                    .splice(open.start..open.start, head.iter().copied());
                self.unknown -= 1;
                if self.unknown == 0 {
                    self.writer.write_all(&self.held).map_err(Error::io)?;
                    self.held.clear();
                }
                Ok(())
            }
        }
    }
}

impl<W: io::Write> Sink for MsgpackSink<W> {
    #[inline]
    fn null(&mut self) -> Result<()> {
        self.put(&[Marker::Null.to_u8()])
    }

    #[inline]
    fn bool(&mut self, b: bool) -> Result<()> {
        let marker = if b { Marker::True } else { Marker::False };
        self.put(&[marker.to_u8()])
    }

    #[inline]
    fn int(&mut self, i: i64) -> Result<()> {
        let mut buf = [0; MAX_HEAD];
        let bytes = encoded(&mut buf, |w| encode::write_sint(w, i).map(|_| ()));
        self.put(bytes)
    }

    #[inline]
    fn float(&mut self, f: f64) -> Result<()> {
        let mut buf = [0; MAX_HEAD];
        let bytes = encoded(&mut buf, |w| encode::write_f64(w, f));
        self.put(bytes)
    }

    #[inline]
    fn float32(&mut self, f: f32) -> Result<()> {
        let mut buf = [0; MAX_HEAD];
        let bytes = encoded(&mut buf, |w| encode::write_f32(w, f));
        self.put(bytes)
    }

    #[inline]
    fn str(&mut self, s: &str) -> Result<()> {
        let mut buf = [0; MAX_HEAD];
        self.put(str_header(&mut buf, s.len())?)?;
        self.put(s.as_bytes())
    }

    #[inline]
    fn str2(&mut self, prefix: &str, text: &str) -> Result<()> {
        let mut buf = [0; MAX_HEAD];
        let len = prefix.len().saturating_add(text.len());
        self.put(str_header(&mut buf, len)?)?;
        self.put(prefix.as_bytes())?;
        self.put(text.as_bytes())
    }

    fn begin_array(&mut self, len: Option<usize>) -> Result<()> {
        self.begin(len, false)
    }

    #[inline]
    fn array_item(&mut self, _first: bool) -> Result<()> {
        self.item();
        Ok(())
    }

    fn end_array(&mut self) -> Result<()> {
        self.end()
    }

    fn begin_map(&mut self, len: Option<usize>) -> Result<()> {
        self.begin(len, true)
    }

    #[inline]
    fn map_key(&mut self, _first: bool) -> Result<()> {
        self.item();
        Ok(())
    }

    #[inline]
    fn map_value(&mut self) -> Result<()> {
        Ok(())
    }

    fn end_map(&mut self) -> Result<()> {
        self.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut MsgpackSink<Vec<u8>>) -> Result<()>) -> Vec<u8> {
        let mut sink = MsgpackSink::new(Vec::new());
        f(&mut sink).unwrap();
        assert!(sink.held.is_empty());
        sink.writer
    }

    #[test]
    fn integers_take_the_fewest_bytes_as_msgpack_java_writes_them() {
        for (i, bytes) in [
            (0, &[0x00][..]),
            (127, &[0x7f]),
            (128, &[0xcc, 0x80]),
            (255, &[0xcc, 0xff]),
            (256, &[0xcd, 0x01, 0x00]),
            (65536, &[0xce, 0, 1, 0, 0]),
            (1 << 32, &[0xcf, 0, 0, 0, 1, 0, 0, 0, 0]),
            (-1, &[0xff]),
            (-32, &[0xe0]),
            (-33, &[0xd0, 0xdf]),
            (-129, &[0xd1, 0xff, 0x7f]),
            (-32769, &[0xd2, 0xff, 0xff, 0x7f, 0xff]),
            (i64::MIN, &[0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0]),
        ] {
            assert_eq!(written(|s| s.int(i)), bytes, "{i}");
        }
    }

    #[test]
    fn strings_skip_str8() {
        assert_eq!(written(|s| s.str("ab")), b"\xa2ab");
        let text = "x".repeat(32);
        let out = written(|s| s.str(&text));
        assert_eq!(&out[..3], b"\xda\x00\x20");
        let out = written(|s| s.str2("~:", &"y".repeat(70_000)));
        assert_eq!(&out[..5], b"\xdb\x00\x01\x11\x72");
        assert_eq!(&out[5..7], b"~:");
    }

    #[test]
    fn unknown_lengths_get_their_header_when_they_close() {
        let out = written(|s| {
            s.begin_array(Some(2))?;
            s.array_item(true)?;
            s.begin_map(None)?;
            for k in 0..20 {
                s.map_key(k == 0)?;
                s.int(k)?;
                s.map_value()?;
                s.begin_array(None)?;
                s.end_array()?;
            }
            s.end_map()?;
            s.array_item(false)?;
            s.null()?;
            s.end_array()
        });
        let mut expected = vec![0x92, 0xde, 0x00, 0x14];
        for k in 0..20 {
            expected.extend([k, 0x90]);
        }
        expected.push(0xc0);
        assert_eq!(out, expected);
    }

    #[test]
    fn a_wrong_declared_length_is_an_error() {
        let mut sink = MsgpackSink::new(Vec::new());
        sink.begin_array(Some(2)).unwrap();
        sink.array_item(true).unwrap();
        sink.int(1).unwrap();
        assert_eq!(
            sink.end_array().unwrap_err().to_string(),
            "a sequence said it had 2 items but 1 were written"
        );
    }
}
