//! Penpot's own end-to-end test data (`../shared/penpot-samples/playwright/`, the
//! 256 JSON fixtures its Playwright tests serve as RPC responses): every fixture
//! decodes, and every `get-file` and `get-file-fragment` response reads as the
//! typed file model, walks as a tree, and writes back the same bytes. The fixtures
//! are third-party data (MPL-2.0): they are read from disk and never copied into
//! the repository.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use transit_format::penpot::{
    File, Fragment, Loadable, Page, PathCommand, Problem, ShapeKind, Slot,
};
use transit_format::{Deserializer, Value};
use uuid::Uuid;

/// The fixtures folder of the Penpot samples.
fn playwright_dir() -> PathBuf {
    let dir = common::penpot_samples_dir().join("playwright");
    assert!(
        dir.is_dir(),
        "{} is missing: the Penpot samples should hold Penpot's Playwright fixtures",
        dir.display()
    );
    dir
}

/// Every `*.json` file under `dir`, as (path relative to `dir`, bytes), sorted.
fn fixtures(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn visit(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(root, &path, out);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((name, bytes));
            }
        }
    }
    let mut out = Vec::new();
    visit(dir, dir, &mut out);
    out.sort();
    out
}

fn decode(name: &str, bytes: &[u8]) -> Value {
    transit_format::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn compact(name: &str, value: &impl serde::Serialize) -> String {
    transit_format::to_string(value).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn verbose(name: &str, value: &impl serde::Serialize) -> String {
    transit_format::to_string_verbose(value).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A `get-file` response: a map whose `:data` holds `:pages-index`.
fn is_get_file(value: &Value) -> bool {
    value
        .get_keyword("data")
        .and_then(|data| data.get_keyword("pages-index"))
        .is_some()
}

/// A `get-file-fragment` response: a map with `:id`, `:file-id` and `:data`.
fn is_fragment(value: &Value) -> bool {
    ["id", "file-id", "data"]
        .iter()
        .all(|key| value.get_keyword(key).is_some())
}

/// The decoded `get-file` and `get-file-fragment` fixtures.
struct Documents {
    files: Vec<(String, Value)>,
    fragments: Vec<(String, Value)>,
}

fn documents(dir: &Path) -> Documents {
    let mut files = Vec::new();
    let mut fragments = Vec::new();
    for (name, bytes) in fixtures(dir) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value = decode(&name, &bytes);
        if is_get_file(&value) {
            files.push((name, value));
        } else if is_fragment(&value) {
            fragments.push((name, value));
        }
    }
    Documents { files, fragments }
}

fn uuid(text: &str) -> Uuid {
    text.parse().unwrap()
}

//////////////////////////////////////////////////////////////////////////////
// Every fixture

/// Counts the tagged values with tag `tag` inside `value`.
fn count_tagged(value: &Value, tag: &str) -> usize {
    let inner = match value {
        Value::Array(items) | Value::List(items) => {
            items.iter().map(|v| count_tagged(v, tag)).sum()
        }
        Value::Set(set) => set.iter().map(|v| count_tagged(v, tag)).sum(),
        Value::Map(map) => map
            .iter()
            .map(|(k, v)| count_tagged(k, tag) + count_tagged(v, tag))
            .sum(),
        Value::Tagged(tagged) => count_tagged(tagged.rep(), tag),
        _ => 0,
    };
    inner + usize::from(matches!(value, Value::Tagged(t) if t.tag() == tag))
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn every_fixture_decodes_and_reencodes_to_an_equal_value() {
    let dir = playwright_dir();
    let all = fixtures(&dir);
    assert_eq!(all.len(), 256, "Penpot's Playwright fixtures");
    let mut empty = Vec::new();
    let mut kept_uuids = Vec::new();
    for (name, bytes) in &all {
        // Read as a stream, as a caller would who does not know what is inside.
        let values: Vec<Value> = Deserializer::from_slice(bytes)
            .into_iter::<Value>()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        if values.is_empty() {
            empty.push(name.as_str());
            continue;
        }
        assert_eq!(values.len(), 1, "{name}: one document");
        let value = &values[0];
        assert_eq!(&decode(name, bytes), value, "{name}: from_slice");
        // With Penpot's types, the same document.
        let text = std::str::from_utf8(bytes).unwrap();
        let typed =
            transit_format::penpot::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&typed, value, "{name}: with Penpot's read handlers");
        let written = verbose(name, value);
        assert_eq!(&decode(name, written.as_bytes()), value, "{name}: verbose");
        let written = compact(name, value);
        assert_eq!(&decode(name, written.as_bytes()), value, "{name}: compact");
        let kept = count_tagged(value, "u");
        if kept > 0 {
            kept_uuids.push((name.as_str(), kept));
            // The text after `~u` writes back as it was read.
            assert!(written.contains("\"~u123456789-") || written.contains("\"~uudd5cc0bb-"));
        }
    }
    assert_eq!(empty, ["dashboard/search-files-empty.json"]);
    assert_eq!(
        kept_uuids,
        [
            ("subscription/get-team-members-subscription-member.json", 2),
            ("subscription/get-team-members-subscription-owner.json", 2),
            ("viewer/get-file-fragment-multiple-boards.json", 1),
        ],
        "the uuids that are not uuids, kept as `#u` text"
    );
}

//////////////////////////////////////////////////////////////////////////////
// Files and fragments: reading and writing back

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn every_file_and_fragment_writes_back_the_bytes_it_was_read_from() {
    let dir = playwright_dir();
    let docs = documents(&dir);
    assert_eq!(docs.files.len(), 104, "get-file fixtures");
    assert_eq!(docs.fragments.len(), 27, "get-file-fragment fixtures");
    for (name, value) in &docs.files {
        let file = File::from_value(value.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_written_back(name, value, &file, File::from_slice);
        // Looking into every shape (decoding every entry of an objects map) changes
        // nothing that is written.
        for (_, page) in file.pages() {
            if let Some(Loadable::Loaded(page)) = page {
                for visit in page.walk().flatten() {
                    visit
                        .shape
                        .to_shape()
                        .unwrap_or_else(|e| panic!("{name}: {e}"));
                }
            }
        }
        check_written_back(name, value, &file, File::from_slice);
        // Decoded with Penpot's read handlers (shapes, pointers, objects maps as
        // typed values), the document reads as the same file.
        let typed = transit_format::penpot::from_str(&compact(name, value))
            .unwrap_or_else(|e| panic!("{name}: with Penpot's read handlers: {e}"));
        let from_typed = File::from_value(typed).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            from_typed == file,
            "{name}: read through Penpot's read handlers"
        );
        assert!(compact(name, &from_typed) == compact(name, value), "{name}");
    }
    for (name, value) in &docs.fragments {
        let fragment =
            Fragment::from_value(value.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_written_back(name, value, &fragment, Fragment::from_slice);
    }
}

/// `typed`, read from `value`, writes what `value` writes in both modes; and what
/// it writes reads back (with `read`) to what writes those bytes again.
fn check_written_back<T: serde::Serialize + PartialEq + std::fmt::Debug>(
    name: &str,
    value: &Value,
    typed: &T,
    read: impl Fn(&[u8]) -> transit_format::Result<T>,
) {
    for (mode, write) in [
        ("compact", compact as fn(&str, &T) -> String),
        ("verbose", verbose as fn(&str, &T) -> String),
    ] {
        let written = write(name, typed);
        let expected = match mode {
            "compact" => compact(name, value),
            _ => verbose(name, value),
        };
        assert!(
            written == expected,
            "{name}: {mode}: the typed model writes other bytes than the document"
        );
        let again = read(written.as_bytes()).unwrap_or_else(|e| panic!("{name}: {mode}: {e}"));
        assert!(&again == typed, "{name}: {mode}: reads back differently");
        assert!(
            write(name, &again) == written,
            "{name}: {mode}: read and written back, the bytes change"
        );
    }
}

//////////////////////////////////////////////////////////////////////////////
// Walking pages

/// Shape counts by `:type` made from the raw document: the values of a plain
/// objects map, or the decoded texts of a `penpot/objects-map/v2`.
fn raw_kind_counts(name: &str, objects: &Value) -> BTreeMap<String, usize> {
    let shapes: Vec<Value> = match objects {
        Value::Map(map) => map.values().cloned().collect(),
        Value::Tagged(tagged) if tagged.tag() == "penpot/objects-map/v2" => tagged
            .rep()
            .as_map()
            .unwrap()
            .values()
            .map(|text| transit_format::from_str(text.as_str().unwrap()).unwrap())
            .collect(),
        other => panic!("{name}: objects are {other}"),
    };
    let mut counts = BTreeMap::new();
    for shape in shapes {
        let Value::Tagged(tagged) = shape else {
            panic!("{name}: not a tagged shape")
        };
        let kind = tagged.rep().get_keyword("type").unwrap().to_string();
        *counts
            .entry(kind.trim_start_matches(':').to_owned())
            .or_default() += 1;
    }
    counts
}

/// Walks `page` and checks it against the raw `:objects` it was read from:
/// every shape once, each child under the shape that lists it and whose id is
/// its `:parent-id`, the counts by kind those of the raw document. Returns the
/// number of shapes.
fn check_walk(name: &str, page: &Page, raw_objects: &Value) -> usize {
    let objects = page.objects.as_ref().unwrap();
    let mut seen = HashSet::new();
    let mut counts = BTreeMap::new();
    for step in page.walk() {
        let visit = step.unwrap_or_else(|problem| panic!("{name}: {problem}"));
        let shape = visit.shape;
        assert!(
            seen.insert(shape.id()),
            "{name}: {} walked twice",
            shape.id()
        );
        *counts
            .entry(shape.kind_name().unwrap().to_owned())
            .or_default() += 1;
        match visit.parent {
            None => {
                assert!(shape.is_root(), "{name}: {} has no parent", shape.id());
                assert_eq!(visit.depth, 0);
                assert_eq!(shape.kind(), Some(ShapeKind::Frame));
            }
            Some(parent) => {
                assert_eq!(shape.parent_id(), Some(parent), "{name}: {}", shape.id());
                let lister = objects.get(&parent).unwrap().unwrap();
                assert!(lister.child_ids().any(|id| id == shape.id()));
                assert!(visit.depth > 0);
            }
        }
        // The parent chain ends at the root frame, one step a level.
        let chain: Vec<Uuid> = objects
            .ancestors(&shape.id())
            .map(|s| s.unwrap().id())
            .collect();
        assert_eq!(chain.len(), visit.depth, "{name}: {}", shape.id());
        assert_eq!(chain.first().copied(), visit.parent);
        if visit.depth > 0 {
            assert_eq!(chain.last(), Some(&Uuid::nil()));
        }
        // Children in the order of `:shapes`.
        let children: Vec<Uuid> = objects.children(&shape).map(|c| c.unwrap().id()).collect();
        assert_eq!(children, shape.child_ids().collect::<Vec<_>>());
    }
    let ids: HashSet<Uuid> = objects.ids().collect();
    assert_eq!(seen, ids, "{name}: the walk visits every shape");
    assert_eq!(seen.len(), objects.len());
    assert_eq!(counts, raw_kind_counts(name, raw_objects), "{name}");
    seen.len()
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn every_shape_of_every_page_is_walked_once_under_its_parent() {
    let dir = playwright_dir();
    let docs = documents(&dir);
    let (mut pages, mut shapes, mut lazy) = (0, 0, 0);
    // Pages whose `:id` is not the key they are stored under.
    let mut other_ids = Vec::new();
    for (name, value) in &docs.files {
        let file = File::from_value(value.clone()).unwrap();
        let raw_index = value
            .get_keyword("data")
            .and_then(|d| d.get_keyword("pages-index"))
            .and_then(Value::as_map)
            .unwrap();
        for (id, page) in file.pages() {
            let page = match page.unwrap_or_else(|| panic!("{name}: page {id} missing")) {
                Loadable::Loaded(page) => page,
                Loadable::Pointer(_) => continue,
            };
            if page.id != id {
                other_ids.push((name.as_str(), id, page.id));
            }
            let raw = raw_index
                .get(&Value::Uuid(id))
                .and_then(|p| p.get_keyword("objects"))
                .unwrap();
            lazy += usize::from(page.objects.as_ref().unwrap().as_objects_map().is_some());
            shapes += check_walk(name, page, raw);
            pages += 1;
        }
    }
    for (name, value) in &docs.fragments {
        let fragment = Fragment::from_value(value.clone()).unwrap();
        let Some(raw) = fragment.data.get_keyword("objects") else {
            continue; // a components fragment
        };
        let page = fragment.to_page().unwrap_or_else(|e| panic!("{name}: {e}"));
        shapes += check_walk(name, &page, raw);
        pages += 1;
    }
    // One fixture was edited by hand: its page sits under another id than its own.
    assert_eq!(
        other_ids,
        [(
            "render-wasm/get-file-frame-nested-clipping.json",
            uuid("44471494-966a-8178-8006-c5bd93f0fe73"),
            uuid("bf963303-bcd6-8000-8007-6a0bc8b60ccb")
        )]
    );
    eprintln!("{pages} pages ({lazy} of them objects maps), {shapes} shapes walked");
    assert_eq!((pages, lazy), (111, 29));
    assert_eq!(shapes, 1128);
}

//////////////////////////////////////////////////////////////////////////////
// Fragments

fn find<'a>(docs: &'a [(String, Value)], name: &str) -> &'a Value {
    &docs
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} is missing"))
        .1
}

/// Attaches the fragments to the file and checks that no pointer is left, that
/// the pages walk, and that the file writes and reads back.
fn attach_all(docs: &Documents, file: &str, fragments: &[(&str, Slot)]) -> File {
    let mut file_model = File::from_value(find(&docs.files, file).clone()).unwrap();
    assert_eq!(file_model.pointers().len(), fragments.len(), "{file}");
    for (name, slot) in fragments {
        let fragment = Fragment::from_value(find(&docs.fragments, name).clone()).unwrap();
        let pointer = fragment.id;
        assert_eq!(
            file_model
                .attach(fragment)
                .unwrap_or_else(|e| panic!("{name}: {e}")),
            *slot,
            "{name}"
        );
        assert!(file_model.pointers().iter().all(|(_, p)| p.id != pointer));
    }
    assert!(file_model.pointers().is_empty(), "{file}: pointers left");
    for (id, page) in file_model.pages() {
        let page = page.unwrap().loaded().unwrap();
        assert_eq!(page.id, id);
        for step in page.walk() {
            step.unwrap_or_else(|p| panic!("{file}: {p}"));
        }
    }
    let written = compact(file, &file_model);
    let again = File::from_slice(written.as_bytes()).unwrap();
    assert_eq!(again, file_model, "{file}: attached, written and read back");
    assert_eq!(compact(file, &again), written);
    file_model
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn fragments_attach_to_their_pointers() {
    let dir = playwright_dir();
    let docs = documents(&dir);

    let file = attach_all(
        &docs,
        "workspace/get-file-13272.json",
        &[(
            "workspace/get-file-13272-fragment.json",
            Slot::Page(uuid("3b9773cc-d4f1-81e1-8007-b3f8dcaba771")),
        )],
    );
    let page = file.pages().next().unwrap().1.unwrap().loaded().unwrap();
    assert_eq!(page.name.as_deref(), Some("Page 1"));
    assert!(page.objects.as_ref().unwrap().as_objects_map().is_some());

    attach_all(
        &docs,
        "workspace/get-file-13382.json",
        &[(
            "workspace/get-file-13382-fragment.json",
            Slot::Page(uuid("ecb0cfd0-0f0b-81f7-8007-950628f9665b")),
        )],
    );

    // A page and the components, each a pointer of its own.
    let main = attach_all(
        &docs,
        "workspace/get-file-9056_main.json",
        &[
            (
                "workspace/get-file-fragment-9056_main-2.json",
                Slot::Page(uuid("3622460c-3408-81e2-8005-2fd0e55888b8")),
            ),
            (
                "workspace/get-file-fragment-9056_main-1.json",
                Slot::Components,
            ),
        ],
    );
    let components = main.data.as_ref().unwrap().components.as_ref().unwrap();
    assert!(components.loaded().unwrap().is_empty());

    let shared = attach_all(
        &docs,
        "workspace/get-file-9056_shared.json",
        &[
            (
                "workspace/get-file-fragment-9056_shared-1.json",
                Slot::Components,
            ),
            (
                "workspace/get-file-fragment-9056_shared-2.json",
                Slot::Page(uuid("3622460c-3408-81e2-8005-2fc938010234")),
            ),
        ],
    );
    let data = shared.data.as_ref().unwrap();
    let components = data.components.as_ref().unwrap().loaded().unwrap();
    assert_eq!(components.len(), 1);
    let (id, rectangle) = components.iter().next().unwrap();
    assert_eq!(rectangle.id, Some(id));
    assert_eq!(rectangle.name.as_deref(), Some("Rectangle"));
    assert_eq!(rectangle.path.as_deref(), Some(""));
    // Its main instance is a shape of the page just attached.
    let page_id = rectangle.main_instance_page.unwrap();
    let page = data.page(&page_id).unwrap().loaded().unwrap();
    let main_instance = page
        .shape(&rectangle.main_instance_id.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(main_instance.kind(), Some(ShapeKind::Frame));
    assert_eq!(main_instance.name(), Some("Rectangle"));

    // Every other fragment answers a pointer of a file in its folder, but those
    // served with a view-only bundle rather than a file, and one whose file is not
    // among the fixtures.
    let mut attached = 0;
    let mut alone = Vec::new();
    for (name, value) in &docs.fragments {
        let fragment = Fragment::from_value(value.clone()).unwrap();
        let folder = name.rsplit_once('/').unwrap().0;
        let mut found = false;
        for (file_name, file_value) in &docs.files {
            if !file_name.starts_with(folder) {
                continue;
            }
            let mut file = File::from_value(file_value.clone()).unwrap();
            if file.pointers().iter().any(|(_, p)| p.id == fragment.id) {
                file.attach(fragment.clone())
                    .unwrap_or_else(|e| panic!("{name} into {file_name}: {e}"));
                attached += 1;
                found = true;
            }
        }
        if !found {
            alone.push(name.as_str());
        }
    }
    assert_eq!(
        alone,
        [
            "viewer/get-file-fragment-empty-file.json",
            "viewer/get-file-fragment-interaction-blocks-child.json",
            "viewer/get-file-fragment-multiple-boards.json",
            "viewer/get-file-fragment-rotated-board-stroke.json",
            "viewer/get-file-fragment-single-board.json",
            "workspace/get-file-fragment-gradient-limits.json",
        ]
    );
    // `versions-init-fragment.json` answers both `versions-init*.json`.
    assert_eq!(attached, 22);
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn a_fragment_that_answers_no_pointer_is_refused_and_changes_nothing() {
    let dir = playwright_dir();
    let docs = documents(&dir);
    let mut file =
        File::from_value(find(&docs.files, "workspace/get-file-13382.json").clone()).unwrap();
    let before = file.clone();
    let other = Fragment::from_value(
        find(&docs.fragments, "workspace/get-file-13272-fragment.json").clone(),
    )
    .unwrap();
    let err = file.attach(other).unwrap_err();
    assert_eq!(
        err.to_string(),
        "get-file-fragment 3ac58b88-38b3-80c9-8007-b4f791c7c36b: file 52c4e771-3853-8190-8007-9506c70e8100 has no pointer with that id"
    );
    assert_eq!(file, before);

    // The right pointer, but a fragment of another file.
    let mut fragment = Fragment::from_value(
        find(&docs.fragments, "workspace/get-file-13382-fragment.json").clone(),
    )
    .unwrap();
    fragment.attrs.insert(
        Value::keyword("file-id"),
        Value::Uuid(uuid("3b9773cc-d4f1-81e1-8007-b3f8dcaba770")),
    );
    let err = file.attach(fragment.clone()).unwrap_err();
    assert!(
        err.to_string().contains("is a fragment of file 3b9773cc"),
        "{err}"
    );
    // The right pointer, but another page.
    fragment.attrs.remove(&Value::keyword("file-id"));
    let Value::Map(data) = &mut fragment.data else {
        panic!()
    };
    data.insert(Value::keyword("id"), Value::Uuid(Uuid::nil()));
    let err = file.attach(fragment).unwrap_err();
    assert!(
        err.to_string().contains("holds page 00000000-0000-0000-0000-000000000000, but its pointer stands for page ecb0cfd0"),
        "{err}"
    );
    assert_eq!(file, before);
}

//////////////////////////////////////////////////////////////////////////////
// What is typed

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn file_metadata_assets_and_tokens_are_typed() {
    let dir = playwright_dir();
    let docs = documents(&dir);
    let file =
        File::from_value(find(&docs.files, "workspace/get-file-13272.json").clone()).unwrap();
    assert_eq!(file.id, uuid("3b9773cc-d4f1-81e1-8007-b3f8dcaba770"));
    assert_eq!(file.name.as_deref(), Some("New File 13"));
    assert_eq!(file.revn, Some(79));
    assert_eq!(file.vern, Some(0));
    assert_eq!(
        file.team_id,
        Some(uuid("d715d0a5-a44e-8056-8005-a79999e18b64"))
    );
    assert_eq!(
        file.project_id,
        Some(uuid("76eab896-accf-81a5-8007-2b264ebe7817"))
    );
    assert_eq!(
        file.created_at.unwrap().timestamp_millis(),
        1_773_332_008_622
    );
    assert_eq!(
        file.modified_at.unwrap().timestamp_millis(),
        1_773_398_778_654
    );
    assert_eq!(file.features.as_ref().unwrap().len(), 11);
    assert!(file.has_feature("fdata/pointer-map") && !file.has_feature("nope"));
    let migrations = &file.migrations.as_ref().unwrap().0;
    assert_eq!(migrations.len(), 73);
    assert_eq!(migrations[0], Value::from("legacy-2"));
    // Kept as read.
    assert_eq!(file.attrs.get_keyword("version"), Some(&Value::Integer(67)));
    assert!(file.attrs.get_keyword("permissions").is_some());

    let data = File::from_value(find(&docs.files, "workspace/get-file-library.json").clone())
        .unwrap()
        .data
        .unwrap();
    let colors = data.colors.as_ref().unwrap().loaded().unwrap();
    let color = colors.values().next().unwrap();
    assert_eq!(color.name.as_deref(), Some("test-color-187cd5"));
    assert_eq!(color.color.as_deref(), Some("#187cd5"));
    assert_eq!(color.opacity.unwrap().as_f64(), 1.0);

    let data = File::from_value(
        find(
            &docs.files,
            "render-wasm/get-file-text-leaves-decoration.json",
        )
        .clone(),
    )
    .unwrap()
    .data
    .unwrap();
    let typography = data
        .typographies
        .as_ref()
        .unwrap()
        .loaded()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(typography.name.as_deref(), Some("Source Sans Pro Regular"));
    assert_eq!(typography.font_size.as_deref(), Some("14"));
    assert_eq!(typography.font_weight.as_deref(), Some("400"));

    let data =
        File::from_value(find(&docs.files, "workspace/get-file-tokens-all-types.json").clone())
            .unwrap()
            .data
            .unwrap();
    let tokens = data.tokens_lib.as_ref().unwrap();
    assert!(tokens.sets.is_some() && tokens.themes.is_some());

    // Components with their deleted shapes kept.
    let mut deleted = 0;
    for (name, value) in &docs.files {
        let file = File::from_value(value.clone()).unwrap();
        let Some(Loadable::Loaded(components)) = file.data.as_ref().unwrap().components.as_ref()
        else {
            continue;
        };
        for component in components.values() {
            assert!(
                component.name.is_some() && component.main_instance_id.is_some(),
                "{name}"
            );
            if component.deleted == Some(true) {
                let objects = component.objects.as_ref().unwrap();
                assert!(!objects.is_empty(), "{name}");
                assert!(objects.get(&component.main_instance_id.unwrap()).is_some());
                deleted += 1;
            }
        }
    }
    assert_eq!(deleted, 4);
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn text_and_path_content_read_as_trees_and_commands() {
    let dir = playwright_dir();
    let docs = documents(&dir);
    let (mut texts, mut paths) = (0, 0);
    for (name, value) in &docs.files {
        let file = File::from_value(value.clone()).unwrap();
        for (_, page) in file.pages() {
            let Some(Loadable::Loaded(page)) = page else {
                continue;
            };
            for visit in page.walk() {
                let shape = visit.unwrap().shape;
                match shape.kind() {
                    Some(ShapeKind::Text) => {
                        let root = shape.text_content().unwrap().unwrap();
                        assert_eq!(root.node_type.as_deref(), Some("root"), "{name}");
                        assert!(!root.paragraphs().is_empty());
                        // The tree writes back as it was read.
                        assert_eq!(&root.to_value(), shape.get("content").unwrap());
                        assert_eq!(shape.plain_text(), Some(root.plain_text()));
                        texts += 1;
                    }
                    Some(ShapeKind::Path | ShapeKind::Bool) => {
                        let commands = shape.path_commands().unwrap().unwrap();
                        assert!(matches!(commands[0], PathCommand::MoveTo { .. }), "{name}");
                        paths += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    eprintln!("{texts} text shapes, {paths} paths");
    assert_eq!((texts, paths), (237, 152));

    let text_of = |file: &str, shape_name: &str| -> String {
        let file = File::from_value(find(&docs.files, file).clone()).unwrap();
        let (_, page) = file.pages().next().unwrap();
        let page = page.unwrap().loaded().unwrap();
        let shape = page
            .walk()
            .map(|v| v.unwrap().shape)
            .find(|s| s.name() == Some(shape_name))
            .unwrap();
        shape.plain_text().unwrap()
    };
    assert_eq!(
        text_of("render-wasm/get-file-text.json", "this is a text"),
        "this is a text"
    );
    // Empty paragraphs are empty lines.
    assert!(text_of(
        "render-wasm/get-file-empty-lines.json",
        "text-with-empty-lines-2"
    )
    .starts_with("\n\nIn the TOKENS tab, right click any design token"));
    let columns = text_of(
        "render-wasm/get-file-text-paragraph-new-lines.json",
        "column",
    );
    assert_eq!(columns.matches('\n').count(), 10, "11 paragraphs");
}

//////////////////////////////////////////////////////////////////////////////
// Inconsistent input, laziness

const ROOT: &str = "00000000-0000-0000-0000-000000000000";

/// A page of shapes given as (id, type, parent, children), as a plain objects map.
fn page_of(shapes: &[(&str, &str, Option<&str>, &[&str])]) -> Page {
    let mut text = String::from(
        r#"{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771","~:name":"P","~:objects":{"#,
    );
    for (i, (id, kind, parent, children)) in shapes.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        let parent = parent
            .map(|p| format!(r#","~:parent-id":"~u{p}""#))
            .unwrap_or_default();
        let children: Vec<String> = children.iter().map(|c| format!(r#""~u{c}""#)).collect();
        text.push_str(&format!(
            r#""~u{id}":{{"~#shape":{{"~:id":"~u{id}","~:type":"~:{kind}","~:name":"{kind} {id}"{parent},"~:shapes":[{}]}}}}"#,
            children.join(",")
        ));
    }
    text.push_str("}}");
    transit_format::from_str(&text).unwrap()
}

fn id(n: u8) -> String {
    format!("00000000-0000-0000-0000-0000000000{n:02x}")
}

/// The walk as `(depth, id's last byte)` for shapes and the problems' texts.
fn walked(page: &Page) -> (Vec<(usize, u8)>, Vec<String>) {
    let mut shapes = Vec::new();
    let mut problems = Vec::new();
    for step in page.walk() {
        match step {
            Ok(visit) => shapes.push((visit.depth, visit.shape.id().as_bytes()[15])),
            Err(problem) => problems.push(problem.to_string()),
        }
    }
    (shapes, problems)
}

#[test]
fn inconsistent_trees_are_reported_and_never_looped_on() {
    let (a, b, c, d) = (id(1), id(2), id(3), id(4));
    // Consistent: depth first, children in `:shapes` order.
    let page = page_of(&[
        (ROOT, "frame", Some(ROOT), &[&a, &c]),
        (&a, "group", Some(ROOT), &[&b]),
        (&b, "rect", Some(&a), &[]),
        (&c, "text", Some(ROOT), &[]),
    ]);
    assert_eq!(
        walked(&page),
        (vec![(0, 0), (1, 1), (2, 2), (1, 3)], vec![])
    );

    // A child listed that is missing; a shape whose parent is missing.
    let page = page_of(&[
        (ROOT, "frame", Some(ROOT), &[&a]),
        (&a, "group", Some(ROOT), &[&b]),
        (&c, "rect", Some(&d), &[]),
    ]);
    let (shapes, problems) = walked(&page);
    assert_eq!(shapes, [(0, 0), (1, 1), (0, 3)]);
    assert_eq!(
        problems,
        [
            format!("shape {a} lists child {b}, which is missing"),
            format!("shape {c} is not reached from the root frame (its parent-id is {d})"),
        ]
    );
    let ancestors: Vec<_> = page
        .objects
        .as_ref()
        .unwrap()
        .ancestors(&uuid(&c))
        .collect();
    assert_eq!(
        ancestors,
        [Err(Problem::MissingParent {
            id: uuid(&c),
            parent: uuid(&d)
        })]
    );

    // A cycle below the root, and a cycle on its own.
    let page = page_of(&[
        (ROOT, "frame", Some(ROOT), &[&a]),
        (&a, "group", Some(ROOT), &[&b]),
        (&b, "group", Some(&a), &[&a]),
        (&c, "group", Some(&d), &[&d]),
        (&d, "group", Some(&c), &[&c]),
    ]);
    let (shapes, problems) = walked(&page);
    assert_eq!(shapes, [(0, 0), (1, 1), (2, 2), (0, 3), (1, 4)]);
    assert_eq!(
        problems,
        [
            format!(
                "shape {b} lists child {a}, which was already reached (listed twice, or a cycle)"
            ),
            format!("shape {c} is not reached from the root frame (its parent-id is {d})"),
            format!(
                "shape {d} lists child {c}, which was already reached (listed twice, or a cycle)"
            ),
        ]
    );
    let objects = page.objects.as_ref().unwrap();
    let chain: Vec<_> = objects.ancestors(&uuid(&c)).collect();
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[0].as_ref().unwrap().id(), uuid(&d));
    assert_eq!(chain[1], Err(Problem::ParentCycle { id: uuid(&c) }));

    // Listed twice, under a parent that is not its `:parent-id`; no root at all.
    let page = page_of(&[
        (ROOT, "frame", Some(ROOT), &[&a, &b, &a]),
        (&a, "rect", Some(&b), &[]),
        (&b, "group", Some(ROOT), &[]),
    ]);
    let (shapes, problems) = walked(&page);
    assert_eq!(shapes, [(0, 0), (1, 1), (1, 2)]);
    assert_eq!(
        problems,
        [
            format!("shape {a} is listed under {ROOT}, but its parent-id is {b}"),
            format!("shape {ROOT} lists child {a}, which was already reached (listed twice, or a cycle)"),
        ]
    );
    let page = page_of(&[(&a, "rect", None, &[]), (&b, "rect", Some(&b), &[])]);
    let (shapes, problems) = walked(&page);
    assert_eq!(shapes, [(0, 1), (0, 2)]);
    assert_eq!(problems[0], "there is no root frame");
    assert_eq!(problems.len(), 3);

    // A long chain: no recursion, so no stack to overflow.
    let n = 20_000;
    let ids: Vec<String> = (0..=n)
        .map(|i| {
            if i == 0 {
                ROOT.to_owned()
            } else {
                format!("00000000-0000-0000-0000-{i:012x}")
            }
        })
        .collect();
    let mut shapes = Vec::new();
    for i in 0..=n {
        let parent = if i == 0 { ROOT } else { ids[i - 1].as_str() };
        let children: Vec<&str> = ids.get(i + 1).map(String::as_str).into_iter().collect();
        shapes.push((ids[i].clone(), parent.to_owned(), children));
    }
    let spec: Vec<(&str, &str, Option<&str>, Vec<&str>)> = shapes
        .iter()
        .map(|(id, parent, children)| {
            (
                id.as_str(),
                "group",
                Some(parent.as_str()),
                children.clone(),
            )
        })
        .collect();
    let spec: Vec<(&str, &str, Option<&str>, &[&str])> = spec
        .iter()
        .map(|(a, b, c, d)| (*a, *b, *c, d.as_slice()))
        .collect();
    let page = page_of(&spec);
    let deepest = page.walk().map(|v| v.unwrap().depth).max();
    assert_eq!(deepest, Some(n));
}

#[test]
fn an_objects_map_entry_is_only_decoded_when_asked_for() {
    // The second entry's text is not Transit: nothing notices until it is walked,
    // and the file writes back unchanged either way.
    let root = r#"[\"~#shape\",[\"^ \",\"~:id\",\"~u00000000-0000-0000-0000-000000000000\",\"~:type\",\"~:frame\",\"~:parent-id\",\"^1\",\"~:shapes\",[\"~u00000000-0000-0000-0000-000000000001\"]]]"#;
    let text = format!(
        r#"{{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:data":{{"~:pages":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771"],"~:pages-index":{{"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771":{{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771","~:objects":{{"~#penpot/objects-map/v2":{{"~u00000000-0000-0000-0000-000000000000":"{root}","~u00000000-0000-0000-0000-000000000001":"[\"~#shape\",[\"^ \",\"^7Z\"]]"}}}}}}}}}}}}"#
    );
    let file = File::from_slice(text.as_bytes()).unwrap();
    assert_eq!(verbose("lazy", &file), text);
    let page = file.pages().next().unwrap().1.unwrap().loaded().unwrap();
    let (shapes, problems) = walked(page);
    assert_eq!(shapes, [(0, 0)]);
    assert_eq!(
        problems,
        [
            r#"shape 00000000-0000-0000-0000-000000000001 cannot be read: unknown cache code "^7Z" at line 1 column 22"#
        ]
    );
    assert_eq!(verbose("lazy", &file), text);
}

#[test]
fn pages_come_in_the_order_of_pages_then_the_unlisted_ones() {
    let (a, b, c, d) = (id(0xa), id(0xb), id(0xc), id(0xd));
    let page = |p: &str| format!(r#""~u{p}":{{"~:id":"~u{p}","~:name":"{}"}}"#, &p[34..]);
    let text = format!(
        r#"{{"~:id":"~u{ROOT}","~:data":{{"~:pages":["~u{a}","~u{b}","~u{a}","~u{c}"],"~:pages-index":{{{},{},{}}}}}}}"#,
        page(&b),
        page(&a),
        page(&d)
    );
    let file = File::from_slice(text.as_bytes()).unwrap();
    let pages: Vec<(u8, Option<String>)> = file
        .pages()
        .map(|(id, page)| {
            let name = page.map(|p| p.loaded().unwrap().name.clone().unwrap());
            (id.as_bytes()[15], name)
        })
        .collect();
    assert_eq!(
        pages,
        [
            (0xa, Some("0a".to_owned())),
            (0xb, Some("0b".to_owned())),
            (0xc, None),
            (0xd, Some("0d".to_owned())),
        ]
    );
    let mut out = Vec::new();
    transit_format::penpot::write_outline(
        &file,
        transit_format::penpot::OutlineFormat::Text,
        &mut out,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("page 0a ({a})\npage 0b ({b})\npage ({c}) not loaded (not in :pages-index)\npage 0d ({d})\n")
    );
    assert_eq!(verbose("pages", &file), text);
}

#[test]
fn changed_fields_are_written_in_their_place() {
    let text = r#"["^ ","~:name","Old","~:id","~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:revn",1,"~:is-shared",false]"#;
    let mut file = File::from_slice(text.as_bytes()).unwrap();
    file.name = Some("New".to_owned());
    file.revn = None;
    file.vern = Some(2);
    file.attrs
        .insert(Value::keyword("extra"), Value::Integer(3));
    assert_eq!(
        compact("changed", &file),
        r#"["^ ","~:name","New","~:id","~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:is-shared",false,"~:vern",2,"~:extra",3]"#
    );
    // A file made from nothing writes its typed fields first, in their order.
    let new = File {
        key_order: Vec::new(),
        ..File::from_slice(text.as_bytes()).unwrap()
    };
    assert_eq!(
        compact("new", &new),
        r#"["^ ","~:id","~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:name","Old","~:revn",1,"~:is-shared",false]"#
    );
}
