//! Where the third-party test data lives.
//!
//! The exemplar corpus, the Penpot samples and transit-java's output are not part
//! of this repository: they are read from `../shared` beside the checkout, or from
//! the directories named by `TRANSIT_EXEMPLARS`, `PENPOT_SAMPLES` and
//! `TRANSIT_JAVA_CORPUS`. The tests that need them are `#[ignore]`d with the data
//! they need as the reason, so a plain `cargo test` counts them as ignored in its
//! summary instead of passing them silently; `cargo test -- --include-ignored`
//! runs them, and then missing data fails the test with the place it was looked for.

#![allow(dead_code)] // reason: each test binary uses a different subset of these helpers

use std::path::PathBuf;

fn data_dir(variable: &str, default: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os(variable) {
        let dir = PathBuf::from(dir);
        assert!(
            dir.is_dir(),
            "{variable} is set to {} but that is not a directory",
            dir.display()
        );
        return dir;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default);
    assert!(
        dir.is_dir(),
        "{} not found and {variable} not set: this test needs that third-party data",
        dir.display()
    );
    dir
}

fn data_dir_if_present(variable: &str, default: &str) -> Option<PathBuf> {
    if std::env::var_os(variable).is_some() {
        return Some(data_dir(variable, default));
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default);
    dir.is_dir().then_some(dir)
}

/// `transit-format`'s exemplar corpus (the folder holding `0.8/`).
pub fn exemplars_dir() -> PathBuf {
    data_dir("TRANSIT_EXEMPLARS", "../shared/transit-exemplars")
}

/// Penpot's real Transit documents.
pub fn penpot_samples_dir() -> PathBuf {
    data_dir("PENPOT_SAMPLES", "../shared/penpot-samples")
}

/// Values written by transit-java itself, one per line (`random.json`,
/// `random.verbose.json`, `wide-dates.*`).
pub fn java_corpus_dir() -> PathBuf {
    data_dir("TRANSIT_JAVA_CORPUS", "../shared/transit-java-corpus")
}

/// The exemplars, for a test that runs without them and adds them to its inputs
/// when they are there.
pub fn exemplars_dir_if_present() -> Option<PathBuf> {
    data_dir_if_present("TRANSIT_EXEMPLARS", "../shared/transit-exemplars")
}

/// The Penpot samples, for a test that runs without them and adds them to its
/// inputs when they are there.
pub fn penpot_samples_dir_if_present() -> Option<PathBuf> {
    data_dir_if_present("PENPOT_SAMPLES", "../shared/penpot-samples")
}

/// Names of the simple exemplars (`0.8/simple/<name>.json`), sorted.
pub fn exemplar_names(root: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("0.8/simple"))
        .expect("readable exemplar folder")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".json")?;
            (!stem.ends_with(".verbose")).then(|| stem.to_owned())
        })
        .collect();
    names.sort();
    names
}
