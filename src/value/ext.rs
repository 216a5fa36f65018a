//! Typed values behind tags: the extension point of `Value`.
//!
//! A [`ReadHandlers`] table turns the rep of a tag into any value, typically a
//! [`Value::Ext`] holding a Rust type that implements [`Extension`] (Penpot's
//! `point`, `shape`… in [`crate::penpot`]). An extension value writes back as its tag
//! and rep, and compares equal to the plain [`Tagged`](crate::Tagged) value with the
//! same tag and rep, so decoding with or without handlers gives equal documents.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::Value;

/// Lets `Ext` find the concrete type behind an extension value.
pub trait AsAny: Any {
    /// `self` as `Any`.
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Rust type that stands for a tagged Transit value.
///
/// ```
/// use transit_format::value::{Ext, Extension, ReadHandlers};
/// use transit_format::{Deserializer, Value};
///
/// #[derive(Debug, PartialEq)]
/// struct Celsius(f64);
///
/// impl Extension for Celsius {
///     fn tag(&self) -> &str { "celsius" }
///     fn rep(&self) -> Value { Value::Float(self.0) }
/// }
///
/// let mut handlers = ReadHandlers::new();
/// handlers.insert("celsius", |rep| match rep {
///     Value::Float(f) => Ok(Value::Ext(Ext::new(Celsius(f)))),
///     other => Err(format!("expected a float, found {}", other.type_name())),
/// });
/// let mut de = Deserializer::from_str(r#"["~#celsius",21.5]"#);
/// de.set_read_handlers(handlers);
/// let value = de.parse_value().unwrap();
/// let Value::Ext(ext) = &value else { panic!() };
/// assert_eq!(ext.downcast_ref::<Celsius>(), Some(&Celsius(21.5)));
/// // It writes back as it was read, and equals the plain tagged value.
/// assert_eq!(transit_format::to_string(&value).unwrap(), r#"["~#celsius",21.5]"#);
/// assert_eq!(value, transit_format::from_str::<Value>(r#"["~#celsius",21.5]"#).unwrap());
/// ```
pub trait Extension: AsAny + fmt::Debug + Send + Sync {
    /// The tag it is written under (without `~#`).
    fn tag(&self) -> &str;
    /// Its representation, written after the tag.
    fn rep(&self) -> Value;
}

/// A shared extension value, as `Value::Ext` holds it.
#[derive(Clone)]
pub struct Ext(Arc<dyn Extension>);

impl Ext {
    /// Wraps an extension value.
    pub fn new<T: Extension>(value: T) -> Self {
        Ext(Arc::new(value))
    }

    /// The tag.
    pub fn tag(&self) -> &str {
        self.0.tag()
    }

    /// The representation, built afresh.
    pub fn rep(&self) -> Value {
        self.0.rep()
    }

    /// The concrete value, if it is a `T`.
    pub fn downcast_ref<T: Extension>(&self) -> Option<&T> {
        // Through the trait object, not the `Arc` (which is `Any` itself).
        (*self.0).as_any().downcast_ref()
    }
}

impl fmt::Debug for Ext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// A read handler: from a tag's decoded rep to the value that stands for it.
pub type ReadHandler = dyn Fn(Value) -> Result<Value, String> + Send + Sync;

/// Read handlers by tag, for [`Deserializer::set_read_handlers`](crate::Deserializer::set_read_handlers).
///
/// They apply to tags in array or object form (`["~#tag", rep]`, `{"~#tag": rep}`)
/// that this crate does not decode itself; the built-in tags (`set`, `list`,
/// `cmap`, `link`, the scalar tags) cannot be overridden, as in transit-java.
#[derive(Clone, Default)]
pub struct ReadHandlers {
    map: HashMap<Box<str>, Arc<ReadHandler>>,
}

impl ReadHandlers {
    /// No handlers.
    pub fn new() -> Self {
        ReadHandlers::default()
    }

    /// Adds (or replaces) the handler for `tag`.
    pub fn insert(
        &mut self,
        tag: &str,
        handler: impl Fn(Value) -> Result<Value, String> + Send + Sync + 'static,
    ) -> &mut Self {
        self.map.insert(tag.into(), Arc::new(handler));
        self
    }

    /// Adds every handler of `other`.
    pub fn extend(&mut self, other: &ReadHandlers) -> &mut Self {
        for (tag, handler) in &other.map {
            self.map.insert(tag.clone(), handler.clone());
        }
        self
    }

    /// The handler for `tag`.
    pub fn get(&self, tag: &str) -> Option<&ReadHandler> {
        self.map.get(tag).map(|h| &**h)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl fmt::Debug for ReadHandlers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.map.keys()).finish()
    }
}
