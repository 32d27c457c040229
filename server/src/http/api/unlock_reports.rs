//! Unlocks: the partner's bench-test unlock and doors reporting with an org API token. The
//! first unlock of an org starts its trial.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use partner_center_domain::subscription::{UnlockRecorded, UnlockReport};
use partner_center_domain::validation::DoorName;

use crate::auth::throttle::Buckets;
use crate::auth::Actor;
use crate::db::unlocks;
use crate::error::AppError;
use crate::http::client::Client;
use crate::http::extract::JsonBody;
use crate::infra::secrets::token_digest;
use crate::services::unlock_events;
use crate::AppState;

/// `POST /api/v1/partner/orgs/{id}/bench-unlock`: a real unlock event, produced by hand.
pub async fn bench_unlock(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<UnlockRecorded>, AppError> {
    Ok(Json(unlock_events::bench_test(&state.db, &actor, &id, state.clock.now()).await?))
}

/// `POST /api/v1/unlocks`, authenticated by an org API token (`Authorization: Bearer …`).
/// A missing, unknown or revoked token is refused and nothing is recorded. The token is checked
/// on a read, before the write lock is asked for, so bad tokens never queue with people's writes;
/// each client may send 20 bad ones a quarter hour, after which it is refused on a read alone.
pub async fn report_unlock(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    JsonBody(report): JsonBody<UnlockReport>,
) -> Result<Json<UnlockRecorded>, AppError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            AppError::refused(StatusCode::UNAUTHORIZED, "Send the org's API token as Authorization: Bearer <token>.")
        })?;
    let now = state.clock.now();
    let buckets = Buckets::api_token(client.ip);
    let digest = token_digest(token);
    let found = {
        let mut conn = state.db.conn().await?;
        buckets.check(&mut conn, now).await?;
        unlocks::live_token(&mut conn, &digest).await?
    };
    let Some(found) = found else {
        buckets.count_failure(&state.db, now).await?;
        return Err(AppError::refused(StatusCode::UNAUTHORIZED, "This API token is not valid, or was revoked."));
    };
    let door = DoorName::parse(report.door.as_deref()).map_err(|e| AppError::field("door", e))?;
    match unlock_events::reported(&state.db, &found, &digest, door.as_ref(), now).await? {
        Some(recorded) => Ok(Json(recorded)),
        // Revoked in the meantime: the write answers as the read would have.
        None => Err(AppError::refused(StatusCode::UNAUTHORIZED, "This API token is not valid, or was revoked.")),
    }
}
