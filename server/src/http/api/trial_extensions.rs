//! Extend trial: the partner's one extension of a child org's running trial.

use axum::extract::{Path, State};
use axum::Json;
use partner_center_domain::trial_extension::{TrialExtensionRequest, TrialExtensionView};

use crate::auth::Actor;
use crate::error::AppError;
use crate::http::extract::JsonBody;
use crate::services::trial_clock;
use crate::AppState;

/// `POST /api/v1/partner/orgs/{id}/trial-extension`.
pub async fn extend(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<TrialExtensionRequest>,
) -> Result<Json<TrialExtensionView>, AppError> {
    Ok(Json(trial_clock::extend(&state.db, &actor, &id, &request, state.clock.now()).await?))
}
