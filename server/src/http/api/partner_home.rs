//! The partner home: what needs the partner today, in one answer.

use axum::extract::State;
use axum::Json;
use partner_center_domain::partner_home::PartnerHome;

use crate::auth::partner_reach;
use crate::auth::Actor;
use crate::error::AppError;
use crate::services::partner_overview;
use crate::AppState;

use super::audit_trail;

/// How many of the partner's own latest actions the home shows.
const ACTIVITY_LISTED: i64 = 5;

/// `GET /api/v1/partner/home`.
pub async fn home(State(state): State<AppState>, actor: Actor) -> Result<Json<PartnerHome>, AppError> {
    let mut conn = state.db.conn().await?;
    let partner = partner_reach::acting_partner(&mut conn, &actor).await?;
    let now = state.clock.now();
    let counts = partner_overview::state_counts(&mut conn, &partner.id, now).await?;
    let (trials_ending, trials_ending_count) = partner_overview::trials_ending(&mut conn, &partner.id, now).await?;
    let (awaiting_long, awaiting_long_count) = partner_overview::awaiting_long(&mut conn, &partner.id, now).await?;
    let recent_invoices = partner_overview::recent_invoices(&mut conn, &partner.id).await?;
    let scope = audit_trail::partner_scope(&actor)?;
    let recent_activity = audit_trail::latest(&mut conn, &scope, ACTIVITY_LISTED).await?;
    Ok(Json(PartnerHome {
        counts,
        trials_ending,
        trials_ending_count,
        awaiting_long,
        awaiting_long_count,
        recent_invoices,
        recent_activity,
    }))
}
