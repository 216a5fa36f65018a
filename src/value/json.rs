//! Conversions between [`Value`] and `serde_json::Value`.
//!
//! Towards serde_json the conversion is the plain JSON view that Penpot's
//! `application/json` webhook bodies use (keywords and uuids as text, sets as
//! arrays, instants as ISO-8601, tags dropped), with map keys kept as they are
//! written; back from serde_json, JSON's own types only.

use base64::Engine;
use chrono::SecondsFormat;
use serde_json::Value as Json;

use super::{Map, Set, Value};
use crate::types::BigInt;

/// The plain JSON text of a uuid, an instant, bytes: the same as Penpot's webhook
/// bodies write them.
fn instant_text(t: &chrono::DateTime<chrono::Utc>) -> String {
    // Java's ISO_INSTANT: no fraction for whole seconds, else milliseconds.
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Integer(i) => Json::from(*i),
        Value::BigInt(n) => big_int(n),
        // NaN and the infinities have no JSON form: null, as serde_json's own
        // `Value::from(f64::NAN)` gives.
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        // serde_json's numbers hold 64-bit floats: the text keeps every digit.
        Value::BigDecimal(d) => Json::String(d.as_str().to_owned()),
        Value::String(s) => Json::String(s.to_string()),
        Value::Keyword(k) => Json::String(k.as_str().to_owned()),
        Value::Symbol(s) => Json::String(s.as_str().to_owned()),
        Value::Bytes(b) => Json::String(base64::engine::general_purpose::STANDARD.encode(b)),
        Value::Uuid(u) => Json::String(u.hyphenated().to_string()),
        Value::Instant(t) => Json::String(instant_text(t)),
        Value::Uri(u) => Json::String(u.as_str().to_owned()),
        Value::Char(c) => Json::String(c.to_string()),
        Value::Array(items) | Value::List(items) => {
            Json::Array(items.iter().map(to_json).collect())
        }
        Value::Set(set) => Json::Array(set.iter().map(to_json).collect()),
        Value::Map(map) => {
            let texts = object_keys(map);
            let mut object = serde_json::Map::new();
            for (text, v) in texts.into_iter().zip(map.values()) {
                object.insert(text, to_json(v));
            }
            Json::Object(object)
        }
        Value::Link(link) => {
            let mut object = serde_json::Map::new();
            object.insert("href".into(), Json::String(link.href.as_str().to_owned()));
            object.insert("rel".into(), Json::String(link.rel.clone()));
            for (key, field) in [
                ("name", &link.name),
                ("render", &link.render),
                ("prompt", &link.prompt),
            ] {
                if let Some(text) = field {
                    object.insert(key.into(), Json::String(text.clone()));
                }
            }
            Json::Object(object)
        }
        Value::Tagged(tagged) => to_json(tagged.rep()),
        Value::Ext(ext) => to_json(&ext.rep()),
    }
}

/// A number when it fits an `i64` or a `u64` (which serde_json's numbers hold
/// exactly), else its digits as text.
fn big_int(n: &BigInt) -> Json {
    if let Ok(i) = n.as_str().parse::<i64>() {
        return Json::from(i);
    }
    if let Ok(u) = n.as_str().parse::<u64>() {
        return Json::from(u);
    }
    Json::String(n.as_str().to_owned())
}

/// The object keys of a map: each key's text (see [`key_text`]), unless two
/// keys would share one; then every key of the map is written as its Transit
/// text ([`transit_key_text`]), which no two keys share, so that no entry is
/// lost.
fn object_keys(map: &Map) -> Vec<String> {
    let texts: Vec<String> = map.keys().map(key_text).collect();
    let mut seen = std::collections::HashSet::with_capacity(texts.len());
    if texts.iter().all(|text| seen.insert(text.as_str())) {
        return texts;
    }
    map.keys().map(transit_key_text).collect()
}

/// A key as compact Transit writes a map key: a string as it is (with a `~` in
/// front when it starts with `~`, `^` or a backquote), a keyword `~:name`, an
/// integer `~i1`, null `~_`…; a key that is a collection, which Transit cannot
/// write as text, is `~#` followed by its compact Transit JSON. Different keys
/// never have the same Transit text.
fn transit_key_text(key: &Value) -> String {
    let mut single = Map::new();
    single.insert(key.clone(), Value::Null);
    let written = crate::to_string(&Value::Map(single)).unwrap_or_default();
    if let Ok(Json::Array(items)) = serde_json::from_str::<Json>(&written) {
        if let [Json::String(marker), Json::String(text), Json::Null] = items.as_slice() {
            if marker == "^ " {
                return text.clone();
            }
        }
    }
    format!("~#{}", crate::to_string(key).unwrap_or_default())
}

/// A JSON object key: the text a key converts to when that is a string (a
/// keyword's or a uuid's text…), else the compact JSON text of what it converts
/// to (`1`, `null`, `[1,2]`).
fn key_text(key: &Value) -> String {
    match to_json(key) {
        Json::String(s) => s,
        other => other.to_string(),
    }
}

impl From<&Value> for Json {
    /// The plain JSON view of a value, as Penpot's `application/json` webhook
    /// bodies show the same data:
    ///
    /// | `Value` | `serde_json::Value` | lost |
    /// |---|---|---|
    /// | `Null`, `Bool`, `Integer`, `String` | the same | nothing |
    /// | `Float` | a number; NaN and ±infinity are `null` (as `serde_json::Value::from(f64::NAN)`) | NaN, infinities |
    /// | `BigInt` | a number when it fits an `i64` or `u64`, else its digits as a string | the type; beyond 64 bits, that it is a number |
    /// | `BigDecimal` | its exact text as a string (serde_json's numbers are 64-bit floats) | that it is a number |
    /// | `Keyword`, `Symbol` | their text, namespace included (`"penpot/shape"`) | the type |
    /// | `Uuid` | hyphenated lower-case text | the type |
    /// | `Instant` | ISO-8601 in UTC, milliseconds only when not zero (`"2025-11-26T00:00:00Z"`) | the type |
    /// | `Uri`, `Char` | their text | the type |
    /// | `Bytes` | standard base64 with padding | the type |
    /// | `Array`, `List`, `Set` | an array (a set in its order) | list- and set-ness |
    /// | `Map` | an object; keys as below | key types, and order unless serde_json's `preserve_order` feature is on |
    /// | `Link` | an object with `href`, `rel` and the optional fields present | the type |
    /// | `Tagged`, `Ext` | the rep | the tag |
    ///
    /// An object key is the text the key converts to when that is a string, else
    /// the compact JSON text of what it converts to: `:name` becomes `"name"`,
    /// `1` becomes `"1"`, `[1 2]` becomes `"[1,2]"`. Every entry is kept: when two
    /// keys of a map would become the same text (`:name` and `"name"`), every key
    /// of that map is written as compact Transit writes a map key instead, which
    /// tells them apart: `"~:name"` and `"name"`, `"~i1"`, `"~_"`, a string
    /// starting with `~` with another `~` in front, and a collection key as `~#`
    /// and its Transit JSON.
    ///
    /// Unlike `webhook::to_plain_json` (feature `penpot`), which writes Penpot's
    /// body byte for byte, keys keep their text (no camelCase)
    /// and keywords keep their namespace.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(
    ///     r#"["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:tags",["~#set",["a"]],"~:at","~m1764115200000","~:type","~:rect"]"#,
    /// ).unwrap();
    /// assert_eq!(serde_json::Value::from(&v), serde_json::json!({
    ///     "file-id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
    ///     "tags": ["a"],
    ///     "at": "2025-11-26T00:00:00Z",
    ///     "type": "rect",
    /// }));
    /// ```
    ///
    /// Keys that would collide are told apart, not merged:
    ///
    /// ```
    /// let v = transit_format::transit!({:zeta => 1, :alpha => 2, "alpha" => 3});
    /// assert_eq!(
    ///     serde_json::Value::from(&v),
    ///     serde_json::json!({"~:zeta": 1, "~:alpha": 2, "alpha": 3})
    /// );
    /// ```
    fn from(value: &Value) -> Json {
        to_json(value)
    }
}

impl From<Value> for Json {
    /// As `From<&Value>`.
    ///
    /// ```
    /// let json = serde_json::Value::from(transit_format::transit!({:a => [1, #{2}]}));
    /// assert_eq!(json, serde_json::json!({"a": [1, [2]]}));
    /// ```
    fn from(value: Value) -> Json {
        to_json(&value)
    }
}

fn from_json(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Integer(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else if let Some(big) = BigInt::parse(&n.to_string()) {
                // Only with serde_json's `arbitrary_precision`, which keeps digits
                // past 64 bits.
                Value::BigInt(big)
            } else {
                Value::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => Value::String(s.as_str().into()),
        Json::Array(items) => Value::Array(items.iter().map(from_json).collect()),
        Json::Object(object) => Value::Map(
            object
                .iter()
                .map(|(k, v)| (Value::String(k.as_str().into()), from_json(v)))
                .collect(),
        ),
    }
}

impl From<&serde_json::Value> for Value {
    /// JSON's own types: `null`, booleans, numbers (an `Integer` within `i64`, a
    /// `BigInt` above it up to `u64::MAX`, else a `Float`), strings, arrays (as
    /// `Array`) and objects (as `Map` with **string** keys, in the object's
    /// order).
    ///
    /// Strings stay strings: nothing in them is decoded, so `"~:a"` is the string
    /// `~:a`, not a keyword, and a uuid's or an instant's text stays text (typed
    /// reads such as [`from_value`](crate::from_value) into a `Uuid` field, or
    /// Penpot's typed webhook props, parse them). Keys stay strings too;
    /// [`Value::keywordize_keys`] turns them into keywords, as Penpot's data has
    /// them. A value that went to JSON and back is equal to the original when it
    /// holds only nulls, booleans, integers, finite floats, strings, arrays, and
    /// maps with string keys.
    ///
    /// ```
    /// use transit_format::{transit, Value};
    /// let json = serde_json::json!({"name": "x", "ids": [1, 2.5, null]});
    /// assert_eq!(Value::from(&json), transit!({"name" => "x", "ids" => [1, 2.5, null]}));
    /// ```
    fn from(json: &Json) -> Value {
        from_json(json)
    }
}

impl From<serde_json::Value> for Value {
    /// As `From<&serde_json::Value>`.
    ///
    /// ```
    /// let v = transit_format::Value::from(serde_json::json!({"a": 1}));
    /// assert_eq!(transit_format::to_string(&v).unwrap(), r#"["^ ","a",1]"#);
    /// ```
    fn from(json: Json) -> Value {
        from_json(&json)
    }
}

impl Value {
    /// The plain JSON view of this value: `serde_json::Value::from(&self)`, whose
    /// documentation lists what the view loses.
    ///
    /// ```
    /// let v = transit_format::transit!({:name => "x", :id => #uuid "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001"});
    /// assert_eq!(v.to_json().to_string(), r#"{"id":"0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","name":"x"}"#);
    /// ```
    pub fn to_json(&self) -> Json {
        to_json(self)
    }

    /// Turns every string key of every map, at any depth, into the keyword with
    /// the same text, as Clojure's `keywordize-keys` does (and as Penpot reads plain
    /// JSON, though it also turns camelCase into kebab-case). Keys of other types
    /// stay; when a map already has the keyword, the later entry's value wins, in
    /// the place of the first.
    ///
    /// ```
    /// use transit_format::{transit, Value};
    /// let v = Value::from(serde_json::json!({"props": {"name": "x"}, "tags": [{"a": 1}]}));
    /// assert_eq!(v.keywordize_keys(), transit!({:props => {:name => "x"}, :tags => [{:a => 1}]}));
    /// ```
    pub fn keywordize_keys(self) -> Value {
        match self {
            Value::Map(map) => Value::Map(
                map.into_iter()
                    .map(|(k, v)| {
                        let k = match k {
                            Value::String(s) => Value::keyword(&s),
                            other => other,
                        };
                        (k, v.keywordize_keys())
                    })
                    .collect::<Map>(),
            ),
            Value::Array(items) => Value::Array(keywordize_all(items)),
            Value::List(items) => Value::List(keywordize_all(items)),
            Value::Set(set) => {
                Value::Set(set.into_iter().map(Value::keywordize_keys).collect::<Set>())
            }
            Value::Tagged(mut tagged) => {
                let rep = tagged.rep_mut().take();
                *tagged.rep_mut() = rep.keywordize_keys();
                Value::Tagged(tagged)
            }
            other => other,
        }
    }
}

fn keywordize_all(items: Box<[Value]>) -> Box<[Value]> {
    items
        .into_vec()
        .into_iter()
        .map(Value::keywordize_keys)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transit;

    #[test]
    fn colliding_keys_are_all_kept_in_their_transit_text() {
        let cases = [
            (
                transit!({:a => 1, "a" => 2, "~:a" => 3}),
                serde_json::json!({"~:a": 1, "a": 2, "~~:a": 3}),
            ),
            (
                transit!({1 => "int", "1" => "string", null => "nil", "null" => "s"}),
                serde_json::json!({"~i1": "int", "1": "string", "~_": "nil", "null": "s"}),
            ),
            (
                transit!({[1, 2] => 1, "[1,2]" => 2}),
                serde_json::json!({"~#[1,2]": 1, "[1,2]": 2}),
            ),
            // No collision: the plain texts.
            (
                transit!({:a => 1, "b" => 2, 3 => 4}),
                serde_json::json!({"a": 1, "b": 2, "3": 4}),
            ),
        ];
        for (value, expected) in cases {
            let Value::Map(map) = &value else { panic!() };
            let json = Json::from(&value);
            assert_eq!(json.as_object().unwrap().len(), map.len(), "{value}");
            assert_eq!(json, expected, "{value}");
        }
    }
}
