//! Invitation links: single-use, expiring, setting a password that signs one in.

use partner_center_domain::api::{ErrorBody, InvitationInfo, Me};
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use partner_center_server::infra::clock::DAY;
use partner_center_server::infra::mail;
use partner_center_server::services::accounts::{self, Invitee};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{browser, invitation_token, spawn_app, TestApp, START};

/// An invited (inactive, passwordless) Super Admin of a new org, and the token from their mail.
async fn invited(app: &TestApp) -> String {
    let org = app.org("Harbor View Dental", None, false).await;
    let login = app.login_with(&org, "priya@harborview.example", &[Role::SuperAdmin], None, UserStatus::Inactive).await;
    let mut conn = app.db.conn().await.unwrap();
    let invitee = Invitee {
        user_id: &login.user_id,
        identity_id: &login.identity_id,
        email: &login.email,
        first_name: "Priya",
        org_id: &org,
        org_name: "Harbor View Dental",
        sender: mail::Sender { org_id: &org, per_hour: mail::DEFAULT_PER_ORG_HOUR },
    };
    accounts::invite(&mut conn, &invitee, &app.public_url, START).await.unwrap();
    drop(conn);
    let mail = app.deliver_mail().await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("To: priya@harborview.example"));
    assert!(mail[0].contains("https://partners.example.test/invitations/"), "{}", mail[0]);
    invitation_token(&mail[0])
}

async fn accept(app: &TestApp, client: &reqwest::Client, token: &str, password: &str) -> reqwest::Response {
    app.send(client, Method::POST, &format!("/api/v1/invitations/{token}/accept"), json!({ "password": password }))
        .await
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

/// An org whose signed-in Super Admin has just added Sam with Portal Access (invited by mail).
struct Invited {
    app: TestApp,
    admin: reqwest::Client,
    org: String,
    user: partner_center_domain::users::UserSummary,
    token: String,
}

async fn added_by_an_admin() -> Invited {
    let app = spawn_app().await;
    let org = app.org("Harbor View Dental", None, false).await;
    let admin_login = app.login(&org, "priya@harborview.example", &[Role::SuperAdmin]).await;
    let admin = app.signed_in(&admin_login).await;
    let body = json!({ "firstName": "Sam", "lastName": "Ortiz", "email": "sam@harborview.example", "portalAccess": true, "roles": ["dashboard_read_only"] });
    let response = app.send(&admin, Method::POST, "/api/v1/users", body).await;
    assert_eq!(response.status(), 201);
    let user = response.json().await.unwrap();
    let mail = app.deliver_mail().await;
    let token = invitation_token(mail.last().unwrap());
    Invited { app, admin, org, user, token }
}

/// The invitation token in `mail` that is not `known`.
fn another_token(mail: &[String], known: &str) -> String {
    mail.iter().map(|message| invitation_token(message)).find(|token| token != known).expect("a second invitation")
}

impl Invited {
    async fn edit(&self, portal_access: bool, suspended: bool) -> partner_center_domain::users::UserSummary {
        let current: partner_center_domain::users::UserSummary =
            self.app.get(&self.admin, &format!("/api/v1/users/{}", self.user.id)).await.json().await.unwrap();
        let body = json!({ "roles": ["dashboard_read_only"], "portalAccess": portal_access, "suspended": suspended, "version": current.version });
        let response =
            self.app.send(&self.admin, Method::PATCH, &format!("/api/v1/users/{}", self.user.id), body).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn status(&self) -> UserStatus {
        let user: partner_center_domain::users::UserSummary =
            self.app.get(&self.admin, &format!("/api/v1/users/{}", self.user.id)).await.json().await.unwrap();
        user.status
    }
}

#[tokio::test]
async fn a_suspended_user_cannot_reactivate_through_an_old_invitation_link() {
    let invited = added_by_an_admin().await;
    invited.edit(true, true).await;
    let client = browser();
    let response = accept(&invited.app, &client, &invited.token, "a long enough passphrase").await;
    assert_eq!(response.status(), 404, "suspending revoked the link");
    assert!(response.headers().get(reqwest::header::SET_COOKIE).is_none());
    assert_eq!(invited.app.get(&client, "/api/v1/me").await.status(), 401);
    assert_eq!(invited.status().await, UserStatus::Suspended, "still suspended");
    let sign_in = invited.app.sign_in(&browser(), "sam@harborview.example", "a long enough passphrase").await;
    assert_eq!(sign_in.status(), 401, "and no password was set");
}

#[tokio::test]
async fn an_invitation_never_activates_a_user_who_is_no_longer_waiting_for_it() {
    let invited = added_by_an_admin().await;
    // Suspended directly in the data, as an edit racing the link might leave it: the link
    // itself still exists, and must refuse.
    let mut conn = invited.app.db.conn().await.unwrap();
    partner_center_server::db::users::set_status(&mut conn, &invited.user.id, UserStatus::Suspended).await.unwrap();
    drop(conn);
    let response = accept(&invited.app, &browser(), &invited.token, "a long enough passphrase").await;
    assert_eq!(response.status(), 410);
    let body: ErrorBody = response.json().await.unwrap();
    assert!(body.message.contains("no longer valid"), "{}", body.message);
    assert_eq!(invited.status().await, UserStatus::Suspended);
}

#[tokio::test]
async fn removing_portal_access_revokes_the_pending_invitation_and_restoring_it_sends_a_new_one() {
    let invited = added_by_an_admin().await;
    invited.edit(false, false).await;
    assert_eq!(accept(&invited.app, &browser(), &invited.token, "a long enough passphrase").await.status(), 404);
    assert_eq!(invited.status().await, UserStatus::Inactive);

    invited.edit(true, false).await;
    let fresh = another_token(&invited.app.deliver_mail().await, &invited.token);
    assert_ne!(fresh, invited.token);
    assert_eq!(accept(&invited.app, &browser(), &fresh, "a long enough passphrase").await.status(), 200);
    assert_eq!(invited.status().await, UserStatus::Active);
}

impl Invited {
    async fn resend(&self) -> reqwest::Response {
        self.app.send(&self.admin, Method::POST, &format!("/api/v1/users/{}/invitation", self.user.id), json!({})).await
    }
}

#[tokio::test]
async fn a_new_invitation_replaces_the_link_sent_before() {
    let invited = added_by_an_admin().await;
    let response = invited.resend().await;
    assert_eq!(response.status(), 200);
    let user: partner_center_domain::users::UserSummary = response.json().await.unwrap();
    assert_eq!(user.status, UserStatus::Inactive, "still waiting, shown as Invited");
    assert_eq!(user.status.label(), "Invited");

    let mail = invited.app.deliver_mail().await;
    let fresh = another_token(&mail, &invited.token);
    assert!(mail.last().unwrap().contains("To: sam@harborview.example"));
    let old = accept(&invited.app, &browser(), &invited.token, "a long enough passphrase").await;
    assert_eq!(old.status(), 404, "the earlier link stopped working");
    assert_eq!(invited.status().await, UserStatus::Inactive);
    assert_eq!(accept(&invited.app, &browser(), &fresh, "a long enough passphrase").await.status(), 200);
    assert_eq!(invited.status().await, UserStatus::Active);
}

#[tokio::test]
async fn only_a_user_still_waiting_with_portal_access_is_sent_a_new_invitation() {
    let invited = added_by_an_admin().await;
    invited.edit(false, false).await;
    let without_access = invited.resend().await;
    assert_eq!(without_access.status(), 409);
    let body: ErrorBody = without_access.json().await.unwrap();
    assert!(body.message.contains("no Portal Access"), "{}", body.message);

    invited.edit(true, false).await;
    let restored = another_token(&invited.app.deliver_mail().await, &invited.token);
    assert_eq!(accept(&invited.app, &browser(), &restored, "a long enough passphrase").await.status(), 200);
    let mail_before = invited.app.deliver_mail().await.len();
    let accepted = invited.resend().await;
    assert_eq!(accepted.status(), 409);
    let body: ErrorBody = accepted.json().await.unwrap();
    assert!(body.message.contains("has not accepted an invitation yet"), "{}", body.message);
    assert_eq!(invited.app.deliver_mail().await.len(), mail_before, "no mail for a refusal");
}

#[tokio::test]
async fn an_invitation_for_a_login_that_already_has_a_password_does_not_change_it() {
    let invited = added_by_an_admin().await;
    let app = &invited.app;
    // A customer of Harbor's, where Harbor's Priya is a Super Admin too, links Sam's login (still
    // without a password): a second invitation.
    let other = app.org("Summit Ridge", Some(&invited.org), false).await;
    let priya: String = {
        let mut conn = app.db.conn().await.unwrap();
        partner_center_server::db::query_scalar("SELECT id FROM identities WHERE email = 'priya@harborview.example'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    app.link(&priya, &other, &[Role::SuperAdmin], true, UserStatus::Active).await;
    let other_client = invited.admin.clone();
    let switch = app.send(&other_client, Method::PUT, "/api/v1/session/org", json!({ "orgId": other })).await;
    assert_eq!(switch.status(), 200);
    let link = json!({ "firstName": "Sam", "lastName": "Ortiz", "email": "sam@harborview.example", "portalAccess": true,
                       "roles": ["dashboard_read_only"], "useExistingNamespace": true, "namespace": "org:harbor-view-dental" });
    assert_eq!(app.send(&other_client, Method::POST, "/api/v1/users", link).await.status(), 201);
    let second = another_token(&app.deliver_mail().await, &invited.token);
    assert_ne!(second, invited.token);

    assert_eq!(accept(app, &browser(), &invited.token, "the first passphrase").await.status(), 200);
    let response = accept(app, &browser(), &second, "a second passphrase").await;
    assert_eq!(response.status(), 409);
    let body: ErrorBody = response.json().await.unwrap();
    assert!(body.message.contains("already has a password"), "{}", body.message);
    assert!(body.message.contains("Summit Ridge"), "{}", body.message);

    assert_eq!(app.sign_in(&browser(), "sam@harborview.example", "a second passphrase").await.status(), 401);
    let client = browser();
    assert_eq!(app.sign_in(&client, "sam@harborview.example", "the first passphrase").await.status(), 200);
    let me: Me = app.get(&client, "/api/v1/me").await.json().await.unwrap();
    let names: Vec<_> = me.orgs.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Harbor View Dental", "Summit Ridge"], "the second membership was activated");
    assert_eq!(accept(app, &browser(), &second, "a second passphrase").await.status(), 410, "and the link is used");
}

#[tokio::test]
async fn an_unknown_invitation_link_costs_no_password_hash() {
    let invited = added_by_an_admin().await;
    let before = invited.app.passwords.hashes_run();
    let response = accept(&invited.app, &browser(), "not-a-real-token-at-all", "a long enough passphrase").await;
    assert_eq!(response.status(), 404);
    assert_eq!(invited.app.passwords.hashes_run(), before);
    assert_eq!(accept(&invited.app, &browser(), &invited.token, "a long enough passphrase").await.status(), 200);
    assert_eq!(invited.app.passwords.hashes_run(), before + 1, "a real one costs one hash");
}

#[tokio::test]
async fn invitation_links_are_throttled_per_client() {
    let invited = added_by_an_admin().await;
    for attempt in 0..20 {
        let response = accept(&invited.app, &browser(), &format!("guess-{attempt}"), "a long enough passphrase").await;
        assert_eq!(response.status(), 404);
    }
    let refused = accept(&invited.app, &browser(), &invited.token, "a long enough passphrase").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key(reqwest::header::RETRY_AFTER));
    assert_eq!(invited.status().await, UserStatus::Inactive, "nothing was accepted");
}

#[tokio::test]
async fn setting_a_password_ends_the_logins_other_sessions() {
    let invited = added_by_an_admin().await;
    let app = &invited.app;
    // A session the login somehow holds already (as one made before a password reset would).
    let mut conn = app.db.conn().await.unwrap();
    let identity: String = partner_center_server::db::query_scalar("SELECT identity_id FROM users WHERE id = $1")
        .bind(&invited.user.id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    partner_center_server::db::query("UPDATE users SET status = 'active' WHERE id = $1")
        .bind(&invited.user.id)
        .execute(&mut conn)
        .await
        .unwrap();
    let old = accounts::start_session(&mut conn, &identity, &invited.user.id, &invited.org, START).await.unwrap();
    partner_center_server::db::query("UPDATE users SET status = 'inactive' WHERE id = $1")
        .bind(&invited.user.id)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let old_client = browser();
    let cookie = format!("pc_session={old}");

    assert_eq!(accept(app, &browser(), &invited.token, "a long enough passphrase").await.status(), 200);
    let response = old_client.get(app.url("/api/v1/me")).header(reqwest::header::COOKIE, cookie).send().await.unwrap();
    assert_eq!(response.status(), 401, "the older session ended");
}
