//! The audit log: every change writes exactly one entry, in its own transaction, saying who,
//! where and via whom; readers see only their own org's entries.

use std::collections::{BTreeMap, BTreeSet};

use partner_center_domain::api::Page;
use partner_center_domain::audit::{AuditAction, AuditEntry};
use partner_center_domain::child_org::ChildOrgDetail;
use partner_center_domain::roles::Role;
use partner_center_domain::subscription::CreatedApiToken;
use partner_center_domain::users::UserStatus;
use partner_center_server::http::api;
use partner_center_server::services::audit::{self, Change, Doer, ANONYMOUS};
use reqwest::{Client, Method};
use serde_json::{json, Value};

use crate::helpers::{browser, invitation_token, spawn_app, Login, TestApp, PASSWORD};
use crate::partner_orgs::parse_csv;

const NORTHWIND: &str = "Northwind Security";
const HARBOR: &str = "Harbor View Dental";

async fn entry_count(app: &TestApp) -> i64 {
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query_scalar("SELECT COUNT(*) FROM audit_entries").fetch_one(&mut conn).await.unwrap()
}

/// The newest entry, as the org it happened in reads it.
async fn newest(app: &TestApp) -> (String, String, Option<String>, String) {
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query_as(
        "SELECT actor, org_name, via, action FROM audit_entries ORDER BY at DESC, id DESC LIMIT 1",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap_or_else(|_| panic!("no entry"))
}

async fn log(app: &TestApp, client: &Client, path: &str) -> Page<AuditEntry> {
    let response = app.get(client, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// A partner with a child org made through the API; the child's own Super Admin.
struct World {
    app: TestApp,
    dana: Login,
    omar: Login,
    child: ChildOrgDetail,
    invitation: String,
}

async fn world() -> World {
    let app = spawn_app().await;
    let partner = app.org(NORTHWIND, None, true).await;
    let dana = app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&dana).await;
    let created = app
        .client_request(&client, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "audit")
        .json(&json!({ "name": HARBOR, "adminFirstName": "Priya", "adminLastName": "Raman",
            "adminEmail": "priya@harborview.example", "apEmail": "ap@harborview.example", "trialDays": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let child: ChildOrgDetail = created.json().await.unwrap();
    let invitation = invitation_token(&app.deliver_mail().await[0]);
    let omar = app.login(&child.id, "omar@harborview.example", &[Role::SuperAdmin]).await;
    World { app, dana, omar, child, invitation }
}

/// One write, as its owner makes it, and the entry it must leave: actor, org, via, action.
struct Step {
    method: Method,
    route: &'static str,
    expected: (&'static str, &'static str, Option<&'static str>, AuditAction),
}

#[tokio::test]
async fn every_state_changing_route_writes_exactly_one_entry_with_its_actor_org_and_via() {
    let w = world().await;
    let app = &w.app;
    let dana = browser();
    let omar = app.signed_in(&w.omar).await;
    let child = w.child.id.clone();
    let detail: Value =
        app.get(&app.signed_in(&w.dana).await, &format!("/api/v1/partner/orgs/{child}")).await.json().await.unwrap();
    let priya_id: String = {
        let users: Value = app.get(&omar, "/api/v1/users?q=priya").await.json().await.unwrap();
        users["data"][0]["id"].as_str().unwrap().to_owned()
    };
    let priya_version = {
        let user: Value = app.get(&omar, &format!("/api/v1/users/{priya_id}")).await.json().await.unwrap();
        user["version"].clone()
    };
    // Dana is one of Harbor's Super Admins too (she switches in and leaves below).
    app.link(&w.dana.identity_id, &child, &[Role::SuperAdmin], true, partner_center_domain::users::UserStatus::Active)
        .await;
    // A partner technician linked into Harbor, whom Harbor removes.
    let partner_id = w.dana.org_id.clone();
    let chris = app.login(&partner_id, "chris@northwind.example", &[Role::SuperAdminReadOnly]).await;
    let chris_in_harbor = app
        .link(
            &chris.identity_id,
            &child,
            &[Role::SuperAdminReadOnly],
            true,
            partner_center_domain::users::UserStatus::Active,
        )
        .await;
    // Requests from Harbor to logins of an unrelated namespace: one accepted, one declined, one
    // cancelled.
    let brightline = app.org("Brightline Consulting", None, false).await;
    let kai = app.login(&brightline, "kai@brightline.example", &[Role::SuperAdmin]).await;
    let mia = app.login(&brightline, "mia@brightline.example", &[Role::SuperAdmin]).await;
    let mut request_to = BTreeMap::new();
    for email in ["kai@brightline.example", "mia@brightline.example", "ghost@brightline.example"] {
        let asked = json!({ "firstName": "Brightline", "lastName": "Consultant", "email": email,
            "useExistingNamespace": true, "namespace": "org:brightline-consulting", "portalAccess": true,
            "roles": ["super_admin_read_only"] });
        let response = app.send(&omar, Method::POST, "/api/v1/users", asked).await;
        assert_eq!(response.status(), 202);
        let request: Value = response.json().await.unwrap();
        request_to.insert(email, request["id"].as_str().unwrap().to_owned());
    }
    let (kai, mia) = (app.signed_in(&kai).await, app.signed_in(&mia).await);
    let mut covered = BTreeSet::new();
    let mut token: Option<CreatedApiToken> = None;
    let mut invitation = w.invitation.clone();
    let mut reset = String::new();
    let steps = [
        Step {
            method: Method::POST,
            route: "/api/v1/session",
            expected: ("dana@northwind.example", NORTHWIND, None, AuditAction::SignedIn),
        },
        Step {
            method: Method::PATCH,
            route: "/api/v1/partner/orgs/{id}",
            expected: ("dana@northwind.example", "Harbor View Dental Care", Some(NORTHWIND), AuditAction::OrgRenamed),
        },
        Step {
            method: Method::PATCH,
            route: "/api/v1/partner/orgs/{id}/billing",
            expected: (
                "dana@northwind.example",
                "Harbor View Dental Care",
                Some(NORTHWIND),
                AuditAction::BillingEdited,
            ),
        },
        Step {
            method: Method::PUT,
            route: "/api/v1/partner/orgs/{id}/subscription",
            expected: ("dana@northwind.example", "Harbor View Dental Care", Some(NORTHWIND), AuditAction::PlanChanged),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/partner/orgs/{id}/bench-unlock",
            expected: (
                "dana@northwind.example",
                "Harbor View Dental Care",
                Some(NORTHWIND),
                AuditAction::BenchTestUnlock,
            ),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/partner/orgs/{id}/trial-extension",
            expected: (
                "dana@northwind.example",
                "Harbor View Dental Care",
                Some(NORTHWIND),
                AuditAction::TrialExtended,
            ),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/partner/orgs",
            expected: ("dana@northwind.example", "Lakeview Optometry", Some(NORTHWIND), AuditAction::OrgCreated),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/users",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::UserAdded),
        },
        Step {
            method: Method::PATCH,
            route: "/api/v1/users/{id}",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::UserEdited),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/api-tokens",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::ApiTokenCreated),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/unlocks",
            expected: ("API token “Front door”", "Harbor View Dental Care", None, AuditAction::UnlockReported),
        },
        Step {
            method: Method::DELETE,
            route: "/api/v1/api-tokens/{id}",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::ApiTokenRevoked),
        },
        Step {
            method: Method::PUT,
            route: "/api/v1/session/org",
            // Switched in, Dana acts as a member of Harbor, not through Northwind's Partner Center.
            expected: ("dana@northwind.example", "Harbor View Dental Care", None, AuditAction::SwitchedOrg),
        },
        Step {
            method: Method::DELETE,
            route: "/api/v1/partner-access/{id}",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::AccessRemoved),
        },
        Step {
            method: Method::DELETE,
            route: "/api/v1/me/orgs/{id}",
            // Back home in Northwind, Dana leaves Harbor through the partner.
            expected: ("dana@northwind.example", "Harbor View Dental Care", Some(NORTHWIND), AuditAction::LeftOrg),
        },
        Step {
            method: Method::DELETE,
            route: "/api/v1/session",
            expected: ("dana@northwind.example", NORTHWIND, None, AuditAction::SignedOut),
        },
        Step {
            method: Method::DELETE,
            route: "/api/v1/users/{id}/sign-in-failures",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::SignInFailuresCleared),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/users/{id}/invitation",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::InvitationResent),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/invitations/{token}/accept",
            expected: ("priya@harborview.example", "Harbor View Dental Care", None, AuditAction::InvitationAccepted),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/password-resets",
            // Anyone may ask for anyone's link: the log never names the person asked about.
            expected: (ANONYMOUS, NORTHWIND, None, AuditAction::PasswordResetRequested),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/password-resets/{token}",
            expected: ("chris@northwind.example", NORTHWIND, None, AuditAction::PasswordReset),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/me/access-requests/{id}/accept",
            expected: ("kai@brightline.example", "Harbor View Dental Care", None, AuditAction::AccessAccepted),
        },
        Step {
            method: Method::POST,
            route: "/api/v1/me/access-requests/{id}/decline",
            expected: ("mia@brightline.example", "Harbor View Dental Care", None, AuditAction::AccessDeclined),
        },
        Step {
            method: Method::DELETE,
            route: "/api/v1/access-requests/{id}",
            expected: ("omar@harborview.example", "Harbor View Dental Care", None, AuditAction::AccessRequestCancelled),
        },
    ];
    for step in steps {
        let before = entry_count(app).await;
        let response = match (step.method.as_str(), step.route) {
            ("POST", "/api/v1/session") => app.sign_in(&dana, &w.dana.email, PASSWORD).await,
            ("PATCH", "/api/v1/partner/orgs/{id}") => {
                app.send(
                    &dana,
                    Method::PATCH,
                    &format!("/api/v1/partner/orgs/{child}"),
                    json!({ "name": "Harbor View Dental Care", "version": detail["version"] }),
                )
                .await
            }
            ("PATCH", "/api/v1/partner/orgs/{id}/billing") => {
                app.send(
                    &dana,
                    Method::PATCH,
                    &format!("/api/v1/partner/orgs/{child}/billing"),
                    json!({ "apEmail": "billing@harborview.example", "trialDays": 7, "referenceNumber": "PO-1",
                        "version": detail["billing"]["version"] }),
                )
                .await
            }
            ("PUT", "/api/v1/partner/orgs/{id}/subscription") => {
                let current: Value =
                    app.get(&dana, &format!("/api/v1/partner/orgs/{child}/subscription")).await.json().await.unwrap();
                app.send(&dana, Method::PUT, &format!("/api/v1/partner/orgs/{child}/subscription"),
                    json!({ "plan": "professional", "currency": "USD", "length": "monthly", "version": current["version"] })).await
            }
            ("POST", "/api/v1/partner/orgs/{id}/bench-unlock") => {
                app.send(&dana, Method::POST, &format!("/api/v1/partner/orgs/{child}/bench-unlock"), json!({})).await
            }
            ("POST", "/api/v1/partner/orgs/{id}/trial-extension") => {
                let extension = json!({ "days": 3, "reason": "Second site opens late" });
                app.send(&dana, Method::POST, &format!("/api/v1/partner/orgs/{child}/trial-extension"), extension).await
            }
            ("POST", "/api/v1/partner/orgs") => app
                .client_request(&dana, Method::POST, "/api/v1/partner/orgs")
                .header("idempotency-key", "second")
                .json(&json!({ "name": "Lakeview Optometry", "adminFirstName": "Lee", "adminLastName": "Park",
                    "adminEmail": "lee@lakeview.example", "apEmail": "ap@lakeview.example", "trialDays": 3 }))
                .send()
                .await
                .unwrap(),
            ("POST", "/api/v1/users") => {
                app.send(
                    &omar,
                    Method::POST,
                    "/api/v1/users",
                    json!({ "firstName": "Lena", "lastName": "Holm", "email": "lena@harborview.example",
                    "portalAccess": false, "roles": ["dashboard_read_only"] }),
                )
                .await
            }
            ("PATCH", "/api/v1/users/{id}") => {
                app.send(
                    &omar,
                    Method::PATCH,
                    &format!("/api/v1/users/{priya_id}"),
                    json!({
                    "roles": ["super_admin", "super_admin_read_only"], "portalAccess": true, "suspended": false,
                    "version": priya_version }),
                )
                .await
            }
            ("POST", "/api/v1/api-tokens") => {
                let response =
                    app.send(&omar, Method::POST, "/api/v1/api-tokens", json!({ "name": "Front door" })).await;
                assert_eq!(response.status(), 201);
                token = Some(response.json().await.unwrap());
                before_plus_one(app, before).await;
                covered.insert((step.method.to_string(), step.route));
                assert_newest(app, &step).await;
                continue;
            }
            ("POST", "/api/v1/unlocks") => reqwest::Client::new()
                .post(app.url("/api/v1/unlocks"))
                .bearer_auth(&token.as_ref().unwrap().token)
                .json(&json!({ "door": "Front door" }))
                .send()
                .await
                .unwrap(),
            ("DELETE", "/api/v1/api-tokens/{id}") => {
                let id = &token.as_ref().unwrap().summary.id;
                app.send(&omar, Method::DELETE, &format!("/api/v1/api-tokens/{id}"), json!({})).await
            }
            ("PUT", "/api/v1/session/org") => {
                app.send(&dana, Method::PUT, "/api/v1/session/org", json!({ "orgId": child })).await
            }
            ("DELETE", "/api/v1/me/orgs/{id}") => {
                // Back home first, unmeasured: nobody leaves the org they are working in.
                let home = app.send(&dana, Method::PUT, "/api/v1/session/org", json!({ "orgId": w.dana.org_id })).await;
                assert_eq!(home.status(), 200);
                let before = entry_count(app).await;
                let response = app.send(&dana, Method::DELETE, &format!("/api/v1/me/orgs/{child}"), json!({})).await;
                assert_eq!(response.status(), 204);
                before_plus_one(app, before).await;
                covered.insert((step.method.to_string(), step.route));
                assert_newest(app, &step).await;
                continue;
            }
            ("DELETE", "/api/v1/partner-access/{id}") => {
                app.send(&omar, Method::DELETE, &format!("/api/v1/partner-access/{chris_in_harbor}"), json!({})).await
            }
            ("DELETE", "/api/v1/session") => app.send(&dana, Method::DELETE, "/api/v1/session", json!({})).await,
            ("DELETE", "/api/v1/users/{id}/sign-in-failures") => {
                app.send(&omar, Method::DELETE, &format!("/api/v1/users/{priya_id}/sign-in-failures"), json!({})).await
            }
            ("POST", "/api/v1/users/{id}/invitation") => {
                let response =
                    app.send(&omar, Method::POST, &format!("/api/v1/users/{priya_id}/invitation"), json!({})).await;
                assert_eq!(response.status(), 200);
                // The link sent before no longer works: Priya accepts with the new one.
                let mail = app.deliver_mail().await;
                invitation = mail
                    .iter()
                    .filter(|text| text.contains("To: priya@harborview.example"))
                    .map(|text| invitation_token(text))
                    .find(|token| *token != invitation)
                    .expect("a new invitation to Priya");
                before_plus_one(app, before).await;
                covered.insert((step.method.to_string(), step.route));
                assert_newest(app, &step).await;
                continue;
            }
            ("POST", "/api/v1/invitations/{token}/accept") => {
                app.send(
                    &browser(),
                    Method::POST,
                    &format!("/api/v1/invitations/{invitation}/accept"),
                    json!({ "password": "a new password for priya" }),
                )
                .await
            }
            ("POST", "/api/v1/password-resets") => {
                let response = app
                    .send(&browser(), Method::POST, "/api/v1/password-resets", json!({ "email": chris.email }))
                    .await;
                assert_eq!(response.status(), 204);
                assert_eq!(entry_count(app).await, before, "the request itself looks nobody up");
                // The mail worker finds the login, writes to it and records that it was asked.
                let mail = app.deliver_mail().await;
                let text = mail.iter().find(|text| text.contains("/reset-password/")).expect("a reset mail");
                let start = text.find("/reset-password/").unwrap() + "/reset-password/".len();
                reset =
                    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
                before_plus_one(app, before).await;
                covered.insert((step.method.to_string(), step.route));
                assert_newest(app, &step).await;
                continue;
            }
            ("POST", "/api/v1/password-resets/{token}") => {
                app.send(
                    &browser(),
                    Method::POST,
                    &format!("/api/v1/password-resets/{reset}"),
                    json!({ "password": "chris chose a new password" }),
                )
                .await
            }
            ("POST", "/api/v1/me/access-requests/{id}/accept") => {
                let id = &request_to["kai@brightline.example"];
                app.send(&kai, Method::POST, &format!("/api/v1/me/access-requests/{id}/accept"), json!({})).await
            }
            ("POST", "/api/v1/me/access-requests/{id}/decline") => {
                let id = &request_to["mia@brightline.example"];
                app.send(&mia, Method::POST, &format!("/api/v1/me/access-requests/{id}/decline"), json!({})).await
            }
            ("DELETE", "/api/v1/access-requests/{id}") => {
                let id = &request_to["ghost@brightline.example"];
                app.send(&omar, Method::DELETE, &format!("/api/v1/access-requests/{id}"), json!({})).await
            }
            (method, route) => panic!("no call for {method} {route}"),
        };
        let status = response.status();
        assert!(status.is_success(), "{} {}: {status} {}", step.method, step.route, response.text().await.unwrap());
        before_plus_one(app, before).await;
        assert_newest(app, &step).await;
        covered.insert((step.method.to_string(), step.route));
    }
    // Every write of the route table has a step: a new write route without one fails here.
    let writes: BTreeSet<(String, &str)> = api::routes(false)
        .into_iter()
        .filter(|route| route.method != Method::GET)
        .map(|route| (route.method.to_string(), route.path))
        .collect();
    assert_eq!(covered, writes, "every state-changing route is walked");
}

async fn before_plus_one(app: &TestApp, before: i64) {
    assert_eq!(entry_count(app).await, before + 1, "exactly one entry");
}

async fn assert_newest(app: &TestApp, step: &Step) {
    let (actor, org, via, action) = newest(app).await;
    let (want_actor, want_org, want_via, want_action) = step.expected;
    assert_eq!(
        (actor.as_str(), org.as_str(), via.as_deref(), action.as_str()),
        (want_actor, want_org, want_via, want_action.key()),
        "{} {}",
        step.method,
        step.route
    );
}

#[tokio::test]
async fn a_customer_reads_what_its_partner_did_there_and_the_partner_reads_its_activity() {
    let w = world().await;
    let app = &w.app;
    let dana = app.signed_in(&w.dana).await;
    let omar = app.signed_in(&w.omar).await;
    let rename = json!({ "name": "Harbor View Dental Care", "version": w.child.version });
    assert_eq!(
        app.send(&dana, Method::PATCH, &format!("/api/v1/partner/orgs/{}", w.child.id), rename).await.status(),
        200
    );

    let customer = log(app, &omar, "/api/v1/audit?action=org_renamed").await;
    assert_eq!(customer.filtered_count, 1);
    let renamed = &customer.data[0];
    assert_eq!((renamed.actor.as_str(), renamed.via.as_deref()), ("dana@northwind.example", Some(NORTHWIND)));
    assert_eq!(renamed.actor_namespace.as_deref(), Some("org:northwind-security"));
    assert_eq!(
        (renamed.changes[0].before.as_str(), renamed.changes[0].after.as_str()),
        (HARBOR, "Harbor View Dental Care")
    );

    let activity = log(app, &dana, "/api/v1/partner/activity").await;
    let actions: Vec<AuditAction> = activity.data.iter().map(|e| e.action).collect();
    assert_eq!(actions[0], AuditAction::OrgRenamed);
    assert!(actions.contains(&AuditAction::OrgCreated), "{actions:?}");
    assert!(actions.contains(&AuditAction::SignedIn), "what they did in Northwind itself too: {actions:?}");
    assert!(activity.data.iter().all(|e| e.org_id == w.child.id || e.org_name == NORTHWIND));
    assert!(activity.data.iter().all(|e| e.actor == "dana@northwind.example"), "never Omar's own doings");
    // The customer's own sign-in is the customer's, not the partner's activity.
    let partner_own = log(app, &dana, "/api/v1/audit").await;
    assert!(partner_own.data.iter().all(|e| e.org_name == NORTHWIND), "{:?}", partner_own.data);
}

#[tokio::test]
async fn a_change_made_through_the_partner_center_is_via_the_partner_whatever_namespace_the_login_lives_in() {
    let w = world().await;
    let app = &w.app;
    // A consultant whose login lives in her own firm's namespace, a Super Admin of Northwind.
    let brightline = app.org("Brightline Consulting", None, false).await;
    let kim = app.login(&brightline, "kim@brightline.example", &[Role::SuperAdmin]).await;
    app.link(&kim.identity_id, &w.dana.org_id, &[Role::SuperAdmin], true, UserStatus::Active).await;
    let kim = app.signed_in(&kim).await;
    let to_northwind = json!({ "orgId": w.dana.org_id });
    assert_eq!(app.send(&kim, Method::PUT, "/api/v1/session/org", to_northwind).await.status(), 200);
    let rename = json!({ "name": "Harbor View Dental Care", "version": w.child.version });
    let path = format!("/api/v1/partner/orgs/{}", w.child.id);
    assert_eq!(app.send(&kim, Method::PATCH, &path, rename).await.status(), 200);
    let (actor, org, via, action) = newest(app).await;
    assert_eq!(
        (actor.as_str(), org.as_str(), via.as_deref(), action.as_str()),
        ("kim@brightline.example", "Harbor View Dental Care", Some(NORTHWIND), AuditAction::OrgRenamed.key())
    );
}

#[tokio::test]
async fn the_partners_activity_leaves_out_what_its_people_did_in_orgs_outside_its_tree() {
    let w = world().await;
    let app = &w.app;
    // An unrelated org asks Dana's login to join; she accepts while acting in Northwind.
    let lakeside = app.org("Lakeside Clinic", None, false).await;
    let lee = app.login(&lakeside, "lee@lakeside.example", &[Role::SuperAdmin]).await;
    let lee = app.signed_in(&lee).await;
    let ask = json!({ "firstName": "Dana", "lastName": "Whitaker", "email": w.dana.email,
        "useExistingNamespace": true, "namespace": "org:northwind-security", "portalAccess": true,
        "roles": ["super_admin_read_only"] });
    let asked = app.send(&lee, Method::POST, "/api/v1/users", ask).await;
    assert_eq!(asked.status(), 202);
    let request: Value = asked.json().await.unwrap();
    let dana = app.signed_in(&w.dana).await;
    let accept = format!("/api/v1/me/access-requests/{}/accept", request["id"].as_str().unwrap());
    assert!(app.send(&dana, Method::POST, &accept, json!({})).await.status().is_success());
    let (_, org, _, action) = newest(app).await;
    assert_eq!((org.as_str(), action.as_str()), ("Lakeside Clinic", AuditAction::AccessAccepted.key()));

    let body = app.get(&dana, "/api/v1/partner/activity").await.text().await.unwrap();
    assert!(!body.contains("Lakeside"), "another org's entry in the partner's activity: {body}");
    let csv = app.get(&dana, "/api/v1/partner/activity/export").await.text().await.unwrap();
    assert!(!csv.contains("Lakeside"), "{csv}");
}

#[tokio::test]
async fn another_tenant_sees_none_of_an_orgs_entries() {
    let w = world().await;
    let app = &w.app;
    let lakeside = app.org("Lakeside Clinic", None, false).await;
    let lee = app.login(&lakeside, "lee@lakeside.example", &[Role::SuperAdmin]).await;
    let lee = app.signed_in(&lee).await;
    let other_partner = app.org("Southwind Security", None, true).await;
    let sam = app.login(&other_partner, "sam@southwind.example", &[Role::SuperAdmin]).await;
    let sam = app.signed_in(&sam).await;
    for (client, path) in [(&lee, "/api/v1/audit"), (&sam, "/api/v1/audit"), (&sam, "/api/v1/partner/activity")] {
        let body = app.get(client, path).await.text().await.unwrap();
        for secret in ["Northwind", "Harbor", "northwind.example", "harborview.example", &w.child.id] {
            assert!(!body.contains(secret), "{path} leaked {secret}: {body}");
        }
    }
    assert_eq!(app.get(&lee, "/api/v1/partner/activity").await.status(), 404, "no Partner Center for a customer");
}

#[tokio::test]
async fn filters_narrow_the_log_and_a_malformed_one_is_refused() {
    let w = world().await;
    let app = &w.app;
    let omar = app.signed_in(&w.omar).await;
    let _ = app.signed_in(&w.omar).await;
    let everything = log(app, &omar, "/api/v1/audit").await;
    assert!(everything.total_count >= 3, "created, two sign-ins: {:?}", everything.data);
    let signed_in = log(app, &omar, "/api/v1/audit?action=signed_in&actor=OMAR@").await;
    assert_eq!(signed_in.filtered_count, 2);
    assert!(signed_in.data.iter().all(|e| e.action == AuditAction::SignedIn));
    let by_target = log(app, &omar, "/api/v1/audit?target=harbor").await;
    assert!(by_target.data.iter().all(|e| e.target.to_lowercase().contains("harbor")));
    let today = log(app, &omar, "/api/v1/audit?from=2027-01-15&to=2027-01-15").await;
    assert_eq!(today.filtered_count, everything.total_count, "the test clock's day holds every entry");
    let before = log(app, &omar, "/api/v1/audit?to=2027-01-14").await;
    assert_eq!(before.filtered_count, 0);
    for bad in ["from=2027-02-30", "to=yesterday", "limit=0", "action=deleted_everything"] {
        assert_eq!(app.get(&omar, &format!("/api/v1/audit?{bad}")).await.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn no_entry_holds_a_password_token_or_hash() {
    let w = world().await;
    let app = &w.app;
    let accepted = app
        .send(
            &browser(),
            Method::POST,
            &format!("/api/v1/invitations/{}/accept", w.invitation),
            json!({ "password": "priya's very own password" }),
        )
        .await;
    assert_eq!(accepted.status(), 200);
    assert_eq!(app.sign_in(&browser(), "priya@harborview.example", "a wrong password").await.status(), 401);
    let mut conn = app.db.conn().await.unwrap();
    let rows: Vec<(String, String, String)> =
        partner_center_server::db::query_as("SELECT actor, target, changes FROM audit_entries")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let failed: i64 =
        partner_center_server::db::query_scalar("SELECT COUNT(*) FROM audit_entries WHERE action = 'sign_in_failed'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(failed, 1, "the failed sign-in is recorded for its login");
    for row in rows {
        let text = format!("{row:?}");
        for secret in ["priya's very own password", "a wrong password", w.invitation.as_str(), "$argon2"] {
            assert!(!text.contains(secret), "an entry holds a secret: {text}");
        }
    }
}

#[tokio::test]
async fn the_csv_export_is_exactly_the_filtered_view_across_every_page() {
    let w = world().await;
    let app = &w.app;
    {
        // More entries than one export chunk, all in the same millisecond: the export must
        // page by (time, id) without losing or repeating one.
        let mut tx = app.db.begin().await.unwrap();
        let doer = Doer::login(&w.omar.identity_id, &w.omar.email, "org:harbor-view-dental", &w.child.id);
        for n in 0..1_100 {
            let action = if n % 2 == 0 { AuditAction::UserEdited } else { AuditAction::ApiTokenCreated };
            let target = format!("Person {n}");
            let change = Change::new(&w.child.id, action, &target);
            audit::record(&mut tx, &doer, &change, app.clock.now()).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let omar = app.signed_in(&w.omar).await;
    let filter = "action=user_edited&target=person";
    let mut from_api = Vec::new();
    for offset in (0..).step_by(100) {
        let page = log(app, &omar, &format!("/api/v1/audit?{filter}&limit=100&offset={offset}")).await;
        if page.data.is_empty() {
            break;
        }
        from_api.extend(page.data.into_iter().map(|e| format!("{},{},{}", e.at, e.actor, e.target)));
    }
    assert_eq!(from_api.len(), 550);

    let response = app.get(&omar, &format!("/api/v1/audit/export?{filter}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"audit-log.csv\"");
    let mut rows = parse_csv(&response.text().await.unwrap()).into_iter();
    assert_eq!(
        rows.next().unwrap(),
        ["When", "Who", "Namespace", "Via", "Organization", "Action", "Target", "Changes"]
    );
    let from_csv: Vec<String> = rows
        .map(|cells| {
            assert_eq!(cells[5], "Edited a user", "{cells:?}");
            format!("{},{},{}", cells[0], cells[1], cells[6])
        })
        .collect();
    assert_eq!(from_csv, from_api, "the same entries in the same order");
}
