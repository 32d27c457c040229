//! Request extractors whose failures speak the API's one error shape.

use axum::extract::{FromRequest, Request};
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
            // 400 for syntax, 422 for a wrong shape, 415 without the JSON content type, 413 over
            // the size limit: the rejection knows which.
            Err(rejection) => Err(AppError::refused(
                rejection.status(),
                format!("The request body is not what this endpoint expects: {}", rejection.body_text()),
            )),
        }
    }
}
