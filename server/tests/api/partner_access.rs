//! Organization › Partner access: a customer sees who from outside reaches it, and removes
//! them; the partner cannot stop it.

use partner_center_domain::partner_access::OutsideGroup;
use partner_center_domain::roles::Role;
use partner_center_domain::users::UserStatus;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{spawn_app, Login, TestApp};

/// Northwind's Dana is linked into its customer Harbor View (whose own admin is Omar), and a
/// consultant from an unrelated namespace is too.
async fn world() -> (TestApp, Login, Login, String, String) {
    let app = spawn_app().await;
    let partner = app.org("Northwind Security", None, true).await;
    let dana = app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&dana).await;
    let created = app
        .client_request(&client, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "partner-access")
        .json(&json!({ "name": "Harbor View Dental", "adminFirstName": "Dana", "adminLastName": "Whitaker",
            "adminEmail": "dana@northwind.example", "useExistingNamespace": true,
            "namespace": "org:northwind-security", "apEmail": "ap@harborview.example", "trialDays": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let harbor = created.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let omar = app.login(&harbor, "omar@harborview.example", &[Role::SuperAdmin]).await;
    let brightline = app.org("Brightline Consulting", None, false).await;
    let alex = app.login(&brightline, "alex@brightline.example", &[Role::SuperAdmin]).await;
    let alex_in_harbor =
        app.link(&alex.identity_id, &harbor, &[Role::SuperAdminReadOnly], true, UserStatus::Active).await;
    (app, dana, omar, harbor, alex_in_harbor)
}

async fn groups(app: &TestApp, client: &reqwest::Client) -> Vec<OutsideGroup> {
    let response = app.get(client, "/api/v1/partner-access").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_panel_lists_outside_members_by_namespace_the_partner_first_and_named() {
    let (app, _, omar, _, _) = world().await;
    let omar = app.signed_in(&omar).await;
    let found = groups(&app, &omar).await;
    let labels: Vec<(&str, usize)> = found.iter().map(|g| (g.label.as_str(), g.members.len())).collect();
    assert_eq!(labels, [("Northwind Security — your partner", 1), ("org:brightline-consulting", 1)]);
    let dana = &found[0].members[0];
    assert_eq!((dana.name.as_str(), dana.email.as_str()), ("Dana Whitaker", "dana@northwind.example"));
    assert_eq!(dana.roles, [Role::SuperAdmin]);
    // The helper's logins are all named "Test User": the one who added the org added her.
    assert_eq!(dana.added_by.as_deref(), Some("Test User"), "who added the org's Super Admin");
    assert!(
        found.iter().flat_map(|g| &g.members).all(|m| m.email != "omar@harborview.example"),
        "own logins are not listed"
    );
}

#[tokio::test]
async fn removing_the_partners_access_ends_its_sessions_there_at_once() {
    let (app, dana, omar, harbor, _) = world().await;
    let partner_in_harbor = app.signed_in(&dana).await;
    let switched = app.send(&partner_in_harbor, Method::PUT, "/api/v1/session/org", json!({ "orgId": harbor })).await;
    assert_eq!(switched.status(), 200);
    let omar = app.signed_in(&omar).await;
    let dana_user = groups(&app, &omar).await[0].members[0].user_id.clone();

    let removed = app.send(&omar, Method::DELETE, &format!("/api/v1/partner-access/{dana_user}"), json!({})).await;
    assert_eq!(removed.status(), 204);
    assert_eq!(app.get(&partner_in_harbor, "/api/v1/users").await.status(), 401, "the partner's session there ended");
    let partner = app.signed_in(&dana).await;
    let me: serde_json::Value = app.get(&partner, "/api/v1/me").await.json().await.unwrap();
    assert!(me["orgs"].as_array().unwrap().iter().all(|org| org["id"] != harbor.as_str()), "no longer offered");
    let listed: serde_json::Value =
        app.get(&partner, &format!("/api/v1/partner/orgs/{harbor}")).await.json().await.unwrap();
    assert_eq!(listed["id"], harbor.as_str(), "the Partner Center still lists the child (billing continues)");
    let back = app.send(&partner, Method::PUT, "/api/v1/session/org", json!({ "orgId": harbor })).await;
    assert_eq!(back.status(), 404, "the partner cannot undo it");
}

#[tokio::test]
async fn own_logins_oneself_and_the_last_admin_are_not_removed_here() {
    let (app, _, omar, _, alex_in_harbor) = world().await;
    let omar_client = app.signed_in(&omar).await;
    let own =
        app.send(&omar_client, Method::DELETE, &format!("/api/v1/partner-access/{}", omar.user_id), json!({})).await;
    assert_eq!(own.status(), 404, "an org's own login is managed on the Users page");
    let other_org = app.send(&omar_client, Method::DELETE, "/api/v1/partner-access/no-such-user", json!({})).await;
    assert_eq!(other_org.status(), 404);
    let read_only =
        app.send(&omar_client, Method::DELETE, &format!("/api/v1/partner-access/{alex_in_harbor}"), json!({})).await;
    assert_eq!(read_only.status(), 204, "a read-only consultant goes");
    assert_eq!(groups(&app, &omar_client).await.len(), 1);
}
