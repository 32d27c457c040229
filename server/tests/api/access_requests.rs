//! Linking a login of an unrelated namespace is a request: the same answer whatever exists
//! there, answered by the login's holder (accept, decline), withdrawn by the org (cancel), or
//! ended by fourteen days of silence.

use partner_center_domain::access_request::{AccessRequest, IncomingAccessRequest};
use partner_center_domain::api::{ErrorBody, Me, Page};
use partner_center_domain::audit::{AuditAction, AuditEntry};
use partner_center_domain::child_org::ChildOrgDetail;
use partner_center_domain::roles::Role;
use partner_center_domain::users::{UserStatus, UserSummary};
use partner_center_server::infra::clock::{rfc3339, DAY, SECOND};
use partner_center_server::services::maintenance;
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, Login, TestApp, PASSWORD};

const BRIGHTLINE: &str = "org:brightline-consulting";

/// Harbor View Dental (a customer of Northwind Security) and Brightline Consulting, an
/// unrelated org whose consultant Kai has a login.
struct World {
    app: TestApp,
    harbor: String,
    priya: Client,
    kai: Login,
}

async fn world() -> World {
    let app = spawn_app().await;
    let northwind = app.org("Northwind Security", None, true).await;
    let harbor = app.org("Harbor View Dental", Some(&northwind), false).await;
    let priya = app.login(&harbor, "priya@harborview.example", &[Role::SuperAdmin]).await;
    let priya = app.signed_in(&priya).await;
    let brightline = app.org("Brightline Consulting", None, false).await;
    let kai = app.login(&brightline, "kai@brightline.example", &[Role::SuperAdmin]).await;
    World { app, harbor, priya, kai }
}

fn asking(email: &str, namespace: &str) -> Value {
    json!({ "firstName": "Kai", "lastName": "Lund", "email": email, "useExistingNamespace": true,
        "namespace": namespace, "portalAccess": true, "roles": ["super_admin_read_only"] })
}

/// Every table a request could touch, counted.
const TABLES: [&str; 7] =
    ["identities", "users", "user_roles", "invitations", "outbox", "access_requests", "audit_entries"];

impl World {
    async fn ask(&self, email: &str, namespace: &str) -> Response {
        self.app.send(&self.priya, Method::POST, "/api/v1/users", asking(email, namespace)).await
    }

    async fn ask_kai(&self) -> AccessRequest {
        let response = self.ask(&self.kai.email, BRIGHTLINE).await;
        assert_eq!(response.status(), 202);
        response.json().await.unwrap()
    }

    async fn counts(&self) -> Vec<i64> {
        let mut conn = self.app.db.conn().await.unwrap();
        let mut counts = Vec::new();
        for table in TABLES {
            counts.push(
                partner_center_server::db::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(&mut conn)
                    .await
                    .unwrap(),
            );
        }
        counts
    }

    async fn pending(&self) -> Vec<AccessRequest> {
        let response = self.app.get(&self.priya, "/api/v1/access-requests").await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn incoming(&self, client: &Client) -> Vec<IncomingAccessRequest> {
        let response = self.app.get(client, "/api/v1/me/access-requests").await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn answer(&self, client: &Client, id: &str, answer: &str) -> Response {
        self.app.send(client, Method::POST, &format!("/api/v1/me/access-requests/{id}/{answer}"), json!({})).await
    }

    async fn harbor_users(&self) -> Vec<UserSummary> {
        let page: Page<UserSummary> = self.app.get(&self.priya, "/api/v1/users?limit=100").await.json().await.unwrap();
        page.data
    }

    async fn newest_entry(&self) -> AuditEntry {
        let page: Page<AuditEntry> = self.app.get(&self.priya, "/api/v1/audit?limit=1").await.json().await.unwrap();
        page.data[0].clone()
    }
}

#[tokio::test]
async fn existing_and_unknown_logins_and_namespaces_get_the_same_answer_and_the_same_work() {
    let w = world().await;
    let now = w.app.clock.now();
    let mut header_sets = Vec::new();
    for (email, namespace) in [
        ("kai@brightline.example", BRIGHTLINE),
        ("nobody@brightline.example", BRIGHTLINE),
        ("kai@brightline.example", "org:no-such-org"),
    ] {
        let before = w.counts().await;
        let response = w.ask(email, namespace).await;
        assert_eq!(response.status(), 202, "{email} in {namespace}");
        let mut headers: Vec<String> = response.headers().keys().map(|name| name.to_string()).collect();
        headers.sort();
        let body: Value = response.json().await.unwrap();
        let expected = json!({ "id": body["id"], "firstName": "Kai", "lastName": "Lund", "email": email,
            "namespace": namespace, "roles": ["super_admin_read_only"], "portalAccess": true,
            "requestedBy": "Test User", "requestedAt": rfc3339(now), "expiresAt": rfc3339(now + 14 * DAY) });
        assert_eq!(body, expected, "nothing of the login, only what was typed");
        header_sets.push(headers);
        let after = w.counts().await;
        let grown: Vec<i64> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
        assert_eq!(grown, [0, 0, 0, 0, 0, 1, 1], "one request and its audit entry, nothing else: {TABLES:?}");
    }
    assert!(header_sets.iter().all(|headers| headers == &header_sets[0]), "the same headers: {header_sets:?}");
    assert!(
        w.harbor_users().await.iter().all(|user| user.email != "kai@brightline.example"),
        "no user before an answer"
    );
    let pending = w.pending().await;
    assert_eq!(pending.len(), 3);
    let entry = w.newest_entry().await;
    assert_eq!(entry.action, AuditAction::AccessRequested);
    assert_eq!(entry.target, "Kai Lund (kai@brightline.example in org:no-such-org)");
}

#[tokio::test]
async fn only_an_existing_login_is_mailed_and_only_it_sees_the_request() {
    let w = world().await;
    w.ask_kai().await;
    assert_eq!(w.ask("nobody@brightline.example", BRIGHTLINE).await.status(), 202);
    let mail = w.app.deliver_mail().await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert!(mail[0].contains("To: kai@brightline.example"), "{}", mail[0]);
    assert!(
        mail[0].contains("Harbor View Dental asks you to join as Super Admin Read-Only. Test User sent the request.")
    );
    assert!(mail[0].contains("https://partners.example.test/my-orgs"), "{}", mail[0]);
    assert!(w.app.deliver_mail().await.len() == 1, "each request is mailed once");

    let kai = w.app.signed_in(&w.kai).await;
    let incoming = w.incoming(&kai).await;
    assert_eq!(incoming.len(), 1);
    assert_eq!(incoming[0].question(), "Harbor View Dental asks you to join as Super Admin Read-Only");
    assert_eq!(incoming[0].requested_by, "Test User");
    assert!(w.incoming(&w.priya).await.is_empty(), "nobody else sees it");
}

#[tokio::test]
async fn accepting_creates_the_membership_mails_it_and_the_switcher_offers_the_org() {
    let w = world().await;
    let request = w.ask_kai().await;
    w.app.deliver_mail().await;
    let kai = w.app.signed_in(&w.kai).await;
    assert_eq!(w.answer(&kai, &request.id, "accept").await.status(), 204);

    let kai_user = w.harbor_users().await.into_iter().find(|user| user.email == "kai@brightline.example").unwrap();
    assert_eq!((kai_user.first_name.as_str(), kai_user.namespace.as_str()), ("Kai", BRIGHTLINE));
    assert_eq!(kai_user.roles, [Role::SuperAdminReadOnly]);
    assert_eq!(kai_user.status, UserStatus::Active);
    assert!(w.pending().await.is_empty());
    assert!(w.incoming(&kai).await.is_empty());
    let mail = w.app.deliver_mail().await;
    let news = "You now have access to Harbor View Dental as Super Admin Read-Only, added by Test User.";
    assert!(mail.iter().any(|message| message.contains(news)), "{mail:?}");
    let me: Me = w.app.get(&kai, "/api/v1/me").await.json().await.unwrap();
    assert!(me.orgs.iter().any(|org| org.id == w.harbor), "the switcher offers Harbor");
    let switched = w.app.send(&kai, Method::PUT, "/api/v1/session/org", json!({ "orgId": w.harbor })).await;
    assert_eq!(switched.status(), 200);
    let entry = w.newest_entry().await;
    assert_eq!(entry.action, AuditAction::SwitchedOrg);
    assert_eq!(w.answer(&kai, &request.id, "accept").await.status(), 404, "answered once");
}

#[tokio::test]
async fn declining_ends_the_request_and_adds_nobody() {
    let w = world().await;
    let request = w.ask_kai().await;
    let kai = w.app.signed_in(&w.kai).await;
    let users_before = w.harbor_users().await;
    assert_eq!(w.answer(&kai, &request.id, "decline").await.status(), 204);
    assert_eq!(w.harbor_users().await, users_before);
    assert!(w.pending().await.is_empty());
    assert!(w.incoming(&kai).await.is_empty());
    let entry = w.newest_entry().await;
    assert_eq!((entry.action, entry.actor.as_str()), (AuditAction::AccessDeclined, "kai@brightline.example"));
    assert_eq!(w.answer(&kai, &request.id, "accept").await.status(), 404, "a declined request cannot be accepted");
}

#[tokio::test]
async fn the_org_may_cancel_and_the_login_then_cannot_accept() {
    let w = world().await;
    let request = w.ask_kai().await;
    let kai = w.app.signed_in(&w.kai).await;
    let cancel = format!("/api/v1/access-requests/{}", request.id);
    assert_eq!(w.app.send(&w.priya, Method::DELETE, &cancel, json!({})).await.status(), 204);
    assert!(w.pending().await.is_empty());
    assert!(w.incoming(&kai).await.is_empty());
    assert_eq!(w.answer(&kai, &request.id, "accept").await.status(), 404);
    assert_eq!(w.app.send(&w.priya, Method::DELETE, &cancel, json!({})).await.status(), 404);
    assert_eq!(w.newest_entry().await.action, AuditAction::AccessRequestCancelled);
}

#[tokio::test]
async fn fourteen_days_without_an_answer_end_the_request() {
    let w = world().await;
    let request = w.ask_kai().await;
    w.app.clock.advance(14 * DAY - SECOND);
    let kai = w.app.signed_in(&w.kai).await;
    assert_eq!(w.incoming(&kai).await.len(), 1, "still open on its last day");
    w.app.clock.advance(SECOND);
    // Priya's session from two weeks ago is long over.
    assert_eq!(w.app.sign_in(&w.priya, "priya@harborview.example", PASSWORD).await.status(), 200);
    assert!(w.incoming(&kai).await.is_empty());
    assert!(w.pending().await.is_empty());
    assert_eq!(w.answer(&kai, &request.id, "accept").await.status(), 404);
    let purged = maintenance::purge(&w.app.db, w.app.clock.now(), 730 * DAY).await.unwrap();
    assert_eq!(purged.access_requests, 1);
    // After it ends, the org may ask again.
    let again = w.ask(&w.kai.email, BRIGHTLINE).await;
    assert_eq!(again.status(), 202);
}

#[tokio::test]
async fn a_second_request_to_the_same_login_is_refused_alike_whether_or_not_it_exists() {
    let w = world().await;
    for email in ["kai@brightline.example", "nobody@brightline.example"] {
        assert_eq!(w.ask(email, BRIGHTLINE).await.status(), 202);
        let again = w.ask(&email.to_uppercase(), BRIGHTLINE).await;
        assert_eq!(again.status(), 409);
        let body: ErrorBody = again.json().await.unwrap();
        assert_eq!(body.field_errors[0].field, "email");
        assert_eq!(
            body.field_errors[0].message,
            "A request to this login is already pending. Cancel it under Users to send a new one."
        );
    }
}

#[tokio::test]
async fn nobody_else_answers_or_cancels_a_request() {
    let w = world().await;
    let request = w.ask_kai().await;
    // Another Brightline login, a Harbor Super Admin, and another org's admin.
    let brightline = w.kai.org_id.clone();
    let mia = w.app.login(&brightline, "mia@brightline.example", &[Role::SuperAdmin]).await;
    let mia = w.app.signed_in(&mia).await;
    for (who, client) in [("another login of the namespace", &mia), ("the org that asked", &w.priya)] {
        for answer in ["accept", "decline"] {
            assert_eq!(w.answer(client, &request.id, answer).await.status(), 404, "{who} {answer}");
        }
    }
    let cancel = format!("/api/v1/access-requests/{}", request.id);
    assert_eq!(w.app.send(&mia, Method::DELETE, &cancel, json!({})).await.status(), 404, "another org");
    let viewer = w.app.login(&w.harbor, "val@harborview.example", &[Role::SuperAdminReadOnly]).await;
    let viewer = w.app.signed_in(&viewer).await;
    assert_eq!(w.app.get(&viewer, "/api/v1/access-requests").await.status(), 200, "read-only may read");
    assert_eq!(w.app.send(&viewer, Method::DELETE, &cancel, json!({})).await.status(), 403);
    assert_eq!(w.pending().await, [request]);
}

#[tokio::test]
async fn add_org_asks_an_unrelated_namespace_and_links_the_partners_at_once() {
    let app = spawn_app().await;
    let northwind = app.org("Northwind Security", None, true).await;
    let dana = app.login(&northwind, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let dana = app.signed_in(&dana).await;
    let brightline = app.org("Brightline Consulting", None, false).await;
    let kai = app.login(&brightline, "kai@brightline.example", &[Role::SuperAdmin]).await;
    let create = |name: &str, email: &str, key: &str| {
        app.client_request(&dana, Method::POST, "/api/v1/partner/orgs").header("idempotency-key", key).json(&json!({
            "name": name, "adminFirstName": "Kai", "adminLastName": "Lund", "adminEmail": email,
            "useExistingNamespace": true, "namespace": BRIGHTLINE, "apEmail": "ap@example.test", "trialDays": 14 }))
    };
    let mut answers = Vec::new();
    for (name, email) in
        [("Lakeview Optometry", "kai@brightline.example"), ("Summit Ridge", "nobody@brightline.example")]
    {
        let response = create(name, email, &name.replace(" ", "-")).send().await.unwrap();
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        let org: ChildOrgDetail = response.json().await.unwrap();
        let mut conn = app.db.conn().await.unwrap();
        let users: i64 = partner_center_server::db::query_scalar("SELECT COUNT(*) FROM users WHERE org_id = $1")
            .bind(&org.id)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(users, 0, "{name}: nobody is added before an answer");
        answers.push(org);
    }
    assert_eq!(answers[0].billing, answers[1].billing, "the same answer");

    app.deliver_mail().await;
    let kai = app.signed_in(&kai).await;
    let incoming: Vec<IncomingAccessRequest> = app.get(&kai, "/api/v1/me/access-requests").await.json().await.unwrap();
    assert_eq!(incoming.len(), 1);
    assert_eq!(incoming[0].question(), "Lakeview Optometry asks you to join as Super Admin");
    let accept = format!("/api/v1/me/access-requests/{}/accept", incoming[0].id);
    assert_eq!(app.send(&kai, Method::POST, &accept, json!({})).await.status(), 204);
    let me: Me = app.get(&kai, "/api/v1/me").await.json().await.unwrap();
    assert!(me.orgs.iter().any(|org| org.id == answers[0].id));
}

#[tokio::test]
async fn one_org_asks_one_login_at_most_once_a_day_whether_or_not_it_exists() {
    let w = world().await;
    for email in ["kai@brightline.example", "nobody@brightline.example"] {
        let request: AccessRequest = w.ask(email, BRIGHTLINE).await.json().await.unwrap();
        let cancel = format!("/api/v1/access-requests/{}", request.id);
        assert_eq!(w.app.send(&w.priya, Method::DELETE, &cancel, json!({})).await.status(), 204);
        let before = w.counts().await;
        let again = w.ask(email, BRIGHTLINE).await;
        assert_eq!(again.status(), 409, "{email}");
        let body: ErrorBody = again.json().await.unwrap();
        assert_eq!(body.field_errors[0].field, "email");
        assert_eq!(
            body.field_errors[0].message,
            "Your organization asked this login less than a day ago. You can ask again after 2027-01-16 08:00 UTC."
        );
        assert_eq!(w.counts().await, before, "nothing stored");
    }
    w.app.clock.advance(DAY);
    assert_eq!(w.app.sign_in(&w.priya, "priya@harborview.example", PASSWORD).await.status(), 200);
    assert_eq!(w.ask("kai@brightline.example", BRIGHTLINE).await.status(), 202, "a day later");
}

#[tokio::test]
async fn a_request_counts_against_the_hourly_mail_limit_whether_or_not_the_login_exists() {
    for (first, second) in [
        ("kai@brightline.example", "nobody@brightline.example"),
        ("nobody@brightline.example", "kai@brightline.example"),
    ] {
        let app = spawn_app_with(|state| state.mail_per_org_hour = 1).await;
        let northwind = app.org("Northwind Security", None, true).await;
        let harbor = app.org("Harbor View Dental", Some(&northwind), false).await;
        let priya = app.login(&harbor, "priya@harborview.example", &[Role::SuperAdmin]).await;
        let priya = app.signed_in(&priya).await;
        let brightline = app.org("Brightline Consulting", None, false).await;
        app.login(&brightline, "kai@brightline.example", &[Role::SuperAdmin]).await;
        assert_eq!(app.send(&priya, Method::POST, "/api/v1/users", asking(first, BRIGHTLINE)).await.status(), 202);
        let refused = app.send(&priya, Method::POST, "/api/v1/users", asking(second, BRIGHTLINE)).await;
        assert_eq!(refused.status(), 429, "{second} after {first}: the hour's one message is spent");
        let mut conn = app.db.conn().await.unwrap();
        let requests: i64 = partner_center_server::db::query_scalar("SELECT COUNT(*) FROM access_requests")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(requests, 1, "the refused one stored nothing");
    }
}

#[tokio::test]
async fn a_customer_asking_for_a_login_of_its_partners_namespace_gets_the_same_answer_whatever_exists_there() {
    let w = world().await;
    let partner: String = {
        let mut conn = w.app.db.conn().await.unwrap();
        partner_center_server::db::query_scalar("SELECT parent_id FROM orgs WHERE id = $1")
            .bind(&w.harbor)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    let dana = w.app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    w.app.login_with(&partner, "new@northwind.example", &[Role::SuperAdmin], None, UserStatus::Inactive).await;
    let mut bodies = Vec::new();
    for email in ["dana@northwind.example", "new@northwind.example", "nobody@northwind.example"] {
        let before = w.counts().await;
        let response = w.ask(email, "org:northwind-security").await;
        assert_eq!(response.status(), 202, "{email}: asked, not linked, not refused");
        let body: Value = response.json().await.unwrap();
        bodies.push((body["email"].clone(), body.as_object().unwrap().keys().cloned().collect::<Vec<_>>()));
        let grown: Vec<i64> = w.counts().await.iter().zip(&before).map(|(a, b)| a - b).collect();
        assert_eq!(grown, [0, 0, 0, 0, 0, 1, 1], "{email}: one request and its entry: {TABLES:?}");
    }
    assert!(bodies.iter().all(|(_, keys)| keys == &bodies[0].1), "the same shape: {bodies:?}");
    // Dana accepts, and her one login reaches Harbor.
    w.app.deliver_mail().await;
    let dana = w.app.signed_in(&dana).await;
    let incoming = w.incoming(&dana).await;
    assert_eq!(incoming.len(), 1);
    assert_eq!(w.answer(&dana, &incoming[0].id, "accept").await.status(), 204);
    assert!(w.harbor_users().await.iter().any(|user| user.email == "dana@northwind.example"));
}
