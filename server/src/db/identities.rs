use super::Conn;
use crate::infra::clock::Millis;

#[derive(Debug, Clone, super::FromRow)]
pub struct IdentityRow {
    pub id: String,
    pub namespace: String,
    pub email: String,
    pub email_normalized: String,
    pub password_hash: Option<String>,
}

const COLUMNS: &str = "id, namespace, email, email_normalized, password_hash";

pub struct NewIdentity<'a> {
    pub id: &'a str,
    pub namespace: &'a str,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub password_hash: Option<&'a str>,
    pub created_at: Millis,
}

pub async fn insert(conn: &mut Conn, identity: &NewIdentity<'_>) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO identities (id, namespace, email, email_normalized, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(identity.id)
    .bind(identity.namespace)
    .bind(identity.email)
    .bind(identity.email_normalized)
    .bind(identity.password_hash)
    .bind(identity.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut Conn, id: &str) -> Result<Option<IdentityRow>, super::Error> {
    super::query_as(&format!("SELECT {COLUMNS} FROM identities WHERE id = $1")).bind(id).fetch_optional(conn).await
}

/// Every identity with this (normalized) email, in any namespace, by namespace.
pub async fn find_by_email(conn: &mut Conn, email_normalized: &str) -> Result<Vec<IdentityRow>, super::Error> {
    super::query_as(&format!("SELECT {COLUMNS} FROM identities WHERE email_normalized = $1 ORDER BY namespace"))
        .bind(email_normalized)
        .fetch_all(conn)
        .await
}

/// The password hash of another login of the same email as `identity_id`, if one has a
/// password: a new hash for this login shares its salt.
pub async fn sibling_hash(conn: &mut Conn, identity_id: &str) -> Result<Option<String>, super::Error> {
    super::query_scalar(
        "SELECT other.password_hash FROM identities me \
         JOIN identities other ON other.email_normalized = me.email_normalized AND other.id <> me.id \
         WHERE me.id = $1 AND other.password_hash IS NOT NULL ORDER BY other.namespace LIMIT 1",
    )
    .bind(identity_id)
    .fetch_optional(conn)
    .await
}

pub async fn set_password_hash(conn: &mut Conn, id: &str, hash: &str) -> Result<(), super::Error> {
    super::query("UPDATE identities SET password_hash = $1 WHERE id = $2").bind(hash).bind(id).execute(conn).await?;
    Ok(())
}
