//! The encodings Transit is read from and written in.
//!
//! [`Json`] covers both JSON modes (compact and verbose: the reader tells them
//! apart by itself, the writer is told by [`ser::Options`](crate::ser::Options));
//! [`Msgpack`] is Transit over MessagePack (see [`crate::msgpack`]).
//! [`Serializer`](crate::Serializer) and [`Deserializer`](crate::Deserializer)
//! take the encoding as a type parameter that defaults to `Json`; each encoding
//! brings only its tokens (a reader's source, a writer's sink), under the one
//! Transit layer that knows the rules.
//!
//! ```
//! use transit_format::{encoding::{Json, Msgpack}, Deserializer, Value};
//! let mut de: Deserializer<_, Json> = Deserializer::from_str("[1]");
//! assert_eq!(de.parse_value().unwrap().to_string(), "[1]");
//! let mut de: Deserializer<_, Msgpack> = Deserializer::from_msgpack_slice(&[0x91, 0x01]);
//! assert_eq!(de.parse_value().unwrap().to_string(), "[1]");
//! ```

use std::io;

use crate::json::tokens::Tokens;
use crate::json::write::JsonSink;
use crate::msgpack::read::MsgpackTokens;
use crate::msgpack::write::MsgpackSink;
use crate::token::Sink;

mod private {
    pub trait Sealed {}
}

/// Transit JSON, compact or verbose.
#[derive(Debug)]
pub enum Json {}

impl private::Sealed for Json {}

/// Transit MessagePack (`application/transit+msgpack`).
#[derive(Debug)]
pub enum Msgpack {}

impl private::Sealed for Msgpack {}

/// An encoding this crate writes. Sealed.
pub trait Encode<W>: private::Sealed {
    #[doc(hidden)]
    type Sink: Sink;
    /// Whether the emitter follows MessagePack's rules (else JSON's).
    #[doc(hidden)]
    const MSGPACK: bool;
    #[doc(hidden)]
    fn sink(writer: W) -> Self::Sink;
    #[doc(hidden)]
    fn writer(sink: Self::Sink) -> W;
}

impl<W: io::Write> Encode<W> for Json {
    type Sink = JsonSink<W>;
    const MSGPACK: bool = false;
    fn sink(writer: W) -> JsonSink<W> {
        JsonSink::new(writer)
    }
    fn writer(sink: JsonSink<W>) -> W {
        sink.writer
    }
}

impl<W: io::Write> Encode<W> for Msgpack {
    type Sink = MsgpackSink<W>;
    const MSGPACK: bool = true;
    fn sink(writer: W) -> MsgpackSink<W> {
        MsgpackSink::new(writer)
    }
    fn writer(sink: MsgpackSink<W>) -> W {
        sink.writer
    }
}

/// An encoding this crate reads. Sealed.
pub trait Decode: private::Sealed {
    /// Whether this is MessagePack (else JSON), for telling the other encoding
    /// apart at the start of an input.
    #[doc(hidden)]
    const MSGPACK: bool;
    /// The encoding's tokenizer over a byte source `R`.
    #[doc(hidden)]
    type Source<R>;
    #[doc(hidden)]
    fn source<R>(read: R, scratch: String) -> Self::Source<R>;
    /// The tokenizer's scratch buffer, kept for the next one.
    #[doc(hidden)]
    fn take_scratch<R>(source: &mut Self::Source<R>) -> String;
}

impl Decode for Json {
    const MSGPACK: bool = false;
    type Source<R> = Tokens<R>;
    fn source<R>(read: R, scratch: String) -> Tokens<R> {
        let mut tokens = Tokens::new(read);
        tokens.set_scratch(scratch);
        tokens
    }
    fn take_scratch<R>(source: &mut Tokens<R>) -> String {
        source.take_scratch()
    }
}

impl Decode for Msgpack {
    const MSGPACK: bool = true;
    type Source<R> = MsgpackTokens<R>;
    fn source<R>(read: R, scratch: String) -> MsgpackTokens<R> {
        MsgpackTokens::new(read, scratch)
    }
    fn take_scratch<R>(source: &mut MsgpackTokens<R>) -> String {
        source.take_scratch()
    }
}
