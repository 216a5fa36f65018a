//! serde's access types over the reader: the items of an array, the entries of a
//! map or cmap, the variant of an enum, a map key, and the payloads of the private
//! one-entry maps that carry Transit types.

use serde::de::{self, DeserializeSeed, Visitor};

use super::Decode;
use super::{Deserializer, KeySeen};
use crate::error::{Error, ErrorCode, Result};
use crate::json::read::Reference;
use crate::token::Source;
use crate::value::Hint;

//////////////////////////////////////////////////////////////////////////////
// Arrays

/// The items of an array (or the flat items of a cmap).
pub(super) struct SeqAccess<'a, R, E: Decode> {
    de: &'a mut Deserializer<R, E>,
    index: usize,
    done: bool,
}

impl<'a, 'de, R, E: Decode> SeqAccess<'a, R, E>
where
    E::Source<R>: Source<'de>,
{
    pub(super) fn new(de: &'a mut Deserializer<R, E>) -> Self {
        SeqAccess {
            de,
            index: 0,
            done: false,
        }
    }

    /// After the visitor: the array must have ended.
    pub(super) fn finish(&mut self) -> Result<()> {
        ended(self.de, self.done, "the array has more items than expected")
    }
}

impl<'de, R, E: Decode> de::SeqAccess<'de> for SeqAccess<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        if !self.de.reader.next_item()? {
            self.done = true;
            return Ok(None);
        }
        let index = self.index;
        self.index += 1;
        seed.deserialize(&mut *self.de)
            .map(Some)
            .map_err(|err| err.under_index(index))
    }
}

//////////////////////////////////////////////////////////////////////////////
// Maps

/// A map key remembered for error paths.
enum Label<'de> {
    Unknown,
    Borrowed(&'de str),
    /// Copied into the access's own buffer (reused from key to key).
    Copied,
    Int(i64),
}

/// The entries of a map (`["^ ", …]` or an object).
pub(super) struct MapAccess<'a, 'de, R, E: Decode> {
    de: &'a mut Deserializer<R, E>,
    done: bool,
    label: Label<'de>,
    buf: String,
}

impl<'a, 'de, R, E: Decode> MapAccess<'a, 'de, R, E>
where
    E::Source<R>: Source<'de>,
{
    pub(super) fn new(de: &'a mut Deserializer<R, E>) -> Self {
        MapAccess {
            de,
            done: false,
            label: Label::Unknown,
            buf: String::new(),
        }
    }

    /// After the visitor: the map must have ended.
    pub(super) fn finish(&mut self) -> Result<()> {
        ended(self.de, self.done, "the map has more entries than expected")
    }

    /// Remembers the key just read (it is the reader's current string).
    #[inline]
    fn remember_key(&mut self) {
        self.label = match self.de.key {
            KeySeen::Text => match self.de.reader.str() {
                Ok(Reference::Borrowed(s)) => Label::Borrowed(s),
                Ok(Reference::Copied(s)) => {
                    self.buf.clear();
                    self.buf.push_str(s);
                    Label::Copied
                }
                Err(_) => Label::Unknown,
            },
            KeySeen::Int(i) => Label::Int(i),
            KeySeen::Other => Label::Unknown,
        };
    }

    #[cold]
    fn attach(&self, err: Error) -> Error {
        match self.label {
            Label::Unknown => err.under_key("?"),
            Label::Borrowed(s) => err.under_key(s),
            Label::Copied => err.under_key(&self.buf),
            Label::Int(i) => err.under_key(itoa::Buffer::new().format(i)),
        }
    }
}

impl<'de, R, E: Decode> de::MapAccess<'de> for MapAccess<'_, 'de, R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        if !self.de.reader.next_item()? {
            self.done = true;
            return Ok(None);
        }
        self.de.key = KeySeen::Other;
        let key = seed.deserialize(KeyDeserializer { de: &mut *self.de })?;
        self.remember_key();
        Ok(Some(key))
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.reader.next_item()?;
        match seed.deserialize(&mut *self.de) {
            Ok(value) => Ok(value),
            Err(err) => Err(self.attach(err)),
        }
    }
}

/// The entries of a cmap, whose keys are values of any type.
pub(super) struct CmapAccess<'a, R, E: Decode> {
    de: &'a mut Deserializer<R, E>,
    done: bool,
}

impl<'a, 'de, R, E: Decode> CmapAccess<'a, R, E>
where
    E::Source<R>: Source<'de>,
{
    pub(super) fn new(de: &'a mut Deserializer<R, E>) -> Self {
        CmapAccess { de, done: false }
    }

    pub(super) fn finish(&mut self) -> Result<()> {
        ended(self.de, self.done, "the map has more entries than expected")
    }
}

impl<'de, R, E: Decode> de::MapAccess<'de> for CmapAccess<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        if !self.de.reader.next_item()? {
            self.done = true;
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.reader.next_item()?;
        seed.deserialize(&mut *self.de)
    }
}

//////////////////////////////////////////////////////////////////////////////
// Map keys

/// A map key: `deserialize_any` presents keywords and other named scalars as their
/// text, so that serde's buffering (`untagged`, `flatten`) can still match struct
/// fields against them.
pub(super) struct KeyDeserializer<'a, R, E: Decode> {
    pub(super) de: &'a mut Deserializer<R, E>,
}

macro_rules! key_hinted {
    ($hint:expr => $($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.visit($hint, visitor)
        }
    )*};
}

impl<'de, R, E: Decode> de::Deserializer<'de> for KeyDeserializer<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    key_hinted!(Hint::Str => deserialize_any, deserialize_str, deserialize_string,
        deserialize_identifier);
    key_hinted!(Hint::Int => deserialize_i8, deserialize_i16, deserialize_i32, deserialize_i64,
        deserialize_i128, deserialize_u8, deserialize_u16, deserialize_u32, deserialize_u64,
        deserialize_u128);
    key_hinted!(Hint::Seq => deserialize_seq);
    key_hinted!(Hint::Map => deserialize_map);
    key_hinted!(Hint::Any => deserialize_bool, deserialize_f32, deserialize_f64, deserialize_char,
        deserialize_bytes, deserialize_byte_buf, deserialize_unit);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_option(self.de, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.visit(Hint::Any, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if crate::magic::is_token(name) {
            de::Deserializer::deserialize_newtype_struct(self.de, name, visitor)
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.visit(Hint::Seq, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.visit(Hint::Seq, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.visit(Hint::Map, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_enum(self.de, name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_ignored_any(self.de, visitor)
    }
}

//////////////////////////////////////////////////////////////////////////////
// Enums

/// An enum variant written as a map of one entry, its map opened.
pub(super) struct MapVariant<'a, R, E: Decode> {
    pub(super) de: &'a mut Deserializer<R, E>,
}

impl<'a, 'de, R, E: Decode> de::EnumAccess<'de> for MapVariant<'a, R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;
    type Variant = &'a mut Deserializer<R, E>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant)> {
        if !self.de.reader.next_item()? {
            return Err(self.de.reader.error(ErrorCode::Message(
                "invalid type: empty map, expected an enum: a keyword, or a map of one entry"
                    .into(),
            )));
        }
        let name = seed.deserialize(KeyDeserializer { de: &mut *self.de })?;
        // The content follows.
        self.de.reader.next_item()?;
        Ok((name, self.de))
    }
}

impl<'de, R, E: Decode> de::VariantAccess<'de> for &mut Deserializer<R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Seq, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_hinted(Hint::Map, visitor)
    }
}

//////////////////////////////////////////////////////////////////////////////
// Payloads of the private one-entry maps

/// The rep of a set or list, still to be read.
pub(super) struct RepPayload<'a, R, E: Decode> {
    pub(super) de: &'a mut Deserializer<R, E>,
}

impl<'de, R, E: Decode> crate::magic::Payload<'de> for RepPayload<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    fn deserialize_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        self.de.rep()?;
        seed.deserialize(self.de)
    }
}

/// The payload of an unknown tag: the pair `(tag, rep)`, the rep still to read.
pub(super) struct TaggedPair<'a, R, E: Decode> {
    pub(super) de: &'a mut Deserializer<R, E>,
    pub(super) tag: String,
}

impl<'de, R, E: Decode> crate::magic::Payload<'de> for TaggedPair<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    fn deserialize_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(self)
    }
}

impl<'de, R, E: Decode> de::Deserializer<'de> for TaggedPair<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
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

struct TaggedPairAccess<'a, R, E: Decode> {
    de: &'a mut Deserializer<R, E>,
    tag: Option<String>,
    rep_done: bool,
}

impl<'de, R, E: Decode> de::SeqAccess<'de> for TaggedPairAccess<'_, R, E>
where
    E::Source<R>: Source<'de>,
{
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if let Some(tag) = self.tag.take() {
            return seed
                .deserialize(de::value::StringDeserializer::<Error>::new(tag))
                .map(Some);
        }
        if self.rep_done {
            return Ok(None);
        }
        self.rep_done = true;
        self.de.rep()?;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// After a visitor took what it wanted of a container: unless it saw the end
/// (`done`), the container must end now; more items are `invalid length: {more}`.
fn ended<'de, R, E: Decode>(de: &mut Deserializer<R, E>, done: bool, more: &str) -> Result<()>
where
    E::Source<R>: Source<'de>,
{
    if !done && de.reader.next_item()? {
        return Err(de
            .reader
            .error(ErrorCode::Message(format!("invalid length: {more}").into())));
    }
    Ok(())
}
