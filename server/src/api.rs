//! The JSON API under `/api/v1`. Handlers stay thin: they parse, call the domain or the data
//! layer, and map the outcome to a response.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use partner_center_domain::api::{DatabaseHealth, HealthReport, HealthStatus};

use crate::error::AppError;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/health", get(health))
        .fallback(|| async { AppError::NotFound })
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let reachable = state.db.is_reachable().await;
    let status = if reachable { HealthStatus::Ok } else { HealthStatus::Degraded };
    let code = if reachable { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let report = HealthReport {
        status,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: DatabaseHealth { backend: state.db.backend().name().to_owned(), reachable },
    };
    (code, Json(report))
}
