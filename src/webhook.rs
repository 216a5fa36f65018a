//! Penpot webhook bodies in both content types, and the typed props of every
//! event Penpot sends.
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
//! // Both bodies decode to the same event: plain JSON has no uuid type, but the
//! // props of an event Penpot sends are read back with the types of their fields.
//! let from_json = Event::decode(json.as_bytes(), "application/json").unwrap();
//! assert_eq!(from_json, event);
//! ```
//!
//! # The events
//!
//! Penpot sends a webhook for the calls of 24 RPC methods; [`KnownProps`] has a
//! variant for each, with a props type that reads and writes both content types
//! ([`EventProps`]). An event can be built from typed props, which is what a
//! service that sends Penpot-style webhooks, or tests a receiver, needs:
//!
//! ```
//! use transit_format::webhook::{ContentType, CreateCommentProps, Event, KnownProps};
//! use transit_format::Set;
//!
//! let props = CreateCommentProps {
//!     content: Some("Ship it".into()),
//!     mentions: Some(Set::new()),
//!     owner_email: Some("ana@example.com".into()),
//!     ..Default::default()
//! };
//! let event = Event::new(props.clone());
//! for content_type in [ContentType::TransitJson, ContentType::Json] {
//!     let body = event.encode(content_type).unwrap();
//!     let back = Event::decode(&body, content_type.as_str()).unwrap();
//!     assert_eq!(back, event);
//!     assert_eq!(back.known_props().unwrap(), KnownProps::from(props.clone()));
//! }
//! ```
//!
//! Delivery, as Penpot does it: a `POST` with `content-type` and `user-agent:
//! penpot/<major>.<minor>` headers (`penpot/2.17` from Penpot 2.17.x, `penpot/0.0`
//! from a development build) and no signature, a 4 s timeout, and only 200 and
//! 204 count as delivered; three failures in a row disable the webhook. Creating
//! a webhook, or changing its URL, first sends a `HEAD` to the URL (3 s timeout),
//! judged the same way, so a receiver must answer `HEAD` with 200 or 204. That
//! `HEAD` carries no Penpot user agent at all (only the HTTP client's own
//! headers): a receiver cannot tell it from anyone else's by its headers.
//!
//! # What the events say, and when
//!
//! Read from Penpot's code (the 2.17.x releases and `develop` of 2026-07-24 send
//! the same 24 events):
//!
//! * `export-binfile`, `import-binfile` and `clone-template` answer with a
//!   stream and do their work while streaming it; the event is recorded when the
//!   call returns, so it is sent before the work finishes, and also when the
//!   work then fails.
//! * `set-file-shared` reaches a webhook only when a file is unshared: sharing
//!   leaves the props without `project-id`, and Penpot then finds no webhook.
//! * `move-project` goes to the webhooks of the destination team (its
//!   `team-id`), not to the source team's.
//! * `create-file`'s `features` are what the client sent, not the file's final
//!   set of features.
//! * `import-binfile`'s `generated-by` is `"penpot/<version>"` or
//!   `"penpot-library/<version>"`; `referer` only comes from the penpot library
//!   (Penpot's own exports write that manifest key as `refer`, which is not
//!   read); `file-id` is there only for an in-place import.
//! * `create-font-variant`'s `data` is a plain vector of MIME types, never with
//!   `uploads`; `create-comment-thread` and `create-comment` carry
//!   `owner-photo-id` when the author has a photo.
//!
//! Every event's typed props keep the keys they do not name in `extra`, so a key
//! a later Penpot adds is kept, not an error, and written back as it came.
//!
//! # Key order
//!
//! A receiver must not depend on the order of keys, but a sender that wants to
//! write what Penpot writes needs it. Penpot's event passes through two background
//! tasks whose parameters PostgreSQL stores as `jsonb` (verbose Transit) before
//! the body is written from the map read back. The order that gives is **inferred
//! from Penpot's, PostgreSQL's and Clojure's code, not observed in captured
//! bodies**:
//!
//! * maps of up to 8 keys come back in `jsonb`'s order: shorter key text first,
//!   then byte by byte. The event itself: `name`, `props`, `created-at`,
//!   `profile-id`, `tracked-at`;
//! * larger maps come back as Clojure hash maps, in the order of their keys'
//!   Clojure hashes (five bits at a time, lowest first), as the props of
//!   `create-comment-thread` and `create-comment` usually are.
//!
//! Typed props ([`EventProps::to_map`]) write their keys, `extra` ones included,
//! in that order. A decoded event's props keep the order they were read in.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::number::java_double;
use crate::types::Keyword;
use crate::value::{Map, Value};

mod order;
mod props;

pub use self::props::{
    BinfileName, CloneTemplateProps, CreateCommentProps, CreateCommentThreadProps, CreateFileProps,
    CreateFontVariantProps, CreateProjectProps, DeleteFileProps, DeleteFontProps,
    DeleteFontVariantProps, DeleteProjectProps, DuplicateFileProps, DuplicateProjectProps,
    EventProps, ExportBinfileProps, ImportBinfileProps, KnownProps, LinkFileToLibraryProps,
    MoveFilesProps, MoveProjectProps, RenameFileProps, RenameProjectProps, SetFileSharedProps,
    UnlinkFileFromLibraryProps, UpdateFileProps, UpdateFontProps, UpdateProjectPinProps,
};

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

/// A Penpot webhook event. Every key is optional in the body (releases up to
/// 2.14 sent `id` and no instants, releases before 2.4 also `context`); unknown
/// keys are kept in `extra`.
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
            // The keyword's shared name (no copy of it).
            let name_of_key = match &key {
                Value::Keyword(k) => k.clone(),
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
            let key_name = name_of_key.as_str();
            let bad = |expected: &str, value: &Value| {
                Error::message(format_args!(
                    "invalid type: {}, expected {expected} at {key_name}",
                    value.type_name()
                ))
            };
            match (key_name, value) {
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
    /// small map after Penpot's jsonb round trip, see [Key order](self#key-order)), then `id` and
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
    /// A plain JSON body carries uuids, instants and sets as strings and arrays,
    /// and points as objects: for the events Penpot sends, the props that the
    /// event's type names get their types back (a uuid field's text becomes a
    /// uuid), so that both content types decode to the same event. Other props,
    /// and fields whose value does not fit, stay as JSON gave them.
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
            ContentType::Json => {
                let mut event = Event::from_value(from_plain_json(body)?)?;
                event.type_json_props();
                Ok(event)
            }
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

    /// The props typed by the event's name: a variant for each of the 24 methods
    /// Penpot sends, `Other` for any other name.
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
        KnownProps::from_event(&self.name, &self.props)
    }

    /// The props as one type, whatever the event's name.
    ///
    /// # Errors
    ///
    /// When the props do not fit the type.
    ///
    /// ```
    /// use transit_format::webhook::{CreateProjectProps, Event};
    /// let body = br#"["^ ","~:name","create-project","~:props",["^ ","~:name","Web"]]"#;
    /// let event = Event::decode(body, "application/transit+json").unwrap();
    /// let props: CreateProjectProps = event.props_as().unwrap();
    /// assert_eq!(props.name.as_deref(), Some("Web"));
    /// ```
    pub fn props_as<P: EventProps>(&self) -> Result<P> {
        P::from_value(&self.props)
    }

    /// An event with these props: named after their method, the other keys unset.
    ///
    /// ```
    /// use transit_format::webhook::{ContentType, Event, RenameProjectProps};
    /// let props = RenameProjectProps { name: Some("Q4".into()), prev_name: Some("Q3".into()), ..Default::default() };
    /// let event = Event::new(props);
    /// assert_eq!(event.name, "rename-project");
    /// assert_eq!(
    ///     event.encode(ContentType::TransitJson).unwrap(),
    ///     br#"["^ ","~:name","rename-project","~:props",["^ ","^0","Q4","~:prev-name","Q3"]]"#
    /// );
    /// ```
    pub fn new(props: impl Into<KnownProps>) -> Event {
        let props = props.into();
        Event {
            name: props.method().unwrap_or_default().to_owned(),
            props: props.to_value(),
            ..Event::default()
        }
    }

    /// Replaces the props by typed ones, and the name by theirs (`Other` keeps the
    /// name).
    pub fn set_props(&mut self, props: impl Into<KnownProps>) {
        let props = props.into();
        if let Some(method) = props.method() {
            self.name = method.to_owned();
        }
        self.props = props.to_value();
    }

    /// A plain JSON body has no uuids, instants, sets or points: gives the props
    /// of a known event the types their fields have, in place, so that the event
    /// equals the one its Transit body decodes to. Props that do not fit their
    /// type are left as they are (`known_props` reports them).
    fn type_json_props(&mut self) {
        if !KnownProps::METHODS.contains(&self.name.as_str()) {
            return;
        }
        let Value::Map(props) = &mut self.props else {
            return;
        };
        // Key by key, so that one field that does not fit leaves the others typed.
        let keys: Vec<Value> = props.keys().cloned().collect();
        for key in keys {
            let Some(value) = props.get(&key) else {
                continue;
            };
            let one: Map = std::iter::once((key.clone(), value.clone())).collect();
            let Ok(typed) = KnownProps::from_event(&self.name, &Value::Map(one)) else {
                continue;
            };
            if let Value::Map(mut typed) = typed.to_value() {
                if let (Some(typed_value), Some(slot)) = (typed.remove(&key), props.get_mut(&key)) {
                    *slot = typed_value;
                }
            }
        }
    }
}

impl From<Value> for KnownProps {
    /// Untyped props: `Other`.
    fn from(value: Value) -> KnownProps {
        KnownProps::Other(value)
    }
}

impl serde::Serialize for Event {
    /// As its Transit map ([`Event::to_value`]).
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&self.to_value(), serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Event {
    /// From a Transit map ([`Event::from_value`]).
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
        Event::from_value(value).map_err(serde::de::Error::custom)
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

/// Writes a value as Penpot's `application/json` webhook body does (Clojure's
/// data.json with camelCase keys and indentation): camelCase keys at every depth, uuids and keywords as plain strings,
/// ISO-8601 instants, sets and lists as arrays, tagged values (points, rects…) as
/// their reps, `/` escaped as `\/`, non-ASCII as lower-case `\uXXXX`, two-space
/// indentation.
///
/// Every key is kept or the conversion fails: keys lose their type and a
/// keyword its namespace, so two keys of one map may become the same text
/// (`:a/id` and `:b/id`, `:user-id` and `"userId"`), and that is an error naming
/// both rather than a JSON object with a repeated member. Also lost: the types
/// of keywords, symbols, uuids, instants, URIs, characters and bytes (all
/// strings), sets and lists (arrays), tags (only the rep is written).
///
/// # Errors
///
/// NaN and infinite floats, which JSON cannot hold; two keys of one map with the
/// same text.
///
/// # Example
///
/// ```
/// let v = transit_format::from_str(r#"["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:tags",["~#set",["a/b","é"]],"~:empty",[]]"#).unwrap();
/// assert_eq!(transit_format::webhook::to_plain_json(&v).unwrap(), "{\n  \"fileId\": \"0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001\",\n  \"tags\": [\n    \"a\\/b\",\n    \"\\u00e9\"\n  ],\n  \"empty\": []\n}");
/// ```
pub fn to_plain_json(value: &Value) -> Result<String> {
    let mut out = PlainOut::new(None);
    write_plain(value, Some(0), &mut out)?;
    Ok(out.buf)
}

/// [`to_plain_json`] on one line: the same text without the indentation and line
/// breaks (as data.json writes it without `:indent`), for line-oriented logs.
///
/// # Errors
///
/// As [`to_plain_json`].
///
/// ```
/// let v = transit_format::from_str(r#"["^ ","~:file-id","~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","~:tags",["~#set",["a\nb"]]]"#).unwrap();
/// assert_eq!(transit_format::webhook::to_plain_json_line(&v).unwrap(), r#"{"fileId":"0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001","tags":["a\nb"]}"#);
/// ```
pub fn to_plain_json_line(value: &Value) -> Result<String> {
    let mut out = PlainOut::new(None);
    write_plain(value, None, &mut out)?;
    Ok(out.buf)
}

/// [`to_plain_json`] (`indent` true) or [`to_plain_json_line`] (`indent` false)
/// written to `writer` as it is made: memory stays a few kilobytes past the
/// longest string, however large the text.
///
/// # Errors
///
/// As [`to_plain_json`], and I/O errors. What came before the error has been
/// written.
///
/// # Example
///
/// ```
/// let v = transit_format::transit!({:file-id => 1, :tags => ["a"]});
/// let mut out = Vec::new();
/// transit_format::webhook::write_plain_json(&mut out, &v, false).unwrap();
/// assert_eq!(out, br#"{"fileId":1,"tags":["a"]}"#);
/// ```
pub fn write_plain_json<W: std::io::Write>(
    mut writer: W,
    value: &Value,
    indent: bool,
) -> Result<()> {
    let mut out = PlainOut::new(Some(&mut writer));
    write_plain(value, indent.then_some(0), &mut out)?;
    out.flush()
}

/// [`to_plain_json_line`] for a record that must keep every value, as
/// `transit webhook serve --format json` writes each event: numbers that JSON
/// (read as 64-bit floats) cannot hold are written as strings instead of being
/// refused: NaN and the infinities as `"NaN"`, `"Infinity"` and `"-Infinity"`,
/// and integers (`~n`) or decimals (`~f`) past a float's range as their digits
/// (`"1e400"`). [`from_plain_json`] reads every line back (those numbers as
/// strings).
///
/// # Errors
///
/// Two keys of one map with the same text (see [`to_plain_json`]), and I/O
/// errors.
///
/// # Example
///
/// ```
/// use transit_format::webhook::{from_plain_json, write_plain_json_record};
/// let v = transit_format::from_str(r#"["^ ","~:a","~zNaN","~:b","~f1e400","~:c",1.5]"#).unwrap();
/// let mut line = Vec::new();
/// write_plain_json_record(&mut line, &v).unwrap();
/// assert_eq!(line, br#"{"a":"NaN","b":"1e400","c":1.5}"#);
/// assert!(from_plain_json(&line).is_ok());
/// ```
pub fn write_plain_json_record<W: std::io::Write>(mut writer: W, value: &Value) -> Result<()> {
    let mut out = PlainOut::new(Some(&mut writer));
    out.numbers_as_text = true;
    write_plain(value, None, &mut out)?;
    out.flush()
}

/// Whether a number's text reads as a finite 64-bit float (which is how
/// serde_json reads a number past 64-bit integers).
fn finite_number(text: &str) -> bool {
    text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The plain JSON writer's output: a buffer, handed to a writer whenever it
/// holds a few kilobytes (or kept whole, without one).
struct PlainOut<'a> {
    buf: String,
    sink: Option<&'a mut dyn std::io::Write>,
    /// Numbers JSON cannot hold are written as strings instead of refused.
    numbers_as_text: bool,
}

impl<'a> PlainOut<'a> {
    fn new(sink: Option<&'a mut dyn std::io::Write>) -> Self {
        PlainOut {
            buf: String::new(),
            sink,
            numbers_as_text: false,
        }
    }

    /// Passes the buffer on once it is past 8 KiB: called between items.
    fn spill(&mut self) -> Result<()> {
        if self.buf.len() >= 1 << 13 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if let Some(sink) = self.sink.as_mut() {
            sink.write_all(self.buf.as_bytes()).map_err(Error::io)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// A line break and the indentation of `depth` levels; nothing on one line.
fn newline(out: &mut String, depth: Option<usize>) {
    if let Some(depth) = depth {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
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

/// The object keys of a map in plain JSON, in its order.
///
/// # Errors
///
/// When two keys become the same text (`:a/id` and `:b/id` are both `"id"`,
/// `:user-id` and `"userId"` both `"userId"`): a JSON object holds one member
/// per name, so one of them would be lost. The error names both keys.
fn distinct_keys(map: &Map) -> Result<Vec<String>> {
    let keys: Vec<String> = map.keys().map(key_text).collect();
    if keys.len() > 1 {
        let mut seen: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            if let Some(first) = seen.insert(key.as_str(), i) {
                let shown = |k: &Value| {
                    let text = k.to_string();
                    match text.char_indices().nth(80) {
                        Some((cut, _)) => format!("{}…", &text[..cut]),
                        None => text,
                    }
                };
                let mut names = map.keys();
                let a = names.nth(first).map(shown).unwrap_or_default();
                let b = map.keys().nth(i).map(shown).unwrap_or_default();
                return Err(Error::message(format_args!(
                    "plain JSON cannot hold both keys {a} and {b} of one map: both become {key:?}"
                )));
            }
        }
    }
    Ok(keys)
}

/// `depth` is the indentation level, `None` for one line.
fn write_plain(value: &Value, depth: Option<usize>, out: &mut PlainOut<'_>) -> Result<()> {
    let inner = depth.map(|d| d + 1);
    let items: Vec<&Value> = match value {
        Value::Null => {
            out.buf.push_str("null");
            return Ok(());
        }
        Value::Bool(b) => {
            out.buf.push_str(if *b { "true" } else { "false" });
            return Ok(());
        }
        Value::Integer(i) => {
            out.buf.push_str(itoa::Buffer::new().format(*i));
            return Ok(());
        }
        Value::BigInt(n) if out.numbers_as_text && !finite_number(n.as_str()) => {
            write_json_string(n.as_str(), &mut out.buf);
            return Ok(());
        }
        Value::BigDecimal(d) if out.numbers_as_text && !finite_number(d.as_str()) => {
            write_json_string(d.as_str(), &mut out.buf);
            return Ok(());
        }
        Value::BigInt(n) => {
            out.buf.push_str(n.as_str());
            return Ok(());
        }
        Value::BigDecimal(d) => {
            out.buf.push_str(d.as_str());
            return Ok(());
        }
        Value::Float(f) if !f.is_finite() && out.numbers_as_text => {
            let text = if f.is_nan() {
                "NaN"
            } else if *f > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            };
            write_json_string(text, &mut out.buf);
            return Ok(());
        }
        Value::Float(f) if !f.is_finite() => {
            return Err(Error::message(format_args!(
                "JSON cannot hold the float {f}"
            )))
        }
        Value::Float(f) => {
            out.buf.push_str(&java_double(*f));
            return Ok(());
        }
        Value::Map(map) => {
            if map.is_empty() {
                out.buf.push_str("{}");
                return Ok(());
            }
            let keys = distinct_keys(map)?;
            out.buf.push('{');
            for (i, (key, v)) in keys.iter().zip(map.values()).enumerate() {
                if i > 0 {
                    out.buf.push(',');
                }
                newline(&mut out.buf, inner);
                out.spill()?;
                write_json_string(key, &mut out.buf);
                out.buf.push_str(if depth.is_some() { ": " } else { ":" });
                write_plain(v, inner, out)?;
                out.spill()?;
            }
            newline(&mut out.buf, depth);
            out.buf.push('}');
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
            write_json_string(&text, &mut out.buf);
            return Ok(());
        }
    };
    if items.is_empty() {
        out.buf.push_str("[]");
        return Ok(());
    }
    out.buf.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.buf.push(',');
        }
        newline(&mut out.buf, inner);
        out.spill()?;
        write_plain(item, inner, out)?;
        out.spill()?;
    }
    newline(&mut out.buf, depth);
    out.buf.push(']');
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
