//! Typed props of the 24 RPC methods whose calls Penpot sends as webhooks.
//!
//! Penpot marks 24 RPC methods as webhook events. An event's `props` are the
//! method's parameters as Penpot cleans them (nil values, namespaced keys and the
//! keys `session-id`, `password`, `old-password`, `token` and `client-secret`
//! dropped), merged with the props the method's result attaches (the new comment
//! row, the file's name…), or replaced by them for `update-file`, `update-font`
//! and `create-font-variant`.
//!
//! Every field is optional: Penpot's releases differ in what they send, and a
//! receiver should still read the rest. Keys a type does not name are kept in its
//! `extra` map, so decoding and encoding again loses nothing. Plain JSON bodies
//! carry uuids, instants and sets as strings and arrays; the typed fields read
//! those too.
//!
//! Written back (with [`EventProps::to_value`] or serde), the keys come in the order
//! Penpot's bodies have them, which is inferred from Penpot's code, not observed:
//! see the [module documentation](super#key-order).

use std::hash::Hash;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::order::penpot_order;
use crate::error::{Error, Result};
use crate::penpot::{PenpotValue, Point};
use crate::value::{Map, Set, Value};

/// The props of one webhook event type, both ways.
pub trait EventProps: Sized {
    /// The RPC method, which is the event's `name` (`"create-file"`).
    const METHOD: &'static str;

    /// Reads the props from the event's `props` map.
    ///
    /// # Errors
    ///
    /// A known key whose value has the wrong type, with the key's name.
    fn from_map(map: &Map) -> Result<Self>;

    /// The props as a map, keys in the order Penpot writes them, `extra` included.
    fn to_map(&self) -> Map;

    /// Reads the props from an event's `props` value (a map, or nil for none).
    ///
    /// # Errors
    ///
    /// A value that is not a map or nil, and those of [`EventProps::from_map`].
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Map(map) => Self::from_map(map),
            Value::Null => Self::from_map(&Map::new()),
            other => Err(Error::message(format_args!(
                "invalid type: {}, expected a map of props",
                other.type_name()
            ))),
        }
    }

    /// The props as a map value.
    fn to_value(&self) -> Value {
        Value::Map(self.to_map())
    }
}

/// A field type of the props: how it is stored in a [`Value`], and read back from
/// either content type.
pub(crate) trait Prop: Sized {
    /// What the error says was expected.
    const EXPECTED: &'static str;
    fn to_prop(&self) -> Value;
    fn from_prop(value: &Value) -> Option<Self>;
}

impl Prop for Uuid {
    const EXPECTED: &'static str = "a uuid";
    fn to_prop(&self) -> Value {
        Value::Uuid(*self)
    }
    fn from_prop(value: &Value) -> Option<Self> {
        match value {
            Value::Uuid(u) => Some(*u),
            Value::String(s) => {
                crate::value::scalar::parse_uuid(s).or_else(|| uuid_from_key_text(s))
            }
            _ => None,
        }
    }
}

impl Prop for DateTime<Utc> {
    const EXPECTED: &'static str = "an instant";
    fn to_prop(&self) -> Value {
        Value::Instant(*self)
    }
    fn from_prop(value: &Value) -> Option<Self> {
        match value {
            Value::Instant(t) => Some(*t),
            Value::String(s) => {
                crate::java_time::parse(s).and_then(DateTime::from_timestamp_millis)
            }
            _ => None,
        }
    }
}

impl Prop for String {
    const EXPECTED: &'static str = "a string";
    fn to_prop(&self) -> Value {
        Value::String(self.as_str().into())
    }
    fn from_prop(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(s.to_string()),
            _ => None,
        }
    }
}

impl Prop for bool {
    const EXPECTED: &'static str = "a boolean";
    fn to_prop(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_prop(value: &Value) -> Option<Self> {
        value.as_bool()
    }
}

impl Prop for i64 {
    const EXPECTED: &'static str = "an integer";
    fn to_prop(&self) -> Value {
        Value::Integer(*self)
    }
    fn from_prop(value: &Value) -> Option<Self> {
        match value {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }
}

impl Prop for Point {
    const EXPECTED: &'static str = "a point";
    fn to_prop(&self) -> Value {
        Value::tagged(Point::TAG, self.to_rep())
    }
    fn from_prop(value: &Value) -> Option<Self> {
        // A plain JSON body has the point's rep, `{"x": …, "y": …}`.
        Point::from_value(value.clone()).ok()
    }
}

fn items(value: &Value) -> Option<Box<dyn Iterator<Item = &Value> + '_>> {
    match value {
        Value::Set(set) => Some(Box::new(set.iter())),
        // Plain JSON has arrays only.
        Value::Array(items) | Value::List(items) => Some(Box::new(items.iter())),
        _ => None,
    }
}

/// Sets (`features`, `participants`, `mentions`…) are Clojure sets, `~#set`.
impl<T: Prop + Hash + Eq> Prop for Set<T> {
    const EXPECTED: &'static str = "a set";
    fn to_prop(&self) -> Value {
        Value::Set(self.iter().map(Prop::to_prop).collect())
    }
    fn from_prop(value: &Value) -> Option<Self> {
        items(value)?.map(T::from_prop).collect()
    }
}

/// `create-font-variant`'s `data`: Penpot turns the uploaded map into the vector
/// of its MIME types (`(comp vec keys)`), and a vector is a plain array in both
/// content types. Only an array is read, so that what is written back is what
/// was read (a `~#list` is not the same value).
impl Prop for Vec<String> {
    const EXPECTED: &'static str = "an array of strings";
    fn to_prop(&self) -> Value {
        Value::Array(self.iter().map(Prop::to_prop).collect())
    }
    fn from_prop(value: &Value) -> Option<Self> {
        match value {
            Value::Array(items) => items.iter().map(String::from_prop).collect(),
            _ => None,
        }
    }
}

/// Maps, in their order (`import-binfile`'s names: file id → name).
impl<K: Prop, V: Prop> Prop for Vec<(K, V)> {
    const EXPECTED: &'static str = "a map";
    fn to_prop(&self) -> Value {
        Value::Map(
            self.iter()
                .map(|(k, v)| (k.to_prop(), v.to_prop()))
                .collect(),
        )
    }
    fn from_prop(value: &Value) -> Option<Self> {
        let Value::Map(map) = value else { return None };
        map.iter()
            .map(|(k, v)| Some((K::from_prop(&map_key(k))?, V::from_prop(v)?)))
            .collect()
    }
}

/// Penpot's plain JSON camelCases every map key, uuids too
/// (`0e5c3c8a-d2a…` → `0e5c3c8aD2a…`), and reading that back as kebab-case puts
/// some dashes back: a uuid is still its 32 hex digits once the dashes are gone.
fn uuid_from_key_text(text: &str) -> Option<Uuid> {
    let hex: String = text.chars().filter(|&c| c != '-').collect();
    if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Uuid::try_parse(&hex).ok()
    } else {
        None
    }
}

/// A plain JSON body's map keys became kebab-case keywords; a typed map keyed by
/// strings or uuids reads them back from the keyword's text.
fn map_key(key: &Value) -> Value {
    match key {
        Value::Keyword(k) => Value::String(k.as_str().into()),
        other => other.clone(),
    }
}

/// `import-binfile`'s `name`: one name, or a name per file of a multi-file
/// import (file id → name).
#[derive(Clone, Debug, PartialEq)]
pub enum BinfileName {
    /// The name of the imported file.
    One(String),
    /// The name of each imported file, by file id.
    PerFile(Vec<(Uuid, String)>),
}

impl Prop for BinfileName {
    const EXPECTED: &'static str = "a string or a map of uuid to string";
    fn to_prop(&self) -> Value {
        match self {
            BinfileName::One(name) => name.to_prop(),
            BinfileName::PerFile(names) => names.to_prop(),
        }
    }
    fn from_prop(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(BinfileName::One(s.to_string())),
            other => Prop::from_prop(other).map(BinfileName::PerFile),
        }
    }
}

fn field<T: Prop>(value: &Value, key: &str) -> Result<Option<T>> {
    if value.is_null() {
        return Ok(None);
    }
    T::from_prop(value).map(Some).ok_or_else(|| {
        Error::message(format_args!(
            "invalid type: {}, expected {} at props.{key}",
            value.type_name(),
            T::EXPECTED
        ))
    })
}

/// The name of a keyword key without a namespace: the only keys Penpot's props
/// name (its cleaning drops namespaced ones).
fn key_name(key: &Value) -> Option<&str> {
    match key {
        Value::Keyword(k) if k.namespace().is_none() => Some(k.name()),
        _ => None,
    }
}

macro_rules! event_props {
    ($(
        $(#[$meta:meta])*
        $variant:ident($ty:ident) = $method:literal {
            $( $(#[$fmeta:meta])* $field:ident : $fty:ty = $key:literal, )*
        }
    )*) => {
        $(
            $(#[$meta])*
            #[derive(Clone, Debug, PartialEq, Default)]
            pub struct $ty {
                $( $(#[$fmeta])* pub $field: Option<$fty>, )*
                /// Any other key, as it came.
                pub extra: Map,
            }

            impl EventProps for $ty {
                const METHOD: &'static str = $method;

                fn from_map(map: &Map) -> Result<Self> {
                    let mut props = $ty::default();
                    for (key, value) in map {
                        match key_name(key) {
                            $( Some($key) => props.$field = field(value, $key)?, )*
                            _ => {
                                props.extra.insert(key.clone(), value.clone());
                            }
                        }
                    }
                    Ok(props)
                }

                fn to_map(&self) -> Map {
                    let mut entries = Vec::with_capacity(self.extra.len() + 8);
                    $(
                        if let Some(value) = &self.$field {
                            entries.push((Value::keyword($key), value.to_prop()));
                        }
                    )*
                    entries.extend(self.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
                    penpot_order(entries)
                }
            }

            impl serde::Serialize for $ty {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                    serde::Serialize::serialize(&Value::Map(self.to_map()), serializer)
                }
            }

            impl<'de> serde::Deserialize<'de> for $ty {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
                    <$ty as EventProps>::from_value(&value).map_err(serde::de::Error::custom)
                }
            }
        )*

        /// The props of every event Penpot sends, typed, by method: what
        /// [`Event::known_props`](super::Event::known_props) gives.
        #[derive(Clone, Debug, PartialEq)]
        pub enum KnownProps {
            $(
                #[doc = concat!("`", $method, "`.")]
                $variant(Box<$ty>),
            )*
            /// An event whose name Penpot does not send: its props as they are.
            Other(Value),
        }

        impl KnownProps {
            /// The typed props of the event named `name`; `Other` for a name Penpot
            /// does not send.
            ///
            /// # Errors
            ///
            /// When the props of a known event do not fit its type.
            pub fn from_event(name: &str, props: &Value) -> Result<KnownProps> {
                Ok(match name {
                    $( $method => KnownProps::$variant(Box::new(<$ty as EventProps>::from_value(props)?)), )*
                    _ => KnownProps::Other(props.clone()),
                })
            }

            /// The method (event name) of these props; `None` for `Other`.
            pub fn method(&self) -> Option<&'static str> {
                match self {
                    $( KnownProps::$variant(_) => Some($method), )*
                    KnownProps::Other(_) => None,
                }
            }

            /// The props as a value: a map with the keys in Penpot's order, or
            /// `Other`'s value as it is.
            pub fn to_value(&self) -> Value {
                match self {
                    $( KnownProps::$variant(props) => props.to_value(), )*
                    KnownProps::Other(value) => value.clone(),
                }
            }

            /// Every method whose calls Penpot sends as webhooks.
            pub const METHODS: &'static [&'static str] = &[$($method),*];
        }

        $(
            impl From<$ty> for KnownProps {
                fn from(props: $ty) -> KnownProps {
                    KnownProps::$variant(Box::new(props))
                }
            }
        )*
    };
}

event_props! {
    /// Props of `create-file`: the request (`name`, `project-id`, the optional
    /// `id`, `is-shared` and `features`) and the project's `team-id`.
    ///
    /// `features` are the ones the client sent, not the file's final set: Penpot
    /// adds the team's features to the file it creates, but not to these props.
    CreateFile(CreateFileProps) = "create-file" {
        /// The new file's id, when the client chose it.
        id: Uuid = "id",
        /// Its name.
        name: String = "name",
        /// Its project.
        project_id: Uuid = "project-id",
        /// The project's team.
        team_id: Uuid = "team-id",
        /// Whether it is a shared library.
        is_shared: bool = "is-shared",
        /// The features the client asked for (`components/v2`…), when it sent
        /// any; the file may have more.
        features: Set<String> = "features",
    }

    /// Props of `update-file`: not the changes, which Penpot replaces by a summary
    /// of the file. Penpot sends at most one per profile and file every two
    /// minutes, the last one.
    UpdateFile(UpdateFileProps) = "update-file" {
        /// The file.
        id: Uuid = "id",
        /// Its name.
        name: String = "name",
        /// Its features.
        features: Set<String> = "features",
        /// Its project.
        project_id: Uuid = "project-id",
        /// The project's team.
        team_id: Uuid = "team-id",
    }

    /// Props of `rename-file`.
    RenameFile(RenameFileProps) = "rename-file" {
        /// The file.
        id: Uuid = "id",
        /// Its new name.
        name: String = "name",
        /// Its project.
        project_id: Uuid = "project-id",
        /// When it was created.
        created_at: DateTime<Utc> = "created-at",
        /// When it was modified (renamed).
        modified_at: DateTime<Utc> = "modified-at",
    }

    /// Props of `set-file-shared`.
    ///
    /// Penpot delivers this event only when a file stops being a shared library:
    /// when a file is shared (or already is what the call asks for), its props
    /// have no `project-id`, so Penpot finds no webhook to call.
    SetFileShared(SetFileSharedProps) = "set-file-shared" {
        /// The file.
        id: Uuid = "id",
        /// Its name.
        name: String = "name",
        /// Its project.
        project_id: Uuid = "project-id",
        /// Whether it is now a shared library: `false` in every event Penpot
        /// delivers.
        is_shared: bool = "is-shared",
    }

    /// Props of `delete-file`.
    DeleteFile(DeleteFileProps) = "delete-file" {
        /// The file.
        id: Uuid = "id",
        /// Its name.
        name: String = "name",
        /// Its project.
        project_id: Uuid = "project-id",
        /// When it was created.
        created_at: DateTime<Utc> = "created-at",
        /// When it was last modified.
        modified_at: DateTime<Utc> = "modified-at",
    }

    /// Props of `link-file-to-library`.
    LinkFileToLibrary(LinkFileToLibraryProps) = "link-file-to-library" {
        /// The file that uses the library.
        file_id: Uuid = "file-id",
        /// The shared library.
        library_id: Uuid = "library-id",
    }

    /// Props of `unlink-file-from-library`.
    UnlinkFileFromLibrary(UnlinkFileFromLibraryProps) = "unlink-file-from-library" {
        /// The file that used the library.
        file_id: Uuid = "file-id",
        /// The shared library.
        library_id: Uuid = "library-id",
    }

    /// Props of `duplicate-file`: the request only.
    DuplicateFile(DuplicateFileProps) = "duplicate-file" {
        /// The file copied.
        file_id: Uuid = "file-id",
        /// The copy's name, when given.
        name: String = "name",
    }

    /// Props of `move-files`.
    MoveFiles(MoveFilesProps) = "move-files" {
        /// The files moved.
        ids: Set<Uuid> = "ids",
        /// The project they moved to.
        project_id: Uuid = "project-id",
    }

    /// Props of `export-binfile`.
    ///
    /// The event is sent when the export starts, not when it is done: Penpot
    /// answers the call with a stream and records the event before the export
    /// runs, so a failed export sends it too.
    ExportBinfile(ExportBinfileProps) = "export-binfile" {
        /// The file exported.
        file_id: Uuid = "file-id",
        /// Whether its libraries are exported with it.
        include_libraries: bool = "include-libraries",
        /// Whether library assets are embedded in the file.
        embed_assets: bool = "embed-assets",
    }

    /// Props of `import-binfile`: the request (without the upload itself) and
    /// what the import attaches from the export's manifest.
    ///
    /// Like `export-binfile`, the event is sent before the import runs, so it
    /// does not say that the import succeeded.
    ImportBinfile(ImportBinfileProps) = "import-binfile" {
        /// The name of the imported file, or of each file.
        name: BinfileName = "name",
        /// The project imported into.
        project_id: Uuid = "project-id",
        /// The file replaced, for an in-place import only (the request named
        /// it); absent when the import creates new files.
        file_id: Uuid = "file-id",
        /// The export format's version, when the request gave one (Penpot then
        /// takes 3).
        version: i64 = "version",
        /// The chunked upload that carried the file, when one did.
        upload_id: Uuid = "upload-id",
        /// What wrote the export, from its manifest: `"penpot/<version>"`
        /// (`"penpot/2.17.0"`) for Penpot's own exports,
        /// `"penpot-library/<version>"` for the penpot library's.
        generated_by: String = "generated-by",
        /// The manifest's `referer`, which only the penpot library writes (when
        /// its caller gives one). Penpot's own exports write the key as `refer`,
        /// which the import does not read, so it is absent for them.
        referer: String = "referer",
    }

    /// Props of `create-project`.
    CreateProject(CreateProjectProps) = "create-project" {
        /// The new project's id, when the client chose it.
        id: Uuid = "id",
        /// Its name.
        name: String = "name",
        /// Its team.
        team_id: Uuid = "team-id",
    }

    /// Props of `update-project-pin`. Penpot sends at most one per profile and
    /// project every five seconds, the last one.
    UpdateProjectPin(UpdateProjectPinProps) = "update-project-pin" {
        /// The project.
        id: Uuid = "id",
        /// Its team.
        team_id: Uuid = "team-id",
        /// Whether it is now pinned.
        is_pinned: bool = "is-pinned",
    }

    /// Props of `rename-project`.
    RenameProject(RenameProjectProps) = "rename-project" {
        /// The project.
        id: Uuid = "id",
        /// Its new name.
        name: String = "name",
        /// The name before.
        prev_name: String = "prev-name",
        /// Its team.
        team_id: Uuid = "team-id",
    }

    /// Props of `delete-project`.
    DeleteProject(DeleteProjectProps) = "delete-project" {
        /// The project.
        id: Uuid = "id",
        /// Its name.
        name: String = "name",
        /// Its team.
        team_id: Uuid = "team-id",
        /// When it was created.
        created_at: DateTime<Utc> = "created-at",
        /// When it was last modified.
        modified_at: DateTime<Utc> = "modified-at",
    }

    /// Props of `duplicate-project`: the request only.
    DuplicateProject(DuplicateProjectProps) = "duplicate-project" {
        /// The project copied.
        project_id: Uuid = "project-id",
        /// The copy's name, when given.
        name: String = "name",
    }

    /// Props of `move-project`. Penpot looks webhooks up by `team-id`, the team
    /// the project moved to: the source team's webhooks do not get this event.
    MoveProject(MoveProjectProps) = "move-project" {
        /// The project moved.
        project_id: Uuid = "project-id",
        /// The team it moved to.
        team_id: Uuid = "team-id",
    }

    /// Props of `clone-template`. The event is sent before the template is
    /// cloned (Penpot answers the call with a stream), so it does not say that
    /// the clone succeeded.
    CloneTemplate(CloneTemplateProps) = "clone-template" {
        /// The project the template is cloned into.
        project_id: Uuid = "project-id",
        /// The template (a name such as `"wireframing-kit"`).
        template_id: String = "template-id",
    }

    /// Props of `create-comment-thread`: the request and the new thread's row.
    /// With more than 8 keys, these props come in the order of a Clojure hash map.
    CreateCommentThread(CreateCommentThreadProps) = "create-comment-thread" {
        /// The thread.
        id: Uuid = "id",
        /// Its number in the file.
        seqn: i64 = "seqn",
        /// The file.
        file_id: Uuid = "file-id",
        /// The page.
        page_id: Uuid = "page-id",
        /// The page's name.
        page_name: String = "page-name",
        /// The frame (board) the thread is on.
        frame_id: Uuid = "frame-id",
        /// Where on the page.
        position: Point = "position",
        /// The first comment's text.
        content: String = "content",
        /// The first comment.
        comment_id: Uuid = "comment-id",
        /// The share link it was written through, if any.
        share_id: Uuid = "share-id",
        /// Who opened it.
        owner_id: Uuid = "owner-id",
        /// Their full name.
        owner_fullname: String = "owner-fullname",
        /// Their e-mail address.
        owner_email: String = "owner-email",
        /// Their photo, when they have one.
        owner_photo_id: Uuid = "owner-photo-id",
        /// Who takes part.
        participants: Set<Uuid> = "participants",
        /// Who is mentioned.
        mentions: Set<Uuid> = "mentions",
        /// Whether it is resolved.
        is_resolved: bool = "is-resolved",
        /// When it was created.
        created_at: DateTime<Utc> = "created-at",
        /// When it was last modified.
        modified_at: DateTime<Utc> = "modified-at",
    }

    /// Props of `create-comment`: the request and the new comment's row.
    CreateComment(CreateCommentProps) = "create-comment" {
        /// The comment.
        id: Uuid = "id",
        /// Its thread.
        thread_id: Uuid = "thread-id",
        /// The file.
        file_id: Uuid = "file-id",
        /// The text.
        content: String = "content",
        /// The share link it was written through, if any.
        share_id: Uuid = "share-id",
        /// Who wrote it.
        owner_id: Uuid = "owner-id",
        /// Their full name.
        owner_fullname: String = "owner-fullname",
        /// Their e-mail address.
        owner_email: String = "owner-email",
        /// Their photo, when they have one.
        owner_photo_id: Uuid = "owner-photo-id",
        /// Who is mentioned.
        mentions: Set<Uuid> = "mentions",
        /// When it was created.
        created_at: DateTime<Utc> = "created-at",
        /// When it was last modified.
        modified_at: DateTime<Utc> = "modified-at",
    }

    /// Props of `create-font-variant`: the request, with the uploaded data
    /// reduced to its MIME types, and who uploaded it. A request that sent its
    /// fonts as chunked `uploads` has them turned into `data` first: `uploads` is
    /// never in these props.
    CreateFontVariant(CreateFontVariantProps) = "create-font-variant" {
        /// The team.
        team_id: Uuid = "team-id",
        /// The font family's id.
        font_id: Uuid = "font-id",
        /// The font family's name.
        font_family: String = "font-family",
        /// The weight (`400`…).
        font_weight: i64 = "font-weight",
        /// The style (`"normal"`, `"italic"`).
        font_style: String = "font-style",
        /// The MIME types of the uploaded files (`"font/ttf"`…): a vector, a
        /// plain array in both content types.
        data: Vec<String> = "data",
        /// Who uploaded it.
        profile_id: Uuid = "profile-id",
    }

    /// Props of `update-font` (replaced by a summary of the font).
    UpdateFont(UpdateFontProps) = "update-font" {
        /// The font family.
        id: Uuid = "id",
        /// Its new name.
        name: String = "name",
        /// Its team.
        team_id: Uuid = "team-id",
        /// Who renamed it.
        profile_id: Uuid = "profile-id",
    }

    /// Props of `delete-font`.
    DeleteFont(DeleteFontProps) = "delete-font" {
        /// The font family.
        id: Uuid = "id",
        /// Its name.
        name: String = "name",
        /// Its team.
        team_id: Uuid = "team-id",
        /// Who deleted it.
        profile_id: Uuid = "profile-id",
    }

    /// Props of `delete-font-variant`.
    DeleteFontVariant(DeleteFontVariantProps) = "delete-font-variant" {
        /// The variant.
        id: Uuid = "id",
        /// Its team.
        team_id: Uuid = "team-id",
        /// The font family's id.
        font_id: Uuid = "font-id",
        /// The font family's name.
        font_family: String = "font-family",
    }
}
