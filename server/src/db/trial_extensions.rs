//! Trial extensions (at most one per org) and the trial-end reminders sent.

use super::Conn;
use crate::infra::clock::Millis;

#[derive(Debug, Clone, super::FromRow)]
pub struct ExtensionRow {
    pub days: i64,
    pub reason: String,
    pub previous_end: Millis,
    pub extended_by: String,
    pub extended_at: Millis,
}

/// Records the org's extension and lengthens its trial by its days, unless the org already
/// has one: false then, and nothing changed.
pub async fn extend(conn: &mut Conn, org_id: &str, extension: &ExtensionRow) -> Result<bool, super::Error> {
    let inserted = super::query(
        "INSERT INTO trial_extensions (org_id, days, reason, previous_end, extended_by, extended_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id) DO NOTHING",
    )
    .bind(org_id)
    .bind(extension.days)
    .bind(&extension.reason)
    .bind(extension.previous_end)
    .bind(&extension.extended_by)
    .bind(extension.extended_at)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    super::query("UPDATE billing_profiles SET trial_extension_days = $1, version = version + 1 WHERE org_id = $2")
        .bind(extension.days)
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    super::billing::reset_next_invoice_to_trial_end(conn, org_id).await?;
    Ok(true)
}

pub async fn find(conn: &mut Conn, org_id: &str) -> Result<Option<ExtensionRow>, super::Error> {
    super::query_as(
        "SELECT days, reason, previous_end, extended_by, extended_at FROM trial_extensions WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await
}

/// A trial that ends within the reminder window, and the closest reminder already sent for
/// that end (in days before it), if any.
#[derive(Debug, Clone, super::FromRow)]
pub struct EndingTrial {
    pub org_id: String,
    pub parent_id: String,
    pub trial_days: i64,
    pub ends_at: Millis,
    pub closest_sent: Option<i64>,
}

/// Trials ending after `now` and by `until`, across every partner: a range of the trial-end
/// index, so a pass costs what is ending, not the whole portfolio.
pub async fn ending_between(conn: &mut Conn, now: Millis, until: Millis) -> Result<Vec<EndingTrial>, super::Error> {
    super::query_as(
        "SELECT l.org_id, l.parent_id, l.trial_days, l.status_key AS ends_at, \
         (SELECT MIN(r.days_before) FROM trial_reminders r WHERE r.org_id = l.org_id AND r.trial_ends_at = l.status_key) \
         AS closest_sent \
         FROM child_org_listing l WHERE l.status_key > $1 AND l.status_key <= $2",
    )
    .bind(now)
    .bind(until)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, super::FromRow)]
pub struct ReminderRow {
    pub trial_ends_at: Millis,
    pub days_before: i64,
    pub sent_at: Millis,
    /// Comma-separated.
    pub recipients: String,
}

/// Claims the reminder for this pass: false when another pass (on any server) already sent it.
pub async fn claim_reminder(conn: &mut Conn, org_id: &str, reminder: &ReminderRow) -> Result<bool, super::Error> {
    let inserted = super::query(
        "INSERT INTO trial_reminders (org_id, trial_ends_at, days_before, sent_at, recipients) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, trial_ends_at, days_before) DO NOTHING",
    )
    .bind(org_id)
    .bind(reminder.trial_ends_at)
    .bind(reminder.days_before)
    .bind(reminder.sent_at)
    .bind(&reminder.recipients)
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Newest first.
pub async fn reminders(conn: &mut Conn, org_id: &str) -> Result<Vec<ReminderRow>, super::Error> {
    super::query_as(
        "SELECT trial_ends_at, days_before, sent_at, recipients FROM trial_reminders WHERE org_id = $1 \
         ORDER BY sent_at DESC, days_before",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await
}
