//! Webhook bodies under both content types: decode, the typed props, and both
//! encodings. A Transit encoding must decode back to the same event.

#![no_main]

use libfuzzer_sys::fuzz_target;
use transit_format::webhook::{ContentType, Event};

fuzz_target!(|data: &[u8]| {
    for content_type in ["application/transit+json", "application/json"] {
        let Ok(event) = Event::decode(data, content_type) else {
            continue;
        };
        let _ = event.known_props();
        if let Ok(body) = event.encode(ContentType::TransitJson) {
            let back = Event::decode(&body, ContentType::TransitJson.as_str())
                .unwrap_or_else(|e| panic!("cannot decode our own Transit body: {e}"));
            assert_eq!(event, back, "the Transit body decodes to another event");
        }
        if let Ok(body) = event.encode(ContentType::Json) {
            // Key spellings may collide after camelCase / kebab-case: no assertion
            // on the result, only that it does not panic.
            let _ = Event::decode(&body, ContentType::Json.as_str());
        }
    }
});
