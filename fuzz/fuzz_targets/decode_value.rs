//! Arbitrary bytes into `Value`, from a slice and from a reader that hands out the
//! bytes in small uneven chunks (so strings, numbers and escapes cross buffer
//! refills). Neither may panic, and both must agree: the same value, or the same
//! error at the same position, which must be a position in the input. The same
//! bytes also go through the serde path (typed targets), a stream with tight
//! limits, and Penpot's read handlers.

#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use transit_format::webhook::CreateCommentThreadProps;
use transit_format::{BigInt, Deserializer, Keyword, List, Set, Symbol, Value};

/// A typed target with Transit types in every position the serde path handles.
#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
struct Typed {
    name: Option<String>,
    kw: Option<Keyword>,
    sym: Option<Symbol>,
    big: Option<BigInt>,
    tags: Option<Set<String>>,
    list: Option<List<i64>>,
    pairs: Option<Vec<(Value, f64)>>,
    map: Option<std::collections::BTreeMap<String, Option<Value>>>,
    bytes: Option<Vec<u8>>,
    kind: Option<Kind>,
    nested: Option<Box<Typed>>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum Kind {
    Unit,
    Newtype(i32),
    Tuple(u8, char),
    Struct { x: f32 },
}

/// Hands out 1, 2, 3, … 7, 1, 2, … bytes per `read`.
struct Chunked<'a> {
    rest: &'a [u8],
    next: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.next.min(buf.len()).min(self.rest.len());
        buf[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        self.next = self.next % 7 + 1;
        Ok(n)
    }
}

fn check_error(what: &str, err: &transit_format::Error) {
    let position = format!("line {} column {}", err.line(), err.column());
    assert!(
        err.line() >= 1 && err.to_string().ends_with(&position),
        "{what}: error without a position: {err}"
    );
}

fuzz_target!(|data: &[u8]| {
    let from_slice = transit_format::from_slice::<Value>(data);
    let from_reader = transit_format::from_reader::<_, Value>(Chunked {
        rest: data,
        next: 1,
    });
    match (&from_slice, &from_reader) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "from_slice and from_reader read different values"),
        (Err(a), Err(b)) => {
            check_error("from_slice", a);
            check_error("from_reader", b);
            assert_eq!(
                a.to_string(),
                b.to_string(),
                "from_slice and from_reader fail differently"
            );
        }
        (a, b) => panic!("from_slice gave {a:?} but from_reader gave {b:?}"),
    }

    // The serde path: typed targets read from the wire directly.
    if let Err(err) = transit_format::from_slice::<IgnoredAny>(data) {
        check_error("IgnoredAny", &err);
    }
    if let Err(err) = transit_format::from_slice::<Typed>(data) {
        check_error("Typed", &err);
    }
    if let Err(err) = transit_format::from_slice::<CreateCommentThreadProps>(data) {
        check_error("CreateCommentThreadProps", &err);
    }

    // A stream of values back to back, with tight limits, from both readers. The
    // stream reader stops at the input limit and may fail where the slice reader,
    // which checks only where values start and end, does not (tests/limits.rs,
    // `max_input_gives_the_same_result_from_every_reader`); but what it reads, the
    // slice reader reads the same.
    let limit = data.len() / 2 + 1;
    let mut de = Deserializer::from_slice(data);
    de.set_max_depth(16).set_max_input(limit);
    let from_slice: Vec<_> = de.into_iter::<Value>().take(64).collect();
    let mut de = Deserializer::from_reader(Chunked {
        rest: data,
        next: 3,
    });
    de.set_max_depth(16).set_max_input(limit);
    let from_reader: Vec<_> = de.into_iter::<Value>().take(64).collect();
    for (i, item) in from_slice.iter().enumerate() {
        if let Err(err) = item {
            check_error("slice stream", err);
        }
        if let Some(Ok(b)) = from_reader.get(i) {
            match item {
                Ok(a) => assert_eq!(a, b, "stream value {i} differs"),
                Err(e) => panic!("stream value {i}: from_reader read {b}, from_slice failed: {e}"),
            }
        }
    }
    for item in &from_reader {
        if let Err(err) = item {
            check_error("reader stream", err);
        }
    }
    assert!(
        from_reader.len() <= from_slice.len() || from_reader.last().is_some_and(Result::is_err),
        "the stream reader read more values than the slice reader"
    );

    // Penpot's read handlers on the same text.
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(err) = transit_format::penpot::from_str(text) {
            check_error("penpot::from_str", &err);
        }
    }
});
