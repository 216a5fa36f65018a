//! A page, its objects map, and its shapes as a tree.

use std::collections::VecDeque;
use std::fmt;

use uuid::Uuid;

use super::record::{record, record_serde, Out};
use super::text::TextNode;
use super::{Fields, ObjectsMap, PathCommand, PathData, PenpotValue, Shape};
use crate::types::Keyword;
use crate::value::{Map, Value};

/// A page of a file: its id, name, options and objects (the shapes), and every
/// other attribute as read.
///
/// ```
/// use transit_format::penpot::Page;
///
/// let text = r#"{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771","~:name":"Page 1","~:objects":{
///   "~u00000000-0000-0000-0000-000000000000":{"~#shape":{"~:id":"~u00000000-0000-0000-0000-000000000000",
///     "~:type":"~:frame","~:name":"Root Frame","~:parent-id":"~u00000000-0000-0000-0000-000000000000",
///     "~:shapes":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba772"]}},
///   "~u3b9773cc-d4f1-81e1-8007-b3f8dcaba772":{"~#shape":{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba772",
///     "~:type":"~:rect","~:name":"Box","~:parent-id":"~u00000000-0000-0000-0000-000000000000"}}}}"#;
/// let page: Page = transit_format::from_str(text)?;
/// assert_eq!(page.name.as_deref(), Some("Page 1"));
/// let names: Vec<_> = page
///     .walk()
///     .map(|step| {
///         let visit = step.unwrap();
///         format!("{}{}", "  ".repeat(visit.depth), visit.shape.name().unwrap())
///     })
///     .collect();
/// assert_eq!(names, ["Root Frame", "  Box"]);
/// # Ok::<(), transit_format::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// `:id`.
    pub id: Uuid,
    /// `:name`.
    pub name: Option<String>,
    /// `:options`, as read.
    pub options: Option<Map>,
    /// `:objects`: the shapes, by id.
    pub objects: Option<Objects>,
    /// Every other attribute (`:flows`, `:guides`, `:background`…), as read.
    pub attrs: Map,
    /// The order the keys were read in, so that the page writes back the same
    /// bytes; empty for a new page.
    pub key_order: Vec<Keyword>,
}

impl Page {
    /// A page with no shapes.
    pub fn new(id: Uuid, name: impl Into<String>) -> Self {
        Page {
            id,
            name: Some(name.into()),
            options: None,
            objects: Some(Objects::new()),
            attrs: Map::new(),
            key_order: Vec::new(),
        }
    }

    /// Reads a page from its decoded map.
    ///
    /// # Errors
    ///
    /// When it is not a map with a uuid `:id`, or a typed attribute does not fit.
    pub fn from_value(value: Value) -> crate::Result<Self> {
        Page::read(value).map_err(|msg| crate::Error::custom_message(&msg))
    }

    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("page", value)?;
        let id = f.opt_uuid("id")?.ok_or("page: :id is missing")?;
        let name = f.opt_string("name")?;
        let options = match f.take_present("options") {
            None => None,
            Some(Value::Map(map)) => Some(map),
            Some(other) => {
                return Err(format!(
                    "page: :options must be a map, found {}",
                    other.type_name()
                ))
            }
        };
        let objects = match f.take_present("objects") {
            None => None,
            Some(value) => Some(Objects::read(value).map_err(|e| format!("page: :objects: {e}"))?),
        };
        Ok(Page {
            key_order: f.order(),
            id,
            name,
            options,
            objects,
            attrs: f.rest(),
        })
    }

    /// The page as the map it is written as.
    pub fn to_value(&self) -> Value {
        self.out().to_value()
    }

    pub(crate) fn out(&self) -> Out<'_> {
        record(
            vec![
                ("id", Some(Out::Owned(Value::Uuid(self.id)))),
                ("name", self.name.as_deref().map(|n| Out::Owned(n.into()))),
                ("options", self.options.as_ref().map(Out::MapRef)),
                ("objects", self.objects.as_ref().map(Objects::out)),
            ],
            &self.attrs,
            &self.key_order,
        )
    }

    /// The shape `id`; see [`Objects::get`].
    pub fn shape(&self, id: &Uuid) -> Option<Result<ShapeRef<'_>, Problem>> {
        self.objects.as_ref()?.get(id)
    }

    /// The root frame (the shape whose id is all zeros); see [`Objects::root`].
    pub fn root(&self) -> Option<Result<ShapeRef<'_>, Problem>> {
        self.objects.as_ref()?.root()
    }

    /// Every shape, depth first from the root frame; see [`Objects::walk`]. A page
    /// without `:objects` has none.
    pub fn walk(&self) -> Walk<'_> {
        match &self.objects {
            Some(objects) => objects.walk(),
            None => Walk::empty(),
        }
    }
}

record_serde!(Page);

//////////////////////////////////////////////////////////////////////////////
// The objects map

/// A page's (or a component's) `:objects`: shapes by id, in the order they were
/// read. Stored as it was read, either a plain map of `shape` values, or a
/// `penpot/objects-map/v2` whose entries are compact Transit texts, each decoded
/// only when that shape is asked for (and then kept). Either way it writes back
/// the same bytes, opened or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Objects {
    inner: Inner,
}

#[derive(Clone, Debug, PartialEq)]
enum Inner {
    /// A map from ids to shapes, as read: nothing of a shape is looked at until it
    /// is asked for.
    Map(Map),
    Lazy(ObjectsMap),
}

impl Default for Objects {
    fn default() -> Self {
        Objects::new()
    }
}

/// The id of every page's root frame.
const ROOT: Uuid = Uuid::nil();

impl Objects {
    /// No shapes, stored as a plain map.
    pub fn new() -> Self {
        Objects {
            inner: Inner::Map(Map::new()),
        }
    }

    /// Reads `:objects`: a map from ids to shapes, or a `penpot/objects-map/v2`.
    ///
    /// # Errors
    ///
    /// When it is neither.
    pub fn from_value(value: Value) -> crate::Result<Self> {
        Objects::read(value).map_err(|msg| crate::Error::custom_message(&msg))
    }

    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let inner = match value {
            Value::Map(mut map) => {
                // Values typed by read handlers are kept as the tagged values they
                // stand for, so that every shape can be looked into as a map.
                if map.values().any(|v| matches!(v, Value::Ext(_))) {
                    let mut plain = Map::with_capacity(map.len());
                    for (key, value) in map {
                        plain.insert(key, untyped(value));
                    }
                    map = plain;
                }
                Inner::Map(map)
            }
            value @ (Value::Tagged(_) | Value::Ext(_)) => {
                Inner::Lazy(ObjectsMap::from_value(value)?)
            }
            other => {
                return Err(format!(
                    "expected a map or a penpot/objects-map/v2, found {}",
                    other.type_name()
                ))
            }
        };
        Ok(Objects { inner })
    }

    /// Objects kept as a `penpot/objects-map/v2`.
    pub fn from_objects_map(objects: ObjectsMap) -> Self {
        Objects {
            inner: Inner::Lazy(objects),
        }
    }

    /// The `penpot/objects-map/v2` it was read from, if it was.
    pub fn as_objects_map(&self) -> Option<&ObjectsMap> {
        match &self.inner {
            Inner::Lazy(objects) => Some(objects),
            Inner::Map(_) => None,
        }
    }

    /// The plain map it was read from, if it was.
    pub fn as_map(&self) -> Option<&Map> {
        match &self.inner {
            Inner::Map(map) => Some(map),
            Inner::Lazy(_) => None,
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        match &self.inner {
            Inner::Map(map) => map.len(),
            Inner::Lazy(objects) => objects.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ids, in order (a key of a plain map that is not a uuid is left out;
    /// [`Objects::walk`] reports it).
    pub fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        let in_map = self.as_map().into_iter().flat_map(|map| {
            map.keys().filter_map(|key| match key {
                Value::Uuid(id) => Some(*id),
                _ => None,
            })
        });
        let in_objects_map = self
            .as_objects_map()
            .into_iter()
            .flat_map(|objects| objects.ids().copied());
        in_map.chain(in_objects_map)
    }

    /// Whether `id` has an entry.
    pub fn contains(&self, id: &Uuid) -> bool {
        match &self.inner {
            Inner::Map(map) => map.contains_key(&Value::Uuid(*id)),
            Inner::Lazy(objects) => objects.contains(id),
        }
    }

    /// The shape `id`, or `None` when there is no such entry. An entry of an
    /// objects map is decoded the first time it is asked for.
    ///
    /// # Errors
    ///
    /// [`Problem::Unreadable`] when the entry is not a shape (or its text is not
    /// Transit).
    pub fn get(&self, id: &Uuid) -> Option<Result<ShapeRef<'_>, Problem>> {
        let value = match &self.inner {
            Inner::Map(map) => Ok(map.get(&Value::Uuid(*id))?),
            Inner::Lazy(objects) => objects.decoded(id)?,
        };
        let unreadable = |reason: String| Problem::Unreadable { id: *id, reason };
        Some(match value {
            Ok(value) => match shape_map(value) {
                Some(attrs) => Ok(ShapeRef { id: *id, attrs }),
                None => Err(unreadable(format!(
                    "expected a shape, found {}",
                    describe(value)
                ))),
            },
            Err(message) => Err(unreadable(message.to_owned())),
        })
    }

    /// The root frame: the shape whose id is all zeros.
    pub fn root(&self) -> Option<Result<ShapeRef<'_>, Problem>> {
        self.get(&ROOT)
    }

    /// The children of `shape`, in the order of its `:shapes` key (the order
    /// Penpot stacks them in).
    pub fn children<'a>(&'a self, shape: &ShapeRef<'a>) -> Children<'a> {
        Children {
            objects: self,
            parent: shape.id,
            ids: shape.child_values().iter(),
        }
    }

    /// The parent chain of shape `id`: its parent, that one's parent, and so on
    /// up to the root frame (which is its own parent). Ends after an error: a
    /// parent that is missing or unreadable, or a chain that comes back on itself.
    pub fn ancestors(&self, id: &Uuid) -> Ancestors<'_> {
        Ancestors {
            objects: self,
            current: Some(*id),
            seen: std::iter::once(*id).collect(),
        }
    }

    /// Every shape once, depth first: the root frame at depth 0, then each
    /// shape's children in the order of its `:shapes` key. Inconsistent input is
    /// reported as an `Err` between the shapes, and the walk goes on:
    ///
    /// * a listed child that is missing, or listed a second time (by another
    ///   shape, twice, or in a cycle), is reported and not walked again;
    /// * a child whose `:parent-id` is not the shape listing it is reported, and
    ///   walked where it is listed;
    /// * shapes not reached from the root are reported, then walked at depth 0
    ///   (first those whose parent is missing, then any others), so that every
    ///   shape of the map is visited exactly once.
    ///
    /// The walk uses no recursion, and never visits a shape twice.
    pub fn walk(&self) -> Walk<'_> {
        Walk {
            objects: Some(self),
            stack: Vec::new(),
            seen: foldhash::HashSet::default(),
            problems: VecDeque::new(),
            phase: Phase::Start,
        }
    }

    /// Puts a shape in, or replaces one: a tagged `shape` value (such as
    /// `Value::tagged("shape", shape.to_rep())` for a [`Shape`]) or a plain map.
    /// In an objects map it is written as compact Transit.
    pub fn insert(&mut self, id: Uuid, shape: Value) {
        match &mut self.inner {
            Inner::Map(map) => {
                map.insert(Value::Uuid(id), untyped(shape));
            }
            Inner::Lazy(objects) => objects.insert(id, shape),
        }
    }

    /// Removes shape `id` (only the entry: its parent still lists it), keeping the
    /// order of the others.
    pub fn remove(&mut self, id: &Uuid) -> bool {
        match &mut self.inner {
            Inner::Map(map) => map.remove(&Value::Uuid(*id)).is_some(),
            Inner::Lazy(objects) => objects.remove(id),
        }
    }

    /// The objects as the value they are written as.
    pub fn to_value(&self) -> Value {
        match &self.inner {
            Inner::Map(map) => Value::Map(map.clone()),
            Inner::Lazy(objects) => Value::tagged(ObjectsMap::TAG, objects.to_rep()),
        }
    }

    pub(crate) fn out(&self) -> Out<'_> {
        match &self.inner {
            Inner::Map(map) => Out::MapRef(map),
            Inner::Lazy(objects) => Out::Objects(objects),
        }
    }

    /// The keys of a plain map that are not uuids, as text.
    fn stray_keys(&self) -> Vec<String> {
        match &self.inner {
            Inner::Map(map) => map
                .keys()
                .filter(|key| !matches!(key, Value::Uuid(_)))
                .map(|key| key.to_string())
                .collect(),
            Inner::Lazy(_) => Vec::new(),
        }
    }
}

record_serde!(Objects);

/// A typed value made by a read handler, as the tagged value it stands for.
fn untyped(value: Value) -> Value {
    match value {
        Value::Ext(ext) => Value::tagged(ext.tag(), ext.rep()),
        value => value,
    }
}

/// The attributes of a shape value: the rep of a `shape` tag, or a plain map.
fn shape_map(value: &Value) -> Option<&Map> {
    match value {
        Value::Tagged(tagged) if tagged.tag() == Shape::TAG => tagged.rep().as_map(),
        Value::Map(map) => Some(map),
        _ => None,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Tagged(tagged) => format!("a value tagged {:?}", tagged.tag()),
        other => other.type_name().to_owned(),
    }
}

//////////////////////////////////////////////////////////////////////////////
// Shapes

/// A shape's kind: its `:type`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ShapeKind {
    /// `:frame`: a board, and the root frame.
    Frame,
    /// `:group`.
    Group,
    /// `:bool`: a boolean operation of its children.
    Bool,
    /// `:rect`.
    Rect,
    /// `:path`.
    Path,
    /// `:text`.
    Text,
    /// `:circle`: an ellipse.
    Circle,
    /// `:svg-raw`: an imported SVG element.
    SvgRaw,
    /// `:image`.
    Image,
    /// Any other kind, by its keyword.
    Other(Keyword),
}

impl ShapeKind {
    /// The kind named by a `:type` keyword's name.
    ///
    /// ```
    /// use transit_format::penpot::ShapeKind;
    /// assert_eq!(ShapeKind::from_name("svg-raw"), ShapeKind::SvgRaw);
    /// assert_eq!(ShapeKind::from_name("sticker").as_str(), "sticker");
    /// ```
    pub fn from_name(name: &str) -> ShapeKind {
        match name {
            "frame" => ShapeKind::Frame,
            "group" => ShapeKind::Group,
            "bool" => ShapeKind::Bool,
            "rect" => ShapeKind::Rect,
            "path" => ShapeKind::Path,
            "text" => ShapeKind::Text,
            "circle" => ShapeKind::Circle,
            "svg-raw" => ShapeKind::SvgRaw,
            "image" => ShapeKind::Image,
            other => ShapeKind::Other(Keyword::from(other)),
        }
    }

    fn from_keyword(keyword: &Keyword) -> ShapeKind {
        match ShapeKind::from_name(keyword.as_str()) {
            // The keyword read, shared rather than made again.
            ShapeKind::Other(_) => ShapeKind::Other(keyword.clone()),
            kind => kind,
        }
    }

    /// The keyword's name (`"rect"`, `"svg-raw"`…).
    pub fn as_str(&self) -> &str {
        match self {
            ShapeKind::Frame => "frame",
            ShapeKind::Group => "group",
            ShapeKind::Bool => "bool",
            ShapeKind::Rect => "rect",
            ShapeKind::Path => "path",
            ShapeKind::Text => "text",
            ShapeKind::Circle => "circle",
            ShapeKind::SvgRaw => "svg-raw",
            ShapeKind::Image => "image",
            ShapeKind::Other(keyword) => keyword.as_str(),
        }
    }
}

impl fmt::Display for ShapeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A shape of an objects map, looked into where it is stored: its attributes are
/// read when asked for, and nothing is copied. [`ShapeRef::to_shape`] makes the
/// typed [`Shape`]. Two are equal when they have the same id and attributes.
#[derive(Clone, Copy, PartialEq)]
pub struct ShapeRef<'a> {
    id: Uuid,
    attrs: &'a Map,
}

impl<'a> ShapeRef<'a> {
    /// The id it is stored under.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// Whether this is the root frame (the id of all zeros).
    pub fn is_root(&self) -> bool {
        self.id == ROOT
    }

    /// Every attribute, as read (keyword keys: `:type`, `:name`, `:fills`…).
    pub fn attrs(&self) -> &'a Map {
        self.attrs
    }

    /// The attribute `:name` (a keyword key given by its name).
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.attrs.get_keyword(name)
    }

    fn uuid(&self, name: &str) -> Option<Uuid> {
        match self.get(name)? {
            Value::Uuid(id) => Some(*id),
            _ => None,
        }
    }

    /// The kind, from `:type` (`None` when that is absent or not a keyword).
    pub fn kind(&self) -> Option<ShapeKind> {
        self.get("type")?.as_keyword().map(ShapeKind::from_keyword)
    }

    /// The name of the `:type` keyword, as read.
    pub fn kind_name(&self) -> Option<&'a str> {
        Some(self.get("type")?.as_keyword()?.as_str())
    }

    /// `:name`.
    pub fn name(&self) -> Option<&'a str> {
        self.get("name")?.as_str()
    }

    /// `:parent-id` (the root frame is its own parent).
    pub fn parent_id(&self) -> Option<Uuid> {
        self.uuid("parent-id")
    }

    /// `:frame-id`: the board it is drawn in.
    pub fn frame_id(&self) -> Option<Uuid> {
        self.uuid("frame-id")
    }

    /// The entries of `:shapes` (the ids of the children), as read.
    fn child_values(&self) -> &'a [Value] {
        self.get("shapes").and_then(Value::as_array).unwrap_or(&[])
    }

    /// The ids in `:shapes`, in order (entries that are not uuids are left out;
    /// [`Objects::walk`] reports them).
    pub fn child_ids(&self) -> impl Iterator<Item = Uuid> + 'a {
        self.child_values().iter().filter_map(|v| match v {
            Value::Uuid(id) => Some(*id),
            _ => None,
        })
    }

    /// A text shape's `:content` as its tree (root, paragraph sets, paragraphs,
    /// text leaves); `None` when there is no `:content` map.
    ///
    /// # Errors
    ///
    /// When a node does not fit (see [`TextNode::from_value`]).
    pub fn text_content(&self) -> Option<crate::Result<TextNode>> {
        let content = self.get("content")?;
        content.as_map()?;
        Some(TextNode::from_value(content))
    }

    /// A text shape's text, paragraphs separated by newlines (see
    /// [`TextNode::plain_text`]); `None` when there is no `:content` map.
    pub fn plain_text(&self) -> Option<String> {
        self.text_content()?.ok().map(|node| node.plain_text())
    }

    /// A path's (or a bool shape's) `:content` as commands: binary
    /// `penpot/path-data`, or the older array of `{:command …, :params …}` maps.
    /// `None` when there is no `:content`.
    ///
    /// # Errors
    ///
    /// When the content is neither, or holds an unknown command.
    pub fn path_commands(&self) -> Option<crate::Result<Vec<PathCommand>>> {
        Some(path_commands(self.get("content")?).map_err(|msg| crate::Error::custom_message(&msg)))
    }

    /// The typed [`Shape`], made now.
    ///
    /// # Errors
    ///
    /// When a typed attribute does not fit (such as an `:id` that is not a uuid).
    pub fn to_shape(&self) -> crate::Result<Shape> {
        Shape::from_rep(Value::Map(self.attrs.clone()))
            .map_err(|msg| crate::Error::custom_message(&msg))
    }
}

impl fmt::Debug for ShapeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShapeRef")
            .field("id", &self.id)
            .field("type", &self.kind_name())
            .field("name", &self.name())
            .finish_non_exhaustive()
    }
}

/// The commands of a path's `:content`.
fn path_commands(content: &Value) -> Result<Vec<PathCommand>, String> {
    let data = match content {
        Value::Tagged(tagged) if tagged.tag() == PathData::TAG => match tagged.rep() {
            Value::Bytes(bytes) => PathData::from_bytes(bytes)?,
            other => {
                return Err(format!(
                    "{}: expected bytes, found {}",
                    PathData::TAG,
                    other.type_name()
                ))
            }
        },
        Value::Ext(_) => PathData::from_value(content.clone())?,
        Value::Array(items) => return items.iter().map(legacy_command).collect(),
        other => {
            return Err(format!(
                "path content: expected penpot/path-data or an array of commands, found {}",
                describe(other)
            ))
        }
    };
    data.segments
        .iter()
        .enumerate()
        .map(|(i, segment)| {
            segment
                .command()
                .ok_or_else(|| format!("path segment {i}: unknown command {}", segment.command))
        })
        .collect()
}

/// One command of the older path content: `{:command :line-to, :params {:x …, :y …}}`.
fn legacy_command(item: &Value) -> Result<PathCommand, String> {
    let command = item
        .get_keyword("command")
        .and_then(Value::as_keyword)
        .ok_or("path command: expected a map with a keyword :command")?;
    let params = item.get_keyword("params");
    let param = |name: &str| -> Result<f32, String> {
        let value = params.and_then(|p| p.get_keyword(name));
        match value {
            Some(Value::Integer(i)) => Ok(*i as f32),
            Some(Value::Float(f)) => Ok(*f as f32),
            _ => Err(format!(
                "path command {}: :params :{name} must be a number",
                command.as_str()
            )),
        }
    };
    Ok(match command.as_str() {
        "move-to" => PathCommand::MoveTo {
            x: param("x")?,
            y: param("y")?,
        },
        "line-to" => PathCommand::LineTo {
            x: param("x")?,
            y: param("y")?,
        },
        "curve-to" => PathCommand::CurveTo {
            c1x: param("c1x")?,
            c1y: param("c1y")?,
            c2x: param("c2x")?,
            c2y: param("c2y")?,
            x: param("x")?,
            y: param("y")?,
        },
        "close-path" => PathCommand::ClosePath,
        other => return Err(format!("path command: unknown command :{other}")),
    })
}

//////////////////////////////////////////////////////////////////////////////
// Problems, children, ancestors, the walk

/// Something inconsistent in an objects map, found while looking through it.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// `parent`'s `:shapes` lists `child`, which has no entry.
    MissingChild {
        /// The shape listing it.
        parent: Uuid,
        /// The missing id.
        child: Uuid,
    },
    /// An entry of `parent`'s `:shapes` that is not a uuid.
    NotAnId {
        /// The shape listing it.
        parent: Uuid,
        /// The entry, as EDN.
        found: String,
    },
    /// `child` was reached a second time (listed by another shape too, listed
    /// twice, or in a cycle), here under `parent`: it is not walked again.
    Revisited {
        /// The shape listing it the second time.
        parent: Uuid,
        /// The shape reached again.
        child: Uuid,
    },
    /// `child` is listed in `listed_under`'s `:shapes`, but its `:parent-id` is
    /// `parent_id`.
    WrongParent {
        /// The shape listed.
        child: Uuid,
        /// The shape listing it.
        listed_under: Uuid,
        /// What its `:parent-id` says.
        parent_id: Option<Uuid>,
    },
    /// There are shapes, but no root frame (the id of all zeros).
    NoRoot,
    /// Shape `id` is not reached from the root frame; its `:parent-id` is
    /// `parent_id`. It is walked on its own, at depth 0.
    Unreachable {
        /// The shape.
        id: Uuid,
        /// What its `:parent-id` says.
        parent_id: Option<Uuid>,
    },
    /// Shape `id`'s parent `parent` (from its `:parent-id`) has no entry.
    MissingParent {
        /// The shape.
        id: Uuid,
        /// Its `:parent-id`.
        parent: Uuid,
    },
    /// Following `:parent-id` from a shape came back to `id`.
    ParentCycle {
        /// The shape reached again.
        id: Uuid,
    },
    /// The entry for `id` is not a shape, or its stored text is not Transit.
    Unreadable {
        /// The id.
        id: Uuid,
        /// Why.
        reason: String,
    },
    /// A key of the objects map that is not a uuid (as EDN); its entry is not
    /// walked.
    StrayKey {
        /// The key.
        key: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::MissingChild { parent, child } => {
                write!(f, "shape {parent} lists child {child}, which is missing")
            }
            Problem::NotAnId { parent, found } => {
                write!(f, "shape {parent} lists a child that is not a uuid: {found}")
            }
            Problem::Revisited { parent, child } => write!(
                f,
                "shape {parent} lists child {child}, which was already reached (listed twice, or a cycle)"
            ),
            Problem::WrongParent {
                child,
                listed_under,
                parent_id,
            } => match parent_id {
                Some(parent) => write!(
                    f,
                    "shape {child} is listed under {listed_under}, but its parent-id is {parent}"
                ),
                None => write!(
                    f,
                    "shape {child} is listed under {listed_under}, but has no parent-id"
                ),
            },
            Problem::NoRoot => f.write_str("there is no root frame"),
            Problem::Unreachable { id, parent_id } => match parent_id {
                Some(parent) => write!(
                    f,
                    "shape {id} is not reached from the root frame (its parent-id is {parent})"
                ),
                None => write!(
                    f,
                    "shape {id} is not reached from the root frame (it has no parent-id)"
                ),
            },
            Problem::MissingParent { id, parent } => {
                write!(f, "the parent {parent} of shape {id} is missing")
            }
            Problem::ParentCycle { id } => {
                write!(f, "the parent chain comes back to shape {id}")
            }
            Problem::Unreadable { id, reason } => write!(f, "shape {id} cannot be read: {reason}"),
            Problem::StrayKey { key } => write!(f, "objects key {key} is not a uuid"),
        }
    }
}

impl std::error::Error for Problem {}

/// The children of a shape, in the order of its `:shapes` key; see
/// [`Objects::children`].
pub struct Children<'a> {
    objects: &'a Objects,
    parent: Uuid,
    ids: std::slice::Iter<'a, Value>,
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<ShapeRef<'a>, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        let parent = self.parent;
        Some(match self.ids.next()? {
            Value::Uuid(child) => self
                .objects
                .get(child)
                .unwrap_or(Err(Problem::MissingChild {
                    parent,
                    child: *child,
                })),
            other => Err(Problem::NotAnId {
                parent,
                found: other.to_string(),
            }),
        })
    }
}

/// The parent chain of a shape; see [`Objects::ancestors`].
pub struct Ancestors<'a> {
    objects: &'a Objects,
    /// The shape whose parent comes next.
    current: Option<Uuid>,
    /// The shapes of the chain so far: a parent among them is a cycle.
    seen: foldhash::HashSet<Uuid>,
}

impl<'a> Iterator for Ancestors<'a> {
    type Item = Result<ShapeRef<'a>, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        let id = self.current.take()?;
        let shape = match self.objects.get(&id) {
            Some(Ok(shape)) => shape,
            Some(Err(problem)) => return Some(Err(problem)),
            None => return None,
        };
        let parent = shape.parent_id()?;
        if parent == id {
            return None;
        }
        if !self.seen.insert(parent) {
            return Some(Err(Problem::ParentCycle { id: parent }));
        }
        Some(match self.objects.get(&parent) {
            None => Err(Problem::MissingParent { id, parent }),
            Some(Err(problem)) => Err(problem),
            Some(Ok(shape)) => {
                self.current = Some(parent);
                Ok(shape)
            }
        })
    }
}

/// A shape reached by a [`Walk`].
#[derive(Clone, Copy, Debug)]
pub struct Visit<'a> {
    /// The shape.
    pub shape: ShapeRef<'a>,
    /// The shape that lists it (`None` for the root frame, and for a shape not
    /// reached from it).
    pub parent: Option<Uuid>,
    /// 0 for the root frame, 1 for its children, and so on.
    pub depth: usize,
}

/// A depth-first walk over every shape; see [`Objects::walk`].
pub struct Walk<'a> {
    objects: Option<&'a Objects>,
    /// Shapes still to visit, the next on top.
    stack: Vec<Pending>,
    seen: foldhash::HashSet<Uuid>,
    problems: VecDeque<Problem>,
    phase: Phase,
}

struct Pending {
    id: Uuid,
    parent: Option<Uuid>,
    depth: usize,
}

enum Phase {
    Start,
    /// The root frame's tree is being walked.
    FromRoot,
    /// Shapes not reached from the root, whose parent is missing (or who have
    /// none, or are their own), start their own trees; `left` are the shapes not
    /// reached, `next` the next to look at.
    Orphans {
        left: Vec<Uuid>,
        next: usize,
    },
    /// Then any other shape not reached yet.
    Rest {
        left: Vec<Uuid>,
        next: usize,
    },
    Done,
}

impl Walk<'_> {
    fn empty() -> Self {
        Walk {
            objects: None,
            stack: Vec::new(),
            seen: foldhash::HashSet::default(),
            problems: VecDeque::new(),
            phase: Phase::Done,
        }
    }
}

impl<'a> Iterator for Walk<'a> {
    type Item = Result<Visit<'a>, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        let objects = self.objects?;
        loop {
            if let Some(problem) = self.problems.pop_front() {
                return Some(Err(problem));
            }
            if let Some(Pending { id, parent, depth }) = self.stack.pop() {
                // Only roots are pushed without a parent, and only when not seen.
                let lister = parent.unwrap_or(id);
                if self.seen.contains(&id) {
                    self.problems.push_back(Problem::Revisited {
                        parent: lister,
                        child: id,
                    });
                    continue;
                }
                let shape = match objects.get(&id) {
                    Some(Ok(shape)) => shape,
                    Some(Err(problem)) => {
                        self.seen.insert(id);
                        self.problems.push_back(problem);
                        continue;
                    }
                    None => {
                        self.problems.push_back(Problem::MissingChild {
                            parent: lister,
                            child: id,
                        });
                        continue;
                    }
                };
                self.seen.insert(id);
                if let Some(listed_under) = parent {
                    let parent_id = shape.parent_id();
                    if parent_id != Some(listed_under) {
                        self.problems.push_back(Problem::WrongParent {
                            child: id,
                            listed_under,
                            parent_id,
                        });
                    }
                }
                let children = shape.child_values();
                self.stack.reserve(children.len());
                for child in children.iter().rev() {
                    match child {
                        Value::Uuid(child) => self.stack.push(Pending {
                            id: *child,
                            parent: Some(id),
                            depth: depth + 1,
                        }),
                        other => self.problems.push_back(Problem::NotAnId {
                            parent: id,
                            found: other.to_string(),
                        }),
                    }
                }
                return Some(Ok(Visit {
                    shape,
                    parent,
                    depth,
                }));
            }
            if let Phase::Done = self.phase {
                return None;
            }
            let phase = std::mem::replace(&mut self.phase, Phase::Done);
            self.phase = self.advance(objects, phase);
        }
    }
}

impl Walk<'_> {
    /// With nothing left to visit in `phase`: the next tree to walk, or the end.
    fn advance(&mut self, objects: &Objects, phase: Phase) -> Phase {
        match phase {
            Phase::Start => {
                if objects.contains(&ROOT) {
                    self.stack.push(Pending {
                        id: ROOT,
                        parent: None,
                        depth: 0,
                    });
                } else if !objects.is_empty() {
                    self.problems.push_back(Problem::NoRoot);
                }
                Phase::FromRoot
            }
            Phase::FromRoot => {
                for key in objects.stray_keys() {
                    self.problems.push_back(Problem::StrayKey { key });
                }
                // Nothing is left over in a consistent map: no need to look.
                let left: Vec<Uuid> = if self.seen.len() == objects.len() {
                    Vec::new()
                } else {
                    objects.ids().filter(|id| !self.seen.contains(id)).collect()
                };
                if left.is_empty() {
                    Phase::Done
                } else {
                    Phase::Orphans { left, next: 0 }
                }
            }
            Phase::Orphans { left, mut next } => {
                while let Some(&id) = left.get(next) {
                    next += 1;
                    if self.seen.contains(&id) {
                        continue;
                    }
                    let parent_id = objects.get(&id).and_then(|s| s.ok()?.parent_id());
                    let orphan = match parent_id {
                        None => true,
                        Some(parent) => parent == id || !objects.contains(&parent),
                    };
                    if orphan {
                        self.start_tree(id, parent_id);
                        return Phase::Orphans { left, next };
                    }
                }
                Phase::Rest { left, next: 0 }
            }
            Phase::Rest { left, mut next } => {
                while let Some(&id) = left.get(next) {
                    next += 1;
                    if self.seen.contains(&id) {
                        continue;
                    }
                    let parent_id = objects.get(&id).and_then(|s| s.ok()?.parent_id());
                    self.start_tree(id, parent_id);
                    return Phase::Rest { left, next };
                }
                Phase::Done
            }
            Phase::Done => Phase::Done,
        }
    }

    fn start_tree(&mut self, id: Uuid, parent_id: Option<Uuid>) {
        self.problems
            .push_back(Problem::Unreachable { id, parent_id });
        self.stack.push(Pending {
            id,
            parent: None,
            depth: 0,
        });
    }
}
