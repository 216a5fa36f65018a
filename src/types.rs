//! Transit's own scalar types that Rust and serde lack: keywords, symbols, URIs,
//! arbitrary-size integers and decimals, links, and tagged values.
//!
//! Each one serializes through a private struct name that this crate's serializer
//! recognises (the way serde_json carries its `Number`); through any other
//! serializer it appears as a newtype around its text.

use std::fmt::{self, Display};
use std::sync::Arc;

/// Private names that carry Transit types through serde's data model.
pub(crate) mod token {
    pub(crate) const KEYWORD: &str = "$transit::private::Keyword";
    pub(crate) const SYMBOL: &str = "$transit::private::Symbol";
    pub(crate) const URI: &str = "$transit::private::Uri";
    pub(crate) const BIG_INT: &str = "$transit::private::BigInt";
    pub(crate) const BIG_DECIMAL: &str = "$transit::private::BigDecimal";
    pub(crate) const UUID: &str = "$transit::private::Uuid";
    pub(crate) const INSTANT: &str = "$transit::private::Instant";
    pub(crate) const SET: &str = "$transit::private::Set";
    pub(crate) const LIST: &str = "$transit::private::List";
    pub(crate) const CMAP: &str = "$transit::private::Cmap";
    pub(crate) const LINK: &str = "$transit::private::Link";
    pub(crate) const TAGGED: &str = "$transit::private::Tagged";
    pub(crate) const VALUE: &str = "$transit::private::Value";
}

macro_rules! named_text {
    ($(#[$doc:meta])* $name:ident, $token:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name {
            /// Only the shared text: 16 bytes, so that a `Value` holding one stays
            /// at 24 (the hash is computed when needed; names are short).
            text: Arc<str>,
        }

        impl $name {
            /// Makes one from its text; the text is not checked.
            pub fn new(text: impl Into<Arc<str>>) -> Self {
                $name { text: text.into() }
            }

            /// The full text, namespace included.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// The part before the first `/`, when there is one and it is not the
            /// whole text (`ns/name` has namespace `ns`; `/` has none).
            pub fn namespace(&self) -> Option<&str> {
                match self.text.find('/') {
                    Some(i) if i > 0 && i + 1 < self.text.len() => Some(&self.text[..i]),
                    _ => None,
                }
            }

            /// The part after the namespace, or the whole text.
            pub fn name(&self) -> &str {
                match self.namespace() {
                    Some(ns) => &self.text[ns.len() + 1..],
                    None => &self.text,
                }
            }

            // The shared name, for error paths that outlive the value and for tags
            // (keywords only).
            #[allow(dead_code)]
            pub(crate) fn shared(&self) -> &Arc<str> {
                &self.text
            }

        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                Arc::ptr_eq(&self.text, &other.text) || self.text == other.text
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.text.hash(state);
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.text.cmp(&other.text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name::new(text)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name::new(text)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($what, "({:?})"), &*self.text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                // Offered to the write cache: a long name repeated by the read
                // cache is one shared text, found by address after its first use.
                crate::cache::with_shared(&self.text, || {
                    serializer.serialize_newtype_struct($token, &*self.text)
                })
            }
        }
    };
}

named_text!(
    /// A Transit keyword (`~:name`, `~:ns/name`), written `:name` in EDN.
    ///
    /// The name is shared: cloning a keyword (and every cache hit that yields one)
    /// copies a pointer, not the text.
    ///
    /// ```
    /// use transit_format::Keyword;
    /// let k = Keyword::new("penpot/shape");
    /// assert_eq!((k.namespace(), k.name()), (Some("penpot"), "shape"));
    /// assert_eq!(k.to_string(), ":penpot/shape");
    /// assert_eq!(transit_format::to_string(&vec![k]).unwrap(), r#"["~:penpot/shape"]"#);
    /// ```
    Keyword,
    token::KEYWORD,
    "Keyword"
);

named_text!(
    /// A Transit symbol (`~$name`), written bare in EDN.
    ///
    /// ```
    /// use transit_format::Symbol;
    /// let s = Symbol::new("clojure.core/inc");
    /// assert_eq!(s.name(), "inc");
    /// assert_eq!(transit_format::to_string(&vec![s]).unwrap(), r#"["~$clojure.core/inc"]"#);
    /// ```
    Symbol,
    token::SYMBOL,
    "Symbol"
);

impl Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ":{}", self.text)
    }
}

impl Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A URI (`~r…`), kept as the text that was read: Transit does not normalise it.
///
/// ```
/// use transit_format::Uri;
/// let uri = Uri::new("http://www.\u{8a79}\u{59c6}\u{65af}.com/");
/// assert_eq!(transit_format::to_string(&vec![uri]).unwrap(), "[\"~rhttp://www.\u{8a79}\u{59c6}\u{65af}.com/\"]");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Uri(Box<str>);

impl Uri {
    /// Wraps `text` as a URI; the text is not checked.
    pub fn new(text: impl Into<Box<str>>) -> Self {
        Uri(text.into())
    }

    /// The URI's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Display for Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for Uri {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(token::URI, &*self.0)
    }
}

/// An integer of any size (`~n…`), kept as its exact decimal digits.
///
/// ```
/// use transit_format::BigInt;
/// let n = BigInt::parse("-9223372036854775809").unwrap();
/// assert_eq!(n.as_str(), "-9223372036854775809");
/// assert!(BigInt::parse("12a").is_none());
/// assert_eq!(transit_format::to_string(&n).unwrap(), r#"["~#'","~n-9223372036854775809"]"#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct BigInt(Box<str>);

impl BigInt {
    /// Checks that `text` is an optional sign followed by decimal digits (what
    /// `java.math.BigInteger` accepts) and keeps it as it is.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| BigInt(text.into()))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an `i128`, when it fits.
    ///
    /// ```
    /// let n = transit_format::BigInt::parse("170141183460469231731687303715884105727").unwrap();
    /// assert_eq!(n.to_i128(), Some(i128::MAX));
    /// ```
    pub fn to_i128(&self) -> Option<i128> {
        self.0.parse().ok()
    }
}

impl From<i128> for BigInt {
    fn from(n: i128) -> Self {
        BigInt(n.to_string().into())
    }
}

impl From<u128> for BigInt {
    fn from(n: u128) -> Self {
        BigInt(n.to_string().into())
    }
}

impl Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for BigInt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(token::BIG_INT, &*self.0)
    }
}

/// A decimal of any precision (`~f…`), kept as its exact text.
///
/// ```
/// use transit_format::BigDecimal;
/// let d = BigDecimal::parse("1E+3").unwrap();
/// assert_eq!(d.as_str(), "1E+3");
/// assert!(BigDecimal::parse("1.2.3").is_none());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct BigDecimal(Box<str>);

impl BigDecimal {
    /// Checks `text` against the grammar of `java.math.BigDecimal(String)`: a sign,
    /// digits with an optional fraction, an optional exponent; keeps it as it is.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
        let int_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut digits = i - int_start;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let frac_start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            digits += i - frac_start;
        }
        if digits == 0 {
            return None;
        }
        if i < b.len() && matches!(b[i], b'e' | b'E') {
            i += 1;
            if i < b.len() && matches!(b[i], b'-' | b'+') {
                i += 1;
            }
            let exp_start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == exp_start {
                return None;
            }
        }
        (i == b.len()).then(|| BigDecimal(text.into()))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for BigDecimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(token::BIG_DECIMAL, &*self.0)
    }
}

/// A hypermedia link (`["~#link", {"rel": …, "href": …}]`): `href` and `rel`, and
/// optionally `name`, `prompt` and `render` (`"link"` or `"image"`).
///
/// ```
/// use transit_format::{Link, Uri, Value};
/// let link = Link::new(Uri::new("http://example.com"), "self");
/// let text = transit_format::to_string(&Value::Link(Box::new(link.clone()))).unwrap();
/// assert_eq!(text, r#"["~#link",["^ ","rel","self","href","~rhttp://example.com"]]"#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Link {
    /// Where the link points.
    pub href: Uri,
    /// The relation, e.g. `"self"`.
    pub rel: String,
    /// An optional name.
    pub name: Option<String>,
    /// `"link"` or `"image"`, when given.
    pub render: Option<String>,
    /// An optional prompt.
    pub prompt: Option<String>,
}

impl Link {
    /// A link with only `href` and `rel`.
    pub fn new(href: Uri, rel: impl Into<String>) -> Self {
        Link {
            href,
            rel: rel.into(),
            name: None,
            render: None,
            prompt: None,
        }
    }
}

/// A value under a tag this crate has no type for, kept whole so that it writes back
/// exactly as it was read.
///
/// ```
/// use transit_format::{Tagged, Value};
/// let point: Value = transit_format::from_str(r#"["~#point",[37,42]]"#).unwrap();
/// let Value::Tagged(tagged) = &point else { panic!() };
/// assert_eq!(tagged.tag(), "point");
/// assert_eq!(tagged.rep(), &Value::from(vec![Value::Integer(37), Value::Integer(42)]));
/// assert_eq!(transit_format::to_string(&point).unwrap(), r#"["~#point",[37,42]]"#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Tagged<T> {
    tag: Arc<str>,
    rep: T,
}

/// Whether a tag can use the string form `"~Xrep"`: one character, and not one of
/// the characters that make `~X` an escape (`~~`, `~^`, `` ~` ``) or a tag marker
/// (`~#`). Other tags use the array form `["~#tag", rep]`.
pub(crate) fn has_string_form(tag: &str) -> bool {
    let mut chars = tag.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if !matches!(c, '#' | '~' | '^' | '`'))
}

impl<T> Tagged<T> {
    /// A tagged value. A one-character tag with a string rep is written in the
    /// string form `"~Xrep"`; any other is written `["~#tag", rep]`.
    pub fn new(tag: impl Into<Arc<str>>, rep: T) -> Self {
        Tagged {
            tag: tag.into(),
            rep,
        }
    }

    /// The tag, without the `~#` prefix.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The representation.
    pub fn rep(&self) -> &T {
        &self.rep
    }

    /// The representation, to change it.
    pub fn rep_mut(&mut self) -> &mut T {
        &mut self.rep
    }

    /// Tag and representation.
    pub fn into_parts(self) -> (Arc<str>, T) {
        (self.tag, self.rep)
    }
}

impl<T: serde::Serialize> serde::Serialize for Tagged<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::cache::with_shared(&self.tag, || {
            serializer.serialize_newtype_struct(token::TAGGED, &(&*self.tag, &self.rep))
        })
    }
}

impl serde::Serialize for Link {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(token::LINK, &LinkRep(self))
    }
}

/// A link's rep: a map of its present fields, in the order transit-java writes
/// them (its link keeps them in a hash map, which iterates `rel`, `name`, `href`,
/// `prompt`, `render`).
struct LinkRep<'a>(&'a Link);

impl serde::Serialize for LinkRep<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let link = self.0;
        let len = 2 + [&link.name, &link.prompt, &link.render]
            .iter()
            .filter(|v| v.is_some())
            .count();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("rel", &link.rel)?;
        if let Some(name) = &link.name {
            map.serialize_entry("name", name)?;
        }
        map.serialize_entry("href", &link.href)?;
        for (key, value) in [("prompt", &link.prompt), ("render", &link.render)] {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// A Transit list (`["~#list", […]]`), as a typed field; `Value::List` is the dynamic
/// form.
///
/// ```
/// use transit_format::List;
/// let list: List<i32> = transit_format::from_str(r#"["~#list",[1,2]]"#).unwrap();
/// assert_eq!(list.0, vec![1, 2]);
/// assert_eq!(transit_format::to_string(&list).unwrap(), r#"["~#list",[1,2]]"#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct List<T>(pub Vec<T>);
