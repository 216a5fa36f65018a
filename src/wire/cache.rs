//! The reader's side of the rolling cache: what each index stands for.
//!
//! Every cacheable string the reader sees in full gets the next index, even when
//! the same string is already cached (transit-java's reader does not look for
//! duplicates, so neither may this one: a writer that repeats a string in full
//! still means the next index by it). After 1936 entries it starts again at 0,
//! overwriting. An entry keeps the string's place in the input when it can be
//! borrowed from there, else a copy in a buffer of its own that is reused when the
//! index is overwritten, so a long document allocates nothing per entry once the
//! table is full.

use crate::cache::MAX_ENTRIES;

/// What a wire string means, before any type-specific decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Plain data (after removing a `~` escape).
    Data,
    /// `~:name`.
    Keyword,
    /// `~$name`.
    Symbol,
    /// `~#tag`: only meaningful at the head of a tagged value.
    Tag,
    /// `~X…`: a scalar with the one-character tag `X`.
    Scalar(char),
}

/// One cached string.
#[derive(Debug)]
pub(crate) struct Entry {
    /// `start..end` of the input, when the string lies there unescaped.
    pub(crate) span: Option<(usize, usize)>,
    /// The string, when it does not (reused from an entry this one replaced).
    pub(crate) buf: String,
    pub(crate) kind: Kind,
    /// Bytes of prefix before the text that `kind` is about (`~:` is 2).
    pub(crate) skip: usize,
    /// Which push made this entry: a consumer that keeps its own decoded copy of an
    /// index can tell whether it is still the entry there.
    pub(crate) seq: u64,
}

#[derive(Debug, Default)]
pub(crate) struct ReadCache {
    entries: Vec<Entry>,
    /// Entries filled since the last reset.
    len: usize,
    /// The index the next cacheable string gets.
    next: usize,
    /// Pushes ever made by this cache (never reset, see `Entry::seq`).
    seq: u64,
    /// Bytes copied into entries' own buffers since the cache was made.
    owned: usize,
}

impl ReadCache {
    /// Forgets everything: at the start of each top-level value, since each one is
    /// written with a fresh cache.
    pub(crate) fn clear(&mut self) {
        self.len = 0;
        self.next = 0;
    }

    /// Records a cacheable string: `span` is its place in the input, when it has
    /// one, else `text` is copied.
    #[inline(always)]
    pub(crate) fn push(
        &mut self,
        text: &str,
        span: Option<(usize, usize)>,
        kind: Kind,
        skip: usize,
    ) {
        if self.next == MAX_ENTRIES {
            self.next = 0;
        }
        let index = self.next;
        self.seq += 1;
        let seq = self.seq;
        if index == self.entries.len() {
            let buf = if span.is_some() {
                String::new()
            } else {
                self.owned += text.len();
                text.to_owned()
            };
            self.entries.push(Entry {
                span,
                buf,
                kind,
                skip,
                seq,
            });
        } else {
            let entry = &mut self.entries[index];
            entry.span = span;
            if span.is_none() {
                self.owned += text.len();
                entry.buf.clear();
                entry.buf.push_str(text);
            }
            entry.kind = kind;
            entry.skip = skip;
            entry.seq = seq;
        }
        self.next += 1;
        self.len = self.len.max(self.next);
    }

    /// The entry at `index`, if it was filled since the last reset.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<&Entry> {
        if index < self.len {
            self.entries.get(index)
        } else {
            None
        }
    }

    /// Drops buffers that grew large, before the cache is kept for reuse.
    pub(crate) fn trim(&mut self) {
        self.clear();
        if self.owned > 1 << 16 {
            self.entries = Vec::new();
            self.owned = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_roll_over_after_1936_and_overwrite_from_zero() {
        let mut cache = ReadCache::default();
        for i in 0..MAX_ENTRIES {
            cache.push(&format!("~:k{i}"), None, Kind::Keyword, 2);
            assert_eq!(cache.get(i).unwrap().buf, format!("~:k{i}"));
            assert_eq!(cache.get(i).unwrap().seq, i as u64 + 1);
        }
        // The 1937th string takes index 0 again; the others stay.
        cache.push("~:new", None, Kind::Keyword, 2);
        assert_eq!(cache.get(0).unwrap().buf, "~:new");
        assert_eq!(cache.get(0).unwrap().seq, MAX_ENTRIES as u64 + 1);
        assert_eq!(cache.get(1).unwrap().buf, "~:k1");
        // A reset forgets every index but keeps counting pushes.
        cache.clear();
        assert!(cache.get(0).is_none());
        cache.push("", Some((3, 7)), Kind::Data, 0);
        assert_eq!(cache.get(0).unwrap().span, Some((3, 7)));
        assert_eq!(cache.get(0).unwrap().seq, MAX_ENTRIES as u64 + 2);
        assert!(cache.get(1).is_none());
    }

    #[test]
    fn codes_before_their_entry_find_nothing() {
        let mut cache = ReadCache::default();
        assert!(cache.get(0).is_none());
        cache.push("~:x", None, Kind::Keyword, 2);
        assert!(cache.get(0).is_some());
        assert!(cache.get(1).is_none());
        // The last of 1935 entries is there, the 1936th not yet.
        for i in 1..1935 {
            cache.push(&format!("~:k{i}"), None, Kind::Keyword, 2);
        }
        assert!(cache.get(1934).is_some());
        assert!(cache.get(1935).is_none());
    }

    #[test]
    fn a_repeated_string_gets_a_new_index() {
        let mut cache = ReadCache::default();
        cache.push("~:same", None, Kind::Keyword, 2);
        cache.push("~:same", None, Kind::Keyword, 2);
        assert_eq!(cache.get(0).unwrap().buf, "~:same");
        assert_eq!(cache.get(1).unwrap().buf, "~:same");
        assert_ne!(cache.get(0).unwrap().seq, cache.get(1).unwrap().seq);
    }
}
