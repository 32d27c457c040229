use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use partner_center_domain::api::{DatabaseHealth, HealthDetails, HealthReport, HealthStatus};

use crate::auth::{session, Actor};
use crate::http::client::Client;
use crate::AppState;

/// Public: load balancers and the app's status line read it without signing in. An anonymous
/// caller learns whether the server is up; a signed-in one also its version and database.
pub async fn health(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
) -> (StatusCode, Json<HealthReport>) {
    let reachable = state.db.is_reachable().await;
    let status = if reachable { HealthStatus::Ok } else { HealthStatus::Degraded };
    let signed_in = reachable && is_signed_in(&state, &client, &headers).await;
    // A database that does not answer says so to whoever is signed in, and nobody can be
    // recognised without it: the app then shows what it has, the status.
    report(&state, status, reachable, signed_in)
}

async fn is_signed_in(state: &AppState, client: &Client, headers: &HeaderMap) -> bool {
    let Some(token) = session::token_from(headers, client.https) else { return false };
    let Ok(mut conn) = state.db.conn().await else { return false };
    Actor::resolve(&mut conn, &token, state.clock.now()).await.is_ok()
}

/// Liveness: the process answers. Nothing else is asked, so a database outage never gets a
/// healthy process restarted.
pub async fn live() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Readiness: whether to send this instance requests. 503 while the database does not answer
/// and once the server has begun stopping. Balancers need the status alone.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let reachable = state.db.is_reachable().await;
    let status = match (state.lifecycle.is_stopping(), reachable) {
        (true, _) => HealthStatus::Draining,
        (false, true) => HealthStatus::Ok,
        (false, false) => HealthStatus::Degraded,
    };
    report(&state, status, reachable, false)
}

fn report(state: &AppState, status: HealthStatus, reachable: bool, detailed: bool) -> (StatusCode, Json<HealthReport>) {
    let code = if status == HealthStatus::Ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let details = detailed.then(|| HealthDetails {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: DatabaseHealth { backend: state.db.backend().name().to_owned(), reachable },
    });
    (code, Json(HealthReport { status, details }))
}
