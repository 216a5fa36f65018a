//! The key order of the maps in Penpot's webhook bodies.
//!
//! Penpot's backend does not write an event straight from the request: the event
//! passes through two background tasks, and each task's parameters are stored in a
//! PostgreSQL `jsonb` column as verbose Transit and read back by transit-clj. The
//! body is then written from the map that was read last. So the order of a map's
//! keys in the body follows from two rules, both read from Penpot's, PostgreSQL's
//! and Clojure's code rather than observed in captured bodies:
//!
//! * `jsonb` keeps an object's keys sorted by the length of their text, then
//!   byte by byte (`"~:id"` before `"~:name"` before `"~:team-id"`), and gives
//!   them back in that order.
//! * transit-clj builds a map with up to 8 entries as an array map, which keeps
//!   the order it read; a map with more entries becomes a hash map, whose order is
//!   that of Clojure's hash array mapped trie: entries sorted by their keys' hash
//!   (`hasheq`), five bits at a time from the lowest.
//!
//! A receiver must not depend on this order; it is what a sender that wants to
//! look like Penpot writes.

use crate::value::{Map, Value};

/// Transit-clj's array maps hold at most this many entries (Clojure's
/// `PersistentArrayMap.HASHTABLE_THRESHOLD` is 16 array slots, a key and a value
/// each); one more and the map is a hash map.
const ARRAY_MAP_MAX: usize = 8;

/// The map with its entries in the order Penpot's body would have them. Maps with
/// a key that is neither a keyword nor a string keep the order they have: the
/// rules above are only worked out for those two kinds of key, the only ones in
/// Penpot's webhook props.
pub(crate) fn penpot_order(entries: Vec<(Value, Value)>) -> Map {
    let Some(orders) = entries
        .iter()
        .map(|(key, _)| KeyOrder::of(key))
        .collect::<Option<Vec<KeyOrder>>>()
    else {
        return entries.into_iter().collect();
    };
    let mut keyed: Vec<(KeyOrder, (Value, Value))> = orders.into_iter().zip(entries).collect();
    // First the jsonb order (also the order entries collide in, when two keys
    // have the same hash and share a collision node in the trie).
    keyed.sort_by(|a, b| a.0.jsonb().cmp(&b.0.jsonb()));
    if keyed.len() > ARRAY_MAP_MAX {
        keyed.sort_by_key(|(order, _)| order.trie);
    }
    keyed.into_iter().map(|(_, entry)| entry).collect()
}

/// Where a key sorts: its verbose Transit text (what `jsonb` compares) and its
/// position in a Clojure hash map.
struct KeyOrder {
    text: String,
    trie: u64,
}

impl KeyOrder {
    fn of(key: &Value) -> Option<KeyOrder> {
        let (text, hash) = match key {
            Value::Keyword(k) => (
                format!("~:{}", k.as_str()),
                keyword_hasheq(k.namespace(), k.name()),
            ),
            Value::String(s) => {
                let escaped = if s.starts_with(['~', '^', '`']) {
                    format!("~{s}")
                } else {
                    s.to_string()
                };
                (escaped, murmur_hash_int(java_string_hash(s)))
            }
            _ => return None,
        };
        Some(KeyOrder {
            text,
            trie: trie_position(hash),
        })
    }

    fn jsonb(&self) -> (usize, &[u8]) {
        (self.text.len(), self.text.as_bytes())
    }
}

/// A hash map's iteration visits its trie's slots in index order at every level,
/// and a level's slot is five bits of the hash, from the lowest: so entries come
/// in the order of those five-bit groups read lowest first.
fn trie_position(hash: i32) -> u64 {
    let hash = hash as u32;
    (0..7).fold(0u64, |acc, level| {
        (acc << 5) | u64::from((hash >> (5 * level)) & 0x1f)
    })
}

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;
/// The golden-ratio constant Clojure adds in `hashCombine` and to a keyword's hash.
const GOLDEN: u32 = 0x9e37_79b9;

fn mix_k1(k: u32) -> u32 {
    k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

fn mix_h1(h: u32, k: u32) -> u32 {
    (h ^ k)
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64)
}

fn fmix(mut h: u32, length: u32) -> u32 {
    h ^= length;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// Clojure's `Murmur3.hashUnencodedChars`: 32-bit murmur3, seed 0, over the
/// UTF-16 code units two at a time.
fn murmur_hash_chars(text: &str) -> i32 {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut h = 0u32;
    for pair in units.chunks_exact(2) {
        h = mix_h1(h, mix_k1(u32::from(pair[0]) | (u32::from(pair[1]) << 16)));
    }
    if let [.., last] = units.as_slice() {
        if units.len() % 2 == 1 {
            h ^= mix_k1(u32::from(*last));
        }
    }
    fmix(h, (2 * units.len()) as u32) as i32
}

/// Clojure's `Murmur3.hashInt`, which a string's `hasheq` applies to its Java hash.
fn murmur_hash_int(input: i32) -> i32 {
    if input == 0 {
        return 0;
    }
    fmix(mix_h1(0, mix_k1(input as u32)), 4) as i32
}

/// Java's `String.hashCode`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 units.
fn java_string_hash(text: &str) -> i32 {
    text.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// Clojure's `Util.hashCombine` (with Java's arithmetic right shift).
fn hash_combine(seed: i32, hash: i32) -> i32 {
    let mixed = (hash as u32)
        .wrapping_add(GOLDEN)
        .wrapping_add((seed as u32) << 6)
        .wrapping_add((seed >> 2) as u32);
    seed ^ mixed as i32
}

/// `(hash :ns/name)`: the symbol's hash (murmur3 of the name combined with the
/// namespace's Java hash, 0 without one) plus the golden-ratio constant.
fn keyword_hasheq(namespace: Option<&str>, name: &str) -> i32 {
    let symbol = hash_combine(
        murmur_hash_chars(name),
        namespace.map_or(0, java_string_hash),
    );
    (symbol as u32).wrapping_add(GOLDEN) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_clojures() {
        // `(hash :a)`, `(hash :name)` and `(hash "a")` as Clojure 1.12 prints them.
        assert_eq!(keyword_hasheq(None, "a"), -2123407586);
        assert_eq!(murmur_hash_int(java_string_hash("a")), 1455541201);
    }

    #[test]
    fn small_maps_sort_as_jsonb_and_large_ones_as_clojure_hash_maps() {
        let entries = |names: &[&str]| -> Vec<(Value, Value)> {
            names
                .iter()
                .map(|n| (Value::keyword(n), Value::Null))
                .collect()
        };
        let names = |map: Map| -> Vec<String> {
            map.keys()
                .map(|k| k.as_keyword().unwrap().as_str().to_owned())
                .collect()
        };
        assert_eq!(
            names(penpot_order(entries(&[
                "project-id",
                "features",
                "team-id",
                "name"
            ]))),
            ["name", "team-id", "features", "project-id"]
        );
        let many = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        let ordered = names(penpot_order(entries(&many)));
        let mut by_trie: Vec<&str> = many.to_vec();
        by_trie.sort_by_key(|n| trie_position(keyword_hasheq(None, n)));
        assert_eq!(ordered, by_trie);
        // Any other key keeps the order as given.
        let mixed = vec![
            (Value::keyword("zz"), Value::Null),
            (Value::Integer(1), Value::Null),
            (Value::keyword("a"), Value::Null),
        ];
        assert_eq!(
            penpot_order(mixed.clone()).into_iter().collect::<Vec<_>>(),
            mixed
        );
    }
}
