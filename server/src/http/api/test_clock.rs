//! The test clock's one route, on servers started with `--test-clock` only.

use axum::extract::State;
use axum::Json;
use partner_center_domain::validation::ValidationError;
use serde::Deserialize;

use crate::error::AppError;
use crate::http::extract::JsonBody;
use crate::infra::clock::{rfc3339, Clock, DAY};
use crate::services::billing_cycle;
use crate::services::trial_clock;
use crate::AppState;

/// The longest single move of the test clock.
pub const CLOCK_ADVANCE_MAX_MS: i64 = 400 * DAY;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClockAdvance {
    /// Milliseconds to move forward: more than zero, at most 400 days.
    #[schemars(range(min = 1, max = CLOCK_ADVANCE_MAX_MS))]
    advance_ms: i64,
}

/// `POST /api/v1/test/clock`: moves a server started with `--test-clock` forward and runs the
/// billing pass (invoices and trial reminders) at once. Not routed at all on a server with the real clock.
pub async fn advance_clock(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<ClockAdvance>,
) -> Result<Json<serde_json::Value>, AppError> {
    if !matches!(state.clock, Clock::Manual(_)) {
        return Err(AppError::NotFound);
    }
    if !(1..=CLOCK_ADVANCE_MAX_MS).contains(&request.advance_ms) {
        return Err(AppError::field("advanceMs", ValidationError::OutOfRange { min: 1, max: CLOCK_ADVANCE_MAX_MS }));
    }
    state.clock.advance(request.advance_ms);
    let issued = billing_cycle::issue_due_invoices(&state.db, &state.clock).await?;
    let reminded = trial_clock::send_due_reminders(&state.db, &state.clock, &state.public_url).await?;
    Ok(Json(
        serde_json::json!({ "now": rfc3339(state.clock.now()), "invoicesIssued": issued, "remindersSent": reminded }),
    ))
}
