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
//! where it can be), and arrays, maps, cmaps and tagged values, each with the
//! [`Cursor`] that walks it. The consumer holds the cursor (on its own stack, or
//! inside serde's access types, as serde_json's deserializer holds its state) and
//! asks it for each item; the cursor alternates keys and values, hands out a tag's
//! rep once, and closes with its container the quote and cmap wrappers around it.
//! The reader itself keeps only a depth counter and the ends of open wrappers: no
//! frame stack, no lookahead. The serde `Deserializer` and the `Value` builder are
//! its two consumers; neither looks at the wire.

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

/// What the reader found where a value starts. A container comes with its
/// [`Cursor`], which the consumer holds and walks: the reader keeps no container
/// state of its own.
#[derive(Debug)]
pub(crate) enum Event {
    Null,
    Bool(bool),
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
    /// `~t`, `~b`, `~r`, `~c`, `~f`, or one this crate does not know); its rep is
    /// [`Reader::str`].
    Scalar(char),
    /// An array: its items follow.
    Array(Cursor),
    /// A map: keys and values follow, alternating.
    Map(Cursor),
    /// A map whose keys were written as values: keys and values follow.
    Cmap(Cursor),
    /// A tagged value: its tag is [`Reader::str`] now, and its rep is the one item
    /// that follows.
    Tagged(Cursor),
}

impl Event {
    /// The cursor of a container, `None` for a scalar.
    #[inline]
    pub(crate) fn into_cursor(self) -> Option<Cursor> {
        match self {
            Event::Array(c) | Event::Map(c) | Event::Cmap(c) | Event::Tagged(c) => Some(c),
            _ => None,
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

    #[inline(always)]
    fn text(text: Text, skip: usize) -> Self {
        let (start, end, loc) = match text {
            Text::Input { start, end } => (start, end, IN_INPUT),
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

/// The first bytes of a tag's name, kept for error messages (the name itself may
/// be gone from the scratch buffer by the time an error is found).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ShortText {
    bytes: [u8; 23],
    len: u8,
}

impl ShortText {
    fn new(text: &str) -> Self {
        let mut bytes = [0; 23];
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

/// How a container is laid out on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// A plain array.
    Array,
    /// `["^ ", k, v, …]`.
    MapArray,
    /// A JSON object (a map).
    Object,
    /// The rep array of a cmap, `[k, v, …]`; its keys are values.
    Cmap,
    /// A tagged value `["~#tag", rep]`.
    TagArray,
    /// A tagged value `{"~#tag": rep}`.
    TagObject,
}

/// What a cursor read ahead: nothing, a token (the first item or key of an
/// array or object, or the rep of an `m` or `u` tag that was not numeric), or a
/// tag's name for error messages (the name itself may be gone from the scratch
/// buffer by the time an error is found). Kept small: a cursor travels inside
/// every container's event.
#[derive(Debug)]
enum Ahead {
    Nothing,
    Token(Token),
    Tag(ShortText),
}

/// Where a value is read: where strings are map keys (cacheable when longer than
/// three bytes), or a tag's rep (whose container does not count towards the
/// depth: the tag did).
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    Value,
    Key,
    Rep,
}

/// An open container, held by its consumer (on its own stack, or inside serde's
/// access types): [`Cursor::next`] hands out its items, keys and values
/// alternating in maps, a tag's rep then its end, and `None` once the container
/// (with the quote and cmap wrappers that close with it) has ended.
#[derive(Debug)]
pub(crate) struct Cursor {
    form: Form,
    /// The one-character tag (`m` or `u`) of a tagged value whose rep was read
    /// ahead (see `Ahead`), for error messages; 0 otherwise.
    numeric: u8,
    /// The source's state for this container (see [`Source::array_next`]).
    state: u32,
    /// Maps: the next item is a key. Tags: the rep was handed out.
    flag: bool,
    /// Whether it counts towards the depth limit (a tag's rep does not: the tag
    /// already did).
    counted: bool,
    /// An empty container, already ended on the wire.
    empty: bool,
    /// `next` returned `None`: the container and its wrappers are closed.
    done: bool,
    /// How many quote and cmap wrappers (the last ones on the reader's wrapper
    /// stack) end right after this container.
    wrappers: u16,
    ahead: Ahead,
}

impl Cursor {
    fn new(form: Form, state: u32, counted: bool, ahead: Ahead) -> Self {
        Cursor {
            form,
            numeric: 0,
            state,
            flag: matches!(form, Form::MapArray | Form::Object | Form::Cmap),
            counted,
            empty: false,
            done: false,
            wrappers: 0,
            ahead,
        }
    }

    /// The token read ahead, if any (taken).
    #[inline]
    fn first(&mut self) -> Option<Token> {
        match std::mem::replace(&mut self.ahead, Ahead::Nothing) {
            Ahead::Token(token) => Some(token),
            other => {
                self.ahead = other;
                None
            }
        }
    }

    /// A tagged value's name, for error messages.
    fn tag_name(&self) -> String {
        match &self.ahead {
            Ahead::Tag(name) => name.as_str().to_owned(),
            _ => char::from(self.numeric).to_string(),
        }
    }

    /// The next item: an array's item, a map's key or value (alternating), a
    /// tag's rep; `None` when the container ended (then it is closed, and so are
    /// the wrappers that end with it).
    #[inline(always)]
    pub(crate) fn next<'de, S: Source<'de>>(&mut self, r: &mut Reader<S>) -> Result<Option<Event>> {
        // Most items are those of a plain array or a `["^ ", …]` map with nothing
        // read ahead: one place reads them, so that the token source stays
        // inlined here.
        let plain = matches!(self.form, Form::Array | Form::MapArray)
            && matches!(self.ahead, Ahead::Nothing)
            && !self.empty
            && !self.done;
        if !plain {
            return self.next_other(r);
        }
        if r.src.array_next(&mut self.state)? {
            let at = if self.form == Form::MapArray {
                self.flag = !self.flag;
                if self.flag {
                    At::Value
                } else {
                    At::Key
                }
            } else {
                At::Value
            };
            return r.read(at).map(Some);
        }
        if self.form == Form::MapArray && !self.flag {
            return Err(r.error(ErrorCode::MapAsArrayOddLength));
        }
        self.done = true;
        r.close(self)?;
        Ok(None)
    }

    /// `next` for the other forms, a token read ahead, and ended containers.
    #[inline(never)]
    fn next_other<'de, S: Source<'de>>(&mut self, r: &mut Reader<S>) -> Result<Option<Event>> {
        if self.done {
            return Ok(None);
        }
        if !self.empty {
            match self.form {
                Form::Array => {
                    if let Some(token) = self.first() {
                        return r.token_event(token, At::Value).map(Some);
                    }
                    if r.src.array_next(&mut self.state)? {
                        return r.read(At::Value).map(Some);
                    }
                }
                Form::MapArray | Form::Cmap => {
                    if r.src.array_next(&mut self.state)? {
                        let at = match (self.flag, self.form) {
                            (true, Form::MapArray) => At::Key,
                            _ => At::Value,
                        };
                        self.flag = !self.flag;
                        return r.read(at).map(Some);
                    }
                    if !self.flag {
                        return Err(r.error(ErrorCode::MapAsArrayOddLength));
                    }
                }
                Form::Object => {
                    if !self.flag {
                        self.flag = true;
                        return r.read(At::Value).map(Some);
                    }
                    let key = match self.first() {
                        Some(token) => Some(token),
                        None => r.src.object_key(&mut self.state)?,
                    };
                    if let Some(token) = key {
                        self.flag = false;
                        return r.token_event(token, At::Key).map(Some);
                    }
                }
                Form::TagArray | Form::TagObject => {
                    let object = self.form == Form::TagObject;
                    if !self.flag {
                        self.flag = true;
                        if let Some(token) = self.first() {
                            return r.token_event(token, At::Rep).map(Some);
                        }
                        if object || r.src.array_next(&mut self.state)? {
                            return r.read(At::Rep).map(Some);
                        }
                        return Err(r.tag_without_one_rep(&self.tag_name()));
                    }
                    let more = if object {
                        r.src.object_key(&mut self.state)?.is_some()
                    } else {
                        r.src.array_next(&mut self.state)?
                    };
                    if more {
                        return Err(r.tag_without_one_rep(&self.tag_name()));
                    }
                }
            }
        }
        self.done = true;
        r.close(self)?;
        Ok(None)
    }
}

/// The end of a quote (`["~#'", x]`) or of the array or object around a cmap's
/// rep, still to be read when the value inside is complete.
#[derive(Clone, Copy, Debug)]
struct Wrapper {
    object: bool,
    state: u32,
    /// `'` or `cmap`, for error messages.
    tag: &'static str,
}

/// What opening an array or object gave.
enum Opened {
    Event(Event),
    /// A quote was opened: the quoted value is the next token.
    Quote,
}

/// The Transit reader over a token source.
pub(crate) struct Reader<S> {
    pub(crate) src: S,
    cache: ReadCache,
    /// Containers open (each counted one), and wrappers.
    depth: usize,
    max_depth: usize,
    /// Quote and cmap wrappers still open, innermost last; each belongs to the
    /// cursor of the container it closes with (see `Cursor::wrappers`).
    wrappers: Vec<Wrapper>,
    cur: Current,
    /// Bytes repeated by cache hits within the current top-level value.
    copied: usize,
    /// The text of a scalar read from its numeric form (see `numeric_scalar`).
    own: String,
    /// The cursors of `skip`, kept for the next value (empty between calls).
    skipping: Vec<Cursor>,
}

/// A reader's buffers, kept between top-level values and between readers.
#[derive(Default)]
pub(crate) struct Buffers {
    cache: ReadCache,
    skipping: Vec<Cursor>,
}

impl<S> Reader<S> {
    /// The buffers back, for the next reader.
    pub(crate) fn take_buffers(&mut self) -> Buffers {
        let mut cache = std::mem::take(&mut self.cache);
        cache.trim();
        let mut skipping = std::mem::take(&mut self.skipping);
        skipping.clear();
        if skipping.capacity() > 1024 {
            skipping = Vec::new();
        }
        Buffers { cache, skipping }
    }
}

impl<'de, S: Source<'de>> Reader<S> {
    pub(crate) fn new(src: S, buffers: Buffers) -> Self {
        Reader {
            src,
            cache: buffers.cache,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            wrappers: Vec::new(),
            cur: Current::text(Text::Scratch, 0),
            copied: 0,
            own: String::new(),
            skipping: buffers.skipping,
        }
    }

    pub(crate) fn set_max_depth(&mut self, depth: usize) {
        self.max_depth = depth;
    }

    /// Starts a top-level value: each one has a fresh cache. Also forgets whatever
    /// a value that failed left behind.
    pub(crate) fn begin(&mut self) {
        self.cache.clear();
        self.wrappers.clear();
        self.depth = 0;
        self.copied = 0;
    }

    /// Whether no container is open: the next value read is a top-level value.
    #[inline]
    pub(crate) fn at_top(&self) -> bool {
        self.depth == 0
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
    // Values

    /// Reads a value where one starts (a top-level value; items of containers
    /// come from their [`Cursor`]).
    #[inline]
    pub(crate) fn value(&mut self) -> Result<Event> {
        self.read(At::Value)
    }

    /// Reads the next value at `at`.
    #[inline(always)]
    fn read(&mut self, at: At) -> Result<Event> {
        let token = self.src.value()?;
        // Strings and numbers, the most of any document, on a short path.
        match token {
            Token::Str(text) => self.string(text, at == At::Key),
            Token::Int(i) => Ok(Event::Int(i)),
            Token::Float(f) => Ok(Event::Float(f)),
            Token::Null => Ok(Event::Null),
            Token::Bool(b) => Ok(Event::Bool(b)),
            other => self.token_event(other, at),
        }
    }

    /// The value a token read at `at` starts: containers, and quotes around a
    /// value (whose ends are read once the value is complete).
    #[inline(never)]
    fn token_event(&mut self, mut token: Token, mut at: At) -> Result<Event> {
        let mut quotes = 0u16;
        loop {
            let event = match token {
                Token::Null => Event::Null,
                Token::Bool(b) => Event::Bool(b),
                Token::Int(i) => Event::Int(i),
                Token::Float(f) => Event::Float(f),
                Token::BigInt(text) => {
                    self.cur = Current::text(text, 0);
                    Event::BigInt
                }
                Token::Str(text) => self.string(text, at == At::Key)?,
                Token::Bytes(text) => {
                    self.cur = Current::text(text, 0);
                    Event::Bytes
                }
                Token::Array(state) | Token::Object(state) => {
                    let opened = if let Token::Array(_) = token {
                        self.open_array(state, at == At::Rep)?
                    } else {
                        self.open_object(state, at == At::Rep)?
                    };
                    match opened {
                        Opened::Event(event) => event,
                        Opened::Quote => {
                            quotes += 1;
                            token = self.src.value()?;
                            at = At::Value;
                            continue;
                        }
                    }
                }
            };
            return self.quoted(event, quotes);
        }
    }

    /// `event` read inside `quotes` quotes: a container closes them with its own
    /// end, a scalar now.
    #[inline]
    fn quoted(&mut self, mut event: Event, quotes: u16) -> Result<Event> {
        if quotes == 0 {
            return Ok(event);
        }
        match &mut event {
            Event::Array(c) | Event::Map(c) | Event::Cmap(c) | Event::Tagged(c) => {
                c.wrappers += quotes;
            }
            _ => {
                for _ in 0..quotes {
                    self.close_wrapper()?;
                }
            }
        }
        Ok(event)
    }

    /// Skips the rest of a value that started with `event`, still recording its
    /// cacheable strings (later codes may stand for them). Nothing is built, and
    /// nesting costs no call stack.
    pub(crate) fn skip(&mut self, event: Event) -> Result<()> {
        let Some(cursor) = event.into_cursor() else {
            return Ok(());
        };
        let mut open = std::mem::take(&mut self.skipping);
        open.push(cursor);
        let mut result = Ok(());
        while let Some(top) = open.last_mut() {
            match top.next(self) {
                Ok(Some(event)) => {
                    if let Some(cursor) = event.into_cursor() {
                        open.push(cursor);
                    }
                }
                Ok(None) => {
                    open.pop();
                }
                Err(err) => {
                    result = Err(err);
                    break;
                }
            }
        }
        open.clear();
        self.skipping = open;
        result
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

    /// A cursor's container ended: it no longer counts, and the wrappers that end
    /// with it are read.
    fn close(&mut self, cursor: &Cursor) -> Result<()> {
        if cursor.counted {
            self.depth -= 1;
        }
        for _ in 0..cursor.wrappers {
            self.close_wrapper()?;
        }
        Ok(())
    }

    /// Consumes the end of the innermost wrapper, which must come now.
    fn close_wrapper(&mut self) -> Result<()> {
        let Some(mut wrapper) = self.wrappers.pop() else {
            return Ok(());
        };
        let more = if wrapper.object {
            self.src.object_key(&mut wrapper.state)?.is_some()
        } else {
            self.src.array_next(&mut wrapper.state)?
        };
        if more {
            return Err(self.tag_without_one_rep(wrapper.tag));
        }
        self.depth -= 1;
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

    /// The cursor of a container that opened (its depth was checked).
    #[inline]
    fn open(&mut self, form: Form, state: u32, counted: bool, ahead: Ahead) -> Cursor {
        if counted {
            self.depth += 1;
        }
        Cursor::new(form, state, counted, ahead)
    }

    /// The cursor of an empty container, which ends at its first `next`.
    #[inline]
    fn open_empty(&mut self, form: Form, state: u32, counted: bool) -> Cursor {
        let mut cursor = self.open(form, state, counted, Ahead::Nothing);
        cursor.empty = true;
        cursor
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
        self.cur = Current::text(text, skip);
        self.event_of(kind)
    }

    /// Records a cacheable string: its place in the input, or a copy of it.
    #[inline]
    fn record(&mut self, text: Text, kind: Kind, skip: usize) {
        match text {
            Text::Input { start, end } => self.cache.push("", Some((start, end)), kind, skip),
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
    fn event_of(&self, kind: Kind) -> Result<Event> {
        Ok(match kind {
            Kind::Data => Event::Str,
            Kind::Keyword => Event::Keyword,
            Kind::Symbol => Event::Symbol,
            Kind::Tag => return Err(self.tag_outside_tag_position()),
            Kind::Scalar(tag @ ('_' | '?' | 'i' | 'd' | 'z' | 'n')) => self.ground(tag)?,
            Kind::Scalar(tag) => Event::Scalar(tag),
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
                "t" => Event::Bool(true),
                "f" => Event::Bool(false),
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
    fn open_array(&mut self, mut state: u32, rep: bool) -> Result<Opened> {
        // A tag's rep does not count (the tag did), unless it is a tagged value.
        let counted = !rep;
        if counted {
            self.check_depth()?;
        }
        if !self.src.array_next(&mut state)? {
            let cursor = self.open_empty(Form::Array, state, counted);
            return Ok(Opened::Event(Event::Array(cursor)));
        }
        let first = self.src.value()?;
        if let Token::Str(text) = first {
            let s = wire_bytes(&self.src, text);
            if s == b"^ " {
                let cursor = self.open(Form::MapArray, state, counted, Ahead::Nothing);
                return Ok(Opened::Event(Event::Map(cursor)));
            }
            if self.is_tag(s) {
                return self.open_tag(text, false, state, counted);
            }
        }
        let cursor = self.open(Form::Array, state, counted, Ahead::Token(first));
        Ok(Opened::Event(Event::Array(cursor)))
    }

    /// After `{`: a tagged value (its first key is a tag) or a map.
    fn open_object(&mut self, mut state: u32, rep: bool) -> Result<Opened> {
        let counted = !rep;
        if counted {
            self.check_depth()?;
        }
        let Some(first) = self.src.object_key(&mut state)? else {
            let cursor = self.open_empty(Form::Object, state, counted);
            return Ok(Opened::Event(Event::Map(cursor)));
        };
        if let Token::Str(text) = first {
            let s = wire_bytes(&self.src, text);
            if self.is_tag(s) {
                return self.open_tag(text, true, state, counted);
            }
        }
        let cursor = self.open(Form::Object, state, counted, Ahead::Token(first));
        Ok(Opened::Event(Event::Map(cursor)))
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

    /// Opens a quote or cmap wrapper: its end is read when the value inside is
    /// complete.
    fn wrap(&mut self, object: bool, state: u32, tag: &'static str) {
        self.depth += 1;
        self.wrappers.push(Wrapper { object, state, tag });
    }

    /// The tag string at the head of an array or object, and what follows it.
    fn open_tag(
        &mut self,
        text: Text,
        object: bool,
        mut state: u32,
        checked: bool,
    ) -> Result<Opened> {
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
            self.cur = Current::text(text, 2);
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
        if let (Some(tag), false) = (numeric, object) {
            let rep = match self.numeric_scalar(tag, &mut state)? {
                Ok(event) => return Ok(Opened::Event(event)),
                Err(rep) => rep,
            };
            // Another rep, read already: the generic tagged value. Its tag text may
            // have been in the scratch buffer that reading the rep reused, so it is
            // kept in the reader's own (a one-character tag is never cached: no
            // slot).
            self.own.clear();
            self.own.push_str("~#");
            self.own.push(tag);
            self.cur = Current::own(2);
            let mut cursor = self.open(Form::TagArray, state, true, Ahead::Token(rep));
            cursor.numeric = tag as u8;
            return Ok(Opened::Event(Event::Tagged(cursor)));
        }
        if quote {
            if !object && !self.src.array_next(&mut state)? {
                return Err(self.tag_without_one_rep("'"));
            }
            self.wrap(object, state, "'");
            return Ok(Opened::Quote);
        }
        if cmap {
            if !object && !self.src.array_next(&mut state)? {
                return Err(self.tag_without_one_rep("cmap"));
            }
            self.wrap(object, state, "cmap");
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
            let mut cursor = self.open(Form::Cmap, rep_state, false, Ahead::Nothing);
            cursor.wrappers = 1;
            return Ok(Opened::Event(Event::Cmap(cursor)));
        }
        let form = if object {
            Form::TagObject
        } else {
            Form::TagArray
        };
        let name = Ahead::Tag(ShortText::new(&self.str()?));
        let cursor = self.open(form, state, true, name);
        Ok(Opened::Event(Event::Tagged(cursor)))
    }
}

impl<'de, S: Source<'de>> Reader<S> {
    /// After the tag of `["~#m", …]` or `["~#u", …]`: an integer rep of `m`, or
    /// a rep of two integers of `u` (MessagePack's forms, which transit-java also
    /// reads in JSON), is the scalar `~m<millis>` or `~u<uuid>`: its text is made
    /// here, so that consumers meet one form of instants and uuids. Another rep
    /// is handed back, read, for the generic tagged value (`Err`).
    fn numeric_scalar(
        &mut self,
        tag: char,
        state: &mut u32,
    ) -> Result<std::result::Result<Event, Token>> {
        if !self.src.array_next(state)? {
            return Err(self.tag_without_one_rep(&tag.to_string()));
        }
        let rep = self.src.value()?;
        self.own.clear();
        match (tag, rep) {
            ('m', Token::Int(millis)) => self.own.push_str(itoa::Buffer::new().format(millis)),
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
                let mut buf = uuid::Uuid::encode_buffer();
                self.own.push_str(
                    uuid::Uuid::from_u128(bits)
                        .hyphenated()
                        .encode_lower(&mut buf),
                );
            }
            (_, rep) => return Ok(Err(rep)),
        }
        if self.src.array_next(state)? {
            return Err(self.tag_without_one_rep(&tag.to_string()));
        }
        self.cur = Current::own(0);
        Ok(Ok(Event::Scalar(tag)))
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
        Text::Input { start, end } => src.input_bytes(start, end),
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
        Token::Bool(_) => "boolean",
        Token::Int(_) | Token::BigInt(_) => "integer",
        Token::Float(_) => "float",
        Token::Str(_) => "string",
        Token::Bytes(_) => "byte string",
        Token::Array(_) => "array",
        Token::Object(_) => "map",
    }
}
