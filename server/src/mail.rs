//! Outgoing mail. A message is first written to the `outbox` table inside the transaction that
//! causes it (so it exists exactly when the change does), then a worker delivers it: through
//! SMTP when configured, otherwise as an `.eml` file in the data directory's `outbox/` folder
//! that a person can open. A failed delivery stays in the table with its error and is retried;
//! nothing is dropped.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::clock::{Clock, Millis, MINUTE, SECOND};
use crate::db::{outbox, Conn, Database};
use crate::secrets::new_id;
use crate::{membership_requests, password_resets};

/// How long one worker may hold a message before another may try it.
const LEASE: Millis = 2 * MINUTE;
const RETRY_AFTER: Millis = 30 * SECOND;
const BATCH: i64 = 20;

/// A message to send, plain text.
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The body holds a credential (an invitation link): the outbox forgets it once delivered.
    pub secret: bool,
}

/// Queues a message in the caller's transaction.
pub async fn enqueue(conn: &mut Conn, mail: &Mail<'_>, now: Millis) -> Result<(), sqlx::Error> {
    let message = outbox::NewMessage {
        id: &new_id(),
        recipient: mail.to,
        subject: mail.subject,
        body: mail.body,
        secret: mail.secret,
    };
    outbox::enqueue(conn, &message, now).await
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
    Db(#[from] sqlx::Error),
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

/// Delivers what is pending; a failure is recorded on its message and retried later.
#[derive(Clone)]
pub struct Mailer {
    pub db: Database,
    pub clock: Clock,
    pub transport: Transport,
    pub from: Mailbox,
    /// The console's address, for links in the mail the worker writes itself.
    pub public_url: String,
}

impl Mailer {
    /// One pass: writes the mail new access requests and password-reset requests call for,
    /// then delivers the outbox;
    /// returns how many messages were delivered.
    pub async fn deliver_pending(&self) -> Result<usize, MailError> {
        let now = self.clock.now();
        membership_requests::mail_new(&self.db, &self.public_url, now).await?;
        password_resets::mail_new(&self.db, &self.public_url, now).await?;
        let mut conn = self.db.conn().await?;
        let leased = outbox::lease_pending(&mut conn, now, now + LEASE, BATCH).await?;
        let mut delivered = 0;
        for message in leased {
            match self.transport.send(&self.from, &message).await {
                Ok(()) => {
                    outbox::mark_delivered(&mut conn, &message.id, self.clock.now()).await?;
                    delivered += 1;
                }
                Err(error) => {
                    tracing::warn!(id = %message.id, %error, "mail delivery failed; will retry");
                    outbox::mark_failed(&mut conn, &message.id, &error.to_string(), self.clock.now() + RETRY_AFTER)
                        .await?;
                }
            }
        }
        Ok(delivered)
    }

    /// Runs `deliver_pending` every `every`, and at once whenever `wake` is notified, until the
    /// process ends.
    pub fn spawn(self, every: Duration, wake: Arc<Notify>) {
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(every);
            loop {
                tokio::select! {
                    _ = ticker.tick() => {}
                    () = wake.notified() => {}
                }
                if let Err(error) = self.deliver_pending().await {
                    tracing::warn!(%error, "mail worker pass failed");
                }
            }
        });
    }
}
