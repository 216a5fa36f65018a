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
    // Leading whitespace is JSON text too (in MessagePack, small integers, which
    // Transit never writes at the top).
    let mut spaced = b"\n  ".to_vec();
    spaced.extend_from_slice(JSON_TEXT);
    let err = transit_format::from_msgpack_slice::<Value>(&spaced).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the input looks like JSON text (it starts with whitespace), not Transit MessagePack; read it as Transit JSON at line 1 column 1"
    );
    // MessagePack read as JSON: whitespace before it is skipped.
    let mut spaced = b"\n  ".to_vec();
    spaced.extend_from_slice(&msgpack_bytes());
    let err = transit_format::from_slice::<Value>(&spaced).unwrap_err();
    assert_eq!(err.to_string(), LOOKS_MSGPACK);
    // Even the one value a single byte would be (`[` is the integer 91).
    let err = transit_format::from_msgpack_slice::<i64>(b"[").unwrap_err();
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

/// Each of JSON text's bytes is a MessagePack integer, so a stream read in the
/// wrong encoding would not fail by itself: it is refused at its first item.
#[test]
fn streams_in_the_wrong_encoding_are_refused_at_the_start() {
    use transit_format::Deserializer;
    let two_json = [JSON_TEXT, b"\n", JSON_TEXT].concat();
    let mut stream = Deserializer::from_msgpack_slice(&two_json).into_iter::<Value>();
    assert_eq!(stream.next().unwrap().unwrap_err().to_string(), LOOKS_JSON);
    assert!(stream.next().is_none());
    let mut stream = Deserializer::from_msgpack_reader(&two_json[..]).into_iter::<Value>();
    assert_eq!(stream.next().unwrap().unwrap_err().to_string(), LOOKS_JSON);
    assert!(stream.next().is_none());
    // Typed items, and `parse_value`.
    let mut stream = Deserializer::from_msgpack_slice(b"[1,2]").into_iter::<i64>();
    assert_eq!(
        stream.next().unwrap().unwrap_err().to_string(),
        "the input looks like JSON text (it starts with `[`), not Transit MessagePack; read it as Transit JSON at line 1 column 1"
    );
    let mut de = Deserializer::from_msgpack_slice(br#"{"~:a":1}"#);
    assert!(de
        .parse_value()
        .unwrap_err()
        .to_string()
        .contains("(it starts with `{`)"));

    // MessagePack read as a JSON stream, from a slice, a str and a reader.
    let mp = [msgpack_bytes(), msgpack_bytes()].concat();
    let mut stream = Deserializer::from_slice(&mp).into_iter::<Value>();
    assert_eq!(
        stream.next().unwrap().unwrap_err().to_string(),
        LOOKS_MSGPACK
    );
    assert!(stream.next().is_none());
    let mut stream = Deserializer::from_reader(&mp[..]).into_iter::<Value>();
    assert_eq!(
        stream.next().unwrap().unwrap_err().to_string(),
        LOOKS_MSGPACK
    );
    let mut stream = Deserializer::from_str("\u{80}").into_iter::<Value>();
    assert!(!stream
        .next()
        .unwrap()
        .unwrap_err()
        .to_string()
        .contains("looks like"));

    // The right encodings still stream, and a MessagePack stream of plain
    // integers (not Transit, but MessagePack) still reads.
    let values: Vec<Value> = Deserializer::from_msgpack_slice(&mp)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values.len(), 2);
    let values: Vec<Value> = Deserializer::from_slice(&two_json)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values.len(), 2);
    let ints: Vec<i64> = Deserializer::from_msgpack_slice(&[0x01, 0x7f, 0xcd, 0x01, 0x2c])
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ints, [1, 127, 300]);
    // Only the start is judged: later values may start with any byte.
    let ints: Vec<i64> = Deserializer::from_msgpack_slice(&[0x01, b'[', b' '])
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ints, [1, 91, 32]);
}
