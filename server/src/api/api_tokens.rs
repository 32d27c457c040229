//! The acting org's API tokens, which door controllers send to report unlocks.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use partner_center_domain::audit::AuditAction;
use partner_center_domain::roles::Permission;
use partner_center_domain::subscription::{ApiTokenSummary, CreatedApiToken, NewApiToken};
use partner_center_domain::validation::{PersonName, ValidationError};

use crate::audit::{self, Change, Doer};
use crate::auth::Actor;
use crate::clock::rfc3339;
use crate::db::unlocks::{self, TokenRow};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::secrets::{new_id, new_token, token_digest};
use crate::AppState;

fn token_summary(row: TokenRow) -> ApiTokenSummary {
    ApiTokenSummary {
        id: row.id,
        name: row.name,
        created_at: rfc3339(row.created_at),
        created_by: row.created_by,
        last_used_at: row.last_used_at.map(rfc3339),
        revoked_at: row.revoked_at.map(rfc3339),
    }
}

/// `GET /api/v1/api-tokens`: the acting org's tokens (never the tokens themselves).
pub async fn list_tokens(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<ApiTokenSummary>>, AppError> {
    actor.require(Permission::ManageOrg)?;
    let mut conn = state.db.conn().await?;
    Ok(Json(unlocks::tokens(&mut conn, actor.acting_org_id()).await?.into_iter().map(token_summary).collect()))
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
    let token = format!("pc_{}", new_token());
    let row = TokenRow {
        id: new_id(),
        org_id: actor.acting_org_id().to_owned(),
        name: name.as_str().to_owned(),
        created_at: state.clock.now(),
        created_by: partner_center_domain::users::full_name(&actor.user.first_name, &actor.user.last_name),
        revoked_at: None,
        last_used_at: None,
    };
    let mut tx = state.db.begin().await?;
    unlocks::insert_token(&mut tx, &row, &token_digest(&token)).await?;
    let change = Change::new(&row.org_id, AuditAction::ApiTokenCreated, &row.name);
    audit::record(&mut tx, &Doer::signed_in(&actor), &change, row.created_at).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(CreatedApiToken { token, summary: token_summary(row) })).into_response())
}

/// `DELETE /api/v1/api-tokens/{id}`: from now on the token is refused.
pub async fn revoke_token(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    actor.require(Permission::ManageOrg)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let org_id = actor.acting_org_id();
    let name = unlocks::tokens(&mut tx, org_id).await?.into_iter().find(|t| t.id == id).map(|t| t.name);
    let (Some(name), true) = (name, unlocks::revoke(&mut tx, org_id, &id, now).await?) else {
        return Err(AppError::NotFound);
    };
    audit::record(&mut tx, &Doer::signed_in(&actor), &Change::new(org_id, AuditAction::ApiTokenRevoked, &name), now)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
