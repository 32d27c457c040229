//! Every request gets an id and one access log line. The id comes from the caller's
//! `x-request-id` when it is a plain token (a proxy's, say), else a new one; the response
//! carries it, and everything logged while the request runs (errors included) is in its span.
//! The line names the route template (`/api/v1/partner/orgs/{id}`), never the path itself, so
//! no token in a path reaches the log; a path outside the API's routes is logged with any
//! invitation or reset token hidden.
//!
//! Nothing a caller chooses freely becomes a metric label or an unbounded log value: a method
//! that HTTP does not define (an extension method) is counted and logged as `other` (the router
//! answers it 405 with the route's `Allow`, before any handler or extractor runs), and a logged
//! path is cut to `LOGGED_PATH_MAX` bytes.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::infra::metrics::Metrics;
use crate::infra::secrets::new_id;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest caller-given id kept; a longer one is replaced.
const ID_MAX_LEN: usize = 64;

/// The caller's id when it is 1 to 64 letters, digits, `-`, `_` or `.`; else `None`.
fn given_id(value: Option<&HeaderValue>) -> Option<String> {
    let text = value?.to_str().ok()?;
    let plain = !text.is_empty()
        && text.len() <= ID_MAX_LEN
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    plain.then(|| text.to_owned())
}

/// Longest path kept in a log line.
const LOGGED_PATH_MAX: usize = 200;

/// The method as a metric label: one of the nine HTTP defines, or `other`.
fn method_label(method: &Method) -> &'static str {
    ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]
        .into_iter()
        .find(|known| *known == method.as_str())
        .unwrap_or("other")
}

/// `path` with the token of a mailed link (an invitation, a password reset) replaced by `***`.
fn loggable_path(path: &str) -> String {
    for prefix in ["/api/v1/invitations/", "/invitations/", "/api/v1/password-resets/", "/reset-password/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let after = rest.find('/').map_or("", |slash| &rest[slash..]);
            return cut(&format!("{prefix}***{after}"));
        }
    }
    cut(path)
}

/// `text`, cut to `LOGGED_PATH_MAX` bytes at a character boundary, marked when cut.
fn cut(text: &str) -> String {
    if text.len() <= LOGGED_PATH_MAX {
        return text.to_owned();
    }
    let end = (0..=LOGGED_PATH_MAX).rev().find(|&end| text.is_char_boundary(end)).unwrap_or(0);
    format!("{}…", &text[..end])
}

/// Logs the request, counts it in `metrics`, and gives its response the request id.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = given_id(request.headers().get(&REQUEST_ID)).unwrap_or_else(new_id);
    let method = method_label(request.method());
    let matched = request.extensions().get::<MatchedPath>().map(|matched| matched.as_str().to_owned());
    let route = matched.clone().unwrap_or_else(|| loggable_path(request.uri().path()));
    let span = tracing::info_span!("request", request_id = %id, method = %method, route = %route);
    let response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let took = started.elapsed();
    let latency_ms = (took.as_secs_f64() * 100_000.0).round() / 100.0;
    span.in_scope(|| tracing::info!(status, latency_ms, "handled"));
    // The app's pages and unknown paths count as one route: paths are unbounded, labels must not be.
    metrics.record_request(method, matched.as_deref().unwrap_or("(other)"), status, took);
    with_id(response, &id)
}

fn with_id(mut response: Response, id: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(id) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(text: &str) -> Option<String> {
        given_id(Some(&HeaderValue::from_str(text).unwrap()))
    }

    #[test]
    fn the_token_of_a_mailed_link_is_hidden_from_a_logged_path() {
        assert_eq!(loggable_path("/invitations/abc123"), "/invitations/***");
        assert_eq!(loggable_path("/api/v1/invitations/abc123/accept"), "/api/v1/invitations/***/accept");
        assert_eq!(loggable_path("/reset-password/abc123"), "/reset-password/***");
        assert_eq!(loggable_path("/api/v1/password-resets/abc123"), "/api/v1/password-resets/***");
        assert_eq!(loggable_path("/partner/orgs"), "/partner/orgs");
    }

    #[test]
    fn a_long_logged_path_is_cut() {
        let logged = loggable_path(&format!("/{}", "é".repeat(5_000)));
        assert!(logged.len() <= LOGGED_PATH_MAX + '…'.len_utf8(), "{}", logged.len());
        assert!(logged.ends_with('…'));
    }

    #[test]
    fn only_the_usual_methods_are_labels() {
        assert_eq!(method_label(&Method::PATCH), "PATCH");
        assert_eq!(method_label(&Method::TRACE), "TRACE");
        assert_eq!(method_label(&Method::from_bytes(b"PROPFIND").unwrap()), "other");
    }

    #[test]
    fn a_plain_caller_id_is_kept() {
        assert_eq!(given("3f2a-lb.7_x").as_deref(), Some("3f2a-lb.7_x"));
        assert_eq!(given(&"a".repeat(64)).map(|id| id.len()), Some(64));
    }

    #[test]
    fn an_empty_long_or_unusual_caller_id_is_replaced() {
        assert_eq!(given(""), None);
        assert_eq!(given(&"a".repeat(65)), None);
        assert_eq!(given("id with spaces"), None);
        assert_eq!(given("id\"quoted"), None);
        assert_eq!(given_id(None), None);
    }
}
