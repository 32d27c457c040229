//! Signing in and out, sessions, suspension, throttling and org switching.

use partner_center_domain::api::{ErrorBody, Me, SignInResponse};
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use partner_center_server::infra::clock::{HOUR, MINUTE};
use reqwest::{header, Method};
use serde_json::json;

use crate::helpers::{browser, spawn_app, PASSWORD};

async fn me(response: reqwest::Response) -> Me {
    match response.json::<SignInResponse>().await.unwrap() {
        SignInResponse::SignedIn { me } => me,
        other => panic!("expected to be signed in, got {other:?}"),
    }
}

#[tokio::test]
async fn signing_in_sets_an_http_only_strict_cookie_and_names_the_acting_org() {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    let login = app.login(&org, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let client = browser();
    let response = app.sign_in(&client, "  Dana@Northwind.example ", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("pc_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let token = cookie.trim_start_matches("pc_session=").split(';').next().unwrap();
    assert!(token.len() >= 22, "at least 128 bits");
    let me = me(response).await;
    assert_eq!(me.acting_org.id, login.org_id);
    assert_eq!(me.acting_org.name, "Northwind Security");
    assert_eq!(me.namespace, "org:northwind-security");

    let again: Me = app.get(&client, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(again.email, "dana@northwind.example");
    assert_eq!(again.roles, vec![Role::SuperAdmin]);
}

#[tokio::test]
async fn every_sign_in_gets_a_new_session_token() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let first = app.sign_in(&browser(), "a@acme.example", PASSWORD).await;
    let second = app.sign_in(&browser(), "a@acme.example", PASSWORD).await;
    assert_ne!(first.headers()[header::SET_COOKIE], second.headers()[header::SET_COOKIE]);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let wrong = app.sign_in(&browser(), "a@acme.example", "not the password").await;
    let unknown = app.sign_in(&browser(), "nobody@acme.example", "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(wrong.headers().get(header::SET_COOKIE).is_none());
    let (wrong, unknown): (ErrorBody, ErrorBody) = (wrong.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.message, "The email or password is incorrect.");
}

#[tokio::test]
async fn a_malformed_email_is_a_field_error() {
    let app = spawn_app().await;
    let response = app.sign_in(&browser(), "not-an-email", PASSWORD).await;
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.field_errors[0].field, "email");
}

#[tokio::test]
async fn an_email_in_several_namespaces_asks_which_and_signs_into_the_chosen_one() {
    let app = spawn_app().await;
    let first = app.org("First Org", None, false).await;
    let second = app.org("Second Org", None, false).await;
    app.login(&first, "pat@example.com", &[Role::SuperAdmin]).await;
    app.login(&second, "pat@example.com", &[Role::SuperAdminReadOnly]).await;
    let client = browser();
    let response = app.sign_in(&client, "pat@example.com", PASSWORD).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let choice: SignInResponse = response.json().await.unwrap();
    assert_eq!(
        choice,
        SignInResponse::ChooseNamespace { namespaces: vec!["org:first-org".into(), "org:second-org".into()] }
    );
    let chosen = app
        .send(
            &client,
            Method::POST,
            "/api/v1/session",
            json!({ "email": "pat@example.com", "password": PASSWORD, "namespace": "org:second-org" }),
        )
        .await;
    let me = me(chosen).await;
    assert_eq!(me.acting_org.id, second);
    assert_eq!(me.roles, vec![Role::SuperAdminReadOnly]);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let response = app.sign_in(&browser(), "a@acme.example", PASSWORD).await;
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let with_cookie = |method: Method, path: &str| {
        reqwest::Client::new()
            .request(method, app.url(path))
            .header(header::COOKIE, cookie.clone())
            .header("x-csrf-protection", "1")
    };
    assert_eq!(with_cookie(Method::GET, "/api/v1/me").send().await.unwrap().status(), 200);
    let out = with_cookie(Method::DELETE, "/api/v1/session").send().await.unwrap();
    assert_eq!(out.status(), 204);
    assert!(out.headers()[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    // The old token is dead on the server, not just forgotten by the browser.
    assert_eq!(with_cookie(Method::GET, "/api/v1/me").send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn an_idle_session_ends_after_an_hour() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    let login = app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&login).await;
    app.clock.advance(HOUR - MINUTE);
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 200, "use keeps it alive");
    app.clock.advance(HOUR - MINUTE);
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 200);
    app.clock.advance(HOUR);
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in_however_busy() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    let login = app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&login).await;
    for _ in 0..23 {
        app.clock.advance(30 * MINUTE);
        assert_eq!(app.get(&client, "/api/v1/me").await.status(), 200);
    }
    app.clock.advance(30 * MINUTE);
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn suspending_a_user_stops_their_session_at_once() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    let login = app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&login).await;
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::users::set_status(&mut conn, &login.user_id, UserStatus::Suspended).await.unwrap();
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 401);
    assert_eq!(app.sign_in(&browser(), "a@acme.example", PASSWORD).await.status(), 401);
}

#[tokio::test]
async fn a_login_without_portal_access_anywhere_cannot_sign_in() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    let login = app.login_with(&org, "a@acme.example", &[Role::SuperAdmin], Some(PASSWORD), UserStatus::Active).await;
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query("UPDATE users SET portal_access = 0 WHERE id = $1")
        .bind(&login.user_id)
        .execute(&mut conn)
        .await
        .unwrap();
    let response = app.sign_in(&browser(), "a@acme.example", PASSWORD).await;
    assert_eq!(response.status(), 401, "as a wrong password: the answer never says the password was right");
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn a_typo_or_two_never_slows_a_real_person() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    for _ in 0..3 {
        assert_eq!(app.sign_in(&browser(), "a@acme.example", "typo").await.status(), 401);
        assert_eq!(app.sign_in(&browser(), "a@acme.example", "typo").await.status(), 401);
        assert_eq!(app.sign_in(&browser(), "a@acme.example", PASSWORD).await.status(), 200);
    }
}

#[tokio::test]
async fn one_client_guessing_many_emails_is_throttled() {
    let app = spawn_app().await;
    for n in 0..20 {
        assert_eq!(app.sign_in(&browser(), &format!("user{n}@acme.example"), "guess").await.status(), 401);
    }
    assert_eq!(app.sign_in(&browser(), "user99@acme.example", "guess").await.status(), 429);
}

#[tokio::test]
async fn the_switcher_offers_only_orgs_with_active_portal_access() {
    let app = spawn_app().await;
    let partner = app.org("Northwind", None, true).await;
    let customer = app.org("Harbor View", Some(&partner), false).await;
    let no_access = app.org("No Access Co", None, false).await;
    let suspended = app.org("Suspended Co", None, false).await;
    let login = app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    app.link(&login.identity_id, &customer, &[Role::SuperAdmin], true, UserStatus::Active).await;
    app.link(&login.identity_id, &no_access, &[Role::SuperAdmin], false, UserStatus::Active).await;
    app.link(&login.identity_id, &suspended, &[Role::SuperAdmin], true, UserStatus::Suspended).await;
    let client = app.signed_in(&login).await;
    let me: Me = app.get(&client, "/api/v1/me").await.json().await.unwrap();
    let names: Vec<_> = me.orgs.iter().map(|org| org.name.as_str()).collect();
    assert_eq!(names, ["Harbor View", "Northwind"]);

    for org in [&no_access, &suspended, &"0123456789abcdef0123456789abcdef".to_owned()] {
        let response = app.send(&client, Method::PUT, "/api/v1/session/org", json!({ "orgId": org })).await;
        assert_eq!(response.status(), 404);
    }
}

#[tokio::test]
async fn switching_org_acts_there_with_that_orgs_roles() {
    let app = spawn_app().await;
    let partner = app.org("Northwind", None, true).await;
    let customer = app.org("Harbor View", Some(&partner), false).await;
    let login = app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    app.link(&login.identity_id, &customer, &[Role::SuperAdminReadOnly], true, UserStatus::Active).await;
    let client = app.signed_in(&login).await;
    let switched: Me =
        app.send(&client, Method::PUT, "/api/v1/session/org", json!({ "orgId": customer })).await.json().await.unwrap();
    assert_eq!(switched.acting_org.name, "Harbor View");
    assert_eq!(switched.roles, vec![Role::SuperAdminReadOnly]);
    let me: Me = app.get(&client, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me.acting_org.id, customer, "the switch lasts");
}

#[tokio::test]
async fn every_kind_of_sign_in_failure_costs_exactly_one_password_hash() {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    app.login(&org, "dana@northwind.example", &[Role::SuperAdmin]).await;
    app.login_with(&org, "new@northwind.example", &[Role::SuperAdmin], None, UserStatus::Inactive).await;
    app.login_with(&org, "gone@northwind.example", &[Role::SuperAdmin], Some(PASSWORD), UserStatus::Suspended).await;
    for (email, password, status) in [
        ("nobody@northwind.example", PASSWORD, 401),
        ("new@northwind.example", PASSWORD, 401),
        ("gone@northwind.example", "a wrong password", 401),
        ("gone@northwind.example", PASSWORD, 401),
        ("dana@northwind.example", "a wrong password", 401),
    ] {
        let before = app.passwords.hashes_run();
        let response = app.sign_in(&browser(), email, password).await;
        assert_eq!(response.status(), status, "{email}");
        assert_eq!(app.passwords.hashes_run() - before, 1, "{email} with {password}");
    }
}

#[tokio::test]
async fn concurrent_wrong_passwords_for_one_email_from_one_client_let_at_most_three_reach_the_password_check() {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    app.login(&org, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let before = app.passwords.hashes_run();
    let url = app.url("/api/v1/session");
    let attempts: Vec<_> = (0..12)
        .map(|i| {
            let url = url.clone();
            tokio::spawn(async move {
                let body = json!({ "email": "dana@northwind.example", "password": format!("wrong guess {i}") });
                browser().post(url).header("x-csrf-protection", "1").json(&body).send().await.unwrap().status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    let checked = app.passwords.hashes_run() - before;
    assert!(checked <= 3, "{checked} guesses reached the password check");
    assert!(statuses.iter().all(|s| [401, 429].contains(s)), "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 401).count() as u64, checked);
    assert_eq!(statuses.iter().filter(|s| **s == 429).count() as u64, 12 - checked);
}

#[tokio::test]
async fn an_email_with_several_password_logins_costs_one_hash_like_every_other_failure() {
    let app = spawn_app().await;
    let first = app.org("First Org", None, false).await;
    let second = app.org("Second Org", None, false).await;
    let third = app.org("Third Org", None, false).await;
    app.login(&first, "pat@example.com", &[Role::SuperAdmin]).await;
    app.login_with(&second, "pat@example.com", &[Role::SuperAdmin], Some("another password"), UserStatus::Active).await;
    // The third login gets its password the way people do: through its invitation.
    let third_login = app.login_with(&third, "pat@example.com", &[Role::SuperAdmin], None, UserStatus::Inactive).await;
    let mut conn = app.db.conn().await.unwrap();
    let invitee = partner_center_server::services::accounts::Invitee {
        user_id: &third_login.user_id,
        identity_id: &third_login.identity_id,
        email: "pat@example.com",
        first_name: "Pat",
        org_id: &third,
        org_name: "Third Org",
        sender: partner_center_server::infra::mail::Sender { org_id: &third, per_hour: 100 },
    };
    partner_center_server::services::accounts::invite(&mut conn, &invitee, &app.public_url, app.clock.now())
        .await
        .unwrap();
    drop(conn);
    let token = crate::helpers::invitation_token(&app.deliver_mail().await[0]);
    let accept = json!({ "password": "a third password for pat" });
    let accepted = app.send(&browser(), Method::POST, &format!("/api/v1/invitations/{token}/accept"), accept).await;
    assert_eq!(accepted.status(), 200);

    for (password, status) in [("a wrong password", 401), (PASSWORD, 200), ("a third password for pat", 200)] {
        let before = app.passwords.hashes_run();
        assert_eq!(app.sign_in(&browser(), "pat@example.com", password).await.status(), status, "{password}");
        assert_eq!(app.passwords.hashes_run() - before, 1, "three logins, one hash, with {password}");
    }
}

#[tokio::test]
async fn a_suspended_login_answers_the_same_for_the_right_and_a_wrong_password_and_stays_counted() {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    app.login_with(&org, "gone@northwind.example", &[Role::SuperAdmin], Some(PASSWORD), UserStatus::Suspended).await;
    let wrong = app.sign_in(&browser(), "gone@northwind.example", "a wrong password").await;
    let (wrong_status, wrong_body) = (wrong.status(), wrong.text().await.unwrap());
    let right = app.sign_in(&browser(), "gone@northwind.example", PASSWORD).await;
    assert!(right.headers().get(header::SET_COOKIE).is_none());
    assert_eq!((right.status(), right.text().await.unwrap()), (wrong_status, wrong_body));
    assert_eq!(wrong_status, 401);
    assert_eq!(app.sign_in(&browser(), "gone@northwind.example", "a wrong password").await.status(), 401);
    assert_eq!(
        app.sign_in(&browser(), "gone@northwind.example", PASSWORD).await.status(),
        429,
        "the right one counted"
    );
}

#[tokio::test]
async fn a_password_longer_than_any_that_can_be_set_is_refused_before_hashing() {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    app.login(&org, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let before = app.passwords.hashes_run();
    let response = app.sign_in(&browser(), "dana@northwind.example", &"x".repeat(1_000_000)).await;
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.field_errors[0].field, "password");
    assert_eq!(body.field_errors[0].message, "Use at most 256 characters.");
    assert_eq!(app.passwords.hashes_run(), before);
}

#[tokio::test]
async fn sign_ins_waiting_for_a_password_check_hold_no_database_connection() {
    let app = spawn_app().await;
    let org = app.org("Acme", None, false).await;
    let login = app.login(&org, "a@acme.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&login).await;
    // More waiting sign-ins than the pool has connections.
    let waiting = usize::try_from(app.db.max_connections()).unwrap() + 2;
    let paused = partner_center_server::infra::secrets::pause_hashing().await;
    let sign_ins: Vec<_> = (0..waiting)
        .map(|n| {
            let (url, body) =
                (app.url("/api/v1/session"), json!({ "email": format!("guess{n}@acme.example"), "password": "guess" }));
            tokio::spawn(async move {
                browser().post(url).header("x-csrf-protection", "1").json(&body).send().await.unwrap().status()
            })
        })
        .collect();
    // Each reserves its failure (one row per email, one per client) before its password check.
    loop {
        let mut conn = app.db.conn().await.unwrap();
        let reserved: i64 = partner_center_server::db::query_scalar("SELECT COUNT(*) FROM sign_in_failures")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if reserved >= i64::try_from(2 * waiting).unwrap() {
            break;
        }
        drop(conn);
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let me = app.get(&client, "/api/v1/me").await;
    assert_eq!(me.status(), 200, "a request behind the waiting sign-ins still gets a connection");
    drop(paused);
    for sign_in in sign_ins {
        assert_eq!(sign_in.await.unwrap(), 401);
    }
}
