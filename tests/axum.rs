//! The axum extractors and response: statuses and reasons for every kind of bad
//! request, both content types of webhook bodies, and `Transit<T>` both ways.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use transit_format::axum::{Rejection, Transit, TransitMsgpack, WebhookEvent};
use transit_format::webhook::{ContentType, Event};
use transit_format::{Keyword, Value};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn request(content_type: Option<&str>, body: impl Into<Body>) -> Request {
    let mut builder = Request::post("/");
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(body.into()).unwrap()
}

const SAMPLE: &[u8] = include_bytes!("../samples/create-file-event.transit.json");

#[test]
fn webhook_events_are_read_in_both_content_types() {
    runtime().block_on(async {
        let expected = Event::decode(SAMPLE, "application/transit+json").unwrap();
        let json = expected.encode(ContentType::Json).unwrap();
        for (content_type, body) in [
            ("application/transit+json", SAMPLE.to_vec()),
            ("application/transit+json; charset=utf-8", SAMPLE.to_vec()),
            ("application/json", json.clone()),
            ("Application/JSON; charset=UTF-8", json),
        ] {
            let WebhookEvent(event) =
                WebhookEvent::from_request(request(Some(content_type), body), &())
                    .await
                    .unwrap_or_else(|e| panic!("{content_type}: {e}"));
            assert_eq!(event, expected, "{content_type}");
        }
    });
}

#[test]
fn bad_webhook_requests_get_415_413_and_400_with_a_one_line_reason() {
    runtime().block_on(async {
        let refuse = |content_type: Option<&'static str>, body: Vec<u8>| async move {
            WebhookEvent::from_request(request(content_type, body), &())
                .await
                .unwrap_err()
        };
        let r = refuse(Some("text/plain"), b"hello".to_vec()).await;
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(
            r.reason()
                .starts_with("unsupported content type \"text/plain\""),
            "{r}"
        );
        let r = refuse(None, SAMPLE.to_vec()).await;
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

        let r = refuse(Some("application/transit+json"), SAMPLE[..40].to_vec()).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(
            r.reason()
                .starts_with("invalid webhook body: EOF while parsing"),
            "{r}"
        );
        assert!(r.reason().ends_with(" at line 1 column 40"), "{r}");
        let r = refuse(Some("application/json"), SAMPLE.to_vec()).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.reason().contains("looks like Transit"), "{r}");
        // A multi-line error is still one line.
        let r = refuse(Some("application/json"), b"{\n\"name\": }".to_vec()).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(!r.reason().contains('\n'), "{r}");
        assert!(r.reason().contains("line 2 column"), "{r}");

        // The response: the status, and the reason as text.
        assert!(matches!(r, Rejection::InvalidWebhookBody { .. }), "{r:?}");
        let reason = r.reason().to_owned();
        let response = r.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let text = axum::body::to_bytes(response.into_body(), 1 << 10)
            .await
            .unwrap();
        assert_eq!(text, format!("{reason}\n").as_bytes());
    });
}

#[test]
fn bodies_past_the_limit_get_413_through_a_router() {
    use tower::ServiceExt;
    runtime().block_on(async {
        async fn receive(WebhookEvent(event): WebhookEvent) -> String {
            event.name
        }
        let app = Router::new()
            .route("/", post(receive))
            .layer(DefaultBodyLimit::max(SAMPLE.len() - 1));
        let response = app
            .clone()
            .oneshot(request(Some("application/transit+json"), SAMPLE.to_vec()))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let text = axum::body::to_bytes(response.into_body(), 1 << 10)
            .await
            .unwrap();
        assert_eq!(&text[..], b"body too large\n");
        let small = br#"["^ ","~:name","create-project"]"#;
        let response = app
            .oneshot(request(Some("application/transit+json"), small.to_vec()))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    });
}

#[test]
fn transit_extracts_and_responds_like_axum_json() {
    runtime().block_on(async {
        #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
        struct Tag {
            name: Keyword,
            weight: u8,
        }
        let extract = |content_type: Option<&'static str>, body: &'static str| async move {
            Transit::<Tag>::from_request(request(content_type, body), &()).await
        };
        let Transit(tag) = extract(
            Some("application/transit+json"),
            r#"["^ ","~:name","~:a","~:weight",3]"#,
        )
        .await
        .unwrap();
        assert_eq!(
            tag,
            Tag {
                name: Keyword::from("a"),
                weight: 3
            }
        );
        // Verbose is read too.
        let verbose = extract(
            Some("application/transit+json"),
            r#"{"~:name":"~:a","~:weight":3}"#,
        );
        assert_eq!(verbose.await.unwrap().weight, 3);

        let r = extract(Some("application/json"), "{}").await.unwrap_err();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let r = extract(None, "{}").await.unwrap_err();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let r = extract(Some("application/transit+json"), r#"["^ ","~:name""#)
            .await
            .unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.reason().contains("line 1 column"), "{r}");
        let r = extract(
            Some("application/transit+json"),
            r#"["^ ","~:name","~:a","~:weight",300]"#,
        )
        .await
        .unwrap_err();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let response = Transit(Value::keyword("ok")).into_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "application/transit+json"
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 10)
            .await
            .unwrap();
        assert_eq!(&body[..], br#"["~#'","~:ok"]"#);
    });
}

#[test]
fn transit_reads_messagepack_by_content_type_and_responds_in_it() {
    runtime().block_on(async {
        let value = Value::from(vec![Value::keyword("a"), Value::from(300)]);
        let mp = transit_format::to_msgpack_vec(&value).unwrap();
        for content_type in [
            "application/transit+msgpack",
            "Application/Transit+MsgPack; charset=binary",
        ] {
            let Transit(got) =
                Transit::<Value>::from_request(request(Some(content_type), mp.clone()), &())
                    .await
                    .unwrap_or_else(|e| panic!("{content_type}: {e}"));
            assert_eq!(got, value, "{content_type}");
        }
        // The content type decides: MessagePack said to be JSON is refused, with the
        // encoding it looks like.
        let r = Transit::<Value>::from_request(
            request(Some("application/transit+json"), mp.clone()),
            &(),
        )
        .await
        .unwrap_err();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.reason().contains("looks like Transit MessagePack"), "{r}");
        // Truncated MessagePack: 400; a value that does not fit: 422.
        let r = Transit::<Value>::from_request(
            request(
                Some("application/transit+msgpack"),
                mp[..mp.len() - 1].to_vec(),
            ),
            &(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(r, Rejection::Malformed { ref error, .. } if error.is_eof()),
            "{r:?}"
        );
        let r = Transit::<Vec<u8>>::from_request(
            request(Some("application/transit+msgpack"), mp.clone()),
            &(),
        )
        .await
        .unwrap_err();
        assert!(matches!(r, Rejection::DoesNotFit { .. }), "{r:?}");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let response = TransitMsgpack(value.clone()).into_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "application/transit+msgpack"
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 10)
            .await
            .unwrap();
        assert_eq!(&body[..], &mp[..]);
        let response = TransitMsgpack::from(Transit(1u8)).into_response();
        let body = axum::body::to_bytes(response.into_body(), 1 << 10)
            .await
            .unwrap();
        assert_eq!(&body[..], b"\x92\xa3~#'\x01");
    });
}

#[test]
fn option_transit_is_none_without_a_content_type_through_a_router() {
    use tower::ServiceExt;
    runtime().block_on(async {
        async fn handler(body: Option<Transit<Vec<i64>>>) -> String {
            match body {
                None => "none".to_owned(),
                Some(Transit(items)) => format!("{items:?}"),
            }
        }
        let app = Router::new().route("/", post(handler));
        let call = |content_type: Option<&'static str>, body: &'static [u8]| {
            let app = app.clone();
            async move {
                let response = app.oneshot(request(content_type, body)).await.unwrap();
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), 1 << 10)
                    .await
                    .unwrap();
                (status, String::from_utf8(body.to_vec()).unwrap())
            }
        };
        assert_eq!(call(None, b"").await, (StatusCode::OK, "none".to_owned()));
        assert_eq!(
            call(Some("application/transit+json"), b"[1,2]").await,
            (StatusCode::OK, "[1, 2]".to_owned())
        );
        assert_eq!(
            call(Some("application/transit+msgpack"), b"\x92\x01\x02").await,
            (StatusCode::OK, "[1, 2]".to_owned())
        );
        // Present but wrong: refused, not `None`.
        let (status, reason) = call(Some("application/json"), b"[1,2]").await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(
            reason,
            "expected Content-Type: application/transit+json or application/transit+msgpack, found \"application/json\"\n"
        );
        let (status, reason) = call(Some("application/transit+json"), b"[1,").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(reason.starts_with("invalid Transit body: EOF"), "{reason}");
    });
}

#[test]
fn every_rejection_has_its_status_and_reason() {
    let body_too_large = Rejection::BodyTooLarge;
    assert_eq!(body_too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body_too_large.reason(), "body too large");
    assert_eq!(body_too_large.to_string(), "413: body too large");
    assert!(body_too_large.error().is_none());
    let r = Transit::<u8>::from_bytes(b"\"x\"").unwrap_err();
    assert!(matches!(r, Rejection::DoesNotFit { .. }));
    assert!(r.error().unwrap().is_data());
    assert!(std::error::Error::source(&r).is_some());
}
