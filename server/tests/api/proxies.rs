//! The client behind a reverse proxy: forwarding headers count only from trusted proxies.

use std::sync::Arc;

use partner_center_domain::roles::Role;
use partner_center_server::http::client::TrustedProxies;
use reqwest::{header, Response};
use serde_json::json;

use crate::helpers::{browser, spawn_app, spawn_app_with, TestApp, PASSWORD};

/// The test server's peer is always 127.0.0.1: trusting it makes the tests' requests arrive
/// "through a proxy".
pub(crate) async fn behind_our_proxy() -> TestApp {
    spawn_app_with(|state| state.trusted_proxies = Arc::new(TrustedProxies::new(vec!["127.0.0.0/8".parse().unwrap()])))
        .await
}

pub(crate) async fn sign_in_from(app: &TestApp, forwarded_for: &str, email: &str, password: &str) -> Response {
    browser()
        .post(app.url("/api/v1/session"))
        .header("x-csrf-protection", "1")
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

/// Twenty failed sign-ins, each for another email, from `forwarded_for`: the per-client bucket's limit.
async fn exhaust_client_bucket(app: &TestApp, forwarded_for: impl Fn(usize) -> String) {
    for n in 0..20 {
        let response = sign_in_from(app, &forwarded_for(n), &format!("guess{n}@acme.example"), "guess").await;
        assert_eq!(response.status(), 401, "attempt {n}");
    }
}

#[tokio::test]
async fn forwarded_addresses_from_an_untrusted_peer_cannot_escape_its_throttle() {
    let app = spawn_app().await;
    exhaust_client_bucket(&app, |n| format!("198.51.100.{n}")).await;
    let refused = sign_in_from(&app, "203.0.113.99", "fresh@acme.example", "guess").await;
    assert_eq!(refused.status(), 429, "a made-up X-Forwarded-For is not a new client");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_throttle() {
    let app = behind_our_proxy().await;
    let org = app.org("Acme", None, false).await;
    app.login(&org, "real@acme.example", &[Role::SuperAdmin]).await;
    exhaust_client_bucket(&app, |_| "203.0.113.7".to_owned()).await;

    let guesser = sign_in_from(&app, "203.0.113.7", "real@acme.example", PASSWORD).await;
    assert_eq!(guesser.status(), 429, "the guessing client is held back");
    let neighbour = sign_in_from(&app, "203.0.113.8", "real@acme.example", PASSWORD).await;
    assert_eq!(neighbour.status(), 200, "another client behind the same proxy is not");
}

#[tokio::test]
async fn a_client_cannot_pick_its_address_by_prepending_to_the_forwarded_chain() {
    let app = behind_our_proxy().await;
    // The proxy appends the address it saw; whatever the client wrote before it is not believed.
    exhaust_client_bucket(&app, |n| format!("10.9.8.{n}, 203.0.113.7")).await;
    let refused = sign_in_from(&app, "192.0.2.1, 203.0.113.7", "fresh@acme.example", "guess").await;
    assert_eq!(refused.status(), 429);
}

async fn sign_in_with_proto(app: &TestApp, proto: &str) -> Response {
    let org = app.org(&format!("Acme {proto}"), None, false).await;
    let email = format!("admin-{proto}@acme.example");
    app.login(&org, &email, &[Role::SuperAdmin]).await;
    browser()
        .post(app.url("/api/v1/session"))
        .header("x-csrf-protection", "1")
        .header("x-forwarded-proto", proto)
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn over_https_through_a_trusted_proxy_the_cookie_is_host_prefixed_and_hsts_is_sent() {
    let app = behind_our_proxy().await;
    let response = sign_in_with_proto(&app, "https").await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-pc_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
    let hsts = response.headers()[header::STRICT_TRANSPORT_SECURITY].to_str().unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");

    // The secure cookie is the one read back on the next request over HTTPS.
    let token = cookie.split(';').next().unwrap();
    let me = browser()
        .get(app.url("/api/v1/me"))
        .header(header::COOKIE, token)
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
}

#[tokio::test]
async fn a_forwarded_proto_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app().await;
    let response = sign_in_with_proto(&app, "https").await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("pc_session=") && !cookie.contains("Secure"), "{cookie}");
    assert!(response.headers().get(header::STRICT_TRANSPORT_SECURITY).is_none());
}
