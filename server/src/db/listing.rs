//! The Manage Organizations read model: `child_org_listing` and its search terms.

use partner_center_domain::child_org::ChildOrgSort;
use partner_center_domain::search;

use super::Conn;
use crate::clock::Millis;

/// Everything one row of the list shows, sorts or searches on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListingRow {
    pub org_id: String,
    pub parent_id: String,
    pub name: String,
    pub admin_name: Option<String>,
    pub admin_email: Option<String>,
    pub plan: String,
    pub plan_rank: i64,
    pub trial_days: i64,
    pub first_unlock_at: Option<Millis>,
    pub status_key: i64,
    pub reference_number: Option<String>,
    pub created_at: Millis,
}

const COLUMNS: &str = "org_id, parent_id, name, admin_name, admin_email, plan, plan_rank, trial_days, \
    first_unlock_at, status_key, reference_number, created_at";

/// Writes the row and its search terms anew.
pub async fn upsert(conn: &mut Conn, row: &ListingRow) -> Result<(), sqlx::Error> {
    let admin_key = format!(
        "{} {}",
        row.admin_name.as_deref().unwrap_or_default().to_lowercase(),
        row.admin_email.as_deref().unwrap_or_default().to_lowercase()
    );
    sqlx::query("DELETE FROM child_org_listing WHERE org_id = $1").bind(&row.org_id).execute(&mut *conn).await?;
    sqlx::query(&format!(
        "INSERT INTO child_org_listing ({COLUMNS}, name_key, admin_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(&row.org_id)
    .bind(&row.parent_id)
    .bind(&row.name)
    .bind(&row.admin_name)
    .bind(&row.admin_email)
    .bind(&row.plan)
    .bind(row.plan_rank)
    .bind(row.trial_days)
    .bind(row.first_unlock_at)
    .bind(row.status_key)
    .bind(&row.reference_number)
    .bind(row.created_at)
    .bind(row.name.to_lowercase())
    .bind(admin_key.trim())
    .execute(&mut *conn)
    .await?;

    sqlx::query("DELETE FROM child_org_search_terms WHERE org_id = $1").bind(&row.org_id).execute(&mut *conn).await?;
    let text = [Some(row.name.as_str()), row.admin_name.as_deref(), row.admin_email.as_deref(), row.reference_number.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut terms: Vec<String> = search::terms(&text).collect();
    terms.sort();
    terms.dedup();
    for term in terms {
        sqlx::query("INSERT INTO child_org_search_terms (parent_id, term, org_id) VALUES ($1, $2, $3)")
            .bind(&row.parent_id)
            .bind(&term)
            .bind(&row.org_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whether another child of `parent_id` already has this name, in any letter case.
pub async fn name_taken(conn: &mut Conn, parent_id: &str, name: &str, except_org: Option<&str>) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar("SELECT org_id FROM child_org_listing WHERE parent_id = $1 AND name_key = $2")
        .bind(parent_id)
        .bind(name.to_lowercase())
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some_and(|id| Some(id.as_str()) != except_org))
}

pub struct PageRequest<'a> {
    pub parent_id: &'a str,
    /// Query words; a row matches when each begins one of its terms.
    pub words: Vec<String>,
    pub sort: ChildOrgSort,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

pub struct PageResult {
    pub total: i64,
    pub filtered: i64,
    pub rows: Vec<ListingRow>,
}

fn order_by(sort: ChildOrgSort, descending: bool) -> String {
    let direction = if descending { "DESC" } else { "ASC" };
    match sort {
        // Names are unique per partner, so the name alone orders completely.
        ChildOrgSort::Name => format!("name_key {direction}"),
        ChildOrgSort::SuperAdmin => format!("admin_key {direction}, org_id {direction}"),
        ChildOrgSort::Status => format!("status_key {direction}, org_id {direction}"),
        ChildOrgSort::Plan => format!("plan_rank {direction}, org_id {direction}"),
        ChildOrgSort::Created => format!("created_at {direction}, org_id {direction}"),
    }
}

pub async fn page(conn: &mut Conn, request: &PageRequest<'_>) -> Result<PageResult, sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM child_org_listing WHERE parent_id = $1")
        .bind(request.parent_id)
        .fetch_one(&mut *conn)
        .await?;

    // $1 is the parent; each word adds its range bounds as the next parameters.
    let mut filter = String::new();
    let mut bounds: Vec<String> = Vec::new();
    for word in &request.words {
        let low = bounds.len() + 2;
        match search::successor(word) {
            Some(high) => {
                filter.push_str(&format!(
                    " AND org_id IN (SELECT org_id FROM child_org_search_terms WHERE parent_id = $1 AND term >= ${low} AND term < ${})",
                    low + 1
                ));
                bounds.push(word.clone());
                bounds.push(high);
            }
            None => {
                filter.push_str(&format!(
                    " AND org_id IN (SELECT org_id FROM child_org_search_terms WHERE parent_id = $1 AND term >= ${low})"
                ));
                bounds.push(word.clone());
            }
        }
    }

    let filtered = if request.words.is_empty() {
        total
    } else {
        let sql = format!("SELECT COUNT(*) FROM child_org_listing WHERE parent_id = $1{filter}");
        let mut query = sqlx::query_scalar(&sql).bind(request.parent_id);
        for bound in &bounds {
            query = query.bind(bound);
        }
        query.fetch_one(&mut *conn).await?
    };

    let next = bounds.len() + 2;
    let sql = format!(
        "SELECT {COLUMNS} FROM child_org_listing WHERE parent_id = $1{filter} ORDER BY {} LIMIT ${next} OFFSET ${}",
        order_by(request.sort, request.descending),
        next + 1
    );
    let mut query = sqlx::query_as(&sql).bind(request.parent_id);
    for bound in &bounds {
        query = query.bind(bound);
    }
    let rows = query.bind(request.limit).bind(request.offset).fetch_all(&mut *conn).await?;
    Ok(PageResult { total, filtered, rows })
}
