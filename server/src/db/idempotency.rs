//! Saved answers of create requests, by the caller's identity and their `Idempotency-Key`.

use super::Conn;
use crate::clock::Millis;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedResponse {
    pub request_hash: String,
    pub response_status: i64,
    pub response_body: String,
}

pub async fn find(conn: &mut Conn, identity_id: &str, key: &str) -> Result<Option<SavedResponse>, sqlx::Error> {
    sqlx::query_as(
        "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE identity_id = $1 AND idempotency_key = $2",
    )
    .bind(identity_id)
    .bind(key)
    .fetch_optional(conn)
    .await
}

/// Saves the answer; fails on the primary key when a concurrent request saved one first.
pub async fn save(conn: &mut Conn, identity_id: &str, key: &str, saved: &SavedResponse, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (identity_id, idempotency_key, request_hash, response_status, response_body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(identity_id)
    .bind(key)
    .bind(&saved.request_hash)
    .bind(saved.response_status)
    .bind(&saved.response_body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
