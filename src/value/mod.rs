//! The dynamic [`Value`]: every Transit type, usable as a map key and set member.
//!
//! # Coming from `serde_json::Value`
//!
//! | serde_json | here |
//! |---|---|
//! | `json!({"name": "x", "ids": [1, 2]})` | [`transit!`](crate::transit)`({:name => "x", :ids => [1, 2]})`: keyword keys `:k`, string keys `"k"`, any other key; sets `#{…}`, lists `#list […]`, tags `#point {…}`, uuids `#uuid "…"`, instants `#inst "…"` |
//! | `v["name"]`, `v[0]` | `v["name"]` (the keyword `:name`, else the string `"name"`), `v[0]` (arrays and lists), `v[Keyword::new("name")]`, `v[uuid]`, `v[&value]` (exactly that key); a missing one is `Null` |
//! | `v["a"] = x` | the same: inserts `:a` when missing (see [Lookup](#lookup)) |
//! | `v.get("name")`, `v.get_mut(0)` | the same, by any [`Index`] |
//! | `v.pointer("/a/0")`, `pointer_mut` | the same, keywords before strings, then uuid and integer keys |
//! | `v.take()` | the same |
//! | `is_null`, `is_boolean`, `is_i64`, `is_f64`, `is_number`, `is_string`, `is_array`, `is_object` | `is_null`, `is_bool`, `is_integer`, `is_float`, `is_number`, `is_string`, `is_array` (arrays and lists), `is_map`; and `is_keyword`, `is_symbol`, `is_uuid`, `is_instant`, `is_set`, `is_list`, `is_bytes`, `is_char`, `is_uri`, `is_big_int`, `is_big_decimal`, `is_link`, `is_tagged`, `is_ext` |
//! | `as_bool`, `as_i64`, `as_u64`, `as_f64`, `as_str` | the same (`as_str` for strings only; [`as_text`](Value::as_text) also gives a keyword's or symbol's text) |
//! | `as_array`, `as_array_mut`, `as_object`, `as_object_mut` | `as_array`, `as_array_mut` (arrays and lists), `as_map`, `as_map_mut`; and `as_keyword`, `as_symbol`, `as_uuid`, `as_instant`, `as_set(_mut)`, `as_list(_mut)`, `as_bytes(_mut)`, `as_char`, `as_uri`, `as_big_int`, `as_big_decimal`, `as_link(_mut)`, `as_tagged(_mut)`, `as_ext`, `tag` |
//! | `Value::String(s)` | [`Value::string(s)`](Value::string) or `Value::from(s)` (the variant holds an `Arc<str>`) |
//! | `v.as_array_mut().unwrap().push(x)` | the same: [`as_array_mut`](Value::as_array_mut) gives an [`ArrayMut`], a `Vec`'s API |
//! | `map.entry(k).or_insert(v)`, `map.retain(…)`, `map.remove(k)` | the same on [`Map`] ([`Map::entry`], [`Map::retain`], [`Map::remove`], which keeps the order and does not rehash; [`Map::swap_remove`] in constant time) |
//! | `"…".parse::<Value>()`, `T::deserialize(&v)` | the same (`FromStr` reads Transit JSON; `&Value` is a `Deserializer`) |
//! | `Value::from(x)`, `x.into()`, `collect()` | the same, for every type a variant holds ([`Uuid`], `DateTime<Utc>`, [`Keyword`], [`Set`], [`Map`], `char`, [`Tagged`]…) |
//! | `i64::try_from(&v)` (via `as_i64`) | `TryFrom<Value>` and `TryFrom<&Value>` for those types, failing with [`TryFromValueError`] |
//! | `v == "x"`, `v == 1` | the same (a string, not a keyword, equals `"x"`) |
//! | `serde_json::to_value(&t)`, `from_value(v)` | [`to_value`], [`from_value`] |
//! | `v.to_string()` (JSON) | `v.to_string()` prints EDN; [`to_string`](crate::to_string) writes Transit |
//! | — | `serde_json::Value::from(&v)` or [`v.to_json()`](Value::to_json): the plain JSON view (what it loses is listed there); `Value::from(json)` back, with string keys ([`keywordize_keys`](Value::keywordize_keys) makes them keywords) |
//!
//! # Lookup
//!
//! Penpot's maps (and Clojure's) are keyed by keywords, and a keyword key and a
//! string key with the same text are two different keys. Every lookup
//! (`v[…]`, [`Value::get`], [`Value::get_mut`], [`Value::pointer`]) follows one
//! rule:
//!
//! * a text (`&str`, `String`) finds the **keyword** with that name, or, when the
//!   map has no such keyword, the **string** with that text. So `v["name"]` finds
//!   `:name` in Penpot's data, and `"name"` in a map read from plain JSON or from
//!   JSON-Verbose with plain keys. A map holding both answers with `:name`; to
//!   pick exactly, index by a [`Keyword`] (`v[Keyword::new("name")]`) or by a
//!   [`Value`] (`v[&Value::from("name")]` is the string key only);
//! * a [`Keyword`], a [`Uuid`] or a [`Value`] finds exactly that key (Penpot keys
//!   its `:objects` and `:pages-index` by uuid);
//! * a `usize` is a position in an array or a list (not in a set);
//! * a lookup sees through tags this crate has no type for: Penpot wraps every
//!   shape, point, rect and matrix in a tag whose rep is a map, and
//!   `shape["selrect"]["x"]` looks into `#shape {…}` and `#rect {…}`, as the plain
//!   JSON view of the same data (which drops tags) shows it. Typed values made by
//!   read handlers ([`Value::Ext`]) are not looked into: their rep is built on
//!   demand. The `is_*`/`as_*` accessors do not see through tags.
//!
//! A missing key, a position past the end, or a value of another kind is `Null`
//! through `v[…]` (as in serde_json) and `None` through `get`. Assigning through
//! `v[…] = x` inserts a missing key into a map (a text inserts the keyword,
//! unless the map has that text as a string key already) and turns `Null` into an
//! empty map first, as serde_json does for objects; it panics on a position past
//! the end, and on a key into anything other than a map or `Null`.
//!
//! [`Value::pointer`] takes JSON Pointer paths (RFC 6901: `/props/file-id`, with
//! `~1` for `/` and `~0` for `~` in a token). In a map, a token finds the keyword
//! with its text, else the string, else the uuid or the integer it spells; in an
//! array or list, a position.
//!
//! ```
//! use transit_format::{transit, Keyword, Value};
//! let v = transit!({:name => "keyword", "name" => "string", "only" => "string"});
//! assert_eq!(v["name"], "keyword");
//! assert_eq!(v["only"], "string");
//! assert_eq!(v[&Value::from("name")], "string");
//! assert_eq!(v[Keyword::new("only")], Value::Null);
//! ```

mod access;
mod array;
mod build;
mod de;
mod display;
mod eq;
mod ext;
mod from;
mod index;
mod intern;
mod json;
mod map;
mod parse;
pub(crate) mod scalar;
mod ser;

pub(crate) use self::build::Builder;
pub use self::de::from_value;
pub(crate) use self::de::{hand_over, magic, visit_value, Hint};

pub use self::array::ArrayMut;
pub use self::ext::{AsAny, Ext, Extension, ReadHandler, ReadHandlers};
pub use self::from::TryFromValueError;
pub use self::index::Index;
pub use self::map::{
    Entry as MapEntry, IntoIter as MapIntoIter, Iter as MapIter, Map, OccupiedEntry, Set,
    SetIntoIter, VacantEntry,
};

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::types::{BigDecimal, BigInt, Keyword, Link, Symbol, Tagged, Uri};

/// Converts any `T: Serialize` into a [`Value`], with the same mapping as
/// [`to_string`](crate::to_string) (the value is encoded and decoded again, which
/// keeps the two mappings identical by construction).
///
/// # Errors
///
/// Those of [`to_string`](crate::to_string).
///
/// # Example
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Point { x: i64 }
/// let v = transit_format::to_value(&Point { x: 1 }).unwrap();
/// assert_eq!(v.get_keyword("x"), Some(&transit_format::Value::Integer(1)));
/// ```
pub fn to_value<T: ?Sized + serde::Serialize>(value: &T) -> crate::Result<Value> {
    let mut bytes = Vec::with_capacity(128);
    let options = crate::ser::Options::compact().cache(false);
    value.serialize(&mut crate::ser::Serializer::with_options(
        &mut bytes, options,
    ))?;
    crate::from_slice(&bytes)
}

/// Any Transit value.
///
/// Every type of the Transit spec has its own variant, so a document read into a
/// `Value` writes back to the same bytes. A `Value` is 24 bytes: strings are shared
/// `Arc<str>`s and bytes and arrays boxed slices rather than growable `String`s and
/// `Vec`s (build them as a `String` or `Vec` and convert with `.into()`), which
/// keeps a decoded document within a few times the size of its input. Values are `Eq` and `Hash` and can be map
/// keys and set members: floats compare by their bits (so NaN equals NaN, and `0.0`
/// differs from `-0.0`), maps and sets compare without regard to order. `Display`
/// prints EDN.
///
/// ```
/// use transit_format::Value;
/// let v: Value = transit_format::from_str(r#"["^ ","~:name","x","~:tags",["~#set",["a"]]]"#).unwrap();
/// assert_eq!(v.to_string(), r#"{:name "x", :tags #{"a"}}"#);
/// assert_eq!(v.get_keyword("name"), Some(&Value::from("x")));
/// ```
#[derive(Clone, Debug, Default)]
// A tag as wide as a word puts every payload at offset 8, aligned (without it a
// `Uuid`, whose alignment is 1, sat at offset 1, and every move of a `Value` was
// copied in unaligned pieces straddling the stores that made it: a
// store-forwarding stall per value built, the largest cost in `perf annotate` of
// the builder). The size stays 24 bytes.
#[repr(u64)]
pub enum Value {
    /// `null`, EDN `nil`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A 64-bit integer: a JSON number within ±(2^53−1), else `~i…`.
    Integer(i64),
    /// An integer of any size (`~n…`), digits kept exactly.
    BigInt(BigInt),
    /// A 64-bit float; NaN and ±infinity are `~zNaN`, `~zINF`, `~z-INF`.
    Float(f64),
    /// A decimal of any precision (`~f…`), text kept exactly.
    BigDecimal(BigDecimal),
    /// A string. Shared: a decoded document's repeated short strings (colors,
    /// font names, enum-like values) are one allocation, and cloning is cheap.
    String(Arc<str>),
    /// A keyword (`~:name`).
    Keyword(Keyword),
    /// A symbol (`~$name`).
    Symbol(Symbol),
    /// Bytes (`~b` + base64).
    Bytes(Box<[u8]>),
    /// A UUID (`~u…`).
    Uuid(Uuid),
    /// A point in time with millisecond precision (`~m…` compact, `~t…` verbose).
    Instant(DateTime<Utc>),
    /// A URI (`~r…`).
    Uri(Uri),
    /// A character (`~c…`).
    Char(char),
    /// An array (a Clojure vector).
    Array(Box<[Value]>),
    /// A list (`~#list`).
    List(Box<[Value]>),
    /// A set (`~#set`), in the order it was read or built.
    Set(Set),
    /// A map with keys of any type, in the order it was read or built.
    Map(Map),
    /// A link (`~#link`).
    Link(Box<Link>),
    /// A value under a tag this crate does not know, kept whole.
    Tagged(Box<Tagged<Value>>),
    /// A typed value standing for a tagged one, made by a read handler (see
    /// [`ReadHandlers`]); it equals the `Tagged` value with the same tag and rep.
    Ext(Ext),
}

impl Value {
    /// A keyword value.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::keyword("a").to_string(), ":a");
    /// ```
    pub fn keyword(name: &str) -> Value {
        Value::Keyword(Keyword::from(name))
    }

    /// A string value, from a `String`, a `&str`, a `Box<str>` or an `Arc<str>`
    /// (where serde_json's `Value::String(s)` takes a `String`; here the variant
    /// holds an `Arc<str>`, and `Value::from(s)` works too).
    ///
    /// ```
    /// use transit_format::Value;
    /// let name = String::from("x");
    /// assert_eq!(Value::string(name.clone()), "x");
    /// assert_eq!(Value::from(name), Value::string("x"));
    /// ```
    pub fn string(text: impl Into<Arc<str>>) -> Value {
        Value::String(text.into())
    }

    /// A symbol value.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::symbol("inc").to_string(), "inc");
    /// ```
    pub fn symbol(name: &str) -> Value {
        Value::Symbol(Symbol::from(name))
    }

    /// A tagged value with tag `tag` and representation `rep`.
    ///
    /// ```
    /// let v = transit_format::Value::tagged("point", transit_format::Value::from(vec![]));
    /// assert_eq!(v.to_string(), "#point []");
    /// ```
    pub fn tagged(tag: &str, rep: Value) -> Value {
        Value::Tagged(Box::new(Tagged::new(tag, rep)))
    }

    /// The name of this value's type, as error messages and `Display` of
    /// `Unexpected` use it.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::keyword("a").type_name(), "keyword");
    /// ```
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Integer(_) => "integer",
            Value::BigInt(_) => "big integer",
            Value::Float(_) => "float",
            Value::BigDecimal(_) => "big decimal",
            Value::String(_) => "string",
            Value::Keyword(_) => "keyword",
            Value::Symbol(_) => "symbol",
            Value::Bytes(_) => "bytes",
            Value::Uuid(_) => "uuid",
            Value::Instant(_) => "instant",
            Value::Uri(_) => "uri",
            Value::Char(_) => "char",
            Value::Array(_) => "array",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Link(_) => "link",
            Value::Tagged(_) | Value::Ext(_) => "tagged value",
        }
    }

    /// True for `Null`.
    ///
    /// ```
    /// assert!(transit_format::Value::Null.is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The boolean, if this is one.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::Bool(true).as_bool(), Some(true));
    /// ```
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, if this is an `Integer`.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::Integer(7).as_i64(), Some(7));
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The number as a float: a `Float`, or an `Integer` converted (rounded to the
    /// nearest float beyond ±2^53), as serde_json's `as_f64` does. Penpot writes
    /// whole coordinates as integers at times (`"~:x",0`), so this reads both.
    ///
    /// ```
    /// use transit_format::Value;
    /// assert_eq!(Value::Float(2.5).as_f64(), Some(2.5));
    /// assert_eq!(Value::Integer(2).as_f64(), Some(2.0));
    /// assert_eq!(Value::from("2").as_f64(), None);
    /// ```
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(*f),
            Value::Integer(i) => Some(*i as f64),
            _ => None,
        }
    }

    /// The text of a `String`.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from("x").as_str(), Some("x"));
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The keyword, if this is one.
    ///
    /// ```
    /// let v = transit_format::Value::keyword("a");
    /// assert_eq!(v.as_keyword().map(|k| k.as_str()), Some("a"));
    /// ```
    pub fn as_keyword(&self) -> Option<&Keyword> {
        match self {
            Value::Keyword(k) => Some(k),
            _ => None,
        }
    }

    /// The elements of an `Array` or a `List`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str("[1,2]").unwrap();
    /// assert_eq!(v.as_array().map(|a| a.len()), Some(2));
    /// ```
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) | Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The map, if this is one.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"{"a":1}"#).unwrap();
    /// assert_eq!(v.as_map().map(|m| m.len()), Some(1));
    /// ```
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// Looks up the keyword key `:name` in a map (`None` for other values).
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["^ ","~:id",1]"#).unwrap();
    /// assert_eq!(v.get_keyword("id"), Some(&transit_format::Value::Integer(1)));
    /// ```
    pub fn get_keyword(&self, name: &str) -> Option<&Value> {
        self.as_map()?.get_keyword(name)
    }

    /// Whether this value is written as a string when it is a map key (its tag is one
    /// character). A map with any other key is written as a cmap.
    pub(crate) fn is_stringable_key(&self) -> bool {
        match self {
            Value::Array(_) | Value::List(_) | Value::Set(_) | Value::Map(_) | Value::Link(_) => {
                false
            }
            Value::Tagged(t) => {
                crate::types::has_string_form(t.tag()) && matches!(t.rep(), Value::String(_))
            }
            Value::Ext(e) => {
                crate::types::has_string_form(e.tag()) && matches!(e.rep(), Value::String(_))
            }
            _ => true,
        }
    }
}

macro_rules! from_integer {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Value {
            fn from(n: $ty) -> Self {
                Value::Integer(i64::from(n))
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, u8, u16, u32);

impl From<u64> for Value {
    /// An `Integer`, or a `BigInt` above `i64::MAX`.
    fn from(n: u64) -> Self {
        i64::try_from(n).map_or_else(
            |_| Value::BigInt(BigInt::from(u128::from(n))),
            Value::Integer,
        )
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s.into())
    }
}

impl From<Keyword> for Value {
    fn from(k: Keyword) -> Self {
        Value::Keyword(k)
    }
}

impl From<Symbol> for Value {
    fn from(s: Symbol) -> Self {
        Value::Symbol(s)
    }
}

impl From<Uuid> for Value {
    fn from(u: Uuid) -> Self {
        Value::Uuid(u)
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(t: DateTime<Utc>) -> Self {
        Value::Instant(t)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::Array(items.into_boxed_slice())
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Value::Map(map)
    }
}

impl From<Set> for Value {
    fn from(set: Set) -> Self {
        Value::Set(set)
    }
}
