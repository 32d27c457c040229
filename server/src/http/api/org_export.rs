//! Manage Organizations as CSV: exactly the filtered, sorted view, every page of it, with the
//! namespace, AP emails and reference number besides the visible columns.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use futures_util::stream;
use partner_center_domain::org_filter::OrgFilterQuery;
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::validation::Namespace;

use super::partner::{acting_org, OrgView};
use super::ListParams;
use crate::auth::Actor;
use crate::db::listing::{self, ExportDetails, ListingRow};
use crate::error::AppError;
use crate::http::csv;
use crate::infra::clock::date;
use crate::AppState;

/// Rows an export reads per query.
const EXPORT_CHUNK: i64 = 1_000;

const HEADER: [&str; 12] = [
    "Name",
    "Super Admin",
    "Super Admin email",
    "Status",
    "Trial ends",
    "Package Plan",
    "Currency",
    "Created",
    "Namespace",
    "AP emails",
    "Reference number",
    "Organization ID",
];

/// `GET /api/v1/partner/orgs/export`: the list's query (search, filters, sort, order) as one
/// CSV, streamed a chunk of rows per query so 100,000 orgs never sit in memory. Every row is
/// judged at the same moment, the start of the export.
pub async fn export(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<ListParams>,
    Query(filter): Query<OrgFilterQuery>,
) -> Result<Response, AppError> {
    let view = OrgView::parse(&params, &filter)?;
    let partner_id = {
        let mut conn = state.db.conn().await?;
        acting_org(&mut conn, &actor).await?.id
    };
    let now = state.clock.now();
    let db = state.db.clone();
    let chunks = stream::try_unfold(Some(0), move |offset| {
        let (db, view, partner_id) = (db.clone(), view.clone(), partner_id.clone());
        async move {
            let Some(offset) = offset else {
                return Ok(None);
            };
            let mut conn = db.conn().await?;
            let page = listing::page(&mut conn, &view.page(&partner_id, now, EXPORT_CHUNK, offset)).await?;
            let ids: Vec<&str> = page.rows.iter().map(|row| row.org_id.as_str()).collect();
            let details: HashMap<String, ExportDetails> = listing::export_details(&mut conn, &ids)
                .await?
                .into_iter()
                .map(|details| (details.org_id.clone(), details))
                .collect();
            let next = (page.rows.len() as i64 == EXPORT_CHUNK).then_some(offset + EXPORT_CHUNK);
            let text: String = page.rows.iter().map(|row| line(row, details.get(&row.org_id), now)).collect();
            Ok::<_, crate::db::Error>(Some((text, next)))
        }
    });
    Ok(csv::download("organizations.csv", &HEADER, chunks))
}

fn line(row: &ListingRow, details: Option<&ExportDetails>, now: i64) -> String {
    let status = TrialStatus::at(row.first_unlock_at, row.trial_days, now);
    let trial_ends = match status {
        TrialStatus::AwaitingFirstUnlock => String::new(),
        TrialStatus::Trialing { ends_at, .. } => date(ends_at),
        TrialStatus::Billing { since } => date(since),
    };
    let ap_emails =
        details.map(|d| d.additional_ap_emails.after(&d.ap_email).collect::<Vec<_>>().join("; ")).unwrap_or_default();
    let namespace = details.map(|d| Namespace::of_slug(&d.slug).as_str().to_owned()).unwrap_or_default();
    csv::line([
        row.name.as_str(),
        row.admin_name.as_deref().unwrap_or_default(),
        row.admin_email.as_deref().unwrap_or_default(),
        status.label().as_str(),
        trial_ends.as_str(),
        row.plan.label(),
        row.currency.code(),
        date(row.created_at).as_str(),
        namespace.as_str(),
        ap_emails.as_str(),
        row.reference_number.as_deref().unwrap_or_default(),
        row.org_id.as_str(),
    ])
}
