use super::Conn;
use crate::infra::clock::Millis;

#[derive(Debug, Clone, super::FromRow)]
pub struct MessageRow {
    pub id: String,
    pub recipient: String,
    pub recipient_domain: String,
    pub subject: String,
    pub body: String,
    pub created_at: Millis,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

pub struct NewMessage<'a> {
    pub id: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub secret: bool,
    pub sender_org_id: Option<&'a str>,
    /// The user an invitation is for; the latest one only keeps it.
    pub about_user_id: Option<&'a str>,
}

/// What a delivered secret message's body becomes.
pub const REMOVED_BODY: &str = "(removed after delivery: it held a sign-in link)";
/// What a given-up secret message's body becomes.
pub const GIVEN_UP_BODY: &str = "(removed when delivery was given up: it held a sign-in link)";

/// The part of an address after its last `@`, lower-cased: what a delivery failure is kept by.
fn domain_of(recipient: &str) -> String {
    recipient.rsplit_once('@').map_or(recipient, |(_, domain)| domain).to_ascii_lowercase()
}

/// Queues the message at the back of its sender's turns: one past the sender's last waiting
/// message, or, when it has none waiting, one past the oldest turn still waiting, so it is
/// delivered in the next round whoever else has thousands queued.
pub async fn enqueue(conn: &mut Conn, message: &NewMessage<'_>, now: Millis) -> Result<(), super::Error> {
    let senders_last: Option<i64> = match message.sender_org_id {
        Some(sender) => {
            super::query_scalar(
                "SELECT MAX(turn) FROM outbox WHERE sender_org_id = $1 AND delivered_at IS NULL AND failed_at IS NULL",
            )
            .bind(sender)
            .fetch_one(&mut *conn)
            .await?
        }
        None => super::query_scalar(
            "SELECT MAX(turn) FROM outbox WHERE sender_org_id IS NULL AND delivered_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(&mut *conn)
        .await?,
    };
    let turn = match senders_last {
        Some(last) => last + 1,
        None => {
            let oldest: Option<i64> =
                super::query_scalar("SELECT MIN(turn) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")
                    .fetch_one(&mut *conn)
                    .await?;
            oldest.unwrap_or(0) + 1
        }
    };
    if let Some(user_id) = message.about_user_id {
        // Only a user's latest invitation speaks for them: an earlier one given up no longer does.
        super::query("UPDATE outbox SET about_user_id = NULL WHERE about_user_id = $1")
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    super::query(
        "INSERT INTO outbox (id, recipient, recipient_domain, subject, body, created_at, secret, sender_org_id, turn, \
                             about_user_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(message.id)
    .bind(message.recipient)
    .bind(domain_of(message.recipient))
    .bind(message.subject)
    .bind(message.body)
    .bind(now)
    .bind(i64::from(message.secret))
    .bind(message.sender_org_id)
    .bind(turn)
    .bind(message.about_user_id)
    .execute(&mut *conn)
    .await?;
    conn.mail_queued();
    Ok(())
}

/// Counts one more message against `org_id`'s volume in the clock hour starting at
/// `hour_start`; returns the hour's count including it.
pub async fn count_sent(conn: &mut Conn, org_id: &str, hour_start: Millis) -> Result<i64, super::Error> {
    super::query_scalar(
        "INSERT INTO mail_volume (org_id, hour_start, messages) VALUES ($1, $2, 1) \
         ON CONFLICT (org_id, hour_start) DO UPDATE SET messages = mail_volume.messages + 1 RETURNING messages",
    )
    .bind(org_id)
    .bind(hour_start)
    .fetch_one(conn)
    .await
}

/// Leases up to `limit` waiting messages, in turn order, whose lease is free or lapsed and
/// whose domain is not backed off. One statement: a message is leased by one worker only,
/// whichever instance it runs in (the outer condition is checked again on the row it updates).
pub async fn lease_pending(
    conn: &mut Conn,
    now: Millis,
    lease_until: Millis,
    limit: i64,
) -> Result<Vec<MessageRow>, super::Error> {
    super::query_as(
        "UPDATE outbox SET lease_until = $1, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox \
                      WHERE delivered_at IS NULL AND failed_at IS NULL AND (lease_until IS NULL OR lease_until < $2) \
                        AND recipient_domain NOT IN (SELECT domain FROM mail_domain_backoff WHERE retry_at > $2) \
                      ORDER BY turn, created_at LIMIT $3) \
           AND delivered_at IS NULL AND failed_at IS NULL AND (lease_until IS NULL OR lease_until < $2) \
         RETURNING id, recipient, recipient_domain, subject, body, created_at, attempts",
    )
    .bind(lease_until)
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Marks the message delivered; a secret one loses its body, so no credential stays stored.
pub async fn mark_delivered(conn: &mut Conn, id: &str, now: Millis) -> Result<(), super::Error> {
    super::query(
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
pub async fn mark_failed(conn: &mut Conn, id: &str, error: &str, retry_at: Millis) -> Result<(), super::Error> {
    super::query("UPDATE outbox SET lease_until = $1, last_error = $2 WHERE id = $3")
        .bind(retry_at)
        .bind(error)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives the message up for good: never tried again, `error` kept as the reason people see.
/// A secret one loses its body: its link is of no use now.
pub async fn mark_given_up(conn: &mut Conn, id: &str, error: &str, now: Millis) -> Result<(), super::Error> {
    super::query(
        "UPDATE outbox SET failed_at = $1, last_error = $2, lease_until = NULL, \
         body = CASE WHEN secret = 1 THEN $4 ELSE body END WHERE id = $3",
    )
    .bind(now)
    .bind(error)
    .bind(id)
    .bind(GIVEN_UP_BODY)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records one more failure for `domain`; returns how many in a row it has had.
pub async fn record_domain_failure(conn: &mut Conn, domain: &str) -> Result<i64, super::Error> {
    super::query_scalar(
        "INSERT INTO mail_domain_backoff (domain, failures, retry_at) VALUES ($1, 1, 0) \
         ON CONFLICT (domain) DO UPDATE SET failures = mail_domain_backoff.failures + 1 RETURNING failures",
    )
    .bind(domain)
    .fetch_one(conn)
    .await
}

/// Holds every message to `domain` until `retry_at`.
pub async fn back_off_domain(conn: &mut Conn, domain: &str, retry_at: Millis) -> Result<(), super::Error> {
    super::query("UPDATE mail_domain_backoff SET retry_at = $1 WHERE domain = $2")
        .bind(retry_at)
        .bind(domain)
        .execute(conn)
        .await?;
    Ok(())
}

/// The domains with failures on record.
pub async fn backed_off_domains(conn: &mut Conn) -> Result<Vec<String>, super::Error> {
    super::query_scalar("SELECT domain FROM mail_domain_backoff").fetch_all(conn).await
}

/// A delivery to `domain` went through: its failures are forgotten.
pub async fn clear_domain(conn: &mut Conn, domain: &str) -> Result<(), super::Error> {
    super::query("DELETE FROM mail_domain_backoff WHERE domain = $1").bind(domain).execute(conn).await?;
    Ok(())
}

/// How many messages wait, and when the oldest of them was queued.
pub async fn waiting(conn: &mut Conn) -> Result<(i64, Option<Millis>), super::Error> {
    super::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")
        .fetch_one(conn)
        .await
}
