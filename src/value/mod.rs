//! The dynamic [`Value`]: every Transit type, usable as a map key and set member.

mod build;
mod de;
mod display;
mod eq;
mod ext;
mod intern;
mod map;
pub(crate) mod scalar;
mod ser;

pub(crate) use self::build::Builder;
pub use self::de::from_value;
pub(crate) use self::de::{hand_over, magic, visit_value, Hint};

pub use self::ext::{AsAny, Ext, Extension, ReadHandler, ReadHandlers};
pub use self::map::{IntoIter as MapIntoIter, Iter as MapIter, Map, Set, SetIntoIter};

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

    /// The float, if this is a `Float`.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::Float(2.5).as_f64(), Some(2.5));
    /// ```
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(*f),
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
    /// character, spec digest §4). A map with any other key is written as a cmap.
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
