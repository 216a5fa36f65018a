//! Writing the file model back: each record as the map it was read from, its keys
//! in the order they were read, with the parts kept as read written from where they
//! are (a page's objects are not copied to be written).

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{ObjectsMap, PenpotValue};
use crate::types::Keyword;
use crate::value::{Map, Value};

/// A value to write, borrowed where it can be.
pub(crate) enum Out<'a> {
    /// A value kept as read.
    Ref(&'a Value),
    /// A value made for writing.
    Owned(Value),
    /// A map kept as read.
    MapRef(&'a Map),
    /// A map made of parts, in order.
    Map(Vec<(Value, Out<'a>)>),
    /// An objects map, written from its stored texts.
    Objects(&'a ObjectsMap),
}

/// Keys that are certainly written as strings (so a map of them is a plain map,
/// not a cmap). Tagged keys may be too, but a map holding one is written through a
/// `Value`, which decides.
fn plain_key(key: &Value) -> bool {
    !matches!(
        key,
        Value::Array(_)
            | Value::List(_)
            | Value::Set(_)
            | Value::Map(_)
            | Value::Link(_)
            | Value::Tagged(_)
            | Value::Ext(_)
    )
}

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Out::Ref(value) => value.serialize(serializer),
            Out::Owned(value) => value.serialize(serializer),
            Out::MapRef(map) if map.keys().all(plain_key) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in *map {
                    out.serialize_entry(key, value)?;
                }
                out.end()
            }
            Out::MapRef(map) => Value::Map((*map).clone()).serialize(serializer),
            Out::Map(entries) if entries.iter().all(|(key, _)| plain_key(key)) => {
                let mut out = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    out.serialize_entry(key, value)?;
                }
                out.end()
            }
            Out::Map(entries) => {
                let mut map = Map::with_capacity(entries.len());
                for (key, value) in entries {
                    map.insert(key.clone(), value.to_value());
                }
                Value::Map(map).serialize(serializer)
            }
            Out::Objects(objects) => objects.serialize(serializer),
        }
    }
}

impl Out<'_> {
    /// The value this writes.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Out::Ref(value) => (*value).clone(),
            Out::Owned(value) => value.clone(),
            Out::MapRef(map) => Value::Map((*map).clone()),
            Out::Map(entries) => {
                let mut map = Map::with_capacity(entries.len());
                for (key, value) in entries {
                    map.insert(key.clone(), value.to_value());
                }
                Value::Map(map)
            }
            Out::Objects(objects) => Value::tagged(ObjectsMap::TAG, objects.to_rep()),
        }
    }
}

/// A record's map: the keys of `order` first, in that order (the order it was
/// read in), each from its typed field when that is present and otherwise from
/// `attrs`; then typed fields that were not read (in the order given), then the
/// other attributes in their order.
pub(crate) fn record<'a>(
    mut typed: Vec<(&'static str, Option<Out<'a>>)>,
    attrs: &'a Map,
    order: &[Keyword],
) -> Out<'a> {
    let mut entries = Vec::with_capacity(typed.len() + attrs.len());
    let attr_list: Vec<(&Value, &Value)> = attrs.iter().collect();
    let mut attr_written = vec![false; attrs.len()];
    // Read attributes come in the order they were read, so the next one to write
    // is almost always the one after the last: looked at first, the whole record
    // is written in one pass.
    let mut next_attr = 0;
    let mut write_attr = |name: &str, entries: &mut Vec<(Value, Out<'a>)>| {
        let is_it = |i: usize| {
            let (key, _) = attr_list[i];
            !attr_written[i] && matches!(key, Value::Keyword(k) if k.as_str() == name)
        };
        let found = if next_attr < attr_list.len() && is_it(next_attr) {
            Some(next_attr)
        } else {
            (0..attr_list.len()).find(|&i| is_it(i))
        };
        if let Some(i) = found {
            attr_written[i] = true;
            next_attr = i + 1;
            let (key, value) = attr_list[i];
            entries.push((key.clone(), Out::Ref(value)));
        }
    };
    for key in order {
        match typed.iter_mut().find(|(name, _)| *name == key.as_str()) {
            Some((_, out @ Some(_))) => {
                let out = out.take().expect("matched Some");
                entries.push((Value::Keyword(key.clone()), out));
            }
            _ => write_attr(key.as_str(), &mut entries),
        }
    }
    let mut typed_names = Vec::with_capacity(typed.len());
    for (name, out) in typed {
        typed_names.push(name);
        if let Some(out) = out {
            entries.push((Value::keyword(name), out));
        }
    }
    for (i, (key, value)) in attrs.iter().enumerate() {
        if attr_written[i] {
            continue;
        }
        // A typed field that is present wins over an attribute of the same name
        // (one put in `attrs` by hand).
        let shadowed = matches!(key, Value::Keyword(k) if typed_names.contains(&k.as_str()))
            && entries.iter().any(|(written, _)| written == key);
        if !shadowed {
            entries.push((key.clone(), Out::Ref(value)));
        }
    }
    Out::Map(entries)
}

/// Implements `Serialize` (through [`Out`]) and `Deserialize` (through `Value` and
/// the type's `read`) for a record of the file model.
macro_rules! record_serde {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.out(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <$crate::Value as serde::Deserialize>::deserialize(deserializer)?;
                <$ty>::read(value).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use record_serde;
