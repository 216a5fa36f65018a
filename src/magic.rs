//! Carrying Transit types through serde's data model.
//!
//! serde has no keyword, symbol, set or tagged value. On the way out each such
//! type calls `serialize_newtype_struct` with a private name from
//! [`token`](crate::types::token), which this crate's serializer recognises. On the
//! way in, the deserializers present it to `deserialize_any` as a map with one
//! entry whose key is that private name (the technique of serde_json's `Number`),
//! so it survives serde's buffering for `#[serde(untagged)]` and
//! `#[serde(flatten)]`, and the `Deserialize` impls here recognise it. Uuids and
//! instants are the exception: they are presented as their text, so that plain
//! `uuid::Uuid` and `chrono::DateTime<Utc>` fields work without attributes.

use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;

use serde::de::{
    self, value::BorrowedStrDeserializer, Deserialize, DeserializeSeed, Deserializer, MapAccess,
    SeqAccess, Visitor,
};
use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::error::Error;
use crate::types::{token, BigDecimal, BigInt, Keyword, Link, List, Symbol, Tagged, Uri};
use crate::value::{Set, Value};

/// Serializes the items of an iterator as a sequence.
pub(crate) struct SeqOf<I>(pub(crate) I);

impl<'a, T: Serialize + 'a, I: Iterator<Item = &'a T> + Clone> Serialize for SeqOf<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let iter = self.0.clone();
        let mut seq = serializer.serialize_seq(Some(iter.size_hint().0))?;
        for item in iter {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

/// Whether `name` is one of the private names.
pub(crate) fn is_token(name: &str) -> bool {
    name.starts_with("$transit::private::")
}

/// The private name a key stands for, if it is one.
pub(crate) fn token_of(name: &str) -> Option<&'static str> {
    Some(match name {
        token::KEYWORD => token::KEYWORD,
        token::SYMBOL => token::SYMBOL,
        token::URI => token::URI,
        token::BIG_INT => token::BIG_INT,
        token::BIG_DECIMAL => token::BIG_DECIMAL,
        token::SET => token::SET,
        token::LIST => token::LIST,
        token::LINK => token::LINK,
        token::TAGGED => token::TAGGED,
        _ => return None,
    })
}

/// The user-facing name of the type a private name carries, for error messages.
pub(crate) fn type_name(token: &str) -> &'static str {
    match token {
        token::KEYWORD => "keyword",
        token::SYMBOL => "symbol",
        token::URI => "uri",
        token::BIG_INT => "big integer",
        token::BIG_DECIMAL => "big decimal",
        token::SET => "set",
        token::LIST => "list",
        token::LINK => "link",
        token::TAGGED => "tagged value",
        _ => "map",
    }
}

/// A one-entry map `{token: payload}` presented to a visitor.
pub(crate) struct MagicAccess<P> {
    token: Option<&'static str>,
    payload: Option<P>,
}

impl<P> MagicAccess<P> {
    pub(crate) fn new(token: &'static str, payload: P) -> Self {
        MagicAccess {
            token: Some(token),
            payload: Some(payload),
        }
    }
}

/// Something that can deserialize a seed once: a `Value`, or the parser itself.
pub(crate) trait Payload<'de> {
    fn deserialize_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error>;
}

impl<'de> Payload<'de> for Value {
    fn deserialize_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(self)
    }
}

impl<'de> Payload<'de> for String {
    fn deserialize_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(de::value::StringDeserializer::<Error>::new(self))
    }
}

/// A borrowed value's part, lent on.
impl<'de> Payload<'de> for &'de Value {
    fn deserialize_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(self)
    }
}

impl<'de> Payload<'de> for &'de str {
    fn deserialize_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(self))
    }
}

impl<'de, P: Payload<'de>> MapAccess<'de> for MagicAccess<P> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.token.take() {
            Some(token) => seed
                .deserialize(BorrowedStrDeserializer::new(token))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.payload.take() {
            Some(payload) => payload.deserialize_seed(seed),
            None => Err(de::Error::custom("value asked for twice")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(usize::from(self.token.is_some()))
    }
}

//////////////////////////////////////////////////////////////////////////////
// Reading the one-entry map back

/// Reads `{token: payload}` for one expected token.
fn expect_magic<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    mut map: A,
    expected: &'static str,
) -> Result<T, A::Error> {
    let key: Option<MagicKey> = map.next_key()?;
    match key {
        Some(MagicKey(Some(found))) if found == expected => {
            let payload = map.next_value()?;
            Ok(payload)
        }
        Some(MagicKey(Some(found))) => Err(de::Error::custom(format_args!(
            "invalid type: {}, expected a {}",
            type_name(found),
            type_name(expected)
        ))),
        _ => Err(de::Error::custom(format_args!(
            "invalid type: map, expected a {}",
            type_name(expected)
        ))),
    }
}

/// A map key that may be one of the private names.
struct MagicKey(Option<&'static str>);

impl<'de> Deserialize<'de> for MagicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = MagicKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MagicKey, E> {
                Ok(MagicKey(token_of(v)))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<MagicKey, E> {
                Ok(MagicKey(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<MagicKey, E> {
                Ok(MagicKey(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MagicKey, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(MagicKey(None))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

macro_rules! text_deserialize {
    ($name:ident, $token:expr, $build:expr) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TextVisitor;
                impl<'de> Visitor<'de> for TextVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a {}", type_name($token))
                    }
                    fn visit_newtype_struct<D: Deserializer<'de>>(
                        self,
                        d: D,
                    ) -> Result<$name, D::Error> {
                        d.deserialize_any(self)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        let text: String = expect_magic(map, $token)?;
                        #[allow(clippy::redundant_closure_call)]
                        // The macro's argument is a closure.
                        ($build)(&text)
                    }
                    // Map keys reach serde's buffering (`flatten`) as their text, other
                    // formats have no such type, and this crate's deserializer hands a
                    // keyword or symbol asked for by name over as its text: take it.
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$name, E> {
                        #[allow(clippy::redundant_closure_call)] // As above.
                        ($build)(text)
                    }
                }
                deserializer.deserialize_newtype_struct($token, TextVisitor)
            }
        }
    };
}

// Each is made from the text in one allocation (an `Arc<str>` or `Box<str>` of
// exactly its length).
text_deserialize!(Keyword, token::KEYWORD, |t: &str| Ok(Keyword::new(t)));
text_deserialize!(Symbol, token::SYMBOL, |t: &str| Ok(Symbol::new(t)));
text_deserialize!(Uri, token::URI, |t: &str| Ok(Uri::new(t)));
text_deserialize!(BigInt, token::BIG_INT, |t: &str| BigInt::parse(t)
    .ok_or_else(|| de::Error::custom(format_args!(
        "invalid big integer {t:?}"
    ))));
text_deserialize!(BigDecimal, token::BIG_DECIMAL, |t: &str| {
    BigDecimal::parse(t).ok_or_else(|| de::Error::custom(format_args!("invalid big decimal {t:?}")))
});

impl<'de, T: Deserialize<'de> + Hash + Eq> Deserialize<'de> for Set<T> {
    /// Reads a Transit set; from other formats, any sequence.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Hash + Eq> Visitor<'de> for SetVisitor<T> {
            type Value = Set<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a set")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Set<T>, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Set<T>, A::Error> {
                let items: Vec<T> = expect_magic(map, token::SET)?;
                Ok(items.into_iter().collect())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Set<T>, A::Error> {
                let mut items = thin_vec::ThinVec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Set::from_items(items))
            }
        }
        deserializer.deserialize_newtype_struct(token::SET, SetVisitor(PhantomData))
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(token::LIST, &self.0)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    /// Reads a Transit list; from other formats, any sequence.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<List<T>, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<List<T>, A::Error> {
                Ok(List(expect_magic(map, token::LIST)?))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List(items))
            }
        }
        deserializer.deserialize_newtype_struct(token::LIST, ListVisitor(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tagged<T> {
    /// Reads a value under a tag this crate has no type for.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TaggedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for TaggedVisitor<T> {
            type Value = Tagged<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a tagged value")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Tagged<T>, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Tagged<T>, A::Error> {
                let (tag, rep): (String, T) = expect_magic(map, token::TAGGED)?;
                Ok(Tagged::new(tag, rep))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tagged<T>, A::Error> {
                let tag: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let rep: T = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                Ok(Tagged::new(tag, rep))
            }
        }
        deserializer.deserialize_newtype_struct(token::TAGGED, TaggedVisitor(PhantomData))
    }
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Link(link) => Ok(*link),
            other => Err(de::Error::custom(format_args!(
                "invalid type: {}, expected a link",
                other.type_name()
            ))),
        }
    }
}
