//! Inputs the fuzzers (`fuzz/`) found, minimised, each with what it must do.
//!
//! Each test names what the fuzzer found and what the input must do now.

use transit_format::{Deserializer, Value};

/// The error of decoding `input` from a slice and from a reader, as text.
fn both_errors(input: &[u8]) -> (String, String) {
    let slice = transit_format::from_slice::<Value>(input).unwrap_err();
    let reader = transit_format::from_reader::<_, Value>(input).unwrap_err();
    for err in [&slice, &reader] {
        assert!(err.line() >= 1, "{err}");
        assert!(
            err.to_string()
                .ends_with(&format!("line {} column {}", err.line(), err.column())),
            "{err}"
        );
    }
    (slice.to_string(), reader.to_string())
}

/// Found by `decode_value` (crash-61c9b831…, minimised to 3 bytes): invalid UTF-8
/// inside a string with no escape is an error with a position from both readers.
#[test]
fn invalid_utf8_is_an_error_with_a_position() {
    for input in [&b"\"\xff\""[..], b"\"\xffabc\"", b"[\"a\",\n\"\xc3\"]"] {
        let (slice, reader) = both_errors(input);
        assert!(
            slice.starts_with("invalid UTF-8 in string at line "),
            "{slice}"
        );
        assert!(
            reader.starts_with("invalid UTF-8 in string at line "),
            "{reader}"
        );
    }
}

/// Found by `decode_value`: for the same bytes the slice reader and the stream
/// reader reported invalid UTF-8 one column apart. Without an escape in the
/// string, `SliceRead` gave the column of the last byte before the closing quote
/// (`position_of(slice, end)`, `end` being the quote's index); with an escape, and
/// `IoRead` always, the column of the closing quote, as all do now.
///
/// `"\xff"`: from_slice said column 2, from_reader column 3.
#[test]
fn invalid_utf8_column_is_the_same_from_slice_and_reader() {
    let (slice, reader) = both_errors(b"\"\xff\"");
    assert_eq!(slice, reader);
    // The escaped path of the slice reader agrees with the stream reader already.
    let (slice, reader) = both_errors(b"\"\\n\xff\"");
    assert_eq!(slice, reader);
    assert_eq!(slice, "invalid UTF-8 in string at line 1 column 5");
}

/// The same through a stream of values, where the reader's position is carried
/// across values.
#[test]
fn invalid_utf8_column_is_the_same_in_a_stream() {
    let input = b"[1]\n\"\xff\"";
    let from_slice: Vec<_> = Deserializer::from_slice(input)
        .into_iter::<Value>()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect();
    let from_reader: Vec<_> = Deserializer::from_reader(&input[..])
        .into_iter::<Value>()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect();
    assert_eq!(from_slice, from_reader);
}

/// Found by `decode_value` (crash-97d170e1…, the two bytes `[]`): a type whose
/// `Deserialize` refuses what it read after the reader returned (Penpot's
/// webhook props, built from a `Value`) gave an error without a position; it now
/// gets the position where the reader stopped.
#[cfg(feature = "penpot")]
#[test]
fn errors_of_types_that_check_what_they_read_have_a_position() {
    use transit_format::webhook::CreateCommentThreadProps;
    let err = transit_format::from_slice::<CreateCommentThreadProps>(b"[]").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: array, expected a map of props at line 1 column 2"
    );
    let err = transit_format::from_reader::<_, CreateCommentThreadProps>(&b"[]"[..]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: array, expected a map of props at line 1 column 2"
    );
}
