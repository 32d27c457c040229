//! Benchmark (not a test): seeds a partner with many child orgs on a fresh SQLite database
//! (or `DATABASE_URL`), two thirds of them unlocked (a mix of trialing and billing), then
//! measures over real HTTP `GET /api/v1/partner/orgs` — a page of 50, sorted on every column
//! both ways, deep pages, and searched — the partner home, and the CSV export of every org and
//! of a filtered view; it prints latency percentiles per scenario and the throughput of
//! concurrent clients.
//!
//! `cargo run --release -p partner-center-server --example bench_orgs_list -- [ORGS]`
//! (scripts/bench-orgs-list.sh). ORGS defaults to 100000.

use std::sync::Arc;
use std::time::{Duration, Instant};

use partner_center_domain::child_org::NewChildOrg;
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use partner_center_domain::validation::Slug;
use partner_center_server::clock::Clock;
use partner_center_server::db::identities::{self, NewIdentity};
use partner_center_server::db::orgs::{self, NewOrg};
use partner_center_server::db::users::{self, NewUser};
use partner_center_server::db::Database;
use partner_center_server::secrets::{hash_password, new_id};
use partner_center_server::spa::SpaAssets;
use partner_center_server::{child_orgs, AppState};

const PAGE: u32 = 50;
const SAMPLES: usize = 200;
const EMAIL: &str = "bench@partner.example";
const PASSWORD: &str = "benchmark password";

const PLACES: [&str; 16] = [
    "Harbor",
    "Summit",
    "Maple",
    "Cedar",
    "Lakeside",
    "Riverside",
    "Northgate",
    "Pine",
    "Granite",
    "Willow",
    "Bayview",
    "Oak",
    "Sunset",
    "Meadow",
    "Highland",
    "Coral",
];
const KINDS: [&str; 12] = [
    "Dental",
    "Apartments",
    "Library",
    "Clinic",
    "Logistics",
    "Academy",
    "Storage",
    "Fitness",
    "Offices",
    "Labs",
    "Hotel",
    "Market",
];
const FIRST: [&str; 10] = ["Priya", "Marcus", "Elena", "Jordan", "Aiko", "Samir", "Grace", "Tomas", "Nia", "Oliver"];
const LAST: [&str; 10] = ["Raman", "Lee", "Torres", "Reyes", "Tanaka", "Haddad", "Okafor", "Novak", "Berg", "Quinn"];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()));
    let db = Database::connect(&url).await?;
    let clock = Clock::System;

    let started = Instant::now();
    let partner_id = seed(&db, count, clock.now()).await?;
    unlock_two_thirds(&db, &partner_id).await?;
    println!("seeded {count} child orgs in {:.1} s ({})", started.elapsed().as_secs_f64(), db.backend().name());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(db.clone(), clock, SpaAssets::load(dir.path())?, &base);
    tokio::spawn(partner_center_server::serve(listener, state, std::future::pending()));
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let signed_in = client
        .post(format!("{base}/api/v1/session"))
        .header("x-csrf-protection", "1")
        .json(&serde_json::json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await?;
    assert_eq!(signed_in.status(), 200, "sign in");

    let deep = (count as u32 / PAGE).saturating_sub(1) * PAGE;
    let mut scenarios: Vec<(String, String)> = Vec::new();
    for sort in ["name", "superAdmin", "status", "plan", "created"] {
        for order in ["asc", "desc"] {
            scenarios.push((format!("sort={sort} {order}"), format!("sort={sort}&order={order}&limit={PAGE}")));
        }
    }
    scenarios.push(("deep page (last), by name".into(), format!("sort=name&limit={PAGE}&offset={deep}")));
    scenarios.push(("deep page (middle), by status".into(), format!("sort=status&limit={PAGE}&offset={}", deep / 2)));
    for (label, q) in [
        ("search a name word", "harbor"),
        ("search two words", "cedar%20labs"),
        ("search an admin", "okafor"),
        ("search a reference", "po-4242"),
        ("search, sorted by created desc", "summit&sort=created&order=desc"),
    ] {
        scenarios.push((label.to_owned(), format!("q={q}&limit={PAGE}")));
    }

    println!(
        "\n{:<36}{:>9}{:>9}{:>9}{:>9}{:>10}",
        "GET /api/v1/partner/orgs?…", "p50 ms", "p95 ms", "p99 ms", "max ms", "matches"
    );
    let mut worst_p99 = 0.0f64;
    for (label, query) in &scenarios {
        let (timing, body) = timed(&client, &format!("{base}/api/v1/partner/orgs?{query}"), SAMPLES).await?;
        let body: serde_json::Value = serde_json::from_slice(&body)?;
        worst_p99 = worst_p99.max(timing.p99);
        println!("{label:<36}{timing}{:>10}", body["filteredCount"].as_i64().unwrap_or_default());
    }

    let (timing, body) = timed(&client, &format!("{base}/api/v1/partner/home"), SAMPLES).await?;
    let home: serde_json::Value = serde_json::from_slice(&body)?;
    println!("\n{:<36}{:>9}{:>9}{:>9}{:>9}", "GET /api/v1/partner/home", "p50 ms", "p95 ms", "p99 ms", "max ms");
    println!("{:<36}{timing}", format!("counts {}", home["counts"]));
    println!(
        "\n{:<36}{:>9}{:>9}{:>9}{:>9}{:>10}",
        "GET /api/v1/partner/orgs/export?…", "p50 ms", "p95 ms", "p99 ms", "max ms", "rows"
    );
    for (label, query) in [("every org, needs attention first", ""), ("trialing, by name", "state=trialing&sort=name")]
    {
        let (timing, body) = timed(&client, &format!("{base}/api/v1/partner/orgs/export?{query}"), 5).await?;
        let rows = body.split(|byte| *byte == b'\n').filter(|line| !line.is_empty()).count() - 1;
        println!("{label:<36}{timing}{rows:>10}");
    }

    let workers = 8;
    let window = Duration::from_secs(5);
    let client = Arc::new(client);
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let until = Instant::now() + window;
    let mut tasks = Vec::new();
    for worker in 0..workers {
        let (client, done, base) = (client.clone(), done.clone(), base.clone());
        let queries: Vec<String> = scenarios.iter().map(|(_, q)| q.clone()).collect();
        tasks.push(tokio::spawn(async move {
            let mut i = worker;
            while Instant::now() < until {
                let url = format!("{base}/api/v1/partner/orgs?{}", queries[i % queries.len()]);
                if client.get(&url).send().await.and_then(|r| r.error_for_status()).is_ok() {
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                i += 1;
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let total = done.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "\nthroughput: {:.0} requests/s ({workers} concurrent clients, all scenarios, {} s)",
        total as f64 / window.as_secs_f64(),
        window.as_secs()
    );
    println!("worst p99: {worst_p99:.2} ms (target: under 10 ms)");
    Ok(())
}

/// Latency percentiles of `samples` requests, in milliseconds.
struct Timing {
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>9.2}{:>9.2}{:>9.2}{:>9.2}", self.p50, self.p95, self.p99, self.max)
    }
}

/// GETs `url` `samples` times, one after another, timing each to its last byte; returns the
/// timings and the last body.
async fn timed(
    client: &reqwest::Client,
    url: &str,
    samples: usize,
) -> Result<(Timing, Vec<u8>), Box<dyn std::error::Error>> {
    let mut times = Vec::with_capacity(samples);
    let mut body = Vec::new();
    for _ in 0..samples {
        let start = Instant::now();
        let response = client.get(url).send().await?.error_for_status()?;
        body = response.bytes().await?.to_vec();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    Ok((Timing { p50: pct(0.50), p95: pct(0.95), p99: pct(0.99), max: times[times.len() - 1] }, body))
}

/// Starts the trial of two thirds of the orgs at their creation (they were created a minute
/// apart over the last `count` minutes, with trials of 1 to 21 days), so the portfolio mixes
/// orgs awaiting their first unlock, trialing and billing; the list rows follow in bulk.
async fn unlock_two_thirds(db: &Database, partner_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut tx = db.begin().await?;
    let unlocked = "(created_at / 60000) % 3 <> 0";
    sqlx::query(&format!(
        "UPDATE billing_profiles SET first_unlock_at = (SELECT created_at FROM orgs WHERE orgs.id = billing_profiles.org_id) \
         WHERE org_id IN (SELECT org_id FROM child_org_listing WHERE parent_id = $1 AND {unlocked})"
    ))
    .bind(partner_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "UPDATE child_org_listing SET first_unlock_at = created_at, status_key = created_at + trial_days * $2 \
         WHERE parent_id = $1 AND {unlocked}"
    ))
    .bind(partner_id)
    .bind(partner_center_domain::trial::DAY_MS)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "UPDATE child_org_search_terms SET status_key = (SELECT l.status_key FROM child_org_listing l \
         WHERE l.org_id = child_org_search_terms.org_id) WHERE parent_id = $1 AND {unlocked}"
    ))
    .bind(partner_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A partner with a Super Admin who can sign in, and `count` child orgs made through the same
/// code path as Add Org, committed in batches.
async fn seed(db: &Database, count: usize, now: i64) -> Result<String, Box<dyn std::error::Error>> {
    let partner_id = new_id();
    let mut tx = db.begin().await?;
    let slug = Slug::from_name("Bench Partner").ok_or("slug")?;
    orgs::insert(
        &mut tx,
        &NewOrg {
            id: &partner_id,
            name: "Bench Partner",
            slug: &slug,
            parent_id: None,
            is_partner: true,
            billing_mode: partner_center_domain::billing::BillingMode::PartnerInvoiced,
            created_at: now,
        },
    )
    .await?;
    let identity_id = new_id();
    let hash = hash_password(PASSWORD).map_err(|e| e.to_string())?;
    identities::insert(
        &mut tx,
        &NewIdentity {
            id: &identity_id,
            namespace: "org:bench-partner",
            email: EMAIL,
            email_normalized: EMAIL,
            password_hash: Some(&hash),
            created_at: now,
        },
    )
    .await?;
    users::insert(
        &mut tx,
        &NewUser {
            added_by: None,
            id: &new_id(),
            org_id: &partner_id,
            identity_id: &identity_id,
            first_name: "Bench",
            last_name: "Admin",
            status: UserStatus::Active,
            portal_access: true,
            roles: &[Role::SuperAdmin],
            created_at: now,
        },
    )
    .await?;
    tx.commit().await?;
    let partner = {
        let mut conn = db.conn().await?;
        orgs::find(&mut conn, &partner_id).await?.ok_or("partner")?
    };

    let mut tx = db.begin().await?;
    for n in 0..count {
        let (first, last) = (FIRST[n % FIRST.len()], LAST[(n / 7) % LAST.len()]);
        let form = NewChildOrg {
            name: format!("{} {} {n}", PLACES[n % PLACES.len()], KINDS[(n / 3) % KINDS.len()]),
            admin_first_name: first.to_owned(),
            admin_last_name: last.to_owned(),
            admin_email: format!("{}.{}{n}@customer{}.example", first.to_lowercase(), last.to_lowercase(), n % 97),
            ap_email: format!("ap{n}@customer.example"),
            trial_days: (1 + n % 21).to_string(),
            reference_number: if n % 2 == 0 { format!("PO-{n}") } else { String::new() },
            ..NewChildOrg::default()
        };
        let valid = form.validate().map_err(|e| format!("{e:?}"))?;
        child_orgs::create(
            &mut tx,
            &partner,
            &valid,
            "http://bench.invalid",
            "Benchmark",
            now - (count - n) as i64 * 60_000,
        )
        .await
        .map_err(|e| e.to_string())?;
        if (n + 1) % 2_000 == 0 {
            tx.commit().await?;
            tx = db.begin().await?;
        }
        if (n + 1) % 20_000 == 0 {
            eprintln!("seeding: {}/{count}", n + 1);
        }
    }
    tx.commit().await?;
    Ok(partner_id)
}
