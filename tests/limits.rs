//! The reader's limits on hostile input: nesting depth (`set_max_depth`, 128 by
//! default) and input size (`set_max_input`), from every kind of source, with the
//! exact text of their errors.
//!
//! The last tests cover what the limits first missed (a single long token from a
//! stream, cache codes copying long strings, errors quoting huge input).

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::de::IgnoredAny;
use serde::Deserialize;
use transit_format::{Deserializer, Value};

/// The error text of parsing `input` with a depth limit, from a `&str`, a byte
/// slice and an `io::Read`; all three must agree.
fn with_depth(input: &str, depth: usize) -> Result<Value, String> {
    let mut de = Deserializer::from_str(input);
    de.set_max_depth(depth);
    let from_str = de.parse_value().map_err(|e| e.to_string());
    let mut de = Deserializer::from_slice(input.as_bytes());
    de.set_max_depth(depth);
    let from_slice = de.parse_value().map_err(|e| e.to_string());
    let mut de = Deserializer::from_reader(input.as_bytes());
    de.set_max_depth(depth);
    let from_reader = de.parse_value().map_err(|e| e.to_string());
    assert_eq!(from_str, from_slice, "{input}");
    assert_eq!(from_str, from_reader, "{input}");
    from_str
}

/// The same with an input limit.
fn with_max_input(input: &str, bytes: usize) -> Result<Value, String> {
    let mut de = Deserializer::from_str(input);
    de.set_max_input(bytes);
    let from_str = de.parse_value().map_err(|e| e.to_string());
    let mut de = Deserializer::from_slice(input.as_bytes());
    de.set_max_input(bytes);
    let from_slice = de.parse_value().map_err(|e| e.to_string());
    let mut de = Deserializer::from_reader(input.as_bytes());
    de.set_max_input(bytes);
    let from_reader = de.parse_value().map_err(|e| e.to_string());
    assert_eq!(from_str, from_slice, "{input}");
    assert_eq!(from_str, from_reader, "{input}");
    from_str
}

fn recursion_error(line: usize, column: usize) -> Result<Value, String> {
    Err(format!(
        "recursion limit exceeded at line {line} column {column}"
    ))
}

/// An `io::Read` that counts the bytes it hands out.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<usize>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n);
        Ok(n)
    }
}

fn counting<R: Read>(inner: R) -> (Counting<R>, Rc<Cell<usize>>) {
    let count = Rc::new(Cell::new(0));
    (
        Counting {
            inner,
            count: count.clone(),
        },
        count,
    )
}

/// The reader's own buffer: what it may read past a limit before checking it.
const READ_BUFFER: usize = 64 * 1024;

//////////////////////////////////////////////////////////////////////////////
// Depth

#[test]
fn max_depth_counts_arrays_maps_and_tagged_values() {
    // At the limit: fine; one more level: an error where the extra level opens.
    assert!(with_depth("[[[1]]]", 3).is_ok());
    assert_eq!(with_depth("[[[[1]]]]", 3), recursion_error(1, 4));
    assert!(with_depth(r#"{"a":{"b":1}}"#, 2).is_ok());
    assert_eq!(
        with_depth(r#"{"a":{"b":{"c":1}}}"#, 2),
        recursion_error(1, 11)
    );
    assert!(with_depth(r#"["^ ","~:a",["^ ","~:b",1]]"#, 2).is_ok());
    assert_eq!(
        with_depth(r#"["^ ","~:a",["^ ","~:b",["^ "]]]"#, 2),
        recursion_error(1, 25)
    );
    // A set, a list or another tagged value is one level: its rep's array or map
    // is part of it. A tagged value inside is a level of its own, which opens at
    // its tag.
    assert!(with_depth(r#"["~#set",[1]]"#, 1).is_ok());
    assert!(with_depth(r#"["~#point",["^ ","~:x",1]]"#, 1).is_ok());
    assert!(with_depth(r#"{"~#point":{"~:x":1}}"#, 1).is_ok());
    // (A set of a set is not a set's rep, but it is within the depth.)
    assert!(with_depth(r#"["~#set",["~#set",[1]]]"#, 2).is_err_and(|e| !e.contains("recursion")));
    assert_eq!(
        with_depth(r#"["~#set",["~#set",[1]]]"#, 1),
        recursion_error(1, 17)
    );
    assert!(with_depth(r#"{"~#list":{"~#list":[1]}}"#, 2).is_err_and(|e| !e.contains("recursion")));
    assert_eq!(
        with_depth(r#"{"~#list":{"~#list":[1]}}"#, 1),
        recursion_error(1, 20)
    );
    assert!(with_depth(r#"["~#cmap",[["~#cmap",[]],1]]"#, 2).is_ok());
    assert_eq!(
        with_depth(r#"["~#cmap",[["~#cmap",[]],1]]"#, 1),
        recursion_error(1, 12)
    );
    // 128 nested lists fit the default limit (each list is one level).
    let lists = |n: usize| format!("{}1{}", r#"["~#list",["#.repeat(n), "]]".repeat(n));
    assert!(transit_format::from_str::<Value>(&lists(128)).is_ok());
    assert!(transit_format::from_str::<Value>(&lists(129))
        .unwrap_err()
        .to_string()
        .starts_with("recursion limit exceeded"));
    // Depth 0 allows scalars only.
    assert_eq!(with_depth("1", 0), Ok(Value::Integer(1)));
    assert_eq!(with_depth("[1]", 0), recursion_error(1, 1));
    // Lines count too.
    assert_eq!(with_depth("[\n [\n  [\n   1]]]", 2), recursion_error(3, 3));
}

#[test]
fn default_depth_is_128_from_every_source() {
    for (open, close) in [("[", "]"), (r#"{"a":"#, "}"), (r#"["~#'","#, "]")] {
        let ok = format!("{}1{}", open.repeat(128), close.repeat(128));
        let deep = format!("{}1{}", open.repeat(129), close.repeat(129));
        let column = open.len() * 128 + 1;
        let expected = format!("recursion limit exceeded at line 1 column {column}");

        assert!(transit_format::from_str::<Value>(&ok).is_ok(), "{open}");
        assert!(transit_format::from_slice::<Value>(ok.as_bytes()).is_ok());
        assert!(transit_format::from_reader::<_, Value>(ok.as_bytes()).is_ok());

        let errors = [
            transit_format::from_str::<Value>(&deep).unwrap_err(),
            transit_format::from_slice::<Value>(deep.as_bytes()).unwrap_err(),
            transit_format::from_reader::<_, Value>(deep.as_bytes()).unwrap_err(),
            Deserializer::from_str(&deep).parse_value().unwrap_err(),
            // The serde path keeps the same count.
            transit_format::from_str::<IgnoredAny>(&deep).unwrap_err(),
            transit_format::from_str::<Option<Value>>(&deep).unwrap_err(),
        ];
        for err in errors {
            assert_eq!(err.to_string(), expected, "{open}");
        }
    }
}

#[test]
fn a_million_levels_stop_at_the_default_limit_at_once() {
    // A tagged value's level opens at its tag: 7 bytes into `["~#set",`.
    for (open, per_level, at) in [("[", 1, 1), (r#"{"a":"#, 5, 1), (r#"["~#set","#, 9, 8)] {
        let deep = open.repeat(1_000_000);
        let expected = format!(
            "recursion limit exceeded at line 1 column {}",
            per_level * 128 + at
        );
        let started = Instant::now();
        let err = transit_format::from_slice::<Value>(deep.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), expected);
        let (reader, pulled) = counting(deep.as_bytes());
        let err = transit_format::from_reader::<_, Value>(reader).unwrap_err();
        assert_eq!(err.to_string(), expected);
        assert!(pulled.get() <= READ_BUFFER, "read {} bytes", pulled.get());
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{open}: {:?}",
            started.elapsed()
        );
    }
}

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Typed {
    a: Option<Value>,
    b: Option<Vec<IgnoredAny>>,
}

#[test]
fn depth_limit_holds_in_typed_decoding_and_skipped_fields() {
    let deep = "[".repeat(100_000);
    // `["^ ","~:x",` is 12 bytes and one level; 127 more fit.
    for (key, path) in [("a", "a"), ("b", "b[0]"), ("unknown", "unknown")] {
        let input = if key == "b" {
            format!(r#"["^ ","~:b",[{deep}"#)
        } else {
            format!(r#"["^ ","~:{key}",{deep}"#)
        };
        let column = 11 + key.len() + 128;
        let err = transit_format::from_str::<Typed>(&input).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("recursion limit exceeded at {path}, line 1 column {column}")
        );
    }
}

#[test]
fn max_depth_applies_to_each_value_of_a_stream() {
    let input = "[[1]] [[[1]]] [1]";
    let mut de = Deserializer::from_reader(input.as_bytes());
    de.set_max_depth(2);
    let results: Vec<Result<String, String>> = de
        .into_iter::<Value>()
        .map(|r| r.map(|v| v.to_string()).map_err(|e| e.to_string()))
        .collect();
    // The stream ends at its first error.
    assert_eq!(
        results,
        [
            Ok("[[1]]".to_owned()),
            Err("recursion limit exceeded at line 1 column 9".to_owned()),
        ]
    );
}

//////////////////////////////////////////////////////////////////////////////
// Input size

#[test]
fn max_input_error_text() {
    assert!(with_max_input(r#"["abcdef"]"#, 10).is_ok());
    assert_eq!(
        with_max_input(r#"["abcdef"]"#, 9),
        Err("input exceeds the limit of 9 bytes at line 1 column 10".to_owned())
    );
    // The error points at the first byte past the limit, whichever reader (or
    // check) noticed it.
    assert_eq!(
        with_max_input(r#"["abcdef"]"#, 4),
        Err("input exceeds the limit of 4 bytes at line 1 column 5".to_owned())
    );
    assert_eq!(
        with_max_input("[[1],[2],[3],[4]]", 6),
        Err("input exceeds the limit of 6 bytes at line 1 column 7".to_owned())
    );
    assert_eq!(
        with_max_input("[\n\"abcdef\",\n[1]]", 5),
        Err("input exceeds the limit of 5 bytes at line 2 column 4".to_owned())
    );
    assert_eq!(
        with_max_input("1", 0),
        Err("input exceeds the limit of 0 bytes at line 1 column 1".to_owned())
    );
}

#[test]
fn max_input_stops_a_long_stream_of_containers_early() {
    // 4 MB of small arrays; the limit stops it within a container of the limit and
    // a reader within one buffer.
    let input = format!("[{}[1]]", "[1],".repeat(1_000_000));
    let mut de = Deserializer::from_slice(input.as_bytes());
    de.set_max_input(100);
    let err = de.parse_value().unwrap_err();
    assert_eq!(
        err.to_string(),
        "input exceeds the limit of 100 bytes at line 1 column 101"
    );

    let (reader, pulled) = counting(input.as_bytes());
    let mut de = Deserializer::from_reader(reader);
    de.set_max_input(100);
    let err = de.parse_value().unwrap_err();
    assert_eq!(
        err.to_string(),
        "input exceeds the limit of 100 bytes at line 1 column 101"
    );
    assert!(pulled.get() <= READ_BUFFER, "read {} bytes", pulled.get());
}

#[test]
fn max_input_counts_the_whole_stream() {
    let input = "[1] [2] [3] [4] [5]";
    let expected = [
        Ok("[1]".to_owned()),
        Ok("[2]".to_owned()),
        Err("input exceeds the limit of 9 bytes at line 1 column 10".to_owned()),
    ];
    let mut de = Deserializer::from_str(input);
    de.set_max_input(9);
    let from_str: Vec<_> = de
        .into_iter::<Value>()
        .map(|r| r.map(|v| v.to_string()).map_err(|e| e.to_string()))
        .collect();
    assert_eq!(from_str, expected);
    let mut de = Deserializer::from_reader(input.as_bytes());
    de.set_max_input(9);
    let from_reader: Vec<_> = de
        .into_iter::<Value>()
        .map(|r| r.map(|v| v.to_string()).map_err(|e| e.to_string()))
        .collect();
    assert_eq!(from_reader, expected);
}

//////////////////////////////////////////////////////////////////////////////
// What the limits first missed (fixed; each test says what it guards)

/// `set_max_input` was checked only when a container opens and when a top-level
/// value ends, so a single long string, number or run of whitespace was read whole
/// first: from a stream, memory (string, number) or time (whitespace) was bounded
/// by nothing, and an endless `["aaaa…` never returned. The stream reader now stops
/// at the limit.
#[test]
fn max_input_bounds_a_single_long_token_from_a_reader() {
    let filler = 8 << 20;
    let mut failures = Vec::new();
    for (what, head, fill, tail) in [
        ("string", &b"[\""[..], b'a', &b"\"]"[..]),
        ("number", b"[1", b'1', b"]"),
        ("whitespace", b"[", b' ', b"]"),
    ] {
        let input = [head, &vec![fill; filler], tail].concat();
        let (reader, pulled) = counting(&input[..]);
        let mut de = Deserializer::from_reader(reader);
        de.set_max_input(1024);
        let result = de.parse_value();
        if result.is_ok() || pulled.get() > 1024 + READ_BUFFER {
            failures.push(format!(
                "{what}: with a limit of 1024 bytes the reader pulled {} bytes and gave {:?}",
                pulled.get(),
                result.map(|_| "a value").map_err(|e| e.to_string())
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A cache code stands for the decoded entry, and a hit on a map key that decodes
/// to a string (or bytes, a big number, an unknown scalar) copies it: without a
/// bound, 70 KB of input would make 65 MB of strings. The copies of one top-level
/// value are bounded (1 MiB plus 16 bytes per byte of input read); keywords and
/// symbols are shared, not copied, and real documents stay far below the bound.
#[test]
fn cache_hits_do_not_multiply_memory() {
    let key = "k".repeat(64 * 1024);
    let mut input = format!(r#"[["^ ","{key}",0]"#);
    for _ in 0..1000 {
        input.push_str(r#","^0""#);
    }
    input.push(']');
    let err = transit_format::from_str::<Value>(&input).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cache codes repeat long strings into more than "),
        "{err}"
    );
    assert!(err.is_data() && err.line() == 1, "{err:?}");
    // The same from a reader.
    let err = transit_format::from_reader::<_, Value>(input.as_bytes()).unwrap_err();
    assert!(err.to_string().starts_with("cache codes repeat"), "{err}");

    // Ordinary repeated keys are nowhere near the bound.
    let mut input = String::from("[");
    for i in 0..5000 {
        if i > 0 {
            input.push(',');
        }
        if i == 0 {
            input.push_str(
                r#"["^ ","a-rather-long-string-key-of-sixty-four-bytes-xxxxxxxxxxxxxxxxxx",1]"#,
            );
        } else {
            input.push_str(r#"["^ ","^0",1]"#);
        }
    }
    input.push(']');
    let value: Value = transit_format::from_str(&input).unwrap();
    assert_eq!(value.as_array().map(<[Value]>::len), Some(5000));
}

/// Errors quoted the offending text whole: a 1 MB bad `~b` rep or cache code gave a
/// 1 MB error message, which ends up in logs. Quotes are now cut short.
#[test]
fn error_messages_stay_short_on_huge_input() {
    let junk = "A".repeat(1 << 20);
    let mut failures = Vec::new();
    for input in [
        format!(r#""~b{junk}!""#),
        format!(r#""^{junk}""#),
        format!(r#""~i{}""#, "9".repeat(1 << 20)),
    ] {
        let err = transit_format::from_str::<Value>(&input).unwrap_err();
        let text = err.to_string();
        if text.len() > 4096 {
            failures.push(format!("{}…: {} bytes", &text[..60], text.len()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

//////////////////////////////////////////////////////////////////////////////
// Every reader, the same answer

/// With `set_max_input`, every reader stops at the limit the same way: a byte
/// past it is an error wherever it is read, whitespace after a value that ends
/// exactly at the limit and the byte that tells a number has ended included (the
/// slice reader first only checked where values start and end, and answered
/// differently from the stream reader).
#[test]
fn max_input_gives_the_same_result_from_every_reader() {
    fn stream(input: &[u8], limit: usize) -> (Vec<String>, Vec<String>) {
        let show = |r: transit_format::Result<Value>| match r {
            Ok(v) => v.to_string(),
            Err(e) => format!("error: {e}"),
        };
        let mut de = Deserializer::from_slice(input);
        de.set_max_input(limit);
        let slice = de.into_iter::<Value>().map(show).collect();
        let mut de = Deserializer::from_reader(input);
        de.set_max_input(limit);
        let reader = de.into_iter::<Value>().map(show).collect();
        (slice, reader)
    }
    let mut failures = Vec::new();
    for (input, limit) in [
        // slice: ["[1]"]; reader: ["[1]", "error: input exceeds the limit of 3
        // bytes at line 1 column 4"].
        (&b"[1] "[..], 3),
        // slice: ["1", "2", error at column 4]; reader: ["1", error at column 4].
        (b"1 2 3 4", 3),
        (b"[1] 2 [3]", 5),
    ] {
        let (slice, reader) = stream(input, limit);
        if slice != reader {
            failures.push(format!(
                "{} with a limit of {limit}: from_slice {slice:?}, from_reader {reader:?}",
                input.escape_ascii()
            ));
        }
    }
    // One document and its trailing newline, as `from_reader` + `end()` reads a
    // request body: slice Ok, reader "input exceeds the limit of 3 bytes at line 2
    // column 1".
    let body = b"[1]\n";
    let mut de = Deserializer::from_slice(body);
    de.set_max_input(3);
    let slice = de.parse_value().and_then(|v| de.end().map(|()| v));
    let mut de = Deserializer::from_reader(&body[..]);
    de.set_max_input(3);
    let reader = de.parse_value().and_then(|v| de.end().map(|()| v));
    if slice.is_ok() != reader.is_ok() {
        failures.push(format!("[1]\\n with a limit of 3: {slice:?} / {reader:?}"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
