//! `shape`: every object of a page.

use uuid::Uuid;

use super::{penpot_value, Fields, Matrix, Number, PenpotValue, Point, Rect, RepBuilder};
use crate::types::Keyword;
use crate::value::{Map, Value};

/// A Penpot shape: the attributes every shape has, typed, and all others kept in
/// `attrs` in their order.
///
/// ```
/// use transit_format::penpot::Shape;
/// let text = r#"["~#shape",["^ ","~:id","~u00000000-0000-0000-0000-000000000000","~:type","~:frame","~:name","Root Frame","~:fills",[]]]"#;
/// let shape: Shape = transit_format::from_str(text).unwrap();
/// assert_eq!(shape.name.as_deref(), Some("Root Frame"));
/// assert_eq!(shape.kind.as_ref().map(|k| k.as_str()), Some("frame"));
/// assert!(shape.attrs.get_keyword("fills").is_some());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:type` (`:rect`, `:frame`, `:text`, `:path`…).
    pub kind: Option<Keyword>,
    /// `:name`.
    pub name: Option<String>,
    /// `:parent-id`.
    pub parent_id: Option<Uuid>,
    /// `:frame-id`.
    pub frame_id: Option<Uuid>,
    /// `:x`.
    pub x: Option<Number>,
    /// `:y`.
    pub y: Option<Number>,
    /// `:width`.
    pub width: Option<Number>,
    /// `:height`.
    pub height: Option<Number>,
    /// `:rotation`.
    pub rotation: Option<Number>,
    /// `:selrect`.
    pub selrect: Option<Rect>,
    /// `:points`: the four corners.
    pub points: Option<Vec<Point>>,
    /// `:transform`.
    pub transform: Option<Matrix>,
    /// `:transform-inverse`.
    pub transform_inverse: Option<Matrix>,
    /// Every other attribute, as read.
    pub attrs: Map,
    /// The order the keys were read in, so that a shape writes back the same
    /// bytes; empty for a new shape (typed attributes first, then `attrs`).
    pub key_order: Vec<Keyword>,
}

impl PenpotValue for Shape {
    const TAG: &'static str = "shape";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        let points = match f.take_present("points") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .into_vec()
                    .into_iter()
                    .map(Point::from_value)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("shape: :points: {e}"))?,
            ),
            Some(other) => {
                return Err(format!(
                    "shape: :points must be an array, found {}",
                    other.type_name()
                ))
            }
        };
        Ok(Shape {
            key_order: f.order(),
            id: f.opt_uuid("id")?,
            kind: f.opt_keyword("type")?,
            name: f.opt_string("name")?,
            parent_id: f.opt_uuid("parent-id")?,
            frame_id: f.opt_uuid("frame-id")?,
            x: f.opt_number("x")?,
            y: f.opt_number("y")?,
            width: f.opt_number("width")?,
            height: f.opt_number("height")?,
            rotation: f.opt_number("rotation")?,
            selrect: f.opt_typed("selrect")?,
            points,
            transform: f.opt_typed("transform")?,
            transform_inverse: f.opt_typed("transform-inverse")?,
            attrs: f.rest(),
        })
    }

    fn to_rep(&self) -> Value {
        let typed = |v: &dyn PenpotRep| v.rep_value();
        RepBuilder::default()
            .opt("id", self.id)
            .opt("type", self.kind.clone())
            .opt("name", self.name.clone())
            .opt("parent-id", self.parent_id)
            .opt("frame-id", self.frame_id)
            .opt("x", self.x)
            .opt("y", self.y)
            .opt("width", self.width)
            .opt("height", self.height)
            .opt("rotation", self.rotation)
            .opt("selrect", self.selrect.as_ref().map(|r| typed(r)))
            .opt(
                "points",
                self.points
                    .as_ref()
                    .map(|ps| Value::Array(ps.iter().map(|p| typed(p)).collect())),
            )
            .opt("transform", self.transform.as_ref().map(|m| typed(m)))
            .opt(
                "transform-inverse",
                self.transform_inverse.as_ref().map(|m| typed(m)),
            )
            .rest(&self.attrs)
            .build_in(&self.key_order)
    }
}

/// A typed value as the `Value` it stands for inside a rep.
trait PenpotRep {
    fn rep_value(&self) -> Value;
}

impl<T: PenpotValue> PenpotRep for T {
    fn rep_value(&self) -> Value {
        Value::tagged(T::TAG, self.to_rep())
    }
}

penpot_value!(Shape);
