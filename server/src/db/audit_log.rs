//! The audit log's rows: appended, read by org or by the acting partner, purged by age.

use partner_center_domain::audit::{AuditAction, FieldChange};

use super::Conn;
use crate::infra::clock::Millis;

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

/// Appends an entry; the org's name and, when the change was made acting through the org's
/// parent partner (its Partner Center), the partner's name are copied in from `orgs`. Where
/// the person's login lives does not matter: a login of any namespace may act for the partner.
pub async fn append(conn: &mut Conn, entry: &NewEntry<'_>) -> Result<(), super::Error> {
    let changes = serde_json::to_string(entry.changes)?;
    super::query(
        "INSERT INTO audit_entries (id, at, org_id, org_name, acting_org_id, actor_identity_id, actor, \
         actor_namespace, via, action, target, changes) \
         SELECT $1, $2, o.id, o.name, $3, $4, $5, $6, \
         CASE WHEN p.id IS NOT NULL AND $3 = p.id THEN p.name END, $7, $8, $9 \
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

#[derive(Debug, Clone, super::FromRow)]
pub struct EntryRow {
    pub id: String,
    pub at: Millis,
    pub org_id: String,
    pub org_name: String,
    pub actor: String,
    pub actor_namespace: Option<String>,
    pub via: Option<String>,
    #[row(try_from = "String")]
    pub action: AuditAction,
    pub target: String,
    changes: String,
}

impl EntryRow {
    /// The stored changes; a row that does not decode fails loudly.
    pub fn changes(&self) -> Result<Vec<FieldChange>, super::Error> {
        serde_json::from_str(&self.changes)
            .map_err(|error| super::Error::decode(format!("audit_entries.changes of {}", self.id), error))
    }
}

/// Whose log: what happened in one org, or what a partner's people did in the partner org and
/// its children (acting for the partner, or with a login of the partner's namespace while
/// switched into a child); never what happened in any other org.
#[derive(Debug, Clone)]
pub enum Scope {
    InOrg(String),
    ByActingOrg(String),
}

/// The filters of a log. Text filters match a part of the field, ignoring case.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<AuditAction>,
    pub target: Option<String>,
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

const ENTRY_COLUMNS: &str = "id, at, org_id, org_name, actor, actor_namespace, via, action, target, changes";

impl Scope {
    fn sql(&self) -> (&'static str, &str) {
        match self {
            Self::InOrg(id) => ("org_id = $1", id),
            Self::ByActingOrg(id) => (
                "org_id IN (SELECT id FROM orgs WHERE id = $1 OR parent_id = $1) \
                 AND (acting_org_id = $1 OR actor_namespace = (SELECT 'org:' || slug FROM orgs WHERE id = $1))",
                id,
            ),
        }
    }
}

/// The WHERE clause of a filtered log: the scope is `$1`, the filters `$2` to `$6`. Every
/// filter is bound, a missing one as NULL, so one statement serves all of them.
fn filtered_sql(scope: &Scope) -> String {
    format!(
        "{} AND ($2 IS NULL OR LOWER(actor) LIKE $2 ESCAPE '\\') AND ($3 IS NULL OR action = $3) \
         AND ($4 IS NULL OR LOWER(target) LIKE $4 ESCAPE '\\') AND ($5 IS NULL OR at >= $5) \
         AND ($6 IS NULL OR at < $6)",
        scope.sql().0
    )
}

/// Binds the scope and the filters, in the order `filtered_sql` numbers them.
fn bind_filter<'q, O: super::FromRow>(
    query: super::QueryAs<'q, O>,
    scope: &'q Scope,
    filter: &'q Filter,
) -> super::QueryAs<'q, O> {
    query
        .bind(scope.sql().1)
        .bind(filter.actor.as_deref().map(contains))
        .bind(filter.action.map(AuditAction::key))
        .bind(filter.target.as_deref().map(contains))
        .bind(filter.from)
        .bind(filter.until)
}

/// Newest first.
pub async fn page(
    conn: &mut Conn,
    scope: &Scope,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<EntryPage, super::Error> {
    let (scope_sql, scope_id) = scope.sql();
    let total: i64 = super::query_scalar(&format!("SELECT COUNT(*) FROM audit_entries WHERE {scope_sql}"))
        .bind(scope_id)
        .fetch_one(&mut *conn)
        .await?;
    let where_sql = filtered_sql(scope);
    let count_sql = format!("SELECT COUNT(*) FROM audit_entries WHERE {where_sql}");
    let (filtered,): (i64,) = bind_filter(super::query_as(&count_sql), scope, filter).fetch_one(&mut *conn).await?;
    let rows_sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_entries WHERE {where_sql} ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8"
    );
    let rows =
        bind_filter(super::query_as(&rows_sql), scope, filter).bind(limit).bind(offset).fetch_all(&mut *conn).await?;
    Ok(EntryPage { total, filtered, rows })
}

/// Up to `limit` entries of the filtered log, newest first, after `after` (the last entry of
/// the previous chunk): an export reads the log chunk by chunk, never all of it at once.
pub async fn chunk(
    conn: &mut Conn,
    scope: &Scope,
    filter: &Filter,
    after: Option<&(Millis, String)>,
    limit: i64,
) -> Result<Vec<EntryRow>, super::Error> {
    let keyset =
        if after.is_some() { "AND (at < $7 OR (at = $7 AND id < $8))" } else { "AND $7 IS NULL AND $8 IS NULL" };
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_entries WHERE {} {keyset} ORDER BY at DESC, id DESC LIMIT $9",
        filtered_sql(scope)
    );
    bind_filter(super::query_as(&sql), scope, filter)
        .bind(after.map(|(at, _)| *at))
        .bind(after.map(|(_, id)| id.as_str()))
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// Deletes entries older than `before`; how many went.
pub async fn purge(conn: &mut Conn, before: Millis) -> Result<u64, super::Error> {
    Ok(super::query("DELETE FROM audit_entries WHERE at < $1").bind(before).execute(conn).await?.rows_affected())
}
