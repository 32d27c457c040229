//! Unlock events and the org API tokens that report them.

use super::Conn;
use crate::infra::clock::Millis;

pub async fn record(
    conn: &mut Conn,
    id: &str,
    org_id: &str,
    at: Millis,
    source: &str,
    door: Option<&str>,
    token_id: Option<&str>,
) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO unlock_events (id, org_id, occurred_at, source, door, token_id) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(org_id)
    .bind(at)
    .bind(source)
    .bind(door)
    .bind(token_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What reported the org's first unlock: its door, else the API token's name.
pub async fn first_source(conn: &mut Conn, org_id: &str) -> Result<Option<String>, super::Error> {
    let first: Option<(Option<String>, Option<String>)> = super::query_as(
        "SELECT u.door, t.name FROM unlock_events u LEFT JOIN org_api_tokens t ON t.id = u.token_id \
         WHERE u.org_id = $1 ORDER BY u.occurred_at, u.id LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await?;
    Ok(first.and_then(|(door, token)| door.or_else(|| token.map(|name| format!("API token “{name}”")))))
}

pub async fn count(conn: &mut Conn, org_id: &str) -> Result<i64, super::Error> {
    super::query_scalar("SELECT COUNT(*) FROM unlock_events WHERE org_id = $1").bind(org_id).fetch_one(conn).await
}

#[derive(Debug, Clone, super::FromRow)]
pub struct TokenRow {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub created_at: Millis,
    pub created_by: String,
    pub revoked_at: Option<Millis>,
    pub last_used_at: Option<Millis>,
}

const TOKEN: &str = "SELECT id, org_id, name, created_at, created_by, revoked_at, last_used_at FROM org_api_tokens";

pub async fn insert_token(conn: &mut Conn, token: &TokenRow, digest: &str) -> Result<(), super::Error> {
    super::query("INSERT INTO org_api_tokens (id, org_id, name, token_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&token.id)
        .bind(&token.org_id)
        .bind(&token.name)
        .bind(digest)
        .bind(token.created_at)
        .bind(&token.created_by)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn tokens(conn: &mut Conn, org_id: &str) -> Result<Vec<TokenRow>, super::Error> {
    super::query_as(&format!("{TOKEN} WHERE org_id = $1 ORDER BY created_at DESC, id"))
        .bind(org_id)
        .fetch_all(conn)
        .await
}

/// The live (not revoked) token with this digest.
pub async fn live_token(conn: &mut Conn, digest: &str) -> Result<Option<TokenRow>, super::Error> {
    super::query_as(&format!("{TOKEN} WHERE token_hash = $1 AND revoked_at IS NULL"))
        .bind(digest)
        .fetch_optional(conn)
        .await
}

pub async fn revoke(conn: &mut Conn, org_id: &str, id: &str, at: Millis) -> Result<bool, super::Error> {
    let result =
        super::query("UPDATE org_api_tokens SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL")
            .bind(at)
            .bind(id)
            .bind(org_id)
            .execute(conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn touch(conn: &mut Conn, id: &str, at: Millis) -> Result<(), super::Error> {
    super::query("UPDATE org_api_tokens SET last_used_at = $1 WHERE id = $2").bind(at).bind(id).execute(conn).await?;
    Ok(())
}
