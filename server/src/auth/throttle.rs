//! Sign-in throttling. Failures are counted per email and per client address over a sliding
//! window; past the limit, sign-in is refused with 429 and Retry-After until the oldest failure
//! leaves the window. A person who mistypes once or twice is never slowed; a guesser gets five
//! tries per email per quarter hour. Counts live in the database, so every instance agrees.

use crate::clock::{Millis, MINUTE};
use crate::db::{sign_in_failures, Conn};
use crate::error::AppError;

pub const WINDOW: Millis = 15 * MINUTE;
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;

/// The counters one sign-in attempt touches.
pub struct Buckets {
    email: String,
    client: String,
}

impl Buckets {
    pub fn new(email_normalized: &str, client: &str) -> Self {
        Self { email: format!("email:{email_normalized}"), client: format!("client:{client}") }
    }

    /// Refuses the attempt when either counter is full.
    pub async fn check(&self, conn: &mut Conn, now: Millis) -> Result<(), AppError> {
        for (bucket, limit) in [(&self.email, MAX_FAILURES_PER_EMAIL), (&self.client, MAX_FAILURES_PER_CLIENT)] {
            let (count, oldest) = sign_in_failures::after(conn, bucket, now - WINDOW).await?;
            if count >= limit {
                let free_at = oldest.unwrap_or(now) + WINDOW;
                let wait_ms = u64::try_from(free_at - now).unwrap_or(0).max(1_000);
                let retry_after_secs = wait_ms.div_ceil(1_000);
                return Err(AppError::TooManyRequests { retry_after_secs });
            }
        }
        Ok(())
    }

    pub async fn record_failure(&self, conn: &mut Conn, now: Millis) -> Result<(), sqlx::Error> {
        sign_in_failures::record(conn, &self.email, now).await?;
        sign_in_failures::record(conn, &self.client, now).await?;
        sign_in_failures::prune(conn, now - WINDOW).await
    }

    /// A successful sign-in forgives the email's earlier typos (not the client's).
    pub async fn record_success(&self, conn: &mut Conn) -> Result<(), sqlx::Error> {
        sign_in_failures::clear(conn, &self.email).await
    }
}
