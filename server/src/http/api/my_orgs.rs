//! My organizations: every org the signed-in login belongs to, and leaving one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::users::Membership;

use crate::auth::Actor;
use crate::error::AppError;
use crate::services::memberships::{self, LeaveRefusal};
use crate::AppState;

/// `GET /api/v1/me/orgs`.
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<Membership>>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(Json(memberships::of(&mut conn, &actor).await?))
}

/// `DELETE /api/v1/me/orgs/{id}`: leave that org.
pub async fn leave(
    State(state): State<AppState>,
    actor: Actor,
    Path(org_id): Path<String>,
) -> Result<StatusCode, AppError> {
    memberships::leave(&state.db, &actor, &org_id, state.clock.now()).await.map_err(|refusal| match refusal {
        LeaveRefusal::NotAMember => AppError::NotFound,
        LeaveRefusal::ActingThere => AppError::refused(
            StatusCode::CONFLICT,
            "You are working in this organization: switch to another one before you leave it.",
        ),
        LeaveRefusal::LastOneRunningIt(message) => AppError::refused(StatusCode::CONFLICT, message),
        LeaveRefusal::Db(error) => error.into(),
    })?;
    Ok(StatusCode::NO_CONTENT)
}
