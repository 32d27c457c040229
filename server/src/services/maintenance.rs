//! The purge job: what has outlived its use is deleted, so the tables holding credentials and
//! replays stay small and hold nothing that still works after its time. Safe on any number of
//! instances at once (each pass is a few idempotent deletes).

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::auth::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use crate::auth::throttle::LONGEST_WINDOW;
use crate::db::{
    access_requests, audit_log, idempotency, invitations, password_resets, sessions, sign_in_failures, Database,
};
use crate::infra::clock::{Clock, Millis, DAY};
use crate::infra::lifecycle::Lifecycle;

/// What one pass removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub invitations: u64,
    pub idempotency_keys: u64,
    pub sign_in_failures: u64,
    pub audit_entries: u64,
    pub access_requests: u64,
    pub password_resets: u64,
}

/// Deletes sessions past their idle or absolute limit, invitations used or expired,
/// idempotency keys over 24 hours old, sign-in failures out of the throttle's window, audit
/// entries older than `audit_retention`, access requests left unanswered past their expiry, and
/// password-reset links used or expired (with the requests answered a day ago).
pub async fn purge(db: &Database, now: Millis, audit_retention: Millis) -> Result<Purged, crate::db::Error> {
    let mut tx = db.begin().await?;
    let purged = Purged {
        sessions: sessions::purge(&mut tx, now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT).await?,
        invitations: invitations::purge(&mut tx, now).await?,
        idempotency_keys: idempotency::purge(&mut tx, now).await?,
        sign_in_failures: sign_in_failures::purge(&mut tx, now - LONGEST_WINDOW).await?,
        audit_entries: audit_log::purge(&mut tx, now - audit_retention).await?,
        access_requests: access_requests::purge(&mut tx, now).await?,
        password_resets: password_resets::purge(&mut tx, now, now - DAY).await?,
    };
    tx.commit().await?;
    Ok(purged)
}

/// Runs `purge` every `every` until the server stops.
pub fn spawn(
    lifecycle: &Lifecycle,
    db: Database,
    clock: Clock,
    every: Duration,
    audit_retention: Millis,
) -> JoinHandle<()> {
    lifecycle.spawn_worker(every, std::future::pending, move || {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            match purge(&db, clock.now(), audit_retention).await {
                Ok(purged) if purged != Purged::default() => {
                    tracing::info!(?purged, "purged expired records")
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "purge pass failed"),
            }
        }
    })
}
