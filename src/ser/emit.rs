//! The Transit layer of the writer: values in, an encoding's tokens out.
//!
//! This is the only code of the writer that knows Transit's rules, which are
//! transit-java's:
//!
//! - a top-level scalar is quoted: `["~#'", x]` (verbose `{"~#'": x}`);
//! - integers within ±(2^53−1) are JSON numbers, others (and every integer map key)
//!   `"~i…"`; floats are numbers spelled as Java spells them, map keys `"~d…"`, NaN
//!   and the infinities `"~z…"`;
//! - a data string starting with `~`, `^` or a backquote gets a `~` in front;
//! - a map is `["^ ", k, v, …]` (verbose: an object); a tagged value
//!   `["~#tag", rep]` (verbose: `{"~#tag": rep}`);
//! - instants are `"~m<millis>"` (verbose: `"~t…"` as transit-java's writer spells
//!   it, for every year);
//! - in compact mode, map keys of four characters or more and keywords, symbols
//!   and tags of as many are written once in full and then as cache codes, the
//!   cache starting afresh with each top-level value and again after 1936 entries.
//!
//! MessagePack ([`Mode::Msgpack`]) follows transit-java's `MsgpackEmitter`: maps
//! are MessagePack maps whose keys may be any scalar; null, booleans, integers of
//! 64 bits and finite floats are native values, as keys too (beyond 64 bits `~n`,
//! NaN and the infinities `~z`, as in JSON); tags are `["~#tag", rep]`; a
//! one-character tag whose rep is not a string is written in that form
//! (`prefersStrings` is false there): an instant as `["~#m", millis]`, a uuid as
//! `["~#u", [high, low]]` (two signed 64-bit halves), except as map keys, which
//! take the string forms `~m…`, `~u…`; bytes are `~b` base64 strings, as
//! transit-java writes them; the cache works as in JSON.

use base64::Engine;

use crate::cache::{CacheWrite, WriteCache};
use crate::error::Result;
use crate::number::JavaDouble;
use crate::token::Sink;

/// Largest integer written as a JSON number: 2^53 − 1 (what a JavaScript reader
/// holds exactly).
const MAX_JSON_INT: i64 = (1 << 53) - 1;

/// Where the emitter is inside a map: whether an entry has been written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct MapState {
    first: bool,
}

/// Which of Transit's layouts the emitter writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// Transit JSON: maps as `["^ ", …]`, tags as 2-arrays, instants as `~m`.
    Json,
    /// JSON-Verbose: maps and tags as objects, instants as `~t`, no cache.
    Verbose,
    /// Transit MessagePack: maps as maps, native scalars as keys too, tags as
    /// 2-arrays, instants and uuids as tagged numbers.
    Msgpack,
}

/// The Transit emitter over a sink.
pub(crate) struct Emitter<S> {
    pub(crate) sink: S,
    pub(crate) cache: WriteCache,
    mode: Mode,
    /// Open containers; 0 means the next value is a top-level one.
    depth: usize,
}

impl<S: Sink> Emitter<S> {
    pub(crate) fn new(sink: S, mode: Mode, cache: WriteCache) -> Self {
        Emitter {
            sink,
            cache,
            mode,
            depth: 0,
        }
    }

    //////////////////////////////////////////////////////////////////////////
    // Nesting and quoting

    /// Opens a container: a top-level one starts a fresh cache.
    #[inline]
    pub(crate) fn enter(&mut self) {
        if self.depth == 0 {
            self.cache.clear();
        }
        self.depth += 1;
    }

    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Writes a scalar with `write`, quoted when it is the top-level value.
    #[inline]
    pub(crate) fn scalar(&mut self, write: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        if self.depth > 0 {
            return write(self);
        }
        self.enter();
        self.open_tag("'")?;
        write(self)?;
        self.close_tag()?;
        self.leave();
        Ok(())
    }

    //////////////////////////////////////////////////////////////////////////
    // Strings

    /// The wire string `prefix + text`, or its cache code.
    #[inline]
    pub(crate) fn wire_string(&mut self, prefix: &str, text: &str, as_key: bool) -> Result<()> {
        // Only map keys, keywords, symbols and tags can be cached: uuids, numbers and
        // the like as values skip the lookup (which checks the full rule again).
        let mut head = prefix.bytes().chain(text.bytes());
        let cacheable_kind = as_key
            || (head.next() == Some(b'~') && matches!(head.next(), Some(b':' | b'$' | b'#')));
        if cacheable_kind && self.cache.enabled() {
            if let CacheWrite::Code(code, len) = self.cache.lookup(prefix, text, as_key) {
                let code = std::str::from_utf8(&code[..len]).unwrap_or("^");
                return self.sink.str(code);
            }
        }
        self.sink.str2(prefix, text)
    }

    /// A data string, escaped with `~` when it starts with `~`, `^` or a backquote.
    #[inline]
    pub(crate) fn string(&mut self, s: &str, as_key: bool) -> Result<()> {
        let prefix = match s.as_bytes().first() {
            Some(b'~' | b'^' | b'`') => "~",
            _ => "",
        };
        // Data strings as values are never cached: skip the lookup.
        if !as_key && prefix.is_empty() {
            return self.sink.str(s);
        }
        self.wire_string(prefix, s, as_key)
    }

    //////////////////////////////////////////////////////////////////////////
    // Scalars

    pub(crate) fn null(&mut self, as_key: bool) -> Result<()> {
        if as_key && self.mode != Mode::Msgpack {
            self.wire_string("~_", "", true)
        } else {
            self.sink.null()
        }
    }

    pub(crate) fn bool(&mut self, b: bool, as_key: bool) -> Result<()> {
        if as_key && self.mode != Mode::Msgpack {
            self.wire_string("~?", if b { "t" } else { "f" }, true)
        } else {
            self.sink.bool(b)
        }
    }

    #[inline]
    pub(crate) fn integer(&mut self, i: i64, as_key: bool) -> Result<()> {
        if self.mode == Mode::Msgpack {
            return self.sink.int(i);
        }
        if as_key || !(-MAX_JSON_INT..=MAX_JSON_INT).contains(&i) {
            let mut buf = itoa::Buffer::new();
            self.wire_string("~i", buf.format(i), as_key)
        } else {
            self.sink.int(i)
        }
    }

    /// An integer of any size from its digits: `~i` rules within 64 bits, `~n`
    /// beyond.
    pub(crate) fn big_integer(&mut self, digits: &str, as_key: bool) -> Result<()> {
        match digits.parse::<i64>() {
            Ok(i) => self.integer(i, as_key),
            Err(_) => self.wire_string("~n", digits, as_key),
        }
    }

    #[inline]
    pub(crate) fn float(&mut self, f: f64, as_key: bool) -> Result<()> {
        if !f.is_finite() {
            let rep = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "INF"
            } else {
                "-INF"
            };
            return self.wire_string("~z", rep, as_key);
        }
        if as_key && self.mode != Mode::Msgpack {
            let text = JavaDouble::new(f);
            self.wire_string("~d", text.as_str(), true)
        } else {
            self.sink.float(f)
        }
    }

    /// An f32 with its own shortest digits (0.1f32 as 0.1, not as the widened
    /// 0.10000000149011612), which reads back to the same f32.
    pub(crate) fn float32(&mut self, f: f32, as_key: bool) -> Result<()> {
        if f.is_finite() && self.mode == Mode::Msgpack {
            // MessagePack has single-precision floats, as transit-java writes a
            // Java `float`.
            return self.sink.float32(f);
        }
        if f.is_finite() {
            let mut buffer = ryu::Buffer::new();
            let widened: f64 = buffer.format_finite(f).parse().unwrap_or(f64::from(f));
            self.float(widened, as_key)
        } else {
            self.float(f64::from(f), as_key)
        }
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8], as_key: bool) -> Result<()> {
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        self.wire_string("~b", &encoded, as_key)
    }

    pub(crate) fn char(&mut self, c: char, as_key: bool) -> Result<()> {
        let mut buf = [0; 4];
        self.wire_string("~c", c.encode_utf8(&mut buf), as_key)
    }

    /// An instant of `millis` milliseconds since the epoch.
    pub(crate) fn instant(&mut self, millis: i64, as_key: bool) -> Result<()> {
        match self.mode {
            Mode::Verbose => {
                let text = crate::java_time::format(millis);
                self.wire_string("~t", text.as_str(), as_key)
            }
            Mode::Msgpack if !as_key => {
                self.open_tag("m")?;
                self.sink.int(millis)?;
                self.close_tag()
            }
            Mode::Json | Mode::Msgpack => {
                let mut buf = itoa::Buffer::new();
                self.wire_string("~m", buf.format(millis), as_key)
            }
        }
    }

    /// A uuid from its text: `~u…`, or in MessagePack (but for map keys) its two
    /// halves as signed 64-bit integers, `["~#u", [high, low]]`. Text that is not
    /// a uuid is written as it is.
    pub(crate) fn uuid(&mut self, text: &str, as_key: bool) -> Result<()> {
        if self.mode == Mode::Msgpack && !as_key {
            if let Ok(uuid) = uuid::Uuid::try_parse(text) {
                let (high, low) = uuid.as_u64_pair();
                self.open_tag("u")?;
                self.sink.begin_array(Some(2))?;
                self.sink.array_item(true)?;
                self.sink.int(high as i64)?;
                self.sink.array_item(false)?;
                self.sink.int(low as i64)?;
                self.sink.end_array()?;
                return self.close_tag();
            }
        }
        self.wire_string("~u", text, as_key)
    }

    //////////////////////////////////////////////////////////////////////////
    // Containers

    /// `["~#tag",` or `{"~#tag":`, its rep to follow.
    pub(crate) fn open_tag(&mut self, tag: &str) -> Result<()> {
        if self.mode == Mode::Verbose {
            self.sink.begin_map(Some(1))?;
            self.sink.map_key(true)?;
            self.wire_string("~#", tag, false)?;
            self.sink.map_value()
        } else {
            self.sink.begin_array(Some(2))?;
            self.sink.array_item(true)?;
            self.wire_string("~#", tag, false)?;
            self.sink.array_item(false)
        }
    }

    pub(crate) fn close_tag(&mut self) -> Result<()> {
        if self.mode == Mode::Verbose {
            self.sink.end_map()
        } else {
            self.sink.end_array()
        }
    }

    pub(crate) fn open_array(&mut self, len: Option<usize>) -> Result<()> {
        self.sink.begin_array(len)
    }

    #[inline]
    pub(crate) fn array_item(&mut self, first: bool) -> Result<()> {
        self.sink.array_item(first)
    }

    pub(crate) fn close_array(&mut self) -> Result<()> {
        self.sink.end_array()
    }

    /// The start of a map of stringable keys: `["^ "` (verbose and MessagePack: a
    /// map).
    pub(crate) fn open_map(&mut self, len: Option<usize>) -> Result<MapState> {
        if self.mode != Mode::Json {
            self.sink.begin_map(len)?;
        } else {
            self.sink.begin_array(len.map(|n| 1 + 2 * n))?;
            self.sink.array_item(true)?;
            self.sink.str("^ ")?;
        }
        Ok(MapState { first: true })
    }

    /// Before a key (written next with `as_key`).
    #[inline]
    pub(crate) fn map_key(&mut self, state: &mut MapState) -> Result<()> {
        let first = std::mem::replace(&mut state.first, false);
        if self.mode != Mode::Json {
            self.sink.map_key(first)
        } else {
            self.sink.array_item(false)
        }
    }

    /// Between a key and its value.
    #[inline]
    pub(crate) fn map_value(&mut self) -> Result<()> {
        if self.mode != Mode::Json {
            self.sink.map_value()
        } else {
            self.sink.array_item(false)
        }
    }

    pub(crate) fn close_map(&mut self) -> Result<()> {
        if self.mode != Mode::Json {
            self.sink.end_map()
        } else {
            self.sink.end_array()
        }
    }

    /// `["~#cmap", [` (verbose `{"~#cmap": [`): a map whose keys are written as
    /// values, keys and values alternating in one array.
    pub(crate) fn open_cmap(&mut self, len: Option<usize>) -> Result<()> {
        self.open_tag("cmap")?;
        self.sink.begin_array(len.map(|n| 2 * n))
    }

    pub(crate) fn close_cmap(&mut self) -> Result<()> {
        self.sink.end_array()?;
        self.close_tag()
    }
}
