//! The serde mapping, row by row, in both modes (the table in the crate docs).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use transit_format::{
    ser::Options, BigDecimal, BigInt, Keyword, Link, List, Set, Symbol, Tagged, Uri, Value,
};
use uuid::Uuid;

/// Writes `value` in both modes, checks the exact bytes, and checks that both decode
/// back to an equal value.
#[track_caller]
fn row<T>(value: T, compact: &str, verbose: &str)
where
    T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
{
    assert_eq!(
        transit_format::to_string(&value).unwrap(),
        compact,
        "compact"
    );
    assert_eq!(
        transit_format::to_string_verbose(&value).unwrap(),
        verbose,
        "verbose"
    );
    assert_eq!(
        transit_format::from_str::<T>(compact).unwrap(),
        value,
        "decode compact"
    );
    assert_eq!(
        transit_format::from_str::<T>(verbose).unwrap(),
        value,
        "decode verbose"
    );
    // The dynamic value is the same whichever way it was made.
    let dynamic: Value = transit_format::from_str(compact).unwrap();
    assert_eq!(
        transit_format::to_value(&value).unwrap(),
        dynamic,
        "to_value"
    );
    assert_eq!(
        transit_format::from_value::<T>(dynamic).unwrap(),
        value,
        "from_value"
    );
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
#[serde(rename_all = "kebab-case")]
struct Profile {
    profile_id: i64,
    full_name: String,
}

#[test]
fn structs_are_maps_with_keyword_keys() {
    row(
        Profile {
            profile_id: 7,
            full_name: "Ada".into(),
        },
        r#"["^ ","~:profile-id",7,"~:full-name","Ada"]"#,
        r#"{"~:profile-id":7,"~:full-name":"Ada"}"#,
    );
    // Field names repeat across values: the cache shortens them.
    row(
        vec![
            Profile {
                profile_id: 1,
                full_name: "a".into(),
            },
            Profile {
                profile_id: 2,
                full_name: "b".into(),
            },
        ],
        r#"[["^ ","~:profile-id",1,"~:full-name","a"],["^ ","^0",2,"^1","b"]]"#,
        r#"[{"~:profile-id":1,"~:full-name":"a"},{"~:profile-id":2,"~:full-name":"b"}]"#,
    );
}

#[test]
fn the_string_keys_option_writes_field_names_as_strings() {
    let mut out = Vec::new();
    let mut ser =
        transit_format::Serializer::with_options(&mut out, Options::compact().string_keys(true));
    Profile {
        profile_id: 7,
        full_name: "Ada".into(),
    }
    .serialize(&mut ser)
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text, r#"["^ ","profile-id",7,"full-name","Ada"]"#);
    // Decoding accepts string keys as well as keyword keys.
    assert_eq!(
        transit_format::from_str::<Profile>(&text).unwrap(),
        Profile {
            profile_id: 7,
            full_name: "Ada".into()
        }
    );
}

#[test]
fn unknown_keys_are_ignored_unless_denied() {
    let body = r#"["^ ","~:extra",["~#set",[1]],"~:profile-id",7,"~:full-name","Ada","~:more",{"~#point":[1,2]}]"#;
    assert_eq!(
        transit_format::from_str::<Profile>(body).unwrap(),
        Profile {
            profile_id: 7,
            full_name: "Ada".into()
        }
    );
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    #[allow(dead_code)]
    struct Strict {
        profile_id: i64,
    }
    let err =
        transit_format::from_str::<Strict>(r#"["^ ","~:profile-id",7,"~:other",1]"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown field `other`, expected `profile-id` at line 1 column 32"
    );
}

#[test]
fn maps_by_key_type() {
    row(
        BTreeMap::from([("a".to_owned(), 1), ("bcde".to_owned(), 2)]),
        r#"["^ ","a",1,"bcde",2]"#,
        r#"{"a":1,"bcde":2}"#,
    );
    row(
        BTreeMap::from([(1i64, "one".to_owned())]),
        r#"["^ ","~i1","one"]"#,
        r#"{"~i1":"one"}"#,
    );
    row(
        BTreeMap::from([(true, 1)]),
        r#"["^ ","~?t",1]"#,
        r#"{"~?t":1}"#,
    );
    row(
        BTreeMap::from([('c', 1)]),
        r#"["^ ","~cc",1]"#,
        r#"{"~cc":1}"#,
    );
    row(
        BTreeMap::from([(Keyword::new("id"), 1)]),
        r#"["^ ","~:id",1]"#,
        r#"{"~:id":1}"#,
    );
    // A composite key makes the map a cmap.
    row(
        BTreeMap::from([((1, 2), "a".to_owned()), ((3, 4), "b".to_owned())]),
        r#"["~#cmap",[[1,2],"a",[3,4],"b"]]"#,
        r#"{"~#cmap":[[1,2],"a",[3,4],"b"]}"#,
    );
    row(BTreeMap::<String, i32>::new(), r#"["^ "]"#, "{}");
}

#[test]
fn null_and_unit() {
    row(None::<i32>, r#"["~#'",null]"#, r#"{"~#'":null}"#);
    row(Some(3), r#"["~#'",3]"#, r#"{"~#'":3}"#);
    row((), r#"["~#'",null]"#, r#"{"~#'":null}"#);
    row(vec![None, Some(1)], "[null,1]", "[null,1]");
}

#[test]
fn integers_of_every_width() {
    row(
        vec![i8::MIN as i64, i8::MAX as i64],
        "[-128,127]",
        "[-128,127]",
    );
    row(
        (i8::MIN, i16::MIN, i32::MIN, u8::MAX, u16::MAX, u32::MAX),
        "[-128,-32768,-2147483648,255,65535,4294967295]",
        "[-128,-32768,-2147483648,255,65535,4294967295]",
    );
    row(
        vec![(1i64 << 53) - 1, 1 << 53],
        r#"[9007199254740991,"~i9007199254740992"]"#,
        r#"[9007199254740991,"~i9007199254740992"]"#,
    );
    row(
        vec![i64::MIN, i64::MAX],
        r#"["~i-9223372036854775808","~i9223372036854775807"]"#,
        r#"["~i-9223372036854775808","~i9223372036854775807"]"#,
    );
    row(
        vec![u64::MAX],
        r#"["~n18446744073709551615"]"#,
        r#"["~n18446744073709551615"]"#,
    );
    row(
        vec![i128::MIN, 5],
        r#"["~n-170141183460469231731687303715884105728",5]"#,
        r#"["~n-170141183460469231731687303715884105728",5]"#,
    );
    row(
        vec![u128::MAX],
        r#"["~n340282366920938463463374607431768211455"]"#,
        r#"["~n340282366920938463463374607431768211455"]"#,
    );
}

#[test]
fn floats_and_specials() {
    row(
        vec![2.0, 4.0e11, 6.626e-34, -0.0],
        "[2.0,4.0E11,6.626E-34,-0.0]",
        "[2.0,4.0E11,6.626E-34,-0.0]",
    );
    row(vec![0.1f32, 3.5f32], "[0.1,3.5]", "[0.1,3.5]");
    let specials: Vec<f64> = transit_format::from_str(r#"["~zNaN","~zINF","~z-INF"]"#).unwrap();
    assert!(specials[0].is_nan());
    assert_eq!(&specials[1..], &[f64::INFINITY, f64::NEG_INFINITY]);
    assert_eq!(
        transit_format::to_string(&specials).unwrap(),
        r#"["~zNaN","~zINF","~z-INF"]"#
    );
    assert_eq!(
        transit_format::to_string(&f32::NAN).unwrap(),
        r#"["~#'","~zNaN"]"#
    );
}

#[test]
fn chars_bytes_and_sequences() {
    row('x', r#"["~#'","~cx"]"#, r#"{"~#'":"~cx"}"#);
    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Blob(#[serde(with = "serde_bytes")] Vec<u8>);
    row(
        Blob(b"hello".to_vec()),
        r#"["~#'","~baGVsbG8="]"#,
        r#"{"~#'":"~baGVsbG8="}"#,
    );
    row(
        (1, "a".to_owned(), true),
        r#"[1,"a",true]"#,
        r#"[1,"a",true]"#,
    );
    row(vec![vec![1], vec![]], "[[1],[]]", "[[1],[]]");
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
#[serde(rename_all = "kebab-case")]
enum Shape {
    Empty,
    Circle(f64),
    Line(i32, i32),
    Rect { width: i32, height: i32 },
}

#[test]
fn enums_use_keywords() {
    row(Shape::Empty, r#"["~#'","~:empty"]"#, r#"{"~#'":"~:empty"}"#);
    row(
        Shape::Circle(1.5),
        r#"["^ ","~:circle",1.5]"#,
        r#"{"~:circle":1.5}"#,
    );
    row(
        Shape::Line(1, 2),
        r#"["^ ","~:line",[1,2]]"#,
        r#"{"~:line":[1,2]}"#,
    );
    row(
        Shape::Rect {
            width: 1,
            height: 2,
        },
        r#"["^ ","~:rect",["^ ","~:width",1,"~:height",2]]"#,
        r#"{"~:rect":{"~:width":1,"~:height":2}}"#,
    );
    row(
        vec![Shape::Empty, Shape::Empty],
        r#"["~:empty","^0"]"#,
        r#"["~:empty","~:empty"]"#,
    );
    // A plain string names a variant too.
    assert_eq!(
        transit_format::from_str::<Vec<Shape>>(r#"["empty"]"#).unwrap(),
        vec![Shape::Empty]
    );
}

#[test]
fn transit_types() {
    row(
        Keyword::new("ns/name"),
        r#"["~#'","~:ns/name"]"#,
        r#"{"~#'":"~:ns/name"}"#,
    );
    row(
        Symbol::new("inc"),
        r#"["~#'","~$inc"]"#,
        r#"{"~#'":"~$inc"}"#,
    );
    row(
        Uri::new("http://example.com/"),
        r#"["~#'","~rhttp://example.com/"]"#,
        r#"{"~#'":"~rhttp://example.com/"}"#,
    );
    row(
        BigInt::parse("123456789012345678901234567890").unwrap(),
        r#"["~#'","~n123456789012345678901234567890"]"#,
        r#"{"~#'":"~n123456789012345678901234567890"}"#,
    );
    row(
        BigDecimal::parse("1.50").unwrap(),
        r#"["~#'","~f1.50"]"#,
        r#"{"~#'":"~f1.50"}"#,
    );
    row(
        [3, 1, 2].into_iter().collect::<Set<i32>>(),
        r#"["~#set",[3,1,2]]"#,
        r#"{"~#set":[3,1,2]}"#,
    );
    row(
        List(vec![1, 2]),
        r#"["~#list",[1,2]]"#,
        r#"{"~#list":[1,2]}"#,
    );
    row(
        Tagged::new("point", vec![1, 2]),
        r#"["~#point",[1,2]]"#,
        r#"{"~#point":[1,2]}"#,
    );
    row(
        Tagged::new("j", "foo".to_owned()),
        r#"["~#'","~jfoo"]"#,
        r#"{"~#'":"~jfoo"}"#,
    );
    let mut link = Link::new(Uri::new("http://a.b/"), "self");
    link.prompt = Some("go".into());
    row(
        link,
        r#"["~#link",["^ ","rel","self","href","~rhttp://a.b/","prompt","go"]]"#,
        r#"{"~#link":{"rel":"self","href":"~rhttp://a.b/","prompt":"go"}}"#,
    );
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Foreign {
    #[serde(with = "transit_format::with::uuid")]
    id: Uuid,
    #[serde(with = "transit_format::with::instant")]
    at: DateTime<Utc>,
    #[serde(with = "transit_format::with::set")]
    tags: BTreeSet<String>,
    #[serde(with = "transit_format::with::set")]
    ids: HashSet<i32>,
    #[serde(with = "transit_format::with::uuid::option")]
    parent: Option<Uuid>,
}

#[test]
fn with_modules_for_foreign_types() {
    row(
        Foreign {
            id: Uuid::from_u128(0x5a2cbea3_e8c6_428b_b525_21239370dd55),
            at: DateTime::from_timestamp_millis(-6106017600000).unwrap(),
            tags: BTreeSet::from(["b".into(), "a".into()]),
            ids: HashSet::from([4]),
            parent: None,
        },
        r#"["^ ","~:id","~u5a2cbea3-e8c6-428b-b525-21239370dd55","~:at","~m-6106017600000","~:tags",["~#set",["a","b"]],"~:ids",["^3",[4]],"~:parent",null]"#,
        r#"{"~:id":"~u5a2cbea3-e8c6-428b-b525-21239370dd55","~:at":"~t1776-07-04T12:00:00.000Z","~:tags":{"~#set":["a","b"]},"~:ids":{"~#set":[4]},"~:parent":null}"#,
    );
}

#[test]
fn verbose_instants_read_directly_as_through_a_value() {
    // A `with::instant` field nested in a map reads `~t` text straight into the
    // visitor; a top-level one goes through a `Value`. Both must agree, including
    // digits finer than a millisecond, dates before 1970, and malformed text.
    #[derive(Deserialize, PartialEq, Debug)]
    struct At {
        #[serde(with = "transit_format::with::instant")]
        at: DateTime<Utc>,
    }
    for text in [
        "2025-07-24T12:28:41.374Z",
        "2025-07-24T12:28:41Z",
        "2025-07-24T12:28:41.374999Z",
        "1776-07-04T12:00:00.000Z",
        "2025-07-24T14:28:41.374+02:00",
        "2025-13-24T12:28:41.374Z",
    ] {
        let body = format!(r#"{{"~:at":"~t{text}"}}"#);
        let direct = transit_format::from_str::<At>(&body).map_err(|e| e.to_string());
        let through_value = transit_format::from_str::<Value>(&body)
            .map_err(|e| e.to_string())
            .and_then(|v| transit_format::from_value::<At>(v).map_err(|e| e.to_string()));
        assert_eq!(
            direct.is_ok(),
            through_value.is_ok(),
            "{text}: {direct:?} {through_value:?}"
        );
        if let (Ok(direct), Ok(through_value)) = (direct, through_value) {
            assert_eq!(direct, through_value, "{text}");
        }
    }
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename_all = "kebab-case")]
struct Plain {
    id: Uuid,
    at: DateTime<Utc>,
    kind: String,
    shape: Shape,
    ids: Vec<u8>,
    more: HashSet<u8>,
}

fn expected_plain() -> Plain {
    Plain {
        id: Uuid::from_u128(0x5a2cbea3_e8c6_428b_b525_21239370dd55),
        at: DateTime::from_timestamp_millis(946728000000).unwrap(),
        kind: "rect".into(),
        shape: Shape::Empty,
        ids: vec![3, 1],
        more: HashSet::from([2]),
    }
}

const PLAIN_COMPACT: &str = r#"["^ ","~:id","~u5a2cbea3-e8c6-428b-b525-21239370dd55","~:at","~m946728000000","~:kind","~:rect","~:shape","~:empty","~:ids",["~#set",[3,1]],"~:more",["^7",[2]]]"#;
const PLAIN_VERBOSE: &str = r#"{"~:id":"~u5a2cbea3-e8c6-428b-b525-21239370dd55","~:at":"~t2000-01-01T12:00:00Z","~:kind":"~:rect","~:shape":"~:empty","~:ids":{"~#set":[3,1]},"~:more":{"~#set":[2]}}"#;

#[test]
fn plain_fields_read_transit_types_without_attributes() {
    // Uuid and DateTime from `~u` / `~m` / `~t`, a keyword into a String (its name)
    // and into an enum (the variant), sets into Vec and HashSet.
    assert_eq!(
        transit_format::from_str::<Plain>(PLAIN_COMPACT).unwrap(),
        expected_plain()
    );
    assert_eq!(
        transit_format::from_str::<Plain>(PLAIN_VERBOSE).unwrap(),
        expected_plain()
    );
    let value: Value = transit_format::from_str(PLAIN_COMPACT).unwrap();
    assert_eq!(
        transit_format::from_value::<Plain>(value).unwrap(),
        expected_plain()
    );
}

#[test]
fn plain_uuid_and_instant_fields_work_inside_flatten_and_untagged() {
    #[derive(Deserialize, PartialEq, Debug)]
    struct Outer {
        #[serde(flatten)]
        inner: Inner,
        #[serde(flatten)]
        rest: BTreeMap<String, Value>,
    }
    #[derive(Deserialize, PartialEq, Debug)]
    struct Inner {
        id: Uuid,
        at: DateTime<Utc>,
    }
    #[derive(Deserialize, PartialEq, Debug)]
    #[serde(untagged)]
    enum Either {
        Num(i64),
        Inner(Inner),
    }
    let body = r#"["^ ","~:id","~u5a2cbea3-e8c6-428b-b525-21239370dd55","~:at","~t2000-01-01T12:00:00.000Z","~:other",["~#set",["~:k"]]]"#;
    let inner = Inner {
        id: Uuid::from_u128(0x5a2cbea3_e8c6_428b_b525_21239370dd55),
        at: DateTime::from_timestamp_millis(946728000000).unwrap(),
    };
    let outer: Outer = transit_format::from_str(body).unwrap();
    assert_eq!(outer.inner, inner);
    let other: Set = [Value::keyword("k")].into_iter().collect();
    assert_eq!(
        outer.rest,
        BTreeMap::from([("other".to_owned(), Value::Set(other))])
    );
    assert_eq!(
        transit_format::from_str::<Either>(body).unwrap(),
        Either::Inner(inner)
    );
    assert_eq!(
        transit_format::from_str::<Either>(r#"["~#'",5]"#).unwrap(),
        Either::Num(5)
    );
}

#[test]
fn transit_types_survive_untagged_and_flatten() {
    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    #[serde(untagged)]
    enum Any {
        Keyword(Keyword),
        Symbol(Symbol),
        Big(BigInt),
        Dec(BigDecimal),
        Uri(Uri),
        Set(Set<i32>),
        List(List<String>),
        Tagged(Tagged<Vec<i32>>),
    }
    for (text, expected) in [
        (r#"["~#'","~:k"]"#, Any::Keyword(Keyword::new("k"))),
        (r#"["~#'","~$s"]"#, Any::Symbol(Symbol::new("s"))),
        (
            r#"["~#'","~n99999999999999999999"]"#,
            Any::Big(BigInt::parse("99999999999999999999").unwrap()),
        ),
        (
            r#"["~#'","~f1.5"]"#,
            Any::Dec(BigDecimal::parse("1.5").unwrap()),
        ),
        (r#"["~#'","~rhttp://x/"]"#, Any::Uri(Uri::new("http://x/"))),
        (r#"["~#set",[1]]"#, Any::Set([1].into_iter().collect())),
        (r#"["~#list",["a"]]"#, Any::List(List(vec!["a".into()]))),
        (
            r#"["~#point",[1,2]]"#,
            Any::Tagged(Tagged::new("point", vec![1, 2])),
        ),
    ] {
        assert_eq!(
            transit_format::from_str::<Any>(text).unwrap(),
            expected,
            "{text}"
        );
        assert_eq!(transit_format::to_string(&expected).unwrap(), text);
    }

    #[derive(Deserialize, PartialEq, Debug)]
    struct Props {
        name: String,
        #[serde(flatten)]
        rest: BTreeMap<Keyword, Value>,
    }
    #[derive(Deserialize, PartialEq, Debug)]
    struct Typed {
        #[serde(flatten)]
        inner: Flattened,
    }
    #[derive(Deserialize, PartialEq, Debug)]
    struct Flattened {
        kw: Keyword,
        set: Set<Keyword>,
        tagged: Tagged<Value>,
    }
    let body = r#"["^ ","~:name","x","~:kw","~:k","~:set",["~#set",["~:a"]],"~:tagged",["~#point",[1]],"~:list",["~#list",[1]]]"#;
    let props: Props = transit_format::from_str(body).unwrap();
    assert_eq!(props.name, "x");
    assert_eq!(
        props.rest.get(&Keyword::new("kw")),
        Some(&Value::keyword("k"))
    );
    assert_eq!(
        props.rest.get(&Keyword::new("list")),
        Some(&Value::List(vec![Value::Integer(1)].into()))
    );
    assert_eq!(
        props.rest.get(&Keyword::new("tagged")),
        Some(&Value::tagged(
            "point",
            Value::from(vec![Value::Integer(1)])
        ))
    );
    let typed: Typed = transit_format::from_str(body).unwrap();
    assert_eq!(typed.inner.kw, Keyword::new("k"));
    assert_eq!(typed.inner.set, [Keyword::new("a")].into_iter().collect());
    assert_eq!(typed.inner.tagged.tag(), "point");
}

#[test]
fn strings_borrow_from_the_input_when_they_can() {
    #[derive(Deserialize)]
    struct Borrowed<'a> {
        name: &'a str,
        #[serde(borrow)]
        note: Cow<'a, str>,
        #[serde(borrow)]
        escaped: Cow<'a, str>,
    }
    let body = r#"["^ ","~:name","plain","~:note","also plain","~:escaped","~~tilde"]"#;
    let b: Borrowed = transit_format::from_str(body).unwrap();
    assert_eq!(b.name, "plain");
    assert!(matches!(b.note, Cow::Borrowed("also plain")));
    // `~~tilde` is the data `~tilde`: a slice of the input, still borrowed.
    assert!(matches!(b.escaped, Cow::Borrowed("~tilde")));
    // A JSON escape needs unescaping: `&str` cannot hold it, `Cow` owns it.
    let err = transit_format::from_str::<Borrowed>(
        r#"["^ ","~:name","a\nb","~:note","","~:escaped",""]"#,
    )
    .err()
    .expect("an escaped string cannot be borrowed");
    assert!(
        err.to_string()
            .starts_with("invalid type: string \"a\\nb\", expected a borrowed string at name"),
        "{err}"
    );
    // From a reader nothing can borrow, and owned fields still work.
    let owned: Vec<BTreeMap<String, String>> =
        transit_format::from_reader(&br#"[["^ ","aaaa","x"],["^ ","^0","y"]]"#[..]).unwrap();
    assert_eq!(owned[1].get("aaaa").map(String::as_str), Some("y"));
}

#[test]
fn cache_hits_of_keys_and_keywords_borrow_too() {
    // Typed decoding keeps where cached keys and keywords are in the input, so a
    // later `^n` borrows the same text again.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Pair<'a> {
        alpha: &'a str,
        gamma: &'a str,
        #[serde(borrow)]
        names: BTreeMap<&'a str, &'a str>,
    }
    let body =
        r#"["^ ","~:alpha","~:beta","~:gamma","^1","~:names",["^ ","^0","plain-text","^2","^1"]]"#;
    let pair: Pair = transit_format::from_str(body).unwrap();
    assert_eq!(pair.alpha, "beta");
    assert_eq!(pair.gamma, "beta");
    let names: BTreeMap<&str, &str> = [("alpha", "plain-text"), ("gamma", "beta")].into();
    assert_eq!(pair.names, names);
    // From a reader the same hits are decoded copies.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Owned {
        alpha: String,
        gamma: String,
        names: BTreeMap<String, String>,
    }
    let owned: Owned = transit_format::from_reader(body.as_bytes()).unwrap();
    assert_eq!(
        (owned.alpha.as_str(), owned.gamma.as_str()),
        ("beta", "beta")
    );
    assert_eq!(owned.names.get("gamma").map(String::as_str), Some("beta"));
}

#[test]
fn a_value_field_sees_cache_entries_that_typed_fields_recorded() {
    // Typed fields record keys, plain map keys and keywords as places in the input;
    // a `Value` field hitting them must still get a keyword, a string, a shared
    // keyword on the second hit, and later typed fields must still read them.
    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "kebab-case")]
    struct Mixed {
        shape_kind: String,
        labels: BTreeMap<String, i64>,
        rest: Value,
        again: Vec<String>,
    }
    let mut rest = transit_format::Map::new();
    rest.insert(Value::keyword("shape-kind"), Value::keyword("rectangle"));
    rest.insert(
        Value::String("long-label".into()),
        Value::keyword("rectangle"),
    );
    rest.insert(Value::keyword("labels"), Value::keyword("rectangle"));
    let mut labels = transit_format::Map::new();
    labels.insert(Value::String("long-label".into()), Value::Integer(7));
    let mut whole = transit_format::Map::new();
    whole.insert(Value::keyword("shape-kind"), Value::keyword("rectangle"));
    whole.insert(Value::keyword("labels"), Value::Map(labels));
    whole.insert(Value::keyword("rest"), Value::Map(rest.clone()));
    whole.insert(
        Value::keyword("again"),
        Value::from(vec![
            Value::keyword("rectangle"),
            Value::String("long-label".into()),
            Value::keyword("shape-kind"),
        ]),
    );
    let whole = Value::Map(whole);
    let body = transit_format::to_string(&whole).unwrap();
    // The writer's codes are what this test is about.
    assert_eq!(
        body,
        r#"["^ ","~:shape-kind","~:rectangle","~:labels",["^ ","long-label",7],"~:rest",["^ ","^0","^1","^3","^1","^2","^1"],"~:again",["^1","long-label","^0"]]"#
    );
    let mixed: Mixed = transit_format::from_str(&body).unwrap();
    assert_eq!(mixed.shape_kind, "rectangle");
    assert_eq!(mixed.labels.get("long-label"), Some(&7));
    assert_eq!(mixed.rest, Value::Map(rest));
    assert_eq!(mixed.again, ["rectangle", "long-label", "shape-kind"]);
    // The same bytes as a `Value` read the same.
    assert_eq!(transit_format::from_str::<Value>(&body).unwrap(), whole);
}

#[test]
fn typed_errors_name_the_field_path_and_position() {
    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "kebab-case")]
    #[allow(dead_code)]
    struct Props {
        #[serde(with = "transit_format::with::uuid")]
        team_id: Uuid,
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Event {
        props: Props,
    }
    let body = r#"["^ ","~:props",["^ ","~:team-id","~:not-a-uuid"]]"#;
    let err = transit_format::from_str::<Event>(body).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: keyword, expected a uuid at props.team-id, line 1 column 48"
    );
    assert_eq!(err.path(), "props.team-id");
    assert_eq!((err.line(), err.column()), (1, 48));

    let err = transit_format::from_str::<Vec<Profile>>(
        r#"[["^ ","~:profile-id",1,"~:full-name","a"],["^ ","^0","x","^1","b"]]"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: string \"x\", expected i64 at [1].profile-id, line 1 column 57"
    );
}

#[test]
fn typed_values_stream() {
    let stream = "[\"^ \",\"~:profile-id\",1,\"~:full-name\",\"a\"]\n[\"^ \",\"~:profile-id\",2,\"~:full-name\",\"b\"]\n";
    let profiles: Vec<Profile> = transit_format::Deserializer::from_str(stream)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(profiles.len(), 2);
    assert_eq!(profiles[1].full_name, "b");
    let from_reader: Vec<Profile> = transit_format::Deserializer::from_reader(stream.as_bytes())
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(from_reader, profiles);
}

/// A Penpot webhook event: every key optional, unknown ones kept in
/// `rest`, older releases' `id` accepted.
#[derive(Serialize, Deserialize, PartialEq, Debug)]
#[serde(rename_all = "kebab-case")]
struct WebhookEvent {
    name: String,
    #[serde(default, with = "transit_format::with::uuid::option")]
    profile_id: Option<Uuid>,
    #[serde(default)]
    props: BTreeMap<Keyword, Value>,
    #[serde(default, with = "transit_format::with::instant::option")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, with = "transit_format::with::instant::option")]
    tracked_at: Option<DateTime<Utc>>,
    #[serde(default, with = "transit_format::with::uuid::option")]
    id: Option<Uuid>,
    #[serde(flatten)]
    rest: BTreeMap<Keyword, Value>,
}

#[test]
fn a_penpot_webhook_event_decodes_from_both_content_types_of_transit() {
    let compact = r#"["^ ","~:name","create-file","~:props",["^ ","^0","Landing page","~:team-id","~uc7ce0794-0992-8105-8004-38e630f40f6d","~:features",["~#set",["fdata/path-data","variants/v1"]],"~:project-id","~uc7ce0794-0992-8105-8004-38e630f7920b"],"~:created-at","~m1753360121374","~:profile-id","~uc7ce0794-0992-8105-8004-38e630f29a9b","~:tracked-at","~m1753360121342","~:source","api"]"#;
    let event: WebhookEvent = transit_format::from_str(compact).unwrap();
    assert_eq!(event.name, "create-file");
    assert_eq!(
        event.profile_id,
        Some(Uuid::from_u128(0xc7ce0794_0992_8105_8004_38e630f29a9b))
    );
    assert_eq!(event.created_at.unwrap().timestamp_millis(), 1753360121374);
    assert_eq!(event.tracked_at.unwrap().timestamp_millis(), 1753360121342);
    assert_eq!(event.id, None);
    assert_eq!(
        event.props.get(&Keyword::new("name")),
        Some(&Value::from("Landing page"))
    );
    assert!(
        matches!(event.props.get(&Keyword::new("features")), Some(Value::Set(s)) if s.len() == 2)
    );
    assert_eq!(
        event.rest.get(&Keyword::new("source")),
        Some(&Value::from("api"))
    );

    // The same body in JSON-Verbose decodes to the same event.
    let dynamic: Value = transit_format::from_str(compact).unwrap();
    let verbose = transit_format::to_string_verbose(&dynamic).unwrap();
    assert!(
        verbose.contains(r#""~:created-at":"~t2025-07-24T12:28:41.374Z""#),
        "{verbose}"
    );
    let again: WebhookEvent = transit_format::from_str(&verbose).unwrap();
    assert_eq!(again, event);

    // An event from releases up to 2.14: `id`, no instants.
    let old = r#"{"~:id":"~u00000000-0000-0000-0000-000000000001","~:name":"rename-file","~:props":{"~:id":"~u00000000-0000-0000-0000-000000000002"},"~:profile-id":"~u00000000-0000-0000-0000-000000000000"}"#;
    let event: WebhookEvent = transit_format::from_str(old).unwrap();
    assert_eq!(event.id, Some(Uuid::from_u128(1)));
    assert_eq!(event.created_at, None);
    assert_eq!(event.profile_id, Some(Uuid::nil()));
}
