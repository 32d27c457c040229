//! Benchmark (not a test) of the background jobs at scale, on a fresh SQLite database (or
//! `DATABASE_URL`):
//! - the billing pass over BILLING_ORGS orgs past their first unlock with nothing due;
//! - the pass issuing DUE invoices while a user write runs every 5 ms, with how long those
//!   writes waited;
//! - the mail worker draining MAIL messages one org queued (and one another org queued after
//!   them) into the outbox directory.
//!
//! `cargo run --release -p partner-center-server --example bench_jobs -- [BILLING_ORGS] [DUE] [MAIL]`
//! (100000 10000 10000). The orgs are written in bulk SQL: what is measured is the jobs, not the
//! seeding.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use partner_center_server::db::Database;
use partner_center_server::infra::clock::{Clock, Millis, DAY};
use partner_center_server::infra::mail::{self, Mail, Mailer, Sender, Transport};
use partner_center_server::services::billing_cycle;

/// 2027-03-01T00:00:00Z: the benchmark's fixed now.
const NOW: Millis = 1_803_686_400_000;
const PARTNER: &str = "bench-partner";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = |n: usize, default: usize| -> Result<usize, Box<dyn std::error::Error>> {
        Ok(std::env::args().nth(n).map(|v| v.parse()).transpose()?.unwrap_or(default))
    };
    let (orgs, due, messages) = (arg(1, 100_000)?, arg(2, 10_000)?, arg(3, 10_000)?);
    let dir = tempfile::tempdir()?;
    let url = match std::env::var("DATABASE_URL") {
        Ok(server) => fresh_postgres_database(&server).await?,
        Err(_) => format!("sqlite://{}?mode=rwc", dir.path().join("jobs.db").display()),
    };
    let db = Database::connect(&url).await?;
    let clock = Clock::manual(NOW);
    let started = Instant::now();
    seed_billing_orgs(&db, orgs).await?;
    println!("backend: {}", db.backend().name());
    println!("seeded {orgs} billing orgs in {:.1} s", started.elapsed().as_secs_f64());

    let mut idle = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let issued = billing_cycle::issue_due_invoices(&db, &clock).await?;
        idle.push(started.elapsed());
        assert_eq!(issued, 0, "nothing is due yet");
    }
    idle.sort();
    println!(
        "billing pass, {orgs} billing orgs, nothing due: median {:.2} ms, slowest {:.2} ms (7 passes)",
        ms(idle[3]),
        ms(idle[6])
    );

    make_due(&db, due).await?;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(user_writes(db.clone(), stop.clone()));
    let started = Instant::now();
    let issued = billing_cycle::issue_due_invoices(&db, &clock).await?;
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let mut waits = writer.await??;
    waits.sort();
    println!(
        "billing pass issuing {issued} invoices: {:.1} s ({:.0} invoices/s)",
        took.as_secs_f64(),
        issued as f64 / took.as_secs_f64()
    );
    println!(
        "user writes during it: {} writes, p50 {:.1} ms, p99 {:.1} ms, longest {:.1} ms",
        waits.len(),
        ms(percentile(&waits, 0.50)),
        ms(percentile(&waits, 0.99)),
        ms(*waits.last().unwrap_or(&Duration::ZERO))
    );

    drain_mail(&db, &clock, dir.path(), messages).await?;
    db.close().await;
    Ok(())
}

/// A new, empty database on the PostgreSQL server of `url`, so the jobs never meet what
/// another benchmark seeded there.
async fn fresh_postgres_database(url: &str) -> Result<String, partner_center_server::db::Error> {
    use sqlx::Connection;
    let name = format!("bench_jobs_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(url).await?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A partner and `count` child orgs, each unlocked within the last ten days with a 14-day trial
/// (so none is due), on the Essentials plan in USD, monthly.
async fn seed_billing_orgs(db: &Database, count: usize) -> Result<(), partner_center_server::db::Error> {
    let mut tx = db.begin().await?;
    partner_center_server::db::query(
        "INSERT INTO orgs (id, name, slug, parent_id, is_partner, billing_mode, created_at) \
         VALUES ($1, 'Bench Partner', 'bench-partner', NULL, 1, 'partner_invoiced', $2)",
    )
    .bind(PARTNER)
    .bind(NOW - 30 * DAY)
    .execute(&mut tx)
    .await?;
    let numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)";
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    partner_center_server::db::query(&format!(
        "{numbers} INSERT INTO orgs (id, name, slug, parent_id, is_partner, billing_mode, created_at) \
         SELECT 'org-' || (1000000 + i), 'Customer ' || i, 'customer-' || i, $2, 0, 'partner_invoiced', $3 FROM n"
    ))
    .bind(count)
    .bind(PARTNER)
    .bind(NOW - 20 * DAY)
    .execute(&mut tx)
    .await?;
    partner_center_server::db::query(&format!(
        "{numbers} INSERT INTO billing_profiles \
           (org_id, billing_mode, ap_email, trial_days, first_unlock_at, next_invoice_at) \
         SELECT 'org-' || (1000000 + i), 'partner_invoiced', 'ap' || i || '@customer.example', 14, \
                $2 - (i % 10) * $3, $2 - (i % 10) * $3 + 14 * $3 FROM n"
    ))
    .bind(count)
    .bind(NOW)
    .bind(DAY)
    .execute(&mut tx)
    .await?;
    partner_center_server::db::query(&format!(
        "{numbers} INSERT INTO subscriptions (org_id, plan, currency, plan_length, created_at) \
         SELECT 'org-' || (1000000 + i), 'essentials', 'USD', 'monthly', $2 FROM n"
    ))
    .bind(count)
    .bind(NOW - 20 * DAY)
    .execute(&mut tx)
    .await?;
    tx.commit().await
}

/// Ends the trial of the first `due` orgs a day ago, as time passing would.
async fn make_due(db: &Database, due: usize) -> Result<(), partner_center_server::db::Error> {
    let mut tx = db.begin().await?;
    partner_center_server::db::query(
        "UPDATE billing_profiles SET first_unlock_at = $1 - 15 * $2, next_invoice_at = $1 - $2 \
         WHERE org_id IN (SELECT id FROM orgs WHERE parent_id = $3 ORDER BY id LIMIT $4)",
    )
    .bind(NOW)
    .bind(DAY)
    .bind(PARTNER)
    .bind(i64::try_from(due).unwrap_or(i64::MAX))
    .execute(&mut tx)
    .await?;
    tx.commit().await
}

/// A short user write (a transaction that takes the write lock) every 5 ms until `stop`;
/// returns how long each took from asking to commit.
async fn user_writes(db: Database, stop: Arc<AtomicBool>) -> Result<Vec<Duration>, partner_center_server::db::Error> {
    let mut waits = Vec::new();
    let mut every = tokio::time::interval(Duration::from_millis(5));
    while !stop.load(Ordering::Relaxed) {
        every.tick().await;
        let started = Instant::now();
        let mut tx = db.begin().await?;
        partner_center_server::db::query("UPDATE orgs SET version = version + 1 WHERE id = $1")
            .bind(PARTNER)
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        waits.push(started.elapsed());
    }
    Ok(waits)
}

/// Marks what the pass queued as sent, queues `count` invitations from the partner and then one
/// from another org, and times the mail worker delivering them all to the outbox directory.
async fn drain_mail(
    db: &Database,
    clock: &Clock,
    dir: &std::path::Path,
    count: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut tx = db.begin().await?;
    partner_center_server::db::query("UPDATE outbox SET delivered_at = $1 WHERE delivered_at IS NULL")
        .bind(NOW)
        .execute(&mut tx)
        .await?;
    let bulk = Sender { org_id: PARTNER, per_hour: u32::MAX };
    for n in 0..count {
        let to = format!("admin{n}@customer{}.example", n % 97);
        let mail = Mail {
            to: &to,
            subject: "You're invited to Partner Center",
            body: "Hello,\n\nSet your password: http://bench.invalid/invitations/x\n",
            secret: true,
        };
        mail::enqueue_from(&mut tx, bulk, &mail, NOW).await?;
    }
    let other = Sender { org_id: "org-1000001", per_hour: u32::MAX };
    let mail = Mail { to: "new.person@another.example", subject: "You're invited", body: "Hello.\n", secret: true };
    mail::enqueue_from(&mut tx, other, &mail, NOW + 1).await?;
    tx.commit().await?;

    let outbox = dir.join("outbox");
    let mailer = Mailer {
        db: db.clone(),
        clock: clock.clone(),
        transport: Transport::Directory(outbox.clone()),
        from: "Partner Center <no-reply@partner-center.invalid>".parse()?,
        public_url: "http://bench.invalid".to_owned(),
        producers: &partner_center_server::MAIL_PRODUCERS,
    };
    let started = Instant::now();
    let delivered = mailer.deliver_pending().await?;
    let took = started.elapsed();
    println!(
        "mail: {delivered} queued messages delivered to the outbox directory in {:.1} s ({:.0} messages/s)",
        took.as_secs_f64(),
        delivered as f64 / took.as_secs_f64()
    );
    let mut written: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&outbox)?
        .map(|entry| {
            let entry = entry?;
            Ok((entry.metadata()?.modified()?, std::fs::read_to_string(entry.path())?))
        })
        .collect::<std::io::Result<_>>()?;
    written.sort_by_key(|(at, _)| *at);
    if let Some(place) = written.iter().position(|(_, text)| text.contains("To: new.person@another.example")) {
        println!(
            "mail: the other org's one message, queued after {count} of the partner's, was written {} of {}",
            place + 1,
            written.len()
        );
    }
    Ok(())
}
