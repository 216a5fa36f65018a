//! The one error type of this crate: what went wrong, and where.

use std::fmt::{self, Debug, Display};
use std::io;

/// A `Result` whose error is this crate's [`Error`].
///
/// ```
/// fn parse(body: &str) -> transit_format::Result<transit_format::Value> {
///     transit_format::from_str(body)
/// }
/// assert!(parse("[1,2]").is_ok());
/// ```
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong while reading or writing Transit.
///
/// It is one pointer wide: `Result<T>` stays small, which keeps the hot paths of the
/// reader fast (the same choice serde_json makes). Errors found in the input carry a
/// 1-based line and column; [`Error::classify`] tells what kind of failure it is.
///
/// ```
/// let err = transit_format::from_str::<transit_format::Value>(r#"["^ ","^7Z",1]"#).unwrap_err();
/// assert_eq!(err.to_string(), r#"unknown cache code "^7Z" at line 1 column 11"#);
/// assert_eq!(err.classify(), transit_format::error::Category::Data);
/// ```
pub struct Error {
    err: Box<ErrorImpl>,
}

struct ErrorImpl {
    code: ErrorCode,
    line: usize,
    column: usize,
    /// Where in the document, innermost segment first (it is built while unwinding).
    path: Vec<PathSegment>,
}

/// One step of the path to a value: a map key or an array index.
#[derive(Debug)]
pub(crate) enum PathSegment {
    Key(Box<str>),
    Index(usize),
}

/// What went wrong; the wording of each variant is fixed and tested.
#[derive(Debug)]
pub(crate) enum ErrorCode {
    /// A message from serde (`de::Error::custom`, `ser::Error::custom`) or from a tag decoder.
    Message(Box<str>),
    Io(io::Error),
    EofWhileParsingValue,
    EofWhileParsingString,
    EofWhileParsingArray,
    EofWhileParsingObject,
    ExpectedColon,
    ExpectedArrayCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    ExpectedSomeValue,
    KeyMustBeAString,
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    InvalidUnicodeCodePoint,
    LoneSurrogate,
    ControlCharacterInString,
    InvalidUtf8,
    TrailingCharacters,
    RecursionLimitExceeded,
    InputTooLarge(usize),
    UnknownCacheCode(Box<str>),
    CacheExpansion(usize),
    TagOutsideTagPosition(Box<str>),
    TagWithoutOneRep(Box<str>),
    MapAsArrayOddLength,
    /// A MessagePack marker byte that starts no value (0xc1).
    InvalidMarker(u8),
    /// A MessagePack extension value: Transit gives extension types no meaning.
    ExtensionType(i8),
    InvalidRep {
        tag: Box<str>,
        expected: &'static str,
        found: Box<str>,
    },
    /// The input was read in one encoding but starts as the other one does: what
    /// it looks like, and its first byte (in JSON, the first one other than
    /// whitespace).
    WrongEncoding(Looks, u8),
}

/// An encoding an input can look like from its first byte, for
/// [`ErrorCode::WrongEncoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Looks {
    /// JSON text.
    JsonText,
    /// Transit MessagePack.
    Msgpack,
}

impl Looks {
    /// Refuses an input read as MessagePack (`msgpack`) or as JSON that starts
    /// as the other encoding does, from `first`, the first byte of its first
    /// value (in JSON, after whitespace). Every reader checks this one rule
    /// before the first value: the one-shot functions and the streams alike.
    ///
    /// Transit writes only an array or a map at the top, never a bare scalar, so
    /// each encoding's first byte is one the other does not start a Transit value
    /// with. Read as MessagePack, JSON text would not fail: each of its bytes is
    /// a small integer, a stream of them. So `[`, `{` and JSON whitespace are
    /// refused there as JSON text. Read as JSON, an array or map marker
    /// (fixarray, fixmap, array 16/32, map 16/32) is never valid JSON, and is
    /// named as MessagePack rather than as an unexpected byte.
    pub(crate) fn refuse(msgpack: bool, first: Option<u8>) -> Result<()> {
        let looks = match (msgpack, first) {
            (true, Some(b'[' | b'{' | b' ' | b'\t' | b'\n' | b'\r')) => Looks::JsonText,
            (false, Some(0x80..=0x9f | 0xdc..=0xdf)) => Looks::Msgpack,
            _ => return Ok(()),
        };
        Err(Error::wrong_encoding(looks, first.unwrap_or(0)))
    }
}

impl Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Message(msg) => f.write_str(msg),
            ErrorCode::Io(err) => Display::fmt(err, f),
            ErrorCode::EofWhileParsingValue => f.write_str("EOF while parsing a value"),
            ErrorCode::EofWhileParsingString => f.write_str("EOF while parsing a string"),
            ErrorCode::EofWhileParsingArray => f.write_str("EOF while parsing an array"),
            ErrorCode::EofWhileParsingObject => f.write_str("EOF while parsing an object"),
            ErrorCode::ExpectedColon => f.write_str("expected `:`"),
            ErrorCode::ExpectedArrayCommaOrEnd => f.write_str("expected `,` or `]`"),
            ErrorCode::ExpectedObjectCommaOrEnd => f.write_str("expected `,` or `}`"),
            ErrorCode::ExpectedSomeValue => f.write_str("expected value"),
            ErrorCode::KeyMustBeAString => f.write_str("object key must be a string"),
            ErrorCode::InvalidEscape => f.write_str("invalid escape"),
            ErrorCode::InvalidNumber => f.write_str("invalid number"),
            ErrorCode::NumberOutOfRange => f.write_str("number out of range"),
            ErrorCode::InvalidUnicodeCodePoint => f.write_str("invalid unicode code point"),
            ErrorCode::LoneSurrogate => f.write_str("lone UTF-16 surrogate in \\u escape"),
            ErrorCode::ControlCharacterInString => {
                f.write_str("control character (\\u0000-\\u001F) found while parsing a string")
            }
            ErrorCode::InvalidUtf8 => f.write_str("invalid UTF-8 in string"),
            ErrorCode::TrailingCharacters => f.write_str("trailing characters"),
            ErrorCode::RecursionLimitExceeded => f.write_str("recursion limit exceeded"),
            ErrorCode::InputTooLarge(limit) => {
                write!(f, "input exceeds the limit of {limit} bytes")
            }
            ErrorCode::UnknownCacheCode(code) => write!(f, "unknown cache code {code:?}"),
            ErrorCode::CacheExpansion(limit) => write!(
                f,
                "cache codes repeat long strings into more than {limit} bytes: refused (a decompression bomb?)"
            ),
            ErrorCode::TagOutsideTagPosition(tag) => write!(
                f,
                "tag {tag:?} is only valid as the first item of a 2-item array or the only key of an object"
            ),
            ErrorCode::TagWithoutOneRep(tag) => {
                write!(f, "tag {tag:?} must be followed by exactly one value")
            }
            ErrorCode::MapAsArrayOddLength => {
                f.write_str("map written as [\"^ \", ...] has a key without a value")
            }
            ErrorCode::InvalidMarker(byte) => write!(f, "invalid MessagePack marker {byte:#04x}"),
            ErrorCode::ExtensionType(ty) => write!(
                f,
                "MessagePack extension type {ty} has no meaning in Transit"
            ),
            ErrorCode::InvalidRep { tag, expected, found } => {
                write!(f, "invalid rep for tag {tag:?}: expected {expected}, found {found}")
            }
            ErrorCode::WrongEncoding(Looks::JsonText, first) => {
                f.write_str("the input looks like JSON text (it starts with ")?;
                if first.is_ascii_whitespace() {
                    f.write_str("whitespace")?;
                } else {
                    write!(f, "`{}`", first.escape_ascii())?;
                }
                f.write_str("), not Transit MessagePack; read it as Transit JSON")
            }
            ErrorCode::WrongEncoding(Looks::Msgpack, first) => write!(
                f,
                "the input looks like Transit MessagePack (it starts with the marker {first:#04x}), not JSON; read it as MessagePack"
            ),
        }
    }
}

/// A column in the input is 1-based: a reader that counts the bytes before the
/// position gives 0 at the start of a line (an EOF right after a newline, or on
/// empty input), which is column 1. Column 0 is kept for "not in the input" (line 0).
fn one_based(line: usize, column: usize) -> usize {
    if line == 0 {
        column
    } else {
        column.max(1)
    }
}

/// Input quoted in an error message, cut to a readable length: a hostile input can
/// make a bad rep or cache code megabytes long.
pub(crate) fn snippet(text: &str) -> Box<str> {
    const MAX_CHARS: usize = 64;
    match text.char_indices().nth(MAX_CHARS) {
        None => text.into(),
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()).into(),
    }
}

/// The kind of an [`Error`], as [`Error::classify`] reports it.
///
/// ```
/// use transit_format::{error::Category, Value};
/// let err = transit_format::from_str::<Value>("[1,").unwrap_err();
/// assert_eq!(err.classify(), Category::Eof);
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Category {
    /// Reading from or writing to an `io::Read` / `io::Write` failed.
    Io,
    /// The input is not well-formed JSON (or MessagePack).
    Syntax,
    /// The input is well-formed JSON but not valid Transit, or does not fit the target type.
    Data,
    /// The input ended before a value was complete; more bytes could make it valid.
    Eof,
}

impl Error {
    #[cold]
    pub(crate) fn syntax(code: ErrorCode, line: usize, column: usize) -> Self {
        Error {
            err: Box::new(ErrorImpl {
                code,
                line,
                column: one_based(line, column),
                path: Vec::new(),
            }),
        }
    }

    #[cold]
    pub(crate) fn io(err: io::Error) -> Self {
        Error {
            err: Box::new(ErrorImpl {
                code: ErrorCode::Io(err),
                line: 0,
                column: 0,
                path: Vec::new(),
            }),
        }
    }

    #[cold]
    pub(crate) fn message(msg: impl Display) -> Self {
        Error {
            err: Box::new(ErrorImpl {
                code: ErrorCode::Message(msg.to_string().into_boxed_str()),
                line: 0,
                column: 0,
                path: Vec::new(),
            }),
        }
    }

    /// An error with a message, for a value that does not fit its type.
    ///
    /// ```
    /// let err = transit_format::Error::custom_message("bad point");
    /// assert!(err.is_data());
    /// ```
    #[cold]
    pub fn custom_message(msg: &str) -> Self {
        Error::message(msg)
    }

    /// Records that the error happened under map key `key` (called while unwinding).
    #[cold]
    pub(crate) fn under_key(mut self, key: &str) -> Self {
        self.err.path.push(PathSegment::Key(key.into()));
        self
    }

    /// Records that the error happened at array index `index`.
    #[cold]
    pub(crate) fn under_index(mut self, index: usize) -> Self {
        self.err.path.push(PathSegment::Index(index));
        self
    }

    /// The path to the value the error is about, like `props.ids[2]`, or an empty
    /// string at the top level or for errors found outside typed decoding.
    ///
    /// ```
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Event { props: Props }
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Props { ids: Vec<u8> }
    /// let err = transit_format::from_str::<Event>(r#"["^ ","~:props",["^ ","~:ids",[1,2,"x"]]]"#).unwrap_err();
    /// assert_eq!(err.path(), "props.ids[2]");
    /// ```
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.err.path.iter().rev() {
            match segment {
                PathSegment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                PathSegment::Index(i) => {
                    out.push('[');
                    out.push_str(itoa::Buffer::new().format(*i));
                    out.push(']');
                }
            }
        }
        out
    }

    /// Rewords serde's "invalid type: map" when the map was a private one-entry map
    /// standing for a Transit type, so the message names that type.
    #[cold]
    pub(crate) fn rename_unexpected(mut self, from: &str, to: &str) -> Self {
        if let ErrorCode::Message(msg) = &self.err.code {
            let prefix = format!("invalid type: {from},");
            if let Some(rest) = msg.strip_prefix(prefix.as_str()) {
                self.err.code = ErrorCode::Message(format!("invalid type: {to},{rest}").into());
            }
        }
        self
    }

    /// The limit of an [`ErrorCode::InputTooLarge`] error, for readers that
    /// report their own positions.
    pub(crate) fn input_limit(&self) -> Option<usize> {
        match self.err.code {
            ErrorCode::InputTooLarge(limit) => Some(limit),
            _ => None,
        }
    }

    /// Puts an error found in the input at another position (a binary reader
    /// counts bytes, not lines); I/O errors have none.
    #[cold]
    pub(crate) fn reposition(mut self, line: usize, column: usize) -> Self {
        if !matches!(self.err.code, ErrorCode::Io(_)) {
            self.err.line = line;
            self.err.column = one_based(line, column);
        }
        self
    }

    /// Gives a position to an error made without one (serde's `custom`, tag decoders).
    #[cold]
    pub(crate) fn fix_position(mut self, position: impl FnOnce() -> (usize, usize)) -> Self {
        if self.err.line == 0 && !matches!(self.err.code, ErrorCode::Io(_)) {
            let (line, column) = position();
            self.err.line = line;
            self.err.column = one_based(line, column);
        }
        self
    }

    /// The input, read in one encoding, looks like `looks` from its first byte
    /// `first`: an error at its start.
    #[cold]
    pub(crate) fn wrong_encoding(looks: Looks, first: u8) -> Self {
        Error::syntax(ErrorCode::WrongEncoding(looks, first), 1, 1)
    }

    /// The 1-based line of the input where the error was found, or 0 when it was not
    /// found in the input (an I/O failure, or an error while writing).
    ///
    /// ```
    /// let err = transit_format::from_str::<transit_format::Value>("[1,\n  tru]").unwrap_err();
    /// assert_eq!((err.line(), err.column()), (2, 6));
    /// ```
    pub fn line(&self) -> usize {
        self.err.line
    }

    /// The 1-based column (in bytes) of the input where the error was found, or 0.
    ///
    /// ```
    /// let err = transit_format::from_str::<transit_format::Value>("[1 2]").unwrap_err();
    /// assert_eq!(err.column(), 4);
    /// ```
    pub fn column(&self) -> usize {
        self.err.column
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// use transit_format::error::Category;
    /// let err = transit_format::from_str::<transit_format::Value>("[1 2]").unwrap_err();
    /// assert_eq!(err.classify(), Category::Syntax);
    /// ```
    pub fn classify(&self) -> Category {
        match self.err.code {
            ErrorCode::Io(_) => Category::Io,
            ErrorCode::EofWhileParsingValue
            | ErrorCode::EofWhileParsingString
            | ErrorCode::EofWhileParsingArray
            | ErrorCode::EofWhileParsingObject => Category::Eof,
            ErrorCode::ExpectedColon
            | ErrorCode::ExpectedArrayCommaOrEnd
            | ErrorCode::ExpectedObjectCommaOrEnd
            | ErrorCode::ExpectedSomeValue
            | ErrorCode::KeyMustBeAString
            | ErrorCode::InvalidEscape
            | ErrorCode::InvalidNumber
            | ErrorCode::NumberOutOfRange
            | ErrorCode::InvalidUnicodeCodePoint
            | ErrorCode::LoneSurrogate
            | ErrorCode::ControlCharacterInString
            | ErrorCode::InvalidUtf8
            | ErrorCode::TrailingCharacters
            | ErrorCode::RecursionLimitExceeded
            | ErrorCode::InvalidMarker(_)
            | ErrorCode::InputTooLarge(_)
            | ErrorCode::WrongEncoding(..) => Category::Syntax,
            ErrorCode::Message(_)
            | ErrorCode::UnknownCacheCode(_)
            | ErrorCode::CacheExpansion(_)
            | ErrorCode::TagOutsideTagPosition(_)
            | ErrorCode::TagWithoutOneRep(_)
            | ErrorCode::MapAsArrayOddLength
            | ErrorCode::ExtensionType(_)
            | ErrorCode::InvalidRep { .. } => Category::Data,
        }
    }

    /// True when reading from or writing to the underlying stream failed.
    ///
    /// ```
    /// let err = transit_format::from_str::<transit_format::Value>("[").unwrap_err();
    /// assert!(!err.is_io());
    /// ```
    pub fn is_io(&self) -> bool {
        self.classify() == Category::Io
    }

    /// True when the input is not well-formed JSON.
    ///
    /// ```
    /// let err = transit_format::from_str::<transit_format::Value>("[}").unwrap_err();
    /// assert!(err.is_syntax());
    /// ```
    pub fn is_syntax(&self) -> bool {
        self.classify() == Category::Syntax
    }

    /// True when the input is JSON but not valid Transit, or does not fit the target type.
    ///
    /// ```
    /// let err = transit_format::from_str::<transit_format::Value>(r#""~mxyz""#).unwrap_err();
    /// assert!(err.is_data());
    /// ```
    pub fn is_data(&self) -> bool {
        self.classify() == Category::Data
    }

    /// True when the input ended early: a stream reader may wait for more bytes.
    ///
    /// ```
    /// let err = transit_format::from_str::<transit_format::Value>(r#"["^ ","#).unwrap_err();
    /// assert!(err.is_eof());
    /// ```
    pub fn is_eof(&self) -> bool {
        self.classify() == Category::Eof
    }

    /// The kind of the underlying I/O error, for errors of [`Category::Io`].
    ///
    /// ```
    /// let err = transit_format::from_str::<transit_format::Value>("x").unwrap_err();
    /// assert_eq!(err.io_error_kind(), None);
    /// ```
    pub fn io_error_kind(&self) -> Option<io::ErrorKind> {
        match &self.err.code {
            ErrorCode::Io(err) => Some(err.kind()),
            _ => None,
        }
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        match (path.is_empty(), self.err.line) {
            (true, 0) => Display::fmt(&self.err.code, f),
            (true, line) => write!(
                f,
                "{} at line {line} column {}",
                self.err.code, self.err.column
            ),
            (false, 0) => write!(f, "{} at {path}", self.err.code),
            (false, line) => write!(
                f,
                "{} at {path}, line {line} column {}",
                self.err.code, self.err.column
            ),
        }
    }
}

// Short on purpose: people mostly see it through `unwrap()`.
impl Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Error({:?}, line: {}, column: {})",
            self.err.code.to_string(),
            self.err.line,
            self.err.column
        )
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.err.code {
            ErrorCode::Io(err) => Some(err),
            _ => None,
        }
    }
}

impl From<Error> for io::Error {
    /// I/O errors come back as they were; every other error becomes `InvalidData`
    /// (or `UnexpectedEof` for input that ended early).
    fn from(err: Error) -> io::Error {
        if let ErrorCode::Io(_) = err.err.code {
            if let ErrorCode::Io(inner) = err.err.code {
                return inner;
            }
            unreachable!()
        }
        match err.classify() {
            Category::Eof => io::Error::new(io::ErrorKind::UnexpectedEof, err),
            _ => io::Error::new(io::ErrorKind::InvalidData, err),
        }
    }
}

impl serde::de::Error for Error {
    #[cold]
    fn custom<T: Display>(msg: T) -> Self {
        Error::message(msg)
    }

    #[cold]
    fn invalid_type(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        // Transit's own words: "null", not serde's "unit value".
        if let serde::de::Unexpected::Unit = unexp {
            Error::custom(format_args!("invalid type: null, expected {exp}"))
        } else {
            Error::custom(format_args!("invalid type: {unexp}, expected {exp}"))
        }
    }
}

impl serde::ser::Error for Error {
    #[cold]
    fn custom<T: Display>(msg: T) -> Self {
        Error::message(msg)
    }
}
