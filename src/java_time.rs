//! Transit's verbose instant text (`"~t…"`), written and read exactly as transit-java
//! writes and reads it, for every year.
//!
//! transit-java holds an instant as a `java.util.Date` (milliseconds since the Unix
//! epoch, `~m` in compact JSON). In JSON-Verbose it spells it as text, and its writer
//! and its reader use two different calendars to do so.
//!
//! # Writing ([`format`])
//!
//! transit-java's writer formats the `Date` with
//! `SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")` in UTC. That formatter counts
//! days with Java's default `GregorianCalendar`, which is a hybrid:
//!
//! * from 1582-10-15T00:00:00Z (−12,219,292,800,000 ms) on, Gregorian dates;
//! * before it, Julian dates: the millisecond before 1582-10-15 is written
//!   `1582-10-04T23:59:59.999Z`, and the Julian leap days that the Gregorian
//!   calendar lacks are written (`1500-02-29`);
//! * `yyyy` is the year *of the era* and the pattern has no era field, so a year
//!   before year 1 loses its era: 1 BC is written `0001`, 44 BC `0044`, and a BC
//!   date cannot be told from an AD one;
//! * the year has at least four digits (zero-padded: `0044`) and as many as it needs
//!   after 9999, with no sign (`10000-03-19`, up to `292278994` for `i64::MAX` ms);
//! * months, days, hours, minutes and seconds have two digits, milliseconds three,
//!   and the text always ends in `Z`.
//!
//! # Reading ([`parse`])
//!
//! transit-java's `t` read handler is `javax.xml.bind.DatatypeConverter.parseDateTime`
//! (JAXB), which reads the text with the XML Schema 1.0 lexical rules of the JDK's
//! `XMLGregorianCalendar`, turns it into a *proleptic* Gregorian `GregorianCalendar`
//! (Gregorian for every year, no Julian switch), and then the handler sets that
//! calendar's zone to UTC before it computes the instant. So:
//!
//! * leading and trailing spaces, tabs, CRs and LFs are ignored;
//! * a text holding a `T` is a `dateTime`, `Y-MM-DDThh:mm:ss[.f][zone]`; any other
//!   text is read as one of XML Schema's other date and time types, with the fields
//!   it lacks taken from 1970-01-01T00:00:00.000: `hh:mm:ss[.f][zone]` (a `:` third),
//!   `---DD`, `--MM`, `--MM-DD` (these with `--` first), `Y`, `Y-MM`, `Y-MM-DD` (by
//!   the number of `-` after the first character), each with an optional zone;
//! * the year is an optional `-` and four or more digits, leading zeros allowed
//!   (`02020` is 2020); no `+`; `0000` is rejected; a negative year counts as XML
//!   Schema 1.0 does, without a year zero: `-0001` is 1 BC (astronomical year 0),
//!   `-0044` is 44 BC;
//! * month, day, hour, minute and second have exactly two digits; the month is 01–12;
//!   the day runs to the month's length by the Gregorian leap rule applied to the
//!   year *as written* (so `-0004-02-29` passes and becomes 1 March of 4 BC, and
//!   `-0001-02-29` fails, although 1 BC is the leap year); the hour is 00–24, the minute 00–59, the second 00–60, and a
//!   second 60 runs into the next minute;
//! * hour 24 needs minute and second 00 (a fraction is allowed) and means 00 of the
//!   next day, counted from the day clamped to the month's length
//!   (`2019-02-29T24:00:00` is 2019-03-01T00:00:00); reaching year 0 that way fails;
//! * the fraction is `.` and one or more digits, cut (not rounded) to milliseconds;
//! * the zone is none, `Z`, or `±hh:mm` with any two digits each and at most 14:00 in
//!   all; transit-java checks it and then **ignores** it, because its handler replaces
//!   it with UTC before the instant is computed: it reads
//!   `2020-01-01T00:00:00.000+02:00` as `2020-01-01T00:00:00.000Z`. [`parse`] differs
//!   here, and only here: it applies the offset, as the text says (10 pm UTC on the
//!   day before), because ignoring an explicit offset moves the instant silently.
//!   transit-java itself never writes an offset (its writer always writes `Z`), so
//!   this changes nothing it wrote. A text without a zone is UTC.
//!
//! Java wraps an instant whose milliseconds do not fit an `i64` (a year beyond about
//! ±292,000,000) into a meaningless value; [`parse`] returns `None` for it instead.
//!
//! # Where transit-java's writer and reader disagree
//!
//! From 1582-10-15 on they agree for every year, five-digit ones included. Before it,
//! a text transit-java wrote is read back by transit-java as another instant, or not
//! at all:
//!
//! * Julian dates are read as Gregorian ones, so the instant moves by the difference
//!   of the two calendars: 10 days earlier in 1582, not at all in the 200s, later
//!   before that (2 days in year 1);
//! * BC years are read as the AD year with the same number (1 BC, written `0001`,
//!   comes back as 1 AD);
//! * a Julian leap day the Gregorian rule lacks (`1500-02-29`, and 29 February of
//!   every leap year BC, whose year of era is 1, 5, 9, …) makes the reader fail.
//!
//! [`format`] writes what the writer writes and [`parse`] returns what the reader
//! reads (zone offsets aside, see above), so a text made by [`format`] can come back
//! as another instant, as it does in Java. (In transit-java's own output, 441 of 4,074 `~t` texts in 178 of 3,000 random
//! documents over ±250,000 years came back as another instant.)
//!
//! # Read beyond Java: texts of other writers
//!
//! Where transit-java's reader fails, [`parse`] also reads RFC 3339 date-times with
//! ISO 8601 expanded years, as other Transit writers spell them (transit-js writes
//! `Date.toISOString()`: `+010000-01-01T00:00:00.000Z`): `±Y…Y-MM-DDThh:mm:ss[.f]`
//! and `Z` or `±hh:mm`, with `t` or a space for `T` and `z` for `Z`. There the year is
//! astronomical (`0000` and `-000000` are 1 BC, `-000044` is 45 BC), the hour is
//! 00–23, the second 00–60, a zone up to ±23:59 is applied as RFC 3339 means it, and
//! the fraction is cut to milliseconds. This reading never changes a text
//! transit-java's reader accepts, and it accepts only the texts that reader rejects:
//! in practice a `+` year, year zero, a lower-case `t` or `z` or a space, or a zone
//! beyond ±14:00. A negative year (`-000044-03-15T…`, which transit-js means as 45 BC)
//! is read the Java way above (44 BC), so that this crate reads every year as a Java
//! service reading the text does.

/// The longest text [`format`] writes: a nine-digit year (`i64::MIN` and `i64::MAX`
/// milliseconds are in the years 292,269,055 BC and 292,278,994 AD) and the 20 bytes
/// of `-MM-DDThh:mm:ss.SSSZ`.
const TEXT_MAX: usize = 29;

const MS_PER_DAY: i64 = 86_400_000;

/// 1582-10-15T00:00:00Z, where Java's default calendar switches from Julian to
/// Gregorian dates.
const GREGORIAN_SWITCH_MS: i64 = -12_219_292_800_000;

/// 10000-01-01T00:00:00Z, the first instant whose year needs five digits.
const YEAR_10000_MS: i64 = 253_402_300_800_000;

/// Days from 0000-03-01 to 1582-10-15 (both proleptic Gregorian).
const SWITCH_DAYS_FROM_MARCH_0: u32 = 578_041;

/// Days from 0000-03-01 (proleptic Gregorian) to 1970-01-01.
const UNIX_DAYS_FROM_GREGORIAN_MARCH_0: i64 = 719_468;

/// Days from 0000-03-01 of the Julian calendar to 1970-01-01 (which is 1969-12-19
/// there).
const UNIX_DAYS_FROM_JULIAN_MARCH_0: i64 = 719_470;

/// "00" to "99", two bytes each.
const PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// An instant's text as [`format`] writes it: ASCII, at most [`TEXT_MAX`] bytes,
/// held by value (no allocation).
#[derive(Clone, Copy)]
pub(crate) struct Text {
    bytes: [u8; TEXT_MAX],
    len: u8,
}

impl Text {
    /// The text, as the bytes a writer copies out.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// The text as a `str` (this checks the bytes are UTF-8, which costs about as much
    /// as writing them: writers want [`Self::as_bytes`]).
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// The text transit-java's JSON-Verbose writer puts after `~t` for an instant of
/// `millis` milliseconds since the Unix epoch (see the module docs for its calendar).
///
/// Every `i64` is accepted. Instants from 1582-10-15 to 9999-12-31 take a path of
/// their own without any general calendar arithmetic.
pub(crate) fn format(millis: i64) -> Text {
    let mut text = Text {
        bytes: [0; TEXT_MAX],
        len: 0,
    };
    let len = if (GREGORIAN_SWITCH_MS..YEAR_10000_MS).contains(&millis) {
        format_four_digit_gregorian(millis, &mut text.bytes)
    } else {
        format_any(millis, &mut text.bytes)
    };
    text.len = len as u8;
    text
}

/// 1582-10-15 to 9999-12-31: Gregorian, four-digit year, in unsigned arithmetic.
fn format_four_digit_gregorian(millis: i64, buf: &mut [u8; TEXT_MAX]) -> usize {
    // The switch is at midnight, so days and the time of day count from it directly.
    let since_switch = (millis - GREGORIAN_SWITCH_MS) as u64;
    let days = (since_switch / MS_PER_DAY as u64) as u32;
    let ms_of_day = (since_switch % MS_PER_DAY as u64) as u32;
    let (year, month, day) = gregorian_from_march_0(days + SWITCH_DAYS_FROM_MARCH_0);
    put_pair(buf, 0, year / 100);
    put_pair(buf, 2, year % 100);
    put_tail(buf, 4, month, day, ms_of_day)
}

/// Any instant: Java's hybrid calendar, the year of the era, four or more digits.
#[inline(never)]
fn format_any(millis: i64, buf: &mut [u8; TEXT_MAX]) -> usize {
    let days = millis.div_euclid(MS_PER_DAY);
    let ms_of_day = millis.rem_euclid(MS_PER_DAY) as u32;
    let (year, month, day) = if millis >= GREGORIAN_SWITCH_MS {
        gregorian_from_unix_days(days)
    } else {
        julian_from_unix_days(days)
    };
    // Year 0 is 1 BC, -1 is 2 BC: the era is dropped, its year kept.
    let mut year_of_era = if year >= 1 { year } else { 1 - year }.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut count = 0;
    loop {
        digits[count] = b'0' + (year_of_era % 10) as u8;
        count += 1;
        year_of_era /= 10;
        if year_of_era == 0 {
            break;
        }
    }
    let width = count.max(4);
    buf[..width - count].fill(b'0');
    for (slot, digit) in buf[width - count..width]
        .iter_mut()
        .zip(digits[..count].iter().rev())
    {
        *slot = *digit;
    }
    put_tail(buf, width, month, day, ms_of_day)
}

/// Writes `-MM-DDThh:mm:ss.SSSZ` at `at` and returns the text's length.
#[inline(always)]
fn put_tail(buf: &mut [u8; TEXT_MAX], at: usize, month: u32, day: u32, ms_of_day: u32) -> usize {
    let seconds = ms_of_day / 1000;
    let ms = ms_of_day % 1000;
    buf[at] = b'-';
    put_pair(buf, at + 1, month);
    buf[at + 3] = b'-';
    put_pair(buf, at + 4, day);
    buf[at + 6] = b'T';
    put_pair(buf, at + 7, seconds / 3600);
    buf[at + 9] = b':';
    put_pair(buf, at + 10, seconds / 60 % 60);
    buf[at + 12] = b':';
    put_pair(buf, at + 13, seconds % 60);
    buf[at + 15] = b'.';
    buf[at + 16] = b'0' + (ms / 100) as u8;
    put_pair(buf, at + 17, ms % 100);
    buf[at + 19] = b'Z';
    at + 20
}

#[inline(always)]
fn put_pair(buf: &mut [u8; TEXT_MAX], at: usize, value: u32) {
    // Every caller passes a value below 100.
    let i = value as usize * 2;
    buf[at] = PAIRS[i];
    buf[at + 1] = PAIRS[i + 1];
}

/// The milliseconds since the Unix epoch that transit-java's reader makes of the text
/// after `~t`, or `None` where that reader fails; texts it fails on are read as RFC
/// 3339 / ISO 8601 where they are that (see the module docs for both).
///
/// `YYYY-MM-DDThh:mm:ss.SSSZ` with a year from 0001 to 9999 takes a path of its own
/// without any general calendar arithmetic.
pub(crate) fn parse(text: &str) -> Option<i64> {
    match parse_four_digit_year(text.as_bytes()) {
        Some(millis) => Some(millis),
        None => parse_any(text.as_bytes()),
    }
}

/// [`parse`] for every text, kept out of line so that the common case stays small.
#[inline(never)]
fn parse_any(text: &[u8]) -> Option<i64> {
    let text = trim_xml_space(text);
    match parse_java(text) {
        JavaRead::Instant(millis) => millis.checked_sub(zone_offset_ms(text)),
        JavaRead::OutOfRange => None,
        JavaRead::Rejected => parse_rfc3339(text),
    }
}

/// The offset of a text's trailing `±hh:mm` zone, in milliseconds east of UTC, or 0
/// for `Z` or no zone. Only a zone ends in that shape (a time ends in `:ss` or a
/// fraction, a date in `-DD`), and transit-java's reader checked it already.
fn zone_offset_ms(text: &[u8]) -> i64 {
    let [.., sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] = *text else {
        return 0;
    };
    let digit = |b: u8| i64::from(b.wrapping_sub(b'0'));
    let minutes = (digit(h1) * 10 + digit(h2)) * 60 + digit(m1) * 10 + digit(m2);
    let offset = minutes * 60_000;
    if sign == b'-' {
        -offset
    } else {
        offset
    }
}

/// `YYYY-MM-DDThh:mm:ss.SSSZ` with a year from 0001 to 9999, an hour up to 23 and a
/// second up to 59, or `None` to leave the text to the general readers. Java's reader
/// counts these years in the proleptic Gregorian calendar, as this does.
fn parse_four_digit_year(text: &[u8]) -> Option<i64> {
    let t: &[u8; 24] = text.try_into().ok()?;
    // Eight bytes at a time, each a lane of a u64 (the first byte the lowest).
    let word = |at: usize| {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(&t[at..at + 8]);
        u64::from_le_bytes(lanes)
    };
    let digits = [
        lane_digits(word(0), FAST_SHAPE[0])?,
        lane_digits(word(8), FAST_SHAPE[1])?,
        lane_digits(word(16), FAST_SHAPE[2])?,
    ];
    // Each lane times ten plus the next lane: a lane where a two-digit number starts
    // now holds its value (at most 99, so no lane carries into another).
    let pairs = digits.map(|d| d * 10 + (d >> 8));
    let lane = |word: u64, lane: u32| (word >> (8 * lane)) as u32 & 0xff;
    let year = lane(pairs[0], 0) * 100 + lane(pairs[0], 2);
    let month = lane(pairs[0], 5);
    let day = lane(pairs[1], 0);
    let (hour, minute, second) = (lane(pairs[1], 3), lane(pairs[1], 6), lane(pairs[2], 1));
    let ms = lane(pairs[2], 4) * 10 + lane(digits[2], 6);
    // A year divisible by 100 is divisible by 400 exactly when it is by 16.
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 16 == 0);
    if year == 0
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(leap, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    // Days from 0000-03-01, with January and February counted in the year before.
    let (y, march_based) = if month > 2 {
        (year, month - 3)
    } else {
        (year - 1, month + 9)
    };
    let day_of_year = (153 * march_based + 2) / 5 + day - 1;
    let day_of_400 = y % 400 * 365 + y % 400 / 4 - y % 400 / 100 + day_of_year;
    let days = i64::from(y / 400 * 146_097 + day_of_400) - UNIX_DAYS_FROM_GREGORIAN_MARCH_0;
    let ms_of_day = ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    Some(days * MS_PER_DAY + i64::from(ms_of_day))
}

/// Which lanes of a word of [`parse_four_digit_year`]'s text hold digits (`0xff`), and
/// the byte every other lane must be.
#[derive(Clone, Copy)]
struct LaneShape {
    digit: u64,
    other: u64,
}

/// `YYYY-MM-DDThh:mm:ss.SSSZ`, as three words.
const FAST_SHAPE: [LaneShape; 3] = {
    const TEXT: &[u8; 24] = b"0000-00-00T00:00:00.000Z";
    let mut shapes = [LaneShape { digit: 0, other: 0 }; 3];
    let mut i = 0;
    while i < 24 {
        let shift = 8 * (i % 8);
        if TEXT[i] == b'0' {
            shapes[i / 8].digit |= 0xff << shift;
        } else {
            shapes[i / 8].other |= (TEXT[i] as u64) << shift;
        }
        i += 1;
    }
    shapes
};

/// The word's digit lanes as values 0-9 (the other lanes 0), or `None` unless every
/// digit lane holds an ASCII digit and every other lane its byte of the shape.
#[inline(always)]
fn lane_digits(word: u64, shape: LaneShape) -> Option<u64> {
    const HIGH: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    const SIX: u64 = 0x0606_0606_0606_0606;
    const ZERO: u64 = 0x3030_3030_3030_3030;
    let digits = word & shape.digit;
    let zeros = ZERO & shape.digit;
    // An ASCII digit is 0x30-0x39: its high half is 3, and adding 6 keeps it 3 (no
    // lane is above 0x3f when it is added, so none carries into the next).
    let ok = word & !shape.digit == shape.other
        && digits & HIGH == zeros
        && (digits + (SIX & shape.digit)) & HIGH == zeros;
    ok.then(|| digits - zeros)
}

/// What transit-java's reader makes of a text.
#[derive(Debug, PartialEq)]
enum JavaRead {
    /// It reads this instant.
    Instant(i64),
    /// It reads it, but the instant does not fit an `i64`: Java wraps it.
    OutOfRange,
    /// It fails.
    Rejected,
}

/// A piece of the XML Schema lexical form the reader picks by the text's shape.
#[derive(Clone, Copy)]
enum Piece {
    Char(u8),
    Year,
    Month,
    Day,
    Hour,
    Minute,
    /// Two digits, then an optional `.` and fraction.
    Second,
    /// Nothing, `Z`, or `±hh:mm`.
    Zone,
}

use Piece::{Char, Day, Hour, Minute, Month, Second, Year, Zone};

const DATE_TIME: &[Piece] = &[
    Year,
    Char(b'-'),
    Month,
    Char(b'-'),
    Day,
    Char(b'T'),
    Hour,
    Char(b':'),
    Minute,
    Char(b':'),
    Second,
    Zone,
];
const TIME: &[Piece] = &[Hour, Char(b':'), Minute, Char(b':'), Second, Zone];
const G_DAY: &[Piece] = &[Char(b'-'), Char(b'-'), Char(b'-'), Day, Zone];
const G_MONTH: &[Piece] = &[Char(b'-'), Char(b'-'), Month, Zone];
const G_MONTH_DAY: &[Piece] = &[Char(b'-'), Char(b'-'), Month, Char(b'-'), Day, Zone];
const G_YEAR: &[Piece] = &[Year, Zone];
const G_YEAR_MONTH: &[Piece] = &[Year, Char(b'-'), Month, Zone];
const DATE: &[Piece] = &[Year, Char(b'-'), Month, Char(b'-'), Day, Zone];

/// The lexical form XML Schema's reader expects of a text, chosen, as it does, by
/// looking at the text before reading it.
fn java_shape(text: &[u8]) -> &'static [Piece] {
    let len = text.len();
    if text.contains(&b'T') {
        DATE_TIME
    } else if len >= 3 && text[2] == b':' {
        TIME
    } else if text.starts_with(b"--") {
        if len >= 3 && text[2] == b'-' {
            G_DAY
        } else if matches!(len, 4 | 5 | 10) {
            // `--MM`, `--MMZ`, `--MM±hh:mm`.
            G_MONTH
        } else {
            G_MONTH_DAY
        }
    } else {
        // Count the `-` separators after a possible sign, leaving out the last six
        // characters when there is a `:` (a `±hh:mm` zone, whose sign is no separator).
        let end = if text.contains(&b':') {
            len.saturating_sub(6)
        } else {
            len
        };
        match text
            .get(1..end)
            .map_or(0, |middle| middle.iter().filter(|&&c| c == b'-').count())
        {
            0 => G_YEAR,
            1 => G_YEAR_MONTH,
            _ => DATE,
        }
    }
}

/// A year so far from ours that no `i64` of milliseconds reaches it; stands for any
/// larger year.
const YEAR_BEYOND_I64: i64 = 1_000_000_000_000;

/// The fields of a text read by [`java_shape`]; `None` where the form has none.
#[derive(Default)]
struct Fields {
    year: Option<i64>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: Option<u32>,
    second: Option<u32>,
    ms: u32,
}

/// The fields of a text in the form [`java_shape`] picks, each checked against its own
/// range only, or `None` where the text is not in that form.
fn java_fields(text: &[u8]) -> Option<Fields> {
    let mut fields = Fields::default();
    let mut at = Cursor { text, at: 0 };
    for piece in java_shape(text) {
        match *piece {
            Char(c) => at.eat(c).then_some(())?,
            Year => fields.year = Some(at.java_year()?),
            Month => fields.month = Some(at.pair_within(1, 12)?),
            Day => fields.day = Some(at.pair_within(1, 31)?),
            Hour => fields.hour = Some(at.pair_within(0, 24)?),
            Minute => fields.minute = Some(at.pair_within(0, 59)?),
            Second => {
                fields.second = Some(at.pair_within(0, 60)?);
                if at.peek() == Some(b'.') {
                    fields.ms = at.fraction_ms()?;
                }
            }
            Zone => match at.peek() {
                Some(b'Z') => at.at += 1,
                Some(b'+' | b'-') => {
                    at.at += 1;
                    // Any two digits each, at most 14:00 in all; the zone then plays no
                    // part, as the read handler puts the calendar in UTC.
                    let hours = at.pair_within(0, 99)?;
                    let minutes = at.colon_then_pair(0, 99)?;
                    (hours * 60 + minutes <= 14 * 60).then_some(())?;
                }
                _ => {}
            },
        }
    }
    (at.at == text.len()).then_some(fields)
}

/// transit-java's reader: XML Schema 1.0 lexical rules, a proleptic Gregorian
/// calendar, the zone ignored (module docs, "Reading").
fn parse_java(text: &[u8]) -> JavaRead {
    let Some(mut fields) = java_fields(text) else {
        return JavaRead::Rejected;
    };
    if fields.year.is_some_and(|y| y.abs() >= YEAR_BEYOND_I64) {
        // Java reads it (or fails on a date check), and either way no i64 holds it.
        return JavaRead::OutOfRange;
    }
    if fields.hour == Some(24) {
        if fields.minute != Some(0) || fields.second != Some(0) {
            return JavaRead::Rejected;
        }
        // 24:00 is 00:00 of the next day, counted from the day clamped to the month's
        // length. Only a full date moves: where the form has no date, 24:00 is 00:00.
        fields.hour = Some(0);
        if let (Some(year), Some(month), Some(day)) = (fields.year, fields.month, fields.day) {
            let length = days_in_month(is_gregorian_leap(year), month);
            let day = day.min(length) + 1;
            if day <= length {
                fields.day = Some(day);
            } else if month < 12 {
                (fields.month, fields.day) = (Some(month + 1), Some(1));
            } else {
                (fields.year, fields.month, fields.day) = (Some(year + 1), Some(1), Some(1));
            }
        }
    }
    // The day must fit its month, by the Gregorian leap rule applied to the year as
    // written (a negative year is not astronomical, yet the rule is the same), or to
    // 2000 when the form has no year.
    if let (Some(month), Some(day)) = (fields.month, fields.day) {
        let leap = fields.year.is_none_or(is_gregorian_leap);
        if day > days_in_month(leap, month) {
            return JavaRead::Rejected;
        }
    }
    // XML Schema 1.0 has no year 0: -1 is 1 BC, astronomical year 0.
    let year = match fields.year {
        None => 1970,
        Some(0) => return JavaRead::Rejected,
        Some(y) if y < 0 => y + 1,
        Some(y) => y,
    };
    // The calendar is lenient: a second 60, or 29 February of a year without it (a
    // `--02-29` with no year lands in 1970), runs on into what follows.
    let days = days_from_gregorian(year, fields.month.unwrap_or(1), fields.day.unwrap_or(1));
    let ms_of_day =
        ((i64::from(fields.hour.unwrap_or(0)) * 60 + i64::from(fields.minute.unwrap_or(0))) * 60
            + i64::from(fields.second.unwrap_or(0)))
            * 1000
            + i64::from(fields.ms);
    match days
        .checked_mul(MS_PER_DAY)
        .and_then(|ms| ms.checked_add(ms_of_day))
    {
        Some(millis) => JavaRead::Instant(millis),
        None => JavaRead::OutOfRange,
    }
}

/// RFC 3339 with ISO 8601 expanded years, for texts transit-java's reader rejects
/// (module docs, "Read beyond Java").
fn parse_rfc3339(text: &[u8]) -> Option<i64> {
    let mut at = Cursor { text, at: 0 };
    let negative = at.peek() == Some(b'-');
    if matches!(at.peek(), Some(b'+' | b'-')) {
        at.at += 1;
    }
    let digits = at.year_digits()?;
    let year = if negative { -digits } else { digits };
    if year.abs() >= YEAR_BEYOND_I64 {
        return None;
    }
    let month = at.dash_then_pair(1, 12)?;
    let day = at.dash_then_pair(1, 31)?;
    if day > days_in_month(is_gregorian_leap(year), month) {
        return None;
    }
    if !matches!(at.take(), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = at.pair_within(0, 23)?;
    let minute = at.colon_then_pair(0, 59)?;
    let second = at.colon_then_pair(0, 60)?;
    let ms = if at.peek() == Some(b'.') {
        at.fraction_ms()?
    } else {
        0
    };
    let offset_minutes = match at.take()? {
        b'Z' | b'z' => 0,
        sign @ (b'+' | b'-') => {
            let minutes = i64::from(at.pair_within(0, 23)? * 60 + at.colon_then_pair(0, 59)?);
            if sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    if at.at != text.len() {
        return None;
    }
    let local = ((i64::from(hour) * 60 + i64::from(minute)) * 60 + i64::from(second)) * 1000
        + i64::from(ms);
    days_from_gregorian(year, month, day)
        .checked_mul(MS_PER_DAY)?
        .checked_add(local - offset_minutes * 60_000)
}

/// Reads ASCII from left to right.
struct Cursor<'a> {
    text: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn take(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn eat(&mut self, c: u8) -> bool {
        self.take() == Some(c)
    }

    fn digit(&mut self) -> Option<u32> {
        let d = self.peek()?.wrapping_sub(b'0');
        (d <= 9).then(|| {
            self.at += 1;
            u32::from(d)
        })
    }

    /// Exactly two digits, between `min` and `max`.
    fn pair_within(&mut self, min: u32, max: u32) -> Option<u32> {
        let value = self.digit()? * 10 + self.digit()?;
        (min..=max).contains(&value).then_some(value)
    }

    fn dash_then_pair(&mut self, min: u32, max: u32) -> Option<u32> {
        self.eat(b'-').then_some(())?;
        self.pair_within(min, max)
    }

    fn colon_then_pair(&mut self, min: u32, max: u32) -> Option<u32> {
        self.eat(b':').then_some(())?;
        self.pair_within(min, max)
    }

    /// Four or more digits, leading zeros allowed; any value of [`YEAR_BEYOND_I64`]
    /// or more is that value.
    fn year_digits(&mut self) -> Option<i64> {
        let start = self.at;
        let mut year: i64 = 0;
        while let Some(d) = self.digit() {
            year = (year * 10 + i64::from(d)).min(YEAR_BEYOND_I64);
        }
        (self.at - start >= 4).then_some(year)
    }

    /// XML Schema's year: an optional `-`, then [`Self::year_digits`].
    fn java_year(&mut self) -> Option<i64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let year = self.year_digits()?;
        Some(if negative { -year } else { year })
    }

    /// `.` and one or more digits, as whole milliseconds (cut, not rounded).
    fn fraction_ms(&mut self) -> Option<u32> {
        self.eat(b'.').then_some(())?;
        let mut ms = 0;
        let mut count = 0;
        while let Some(d) = self.digit() {
            if count < 3 {
                ms = ms * 10 + d;
            }
            count += 1;
        }
        match count {
            0 => None,
            1 => Some(ms * 100),
            2 => Some(ms * 10),
            _ => Some(ms),
        }
    }
}

/// The XML whitespace (space, tab, CR, LF) JAXB trims from both ends of a text.
fn trim_xml_space(text: &[u8]) -> &[u8] {
    let space = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let start = text.iter().position(|c| !space(c)).unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|c| !space(c))
        .map_or(start, |i| i + 1);
    &text[start..end]
}

/// The Gregorian rule (every fourth year, but not every hundredth, but every 400th),
/// applied to the number as given.
fn is_gregorian_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(leap: bool, month: u32) -> u32 {
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (astronomical year, month
/// 1-12). The day may pass the month's end and counts on into the next month.
fn days_from_gregorian(year: i64, month: u32, day: u32) -> i64 {
    // Years start on 1 March, so that the leap day is the last of its year.
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = i64::from((153 * ((month + 9) % 12) + 2) / 5 + day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - UNIX_DAYS_FROM_GREGORIAN_MARCH_0
}

/// The proleptic Gregorian date (astronomical year, month, day) of a day counted from
/// 1970-01-01.
fn gregorian_from_unix_days(days: i64) -> (i64, u32, u32) {
    let from_march_0 = days + UNIX_DAYS_FROM_GREGORIAN_MARCH_0;
    let era = from_march_0.div_euclid(146_097);
    let day_of_era = from_march_0.rem_euclid(146_097);
    // The 400-year era has 146,097 days; its years start on 1 March.
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let (month, day) = month_and_day(day_of_year as u32);
    (era * 400 + year_of_era + i64::from(month <= 2), month, day)
}

/// [`gregorian_from_unix_days`] for a day counted from 0000-03-01 that fits a `u32`.
#[inline(always)]
fn gregorian_from_march_0(days: u32) -> (u32, u32, u32) {
    let era = days / 146_097;
    let day_of_era = days % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let (month, day) = month_and_day(day_of_year);
    (era * 400 + year_of_era + u32::from(month <= 2), month, day)
}

/// The Julian date (astronomical year, month, day) of a day counted from 1970-01-01.
fn julian_from_unix_days(days: i64) -> (i64, u32, u32) {
    let from_march_0 = days + UNIX_DAYS_FROM_JULIAN_MARCH_0;
    // Every fourth year is a leap year: 1,461 days a cycle, years starting on 1 March.
    let cycle = from_march_0.div_euclid(1461);
    let day_of_cycle = from_march_0.rem_euclid(1461);
    let year_of_cycle = (day_of_cycle - day_of_cycle / 1460) / 365;
    let (month, day) = month_and_day((day_of_cycle - 365 * year_of_cycle) as u32);
    (
        cycle * 4 + year_of_cycle + i64::from(month <= 2),
        month,
        day,
    )
}

/// Month (1-12) and day of a day of a year that starts on 1 March (0-365).
#[inline(always)]
fn month_and_day(day_of_year: u32) -> (u32, u32) {
    let march_based = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_based + 2) / 5 + 1;
    let month = if march_based < 10 {
        march_based + 3
    } else {
        march_based - 9
    };
    (month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Xorshift;
    use crate::Value;
    use std::path::PathBuf;

    fn text(millis: i64) -> String {
        format(millis).as_str().to_owned()
    }

    /// What transit-java's reader alone makes of a text.
    fn java(text: &str) -> JavaRead {
        parse_java(trim_xml_space(text.as_bytes()))
    }

    /// (milliseconds, the text transit-java's writer writes for them, what its reader
    /// reads back from that text or `None` where it fails), as JDK 25 wrote and read
    /// them through the calls transit-java's handlers make (`SimpleDateFormat` and
    /// JAXB's `DatatypeConverter.parseDateTime`, then the zone set to UTC).
    const WRITTEN: &[(i64, &str, Option<i64>)] = &[
        (0, "1970-01-01T00:00:00.000Z", Some(0)),
        (1, "1970-01-01T00:00:00.001Z", Some(1)),
        (86_399_999, "1970-01-01T23:59:59.999Z", Some(86_399_999)),
        // Before 1970 the time of day still counts up from midnight.
        (-1, "1969-12-31T23:59:59.999Z", Some(-1)),
        (-999, "1969-12-31T23:59:59.001Z", Some(-999)),
        (-1000, "1969-12-31T23:59:59.000Z", Some(-1000)),
        (-1001, "1969-12-31T23:59:58.999Z", Some(-1001)),
        (
            -2_208_988_800_000,
            "1900-01-01T00:00:00.000Z",
            Some(-2_208_988_800_000),
        ),
        (
            951_782_400_000,
            "2000-02-29T00:00:00.000Z",
            Some(951_782_400_000),
        ),
        (
            4_102_444_799_999,
            "2099-12-31T23:59:59.999Z",
            Some(4_102_444_799_999),
        ),
        // The switch: Gregorian from 1582-10-15 on, Julian before; the reader reads
        // Gregorian for every year.
        (
            -12_219_292_800_000,
            "1582-10-15T00:00:00.000Z",
            Some(-12_219_292_800_000),
        ),
        (
            -12_219_292_800_001,
            "1582-10-04T23:59:59.999Z",
            Some(-12_220_156_800_001),
        ),
        (
            -12_219_379_200_000,
            "1582-10-04T00:00:00.000Z",
            Some(-12_220_243_200_000),
        ),
        (
            -30_609_792_000_001,
            "0999-12-31T23:59:59.999Z",
            Some(-30_610_224_000_001),
        ),
        (
            -30_610_224_000_000,
            "0999-12-27T00:00:00.000Z",
            Some(-30_610_656_000_000),
        ),
        // Julian leap days the Gregorian calendar lacks: the reader fails.
        (-14_825_894_400_000, "1500-02-29T00:00:00.000Z", None),
        (-14_825_808_000_001, "1500-02-29T23:59:59.999Z", None),
        (
            -14_825_808_000_000,
            "1500-03-01T00:00:00.000Z",
            Some(-14_826_672_000_000),
        ),
        (-21_137_371_200_000, "1300-02-29T12:00:00.000Z", None),
        // Year 1 and 1 BC: Julian 0001-01-01 is Gregorian 0000-12-30.
        (
            -62_135_769_600_000,
            "0001-01-01T00:00:00.000Z",
            Some(-62_135_596_800_000),
        ),
        (
            -62_135_596_800_000,
            "0001-01-03T00:00:00.000Z",
            Some(-62_135_424_000_000),
        ),
        // BC years lose their era: 1 BC comes back as 1 AD.
        (
            -62_135_769_600_001,
            "0001-12-31T23:59:59.999Z",
            Some(-62_104_060_800_001),
        ),
        (
            -62_167_219_200_000,
            "0001-01-03T00:00:00.000Z",
            Some(-62_135_424_000_000),
        ),
        (
            -63_517_953_600_000,
            "0044-03-15T12:00:00.000Z",
            Some(-60_772_248_000_000),
        ),
        // 29 February of leap years BC (1 BC, 5 BC) is written; the reader fails.
        (-62_162_294_400_000, "0001-02-29T00:00:00.000Z", None),
        (-62_288_524_800_000, "0005-02-29T00:00:00.000Z", None),
        // Five digits and more, no sign.
        (
            253_402_300_799_999,
            "9999-12-31T23:59:59.999Z",
            Some(253_402_300_799_999),
        ),
        (
            253_402_300_800_000,
            "10000-01-01T00:00:00.000Z",
            Some(253_402_300_800_000),
        ),
        // `DateTime<Utc>`'s limits (chrono 0.4), and the far ends of `i64`.
        (
            -8_334_601_228_800_000,
            "262139-05-23T00:00:00.000Z",
            Some(8_210_152_915_200_000),
        ),
        (
            8_210_266_876_799_999,
            "262142-12-31T23:59:59.999Z",
            Some(8_210_266_876_799_999),
        ),
        // The far ends of `i64`: i64::MIN is in 292,269,055 BC, read back as AD.
        (
            i64::MIN,
            "292269055-12-02T16:47:04.192Z",
            Some(9_223_058_401_519_624_192),
        ),
        (i64::MAX, "292278994-08-17T07:12:55.807Z", Some(i64::MAX)),
    ];

    #[test]
    fn writes_and_reads_what_transit_java_does() {
        for &(millis, written, read) in WRITTEN {
            assert_eq!(text(millis), written, "{millis}");
            assert_eq!(parse(written), read, "{written}");
        }
        assert_eq!(text(i64::MIN).len(), TEXT_MAX);
        assert_eq!(
            text(chrono::DateTime::<chrono::Utc>::MIN_UTC.timestamp_millis()),
            WRITTEN[28].1
        );
        assert_eq!(
            text(chrono::DateTime::<chrono::Utc>::MAX_UTC.timestamp_millis()),
            WRITTEN[29].1
        );
    }

    /// (text, what transit-java's reader makes of it or `None` where it fails, what
    /// [`parse`] returns), the reader's as JDK 25 read them through the calls its
    /// handler makes.
    const READ: &[(&str, Option<i64>, Option<i64>)] = &[
        ("1970-01-01T00:00:00.000Z", Some(0), Some(0)),
        (
            "2020-01-01T00:00:00.000Z",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        // transit-java checks the zone (at most 14:00, the minutes any two digits) and
        // ignores it; `parse` applies it.
        (
            "2020-01-01T00:00:00.000+02:00",
            Some(1_577_836_800_000),
            Some(1_577_829_600_000),
        ),
        (
            "2020-01-01T00:00:00.000-05:30",
            Some(1_577_836_800_000),
            Some(1_577_856_600_000),
        ),
        (
            "2020-01-01T00:00:00.000+14:00",
            Some(1_577_836_800_000),
            Some(1_577_786_400_000),
        ),
        (
            "2020-01-01T00:00:00.000+12:99",
            Some(1_577_836_800_000),
            Some(1_577_787_660_000),
        ),
        (
            "2020-01-01T00:00:00.000",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        ("2020-01-01T00:00:00.000+1200", None, None),
        ("2020-01-01T00:00:00.000+01", None, None),
        ("2020-01-01T00:00:00.000ZZ", None, None),
        // Beyond 14:00 only RFC 3339 reads it, and applies it.
        (
            "2020-01-01T00:00:00.000+14:01",
            None,
            Some(1_577_786_340_000),
        ),
        (
            "2020-01-01T00:00:00.000-23:59",
            None,
            Some(1_577_923_140_000),
        ),
        ("2020-01-01T00:00:00.000+24:00", None, None),
        // The fraction: optional, one digit or more, cut to milliseconds.
        (
            "2020-01-01T00:00:00Z",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        (
            "2020-01-01T00:00:00.1Z",
            Some(1_577_836_800_100),
            Some(1_577_836_800_100),
        ),
        (
            "2020-01-01T00:00:00.1239Z",
            Some(1_577_836_800_123),
            Some(1_577_836_800_123),
        ),
        (
            "2020-01-01T00:00:00.123456789012345678901234567890Z",
            Some(1_577_836_800_123),
            Some(1_577_836_800_123),
        ),
        ("1969-12-31T23:59:59.9999Z", Some(-1), Some(-1)),
        ("2020-01-01T00:00:00.Z", None, None),
        ("2020-01-01T00:00:00,000Z", None, None),
        ("2020-01-01T00:00Z", None, None),
        // Hour 24 is the next day's 00, from the day clamped to its month.
        (
            "2020-01-01T24:00:00.000Z",
            Some(1_577_923_200_000),
            Some(1_577_923_200_000),
        ),
        (
            "2020-01-01T24:00:00.001Z",
            Some(1_577_923_200_001),
            Some(1_577_923_200_001),
        ),
        (
            "2020-12-31T24:00:00.000Z",
            Some(1_609_459_200_000),
            Some(1_609_459_200_000),
        ),
        (
            "2019-02-29T24:00:00.000Z",
            Some(1_551_398_400_000),
            Some(1_551_398_400_000),
        ),
        (
            "2020-04-31T24:00:00.000Z",
            Some(1_588_291_200_000),
            Some(1_588_291_200_000),
        ),
        ("2020-01-01T24:01:00.000Z", None, None),
        ("-0001-12-31T24:00:00.000Z", None, None),
        // Second 60 runs into the next minute; nothing else passes its range.
        (
            "2020-01-01T23:59:60.500Z",
            Some(1_577_923_200_500),
            Some(1_577_923_200_500),
        ),
        ("2020-01-01T23:60:00.000Z", None, None),
        ("2020-01-01T25:00:00.000Z", None, None),
        ("2020-00-01T00:00:00.000Z", None, None),
        ("2020-13-01T00:00:00.000Z", None, None),
        ("2020-01-00T00:00:00.000Z", None, None),
        ("2020-01-32T00:00:00.000Z", None, None),
        // Days to the month's length, Gregorian leap years for every year.
        ("2020-02-30T00:00:00.000Z", None, None),
        ("2020-04-31T00:00:00.000Z", None, None),
        ("2019-02-29T00:00:00.000Z", None, None),
        ("1900-02-29T00:00:00.000Z", None, None),
        (
            "2000-02-29T00:00:00.000Z",
            Some(951_782_400_000),
            Some(951_782_400_000),
        ),
        ("1500-02-29T00:00:00.000Z", None, None),
        ("0005-02-29T00:00:00.000Z", None, None),
        // Proleptic Gregorian before 1582.
        (
            "1582-10-04T00:00:00.000Z",
            Some(-12_220_243_200_000),
            Some(-12_220_243_200_000),
        ),
        (
            "1582-10-05T00:00:00.000Z",
            Some(-12_220_156_800_000),
            Some(-12_220_156_800_000),
        ),
        (
            "1582-10-15T00:00:00.000Z",
            Some(-12_219_292_800_000),
            Some(-12_219_292_800_000),
        ),
        // Years: XML Schema 1.0 has no year 0, and -0001 is 1 BC.
        (
            "0001-01-01T00:00:00.000Z",
            Some(-62_135_596_800_000),
            Some(-62_135_596_800_000),
        ),
        (
            "-0001-01-01T00:00:00.000Z",
            Some(-62_167_219_200_000),
            Some(-62_167_219_200_000),
        ),
        (
            "-0044-03-15T00:00:00.000Z",
            Some(-63_517_824_000_000),
            Some(-63_517_824_000_000),
        ),
        (
            "-000044-03-15T00:00:00.000Z",
            Some(-63_517_824_000_000),
            Some(-63_517_824_000_000),
        ),
        // The leap rule on the year as written: -4 passes (and 4 BC, astronomical -3,
        // has no 29 February, so it is 1 March), -1 fails.
        (
            "-0004-02-29T00:00:00.000Z",
            Some(-62_256_729_600_000),
            Some(-62_256_729_600_000),
        ),
        ("-0001-02-29T00:00:00.000Z", None, None),
        ("-001-01-01T00:00:00.000Z", None, None),
        ("202-01-01T00:00:00.000Z", None, None),
        // RFC 3339 reads year zero as 1 BC.
        ("0000-01-01T00:00:00.000Z", None, Some(-62_167_219_200_000)),
        ("-0000-01-01T00:00:00.000Z", None, Some(-62_167_219_200_000)),
        // Leading zeros, any number; five digits and more.
        (
            "02020-01-01T00:00:00.000Z",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        (
            "0000000002020-01-01T00:00:00.000Z",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        (
            "10000-01-01T00:00:00.000Z",
            Some(253_402_300_800_000),
            Some(253_402_300_800_000),
        ),
        (
            "10000-03-19T00:00:00.000Z",
            Some(253_409_040_000_000),
            Some(253_409_040_000_000),
        ),
        (
            "292278994-08-17T07:12:55.807Z",
            Some(i64::MAX),
            Some(i64::MAX),
        ),
        // Java wraps this to i64::MIN.
        ("292278994-08-17T07:12:55.808Z", Some(i64::MIN), None),
        // A `+` year is ISO 8601's (as transit-js writes years past 9999).
        (
            "+010000-01-01T00:00:00.000Z",
            None,
            Some(253_402_300_800_000),
        ),
        ("+2020-01-01T00:00:00.000Z", None, Some(1_577_836_800_000)),
        // Lower case and a space only RFC 3339 reads.
        ("2020-01-01t00:00:00.000Z", None, Some(1_577_836_800_000)),
        ("2020-01-01T00:00:00.000z", None, Some(1_577_836_800_000)),
        ("2020-01-01 00:00:00.000Z", None, Some(1_577_836_800_000)),
        ("2020-1-01T00:00:00.000Z", None, None),
        ("2020-01-01T0:00:00.000Z", None, None),
        (
            "\u{662}\u{660}\u{662}\u{660}-01-01T00:00:00.000Z",
            None,
            None,
        ),
        // Spaces, tabs, CRs and LFs around the text are ignored.
        (
            " 2020-01-01T00:00:00.000Z ",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        (
            "\t2020-01-01T00:00:00.000Z\r\n",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        // Without a `T`, XML Schema's other date and time types, from 1970-01-01.
        (
            "2020-01-01",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        (
            "2020-01-01Z",
            Some(1_577_836_800_000),
            Some(1_577_836_800_000),
        ),
        ("2020-01", Some(1_577_836_800_000), Some(1_577_836_800_000)),
        ("2020", Some(1_577_836_800_000), Some(1_577_836_800_000)),
        (
            "-0044",
            Some(-63_524_131_200_000),
            Some(-63_524_131_200_000),
        ),
        ("12:30:00", Some(45_000_000), Some(45_000_000)),
        ("12:30:00.5+01:00", Some(45_000_500), Some(41_400_500)),
        ("24:00:00", Some(0), Some(0)),
        ("--05", Some(10_368_000_000), Some(10_368_000_000)),
        ("--05-06", Some(10_800_000_000), Some(10_800_000_000)),
        ("--02-29", Some(5_097_600_000), Some(5_097_600_000)),
        ("---07", Some(518_400_000), Some(518_400_000)),
        ("", None, None),
        ("T", None, None),
    ];

    #[test]
    fn reads_what_transit_java_reads_and_rfc_3339_where_it_fails() {
        for &(text, java_reads, ours) in READ {
            let expected = match java_reads {
                Some(millis) if text.starts_with("292278994-08-17T07:12:55.808") => {
                    assert_eq!(millis, i64::MIN);
                    JavaRead::OutOfRange
                }
                Some(millis) => JavaRead::Instant(millis),
                None => JavaRead::Rejected,
            };
            assert_eq!(java(text), expected, "{text:?}");
            assert_eq!(parse(text), ours, "{text:?}");
        }
    }

    #[test]
    fn rfc_3339_where_java_fails_agrees_with_chrono() {
        // Texts transit-java's reader rejects and chrono reads as RFC 3339.
        let texts = [
            "2020-06-01t12:34:56.789z",
            "2020-06-01 12:34:56Z",
            "1969-12-31t23:59:59.9995+00:00",
            "2020-06-01t12:34:56.789+05:30",
            "2020-06-01T12:34:56.789-23:00",
            "2020-06-01T12:34:56.789+15:45",
            "0000-03-01t00:00:00Z",
        ];
        for text in texts {
            assert_eq!(java(text), JavaRead::Rejected, "{text}");
            let chrono = chrono::DateTime::parse_from_rfc3339(text).unwrap();
            assert_eq!(parse(text), Some(chrono.timestamp_millis()), "{text}");
        }
        // transit-js's `Date.toISOString()` beyond 0000-9999: +YYYYYY is read as ISO
        // 8601 means it; -YYYYYY the Java way (XML Schema 1.0, one year later).
        assert_eq!(
            parse("+275760-09-13T00:00:00.000Z"),
            Some(8_640_000_000_000_000)
        );
        // (astronomical -271820 has 366 days)
        assert_eq!(
            parse("-271821-04-20T00:00:00.000Z"),
            Some(-8_640_000_000_000_000 + 366 * MS_PER_DAY)
        );
    }

    #[test]
    fn fast_paths_agree_with_the_general_ones() {
        let mut rng = Xorshift::new(0x5eed_1582);
        let span = (YEAR_10000_MS - GREGORIAN_SWITCH_MS) as u64;
        for _ in 0..100_000 {
            let millis = GREGORIAN_SWITCH_MS + (rng.next_u64() % span) as i64;
            let (mut fast, mut general) = ([0; TEXT_MAX], [0; TEXT_MAX]);
            let len = format_four_digit_gregorian(millis, &mut fast);
            assert_eq!(len, format_any(millis, &mut general));
            assert_eq!(fast, general, "{millis}");
        }
        // Texts of the fast shape with digits anywhere in their ranges and past them,
        // and now and then any ASCII byte anywhere.
        for _ in 0..100_000 {
            let mut t = *b"0000-00-00T00:00:00.000Z";
            for (i, c) in t.iter_mut().enumerate() {
                let r = rng.next_u64();
                if r % 16 == 0 {
                    *c = (r >> 8) as u8 % 0x80;
                } else if *c == b'0' {
                    let limit = if matches!(i, 5 | 8 | 11 | 14 | 17) {
                        7
                    } else {
                        10
                    };
                    *c = b'0' + ((r >> 8) % limit) as u8;
                }
            }
            let text = std::str::from_utf8(&t).unwrap();
            let general = match java(text) {
                JavaRead::Instant(millis) => millis.checked_sub(zone_offset_ms(&t)),
                JavaRead::OutOfRange => None,
                JavaRead::Rejected => parse_rfc3339(trim_xml_space(&t)),
            };
            if let Some(millis) = parse_four_digit_year(&t) {
                assert_eq!(java(text), JavaRead::Instant(millis), "{text}");
            }
            assert_eq!(parse(text), general, "{text}");
        }
    }

    #[test]
    fn from_1582_10_15_on_what_is_written_reads_back() {
        let mut rng = Xorshift::new(0x0123_4567_89ab_cdef);
        let span = i64::MAX.abs_diff(GREGORIAN_SWITCH_MS);
        for _ in 0..100_000 {
            let millis = GREGORIAN_SWITCH_MS.saturating_add_unsigned(rng.next_u64() % span);
            assert_eq!(parse(&text(millis)), Some(millis), "{millis}");
        }
    }

    /// The folder of values written by transit-java: `TRANSIT_JAVA_CORPUS`, which must
    /// then exist, else `../shared/transit-java-corpus` beside the checkout, or `None`
    /// (with a note saying so) when that is missing too.
    fn corpus_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("TRANSIT_JAVA_CORPUS") {
            let dir = PathBuf::from(dir);
            assert!(
                dir.is_dir(),
                "TRANSIT_JAVA_CORPUS is set to {} but that is not a directory",
                dir.display()
            );
            return Some(dir);
        }
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/transit-java-corpus");
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!(
                "skipped: {} not found and TRANSIT_JAVA_CORPUS not set; this test needs \
                 values written by transit-java",
                dir.display()
            );
            None
        }
    }

    fn lines(dir: &std::path::Path, name: &str) -> Vec<String> {
        let path = dir.join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// The instants of a compact line (`~m` milliseconds, cache codes resolved by the
    /// crate's reader), in the order they are written.
    fn compact_instants(line: &str) -> Vec<i64> {
        fn walk(value: &Value, out: &mut Vec<i64>) {
            match value {
                Value::Instant(t) => out.push(t.timestamp_millis()),
                Value::Array(items) | Value::List(items) => items.iter().for_each(|v| walk(v, out)),
                Value::Set(items) => items.iter().for_each(|v| walk(v, out)),
                Value::Map(map) => map.iter().for_each(|(k, v)| {
                    walk(k, out);
                    walk(v, out);
                }),
                Value::Tagged(tagged) => walk(tagged.rep(), out),
                _ => {}
            }
        }
        let value: Value = crate::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let mut out = Vec::new();
        walk(&value, &mut out);
        out
    }

    /// The `~t` texts of a JSON-Verbose line, in order: each JSON string whose text
    /// starts with `~t` (data starting so is written `~~t`), without the `~t`.
    fn verbose_instant_texts(line: &str) -> Vec<&str> {
        let bytes = line.as_bytes();
        let mut texts = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] != b'"' {
                at += 1;
                continue;
            }
            let start = at + 1;
            let mut end = start;
            while bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            if let Some(text) = line[start..end].strip_prefix("~t") {
                texts.push(text);
            }
            at = end + 1;
        }
        texts
    }

    /// Checks every `~t` text of `verbose` against the instants of the same line of
    /// `written` (what transit-java's writer was given) and `read_back` (what its
    /// reader made of the text). Returns (texts, texts read back as another instant,
    /// lines holding one).
    fn check_corpus(
        dir: &std::path::Path,
        written: &str,
        verbose: &str,
        read_back: &str,
    ) -> (usize, usize, usize) {
        let (written, verbose, read_back) = (
            lines(dir, written),
            lines(dir, verbose),
            lines(dir, read_back),
        );
        assert_eq!(written.len(), verbose.len());
        assert_eq!(written.len(), read_back.len());
        let (mut texts, mut moved, mut lines_moved) = (0, 0, 0);
        for (n, ((written, verbose), read_back)) in
            written.iter().zip(&verbose).zip(&read_back).enumerate()
        {
            let line = n + 1;
            let meant = compact_instants(written);
            let read = compact_instants(read_back);
            let spelled = verbose_instant_texts(verbose);
            assert_eq!(
                meant.len(),
                spelled.len(),
                "line {line}: instants in the compact and verbose lines"
            );
            assert_eq!(
                read.len(),
                spelled.len(),
                "line {line}: instants in the read-back and verbose lines"
            );
            let mut line_moved = false;
            for ((&meant, &read), &spelled) in meant.iter().zip(&read).zip(&spelled) {
                assert_eq!(text(meant), spelled, "line {line}: written for {meant}");
                assert_eq!(
                    parse(spelled),
                    Some(read),
                    "line {line}: read from {spelled}"
                );
                if read != meant {
                    // Only where the writer's calendar is not the reader's.
                    assert!(
                        meant < GREGORIAN_SWITCH_MS,
                        "line {line}: {meant} read back as {read}"
                    );
                    moved += 1;
                    line_moved = true;
                }
            }
            texts += spelled.len();
            lines_moved += usize::from(line_moved);
        }
        (texts, moved, lines_moved)
    }

    #[test]
    fn transit_java_corpus_wide_dates() {
        let Some(dir) = corpus_dir() else { return };
        let counts = check_corpus(
            &dir,
            "wide-dates.json",
            "wide-dates.verbose.json",
            "wide-dates.read-back.json",
        );
        // Every `~t` text of the 3,000 lines; 441 of them (in 178 lines) transit-java
        // reads back as another instant than it wrote.
        assert_eq!(counts, (4074, 441, 178));
    }

    #[test]
    fn transit_java_corpus_random() {
        let Some(dir) = corpus_dir() else { return };
        // Instants from 1582-10-15 to 9999-12-31: read back as written.
        let counts = check_corpus(&dir, "random.json", "random.verbose.json", "random.json");
        assert_eq!(counts, (2336, 0, 0));
    }
}
