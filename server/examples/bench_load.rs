//! Benchmark support (not a test): seeds a partner's portfolio of child orgs on a fresh SQLite
//! database (or `DATABASE_URL`), serves it with the real server on a free port, signs in as the
//! partner's Super Admin, prints `ready <base URL> <session cookie>` and serves until stopped.
//! `scripts/bench-load.sh` puts load on it with wrk from another process.
//!
//! `cargo run --release -p partner-center-server --example bench_load -- [ORGS]` (100000).

#[path = "support/portfolio.rs"]
mod portfolio;

use std::io::Write;
use std::time::Instant;

use partner_center_server::clock::Clock;
use partner_center_server::db::Database;
use partner_center_server::spa::SpaAssets;
use partner_center_server::AppState;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()));
    let db = Database::connect(&url).await?;
    let clock = Clock::System;

    let started = Instant::now();
    let partner_id = portfolio::seed(&db, count, clock.now()).await?;
    portfolio::unlock_two_thirds(&db, &partner_id).await?;
    eprintln!("seeded {count} child orgs in {:.1} s ({})", started.elapsed().as_secs_f64(), db.backend().name());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(db.clone(), clock, SpaAssets::load(dir.path())?, &base);
    tokio::spawn(partner_center_server::serve(listener, state, std::future::pending()));
    let signed_in = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .header("x-csrf-protection", "1")
        .json(&serde_json::json!({ "email": portfolio::EMAIL, "password": portfolio::PASSWORD }))
        .send()
        .await?
        .error_for_status()?;
    let cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .collect::<Vec<_>>()
        .join("; ");
    println!("ready {base} {}", cookie.replace(' ', ""));
    std::io::stdout().flush()?;
    tokio::signal::ctrl_c().await?;
    Ok(())
}
