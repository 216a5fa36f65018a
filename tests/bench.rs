//! `transit bench`: the size of each encoding of the user's files, and speeds.

use std::process::{Command, Output};

use transit_format::Value;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/create-file-event.transit.json"
);

fn transit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_transit"))
        .args(args)
        .output()
        .unwrap()
}

/// The sizes are those of this crate's writers, newline after each JSON value;
/// every speed is a positive number.
fn check_report(line: &serde_json::Value, values: &[Value], mode: &str) {
    assert_eq!(line["values"], values.len());
    assert_eq!(line["mode"], mode);
    let size = |encode: &dyn Fn(&Value) -> Vec<u8>, newline: usize| -> usize {
        values.iter().map(|v| encode(v).len() + newline).sum()
    };
    let encodings = &line["encodings"];
    assert_eq!(
        encodings["json"]["bytes"],
        size(&|v| transit_format::to_vec(v).unwrap(), 1)
    );
    assert_eq!(
        encodings["verbose"]["bytes"],
        size(&|v| transit_format::to_vec_verbose(v).unwrap(), 1)
    );
    assert_eq!(
        encodings["msgpack"]["bytes"],
        size(&|v| transit_format::to_msgpack_vec(v).unwrap(), 0)
    );
    assert_eq!(
        encodings["plain-json"]["bytes"],
        size(&|v| serde_json::to_vec(&v.to_json()).unwrap(), 1)
    );
    for name in ["json", "verbose", "msgpack", "plain-json"] {
        for speed in ["decode_mb_s", "encode_mb_s"] {
            let s = encodings[name][speed].as_f64().unwrap();
            assert!(s > 0.0 && s.is_finite(), "{name} {speed}: {s}");
        }
    }
    assert!(
        encodings["plain-json"]["serde_json_decode_mb_s"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    assert!(
        encodings["plain-json"]["serde_json_encode_mb_s"]
            .as_f64()
            .unwrap()
            > 0.0
    );
}

#[test]
fn bench_reports_sizes_and_speeds_as_json() {
    let values: Vec<Value> =
        vec![transit_format::from_slice(&std::fs::read(SAMPLE).unwrap()).unwrap()];
    for (flags, mode) in [(&[][..], "whole"), (&["--lines"][..], "lines")] {
        let out = transit(&[&["bench", "--runs", "3", "--json", SAMPLE], flags].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(line["runs"], 3);
        check_report(&line, &values, mode);
    }
}

#[test]
fn bench_takes_several_files_and_streams_of_values() {
    let dir = std::env::temp_dir().join(format!("transit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let values: Vec<Value> = transit_format::generate::Options::new()
        .values(4)
        .take(200)
        .collect();
    let mut stream = Vec::new();
    let mut msgpack = Vec::new();
    for v in &values {
        stream.extend(transit_format::to_vec_verbose(v).unwrap());
        stream.push(b'\n');
        msgpack.extend(transit_format::to_msgpack_vec(v).unwrap());
    }
    let (a, b) = (dir.join("values.json"), dir.join("values.mp"));
    std::fs::write(&a, stream).unwrap();
    std::fs::write(&b, msgpack).unwrap();
    let out = transit(&[
        "bench",
        "--runs",
        "1",
        "--json",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for line in &lines {
        check_report(line, &values, "whole");
    }
    // The table: a header and a row per encoding, serde_json's under plain JSON.
    let out = transit(&["bench", "--runs", "1", a.to_str().unwrap()]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("200 values"), "{table}");
    for row in [
        "encoding",
        "json ",
        "verbose ",
        "msgpack ",
        "plain-json ",
        "  serde_json ",
    ] {
        assert!(
            table.lines().any(|l| l.starts_with(row)),
            "no {row:?} row:\n{table}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bench_refuses_a_missing_file_or_bad_input() {
    let out = transit(&["bench", "no-such-file.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.json"));
    let out = transit(&["bench"]);
    assert_eq!(out.status.code(), Some(2));
    let bad = std::env::temp_dir().join(format!("transit-bench-bad-{}.json", std::process::id()));
    std::fs::write(&bad, b"[1, 2").unwrap();
    let out = transit(&["bench", bad.to_str().unwrap()]);
    std::fs::remove_file(&bad).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("transit-bench-bad") && err.contains("line 1"),
        "{err}"
    );
}
