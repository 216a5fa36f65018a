//! Corrupt-input sweep: every exemplar (`.json`, `.verbose.json` and the
//! MessagePack `.mp`) and every Penpot sample, mutated thousands of ways from a
//! seeded generator, plus hand-made hostile documents (deep nesting, huge strings
//! and counts, bad cache codes, bad scalar reps, MessagePack headers claiming
//! gigabytes). Every case must decode to a value or fail with an error that names
//! a position inside the input; none may panic or hang. A MessagePack value that
//! decodes must also write back and read back to the same value.
//!
//! The seed is printed; `SWEEP_SEED=<n>` (decimal or `0x` hex) runs another one.
//! Panics are caught per case and reported together with their inputs; a case
//! that runs for more than [`CASE_TIME_LIMIT`] fails the test and names the input.

mod common;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use transit_format::Value;

const DEFAULT_SEED: u64 = 0x7472_616e_7369_7406;

/// No single case may take longer than this (debug build).
const CASE_TIME_LIMIT: Duration = Duration::from_secs(20);

/// Mutations per sample: about this many bytes of mutated input are decoded per
/// sample, between [`MIN_MUTATIONS`] and [`MAX_MUTATIONS`] cases. The big samples
/// (50-90 KB) get fewer mutations so the sweep stays within a minute.
const BYTES_PER_SAMPLE: usize = 3 << 20;
const MIN_MUTATIONS: usize = 150;
const MAX_MUTATIONS: usize = 1_200;

/// Samples up to this size are truncated at every offset; bigger ones at
/// [`TRUNCATIONS`] offsets spread over the whole document.
const TRUNCATE_EVERYWHERE: usize = 2048;
const TRUNCATIONS: usize = 200;

//////////////////////////////////////////////////////////////////////////////
// A small seeded generator (SplitMix64)

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        (self.next_u64() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn seed() -> u64 {
    match std::env::var("SWEEP_SEED") {
        Ok(text) => {
            let text = text.trim();
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("SWEEP_SEED={text:?} is not a number"))
        }
        Err(_) => DEFAULT_SEED,
    }
}

//////////////////////////////////////////////////////////////////////////////
// Checking one case

/// Which decoders a case goes through.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Decoders {
    /// `from_slice::<Value>`.
    Slice,
    /// That, and `from_reader::<_, Value>` (which must agree with it).
    SliceAndReader,
    /// Both, and `penpot::from_str` with Penpot's read handlers (whose value, when
    /// it has one, equals the plain one).
    All,
}

struct Sweep {
    seed: u64,
    cases: usize,
    by_category: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
    failed: usize,
    /// The slowest cases so far, slowest first.
    slowest: Vec<(Duration, String)>,
    /// The case running now and since when, for the watchdog.
    current: Arc<Mutex<(Instant, String)>>,
    /// Whether the inputs are MessagePack now (else JSON).
    msgpack: bool,
}

/// At most 120 bytes of the input, escaped, and its length.
fn excerpt(input: &[u8]) -> String {
    let head = &input[..input.len().min(120)];
    let more = if input.len() > head.len() { "…" } else { "" };
    format!("{}{more} ({} bytes)", head.escape_ascii(), input.len())
}

/// Whether `line` and `column` (1-based, column in bytes) lie in `input`: the line
/// exists and the column is at most one past its end. An empty input has only
/// line 1, column 1.
fn inside(input: &[u8], line: usize, column: usize) -> bool {
    if line == 0 {
        return false;
    }
    match input.split(|&b| b == b'\n').nth(line - 1) {
        Some(text) => column <= text.len() + 1,
        None => false,
    }
}

type Outcome = Result<Value, transit_format::Error>;

impl Sweep {
    fn new(seed: u64, current: Arc<Mutex<(Instant, String)>>) -> Self {
        Sweep {
            seed,
            cases: 0,
            by_category: BTreeMap::new(),
            failures: Vec::new(),
            failed: 0,
            slowest: Vec::new(),
            current,
            msgpack: false,
        }
    }

    fn fail(&mut self, category: &str, label: &str, input: &[u8], what: String) {
        self.failed += 1;
        if self.failures.len() < 200 {
            self.failures.push(format!(
                "[{category}] {label}: {what}\n    input: {}",
                excerpt(input)
            ));
        }
    }

    /// Runs `decode` on `input`, catching panics; checks an error's position.
    fn run(
        &mut self,
        category: &'static str,
        label: &str,
        decoder: &str,
        input: &[u8],
        decode: impl FnOnce() -> Outcome,
    ) -> Option<Outcome> {
        match catch_unwind(AssertUnwindSafe(decode)) {
            Ok(Ok(value)) => Some(Ok(value)),
            Ok(Err(err)) => {
                let position = format!("line {} column {}", err.line(), err.column());
                let text = err.to_string();
                // MessagePack positions are byte offsets on line 1.
                let inside = if self.msgpack {
                    err.line() == 1 && err.column() <= input.len() + 1
                } else {
                    inside(input, err.line(), err.column())
                };
                if !text.ends_with(&position) || !inside {
                    self.fail(
                        category,
                        label,
                        input,
                        format!("{decoder}: error without a position in the input: {text}"),
                    );
                }
                Some(Err(err))
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(not a string)");
                self.fail(
                    category,
                    label,
                    input,
                    format!("{decoder} PANICKED: {message}"),
                );
                None
            }
        }
    }

    /// One case: `input` must decode to a value or to a positioned error, from
    /// every decoder in `decoders`, and the slice and stream readers must agree.
    fn check(&mut self, category: &'static str, label: &str, input: &[u8], decoders: Decoders) {
        self.cases += 1;
        *self.by_category.entry(category).or_default() += 1;
        let started = Instant::now();
        *self.current.lock().unwrap() = (started, format!("[{category}] {label}"));
        self.decode(category, label, input, decoders);
        let took = started.elapsed();
        if self.slowest.len() < 5 || took > self.slowest[4].0 {
            self.slowest.push((took, format!("[{category}] {label}")));
            self.slowest.sort_by_key(|case| std::cmp::Reverse(case.0));
            self.slowest.truncate(5);
        }
    }

    fn decode(&mut self, category: &'static str, label: &str, input: &[u8], decoders: Decoders) {
        let msgpack = self.msgpack;
        let slice = self.run(category, label, "from_slice", input, || {
            if msgpack {
                transit_format::from_msgpack_slice::<Value>(input)
            } else {
                transit_format::from_slice::<Value>(input)
            }
        });
        if let (true, Some(Ok(value))) = (msgpack, &slice) {
            self.written_back(category, label, input, value);
        }
        if decoders == Decoders::Slice {
            return;
        }
        let reader = self.run(category, label, "from_reader", input, || {
            if msgpack {
                transit_format::from_msgpack_reader::<_, Value>(input)
            } else {
                transit_format::from_reader::<_, Value>(input)
            }
        });
        match (&slice, &reader) {
            (Some(Ok(a)), Some(Ok(b))) if a != b => self.fail(
                category,
                label,
                input,
                format!("readers disagree: {a} / {b}"),
            ),
            (Some(Err(a)), Some(Err(b))) if a.to_string() != b.to_string() => self.fail(
                category,
                label,
                input,
                format!("readers disagree: from_slice: {a} / from_reader: {b}"),
            ),
            (Some(Ok(_)), Some(Err(e))) | (Some(Err(e)), Some(Ok(_))) => self.fail(
                category,
                label,
                input,
                format!("one reader accepts, the other fails: {e}"),
            ),
            _ => {}
        }
        if decoders == Decoders::All {
            if let Ok(text) = std::str::from_utf8(input) {
                let typed = self.run(category, label, "penpot::from_str", input, || {
                    transit_format::penpot::from_str(text)
                });
                // Penpot's types equal the document read without them.
                if let (Some(Ok(typed)), Some(Ok(plain))) = (&typed, &slice) {
                    if typed != plain {
                        self.fail(
                            category,
                            label,
                            input,
                            format!("penpot::from_str gives {typed}, from_slice {plain}"),
                        );
                    }
                }
            }
        }
    }
}

impl Sweep {
    /// A MessagePack value that decoded writes back, and reads back to itself
    /// (compared as Transit JSON, where NaN equals NaN).
    fn written_back(&mut self, category: &'static str, label: &str, input: &[u8], value: &Value) {
        let again = transit_format::to_msgpack_vec(value)
            .and_then(|bytes| transit_format::from_msgpack_slice::<Value>(&bytes));
        let same = match &again {
            Ok(again) => {
                transit_format::to_string(again).ok() == transit_format::to_string(value).ok()
            }
            Err(_) => false,
        };
        if !same {
            self.fail(
                category,
                label,
                input,
                format!("does not write back to itself: {value} / {again:?}"),
            );
        }
    }
}

//////////////////////////////////////////////////////////////////////////////
// Mutations of a sample

/// Byte ranges of the JSON string literals of `doc` (quotes included), found by a
/// plain scan that honours backslash escapes.
fn string_spans(doc: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        if doc[i] == b'"' {
            let start = i;
            i += 1;
            while i < doc.len() && doc[i] != b'"' {
                i += if doc[i] == b'\\' { 2 } else { 1 };
            }
            if i < doc.len() {
                spans.push((start, i + 1));
            }
        }
        i += 1;
    }
    spans
}

/// Byte ranges of the number tokens of `doc` outside strings.
fn number_spans(doc: &[u8], strings: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut strings = strings.iter().peekable();
    let mut i = 0;
    while i < doc.len() {
        if let Some(&&(start, end)) = strings.peek() {
            if i >= start {
                i = end;
                strings.next();
                continue;
            }
        }
        if matches!(doc[i], b'-' | b'0'..=b'9') {
            let start = i;
            while i < doc.len() && matches!(doc[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
            {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

fn splice(doc: &[u8], (start, end): (usize, usize), with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.len() + with.len());
    out.extend_from_slice(&doc[..start]);
    out.extend_from_slice(with);
    out.extend_from_slice(&doc[end..]);
    out
}

/// Bytes worth inserting: JSON and Transit syntax, whitespace, controls, non-ASCII.
const INTERESTING: &[u8] = b"[]{}\",:~^#\\ \n\t0-.eE+tfnu\x00\x01\x1f\x7f\x80\xc3\xff";

/// Wire strings that are not valid cache codes here (out of range, malformed, or
/// used before any entry exists).
const CACHE_JUNK: &[&str] = &[
    "^0", "^1", "^[", "^[[", "^10", "^zz", "^", "^000", "^ 0", "^/", "^\\u0000", "^é", "^~", "^^",
];

/// Scalar reps that do not decode: bad base64, instants, integers out of range, big
/// integers with letters, `~z` junk and the like; and uuid text that is not a uuid,
/// which a `Value` keeps as a tagged string and typed fields refuse.
const BAD_SCALARS: &[&str] = &[
    "~bnot base64!",
    "~b====",
    "~bQUJD=",
    "~bQUJDRA",
    "~b@@@@",
    "~u",
    "~uxyz",
    "~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a00g",
    "~u0e5c3c8a0d2a803580042b1cf9b0a001",
    "~u0e5c3c8a-0d2a-8035-8004-2b1cf9b0a0011",
    "~m",
    "~m-",
    "~m1.5",
    "~m99999999999999999999",
    "~m9223372036854775807",
    "~t",
    "~t2000-13-45T99:99:99Z",
    "~t2000-01-01",
    "~tnot a date",
    "~t+99999999-01-01T00:00:00.000Z",
    "~i",
    "~i9223372036854775808",
    "~i-9223372036854775809",
    "~i12x",
    "~i 1",
    "~n",
    "~n12a3",
    "~nabc",
    "~n-",
    "~z",
    "~zjunk",
    "~znan",
    "~zInfinity",
    "~d",
    "~dabc",
    "~d1e99999",
    "~dinf",
    "~f",
    "~f1.2.3",
    "~fNaN",
    "~c",
    "~cab",
    "~?",
    "~?x",
    "~_x",
    "~#",
    "~#set",
    "~#'",
    "~",
    "~\\u0000",
    "\\uD800",
    "\\uDC00x",
    "\\u12",
    "\\x",
];

/// Number tokens that are not JSON numbers, or are at the edges of the number types.
const BAD_NUMBERS: &[&str] = &[
    "-",
    "1.",
    "1e",
    "1e+",
    ".5",
    "+1",
    "01",
    "-01",
    "0x10",
    "1e999",
    "-1e400",
    "1e-999",
    "99999999999999999999999",
    "-9223372036854775809",
    "9223372036854775807",
    "NaN",
    "Infinity",
    "1.5e3.2",
    "--1",
];

/// Bytes that are not UTF-8: a stray continuation, overlong, surrogate, cut
/// sequences, past U+10FFFF.
const BAD_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\x80",
    b"\xc0\x80",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\xf4\x90\x80\x80",
    b"\xf0\x9f\x98",
];

/// One random mutation of `doc`, with its category and a label that says where.
fn mutate(
    rng: &mut Rng,
    doc: &[u8],
    strings: &[(usize, usize)],
    numbers: &[(usize, usize)],
) -> (&'static str, String, Vec<u8>) {
    let at = rng.below(doc.len() + 1);
    match rng.below(9) {
        0 => {
            let mut out = doc.to_vec();
            let at = at.min(doc.len() - 1);
            let mask = 1 + rng.below(255) as u8;
            out[at] ^= mask;
            ("flip", format!("byte {at} ^ {mask:#04x}"), out)
        }
        1 => {
            let byte = if rng.below(2) == 0 {
                *rng.pick(INTERESTING)
            } else {
                rng.below(256) as u8
            };
            (
                "insert",
                format!("{byte:#04x} at {at}"),
                splice(doc, (at, at), &[byte]),
            )
        }
        2 => {
            let at = at.min(doc.len() - 1);
            let n = 1 + rng.below(4).min(doc.len() - at - 1);
            (
                "delete",
                format!("{n} bytes at {at}"),
                splice(doc, (at, at + n), b""),
            )
        }
        3 => {
            // Unbalanced brackets: one more opener or closer, or one removed.
            let brackets: Vec<usize> = doc
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(b, b'[' | b']' | b'{' | b'}'))
                .map(|(i, _)| i)
                .collect();
            if rng.below(2) == 0 || brackets.is_empty() {
                let b = *rng.pick(b"[]{}");
                let label = format!("extra {} at {at}", b as char);
                ("brackets", label, splice(doc, (at, at), &[b]))
            } else {
                let i = *rng.pick(&brackets);
                let label = format!("{} at {i} removed", doc[i] as char);
                ("brackets", label, splice(doc, (i, i + 1), b""))
            }
        }
        4 if !strings.is_empty() => {
            let span = *rng.pick(strings);
            let code = *rng.pick(CACHE_JUNK);
            let label = format!("string at {} becomes \"{code}\"", span.0);
            (
                "cache-code",
                label,
                splice(doc, span, format!("\"{code}\"").as_bytes()),
            )
        }
        5 if !strings.is_empty() => {
            let span = *rng.pick(strings);
            let bad = *rng.pick(BAD_SCALARS);
            let label = format!("string at {} becomes \"{bad}\"", span.0);
            (
                "bad-scalar",
                label,
                splice(doc, span, format!("\"{bad}\"").as_bytes()),
            )
        }
        6 if !numbers.is_empty() => {
            let span = *rng.pick(numbers);
            let bad = *rng.pick(BAD_NUMBERS);
            let label = format!("number at {} becomes {bad}", span.0);
            ("bad-number", label, splice(doc, span, bad.as_bytes()))
        }
        7 => {
            // Invalid UTF-8, mostly inside a string.
            let bad = *rng.pick(BAD_UTF8);
            let at = match strings {
                [] => at,
                _ if rng.below(4) == 0 => at,
                _ => {
                    let (start, end) = *rng.pick(strings);
                    start + 1 + rng.below(end - start - 1)
                }
            };
            let label = format!("{} at {at}", bad.escape_ascii());
            ("invalid-utf8", label, splice(doc, (at, at), bad))
        }
        _ => {
            // A slice of the document copied elsewhere.
            let from = rng.below(doc.len());
            let n = 1 + rng.below(32.min(doc.len() - from));
            let piece = doc[from..from + n].to_vec();
            let label = format!("{n} bytes from {from} copied to {at}");
            ("copy", label, splice(doc, (at, at), &piece))
        }
    }
}

/// MessagePack headers that claim far more than any input holds: strings, byte
/// strings, arrays and maps of 2^32 − 1, and extension values.
const HUGE_HEADERS: &[&[u8]] = &[
    b"\xdb\xff\xff\xff\xff",
    b"\xc6\xff\xff\xff\xff",
    b"\xdd\xff\xff\xff\xff",
    b"\xdf\xff\xff\xff\xff",
    b"\xda\xff\xff",
    b"\xdc\xff\xff",
    b"\xc9\xff\xff\xff\xff\x01",
    b"\xd4\x01\x00",
    b"\xc1",
];

/// One random mutation of the MessagePack `doc`.
fn mutate_msgpack(rng: &mut Rng, doc: &[u8]) -> (&'static str, String, Vec<u8>) {
    let at = rng.below(doc.len() + 1);
    match rng.below(6) {
        0 => {
            let mut out = doc.to_vec();
            let at = at.min(doc.len() - 1);
            let mask = 1 + rng.below(255) as u8;
            out[at] ^= mask;
            ("flip", format!("byte {at} ^ {mask:#04x}"), out)
        }
        1 => {
            let byte = rng.below(256) as u8;
            let label = format!("{byte:#04x} at {at}");
            ("insert", label, splice(doc, (at, at), &[byte]))
        }
        2 => {
            let at = at.min(doc.len() - 1);
            let n = 1 + rng.below(4).min(doc.len() - at - 1);
            let label = format!("{n} bytes at {at}");
            ("delete", label, splice(doc, (at, at + n), b""))
        }
        3 => {
            let header = *rng.pick(HUGE_HEADERS);
            let label = format!("{} at {at}", header.escape_ascii());
            ("huge-header", label, splice(doc, (at, at), header))
        }
        4 => {
            // A fixstr becomes a cache code that is junk here.
            let code = rng.pick(CACHE_JUNK).as_bytes();
            let mut piece = vec![0xa0 | code.len() as u8];
            piece.extend_from_slice(code);
            let label = format!("\"{}\" at {at}", code.escape_ascii());
            ("cache-code", label, splice(doc, (at, at), &piece))
        }
        _ => {
            let from = rng.below(doc.len());
            let n = 1 + rng.below(32.min(doc.len() - from));
            let piece = doc[from..from + n].to_vec();
            let label = format!("{n} bytes from {from} copied to {at}");
            ("copy", label, splice(doc, (at, at), &piece))
        }
    }
}

/// Hand-made hostile MessagePack: deep nesting, huge claimed lengths, a cache
/// bomb, many items.
fn hostile_msgpack(sweep: &mut Sweep) {
    use Decoders::SliceAndReader as Both;
    const DEEP: usize = 1_000_000;
    for (open, name) in [
        (&b"\x91"[..], "array"),
        (b"\x81\xa1a", "map"),
        (b"\x92\xa5~#set", "set"),
        (b"\x92\xa3~#'", "quote"),
        (b"\x81\x91", "map with array keys"),
        (b"\x92\xa6~#cmap\x92", "cmap"),
    ] {
        let doc = open.repeat(DEEP);
        sweep.check("deep", &format!("{name} x {DEEP}"), &doc, Both);
    }
    for header in HUGE_HEADERS {
        let doc = [b"\x91", *header, b"\x01\x02"].concat();
        let label = format!("huge header {}", header.escape_ascii());
        sweep.check("huge", &label, &doc, Both);
    }
    // One 64 KiB string key, then a million codes repeating it: refused by the
    // copy budget.
    let mut bomb = vec![0xdd, 0x00, 0x0f, 0x42, 0x41, 0x81, 0xda, 0xff, 0xff];
    bomb.extend(std::iter::repeat_n(b'k', 0xffff));
    bomb.push(0x01);
    for _ in 0..1_000_000 {
        bomb.extend_from_slice(b"\x81\xa2^0\x01");
    }
    sweep.check("cache-bomb", "64 KiB key repeated 1e6 times", &bomb, Both);
    // A million items of an array claimed to have more.
    let mut many = vec![0xdd, 0x00, 0x10, 0x00, 0x00];
    many.extend(std::iter::repeat_n(0xc0, 1_000_000));
    sweep.check("many", "1e6 nulls in an array of 2^20", &many, Both);
}

/// Truncations, then seeded mutations of one sample.
fn sweep_sample(sweep: &mut Sweep, rng: &mut Rng, name: &str, doc: &[u8], penpot: bool) {
    let decoders = if penpot {
        Decoders::All
    } else {
        Decoders::SliceAndReader
    };
    // The sample itself.
    sweep.check("original", name, doc, decoders);
    if doc.is_empty() {
        return;
    }

    // Truncation: every offset of a small sample, spread offsets of a big one
    // (the first and last bytes always).
    let offsets: Vec<usize> = if doc.len() <= TRUNCATE_EVERYWHERE {
        (0..doc.len()).collect()
    } else {
        let mut offsets: Vec<usize> = (0..32).chain(doc.len() - 32..doc.len()).collect();
        offsets.extend((0..TRUNCATIONS).map(|_| rng.below(doc.len())));
        offsets
    };
    for (n, at) in offsets.into_iter().enumerate() {
        // The stream reader on every fourth one.
        let decoders = if n % 4 == 0 {
            decoders
        } else {
            Decoders::Slice
        };
        sweep.check(
            "truncate",
            &format!("{name} cut at {at}"),
            &doc[..at],
            decoders,
        );
    }

    let strings = string_spans(doc);
    let numbers = number_spans(doc, &strings);
    let count = (BYTES_PER_SAMPLE / doc.len()).clamp(MIN_MUTATIONS, MAX_MUTATIONS);
    for n in 0..count {
        let (category, label, input) = if sweep.msgpack {
            mutate_msgpack(rng, doc)
        } else {
            mutate(rng, doc, &strings, &numbers)
        };
        let decoders = if n % 4 == 0 {
            decoders
        } else {
            Decoders::Slice
        };
        sweep.check(category, &format!("{name}: {label}"), &input, decoders);
    }
}

//////////////////////////////////////////////////////////////////////////////
// Hand-made hostile documents

fn repeat(piece: &str, n: usize) -> String {
    piece.repeat(n)
}

fn hostile(sweep: &mut Sweep) {
    use Decoders::SliceAndReader as Both;

    // Nesting a million deep, open and closed, in every container form.
    const DEEP: usize = 1_000_000;
    for (open, close) in [
        ("[", "]"),
        (r#"{"a":"#, "}"),
        (r#"["~#set","#, "]"),
        (r#"["~#'","#, "]"),
        (r#"["^ ","~:a","#, "]"),
        (r#"{"~#list":"#, "}"),
        (r#"["~#cmap",["#, "]]"),
    ] {
        let label = format!("{open} x {DEEP}");
        sweep.check("deep", &label, repeat(open, DEEP).as_bytes(), Both);
        let closed = format!("{}0{}", repeat(open, DEEP), repeat(close, DEEP));
        sweep.check("deep", &format!("{label}, closed"), closed.as_bytes(), Both);
    }
    // Closers with no openers.
    sweep.check("deep", "] x 1e6", repeat("]", DEEP).as_bytes(), Both);

    // Cache codes before any entry, and out of range.
    for code in CACHE_JUNK {
        for doc in [
            format!("\"{code}\""),
            format!("[\"{code}\"]"),
            format!("[\"^ \",\"{code}\",1]"),
            format!("[\"^ \",\"~:abcd\",\"{code}\"]"),
            format!("{{\"{code}\":1}}"),
            format!("[\"~#set\",[\"{code}\"]]"),
        ] {
            sweep.check("cache-code", &doc.clone(), doc.as_bytes(), Both);
        }
    }
    // A full cache, then codes past its end and after its rollover.
    let mut full = String::from("[\"^ \"");
    for i in 0..1937 {
        full.push_str(&format!(",\"~:key{i}\",{i}"));
    }
    for code in ["^[[", "^[\\\\", "^0", "^[Z"] {
        let doc = format!("{full},\"~:x\",[\"{code}\"]]");
        sweep.check(
            "cache-code",
            &format!("1937 keys then {code}"),
            doc.as_bytes(),
            Both,
        );
    }
    for doc in [
        r#""^ ""#,
        r#"["^ "]"#,
        r#"["^ ","^ "]"#,
        r#"["^ ","^ ",1]"#,
        r#"{"^ ":1}"#,
        r#"["^ ","~:abcd"]"#,
        r#"[["^ ","~:abcd",1],"^0","^1"]"#,
    ] {
        sweep.check("cache-code", doc, doc.as_bytes(), Both);
    }

    // Bad scalar reps as values, keys, set members and tag reps.
    for bad in BAD_SCALARS {
        for doc in [
            format!("\"{bad}\""),
            format!("[\"{bad}\"]"),
            format!("[\"^ \",\"{bad}\",1]"),
            format!("{{\"{bad}\":1}}"),
            format!("[\"~#set\",[\"{bad}\"]]"),
            format!(
                "[\"~#{}\",\"{}\"]",
                &bad[1..2.min(bad.len())],
                bad.get(2..).unwrap_or("")
            ),
        ] {
            sweep.check("bad-scalar", &doc.clone(), doc.as_bytes(), Both);
        }
    }
    for bad in BAD_NUMBERS {
        for doc in [
            bad.to_string(),
            format!("[{bad}]"),
            format!("[\"^ \",\"~:a\",{bad}]"),
        ] {
            sweep.check("bad-number", &doc.clone(), doc.as_bytes(), Both);
        }
    }
    for bad in BAD_UTF8 {
        for doc in [
            [b"\"", *bad, b"\""].concat(),
            [b"[\"a", *bad, b"b\"]"].concat(),
            [b"[\"\\n", *bad, b"\"]"].concat(),
            [b"[\"~:", *bad, b"\"]"].concat(),
            [b"{\"", *bad, b"\":1}"].concat(),
            [b"[", *bad, b"]"].concat(),
            bad.to_vec(),
        ] {
            sweep.check("invalid-utf8", &excerpt(&doc), &doc, Both);
        }
    }

    // Empty, blank, byte order mark, NUL, trailing junk, several values.
    for doc in [
        &b""[..],
        b" \n\t ",
        b"\xef\xbb\xbf[1]",
        b"\x00",
        b"[1]\x00",
        b"[1] [2]",
        b"[1]]",
        b"nul",
        b"tru",
        b"[\"a\"\n,\n",
    ] {
        sweep.check("misc", &excerpt(doc), doc, Both);
    }

    // Huge strings: a 50 MB value; 8 MB ones unterminated, escaped, as a keyword and
    // as a map key (smaller only to keep the debug build's time down).
    let big = "a".repeat(50 << 20);
    sweep.check(
        "huge-string",
        "50 MB string",
        format!("[\"{big}\"]").as_bytes(),
        Both,
    );
    drop(big);
    let big = "a".repeat(8 << 20);
    let escaped = "a\\n".repeat((8 << 20) / 3);
    for (label, doc) in [
        ("8 MB string, unterminated", format!("[\"{big}")),
        ("8 MB string with escapes", format!("[\"{escaped}\"]")),
        (
            "8 MB string with escapes, unterminated",
            format!("[\"{escaped}"),
        ),
        ("8 MB keyword", format!("\"~:{big}\"")),
        ("8 MB map key", format!("[\"^ \",\"{big}\",1]")),
    ] {
        sweep.check("huge-string", label, doc.as_bytes(), Both);
    }

    // Huge numbers: a megabyte of digits in every numeric form.
    let digits = "9".repeat(1 << 20);
    for (label, doc) in [
        ("1 MB integer", digits.clone()),
        ("1 MB negative integer", format!("[-{digits}]")),
        ("1 MB fraction", format!("[0.{digits}]")),
        ("1 MB exponent", format!("[1e{digits}]")),
        ("1 MB ~n", format!("\"~n{digits}\"")),
        ("1 MB ~i", format!("\"~i{digits}\"")),
        ("1 MB ~f", format!("\"~f{digits}.{digits}\"")),
        ("1 MB ~d", format!("\"~d{digits}\"")),
        ("1 MB ~m", format!("\"~m{digits}\"")),
    ] {
        sweep.check("huge-number", label, doc.as_bytes(), Both);
    }

    // Huge numbers of elements.
    let many = 1_000_000;
    let mut doc = String::from("[");
    for i in 0..many {
        doc.push_str(if i == 0 { "0" } else { ",0" });
    }
    doc.push(']');
    sweep.check("many", "1e6 integers", doc.as_bytes(), Both);
    let n = 100_000;
    let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\",{i}")).collect();
    for (label, doc) in [
        ("1e5 map entries", format!("[\"^ \",{}]", keys.join(","))),
        (
            "1e5 cmap entries",
            format!("[\"~#cmap\",[{}]]", keys.join(",")),
        ),
        (
            "1e5 object entries",
            format!(
                "{{{}}}",
                (0..n)
                    .map(|i| format!("\"k{i}\":{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        (
            "1e5 set members",
            format!(
                "[\"~#set\",[{}]]",
                (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
            ),
        ),
        (
            "1e5 cache hits",
            format!("[\"~:abcd\",{}]", vec!["\"^0\""; n].join(",")),
        ),
        (
            "1e5 equal set members",
            format!("[\"~#set\",[{}]]", vec!["1"; n].join(",")),
        ),
    ] {
        sweep.check("many", label, doc.as_bytes(), Both);
    }
}

//////////////////////////////////////////////////////////////////////////////

/// The samples: every exemplar (`.json`, `.verbose.json` and `.mp`, simple and
/// the two examples) and every Penpot sample, with whether it is Penpot's. Those
/// not found are left out: the sweep's hand-made cases run without ../shared.
fn samples() -> Vec<(String, Vec<u8>, bool)> {
    let mut samples = Vec::new();
    let mut read_dir = |dir: &Path, prefix: &str, penpot: bool| {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|ext| ext == "json" || ext == "mp")
            })
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{prefix}{}", path.file_name().unwrap().to_string_lossy());
            samples.push((name, std::fs::read(&path).unwrap(), penpot));
        }
    };
    if let Some(root) = common::exemplars_dir_if_present() {
        read_dir(&root.join("0.8/simple"), "0.8/simple/", false);
        read_dir(&root.join("0.8"), "0.8/", false);
    }
    if let Some(dir) = common::penpot_samples_dir_if_present() {
        read_dir(&dir, "penpot/", true);
    }
    samples
}

#[test]
fn corrupt_input_never_panics_or_hangs() {
    let seed = seed();
    println!("corrupt_input: seed {seed} (set SWEEP_SEED to run another)");
    let started = Instant::now();
    let current = Arc::new(Mutex::new((Instant::now(), String::from("start"))));

    let worker = {
        let current = current.clone();
        std::thread::Builder::new()
            .name("sweep".into())
            .spawn(move || {
                let mut sweep = Sweep::new(seed, current);
                let mut rng = Rng(seed);
                let samples = samples();
                for (name, doc, penpot) in &samples {
                    sweep.msgpack = name.ends_with(".mp");
                    sweep_sample(&mut sweep, &mut rng, name, doc, *penpot);
                }
                let mutated = (sweep.cases, started.elapsed());
                sweep.msgpack = false;
                hostile(&mut sweep);
                sweep.msgpack = true;
                hostile_msgpack(&mut sweep);
                (sweep, samples.len(), mutated)
            })
            .unwrap()
    };
    // The watchdog: a case that runs too long fails the test and is named.
    while !worker.is_finished() {
        std::thread::sleep(Duration::from_millis(50));
        let (since, label) = current.lock().unwrap().clone();
        assert!(
            since.elapsed() < CASE_TIME_LIMIT,
            "seed {seed}: a case has run for {:?} (a hang?): {label}",
            since.elapsed()
        );
    }
    let (sweep, samples, (mutated, mutated_time)) =
        worker.join().expect("the sweep itself does not panic");

    println!(
        "corrupt_input: {} cases in {:.1?}, seed {}: {mutated} from {samples} samples in \
         {mutated_time:.1?}, {} hand-made",
        sweep.cases,
        started.elapsed(),
        sweep.seed,
        sweep.cases - mutated,
    );
    for (category, n) in &sweep.by_category {
        println!("  {category:>12}: {n}");
    }
    println!("  slowest cases:");
    for (took, label) in &sweep.slowest {
        println!("    {took:>10.1?}  {label}");
    }
    assert!(
        sweep.failures.is_empty(),
        "seed {seed}: {} failing cases (at most 200 shown):\n{}",
        sweep.failed,
        sweep.failures.join("\n")
    );
}
