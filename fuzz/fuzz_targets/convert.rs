//! `transit convert` on arbitrary bytes, into every format. Converting a stream's
//! Transit JSON output again gives the same output.

#![no_main]

use libfuzzer_sys::fuzz_target;
use transit_format::convert::{convert, Format};

fuzz_target!(|data: &[u8]| {
    for format in [
        Format::Json,
        Format::Verbose,
        Format::Edn,
        Format::PlainJson,
    ] {
        let mut out = Vec::new();
        let result = convert(data, &mut out, format);
        if let (Format::Json, Ok(count)) = (format, result) {
            let mut again = Vec::new();
            let recount = convert(&out[..], &mut again, Format::Json)
                .unwrap_or_else(|e| panic!("cannot convert our own output: {e}"));
            assert_eq!(count, recount, "value count changed");
            assert_eq!(out, again, "converting Transit JSON is not a fixed point");
        }
    }
});
