//! Access requests: those the acting org sent to logins of unrelated namespaces ("Pending
//! acceptance" on its Users page) and withdrawing one; and those the signed-in login received,
//! with its answers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::access_request::AccessRequest;
use partner_center_domain::access_request::IncomingAccessRequest;
use partner_center_domain::roles::Permission;

use crate::auth::Actor;
use crate::error::AppError;
use crate::services::access_requests::{self, Answer, AnswerRefusal};
use crate::AppState;

/// `GET /api/v1/access-requests`: the acting org's pending requests, newest first.
pub async fn list_sent(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<AccessRequest>>, AppError> {
    actor.require(Permission::ReadOrg)?;
    let mut conn = state.db.conn().await?;
    Ok(Json(access_requests::of_org(&mut conn, actor.acting_org_id(), state.clock.now()).await?))
}

/// `DELETE /api/v1/access-requests/{id}`: cancel a pending request.
pub async fn cancel_sent(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    actor.require(Permission::ManageOrg)?;
    access_requests::cancel(&state.db, &actor, &id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me/access-requests`: the requests awaiting the signed-in login's answer.
pub async fn list_received(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<Json<Vec<IncomingAccessRequest>>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(Json(access_requests::to_actor(&mut conn, &actor, state.clock.now()).await?))
}

/// `POST /api/v1/me/access-requests/{id}/accept`: join the org that asked.
pub async fn accept(state: State<AppState>, actor: Actor, id: Path<String>) -> Result<StatusCode, AppError> {
    answer(state, actor, id, Answer::Accept).await
}

/// `POST /api/v1/me/access-requests/{id}/decline`.
pub async fn decline(state: State<AppState>, actor: Actor, id: Path<String>) -> Result<StatusCode, AppError> {
    answer(state, actor, id, Answer::Decline).await
}

async fn answer(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    answer: Answer,
) -> Result<StatusCode, AppError> {
    access_requests::answer(
        &state.db,
        &actor,
        &id,
        answer,
        &state.public_url,
        state.mail_per_org_hour,
        state.clock.now(),
    )
    .await
    .map_err(|refusal| match refusal {
        AnswerRefusal::NotFound => AppError::NotFound,
        AnswerRefusal::AlreadyMember => {
            AppError::refused(StatusCode::CONFLICT, "You are already a user of this organization.")
        }
        AnswerRefusal::Failed(error) => error,
    })?;
    Ok(StatusCode::NO_CONTENT)
}
