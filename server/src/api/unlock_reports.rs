//! Unlocks: the partner's bench-test unlock and doors reporting with an org API token. The
//! first unlock of an org starts its trial.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use partner_center_domain::audit::AuditAction;
use partner_center_domain::subscription::{UnlockRecorded, UnlockReport};
use partner_center_domain::users::full_name;
use partner_center_domain::validation::DoorName;

use crate::audit::{self, Change, Doer};
use crate::auth::partner_reach;
use crate::auth::throttle::Buckets;
use crate::auth::Actor;
use crate::billing_cycle::{self, UnlockSource};
use crate::client::Client;
use crate::db::unlocks;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::secrets::token_digest;
use crate::AppState;

/// `POST /api/v1/partner/orgs/{id}/bench-unlock`: a real unlock event, produced by hand.
pub async fn bench_unlock(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<UnlockRecorded>, AppError> {
    let mut tx = state.db.begin().await?;
    let org = partner_reach::child(&mut tx, &actor, &id).await?;
    let now = state.clock.now();
    // The door's name says who tested it: the Billing tab names what started the trial.
    let door = format!("Bench test by {}", full_name(&actor.user.first_name, &actor.user.last_name));
    let recorded =
        billing_cycle::record_unlock(&mut tx, &org.id, UnlockSource::BenchTest, Some(&door), None, now).await?;
    let change = Change::new(&org.id, AuditAction::BenchTestUnlock, &org.name);
    audit::record(&mut tx, &Doer::signed_in(&actor), &change, now).await?;
    tx.commit().await?;
    Ok(Json(recorded))
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
    let mut tx = state.db.begin().await?;
    // Revoked in the meantime: the write answers as the read would have.
    if unlocks::live_token(&mut tx, &digest).await?.is_none() {
        return Err(AppError::refused(StatusCode::UNAUTHORIZED, "This API token is not valid, or was revoked."));
    }
    unlocks::touch(&mut tx, &found.id, now).await?;
    let recorded = billing_cycle::record_unlock(
        &mut tx,
        &found.org_id,
        UnlockSource::Api,
        door.as_ref().map(DoorName::as_str),
        Some(&found.id),
        now,
    )
    .await?;
    let door_name = door.as_ref().map_or("A door", DoorName::as_str);
    let change = Change::new(&found.org_id, AuditAction::UnlockReported, door_name);
    audit::record(&mut tx, &Doer::api_token(&found.name, &found.org_id), &change, now).await?;
    tx.commit().await?;
    Ok(Json(recorded))
}
