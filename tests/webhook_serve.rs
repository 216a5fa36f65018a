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
mod receiver;

use receiver::*;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use transit_format::webhook::{ContentType, Event, KnownProps};
use transit_format::Value;
use uuid::Uuid;

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
fn an_idle_connection_makes_room_for_a_new_one_when_every_slot_is_taken() {
    let server = Server::start("bound", &["--max-connections", "1", "--read-timeout", "4"]);
    // The one connection allowed, held open and silent: it is closed for the
    // next one instead of holding the slot until the read timeout.
    let mut idle = TcpStream::connect(&server.address).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    assert!(Client::new(&server.address).validate("/"));
    let waited = start.elapsed();
    assert!(waited < Duration::from_secs(2), "served after {waited:?}");
    idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    let _ = idle.read_to_end(&mut rest);
    assert!(rest.is_empty(), "{rest:?}");
}

/// A connection to `address` from another loopback address (another peer).
fn connect_from(local: &str, address: &str) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{local}:0").parse().unwrap()).unwrap();
        socket.connect(address.parse().unwrap()).await.unwrap()
    });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
}

/// One request on a fresh connection from `local`: the status and how long the
/// answer took.
fn request_from(local: &str, address: &str, request: &[u8]) -> (Option<u16>, Duration) {
    let start = Instant::now();
    let mut stream = connect_from(local, address);
    stream.set_read_timeout(Some(POST_TIMEOUT)).unwrap();
    stream.write_all(request).unwrap();
    let mut reader = BufReader::new(stream);
    let status = read_answer(&mut reader, request.starts_with(b"HEAD"))
        .ok()
        .map(|(answer, _)| answer.status);
    (status, start.elapsed())
}

fn post_bytes(path: &str, content_type: &str, body: &[u8], extra: &str) -> Vec<u8> {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n{extra}\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

#[test]
fn penpot_is_answered_in_time_while_two_cache_bombs_are_in_flight() {
    // 1 MB bodies of codes for a 1,000-character keyword: 200 MB each written
    // out in full, refused at 32 × the body.
    let bomb = Arc::new(cache_bomb(200_000, 1_000));
    assert!(bomb.len() < 1 << 20);
    for format in ["edn", "json", "transit"] {
        let server = Server::start(&format!("bomb-{format}"), &["--format", format]);
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let attackers: Vec<_> = (0..2)
            .map(|_| {
                let (address, bomb, stop) =
                    (server.address.clone(), Arc::clone(&bomb), Arc::clone(&stop));
                std::thread::spawn(move || {
                    let mut statuses = Vec::new();
                    // At most 20 each, for at most 6 s.
                    let start = Instant::now();
                    while !stop.load(Ordering::Relaxed)
                        && statuses.len() < 20
                        && start.elapsed() < Duration::from_secs(6)
                    {
                        let mut client = Client::new(&address);
                        let answer = client.send(
                            "POST",
                            "/",
                            Some("application/transit+json"),
                            &Body::Whole(bomb.to_vec()),
                            Duration::from_secs(30),
                        );
                        statuses.push(answer.map(|a| a.status).ok());
                    }
                    statuses
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let honest = events::all_events(40)[0]
            .encode(ContentType::TransitJson)
            .unwrap();
        for _ in 0..3 {
            let (status, took) = request_from(
                "127.0.0.1",
                &server.address,
                b"HEAD / HTTP/1.1\r\nhost: x\r\n\r\n",
            );
            assert_eq!(status, Some(204), "{format}");
            assert!(
                took < Duration::from_secs(1),
                "{format}: HEAD took {took:?}"
            );
            let request = post_bytes("/", "application/transit+json", &honest, "");
            let (status, took) = request_from("127.0.0.1", &server.address, &request);
            assert_eq!(status, Some(204), "{format}");
            assert!(
                took < Duration::from_secs(2),
                "{format}: delivery took {took:?}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        stop.store(true, Ordering::Relaxed);
        for attacker in attackers {
            let statuses = attacker.join().unwrap();
            assert!(!statuses.is_empty());
            let expected = if format == "transit" { 204 } else { 422 };
            assert!(
                statuses.iter().all(|s| *s == Some(expected)),
                "{format}: {statuses:?}"
            );
        }
        // Transit keeps the codes: the bombs' lines are no longer than their bodies.
        for line in server.lines() {
            assert!(line.len() <= bomb.len(), "{format}: {}", line.len());
        }
        let (status, _) = server.stop();
        assert!(status.success());
    }
}

#[test]
fn one_peer_cannot_hold_every_slot() {
    let server = Server::start(
        "peers",
        &[
            "--max-connections",
            "8",
            "--max-per-peer",
            "4",
            "--read-timeout",
            "4",
        ],
    );
    // Four polite kept-alive connections from one peer, each checked once.
    let mut hogs: Vec<Client> = (0..4).map(|_| Client::new(&server.address)).collect();
    for hog in &mut hogs {
        assert!(hog.validate("/"));
    }
    // A fifth from the same peer is closed at once, unanswered.
    let mut fifth = TcpStream::connect(&server.address).unwrap();
    fifth
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let _ = fifth.write_all(b"HEAD / HTTP/1.1\r\nhost: x\r\n\r\n");
    let mut answer = Vec::new();
    let _ = fifth.read_to_end(&mut answer);
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    // Another peer is served at once.
    let honest = events::all_events(41)[1]
        .encode(ContentType::TransitJson)
        .unwrap();
    let request = post_bytes("/", "application/transit+json", &honest, "");
    let (status, took) = request_from("127.0.0.2", &server.address, &request);
    assert_eq!(status, Some(204));
    assert!(took < Duration::from_secs(2), "{took:?}");
    // The hogs are still served.
    for hog in &mut hogs {
        assert!(hog.validate("/"));
    }
    let (status, log) = server.stop();
    assert!(status.success());
    assert_eq!(
        log.iter().filter(|l| l.contains("--max-per-peer")).count(),
        1,
        "{log:#?}"
    );
}

#[test]
fn kept_alive_and_slow_connections_in_every_slot_do_not_starve_deliveries() {
    let server = Server::start("hog", &["--max-connections", "16", "--max-per-peer", "16"]);
    // 8 polite kept-alive connections and 8 that send half a header, from one
    // peer: every slot.
    let mut polite: Vec<Client> = (0..8).map(|_| Client::new(&server.address)).collect();
    for hog in &mut polite {
        assert!(hog.validate("/"));
    }
    let slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            s.write_all(b"POST / HTTP/1.1\r\nhost: x\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let honest = events::all_events(42)[2]
        .encode(ContentType::TransitJson)
        .unwrap();
    for i in 0..3 {
        let request = post_bytes("/", "application/transit+json", &honest, "");
        let (status, took) = request_from("127.0.0.2", &server.address, &request);
        assert_eq!(status, Some(204), "delivery {i}");
        assert!(took < Duration::from_secs(2), "delivery {i} took {took:?}");
    }
    drop(slow);
    let (status, _) = server.stop();
    assert!(status.success());
}

#[test]
fn logs_escape_request_text_and_a_closed_log_changes_no_answer() {
    let server = Server::start("logs", &["--format", "json"]);
    let mut event = events::all_events(43)[0].clone();
    event.name = "x\n2026-01-01T00:00:00.000Z 10.0.0.1:1 POST / 204 forged\u{1b}[2J".into();
    let body = event.encode(ContentType::TransitJson).unwrap();
    let answer =
        Client::new(&server.address).deliver("application/transit+json", &Body::Whole(body));
    assert!(delivered(&answer), "{answer:?}");
    let (status, log) = server.stop();
    assert!(status.success());
    let posts: Vec<&String> = log.iter().filter(|l| l.contains(" POST ")).collect();
    assert_eq!(posts.len(), 1, "{log:#?}");
    assert!(
        posts[0].contains(r"x\n2026") && posts[0].contains(r"\u{1b}[2J"),
        "{}",
        posts[0]
    );
    assert!(log.iter().all(|l| !l.contains('\u{1b}')));

    // Standard error closed once the server is up: every answer is the same,
    // and the server stops cleanly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
        .args([
            "webhook",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--out",
            "/dev/null",
        ])
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
        .trim_start_matches("transit webhook serve: listening on http://")
        .trim_end_matches('/')
        .to_owned();
    drop(stderr);
    let mut client = Client::new(&address);
    for _ in 0..3 {
        assert!(client.validate("/"));
        let body = events::all_events(44)[3]
            .encode(ContentType::TransitJson)
            .unwrap();
        let answer = client.deliver("application/transit+json", &Body::Whole(body));
        assert!(delivered(&answer), "{answer:?}");
    }
    terminate(&child);
    let status = wait_at_most(&mut child, Duration::from_secs(20));
    assert!(status.success(), "{status:?}");
}

#[test]
fn http_details_half_close_expect_encoding_and_events_without_a_name() {
    let server = Server::start("http", &["--max-body", "4096", "--format", "json"]);
    let good = events::all_events(45)[0]
        .encode(ContentType::TransitJson)
        .unwrap();
    // Half-closed after the request: still answered.
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(POST_TIMEOUT)).unwrap();
    stream
        .write_all(&post_bytes("/", "application/transit+json", &good, ""))
        .unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let (answer, _) = read_answer(&mut BufReader::new(stream), false).unwrap();
    assert_eq!(answer.status, 204);
    // A Content-Length past --max-body with Expect: 100-continue: 413 at once.
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(POST_TIMEOUT)).unwrap();
    stream
        .write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/transit+json\r\ncontent-length: 10000000000\r\nexpect: 100-continue\r\n\r\n")
        .unwrap();
    let (answer, _) = read_answer(&mut BufReader::new(stream), false).unwrap();
    assert_eq!(answer.status, 413, "{answer:?}");
    // A content coding: 415, whatever the body.
    for coding in ["gzip", "br"] {
        let request = post_bytes(
            "/",
            "application/transit+json",
            &good,
            &format!("content-encoding: {coding}\r\n"),
        );
        let (status, _) = request_from("127.0.0.1", &server.address, &request);
        assert_eq!(status, Some(415), "{coding}");
    }
    let request = post_bytes(
        "/",
        "application/transit+json",
        &good,
        "content-encoding: identity\r\n",
    );
    assert_eq!(
        request_from("127.0.0.1", &server.address, &request).0,
        Some(204)
    );
    // Not Penpot events: 422, nothing stored.
    for (content_type, body) in [
        ("application/json", &b"{}"[..]),
        ("application/json", br#"{"foo":1}"#),
        ("application/transit+json", br#"["^ "]"#),
        ("application/transit+json", br#"["^ ","~:name",""]"#),
        ("application/transit+json", br#"["^ ","~:foo","bar"]"#),
    ] {
        let request = post_bytes("/", content_type, body, "");
        let (status, _) = request_from("127.0.0.1", &server.address, &request);
        assert_eq!(status, Some(422), "{}", String::from_utf8_lossy(body));
    }
    // Values plain JSON cannot hold are written as strings the crate reads back.
    let odd = br#"["^ ","~:name","x","~:props",["^ ","~:a","~zNaN","~:b","~zINF","~:c","~f1e400","~:d","~n1000000000000000000000"]]"#;
    let request = post_bytes("/", "application/transit+json", odd, "");
    assert_eq!(
        request_from("127.0.0.1", &server.address, &request).0,
        Some(204)
    );
    let lines = server.lines();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert_eq!(
        lines[2],
        r#"{"name":"x","props":{"a":"NaN","b":"Infinity","c":"1e400","d":1000000000000000000000}}"#
    );
    for line in &lines {
        transit_format::webhook::from_plain_json(line.as_bytes()).unwrap();
        Event::decode(line.as_bytes(), "application/json").unwrap();
    }
}

#[test]
fn the_path_is_literal() {
    let server = Server::start("literal", &["--path", "/{token}"]);
    let good = events::all_events(46)[0]
        .encode(ContentType::TransitJson)
        .unwrap();
    let request = post_bytes("/anything", "application/transit+json", &good, "");
    assert_eq!(
        request_from("127.0.0.1", &server.address, &request).0,
        Some(404)
    );
    let request = post_bytes("/{token}", "application/transit+json", &good, "");
    assert_eq!(
        request_from("127.0.0.1", &server.address, &request).0,
        Some(204)
    );
    drop(server);
    for (path, ok) in [
        ("/:x", true),
        ("/*x", true),
        ("/a{b", true),
        ("/hook?token=x", false),
        ("/a#b", false),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
            .args([
                "webhook",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--out",
                "/dev/null",
                "--path",
                path,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        if ok {
            assert!(first.contains("listening on"), "{path}: {first}");
            let _ = child.kill();
            let _ = child.wait();
        } else {
            assert!(
                first.contains("--path") && first.contains("query"),
                "{path}: {first}"
            );
            assert_eq!(
                wait_at_most(&mut child, Duration::from_secs(5)).code(),
                Some(1)
            );
        }
    }
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

fn deliver_one(address: &str, serial: u64) -> std::io::Result<Answer> {
    let body = events::all_events(serial)[0]
        .encode(ContentType::TransitJson)
        .unwrap();
    Client::new(address).deliver("application/transit+json", &Body::Whole(body))
}

#[test]
fn a_removed_or_rotated_out_file_is_reopened_and_sighup_reopens_it() {
    let server = Server::start("rotate", &[]);
    assert!(delivered(&deliver_one(&server.address, 50)));
    // Removed: the next event goes into a new file at the path.
    std::fs::remove_file(&server.out).unwrap();
    assert!(delivered(&deliver_one(&server.address, 51)));
    assert_eq!(server.lines().len(), 1);
    // Rotated (renamed away): the old file keeps its lines, the path gets the
    // new ones.
    let rotated = server.out.with_extension("log.1");
    std::fs::rename(&server.out, &rotated).unwrap();
    assert!(delivered(&deliver_one(&server.address, 52)));
    assert!(delivered(&deliver_one(&server.address, 53)));
    assert_eq!(
        std::fs::read_to_string(&rotated).unwrap().lines().count(),
        1
    );
    assert_eq!(server.lines().len(), 2);
    std::fs::remove_file(&rotated).unwrap();
    // SIGHUP reopens instead of ending the process.
    let status = Command::new("kill")
        .args(["-HUP", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(200));
    assert!(delivered(&deliver_one(&server.address, 54)));
    assert_eq!(server.lines().len(), 3);
    let (status, log) = server.stop();
    assert!(status.success(), "{status:?} {log:#?}");
    assert_eq!(
        log.iter().filter(|l| l.contains("reopened")).count(),
        3,
        "{log:#?}"
    );
    assert!(log.iter().any(|l| l.contains("(SIGHUP)")), "{log:#?}");
}

#[test]
fn a_torn_last_line_is_ended_new_files_are_private_and_a_second_receiver_is_refused() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("webhook-serve-torn-{}.log", std::process::id()));
    // A line cut short by a crash.
    std::fs::write(&path, b"[\"^ \",\"~:name\",\"create-fi").unwrap();
    let start = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_transit"))
            .args(["webhook", "serve", "--listen", "127.0.0.1:0", "--out"])
            .arg(&path)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut first = start(&[]);
    let mut stderr = BufReader::new(first.stderr.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        lines.push(line.clone());
        if line.contains("listening on") {
            break;
        }
    }
    assert!(lines[0].contains("torn line"), "{lines:?}");
    let address = lines[1]
        .trim()
        .trim_start_matches("transit webhook serve: listening on http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(delivered(&deliver_one(&address, 55)));
    let text = std::fs::read_to_string(&path).unwrap();
    let stored: Vec<&str> = text.lines().collect();
    assert_eq!(stored.len(), 2, "{text}");
    assert!(stored[1].starts_with("[\"^ \",\"~:name\""), "{text}");
    Event::decode(stored[1].as_bytes(), "application/transit+json").unwrap();
    // A second receiver on the same file is refused at start.
    let second = start(&[]).wait_with_output().unwrap();
    assert_eq!(second.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&second.stderr).contains("one receiver per out file"));
    terminate(&first);
    assert!(wait_at_most(&mut first, Duration::from_secs(20)).success());
    std::fs::remove_file(&path).unwrap();
    // A new file is readable by its owner only.
    let mut fresh = start(&[]);
    let mut line = String::new();
    BufReader::new(fresh.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let _ = fresh.kill();
    let _ = fresh.wait();
    std::fs::remove_file(&path).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_works_without_a_sync_and_a_closed_standard_output_stops_the_receiver() {
    let fifo = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("webhook-serve-fifo-{}", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // The reader first: opening a FIFO to write waits for one.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
        .args(["webhook", "serve", "--listen", "127.0.0.1:0", "--out"])
        .arg(&fifo)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .trim_start_matches("transit webhook serve: listening on http://")
        .trim_end_matches('/')
        .to_owned();
    for serial in 56..59 {
        let answer = deliver_one(&address, serial);
        assert!(delivered(&answer), "{answer:?}");
    }
    terminate(&child);
    assert!(wait_at_most(&mut child, Duration::from_secs(20)).success());
    assert_eq!(reader.join().unwrap().lines().count(), 3);
    std::fs::remove_file(&fifo).unwrap();

    // Standard output closed for good: the receiver says so and exits 1.
    let mut child = Command::new(env!("CARGO_BIN_EXE_transit"))
        .args(["webhook", "serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let address = line
        .trim()
        .trim_start_matches("transit webhook serve: listening on http://")
        .trim_end_matches('/')
        .to_owned();
    let answer = deliver_one(&address, 59);
    assert_eq!(answer.unwrap().status, 503);
    let status = wait_at_most(&mut child, Duration::from_secs(20));
    assert_eq!(status.code(), Some(1));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(
        rest.contains("standard output is closed: stopping"),
        "{rest}"
    );
    assert!(
        rest.contains("transit: standard output was closed"),
        "{rest}"
    );
}
