//! Transit for Rust: a serde serializer and deserializer for
//! [Transit](https://github.com/cognitect/transit-format) JSON and JSON-Verbose, and
//! a dynamic [`Value`] holding every Transit type.
//!
//! Transit carries typed values (keywords, symbols, UUIDs, instants, sets, lists,
//! maps with any keys, tagged extension values) over JSON, and shrinks repeated
//! keys with a rolling cache (`"^0"`). This crate reads both JSON modes with one
//! reader and writes byte for byte what transit-java / transit-clj write.
//!
//! ```
//! use transit_format::Value;
//!
//! let body = r#"["^ ","~:name","create-file","~:props",["^ ","~:id","~u0515a066-e303-8169-8004-73eb4018f4e0"]]"#;
//! let event: Value = transit_format::from_str(body)?;
//! assert_eq!(event.get_keyword("name"), Some(&Value::from("create-file")));
//! assert_eq!(transit_format::to_string(&event)?, body);
//! assert_eq!(
//!     transit_format::to_string_verbose(&event)?,
//!     r#"{"~:name":"create-file","~:props":{"~:id":"~u0515a066-e303-8169-8004-73eb4018f4e0"}}"#
//! );
//! # Ok::<(), transit_format::Error>(())
//! ```
//!
//! # Modes
//!
//! * **JSON** ([`to_string`], [`to_vec`], [`to_writer`]): maps as `["^ ", k, v, …]`,
//!   tags as `["~#tag", rep]`, the cache on, instants as `"~m<millis>"`.
//! * **JSON-Verbose** ([`to_string_verbose`], …): maps as JSON objects, tags as
//!   `{"~#tag": rep}`, no cache, instants as `"~t<ISO-8601>"`.
//!
//! [`from_str`], [`from_slice`] and [`from_reader`] accept either, and a stream of
//! values back to back is read with [`Deserializer::into_iter`].
//!
//! # Limits
//!
//! Bad input is an [`Error`] with a line and column, never a panic. Nesting is
//! limited to 128 levels by default ([`Deserializer::set_max_depth`]) and input size
//! can be capped ([`Deserializer::set_max_input`]).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cache;
pub mod convert;
pub mod de;
mod decode;
pub mod error;
mod magic;
mod number;
#[cfg(feature = "penpot")]
pub mod penpot;
mod read;
pub mod ser;
mod types;
pub mod value;
#[cfg(feature = "penpot")]
pub mod webhook;
pub mod with;

#[doc(inline)]
pub use crate::de::{from_reader, from_slice, from_str, Deserializer, StreamDeserializer};
#[doc(inline)]
pub use crate::error::{Error, Result};
#[doc(inline)]
pub use crate::ser::{
    to_string, to_string_verbose, to_vec, to_vec_verbose, to_writer, to_writer_verbose, Serializer,
};
#[doc(inline)]
pub use crate::types::{BigDecimal, BigInt, Keyword, Link, List, Symbol, Tagged, Uri};
#[doc(inline)]
pub use crate::value::{from_value, to_value, Map, Set, Value};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
