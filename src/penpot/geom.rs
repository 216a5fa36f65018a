//! `point`, `matrix` and `rect`: Penpot's geometry records.

use super::{penpot_value, Fields, PenpotValue, RepBuilder};
use crate::types::Keyword;
use crate::value::{Map, Value};

/// A number as Penpot wrote it: an integer stays an integer (`0`), a float a float
/// (`0.0`), so a record writes back exactly.
///
/// ```
/// use transit_format::penpot::Number;
/// assert_eq!(Number::Int(2).as_f64(), 2.0);
/// assert_eq!(Number::from(0.5).as_f64(), 0.5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A JSON integer.
    Int(i64),
    /// A float.
    Float(f64),
}

impl Number {
    /// The value as a float.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    pub(crate) fn from_value(value: &Value) -> Option<Number> {
        match value {
            Value::Integer(i) => Some(Number::Int(*i)),
            Value::Float(f) => Some(Number::Float(*f)),
            _ => None,
        }
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Self {
        Number::Float(f)
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        Number::Int(i)
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Self {
        match n {
            Number::Int(i) => Value::Integer(i),
            Number::Float(f) => Value::Float(f),
        }
    }
}

/// `point`: `{:x :y}`.
///
/// ```
/// use transit_format::penpot::Point;
/// let p: Point = transit_format::from_str(r#"["~#point",["^ ","~:x",1.5,"~:y",2]]"#).unwrap();
/// assert_eq!((p.x.as_f64(), p.y.as_f64()), (1.5, 2.0));
/// assert_eq!(transit_format::to_string(&p).unwrap(), r#"["~#point",["^ ","~:x",1.5,"~:y",2]]"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// x.
    pub x: Number,
    /// y.
    pub y: Number,
}

impl PenpotValue for Point {
    const TAG: &'static str = "point";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        let point = Point {
            x: f.number("x")?,
            y: f.number("y")?,
        };
        f.finish()?;
        Ok(point)
    }

    fn to_rep(&self) -> Value {
        RepBuilder::default()
            .put("x", self.x)
            .put("y", self.y)
            .build()
    }
}

penpot_value!(Point);

/// `matrix`: an affine transform `{:a :b :c :d :e :f}`.
///
/// ```
/// use transit_format::penpot::{Matrix, PenpotValue};
/// let m = Matrix::identity();
/// assert_eq!(transit_format::to_string(&m).unwrap(),
///     r#"["~#matrix",["^ ","~:a",1.0,"~:b",0.0,"~:c",0.0,"~:d",1.0,"~:e",0.0,"~:f",0.0]]"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Matrix {
    /// Scale x.
    pub a: Number,
    /// Skew y.
    pub b: Number,
    /// Skew x.
    pub c: Number,
    /// Scale y.
    pub d: Number,
    /// Translate x.
    pub e: Number,
    /// Translate y.
    pub f: Number,
}

impl Matrix {
    /// The identity transform, written as Penpot writes it (floats).
    pub fn identity() -> Self {
        let (one, zero) = (Number::Float(1.0), Number::Float(0.0));
        Matrix {
            a: one,
            b: zero,
            c: zero,
            d: one,
            e: zero,
            f: zero,
        }
    }
}

impl PenpotValue for Matrix {
    const TAG: &'static str = "matrix";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        let matrix = Matrix {
            a: f.number("a")?,
            b: f.number("b")?,
            c: f.number("c")?,
            d: f.number("d")?,
            e: f.number("e")?,
            f: f.number("f")?,
        };
        f.finish()?;
        Ok(matrix)
    }

    fn to_rep(&self) -> Value {
        RepBuilder::default()
            .put("a", self.a)
            .put("b", self.b)
            .put("c", self.c)
            .put("d", self.d)
            .put("e", self.e)
            .put("f", self.f)
            .build()
    }
}

penpot_value!(Matrix);

/// `rect`: `{:x :y :width :height :x1 :y1 :x2 :y2}` (a shape's `:selrect`). Penpot
/// also writes rects with more keys: each run of a text shape's `:position-data`
/// is a `rect` with its text and styles, which are kept in `attrs`.
///
/// ```
/// use transit_format::penpot::Rect;
/// let r: Rect = transit_format::from_str(
///     r#"{"~#rect":{"~:x":0,"~:y":0,"~:width":0.01,"~:height":0.01,"~:x1":0,"~:y1":0,"~:x2":0.01,"~:y2":0.01}}"#,
/// ).unwrap();
/// assert_eq!(r.width.as_f64(), 0.01);
///
/// let run = r#"["~#rect",["^ ","~:y",20,"~:text","Hi","~:x",0,"~:width",9,"~:height",20,"~:x1",0,"~:y1",0,"~:x2",9,"~:y2",20]]"#;
/// let r: Rect = transit_format::from_str(run).unwrap();
/// assert_eq!(r.attrs.get_keyword("text"), Some(&transit_format::Value::from("Hi")));
/// assert_eq!(transit_format::to_string(&r).unwrap(), run);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: Number,
    /// Top.
    pub y: Number,
    /// Width.
    pub width: Number,
    /// Height.
    pub height: Number,
    /// Left (again, as Penpot stores it).
    pub x1: Number,
    /// Top.
    pub y1: Number,
    /// Right.
    pub x2: Number,
    /// Bottom.
    pub y2: Number,
    /// Any other key, as read (a `:position-data` run's `:text`, `:font-size`…).
    pub attrs: Map,
    /// The order the keys were read in, so that a rect writes back the same bytes;
    /// empty for a new rect (the eight numbers first, then `attrs`).
    pub key_order: Vec<Keyword>,
}

impl Rect {
    /// A rect from its position and size (`x1`, `y1`, `x2`, `y2` follow).
    pub fn new(x: Number, y: Number, width: Number, height: Number) -> Self {
        let end = |start: Number, length: Number| match (start, length) {
            (Number::Int(a), Number::Int(b)) => a
                .checked_add(b)
                .map_or(Number::Float(a as f64 + b as f64), Number::Int),
            (a, b) => Number::Float(a.as_f64() + b.as_f64()),
        };
        Rect {
            x,
            y,
            width,
            height,
            x1: x,
            y1: y,
            x2: end(x, width),
            y2: end(y, height),
            attrs: Map::new(),
            key_order: Vec::new(),
        }
    }
}

impl PenpotValue for Rect {
    const TAG: &'static str = "rect";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        Ok(Rect {
            key_order: f.order(),
            x: f.number("x")?,
            y: f.number("y")?,
            width: f.number("width")?,
            height: f.number("height")?,
            x1: f.number("x1")?,
            y1: f.number("y1")?,
            x2: f.number("x2")?,
            y2: f.number("y2")?,
            attrs: f.rest(),
        })
    }

    fn to_rep(&self) -> Value {
        RepBuilder::default()
            .put("x", self.x)
            .put("y", self.y)
            .put("width", self.width)
            .put("height", self.height)
            .put("x1", self.x1)
            .put("y1", self.y1)
            .put("x2", self.x2)
            .put("y2", self.y2)
            .rest(&self.attrs)
            .build_in(&self.key_order)
    }
}

penpot_value!(Rect);
