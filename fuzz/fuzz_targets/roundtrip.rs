//! Whatever decodes must survive both writers: compact and verbose output each
//! decode back to an equal value, and writing that again gives the same bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use transit_format::Value;

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
        assert_eq!(value, again, "{mode}: {first} reads back as another value");
        let second = write(&again).unwrap_or_else(|e| panic!("{mode}: cannot rewrite: {e}"));
        assert_eq!(first, second, "{mode}: rewriting is not a fixed point");
    }
});
