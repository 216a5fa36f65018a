//! Property tests: arbitrary `Value`s (every variant, nested; drawn from the
//! library's own generator, `transit_format::proptest`) and derived serde types
//! survive compact, verbose, cache-less compact and MessagePack encoding, encoding
//! is a fixed point, and `to_value` / `from_value` / `Display` agree with the
//! codec; generated webhook events survive both content types.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde::{Deserialize, Serialize};
use transit_format::generate::{self, Kind, Kinds};
use transit_format::proptest::{value, value_with};
use transit_format::ser::{Options, Serializer};
use transit_format::{Keyword, List, Map, Set, Tagged, Value};
use uuid::Uuid;

// ---------------------------------------------------------------------------
// Encoding helpers

/// 2^53 − 1, the largest integer written as a JSON number.
const MAX53: i64 = (1 << 53) - 1;

/// The read/write cache size.
const CACHE_SIZE: usize = 44 * 44;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Only this file may be written: no `proptest-regressions/` directory.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn compact<T: Serialize + ?Sized>(v: &T) -> Result<String, TestCaseError> {
    transit_format::to_string(v).map_err(|e| TestCaseError::fail(format!("compact write: {e}")))
}

fn verbose<T: Serialize + ?Sized>(v: &T) -> Result<String, TestCaseError> {
    transit_format::to_string_verbose(v)
        .map_err(|e| TestCaseError::fail(format!("verbose write: {e}")))
}

fn uncached<T: Serialize + ?Sized>(v: &T) -> Result<String, TestCaseError> {
    let mut out = Vec::new();
    let mut ser = Serializer::with_options(&mut out, Options::compact().cache(false));
    v.serialize(&mut ser)
        .map_err(|e| TestCaseError::fail(format!("uncached write: {e}")))?;
    String::from_utf8(out).map_err(|e| TestCaseError::fail(format!("not UTF-8: {e}")))
}

fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, TestCaseError> {
    transit_format::from_str(text).map_err(|e| TestCaseError::fail(format!("reading {text}: {e}")))
}

type Encoder = fn(&Value) -> Result<String, TestCaseError>;

const MODES: [(&str, Encoder); 3] = [
    ("compact", compact::<Value>),
    ("verbose", verbose::<Value>),
    ("uncached", uncached::<Value>),
];

/// decode(encode(v)) == v in every mode, and encode(decode(encode(v))) == encode(v).
fn check_value_round_trips(v: &Value) -> Result<(), TestCaseError> {
    for (mode, encode) in MODES {
        let text = encode(v)?;
        prop_assert_eq!(&encode(v)?, &text, "{} encoding is not deterministic", mode);
        let back: Value = read(&text)?;
        prop_assert_eq!(
            &back,
            v,
            "{} round trip changed the value; wire: {}",
            mode,
            text
        );
        let again = encode(&back)?;
        prop_assert_eq!(
            &again,
            &text,
            "{} re-encoding the decoded value gave other bytes",
            mode
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Value strategies: the library's generator (`transit_format::proptest`, drawn
// from `transit_format::generate`), and scalars of one kind taken from it for the
// typed tests.

/// Values of one kind at the top level (depth 0: scalars, links, empty
/// collections).
fn scalar(kind: Kind) -> BoxedStrategy<Value> {
    value_with(
        generate::Options::new()
            .max_depth(0)
            .kinds(Kinds::none().with(kind)),
    )
}

fn integer() -> impl Strategy<Value = i64> {
    scalar(Kind::Integer).prop_map(|v| v.as_i64().expect("an integer"))
}

fn float() -> impl Strategy<Value = f64> {
    scalar(Kind::Float).prop_map(|v| v.as_f64().expect("a float"))
}

fn string() -> BoxedStrategy<String> {
    scalar(Kind::String)
        .prop_map(|v| v.as_str().expect("a string").to_owned())
        .boxed()
}

/// A keyword's name (the pool of repeated names, namespaced ones, odd ones).
fn name() -> BoxedStrategy<String> {
    scalar(Kind::Keyword)
        .prop_map(|v| v.as_keyword().expect("a keyword").as_str().to_owned())
        .boxed()
}

fn uuid() -> impl Strategy<Value = Uuid> {
    scalar(Kind::Uuid).prop_map(|v| v.as_uuid().expect("a uuid"))
}

/// Instants from 1582-10-15 to 9999, the years of four digits;
/// `far_instants_round_trip` covers the later ones.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    scalar(Kind::Instant).prop_map(|v| v.as_instant().expect("an instant"))
}

/// Every scalar kind, as the top-level value.
fn stringable() -> BoxedStrategy<Value> {
    value_with(generate::Options::new().max_depth(0))
}

/// 1582-10-15T00:00:00Z and 10000-01-01T00:00:00Z in milliseconds.
///
/// Before 1582-10-15 transit-java's verbose writer spells dates in the Julian
/// calendar and its reader reads them as Gregorian ones, so its own `~t` text does
/// not read back to the instant it wrote (this crate does as transit-java does; the
/// transit-java corpus test checks both halves). Verbose round trips hold from
/// that day on, for every year.
const GREGORIAN: i64 = -12_219_292_800_000;
const YEAR_10000: i64 = 253_402_300_800_000;

/// Instants from year 10000 to the end of chrono's range.
fn far_instant() -> impl Strategy<Value = DateTime<Utc>> {
    let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    prop_oneof![YEAR_10000..=max, select(vec![max, YEAR_10000]),]
        .prop_map(|ms| DateTime::from_timestamp_millis(ms).expect("in chrono's range"))
}

/// Instants before 1582-10-15, to the start of chrono's range.
fn early_instant() -> impl Strategy<Value = DateTime<Utc>> {
    let min = DateTime::<Utc>::MIN_UTC.timestamp_millis();
    prop_oneof![min..GREGORIAN, select(vec![min, GREGORIAN - 1]),]
        .prop_map(|ms| DateTime::from_timestamp_millis(ms).expect("in chrono's range"))
}

// ---------------------------------------------------------------------------
// Properties of `Value`

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn value_round_trips_in_every_mode(v in value()) {
        check_value_round_trips(&v)?;
    }

    #[test]
    fn scalar_round_trips_at_top_level(v in stringable()) {
        // Top-level scalars are quoted; exercise that path on every scalar kind.
        check_value_round_trips(&v)?;
    }

    #[test]
    fn value_round_trips_in_msgpack(v in value()) {
        let bytes = transit_format::to_msgpack_vec(&v)
            .map_err(|e| TestCaseError::fail(format!("msgpack write: {e}")))?;
        let back: Value = transit_format::from_msgpack_slice(&bytes)
            .map_err(|e| TestCaseError::fail(format!("msgpack read {bytes:02x?}: {e}")))?;
        prop_assert_eq!(&back, &v);
        let again = transit_format::to_msgpack_vec(&back)
            .map_err(|e| TestCaseError::fail(format!("msgpack rewrite: {e}")))?;
        prop_assert_eq!(again, bytes, "re-encoding the decoded value gave other bytes");
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Generated webhook events: the Transit body decodes to the same event and
    /// encodes to the same bytes again.
    #[test]
    fn webhook_events_round_trip(event in transit_format::proptest::webhook_event()) {
        use transit_format::webhook::{ContentType, Event};
        let body = event
            .encode(ContentType::TransitJson)
            .map_err(|e| TestCaseError::fail(format!("encode: {e}")))?;
        let back = Event::decode(&body, ContentType::TransitJson.as_str())
            .map_err(|e| TestCaseError::fail(format!("decode: {e}")))?;
        prop_assert_eq!(&back, &event);
        prop_assert_eq!(back.encode(ContentType::TransitJson).ok(), Some(body));
        // Key spellings may collide after camelCase / kebab-case, and plain JSON
        // drops types: the plain body is only read, without an assertion.
        if let Ok(json) = event.encode(ContentType::Json) {
            let _ = Event::decode(&json, ContentType::Json.as_str());
        }
    }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn to_value_and_from_value_are_identities(v in value()) {
        let via_to = transit_format::to_value(&v)
            .map_err(|e| TestCaseError::fail(format!("to_value: {e}")))?;
        prop_assert_eq!(&via_to, &v);
        let via_from: Value = transit_format::from_value(v.clone())
            .map_err(|e| TestCaseError::fail(format!("from_value: {e}")))?;
        prop_assert_eq!(&via_from, &v);
    }

    #[test]
    fn display_prints_edn(v in value()) {
        let text = v.to_string();
        prop_assert!(!text.is_empty());
        // Display is a pure function of the value.
        prop_assert_eq!(&v.clone().to_string(), &text);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Instants after 9999 are valid `Value::Instant`s, and the verbose writer
    /// writes them as transit-java does (`"~t10000-01-01T00:00:00.000Z"`, five
    /// digits and no sign), which its reader reads back.
    #[test]
    fn far_instants_round_trip(t in far_instant()) {
        check_value_round_trips(&Value::from(vec![Value::Instant(t)]))?;
    }

    /// Before 1582-10-15 compact mode (`~m` milliseconds) still round trips
    /// exactly; verbose text there reads back as transit-java's reader reads it.
    #[test]
    fn early_instants_round_trip_compact(t in early_instant()) {
        let v = Value::from(vec![Value::Instant(t)]);
        let text = transit_format::to_string(&v).unwrap();
        let back: Value = read(&text)?;
        prop_assert_eq!(back, v);
        let verbose = transit_format::to_string_verbose(&Value::Instant(t)).unwrap();
        let read_back: Result<Value, _> = read(&verbose);
        // transit-java writes these dates in the Julian calendar with the year of
        // the era, and its reader checks the day by the Gregorian rule applied to
        // the year as written: a Julian leap day in a year that rule does not make
        // leap (`219161-02-29`, from 219,162 BC) is refused, by it and by this
        // crate alike. Every other text reads back.
        let date = verbose.split("~t").nth(1).and_then(|rest| rest.split('T').next()).unwrap_or("");
        let fields: Vec<u64> = date.split('-').filter_map(|f| f.parse().ok()).collect();
        let refused_by_java = match fields[..] {
            [year, 2, 29] => !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)),
            _ => false,
        };
        prop_assert_eq!(read_back.is_ok(), !refused_by_java, "{}", verbose);
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// The one-character tags `#`, `~`, `^` and the backquote cannot use the string
    /// form: `"~#rep"` is a tag marker and `"~~rep"`, `"~^rep"`, ``"~`rep"`` are escaped
    /// data strings. A writer must then refuse the value or use the array form
    /// `["~#~", "rep"]` (which reads back as the same tagged value), not write a
    /// document that reads as something else or not at all.
    #[test]
    fn one_char_tags_that_look_like_escapes_are_not_corrupted(
        tag in select(vec!['#', '~', '^', '`']),
        rep in string(),
        in_array in any::<bool>(),
    ) {
        let tagged = Value::Tagged(Box::new(Tagged::new(tag.to_string(), Value::String(rep.into()))));
        let v = if in_array { Value::from(vec![tagged]) } else { tagged };
        for (mode, encode) in MODES {
            if let Ok(text) = encode(&v) {
                let back: Result<Value, _> = transit_format::from_str(&text);
                prop_assert!(
                    matches!(&back, Ok(b) if *b == v),
                    "{} wrote {} for {:?}, which reads as {:?}",
                    mode, text, v, back
                );
            }
        }
    }
}

/// `n` distinct cacheable keywords (`~:` + at least 4 more characters).
fn distinct_keywords(n: usize, prefix: &str) -> Vec<Value> {
    (0..n)
        .map(|i| Value::keyword(&format!("{prefix}k{i:05}")))
        .collect()
}

proptest! {
    #![proptest_config(config(8))]

    /// More than 1936 distinct cacheable strings: the cache rolls over.
    #[test]
    fn cache_rolls_over(
        n in prop_oneof![
            select(vec![1935usize, 1936, 1937, 3872, 3873]),
            1930usize..1945,
            1990usize..2600,
        ],
        prefix in prop_oneof![Just(String::new()), "[a-z]{1,3}/"],
        extra in value(),
        at in any::<prop::sample::Index>(),
    ) {
        let keywords = distinct_keywords(n, &prefix);

        // The vector_193x_keywords_repeated_twice exemplars: up to 1936 entries the
        // second pass is all codes; after a reset it is all full strings.
        let twice = Value::Array(keywords.iter().chain(keywords.iter()).cloned().collect());
        let text = compact(&twice)?;
        let wire: Vec<serde_json::Value> = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("not JSON: {e}")))?;
        let second: Vec<&str> = wire[n..].iter().map(|s| s.as_str().unwrap_or("")).collect();
        if n <= CACHE_SIZE {
            prop_assert!(second.iter().all(|s| s.starts_with('^') && s.len() <= 3));
        } else {
            prop_assert_eq!(&text, &uncached(&twice)?);
        }
        check_value_round_trips(&twice)?;

        // The map_193x_nested exemplars, with symbols, an arbitrary value and more
        // repeats mixed in.
        let map: Map = keywords
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), Value::Integer(i as i64)))
            .collect();
        let mut items = vec![
            Value::Map(map.clone()),
            Value::Map(map),
            Value::Array(keywords.iter().rev().cloned().collect()),
        ];
        items.insert(at.index(items.len() + 1), extra);
        let symbols = (0..n / 4).map(|i| Value::symbol(&format!("{prefix}s{i:04}")));
        items.extend(symbols.clone().chain(symbols));
        check_value_round_trips(&Value::Array(items.into()))?;
    }
}

// ---------------------------------------------------------------------------
// Derived serde types

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
#[serde(rename_all = "kebab-case")]
struct Inner {
    short_name: String,
    value: i64,
    flags: Vec<bool>,
}

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
struct Marker;

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
struct Meters(i64);

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
#[serde(rename_all = "kebab-case")]
enum Shape {
    Empty,
    Named(String),
    Point(i64, i64, Option<String>),
    Rect {
        width: u32,
        height_px: u64,
        label: Option<String>,
        inner: Inner,
    },
    Wrapped(Inner),
}

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
#[serde(rename_all = "kebab-case")]
struct Everything {
    tiny_signed: i8,
    short_signed: i16,
    int_signed: i32,
    long_signed: i64,
    huge_signed: i128,
    tiny_unsigned: u8,
    short_unsigned: u16,
    int_unsigned: u32,
    long_unsigned: u64,
    huge_unsigned: u128,
    ratio: f64,
    single: f32,
    flag: bool,
    title: String,
    letter: char,
    maybe_note: Option<String>,
    maybe_count: Option<i64>,
    words: Vec<String>,
    scores: HashMap<String, i32>,
    by_id: BTreeMap<i64, String>,
    // Composite keys: written as a cmap.
    by_path: BTreeMap<Vec<i16>, String>,
    by_kind: BTreeMap<Keyword, i64>,
    inner: Inner,
    children: Vec<Inner>,
    kind: Keyword,
    tags: Set<String>,
    ids: Set<i64>,
    items: List<i32>,
    #[serde(with = "transit_format::with::uuid")]
    id: Uuid,
    #[serde(with = "transit_format::with::uuid::option")]
    parent_id: Option<Uuid>,
    #[serde(with = "transit_format::with::instant")]
    created_at: DateTime<Utc>,
    #[serde(with = "transit_format::with::instant::option")]
    deleted_at: Option<DateTime<Utc>>,
    payload: Vec<u8>,
    pair: (i32, String),
    nothing: (),
    marker: Marker,
    distance: Meters,
    shape: Shape,
    shapes: Vec<Shape>,
}

fn typed_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => string(),
        1 => name(),
    ]
}

prop_compose! {
    fn inner()(
        short_name in typed_string(),
        value in integer(),
        flags in vec(any::<bool>(), 0..4),
    ) -> Inner {
        Inner { short_name, value, flags }
    }
}

fn shape() -> BoxedStrategy<Shape> {
    prop_oneof![
        Just(Shape::Empty),
        typed_string().prop_map(Shape::Named),
        (integer(), integer(), proptest::option::of(typed_string()))
            .prop_map(|(x, y, label)| Shape::Point(x, y, label)),
        (
            any::<u32>(),
            any::<u64>(),
            proptest::option::of(typed_string()),
            inner()
        )
            .prop_map(|(width, height_px, label, inner)| Shape::Rect {
                width,
                height_px,
                label,
                inner,
            }),
        inner().prop_map(Shape::Wrapped),
    ]
    .boxed()
}

/// Any f64 but NaN (derived `PartialEq` has NaN unequal to itself; the bits of the
/// floats are compared separately).
fn typed_float() -> impl Strategy<Value = f64> {
    float().prop_filter("not NaN", |f| !f.is_nan())
}

fn typed_instant() -> impl Strategy<Value = DateTime<Utc>> {
    instant()
}

prop_compose! {
    fn numbers()(
        tiny_signed in any::<i8>(),
        short_signed in any::<i16>(),
        int_signed in any::<i32>(),
        long_signed in integer(),
        huge_signed in prop_oneof![
            any::<i128>(),
            integer().prop_map(i128::from),
            Just(i128::MIN),
            Just(i128::MAX),
        ],
        tiny_unsigned in any::<u8>(),
        short_unsigned in any::<u16>(),
        int_unsigned in any::<u32>(),
        long_unsigned in prop_oneof![
            any::<u64>(),
            (i64::MAX as u64)..=u64::MAX,
            0u64..=(MAX53 as u64 + 2),
        ],
        huge_unsigned in prop_oneof![any::<u128>(), Just(u128::MAX), (0u128..1000)],
        ratio in typed_float(),
        single in any::<f32>().prop_filter("not NaN", |f| !f.is_nan()),
    ) -> (i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, f64, f32) {
        (tiny_signed, short_signed, int_signed, long_signed, huge_signed, tiny_unsigned,
         short_unsigned, int_unsigned, long_unsigned, huge_unsigned, ratio, single)
    }
}

type TextFields = (
    bool,
    String,
    char,
    Option<String>,
    Option<i64>,
    Vec<String>,
    HashMap<String, i32>,
    BTreeMap<i64, String>,
    BTreeMap<Vec<i16>, String>,
    BTreeMap<Keyword, i64>,
);

prop_compose! {
    fn text_fields()(
        flag in any::<bool>(),
        title in typed_string(),
        letter in any::<char>(),
        maybe_note in proptest::option::of(typed_string()),
        maybe_count in proptest::option::of(integer()),
        words in vec(typed_string(), 0..5),
        scores in proptest::collection::hash_map(typed_string(), any::<i32>(), 0..5),
        by_id in proptest::collection::btree_map(integer(), typed_string(), 0..5),
        by_path in proptest::collection::btree_map(vec(any::<i16>(), 0..3), typed_string(), 0..4),
        by_kind in proptest::collection::btree_map(name().prop_map(Keyword::from), integer(), 0..4),
    ) -> TextFields {
        (flag, title, letter, maybe_note, maybe_count, words, scores, by_id, by_path, by_kind)
    }
}

prop_compose! {
    fn everything()(
        // Boxed: unboxed, the value tree is ~50 KB and overflows a test thread's
        // stack in debug builds.
        n in numbers().boxed(),
        t in text_fields().boxed(),
        inner in inner().boxed(),
        children in vec(inner(), 0..4).boxed(),
        kind in name().prop_map(Keyword::from),
        tags in vec(typed_string(), 0..5),
        ids in vec(integer(), 0..5),
        items in vec(any::<i32>(), 0..5),
        id in uuid(),
        parent_id in proptest::option::of(uuid()),
        created_at in typed_instant(),
        deleted_at in proptest::option::of(typed_instant()),
        payload in vec(any::<u8>(), 0..16),
        pair in (any::<i32>(), typed_string()).boxed(),
        distance in integer(),
        shape in shape(),
        shapes in vec(shape(), 0..4),
    ) -> Everything {
        Everything {
            tiny_signed: n.0,
            short_signed: n.1,
            int_signed: n.2,
            long_signed: n.3,
            huge_signed: n.4,
            tiny_unsigned: n.5,
            short_unsigned: n.6,
            int_unsigned: n.7,
            long_unsigned: n.8,
            huge_unsigned: n.9,
            ratio: n.10,
            single: n.11,
            flag: t.0,
            title: t.1,
            letter: t.2,
            maybe_note: t.3,
            maybe_count: t.4,
            words: t.5,
            scores: t.6,
            by_id: t.7,
            by_path: t.8,
            by_kind: t.9,
            inner,
            children,
            kind,
            tags: tags.into_iter().collect(),
            ids: ids.into_iter().collect(),
            items: List(items),
            id,
            parent_id,
            created_at,
            deleted_at,
            payload,
            pair,
            nothing: (),
            marker: Marker,
            distance: Meters(distance),
            shape,
            shapes,
        }
    }
}

/// decode::<T>(encode(x)) == x in every mode.
fn check_typed_round_trips<T>(x: &T) -> Result<Vec<T>, TestCaseError>
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let mut decoded = Vec::new();
    for (mode, text) in [
        ("compact", compact(x)?),
        ("verbose", verbose(x)?),
        ("uncached", uncached(x)?),
    ] {
        let back: T = read(&text)?;
        prop_assert_eq!(
            &back,
            x,
            "{} round trip changed the value; wire: {}",
            mode,
            text
        );
        decoded.push(back);
    }
    Ok(decoded)
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn derived_struct_round_trips(x in everything()) {
        for back in check_typed_round_trips(&x)? {
            // `==` on floats ignores the sign of zero: compare the bits too.
            prop_assert_eq!(back.ratio.to_bits(), x.ratio.to_bits());
            prop_assert_eq!(back.single.to_bits(), x.single.to_bits());
        }
        // Through a `Value` and back.
        let v = transit_format::to_value(&x)
            .map_err(|e| TestCaseError::fail(format!("to_value: {e}")))?;
        let back: Everything = transit_format::from_value(v)
            .map_err(|e| TestCaseError::fail(format!("from_value: {e}")))?;
        prop_assert_eq!(&back, &x);
    }

    #[test]
    fn derived_enum_round_trips(s in shape(), shapes in vec(shape(), 0..6)) {
        // A lone enum value (unit variants are top-level scalars, quoted) and a vector.
        check_typed_round_trips(&s)?;
        check_typed_round_trips(&shapes)?;
        let v = transit_format::to_value(&shapes)
            .map_err(|e| TestCaseError::fail(format!("to_value: {e}")))?;
        let back: Vec<Shape> = transit_format::from_value(v)
            .map_err(|e| TestCaseError::fail(format!("from_value: {e}")))?;
        prop_assert_eq!(&back, &shapes);
    }
}

// ---------------------------------------------------------------------------
// Map and Set against a model: they switch from comparing to hashing past eight
// (Set) or 32 (Map) members, and rebuild or drop their index on removal.

#[derive(Debug, Clone)]
enum Op {
    Insert(u8),
    Remove(u8),
    Contains(u8),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    // Few distinct members, so that repeats and removals of present ones are common.
    let member = 0u8..48;
    vec(
        prop_oneof![
            3 => member.clone().prop_map(Op::Insert),
            1 => member.clone().prop_map(Op::Remove),
            2 => member.prop_map(Op::Contains),
        ],
        0..160,
    )
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn set_and_map_behave_like_ordered_vectors(ops in ops(), start in vec(0u8..48, 0..44)) {
        // The model keeps members in insertion order; `Map` stores a counter per key.
        let mut model: Vec<u8> = Vec::new();
        for m in &start {
            if !model.contains(m) {
                model.push(*m);
            }
        }
        let mut set: Set<u8> = start.iter().copied().collect();
        let mut map: Map = start.iter().map(|&m| (Value::Integer(m.into()), Value::Null)).collect();
        for op in ops {
            match op {
                Op::Insert(m) => {
                    let fresh = !model.contains(&m);
                    if fresh {
                        model.push(m);
                    }
                    prop_assert_eq!(set.insert(m), fresh);
                    prop_assert_eq!(map.insert(Value::Integer(m.into()), Value::Null).is_none(), fresh);
                }
                Op::Remove(m) => {
                    let present = model.contains(&m);
                    model.retain(|x| *x != m);
                    prop_assert_eq!(set.remove(&m), present);
                    prop_assert_eq!(map.remove(&Value::Integer(m.into())).is_some(), present);
                }
                Op::Contains(m) => {
                    prop_assert_eq!(set.contains(&m), model.contains(&m));
                    prop_assert_eq!(map.contains_key(&Value::Integer(m.into())), model.contains(&m));
                }
            }
            prop_assert_eq!(set.iter().copied().collect::<Vec<_>>(), model.clone());
            prop_assert_eq!(map.len(), model.len());
        }
        // Equality ignores order; a clone is equal and independent of the index.
        let reversed: Set<u8> = model.iter().rev().copied().collect();
        prop_assert_eq!(&reversed, &set);
        prop_assert_eq!(&set.clone(), &set);
        let keys: Vec<Value> = map.keys().cloned().collect();
        let expected: Vec<Value> = model.iter().map(|&m| Value::Integer(m.into())).collect();
        prop_assert_eq!(keys, expected);
    }
}

/// Found by CI's random cases: transit-java writes this instant's verbose text as the
/// Julian leap day `219161-02-29` (year of the era, no sign), which its own reader
/// refuses, since it checks the day against the written year by the Gregorian rule.
/// This crate refuses it too, and the compact form round trips.
#[test]
fn a_julian_leap_day_that_transit_java_cannot_read_back_is_refused() {
    let t: DateTime<Utc> = "-219165-08-28T23:59:59.999Z".parse().unwrap();
    let verbose = transit_format::to_string_verbose(&Value::Instant(t)).unwrap();
    assert_eq!(verbose, r#"{"~#'":"~t219161-02-29T23:59:59.999Z"}"#);
    assert!(transit_format::from_str::<Value>(&verbose).is_err());
    let v = Value::from(vec![Value::Instant(t)]);
    let compact = transit_format::to_string(&v).unwrap();
    assert_eq!(transit_format::from_str::<Value>(&compact).unwrap(), v);
}
