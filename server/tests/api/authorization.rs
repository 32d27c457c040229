//! The authorization matrix: every protected endpoint against every kind of caller.
//! Other tenants' resources answer 404 exactly like missing ones; a role that falls short in
//! the caller's own org answers 403.

use partner_center_domain::api::OrgDetail;
use partner_center_domain::roles::Role;
use reqwest::{Client, Method};
use serde_json::json;

use crate::helpers::{browser, spawn_app, TestApp};

struct World {
    app: TestApp,
    partner: String,
    child: String,
    other_partner: String,
    other_child: String,
    standalone: String,
}

async fn world() -> World {
    let app = spawn_app().await;
    let partner = app.org("Northwind", None, true).await;
    let child = app.org("Harbor View", Some(&partner), false).await;
    let other_partner = app.org("Southwind", None, true).await;
    let other_child = app.org("Lakeside", Some(&other_partner), false).await;
    let standalone = app.org("Standalone", None, false).await;
    World { app, partner, child, other_partner, other_child, standalone }
}

impl World {
    async fn as_user(&self, org: &str, email: &str, roles: &[Role]) -> Client {
        let login = self.app.login(org, email, roles).await;
        self.app.signed_in(&login).await
    }

    /// Status of `GET /api/v1/orgs/{id}` for each org, in the order partner, child, other
    /// partner, other child, standalone; a 404 must not tell the org exists.
    async fn org_statuses(&self, client: &Client) -> Vec<u16> {
        let mut statuses = Vec::new();
        for id in [&self.partner, &self.child, &self.other_partner, &self.other_child, &self.standalone] {
            let response = self.app.get(client, &format!("/api/v1/orgs/{id}")).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            match status {
                200 => assert_eq!(serde_json::from_str::<OrgDetail>(&body).unwrap().id, *id),
                404 => assert_eq!(body, r#"{"status":404,"message":"Not found."}"#),
                _ => assert!(!body.contains("Harbor") && !body.contains("wind")),
            }
            statuses.push(status);
        }
        statuses
    }
}

#[tokio::test]
async fn anonymous_callers_are_asked_to_sign_in_everywhere() {
    let w = world().await;
    let anonymous = browser();
    assert_eq!(w.org_statuses(&anonymous).await, [401; 5]);
    assert_eq!(w.app.get(&anonymous, "/api/v1/me").await.status(), 401);
    let switch = w.app.send(&anonymous, Method::PUT, "/api/v1/session/org", json!({ "orgId": w.partner })).await;
    assert_eq!(switch.status(), 401);
}

#[tokio::test]
async fn a_partners_super_admin_reads_its_own_org_and_its_children_only() {
    let w = world().await;
    let client = w.as_user(&w.partner, "admin@northwind.example", &[Role::SuperAdmin]).await;
    assert_eq!(w.org_statuses(&client).await, [200, 200, 404, 404, 404]);
}

#[tokio::test]
async fn a_read_only_super_admin_reads_its_own_org_but_has_no_partner_center() {
    let w = world().await;
    let client = w.as_user(&w.partner, "viewer@northwind.example", &[Role::SuperAdminReadOnly]).await;
    assert_eq!(w.org_statuses(&client).await, [200, 404, 404, 404, 404]);
}

#[tokio::test]
async fn a_dashboard_read_only_user_is_forbidden_the_org_settings() {
    let w = world().await;
    let client = w.as_user(&w.partner, "wall@northwind.example", &[Role::DashboardReadOnly]).await;
    assert_eq!(w.org_statuses(&client).await, [403, 404, 404, 404, 404]);
}

#[tokio::test]
async fn a_child_orgs_admin_cannot_see_its_partner() {
    let w = world().await;
    let client = w.as_user(&w.child, "admin@harborview.example", &[Role::SuperAdmin]).await;
    assert_eq!(w.org_statuses(&client).await, [404, 200, 404, 404, 404]);
}

#[tokio::test]
async fn another_tenant_sees_nothing_of_ours() {
    let w = world().await;
    let client = w.as_user(&w.other_partner, "admin@southwind.example", &[Role::SuperAdmin]).await;
    assert_eq!(w.org_statuses(&client).await, [404, 404, 200, 200, 404]);
    let standalone = w.as_user(&w.standalone, "admin@standalone.example", &[Role::SuperAdmin]).await;
    assert_eq!(w.org_statuses(&standalone).await, [404, 404, 404, 404, 200]);
}

#[tokio::test]
async fn an_org_that_does_not_exist_looks_like_another_tenants() {
    let w = world().await;
    let client = w.as_user(&w.partner, "admin@northwind.example", &[Role::SuperAdmin]).await;
    let missing = w.app.get(&client, "/api/v1/orgs/0123456789abcdef0123456789abcdef").await;
    let foreign = w.app.get(&client, &format!("/api/v1/orgs/{}", w.other_child)).await;
    assert_eq!(missing.status(), foreign.status());
    assert_eq!(missing.text().await.unwrap(), foreign.text().await.unwrap());
}

#[tokio::test]
async fn a_partner_reads_its_childs_details_with_the_parent_named() {
    let w = world().await;
    let client = w.as_user(&w.partner, "admin@northwind.example", &[Role::SuperAdmin]).await;
    let child: OrgDetail = w.app.get(&client, &format!("/api/v1/orgs/{}", w.child)).await.json().await.unwrap();
    assert_eq!(child.name, "Harbor View");
    assert_eq!(child.namespace, "org:harbor-view");
    assert_eq!(child.parent.unwrap().name, "Northwind");
    assert!(!child.is_partner);
    assert_eq!(child.created_at, "2027-01-15T08:00:00Z");
}
