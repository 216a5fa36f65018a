//! Transit MessagePack against the exemplar corpus, whose `.mp` files transit-java
//! wrote: each decodes to the same value as its `.json`, and writing that value as
//! MessagePack gives the `.mp` bytes exactly. Then the rules the corpus does not
//! exercise (bytes, floats of single precision, unknown lengths, bin, str8, keys
//! of every kind), each checked against bytes written out by hand from
//! transit-java's MessagePack emitter's rules.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use transit_format::{Deserializer, Keyword, Value};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
#[ignore = "needs ../shared/transit-exemplars or TRANSIT_EXEMPLARS: run with --include-ignored"]
fn every_mp_exemplar_decodes_like_its_json_and_encodes_back_byte_for_byte() {
    let root = common::exemplars_dir();
    let names = common::exemplar_names(&root);
    assert!(
        names.len() >= 67,
        "expected the 67 exemplars, found {}",
        names.len()
    );
    let simple = root.join("0.8/simple");
    let mut stream = Vec::new();
    let mut values = Vec::new();
    for name in &names {
        let json = read(&simple.join(format!("{name}.json")));
        let mp = read(&simple.join(format!("{name}.mp")));
        let from_json: Value = transit_format::from_slice(&json).unwrap();
        let from_mp: Value =
            transit_format::from_msgpack_slice(&mp).unwrap_or_else(|e| panic!("{name}.mp: {e}"));
        assert_eq!(
            from_mp, from_json,
            "{name}: .mp and .json decode differently"
        );
        let written = transit_format::to_msgpack_vec(&from_mp).unwrap();
        assert!(
            written == mp,
            "{name}: MessagePack re-encoding differs\n ours: {written:02x?}\ntheirs: {mp:02x?}"
        );
        // A stream reads the same value.
        let from_reader: Value = transit_format::from_msgpack_reader(&mp[..]).unwrap();
        assert_eq!(from_reader, from_json, "{name}: from_msgpack_reader");
        stream.extend_from_slice(&mp);
        values.push(from_json);
    }
    // The `.mp` files back to back are a stream of values.
    let read_back: Vec<Value> = Deserializer::from_msgpack_slice(&stream)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read_back, values);
    let read_back: Vec<Value> = Deserializer::from_msgpack_reader(&stream[..])
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read_back, values);
}

fn mp(value: &Value) -> Vec<u8> {
    transit_format::to_msgpack_vec(value).unwrap()
}

fn back(bytes: &[u8]) -> Value {
    transit_format::from_msgpack_slice(bytes).unwrap()
}

/// `["~#'", x]`: how a top-level scalar starts.
const QUOTE: &[u8] = b"\x92\xa3~#'";

fn quoted(rest: &[u8]) -> Vec<u8> {
    [QUOTE, rest].concat()
}

#[test]
fn bytes_are_base64_strings_and_bin_reads_as_bytes() {
    let bytes = Value::Bytes(vec![0, 1, 2, 0xff].into());
    // transit-java's emitBinary: `~b` and standard base64, cached as a key.
    assert_eq!(mp(&bytes), quoted(b"\xaa~bAAEC/w=="));
    assert_eq!(back(&mp(&bytes)), bytes);
    // MessagePack's own byte strings (which Transit writers do not use) read as bytes.
    assert_eq!(
        back(b"\x91\xc4\x04\x00\x01\x02\xff"),
        Value::from(vec![bytes.clone()])
    );
    assert_eq!(
        back(b"\x91\xc5\x00\x01\x07"),
        Value::from(vec![Value::Bytes(vec![7].into())])
    );
    // Borrowed by a typed target from a slice.
    #[derive(serde::Deserialize)]
    struct Holder<'a> {
        #[serde(borrow)]
        b: &'a [u8],
    }
    let input = b"\x81\xa3~:b\xc4\x02\x05\x06";
    let holder: Holder = transit_format::from_msgpack_slice(input).unwrap();
    assert_eq!(holder.b, [5, 6]);
}

#[test]
fn instants_and_uuids_are_tagged_numbers_except_as_keys() {
    let instant = back(&quoted(b"\x92\xa3~#m\xcf\x00\x00\x00\xdc\x6d\x62\xda\x00"));
    assert_eq!(
        instant.to_string(),
        "#inst \"2000-01-01T12:00:00.000-00:00\""
    );
    let uuid: Value =
        transit_format::from_str(r#"["~#'","~u5a2cbea3-e8c6-428b-b525-21239370dd55"]"#).unwrap();
    let map = Value::Map(
        [
            (instant.clone(), uuid.clone()),
            (uuid.clone(), instant.clone()),
        ]
        .into_iter()
        .collect(),
    );
    let bytes = mp(&map);
    let mut expected = b"\x82\xae~m946728000000".to_vec();
    expected.extend(
        b"\x92\xa3~#u\x92\xcf\x5a\x2c\xbe\xa3\xe8\xc6\x42\x8b\xd3\xb5\x25\x21\x23\x93\x70\xdd\x55",
    );
    expected.extend(b"\xda\x00\x26~u5a2cbea3-e8c6-428b-b525-21239370dd55");
    expected.extend(b"\x92\xa3~#m\xcf\x00\x00\x00\xdc\x6d\x62\xda\x00");
    assert_eq!(bytes, expected);
    assert_eq!(back(&bytes), map);
}

#[test]
fn scalar_keys_are_native_and_floats_keep_their_width() {
    let map: Value = transit_format::from_str(
        r#"["^ ","~_",1,"~?t",2,"~i-200",3,"~d2.5",4,"~zNaN",5,"~:kw",6]"#,
    )
    .unwrap();
    assert_eq!(
        mp(&map),
        b"\x86\xc0\x01\xc3\x02\xd1\xff\x38\x03\xcb\x40\x04\x00\x00\x00\x00\x00\x00\x04\xa5~zNaN\x05\xa4~:kw\x06"
    );
    assert_eq!(back(&mp(&map)).to_string(), map.to_string());
    // An f32 is written in single precision, as transit-java writes a float.
    assert_eq!(
        transit_format::to_msgpack_vec(&vec![1.5f32]).unwrap(),
        b"\x91\xca\x3f\xc0\x00\x00"
    );
    let back32: Vec<f32> = transit_format::from_msgpack_slice(b"\x91\xca\x3f\xc0\x00\x00").unwrap();
    assert_eq!(back32, [1.5]);
    // Non-finite floats are `~z` strings as in JSON, and a native NaN reads too.
    assert_eq!(
        mp(&Value::from(vec![Value::Float(f64::INFINITY)])),
        b"\x91\xa5~zINF"
    );
    let nan = back(b"\x91\xcb\x7f\xf8\x00\x00\x00\x00\x00\x00");
    assert!(matches!(&nan[0], Value::Float(f) if f.is_nan()));
}

#[test]
fn strings_of_32_bytes_or_more_have_a_16_bit_length_and_str8_reads() {
    let text = "a".repeat(40);
    let bytes = transit_format::to_msgpack_vec(&vec![text.as_str()]).unwrap();
    assert_eq!(&bytes[..4], b"\x91\xda\x00\x28");
    let mut str8 = b"\x91\xd9\x28".to_vec();
    str8.extend(text.as_bytes());
    assert_eq!(back(&str8), Value::from(vec![Value::from(text.as_str())]));
}

#[test]
fn maps_of_unknown_length_get_their_header_at_the_end() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Inner {
        a: i32,
        b: i32,
    }
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Outer {
        x: i32,
        #[serde(flatten)]
        inner: Inner,
    }
    let value = vec![Outer {
        x: 1,
        inner: Inner { a: 2, b: 3 },
    }];
    let bytes = transit_format::to_msgpack_vec(&value).unwrap();
    // serde hands a flattened struct's fields over as string keys.
    assert_eq!(bytes, b"\x91\x83\xa1x\x01\xa1a\x02\xa1b\x03");
    let back: Vec<Outer> = transit_format::from_msgpack_slice(&bytes).unwrap();
    assert_eq!(back, value);
}

#[test]
fn typed_values_round_trip_with_the_cache() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    #[serde(rename_all = "kebab-case")]
    struct Shape {
        shape_id: u64,
        name: String,
        kind: Keyword,
        tags: BTreeMap<String, i64>,
    }
    let shapes: Vec<Shape> = (0..3)
        .map(|i| Shape {
            shape_id: i,
            name: format!("rect {i}"),
            kind: Keyword::new("rect"),
            tags: BTreeMap::from([("long key".to_owned(), -5)]),
        })
        .collect();
    let bytes = transit_format::to_msgpack_vec(&shapes).unwrap();
    // The second shape's keys are cache codes.
    let value = back(&bytes);
    assert_eq!(
        transit_format::to_string(&value).unwrap(),
        r#"[["^ ","~:shape-id",0,"~:name","rect 0","~:kind","~:rect","~:tags",["^ ","long key",-5]],["^ ","^0",1,"^1","rect 1","^2","^3","^4",["^ ","^5",-5]],["^ ","^0",2,"^1","rect 2","^2","^3","^4",["^ ","^5",-5]]]"#
    );
    assert!(bytes.windows(3).any(|w| w == b"\xa2^0"));
    let typed: Vec<Shape> = transit_format::from_msgpack_slice(&bytes).unwrap();
    assert_eq!(typed, shapes);
    let typed: Vec<Shape> = transit_format::from_msgpack_reader(&bytes[..]).unwrap();
    assert_eq!(typed, shapes);
}

#[test]
fn transit_pythons_map_forms_read_too() {
    // transit-python writes a cmap as a one-entry map `{"~#cmap": [...]}`, and
    // null and boolean keys as `~_` and `~?t`.
    let value = back(b"\x81\xa6~#cmap\x94\x92\x01\x02\xa1a\xc0\xa1b");
    assert_eq!(value.to_string(), "{[1 2] \"a\", nil \"b\"}");
    let value = back(b"\x82\xa2~_\x01\xa3~?t\x02");
    assert_eq!(value.to_string(), "{nil 1, true 2}");
    // `["^ ", k, v]` is a map, as in JSON.
    assert_eq!(back(b"\x93\xa2^ \xa1k\x01").to_string(), "{\"k\" 1}");
}

#[test]
fn errors_point_at_the_byte() {
    let err = transit_format::from_msgpack_slice::<Value>(b"\x92\x01\xc1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid MessagePack marker 0xc1 at line 1 column 3"
    );
    let err = transit_format::from_msgpack_slice::<Value>(b"\x93\x01").unwrap_err();
    assert!(err.is_eof(), "{err}");
    let err = transit_format::from_msgpack_slice::<Value>(b"\x91\x01\x01").unwrap_err();
    assert_eq!(err.to_string(), "trailing characters at line 1 column 3");
    let err = transit_format::from_msgpack_slice::<Value>(b"\x91\xa2^7").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown cache code \"^7\" at line 1 column 4"
    );
    let err = transit_format::from_msgpack_slice::<Vec<i32>>(b"\x91\xa1x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: string \"x\", expected i32 at [0], line 1 column 3"
    );
}

#[test]
fn numeric_instants_and_uuids_read_in_every_form_from_every_source() {
    let uuid = "5a2cbea3-e8c6-428b-b525-21239370dd55";
    let expected_uuid: Value = transit_format::from_str(&format!(r#"["~#'","~u{uuid}"]"#)).unwrap();
    let expected_instant: Value = transit_format::from_str(r#"["~#'","~m946728000000"]"#).unwrap();
    // Array form with numbers and with strings, in JSON from a slice and a stream.
    for (json, expected) in [
        (r#"["~#'",["~#m",946728000000]]"#, &expected_instant),
        (r#"["~#'",["~#m","946728000000"]]"#, &expected_instant),
        (
            r#"["~#'",["~#u",[6497777973583037067,-5393868542025081515]]]"#,
            &expected_uuid,
        ),
        (&format!(r#"["~#'",["~#u","{uuid}"]]"#), &expected_uuid),
    ] {
        assert_eq!(
            &transit_format::from_str::<Value>(json).unwrap(),
            expected,
            "{json}"
        );
        let from_reader: Value = transit_format::from_reader(json.as_bytes()).unwrap();
        assert_eq!(&from_reader, expected, "{json}");
        let mp = transit_format::to_msgpack_vec(&transit_format::from_str::<Value>(json).unwrap())
            .unwrap();
        let typed: Vec<Value> =
            transit_format::from_msgpack_reader(&[b"\x91", &mp[..]].concat()[..]).unwrap();
        assert_eq!(&typed[0], expected, "{json}");
    }
    // Typed fields.
    #[derive(serde::Deserialize)]
    struct Ids {
        id: uuid::Uuid,
        #[serde(with = "transit_format::with::instant")]
        at: chrono::DateTime<chrono::Utc>,
    }
    let bytes = transit_format::to_msgpack_vec(&Value::Map(
        [
            (Value::keyword("id"), expected_uuid.clone()),
            (Value::keyword("at"), expected_instant.clone()),
        ]
        .into_iter()
        .collect(),
    ))
    .unwrap();
    let ids: Ids = transit_format::from_msgpack_slice(&bytes).unwrap();
    assert_eq!(ids.id.to_string(), uuid);
    assert_eq!(ids.at.timestamp_millis(), 946728000000);
    // Wrong reps are errors.
    for bad in [
        r#"["~#u",[1]]"#,
        r#"["~#u",[1,2,3]]"#,
        r#"["~#u",[1,"x"]]"#,
        r#"["~#u",1]"#,
        r#"["~#m",1.5]"#,
        r#"["~#m"]"#,
        r#"["~#m",1,2]"#,
    ] {
        assert!(transit_format::from_str::<Value>(bad).is_err(), "{bad}");
        assert!(
            transit_format::from_reader::<_, Value>(bad.as_bytes()).is_err(),
            "{bad}"
        );
    }
    let err = transit_format::from_str::<Value>(r#"["~#u",[1]]"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid rep for tag \"u\": expected two 64-bit integers, found another array at line 1 column 10"
    );
}

/// A type that reads a value and then refuses it, as types that check what they
/// read do (Penpot's webhook props, say).
#[derive(Debug)]
struct Picky;

impl<'de> serde::Deserialize<'de> for Picky {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = <Value as serde::Deserialize>::deserialize(deserializer)?;
        Err(serde::de::Error::custom("not this one"))
    }
}

#[test]
fn errors_made_after_the_reader_returned_get_its_position() {
    let check = |what: &str, err: transit_format::Error, column: usize| {
        assert_eq!(
            err.to_string(),
            format!("not this one at line 1 column {column}"),
            "{what}"
        );
    };
    check(
        "from_str",
        transit_format::from_str::<Picky>("[1]").unwrap_err(),
        3,
    );
    check(
        "from_reader",
        transit_format::from_reader::<_, Picky>(&b"[1]"[..]).unwrap_err(),
        3,
    );
    check(
        "from_msgpack_slice",
        transit_format::from_msgpack_slice::<Picky>(b"\x91\x01").unwrap_err(),
        2,
    );
    check(
        "from_msgpack_reader",
        transit_format::from_msgpack_reader::<_, Picky>(&b"\x91\x01"[..]).unwrap_err(),
        2,
    );
    let mut stream = Deserializer::from_msgpack_slice(b"\x91\x01").into_iter::<Picky>();
    check("a stream", stream.next().unwrap().err().unwrap(), 2);
}

#[test]
fn a_nan_with_a_payload_is_the_one_nan() {
    // A MessagePack float64 can hold any NaN; Transit carries NaN as `~zNaN`, with
    // no payload, so every NaN is the same value, and writing one back is exact.
    let payload = [&[0xcb_u8][..], &0x7ff0_0100_0023_0000_u64.to_be_bytes()].concat();
    let value = back(&quoted(&payload));
    assert!(matches!(value, Value::Float(f) if f.is_nan() && f.to_bits() != f64::NAN.to_bits()));
    assert_eq!(value, Value::Float(f64::NAN));
    assert_eq!(mp(&value), quoted(b"\xa5~zNaN"));
    assert_eq!(back(&mp(&value)), value);
    // As map keys, the two are one key.
    let map = back(&[&b"\x82"[..], &payload, b"\x01", b"\xa5~zNaN", b"\x02"].concat());
    assert_eq!(map.as_map().map(|m| m.len()), Some(1), "{map}");
}
