//! What every `/api` response promises, whoever produced it: answers are never cached (they
//! depend on the session), and every error is the JSON `ErrorBody`, including those made
//! before a handler runs (a query or path that does not parse, a wrong method, a body over
//! the size limit), which axum writes as plain text.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::ErrorBody;

/// Longest plain-text error kept as the message; axum's rejections are a line or two.
const MESSAGE_MAX_BYTES: usize = 1024;

pub async fn conform(request: Request, next: Next) -> Response {
    let is_api = request.uri().path() == "/api" || request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if !is_api {
        return response;
    }
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        response = as_error_body(response).await;
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn as_error_body(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MESSAGE_MAX_BYTES)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned());
    let message = match text {
        Ok(text) if !text.is_empty() => sentence(&text),
        _ => default_message(parts.status).to_owned(),
    };
    let body = ErrorBody { status: parts.status.as_u16(), message, field_errors: vec![] };
    let mut rebuilt = (parts.status, Json(body)).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = parts.headers.get(&name) {
            rebuilt.headers_mut().insert(name, value.clone());
        }
    }
    rebuilt
}

fn sentence(text: &str) -> String {
    if text.ends_with('.') {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn default_message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => "This method is not allowed here.",
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is too large.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Send the request body as JSON (Content-Type: application/json).",
        StatusCode::NOT_FOUND => "Not found.",
        _ if status.is_server_error() => "Something went wrong on our side. Try again in a moment.",
        _ => "The request is not what this endpoint expects.",
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;

    use super::*;

    fn plain(status: StatusCode, text: &'static str) -> Response {
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], Body::from(text)).into_response()
    }

    async fn converted(response: Response) -> (StatusCode, ErrorBody) {
        let response = as_error_body(response).await;
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 10_000).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn plain_text_errors_become_the_error_body_keeping_their_status_and_words() {
        let (status, body) =
            converted(plain(StatusCode::BAD_REQUEST, "Failed to deserialize query string: limit: invalid digit")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body.status, 400);
        assert_eq!(body.message, "Failed to deserialize query string: limit: invalid digit.");
        let (status, body) = converted(plain(StatusCode::METHOD_NOT_ALLOWED, "")).await;
        assert_eq!((status.as_u16(), body.message.as_str()), (405, "This method is not allowed here."));
    }
}
