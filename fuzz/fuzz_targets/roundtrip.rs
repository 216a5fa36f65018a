//! Whatever decodes must survive both writers: compact and verbose output each
//! decode back to an equal value, and writing that again gives the same bytes.
//!
//! One exception, by design: in JSON-Verbose an instant is text, which
//! transit-java's writer spells in Java's hybrid calendar (Julian dates before
//! 1582-10-15) and its reader reads as proleptic Gregorian, and we write and read
//! as each half of transit-java does. So an instant before 1582-10-15 comes back
//! from verbose text as another instant (as it does in transit-java), and values
//! holding one are checked in compact mode only.

#![no_main]

use libfuzzer_sys::fuzz_target;
use transit_format::Value;

/// 1582-10-15T00:00:00Z, where Java's calendar turns Gregorian, in milliseconds.
const GREGORIAN_SWITCH_MILLIS: i64 = -12_219_292_800_000;

/// Whether `value` holds an instant that verbose text does not carry unchanged.
fn has_julian_instant(value: &Value) -> bool {
    match value {
        Value::Instant(t) => t.timestamp_millis() < GREGORIAN_SWITCH_MILLIS,
        Value::Array(items) | Value::List(items) => items.iter().any(has_julian_instant),
        Value::Set(set) => set.iter().any(has_julian_instant),
        Value::Map(map) => map
            .iter()
            .any(|(k, v)| has_julian_instant(k) || has_julian_instant(v)),
        Value::Tagged(tagged) => has_julian_instant(tagged.rep()),
        Value::Ext(ext) => has_julian_instant(&ext.rep()),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = transit_format::from_slice::<Value>(data) else {
        return;
    };
    type Writer = fn(&Value) -> transit_format::Result<String>;
    let writers: [(&str, Writer); 2] = [
        ("compact", transit_format::to_string::<Value>),
        ("verbose", transit_format::to_string_verbose::<Value>),
    ];
    for (mode, write) in writers {
        let first = write(&value).unwrap_or_else(|e| panic!("{mode}: cannot write {value}: {e}"));
        let again: Value = transit_format::from_str(&first)
            .unwrap_or_else(|e| panic!("{mode}: cannot read back {first}: {e}"));
        if mode == "verbose" && has_julian_instant(&value) {
            continue;
        }
        assert_eq!(value, again, "{mode}: {first} reads back as another value");
        let second = write(&again).unwrap_or_else(|e| panic!("{mode}: cannot rewrite: {e}"));
        assert_eq!(first, second, "{mode}: rewriting is not a fixed point");
    }
});
