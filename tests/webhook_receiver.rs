//! The example receiver (examples/webhook_receiver.rs) as Penpot sees it: the
//! `HEAD` check, both content types, and the refusals.

#[path = "../examples/webhook_receiver.rs"]
mod receiver;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;
use transit_format::webhook::{ContentType, Event};

const SAMPLE: &[u8] = include_bytes!("../samples/create-file-event.transit.json");

async fn send(method: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, String) {
    let mut request = Request::builder()
        .method(method)
        .uri("/")
        .header("content-type", content_type);
    // Penpot's HEAD check of the URL has no Penpot user agent; its POSTs do.
    if method != "HEAD" {
        request = request.header("user-agent", "penpot/2.17");
    }
    let request = request.body(Body::from(body)).unwrap();
    let response = receiver::app().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn the_example_receiver_answers_penpot() {
    assert_eq!(send("HEAD", "", vec![]).await.0, StatusCode::NO_CONTENT);
    let json = Event::decode(SAMPLE, "application/transit+json")
        .unwrap()
        .encode(ContentType::Json)
        .unwrap();
    for (content_type, body) in [
        ("application/transit+json", SAMPLE.to_vec()),
        ("application/json; charset=utf-8", json),
    ] {
        assert_eq!(
            send("POST", content_type, body).await.0,
            StatusCode::NO_CONTENT
        );
    }
    let (status, reason) = send("POST", "application/json", SAMPLE.to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(reason.contains("looks like Transit"), "{reason}");
    let (status, reason) = send("POST", "text/plain", b"hello".to_vec()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(reason.contains("unsupported content type"), "{reason}");
}
