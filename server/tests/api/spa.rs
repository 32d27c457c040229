//! Health, the built app's files, and the server's lifecycle.

use partner_center_domain::api::{ErrorBody, HealthReport, HealthStatus};
use partner_center_server::db::Database;
use reqwest::header;

use partner_center_domain::roles::Role;

use crate::helpers::{spawn_app, spawn_app_with, TestApp, HASHED_JS, ORGS_BUNDLE};

impl TestApp {
    async fn fetch(&self, path: &str) -> reqwest::Response {
        self.get(&plain(), path).await
    }
}

fn plain() -> reqwest::Client {
    reqwest::Client::builder().no_gzip().no_brotli().build().unwrap()
}

#[tokio::test]
async fn health_tells_an_anonymous_caller_only_that_it_is_up() {
    let app = spawn_app().await;
    let response = app.fetch("/api/v1/health").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"ok"}"#);
}

#[tokio::test]
async fn health_tells_a_signed_in_caller_the_version_and_database() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    let login = app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&login).await;
    let response = app.get(&client, "/api/v1/health").await;
    assert_eq!(response.status(), 200);
    let report: HealthReport = response.json().await.unwrap();
    assert_eq!(report.status, HealthStatus::Ok);
    let details = report.details.expect("details for a signed-in caller");
    assert_eq!(details.version, env!("CARGO_PKG_VERSION"));
    assert!(details.database.reachable);
    assert_eq!(details.database.backend, app.expected_backend);
}

#[tokio::test]
async fn health_turns_degraded_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let response = app.fetch("/api/v1/health").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"degraded"}"#);
}

#[tokio::test]
async fn liveness_asks_nothing_and_readiness_turns_away_once_the_server_is_stopping() {
    let mut lifecycle = None;
    let app = spawn_app_with(|state| lifecycle = Some(state.lifecycle.clone())).await;
    let lifecycle = lifecycle.unwrap();
    assert_eq!(app.fetch("/api/v1/health/live").await.status(), 204);
    let ready = app.fetch("/api/v1/health/ready").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<HealthReport>().await.unwrap().status, HealthStatus::Ok);

    lifecycle.begin_stopping();
    let draining = app.fetch("/api/v1/health/ready").await;
    assert_eq!(draining.status(), 503);
    let report: HealthReport = draining.json().await.unwrap();
    assert_eq!(report.status, HealthStatus::Draining);
    assert_eq!(report.details, None, "a balancer needs the status alone");
    assert_eq!(app.fetch("/api/v1/health/live").await.status(), 204, "alive while it finishes");

    app.db.close().await;
    assert_eq!(app.fetch("/api/v1/health/live").await.status(), 204, "a database outage is not the process's death");
}

#[tokio::test]
async fn readiness_turns_away_while_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let response = app.fetch("/api/v1/health/ready").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.json::<HealthReport>().await.unwrap().status, HealthStatus::Degraded);
}

#[tokio::test]
async fn unknown_api_paths_answer_a_json_404() {
    let app = spawn_app().await;
    for path in ["/api/v1/nope", "/api/v2/health", "/api/", "/api"] {
        let response = app.fetch(path).await;
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
    for path in ["/", "/partner/orgs", "/users", "/invitations/abc"] {
        let response = app.fetch(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(response.text().await.unwrap().contains("<title>Partner Center</title>"), "{path}");
    }
}

#[tokio::test]
async fn an_address_no_page_has_gets_the_app_which_may_draw_it_for_someone_signed_in() {
    let app = spawn_app().await;
    for path in ["/some/unknown/page", "/partner", "/users/1/2"] {
        let response = app.fetch(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let link = response.headers()[header::LINK].to_str().unwrap().to_owned();
        assert!(link.ends_with("</api/v1/me>; rel=preload; as=fetch; crossorigin"), "{path}: {link}");
        assert!(!link.contains(ORGS_BUNDLE), "{path}: {link}");
        assert!(response.text().await.unwrap().contains("<title>Partner Center</title>"), "{path}");
    }
}

#[tokio::test]
async fn a_signed_in_page_names_its_code_and_the_session_before_the_app_asks() {
    let app = spawn_app().await;
    let response = app.fetch("/partner/orgs/org_123").await;
    let link = response.headers()[header::LINK].to_str().unwrap().to_owned();
    assert_eq!(
        link,
        format!(
            "<{HASHED_JS}>; rel=modulepreload; crossorigin, \
             <{ORGS_BUNDLE}>; rel=preload; as=fetch; crossorigin, \
             </api/v1/me>; rel=preload; as=fetch; crossorigin"
        )
    );
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!(r#"<link rel="preload" href="{ORGS_BUNDLE}" as="fetch" crossorigin>"#)));
    assert!(html.contains(r#"<link rel="preload" href="/api/v1/me" as="fetch" crossorigin></head>"#));
    let bundle = plain().get(app.url(ORGS_BUNDLE)).header(header::ACCEPT_ENCODING, "br").send().await.unwrap();
    assert_eq!(bundle.headers()[header::CONTENT_ENCODING], "br", "a bundle is sent compressed");
    assert_eq!(bundle.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn the_sign_in_page_names_only_the_main_module() {
    let app = spawn_app().await;
    let response = app.fetch("/sign-in").await;
    assert_eq!(response.headers()[header::LINK], format!("<{HASHED_JS}>; rel=modulepreload; crossorigin").as_str());
    assert!(!response.text().await.unwrap().contains("/api/v1/me"), "nobody is signed in to ask about");
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_app() {
    let app = spawn_app().await;
    let response = app.fetch("/partner-center-ffffffffffffffff.js").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_sent_compressed_when_accepted() {
    let app = spawn_app().await;
    let uncompressed = app.fetch(HASHED_JS).await;
    assert_eq!(uncompressed.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(uncompressed.headers()[header::CONTENT_TYPE], "text/javascript");
    assert!(uncompressed.headers().get(header::CONTENT_ENCODING).is_none());
    let plain_len = uncompressed.bytes().await.unwrap().len();

    for (accept, expected) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let response = plain().get(app.url(HASHED_JS)).header(header::ACCEPT_ENCODING, accept).send().await.unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], expected);
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        assert!(response.bytes().await.unwrap().len() < plain_len / 5);
    }
}

#[tokio::test]
async fn unhashed_files_revalidate_by_etag() {
    let app = spawn_app().await;
    let first = app.fetch("/stylers.css").await;
    assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache");
    let etag = first.headers()[header::ETAG].clone();
    let again = plain().get(app.url("/stylers.css")).header(header::IF_NONE_MATCH, etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn writes_to_the_app_are_refused_outside_the_api() {
    let app = spawn_app().await;
    let response = plain().post(app.url("/partner/orgs")).header("x-csrf-protection", "1").send().await.unwrap();
    assert_eq!(response.status(), 405);
}

#[tokio::test]
async fn shutdown_lets_the_server_finish_and_the_database_reopens_migrated() {
    let mut app = spawn_app().await;
    assert_eq!(app.fetch("/api/v1/health").await.status(), 200);
    app.stop.take().unwrap().send(()).unwrap();
    (&mut app.server).await.unwrap().unwrap();
    assert!(plain().get(app.url("/api/v1/health")).send().await.is_err());
    app.db.close().await;
    let reopened = Database::connect(&app.database_url).await.expect("migrations apply twice");
    assert!(reopened.is_reachable().await);
}
