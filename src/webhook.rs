//! Penpot webhook bodies in both content types (penpot.md §4).
//!
//! Penpot POSTs each event either as `application/transit+json` (compact Transit,
//! with the cache) or as `application/json` (pretty-printed JSON with camelCase
//! keys). [`Event::decode`] reads either, given the `Content-Type` header, and
//! [`Event::encode`] writes either, as Penpot's backend writes it.
//!
//! ```
//! use transit_format::webhook::{ContentType, Event};
//!
//! let body = br#"["^ ","~:name","rename-file","~:props",["^ ","~:id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","^0","Q4"],"~:profile-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a002","~:created-at","~m1764115200000"]"#;
//! let event = Event::decode(body, "application/transit+json; charset=utf-8").unwrap();
//! assert_eq!(event.name, "rename-file");
//!
//! let json = String::from_utf8(event.encode(ContentType::Json).unwrap()).unwrap();
//! assert_eq!(json, r#"{
//!   "name": "rename-file",
//!   "props": {
//!     "id": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
//!     "name": "Q4"
//!   },
//!   "createdAt": "2025-11-26T00:00:00Z",
//!   "profileId": "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a002"
//! }"#);
//! // Both bodies decode to the same event; plain JSON has no uuid type, so its
//! // props hold the uuid's text, and the typed props read it back as a uuid.
//! let from_json = Event::decode(json.as_bytes(), "application/json").unwrap();
//! assert_eq!((&from_json.name, from_json.profile_id, from_json.created_at),
//!            (&event.name, event.profile_id, event.created_at));
//! assert_eq!(from_json.known_props().unwrap(), event.known_props().unwrap());
//! ```

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::number::java_double;
use crate::penpot::Point;
use crate::types::Keyword;
use crate::value::{Map, Value};

/// The two body formats of Penpot webhooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentType {
    /// `application/transit+json`: compact Transit with the cache.
    TransitJson,
    /// `application/json`: pretty-printed JSON, camelCase keys.
    Json,
}

impl ContentType {
    /// Reads a `Content-Type` header value; parameters (`; charset=utf-8`) and case
    /// are ignored.
    ///
    /// # Errors
    ///
    /// Any other media type.
    ///
    /// # Example
    ///
    /// ```
    /// use transit_format::webhook::ContentType;
    /// assert_eq!(ContentType::from_header("Application/JSON; charset=UTF-8").unwrap(), ContentType::Json);
    /// assert!(ContentType::from_header("text/plain").is_err());
    /// ```
    pub fn from_header(value: &str) -> Result<ContentType> {
        let media = value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match media.as_str() {
            "application/transit+json" => Ok(ContentType::TransitJson),
            "application/json" => Ok(ContentType::Json),
            _ => Err(Error::message(format_args!(
                "unsupported content type {value:?}: Penpot webhooks are application/transit+json or application/json"
            ))),
        }
    }

    /// The media type.
    ///
    /// ```
    /// assert_eq!(transit_format::webhook::ContentType::Json.as_str(), "application/json");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::TransitJson => "application/transit+json",
            ContentType::Json => "application/json",
        }
    }

    /// Guesses the format of a body without a header: compact Transit starts with
    /// `[`, verbose Transit is an object whose keys start with `~`, anything else
    /// is plain JSON.
    ///
    /// ```
    /// use transit_format::webhook::ContentType;
    /// assert_eq!(ContentType::detect(br#"["^ ","~:name","x"]"#), ContentType::TransitJson);
    /// assert_eq!(ContentType::detect(br#"{"~:name":"x"}"#), ContentType::TransitJson);
    /// assert_eq!(ContentType::detect(b"{\n  \"name\": \"x\"\n}"), ContentType::Json);
    /// ```
    pub fn detect(body: &[u8]) -> ContentType {
        let mut rest = body.iter().copied().skip_while(u8::is_ascii_whitespace);
        match rest.next() {
            Some(b'[') => ContentType::TransitJson,
            Some(b'{') => match rest.find(|b| !b.is_ascii_whitespace()) {
                Some(b'"') => {
                    if body.windows(2).any(|w| w == b"\"~") {
                        // The first key decides: `{"~:…` or `{"~#…`.
                        let start = body.iter().position(|&b| b == b'"').unwrap_or(0);
                        if body.get(start + 1) == Some(&b'~') {
                            return ContentType::TransitJson;
                        }
                    }
                    ContentType::Json
                }
                _ => ContentType::Json,
            },
            _ => ContentType::Json,
        }
    }
}

/// A Penpot webhook event (penpot.md §4.2). Every key is optional in the body
/// (older releases sent `id` and no instants); unknown keys are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Event {
    /// `:name`: the RPC method, e.g. `"create-file"`.
    pub name: String,
    /// `:profile-id`: who acted.
    pub profile_id: Option<Uuid>,
    /// `:props`: what happened, a map (see [`Event::known_props`]).
    pub props: Value,
    /// `:created-at`.
    pub created_at: Option<DateTime<Utc>>,
    /// `:tracked-at`: the request time.
    pub tracked_at: Option<DateTime<Utc>>,
    /// `:id`, sent by releases up to 2.14.
    pub id: Option<Uuid>,
    /// Any other top-level key.
    pub extra: Map,
}

fn kw(name: &str) -> Value {
    Value::Keyword(Keyword::from(name))
}

impl Event {
    /// Reads an event from a decoded body: a map with keyword keys.
    ///
    /// # Errors
    ///
    /// When it is not a map, a key is not a keyword, or a known key has the wrong
    /// type.
    ///
    /// # Example
    ///
    /// ```
    /// let value = transit_format::from_str(r#"["^ ","~:name","create-project"]"#).unwrap();
    /// let event = transit_format::webhook::Event::from_value(value).unwrap();
    /// assert_eq!(event.name, "create-project");
    /// ```
    pub fn from_value(value: Value) -> Result<Event> {
        let Value::Map(map) = value else {
            return Err(Error::message(format_args!(
                "a webhook body is a map, found {}",
                value.type_name()
            )));
        };
        let mut event = Event {
            props: Value::Map(Map::new()),
            ..Event::default()
        };
        let mut name = None;
        for (key, value) in map {
            let key_name = match &key {
                Value::Keyword(k) => k.as_str().to_owned(),
                Value::String(s) => {
                    return Err(Error::message(format_args!(
                        "key {s:?} is a string, not a keyword: this looks like a plain JSON body, not Transit"
                    )))
                }
                other => {
                    return Err(Error::message(format_args!(
                        "a webhook body has keyword keys, found a {} key",
                        other.type_name()
                    )))
                }
            };
            let bad = |expected: &str, value: &Value| {
                Error::message(format_args!(
                    "invalid type: {}, expected {expected} at {key_name}",
                    value.type_name()
                ))
            };
            match (key_name.as_str(), value) {
                ("name", Value::String(s)) => name = Some(s.to_string()),
                ("name", Value::Keyword(k)) => name = Some(k.as_str().to_owned()),
                ("name", other) => return Err(bad("a string", &other)),
                ("profile-id", v) => {
                    event.profile_id = uuid_of(&v).map_err(|()| bad("a uuid", &v))?
                }
                ("id", v) => event.id = uuid_of(&v).map_err(|()| bad("a uuid", &v))?,
                ("created-at", v) => {
                    event.created_at = instant_of(&v).map_err(|()| bad("an instant", &v))?
                }
                ("tracked-at", v) => {
                    event.tracked_at = instant_of(&v).map_err(|()| bad("an instant", &v))?
                }
                ("props", v @ (Value::Map(_) | Value::Null)) => event.props = v,
                ("props", other) => return Err(bad("a map", &other)),
                (_, v) => {
                    event.extra.insert(key, v);
                }
            }
        }
        event.name = name.unwrap_or_default();
        Ok(event)
    }

    /// The event as a Transit map, keys in the order Penpot's backend writes them
    /// (`name`, `props`, `created-at`, `profile-id`, `tracked-at`: the order of a
    /// small map after Penpot's jsonb round trip, penpot.md §4.1), then `id` and
    /// any extra keys.
    ///
    /// ```
    /// let event = transit_format::webhook::Event { name: "x".into(), ..Default::default() };
    /// assert_eq!(transit_format::to_string(&event.to_value()).unwrap(), r#"["^ ","~:name","x","~:props",null]"#);
    /// ```
    pub fn to_value(&self) -> Value {
        let mut map = Map::with_capacity(6 + self.extra.len());
        map.insert(kw("name"), Value::String(self.name.clone().into()));
        map.insert(kw("props"), self.props.clone());
        if let Some(t) = self.created_at {
            map.insert(kw("created-at"), Value::Instant(t));
        }
        if let Some(id) = self.profile_id {
            map.insert(kw("profile-id"), Value::Uuid(id));
        }
        if let Some(t) = self.tracked_at {
            map.insert(kw("tracked-at"), Value::Instant(t));
        }
        if let Some(id) = self.id {
            map.insert(kw("id"), Value::Uuid(id));
        }
        for (k, v) in &self.extra {
            map.insert(k.clone(), v.clone());
        }
        Value::Map(map)
    }

    /// Decodes a body given its `Content-Type` header value.
    ///
    /// # Errors
    ///
    /// An unsupported content type, malformed JSON or Transit, or a body that does
    /// not match its content type (a Transit body sent as `application/json`, or
    /// the other way round).
    ///
    /// # Example
    ///
    /// ```
    /// use transit_format::webhook::Event;
    /// let err = Event::decode(br#"["^ ","~:name","x"]"#, "application/json").unwrap_err();
    /// assert!(err.to_string().contains("looks like Transit"), "{err}");
    /// ```
    pub fn decode(body: &[u8], content_type: &str) -> Result<Event> {
        match ContentType::from_header(content_type)? {
            ContentType::TransitJson => Event::from_value(crate::from_slice(body)?),
            ContentType::Json => Event::from_value(from_plain_json(body)?),
        }
    }

    /// Encodes the body for a content type, as Penpot's backend writes it.
    ///
    /// # Errors
    ///
    /// Values plain JSON cannot hold (NaN or infinite floats).
    ///
    /// # Example
    ///
    /// ```
    /// use transit_format::webhook::{ContentType, Event};
    /// let event = Event { name: "x".into(), ..Default::default() };
    /// assert_eq!(event.encode(ContentType::TransitJson).unwrap(), br#"["^ ","~:name","x","~:props",null]"#);
    /// ```
    pub fn encode(&self, content_type: ContentType) -> Result<Vec<u8>> {
        match content_type {
            ContentType::TransitJson => crate::to_vec(&self.to_value()),
            ContentType::Json => to_plain_json(&self.to_value()).map(String::into_bytes),
        }
    }

    /// The props of the common events, typed; `Other` for any other event.
    ///
    /// # Errors
    ///
    /// When the props of a known event do not fit its type.
    ///
    /// # Example
    ///
    /// ```
    /// use transit_format::webhook::{Event, KnownProps};
    /// let body = br#"["^ ","~:name","create-project","~:props",["^ ","~:team-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:name","Web"]]"#;
    /// let event = Event::decode(body, "application/transit+json").unwrap();
    /// let KnownProps::CreateProject(props) = event.known_props().unwrap() else { panic!() };
    /// assert_eq!(props.name.as_deref(), Some("Web"));
    /// ```
    pub fn known_props(&self) -> Result<KnownProps> {
        fn typed<T: serde::de::DeserializeOwned>(props: &Value) -> Result<T> {
            match props {
                Value::Null => crate::from_value(Value::Map(Map::new())),
                other => crate::from_value(other.clone()),
            }
        }
        Ok(match self.name.as_str() {
            "create-file" => KnownProps::CreateFile(typed(&self.props)?),
            "update-file" => KnownProps::UpdateFile(typed(&self.props)?),
            "rename-file" => KnownProps::RenameFile(typed(&self.props)?),
            "delete-file" => KnownProps::DeleteFile(typed(&self.props)?),
            "create-project" => KnownProps::CreateProject(typed(&self.props)?),
            "rename-project" => KnownProps::RenameProject(typed(&self.props)?),
            "delete-project" => KnownProps::DeleteProject(typed(&self.props)?),
            "create-comment-thread" => {
                KnownProps::CreateCommentThread(Box::new(typed(&self.props)?))
            }
            "create-comment" => KnownProps::CreateComment(Box::new(typed(&self.props)?)),
            _ => KnownProps::Other(self.props.clone()),
        })
    }
}

fn uuid_of(value: &Value) -> std::result::Result<Option<Uuid>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::Uuid(u) => Ok(Some(*u)),
        // Plain JSON bodies carry uuids as text.
        Value::String(s) => crate::value::scalar::parse_uuid(s).map(Some).ok_or(()),
        _ => Err(()),
    }
}

fn instant_of(value: &Value) -> std::result::Result<Option<DateTime<Utc>>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::Instant(t) => Ok(Some(*t)),
        Value::String(s) => crate::java_time::parse(s)
            .and_then(DateTime::from_timestamp_millis)
            .map(Some)
            .ok_or(()),
        _ => Err(()),
    }
}

/// The props of the common webhook events (penpot.md §5), as typed views of
/// `Event::props`; the props themselves stay whole in the event.
#[derive(Clone, Debug, PartialEq)]
pub enum KnownProps {
    /// `create-file`.
    CreateFile(FileProps),
    /// `update-file` (its props are replaced by `{id, name, features, project-id, team-id}`).
    UpdateFile(FileProps),
    /// `rename-file`.
    RenameFile(FileProps),
    /// `delete-file`.
    DeleteFile(FileProps),
    /// `create-project`.
    CreateProject(ProjectProps),
    /// `rename-project`.
    RenameProject(ProjectProps),
    /// `delete-project`.
    DeleteProject(ProjectProps),
    /// `create-comment-thread`.
    CreateCommentThread(Box<CommentThreadProps>),
    /// `create-comment`.
    CreateComment(Box<CommentProps>),
    /// Any other event: its props as they are.
    Other(Value),
}

/// Props of the file events.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct FileProps {
    /// The file.
    pub id: Option<Uuid>,
    /// Its name.
    pub name: Option<String>,
    /// Its project.
    pub project_id: Option<Uuid>,
    /// Its team.
    pub team_id: Option<Uuid>,
    /// Whether it is a shared library.
    pub is_shared: Option<bool>,
    /// Enabled features.
    pub features: Option<Vec<String>>,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last modified.
    pub modified_at: Option<DateTime<Utc>>,
}

/// Props of the project events.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct ProjectProps {
    /// The project.
    pub id: Option<Uuid>,
    /// Its name.
    pub name: Option<String>,
    /// The name before a rename.
    pub prev_name: Option<String>,
    /// Its team.
    pub team_id: Option<Uuid>,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last modified.
    pub modified_at: Option<DateTime<Utc>>,
}

/// Props of `create-comment-thread`: the request and the new thread's row.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct CommentThreadProps {
    /// The thread.
    pub id: Option<Uuid>,
    /// Its number in the file.
    pub seqn: Option<i64>,
    /// The file.
    pub file_id: Option<Uuid>,
    /// The page.
    pub page_id: Option<Uuid>,
    /// The page's name.
    pub page_name: Option<String>,
    /// The frame the thread is on.
    pub frame_id: Option<Uuid>,
    /// Where on the page.
    pub position: Option<Point>,
    /// The first comment's text.
    pub content: Option<String>,
    /// The first comment.
    pub comment_id: Option<Uuid>,
    /// Who opened it.
    pub owner_id: Option<Uuid>,
    /// Their full name.
    pub owner_fullname: Option<String>,
    /// Their e-mail address.
    pub owner_email: Option<String>,
    /// Who takes part.
    pub participants: Option<Vec<Uuid>>,
    /// Who is mentioned.
    pub mentions: Option<Vec<Uuid>>,
    /// Whether it is resolved.
    pub is_resolved: Option<bool>,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last modified.
    pub modified_at: Option<DateTime<Utc>>,
}

/// Props of `create-comment`: the request and the new comment's row.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct CommentProps {
    /// The comment.
    pub id: Option<Uuid>,
    /// Its thread.
    pub thread_id: Option<Uuid>,
    /// The file.
    pub file_id: Option<Uuid>,
    /// The text.
    pub content: Option<String>,
    /// Who wrote it.
    pub owner_id: Option<Uuid>,
    /// Their full name.
    pub owner_fullname: Option<String>,
    /// Their e-mail address.
    pub owner_email: Option<String>,
    /// Who is mentioned.
    pub mentions: Option<Vec<Uuid>>,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last modified.
    pub modified_at: Option<DateTime<Utc>>,
}

//////////////////////////////////////////////////////////////////////////////
// The application/json view

/// `project-id` → `projectId`, `owner-fullname` → `ownerFullname`: what Penpot's
/// `str/camel` key function does; a keyword's namespace is dropped.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '-' || c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `projectId` → `project-id`: how Penpot turns plain JSON keys back into keywords.
pub fn kebab_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_uppercase() {
            if !out.is_empty() {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes a value as Penpot's `application/json` webhook body does (penpot.md
/// §4.3): camelCase keys at every depth, uuids and keywords as plain strings,
/// ISO-8601 instants, sets and lists as arrays, tagged values (points, rects…) as
/// their reps, `/` escaped as `\/`, non-ASCII as lower-case `\uXXXX`, two-space
/// indentation.
///
/// # Errors
///
/// NaN and infinite floats, which JSON cannot hold.
///
/// # Example
///
/// ```
/// let v = transit_format::from_str(r#"["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:tags",["~#set",["a/b","é"]],"~:empty",[]]"#).unwrap();
/// assert_eq!(transit_format::webhook::to_plain_json(&v).unwrap(), "{\n  \"fileId\": \"0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001\",\n  \"tags\": [\n    \"a\\/b\",\n    \"\\u00e9\"\n  ],\n  \"empty\": []\n}");
/// ```
pub fn to_plain_json(value: &Value) -> Result<String> {
    let mut out = String::new();
    write_plain(value, 0, &mut out)?;
    Ok(out)
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for unit in s.encode_utf16() {
        match unit {
            0x22 => out.push_str("\\\""),
            0x5c => out.push_str("\\\\"),
            0x2f => out.push_str("\\/"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x20..=0x7e => out.push(unit as u8 as char),
            _ => {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out.push('"');
}

fn key_text(key: &Value) -> String {
    match key {
        Value::Keyword(k) => camel_case(k.name()),
        Value::Symbol(s) => camel_case(s.name()),
        Value::String(s) => camel_case(s),
        other => camel_case(&scalar_text(other).unwrap_or_else(|| other.to_string())),
    }
}

/// The plain-JSON text of a scalar that is written as a string.
fn scalar_text(value: &Value) -> Option<String> {
    Some(match value {
        Value::String(s) => s.to_string(),
        Value::Keyword(k) => k.name().to_owned(),
        Value::Symbol(s) => s.name().to_owned(),
        Value::Uuid(u) => u.to_string(),
        // Java's ISO_INSTANT: no fraction for whole seconds, else milliseconds.
        Value::Instant(t) => t.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        Value::Uri(u) => u.as_str().to_owned(),
        Value::Char(c) => c.to_string(),
        Value::Bytes(b) => {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(b)
        }
        _ => return None,
    })
}

fn write_plain(value: &Value, depth: usize, out: &mut String) -> Result<()> {
    let items: Vec<&Value> = match value {
        Value::Null => {
            out.push_str("null");
            return Ok(());
        }
        Value::Bool(b) => {
            out.push_str(if *b { "true" } else { "false" });
            return Ok(());
        }
        Value::Integer(i) => {
            out.push_str(itoa::Buffer::new().format(*i));
            return Ok(());
        }
        Value::BigInt(n) => {
            out.push_str(n.as_str());
            return Ok(());
        }
        Value::BigDecimal(d) => {
            out.push_str(d.as_str());
            return Ok(());
        }
        Value::Float(f) if !f.is_finite() => {
            return Err(Error::message(format_args!(
                "JSON cannot hold the float {f}"
            )))
        }
        Value::Float(f) => {
            out.push_str(&java_double(*f));
            return Ok(());
        }
        Value::Map(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json_string(&key_text(k), out);
                out.push_str(": ");
                write_plain(v, depth + 1, out)?;
            }
            newline(out, depth);
            out.push('}');
            return Ok(());
        }
        Value::Link(link) => {
            let mut rep = Map::new();
            rep.insert(Value::from("href"), Value::Uri(link.href.clone()));
            rep.insert(Value::from("rel"), Value::from(link.rel.as_str()));
            for (key, field) in [
                ("name", &link.name),
                ("render", &link.render),
                ("prompt", &link.prompt),
            ] {
                if let Some(text) = field {
                    rep.insert(Value::from(key), Value::from(text.as_str()));
                }
            }
            return write_plain(&Value::Map(rep), depth, out);
        }
        Value::Tagged(tagged) => return write_plain(tagged.rep(), depth, out),
        Value::Ext(ext) => return write_plain(&ext.rep(), depth, out),
        Value::Array(items) | Value::List(items) => items.iter().collect(),
        Value::Set(set) => set.iter().collect(),
        scalar => {
            let text = scalar_text(scalar).expect("every other scalar has a text");
            write_json_string(&text, out);
            return Ok(());
        }
    };
    if items.is_empty() {
        out.push_str("[]");
        return Ok(());
    }
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, depth + 1);
        write_plain(item, depth + 1, out)?;
    }
    newline(out, depth);
    out.push(']');
    Ok(())
}

/// Reads a plain JSON body the way Penpot reads plain JSON requests: object keys
/// become kebab-case keywords (`projectId` → `:project-id`), everything else stays
/// JSON (strings stay strings; typed views such as [`KnownProps`] parse uuids and
/// instants from them).
///
/// # Errors
///
/// Malformed JSON, or a body that is a JSON array (which is what Transit looks
/// like).
///
/// # Example
///
/// ```
/// let v = transit_format::webhook::from_plain_json(br#"{"profileId":"x","props":{"teamId":1}}"#).unwrap();
/// assert_eq!(v.to_string(), r#"{:profile-id "x", :props {:team-id 1}}"#);
/// ```
pub fn from_plain_json(body: &[u8]) -> Result<Value> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        return Err(Error::message(
            "the body is a JSON array: it looks like Transit (application/transit+json), not plain JSON",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde::de::DeserializeSeed::deserialize(PlainJson, &mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| Error::message(format_args!("invalid JSON body: {e}")))?;
    Ok(value)
}

/// Builds a `Value` from plain JSON in document order, object keys as kebab-case
/// keywords.
#[derive(Clone, Copy)]
struct PlainJson;

impl<'de> serde::de::DeserializeSeed<'de> for PlainJson {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for PlainJson {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::Integer(v))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.into()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v.into()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items.into()))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut access: A,
    ) -> std::result::Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value = access.next_value_seed(self)?;
            map.insert(kw(&kebab_case(&key)), value);
        }
        Ok(Value::Map(map))
    }
}
