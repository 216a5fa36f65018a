//! Hand-built oracles for the exemplar corpus.
//!
//! `tests/exemplars.rs` checks that the two JSON modes agree with each other and
//! re-encode byte for byte; that would still pass if the reader and the writer made
//! the same mistake. Here each expected `Value` is built by hand in Rust from what
//! the exemplar's `.edn` says, so the reader is checked against
//! something that does not come from the reader. `<name>.json`,
//! `<name>.verbose.json` and `<name>.mp` (MessagePack) must each decode to it: so
//! integers at every width boundary, doubles, big integers, instants and uuids
//! are checked in MessagePack against transit-java's bytes too.
//!
//! The corpus is read from disk at test time; without it every test returns early
//! (the common helper prints why).

mod common;

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use transit_format::{BigInt, Map, Set, Uri, Value};

// ---------------------------------------------------------------------------
// Oracle builders: plain constructors, nothing from the reader.

fn int(i: i64) -> Value {
    Value::Integer(i)
}

fn float(f: f64) -> Value {
    Value::Float(f)
}

fn string(s: &str) -> Value {
    Value::String(s.into())
}

fn kw(name: &str) -> Value {
    Value::keyword(name)
}

fn sym(name: &str) -> Value {
    Value::symbol(name)
}

fn vector(items: Vec<Value>) -> Value {
    Value::Array(items.into())
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items.into())
}

fn set(items: Vec<Value>) -> Value {
    let set: Set = items.into_iter().collect();
    Value::Set(set)
}

fn map(entries: Vec<(Value, Value)>) -> Value {
    let map: Map = entries.into_iter().collect();
    Value::Map(map)
}

fn uri(text: &str) -> Value {
    Value::Uri(Uri::new(text))
}

fn uuid(text: &str) -> Value {
    Value::Uuid(text.parse().expect("a well-formed uuid literal"))
}

/// An instant from calendar fields (UTC), independent of the `~m` millis on the wire.
fn instant(year: i32, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> Value {
    let t: DateTime<Utc> = Utc
        .with_ymd_and_hms(year, month, day, hour, min, sec)
        .single()
        .expect("a valid UTC date");
    Value::Instant(t)
}

/// An integer of any size: `Integer` when it fits `i64`, else `BigInt` (`~n`).
fn any_int(n: i128) -> Value {
    match i64::try_from(n) {
        Ok(i) => Value::Integer(i),
        Err(_) => Value::BigInt(BigInt::from(n)),
    }
}

/// `[0 1 2.0 true false "five" :six seven "~eight" nil]`, the mixed items several
/// exemplars share.
fn mixed_items() -> Vec<Value> {
    vec![
        int(0),
        int(1),
        float(2.0),
        Value::Bool(true),
        Value::Bool(false),
        string("five"),
        kw("six"),
        sym("seven"),
        string("~eight"),
        Value::Null,
    ]
}

/// `prefix` followed by the first 0..=6 letters of "abcdef".
fn prefixed_strings(prefix: &str) -> Value {
    let letters = "abcdef";
    vector(
        (0..=letters.len())
            .map(|n| Value::from(format!("{prefix}{}", &letters[..n])))
            .collect(),
    )
}

/// `:key0000`, `:key0001`, ... (4-digit, zero padded).
fn numbered_key(i: usize) -> Value {
    kw(&format!("key{i:04}"))
}

/// `[:key0000 ... :key<n-1> :key0000 ... :key<n-1>]`.
fn keywords_repeated_twice(n: usize) -> Value {
    vector((0..2 * n).map(|i| numbered_key(i % n)).collect())
}

/// `{:f {:key0000 0 ...}, :s {:key0000 0 ...}}` with `n` entries in each inner map.
fn nested_numbered_maps(n: usize) -> Value {
    let inner = || {
        map((0..n)
            .map(|i| (numbered_key(i), int(i64::try_from(i).unwrap())))
            .collect())
    };
    map(vec![(kw("f"), inner()), (kw("s"), inner())])
}

/// For every power of two `2^p`, p = 0..=65: the five values `2^p - 2 ..= 2^p + 2`,
/// times `sign` (the layout of `ints_interesting*.edn`).
fn powers_of_two_neighbourhoods(sign: i128) -> Value {
    let mut items = Vec::new();
    for p in 0..=65u32 {
        let k: i128 = 1i128 << p;
        for d in -2..=2i128 {
            items.push(any_int(sign * (k + d)));
        }
    }
    vector(items)
}

/// `[-3.14159 3.14159 4.0E11 2.998E8 6.626E-34]`: the exemplar's own values (3.14159
/// is data here, not an approximation of pi).
#[allow(clippy::approx_constant)]
fn interesting_doubles() -> Value {
    vector(vec![
        float(-3.14159),
        float(3.14159),
        float(4.0e11),
        float(2.998e8),
        float(6.626e-34),
    ])
}

// ---------------------------------------------------------------------------
// Harness

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes `<name>.json`, `<name>.verbose.json` and `<name>.mp` (MessagePack, as
/// transit-java wrote it) and compares each with `expected`.
fn check(name: &str, expected: &Value) {
    let root = common::exemplars_dir();
    let dir = root.join("0.8/simple");
    for file in [format!("{name}.json"), format!("{name}.verbose.json")] {
        let text = read(&dir.join(&file));
        let got: Value = transit_format::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(&got, expected, "{file} does not decode to the oracle");
    }
    let file = dir.join(format!("{name}.mp"));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let got: Value = transit_format::from_msgpack_slice(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(&got, expected, "{name}.mp does not decode to the oracle");
}

macro_rules! oracle {
    ($($test:ident: $name:literal => $expected:expr;)*) => {$(
        #[test]
        #[ignore = "needs ../shared/transit-exemplars or TRANSIT_EXEMPLARS: run with --include-ignored"]
        fn $test() {
            check($name, &$expected);
        }
    )*};
}

// ---------------------------------------------------------------------------
// Top-level scalars (quoted on the wire)

oracle! {
    nil: "nil" => Value::Null;
    true_: "true" => Value::Bool(true);
    false_: "false" => Value::Bool(false);
    zero: "zero" => int(0);
    one: "one" => int(1);
    one_string: "one_string" => string("hello");
    one_keyword: "one_keyword" => kw("hello");
    one_symbol: "one_symbol" => sym("hello");
    one_date: "one_date" => instant(2000, 1, 1, 12, 0, 0);
    one_uuid: "one_uuid" => uuid("5a2cbea3-e8c6-428b-b525-21239370dd55");
    one_uri: "one_uri" => uri("http://example.com");
}

// ---------------------------------------------------------------------------
// Scalars inside vectors

oracle! {
    uris: "uris" => vector(vec![
        uri("http://example.com"),
        uri("ftp://example.com"),
        uri("file:///path/to/file.txt"),
        uri("http://www.\u{8a79}\u{59c6}\u{65af}.com/"),
    ]);
    uuids: "uuids" => vector(vec![
        uuid("5a2cbea3-e8c6-428b-b525-21239370dd55"),
        uuid("d1dc64fa-da79-444b-9fa4-d4412f427289"),
        uuid("501a978e-3a3e-4060-b3be-1cf2bd4b1a38"),
        uuid("b3ba141a-a776-48e4-9fae-a28ea8571f58"),
    ]);
    dates_interesting: "dates_interesting" => vector(vec![
        instant(1776, 7, 4, 12, 0, 0),
        instant(1970, 1, 1, 0, 0, 0),
        instant(2000, 1, 1, 12, 0, 0),
        instant(2014, 4, 7, 22, 17, 17),
    ]);
    ints_interesting: "ints_interesting" => powers_of_two_neighbourhoods(1);
    ints_interesting_neg: "ints_interesting_neg" => powers_of_two_neighbourhoods(-1);
    doubles_small: "doubles_small" =>
        vector((-5..=5).map(|i| float(f64::from(i))).collect());
    doubles_interesting: "doubles_interesting" => interesting_doubles();
    vector_special_numbers: "vector_special_numbers" =>
        vector(vec![float(f64::NAN), float(f64::INFINITY), float(f64::NEG_INFINITY)]);
    vector_mixed: "vector_mixed" => vector(mixed_items());
    keywords: "keywords" => vector(
        ["a", "ab", "abc", "abcd", "abcde", "a1", "b2", "c3", "a_b"].map(kw).to_vec(),
    );
    small_strings: "small_strings" => prefixed_strings("");
    strings_tilde: "strings_tilde" => prefixed_strings("~");
    strings_hat: "strings_hat" => prefixed_strings("^");
    strings_hash: "strings_hash" => prefixed_strings("#");
}

// ---------------------------------------------------------------------------
// Composites, cmaps, unknown tags

oracle! {
    list_nested: "list_nested" => list(vec![
        list(vec![int(1), int(2), int(3)]),
        list(mixed_items()),
    ]);
    set_nested: "set_nested" => set(vec![
        set(vec![int(1), int(3), int(2)]),
        set(mixed_items()),
    ]);
    map_numeric_keys: "map_numeric_keys" =>
        map(vec![(int(1), string("one")), (int(2), string("two"))]);
    map_vector_keys: "map_vector_keys" => map(vec![
        (vector(vec![int(1), int(1)]), string("one")),
        (vector(vec![int(2), int(2)]), string("two")),
    ]);
    cmap_null_key: "cmap_null_key" => map(vec![
        (Value::Null, string("null as map key")),
        (vector(vec![int(1), int(2)]), string("Array as key to force cmap")),
    ]);
    cmap_pathological: "cmap_pathological" => vector(vec![
        map(vec![(
            kw("any-value"),
            map(vec![
                (vector(vec![string("this vector makes this a cmap")]), string("any value")),
                (string("any string"), kw("victim")),
            ]),
        )]),
        map(vec![(kw("victim"), kw("any-other-value"))]),
    ]);
    maps_unrecognized_keys: "maps_unrecognized_keys" => vector(vec![
        Value::tagged("abcde", kw("anything")),
        Value::tagged("fghij", kw("anything-else")),
    ]);
    map_unrecognized_vals: "map_unrecognized_vals" =>
        map(vec![(kw("key"), string("~Unrecognized"))]);
    maps_four_char_string_keys: "maps_four_char_string_keys" => vector(
        [(1, 2), (3, 4), (5, 6)]
            .map(|(a, b)| map(vec![(string("aaaa"), int(a)), (string("bbbb"), int(b))]))
            .to_vec(),
    );
    maps_three_char_sym_keys: "maps_three_char_sym_keys" => vector(
        [(1, 2), (3, 4), (5, 6)]
            .map(|(a, b)| map(vec![(sym("aaa"), int(a)), (sym("bbb"), int(b))]))
            .to_vec(),
    );
}

// ---------------------------------------------------------------------------
// The cache at and past its 1936 entries

oracle! {
    map_10_nested: "map_10_nested" => nested_numbered_maps(10);
    map_1936_nested: "map_1936_nested" => nested_numbered_maps(1936);
    map_1937_nested: "map_1937_nested" => nested_numbered_maps(1937);
    vector_1935_keywords_repeated_twice: "vector_1935_keywords_repeated_twice" =>
        keywords_repeated_twice(1935);
    vector_1936_keywords_repeated_twice: "vector_1936_keywords_repeated_twice" =>
        keywords_repeated_twice(1936);
    vector_1937_keywords_repeated_twice: "vector_1937_keywords_repeated_twice" =>
        keywords_repeated_twice(1937);
}

// ---------------------------------------------------------------------------
// Sanity checks of the oracles themselves (they need no data)

#[test]
fn oracle_for_ints_interesting_crosses_the_i64_boundary_as_the_edn_does() {
    let Value::Array(items) = powers_of_two_neighbourhoods(1) else {
        unreachable!()
    };
    assert_eq!(items.len(), 66 * 5);
    assert_eq!(items[0], int(-1));
    assert!(items.contains(&int(9_007_199_254_740_991)));
    assert!(items.contains(&int(i64::MAX)));
    assert!(items.contains(&Value::BigInt(
        BigInt::parse("9223372036854775808").unwrap()
    )));
    assert_eq!(
        items.last(),
        Some(&Value::BigInt(
            BigInt::parse("36893488147419103234").unwrap()
        ))
    );

    let Value::Array(neg) = powers_of_two_neighbourhoods(-1) else {
        unreachable!()
    };
    assert_eq!(neg[0], int(1));
    // i64::MIN still fits; one below it is a big integer.
    assert!(neg.contains(&int(i64::MIN)));
    assert!(neg.contains(&Value::BigInt(
        BigInt::parse("-9223372036854775809").unwrap()
    )));
}

#[test]
fn oracle_instants_match_the_millis_of_the_compact_files() {
    let millis = |v: Value| match v {
        Value::Instant(t) => t.timestamp_millis(),
        other => panic!("not an instant: {other:?}"),
    };
    assert_eq!(millis(instant(1776, 7, 4, 12, 0, 0)), -6_106_017_600_000);
    assert_eq!(millis(instant(1970, 1, 1, 0, 0, 0)), 0);
    assert_eq!(millis(instant(2000, 1, 1, 12, 0, 0)), 946_728_000_000);
    assert_eq!(millis(instant(2014, 4, 7, 22, 17, 17)), 1_396_909_037_000);
}

#[test]
#[ignore = "needs ../shared/transit-exemplars or TRANSIT_EXEMPLARS: run with --include-ignored"]
fn oracle_covers_the_exemplars_named_in_the_corpus() {
    let root = common::exemplars_dir();
    let names = common::exemplar_names(&root);
    for name in [
        "nil",
        "one_date",
        "uris",
        "ints_interesting_neg",
        "cmap_pathological",
        "maps_unrecognized_keys",
        "vector_1937_keywords_repeated_twice",
    ] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} is missing from the corpus"
        );
    }
}
