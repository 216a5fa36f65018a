//! `penpot/objects-map/v2`, `penpot/pointer`, `ordered-map` and `ordered-set`.

use std::fmt;
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;
use uuid::Uuid;

use super::{penpot_value, PenpotValue, Shape};
use crate::value::{Map, Value};

/// One entry of an objects map: the compact Transit text as read (and, once asked
/// for, what it decodes to), or a value put in since.
#[derive(Clone)]
enum Entry {
    Raw {
        text: Arc<str>,
        /// The text decoded without read handlers, the first time it is asked for
        /// (or the message of why it does not decode).
        decoded: OnceLock<Result<Value, String>>,
    },
    Value(Value),
}

impl Entry {
    fn raw(text: Arc<str>) -> Self {
        Entry::Raw {
            text,
            decoded: OnceLock::new(),
        }
    }
}

/// Entries are equal when they would write the same: the decode cache is not
/// part of the value.
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Entry::Raw { text: a, .. }, Entry::Raw { text: b, .. }) => a == b,
            (Entry::Value(a), Entry::Value(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Raw { text, .. } => f.debug_tuple("Raw").field(text).finish(),
            Entry::Value(value) => f.debug_tuple("Value").field(value).finish(),
        }
    }
}

/// `penpot/objects-map/v2`: shape ids to shapes, each stored as its own compact
/// Transit document (the inner text has its own cache, and starts afresh). Entries
/// are decoded only when asked for, one at a time, and an entry never replaced
/// writes back byte for byte, whether or not it was decoded.
///
/// ```
/// use transit_format::penpot::ObjectsMap;
/// let inner = r#"[\"~#shape\",[\"^ \",\"~:id\",\"~u00000000-0000-0000-0000-000000000000\",\"~:name\",\"Root Frame\"]]"#;
/// let text = format!(r#"{{"~#penpot/objects-map/v2":{{"~u00000000-0000-0000-0000-000000000000":"{inner}"}}}}"#);
/// let objects: ObjectsMap = transit_format::from_str(&text).unwrap();
/// let shape = objects.shape(&uuid::Uuid::nil()).unwrap().unwrap();
/// assert_eq!(shape.name.as_deref(), Some("Root Frame"));
/// assert_eq!(transit_format::to_string_verbose(&objects).unwrap(), text);
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectsMap {
    entries: IndexMap<Uuid, Entry>,
}

impl ObjectsMap {
    /// An empty map.
    pub fn new() -> Self {
        ObjectsMap::default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &Uuid> {
        self.entries.keys()
    }

    /// Whether `id` has an entry.
    pub fn contains(&self, id: &Uuid) -> bool {
        self.entries.contains_key(id)
    }

    /// The entry for `id`, decoded now (with Penpot's types), or `None` when absent.
    ///
    /// # Errors
    ///
    /// When the stored text is not valid Transit.
    pub fn get(&self, id: &Uuid) -> Option<crate::Result<Value>> {
        Some(match self.entries.get(id)? {
            Entry::Raw { text, .. } => super::from_str(text),
            Entry::Value(value) => Ok(value.clone()),
        })
    }

    /// The entry for `id` decoded without read handlers, kept for the next time it
    /// is asked for; the error is the message of why the text does not decode.
    pub(crate) fn decoded(&self, id: &Uuid) -> Option<Result<&Value, &str>> {
        Some(match self.entries.get(id)? {
            Entry::Raw { text, decoded } => decoded
                .get_or_init(|| crate::from_str::<Value>(text).map_err(|e| e.to_string()))
                .as_ref()
                .map_err(String::as_str),
            Entry::Value(value) => Ok(value),
        })
    }

    /// The entry for `id` as a [`Shape`].
    ///
    /// # Errors
    ///
    /// When the text is not valid Transit or not a shape.
    pub fn shape(&self, id: &Uuid) -> Option<crate::Result<Shape>> {
        Some(self.get(id)?.and_then(|value| {
            Shape::from_value(value).map_err(|msg| crate::Error::custom_message(&msg))
        }))
    }

    /// The stored compact Transit text of an entry not replaced since reading.
    pub fn raw(&self, id: &Uuid) -> Option<&str> {
        match self.entries.get(id)? {
            Entry::Raw { text, .. } => Some(text),
            Entry::Value(_) => None,
        }
    }

    /// Puts a value in (it is written as compact Transit). A typed value made by a
    /// read handler is kept as the tagged value it stands for.
    pub fn insert(&mut self, id: Uuid, value: Value) {
        let value = match value {
            Value::Ext(ext) => Value::tagged(ext.tag(), ext.rep()),
            value => value,
        };
        self.entries.insert(id, Entry::Value(value));
    }

    /// Removes an entry, keeping the order of the others.
    pub fn remove(&mut self, id: &Uuid) -> bool {
        self.entries.shift_remove(id).is_some()
    }
}

impl PenpotValue for ObjectsMap {
    const TAG: &'static str = "penpot/objects-map/v2";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let Value::Map(map) = rep else {
            return Err(format!(
                "{}: expected a map, found {}",
                Self::TAG,
                rep.type_name()
            ));
        };
        let mut entries = IndexMap::with_capacity(map.len());
        for (key, value) in map {
            match (key, value) {
                (Value::Uuid(id), Value::String(text)) => {
                    entries.insert(id, Entry::raw(text));
                }
                (key, value) => {
                    return Err(format!(
                        "{}: expected uuid keys and string values, found {} and {}",
                        Self::TAG,
                        key.type_name(),
                        value.type_name()
                    ))
                }
            }
        }
        Ok(ObjectsMap { entries })
    }

    fn to_rep(&self) -> Value {
        let mut map = Map::with_capacity(self.entries.len());
        for (id, entry) in &self.entries {
            let text = match entry {
                Entry::Raw { text, .. } => text.clone(),
                Entry::Value(value) => crate::to_string(value).unwrap_or_default().into(),
            };
            map.insert(Value::Uuid(*id), Value::String(text));
        }
        Value::Map(map)
    }
}

impl crate::value::Extension for ObjectsMap {
    fn tag(&self) -> &str {
        Self::TAG
    }
    fn rep(&self) -> Value {
        self.to_rep()
    }
}

/// Written from the stored texts, without copying them into a rep first; the same
/// bytes as writing [`PenpotValue::to_rep`] under the tag.
impl serde::Serialize for ObjectsMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::Tagged::new(Self::TAG, Texts(self)).serialize(serializer)
    }
}

/// An objects map's rep: uuid keys, compact Transit texts.
struct Texts<'a>(&'a ObjectsMap);

impl serde::Serialize for Texts<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeMap};
        let mut map = serializer.serialize_map(Some(self.0.entries.len()))?;
        for (id, entry) in &self.0.entries {
            let key = Value::Uuid(*id);
            match entry {
                Entry::Raw { text, .. } => map.serialize_entry(&key, &**text)?,
                Entry::Value(value) => {
                    let text = crate::to_string(value).map_err(S::Error::custom)?;
                    map.serialize_entry(&key, &text)?;
                }
            }
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for ObjectsMap {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
        <ObjectsMap as PenpotValue>::from_value(value).map_err(serde::de::Error::custom)
    }
}

/// `penpot/pointer`: a placeholder for a page or component loaded later, with its
/// id and metadata.
///
/// ```
/// use transit_format::penpot::Pointer;
/// let p: Pointer = transit_format::from_str(
///     r#"{"~#penpot/pointer":["~ude58c8f6-1a3c-8a44-8004-6c2d4e1f2a3b",{"~:created-at":"~m1713873823636"}]}"#,
/// ).unwrap();
/// assert!(p.meta.get_keyword("created-at").is_some());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Pointer {
    /// The id of what it points to.
    pub id: Uuid,
    /// Its metadata map.
    pub meta: Map,
}

impl PenpotValue for Pointer {
    const TAG: &'static str = "penpot/pointer";

    fn from_rep(rep: Value) -> Result<Self, String> {
        match rep {
            Value::Array(items) => match <[Value; 2]>::try_from(items.into_vec()) {
                Ok([Value::Uuid(id), Value::Map(meta)]) => Ok(Pointer { id, meta }),
                _ => Err(format!("{}: expected [uuid, map]", Self::TAG)),
            },
            other => Err(format!(
                "{}: expected [uuid, map], found {}",
                Self::TAG,
                other.type_name()
            )),
        }
    }

    fn to_rep(&self) -> Value {
        Value::Array(vec![Value::Uuid(self.id), Value::Map(self.meta.clone())].into())
    }
}

penpot_value!(Pointer);

/// `ordered-map`: a map whose order matters, written as `[[k, v], …]`.
///
/// ```
/// use transit_format::penpot::OrderedMap;
/// let m: OrderedMap = transit_format::from_str(r#"["~#ordered-map",[["b",1],["a",2]]]"#).unwrap();
/// assert_eq!(m.0.keys().map(|k| k.to_string()).collect::<Vec<_>>(), vec!["\"b\"", "\"a\""]);
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct OrderedMap(pub Map);

impl PenpotValue for OrderedMap {
    const TAG: &'static str = "ordered-map";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let Value::Array(pairs) = rep else {
            return Err(format!(
                "{}: expected an array of pairs, found {}",
                Self::TAG,
                rep.type_name()
            ));
        };
        let mut map = Map::with_capacity(pairs.len());
        for pair in pairs {
            match pair {
                Value::Array(kv) if kv.len() == 2 => {
                    let mut kv = kv.into_vec().into_iter();
                    let (k, v) = (kv.next().expect("two"), kv.next().expect("two"));
                    map.insert(k, v);
                }
                other => {
                    return Err(format!(
                        "{}: expected a [key, value] pair, found {}",
                        Self::TAG,
                        other.type_name()
                    ))
                }
            }
        }
        Ok(OrderedMap(map))
    }

    fn to_rep(&self) -> Value {
        Value::Array(
            self.0
                .iter()
                .map(|(k, v)| Value::Array(vec![k.clone(), v.clone()].into()))
                .collect(),
        )
    }
}

penpot_value!(OrderedMap);

/// `ordered-set`: a set whose order matters, written as an array.
///
/// ```
/// use transit_format::penpot::OrderedSet;
/// let s: OrderedSet = transit_format::from_str(r#"{"~#ordered-set":["legacy-2","legacy-3"]}"#).unwrap();
/// assert_eq!(s.0.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct OrderedSet(pub Vec<Value>);

impl PenpotValue for OrderedSet {
    const TAG: &'static str = "ordered-set";

    fn from_rep(rep: Value) -> Result<Self, String> {
        match rep {
            Value::Array(items) => Ok(OrderedSet(items.into_vec())),
            other => Err(format!(
                "{}: expected an array, found {}",
                Self::TAG,
                other.type_name()
            )),
        }
    }

    fn to_rep(&self) -> Value {
        Value::Array(self.0.clone().into())
    }
}

penpot_value!(OrderedSet);
