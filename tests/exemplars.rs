//! Conformance with the official exemplar corpus: every `.json` and `.verbose.json`
//! decodes to the same value, and writing that value back gives each file byte for
//! byte.

mod common;

use std::path::Path;

use transit_format::Value;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check_pair(name: &str, compact_path: &Path, verbose_path: &Path) {
    let compact = read(compact_path);
    let verbose = read(verbose_path);
    let from_compact: Value =
        transit_format::from_str(&compact).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    let from_verbose: Value =
        transit_format::from_str(&verbose).unwrap_or_else(|e| panic!("{name}.verbose.json: {e}"));
    assert_eq!(
        from_compact, from_verbose,
        "{name}: the two modes decode differently"
    );
    assert_eq!(
        transit_format::to_string(&from_compact).unwrap(),
        compact.trim_end(),
        "{name}: compact re-encoding differs"
    );
    assert_eq!(
        transit_format::to_string_verbose(&from_verbose).unwrap(),
        verbose.trim_end(),
        "{name}: verbose re-encoding differs"
    );
    // Bytes and readers give the same value as `&str`.
    let from_slice: Value = transit_format::from_slice(compact.as_bytes()).unwrap();
    let from_reader: Value = transit_format::from_reader(verbose.as_bytes()).unwrap();
    assert_eq!(from_slice, from_compact, "{name}: from_slice");
    assert_eq!(from_reader, from_compact, "{name}: from_reader");
}

#[test]
#[ignore = "needs ../shared/transit-exemplars or TRANSIT_EXEMPLARS: run with --include-ignored"]
fn every_simple_exemplar_round_trips_byte_for_byte() {
    let root = common::exemplars_dir();
    let names = common::exemplar_names(&root);
    assert!(
        names.len() >= 67,
        "expected the 67 exemplars, found {}",
        names.len()
    );
    let simple = root.join("0.8/simple");
    for name in &names {
        check_pair(
            name,
            &simple.join(format!("{name}.json")),
            &simple.join(format!("{name}.verbose.json")),
        );
    }
}

#[test]
#[ignore = "needs ../shared/transit-exemplars or TRANSIT_EXEMPLARS: run with --include-ignored"]
fn the_example_documents_round_trip_byte_for_byte() {
    let root = common::exemplars_dir();
    check_pair(
        "example",
        &root.join("0.8/example.json"),
        &root.join("0.8/example.verbose.json"),
    );
}
