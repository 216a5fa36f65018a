//! serde serializers for the private names that carry Transit types (keywords,
//! uuids, instants, tagged values…) and for map keys: each receives what the
//! type's `Serialize` hands over and has the emitter write it.

use serde::ser::{self, Impossible, Serialize};

use super::emit::Emitter;
use super::Serializer;
use crate::encoding::Encode;
use crate::error::{Error, Result};
use crate::token::Sink;
use crate::types::token;

fn expected(what: &str) -> Error {
    Error::message(format_args!(
        "expected {what} inside a Transit extension type"
    ))
}

/// Receives the text of a keyword, symbol, URI, uuid, big number: writes
/// `prefix + text` as one wire string.
pub(super) struct PrefixedStr<'a, S> {
    pub(super) emit: &'a mut Emitter<S>,
    pub(super) prefix: &'static str,
    pub(super) as_key: bool,
}

macro_rules! only_str {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<()> {
            Err(expected("a string"))
        }
    )*};
}

macro_rules! impossible_compounds {
    // Every compound refused.
    (ok = $ok:ty, $what:expr) => {
        type SerializeTuple = Impossible<$ok, Error>;
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
            Err($what)
        }
        impossible_compounds!(ok = $ok, but_tuple, $what);
    };
    // Every compound but the tuple refused: the serializer takes pairs.
    (ok = $ok:ty, but_tuple, $what:expr) => {
        type SerializeSeq = Impossible<$ok, Error>;
        type SerializeTupleStruct = Impossible<$ok, Error>;
        type SerializeTupleVariant = Impossible<$ok, Error>;
        type SerializeMap = Impossible<$ok, Error>;
        type SerializeStruct = Impossible<$ok, Error>;
        type SerializeStructVariant = Impossible<$ok, Error>;

        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
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
    // Every compound refused, for a serializer whose `Ok` is `()` (a rule last:
    // an expression matcher cannot back out of the rules above).
    ($what:expr) => {
        impossible_compounds!(ok = (), $what);
    };
}

impl<S: Sink> ser::Serializer for PrefixedStr<'_, S> {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(expected("a string"));

    fn serialize_str(self, v: &str) -> Result<()> {
        if self.prefix == "~u" {
            // MessagePack writes a uuid value as its two halves.
            return self.emit.uuid(v, self.as_key);
        }
        self.emit.wire_string(self.prefix, v, self.as_key)
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
pub(super) struct InstantEmitter<'a, S> {
    pub(super) emit: &'a mut Emitter<S>,
    pub(super) as_key: bool,
}

impl<S: Sink> ser::Serializer for InstantEmitter<'_, S> {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(expected("milliseconds"));

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.emit.instant(v, self.as_key)
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
pub(super) struct TaggedEmitter<'a, W, E: Encode<W>> {
    pub(super) ser: &'a mut Serializer<W, E>,
}

/// The prefix of a scalar whose rep travels as a string under one of the private
/// names (keyword, symbol, uri, big numbers, uuid), for values and map keys alike.
#[inline(always)]
pub(super) fn scalar_prefix(name: &str) -> Option<&'static str> {
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
pub struct TaggedPair<'a, W, E: Encode<W>> {
    ser: &'a mut Serializer<W, E>,
    tag: Option<String>,
    written: bool,
}

impl<'a, W: std::io::Write, E: Encode<W>> ser::Serializer for TaggedEmitter<'a, W, E> {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(ok = (), but_tuple, expected("a (tag, rep) pair"));
    type SerializeTuple = TaggedPair<'a, W, E>;

    fn serialize_tuple(self, len: usize) -> Result<TaggedPair<'a, W, E>> {
        if len != 2 {
            return Err(expected("a (tag, rep) pair"));
        }
        Ok(TaggedPair {
            ser: self.ser,
            tag: None,
            written: false,
        })
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

impl<W: std::io::Write, E: Encode<W>> ser::SerializeTuple for TaggedPair<'_, W, E> {
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
                        return self
                            .ser
                            .emit
                            .scalar(|e| e.wire_string(&prefix, &rep, false));
                    }
                }
                self.ser.emit.enter();
                self.ser.emit.open_tag(&tag)?;
                value.serialize(&mut *self.ser)?;
                self.ser.emit.close_tag()?;
                self.ser.emit.leave();
                self.written = true;
                Ok(())
            }
        }
    }

    fn end(self) -> Result<()> {
        Ok(())
    }
}

/// Writes map keys: every key is a string on the wire (`~i1`, `~?t`, `~_`, …).
pub(super) struct MapKeySerializer<'a, S> {
    pub(super) emit: &'a mut Emitter<S>,
}

pub(super) fn composite_key() -> Error {
    Error::message(
        "a composite map key after stringable ones: a map is written as a cmap only when its first key is composite (use transit_format::Value for maps with mixed keys)",
    )
}

/// Checks, writing nothing, whether a map key is stringable (its tag is one
/// character): composite keys make the map a cmap.
pub(super) struct KeyProbe;

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

impl<S: Sink> ser::Serializer for MapKeySerializer<'_, S> {
    type Ok = ();
    type Error = Error;
    impossible_compounds!(composite_key());

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.emit.bool(v, true)
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.emit.integer(v.into(), true)
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.emit.integer(v.into(), true)
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.emit.integer(v.into(), true)
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.emit.integer(v, true)
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        self.emit.big_integer(&v.to_string(), true)
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.emit.integer(v.into(), true)
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.emit.integer(v.into(), true)
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.emit.integer(v.into(), true)
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.emit.big_integer(&v.to_string(), true)
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        self.emit.big_integer(&v.to_string(), true)
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.emit.float32(v, true)
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.emit.float(v, true)
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.emit.char(v, true)
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.emit.string(v, true)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.emit.bytes(v, true)
    }
    fn serialize_none(self) -> Result<()> {
        self.emit.null(true)
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
        self.emit.wire_string("~:", variant, true)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if let Some(prefix) = scalar_prefix(name) {
            return value.serialize(PrefixedStr {
                emit: self.emit,
                prefix,
                as_key: true,
            });
        }
        match name {
            token::INSTANT => value.serialize(InstantEmitter {
                emit: self.emit,
                as_key: true,
            }),
            token::TAGGED => {
                // Only a one-character tag with a string rep is a scalar.
                let (tag, rep) = value.serialize(PairCapture).map_err(|_| composite_key())?;
                if !crate::types::has_string_form(&tag) {
                    return Err(composite_key());
                }
                let prefix = format!("~{tag}");
                self.emit.wire_string(&prefix, &rep, true)
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
    impossible_compounds!(ok = String, expected("a string"));

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
    impossible_compounds!(ok = (String, String), but_tuple, expected("a pair"));
    type SerializeTuple = PairState;

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
}
