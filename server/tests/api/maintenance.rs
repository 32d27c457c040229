//! The purge job deletes what has outlived its use, and nothing that still works.

use partner_center_domain::roles::Role;
use partner_center_server::infra::clock::{DAY, HOUR};
use partner_center_server::services::maintenance::{self, Purged};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{browser, invitation_token, spawn_app, PASSWORD};

/// The default retention of audit entries: two years.
const RETENTION: i64 = 730 * DAY;

#[tokio::test]
async fn the_purge_removes_expired_sessions_used_invitations_old_keys_and_old_failures_only() {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    let admin = app.login(&org, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let old_session = app.signed_in(&admin).await;
    let created = old_session
        .post(app.url("/api/v1/partner/orgs"))
        .header("x-csrf-protection", "1")
        .header("idempotency-key", "yesterday")
        .json(&json!({ "name": "Harbor View Dental", "adminFirstName": "Priya", "adminLastName": "Raman",
            "adminEmail": "priya@harborview.example", "apEmail": "ap@harborview.example", "trialDays": 14 }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let token = invitation_token(&app.deliver_mail().await[0]);
    assert_eq!(app.sign_in(&browser(), "dana@northwind.example", "an old guess").await.status(), 401);

    app.clock.advance(25 * HOUR);
    let live_session = app.signed_in(&admin).await;
    assert_eq!(app.sign_in(&browser(), "dana@northwind.example", "a fresh guess").await.status(), 401);
    let purged = maintenance::purge(&app.db, app.clock.now(), RETENTION).await.unwrap();
    assert_eq!(
        purged,
        Purged {
            sessions: 1,
            invitations: 0,
            idempotency_keys: 1,
            sign_in_failures: 2,
            audit_entries: 0,
            access_requests: 0,
            password_resets: 0
        }
    );
    assert_eq!(app.get(&live_session, "/api/v1/me").await.status(), 200, "the live session stays");
    let still_pending = app.get(&browser(), &format!("/api/v1/invitations/{token}")).await;
    assert_eq!(still_pending.status(), 200, "the pending invitation stays");
    let refused = app.sign_in(&browser(), "dana@northwind.example", "another guess").await;
    assert_eq!(refused.status(), 401);

    let accepted = app
        .send(&browser(), Method::POST, &format!("/api/v1/invitations/{token}/accept"), json!({ "password": PASSWORD }))
        .await;
    assert_eq!(accepted.status(), 200);
    let purged = maintenance::purge(&app.db, app.clock.now(), RETENTION).await.unwrap();
    assert_eq!(purged.invitations, 1, "a used invitation goes");
    assert_eq!(purged.sessions, 0);
    let mut conn = app.db.conn().await.unwrap();
    let failures: i64 = partner_center_server::db::query_scalar("SELECT COUNT(*) FROM sign_in_failures")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        failures, 6,
        "the two failures inside the window are kept, each in its email-from-client, email and client buckets"
    );
}

#[tokio::test]
async fn audit_entries_are_kept_for_the_retention_period_then_purged() {
    let app = spawn_app().await;
    let org = app.org("Lakeside Clinic", None, false).await;
    let lee = app.login(&org, "lee@lakeside.example", &[Role::SuperAdmin]).await;
    let _ = app.signed_in(&lee).await;
    app.clock.advance(RETENTION - HOUR);
    let kept = maintenance::purge(&app.db, app.clock.now(), RETENTION).await.unwrap();
    assert_eq!(kept.audit_entries, 0, "an entry younger than the retention stays");
    let _ = app.signed_in(&lee).await;
    app.clock.advance(2 * HOUR);
    let purged = maintenance::purge(&app.db, app.clock.now(), RETENTION).await.unwrap();
    assert_eq!(purged.audit_entries, 1, "only the entry past the retention goes");
    let mut conn = app.db.conn().await.unwrap();
    let left: i64 = partner_center_server::db::query_scalar("SELECT COUNT(*) FROM audit_entries")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(left, 1);
}
