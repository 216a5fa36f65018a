//! `serde::Deserializer` for `&mut Deserializer`: the reader's events presented to
//! visitors.
//!
//! What a target asks for (`deserialize_str`, `deserialize_seq`, …) decides how a
//! Transit type is presented (see `value::Hint`): a keyword is its name to a
//! string, a private one-entry map to `deserialize_any`; a set is a sequence to a
//! sequence; an unknown tag is seen through to its rep by a typed target.

use serde::de::{self, Visitor};

use super::access::{
    CmapAccess, KeyDeserializer, MapAccess, MapVariant, RepPayload, SeqAccess, TaggedPair,
};
use super::Decode;
use super::{Deserializer, KeySeen};
use crate::error::{Error, ErrorCode, Result};
use crate::json::read::Reference;
use crate::magic::MagicAccess;
use crate::token::Source;
use crate::types::token;
use crate::value::scalar::{apply_tag, decoded_scalar, is_known_scalar_tag, parse_uuid, scalar};
use crate::value::{hand_over, magic, visit_value, Hint, Value};
use crate::wire::{Decoded, Event};

/// The milliseconds of `DateTime::<Utc>::MIN_UTC` and `MAX_UTC` (checked by a test).
const MIN_MILLIS: i64 = -8_334_601_228_800_000;
const MAX_MILLIS: i64 = 8_210_266_876_799_999;

/// How a tagged value is read, by its tag.
enum TagKind {
    Set,
    List,
    /// Decoded from its rep as a `Value` first: `link`, and one-character tags in
    /// array form (`["~#u", [hi, lo]]`, `["~#m", 946728000000]`).
    Decoded,
    Other,
}

impl<'de, R, E: Decode> Deserializer<R, E>
where
    E::Source<R>: Source<'de>,
{
    /// Before a value is read: a top-level one starts afresh (a fresh cache, and
    /// whatever a failed value left forgotten).
    #[inline]
    fn start(&mut self) {
        if self.reader.at_top() {
            self.reader.begin();
        }
    }

    /// The entry point of every typed request: a top-level value starts afresh,
    /// errors get the current position.
    #[inline]
    pub(super) fn deserialize_hinted<V: Visitor<'de>>(
        &mut self,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        self.start();
        let result = match self.reader.next_value() {
            Ok(event) => self.visit_event(event, hint, visitor),
            Err(err) => Err(err),
        };
        result.map_err(|err| self.reader.fix_position(err))
    }

    /// Presents the value that starts with `event`.
    #[inline]
    pub(super) fn visit_event<V: Visitor<'de>>(
        &mut self,
        event: Event,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        match event {
            Event::Null => visitor.visit_unit(),
            Event::True => visitor.visit_bool(true),
            Event::False => visitor.visit_bool(false),
            Event::Int(i) => visitor.visit_i64(i),
            Event::Float(f) => visitor.visit_f64(f),
            Event::Str => match self.reader.str()? {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            },
            Event::Bytes => match self.reader.bytes()? {
                Reference::Borrowed(b) => visitor.visit_borrowed_bytes(b),
                Reference::Copied(b) => visitor.visit_bytes(b),
            },
            Event::Keyword => self.visit_named(hint, token::KEYWORD, visitor),
            Event::Symbol => self.visit_named(hint, token::SYMBOL, visitor),
            Event::BigInt => {
                let text = self.reader.str()?;
                if hint == Hint::Int {
                    // The narrowest width first: serde's visitors for u64 and
                    // smaller do not all take 128-bit integers.
                    if let Ok(u) = text.parse::<u64>() {
                        return visitor.visit_u64(u);
                    }
                    if let Ok(i) = text.parse::<i128>() {
                        return visitor.visit_i128(i);
                    }
                    if let Ok(u) = text.parse::<u128>() {
                        return visitor.visit_u128(u);
                    }
                }
                if hint == Hint::Str {
                    return visitor.visit_str(&text);
                }
                let text = text.to_string();
                magic(visitor, token::BIG_INT, text)
            }
            Event::Scalar => self.visit_scalar(self.reader.tag(), hint, visitor),
            Event::Array => {
                let mut access = SeqAccess::new(self);
                let value = visitor.visit_seq(&mut access)?;
                access.finish()?;
                Ok(value)
            }
            Event::Map => {
                let mut access = MapAccess::new(self);
                let value = visitor.visit_map(&mut access)?;
                access.finish()?;
                Ok(value)
            }
            Event::Cmap if hint == Hint::Seq => {
                // The flat rep: keys and values alternate.
                let mut access = SeqAccess::new(self);
                let value = visitor.visit_seq(&mut access)?;
                access.finish()?;
                Ok(value)
            }
            Event::Cmap => {
                let mut access = CmapAccess::new(self);
                let value = visitor.visit_map(&mut access)?;
                access.finish()?;
                Ok(value)
            }
            Event::Tagged => self.visit_tagged(hint, visitor),
        }
    }

    /// A keyword or symbol: its name where text is asked for (borrowed when it
    /// can be), else the private map of its type.
    #[inline]
    fn visit_named<V: Visitor<'de>>(
        &mut self,
        hint: Hint,
        token: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        let text = self.reader.str()?;
        if hint == Hint::Str {
            return match text {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            };
        }
        let text = text.to_string();
        magic(visitor, token, text)
    }

    /// A one-character tag's scalar (`~u…`, `~r…`, `~m…`, …).
    fn visit_scalar<V: Visitor<'de>>(
        &mut self,
        tag: char,
        hint: Hint,
        visitor: V,
    ) -> Result<V::Value> {
        if let Some(value) = self
            .reader
            .is_decoded()
            .then(|| decoded_scalar(self.reader.decoded()))
            .flatten()
        {
            // A uuid read as numbers is presented as text, as one read as text.
            if let Value::Uuid(uuid) = value {
                let mut buf = uuid::Uuid::encode_buffer();
                return visitor.visit_str(uuid.hyphenated().encode_lower(&mut buf));
            }
            return visit_value(value, hint, visitor);
        }
        let text = self.reader.str()?;
        match tag {
            // Uuids are presented as their text, which is checked first.
            'u' if parse_uuid(&text).is_some() => match text {
                Reference::Borrowed(s) => visitor.visit_borrowed_str(s),
                Reference::Copied(s) => visitor.visit_str(s),
            },
            'r' if hint == Hint::Str => visitor.visit_str(&text),
            'r' => {
                let text = text.to_string();
                magic(visitor, token::URI, text)
            }
            _ => {
                let value = scalar(tag, &text).map_err(|code| self.reader.error(code))?;
                visit_value(value, hint, visitor)
            }
        }
    }

    /// A tagged value, its tag read.
    fn visit_tagged<V: Visitor<'de>>(&mut self, hint: Hint, visitor: V) -> Result<V::Value> {
        let kind = {
            let tag = self.reader.str()?;
            let mut chars = tag.chars();
            match (&*tag, chars.next(), chars.next()) {
                ("set", ..) => TagKind::Set,
                ("list", ..) => TagKind::List,
                ("link", ..) => TagKind::Decoded,
                (_, Some(c), None) if is_known_scalar_tag(c) => TagKind::Decoded,
                _ => TagKind::Other,
            }
        };
        let value = match kind {
            TagKind::Set | TagKind::List if hint == Hint::Any => {
                let token = if let TagKind::Set = kind {
                    token::SET
                } else {
                    token::LIST
                };
                visitor
                    .visit_map(MagicAccess::new(token, RepPayload { de: self }))
                    .map_err(|err| err.rename_unexpected("map", crate::magic::type_name(token)))?
            }
            TagKind::Decoded => {
                let tag: std::sync::Arc<str> = (&*self.reader.str()?).into();
                self.rep()?;
                let rep = self.build()?;
                self.close_tag()?;
                let value = apply_tag(tag, rep).map_err(|code| self.reader.error(code))?;
                return visit_value(value, hint, visitor);
            }
            TagKind::Other if hint == Hint::Any => {
                let tag = self.reader.str()?.to_string();
                visitor
                    .visit_map(MagicAccess::new(
                        token::TAGGED,
                        TaggedPair { de: self, tag },
                    ))
                    .map_err(|err| err.rename_unexpected("map", "tagged value"))?
            }
            // A typed target sees through a tag it does not know (and a set or a
            // list) to the rep, so a plain struct can read `["~#point", {…}]`.
            _ => {
                self.rep()?;
                let event = self.reader.next_value()?;
                self.visit_event(event, hint, visitor)?
            }
        };
        self.close_tag()?;
        Ok(value)
    }

    /// Moves to a tagged value's rep.
    pub(super) fn rep(&mut self) -> Result<()> {
        if self.reader.next_item()? {
            Ok(())
        } else {
            Err(self.reader.error(ErrorCode::Message(
                "internal error: a tagged value without its rep".into(),
            )))
        }
    }

    /// After a tagged value's rep: its end.
    pub(super) fn close_tag(&mut self) -> Result<()> {
        if self.reader.next_item()? {
            return Err(self.reader.error(ErrorCode::Message(
                "internal error: a tagged value with two reps".into(),
            )));
        }
        Ok(())
    }

    /// `with::uuid` and `with::instant`: the 16 bytes of a uuid, the milliseconds of
    /// an instant.
    fn uuid_or_instant<V: Visitor<'de>>(
        &mut self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.start();
        let event = self.reader.next_value()?;
        let quick = match (name, event, self.reader.tag()) {
            (token::UUID, Event::Scalar, 'u') if self.reader.is_decoded() => {
                match self.reader.decoded() {
                    Decoded::Uuid(bits) => Some(Quick::Uuid(uuid::Uuid::from_u128(bits))),
                    _ => None,
                }
            }
            (token::INSTANT, Event::Scalar, 'm') if self.reader.is_decoded() => match self
                .reader
                .decoded()
            {
                Decoded::Millis(ms) => Some(ms).filter(|ms| (MIN_MILLIS..=MAX_MILLIS).contains(ms)),
                _ => None,
            }
            .map(Quick::Millis),
            (token::UUID, Event::Scalar, 'u') => {
                let text = self.reader.str()?;
                parse_uuid(&text).map(Quick::Uuid)
            }
            (token::INSTANT, Event::Scalar, 'm') => {
                let text = self.reader.str()?;
                text.parse::<i64>()
                    .ok()
                    .filter(|ms| (MIN_MILLIS..=MAX_MILLIS).contains(ms))
                    .map(Quick::Millis)
            }
            (token::INSTANT, Event::Scalar, 't') => {
                let text = self.reader.str()?;
                crate::java_time::parse(&text)
                    .filter(|ms| (MIN_MILLIS..=MAX_MILLIS).contains(ms))
                    .map(Quick::Millis)
            }
            _ => None,
        };
        if let Some(quick) = quick {
            return match quick {
                Quick::Uuid(u) => visitor.visit_bytes(u.as_bytes()),
                Quick::Millis(ms) => visitor.visit_i64(ms),
            };
        }
        self.reader.unread(event);
        // Other spellings (`["~#u", [hi, lo]]`, `["~#m", n]`) and errors, which
        // the general path explains.
        let value = self.build()?;
        match value {
            Value::Uuid(u) if name == token::UUID => visitor.visit_bytes(u.as_bytes()),
            Value::Instant(t) if name == token::INSTANT => visitor.visit_i64(t.timestamp_millis()),
            other => {
                let expected = if name == token::UUID {
                    "a uuid"
                } else {
                    "an instant"
                };
                Err(Error::message(format_args!(
                    "invalid type: {}, expected {expected}",
                    other.type_name()
                )))
            }
        }
    }

    /// `deserialize_enum`: a keyword or string is a unit variant; a map of one
    /// entry `{variant: content}` any other; a tag is seen through.
    fn visit_enum<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.reader.peek()? {
            Event::Str | Event::Keyword => {
                self.reader.next_value()?;
                match self.reader.str()? {
                    Reference::Borrowed(s) => {
                        visitor.visit_enum(de::value::BorrowedStrDeserializer::new(s))
                    }
                    Reference::Copied(s) => visitor.visit_enum(de::value::StrDeserializer::new(s)),
                }
            }
            Event::Map => {
                self.reader.next_value()?;
                let value = visitor.visit_enum(MapVariant { de: self })?;
                if self.reader.next_item()? {
                    return Err(self.reader.error(ErrorCode::Message(
                        "an enum variant is a map of exactly one entry".into(),
                    )));
                }
                Ok(value)
            }
            Event::Tagged => {
                self.reader.next_value()?;
                self.rep()?;
                let value = self.visit_enum(visitor)?;
                self.close_tag()?;
                Ok(value)
            }
            _ => {
                let value = self.build()?;
                de::Deserializer::deserialize_enum(value, "", &[], visitor)
            }
        }
    }

    /// A `Keyword` or `Symbol` asked for: one of its own type is handed over as
    /// its text (borrowed when it can be), which its visitor makes the value from
    /// without the private map that `deserialize_any` shows; anything else is
    /// presented as usual, and the visitor says what it thinks of it. Noted as a
    /// key, since `BTreeMap<Keyword, _>` keys come this way.
    fn keyword_or_symbol<V: Visitor<'de>>(
        &mut self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.start();
        let result = match self.reader.next_value() {
            Ok(event) => {
                self.note_key(event);
                let own = match event {
                    Event::Keyword => name == token::KEYWORD,
                    Event::Symbol => name == token::SYMBOL,
                    _ => false,
                };
                if own {
                    self.visit_named(Hint::Str, name, visitor)
                } else {
                    self.visit_event(event, Hint::Any, visitor)
                }
            }
            Err(err) => Err(err),
        };
        result.map_err(|err| self.reader.fix_position(err))
    }

    /// What the map key just read was, for error paths.
    pub(super) fn note_key(&mut self, event: Event) {
        self.key = match event {
            Event::Str | Event::Keyword | Event::Symbol | Event::Scalar => KeySeen::Text,
            Event::Int(i) => KeySeen::Int(i),
            _ => KeySeen::Other,
        };
    }
}

/// A uuid or instant in its usual spelling, read without a `Value` in between.
enum Quick {
    Uuid(uuid::Uuid),
    Millis(i64),
}

macro_rules! hinted {
    ($hint:expr => $($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.deserialize_hinted($hint, visitor)
        }
    )*};
}

impl<'de, R, E: Decode> de::Deserializer<'de> for &mut Deserializer<R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    hinted!(Hint::Any => deserialize_any, deserialize_bool, deserialize_f32, deserialize_f64,
        deserialize_char, deserialize_bytes, deserialize_byte_buf, deserialize_unit);
    hinted!(Hint::Str => deserialize_str, deserialize_string, deserialize_identifier);
    hinted!(Hint::Seq => deserialize_seq);
    hinted!(Hint::Map => deserialize_map);
    hinted!(Hint::Int => deserialize_i8, deserialize_i16, deserialize_i32, deserialize_i64,
        deserialize_i128, deserialize_u8, deserialize_u16, deserialize_u32, deserialize_u64,
        deserialize_u128);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if !self.reader.at_top() {
            return match self.reader.next_is_null() {
                Ok(true) => visitor.visit_none(),
                Ok(false) => visitor.visit_some(self),
                Err(err) => Err(self.reader.fix_position(err)),
            };
        }
        // A top-level null may be quoted (`["~#'",null]`): look at the whole event.
        self.reader.begin();
        match self.reader.peek() {
            Ok(Event::Null) => {
                self.reader.next_value()?;
                visitor.visit_none()
            }
            Ok(_) => visitor.visit_some(self),
            Err(err) => Err(self.reader.fix_position(err)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Any, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        match name {
            token::VALUE => {
                self.start();
                let value = self.build()?;
                hand_over(value, visitor)
            }
            token::UUID | token::INSTANT => self
                .uuid_or_instant(name, visitor)
                .map_err(|err| self.reader.fix_position(err)),
            token::KEYWORD | token::SYMBOL => self.keyword_or_symbol(name, visitor),
            // `Set<T>` and `List<T>` take their items as a sequence, straight from
            // the reader (their visitors also read the private map that
            // `deserialize_any` gives, for serde's buffering).
            token::SET | token::LIST => self.deserialize_hinted(Hint::Seq, visitor),
            name if crate::magic::is_token(name) => self.deserialize_hinted(Hint::Any, visitor),
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Seq, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Seq, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Map, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.start();
        let result = self.visit_enum(visitor);
        result.map_err(|err| self.reader.fix_position(err))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.start();
        // Skipped values still feed the cache, but nothing is built.
        match self.reader.skip() {
            Ok(()) => visitor.visit_unit(),
            Err(err) => Err(self.reader.fix_position(err)),
        }
    }
}

/// `KeyDeserializer` reads a key through the same presentation, noting what it
/// was for error paths.
impl<'de, R, E: Decode> KeyDeserializer<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    pub(super) fn visit<V: Visitor<'de>>(self, hint: Hint, visitor: V) -> Result<V::Value> {
        let event = self.de.reader.next_value()?;
        self.de.note_key(event);
        self.de.visit_event(event, hint, visitor)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

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
