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
use super::scalar::{apply_tag, is_builtin_tag, scalar};
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
    /// A map or a cmap, and the key read before its value.
    Map {
        start: usize,
        key: Option<Value>,
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
            let mut done = match event {
                Event::Null => Some(Value::Null),
                Event::True => Some(Value::Bool(true)),
                Event::False => Some(Value::Bool(false)),
                Event::Int(i) => Some(Value::Integer(i)),
                Event::Float(f) => Some(Value::Float(f)),
                Event::Bytes => Some(Value::Bytes(Box::from(&*reader.bytes()?))),
                Event::Array => {
                    self.frames.push(Frame::Array {
                        start: self.items.len(),
                    });
                    None
                }
                Event::Map | Event::Cmap => {
                    self.frames.push(Frame::Map {
                        start: self.entries.len(),
                        key: None,
                    });
                    None
                }
                Event::Tagged => {
                    let tag = self.tag(reader)?;
                    self.frames.push(Frame::Tagged { tag, rep: None });
                    None
                }
                text => Some(self.text(reader, text)?),
            };
            loop {
                if let Some(value) = done.take() {
                    match self.frames.last_mut() {
                        None => return Ok(value),
                        Some(Frame::Array { .. }) => self.items.push(value),
                        Some(Frame::Map { key, .. }) => match key.take() {
                            None => *key = Some(value),
                            Some(k) => self.entries.push((k, value)),
                        },
                        Some(Frame::Tagged { rep, .. }) => *rep = Some(value),
                    }
                }
                if reader.next_item()? {
                    break;
                }
                let Some(frame) = self.frames.pop() else {
                    return Err(reader.error(ErrorCode::Message(
                        "internal error: a container ended twice".into(),
                    )));
                };
                done = Some(self.finish(reader, frame, handlers)?);
            }
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
