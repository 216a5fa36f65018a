//! Any bytes as Transit MessagePack: no panic; the same value or the same
//! positioned error from a slice and from a reader that hands out a few bytes at
//! a time; typed decoding and a stream under tight limits stay safe. Whatever
//! decodes writes back as MessagePack and as JSON, reads back equal, and
//! rewriting it gives the same bytes.

#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use transit_format::{Deserializer, Value};

/// A reader that hands out at most three bytes per call.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(3).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[derive(serde::Deserialize)]
#[allow(dead_code)] // Only decoded, to drive the serde path.
struct Typed<'a> {
    #[serde(borrow)]
    name: Option<std::borrow::Cow<'a, str>>,
    id: Option<uuid::Uuid>,
    items: Option<Vec<(i64, f64)>>,
    bytes: Option<serde_bytes::ByteBuf>,
    rest: Option<std::collections::BTreeMap<String, Value>>,
}

fuzz_target!(|data: &[u8]| {
    let slice = transit_format::from_msgpack_slice::<Value>(data);
    let reader = transit_format::from_msgpack_reader::<_, Value>(Trickle(data));
    match (&slice, &reader) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the readers disagree"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "the errors differ"),
        _ => panic!("one reader accepts, the other fails: {slice:?} / {reader:?}"),
    }
    if let Err(err) = &slice {
        assert_eq!(err.line(), 1, "{err}");
        assert!(err.column() <= data.len() + 1, "{err}");
    }

    let _ = transit_format::from_msgpack_slice::<Typed>(data);
    let _ = transit_format::from_msgpack_slice::<Vec<std::collections::HashMap<String, i32>>>(data);
    let mut de = Deserializer::from_msgpack_slice(data);
    de.set_max_depth(8).set_max_input(data.len() / 2);
    for value in de.into_iter::<Value>().take(16) {
        if value.is_err() {
            break;
        }
    }

    let Ok(value) = slice else {
        return;
    };
    let first = transit_format::to_msgpack_vec(&value)
        .unwrap_or_else(|e| panic!("cannot write {value} as MessagePack: {e}"));
    let again: Value = transit_format::from_msgpack_slice(&first)
        .unwrap_or_else(|e| panic!("cannot read back {first:02x?}: {e}"));
    assert_eq!(value, again, "{first:02x?} reads back as another value");
    let second = transit_format::to_msgpack_vec(&again).unwrap();
    assert_eq!(first, second, "rewriting is not a fixed point");
    let json = transit_format::to_string(&value).unwrap();
    let from_json: Value =
        transit_format::from_str(&json).unwrap_or_else(|e| panic!("cannot read back {json}: {e}"));
    assert_eq!(value, from_json, "{json} reads back as another value");
});
