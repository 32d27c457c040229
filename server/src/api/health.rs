use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::api::{DatabaseHealth, HealthReport, HealthStatus};

use crate::AppState;

/// Public: load balancers and the app's status line read it without signing in.
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
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
