//! Real Penpot documents (`../shared/penpot-samples/`): each one
//! decodes, survives both write modes, and its nested `penpot/objects-map/v2` compact
//! documents write back byte for byte. The samples are third-party data (MPL-2.0): they
//! are read from disk here and never copied into the repository.

mod common;

use std::path::Path;

use chrono::{DateTime, Utc};
use transit_format::{from_str, to_string, to_string_verbose, Value};

/// Every `*.json` sample as (file name, text), sorted by name.
fn samples(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            name.ends_with(".json").then(|| {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                (name, text)
            })
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the 10 Penpot samples in {}, found {}",
        dir.display(),
        files.len()
    );
    files
}

fn decode(name: &str, text: &str) -> Value {
    from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Drops the JSON whitespace outside strings (what `serde_json::to_string` of the parsed
/// document would give, but keeping object key order and number spelling as written).
fn minify(json: &str) -> String {
    normalise(json, |token| token.to_owned())
}

/// Rewrites every JSON string `"~m<millis>"` of a minified document into the verbose
/// instant form `"~t<yyyy-MM-dd'T'HH:mm:ss.SSS'Z'>"`: Penpot's
/// own `m` handler has no verbose variant, but a spec verbose writer uses the `t` one.
/// Only whole strings are rewritten, never text inside a nested compact document.
fn instants_as_verbose(json: &str) -> String {
    normalise(json, |token| {
        let instant = token
            .strip_prefix("\"~m")
            .and_then(|rest| rest.strip_suffix('"'))
            .and_then(|millis| millis.parse::<i64>().ok())
            .and_then(DateTime::<Utc>::from_timestamp_millis);
        match instant {
            Some(t) => format!("\"~t{}\"", t.format("%Y-%m-%dT%H:%M:%S%.3fZ")),
            None => token.to_owned(),
        }
    })
}

/// Drops the whitespace outside strings and passes each string token (quotes and
/// escapes as written) through `string`.
fn normalise(json: &str, string: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(json.len());
    let mut token_start = None;
    let mut escaped = false;
    for (i, c) in json.char_indices() {
        if let Some(start) = token_start {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                out.push_str(&string(&json[start..=i]));
                token_start = None;
            }
        } else if c == '"' {
            token_start = Some(i);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    assert!(token_start.is_none(), "an unclosed JSON string");
    out
}

/// The first place two texts differ, with some context, for failure messages.
fn first_difference(got: &str, want: &str) -> String {
    let at = got
        .bytes()
        .zip(want.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let from = at.saturating_sub(60);
    let window = |s: &str| {
        let start = (from..=at.min(s.len()))
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        let end = (at + 60).min(s.len());
        let end = (end..=s.len()).find(|&i| s.is_char_boundary(i)).unwrap();
        s[start..end].to_owned()
    };
    format!(
        "at byte {at} (lengths {} vs {}):\n  got:  …{}…\n  want: …{}…",
        got.len(),
        want.len(),
        window(got),
        window(want)
    )
}

/// Calls `visit` on `value` and every value inside it (map keys included).
fn walk<'a>(value: &'a Value, visit: &mut dyn FnMut(&'a Value)) {
    visit(value);
    match value {
        Value::Array(items) | Value::List(items) => {
            for item in items {
                walk(item, visit);
            }
        }
        Value::Set(set) => {
            for item in set.iter() {
                walk(item, visit);
            }
        }
        Value::Map(map) => {
            for (k, v) in map.iter() {
                walk(k, visit);
                walk(v, visit);
            }
        }
        Value::Tagged(tagged) => walk(tagged.rep(), visit),
        _ => {}
    }
}

/// Every tagged value with tag `tag` inside `value`.
fn tagged_with<'a>(value: &'a Value, tag: &str) -> Vec<&'a Value> {
    let mut found = Vec::new();
    walk(value, &mut |v| {
        if let Value::Tagged(t) = v {
            if t.tag() == tag {
                found.push(t.rep());
            }
        }
    });
    found
}

fn sample(dir: &Path, name: &str) -> (String, Value) {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value = decode(name, &text);
    (text, value)
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn every_sample_round_trips_through_both_modes() {
    let dir = common::penpot_samples_dir();
    for (name, text) in samples(&dir) {
        let value = decode(&name, &text);

        let verbose = to_string_verbose(&value).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            decode(&name, &verbose),
            value,
            "{name}: verbose re-encoding decodes differently"
        );

        let compact = to_string(&value).unwrap_or_else(|e| panic!("{name}: {e}"));
        let from_compact = decode(&name, &compact);
        assert_eq!(
            from_compact, value,
            "{name}: compact re-encoding decodes differently"
        );
        // `==` ignores map order; the compact trip must keep it too.
        assert!(
            to_string_verbose(&from_compact).unwrap() == verbose,
            "{name}: the compact trip changed the order of entries"
        );
        assert_eq!(
            to_string(&from_compact).unwrap(),
            compact,
            "{name}: compact re-encoding is not stable"
        );

        // The files are pretty-printed, so compare with their whitespace dropped. Keys keep
        // their order in verbose objects, so the only difference a spec verbose writer may
        // make is the instant handler: Penpot writes `~m` in both modes, a spec verbose
        // writer writes `~t`.
        let minified = minify(&text);
        let expected = instants_as_verbose(&minified);
        eprintln!(
            "{name}: verbose output {} the whitespace-free file{}",
            if verbose == minified {
                "equals"
            } else {
                "differs from"
            },
            if verbose == expected {
                ", and equals it with `~m` instants written as `~t`"
            } else {
                ""
            }
        );
        assert!(
            verbose == expected,
            "{name}: verbose re-encoding is not the file (instants as `~t`) {}",
            first_difference(&verbose, &expected)
        );
    }
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn nested_objects_map_documents_write_back_byte_for_byte() {
    let dir = common::penpot_samples_dir();
    let mut total = 0;
    for (name, text) in samples(&dir) {
        let value = decode(&name, &text);
        let mut in_file = 0;
        for rep in tagged_with(&value, "penpot/objects-map/v2") {
            let Value::Map(objects) = rep else {
                panic!("{name}: objects-map/v2 rep is not a map: {rep:?}");
            };
            for (id, inner) in objects.iter() {
                assert!(
                    matches!(id, Value::Uuid(_)),
                    "{name}: objects-map/v2 key is not a uuid: {id:?}"
                );
                let Value::String(inner) = inner else {
                    panic!("{name}: objects-map/v2 value for {id} is not a string: {inner:?}");
                };
                let decoded: Value =
                    from_str(inner).unwrap_or_else(|e| panic!("{name}: {id}: {e}\n{inner}"));
                let Value::Tagged(shape) = &decoded else {
                    panic!("{name}: {id}: not a tagged value: {decoded:?}");
                };
                assert_eq!(shape.tag(), "shape", "{name}: {id}");
                let written = to_string(&decoded).unwrap_or_else(|e| panic!("{name}: {id}: {e}"));
                assert!(
                    *written == **inner,
                    "{name}: {id}: compact re-encoding differs {}",
                    first_difference(&written, inner)
                );
                in_file += 1;
            }
        }
        eprintln!("{name}: {in_file} objects-map/v2 documents");
        total += in_file;
    }
    assert!(total > 0, "no penpot/objects-map/v2 documents found");
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn unknown_scalar_tag_key_is_kept() {
    let dir = common::penpot_samples_dir();
    let name = "get-profile-enterprise-subscription.json";
    let (text, value) = sample(&dir, name);
    let subscription = value
        .get_keyword("props")
        .and_then(|props| props.get_keyword("subscription"))
        .and_then(Value::as_map)
        .unwrap_or_else(|| panic!("{name}: no :props :subscription map"));
    let start_date = Value::tagged("s", Value::from("tart-date"));
    assert!(
        subscription.contains_key(&start_date),
        "{name}: `\"~start-date\"` is not the tagged key #s \"tart-date\": {subscription:?}"
    );
    assert_eq!(
        subscription.get(&start_date),
        Some(&Value::Instant(
            DateTime::from_timestamp_millis(1_746_444_667).unwrap()
        ))
    );

    // The key writes back as it was read, in both modes.
    let verbose = to_string_verbose(&value).unwrap();
    assert!(verbose.contains(r#""~start-date":"~t1970-01-21T05:07:24.667Z""#));
    let compact = to_string(&value).unwrap();
    assert!(compact.contains(r#""~start-date","~m1746444667""#));
    assert!(minify(&text).contains(r#""~start-date":"~m1746444667""#));
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn file_pointer_and_ordered_set() {
    let dir = common::penpot_samples_dir();
    let name = "get-file-13272.json";
    let (_, value) = sample(&dir, name);

    let pointers = tagged_with(&value, "penpot/pointer");
    assert_eq!(pointers.len(), 1, "{name}: penpot/pointer values");
    let Some([Value::Uuid(id), Value::Map(meta)]) = pointers[0].as_array() else {
        panic!("{name}: pointer rep is not [uuid, map]: {:?}", pointers[0]);
    };
    assert_eq!(id.to_string(), "3ac58b88-38b3-80c9-8007-b4f791c7c36b");
    assert_eq!(
        meta.get_keyword("created-at"),
        Some(&Value::Instant(
            DateTime::from_timestamp_millis(1_773_398_778_656).unwrap()
        ))
    );
    // The pointer sits under its page id in :pages-index.
    let page = value
        .get_keyword("data")
        .and_then(|data| data.get_keyword("pages-index"))
        .and_then(Value::as_map)
        .and_then(|index| index.iter().next())
        .unwrap_or_else(|| panic!("{name}: no :data :pages-index entry"));
    assert!(matches!(page.0, Value::Uuid(_)));
    assert!(matches!(page.1, Value::Tagged(t) if t.tag() == "penpot/pointer"));

    let migrations = value
        .get_keyword("migrations")
        .unwrap_or_else(|| panic!("{name}: no :migrations"));
    let Value::Tagged(ordered) = migrations else {
        panic!("{name}: :migrations is not tagged: {migrations:?}");
    };
    assert_eq!(ordered.tag(), "ordered-set");
    let items = ordered
        .rep()
        .as_array()
        .expect("ordered-set rep is an array");
    assert_eq!(items.len(), 73);
    assert_eq!(items[0], Value::from("legacy-2"));
    assert_eq!(items[72], Value::from("0017-fix-layout-flex-dir"));

    let Some(Value::Set(features)) = value.get_keyword("features") else {
        panic!("{name}: :features is not a set");
    };
    assert_eq!(features.len(), 11);
    assert!(features.contains(&Value::from("fdata/objects-map")));
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn comment_threads_set_of_uuids_and_point() {
    let dir = common::penpot_samples_dir();
    let name = "get-comment-threads-unread.json";
    let (_, value) = sample(&dir, name);
    let threads = value.as_array().expect("an array of threads");
    assert_eq!(threads.len(), 2);
    for thread in threads {
        let Some(Value::Set(participants)) = thread.get_keyword("participants") else {
            panic!("{name}: :participants is not a set: {thread:?}");
        };
        assert_eq!(participants.len(), 1);
        assert!(participants.iter().all(|p| matches!(p, Value::Uuid(_))));

        let Some(Value::Tagged(position)) = thread.get_keyword("position") else {
            panic!("{name}: :position is not tagged: {thread:?}");
        };
        assert_eq!(position.tag(), "point");
        let x = position.rep().get_keyword("x").and_then(Value::as_f64);
        let y = position.rep().get_keyword("y").and_then(Value::as_f64);
        assert!(
            matches!((x, y), (Some(x), Some(y)) if x == y && (x == 120.0 || x == 160.0)),
            "{name}: point {:?}",
            position.rep()
        );
        assert!(matches!(
            thread.get_keyword("modified-at"),
            Some(Value::Instant(_))
        ));
    }
}

/// `penpot/path-data` reps are bytes: 28-byte little-endian segments.
#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn path_data_is_whole_segments() {
    let dir = common::penpot_samples_dir();
    let name = "get-file-paths-evenodd.json";
    let (_, value) = sample(&dir, name);
    let mut documents = vec![value];
    // Most path data sits inside the nested compact objects-map/v2 documents.
    let mut nested = Vec::new();
    for rep in tagged_with(&documents[0], "penpot/objects-map/v2") {
        for inner in rep.as_map().expect("a map").values() {
            nested.push(from_str::<Value>(inner.as_str().expect("a string")).unwrap());
        }
    }
    documents.extend(nested);
    let mut paths = 0;
    for document in &documents {
        for rep in tagged_with(document, "penpot/path-data") {
            let Value::Bytes(bytes) = rep else {
                panic!("{name}: path-data rep is not bytes: {rep:?}");
            };
            assert!(
                !bytes.is_empty() && bytes.len() % 28 == 0,
                "{name}: {bytes:?}"
            );
            for segment in bytes.chunks(28) {
                let command = i16::from_le_bytes([segment[0], segment[1]]);
                assert!((1..=4).contains(&command), "{name}: command {command}");
                assert_eq!(&segment[2..4], &[0, 0], "{name}: padding");
            }
            assert_eq!(
                i16::from_le_bytes([bytes[0], bytes[1]]),
                1,
                "starts with move-to"
            );
            paths += 1;
        }
    }
    assert_eq!(paths, 9, "{name}: path-data values (4 inline, 5 nested)");
}
