//! Request extractors whose failures speak the API's one error shape.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// `axum::Json`, but a malformed body answers with an `ErrorBody` like every other error.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(AppError::refused(
                StatusCode::BAD_REQUEST,
                format!("The request body is not what this endpoint expects: {}", rejection.body_text()),
            )),
        }
    }
}
