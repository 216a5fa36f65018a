//! `#[serde(with = …)]` modules that write foreign types as their Transit types.
//!
//! Plain `uuid::Uuid` and `chrono::DateTime<Utc>` fields already *read* from
//! `~u…`, `~m…` and `~t…` (they are presented to them as text). To also *write*
//! them as Transit uuids and instants, rather than as plain strings, annotate the
//! field:
//!
//! ```
//! use std::collections::BTreeSet;
//! use chrono::{DateTime, Utc};
//! use serde::{Deserialize, Serialize};
//! use uuid::Uuid;
//!
//! #[derive(Serialize, Deserialize, PartialEq, Debug)]
//! #[serde(rename_all = "kebab-case")]
//! struct Event {
//!     #[serde(with = "transit_format::with::uuid")]
//!     profile_id: Uuid,
//!     #[serde(with = "transit_format::with::instant")]
//!     created_at: DateTime<Utc>,
//!     #[serde(with = "transit_format::with::set")]
//!     tags: BTreeSet<String>,
//! }
//!
//! let event = Event {
//!     profile_id: Uuid::nil(),
//!     created_at: DateTime::from_timestamp_millis(946728000000).unwrap(),
//!     tags: BTreeSet::from(["a".to_owned()]),
//! };
//! let text = transit_format::to_string(&event).unwrap();
//! assert_eq!(
//!     text,
//!     r#"["^ ","~:profile-id","~u00000000-0000-0000-0000-000000000000","~:created-at","~m946728000000","~:tags",["~#set",["a"]]]"#
//! );
//! assert_eq!(transit_format::from_str::<Event>(&text).unwrap(), event);
//! ```

/// `uuid::Uuid` as a Transit uuid (`~u…`).
pub mod uuid {
    use std::fmt;

    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;

    use crate::types::token;

    /// Writes `~u` + the hyphenated lower-case form.
    ///
    /// # Errors
    ///
    /// Those of the serializer.
    pub fn serialize<S: Serializer>(uuid: &::uuid::Uuid, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = ::uuid::Uuid::encode_buffer();
        let text: &str = uuid.hyphenated().encode_lower(&mut buf);
        serializer.serialize_newtype_struct(token::UUID, text)
    }

    /// Reads a Transit uuid; from other formats, the text of a uuid.
    ///
    /// # Errors
    ///
    /// When the value is not a uuid.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<::uuid::Uuid, D::Error> {
        deserializer.deserialize_newtype_struct(token::UUID, UuidVisitor)
    }

    pub(crate) struct UuidVisitor;

    impl<'de> Visitor<'de> for UuidVisitor {
        type Value = ::uuid::Uuid;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a uuid")
        }

        fn visit_newtype_struct<D: Deserializer<'de>>(
            self,
            d: D,
        ) -> Result<::uuid::Uuid, D::Error> {
            d.deserialize_str(self)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<::uuid::Uuid, E> {
            crate::value::scalar::parse_uuid(v)
                .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<::uuid::Uuid, E> {
            ::uuid::Uuid::from_slice(v).map_err(|_| E::invalid_length(v.len(), &self))
        }
    }

    /// `Option<uuid::Uuid>` as a Transit uuid or null.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// Writes `~u…` or `null`.
        ///
        /// # Errors
        ///
        /// Those of the serializer.
        pub fn serialize<S: Serializer>(
            uuid: &Option<::uuid::Uuid>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            struct Wrap<'a>(&'a ::uuid::Uuid);
            impl Serialize for Wrap<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    super::serialize(self.0, s)
                }
            }
            match uuid {
                Some(u) => serializer.serialize_some(&Wrap(u)),
                None => serializer.serialize_none(),
            }
        }

        /// Reads a Transit uuid or null.
        ///
        /// # Errors
        ///
        /// When the value is neither.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<::uuid::Uuid>, D::Error> {
            struct Wrap(::uuid::Uuid);
            impl<'de> Deserialize<'de> for Wrap {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    super::deserialize(d).map(Wrap)
                }
            }
            Ok(Option::<Wrap>::deserialize(deserializer)?.map(|w| w.0))
        }
    }
}

/// `chrono::DateTime<Utc>` as a Transit instant (`~m…` compact, `~t…` verbose).
pub mod instant {
    use std::fmt;

    use chrono::{DateTime, Utc};
    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;

    use crate::types::token;

    /// Writes milliseconds since the epoch: `~m…`, or `~t…` in verbose mode
    /// (sub-millisecond precision is dropped, as transit-java's `Date` has none).
    ///
    /// # Errors
    ///
    /// Those of the serializer.
    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(token::INSTANT, &t.timestamp_millis())
    }

    /// Reads a Transit instant; from other formats, RFC 3339 text or milliseconds.
    ///
    /// # Errors
    ///
    /// When the value is not an instant.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        deserializer.deserialize_newtype_struct(token::INSTANT, InstantVisitor)
    }

    struct InstantVisitor;

    impl<'de> Visitor<'de> for InstantVisitor {
        type Value = DateTime<Utc>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an instant")
        }

        fn visit_newtype_struct<D: Deserializer<'de>>(
            self,
            d: D,
        ) -> Result<DateTime<Utc>, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime<Utc>, E> {
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime<Utc>, E> {
            DateTime::from_timestamp_millis(v)
                .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime<Utc>, E> {
            i64::try_from(v)
                .ok()
                .and_then(DateTime::from_timestamp_millis)
                .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
    }

    /// `Option<DateTime<Utc>>` as a Transit instant or null.
    pub mod option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// Writes `~m…` (`~t…` verbose) or `null`.
        ///
        /// # Errors
        ///
        /// Those of the serializer.
        pub fn serialize<S: Serializer>(
            t: &Option<DateTime<Utc>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            struct Wrap<'a>(&'a DateTime<Utc>);
            impl Serialize for Wrap<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    super::serialize(self.0, s)
                }
            }
            match t {
                Some(t) => serializer.serialize_some(&Wrap(t)),
                None => serializer.serialize_none(),
            }
        }

        /// Reads a Transit instant or null.
        ///
        /// # Errors
        ///
        /// When the value is neither.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            struct Wrap(DateTime<Utc>);
            impl<'de> Deserialize<'de> for Wrap {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    super::deserialize(d).map(Wrap)
                }
            }
            Ok(Option::<Wrap>::deserialize(deserializer)?.map(|w| w.0))
        }
    }
}

/// Any collection (`HashSet`, `BTreeSet`, `Vec`…) as a Transit set (`~#set`).
pub mod set {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::{Serialize, Serializer};

    use crate::magic::SeqOf;
    use crate::types::token;

    /// Writes the items as `["~#set", […]]` in iteration order.
    ///
    /// # Errors
    ///
    /// Those of the serializer and the items.
    pub fn serialize<'a, C, T, S>(items: &'a C, serializer: S) -> Result<S::Ok, S::Error>
    where
        &'a C: IntoIterator<Item = &'a T>,
        <&'a C as IntoIterator>::IntoIter: Clone,
        T: Serialize + 'a,
        S: Serializer,
    {
        serializer.serialize_newtype_struct(token::SET, &SeqOf(items.into_iter()))
    }

    /// Reads a Transit set (or, leniently, any sequence) into the collection.
    ///
    /// # Errors
    ///
    /// When the value is not a set or sequence, or an item does not fit.
    pub fn deserialize<'de, C, T, D>(deserializer: D) -> Result<C, D::Error>
    where
        C: FromIterator<T>,
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        deserializer.deserialize_newtype_struct(token::SET, SetVisitor(PhantomData::<(C, T)>))
    }

    struct SetVisitor<C, T>(PhantomData<(C, T)>);

    impl<'de, C: FromIterator<T>, T: Deserialize<'de>> Visitor<'de> for SetVisitor<C, T> {
        type Value = C;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a set")
        }

        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<C, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<C, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(items.into_iter().collect())
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<C, A::Error> {
            match map.next_key::<String>()? {
                Some(key) if key == token::SET || key == token::LIST => {
                    let items: Vec<T> = map.next_value()?;
                    Ok(items.into_iter().collect())
                }
                _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            }
        }
    }
}
