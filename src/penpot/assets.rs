//! A file's library assets: components, colours, typographies and media.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::page::Objects;
use super::record::{record, record_serde, Out};
use super::{Fields, Number};
use crate::types::Keyword;
use crate::value::{Map, Value};

fn string(value: &Option<String>) -> Option<Out<'static>> {
    value.as_deref().map(|s| Out::Owned(s.into()))
}

fn uuid(value: Option<Uuid>) -> Option<Out<'static>> {
    value.map(|id| Out::Owned(Value::Uuid(id)))
}

fn instant(value: Option<DateTime<Utc>>) -> Option<Out<'static>> {
    value.map(|t| Out::Owned(Value::Instant(t)))
}

fn number(value: Option<Number>) -> Option<Out<'static>> {
    value.map(|n| Out::Owned(n.into()))
}

fn opt_bool(f: &mut Fields, tag: &str, name: &str) -> Result<Option<bool>, String> {
    match f.take_present(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(other) => Err(format!(
            "{tag}: :{name} must be a boolean, found {}",
            other.type_name()
        )),
    }
}

/// Implements `from_value` and `to_value` for an asset record.
macro_rules! asset_value {
    ($ty:ty) => {
        impl $ty {
            /// Reads it from its decoded map.
            ///
            /// # Errors
            ///
            /// When it is not a map, or a typed attribute does not fit.
            pub fn from_value(value: Value) -> crate::Result<Self> {
                <$ty>::read(value).map_err(|msg| crate::Error::custom_message(&msg))
            }

            /// It as the map it is written as.
            pub fn to_value(&self) -> Value {
                self.out().to_value()
            }
        }

        record_serde!($ty);
    };
}

/// A component of the file's library (`:components`): its main instance lives on
/// a page; a deleted component keeps its shapes in `:objects`.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:name`.
    pub name: Option<String>,
    /// `:path`: the group it is listed under (`"Buttons / Primary"`), or `""`.
    pub path: Option<String>,
    /// `:main-instance-id`: the shape that is the component's main instance.
    pub main_instance_id: Option<Uuid>,
    /// `:main-instance-page`: the page that shape is on.
    pub main_instance_page: Option<Uuid>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// `:deleted`.
    pub deleted: Option<bool>,
    /// `:objects`: a deleted component's shapes.
    pub objects: Option<Objects>,
    /// Every other attribute (`:variant-id`, `:annotation`…), as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl Component {
    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("component", value)?;
        Ok(Component {
            key_order: f.order(),
            id: f.opt_uuid("id")?,
            name: f.opt_string("name")?,
            path: f.opt_string("path")?,
            main_instance_id: f.opt_uuid("main-instance-id")?,
            main_instance_page: f.opt_uuid("main-instance-page")?,
            modified_at: f.opt_instant("modified-at")?,
            deleted: opt_bool(&mut f, "component", "deleted")?,
            objects: match f.take_present("objects") {
                None => None,
                Some(value) => {
                    Some(Objects::read(value).map_err(|e| format!("component: :objects: {e}"))?)
                }
            },
            attrs: f.rest(),
        })
    }

    pub(crate) fn out(&self) -> Out<'_> {
        record(
            vec![
                ("id", uuid(self.id)),
                ("name", string(&self.name)),
                ("path", string(&self.path)),
                ("main-instance-id", uuid(self.main_instance_id)),
                ("main-instance-page", uuid(self.main_instance_page)),
                ("modified-at", instant(self.modified_at)),
                ("deleted", self.deleted.map(|b| Out::Owned(b.into()))),
                ("objects", self.objects.as_ref().map(Objects::out)),
            ],
            &self.attrs,
            &self.key_order,
        )
    }
}

asset_value!(Component);

/// A colour of the file's library (`:colors`).
///
/// ```
/// use transit_format::penpot::Color;
/// let color: Color = transit_format::from_str(
///     r##"{"~:id":"~u5c5e8e8b-5a37-80d9-8005-a34b4c1ad8b1","~:name":"Brand","~:path":"","~:color":"#1c6fcc","~:opacity":1}"##,
/// )?;
/// assert_eq!(color.color.as_deref(), Some("#1c6fcc"));
/// assert_eq!(color.opacity.map(|o| o.as_f64()), Some(1.0));
/// # Ok::<(), transit_format::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Color {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:name`.
    pub name: Option<String>,
    /// `:path`: the group it is listed under, or `""`.
    pub path: Option<String>,
    /// `:color`: `"#rrggbb"` (absent for a gradient or an image).
    pub color: Option<String>,
    /// `:opacity`, from 0 to 1.
    pub opacity: Option<Number>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// Every other attribute (`:gradient`, `:image`, `:ref-id`…), as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl Color {
    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("color", value)?;
        Ok(Color {
            key_order: f.order(),
            id: f.opt_uuid("id")?,
            name: f.opt_string("name")?,
            path: f.opt_string("path")?,
            color: f.opt_string("color")?,
            opacity: f.opt_number("opacity")?,
            modified_at: f.opt_instant("modified-at")?,
            attrs: f.rest(),
        })
    }

    pub(crate) fn out(&self) -> Out<'_> {
        record(
            vec![
                ("id", uuid(self.id)),
                ("name", string(&self.name)),
                ("path", string(&self.path)),
                ("color", string(&self.color)),
                ("opacity", number(self.opacity)),
                ("modified-at", instant(self.modified_at)),
            ],
            &self.attrs,
            &self.key_order,
        )
    }
}

asset_value!(Color);

/// A typography of the file's library (`:typographies`). Penpot writes the font
/// values as strings (`:font-size "14"`, `:font-weight "400"`).
#[derive(Clone, Debug, PartialEq)]
pub struct Typography {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:name`.
    pub name: Option<String>,
    /// `:path`: the group it is listed under, or `""`.
    pub path: Option<String>,
    /// `:font-id`.
    pub font_id: Option<String>,
    /// `:font-family`.
    pub font_family: Option<String>,
    /// `:font-variant-id`.
    pub font_variant_id: Option<String>,
    /// `:font-size`.
    pub font_size: Option<String>,
    /// `:font-weight`.
    pub font_weight: Option<String>,
    /// `:font-style`.
    pub font_style: Option<String>,
    /// `:line-height`.
    pub line_height: Option<String>,
    /// `:letter-spacing`.
    pub letter_spacing: Option<String>,
    /// `:text-transform`.
    pub text_transform: Option<String>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// Every other attribute, as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl Typography {
    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("typography", value)?;
        Ok(Typography {
            key_order: f.order(),
            id: f.opt_uuid("id")?,
            name: f.opt_string("name")?,
            path: f.opt_string("path")?,
            font_id: f.opt_string("font-id")?,
            font_family: f.opt_string("font-family")?,
            font_variant_id: f.opt_string("font-variant-id")?,
            font_size: f.opt_string("font-size")?,
            font_weight: f.opt_string("font-weight")?,
            font_style: f.opt_string("font-style")?,
            line_height: f.opt_string("line-height")?,
            letter_spacing: f.opt_string("letter-spacing")?,
            text_transform: f.opt_string("text-transform")?,
            modified_at: f.opt_instant("modified-at")?,
            attrs: f.rest(),
        })
    }

    pub(crate) fn out(&self) -> Out<'_> {
        record(
            vec![
                ("id", uuid(self.id)),
                ("name", string(&self.name)),
                ("path", string(&self.path)),
                ("font-id", string(&self.font_id)),
                ("font-family", string(&self.font_family)),
                ("font-variant-id", string(&self.font_variant_id)),
                ("font-size", string(&self.font_size)),
                ("font-weight", string(&self.font_weight)),
                ("font-style", string(&self.font_style)),
                ("line-height", string(&self.line_height)),
                ("letter-spacing", string(&self.letter_spacing)),
                ("text-transform", string(&self.text_transform)),
                ("modified-at", instant(self.modified_at)),
            ],
            &self.attrs,
            &self.key_order,
        )
    }
}

asset_value!(Typography);

/// A graphic of the file's library (`:media`): an uploaded image.
#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:name`.
    pub name: Option<String>,
    /// `:path`: the group it is listed under, or `""`.
    pub path: Option<String>,
    /// `:width`, in pixels.
    pub width: Option<Number>,
    /// `:height`, in pixels.
    pub height: Option<Number>,
    /// `:mtype`: the media type (`"image/png"`).
    pub mtype: Option<String>,
    /// Every other attribute, as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl Media {
    pub(crate) fn read(value: Value) -> Result<Self, String> {
        let mut f = Fields::new("media", value)?;
        Ok(Media {
            key_order: f.order(),
            id: f.opt_uuid("id")?,
            name: f.opt_string("name")?,
            path: f.opt_string("path")?,
            width: f.opt_number("width")?,
            height: f.opt_number("height")?,
            mtype: f.opt_string("mtype")?,
            attrs: f.rest(),
        })
    }

    pub(crate) fn out(&self) -> Out<'_> {
        record(
            vec![
                ("id", uuid(self.id)),
                ("name", string(&self.name)),
                ("path", string(&self.path)),
                ("width", number(self.width)),
                ("height", number(self.height)),
                ("mtype", string(&self.mtype)),
            ],
            &self.attrs,
            &self.key_order,
        )
    }
}

asset_value!(Media);
