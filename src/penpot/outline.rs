//! An outline of a file: its pages, and under each its shapes as a tree (what
//! `transit penpot outline` prints).

use std::io;

use serde::Serialize;
use uuid::Uuid;

use super::file::{File, Loadable, Slot};
use super::page::{Page, Problem};

/// How [`write_outline`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineFormat {
    /// Text: a line `page NAME (ID)` for each page, and under it a line
    /// `KIND NAME (ID)` for each shape, indented two spaces a level (the root
    /// frame by two).
    Text,
    /// One JSON object a line: for each shape, `page` (the page's id), `id`,
    /// `parent` (the id of the shape listing it; `null` for the root frame),
    /// `kind` (the `:type` keyword's name, such as `"rect"`), `name` and `depth`
    /// (0 for the root frame).
    Json,
}

/// A page or part of the file not loaded: written as a line of its own.
#[derive(Serialize)]
struct NotLoaded {
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    loaded: bool,
    pointer: Option<Uuid>,
}

#[derive(Serialize)]
struct ShapeLine<'a> {
    page: Uuid,
    id: Uuid,
    parent: Option<Uuid>,
    kind: Option<&'a str>,
    name: Option<&'a str>,
    depth: usize,
}

/// Writes the outline of `file`: each page in order, and under it each shape of
/// its walk ([`Page::walk`]: depth first from the root frame, children in the
/// order of their `:shapes` key, the order Penpot stacks them in). A page still a
/// pointer is written as not loaded (text: `page (ID) not loaded (pointer
/// POINTER)`; JSON: `{"page": ID, "loaded": false, "pointer": POINTER}`), and
/// so are components, colours, typographies and media still pointers (text:
/// `components not loaded (pointer POINTER)`; JSON: `{"part": "components",
/// "loaded": false, "pointer": POINTER}`). Returns what the walks found
/// inconsistent, with the id of each page.
///
/// ```
/// use transit_format::penpot::{write_outline, File, OutlineFormat};
///
/// let file = File::from_slice(br#"{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:data":{
///   "~:pages":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771"],
///   "~:pages-index":{"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771":{
///     "~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771","~:name":"Page 1","~:objects":{
///       "~u00000000-0000-0000-0000-000000000000":{"~#shape":{"~:type":"~:frame","~:name":"Root Frame",
///         "~:parent-id":"~u00000000-0000-0000-0000-000000000000","~:shapes":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba772"]}},
///       "~u3b9773cc-d4f1-81e1-8007-b3f8dcaba772":{"~#shape":{"~:type":"~:rect","~:name":"Box",
///         "~:parent-id":"~u00000000-0000-0000-0000-000000000000"}}}}}}}"#)?;
/// let mut out = Vec::new();
/// let problems = write_outline(&file, OutlineFormat::Text, &mut out)?;
/// assert!(problems.is_empty());
/// assert_eq!(String::from_utf8(out).unwrap(), "\
/// page Page 1 (3b9773cc-d4f1-81e1-8007-b3f8dcaba771)
///   frame Root Frame (00000000-0000-0000-0000-000000000000)
///     rect Box (3b9773cc-d4f1-81e1-8007-b3f8dcaba772)
/// ");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// Those of writing to `out`.
pub fn write_outline<W: io::Write>(
    file: &File,
    format: OutlineFormat,
    mut out: W,
) -> io::Result<Vec<(Uuid, Problem)>> {
    let mut problems = Vec::new();
    for (page_id, page) in file.pages() {
        match page {
            Some(Loadable::Loaded(page)) => {
                write_page(page_id, page, format, &mut out, &mut problems)?;
            }
            Some(Loadable::Pointer(pointer)) => {
                not_loaded(format, &mut out, Some(page_id), None, Some(pointer.id))?;
            }
            None => not_loaded(format, &mut out, Some(page_id), None, None)?,
        }
    }
    for (slot, pointer) in file.pointers() {
        let part = match slot {
            Slot::Page(_) => continue,
            Slot::Components => "components",
            Slot::Colors => "colors",
            Slot::Typographies => "typographies",
            Slot::Media => "media",
        };
        not_loaded(format, &mut out, None, Some(part), Some(pointer.id))?;
    }
    out.flush()?;
    Ok(problems)
}

fn write_page<W: io::Write>(
    page_id: Uuid,
    page: &Page,
    format: OutlineFormat,
    out: &mut W,
    problems: &mut Vec<(Uuid, Problem)>,
) -> io::Result<()> {
    if format == OutlineFormat::Text {
        out.write_all(b"page ")?;
        if let Some(name) = &page.name {
            write_name(out, name)?;
            out.write_all(b" ")?;
        }
        writeln!(out, "({page_id})")?;
    }
    for step in page.walk() {
        let visit = match step {
            Ok(visit) => visit,
            Err(problem) => {
                problems.push((page_id, problem));
                continue;
            }
        };
        let shape = visit.shape;
        match format {
            OutlineFormat::Text => {
                for _ in 0..=visit.depth {
                    out.write_all(b"  ")?;
                }
                out.write_all(shape.kind_name().unwrap_or("?").as_bytes())?;
                out.write_all(b" ")?;
                if let Some(name) = shape.name() {
                    write_name(out, name)?;
                    out.write_all(b" ")?;
                }
                writeln!(out, "({})", shape.id())?;
            }
            OutlineFormat::Json => {
                let line = ShapeLine {
                    page: page_id,
                    id: shape.id(),
                    parent: visit.parent,
                    kind: shape.kind_name(),
                    name: shape.name(),
                    depth: visit.depth,
                };
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

fn not_loaded<W: io::Write>(
    format: OutlineFormat,
    out: &mut W,
    page: Option<Uuid>,
    part: Option<&'static str>,
    pointer: Option<Uuid>,
) -> io::Result<()> {
    match format {
        OutlineFormat::Text => {
            match (page, part) {
                (Some(page), _) => write!(out, "page ({page}) not loaded")?,
                (None, part) => write!(out, "{} not loaded", part.unwrap_or("?"))?,
            }
            match pointer {
                Some(pointer) => writeln!(out, " (pointer {pointer})"),
                None => writeln!(out, " (not in :pages-index)"),
            }
        }
        OutlineFormat::Json => {
            let line = NotLoaded {
                page,
                part,
                loaded: false,
                pointer,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")
        }
    }
}

/// A name on one line: control characters (a newline in a name…) are written as
/// escapes.
fn write_name<W: io::Write>(out: &mut W, name: &str) -> io::Result<()> {
    if !name.chars().any(char::is_control) {
        return out.write_all(name.as_bytes());
    }
    for c in name.chars() {
        if c.is_control() {
            write!(out, "{}", c.escape_default())?;
        } else {
            write!(out, "{c}")?;
        }
    }
    Ok(())
}
