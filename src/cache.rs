//! The rolling cache of Transit JSON (spec digest §9): plain data structures, no serde.
//!
//! Writer and reader walk a document in the same order and keep the same table: the
//! first time a cacheable string is seen it is written in full and given the next
//! index; later it is written as that index's code (`^0`, `^1`, …, `^[[`). After 1936
//! entries (44 × 44 two-digit codes) both sides start again at index 0. The table
//! lives for one top-level value.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Number of distinct codes: two base-44 digits (§9 `MAX_CACHE_ENTRIES`).
pub(crate) const MAX_ENTRIES: usize = 44 * 44;

/// The first code digit: index digit `d` is written as the ASCII character `48 + d`.
const BASE_CHAR: u8 = b'0';
const DIGITS: usize = 44;

/// Whether the wire string `s` is remembered by the cache (§9 "Cacheable test").
///
/// The length counts UTF-16 code units, as transit-java and transit-js measure
/// `String.length`; a map key of two non-BMP characters is 4 units long but 8 bytes.
#[inline]
pub(crate) fn is_cacheable(s: &str, as_map_key: bool) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() < 4 {
        // UTF-16 length never exceeds the UTF-8 length.
        return false;
    }
    let keyword_symbol_or_tag = bytes[0] == b'~' && matches!(bytes[1], b':' | b'$' | b'#');
    if !as_map_key && !keyword_symbol_or_tag {
        return false;
    }
    // Four ASCII bytes are four units; only non-ASCII text needs counting.
    bytes[..4].is_ascii() || utf16_len_at_least_4(s)
}

fn utf16_len_at_least_4(s: &str) -> bool {
    let mut units = 0;
    for c in s.chars() {
        units += c.len_utf16();
        if units >= 4 {
            return true;
        }
    }
    false
}

/// Whether a string read from the wire is a cache code rather than data (§2: `^`
/// followed by anything except the map marker `"^ "`).
#[inline]
pub(crate) fn is_cache_code(s: &str) -> bool {
    s.as_bytes().first() == Some(&b'^') && s != "^ "
}

/// The index a code stands for, or `None` when `code` is not a well-formed code.
///
/// ```text
/// "^0" -> 0, "^[" -> 43, "^10" -> 44, "^[[" -> 1935
/// ```
#[inline]
pub(crate) fn code_to_index(code: &str) -> Option<usize> {
    let digit = |b: u8| {
        let d = b.wrapping_sub(BASE_CHAR) as usize;
        (d < DIGITS).then_some(d)
    };
    match code.as_bytes() {
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

/// The reader's side: decoded values by index (§9 "Read side").
///
/// Generic so that each decoder stores what it needs to answer a hit without
/// re-decoding (for `Value`, a keyword shares its name instead of copying it).
#[derive(Debug)]
pub(crate) struct ReadCache<T> {
    entries: Vec<T>,
    next: usize,
    /// Bytes copied out of the cache by hits since the last reset (see
    /// `de::decode_wire`: a code repeating a long string copies it).
    pub(crate) copied: usize,
    /// Keywords, tags and short strings kept across resets (see `decode::Interner`).
    pub(crate) interner: crate::decode::Interner,
}

impl<T> Default for ReadCache<T> {
    fn default() -> Self {
        ReadCache {
            entries: Vec::new(),
            next: 0,
            copied: 0,
            interner: Default::default(),
        }
    }
}

impl<T> ReadCache<T> {
    /// Forgets everything: called at the start of each top-level value (§9 "Lifetime").
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.next = 0;
        self.copied = 0;
    }

    /// Records the decoded form of a cacheable string; after 1936 entries it
    /// overwrites from index 0 (Java `ReadCache.cacheRead`).
    #[inline(always)]
    pub(crate) fn push(&mut self, value: T) {
        if self.next == MAX_ENTRIES {
            self.next = 0;
        }
        if self.next == self.entries.len() {
            self.entries.push(value);
        } else {
            self.entries[self.next] = value;
        }
        self.next += 1;
    }

    /// The entry a code stands for, or `None` for a malformed code or an index not
    /// filled yet.
    #[cfg(test)]
    pub(crate) fn get(&self, code: &str) -> Option<&T> {
        self.entry(code_to_index(code)?)
    }

    /// The entry at `index`, if it was filled.
    #[inline]
    pub(crate) fn entry(&self, index: usize) -> Option<&T> {
        self.entries.get(index)
    }

    /// Replaces the entry at `index` with an equivalent form of it (the decoded form
    /// of an entry first kept as a place in the input).
    pub(crate) fn replace(&mut self, index: usize, value: T) {
        if let Some(entry) = self.entries.get_mut(index) {
            *entry = value;
        }
    }

    /// Number of entries recorded since the last reset (for tests and debugging).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The writer's side: wire string → index (§9 "Write side").
///
/// Strings are hashed once per lookup: the table stores indexes into `keys` and is
/// probed with a precomputed hash, so a miss inserts without hashing again. The
/// strings themselves live in one `text` buffer (`keys` holds their ranges), so a
/// stream of small values, each with a fresh cache, allocates nothing per entry.
pub(crate) struct WriteCache {
    enabled: bool,
    table: HashTable<u16>,
    keys: Vec<(usize, usize)>,
    text: String,
}

/// One hasher state for every write cache: a cache holds none, so making one for
/// each small value of a stream costs nothing.
fn write_state() -> &'static foldhash::fast::RandomState {
    static STATE: std::sync::OnceLock<foldhash::fast::RandomState> = std::sync::OnceLock::new();
    STATE.get_or_init(Default::default)
}

thread_local! {
    /// A cleared cache kept from the last top-level write on this thread, so that a
    /// stream of small values does not allocate a fresh table for each.
    static SPARE: std::cell::Cell<Option<WriteCache>> = const { std::cell::Cell::new(None) };
}

fn key_text(text: &str, (start, end): (usize, usize)) -> &str {
    &text[start..end]
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
    /// A cache that is on (JSON) or off (JSON-Verbose never writes codes, §7.3).
    pub(crate) fn new(enabled: bool) -> Self {
        WriteCache {
            enabled,
            table: HashTable::new(),
            keys: Vec::new(),
            text: String::new(),
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
    }

    /// Looks `s` (the exact wire string, escapes included) up, and records it when it
    /// is new and cacheable. The 1937th new string resets the table first, exactly
    /// like transit-java's `WriteCache.cacheWrite`.
    pub(crate) fn lookup(&mut self, s: &str, as_map_key: bool) -> CacheWrite {
        if !self.enabled || !is_cacheable(s, as_map_key) {
            return CacheWrite::Full;
        }
        let hasher = write_state();
        let hash = hasher.hash_one(s);
        let (keys, text) = (&self.keys, &self.text);
        if let Some(&index) = self
            .table
            .find(hash, |&i| key_text(text, keys[i as usize]) == s)
        {
            let (code, len) = index_to_code(index as usize);
            return CacheWrite::Code(code, len);
        }
        if self.keys.len() == MAX_ENTRIES {
            self.clear();
        }
        let index = self.keys.len() as u16;
        let start = self.text.len();
        self.text.push_str(s);
        self.keys.push((start, self.text.len()));
        let (keys, text) = (&self.keys, &self.text);
        self.table.insert_unique(hash, index, |&i| {
            hasher.hash_one(key_text(text, keys[i as usize]))
        });
        CacheWrite::Full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(code_to_index(&code(index)), Some(index));
        }
    }

    #[test]
    fn malformed_codes_have_no_index() {
        for bad in ["^", "^\\", "^/", "^0000", "^\u{e9}", "0", "^ "] {
            assert_eq!(code_to_index(bad), None, "{bad:?}");
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
        assert_eq!(cache.lookup("~:abc", false), CacheWrite::Full);
        assert_eq!(cache.lookup("plain", false), CacheWrite::Full);
        assert_eq!(cache.lookup("plain", true), CacheWrite::Full);
        let (c, l) = index_to_code(0);
        assert_eq!(cache.lookup("~:abc", true), CacheWrite::Code(c, l));
        // A string cached as a key is still written in full as a value: as a value
        // it is not cacheable at all (Java `WriteCache.cacheWrite`).
        assert_eq!(cache.lookup("plain", false), CacheWrite::Full);
        let (c, l) = index_to_code(1);
        assert_eq!(cache.lookup("plain", true), CacheWrite::Code(c, l));
    }

    #[test]
    fn write_cache_is_off_in_verbose_mode() {
        let mut cache = WriteCache::new(false);
        assert_eq!(cache.lookup("~:abc", false), CacheWrite::Full);
        assert_eq!(cache.lookup("~:abc", false), CacheWrite::Full);
    }

    fn fill(cache: &mut WriteCache, n: usize) {
        for i in 0..n {
            assert_eq!(cache.lookup(&format!("~:k{i:04}"), false), CacheWrite::Full);
        }
    }

    #[test]
    fn write_cache_rolls_over_at_1936() {
        for (n, first_still_cached) in [(1935, true), (1936, true), (1937, false)] {
            let mut cache = WriteCache::new(true);
            fill(&mut cache, n);
            let hit = cache.lookup("~:k0000", false);
            assert_eq!(hit != CacheWrite::Full, first_still_cached, "n = {n}");
        }
        // After the reset the 1937th string sits at index 0.
        let mut cache = WriteCache::new(true);
        fill(&mut cache, 1937);
        let (c, l) = index_to_code(0);
        assert_eq!(cache.lookup("~:k1936", false), CacheWrite::Code(c, l));
        let (c, l) = index_to_code(1935);
        let mut cache = WriteCache::new(true);
        fill(&mut cache, 1936);
        assert_eq!(cache.lookup("~:k1935", false), CacheWrite::Code(c, l));
    }

    #[test]
    fn read_cache_rolls_over_at_1936() {
        let mut cache = ReadCache::default();
        for i in 0..1937 {
            cache.push(i);
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert_eq!(cache.get("^0"), Some(&1936));
        assert_eq!(cache.get("^1"), Some(&1));
        assert_eq!(cache.get("^[["), Some(&1935));
        let mut cache = ReadCache::default();
        for i in 0..1935 {
            cache.push(i);
        }
        assert_eq!(cache.get("^[Z"), Some(&1934));
        assert_eq!(cache.get("^[["), None);
        cache.push(1935);
        assert_eq!(cache.get("^[["), Some(&1935));
    }

    #[test]
    fn read_cache_rejects_codes_before_their_entry() {
        let mut cache = ReadCache::default();
        assert_eq!(cache.get("^0"), None);
        cache.push("x");
        assert_eq!(cache.get("^0"), Some(&"x"));
        assert_eq!(cache.get("^1"), None);
        cache.clear();
        assert_eq!(cache.get("^0"), None);
    }
}
