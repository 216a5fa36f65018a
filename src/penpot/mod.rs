//! Penpot's Transit types: geometry records, shapes, binary path data, the lazily
//! decoded objects map, pointers, ordered collections and design tokens; and the
//! documents around them: a file ([`File`], a `get-file` response) with its pages
//! and library, its fragments ([`Fragment`], `get-file-fragment`), and a page's
//! shapes as a tree ([`Page::walk`]).
//!
//! # Reading a file
//!
//! ```
//! use transit_format::penpot::{File, Loadable, ShapeKind};
//!
//! # let text = r#"{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:name":"Docs","~:data":{
//! #   "~:pages":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771"],
//! #   "~:pages-index":{"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771":{
//! #     "~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771","~:name":"Page 1","~:objects":{
//! #       "~u00000000-0000-0000-0000-000000000000":{"~#shape":{"~:type":"~:frame","~:name":"Root Frame",
//! #         "~:parent-id":"~u00000000-0000-0000-0000-000000000000","~:shapes":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba772"]}},
//! #       "~u3b9773cc-d4f1-81e1-8007-b3f8dcaba772":{"~#shape":{"~:type":"~:text","~:name":"Title",
//! #         "~:parent-id":"~u00000000-0000-0000-0000-000000000000","~:content":{"~:type":"root","~:children":[
//! #           {"~:type":"paragraph-set","~:children":[{"~:type":"paragraph","~:children":[{"~:text":"Hello"}]}]}]}}}}}}}}"#;
//! // `text` is a `get-file` response, compact or verbose.
//! let file = File::from_slice(text.as_bytes())?;
//! for (_, page) in file.pages() {
//!     let Some(Loadable::Loaded(page)) = page else { continue }; // a pointer: see `File::attach`
//!     for visit in page.walk() {
//!         let visit = visit?; // an `Err` reports inconsistent input; the walk goes on
//!         if visit.shape.kind() == Some(ShapeKind::Text) {
//!             println!("{}: {}", page.name.as_deref().unwrap_or(""), visit.shape.plain_text().unwrap());
//!             assert_eq!(visit.shape.plain_text().as_deref(), Some("Hello"));
//!         }
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Tagged values
//!
//! Each type reads from its tagged form (`["~#point", …]`, `{"~#point": …}`) and
//! from a plain rep, writes back as its tag and rep, and can stand inside a
//! [`Value`] as a [`Value::Ext`] when decoding with [`read_handlers`]:
//!
//! ```
//! use transit_format::penpot::{self, Point};
//! use transit_format::Value;
//!
//! let text = r#"["^ ","~:position",["~#point",["^ ","~:x",120.0,"~:y",80.5]]]"#;
//! let value = penpot::from_str(text).unwrap();
//! let Some(Value::Ext(ext)) = value.get_keyword("position") else { panic!() };
//! let point = ext.downcast_ref::<Point>().unwrap();
//! assert_eq!((point.x.as_f64(), point.y.as_f64()), (120.0, 80.5));
//! // Typed values write back exactly what was read.
//! assert_eq!(transit_format::to_string(&value).unwrap(), text);
//! // And equal the document read without handlers.
//! assert_eq!(value, transit_format::from_str::<Value>(text).unwrap());
//! ```

mod assets;
mod file;
mod geom;
mod objects;
mod outline;
mod page;
mod path;
mod record;
mod shape;
mod text;
mod tokens;

pub use self::assets::{Color, Component, Media, Typography};
pub use self::file::{File, FileData, Fragment, IdMap, Loadable, Slot};
pub use self::geom::{Matrix, Number, Point, Rect};
pub use self::objects::{ObjectsMap, OrderedMap, OrderedSet, Pointer};
pub use self::outline::{write_outline, OutlineFormat};
pub use self::page::{
    Ancestors, Children, Objects, Page, Problem, ShapeKind, ShapeRef, Visit, Walk,
};
pub use self::path::{PathCommand, PathData, Segment};
pub use self::shape::Shape;
pub use self::text::TextNode;
pub use self::tokens::{Token, TokenSet, TokenTheme, TokensLib};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::types::Keyword;
use crate::value::{Ext, Extension, Map, ReadHandlers, Value};
use crate::Deserializer;

/// A Penpot type behind a tag: how its rep is read and written.
pub trait PenpotValue: Sized + Clone + Extension {
    /// The tag, without `~#`.
    const TAG: &'static str;

    /// Reads the rep (already decoded).
    ///
    /// # Errors
    ///
    /// A message saying what does not fit.
    fn from_rep(rep: Value) -> Result<Self, String>;

    /// Writes the rep.
    fn to_rep(&self) -> Value;

    /// Reads a value that is this type tagged, extended, or its bare rep.
    ///
    /// # Errors
    ///
    /// A message saying what does not fit.
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Ext(ext) if ext.tag() == Self::TAG => match ext.downcast_ref::<Self>() {
                Some(typed) => Ok(typed.clone()),
                None => Self::from_rep(ext.rep()),
            },
            Value::Tagged(tagged) if tagged.tag() == Self::TAG => {
                Self::from_rep(tagged.into_parts().1)
            }
            Value::Tagged(tagged) => Err(format!(
                "expected tag {:?}, found {:?}",
                Self::TAG,
                tagged.tag()
            )),
            Value::Ext(ext) => Err(format!(
                "expected tag {:?}, found {:?}",
                Self::TAG,
                ext.tag()
            )),
            rep => Self::from_rep(rep),
        }
    }
}

/// Implements `Extension`, `Serialize` and `Deserialize` for a [`PenpotValue`].
macro_rules! penpot_value {
    ($ty:ty) => {
        impl $crate::value::Extension for $ty {
            fn tag(&self) -> &str {
                <$ty as $crate::penpot::PenpotValue>::TAG
            }
            fn rep(&self) -> $crate::Value {
                $crate::penpot::PenpotValue::to_rep(self)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let tag = <$ty as $crate::penpot::PenpotValue>::TAG;
                $crate::Tagged::new(tag, $crate::penpot::PenpotValue::to_rep(self))
                    .serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <$crate::Value as serde::Deserialize>::deserialize(deserializer)?;
                <$ty as $crate::penpot::PenpotValue>::from_value(value)
                    .map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use penpot_value;

fn handler<T: PenpotValue>(handlers: &mut ReadHandlers) {
    handlers.insert(T::TAG, |rep| {
        T::from_rep(rep).map(|typed| Value::Ext(Ext::new(typed)))
    });
}

/// Read handlers for every Penpot tag this module types: decoding into [`Value`]
/// with them gives `Value::Ext` values of this module's types.
///
/// ```
/// let mut de = transit_format::Deserializer::from_str(r#"{"~#rect":{"~:x":0,"~:y":0,"~:width":1,"~:height":1,"~:x1":0,"~:y1":0,"~:x2":1,"~:y2":1}}"#);
/// de.set_read_handlers(transit_format::penpot::read_handlers());
/// let value = de.parse_value().unwrap();
/// assert!(matches!(value, transit_format::Value::Ext(_)));
/// ```
pub fn read_handlers() -> ReadHandlers {
    let mut handlers = ReadHandlers::new();
    handler::<Point>(&mut handlers);
    handler::<Matrix>(&mut handlers);
    handler::<Rect>(&mut handlers);
    handler::<Shape>(&mut handlers);
    handler::<PathData>(&mut handlers);
    handler::<ObjectsMap>(&mut handlers);
    handler::<Pointer>(&mut handlers);
    handler::<OrderedMap>(&mut handlers);
    handler::<OrderedSet>(&mut handlers);
    handler::<TokensLib>(&mut handlers);
    handler::<TokenSet>(&mut handlers);
    handler::<TokenTheme>(&mut handlers);
    handler::<Token>(&mut handlers);
    handlers
}

/// Decodes one Transit value with Penpot's types ([`read_handlers`]).
///
/// # Errors
///
/// Those of [`crate::from_str`], and reps that do not fit their Penpot type.
///
/// # Example
///
/// ```
/// let v = transit_format::penpot::from_str(r#"["~#ordered-set",["a","b"]]"#).unwrap();
/// assert_eq!(v.to_string(), r#"#ordered-set ["a" "b"]"#);
/// ```
pub fn from_str(text: &str) -> crate::Result<Value> {
    let mut de = Deserializer::from_str(text);
    de.set_read_handlers(read_handlers());
    let value = de.parse_value()?;
    de.end()?;
    Ok(value)
}

//////////////////////////////////////////////////////////////////////////////
// Reading and writing keyword-keyed reps

/// The fields of a map rep, taken out one by one; what is left stays in order.
pub(crate) struct Fields {
    tag: &'static str,
    map: Map,
    order: Vec<Keyword>,
}

impl Fields {
    pub(crate) fn new(tag: &'static str, rep: Value) -> Result<Self, String> {
        match rep {
            Value::Map(map) => {
                let order = map.keys().filter_map(|k| k.as_keyword().cloned()).collect();
                Ok(Fields { tag, map, order })
            }
            other => Err(format!(
                "{tag}: expected a map, found {}",
                other.type_name()
            )),
        }
    }

    fn bad<T>(&self, name: &str, expected: &str, found: &Value) -> Result<T, String> {
        Err(format!(
            "{}: :{name} must be {expected}, found {}",
            self.tag,
            found.type_name()
        ))
    }

    pub(crate) fn take(&mut self, name: &str) -> Option<Value> {
        let key = Value::Keyword(Keyword::from(name));
        self.map.remove(&key)
    }

    /// Takes a field for an optional typed attribute; an explicit `null` stays in
    /// the rest, so that it is written back.
    pub(crate) fn take_present(&mut self, name: &str) -> Option<Value> {
        match self.take(name)? {
            Value::Null => {
                self.map
                    .insert(Value::Keyword(Keyword::from(name)), Value::Null);
                None
            }
            value => Some(value),
        }
    }

    pub(crate) fn required(&mut self, name: &str) -> Result<Value, String> {
        self.take(name)
            .ok_or_else(|| format!("{}: :{name} is missing", self.tag))
    }

    pub(crate) fn number(&mut self, name: &str) -> Result<Number, String> {
        let value = self.required(name)?;
        Number::from_value(&value).map_or_else(|| self.bad(name, "a number", &value), Ok)
    }

    pub(crate) fn opt_number(&mut self, name: &str) -> Result<Option<Number>, String> {
        match self.take_present(name) {
            None => Ok(None),
            Some(value) => Number::from_value(&value)
                .map_or_else(|| self.bad(name, "a number", &value), |n| Ok(Some(n))),
        }
    }

    pub(crate) fn opt_uuid(&mut self, name: &str) -> Result<Option<Uuid>, String> {
        match self.take_present(name) {
            None => Ok(None),
            Some(Value::Uuid(u)) => Ok(Some(u)),
            Some(other) => self.bad(name, "a uuid", &other),
        }
    }

    pub(crate) fn opt_string(&mut self, name: &str) -> Result<Option<String>, String> {
        match self.take_present(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.to_string())),
            Some(other) => self.bad(name, "a string", &other),
        }
    }

    pub(crate) fn opt_keyword(&mut self, name: &str) -> Result<Option<Keyword>, String> {
        match self.take_present(name) {
            None => Ok(None),
            Some(Value::Keyword(k)) => Ok(Some(k)),
            Some(other) => self.bad(name, "a keyword", &other),
        }
    }

    pub(crate) fn opt_instant(&mut self, name: &str) -> Result<Option<DateTime<Utc>>, String> {
        match self.take_present(name) {
            None => Ok(None),
            Some(Value::Instant(t)) => Ok(Some(t)),
            Some(other) => self.bad(name, "an instant", &other),
        }
    }

    pub(crate) fn opt_typed<T: PenpotValue>(&mut self, name: &str) -> Result<Option<T>, String> {
        match self.take_present(name) {
            None => Ok(None),
            Some(value) => T::from_value(value)
                .map(Some)
                .map_err(|e| format!("{}: :{name}: {e}", self.tag)),
        }
    }

    /// The keyword keys in the order they were read.
    pub(crate) fn order(&self) -> Vec<Keyword> {
        self.order.clone()
    }

    pub(crate) fn rest(self) -> Map {
        self.map
    }

    /// For records with a fixed set of keys: anything left is an error, since it
    /// would be lost on the way back.
    pub(crate) fn finish(self) -> Result<(), String> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(key) => Err(format!("{}: unexpected key {key}", self.tag)),
        }
    }
}

/// Builds a keyword-keyed map rep in order.
#[derive(Default)]
pub(crate) struct RepBuilder {
    map: Map,
}

impl RepBuilder {
    pub(crate) fn put(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.map
            .insert(Value::Keyword(Keyword::from(name)), value.into());
        self
    }

    pub(crate) fn opt<T: Into<Value>>(self, name: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.put(name, v),
            None => self,
        }
    }

    pub(crate) fn rest(mut self, rest: &Map) -> Self {
        for (k, v) in rest {
            self.map.insert(k.clone(), v.clone());
        }
        self
    }

    pub(crate) fn build(self) -> Value {
        Value::Map(self.map)
    }

    /// The map with the keys of `order` first, in that order (the order a value
    /// was read in, so that it writes back the same), then the others.
    pub(crate) fn build_in(mut self, order: &[Keyword]) -> Value {
        if order.is_empty() {
            return self.build();
        }
        let mut ordered = Map::with_capacity(self.map.len());
        for key in order {
            let key = Value::Keyword(key.clone());
            if let Some(value) = self.map.remove(&key) {
                ordered.insert(key, value);
            }
        }
        ordered.extend(self.map);
        Value::Map(ordered)
    }
}
