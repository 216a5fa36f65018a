//! A Penpot webhook receiver: serves HTTP on loopback, decodes each POSTed body in
//! either content type, and answers with the event as EDN.
//!
//! ```sh
//! cargo run --example webhook_receiver -- 127.0.0.1:8080
//! curl -H 'Content-Type: application/transit+json' \
//!      --data-binary @samples/create-file-event.transit.json http://127.0.0.1:8080/
//! ```
//!
//! Penpot counts only HTTP 200 and 204 as delivered (penpot.md §4.4); a body that
//! does not decode gets 400 with the error, so the sender sees why.

use std::io::Read;

use tiny_http::{Header, Method, Response, Server};
use transit_format::webhook::Event;

/// Largest body accepted: Penpot's events are a few kilobytes.
const MAX_BODY: u64 = 1 << 20;

/// Handles requests on `server` until it is unblocked (or forever).
pub fn serve(server: &Server, mut on_event: impl FnMut(&Event)) {
    for mut request in server.incoming_requests() {
        let response = if *request.method() != Method::Post {
            Response::from_string("POST a Penpot webhook body\n").with_status_code(405)
        } else {
            let content_type = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Content-Type"))
                .map(|h| h.value.as_str().to_owned())
                .unwrap_or_default();
            let mut body = Vec::new();
            match request
                .as_reader()
                .take(MAX_BODY + 1)
                .read_to_end(&mut body)
            {
                Err(err) => Response::from_string(format!("cannot read the body: {err}\n"))
                    .with_status_code(400),
                Ok(_) if body.len() as u64 > MAX_BODY => {
                    Response::from_string("body too large\n").with_status_code(413)
                }
                Ok(_) => match Event::decode(&body, &content_type) {
                    Ok(event) => {
                        on_event(&event);
                        let text = format!("{:#}\n", event.to_value());
                        let edn = Header::from_bytes("Content-Type", "application/edn")
                            .expect("valid header");
                        Response::from_string(text).with_header(edn)
                    }
                    Err(err) => Response::from_string(format!("{err}\n")).with_status_code(400),
                },
            }
        };
        // The client may be gone already; nothing to do about it here.
        let _ = request.respond(response);
    }
}

#[allow(dead_code)] // Also compiled into the integration test, which has its own main.
fn main() {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let server = match Server::http(&address) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("webhook_receiver: cannot listen on {address}: {err}");
            std::process::exit(1);
        }
    };
    eprintln!("webhook_receiver: listening on http://{address}/");
    serve(&server, |event| {
        eprintln!("received {} by {:?}", event.name, event.profile_id)
    });
}
