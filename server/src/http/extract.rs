//! Request extractors whose failures speak the API's one error shape.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// `axum::Json`, but a malformed body answers with an `ErrorBody` like every other error, and
/// only a JSON object is taken: serde would otherwise read a struct from an array by position.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = match axum::Json::<serde_json::Value>::from_request(request, state).await {
            Ok(axum::Json(value)) => value,
            // 400 for syntax, 415 without the JSON content type, 413 over the size limit: the
            // rejection knows which.
            Err(rejection) => return Err(unexpected(rejection.status(), &rejection.body_text())),
        };
        if !value.is_object() {
            return Err(unexpected(StatusCode::UNPROCESSABLE_ENTITY, "send a JSON object"));
        }
        serde_json::from_value(value)
            .map(Self)
            .map_err(|error| unexpected(StatusCode::UNPROCESSABLE_ENTITY, &error.to_string()))
    }
}

fn unexpected(status: StatusCode, reason: &str) -> AppError {
    AppError::refused(status, format!("The request body is not what this endpoint expects: {reason}"))
}
