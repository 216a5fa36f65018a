//! `Deserialize` for `Value`.
//!
//! From this crate's own deserializer a `Value` is built directly by the parser
//! (no visitor per item, cache hits shared): `Value::deserialize` asks for the
//! private newtype name `token::VALUE`, the parser builds the value and leaves it
//! in a thread-local slot, and the visitor picks it up at once. Any other
//! deserializer (serde_json, serde's buffering for `untagged` and `flatten`) ignores
//! the name and drives the ordinary visitor below.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Map, Value};
use crate::types::{token, BigInt};

thread_local! {
    /// A value the parser built, on its way to `ValueVisitor::visit_unit`.
    static PARSED: Cell<Option<Value>> = const { Cell::new(None) };
}

/// Hands a parsed value to the `ValueVisitor` that the caller invokes next.
pub(crate) fn hand_over<'de, V: Visitor<'de>, E: de::Error>(
    value: Value,
    visitor: V,
) -> Result<V::Value, E> {
    PARSED.with(|slot| slot.set(Some(value)));
    let result = visitor.visit_unit();
    // A visitor other than `ValueVisitor` leaves the slot full: empty it.
    PARSED.with(|slot| slot.take());
    result
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
        Ok(PARSED.with(|slot| slot.take()).unwrap_or(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
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
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Bytes(v.to_vec()))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Bytes(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some((k, v)) = access.next_entry()? {
            map.insert(k, v);
        }
        Ok(Value::Map(map))
    }
}
