//! The boundary between an encoding (JSON, MessagePack) and the Transit layer, both
//! ways.
//!
//! An encoding's reader turns bytes into [`Token`]s and knows nothing of Transit:
//! no `"^ "`, no tags, no cache. The Transit reader in `wire` asks a [`Source`] for
//! one token at a time and for the next item of the container it is in; that is
//! all it needs, so a second encoding only has to implement this trait. The
//! writer is the mirror image: the Transit emitter in `ser::emit` decides what to
//! write, and a [`Sink`] writes it in its encoding.

use crate::error::Result;

/// Where the text of a string token is.
///
/// Only which place: the range of a [`Text::Input`] token is [`Source::span`],
/// so that a [`Token`] is 16 bytes and a `Result<Token>` comes back in two
/// registers. With the range inside, tokens were moved through the stack in
/// 16-byte pieces straddling the stores that made them, which stalled every
/// token on store forwarding (seen in `perf annotate`).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// A word wide, as the other payloads of `Token`: a one-byte payload was written
// with a one-byte store and copied with a wider load, which cannot be forwarded.
#[repr(u64)]
pub enum Text {
    /// In the input, at [`Source::span`], which the source lends for the whole
    /// deserialization ([`Source::input_str`]): zero copy.
    Input,
    /// In the source's scratch buffer ([`Source::scratch`]), until the next token is
    /// read.
    Scratch,
}

/// One token in value (or key) position.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Token {
    Null,
    /// The booleans are two tokens rather than one with a `bool`: with a payload
    /// byte at offset 1, moving a `Result<Token>` copied it in unaligned pieces
    /// that straddled the stores just made, a store-forwarding stall on every
    /// token (seen in `perf annotate`).
    True,
    False,
    Int(i64),
    /// An integer outside `i64`: its decimal digits are the text.
    BigInt(Text),
    Float(f64),
    Str(Text),
    /// A byte string (MessagePack's bin; JSON has none): bytes [`Source::span`] of
    /// the input ([`Source::input_bytes`]) or the source's byte scratch
    /// ([`Source::scratch_bytes`]).
    Bytes(Text),
    /// An array was opened. The value is the container state that the source wants
    /// back in [`Source::array_next`].
    Array(u32),
    /// An object (a map) was opened; its state goes back to [`Source::object_key`].
    Object(u32),
}

/// An encoding's reader, as the Transit layer drives it.
///
/// Public only so that the serde face can be generic over sealed encodings:
/// nothing outside this crate implements or calls it.
#[doc(hidden)]
pub trait Source<'de> {
    /// Reads the token that starts the next value.
    fn value(&mut self) -> Result<Token>;

    /// If the next value is a null, consumes it and says so; otherwise consumes
    /// nothing.
    fn next_is_null(&mut self) -> Result<bool>;

    /// Inside an open array, before each item: whether an item follows (then it is
    /// read with [`value`](Source::value)), or the array ended (its end is
    /// consumed). `state` is what [`Token::Array`] gave, kept by the caller.
    fn array_next(&mut self, state: &mut u32) -> Result<bool>;

    /// Inside an open object, before each entry: its key, or `None` when the object
    /// ended. The value is read next with [`value`](Source::value).
    fn object_key(&mut self, state: &mut u32) -> Result<Option<Token>>;

    /// Where the last [`Text::Input`] token lies in the input (`start..end`), until
    /// the next token is read.
    fn span(&self) -> (usize, usize);

    /// The text of a [`Text::Input`] token; `None` only if the range is not one the
    /// source handed out.
    fn input_str(&self, start: usize, end: usize) -> Option<&'de str>;

    /// The bytes of a [`Text::Input`] token: a string's UTF-8 (a prefix of it
    /// need not be a `str`), or a [`Token::Bytes`]'s bytes; empty if the range is
    /// not one the source handed out.
    fn input_bytes(&self, start: usize, end: usize) -> &'de [u8];

    /// The text of the last [`Text::Scratch`] token.
    fn scratch(&self) -> &str;

    /// The bytes of the last [`Token::Bytes`] with [`Text::Scratch`].
    fn scratch_bytes(&self) -> &[u8] {
        &[]
    }

    /// Bytes consumed so far.
    fn byte_offset(&self) -> usize;

    /// The 1-based line and column of the last byte consumed.
    fn position(&self) -> (usize, usize);

    /// The 1-based line and column of the next byte (the one not consumed yet).
    fn peek_position(&self) -> (usize, usize);

    /// Whether only whitespace is left; otherwise the next value's first byte is
    /// not consumed.
    fn at_end(&mut self) -> Result<bool>;

    /// The first byte of the next value, not consumed (in JSON, the whitespace
    /// before it is); `None` at the end. The input's first byte tells the
    /// encodings apart.
    fn next_byte(&mut self) -> Result<Option<u8>>;

    /// Stops reading more than `bytes` of the input.
    fn set_limit(&mut self, bytes: usize);
}

/// An encoding's writer, as the Transit emitter drives it: values and the
/// punctuation of containers, nothing of Transit. Lengths are passed where they
/// are known, for encodings that write them ahead.
///
/// Public only so that it can bound [`Encode`](crate::encoding::Encode), which is
/// sealed: nothing outside this crate implements or calls it.
#[doc(hidden)]
pub trait Sink {
    /// A null.
    fn null(&mut self) -> Result<()>;
    /// A boolean.
    fn bool(&mut self, b: bool) -> Result<()>;
    /// An integer as a number.
    fn int(&mut self, i: i64) -> Result<()>;
    /// A finite float as a number.
    fn float(&mut self, f: f64) -> Result<()>;
    /// A finite single-precision float, for encodings that have them (MessagePack);
    /// others write it widened.
    fn float32(&mut self, f: f32) -> Result<()> {
        self.float(f64::from(f))
    }
    /// A string.
    fn str(&mut self, s: &str) -> Result<()>;
    /// One string made of two parts (a Transit prefix such as `~:` and a text).
    fn str2(&mut self, prefix: &str, text: &str) -> Result<()>;
    /// Opens an array of `len` items, if known.
    fn begin_array(&mut self, len: Option<usize>) -> Result<()>;
    /// Before each item of an array; `first` for the first one.
    fn array_item(&mut self, first: bool) -> Result<()>;
    /// Closes an array.
    fn end_array(&mut self) -> Result<()>;
    /// Opens a map of `len` entries, if known.
    fn begin_map(&mut self, len: Option<usize>) -> Result<()>;
    /// Before each key of a map; `first` for the first one.
    fn map_key(&mut self, first: bool) -> Result<()>;
    /// Between a key and its value.
    fn map_value(&mut self) -> Result<()>;
    /// Closes a map.
    fn end_map(&mut self) -> Result<()>;
}
