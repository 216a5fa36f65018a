//! Values from the library's own generator (`Value: arbitrary::Arbitrary`, feature
//! `arbitrary`) rather than bytes to parse: every writer's output (compact,
//! verbose, compact without the cache, MessagePack) reads back to the value, and
//! writing that again gives the same bytes. The same for a generated webhook
//! event's Transit body.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use transit_format::ser::{Options, Serializer};
use transit_format::webhook::{ContentType, Event};
use transit_format::Value;

fn uncached(value: &Value) -> transit_format::Result<String> {
    let mut out = Vec::new();
    value.serialize(&mut Serializer::with_options(
        &mut out,
        Options::compact().cache(false),
    ))?;
    Ok(String::from_utf8(out).expect("the writer writes UTF-8"))
}

fuzz_target!(|input: (Value, Event)| {
    let (value, event) = input;
    type Writer = fn(&Value) -> transit_format::Result<String>;
    let writers: [(&str, Writer); 3] = [
        ("compact", transit_format::to_string::<Value>),
        ("verbose", transit_format::to_string_verbose::<Value>),
        ("uncached", uncached),
    ];
    for (mode, write) in writers {
        let first = write(&value).unwrap_or_else(|e| panic!("{mode}: cannot write {value}: {e}"));
        let again: Value = transit_format::from_str(&first)
            .unwrap_or_else(|e| panic!("{mode}: cannot read back {first}: {e}"));
        assert_eq!(value, again, "{mode}: {first} reads back as another value");
        let second = write(&again).unwrap_or_else(|e| panic!("{mode}: cannot rewrite: {e}"));
        assert_eq!(first, second, "{mode}: rewriting is not a fixed point");
    }
    let first = transit_format::to_msgpack_vec(&value)
        .unwrap_or_else(|e| panic!("cannot write {value} as MessagePack: {e}"));
    let again: Value = transit_format::from_msgpack_slice(&first)
        .unwrap_or_else(|e| panic!("cannot read back {first:02x?}: {e}"));
    assert_eq!(value, again, "{first:02x?} reads back as another value");
    assert_eq!(first, transit_format::to_msgpack_vec(&again).unwrap(), "MessagePack rewriting is not a fixed point");

    let body = event
        .encode(ContentType::TransitJson)
        .unwrap_or_else(|e| panic!("cannot encode {event:?}: {e}"));
    let back = Event::decode(&body, ContentType::TransitJson.as_str())
        .unwrap_or_else(|e| panic!("cannot decode our own Transit body: {e}"));
    assert_eq!(event, back, "the Transit body decodes to another event");
});
