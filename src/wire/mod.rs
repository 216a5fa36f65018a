//! The Transit layer of the reader: tokens in, Transit events out.
//!
//! This is the only code that knows how Transit is laid out on the wire, in both
//! JSON modes (a reader is never told which one it reads, and a document may mix
//! them):
//!
//! - a map is `["^ ", k, v, …]` or an object `{k: v, …}`; the marker `"^ "` is only
//!   special as the first item of an array;
//! - a tagged value is `["~#tag", rep]` or an object whose only key is the tag,
//!   `{"~#tag": rep}`; a tag anywhere else is an error;
//! - `["~#'", x]` quotes a top-level scalar and reads as `x`;
//! - `["~#cmap", [k, v, …]]` is a map whose keys are written as values;
//! - `"~~x"`, `"~^x"` and ``"~`x"`` are the data strings `~x`, `^x` and `` `x ``;
//!   `"~:name"` a keyword, `"~$name"` a symbol, `"~Xrep"` a scalar of tag `X`;
//! - `["~#m", millis]` and `["~#u", [high, low]]` (how MessagePack writes an
//!   instant and a uuid) are the scalars `"~m<millis>"` and `"~u<uuid>"`;
//! - `"^0"`, `"^1"`, …, `"^[["` are cache codes: the reader records every
//!   cacheable string it sees in full (see `crate::cache::is_cacheable`), in
//!   document order, and a code stands for the string recorded at its index.
//!
//! [`Reader`] hands out [`Event`]s: scalars (their text borrowed from the input
//! where it can be), and the starts of arrays, maps, cmaps and tagged values.
//! A consumer walks a container with [`Reader::next_item`], which says whether
//! another item follows or the container ended. The serde `Deserializer` and the
//! `Value` builder are its two consumers; neither looks at the wire.

mod cache;

pub(crate) use self::cache::Kind;
use self::cache::ReadCache;

use crate::cache::{code_to_index, is_cacheable_utf8};
use crate::error::{snippet, Error, ErrorCode, Result};
use crate::json::read::Reference;
use crate::token::{Source, Text, Token};

/// Nesting depth allowed by default: an array, a map, a set, a list or any other
/// tagged value is one level each.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// How many bytes cache hits may repeat within one top-level value: 1 MiB plus 16
/// per byte of input read so far. Far beyond real documents (a hit repeats the few
/// bytes of a map key), small enough that a hostile one cannot turn kilobytes into
/// gigabytes of strings through repeated codes. Keywords, symbols and tags are not
/// counted: their consumers share one copy.
const CACHE_COPIES_SLACK: usize = 1 << 20;
const CACHE_COPIES_PER_BYTE: usize = 16;

/// What the reader found where a value starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Event {
    Null,
    /// The booleans are two events rather than one with a `bool`: a payload byte
    /// beside the 8-byte ones made copies of `Result<Event>` partial (see
    /// [`Event::Scalar`]).
    True,
    False,
    Int(i64),
    Float(f64),
    /// An integer of any size (a JSON integer past `i64`, or `~n`): its digits are
    /// [`Reader::str`].
    BigInt,
    /// A data string: [`Reader::str`].
    Str,
    /// A byte string (MessagePack's bin): [`Reader::bytes`].
    Bytes,
    /// A keyword; its name is [`Reader::str`].
    Keyword,
    /// A symbol; its name is [`Reader::str`].
    Symbol,
    /// A scalar with a one-character tag other than the ones above (`~u`, `~m`,
    /// `~t`, `~b`, `~r`, `~c`, `~f`, or one this crate does not know): its tag is
    /// [`Reader::tag`], its rep [`Reader::str`]. The tag is not carried in the
    /// event: a `char` beside the 8-byte payloads made copies of `Result<Event>`
    /// partial stores that the next load could not forward from, a stall on
    /// every string read (seen in `perf annotate` of `next_value`).
    Scalar,
    /// An array: its items follow.
    Array,
    /// A map: keys and values follow, alternating.
    Map,
    /// A map whose keys were written as values: keys and values follow.
    Cmap,
    /// A tagged value: its tag is [`Reader::str`], and its rep is the one item that
    /// follows.
    Tagged,
}

impl Event {
    /// Whether items follow (read with `next_item`) until the container ends.
    pub(crate) fn opens(self) -> bool {
        matches!(
            self,
            Event::Array | Event::Map | Event::Cmap | Event::Tagged
        )
    }
}

/// The rep of the [`Event::Scalar`] just handed out, when it was written as
/// numbers (MessagePack's `["~#m", millis]` and `["~#u", [high, low]]`, which
/// transit-java also reads in JSON): consumers take it as it is, and its text
/// (`Reader::str`) is made only if one asks for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decoded {
    /// The rep is text.
    No,
    /// `m`: milliseconds since the epoch.
    Millis(i64),
    /// `u`: the uuid's 128 bits.
    Uuid(u128),
}

impl Decoded {
    /// The text the same scalar has in its string form.
    fn text(self) -> String {
        match self {
            Decoded::No => String::new(),
            Decoded::Millis(millis) => itoa::Buffer::new().format(millis).to_owned(),
            Decoded::Uuid(bits) => uuid::Uuid::from_u128(bits).hyphenated().to_string(),
        }
    }
}

/// The cache entry a string was a hit of (a cache code), for consumers that keep
/// their own decoded copy of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    /// The cache index.
    pub(crate) index: usize,
    /// Which push filled it (the same index is reused after 1936 entries).
    pub(crate) seq: u64,
}

/// Where the text of the current string is: `start..end` of the input, the
/// source's scratch buffer, the buffer of cache entry `start`, or the reader's
/// own buffer (a scalar's text made from a numeric rep).
const IN_INPUT: u8 = 0;
const IN_SCRATCH: u8 = 1;
const IN_ENTRY: u8 = 2;
const IN_OWN: u8 = 3;
/// A scalar read from its numeric form: its text is made on demand.
const IN_DECODED: u8 = 4;

/// The current string, kept small: it is written for every string read.
#[derive(Clone, Copy, Debug)]
struct Current {
    start: usize,
    end: usize,
    /// `IN_INPUT`, `IN_SCRATCH` or `IN_ENTRY`.
    loc: u8,
    /// Bytes of prefix to skip (`~:` of a keyword, `~` of an escape).
    skip: u8,
    /// Whether it was a cache hit (then `seq` is the entry's push, and for text in
    /// the input `hit_index` its index).
    hit: bool,
    hit_index: u16,
    seq: u64,
}

impl Current {
    /// A cache hit of entry `index`.
    #[inline]
    fn hit(index: usize, entry: &cache::Entry) -> Self {
        let (start, end, loc) = match entry.span {
            Some((start, end)) => (start, end, IN_INPUT),
            None => (index, 0, IN_ENTRY),
        };
        Current {
            start,
            end,
            loc,
            skip: entry.skip as u8,
            hit: true,
            hit_index: index as u16,
            seq: entry.seq,
        }
    }

    /// Text in the reader's own buffer.
    fn own(skip: u8) -> Self {
        Current {
            start: 0,
            end: 0,
            loc: IN_OWN,
            skip,
            hit: false,
            hit_index: 0,
            seq: 0,
        }
    }

    /// A string token's text: `span` is where the source says the last input
    /// string lies.
    #[inline(always)]
    fn text(text: Text, span: (usize, usize), skip: usize) -> Self {
        let (start, end, loc) = match text {
            Text::Input => (span.0, span.1, IN_INPUT),
            Text::Scratch => (0, 0, IN_SCRATCH),
        };
        Current {
            start,
            end,
            loc,
            skip: skip as u8,
            hit: false,
            hit_index: 0,
            seq: 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    /// A plain array.
    Array,
    /// `["^ ", …]`; `key`: the next item is a key.
    MapArray { key: bool },
    /// A JSON object (a map); `key`: the next item is a key.
    Object { key: bool },
    /// The rep array of a cmap; its keys are values.
    Cmap { key: bool },
    /// The array or object around a cmap's rep, closed together with it.
    CmapOuter { object: bool },
    /// A tagged value; `rep`: its rep has been handed out; `tag`: its name, for
    /// error messages.
    Tag {
        object: bool,
        rep: bool,
        tag: ShortText,
    },
    /// `["~#'", x]`, closed as soon as `x` is complete.
    Quote { object: bool },
}

/// The first bytes of a tag's name, kept for error messages (the name itself may
/// be gone from the scratch buffer by the time an error is found).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ShortText {
    bytes: [u8; 22],
    len: u8,
}

impl ShortText {
    fn new(text: &str) -> Self {
        let mut bytes = [0; 22];
        let mut len = text.len().min(bytes.len());
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        ShortText {
            bytes,
            len: len as u8,
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("?")
    }
}

#[derive(Clone, Copy, Debug)]
struct Open {
    frame: Frame,
    /// The source's state for this container.
    state: u32,
    /// Whether it counts towards the depth limit (a tag's rep does not: the tag
    /// already did).
    counted: bool,
    /// An empty container: it ends at the next `next_item`.
    ended: bool,
}

/// What processing a token gave.
enum Step {
    Event(Event),
    /// A quote was opened: the quoted value is the next token.
    Quoted,
}

/// The Transit reader over a token source.
pub(crate) struct Reader<S> {
    pub(crate) src: S,
    cache: ReadCache,
    stack: Vec<Open>,
    depth: usize,
    max_depth: usize,
    /// A token read but not yet made an event: the first item of an array or the
    /// first key of an object, read to tell maps and tags from arrays and maps.
    token: Option<Token>,
    /// An event made by `peek`, handed out by the next `next_value`.
    peeked: Option<Event>,
    /// Whether the value read next is a map key (set by `next_item`).
    key: bool,
    /// Quotes open (`["~#'", x]`): each ends as soon as its value is complete.
    quotes: usize,
    cur: Current,
    /// Bytes repeated by cache hits within the current top-level value.
    copied: usize,
    /// The text of a scalar read from its numeric form (see `numeric_scalar`).
    own: String,
    /// The tag of the last [`Event::Scalar`].
    tag: char,
    /// The typed rep of the last [`Event::Scalar`], when it had one: which form
    /// (`No`, `m` or `u`) and its bits. Kept as two plain words rather than a
    /// `Decoded`: writing only a `Decoded`'s tag (for every scalar read as text)
    /// and then copying the whole enum out was a store-forwarding stall that
    /// made every body half again as slow.
    decoded_form: u64,
    decoded_bits: [u64; 2],
    /// Its text, made when first asked for.
    decoded_text: std::cell::OnceCell<String>,
}

/// A reader's buffers, kept between top-level values and between readers.
#[derive(Default)]
pub(crate) struct Buffers {
    cache: ReadCache,
    stack: Vec<Open>,
}

impl<S> Reader<S> {
    /// The buffers back, for the next reader.
    pub(crate) fn take_buffers(&mut self) -> Buffers {
        let mut cache = std::mem::take(&mut self.cache);
        cache.trim();
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        if stack.capacity() > 1024 {
            stack = Vec::new();
        }
        Buffers { cache, stack }
    }
}

impl<'de, S: Source<'de>> Reader<S> {
    pub(crate) fn new(src: S, buffers: Buffers) -> Self {
        Reader {
            src,
            cache: buffers.cache,
            stack: buffers.stack,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            token: None,
            peeked: None,
            key: false,
            quotes: 0,
            cur: Current::text(Text::Scratch, (0, 0), 0),
            copied: 0,
            own: String::new(),
            tag: '\0',
            decoded_form: 0,
            decoded_bits: [0; 2],
            decoded_text: std::cell::OnceCell::new(),
        }
    }

    pub(crate) fn set_max_depth(&mut self, depth: usize) {
        self.max_depth = depth;
    }

    /// Starts a top-level value: each one has a fresh cache. Also forgets whatever
    /// a value that failed left behind.
    pub(crate) fn begin(&mut self) {
        self.cache.clear();
        self.stack.clear();
        self.depth = 0;
        self.token = None;
        self.peeked = None;
        self.key = false;
        self.quotes = 0;
        self.copied = 0;
    }

    /// Whether no value is being read: the next one is a top-level value.
    #[inline]
    pub(crate) fn at_top(&self) -> bool {
        self.stack.is_empty() && self.peeked.is_none() && self.token.is_none()
    }

    //////////////////////////////////////////////////////////////////////////
    // Errors

    /// An error at the last byte read.
    #[cold]
    pub(crate) fn error(&self, code: ErrorCode) -> Error {
        let (line, column) = self.src.position();
        Error::syntax(code, line, column)
    }

    /// An error at the next byte.
    #[cold]
    fn peek_error(&self, code: ErrorCode) -> Error {
        let (line, column) = self.src.peek_position();
        Error::syntax(code, line, column)
    }

    /// Gives an error made without a position (serde's `custom`, a tag decoder) the
    /// current one.
    #[cold]
    pub(crate) fn fix_position(&self, err: Error) -> Error {
        err.fix_position(|| self.src.position())
    }

    //////////////////////////////////////////////////////////////////////////
    // The current string

    /// The one-character tag of the [`Event::Scalar`] just handed out.
    #[inline]
    pub(crate) fn tag(&self) -> char {
        self.tag
    }

    /// Whether the [`Event::Scalar`] just handed out was written as numbers (see
    /// [`Reader::decoded`]).
    #[inline(always)]
    pub(crate) fn is_decoded(&self) -> bool {
        self.decoded_form != 0
    }

    /// The typed rep of the [`Event::Scalar`] just handed out, if it was written
    /// as numbers.
    #[inline]
    pub(crate) fn decoded(&self) -> Decoded {
        let [high, low] = self.decoded_bits;
        match self.decoded_form {
            1 => Decoded::Millis(high as i64),
            2 => Decoded::Uuid(u128::from(high) << 64 | u128::from(low)),
            _ => Decoded::No,
        }
    }

    /// The text of the string event just handed out (a data string, a keyword's or
    /// symbol's name, a scalar's rep, a tag, or a big integer's digits): borrowed
    /// from the input when it was written there without escapes.
    #[inline(always)]
    pub(crate) fn str(&self) -> Result<Reference<'de, '_, str>> {
        let cur = self.cur;
        let skip = usize::from(cur.skip);
        let text = match cur.loc {
            IN_INPUT => self
                .src
                .input_str(cur.start + skip, cur.end)
                .map(Reference::Borrowed),
            IN_SCRATCH => self.src.scratch().get(skip..).map(Reference::Copied),
            IN_OWN => self.own.get(skip..).map(Reference::Copied),
            IN_DECODED => Some(Reference::Copied(
                self.decoded_text
                    .get_or_init(|| self.decoded().text())
                    .as_str(),
            )),
            _ => self
                .cache
                .get(cur.start)
                .and_then(|entry| entry.buf.get(skip..))
                .map(Reference::Copied),
        };
        text.ok_or_else(|| self.lost_text())
    }

    /// The bytes of the byte string event just handed out.
    pub(crate) fn bytes(&self) -> Result<Reference<'de, '_, [u8]>> {
        let cur = self.cur;
        match cur.loc {
            IN_INPUT => Ok(Reference::Borrowed(
                self.src.input_bytes(cur.start, cur.end),
            )),
            IN_SCRATCH => Ok(Reference::Copied(self.src.scratch_bytes())),
            _ => Err(self.lost_text()),
        }
    }

    #[cold]
    fn lost_text(&self) -> Error {
        self.error(ErrorCode::Message(
            "internal error: a string's text is no longer available".into(),
        ))
    }

    /// The cache entry the string event just handed out was a hit of, if it was one.
    #[inline]
    pub(crate) fn slot(&self) -> Option<Slot> {
        let cur = self.cur;
        cur.hit.then(|| Slot {
            index: if cur.loc == IN_ENTRY {
                cur.start
            } else {
                usize::from(cur.hit_index)
            },
            seq: cur.seq,
        })
    }

    //////////////////////////////////////////////////////////////////////////
    // Values and containers

    /// Reads the next value: the first token of it, and for containers what tells
    /// their kind apart.
    #[inline]
    pub(crate) fn next_value(&mut self) -> Result<Event> {
        if self.peeked.is_some() || self.token.is_some() {
            return self.next_pending();
        }
        let as_key = std::mem::replace(&mut self.key, false);
        let token = self.src.value()?;
        // Strings and numbers, the most of any document, on a short path.
        let event = match token {
            Token::Str(text) => self.string(text, as_key)?,
            Token::Int(i) => Event::Int(i),
            Token::Float(f) => Event::Float(f),
            Token::Null => Event::Null,
            Token::True => Event::True,
            Token::False => Event::False,
            other => return self.next_token(other, as_key),
        };
        if self.quotes > 0 {
            self.value_done()?;
        }
        Ok(event)
    }

    /// `next_value` when a token or an event is already read.
    #[inline(never)]
    fn next_pending(&mut self) -> Result<Event> {
        if let Some(event) = self.peeked.take() {
            return Ok(event);
        }
        let as_key = std::mem::replace(&mut self.key, false);
        match self.token.take() {
            Some(token) => self.next_token(token, as_key),
            None => self.next_value(),
        }
    }

    /// The value a token starts: containers, and quotes around a value.
    #[inline(never)]
    fn next_token(&mut self, mut token: Token, mut as_key: bool) -> Result<Event> {
        loop {
            match self.process(token, as_key)? {
                Step::Event(event) => return Ok(event),
                Step::Quoted => {
                    token = self.src.value()?;
                    as_key = false;
                }
            }
        }
    }

    /// If the next value is a null, reads it and says so; otherwise reads nothing
    /// (a cheap look for `Option`s, which are mostly not null).
    #[inline]
    pub(crate) fn next_is_null(&mut self) -> Result<bool> {
        if self.peeked.is_some() || self.token.is_some() {
            if self.peek()? == Event::Null {
                self.next_value()?;
                return Ok(true);
            }
            return Ok(false);
        }
        if self.src.next_is_null()? {
            self.key = false;
            self.value_done()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Hands `event`, just read with `next_value`, out again at the next
    /// `next_value` (its string's text stays available until then).
    #[inline]
    pub(crate) fn unread(&mut self, event: Event) {
        self.peeked = Some(event);
    }

    /// The next value's event without consuming it: the next `next_value` hands it
    /// out again (and the text of a string stays available until then).
    pub(crate) fn peek(&mut self) -> Result<Event> {
        if let Some(event) = self.peeked {
            return Ok(event);
        }
        let event = self.next_value()?;
        self.peeked = Some(event);
        Ok(event)
    }

    /// Inside a container, before each item: whether an item follows (to be read
    /// with `next_value`), or the container ended. In maps and cmaps the items
    /// alternate between keys and values; a key without a value is an error.
    #[inline]
    pub(crate) fn next_item(&mut self) -> Result<bool> {
        let pending = self.token.is_some() || self.peeked.is_some();
        let Some(top) = self.stack.last_mut() else {
            return Ok(false);
        };
        if top.ended {
            self.close()?;
            return Ok(false);
        }
        match top.frame {
            Frame::Array => {
                if pending || self.src.array_next(&mut top.state)? {
                    return Ok(true);
                }
            }
            Frame::MapArray { key } => {
                if pending || self.src.array_next(&mut top.state)? {
                    top.frame = Frame::MapArray { key: !key };
                    self.key = key;
                    return Ok(true);
                }
                if !key {
                    return Err(self.error(ErrorCode::MapAsArrayOddLength));
                }
            }
            Frame::Object { key } => {
                if !key {
                    top.frame = Frame::Object { key: true };
                    return Ok(true);
                }
                if !pending {
                    match self.src.object_key(&mut top.state)? {
                        Some(token) => self.token = Some(token),
                        None => return self.close().map(|()| false),
                    }
                }
                if let Some(top) = self.stack.last_mut() {
                    top.frame = Frame::Object { key: false };
                }
                self.key = true;
                return Ok(true);
            }
            Frame::Cmap { key } => {
                if pending || self.src.array_next(&mut top.state)? {
                    top.frame = Frame::Cmap { key: !key };
                    return Ok(true);
                }
                if !key {
                    return Err(self.error(ErrorCode::MapAsArrayOddLength));
                }
            }
            Frame::Tag { object, rep, tag } => {
                if !rep {
                    top.frame = Frame::Tag {
                        object,
                        rep: true,
                        tag,
                    };
                    // `pending`: the rep was read already (see `numeric_scalar`).
                    if object || pending || self.src.array_next(&mut top.state)? {
                        return Ok(true);
                    }
                    return Err(self.tag_without_one_rep(tag.as_str()));
                }
                let more = if object {
                    self.src.object_key(&mut top.state)?.is_some()
                } else {
                    self.src.array_next(&mut top.state)?
                };
                if more {
                    return Err(self.tag_without_one_rep(tag.as_str()));
                }
            }
            Frame::CmapOuter { .. } | Frame::Quote { .. } => {
                return Err(self.error(ErrorCode::Message(
                    "internal error: an item asked of a closed container".into(),
                )))
            }
        }
        self.close()?;
        Ok(false)
    }

    /// Skips a value, still recording its cacheable strings (later codes may stand
    /// for them). Nothing is built.
    pub(crate) fn skip(&mut self) -> Result<()> {
        if !self.next_value()?.opens() {
            return Ok(());
        }
        let mut open = 1usize;
        while open > 0 {
            if self.next_item()? {
                if self.next_value()?.opens() {
                    open += 1;
                }
            } else {
                open -= 1;
            }
        }
        Ok(())
    }

    /// Checks that only whitespace is left.
    pub(crate) fn end(&mut self) -> Result<()> {
        if self.src.at_end()? {
            Ok(())
        } else {
            Err(self.peek_error(ErrorCode::TrailingCharacters))
        }
    }

    /// At the byte that shows a tag has no rep, or a second one.
    #[cold]
    fn tag_without_one_rep(&self, tag: &str) -> Error {
        self.error(ErrorCode::TagWithoutOneRep(snippet(tag)))
    }

    /// Pops the top container, then closes the quotes and cmap wrappers that end
    /// with it.
    fn close(&mut self) -> Result<()> {
        if let Some(open) = self.stack.pop() {
            if open.counted {
                self.depth -= 1;
            }
            if let Frame::Cmap { .. } = open.frame {
                self.close_wrapper("cmap")?;
            }
        }
        self.value_done()
    }

    /// A value is complete: a quote around it ends here.
    #[inline(always)]
    fn value_done(&mut self) -> Result<()> {
        if self.quotes == 0 {
            return Ok(());
        }
        while let Some(Open {
            frame: Frame::Quote { .. },
            ..
        }) = self.stack.last()
        {
            self.close_wrapper("'")?;
        }
        Ok(())
    }

    /// Consumes the end of the quote or cmap wrapper on top, which must come now.
    fn close_wrapper(&mut self, tag: &str) -> Result<()> {
        let Some(top) = self.stack.last_mut() else {
            return Ok(());
        };
        let more = match top.frame {
            Frame::Quote { object } | Frame::CmapOuter { object } if object => {
                self.src.object_key(&mut top.state)?.is_some()
            }
            _ => self.src.array_next(&mut top.state)?,
        };
        if more {
            return Err(self.tag_without_one_rep(tag));
        }
        if let Some(open) = self.stack.pop() {
            if open.counted {
                self.depth -= 1;
            }
            if let Frame::Quote { .. } = open.frame {
                self.quotes -= 1;
            }
        }
        Ok(())
    }

    /// Before a container that counts opens: an error at its opening byte when it
    /// would nest too deeply.
    #[inline]
    fn check_depth(&self) -> Result<()> {
        if self.depth >= self.max_depth {
            return Err(self.error(ErrorCode::RecursionLimitExceeded));
        }
        Ok(())
    }

    /// Opens a container (its depth was checked).
    #[inline]
    fn push(&mut self, frame: Frame, state: u32, counted: bool, ended: bool) {
        if counted {
            self.depth += 1;
        }
        self.stack.push(Open {
            frame,
            state,
            counted,
            ended,
        });
    }

    /// Whether the value being read is the rep of a tagged value.
    #[inline]
    fn in_rep(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Open {
                frame: Frame::Tag { .. },
                ..
            })
        )
    }

    #[inline(always)]
    fn process(&mut self, token: Token, as_key: bool) -> Result<Step> {
        let event = match token {
            Token::Null => Event::Null,
            Token::True => Event::True,
            Token::False => Event::False,
            Token::Int(i) => Event::Int(i),
            Token::Float(f) => Event::Float(f),
            Token::BigInt(text) => {
                self.cur = Current::text(text, self.src.span(), 0);
                Event::BigInt
            }
            Token::Str(text) => self.string(text, as_key)?,
            Token::Bytes(text) => {
                self.cur = Current::text(text, self.src.span(), 0);
                Event::Bytes
            }
            Token::Array(state) => return self.open_array(state),
            Token::Object(state) => return self.open_object(state),
        };
        self.value_done()?;
        Ok(Step::Event(event))
    }

    /// A string token in value or key position.
    #[inline(always)]
    fn string(&mut self, text: Text, as_key: bool) -> Result<Event> {
        let bytes = wire_bytes(&self.src, text);
        if bytes.first() == Some(&b'^') && bytes != b"^ " {
            let index = self.code(bytes)?;
            return self.hit(index);
        }
        let (kind, skip) = classify(bytes);
        if is_cacheable_utf8(bytes, as_key) {
            self.record(text, kind, skip);
        }
        self.cur = Current::text(text, self.src.span(), skip);
        self.event_of(kind)
    }

    /// Records a cacheable string: its place in the input, or a copy of it.
    #[inline]
    fn record(&mut self, text: Text, kind: Kind, skip: usize) {
        match text {
            Text::Input => self.cache.push("", Some(self.src.span()), kind, skip),
            Text::Scratch => self.cache.push(self.src.scratch(), None, kind, skip),
        };
    }

    /// The index a cache code stands for.
    fn code(&self, code: &[u8]) -> Result<usize> {
        match code_to_index(code) {
            Some(index) if self.cache.get(index).is_some() => Ok(index),
            _ => Err(self.unknown_code(code)),
        }
    }

    #[cold]
    fn unknown_code(&self, code: &[u8]) -> Error {
        let code = String::from_utf8_lossy(code);
        self.error(ErrorCode::UnknownCacheCode(snippet(&code)))
    }

    /// The string a cache code stands for becomes the current one.
    #[inline]
    fn hit(&mut self, index: usize) -> Result<Event> {
        let Some(entry) = self.cache.get(index) else {
            return Err(self.error(ErrorCode::UnknownCacheCode(index.to_string().into())));
        };
        let (kind, skip, seq) = (entry.kind, entry.skip, entry.seq);
        let cur = Current::hit(index, entry);
        if matches!(kind, Kind::Data | Kind::Scalar(_)) {
            let len = match entry.span {
                Some((start, end)) => end - start,
                None => entry.buf.len(),
            };
            self.copied += len;
            let allowed = CACHE_COPIES_SLACK
                .saturating_add(CACHE_COPIES_PER_BYTE.saturating_mul(self.src.byte_offset()));
            if self.copied > allowed {
                return Err(self.error(ErrorCode::CacheExpansion(allowed)));
            }
        }
        debug_assert_eq!((usize::from(cur.skip), cur.seq), (skip, seq));
        self.cur = cur;
        self.event_of(kind)
    }

    /// The event for the current string, of kind `kind`: the ground scalars
    /// (`~_`, `~?`, `~i`, `~d`, `~z`, `~n`) become the same events as their JSON
    /// forms.
    #[inline(always)]
    fn event_of(&mut self, kind: Kind) -> Result<Event> {
        Ok(match kind {
            Kind::Data => Event::Str,
            Kind::Keyword => Event::Keyword,
            Kind::Symbol => Event::Symbol,
            Kind::Tag => return Err(self.tag_outside_tag_position()),
            Kind::Scalar(tag @ ('_' | '?' | 'i' | 'd' | 'z' | 'n')) => self.ground(tag)?,
            Kind::Scalar(tag) => {
                self.tag = tag;
                self.decoded_form = 0;
                Event::Scalar
            }
        })
    }

    #[cold]
    fn tag_outside_tag_position(&self) -> Error {
        let tag = match self.str() {
            Ok(text) => snippet(&format!("~#{}", &*text)),
            Err(_) => "?".into(),
        };
        self.error(ErrorCode::TagOutsideTagPosition(tag))
    }

    #[cold]
    fn invalid_rep(&self, tag: char, expected: &'static str) -> Error {
        let found = match self.str() {
            Ok(text) => snippet(&text),
            Err(_) => "?".into(),
        };
        self.error(ErrorCode::InvalidRep {
            tag: tag.to_string().into(),
            expected,
            found,
        })
    }

    fn ground(&self, tag: char) -> Result<Event> {
        let rep = self.str()?;
        Ok(match tag {
            '_' if rep.is_empty() => Event::Null,
            '_' => return Err(self.invalid_rep(tag, "nothing after `~_`")),
            '?' => match &*rep {
                "t" => Event::True,
                "f" => Event::False,
                _ => return Err(self.invalid_rep(tag, "`t` or `f`")),
            },
            'i' => match rep.parse() {
                Ok(i) => Event::Int(i),
                Err(_) => {
                    return Err(self.invalid_rep(tag, "a decimal integer within the 64-bit range"))
                }
            },
            'd' => match parse_java_double(&rep) {
                Some(f) => Event::Float(f),
                None => return Err(self.invalid_rep(tag, "a decimal number")),
            },
            'z' => Event::Float(match &*rep {
                "NaN" => f64::NAN,
                "INF" => f64::INFINITY,
                "-INF" => f64::NEG_INFINITY,
                _ => return Err(self.invalid_rep(tag, "`NaN`, `INF` or `-INF`")),
            }),
            _ => {
                let digits = rep.strip_prefix(['-', '+']).unwrap_or(&rep);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(self.invalid_rep(tag, "decimal integer digits"));
                }
                Event::BigInt
            }
        })
    }

    /// After `[`: a map (`"^ "` first), a tagged value (a tag first), or an array.
    fn open_array(&mut self, mut state: u32) -> Result<Step> {
        // A tag's rep does not count (the tag did), unless it is a tagged value.
        let counted = !self.in_rep();
        if counted {
            self.check_depth()?;
        }
        if !self.src.array_next(&mut state)? {
            self.push(Frame::Array, state, counted, true);
            return Ok(Step::Event(Event::Array));
        }
        let first = self.src.value()?;
        if let Token::Str(text) = first {
            let s = wire_bytes(&self.src, text);
            if s == b"^ " {
                self.push(Frame::MapArray { key: true }, state, counted, false);
                return Ok(Step::Event(Event::Map));
            }
            if self.is_tag(s) {
                return self.open_tag(text, false, state, counted);
            }
        }
        self.push(Frame::Array, state, counted, false);
        self.token = Some(first);
        Ok(Step::Event(Event::Array))
    }

    /// After `{`: a tagged value (its first key is a tag) or a map.
    fn open_object(&mut self, mut state: u32) -> Result<Step> {
        let counted = !self.in_rep();
        if counted {
            self.check_depth()?;
        }
        let Some(first) = self.src.object_key(&mut state)? else {
            self.push(Frame::Object { key: true }, state, counted, true);
            return Ok(Step::Event(Event::Map));
        };
        if let Token::Str(text) = first {
            let s = wire_bytes(&self.src, text);
            if self.is_tag(s) {
                return self.open_tag(text, true, state, counted);
            }
        }
        self.push(Frame::Object { key: true }, state, counted, false);
        self.token = Some(first);
        Ok(Step::Event(Event::Map))
    }

    /// Whether a wire string at the head of a container is a tag (`~#tag`, or a
    /// cache code standing for one).
    #[inline]
    fn is_tag(&self, b: &[u8]) -> bool {
        match b.first() {
            Some(b'~') => b.get(1) == Some(&b'#'),
            Some(b'^') if b != b"^ " => code_to_index(b)
                .and_then(|i| self.cache.get(i))
                .is_some_and(|e| e.kind == Kind::Tag),
            _ => false,
        }
    }

    /// The tag string at the head of an array or object, and what follows it.
    fn open_tag(&mut self, text: Text, object: bool, state: u32, checked: bool) -> Result<Step> {
        if !checked {
            self.check_depth()?;
        }
        // Read as a value: `~#tag` strings of four characters or more are cached.
        let bytes = wire_bytes(&self.src, text);
        if bytes.first() == Some(&b'^') {
            let index = self.code(bytes)?;
            let Some(entry) = self.cache.get(index) else {
                return Err(self.lost_text());
            };
            self.cur = Current::hit(index, entry);
        } else {
            if is_cacheable_utf8(bytes, false) {
                self.record(text, Kind::Tag, 2);
            }
            self.cur = Current::text(text, self.src.span(), 2);
        }
        let (quote, cmap, numeric) = {
            let tag = self.str()?;
            let numeric = match tag.as_bytes() {
                [b'm'] => Some('m'),
                [b'u'] => Some('u'),
                _ => None,
            };
            (&*tag == "'", &*tag == "cmap", numeric)
        };
        let mut state = state;
        if let (Some(tag), false) = (numeric, object) {
            match self.numeric_scalar(tag, &mut state)? {
                Some(event) => return Ok(Step::Event(event)),
                None => {
                    // Another rep, read already: the generic tagged value. Its tag
                    // text may have been in the scratch buffer that reading the rep
                    // reused, so it is kept in the reader's own (a one-character tag
                    // is never cached: no slot).
                    self.own.clear();
                    self.own.push_str("~#");
                    self.own.push(tag);
                    self.cur = Current::own(2);
                    self.push(
                        Frame::Tag {
                            object,
                            rep: false,
                            tag: ShortText::new(&tag.to_string()),
                        },
                        state,
                        true,
                        false,
                    );
                    return Ok(Step::Event(Event::Tagged));
                }
            }
        }
        if quote {
            self.push(Frame::Quote { object }, state, true, false);
            self.quotes += 1;
            let top = self.stack.last_mut().expect("just pushed");
            if !object && !self.src.array_next(&mut top.state)? {
                return Err(self.tag_without_one_rep("'"));
            }
            return Ok(Step::Quoted);
        }
        if cmap {
            self.push(Frame::CmapOuter { object }, state, true, false);
            let top = self.stack.last_mut().expect("just pushed");
            if !object && !self.src.array_next(&mut top.state)? {
                return Err(self.tag_without_one_rep("cmap"));
            }
            let rep_state = match self.src.value()? {
                Token::Array(rep_state) => rep_state,
                other => {
                    return Err(self.error(ErrorCode::InvalidRep {
                        tag: "cmap".into(),
                        expected: "an array of keys and values",
                        found: token_name(other).into(),
                    }))
                }
            };
            self.push(Frame::Cmap { key: true }, rep_state, false, false);
            return Ok(Step::Event(Event::Cmap));
        }
        let tag = ShortText::new(&self.str()?);
        self.push(
            Frame::Tag {
                object,
                rep: false,
                tag,
            },
            state,
            true,
            false,
        );
        Ok(Step::Event(Event::Tagged))
    }
}

impl<'de, S: Source<'de>> Reader<S> {
    /// After the tag of `["~#m", …]` or `["~#u", …]`: an integer rep of `m`, or
    /// a rep of two integers of `u` (MessagePack's forms, which transit-java also
    /// reads in JSON), is the scalar `~m<millis>` or `~u<uuid>`, its rep kept
    /// typed ([`Decoded`]). Another rep is left pending for the generic tagged
    /// value (`None`).
    fn numeric_scalar(&mut self, tag: char, state: &mut u32) -> Result<Option<Event>> {
        if !self.src.array_next(state)? {
            return Err(self.tag_without_one_rep(&tag.to_string()));
        }
        let rep = self.src.value()?;
        let decoded = match (tag, rep) {
            ('m', Token::Int(millis)) => Decoded::Millis(millis),
            ('u', Token::Array(mut halves)) => {
                let mut bits = 0u128;
                for _ in 0..2 {
                    match self.src.array_next(&mut halves)? {
                        true => match self.src.value()? {
                            Token::Int(half) => bits = bits << 64 | u128::from(half as u64),
                            _ => return Err(self.not_two_halves()),
                        },
                        false => return Err(self.not_two_halves()),
                    }
                }
                if self.src.array_next(&mut halves)? {
                    return Err(self.not_two_halves());
                }
                Decoded::Uuid(bits)
            }
            (_, rep) => {
                self.token = Some(rep);
                return Ok(None);
            }
        };
        if self.src.array_next(state)? {
            return Err(self.tag_without_one_rep(&tag.to_string()));
        }
        self.cur = Current::own(0);
        self.cur.loc = IN_DECODED;
        (self.decoded_form, self.decoded_bits) = match decoded {
            Decoded::No => (0, [0; 2]),
            Decoded::Millis(millis) => (1, [millis as u64, 0]),
            Decoded::Uuid(bits) => (2, [(bits >> 64) as u64, bits as u64]),
        };
        self.decoded_text = std::cell::OnceCell::new();
        self.value_done()?;
        self.tag = tag;
        Ok(Some(Event::Scalar))
    }

    #[cold]
    fn not_two_halves(&self) -> Error {
        self.error(ErrorCode::InvalidRep {
            tag: "u".into(),
            expected: "two 64-bit integers",
            found: "another array".into(),
        })
    }
}

/// The bytes of a string token as it is on the wire (UTF-8).
#[inline(always)]
fn wire_bytes<'a, 'de: 'a, S: Source<'de>>(src: &'a S, text: Text) -> &'a [u8] {
    match text {
        Text::Input => {
            let (start, end) = src.span();
            src.input_bytes(start, end)
        }
        Text::Scratch => src.scratch().as_bytes(),
    }
}

/// What a wire string (its UTF-8 bytes) means before any decoding, and how many
/// bytes of prefix its text starts after.
#[inline(always)]
fn classify(b: &[u8]) -> (Kind, usize) {
    if b.len() < 2 || b[0] != b'~' {
        return (Kind::Data, 0);
    }
    match b[1] {
        b'~' | b'^' | b'`' => (Kind::Data, 1),
        b'#' => (Kind::Tag, 2),
        b':' => (Kind::Keyword, 2),
        b'$' => (Kind::Symbol, 2),
        c if c.is_ascii() => (Kind::Scalar(char::from(c)), 2),
        lead => {
            // A character of 2 to 4 bytes after `~` (its lead byte says how many).
            let len = match lead {
                0xf0.. => 4,
                0xe0.. => 3,
                _ => 2,
            };
            let tag = b
                .get(1..1 + len)
                .and_then(|c| std::str::from_utf8(c).ok())
                .and_then(|c| c.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (Kind::Scalar(tag), 1 + len)
        }
    }
}

/// Java's `Double.parseDouble` takes `NaN` and `Infinity`; Rust's parser also takes
/// `inf`, which Java does not write, so only the Java spellings are accepted.
pub(crate) fn parse_java_double(rep: &str) -> Option<f64> {
    match rep {
        "NaN" => Some(f64::NAN),
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if rep
            .bytes()
            .any(|b| b.is_ascii_alphabetic() && !matches!(b, b'e' | b'E')) =>
        {
            None
        }
        _ => rep.parse().ok(),
    }
}

fn token_name(token: Token) -> &'static str {
    match token {
        Token::Null => "null",
        Token::True | Token::False => "boolean",
        Token::Int(_) | Token::BigInt(_) => "integer",
        Token::Float(_) => "float",
        Token::Str(_) => "string",
        Token::Bytes(_) => "byte string",
        Token::Array(_) => "array",
        Token::Object(_) => "map",
    }
}
