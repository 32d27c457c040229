//! The audit log as its readers see it: an org's own log, and a partner's activity across its
//! child orgs, as pages or as one CSV of the filtered view. Nothing here writes: the log is
//! append-only.

use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use futures_util::stream;
use partner_center_domain::api::Page;
use partner_center_domain::audit::{
    day_end, day_start, AuditEntry, AuditFilterQuery, AuditQuery, FieldChange, FILTER_MAX_CHARS,
};
use partner_center_domain::roles::Permission;

use crate::auth::Actor;
use crate::db::audit_log::{self, EntryRow, Filter, Scope};
use crate::db::{Conn, Database};
use crate::error::AppError;
use crate::http::csv;
use crate::infra::clock::{rfc3339, Millis};
use crate::AppState;

use super::{bad_request, ListParams};

/// Entries an export reads per query.
const EXPORT_CHUNK: i64 = 500;

fn org_scope(actor: &Actor) -> Result<Scope, AppError> {
    actor.require(Permission::ReadOrg)?;
    Ok(Scope::InOrg(actor.acting_org_id().to_owned()))
}

pub(super) fn partner_scope(actor: &Actor) -> Result<Scope, AppError> {
    actor.require_partner_center()?;
    Ok(Scope::ByActingOrg(actor.acting_org_id().to_owned()))
}

/// `GET /api/v1/audit`: what happened in the acting org, newest first, including what its
/// partner's people did there.
pub async fn org_log(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    entries(&state, org_scope(&actor)?, &query).await
}

/// `GET /api/v1/partner/activity`: what the partner's people did in its child orgs.
pub async fn partner_activity(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    entries(&state, partner_scope(&actor)?, &query).await
}

/// `GET /api/v1/audit/export`: the filtered org log as CSV, every page of it.
pub async fn org_log_csv(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<AuditFilterQuery>,
) -> Result<Response, AppError> {
    export(state.db, org_scope(&actor)?, filter(&query)?, "audit-log.csv")
}

/// `GET /api/v1/partner/activity/export`: the filtered partner activity as CSV.
pub async fn partner_activity_csv(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<AuditFilterQuery>,
) -> Result<Response, AppError> {
    export(state.db, partner_scope(&actor)?, filter(&query)?, "partner-activity.csv")
}

/// The newest `limit` entries of `scope`, unfiltered.
pub(super) async fn latest(conn: &mut Conn, scope: &Scope, limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    let found = audit_log::page(conn, scope, &Filter::default(), limit, 0).await?;
    Ok(found.rows.into_iter().map(entry).collect::<Result<Vec<_>, _>>()?)
}

async fn entries(state: &AppState, scope: Scope, query: &AuditQuery) -> Result<Json<Page<AuditEntry>>, AppError> {
    let page = ListParams { limit: query.limit, offset: query.offset, ..ListParams::default() };
    let (limit, offset) = (page.limit()?, page.offset()?);
    let filter = filter(&query.filters)?;
    let mut conn = state.db.conn().await?;
    let found = audit_log::page(&mut conn, &scope, &filter, limit, offset).await?;
    let data = found.rows.into_iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(Page { total_count: found.total, filtered_count: found.filtered, filtered_count_capped: false, data }))
}

fn filter(query: &AuditFilterQuery) -> Result<Filter, AppError> {
    let day = |text: &Option<String>, parse: fn(&str) -> Option<Millis>, name: &str| {
        text.as_deref()
            .map(|t| parse(t).ok_or_else(|| bad_request(format!("{name} must be a date: YYYY-MM-DD."))))
            .transpose()
    };
    Ok(Filter {
        actor: text_filter(&query.actor, "actor")?,
        action: query.action,
        target: text_filter(&query.target, "target")?,
        from: day(&query.from, day_start, "from")?,
        until: day(&query.to, day_end, "to")?,
    })
}

fn text_filter(text: &Option<String>, name: &str) -> Result<Option<String>, AppError> {
    match text.as_deref().map(str::trim) {
        Some(t) if t.chars().count() > FILTER_MAX_CHARS => {
            Err(bad_request(format!("{name} is at most {FILTER_MAX_CHARS} characters.")))
        }
        Some("") | None => Ok(None),
        Some(t) => Ok(Some(t.to_owned())),
    }
}

fn entry(row: EntryRow) -> Result<AuditEntry, crate::db::Error> {
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

const CSV_HEADER: [&str; 8] = ["When", "Who", "Namespace", "Via", "Organization", "Action", "Target", "Changes"];

fn csv_line(entry: &AuditEntry) -> String {
    let changes: Vec<String> = entry.changes.iter().map(describe).collect();
    csv::line([
        entry.at.as_str(),
        entry.actor.as_str(),
        entry.actor_namespace.as_deref().unwrap_or_default(),
        entry.via.as_deref().unwrap_or_default(),
        entry.org_name.as_str(),
        entry.action_label.as_str(),
        entry.target.as_str(),
        changes.join("; ").as_str(),
    ])
}

fn describe(change: &FieldChange) -> String {
    format!("{}: {} -> {}", change.field, change.before, change.after)
}

/// Streams the filtered log as CSV, a chunk of entries per query; each chunk takes a pooled
/// connection only while it is read.
fn export(db: Database, scope: Scope, filter: Filter, filename: &str) -> Result<Response, AppError> {
    let chunks = stream::try_unfold(Some(None::<(Millis, String)>), move |cursor| {
        let (db, scope, filter) = (db.clone(), scope.clone(), filter.clone());
        async move {
            let Some(after) = cursor else {
                return Ok(None);
            };
            let mut conn = db.conn().await?;
            let rows = audit_log::chunk(&mut conn, &scope, &filter, after.as_ref(), EXPORT_CHUNK).await?;
            let next = (rows.len() as i64 == EXPORT_CHUNK).then(|| rows.last().map(|row| (row.at, row.id.clone())));
            let mut text = String::new();
            for row in rows {
                text.push_str(&csv_line(&entry(row)?));
            }
            Ok::<_, crate::db::Error>(Some((text, next)))
        }
    });
    Ok(csv::download(filename, &CSV_HEADER, chunks))
}
