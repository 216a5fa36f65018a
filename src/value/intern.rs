//! Texts the `Value` builder already made: keyword names and tags, and short
//! strings.
//!
//! The read cache starts afresh with every top-level value, so in a stream of small
//! values (webhook events) the same keys would otherwise be allocated again for
//! each one; and a document repeats short strings that the cache does not cover
//! (values such as colours, font names and enum-like words), which would otherwise
//! each take an allocation several times their size. Bounded: past `MAX_INTERNED`
//! texts of a kind, new ones are made without being kept.

use std::sync::Arc;

use crate::bytes::same_bytes;
use crate::types::Keyword;

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
/// The capacity of a string table kept between documents; a larger one is
/// dropped (see `Interner::forget_strings`).
const SMALL_TABLE: usize = 256;

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
    /// Forgets the strings, keeping the names: names (keys, tags) repeat from one
    /// document to the next, string values mostly do not, and a table full of a
    /// past document's strings only makes every lookup slower.
    pub(crate) fn forget_strings(&mut self) {
        let table = &mut self.strings.table;
        // Clearing writes every control byte of the table, empty or not: a table
        // grown by one large document would cost every later small call (a
        // webhook body) kilobytes of writes, so a large one is dropped instead.
        if table.capacity() > SMALL_TABLE {
            *table = hashbrown::HashTable::new();
        } else if !table.is_empty() {
            table.clear();
        }
    }

    pub(crate) fn keyword(&mut self, name: &str) -> Keyword {
        Keyword::new(self.name(name))
    }

    /// A keyword's name or a tag.
    pub(crate) fn name(&mut self, name: &str) -> Arc<str> {
        self.names.get(name, MAX_INTERNED_LEN)
    }

    pub(crate) fn string(&mut self, text: &str) -> Arc<str> {
        self.strings.get(text, MAX_INTERNED_STRING_LEN)
    }
}
