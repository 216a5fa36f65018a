//! [proptest](https://docs.rs/proptest) strategies for [`Value`] and, with the
//! `penpot` feature, for Penpot webhook events (feature `proptest`).
//!
//! They draw from the generator of [`generate`](crate::generate) (the one behind
//! `Value`'s `arbitrary::Arbitrary`): a strategy is a vector of random bytes handed
//! to [`Options::generate`], so a failing case shrinks as its bytes do (fewer of
//! them, smaller ones: shorter collections, earlier choices, `Null` in the end).
//!
//! ```
//! use proptest::prelude::*;
//! use transit_format::generate::Options;
//! use transit_format::Value;
//!
//! proptest!(|(v in transit_format::proptest::value_with(Options::new().max_depth(2)))| {
//!     let text = transit_format::to_string(&v).unwrap();
//!     prop_assert_eq!(transit_format::from_str::<Value>(&text).unwrap(), v);
//! });
//! ```

use ::arbitrary::Unstructured;
use ::proptest::prelude::{any, Strategy};
use ::proptest::strategy::BoxedStrategy;

use crate::generate::Options;
use crate::value::Value;

/// Values with the default [`Options`]: every kind, depth 4, about 64 values,
/// now and then a cache rollover.
///
/// ```
/// use proptest::prelude::*;
/// proptest!(|(v in transit_format::proptest::value())| {
///     let bytes = transit_format::to_msgpack_vec(&v).unwrap();
///     prop_assert_eq!(transit_format::from_msgpack_slice::<transit_format::Value>(&bytes).unwrap(), v);
/// });
/// ```
pub fn value() -> BoxedStrategy<Value> {
    value_with(Options::default())
}

/// Values with these options (depth, size, kinds).
///
/// ```
/// use proptest::prelude::*;
/// use transit_format::generate::{Kind, Kinds, Options};
/// let strings = Options::new().max_depth(0).kinds(Kinds::from_iter([Kind::String]));
/// proptest!(|(v in transit_format::proptest::value_with(strings))| {
///     prop_assert!(v.is_string());
/// });
/// ```
pub fn value_with(options: Options) -> BoxedStrategy<Value> {
    let max = options.bytes_per_value();
    ::proptest::collection::vec(any::<u8>(), 0..=max)
        .prop_map(move |bytes| {
            options
                .generate(&mut Unstructured::new(&bytes))
                .unwrap_or(Value::Null)
        })
        .boxed()
}

/// Penpot webhook events (see [`Options::webhook_event`]), extra values drawn with
/// the default options.
///
/// ```
/// use proptest::prelude::*;
/// use transit_format::webhook::{ContentType, Event};
/// proptest!(|(event in transit_format::proptest::webhook_event())| {
///     let body = event.encode(ContentType::TransitJson).unwrap();
///     prop_assert_eq!(Event::decode(&body, ContentType::TransitJson.as_str()).unwrap(), event);
/// });
/// ```
#[cfg(feature = "penpot")]
#[cfg_attr(docsrs, doc(cfg(feature = "penpot")))]
pub fn webhook_event() -> BoxedStrategy<crate::webhook::Event> {
    let options = Options::default();
    ::proptest::collection::vec(any::<u8>(), 0..=1024)
        .prop_map(move |bytes| {
            options
                .webhook_event(&mut Unstructured::new(&bytes))
                .unwrap_or_default()
        })
        .boxed()
}

/// `any::<Value>()` is [`value`], and `any_with::<Value>(options)` is
/// [`value_with`].
///
/// ```
/// use proptest::prelude::*;
/// use transit_format::{generate::Options, Value};
/// proptest!(|(v in any_with::<Value>(Options::new().max_depth(1)))| {
///     prop_assert!(!v.to_string().is_empty());
/// });
/// ```
impl ::proptest::arbitrary::Arbitrary for Value {
    type Parameters = Options;
    type Strategy = BoxedStrategy<Value>;

    fn arbitrary_with(options: Options) -> BoxedStrategy<Value> {
        value_with(options)
    }
}
