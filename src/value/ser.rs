//! `Serialize` for `Value`: every Transit type goes out through the private names
//! of `types::token`, which this crate's serializer recognises, so `to_string(&v)`
//! writes exactly what was read.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{Map, Value};
use crate::types::token;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Integer(i) => serializer.serialize_i64(*i),
            Value::BigInt(n) => n.serialize(serializer),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::BigDecimal(d) => d.serialize(serializer),
            // Offered to the write cache: a long map key repeated by the read
            // cache is one shared text, found by address after its first use.
            Value::String(s) => crate::cache::with_shared(s, || serializer.serialize_str(s)),
            Value::Keyword(k) => k.serialize(serializer),
            Value::Symbol(s) => s.serialize(serializer),
            Value::Bytes(b) => serializer.serialize_bytes(b),
            Value::Uuid(u) => {
                let mut buf = uuid::Uuid::encode_buffer();
                let text: &str = u.hyphenated().encode_lower(&mut buf);
                serializer.serialize_newtype_struct(token::UUID, text)
            }
            Value::Instant(t) => {
                serializer.serialize_newtype_struct(token::INSTANT, &t.timestamp_millis())
            }
            Value::Uri(u) => u.serialize(serializer),
            Value::Char(c) => serializer.serialize_char(*c),
            Value::Array(items) => items.serialize(serializer),
            Value::List(items) => serializer.serialize_newtype_struct(token::LIST, items),
            Value::Set(set) => set.serialize(serializer),
            Value::Map(map) if map.has_stringable_keys() => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, v)?;
                }
                out.end()
            }
            Value::Map(map) => serializer.serialize_newtype_struct(token::CMAP, &CmapRep(map)),
            Value::Link(link) => link.serialize(serializer),
            Value::Tagged(tagged) => tagged.serialize(serializer),
            Value::Ext(ext) => {
                crate::types::Tagged::new(ext.tag(), ext.rep()).serialize(serializer)
            }
        }
    }
}

/// The rep of a cmap: keys and values flat in one array, keys written as values
/// (a null key is `null`, not `"~_"`, as transit-java writes it).
struct CmapRep<'a>(&'a Map);

impl Serialize for CmapRep<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len() * 2))?;
        for (k, v) in self.0 {
            seq.serialize_element(k)?;
            seq.serialize_element(v)?;
        }
        seq.end()
    }
}
