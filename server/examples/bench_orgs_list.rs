//! Benchmark (not a test): seeds a partner with many child orgs on a fresh SQLite database
//! (or `DATABASE_URL`), two thirds of them unlocked (a mix of trialing and billing), then
//! measures over real HTTP `GET /api/v1/partner/orgs` — a page of 50, sorted on every column
//! both ways, deep pages, and searched — the partner home, and the CSV export of every org and
//! of a filtered view; it prints latency percentiles per scenario and the throughput of
//! concurrent clients.
//!
//! `cargo run --release -p partner-center-server --example bench_orgs_list -- [ORGS]`
//! (scripts/bench-orgs-list.sh). ORGS defaults to 100000.

#[path = "support/portfolio.rs"]
mod portfolio;

use std::sync::Arc;
use std::time::{Duration, Instant};

const PAGE: u32 = 50;
const SAMPLES: usize = 200;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let served = portfolio::serve_seeded(count).await?;
    let base = served.base.clone();
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let signed_in = client
        .post(format!("{base}/api/v1/session"))
        .header("x-csrf-protection", "1")
        .json(&serde_json::json!({ "email": portfolio::EMAIL, "password": portfolio::PASSWORD }))
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
