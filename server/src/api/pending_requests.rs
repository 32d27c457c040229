//! The acting org's access requests to logins of unrelated namespaces, as its Users page shows
//! them ("Pending acceptance"), and withdrawing one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::access_request::AccessRequest;
use partner_center_domain::roles::Permission;

use crate::auth::Actor;
use crate::error::AppError;
use crate::membership_requests;
use crate::AppState;

/// `GET /api/v1/access-requests`: the acting org's pending requests, newest first.
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<AccessRequest>>, AppError> {
    actor.require(Permission::ReadOrg)?;
    let mut conn = state.db.conn().await?;
    Ok(Json(membership_requests::of_org(&mut conn, actor.acting_org_id(), state.clock.now()).await?))
}

/// `DELETE /api/v1/access-requests/{id}`: cancel a pending request.
pub async fn cancel(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    actor.require(Permission::ManageOrg)?;
    membership_requests::cancel(&state.db, &actor, &id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
