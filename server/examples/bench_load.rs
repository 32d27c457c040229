//! Benchmark support (not a test): seeds a partner's portfolio of child orgs on a fresh SQLite
//! database (or `DATABASE_URL`), serves it with the real server on a free port, signs in as the
//! partner's Super Admin, prints `ready <base URL> <session cookie>` and serves until stopped.
//! `scripts/bench-load.sh` puts load on it with wrk from another process.
//!
//! `cargo run --release -p partner-center-server --example bench_load -- [ORGS]` (100000).

#[path = "support/portfolio.rs"]
mod portfolio;

use std::io::Write;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let served = portfolio::serve_seeded(count).await?;
    let base = served.base.clone();
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
