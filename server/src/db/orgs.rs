use partner_center_domain::billing::BillingMode;
use partner_center_domain::validation::{Namespace, Slug};

use super::Conn;
use crate::infra::clock::Millis;

#[derive(Debug, Clone, super::FromRow)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    #[row(try_from = "String")]
    pub slug: Slug,
    pub parent_id: Option<String>,
    is_partner: i64,
    #[row(try_from = "String")]
    pub billing_mode: BillingMode,
    pub created_at: Millis,
    pub version: i64,
}

impl OrgRow {
    pub fn is_partner(&self) -> bool {
        self.is_partner != 0
    }

    pub fn namespace(&self) -> String {
        Namespace::of_slug(&self.slug).as_str().to_owned()
    }
}

pub struct NewOrg<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub slug: &'a Slug,
    pub parent_id: Option<&'a str>,
    pub is_partner: bool,
    pub billing_mode: BillingMode,
    pub created_at: Millis,
}

/// Inserts the org; returns the version it starts at.
pub async fn insert(conn: &mut Conn, org: &NewOrg<'_>) -> Result<i64, super::Error> {
    super::query_scalar(
        "INSERT INTO orgs (id, name, slug, parent_id, is_partner, billing_mode, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING version",
    )
    .bind(org.id)
    .bind(org.name)
    .bind(org.slug.as_str())
    .bind(org.parent_id)
    .bind(i64::from(org.is_partner))
    .bind(org.billing_mode.key())
    .bind(org.created_at)
    .fetch_one(conn)
    .await
}

const COLUMNS: &str = "id, name, slug, parent_id, is_partner, billing_mode, created_at, version";

pub async fn find(conn: &mut Conn, id: &str) -> Result<Option<OrgRow>, super::Error> {
    super::query_as(&format!("SELECT {COLUMNS} FROM orgs WHERE id = $1")).bind(id).fetch_optional(conn).await
}

pub async fn count(conn: &mut Conn) -> Result<i64, super::Error> {
    super::query_scalar("SELECT COUNT(*) FROM orgs").fetch_one(conn).await
}

/// The org that owns `namespace` (`org:<slug>`).
pub async fn owner_of_namespace(conn: &mut Conn, namespace: &str) -> Result<Option<OrgRow>, super::Error> {
    let Some(slug) = namespace.strip_prefix(Namespace::PREFIX) else {
        return Ok(None);
    };
    super::query_as(&format!("SELECT {COLUMNS} FROM orgs WHERE slug = $1")).bind(slug).fetch_optional(conn).await
}

pub async fn slug_taken(conn: &mut Conn, slug: &str) -> Result<bool, super::Error> {
    let found: Option<String> =
        super::query_scalar("SELECT id FROM orgs WHERE slug = $1").bind(slug).fetch_optional(conn).await?;
    Ok(found.is_some())
}

/// Renames an org edited from `version`; false when someone else's edit came first.
pub async fn rename(conn: &mut Conn, id: &str, version: i64, name: &str) -> Result<bool, super::Error> {
    let result = super::query("UPDATE orgs SET name = $1, version = version + 1 WHERE id = $2 AND version = $3")
        .bind(name)
        .bind(id)
        .bind(version)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Holds the org's row until the transaction ends, serialising edits that must see each
/// other (PostgreSQL locks the row; SQLite's write transaction holds the whole database).
pub async fn lock(conn: &mut Conn, id: &str) -> Result<(), super::Error> {
    super::query("UPDATE orgs SET version = version WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}
