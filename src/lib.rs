//! Transit for Rust: a serde serializer and deserializer for
//! [Transit](https://github.com/cognitect/transit-format) JSON, JSON-Verbose and
//! MessagePack, and a dynamic [`Value`] holding every Transit type.
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
//! # Features
//!
//! * `penpot` (default): Penpot's types (`penpot`) and webhook bodies (`webhook`),
//!   with the typed props of all 24 events Penpot sends.
//! * `axum`: extractors for Penpot webhook events and `Transit<T>`, and responses
//!   (`transit_format::axum`).
//! * `arbitrary`: [`Value`] (and, with `penpot`, `webhook::Event`) implement
//!   `arbitrary::Arbitrary`, for cargo-fuzz targets; `generate` has the
//!   generator's knobs (depth, size, kinds) and a seeded stream of values.
//! * `proptest`: proptest strategies for `Value` and webhook events
//!   (`transit_format::proptest`), from the same generator.
//! * `cli`: the `transit` command, with `transit webhook serve`; only for
//!   `cargo install transit-format --features cli`, never needed by a library.
//!
//! The default build has no CLI or server crate (clap, tokio, hyper, axum).
//!
//! # Modes
//!
//! * **JSON** ([`to_string`], [`to_vec`], [`to_writer`]): maps as `["^ ", k, v, …]`,
//!   tags as `["~#tag", rep]`, the cache on, instants as `"~m<millis>"`.
//! * **JSON-Verbose** ([`to_string_verbose`], …): maps as JSON objects, tags as
//!   `{"~#tag": rep}`, no cache, instants as `"~t<ISO-8601>"`.
//! * **MessagePack** ([`to_msgpack_vec`], [`to_msgpack_writer`],
//!   [`from_msgpack_slice`], [`from_msgpack_reader`]; see [`msgpack`]): maps as
//!   MessagePack maps, native integers and floats, tags as `["~#tag", rep]`,
//!   instants as `["~#m", millis]`, the cache on.
//!
//! [`from_str`], [`from_slice`] and [`from_reader`] accept either JSON mode, and a
//! stream of values back to back is read with [`Deserializer::into_iter`].
//!
//! # The serde mapping
//!
//! | Rust / serde | Transit written | also read from |
//! |---|---|---|
//! | `bool` | `true`, `false` | |
//! | `i8`…`i64`, `u8`…`u32` | a JSON number within ±(2^53−1), else `"~i…"` | `"~i…"`, `"~n…"` in range |
//! | `u64` above `i64::MAX`, `i128`/`u128` outside `i64` | `"~n…"` | |
//! | `f32`, `f64` | a number spelled as Java does (`2.0`, `4.0E11`); `"~zNaN"`, `"~zINF"`, `"~z-INF"` | JSON integers |
//! | `char` | `"~cx"` | |
//! | `&str`, `String` | `"…"`, with `~` in front of a leading `~`, `^` or `` ` `` | keywords, symbols, URIs, uuids, instants, big numbers (their text) |
//! | bytes (`serde_bytes`) | `"~b<base64>"` | strings |
//! | `None`, `()`, unit structs | `null` | |
//! | `Some(x)`, newtype structs | `x` | |
//! | sequences, tuples, tuple structs | `[…]` | sets and lists |
//! | maps | `["^ ", k, v, …]` (verbose: `{k: v}`): string keys as strings, integer keys `"~i1"`, other scalar keys in their tagged form; a map whose first key is composite is a `["~#cmap", [k, v, …]]` | cmaps |
//! | structs | a map with keyword keys (`"~:field"`; `#[serde(rename_all = "kebab-case")]` gives Penpot's `~:profile-id`); [`ser::Options::string_keys`] writes strings instead | keyword or string keys; unknown keys ignored unless `deny_unknown_fields` |
//! | unit variants | a keyword `"~:variant"` | strings |
//! | newtype, tuple, struct variants | a one-entry map `{:variant content}` | |
//! | [`Keyword`], [`Symbol`], [`Uri`], [`BigInt`], [`BigDecimal`] | `"~:…"`, `"~$…"`, `"~r…"`, `"~n…"`, `"~f…"` | their text (e.g. map keys inside `flatten`) |
//! | [`Set<T>`], [`List<T>`] | `["~#set", […]]`, `["~#list", […]]` | any sequence |
//! | [`Tagged<T>`] | `["~#tag", rep]`, or `"~Xrep"` for a one-character tag with a string rep | |
//! | [`Link`] | `["~#link", {…}]` | |
//! | `uuid::Uuid` with `#[serde(with = "transit_format::with::uuid")]` | `"~u…"` | a plain `Uuid` field reads `"~u…"` without it |
//! | `DateTime<Utc>` with `#[serde(with = "transit_format::with::instant")]` | `"~m<millis>"` (verbose `"~t<ISO>"`) | a plain `DateTime<Utc>` field reads `~m` and `~t` without it |
//! | `HashSet`/`BTreeSet` with `#[serde(with = "transit_format::with::set")]` | `["~#set", […]]` | |
//! | [`Value`] | exactly what it holds | everything |
//!
//! A tag the target type does not expect is seen through: a plain struct reads
//! `["~#point", {…}]` from its rep.
//!
//! A `~u` whose text is not a uuid in its hyphenated form (real Penpot documents
//! hold a few, such as `"~u123456789-0000-…"`) reads into a [`Value`] as the
//! one-character tagged string `Tagged("u", text)`, which writes back as it was
//! read; a typed `Uuid` field refuses it with an error.
//!
//! Transit types reach serde's `deserialize_any` (and so the buffering behind
//! `#[serde(untagged)]` and `#[serde(flatten)]`) as private one-entry maps, the way
//! serde_json carries its `Number`: [`Keyword`], [`Set`], [`Tagged`] and [`Value`]
//! recognise them, so they survive that buffering. Uuids and instants are presented
//! as their text there, so that plain `Uuid` and `DateTime<Utc>` fields work inside
//! `flatten` and `untagged` too; and map keys are presented as their text, so that
//! struct fields still match. The price: a [`Value`] inside such a container sees
//! uuids, instants and keyword map keys as strings.
//!
//! # Zero copy
//!
//! `&'de str` and `Cow<'de, str>` fields (with `#[serde(borrow)]`) borrow from the
//! input given to [`from_str`] or [`from_slice`] when the string is written in full
//! and needs no JSON unescaping: a plain string, or a string escaped only with
//! Transit's leading `~` (`"~~x"` is the data `~x`, a slice of the input). A
//! keyword's name (`"~:name"`) borrows too, and so does a cache hit (`"^0"`) of a
//! string or keyword that was borrowed where it first appeared: the reader's cache
//! remembers where that text is. They cannot borrow a string with a JSON escape
//! (`\n`, `\u00e9`…), a symbol's name, or anything read through [`from_reader`].
//! `&str` fails on those with an error; `Cow` and `String` always work.
//!
//! # Limits
//!
//! Bad input is an [`Error`] with a line and column, never a panic. Nesting is
//! limited to 128 levels by default ([`Deserializer::set_max_depth`]) and input size
//! can be capped ([`Deserializer::set_max_input`]; a stream is then never read past
//! the limit, whatever token is being read). Cache codes that repeat long strings
//! may copy at most 1 MiB plus 16 bytes per byte of input within one top-level
//! value, so a few kilobytes cannot expand into gigabytes. Error messages quote at
//! most 64 characters of the input.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs builds with `--cfg docsrs` (Cargo.toml's `package.metadata.docs.rs`) on
// nightly, where `doc(cfg)` marks each feature-gated item with its feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
mod bytes;
mod cache;
pub mod convert;
pub mod de;
pub mod encoding;
pub mod error;
#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
pub mod generate;
mod java_time;
mod json;
mod macros;
mod magic;
pub mod msgpack;
mod number;
#[cfg(feature = "penpot")]
#[cfg_attr(docsrs, doc(cfg(feature = "penpot")))]
pub mod penpot;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod proptest;
pub mod ser;
#[cfg(test)]
mod testing;
mod token;
mod types;
pub mod value;
#[cfg(feature = "penpot")]
#[cfg_attr(docsrs, doc(cfg(feature = "penpot")))]
pub mod webhook;
mod wire;
pub mod with;

#[doc(inline)]
pub use crate::de::{
    from_reader, from_reader_with_options, from_slice, from_slice_with_options, from_str,
    from_str_with_options, Deserializer, StreamDeserializer,
};
#[doc(inline)]
pub use crate::error::{Error, Result};
#[doc(inline)]
pub use crate::msgpack::{
    from_msgpack_reader, from_msgpack_slice, to_msgpack_vec, to_msgpack_writer,
};
#[doc(inline)]
pub use crate::ser::{
    to_string, to_string_verbose, to_string_with_options, to_vec, to_vec_verbose,
    to_vec_with_options, to_writer, to_writer_verbose, to_writer_with_options, Options, Serializer,
};
#[doc(inline)]
pub use crate::types::{BigDecimal, BigInt, Keyword, Link, List, Symbol, Tagged, Uri};
#[doc(inline)]
pub use crate::value::{from_value, to_value, Map, Set, Value};

/// What the expansion of [`transit!`] calls; not part of the API.
#[doc(hidden)]
pub use crate::macros::__private;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
