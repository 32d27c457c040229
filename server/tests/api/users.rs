//! The Users page's API: listing, Add User with namespace linking, and edits with the
//! last-Super-Admin guard, on the acting org only.

use partner_center_domain::api::{ErrorBody, Me, Page};
use partner_center_domain::roles::Role;
use partner_center_domain::users::{UserStatus, UserSummary};
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};

use crate::helpers::{browser, spawn_app, Login, TestApp, PASSWORD};

/// Harbor View Dental, a customer of the partner Northwind Security.
struct Org {
    app: TestApp,
    partner: String,
    id: String,
    admin: Login,
    client: Client,
}

async fn org() -> Org {
    let app = spawn_app().await;
    let partner = app.org("Northwind Security", None, true).await;
    let id = app.org("Harbor View Dental", Some(&partner), false).await;
    let admin = app.login(&id, "priya@harborview.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&admin).await;
    Org { app, partner, id, admin, client }
}

fn new_user(email: &str) -> Value {
    json!({ "firstName": "Sam", "lastName": "Ortiz", "email": email, "portalAccess": true, "roles": ["dashboard_read_only"] })
}

impl Org {
    async fn add(&self, body: Value) -> Response {
        self.app.send(&self.client, Method::POST, "/api/v1/users", body).await
    }

    async fn users(&self, query: &str) -> Page<UserSummary> {
        let response = self.app.get(&self.client, &format!("/api/v1/users{query}")).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn user(&self, id: &str) -> UserSummary {
        self.app.get(&self.client, &format!("/api/v1/users/{id}")).await.json().await.unwrap()
    }

    async fn edit(&self, user: &UserSummary, roles: Value, portal_access: bool, suspended: bool) -> Response {
        let body =
            json!({ "roles": roles, "portalAccess": portal_access, "suspended": suspended, "version": user.version });
        self.app.send(&self.client, Method::PATCH, &format!("/api/v1/users/{}", user.id), body).await
    }

    /// From now on acts as Northwind's Chris, a Super Admin of Harbor too, whose login lives in
    /// the partner's namespace: the person who may link the partner's logins at once.
    async fn acting_as_partner_staff(mut self) -> Self {
        let chris = self.app.login(&self.partner, "chris@northwind.example", &[Role::SuperAdmin]).await;
        self.app.link(&chris.identity_id, &self.id, &[Role::SuperAdmin], true, UserStatus::Active).await;
        let client = self.app.signed_in(&chris).await;
        let switch = self.app.send(&client, Method::PUT, "/api/v1/session/org", json!({ "orgId": self.id })).await;
        assert_eq!(switch.status(), 200);
        self.client = client;
        self
    }

    async fn count(&self, table: &str) -> i64 {
        let mut conn = self.app.db.conn().await.unwrap();
        partner_center_server::db::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }
}

async fn field_error(response: Response) -> (String, String) {
    first_field_refused(response, 422).await
}

/// A 409's first field error: well-formed input that what is stored refuses.
async fn conflicting_field(response: Response) -> (String, String) {
    first_field_refused(response, 409).await
}

async fn first_field_refused(response: Response, status: u16) -> (String, String) {
    assert_eq!(response.status(), status);
    let body: ErrorBody = response.json().await.unwrap();
    (body.field_errors[0].field.clone(), body.field_errors[0].message.clone())
}

#[tokio::test]
async fn the_users_page_lists_the_orgs_users_with_namespace_roles_and_status() {
    let o = org().await;
    let page = o.users("").await;
    assert_eq!((page.total_count, page.filtered_count), (1, 1));
    let me = &page.data[0];
    assert_eq!(me.email, "priya@harborview.example");
    assert_eq!(me.namespace, "org:harbor-view-dental");
    assert_eq!(me.roles, vec![Role::SuperAdmin]);
    assert_eq!(me.status, UserStatus::Active);
    assert!(me.portal_access);
    assert!(me.last_sign_in_at.is_some(), "signed in to list");
}

#[tokio::test]
async fn adding_a_user_invites_a_new_login_in_the_orgs_namespace() {
    let o = org().await;
    let response = o.add(new_user("sam@harborview.example")).await;
    assert_eq!(response.status(), 201);
    let sam: UserSummary = response.json().await.unwrap();
    assert_eq!(sam.status, UserStatus::Inactive);
    assert_eq!(sam.namespace, "org:harbor-view-dental");
    assert_eq!(sam.roles, vec![Role::DashboardReadOnly]);
    let mail = o.app.deliver_mail().await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("To: sam@harborview.example"));
    assert_eq!(o.users("?q=ortiz").await.data.len(), 1);
    assert_eq!(o.users("?q=SAM@").await.data.len(), 1);
    assert_eq!(o.users("?q=nobody").await.filtered_count, 0);
}

#[tokio::test]
async fn the_partners_people_linking_a_login_of_their_namespace_reuse_it_and_open_the_org_to_it() {
    let o = org().await.acting_as_partner_staff().await;
    let dana = o.app.login(&o.partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let identities = o.count("identities").await;
    let mut body = new_user("Dana@Northwind.example");
    body["useExistingNamespace"] = json!(true);
    body["namespace"] = json!("org:northwind-security");
    body["roles"] = json!(["super_admin"]);
    let response = o.add(body).await;
    assert_eq!(response.status(), 201);
    let linked: UserSummary = response.json().await.unwrap();
    assert_eq!(linked.namespace, "org:northwind-security");
    assert_eq!(linked.status, UserStatus::Active, "the login already has a password");
    assert_eq!(o.count("identities").await, identities, "no second identity");
    let mail = o.app.deliver_mail().await;
    assert_eq!(mail.len(), 1, "told of the new access, nothing to accept");
    assert!(mail[0].contains("To: dana@northwind.example"), "{}", mail[0]);
    assert!(mail[0].contains("You now have access to Harbor View Dental as Super Admin, added by Test User."));

    let dana_client = o.app.signed_in(&dana).await;
    let me: Me = o.app.get(&dana_client, "/api/v1/me").await.json().await.unwrap();
    let names: Vec<_> = me.orgs.iter().map(|org| org.name.as_str()).collect();
    assert_eq!(names, ["Harbor View Dental", "Northwind Security"]);
    let switched: Me = o
        .app
        .send(&dana_client, Method::PUT, "/api/v1/session/org", json!({ "orgId": o.id }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(switched.roles, vec![Role::SuperAdmin]);
}

#[tokio::test]
async fn a_typo_in_the_orgs_own_or_the_partner_staffs_own_namespace_is_refused_and_creates_nothing() {
    let o = org().await.acting_as_partner_staff().await;
    o.app.login(&o.partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let before = (o.count("identities").await, o.count("users").await, o.count("access_requests").await);
    for (namespace, email) in
        [("org:harbor-view-dental", "dana@northwind.example"), ("org:northwind-security", "other@northwind.example")]
    {
        let mut body = new_user(email);
        body["useExistingNamespace"] = json!(true);
        body["namespace"] = json!(namespace);
        let (field, message) = conflicting_field(o.add(body).await).await;
        assert_eq!(field, "namespace");
        assert!(message.starts_with("No login with this email exists in that namespace."));
    }
    let mut malformed = new_user("dana@northwind.example");
    malformed["useExistingNamespace"] = json!(true);
    malformed["namespace"] = json!("northwind-security");
    assert_eq!(field_error(o.add(malformed).await).await.0, "namespace");
    assert_eq!((o.count("identities").await, o.count("users").await, o.count("access_requests").await), before);
}

#[tokio::test]
async fn a_person_already_in_the_org_is_not_added_twice() {
    let o = org().await;
    assert_eq!(o.add(new_user("sam@harborview.example")).await.status(), 201);
    let (field, message) = conflicting_field(o.add(new_user("SAM@harborview.example")).await).await;
    assert_eq!((field.as_str(), message.as_str()), ("email", "This person is already a user of this organization."));
    let mut again = new_user("priya@harborview.example");
    again["useExistingNamespace"] = json!(true);
    again["namespace"] = json!("org:harbor-view-dental");
    assert_eq!(conflicting_field(o.add(again).await).await.0, "email");
}

#[tokio::test]
async fn another_tenants_users_are_invisible() {
    let o = org().await;
    let other = o.app.org("Summit Ridge", None, false).await;
    let marcus = o.app.login(&other, "marcus@summit.example", &[Role::SuperAdmin]).await;
    assert_eq!(o.app.get(&o.client, &format!("/api/v1/users/{}", marcus.user_id)).await.status(), 404);
    let edit = json!({ "roles": [], "portalAccess": false, "suspended": true, "version": 1 });
    let response = o.app.send(&o.client, Method::PATCH, &format!("/api/v1/users/{}", marcus.user_id), edit).await;
    assert_eq!(response.status(), 404);
    let emails: Vec<String> = o.users("?limit=100").await.data.into_iter().map(|u| u.email).collect();
    assert_eq!(emails, ["priya@harborview.example"]);
    assert_eq!(o.app.get(&browser(), "/api/v1/users").await.status(), 401);
}

#[tokio::test]
async fn read_only_users_see_the_list_but_cannot_add_or_edit_or_escalate() {
    let o = org().await;
    let viewer = o.app.login(&o.id, "viewer@harborview.example", &[Role::SuperAdminReadOnly]).await;
    let wall = o.app.login(&o.id, "wall@harborview.example", &[Role::DashboardReadOnly]).await;
    let viewer_client = o.app.signed_in(&viewer).await;
    assert_eq!(o.app.get(&viewer_client, "/api/v1/users").await.status(), 200);
    let mut escalate = new_user("mallory@harborview.example");
    escalate["roles"] = json!(["super_admin"]);
    assert_eq!(o.app.send(&viewer_client, Method::POST, "/api/v1/users", escalate).await.status(), 403);
    let own = o.user(&viewer.user_id).await;
    let promote = json!({ "roles": ["super_admin"], "portalAccess": true, "suspended": false, "version": own.version });
    let response =
        o.app.send(&viewer_client, Method::PATCH, &format!("/api/v1/users/{}", viewer.user_id), promote).await;
    assert_eq!(response.status(), 403);
    assert_eq!(o.user(&viewer.user_id).await.roles, vec![Role::SuperAdminReadOnly]);
    let wall_client = o.app.signed_in(&wall).await;
    assert_eq!(o.app.get(&wall_client, "/api/v1/users").await.status(), 403);
}

#[tokio::test]
async fn the_last_active_super_admin_cannot_be_suspended_demoted_or_cut_off() {
    let o = org().await;
    let priya = o.user(&o.admin.user_id).await;
    for (roles, portal, suspended) in [
        (json!(["super_admin"]), true, true),
        (json!(["super_admin_read_only"]), true, false),
        (json!(["super_admin"]), false, false),
    ] {
        let response = o.edit(&priya, roles, portal, suspended).await;
        assert_eq!(response.status(), 409);
        let body: ErrorBody = response.json().await.unwrap();
        assert!(body.message.contains("is the last active Super Admin"), "{}", body.message);
    }
    assert_eq!(o.user(&priya.id).await.status, UserStatus::Active);

    o.app.login(&o.id, "second@harborview.example", &[Role::SuperAdmin]).await;
    let response = o.edit(&priya, json!(["super_admin_read_only"]), true, false).await;
    assert_eq!(response.status(), 200, "with another active Super Admin, demotion is fine");
}

#[tokio::test]
async fn suspending_and_reactivating_a_user() {
    let o = org().await;
    let sam = o.app.login(&o.id, "sam@harborview.example", &[Role::DashboardReadOnly]).await;
    let sam_client = o.app.signed_in(&sam).await;
    let before = o.user(&sam.user_id).await;
    let suspended: UserSummary =
        o.edit(&before, json!(["dashboard_read_only"]), true, true).await.json().await.unwrap();
    assert_eq!(suspended.status, UserStatus::Suspended);
    assert_eq!(o.app.get(&sam_client, "/api/v1/me").await.status(), 401, "the session ends at once");
    assert_eq!(o.app.sign_in(&browser(), "sam@harborview.example", PASSWORD).await.status(), 401);
    let back: UserSummary = o.edit(&suspended, json!(["dashboard_read_only"]), true, false).await.json().await.unwrap();
    assert_eq!(back.status, UserStatus::Active);
    assert_eq!(o.app.sign_in(&browser(), "sam@harborview.example", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_stale_user_edit_is_a_conflict() {
    let o = org().await;
    let sam = o.app.login(&o.id, "sam@harborview.example", &[Role::DashboardReadOnly]).await;
    let seen = o.user(&sam.user_id).await;
    assert_eq!(o.edit(&seen, json!(["super_admin_read_only"]), true, false).await.status(), 200);
    assert_eq!(o.edit(&seen, json!(["super_admin"]), true, false).await.status(), 409);
    assert_eq!(o.user(&sam.user_id).await.roles, vec![Role::SuperAdminReadOnly]);
}

async fn active_super_admins(app: &TestApp, org_id: &str) -> i64 {
    let mut conn = app.db.conn().await.unwrap();
    partner_center_server::db::query_scalar(
        "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.org_id = $1 AND r.role = 'super_admin' AND u.status = 'active' AND u.portal_access = 1",
    )
    .bind(org_id)
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn two_super_admins_cutting_each_other_off_at_the_same_instant_leave_one() {
    let app = spawn_app().await;
    // Each way of cutting off, several rounds: the race must never leave the org headless.
    let cuts = [(json!(["super_admin_read_only"]), true, false), (json!(["super_admin"]), true, true)];
    for round in 0..6 {
        let (roles, portal_access, suspended) = &cuts[round % cuts.len()];
        let org_id = app.org(&format!("Race {round}"), None, false).await;
        let a = app.login(&org_id, &format!("a{round}@race.example"), &[Role::SuperAdmin]).await;
        let b = app.login(&org_id, &format!("b{round}@race.example"), &[Role::SuperAdmin]).await;
        let (a_client, b_client) = (app.signed_in(&a).await, app.signed_in(&b).await);
        // Both read what they edit first, then send their edits at once.
        let mut edits = Vec::new();
        for (client, target) in [(&a_client, &b), (&b_client, &a)] {
            let path = format!("/api/v1/users/{}", target.user_id);
            let current: UserSummary = app.get(client, &path).await.json().await.unwrap();
            let body = json!({ "roles": roles, "portalAccess": portal_access, "suspended": suspended,
                "version": current.version });
            edits.push((client, path, body));
        }
        let [(a_sends, a_path, a_body), (b_sends, b_path, b_body)]: [_; 2] = edits.try_into().unwrap();
        let (by_a, by_b) = tokio::join!(
            app.send(a_sends, Method::PATCH, &a_path, a_body),
            app.send(b_sends, Method::PATCH, &b_path, b_body)
        );
        let (by_a, by_b) = (by_a.status().as_u16(), by_b.status().as_u16());
        assert_eq!(active_super_admins(&app, &org_id).await, 1, "round {round}: {by_a} {by_b}");
        let mut statuses = [by_a, by_b];
        statuses.sort();
        assert_eq!(statuses[0], 200, "round {round}: one of them wins");
        // Refused as the last Super Admin (409), as no longer one (403), or, once suspended,
        // as no longer signed in (401).
        assert!([401, 403, 409].contains(&statuses[1]), "round {round}: the other is refused ({statuses:?})");
    }
}
