//! Refuses cross-site state changes. Every route that a browser could call with its cookies
//! (the route table says which) must carry the `X-CSRF-Protection` header on writes: a page on
//! another site cannot add it to a form post, and cannot send it with `fetch` without a CORS
//! preflight that this server never approves. Browsers that say where a request comes from
//! (`Sec-Fetch-Site`) are also refused when it is another site.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

pub const HEADER: &str = "x-csrf-protection";

pub async fn require_header(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site");
    if cross_site || !headers.contains_key(HEADER) {
        return AppError::refused(StatusCode::FORBIDDEN, "Cross-site request refused.").into_response();
    }
    next.run(request).await
}
