//! Invitation links: single-use, expiring, setting a password that signs one in.

use partner_center_domain::api::{ErrorBody, InvitationInfo, Me};
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use partner_center_server::accounts::{self, Invitee};
use partner_center_server::clock::DAY;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{browser, invitation_token, spawn_app, TestApp, START};

/// An invited (inactive, passwordless) Super Admin of a new org, and the token from their mail.
async fn invited(app: &TestApp) -> String {
    let org = app.org("Harbor View Dental", None, false).await;
    let login = app.login_with(&org, "priya@harborview.example", &[Role::SuperAdmin], None, UserStatus::Inactive).await;
    let mut conn = app.db.conn().await.unwrap();
    let invitee = Invitee { identity_id: &login.identity_id, email: &login.email, first_name: "Priya", org_id: &org, org_name: "Harbor View Dental" };
    accounts::invite(&mut conn, &invitee, &app.public_url, START).await.unwrap();
    drop(conn);
    let mail = app.deliver_mail().await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("To: priya@harborview.example"));
    assert!(mail[0].contains("https://partners.example.test/invitations/"), "{}", mail[0]);
    invitation_token(&mail[0])
}

async fn accept(app: &TestApp, client: &reqwest::Client, token: &str, password: &str) -> reqwest::Response {
    app.send(client, Method::POST, &format!("/api/v1/invitations/{token}/accept"), json!({ "password": password })).await
}

#[tokio::test]
async fn an_invitation_link_sets_a_password_and_signs_in() {
    let app = spawn_app().await;
    let token = invited(&app).await;
    let client = browser();
    let info: InvitationInfo = app.get(&client, &format!("/api/v1/invitations/{token}")).await.json().await.unwrap();
    assert_eq!(info.email, "priya@harborview.example");
    assert_eq!(info.org_name, "Harbor View Dental");
    assert_eq!(info.namespace, "org:harbor-view-dental");

    let response = accept(&app, &client, &token, "a long enough passphrase").await;
    assert_eq!(response.status(), 200);
    let me: Me = response.json().await.unwrap();
    assert_eq!(me.acting_org.name, "Harbor View Dental");
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 200, "signed in by the cookie");

    let later = app.sign_in(&browser(), "priya@harborview.example", "a long enough passphrase").await;
    assert_eq!(later.status(), 200, "the password works for signing in, and the user is active");
}

#[tokio::test]
async fn an_invitation_works_once() {
    let app = spawn_app().await;
    let token = invited(&app).await;
    assert_eq!(accept(&app, &browser(), &token, "a long enough passphrase").await.status(), 200);
    let second = accept(&app, &browser(), &token, "another long passphrase").await;
    assert_eq!(second.status(), 410);
    let body: ErrorBody = second.json().await.unwrap();
    assert!(body.message.contains("already been used"));
    assert_eq!(app.sign_in(&browser(), "priya@harborview.example", "another long passphrase").await.status(), 401);
}

#[tokio::test]
async fn an_invitation_expires_after_seven_days() {
    let app = spawn_app().await;
    let token = invited(&app).await;
    app.clock.advance(7 * DAY);
    let response = app.get(&browser(), &format!("/api/v1/invitations/{token}")).await;
    assert_eq!(response.status(), 410);
    assert_eq!(accept(&app, &browser(), &token, "a long enough passphrase").await.status(), 410);
}

#[tokio::test]
async fn a_short_password_is_refused_beside_the_field_and_the_link_still_works() {
    let app = spawn_app().await;
    let token = invited(&app).await;
    let response = accept(&app, &browser(), &token, "short pass").await;
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.field_errors[0].field, "password");
    assert_eq!(body.field_errors[0].message, "Use at least 12 characters.");
    assert_eq!(accept(&app, &browser(), &token, "twelve chars").await.status(), 200);
}

#[tokio::test]
async fn an_unknown_token_is_not_found() {
    let app = spawn_app().await;
    let response = app.get(&browser(), "/api/v1/invitations/not-a-real-token").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn an_invited_user_cannot_sign_in_before_accepting() {
    let app = spawn_app().await;
    invited(&app).await;
    assert_eq!(app.sign_in(&browser(), "priya@harborview.example", "").await.status(), 401);
}
