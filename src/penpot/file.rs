//! A `get-file` response (`File`) and a `get-file-fragment` response (`Fragment`).

use std::fmt;

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use uuid::Uuid;

use super::assets::{Color, Component, Media, Typography};
use super::page::Page;
use super::record::{record, record_serde, Out};
use super::{Fields, OrderedSet, PenpotValue, Pointer, TokensLib};
use crate::types::Keyword;
use crate::value::{Map, Set, Value};

//////////////////////////////////////////////////////////////////////////////
// Collections

/// A map from uuids to `T`, in the order it was read: `:pages-index`,
/// `:components`, `:colors`, `:typographies` and `:media`.
#[derive(Clone, Debug, PartialEq)]
pub struct IdMap<T> {
    entries: IndexMap<Uuid, T>,
}

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        IdMap {
            entries: IndexMap::new(),
        }
    }
}

impl<T> IdMap<T> {
    /// An empty map.
    pub fn new() -> Self {
        IdMap::default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for `id`.
    pub fn get(&self, id: &Uuid) -> Option<&T> {
        self.entries.get(id)
    }

    /// The entry for `id`, to change it.
    pub fn get_mut(&mut self, id: &Uuid) -> Option<&mut T> {
        self.entries.get_mut(id)
    }

    /// Whether `id` has an entry.
    pub fn contains(&self, id: &Uuid) -> bool {
        self.entries.contains_key(id)
    }

    /// Puts an entry in: a new id goes last, an existing one keeps its place.
    pub fn insert(&mut self, id: Uuid, value: T) -> Option<T> {
        self.entries.insert(id, value)
    }

    /// Removes an entry, keeping the order of the others.
    pub fn remove(&mut self, id: &Uuid) -> Option<T> {
        self.entries.shift_remove(id)
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Uuid, &T)> {
        self.entries.iter().map(|(id, value)| (*id, value))
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.entries.keys().copied()
    }

    /// The values, in order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.values()
    }

    pub(crate) fn read(
        value: Value,
        what: &str,
        read: impl Fn(Value) -> Result<T, String>,
    ) -> Result<Self, String> {
        let Value::Map(map) = value else {
            return Err(format!(
                "{what}: expected a map, found {}",
                value.type_name()
            ));
        };
        let mut entries = IndexMap::with_capacity(map.len());
        for (key, value) in map {
            let Value::Uuid(id) = key else {
                return Err(format!(
                    "{what}: expected uuid keys, found {}",
                    key.type_name()
                ));
            };
            let value = read(value).map_err(|e| format!("{what}: {id}: {e}"))?;
            entries.insert(id, value);
        }
        Ok(IdMap { entries })
    }

    pub(crate) fn out<'a>(&'a self, out: impl Fn(&'a T) -> Out<'a>) -> Out<'a> {
        Out::Map(
            self.entries
                .iter()
                .map(|(id, value)| (Value::Uuid(*id), out(value)))
                .collect(),
        )
    }
}

/// A part of a file that is there, or a `penpot/pointer` standing for it until it
/// is fetched with `get-file-fragment` (files with the `fdata/pointer-map`
/// feature send their pages and components so); see [`File::attach`].
#[derive(Clone, Debug, PartialEq)]
pub enum Loadable<T> {
    /// The part itself.
    Loaded(T),
    /// A pointer to it, not loaded yet.
    Pointer(Pointer),
}

impl<T> Loadable<T> {
    /// The part, when it is loaded.
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Loadable::Loaded(value) => Some(value),
            Loadable::Pointer(_) => None,
        }
    }

    /// The part, when it is loaded, to change it.
    pub fn loaded_mut(&mut self) -> Option<&mut T> {
        match self {
            Loadable::Loaded(value) => Some(value),
            Loadable::Pointer(_) => None,
        }
    }

    /// The pointer, when it is not loaded.
    pub fn pointer(&self) -> Option<&Pointer> {
        match self {
            Loadable::Loaded(_) => None,
            Loadable::Pointer(pointer) => Some(pointer),
        }
    }

    fn read(value: Value, read: impl FnOnce(Value) -> Result<T, String>) -> Result<Self, String> {
        let is_pointer = match &value {
            Value::Tagged(tagged) => tagged.tag() == Pointer::TAG,
            Value::Ext(ext) => ext.tag() == Pointer::TAG,
            _ => false,
        };
        if is_pointer {
            Pointer::from_value(value).map(Loadable::Pointer)
        } else {
            read(value).map(Loadable::Loaded)
        }
    }

    fn out<'a>(&'a self, out: impl FnOnce(&'a T) -> Out<'a>) -> Out<'a> {
        match self {
            Loadable::Loaded(value) => out(value),
            Loadable::Pointer(pointer) => Out::Owned(Value::tagged(Pointer::TAG, pointer.to_rep())),
        }
    }
}

/// Where in a file a pointer stands, and so what its fragment holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The page with this id (`:pages-index`).
    Page(Uuid),
    /// `:components`.
    Components,
    /// `:colors`.
    Colors,
    /// `:typographies`.
    Typographies,
    /// `:media`.
    Media,
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Page(id) => write!(f, "page {id}"),
            Slot::Components => f.write_str("components"),
            Slot::Colors => f.write_str("colors"),
            Slot::Typographies => f.write_str("typographies"),
            Slot::Media => f.write_str("media"),
        }
    }
}

//////////////////////////////////////////////////////////////////////////////
// The file's data

/// A file's `:data`: its pages in order, its library assets and design tokens, and
/// everything else as read.
#[derive(Clone, Debug, PartialEq)]
pub struct FileData {
    /// `:id`: the file's id.
    pub id: Option<Uuid>,
    /// `:pages`: the page ids, in the order the file shows them.
    pub pages: Option<Vec<Uuid>>,
    /// `:pages-index`: each page (or its pointer), by id.
    pub pages_index: Option<IdMap<Loadable<Page>>>,
    /// `:components`.
    pub components: Option<Loadable<IdMap<Component>>>,
    /// `:colors`.
    pub colors: Option<Loadable<IdMap<Color>>>,
    /// `:typographies`.
    pub typographies: Option<Loadable<IdMap<Typography>>>,
    /// `:media`.
    pub media: Option<Loadable<IdMap<Media>>>,
    /// `:tokens-lib`: the design tokens.
    pub tokens_lib: Option<TokensLib>,
    /// `:options` (`:components-v2`, `:base-font-size`…), as read.
    pub options: Option<Map>,
    /// Every other attribute (`:recent-colors`, `:plugin-data`…), as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

fn assets<T>(
    f: &mut Fields,
    name: &str,
    read: impl Fn(Value) -> Result<T, String>,
) -> Result<Option<Loadable<IdMap<T>>>, String> {
    let what = format!(":{name}");
    match f.take_present(name) {
        None => Ok(None),
        Some(value) => Loadable::read(value, |value| IdMap::read(value, &what, &read))
            .map(Some)
            .map_err(|e| format!("file data: {e}")),
    }
}

fn assets_out<'a, T>(
    assets: &'a Option<Loadable<IdMap<T>>>,
    out: impl Fn(&'a T) -> Out<'a> + Copy,
) -> Option<Out<'a>> {
    assets
        .as_ref()
        .map(|loadable| loadable.out(|map| map.out(out)))
}

impl FileData {
    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("file data", value)?;
        let pages = match f.take_present("pages") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|item| match item {
                        Value::Uuid(id) => Ok(*id),
                        other => Err(format!(
                            "file data: :pages must hold uuids, found {}",
                            other.type_name()
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(other) => {
                return Err(format!(
                    "file data: :pages must be an array, found {}",
                    other.type_name()
                ))
            }
        };
        let pages_index = match f.take_present("pages-index") {
            None => None,
            Some(value) => Some(
                IdMap::read(value, ":pages-index", |page| {
                    Loadable::read(page, Page::read)
                })
                .map_err(|e| format!("file data: {e}"))?,
            ),
        };
        let options = match f.take_present("options") {
            None => None,
            Some(Value::Map(map)) => Some(map),
            Some(other) => {
                return Err(format!(
                    "file data: :options must be a map, found {}",
                    other.type_name()
                ))
            }
        };
        Ok(FileData {
            key_order: f.order(),
            id: f.opt_uuid("id")?,
            pages,
            pages_index,
            components: assets(&mut f, "components", Component::read)?,
            colors: assets(&mut f, "colors", Color::read)?,
            typographies: assets(&mut f, "typographies", Typography::read)?,
            media: assets(&mut f, "media", Media::read)?,
            tokens_lib: f
                .opt_typed("tokens-lib")
                .map_err(|e| format!("file data: {e}"))?,
            options,
            attrs: f.rest(),
        })
    }

    pub(crate) fn out(&self) -> Out<'_> {
        record(
            vec![
                ("id", self.id.map(|id| Out::Owned(Value::Uuid(id)))),
                (
                    "pages",
                    self.pages.as_ref().map(|pages| {
                        Out::Owned(Value::from(
                            pages.iter().map(|id| Value::Uuid(*id)).collect::<Vec<_>>(),
                        ))
                    }),
                ),
                (
                    "pages-index",
                    self.pages_index
                        .as_ref()
                        .map(|index| index.out(|page| page.out(Page::out))),
                ),
                ("components", assets_out(&self.components, Component::out)),
                ("colors", assets_out(&self.colors, Color::out)),
                (
                    "typographies",
                    assets_out(&self.typographies, Typography::out),
                ),
                ("media", assets_out(&self.media, Media::out)),
                (
                    "tokens-lib",
                    self.tokens_lib
                        .as_ref()
                        .map(|lib| Out::Owned(Value::tagged(TokensLib::TAG, lib.to_rep()))),
                ),
                ("options", self.options.as_ref().map(Out::MapRef)),
            ],
            &self.attrs,
            &self.key_order,
        )
    }

    /// Reads the data from its decoded map.
    ///
    /// # Errors
    ///
    /// When it is not a map, or a typed attribute does not fit.
    pub fn from_value(value: Value) -> crate::Result<Self> {
        FileData::read(value).map_err(|msg| crate::Error::custom_message(&msg))
    }

    /// The data as the map it is written as.
    pub fn to_value(&self) -> Value {
        self.out().to_value()
    }

    /// The pages in the order of `:pages`, each with its entry of `:pages-index`
    /// (`None` when it has none), then the pages of `:pages-index` that `:pages`
    /// does not list, in their order. An id listed twice comes once.
    pub fn pages(&self) -> impl Iterator<Item = (Uuid, Option<&Loadable<Page>>)> + '_ {
        let listed: &[Uuid] = self.pages.as_deref().unwrap_or(&[]);
        let index = self.pages_index.as_ref();
        let mut seen = foldhash::HashSet::default();
        let in_order = listed
            .iter()
            .filter(move |id| seen.insert(**id))
            .map(move |id| (*id, index.and_then(|index| index.get(id))));
        let all_listed: foldhash::HashSet<Uuid> = listed.iter().copied().collect();
        let unlisted = index
            .into_iter()
            .flat_map(|index| index.iter())
            .filter(move |(id, _)| !all_listed.contains(id))
            .map(|(id, page)| (id, Some(page)));
        in_order.chain(unlisted)
    }

    /// The page `id`, or its pointer.
    pub fn page(&self, id: &Uuid) -> Option<&Loadable<Page>> {
        self.pages_index.as_ref()?.get(id)
    }

    /// Every pointer not loaded yet, and where it stands.
    pub fn pointers(&self) -> Vec<(Slot, &Pointer)> {
        let mut found: Vec<(Slot, &Pointer)> = self
            .pages_index
            .iter()
            .flat_map(|index| index.iter())
            .filter_map(|(id, page)| Some((Slot::Page(id), page.pointer()?)))
            .collect();
        fn pointer<T>(slot: Slot, assets: &Option<Loadable<T>>) -> Option<(Slot, &Pointer)> {
            Some((slot, assets.as_ref()?.pointer()?))
        }
        found.extend(pointer(Slot::Components, &self.components));
        found.extend(pointer(Slot::Colors, &self.colors));
        found.extend(pointer(Slot::Typographies, &self.typographies));
        found.extend(pointer(Slot::Media, &self.media));
        found
    }
}

record_serde!(FileData);

//////////////////////////////////////////////////////////////////////////////
// The file

/// A `get-file` response: the file's metadata, typed, and its [`FileData`].
///
/// It is read from the decoded document in one pass that moves its parts, without
/// looking into shapes: a page's objects are kept as they were read, and a shape
/// is only looked into when asked for (through [`Page::walk`], [`Page::shape`]…);
/// the entries of a `penpot/objects-map/v2` are only decoded then. Written back
/// untouched, opened or not, a file writes the bytes that the [`Value`] it was
/// read from writes: keys in the order they were read, every entry of an objects
/// map as its stored text. So what this crate wrote reads and writes back byte for
/// byte (a document from elsewhere may differ where any re-encoding does: JSON
/// whitespace and escapes, number spellings, and `~m` instants in verbose mode,
/// which a verbose writer spells `~t`).
///
/// ```
/// use transit_format::penpot::{File, Loadable};
///
/// let text = r#"["^ ","~:id","~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:name","New File 13",
///   "~:revn",79,"~:features",["~#set",["components/v2"]],"~:data",["^ ",
///   "~:pages",["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771"],
///   "~:pages-index",["^ ","~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771",
///     ["~#penpot/pointer",["~u3ac58b88-38b3-80c9-8007-b4f791c7c36b",["^ ","~:created-at","~m1773398778656"]]]]]]"#;
/// let file = File::from_slice(text.as_bytes())?;
/// assert_eq!(file.name.as_deref(), Some("New File 13"));
/// assert_eq!(file.revn, Some(79));
/// assert!(file.has_feature("components/v2"));
/// for (page_id, page) in file.pages() {
///     match page {
///         Some(Loadable::Loaded(page)) => println!("{page_id}: {:?}", page.name),
///         Some(Loadable::Pointer(pointer)) => println!("{page_id}: fetch fragment {}", pointer.id),
///         None => println!("{page_id}: missing"),
///     }
/// }
/// // Untouched, it writes back the bytes it was read from.
/// assert_eq!(transit_format::to_string(&file)?, text.replace("\n", "").replace("  ", ""));
/// # Ok::<(), transit_format::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// `:id`.
    pub id: Uuid,
    /// `:name`.
    pub name: Option<String>,
    /// `:project-id`.
    pub project_id: Option<Uuid>,
    /// `:team-id`.
    pub team_id: Option<Uuid>,
    /// `:revn`: the revision, counting every change.
    pub revn: Option<i64>,
    /// `:vern`: the version, counting restored snapshots.
    pub vern: Option<i64>,
    /// `:features`: the file's feature flags (`"components/v2"`,
    /// `"fdata/objects-map"`, `"fdata/pointer-map"`…).
    pub features: Option<Set<String>>,
    /// `:created-at`.
    pub created_at: Option<DateTime<Utc>>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// `:migrations`: the data migrations applied, in order.
    pub migrations: Option<OrderedSet>,
    /// `:data`.
    pub data: Option<FileData>,
    /// Every other attribute (`:permissions`, `:is-shared`, `:version`…), as read.
    pub attrs: Map,
    /// The order the keys were read in, so that the file writes back the same
    /// bytes; empty for a new file.
    pub key_order: Vec<Keyword>,
}

impl File {
    /// Decodes a `get-file` response (compact or verbose Transit).
    ///
    /// # Errors
    ///
    /// Those of [`crate::from_slice`], and those of [`File::from_value`].
    pub fn from_slice(bytes: &[u8]) -> crate::Result<Self> {
        File::from_value(crate::from_slice(bytes)?)
    }

    /// Reads a file from its decoded document.
    ///
    /// # Errors
    ///
    /// When it is not a map with a uuid `:id`, or a typed attribute does not fit
    /// (the message says where).
    pub fn from_value(value: Value) -> crate::Result<Self> {
        File::read(value).map_err(|msg| crate::Error::custom_message(&msg))
    }

    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("get-file", value)?;
        let id = f.opt_uuid("id")?.ok_or("get-file: :id is missing")?;
        let revn = opt_integer(&mut f, "revn")?;
        let vern = opt_integer(&mut f, "vern")?;
        let features = match f.take_present("features") {
            None => None,
            Some(Value::Set(set)) => Some(
                set.into_iter()
                    .map(|item| match item {
                        Value::String(s) => Ok(s.to_string()),
                        other => Err(format!(
                            "get-file: :features must hold strings, found {}",
                            other.type_name()
                        )),
                    })
                    .collect::<Result<Set<String>, _>>()?,
            ),
            Some(other) => {
                return Err(format!(
                    "get-file: :features must be a set, found {}",
                    other.type_name()
                ))
            }
        };
        let data = match f.take_present("data") {
            None => None,
            Some(value) => {
                Some(FileData::read(value).map_err(|e| format!("get-file: :data: {e}"))?)
            }
        };
        Ok(File {
            key_order: f.order(),
            id,
            name: f.opt_string("name")?,
            project_id: f.opt_uuid("project-id")?,
            team_id: f.opt_uuid("team-id")?,
            revn,
            vern,
            features,
            created_at: f.opt_instant("created-at")?,
            modified_at: f.opt_instant("modified-at")?,
            migrations: f.opt_typed("migrations")?,
            data,
            attrs: f.rest(),
        })
    }

    pub(crate) fn out(&self) -> Out<'_> {
        let uuid = |id: Option<Uuid>| id.map(|id| Out::Owned(Value::Uuid(id)));
        let integer = |n: Option<i64>| n.map(|n| Out::Owned(Value::Integer(n)));
        let instant = |t: Option<DateTime<Utc>>| t.map(|t| Out::Owned(Value::Instant(t)));
        record(
            vec![
                ("id", uuid(Some(self.id))),
                ("name", self.name.as_deref().map(|n| Out::Owned(n.into()))),
                ("project-id", uuid(self.project_id)),
                ("team-id", uuid(self.team_id)),
                ("revn", integer(self.revn)),
                ("vern", integer(self.vern)),
                (
                    "features",
                    self.features.as_ref().map(|features| {
                        Out::Owned(Value::Set(
                            features.iter().map(|s| Value::from(s.as_str())).collect(),
                        ))
                    }),
                ),
                ("created-at", instant(self.created_at)),
                ("modified-at", instant(self.modified_at)),
                (
                    "migrations",
                    self.migrations
                        .as_ref()
                        .map(|m| Out::Owned(Value::tagged(OrderedSet::TAG, m.to_rep()))),
                ),
                ("data", self.data.as_ref().map(FileData::out)),
            ],
            &self.attrs,
            &self.key_order,
        )
    }

    /// The file as the document it is written as.
    pub fn to_value(&self) -> Value {
        self.out().to_value()
    }

    /// Whether `:features` holds `feature`.
    pub fn has_feature(&self, feature: &str) -> bool {
        self.features
            .as_ref()
            .is_some_and(|features| features.iter().any(|f| f == feature))
    }

    /// The pages in order; see [`FileData::pages`].
    pub fn pages(&self) -> impl Iterator<Item = (Uuid, Option<&Loadable<Page>>)> + '_ {
        self.data.iter().flat_map(FileData::pages)
    }

    /// Every pointer not loaded yet, and where it stands: the fragments to fetch
    /// (`get-file-fragment` with the file's id and the pointer's id).
    pub fn pointers(&self) -> Vec<(Slot, &Pointer)> {
        self.data
            .as_ref()
            .map(FileData::pointers)
            .unwrap_or_default()
    }

    /// Puts a `get-file-fragment` response in the place of the pointer it answers
    /// (the pointer whose id is the fragment's `:id`), and says which place that
    /// was. A page's fragment holds the page; a components fragment (or colors,
    /// typographies, media) holds that map. A fragment whose `:file-id` is a uuid
    /// must be of this file.
    ///
    /// ```
    /// use transit_format::penpot::{File, Fragment, Slot};
    ///
    /// let mut file = File::from_slice(br#"{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:data":{
    ///   "~:pages":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771"],
    ///   "~:pages-index":{"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771":
    ///     {"~#penpot/pointer":["~u3ac58b88-38b3-80c9-8007-b4f791c7c36b",{}]}}}}"#)?;
    /// let fragment = Fragment::from_slice(br#"{"~:id":"~u3ac58b88-38b3-80c9-8007-b4f791c7c36b",
    ///   "~:file-id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770",
    ///   "~:data":{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771","~:name":"Page 1","~:objects":{}}}"#)?;
    /// let page_id = "3b9773cc-d4f1-81e1-8007-b3f8dcaba771".parse().unwrap();
    /// assert_eq!(file.attach(fragment)?, Slot::Page(page_id));
    /// let (_, page) = file.pages().next().unwrap();
    /// assert_eq!(page.unwrap().loaded().unwrap().name.as_deref(), Some("Page 1"));
    /// assert!(file.pointers().is_empty());
    /// # Ok::<(), transit_format::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// When no pointer of the file has the fragment's id, the fragment is of
    /// another file, or its data does not fit its place (such as a page with
    /// another id than the one the pointer stands for). The file is unchanged then.
    pub fn attach(&mut self, fragment: Fragment) -> crate::Result<Slot> {
        let fail = |msg: String| crate::Error::custom_message(&msg);
        let file_id = self.id;
        let slot = self
            .pointers()
            .into_iter()
            .find(|(_, pointer)| pointer.id == fragment.id)
            .map(|(slot, _)| slot)
            .ok_or_else(|| {
                fail(format!(
                    "get-file-fragment {}: file {file_id} has no pointer with that id",
                    fragment.id
                ))
            })?;
        let context = |e: String| fail(format!("get-file-fragment {}: {e}", fragment.id));
        if let Some(other) = fragment.file_id().filter(|other| *other != file_id) {
            return Err(context(format!(
                "is a fragment of file {other}, not of file {file_id}"
            )));
        }
        let data = self.data.as_mut().expect("a file with pointers has data");
        match slot {
            Slot::Page(page_id) => {
                let page = Page::read(fragment.data).map_err(context)?;
                if page.id != page_id {
                    return Err(context(format!(
                        "holds page {}, but its pointer stands for page {page_id}",
                        page.id
                    )));
                }
                let index = data.pages_index.as_mut().expect("the pointer is there");
                *index.get_mut(&page_id).expect("the pointer is there") = Loadable::Loaded(page);
            }
            Slot::Components => {
                let map = IdMap::read(fragment.data, "components", Component::read);
                data.components = Some(Loadable::Loaded(map.map_err(context)?));
            }
            Slot::Colors => {
                let map = IdMap::read(fragment.data, "colors", Color::read);
                data.colors = Some(Loadable::Loaded(map.map_err(context)?));
            }
            Slot::Typographies => {
                let map = IdMap::read(fragment.data, "typographies", Typography::read);
                data.typographies = Some(Loadable::Loaded(map.map_err(context)?));
            }
            Slot::Media => {
                let map = IdMap::read(fragment.data, "media", Media::read);
                data.media = Some(Loadable::Loaded(map.map_err(context)?));
            }
        }
        Ok(slot)
    }
}

fn opt_integer(f: &mut Fields, name: &str) -> Result<Option<i64>, String> {
    match f.take_present(name) {
        None => Ok(None),
        Some(Value::Integer(n)) => Ok(Some(n)),
        Some(other) => Err(format!(
            "get-file: :{name} must be an integer, found {}",
            other.type_name()
        )),
    }
}

record_serde!(File);

//////////////////////////////////////////////////////////////////////////////
// Fragments

/// A `get-file-fragment` response: the data a `penpot/pointer` stands for (a
/// page, or a map of components…), to put in its place with [`File::attach`].
///
/// `:file-id` is kept among the attributes rather than typed ([`Fragment::file_id`]
/// reads it): Penpot's own test data holds a fragment whose `:file-id` is not a
/// uuid, which Penpot reads without complaint.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    /// `:id`: the id of the pointer it answers.
    pub id: Uuid,
    /// `:created-at`.
    pub created_at: Option<DateTime<Utc>>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// `:data`, as read: what the pointer stands for.
    pub data: Value,
    /// Every other attribute (`:file-id`, `:type`, `:backend`…), as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl Fragment {
    /// Decodes a `get-file-fragment` response (compact or verbose Transit).
    ///
    /// # Errors
    ///
    /// Those of [`crate::from_slice`], and those of [`Fragment::from_value`].
    pub fn from_slice(bytes: &[u8]) -> crate::Result<Self> {
        Fragment::from_value(crate::from_slice(bytes)?)
    }

    /// Reads a fragment from its decoded document.
    ///
    /// # Errors
    ///
    /// When it is not a map with a uuid `:id` and a `:data`.
    pub fn from_value(value: Value) -> crate::Result<Self> {
        Fragment::read(value).map_err(|msg| crate::Error::custom_message(&msg))
    }

    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("get-file-fragment", value)?;
        Ok(Fragment {
            key_order: f.order(),
            id: f
                .opt_uuid("id")?
                .ok_or("get-file-fragment: :id is missing")?,
            created_at: f.opt_instant("created-at")?,
            modified_at: f.opt_instant("modified-at")?,
            data: f.required("data")?,
            attrs: f.rest(),
        })
    }

    pub(crate) fn out(&self) -> Out<'_> {
        let instant = |t: Option<DateTime<Utc>>| t.map(|t| Out::Owned(Value::Instant(t)));
        record(
            vec![
                ("id", Some(Out::Owned(Value::Uuid(self.id)))),
                ("created-at", instant(self.created_at)),
                ("modified-at", instant(self.modified_at)),
                ("data", Some(Out::Ref(&self.data))),
            ],
            &self.attrs,
            &self.key_order,
        )
    }

    /// The fragment as the document it is written as.
    pub fn to_value(&self) -> Value {
        self.out().to_value()
    }

    /// `:file-id`, when it is a uuid.
    pub fn file_id(&self) -> Option<Uuid> {
        match self.attrs.get_keyword("file-id")? {
            Value::Uuid(id) => Some(*id),
            _ => None,
        }
    }

    /// The data read as a page.
    ///
    /// # Errors
    ///
    /// When it is not one.
    pub fn to_page(&self) -> crate::Result<Page> {
        Page::from_value(self.data.clone())
    }
}

record_serde!(Fragment);
