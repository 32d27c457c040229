//! "Forgot password?" requests (the email typed, nothing looked up) and the single-use links
//! the mail worker sends for them.

use super::Conn;
use crate::infra::clock::Millis;

/// A request the mail worker has not looked at yet.
#[derive(Debug, Clone, super::FromRow)]
pub struct RequestRow {
    pub id: String,
    pub email_normalized: String,
}

/// A link, with the login it resets.
#[derive(Debug, Clone, super::FromRow)]
pub struct ResetRow {
    pub identity_id: String,
    pub email: String,
    pub namespace: String,
    pub expires_at: Millis,
    pub used_at: Option<Millis>,
}

pub async fn insert_request(
    conn: &mut Conn,
    id: &str,
    email_normalized: &str,
    now: Millis,
) -> Result<(), super::Error> {
    super::query("INSERT INTO password_reset_requests (id, email_normalized, created_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(email_normalized)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    // The mail worker writes the request's mail.
    conn.mail_queued();
    Ok(())
}

/// Requests the mail worker has not looked at yet, oldest first.
pub async fn unmailed(conn: &mut Conn, limit: i64) -> Result<Vec<RequestRow>, super::Error> {
    super::query_as(
        "SELECT id, email_normalized FROM password_reset_requests WHERE mailed_at IS NULL \
         ORDER BY created_at, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Marks a request as looked at; `false` when another worker got there first.
pub async fn mark_mailed(conn: &mut Conn, id: &str, now: Millis) -> Result<bool, super::Error> {
    let done = super::query("UPDATE password_reset_requests SET mailed_at = $1 WHERE id = $2 AND mailed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert(
    conn: &mut Conn,
    digest: &str,
    identity_id: &str,
    now: Millis,
    expires_at: Millis,
) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO password_resets (token_hash, identity_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(digest)
    .bind(identity_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut Conn, digest: &str) -> Result<Option<ResetRow>, super::Error> {
    super::query_as(
        "SELECT r.identity_id, d.email, d.namespace, r.expires_at, r.used_at FROM password_resets r \
         JOIN identities d ON d.id = r.identity_id WHERE r.token_hash = $1",
    )
    .bind(digest)
    .fetch_optional(conn)
    .await
}

/// Marks a link used; `false` when it was used already (a second tab, a replay).
pub async fn mark_used(conn: &mut Conn, digest: &str, now: Millis) -> Result<bool, super::Error> {
    let done = super::query("UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(now)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the login's links not used yet: once a password is chosen, older mails stop working.
pub async fn revoke_unused(conn: &mut Conn, identity_id: &str) -> Result<u64, super::Error> {
    let done = super::query("DELETE FROM password_resets WHERE identity_id = $1 AND used_at IS NULL")
        .bind(identity_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes links that were used or have expired, and requests looked at before `looked_before`;
/// returns how many rows went.
pub async fn purge(conn: &mut Conn, now: Millis, looked_before: Millis) -> Result<u64, super::Error> {
    let links = super::query("DELETE FROM password_resets WHERE used_at IS NOT NULL OR expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let requests = super::query("DELETE FROM password_reset_requests WHERE mailed_at <= $1")
        .bind(looked_before)
        .execute(conn)
        .await?;
    Ok(links.rows_affected() + requests.rows_affected())
}
