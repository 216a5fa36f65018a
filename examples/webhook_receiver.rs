//! A Penpot webhook receiver on axum: answers Penpot's `HEAD` check with 204, and
//! decodes each `POST`ed event (either content type) with the `WebhookEvent`
//! extractor, which refuses bad bodies with 400, 413 or 415 and the reason.
//!
//! ```sh
//! cargo run --features axum --example webhook_receiver -- 127.0.0.1:8080
//! curl -H 'Content-Type: application/transit+json' \
//!      --data-binary @samples/create-file-event.transit.json http://127.0.0.1:8080/
//! ```

use axum::{http::StatusCode, routing::get, Router};
use transit_format::axum::WebhookEvent;

/// `HEAD` (Penpot's check) and `GET` answer 204; a `POST` prints the event.
pub fn app() -> Router {
    Router::new().route("/", get(|| async { StatusCode::NO_CONTENT }).post(receive))
}

async fn receive(WebhookEvent(event): WebhookEvent) -> StatusCode {
    println!("{:#}", event.to_value());
    // Penpot counts only 200 and 204 as delivered.
    StatusCode::NO_CONTENT
}

#[allow(dead_code)] // Also compiled into tests/webhook_receiver.rs, which has its own main.
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or("127.0.0.1:8080".into());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    eprintln!("listening on http://{address}/");
    axum::serve(listener, app()).await
}
