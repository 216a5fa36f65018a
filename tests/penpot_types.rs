//! Penpot's types over the real samples: every sample decodes into typed values and
//! back to an equal document.

mod common;

use std::collections::BTreeMap;

use transit_format::penpot::{self, ObjectsMap, PathCommand, PathData, PenpotValue, Shape};
use transit_format::Value;

/// Counts the typed values by tag, and checks each against its type.
fn walk(value: &Value, counts: &mut BTreeMap<String, usize>) {
    match value {
        Value::Ext(ext) => {
            *counts.entry(ext.tag().to_owned()).or_default() += 1;
            if let Some(objects) = ext.downcast_ref::<ObjectsMap>() {
                for id in objects.ids() {
                    // Untouched entries keep their text, and decode to shapes.
                    assert!(objects.raw(id).is_some());
                    let shape = objects.shape(id).expect("present").expect("a shape");
                    assert_eq!(shape.id, Some(*id));
                    let inner = objects.get(id).unwrap().unwrap();
                    walk(&inner, counts);
                }
            }
            walk(&ext.rep(), counts);
        }
        Value::Tagged(tagged) => walk(tagged.rep(), counts),
        Value::Array(items) | Value::List(items) => items.iter().for_each(|v| walk(v, counts)),
        Value::Set(set) => set.iter().for_each(|v| walk(v, counts)),
        Value::Map(map) => map.iter().for_each(|(k, v)| {
            walk(k, counts);
            walk(v, counts);
        }),
        _ => {}
    }
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn every_sample_decodes_into_typed_values_and_back() {
    let dir = common::penpot_samples_dir();
    let mut total: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        files += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let plain: Value = transit_format::from_str(&text).unwrap();
        let typed = penpot::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Typed or not, the same document.
        assert!(typed == plain, "{name}: typed and plain decoding differ");
        let mut counts = BTreeMap::new();
        walk(&typed, &mut counts);
        for (tag, n) in counts {
            *total.entry(tag).or_default() += n;
        }
        // Written back (both modes) and read again: still the same document.
        for written in [
            transit_format::to_string(&typed).unwrap(),
            transit_format::to_string_verbose(&typed).unwrap(),
        ] {
            let again: Value = transit_format::from_str(&written).unwrap();
            assert!(again == plain, "{name}: written back, it reads differently");
            assert!(
                penpot::from_str(&written).unwrap() == typed,
                "{name}: typed re-read differs"
            );
        }
        // Typed values re-encode to the same bytes as the plain document.
        assert_eq!(
            transit_format::to_string(&typed).unwrap(),
            transit_format::to_string(&plain).unwrap(),
            "{name}"
        );
    }
    assert!(files >= 10, "expected the 10 samples, found {files}");
    eprintln!("typed values by tag: {total:?}");
    for tag in [
        "point",
        "matrix",
        "rect",
        "shape",
        "penpot/path-data",
        "penpot/objects-map/v2",
        "penpot/pointer",
        "ordered-map",
        "ordered-set",
        "penpot/tokens-lib",
        "penpot/token-set",
        "penpot/token-theme",
        "penpot/token",
    ] {
        assert!(
            total.get(tag).copied().unwrap_or(0) > 0,
            "no {tag} in the samples: {total:?}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn objects_map_entries_write_back_byte_for_byte_unless_replaced() {
    let dir = common::penpot_samples_dir();
    let text = std::fs::read_to_string(dir.join("get-file-13272-fragment.json")).unwrap();
    let value = penpot::from_str(&text).unwrap();
    let mut found = None;
    find_objects(&value, &mut found);
    let mut objects = found.expect("the fragment has an objects map");
    let ids: Vec<_> = objects.ids().copied().collect();
    let raw: Vec<String> = ids
        .iter()
        .map(|id| objects.raw(id).unwrap().to_owned())
        .collect();
    let Value::Map(rep) = objects.to_rep() else {
        panic!()
    };
    for (id, text) in ids.iter().zip(&raw) {
        assert_eq!(
            rep.get(&Value::Uuid(*id)),
            Some(&Value::String(text.clone().into()))
        );
    }
    // Replace one entry: only it is re-encoded.
    let mut shape: Shape = objects.shape(&ids[0]).unwrap().unwrap();
    shape.name = Some("Renamed".into());
    objects.insert(ids[0], Value::tagged("shape", shape.to_rep()));
    assert!(objects.raw(&ids[0]).is_none());
    assert_eq!(
        objects.shape(&ids[0]).unwrap().unwrap().name.as_deref(),
        Some("Renamed")
    );
    for (id, text) in ids.iter().zip(&raw).skip(1) {
        assert_eq!(objects.raw(id), Some(text.as_str()));
    }
}

fn find_objects(value: &Value, found: &mut Option<ObjectsMap>) {
    match value {
        Value::Ext(ext) => {
            if let Some(objects) = ext.downcast_ref::<ObjectsMap>() {
                *found = Some(objects.clone());
            }
        }
        Value::Array(items) => items.iter().for_each(|v| find_objects(v, found)),
        Value::Map(map) => map.values().for_each(|v| find_objects(v, found)),
        _ => {}
    }
}

#[test]
fn penpots_path_data_test_vector() {
    // The vector of Penpot's own test (common/test/common_tests/types/path_data_test.cljc):
    // move-to, line-to, curve-to, close-path.
    let commands = [
        PathCommand::MoveTo { x: 480.0, y: 839.0 },
        PathCommand::LineTo { x: 439.0, y: 802.0 },
        PathCommand::CurveTo {
            c1x: 368.0,
            c1y: 737.0,
            c2x: 310.0,
            c2y: 681.0,
            x: 264.0,
            y: 634.0,
        },
        PathCommand::ClosePath,
    ];
    let expected = r#"["~#penpot/path-data","~bAQAAAAAAAAAAAAAAAAAAAAAAAAAAAPBDAMBRRAIAAAAAAAAAAAAAAAAAAAAAAAAAAIDbQwCASEQDAAAAAAC4QwBAOEQAAJtDAEAqRAAAhEMAgB5EBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="]"#;
    let path = PathData::from_commands(commands);
    assert_eq!(transit_format::to_string(&path).unwrap(), expected);
    let read: PathData = transit_format::from_str(expected).unwrap();
    assert_eq!(
        read.commands().collect::<Vec<_>>(),
        commands.map(Some).to_vec()
    );
    assert_eq!(read, path);
    // A length that is not a whole number of segments is an error, not a panic.
    let err =
        transit_format::from_str::<PathData>(r#"["~#penpot/path-data","~bAQAA"]"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("not a whole number of 28-byte segments"),
        "{err}"
    );
}

#[test]
fn typed_values_reject_reps_that_would_not_round_trip() {
    let err =
        transit_format::from_str::<penpot::Point>(r#"["~#point",["^ ","~:x",1,"~:y",2,"~:z",3]]"#)
            .unwrap_err();
    assert!(err.to_string().contains("unexpected key :z"), "{err}");
    let err =
        transit_format::from_str::<penpot::Point>(r#"["~#rect",["^ ","~:x",1]]"#).unwrap_err();
    assert!(err.to_string().contains("expected tag \"point\""), "{err}");
    let err = penpot::from_str(r#"["~#point",["^ ","~:x","a","~:y",2]]"#).unwrap_err();
    assert!(err.to_string().contains(":x must be a number"), "{err}");
}
