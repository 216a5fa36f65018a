//! `Display` for `Value`: EDN, as Clojure's `pr-str` prints the same data.

use std::fmt::{self, Display, Write};

use base64::Engine;

use super::Value;
use crate::number::java_double;

impl Display for Value {
    /// Prints EDN: `{:name "x", :tags #{"a"}}`; with `{:#}`, pretty-printed over
    /// several lines (collections longer than a line, one item per line)., `#uuid "…"`, `#inst "…"`, and
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
        if f.alternate() {
            let mut out = String::new();
            pretty(self, 0, &mut out);
            return f.write_str(&out);
        }
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
            Value::Ext(ext) => write!(f, "#{} {}", ext.tag(), ext.rep()),
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

/// Collections whose one-line form is longer than this are broken over lines.
const PRETTY_WIDTH: usize = 72;

/// Appends `value` pretty-printed, its continuation lines indented by `indent`.
fn pretty(value: &Value, indent: usize, out: &mut String) {
    let flat = value.to_string();
    let (open, close, items): (&str, &str, Vec<&Value>) = match value {
        Value::Array(items) => ("[", "]", items.iter().collect()),
        Value::List(items) => ("(", ")", items.iter().collect()),
        Value::Set(set) => ("#{", "}", set.iter().collect()),
        Value::Map(map) if flat.len() > PRETTY_WIDTH && !map.is_empty() => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                    push_indent(out, indent + 1);
                }
                pretty(k, indent + 1, out);
                out.push(' ');
                let key_width = k.to_string().chars().count() + 1;
                pretty(v, indent + 1 + key_width, out);
            }
            out.push('}');
            return;
        }
        Value::Tagged(tagged) if flat.len() > PRETTY_WIDTH => {
            let prefix = format!("#{} ", tagged.tag());
            out.push_str(&prefix);
            pretty(tagged.rep(), indent + prefix.chars().count(), out);
            return;
        }
        _ => {
            out.push_str(&flat);
            return;
        }
    };
    if flat.len() <= PRETTY_WIDTH || items.is_empty() {
        out.push_str(&flat);
        return;
    }
    out.push_str(open);
    let inner = indent + open.chars().count();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
            push_indent(out, inner);
        }
        pretty(item, inner, out);
    }
    out.push_str(close);
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}
