//! Exactness against transit-java's own output: values it wrote, one per line,
//! compact and verbose, must come back byte for byte in all four directions
//! (compact → compact, verbose → verbose, verbose → compact, compact → verbose).
//!
//! `random.*` holds 2,000 random values of every Transit type, instants within
//! 1582-10-15..9999-12-31. `wide-dates.*` holds 3,000 more whose instants span
//! about ±250,000 years, where transit-java's verbose `~t` text follows Java's
//! hybrid calendar (Julian before 1582-10-15) and its reader does not always read
//! back what its writer meant: `wide-dates.read-back.json` is the verbose file
//! read by transit-java and written compact again, so reading verbose and
//! writing compact must give that file, not `wide-dates.json`; and reading verbose
//! and writing verbose must give what transit-java's writer makes of those
//! instants.

mod common;

use std::path::Path;

use transit_format::Value;

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Reads each line of `from` and writes it in `verbose` or compact mode; returns
/// the lines (1-based) whose bytes differ from the same line of `expected`, with
/// what was written.
fn mismatches(from: &[String], expected: &[String], verbose: bool) -> Vec<(usize, String)> {
    assert_eq!(from.len(), expected.len(), "files of different lengths");
    let mut bad = Vec::new();
    for (i, (line, want)) in from.iter().zip(expected).enumerate() {
        let written = transit_format::from_str::<Value>(line).and_then(|v| {
            if verbose {
                transit_format::to_string_verbose(&v)
            } else {
                transit_format::to_string(&v)
            }
        });
        match written {
            Ok(got) if &got == want => {}
            Ok(got) => bad.push((i + 1, got)),
            Err(err) => bad.push((i + 1, format!("error: {err}"))),
        }
    }
    bad
}

/// Where the expected lines come from: a file, or a file's lines written verbose
/// by this crate.
enum Expected<'a> {
    File(&'a str),
    Verbose(&'a str),
}

fn check(dir: &Path, pairs: &[(&str, Expected<'_>, bool)]) {
    let mut report = String::new();
    for (from, to, verbose) in pairs {
        let (from, verbose) = (*from, *verbose);
        let input = lines(&dir.join(from));
        let (to, expected) = match to {
            Expected::File(to) => (to.to_string(), lines(&dir.join(to))),
            Expected::Verbose(to) => (
                format!("{to} written verbose"),
                lines(&dir.join(to))
                    .iter()
                    .map(|line| {
                        let value = transit_format::from_str::<Value>(line).unwrap();
                        transit_format::to_string_verbose(&value).unwrap()
                    })
                    .collect(),
            ),
        };
        let bad = mismatches(&input, &expected, verbose);
        if !bad.is_empty() {
            report.push_str(&format!(
                "{from} -> {to} ({}): {} of {} lines differ\n",
                if verbose { "verbose" } else { "compact" },
                bad.len(),
                input.len()
            ));
            for (line, got) in bad.iter().take(3) {
                let want = &expected[line - 1];
                report.push_str(&format!(
                    "  line {line}:\n    want {}\n    got  {}\n",
                    clip(want),
                    clip(got)
                ));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

#[test]
#[ignore = "needs ../shared/transit-java-corpus or TRANSIT_JAVA_CORPUS: run with --include-ignored"]
fn random_values_come_back_byte_for_byte_in_all_four_directions() {
    let dir = common::java_corpus_dir();
    check(
        &dir,
        &[
            ("random.json", Expected::File("random.json"), false),
            (
                "random.verbose.json",
                Expected::File("random.verbose.json"),
                true,
            ),
            ("random.verbose.json", Expected::File("random.json"), false),
            ("random.json", Expected::File("random.verbose.json"), true),
        ],
    );
}

#[test]
#[ignore = "needs ../shared/transit-java-corpus or TRANSIT_JAVA_CORPUS: run with --include-ignored"]
fn wide_dates_read_back_is_the_verbose_text_where_the_reader_agrees() {
    let dir = common::java_corpus_dir();
    // Where transit-java's reader gives back the instants its writer meant (all
    // but 178 lines), reading verbose and writing verbose gives the text itself.
    let compact = lines(&dir.join("wide-dates.json"));
    let read_back = lines(&dir.join("wide-dates.read-back.json"));
    let verbose = lines(&dir.join("wide-dates.verbose.json"));
    let mut agreeing = 0;
    for ((c, r), v) in compact.iter().zip(&read_back).zip(&verbose) {
        if c == r {
            agreeing += 1;
            let value = transit_format::from_str::<Value>(v).unwrap();
            assert_eq!(&transit_format::to_string_verbose(&value).unwrap(), v);
        }
    }
    assert_eq!(agreeing, 3000 - 178);
}

#[test]
#[ignore = "needs ../shared/transit-java-corpus or TRANSIT_JAVA_CORPUS: run with --include-ignored"]
fn wide_dates_are_read_and_written_as_transit_java_does() {
    let dir = common::java_corpus_dir();
    check(
        &dir,
        &[
            ("wide-dates.json", Expected::File("wide-dates.json"), false),
            // What transit-java's writer makes of the instants.
            (
                "wide-dates.json",
                Expected::File("wide-dates.verbose.json"),
                true,
            ),
            // What transit-java's reader makes of its own verbose text.
            (
                "wide-dates.verbose.json",
                Expected::File("wide-dates.read-back.json"),
                false,
            ),
            // Its reader, then its writer (checked against transit-java's own
            // text just above).
            (
                "wide-dates.verbose.json",
                Expected::Verbose("wide-dates.read-back.json"),
                true,
            ),
        ],
    );
}
