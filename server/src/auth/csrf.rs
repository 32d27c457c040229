//! Refuses cross-site state changes. Every unsafe request must carry the `X-CSRF-Protection`
//! header: a page on another site cannot add it to a form post, and cannot send it with
//! `fetch` without a CORS preflight that this server never approves. Browsers that say where
//! a request comes from (`Sec-Fetch-Site`) are also refused when it is another site.
//! Machine endpoints, which authenticate with an org API token and never with the session
//! cookie, give a forger nothing to ride on and need no header.

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

pub const HEADER: &str = "x-csrf-protection";
const MACHINE_PATHS: [&str; 1] = ["/api/v1/unlocks"];

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let machine = MACHINE_PATHS.contains(&request.uri().path());
    if !safe && !machine {
        let headers = request.headers();
        let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site");
        if cross_site || !headers.contains_key(HEADER) {
            return AppError::refused(StatusCode::FORBIDDEN, "Cross-site request refused.").into_response();
        }
    }
    next.run(request).await
}
