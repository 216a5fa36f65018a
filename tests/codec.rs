//! Table-style tests of the codec through the public API only: exact bytes written,
//! exact values read, exact error texts.

use std::io;

use chrono::{DateTime, TimeZone, Utc};
use transit_format::error::Category;
use transit_format::{BigDecimal, BigInt, Deserializer, Error, Map, Set, Value};

// ---------------------------------------------------------------------------
// Helpers

fn int(i: i64) -> Value {
    Value::Integer(i)
}

fn string(s: &str) -> Value {
    Value::String(s.into())
}

fn kw(name: &str) -> Value {
    Value::keyword(name)
}

fn vector(items: Vec<Value>) -> Value {
    Value::Array(items.into())
}

fn map(entries: Vec<(Value, Value)>) -> Value {
    let map: Map = entries.into_iter().collect();
    Value::Map(map)
}

fn set(items: Vec<Value>) -> Value {
    let set: Set = items.into_iter().collect();
    Value::Set(set)
}

fn big(text: &str) -> Value {
    Value::BigInt(BigInt::parse(text).expect("digits"))
}

fn instant_ymd(year: i32, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> Value {
    let t: DateTime<Utc> = Utc
        .with_ymd_and_hms(year, month, day, hour, min, sec)
        .single()
        .expect("a valid date");
    Value::Instant(t)
}

fn instant_millis(millis: i64) -> Value {
    Value::Instant(DateTime::from_timestamp_millis(millis).expect("in range"))
}

fn write(v: &Value) -> String {
    transit_format::to_string(v).unwrap_or_else(|e| panic!("writing {v:?}: {e}"))
}

fn write_verbose(v: &Value) -> String {
    transit_format::to_string_verbose(v).unwrap_or_else(|e| panic!("writing {v:?}: {e}"))
}

fn read(text: &str) -> Value {
    transit_format::from_str(text).unwrap_or_else(|e| panic!("reading {text:?}: {e}"))
}

fn read_err(text: &str) -> Error {
    match transit_format::from_str::<Value>(text) {
        Ok(v) => panic!("reading {text:?} should fail, got {v:?}"),
        Err(e) => e,
    }
}

/// The items of a JSON array of strings, as written by the compact writer.
fn json_strings(text: &str) -> Vec<String> {
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{text:?} is not an array of strings: {e}"))
}

/// The cache code for `index`, computed here independently of the crate.
fn code(index: usize) -> String {
    let digit = |d: usize| char::from(b'0' + u8::try_from(d).unwrap());
    let (hi, lo) = (index / 44, index % 44);
    if hi == 0 {
        format!("^{}", digit(lo))
    } else {
        format!("^{}{}", digit(hi), digit(lo))
    }
}

/// All values of a stream, errors rendered as text.
fn stream_of<'de, R: transit_format::de::Read<'de>>(
    de: Deserializer<R>,
) -> Vec<Result<Value, String>> {
    de.into_iter::<Value>()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect()
}

/// An `io::Read` that hands out one byte per call.
struct OneByte<'a>(&'a [u8]);

impl io::Read for OneByte<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.is_empty()) {
            (Some((&b, rest)), false) => {
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// An `io::Read` that always fails.
struct Broken;

impl io::Read for Broken {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(io::ErrorKind::BrokenPipe, "pipe closed"))
    }
}

// ---------------------------------------------------------------------------
// Cache codes

#[test]
fn code_helper_matches_the_spec_examples() {
    for (index, expected) in [
        (0, "^0"),
        (9, "^9"),
        (10, "^:"),
        (43, "^["),
        (44, "^10"),
        (45, "^11"),
        (1934, "^[Z"),
        (1935, "^[["),
    ] {
        assert_eq!(code(index), expected, "index {index}");
    }
}

/// `[k0 .. k(n-1) k0 .. k(n-1)]` with keywords of 7 wire characters (`~:k0000`).
fn keywords_twice(n: usize) -> Value {
    vector((0..2 * n).map(|i| kw(&format!("k{:04}", i % n))).collect())
}

#[test]
fn second_pass_of_repeated_keywords_around_the_cache_size() {
    // (distinct keywords, last code of the second pass or None when the second pass
    // is all full strings because the cache was reset by the 1937th entry)
    for (n, last) in [(1935, Some("^[Z")), (1936, Some("^[[")), (1937, None)] {
        let value = keywords_twice(n);
        let text = write(&value);
        let items = json_strings(&text);
        assert_eq!(items.len(), 2 * n);
        for (i, item) in items[..n].iter().enumerate() {
            assert_eq!(item, &format!("~:k{i:04}"), "n={n}: first pass item {i}");
        }
        let second = &items[n..];
        match last {
            Some(last) => {
                for (i, item) in second.iter().enumerate() {
                    assert_eq!(item, &code(i), "n={n}: second pass item {i}");
                }
                assert_eq!(second.last().map(String::as_str), Some(last), "n={n}");
            }
            None => {
                for (i, item) in second.iter().enumerate() {
                    assert_eq!(item, &format!("~:k{i:04}"), "n={n}: second pass item {i}");
                }
            }
        }
        assert_eq!(read(&text), value, "n={n}: reading back");
        // Verbose never writes codes.
        let verbose = write_verbose(&value);
        assert!(!verbose.contains("\"^"), "n={n}: verbose wrote a code");
        assert_eq!(read(&verbose), value, "n={n}: reading verbose back");
    }
}

#[test]
fn read_cache_rolls_over_to_slot_zero_after_1936_entries() {
    // 1937 distinct keywords: the 1937th lands in slot 0, so "^0" is that one.
    let mut items: Vec<String> = (0..1937).map(|i| format!("\"~:k{i:04}\"")).collect();
    items.push("\"^0\"".to_owned());
    let text = format!("[{}]", items.join(","));
    let Value::Array(values) = read(&text) else {
        panic!("not an array")
    };
    assert_eq!(values.len(), 1938);
    assert_eq!(values[1937], kw("k1936"));

    // With exactly 1936 entries, "^[[" is the last one and "^0" the first.
    let mut items: Vec<String> = (0..1936).map(|i| format!("\"~:k{i:04}\"")).collect();
    items.push("\"^[[\"".to_owned());
    items.push("\"^0\"".to_owned());
    let text = format!("[{}]", items.join(","));
    let Value::Array(values) = read(&text) else {
        panic!("not an array")
    };
    assert_eq!(values[1936], kw("k1935"));
    assert_eq!(values[1937], kw("k0000"));
}

#[test]
fn map_keys_and_values_share_the_cache_within_one_top_level_value() {
    // (value, compact text): written exactly so, and read back to the value.
    let aaaa_map = |v: i64| map(vec![(kw("aaaa"), int(v))]);
    let cases = [
        (
            vector(vec![aaaa_map(1), aaaa_map(2)]),
            r#"[["^ ","~:aaaa",1],["^ ","^0",2]]"#,
        ),
        (
            vector(vec![kw("aaaa"), aaaa_map(1)]),
            r#"["~:aaaa",["^ ","^0",1]]"#,
        ),
        (
            vector(vec![aaaa_map(1), kw("aaaa")]),
            r#"[["^ ","~:aaaa",1],"^0"]"#,
        ),
        (
            vector(vec![
                map(vec![(string("abcd"), int(1))]),
                map(vec![(string("abcd"), int(2))]),
            ]),
            r#"[["^ ","abcd",1],["^ ","^0",2]]"#,
        ),
        // A plain string is cached as a key, never as a value.
        (
            vector(vec![map(vec![(string("abcd"), int(1))]), string("abcd")]),
            r#"[["^ ","abcd",1],"abcd"]"#,
        ),
        // Int, double and escaped string keys of 4+ characters are cached too.
        (
            vector(vec![
                map(vec![(int(1234), int(1)), (Value::Float(2.5), int(2))]),
                map(vec![(int(1234), int(3)), (Value::Float(2.5), int(4))]),
            ]),
            r#"[["^ ","~i1234",1,"~d2.5",2],["^ ","^0",3,"^1",4]]"#,
        ),
        (
            vector(vec![
                map(vec![(string("~abc"), int(1)), (int(1), int(2))]),
                map(vec![(string("~abc"), int(3)), (int(1), int(4))]),
            ]),
            r#"[["^ ","~~abc",1,"~i1",2],["^ ","^0",3,"~i1",4]]"#,
        ),
        // Tags are cached (their `~#` string is 4+ characters), the quote tag is not.
        (
            vector(vec![
                set(vec![int(1)]),
                set(vec![int(2)]),
                Value::tagged("point", int(1)),
                Value::tagged("point", int(2)),
            ]),
            r#"[["~#set",[1]],["^0",[2]],["~#point",1],["^1",2]]"#,
        ),
        // cmap keys are values: "abcd" is not cached, the keyword is.
        (
            vector(vec![
                map(vec![
                    (vector(vec![string("x")]), int(1)),
                    (string("abcd"), int(2)),
                    (kw("abcd"), int(3)),
                ]),
                map(vec![
                    (vector(vec![string("x")]), int(1)),
                    (string("abcd"), int(2)),
                    (kw("abcd"), int(3)),
                ]),
            ]),
            r#"[["~#cmap",[["x"],1,"abcd",2,"~:abcd",3]],["^0",[["x"],1,"abcd",2,"^1",3]]]"#,
        ),
        // Values: only `~:`, `~$`, `~#` strings of 4+ characters.
        (
            vector(vec![
                string("abcd"),
                string("abcd"),
                string("~abcd"),
                string("~abcd"),
                kw("a"),
                kw("a"),
                kw("ab"),
                kw("ab"),
                Value::symbol("aa"),
                Value::symbol("aa"),
            ]),
            r#"["abcd","abcd","~~abcd","~~abcd","~:a","~:a","~:ab","^0","~$aa","^1"]"#,
        ),
    ];
    for (value, text) in cases {
        assert_eq!(write(&value), text);
        assert_eq!(read(text), value, "reading {text}");
    }
}

#[test]
fn reader_cache_follows_document_order_and_roles() {
    let cases = [
        // A cache code can stand for a tag at the head of an array.
        (
            r#"[{"~#point":[1]},["^0",[2]]]"#,
            vector(vec![
                Value::tagged("point", vector(vec![int(1)])),
                Value::tagged("point", vector(vec![int(2)])),
            ]),
        ),
        // ... or for an object's only key that is a tag.
        (
            r#"[["~#point",[1]],{"^0":[2]}]"#,
            vector(vec![
                Value::tagged("point", vector(vec![int(1)])),
                Value::tagged("point", vector(vec![int(2)])),
            ]),
        ),
        // Keys of verbose objects are recorded too.
        (
            r#"[{"~:aaaa":1},{"^0":2}]"#,
            vector(vec![
                map(vec![(kw("aaaa"), int(1))]),
                map(vec![(kw("aaaa"), int(2))]),
            ]),
        ),
        // Item 0 of a 2-array that is not a tag is recorded once, not twice.
        (
            r#"["~:aaaa",["^0",1]]"#,
            vector(vec![kw("aaaa"), vector(vec![kw("aaaa"), int(1)])]),
        ),
    ];
    for (text, value) in cases {
        assert_eq!(read(text), value, "reading {text}");
    }
    // What must not be in the cache.
    for (text, message) in [
        (
            r#"[["~:abcd",1],"^1"]"#,
            r#"unknown cache code "^1" at line 1 column 18"#,
        ),
        (
            r#"[["~#cmap",[["x"],1,"abcd",2]],"^1"]"#,
            r#"unknown cache code "^1" at line 1 column 35"#,
        ),
        (
            r#"[["~#'",1],"^0"]"#,
            r#"unknown cache code "^0" at line 1 column 15"#,
        ),
        (
            r#"["abcd","^0"]"#,
            r#"unknown cache code "^0" at line 1 column 12"#,
        ),
    ] {
        assert_eq!(read_err(text).to_string(), message, "reading {text}");
    }
}

#[test]
fn cache_is_reset_between_top_level_values() {
    let a = r#"["^ ","~:aaaa",1]"#;
    let b = r#"["^ ","^0",2]"#;
    for sep in ["", " ", "\n"] {
        let text = format!("{a}{sep}{b}");
        // The error is reported just after `"^0"`, the 10th column of `b`.
        let (line, column) = if sep == "\n" {
            (2, 10)
        } else {
            (1, a.len() + sep.len() + 10)
        };
        let got = stream_of(Deserializer::from_str(&text));
        assert_eq!(
            got,
            vec![
                Ok(map(vec![(kw("aaaa"), int(1))])),
                Err(format!(
                    "unknown cache code \"^0\" at line {line} column {column}"
                )),
            ],
            "stream {text:?}"
        );
    }
    // The writer starts afresh for each value too.
    let value = map(vec![(kw("aaaa"), int(1))]);
    assert_eq!(write(&value), r#"["^ ","~:aaaa",1]"#);
    assert_eq!(write(&value), r#"["^ ","~:aaaa",1]"#);
    let mut buf = Vec::new();
    transit_format::to_writer(&mut buf, &value).unwrap();
    transit_format::to_writer(&mut buf, &value).unwrap();
    assert_eq!(
        String::from_utf8(buf).unwrap(),
        r#"["^ ","~:aaaa",1]["^ ","~:aaaa",1]"#
    );
}

// ---------------------------------------------------------------------------
// The cacheable length counts UTF-16 units (Java `String.length`)

#[test]
fn cacheable_length_is_counted_in_utf16_units() {
    // (map key, cached?)
    for (key, cached) in [
        ("abc", false),
        ("abcd", true),
        ("\u{e9}\u{e9}\u{e9}", false),       // 6 bytes, 3 units
        ("\u{e9}\u{e9}\u{e9}\u{e9}", true),  // 8 bytes, 4 units
        ("\u{1f600}", false),                // 4 bytes, 2 units
        ("a\u{1f600}", false),               // 5 bytes, 3 units
        ("ab\u{1f600}", true),               // 6 bytes, 4 units
        ("\u{1f600}\u{1f600}", true),        // 8 bytes, 4 units
        ("\u{8a79}\u{59c6}\u{65af}", false), // 9 bytes, 3 units
        ("\u{8a79}\u{59c6}\u{65af}.", true), // 10 bytes, 4 units
    ] {
        let value = vector(vec![
            map(vec![(string(key), int(1))]),
            map(vec![(string(key), int(2))]),
        ]);
        // As written: characters outside the BMP as escaped surrogates.
        let written: String = key
            .encode_utf16()
            .map(|unit| match char::from_u32(u32::from(unit)) {
                Some(c) => c.to_string(),
                None => format!("\\u{unit:04X}"),
            })
            .collect();
        let second_key = if cached { "^0" } else { &written };
        let expected = format!(r#"[["^ ","{written}",1],["^ ","{second_key}",2]]"#);
        assert_eq!(write(&value), expected, "key {key:?}");

        let hand_written = format!(r#"[["^ ","{key}",1],["^ ","^0",2]]"#);
        if cached {
            assert_eq!(read(&hand_written), value, "key {key:?}");
        } else {
            assert_eq!(
                read_err(&hand_written).to_string(),
                format!(
                    "unknown cache code \"^0\" at line 1 column {}",
                    hand_written.find("\"^0\"").unwrap() + 4
                ),
                "key {key:?}"
            );
        }
    }
    // Keyword values: `~:` counts, so `:é` is 3 units and `:éé`, `:😀` are 4.
    let value = vector(
        [
            "\u{e9}",
            "\u{e9}",
            "\u{e9}\u{e9}",
            "\u{e9}\u{e9}",
            "\u{1f600}",
            "\u{1f600}",
        ]
        .map(kw)
        .to_vec(),
    );
    assert_eq!(
        write(&value),
        "[\"~:\u{e9}\",\"~:\u{e9}\",\"~:\u{e9}\u{e9}\",\"^0\",\"~:\\uD83D\\uDE00\",\"^1\"]"
    );
    assert_eq!(read(&write(&value)), value);
}

// ---------------------------------------------------------------------------
// Escaping and JSON string escapes

#[test]
fn data_strings_are_escaped_by_their_first_character() {
    // (data string, wire string) -- the wire string is JSON text without quotes.
    for (data, wire) in [
        ("~abc", "~~abc"),
        ("~", "~~"),
        ("~#set", "~~#set"),
        ("~:kw", "~~:kw"),
        ("^", "~^"),
        ("^a", "~^a"),
        ("^ ", "~^ "),
        ("^0", "~^0"),
        ("`x", "~`x"),
        ("`", "~`"),
        ("#abc", "#abc"),
        ("", ""),
        ("a~b", "a~b"),
        ("a^", "a^"),
        (" ^", " ^"),
    ] {
        let in_vector = vector(vec![string(data)]);
        let text = write(&in_vector);
        assert_eq!(text, format!("[\"{wire}\"]"), "{data:?} in a vector");
        assert_eq!(write_verbose(&in_vector), text, "{data:?} verbose");
        assert_eq!(read(&text), in_vector, "{data:?} read back");

        let as_key = map(vec![(string(data), int(1))]);
        let text = write(&as_key);
        assert_eq!(text, format!("[\"^ \",\"{wire}\",1]"), "{data:?} as a key");
        assert_eq!(
            write_verbose(&as_key),
            format!("{{\"{wire}\":1}}"),
            "{data:?} as a verbose key"
        );
        assert_eq!(read(&text), as_key, "{data:?} key read back");
        assert_eq!(read(&write_verbose(&as_key)), as_key);

        let top = string(data);
        assert_eq!(
            write(&top),
            format!("[\"~#'\",\"{wire}\"]"),
            "{data:?} at top"
        );
        assert_eq!(
            write_verbose(&top),
            format!("{{\"~#'\":\"{wire}\"}}"),
            "{data:?} at top, verbose"
        );
        assert_eq!(read(&write(&top)), top);
    }
}

#[test]
fn caret_space_as_data_is_not_the_map_marker() {
    assert_eq!(read(r#"["~^ ",1]"#), vector(vec![string("^ "), int(1)]));
    assert_eq!(read(r#"["^ ","~^ ",1]"#), map(vec![(string("^ "), int(1))]));
    assert_eq!(
        write(&vector(vec![string("^ "), string("^ ")])),
        r#"["~^ ","~^ "]"#
    );
    // An escaped tag is data, not a tag.
    assert_eq!(
        read(r#"["^ ","~~#set",[1,2]]"#),
        map(vec![(string("~#set"), vector(vec![int(1), int(2)]))])
    );
    assert_eq!(
        read(r#"{"~~#set":[1]}"#),
        map(vec![(string("~#set"), vector(vec![int(1)]))])
    );
}

#[test]
fn json_escapes_in_strings() {
    // (data string, JSON text of the one-item vector)
    for (data, json) in [
        ("a\"b", r#"["a\"b"]"#),
        ("a\\b", r#"["a\\b"]"#),
        ("a\nb", r#"["a\nb"]"#),
        ("\t\r", r#"["\t\r"]"#),
        ("\u{1}\u{1f}", r#"["\u0001\u001F"]"#),
        ("\u{0}", r#"["\u0000"]"#),
        ("a/b", r#"["a/b"]"#),
        // Outside the BMP: two escaped surrogates, as transit-java writes them.
        (
            "\u{e9}\u{1f600}\u{8a79}",
            "[\"\u{e9}\\uD83D\\uDE00\u{8a79}\"]",
        ),
    ] {
        let value = vector(vec![string(data)]);
        assert_eq!(write(&value), json, "{data:?}");
        assert_eq!(write_verbose(&value), json, "{data:?} verbose");
        assert_eq!(read(json), value, "{data:?} read back");
    }
    // \u escapes, surrogate pairs included, on read.
    assert_eq!(
        read(r#"["\u00e9\ud83d\ude00\u007e"]"#),
        vector(vec![string("\u{e9}\u{1f600}~")])
    );
    // A `~` written as \u007e is still a tilde: the escape is unescaped first.
    assert_eq!(read(r#"["\u007e:kw"]"#), vector(vec![kw("kw")]));
}

// ---------------------------------------------------------------------------
// Integers

#[test]
fn integers_are_numbers_within_2_pow_53_and_strings_beyond() {
    const MAX_SAFE: i64 = (1 << 53) - 1;
    for (i, wire) in [
        (0, "0".to_owned()),
        (-1, "-1".to_owned()),
        (MAX_SAFE, "9007199254740991".to_owned()),
        (-MAX_SAFE, "-9007199254740991".to_owned()),
        (MAX_SAFE + 1, r#""~i9007199254740992""#.to_owned()),
        (-MAX_SAFE - 1, r#""~i-9007199254740992""#.to_owned()),
        (i64::MAX, format!("\"~i{}\"", i64::MAX)),
        (i64::MIN, format!("\"~i{}\"", i64::MIN)),
    ] {
        let value = vector(vec![int(i)]);
        let text = format!("[{wire}]");
        assert_eq!(write(&value), text, "{i}");
        assert_eq!(write_verbose(&value), text, "{i} verbose");
        assert_eq!(read(&text), value, "{i} read back");
        assert_eq!(write(&int(i)), format!("[\"~#'\",{wire}]"), "{i} at top");
    }
}

#[test]
fn integer_map_keys_are_always_tagged_strings() {
    for (key, wire) in [
        (0, "~i0"),
        (1, "~i1"),
        (-1, "~i-1"),
        (9_007_199_254_740_992, "~i9007199254740992"),
    ] {
        let value = map(vec![(int(key), string("v"))]);
        assert_eq!(write(&value), format!(r#"["^ ","{wire}","v"]"#));
        assert_eq!(write_verbose(&value), format!(r#"{{"{wire}":"v"}}"#));
        assert_eq!(read(&write(&value)), value);
        assert_eq!(read(&write_verbose(&value)), value);
    }
}

#[test]
fn integers_outside_i64() {
    for (json, value) in [
        ("[9223372036854775808]", big("9223372036854775808")),
        ("[-9223372036854775809]", big("-9223372036854775809")),
        (
            "[123456789012345678901234567890]",
            big("123456789012345678901234567890"),
        ),
        ("[9223372036854775807]", int(i64::MAX)),
        ("[-9223372036854775808]", int(i64::MIN)),
    ] {
        assert_eq!(read(json), vector(vec![value]), "{json}");
    }
    // Written back as `~n`.
    assert_eq!(
        write(&vector(vec![big("9223372036854775808")])),
        r#"["~n9223372036854775808"]"#
    );
    // `~i` is 64-bit only.
    for (text, message) in [
        (
            r#"["~i9223372036854775808"]"#,
            r#"invalid rep for tag "i": expected a decimal integer within the 64-bit range, found 9223372036854775808 at line 1 column 24"#,
        ),
        (
            r#"["~i-9223372036854775809"]"#,
            r#"invalid rep for tag "i": expected a decimal integer within the 64-bit range, found -9223372036854775809 at line 1 column 25"#,
        ),
    ] {
        let err = read_err(text);
        assert_eq!(err.to_string(), message);
        assert_eq!(err.classify(), Category::Data);
    }
    // `~i` in range is an ordinary integer, written back as a number.
    assert_eq!(read(r#"["~i42"]"#), vector(vec![int(42)]));
    assert_eq!(write(&read(r#"["~i42"]"#)), "[42]");
}

#[test]
fn big_integers_and_decimals_keep_their_text() {
    let text = r#"["~n42","~n0012","~n-0","~n9223372036854775808","~f1E+3","~f0.10","~f-2.5"]"#;
    let expected = vector(vec![
        big("42"),
        big("0012"),
        big("-0"),
        big("9223372036854775808"),
        Value::BigDecimal(BigDecimal::parse("1E+3").unwrap()),
        Value::BigDecimal(BigDecimal::parse("0.10").unwrap()),
        Value::BigDecimal(BigDecimal::parse("-2.5").unwrap()),
    ]);
    assert_eq!(read(text), expected);
    // `~n42` stays a big integer (Java decides by type), so it writes back the same.
    assert_ne!(read(r#"["~n42"]"#), vector(vec![int(42)]));
    assert_eq!(write(&expected), text);
    assert_eq!(write_verbose(&expected), text);
}

// ---------------------------------------------------------------------------
// Floats

#[test]
#[allow(clippy::approx_constant)] // 3.14159 is data, not pi
fn floats_use_java_spellings_and_stay_floats() {
    for (f, wire) in [
        (2.0, "2.0"),
        (-5.0, "-5.0"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (4.0e11, "4.0E11"),
        (6.626e-34, "6.626E-34"),
        (2.998e8, "2.998E8"),
        (1.0e7, "1.0E7"),
        (1.0e6, "1000000.0"),
        (0.001, "0.001"),
        (1.0e-4, "1.0E-4"),
        (3.14159, "3.14159"),
        (0.1, "0.1"),
        (f64::NAN, r#""~zNaN""#),
        (f64::INFINITY, r#""~zINF""#),
        (f64::NEG_INFINITY, r#""~z-INF""#),
    ] {
        let value = vector(vec![Value::Float(f)]);
        let text = format!("[{wire}]");
        assert_eq!(write(&value), text, "{f:?}");
        assert_eq!(write_verbose(&value), text, "{f:?} verbose");
        assert_eq!(read(&text), value, "{f:?} read back");
    }
}

#[test]
fn json_number_tokens_decide_int_or_float() {
    assert_eq!(
        read("[2.0,2,-0.0,0,1e7,1E-4,2.5e+3,-1]"),
        vector(vec![
            Value::Float(2.0),
            int(2),
            Value::Float(-0.0),
            int(0),
            Value::Float(1.0e7),
            Value::Float(1.0e-4),
            Value::Float(2500.0),
            int(-1),
        ])
    );
    // `~d` reads as a float wherever it appears.
    assert_eq!(read(r#"["~d2.5"]"#), vector(vec![Value::Float(2.5)]));
}

#[test]
fn float_map_keys_are_tagged_strings() {
    for (f, wire) in [
        (2.5, r#""~d2.5""#),
        (2.0, r#""~d2.0""#),
        (-0.0, r#""~d-0.0""#),
        (f64::NAN, r#""~zNaN""#),
    ] {
        let value = map(vec![(Value::Float(f), string("x"))]);
        assert_eq!(write(&value), format!(r#"["^ ",{wire},"x"]"#), "{f:?}");
        assert_eq!(write_verbose(&value), format!(r#"{{{wire}:"x"}}"#), "{f:?}");
        assert_eq!(read(&write(&value)), value, "{f:?}");
    }
}

// ---------------------------------------------------------------------------
// Instants

#[test]
fn instants_compact_and_verbose() {
    for (value, compact, verbose) in [
        (
            instant_ymd(1776, 7, 4, 12, 0, 0),
            r#"["~m-6106017600000"]"#,
            r#"["~t1776-07-04T12:00:00.000Z"]"#,
        ),
        (
            instant_ymd(1970, 1, 1, 0, 0, 0),
            r#"["~m0"]"#,
            r#"["~t1970-01-01T00:00:00.000Z"]"#,
        ),
        (
            instant_millis(-1),
            r#"["~m-1"]"#,
            r#"["~t1969-12-31T23:59:59.999Z"]"#,
        ),
        (
            instant_millis(946_728_000_123),
            r#"["~m946728000123"]"#,
            r#"["~t2000-01-01T12:00:00.123Z"]"#,
        ),
    ] {
        let v = vector(vec![value]);
        assert_eq!(write(&v), compact);
        assert_eq!(write_verbose(&v), verbose);
        assert_eq!(read(compact), v, "{compact}");
        assert_eq!(read(verbose), v, "{verbose}");
    }
    // Top level: quoted.
    let date = instant_ymd(2000, 1, 1, 12, 0, 0);
    assert_eq!(write(&date), r#"["~#'","~m946728000000"]"#);
    assert_eq!(
        write_verbose(&date),
        r#"{"~#'":"~t2000-01-01T12:00:00.000Z"}"#
    );
}

#[test]
fn reading_instants_in_every_accepted_form() {
    let noon = instant_ymd(2000, 1, 1, 12, 0, 0);
    for text in [
        r#"["~t2000-01-01T12:00:00.000Z"]"#,
        r#"["~t2000-01-01T12:00:00Z"]"#,
        r#"["~t2000-01-01T13:00:00+01:00"]"#,
        r#"["~m946728000000"]"#,
        r#"[["~#m",946728000000]]"#,
        r#"[{"~#m":946728000000}]"#,
    ] {
        assert_eq!(read(text), vector(vec![noon.clone()]), "{text}");
    }
    assert_eq!(
        read(r#"["~t2000-01-01T12:00:00.5Z"]"#),
        vector(vec![instant_millis(946_728_000_500)])
    );
    assert_eq!(
        read(r#"["~t1776-07-04T12:00:00Z"]"#),
        vector(vec![instant_millis(-6_106_017_600_000)])
    );
}

// ---------------------------------------------------------------------------
// Errors: exact texts and categories

#[test]
fn error_texts_and_categories() {
    for (text, message, category) in [
        (
            r#"["^ ","^7Z",1]"#,
            r#"unknown cache code "^7Z" at line 1 column 11"#,
            Category::Data,
        ),
        (
            "[1] x",
            "trailing characters at line 1 column 5",
            Category::Syntax,
        ),
        (
            "[1,",
            "EOF while parsing a value at line 1 column 3",
            Category::Eof,
        ),
        (
            "[1",
            "EOF while parsing an array at line 1 column 2",
            Category::Eof,
        ),
        (
            r#"["abc"#,
            "EOF while parsing a string at line 1 column 5",
            Category::Eof,
        ),
        (
            r#"{"a""#,
            "EOF while parsing an object at line 1 column 4",
            Category::Eof,
        ),
        (
            r#"["~mxyz"]"#,
            r#"invalid rep for tag "m": expected milliseconds since the epoch, found xyz at line 1 column 8"#,
            Category::Data,
        ),
        (
            r#"["~#set",[1],2]"#,
            r#"tag "set" must be followed by exactly one value at line 1 column 13"#,
            Category::Data,
        ),
        (
            r#""~#foo""#,
            r#"tag "~#foo" is only valid as the first item of a 2-item array or the only key of an object at line 1 column 7"#,
            Category::Data,
        ),
        (
            r#"["\q"]"#,
            "invalid escape at line 1 column 4",
            Category::Syntax,
        ),
        (
            r#"["\ud800"]"#,
            r"lone UTF-16 surrogate in \u escape at line 1 column 9",
            Category::Syntax,
        ),
        (
            "[1 2]",
            "expected `,` or `]` at line 1 column 4",
            Category::Syntax,
        ),
        (
            "{1:2}",
            "object key must be a string at line 1 column 2",
            Category::Syntax,
        ),
        (
            "[1,\n  tru]",
            "expected value at line 2 column 6",
            Category::Syntax,
        ),
        (
            r#"["^ ","a"]"#,
            r#"map written as ["^ ", ...] has a key without a value at line 1 column 10"#,
            Category::Data,
        ),
        (
            r#"["~zfoo"]"#,
            r#"invalid rep for tag "z": expected `NaN`, `INF` or `-INF`, found foo at line 1 column 8"#,
            Category::Data,
        ),
        (
            r#"["~#set",1]"#,
            r#"invalid rep for tag "set": expected an array, found integer at line 1 column 11"#,
            Category::Data,
        ),
        (
            "[\"\u{1}\"]",
            r"control character (\u0000-\u001F) found while parsing a string at line 1 column 3",
            Category::Syntax,
        ),
    ] {
        let err = read_err(text);
        assert_eq!(err.to_string(), message, "reading {text:?}");
        assert_eq!(err.classify(), category, "category of {text:?}");
        // The same from bytes and from a reader.
        let from_slice = transit_format::from_slice::<Value>(text.as_bytes()).unwrap_err();
        assert_eq!(from_slice.to_string(), message, "from_slice {text:?}");
        let from_reader =
            transit_format::from_reader::<_, Value>(OneByte(text.as_bytes())).unwrap_err();
        assert_eq!(from_reader.to_string(), message, "from_reader {text:?}");
    }
}

/// `~u` followed by text that is not a uuid (Penpot's own fixtures hold
/// `~u123456789-0000-…` and `~uudd5cc0bb-…`): a `Value` keeps it as the tagged
/// string `#u "text"`, which writes back as it was read, as a value and as a map key.
#[test]
fn a_uuid_that_is_not_one_is_kept_as_text() {
    let kept = |text: &str| Value::tagged("u", string(text));
    for rep in [
        "xyz",
        "",
        "123456789-0000-0000-0000-abcdefabcdef",
        "udd5cc0bb-91ff-81b9-8004-77df9cd3edb0",
        "0e5c3c8a0d2a803580042b1cf9b0a001",
        "0E5C3C8A-0D2A-8035-8004-2B1CF9B0A00G",
    ] {
        let wire = format!("~u{rep}");
        let compact = format!(r#"["{wire}",["^ ","{wire}",1]]"#);
        let verbose = format!(r#"["{wire}",{{"{wire}":1}}]"#);
        let expected = vector(vec![kept(rep), map(vec![(kept(rep), int(1))])]);
        assert_eq!(read(&compact), expected, "{compact}");
        assert_eq!(read(&verbose), expected, "{verbose}");
        assert_eq!(write(&expected), compact);
        assert_eq!(write_verbose(&expected), verbose);
        // The tag in array and object form reads to the same value.
        assert_eq!(read(&format!(r#"["~#u","{rep}"]"#)), kept(rep));
        assert_eq!(read(&format!(r#"{{"~#u":"{rep}"}}"#)), kept(rep));
    }
    // As a repeated map key, through the cache: `^0` is the kept value again.
    let text = r#"[["^ ","~uxyz-1",1],["^ ","^0",2]]"#;
    let value = read(text);
    assert_eq!(
        value,
        vector(vec![
            map(vec![(kept("xyz-1"), int(1))]),
            map(vec![(kept("xyz-1"), int(2))]),
        ])
    );
    assert_eq!(write(&value), text);
    // A uuid in its hyphenated form is still a uuid.
    let id = "0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001";
    assert_eq!(
        read(&format!(r#""~u{id}""#)),
        Value::Uuid(id.parse().unwrap())
    );
    // Two-integer reps keep their meaning; other arrays are still refused.
    assert!(matches!(read(r#"["~#u",[1,2]]"#), Value::Uuid(_)));
    assert_eq!(
        read_err(r#"["~#u",[1]]"#).to_string(),
        r#"invalid rep for tag "u": expected two 64-bit integers, found another array at line 1 column 10"#
    );
}

/// Where a typed field asks for a `Uuid`, text that is not a uuid is an error with
/// its position: with `with::uuid`, as a plain `uuid::Uuid`, and in Penpot's types.
#[test]
fn a_uuid_that_is_not_one_fails_typed_fields() {
    #[derive(serde::Deserialize, Debug)]
    struct With {
        #[serde(with = "transit_format::with::uuid")]
        #[allow(dead_code)] // only the error is looked at
        id: uuid::Uuid,
    }
    #[derive(serde::Deserialize, Debug)]
    struct WithOption {
        #[serde(with = "transit_format::with::uuid::option")]
        #[allow(dead_code)] // only the error is looked at
        id: Option<uuid::Uuid>,
    }
    #[derive(serde::Deserialize, Debug)]
    struct Plain {
        #[allow(dead_code)] // only the error is looked at
        id: uuid::Uuid,
    }
    for rep in ["xyz", "123456789-0000-0000-0000-abcdefabcdef"] {
        let compact = format!(r#"["^ ","~:id","~u{rep}"]"#);
        let verbose = format!(r#"{{"~:id":"~u{rep}"}}"#);
        for text in [&compact, &verbose] {
            let err = transit_format::from_str::<With>(text).unwrap_err();
            assert!(
                err.to_string().contains("expected a uuid") && err.line() == 1,
                "{text}: {err}"
            );
            let err = transit_format::from_str::<WithOption>(text).unwrap_err();
            assert!(
                err.to_string().contains("expected a uuid") && err.line() == 1,
                "{text}: {err}"
            );
            let err = transit_format::from_str::<Plain>(text).unwrap_err();
            assert!(err.line() == 1 && err.is_data(), "{text}: {err}");
            // Penpot's types: a shape's `:id`.
            #[cfg(feature = "penpot")]
            {
                let shape = format!(r#"["~#shape",{compact}]"#);
                let err =
                    transit_format::from_str::<transit_format::penpot::Shape>(&shape).unwrap_err();
                assert!(err.to_string().contains(":id must be a uuid"), "{err}");
            }
        }
        // A pointer's id; the same text is fine where any value is taken.
        #[cfg(feature = "penpot")]
        {
            let pointer = format!(r#"["~#penpot/pointer",["~u{rep}",["^ "]]]"#);
            assert!(transit_format::from_str::<transit_format::penpot::Pointer>(&pointer).is_err());
            assert!(transit_format::penpot::from_str(&compact).is_ok());
        }
    }
}

#[test]
fn invalid_utf8_is_a_syntax_error() {
    // (input, column): reported at the closing quote of the string that holds the
    // bad bytes, the same from every reader (tests/regression.rs).
    for (bytes, expected_column) in [(&b"[\"\xff\"]"[..], 4), (&b"[\"a\xc3(\"]"[..], 6)] {
        let expected = format!("invalid UTF-8 in string at line 1 column {expected_column}");
        let err = transit_format::from_slice::<Value>(bytes).unwrap_err();
        assert_eq!(err.to_string(), expected, "{bytes:?}");
        assert_eq!(err.classify(), Category::Syntax);
        let err = transit_format::from_reader::<_, Value>(bytes).unwrap_err();
        assert_eq!(err.to_string(), expected, "reader {bytes:?}");
        assert_eq!(err.classify(), Category::Syntax);
    }
}

#[test]
fn io_errors_are_classified_as_io() {
    let err = transit_format::from_reader::<_, Value>(Broken).unwrap_err();
    assert_eq!(err.classify(), Category::Io);
    assert!(err.is_io());
    assert_eq!(err.io_error_kind(), Some(io::ErrorKind::BrokenPipe));
    assert_eq!(err.to_string(), "pipe closed");
}

#[test]
fn a_million_open_brackets_is_a_recursion_error_not_a_stack_overflow() {
    let deep = "[".repeat(1_000_000);
    let expected = "recursion limit exceeded at line 1 column 129";
    let err = transit_format::from_str::<Value>(&deep).unwrap_err();
    assert_eq!(err.to_string(), expected);
    assert_eq!(err.classify(), Category::Syntax);
    let err = transit_format::from_slice::<Value>(deep.as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), expected);
    let err = transit_format::from_reader::<_, Value>(deep.as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), expected);

    // Tags and maps nest too.
    for unit in [r#"{"~#list":"#, r#"["~#set","#, r#"["^ ","a","#, r#"{"a":"#] {
        let deep = unit.repeat(200_000);
        let err = transit_format::from_str::<Value>(&deep).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("recursion limit exceeded at line 1 column "),
            "{unit}: {err}"
        );
    }
}

#[test]
fn max_depth_is_configurable() {
    let mut de = Deserializer::from_str("[[[1]]]");
    de.set_max_depth(2);
    assert_eq!(
        de.parse_value().unwrap_err().to_string(),
        "recursion limit exceeded at line 1 column 3"
    );

    let mut de = Deserializer::from_str("[[[1]]]");
    de.set_max_depth(3);
    assert_eq!(
        de.parse_value().unwrap(),
        vector(vec![vector(vec![vector(vec![int(1)])])])
    );

    // Deeper than the default of 128 when allowed.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(transit_format::from_str::<Value>(&deep).is_err());
    let mut de = Deserializer::from_str(&deep);
    de.set_max_depth(200);
    assert!(de.parse_value().is_ok());

    // The limit applies to every value of a stream.
    let mut de = Deserializer::from_str("[[1]] [[[1]]]");
    de.set_max_depth(2);
    assert_eq!(
        stream_of(de),
        vec![
            Ok(vector(vec![vector(vec![int(1)])])),
            Err("recursion limit exceeded at line 1 column 9".to_owned()),
        ]
    );
}

// ---------------------------------------------------------------------------
// Every proper prefix of a valid document ends too early (like serde_json's tests)

fn assert_every_prefix_is_eof(document: &str) {
    read(document);
    for end in (0..document.len()).filter(|&i| document.is_char_boundary(i)) {
        let prefix = &document[..end];
        match transit_format::from_str::<Value>(prefix) {
            Ok(v) => panic!("prefix {prefix:?} of {document:?} decoded to {v:?}"),
            Err(e) => assert!(
                e.is_eof(),
                "prefix {prefix:?} of {document:?}: {e} ({:?})",
                e.classify()
            ),
        }
    }
    // Byte prefixes too, including ones that cut a UTF-8 sequence.
    let bytes = document.as_bytes();
    for end in 0..bytes.len() {
        let prefix = &bytes[..end];
        match transit_format::from_slice::<Value>(prefix) {
            Ok(v) => panic!("byte prefix {prefix:?} decoded to {v:?}"),
            Err(e) => assert!(e.is_eof(), "byte prefix {prefix:?}: {e}"),
        }
        match transit_format::from_reader::<_, Value>(OneByte(prefix)) {
            Ok(v) => panic!("reader prefix {prefix:?} decoded to {v:?}"),
            Err(e) => assert!(e.is_eof(), "reader prefix {prefix:?}: {e}"),
        }
    }
}

#[test]
fn every_prefix_of_a_document_is_an_eof_error() {
    for document in [
        r#"["^ ","~:a",["~#set",[1,2]],"~:b",{"~#list":[true,false,null]}]"#,
        r#"[["^ ","~:aaaa",1],["^ ","^0",2]]"#,
        "[\"~#'\",\"\u{e9}\u{1f600}\u{8a79}\"]",
        r#"{"~:kw":"~m946728000000","s":"\u00e9 \"q\" \\","n":[12,0,"~zNaN"]}"#,
        r#"{"~#'":"~t2000-01-01T12:00:00.000Z"}"#,
        "  [ 1 , [ ] , { } , \"x\" ]",
    ] {
        assert_every_prefix_is_eof(document);
    }
}

#[test]
fn every_prefix_of_a_document_with_signed_and_exponent_numbers_is_an_eof_error() {
    // A prefix ending in `-`, `1.`, `1e` or `1e+` can still become a number.
    assert_every_prefix_is_eof("[-12,3.5e-2,-0.0,1E+3]");
}

#[test]
fn every_prefix_of_a_surrogate_pair_escape_is_an_eof_error() {
    // A prefix ending after `\ud83d` can still be completed by `\ude00`.
    assert_every_prefix_is_eof(r#"["\ud83d\ude00"]"#);
}

// ---------------------------------------------------------------------------
// Streams of top-level values

#[test]
fn streams_of_values_with_any_separator() {
    let items = [
        r#"["~#'",1]"#,
        r#"["^ ","~:aaaa",1]"#,
        r#"["^ ","~:aaaa",2]"#,
        r#"{"~#set":[1]}"#,
        r#""~:kw""#,
        r#"{"~#'":"~t2000-01-01T12:00:00.000Z"}"#,
        r#"["~#point",[1,2]]"#,
    ];
    let expected: Vec<Result<Value, String>> = vec![
        Ok(int(1)),
        Ok(map(vec![(kw("aaaa"), int(1))])),
        Ok(map(vec![(kw("aaaa"), int(2))])),
        Ok(set(vec![int(1)])),
        Ok(kw("kw")),
        Ok(instant_ymd(2000, 1, 1, 12, 0, 0)),
        Ok(Value::tagged("point", vector(vec![int(1), int(2)]))),
    ];
    for sep in ["", " ", "\n", "\r\n\t "] {
        let text = format!("{}{sep}", items.join(sep));
        assert_eq!(
            stream_of(Deserializer::from_str(&text)),
            expected,
            "{sep:?}"
        );
        assert_eq!(
            stream_of(Deserializer::from_slice(text.as_bytes())),
            expected,
            "slice {sep:?}"
        );
        assert_eq!(
            stream_of(Deserializer::from_reader(text.as_bytes())),
            expected,
            "reader {sep:?}"
        );
        assert_eq!(
            stream_of(Deserializer::from_reader(OneByte(text.as_bytes()))),
            expected,
            "one-byte reader {sep:?}"
        );
    }
    // Bare scalars, as the Java reader reads them.
    assert_eq!(
        stream_of(Deserializer::from_str(r#"true null false "foo" 42.2 42"#)),
        vec![
            Ok(Value::Bool(true)),
            Ok(Value::Null),
            Ok(Value::Bool(false)),
            Ok(string("foo")),
            Ok(Value::Float(42.2)),
            Ok(int(42)),
        ]
    );
    // Empty and whitespace-only streams have no values.
    assert!(stream_of(Deserializer::from_str("")).is_empty());
    assert!(stream_of(Deserializer::from_str(" \n\t ")).is_empty());
}

#[test]
fn a_stream_ending_inside_a_value_reports_eof_once() {
    for (text, message) in [
        ("[1] [", "EOF while parsing an array at line 1 column 5"),
        ("[1] [\"a", "EOF while parsing a string at line 1 column 7"),
        (
            "[1]\n{\"a\":",
            "EOF while parsing a value at line 2 column 5",
        ),
    ] {
        let mut stream = Deserializer::from_str(text).into_iter::<Value>();
        assert_eq!(stream.next().unwrap().unwrap(), vector(vec![int(1)]));
        let err = stream.next().unwrap().unwrap_err();
        assert!(err.is_eof(), "{text:?}: {err}");
        assert_eq!(err.to_string(), message, "{text:?}");
        assert!(stream.next().is_none());
    }
    // Bad data ends the stream.
    assert_eq!(
        stream_of(Deserializer::from_str("[1] x [2]")),
        vec![
            Ok(vector(vec![int(1)])),
            Err("expected value at line 1 column 5".to_owned()),
        ]
    );
}

#[test]
fn a_stream_ending_inside_a_number_reports_eof() {
    // `[2.` may still become `[2.5]`: the documented contract of `is_eof`.
    for text in ["[1] [2.", "[1] [-", "[1] [2e", "[1] [2e-"] {
        let mut stream = Deserializer::from_str(text).into_iter::<Value>();
        assert_eq!(stream.next().unwrap().unwrap(), vector(vec![int(1)]));
        let err = stream.next().unwrap().unwrap_err();
        assert!(err.is_eof(), "{text:?}: {err} ({:?})", err.classify());
    }
}

#[test]
fn one_byte_reader_gives_the_same_values_and_positions() {
    let documents = [
        r#"["^ ","~:a",["~#set",[1,2]],"~:b",{"~#list":[true,false,null]}]"#,
        "[\"~#'\",\"\u{e9}\u{1f600}\u{8a79} \\u00e9 \\ud83d\\ude00\"]",
        r#"[["^ ","~:aaaa",1],["^ ","^0",2],"~m-6106017600000",-12,3.5e-2]"#,
    ];
    for document in documents {
        let expected = read(document);
        let got: Value = transit_format::from_reader(OneByte(document.as_bytes())).unwrap();
        assert_eq!(got, expected, "{document}");
    }
    let bad = "[1,\n [2,\n  \"~mxyz\"]]";
    let expected = read_err(bad).to_string();
    assert_eq!(
        expected,
        r#"invalid rep for tag "m": expected milliseconds since the epoch, found xyz at line 3 column 9"#
    );
    let err = transit_format::from_reader::<_, Value>(OneByte(bad.as_bytes())).unwrap_err();
    assert_eq!(err.to_string(), expected);
}

// ---------------------------------------------------------------------------
// Display (EDN)

#[test]
fn display_prints_edn() {
    for (text, edn) in [
        (
            r#"["^ ","~:name","x","~:tags",["~#set",["a"]]]"#,
            r#"{:name "x", :tags #{"a"}}"#,
        ),
        (
            r#"["~#'","~u5a2cbea3-e8c6-428b-b525-21239370dd55"]"#,
            "#uuid \"5a2cbea3-e8c6-428b-b525-21239370dd55\"",
        ),
        (
            r#"["~#'","~m946728000000"]"#,
            "#inst \"2000-01-01T12:00:00.000-00:00\"",
        ),
        (
            r#"["~#'","~m-6106017600000"]"#,
            "#inst \"1776-07-04T12:00:00.000-00:00\"",
        ),
        (r#"["~#point",[1,2]]"#, "#point [1 2]"),
        (r#"["~zNaN","~zINF","~z-INF"]"#, "[##NaN ##Inf ##-Inf]"),
        (
            r#"["~#list",[1,2.0,null,true,"~$inc","~:ns/kw"]]"#,
            "(1 2.0 nil true inc :ns/kw)",
        ),
        (r#"["~n42","~f1.5",4.0E11]"#, "[42N 1.5M 4.0E11]"),
        (r#"["a\"b","~~x"]"#, r#"["a\"b" "~x"]"#),
        (
            r#"["~#cmap",[null,"n",[1,2],"v"]]"#,
            r#"{nil "n", [1 2] "v"}"#,
        ),
    ] {
        assert_eq!(read(text).to_string(), edn, "{text}");
    }
}

#[test]
fn a_repeated_map_key_keeps_its_first_place_and_its_last_value() {
    // Small maps compare keys pairwise, larger ones use a scratch table, and maps
    // past 32 entries keep an index: the rule is the same for all (as `insert`).
    for size in [3usize, 12, 40] {
        let mut body = String::from(r#"["^ ""#);
        for i in 0..size {
            body.push_str(&format!(r#","k{i}",{i}"#));
        }
        body.push_str(r#","k1",-1]"#);
        let value: Value = transit_format::from_str(&body).unwrap();
        let Value::Map(map) = value else {
            panic!("a map: {body}")
        };
        assert_eq!(map.len(), size, "{body}");
        let keys: Vec<String> = map.keys().map(|k| k.as_str().unwrap().to_owned()).collect();
        let expected: Vec<String> = (0..size).map(|i| format!("k{i}")).collect();
        assert_eq!(keys, expected);
        assert_eq!(map.get(&Value::from("k1")), Some(&Value::Integer(-1)));
        assert_eq!(map.get(&Value::from("k0")), Some(&Value::Integer(0)));
    }
}

// ---------------------------------------------------------------------------
// Exactness against transit-java: escapes, links, instants out of chrono's range

#[test]
fn strings_are_escaped_as_transit_java_escapes_them() {
    // Characters outside the BMP as two escaped surrogates, control characters
    // with upper-case hex, everything else as it is; in strings, keys, keywords
    // and symbols alike.
    let v: Value = transit_format::from_str(
        "[\"\u{1F600}\",\"\\u001b\\u000b\",\"~:\u{1F44D}\",\"~$a\u{10000}\",[\"^ \",\"k\u{1F600}\",1]]",
    )
    .unwrap();
    assert_eq!(
        transit_format::to_string(&v).unwrap(),
        r#"["\uD83D\uDE00","\u001B\u000B","~:\uD83D\uDC4D","~$a\uD800\uDC00",["^ ","k\uD83D\uDE00",1]]"#
    );
    // They read back to the same text.
    let again: Value = transit_format::from_str(&transit_format::to_string(&v).unwrap()).unwrap();
    assert_eq!(again, v);
}

#[test]
fn links_are_written_in_transit_javas_order() {
    let v: Value = transit_format::from_str(
        r#"["~#link",["^ ","href","~rhttp://x","rel","self","render","link","prompt","p","name","n"]]"#,
    )
    .unwrap();
    assert_eq!(
        transit_format::to_string(&v).unwrap(),
        r#"["~#link",["^ ","rel","self","name","n","href","~rhttp://x","prompt","p","render","link"]]"#
    );
}

#[test]
fn instants_beyond_chrono_are_kept_as_they_came() {
    // `DateTime<Utc>` holds about ±262,000 years; a `~m` or `~t` past that is kept
    // losslessly rather than failing the document.
    for text in [
        r#"["~m9223372036854775807","~m-9000000000000000000"]"#,
        r#"["~t292278994-08-17T07:12:55.807Z"]"#,
    ] {
        let v: Value = transit_format::from_str(text).unwrap();
        assert!(
            matches!(&v.as_array().unwrap()[0], Value::Tagged(_)),
            "{v:?}"
        );
        assert_eq!(transit_format::to_string(&v).unwrap(), text);
        assert_eq!(transit_format::to_string_verbose(&v).unwrap(), text);
    }
    // A typed field still asks for an instant it can hold.
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct At {
        #[serde(with = "transit_format::with::instant")]
        at: chrono::DateTime<chrono::Utc>,
    }
    assert!(transit_format::from_str::<At>(r#"["^ ","~:at","~m9223372036854775807"]"#).is_err());
}

#[test]
fn verbose_instants_are_spelled_as_transit_java_spells_them() {
    // Five-digit years without a sign; Julian dates before 1582-10-15; BC years as
    // their year of era.
    for (millis, text) in [
        (253_402_300_800_000_i64, "10000-01-01T00:00:00.000Z"),
        (-12_219_292_800_001, "1582-10-04T23:59:59.999Z"),
        (-62_135_769_600_000, "0001-01-01T00:00:00.000Z"),
    ] {
        let v = Value::Instant(chrono::DateTime::from_timestamp_millis(millis).unwrap());
        assert_eq!(
            transit_format::to_string_verbose(&vec![v]).unwrap(),
            format!(r#"["~t{text}"]"#)
        );
    }
}

#[test]
fn a_plain_uuid_field_refuses_kept_uuid_text() {
    // `~u` text in another spelling (simple, braced, urn) is kept as it came, and a
    // `Uuid` field without `with::uuid` refuses it as `with::uuid` does.
    for text in [
        "0e5c3c8a0d2a803580042b1cf9b0a001",
        "{0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001}",
        "urn:uuid:0e5c3c8a-0d2a-8035-8004-2b1cf9b0a001",
    ] {
        let body = format!(r#"["~#'","~u{text}"]"#);
        assert!(
            transit_format::from_str::<uuid::Uuid>(&body).is_err(),
            "{text}"
        );
        let value: Value = transit_format::from_str(&body).unwrap();
        assert_eq!(transit_format::to_string(&value).unwrap(), body);
        assert!(
            transit_format::from_value::<uuid::Uuid>(value).is_err(),
            "{text}"
        );
    }
}
