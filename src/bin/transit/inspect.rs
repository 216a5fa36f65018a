//! `transit webhook serve --inspect`: a live page of the deliveries, on a
//! second listener of the same process.
//!
//! The receiver hands each delivery it answered to [`Inspector::record`], which
//! never waits: the rendering (EDN and Penpot JSON trees, the typed props, the
//! copies) runs on a blocking thread when one of a few is free, and a
//! delivery that finds them all busy is shown without those parts. Rendered
//! deliveries go into a ring of the last N (and at most [`RING_BYTES`]) and
//! onto a bounded broadcast channel; each open page reads that channel through
//! axum's server-sent events, and a page that falls behind is sent the ring
//! again instead of holding deliveries up.
//!
//! What the inspector serves is read-only: it has no route that takes a body,
//! and no handle on the writer or on the receiver's answers. Event content is
//! the sender's: the page puts every value into the document as text
//! (`textContent`), and a Content-Security-Policy allows only the page's own
//! script and style, so that markup in an event can neither render nor run.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::fmt::{self, Write as _};
use std::io::{self, Write as _};
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, SecondsFormat, Utc};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch, Semaphore};
use transit_format::convert::LimitedWriter;
use transit_format::webhook::{self, ContentType, Event, KnownProps};
use transit_format::Value;

/// Where the inspector listens when `--inspect` names no address.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8081";

/// Bytes the ring of rendered deliveries may hold at most, whatever
/// `--inspect-keep` says: the oldest go first.
const RING_BYTES: usize = 64 << 20;

/// A rendered delivery's largest size; past it, its trees, typed props and
/// copies are left out (the out file has the event).
const MAX_RECORD: usize = 1 << 20;

/// Bytes of a body shown as it came.
const RAW_BYTES: usize = 64 << 10;

/// Bytes of text in one props tree, and nodes in it, at most.
const TREE_BYTES: usize = 256 << 10;
const TREE_NODES: usize = 20_000;

/// Bytes of one value's text in a tree (a long string is cut there).
const SCALAR_BYTES: usize = 4 << 10;

/// Bytes of each copy (Transit, JSON, EDN) and of the typed props' text.
const COPY_BYTES: usize = 256 << 10;
const TYPED_BYTES: usize = 64 << 10;

/// Deliveries rendered at once; one that finds every renderer busy is shown
/// without its trees, so that a flood of deliveries costs the inspector, never
/// the receiver, its time.
const RENDERERS: usize = 2;

/// Rendered deliveries in flight to the pages: a page further behind is sent
/// the ring again.
const CHANNEL: usize = 32;

/// Pages (live channels) open at once, and connections to the inspector.
const SUBSCRIBERS: usize = 8;
const CONNECTIONS: usize = 32;

/// The page, its script and its style: part of the binary, nothing fetched.
const INDEX_HTML: &str = include_str!("inspector/index.html");
const APP_JS: &str = include_str!("inspector/app.js");
const APP_CSS: &str = include_str!("inspector/app.css");

/// Where the docs of the typed props are.
const DOCS: &str = "https://docs.rs/transit-format/latest/transit_format/webhook/";

/// The name of the cookie that carries the token after the first page load.
const COOKIE: &str = "transit_inspect";

/// What the receiver saw of one delivery and how it answered.
pub struct Delivery {
    pub time: DateTime<Utc>,
    pub peer: SocketAddr,
    pub status: StatusCode,
    /// Why it was refused (or not stored); `None` when it was acknowledged.
    pub reason: Option<String>,
    pub content_type: String,
    pub user_agent: String,
    /// The body, when it was read.
    pub body: Option<Vec<u8>>,
    /// The event, when the body decoded.
    pub event: Option<Event>,
}

/// The last deliveries, rendered, and the pages that follow them.
pub struct Inspector {
    next: AtomicU64,
    keep: usize,
    ring: Mutex<Ring>,
    live: broadcast::Sender<Arc<str>>,
    renderers: Arc<Semaphore>,
    subscribers: Arc<Semaphore>,
}

/// Rendered deliveries by id, oldest first.
#[derive(Default)]
struct Ring {
    records: VecDeque<(u64, Arc<str>)>,
    bytes: usize,
}

impl Inspector {
    pub fn new(keep: usize) -> Inspector {
        Inspector {
            next: AtomicU64::new(1),
            keep,
            ring: Mutex::new(Ring::default()),
            live: broadcast::channel(CHANNEL).0,
            renderers: Arc::new(Semaphore::new(RENDERERS)),
            subscribers: Arc::new(Semaphore::new(SUBSCRIBERS)),
        }
    }

    /// Takes a delivery the receiver has answered; returns at once.
    pub fn record(self: &Arc<Self>, delivery: Delivery) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        match Arc::clone(&self.renderers).try_acquire_owned() {
            Ok(turn) => {
                let this = Arc::clone(self);
                tokio::task::spawn_blocking(move || {
                    let record = render(id, delivery, true);
                    drop(turn);
                    this.publish(id, record);
                });
            }
            Err(_) => self.publish(id, render(id, delivery, false)),
        }
    }

    fn publish(&self, id: u64, record: String) {
        let record: Arc<str> = record.into();
        {
            let mut ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
            ring.bytes += record.len();
            // Rendered in parallel, so not always in order: in its place.
            let at = ring
                .records
                .iter()
                .rposition(|(older, _)| *older < id)
                .map_or(0, |i| i + 1);
            ring.records.insert(at, (id, Arc::clone(&record)));
            while ring.records.len() > self.keep
                || (ring.bytes > RING_BYTES && ring.records.len() > 1)
            {
                if let Some((_, old)) = ring.records.pop_front() {
                    ring.bytes -= old.len();
                }
            }
        }
        // No page open is no error.
        let _ = self.live.send(record);
    }

    fn snapshot(&self) -> VecDeque<Arc<str>> {
        self.ring
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .records
            .iter()
            .map(|(_, record)| Arc::clone(record))
            .collect()
    }
}

/// A `fmt::Write` that keeps at most `max` bytes (whole characters) and then
/// fails, so that formatting a huge value stops early.
struct Capped {
    text: String,
    max: usize,
    cut: bool,
}

impl Capped {
    fn new(max: usize) -> Capped {
        Capped {
            text: String::new(),
            max,
            cut: false,
        }
    }

    /// `value` formatted by `format`, cut at `max` bytes (with `…`).
    fn format(max: usize, format: impl FnOnce(&mut Capped) -> fmt::Result) -> (String, bool) {
        let mut out = Capped::new(max);
        let _ = format(&mut out);
        if out.cut {
            out.text.push('…');
        }
        (out.text, out.cut)
    }
}

impl fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = self.max - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
            return Ok(());
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(&s[..end]);
        self.cut = true;
        Err(fmt::Error)
    }
}

/// The props tree: `["s", edn, json]` for a value without parts, `["m",
/// [[key, value]…]]` for a map, `["v"|"l"|"t", [item…]]` for a vector, list or
/// set, `["g", tag, rep]` for a tagged value, `["x"]` where the tree was cut.
struct Tree {
    bytes: usize,
    nodes: usize,
    cut: bool,
}

impl Tree {
    fn full(&mut self) -> bool {
        if self.bytes >= TREE_BYTES || self.nodes >= TREE_NODES {
            self.cut = true;
        }
        self.cut
    }

    fn text(&mut self, text: String) -> serde_json::Value {
        self.bytes += text.len();
        serde_json::Value::String(text)
    }

    fn node(&mut self, value: &Value) -> serde_json::Value {
        if self.full() {
            return json!(["x"]);
        }
        self.nodes += 1;
        match value {
            Value::Map(map) => {
                let mut entries = Vec::with_capacity(map.len().min(64));
                for (key, value) in map.iter() {
                    if self.full() {
                        entries.push(json!(["x"]));
                        break;
                    }
                    entries.push(json!([self.key(key), self.node(value)]));
                }
                json!(["m", entries])
            }
            Value::Array(items) => self.seq("v", items.iter()),
            Value::List(items) => self.seq("l", items.iter()),
            Value::Set(set) => self.seq("t", set.iter()),
            Value::Tagged(tagged) => {
                let tag = self.text(tagged.tag().to_string());
                json!(["g", tag, self.node(tagged.rep())])
            }
            scalar => {
                let edn = self.text(Capped::format(SCALAR_BYTES, |out| write!(out, "{scalar}")).0);
                let json = self.text(json_text(scalar));
                json!(["s", edn, json])
            }
        }
    }

    fn seq<'a>(&mut self, kind: &str, items: impl Iterator<Item = &'a Value>) -> serde_json::Value {
        let mut nodes = Vec::new();
        for item in items {
            if self.full() {
                nodes.push(json!(["x"]));
                break;
            }
            nodes.push(self.node(item));
        }
        json!([kind, nodes])
    }

    /// A key: its EDN text, and the name Penpot's JSON gives it.
    fn key(&mut self, key: &Value) -> serde_json::Value {
        self.nodes += 1;
        let edn = self.text(Capped::format(SCALAR_BYTES, |out| write!(out, "{key}")).0);
        let mut one = transit_format::Map::new();
        one.insert(key.clone(), Value::Null);
        let name = webhook::to_plain_json_line(&Value::Map(one))
            .ok()
            .and_then(|line| serde_json::from_str::<serde_json::Map<_, _>>(&line).ok())
            .and_then(|object| object.keys().next().cloned())
            .unwrap_or_default();
        let json = self.text(cut(
            &serde_json::Value::String(name).to_string(),
            SCALAR_BYTES,
        ));
        json!(["s", edn, json])
    }
}

/// A value without parts as Penpot's JSON writes it; strings with their
/// characters as they are (Penpot escapes every non-ASCII one, which is the
/// same JSON but harder to read).
fn json_text(scalar: &Value) -> String {
    match webhook::to_plain_json_line(scalar) {
        Ok(text) if text.starts_with('"') => serde_json::from_str::<String>(&text)
            .map(|s| cut(&serde_json::Value::String(s).to_string(), SCALAR_BYTES))
            .unwrap_or_else(|_| cut(&text, SCALAR_BYTES)),
        Ok(text) => cut(&text, SCALAR_BYTES),
        Err(err) => format!("(not JSON: {err})"),
    }
}

/// At most `max` bytes of `text` (whole characters), with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// `PascalCase` + `Props`: the type of a method's props (`create-file` →
/// `CreateFileProps`).
fn props_type(method: &str) -> String {
    let mut name = String::new();
    for part in method.split('-') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    name.push_str("Props");
    name
}

/// A copy of the event in one format, or why there is none.
fn copy(
    write: impl FnOnce(&mut LimitedWriter<Vec<u8>>) -> Result<(), String>,
) -> serde_json::Value {
    let mut out = LimitedWriter::new(Vec::new(), COPY_BYTES as u64);
    let written = write(&mut out);
    if out.exceeded() {
        return json!({ "error": format!("longer than {} KiB: the out file has it", COPY_BYTES >> 10) });
    }
    match written {
        Ok(()) => json!({ "text": String::from_utf8_lossy(&out.into_inner()) }),
        Err(err) => json!({ "error": err }),
    }
}

/// One delivery as the page reads it (JSON). `full` is false when no renderer
/// was free: then only what the headers and the answer say.
fn render(id: u64, delivery: Delivery, full: bool) -> String {
    let Delivery {
        time,
        peer,
        status,
        reason,
        content_type,
        user_agent,
        body,
        event,
    } = delivery;
    let mut record = json!({
        "id": id,
        "time": time.to_rfc3339_opts(SecondsFormat::Millis, true),
        "peer": peer.to_string(),
        "status": status.as_u16(),
        "reason": reason.as_deref().map(|r| cut(r, 4096)),
        "contentType": cut(&content_type, 512),
        "userAgent": cut(&user_agent, 512),
        "size": body.as_ref().map(Vec::len),
    });
    if let Some(body) = &body {
        record["raw"] = json!(String::from_utf8_lossy(&body[..body.len().min(RAW_BYTES)]));
        record["rawCut"] = json!(body.len() > RAW_BYTES);
    }
    let Some(event) = event else {
        return record.to_string();
    };
    record["name"] = json!(cut(&event.name, 1024));
    record["profile"] = json!(event.profile_id.map(|id| id.to_string()));
    record["createdAt"] = json!(event
        .created_at
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)));
    if !full {
        record["note"] =
            json!("the inspector was busy: shown without its props (the out file has them)");
        return record.to_string();
    }
    let known = KnownProps::METHODS.contains(&event.name.as_str());
    let kind = if known {
        let ty = props_type(&event.name);
        json!({ "type": ty, "docs": format!("{DOCS}struct.{ty}.html") })
    } else {
        json!({ "type": null, "docs": format!("{DOCS}enum.KnownProps.html#variant.Other") })
    };
    record["kind"] = kind;
    match event.known_props() {
        Ok(KnownProps::Other(_)) => {}
        Ok(props) => {
            record["typed"] = json!(Capped::format(TYPED_BYTES, |out| write!(out, "{props:#?}")).0)
        }
        Err(err) => record["kindError"] = json!(cut(&err.to_string(), 4096)),
    }
    let mut tree = Tree {
        bytes: 0,
        nodes: 0,
        cut: false,
    };
    record["props"] = tree.node(&event.props);
    record["propsCut"] = json!(tree.cut);
    let value = event.to_value();
    let raw_as = |wanted: ContentType| {
        body.as_ref()
            .filter(|_| ContentType::from_header(&content_type).ok() == Some(wanted))
    };
    record["copy"] = json!({
        "transit": match raw_as(ContentType::TransitJson) {
            Some(body) => copy(|out| out.write_all(body).map_err(|e| e.to_string())),
            None => copy(|out| transit_format::to_writer(out, &value).map_err(|e| e.to_string())),
        },
        "json": match raw_as(ContentType::Json) {
            Some(body) => copy(|out| out.write_all(body).map_err(|e| e.to_string())),
            None => copy(|out| webhook::write_plain_json(out, &value, true).map_err(|e| e.to_string())),
        },
        "edn": copy(|out| write!(out, "{value:#}").map_err(|e| e.to_string())),
    });
    let text = record.to_string();
    if text.len() <= MAX_RECORD {
        return text;
    }
    for heavy in ["props", "typed", "copy"] {
        if let Some(object) = record.as_object_mut() {
            object.remove(heavy);
        }
    }
    record["note"] = json!(format!(
        "past {} KiB rendered: shown without its props (the out file has them)",
        MAX_RECORD >> 10
    ));
    record.to_string()
}

/// Who may read the inspector.
struct Guard {
    token: Option<String>,
}

impl Guard {
    /// Every request: with a token, the token (query, cookie or bearer header);
    /// without one (loopback only), a loopback `Host`, so that a web page whose
    /// name was made to point at 127.0.0.1 (DNS rebinding) reads nothing.
    fn check(&self, request: &Request) -> Result<bool, (StatusCode, &'static str)> {
        let Some(token) = &self.token else {
            let host = request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("");
            if loopback_host(host) {
                return Ok(false);
            }
            return Err((
                StatusCode::FORBIDDEN,
                "the inspector answers only requests to a loopback address (127.0.0.1, [::1], localhost)",
            ));
        };
        let from_query = request
            .uri()
            .query()
            .into_iter()
            .flat_map(|q| q.split('&'))
            .find_map(|pair| pair.strip_prefix("token="));
        if from_query.is_some_and(|t| same(t, token)) {
            return Ok(true);
        }
        let from_cookie = cookies(request.headers()).find_map(|(k, v)| (k == COOKIE).then_some(v));
        let from_bearer = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "));
        if from_cookie.or(from_bearer).is_some_and(|t| same(t, token)) {
            return Ok(false);
        }
        Err((
            StatusCode::UNAUTHORIZED,
            "this inspector needs its token: open it as http://ADDRESS/?token=TOKEN (--inspect-token)",
        ))
    }
}

fn cookies(headers: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
}

/// Compares in a time that does not depend on where the texts differ.
fn same(given: &str, token: &str) -> bool {
    let (a, b) = (given.as_bytes(), token.as_bytes());
    let mut diff = u8::from(a.len() != b.len());
    for (i, &t) in b.iter().enumerate() {
        diff |= t ^ a.get(i).copied().unwrap_or(!t);
    }
    std::hint::black_box(diff) == 0
}

/// `127.x.x.x`, `[::1]` or `localhost`, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A token goes into a URL and a cookie as it is: letters, digits and `-._~`,
/// long enough not to be guessed.
pub fn check_token(token: &str) -> io::Result<()> {
    if token.len() < 16
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--inspect-token must be at least 16 characters, of letters, digits and -._~ only",
        ));
    }
    Ok(())
}

/// Resolves the inspector's address; one that is not loopback needs a token.
pub fn check_addr(addr: &str, token: Option<&str>) -> io::Result<Vec<SocketAddr>> {
    let addrs: Vec<SocketAddr> = addr
        .to_socket_addrs()
        .map_err(|err| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("--inspect {addr}: {err}"),
            )
        })?
        .collect();
    if token.is_none() && addrs.iter().any(|a| !a.ip().is_loopback()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "--inspect {addr} is reachable from other machines: give it an --inspect-token \
                 (the page shows every event's content), or listen on 127.0.0.1"
            ),
        ));
    }
    Ok(addrs)
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{text}\n"),
    )
        .into_response()
}

/// The headers of every answer: nothing cached, nothing sniffed, nothing
/// framed, and only the page's own script and style.
fn harden(headers: &mut HeaderMap) {
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
             img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

async fn guarded(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let mut response = match guard.check(&request) {
        Ok(by_query) => {
            let mut response = next.run(request).await;
            // The page's script, style and live channel are requested without
            // the query: a cookie carries the token to them.
            if by_query {
                if let Some(token) = &guard.token {
                    if let Ok(cookie) = HeaderValue::from_str(&format!(
                        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                    )) {
                        response.headers_mut().insert(header::SET_COOKIE, cookie);
                    }
                }
            }
            response
        }
        Err((status, reason)) => plain(status, reason),
    };
    harden(response.headers_mut());
    response
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

#[derive(Clone)]
struct Shared {
    inspector: Arc<Inspector>,
    stopped: watch::Receiver<bool>,
}

/// The live channel: a `hello`, the ring, then each delivery as it is
/// rendered, until the receiver stops.
async fn events(State(shared): State<Shared>) -> Response {
    let Ok(permit) = Arc::clone(&shared.inspector.subscribers).try_acquire_owned() else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many inspector pages are open: close one",
        );
    };
    // Subscribed before the ring is read: a delivery published in between is
    // sent twice (the page keeps one), never missed.
    let live = shared.inspector.live.subscribe();
    let pending = shared.inspector.snapshot();
    let hello = json!({ "keep": shared.inspector.keep, "version": env!("CARGO_PKG_VERSION") });
    struct Feed {
        hello: Option<String>,
        pending: VecDeque<Arc<str>>,
        live: broadcast::Receiver<Arc<str>>,
        inspector: Arc<Inspector>,
        stopped: watch::Receiver<bool>,
        _permit: tokio::sync::OwnedSemaphorePermit,
    }
    let feed = Feed {
        hello: Some(hello.to_string()),
        pending,
        live,
        inspector: Arc::clone(&shared.inspector),
        stopped: shared.stopped.clone(),
        _permit: permit,
    };
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        if let Some(hello) = feed.hello.take() {
            return Some((
                Ok::<_, Infallible>(SseEvent::default().event("hello").data(hello)),
                feed,
            ));
        }
        if let Some(record) = feed.pending.pop_front() {
            return Some((
                Ok(SseEvent::default().event("delivery").data(&*record)),
                feed,
            ));
        }
        let received = tokio::select! {
            received = feed.live.recv() => received,
            () = until_stopped(feed.stopped.clone()) => return None,
        };
        match received {
            Ok(record) => Some((
                Ok(SseEvent::default().event("delivery").data(&*record)),
                feed,
            )),
            Err(broadcast::error::RecvError::Lagged(_)) => {
                // Behind: the ring again (the page skips what it has).
                feed.pending = feed.inspector.snapshot();
                Some((Ok(SseEvent::default().comment("caught up")), feed))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn router(
    inspector: Arc<Inspector>,
    token: Option<String>,
    stopped: watch::Receiver<bool>,
) -> Router {
    let guard = Arc::new(Guard { token });
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", APP_CSS) }),
        )
        .route("/events", get(events))
        .fallback(|| async { plain(StatusCode::NOT_FOUND, "not found") })
        .with_state(Shared { inspector, stopped })
        .layer(axum::middleware::from_fn_with_state(guard, guarded))
}

/// Returns once the receiver stops.
async fn until_stopped(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

/// Binds the inspector's listener (at start, so that a taken port is an error
/// before any delivery is taken).
pub async fn bind(addrs: &[SocketAddr], shown: &str) -> io::Result<TcpListener> {
    TcpListener::bind(addrs).await.map_err(|err| {
        io::Error::new(
            err.kind(),
            format!("cannot listen on {shown} (--inspect): {err}"),
        )
    })
}

/// Serves the page until `stopped`: a few connections at once, each with a
/// header timeout; a live channel ends when the receiver stops.
pub async fn serve(
    listener: TcpListener,
    inspector: Arc<Inspector>,
    token: Option<String>,
    stopped: watch::Receiver<bool>,
) {
    let router = router(inspector, token, stopped.clone());
    let slots = Arc::new(Semaphore::new(CONNECTIONS));
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = until_stopped(stopped.clone()) => break,
        };
        let Ok(permit) = Arc::clone(&slots).try_acquire_owned() else {
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(10))
            .serve_connection(TokioIo::new(stream), service);
        let stopped = stopped.clone();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = until_stopped(stopped) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(1), connection).await;
                }
            }
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_types_are_named_after_their_methods() {
        assert_eq!(props_type("create-file"), "CreateFileProps");
        assert_eq!(
            props_type("unlink-file-from-library"),
            "UnlinkFileFromLibraryProps"
        );
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("0123456789abcdef", "0123456789abcdef"));
        assert!(!same("0123456789abcdeX", "0123456789abcdef"));
        assert!(!same("0123456789abcde", "0123456789abcdef"));
        assert!(!same("0123456789abcdef0", "0123456789abcdef"));
        assert!(!same("", "0123456789abcdef"));
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "127.0.0.1:8081",
            "localhost:1",
            "LOCALHOST",
            "[::1]:80",
            "127.9.9.9",
        ] {
            assert!(loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:8081",
            "10.0.0.1:80",
            "",
            "[::2]:80",
            "localhost.evil",
        ] {
            assert!(!loopback_host(host), "{host}");
        }
    }

    #[test]
    fn an_address_off_loopback_needs_a_token() {
        // Resolved only, never bound.
        assert!(check_addr("127.0.0.1:0", None).is_ok());
        assert!(check_addr("[::1]:0", None).is_ok());
        let err = check_addr("0.0.0.0:0", None).unwrap_err();
        assert!(err.to_string().contains("--inspect-token"), "{err}");
        assert!(check_addr("0.0.0.0:0", Some("0123456789abcdef")).is_ok());
        assert!(check_addr("not an address", None).is_err());
    }

    #[test]
    fn capped_text_stops_on_a_character_boundary() {
        let (text, cut) = Capped::format(5, |out| out.write_str("abcdé€"));
        assert!(cut);
        assert_eq!(text, "abcd…");
    }
}
