//! A child org's invoices, for the Billing tab and the printable page.

use axum::extract::{Path, State};
use axum::Json;
use partner_center_domain::subscription::InvoiceView;

use crate::auth::partner_reach;
use crate::auth::Actor;
use crate::db::invoices;
use crate::error::AppError;
use crate::services::billing_cycle;
use crate::AppState;

/// `GET /api/v1/partner/orgs/{id}/invoices`: newest first.
pub async fn org_invoices(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Vec<InvoiceView>>, AppError> {
    let mut conn = state.db.conn().await?;
    let org = partner_reach::child(&mut conn, &actor, &id).await?;
    let rows = invoices::of_org(&mut conn, &org.id).await?;
    Ok(Json(rows.into_iter().map(|row| billing_cycle::invoice_view(row, org.name.clone())).collect()))
}

/// `GET /api/v1/partner/invoices/{id}`: one invoice of one of the partner's children.
pub async fn invoice(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<InvoiceView>, AppError> {
    let mut conn = state.db.conn().await?;
    let row = invoices::find(&mut conn, &id).await?.ok_or(AppError::NotFound)?;
    let org = partner_reach::child(&mut conn, &actor, &row.org_id).await?;
    Ok(Json(billing_cycle::invoice_view(row, org.name)))
}
