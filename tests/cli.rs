//! The `transit` command.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn transit(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/create-file-event.transit.json"
);

#[test]
fn convert_writes_each_value_of_a_stream_in_every_format() {
    let input = br#"["^ ","~:aaaa",1] {"~:aaaa":{"~#set":[2]}}
["~#'","~m0"]"#;
    let out = transit(&["convert"], input);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "[\"^ \",\"~:aaaa\",1]\n[\"^ \",\"~:aaaa\",[\"~#set\",[2]]]\n[\"~#'\",\"~m0\"]\n"
    );
    let out = transit(&["convert", "--to", "verbose"], input);
    assert_eq!(
        text(&out.stdout),
        "{\"~:aaaa\":1}\n{\"~:aaaa\":{\"~#set\":[2]}}\n{\"~#'\":\"~t1970-01-01T00:00:00.000Z\"}\n"
    );
    let out = transit(&["convert", "--to", "edn"], input);
    assert_eq!(
        text(&out.stdout),
        "{:aaaa 1}\n{:aaaa #{2}}\n#inst \"1970-01-01T00:00:00.000-00:00\"\n"
    );
    let out = transit(&["convert", "--to", "plain-json"], input);
    assert_eq!(
        text(&out.stdout),
        "{\n  \"aaaa\": 1\n}\n{\n  \"aaaa\": [\n    2\n  ]\n}\n\"1970-01-01T00:00:00Z\"\n"
    );
}

#[test]
fn convert_reads_a_file() {
    let out = transit(&["convert", "--to", "edn", SAMPLE], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let edn = text(&out.stdout);
    assert!(
        edn.starts_with("{:name \"create-file\"\n :props {:name \"Quarterly report\""),
        "{edn}"
    );
}

#[test]
fn errors_exit_1_with_the_position_and_misuse_exits_2() {
    let out = transit(&["convert"], b"[1] [2,\n  ^]");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "[1]\n");
    assert_eq!(
        text(&out.stderr),
        "transit: expected value at line 2 column 3\n"
    );
    let out = transit(&["convert", "/no/such/file"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("transit: /no/such/file: "),
        "{}",
        text(&out.stderr)
    );
    let out = transit(&["convert", "--to", "xml"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("invalid value 'xml'"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("Usage: transit"),
        "{}",
        text(&out.stderr)
    );
    let out = transit(&["frobnicate"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn roundtrip_writes_each_value_back() {
    let input = br#"["^ ","~:aaaa",1]["~#list",["~:aaaa","~:aaaa"]]"#;
    let out = transit(&["roundtrip", "json"], input);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        r#"["^ ","~:aaaa",1]["~#list",["~:aaaa","^1"]]"#
    );
    let out = transit(&["roundtrip", "json-verbose"], input);
    assert_eq!(
        text(&out.stdout),
        r#"{"~:aaaa":1}{"~#list":["~:aaaa","~:aaaa"]}"#
    );
}

#[test]
fn webhook_converts_between_content_types() {
    let transit_body = std::fs::read(SAMPLE).unwrap();
    let out = transit(&["webhook", "--to", "application/json", SAMPLE], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json = out.stdout;
    assert!(text(&json).starts_with("{\n  \"name\": \"create-file\",\n  \"props\": {"));
    // Back from JSON, through standard input.
    let out = transit(&["webhook", "--to", "application/transit+json"], &json);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout)
        .starts_with(r#"["^ ","~:name","create-file","~:props",["^ ","^0","Quarterly report""#));
    // Transit to Transit is byte for byte.
    let out = transit(
        &["webhook", "--to", "application/transit+json"],
        &transit_body,
    );
    assert_eq!(text(&out.stdout).trim_end(), text(&transit_body).trim_end());
}
