//! Throttling of credential guesses (sign-in, invitation and reset links). Failures are counted
//! in buckets, each with its own limit; past it, attempts are refused with 429 and Retry-After.
//!
//! A sign-in counts against three buckets, so that nobody can lock a chosen person out and a
//! guesser still gets nowhere:
//! - **this email from this client** (an IPv6 client is its /64): three failures are free, then
//!   each attempt waits 15 s after the last failure, doubling with every further failure up to
//!   15 minutes. A person's own typos never slow them; one client's guesses slow only itself.
//! - **this email from anywhere**: 50 failures an hour. This stops a guess spread over many
//!   addresses; it also refuses the right password from a new client until the hour has passed
//!   or one of the org's Super Admins clears the login's failures (Users › the person).
//! - **this client, any email**: 20 failures a quarter hour, against one client trying many
//!   emails.
//!
//! Every attempt first reserves a failure, in one transaction with the count and under the
//! buckets' lock rows, before any password is checked: concurrent guesses cannot all pass the
//! count at once. An attempt that succeeds takes its reservation back. Counts live in the
//! database, so every instance agrees.

use std::net::IpAddr;

use crate::db::{sign_in_failures, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::{Millis, HOUR, MINUTE, SECOND};
use crate::infra::secrets::new_id;

/// How a bucket limits attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// At most `max` failures within `window`.
    Count { max: i64, window: Millis },
    /// `free` failures within `window` cost nothing; after them each attempt waits `first`
    /// after the last failure, doubled for every further failure, at most `window`.
    Growing { free: i64, first: Millis, window: Millis },
}

impl Limit {
    fn window(self) -> Millis {
        match self {
            Self::Count { window, .. } | Self::Growing { window, .. } => window,
        }
    }

    /// When the next attempt may be made, given the bucket's failures within the window, or
    /// `None` when it may be made now.
    pub fn next_attempt_at(self, failures: &Failures, now: Millis) -> Option<Millis> {
        let at = match self {
            Self::Count { max, window } if failures.count >= max => failures.oldest? + window,
            Self::Growing { free, first, window } if failures.count >= free => {
                let doublings = u32::try_from(failures.count - free).unwrap_or(u32::MAX).min(30);
                failures.newest? + first.saturating_mul(1 << doublings).min(window)
            }
            _ => return None,
        };
        (at > now).then_some(at)
    }
}

/// A bucket's failures within its window.
#[derive(Debug, Clone, Copy, Default)]
pub struct Failures {
    pub count: i64,
    pub oldest: Option<Millis>,
    pub newest: Option<Millis>,
}

pub const EMAIL_FROM_CLIENT: Limit = Limit::Growing { free: 3, first: 15 * SECOND, window: 15 * MINUTE };
pub const EMAIL: Limit = Limit::Count { max: 50, window: HOUR };
pub const CLIENT: Limit = Limit::Count { max: 20, window: 15 * MINUTE };
/// Reset links asked for one email: nobody floods one person's inbox.
pub const RESET_EMAIL: Limit = Limit::Count { max: 5, window: 15 * MINUTE };

/// The longest window: failures older than this count for nothing.
pub const LONGEST_WINDOW: Millis = HOUR;

/// One counter: its name, its limit, and the email it concerns (so a Super Admin can see and
/// clear a login's failures).
struct Bucket {
    name: String,
    limit: Limit,
    email: Option<String>,
}

/// The counters one attempt touches, in the order their locks are taken.
pub struct Buckets(Vec<Bucket>);

/// An attempt that passed the count; it stays a failure unless it is `forgiven`.
#[must_use]
pub struct Attempt {
    id: String,
}

/// What identifies a client for throttling: its address, or for IPv6 its /64, which one
/// subscriber usually holds whole.
pub fn client_key(client: IpAddr) -> String {
    match client.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
    }
}

/// The bucket of one email's failures from anywhere.
pub fn email_bucket(email_normalized: &str) -> String {
    format!("email:{email_normalized}")
}

impl Buckets {
    /// A sign-in: this email from this client, this email, and this client.
    pub fn sign_in(email_normalized: &str, client: IpAddr) -> Self {
        let client = client_key(client);
        let email = Some(email_normalized.to_owned());
        Self(vec![
            Bucket {
                name: format!("email-client:{client}:{email_normalized}"),
                limit: EMAIL_FROM_CLIENT,
                email: email.clone(),
            },
            Bucket { name: email_bucket(email_normalized), limit: EMAIL, email },
            Bucket { name: format!("client:{client}"), limit: CLIENT, email: None },
        ])
    }

    /// Using an invitation link: the client's own bucket for links.
    pub fn invitation(client: IpAddr) -> Self {
        Self::client_only("invitation-client", client)
    }

    /// Asking for a password-reset link: the email's bucket (so nobody floods one person's
    /// inbox) and the client's.
    pub fn reset_request(email_normalized: &str, client: IpAddr) -> Self {
        Self(vec![
            Bucket { name: format!("reset-email:{email_normalized}"), limit: RESET_EMAIL, email: None },
            Bucket { name: format!("reset-client:{}", client_key(client)), limit: CLIENT, email: None },
        ])
    }

    /// Using a password-reset link: the client's own bucket for them.
    pub fn reset_link(client: IpAddr) -> Self {
        Self::client_only("reset-link-client", client)
    }

    fn client_only(kind: &str, client: IpAddr) -> Self {
        Self(vec![Bucket { name: format!("{kind}:{}", client_key(client)), limit: CLIENT, email: None }])
    }

    /// Using an org API token (a door reporting an unlock): the client's own bucket for them.
    pub fn api_token(client: IpAddr) -> Self {
        Self::client_only("api-token-client", client)
    }

    /// A refusal when a counter is full, reading only.
    pub async fn check(&self, conn: &mut Conn, now: Millis) -> Result<(), AppError> {
        for bucket in &self.0 {
            let failures = sign_in_failures::after(conn, &bucket.name, now - bucket.limit.window()).await?;
            if let Some(free_at) = bucket.limit.next_attempt_at(&failures, now) {
                let wait_ms = u64::try_from(free_at - now).unwrap_or(0).max(1_000);
                return Err(AppError::TooManyRequests { retry_after_secs: wait_ms.div_ceil(1_000) });
            }
        }
        Ok(())
    }

    /// Refuses the attempt when a counter is full; otherwise counts it as a failure until it
    /// is forgiven. Its own short transaction: nothing is held while the password is checked.
    pub async fn reserve(&self, db: &Database, now: Millis) -> Result<Attempt, AppError> {
        let mut tx = db.begin().await?;
        for bucket in &self.0 {
            sign_in_failures::lock(&mut tx, &bucket.name).await?;
        }
        self.check(&mut tx, now).await?;
        let attempt = Attempt { id: new_id() };
        self.record(&mut tx, &attempt, now).await?;
        tx.commit().await?;
        Ok(attempt)
    }

    /// Counts a failure that was found out before anything was reserved (a token checked on a
    /// read, so that bad ones never queue for the write lock first).
    pub async fn count_failure(&self, db: &Database, now: Millis) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        self.record(&mut tx, &Attempt { id: new_id() }, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record(&self, conn: &mut Conn, attempt: &Attempt, now: Millis) -> Result<(), crate::db::Error> {
        for bucket in &self.0 {
            sign_in_failures::record(conn, &bucket.name, bucket.email.as_deref(), &attempt.id, now).await?;
        }
        Ok(())
    }

    /// The attempt was not a failure (the credentials were right).
    pub async fn forgive(&self, conn: &mut Conn, attempt: Attempt) -> Result<(), crate::db::Error> {
        sign_in_failures::forget_attempt(conn, &attempt.id).await
    }

    /// A successful sign-in also forgives this client's earlier typos for the email. Not the
    /// email's count from everywhere: a guesser elsewhere must not be reset by the person.
    pub async fn forgive_client(&self, conn: &mut Conn, attempt: Attempt) -> Result<(), crate::db::Error> {
        self.forgive(conn, attempt).await?;
        for bucket in self.0.iter().filter(|bucket| bucket.limit == EMAIL_FROM_CLIENT) {
            sign_in_failures::clear(conn, &bucket.name).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(count: i64, oldest: Millis, newest: Millis) -> Failures {
        Failures { count, oldest: Some(oldest), newest: Some(newest) }
    }

    #[test]
    fn three_failures_from_one_client_are_free_then_each_waits_twice_as_long() {
        let now = 100 * MINUTE;
        assert_eq!(EMAIL_FROM_CLIENT.next_attempt_at(&failures(2, now - MINUTE, now), now), None);
        assert_eq!(EMAIL_FROM_CLIENT.next_attempt_at(&failures(3, now - MINUTE, now), now), Some(now + 15 * SECOND));
        assert_eq!(EMAIL_FROM_CLIENT.next_attempt_at(&failures(4, now - MINUTE, now), now), Some(now + 30 * SECOND));
        assert_eq!(EMAIL_FROM_CLIENT.next_attempt_at(&failures(5, now - MINUTE, now), now), Some(now + MINUTE));
        assert_eq!(EMAIL_FROM_CLIENT.next_attempt_at(&failures(60, now - MINUTE, now), now), Some(now + 15 * MINUTE));
        let waited = now + 15 * SECOND;
        assert_eq!(EMAIL_FROM_CLIENT.next_attempt_at(&failures(3, now - MINUTE, now), waited), None);
    }

    #[test]
    fn a_counted_bucket_is_full_until_its_oldest_failure_leaves_the_window() {
        let now = 100 * MINUTE;
        assert_eq!(EMAIL.next_attempt_at(&failures(49, now - 10 * MINUTE, now), now), None);
        assert_eq!(EMAIL.next_attempt_at(&failures(50, now - 10 * MINUTE, now), now), Some(now + 50 * MINUTE));
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_an_ipv4_one_its_address() {
        assert_eq!(client_key("203.0.113.9".parse().unwrap()), "203.0.113.9");
        assert_eq!(client_key("::ffff:203.0.113.9".parse().unwrap()), "203.0.113.9");
        assert_eq!(client_key("2001:db8:1:2:aaaa::1".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(client_key("2001:db8:1:2:bbbb::9".parse().unwrap()), "2001:db8:1:2::/64");
    }
}
