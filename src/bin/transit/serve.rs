//! `transit webhook serve`: a Penpot webhook receiver.
//!
//! Penpot validates a webhook's URL with a `HEAD` (3 s timeout; sent when the
//! webhook is created or its URL changes, with no Penpot user agent) and then
//! `POST`s each event with a 4 s timeout and `user-agent: penpot/<major>.<minor>`
//! (`penpot/2.17`), counting only 200 and 204 as delivered. An export, import or
//! template-clone event arrives before that work has finished. Here
//! `HEAD` and `GET` on the path answer 204, and a `POST` is decoded, appended as
//! one line to the output, and answered 204 only once that line is written,
//! flushed, and (for a file) synced to disk: an acknowledged event is never lost,
//! even if the process is killed right after.
//!
//! One writer thread owns the output and commits in groups: it takes every line
//! waiting when it gets to them, writes them in one go, syncs once, then
//! acknowledges each. Concurrent deliveries share a sync instead of queueing for
//! one each.
//!
//! Decoding and formatting run on a few blocking threads, never on the threads
//! that accept and answer connections, so that a costly body cannot hold up a
//! `HEAD` or another delivery. Connection slots are shared out: a cap per peer
//! address, a lifetime for kept-alive connections, and when every slot is taken
//! the connection idle the longest (between requests, or still sending its
//! headers) is closed to make room.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use clap::ValueEnum;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch, Notify, Semaphore};
use transit_format::convert::{self, LimitedWriter};
use transit_format::webhook::{write_plain_json_record, ContentType, Event};

use crate::inspect::{self, Delivery, Inspector};

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (`0.0.0.0:8080` to be reachable from Penpot's host).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// The path Penpot's webhook URL points at.
    #[arg(long, default_value = "/")]
    path: String,
    /// File to append events to, created if missing; standard output when absent.
    #[arg(long)]
    out: Option<PathBuf>,
    /// How each event is written: one line each.
    #[arg(long, value_enum, default_value_t = Format::Transit)]
    format: Format,
    /// Largest body accepted, in bytes; larger ones get 413.
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// Connections served at once. When all are taken, the one idle the longest
    /// is closed to make room for a new one.
    #[arg(long, default_value_t = 256)]
    max_connections: usize,
    /// Connections one peer address may hold at once; more are closed at once.
    #[arg(long, default_value_t = 64)]
    max_per_peer: usize,
    /// Seconds a client has to send a request's headers, and then its body (also
    /// how long an idle connection is kept).
    #[arg(long, default_value_t = 4.0)]
    read_timeout: f64,
    /// Bytes a line may take per byte of its body (plus 64 KiB): Transit's cache
    /// lets a few bytes stand for a long keyword, which EDN and JSON write out in
    /// full. A body past it gets 422.
    #[arg(long, value_name = "BYTES", default_value_t = convert::DEFAULT_MAX_EXPANSION)]
    max_expansion: u64,
    /// Also serve a live page of the deliveries (the inspector) at this address;
    /// 127.0.0.1:8081 when none is given. Off by default. An address other
    /// than loopback needs --inspect-token.
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = crate::inspect::DEFAULT_ADDR)]
    inspect: Option<String>,
    /// Deliveries the inspector shows, the newest (the out file keeps every
    /// event).
    #[arg(long, value_name = "N", default_value_t = 200)]
    inspect_keep: usize,
    /// A token the inspector asks for on every request (open the page as
    /// http://ADDR/?token=TOKEN): at least 16 letters, digits or -._~.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "TRANSIT_INSPECT_TOKEN",
        hide_env_values = true
    )]
    inspect_token: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Compact Transit, as Penpot writes `application/transit+json` bodies.
    Transit,
    /// Penpot's camelCase JSON view (its `application/json` body), on one line.
    Json,
    /// EDN.
    Edn,
}

/// Lines the writer takes in one group at most, so that a flood of deliveries
/// still gets acknowledgements out regularly.
const MAX_BATCH: usize = 1024;

/// Lines waiting for the writer at most; a full queue makes handlers wait.
const QUEUE: usize = 4096;

/// Bodies decoded and formatted at once: more wait their turn, so that costly
/// bodies cannot take every core.
const DECODERS: usize = 4;

/// How long a kept-alive connection is served: then it is closed once its
/// request in flight is answered, so that no client holds a slot for good.
const KEEP_ALIVE_LIFETIME: Duration = Duration::from_secs(60);

/// How long a new connection waits for a slot once the idle one was told to
/// close, before it is itself closed.
const SLOT_WAIT: Duration = Duration::from_secs(1);

/// A line to append, and where to say it is on disk (or why not).
struct Job {
    line: Vec<u8>,
    done: oneshot::Sender<Result<(), String>>,
}

#[derive(Clone)]
struct App {
    path: Arc<str>,
    format: Format,
    read_timeout: Duration,
    max_body: usize,
    max_expansion: u64,
    decoders: Arc<Semaphore>,
    writer: mpsc::Sender<Job>,
    delivered: Arc<AtomicU64>,
    /// The live page's record of deliveries (`--inspect`).
    inspector: Option<Arc<Inspector>>,
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_owned())
}

pub fn run(args: Args) -> io::Result<()> {
    let read_timeout = Duration::try_from_secs_f64(args.read_timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .ok_or_else(|| invalid("--read-timeout must be a positive number of seconds"))?;
    check_path(&args.path)?;
    if args.max_connections == 0 || args.max_per_peer == 0 {
        return Err(invalid(
            "--max-connections and --max-per-peer must be at least 1",
        ));
    }
    let inspect_at = match &args.inspect {
        Some(addr) => {
            if let Some(token) = &args.inspect_token {
                inspect::check_token(token)?;
            }
            if args.inspect_keep == 0 {
                return Err(invalid("--inspect-keep must be at least 1"));
            }
            Some(inspect::check_addr(addr, args.inspect_token.as_deref())?)
        }
        None => None,
    };
    let output = match &args.out {
        Some(path) => Output::File(OutFile::open(path)?),
        None => Output::Stdout,
    };
    let (writer, jobs) = mpsc::channel(QUEUE);
    let gone = Arc::new(Notify::new());
    let output_gone = Arc::clone(&gone);
    let writer_thread = std::thread::Builder::new()
        .name("writer".into())
        .spawn(move || write_lines(output, jobs, &output_gone))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let app = App {
        path: args.path.as_str().into(),
        format: args.format,
        read_timeout,
        max_body: args.max_body,
        max_expansion: args.max_expansion,
        decoders: Arc::new(Semaphore::new(DECODERS)),
        writer,
        delivered: Arc::new(AtomicU64::new(0)),
        inspector: inspect_at
            .is_some()
            .then(|| Arc::new(Inspector::new(args.inspect_keep))),
    };
    let delivered = Arc::clone(&app.delivered);
    let served = runtime.block_on(serve(
        &args,
        app,
        inspect_at.as_deref(),
        read_timeout,
        &gone,
    ));
    // Ends every task still running (a connection past its grace time), which
    // drops the last senders: the writer then writes what it has and stops.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let written = writer_thread
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
    served?;
    written?;
    if OUTPUT_GONE.load(Ordering::Relaxed) {
        // Not `BrokenPipe`: the command treats that as a reader that had
        // enough, and this is a failure.
        return Err(io::Error::other(format!(
            "standard output was closed: stopped after {} events written",
            delivered.load(Ordering::Relaxed)
        )));
    }
    log(format_args!(
        "transit webhook serve: stopped; {} events written",
        delivered.load(Ordering::Relaxed)
    ));
    Ok(())
}

/// The path is matched as it is written: characters that would make it a
/// pattern elsewhere are only themselves here, but a query or a fragment can
/// never be part of a request's path, so a path with one would match nothing.
fn check_path(path: &str) -> io::Result<()> {
    if !path.starts_with('/') {
        return Err(invalid("--path must start with /"));
    }
    if let Some(c) = path
        .chars()
        .find(|c| matches!(c, '?' | '#') || c.is_control())
    {
        return Err(invalid(&format!(
            "--path {path:?} holds {c:?}: a request's path never does (a query or a \
             fragment is not part of it), so nothing would match"
        )));
    }
    Ok(())
}

/// One open connection, as the accept loop sees it.
struct Connection {
    peer: IpAddr,
    /// A request is being handled (from its headers to its answer).
    busy: AtomicBool,
    /// Milliseconds since the server started, when it was last busy or opened.
    idle_since: AtomicU64,
    /// Told to close (once its request in flight, if any, is answered).
    closing: AtomicBool,
    close: Notify,
}

/// The open connections and how many each peer holds.
#[derive(Default)]
struct Slots {
    connections: HashMap<u64, Arc<Connection>>,
    peers: HashMap<IpAddr, usize>,
    next: u64,
}

impl Slots {
    fn remove(&mut self, id: u64) {
        if let Some(connection) = self.connections.remove(&id) {
            self.release(connection.peer);
        }
    }

    fn release(&mut self, peer: IpAddr) {
        if let Some(count) = self.peers.get_mut(&peer) {
            *count -= 1;
            if *count == 0 {
                self.peers.remove(&peer);
            }
        }
    }

    /// Tells the connection idle the longest to close: a kept-alive one between
    /// requests, or one that has not finished sending its headers.
    fn shed_one(&self) -> bool {
        let idlest = self
            .connections
            .values()
            .filter(|c| !c.busy.load(Ordering::Relaxed) && !c.closing.load(Ordering::Relaxed))
            .min_by_key(|c| c.idle_since.load(Ordering::Relaxed));
        match idlest {
            Some(connection) => {
                connection.closing.store(true, Ordering::Relaxed);
                connection.close.notify_one();
                true
            }
            None => false,
        }
    }
}

async fn serve(
    args: &Args,
    app: App,
    inspect_at: Option<&[SocketAddr]>,
    read_timeout: Duration,
    gone: &Notify,
) -> io::Result<()> {
    let listener = TcpListener::bind(&args.listen).await.map_err(|err| {
        io::Error::new(
            err.kind(),
            format!("cannot listen on {}: {err}", args.listen),
        )
    })?;
    // Tests and scripts read the address from this line (the port may be 0).
    log(format_args!(
        "transit webhook serve: listening on http://{}{}",
        listener.local_addr()?,
        app.path
    ));
    let (stopping, stopped) = watch::channel(false);
    if let (Some(addrs), Some(inspector)) = (inspect_at, &app.inspector) {
        let shown = args.inspect.as_deref().unwrap_or_default();
        let inspect_listener = inspect::bind(addrs, shown).await?;
        log(format_args!(
            "transit webhook serve: inspector on http://{}/{}",
            inspect_listener.local_addr()?,
            if args.inspect_token.is_some() {
                "?token=TOKEN (--inspect-token)"
            } else {
                ""
            }
        ));
        tokio::spawn(inspect::serve(
            inspect_listener,
            Arc::clone(inspector),
            args.inspect_token.clone(),
            stopped.clone(),
        ));
    }

    reopen_on_hangup();
    let started = Instant::now();
    // Stopped by a signal, or when the output is gone for good.
    let mut stop = std::pin::pin!(async {
        tokio::select! {
            () = stop_signal() => {}
            () = gone.notified() => {}
        }
    });
    let slots = Arc::new(Mutex::new(Slots::default()));
    let connections = Arc::new(Semaphore::new(args.max_connections));
    let mut refused_at: Option<Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, or a connection reset before it
                    // was accepted: the listener itself is fine.
                    log(format_args!("transit webhook serve: accept failed: {err}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        {
            let mut slots = slots.lock().unwrap_or_else(|e| e.into_inner());
            let held = slots.peers.entry(peer.ip()).or_default();
            if *held >= args.max_per_peer {
                drop(stream);
                // Once a second at most: a flood must not flood the log too.
                if refused_at.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                    refused_at = Some(Instant::now());
                    log(format_args!(
                        "transit webhook serve: {} holds {} connections (--max-per-peer): closing new ones",
                        peer.ip(),
                        args.max_per_peer
                    ));
                }
                continue;
            }
            *held += 1;
        }
        let permit = match Arc::clone(&connections).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let shed = slots.lock().unwrap_or_else(|e| e.into_inner()).shed_one();
                let waited = if shed {
                    tokio::select! {
                        permit = tokio::time::timeout(SLOT_WAIT, Arc::clone(&connections).acquire_owned()) => permit.ok().and_then(Result::ok),
                        _ = &mut stop => {
                            slots.lock().unwrap_or_else(|e| e.into_inner()).release(peer.ip());
                            break;
                        }
                    }
                } else {
                    None
                };
                match waited {
                    Some(permit) => permit,
                    None => {
                        // Every slot is busy with a request: this one cannot be
                        // served before its client's timeout.
                        slots
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .release(peer.ip());
                        drop(stream);
                        continue;
                    }
                }
            }
        };
        let connection = Arc::new(Connection {
            peer: peer.ip(),
            busy: AtomicBool::new(false),
            idle_since: AtomicU64::new(started.elapsed().as_millis() as u64),
            closing: AtomicBool::new(false),
            close: Notify::new(),
        });
        let id = {
            let mut slots = slots.lock().unwrap_or_else(|e| e.into_inner());
            let id = slots.next;
            slots.next += 1;
            slots.connections.insert(id, Arc::clone(&connection));
            id
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let this = Arc::clone(&connection);
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let app = app.clone();
            let this = Arc::clone(&this);
            this.busy.store(true, Ordering::Relaxed);
            async move {
                let response = handle(&app, peer, request).await;
                this.idle_since
                    .store(started.elapsed().as_millis() as u64, Ordering::Relaxed);
                this.busy.store(false, Ordering::Relaxed);
                Ok::<_, Infallible>(response)
            }
        });
        let served = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(read_timeout)
            // A client that closes its side once its request is sent still gets
            // the answer.
            .half_close(true)
            .serve_connection(TokioIo::new(stream), service);
        let mut stopped = stopped.clone();
        let slots = Arc::clone(&slots);
        tokio::spawn(async move {
            let mut served = std::pin::pin!(served);
            let lifetime = tokio::time::sleep(KEEP_ALIVE_LIFETIME);
            // A client that goes away mid-request is no error of ours.
            let finished = tokio::select! {
                _ = served.as_mut() => true,
                _ = stopped.wait_for(|stop| *stop) => false,
                () = connection.close.notified() => false,
                () = lifetime => false,
            };
            if !finished {
                // Answers the request in flight, if any, then closes.
                served.as_mut().graceful_shutdown();
                let _ = served.await;
            }
            slots.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
            drop(permit);
        });
    }
    drop(listener);
    log(format_args!(
        "transit webhook serve: stopping; finishing requests in flight"
    ));
    let _ = stopping.send(true);
    // A request in flight has at most the read timeout to arrive, then the
    // writer's time: wait that long for them, then give up on the stragglers.
    let all = u32::try_from(args.max_connections).unwrap_or(u32::MAX);
    let finished = tokio::time::timeout(
        read_timeout + Duration::from_secs(5),
        connections.acquire_many(all),
    )
    .await;
    if finished.is_err() {
        log(format_args!(
            "transit webhook serve: some connections did not finish in time"
        ));
    }
    Ok(())
}

/// Set by SIGHUP: the writer reopens the out file before its next group (as
/// log rotation expects).
static REOPEN: AtomicBool = AtomicBool::new(false);

/// Set when standard output is closed for good: the receiver stops, and exits
/// with an error.
static OUTPUT_GONE: AtomicBool = AtomicBool::new(false);

/// SIGHUP asks for the out file to be reopened, instead of ending the process.
fn reopen_on_hangup() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut hangup) = signal(SignalKind::hangup()) {
            tokio::spawn(async move {
                while hangup.recv().await.is_some() {
                    REOPEN.store(true, Ordering::Relaxed);
                }
            });
        }
    }
}

/// SIGINT (Ctrl-C) or SIGTERM.
async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// Writes one line to standard error in one call. A closed or broken standard
/// error is ignored: it must not change any answer.
fn log(line: std::fmt::Arguments<'_>) {
    let mut text = line.to_string();
    text.push('\n');
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Request text as it may go into a log line: control characters (line breaks,
/// terminal escapes) escaped, and at most `max` characters.
fn clean(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max));
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// At most `max` characters of `text`.
fn cut(text: &str, max: usize) -> &str {
    text.char_indices()
        .nth(max)
        .map_or(text, |(at, _)| &text[..at])
}

/// One log line per request on standard error.
struct Log {
    start: Instant,
    /// When the request arrived, for the inspector.
    received: DateTime<Utc>,
    /// The last status and text logged, for the inspector.
    outcome: Mutex<Option<String>>,
    peer: SocketAddr,
    method: Method,
    path: String,
    content_type: String,
    user_agent: String,
}

impl Log {
    fn new(request: &Request<Incoming>, peer: SocketAddr) -> Log {
        let header = |name| {
            request
                .headers()
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_else(|| "-".to_owned())
        };
        Log {
            start: Instant::now(),
            received: DateTime::<Utc>::from(std::time::SystemTime::now()),
            outcome: Mutex::new(None),
            peer,
            method: request.method().clone(),
            path: request.uri().path().to_owned(),
            content_type: header(header::CONTENT_TYPE),
            user_agent: header(header::USER_AGENT),
        }
    }

    fn line(&self, status: StatusCode, what: &str) {
        *self.outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some(what.to_owned());
        log(format_args!(
            "{} {} {} {} {} {:.1}ms {:?} {:?} {}",
            DateTime::<Utc>::from(std::time::SystemTime::now())
                .to_rfc3339_opts(SecondsFormat::Millis, true),
            self.peer,
            clean(self.method.as_str(), 32),
            clean(&self.path, 256),
            status.as_u16(),
            self.start.elapsed().as_secs_f64() * 1000.0,
            clean(&self.content_type, 128),
            clean(&self.user_agent, 128),
            clean(what, 512),
        ));
    }
}

fn reply(status: StatusCode, reason: &str) -> Response {
    let mut body = reason.to_owned();
    body.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The answer to a request whose body was not read (all): the connection
/// cannot carry another request, and saying so lets the client open a new one
/// instead of sending its next delivery into a closed socket.
fn reply_closing(status: StatusCode, reason: &str) -> Response {
    let mut response = reply(status, reason);
    response.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    response
}

async fn handle(app: &App, peer: SocketAddr, request: Request<Incoming>) -> Response {
    let log = Log::new(&request, peer);
    // The path is compared as it is: `{`, `}`, `*` and `:` are only themselves.
    if request.uri().path() != &*app.path {
        log.line(StatusCode::NOT_FOUND, "not the webhook path");
        // Its body, if any, is not read: the connection is closed, and says so.
        return reply_closing(
            StatusCode::NOT_FOUND,
            "not found: webhooks are served at another path",
        );
    }
    match *request.method() {
        // Penpot's URL check; GET for a person trying the URL in a browser.
        Method::HEAD | Method::GET => {
            log.line(StatusCode::NO_CONTENT, "ready");
            StatusCode::NO_CONTENT.into_response()
        }
        Method::POST => receive(app, request, log).await,
        _ => {
            log.line(StatusCode::METHOD_NOT_ALLOWED, "only HEAD, GET and POST");
            let mut response = reply_closing(
                StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed: POST a Penpot webhook body",
            );
            response.headers_mut().insert(
                header::ALLOW,
                header::HeaderValue::from_static("HEAD, GET, POST"),
            );
            response
        }
    }
}

/// Refusals decided from the headers alone, before the body is asked for (so
/// before a `100 Continue`).
fn check_headers(app: &App, headers: &HeaderMap) -> Result<ContentType, (StatusCode, String)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let content_type = ContentType::from_header(&content_type).map_err(|_| {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "unsupported content type {:?}: Penpot webhooks are application/transit+json or application/json",
                clean(&content_type, 128)
            ),
        )
    })?;
    for coding in headers.get_all(header::CONTENT_ENCODING) {
        let coding = String::from_utf8_lossy(coding.as_bytes());
        if coding
            .split(',')
            .any(|c| !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case("identity"))
        {
            return Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "unsupported content encoding {:?}: send the body as it is (identity)",
                    clean(&coding, 64)
                ),
            ));
        }
    }
    if let Some(length) = content_length(headers) {
        if length > app.max_body as u64 {
            return Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "body too large: {length} bytes, past the limit of {} (--max-body)",
                    app.max_body
                ),
            ));
        }
    }
    Ok(content_type)
}

/// Reads the body, up to `max` bytes: past them is 413, a body that breaks
/// off (the client went away, or sent something malformed) is 400.
async fn read_body(body: &mut Incoming, max: usize) -> Result<Vec<u8>, (StatusCode, String)> {
    use hyper::body::Body as _;
    let mut bytes = Vec::new();
    loop {
        let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_frame(cx)).await;
        match frame {
            None => return Ok(bytes),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    if bytes.len() + data.len() > max {
                        return Err((StatusCode::PAYLOAD_TOO_LARGE, "body too large".into()));
                    }
                    bytes.extend_from_slice(&data);
                }
            }
            Some(Err(err)) => {
                return Err((
                    StatusCode::BAD_REQUEST,
                    format!("the body could not be read: {err}"),
                ))
            }
        }
    }
}

/// Bytes of a refused body read and dropped before the answer, so that closing
/// the connection with them unread does not reset it before the client has read
/// the answer.
const DRAIN: usize = 1 << 20;

/// Reads and drops up to `limit` bytes of a body, for at most `timeout`.
async fn drain(body: &mut Incoming, limit: usize, timeout: Duration) {
    use hyper::body::Body as _;
    let _ = tokio::time::timeout(timeout, async {
        let mut read = 0;
        while read <= limit {
            let frame =
                std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_frame(cx)).await;
            match frame {
                Some(Ok(frame)) => read += frame.data_ref().map_or(0, |d| d.len()),
                _ => break,
            }
        }
    })
    .await;
}

/// What the inspector is shown of a delivery besides its headers and answer.
#[derive(Default)]
struct Seen {
    body: Option<Vec<u8>>,
    event: Option<Event>,
}

async fn receive(app: &App, request: Request<Incoming>, log: Log) -> Response {
    let mut seen = Seen::default();
    let response = receive_body(app, request, &log, &mut seen).await;
    if let Some(inspector) = &app.inspector {
        let status = response.status();
        let outcome = log.outcome.lock().unwrap_or_else(|e| e.into_inner()).take();
        inspector.record(Delivery {
            time: log.received,
            peer: log.peer,
            status,
            reason: outcome.filter(|_| status != StatusCode::NO_CONTENT),
            content_type: log.content_type.clone(),
            user_agent: log.user_agent.clone(),
            body: seen.body,
            event: seen.event,
        });
    }
    response
}

async fn receive_body(
    app: &App,
    request: Request<Incoming>,
    log: &Log,
    seen: &mut Seen,
) -> Response {
    let size = content_length(request.headers());
    // With `Expect: 100-continue` the client waits for a word before sending the
    // body: a refusal goes at once, and the body is never asked for.
    let expects = request.headers().contains_key(header::EXPECT);
    let checked = check_headers(app, request.headers());
    let mut body = request.into_body();
    let refuse = |status, reason: &str| {
        log.line(status, reason);
        reply_closing(status, reason)
    };
    let content_type = match checked {
        Ok(content_type) => content_type,
        Err((status, reason)) => {
            if !expects {
                drain(&mut body, DRAIN, app.read_timeout).await;
            }
            return refuse(status, &reason);
        }
    };
    let body =
        match tokio::time::timeout(app.read_timeout, read_body(&mut body, app.max_body)).await {
            Ok(Ok(body)) => body,
            Ok(Err((status, reason))) => {
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    drain(&mut body, DRAIN, app.read_timeout).await;
                }
                return refuse(status, &reason);
            }
            Err(_) => {
                let reason = format!(
                    "request timeout: the body did not arrive within {:?}",
                    app.read_timeout
                );
                log.line(StatusCode::REQUEST_TIMEOUT, &reason);
                return reply_closing(StatusCode::REQUEST_TIMEOUT, &reason);
            }
        };
    // Off the connection threads, a few at a time.
    let Ok(turn) = Arc::clone(&app.decoders).acquire_owned().await else {
        return reply(StatusCode::SERVICE_UNAVAILABLE, "stopping");
    };
    let (format, max_expansion) = (app.format, app.max_expansion);
    let inspecting = app.inspector.is_some();
    let decoded = tokio::task::spawn_blocking(move || {
        let mut event = None;
        let line = decode_line(
            &body,
            content_type,
            format,
            max_expansion,
            inspecting.then_some(&mut event),
        );
        drop(turn);
        (line, inspecting.then_some(body), event)
    })
    .await;
    let decoded = match decoded {
        Ok((line, body, event)) => {
            seen.body = body;
            seen.event = event;
            line
        }
        Err(_) => Err((
            StatusCode::INTERNAL_SERVER_ERROR,
            "decoding this body failed".into(),
        )),
    };
    let (mut line, name) = match decoded {
        Ok(decoded) => decoded,
        Err((status, reason)) => {
            log.line(status, &reason);
            return reply(status, &reason);
        }
    };
    line.push(b'\n');
    let (done, written) = oneshot::channel();
    let committed = match app.writer.send(Job { line, done }).await {
        Ok(()) => written
            .await
            .unwrap_or_else(|_| Err("the writer stopped".to_owned())),
        Err(_) => Err("the writer stopped".to_owned()),
    };
    match committed {
        Ok(()) => {
            app.delivered.fetch_add(1, Ordering::Relaxed);
            log.line(
                StatusCode::NO_CONTENT,
                &format!("{:?} {}B", cut(&name, 128), size.unwrap_or(0)),
            );
            StatusCode::NO_CONTENT.into_response()
        }
        Err(err) => {
            let reason = format!("the event was not stored: {err}");
            log.line(StatusCode::SERVICE_UNAVAILABLE, &reason);
            reply(StatusCode::SERVICE_UNAVAILABLE, &reason)
        }
    }
}

/// Decodes a body and formats its line (without the line break): the blocking
/// part of a delivery. Also returns the event's name.
///
/// With `keep`, the decoded event is left there (for the inspector), also when
/// its line is refused.
fn decode_line(
    body: &[u8],
    content_type: ContentType,
    format: Format,
    max_expansion: u64,
    keep: Option<&mut Option<Event>>,
) -> Result<(Vec<u8>, String), (StatusCode, String)> {
    let event = Event::decode(body, content_type.as_str()).map_err(|err| {
        (
            StatusCode::BAD_REQUEST,
            format!("invalid webhook body: {err}").replace(['\n', '\r'], " "),
        )
    })?;
    let line = event_line(&event, body.len(), format, max_expansion);
    if let Some(keep) = keep {
        *keep = Some(event);
    }
    line
}

/// The event's line in the chosen format, and its name.
fn event_line(
    event: &Event,
    body_len: usize,
    format: Format,
    max_expansion: u64,
) -> Result<(Vec<u8>, String), (StatusCode, String)> {
    if event.name.is_empty() {
        return Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a Penpot event: it has no name (a non-empty string under :name)".into(),
        ));
    }
    let limit = convert::expansion_limit(body_len as u64, max_expansion);
    let mut line = LimitedWriter::new(Vec::with_capacity(body_len + 64), limit);
    let value = event.to_value();
    let written = match format {
        Format::Transit => transit_format::to_writer(&mut line, &value),
        Format::Json => write_plain_json_record(&mut line, &value),
        Format::Edn => {
            write!(line, "{value}").map_err(<transit_format::Error as serde::ser::Error>::custom)
        }
    };
    if line.exceeded() {
        return Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "this event expands past {limit} bytes in the chosen format ({max_expansion} × its \
                 {} bytes, plus 64 KiB: repeated cache codes); --max-expansion raises the limit",
                body_len
            ),
        ));
    }
    written.map_err(|err| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("cannot write this event in the chosen format: {err}"),
        )
    })?;
    Ok((line.into_inner(), event.name.clone()))
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

enum Output {
    File(OutFile),
    Stdout,
}

/// The out file, and what it is.
struct OutFile {
    path: PathBuf,
    file: File,
    /// A regular file is synced after each group and cut back on failure; a
    /// FIFO or a device is committed by its write (and cannot be synced).
    regular: bool,
}

impl OutFile {
    /// Opens (creating it readable by its owner only) and locks the out file,
    /// and ends a torn last line.
    fn open(path: &std::path::Path) -> io::Result<OutFile> {
        let mut out = OutFile::open_unlocked(path)?;
        if out.regular {
            out.lock()?;
            out.end_torn_line()?;
        }
        Ok(out)
    }

    /// Ends a torn last line: a crash mid-write (by any writer) left a line
    /// without its end, and the next event must start a line of its own. Only
    /// once the lock is held, so never in another receiver's line.
    fn end_torn_line(&mut self) -> io::Result<()> {
        let context =
            |err: io::Error| io::Error::new(err.kind(), format!("{}: {err}", self.path.display()));
        if ends_torn(&self.path).map_err(context)? {
            self.file
                .write_all(b"\n")
                .and_then(|()| self.file.sync_data())
                .map_err(context)?;
            log(format_args!(
                "transit webhook serve: {} ended in a torn line: ended it before the first new one",
                self.path.display()
            ));
        }
        Ok(())
    }

    fn lock(&self) -> io::Result<()> {
        lock(&self.file).map_err(|err| {
            io::Error::new(
                err.kind(),
                format!(
                    "{}: another process holds this file ({err}): one receiver per out file",
                    self.path.display()
                ),
            )
        })
    }

    fn open_unlocked(path: &std::path::Path) -> io::Result<OutFile> {
        let context =
            |err: io::Error| io::Error::new(err.kind(), format!("{}: {err}", path.display()));
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Events hold e-mail addresses and comments.
            options.mode(0o600);
        }
        let file = options.open(path).map_err(context)?;
        let regular = file.metadata().map_err(context)?.file_type().is_file();
        Ok(OutFile {
            path: path.to_owned(),
            file,
            regular,
        })
    }

    /// Whether the path still names the open file: not removed, not renamed
    /// away (rotation), not replaced.
    fn still_at_path(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match (self.file.metadata(), std::fs::metadata(&self.path)) {
                (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
                _ => false,
            }
        }
        #[cfg(not(unix))]
        {
            self.path.exists()
        }
    }

    /// Reopens the file at the path when it was moved, removed or replaced, or
    /// when SIGHUP asked for it.
    fn follow(&mut self) -> io::Result<()> {
        let asked = REOPEN.swap(false, Ordering::Relaxed);
        if !asked && (!self.regular || self.still_at_path()) {
            return Ok(());
        }
        // The old file's lock goes with it (a lock is per open file, so the same
        // file opened again could not take it while the old one holds it).
        let reopened = OutFile::open_unlocked(&self.path)?;
        *self = reopened;
        if self.regular {
            self.lock()?;
            self.end_torn_line()?;
        }
        log(format_args!(
            "transit webhook serve: reopened {} ({})",
            self.path.display(),
            if asked {
                "SIGHUP"
            } else {
                "it was moved or removed"
            }
        ));
        Ok(())
    }
}

/// An exclusive lock on the out file, or an error if another process has one.
fn lock(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive)
            .map_err(io::Error::from)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(())
    }
}

/// Whether a non-empty file does not end with a line break.
fn ends_torn(path: &std::path::Path) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// The writer thread: group commit until every sender is gone, then a last sync.
fn write_lines(mut output: Output, mut jobs: mpsc::Receiver<Job>, gone: &Notify) -> io::Result<()> {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    let mut buffer: Vec<u8> = Vec::new();
    while let Some(first) = jobs.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        buffer.clear();
        for job in &batch {
            buffer.extend_from_slice(&job.line);
        }
        let result = if OUTPUT_GONE.load(Ordering::Relaxed) {
            Err("standard output is closed".to_owned())
        } else {
            output.append(&buffer).map_err(|err| {
                if matches!(output, Output::Stdout) && err.kind() == io::ErrorKind::BrokenPipe {
                    // Nothing will ever be written again: stop, and say so.
                    OUTPUT_GONE.store(true, Ordering::Relaxed);
                    gone.notify_one();
                    log(format_args!(
                        "transit webhook serve: standard output is closed: stopping"
                    ));
                }
                err.to_string()
            })
        };
        if let Err(err) = &result {
            log(format_args!(
                "transit webhook serve: cannot write the output: {err}"
            ));
        }
        for job in batch.drain(..) {
            // The handler may be gone (its client timed out); the line is
            // written all the same.
            let _ = job.done.send(result.clone());
        }
    }
    if OUTPUT_GONE.load(Ordering::Relaxed) {
        return Ok(());
    }
    output.finish()
}

impl Output {
    /// Appends the lines and makes them durable: flushed, and synced for a
    /// regular file. On failure a regular file is cut back to where it was, so
    /// that no partial line stays in it for the next group to follow.
    fn append(&mut self, lines: &[u8]) -> io::Result<()> {
        match self {
            Output::File(out) => {
                out.follow()?;
                if !out.regular {
                    return out.file.write_all(lines);
                }
                let before = out.file.metadata()?.len();
                let result = out
                    .file
                    .write_all(lines)
                    .and_then(|()| out.file.sync_data());
                if result.is_err() {
                    let _ = out.file.set_len(before);
                }
                result
            }
            Output::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(lines)?;
                out.flush()
            }
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            Output::File(out) if out.regular => out.file.sync_all(),
            Output::File(_) => Ok(()),
            Output::Stdout => io::stdout().lock().flush(),
        }
    }
}
