//! Throttling of credential guesses (sign-in, invitation links). Failures are counted per
//! email and per client address over a sliding window; past the limit, attempts are refused
//! with 429 and Retry-After until the oldest failure leaves the window. A person who mistypes
//! once or twice is never slowed; a guesser gets five tries per email per quarter hour.
//!
//! Every attempt first reserves a failure, in one transaction with the count and under the
//! buckets' lock rows, before any password is checked: concurrent guesses cannot all pass the
//! count at once. An attempt that succeeds takes its reservation back. Counts live in the
//! database, so every instance agrees.

use std::net::IpAddr;

use crate::clock::{Millis, MINUTE};
use crate::db::{sign_in_failures, Conn, Database};
use crate::error::AppError;
use crate::secrets::new_id;

pub const WINDOW: Millis = 15 * MINUTE;
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;

/// The counters one attempt touches, each with its limit, in the order their locks are taken.
pub struct Buckets(Vec<(String, i64)>);

/// An attempt that passed the count; it stays a failure unless it is `forgiven`.
#[must_use]
pub struct Attempt {
    id: String,
}

impl Buckets {
    /// A sign-in: the email's bucket and the client's.
    pub fn sign_in(email_normalized: &str, client: IpAddr) -> Self {
        Self(vec![
            (format!("email:{email_normalized}"), MAX_FAILURES_PER_EMAIL),
            (format!("client:{client}"), MAX_FAILURES_PER_CLIENT),
        ])
    }

    /// Using an invitation link: the client's own bucket for links.
    pub fn invitation(client: IpAddr) -> Self {
        Self(vec![(format!("invitation-client:{client}"), MAX_FAILURES_PER_CLIENT)])
    }

    /// Asking for a password-reset link: the email's bucket (so nobody floods one person's
    /// inbox) and the client's.
    pub fn reset_request(email_normalized: &str, client: IpAddr) -> Self {
        Self(vec![
            (format!("reset-email:{email_normalized}"), MAX_FAILURES_PER_EMAIL),
            (format!("reset-client:{client}"), MAX_FAILURES_PER_CLIENT),
        ])
    }

    /// Using a password-reset link: the client's own bucket for them.
    pub fn reset_link(client: IpAddr) -> Self {
        Self(vec![(format!("reset-link-client:{client}"), MAX_FAILURES_PER_CLIENT)])
    }

    /// Refuses the attempt when a counter is full; otherwise counts it as a failure until it
    /// is forgiven. Its own short transaction: nothing is held while the password is checked.
    pub async fn reserve(&self, db: &Database, now: Millis) -> Result<Attempt, AppError> {
        let mut tx = db.begin().await?;
        for (bucket, _) in &self.0 {
            sign_in_failures::lock(&mut tx, bucket).await?;
        }
        for (bucket, limit) in &self.0 {
            let (count, oldest) = sign_in_failures::after(&mut tx, bucket, now - WINDOW).await?;
            if count >= *limit {
                let free_at = oldest.unwrap_or(now) + WINDOW;
                let wait_ms = u64::try_from(free_at - now).unwrap_or(0).max(1_000);
                return Err(AppError::TooManyRequests { retry_after_secs: wait_ms.div_ceil(1_000) });
            }
        }
        let attempt = Attempt { id: new_id() };
        for (bucket, _) in &self.0 {
            sign_in_failures::record(&mut tx, bucket, &attempt.id, now).await?;
        }
        tx.commit().await?;
        Ok(attempt)
    }

    /// The attempt was not a failure (the credentials were right).
    pub async fn forgive(&self, conn: &mut Conn, attempt: Attempt) -> Result<(), sqlx::Error> {
        sign_in_failures::forget_attempt(conn, &attempt.id).await
    }

    /// A successful sign-in also forgives the email's earlier typos (not the client's).
    pub async fn forgive_email(&self, conn: &mut Conn, attempt: Attempt) -> Result<(), sqlx::Error> {
        self.forgive(conn, attempt).await?;
        for (bucket, _) in self.0.iter().filter(|(bucket, _)| bucket.starts_with("email:")) {
            sign_in_failures::clear(conn, bucket).await?;
        }
        Ok(())
    }
}
