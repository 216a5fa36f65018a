//! `is_*`, `as_*` and `as_*_mut` for every variant, and `take`.
//!
//! Each `is_x` is true exactly when `as_x` gives `Some`. The accessors look at the
//! variant itself: unlike indexing, they do not see through a tag (a `#point {…}`
//! is not a map; `as_tagged()?.rep().as_map()` is).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{ArrayMut, Ext, Map, Set, Value};
use crate::types::{BigDecimal, BigInt, Link, Symbol, Tagged, Uri};

impl Value {
    /// Takes the value out, leaving `Null` in its place.
    ///
    /// ```
    /// use transit_format::{transit, Value};
    /// let mut v = transit!({:name => "x"});
    /// assert_eq!(v["name"].take(), Value::from("x"));
    /// assert_eq!(v, transit!({:name => null}));
    /// ```
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }

    /// True for `Bool`.
    ///
    /// ```
    /// assert!(transit_format::Value::Bool(false).is_bool());
    /// ```
    pub fn is_bool(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// True for `Integer`.
    ///
    /// ```
    /// assert!(transit_format::Value::Integer(1).is_integer());
    /// assert!(!transit_format::Value::Float(1.0).is_integer());
    /// ```
    pub fn is_integer(&self) -> bool {
        matches!(self, Value::Integer(_))
    }

    /// True for `BigInt`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~n12"]"#).unwrap();
    /// assert!(v.is_big_int());
    /// ```
    pub fn is_big_int(&self) -> bool {
        matches!(self, Value::BigInt(_))
    }

    /// True for `Float`.
    ///
    /// ```
    /// assert!(transit_format::Value::Float(1.0).is_float());
    /// ```
    pub fn is_float(&self) -> bool {
        matches!(self, Value::Float(_))
    }

    /// True for `BigDecimal`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~f1.5"]"#).unwrap();
    /// assert!(v.is_big_decimal());
    /// ```
    pub fn is_big_decimal(&self) -> bool {
        matches!(self, Value::BigDecimal(_))
    }

    /// True for any number: `Integer`, `BigInt`, `Float` or `BigDecimal`.
    ///
    /// ```
    /// use transit_format::Value;
    /// assert!(Value::Integer(1).is_number() && Value::Float(0.5).is_number());
    /// assert!(!Value::from("1").is_number());
    /// ```
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Value::Integer(_) | Value::BigInt(_) | Value::Float(_) | Value::BigDecimal(_)
        )
    }

    /// True for `String` (not for keywords or symbols: see [`Value::as_text`]).
    ///
    /// ```
    /// use transit_format::Value;
    /// assert!(Value::from("a").is_string());
    /// assert!(!Value::keyword("a").is_string());
    /// ```
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// True for `Keyword`.
    ///
    /// ```
    /// assert!(transit_format::Value::keyword("a").is_keyword());
    /// ```
    pub fn is_keyword(&self) -> bool {
        matches!(self, Value::Keyword(_))
    }

    /// True for `Symbol`.
    ///
    /// ```
    /// assert!(transit_format::Value::symbol("inc").is_symbol());
    /// ```
    pub fn is_symbol(&self) -> bool {
        matches!(self, Value::Symbol(_))
    }

    /// True for `Bytes`.
    ///
    /// ```
    /// assert!(transit_format::Value::from(vec![1u8].into_boxed_slice()).is_bytes());
    /// ```
    pub fn is_bytes(&self) -> bool {
        matches!(self, Value::Bytes(_))
    }

    /// True for `Uuid`.
    ///
    /// ```
    /// assert!(transit_format::Value::from(uuid::Uuid::nil()).is_uuid());
    /// ```
    pub fn is_uuid(&self) -> bool {
        matches!(self, Value::Uuid(_))
    }

    /// True for `Instant`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~m0"]"#).unwrap();
    /// assert!(v.is_instant());
    /// ```
    pub fn is_instant(&self) -> bool {
        matches!(self, Value::Instant(_))
    }

    /// True for `Uri`.
    ///
    /// ```
    /// assert!(transit_format::Value::from(transit_format::Uri::new("https://penpot.app")).is_uri());
    /// ```
    pub fn is_uri(&self) -> bool {
        matches!(self, Value::Uri(_))
    }

    /// True for `Char`.
    ///
    /// ```
    /// assert!(transit_format::Value::from('x').is_char());
    /// ```
    pub fn is_char(&self) -> bool {
        matches!(self, Value::Char(_))
    }

    /// True for `Array` and `List`, as [`Value::as_array`] takes both.
    ///
    /// ```
    /// use transit_format::transit;
    /// assert!(transit!([1]).is_array() && transit!(#list [1]).is_array());
    /// ```
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_) | Value::List(_))
    }

    /// True for `List` only.
    ///
    /// ```
    /// use transit_format::transit;
    /// assert!(transit!(#list [1]).is_list() && !transit!([1]).is_list());
    /// ```
    pub fn is_list(&self) -> bool {
        matches!(self, Value::List(_))
    }

    /// True for `Set`.
    ///
    /// ```
    /// assert!(transit_format::transit!(#{1, 2}).is_set());
    /// ```
    pub fn is_set(&self) -> bool {
        matches!(self, Value::Set(_))
    }

    /// True for `Map` (serde_json's `is_object`).
    ///
    /// ```
    /// assert!(transit_format::transit!({:a => 1}).is_map());
    /// ```
    pub fn is_map(&self) -> bool {
        matches!(self, Value::Map(_))
    }

    /// True for `Link`.
    ///
    /// ```
    /// use transit_format::{Link, Uri, Value};
    /// assert!(Value::from(Link::new(Uri::new("http://a"), "self")).is_link());
    /// ```
    pub fn is_link(&self) -> bool {
        matches!(self, Value::Link(_))
    }

    /// True for `Tagged` (a value under a tag this crate has no type for; not for
    /// [`Value::Ext`], see [`Value::is_ext`] and [`Value::tag`]).
    ///
    /// ```
    /// assert!(transit_format::transit!(#point [1, 2]).is_tagged());
    /// ```
    pub fn is_tagged(&self) -> bool {
        matches!(self, Value::Tagged(_))
    }

    /// True for `Ext` (a typed value made by a read handler).
    ///
    /// ```
    /// assert!(!transit_format::transit!(#point [1, 2]).is_ext());
    /// ```
    pub fn is_ext(&self) -> bool {
        matches!(self, Value::Ext(_))
    }

    /// The integer as a `u64`: a non-negative `Integer`, or a `BigInt` in the `u64`
    /// range (which is what `Value::from(u64)` makes above `i64::MAX`).
    ///
    /// ```
    /// use transit_format::Value;
    /// assert_eq!(Value::from(u64::MAX).as_u64(), Some(u64::MAX));
    /// assert_eq!(Value::Integer(-1).as_u64(), None);
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Integer(i) => u64::try_from(*i).ok(),
            Value::BigInt(n) => n.as_str().parse().ok(),
            _ => None,
        }
    }

    /// The text of a `String`, a `Keyword` (without its colon) or a `Symbol`.
    ///
    /// Penpot writes enum-like values as keywords (`:type :rect`), and a plain JSON
    /// view of the same data has them as strings: this reads either.
    ///
    /// ```
    /// use transit_format::Value;
    /// assert_eq!(Value::keyword("rect").as_text(), Some("rect"));
    /// assert_eq!(Value::from("rect").as_text(), Some("rect"));
    /// assert_eq!(Value::Integer(1).as_text(), None);
    /// ```
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            Value::Keyword(k) => Some(k.as_str()),
            Value::Symbol(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The big integer, if this is a `BigInt`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~n12"]"#).unwrap();
    /// assert_eq!(v.as_big_int().map(|n| n.as_str()), Some("12"));
    /// ```
    pub fn as_big_int(&self) -> Option<&BigInt> {
        match self {
            Value::BigInt(n) => Some(n),
            _ => None,
        }
    }

    /// The big decimal, if this is a `BigDecimal`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~f1.50"]"#).unwrap();
    /// assert_eq!(v.as_big_decimal().map(|d| d.as_str()), Some("1.50"));
    /// ```
    pub fn as_big_decimal(&self) -> Option<&BigDecimal> {
        match self {
            Value::BigDecimal(d) => Some(d),
            _ => None,
        }
    }

    /// The symbol, if this is one.
    ///
    /// ```
    /// let v = transit_format::Value::symbol("inc");
    /// assert_eq!(v.as_symbol().map(|s| s.as_str()), Some("inc"));
    /// ```
    pub fn as_symbol(&self) -> Option<&Symbol> {
        match self {
            Value::Symbol(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, if this is `Bytes`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~bAQI="]"#).unwrap();
    /// assert_eq!(v.as_bytes(), Some(&[1u8, 2][..]));
    /// ```
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The bytes, to change them in place.
    ///
    /// ```
    /// let mut v = transit_format::Value::from(vec![1u8, 2].into_boxed_slice());
    /// v.as_bytes_mut().unwrap()[0] = 9;
    /// assert_eq!(v.as_bytes(), Some(&[9u8, 2][..]));
    /// ```
    pub fn as_bytes_mut(&mut self) -> Option<&mut [u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The UUID, if this is a `Uuid`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~u5a2cbea3-e8c6-428b-b525-21239370dd55"]"#).unwrap();
    /// assert_eq!(v.as_uuid(), Some(uuid::uuid!("5a2cbea3-e8c6-428b-b525-21239370dd55")));
    /// ```
    pub fn as_uuid(&self) -> Option<Uuid> {
        match self {
            Value::Uuid(u) => Some(*u),
            _ => None,
        }
    }

    /// The point in time, if this is an `Instant`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~m946728000000"]"#).unwrap();
    /// assert_eq!(v.as_instant().map(|t| t.timestamp_millis()), Some(946_728_000_000));
    /// ```
    pub fn as_instant(&self) -> Option<DateTime<Utc>> {
        match self {
            Value::Instant(t) => Some(*t),
            _ => None,
        }
    }

    /// The URI, if this is a `Uri`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~rhttps://penpot.app"]"#).unwrap();
    /// assert_eq!(v.as_uri().map(|u| u.as_str()), Some("https://penpot.app"));
    /// ```
    pub fn as_uri(&self) -> Option<&Uri> {
        match self {
            Value::Uri(u) => Some(u),
            _ => None,
        }
    }

    /// The character, if this is a `Char`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#'","~cx"]"#).unwrap();
    /// assert_eq!(v.as_char(), Some('x'));
    /// ```
    pub fn as_char(&self) -> Option<char> {
        match self {
            Value::Char(c) => Some(*c),
            _ => None,
        }
    }

    /// The elements of an `Array` or a `List`, to change them in place, with a
    /// `Vec`'s API (`push`, `insert`, `remove`, `retain`…; see [`ArrayMut`]).
    ///
    /// ```
    /// use transit_format::transit;
    /// let mut v = transit!([1, 2]);
    /// v.as_array_mut().unwrap().push(3.into());
    /// let mut items = v.as_array_mut().unwrap();
    /// items[0] = 9.into();
    /// items.insert(1, 8.into());
    /// drop(items);
    /// assert_eq!(v, transit!([9, 8, 2, 3]));
    /// ```
    pub fn as_array_mut(&mut self) -> Option<ArrayMut<'_>> {
        match self {
            Value::Array(items) | Value::List(items) => Some(ArrayMut::new(items)),
            _ => None,
        }
    }

    /// The elements of a `List` (only: [`Value::as_array`] takes arrays and lists).
    ///
    /// ```
    /// let v = transit_format::transit!(#list [1, 2]);
    /// assert_eq!(v.as_list().map(<[_]>::len), Some(2));
    /// ```
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The elements of a `List`, to change them.
    ///
    /// ```
    /// let mut v = transit_format::transit!(#list [1]);
    /// v.as_list_mut().unwrap()[0] = 2.into();
    /// assert_eq!(v, transit_format::transit!(#list [2]));
    /// ```
    pub fn as_list_mut(&mut self) -> Option<&mut Box<[Value]>> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The set, if this is a `Set`.
    ///
    /// ```
    /// let v = transit_format::transit!(#{"a", "b"});
    /// assert!(v.as_set().unwrap().contains(&"a".into()));
    /// ```
    pub fn as_set(&self) -> Option<&Set> {
        match self {
            Value::Set(set) => Some(set),
            _ => None,
        }
    }

    /// The set, to change it.
    ///
    /// ```
    /// let mut v = transit_format::transit!(#{"a"});
    /// v.as_set_mut().unwrap().insert("b".into());
    /// assert_eq!(v, transit_format::transit!(#{"b", "a"}));
    /// ```
    pub fn as_set_mut(&mut self) -> Option<&mut Set> {
        match self {
            Value::Set(set) => Some(set),
            _ => None,
        }
    }

    /// The map, to change it (serde_json's `as_object_mut`).
    ///
    /// ```
    /// let mut v = transit_format::transit!({:a => 1});
    /// v.as_map_mut().unwrap().insert(transit_format::Value::keyword("b"), 2.into());
    /// assert_eq!(v, transit_format::transit!({:a => 1, :b => 2}));
    /// ```
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The link, if this is a `Link`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(r#"["~#link",["^ ","href","~rhttp://a","rel","self"]]"#).unwrap();
    /// assert_eq!(v.as_link().map(|l| l.rel.as_str()), Some("self"));
    /// ```
    pub fn as_link(&self) -> Option<&Link> {
        match self {
            Value::Link(link) => Some(link),
            _ => None,
        }
    }

    /// The link, to change it.
    ///
    /// ```
    /// use transit_format::{Link, Uri, Value};
    /// let mut v = Value::from(Link::new(Uri::new("http://a"), "self"));
    /// v.as_link_mut().unwrap().name = Some("home".into());
    /// assert_eq!(v.as_link().unwrap().name.as_deref(), Some("home"));
    /// ```
    pub fn as_link_mut(&mut self) -> Option<&mut Link> {
        match self {
            Value::Link(link) => Some(link),
            _ => None,
        }
    }

    /// The tagged value, if this is `Tagged` (see [`Value::tag`] for the tag of
    /// either `Tagged` or `Ext`).
    ///
    /// ```
    /// let v = transit_format::transit!(#point {:x => 1, :y => 2});
    /// let tagged = v.as_tagged().unwrap();
    /// assert_eq!((tagged.tag(), &tagged.rep()["x"]), ("point", &1.into()));
    /// ```
    pub fn as_tagged(&self) -> Option<&Tagged<Value>> {
        match self {
            Value::Tagged(tagged) => Some(tagged),
            _ => None,
        }
    }

    /// The tagged value, to change its rep.
    ///
    /// ```
    /// let mut v = transit_format::transit!(#point [1, 2]);
    /// *v.as_tagged_mut().unwrap().rep_mut() = transit_format::transit!([3, 4]);
    /// assert_eq!(v, transit_format::transit!(#point [3, 4]));
    /// ```
    pub fn as_tagged_mut(&mut self) -> Option<&mut Tagged<Value>> {
        match self {
            Value::Tagged(tagged) => Some(tagged),
            _ => None,
        }
    }

    /// The extension value, if this is an `Ext` (made by a read handler).
    ///
    /// ```
    /// assert!(transit_format::transit!(#point [1, 2]).as_ext().is_none());
    /// ```
    pub fn as_ext(&self) -> Option<&Ext> {
        match self {
            Value::Ext(ext) => Some(ext),
            _ => None,
        }
    }

    /// The tag of a `Tagged` or an `Ext` value.
    ///
    /// ```
    /// assert_eq!(transit_format::transit!(#point [1, 2]).tag(), Some("point"));
    /// assert_eq!(transit_format::transit!([1, 2]).tag(), None);
    /// ```
    pub fn tag(&self) -> Option<&str> {
        match self {
            Value::Tagged(tagged) => Some(tagged.tag()),
            Value::Ext(ext) => Some(ext.tag()),
            _ => None,
        }
    }
}
