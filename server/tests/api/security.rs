//! CSRF refusal and the headers every response carries.

use reqwest::header;

use crate::helpers::{browser, spawn_app, PASSWORD};
use partner_center_domain::roles::Role;

#[tokio::test]
async fn a_write_without_the_csrf_header_is_refused() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let response = browser()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({ "email": "a@acme.example", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    let login = app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&login).await;
    let response = client
        .delete(app.url("/api/v1/session"))
        .header("sec-fetch-site", "cross-site")
        .header("x-csrf-protection", "1")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 200, "the session survived");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/partner/orgs", "/api/v1/health", "/api/v1/nope", "/api/v1/me"] {
        let response = browser().get(app.url(path)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert!(
            csp.contains("object-src 'none'")
                && csp.contains("base-uri 'none'")
                && csp.contains("frame-ancestors 'none'")
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn a_malformed_body_gets_the_error_shape() {
    let app = spawn_app().await;
    let response = browser()
        .post(app.url("/api/v1/session"))
        .header("x-csrf-protection", "1")
        .header(header::CONTENT_TYPE, "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: partner_center_domain::api::ErrorBody = response.json().await.unwrap();
    assert_eq!(body.status, 400);
}

#[tokio::test]
async fn api_answers_are_compressed_as_the_client_accepts_and_stay_json() {
    let app = spawn_app().await;
    let client = browser();
    for (accepts, encoding) in [("br", Some("br")), ("gzip", Some("gzip")), ("identity", None)] {
        let response =
            client.get(app.url("/api/v1/openapi.json")).header(header::ACCEPT_ENCODING, accepts).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
            encoding,
            "{accepts}"
        );
        assert!(response.headers()[header::VARY].to_str().unwrap().contains("accept-encoding"), "{accepts}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    }
    // An error is compressed too, and still the JSON error shape once decoded.
    let missing =
        client.get(app.url("/api/v1/no-such-thing")).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()[header::CONTENT_ENCODING], "gzip");
    let mut decoded = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&missing.bytes().await.unwrap()[..]), &mut decoded)
        .unwrap();
    assert_eq!(decoded, r#"{"status":404,"message":"Not found."}"#);
}
