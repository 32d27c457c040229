//! Guesses slow the guesser, not the person: failures count per email and client with growing
//! waits, the email's own count stops a guess spread over many addresses, and the org's Super
//! Admin sees a login's failures and can clear them.

use partner_center_domain::api::ErrorBody;
use partner_center_domain::roles::Role;
use partner_center_domain::users::{SignInFailures, UserStatus};
use partner_center_server::infra::clock::SECOND;
use reqwest::{header, Method, Response};
use serde_json::json;

use crate::helpers::{Login, TestApp, PASSWORD};
use crate::proxies::{behind_our_proxy, sign_in_from};

fn retry_after(response: &Response) -> i64 {
    response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap()
}

/// Acme with its Super Admin (Ann) and a member (Bob), both of Acme's own namespace.
async fn acme(app: &TestApp) -> (Login, Login) {
    let org = app.org("Acme", None, false).await;
    let ann = app.login(&org, "ann@acme.example", &[Role::SuperAdmin]).await;
    let bob = app.login(&org, "bob@acme.example", &[Role::DashboardReadOnly]).await;
    (ann, bob)
}

#[tokio::test]
async fn wrong_passwords_from_five_addresses_do_not_keep_the_person_out_from_a_sixth() {
    let app = behind_our_proxy().await;
    let (_, bob) = acme(&app).await;
    for n in 1..=5 {
        assert_eq!(sign_in_from(&app, &format!("203.0.113.{n}"), &bob.email, "guess").await.status(), 401);
    }
    assert_eq!(sign_in_from(&app, "198.51.100.7", &bob.email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn one_client_guessing_one_email_waits_longer_after_each_failure_while_the_person_gets_in() {
    let app = behind_our_proxy().await;
    let (_, bob) = acme(&app).await;
    let guesser = "203.0.113.9";
    for _ in 0..3 {
        assert_eq!(sign_in_from(&app, guesser, &bob.email, "guess").await.status(), 401, "three are free");
    }
    let refused = sign_in_from(&app, guesser, &bob.email, "guess").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(retry_after(&refused), 15);
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.message, "Too many attempts. Try again in 15 seconds.");
    assert_eq!(sign_in_from(&app, "198.51.100.7", &bob.email, PASSWORD).await.status(), 200, "Bob, elsewhere");

    app.clock.advance(15 * SECOND);
    assert_eq!(sign_in_from(&app, guesser, &bob.email, "guess").await.status(), 401);
    let refused = sign_in_from(&app, guesser, &bob.email, PASSWORD).await;
    assert_eq!(refused.status(), 429, "even the right password waits on the guessing client");
    assert_eq!(retry_after(&refused), 30, "twice as long after the next failure");
    app.clock.advance(30 * SECOND);
    assert_eq!(sign_in_from(&app, guesser, &bob.email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn addresses_of_one_ipv6_64_count_as_one_client() {
    let app = behind_our_proxy().await;
    let (_, bob) = acme(&app).await;
    for n in 1..=3 {
        assert_eq!(sign_in_from(&app, &format!("2001:db8:7:7::{n}"), &bob.email, "guess").await.status(), 401);
    }
    assert_eq!(sign_in_from(&app, "2001:db8:7:7:ffff::1", &bob.email, "guess").await.status(), 429);
    assert_eq!(sign_in_from(&app, "2001:db8:7:8::1", &bob.email, PASSWORD).await.status(), 200, "another /64");
}

#[tokio::test]
async fn a_guess_spread_over_fifty_addresses_stops_the_email_until_a_super_admin_clears_it() {
    let app = behind_our_proxy().await;
    let (ann, bob) = acme(&app).await;
    let admin = app.signed_in(&ann).await;
    for n in 0..50 {
        let client = format!("203.0.{}.{}", n / 200, n % 200 + 1);
        assert_eq!(sign_in_from(&app, &client, &bob.email, "guess").await.status(), 401, "guess {n}");
        app.clock.advance(SECOND);
    }
    let refused = sign_in_from(&app, "198.51.100.7", &bob.email, PASSWORD).await;
    assert_eq!(refused.status(), 429, "the email's hourly count is full, for every client");
    assert!(refused.headers().get(header::SET_COOKIE).is_none());

    let path = format!("/api/v1/users/{}/sign-in-failures", bob.user_id);
    let seen: SignInFailures = app.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(seen.last_hour, 50);
    assert_eq!(seen.last_failed_at.as_deref(), Some("2027-01-15T08:00:49Z"));
    assert_eq!(seen.blocked_until.as_deref(), Some("2027-01-15T09:00:00Z"));

    assert_eq!(app.send(&admin, Method::DELETE, &path, json!({})).await.status(), 204);
    let cleared: SignInFailures = app.get(&admin, &path).await.json().await.unwrap();
    assert_eq!((cleared.last_hour, cleared.blocked_until), (0, None));
    assert_eq!(sign_in_from(&app, "198.51.100.7", &bob.email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn only_a_super_admin_of_the_org_owning_the_login_sees_or_clears_its_failures() {
    let app = behind_our_proxy().await;
    let partner = app.org("Northwind", None, true).await;
    let customer = app.org("Harbor View", Some(&partner), false).await;
    let dana = app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let dana_in_harbor = app.link(&dana.identity_id, &customer, &[Role::SuperAdmin], true, UserStatus::Active).await;
    let omar = app.login(&customer, "omar@harborview.example", &[Role::SuperAdmin]).await;
    for n in 1..=2 {
        assert_eq!(sign_in_from(&app, &format!("203.0.113.{n}"), &dana.email, "guess").await.status(), 401);
    }
    let omar = app.signed_in(&omar).await;
    // Dana's login is Northwind's: Harbor's Super Admin neither sees nor clears its failures.
    let path = format!("/api/v1/users/{dana_in_harbor}/sign-in-failures");
    assert_eq!(app.get(&omar, &path).await.status(), 404);
    assert_eq!(app.send(&omar, Method::DELETE, &path, json!({})).await.status(), 404);
    let dana_client = app.signed_in(&dana).await;
    let own = format!("/api/v1/users/{}/sign-in-failures", dana.user_id);
    let seen: SignInFailures = app.get(&dana_client, &own).await.json().await.unwrap();
    assert_eq!(seen.last_hour, 2, "still counted: nobody cleared them");
}

async fn report_unlock_from(app: &TestApp, client: &str, token: &str) -> Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/unlocks"))
        .header("x-forwarded-for", client)
        .bearer_auth(token)
        .json(&json!({ "door": "Front door" }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn bad_api_tokens_are_refused_on_a_read_and_a_client_sending_many_waits_without_the_write_lock() {
    let app = behind_our_proxy().await;
    let flooder = "203.0.113.66";
    for n in 0..20 {
        assert_eq!(report_unlock_from(&app, flooder, &format!("forged-{n}")).await.status(), 401, "token {n}");
    }
    // A writer holds the database's write lock: a throttled client is answered from a read.
    let writer = app.db.begin().await.unwrap();
    let answered =
        tokio::time::timeout(std::time::Duration::from_secs(10), report_unlock_from(&app, flooder, "forged-20"))
            .await
            .expect("answered without queueing for the write lock");
    assert_eq!(answered.status(), 429);
    drop(writer);
    assert_eq!(
        report_unlock_from(&app, "198.51.100.7", "forged").await.status(),
        401,
        "other clients have their own count"
    );
}
