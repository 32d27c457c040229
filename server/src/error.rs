//! The one error type handlers return. It renders as the shared `ErrorBody`; internal causes
//! are logged with the request, never sent to the caller.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::api::{ErrorBody, FieldError};
use partner_center_domain::validation::ValidationError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No valid session. Also what a session gets once its user is suspended.
    #[error("not signed in")]
    Unauthenticated,
    /// Email and password do not match a login; never says which of the two was wrong.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Signed in, acting in the org, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// Does not exist, or lies in an org the caller has no role in: the two look the same.
    #[error("not found")]
    NotFound,
    /// A request with a reason a person can act on, e.g. "this invitation was already used".
    #[error("{message}")]
    Refused { status: StatusCode, message: String },
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// Well-formed input that what is already stored refuses (a name taken, a plan unchanged):
    /// 409, with the fields to change beside them.
    #[error("conflicts with the current state")]
    Conflict(Vec<FieldError>),
    #[error("too many attempts")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// "15 seconds", "1 minute", "10 minutes": how long a refused caller waits.
fn wait_text(seconds: u64) -> String {
    let (count, unit) = if seconds < 60 { (seconds, "second") } else { (seconds.div_ceil(60), "minute") };
    format!("{count} {unit}{}", if count == 1 { "" } else { "s" })
}

impl AppError {
    pub fn refused(status: StatusCode, message: impl Into<String>) -> Self {
        Self::Refused { status, message: message.into() }
    }

    /// An edit made from a version someone else's save has replaced: nothing was written; the
    /// client shows the current values and the person edits again. `what` is "organization",
    /// "user", "subscription".
    pub fn stale_edit(what: &str) -> Self {
        Self::refused(
            StatusCode::CONFLICT,
            format!(
                "Someone else changed this {what} while you were editing. The current values are shown; make your change again."
            ),
        )
    }

    /// One field's conflict with what is stored.
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::Conflict(vec![FieldError::new(field, message)])
    }

    /// One field's validation failure.
    pub fn field(field: &str, error: ValidationError) -> Self {
        Self::Validation(vec![FieldError::new(field, error.to_string())])
    }
}

impl From<crate::db::Error> for AppError {
    fn from(error: crate::db::Error) -> Self {
        Self::Internal(Box::new(error))
    }
}

impl From<crate::infra::secrets::HashingError> for AppError {
    fn from(error: crate::infra::secrets::HashingError) -> Self {
        Self::Internal(Box::new(error))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message, field_errors) = match self {
            Self::Unauthenticated => (StatusCode::UNAUTHORIZED, "Sign in to continue.".to_owned(), vec![]),
            Self::InvalidCredentials => {
                (StatusCode::UNAUTHORIZED, "The email or password is incorrect.".to_owned(), vec![])
            }
            Self::Forbidden => {
                (StatusCode::FORBIDDEN, "Your role in this organization does not allow this.".to_owned(), vec![])
            }
            Self::NotFound => (StatusCode::NOT_FOUND, "Not found.".to_owned(), vec![]),
            Self::Refused { status, message } => (status, message, vec![]),
            Self::Validation(fields) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "Some fields need attention.".to_owned(), fields)
            }
            Self::Conflict(fields) => (StatusCode::CONFLICT, "Some fields need attention.".to_owned(), fields),
            Self::TooManyRequests { retry_after_secs } => {
                let message = format!("Too many attempts. Try again in {}.", wait_text(retry_after_secs));
                let body = ErrorBody { status: 429, message, field_errors: vec![] };
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                return response;
            }
            Self::Internal(cause) => {
                tracing::error!(error = %cause, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side. Try again in a moment.".to_owned(),
                    vec![],
                )
            }
        };
        let body = ErrorBody { status: status.as_u16(), message, field_errors };
        (status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::wait_text;

    #[test]
    fn a_wait_reads_in_seconds_under_a_minute_and_in_whole_minutes_after() {
        assert_eq!(wait_text(1), "1 second");
        assert_eq!(wait_text(15), "15 seconds");
        assert_eq!(wait_text(60), "1 minute");
        assert_eq!(wait_text(61), "2 minutes");
        assert_eq!(wait_text(600), "10 minutes");
    }
}
