//! Design tokens: `penpot/tokens-lib`, `penpot/token-set`, `penpot/token-theme`
//! and `penpot/token`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{penpot_value, Fields, PenpotValue, RepBuilder};
use crate::types::Keyword;
use crate::value::{Map, Value};

/// `penpot/tokens-lib`: a file's token sets, themes and active themes.
///
/// ```
/// use transit_format::penpot::TokensLib;
/// let lib: TokensLib = transit_format::from_str(
///     r#"{"~#penpot/tokens-lib":{"~:sets":{"~#ordered-map":[]},"~:themes":{"~#ordered-map":[]},"~:active-themes":{"~#set":[]}}}"#,
/// ).unwrap();
/// assert!(lib.sets.is_some());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TokensLib {
    /// `:sets`: an ordered map from prefixed set names to token sets.
    pub sets: Option<Value>,
    /// `:themes`.
    pub themes: Option<Value>,
    /// `:active-themes`.
    pub active_themes: Option<Value>,
    /// Other attributes, as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl PenpotValue for TokensLib {
    const TAG: &'static str = "penpot/tokens-lib";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        Ok(TokensLib {
            sets: f.take("sets"),
            themes: f.take("themes"),
            active_themes: f.take("active-themes"),
            key_order: f.order(),
            attrs: f.rest(),
        })
    }

    fn to_rep(&self) -> Value {
        RepBuilder::default()
            .opt("sets", self.sets.clone())
            .opt("themes", self.themes.clone())
            .opt("active-themes", self.active_themes.clone())
            .rest(&self.attrs)
            .build_in(&self.key_order)
    }
}

penpot_value!(TokensLib);

/// `penpot/token-set`: a named set of tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenSet {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:name`.
    pub name: Option<String>,
    /// `:description`.
    pub description: Option<String>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// `:tokens`: an ordered map from token names to tokens.
    pub tokens: Option<Value>,
    /// Other attributes, as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl PenpotValue for TokenSet {
    const TAG: &'static str = "penpot/token-set";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        Ok(TokenSet {
            id: f.opt_uuid("id")?,
            name: f.opt_string("name")?,
            description: f.opt_string("description")?,
            modified_at: f.opt_instant("modified-at")?,
            tokens: f.take("tokens"),
            key_order: f.order(),
            attrs: f.rest(),
        })
    }

    fn to_rep(&self) -> Value {
        RepBuilder::default()
            .opt("id", self.id)
            .opt("name", self.name.clone())
            .opt("description", self.description.clone())
            .opt("modified-at", self.modified_at)
            .opt("tokens", self.tokens.clone())
            .rest(&self.attrs)
            .build_in(&self.key_order)
    }
}

penpot_value!(TokenSet);

/// `penpot/token-theme`: a theme, a group of active sets.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenTheme {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:name`.
    pub name: Option<String>,
    /// `:group`.
    pub group: Option<String>,
    /// `:description`.
    pub description: Option<String>,
    /// `:is-source`.
    pub is_source: Option<bool>,
    /// `:external-id`.
    pub external_id: Option<String>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// `:sets`: a set of set names.
    pub sets: Option<Value>,
    /// Other attributes, as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl PenpotValue for TokenTheme {
    const TAG: &'static str = "penpot/token-theme";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        let is_source = match f.take_present("is-source") {
            None => None,
            Some(Value::Bool(b)) => Some(b),
            Some(other) => {
                return Err(format!(
                    "{}: :is-source must be a boolean, found {}",
                    Self::TAG,
                    other.type_name()
                ))
            }
        };
        Ok(TokenTheme {
            id: f.opt_uuid("id")?,
            name: f.opt_string("name")?,
            group: f.opt_string("group")?,
            description: f.opt_string("description")?,
            is_source,
            external_id: f.opt_string("external-id")?,
            modified_at: f.opt_instant("modified-at")?,
            sets: f.take("sets"),
            key_order: f.order(),
            attrs: f.rest(),
        })
    }

    fn to_rep(&self) -> Value {
        RepBuilder::default()
            .opt("id", self.id)
            .opt("name", self.name.clone())
            .opt("group", self.group.clone())
            .opt("description", self.description.clone())
            .opt("is-source", self.is_source)
            .opt("external-id", self.external_id.clone())
            .opt("modified-at", self.modified_at)
            .opt("sets", self.sets.clone())
            .rest(&self.attrs)
            .build_in(&self.key_order)
    }
}

penpot_value!(TokenTheme);

/// `penpot/token`: one design token.
///
/// ```
/// use transit_format::penpot::Token;
/// let t: Token = transit_format::from_str(
///     r#"{"~#penpot/token":{"~:name":"str1","~:type":"~:stroke-width","~:value":"1"}}"#,
/// ).unwrap();
/// assert_eq!(t.kind.unwrap().as_str(), "stroke-width");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// `:id`.
    pub id: Option<Uuid>,
    /// `:name`.
    pub name: Option<String>,
    /// `:type` (`:color`, `:stroke-width`…).
    pub kind: Option<Keyword>,
    /// `:value`: a string, or a map for composite tokens such as typography.
    pub value: Option<Value>,
    /// `:description`.
    pub description: Option<String>,
    /// `:modified-at`.
    pub modified_at: Option<DateTime<Utc>>,
    /// Other attributes, as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new value).
    pub key_order: Vec<Keyword>,
}

impl PenpotValue for Token {
    const TAG: &'static str = "penpot/token";

    fn from_rep(rep: Value) -> Result<Self, String> {
        let mut f = Fields::new(Self::TAG, rep)?;
        Ok(Token {
            id: f.opt_uuid("id")?,
            name: f.opt_string("name")?,
            kind: f.opt_keyword("type")?,
            value: f.take("value"),
            description: f.opt_string("description")?,
            modified_at: f.opt_instant("modified-at")?,
            key_order: f.order(),
            attrs: f.rest(),
        })
    }

    fn to_rep(&self) -> Value {
        RepBuilder::default()
            .opt("id", self.id)
            .opt("name", self.name.clone())
            .opt("type", self.kind.clone())
            .opt("value", self.value.clone())
            .opt("description", self.description.clone())
            .opt("modified-at", self.modified_at)
            .rest(&self.attrs)
            .build_in(&self.key_order)
    }
}

penpot_value!(Token);
