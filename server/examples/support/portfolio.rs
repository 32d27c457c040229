//! The benchmarks' portfolio: a partner whose Super Admin can sign in, and many child orgs made
//! through the same code path as Add Org, two thirds of them unlocked.

use partner_center_domain::child_org::NewChildOrg;
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use partner_center_domain::validation::Slug;
use partner_center_server::db::identities::{self, NewIdentity};
use partner_center_server::db::orgs::{self, NewOrg};
use partner_center_server::db::users::{self, NewUser};
use partner_center_server::db::Database;
use partner_center_server::http::spa::SpaAssets;
use partner_center_server::infra::clock::Clock;
use partner_center_server::infra::mail::Sender;
use partner_center_server::infra::secrets::{hash_password, new_id};
use partner_center_server::services::accounts::Adder;
use partner_center_server::{services::child_orgs, AppState};

/// A seeded portfolio behind the real server. Its SQLite database lives in a directory that
/// goes when this is dropped.
pub struct Served {
    pub base: String,
    _dir: tempfile::TempDir,
}

/// Seeds `count` child orgs on a fresh SQLite database (or `DATABASE_URL`), says how long that
/// took, and serves them with the real server on a free local port.
pub async fn serve_seeded(count: usize) -> Result<Served, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()));
    let db = Database::connect(&url).await?;
    let clock = Clock::System;
    let started = std::time::Instant::now();
    let partner_id = seed(&db, count, clock.now()).await?;
    unlock_two_thirds(&db, &partner_id).await?;
    eprintln!("seeded {count} child orgs in {:.1} s ({})", started.elapsed().as_secs_f64(), db.backend().name());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let mut state = AppState::new(db, clock, SpaAssets::load(dir.path())?, &base);
    // Add Org under load invites thousands of admins a minute, more than the hourly mail a real
    // partner may send; the benchmark measures creating orgs, not that limit.
    state.mail_per_org_hour = u32::MAX;
    tokio::spawn(partner_center_server::serve(listener, state, std::future::pending()));
    Ok(Served { base, _dir: dir })
}

pub const EMAIL: &str = "bench@partner.example";
pub const PASSWORD: &str = "benchmark password";

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

/// Starts the trial of two thirds of the orgs at their creation (they were created a minute
/// apart over the last `count` minutes, with trials of 1 to 21 days), so the portfolio mixes
/// orgs awaiting their first unlock, trialing and billing; the list rows follow in bulk.
pub async fn unlock_two_thirds(db: &Database, partner_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut tx = db.begin().await?;
    let unlocked = "(created_at / 60000) % 3 <> 0";
    partner_center_server::db::query(&format!(
        "UPDATE billing_profiles SET first_unlock_at = (SELECT created_at FROM orgs WHERE orgs.id = billing_profiles.org_id), \
         next_invoice_at = (SELECT created_at FROM orgs WHERE orgs.id = billing_profiles.org_id) + trial_days * $2 \
         WHERE org_id IN (SELECT org_id FROM child_org_listing WHERE parent_id = $1 AND {unlocked})"
    ))
    .bind(partner_id)
    .bind(partner_center_domain::trial::DAY_MS)
    .execute(&mut tx)
    .await?;
    partner_center_server::db::query(&format!(
        "UPDATE child_org_listing SET first_unlock_at = created_at, status_key = created_at + trial_days * $2 \
         WHERE parent_id = $1 AND {unlocked}"
    ))
    .bind(partner_id)
    .bind(partner_center_domain::trial::DAY_MS)
    .execute(&mut tx)
    .await?;
    partner_center_server::db::query(&format!(
        "UPDATE child_org_search_terms SET status_key = (SELECT l.status_key FROM child_org_listing l \
         WHERE l.org_id = child_org_search_terms.org_id) WHERE parent_id = $1 AND {unlocked}"
    ))
    .bind(partner_id)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A partner with a Super Admin who can sign in, and `count` child orgs made through the same
/// code path as Add Org, committed in batches.
pub async fn seed(db: &Database, count: usize, now: i64) -> Result<String, Box<dyn std::error::Error>> {
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
            Adder { name: "Benchmark", login_namespace: &partner.namespace() },
            // The operator's own bulk load, not a tenant's: no hourly limit.
            Sender { org_id: &partner.id, per_hour: u32::MAX },
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
