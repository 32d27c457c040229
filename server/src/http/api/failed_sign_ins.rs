//! A login's failed sign-ins, as the Super Admins of the org that owns its namespace see them,
//! and clearing them (`crate::services::lockouts`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::users::SignInFailures;

use crate::auth::Actor;
use crate::error::AppError;
use crate::services::lockouts;
use crate::AppState;

/// `GET /api/v1/users/{id}/sign-in-failures`.
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<SignInFailures>, AppError> {
    Ok(Json(lockouts::of_user(&state.db, &actor, &id, state.clock.now()).await?))
}

/// `DELETE /api/v1/users/{id}/sign-in-failures`: forgets the login's failures from everywhere.
pub async fn clear(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    lockouts::clear(&state.db, &actor, &id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
