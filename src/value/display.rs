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
            return pretty(self, 0, f);
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
            // EDN has no empty symbol, and printing nothing would lose the value
            // from view: the tagged form names it.
            Value::Symbol(s) if s.as_str().is_empty() => f.write_str("#transit/symbol \"\""),
            Value::Symbol(s) => write!(f, "{s}"),
            Value::Bytes(b) => {
                f.write_str("#bytes \"")?;
                // In pieces: measuring whether a collection fits a line reads only
                // its first characters, so nothing here is encoded all at once.
                // Base64 needs no escaping in an EDN string.
                let mut piece = String::new();
                for chunk in b.chunks(3 * 256) {
                    piece.clear();
                    base64::engine::general_purpose::STANDARD.encode_string(chunk, &mut piece);
                    f.write_str(&piece)?;
                }
                f.write_char('"')
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

/// Counts what is written to it, and fails once past `limit` bytes: a value's
/// one-line form is measured without being made, and only as far as the limit.
struct Measure {
    len: usize,
    limit: usize,
}

impl Write for Measure {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.len += s.len();
        if self.len > self.limit {
            return Err(fmt::Error);
        }
        Ok(())
    }
}

/// Whether the one-line form of `value` is at most [`PRETTY_WIDTH`] bytes long.
/// Formatting stops at the first byte past it, so this costs at most that many
/// bytes of output (and the few levels of nesting they hold).
fn fits(value: &Value) -> bool {
    let mut measure = Measure {
        len: 0,
        limit: PRETTY_WIDTH,
    };
    write!(measure, "{value}").is_ok()
}

/// Counts the characters written to it.
struct Chars(usize);

impl Write for Chars {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.chars().count();
        Ok(())
    }
}

/// Writes `value` pretty-printed, its continuation lines indented by `indent`.
///
/// Written as it goes: a collection is only measured (up to the line width) to
/// choose between its one-line form and one item per line, so time and memory
/// are linear in the output, whatever the nesting.
fn pretty(value: &Value, indent: usize, out: &mut fmt::Formatter<'_>) -> fmt::Result {
    let items: (&str, &str, &mut dyn Iterator<Item = &Value>);
    let (mut array, mut set);
    match value {
        Value::Array(list) | Value::List(list) if !list.is_empty() && !fits(value) => {
            array = list.iter();
            let open = if matches!(value, Value::List(_)) {
                "("
            } else {
                "["
            };
            let close = if open == "(" { ")" } else { "]" };
            items = (open, close, &mut array);
        }
        Value::Set(s) if !s.is_empty() && !fits(value) => {
            set = s.iter();
            items = ("#{", "}", &mut set);
        }
        Value::Map(map) if !map.is_empty() && !fits(value) => {
            out.write_char('{')?;
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.write_char('\n')?;
                    write_indent(out, indent + 1)?;
                }
                pretty(k, indent + 1, out)?;
                out.write_char(' ')?;
                let mut key_width = Chars(1);
                let _ = write!(key_width, "{k}");
                pretty(v, indent + 1 + key_width.0, out)?;
            }
            return out.write_char('}');
        }
        Value::Tagged(tagged) if !fits(value) => {
            write!(out, "#{} ", tagged.tag())?;
            let width = tagged.tag().chars().count() + 2;
            return pretty(tagged.rep(), indent + width, out);
        }
        _ => return write!(out, "{value}"),
    }
    let (open, close, items) = items;
    out.write_str(open)?;
    let inner = indent + open.chars().count();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.write_char('\n')?;
            write_indent(out, inner)?;
        }
        pretty(item, inner, out)?;
    }
    out.write_str(close)
}

fn write_indent(out: &mut fmt::Formatter<'_>, n: usize) -> fmt::Result {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let take = left.min(SPACES.len());
        out.write_str(&SPACES[..take])?;
        left -= take;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Xorshift;

    /// The pretty printer as it was first written, formatting every node to a
    /// string (quadratic in the nesting): the model the streaming one must match.
    fn model(value: &Value, indent: usize, out: &mut String) {
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
                        out.extend(std::iter::repeat_n(' ', indent + 1));
                    }
                    model(k, indent + 1, out);
                    out.push(' ');
                    let key_width = k.to_string().chars().count() + 1;
                    model(v, indent + 1 + key_width, out);
                }
                out.push('}');
                return;
            }
            Value::Tagged(tagged) if flat.len() > PRETTY_WIDTH => {
                let prefix = format!("#{} ", tagged.tag());
                out.push_str(&prefix);
                model(tagged.rep(), indent + prefix.chars().count(), out);
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
                out.extend(std::iter::repeat_n(' ', inner));
            }
            model(item, inner, out);
        }
        out.push_str(close);
    }

    fn random_value(random: &mut Xorshift, depth: usize) -> Value {
        let r = random.next_u64();
        let leaf = depth == 0 || r % 3 == 0;
        if leaf {
            return match (r >> 8) % 7 {
                0 => Value::Integer((r >> 16) as i64 % 100_000),
                1 => Value::String("a string é\n".repeat(((r >> 16) % 4) as usize).into()),
                2 => Value::keyword(&"kw-".repeat(((r >> 16) % 8 + 1) as usize)),
                3 => Value::Bytes(vec![7u8; ((r >> 16) % 40) as usize].into()),
                4 => Value::Null,
                5 => Value::Float(0.5),
                _ => Value::Char('x'),
            };
        }
        let n = ((r >> 8) % 6) as usize;
        let items: Vec<Value> = (0..n).map(|_| random_value(random, depth - 1)).collect();
        match (r >> 16) % 5 {
            0 => Value::Array(items.into()),
            1 => Value::List(items.into()),
            2 => Value::Set(items.into_iter().collect()),
            3 => Value::Map(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (Value::Integer(i as i64), v))
                    .collect(),
            ),
            _ => Value::Tagged(Box::new(crate::types::Tagged::new(
                "point",
                Value::Array(items.into()),
            ))),
        }
    }

    #[test]
    fn the_streaming_pretty_printer_matches_the_model() {
        let mut random = Xorshift::new(0x9e37_79b9_7f4a_7c15);
        for case in 0..2_000 {
            let value = random_value(&mut random, 5);
            let mut expected = String::new();
            model(&value, 0, &mut expected);
            assert_eq!(format!("{value:#}"), expected, "case {case}");
        }
    }

    #[test]
    fn deep_nesting_is_measured_a_line_at_a_time() {
        // 20,000 levels of one item each: the one-line form fits no line, but
        // each level is measured only up to the line width, and one-item
        // collections break no line.
        let mut value = Value::Integer(1);
        for _ in 0..20_000 {
            value = Value::Array(vec![value].into());
        }
        let text = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || {
                let text = format!("{value:#}");
                // Dropping the value recurses too: here, on the big stack.
                drop(value);
                text
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(text.len(), 40_001);
        assert!(text.starts_with("[[[[1") || text.contains("[1]"));
    }

    #[test]
    fn an_empty_symbol_is_not_printed_as_nothing() {
        let value = Value::Symbol(crate::types::Symbol::new(""));
        assert_eq!(value.to_string(), "#transit/symbol \"\"");
        let value = Value::Array(vec![value, Value::Symbol(crate::types::Symbol::new("a"))].into());
        assert_eq!(value.to_string(), "[#transit/symbol \"\" a]");
    }
}
