//! Building a [`Value`] from the Transit reader's events.
//!
//! The builder walks containers with an explicit stack, so nesting costs heap, not
//! call stack (the reader's depth limit bounds it). Items and entries of the
//! containers being read sit on two shared stacks and are moved out at each
//! container's end with its exact size, so building never regrows a vector or
//! rehashes a map. Cache hits of keywords, strings and other scalars share the
//! value made when the string was first read (see `memo`), and short texts are
//! interned.

use std::sync::Arc;

use super::intern::Interner;
use super::scalar::{apply_tag, decoded_scalar, is_builtin_tag, scalar};
use super::{Map, ReadHandlers, Value};
use crate::error::{ErrorCode, Result};
use crate::token::Source;
use crate::types::{BigInt, Symbol};
use crate::wire::{Event, Reader, Slot};

/// An open container.
enum Frame {
    Array {
        start: usize,
    },
    /// A map or a cmap; `key_next`: the next item is a key (a key waits in
    /// `entries` beside a null until its value comes).
    Map {
        start: usize,
        key_next: bool,
    },
    Tagged {
        tag: Arc<str>,
        rep: Option<Value>,
    },
}

/// The builder's buffers, reused from value to value (and between readers).
#[derive(Default)]
pub(crate) struct Builder {
    interner: Interner,
    /// For cache indexes that were hit, the value their string decoded to and the
    /// push that filled the index: later hits share that value instead of decoding
    /// again. Filled at the first hit, not at first sight: most cached strings of a
    /// small document are never hit, and short ones are interned anyway.
    memo: Vec<(u64, Value)>,
    frames: Vec<Frame>,
    items: Vec<Value>,
    entries: Vec<(Value, Value)>,
    /// Finds repeated keys in large maps; reused from map to map.
    seen_keys: hashbrown::HashTable<u32>,
}

impl Builder {
    /// Reads one value from `reader`, at the value's first event.
    pub(crate) fn build<'de, S: Source<'de>>(
        &mut self,
        reader: &mut Reader<S>,
        handlers: Option<&ReadHandlers>,
    ) -> Result<Value> {
        // Whatever a value that failed left behind.
        self.frames.clear();
        self.items.clear();
        self.entries.clear();
        loop {
            let event = reader.next_value()?;
            let value = match event {
                Event::Null => Value::Null,
                Event::True => Value::Bool(true),
                Event::False => Value::Bool(false),
                Event::Int(i) => Value::Integer(i),
                Event::Float(f) => Value::Float(f),
                Event::Bytes => Value::Bytes(Box::from(&*reader.bytes()?)),
                Event::Array | Event::Map | Event::Cmap | Event::Tagged => {
                    let frame = match event {
                        Event::Array => Frame::Array {
                            start: self.items.len(),
                        },
                        Event::Tagged => Frame::Tagged {
                            tag: self.tag(reader)?,
                            rep: None,
                        },
                        _ => Frame::Map {
                            start: self.entries.len(),
                            key_next: true,
                        },
                    };
                    self.frames.push(frame);
                    match self.close(reader, handlers)? {
                        Some(value) => return Ok(value),
                        None => continue,
                    }
                }
                text => self.text(reader, text)?,
            };
            if self.frames.is_empty() {
                return Ok(value);
            }
            self.place(value);
            if let Some(value) = self.close(reader, handlers)? {
                return Ok(value);
            }
        }
    }

    /// After an item (or at a container's start): ends the containers that end
    /// here, each placed in the one around it; the value once the outermost one
    /// ended.
    #[inline]
    fn close<'de, S: Source<'de>>(
        &mut self,
        reader: &mut Reader<S>,
        handlers: Option<&ReadHandlers>,
    ) -> Result<Option<Value>> {
        while !reader.next_item()? {
            let Some(frame) = self.frames.pop() else {
                return Err(reader.error(ErrorCode::Message(
                    "internal error: a container ended twice".into(),
                )));
            };
            let value = self.finish(reader, frame, handlers)?;
            if self.frames.is_empty() {
                return Ok(Some(value));
            }
            self.place(value);
        }
        Ok(None)
    }

    /// Puts an item into the container being read: straight into the shared
    /// stacks, never through an `Option<Value>` held across the loop (each such
    /// move of a value just made was a store-forwarding stall).
    #[inline(always)]
    fn place(&mut self, value: Value) {
        match self.frames.last_mut() {
            Some(Frame::Map { key_next, .. }) => {
                if *key_next {
                    self.entries.push((value, Value::Null));
                } else if let Some(entry) = self.entries.last_mut() {
                    entry.1 = value;
                }
                *key_next = !*key_next;
            }
            Some(Frame::Tagged { rep, .. }) => *rep = Some(value),
            Some(Frame::Array { .. }) | None => self.items.push(value),
        }
    }

    /// A container's value, at its end.
    fn finish<'de, S: Source<'de>>(
        &mut self,
        reader: &Reader<S>,
        frame: Frame,
        handlers: Option<&ReadHandlers>,
    ) -> Result<Value> {
        Ok(match frame {
            Frame::Array { start } => Value::Array(self.items.drain(start..).collect()),
            Frame::Map { start, .. } => Value::Map(Map::from_entries(
                self.entries.drain(start..),
                &mut self.seen_keys,
            )),
            Frame::Tagged { tag, rep } => {
                let rep = rep.unwrap_or_default();
                if let Some(handler) = handlers
                    .filter(|_| !is_builtin_tag(&tag))
                    .and_then(|h| h.get(&tag))
                {
                    return handler(rep).map_err(|msg| {
                        reader.error(ErrorCode::Message(format!("tag {tag:?}: {msg}").into()))
                    });
                }
                apply_tag(tag, rep).map_err(|code| reader.error(code))?
            }
        })
    }

    /// The value of a string event (or a big integer's digits), shared with the
    /// first sight of the same cache entry when this is a hit.
    #[inline]
    fn text<'de, S: Source<'de>>(&mut self, reader: &Reader<S>, event: Event) -> Result<Value> {
        let slot = reader.slot();
        if let Some(value) = self.remembered(slot) {
            return Ok(value);
        }
        if event == Event::Scalar && reader.is_decoded() {
            if let Some(value) = decoded_scalar(reader.decoded()) {
                return Ok(value);
            }
        }
        let text = reader.str()?;
        let value = match event {
            Event::Str => Value::String(self.interner.string(&text)),
            Event::Keyword => Value::Keyword(self.interner.keyword(&text)),
            Event::Symbol => Value::Symbol(Symbol::from(&*text)),
            Event::BigInt => match BigInt::parse(&text) {
                Some(n) => Value::BigInt(n),
                None => {
                    return Err(reader.error(ErrorCode::InvalidRep {
                        tag: "n".into(),
                        expected: "decimal integer digits",
                        found: crate::error::snippet(&text),
                    }))
                }
            },
            Event::Scalar => scalar(reader.tag(), &text).map_err(|code| reader.error(code))?,
            _ => Value::Null,
        };
        self.remember(slot, &value);
        Ok(value)
    }

    /// A tag's name, shared like a keyword's.
    fn tag<'de, S: Source<'de>>(&mut self, reader: &Reader<S>) -> Result<Arc<str>> {
        let slot = reader.slot();
        if let Some(Value::Keyword(k)) = self.remembered(slot) {
            return Ok(k.shared().clone());
        }
        let name = self.interner.keyword(&reader.str()?);
        let shared = name.shared().clone();
        self.remember(slot, &Value::Keyword(name));
        Ok(shared)
    }

    #[inline]
    fn remembered(&self, slot: Option<Slot>) -> Option<Value> {
        let slot = slot?;
        match self.memo.get(slot.index) {
            Some((seq, value)) if *seq == slot.seq => Some(value.clone()),
            _ => None,
        }
    }

    #[inline]
    fn remember(&mut self, slot: Option<Slot>, value: &Value) {
        let Some(slot) = slot else { return };
        if slot.index >= self.memo.len() {
            self.memo.resize(slot.index + 1, (0, Value::Null));
        }
        self.memo[slot.index] = (slot.seq, value.clone());
    }

    /// Forgets what the last document held, before the builder is kept for reuse.
    pub(crate) fn trim(&mut self) {
        self.memo.clear();
        self.frames.clear();
        self.interner.forget_strings();
        if self.items.capacity() > 4096 {
            self.items = Vec::new();
        }
        if self.entries.capacity() > 4096 {
            self.entries = Vec::new();
        }
        self.items.clear();
        self.entries.clear();
    }
}
