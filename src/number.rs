//! Number spelling shared by the writer and `Display`.

/// Appends `f` (finite) spelled as Java's `Double.toString` does, which is what
/// transit-java writes (spec digest §3): shortest round-trip digits, plain notation
/// for magnitudes in [10^-3, 10^7) with at least one fractional digit (`2.0`,
/// `0.001`), else computerized scientific notation (`4.0E11`, `6.626E-34`).
pub(crate) fn push_java_double(out: &mut Vec<u8>, f: f64) {
    debug_assert!(f.is_finite());
    if f == 0.0 {
        out.extend_from_slice(if f.is_sign_negative() {
            b"-0.0"
        } else {
            b"0.0"
        });
        return;
    }
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(f.abs()).as_bytes();
    // Split ryu's output into significant digits and the exponent of the first one.
    let (mantissa, exp) = match text.iter().position(|&b| b == b'e') {
        Some(i) => (&text[..i], parse_exp(&text[i + 1..])),
        None => (text, 0),
    };
    let mut digits = [0u8; 32];
    let mut n = 0;
    let mut point = None;
    for &b in mantissa {
        if b == b'.' {
            point = Some(n);
        } else {
            digits[n] = b;
            n += 1;
        }
    }
    let int_len = point.unwrap_or(n) as i32;
    let leading = digits[..n].iter().take_while(|&&b| b == b'0').count();
    let trailing = digits[leading..n]
        .iter()
        .rev()
        .take_while(|&&b| b == b'0')
        .count();
    let mut sig = &digits[leading..n - trailing];
    // Value = 0.sig × 10^(decimal_exp); the first digit's power of ten is `sci`.
    let mut sci = int_len - leading as i32 + exp - 1;
    // Java (JDK 19+ `Double.toString`): when the shortest decimal has one digit,
    // the closest decimal of two digits that still reads back as `f` is written
    // instead (`4.9E-324`, not `5.0E-324`); for most values that is `d.0` anyway.
    let two_digits;
    if sig.len() == 1 {
        let text = format!("{:.1e}", f.abs());
        if text.parse::<f64>() == Ok(f.abs()) {
            let (mantissa, exponent) = text.split_once('e').expect("exponent form");
            let bytes = mantissa.as_bytes();
            two_digits = [bytes[0], bytes[2]];
            sig = if two_digits[1] == b'0' {
                &two_digits[..1]
            } else {
                &two_digits[..]
            };
            sci = exponent.parse().expect("an integer exponent");
        }
    }

    if f.is_sign_negative() {
        out.push(b'-');
    }
    if (-3..7).contains(&sci) {
        if sci >= 0 {
            let int_digits = (sci + 1) as usize;
            for i in 0..int_digits {
                out.push(*sig.get(i).unwrap_or(&b'0'));
            }
            out.push(b'.');
            if sig.len() > int_digits {
                out.extend_from_slice(&sig[int_digits..]);
            } else {
                out.push(b'0');
            }
        } else {
            out.extend_from_slice(b"0.");
            for _ in 0..(-sci - 1) {
                out.push(b'0');
            }
            out.extend_from_slice(sig);
        }
    } else {
        out.push(sig[0]);
        out.push(b'.');
        if sig.len() > 1 {
            out.extend_from_slice(&sig[1..]);
        } else {
            out.push(b'0');
        }
        out.push(b'E');
        out.extend_from_slice(itoa::Buffer::new().format(sci).as_bytes());
    }
}

/// `t` as `yyyy-MM-ddTHH:mm:ss.SSSZ` in `buf`, written by hand (chrono's general
/// formatter is slow, and instants are formatted for every verbose write and
/// every typed `DateTime` field); `None` for years outside 0000-9999.
pub(crate) fn iso_millis<'b>(
    t: &chrono::DateTime<chrono::Utc>,
    buf: &'b mut [u8; 24],
) -> Option<&'b str> {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return None;
    }
    let millis = t.timestamp_subsec_millis().min(999);
    let fields = [
        (0, 4, year as u32),
        (5, 2, t.month()),
        (8, 2, t.day()),
        (11, 2, t.hour()),
        (14, 2, t.minute()),
        (17, 2, t.second().min(59)),
        (20, 3, millis),
    ];
    *buf = *b"0000-00-00T00:00:00.000Z";
    for (at, width, mut n) in fields {
        for i in (at..at + width).rev() {
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    Some(std::str::from_utf8(buf).expect("ASCII"))
}

fn parse_exp(text: &[u8]) -> i32 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let n = digits
        .iter()
        .fold(0i32, |n, &b| n * 10 + i32::from(b - b'0'));
    if negative {
        -n
    } else {
        n
    }
}

/// `f` spelled as Java's `Double.toString`, as a `String`.
pub(crate) fn java_double(f: f64) -> String {
    let mut out = Vec::with_capacity(24);
    push_java_double(&mut out, f);
    String::from_utf8(out).expect("digits, sign, point and E are ASCII")
}

#[cfg(test)]
mod tests {
    use super::java_double;

    #[test]
    fn doubles_are_spelled_like_java() {
        for (f, expected) in [
            (2.0, "2.0"),
            (-5.0, "-5.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (12.375, "12.375"),
            (-1.25, "-1.25"),
            (4.0E11, "4.0E11"),
            (2.998E8, "2.998E8"),
            (6.626E-34, "6.626E-34"),
            (0.001, "0.001"),
            (0.0001, "1.0E-4"),
            (1234567.0, "1234567.0"),
            (9999999.0, "9999999.0"),
            (1.0E7, "1.0E7"),
            (12345678.9, "1.23456789E7"),
            (100.0, "100.0"),
            (0.1, "0.1"),
            (0.01, "0.01"),
            (0.5, "0.5"),
            (1.0E-300, "1.0E-300"),
            (f64::MAX, "1.7976931348623157E308"),
            (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
            (5e-324, "4.9E-324"),
            (1e-323, "9.9E-324"),
            (5e-323, "4.9E-323"),
            (1e23, "1.0E23"),
            (2e22, "2.0E22"),
            (1.0E16, "1.0E16"),
            (123456789012.0, "1.23456789012E11"),
        ] {
            assert_eq!(java_double(f), expected, "{f:e}");
        }
    }
}
