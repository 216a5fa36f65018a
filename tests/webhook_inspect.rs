//! `transit webhook serve --inspect`: the live page of deliveries. Its guard,
//! headers and live channel are tested over raw HTTP on 127.0.0.1; what a person
//! sees is tested in headless Chromium (`chromium --headless --dump-dom`), with
//! the Penpot-like client delivering events in both content types, a refused
//! body and a hostile one. Every server started is killed before its test ends.
//!
//! The browser test also takes the README's screenshot; to write it to
//! docs/inspector.png: `UPDATE_SCREENSHOT=1 cargo test --features cli --test
//! webhook_inspect -- --include-ignored browser`.

mod events;
mod receiver;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use receiver::*;
use transit_format::webhook::{ContentType, CreateCommentProps, Event, KnownProps};
use transit_format::{Set, Value};

const TOKEN: &str = "t0ken-for-the-tests_0123456789";

/// One request on its own connection: the status line's code, the headers
/// (lower-cased names) and the body.
fn http(addr: &str, request: &str) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

fn get(addr: &str, target: &str, extra: &str) -> (u16, Vec<(String, String)>, String) {
    http(
        addr,
        &format!("GET {target} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n{extra}\r\n"),
    )
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Reads the live channel until `done` holds for what came so far, for at most
/// 10 s; the connection is closed after.
fn read_events(addr: &str, extra: &str, done: impl Fn(&str) -> bool) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        stream,
        "GET /events HTTP/1.1\r\nhost: {addr}\r\naccept: text/event-stream\r\n{extra}\r\n"
    )
    .unwrap();
    let start = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 8192];
    while start.elapsed() < Duration::from_secs(10) {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        if done(&String::from_utf8_lossy(&seen)) {
            break;
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

/// The body of a chunked answer, as far as its chunks have come whole.
fn dechunk(answer: &str) -> String {
    let Some((_, mut rest)) = answer.split_once("\r\n\r\n") else {
        return String::new();
    };
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size + 2 {
            break;
        }
        body.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    body
}

/// The deliveries (JSON) in what the live channel sent (whole events only).
fn deliveries(answer: &str) -> Vec<serde_json::Value> {
    let stream = dechunk(answer);
    let stream = match stream.rfind("\n\n") {
        Some(end) => &stream[..end],
        None => "",
    };
    let mut found = Vec::new();
    let mut delivery = false;
    for line in stream.lines() {
        if line == "event: delivery" {
            delivery = true;
        } else if let Some(data) = line.strip_prefix("data: ") {
            if delivery {
                found.push(serde_json::from_str(data).unwrap());
            }
            delivery = false;
        }
    }
    found
}

fn transit_command(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_transit"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn off_loopback_the_inspector_needs_a_good_token() {
    // Refused at start, before anything is bound.
    let out = transit_command(&[
        "webhook",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--inspect",
        "0.0.0.0:0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--inspect-token"), "{err}");
    for token in [
        "short",
        "has spaces in it, sixteen+",
        "semi;colon-0123456789",
    ] {
        let out = transit_command(&[
            "webhook",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--inspect",
            "--inspect-token",
            token,
        ]);
        assert_eq!(out.status.code(), Some(1), "{token}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("at least 16 characters"), "{err}");
    }
    let out = transit_command(&["webhook", "serve", "--inspect", "--inspect-keep", "0"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_token_is_checked_on_every_request() {
    let server = Server::start(
        "token",
        &["--inspect", "127.0.0.1:0", "--inspect-token", TOKEN],
    );
    let addr = server.inspector.clone().unwrap();
    let wrong = "t0ken-for-the-tests_0123456780";
    for (target, extra) in [
        ("/", String::new()),
        (&format!("/?token={wrong}"), String::new()),
        ("/app.js", format!("cookie: transit_inspect={wrong}\r\n")),
        ("/events", format!("authorization: Bearer {wrong}\r\n")),
        (&format!("/events?token={}", &TOKEN[..20]), String::new()),
        ("/nowhere", String::new()),
    ] {
        let (status, headers, body) = get(&addr, target, &extra);
        assert_eq!(status, 401, "{target} {extra}: {body}");
        assert!(!body.contains("EventSource"), "{body}");
        assert_eq!(header(&headers, "cache-control"), Some("no-store"));
    }
    // The token in the query opens the page and leaves a cookie for the rest.
    let (status, headers, body) = get(&addr, &format!("/?token={TOKEN}"), "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<script src=\"app.js\">"), "{body}");
    let cookie = header(&headers, "set-cookie").unwrap();
    assert!(
        cookie.starts_with(&format!("transit_inspect={TOKEN};")),
        "{cookie}"
    );
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let (status, headers, _) = get(
        &addr,
        "/app.js",
        &format!("cookie: other=1; transit_inspect={TOKEN}\r\n"),
    );
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type")
        .unwrap()
        .starts_with("text/javascript"));
    // A script reads the live channel with a bearer token.
    let stream = read_events(&addr, &format!("authorization: Bearer {TOKEN}\r\n"), |s| {
        s.contains("event: hello")
    });
    assert!(stream.starts_with("HTTP/1.1 200"), "{stream}");
    assert!(stream.contains("text/event-stream"), "{stream}");
}

#[test]
fn the_inspector_is_read_only_hardened_and_shows_each_delivery() {
    let server = Server::start("readonly", &["--inspect", "127.0.0.1:0"]);
    let addr = server.inspector.clone().unwrap();
    let (status, headers, page) = get(&addr, "/", "");
    assert_eq!(status, 200);
    assert!(page.contains("<title>Penpot webhooks"));
    let csp = header(&headers, "content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&headers, "cache-control"), Some("no-store"));
    // Served by the binary itself: nothing is fetched from elsewhere.
    for asset in ["/", "/app.js", "/app.css"] {
        let (_, _, body) = get(&addr, asset, "");
        assert!(
            !body.contains("http://") && !body.contains("//cdn"),
            "{asset}"
        );
    }
    // Nothing the inspector serves takes a body or changes anything.
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for target in ["/", "/events"] {
            let (status, _, _) = http(
                &addr,
                &format!(
                    "{method} {target} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-type: application/transit+json\r\ncontent-length: 2\r\n\r\n[]"
                ),
            );
            assert_eq!(status, 405, "{method} {target}");
        }
    }
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) reads nothing.
    let (status, headers, _) = http(
        &addr,
        "GET /events HTTP/1.1\r\nhost: penpot.example.com\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status, 403);
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));

    let mut client = Client::new(&server.address);
    assert!(client.validate("/"));
    let event = &events::all_events(7)[2];
    let answer = client.deliver(
        ContentType::Json.as_str(),
        &Body::Whole(event.encode(ContentType::Json).unwrap()),
    );
    assert!(delivered(&answer), "{answer:?}");
    let answer = client.deliver(
        ContentType::TransitJson.as_str(),
        &Body::Whole(br#"["^ ","~:name","rename-file","~:props",["^ "#.to_vec()),
    );
    assert_eq!(answer.unwrap().status, 400);
    let stream = read_events(&addr, "", |s| deliveries(s).len() >= 2);
    let seen = deliveries(&stream);
    assert_eq!(seen.len(), 2, "{stream}");
    let (good, bad) = (&seen[0], &seen[1]);
    assert_eq!(good["status"], 204);
    assert_eq!(good["name"], "rename-file");
    assert_eq!(good["contentType"], "application/json");
    assert_eq!(good["userAgent"], USER_AGENT);
    assert_eq!(good["kind"]["type"], "RenameFileProps");
    assert_eq!(
        good["kind"]["docs"],
        "https://docs.rs/transit-format/latest/transit_format/webhook/struct.RenameFileProps.html"
    );
    assert!(good["typed"]
        .as_str()
        .unwrap()
        .contains("name: Some(\n            \"Landing page v2\""));
    // The props tree: each key and value in EDN and in Penpot's JSON.
    let props = good["props"].to_string();
    assert!(
        props.contains(r#"["s",":project-id","\"projectId\""]"#),
        "{props}"
    );
    // The copies: the JSON body as it came, Transit and EDN made from it.
    let back = Event::decode(
        good["copy"]["transit"]["text"].as_str().unwrap().as_bytes(),
        "application/transit+json",
    )
    .unwrap();
    assert_eq!(&back, event);
    assert_eq!(
        good["copy"]["json"]["text"].as_str().unwrap().as_bytes(),
        event.encode(ContentType::Json).unwrap()
    );
    assert!(good["copy"]["edn"]["text"]
        .as_str()
        .unwrap()
        .starts_with("{:name \"rename-file\""));
    // The refused one: its status, the decode error with its position, the body.
    assert_eq!(bad["status"], 400);
    let reason = bad["reason"].as_str().unwrap();
    assert!(reason.contains("line 1 column"), "{reason}");
    assert_eq!(bad["raw"], r#"["^ ","~:name","rename-file","~:props",["^ "#);
    assert!(bad.get("name").is_none());
    // The receiver wrote the good one and nothing else.
    assert_eq!(server.lines().len(), 1);
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
}

#[test]
fn an_open_page_is_sent_each_delivery_as_it_arrives() {
    let server = Server::start("live", &["--inspect", "127.0.0.1:0"]);
    let addr = server.inspector.clone().unwrap();
    let mut page = TcpStream::connect(&addr).unwrap();
    page.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(page, "GET /events HTTP/1.1\r\nhost: {addr}\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut read_until = |page: &mut TcpStream, done: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        let mut buf = [0u8; 8192];
        while !done(&String::from_utf8_lossy(&seen)) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{:?}",
                String::from_utf8_lossy(&seen)
            );
            if let Ok(n) = page.read(&mut buf) {
                assert!(n > 0, "the live channel closed");
                seen.extend_from_slice(&buf[..n]);
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    };
    // Nothing delivered yet: the page is told the settings, and no delivery.
    let first = read_until(&mut page, &|s| s.contains("event: hello"));
    assert!(deliveries(&first).is_empty());
    let mut client = Client::new(&server.address);
    for (n, event) in events::all_events(5).iter().take(3).enumerate() {
        let answer = client.deliver(
            ContentType::TransitJson.as_str(),
            &Body::Whole(event.encode(ContentType::TransitJson).unwrap()),
        );
        assert!(delivered(&answer), "{answer:?}");
        let now = read_until(&mut page, &|s| deliveries(s).len() > n);
        let shown = deliveries(&now);
        assert_eq!(shown.len(), n + 1);
        assert_eq!(shown[n]["name"], event.name.as_str());
        assert_eq!(shown[n]["id"], n as u64 + 1);
    }
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
}

#[test]
fn pages_that_do_not_read_never_hold_up_deliveries_and_memory_is_bounded() {
    let server = Server::start(
        "bounded",
        &["--inspect", "127.0.0.1:0", "--inspect-keep", "5"],
    );
    let addr = server.inspector.clone().unwrap();
    // Eight pages that read their answer's head, then nothing more; a ninth
    // is turned away.
    let mut stalled = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(stream, "GET /events HTTP/1.1\r\nhost: {addr}\r\n\r\n").unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            assert_eq!(stream.read(&mut byte).unwrap(), 1);
            head.push(byte[0]);
        }
        assert!(head.starts_with(b"HTTP/1.1 200"));
        stalled.push(stream);
    }
    let (status, _, body) = get(&addr, "/events", "");
    assert_eq!(status, 503, "{body}");
    // Large events (a comment of 100 KB), more than the pages' sockets hold.
    let mut client = Client::new(&server.address);
    let long = "x".repeat(100_000);
    for serial in 0..200u64 {
        let event = Event::new(CreateCommentProps {
            content: Some(format!("{serial} {long}")),
            mentions: Some(Set::new()),
            ..Default::default()
        });
        // The client gives up after Penpot's 4 s, as Penpot does.
        let answer = client.deliver(
            ContentType::TransitJson.as_str(),
            &Body::Whole(event.encode(ContentType::TransitJson).unwrap()),
        );
        assert!(delivered(&answer), "{serial}: {answer:?}");
    }
    assert_eq!(server.lines().len(), 200);
    drop(stalled);
    // Rendering runs after the answer: wait for the last one to be shown.
    let start = Instant::now();
    let seen = loop {
        let stream = read_events(&addr, "", |s| deliveries(s).len() >= 5);
        let seen = deliveries(&stream);
        let newest = seen.iter().filter_map(|d| d["id"].as_u64()).max();
        if newest == Some(200) || start.elapsed() > Duration::from_secs(20) {
            break seen;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    // Only the newest five are kept, each with its long string cut.
    let ids: Vec<u64> = seen.iter().filter_map(|d| d["id"].as_u64()).collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first: {ids:?}");
    assert!(ids[0] > 190 && ids[4] == 200, "{ids:?}");
    for delivery in &seen {
        let text = delivery.to_string();
        assert!(text.len() < 1 << 20, "{}", text.len());
        if delivery.get("props").is_some() {
            assert!(delivery["props"].to_string().contains('…'));
            assert_eq!(delivery["rawCut"], true);
        }
    }
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
}

#[test]
fn a_cache_bomb_is_shown_cut_not_expanded() {
    // 1 MB of cache codes for a 4,000-character keyword: 800 MB written out.
    // Stored as Transit (compact again), so the receiver takes it; the
    // inspector must show it without writing it out.
    let server = Server::start("bomb", &["--inspect", "127.0.0.1:0"]);
    let addr = server.inspector.clone().unwrap();
    let bomb = cache_bomb(200_000, 4_000);
    let mut client = Client::new(&server.address);
    let answer = client.deliver(ContentType::TransitJson.as_str(), &Body::Whole(bomb));
    assert!(delivered(&answer), "{answer:?}");
    let stream = read_events(&addr, "", |s| !deliveries(s).is_empty());
    let shown = &deliveries(&stream)[0];
    assert_eq!(shown["name"], "create-file");
    assert!(shown.to_string().len() < 1 << 20);
    assert_eq!(shown["propsCut"], true);
    assert_eq!(shown["rawCut"], true);
    for format in ["transit", "json", "edn"] {
        let error = shown["copy"][format]["error"].as_str().unwrap();
        assert!(error.contains("the out file has it"), "{format}: {error}");
    }
    assert!(shown["typed"].as_str().unwrap().ends_with('…'));
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
}

/// Chromium: `$CHROMIUM`, or `chromium` on the path.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return path.into();
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|path| path.is_file())
    });
    found.unwrap_or_else(|| {
        panic!("this test needs Chromium: `apt-get install chromium` (or set CHROMIUM)")
    })
}

/// Runs headless Chromium on `url` with `what` (`--dump-dom` or
/// `--screenshot=FILE`), for at most 60 s; its standard output.
fn headless(url: &str, what: &str) -> String {
    let profile = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("inspect-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut child = Command::new(chromium())
        // No sandbox: tests and CI run as root. No background traffic: the page
        // is on loopback and the machine has no other network.
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,820",
            // The live channel never ends, so no virtual time budget: the page
            // is taken after its load (and its first deliveries).
            "--timeout=4000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(what)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = reader.join().unwrap();
    let _ = std::fs::remove_dir_all(&profile);
    out
}

/// The page as Chromium has it once `ready` holds (a few tries: the live
/// channel's first deliveries may come after the load on a busy machine).
fn page_dom(url: &str, ready: impl Fn(&str) -> bool) -> String {
    let mut dom = String::new();
    for _ in 0..4 {
        dom = headless(url, "--dump-dom");
        if ready(&dom) {
            return dom;
        }
    }
    panic!("the page never got ready: {dom}");
}

/// The text of the element with `id` in a dumped page (to its closing tag of
/// the same name, not nested).
fn section<'a>(dom: &'a str, open: &str, close: &str) -> &'a str {
    let start = dom
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {dom}"));
    let end = dom[start..].find(close).map_or(dom.len(), |e| start + e);
    &dom[start..end]
}

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

#[test]
#[ignore = "needs Chromium (Debian's chromium package; .ci/run installs it): cargo test --features cli --test webhook_inspect -- --include-ignored"]
fn the_page_shows_deliveries_as_text_in_a_real_browser() {
    let started = Instant::now();
    let server = Server::start("browser", &["--inspect", "127.0.0.1:0"]);
    let addr = server.inspector.clone().unwrap();
    let mut client = Client::new(&server.address);
    assert!(client.validate("/"));
    let mut posts = 0u64;
    let mut deliver = |client: &mut Client, content_type: ContentType, body: Vec<u8>| {
        posts += 1;
        (
            posts,
            client.deliver(content_type.as_str(), &Body::Whole(body)),
        )
    };
    // Every event Penpot sends, in Transit, then in plain JSON.
    for (serial, content_type) in [(1, ContentType::TransitJson), (2, ContentType::Json)] {
        for event in events::all_events(serial) {
            let (_, answer) = deliver(
                &mut client,
                content_type,
                event.encode(content_type).unwrap(),
            );
            assert!(delivered(&answer), "{} {answer:?}", event.name);
        }
    }
    // A body cut short: refused with its position.
    let (refused, answer) = deliver(
        &mut client,
        ContentType::TransitJson,
        br#"["^ ","~:name","create-comment","~:props",["^ ","~:content""#.to_vec(),
    );
    assert_eq!(answer.unwrap().status, 400);
    // A hostile event: markup in its name and in its props, in both content
    // types. Were any of it to run, it would change the title or the body.
    let markup = [
        "<script>document.title='pwned'</script>",
        "<img src=x onerror=\"document.title='pwned'\">",
        "<b onmouseover=\"document.body.dataset.pwned=1\">bold</b>",
    ];
    let mut props = transit_format::Map::new();
    props.insert(Value::keyword("html"), Value::from(markup[0]));
    props.insert(Value::from(markup[1]), Value::from(markup[2]));
    props.insert(
        Value::keyword("list"),
        Value::Array(vec![Value::from(markup[0]), Value::from(markup[2])].into()),
    );
    let mut hostile = Event {
        name: HOSTILE.to_owned(),
        props: Value::Map(props),
        ..Default::default()
    };
    let (hostile_id, answer) = deliver(
        &mut client,
        ContentType::TransitJson,
        hostile.encode(ContentType::TransitJson).unwrap(),
    );
    assert!(delivered(&answer), "{answer:?}");
    hostile.name = format!("{HOSTILE} (json)");
    let (_, answer) = deliver(
        &mut client,
        ContentType::Json,
        hostile.encode(ContentType::Json).unwrap(),
    );
    assert!(delivered(&answer), "{answer:?}");
    // Last, so the page shows it: a comment, sent as Penpot's JSON.
    let comment = Event {
        profile_id: Some(events::id(9, 9)),
        created_at: chrono::DateTime::from_timestamp_millis(1_764_115_200_000),
        ..Event::new(CreateCommentProps {
            content: Some("Can we make the hero image larger? @ana".into()),
            owner_email: Some("ben@example.com".into()),
            owner_fullname: Some("Ben".into()),
            file_id: Some(events::id(9, 2)),
            thread_id: Some(events::id(9, 3)),
            mentions: Some(std::iter::once(events::id(9, 1)).collect()),
            ..Default::default()
        })
    };
    let (comment_id, answer) = deliver(
        &mut client,
        ContentType::Json,
        comment.encode(ContentType::Json).unwrap(),
    );
    assert!(delivered(&answer), "{answer:?}");
    let total = comment_id;

    let page = format!("http://{addr}/");
    let counted = format!("{total} deliveries, 1 refused");
    let dom = page_dom(&page, |dom| dom.contains(&counted));
    // No script ran: the title is the page's, no element got a mark, and the
    // only script element and image are none but the page's own.
    assert!(
        dom.contains("<title>Penpot webhooks · transit inspector</title>"),
        "{dom}"
    );
    assert!(
        !dom.contains("pwned=") && !dom.contains("data-pwned"),
        "{dom}"
    );
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    assert!(!dom.contains("<img") && !dom.contains("<b "), "{dom}");
    // The list: every event's name, the hostile one as text, the refusal with
    // the decoder's position.
    let list = section(&dom, "<ol id=\"list\">", "</ol>");
    for method in KnownProps::METHODS {
        assert!(
            list.contains(&format!("<span class=\"name\">{method}</span>")),
            "{method}: {list}"
        );
    }
    assert!(
        list.contains("<span class=\"name\">&lt;img src=x onerror=alert(1)&gt;</span>"),
        "{list}"
    );
    assert!(list.contains("application/json") && list.contains("application/transit+json"));
    let error = section(list, "<div class=\"row-error\">", "</div>");
    assert!(
        error.contains("invalid webhook body") && error.contains("line 1 column"),
        "{error}"
    );
    // The newest one in full: its typed kind with its docs, its props, a typed value.
    let detail = section(&dom, "<section id=\"detail\"", "</main>");
    assert!(
        detail.contains("<h2 class=\"name\">create-comment</h2>"),
        "{detail}"
    );
    assert!(
        detail.contains(
            "href=\"https://docs.rs/transit-format/latest/transit_format/webhook/struct.CreateCommentProps.html\""
        ),
        "{detail}"
    );
    assert!(detail.contains(">:owner-email</span>"), "{detail}");
    assert!(detail.contains("\"ben@example.com\""), "{detail}");
    assert!(
        detail.contains("owner_email: Some(\n            \"ben@example.com\""),
        "{detail}"
    );
    assert!(detail.contains(&events::id(9, 9).to_string()), "{detail}");
    assert!(detail.contains("penpot/2.17"), "{detail}");

    // The hostile one in full, in Penpot's JSON view: every piece of markup is text.
    let dom_hostile = page_dom(&format!("{page}#{hostile_id}/json"), |dom| {
        dom.contains("Props (Penpot's JSON)")
    });
    let detail = section(&dom_hostile, "<section id=\"detail\"", "</main>");
    assert!(
        detail.contains("<h2 class=\"name\">&lt;img src=x onerror=alert(1)&gt;</h2>"),
        "{detail}"
    );
    assert!(
        detail.contains("\"&lt;script&gt;document.title='pwned'&lt;/script&gt;\""),
        "{detail}"
    );
    assert!(detail.contains(">\"html\"</span>"), "{detail}");
    assert_eq!(dom_hostile.matches("<script").count(), 1);
    assert!(!dom_hostile.contains("<img") && !dom_hostile.contains("<b "));
    assert!(dom_hostile.contains("<title>Penpot webhooks · transit inspector</title>"));
    // The refused one in full: its status, the error, the body as it came.
    let dom_refused = page_dom(&format!("{page}#{refused}"), |dom| {
        dom.contains("Refused: 400")
    });
    let detail = section(&dom_refused, "<section id=\"detail\"", "</main>");
    assert!(detail.contains("line 1 column"), "{detail}");
    assert!(detail.contains("~:content"), "{detail}");

    // The picture in the README: `UPDATE_SCREENSHOT=1` writes docs/inspector.png.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspector.png");
    let _ = std::fs::remove_file(&shot);
    headless(
        &format!("{page}#{comment_id}"),
        &format!("--screenshot={}", shot.display()),
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/inspector.png"),
            &png,
        )
        .unwrap();
    }
    assert_eq!(server.lines().len() as u64, total - 1);
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
    eprintln!("browser test: {:.1} s", started.elapsed().as_secs_f64());
}
