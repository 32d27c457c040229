//! The server over real HTTP, on a random port, with a fresh database per test.
//!
//! SQLite by default; set `TEST_DATABASE_URL=postgres://…/postgres` to run the very same tests
//! on PostgreSQL (each test then creates and uses its own database).

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use partner_center_domain::api::{ErrorBody, HealthReport, HealthStatus};
use partner_center_server::db::Database;
use partner_center_server::spa::SpaAssets;
use partner_center_server::AppState;
use reqwest::header;
use sqlx::Connection;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

const HASHED_JS: &str = "/partner-center-0123456789abcdef.js";

struct TestApp {
    base: String,
    client: reqwest::Client,
    db: Database,
    database_url: String,
    expected_backend: &'static str,
    stop: Option<oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request failed")
    }
}

/// A database URL nobody else uses: a file in `dir`, or a new PostgreSQL database.
async fn fresh_database_url(dir: &Path) -> (String, &'static str) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) => {
            static COUNTER: AtomicU32 = AtomicU32::new(0);
            let name = format!(
                "pc_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 1_000_000
            );
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
            let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
            (format!("{base}/{name}"), "postgres")
        }
        Err(_) => (format!("sqlite://{}?mode=rwc", dir.join("test.db").display()), "sqlite"),
    }
}

fn write_dist(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Partner Center</title><body></body>").unwrap();
    std::fs::write(dir.join(&HASHED_JS[1..]), "export function start() { return 1; }\n".repeat(100)).unwrap();
    std::fs::write(dir.join("stylers.css"), ".a { color: red; }\n".repeat(50)).unwrap();
}

async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_dist(&dist);
    let (url, expected_backend) = fresh_database_url(dir.path()).await;
    let db = Database::connect(&url).await.expect("connect and migrate");
    let state = AppState { db: db.clone(), spa: Arc::new(SpaAssets::load(&dist).unwrap()) };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(partner_center_server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder().no_gzip().no_brotli().build().unwrap();
    TestApp { base, client, db, database_url: url, expected_backend, stop: Some(stop), server, _dir: dir }
}

#[tokio::test]
async fn health_reports_ok_with_a_reachable_database() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status(), 200);
    let report: HealthReport = response.json().await.unwrap();
    assert_eq!(report.status, HealthStatus::Ok);
    assert_eq!(report.version, env!("CARGO_PKG_VERSION"));
    assert!(report.database.reachable);
    assert_eq!(report.database.backend, app.expected_backend);
}

#[tokio::test]
async fn health_turns_degraded_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status(), 503);
    let report: HealthReport = response.json().await.unwrap();
    assert_eq!(report.status, HealthStatus::Degraded);
    assert!(!report.database.reachable);
}

#[tokio::test]
async fn unknown_api_paths_answer_a_json_404() {
    let app = spawn_app().await;
    for path in ["/api/v1/nope", "/api/v2/health", "/api/", "/api"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.status, 404);
        assert_eq!(body.message, "Not found.");
    }
}

#[tokio::test]
async fn client_routes_reload_into_the_app() {
    let app = spawn_app().await;
    for path in ["/", "/partner/orgs", "/users", "/some/unknown/page"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(response.text().await.unwrap().contains("<title>Partner Center</title>"), "{path}");
    }
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_app() {
    let app = spawn_app().await;
    let response = app.get("/partner-center-ffffffffffffffff.js").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_sent_compressed_when_accepted() {
    let app = spawn_app().await;
    let plain = app.get(HASHED_JS).await;
    assert_eq!(plain.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(plain.headers()[header::CONTENT_TYPE], "text/javascript");
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let plain_len = plain.bytes().await.unwrap().len();

    for (accept, expected) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let response = app.client.get(app.url(HASHED_JS)).header(header::ACCEPT_ENCODING, accept).send().await.unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], expected);
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        assert!(response.bytes().await.unwrap().len() < plain_len / 5);
    }
}

#[tokio::test]
async fn unhashed_files_revalidate_by_etag() {
    let app = spawn_app().await;
    let first = app.get("/stylers.css").await;
    assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache");
    let etag = first.headers()[header::ETAG].clone();
    let again = app.client.get(app.url("/stylers.css")).header(header::IF_NONE_MATCH, etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn writes_to_the_app_are_refused_outside_the_api() {
    let app = spawn_app().await;
    let response = app.client.post(app.url("/partner/orgs")).send().await.unwrap();
    assert_eq!(response.status(), 405);
}

#[tokio::test]
async fn shutdown_lets_the_server_finish_and_the_database_reopens_migrated() {
    let mut app = spawn_app().await;
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
    app.stop.take().unwrap().send(()).unwrap();
    (&mut app.server).await.unwrap().unwrap();
    assert!(app.client.get(app.url("/api/v1/health")).send().await.is_err());
    app.db.close().await;
    let reopened = Database::connect(&app.database_url).await.expect("migrations apply twice");
    assert!(reopened.is_reachable().await);
}
