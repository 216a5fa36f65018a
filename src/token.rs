//! The boundary between an encoding (JSON today) and the Transit layer.
//!
//! An encoding's reader turns bytes into [`Token`]s and knows nothing of Transit:
//! no `"^ "`, no tags, no cache. The Transit reader in `wire` asks a [`Source`] for
//! one token at a time and for the next item of the container it is in; that is
//! all it needs, so a second encoding only has to implement this trait.

use crate::error::{Error, ErrorCode, Result};

/// Where the text of a string token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Text {
    /// Bytes `start..end` of the input, which the source lends for the whole
    /// deserialization ([`Source::input_str`]): zero copy.
    Input { start: usize, end: usize },
    /// In the source's scratch buffer ([`Source::scratch`]), until the next token is
    /// read.
    Scratch,
}

/// One token in value (or key) position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Token {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer outside `i64`: its decimal digits are the text.
    BigInt(Text),
    Float(f64),
    Str(Text),
    /// An array was opened. The value is the container state that the source wants
    /// back in [`Source::array_next`].
    Array(u32),
    /// An object (a map) was opened; its state goes back to [`Source::object_key`].
    Object(u32),
}

/// An encoding's reader, as the Transit layer drives it.
pub(crate) trait Source<'de> {
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

    /// The text of a [`Text::Input`] token; `None` only if the range is not one the
    /// source handed out.
    fn input_str(&self, start: usize, end: usize) -> Option<&'de str>;

    /// The text of the last [`Text::Scratch`] token.
    fn scratch(&self) -> &str;

    /// Bytes consumed so far.
    fn byte_offset(&self) -> usize;

    /// An error at the last byte consumed.
    fn error(&self, code: ErrorCode) -> Error;

    /// An error at the next byte (the one not consumed yet).
    fn peek_error(&self, code: ErrorCode) -> Error;

    /// The 1-based line and column of the last byte consumed.
    fn position(&self) -> (usize, usize);

    /// Whether only whitespace is left; otherwise the next value's first byte is
    /// not consumed.
    fn at_end(&mut self) -> Result<bool>;

    /// Stops reading more than `bytes` of the input.
    fn set_limit(&mut self, bytes: usize);
}
