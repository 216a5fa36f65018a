//! The rolling cache of Transit: plain data structures, no serde.
//!
//! Writer and reader walk a document in the same order and keep the same table: the
//! first time a cacheable string is seen it is written in full and given the next
//! index; later it is written as that index's code (`^0`, `^1`, …, `^[[`). After 1936
//! entries (44 × 44 two-digit codes) both sides start again at index 0. The table
//! lives for one top-level value.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;

use crate::bytes::same_bytes;

/// Number of distinct codes: two base-44 digits (transit-java's `MAX_CACHE_ENTRIES`).
pub(crate) const MAX_ENTRIES: usize = 44 * 44;

/// The first code digit: index digit `d` is written as the ASCII character `48 + d`.
const BASE_CHAR: u8 = b'0';
const DIGITS: usize = 44;

/// Whether the wire string `s` is remembered by the cache: four characters or more,
/// and a map key, or a keyword (`~:`), symbol (`~$`) or tag (`~#`).
///
/// The length counts UTF-16 code units, as transit-java and transit-js measure
/// `String.length`; a map key of two non-BMP characters is 4 units long but 8 bytes.
#[inline]
pub(crate) fn is_cacheable(s: &str, as_map_key: bool) -> bool {
    is_cacheable_utf8(s.as_bytes(), as_map_key)
}

/// [`is_cacheable`] for the bytes of a string (valid UTF-8).
#[inline]
pub(crate) fn is_cacheable_utf8(bytes: &[u8], as_map_key: bool) -> bool {
    if bytes.len() < 4 {
        // UTF-16 length never exceeds the UTF-8 length.
        return false;
    }
    let keyword_symbol_or_tag = bytes[0] == b'~' && matches!(bytes[1], b':' | b'$' | b'#');
    if !as_map_key && !keyword_symbol_or_tag {
        return false;
    }
    // Four ASCII bytes are four units; only non-ASCII text needs counting.
    bytes[..4].is_ascii() || utf16_len_at_least_4(bytes)
}

/// Whether UTF-8 `bytes` are four UTF-16 units long or more: every character is one
/// unit, but those of four bytes (outside the BMP) are two.
fn utf16_len_at_least_4(bytes: &[u8]) -> bool {
    let mut units = 0;
    for &b in bytes {
        if b & 0xc0 != 0x80 {
            units += 1 + usize::from(b >= 0xf0);
            if units >= 4 {
                return true;
            }
        }
    }
    false
}

/// The index a code stands for, or `None` when `code` is not a well-formed code.
///
/// ```text
/// "^0" -> 0, "^[" -> 43, "^10" -> 44, "^[[" -> 1935
/// ```
#[inline]
pub(crate) fn code_to_index(code: &[u8]) -> Option<usize> {
    let digit = |b: u8| {
        let d = b.wrapping_sub(BASE_CHAR) as usize;
        (d < DIGITS).then_some(d)
    };
    match code {
        [b'^', lo] => digit(*lo),
        [b'^', hi, lo] => Some(digit(*hi)? * DIGITS + digit(*lo)?),
        _ => None,
    }
}

/// The code for `index` (below [`MAX_ENTRIES`]), as bytes and a length of 2 or 3.
pub(crate) fn index_to_code(index: usize) -> ([u8; 3], usize) {
    debug_assert!(index < MAX_ENTRIES);
    let hi = index / DIGITS;
    let lo = index % DIGITS;
    if hi == 0 {
        ([b'^', BASE_CHAR + lo as u8, 0], 2)
    } else {
        ([b'^', BASE_CHAR + hi as u8, BASE_CHAR + lo as u8], 3)
    }
}

/// The writer's side: wire string → index. A cacheable string already in the
/// table is written as its code; a new one is written in full and takes the next
/// index, the table starting again when it holds 1936.
///
/// The writer looks a wire string up as its two parts, a marker prefix (`~:`,
/// `~#`, `~u`, …, or none) and the text, so that nothing is copied to look up a
/// key that was seen before. Each wire string is hashed once per lookup, by
/// [`wire_hash`], whose result depends only on the whole wire string, not on where
/// it is split. The table stores indexes into `keys`, which keep each entry's
/// place in the one `text` buffer and its hash (for growing the table without
/// hashing again); so a stream of small values, each with a fresh cache,
/// allocates nothing per entry.
///
/// Hashing a wire string costs its length, so a value that repeats one long
/// keyword many times (a few bytes of input each: the reader's cache hands out
/// the same shared text for every code) would cost its length on every use.
/// Texts that [`with_shared`] offers are looked up by address instead once
/// their content has been found: `shared` maps the address of a shared text
/// (and the prefix written before it) to its index, and `held` keeps each such
/// text alive, so no other text can take its address while the entry stands.
pub(crate) struct WriteCache {
    enabled: bool,
    table: HashTable<u16>,
    keys: Vec<Entry>,
    text: String,
    shared: HashMap<SharedKey, u16>,
    held: Vec<Arc<str>>,
}

/// A shared text's address and length, and the wire prefix written before it
/// (at most eight bytes, packed with its length).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct SharedKey {
    address: usize,
    len: usize,
    prefix: u64,
}

/// Texts at least this long are worth looking up by address: shorter ones hash
/// in a few nanoseconds.
pub(crate) const SHARED_MIN_LEN: usize = 64;

thread_local! {
    /// The shared text being serialized right now, if [`with_shared`] offered
    /// one: the writer's cache may keep a clone to look the text up by address.
    static OFFERED: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
}

/// Runs `serialize` (which writes `text`) with `text` offered to this thread's
/// write cache, so that its later uses are looked up by address rather than
/// hashed again. Texts shorter than [`SHARED_MIN_LEN`] are not offered.
///
/// An offered text is only used when the string the writer is handed starts at
/// its address and has its length: the offer holds the text alive, so no other
/// live string can be there, and the bytes are the same.
#[inline]
pub(crate) fn with_shared<R>(text: &Arc<str>, serialize: impl FnOnce() -> R) -> R {
    if text.len() < SHARED_MIN_LEN {
        return serialize();
    }
    let previous = OFFERED.with(|offered| offered.replace(Some(Arc::clone(text))));
    let result = serialize();
    OFFERED.with(|offered| *offered.borrow_mut() = previous);
    result
}

/// The offered text if it is `text` itself (same address, same length).
fn offered(text: &str) -> Option<Arc<str>> {
    OFFERED.with(|offered| {
        offered
            .borrow()
            .as_ref()
            .filter(|shared| shared.as_ptr() == text.as_ptr() && shared.len() == text.len())
            .cloned()
    })
}

/// Where a cached wire string sits in `WriteCache::text`, and its hash.
struct Entry {
    start: usize,
    end: usize,
    hash: u64,
}

/// A seed for every write cache, random per process: the strings hashed are
/// the written data's map keys, which whoever supplied the data may choose.
fn write_seed() -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SEED.get_or_init(|| foldhash::fast::RandomState::default().hash_one(0x5eed_u64))
}

thread_local! {
    /// A cleared cache kept from the last top-level write on this thread, so that a
    /// stream of small values does not allocate a fresh table for each.
    static SPARE: std::cell::Cell<Option<WriteCache>> = const { std::cell::Cell::new(None) };
}

/// The `i`th byte of `prefix` followed by `text`, or 0 past their end.
#[inline(always)]
fn wire_byte(prefix: &[u8], text: &[u8], i: usize) -> u8 {
    match prefix.get(i) {
        Some(&b) => b,
        None => text.get(i - prefix.len()).copied().unwrap_or(0),
    }
}

/// One step of the hash: a 64 × 64 → 128-bit multiply folded back to 64 bits
/// (the mixing step of foldhash and wyhash).
#[inline(always)]
fn fold(x: u64, y: u64) -> u64 {
    let full = u128::from(x) * u128::from(y);
    (full as u64) ^ ((full >> 64) as u64)
}

/// The hash of the wire string `prefix + text`, reading it eight bytes at a time
/// from its start, so any split of the same string hashes alike. Prefixes are at
/// most five bytes (`~` and one character), so only the first word can straddle.
#[inline]
pub(crate) fn wire_hash(seed: u64, prefix: &[u8], text: &[u8]) -> u64 {
    const K0: u64 = 0x243f_6a88_85a3_08d3;
    const K1: u64 = 0x1319_8a2e_0370_7344;
    debug_assert!(prefix.len() <= 8);
    #[cfg(test)]
    tests::HASHED.with(|n| n.set(n.get() + prefix.len() + text.len()));
    let total = prefix.len() + text.len();
    let head = u64::from_le_bytes(std::array::from_fn(|i| wire_byte(prefix, text, i)));
    let mut hash = fold(head ^ seed, K0 ^ total as u64);
    // The rest lies in `text`, from the ninth byte of the wire string on.
    let mut rest = text
        .get(8usize.saturating_sub(prefix.len())..)
        .unwrap_or(&[]);
    while rest.len() >= 8 {
        let word = u64::from_le_bytes(rest[..8].try_into().expect("8 bytes"));
        hash = fold(hash ^ word, K1);
        rest = &rest[8..];
    }
    if !rest.is_empty() {
        let word = u64::from_le_bytes(std::array::from_fn(|i| rest.get(i).copied().unwrap_or(0)));
        hash = fold(hash ^ word, K1);
    }
    hash
}

/// Whether the wire string `prefix + text` is cacheable: [`is_cacheable`] on the
/// parts.
#[inline]
fn is_cacheable_parts(prefix: &str, text: &str, as_map_key: bool) -> bool {
    if prefix.is_empty() {
        return is_cacheable(text, as_map_key);
    }
    let (p, t) = (prefix.as_bytes(), text.as_bytes());
    if p.len() + t.len() < 4 {
        return false;
    }
    let byte = |i| wire_byte(p, t, i);
    let keyword_symbol_or_tag = byte(0) == b'~' && matches!(byte(1), b':' | b'$' | b'#');
    if !as_map_key && !keyword_symbol_or_tag {
        return false;
    }
    (0..4).all(|i| byte(i).is_ascii()) || {
        let units: usize = prefix
            .chars()
            .chain(text.chars())
            .take(4)
            .map(char::len_utf16)
            .sum();
        units >= 4
    }
}

/// What [`WriteCache::lookup`] tells the writer to emit.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CacheWrite {
    /// Write the string in full (first sight, or not cacheable).
    Full,
    /// Write this code instead of the string.
    Code([u8; 3], usize),
}

impl WriteCache {
    /// A cache that is on (JSON) or off (JSON-Verbose never writes codes).
    pub(crate) fn new(enabled: bool) -> Self {
        WriteCache {
            enabled,
            table: HashTable::new(),
            keys: Vec::new(),
            text: String::new(),
            shared: HashMap::new(),
            held: Vec::new(),
        }
    }

    /// A cache from the thread's spare, or a new one.
    pub(crate) fn reuse(enabled: bool) -> Self {
        match SPARE.with(std::cell::Cell::take) {
            Some(mut cache) => {
                cache.enabled = enabled;
                cache
            }
            None => WriteCache::new(enabled),
        }
    }

    /// Gives the cache back for `reuse`, unless it grew large.
    pub(crate) fn recycle(mut self) {
        if self.text.capacity() <= 1 << 16 {
            self.clear();
            SPARE.with(|spare| spare.set(Some(self)));
        }
    }

    /// Whether codes are written at all.
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// Forgets everything: called at the start of each top-level value.
    pub(crate) fn clear(&mut self) {
        self.table.clear();
        self.keys.clear();
        self.text.clear();
        self.shared.clear();
        self.held.clear();
    }

    /// Looks the wire string `prefix + text` (escapes included) up, and records it
    /// when it is new and cacheable. The 1937th new string resets the table first,
    /// exactly like transit-java's `WriteCache.cacheWrite`.
    pub(crate) fn lookup(&mut self, prefix: &str, text: &str, as_map_key: bool) -> CacheWrite {
        if !self.enabled || !is_cacheable_parts(prefix, text, as_map_key) {
            return CacheWrite::Full;
        }
        let (p, t) = (prefix.as_bytes(), text.as_bytes());
        let shared = if t.len() >= SHARED_MIN_LEN {
            offered(text).map(|arc| {
                let mut packed = [0u8; 8];
                let n = p.len().min(7);
                packed[..n].copy_from_slice(&p[..n]);
                packed[7] = p.len() as u8;
                let key = SharedKey {
                    address: t.as_ptr() as usize,
                    len: t.len(),
                    prefix: u64::from_le_bytes(packed),
                };
                (key, arc)
            })
        } else {
            None
        };
        if let Some((key, _)) = &shared {
            if let Some(&index) = self.shared.get(key) {
                let (code, len) = index_to_code(index as usize);
                return CacheWrite::Code(code, len);
            }
        }
        let hash = wire_hash(write_seed(), p, t);
        let (keys, stored) = (&self.keys, self.text.as_bytes());
        let same = |&i: &u16| {
            let entry = &keys[i as usize];
            let found = &stored[entry.start..entry.end];
            found.len() == p.len() + t.len()
                && same_bytes(&found[..p.len()], p)
                && same_bytes(&found[p.len()..], t)
        };
        if let Some(&index) = self.table.find(hash, same) {
            if let Some((key, arc)) = shared {
                self.shared.insert(key, index);
                self.held.push(arc);
            }
            let (code, len) = index_to_code(index as usize);
            return CacheWrite::Code(code, len);
        }
        if self.keys.len() == MAX_ENTRIES {
            self.clear();
        }
        let index = self.keys.len() as u16;
        let start = self.text.len();
        self.text.push_str(prefix);
        self.text.push_str(text);
        self.keys.push(Entry {
            start,
            end: self.text.len(),
            hash,
        });
        let keys = &self.keys;
        self.table
            .insert_unique(hash, index, |&i| keys[i as usize].hash);
        if let Some((key, arc)) = shared {
            self.shared.insert(key, index);
            self.held.push(arc);
        }
        CacheWrite::Full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Bytes [`wire_hash`] has read on this thread.
        pub(super) static HASHED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn a_shared_text_is_hashed_once_then_found_by_address() {
        let long: Arc<str> = Arc::from("k".repeat(100_000));
        let mut cache = WriteCache::new(true);
        let first = with_shared(&long, || cache.lookup("~:", &long, false));
        assert_eq!(first, CacheWrite::Full);
        let before = HASHED.with(std::cell::Cell::get);
        let clone = Arc::clone(&long);
        for _ in 0..1_000 {
            let hit = with_shared(&clone, || cache.lookup("~:", &clone, false));
            assert_eq!(hit, CacheWrite::Code(*b"^0\0", 2));
        }
        assert_eq!(
            HASHED.with(std::cell::Cell::get),
            before,
            "hits rehashed the text"
        );
        // The same text under another prefix is another wire string.
        let symbol = with_shared(&long, || cache.lookup("~$", &long, false));
        assert_eq!(symbol, CacheWrite::Full);
        // Another allocation with the same text is found by content once, then by
        // address.
        let copy: Arc<str> = Arc::from(&*long);
        let hit = with_shared(&copy, || cache.lookup("~:", &copy, false));
        assert_eq!(hit, CacheWrite::Code(*b"^0\0", 2));
        let before = HASHED.with(std::cell::Cell::get);
        let hit = with_shared(&copy, || cache.lookup("~:", &copy, false));
        assert_eq!(hit, CacheWrite::Code(*b"^0\0", 2));
        assert_eq!(HASHED.with(std::cell::Cell::get), before);
        // A text that is not the offered one is looked up by content.
        let other = "k".repeat(100_000);
        let hit = with_shared(&long, || cache.lookup("~:", &other, false));
        assert_eq!(hit, CacheWrite::Code(*b"^0\0", 2));
        // After a reset, nothing is found by address.
        cache.clear();
        let again = with_shared(&long, || cache.lookup("~:", &long, false));
        assert_eq!(again, CacheWrite::Full);
    }

    fn code(index: usize) -> String {
        let (bytes, len) = index_to_code(index);
        String::from_utf8(bytes[..len].to_vec()).unwrap()
    }

    #[test]
    fn codes_and_indexes_are_inverse() {
        assert_eq!(code(0), "^0");
        assert_eq!(code(9), "^9");
        assert_eq!(code(10), "^:");
        assert_eq!(code(43), "^[");
        assert_eq!(code(44), "^10");
        assert_eq!(code(45), "^11");
        assert_eq!(code(1935), "^[[");
        for index in 0..MAX_ENTRIES {
            assert_eq!(code_to_index(code(index).as_bytes()), Some(index));
        }
    }

    #[test]
    fn malformed_codes_have_no_index() {
        for bad in ["^", "^\\", "^/", "^0000", "^\u{e9}", "0", "^ "] {
            assert_eq!(code_to_index(bad.as_bytes()), None, "{bad:?}");
        }
    }

    #[test]
    fn cacheable_follows_the_length_and_prefix_rules() {
        assert!(is_cacheable("~:ab", false));
        assert!(!is_cacheable("~:a", false));
        assert!(is_cacheable("~$ab", false));
        assert!(is_cacheable("~#set", false));
        assert!(!is_cacheable("~#'", false));
        assert!(!is_cacheable("abcd", false));
        assert!(!is_cacheable("~~abcd", false));
        assert!(!is_cacheable("~i1234", false));
        assert!(is_cacheable("abcd", true));
        assert!(is_cacheable("~i1234", true));
        assert!(is_cacheable("~~abc", true));
        assert!(!is_cacheable("aaa", true));
        assert!(!is_cacheable("~?t", true));
    }

    #[test]
    fn cacheable_length_counts_utf16_units() {
        // 2 bytes each in UTF-8, 1 unit each in UTF-16: 3 units, not cacheable.
        assert!(!is_cacheable("\u{e9}\u{e9}\u{e9}", true));
        assert!(is_cacheable("\u{e9}\u{e9}\u{e9}\u{e9}", true));
        // One non-BMP character is 4 bytes but 2 UTF-16 units.
        assert!(!is_cacheable("\u{1F600}", true));
        assert!(is_cacheable("\u{1F600}\u{1F600}", true));
        assert!(is_cacheable("~:\u{1F600}", false));
        // Long non-ASCII strings still count correctly.
        assert!(is_cacheable(
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
            true
        ));
    }

    #[test]
    fn write_cache_gives_codes_on_second_sight() {
        let mut cache = WriteCache::new(true);
        assert_eq!(cache.lookup("", "~:abc", false), CacheWrite::Full);
        assert_eq!(cache.lookup("", "plain", false), CacheWrite::Full);
        assert_eq!(cache.lookup("", "plain", true), CacheWrite::Full);
        let (c, l) = index_to_code(0);
        assert_eq!(cache.lookup("", "~:abc", true), CacheWrite::Code(c, l));
        // A string cached as a key is still written in full as a value: as a value
        // it is not cacheable at all (Java `WriteCache.cacheWrite`).
        assert_eq!(cache.lookup("", "plain", false), CacheWrite::Full);
        let (c, l) = index_to_code(1);
        assert_eq!(cache.lookup("", "plain", true), CacheWrite::Code(c, l));
    }

    #[test]
    fn write_cache_finds_a_wire_string_however_it_is_split() {
        let wire = "~:a-longer-keyword-name\u{e9}";
        let splits: Vec<usize> = (0..=5).filter(|&i| wire.is_char_boundary(i)).collect();
        for &first in &splits {
            let mut cache = WriteCache::new(true);
            let (p, t) = wire.split_at(first);
            assert_eq!(cache.lookup(p, t, false), CacheWrite::Full);
            for &again in &splits {
                let (p, t) = wire.split_at(again);
                assert!(
                    matches!(cache.lookup(p, t, false), CacheWrite::Code(..)),
                    "stored split at {first}, looked up split at {again}"
                );
                assert_eq!(wire_hash(7, p.as_bytes(), t.as_bytes()), {
                    let (p, t) = wire.split_at(first);
                    wire_hash(7, p.as_bytes(), t.as_bytes())
                });
            }
        }
    }

    #[test]
    fn write_cache_matches_a_model_of_the_spec() {
        // The model is the rule read literally: a list of the cacheable strings written
        // in full since the last reset, searched in order, reset when full.
        let mut model: Vec<String> = Vec::new();
        let mut cache = WriteCache::new(true);
        let mut random = crate::testing::Xorshift::new(0x2545_f491_4f6c_dd1d);
        let prefixes = ["", "~", "~:", "~$", "~#", "~i", "~u", "~\u{e9}"];
        // 300 texts of 0 to 19 characters: with the prefixes, more distinct wire
        // strings than the cache holds, so it also rolls over.
        let pool: Vec<String> = (0..300)
            .map(|_| {
                let r = random.next_u64();
                (0..(r % 20) as usize)
                    .map(|i| ['a', 'b', '~', '\u{e9}'][((r >> (8 + 2 * i)) % 4) as usize])
                    .collect()
            })
            .collect();
        let mut resets = 0;
        let mut hits = 0;
        for step in 0..20_000 {
            let r = random.next_u64();
            let prefix = prefixes[(r % 8) as usize];
            let text = &pool[((r >> 3) % pool.len() as u64) as usize];
            let as_key = (r >> 60) % 2 == 0;
            let wire = format!("{prefix}{text}");
            let expected = if !is_cacheable(&wire, as_key) {
                CacheWrite::Full
            } else if let Some(i) = model.iter().position(|w| *w == wire) {
                hits += 1;
                let (code, len) = index_to_code(i);
                CacheWrite::Code(code, len)
            } else {
                if model.len() == MAX_ENTRIES {
                    model.clear();
                    resets += 1;
                }
                model.push(wire.clone());
                CacheWrite::Full
            };
            assert_eq!(
                cache.lookup(prefix, text, as_key),
                expected,
                "step {step}: {wire:?}"
            );
        }
        assert!(hits > 1_000, "{hits} hits: the model should see repeats");
        assert!(resets > 0, "the model should roll over");
    }

    #[test]
    fn write_cache_is_off_in_verbose_mode() {
        let mut cache = WriteCache::new(false);
        assert_eq!(cache.lookup("", "~:abc", false), CacheWrite::Full);
        assert_eq!(cache.lookup("", "~:abc", false), CacheWrite::Full);
    }

    fn fill(cache: &mut WriteCache, n: usize) {
        for i in 0..n {
            assert_eq!(
                cache.lookup("", &format!("~:k{i:04}"), false),
                CacheWrite::Full
            );
        }
    }

    #[test]
    fn write_cache_rolls_over_at_1936() {
        for (n, first_still_cached) in [(1935, true), (1936, true), (1937, false)] {
            let mut cache = WriteCache::new(true);
            fill(&mut cache, n);
            let hit = cache.lookup("", "~:k0000", false);
            assert_eq!(hit != CacheWrite::Full, first_still_cached, "n = {n}");
        }
        // After the reset the 1937th string sits at index 0.
        let mut cache = WriteCache::new(true);
        fill(&mut cache, 1937);
        let (c, l) = index_to_code(0);
        assert_eq!(cache.lookup("", "~:k1936", false), CacheWrite::Code(c, l));
        let (c, l) = index_to_code(1935);
        let mut cache = WriteCache::new(true);
        fill(&mut cache, 1936);
        assert_eq!(cache.lookup("", "~:k1935", false), CacheWrite::Code(c, l));
    }
}
