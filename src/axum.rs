//! [axum](https://docs.rs/axum) integration (feature `axum`): an extractor for
//! Penpot webhook events, and [`Transit<T>`], which is to `application/transit+json`
//! what `axum::Json` is to JSON.
//!
//! A Penpot webhook receiver: Penpot checks the URL with a `HEAD` when the webhook
//! is created or changed and accepts only 200 or 204, then `POST`s each event in
//! the content type chosen for the webhook, and counts only 200 and 204 as
//! delivered. axum answers `HEAD` with the `GET` route.
//!
//! ```no_run
//! use axum::{http::StatusCode, routing::get, Router};
//! use transit_format::axum::WebhookEvent;
//!
//! async fn receive(WebhookEvent(event): WebhookEvent) -> StatusCode {
//!     println!("{} by {:?}", event.name, event.profile_id);
//!     StatusCode::NO_CONTENT
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! let app = Router::new().route("/", get(|| async { StatusCode::NO_CONTENT }).post(receive));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
//!
//! Bodies are read up to axum's body limit (`axum::extract::DefaultBodyLimit`,
//! 2 MB unless a layer sets another): Penpot's events are a few kilobytes.

use std::fmt;
use std::ops::{Deref, DerefMut};

use ::axum::body::Bytes;
use ::axum::extract::{FromRequest, Request};
use ::axum::http::{header, HeaderValue, StatusCode};
use ::axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Category;
use crate::webhook::{ContentType, Event};

/// The media type of Transit JSON (either mode).
const TRANSIT_JSON: &str = "application/transit+json";

/// Why a request was refused: a status and a one-line reason, which is the
/// response's plain-text body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    status: StatusCode,
    reason: String,
}

impl Rejection {
    fn new(status: StatusCode, reason: impl fmt::Display) -> Rejection {
        // One line, whatever the error says: the reason goes into logs and
        // Penpot's delivery record.
        let reason = reason.to_string().replace(['\n', '\r'], " ");
        Rejection { status, reason }
    }

    /// 415, 413, 400 (or 422 for [`Transit<T>`] data that does not fit `T`).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The reason, one line.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Reads the body as `axum::body::Bytes` does, keeping its limit: past the
    /// limit is 413; a body that breaks off (the client went away) is 400.
    async fn body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Rejection> {
        Bytes::from_request(req, state).await.map_err(|err| {
            let status = err.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                Rejection::new(status, "body too large")
            } else {
                Rejection::new(StatusCode::BAD_REQUEST, err.body_text())
            }
        })
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status.as_u16(), self.reason)
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let mut body = self.reason;
        body.push('\n');
        (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            body,
        )
            .into_response()
    }
}

fn content_type(req: &Request) -> Option<&str> {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
}

/// A Penpot webhook body, either content type, as an [`Event`].
///
/// Refuses with a [`Rejection`]: 415 for a content type other than
/// `application/transit+json` and `application/json` (before reading the body),
/// 413 past the body limit, 400 with the decode error's message and position for a
/// body that does not decode.
///
/// ```
/// use axum::{body::Body, extract::FromRequest, http::Request};
/// use transit_format::axum::WebhookEvent;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = Request::post("/")
///     .header("content-type", "application/transit+json")
///     .body(Body::from(r#"["^ ","~:name","create-project"]"#))
///     .unwrap();
/// let WebhookEvent(event) = WebhookEvent::from_request(request, &()).await.unwrap();
/// assert_eq!(event.name, "create-project");
///
/// let request = Request::post("/")
///     .header("content-type", "application/transit+json")
///     .body(Body::from(r#"["^ ","~:name"]"#))
///     .unwrap();
/// let refused = WebhookEvent::from_request(request, &()).await.unwrap_err();
/// assert_eq!(refused.status(), 400);
/// assert!(refused.reason().starts_with("invalid webhook body: "));
/// assert!(refused.reason().contains(" at line 1 column "), "{refused}");
/// # });
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookEvent(pub Event);

impl<S: Send + Sync> FromRequest<S> for WebhookEvent {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let header = content_type(&req).unwrap_or("");
        let kind = ContentType::from_header(header)
            .map_err(|err| Rejection::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, err))?;
        let body = Rejection::body(req, state).await?;
        Event::decode(&body, kind.as_str())
            .map(WebhookEvent)
            .map_err(|err| {
                Rejection::new(
                    StatusCode::BAD_REQUEST,
                    format_args!("invalid webhook body: {err}"),
                )
            })
    }
}

/// Transit JSON in and out, the way `axum::Json` does JSON.
///
/// As an extractor: the request must say `Content-Type: application/transit+json`
/// (else 415); the body, compact or verbose, is decoded into `T` (400 for
/// malformed JSON or a body that ends early, 422 for Transit that does not fit `T`,
/// 413 past the body limit). As a response: `T` in compact Transit with that
/// content type (500 if it cannot be written).
///
/// ```
/// use axum::{body::Body, extract::FromRequest, http::Request, response::IntoResponse};
/// use transit_format::axum::Transit;
/// use transit_format::{Keyword, Set};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = Request::post("/")
///     .header("content-type", "application/transit+json")
///     .body(Body::from(r#"["~#set",["~:a"]]"#))
///     .unwrap();
/// let Transit(tags) = Transit::<Set<Keyword>>::from_request(request, &()).await.unwrap();
/// assert!(tags.contains(&Keyword::from("a")));
///
/// let response = Transit(tags).into_response();
/// assert_eq!(response.headers()["content-type"], "application/transit+json");
/// let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
/// assert_eq!(&body[..], br#"["~#set",["~:a"]]"#);
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Transit<T>(pub T);

impl<T: DeserializeOwned> Transit<T> {
    /// Decodes a body (compact or verbose), with the statuses of the extractor.
    ///
    /// # Errors
    ///
    /// 400 for malformed JSON or a body that ends early, 422 for Transit that does
    /// not fit `T`.
    ///
    /// ```
    /// let err = transit_format::axum::Transit::<u8>::from_bytes(b"\"x\"").unwrap_err();
    /// assert_eq!(err.status(), 422);
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Rejection> {
        crate::from_slice(bytes).map(Transit).map_err(|err| {
            let status = match err.classify() {
                Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
                Category::Syntax | Category::Eof | Category::Io => StatusCode::BAD_REQUEST,
            };
            Rejection::new(status, format_args!("invalid Transit body: {err}"))
        })
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Transit<T> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let header = content_type(&req).unwrap_or("");
        let media = header.split(';').next().unwrap_or("").trim();
        if !media.eq_ignore_ascii_case(TRANSIT_JSON) {
            return Err(Rejection::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format_args!("expected Content-Type: {TRANSIT_JSON}, found {header:?}"),
            ));
        }
        let body = Rejection::body(req, state).await?;
        Transit::from_bytes(&body)
    }
}

impl<T: Serialize> IntoResponse for Transit<T> {
    fn into_response(self) -> Response {
        match crate::to_vec(&self.0) {
            Ok(body) => (
                [(header::CONTENT_TYPE, HeaderValue::from_static(TRANSIT_JSON))],
                body,
            )
                .into_response(),
            Err(err) => Rejection::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format_args!("cannot write Transit: {err}"),
            )
            .into_response(),
        }
    }
}

impl<T> Deref for Transit<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Transit<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for Transit<T> {
    fn from(inner: T) -> Self {
        Transit(inner)
    }
}

impl IntoResponse for WebhookEvent {
    /// The event as compact Transit, as Penpot would send it.
    fn into_response(self) -> Response {
        match self.0.encode(ContentType::TransitJson) {
            Ok(body) => (
                [(header::CONTENT_TYPE, HeaderValue::from_static(TRANSIT_JSON))],
                body,
            )
                .into_response(),
            Err(err) => Rejection::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format_args!("cannot write the event: {err}"),
            )
            .into_response(),
        }
    }
}
