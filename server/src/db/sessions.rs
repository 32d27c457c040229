use super::Conn;
use crate::clock::Millis;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub identity_id: String,
    pub acting_org_id: String,
    pub created_at: Millis,
    pub last_seen_at: Millis,
}

pub async fn insert(
    conn: &mut Conn,
    digest: &str,
    identity_id: &str,
    org_id: &str,
    now: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, identity_id, acting_org_id, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(digest)
    .bind(identity_id)
    .bind(org_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut Conn, digest: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as("SELECT identity_id, acting_org_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1")
        .bind(digest)
        .fetch_optional(conn)
        .await
}

pub async fn touch(conn: &mut Conn, digest: &str, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_acting_org(conn: &mut Conn, digest: &str, org_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET acting_org_id = $1 WHERE token_hash = $2")
        .bind(org_id)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, digest: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(digest).execute(conn).await?;
    Ok(())
}

/// Ends every session of a login (its password changed).
pub async fn delete_all_of(conn: &mut Conn, identity_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE identity_id = $1").bind(identity_id).execute(conn).await?;
    Ok(())
}

/// Deletes sessions past their idle or absolute limit; returns how many.
pub async fn purge(conn: &mut Conn, idle_before: Millis, created_before: Millis) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
        .bind(idle_before)
        .bind(created_before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
