//! `Map` and `Set`: insertion-ordered, hashed collections of [`Value`]s.

use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::OnceLock;

use hashbrown::HashTable;
use thin_vec::ThinVec;

use super::Value;

/// The hasher of maps and sets: fast, and seeded per process so that hostile keys
/// cannot be chosen to collide.
type State = foldhash::fast::RandomState;

/// One hasher state for every map of the process: a map stores no hasher.
fn map_state() -> &'static State {
    static STATE: OnceLock<State> = OnceLock::new();
    STATE.get_or_init(State::default)
}

fn hash_of<K: Hash + ?Sized>(key: &K) -> u64 {
    map_state().hash_one(key)
}

/// A Transit map: keys of any type, kept in the order they were inserted (so a
/// document writes back in the order it was read).
///
/// The entries are one allocation (a thin vector: its length and capacity live in
/// the allocation, so a `Map` is two words and a `Value` holding one stays at 24
/// bytes). Maps of up to 32 entries (almost every map of a document: records,
/// points, shapes) are searched by comparing keys, which for the keywords of one
/// document is mostly a pointer comparison; larger maps keep a hash index, so
/// lookups never scan a large map.
///
/// ```
/// use transit_format::{Map, Value};
/// let mut map = Map::new();
/// map.insert(Value::keyword("b"), Value::Integer(1));
/// map.insert(Value::from(vec![]), Value::Integer(2));
/// assert_eq!(map.get(&Value::keyword("b")), Some(&Value::Integer(1)));
/// assert_eq!(transit_format::to_string(&Value::Map(map)).unwrap(),
///            r#"["~#cmap",["~:b",1,[],2]]"#);
/// ```
#[derive(Default)]
pub struct Map {
    entries: ThinVec<(Value, Value)>,
    /// Positions in `entries`, by the hash of their key: present exactly when
    /// there are more than `INDEXED` entries.
    index: Option<Box<HashTable<u32>>>,
}

/// Sets read from input with at most this many members are checked for repeats
/// by comparing them pairwise (larger ones by hash).
const SMALL: usize = 8;

/// Maps with more entries than this keep a hash index; smaller ones are searched
/// by comparing keys.
const INDEXED: usize = 32;

/// One of 64 buckets for `key`, equal for equal keys: keywords and strings by
/// their length and first and last bytes, numbers and uuids by their bits, every
/// other kind in one bucket (maps and sets compare regardless of order, and a
/// tagged value equals an extension value with the same tag and rep).
#[inline]
fn fingerprint(key: &Value) -> u32 {
    let text = |t: &str| {
        let b = t.as_bytes();
        let n = b.len();
        let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8"));
        let half = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4")));
        let bits = match n {
            0 => 0,
            1..=3 => u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            4..=7 => half(0) | half(n - 4) << 32,
            _ => word(0) ^ word(n - 8).rotate_left(29),
        };
        bits ^ (n as u64) << 56
    };
    let bits = match key {
        Value::Keyword(k) => text(k.as_str()),
        Value::String(s) => text(s) ^ 1,
        Value::Integer(i) => *i as u64 ^ 2,
        Value::Float(f) => super::eq::float_bits(*f) ^ 3,
        // Penpot keys many maps by uuid.
        Value::Uuid(u) => {
            let (high, low) = u.as_u64_pair();
            high ^ low.rotate_left(17) ^ 4
        }
        _ => return 0,
    };
    // The top six bits of a multiplicative hash.
    (bits.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as u32
}

/// Whether any key among `entries` (at most [`INDEXED`] of them) repeats.
///
/// Each key's [`fingerprint`] is marked in a 64-bit set; only a key whose bucket
/// is marked already is compared with the keys before it. For the 20 to 30
/// distinct keys of a typical record that is a handful of comparisons instead of a
/// hash table, and with at most 32 keys even a hostile map that puts them all in
/// one bucket costs under 500 comparisons.
fn has_repeated_keys(entries: &[(Value, Value)]) -> bool {
    let mut marked = 0u64;
    for (i, (key, _)) in entries.iter().enumerate() {
        let bit = 1u64 << fingerprint(key);
        if marked & bit != 0 && entries[..i].iter().any(|(earlier, _)| earlier == key) {
            return true;
        }
        marked |= bit;
    }
    false
}

/// The positions of `items` by `hash` (of a map's keys, of a set's members).
fn index_by<T>(items: &[T], hash: impl Fn(&T) -> u64) -> Box<HashTable<u32>> {
    let mut table = HashTable::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        table.insert_unique(hash(item), i as u32, |&j| hash(&items[j as usize]));
    }
    Box::new(table)
}

impl Map {
    /// Where the key that `is_key` accepts is; `hash` is only computed for an
    /// indexed map.
    fn position(
        &self,
        hash: impl FnOnce() -> u64,
        is_key: impl Fn(&Value) -> bool,
    ) -> Option<usize> {
        match &self.index {
            Some(index) => index
                .find(hash(), |&i| is_key(&self.entries[i as usize].0))
                .map(|&i| i as usize),
            None => self.entries.iter().position(|(k, _)| is_key(k)),
        }
    }

    /// Restores the invariant on `index` after entries were added or removed.
    fn reindex(&mut self) {
        self.index =
            (self.entries.len() > INDEXED).then(|| index_by(&self.entries, |(k, _)| hash_of(k)));
    }
}

impl Clone for Map {
    fn clone(&self) -> Self {
        Map {
            entries: self.entries.clone(),
            index: self.index.clone(),
        }
    }
}

/// Looks a keyword up by its name without building a `Value`.
struct KeywordKey<'a>(&'a str);

impl Hash for KeywordKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        super::eq::hash_keyword(self.0, state);
    }
}

/// Looks a string up by its text without building a `Value`.
struct StringKey<'a>(&'a str);

impl Hash for StringKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        super::eq::hash_string(self.0, state);
    }
}

impl Map {
    /// An empty map.
    ///
    /// ```
    /// assert!(transit_format::Map::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Map::default()
    }

    /// An empty map with room for `capacity` entries.
    ///
    /// ```
    /// assert!(transit_format::Map::with_capacity(4).is_empty());
    /// ```
    pub fn with_capacity(capacity: usize) -> Self {
        Map {
            entries: ThinVec::with_capacity(capacity),
            index: None,
        }
    }

    /// Inserts an entry; an existing key keeps its place and gets the new value,
    /// which returns the old one.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// assert_eq!(map.insert("a".into(), 1.into()), None);
    /// assert_eq!(map.insert("a".into(), 2.into()), Some(1.into()));
    /// ```
    pub fn insert(&mut self, key: Value, value: Value) -> Option<Value> {
        let hash = hash_of(&key);
        if let Some(i) = self.position(|| hash, |k| *k == key) {
            return Some(std::mem::replace(&mut self.entries[i].1, value));
        }
        self.push_new(hash, key, value);
        None
    }

    /// Appends an entry whose key is not present (`hash` is its hash) and returns
    /// its position.
    fn push_new(&mut self, hash: u64, key: Value, value: Value) -> usize {
        let i = self.entries.len();
        self.entries.push((key, value));
        match &mut self.index {
            Some(index) => {
                let entries = &self.entries;
                index.insert_unique(hash, i as u32, |&j| hash_of(&entries[j as usize].0));
            }
            None if self.entries.len() > INDEXED => self.reindex(),
            None => {}
        }
        i
    }

    /// The value under `key`.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert("a".into(), 1.into());
    /// assert_eq!(map.get(&"a".into()), Some(&1.into()));
    /// ```
    pub fn get(&self, key: &Value) -> Option<&Value> {
        let i = self.position(|| hash_of(key), |k| k == key)?;
        Some(&self.entries[i].1)
    }

    /// The value under `key`, to change it.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert("a".into(), 1.into());
    /// *map.get_mut(&"a".into()).unwrap() = 2.into();
    /// ```
    pub fn get_mut(&mut self, key: &Value) -> Option<&mut Value> {
        let i = self.position(|| hash_of(key), |k| k == key)?;
        Some(&mut self.entries[i].1)
    }

    /// The value under the keyword `:name`, found without allocating.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert(transit_format::Value::keyword("id"), 1.into());
    /// assert_eq!(map.get_keyword("id"), Some(&1.into()));
    /// ```
    pub fn get_keyword(&self, name: &str) -> Option<&Value> {
        let is_key = |k: &Value| matches!(k, Value::Keyword(k) if k.as_str() == name);
        let i = self.position(|| hash_of(&KeywordKey(name)), is_key)?;
        Some(&self.entries[i].1)
    }

    /// The value under the keyword `:name`, to change it.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert(transit_format::Value::keyword("id"), 1.into());
    /// *map.get_keyword_mut("id").unwrap() = 2.into();
    /// assert_eq!(map.get_keyword("id"), Some(&2.into()));
    /// ```
    pub fn get_keyword_mut(&mut self, name: &str) -> Option<&mut Value> {
        let is_key = |k: &Value| matches!(k, Value::Keyword(k) if k.as_str() == name);
        let i = self.position(|| hash_of(&KeywordKey(name)), is_key)?;
        Some(&mut self.entries[i].1)
    }

    /// The value under the string key `"text"`, found without allocating. A keyword
    /// key with the same text is a different key.
    ///
    /// ```
    /// use transit_format::{Map, Value};
    /// let mut map = Map::new();
    /// map.insert(Value::from("id"), 1.into());
    /// assert_eq!(map.get_str("id"), Some(&1.into()));
    /// assert_eq!(map.get_keyword("id"), None);
    /// ```
    pub fn get_str(&self, text: &str) -> Option<&Value> {
        let is_key = |k: &Value| matches!(k, Value::String(s) if **s == *text);
        let i = self.position(|| hash_of(&StringKey(text)), is_key)?;
        Some(&self.entries[i].1)
    }

    /// The value under the string key `"text"`, to change it.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert("id".into(), 1.into());
    /// *map.get_str_mut("id").unwrap() = 2.into();
    /// assert_eq!(map.get_str("id"), Some(&2.into()));
    /// ```
    pub fn get_str_mut(&mut self, text: &str) -> Option<&mut Value> {
        let is_key = |k: &Value| matches!(k, Value::String(s) if **s == *text);
        let i = self.position(|| hash_of(&StringKey(text)), is_key)?;
        Some(&mut self.entries[i].1)
    }

    /// Whether `key` is present.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert("a".into(), 1.into());
    /// assert!(map.contains_key(&"a".into()));
    /// ```
    pub fn contains_key(&self, key: &Value) -> bool {
        self.get(key).is_some()
    }

    /// Removes `key`, keeping the order of the other entries.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert("a".into(), 1.into());
    /// assert_eq!(map.remove(&"a".into()), Some(1.into()));
    /// ```
    pub fn remove(&mut self, key: &Value) -> Option<Value> {
        let i = self.position(|| hash_of(key), |k| k == key)?;
        Some(self.remove_at(i).1)
    }

    /// Removes `key` in constant time by moving the last entry into its place (as
    /// `indexmap`'s `swap_remove`): the order of the others changes. [`Map::remove`]
    /// keeps the order, which costs a shift of the entries after the key.
    ///
    /// ```
    /// use transit_format::{transit, Value};
    /// let mut v = transit!({:a => 1, :b => 2, :c => 3});
    /// let map = v.as_map_mut().unwrap();
    /// assert_eq!(map.swap_remove(&Value::keyword("a")), Some(Value::from(1)));
    /// let keys: Vec<String> = map.keys().map(|k| k.to_string()).collect();
    /// assert_eq!(keys, [":c", ":b"]);
    /// ```
    pub fn swap_remove(&mut self, key: &Value) -> Option<Value> {
        let i = self.position(|| hash_of(key), |k| k == key)?;
        let last = self.entries.len() - 1;
        if let Some(index) = &mut self.index {
            let entries = &self.entries;
            if let Ok(slot) = index.find_entry(hash_of(&entries[i].0), |&j| j as usize == i) {
                slot.remove();
            }
            if i != last {
                // The last entry moves to `i`.
                if let Some(slot) =
                    index.find_mut(hash_of(&entries[last].0), |&j| j as usize == last)
                {
                    *slot = i as u32;
                }
            }
        }
        let (_, value) = self.entries.swap_remove(i);
        if self.entries.len() <= INDEXED {
            self.index = None;
        }
        Some(value)
    }

    /// Removes the entry at position `i`, keeping the order of the others. The
    /// index is kept up to date without hashing a key again: the slot of `i` is
    /// taken out and the positions after it move down by one (a pass over the
    /// index's slots, as `indexmap`'s `shift_remove` does), where rebuilding it
    /// would hash every key.
    fn remove_at(&mut self, i: usize) -> (Value, Value) {
        if let Some(index) = &mut self.index {
            let entries = &self.entries;
            let hash = hash_of(&entries[i].0);
            if let Ok(slot) = index.find_entry(hash, |&j| j as usize == i) {
                slot.remove();
            }
            for j in index.iter_mut() {
                if *j as usize > i {
                    *j -= 1;
                }
            }
        }
        let entry = self.entries.remove(i);
        if self.entries.len() <= INDEXED {
            self.index = None;
        }
        entry
    }

    /// Keeps the entries for which `keep` returns true, in order; `keep` may
    /// change the values (as `serde_json::Map::retain` and `indexmap`'s do).
    ///
    /// ```
    /// use transit_format::{transit, Map, Value};
    /// let mut map: Map = transit!({:a => 1, :b => 2, :c => 3}).as_map().unwrap().clone();
    /// map.retain(|_, v| {
    ///     *v = Value::from(v.as_i64().unwrap() * 10);
    ///     v != &Value::from(20)
    /// });
    /// assert_eq!(Value::Map(map), transit!({:a => 10, :c => 30}));
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(&Value, &mut Value) -> bool) {
        let before = self.entries.len();
        self.entries.retain_mut(|(k, v)| keep(k, v));
        if self.entries.len() != before {
            self.reindex();
        }
    }

    /// The entry of `key`, to read, change, or insert in place, as
    /// `serde_json::Map::entry` and `BTreeMap::entry` give it.
    ///
    /// ```
    /// use transit_format::{Map, Value};
    /// let mut counts = Map::new();
    /// for word in ["a", "b", "a"] {
    ///     let n = counts.entry(Value::keyword(word)).or_insert(Value::from(0));
    ///     *n = Value::from(n.as_i64().unwrap() + 1);
    /// }
    /// assert_eq!(counts.get_keyword("a"), Some(&Value::from(2)));
    /// counts.entry(Value::keyword("b")).and_modify(|v| *v = Value::Null).or_default();
    /// assert_eq!(counts.get_keyword("b"), Some(&Value::Null));
    /// ```
    pub fn entry(&mut self, key: Value) -> Entry<'_> {
        let hash = hash_of(&key);
        match self.position(|| hash, |k| *k == key) {
            Some(i) => Entry::Occupied(OccupiedEntry { map: self, i }),
            None => Entry::Vacant(VacantEntry {
                map: self,
                key,
                hash,
            }),
        }
    }

    /// Number of entries.
    ///
    /// ```
    /// assert_eq!(transit_format::Map::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    ///
    /// ```
    /// assert!(transit_format::Map::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in order.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert("a".into(), 1.into());
    /// assert_eq!(map.iter().count(), 1);
    /// ```
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    /// The keys in order.
    ///
    /// ```
    /// let map = transit_format::Map::new();
    /// assert_eq!(map.keys().count(), 0);
    /// ```
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in order.
    ///
    /// ```
    /// let map = transit_format::Map::new();
    /// assert_eq!(map.values().count(), 0);
    /// ```
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The entries in order, with the values to change (keys cannot change: the
    /// map finds entries by them).
    ///
    /// ```
    /// let mut map: transit_format::Map = [("a".into(), 1.into())].into_iter().collect();
    /// for (_, value) in map.iter_mut() {
    ///     *value = 2.into();
    /// }
    /// assert_eq!(map.get_str("a"), Some(&2.into()));
    /// ```
    pub fn iter_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = (&Value, &mut Value)> + ExactSizeIterator {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The values in order, to change them.
    ///
    /// ```
    /// let mut map: transit_format::Map = [("a".into(), 1.into())].into_iter().collect();
    /// map.values_mut().for_each(|v| *v = 2.into());
    /// assert_eq!(map.get_str("a"), Some(&2.into()));
    /// ```
    pub fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// A map of `entries` as read from input: a repeated key keeps its first place
    /// and its last value, as `insert` does. Repeats are found with
    /// [`has_repeated_keys`] in maps that keep no index, and with `seen` (a scratch
    /// table the reader reuses) in larger ones; a map large enough to keep an index
    /// builds it here.
    pub(crate) fn from_entries(
        entries: impl ExactSizeIterator<Item = (Value, Value)>,
        seen: &mut HashTable<u32>,
    ) -> Self {
        let mut unique: ThinVec<(Value, Value)> = ThinVec::with_capacity(entries.len());
        if entries.len() <= INDEXED {
            // Moved in whole, then checked: repeated keys are rare.
            unique.extend(entries);
            if has_repeated_keys(&unique) {
                let all = std::mem::take(&mut unique);
                for (k, v) in all {
                    match unique.iter_mut().find(|(existing, _)| *existing == k) {
                        Some(slot) => slot.1 = v,
                        None => unique.push((k, v)),
                    }
                }
            }
        } else {
            seen.clear();
            for (k, v) in entries {
                let hash = hash_of(&k);
                let found = seen.find(hash, |&i| unique[i as usize].0 == k).copied();
                match found {
                    Some(i) => unique[i as usize].1 = v,
                    None => {
                        seen.insert_unique(hash, unique.len() as u32, |&j| {
                            hash_of(&unique[j as usize].0)
                        });
                        unique.push((k, v));
                    }
                }
            }
        }
        let mut map = Map {
            entries: unique,
            index: None,
        };
        if map.entries.len() > INDEXED {
            map.reindex();
        }
        map
    }

    /// Whether every key is written as a string (else the map is a cmap).
    pub(crate) fn has_stringable_keys(&self) -> bool {
        self.keys().all(Value::is_stringable_key)
    }
}

/// A map's entry for one key, from [`Map::entry`].
///
/// ```
/// use transit_format::{value::MapEntry, Map, Value};
/// let mut map = Map::new();
/// match map.entry(Value::keyword("a")) {
///     MapEntry::Vacant(entry) => { entry.insert(Value::from(1)); }
///     MapEntry::Occupied(_) => unreachable!(),
/// }
/// assert_eq!(map.len(), 1);
/// ```
pub enum Entry<'a> {
    /// The key is in the map.
    Occupied(OccupiedEntry<'a>),
    /// The key is not in the map.
    Vacant(VacantEntry<'a>),
}

/// An entry whose key is in the map.
///
/// ```
/// use transit_format::{value::MapEntry, transit, Value};
/// let mut v = transit!({:a => 1});
/// if let MapEntry::Occupied(mut entry) = v.as_map_mut().unwrap().entry(Value::keyword("a")) {
///     assert_eq!(entry.key(), &Value::keyword("a"));
///     assert_eq!(entry.insert(Value::from(2)), Value::from(1));
///     assert_eq!(entry.remove(), Value::from(2));
/// }
/// assert_eq!(v, transit!({}));
/// ```
pub struct OccupiedEntry<'a> {
    map: &'a mut Map,
    i: usize,
}

/// An entry whose key is not in the map.
///
/// ```
/// use transit_format::{value::MapEntry, Map, Value};
/// let mut map = Map::new();
/// if let MapEntry::Vacant(entry) = map.entry(Value::from("k")) {
///     assert_eq!(entry.key(), &Value::from("k"));
///     *entry.insert(Value::Null) = Value::from(true);
/// }
/// assert_eq!(map.get_str("k"), Some(&Value::from(true)));
/// ```
pub struct VacantEntry<'a> {
    map: &'a mut Map,
    key: Value,
    hash: u64,
}

impl<'a> Entry<'a> {
    /// The key.
    ///
    /// ```
    /// use transit_format::{Map, Value};
    /// let mut map = Map::new();
    /// assert_eq!(map.entry(Value::from("a")).key(), &Value::from("a"));
    /// ```
    pub fn key(&self) -> &Value {
        match self {
            Entry::Occupied(entry) => entry.key(),
            Entry::Vacant(entry) => entry.key(),
        }
    }

    /// The value, inserting `default` first if the key is missing.
    ///
    /// ```
    /// use transit_format::{Map, Value};
    /// let mut map = Map::new();
    /// assert_eq!(map.entry("a".into()).or_insert(1.into()), &Value::from(1));
    /// assert_eq!(map.entry("a".into()).or_insert(2.into()), &Value::from(1));
    /// ```
    pub fn or_insert(self, default: Value) -> &'a mut Value {
        match self {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(default),
        }
    }

    /// The value, inserting what `default` makes first if the key is missing.
    ///
    /// ```
    /// use transit_format::{Map, Value};
    /// let mut map = Map::new();
    /// assert_eq!(map.entry("a".into()).or_insert_with(|| 1.into()), &Value::from(1));
    /// ```
    pub fn or_insert_with(self, default: impl FnOnce() -> Value) -> &'a mut Value {
        match self {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(default()),
        }
    }

    /// The value, inserting `Null` first if the key is missing.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// assert!(map.entry("a".into()).or_default().is_null());
    /// ```
    pub fn or_default(self) -> &'a mut Value {
        self.or_insert(Value::Null)
    }

    /// Changes the value in place if the key is present.
    ///
    /// ```
    /// let mut map = transit_format::Map::new();
    /// map.insert("a".into(), 1.into());
    /// map.entry("a".into()).and_modify(|v| *v = 2.into());
    /// assert_eq!(map.get_str("a"), Some(&2.into()));
    /// ```
    pub fn and_modify(self, change: impl FnOnce(&mut Value)) -> Self {
        match self {
            Entry::Occupied(mut entry) => {
                change(entry.get_mut());
                Entry::Occupied(entry)
            }
            vacant => vacant,
        }
    }
}

impl<'a> OccupiedEntry<'a> {
    /// The key.
    ///
    /// See [`OccupiedEntry`].
    pub fn key(&self) -> &Value {
        &self.map.entries[self.i].0
    }

    /// The value.
    ///
    /// ```
    /// use transit_format::{value::MapEntry, transit, Value};
    /// let mut v = transit!({:a => 1});
    /// if let MapEntry::Occupied(entry) = v.as_map_mut().unwrap().entry(Value::keyword("a")) {
    ///     assert_eq!(entry.get(), &Value::from(1));
    /// }
    /// ```
    pub fn get(&self) -> &Value {
        &self.map.entries[self.i].1
    }

    /// The value, to change it.
    ///
    /// ```
    /// use transit_format::{value::MapEntry, transit, Value};
    /// let mut v = transit!({:a => 1});
    /// if let MapEntry::Occupied(mut entry) = v.as_map_mut().unwrap().entry(Value::keyword("a")) {
    ///     *entry.get_mut() = Value::from(2);
    /// }
    /// assert_eq!(v, transit!({:a => 2}));
    /// ```
    pub fn get_mut(&mut self) -> &mut Value {
        &mut self.map.entries[self.i].1
    }

    /// The value, borrowed for as long as the map.
    ///
    /// ```
    /// use transit_format::{value::MapEntry, transit, Value};
    /// let mut v = transit!({:a => 1});
    /// if let MapEntry::Occupied(entry) = v.as_map_mut().unwrap().entry(Value::keyword("a")) {
    ///     *entry.into_mut() = Value::from(3);
    /// }
    /// assert_eq!(v, transit!({:a => 3}));
    /// ```
    pub fn into_mut(self) -> &'a mut Value {
        &mut self.map.entries[self.i].1
    }

    /// Replaces the value, returning the old one.
    ///
    /// See [`OccupiedEntry`].
    pub fn insert(&mut self, value: Value) -> Value {
        std::mem::replace(self.get_mut(), value)
    }

    /// Removes the entry (keeping the order of the others), returning its value.
    ///
    /// See [`OccupiedEntry`].
    pub fn remove(self) -> Value {
        self.map.remove_at(self.i).1
    }
}

impl<'a> VacantEntry<'a> {
    /// The key.
    ///
    /// See [`VacantEntry`].
    pub fn key(&self) -> &Value {
        &self.key
    }

    /// Inserts the value (at the end of the map's order) and returns it, to change.
    ///
    /// See [`VacantEntry`].
    pub fn insert(self, value: Value) -> &'a mut Value {
        let i = self.map.push_new(self.hash, self.key, value);
        &mut self.map.entries[i].1
    }
}

impl PartialEq for Map {
    /// Equal when they hold the same entries, in any order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Eq for Map {}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The entries of a [`Map`], in order.
pub struct Iter<'a>(std::slice::Iter<'a, (Value, Value)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Value, &'a Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a Value, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The entries of a [`Map`], in order, by value.
pub struct IntoIter(thin_vec::IntoIter<(Value, Value)>);

impl Iterator for IntoIter {
    type Item = (Value, Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl ExactSizeIterator for IntoIter {}

impl IntoIterator for Map {
    type Item = (Value, Value);
    type IntoIter = IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        IntoIter(self.entries.into_iter())
    }
}

impl FromIterator<(Value, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (Value, Value)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut map = Map::with_capacity(iter.size_hint().0);
        map.extend(iter);
        map
    }
}

impl Extend<(Value, Value)> for Map {
    fn extend<I: IntoIterator<Item = (Value, Value)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

/// A Transit set (`~#set`), kept in the order its members were inserted, found by
/// hash.
///
/// Like [`Map`], the members are one thin vector (a `Set` is two words, with no
/// box of its own), and only sets of more than 32 members keep a hash index:
/// small sets (most sets read from input) are searched by comparing, and never
/// hashed.
///
/// `Set<Value>` (the default) is what `Value::Set` holds; `Set<T>` is also the
/// typed field type for sets, and goes through serde with a private name so that
/// it stays a set through `#[serde(untagged)]` and `#[serde(flatten)]`.
///
/// ```
/// use transit_format::{Set, Value};
/// let set: Set = [Value::Integer(1), Value::Integer(3), Value::Integer(1)].into_iter().collect();
/// assert_eq!(set.len(), 2);
/// assert_eq!(transit_format::to_string(&Value::Set(set)).unwrap(), r#"["~#set",[1,3]]"#);
///
/// let ids: Set<u32> = transit_format::from_str(r#"["~#set",[3,1]]"#).unwrap();
/// assert_eq!(ids.iter().copied().collect::<Vec<_>>(), vec![3, 1]);
/// ```
pub struct Set<T = Value> {
    items: ThinVec<T>,
    /// Positions in `items`, by hash: present exactly when there are more than
    /// `INDEXED` members.
    index: Option<Box<HashTable<u32>>>,
}

impl<T: Hash + Eq> Set<T> {
    fn position(&self, value: &T) -> Option<usize> {
        match &self.index {
            Some(index) => index
                .find(hash_of(value), |&i| self.items[i as usize] == *value)
                .map(|&i| i as usize),
            None => self.items.iter().position(|item| item == value),
        }
    }

    /// Restores the invariant on `index` after members were added or removed.
    fn reindex(&mut self) {
        self.index = (self.items.len() > INDEXED).then(|| index_by(&self.items, hash_of));
    }
}

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set {
            items: ThinVec::new(),
            index: None,
        }
    }
}

impl<T: Clone> Clone for Set<T> {
    fn clone(&self) -> Self {
        Set {
            items: self.items.clone(),
            index: self.index.clone(),
        }
    }
}

impl<T: Hash + Eq> Set<T> {
    /// An empty set.
    ///
    /// ```
    /// assert!(transit_format::Set::<u8>::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Set::default()
    }

    /// An empty set with room for `capacity` members.
    ///
    /// ```
    /// assert!(transit_format::Set::<u8>::with_capacity(2).is_empty());
    /// ```
    pub fn with_capacity(capacity: usize) -> Self {
        Set {
            items: ThinVec::with_capacity(capacity),
            index: None,
        }
    }

    /// A set of `items` in their order; of equal items, the first is kept, as
    /// `insert` would. Repeats are found by comparing in small sets and by hash in
    /// larger ones.
    pub(crate) fn from_items(mut items: ThinVec<T>) -> Self {
        if items.len() <= SMALL {
            // In place: the first `kept` items are the unique ones so far.
            let mut kept = 0;
            for i in 0..items.len() {
                if !items[..kept].contains(&items[i]) {
                    items.swap(kept, i);
                    kept += 1;
                }
            }
            items.truncate(kept);
            return Set { items, index: None };
        }
        let mut set = Set {
            items: ThinVec::with_capacity(items.len()),
            index: Some(Box::new(HashTable::with_capacity(items.len()))),
        };
        set.extend(items);
        if set.items.len() <= INDEXED {
            set.index = None;
        }
        set
    }

    /// Adds `value`; `false` if an equal member was there (it stays, in its place).
    ///
    /// ```
    /// let mut set = transit_format::Set::new();
    /// assert!(set.insert(1));
    /// assert!(!set.insert(1));
    /// ```
    pub fn insert(&mut self, value: T) -> bool {
        if self.position(&value).is_some() {
            return false;
        }
        let i = self.items.len() as u32;
        let hash = self.index.as_ref().map(|_| hash_of(&value));
        self.items.push(value);
        match (&mut self.index, hash) {
            (Some(index), Some(hash)) => {
                let items = &self.items;
                index.insert_unique(hash, i, |&j| hash_of(&items[j as usize]));
            }
            _ if self.items.len() > INDEXED => self.reindex(),
            _ => {}
        }
        true
    }

    /// Whether an equal member is present.
    ///
    /// ```
    /// let set: transit_format::Set<i32> = [1].into_iter().collect();
    /// assert!(set.contains(&1));
    /// ```
    pub fn contains(&self, value: &T) -> bool {
        self.position(value).is_some()
    }

    /// Removes the member equal to `value`, keeping the order of the others.
    ///
    /// ```
    /// let mut set: transit_format::Set<i32> = [1].into_iter().collect();
    /// assert!(set.remove(&1));
    /// assert!(set.is_empty());
    /// ```
    pub fn remove(&mut self, value: &T) -> bool {
        let Some(i) = self.position(value) else {
            return false;
        };
        self.items.remove(i);
        // Positions after `i` moved.
        if self.index.is_some() {
            self.reindex();
        }
        true
    }
}

impl<T> Set<T> {
    /// Number of members.
    ///
    /// ```
    /// assert_eq!(transit_format::Set::<u8>::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no members.
    ///
    /// ```
    /// assert!(transit_format::Set::<u8>::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The members in order.
    ///
    /// ```
    /// let set: transit_format::Set<i32> = [1].into_iter().collect();
    /// assert_eq!(set.iter().count(), 1);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

impl<T: Hash + Eq> PartialEq for Set<T> {
    /// Equal when they hold equal members, in any order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|item| other.contains(item))
    }
}

impl<T: Hash + Eq> Eq for Set<T> {}

impl<T: fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<'a, T> IntoIterator for &'a Set<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The members of a [`Set`], in order, by value.
pub struct SetIntoIter<T>(thin_vec::IntoIter<T>);

impl<T> Iterator for SetIntoIter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.0.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<T> DoubleEndedIterator for SetIntoIter<T> {
    fn next_back(&mut self) -> Option<T> {
        self.0.next_back()
    }
}

impl<T> ExactSizeIterator for SetIntoIter<T> {}

impl<T> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = SetIntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        SetIntoIter(self.items.into_iter())
    }
}

impl<T: Hash + Eq> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Set::from_items(iter.into_iter().collect())
    }
}

impl<T: Hash + Eq> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for item in iter {
            self.insert(item);
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Set<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer
            .serialize_newtype_struct(crate::types::token::SET, &crate::magic::SeqOf(self.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::{fingerprint, has_repeated_keys, INDEXED};
    use crate::{Keyword, Value};

    /// The check it replaces: every pair compared.
    fn pairwise(entries: &[(Value, Value)]) -> bool {
        (1..entries.len()).any(|i| entries[..i].iter().any(|(k, _)| *k == entries[i].0))
    }

    #[test]
    fn repeated_keys_are_found_as_pairwise_comparison_finds_them() {
        // Keys from a small pool, so that some maps repeat one and others do not;
        // texts of every length up to 20 share their first and last bytes often.
        let texts: Vec<String> = (0..40)
            .map(|i| format!("k{}{}", "-".repeat(i % 19), i % 7))
            .collect();
        let pool: Vec<Value> = texts
            .iter()
            .flat_map(|t| {
                [
                    Value::Keyword(Keyword::new(t.as_str())),
                    Value::from(t.as_str()),
                ]
            })
            .chain((0..20).map(|i| Value::Integer(i - 10)))
            .chain([
                Value::Float(0.5),
                Value::Float(-0.0),
                Value::Float(0.0),
                Value::Null,
            ])
            .chain((0..20u128).map(|i| Value::Uuid(uuid::Uuid::from_u128(i << 64 | i))))
            .chain([
                Value::from(vec![Value::Integer(1)]),
                Value::from(vec![Value::Null]),
            ])
            .collect();
        let mut random = crate::testing::Xorshift::new(0x853c_49e6_748f_ea9b);
        let mut repeats = 0;
        for _ in 0..20_000 {
            let state = random.next_u64();
            let len = (state % (INDEXED as u64 + 1)) as usize;
            let entries: Vec<(Value, Value)> = (0..len)
                .map(|i| {
                    let pick = (state.rotate_left(7 * i as u32) >> 20) as usize % pool.len();
                    (pool[pick].clone(), Value::Null)
                })
                .collect();
            let expected = pairwise(&entries);
            repeats += usize::from(expected);
            assert_eq!(has_repeated_keys(&entries), expected, "{entries:?}");
        }
        assert!(
            repeats > 1_000 && repeats < 19_000,
            "{repeats}: both kinds should occur"
        );
    }

    #[test]
    fn equal_keys_share_a_bucket() {
        let keyword = |t: &str| Value::Keyword(Keyword::new(t));
        for t in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdefg",
            "abcdefgh",
            "a-much-longer-name",
        ] {
            // Two keywords of the same text hold two separate allocations.
            assert_eq!(fingerprint(&keyword(t)), fingerprint(&keyword(t)));
            assert_eq!(
                fingerprint(&Value::from(t)),
                fingerprint(&Value::from(t.to_owned()))
            );
        }
    }
}
