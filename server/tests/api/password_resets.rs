//! "Forgot password?": the request answers the same whoever asks; the mailed link chooses a new
//! password once, within the hour, and ends the login's sessions.

use partner_center_domain::api::{ErrorBody, PasswordResetInfo};
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use partner_center_server::infra::clock::{HOUR, MINUTE};
use reqwest::{Method, Response};
use serde_json::json;

use crate::helpers::{browser, spawn_app, TestApp, PASSWORD};

async fn ask(app: &TestApp, email: &str) -> Response {
    app.send(&browser(), Method::POST, "/api/v1/password-resets", json!({ "email": email })).await
}

async fn choose(app: &TestApp, token: &str, password: &str) -> Response {
    app.send(&browser(), Method::POST, &format!("/api/v1/password-resets/{token}"), json!({ "password": password }))
        .await
}

async fn rows(app: &TestApp, table: &str) -> i64 {
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

/// The token in the newest reset mail to `email`.
fn reset_token(mail: &[String], email: &str) -> String {
    let text = mail
        .iter()
        .rev()
        .find(|text| text.contains(&format!("To: {email}")) && text.contains("/reset-password/"))
        .expect("a reset mail");
    let start = text.find("/reset-password/").unwrap() + "/reset-password/".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

#[tokio::test]
async fn asking_answers_the_same_for_a_known_and_an_unknown_email_and_only_a_login_is_mailed() {
    let app = spawn_app().await;
    let org = app.org("Harbor View Dental", None, false).await;
    app.login(&org, "priya@harborview.example", &[Role::SuperAdmin]).await;

    let known = ask(&app, "Priya@HarborView.example").await;
    let unknown = ask(&app, "nobody@harborview.example").await;
    assert_eq!((known.status(), unknown.status()), (reqwest::StatusCode::NO_CONTENT, reqwest::StatusCode::NO_CONTENT));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap(), "the same body");
    assert_eq!(rows(&app, "password_reset_requests").await, 2, "the same work: one row each, nothing looked up");
    assert_eq!(rows(&app, "password_resets").await, 0);

    let mail = app.deliver_mail().await;
    assert_eq!(mail.len(), 1, "only the existing login gets a mail");
    assert!(mail[0].contains("To: priya@harborview.example"));
    assert!(mail[0].contains("https://partners.example.test/reset-password/"), "{}", mail[0]);
    assert_eq!(app.deliver_mail().await.len(), 1, "each request is looked at once");
}

#[tokio::test]
async fn a_malformed_email_is_refused_beside_the_field() {
    let app = spawn_app().await;
    let response = ask(&app, "not an email").await;
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.unwrap();
    assert!(body.field_errors.iter().any(|e| e.field == "email"), "{body:?}");
    assert_eq!(rows(&app, "password_reset_requests").await, 0);
}

#[tokio::test]
async fn the_link_chooses_a_new_password_once_and_ends_every_session() {
    let app = spawn_app().await;
    let org = app.org("Harbor View Dental", None, false).await;
    let priya = app.login(&org, "priya@harborview.example", &[Role::SuperAdmin]).await;
    let old_session = app.signed_in(&priya).await;
    assert_eq!(ask(&app, &priya.email).await.status(), 204);
    let token = reset_token(&app.deliver_mail().await, &priya.email);

    let info: PasswordResetInfo =
        app.get(&browser(), &format!("/api/v1/password-resets/{token}")).await.json().await.unwrap();
    assert_eq!((info.email.as_str(), info.namespace.as_str()), ("priya@harborview.example", "org:harbor-view-dental"));
    let short = choose(&app, &token, "too short").await;
    assert_eq!(short.status(), 422, "the same rules as an invitation");

    assert_eq!(choose(&app, &token, "a brand new passphrase").await.status(), 204);
    assert_eq!(app.get(&old_session, "/api/v1/me").await.status(), 401, "the old session ended");
    assert_eq!(app.sign_in(&browser(), &priya.email, PASSWORD).await.status(), 401, "the old password is gone");
    assert_eq!(app.sign_in(&browser(), &priya.email, "a brand new passphrase").await.status(), 200);

    let again = choose(&app, &token, "yet another passphrase").await;
    assert_eq!(again.status(), 410, "the link works once");
    assert_eq!(app.sign_in(&browser(), &priya.email, "a brand new passphrase").await.status(), 200);
}

#[tokio::test]
async fn a_link_expires_after_an_hour_and_an_older_link_stops_once_a_newer_one_is_used() {
    let app = spawn_app().await;
    let org = app.org("Harbor View Dental", None, false).await;
    let priya = app.login(&org, "priya@harborview.example", &[Role::SuperAdmin]).await;
    ask(&app, &priya.email).await;
    let first = reset_token(&app.deliver_mail().await, &priya.email);
    app.clock.advance(30 * MINUTE);
    ask(&app, &priya.email).await;
    let second = reset_token(&app.deliver_mail().await, &priya.email);
    assert_ne!(first, second);

    app.clock.advance(31 * MINUTE);
    let expired = choose(&app, &first, "a brand new passphrase").await;
    assert_eq!(expired.status(), 410);
    let body: ErrorBody = expired.json().await.unwrap();
    assert!(body.message.contains("expired"), "{}", body.message);

    ask(&app, &priya.email).await;
    let third = reset_token(&app.deliver_mail().await, &priya.email);
    assert_eq!(choose(&app, &third, "a brand new passphrase").await.status(), 204);
    assert_eq!(choose(&app, &second, "another passphrase").await.status(), 404, "older links stop working");
    app.clock.advance(HOUR);
    assert!(
        partner_center_server::services::maintenance::purge(&app.db, app.clock.now(), 730 * 24 * HOUR)
            .await
            .unwrap()
            .password_resets
            >= 1
    );
    assert_eq!(rows(&app, "password_resets").await, 0, "used and expired links are purged");
}

#[tokio::test]
async fn an_invited_login_without_a_password_gets_no_reset_mail() {
    let app = spawn_app().await;
    let org = app.org("Harbor View Dental", None, false).await;
    app.login_with(&org, "sam@harborview.example", &[Role::SuperAdmin], None, UserStatus::Inactive).await;
    assert_eq!(ask(&app, "sam@harborview.example").await.status(), 204);
    assert!(app.deliver_mail().await.is_empty(), "their invitation is the way in");
}
