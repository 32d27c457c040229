//! Outgoing mail. A message is first written to the `outbox` table inside the transaction that
//! causes it (so it exists exactly when the change does), then a worker delivers it: through
//! SMTP when configured, otherwise as an `.eml` file in the data directory's `outbox/` folder
//! that a person can open. A delivery that may work later (the server could not be reached, or
//! answered 4xx) stays in the table with its error and is retried, its whole recipient domain
//! backed off; after `MAX_ATTEMPTS` it is given up. A refusal for good (5xx: no such mailbox,
//! say) gives that message up at once and touches nothing else: one tenant's bad address never
//! holds back another tenant's mail to the same domain. A given-up invitation is shown on the
//! user it was for. Nothing is dropped silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use futures_util::future::BoxFuture;
use futures_util::{stream, StreamExt};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::db::{outbox, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::{rfc3339, Clock, Millis, HOUR, MINUTE, SECOND};
use crate::infra::lifecycle::Lifecycle;
use crate::infra::secrets::new_id;

/// How long one worker may hold a message before another may try it.
const LEASE: Millis = 2 * MINUTE;
/// Messages leased at once; a pass takes batches until the queue is empty.
const BATCH: i64 = 100;
/// Deliveries in flight at once within a batch.
const CONCURRENCY: usize = 8;
/// The wait after a domain's first failure; it doubles with each failure in a row, up to
/// `MAX_BACKOFF`.
const FIRST_BACKOFF: Millis = 30 * SECOND;
const MAX_BACKOFF: Millis = HOUR;
/// Attempts before a message that keeps failing for a passing reason is given up: with the
/// backoff above, about three hours.
pub const MAX_ATTEMPTS: i64 = 10;

/// How much mail one org's people may cause in a clock hour, unless configured otherwise.
pub const DEFAULT_PER_ORG_HOUR: u32 = 2_000;

/// The org whose people's action queues a message. Its messages take turns with other orgs',
/// and count against its hourly volume.
#[derive(Debug, Clone, Copy)]
pub struct Sender<'a> {
    pub org_id: &'a str,
    pub per_hour: u32,
}

/// What the mail an action causes needs: the sender, and the console's address for its links.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    pub sender: Sender<'a>,
    pub public_url: &'a str,
}

/// A message to send, plain text.
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The body holds a credential (an invitation link): the outbox forgets it once delivered.
    pub secret: bool,
}

/// Why a message was not queued.
#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    #[error("the org reached its hourly mail volume of {per_hour} messages")]
    OverLimit { per_hour: u32, next_hour: Millis },
    #[error(transparent)]
    Db(#[from] crate::db::Error),
}

impl From<EnqueueError> for AppError {
    fn from(error: EnqueueError) -> Self {
        match error {
            EnqueueError::OverLimit { per_hour, next_hour } => Self::refused(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "This organization has sent {per_hour} emails this hour, the most allowed. Nothing was saved; \
                     try again after {} UTC.",
                    &rfc3339(next_hour)[11..16]
                ),
            ),
            EnqueueError::Db(error) => error.into(),
        }
    }
}

/// Queues the console's own message (an invoice, a reminder, a password reset) in the caller's
/// transaction. Such mail has no volume limit; it takes its turns as one sender.
pub async fn enqueue(conn: &mut Conn, mail: &Mail<'_>, now: Millis) -> Result<(), crate::db::Error> {
    queue(conn, mail, None, None, now).await
}

/// Queues a message an action of `sender`'s people causes, in the caller's transaction;
/// refused once the sender has reached its hourly volume (the caller's transaction then rolls
/// back, the count included).
pub async fn enqueue_from(
    conn: &mut Conn,
    sender: Sender<'_>,
    mail: &Mail<'_>,
    now: Millis,
) -> Result<(), EnqueueError> {
    count_against(conn, sender, now).await?;
    Ok(queue(conn, mail, Some(sender.org_id), None, now).await?)
}

/// `enqueue_from` for an invitation to `user_id`: the user's page shows it if it is given up.
pub async fn enqueue_invitation(
    conn: &mut Conn,
    sender: Sender<'_>,
    user_id: &str,
    mail: &Mail<'_>,
    now: Millis,
) -> Result<(), EnqueueError> {
    count_against(conn, sender, now).await?;
    Ok(queue(conn, mail, Some(sender.org_id), Some(user_id), now).await?)
}

/// Counts one message against `sender`'s hourly volume; refused once it is reached. Also for
/// mail that is written later or never (an access request to a login that may not exist), so
/// the count does not tell which.
pub async fn count_against(conn: &mut Conn, sender: Sender<'_>, now: Millis) -> Result<(), EnqueueError> {
    let hour_start = now - now.rem_euclid(HOUR);
    if outbox::count_sent(conn, sender.org_id, hour_start).await? > i64::from(sender.per_hour) {
        return Err(EnqueueError::OverLimit { per_hour: sender.per_hour, next_hour: hour_start + HOUR });
    }
    Ok(())
}

async fn queue(
    conn: &mut Conn,
    mail: &Mail<'_>,
    sender_org_id: Option<&str>,
    about_user_id: Option<&str>,
    now: Millis,
) -> Result<(), crate::db::Error> {
    let message = outbox::NewMessage {
        id: &new_id(),
        recipient: mail.to,
        subject: mail.subject,
        body: mail.body,
        secret: mail.secret,
        sender_org_id,
        about_user_id,
    };
    outbox::enqueue(conn, &message, now).await
}

/// How long a domain with `failures` failures in a row is left alone.
fn backoff(failures: i64) -> Millis {
    let doublings = u32::try_from(failures.saturating_sub(1)).unwrap_or(u32::MAX).min(20);
    FIRST_BACKOFF.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

#[derive(Clone)]
pub enum Transport {
    /// Writes each message to `<dir>/<time>-<id>.eml`.
    Directory(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("could not build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("writing to the outbox directory: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Db(#[from] crate::db::Error),
}

impl MailError {
    /// Whether the message can never be delivered as it stands: the recipient's server refused
    /// it for good (5xx), or its address or content is unusable. Anything else (no connection, a
    /// 4xx, a full disk) may pass.
    fn is_permanent(&self) -> bool {
        match self {
            Self::Address(_) | Self::Build(_) => true,
            Self::Smtp(error) => error.is_permanent(),
            Self::Io(_) | Self::Db(_) => false,
        }
    }
}

impl Transport {
    /// SMTP from a URL such as `smtps://user:pass@smtp.example.com` or `smtp://127.0.0.1:2525`.
    pub fn smtp(url: &str) -> Result<Self, MailError> {
        Ok(Self::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build()))
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Directory(dir) => format!("the outbox directory {}", dir.display()),
            Self::Smtp(_) => "SMTP".to_owned(),
        }
    }

    async fn send(&self, from: &Mailbox, message: &outbox::MessageRow) -> Result<(), MailError> {
        let email = Message::builder()
            .from(from.clone())
            .to(message.recipient.parse()?)
            .subject(&message.subject)
            .header(ContentType::TEXT_PLAIN)
            // 8bit keeps links whole in the outbox files people read; lines too long for it fall
            // back to the encoding lettre picks (quoted-printable).
            .body(
                Body::new_with_encoding(message.body.clone(), ContentTransferEncoding::EightBit)
                    .unwrap_or_else(Body::new),
            )?;
        match self {
            Self::Directory(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let name = format!("{}-{}.eml", message.created_at, message.id);
                let partial = dir.join(format!(".{name}.partial"));
                write_private(&partial, &email.formatted()).await?;
                tokio::fs::rename(&partial, dir.join(name)).await?;
            }
            Self::Smtp(transport) => {
                transport.send(email).await?;
            }
        }
        Ok(())
    }
}

/// Writes a file only its owner can read: messages hold invitation links.
async fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await
}

/// What one batch did.
struct Batch {
    leased: i64,
    delivered: usize,
}

/// Writes the mail of requests recorded without it (an access request, a password reset), each
/// in its own transaction; returns how many it wrote. The modules that record such requests are
/// registered with the worker at start (`crate::MAIL_PRODUCERS`), so mail depends on none of them.
pub type Producer = for<'a> fn(&'a Database, &'a str, Millis) -> BoxFuture<'a, Result<usize, crate::db::Error>>;

/// Delivers what is pending; a failure is recorded on its message and retried later.
#[derive(Clone)]
pub struct Mailer {
    pub db: Database,
    pub clock: Clock,
    pub transport: Transport,
    pub from: Mailbox,
    /// The console's address, for links in the mail the worker writes itself.
    pub public_url: String,
    /// Run before each delivery pass.
    pub producers: &'static [Producer],
}

impl Mailer {
    /// One pass: writes the mail the producers' new requests call for,
    /// then delivers the outbox batch after batch until nothing deliverable is left; returns
    /// how many messages were delivered.
    pub async fn deliver_pending(&self) -> Result<usize, MailError> {
        let now = self.clock.now();
        for produce in self.producers {
            produce(&self.db, &self.public_url, now).await?;
        }
        let mut delivered = 0;
        loop {
            let batch = self.deliver_batch().await?;
            delivered += batch.delivered;
            if batch.leased < BATCH {
                return Ok(delivered);
            }
        }
    }

    /// Leases a batch in turn order, sends it with bounded concurrency, and records every
    /// outcome in one transaction. A passing failure backs off the recipient's whole domain; a
    /// permanent one, or the last attempt, gives that message up alone.
    async fn deliver_batch(&self) -> Result<Batch, MailError> {
        let now = self.clock.now();
        let leased = {
            let mut conn = self.db.conn().await?;
            outbox::lease_pending(&mut conn, now, now + LEASE, BATCH).await?
        };
        let leased_count = i64::try_from(leased.len()).unwrap_or(i64::MAX);
        let outcomes: Vec<(outbox::MessageRow, Result<(), MailError>)> = stream::iter(leased)
            .map(|message| async move {
                let outcome = self.transport.send(&self.from, &message).await;
                (message, outcome)
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;

        let done_at = self.clock.now();
        let mut failed: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut given_up = Vec::new();
        let mut reached = BTreeSet::new();
        let mut tx = self.db.begin().await?;
        let mut delivered = 0;
        for (message, outcome) in outcomes {
            match outcome {
                Ok(()) => {
                    outbox::mark_delivered(&mut tx, &message.id, done_at).await?;
                    reached.insert(message.recipient_domain);
                    delivered += 1;
                }
                Err(error) if error.is_permanent() => {
                    tracing::warn!(id = %message.id, domain = %message.recipient_domain, %error, "mail refused; given up");
                    given_up.push((message.id, error.to_string()));
                }
                Err(error) => {
                    if message.attempts >= MAX_ATTEMPTS {
                        tracing::warn!(id = %message.id, %error, "mail delivery failed {MAX_ATTEMPTS} times; given up");
                        given_up.push((message.id, format!("{error} (gave up after {MAX_ATTEMPTS} attempts)")));
                    } else {
                        tracing::warn!(id = %message.id, domain = %message.recipient_domain, %error, "mail delivery failed; will retry");
                        failed
                            .entry(message.recipient_domain.clone())
                            .or_default()
                            .push((message.id, error.to_string()));
                    }
                    // Either way the domain failed for a passing reason: it waits.
                    failed.entry(message.recipient_domain).or_default();
                }
            }
        }
        // Only domains with failures on record have anything to forget: usually none, so a
        // batch to a hundred domains does not write a hundred deletes.
        for domain in outbox::backed_off_domains(&mut tx).await? {
            if reached.contains(&domain) && !failed.contains_key(&domain) {
                outbox::clear_domain(&mut tx, &domain).await?;
            }
        }
        for (domain, messages) in failed {
            let retry_at = done_at + backoff(outbox::record_domain_failure(&mut tx, &domain).await?);
            outbox::back_off_domain(&mut tx, &domain, retry_at).await?;
            for (id, error) in messages {
                outbox::mark_failed(&mut tx, &id, &error, retry_at).await?;
            }
        }
        for (id, reason) in given_up {
            outbox::mark_given_up(&mut tx, &id, &reason, done_at).await?;
        }
        tx.commit().await?;
        Ok(Batch { leased: leased_count, delivered })
    }

    /// Runs `deliver_pending` every `every`, and at once whenever `wake` is notified, until the
    /// server stops.
    pub fn spawn(self, lifecycle: &Lifecycle, every: Duration, wake: Arc<Notify>) -> JoinHandle<()> {
        let woken = move || {
            let wake = wake.clone();
            async move { wake.notified().await }
        };
        lifecycle.spawn_worker(every, woken, move || {
            let mailer = self.clone();
            async move {
                if let Err(error) = mailer.deliver_pending().await {
                    tracing::warn!(%error, "mail worker pass failed");
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_domain_waits_longer_after_each_failure_in_a_row_up_to_an_hour() {
        assert_eq!(backoff(1), 30 * SECOND);
        assert_eq!(backoff(2), MINUTE);
        assert_eq!(backoff(3), 2 * MINUTE);
        assert_eq!(backoff(8), HOUR);
        assert_eq!(backoff(1_000), HOUR);
    }
}
