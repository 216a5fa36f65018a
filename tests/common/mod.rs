//! Where the third-party test data lives, and how tests skip when it is absent.
//!
//! The exemplar corpus and the Penpot samples are not part of this repository: they
//! are read from `../shared` beside the checkout, or from the directories named by
//! `TRANSIT_EXEMPLARS` and `PENPOT_SAMPLES`. When a variable is set, its directory
//! must exist (CI sets both); when it is not set and the default is missing, the
//! test prints why it was skipped and passes.

#![allow(dead_code)]

use std::path::PathBuf;

fn data_dir(variable: &str, default: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(variable) {
        let dir = PathBuf::from(dir);
        assert!(
            dir.is_dir(),
            "{variable} is set to {} but that is not a directory",
            dir.display()
        );
        return Some(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} not found and {variable} not set; this test needs that third-party data",
            dir.display()
        );
        None
    }
}

/// `transit-format`'s exemplar corpus (the folder holding `0.8/`).
pub fn exemplars_dir() -> Option<PathBuf> {
    data_dir("TRANSIT_EXEMPLARS", "../shared/transit-exemplars")
}

/// Penpot's real Transit documents.
pub fn penpot_samples_dir() -> Option<PathBuf> {
    data_dir("PENPOT_SAMPLES", "../shared/penpot-samples")
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

/// Values written by transit-java itself, one per line (`random.json`,
/// `random.verbose.json`, `wide-dates.*`).
pub fn java_corpus_dir() -> Option<PathBuf> {
    data_dir("TRANSIT_JAVA_CORPUS", "../shared/transit-java-corpus")
}
