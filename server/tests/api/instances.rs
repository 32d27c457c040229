//! Several servers on one database: what two instances do at the same moment. Each instance is
//! its own pool on the same database, as another server process has.

use partner_center_server::db::Database;
use partner_center_server::infra::clock::DAY;
use partner_center_server::infra::mail::{self, Mail, Mailer, Sender, Transport};
use partner_center_server::{services::billing_cycle, services::demo};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{fresh_database_url, TestApp};
use crate::partner_orgs::{form, partner};

fn mailer(app: &TestApp, db: Database) -> Mailer {
    Mailer {
        db,
        clock: app.clock.clone(),
        transport: Transport::Directory(app.outbox_dir()),
        from: "Partner Center <no-reply@partner-center.invalid>".parse().unwrap(),
        public_url: app.public_url.clone(),
        producers: &partner_center_server::MAIL_PRODUCERS,
    }
}

#[tokio::test]
async fn instances_starting_at_the_same_moment_apply_each_migration_once() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _) = fresh_database_url(dir.path()).await;
    let (a, b, c) = tokio::join!(Database::connect(&url), Database::connect(&url), Database::connect(&url));
    let (a, _b, _c) = (a.unwrap(), b.unwrap(), c.unwrap());
    let mut conn = a.conn().await.unwrap();
    let applied: Vec<(i64, i64)> = partner_center_server::db::query_as(
        "SELECT version, COUNT(*) FROM _sqlx_migrations GROUP BY version ORDER BY version",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap().count();
    assert_eq!(applied.len(), files, "every migration applied");
    assert!(applied.iter().all(|(_, times)| *times == 1), "each once: {applied:?}");
}

#[tokio::test]
async fn instances_starting_with_the_demo_at_the_same_moment_seed_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _) = fresh_database_url(dir.path()).await;
    let (a, b) = tokio::join!(Database::connect(&url), Database::connect(&url));
    let (a, b) = (a.unwrap(), b.unwrap());
    let now = 1_800_000_000_000;
    let public_url = "https://partners.example.test";
    let (first, second) = tokio::join!(
        demo::ensure(&a, now, public_url, Some("demo password"), dir.path()),
        demo::ensure(&b, now, public_url, Some("demo password"), dir.path()),
    );
    for started in [first, second] {
        assert_eq!(started.expect("both instances start").map(|sign_in| sign_in.email), Some(demo::EMAIL));
    }
    let mut conn = a.conn().await.unwrap();
    let (partners, logins): (i64, i64) = partner_center_server::db::query_as(
        "SELECT (SELECT COUNT(*) FROM orgs WHERE is_partner = 1), (SELECT COUNT(*) FROM identities WHERE email = $1)",
    )
    .bind(demo::EMAIL)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!((partners, logins), (1, 1), "one demo partner, one demo login");
}

#[tokio::test]
async fn two_instances_billing_at_once_issue_every_invoice_exactly_once() {
    let p = partner().await;
    for n in 0..8 {
        let mut body = form(&format!("Customer {n}"));
        body["trialDays"] = json!(1);
        body["adminEmail"] = json!(format!("admin{n}@customer.example"));
        let created = p.create(body).await;
        assert_eq!(created.status(), 201);
        let id = created.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let unlock = format!("/api/v1/partner/orgs/{id}/bench-unlock");
        assert_eq!(p.app.send(&p.client, Method::POST, &unlock, json!({})).await.status(), 200);
    }
    // The trial's end and two monthly periods after it: three invoices per org.
    p.app.clock.advance(DAY + 2 * 31 * DAY);
    let other = Database::connect(&p.app.database_url).await.unwrap();
    let (here, there) = tokio::join!(
        billing_cycle::issue_due_invoices(&p.app.db, &p.app.clock),
        billing_cycle::issue_due_invoices(&other, &p.app.clock),
    );
    assert_eq!(here.unwrap() + there.unwrap(), 24);
    let mut conn = p.app.db.conn().await.unwrap();
    let (invoices, periods, numbers): (i64, i64, i64) = partner_center_server::db::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT org_id || ':' || period_start), COUNT(DISTINCT number) FROM invoices",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!((invoices, periods, numbers), (24, 24, 24));
    let mailed: i64 =
        partner_center_server::db::query_scalar("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Invoice %'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(mailed, 24, "one mail per invoice: a losing attempt rolled its mail back");
}

#[tokio::test]
async fn two_instances_draining_the_outbox_at_once_deliver_every_message_once() {
    let p = partner().await;
    let mut conn = p.app.db.conn().await.unwrap();
    let sender = Sender { org_id: &p.org, per_hour: 10_000 };
    for n in 0..450 {
        let to = format!("person{n}@customer{}.example", n % 7);
        let message = Mail { to: &to, subject: "You're invited", body: "Hello.\n", secret: false };
        mail::enqueue_from(&mut conn, sender, &message, p.app.clock.now()).await.unwrap();
    }
    drop(conn);
    let other = Database::connect(&p.app.database_url).await.unwrap();
    let (one, two) = (mailer(&p.app, p.app.db.clone()), mailer(&p.app, other));
    let (here, there) = tokio::join!(one.deliver_pending(), two.deliver_pending());
    assert_eq!(here.unwrap() + there.unwrap(), 450, "each message leased by one instance only");
    assert_eq!(std::fs::read_dir(p.app.outbox_dir()).unwrap().count(), 450);
}
