//! Exhaustive matches, as a downstream crate writes them, on the public enums
//! whose variants depend on transit-format's features.

#![deny(warnings)]

use transit_format::convert::Format;

/// Every variant that exists without features, then `_` for those a feature adds.
/// Without features, `_` is unreachable (a denied warning) unless `Format` is
/// `#[non_exhaustive]`; with them, `_` is what keeps this match compiling.
pub fn name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Verbose => "verbose",
        Format::Msgpack => "msgpack",
        Format::Edn => "edn",
        _ => "other",
    }
}
