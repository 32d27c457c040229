use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::api::{DatabaseHealth, HealthReport, HealthStatus};

use crate::AppState;

/// Public: load balancers and the app's status line read it without signing in.
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let reachable = state.db.is_reachable().await;
    let status = if reachable { HealthStatus::Ok } else { HealthStatus::Degraded };
    report(&state, status, reachable)
}

/// Liveness: the process answers. Nothing else is asked, so a database outage never gets a
/// healthy process restarted.
pub async fn live() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Readiness: whether to send this instance requests. 503 while the database does not answer
/// and once the server has begun stopping.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let reachable = state.db.is_reachable().await;
    let status = match (state.lifecycle.is_stopping(), reachable) {
        (true, _) => HealthStatus::Draining,
        (false, true) => HealthStatus::Ok,
        (false, false) => HealthStatus::Degraded,
    };
    report(&state, status, reachable)
}

fn report(state: &AppState, status: HealthStatus, reachable: bool) -> (StatusCode, Json<HealthReport>) {
    let code = if status == HealthStatus::Ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let report = HealthReport {
        status,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: DatabaseHealth { backend: state.db.backend().name().to_owned(), reachable },
    };
    (code, Json(report))
}
