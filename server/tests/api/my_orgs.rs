//! My organizations: a login's memberships, and leaving one.

use partner_center_domain::roles::Role;
use partner_center_domain::users::Membership;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{spawn_app, Login, TestApp};

/// Dana, of the partner Northwind, linked into its customer Harbor View as a Super Admin
/// beside Harbor's own Omar.
async fn linked() -> (TestApp, Login, Login, String) {
    let app = spawn_app().await;
    let partner = app.org("Northwind Security", None, true).await;
    let dana = app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&dana).await;
    let created = app
        .client_request(&client, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "my-orgs")
        .json(&json!({ "name": "Harbor View Dental", "adminFirstName": "Dana", "adminLastName": "North",
            "adminEmail": "dana@northwind.example", "useExistingNamespace": true,
            "namespace": "org:northwind-security", "apEmail": "ap@harborview.example", "trialDays": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let harbor = created.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let omar = app.login(&harbor, "omar@harborview.example", &[Role::SuperAdmin]).await;
    (app, dana, omar, harbor)
}

async fn memberships(app: &TestApp, client: &reqwest::Client) -> Vec<Membership> {
    app.get(client, "/api/v1/me/orgs").await.json().await.unwrap()
}

#[tokio::test]
async fn a_login_lists_every_org_it_belongs_to_with_its_roles_and_where_it_acts() {
    let (app, dana, _, _) = linked().await;
    let client = app.signed_in(&dana).await;
    let orgs = memberships(&app, &client).await;
    let names: Vec<(&str, bool)> = orgs.iter().map(|m| (m.org.name.as_str(), m.acting)).collect();
    assert_eq!(names, [("Harbor View Dental", false), ("Northwind Security", true)]);
    assert!(orgs.iter().all(|m| m.roles == [Role::SuperAdmin]));
}

#[tokio::test]
async fn leaving_an_org_removes_the_membership_and_ends_sessions_acting_there() {
    let (app, dana, _, harbor) = linked().await;
    let working_there = app.signed_in(&dana).await;
    let switched = app.send(&working_there, Method::PUT, "/api/v1/session/org", json!({ "orgId": harbor })).await;
    assert_eq!(switched.status(), 200);
    let at_home = app.signed_in(&dana).await;

    let left = app.send(&at_home, Method::DELETE, &format!("/api/v1/me/orgs/{harbor}"), json!({})).await;
    assert_eq!(left.status(), 204, "{:?}", left.text().await);
    let orgs = memberships(&app, &at_home).await;
    assert_eq!(orgs.iter().map(|m| m.org.name.as_str()).collect::<Vec<_>>(), ["Northwind Security"]);
    assert_eq!(app.get(&working_there, "/api/v1/me").await.status(), 401, "the session in Harbor ended");
    let again = app.send(&at_home, Method::PUT, "/api/v1/session/org", json!({ "orgId": harbor })).await;
    assert_eq!(again.status(), 404, "no way back in until someone adds them again");
}

#[tokio::test]
async fn nobody_leaves_the_org_they_work_in_or_that_only_they_run() {
    let (app, dana, omar, harbor) = linked().await;
    let omar_client = app.signed_in(&omar).await;
    let in_use = app.send(&omar_client, Method::DELETE, &format!("/api/v1/me/orgs/{harbor}"), json!({})).await;
    assert_eq!(in_use.status(), 409);
    assert!(in_use.text().await.unwrap().contains("switch to another one"));

    // Omar suspended: Dana is the last active Super Admin of Harbor.
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query("UPDATE users SET status = 'suspended' WHERE id = $1")
        .bind(&omar.user_id)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let dana_client = app.signed_in(&dana).await;
    let last = app.send(&dana_client, Method::DELETE, &format!("/api/v1/me/orgs/{harbor}"), json!({})).await;
    assert_eq!(last.status(), 409);
    assert!(last.text().await.unwrap().contains("You are the last active Super Admin of Harbor View Dental"));
    assert_eq!(memberships(&app, &dana_client).await.len(), 2, "still a member");

    let nowhere = app.send(&dana_client, Method::DELETE, "/api/v1/me/orgs/no-such-org", json!({})).await;
    assert_eq!(nowhere.status(), 404);
}
