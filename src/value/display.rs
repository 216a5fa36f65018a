//! `Display` for `Value`: EDN, as Clojure's `pr-str` prints the same data.

use std::fmt::{self, Display, Write};

use base64::Engine;

use super::Value;
use crate::number::java_double;

impl Display for Value {
    /// Prints EDN: `{:name "x", :tags #{"a"}}`, `#uuid "…"`, `#inst "…"`, and
    /// unknown tags as `#tag rep`. Bytes print as `#bytes "base64"`, URIs as
    /// `#uri "…"`, links as `#link {…}`.
    ///
    /// ```
    /// let v: transit_format::Value = transit_format::from_str(
    ///     r#"["~u5a2cbea3-e8c6-428b-b525-21239370dd55","~m946728000000",["~#point",[1,2]],"~zNaN"]"#,
    /// ).unwrap();
    /// assert_eq!(
    ///     v.to_string(),
    ///     "[#uuid \"5a2cbea3-e8c6-428b-b525-21239370dd55\" #inst \"2000-01-01T12:00:00.000-00:00\" #point [1 2] ##NaN]"
    /// );
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::BigInt(n) => write!(f, "{n}N"),
            Value::Float(x) if x.is_nan() => f.write_str("##NaN"),
            Value::Float(x) if x.is_infinite() => {
                f.write_str(if *x > 0.0 { "##Inf" } else { "##-Inf" })
            }
            Value::Float(x) => f.write_str(&java_double(*x)),
            Value::BigDecimal(d) => write!(f, "{d}M"),
            Value::String(s) => write_edn_string(f, s),
            Value::Keyword(k) => write!(f, "{k}"),
            Value::Symbol(s) => write!(f, "{s}"),
            Value::Bytes(b) => {
                f.write_str("#bytes ")?;
                write_edn_string(f, &base64::engine::general_purpose::STANDARD.encode(b))
            }
            Value::Uuid(u) => write!(f, "#uuid \"{u}\""),
            Value::Instant(t) => write!(f, "#inst \"{}\"", t.format("%Y-%m-%dT%H:%M:%S%.3f-00:00")),
            Value::Uri(u) => {
                f.write_str("#uri ")?;
                write_edn_string(f, u.as_str())
            }
            Value::Char(c) => write_edn_char(f, *c),
            Value::Array(items) => write_seq(f, "[", items.iter(), "]"),
            Value::List(items) => write_seq(f, "(", items.iter(), ")"),
            Value::Set(set) => write_seq(f, "#{", set.iter(), "}"),
            Value::Map(map) => {
                f.write_char('{')?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} {v}")?;
                }
                f.write_char('}')
            }
            Value::Link(link) => {
                write!(f, "#link {{:href ")?;
                write_edn_string(f, link.href.as_str())?;
                f.write_str(", :rel ")?;
                write_edn_string(f, &link.rel)?;
                for (key, value) in [
                    ("name", &link.name),
                    ("render", &link.render),
                    ("prompt", &link.prompt),
                ] {
                    if let Some(value) = value {
                        write!(f, ", :{key} ")?;
                        write_edn_string(f, value)?;
                    }
                }
                f.write_char('}')
            }
            Value::Tagged(tagged) => write!(f, "#{} {}", tagged.tag(), tagged.rep()),
        }
    }
}

fn write_seq<'a>(
    f: &mut fmt::Formatter<'_>,
    open: &str,
    items: impl Iterator<Item = &'a Value>,
    close: &str,
) -> fmt::Result {
    f.write_str(open)?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_char(' ')?;
        }
        write!(f, "{item}")?;
    }
    f.write_str(close)
}

fn write_edn_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            '\r' => f.write_str("\\r")?,
            c if c.is_control() => write!(f, "\\u{:04x}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

fn write_edn_char(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    match c {
        '\n' => f.write_str("\\newline"),
        ' ' => f.write_str("\\space"),
        '\t' => f.write_str("\\tab"),
        '\r' => f.write_str("\\return"),
        '\u{8}' => f.write_str("\\backspace"),
        '\u{c}' => f.write_str("\\formfeed"),
        c if c.is_control() => write!(f, "\\u{:04x}", c as u32),
        c => write!(f, "\\{c}"),
    }
}
