//! Mail delivery: the outbox directory by default, SMTP when configured, retries on failure.

use std::sync::{Arc, Mutex};

use partner_center_domain::api::{ErrorBody, Page};
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserSummary;
use partner_center_server::db::outbox;
use partner_center_server::infra::clock::{HOUR, MINUTE, SECOND};
use partner_center_server::infra::mail::{self, Mail, Mailer, Sender, Transport};
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{spawn_app, spawn_app_with, TestApp, START};

async fn queue(app: &TestApp, to: &str) {
    let mut conn = app.db.conn().await.unwrap();
    mail::enqueue(&mut conn, &Mail { to, subject: "Invoice INV-1", body: "Your invoice.\n", secret: false }, START)
        .await
        .unwrap();
}

fn mailer(app: &TestApp, transport: Transport) -> Mailer {
    Mailer {
        db: app.db.clone(),
        clock: app.clock.clone(),
        transport,
        from: "Partner Center <billing@partner-center.invalid>".parse().unwrap(),
        public_url: app.public_url.clone(),
        producers: &partner_center_server::MAIL_PRODUCERS,
    }
}

#[tokio::test]
async fn queued_mail_lands_once_in_the_outbox_directory() {
    let app = spawn_app().await;
    queue(&app, "ap@harborview.example").await;
    let outbox = mailer(&app, Transport::Directory(app.outbox_dir()));
    assert_eq!(outbox.deliver_pending().await.unwrap(), 1);
    assert_eq!(outbox.deliver_pending().await.unwrap(), 0, "delivered mail is not sent again");
    let files: Vec<_> = std::fs::read_dir(app.outbox_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().unwrap(), "eml");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("To: ap@harborview.example"));
    assert!(text.contains("Subject: Invoice INV-1"));
    assert!(text.contains("Your invoice."));
}

#[tokio::test]
async fn mail_from_a_rolled_back_transaction_is_never_sent() {
    let app = spawn_app().await;
    let mut tx = app.db.begin().await.unwrap();
    mail::enqueue(&mut tx, &Mail { to: "ap@harborview.example", subject: "s", body: "b", secret: false }, START)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(mailer(&app, Transport::Directory(app.outbox_dir())).deliver_pending().await.unwrap(), 0);
}

/// How the test SMTP server answers a `RCPT TO:<address>`: a refusal line, or `None` to accept.
type Refusal = fn(&str) -> Option<&'static str>;

fn accept_all(_: &str) -> Option<&'static str> {
    None
}

/// An SMTP server for tests: takes any number of connections, answers each recipient as
/// `refuse` says, and keeps the text of every message it accepted.
async fn smtp_sink(refuse: Refusal) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let kept = accepted.clone();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::spawn(smtp_session(socket, refuse, kept.clone()));
        }
    });
    (url, accepted)
}

async fn smtp_session(socket: tokio::net::TcpStream, refuse: Refusal, accepted: Arc<Mutex<Vec<String>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ready\r\n").await.unwrap();
    let mut data = String::new();
    let mut in_data = false;
    while let Ok(Some(line)) = lines.next_line().await {
        if in_data {
            if line == "." {
                in_data = false;
                accepted.lock().unwrap().push(std::mem::take(&mut data));
                write.write_all(b"250 queued\r\n").await.unwrap();
            } else {
                data.push_str(&line);
                data.push('\n');
            }
            continue;
        }
        let command = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let refusal = if command == "RCPT" { refuse(&line.to_ascii_lowercase()) } else { None };
        let reply: &[u8] = match (command.as_str(), refusal) {
            (_, Some(refusal)) => refusal.as_bytes(),
            ("DATA", None) => {
                in_data = true;
                b"354 go ahead\r\n"
            }
            ("QUIT", None) => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.unwrap();
    }
}

#[tokio::test]
async fn mail_goes_through_smtp_when_configured() {
    let app = spawn_app().await;
    queue(&app, "ap@harborview.example").await;
    let (url, sink) = smtp_sink(accept_all).await;
    assert_eq!(mailer(&app, Transport::smtp(&url).unwrap()).deliver_pending().await.unwrap(), 1);
    let data = sink.lock().unwrap().concat();
    assert!(data.contains("To: ap@harborview.example"), "{data}");
    assert!(data.contains("Your invoice."));
    assert!(!app.outbox_dir().exists(), "nothing went to the directory");
}

#[tokio::test]
async fn a_failed_delivery_stays_queued_with_its_reason_and_is_retried() {
    let app = spawn_app().await;
    queue(&app, "ap@harborview.example").await;
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", closed.local_addr().unwrap());
    drop(closed);
    assert_eq!(mailer(&app, Transport::smtp(&url).unwrap()).deliver_pending().await.unwrap(), 0);
    let mut conn = app.db.conn().await.unwrap();
    let (error, delivered): (Option<String>, Option<i64>) =
        partner_center_server::db::query_as("SELECT last_error, delivered_at FROM outbox")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(error.unwrap().starts_with("SMTP"));
    assert_eq!(delivered, None);

    let directory = mailer(&app, Transport::Directory(app.outbox_dir()));
    assert_eq!(directory.deliver_pending().await.unwrap(), 0, "not before the retry time");
    app.clock.advance(31 * SECOND);
    assert_eq!(directory.deliver_pending().await.unwrap(), 1);
}

/// Queues `count` messages from `org` (to `<n>@<domain>`), as its people's actions would.
async fn queue_from(app: &TestApp, org: &str, domain: &str, count: usize) {
    let mut conn = app.db.conn().await.unwrap();
    let sender = Sender { org_id: org, per_hour: 1_000_000 };
    for n in 0..count {
        let to = format!("person{n}@{domain}");
        let mail = Mail { to: &to, subject: "You're invited", body: "Hello.\n", secret: false };
        mail::enqueue_from(&mut conn, sender, &mail, app.clock.now()).await.unwrap();
    }
}

async fn waiting(app: &TestApp) -> i64 {
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn one_orgs_bulk_mail_does_not_hold_back_another_orgs_message_by_more_than_a_batch() {
    let app = spawn_app().await;
    queue_from(&app, "bulk-partner", "bulk.example", 1_000).await;
    app.clock.advance(SECOND);
    queue_from(&app, "small-customer", "small.example", 1).await;
    let mut conn = app.db.conn().await.unwrap();
    let now = app.clock.now();
    let first_batch = outbox::lease_pending(&mut conn, now, now + MINUTE, 100).await.unwrap();
    assert_eq!(first_batch.len(), 100);
    assert!(
        first_batch.iter().any(|message| message.recipient == "person0@small.example"),
        "queued after 1,000 others, delivered in the first batch"
    );
    let bulk: Vec<&str> =
        first_batch.iter().map(|m| m.recipient.as_str()).filter(|r| r.ends_with("@bulk.example")).collect();
    assert_eq!(
        bulk[..3],
        ["person0@bulk.example", "person1@bulk.example", "person2@bulk.example"],
        "each org's own in order"
    );
}

#[tokio::test]
async fn a_pass_drains_the_whole_queue_in_batches_not_one_batch() {
    let app = spawn_app().await;
    queue_from(&app, "bulk-partner", "bulk.example", 450).await;
    let delivered = mailer(&app, Transport::Directory(app.outbox_dir())).deliver_pending().await.unwrap();
    assert_eq!(delivered, 450);
    assert_eq!(std::fs::read_dir(app.outbox_dir()).unwrap().count(), 450);
    assert_eq!(waiting(&app).await, 0);
}

#[tokio::test]
async fn a_domain_asking_to_try_later_is_backed_off_as_a_whole_while_other_domains_are_delivered() {
    let app = spawn_app().await;
    queue_from(&app, "partner", "down.example", 3).await;
    queue_from(&app, "partner", "up.example", 2).await;
    let (url, sink) = smtp_sink(|rcpt| rcpt.contains("@down.example>").then_some("451 try again later\r\n")).await;
    let smtp = mailer(&app, Transport::smtp(&url).unwrap());
    assert_eq!(smtp.deliver_pending().await.unwrap(), 2, "up.example's two");
    assert_eq!(sink.lock().unwrap().len(), 2);

    let mut conn = app.db.conn().await.unwrap();
    let held: Vec<(Option<i64>, Option<String>)> = partner_center_server::db::query_as(
        "SELECT lease_until, last_error FROM outbox WHERE recipient_domain = 'down.example' AND delivered_at IS NULL",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(held.len(), 3);
    for (retry_at, error) in &held {
        assert_eq!(*retry_at, Some(START + 30 * SECOND), "held for the first backoff");
        assert!(error.as_deref().unwrap().starts_with("SMTP"), "{error:?}");
    }
    drop(conn);

    // A new message to the domain waits for the domain, not just for itself.
    queue_from(&app, "other-org", "down.example", 1).await;
    app.clock.advance(10 * SECOND);
    assert_eq!(smtp.deliver_pending().await.unwrap(), 0);
    let mut conn = app.db.conn().await.unwrap();
    let attempts: i64 =
        partner_center_server::db::query_scalar("SELECT MAX(attempts) FROM outbox WHERE sender_org_id = 'other-org'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(attempts, 0, "not tried while the domain is backed off");
    drop(conn);

    // A second failure in a row doubles the wait; a delivery forgets the failures.
    app.clock.advance(21 * SECOND);
    assert_eq!(smtp.deliver_pending().await.unwrap(), 0);
    let mut conn = app.db.conn().await.unwrap();
    let (failures, retry_at): (i64, i64) = partner_center_server::db::query_as(
        "SELECT failures, retry_at FROM mail_domain_backoff WHERE domain = 'down.example'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!((failures, retry_at), (2, app.clock.now() + MINUTE));
    drop(conn);
    app.clock.advance(MINUTE + SECOND);
    assert_eq!(mailer(&app, Transport::Directory(app.outbox_dir())).deliver_pending().await.unwrap(), 4);
    let mut conn = app.db.conn().await.unwrap();
    let backed_off: i64 = partner_center_server::db::query_scalar("SELECT COUNT(*) FROM mail_domain_backoff")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(backed_off, 0);
}

#[tokio::test]
async fn an_org_past_its_hourly_mail_volume_is_refused_and_nothing_is_saved_until_the_next_hour() {
    let app = spawn_app_with(|state| state.mail_per_org_hour = 2).await;
    let org = app.org("Harbor View Dental", None, false).await;
    let admin = app.login(&org, "priya@harborview.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&admin).await;
    let add = |n: usize| {
        json!({ "firstName": "Sam", "lastName": format!("Ortiz {n}"), "email": format!("sam{n}@harborview.example"),
                "portalAccess": true, "roles": ["dashboard_read_only"] })
    };
    for n in 0..2 {
        assert_eq!(app.send(&client, Method::POST, "/api/v1/users", add(n)).await.status(), 201);
    }
    let count = |table: &'static str| {
        let db = app.db.clone();
        async move {
            let mut conn = db.conn().await.unwrap();
            partner_center_server::db::query_scalar::<i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut conn)
                .await
                .unwrap()
        }
    };
    let (users, queued) = (count("users").await, count("outbox").await);

    let refused = app.send(&client, Method::POST, "/api/v1/users", add(2)).await;
    assert_eq!(refused.status(), 429);
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(
        body.message,
        "This organization has sent 2 emails this hour, the most allowed. Nothing was saved; try again after 09:00 UTC."
    );
    assert_eq!((count("users").await, count("outbox").await), (users, queued), "no user, no mail");

    // Another org's people are not held back by this one's volume.
    let other = app.org("Lakeside Optics", None, false).await;
    let lee = app.login(&other, "lee@lakeside.example", &[Role::SuperAdmin]).await;
    let lee_client = app.signed_in(&lee).await;
    assert_eq!(app.send(&lee_client, Method::POST, "/api/v1/users", add(3)).await.status(), 201);

    app.clock.advance(HOUR);
    let client = app.signed_in(&admin).await;
    assert_eq!(app.send(&client, Method::POST, "/api/v1/users", add(2)).await.status(), 201, "a new hour");
}

/// The outbox rows to `recipient`: (given up at, last error, delivered at).
async fn outcome(app: &TestApp, recipient: &str) -> (Option<i64>, Option<String>, Option<i64>) {
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query_as("SELECT failed_at, last_error, delivered_at FROM outbox WHERE recipient = $1")
        .bind(recipient)
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

fn refuse_nobody(rcpt: &str) -> Option<&'static str> {
    rcpt.contains("<nobody@harborview.example>").then_some("550 5.1.1 no such mailbox\r\n")
}

#[tokio::test]
async fn a_mailbox_refused_for_good_fails_that_message_alone_and_its_domain_keeps_receiving() {
    let app = spawn_app().await;
    queue_from(&app, "harbor", "harborview.example", 1).await;
    queue(&app, "nobody@harborview.example").await;
    let (url, sink) = smtp_sink(refuse_nobody).await;
    let smtp = mailer(&app, Transport::smtp(&url).unwrap());
    assert_eq!(smtp.deliver_pending().await.unwrap(), 1);

    let (given_up, error, delivered) = outcome(&app, "nobody@harborview.example").await;
    assert_eq!((given_up, delivered), (Some(START), None), "given up at once, not retried");
    assert!(error.as_deref().unwrap().contains("550"), "{error:?}");
    let mut conn = app.db.conn().await.unwrap();
    let backed_off: i64 = partner_center_server::db::query_scalar("SELECT COUNT(*) FROM mail_domain_backoff")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(backed_off, 0, "one bad mailbox holds back nobody else's mail to the domain");
    drop(conn);

    queue_from(&app, "another-org", "harborview.example", 1).await;
    assert_eq!(smtp.deliver_pending().await.unwrap(), 1, "another tenant's message to the domain goes at once");
    app.clock.advance(2 * HOUR);
    assert_eq!(smtp.deliver_pending().await.unwrap(), 0, "the refused message is never tried again");
    assert_eq!(sink.lock().unwrap().len(), 2);
    assert_eq!(waiting(&app).await, 0);
}

#[tokio::test]
async fn a_message_failing_for_a_passing_reason_is_given_up_after_its_last_attempt() {
    let app = spawn_app().await;
    queue(&app, "ap@harborview.example").await;
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", closed.local_addr().unwrap());
    drop(closed);
    let smtp = mailer(&app, Transport::smtp(&url).unwrap());
    for attempt in 1..mail::MAX_ATTEMPTS {
        assert_eq!(smtp.deliver_pending().await.unwrap(), 0);
        let (given_up, _, _) = outcome(&app, "ap@harborview.example").await;
        assert_eq!(given_up, None, "still waiting after attempt {attempt}");
        app.clock.advance(HOUR + SECOND);
    }
    assert_eq!(smtp.deliver_pending().await.unwrap(), 0);
    let (given_up, error, _) = outcome(&app, "ap@harborview.example").await;
    assert_eq!(given_up, Some(app.clock.now()));
    assert!(error.as_deref().unwrap().ends_with("(gave up after 10 attempts)"), "{error:?}");
    let mut conn = app.db.conn().await.unwrap();
    let attempts: i64 =
        partner_center_server::db::query_scalar("SELECT attempts FROM outbox").fetch_one(&mut conn).await.unwrap();
    drop(conn);
    assert_eq!(attempts, mail::MAX_ATTEMPTS);
    app.clock.advance(2 * HOUR);
    let directory = mailer(&app, Transport::Directory(app.outbox_dir()));
    assert_eq!(directory.deliver_pending().await.unwrap(), 0, "given up: not sent even once delivery works");
}

#[tokio::test]
async fn an_invitation_refused_for_good_shows_on_the_user_until_a_new_one_is_sent() {
    let app = spawn_app().await;
    let org = app.org("Harbor View Dental", None, false).await;
    let admin = app.login(&org, "admin@harborview.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&admin).await;
    let user = json!({ "firstName": "No", "lastName": "Body", "email": "nobody@harborview.example",
        "portalAccess": true, "roles": ["dashboard_read_only"] });
    let created = app.send(&client, Method::POST, "/api/v1/users", user).await;
    assert_eq!(created.status(), 201);
    let id = created.json::<UserSummary>().await.unwrap().id;
    let (url, _) = smtp_sink(refuse_nobody).await;
    mailer(&app, Transport::smtp(&url).unwrap()).deliver_pending().await.unwrap();

    let shown: UserSummary = app.get(&client, &format!("/api/v1/users/{id}")).await.json().await.unwrap();
    let reason = shown.invitation_undelivered.expect("the failure shows on the user");
    assert!(reason.contains("550") && reason.contains("no such mailbox"), "{reason}");
    let listed: Page<UserSummary> = app.get(&client, "/api/v1/users?q=nobody").await.json().await.unwrap();
    assert_eq!(listed.data[0].invitation_undelivered.as_deref(), Some(reason.as_str()));

    let resent = app.send(&client, Method::POST, &format!("/api/v1/users/{id}/invitation"), json!({})).await;
    assert_eq!(resent.status(), 200);
    assert_eq!(resent.json::<UserSummary>().await.unwrap().invitation_undelivered, None, "a new one is on its way");
}

#[tokio::test]
async fn the_mail_worker_is_woken_when_queued_mail_commits_never_before_or_on_rollback() {
    use futures_util::FutureExt;

    let app = spawn_app().await;
    let woken = app.db.mail_committed();
    let mail = Mail { to: "ap@example.test", subject: "Invoice INV-1", body: "Your invoice.\n", secret: false };

    let mut tx = app.db.begin().await.unwrap();
    mail::enqueue(&mut tx, &mail, START).await.unwrap();
    assert!(woken.notified().now_or_never().is_none(), "not while the transaction is open");
    tx.rollback().await.unwrap();
    assert!(woken.notified().now_or_never().is_none(), "rolled back, nothing to deliver");

    let mut tx = app.db.begin().await.unwrap();
    mail::enqueue(&mut tx, &mail, START).await.unwrap();
    tx.commit().await.unwrap();
    assert!(woken.notified().now_or_never().is_some(), "woken by the commit");

    queue(&app, "ops@example.test").await;
    assert!(woken.notified().now_or_never().is_some(), "outside a transaction, woken at once");
}

#[tokio::test]
async fn a_password_reset_request_wakes_the_mail_worker_which_writes_its_mail() {
    use futures_util::FutureExt;

    let app = spawn_app().await;
    let woken = app.db.mail_committed();
    let asked = app
        .send(&crate::helpers::browser(), Method::POST, "/api/v1/password-resets", json!({ "email": "x@example.test" }))
        .await;
    assert_eq!(asked.status(), 204);
    assert!(woken.notified().now_or_never().is_some(), "the worker is told at once, not at its next poll");
}
