//! A [`Value`] from text (`FromStr`), and `&Value` as a serde `Deserializer`, as
//! serde_json's `Value` has them.

use std::str::FromStr;

use serde::de::{Deserializer, Visitor};

use super::Value;
use crate::error::Error;

impl FromStr for Value {
    type Err = Error;

    /// Reads one Transit JSON value (compact or verbose), as
    /// [`from_str`](crate::from_str) does.
    ///
    /// ```
    /// use transit_format::Value;
    /// let v: Value = r#"["^ ","~:a",1]"#.parse().unwrap();
    /// assert_eq!(v["a"], 1);
    /// assert!("[1,".parse::<Value>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Value, Error> {
        crate::from_str(text)
    }
}

/// Forwards a `deserialize_*` method to the owned `Value`'s, on a clone.
macro_rules! by_clone {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            self.clone().$method($($arg,)* visitor)
        }
    )*};
}

/// `&Value` is a `Deserializer`, as `&serde_json::Value` is: `T::deserialize(&v)`
/// reads a `T` out of a value without giving the value up. A string or a byte
/// string read on its own is lent (`<&str>::deserialize(&v["name"])` borrows from
/// `v`); everything else goes through the owned `Value`'s deserializer on a clone
/// of the part being read, so the mapping is [`from_value`](crate::from_value)'s.
/// A clone shares the value's strings but copies its containers, and the fields of
/// a struct read this way are owned (`String`, not `&str`).
///
/// ```
/// use serde::Deserialize;
/// use transit_format::transit;
/// let v = transit!({:name => "x", :ids => [1, 2]});
/// assert_eq!(i64::deserialize(&v["ids"][0]).unwrap(), 1);
/// assert_eq!(<&str>::deserialize(&v["name"]).unwrap(), "x");
///
/// #[derive(Deserialize)]
/// struct Item { name: String, ids: Vec<u8> }
/// let item = Item::deserialize(&v).unwrap();
/// assert_eq!((item.name.as_str(), item.ids), ("x", vec![1, 2]));
/// ```
impl<'de> Deserializer<'de> for &'de Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Bytes(b) => visitor.visit_borrowed_bytes(b),
            other => other.clone().deserialize_any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => other.clone().deserialize_str(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Bytes(b) => visitor.visit_borrowed_bytes(b),
            other => other.clone().deserialize_bytes(visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    by_clone!(
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_i128(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_u128(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_seq(),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
    );
}
