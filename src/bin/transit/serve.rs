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

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use chrono::{DateTime, SecondsFormat, Utc};
use clap::ValueEnum;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, Semaphore};
use tower_service::Service;
use transit_format::axum::WebhookEvent;
use transit_format::webhook::{to_plain_json_line, ContentType, Event};

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
    /// Connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = 256)]
    max_connections: usize,
    /// Seconds a client has to send a request's headers, and then its body (also
    /// how long an idle connection is kept).
    #[arg(long, default_value_t = 10.0)]
    read_timeout: f64,
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
    writer: mpsc::Sender<Job>,
    delivered: Arc<AtomicU64>,
}

pub fn run(args: Args) -> io::Result<()> {
    let read_timeout = Duration::try_from_secs_f64(args.read_timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "--read-timeout must be a positive number of seconds",
            )
        })?;
    if !args.path.starts_with('/') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--path must start with /",
        ));
    }
    if args.max_connections == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--max-connections must be at least 1",
        ));
    }
    let output = match &args.out {
        Some(path) => Output::File(
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|err| io::Error::new(err.kind(), format!("{}: {err}", path.display())))?,
        ),
        None => Output::Stdout,
    };
    let (writer, jobs) = mpsc::channel(QUEUE);
    let writer_thread = std::thread::Builder::new()
        .name("writer".into())
        .spawn(move || write_lines(output, jobs))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let app = App {
        path: args.path.as_str().into(),
        format: args.format,
        read_timeout,
        writer,
        delivered: Arc::new(AtomicU64::new(0)),
    };
    let delivered = Arc::clone(&app.delivered);
    let served = runtime.block_on(serve(&args, app, read_timeout));
    // Ends every task still running (a connection past its grace time), which
    // drops the last senders: the writer then writes what it has and stops.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let written = writer_thread
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
    served?;
    written?;
    eprintln!(
        "transit webhook serve: stopped; {} events written",
        delivered.load(Ordering::Relaxed)
    );
    Ok(())
}

async fn serve(args: &Args, app: App, read_timeout: Duration) -> io::Result<()> {
    let listener = TcpListener::bind(&args.listen).await.map_err(|err| {
        io::Error::new(
            err.kind(),
            format!("cannot listen on {}: {err}", args.listen),
        )
    })?;
    let path = app.path.clone();
    let router = Router::new()
        .route(&path, any(at_path))
        .fallback(elsewhere)
        .layer(DefaultBodyLimit::max(args.max_body))
        .with_state(app);
    // Tests and scripts read the address from this line (the port may be 0).
    eprintln!(
        "transit webhook serve: listening on http://{}{path}",
        listener.local_addr()?
    );

    let mut stop = std::pin::pin!(stop_signal());
    let connections = Arc::new(Semaphore::new(args.max_connections));
    let graceful = GracefulShutdown::new();
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => permit.expect("never closed"),
            _ = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, or a connection reset before it
                    // was accepted: the listener itself is fine.
                    eprintln!("transit webhook serve: accept failed: {err}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().call(request)
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is no error of ours.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    eprintln!("transit webhook serve: stopping; finishing requests in flight");
    // A request in flight has at most the read timeout to arrive, then the
    // writer's time: wait that long for them, then give up on the stragglers.
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(read_timeout + Duration::from_secs(5)) => {
            eprintln!("transit webhook serve: some connections did not finish in time");
        }
    }
    Ok(())
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

/// One log line per request on standard error.
struct Log {
    start: Instant,
    peer: String,
    method: Method,
    path: String,
    content_type: String,
    user_agent: String,
}

impl Log {
    fn new(request: &Request) -> Log {
        let header = |name| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-")
                .to_owned()
        };
        Log {
            start: Instant::now(),
            peer: request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "-".to_owned(), |c| c.0.to_string()),
            method: request.method().clone(),
            path: request.uri().path().to_owned(),
            content_type: header(header::CONTENT_TYPE),
            user_agent: header(header::USER_AGENT),
        }
    }

    fn line(&self, status: StatusCode, what: &str) {
        eprintln!(
            "{} {} {} {} {} {:.1}ms {:?} {:?} {what}",
            DateTime::<Utc>::from(std::time::SystemTime::now())
                .to_rfc3339_opts(SecondsFormat::Millis, true),
            self.peer,
            self.method,
            self.path,
            status.as_u16(),
            self.start.elapsed().as_secs_f64() * 1000.0,
            self.content_type,
            self.user_agent,
        );
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

async fn elsewhere(request: Request) -> Response {
    let log = Log::new(&request);
    log.line(StatusCode::NOT_FOUND, "not the webhook path");
    reply(
        StatusCode::NOT_FOUND,
        "not found: webhooks are served at another path",
    )
}

async fn at_path(State(app): State<App>, request: Request) -> Response {
    let log = Log::new(&request);
    match *request.method() {
        // Penpot's URL check; GET for a person trying the URL in a browser.
        Method::HEAD | Method::GET => {
            log.line(StatusCode::NO_CONTENT, "ready");
            StatusCode::NO_CONTENT.into_response()
        }
        Method::POST => receive(app, request, log).await,
        _ => {
            log.line(StatusCode::METHOD_NOT_ALLOWED, "only HEAD, GET and POST");
            let mut response = reply(
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

async fn receive(app: App, request: Request, log: Log) -> Response {
    let size = content_length(request.headers());
    let event = match tokio::time::timeout(
        app.read_timeout,
        WebhookEvent::from_request(request, &()),
    )
    .await
    {
        Ok(Ok(WebhookEvent(event))) => event,
        Ok(Err(rejection)) => {
            log.line(rejection.status(), rejection.reason());
            let unread = matches!(
                rejection.status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::PAYLOAD_TOO_LARGE
            );
            let mut response = rejection.into_response();
            if unread {
                closing(&mut response);
            }
            return response;
        }
        Err(_) => {
            let reason = format!(
                "request timeout: the body did not arrive within {:?}",
                app.read_timeout
            );
            log.line(StatusCode::REQUEST_TIMEOUT, &reason);
            let mut response = reply(StatusCode::REQUEST_TIMEOUT, &reason);
            closing(&mut response);
            return response;
        }
    };
    let mut line = match format_line(&event, app.format) {
        Ok(line) => line,
        Err(err) => {
            let reason = format!("cannot write this event in the chosen format: {err}");
            log.line(StatusCode::BAD_REQUEST, &reason);
            return reply(StatusCode::BAD_REQUEST, &reason);
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
                &format!("{} {}B", event.name, size.unwrap_or(0)),
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

/// The body of this request was not read (all): the connection cannot carry
/// another request, and saying so lets the client open a new one instead of
/// sending its next delivery into a closed socket.
fn closing(response: &mut Response) {
    response.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// The event as one line, without the line break. Every format escapes line
/// breaks inside strings, so the line is always one line.
fn format_line(event: &Event, format: Format) -> transit_format::Result<Vec<u8>> {
    Ok(match format {
        Format::Transit => event.encode(ContentType::TransitJson)?,
        Format::Json => to_plain_json_line(&event.to_value())?.into_bytes(),
        Format::Edn => event.to_value().to_string().into_bytes(),
    })
}

enum Output {
    File(File),
    Stdout,
}

/// The writer thread: group commit until every sender is gone, then a last sync.
fn write_lines(mut output: Output, mut jobs: mpsc::Receiver<Job>) -> io::Result<()> {
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
        let result = output.append(&buffer).map_err(|err| err.to_string());
        if let Err(err) = &result {
            eprintln!("transit webhook serve: cannot write the output: {err}");
        }
        for job in batch.drain(..) {
            // The handler may be gone (its client timed out); the line is
            // written all the same.
            let _ = job.done.send(result.clone());
        }
    }
    output.finish()
}

impl Output {
    /// Appends the lines and makes them durable: flushed, and synced for a file.
    /// On failure a file is cut back to where it was, so that no partial line
    /// stays in it for the next group to follow.
    fn append(&mut self, lines: &[u8]) -> io::Result<()> {
        match self {
            Output::File(file) => {
                let before = file.metadata()?.len();
                let result = file.write_all(lines).and_then(|()| file.sync_data());
                if result.is_err() {
                    let _ = file.set_len(before);
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
            Output::File(file) => file.sync_all(),
            Output::Stdout => io::stdout().lock().flush(),
        }
    }
}
