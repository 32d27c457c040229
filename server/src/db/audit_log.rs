//! The audit log's rows: appended, read by org or by the acting partner, purged by age.

use partner_center_domain::audit::{AuditAction, FieldChange};

use super::Conn;
use crate::clock::Millis;

pub struct NewEntry<'a> {
    pub id: &'a str,
    pub at: Millis,
    pub org_id: &'a str,
    pub acting_org_id: Option<&'a str>,
    pub actor_identity_id: Option<&'a str>,
    pub actor: &'a str,
    pub actor_namespace: Option<&'a str>,
    pub action: AuditAction,
    pub target: &'a str,
    pub changes: &'a [FieldChange],
}

/// Appends an entry; the org's name and, when the actor's login lives in the org's partner's
/// namespace, the partner's name are copied in from `orgs`.
pub async fn append(conn: &mut Conn, entry: &NewEntry<'_>) -> Result<(), sqlx::Error> {
    let changes = serde_json::to_string(entry.changes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO audit_entries (id, at, org_id, org_name, acting_org_id, actor_identity_id, actor, \
         actor_namespace, via, action, target, changes) \
         SELECT $1, $2, o.id, o.name, $3, $4, $5, $6, \
         CASE WHEN p.id IS NOT NULL AND $6 = 'org:' || p.slug THEN p.name END, $7, $8, $9 \
         FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.id = $10",
    )
    .bind(entry.id)
    .bind(entry.at)
    .bind(entry.acting_org_id)
    .bind(entry.actor_identity_id)
    .bind(entry.actor)
    .bind(entry.actor_namespace)
    .bind(entry.action.key())
    .bind(entry.target)
    .bind(changes)
    .bind(entry.org_id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: String,
    pub at: Millis,
    pub org_id: String,
    pub org_name: String,
    pub actor: String,
    pub actor_namespace: Option<String>,
    pub via: Option<String>,
    #[sqlx(try_from = "String")]
    pub action: AuditAction,
    pub target: String,
    changes: String,
}

impl EntryRow {
    /// The stored changes; a row that does not decode fails loudly.
    pub fn changes(&self) -> Result<Vec<FieldChange>, sqlx::Error> {
        serde_json::from_str(&self.changes)
            .map_err(|error| sqlx::Error::Decode(format!("audit_entries.changes of {}: {error}", self.id).into()))
    }
}

/// Whose log: what happened in one org, or what one org's people did (a partner's activity
/// across its children).
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    InOrg(&'a str),
    ByActingOrg(&'a str),
}

/// The filters of a log page. Text filters match a part of the field, ignoring case.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub actor: Option<&'a str>,
    pub action: Option<AuditAction>,
    pub target: Option<&'a str>,
    pub from: Option<Millis>,
    pub until: Option<Millis>,
}

pub struct EntryPage {
    pub total: i64,
    pub filtered: i64,
    pub rows: Vec<EntryRow>,
}

fn contains(text: &str) -> String {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Newest first.
pub async fn page(
    conn: &mut Conn,
    scope: Scope<'_>,
    filter: &Filter<'_>,
    limit: i64,
    offset: i64,
) -> Result<EntryPage, sqlx::Error> {
    let (scope_sql, scope_id) = match scope {
        Scope::InOrg(id) => ("org_id = $1", id),
        Scope::ByActingOrg(id) => ("acting_org_id = $1 AND org_id <> $1", id),
    };
    // Every filter is bound, a missing one as NULL, so one statement serves all of them.
    let filter_sql = format!(
        "{scope_sql} AND ($2 IS NULL OR LOWER(actor) LIKE $2 ESCAPE '\\') AND ($3 IS NULL OR action = $3) \
         AND ($4 IS NULL OR LOWER(target) LIKE $4 ESCAPE '\\') AND ($5 IS NULL OR at >= $5) \
         AND ($6 IS NULL OR at < $6)"
    );
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_entries WHERE {scope_sql}"))
        .bind(scope_id)
        .fetch_one(&mut *conn)
        .await?;
    let actor = filter.actor.map(contains);
    let target = filter.target.map(contains);
    let action = filter.action.map(AuditAction::key);
    let filtered: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_entries WHERE {filter_sql}"))
        .bind(scope_id)
        .bind(&actor)
        .bind(action)
        .bind(&target)
        .bind(filter.from)
        .bind(filter.until)
        .fetch_one(&mut *conn)
        .await?;
    let rows = sqlx::query_as(&format!(
        "SELECT id, at, org_id, org_name, actor, actor_namespace, via, action, target, changes \
         FROM audit_entries WHERE {filter_sql} ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8"
    ))
    .bind(scope_id)
    .bind(&actor)
    .bind(action)
    .bind(&target)
    .bind(filter.from)
    .bind(filter.until)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    Ok(EntryPage { total, filtered, rows })
}

/// Deletes entries older than `before`; how many went.
pub async fn purge(conn: &mut Conn, before: Millis) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM audit_entries WHERE at < $1").bind(before).execute(conn).await?.rows_affected())
}
