//! A real exchange: the example receiver on 127.0.0.1, a body of each content type
//! POSTed to it over TCP, and the decoded event checked.

#[path = "../examples/webhook_receiver.rs"]
mod receiver;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use transit_format::webhook::{ContentType, Event, KnownProps};

fn post(address: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "POST /hook HTTP/1.1\r\nHost: {address}\r\nContent-Type: {content_type}\r\nUser-Agent: penpot/2.17.0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_example_receiver_decodes_both_content_types() {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let address = server.server_addr().to_ip().unwrap().to_string();
    let (sent, received) = mpsc::channel();
    let serving = {
        let server = Arc::clone(&server);
        std::thread::spawn(move || {
            receiver::serve(&server, |event| sent.send(event.clone()).unwrap())
        })
    };

    let transit = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/create-file-event.transit.json"
    ))
    .unwrap();
    let expected = Event::decode(&transit, "application/transit+json").unwrap();
    let json = expected.encode(ContentType::Json).unwrap();

    let (status, answer) = post(&address, "application/transit+json", &transit);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.starts_with("{:name \"create-file\""), "{answer}");
    let from_transit = received.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(from_transit, expected);

    let (status, answer) = post(&address, "application/json; charset=utf-8", &json);
    assert_eq!(status, 200, "{answer}");
    let from_json = received.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(from_json.name, "create-file");
    assert_eq!(from_json.profile_id, expected.profile_id);
    assert_eq!(from_json.created_at, expected.created_at);
    assert_eq!(from_json.tracked_at, expected.tracked_at);
    let (KnownProps::CreateFile(a), KnownProps::CreateFile(b)) = (
        from_json.known_props().unwrap(),
        expected.known_props().unwrap(),
    ) else {
        panic!("create-file props");
    };
    assert_eq!(a, b);
    assert_eq!(a.name.as_deref(), Some("Quarterly report"));

    // A body that does not match its content type is refused with the reason.
    let (status, answer) = post(&address, "application/json", &transit);
    assert_eq!(status, 400);
    assert!(answer.contains("looks like Transit"), "{answer}");
    let (status, answer) = post(&address, "text/plain", b"hello");
    assert_eq!(status, 400);
    assert!(answer.contains("unsupported content type"), "{answer}");

    server.unblock();
    serving.join().unwrap();
}
