//! Conversions between [`Value`] and the Rust types its variants hold: `From`
//! into a `Value`, `TryFrom` out of one, and `==` against plain Rust values.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Ext, Map, Set, Value};
use crate::types::{BigDecimal, BigInt, Keyword, Link, List, Symbol, Tagged, Uri};

//////////////////////////////////////////////////////////////////////////////
// Into a Value

impl From<f32> for Value {
    /// A `Float`, widened exactly.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from(0.5f32), transit_format::Value::Float(0.5));
    /// ```
    fn from(f: f32) -> Self {
        Value::Float(f64::from(f))
    }
}

/// An `Integer` when `n` fits an `i64`, else a `BigInt` with its digits.
fn integer_or_big(n: i128) -> Value {
    i64::try_from(n).map_or_else(|_| Value::BigInt(BigInt::from(n)), Value::Integer)
}

impl From<i128> for Value {
    /// An `Integer`, or a `BigInt` outside the `i64` range.
    ///
    /// ```
    /// use transit_format::Value;
    /// assert_eq!(Value::from(5i128), Value::Integer(5));
    /// assert!(Value::from(i128::MAX).is_big_int());
    /// ```
    fn from(n: i128) -> Self {
        integer_or_big(n)
    }
}

impl From<u128> for Value {
    /// An `Integer`, or a `BigInt` above `i64::MAX`.
    ///
    /// ```
    /// assert!(transit_format::Value::from(u128::MAX).is_big_int());
    /// ```
    fn from(n: u128) -> Self {
        i128::try_from(n).map_or_else(|_| Value::BigInt(BigInt::from(n)), integer_or_big)
    }
}

impl From<isize> for Value {
    /// An `Integer`.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from(-1isize), transit_format::Value::Integer(-1));
    /// ```
    fn from(n: isize) -> Self {
        // isize is at most 64 bits on every target Rust supports.
        integer_or_big(n as i128)
    }
}

impl From<usize> for Value {
    /// An `Integer`, or a `BigInt` above `i64::MAX`.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from(3usize), transit_format::Value::Integer(3));
    /// ```
    fn from(n: usize) -> Self {
        // usize is at most 64 bits on every target Rust supports.
        Value::from(n as u64)
    }
}

impl From<char> for Value {
    /// A `Char` (`~c`).
    ///
    /// ```
    /// assert_eq!(transit_format::to_string(&transit_format::Value::from('x')).unwrap(), r#"["~#'","~cx"]"#);
    /// ```
    fn from(c: char) -> Self {
        Value::Char(c)
    }
}

impl From<&String> for Value {
    /// A `String`.
    ///
    /// ```
    /// let name = String::from("x");
    /// assert_eq!(transit_format::Value::from(&name), "x");
    /// ```
    fn from(s: &String) -> Self {
        Value::String(s.as_str().into())
    }
}

impl From<Cow<'_, str>> for Value {
    /// A `String`.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from(std::borrow::Cow::Borrowed("x")), "x");
    /// ```
    fn from(s: Cow<'_, str>) -> Self {
        Value::String(s.into())
    }
}

impl From<Arc<str>> for Value {
    /// A `String` sharing the text.
    ///
    /// ```
    /// let text: std::sync::Arc<str> = "x".into();
    /// assert_eq!(transit_format::Value::from(text), "x");
    /// ```
    fn from(s: Arc<str>) -> Self {
        Value::String(s)
    }
}

impl From<Box<str>> for Value {
    /// A `String`.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from(Box::<str>::from("x")), "x");
    /// ```
    fn from(s: Box<str>) -> Self {
        Value::String(s.into())
    }
}

impl From<&Keyword> for Value {
    /// A `Keyword` (the name is shared, not copied).
    ///
    /// ```
    /// let k = transit_format::Keyword::new("a");
    /// assert_eq!(transit_format::Value::from(&k), transit_format::Value::keyword("a"));
    /// ```
    fn from(k: &Keyword) -> Self {
        Value::Keyword(k.clone())
    }
}

impl From<BigInt> for Value {
    /// A `BigInt` (`~n`), even when it would fit an `Integer`.
    ///
    /// ```
    /// let n = transit_format::BigInt::parse("12").unwrap();
    /// assert!(transit_format::Value::from(n).is_big_int());
    /// ```
    fn from(n: BigInt) -> Self {
        Value::BigInt(n)
    }
}

impl From<BigDecimal> for Value {
    /// A `BigDecimal` (`~f`).
    ///
    /// ```
    /// let d = transit_format::BigDecimal::parse("1.50").unwrap();
    /// assert!(transit_format::Value::from(d).is_big_decimal());
    /// ```
    fn from(d: BigDecimal) -> Self {
        Value::BigDecimal(d)
    }
}

impl From<Uri> for Value {
    /// A `Uri` (`~r`).
    ///
    /// ```
    /// let v = transit_format::Value::from(transit_format::Uri::new("https://penpot.app"));
    /// assert_eq!(transit_format::to_string(&v).unwrap(), r#"["~#'","~rhttps://penpot.app"]"#);
    /// ```
    fn from(u: Uri) -> Self {
        Value::Uri(u)
    }
}

impl From<Box<[u8]>> for Value {
    /// `Bytes` (`~b`). A `Vec<u8>` converts with `.into_boxed_slice()` (there is
    /// no `From<Vec<u8>>`, so that `Value::from(vec![1, 2])` cannot silently mean
    /// bytes).
    ///
    /// ```
    /// let v = transit_format::Value::from(vec![1u8, 2].into_boxed_slice());
    /// assert_eq!(transit_format::to_string(&v).unwrap(), r#"["~#'","~bAQI="]"#);
    /// ```
    fn from(b: Box<[u8]>) -> Self {
        Value::Bytes(b)
    }
}

impl From<Box<[Value]>> for Value {
    /// An `Array`.
    ///
    /// ```
    /// let items: Box<[transit_format::Value]> = Box::new([1.into()]);
    /// assert_eq!(transit_format::Value::from(items), transit_format::transit!([1]));
    /// ```
    fn from(items: Box<[Value]>) -> Self {
        Value::Array(items)
    }
}

impl<T: Into<Value>> From<List<T>> for Value {
    /// A `List` (`~#list`).
    ///
    /// ```
    /// let v = transit_format::Value::from(transit_format::List(vec![1, 2]));
    /// assert_eq!(v, transit_format::transit!(#list [1, 2]));
    /// ```
    fn from(list: List<T>) -> Self {
        Value::List(list.0.into_iter().map(Into::into).collect())
    }
}

impl From<Link> for Value {
    /// A `Link` (`~#link`).
    ///
    /// ```
    /// use transit_format::{Link, Uri, Value};
    /// assert!(Value::from(Link::new(Uri::new("http://a"), "self")).is_link());
    /// ```
    fn from(link: Link) -> Self {
        Value::Link(Box::new(link))
    }
}

impl From<Tagged<Value>> for Value {
    /// A `Tagged` value, as [`Value::tagged`] makes it (whatever the tag: a
    /// `Tagged` under `set` is not a `Set`; the [`transit!`](crate::transit) macro
    /// and the reader decode the tags this crate knows).
    ///
    /// ```
    /// use transit_format::{Tagged, Value};
    /// let v = Value::from(Tagged::new("point", transit_format::transit!([1, 2])));
    /// assert_eq!(v, transit_format::transit!(#point [1, 2]));
    /// ```
    fn from(tagged: Tagged<Value>) -> Self {
        Value::Tagged(Box::new(tagged))
    }
}

impl From<Ext> for Value {
    /// An `Ext`.
    ///
    /// ```
    /// # use transit_format::value::{Ext, Extension};
    /// # use transit_format::Value;
    /// #[derive(Debug)]
    /// struct Celsius(f64);
    /// impl Extension for Celsius {
    ///     fn tag(&self) -> &str { "celsius" }
    ///     fn rep(&self) -> Value { Value::Float(self.0) }
    /// }
    /// assert!(Value::from(Ext::new(Celsius(21.5))).is_ext());
    /// ```
    fn from(ext: Ext) -> Self {
        Value::Ext(ext)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    /// `Null` for `None`, else the value.
    ///
    /// ```
    /// use transit_format::Value;
    /// assert_eq!(Value::from(None::<i64>), Value::Null);
    /// assert_eq!(Value::from(Some(1)), Value::Integer(1));
    /// ```
    fn from(option: Option<T>) -> Self {
        option.map_or(Value::Null, Into::into)
    }
}

impl From<()> for Value {
    /// `Null`.
    ///
    /// ```
    /// assert!(transit_format::Value::from(()).is_null());
    /// ```
    fn from((): ()) -> Self {
        Value::Null
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    /// An `Array`.
    ///
    /// ```
    /// let v: transit_format::Value = (1..=3).collect();
    /// assert_eq!(v, transit_format::transit!([1, 2, 3]));
    /// ```
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

impl<K: Into<Value>, V: Into<Value>> FromIterator<(K, V)> for Value {
    /// A `Map`; a repeated key keeps its first place and its last value.
    ///
    /// ```
    /// use transit_format::{transit, Value};
    /// let v: Value = [(Value::keyword("a"), 1), (Value::keyword("b"), 2)].into_iter().collect();
    /// assert_eq!(v, transit!({:a => 1, :b => 2}));
    /// ```
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Value::Map(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

//////////////////////////////////////////////////////////////////////////////
// Out of a Value

/// The error of the `TryFrom<Value>` and `TryFrom<&Value>` conversions: the value
/// is of another type, or out of the target's range.
///
/// The conversions take what a variant holds: `bool`; the integer types from an
/// `Integer` (or a `BigInt`) in their range; `f64` from a `Float` or an
/// `Integer`; `char`, [`Uuid`], `DateTime<Utc>`; `String`, `Arc<str>` and `&str`
/// from a `String`; [`Keyword`] and `&Keyword`, [`Symbol`], [`Uri`], [`BigInt`],
/// [`BigDecimal`]; `Vec<u8>`, `Box<[u8]>` and `&[u8]` from `Bytes`; `Vec<Value>`
/// and `&[Value]` from an `Array` or a `List`; [`Map`] and `&Map`, [`Set`] and
/// `&Set`, [`Link`], [`Tagged<Value>`](Tagged), [`Ext`]. From a `Value` they move the
/// content out; from a `&Value` they copy, clone or borrow it.
///
/// ```
/// use transit_format::{transit, Keyword};
/// let v = transit!({:id => #uuid "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001", :n => 3, :name => "x", :type => :rect});
/// let id = uuid::Uuid::try_from(&v["id"])?;
/// let n: u8 = (&v["n"]).try_into()?;
/// let name: &str = (&v["name"]).try_into()?;
/// let kind = Keyword::try_from(&v["type"])?;
/// assert_eq!((id.to_string().len(), n, name, kind.as_str()), (36, 3, "x", "rect"));
/// # Ok::<(), transit_format::Error>(())
/// ```
///
/// ```
/// use transit_format::Value;
/// let err = uuid::Uuid::try_from(&Value::from("x")).unwrap_err();
/// assert_eq!(err.to_string(), "expected a uuid, found a string");
/// let err = u8::try_from(Value::Integer(300)).unwrap_err();
/// assert_eq!(err.to_string(), "expected a u8, found the integer 300");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TryFromValueError {
    expected: &'static str,
    found: Box<str>,
}

impl TryFromValueError {
    fn new(expected: &'static str, value: &Value) -> Self {
        let found = match value {
            Value::Integer(i) => format!("the integer {i}"),
            Value::BigInt(n) => format!("the big integer {n}"),
            other => with_article(other.type_name()),
        };
        TryFromValueError {
            expected,
            found: found.into(),
        }
    }

    /// What the conversion wanted (`"a uuid"`, `"a u8"`…).
    ///
    /// ```
    /// let err = bool::try_from(transit_format::Value::Null).unwrap_err();
    /// assert_eq!(err.expected(), "a boolean");
    /// ```
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// What it found (`"a string"`, or an integer out of range with its value).
    ///
    /// ```
    /// let err = bool::try_from(transit_format::Value::Null).unwrap_err();
    /// assert_eq!(err.found(), "a null");
    /// ```
    pub fn found(&self) -> &str {
        &self.found
    }
}

/// `a map`, `an array`: a type name as a message says it (`uuid` and `uri` start
/// with the sound of `y`).
pub(super) fn with_article(type_name: &str) -> String {
    let article = match type_name.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o') => "an",
        _ => "a",
    };
    format!("{article} {type_name}")
}

impl fmt::Display for TryFromValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {}", self.expected, self.found)
    }
}

impl std::error::Error for TryFromValueError {}

impl From<TryFromValueError> for crate::Error {
    /// A data error with the message, so that `?` works in functions returning
    /// this crate's [`Result`](crate::Result).
    fn from(err: TryFromValueError) -> Self {
        crate::Error::message(err)
    }
}

/// `TryFrom<&Value>` and `TryFrom<Value>` for types a variant holds by value
/// (copied or cloned out of a reference).
macro_rules! try_from_value {
    ($($target:ty, $expected:literal, $pattern:pat => $out:expr;)*) => {$(
        impl TryFrom<&Value> for $target {
            type Error = TryFromValueError;
            #[doc = concat!("Reads ", $expected, " out of the value.")]
            fn try_from(value: &Value) -> Result<Self, TryFromValueError> {
                match value {
                    $pattern => Ok($out),
                    other => Err(TryFromValueError::new($expected, other)),
                }
            }
        }

        impl TryFrom<Value> for $target {
            type Error = TryFromValueError;
            #[doc = concat!("Reads ", $expected, " out of the value.")]
            fn try_from(value: Value) -> Result<Self, TryFromValueError> {
                <$target>::try_from(&value)
            }
        }
    )*};
}

try_from_value! {
    bool, "a boolean", Value::Bool(b) => *b;
    f64, "a number", v @ (Value::Float(_) | Value::Integer(_)) => v.as_f64().expect("a number");
    char, "a char", Value::Char(c) => *c;
    Uuid, "a uuid", Value::Uuid(u) => *u;
    DateTime<Utc>, "an instant", Value::Instant(t) => *t;
}

/// `TryFrom` for integer types: from an `Integer` (or a `BigInt`) in range.
macro_rules! try_from_integer {
    ($($target:ty, $expected:literal;)*) => {$(
        impl TryFrom<&Value> for $target {
            type Error = TryFromValueError;
            #[doc = concat!("Reads ", $expected, " out of an integer (or a big integer) in its range.")]
            fn try_from(value: &Value) -> Result<Self, TryFromValueError> {
                let n = match value {
                    Value::Integer(i) => <$target>::try_from(*i).ok(),
                    Value::BigInt(n) => n.as_str().parse().ok(),
                    _ => None,
                };
                n.ok_or_else(|| TryFromValueError::new($expected, value))
            }
        }

        impl TryFrom<Value> for $target {
            type Error = TryFromValueError;
            #[doc = concat!("Reads ", $expected, " out of an integer (or a big integer) in its range.")]
            fn try_from(value: Value) -> Result<Self, TryFromValueError> {
                <$target>::try_from(&value)
            }
        }
    )*};
}

try_from_integer! {
    i8, "an i8"; i16, "an i16"; i32, "an i32"; i64, "an i64"; i128, "an i128"; isize, "an isize";
    u8, "a u8"; u16, "a u16"; u32, "a u32"; u64, "a u64"; u128, "a u128"; usize, "a usize";
}

/// `TryFrom<Value>` moving the content out, and `TryFrom<&Value>` cloning it.
macro_rules! try_from_owned {
    ($($target:ty, $expected:literal, $variant:ident($x:ident) => $out:expr;)*) => {$(
        impl TryFrom<Value> for $target {
            type Error = TryFromValueError;
            #[doc = concat!("Takes ", $expected, " out of the value.")]
            fn try_from(value: Value) -> Result<Self, TryFromValueError> {
                match value {
                    Value::$variant($x) => Ok($out),
                    other => Err(TryFromValueError::new($expected, &other)),
                }
            }
        }

        impl TryFrom<&Value> for $target {
            type Error = TryFromValueError;
            #[doc = concat!("Clones ", $expected, " out of the value.")]
            fn try_from(value: &Value) -> Result<Self, TryFromValueError> {
                match value {
                    Value::$variant($x) => {
                        let $x = $x.clone();
                        Ok($out)
                    }
                    other => Err(TryFromValueError::new($expected, other)),
                }
            }
        }
    )*};
}

try_from_owned! {
    String, "a string", String(s) => s.to_string();
    Arc<str>, "a string", String(s) => s;
    Keyword, "a keyword", Keyword(k) => k;
    Symbol, "a symbol", Symbol(s) => s;
    Uri, "a uri", Uri(u) => u;
    BigInt, "a big integer", BigInt(n) => n;
    BigDecimal, "a big decimal", BigDecimal(d) => d;
    Box<[u8]>, "bytes", Bytes(b) => b;
    Vec<u8>, "bytes", Bytes(b) => b.into_vec();
    Map, "a map", Map(m) => m;
    Set, "a set", Set(s) => s;
    Link, "a link", Link(l) => *l;
    Tagged<Value>, "a tagged value", Tagged(t) => *t;
    Ext, "an extension value", Ext(e) => e;
}

impl TryFrom<Value> for Vec<Value> {
    type Error = TryFromValueError;
    /// Takes the elements of an array or a list (as [`Value::as_array`]).
    ///
    /// ```
    /// let items = Vec::<transit_format::Value>::try_from(transit_format::transit!(#list [1])).unwrap();
    /// assert_eq!(items, vec![transit_format::Value::Integer(1)]);
    /// ```
    fn try_from(value: Value) -> Result<Self, TryFromValueError> {
        match value {
            Value::Array(items) | Value::List(items) => Ok(items.into_vec()),
            other => Err(TryFromValueError::new("an array", &other)),
        }
    }
}

impl TryFrom<&Value> for Vec<Value> {
    type Error = TryFromValueError;
    /// Clones the elements of an array or a list.
    fn try_from(value: &Value) -> Result<Self, TryFromValueError> {
        value
            .as_array()
            .map(<[Value]>::to_vec)
            .ok_or_else(|| TryFromValueError::new("an array", value))
    }
}

/// `TryFrom<&'a Value>` for references into the value.
macro_rules! try_from_ref {
    ($($target:ty, $expected:literal, $method:ident;)*) => {$(
        impl<'a> TryFrom<&'a Value> for $target {
            type Error = TryFromValueError;
            #[doc = concat!("Borrows ", $expected, " in the value (as `", stringify!($method), "`).")]
            fn try_from(value: &'a Value) -> Result<Self, TryFromValueError> {
                value.$method().ok_or_else(|| TryFromValueError::new($expected, value))
            }
        }
    )*};
}

try_from_ref! {
    &'a str, "a string", as_str;
    &'a Keyword, "a keyword", as_keyword;
    &'a [u8], "bytes", as_bytes;
    &'a [Value], "an array", as_array;
    &'a Map, "a map", as_map;
    &'a Set, "a set", as_set;
}

//////////////////////////////////////////////////////////////////////////////
// Comparisons with plain Rust values, as serde_json's `Value` has them.

impl PartialEq<str> for Value {
    /// True for a `String` with this text (not for a keyword).
    ///
    /// ```
    /// use transit_format::Value;
    /// assert!(Value::from("a") == *"a");
    /// assert!(Value::keyword("a") != *"a");
    /// ```
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    /// True for a `String` with this text (not for a keyword).
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from("a"), "a");
    /// ```
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Value {
    /// True for a `String` with this text.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::from("a"), String::from("a"));
    /// ```
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<Value> for &str {
    fn eq(&self, other: &Value) -> bool {
        other == self
    }
}

impl PartialEq<Value> for String {
    fn eq(&self, other: &Value) -> bool {
        other == self
    }
}

impl PartialEq<Keyword> for Value {
    /// True for this keyword.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::keyword("a"), transit_format::Keyword::new("a"));
    /// ```
    fn eq(&self, other: &Keyword) -> bool {
        self.as_keyword() == Some(other)
    }
}

impl PartialEq<bool> for Value {
    /// True for this boolean.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::Bool(true), true);
    /// ```
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<f64> for Value {
    /// True for a number whose [`as_f64`](Value::as_f64) equals it (as `f64`'s
    /// `==`: NaN equals nothing), as serde_json compares.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::Float(0.5), 0.5);
    /// assert_eq!(transit_format::Value::Integer(2), 2.0);
    /// ```
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

impl PartialEq<Uuid> for Value {
    /// True for this uuid.
    ///
    /// ```
    /// assert_eq!(transit_format::Value::Uuid(uuid::Uuid::nil()), uuid::Uuid::nil());
    /// ```
    fn eq(&self, other: &Uuid) -> bool {
        self.as_uuid() == Some(*other)
    }
}

/// `==` with integer types: true for an `Integer` (or a `BigInt`) of that value.
macro_rules! eq_integer {
    ($($ty:ty),*) => {$(
        impl PartialEq<$ty> for Value {
            #[doc = concat!("True for an integer equal to this `", stringify!($ty), "`.")]
            fn eq(&self, other: &$ty) -> bool {
                <$ty>::try_from(self).is_ok_and(|n| n == *other)
            }
        }

        impl PartialEq<Value> for $ty {
            fn eq(&self, other: &Value) -> bool {
                other == self
            }
        }
    )*};
}

eq_integer!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
