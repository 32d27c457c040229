//! Extend trial: the partner's one extension of a child org's running trial.

use axum::extract::{Path, State};
use axum::Json;
use partner_center_domain::trial_extension::{TrialExtensionRequest, TrialExtensionView};

use crate::auth::Actor;
use crate::child_orgs;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::trial_clock;
use crate::AppState;

/// `POST /api/v1/partner/orgs/{id}/trial-extension`.
pub async fn extend(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<TrialExtensionRequest>,
) -> Result<Json<TrialExtensionView>, AppError> {
    let mut tx = state.db.begin().await?;
    let org = child_orgs::reachable(&mut tx, &actor, &id).await?;
    let extension = trial_clock::extend(&mut tx, &org, &request, &actor, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Json(extension))
}
