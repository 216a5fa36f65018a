//! Equality and hashing of values, so that any value can be a map key or set member.
//!
//! Floats compare by bits (`0.0` and `-0.0` differ), except that every NaN is the
//! same value: Transit carries a NaN as `~zNaN`, with no payload, so NaNs that differ
//! only in their payload bits must not make a value unequal to itself written and
//! read back. That keeps `Eq` lawful. Maps and sets hash without regard to order,
//! matching their equality.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Map, Set, Value};

/// A float's bits as equality sees them: every NaN as the one quiet NaN.
#[inline]
pub(crate) fn float_bits(f: f64) -> u64 {
    if f.is_nan() {
        f64::NAN.to_bits()
    } else {
        f.to_bits()
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (Value::BigInt(a), Value::BigInt(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => float_bits(*a) == float_bits(*b),
            (Value::BigDecimal(a), Value::BigDecimal(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Keyword(a), Value::Keyword(b)) => a == b,
            (Value::Symbol(a), Value::Symbol(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::Uuid(a), Value::Uuid(b)) => a == b,
            (Value::Instant(a), Value::Instant(b)) => a == b,
            (Value::Uri(a), Value::Uri(b)) => a == b,
            (Value::Char(a), Value::Char(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Set(a), Value::Set(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => a == b,
            (Value::Link(a), Value::Link(b)) => a == b,
            (Value::Tagged(a), Value::Tagged(b)) => a == b,
            (Value::Ext(a), Value::Ext(b)) => a.tag() == b.tag() && a.rep() == b.rep(),
            (Value::Ext(e), Value::Tagged(t)) | (Value::Tagged(t), Value::Ext(e)) => {
                e.tag() == t.tag() && e.rep() == *t.rep()
            }
            _ => false,
        }
    }
}

impl Eq for Value {}

/// The discriminant bytes that strings and keywords hash first (each variant has
/// its own).
const STRING: u8 = 6;
const KEYWORD: u8 = 7;

/// How a keyword hashes; `Map::get_keyword` hashes a bare name the same way.
pub(super) fn hash_keyword<H: Hasher>(name: &str, state: &mut H) {
    state.write_u8(KEYWORD);
    name.hash(state);
}

/// How a string hashes; `Map::get_str` hashes a bare text the same way.
pub(super) fn hash_string<H: Hasher>(text: &str, state: &mut H) {
    state.write_u8(STRING);
    text.hash(state);
}

/// Order-independent hash of a collection: the wrapping sum of each item's own hash.
fn unordered_hash<'a, T: Hash + 'a>(items: impl Iterator<Item = T>) -> u64 {
    items.fold(0u64, |sum, item| {
        let mut h = DefaultHasher::new();
        item.hash(&mut h);
        sum.wrapping_add(h.finish())
    })
}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Value::Null => state.write_u8(0),
            Value::Bool(b) => {
                state.write_u8(1);
                b.hash(state);
            }
            Value::Integer(i) => {
                state.write_u8(2);
                i.hash(state);
            }
            Value::BigInt(n) => {
                state.write_u8(3);
                n.hash(state);
            }
            Value::Float(f) => {
                state.write_u8(4);
                float_bits(*f).hash(state);
            }
            Value::BigDecimal(d) => {
                state.write_u8(5);
                d.hash(state);
            }
            Value::String(s) => hash_string(s, state),
            Value::Keyword(k) => hash_keyword(k.as_str(), state),
            Value::Symbol(s) => {
                state.write_u8(8);
                s.hash(state);
            }
            Value::Bytes(b) => {
                state.write_u8(9);
                b.hash(state);
            }
            Value::Uuid(u) => {
                state.write_u8(10);
                u.hash(state);
            }
            Value::Instant(t) => {
                state.write_u8(11);
                t.hash(state);
            }
            Value::Uri(u) => {
                state.write_u8(12);
                u.hash(state);
            }
            Value::Char(c) => {
                state.write_u8(13);
                c.hash(state);
            }
            Value::Array(items) => {
                state.write_u8(14);
                items.hash(state);
            }
            Value::List(items) => {
                state.write_u8(15);
                items.hash(state);
            }
            Value::Set(set) => {
                state.write_u8(16);
                hash_set(set, state);
            }
            Value::Map(map) => {
                state.write_u8(17);
                hash_map(map, state);
            }
            Value::Link(link) => {
                state.write_u8(18);
                link.hash(state);
            }
            Value::Tagged(tagged) => {
                state.write_u8(19);
                tagged.hash(state);
            }
            // Hashes as the tagged value it equals.
            Value::Ext(ext) => {
                state.write_u8(19);
                crate::types::Tagged::new(ext.tag(), ext.rep()).hash(state);
            }
        }
    }
}

fn hash_set<H: Hasher>(set: &Set, state: &mut H) {
    state.write_usize(set.len());
    state.write_u64(unordered_hash(set.iter()));
}

fn hash_map<H: Hasher>(map: &Map, state: &mut H) {
    state.write_usize(map.len());
    state.write_u64(unordered_hash(map.iter()));
}
