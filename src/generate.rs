//! Random Transit values for fuzzing and property tests: the one generator behind
//! [`Value`]'s `arbitrary::Arbitrary` implementation, the strategies of
//! [`transit_format::proptest`](crate::proptest) (feature `proptest`) and
//! `transit gen`.
//!
//! The values hold every Transit type, nested up to a bounded depth, in maps and
//! sets without repeated keys (keys are values too: composite keys make cmaps).
//! They lean on what breaks implementations:
//!
//! * strings with a leading `~`, `^` or `` ` `` (which a writer escapes), cache-code
//!   look-alikes (`"^0"`, `"^1A"`), tag look-alikes (`"~#set"`), JSON escapes,
//!   control characters, non-BMP characters (surrogate pairs in JSON `\u` escapes,
//!   two UTF-16 units against one `char`);
//! * keywords, symbols and map keys drawn from a small pool and long enough to be
//!   cached (more than three characters), so that cache codes are common; and now
//!   and then (see [`Options::cache_rollover`]) a value with more than 1,936 distinct
//!   cacheable strings, which rolls the cache over;
//! * integers and floats at the edges of JSON's exact range (±(2^53 − 1)), of `i64`
//!   and of `f64` (subnormals, infinities, NaN, `-0.0`); big integers and decimals;
//!   instants from 1582-10-15 (where every implementation spells a date the same)
//!   to year 9999; tags that are not the spec's.
//!
//! Every value reads back equal from each of this crate's encodings.
//!
//! [`Options::generate`] draws one value from an [`arbitrary::Unstructured`] (a
//! fuzzer's bytes), with knobs for depth, size and the [`Kind`]s of value;
//! [`Options::values`] is a seeded stream of them, the same for a seed and options
//! on every platform (no `usize` or hash order goes into it; the crate's tests pin
//! a seed's stream, so a change to it is a deliberate one).
//!
//! ```
//! use transit_format::generate::{Kind, Kinds, Options};
//!
//! let options = Options::new().max_depth(2).kinds(Kinds::from_iter([Kind::Map, Kind::Keyword, Kind::Integer]));
//! for value in options.values(7).take(100) {
//!     let text = transit_format::to_string(&value).unwrap();
//!     assert_eq!(transit_format::from_str::<transit_format::Value>(&text).unwrap(), value);
//! }
//! ```

use std::fmt;
use std::str::FromStr;

use ::arbitrary::{Result, Unstructured};
use chrono::DateTime;
use uuid::Uuid;

use crate::types::{BigDecimal, BigInt, Keyword, Link, Symbol, Tagged, Uri};
use crate::value::{Map, Set, Value};

/// One kind of [`Value`] the generator may make; its name on the command line is
/// the kebab-case of the variant (`big-int`, `keyword`, `map`).
///
/// ```
/// use transit_format::generate::Kind;
/// assert_eq!("big-decimal".parse::<Kind>().unwrap(), Kind::BigDecimal);
/// assert_eq!(Kind::BigDecimal.to_string(), "big-decimal");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `Value::Null`.
    Null,
    /// `Value::Bool`.
    Bool,
    /// `Value::Integer`.
    Integer,
    /// `Value::BigInt`.
    BigInt,
    /// `Value::Float`.
    Float,
    /// `Value::BigDecimal`.
    BigDecimal,
    /// `Value::String`.
    String,
    /// `Value::Keyword`.
    Keyword,
    /// `Value::Symbol`.
    Symbol,
    /// `Value::Bytes`.
    Bytes,
    /// `Value::Uuid`.
    Uuid,
    /// `Value::Instant`.
    Instant,
    /// `Value::Uri`.
    Uri,
    /// `Value::Char`.
    Char,
    /// `Value::Array`.
    Array,
    /// `Value::List`.
    List,
    /// `Value::Set`.
    Set,
    /// `Value::Map`, with scalar keys or, as a cmap, composite ones.
    Map,
    /// `Value::Link`.
    Link,
    /// `Value::Tagged`: one-character tags with a string rep, and longer tags with
    /// any rep.
    Tagged,
}

impl Kind {
    /// Every kind, in the order of [`Value`]'s variants.
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Kind::ALL.len(), 20);
    /// ```
    pub const ALL: [Kind; 20] = [
        Kind::Null,
        Kind::Bool,
        Kind::Integer,
        Kind::BigInt,
        Kind::Float,
        Kind::BigDecimal,
        Kind::String,
        Kind::Keyword,
        Kind::Symbol,
        Kind::Bytes,
        Kind::Uuid,
        Kind::Instant,
        Kind::Uri,
        Kind::Char,
        Kind::Array,
        Kind::List,
        Kind::Set,
        Kind::Map,
        Kind::Link,
        Kind::Tagged,
    ];

    /// The kebab-case name.
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Kind::BigInt.name(), "big-int");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "bool",
            Kind::Integer => "integer",
            Kind::BigInt => "big-int",
            Kind::Float => "float",
            Kind::BigDecimal => "big-decimal",
            Kind::String => "string",
            Kind::Keyword => "keyword",
            Kind::Symbol => "symbol",
            Kind::Bytes => "bytes",
            Kind::Uuid => "uuid",
            Kind::Instant => "instant",
            Kind::Uri => "uri",
            Kind::Char => "char",
            Kind::Array => "array",
            Kind::List => "list",
            Kind::Set => "set",
            Kind::Map => "map",
            Kind::Link => "link",
            Kind::Tagged => "tagged",
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a [`Kind`]'s.
///
/// ```
/// let err = "maps".parse::<transit_format::generate::Kind>().unwrap_err();
/// assert!(err.to_string().starts_with("unknown kind \"maps\""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKind(String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown kind {:?}; the kinds are all, scalars, collections, ",
            self.0
        )?;
        for (i, kind) in Kind::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(kind.name())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(text: &str) -> std::result::Result<Kind, UnknownKind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == text)
            .ok_or_else(|| UnknownKind(text.to_owned()))
    }
}

/// A set of [`Kind`]s.
///
/// Parsed from a comma-separated list of kind names, where `all`, `scalars`
/// (every kind but the five below) and `collections` (`array`, `list`, `set`,
/// `map`, `tagged`) stand for several.
///
/// ```
/// use transit_format::generate::{Kind, Kinds};
/// let kinds: Kinds = "map,keyword,scalars".parse().unwrap();
/// assert!(kinds.contains(Kind::Map) && kinds.contains(Kind::Uuid) && !kinds.contains(Kind::Set));
/// assert_eq!(Kinds::all().iter().count(), 20);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kinds(u32);

impl Kinds {
    /// Every kind.
    ///
    /// ```
    /// assert!(transit_format::generate::Kinds::all().contains(transit_format::generate::Kind::Link));
    /// ```
    pub fn all() -> Kinds {
        Kind::ALL.into_iter().collect()
    }

    /// No kind: the generator then makes only `Null`.
    ///
    /// ```
    /// assert!(transit_format::generate::Kinds::none().is_empty());
    /// ```
    pub fn none() -> Kinds {
        Kinds(0)
    }

    /// Every kind that holds no other value (`Link` included).
    ///
    /// ```
    /// use transit_format::generate::{Kind, Kinds};
    /// assert!(!Kinds::scalars().contains(Kind::Array) && Kinds::scalars().contains(Kind::Link));
    /// ```
    pub fn scalars() -> Kinds {
        Kinds(Kinds::all().0 & !Kinds::collections().0)
    }

    /// `Array`, `List`, `Set`, `Map` and `Tagged`.
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Kinds::collections().iter().count(), 5);
    /// ```
    pub fn collections() -> Kinds {
        [Kind::Array, Kind::List, Kind::Set, Kind::Map, Kind::Tagged]
            .into_iter()
            .collect()
    }

    /// Whether `kind` is in the set.
    ///
    /// ```
    /// use transit_format::generate::{Kind, Kinds};
    /// assert!(Kinds::from_iter([Kind::Set]).contains(Kind::Set));
    /// ```
    pub fn contains(self, kind: Kind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// assert!(!transit_format::generate::Kinds::all().is_empty());
    /// ```
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The set with `kind` added.
    ///
    /// ```
    /// use transit_format::generate::{Kind, Kinds};
    /// assert!(Kinds::none().with(Kind::Char).contains(Kind::Char));
    /// ```
    #[must_use]
    pub fn with(self, kind: Kind) -> Kinds {
        Kinds(self.0 | kind.bit())
    }

    /// The set without `kind`.
    ///
    /// ```
    /// use transit_format::generate::{Kind, Kinds};
    /// assert!(!Kinds::all().without(Kind::Char).contains(Kind::Char));
    /// ```
    #[must_use]
    pub fn without(self, kind: Kind) -> Kinds {
        Kinds(self.0 & !kind.bit())
    }

    /// The kinds in the set, in the order of [`Kind::ALL`].
    ///
    /// ```
    /// use transit_format::generate::{Kind, Kinds};
    /// let kinds = Kinds::from_iter([Kind::Map, Kind::Null]);
    /// assert_eq!(kinds.iter().collect::<Vec<_>>(), [Kind::Null, Kind::Map]);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| self.contains(*k))
    }

    fn any(self, kinds: &[Kind]) -> bool {
        kinds.iter().any(|k| self.contains(*k))
    }
}

impl Default for Kinds {
    fn default() -> Kinds {
        Kinds::all()
    }
}

impl FromIterator<Kind> for Kinds {
    fn from_iter<I: IntoIterator<Item = Kind>>(iter: I) -> Kinds {
        Kinds(iter.into_iter().fold(0, |bits, k| bits | k.bit()))
    }
}

impl fmt::Debug for Kinds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for Kinds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, kind) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(kind.name())?;
        }
        Ok(())
    }
}

impl FromStr for Kinds {
    type Err = UnknownKind;

    fn from_str(text: &str) -> std::result::Result<Kinds, UnknownKind> {
        let mut kinds = Kinds::none();
        for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            kinds = Kinds(
                kinds.0
                    | match word {
                        "all" => Kinds::all().0,
                        "scalars" => Kinds::scalars().0,
                        "collections" => Kinds::collections().0,
                        name => name.parse::<Kind>()?.bit(),
                    },
            );
        }
        Ok(kinds)
    }
}

/// The generator's knobs.
///
/// The defaults: depth 4, at most 5 items in a collection and about 64 values in
/// all, every kind, a cache rollover now and then.
///
/// ```
/// use arbitrary::Unstructured;
/// use transit_format::generate::Options;
///
/// let bytes = [7u8; 256];
/// let value = Options::new().max_depth(1).generate(&mut Unstructured::new(&bytes)).unwrap();
/// assert!(transit_format::to_string(&value).is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    max_depth: u32,
    max_len: u32,
    max_size: u32,
    kinds: Kinds,
    cache_rollover: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_depth: 4,
            max_len: 5,
            max_size: 64,
            kinds: Kinds::all(),
            cache_rollover: true,
        }
    }
}

impl Options {
    /// The defaults.
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Options::new(), Default::default());
    /// ```
    pub fn new() -> Options {
        Options::default()
    }

    /// How deep collections nest: 0 gives scalars only (and empty collections when
    /// only collection kinds are allowed).
    ///
    /// ```
    /// let options = transit_format::generate::Options::new().max_depth(0);
    /// assert_eq!(options.depth(), 0);
    /// ```
    #[must_use]
    pub fn max_depth(mut self, depth: u32) -> Options {
        self.max_depth = depth;
        self
    }

    /// At most this many items in one array, list or set, or entries in one map.
    ///
    /// ```
    /// let options = transit_format::generate::Options::new().max_len(20);
    /// assert_eq!(options.len(), 20);
    /// ```
    #[must_use]
    pub fn max_len(mut self, len: u32) -> Options {
        self.max_len = len;
        self
    }

    /// About how many values one generated value holds in all (collections stop
    /// growing once this many are made; a cache rollover is larger).
    ///
    /// ```
    /// let options = transit_format::generate::Options::new().max_size(1000);
    /// assert_eq!(options.size(), 1000);
    /// ```
    #[must_use]
    pub fn max_size(mut self, size: u32) -> Options {
        self.max_size = size;
        self
    }

    /// Which kinds of value to make. Collections are still made of the allowed
    /// kinds only; map keys, too.
    ///
    /// ```
    /// use transit_format::generate::{Kinds, Options};
    /// let options = Options::new().kinds("integer,array".parse().unwrap());
    /// assert_eq!(options.allowed().to_string(), "integer,array");
    /// ```
    #[must_use]
    pub fn kinds(mut self, kinds: Kinds) -> Options {
        self.kinds = kinds;
        self
    }

    /// Whether about one top-level value in 128 is an array of 1,930 to 2,600
    /// distinct keywords or symbols (twice, and as the keys of a map), which rolls
    /// the cache over (it holds 1,936 strings). Needs the `array` kind and the
    /// `keyword` or `symbol` kind. On by default.
    ///
    /// ```
    /// let options = transit_format::generate::Options::new().cache_rollover(false);
    /// assert!(!options.rolls_cache_over());
    /// ```
    #[must_use]
    pub fn cache_rollover(mut self, on: bool) -> Options {
        self.cache_rollover = on;
        self
    }

    /// The depth set by [`max_depth`](Options::max_depth).
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Options::new().depth(), 4);
    /// ```
    pub fn depth(&self) -> u32 {
        self.max_depth
    }

    /// The length set by [`max_len`](Options::max_len).
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Options::new().len(), 5);
    /// ```
    #[allow(clippy::len_without_is_empty)] // Reason: a knob's value, not a container's length.
    pub fn len(&self) -> u32 {
        self.max_len
    }

    /// The size set by [`max_size`](Options::max_size).
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Options::new().size(), 64);
    /// ```
    pub fn size(&self) -> u32 {
        self.max_size
    }

    /// The kinds set by [`kinds`](Options::kinds).
    ///
    /// ```
    /// use transit_format::generate::{Kinds, Options};
    /// assert_eq!(Options::new().allowed(), Kinds::all());
    /// ```
    pub fn allowed(&self) -> Kinds {
        self.kinds
    }

    /// Whether [`cache_rollover`](Options::cache_rollover) is on.
    ///
    /// ```
    /// assert!(transit_format::generate::Options::new().rolls_cache_over());
    /// ```
    pub fn rolls_cache_over(&self) -> bool {
        self.cache_rollover
    }

    /// How many bytes of a fuzzer's input a value of this size draws at most
    /// (what [`values`](Options::values) hands each value, and what the proptest
    /// strategies draw from).
    ///
    /// ```
    /// assert_eq!(transit_format::generate::Options::new().bytes_per_value(), 4096);
    /// ```
    pub fn bytes_per_value(&self) -> usize {
        (self.max_size as usize)
            .saturating_mul(64)
            .clamp(256, 1 << 20)
    }

    /// One value drawn from `u`. Running out of bytes is not an error: the value
    /// is then made of the first choices (`Null`, empty collections).
    ///
    /// # Errors
    ///
    /// None today; `arbitrary`'s signature leaves room for one.
    ///
    /// # Example
    ///
    /// ```
    /// use arbitrary::Unstructured;
    /// let value = transit_format::generate::Options::new().generate(&mut Unstructured::new(&[])).unwrap();
    /// assert_eq!(value, transit_format::Value::Null);
    /// ```
    pub fn generate(&self, u: &mut Unstructured<'_>) -> Result<Value> {
        let mut g = Gen {
            u,
            options: self,
            budget: self.max_size,
        };
        if self.cache_rollover && g.rollover_possible() && chance(g.u, 1, 128)? {
            return g.rollover();
        }
        g.value(0)
    }

    /// A stream of values from `seed`: each draws
    /// [`bytes_per_value`](Options::bytes_per_value) bytes from a SplitMix64
    /// sequence, so that a seed gives the same values on every platform.
    ///
    /// ```
    /// use transit_format::generate::Options;
    /// let a: Vec<_> = Options::new().values(1).take(20).collect();
    /// let b: Vec<_> = Options::new().values(1).take(20).collect();
    /// assert_eq!(a, b);
    /// ```
    pub fn values(&self, seed: u64) -> Values {
        Values {
            options: self.clone(),
            state: seed,
            bytes: vec![0; self.bytes_per_value()],
        }
    }
}

/// The seeded stream of [`Options::values`]; endless.
///
/// ```
/// let first = transit_format::generate::Options::new().values(3).next();
/// assert!(first.is_some());
/// ```
#[derive(Clone, Debug)]
pub struct Values {
    options: Options,
    state: u64,
    bytes: Vec<u8>,
}

impl Values {
    /// SplitMix64 (Steele, Lea and Flood), a fixed-output generator of its own:
    /// no dependency whose stream could change under a seed.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl Iterator for Values {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        let mut bytes = std::mem::take(&mut self.bytes);
        for chunk in bytes.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        let value = self
            .options
            .generate(&mut Unstructured::new(&bytes))
            .unwrap_or(Value::Null);
        self.bytes = bytes;
        Some(value)
    }
}

// ---------------------------------------------------------------------------
// The generator

/// 2^53 − 1, the largest integer written as a JSON number.
const MAX53: i64 = (1 << 53) - 1;

/// 1582-10-15T00:00:00Z, where Java's calendar turns Gregorian: verbose instants
/// before it read back as other instants in transit-java (and here, which follows
/// it), so none are made.
const GREGORIAN: i64 = -12_219_292_800_000;
/// 10000-01-01T00:00:00Z: the years of four digits end there.
const YEAR_10000: i64 = 253_402_300_800_000;

/// Strings that mean something on the wire when unescaped.
const SPECIAL_STRINGS: &[&str] = &[
    "", "~", "^", "`", "^ ", "~~", "~^", "~`", "~#", "~#set", "~#'", "~#cmap", "~:aa", "~:a",
    "~$sym", "~i1", "~zNaN", "~_", "^0", "^1", "^9", "^A", "^1A", "^10", "^[[", "^[", "^ ^",
    "#abc", "abcd", "href", "rel", "aaaa", "aaa", "\\", "\"", "\u{0}", "\u{2028}", "😀",
];

/// Prefixes that make the writer escape or the reader look twice.
const PREFIXES: &[&str] = &["~", "^", "`", "^ ", "~#", "~~", "^0", "^1A", "~:", "~i"];

/// Names drawn from a small pool so that repeats hit the cache.
const NAME_POOL: &[&str] = &[
    "aa",
    "id",
    "name",
    "type",
    "db/id",
    "community/name",
    "penpot/shape",
    "x/yy",
    "key0001",
    "a-very-long-keyword-name",
];

/// Characters that JSON or Transit escapes, or that readers trip on.
const AWKWARD_CHARS: &[char] = &[
    '"',
    '\\',
    '/',
    '~',
    '^',
    '`',
    '#',
    ' ',
    ':',
    '$',
    '\n',
    '\r',
    '\t',
    '\u{0}',
    '\u{8}',
    '\u{c}',
    '\u{1f}',
    '\u{7f}',
    '\u{85}',
    '\u{a0}',
    '\u{2028}',
    '\u{2029}',
    '\u{feff}',
    '\u{d7ff}',
    '\u{e000}',
    '\u{fffd}',
    '\u{fffe}',
    '\u{ffff}',
    '\u{10000}',
    '\u{10ffff}',
    'é',
    '詹',
    '😀',
    '𝄞',
];

/// One-character tags this crate does not decode itself, written `"~Xrep"`.
/// `#`, `~`, `^` and the backquote are left out: `"~#rep"` is a tag marker and
/// `"~~rep"`, `"~^rep"`, ``"~`rep"`` are escaped strings, so a string-form value
/// with one of those tags cannot be written at all.
const ONE_CHAR_TAGS: &str = "ABXYZajklopqvwxy0189!@%&*<>=";
/// The spec's one-character tags (`'` is the quote), and `s`, which transit-js
/// reads as a plain string.
const DECODED_ONE_CHAR_TAGS: &str = ":$_?indfzcrubmt#~^`'s";

const MULTI_CHAR_TAGS: &[&str] = &[
    "point",
    "ratio",
    "circle",
    "abcde",
    "fghij",
    "with-meta",
    "ns/tag",
    "#x",
    "'q",
    "~x",
    "^0",
    "uuid",
    "inst",
];

struct Gen<'u, 'a, 'o> {
    u: &'u mut Unstructured<'a>,
    options: &'o Options,
    budget: u32,
}

/// The index of a weighted choice; `Ok(None)` when every weight is zero.
fn pick(u: &mut Unstructured<'_>, weights: &[u32]) -> Result<Option<usize>> {
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return Ok(None);
    }
    let mut at = u.int_in_range(0..=total - 1)?;
    for (i, w) in weights.iter().enumerate() {
        if at < *w {
            return Ok(Some(i));
        }
        at -= w;
    }
    Ok(None)
}

/// True with probability `num / den`, false once the input is exhausted (so that
/// an exhausted input takes the plain branch).
fn chance(u: &mut Unstructured<'_>, num: u8, den: u8) -> Result<bool> {
    Ok(!u.ratio(den - num, den)?)
}

fn choose<'x, T>(u: &mut Unstructured<'_>, items: &'x [T]) -> Result<&'x T> {
    let last = u32::try_from(items.len() - 1).unwrap_or(u32::MAX);
    let i = u.int_in_range(0..=last)?;
    Ok(&items[i as usize])
}

fn instant(ms: i64) -> Value {
    Value::Instant(DateTime::from_timestamp_millis(ms).unwrap_or_default())
}

impl Gen<'_, '_, '_> {
    fn has(&self, kind: Kind) -> bool {
        self.options.kinds.contains(kind)
    }

    fn weight(&self, kind: Kind, w: u32) -> u32 {
        if self.has(kind) {
            w
        } else {
            0
        }
    }

    fn len(&mut self, min: u32, max: u32) -> Result<u32> {
        let max = max.min(self.options.max_len).min(self.budget);
        if max <= min {
            return Ok(max);
        }
        self.u.int_in_range(min..=max)
    }

    fn value(&mut self, depth: u32) -> Result<Value> {
        self.budget = self.budget.saturating_sub(1);
        let kinds = self.options.kinds;
        let nest = depth < self.options.max_depth
            && self.budget > 0
            && kinds.any(&[Kind::Array, Kind::List, Kind::Set, Kind::Map, Kind::Tagged]);
        // A leaf first, so that an exhausted input gives small values.
        let leaf_weight = if depth == 0 { 1 } else { 2 };
        if !nest || pick(self.u, &[leaf_weight, 2])? == Some(0) {
            return self.leaf();
        }
        let map_and_keys = self.has(Kind::Map);
        let records = self.has(Kind::Array) && self.has(Kind::Map) && self.has(Kind::Keyword);
        let weights = [
            self.weight(Kind::Array, 3),
            self.weight(Kind::List, 2),
            self.weight(Kind::Set, 2),
            self.weight(Kind::Map, 4),
            if map_and_keys { 2 } else { 0 },
            self.weight(Kind::Tagged, 2),
            if records { 1 } else { 0 },
        ];
        let next = depth + 1;
        match pick(self.u, &weights)? {
            Some(0) => Ok(Value::Array(self.items(next, 6)?.into())),
            Some(1) => Ok(Value::List(self.items(next, 6)?.into())),
            Some(2) => Ok(Value::Set(
                self.items(next, 6)?.into_iter().collect::<Set>(),
            )),
            Some(3) => {
                let n = self.len(0, 6)?;
                let mut map = Map::new();
                for _ in 0..n {
                    let key = self.key(next)?;
                    let value = self.value(next)?;
                    map.insert(key, value);
                }
                Ok(Value::Map(map))
            }
            Some(4) => self.cmap(next),
            Some(5) => {
                let tag = self.multi_char_tag()?;
                let rep = self.value(next)?;
                Ok(Value::Tagged(Box::new(Tagged::new(tag, rep))))
            }
            Some(6) => {
                // Records: the same keyword keys over and over, as in Penpot documents.
                let n = self.len(1, 4)?;
                let mut records = Vec::new();
                for _ in 0..n {
                    let m = self.len(1, 4)?;
                    let mut map = Map::new();
                    for _ in 0..m {
                        let key = Value::keyword(choose(self.u, NAME_POOL)?);
                        let value = self.value(next + 1)?;
                        map.insert(key, value);
                    }
                    records.push(Value::Map(map));
                }
                Ok(Value::Array(records.into()))
            }
            _ => self.leaf(),
        }
    }

    fn items(&mut self, depth: u32, max: u32) -> Result<Vec<Value>> {
        let n = self.len(0, max)?;
        (0..n).map(|_| self.value(depth)).collect()
    }

    /// A map key: a scalar (written as a string in a map), more often a keyword.
    fn key(&mut self, depth: u32) -> Result<Value> {
        if self.has(Kind::Keyword) && chance(self.u, 1, 4)? {
            return Ok(Value::Keyword(Keyword::from(self.name()?)));
        }
        match self.stringable()? {
            Some(key) => Ok(key),
            None => self.value(depth),
        }
    }

    /// A map with a composite key among ordinary ones: written as a cmap.
    fn cmap(&mut self, depth: u32) -> Result<Value> {
        let mut map = Map::new();
        let before = self.len(0, 2)?;
        for _ in 0..before {
            let key = self.key(depth)?;
            let value = self.value(depth)?;
            map.insert(key, value);
        }
        let weights = [
            self.weight(Kind::Array, 1),
            self.weight(Kind::List, 1),
            self.weight(Kind::Set, 1),
            self.weight(Kind::Map, 1),
            self.weight(Kind::Link, 1),
            self.weight(Kind::Tagged, 1),
        ];
        let composite = match pick(self.u, &weights)? {
            Some(0) => Value::Array(self.items(depth, 2)?.into()),
            Some(1) => Value::List(self.items(depth, 2)?.into()),
            Some(2) => Value::Set(self.items(depth, 2)?.into_iter().collect::<Set>()),
            Some(4) => Value::Link(Box::new(self.link()?)),
            Some(5) => {
                let tag = self.multi_char_tag()?;
                let rep = self.value(depth)?;
                Value::Tagged(Box::new(Tagged::new(tag, rep)))
            }
            _ => {
                let n = self.len(0, 2)?;
                let mut inner = Map::new();
                for _ in 0..n {
                    let key = self.key(depth)?;
                    let value = self.value(depth)?;
                    inner.insert(key, value);
                }
                Value::Map(inner)
            }
        };
        let value = self.value(depth)?;
        map.insert(composite, value);
        let after = self.len(0, 2)?;
        for _ in 0..after {
            let key = self.value(depth)?;
            let value = self.value(depth)?;
            map.insert(key, value);
        }
        Ok(Value::Map(map))
    }

    /// A value without items: a scalar or a link; an empty collection when only
    /// collections are allowed.
    fn leaf(&mut self) -> Result<Value> {
        if self.has(Kind::Link) && chance(self.u, 1, 10)? {
            return Ok(Value::Link(Box::new(self.link()?)));
        }
        if let Some(v) = self.stringable()? {
            return Ok(v);
        }
        if self.has(Kind::Link) {
            return Ok(Value::Link(Box::new(self.link()?)));
        }
        Ok(if self.has(Kind::Array) {
            Value::Array(Box::new([]))
        } else if self.has(Kind::Map) {
            Value::Map(Map::new())
        } else if self.has(Kind::Set) {
            Value::Set(Set::new())
        } else if self.has(Kind::List) {
            Value::List(Box::new([]))
        } else {
            Value::Null
        })
    }

    /// A value that is written as a string when it is a map key; `None` when no
    /// such kind is allowed.
    fn stringable(&mut self) -> Result<Option<Value>> {
        let weights = [
            self.weight(Kind::Null, 1),
            self.weight(Kind::Bool, 1),
            self.weight(Kind::Integer, 4),
            self.weight(Kind::BigInt, 2),
            self.weight(Kind::Float, 4),
            self.weight(Kind::BigDecimal, 1),
            self.weight(Kind::String, 5),
            self.weight(Kind::Keyword, 4),
            self.weight(Kind::Symbol, 2),
            self.weight(Kind::Bytes, 1),
            self.weight(Kind::Uuid, 1),
            self.weight(Kind::Instant, 2),
            self.weight(Kind::Uri, 1),
            self.weight(Kind::Char, 1),
            self.weight(Kind::Tagged, 1),
        ];
        let Some(choice) = pick(self.u, &weights)? else {
            return Ok(None);
        };
        Ok(Some(match choice {
            0 => Value::Null,
            1 => Value::Bool(self.u.arbitrary()?),
            2 => Value::Integer(self.integer()?),
            3 => Value::BigInt(self.big_int()?),
            4 => Value::Float(self.float()?),
            5 => Value::BigDecimal(self.big_decimal()?),
            6 => Value::String(self.string()?.into()),
            7 => Value::Keyword(Keyword::from(self.name()?)),
            8 => Value::Symbol(Symbol::from(self.name()?)),
            9 => {
                let n = self.u.int_in_range(0..=23u32)?;
                let bytes: Vec<u8> = (0..n).map(|_| self.u.arbitrary()).collect::<Result<_>>()?;
                Value::Bytes(bytes.into())
            }
            10 => Value::Uuid(if chance(self.u, 1, 5)? {
                *choose(self.u, &[Uuid::nil(), Uuid::max()])?
            } else {
                Uuid::from_u128(self.u.arbitrary()?)
            }),
            11 => self.instant()?,
            12 => Value::Uri(self.uri()?),
            13 => Value::Char(self.char()?),
            _ => {
                let tag = self.one_char_tag()?;
                let rep = self.string()?;
                Value::Tagged(Box::new(Tagged::new(tag, Value::String(rep.into()))))
            }
        }))
    }

    fn integer(&mut self) -> Result<i64> {
        let u = &mut *self.u;
        Ok(match pick(u, &[2, 2, 3, 2, 2])? {
            Some(0) => u.int_in_range(-1000..=999)?,
            Some(1) => *choose(
                u,
                &[
                    0,
                    1,
                    -1,
                    MAX53,
                    -MAX53,
                    MAX53 + 1,
                    -MAX53 - 1,
                    i64::MAX,
                    i64::MIN,
                    i64::MAX - 1,
                    i64::MIN + 1,
                ],
            )?,
            Some(2) => u.arbitrary()?,
            // Around ±(2^53 − 1) and ±2^53: where numbers turn into `~i` strings.
            Some(3) => MAX53 + u.int_in_range(-3..=3)?,
            _ => -MAX53 + u.int_in_range(-3..=3)?,
        })
    }

    /// Integers outside the `i64` range.
    fn big_int(&mut self) -> Result<BigInt> {
        let u = &mut *self.u;
        let above = i128::from(i64::MAX) + 1;
        let below = i128::from(i64::MIN) - 1;
        let text = match pick(u, &[1, 1, 1, 1, 1])? {
            Some(0) => (above + i128::from(u.int_in_range(0..=999u32)?)).to_string(),
            Some(1) => (below - i128::from(u.int_in_range(0..=999u32)?)).to_string(),
            Some(2) => {
                // 20 or more digits: always beyond ±9223372036854775807.
                let negative: bool = u.arbitrary()?;
                let n = u.int_in_range(20..=61u32)?;
                let mut text = String::from(if negative { "-" } else { "" });
                text.push(char::from(b'1' + u.int_in_range(0..=8u8)?));
                for _ in 1..n {
                    text.push(char::from(b'0' + u.int_in_range(0..=9u8)?));
                }
                text
            }
            Some(3) => {
                let n: i128 = u.arbitrary()?;
                if n >= above || n <= below {
                    n.to_string()
                } else if n < 0 {
                    (n - above).to_string()
                } else {
                    (n + above).to_string()
                }
            }
            _ => u
                .int_in_range(u128::from(u64::MAX)..=u128::MAX)?
                .to_string(),
        };
        Ok(BigInt::parse(&text).unwrap_or_else(|| BigInt::from(above)))
    }

    fn float(&mut self) -> Result<f64> {
        let u = &mut *self.u;
        let f = match pick(u, &[3, 4, 1, 1, 1, 1])? {
            Some(0) => *choose(
                u,
                &[
                    f64::NAN,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    0.0,
                    -0.0,
                    1.0,
                    2.0,
                    -5.0,
                    0.1,
                    4.0E11,
                    6.626E-34,
                    1e21,
                    1e-7,
                    1e7,
                    f64::MAX,
                    f64::MIN,
                    f64::MIN_POSITIVE,
                    f64::EPSILON,
                    5e-324,
                    -5e-324,
                    9007199254740993.0,
                ],
            )?,
            Some(1) => f64::from_bits(u.arbitrary()?),
            // Subnormals.
            Some(2) => {
                let sign = u64::from(u.arbitrary::<bool>()?) << 63;
                f64::from_bits(sign | u.int_in_range(1..=(1u64 << 52) - 1)?)
            }
            // Huge and tiny exponents.
            Some(3) => {
                let sign = u64::from(u.arbitrary::<bool>()?) << 63;
                let e = if u.arbitrary()? {
                    u.int_in_range(1..=11u64)?
                } else {
                    u.int_in_range(2035..=2046u64)?
                };
                f64::from_bits(sign | (e << 52) | u.int_in_range(0..=(1u64 << 52) - 1)?)
            }
            // Integral floats must stay floats (`2.0`, not `2`).
            Some(4) => f64::from(u.int_in_range(-100_000..=99_999i32)?),
            _ => f64::from(u.int_in_range(-1_000_000_000..=999_999_999i32)?) / 1000.0,
        };
        // NaN payloads and signs cannot be carried: every NaN is `~zNaN`.
        Ok(if f.is_nan() { f64::NAN } else { f })
    }

    fn digits(&mut self, min: u32, max: u32) -> Result<String> {
        let n = self.u.int_in_range(min..=max)?;
        (0..n)
            .map(|_| Ok(char::from(b'0' + self.u.int_in_range(0..=9u8)?)))
            .collect()
    }

    fn big_decimal(&mut self) -> Result<BigDecimal> {
        let text = match pick(self.u, &[1, 3, 1])? {
            Some(0) => String::from(*choose(
                self.u,
                &["0", "1E+3", "-0.0", "42.5", "5.", "1e-400", "0.000"],
            )?),
            Some(1) => {
                let mut text = String::from(*choose(self.u, &["", "-", "+"])?);
                text.push_str(&self.digits(1, 25)?);
                if self.u.arbitrary()? {
                    text.push('.');
                    text.push_str(&self.digits(1, 25)?);
                }
                if self.u.arbitrary()? {
                    text.push_str(choose(self.u, &["e", "E", "e-", "E+", "e+", "E-"])?);
                    text.push_str(&self.digits(1, 4)?);
                }
                text
            }
            _ => {
                let sign = if self.u.arbitrary()? { "-" } else { "" };
                format!("{sign}.{}", self.digits(1, 6)?)
            }
        };
        Ok(BigDecimal::parse(&text).unwrap_or_else(|| BigDecimal::parse("0").expect("a decimal")))
    }

    /// Any character, leaning on those that JSON or Transit escape, non-ASCII and
    /// non-BMP ones.
    fn char(&mut self) -> Result<char> {
        let u = &mut *self.u;
        Ok(match pick(u, &[4, 3, 2, 2])? {
            Some(0) => char::from(u.int_in_range(0x20..=0x7eu8)?),
            Some(1) => *choose(u, AWKWARD_CHARS)?,
            Some(2) => {
                // The BMP without surrogates.
                let c = u.int_in_range(0x80..=0xffffu32 - 0x800)?;
                let c = if c >= 0xd800 { c + 0x800 } else { c };
                char::from_u32(c).unwrap_or('\u{fffd}')
            }
            _ => char::from_u32(u.int_in_range(0x1_0000..=0x10_ffffu32)?).unwrap_or('😀'),
        })
    }

    fn chars(&mut self, min: u32, max: u32) -> Result<String> {
        let n = self.u.int_in_range(min..=max)?;
        (0..n).map(|_| self.char()).collect()
    }

    fn string(&mut self) -> Result<String> {
        Ok(match pick(self.u, &[2, 3, 2, 2, 1])? {
            Some(0) => String::from(*choose(self.u, SPECIAL_STRINGS)?),
            Some(1) => self.chars(0, 12)?,
            Some(2) => {
                let prefix = *choose(self.u, PREFIXES)?;
                format!("{prefix}{}", self.chars(0, 8)?)
            }
            Some(3) => self.chars(0, 40)?,
            // Cache-code look-alikes: `^` + one or two base-44 digits.
            _ => {
                let n = self.u.int_in_range(1..=2u8)?;
                let mut text = String::from("^");
                for _ in 0..n {
                    text.push(char::from(self.u.int_in_range(b'0'..=b'[')?));
                }
                text
            }
        })
    }

    fn ident(&mut self, first: &[u8], rest: &[u8], min: u32, max: u32) -> Result<String> {
        let mut text = String::new();
        text.push(char::from(*choose(self.u, first)?));
        let n = self.u.int_in_range(min..=max)?;
        for _ in 0..n {
            text.push(char::from(*choose(self.u, rest)?));
        }
        Ok(text)
    }

    /// A keyword's or symbol's name (with a namespace or not).
    fn name(&mut self) -> Result<String> {
        const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
        Ok(match pick(self.u, &[4, 3, 2, 1])? {
            Some(0) => String::from(*choose(self.u, NAME_POOL)?),
            Some(1) => self.ident(
                LOWER,
                b"abcdefghijklmnopqrstuvwxyz0123456789*+!?<>=_-",
                1,
                10,
            )?,
            Some(2) => {
                let ns = self.ident(LOWER, b"abcdefghijklmnopqrstuvwxyz0123456789.", 0, 6)?;
                let name = self.ident(LOWER, b"abcdefghijklmnopqrstuvwxyz0123456789-", 0, 8)?;
                format!("{ns}/{name}")
            }
            _ => self.chars(0, 6)?,
        })
    }

    fn uri(&mut self) -> Result<Uri> {
        const URI_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789/._~%?=&#:@-";
        let text = match pick(self.u, &[2, 1, 1])? {
            Some(0) => {
                let scheme = *choose(self.u, &["http", "https", "ftp", "urn", "mailto"])?;
                let n = self.u.int_in_range(0..=24u32)?;
                let mut text = format!("{scheme}:");
                for _ in 0..n {
                    text.push(char::from(*choose(self.u, URI_CHARS)?));
                }
                text
            }
            Some(1) => format!("http://www.{}.com/", self.chars(1, 5)?),
            _ => self.chars(0, 10)?,
        };
        Ok(Uri::new(text))
    }

    /// Instants from 1582-10-15 to 9999, the years of four digits.
    fn instant(&mut self) -> Result<Value> {
        let u = &mut *self.u;
        Ok(instant(match pick(u, &[4, 3, 2])? {
            Some(0) => u.int_in_range(GREGORIAN..=YEAR_10000 - 1)?,
            Some(1) => u.int_in_range(-2_208_988_800_000..=4_102_444_799_999)?, // 1900 .. 2100
            _ => *choose(
                u,
                &[
                    0,
                    -1,
                    1,
                    946_728_000_000,
                    -6_106_017_600_000,
                    GREGORIAN,
                    YEAR_10000 - 1,
                ],
            )?,
        }))
    }

    fn one_char_tag(&mut self) -> Result<String> {
        let c = if !chance(self.u, 1, 4)? {
            let tags: Vec<char> = ONE_CHAR_TAGS.chars().collect();
            *choose(self.u, &tags)?
        } else {
            self.char()?
        };
        // Outside the BMP a character is two UTF-16 units, and implementations
        // that count in those (transit-java, transit-js) would split it.
        Ok(
            if DECODED_ONE_CHAR_TAGS.contains(c) || u32::from(c) > 0xffff {
                String::from("X")
            } else {
                c.to_string()
            },
        )
    }

    fn multi_char_tag(&mut self) -> Result<String> {
        const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-";
        let tag = match pick(self.u, &[3, 2, 1])? {
            Some(0) => String::from(*choose(self.u, MULTI_CHAR_TAGS)?),
            Some(1) => self.ident(
                b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                ALNUM,
                1,
                10,
            )?,
            _ => self.chars(2, 6)?,
        };
        // The spec's own tags are not "a tag this crate does not know".
        Ok(
            if tag.chars().count() < 2 || matches!(tag.as_str(), "set" | "list" | "cmap" | "link") {
                String::from("point")
            } else {
                tag
            },
        )
    }

    fn optional_string(&mut self) -> Result<Option<String>> {
        Ok(if self.u.arbitrary()? {
            Some(self.string()?)
        } else {
            None
        })
    }

    fn link(&mut self) -> Result<Link> {
        let href = self.uri()?;
        let rel = self.string()?;
        let name = self.optional_string()?;
        let render = match pick(self.u, &[2, 1, 1, 1])? {
            Some(0) => None,
            Some(1) => Some(String::from("link")),
            Some(2) => Some(String::from("image")),
            _ => Some(self.string()?),
        };
        let prompt = self.optional_string()?;
        Ok(Link {
            href,
            rel,
            name,
            render,
            prompt,
        })
    }

    fn rollover_possible(&self) -> bool {
        self.has(Kind::Array) && (self.has(Kind::Keyword) || self.has(Kind::Symbol))
    }

    /// More than 1,936 distinct cacheable strings (or just about as many): the
    /// cache rolls over, once or twice.
    fn rollover(&mut self) -> Result<Value> {
        let n = match pick(self.u, &[1, 1, 1])? {
            Some(0) => *choose(self.u, &[1935u32, 1936, 1937, 3872, 3873])?,
            Some(1) => self.u.int_in_range(1930..=1944u32)?,
            _ => self.u.int_in_range(1990..=2599u32)?,
        };
        let prefix = if self.u.arbitrary()? {
            String::new()
        } else {
            format!(
                "{}/",
                self.ident(
                    b"abcdefghijklmnopqrstuvwxyz",
                    b"abcdefghijklmnopqrstuvwxyz",
                    0,
                    2
                )?
            )
        };
        let symbols = !self.has(Kind::Keyword) || (self.has(Kind::Symbol) && chance(self.u, 1, 4)?);
        let names: Vec<Value> = (0..n)
            .map(|i| {
                let name = format!("{prefix}k{i:05}");
                if symbols {
                    Value::Symbol(Symbol::from(name))
                } else {
                    Value::keyword(&name)
                }
            })
            .collect();
        let mut items: Vec<Value> = names.iter().chain(names.iter()).cloned().collect();
        if self.has(Kind::Map) && self.has(Kind::Integer) {
            let map: Map = names
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), Value::Integer(i as i64)))
                .collect();
            items.push(Value::Map(map));
        }
        items.extend(names.iter().rev().cloned());
        let at = self
            .u
            .int_in_range(0..=u32::try_from(items.len()).unwrap_or(u32::MAX))?;
        let extra = self.value(0)?;
        items.insert((at as usize).min(items.len()), extra);
        Ok(Value::Array(items.into()))
    }
}

#[cfg(feature = "penpot")]
mod webhook_event {
    use super::*;
    use crate::webhook::{Event, KnownProps};

    /// Keys of Penpot's props, with the kind of value each holds.
    const PROP_KEYS: &[(&str, u8)] = &[
        ("id", 0),
        ("file-id", 0),
        ("project-id", 0),
        ("team-id", 0),
        ("page-id", 0),
        ("profile-id", 0),
        ("name", 1),
        ("prev-name", 1),
        ("page-name", 1),
        ("content", 1),
        ("is-shared", 2),
        ("is-pinned", 2),
        ("is-resolved", 2),
        ("seqn", 3),
        ("features", 4),
        ("created-at", 5),
        ("modified-at", 5),
    ];

    impl Gen<'_, '_, '_> {
        /// A webhook event as Penpot sends one: a known method (now and then
        /// another name), props with Penpot's keys and value types plus random
        /// extra keys, the optional uuids and instants, now and then an unknown
        /// top-level key.
        pub(super) fn webhook_event(&mut self) -> Result<Event> {
            let name = if !chance(self.u, 1, 8)? {
                String::from(*choose(self.u, KnownProps::METHODS)?)
            } else {
                self.string()?
            };
            let mut props = Map::new();
            let n = self.u.int_in_range(0..=8u32)?;
            for _ in 0..n {
                let (key, kind) = *choose(self.u, PROP_KEYS)?;
                let value = match kind {
                    0 => Value::Uuid(Uuid::from_u128(self.u.arbitrary()?)),
                    1 => Value::String(self.string()?.into()),
                    2 => Value::Bool(self.u.arbitrary()?),
                    3 => Value::Integer(self.u.int_in_range(0..=10_000)?),
                    4 => {
                        let m = self.u.int_in_range(0..=3u32)?;
                        let features = [
                            "components/v2",
                            "fdata/shape-data-type",
                            "styles/v2",
                            "layout/grid",
                        ];
                        let mut set = Set::new();
                        for _ in 0..m {
                            set.insert(Value::from(*choose(self.u, &features)?));
                        }
                        Value::Set(set)
                    }
                    _ => self.instant()?,
                };
                props.insert(Value::keyword(key), value);
            }
            if chance(self.u, 1, 4)? {
                let key = Value::Keyword(Keyword::from(self.name()?));
                let value = self.value(1)?;
                props.insert(key, value);
            }
            let uuid = |g: &mut Self| -> Result<Option<Uuid>> {
                Ok(if !chance(g.u, 1, 4)? {
                    Some(Uuid::from_u128(g.u.arbitrary()?))
                } else {
                    None
                })
            };
            let at = |g: &mut Self| -> Result<Option<chrono::DateTime<chrono::Utc>>> {
                Ok(if !chance(g.u, 1, 4)? {
                    match g.instant()? {
                        Value::Instant(t) => Some(t),
                        _ => None,
                    }
                } else {
                    None
                })
            };
            let profile_id = uuid(self)?;
            let created_at = at(self)?;
            let tracked_at = at(self)?;
            let id = if chance(self.u, 1, 4)? {
                uuid(self)?
            } else {
                None
            };
            let mut extra = Map::new();
            if chance(self.u, 1, 8)? {
                let key = Value::Keyword(Keyword::from(self.name()?));
                if !matches!(
                    key.as_keyword().map(|k| k.as_str()),
                    Some("name" | "props" | "profile-id" | "created-at" | "tracked-at" | "id")
                ) {
                    let value = self.value(1)?;
                    extra.insert(key, value);
                }
            }
            Ok(Event {
                name,
                profile_id,
                props: Value::Map(props),
                created_at,
                tracked_at,
                id,
                extra,
            })
        }
    }

    impl Options {
        /// A Penpot webhook event (feature `penpot`): one of the methods Penpot
        /// sends (now and then another name), props with Penpot's keys and their
        /// types plus, now and then, a random extra key with a value from these
        /// options, and the optional uuids and instants.
        ///
        /// # Errors
        ///
        /// None today; `arbitrary`'s signature leaves room for one.
        ///
        /// # Example
        ///
        /// ```
        /// use arbitrary::Unstructured;
        /// use transit_format::webhook::{ContentType, Event};
        /// let event = transit_format::generate::Options::new()
        ///     .webhook_event(&mut Unstructured::new(&[9; 512]))
        ///     .unwrap();
        /// let body = event.encode(ContentType::TransitJson).unwrap();
        /// assert_eq!(Event::decode(&body, ContentType::TransitJson.as_str()).unwrap(), event);
        /// ```
        #[cfg_attr(docsrs, doc(cfg(feature = "penpot")))]
        pub fn webhook_event(&self, u: &mut Unstructured<'_>) -> Result<Event> {
            Gen {
                u,
                options: self,
                budget: self.max_size,
            }
            .webhook_event()
        }
    }
}

impl<'a> ::arbitrary::Arbitrary<'a> for Value {
    /// [`Options::generate`] with the default options.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Value> {
        Options::default().generate(u)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, None)
    }
}

#[cfg(feature = "penpot")]
#[cfg_attr(docsrs, doc(cfg(feature = "penpot")))]
impl<'a> ::arbitrary::Arbitrary<'a> for crate::webhook::Event {
    /// [`Options::webhook_event`] with the default options.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<crate::webhook::Event> {
        Options::default().webhook_event(u)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, None)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn kind_of(v: &Value) -> Option<Kind> {
        Some(match v {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Integer(_) => Kind::Integer,
            Value::BigInt(_) => Kind::BigInt,
            Value::Float(_) => Kind::Float,
            Value::BigDecimal(_) => Kind::BigDecimal,
            Value::String(_) => Kind::String,
            Value::Keyword(_) => Kind::Keyword,
            Value::Symbol(_) => Kind::Symbol,
            Value::Bytes(_) => Kind::Bytes,
            Value::Uuid(_) => Kind::Uuid,
            Value::Instant(_) => Kind::Instant,
            Value::Uri(_) => Kind::Uri,
            Value::Char(_) => Kind::Char,
            Value::Array(_) => Kind::Array,
            Value::List(_) => Kind::List,
            Value::Set(_) => Kind::Set,
            Value::Map(_) => Kind::Map,
            Value::Link(_) => Kind::Link,
            Value::Tagged(_) => Kind::Tagged,
            Value::Ext(_) => return None,
        })
    }

    #[derive(Default)]
    struct Seen {
        kinds: HashSet<&'static str>,
        strings: HashSet<&'static str>,
        max_depth: u32,
        max_distinct_keywords: usize,
        cmaps: usize,
    }

    fn walk(v: &Value, depth: u32, seen: &mut Seen, keywords: &mut HashSet<String>) {
        if let Some(kind) = kind_of(v) {
            seen.kinds.insert(kind.name());
        }
        seen.max_depth = seen.max_depth.max(depth);
        let children: Vec<&Value> = match v {
            Value::String(s) => {
                for (what, hit) in [
                    ("~", s.starts_with('~')),
                    ("^", s.starts_with('^')),
                    ("`", s.starts_with('`')),
                    ("non-BMP", s.chars().any(|c| u32::from(c) > 0xffff)),
                    ("control", s.chars().any(char::is_control)),
                ] {
                    if hit {
                        seen.strings.insert(what);
                    }
                }
                vec![]
            }
            Value::Keyword(k) => {
                keywords.insert(k.as_str().to_owned());
                vec![]
            }
            Value::Array(items) | Value::List(items) => items.iter().collect(),
            Value::Set(set) => set.iter().collect(),
            Value::Map(map) => {
                if map.keys().any(|k| {
                    matches!(
                        k,
                        Value::Array(_)
                            | Value::List(_)
                            | Value::Set(_)
                            | Value::Map(_)
                            | Value::Tagged(_)
                            | Value::Link(_)
                    )
                }) {
                    seen.cmaps += 1;
                }
                if map
                    .keys()
                    .any(|k| matches!(k, Value::String(s) if s.chars().count() > 3))
                {
                    seen.strings.insert("cacheable key");
                }
                map.iter().flat_map(|(k, v)| [k, v]).collect()
            }
            Value::Tagged(t) => vec![t.rep()],
            _ => vec![],
        };
        for child in children {
            walk(child, depth + 1, seen, keywords);
        }
    }

    #[test]
    fn the_stream_covers_every_kind_and_the_awkward_strings() {
        let mut seen = Seen::default();
        for value in Options::new().values(1).take(2000) {
            let mut keywords = HashSet::new();
            walk(&value, 0, &mut seen, &mut keywords);
            seen.max_distinct_keywords = seen.max_distinct_keywords.max(keywords.len());
        }
        let all: HashSet<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(seen.kinds, all);
        for what in ["~", "^", "`", "non-BMP", "control", "cacheable key"] {
            assert!(seen.strings.contains(what), "no string with {what}");
        }
        assert!(seen.cmaps > 10, "{} cmaps", seen.cmaps);
        assert!(
            seen.max_distinct_keywords > 1936,
            "{}",
            seen.max_distinct_keywords
        );
        // Depth 4, records one deeper, a rollover's extra value one deeper again.
        assert!(seen.max_depth <= 7, "depth {}", seen.max_depth);
    }

    #[test]
    fn kinds_depth_and_seed_are_obeyed() {
        let options = Options::new()
            .max_depth(2)
            .kinds("array,integer,keyword".parse().unwrap());
        let mut seen = Seen::default();
        for value in options.values(9).take(500) {
            walk(&value, 0, &mut seen, &mut HashSet::new());
        }
        assert_eq!(seen.kinds, HashSet::from(["array", "integer", "keyword"]));
        assert!(seen.max_depth <= 2 + 1, "depth {}", seen.max_depth);
        let a: Vec<Value> = Options::new().values(5).take(50).collect();
        let b: Vec<Value> = Options::new().values(5).take(50).collect();
        let c: Vec<Value> = Options::new().values(6).take(50).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!("maps".parse::<Kinds>().is_err());
        assert_eq!(
            "scalars,collections".parse::<Kinds>().unwrap(),
            Kinds::all()
        );
        assert_eq!(
            Options::new().kinds(Kinds::none()).values(1).next(),
            Some(Value::Null)
        );
    }

    #[test]
    fn every_generated_value_reads_back_in_every_encoding() {
        for (i, value) in Options::new().values(42).take(500).enumerate() {
            let json = crate::to_string(&value).unwrap();
            assert_eq!(
                crate::from_str::<Value>(&json).unwrap(),
                value,
                "value {i}: {json}"
            );
            let verbose = crate::to_string_verbose(&value).unwrap();
            assert_eq!(
                crate::from_str::<Value>(&verbose).unwrap(),
                value,
                "value {i}: {verbose}"
            );
            let msgpack = crate::to_msgpack_vec(&value).unwrap();
            assert_eq!(
                crate::from_msgpack_slice::<Value>(&msgpack).unwrap(),
                value,
                "value {i}"
            );
        }
    }
}
