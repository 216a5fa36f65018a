//! [axum](https://docs.rs/axum) integration (feature `axum`): an extractor for
//! Penpot webhook events, and [`Transit<T>`], which is to `application/transit+json`
//! and `application/transit+msgpack` what `axum::Json` is to JSON
//! ([`TransitMsgpack<T>`] responds in MessagePack).
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
use ::axum::extract::{FromRequest, OptionalFromRequest, Request};
use ::axum::http::{header, HeaderValue, StatusCode};
use ::axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Category, Error};
use crate::webhook::{ContentType, Event};

/// The media type of Transit JSON (either mode).
const TRANSIT_JSON: &str = "application/transit+json";
/// The media type of Transit MessagePack.
const TRANSIT_MSGPACK: &str = "application/transit+msgpack";

/// Why a request was refused, one variant per case, each with its status
/// ([`Rejection::status`]) and a one-line reason ([`Rejection::reason`]), which is
/// the response's plain-text body. A handler can match on it, as on axum's
/// `JsonRejection`:
///
/// ```
/// use axum::{body::Body, extract::FromRequest, http::Request};
/// use transit_format::axum::{Rejection, Transit};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = Request::post("/")
///     .header("content-type", "application/transit+json")
///     .body(Body::from("[1,"))
///     .unwrap();
/// match Transit::<Vec<u8>>::from_request(request, &()).await {
///     Err(Rejection::Malformed { error, .. }) => assert!(error.is_eof()),
///     other => panic!("{other:?}"),
/// }
/// # });
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// 415: the request's content type is not one the extractor reads (checked
    /// before the body is read).
    UnsupportedMediaType {
        /// Names the content type found and those that are read.
        reason: String,
    },
    /// 413: the body is larger than axum's body limit
    /// (`axum::extract::DefaultBodyLimit`).
    BodyTooLarge,
    /// 400: the body could not be read to its end (the client went away).
    BodyUnreadable {
        /// axum's reason.
        reason: String,
    },
    /// 400 ([`Transit<T>`]): malformed JSON or MessagePack, or a body that ends
    /// early.
    Malformed {
        /// The decode error, with its position.
        error: Error,
        /// `invalid Transit body: ` and the error.
        reason: String,
    },
    /// 422 ([`Transit<T>`]): well-formed, but not valid Transit or not a `T`.
    DoesNotFit {
        /// The decode error, with its position and path.
        error: Error,
        /// `invalid Transit body: ` and the error.
        reason: String,
    },
    /// 400 ([`WebhookEvent`]): a body that does not decode as a Penpot event.
    InvalidWebhookBody {
        /// The decode error, with its position.
        error: Error,
        /// `invalid webhook body: ` and the error.
        reason: String,
    },
    /// 500: a response that cannot be written (made by the `IntoResponse`
    /// impls, never by an extractor).
    CannotWrite {
        /// What could not be written, and why.
        reason: String,
    },
}

/// One line, whatever the error says: a reason goes into logs and Penpot's
/// delivery record.
fn one_line(reason: impl fmt::Display) -> String {
    reason.to_string().replace(['\n', '\r'], " ")
}

impl Rejection {
    /// The status of the response: 415, 413, 400, 422 or 500, as each variant says.
    ///
    /// ```
    /// let err = transit_format::axum::Transit::<u8>::from_bytes(b"\"x\"").unwrap_err();
    /// assert_eq!(err.status(), 422);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            Rejection::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Rejection::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Rejection::BodyUnreadable { .. }
            | Rejection::Malformed { .. }
            | Rejection::InvalidWebhookBody { .. } => StatusCode::BAD_REQUEST,
            Rejection::DoesNotFit { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Rejection::CannotWrite { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The reason, one line.
    ///
    /// ```
    /// let err = transit_format::axum::Transit::<Vec<u8>>::from_bytes(b"[1,").unwrap_err();
    /// assert_eq!(err.reason(), "invalid Transit body: EOF while parsing a value at [1], line 1 column 3");
    /// ```
    pub fn reason(&self) -> &str {
        match self {
            Rejection::BodyTooLarge => "body too large",
            Rejection::UnsupportedMediaType { reason }
            | Rejection::BodyUnreadable { reason }
            | Rejection::Malformed { reason, .. }
            | Rejection::DoesNotFit { reason, .. }
            | Rejection::InvalidWebhookBody { reason, .. }
            | Rejection::CannotWrite { reason } => reason,
        }
    }

    /// The decode error behind a 400 or 422, if that is what it is.
    ///
    /// ```
    /// let err = transit_format::axum::Transit::<Vec<u8>>::from_bytes(b"[1,").unwrap_err();
    /// assert_eq!(err.error().map(|e| e.column()), Some(3));
    /// ```
    pub fn error(&self) -> Option<&Error> {
        match self {
            Rejection::Malformed { error, .. }
            | Rejection::DoesNotFit { error, .. }
            | Rejection::InvalidWebhookBody { error, .. } => Some(error),
            _ => None,
        }
    }

    fn unsupported(reason: impl fmt::Display) -> Rejection {
        Rejection::UnsupportedMediaType {
            reason: one_line(reason),
        }
    }

    fn cannot_write(reason: impl fmt::Display) -> Rejection {
        Rejection::CannotWrite {
            reason: one_line(reason),
        }
    }

    /// A body that did not decode into a `T`: 422 for data that does not fit,
    /// 400 for the rest.
    fn transit_body(error: Error) -> Rejection {
        let reason = one_line(format_args!("invalid Transit body: {error}"));
        match error.classify() {
            Category::Data => Rejection::DoesNotFit { error, reason },
            Category::Syntax | Category::Eof | Category::Io => {
                Rejection::Malformed { error, reason }
            }
        }
    }

    /// Reads the body as `axum::body::Bytes` does, keeping its limit: past the
    /// limit is 413; a body that breaks off (the client went away) is 400.
    async fn body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Rejection> {
        Bytes::from_request(req, state).await.map_err(|err| {
            if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Rejection::BodyTooLarge
            } else {
                Rejection::BodyUnreadable {
                    reason: one_line(err.body_text()),
                }
            }
        })
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status().as_u16(), self.reason())
    }
}

impl std::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error().map(|err| err as _)
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let mut body = self.reason().to_owned();
        body.push('\n');
        (
            self.status(),
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
        let kind = ContentType::from_header(header).map_err(Rejection::unsupported)?;
        let body = Rejection::body(req, state).await?;
        Event::decode(&body, kind.as_str())
            .map(WebhookEvent)
            .map_err(|error| Rejection::InvalidWebhookBody {
                reason: one_line(format_args!("invalid webhook body: {error}")),
                error,
            })
    }
}

/// Transit in and out, the way `axum::Json` does JSON: Transit JSON
/// (`application/transit+json`, compact or verbose) or Transit MessagePack
/// (`application/transit+msgpack`), told apart by the request's content type.
///
/// As an extractor: a content type other than those two is refused with 415
/// ([`Rejection::UnsupportedMediaType`]); the body is decoded into `T` (400,
/// [`Rejection::Malformed`], for a malformed body or one that ends early; 422,
/// [`Rejection::DoesNotFit`], for Transit that does not fit `T`; 413 past the body
/// limit). As `Option<Transit<T>>` (axum's `OptionalFromRequest`), a request
/// without a content type gives `None`, and one with another content type is
/// still refused. As a response: `T` in compact Transit JSON with that content
/// type (500 if it cannot be written); [`TransitMsgpack`] responds in MessagePack.
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
/// // The same set in MessagePack.
/// let request = Request::post("/")
///     .header("content-type", "application/transit+msgpack")
///     .body(Body::from(&b"\x92\xa5~#set\x91\xa3~:a"[..]))
///     .unwrap();
/// let Transit(same) = Transit::<Set<Keyword>>::from_request(request, &()).await.unwrap();
/// assert_eq!(same, tags);
///
/// let response = Transit(tags).into_response();
/// assert_eq!(response.headers()["content-type"], "application/transit+json");
/// let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
/// assert_eq!(&body[..], br#"["~#set",["~:a"]]"#);
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Transit<T>(pub T);

/// The encodings [`Transit<T>`] reads, by content type.
#[derive(Clone, Copy)]
enum Wire {
    Json,
    Msgpack,
}

/// The encoding a request's content type names, or a 415.
fn transit_wire(header: &str) -> Result<Wire, Rejection> {
    let media = header.split(';').next().unwrap_or("").trim();
    if media.eq_ignore_ascii_case(TRANSIT_JSON) {
        Ok(Wire::Json)
    } else if media.eq_ignore_ascii_case(TRANSIT_MSGPACK) {
        Ok(Wire::Msgpack)
    } else {
        Err(Rejection::unsupported(format_args!(
            "expected Content-Type: {TRANSIT_JSON} or {TRANSIT_MSGPACK}, found {header:?}"
        )))
    }
}

impl<T: DeserializeOwned> Transit<T> {
    /// Decodes a Transit JSON body (compact or verbose), with the statuses of the
    /// extractor.
    ///
    /// # Errors
    ///
    /// [`Rejection::Malformed`] (400) for malformed JSON or a body that ends
    /// early, [`Rejection::DoesNotFit`] (422) for Transit that does not fit `T`.
    ///
    /// ```
    /// let err = transit_format::axum::Transit::<u8>::from_bytes(b"\"x\"").unwrap_err();
    /// assert_eq!(err.status(), 422);
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Rejection> {
        crate::from_slice(bytes)
            .map(Transit)
            .map_err(Rejection::transit_body)
    }

    /// Decodes a Transit MessagePack body, with the statuses of the extractor.
    ///
    /// # Errors
    ///
    /// As [`Transit::from_bytes`].
    ///
    /// ```
    /// use transit_format::axum::Transit;
    /// assert_eq!(Transit::<Vec<u8>>::from_msgpack_bytes(b"\x92\x01\x02").unwrap().0, [1, 2]);
    /// assert_eq!(Transit::<Vec<u8>>::from_msgpack_bytes(b"\x92\x01").unwrap_err().status(), 400);
    /// ```
    pub fn from_msgpack_bytes(bytes: &[u8]) -> Result<Self, Rejection> {
        crate::from_msgpack_slice(bytes)
            .map(Transit)
            .map_err(Rejection::transit_body)
    }

    async fn read<S: Send + Sync>(req: Request, state: &S, wire: Wire) -> Result<Self, Rejection> {
        let body = Rejection::body(req, state).await?;
        match wire {
            Wire::Json => Transit::from_bytes(&body),
            Wire::Msgpack => Transit::from_msgpack_bytes(&body),
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Transit<T> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let wire = transit_wire(content_type(&req).unwrap_or(""))?;
        Transit::read(req, state, wire).await
    }
}

/// `Option<Transit<T>>` as an extractor: `None` when the request has no content
/// type (as axum's `Json<T>` does), the value or a [`Rejection`] otherwise.
///
/// ```
/// use axum::{body::Body, extract::OptionalFromRequest, http::Request};
/// use transit_format::axum::Transit;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let none = Request::post("/").body(Body::empty()).unwrap();
/// let got = <Transit<u8> as OptionalFromRequest<()>>::from_request(none, &()).await.unwrap();
/// assert!(got.is_none());
///
/// let text = Request::post("/").header("content-type", "text/plain").body(Body::empty()).unwrap();
/// let refused = <Transit<u8> as OptionalFromRequest<()>>::from_request(text, &()).await;
/// assert_eq!(refused.unwrap_err().status(), 415);
/// # });
/// ```
impl<T: DeserializeOwned, S: Send + Sync> OptionalFromRequest<S> for Transit<T> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        let Some(header) = req.headers().get(header::CONTENT_TYPE) else {
            return Ok(None);
        };
        let wire = transit_wire(header.to_str().unwrap_or(""))?;
        Transit::read(req, state, wire).await.map(Some)
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
            Err(err) => {
                Rejection::cannot_write(format_args!("cannot write Transit: {err}")).into_response()
            }
        }
    }
}

/// A response in Transit MessagePack (`application/transit+msgpack`), the
/// counterpart of [`Transit<T>`]'s Transit JSON response (500 if `T` cannot be
/// written). [`Transit<T>`] is the extractor for both encodings.
///
/// ```
/// use axum::response::IntoResponse;
/// use transit_format::axum::TransitMsgpack;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let response = TransitMsgpack(vec![1u8, 2]).into_response();
/// assert_eq!(response.headers()["content-type"], "application/transit+msgpack");
/// let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
/// assert_eq!(&body[..], b"\x92\x01\x02");
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransitMsgpack<T>(pub T);

impl<T: Serialize> IntoResponse for TransitMsgpack<T> {
    fn into_response(self) -> Response {
        match crate::to_msgpack_vec(&self.0) {
            Ok(body) => (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(TRANSIT_MSGPACK),
                )],
                body,
            )
                .into_response(),
            Err(err) => {
                Rejection::cannot_write(format_args!("cannot write Transit: {err}")).into_response()
            }
        }
    }
}

impl<T> From<Transit<T>> for TransitMsgpack<T> {
    /// The same value, to respond in MessagePack.
    fn from(Transit(inner): Transit<T>) -> Self {
        TransitMsgpack(inner)
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
            Err(err) => Rejection::cannot_write(format_args!("cannot write the event: {err}"))
                .into_response(),
        }
    }
}
