//! The audit log as its readers see it: an org's own log, and a partner's activity across its
//! child orgs. Nothing here writes: the log is append-only.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::api::Page;
use partner_center_domain::audit::{day_end, day_start, AuditEntry, AuditQuery, FILTER_MAX_CHARS};
use partner_center_domain::roles::Permission;

use crate::auth::Actor;
use crate::clock::rfc3339;
use crate::db::audit_log::{self, EntryRow, Filter, Scope};
use crate::error::AppError;
use crate::AppState;

use super::ListParams;

/// `GET /api/v1/audit`: what happened in the acting org, newest first, including what its
/// partner's people did there.
pub async fn org_log(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    actor.require(Permission::ReadOrg)?;
    entries(&state, Scope::InOrg(actor.acting_org_id()), &query).await
}

/// `GET /api/v1/partner/activity`: what the partner's people did in its child orgs.
pub async fn partner_activity(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    actor.require_partner_center()?;
    entries(&state, Scope::ByActingOrg(actor.acting_org_id()), &query).await
}

async fn entries(state: &AppState, scope: Scope<'_>, query: &AuditQuery) -> Result<Json<Page<AuditEntry>>, AppError> {
    let page = ListParams { limit: query.limit, offset: query.offset, ..ListParams::default() };
    let (limit, offset) = (page.limit()?, page.offset()?);
    let day = |text: &Option<String>, parse: fn(&str) -> Option<i64>, name: &str| {
        text.as_deref()
            .map(|t| parse(t).ok_or_else(|| bad_request(format!("{name} must be a date: YYYY-MM-DD."))))
            .transpose()
    };
    let filter = Filter {
        actor: text_filter(&query.actor, "actor")?,
        action: query.action,
        target: text_filter(&query.target, "target")?,
        from: day(&query.from, day_start, "from")?,
        until: day(&query.to, day_end, "to")?,
    };
    let mut conn = state.db.conn().await?;
    let found = audit_log::page(&mut conn, scope, &filter, limit, offset).await?;
    let data = found.rows.into_iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(Page { total_count: found.total, filtered_count: found.filtered, data }))
}

fn text_filter<'a>(text: &'a Option<String>, name: &str) -> Result<Option<&'a str>, AppError> {
    match text.as_deref().map(str::trim) {
        Some(t) if t.chars().count() > FILTER_MAX_CHARS => {
            Err(bad_request(format!("{name} is at most {FILTER_MAX_CHARS} characters.")))
        }
        Some("") | None => Ok(None),
        Some(t) => Ok(Some(t)),
    }
}

fn entry(row: EntryRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        changes: row.changes()?,
        action_label: row.action.label().to_owned(),
        id: row.id,
        at: rfc3339(row.at),
        actor: row.actor,
        actor_namespace: row.actor_namespace,
        org_id: row.org_id,
        org_name: row.org_name,
        via: row.via,
        action: row.action,
        target: row.target,
    })
}

fn bad_request(message: String) -> AppError {
    AppError::refused(StatusCode::BAD_REQUEST, message)
}
