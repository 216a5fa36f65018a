//! Indexing and lookup: `v["name"]`, `v[0]`, [`Value::get`], [`Value::get_mut`],
//! [`Value::pointer`] and [`Value::pointer_mut`].
//!
//! The rule they follow is stated in the [`value`](crate::value) module docs
//! ("Lookup"); the comments here say how each index type applies it.

use std::borrow::Cow;
use std::ops;

use uuid::Uuid;

use super::{Map, Value};
use crate::types::Keyword;

mod private {
    pub trait Sealed {}
    impl Sealed for usize {}
    impl Sealed for str {}
    impl Sealed for String {}
    impl Sealed for crate::types::Keyword {}
    impl Sealed for uuid::Uuid {}
    impl Sealed for crate::value::Value {}
    impl<T: ?Sized + Sealed> Sealed for &T {}
}

/// What a [`Value`] can be indexed by: `usize` (a position in an array or list),
/// `str` and `String` (the keyword with that name, else the string), [`Keyword`],
/// [`Uuid`] and [`Value`] (exactly that map key), and references to any of them.
///
/// The module docs of [`value`](crate::value) state the full rule. This trait is
/// sealed: it cannot be implemented outside this crate.
///
/// ```
/// use transit_format::{transit, Keyword, Value};
/// let v = transit!({:name => "by keyword", "name" => "by string", 7 => ["a", "b"]});
/// assert_eq!(v["name"], "by keyword");
/// assert_eq!(v[&Value::from("name")], "by string");
/// assert_eq!(v[Keyword::new("name")], "by keyword");
/// assert_eq!(v[&Value::Integer(7)][1], "b");
/// assert!(v["missing"].is_null());
/// ```
pub trait Index: private::Sealed {
    /// The value at this index, if there is one.
    #[doc(hidden)]
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value>;

    /// The value at this index, to change it, if there is one.
    #[doc(hidden)]
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value>;

    /// The value at this index, inserting a missing map key (and turning `Null`
    /// into an empty map); panics where there is nothing to insert into.
    #[doc(hidden)]
    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value;
}

/// The value a lookup looks into: the rep of a `Tagged` value (of the innermost
/// one, when tags nest), else the value itself.
fn seen(mut v: &Value) -> &Value {
    while let Value::Tagged(tagged) = v {
        v = tagged.rep();
    }
    v
}

/// [`seen`], to change it.
fn seen_mut(v: &mut Value) -> &mut Value {
    let mut v = v;
    while let Value::Tagged(tagged) = v {
        v = tagged.rep_mut();
    }
    v
}

/// The map to insert into: a `Null` becomes an empty map first; anything else
/// than a map is a programming error, as in serde_json.
fn map_for_insert<'v>(v: &'v mut Value, key: &dyn std::fmt::Debug) -> &'v mut Map {
    let v = seen_mut(v);
    if v.is_null() {
        *v = Value::Map(Map::new());
    }
    let what = super::from::with_article(v.type_name());
    match v {
        Value::Map(map) => map,
        _ => panic!("cannot access key {key:?} of {what}"),
    }
}

impl Index for usize {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        match seen(v) {
            Value::Array(items) | Value::List(items) => items.get(*self),
            _ => None,
        }
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        match seen_mut(v) {
            Value::Array(items) | Value::List(items) => items.get_mut(*self),
            _ => None,
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        let v = seen_mut(v);
        let what = super::from::with_article(v.type_name());
        match v {
            Value::Array(items) | Value::List(items) => {
                let len = items.len();
                items.get_mut(*self).unwrap_or_else(|| {
                    panic!("cannot access index {self} of {what} of length {len}")
                })
            }
            _ => panic!("cannot access index {self} of {what}"),
        }
    }
}

impl Index for str {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        let map = seen(v).as_map()?;
        map.get_keyword(self).or_else(|| map.get_str(self))
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        let Value::Map(map) = seen_mut(v) else {
            return None;
        };
        if map.get_keyword(self).is_some() {
            map.get_keyword_mut(self)
        } else {
            map.get_str_mut(self)
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        let map = map_for_insert(v, &self);
        if map.get_keyword(self).is_none() {
            if map.get_str(self).is_some() {
                return map.get_str_mut(self).expect("the string key is there");
            }
            map.insert(Value::keyword(self), Value::Null);
        }
        map.get_keyword_mut(self).expect("the keyword key is there")
    }
}

impl Index for String {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        self.as_str().index_into(v)
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        self.as_str().index_into_mut(v)
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        self.as_str().index_or_insert(v)
    }
}

impl Index for Keyword {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        seen(v).as_map()?.get_keyword(self.as_str())
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        match seen_mut(v) {
            Value::Map(map) => map.get_keyword_mut(self.as_str()),
            _ => None,
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        let map = map_for_insert(v, self);
        if map.get_keyword(self.as_str()).is_none() {
            map.insert(Value::Keyword(self.clone()), Value::Null);
        }
        map.get_keyword_mut(self.as_str())
            .expect("the keyword key is there")
    }
}

impl Index for Value {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        seen(v).as_map()?.get(self)
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        match seen_mut(v) {
            Value::Map(map) => map.get_mut(self),
            _ => None,
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        let map = map_for_insert(v, self);
        if !map.contains_key(self) {
            map.insert(self.clone(), Value::Null);
        }
        map.get_mut(self).expect("the key is there")
    }
}

impl Index for Uuid {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        Value::Uuid(*self).index_into(v)
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        Value::Uuid(*self).index_into_mut(v)
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        Value::Uuid(*self).index_or_insert(v)
    }
}

impl<T: ?Sized + Index> Index for &T {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        (**self).index_into(v)
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        (**self).index_into_mut(v)
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> &'v mut Value {
        (**self).index_or_insert(v)
    }
}

/// What a missing index reads as.
static NULL: Value = Value::Null;

impl<I: Index> ops::Index<I> for Value {
    type Output = Value;

    /// The value at `index`, or `Null` when there is none (see [`Index`] for
    /// what an index finds).
    ///
    /// ```
    /// let v = transit_format::transit!({:props => {:tags => #{"a"}, :pages => ["p1"]}});
    /// assert_eq!(v["props"]["pages"][0], "p1");
    /// assert!(v["props"]["pages"][5].is_null());
    /// assert!(v["nothing"]["deeper"].is_null());
    /// ```
    fn index(&self, index: I) -> &Value {
        index.index_into(self).unwrap_or(&NULL)
    }
}

impl<I: Index> ops::IndexMut<I> for Value {
    /// The value at `index`, to change it. A missing map key is inserted (with
    /// `Null`; a text inserts the keyword unless the map has that text as a
    /// string key) and a `Null` becomes an empty map first, as serde_json does.
    ///
    /// # Panics
    ///
    /// On a position past the end of an array or list, and on indexing anything
    /// else than a map or `Null` by a key (or than an array or list by a
    /// position).
    ///
    /// ```
    /// use transit_format::{transit, Value};
    /// let mut v = Value::Null;
    /// v["props"]["name"] = "Q4".into();
    /// v["tags"] = transit!(#{"a"});
    /// assert_eq!(v, transit!({:props => {:name => "Q4"}, :tags => #{"a"}}));
    /// ```
    fn index_mut(&mut self, index: I) -> &mut Value {
        index.index_or_insert(self)
    }
}

impl Value {
    /// The value at `index`: `None` when there is none (see [`Index`] for what an
    /// index finds).
    ///
    /// ```
    /// use transit_format::transit;
    /// let v = transit!({:name => "x", :pages => ["p1"]});
    /// assert_eq!(v.get("name").and_then(|n| n.as_str()), Some("x"));
    /// assert_eq!(v.get("pages").and_then(|p| p.get(0)), Some(&"p1".into()));
    /// assert_eq!(v.get("missing"), None);
    /// ```
    pub fn get<I: Index>(&self, index: I) -> Option<&Value> {
        index.index_into(self)
    }

    /// The value at `index`, to change it; `None` when there is none (nothing is
    /// inserted).
    ///
    /// ```
    /// let mut v = transit_format::transit!({:name => "x"});
    /// *v.get_mut("name").unwrap() = "y".into();
    /// assert_eq!(v["name"], "y");
    /// assert!(v.get_mut("missing").is_none());
    /// ```
    pub fn get_mut<I: Index>(&mut self, index: I) -> Option<&mut Value> {
        index.index_into_mut(self)
    }

    /// Looks a value up by a path in the syntax of JSON Pointer (RFC 6901), as
    /// `serde_json::Value::pointer` does: `""` is the value itself, and each
    /// `/token` steps into a map or an array; in a token `~1` stands for `/` and
    /// `~0` for `~`.
    ///
    /// In a map, a token finds, in this order, the keyword with its text, the
    /// string with its text, the uuid it spells (hyphenated) and the integer it
    /// spells (in its plain decimal form); in an array or a list, a token of
    /// decimal digits without a leading zero is a position. Tags this crate has no
    /// type for are seen through, as by indexing. Anything else, and a path that
    /// does not start with `/`, gives `None`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(
    ///     r#"["^ ","~:props",["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:pages",["p1"],"a/b",1]]"#,
    /// ).unwrap();
    /// assert_eq!(v.pointer("/props/file-id").and_then(|id| id.as_uuid()).map(|id| id.to_string()),
    ///            Some("0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001".to_owned()));
    /// assert_eq!(v.pointer("/props/pages/0"), Some(&"p1".into()));
    /// assert_eq!(v.pointer("/props/a~1b"), Some(&1.into()));
    /// assert_eq!(v.pointer("/props/missing"), None);
    /// ```
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        pointer
            .strip_prefix('/')?
            .split('/')
            .try_fold(self, |v, token| step(v, &unescape(token)))
    }

    /// [`Value::pointer`], to change the value found.
    ///
    /// ```
    /// let mut v = transit_format::transit!({:props => {:pages => ["p1"]}});
    /// *v.pointer_mut("/props/pages/0").unwrap() = "p2".into();
    /// assert_eq!(v["props"]["pages"][0], "p2");
    /// ```
    pub fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        pointer
            .strip_prefix('/')?
            .split('/')
            .try_fold(self, |v, token| step_mut(v, &unescape(token)))
    }
}

/// A JSON Pointer token with its escapes undone: `~1` first, then `~0`, so that
/// `~01` is `~1` (RFC 6901, section 4).
fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// A position token: decimal digits, without a leading zero unless it is `0`.
fn position(token: &str) -> Option<usize> {
    let digits = token.bytes().all(|b| b.is_ascii_digit());
    if !digits || token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Which key of a map a pointer token names.
enum Found {
    Keyword,
    String,
    Key(Value),
}

fn find_key(map: &Map, token: &str) -> Option<Found> {
    if map.get_keyword(token).is_some() {
        return Some(Found::Keyword);
    }
    if map.get_str(token).is_some() {
        return Some(Found::String);
    }
    let uuid = crate::value::scalar::parse_uuid(token).map(Value::Uuid);
    // Only the plain decimal form: `+1` and `01` do not name the key 1.
    let integer = token
        .parse::<i64>()
        .ok()
        .filter(|i| i.to_string() == token)
        .map(Value::Integer);
    [uuid, integer]
        .into_iter()
        .flatten()
        .find(|key| map.contains_key(key))
        .map(Found::Key)
}

fn step<'v>(v: &'v Value, token: &str) -> Option<&'v Value> {
    match seen(v) {
        Value::Map(map) => match find_key(map, token)? {
            Found::Keyword => map.get_keyword(token),
            Found::String => map.get_str(token),
            Found::Key(key) => map.get(&key),
        },
        Value::Array(items) | Value::List(items) => items.get(position(token)?),
        _ => None,
    }
}

fn step_mut<'v>(v: &'v mut Value, token: &str) -> Option<&'v mut Value> {
    match seen_mut(v) {
        Value::Map(map) => match find_key(map, token)? {
            Found::Keyword => map.get_keyword_mut(token),
            Found::String => map.get_str_mut(token),
            Found::Key(key) => map.get_mut(&key),
        },
        Value::Array(items) | Value::List(items) => items.get_mut(position(token)?),
        _ => None,
    }
}
