//! The `transit` command.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn transit(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that stops at an error may not read all of its input.
    if let Err(err) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
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
        text(&out.stderr).matches("Usage:").count() <= 1,
        "{}",
        text(&out.stderr)
    );
    let out = transit(&["frobnicate"], b"");
    assert_eq!(out.status.code(), Some(2));
    // One usage block per error: the command at fault's, not the top level's too.
    let out = transit(&["webhook"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).matches("Usage:").count(),
        1,
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("Usage: transit webhook --to <TO> [FILE]..."),
        "{}",
        text(&out.stderr)
    );
    let out = transit(&[], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).matches("Usage:").count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

/// A scratch folder for one test, removed at the end.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("transit-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn dash_is_standard_input_and_several_files_are_read_in_order() {
    let dir = Scratch::new("files");
    let a = dir.file("a.json", br#"["^ ","~:a",1]"#);
    let b = dir.file("b.mp", b"\x92\xa3~#'\x02");
    let out = transit(&["convert", "--to", "edn", &a, "-", &b], b"[3]");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "{:a 1}\n[3]\n2\n");
    let out = transit(&["convert", "-"], b"[4]");
    assert_eq!(text(&out.stdout), "[4]\n");
    // An error in the second file names it, after the first was written.
    let bad = dir.file("bad.json", b"[1,");
    let out = transit(&["convert", &a, &bad], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "[\"^ \",\"~:a\",1]\n");
    assert_eq!(
        text(&out.stderr),
        format!("transit: {bad}: EOF while parsing a value at line 1 column 3\n")
    );
}

#[test]
fn output_goes_to_the_file_named_by_o() {
    let dir = Scratch::new("output");
    let a = dir.file("a.json", br#"["^ ","~:a",1]"#);
    let out_path = dir.0.join("out.mp");
    let out_arg = out_path.to_str().unwrap();
    let out = transit(&["convert", "--to", "msgpack", "-o", out_arg, &a], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, b"");
    assert_eq!(std::fs::read(&out_path).unwrap(), b"\x81\xa3~:a\x01");
    let out = transit(
        &["webhook", "--to", "json", "--output", out_arg, SAMPLE],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&out_path)
        .unwrap()
        .starts_with("{\n  \"name\": \"create-file\""));
    // A file that cannot be created is named.
    let missing = dir.0.join("no/such/dir/out.json");
    let out = transit(&["convert", "-o", missing.to_str().unwrap(), &a], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(&format!("transit: {}: ", missing.display())),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn every_file_error_names_the_file() {
    let dir = Scratch::new("errors");
    let folder = dir.0.to_str().unwrap().to_owned();
    for args in [
        vec!["convert", folder.as_str()],
        vec!["webhook", "--to", "json", folder.as_str()],
        vec!["penpot", "outline", folder.as_str()],
    ] {
        let out = transit(&args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).starts_with(&format!("transit: {folder}: ")),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let bad = dir.file("bad.json", br#"["^ ","~:name""#);
    for args in [
        vec!["convert", bad.as_str()],
        vec!["webhook", "--to", "transit", bad.as_str()],
        vec!["penpot", "outline", bad.as_str()],
    ] {
        let out = transit(&args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).starts_with(&format!("transit: {bad}: ")),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn roundtrip_is_apart_from_the_user_commands() {
    let out = transit(&["-h"], b"");
    assert!(out.status.success());
    assert!(
        !text(&out.stdout).contains("roundtrip"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stdout).contains("convert"));
    let out = transit(&["--help"], b"");
    assert!(
        text(&out.stdout).contains("For transit-format's verification harness"),
        "{}",
        text(&out.stdout)
    );
    // Still there for the harness.
    let out = transit(&["roundtrip", "json"], b"[1]");
    assert_eq!(text(&out.stdout), "[1]");
}

#[test]
fn convert_reads_and_writes_msgpack() {
    // JSON in, MessagePack out: values back to back, no separator.
    let out = transit(
        &["convert", "--to", "msgpack"],
        br#"["^ ","~:a",1] ["~#'",2]"#,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, b"\x81\xa3~:a\x01\x92\xa3~#'\x02");
    // MessagePack in, told apart by its first byte, to JSON and to EDN.
    let out = transit(&["convert"], b"\x81\xa3~:a\x01\x92\xa3~#'\x02");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "[\"^ \",\"~:a\",1]\n[\"~#'\",2]\n");
    let out = transit(&["convert", "--to", "edn"], b"\x92\xa3~#'\xa3~:b");
    assert_eq!(text(&out.stdout), ":b\n");
    // `--from` forces the encoding: these bytes are no JSON.
    let out = transit(&["convert", "--from", "json"], b"\x91\x01");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("looks like Transit MessagePack (it starts with the marker 0x91)"),
        "{}",
        text(&out.stderr)
    );
    let out = transit(&["convert", "--from", "msgpack"], b"\x91\x01");
    assert_eq!(text(&out.stdout), "[1]\n");
    // JSON text forced as MessagePack is refused, not read as one integer a byte.
    let out = transit(&["convert", "--from", "msgpack"], br#"["^ ","~:a",1]"#);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, b"");
    assert!(
        text(&out.stderr).contains("looks like JSON text (it starts with `[`)"),
        "{}",
        text(&out.stderr)
    );
    // A JSON file, pretty-printed (it starts with whitespace), forced as
    // MessagePack: refused, naming the file.
    let dir = Scratch::new("wrong-encoding");
    let file = dir.file("doc.json", b"\n  [\"^ \",\"~:a\",1]\n");
    let out = transit(&["convert", "--from", "msgpack", &file], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        text(&out.stderr),
        format!(
            "transit: {file}: the input looks like JSON text (it starts with whitespace), \
             not Transit MessagePack; read it as Transit JSON at line 1 column 1\n"
        )
    );
    // A MessagePack error names its byte.
    let out = transit(&["convert"], b"\x92\x01\xc1");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("invalid MessagePack marker 0xc1 at line 1 column 3"),
        "{}",
        text(&out.stderr)
    );
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
    let mp = b"\x81\xa6~:aaaa\x01\x92\xa6~#list\x92\xa6~:aaaa\xa6~:aaaa";
    let out = transit(&["roundtrip", "msgpack"], mp);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        out.stdout,
        b"\x81\xa6~:aaaa\x01\x92\xa6~#list\x92\xa6~:aaaa\xa2^1"
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
    // The short names are the same content types.
    let out = transit(&["webhook", "--to", "json", SAMPLE], b"");
    assert_eq!(out.stdout, json);
    let out = transit(&["webhook", "--to", "transit", "-"], &transit_body);
    assert_eq!(text(&out.stdout).trim_end(), text(&transit_body).trim_end());
}

/// A fixture of Penpot's Playwright tests.
fn playwright(name: &str) -> String {
    let path = common::penpot_samples_dir().join("playwright").join(name);
    path.to_str().unwrap().to_owned()
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn penpot_outline_lists_pages_and_shapes_as_a_tree() {
    let file = playwright("workspace/get-file-13272.json");
    let fragment = playwright("workspace/get-file-13272-fragment.json");
    // Without its fragment, the page is a pointer.
    let out = transit(&["penpot", "outline", &file], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "page (3b9773cc-d4f1-81e1-8007-b3f8dcaba771) not loaded (pointer 3ac58b88-38b3-80c9-8007-b4f791c7c36b)\n"
    );
    let out = transit(&["penpot", "outline", &file, "--fragment", &fragment], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "\
page Page 1 (3b9773cc-d4f1-81e1-8007-b3f8dcaba771)
  frame Root Frame (00000000-0000-0000-0000-000000000000)
    group Group (b8c8efc9-e8a3-8018-8007-b4f6cd99ad3a)
      rect Rectangle (b8c8efc9-e8a3-8018-8007-b4f6c15a473a)
      rect Rectangle (b8c8efc9-e8a3-8018-8007-b4f6c7677f74)
"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn penpot_outline_json_has_one_object_a_line() {
    let file = playwright("workspace/get-file-9056_main.json");
    let page = playwright("workspace/get-file-fragment-9056_main-2.json");
    // The page is attached; the components are still a pointer.
    let out = transit(
        &["penpot", "outline", "--json", &file, "--fragment", &page],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let page_id = "3622460c-3408-81e2-8005-2fd0e55888b8";
    assert_eq!(
        lines,
        [
            serde_json::json!({"page": page_id, "id": "00000000-0000-0000-0000-000000000000",
                "parent": null, "kind": "frame", "name": "Root Frame", "depth": 0}),
            serde_json::json!({"page": page_id, "id": "2e0995e6-d90f-80ed-8005-2fd17ece8809",
                "parent": "00000000-0000-0000-0000-000000000000", "kind": "frame",
                "name": "Rectangle", "depth": 1}),
            serde_json::json!({"page": page_id, "id": "2e0995e6-d90f-80ed-8005-2fd17ece880a",
                "parent": "2e0995e6-d90f-80ed-8005-2fd17ece8809", "kind": "rect",
                "name": "Rectangle", "depth": 2}),
            serde_json::json!({"part": "components", "loaded": false,
                "pointer": "6777aca0-5737-8169-8005-33b1ab0bcf8a"}),
        ]
    );
    // Without the fragment, the page too.
    let out = transit(&["penpot", "outline", "--json", &file], b"");
    assert_eq!(
        text(&out.stdout).lines().next().unwrap(),
        r#"{"page":"3622460c-3408-81e2-8005-2fd0e55888b8","loaded":false,"pointer":"6777aca0-5737-8169-8005-33b3eb8de897"}"#
    );
}

#[test]
#[ignore = "needs ../shared/penpot-samples or PENPOT_SAMPLES: run with --include-ignored"]
fn penpot_outline_refuses_a_fragment_of_no_pointer_and_warns_of_inconsistent_trees() {
    let file = playwright("workspace/get-file-13382.json");
    let fragment = playwright("workspace/get-file-13272-fragment.json");
    let out = transit(&["penpot", "outline", &file, "--fragment", &fragment], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        format!(
            "transit: {fragment}: get-file-fragment 3ac58b88-38b3-80c9-8007-b4f791c7c36b: file 52c4e771-3853-8190-8007-9506c70e8100 has no pointer with that id\n"
        )
    );

    // A child that is missing, and a shape whose parent is missing: the outline
    // is written, and the problems are warnings.
    let doc = r#"{"~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba770","~:data":{
  "~:pages":["~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771"],
  "~:pages-index":{"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771":{
    "~:id":"~u3b9773cc-d4f1-81e1-8007-b3f8dcaba771","~:name":"Broken\nname","~:objects":{
      "~u00000000-0000-0000-0000-000000000000":{"~#shape":{"~:type":"~:frame","~:name":"Root Frame",
        "~:parent-id":"~u00000000-0000-0000-0000-000000000000",
        "~:shapes":["~u00000000-0000-0000-0000-000000000001"]}},
      "~u00000000-0000-0000-0000-000000000002":{"~#shape":{"~:type":"~:rect","~:name":"Lost",
        "~:parent-id":"~u00000000-0000-0000-0000-000000000003"}}}}}}}"#;
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("outline-broken.json");
    std::fs::write(&path, doc).unwrap();
    let out = transit(&["penpot", "outline", path.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "\
page Broken\\nname (3b9773cc-d4f1-81e1-8007-b3f8dcaba771)
  frame Root Frame (00000000-0000-0000-0000-000000000000)
  rect Lost (00000000-0000-0000-0000-000000000002)
"
    );
    assert_eq!(
        text(&out.stderr),
        "\
transit: warning: page 3b9773cc-d4f1-81e1-8007-b3f8dcaba771: shape 00000000-0000-0000-0000-000000000000 lists child 00000000-0000-0000-0000-000000000001, which is missing
transit: warning: page 3b9773cc-d4f1-81e1-8007-b3f8dcaba771: shape 00000000-0000-0000-0000-000000000002 is not reached from the root frame (its parent-id is 00000000-0000-0000-0000-000000000003)
"
    );
}

#[test]
fn convert_and_roundtrip_take_a_depth_limit() {
    // 65 nested lists: 65 levels, within the default of 128.
    let lists = format!("{}1{}", r#"["~#list",["#.repeat(65), "]]".repeat(65));
    for args in [&["convert"][..], &["roundtrip", "json"]] {
        let out = transit(args, lists.as_bytes());
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let mut limited = args.to_vec();
        limited.extend(["--max-depth", "64"]);
        let out = transit(&limited, lists.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{limited:?}");
        assert!(
            text(&out.stderr).contains("recursion limit exceeded"),
            "{limited:?}: {}",
            text(&out.stderr)
        );
        let mut wider = args.to_vec();
        wider.extend(["--max-depth", "300"]);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(
            transit(&wider, deep.as_bytes()).status.success(),
            "{wider:?}"
        );
        assert_eq!(transit(args, deep.as_bytes()).status.code(), Some(1));
    }
}

#[test]
fn binary_output_to_a_terminal_is_refused_with_a_hint() {
    // util-linux's `script` gives the command a terminal as its standard output.
    let Ok(status) = Command::new("script").arg("--version").output() else {
        eprintln!("skipped: `script` (util-linux) is not installed; it provides the terminal");
        return;
    };
    assert!(status.status.success());
    let file = std::env::temp_dir().join(format!("transit-cli-tty-{}.json", std::process::id()));
    std::fs::write(&file, br#"["~#'",1]"#).unwrap();
    for args in [
        format!("convert --to msgpack {}", file.display()),
        "roundtrip msgpack".to_owned(),
    ] {
        let command = format!("{} {args} < /dev/null", env!("CARGO_BIN_EXE_transit"));
        let out = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{args}: {shown}");
        assert!(
            shown.contains("redirect it to a file or a pipe"),
            "{args}: {shown}"
        );
    }
    std::fs::remove_file(&file).unwrap();
}

/// A Penpot-shaped body with one keyword of `len` characters and `hits` cache
/// codes standing for it: a few bytes of input each, the whole keyword written
/// out in full by formats without a cache.
fn cache_bomb(hits: usize, len: usize) -> Vec<u8> {
    format!(
        r#"["^ ","~:name","create-file","~:props",["^ ","~:k",["~:{}"{}]]]"#,
        "k".repeat(len),
        r#","^2""#.repeat(hits)
    )
    .into_bytes()
}

#[test]
fn a_cache_bomb_stops_at_the_expansion_limit_in_every_format_without_a_cache() {
    // 60 KB of input: 10,000 codes for a 1,000-character keyword, 10 MB written
    // out in full.
    let bomb = cache_bomb(10_000, 1_000);
    for to in ["edn", "plain-json", "verbose"] {
        let out = transit(&["convert", "--to", to], &bomb);
        assert_eq!(out.status.code(), Some(1), "--to {to}");
        let err = text(&out.stderr);
        assert!(
            err.contains("the output passed 32 × the input"),
            "{to}: {err}"
        );
        assert!(err.contains("--max-expansion"), "{err}");
        let limit = 32 * bomb.len() + 65_536;
        assert!(out.stdout.len() <= limit, "{to}: {}", out.stdout.len());
        // Raised, the same input converts in full.
        let out = transit(&["convert", "--to", to, "--max-expansion", "1000"], &bomb);
        assert!(out.status.success(), "{to}: {}", text(&out.stderr));
        assert!(out.stdout.len() > 10_000_000, "{to}: {}", out.stdout.len());
    }
    // Transit JSON and MessagePack keep the codes: no expansion.
    for to in ["json", "msgpack"] {
        let out = transit(&["convert", "--to", to], &bomb);
        assert!(out.status.success(), "{to}: {}", text(&out.stderr));
        assert!(
            out.stdout.len() <= bomb.len() + 1,
            "{to}: {}",
            out.stdout.len()
        );
    }
    let out = transit(&["webhook", "--to", "application/json"], &bomb);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--max-expansion"),
        "{}",
        text(&out.stderr)
    );
    let out = transit(&["webhook", "--to", "application/transit+json"], &bomb);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn plain_json_refuses_keys_that_would_collide() {
    let input = br#"["^ ","~:a/id",1,"~:b/id",2]"#;
    let out = transit(&["convert", "--to", "plain-json"], input);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "transit: plain JSON cannot hold both keys :a/id and :b/id of one map: both become \"id\"\n"
    );
    let input = br#"["^ ","~:user-id",3,"userId",4]"#;
    let out = transit(&["convert", "--to", "plain-json"], input);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(":user-id and \"userId\""),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_largest_max_depth_accepted_ends_in_a_value_or_an_error_never_a_signal() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes();
    // A million levels, JSON and MessagePack: an error at the limit.
    let mut msgpack = vec![0x91u8; 1_000_000];
    msgpack.push(0x90);
    for input in [deep(1_000_000), msgpack] {
        let out = transit(&["convert", "--max-depth", "10000"], &input);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("recursion limit exceeded"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = transit(&["convert", "--max-depth", "10001"], b"[]");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("10001 is not in 1..=10000"),
        "{}",
        text(&out.stderr)
    );
    // Ten thousand levels are read and written in every format (plain JSON's
    // indentation passes the expansion limit: an error too, not a signal).
    let input = deep(10_000);
    for to in ["json", "verbose", "edn", "msgpack", "plain-json"] {
        let out = transit(&["convert", "--max-depth", "10000", "--to", to], &input);
        if to == "plain-json" {
            assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
            assert!(text(&out.stderr).contains("--max-expansion"));
        } else {
            assert!(out.status.success(), "{to}: {}", text(&out.stderr));
        }
    }
    let out = transit(
        &["roundtrip", "json", "--max-depth", "10000"],
        &deep(1_000_000),
    );
    assert_eq!(out.status.code(), Some(1));
}
