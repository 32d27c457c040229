use super::Conn;
use crate::clock::Millis;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: Millis,
}

pub struct NewMessage<'a> {
    pub id: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub secret: bool,
}

/// What a delivered secret message's body becomes.
pub const REMOVED_BODY: &str = "(removed after delivery: it held a sign-in link)";

pub async fn enqueue(conn: &mut Conn, message: &NewMessage<'_>, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, recipient, subject, body, created_at, secret) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(message.id)
    .bind(message.recipient)
    .bind(message.subject)
    .bind(message.body)
    .bind(now)
    .bind(i64::from(message.secret))
    .execute(conn)
    .await?;
    Ok(())
}

/// Leases up to `limit` undelivered messages whose lease is free or lapsed. A message is
/// leased by one worker only, whichever instance it runs in.
pub async fn lease_pending(
    conn: &mut Conn,
    now: Millis,
    lease_until: Millis,
    limit: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    let candidates: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM outbox WHERE delivered_at IS NULL AND (lease_until IS NULL OR lease_until < $1) \
         ORDER BY created_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut leased = Vec::new();
    for id in candidates {
        let taken = sqlx::query(
            "UPDATE outbox SET lease_until = $1, attempts = attempts + 1 \
             WHERE id = $2 AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until < $3)",
        )
        .bind(lease_until)
        .bind(&id)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        if taken {
            let message = sqlx::query_as("SELECT id, recipient, subject, body, created_at FROM outbox WHERE id = $1")
                .bind(&id)
                .fetch_one(&mut *conn)
                .await?;
            leased.push(message);
        }
    }
    Ok(leased)
}

/// Marks the message delivered; a secret one loses its body, so no credential stays stored.
pub async fn mark_delivered(conn: &mut Conn, id: &str, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET delivered_at = $1, last_error = NULL, body = CASE WHEN secret = 1 THEN $3 ELSE body END WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .bind(REMOVED_BODY)
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps the message for another attempt after `retry_at`, with the reason this one failed.
pub async fn mark_failed(conn: &mut Conn, id: &str, error: &str, retry_at: Millis) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET lease_until = $1, last_error = $2 WHERE id = $3")
        .bind(retry_at)
        .bind(error)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
