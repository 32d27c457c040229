//! Mail delivery: the outbox directory by default, SMTP when configured, retries on failure.

use partner_center_server::clock::SECOND;
use partner_center_server::mail::{self, Mail, Mailer, Transport};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{spawn_app, TestApp, START};

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

/// A one-message SMTP server: answers every command and returns what DATA carried.
async fn smtp_sink() -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 sink ready\r\n").await.unwrap();
        let mut data = String::new();
        let mut in_data = false;
        while let Some(line) = lines.next_line().await.unwrap() {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    data.push_str(&line);
                    data.push('\n');
                }
                continue;
            }
            let reply: &[u8] = match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                "DATA" => {
                    in_data = true;
                    b"354 go ahead\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"250 ok\r\n",
            };
            write.write_all(reply).await.unwrap();
        }
        data
    });
    (url, handle)
}

#[tokio::test]
async fn mail_goes_through_smtp_when_configured() {
    let app = spawn_app().await;
    queue(&app, "ap@harborview.example").await;
    let (url, sink) = smtp_sink().await;
    assert_eq!(mailer(&app, Transport::smtp(&url).unwrap()).deliver_pending().await.unwrap(), 1);
    let data = sink.await.unwrap();
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
        sqlx::query_as("SELECT last_error, delivered_at FROM outbox").fetch_one(&mut *conn).await.unwrap();
    assert!(error.unwrap().starts_with("SMTP"));
    assert_eq!(delivered, None);

    let directory = mailer(&app, Transport::Directory(app.outbox_dir()));
    assert_eq!(directory.deliver_pending().await.unwrap(), 0, "not before the retry time");
    app.clock.advance(31 * SECOND);
    assert_eq!(directory.deliver_pending().await.unwrap(), 1);
}
