//! Number spelling shared by the writer and `Display`.

/// Room for any double spelled as Java does: the longest is 24 bytes
/// (`-2.2250738585072014E-308`).
const JAVA_DOUBLE_MAX: usize = 32;

/// A double's Java spelling, built on the stack (the writer spells one for every
/// float, and a heap buffer each time showed up in profiles).
pub(crate) struct JavaDouble {
    bytes: [u8; JAVA_DOUBLE_MAX],
    len: usize,
}

impl JavaDouble {
    /// `f` (finite) spelled as Java's `Double.toString` does, which is what
    /// transit-java writes: shortest round-trip digits, plain
    /// notation for magnitudes in [10^-3, 10^7) with at least one fractional digit
    /// (`2.0`, `0.001`), else computerized scientific notation (`4.0E11`,
    /// `6.626E-34`).
    pub(crate) fn new(f: f64) -> Self {
        debug_assert!(f.is_finite());
        let mut out = JavaDouble {
            bytes: [0; JAVA_DOUBLE_MAX],
            len: 0,
        };
        let magnitude = f.abs();
        if (1e-3..1e7).contains(&magnitude) {
            if f.is_sign_negative() {
                out.push(b'-');
            }
            out.push_plain(magnitude);
        } else {
            out.push_general(f);
        }
        out
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("digits, sign, point and E are ASCII")
    }

    fn push(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    fn extend(&mut self, bytes: &[u8]) {
        self.bytes[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// `magnitude` in [10^-3, 10^7), where Java's spelling is plain notation.
    ///
    /// Most numbers in real documents have a few decimals at most (coordinates such
    /// as `664.7`, or whole numbers). Such a number is spelled from one integer,
    /// `m = round(magnitude × 10^8)`, without ryu:
    /// - `m / 10^8` reads back as `magnitude` exactly when the division `m / 10^8`
    ///   gives it: both operands are exact (m < 10^15 < 2^53), and IEEE division
    ///   rounds correctly, as a correct parser does.
    /// - In this range half an ulp of `magnitude` is at most 2^-30, so any decimal
    ///   of up to 8 fractional digits that reads back lies within 0.1 of
    ///   `magnitude × 10^8` (and the product's own rounding adds at most 1/16):
    ///   it is `m`. Decimals 10^-8 apart cannot both read back, so that decimal,
    ///   with its trailing zeros trimmed, is the shortest one: the digits Java and
    ///   ryu choose.
    ///
    /// Anything else goes through ryu, whose plain output in this range is already
    /// Java's spelling.
    fn push_plain(&mut self, magnitude: f64) {
        const SCALE: f64 = 1e8;
        // Rounds to the nearest integer: adding 0.5 below 2^52 is exact, and a tie
        // cannot read back anyway. (`f64::round` is a libm call on baseline
        // x86-64.)
        let whole = magnitude as u64;
        if whole as f64 == magnitude {
            self.extend(itoa::Buffer::new().format(whole).as_bytes());
            self.extend(b".0");
            return;
        }
        let mut m = (magnitude * SCALE + 0.5) as u64;
        if m as f64 / SCALE == magnitude {
            // Trailing zeros go before the digits are spelled (fewer digits for
            // itoa); `m` is not whole, so at least one fractional digit stays.
            let mut k = 8;
            while m % 10 == 0 {
                m /= 10;
                k -= 1;
            }
            self.push_scaled(m, k);
        } else {
            let mut buffer = ryu::Buffer::new();
            self.extend(buffer.format_finite(magnitude).as_bytes());
        }
    }

    /// `m / 10^k` in plain notation (k ≥ 1).
    fn push_scaled(&mut self, m: u64, k: usize) {
        let mut buffer = itoa::Buffer::new();
        let digits = buffer.format(m).as_bytes();
        if digits.len() > k {
            let (int, frac) = digits.split_at(digits.len() - k);
            self.extend(int);
            self.push(b'.');
            self.extend(frac);
        } else {
            self.extend(b"0.");
            for _ in digits.len()..k {
                self.push(b'0');
            }
            self.extend(digits);
        }
    }

    /// Any finite `f`, from ryu's shortest digits rearranged into Java's layout.
    fn push_general(&mut self, f: f64) {
        if f == 0.0 {
            self.extend(if f.is_sign_negative() {
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
        // instead (`4.9E-324`, not `5.0E-324`). For a normal double that is always
        // `d.0`: `f` lies within half an ulp (2^-53 of f) of `d × 10^sci`, while
        // two-digit decimals are 10^(sci-1) apart, so only subnormals, whose ulp
        // can be as coarse as the value itself, need the check.
        let two_digits;
        if sig.len() == 1 && f.abs() < f64::MIN_POSITIVE {
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
            self.push(b'-');
        }
        if (-3..7).contains(&sci) {
            if sci >= 0 {
                let int_digits = (sci + 1) as usize;
                for i in 0..int_digits {
                    self.push(*sig.get(i).unwrap_or(&b'0'));
                }
                self.push(b'.');
                if sig.len() > int_digits {
                    self.extend(&sig[int_digits..]);
                } else {
                    self.push(b'0');
                }
            } else {
                self.extend(b"0.");
                for _ in 0..(-sci - 1) {
                    self.push(b'0');
                }
                self.extend(sig);
            }
        } else {
            self.push(sig[0]);
            self.push(b'.');
            if sig.len() > 1 {
                self.extend(&sig[1..]);
            } else {
                self.push(b'0');
            }
            self.push(b'E');
            self.extend(itoa::Buffer::new().format(sci).as_bytes());
        }
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
    JavaDouble::new(f).as_str().to_owned()
}

#[cfg(test)]
mod tests {
    use super::{java_double, JavaDouble};

    /// The general path alone, for checking the plain-range shortcuts against it.
    fn general(f: f64) -> String {
        let mut out = JavaDouble {
            bytes: [0; super::JAVA_DOUBLE_MAX],
            len: 0,
        };
        out.push_general(f);
        out.as_str().to_owned()
    }

    #[test]
    fn plain_range_shortcuts_agree_with_the_general_path() {
        let mut random = crate::testing::Xorshift::new(0x9e37_79b9_7f4a_7c15);
        let mut checked = 0;
        for _ in 0..200_000 {
            let r = random.next_u64();
            // Whole numbers, short decimals (the shortcut), and arbitrary doubles
            // in and around [10^-3, 10^7) (ryu's plain output).
            let f = match r % 4 {
                0 => (r >> 8) as f64 % 1e7,
                // 1 to 10 decimals: the shortcut covers up to 8.
                1 => ((r >> 8) % 100_000_000_000) as f64 / 10f64.powi(1 + ((r >> 4) % 10) as i32),
                2 => f64::from_bits(0x3F40_0000_0000_0000 + (r >> 12) % 0x0230_0000_0000_0000),
                _ => ((r >> 8) % 100_000) as f64 / 1e5 * 10f64.powi((r % 13) as i32 - 4),
            };
            for f in [f, -f] {
                assert_eq!(java_double(f), general(f), "{f:e} ({:#x})", f.to_bits());
                checked += 1;
            }
        }
        assert_eq!(checked, 400_000);
        // The edges of the plain range, and their neighbours.
        for edge in [1e-3f64, 1e7, 0.1, 1.0, 9999999.0, 0.00099999] {
            for f in [
                edge,
                f64::from_bits(edge.to_bits() - 1),
                f64::from_bits(edge.to_bits() + 1),
            ] {
                assert_eq!(java_double(f), general(f), "{f:e}");
            }
        }
    }

    #[test]
    fn one_digit_normals_need_no_two_digit_search() {
        // The two-digit search runs only for subnormals; for every one-digit
        // normal decimal it would have found `d.0`.
        for d in 1..=9u32 {
            for e in -307..=308 {
                let f: f64 = format!("{d}e{e}").parse().unwrap();
                if !f.is_finite() || f < f64::MIN_POSITIVE {
                    continue;
                }
                let two: f64 = format!("{:.1e}", f).parse().unwrap();
                assert_eq!(two, f, "{d}e{e}");
                assert_eq!(&format!("{:.1e}", f)[..3], format!("{d}.0"), "{d}e{e}");
            }
        }
    }

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
