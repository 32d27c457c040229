//! The acting org's API tokens, which door controllers send to report unlocks (`crate::services::tokens`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::roles::Permission;
use partner_center_domain::subscription::{ApiTokenSummary, NewApiToken};
use partner_center_domain::validation::{PersonName, ValidationError};

use crate::auth::Actor;
use crate::db::unlocks;
use crate::error::AppError;
use crate::http::extract::JsonBody;
use crate::services::tokens;
use crate::AppState;

/// `GET /api/v1/api-tokens`: the acting org's tokens (never the tokens themselves).
pub async fn list_tokens(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<ApiTokenSummary>>, AppError> {
    actor.require(Permission::ManageOrg)?;
    let mut conn = state.db.conn().await?;
    Ok(Json(unlocks::tokens(&mut conn, actor.acting_org_id()).await?.into_iter().map(tokens::summary).collect()))
}

/// `POST /api/v1/api-tokens`: a new token, shown in this answer only.
pub async fn create_token(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(request): JsonBody<NewApiToken>,
) -> Result<Response, AppError> {
    actor.require(Permission::ManageOrg)?;
    // A token's name follows the same rule as a person's name: required, at most 100 characters.
    let name = PersonName::parse(&request.name).map_err(|e: ValidationError| AppError::field("name", e))?;
    let created = tokens::issue(&state.db, &actor, &name, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// `DELETE /api/v1/api-tokens/{id}`: from now on the token is refused.
pub async fn revoke_token(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    actor.require(Permission::ManageOrg)?;
    if !tokens::revoke(&state.db, &actor, &id, state.clock.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
