//! The one client of the server's `/api/v1`. Every request the app makes goes through here, so
//! URLs, headers and error handling live in one place.

use std::fmt;

use gloo_net::http::{Request, Response};
use partner_center_domain::api::{ErrorBody, HealthReport};
use serde::de::DeserializeOwned;

const BASE: &str = "/api/v1";

/// Why a call to the server did not give what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: the server is down or the network is gone.
    Unreachable,
    /// The server answered with its structured error.
    Server(ErrorBody),
    /// The server answered something we could not read (a proxy's error page, say).
    UnexpectedResponse { status: u16 },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable => f.write_str("The server cannot be reached. Check your connection and try again."),
            Self::Server(body) => f.write_str(&body.message),
            Self::UnexpectedResponse { status } => {
                write!(f, "The server gave an unexpected answer (HTTP {status}). Try again in a moment.")
            }
        }
    }
}

impl std::error::Error for ApiError {}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    response.json::<T>().await.map_err(|_| ApiError::UnexpectedResponse { status })
}

async fn into_error(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Server(body),
        Err(_) => ApiError::UnexpectedResponse { status },
    }
}

/// The server's health. A degraded server answers 503 with the same report, which is still a
/// report worth showing.
pub async fn health() -> Result<HealthReport, ApiError> {
    let response = Request::get(&url("/health")).send().await.map_err(|_| ApiError::Unreachable)?;
    if response.ok() || response.status() == 503 {
        read_json(response).await
    } else {
        Err(into_error(response).await)
    }
}
