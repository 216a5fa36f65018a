//! `Deserialize` for `Value`, and `Value` and `&Value` as `Deserializer`s
//! (`from_value`, `T::deserialize(&value)`).
//!
//! From this crate's own deserializer a `Value` is built directly from the reader's
//! events (no visitor per item, cache hits shared): `Value::deserialize` asks for
//! the private newtype name `token::VALUE`, the deserializer builds the value and
//! hands it over (see [`hand_over`]). Any other deserializer (serde_json, serde's
//! buffering for `untagged` and `flatten`) ignores the name and drives the
//! ordinary visitor below, which recognises the private one-entry maps of `magic`.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, value::SeqDeserializer, Deserialize, DeserializeSeed, Deserializer, EnumAccess,
    IntoDeserializer, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::scalar::link_from_map;
use super::{Map, Value};
use crate::error::Error;
use crate::magic::{token_of, MagicAccess, Payload};
use crate::types::{token, BigDecimal, BigInt, Keyword, Symbol, Tagged, Uri};

thread_local! {
    /// A value the deserializer built, on its way to `ValueVisitor`.
    static BUILT: Cell<Option<Value>> = const { Cell::new(None) };
}

/// Hands a built value to the visitor of `Value::deserialize`.
///
/// serde offers no way to return a `Value` through a generic visitor, so the value
/// waits in a thread-local slot and the visitor is given [`Built`] as a newtype's
/// content: `ValueVisitor` takes the value from the slot, and any other visitor
/// (one that wraps `ValueVisitor`, or one that merely asked for the same private
/// name) is shown the value itself through `Built`. The slot is emptied when this
/// returns, and also when the visitor panics, so it never holds a stale value.
pub(crate) fn hand_over<'de, V: Visitor<'de>>(value: Value, visitor: V) -> Result<V::Value, Error> {
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            let _ = BUILT.try_with(Cell::take);
        }
    }
    BUILT.with(|slot| slot.set(Some(value)));
    let _clear = Clear;
    visitor.visit_newtype_struct(Built)
}

/// The value waiting in the slot, as a deserializer.
struct Built;

impl Built {
    fn take(self) -> Result<Value, Error> {
        BUILT
            .with(Cell::take)
            .ok_or_else(|| de::Error::custom("the decoded value was already taken"))
    }
}

macro_rules! forward_to_built {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.take()?.$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for Built {
    type Error = Error;

    forward_to_built!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.take()?.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.take()?.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.take()?.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.take()?.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.take()?.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.take()?.deserialize_enum(name, variants, visitor)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_newtype_struct(token::VALUE, ValueVisitor)
    }
}

pub(crate) struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any Transit value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        // A value built by this crate's deserializer (see `hand_over`).
        if let Some(value) = BUILT.with(Cell::take) {
            return Ok(value);
        }
        d.deserialize_any(self)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Integer(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::BigInt(BigInt::from(v)), Value::Integer))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::BigInt(BigInt::from(v)), Value::Integer))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_char<E>(self, v: char) -> Result<Value, E> {
        Ok(Value::Char(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.into()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v.into()))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Bytes(v.into()))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Bytes(v.into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items.into()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let first = match access.next_key_seed(KeyClassifier)? {
            None => return Ok(Value::Map(Map::new())),
            Some(Key::Token(token)) => return magic_value(token, access),
            Some(Key::Value(key)) => key,
        };
        let mut map = Map::with_capacity(access.size_hint().unwrap_or(0).min(4096) + 1);
        map.insert(first, access.next_value()?);
        while let Some((k, v)) = access.next_entry()? {
            map.insert(k, v);
        }
        Ok(Value::Map(map))
    }
}

/// Builds the Transit value a private one-entry map carries.
fn magic_value<'de, A: MapAccess<'de>>(
    token: &'static str,
    mut access: A,
) -> Result<Value, A::Error> {
    let bad = |what: &str, text: &str| de::Error::custom(format_args!("invalid {what} {text:?}"));
    Ok(match token {
        token::KEYWORD => Value::Keyword(Keyword::from(access.next_value::<String>()?)),
        token::SYMBOL => Value::Symbol(Symbol::from(access.next_value::<String>()?)),
        token::URI => Value::Uri(Uri::new(access.next_value::<String>()?)),
        token::BIG_INT => {
            let text: String = access.next_value()?;
            Value::BigInt(BigInt::parse(&text).ok_or_else(|| bad("big integer", &text))?)
        }
        token::BIG_DECIMAL => {
            let text: String = access.next_value()?;
            Value::BigDecimal(BigDecimal::parse(&text).ok_or_else(|| bad("big decimal", &text))?)
        }
        token::SET => Value::Set(access.next_value::<Vec<Value>>()?.into_iter().collect()),
        token::LIST => Value::List(access.next_value()?),
        token::LINK => match access.next_value()? {
            Value::Map(map) => {
                Value::Link(Box::new(link_from_map(map).map_err(de::Error::custom)?))
            }
            other => return Err(bad("link", other.type_name())),
        },
        _ => {
            let (tag, rep): (String, Value) = access.next_value()?;
            Value::Tagged(Box::new(Tagged::new(tag, rep)))
        }
    })
}

/// The first key of a map: a private name, or an ordinary key.
enum Key {
    Token(&'static str),
    Value(Value),
}

struct KeyClassifier;

impl<'de> DeserializeSeed<'de> for KeyClassifier {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(self)
    }
}

macro_rules! forward_to_value_visitor {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, $($arg: $ty),*) -> Result<Key, E> {
            ValueVisitor.$method($($arg),*).map(Key::Value)
        }
    )*};
}

impl<'de> Visitor<'de> for KeyClassifier {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match token_of(v) {
            Some(token) => Key::Token(token),
            None => Key::Value(Value::String(v.into())),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match token_of(&v) {
            Some(token) => Key::Token(token),
            None => Key::Value(Value::String(v.into())),
        })
    }

    forward_to_value_visitor!(
        visit_bool(v: bool), visit_i64(v: i64), visit_u64(v: u64), visit_i128(v: i128),
        visit_u128(v: u128), visit_f64(v: f64), visit_char(v: char), visit_bytes(v: &[u8]),
        visit_byte_buf(v: Vec<u8>), visit_none(), visit_unit(),
    );

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        Value::deserialize(d).map(Key::Value)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        Value::deserialize(d).map(Key::Value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Key, A::Error> {
        ValueVisitor.visit_seq(seq).map(Key::Value)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Key, A::Error> {
        ValueVisitor.visit_map(map).map(Key::Value)
    }
}

//////////////////////////////////////////////////////////////////////////////
// Value as a Deserializer

/// What the target type asked for, which decides how a Transit type is presented.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Hint {
    /// `deserialize_any`: Transit types as private one-entry maps.
    Any,
    /// A string or identifier: keywords, symbols, URIs and big numbers as text.
    Str,
    /// A sequence: sets and lists as sequences.
    Seq,
    /// An integer: big integers as `i128`/`u128` when they fit.
    Int,
    /// A map or struct: an unknown tag is seen through to its rep.
    Map,
}

/// A value being presented to a visitor, owned or borrowed. `Value` hands its
/// parts over (a byte string moved out, containers taken apart); `&'de Value`
/// lends them (`visit_borrowed_str`, `visit_borrowed_bytes`, items and entries
/// by reference), so that a `&'de str` field borrows from the value. How each
/// Transit type is presented is decided once, by [`visit_value`], for both: this
/// says only how a part leaves the node.
pub(crate) trait Node<'de>:
    Deserializer<'de, Error = Error> + IntoDeserializer<'de, Error, Deserializer = Self> + Payload<'de>
{
    /// A keyword's, symbol's, URI's or big number's text, as the payload of its
    /// private map.
    type Text: Payload<'de>;
    /// The items of an array, a list or a set.
    type Items: Iterator<Item = Self>;
    /// The entries of a map.
    type Entries: Iterator<Item = (Self, Self)>;

    /// The value, to look at.
    fn view(&self) -> &Value;

    /// A string's, keyword's, symbol's, URI's or big number's text as a `str`
    /// (see [`text_of`]).
    fn visit_text<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error>;

    /// A byte string's bytes (anything else is presented as usual).
    fn visit_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error>;

    /// The text [`visit_text`](Node::visit_text) presents, as a payload.
    fn into_text(self) -> Self::Text;

    /// An array's, list's or set's items; none for anything else.
    fn items(self) -> Self::Items;

    /// A map's entries; none for anything else.
    fn entries(self) -> Self::Entries;

    /// A tagged value's rep; anything else is itself.
    fn into_rep(self) -> Self;

    /// The value, owned (a clone for a borrowed one).
    fn into_owned(self) -> Value;
}

/// The text of a string, keyword, symbol, URI or big number; empty for other
/// values, on which it is not called.
fn text_of(value: &Value) -> &str {
    match value {
        Value::String(s) => s,
        Value::Keyword(k) => k.as_str(),
        Value::Symbol(s) => s.as_str(),
        Value::Uri(u) => u.as_str(),
        Value::BigInt(n) => n.as_str(),
        Value::BigDecimal(d) => d.as_str(),
        _ => "",
    }
}

impl<'de> Node<'de> for Value {
    type Text = String;
    type Items = std::vec::IntoIter<Value>;
    type Entries = std::iter::Flatten<std::option::IntoIter<super::map::IntoIter>>;

    fn view(&self) -> &Value {
        self
    }

    fn visit_text<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(text_of(&self))
    }

    fn visit_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Bytes(b) => visitor.visit_byte_buf(b.into()),
            other => visit_value(other, Hint::Any, visitor),
        }
    }

    fn into_text(self) -> String {
        text_of(&self).to_owned()
    }

    fn items(self) -> std::vec::IntoIter<Value> {
        match self {
            Value::Array(items) | Value::List(items) => items.into_vec(),
            Value::Set(set) => set.into_iter().collect(),
            _ => Vec::new(),
        }
        .into_iter()
    }

    fn entries(self) -> Self::Entries {
        match self {
            Value::Map(map) => Some(map.into_iter()),
            _ => None,
        }
        .into_iter()
        .flatten()
    }

    fn into_rep(self) -> Value {
        match self {
            Value::Tagged(tagged) => tagged.into_parts().1,
            other => other,
        }
    }

    fn into_owned(self) -> Value {
        self
    }
}

impl<'de> Node<'de> for &'de Value {
    type Text = &'de str;
    type Items = std::slice::Iter<'de, Value>;
    type Entries = std::iter::Flatten<std::option::IntoIter<super::map::Iter<'de>>>;

    fn view(&self) -> &Value {
        self
    }

    fn visit_text<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(text_of(self))
    }

    fn visit_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Bytes(b) => visitor.visit_borrowed_bytes(b),
            other => visit_value(other, Hint::Any, visitor),
        }
    }

    fn into_text(self) -> &'de str {
        text_of(self)
    }

    fn items(self) -> std::slice::Iter<'de, Value> {
        match self {
            Value::Array(items) | Value::List(items) => items.iter(),
            Value::Set(set) => set.iter(),
            _ => [].iter(),
        }
    }

    fn entries(self) -> Self::Entries {
        match self {
            Value::Map(map) => Some(map.iter()),
            _ => None,
        }
        .into_iter()
        .flatten()
    }

    fn into_rep(self) -> &'de Value {
        match self {
            Value::Tagged(tagged) => tagged.rep(),
            other => other,
        }
    }

    fn into_owned(self) -> Value {
        self.clone()
    }
}

/// Presents `node` to `visitor` (spec of the presentation: `magic`'s docs).
pub(crate) fn visit_value<'de, N: Node<'de>, V: Visitor<'de>>(
    node: N,
    hint: Hint,
    visitor: V,
) -> Result<V::Value, Error> {
    match node.view() {
        Value::Null => visitor.visit_unit(),
        Value::Bool(b) => visitor.visit_bool(*b),
        Value::Integer(i) => visitor.visit_i64(*i),
        Value::Float(f) => visitor.visit_f64(*f),
        Value::String(_) => node.visit_text(visitor),
        Value::Char(c) => visitor.visit_char(*c),
        Value::Bytes(_) => node.visit_bytes(visitor),
        Value::Uuid(u) => visitor.visit_str(
            u.hyphenated()
                .encode_lower(&mut uuid::Uuid::encode_buffer()),
        ),
        Value::Instant(t) => {
            let mut buf = [0; 24];
            match crate::number::iso_millis(t, &mut buf) {
                Some(text) => visitor.visit_str(text),
                None => visitor.visit_string(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
            }
        }
        Value::BigInt(n) => {
            if hint == Hint::Int {
                // The narrowest width first: serde's visitors for u64 and smaller
                // do not all take 128-bit integers.
                let text = n.as_str();
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
            text(node, hint, token::BIG_INT, visitor)
        }
        Value::BigDecimal(_) => text(node, hint, token::BIG_DECIMAL, visitor),
        Value::Keyword(_) => text(node, hint, token::KEYWORD, visitor),
        Value::Symbol(_) => text(node, hint, token::SYMBOL, visitor),
        Value::Uri(_) => text(node, hint, token::URI, visitor),
        Value::Array(_) => visit_items(node, visitor),
        Value::List(_) | Value::Set(_) if hint != Hint::Any => visit_items(node, visitor),
        Value::List(_) => magic(visitor, token::LIST, items_array(node)),
        Value::Set(_) => magic(visitor, token::SET, items_array(node)),
        Value::Map(_) => {
            let entries = node.entries().map(|(k, v)| (MapKey(k), v));
            let mut access = de::value::MapDeserializer::new(entries);
            let value = visitor.visit_map(&mut access)?;
            access.end()?;
            Ok(value)
        }
        Value::Link(link) => {
            let mut rep = Map::new();
            rep.insert("href".into(), Value::Uri(link.href.clone()));
            rep.insert("rel".into(), Value::String(link.rel.as_str().into()));
            for (key, value) in [
                ("name", &link.name),
                ("render", &link.render),
                ("prompt", &link.prompt),
            ] {
                if let Some(value) = value {
                    rep.insert(key.into(), Value::String(value.as_str().into()));
                }
            }
            magic(visitor, token::LINK, Value::Map(rep))
        }
        Value::Ext(ext) => visit_value(Value::tagged(ext.tag(), ext.rep()), hint, visitor),
        Value::Tagged(_) if hint == Hint::Any => {
            magic(visitor, token::TAGGED, tag_and_rep(node.into_owned()))
        }
        Value::Tagged(tagged) => match tagged.rep() {
            // `~u` text that is not a uuid, kept as it came: as text it is the
            // whole wire string, so that a `Uuid` field refuses it.
            Value::String(text) if tagged.tag() == "u" => visitor.visit_string(format!("~u{text}")),
            // A typed target sees through an unknown tag to its rep, so a plain
            // struct can read `["~#point", {…}]`.
            _ => visit_value(node.into_rep(), hint, visitor),
        },
    }
}

/// A keyword, symbol, URI or big number: its text where text was asked for,
/// else its private map.
fn text<'de, N: Node<'de>, V: Visitor<'de>>(
    node: N,
    hint: Hint,
    token: &'static str,
    visitor: V,
) -> Result<V::Value, Error> {
    if hint == Hint::Str {
        node.visit_text(visitor)
    } else {
        magic(visitor, token, node.into_text())
    }
}

/// A list's or set's items as an array, the payload of its private map.
fn items_array<'de, N: Node<'de>>(node: N) -> Value {
    Value::Array(node.items().map(Node::into_owned).collect())
}

/// A tagged value as `[tag, rep]`, the payload of its private map.
fn tag_and_rep(value: Value) -> Value {
    match value {
        Value::Tagged(tagged) => {
            let (tag, rep) = tagged.into_parts();
            Value::Array(vec![Value::String(tag), rep].into())
        }
        other => other,
    }
}

/// Presents a Transit type as its private one-entry map `{token: payload}`.
pub(crate) fn magic<'de, V: Visitor<'de>, P: crate::magic::Payload<'de>>(
    visitor: V,
    token: &'static str,
    payload: P,
) -> Result<V::Value, Error> {
    visitor
        .visit_map(MagicAccess::new(token, payload))
        .map_err(|err| err.rename_unexpected("map", crate::magic::type_name(token)))
}

fn visit_items<'de, N: Node<'de>, V: Visitor<'de>>(node: N, visitor: V) -> Result<V::Value, Error> {
    let mut access = SeqDeserializer::new(node.items());
    let value = visitor.visit_seq(&mut access)?;
    access.end()?;
    Ok(value)
}

/// A map key: `deserialize_any` gives keywords and other named scalars as their
/// text, so that serde's buffering (`untagged`, `flatten`) can still match struct
/// fields against them.
struct MapKey<N>(N);

impl<'de, N: Node<'de>> IntoDeserializer<'de, Error> for MapKey<N> {
    type Deserializer = MapKey<N>;
    fn into_deserializer(self) -> MapKey<N> {
        self
    }
}

macro_rules! forward_to_value {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.0.$method(visitor)
        }
    )*};
}

impl<'de, N: Node<'de>> Deserializer<'de> for MapKey<N> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visit_value(self.0, Hint::Str, visitor)
    }

    forward_to_value!(
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }
}

impl<'de> IntoDeserializer<'de, Error> for Value {
    type Deserializer = Value;
    fn into_deserializer(self) -> Value {
        self
    }
}

impl<'de> IntoDeserializer<'de, Error> for &'de Value {
    type Deserializer = &'de Value;
    fn into_deserializer(self) -> &'de Value {
        self
    }
}

macro_rules! hinted {
    ($hint:expr => $($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visit_value(self, $hint, visitor)
        }
    )*};
}

/// The `Deserializer` methods of a [`Node`], the same for `Value` and `&Value`.
macro_rules! node_deserializer {
    () => {
        type Error = Error;

        hinted!(Hint::Any => deserialize_any, deserialize_bool, deserialize_f32, deserialize_f64,
            deserialize_char, deserialize_bytes, deserialize_byte_buf, deserialize_unit);
        hinted!(Hint::Map => deserialize_map);
        hinted!(Hint::Str => deserialize_str, deserialize_string, deserialize_identifier);
        hinted!(Hint::Seq => deserialize_seq);
        hinted!(Hint::Int => deserialize_i8, deserialize_i16, deserialize_i32, deserialize_i64,
            deserialize_i128, deserialize_u8, deserialize_u16, deserialize_u32, deserialize_u64,
            deserialize_u128);

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.view() {
                Value::Null => visitor.visit_none(),
                _ => visitor.visit_some(self),
            }
        }

        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            visit_value(self, Hint::Any, visitor)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            match name {
                token::VALUE => hand_over(self.into_owned(), visitor),
                token::UUID | token::INSTANT => visit_value(self, Hint::Any, visitor),
                name if crate::magic::is_token(name) => visit_value(self, Hint::Any, visitor),
                _ => visitor.visit_newtype_struct(self),
            }
        }

        fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
            visit_value(self, Hint::Seq, visitor)
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            _: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            visit_value(self, Hint::Seq, visitor)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            _: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            visit_value(self, Hint::Map, visitor)
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            _: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            visit_enum(self, visitor)
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_unit()
        }
    };
}

impl<'de> Deserializer<'de> for Value {
    node_deserializer!();
}

/// `&Value` is a `Deserializer`, as `&serde_json::Value` is: `T::deserialize(&v)`
/// reads a `T` out of a value without giving the value up, by the same rules as
/// [`from_value`]. Strings and byte strings are lent, so `&str` and `&[u8]`
/// fields (and `Cow`s marked `#[serde(borrow)]`) borrow from the value;
/// containers are walked in place. Only a field of type `Value` is a clone of its
/// part (sharing its strings).
///
/// ```
/// use serde::Deserialize;
/// use transit_format::{transit, Value};
///
/// #[derive(Deserialize)]
/// struct Item<'a> {
///     name: &'a str,
///     kind: &'a str,
///     tags: Vec<&'a str>,
///     ids: Vec<u8>,
/// }
///
/// let v = transit!({:name => "x", :kind => :file, :tags => #{"a"}, :ids => [1, 2]});
/// let item = Item::deserialize(&v).unwrap();
/// assert_eq!((item.name, item.kind, item.tags, item.ids), ("x", "file", vec!["a"], vec![1, 2]));
/// // `name` points into `v`.
/// assert!(std::ptr::eq(item.name, v["name"].as_str().unwrap()));
/// assert_eq!(i64::deserialize(&v["ids"][0]).unwrap(), 1);
/// ```
impl<'de> Deserializer<'de> for &'de Value {
    node_deserializer!();
}

/// Presents a node to an enum's visitor: a keyword or string is a unit variant,
/// a map of one entry a variant with content, a tagged value its rep's.
fn visit_enum<'de, N: Node<'de>, V: Visitor<'de>>(node: N, visitor: V) -> Result<V::Value, Error> {
    const EXPECTED: &str = "an enum: a keyword, or a map of one entry";
    match node.view() {
        Value::Keyword(_) | Value::String(_) => visitor.visit_enum(Variant {
            name: node,
            content: None,
        }),
        Value::Map(map) if map.len() == 1 => match node.entries().next() {
            Some((name, content)) => visitor.visit_enum(Variant {
                name,
                content: Some(content),
            }),
            None => Err(de::Error::invalid_type(de::Unexpected::Map, &EXPECTED)),
        },
        Value::Tagged(_) => visit_enum(node.into_rep(), visitor),
        Value::Ext(ext) => visit_enum(ext.rep(), visitor),
        other => Err(de::Error::invalid_type(unexpected(other), &EXPECTED)),
    }
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Integer(i) => de::Unexpected::Signed(*i),
        Value::Float(f) => de::Unexpected::Float(*f),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Char(c) => de::Unexpected::Char(*c),
        Value::Bytes(b) => de::Unexpected::Bytes(b),
        Value::Array(_) | Value::List(_) => de::Unexpected::Seq,
        Value::Map(_) => de::Unexpected::Map,
        other => de::Unexpected::Other(other.type_name()),
    }
}

/// An enum variant read from a node: a keyword (unit variant) or a one-entry map.
struct Variant<N> {
    name: N,
    content: Option<N>,
}

impl<'de, N: Node<'de>> EnumAccess<'de> for Variant<N> {
    type Error = Error;
    type Variant = VariantContent<N>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, VariantContent<N>), Error> {
        let name = seed.deserialize(VariantName(self.name))?;
        Ok((name, VariantContent(self.content)))
    }
}

/// A variant's name: the keyword's or string's text.
struct VariantName<N>(N);

impl<'de, N: Node<'de>> Deserializer<'de> for VariantName<N> {
    type Error = Error;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visit_value(self.0, Hint::Str, visitor)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// What follows a variant's name: nothing for a unit variant, else its content.
struct VariantContent<N>(Option<N>);

impl<'de, N: Node<'de>> VariantAccess<'de> for VariantContent<N> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None => Ok(()),
            Some(content) => match content.view() {
                Value::Null => Ok(()),
                other => Err(de::Error::invalid_type(
                    unexpected(other),
                    &"a unit variant",
                )),
            },
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::invalid_type(
                de::Unexpected::UnitVariant,
                &"a newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(value) => visit_value(value, Hint::Seq, visitor),
            None => Err(de::Error::invalid_type(
                de::Unexpected::UnitVariant,
                &"a tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Some(value) => visit_value(value, Hint::Map, visitor),
            None => Err(de::Error::invalid_type(
                de::Unexpected::UnitVariant,
                &"a struct variant",
            )),
        }
    }
}

/// Converts a `Value` into any `T: Deserialize`.
///
/// # Errors
///
/// When the value does not fit `T`.
///
/// # Example
///
/// ```
/// #[derive(serde::Deserialize, PartialEq, Debug)]
/// struct Point { x: i64, y: i64 }
/// let v: transit_format::Value = transit_format::from_str(r#"["^ ","~:x",1,"~:y",2]"#).unwrap();
/// assert_eq!(transit_format::from_value::<Point>(v).unwrap(), Point { x: 1, y: 2 });
/// ```
pub fn from_value<T: de::DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(value)
}
