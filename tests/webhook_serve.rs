//! `transit webhook serve`, tested the way Penpot delivers: a client that checks
//! the URL with `HEAD` (3 s timeout) and `POST`s each event with Penpot's headers
//! and its 4 s timeout, counting only 200 and 204 as delivered. Everything runs on
//! 127.0.0.1, bounded in count and time; every server started is killed or
//! stopped before its test ends.
//!
//! The load test prints deliveries per second and latency percentiles; in release
//! (`cargo test --release --features cli --test webhook_serve -- --nocapture load`)
//! those are the figures of BENCHMARKS.md.

mod events;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use transit_format::webhook::{ContentType, Event, KnownProps};
use transit_format::Value;
use uuid::Uuid;

const USER_AGENT: &str = "penpot/2.17";
/// Penpot's timeouts: the URL check, and each delivery.
const HEAD_TIMEOUT: Duration = Duration::from_secs(3);
const POST_TIMEOUT: Duration = Duration::from_secs(4);

/// A running `transit webhook serve`; killed when dropped.
struct Server {
    child: Child,
    address: String,
    out: PathBuf,
    log: Arc<Mutex<Vec<String>>>,
    log_done: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(name: &str, extra: &[&str]) -> Server {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("webhook-serve-{name}-{}.log", std::process::id()));
        let _ = std::fs::remove_file(&out);
        let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
            .args(["webhook", "serve", "--listen", "127.0.0.1:0", "--out"])
            .arg(&out)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let address = first
            .trim()
            .strip_prefix("transit webhook serve: listening on http://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
            .to_owned();
        // Drained all along, so that the server never blocks on a full pipe.
        let log = Arc::new(Mutex::new(Vec::new()));
        let log_done = {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in stderr.lines() {
                    let Ok(line) = line else { break };
                    log.lock().unwrap().push(line);
                }
            })
        };
        Server {
            child,
            address,
            out,
            log,
            log_done: Some(log_done),
        }
    }

    /// SIGTERM, then the exit status and every line logged.
    fn stop(mut self) -> (std::process::ExitStatus, Vec<String>) {
        terminate(&self.child);
        let status = wait_at_most(&mut self.child, Duration::from_secs(20));
        if let Some(done) = self.log_done.take() {
            done.join().unwrap();
        }
        let log = std::mem::take(&mut *self.log.lock().unwrap());
        (status, log)
    }

    fn lines(&self) -> Vec<String> {
        let text = std::fs::read(&self.out).unwrap_or_default();
        String::from_utf8_lossy(&text)
            .split_terminator('\n')
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.out);
    }
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_at_most(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < limit,
            "the server did not stop in {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What a client sends: Penpot's requests, and the bad ones a receiver meets.
#[derive(Clone)]
enum Body {
    /// Sent in one go.
    Whole(Vec<u8>),
    /// The bytes in two halves, `pause` apart.
    Slow(Vec<u8>, Duration),
    /// `Content-Length` says more than is sent; then the client stops writing.
    Cut(Vec<u8>, usize),
}

/// HTTP/1.1 over one kept-alive connection, as Penpot's Java HTTP client does.
/// No retries: a delivery is sent once, so an acknowledged event must be in the
/// file exactly once.
struct Client {
    address: String,
    stream: Option<BufReader<TcpStream>>,
}

#[derive(Debug)]
struct Answer {
    status: u16,
    body: String,
}

impl Client {
    fn new(address: &str) -> Client {
        Client {
            address: address.to_owned(),
            stream: None,
        }
    }

    /// Penpot's URL check: delivered when 200 or 204 within 3 s.
    fn validate(&mut self, path: &str) -> bool {
        matches!(
            self.send("HEAD", path, None, &Body::Whole(Vec::new()), HEAD_TIMEOUT),
            Ok(Answer {
                status: 200 | 204,
                ..
            })
        )
    }

    /// One delivery with Penpot's headers and timeout.
    fn deliver(&mut self, content_type: &str, body: &Body) -> std::io::Result<Answer> {
        self.send("POST", "/", Some(content_type), body, POST_TIMEOUT)
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &Body,
        timeout: Duration,
    ) -> std::io::Result<Answer> {
        let result = self.exchange(method, path, content_type, body, timeout);
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    fn exchange(
        &mut self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &Body,
        timeout: Duration,
    ) -> std::io::Result<Answer> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(&self.address)?;
            stream.set_nodelay(true)?;
            self.stream = Some(BufReader::new(stream));
        }
        let reader = self.stream.as_mut().unwrap();
        let stream = reader.get_mut();
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        let length = match body {
            Body::Whole(b) | Body::Slow(b, _) => b.len(),
            Body::Cut(_, claimed) => *claimed,
        };
        let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.address);
        // Penpot's HEAD check of the URL has no Penpot user agent; its POSTs do.
        if method != "HEAD" {
            head.push_str(&format!("user-agent: {USER_AGENT}\r\n"));
        }
        if let Some(content_type) = content_type {
            head.push_str(&format!(
                "content-type: {content_type}\r\ncontent-length: {length}\r\n"
            ));
        }
        head.push_str("\r\n");
        // A server may answer (413, 415) and close before the body is all sent:
        // a failed write still leaves its answer to read.
        let mut sent = stream.write_all(head.as_bytes());
        if sent.is_ok() {
            sent = match body {
                Body::Whole(b) => stream.write_all(b),
                Body::Slow(b, pause) => {
                    let half = b.len() / 2;
                    stream.write_all(&b[..half]).and_then(|()| {
                        std::thread::sleep(*pause);
                        stream.write_all(&b[half..])
                    })
                }
                Body::Cut(b, _) => stream
                    .write_all(b)
                    .and_then(|()| stream.shutdown(Shutdown::Write)),
            };
        }
        let answer = read_answer(reader, method == "HEAD");
        match (answer, sent) {
            (Ok((answer, keep)), _) => {
                if !keep || matches!(body, Body::Cut(..)) {
                    self.stream = None;
                }
                Ok(answer)
            }
            (Err(_), Err(err)) | (Err(err), Ok(())) => Err(err),
        }
    }
}

/// A response: status, body, and whether the connection stays open.
fn read_answer(reader: &mut BufReader<TcpStream>, head: bool) -> std::io::Result<(Answer, bool)> {
    let mut status_line = String::new();
    if reader.read_line(&mut status_line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {status_line:?}")))?;
    let mut length = 0usize;
    let mut keep = true;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "connection" => keep = !value.trim().eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    let mut body = vec![0; if head { 0 } else { length }];
    reader.read_exact(&mut body)?;
    Ok((
        Answer {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        },
        keep,
    ))
}

fn delivered(answer: &std::io::Result<Answer>) -> bool {
    matches!(
        answer,
        Ok(Answer {
            status: 200 | 204,
            ..
        })
    )
}

/// Who an event is: its name and profile (each test event has its own profile).
fn identity(event: &Event) -> (String, Option<Uuid>) {
    (event.name.clone(), event.profile_id)
}

/// An event of `serial` for load tests: one of the 24 kinds, in turn.
fn load_event(serial: u64) -> Event {
    let mut events = events::all_events(serial);
    let mut event = events.swap_remove((serial % 24) as usize);
    event.profile_id = Some(events::id(serial, 0xffff));
    event
}

#[test]
fn every_event_in_both_content_types_is_delivered_once_in_each_format() {
    for format in ["transit", "json", "edn"] {
        let server = Server::start(&format!("all-{format}"), &["--format", format]);
        let mut client = Client::new(&server.address);
        assert!(client.validate("/"), "the URL check fails");
        // A GET in a browser is fine too.
        assert_eq!(
            client
                .send("GET", "/", None, &Body::Whole(vec![]), HEAD_TIMEOUT)
                .unwrap()
                .status,
            204
        );
        let mut sent = Vec::new();
        for (serial, content_type) in [(1, ContentType::TransitJson), (2, ContentType::Json)] {
            for event in events::all_events(serial) {
                let body = event.encode(content_type).unwrap();
                let answer = client.deliver(content_type.as_str(), &Body::Whole(body));
                assert!(
                    delivered(&answer),
                    "{} {content_type:?}: {answer:?}",
                    event.name
                );
                sent.push(event);
            }
        }
        let lines = server.lines();
        assert_eq!(lines.len(), 48, "{format}");
        match format {
            "edn" => {
                for event in &sent {
                    let edn = event.to_value().to_string();
                    assert_eq!(lines.iter().filter(|l| **l == edn).count(), 1, "{edn}");
                }
            }
            _ => {
                let content_type = if format == "json" {
                    "application/json"
                } else {
                    "application/transit+json"
                };
                let mut found: HashMap<_, Vec<Event>> = HashMap::new();
                for line in &lines {
                    let event = Event::decode(line.as_bytes(), content_type)
                        .unwrap_or_else(|e| panic!("{format}: {e}: {line}"));
                    found.entry(identity(&event)).or_default().push(event);
                }
                for event in &sent {
                    let copies = &found[&identity(event)];
                    assert_eq!(copies.len(), 1, "{format} {}", event.name);
                    assert_eq!(&copies[0], event, "{format}");
                    assert!(!matches!(
                        copies[0].known_props().unwrap(),
                        KnownProps::Other(_)
                    ));
                }
            }
        }
        let (status, log) = server.stop();
        assert!(status.success(), "{status:?}: {log:?}");
        // One line per request (the HEAD, the GET, 48 POSTs).
        assert_eq!(
            log.iter().filter(|l| l.contains(" POST / 204 ")).count(),
            48
        );
        assert_eq!(log.iter().filter(|l| l.contains(" HEAD / 204 ")).count(), 1);
    }
}

#[test]
fn bad_requests_get_a_one_line_reason_and_write_nothing() {
    let server = Server::start("bad", &["--max-body", "4096", "--path", "/hooks/penpot"]);
    let mut client = Client::new(&server.address);
    assert!(client.validate("/hooks/penpot"));
    let good = events::all_events(3)[0]
        .encode(ContentType::TransitJson)
        .unwrap();
    let cases: Vec<(&str, Body, u16, &str)> = vec![
        (
            "text/plain",
            Body::Whole(good.clone()),
            415,
            "unsupported content type",
        ),
        (
            "application/json",
            Body::Whole(good.clone()),
            400,
            "looks like Transit",
        ),
        (
            "application/transit+json",
            Body::Whole(good[..good.len() - 3].to_vec()),
            400,
            "line 1 column",
        ),
        (
            "application/transit+json",
            Body::Whole(vec![b'['; 5000]),
            413,
            "body too large",
        ),
        (
            "application/transit+json",
            Body::Whole(b"[\"^ \",\"^9\",1]".to_vec()),
            400,
            "invalid webhook body",
        ),
    ];
    for (content_type, body, status, reason) in cases {
        let mut builder = |path: &str| {
            client
                .send("POST", path, Some(content_type), &body, POST_TIMEOUT)
                .unwrap()
        };
        let answer = builder("/hooks/penpot");
        assert_eq!(answer.status, status, "{content_type}: {answer:?}");
        assert!(answer.body.contains(reason), "{answer:?}");
        assert_eq!(answer.body.trim_end().lines().count(), 1, "{answer:?}");
    }
    // Another path is 404, another method 405.
    let answer = client
        .send(
            "POST",
            "/",
            Some("application/transit+json"),
            &Body::Whole(good.clone()),
            POST_TIMEOUT,
        )
        .unwrap();
    assert_eq!(answer.status, 404);
    let answer = client
        .send(
            "PUT",
            "/hooks/penpot",
            Some("application/transit+json"),
            &Body::Whole(good),
            POST_TIMEOUT,
        )
        .unwrap();
    assert_eq!(answer.status, 405);
    assert!(server.lines().is_empty(), "{:?}", server.lines());
    let (status, log) = server.stop();
    assert!(status.success());
    assert_eq!(
        log.iter().filter(|l| l.contains(" POST ")).count(),
        6,
        "{log:#?}"
    );
}

#[test]
fn slow_and_silent_clients_are_timed_out() {
    let server = Server::start("slow", &["--read-timeout", "0.5"]);
    let body = events::all_events(4)[1]
        .encode(ContentType::TransitJson)
        .unwrap();
    // A body that trickles in within the timeout is delivered.
    let mut client = Client::new(&server.address);
    let answer = client.deliver(
        "application/transit+json",
        &Body::Slow(body.clone(), Duration::from_millis(100)),
    );
    assert!(delivered(&answer), "{answer:?}");
    // One that takes longer gets 408.
    let mut client = Client::new(&server.address);
    let answer = client
        .deliver(
            "application/transit+json",
            &Body::Slow(body.clone(), Duration::from_millis(1500)),
        )
        .map(|a| a.status);
    assert!(matches!(answer, Ok(408) | Err(_)), "{answer:?}");
    // A connection that sends nothing, or half a header, is closed.
    for sent in [&b""[..], b"POST / HTTP/1.1\r\nhost: x\r\n"] {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        stream.write_all(sent).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let start = Instant::now();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        assert!(
            start.elapsed() < Duration::from_secs(4),
            "{:?}",
            start.elapsed()
        );
    }
    assert_eq!(server.lines().len(), 1);
}

#[test]
fn sigterm_finishes_requests_in_flight_then_stops() {
    let server = Server::start("graceful", &[]);
    let address = server.address.clone();
    let body = events::all_events(5)[2]
        .encode(ContentType::TransitJson)
        .unwrap();
    let in_flight = std::thread::spawn(move || {
        Client::new(&address).deliver(
            "application/transit+json",
            &Body::Slow(body, Duration::from_millis(800)),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    terminate(&server.child);
    let answer = in_flight.join().unwrap();
    assert!(delivered(&answer), "{answer:?}");
    assert_eq!(server.lines().len(), 1);
    let (status, log) = server.stop_after_signal();
    assert!(status.success(), "{status:?}");
    assert!(
        log.iter().any(|l| l.contains("stopped; 1 events written")),
        "{log:#?}"
    );
}

impl Server {
    /// The exit after a signal already sent, and the log.
    fn stop_after_signal(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let status = wait_at_most(&mut self.child, Duration::from_secs(20));
        if let Some(done) = self.log_done.take() {
            done.join().unwrap();
        }
        let log = std::mem::take(&mut *self.log.lock().unwrap());
        (status, log)
    }
}

/// What one delivery of the load was, and how it went.
struct Outcome {
    serial: u64,
    good: bool,
    acknowledged: bool,
    /// What a good delivery that was not acknowledged got instead.
    failure: Option<String>,
    latency: Duration,
}

/// The deliveries of a load: `good` events, and bad requests mixed in, every
/// `BAD_EVERY`-th in turn malformed, cut short, too large, too slow, of the
/// wrong type, or labelled with the wrong content type. Every good fifth is
/// trickled in (slow, but in time).
const BAD_EVERY: u64 = 25;

fn load_request(serial: u64) -> (bool, &'static str, Body) {
    let event = load_event(serial);
    let content_type = if serial % 2 == 0 {
        ContentType::TransitJson
    } else {
        ContentType::Json
    };
    let body = event.encode(content_type).unwrap();
    if serial % BAD_EVERY != 0 {
        let body = if serial % 5 == 1 {
            Body::Slow(body, Duration::from_millis(5))
        } else {
            Body::Whole(body)
        };
        return (true, content_type.as_str(), body);
    }
    let transit = event.encode(ContentType::TransitJson).unwrap();
    let (content_type, body) = match (serial / BAD_EVERY) % 7 {
        0 => (
            "application/transit+json",
            Body::Whole(transit[..transit.len() / 2].to_vec()),
        ),
        1 => {
            let mut broken = transit.clone();
            broken[1] = b'{';
            ("application/transit+json", Body::Whole(broken))
        }
        2 => {
            let n = transit.len();
            ("application/transit+json", Body::Cut(transit, n + 100))
        }
        3 => {
            let mut huge = load_event(serial);
            if let Value::Map(props) = &mut huge.props {
                props.insert(Value::keyword("padding"), Value::from("x".repeat(70_000)));
            }
            (
                "application/transit+json",
                Body::Whole(huge.encode(ContentType::TransitJson).unwrap()),
            )
        }
        4 => (
            "application/transit+json",
            Body::Slow(transit, Duration::from_millis(1500)),
        ),
        5 => ("text/plain", Body::Whole(transit)),
        _ => ("application/json", Body::Whole(transit)),
    };
    (false, content_type, body)
}

/// Sends `count` deliveries from `workers` threads, until done or until `stop`
/// says so; the outcome of each.
fn run_load(
    address: &str,
    count: u64,
    workers: usize,
    stop: &AtomicUsize,
    request: fn(u64) -> (bool, &'static str, Body),
) -> Vec<Outcome> {
    let next = Arc::new(AtomicUsize::new(0));
    let (outcomes, received) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let next = Arc::clone(&next);
            let outcomes = outcomes.clone();
            scope.spawn(move || {
                let mut client = Client::new(address);
                loop {
                    let serial = next.fetch_add(1, Ordering::Relaxed) as u64 + 1;
                    if serial > count || stop.load(Ordering::Relaxed) != 0 {
                        break;
                    }
                    let (good, content_type, body) = request(serial);
                    let start = Instant::now();
                    let answer = client.deliver(content_type, &body);
                    let acknowledged = delivered(&answer);
                    let failure = (good && !acknowledged).then(|| format!("{answer:?}"));
                    outcomes
                        .send(Outcome {
                            serial,
                            good,
                            acknowledged,
                            failure,
                            latency: start.elapsed(),
                        })
                        .unwrap();
                }
            });
        }
    });
    drop(outcomes);
    received.into_iter().collect()
}

/// Every line of the file that decodes, by serial (a line cut short by a kill is
/// left out).
fn serials_in(lines: &[String]) -> HashMap<u64, usize> {
    let mut found = HashMap::new();
    for line in lines {
        let Ok(event) = Event::decode(line.as_bytes(), "application/transit+json") else {
            continue;
        };
        let serial = (event.profile_id.unwrap().as_u128() >> 16) as u64 & 0xffff_ffff;
        *found.entry(serial).or_insert(0) += 1;
    }
    found
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Deliveries per second and latency percentiles of the good deliveries.
fn report(what: &str, good: &[&Outcome], elapsed: Duration) {
    let mut latencies: Vec<Duration> = good.iter().map(|o| o.latency).collect();
    latencies.sort();
    println!(
        "{what}, in {:.2} s: {:.0} deliveries/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        elapsed.as_secs_f64(),
        good.len() as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
}

/// Only good deliveries, sent whole, alternating the content types.
fn good_request(serial: u64) -> (bool, &'static str, Body) {
    let content_type = if serial % 2 == 0 {
        ContentType::TransitJson
    } else {
        ContentType::Json
    };
    let body = load_event(serial).encode(content_type).unwrap();
    (true, content_type.as_str(), Body::Whole(body))
}

/// The figures of BENCHMARKS.md: good deliveries only, `WEBHOOK_WORKERS` at a
/// time (32 by default), `WEBHOOK_DELIVERIES` of them (20,000). Run in release:
/// `cargo test --release --features cli --test webhook_serve -- --ignored --nocapture throughput`.
#[test]
#[ignore = "a measurement, not a check: run it explicitly, in release"]
fn throughput() {
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let count = env("WEBHOOK_DELIVERIES", 20_000);
    let workers = env("WEBHOOK_WORKERS", 32) as usize;
    let server = Server::start("throughput", &[]);
    let start = Instant::now();
    let outcomes = run_load(
        &server.address,
        count,
        workers,
        &AtomicUsize::new(0),
        good_request,
    );
    let elapsed = start.elapsed();
    let good: Vec<&Outcome> = outcomes.iter().filter(|o| o.acknowledged).collect();
    assert_eq!(good.len() as u64, count);
    assert_eq!(server.lines().len() as u64, count);
    report(
        &format!("throughput: {count} deliveries, {workers} at a time"),
        &good,
        elapsed,
    );
}

#[test]
fn load_of_10000_deliveries_32_at_a_time_with_bad_ones_mixed_in() {
    const GOOD: u64 = 10_000;
    // Serials 1..=total, of which every BAD_EVERY-th is bad: enough for GOOD good.
    let total = GOOD + GOOD / (BAD_EVERY - 1);
    let server = Server::start("load", &["--max-body", "65536", "--read-timeout", "1"]);
    assert!(Client::new(&server.address).validate("/"));
    let start = Instant::now();
    let outcomes = run_load(
        &server.address,
        total,
        32,
        &AtomicUsize::new(0),
        load_request,
    );
    let elapsed = start.elapsed();
    let good: Vec<&Outcome> = outcomes.iter().filter(|o| o.good).collect();
    let bad = outcomes.len() - good.len();
    assert_eq!(good.len() as u64, GOOD);
    let acknowledged = good.iter().filter(|o| o.acknowledged).count();
    let failures: Vec<String> = good
        .iter()
        .filter_map(|o| Some(format!("serial {}: {}", o.serial, o.failure.as_ref()?)))
        .take(5)
        .collect();
    assert_eq!(
        acknowledged as u64, GOOD,
        "every good delivery is acknowledged; the first failures: {failures:#?}"
    );
    assert!(
        outcomes.iter().all(|o| o.good || !o.acknowledged),
        "a bad request was acknowledged"
    );
    let lines = server.lines();
    let found = serials_in(&lines);
    assert_eq!(lines.len(), acknowledged, "one line per acknowledged event");
    for outcome in &outcomes {
        let copies = found.get(&outcome.serial).copied().unwrap_or(0);
        let expected = usize::from(outcome.good);
        assert_eq!(
            copies, expected,
            "serial {} (good: {})",
            outcome.serial, outcome.good
        );
    }
    report(
        &format!("load: {GOOD} deliveries + {bad} bad requests, 32 at a time"),
        &good,
        elapsed,
    );
    let (status, log) = server.stop();
    assert!(status.success());
    // One log line per request, good or bad.
    assert_eq!(
        log.iter().filter(|l| l.contains(" POST / ")).count(),
        outcomes.len()
    );
}

#[test]
fn a_server_killed_mid_load_has_every_event_it_acknowledged() {
    let server = Server::start("kill", &["--max-body", "65536", "--read-timeout", "1"]);
    let stop = AtomicUsize::new(0);
    let outcomes = std::thread::scope(|scope| {
        let load = scope.spawn(|| run_load(&server.address, 50_000, 32, &stop, load_request));
        // Kill it once some hundreds are in, while the load goes on.
        let start = Instant::now();
        while server.lines().len() < 500 && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let status = Command::new("kill")
            .args(["-KILL", &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        // Requests in flight fail; no new ones start.
        stop.store(1, Ordering::Relaxed);
        load.join().unwrap()
    });
    let acked: Vec<&Outcome> = outcomes.iter().filter(|o| o.acknowledged).collect();
    assert!(acked.len() >= 100, "only {} acknowledged", acked.len());
    assert!(
        outcomes.iter().any(|o| o.good && !o.acknowledged),
        "the kill came after the load"
    );
    let found = serials_in(&server.lines());
    for outcome in &acked {
        assert!(outcome.good);
        assert_eq!(
            found.get(&outcome.serial),
            Some(&1),
            "acknowledged serial {} is not in the file once",
            outcome.serial
        );
    }
    for outcome in outcomes.iter().filter(|o| !o.good) {
        assert!(
            !found.contains_key(&outcome.serial),
            "bad serial {}",
            outcome.serial
        );
    }
}

#[test]
fn connections_past_the_bound_wait_for_a_free_one() {
    let server = Server::start("bound", &["--max-connections", "1", "--read-timeout", "1"]);
    // The one connection allowed, held open and silent until the server's read
    // timeout closes it.
    let idle = TcpStream::connect(&server.address).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    assert!(Client::new(&server.address).validate("/"));
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(700),
        "served after {waited:?}"
    );
    drop(idle);
}

#[test]
fn events_go_to_standard_output_without_out() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
        .args([
            "webhook",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--format",
            "edn",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let address = first
        .trim()
        .trim_start_matches("transit webhook serve: listening on http://")
        .trim_end_matches('/')
        .to_owned();
    let event = events::all_events(9)[11].clone();
    let answer = Client::new(&address).deliver(
        "application/json",
        &Body::Whole(event.encode(ContentType::Json).unwrap()),
    );
    assert!(delivered(&answer), "{answer:?}");
    terminate(&child);
    let status = wait_at_most(&mut child, Duration::from_secs(20));
    assert!(status.success());
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out, format!("{}\n", event.to_value()));
}
