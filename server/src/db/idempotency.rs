//! Saved answers of create requests, by the caller's identity, their acting org and their
//! `Idempotency-Key`. A key lives `KEY_LIFETIME`; the purge job removes older ones.

use super::Conn;
use crate::infra::clock::{Millis, DAY};

/// Longest key accepted.
pub const KEY_MAX_CHARS: usize = 200;
/// A key is visible ASCII, no spaces: what `is_valid_key` accepts, as the OpenAPI document says it.
pub const KEY_PATTERN: &str = "^[!-~]+$";

/// 1 to `KEY_MAX_CHARS` visible ASCII characters, so a key survives every proxy and log as sent.
pub fn is_valid_key(key: &str) -> bool {
    (1..=KEY_MAX_CHARS).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}
/// How long a key replays its first answer.
pub const KEY_LIFETIME: Millis = DAY;

#[derive(Debug, Clone, super::FromRow)]
pub struct SavedResponse {
    pub request_hash: String,
    #[row(try_from = "i64")]
    pub response_status: u16,
    pub response_body: String,
}

/// Whose key it is: one person acting in one org.
pub struct Owner<'a> {
    pub identity_id: &'a str,
    pub org_id: &'a str,
}

pub async fn find(
    conn: &mut Conn,
    owner: &Owner<'_>,
    key: &str,
    now: Millis,
) -> Result<Option<SavedResponse>, super::Error> {
    super::query_as(
        "SELECT request_hash, response_status, response_body FROM idempotency_keys \
         WHERE identity_id = $1 AND org_id = $2 AND idempotency_key = $3 AND created_at > $4",
    )
    .bind(owner.identity_id)
    .bind(owner.org_id)
    .bind(key)
    .bind(now - KEY_LIFETIME)
    .fetch_optional(conn)
    .await
}

/// Takes the key for a request about to do its work, before it does any: false when the key
/// is already someone's (a request that came first, committed; on PostgreSQL a twin still
/// running makes this wait for its end). An expired entry under the same key gives way. The
/// claim is part of the caller's transaction, so work that fails leaves the key unused.
pub async fn claim(
    conn: &mut Conn,
    owner: &Owner<'_>,
    key: &str,
    request_hash: &str,
    now: Millis,
) -> Result<bool, super::Error> {
    super::query("DELETE FROM idempotency_keys WHERE identity_id = $1 AND org_id = $2 AND idempotency_key = $3 AND created_at <= $4")
        .bind(owner.identity_id)
        .bind(owner.org_id)
        .bind(key)
        .bind(now - KEY_LIFETIME)
        .execute(&mut *conn)
        .await?;
    // The answer is written by `answer` once the work is done, in the same transaction: nobody
    // ever reads this placeholder.
    let claimed = super::query(
        "INSERT INTO idempotency_keys (identity_id, org_id, idempotency_key, request_hash, response_status, response_body, created_at) \
         VALUES ($1, $2, $3, $4, 0, '', $5) ON CONFLICT DO NOTHING",
    )
    .bind(owner.identity_id)
    .bind(owner.org_id)
    .bind(key)
    .bind(request_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Records the answer of the request that claimed the key.
pub async fn answer(conn: &mut Conn, owner: &Owner<'_>, key: &str, saved: &SavedResponse) -> Result<(), super::Error> {
    super::query(
        "UPDATE idempotency_keys SET response_status = $1, response_body = $2 \
         WHERE identity_id = $3 AND org_id = $4 AND idempotency_key = $5",
    )
    .bind(i64::from(saved.response_status))
    .bind(&saved.response_body)
    .bind(owner.identity_id)
    .bind(owner.org_id)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes keys past their lifetime; returns how many.
pub async fn purge(conn: &mut Conn, now: Millis) -> Result<u64, super::Error> {
    let done = super::query("DELETE FROM idempotency_keys WHERE created_at <= $1")
        .bind(now - KEY_LIFETIME)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_to_two_hundred_visible_ascii_characters() {
        assert!(is_valid_key("a"));
        assert!(is_valid_key(&"k".repeat(KEY_MAX_CHARS)));
        assert!(is_valid_key("550e8400-e29b-41d4-a716-446655440000"));
        for bad in ["", "a b", "tab\there", "é", &"k".repeat(KEY_MAX_CHARS + 1)] {
            assert!(!is_valid_key(bad), "{bad:?}");
        }
    }
}
