//! From wire strings and tag reps to values: the read handlers of spec digest §3, §4
//! and §8, shared by every decoder of this crate.

use std::sync::Arc;

use base64::Engine;
use chrono::{DateTime, Utc};

use crate::bytes::same_bytes;
use crate::error::ErrorCode;
use crate::types::{BigDecimal, BigInt, Keyword, Link, Symbol, Tagged, Uri};
use crate::value::{Map, Value};

/// What a string on the wire decodes to: a value, or a tag marker (`"~#tag"`) that
/// is only meaningful at the head of a 2-item array or as an object's only key.
///
/// This is also what the read cache stores (spec digest §8: the cache records the
/// decoded value), so a hit yields a shared keyword or tag without decoding again.
#[derive(Clone, Debug)]
pub(crate) enum Decoded {
    Value(Value),
    Tag(Arc<str>),
}

/// What a string without a leading `~` escape-or-tag means, given its raw text
/// (spec digest §2, Java `AbstractParser.parseString`).
pub(crate) enum StringKind<'a> {
    /// Plain data, unescaped (`"~~x"` is the data `"~x"`).
    Data(&'a str),
    /// `"~#tag"`: a tag marker.
    Tag(&'a str),
    /// `"~Xrep"`: a scalar with a one-character tag.
    Scalar(char, &'a str),
}

#[inline(always)]
pub(crate) fn classify_string(s: &str) -> StringKind<'_> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 || bytes[0] != b'~' {
        return StringKind::Data(s);
    }
    match bytes[1] {
        b'~' | b'^' | b'`' => StringKind::Data(&s[1..]),
        b'#' => StringKind::Tag(&s[2..]),
        _ => {
            let rest = &s[1..];
            let tag = rest.chars().next().expect("at least one byte follows `~`");
            StringKind::Scalar(tag, &rest[tag.len_utf8()..])
        }
    }
}

/// Decodes a wire string that is not a cache code.
#[inline(always)]
pub(crate) fn decode_string(s: &str, interner: &mut Interner) -> Result<Decoded, ErrorCode> {
    Ok(match classify_string(s) {
        StringKind::Data(data) => Decoded::Value(Value::String(interner.string(data))),
        // Tags share the keywords' names: a stream of small values repeats the
        // same few tags (`set`, `point`) in every one.
        StringKind::Tag(tag) => Decoded::Tag(interner.keyword(tag).shared().clone()),
        StringKind::Scalar(':', name) => Decoded::Value(Value::Keyword(interner.keyword(name))),
        StringKind::Scalar(tag, rep) => Decoded::Value(decode_scalar(tag, rep)?),
    })
}

/// Texts already made by this reader: keyword names and tags, and short strings.
///
/// The read cache starts afresh with every top-level value, so in a stream of
/// small values (webhook events) the same keys would otherwise be allocated again
/// for each one; and a document repeats short strings that the cache does not
/// cover (values such as colors, font names and enum-like words), which would
/// otherwise each take an allocation several times their size. Bounded: past
/// `MAX_INTERNED` texts of a kind, new ones are made without being kept.
#[derive(Default, Debug)]
pub(crate) struct Interner {
    names: TextTable,
    strings: TextTable,
}

#[derive(Default, Debug)]
struct TextTable {
    table: hashbrown::HashTable<Arc<str>>,
}

const MAX_INTERNED: usize = 4096;
/// Only short names are kept: long ones are rare as repeated keys.
const MAX_INTERNED_LEN: usize = 64;
/// Only strings that fit a small allocation are kept: longer ones are mostly
/// unique (text content, ids), and cost little overhead on their own.
const MAX_INTERNED_STRING_LEN: usize = 24;

/// The hash of an interned text, seeded once per process (so that hostile input
/// cannot choose names that collide).
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    static STATE: std::sync::OnceLock<foldhash::fast::RandomState> = std::sync::OnceLock::new();
    STATE.get_or_init(Default::default).hash_one(text)
}

impl TextTable {
    fn get(&mut self, text: &str, max_len: usize) -> Arc<str> {
        if text.len() > max_len {
            return Arc::from(text);
        }
        let hash = text_hash(text);
        if let Some(found) = self
            .table
            .find(hash, |t| same_bytes(t.as_bytes(), text.as_bytes()))
        {
            return found.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        if self.table.len() < MAX_INTERNED {
            self.table
                .insert_unique(hash, shared.clone(), |t| text_hash(t));
        }
        shared
    }
}

impl Interner {
    pub(crate) fn keyword(&mut self, name: &str) -> Keyword {
        Keyword::new(self.names.get(name, MAX_INTERNED_LEN))
    }

    pub(crate) fn string(&mut self, text: &str) -> Arc<str> {
        self.strings.get(text, MAX_INTERNED_STRING_LEN)
    }
}

fn invalid(tag: impl Into<Box<str>>, expected: &'static str, found: &str) -> ErrorCode {
    ErrorCode::InvalidRep {
        tag: tag.into(),
        expected,
        found: crate::error::snippet(found),
    }
}

fn tag_text(tag: char) -> Box<str> {
    let mut buf = [0; 4];
    (&*tag.encode_utf8(&mut buf)).into()
}

/// Tags this crate decodes itself, which read handlers cannot replace.
pub(crate) fn is_builtin_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c == '\'' || is_known_scalar_tag(c),
        _ => matches!(tag, "set" | "list" | "cmap" | "link"),
    }
}

/// The one-character tags this crate decodes itself (Java `ReaderFactory` defaults).
pub(crate) fn is_known_scalar_tag(tag: char) -> bool {
    matches!(
        tag,
        ':' | '$' | '_' | '?' | 'i' | 'n' | 'd' | 'f' | 'z' | 'c' | 'r' | 'u' | 'b' | 'm' | 't'
    )
}

/// Decodes the string form `"~" tag rep` of a scalar (spec digest §3). A tag this
/// crate does not know becomes a [`Tagged`] string, so it writes back unchanged.
pub(crate) fn decode_scalar(tag: char, rep: &str) -> Result<Value, ErrorCode> {
    let bad = |expected| invalid(tag_text(tag), expected, rep);
    Ok(match tag {
        ':' => Value::Keyword(Keyword::from(rep)),
        '$' => Value::Symbol(Symbol::from(rep)),
        '_' if rep.is_empty() => Value::Null,
        '_' => return Err(bad("nothing after `~_`")),
        '?' => match rep {
            "t" => Value::Bool(true),
            "f" => Value::Bool(false),
            _ => return Err(bad("`t` or `f`")),
        },
        'i' => Value::Integer(
            rep.parse()
                .map_err(|_| bad("a decimal integer within the 64-bit range"))?,
        ),
        'n' => Value::BigInt(BigInt::parse(rep).ok_or_else(|| bad("decimal integer digits"))?),
        'd' => Value::Float(parse_double(rep).ok_or_else(|| bad("a decimal number"))?),
        'f' => Value::BigDecimal(BigDecimal::parse(rep).ok_or_else(|| bad("a decimal number"))?),
        'z' => Value::Float(match rep {
            "NaN" => f64::NAN,
            "INF" => f64::INFINITY,
            "-INF" => f64::NEG_INFINITY,
            _ => return Err(bad("`NaN`, `INF` or `-INF`")),
        }),
        'c' => {
            let mut chars = rep.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Value::Char(c),
                _ => return Err(bad("exactly one character")),
            }
        }
        'r' => Value::Uri(Uri::new(rep)),
        // Text that is not a uuid is kept as it was read (a one-character tagged
        // string writes back as `"~u" + text`, as a value and as a map key), not
        // refused: Penpot's reader does not check uuid text, and real Penpot
        // documents hold such ids. Typed `Uuid` fields still refuse it.
        'u' => match parse_uuid(rep) {
            Some(uuid) => Value::Uuid(uuid),
            None => Value::Tagged(Box::new(Tagged::new("u", Value::String(rep.into())))),
        },
        'b' => Value::Bytes(
            base64::engine::general_purpose::STANDARD
                .decode(rep)
                .map_err(|_| bad("standard base64 with padding"))?
                .into_boxed_slice(),
        ),
        'm' => Value::Instant(
            rep.parse()
                .ok()
                .and_then(DateTime::from_timestamp_millis)
                .ok_or_else(|| bad("milliseconds since the epoch"))?,
        ),
        't' => Value::Instant(parse_iso_instant(rep).ok_or_else(|| bad("an ISO-8601 instant"))?),
        _ => Value::Tagged(Box::new(Tagged::new(
            &*tag_text(tag),
            Value::String(rep.into()),
        ))),
    })
}

/// Java's `Double.parseDouble` takes `NaN` and `Infinity`; Rust's parser also takes
/// `inf`, which Java does not write, so only the Java spellings are accepted.
fn parse_double(rep: &str) -> Option<f64> {
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

/// The hyphenated form only: anything else would not write back as it was read.
pub(crate) fn parse_uuid(rep: &str) -> Option<uuid::Uuid> {
    if rep.len() != 36 {
        return None;
    }
    uuid::Uuid::try_parse(rep).ok()
}

/// RFC 3339 / ISO-8601 with an offset (`2000-01-01T12:00:00.000Z`), kept to the
/// millisecond like transit-java's `Date`.
pub(crate) fn parse_iso_instant(rep: &str) -> Option<DateTime<Utc>> {
    let t = match DateTime::parse_from_rfc3339(rep) {
        Ok(t) => t.with_timezone(&Utc),
        // Years outside 0000-9999 carry a sign and more digits (ISO-8601 expanded
        // years, as the verbose writer spells them): RFC 3339 has no room for them.
        Err(_) => {
            chrono::NaiveDateTime::parse_from_str(rep.strip_suffix('Z')?, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()?
                .and_utc()
        }
    };
    DateTime::from_timestamp_millis(t.timestamp_millis())
}

/// Applies a tag to its decoded rep (`["~#tag", rep]` or `{"~#tag": rep}`), spec
/// digest §8 `applyTag`. Known tags give their types; others stay [`Tagged`].
pub(crate) fn apply_tag(tag: Arc<str>, rep: Value) -> Result<Value, ErrorCode> {
    let bad = |tag: &str, expected, rep: &Value| invalid(tag, expected, rep.type_name());
    match &*tag {
        "'" => Ok(rep),
        "set" => match rep {
            Value::Array(items) => Ok(Value::Set(items.into_vec().into_iter().collect())),
            other => Err(bad(&tag, "an array", &other)),
        },
        "list" => match rep {
            Value::Array(items) => Ok(Value::List(items)),
            other => Err(bad(&tag, "an array", &other)),
        },
        "cmap" => match rep {
            Value::Array(items) if items.len() % 2 == 0 => {
                let mut map = Map::with_capacity(items.len() / 2);
                let mut items = items.into_vec().into_iter();
                while let (Some(k), Some(v)) = (items.next(), items.next()) {
                    map.insert(k, v);
                }
                Ok(Value::Map(map))
            }
            other => Err(bad(&tag, "an array of keys and values", &other)),
        },
        "link" => match rep {
            Value::Map(map) => link_from_map(map).map(|link| Value::Link(Box::new(link))),
            other => Err(bad(&tag, "a map", &other)),
        },
        _ => {
            let mut chars = tag.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if is_known_scalar_tag(c) => decode_scalar_rep(c, rep),
                _ => Ok(Value::Tagged(Box::new(Tagged::new(tag, rep)))),
            }
        }
    }
}

/// A known one-character tag in array or object form: its rep is usually the same
/// string as in the string form, but `u` also takes `[hi, lo]` (what msgpack
/// writes, and transit-java reads in JSON) and `m` an integer.
fn decode_scalar_rep(tag: char, rep: Value) -> Result<Value, ErrorCode> {
    match (tag, rep) {
        (_, Value::String(s)) => decode_scalar(tag, &s),
        ('m', Value::Integer(ms)) => DateTime::from_timestamp_millis(ms)
            .map(Value::Instant)
            .ok_or_else(|| invalid("m", "milliseconds within chrono's range", &ms.to_string())),
        ('u', Value::Array(halves)) => match &*halves {
            [Value::Integer(hi), Value::Integer(lo)] => {
                let bits = (u128::from(*hi as u64) << 64) | u128::from(*lo as u64);
                Ok(Value::Uuid(uuid::Uuid::from_u128(bits)))
            }
            _ => Err(invalid("u", "two 64-bit integers", "another array")),
        },
        (_, other) => Err(invalid(tag_text(tag), "a string", other.type_name())),
    }
}

pub(crate) fn link_from_map(map: Map) -> Result<Link, ErrorCode> {
    let bad = |found: &str| {
        invalid(
            "link",
            "a map with string keys href, rel, name, render, prompt",
            found,
        )
    };
    let mut href = None;
    let mut rel = None;
    let mut link = Link::new(Uri::new(""), "");
    for (key, value) in map {
        let Value::String(key) = key else {
            return Err(bad(key.type_name()));
        };
        match (&*key, value) {
            ("href", Value::Uri(uri)) => href = Some(uri),
            ("href", Value::String(s)) => href = Some(Uri::new(&*s)),
            ("rel", Value::String(s)) => rel = Some(s.to_string()),
            ("name", Value::String(s)) => link.name = Some(s.to_string()),
            ("render", Value::String(s)) => link.render = Some(s.to_string()),
            ("prompt", Value::String(s)) => link.prompt = Some(s.to_string()),
            (_, Value::Null) if &*key != "href" && &*key != "rel" => {}
            (other, _) => return Err(bad(other)),
        }
    }
    match (href, rel) {
        (Some(href), Some(rel)) => {
            link.href = href;
            link.rel = rel;
            Ok(link)
        }
        _ => Err(bad("a map without href or rel")),
    }
}
