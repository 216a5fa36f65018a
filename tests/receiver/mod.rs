//! The receiver under test and a client that delivers as Penpot does: a `HEAD`
//! check of the URL (3 s timeout), then each event `POST`ed with Penpot's
//! headers and its 4 s timeout, counting only 200 and 204 as delivered. Shared
//! by the receiver's tests and the inspector's.

#![allow(dead_code)] // reason: each test binary uses a different part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const USER_AGENT: &str = "penpot/2.17";
/// Penpot's timeouts: the URL check, and each delivery.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(3);
pub const POST_TIMEOUT: Duration = Duration::from_secs(4);

/// A running `transit webhook serve`; killed when dropped.
pub struct Server {
    pub child: Child,
    pub address: String,
    pub out: PathBuf,
    pub log: Arc<Mutex<Vec<String>>>,
    pub log_done: Option<std::thread::JoinHandle<()>>,
    /// The inspector's address, when started with `--inspect`.
    pub inspector: Option<String>,
}

impl Server {
    pub fn start(name: &str, extra: &[&str]) -> Server {
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
        let inspector = extra.iter().any(|a| a.starts_with("--inspect")).then(|| {
            let mut second = String::new();
            stderr.read_line(&mut second).unwrap();
            second
                .trim()
                .strip_prefix("transit webhook serve: inspector on http://")
                .and_then(|rest| rest.split('/').next())
                .unwrap_or_else(|| panic!("unexpected second line: {second:?}"))
                .to_owned()
        });
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
            inspector,
        }
    }

    /// SIGTERM, then the exit status and every line logged.
    pub fn stop(mut self) -> (std::process::ExitStatus, Vec<String>) {
        terminate(&self.child);
        let status = wait_at_most(&mut self.child, Duration::from_secs(20));
        if let Some(done) = self.log_done.take() {
            done.join().unwrap();
        }
        let log = std::mem::take(&mut *self.log.lock().unwrap());
        (status, log)
    }

    pub fn lines(&self) -> Vec<String> {
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

pub fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

pub fn wait_at_most(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
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
pub enum Body {
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
pub struct Client {
    pub address: String,
    pub stream: Option<BufReader<TcpStream>>,
}

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Client {
    pub fn new(address: &str) -> Client {
        Client {
            address: address.to_owned(),
            stream: None,
        }
    }

    /// Penpot's URL check: delivered when 200 or 204 within 3 s.
    pub fn validate(&mut self, path: &str) -> bool {
        matches!(
            self.send("HEAD", path, None, &Body::Whole(Vec::new()), HEAD_TIMEOUT),
            Ok(Answer {
                status: 200 | 204,
                ..
            })
        )
    }

    /// One delivery with Penpot's headers and timeout.
    pub fn deliver(&mut self, content_type: &str, body: &Body) -> std::io::Result<Answer> {
        self.send("POST", "/", Some(content_type), body, POST_TIMEOUT)
    }

    pub fn send(
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

    pub fn exchange(
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
pub fn read_answer(
    reader: &mut BufReader<TcpStream>,
    head: bool,
) -> std::io::Result<(Answer, bool)> {
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

pub fn delivered(answer: &std::io::Result<Answer>) -> bool {
    matches!(
        answer,
        Ok(Answer {
            status: 200 | 204,
            ..
        })
    )
}

/// One long keyword and `hits` cache codes for it, as a Penpot event.
pub fn cache_bomb(hits: usize, len: usize) -> Vec<u8> {
    format!(
        r#"["^ ","~:name","create-file","~:props",["^ ","~:k",["~:{}"{}]]]"#,
        "k".repeat(len),
        r#","^2""#.repeat(hits)
    )
    .into_bytes()
}
