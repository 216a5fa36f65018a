//! The read handlers of Transit's types: a rep into the [`Value`] it stands for.
//!
//! The wire layer hands out a one-character tag and its rep text (`~u…`, `~m…`),
//! or a tag and its decoded rep (`["~#set", […]]`); what they mean is decided here,
//! once, for every consumer.

use std::sync::Arc;

use base64::Engine;
use chrono::DateTime;

use crate::error::{snippet, ErrorCode};
use crate::types::{BigDecimal, Link, Tagged, Uri};
use crate::value::{Map, Value};
use crate::wire::Decoded;

fn invalid(tag: impl Into<Box<str>>, expected: &'static str, found: &str) -> ErrorCode {
    ErrorCode::InvalidRep {
        tag: tag.into(),
        expected,
        found: snippet(found),
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

/// The one-character tags this crate decodes itself (transit-java's default read
/// handlers).
pub(crate) fn is_known_scalar_tag(tag: char) -> bool {
    matches!(
        tag,
        ':' | '$' | '_' | '?' | 'i' | 'n' | 'd' | 'f' | 'z' | 'c' | 'r' | 'u' | 'b' | 'm' | 't'
    )
}

/// The value of the string form `"~" tag rep` of a scalar whose tag the wire layer
/// leaves to its consumers (`f c r u b m t`, and tags this crate does not know,
/// which stay [`Tagged`] strings and so write back unchanged).
pub(crate) fn scalar(tag: char, rep: &str) -> Result<Value, ErrorCode> {
    let bad = |expected| invalid(tag_text(tag), expected, rep);
    Ok(match tag {
        'f' => Value::BigDecimal(BigDecimal::parse(rep).ok_or_else(|| bad("a decimal number"))?),
        'c' => {
            let mut chars = rep.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Value::Char(c),
                _ => return Err(bad("exactly one character")),
            }
        }
        'r' => Value::Uri(Uri::new(rep)),
        // Text that is not a uuid (hand-edited Penpot fixtures have some, which
        // Penpot's own reader keeps) is kept, and writes back as `"~u"` + text;
        // typed `Uuid` fields still refuse it.
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
        'm' => {
            let millis: i64 = rep
                .parse()
                .map_err(|_| bad("milliseconds since the epoch"))?;
            instant_or_kept('m', millis, rep)
        }
        't' => match crate::java_time::parse(rep) {
            Some(millis) => instant_or_kept('t', millis, rep),
            None => return Err(bad("an ISO-8601 instant")),
        },
        _ => Value::Tagged(Box::new(Tagged::new(
            &*tag_text(tag),
            Value::String(rep.into()),
        ))),
    })
}

/// An instant, or, past what `DateTime<Utc>` holds (about ±262,000 years), the
/// scalar as it came, so that it writes back unchanged.
/// The value of a scalar whose rep was read typed (see [`Decoded`]): the same as
/// [`scalar`] gives for its text, without making and parsing that text. Out of
/// line: text reps, the most, only pay the check that calls it.
#[inline(never)]
pub(crate) fn decoded_scalar(decoded: Decoded) -> Option<Value> {
    match decoded {
        Decoded::No => None,
        Decoded::Millis(millis) => Some(instant_or_kept(
            'm',
            millis,
            itoa::Buffer::new().format(millis),
        )),
        Decoded::Uuid(bits) => Some(Value::Uuid(uuid::Uuid::from_u128(bits))),
    }
}

fn instant_or_kept(tag: char, millis: i64, rep: &str) -> Value {
    match DateTime::from_timestamp_millis(millis) {
        Some(t) => Value::Instant(t),
        None => Value::Tagged(Box::new(Tagged::new(
            &*tag_text(tag),
            Value::String(rep.into()),
        ))),
    }
}

/// The hyphenated form only: anything else would not write back as it was read.
pub(crate) fn parse_uuid(rep: &str) -> Option<uuid::Uuid> {
    if rep.len() != 36 {
        return None;
    }
    uuid::Uuid::try_parse(rep).ok()
}

/// Applies a tag to its decoded rep (`["~#tag", rep]` or `{"~#tag": rep}`): known
/// tags give their types; others stay [`Tagged`].
pub(crate) fn apply_tag(tag: Arc<str>, rep: Value) -> Result<Value, ErrorCode> {
    let bad = |tag: &str, expected, rep: &Value| invalid(tag, expected, rep.type_name());
    match &*tag {
        "set" => match rep {
            Value::Array(items) => Ok(Value::Set(items.into_vec().into_iter().collect())),
            other => Err(bad(&tag, "an array", &other)),
        },
        "list" => match rep {
            Value::Array(items) => Ok(Value::List(items)),
            other => Err(bad(&tag, "an array", &other)),
        },
        "link" => match rep {
            Value::Map(map) => link_from_map(map).map(|link| Value::Link(Box::new(link))),
            other => Err(bad(&tag, "a map", &other)),
        },
        _ => {
            let mut chars = tag.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if is_known_scalar_tag(c) => scalar_rep(c, rep),
                _ => Ok(Value::Tagged(Box::new(Tagged::new(tag, rep)))),
            }
        }
    }
}

/// A known one-character tag in array or object form: its rep is usually the same
/// string as in the string form, but `u` also takes `[hi, lo]` (what MessagePack
/// writes, and transit-java reads in JSON) and `m` an integer.
fn scalar_rep(tag: char, rep: Value) -> Result<Value, ErrorCode> {
    match (tag, rep) {
        (_, Value::String(s)) => ground_string(tag, &s),
        ('m', Value::Integer(ms)) => Ok(instant_or_kept('m', ms, &ms.to_string())),
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

/// A ground scalar's string form decoded as the wire layer decodes it in string
/// position (`["~#i", "42"]` means `42`).
fn ground_string(tag: char, rep: &str) -> Result<Value, ErrorCode> {
    let bad = |expected| invalid(tag_text(tag), expected, rep);
    Ok(match tag {
        ':' => Value::keyword(rep),
        '$' => Value::symbol(rep),
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
        'n' => Value::BigInt(
            crate::types::BigInt::parse(rep).ok_or_else(|| bad("decimal integer digits"))?,
        ),
        'd' => Value::Float(
            crate::wire::parse_java_double(rep).ok_or_else(|| bad("a decimal number"))?,
        ),
        'z' => Value::Float(match rep {
            "NaN" => f64::NAN,
            "INF" => f64::INFINITY,
            "-INF" => f64::NEG_INFINITY,
            _ => return Err(bad("`NaN`, `INF` or `-INF`")),
        }),
        _ => return scalar(tag, rep),
    })
}

/// A link from its map rep: string keys `href` (a URI or its text) and `rel`, and
/// optionally `name`, `render` and `prompt`.
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
