//! Partner Center › Statements: the months, one month's statement, and its CSV.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use futures_util::stream;
use partner_center_domain::statement::{PartnerStatement, StatementMonth, StatementMonths};

use super::{bad_request, ListParams};
use crate::auth::partner_reach;
use crate::auth::Actor;
use crate::db::invoices::BilledInvoice;
use crate::error::AppError;
use crate::http::csv;
use crate::infra::clock::date;
use crate::services::partner_statement;
use crate::AppState;

/// Lines an export reads per query.
const EXPORT_CHUNK: i64 = 1_000;

const HEADER: [&str; 12] = [
    "Invoice number",
    "Issued",
    "Organization",
    "Organization ID",
    "Reference number",
    "Package Plan",
    "Plan Length",
    "Period start",
    "Period end",
    "Currency",
    "Amount",
    "Invoice ID",
];

fn month(text: &str) -> Result<StatementMonth, AppError> {
    StatementMonth::parse(text).map_err(bad_request)
}

/// `GET /api/v1/partner/statements`.
pub async fn months(State(state): State<AppState>, actor: Actor) -> Result<Json<StatementMonths>, AppError> {
    let mut conn = state.db.conn().await?;
    let partner = partner_reach::acting_partner(&mut conn, &actor).await?;
    let months = partner_statement::months(&mut conn, &partner.id, state.clock.now()).await?;
    Ok(Json(StatementMonths { months: months.into_iter().map(StatementMonth::key).collect() }))
}

/// `GET /api/v1/partner/statements/{month}`: the month's totals and one page of its lines.
pub async fn statement(
    State(state): State<AppState>,
    actor: Actor,
    Path(text): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<PartnerStatement>, AppError> {
    let month = month(&text)?;
    let (limit, offset) = (params.limit()?, params.offset()?);
    let mut conn = state.db.conn().await?;
    let partner = partner_reach::acting_partner(&mut conn, &actor).await?;
    let totals = partner_statement::totals(&mut conn, &partner.id, month).await?;
    let lines = partner_statement::lines(&mut conn, &partner.id, month, limit, offset).await?;
    Ok(Json(PartnerStatement {
        month: month.key(),
        partner_name: partner.name,
        lines: partner_statement::page(&totals, lines),
        totals,
    }))
}

/// `GET /api/v1/partner/statements/{month}/export`: every line of the month as CSV, streamed a
/// chunk per query.
pub async fn export(
    State(state): State<AppState>,
    actor: Actor,
    Path(text): Path<String>,
) -> Result<Response, AppError> {
    let month = month(&text)?;
    let partner_id = {
        let mut conn = state.db.conn().await?;
        partner_reach::acting_partner(&mut conn, &actor).await?.id
    };
    let db = state.db.clone();
    let chunks = stream::try_unfold(Some(0), move |offset| {
        let (db, partner_id) = (db.clone(), partner_id.clone());
        async move {
            let Some(offset) = offset else {
                return Ok(None);
            };
            let mut conn = db.conn().await?;
            let lines = partner_statement::lines(&mut conn, &partner_id, month, EXPORT_CHUNK, offset).await?;
            let next = (lines.len() as i64 == EXPORT_CHUNK).then_some(offset + EXPORT_CHUNK);
            Ok::<_, crate::db::Error>(Some((lines.iter().map(line).collect::<String>(), next)))
        }
    });
    Ok(csv::download(&format!("statement-{}.csv", month.key()), &HEADER, chunks))
}

fn line(billed: &BilledInvoice) -> String {
    let invoice = &billed.invoice;
    csv::line([
        invoice.number.as_str(),
        date(invoice.issued_at).as_str(),
        billed.org_name.as_str(),
        invoice.org_id.as_str(),
        invoice.reference_number.as_deref().unwrap_or_default(),
        invoice.plan.label(),
        invoice.plan_length.label(),
        date(invoice.period_start).as_str(),
        date(invoice.period_end).as_str(),
        invoice.currency.code(),
        partner_center_domain::catalog::Money { minor_units: invoice.amount_minor, currency: invoice.currency }
            .decimal()
            .as_str(),
        invoice.id.as_str(),
    ])
}
