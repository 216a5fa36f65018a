//! Reading with the wrong encoding is an error that names the encoding the bytes
//! look like, and error columns are 1-based.

use transit_format::error::Category;
use transit_format::Value;

const JSON_TEXT: &[u8] = br#"["^ ","~:a",1,"~:b",["~#set",[1,2]]]"#;

fn msgpack_bytes() -> Vec<u8> {
    let value: Value = transit_format::from_slice(JSON_TEXT).unwrap();
    transit_format::to_msgpack_vec(&value).unwrap()
}

const LOOKS_MSGPACK: &str =
    "the input looks like Transit MessagePack (it starts with the marker 0x82), not JSON; read it as MessagePack at line 1 column 1";
const LOOKS_JSON: &str =
    "the input looks like JSON text (it starts with `[`), not Transit MessagePack; read it as Transit JSON at line 1 column 1";

#[test]
fn messagepack_read_as_json_says_it_looks_like_messagepack() {
    let mp = msgpack_bytes();
    let err = transit_format::from_slice::<Value>(&mp).unwrap_err();
    assert_eq!(err.to_string(), LOOKS_MSGPACK);
    assert_eq!(err.classify(), Category::Syntax);
    let err = transit_format::from_reader::<_, Value>(&mp[..]).unwrap_err();
    assert_eq!(err.to_string(), LOOKS_MSGPACK);
    // Typed targets too: the error is about the input, not the type.
    let err = transit_format::from_slice::<Vec<i64>>(&mp).unwrap_err();
    assert_eq!(err.to_string(), LOOKS_MSGPACK);
}

#[test]
fn json_read_as_messagepack_says_it_looks_like_json() {
    let err = transit_format::from_msgpack_slice::<Value>(JSON_TEXT).unwrap_err();
    assert_eq!(err.to_string(), LOOKS_JSON);
    let err = transit_format::from_msgpack_reader::<_, Value>(JSON_TEXT).unwrap_err();
    assert_eq!(err.to_string(), LOOKS_JSON);
    // Leading whitespace is skipped to find the first byte.
    let mut spaced = b"\n  ".to_vec();
    spaced.extend_from_slice(JSON_TEXT);
    let err = transit_format::from_msgpack_slice::<Value>(&spaced).unwrap_err();
    assert_eq!(err.to_string(), LOOKS_JSON);
    // A map in JSON text.
    let err = transit_format::from_msgpack_slice::<Value>(br#"{"~:a":1}"#).unwrap_err();
    assert!(err.to_string().contains("(it starts with `{`)"), "{err}");
}

#[test]
fn errors_in_the_right_encoding_are_unchanged() {
    let err = transit_format::from_slice::<Value>(b"[1,2").unwrap_err();
    assert_eq!(
        err.to_string(),
        "EOF while parsing an array at line 1 column 4"
    );
    let mut mp = msgpack_bytes();
    mp.truncate(mp.len() - 1);
    let err = transit_format::from_msgpack_slice::<Value>(&mp).unwrap_err();
    assert!(!err.to_string().contains("looks like"), "{err}");
    // The right encoding still reads.
    assert_eq!(
        transit_format::from_msgpack_slice::<Value>(&msgpack_bytes()).unwrap(),
        transit_format::from_slice::<Value>(JSON_TEXT).unwrap()
    );
}

#[test]
fn eof_columns_are_one_based() {
    let err = transit_format::from_str::<Value>("").unwrap_err();
    assert_eq!(
        err.to_string(),
        "EOF while parsing a value at line 1 column 1"
    );
    assert_eq!((err.line(), err.column()), (1, 1));
    let err = transit_format::from_str::<Value>("[1,2\n").unwrap_err();
    assert_eq!((err.line(), err.column()), (2, 1));
    let err = transit_format::from_reader::<_, Value>(&b""[..]).unwrap_err();
    assert_eq!((err.line(), err.column()), (1, 1));
    let err = transit_format::from_msgpack_slice::<Value>(b"").unwrap_err();
    assert!(err.column() >= 1, "{err}");
}
