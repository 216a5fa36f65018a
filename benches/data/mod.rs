//! Deterministic bench data shared by the benches: a Penpot-shaped `get-file`
//! document, a stream of Penpot webhook events (dynamic, typed for Transit, typed for
//! plain JSON), and the conversion of a Transit [`Value`] to the "equivalent"
//! `serde_json::Value` that the serde_json baselines encode.
//!
//! Everything is generated from a fixed seed by a small PRNG (SplitMix64), so two
//! runs (and two machines) produce the same bytes.

// Each bench binary uses only part of this module.
#![allow(dead_code)]

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use transit_format::{Map, Set, Tagged, Value};
use uuid::Uuid;

//////////////////////////////////////////////////////////////////////////////
// PRNG

/// SplitMix64: a tiny, fixed-seed generator (not for anything but bench data).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..hi` (`hi > lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() as u64) as usize]
    }

    /// A Penpot-looking id: random, with version 8 and the `8004` group of Penpot's
    /// ids (like `c7ce0794-0992-8105-8004-38e630f40f6d`).
    pub fn uuid(&mut self) -> Uuid {
        let hi = (self.next_u64() & 0xffff_ffff_ffff_0fff) | 0x8000;
        let lo = 0x8004_0000_0000_0000 | (self.next_u64() & 0x0000_ffff_ffff_ffff);
        Uuid::from_u64_pair(hi, lo)
    }

    /// A coordinate-like double: mostly whole or one-decimal numbers, some with
    /// full precision (as Penpot's geometry produces after transforms).
    pub fn coord(&mut self, scale: f64) -> f64 {
        let r = self.unit();
        let v = self.unit() * scale;
        if r < 0.6 {
            v.round()
        } else if r < 0.9 {
            (v * 10.0).round() / 10.0
        } else {
            v
        }
    }

    /// `#RRGGBB`, upper-case as Penpot stores them.
    pub fn color(&mut self) -> String {
        format!("#{:06X}", self.next_u64() & 0xff_ffff)
    }

    /// `n` words from a fixed list, space-separated.
    pub fn words(&mut self, n: usize) -> String {
        let list: Vec<&str> = WORDS.split_whitespace().collect();
        let picked: Vec<&str> = (0..n).map(|_| self.pick(&list)).collect();
        picked.join(" ")
    }
}

const WORDS: &str =
    "button header card primary icon label menu footer avatar badge title subtitle \
     body caption hero banner toolbar panel sidebar modal input search toggle \
     checkbox tab list item divider logo image chart table row column grid tooltip \
     dropdown arrow close landing pricing signup login dashboard settings profile \
     report";

//////////////////////////////////////////////////////////////////////////////
// Small builders

fn kw(name: &str) -> Value {
    Value::keyword(name)
}

/// A map with keyword keys, in the given order.
fn kmap(entries: Vec<(&str, Value)>) -> Value {
    let mut map = Map::with_capacity(entries.len());
    for (k, v) in entries {
        map.insert(kw(k), v);
    }
    Value::Map(map)
}

fn f(x: f64) -> Value {
    Value::Float(x)
}

fn s(text: &str) -> Value {
    Value::from(text)
}

fn point(x: f64, y: f64) -> Value {
    Value::tagged("point", kmap(vec![("x", f(x)), ("y", f(y))]))
}

fn matrix(m: [f64; 6]) -> Value {
    let keys = ["a", "b", "c", "d", "e", "f"];
    Value::tagged(
        "matrix",
        kmap(keys.iter().zip(m).map(|(k, v)| (*k, f(v))).collect()),
    )
}

fn instant(millis: i64) -> Value {
    Value::Instant(DateTime::from_timestamp_millis(millis).expect("valid millis"))
}

//////////////////////////////////////////////////////////////////////////////
// The file document

/// Shapes in the page's `:objects`.
pub const SHAPES: usize = 4000;
/// Boards (top-level frames) under the root frame.
const BOARDS: usize = 40;
/// 2024-05-09, roughly when these files were "made".
const EPOCH_MS: i64 = 1_715_266_551_088;

struct Geometry {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    rotation: f64,
}

fn fills(rng: &mut Rng) -> Value {
    let n = if rng.chance(0.9) { 1 } else { 2 };
    Value::Array(
        (0..n)
            .map(|_| {
                let opacity = if rng.chance(0.8) {
                    Value::Integer(1)
                } else {
                    f((rng.unit() * 100.0).round() / 100.0)
                };
                kmap(vec![
                    ("fill-color", Value::String(rng.color().into())),
                    ("fill-opacity", opacity),
                ])
            })
            .collect(),
    )
}

fn strokes(rng: &mut Rng) -> Value {
    if rng.chance(0.7) {
        return Value::from(vec![]);
    }
    Value::from(vec![kmap(vec![
        ("stroke-style", kw("solid")),
        (
            "stroke-alignment",
            kw(rng.pick(&["inner", "center", "outer"])),
        ),
        ("stroke-width", Value::Integer(rng.range(1, 4) as i64)),
        ("stroke-color", Value::String(rng.color().into())),
        ("stroke-opacity", Value::Integer(1)),
    ])])
}

/// Font attributes shared by paragraphs, text leaves and position data.
fn font_attrs(size: u64, weight: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("font-id", s("sourcesanspro")),
        ("font-family", s("sourcesanspro")),
        ("font-variant-id", s("regular")),
        ("font-size", Value::String(size.to_string().into())),
        ("font-weight", Value::String(weight.into())),
        ("font-style", s("normal")),
        ("line-height", s("1.2")),
        ("letter-spacing", s("0")),
        ("text-decoration", s("none")),
        ("text-transform", s("none")),
    ]
}

fn text_content(rng: &mut Rng, text: &str, size: u64, weight: &str) -> Value {
    let fill = fills(rng);
    let mut leaf = vec![("text", s(text))];
    leaf.extend(font_attrs(size, weight));
    leaf.push(("fills", fill.clone()));
    let mut paragraph = vec![
        ("type", s("paragraph")),
        (
            "key",
            Value::from(format!("{:x}", rng.next_u64() & 0xfff_ffff)),
        ),
        ("text-align", s("left")),
    ];
    paragraph.extend(font_attrs(size, weight));
    paragraph.push(("fills", fill));
    paragraph.push(("children", Value::from(vec![kmap(leaf)])));
    kmap(vec![
        ("type", s("root")),
        (
            "key",
            Value::from(format!("{:x}", rng.next_u64() & 0xfff_ffff)),
        ),
        (
            "children",
            Value::from(vec![kmap(vec![
                ("type", s("paragraph-set")),
                ("children", Value::from(vec![kmap(paragraph)])),
            ])]),
        ),
        ("vertical-align", s("top")),
    ])
}

fn position_data(rng: &mut Rng, g: &Geometry, text: &str, size: u64, weight: &str) -> Value {
    let mut run = vec![
        ("x", f(g.x)),
        ("y", f(g.y + g.height)),
        ("width", f(g.width)),
        ("height", f(g.height)),
        ("text", s(text)),
    ];
    run.extend(font_attrs(size, weight));
    run.push(("fills", fills(rng)));
    run.push(("direction", s("ltr")));
    Value::from(vec![kmap(run)])
}

/// `penpot/path-data`: 28-byte little-endian segments.
fn path_data(rng: &mut Rng, g: &Geometry) -> Value {
    let segments = rng.range(3, 7);
    let mut bytes = Vec::with_capacity(segments as usize * 28);
    for i in 0..segments {
        let command: i16 = if i == 0 {
            1
        } else if i + 1 == segments {
            4
        } else if rng.chance(0.5) {
            3
        } else {
            2
        };
        bytes.extend_from_slice(&command.to_le_bytes());
        bytes.extend_from_slice(&[0, 0]);
        let mut coord = |dx: f64, dy: f64| {
            let x = (g.x + rng.unit() * dx) as f32;
            let y = (g.y + rng.unit() * dy) as f32;
            (x, y)
        };
        let (c1, c2, p) = (
            coord(g.width, g.height),
            coord(g.width, g.height),
            coord(g.width, g.height),
        );
        let c = command == 3;
        let end = command == 4;
        for v in [
            if c { c1.0 } else { 0.0 },
            if c { c1.1 } else { 0.0 },
            if c { c2.0 } else { 0.0 },
            if c { c2.1 } else { 0.0 },
            if end { 0.0 } else { p.0 },
            if end { 0.0 } else { p.1 },
        ] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
    }
    Value::tagged("penpot/path-data", Value::Bytes(bytes.into()))
}

#[allow(clippy::too_many_arguments)]
fn shape(
    rng: &mut Rng,
    id: Uuid,
    kind: &str,
    name: String,
    parent: Uuid,
    frame: Uuid,
    g: &Geometry,
    children: Option<&[Uuid]>,
) -> Value {
    let (x1, y1, x2, y2) = (g.x, g.y, g.x + g.width, g.y + g.height);
    let selrect = Value::tagged(
        "rect",
        kmap(vec![
            ("x", f(g.x)),
            ("y", f(g.y)),
            ("width", f(g.width)),
            ("height", f(g.height)),
            ("x1", f(x1)),
            ("y1", f(y1)),
            ("x2", f(x2)),
            ("y2", f(y2)),
        ]),
    );
    let (transform, inverse, points) = if g.rotation == 0.0 {
        let identity = matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let points = Value::from(vec![
            point(x1, y1),
            point(x2, y1),
            point(x2, y2),
            point(x1, y2),
        ]);
        (identity.clone(), identity, points)
    } else {
        let (sin, cos) = g.rotation.to_radians().sin_cos();
        let (cx, cy) = (g.x + g.width / 2.0, g.y + g.height / 2.0);
        let rot = |x: f64, y: f64| {
            let (dx, dy) = (x - cx, y - cy);
            point(cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
        };
        let points = Value::from(vec![rot(x1, y1), rot(x2, y1), rot(x2, y2), rot(x1, y2)]);
        (
            matrix([cos, sin, -sin, cos, 0.0, 0.0]),
            matrix([cos, -sin, sin, cos, 0.0, 0.0]),
            points,
        )
    };

    let mut e: Vec<(&str, Value)> = vec![
        ("id", Value::Uuid(id)),
        ("name", Value::String(name.clone().into())),
        ("type", kw(kind)),
        ("x", f(g.x)),
        ("y", f(g.y)),
        ("width", f(g.width)),
        ("height", f(g.height)),
        ("rotation", f(g.rotation)),
        ("selrect", selrect),
        ("points", points),
        ("transform", transform),
        ("transform-inverse", inverse),
        ("parent-id", Value::Uuid(parent)),
        ("frame-id", Value::Uuid(frame)),
        ("flip-x", Value::Null),
        ("flip-y", Value::Null),
        ("proportion", f(1.0)),
        ("proportion-lock", Value::Bool(rng.chance(0.2))),
        ("fills", fills(rng)),
        ("strokes", strokes(rng)),
    ];
    if rng.chance(0.05) {
        e.push(("hidden", Value::Bool(true)));
    }
    if rng.chance(0.3) {
        e.push((
            "constraints-h",
            kw(rng.pick(&["left", "right", "leftright", "center", "scale"])),
        ));
        e.push((
            "constraints-v",
            kw(rng.pick(&["top", "bottom", "topbottom", "center", "scale"])),
        ));
    }
    match kind {
        "frame" | "rect" => {
            let r = Value::Integer(rng.pick(&[0, 0, 4, 8, 16]));
            for k in ["r1", "r2", "r3", "r4"] {
                e.push((k, r.clone()));
            }
            if kind == "frame" {
                e.push(("hide-fill-on-export", Value::Bool(false)));
                e.push(("show-content", Value::Bool(rng.chance(0.5))));
                e.push(("hide-in-viewer", Value::Bool(false)));
            }
        }
        "text" => {
            let n = rng.range(1, 5) as usize;
            let text = rng.words(n);
            let size = rng.pick(&[12, 14, 16, 24, 32, 48]);
            let weight = rng.pick(&["400", "400", "700"]);
            e.push((
                "grow-type",
                kw(rng.pick(&["fixed", "auto-width", "auto-height"])),
            ));
            e.push(("content", text_content(rng, &text, size, weight)));
            e.push(("position-data", position_data(rng, g, &text, size, weight)));
        }
        "path" => {
            e.push(("content", path_data(rng, g)));
        }
        _ => {}
    }
    if let Some(children) = children {
        e.push((
            "shapes",
            Value::Array(children.iter().copied().map(Value::Uuid).collect()),
        ));
    }
    Value::tagged("shape", kmap(e))
}

fn geometry(rng: &mut Rng, within: &Geometry) -> Geometry {
    let width = rng.coord(within.width / 3.0).max(1.0);
    let height = rng.coord(within.height / 3.0).max(1.0);
    Geometry {
        x: within.x + rng.coord(within.width - width),
        y: within.y + rng.coord(within.height - height),
        width,
        height,
        rotation: if rng.chance(0.1) {
            rng.coord(360.0)
        } else {
            0.0
        },
    }
}

/// The page's `:objects`: the root frame (uuid zero, its own parent), boards under
/// it, and shapes (some inside groups) in the boards: `SHAPES` in all.
fn objects(rng: &mut Rng) -> Value {
    let root = Uuid::nil();
    let board_ids: Vec<Uuid> = (0..BOARDS).map(|_| rng.uuid()).collect();
    let per_board = (SHAPES - 1 - BOARDS) / BOARDS;
    let extra = (SHAPES - 1 - BOARDS) % BOARDS;

    let mut map = Map::with_capacity(SHAPES);
    let canvas = Geometry {
        x: 0.0,
        y: 0.0,
        width: 20_000.0,
        height: 20_000.0,
        rotation: 0.0,
    };
    map.insert(
        Value::Uuid(root),
        shape(
            rng,
            root,
            "frame",
            "Root Frame".into(),
            root,
            root,
            &canvas,
            Some(&board_ids),
        ),
    );
    for (b, &board) in board_ids.iter().enumerate() {
        let count = per_board + usize::from(b < extra);
        let bg = Geometry {
            x: (b % 8) as f64 * 2_000.0,
            y: (b / 8) as f64 * 2_000.0,
            width: 1440.0,
            height: 1024.0,
            rotation: 0.0,
        };
        // Children: a few groups, each with a run of the shapes after it.
        let mut made: Vec<(Uuid, Value)> = Vec::with_capacity(count);
        let mut top: Vec<Uuid> = Vec::new();
        let mut i = 0;
        while i < count {
            let id = rng.uuid();
            top.push(id);
            if count - i > 6 && rng.chance(0.12) {
                let members: Vec<Uuid> = (0..rng.range(2, 6)).map(|_| rng.uuid()).collect();
                let g = geometry(rng, &bg);
                let name = format!("Group {}", rng.words(1));
                made.push((
                    id,
                    shape(rng, id, "group", name, board, board, &g, Some(&members)),
                ));
                i += 1;
                for &m in &members {
                    let mg = geometry(rng, &g);
                    made.push((m, leaf(rng, m, id, board, &mg)));
                    i += 1;
                }
            } else {
                let g = geometry(rng, &bg);
                made.push((id, leaf(rng, id, board, board, &g)));
                i += 1;
            }
        }
        let name = format!("Board {} {}", b + 1, rng.words(1));
        map.insert(
            Value::Uuid(board),
            shape(rng, board, "frame", name, root, root, &bg, Some(&top)),
        );
        for (id, v) in made {
            map.insert(Value::Uuid(id), v);
        }
    }
    Value::Map(map)
}

fn leaf(rng: &mut Rng, id: Uuid, parent: Uuid, frame: Uuid, g: &Geometry) -> Value {
    let kind = rng.pick(&[
        "rect", "rect", "rect", "rect", "rect", "rect", "rect", "rect", "rect", "rect", "rect",
        "text", "text", "text", "path", "path", "path", "circle", "circle", "circle",
    ]);
    let name = match kind {
        "text" => rng.words(2),
        "rect" => format!("Rectangle {}", rng.words(1)),
        "path" => format!("Path {}", rng.words(1)),
        _ => format!("Ellipse {}", rng.words(1)),
    };
    shape(rng, id, kind, name, parent, frame, g, None)
}

/// A Penpot `get-file` response whose one page holds `SHAPES`
/// shapes: about 4 MB in compact Transit.
pub fn file_document() -> Value {
    let mut rng = Rng::new(0x5eed_f11e);
    let file_id = rng.uuid();
    let page_id = rng.uuid();
    let objects = objects(&mut rng);
    let page = kmap(vec![
        ("id", Value::Uuid(page_id)),
        ("name", s("Page 1")),
        ("options", kmap(vec![])),
        ("objects", objects),
    ]);
    let mut pages_index = Map::new();
    pages_index.insert(Value::Uuid(page_id), page);
    let features: Set<Value> = [
        "fdata/path-data",
        "variants/v1",
        "components/v2",
        "fdata/shape-data-type",
        "design-tokens/v1",
    ]
    .into_iter()
    .map(Value::from)
    .collect();
    let migrations = Value::tagged(
        "ordered-set",
        Value::Array(
            (0..40)
                .map(|i| Value::from(format!("legacy-{}", i + 2)))
                .collect(),
        ),
    );
    let data = kmap(vec![
        ("id", Value::Uuid(file_id)),
        ("pages", Value::from(vec![Value::Uuid(page_id)])),
        ("pages-index", Value::Map(pages_index)),
        ("components", kmap(vec![])),
        ("colors", kmap(vec![])),
        ("typographies", kmap(vec![])),
        ("media", kmap(vec![])),
        (
            "options",
            kmap(vec![
                ("components-v2", Value::Bool(true)),
                ("base-font-size", s("16px")),
            ]),
        ),
        ("recent-colors", Value::from(vec![])),
    ]);
    kmap(vec![
        ("features", Value::Set(features)),
        (
            "permissions",
            kmap(vec![
                ("type", kw("membership")),
                ("is-owner", Value::Bool(true)),
                ("is-admin", Value::Bool(true)),
                ("can-edit", Value::Bool(true)),
                ("can-read", Value::Bool(true)),
                ("is-logged", Value::Bool(true)),
            ]),
        ),
        ("has-media-trimmed", Value::Bool(false)),
        ("comment-thread-seqn", Value::Integer(0)),
        ("name", s("Design system")),
        ("revn", Value::Integer(1312)),
        ("vern", Value::Integer(0)),
        ("modified-at", instant(EPOCH_MS + 86_400_000)),
        ("created-at", instant(EPOCH_MS)),
        ("id", Value::Uuid(file_id)),
        ("project-id", Value::Uuid(rng.uuid())),
        ("team-id", Value::Uuid(rng.uuid())),
        ("is-shared", Value::Bool(false)),
        ("version", Value::Integer(67)),
        ("migrations", migrations),
        ("backend", s("legacy-db")),
        ("data", data),
    ])
}

//////////////////////////////////////////////////////////////////////////////
// Webhook events

/// Events in the stream.
pub const EVENTS: usize = 5000;

/// A Penpot webhook body, typed, as Transit writes it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct Event {
    pub name: String,
    pub props: Props,
    #[serde(with = "transit_format::with::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "transit_format::with::uuid")]
    pub profile_id: Uuid,
    #[serde(with = "transit_format::with::instant")]
    pub tracked_at: DateTime<Utc>,
}

/// A Transit uuid inside a collection.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(transparent)]
pub struct Id(#[serde(with = "transit_format::with::uuid")] pub Uuid);

/// The comment position: a Penpot `point` record.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The union of the props of the methods generated.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "kebab-case")]
pub struct Props {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::uuid::option"
    )]
    pub id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::uuid::option"
    )]
    pub team_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Set<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::uuid::option"
    )]
    pub project_id: Option<Uuid>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::uuid::option"
    )]
    pub file_id: Option<Uuid>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::uuid::option"
    )]
    pub page_id: Option<Uuid>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::uuid::option"
    )]
    pub frame_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_shared: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revn: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seqn: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Tagged<Point>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Set<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Set<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_fullname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_resolved: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::instant::option"
    )]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "transit_format::with::instant::option"
    )]
    pub modified_at: Option<DateTime<Utc>>,
}

/// The same event as Penpot's `application/json` body (camelCase keys, ISO
/// instants, uuids as strings, sets as arrays, the point as an object).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct JsonEvent {
    pub name: String,
    pub props: JsonProps,
    pub created_at: DateTime<Utc>,
    pub profile_id: Uuid,
    pub tracked_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct JsonProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_shared: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revn: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seqn: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Point>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_fullname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_resolved: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
}

impl From<&Event> for JsonEvent {
    fn from(e: &Event) -> Self {
        let p = &e.props;
        let ids = |set: &Option<Set<Id>>| set.as_ref().map(|s| s.iter().map(|id| id.0).collect());
        JsonEvent {
            name: e.name.clone(),
            props: JsonProps {
                id: p.id,
                name: p.name.clone(),
                team_id: p.team_id,
                features: p.features.as_ref().map(|s| s.iter().cloned().collect()),
                project_id: p.project_id,
                file_id: p.file_id,
                page_id: p.page_id,
                frame_id: p.frame_id,
                is_shared: p.is_shared,
                prev_name: p.prev_name.clone(),
                revn: p.revn,
                seqn: p.seqn,
                content: p.content.clone(),
                position: p.position.as_ref().map(|t| *t.rep()),
                participants: ids(&p.participants),
                ids: ids(&p.ids),
                owner_fullname: p.owner_fullname.clone(),
                owner_email: p.owner_email.clone(),
                is_resolved: p.is_resolved,
                created_at: p.created_at,
                modified_at: p.modified_at,
            },
            created_at: e.created_at,
            profile_id: e.profile_id,
            tracked_at: e.tracked_at,
        }
    }
}

const FEATURES: &[&str] = &[
    "fdata/path-data",
    "variants/v1",
    "components/v2",
    "fdata/shape-data-type",
    "design-tokens/v1",
    "fdata/objects-map",
    "fdata/pointer-map",
    "render-wasm/v1",
];

fn ms(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t).expect("valid millis")
}

/// `n` webhook events of eight of Penpot's webhook methods, from a handful of users,
/// teams, projects and files (so ids repeat as they would).
pub fn events(n: usize) -> Vec<Event> {
    let mut rng = Rng::new(0x5eed_e7e7);
    let profiles: Vec<Uuid> = (0..25).map(|_| rng.uuid()).collect();
    let teams: Vec<Uuid> = (0..8).map(|_| rng.uuid()).collect();
    let projects: Vec<Uuid> = (0..40).map(|_| rng.uuid()).collect();
    let files: Vec<Uuid> = (0..300).map(|_| rng.uuid()).collect();
    let mut clock = 1_753_360_121_374i64;
    (0..n)
        .map(|_| {
            clock += rng.range(50, 60_000) as i64;
            let tracked = clock - rng.range(1, 80) as i64;
            let profile_id = rng.pick(&profiles);
            let file = rng.pick(&files);
            let project = rng.pick(&projects);
            let team = rng.pick(&teams);
            let features = |rng: &mut Rng| {
                let k = rng.range(3, FEATURES.len() as u64 + 1) as usize;
                Some(FEATURES[..k].iter().map(|f| (*f).to_owned()).collect())
            };
            let r = rng.unit();
            let (name, props) = if r < 0.35 {
                (
                    "create-file",
                    Props {
                        name: Some(rng.words(2)),
                        team_id: Some(team),
                        features: features(&mut rng),
                        project_id: Some(project),
                        ..Props::default()
                    },
                )
            } else if r < 0.6 {
                (
                    "update-file",
                    Props {
                        id: Some(file),
                        name: Some(rng.words(2)),
                        features: features(&mut rng),
                        project_id: Some(project),
                        team_id: Some(team),
                        ..Props::default()
                    },
                )
            } else if r < 0.7 {
                (
                    "rename-file",
                    Props {
                        id: Some(file),
                        name: Some(rng.words(3)),
                        project_id: Some(project),
                        created_at: Some(ms(clock - rng.range(1, 1 << 34) as i64)),
                        modified_at: Some(ms(clock)),
                        ..Props::default()
                    },
                )
            } else if r < 0.8 {
                let participants = (0..rng.range(1, 4))
                    .map(|_| Id(rng.pick(&profiles)))
                    .collect();
                (
                    "create-comment-thread",
                    Props {
                        id: Some(rng.uuid()),
                        file_id: Some(file),
                        page_id: Some(rng.uuid()),
                        frame_id: Some(rng.uuid()),
                        position: Some(Tagged::new(
                            "point",
                            Point {
                                x: rng.coord(1440.0),
                                y: rng.coord(1024.0),
                            },
                        )),
                        content: Some(format!("Please check the {}", rng.words(4))),
                        seqn: Some(rng.range(1, 200) as i64),
                        participants: Some(participants),
                        owner_fullname: Some(format!("User {}", rng.range(1, 100))),
                        owner_email: Some(format!("user{}@example.com", rng.range(1, 100))),
                        is_resolved: Some(false),
                        created_at: Some(ms(clock)),
                        modified_at: Some(ms(clock)),
                        ..Props::default()
                    },
                )
            } else if r < 0.85 {
                (
                    "set-file-shared",
                    Props {
                        id: Some(file),
                        name: Some(rng.words(2)),
                        project_id: Some(project),
                        is_shared: Some(rng.chance(0.5)),
                        ..Props::default()
                    },
                )
            } else if r < 0.9 {
                (
                    "create-project",
                    Props {
                        id: Some(rng.uuid()),
                        team_id: Some(team),
                        name: Some(rng.words(2)),
                        ..Props::default()
                    },
                )
            } else if r < 0.95 {
                (
                    "rename-project",
                    Props {
                        id: Some(project),
                        name: Some(rng.words(2)),
                        team_id: Some(team),
                        prev_name: Some(rng.words(2)),
                        ..Props::default()
                    },
                )
            } else {
                let ids = (0..rng.range(1, 6)).map(|_| Id(rng.pick(&files))).collect();
                (
                    "move-files",
                    Props {
                        ids: Some(ids),
                        project_id: Some(project),
                        ..Props::default()
                    },
                )
            };
            Event {
                name: name.to_owned(),
                props,
                created_at: ms(clock),
                profile_id,
                tracked_at: ms(tracked),
            }
        })
        .collect()
}

/// Each event as a dynamic [`Value`] (what a compact write of the typed event
/// reads back as).
pub fn event_values(events: &[Event]) -> Vec<Value> {
    events
        .iter()
        .map(|e| transit_format::to_value(e).expect("event to value"))
        .collect()
}

/// Values written one after another, one per line.
pub fn write_lines<T: Serialize>(items: &[T], verbose: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for item in items {
        if verbose {
            transit_format::to_writer_verbose(&mut out, item).expect("write");
        } else {
            transit_format::to_writer(&mut out, item).expect("write");
        }
        out.push(b'\n');
    }
    out
}

/// Plain JSON values (serde_json) one per line.
pub fn json_lines<T: Serialize>(items: &[T]) -> Vec<u8> {
    let mut out = Vec::new();
    for item in items {
        serde_json::to_writer(&mut out, item).expect("write");
        out.push(b'\n');
    }
    out
}

//////////////////////////////////////////////////////////////////////////////
// Transit Value -> "equivalent" serde_json::Value

/// The plain-JSON counterpart of a Transit value, for the serde_json baselines:
/// keywords, symbols, uuids, URIs, big numbers and chars as strings, instants as
/// ISO-8601 strings, bytes as base64, sets and lists as arrays, tagged values as
/// their rep, maps as objects keyed by the key's text.
pub fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Integer(i) => J::from(*i),
        Value::Float(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
        Value::BigInt(n) => J::String(n.as_str().to_owned()),
        Value::BigDecimal(d) => J::String(d.as_str().to_owned()),
        Value::String(s) => J::String(s.to_string()),
        Value::Keyword(k) => J::String(k.as_str().to_owned()),
        Value::Symbol(s) => J::String(s.as_str().to_owned()),
        Value::Bytes(b) => J::String(base64(b)),
        Value::Uuid(u) => J::String(u.hyphenated().to_string()),
        Value::Instant(t) => J::String(t.to_rfc3339_opts(SecondsFormat::Millis, true)),
        Value::Uri(u) => J::String(u.as_str().to_owned()),
        Value::Char(c) => J::String(c.to_string()),
        Value::Array(items) | Value::List(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Set(set) => J::Array(set.iter().map(to_json).collect()),
        Value::Map(map) => J::Object(map.iter().map(|(k, v)| (key_text(k), to_json(v))).collect()),
        Value::Tagged(t) => to_json(t.rep()),
        // Links (and anything else) are not in the bench data: EDN text will do.
        _ => J::String(value.to_string()),
    }
}

fn key_text(key: &Value) -> String {
    match to_json(key) {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// RFC 4648 base64 with padding (written here to keep the benches' dependencies
/// to the crate's own).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

//////////////////////////////////////////////////////////////////////////////
// Files for the peer comparison

/// The bench files, by name: (file name, bytes).
pub fn files() -> Vec<(&'static str, Vec<u8>)> {
    let doc = file_document();
    let events = events(EVENTS);
    let values = event_values(&events);
    let json: Vec<JsonEvent> = events.iter().map(JsonEvent::from).collect();
    vec![
        (
            "document.compact.json",
            transit_format::to_vec(&doc).expect("write"),
        ),
        (
            "document.verbose.json",
            transit_format::to_vec_verbose(&doc).expect("write"),
        ),
        ("events.compact.jsonl", write_lines(&values, false)),
        ("events.verbose.jsonl", write_lines(&values, true)),
        ("events.plain.jsonl", json_lines(&json)),
    ]
}
