//! Benchmark (not a test) that chose the SQLite driver: the same three-statement read (a
//! session by its digest, an org's row, a page of 50 from an index) under 64 concurrent tasks
//! on a two-thread runtime, three ways:
//! - sqlx's SQLite pool, which runs each connection on a thread of its own and hands every
//!   statement over and back;
//! - rusqlite, the request's three statements in one `spawn_blocking` call (one hop per request);
//! - rusqlite on the calling thread (no hop).
//!
//! `cargo run --release -p partner-center-server --example bench_sqlite_drivers -- [REQUESTS]`
//! prints requests/s and latency percentiles for each. REQUESTS defaults to 100000.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

const TASKS: usize = 64;
const CONNECTIONS: usize = 8;
const ORGS: i64 = 100_000;
const SESSION: &str = "SELECT identity_id, acting_org_id FROM sessions WHERE digest = $1";
const ORG: &str = "SELECT id, name, slug FROM orgs WHERE id = $1";
const PAGE: &str = "SELECT id, name FROM orgs WHERE name >= $1 ORDER BY name, id LIMIT 50";

/// rusqlite connections taken in turn; the semaphore makes a task wait for a free one.
struct RusqlitePool {
    idle: Mutex<Vec<rusqlite::Connection>>,
    free: tokio::sync::Semaphore,
}

impl RusqlitePool {
    fn open(path: &str) -> Arc<Self> {
        let idle = (0..CONNECTIONS)
            .map(|_| {
                let conn = rusqlite::Connection::open(path).expect("open");
                conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;").expect("pragmas");
                conn
            })
            .collect();
        Arc::new(Self { idle: Mutex::new(idle), free: tokio::sync::Semaphore::new(CONNECTIONS) })
    }

    async fn take(&self) -> (tokio::sync::SemaphorePermit<'_>, rusqlite::Connection) {
        let permit = self.free.acquire().await.expect("open semaphore");
        (permit, self.idle.lock().expect("pool lock").pop().expect("a connection per permit"))
    }

    fn give_back(&self, conn: rusqlite::Connection) {
        self.idle.lock().expect("pool lock").push(conn);
    }
}

/// The three statements on one rusqlite connection; the count of rows read, so the work is kept.
fn rusqlite_read(conn: &rusqlite::Connection, n: i64) -> usize {
    let digest = format!("digest-{}", n % 1000);
    let org = format!("org-{}", n % ORGS);
    let mut rows = 0;
    let mut session = conn.prepare_cached(SESSION).expect("prepare");
    rows += session.query_map([&digest], |row| row.get::<_, String>(0)).expect("query").count();
    let mut org_row = conn.prepare_cached(ORG).expect("prepare");
    rows += org_row.query_map([&org], |row| row.get::<_, String>(1)).expect("query").count();
    let mut page = conn.prepare_cached(PAGE).expect("prepare");
    rows += page.query_map([format!("Org {}", n % 900)], |row| row.get::<_, String>(1)).expect("query").count();
    rows
}

fn seed(path: &str) {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE sessions (digest TEXT PRIMARY KEY, identity_id TEXT NOT NULL, acting_org_id TEXT NOT NULL);
         CREATE TABLE orgs (id TEXT PRIMARY KEY, name TEXT NOT NULL, slug TEXT NOT NULL);
         CREATE INDEX orgs_by_name ON orgs (name, id);
         BEGIN;",
    )
    .expect("schema");
    for n in 0..ORGS {
        conn.execute(
            "INSERT INTO orgs VALUES (?1, ?2, ?3)",
            (format!("org-{n}"), format!("Org {n}"), format!("org{n}")),
        )
        .expect("org");
    }
    for n in 0..1000 {
        conn.execute("INSERT INTO sessions VALUES (?1, 'identity', ?2)", (format!("digest-{n}"), format!("org-{n}")))
            .expect("session");
    }
    conn.execute_batch("COMMIT;").expect("commit");
}

struct Figures {
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

/// Runs `requests` reads over `TASKS` tasks, each read timed by `read`.
async fn measure<F, Fut>(requests: usize, read: F) -> Figures
where
    F: Fn(i64) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = usize> + Send,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let read = read.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(requests / TASKS);
                for i in 0..requests / TASKS {
                    let asked = Instant::now();
                    let rows = read((task * requests / TASKS + i) as i64).await;
                    assert!(rows > 0, "every read finds rows");
                    latencies.push(asked.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    for task in tasks {
        latencies.extend(task.await.expect("task"));
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |share: f64| latencies[((latencies.len() as f64 * share) as usize).min(latencies.len() - 1)];
    Figures { per_second: latencies.len() as f64 / elapsed.as_secs_f64(), p50: at(0.50), p99: at(0.99) }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let requests: usize = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db").to_str().ok_or("path not UTF-8")?.to_owned();
    seed(&path);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async move {
        let sqlx_pool = SqlitePoolOptions::new()
            .max_connections(CONNECTIONS as u32)
            .connect_with(SqliteConnectOptions::new().filename(&path))
            .await?;
        let sqlx_figures = measure(requests, move |n| {
            let pool = sqlx_pool.clone();
            async move {
                let mut conn = pool.acquire().await.expect("acquire");
                let digest = format!("digest-{}", n % 1000);
                let mut rows = sqlx::query(SESSION).bind(digest).fetch_all(&mut *conn).await.expect("session").len();
                rows +=
                    sqlx::query(ORG).bind(format!("org-{}", n % ORGS)).fetch_all(&mut *conn).await.expect("org").len();
                rows +=
                    sqlx::query(PAGE).bind(format!("Org {}", n % 900)).fetch_all(&mut *conn).await.expect("page").len();
                rows
            }
        })
        .await;

        let pool = RusqlitePool::open(&path);
        let blocking_pool = pool.clone();
        let blocking_figures = measure(requests, move |n| {
            let pool = blocking_pool.clone();
            async move {
                let (_permit, conn) = pool.take().await;
                let (conn, rows) = tokio::task::spawn_blocking(move || {
                    let rows = rusqlite_read(&conn, n);
                    (conn, rows)
                })
                .await
                .expect("blocking read");
                pool.give_back(conn);
                rows
            }
        })
        .await;

        let calling_figures = measure(requests, move |n| {
            let pool = pool.clone();
            async move {
                let (_permit, conn) = pool.take().await;
                let rows = rusqlite_read(&conn, n);
                pool.give_back(conn);
                rows
            }
        })
        .await;

        println!("{requests} reads of three statements, {TASKS} tasks, {CONNECTIONS} connections, 2 runtime threads");
        println!("| driver | reads/s | × sqlx | p50 ms | p99 ms |");
        println!("|---|---:|---:|---:|---:|");
        for (name, figures) in [
            ("sqlx SQLite pool", &sqlx_figures),
            ("rusqlite, one spawn_blocking per request", &blocking_figures),
            ("rusqlite on the calling thread", &calling_figures),
        ] {
            println!(
                "| {name} | {:.0} | {:.1} | {:.2} | {:.2} |",
                figures.per_second,
                figures.per_second / sqlx_figures.per_second,
                figures.p50.as_secs_f64() * 1e3,
                figures.p99.as_secs_f64() * 1e3
            );
        }
        Ok(())
    })
}
