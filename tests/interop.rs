//! Interoperability with transit-js and transit-python (both with its native core
//! and as pure Python), installed afresh into a temporary folder on every run.
//!
//! Each peer (`tests/interop/peer.js`, `tests/interop/peer.py`) generates thousands of
//! random values of every type it has, from a seed that is printed (set
//! `INTEROP_SEED` to repeat a run, `INTEROP_COUNT` to change the number of values),
//! and writes each value in compact JSON and in JSON-Verbose. Then:
//!
//! * (a) we decode every line of both files; the compact and verbose lines of one
//!   value must decode to equal [`Value`]s; we re-encode each value in both modes,
//!   must decode that to the same `Value` again, and our bytes are compared with the
//!   peer's bytes in the same mode;
//! * (b) the peer reads our output (all four combinations of the mode it wrote and
//!   the mode we wrote) and must get the value it read from its own output: it
//!   prints a fingerprint of each value in its own type model (sets and maps are
//!   sorted here), and re-encodes it; we decode that re-encoding and compare it with
//!   our value.
//!
//! Where bytes or values differ, the difference must match one of the known,
//! explained reasons in [`REASONS`] (each is a quirk of the peer's writer or of its
//! type model, checked narrowly at the place it occurs); anything else fails the test
//! and shows the value. A count per reason is printed.
//!
//! The generators leave out what a peer cannot write or read back itself (each is
//! explained where it is left out): transit-js writes a non-integral Number map key
//! as `"~i2.5"` and a verbose instant before year 1000 as `"~t999-…"`; before
//! 1582-10-15 the peers spell verbose instants in the proleptic Gregorian calendar
//! and transit-java (whom we follow) in the Julian one; transit-python
//! measures the cache threshold (length > 3) in UTF-8 bytes (native core) or code
//! points (pure Python) instead of UTF-16 units, so cacheable strings on which those
//! disagree (`"ééé"`, `"😀😀"`) put its cache out of step with everyone else's.
//!
//! transit-python (which has a MessagePack writer and reader, its `msgpack` extra)
//! is checked in MessagePack the same way, from the same values: (a) we decode its
//! MessagePack, which must give the value its JSON gave, re-encode it, read that
//! back, and compare our bytes with its bytes (structurally, so that each
//! difference gets its reason); (b) it reads our bytes back to its own value, and
//! we read its re-encoding of them back to ours.
//!
//! They use the network (the npm and PyPI registries), so a plain `cargo test`
//! reports them as ignored; they run when asked for with `TRANSIT_INTEROP=1` and
//! `--ignored` (or `--include-ignored`), as `.ci/run` does:
//! `TRANSIT_INTEROP=1 cargo test --test interop -- --ignored`. Once asked for,
//! a missing node/npm or python3/pip, or an unreachable registry, fails them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use transit_format::{Map, Set, Tagged, Value};

/// The peer versions, pinned so that a new release cannot change the known quirks
/// under CI's feet.
const TRANSIT_JS: &str = "transit-js@0.8.874";
const TRANSIT_PYTHON: &str = "transit-python[msgpack]==0.8.321";
/// The MessagePack library behind transit-python's pure-Python MessagePack code.
const PYTHON_MSGPACK: &str = "msgpack==1.1.0";
const DEFAULT_COUNT: usize = 3000;

// ------------------------------------------------------------------ known reasons

/// A known, explained reason why the peer's bytes or values differ from ours.
struct Reason {
    id: &'static str,
    why: &'static str,
}

const FLOAT_SPELLING: &str = "float-spelling";
const JS_UNSAFE_NUMBER: &str = "js-number-beyond-2^53";
const JS_NO_CHAR: &str = "js-no-char";
const JS_CACHE_FULL: &str = "js-cache-reset-when-full";
const PY_LINK_NULLS: &str = "python-link-nulls";
const PY_CMAP_OBJECT: &str = "python-cmap-object";
const PY_CODE_ANYWHERE: &str = "python-cache-code-anywhere";
const JAVA_ESCAPES: &str = "java-string-escapes";
const JAVA_LINK_ORDER: &str = "java-link-key-order";
const PY_STR8: &str = "python-msgpack-str8";
const PY_BOOL_NUMBER_KEYS: &str = "python-msgpack-bool-equals-number";
const PY_OWN_BOOL_NUMBER_KEYS: &str = "python-msgpack-own-bool-number-keys";
const JS_ONE_NUMBER: &str = "js-one-number-type";
const JS_FLOAT_KEY: &str = "js-float-key";
const PEER_EQUAL_KEYS: &str = "peer-equal-keys";
const PY_CACHE_THRESHOLD: &str = "python-cache-threshold";
const PY_DECIMAL_SPELLING: &str = "python-decimal-spelling";
const PY_NO_LIST: &str = "python-list-as-array";
const PY_LINK_RENDER: &str = "python-link-fields";
const PY_UNHASHABLE_LINK: &str = "python-unhashable-link";
const PY_NUL_TAG: &str = "python-native-nul-tag";

const REASONS: &[Reason] = &[
    Reason {
        id: JS_ONE_NUMBER,
        why: "transit-js has one Number type: a float with an integral value below 1e21 \
              (`2.0`, `-0.0`, `4.0E11`) reads as a Number that it writes back as an integer \
              (`2`, `0`), which reads as an integer (beyond 64 bits, a big integer).",
    },
    Reason {
        id: JS_FLOAT_KEY,
        why: "(left out of the generated values) transit-js writes a Number map key as \
              `~i…`: a non-integral one as `~i2.5` (NaN and the infinities their own way), \
              which no reader takes for a float, and an integral one beyond 64 bits as \
              `~i221759838672745330000`, which we refuse (transit-java reads it as a \
              BigInteger).",
    },
    Reason {
        id: PEER_EQUAL_KEYS,
        why: "(left out of the generated values) the peer takes two of a map's keys or a \
              set's members for one and keeps one of them: transit-js a float with an \
              integral value and that integer, a char and the one-character string, or \
              two of the empty collections, the empty byte string and the instant at 0 ms (`{}`, `[]`, \
              `#inst \"1970-01-01\"`); \
              transit-python numbers of equal value (`2` and `2.0`, `0.0` and `-0.0`, a \
              decimal and a float), and in its pure-Python MessagePack a boolean and 0 \
              or 1.",
    },
    Reason {
        id: PY_CACHE_THRESHOLD,
        why: "(left out of the generated values) transit-python measures the cache \
              threshold (longer than 3) in UTF-8 bytes (native core) or code points (pure \
              Python), not in UTF-16 units as transit-java, transit-js and we do: a \
              cacheable string on which the measures disagree (`~:é`, a map key `😀😀`) \
              puts its read cache out of step with our writer's.",
    },
    Reason {
        id: PY_NO_LIST,
        why: "transit-python reads a `~#list` into a Python sequence that it writes back \
              as an array: a list comes back as an array of the same items.",
    },
    Reason {
        id: PY_LINK_RENDER,
        why: "(left out of the generated values) transit-python's Link asserts that its \
              href and rel are not empty and that its render is `link` or `image`, so it \
              cannot read a link with an empty href or rel or with another render.",
    },
    Reason {
        id: PY_NUL_TAG,
        why: "(left out of the generated values) transit-python's native core drops a \
              one-character tag that is NUL (`\"~\\u0000rep\"`) and gives the string \
              `rep` back.",
    },
    Reason {
        id: PY_UNHASHABLE_LINK,
        why: "(left out of the generated values) transit-python's Link is not hashable: \
              its reader fails on a link in a map key or a set member.",
    },
    Reason {
        id: PY_DECIMAL_SPELLING,
        why: "transit-python holds a `~f` big decimal as a Python Decimal and writes it \
              back in Decimal's spelling (`5.` as `5`, `+1e3` as `1E+3`, `.5` as `0.5`): \
              the same digits and exponent.",
    },
    Reason {
        id: PY_OWN_BOOL_NUMBER_KEYS,
        why: "pure-Python transit-python cannot read back its own MessagePack of a map \
              with both a boolean key and a number key equal to it in Python (`true` and \
              `1`): msgpack-python builds a dict in which the two keys are one, so the \
              entry it drops is never read, the strings in it never enter its read cache, \
              and a later cache code is unknown to it (`Unknown cache code`). Its writer \
              recorded them, as transit-java and we do; we read those bytes, to the value \
              its JSON of the same value gives.",
    },
    Reason {
        id: PY_BOOL_NUMBER_KEYS,
        why: "pure-Python transit-python reads a MessagePack boolean as Python's `bool`, \
              where `False == 0 == 0.0 == -0.0` and `True == 1 == 1.0` (its JSON reader \
              gives its own Boolean type, which stays apart): a map or set holding false \
              and a zero, or true and a one, keeps one of the two (the first key, the last \
              value) when it reads our bytes back, so its re-encoding has one entry less. \
              msgpack-python merges the keys before transit-python's reader sees the map, \
              so the map's strings also enter its read cache in another order, and later \
              cache codes in that value may expand to other strings.",
    },
    Reason {
        id: PY_STR8,
        why: "transit-python (its native core, and msgpack-python under its pure-Python \
              code) writes a MessagePack string of 32 to 255 bytes with `str8` (0xd9, an \
              8-bit length), which the MessagePack spec added in 2013; transit-java's \
              msgpack-java 0.6 predates it and writes a 16-bit length (0xda), as we do. \
              Same string.",
    },
    Reason {
        id: FLOAT_SPELLING,
        why: "the peer spells a double its own way (transit-js: Number#toString, `1e+21`, \
              `1.5e-7`; transit-python: repr, `1e+16`, or in its native core a `%.17g`-style \
              `4.94065645841247e-324`); we write Java's Double.toString spelling (`1.0E21`). \
              Both texts parse to the same bits.",
    },
    Reason {
        id: JS_UNSAFE_NUMBER,
        why: "transit-js writes every JS Number as a JSON number, also integral ones beyond \
              ±(2^53−1), which Transit writes as `~i`; we read such a token as the integer it \
              spells (as transit-java does) and write it `~i…` (`~n…` beyond 64 bits), which \
              transit-js then reads as a goog.math.Long (an `n` TaggedValue), not a Number. \
              Same digits.",
    },
    Reason {
        id: JS_NO_CHAR,
        why: "transit-js has no char type: it reads `~cx` as the string \"x\" and writes it \
              back as a plain string, so a char comes back a string.",
    },
    Reason {
        id: JS_CACHE_FULL,
        why: "transit-js's write cache resets as soon as it holds 1936 entries, before it \
              looks up the next cacheable string, so a string already cached goes out in \
              full (and the rest of the value with a fresh cache); transit-java answers that \
              hit with its code and resets only when adding entry 1937 (exemplar \
              vector_1936_keywords_repeated_twice). Readers decode both.",
    },
    Reason {
        id: PY_LINK_NULLS,
        why: "transit-python's Link writes the optional fields it lacks (name, render, \
              prompt) as null; we, like transit-java, leave them out. Its extra keys also \
              enter its write cache, so later cache codes in that value are numbered \
              differently.",
    },
    Reason {
        id: PY_CMAP_OBJECT,
        why: "pure-Python transit-python writes a map with composite keys in compact JSON as \
              {\"~#cmap\":[…]} (the verbose form); transit-java writes [\"~#cmap\",[…]]. \
              Readers take both.",
    },
    Reason {
        id: JAVA_ESCAPES,
        why: "the peer writes characters outside the Basic Multilingual Plane as raw UTF-8 \
              and control characters as `\\u00xx` with lower-case hex; we write what \
              transit-java (Jackson) writes, two escaped UTF-16 surrogates \
              (`\\uD83D\\uDE00`) and upper-case hex (`\\u001F`). Both are the same text.",
    },
    Reason {
        id: JAVA_LINK_ORDER,
        why: "the peer writes a link's keys in its own order (`href` first); we write them \
              in transit-java's order, `rel`, `name`, `href`, `prompt`, `render`. Same link.",
    },
    Reason {
        id: PY_CODE_ANYWHERE,
        why: "pure-Python transit-python's write cache answers with a code for any string \
              already in it, also in value positions where transit-java never uses the cache \
              (a plain string equal to an earlier map key); readers expand it all the same.",
    },
];

// ------------------------------------------------------------------ peers

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PeerKind {
    Js,
    PythonNative,
    PythonPure,
}

impl PeerKind {
    fn is_python(self) -> bool {
        matches!(self, PeerKind::PythonNative | PeerKind::PythonPure)
    }
}

/// A way to run one peer script.
struct Peer {
    kind: PeerKind,
    label: String,
    program: PathBuf,
    script: PathBuf,
    env: Vec<(String, String)>,
    env_remove: Vec<String>,
}

impl Peer {
    fn run(&self, args: &[&str], stdin: Option<&Path>) -> Result<Vec<u8>, String> {
        let mut cmd = Command::new(&self.program);
        cmd.arg(&self.script).args(args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        for k in &self.env_remove {
            cmd.env_remove(k);
        }
        cmd.stdin(match stdin {
            Some(path) => Stdio::from(
                std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?,
            ),
            None => Stdio::null(),
        });
        let out = cmd
            .output()
            .map_err(|e| format!("{}: {e}", self.program.display()))?;
        if !out.status.success() {
            return Err(format!(
                "{} {} {:?} failed ({}):\n{}",
                self.program.display(),
                self.script.display(),
                args,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(out.stdout)
    }
}

/// A temporary folder removed on drop (kept when `INTEROP_KEEP` is set).
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "transit-interop-{name}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("create temporary folder");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("INTEROP_KEEP").is_some() {
            eprintln!("interop: kept {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The tests were asked for (they are `#[ignore]`d otherwise), so a peer that
/// cannot run fails them rather than letting them pass unchecked.
fn unavailable(what: &str) {
    panic!("{what} (the interop test was asked for and cannot run here)");
}

/// Running the ignored tests is not enough: they reach the npm and PyPI
/// registries only when `TRANSIT_INTEROP=1` says that is wanted.
fn require_opt_in() {
    if std::env::var("TRANSIT_INTEROP").is_ok_and(|v| v == "1") {
        return;
    }
    panic!(
        "the interop tests install transit-js (npm) and transit-python (PyPI): \
         set TRANSIT_INTEROP=1 to let them use the network, or leave them out with \
         --skip transit_js --skip transit_python"
    );
}

fn tool_version(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| {
        let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if text.is_empty() {
            String::from_utf8_lossy(&out.stderr).trim().to_owned()
        } else {
            text
        }
    })
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        let seed = match std::env::var("INTEROP_SEED") {
            Ok(text) => text
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("INTEROP_SEED={text:?} is not a u64")),
            Err(_) => {
                use std::hash::{BuildHasher, Hasher};
                let mut h = std::collections::hash_map::RandomState::new().build_hasher();
                h.write_u128(
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos()),
                );
                h.finish() >> 11 // small enough for every peer's integer parsing
            }
        };
        eprintln!("interop seed: {seed} (INTEROP_SEED={seed} repeats this run)");
        seed
    })
}

fn count() -> usize {
    std::env::var("INTEROP_COUNT")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_COUNT)
}

/// transit-js installed into `tmp`; `None` (after [`unavailable`]) when it cannot be.
fn install_js(tmp: &TempDir) -> Option<Peer> {
    let Some(node) = tool_version("node", &["--version"]) else {
        unavailable("node not found on PATH; the transit-js interop test needs it");
        return None;
    };
    let Some(npm) = tool_version("npm", &["--version"]) else {
        unavailable("npm not found on PATH; the transit-js interop test needs it");
        return None;
    };
    let prefix = tmp.0.join("npm");
    let out = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-save"])
        .args(["--loglevel=error", "--fetch-retries=1", "--prefix"])
        .arg(&prefix)
        .arg(TRANSIT_JS)
        .output()
        .expect("run npm");
    if !out.status.success() {
        unavailable(&format!(
            "`npm install {TRANSIT_JS}` failed (is the npm registry reachable?):\n{}",
            tail(&out.stderr)
        ));
        return None;
    }
    let modules = prefix.join("node_modules");
    let version = std::fs::read_to_string(modules.join("transit-js/package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "?".into());
    Some(Peer {
        kind: PeerKind::Js,
        label: format!("transit-js {version} (node {node}, npm {npm})"),
        program: "node".into(),
        script: scripts_dir().join("peer.js"),
        env: vec![("NODE_PATH".into(), modules.display().to_string())],
        env_remove: vec![],
    })
}

#[test]
#[ignore = "uses the network (npm, PyPI): TRANSIT_INTEROP=1 cargo test --test interop -- --ignored"]
fn transit_js() {
    require_opt_in();
    let seed = seed();
    let started = Instant::now();
    let tmp = TempDir::new("js");
    let Some(peer) = install_js(&tmp) else {
        return;
    };
    let install = started.elapsed();
    let report = check_peer(&peer, seed, count(), &tmp.0);
    report.finish(install, started.elapsed());
}

/// transit-python installed into `tmp`, once per variant (its native core when it
/// has one, and its pure-Python code); `None` (after [`unavailable`]) when it
/// cannot be installed.
fn install_python(tmp: &TempDir) -> Option<Vec<Peer>> {
    let Some(python) = tool_version("python3", &["--version"]) else {
        unavailable("python3 not found on PATH; the transit-python interop test needs it");
        return None;
    };
    if tool_version("python3", &["-m", "pip", "--version"]).is_none() {
        unavailable("`python3 -m pip` does not run; the transit-python interop test needs pip");
        return None;
    }
    let site = tmp.0.join("site");
    let out = Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args([
            "--no-input",
            "--retries",
            "1",
            "--timeout",
            "30",
            "--target",
        ])
        .arg(&site)
        .arg(TRANSIT_PYTHON)
        .arg(PYTHON_MSGPACK)
        .output()
        .expect("run pip");
    if !out.status.success() {
        unavailable(&format!(
            "`pip install {TRANSIT_PYTHON}` failed (is PyPI reachable?):\n{}",
            tail(&out.stderr)
        ));
        return None;
    }
    let env = vec![
        ("PYTHONPATH".to_owned(), site.display().to_string()),
        ("PYTHONHASHSEED".to_owned(), "0".to_owned()),
        ("PYTHONNOUSERSITE".to_owned(), "1".to_owned()),
        ("PYTHONIOENCODING".to_owned(), "utf-8".to_owned()),
    ];
    let probe = Command::new("python3")
        .args([
            "-c",
            "import transit, transit._accel as a; print(transit.__version__, a.native is not None)",
        ])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env_remove("TRANSIT_PUREPYTHON")
        .output()
        .expect("run python3");
    let probe_text = String::from_utf8_lossy(&probe.stdout).trim().to_owned();
    assert!(
        probe.status.success(),
        "transit-python does not import:\n{}",
        tail(&probe.stderr)
    );
    let (version, native) = probe_text
        .split_once(' ')
        .map_or(("?", false), |(v, n)| (v, n == "True"));

    let mut variants = vec![(PeerKind::PythonPure, "pure Python")];
    if native {
        variants.insert(0, (PeerKind::PythonNative, "native core"));
    } else {
        eprintln!(
            "interop: transit-python {version} installed without its native core here; \
             testing its pure-Python code only"
        );
    }
    let peers = variants
        .into_iter()
        .map(|(kind, what)| {
            let mut env = env.clone();
            let mut env_remove = vec![];
            if kind == PeerKind::PythonPure {
                env.push(("TRANSIT_PUREPYTHON".into(), "1".into()));
            } else {
                env_remove.push("TRANSIT_PUREPYTHON".to_owned());
            }
            Peer {
                kind,
                label: format!("transit-python {version}, {what} ({python})"),
                program: "python3".into(),
                script: scripts_dir().join("peer.py"),
                env,
                env_remove,
            }
        })
        .collect();
    Some(peers)
}

#[test]
#[ignore = "uses the network (npm, PyPI): TRANSIT_INTEROP=1 cargo test --test interop -- --ignored"]
fn transit_python() {
    require_opt_in();
    let seed = seed();
    let started = Instant::now();
    let tmp = TempDir::new("py");
    let Some(peers) = install_python(&tmp) else {
        return;
    };
    let install = started.elapsed();
    for peer in peers {
        let run_started = Instant::now();
        let report = check_peer(&peer, seed, count(), &tmp.0);
        report.finish(install, run_started.elapsed());
        let run_started = Instant::now();
        let report = check_peer_msgpack(&peer, seed, count(), &tmp.0);
        report.finish(install, run_started.elapsed());
    }
}

// ------------------------------------------------------------------ the checks

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Mode {
    Compact,
    Verbose,
}

const MODES: [Mode; 2] = [Mode::Compact, Mode::Verbose];

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Compact => "json",
            Mode::Verbose => "verbose",
        }
    }

    fn encode(self, value: &Value) -> Result<String, transit_format::Error> {
        match self {
            Mode::Compact => transit_format::to_string(value),
            Mode::Verbose => transit_format::to_string_verbose(value),
        }
    }
}

/// What one peer run found.
struct Report {
    label: String,
    seed: u64,
    count: usize,
    /// (check, reason) -> number of values.
    reasons: BTreeMap<(String, &'static str), usize>,
    /// check -> number of values checked.
    checked: BTreeMap<String, usize>,
    /// check -> number of values where the bytes were identical.
    identical: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Report {
    fn checked(&mut self, check: &str) {
        *self.checked.entry(check.to_owned()).or_default() += 1;
    }

    fn identical(&mut self, check: &str) {
        *self.identical.entry(check.to_owned()).or_default() += 1;
    }

    fn reasons(&mut self, check: &str, reasons: &BTreeSet<&'static str>) {
        for reason in reasons {
            *self.reasons.entry((check.to_owned(), reason)).or_default() += 1;
        }
    }

    fn fail(&mut self, text: String) {
        self.failures.push(text);
    }

    fn finish(self, install: std::time::Duration, run: std::time::Duration) {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "== interop with {}: {} values per mode, seed {} (install {:.1}s, checks {:.1}s)",
            self.label,
            self.count,
            self.seed,
            install.as_secs_f64(),
            run.as_secs_f64()
        );
        for (check, n) in &self.checked {
            let same = self.identical.get(check).copied();
            let _ = write!(out, "  {check:<58} {n:>6} values");
            if let Some(same) = same {
                let _ = write!(out, ", {same} byte-identical");
            }
            out.push('\n');
        }
        if self.reasons.is_empty() {
            out.push_str("  known differences: none\n");
        } else {
            out.push_str("  known differences (values per check and reason):\n");
            for ((check, reason), n) in &self.reasons {
                let _ = writeln!(out, "    {n:>6}  {reason:<28} in {check}");
            }
            let used: BTreeSet<&str> = self.reasons.keys().map(|(_, r)| *r).collect();
            for reason in REASONS.iter().filter(|r| used.contains(r.id)) {
                let _ = writeln!(out, "    {}: {}", reason.id, squash(reason.why));
            }
        }
        eprint!("{out}");
        if !self.failures.is_empty() {
            let shown: Vec<&String> = self.failures.iter().take(12).collect();
            panic!(
                "interop with {}: {} unexplained differences (seed {}; INTEROP_SEED={} repeats), first {}:\n\n{}",
                self.label,
                self.failures.len(),
                self.seed,
                self.seed,
                shown.len(),
                shown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            );
        }
    }
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(text: &str) -> String {
    const MAX: usize = 1500;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], text.len())
}

fn read_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.split('\n')
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A placeholder written in the place of a value we could not produce, so that the
/// lines stay aligned; its results are not looked at.
const PLACEHOLDER: &str = r#"["~#'",null]"#;

fn check_peer(peer: &Peer, seed: u64, n: usize, work: &Path) -> Report {
    let mut report = Report {
        label: peer.label.clone(),
        seed,
        count: n,
        reasons: BTreeMap::new(),
        checked: BTreeMap::new(),
        identical: BTreeMap::new(),
        failures: vec![],
    };
    let tag = format!("{:?}", peer.kind).to_lowercase();
    let gen_json = work.join(format!("{tag}-gen.json"));
    let gen_verbose = work.join(format!("{tag}-gen.verbose.json"));
    if let Err(e) = peer.run(
        &[
            "gen",
            &seed.to_string(),
            &n.to_string(),
            gen_json.to_str().expect("utf-8 path"),
            gen_verbose.to_str().expect("utf-8 path"),
        ],
        None,
    ) {
        report.fail(format!("the peer could not generate values: {e}"));
        return report;
    }
    let peer_lines = [read_lines(&gen_json), read_lines(&gen_verbose)];
    for lines in &peer_lines {
        assert_eq!(
            lines.len(),
            n,
            "the peer wrote {} lines, not {n}",
            lines.len()
        );
    }

    // (a) we decode the peer's output.
    let mut ours: [Vec<Option<Value>>; 2] = [vec![], vec![]];
    for (g, mode) in MODES.iter().enumerate() {
        let check = format!("(a) we decode peer {}", mode.name());
        for (i, line) in peer_lines[g].iter().enumerate() {
            report.checked(&check);
            match transit_format::from_str::<Value>(line) {
                Ok(v) => ours[g].push(Some(v)),
                Err(e) => {
                    report.fail(format!(
                        "value {i}: we cannot decode the peer's {} output: {e}\n  peer: {}",
                        mode.name(),
                        clip(line)
                    ));
                    ours[g].push(None);
                }
            }
        }
    }
    let check = "(a) peer json and verbose decode to equal values".to_owned();
    for i in 0..n {
        if let (Some(c), Some(v)) = (&ours[0][i], &ours[1][i]) {
            report.checked(&check);
            if c != v {
                report.fail(format!(
                    "value {i}: the peer's json and verbose lines decode differently\n  json:    {}\n  verbose: {}\n  ours from json:    {c:?}\n  ours from verbose: {v:?}",
                    clip(&peer_lines[0][i]),
                    clip(&peer_lines[1][i])
                ));
            }
        }
    }

    // We re-encode every value in both modes: it must read back to itself, and in the
    // peer's mode our bytes are compared with the peer's.
    // encoded[g][m][i]: our mode-m encoding of the value the peer wrote in mode g.
    let mut encoded: Vec<Vec<Vec<Option<String>>>> = vec![vec![vec![]; 2]; 2];
    for (g, gmode) in MODES.iter().enumerate() {
        for (m, mode) in MODES.iter().enumerate() {
            let self_check = format!(
                "(a) ours {} of peer {} reads back to itself",
                mode.name(),
                gmode.name()
            );
            let bytes_check = format!("(a) our {} bytes vs the peer's", mode.name());
            for i in 0..n {
                let Some(value) = &ours[g][i] else {
                    encoded[g][m].push(None);
                    continue;
                };
                let text = match mode.encode(value) {
                    Ok(text) => text,
                    Err(e) => {
                        report.fail(format!(
                            "value {i}: we cannot encode a value we decoded: {e}\n  peer: {}",
                            clip(&peer_lines[g][i])
                        ));
                        encoded[g][m].push(None);
                        continue;
                    }
                };
                report.checked(&self_check);
                match transit_format::from_str::<Value>(&text) {
                    Ok(back) if &back == value => {}
                    other => report.fail(format!(
                        "value {i}: our {} output does not read back to the value: {:?}\n  ours: {}",
                        mode.name(),
                        other.map(|_| "a different value"),
                        clip(&text)
                    )),
                }
                if g == m {
                    report.checked(&bytes_check);
                    let peer_text = &peer_lines[g][i];
                    if *peer_text == text {
                        report.identical(&bytes_check);
                    } else {
                        match classify_bytes(peer.kind, *mode, peer_text, &text) {
                            Ok(reasons) => report.reasons(&bytes_check, &reasons),
                            Err(why) => report.fail(format!(
                                "value {i}: our {} bytes differ from the peer's: {why}\n  peer: {}\n  ours: {}",
                                mode.name(),
                                clip(peer_text),
                                clip(&text)
                            )),
                        }
                    }
                }
                encoded[g][m].push(Some(text));
            }
        }
    }

    // (b) the peer reads its own lines and ours.
    let describe_in = work.join(format!("{tag}-describe.in"));
    let mut input = String::new();
    for lines in &peer_lines {
        for line in lines {
            input.push_str(line);
            input.push('\n');
        }
    }
    for per_g in &encoded {
        for per_m in per_g {
            for text in per_m {
                input.push_str(text.as_deref().unwrap_or(PLACEHOLDER));
                input.push('\n');
            }
        }
    }
    std::fs::write(&describe_in, input).expect("write describe input");
    let described = match peer.run(&["describe"], Some(&describe_in)) {
        Ok(out) => out,
        Err(e) => {
            report.fail(format!("the peer's describe failed: {e}"));
            return report;
        }
    };
    let described: Vec<serde_json::Value> = String::from_utf8(described)
        .expect("peer output is UTF-8")
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).expect("peer describe line is JSON"))
        .collect();
    assert_eq!(
        described.len(),
        6 * n,
        "the peer described {} lines",
        described.len()
    );
    let of_peer = |g: usize, i: usize| &described[g * n + i];
    let of_ours = |g: usize, m: usize, i: usize| &described[2 * n + (g * 2 + m) * n + i];

    for (g, gmode) in MODES.iter().enumerate() {
        for (m, mode) in MODES.iter().enumerate() {
            let value_check = format!(
                "(b) peer reads our {} (of its {}) to its value",
                mode.name(),
                gmode.name()
            );
            let bytes_check = format!("(b) peer {} re-encoding of ours vs of its own", mode.name());
            let back_check = format!("(b) we read the peer's {} re-encoding of ours", mode.name());
            for i in 0..n {
                let (Some(ours_text), Some(value)) = (&encoded[g][m][i], &ours[g][i]) else {
                    continue;
                };
                let theirs = of_peer(g, i);
                let back = of_ours(g, m, i);
                if let Some(e) = theirs.get("error") {
                    report.fail(format!(
                        "value {i}: the peer cannot read its own {} output: {}\n  peer: {}",
                        gmode.name(),
                        e.as_str().unwrap_or_default(),
                        clip(&peer_lines[g][i])
                    ));
                    continue;
                }
                report.checked(&value_check);
                if let Some(e) = back.get("error") {
                    report.fail(format!(
                        "value {i}: the peer cannot read our {} output: {}\n  peer: {}\n  ours: {}",
                        mode.name(),
                        e.as_str().unwrap_or_default(),
                        clip(&peer_lines[g][i]),
                        clip(ours_text)
                    ));
                    continue;
                }
                match classify_fingerprints(peer.kind, &theirs["fp"], &back["fp"]) {
                    Ok(reasons) => report.reasons(&value_check, &reasons),
                    Err(why) => report.fail(format!(
                        "value {i}: the peer reads our {} output to a different value: {why}\n  peer: {}\n  ours: {}\n  peer's value: {}\n  peer's value of ours: {}",
                        mode.name(),
                        clip(&peer_lines[g][i]),
                        clip(ours_text),
                        clip(&theirs["fp"].to_string()),
                        clip(&back["fp"].to_string())
                    )),
                }
                // The peer's own bytes for our value and for its value (its canonical
                // bytes); only counted, as the peer's hash maps may order differently.
                report.checked(&bytes_check);
                if back[mode.name()] == theirs[mode.name()] {
                    report.identical(&bytes_check);
                }
                // And the peer's re-encoding of what it read from us reads back, here,
                // to our value.
                report.checked(&back_check);
                let again = back[mode.name()].as_str().unwrap_or_default();
                match transit_format::from_str::<Value>(again) {
                    Ok(w) => match classify_values(peer.kind, value, &w) {
                        Ok(reasons) => report.reasons(&back_check, &reasons),
                        Err(why) => report.fail(format!(
                            "value {i}: the peer's re-encoding of our {} output reads to a different value: {why}\n  ours:  {}\n  peer's: {}",
                            mode.name(),
                            clip(ours_text),
                            clip(again)
                        )),
                    },
                    Err(e) => report.fail(format!(
                        "value {i}: we cannot decode the peer's re-encoding of our {} output: {e}\n  ours:  {}\n  peer's: {}",
                        mode.name(),
                        clip(ours_text),
                        clip(again)
                    )),
                }
            }
        }
    }
    report
}

// ------------------------------------------------------------------ values (b)

/// Our value against the one we read from the peer's re-encoding of our bytes.
fn classify_values(
    kind: PeerKind,
    ours: &Value,
    theirs: &Value,
) -> Result<BTreeSet<&'static str>, String> {
    if ours == theirs {
        return Ok(BTreeSet::new());
    }
    if kind == PeerKind::Js {
        let mut changed = false;
        let rewritten = chars_to_strings(ours, &mut changed);
        if changed && &rewritten == theirs {
            return Ok(BTreeSet::from([JS_NO_CHAR]));
        }
    }
    if kind == PeerKind::PythonPure {
        let mut changed = false;
        let merged = python_bool_merged(ours, &mut changed);
        if changed && &merged == theirs {
            return Ok(BTreeSet::from([PY_BOOL_NUMBER_KEYS]));
        }
        // The merge happens in msgpack-python, before transit-python's reader sees
        // the map, so the map's strings enter its read cache in another order and
        // later cache codes of the value may expand to other strings: past a merge,
        // the rest of the value is not comparable.
        if changed {
            return Ok(BTreeSet::from([PY_BOOL_NUMBER_KEYS]));
        }
    }
    Err(format!("ours {ours}, the peer's {theirs}"))
}

/// The number a key is equal to in Python, for booleans and numbers.
fn python_number(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Whether Python takes `a` and `b` for the same key: one a boolean, the other a
/// number equal to it.
fn python_same_key(a: &Value, b: &Value) -> bool {
    (matches!(a, Value::Bool(_)) || matches!(b, Value::Bool(_)))
        && python_number(a).is_some()
        && python_number(a) == python_number(b)
}

/// The value as pure-Python transit-python holds it after reading MessagePack: in
/// each map and set, a boolean and a number equal to it are one key (the first
/// key, the last value) or one member (the first).
fn python_bool_merged(v: &Value, changed: &mut bool) -> Value {
    match v {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|x| python_bool_merged(x, changed))
                .collect(),
        ),
        Value::List(items) => Value::List(
            items
                .iter()
                .map(|x| python_bool_merged(x, changed))
                .collect(),
        ),
        Value::Set(set) => {
            let mut kept: Vec<Value> = vec![];
            for member in set.iter() {
                let member = python_bool_merged(member, changed);
                if kept.iter().any(|k| python_same_key(k, &member)) {
                    *changed = true;
                } else {
                    kept.push(member);
                }
            }
            Value::Set(kept.into_iter().collect::<Set>())
        }
        Value::Map(map) => {
            let mut kept: Vec<(Value, Value)> = vec![];
            for (k, x) in map {
                let (k, x) = (
                    python_bool_merged(k, changed),
                    python_bool_merged(x, changed),
                );
                match kept.iter_mut().find(|(old, _)| python_same_key(old, &k)) {
                    Some(entry) => {
                        *changed = true;
                        entry.1 = x;
                    }
                    None => kept.push((k, x)),
                }
            }
            Value::Map(kept.into_iter().collect::<Map>())
        }
        Value::Tagged(t) => Value::Tagged(Box::new(Tagged::new(
            t.tag(),
            python_bool_merged(t.rep(), changed),
        ))),
        other => other.clone(),
    }
}

/// The value with every char turned into a one-character string (transit-js's view).
fn chars_to_strings(v: &Value, changed: &mut bool) -> Value {
    match v {
        Value::Char(c) => {
            *changed = true;
            Value::String(c.to_string().into())
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|x| chars_to_strings(x, changed)).collect())
        }
        Value::List(items) => {
            Value::List(items.iter().map(|x| chars_to_strings(x, changed)).collect())
        }
        Value::Set(set) => Value::Set(
            set.iter()
                .map(|x| chars_to_strings(x, changed))
                .collect::<Set>(),
        ),
        Value::Map(map) => Value::Map(
            map.iter()
                .map(|(k, x)| (chars_to_strings(k, changed), chars_to_strings(x, changed)))
                .collect::<Map>(),
        ),
        Value::Tagged(t) => Value::Tagged(Box::new(Tagged::new(
            t.tag(),
            chars_to_strings(t.rep(), changed),
        ))),
        other => other.clone(),
    }
}

// ------------------------------------------------------------------ fingerprints (b)

/// Sorts the members of sets and the entries of maps, recursively.
fn canonical(fp: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    let J::Array(parts) = fp else {
        return fp.clone();
    };
    match parts.first().and_then(J::as_str) {
        Some("arr" | "link") => J::Array(vec![
            parts[0].clone(),
            J::Array(items(&parts[1]).iter().map(canonical).collect()),
        ]),
        Some("set") => {
            let mut members: Vec<J> = items(&parts[1]).iter().map(canonical).collect();
            members.sort_by_cached_key(J::to_string);
            J::Array(vec![parts[0].clone(), J::Array(members)])
        }
        Some("map") => {
            let mut entries: Vec<J> = items(&parts[1])
                .iter()
                .map(|e| J::Array(items(e).iter().map(canonical).collect()))
                .collect();
            entries.sort_by_cached_key(J::to_string);
            J::Array(vec![parts[0].clone(), J::Array(entries)])
        }
        Some("tag") => J::Array(vec![
            parts[0].clone(),
            parts[1].clone(),
            canonical(&parts[2]),
        ]),
        _ => fp.clone(),
    }
}

fn items(v: &serde_json::Value) -> &[serde_json::Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// transit-js's view of what we send back for a Number beyond ±(2^53−1): the same
/// digits as a Long, or as an `n` TaggedValue beyond 64 bits.
fn js_unsafe_numbers(fp: &serde_json::Value, changed: &mut bool) -> serde_json::Value {
    use serde_json::Value as J;
    let J::Array(parts) = fp else {
        return fp.clone();
    };
    if parts.first().and_then(J::as_str) == Some("num") {
        if let Some(text) = parts[1].as_str() {
            if let Some(n) = unsafe_integer(text) {
                *changed = true;
                return if i64::try_from(n).is_ok() {
                    serde_json::json!(["int", text])
                } else {
                    serde_json::json!(["tag", "n", ["str", text]])
                };
            }
        }
        return fp.clone();
    }
    J::Array(
        parts
            .iter()
            .map(|p| js_unsafe_numbers(p, changed))
            .collect(),
    )
}

/// The integer spelled by a plain integer token beyond ±(2^53−1).
fn unsafe_integer(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i128 = text.parse().ok()?;
    (n.unsigned_abs() > (1u128 << 53) - 1).then_some(n)
}

/// The peer's value of its own output against its value of ours.
fn classify_fingerprints(
    kind: PeerKind,
    theirs: &serde_json::Value,
    of_ours: &serde_json::Value,
) -> Result<BTreeSet<&'static str>, String> {
    let of_ours = canonical(of_ours);
    if canonical(theirs) == of_ours {
        return Ok(BTreeSet::new());
    }
    if kind == PeerKind::Js {
        let mut changed = false;
        let rewritten = js_unsafe_numbers(theirs, &mut changed);
        if changed && canonical(&rewritten) == of_ours {
            return Ok(BTreeSet::from([JS_UNSAFE_NUMBER]));
        }
    }
    Err(first_difference(&canonical(theirs), &of_ours))
}

fn first_difference(a: &serde_json::Value, b: &serde_json::Value) -> String {
    if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
        if x.len() == y.len() && x.first() == y.first() {
            if let Some((p, q)) = x.iter().zip(y).find(|(p, q)| p != q) {
                return first_difference(p, q);
            }
        }
    }
    format!("{} vs {}", clip(&a.to_string()), clip(&b.to_string()))
}

// ------------------------------------------------------------------ bytes (a)

/// A JSON string with the exact token it came from, after cache codes are expanded.
#[derive(Clone, Debug)]
struct JStr {
    /// The string, with a cache code replaced by the string it stands for.
    text: String,
    /// The token as written, quotes included.
    raw: String,
    /// It was a cache code.
    code: bool,
    /// The string is cacheable where it stands (transit-java's rule).
    cacheable: bool,
    /// A cacheable string met a full cache (1936 entries since the last reset).
    cache_full: bool,
}

/// A JSON document with number tokens and key order kept.
#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(JStr),
    Arr(Vec<J>),
    Obj(Vec<(JStr, J)>),
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

fn parse_json(s: &str) -> Result<J, String> {
    let mut p = Parser { s, i: 0 };
    let v = p.value()?;
    p.ws();
    if p.i != s.len() {
        return Err(format!("trailing text at {}", p.i));
    }
    Ok(v)
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Result<(), String> {
        self.ws();
        if self.peek() == Some(b) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected {:?} at {}", b as char, self.i))
        }
    }

    fn value(&mut self) -> Result<J, String> {
        self.ws();
        match self.peek() {
            Some(b'n') => self.word("null", J::Null),
            Some(b't') => self.word("true", J::Bool(true)),
            Some(b'f') => self.word("false", J::Bool(false)),
            Some(b'"') => Ok(J::Str(self.string()?)),
            Some(b'[') => {
                self.i += 1;
                let mut items = vec![];
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(J::Arr(items));
                }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(J::Arr(items));
                        }
                        _ => return Err(format!("bad array at {}", self.i)),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut pairs = vec![];
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(J::Obj(pairs));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.eat(b':')?;
                    pairs.push((key, self.value()?));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(J::Obj(pairs));
                        }
                        _ => return Err(format!("bad object at {}", self.i)),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.i += 1;
                }
                Ok(J::Num(self.s[start..self.i].to_owned()))
            }
            _ => Err(format!("unexpected input at {}", self.i)),
        }
    }

    fn word(&mut self, word: &str, v: J) -> Result<J, String> {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(format!("bad literal at {}", self.i))
        }
    }

    fn string(&mut self) -> Result<JStr, String> {
        let start = self.i;
        if self.peek() != Some(b'"') {
            return Err(format!("expected a string at {}", self.i));
        }
        self.i += 1;
        let mut text = String::new();
        let mut pending_high: Option<u16> = None;
        loop {
            let rest = &self.s[self.i..];
            let c = rest.chars().next().ok_or("unterminated string")?;
            self.i += c.len_utf8();
            match c {
                '"' => break,
                '\\' => {
                    let e = self.s[self.i..].chars().next().ok_or("bad escape")?;
                    self.i += 1;
                    let decoded = match e {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            let hex = self.s.get(self.i..self.i + 4).ok_or("bad \\u")?;
                            let unit = u16::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                            self.i += 4;
                            if (0xD800..0xDC00).contains(&unit) {
                                pending_high = Some(unit);
                                continue;
                            }
                            if (0xDC00..0xE000).contains(&unit) {
                                let high = pending_high.take().ok_or("lone low surrogate")?;
                                let code = 0x10000
                                    + ((u32::from(high) - 0xD800) << 10)
                                    + (u32::from(unit) - 0xDC00);
                                text.push(char::from_u32(code).ok_or("bad surrogate pair")?);
                                continue;
                            }
                            char::from_u32(u32::from(unit)).ok_or("bad \\u")?
                        }
                        _ => return Err(format!("bad escape at {}", self.i)),
                    };
                    text.push(decoded);
                }
                c => text.push(c),
            }
            if pending_high.is_some() {
                return Err("lone high surrogate".into());
            }
        }
        Ok(JStr {
            text,
            raw: self.s[start..self.i].to_owned(),
            code: false,
            cacheable: false,
            cache_full: false,
        })
    }
}

/// Transit's read cache (every cacheable string seen in full takes the next of 1936
/// indexes), holding wire strings.
#[derive(Default)]
struct ReadCache {
    entries: Vec<String>,
    next: usize,
}

const CACHE_SIZE: usize = 44 * 44;

fn is_cacheable(s: &str, as_key: bool) -> bool {
    s.encode_utf16().count() > 3
        && (as_key || s.starts_with("~:") || s.starts_with("~$") || s.starts_with("~#"))
}

impl ReadCache {
    fn expand(&mut self, s: &mut JStr, as_key: bool) -> Result<(), String> {
        if s.text.starts_with('^') && s.text != "^ " {
            let digits: Vec<Option<u8>> = s.text[1..].bytes().map(|b| b.checked_sub(48)).collect();
            let index = match digits[..] {
                [Some(lo)] => usize::from(lo),
                [Some(hi), Some(lo)] => usize::from(hi) * 44 + usize::from(lo),
                _ => return Err(format!("bad cache code {}", s.raw)),
            };
            s.text = self
                .entries
                .get(index)
                .cloned()
                .ok_or_else(|| format!("unknown cache code {}", s.raw))?;
            s.code = true;
            s.cacheable = is_cacheable(&s.text, as_key);
        } else {
            s.cacheable = is_cacheable(&s.text, as_key);
            s.cache_full = s.cacheable && self.next == CACHE_SIZE;
            if s.cacheable {
                if self.next == CACHE_SIZE {
                    self.next = 0;
                }
                if self.next == self.entries.len() {
                    self.entries.push(s.text.clone());
                } else {
                    self.entries[self.next] = s.text.clone();
                }
                self.next += 1;
            }
        }
        Ok(())
    }
}

/// Replaces every cache code by the string it stands for, in document order, with
/// each string in its role (map key or value), as a reader does.
fn expand(j: &mut J, as_key: bool, cache: &mut ReadCache) -> Result<(), String> {
    match j {
        J::Str(s) => cache.expand(s, as_key)?,
        J::Arr(items) => {
            let is_map = matches!(items.first(), Some(J::Str(s)) if s.text == "^ ");
            for (i, item) in items.iter_mut().enumerate() {
                if is_map && i == 0 {
                    continue;
                }
                expand(item, is_map && i % 2 == 1, cache)?;
            }
        }
        J::Obj(pairs) => {
            for (k, v) in pairs {
                cache.expand(k, true)?;
                expand(v, false, cache)?;
            }
        }
        J::Null | J::Bool(_) | J::Num(_) => {}
    }
    Ok(())
}

struct DiffCx {
    kind: PeerKind,
    mode: Mode,
    reasons: BTreeSet<&'static str>,
    /// An explained difference changed which strings the peer cached.
    cache_diverged: bool,
    path: Vec<String>,
}

impl DiffCx {
    fn err(&self, what: String) -> String {
        format!("at /{}: {what}", self.path.join("/"))
    }
}

/// Our bytes against the peer's for one value: `Ok` with the reasons that explain
/// every difference, or `Err` with the first unexplained one.
fn classify_bytes(
    kind: PeerKind,
    mode: Mode,
    peer: &str,
    ours: &str,
) -> Result<BTreeSet<&'static str>, String> {
    let mut p = parse_json(peer).map_err(|e| format!("peer JSON: {e}"))?;
    let mut o = parse_json(ours).map_err(|e| format!("our JSON: {e}"))?;
    expand(&mut p, false, &mut ReadCache::default()).map_err(|e| format!("peer: {e}"))?;
    expand(&mut o, false, &mut ReadCache::default()).map_err(|e| format!("ours: {e}"))?;
    let mut cx = DiffCx {
        kind,
        mode,
        reasons: BTreeSet::new(),
        cache_diverged: false,
        path: vec![],
    };
    diff(&p, &o, &mut cx)?;
    if cx.reasons.is_empty() {
        return Err("the bytes differ but no difference was found in the JSON".into());
    }
    Ok(cx.reasons)
}

fn tag_of_arr(items: &[J]) -> Option<&str> {
    match items {
        [J::Str(s), _] => s.text.strip_prefix("~#"),
        _ => None,
    }
}

fn tag_of_obj(pairs: &[(JStr, J)]) -> Option<&str> {
    match pairs {
        [(k, _)] => k.text.strip_prefix("~#"),
        _ => None,
    }
}

fn is_float_token(t: &str) -> bool {
    t.contains(['.', 'e', 'E'])
}

fn same_double(a: &str, b: &str) -> bool {
    matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x.to_bits() == y.to_bits())
}

fn diff(p: &J, o: &J, cx: &mut DiffCx) -> Result<(), String> {
    match (p, o) {
        (J::Null, J::Null) => Ok(()),
        (J::Bool(a), J::Bool(b)) if a == b => Ok(()),
        (J::Num(a), J::Num(b)) => {
            if a == b {
                Ok(())
            } else if is_float_token(a) && is_float_token(b) && same_double(a, b) {
                cx.reasons.insert(FLOAT_SPELLING);
                Ok(())
            } else {
                Err(cx.err(format!("number {a} vs {b}")))
            }
        }
        (J::Str(a), J::Str(b)) => diff_str(a, b, cx),
        (J::Num(a), J::Str(b))
            if cx.kind == PeerKind::Js
                && unsafe_integer(a).is_some()
                && (b.text == format!("~i{a}") || b.text == format!("~n{a}")) =>
        {
            cx.reasons.insert(JS_UNSAFE_NUMBER);
            Ok(())
        }
        (J::Arr(a), J::Arr(b)) => {
            if let (Some("link"), Some("link")) = (tag_of_arr(a), tag_of_arr(b)) {
                diff(&a[0], &b[0], cx)?;
                return diff_link(&a[1], &b[1], cx);
            }
            if a.len() != b.len() {
                return Err(cx.err(format!("array of {} vs {} items", a.len(), b.len())));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                cx.path.push(i.to_string());
                diff(x, y, cx)?;
                cx.path.pop();
            }
            Ok(())
        }
        (J::Obj(a), J::Obj(b)) => {
            if let (Some("link"), Some("link")) = (tag_of_obj(a), tag_of_obj(b)) {
                diff_str(&a[0].0, &b[0].0, cx)?;
                return diff_link(&a[0].1, &b[0].1, cx);
            }
            if a.len() != b.len() {
                return Err(cx.err(format!("object of {} vs {} keys", a.len(), b.len())));
            }
            for ((ka, va), (kb, vb)) in a.iter().zip(b) {
                diff_str(ka, kb, cx)?;
                cx.path.push(ka.text.clone());
                diff(va, vb, cx)?;
                cx.path.pop();
            }
            Ok(())
        }
        (J::Obj(a), J::Arr(b))
            if cx.kind == PeerKind::PythonPure
                && cx.mode == Mode::Compact
                && tag_of_obj(a) == Some("cmap")
                && tag_of_arr(b) == Some("cmap") =>
        {
            cx.reasons.insert(PY_CMAP_OBJECT);
            diff_str(
                &a[0].0,
                match &b[0] {
                    J::Str(s) => s,
                    _ => unreachable!(),
                },
                cx,
            )?;
            cx.path.push("cmap".into());
            diff(&a[0].1, &b[1], cx)?;
            cx.path.pop();
            Ok(())
        }
        _ => Err(cx.err(format!("{} vs {}", show(p), show(o)))),
    }
}

fn diff_str(a: &JStr, b: &JStr, cx: &mut DiffCx) -> Result<(), String> {
    if a.text == b.text {
        if a.code != b.code {
            if a.code && !a.cacheable && cx.kind == PeerKind::PythonPure {
                cx.reasons.insert(PY_CODE_ANYWHERE);
            } else if b.code && a.cache_full && cx.kind == PeerKind::Js {
                cx.reasons.insert(JS_CACHE_FULL);
                cx.cache_diverged = true;
            } else if !cx.cache_diverged {
                return Err(cx.err(format!(
                    "{} written as {} by the peer, {} by us",
                    show_str(&a.text),
                    a.raw,
                    b.raw
                )));
            }
        } else if !a.code && a.raw != b.raw {
            if b.raw == java_escaped(&b.text) {
                cx.reasons.insert(JAVA_ESCAPES);
            } else {
                return Err(cx.err(format!("string escaped as {} vs {}", a.raw, b.raw)));
            }
        }
        return Ok(());
    }
    if let (Some(x), Some(y)) = (a.text.strip_prefix("~d"), b.text.strip_prefix("~d")) {
        if same_double(x, y) {
            cx.reasons.insert(FLOAT_SPELLING);
            return Ok(());
        }
    }
    Err(cx.err(format!("{} vs {}", a.raw, b.raw)))
}

/// A JSON string token as transit-java's generator (Jackson) writes it: short
/// escapes, other control characters as `\u00XX` and characters outside the BMP as
/// two `\uXXXX` surrogates, upper-case hex; everything else as it is.
fn java_escaped(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0xffff => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The entries of a map written as `["^ ", k, v, …]` or as an object.
fn map_entries(j: &J) -> Option<Vec<(J, J)>> {
    match j {
        J::Arr(items) if matches!(items.first(), Some(J::Str(s)) if s.text == "^ ") => Some(
            items[1..]
                .chunks(2)
                .map(|kv| (kv[0].clone(), kv.get(1).cloned().unwrap_or(J::Null)))
                .collect(),
        ),
        J::Obj(pairs) => Some(
            pairs
                .iter()
                .map(|(k, v)| (J::Str(k.clone()), v.clone()))
                .collect(),
        ),
        _ => None,
    }
}

fn diff_link(p: &J, o: &J, cx: &mut DiffCx) -> Result<(), String> {
    let (Some(mut pe), Some(oe)) = (map_entries(p), map_entries(o)) else {
        return Err(cx.err(format!("link rep {} vs {}", show(p), show(o))));
    };
    if cx.kind.is_python() {
        let before = pe.len();
        pe.retain(|(k, v)| {
            !(matches!(k, J::Str(s) if ["name", "render", "prompt"].contains(&s.text.as_str()))
                && matches!(v, J::Null))
        });
        if pe.len() != before {
            cx.reasons.insert(PY_LINK_NULLS);
            cx.cache_diverged = true;
        }
    }
    if pe.len() != oe.len() {
        return Err(cx.err(format!("link of {} vs {} fields", pe.len(), oe.len())));
    }
    // Compared in transit-java's key order, which ours must be in.
    const JAVA_ORDER: [&str; 5] = ["rel", "name", "href", "prompt", "render"];
    let rank = |k: &J| match k {
        J::Str(s) => JAVA_ORDER.iter().position(|&n| n == s.text).unwrap_or(5),
        _ => 5,
    };
    let ours_in_order = oe.windows(2).all(|w| rank(&w[0].0) < rank(&w[1].0));
    if !ours_in_order {
        return Err(cx.err("our link keys are not in transit-java's order".into()));
    }
    let before: Vec<usize> = pe.iter().map(|(k, _)| rank(k)).collect();
    pe.sort_by_key(|(k, _)| rank(k));
    if pe.iter().map(|(k, _)| rank(k)).collect::<Vec<_>>() != before {
        cx.reasons.insert(JAVA_LINK_ORDER);
        // The peer cached its keys in its own order.
        cx.cache_diverged = true;
    }
    cx.path.push("link".into());
    for ((kp, vp), (ko, vo)) in pe.iter().zip(&oe) {
        diff(kp, ko, cx)?;
        diff(vp, vo, cx)?;
    }
    cx.path.pop();
    Ok(())
}

fn show_str(s: &str) -> String {
    clip(&format!("{s:?}"))
}

fn show(j: &J) -> String {
    let text = match j {
        J::Null => "null".to_owned(),
        J::Bool(b) => b.to_string(),
        J::Num(n) => n.clone(),
        J::Str(s) => s.raw.clone(),
        J::Arr(items) => format!("array of {}", items.len()),
        J::Obj(pairs) => format!("object of {}", pairs.len()),
    };
    clip(&text)
}

// ------------------------------------------------------------------ MessagePack

/// One value per line, in hex.
fn read_hex_lines(path: &Path) -> Vec<Vec<u8>> {
    read_lines(path)
        .iter()
        .map(|line| hex_bytes(line).unwrap_or_else(|| panic!("{}: not hex", path.display())))
        .collect()
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `["~#'", null]` in MessagePack, in the place of a value we could not write.
const PLACEHOLDER_MP: &[u8] = b"\x92\xa3~#'\xc0";

/// transit-python in MessagePack: (a) its bytes decode to the value its JSON gave
/// and our bytes are compared with its own, (b) it reads ours to its value and we
/// read its re-encoding of ours to ours.
fn check_peer_msgpack(peer: &Peer, seed: u64, n: usize, work: &Path) -> Report {
    let mut report = Report {
        label: format!("{}, MessagePack", peer.label),
        seed,
        count: n,
        reasons: BTreeMap::new(),
        checked: BTreeMap::new(),
        identical: BTreeMap::new(),
        failures: vec![],
    };
    let tag = format!("{:?}", peer.kind).to_lowercase();
    let gen_hex = work.join(format!("{tag}-gen.msgpack.hex"));
    let gen_json = work.join(format!("{tag}-gen.json"));
    if let Err(e) = peer.run(
        &[
            "gen-msgpack",
            &seed.to_string(),
            &n.to_string(),
            gen_hex.to_str().expect("utf-8 path"),
        ],
        None,
    ) {
        report.fail(format!(
            "the peer could not generate MessagePack values: {e}"
        ));
        return report;
    }
    let peer_mp = read_hex_lines(&gen_hex);
    let peer_json = read_lines(&gen_json);
    assert_eq!(
        peer_mp.len(),
        n,
        "the peer wrote {} lines, not {n}",
        peer_mp.len()
    );

    // (a) we decode the peer's MessagePack, to what its JSON decodes to.
    let mut ours: Vec<Option<Value>> = vec![];
    for (i, bytes) in peer_mp.iter().enumerate() {
        report.checked("(a) we decode peer msgpack");
        match transit_format::from_msgpack_slice::<Value>(bytes) {
            Ok(v) => {
                report.checked("(a) peer msgpack and json decode to equal values");
                match transit_format::from_str::<Value>(&peer_json[i]) {
                    Ok(j) if j == v => {}
                    other => report.fail(format!(
                        "value {i}: the peer's msgpack and json decode differently: {:?}\n  msgpack: {}\n  json: {}\n  ours from msgpack: {v}",
                        other.map(|j| j.to_string()),
                        clip(&hex(bytes)),
                        clip(&peer_json[i])
                    )),
                }
                ours.push(Some(v));
            }
            Err(e) => {
                report.fail(format!(
                    "value {i}: we cannot decode the peer's msgpack: {e}\n  peer: {}",
                    clip(&hex(bytes))
                ));
                ours.push(None);
            }
        }
    }

    // We re-encode: it reads back to itself, and our bytes are compared with the peer's.
    let mut encoded: Vec<Option<Vec<u8>>> = vec![];
    for (i, value) in ours.iter().enumerate() {
        let Some(value) = value else {
            encoded.push(None);
            continue;
        };
        let bytes = match transit_format::to_msgpack_vec(value) {
            Ok(bytes) => bytes,
            Err(e) => {
                report.fail(format!(
                    "value {i}: we cannot encode a value we decoded: {e}"
                ));
                encoded.push(None);
                continue;
            }
        };
        report.checked("(a) ours msgpack reads back to itself");
        match transit_format::from_msgpack_slice::<Value>(&bytes) {
            Ok(back) if &back == value => {}
            other => report.fail(format!(
                "value {i}: our msgpack does not read back to the value: {:?}\n  ours: {}",
                other.map(|_| "a different value"),
                clip(&hex(&bytes))
            )),
        }
        let check = "(a) our msgpack bytes vs the peer's";
        report.checked(check);
        if bytes == peer_mp[i] {
            report.identical(check);
        } else {
            match classify_msgpack_bytes(peer.kind, &peer_mp[i], &bytes) {
                Ok(reasons) => report.reasons(check, &reasons),
                Err(why) => report.fail(format!(
                    "value {i}: our msgpack bytes differ from the peer's: {why}\n  peer: {}\n  ours: {}",
                    clip(&hex(&peer_mp[i])),
                    clip(&hex(&bytes))
                )),
            }
        }
        encoded.push(Some(bytes));
    }

    // (b) the peer reads its own bytes and ours.
    let describe_in = work.join(format!("{tag}-describe.msgpack.in"));
    let mut input = String::new();
    for bytes in peer_mp.iter().map(Vec::as_slice).chain(
        encoded
            .iter()
            .map(|b| b.as_deref().unwrap_or(PLACEHOLDER_MP)),
    ) {
        input.push_str(&hex(bytes));
        input.push('\n');
    }
    std::fs::write(&describe_in, input).expect("write describe input");
    let described = match peer.run(&["describe-msgpack"], Some(&describe_in)) {
        Ok(out) => out,
        Err(e) => {
            report.fail(format!("the peer's describe-msgpack failed: {e}"));
            return report;
        }
    };
    let described: Vec<serde_json::Value> = String::from_utf8(described)
        .expect("peer output is UTF-8")
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).expect("peer describe line is JSON"))
        .collect();
    assert_eq!(
        described.len(),
        2 * n,
        "the peer described {} lines",
        described.len()
    );
    for i in 0..n {
        let (Some(ours_bytes), Some(value)) = (&encoded[i], &ours[i]) else {
            continue;
        };
        let (theirs, back) = (&described[i], &described[n + i]);
        if let Some(e) = theirs.get("error") {
            let error = e.as_str().unwrap_or_default();
            let mut merged = false;
            python_bool_merged(value, &mut merged);
            let own_keys_merged = peer.kind == PeerKind::PythonPure
                && merged
                && error.contains("Unknown cache code")
                && transit_format::from_str::<Value>(&peer_json[i])
                    .ok()
                    .as_ref()
                    == Some(value);
            if own_keys_merged {
                report.checked("(b) peer reads its own msgpack");
                report.reasons(
                    "(b) peer reads its own msgpack",
                    &BTreeSet::from([PY_OWN_BOOL_NUMBER_KEYS]),
                );
                continue;
            }
            report.fail(format!(
                "value {i}: the peer cannot read its own msgpack: {}",
                e.as_str().unwrap_or_default()
            ));
            continue;
        }
        report.checked("(b) peer reads our msgpack to its value");
        if let Some(e) = back.get("error") {
            report.fail(format!(
                "value {i}: the peer cannot read our msgpack: {}\n  ours: {}",
                e.as_str().unwrap_or_default(),
                clip(&hex(ours_bytes))
            ));
            continue;
        }
        match classify_fingerprints(peer.kind, &theirs["fp"], &back["fp"]) {
            Ok(reasons) => report.reasons("(b) peer reads our msgpack to its value", &reasons),
            Err(why) => report.fail(format!(
                "value {i}: the peer reads our msgpack to a different value: {why}\n  ours: {}",
                clip(&hex(ours_bytes))
            )),
        }
        report.checked("(b) peer msgpack re-encoding of ours vs of its own");
        if back["msgpack"] == theirs["msgpack"] {
            report.identical("(b) peer msgpack re-encoding of ours vs of its own");
        }
        report.checked("(b) we read the peer's msgpack re-encoding of ours");
        let again = hex_bytes(back["msgpack"].as_str().unwrap_or_default()).unwrap_or_default();
        match transit_format::from_msgpack_slice::<Value>(&again) {
            Ok(w) => match classify_values(peer.kind, value, &w) {
                Ok(reasons) => {
                    report.reasons("(b) we read the peer's msgpack re-encoding of ours", &reasons)
                }
                Err(why) => report.fail(format!(
                    "value {i}: the peer's re-encoding of our msgpack reads to a different value: {why}"
                )),
            },
            Err(e) => report.fail(format!(
                "value {i}: we cannot decode the peer's re-encoding of our msgpack: {e}\n  peer's: {}",
                clip(&hex(&again))
            )),
        }
    }
    report
}

/// A MessagePack value as written, for comparing two writers' bytes.
#[derive(Clone, Debug)]
enum M {
    Nil,
    Bool(bool),
    Int(i128),
    F32(u32),
    F64(u64),
    Str(MStr),
    Bin(Vec<u8>),
    Arr(Vec<M>),
    Map(Vec<(M, M)>),
}

/// A string as written: its text (a cache code's text once expanded), the marker
/// byte of its header, and whether it was a code.
#[derive(Clone, Debug)]
struct MStr {
    text: String,
    marker: u8,
    code: bool,
    cacheable: bool,
}

fn parse_msgpack(bytes: &[u8]) -> Result<M, String> {
    let mut cur = Cur { b: bytes, at: 0 };
    let m = cur.value()?;
    if cur.at != bytes.len() {
        return Err(format!("trailing bytes at {}", cur.at));
    }
    Ok(m)
}

struct Cur<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let piece = self
            .b
            .get(self.at..self.at + n)
            .ok_or_else(|| format!("short input at {}", self.at))?;
        self.at += n;
        Ok(piece)
    }

    /// `n` bytes, big-endian.
    fn be(&mut self, n: usize) -> Result<u64, String> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |x, &b| x << 8 | u64::from(b)))
    }

    fn value(&mut self) -> Result<M, String> {
        let marker = self.take(1)?[0];
        Ok(match marker {
            0x00..=0x7f => M::Int(i128::from(marker)),
            0xe0..=0xff => M::Int(i128::from(marker as i8)),
            0x80..=0x8f | 0xde | 0xdf => {
                let n = match marker {
                    0xde => self.be(2)? as usize,
                    0xdf => self.be(4)? as usize,
                    _ => usize::from(marker & 0x0f),
                };
                let mut pairs = vec![];
                for _ in 0..n {
                    let k = self.value()?;
                    pairs.push((k, self.value()?));
                }
                M::Map(pairs)
            }
            0x90..=0x9f | 0xdc | 0xdd => {
                let n = match marker {
                    0xdc => self.be(2)? as usize,
                    0xdd => self.be(4)? as usize,
                    _ => usize::from(marker & 0x0f),
                };
                let mut items = vec![];
                for _ in 0..n {
                    items.push(self.value()?);
                }
                M::Arr(items)
            }
            0xa0..=0xbf | 0xd9 | 0xda | 0xdb => {
                let n = match marker {
                    0xd9 => self.be(1)? as usize,
                    0xda => self.be(2)? as usize,
                    0xdb => self.be(4)? as usize,
                    _ => usize::from(marker & 0x1f),
                };
                let text = String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "not UTF-8")?;
                M::Str(MStr {
                    text,
                    marker,
                    code: false,
                    cacheable: false,
                })
            }
            0xc4..=0xc6 => {
                let n = self.be(1 << (marker - 0xc4))? as usize;
                M::Bin(self.take(n)?.to_vec())
            }
            0xc0 => M::Nil,
            0xc2 => M::Bool(false),
            0xc3 => M::Bool(true),
            0xca => M::F32(self.be(4)? as u32),
            0xcb => M::F64(self.be(8)?),
            0xcc..=0xcf => M::Int(i128::from(self.be(1 << (marker - 0xcc))?)),
            0xd0..=0xd3 => {
                let n = 1usize << (marker - 0xd0);
                let shift = 64 - 8 * n as u32;
                let raw = self.be(n)?;
                M::Int(i128::from(((raw << shift) as i64) >> shift))
            }
            other => return Err(format!("marker {other:#04x} at {}", self.at - 1)),
        })
    }
}

/// Replaces cache codes by their strings, in document order, map keys as keys.
fn expand_m(
    m: &mut M,
    as_key: bool,
    cache: &mut Vec<String>,
    next: &mut usize,
) -> Result<(), String> {
    match m {
        M::Str(s) => {
            if s.text.starts_with('^') && s.text != "^ " {
                let digits: Vec<Option<u8>> =
                    s.text[1..].bytes().map(|b| b.checked_sub(48)).collect();
                let index = match digits[..] {
                    [Some(lo)] => usize::from(lo),
                    [Some(hi), Some(lo)] => usize::from(hi) * 44 + usize::from(lo),
                    _ => return Err(format!("bad cache code {}", s.text)),
                };
                s.text = cache.get(index).cloned().ok_or("unknown cache code")?;
                s.code = true;
                s.cacheable = is_cacheable(&s.text, as_key);
            } else {
                s.cacheable = is_cacheable(&s.text, as_key);
                if s.cacheable {
                    if *next == CACHE_SIZE {
                        *next = 0;
                    }
                    if *next == cache.len() {
                        cache.push(s.text.clone());
                    } else {
                        cache[*next] = s.text.clone();
                    }
                    *next += 1;
                }
            }
        }
        M::Arr(items) => {
            for item in items {
                expand_m(item, false, cache, next)?;
            }
        }
        M::Map(pairs) => {
            for (k, v) in pairs {
                expand_m(k, true, cache, next)?;
                expand_m(v, false, cache, next)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Our MessagePack bytes against the peer's for one value: the reasons for every
/// difference, or the first unexplained one.
fn classify_msgpack_bytes(
    kind: PeerKind,
    peer: &[u8],
    ours: &[u8],
) -> Result<BTreeSet<&'static str>, String> {
    let mut p = parse_msgpack(peer).map_err(|e| format!("peer: {e}"))?;
    let mut o = parse_msgpack(ours).map_err(|e| format!("ours: {e}"))?;
    expand_m(&mut p, false, &mut vec![], &mut 0).map_err(|e| format!("peer: {e}"))?;
    expand_m(&mut o, false, &mut vec![], &mut 0).map_err(|e| format!("ours: {e}"))?;
    let mut cx = DiffCx {
        kind,
        mode: Mode::Compact,
        reasons: BTreeSet::new(),
        cache_diverged: false,
        path: vec![],
    };
    diff_m(&p, &o, &mut cx)?;
    if cx.reasons.is_empty() {
        return Err("the bytes differ but no difference was found".into());
    }
    Ok(cx.reasons)
}

fn diff_m(p: &M, o: &M, cx: &mut DiffCx) -> Result<(), String> {
    match (p, o) {
        (M::Nil, M::Nil) => Ok(()),
        (M::Bool(a), M::Bool(b)) if a == b => Ok(()),
        (M::Int(a), M::Int(b)) if a == b => Ok(()),
        (M::F64(a), M::F64(b)) if a == b => Ok(()),
        (M::F32(a), M::F32(b)) if a == b => Ok(()),
        (M::Bin(a), M::Bin(b)) if a == b => Ok(()),
        (M::Str(a), M::Str(b)) => diff_mstr(a, b, cx),
        (M::Arr(a), M::Arr(b)) => {
            let tag = |items: &[M]| match items {
                [M::Str(s), _] => Some(s.text.clone()),
                _ => None,
            };
            if tag(a).as_deref() == Some("~#link") && tag(b).as_deref() == Some("~#link") {
                diff_m(&a[0], &b[0], cx)?;
                return diff_link_m(&a[1], &b[1], cx);
            }
            if a.len() != b.len() {
                return Err(cx.err(format!("array of {} vs {} items", a.len(), b.len())));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                cx.path.push(i.to_string());
                diff_m(x, y, cx)?;
                cx.path.pop();
            }
            Ok(())
        }
        (M::Map(a), M::Map(b)) => {
            if a.len() != b.len() {
                return Err(cx.err(format!("map of {} vs {} entries", a.len(), b.len())));
            }
            for (i, ((ka, va), (kb, vb))) in a.iter().zip(b).enumerate() {
                cx.path.push(format!("key {i}"));
                diff_m(ka, kb, cx)?;
                cx.path.pop();
                cx.path.push(format!("value {i}"));
                diff_m(va, vb, cx)?;
                cx.path.pop();
            }
            Ok(())
        }
        _ => Err(cx.err(format!("{} vs {}", show_m(p), show_m(o)))),
    }
}

fn diff_mstr(a: &MStr, b: &MStr, cx: &mut DiffCx) -> Result<(), String> {
    if a.text != b.text {
        return Err(cx.err(format!("{} vs {}", show_str(&a.text), show_str(&b.text))));
    }
    if a.code != b.code {
        if a.code && !a.cacheable && cx.kind == PeerKind::PythonPure {
            cx.reasons.insert(PY_CODE_ANYWHERE);
        } else if !cx.cache_diverged {
            return Err(cx.err(format!(
                "{} written as a {} by the peer, a {} by us",
                show_str(&a.text),
                if a.code { "code" } else { "string" },
                if b.code { "code" } else { "string" }
            )));
        }
        return Ok(());
    }
    if a.marker != b.marker {
        let len = a.text.len();
        if !a.code && a.marker == 0xd9 && b.marker == 0xda && (32..256).contains(&len) {
            cx.reasons.insert(PY_STR8);
        } else if !a.code {
            return Err(cx.err(format!(
                "string header {:#04x} vs {:#04x} for {len} bytes",
                a.marker, b.marker
            )));
        }
    }
    Ok(())
}

fn diff_link_m(p: &M, o: &M, cx: &mut DiffCx) -> Result<(), String> {
    let (M::Map(pe), M::Map(oe)) = (p, o) else {
        return Err(cx.err(format!("link rep {} vs {}", show_m(p), show_m(o))));
    };
    let name = |k: &M| match k {
        M::Str(s) => s.text.clone(),
        _ => String::new(),
    };
    let mut pe = pe.clone();
    let before = pe.len();
    pe.retain(|(k, v)| {
        !(["name", "render", "prompt"].contains(&name(k).as_str()) && matches!(v, M::Nil))
    });
    if pe.len() != before {
        cx.reasons.insert(PY_LINK_NULLS);
        cx.cache_diverged = true;
    }
    if pe.len() != oe.len() {
        return Err(cx.err(format!("link of {} vs {} fields", pe.len(), oe.len())));
    }
    const JAVA_ORDER: [&str; 5] = ["rel", "name", "href", "prompt", "render"];
    let rank = |k: &M| JAVA_ORDER.iter().position(|&n| n == name(k)).unwrap_or(5);
    if !oe.windows(2).all(|w| rank(&w[0].0) < rank(&w[1].0)) {
        return Err(cx.err("our link keys are not in transit-java's order".into()));
    }
    let ranks: Vec<usize> = pe.iter().map(|(k, _)| rank(k)).collect();
    pe.sort_by_key(|(k, _)| rank(k));
    if pe.iter().map(|(k, _)| rank(k)).collect::<Vec<_>>() != ranks {
        cx.reasons.insert(JAVA_LINK_ORDER);
        cx.cache_diverged = true;
    }
    cx.path.push("link".into());
    for ((kp, vp), (ko, vo)) in pe.iter().zip(oe) {
        diff_m(kp, ko, cx)?;
        diff_m(vp, vo, cx)?;
    }
    cx.path.pop();
    Ok(())
}

fn show_m(m: &M) -> String {
    clip(&match m {
        M::Nil => "nil".to_owned(),
        M::Bool(b) => b.to_string(),
        M::Int(i) => i.to_string(),
        M::F32(bits) => format!("f32 {}", f32::from_bits(*bits)),
        M::F64(bits) => format!("f64 {}", f64::from_bits(*bits)),
        M::Str(s) => format!("{:?}", s.text),
        M::Bin(b) => format!("bin of {}", b.len()),
        M::Arr(items) => format!("array of {}", items.len()),
        M::Map(pairs) => format!("map of {}", pairs.len()),
    })
}

// ------------------------------------------------------------------ generated values

/// `transit gen`'s values (the library's generator, feature `arbitrary`) read by
/// the peers and written back.
#[cfg(feature = "arbitrary")]
mod generated {
    use super::*;

    /// How many generated values each peer reads (`INTEROP_GEN_COUNT`).
    fn gen_count() -> usize {
        std::env::var("INTEROP_GEN_COUNT")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(10_000)
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Encoding {
        Json,
        Verbose,
        Msgpack,
    }

    impl Encoding {
        fn name(self) -> &'static str {
            match self {
                Encoding::Json => "json",
                Encoding::Verbose => "verbose",
                Encoding::Msgpack => "msgpack",
            }
        }
    }

    /// transit-js reads 10,000 values of `transit gen`'s generator (the library's
    /// `generate` module: every type, nested, strings that stress escaping and the
    /// cache, cache rollovers), which we write in JSON and JSON-Verbose; its
    /// re-encodings in both modes read back here to our values.
    #[test]
    #[ignore = "uses the network (npm, PyPI): TRANSIT_INTEROP=1 cargo test --test interop -- --ignored"]
    fn transit_js_reads_generated_values() {
        require_opt_in();
        let started = Instant::now();
        let tmp = TempDir::new("js-gen");
        let Some(peer) = install_js(&tmp) else {
            return;
        };
        let install = started.elapsed();
        let run_started = Instant::now();
        let report = check_generated(
            &peer,
            seed(),
            gen_count(),
            &tmp.0,
            &[Encoding::Json, Encoding::Verbose],
        );
        report.finish(install, run_started.elapsed());
    }

    /// transit-python (each variant) reads 10,000 generated values, which we write in
    /// JSON, JSON-Verbose and MessagePack; its re-encodings read back here to our
    /// values.
    #[test]
    #[ignore = "uses the network (npm, PyPI): TRANSIT_INTEROP=1 cargo test --test interop -- --ignored"]
    fn transit_python_reads_generated_values() {
        require_opt_in();
        let started = Instant::now();
        let tmp = TempDir::new("py-gen");
        let Some(peers) = install_python(&tmp) else {
            return;
        };
        let install = started.elapsed();
        for peer in peers {
            let run_started = Instant::now();
            let report = check_generated(
                &peer,
                seed(),
                gen_count(),
                &tmp.0,
                &[Encoding::Json, Encoding::Verbose, Encoding::Msgpack],
            );
            report.finish(install, run_started.elapsed());
        }
    }

    /// The generated values from `seed` that the peer can carry, `n` of them; what is
    /// left out is counted by reason.
    fn check_generated(
        peer: &Peer,
        seed: u64,
        n: usize,
        work: &Path,
        encodings: &[Encoding],
    ) -> Report {
        let mut report = Report {
            label: format!("{}, generated values", peer.label),
            seed,
            count: n,
            reasons: BTreeMap::new(),
            checked: BTreeMap::new(),
            identical: BTreeMap::new(),
            failures: vec![],
        };
        let mut values = Vec::with_capacity(n);
        let options = transit_format::generate::Options::new();
        for value in options.values(seed).take(20 * n) {
            if values.len() == n {
                break;
            }
            let check = "generated values left out for the peer";
            report.checked(check);
            match left_out(peer.kind, &value) {
                Some(reason) => report.reasons(check, &BTreeSet::from([reason])),
                None => values.push(value),
            }
        }
        assert_eq!(values.len(), n, "too many generated values left out");

        let tag = format!("{:?}", peer.kind).to_lowercase();
        for &encoding in encodings {
            let path = work.join(format!("{tag}-generated.{}.in", encoding.name()));
            let mut input = String::new();
            for value in &values {
                let line = match encoding {
                    Encoding::Json => transit_format::to_string(value).map_err(|e| e.to_string()),
                    Encoding::Verbose => {
                        transit_format::to_string_verbose(value).map_err(|e| e.to_string())
                    }
                    Encoding::Msgpack => transit_format::to_msgpack_vec(value)
                        .map(|b| hex(&b))
                        .map_err(|e| e.to_string()),
                };
                input.push_str(&line.unwrap_or_else(|e| panic!("we cannot write {value}: {e}")));
                input.push('\n');
            }
            std::fs::write(&path, input).expect("write the generated values");
            let (command, fields): (&str, &[&str]) = match encoding {
                Encoding::Msgpack => ("describe-msgpack", &["msgpack"]),
                _ => ("describe", &["json", "verbose"]),
            };
            let described = match peer.run(&[command], Some(&path)) {
                Ok(out) => out,
                Err(e) => {
                    report.fail(format!("the peer's {command} failed: {e}"));
                    continue;
                }
            };
            // A line that is not JSON (a lone surrogate in a string the peer made)
            // is that value's failure, not the run's.
            let described: Vec<serde_json::Value> = String::from_utf8(described)
                .expect("peer output is UTF-8")
                .split('\n')
                .filter(|l| !l.is_empty())
                .map(|l| {
                    serde_json::from_str(l).unwrap_or_else(|e| {
                        serde_json::json!({"error": format!("its output is not JSON: {e}: {}", clip(l))})
                    })
                })
                .collect();
            assert_eq!(
                described.len(),
                n,
                "the peer described {} lines",
                described.len()
            );
            for (i, (value, d)) in values.iter().zip(&described).enumerate() {
                let check = format!("peer reads our {} and writes it back", encoding.name());
                report.checked(&check);
                if let Some(e) = d.get("error") {
                    report.fail(format!(
                        "generated value {i}: the peer cannot read our {}: {}\n  ours: {}",
                        encoding.name(),
                        e.as_str().unwrap_or_default(),
                        clip(&value.to_string())
                    ));
                    continue;
                }
                for field in fields {
                    let text = d[field].as_str().unwrap_or_default();
                    let back = if encoding == Encoding::Msgpack {
                        transit_format::from_msgpack_slice::<Value>(
                            &hex_bytes(text).unwrap_or_default(),
                        )
                    } else {
                        transit_format::from_str::<Value>(text)
                    };
                    match back {
                        Ok(theirs) => match classify_generated(peer.kind, value, &theirs) {
                            Ok(reasons) => report.reasons(&check, &reasons),
                            Err(why) => report.fail(format!(
                                "generated value {i}: the peer's {field} re-encoding of our {} reads to another value: {why}\n  ours:   {}\n  peer's: {}",
                                encoding.name(),
                                clip(&value.to_string()),
                                clip(text)
                            )),
                        },
                        Err(e) => report.fail(format!(
                            "generated value {i}: we cannot read the peer's {field} re-encoding of our {}: {e}\n  ours:   {}\n  peer's: {}",
                            encoding.name(),
                            clip(&value.to_string()),
                            clip(text)
                        )),
                    }
                }
            }
        }
        report
    }

    /// Why the peer cannot carry a generated value, if it cannot.
    fn left_out(kind: PeerKind, value: &Value) -> Option<&'static str> {
        if kind == PeerKind::Js
            && any_map_key(
                value,
                &|k| matches!(k, Value::Float(f) if !js_integral(*f) || f.abs() >= 9.2e18),
            )
        {
            return Some(JS_FLOAT_KEY);
        }
        if kind.is_python() {
            let odd_link = |v: &Value| {
                matches!(v, Value::Link(l) if l.href.as_str().is_empty()
                || l.rel.is_empty()
                || l.render.as_ref().is_some_and(|r| {
                    !matches!(r.to_lowercase().as_str(), "link" | "image")
                }))
            };
            if any_value(value, &odd_link) {
                return Some(PY_LINK_RENDER);
            }
            let nul_tag = |v: &Value| matches!(v, Value::Tagged(t) if t.tag() == "\u{0}");
            if kind == PeerKind::PythonNative && any_value(value, &nul_tag) {
                return Some(PY_NUL_TAG);
            }
            let holds_link = |k: &Value| any_value(k, &|v| matches!(v, Value::Link(_)));
            if any_map_key(value, &holds_link) || any_set_member(value, &holds_link) {
                return Some(PY_UNHASHABLE_LINK);
            }
        }
        if keys_collide(kind, value) {
            return Some(PEER_EQUAL_KEYS);
        }
        if kind.is_python() {
            let text = transit_format::to_string(value).expect("we write every generated value");
            let j = parse_json(&text).expect("our output is JSON");
            if python_cache_disagrees(&j, false) {
                return Some(PY_CACHE_THRESHOLD);
            }
        }
        None
    }

    /// Whether a float is one that transit-js writes as an integer.
    fn js_integral(f: f64) -> bool {
        f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21
    }

    fn children(v: &Value) -> Vec<&Value> {
        match v {
            Value::Array(items) | Value::List(items) => items.iter().collect(),
            Value::Set(set) => set.iter().collect(),
            Value::Map(map) => map.iter().flat_map(|(k, x)| [k, x]).collect(),
            Value::Tagged(t) => vec![t.rep()],
            _ => vec![],
        }
    }

    fn any_value(v: &Value, test: &dyn Fn(&Value) -> bool) -> bool {
        test(v) || children(v).into_iter().any(|c| any_value(c, test))
    }

    fn any_set_member(v: &Value, test: &dyn Fn(&Value) -> bool) -> bool {
        if let Value::Set(set) = v {
            if set.iter().any(test) {
                return true;
            }
        }
        children(v).into_iter().any(|c| any_set_member(c, test))
    }

    fn any_map_key(v: &Value, test: &dyn Fn(&Value) -> bool) -> bool {
        if let Value::Map(map) = v {
            if map.keys().any(test) {
                return true;
            }
        }
        children(v).into_iter().any(|c| any_map_key(c, test))
    }

    /// Whether a map or set holds two keys (members) that the peer takes for one.
    fn keys_collide(kind: PeerKind, v: &Value) -> bool {
        let keys: Vec<&Value> = match v {
            Value::Map(map) => map.keys().collect(),
            Value::Set(set) => set.iter().collect(),
            _ => vec![],
        };
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                if peer_same_key(kind, a, b) {
                    return true;
                }
            }
        }
        children(v).into_iter().any(|c| keys_collide(kind, c))
    }

    fn peer_same_key(kind: PeerKind, a: &Value, b: &Value) -> bool {
        match kind {
            // transit-js hashes an empty collection, an empty byte string and the
            // instant at 0 ms to 0 and takes them for the same member (a Date and
            // an empty Uint8Array have no keys, so an empty map equals them).
            PeerKind::Js if hashes_to_zero(a) && hashes_to_zero(b) => true,
            PeerKind::Js => {
                let (mut x, mut y) = (false, false);
                js_view(a, &mut BTreeSet::new(), &mut x) == js_view(b, &mut BTreeSet::new(), &mut y)
            }
            PeerKind::PythonNative | PeerKind::PythonPure => {
                let number = |v: &Value| -> Option<f64> {
                    match v {
                        Value::Bool(b) if kind == PeerKind::PythonPure => {
                            Some(f64::from(u8::from(*b)))
                        }
                        Value::Integer(i) => Some(*i as f64),
                        Value::Float(f) => Some(*f),
                        Value::BigInt(n) => n.as_str().parse().ok(),
                        Value::BigDecimal(d) => d.as_str().parse().ok(),
                        _ => None,
                    }
                };
                // Equal numbers convert to the same double: a test that may leave out
                // a few values too many, never one too few.
                matches!((number(a), number(b)), (Some(x), Some(y)) if x == y)
                    || (a != b && lists_as_arrays(a) == lists_as_arrays(b))
            }
        }
    }

    fn hashes_to_zero(v: &Value) -> bool {
        match v {
            Value::Array(items) | Value::List(items) => items.is_empty(),
            Value::Set(set) => set.is_empty(),
            Value::Map(map) => map.is_empty(),
            Value::Bytes(bytes) => bytes.is_empty(),
            Value::Instant(t) => t.timestamp_millis() == 0,
            _ => false,
        }
    }

    /// A cacheable string (a map key, or a keyword, symbol or tag anywhere) on whose
    /// length UTF-16 units, code points and UTF-8 bytes disagree about "more than 3".
    fn python_cache_disagrees(j: &J, as_key: bool) -> bool {
        let disagrees = |s: &JStr, as_key: bool| {
            let t = &s.text;
            let code = t.starts_with('^') && t != "^ ";
            let candidate =
                as_key || t.starts_with("~:") || t.starts_with("~$") || t.starts_with("~#");
            let units = t.encode_utf16().count() > 3;
            !code && candidate && (units != (t.chars().count() > 3) || units != (t.len() > 3))
        };
        match j {
            J::Str(s) => disagrees(s, as_key),
            J::Arr(items) => {
                let is_map = matches!(items.first(), Some(J::Str(s)) if s.text == "^ ");
                items.iter().enumerate().any(|(i, x)| {
                    !(is_map && i == 0) && python_cache_disagrees(x, is_map && i % 2 == 1)
                })
            }
            J::Obj(pairs) => pairs
                .iter()
                .any(|(k, x)| disagrees(k, true) || python_cache_disagrees(x, false)),
            J::Null | J::Bool(_) | J::Num(_) => false,
        }
    }

    /// The value as transit-js gives it back: chars as strings, floats with an
    /// integral value as integers.
    fn js_view(v: &Value, reasons: &mut BTreeSet<&'static str>, changed: &mut bool) -> Value {
        match v {
            Value::Char(c) => {
                *changed = true;
                reasons.insert(JS_NO_CHAR);
                Value::String(c.to_string().into())
            }
            Value::Float(f) if js_integral(*f) => {
                *changed = true;
                reasons.insert(JS_ONE_NUMBER);
                // Number#toString: the shortest digits that read back, then zeros
                // (Rust's `Display` of a double spells it the same way).
                let digits = format!("{f}");
                match digits.parse::<i64>() {
                    Ok(n) => Value::Integer(n),
                    Err(_) => {
                        Value::BigInt(transit_format::BigInt::parse(&digits).expect("digits"))
                    }
                }
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|x| js_view(x, reasons, changed)).collect())
            }
            Value::List(items) => {
                Value::List(items.iter().map(|x| js_view(x, reasons, changed)).collect())
            }
            Value::Set(set) => Value::Set(
                set.iter()
                    .map(|x| js_view(x, reasons, changed))
                    .collect::<Set>(),
            ),
            Value::Map(map) => Value::Map(
                map.iter()
                    .map(|(k, x)| (js_view(k, reasons, changed), js_view(x, reasons, changed)))
                    .collect::<Map>(),
            ),
            Value::Tagged(t) => Value::Tagged(Box::new(Tagged::new(
                t.tag(),
                js_view(t.rep(), reasons, changed),
            ))),
            other => other.clone(),
        }
    }

    /// The value as transit-python gives it back: lists as arrays.
    fn lists_as_arrays(v: &Value) -> Value {
        match v {
            Value::Array(items) | Value::List(items) => {
                Value::Array(items.iter().map(lists_as_arrays).collect())
            }
            Value::Set(set) => Value::Set(set.iter().map(lists_as_arrays).collect::<Set>()),
            Value::Map(map) => Value::Map(
                map.iter()
                    .map(|(k, x)| (lists_as_arrays(k), lists_as_arrays(x)))
                    .collect::<Map>(),
            ),
            Value::Tagged(t) => {
                Value::Tagged(Box::new(Tagged::new(t.tag(), lists_as_arrays(t.rep()))))
            }
            other => other.clone(),
        }
    }

    /// A big decimal as its digits and exponent (Python's Decimal keeps both, and
    /// spells them its own way).
    fn decimal_digits(text: &str) -> String {
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().unwrap_or(0)),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{int}{frac}");
        let digits = digits.trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        let exponent = exponent - frac.len() as i64;
        format!("{}{digits}e{exponent}", if negative { "-" } else { "" })
    }

    fn decimals_as_digits(v: &Value) -> Value {
        match v {
            Value::BigDecimal(d) => {
                Value::String(format!("decimal {}", decimal_digits(d.as_str())).into())
            }
            Value::Array(items) => Value::Array(items.iter().map(decimals_as_digits).collect()),
            Value::List(items) => Value::List(items.iter().map(decimals_as_digits).collect()),
            Value::Set(set) => Value::Set(set.iter().map(decimals_as_digits).collect::<Set>()),
            Value::Map(map) => Value::Map(
                map.iter()
                    .map(|(k, x)| (decimals_as_digits(k), decimals_as_digits(x)))
                    .collect::<Map>(),
            ),
            Value::Tagged(t) => {
                Value::Tagged(Box::new(Tagged::new(t.tag(), decimals_as_digits(t.rep()))))
            }
            other => other.clone(),
        }
    }

    /// Where two values' EDN texts part, with some context.
    fn parting(a: &Value, b: &Value) -> String {
        let (a, b) = (a.to_string(), b.to_string());
        let at = a
            .char_indices()
            .zip(b.chars())
            .find(|((_, x), y)| x != y)
            .map_or(a.len().min(b.len()), |((i, _), _)| i);
        let around = |t: &str| -> String {
            let start = t[..at.min(t.len())]
                .char_indices()
                .rev()
                .nth(60)
                .map_or(0, |(i, _)| i);
            t[start..].chars().take(140).collect()
        };
        format!("…{}… against …{}…", around(&a), around(&b))
    }

    /// Our generated value against the one we read from the peer's re-encoding of it.
    fn classify_generated(
        kind: PeerKind,
        ours: &Value,
        theirs: &Value,
    ) -> Result<BTreeSet<&'static str>, String> {
        if ours == theirs {
            return Ok(BTreeSet::new());
        }
        if kind == PeerKind::Js {
            let mut reasons = BTreeSet::new();
            let mut changed = false;
            let view = js_view(ours, &mut reasons, &mut changed);
            if changed && &view == theirs {
                return Ok(reasons);
            }
        }
        if kind.is_python() {
            let (a, b) = (lists_as_arrays(ours), lists_as_arrays(theirs));
            let lists = if &a == ours { None } else { Some(PY_NO_LIST) };
            if a == b {
                return Ok(lists.into_iter().collect());
            }
            if decimals_as_digits(&a) == decimals_as_digits(&b) {
                return Ok(lists.into_iter().chain([PY_DECIMAL_SPELLING]).collect());
            }
        }
        let view = match kind {
            PeerKind::Js => js_view(ours, &mut BTreeSet::new(), &mut false),
            _ => decimals_as_digits(&lists_as_arrays(ours)),
        };
        classify_values(kind, ours, theirs).map_err(|_| parting(&view, theirs))
    }
}
