//! `penpot/path-data`: path segments packed as 28-byte little-endian records
//! (command i16 at 0, then c1x, c1y, c2x, c2y, x, y as f32 from byte 4).

use super::{penpot_value, PenpotValue};
use crate::value::Value;

/// Bytes per segment.
const SEGMENT_LEN: usize = 28;

/// One 28-byte segment, every byte kept (the padding too), so that the data writes
/// back byte for byte.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// 1 move-to, 2 line-to, 3 curve-to, 4 close-path.
    pub command: i16,
    /// Bytes 2..4, zero in Penpot's data.
    pub padding: u16,
    /// First control point (curve-to only).
    pub c1: (f32, f32),
    /// Second control point (curve-to only).
    pub c2: (f32, f32),
    /// End point (zero for close-path).
    pub point: (f32, f32),
}

/// A path command, the meaning of a [`Segment`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathCommand {
    /// Start a subpath.
    MoveTo {
        /// x.
        x: f32,
        /// y.
        y: f32,
    },
    /// A straight line.
    LineTo {
        /// x.
        x: f32,
        /// y.
        y: f32,
    },
    /// A cubic Bézier curve.
    CurveTo {
        /// First control point x.
        c1x: f32,
        /// First control point y.
        c1y: f32,
        /// Second control point x.
        c2x: f32,
        /// Second control point y.
        c2y: f32,
        /// End x.
        x: f32,
        /// End y.
        y: f32,
    },
    /// Close the subpath.
    ClosePath,
}

impl Segment {
    /// The command, or `None` for an unknown command number.
    pub fn command(&self) -> Option<PathCommand> {
        let (x, y) = self.point;
        Some(match self.command {
            1 => PathCommand::MoveTo { x, y },
            2 => PathCommand::LineTo { x, y },
            3 => PathCommand::CurveTo {
                c1x: self.c1.0,
                c1y: self.c1.1,
                c2x: self.c2.0,
                c2y: self.c2.1,
                x,
                y,
            },
            4 => PathCommand::ClosePath,
            _ => return None,
        })
    }

    fn from_bytes(b: &[u8]) -> Segment {
        let f = |i: usize| f32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Segment {
            command: i16::from_le_bytes([b[0], b[1]]),
            padding: u16::from_le_bytes([b[2], b[3]]),
            c1: (f(4), f(8)),
            c2: (f(12), f(16)),
            point: (f(20), f(24)),
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.command.to_le_bytes());
        out.extend_from_slice(&self.padding.to_le_bytes());
        for v in [
            self.c1.0,
            self.c1.1,
            self.c2.0,
            self.c2.1,
            self.point.0,
            self.point.1,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

impl From<PathCommand> for Segment {
    fn from(command: PathCommand) -> Self {
        let zero = (0.0, 0.0);
        let (command, c1, c2, point) = match command {
            PathCommand::MoveTo { x, y } => (1, zero, zero, (x, y)),
            PathCommand::LineTo { x, y } => (2, zero, zero, (x, y)),
            PathCommand::CurveTo {
                c1x,
                c1y,
                c2x,
                c2y,
                x,
                y,
            } => (3, (c1x, c1y), (c2x, c2y), (x, y)),
            PathCommand::ClosePath => (4, zero, zero, zero),
        };
        Segment {
            command,
            padding: 0,
            c1,
            c2,
            point,
        }
    }
}

/// `penpot/path-data`: a path as binary segments.
///
/// Penpot's own test vector:
///
/// ```
/// use transit_format::penpot::{PathCommand, PathData};
/// let text = r#"["~#penpot/path-data","~bAQAAAAAAAAAAAAAAAAAAAAAAAAAAAPBDAMBRRAIAAAAAAAAAAAAAAAAAAAAAAAAAAIDbQwCASEQDAAAAAAC4QwBAOEQAAJtDAEAqRAAAhEMAgB5EBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="]"#;
/// let path: PathData = transit_format::from_str(text).unwrap();
/// let commands: Vec<_> = path.commands().collect();
/// assert_eq!(commands, vec![
///     Some(PathCommand::MoveTo { x: 480.0, y: 839.0 }),
///     Some(PathCommand::LineTo { x: 439.0, y: 802.0 }),
///     Some(PathCommand::CurveTo { c1x: 368.0, c1y: 737.0, c2x: 310.0, c2y: 681.0, x: 264.0, y: 634.0 }),
///     Some(PathCommand::ClosePath),
/// ]);
/// assert_eq!(transit_format::to_string(&path).unwrap(), text);
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PathData {
    /// The segments, in order.
    pub segments: Vec<Segment>,
}

impl PathData {
    /// A path from commands.
    pub fn from_commands(commands: impl IntoIterator<Item = PathCommand>) -> Self {
        PathData {
            segments: commands.into_iter().map(Segment::from).collect(),
        }
    }

    /// The commands (`None` for unknown command numbers).
    pub fn commands(&self) -> impl Iterator<Item = Option<PathCommand>> + '_ {
        self.segments.iter().map(Segment::command)
    }

    /// Decodes the binary form.
    ///
    /// # Errors
    ///
    /// When the length is not a multiple of 28.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() % SEGMENT_LEN != 0 {
            return Err(format!(
                "penpot/path-data: {} bytes is not a whole number of {SEGMENT_LEN}-byte segments",
                bytes.len()
            ));
        }
        Ok(PathData {
            segments: bytes
                .chunks_exact(SEGMENT_LEN)
                .map(Segment::from_bytes)
                .collect(),
        })
    }

    /// The binary form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.segments.len() * SEGMENT_LEN);
        for segment in &self.segments {
            segment.write(&mut out);
        }
        out
    }
}

impl PenpotValue for PathData {
    const TAG: &'static str = "penpot/path-data";

    fn from_rep(rep: Value) -> Result<Self, String> {
        match rep {
            Value::Bytes(bytes) => PathData::from_bytes(&bytes),
            other => Err(format!(
                "penpot/path-data: expected bytes, found {}",
                other.type_name()
            )),
        }
    }

    fn to_rep(&self) -> Value {
        Value::Bytes(self.to_bytes().into())
    }
}

penpot_value!(PathData);
