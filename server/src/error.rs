//! The one error type handlers return. It renders as the shared `ErrorBody`; internal causes
//! are logged with the request, never sent to the caller.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(Box::new(error))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            Self::NotFound => (StatusCode::NOT_FOUND, "Not found."),
            Self::Internal(cause) => {
                tracing::error!(error = %cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side. Try again in a moment.")
            }
        };
        let body = ErrorBody { status: status.as_u16(), message: message.to_owned(), field_errors: vec![] };
        (status, Json(body)).into_response()
    }
}
