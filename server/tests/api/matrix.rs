//! The authorization matrix, walked from the server's own route table: every route, called as
//! every kind of caller that must be refused. A route added to the table without an entry
//! here fails the test, so the matrix cannot fall behind the router.
//!
//! For each refusal it checks the status, that the body names none of the owning tenant's
//! orgs, people or ids, and, for writes, that no stored row changed.

use std::collections::BTreeMap;

use partner_center_domain::child_org::ChildOrgDetail;
use partner_center_domain::roles::Role;
use partner_center_domain::subscription::{CreatedApiToken, InvoiceView};
use partner_center_domain::users::UserSummary;
use partner_center_server::db::query_scalar;
use partner_center_server::http::api::{self, routes::Auth};
use partner_center_server::infra::clock::DAY;
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};

use crate::helpers::{browser, invitation_token, spawn_app, Login, TestApp};

const NOT_FOUND: &str = r#"{"status":404,"message":"Not found."}"#;

/// A partner (Northwind) with a child (Harbor View) that has a user, an API token, an invoice
/// and a pending invitation; and the outsiders: another partner (Southwind) with a child of
/// its own, and a customer org of nobody's (Lakeside).
struct World {
    app: TestApp,
    partner_admin: Login,
    partner_viewer: Login,
    partner_dashboard: Login,
    child: ChildOrgDetail,
    child_admin: Login,
    child_viewer: Login,
    child_dashboard: Login,
    token_id: String,
    invoice_id: String,
    /// The month of that invoice (`YYYY-MM`): the partner statement that lists it.
    invoice_month: String,
    invitation: String,
    /// Harbor's pending request to a consultant of an unrelated org.
    access_request: String,
    other_partner_admin: Login,
    other_customer_admin: Login,
    standalone_org: String,
    /// Text that belongs to the Northwind tenant and must never reach an outsider.
    secrets: Vec<String>,
}

async fn world() -> World {
    let app = spawn_app().await;
    let partner = app.org("Northwind Security", None, true).await;
    let partner_admin = app.login(&partner, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let partner_viewer = app.login(&partner, "vic@northwind.example", &[Role::SuperAdminReadOnly]).await;
    let partner_dashboard = app.login(&partner, "dash@northwind.example", &[Role::DashboardReadOnly]).await;
    let dana = app.signed_in(&partner_admin).await;
    let created = app
        .client_request(&dana, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "matrix")
        .json(&json!({ "name": "Harbor View Dental", "adminFirstName": "Priya", "adminLastName": "Raman",
            "adminEmail": "priya@harborview.example", "apEmail": "ap@harborview.example", "trialDays": 1,
            "referenceNumber": "PO-4471" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let child: ChildOrgDetail = created.json().await.unwrap();
    let invitation = invitation_token(&app.deliver_mail().await[0]);
    let child_admin = app.login(&child.id, "omar@harborview.example", &[Role::SuperAdmin]).await;
    let child_viewer = app.login(&child.id, "val@harborview.example", &[Role::SuperAdminReadOnly]).await;
    let child_dashboard = app.login(&child.id, "desk@harborview.example", &[Role::DashboardReadOnly]).await;

    let omar = app.signed_in(&child_admin).await;
    let token: CreatedApiToken = app
        .send(&omar, Method::POST, "/api/v1/api-tokens", json!({ "name": "Front door" }))
        .await
        .json()
        .await
        .unwrap();
    let brightline = app.org("Brightline Consulting", None, false).await;
    app.login(&brightline, "kai@brightline.example", &[Role::SuperAdmin]).await;
    let asked = json!({ "firstName": "Kai", "lastName": "Lund", "email": "kai@brightline.example",
        "useExistingNamespace": true, "namespace": "org:brightline-consulting", "portalAccess": true,
        "roles": ["super_admin_read_only"] });
    let asked = app.send(&omar, Method::POST, "/api/v1/users", asked).await;
    assert_eq!(asked.status(), 202);
    let access_request = asked.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let unlock = format!("/api/v1/partner/orgs/{}/bench-unlock", child.id);
    assert_eq!(app.send(&dana, Method::POST, &unlock, json!({})).await.status(), 200);
    app.clock.advance(2 * DAY);
    partner_center_server::services::billing_cycle::issue_due_invoices(&app.db, &app.clock).await.unwrap();
    let dana = app.signed_in(&partner_admin).await;
    let invoices: Vec<InvoiceView> =
        app.get(&dana, &format!("/api/v1/partner/orgs/{}/invoices", child.id)).await.json().await.unwrap();
    let invoice_id = invoices[0].id.clone();
    let invoice_month = invoices[0].issued_at[..7].to_owned();

    let other_partner = app.org("Southwind Security", None, true).await;
    let other_partner_admin = app.login(&other_partner, "sam@southwind.example", &[Role::SuperAdmin]).await;
    let other_child = app.org("Southwind Customer", Some(&other_partner), false).await;
    app.login(&other_child, "cy@southwind-customer.example", &[Role::SuperAdmin]).await;
    let standalone_org = app.org("Lakeside Clinic", None, false).await;
    let other_customer_admin = app.login(&standalone_org, "lee@lakeside.example", &[Role::SuperAdmin]).await;

    let mut secrets: Vec<String> =
        ["Northwind", "Harbor View", "northwind.example", "harborview.example", "PO-4471", "Priya", "Front door"]
            .map(str::to_owned)
            .to_vec();
    secrets.extend([
        partner.clone(),
        child.id.clone(),
        token.summary.id.clone(),
        invoice_id.clone(),
        access_request.clone(),
    ]);
    for login in [&partner_admin, &partner_viewer, &child_admin, &child_viewer, &child_dashboard] {
        secrets.extend([login.user_id.clone(), login.identity_id.clone()]);
    }
    World {
        app,
        partner_admin,
        partner_viewer,
        partner_dashboard,
        child,
        child_admin,
        child_viewer,
        child_dashboard,
        token_id: token.summary.id,
        invoice_id,
        invoice_month,
        invitation,
        access_request,
        other_partner_admin,
        other_customer_admin,
        standalone_org,
        secrets,
    }
}

/// Whose data a route reaches: the partner's Partner Center, or the org a session acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Partner,
    ActingOrg,
    /// The caller's own session (switching org) or no tenant data at all (the price list).
    Caller,
}

/// One call of a route, as its owner would make it.
#[derive(Clone)]
struct Call {
    path: String,
    body: Option<Value>,
    owner: Owner,
}

impl World {
    /// The request that exercises `method path` on the Northwind tenant's data.
    /// `current` holds the versions edits carry; refusals change nothing, so one read serves
    /// the whole walk.
    fn call(&self, method: &Method, path: &str, current: &BTreeMap<&'static str, Value>) -> Option<Call> {
        let child = &self.child.id;
        let partner = |path: String, body: Option<Value>| Some(Call { path, body, owner: Owner::Partner });
        let acting = |path: String, body: Option<Value>| Some(Call { path, body, owner: Owner::ActingOrg });
        let own = |path: &str, body: Option<Value>| Some(Call { path: path.to_owned(), body, owner: Owner::Caller });
        match (method.as_str(), path) {
            // Public: anyone may call them; nothing to refuse.
            ("GET", "/api/v1/health" | "/api/v1/health/live" | "/api/v1/health/ready" | "/api/v1/openapi.json")
            | ("POST" | "DELETE", "/api/v1/session")
            | ("POST", "/api/v1/password-resets") => None,
            ("PUT", "/api/v1/session/org") => own(path, Some(json!({ "orgId": child }))),
            ("GET", "/api/v1/me" | "/api/v1/catalog" | "/api/v1/me/orgs" | "/api/v1/me/access-requests") => {
                own(path, None)
            }
            ("POST", "/api/v1/me/access-requests/{id}/accept" | "/api/v1/me/access-requests/{id}/decline") => {
                own(&path.replace("{id}", &self.access_request), None)
            }
            ("GET", "/api/v1/access-requests") => acting(path.to_owned(), None),
            ("DELETE", "/api/v1/access-requests/{id}") => {
                acting(format!("/api/v1/access-requests/{}", self.access_request), None)
            }
            ("DELETE", "/api/v1/me/orgs/{id}") => own(&format!("/api/v1/me/orgs/{child}"), None),
            ("GET", "/api/v1/orgs/{id}") => acting(format!("/api/v1/orgs/{child}"), None),
            ("GET", "/api/v1/partner" | "/api/v1/partner/orgs" | "/api/v1/partner/home")
            | ("GET", "/api/v1/partner/orgs/export") => partner(path.to_owned(), None),
            ("POST", "/api/v1/partner/orgs") => partner(
                path.to_owned(),
                Some(json!({ "name": "Intruder Org", "adminFirstName": "Ivy", "adminLastName": "Cole",
                    "adminEmail": "ivy@intruder.example", "apEmail": "ap@intruder.example", "trialDays": 3 })),
            ),
            ("GET", "/api/v1/partner/orgs/{id}" | "/api/v1/partner/orgs/{id}/subscription")
            | ("GET", "/api/v1/partner/orgs/{id}/invoices")
            | ("POST", "/api/v1/partner/orgs/{id}/bench-unlock") => {
                partner(path.replace("{id}", child), (method == Method::POST).then(|| json!({})))
            }
            ("PATCH", "/api/v1/partner/orgs/{id}") => partner(
                format!("/api/v1/partner/orgs/{child}"),
                Some(json!({ "name": "Renamed By Intruder", "version": current["org"] })),
            ),
            ("PATCH", "/api/v1/partner/orgs/{id}/billing") => partner(
                format!("/api/v1/partner/orgs/{child}/billing"),
                Some(json!({ "apEmail": "thief@intruder.example", "trialDays": 1, "referenceNumber": "X",
                    "version": current["billing"] })),
            ),
            ("POST", "/api/v1/partner/orgs/{id}/trial-extension") => partner(
                format!("/api/v1/partner/orgs/{child}/trial-extension"),
                Some(json!({ "days": 14, "reason": "Intruder" })),
            ),
            ("PUT", "/api/v1/partner/orgs/{id}/subscription") => partner(
                format!("/api/v1/partner/orgs/{child}/subscription"),
                Some(json!({ "plan": "enterprise", "currency": "USD", "length": "monthly",
                    "version": current["subscription"] })),
            ),
            ("GET", "/api/v1/partner/statements") => partner(path.to_owned(), None),
            ("GET", "/api/v1/partner/statements/{month}" | "/api/v1/partner/statements/{month}/export") => {
                partner(path.replace("{month}", &self.invoice_month), None)
            }
            ("GET", "/api/v1/partner/invoices/{id}") => {
                partner(format!("/api/v1/partner/invoices/{}", self.invoice_id), None)
            }
            ("GET", "/api/v1/users" | "/api/v1/api-tokens") => acting(path.to_owned(), None),
            ("GET", "/api/v1/audit" | "/api/v1/audit/export") => own(path, None),
            ("GET", "/api/v1/partner/activity" | "/api/v1/partner/activity/export") => partner(path.to_owned(), None),
            ("POST", "/api/v1/users") => acting(
                path.to_owned(),
                Some(json!({ "firstName": "Ivy", "lastName": "Cole", "email": "ivy@intruder.example",
                    "portalAccess": true, "roles": ["super_admin"] })),
            ),
            ("GET", "/api/v1/users/{id}") => acting(format!("/api/v1/users/{}", self.child_admin.user_id), None),
            ("PATCH", "/api/v1/users/{id}") => acting(
                format!("/api/v1/users/{}", self.child_admin.user_id),
                Some(json!({ "roles": ["super_admin"], "portalAccess": true, "suspended": true,
                    "version": current["user"] })),
            ),
            ("GET" | "DELETE", "/api/v1/users/{id}/sign-in-failures") => {
                acting(format!("/api/v1/users/{}/sign-in-failures", self.child_admin.user_id), None)
            }
            ("POST", "/api/v1/users/{id}/invitation") => {
                acting(format!("/api/v1/users/{}/invitation", self.child_admin.user_id), None)
            }
            ("POST", "/api/v1/api-tokens") => acting(path.to_owned(), Some(json!({ "name": "Intruder" }))),
            ("GET", "/api/v1/partner-access") => own(path, None),
            ("DELETE", "/api/v1/partner-access/{id}") => {
                acting(format!("/api/v1/partner-access/{}", self.child_viewer.user_id), None)
            }
            ("DELETE", "/api/v1/api-tokens/{id}") => acting(format!("/api/v1/api-tokens/{}", self.token_id), None),
            ("POST", "/api/v1/unlocks") => acting(path.to_owned(), Some(json!({ "door": "Back door" }))),
            ("GET", "/api/v1/invitations/{token}") => own(&format!("/api/v1/invitations/{}", self.invitation), None),
            ("POST", "/api/v1/invitations/{token}/accept") => own(
                &format!("/api/v1/invitations/{}/accept", self.invitation),
                Some(json!({ "password": "an intruder's password" })),
            ),
            ("GET", "/api/v1/password-resets/{token}") => own(path, None),
            ("POST", "/api/v1/password-resets/{token}") => {
                own(path, Some(json!({ "password": "an intruder's password" })))
            }
            _ => panic!("{method} {path} has no entry in the authorization matrix: add one"),
        }
    }

    /// The versions edits must carry, read as their owners, so a refusal is never a conflict.
    async fn current_versions(&self) -> BTreeMap<&'static str, Value> {
        let dana = self.app.signed_in(&self.partner_admin).await;
        let omar = self.app.signed_in(&self.child_admin).await;
        let base = format!("/api/v1/partner/orgs/{}", self.child.id);
        let detail: Value = self.app.get(&dana, &base).await.json().await.unwrap();
        let subscription: Value = self.app.get(&dana, &format!("{base}/subscription")).await.json().await.unwrap();
        let user: UserSummary =
            self.app.get(&omar, &format!("/api/v1/users/{}", self.child_admin.user_id)).await.json().await.unwrap();
        BTreeMap::from([
            ("org", detail["version"].clone()),
            ("billing", detail["billing"]["version"].clone()),
            ("subscription", subscription["version"].clone()),
            ("user", json!(user.version)),
        ])
    }

    async fn send(&self, client: &Client, method: &Method, call: &Call) -> Response {
        let mut request = self
            .app
            .client_request(client, method.clone(), &call.path)
            .header("idempotency-key", partner_center_server::infra::secrets::new_id());
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    /// Every stored row except the bookkeeping a request does for itself (its session's
    /// last use, sign-in throttling), sorted: equal snapshots mean nothing changed.
    async fn snapshot(&self) -> Vec<String> {
        let mut conn = self.app.db.conn().await.unwrap();
        let tables_sql = if self.app.expected_backend == "sqlite" {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        } else {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public'"
        };
        let columns_sql = if self.app.expected_backend == "sqlite" {
            "SELECT name FROM pragma_table_info($1) ORDER BY cid"
        } else {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position"
        };
        let tables: Vec<String> = query_scalar(tables_sql).fetch_all(&mut conn).await.unwrap();
        let mut rows = Vec::new();
        for table in tables {
            if ["sessions", "sign_in_failures", "throttle_locks", "_sqlx_migrations"].contains(&table.as_str()) {
                continue;
            }
            let columns: Vec<String> = query_scalar(columns_sql).bind(&table).fetch_all(&mut conn).await.unwrap();
            // Each row as one text, every column cast to text by the database itself.
            let cells: Vec<String> = columns
                .iter()
                .map(|column| format!("'{column}=' || COALESCE(CAST(\"{column}\" AS TEXT), 'NULL')"))
                .collect();
            let row_sql = format!("SELECT {} FROM {table}", cells.join(" || ', ' || "));
            for row in query_scalar::<String>(&row_sql).fetch_all(&mut conn).await.unwrap() {
                rows.push(format!("{table}: {row}"));
            }
        }
        rows.sort();
        rows
    }

    /// Calls `call` as `client` and checks the refusal: its status, that the body names
    /// nothing of the Northwind tenant, and (for writes) that nothing changed.
    async fn refused(&self, who: &str, client: &Client, method: &Method, call: &Call, status: u16) {
        let before = if method == Method::GET { Vec::new() } else { self.snapshot().await };
        let response = self.send(client, method, call).await;
        let got = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(got, status, "{who}: {method} {} answered {got}: {body}", call.path);
        if status == 404 && call.owner != Owner::Caller {
            assert_eq!(body, NOT_FOUND, "{who}: {method} {}: a 404 like a missing id", call.path);
        }
        for secret in &self.secrets {
            assert!(!body.contains(secret.as_str()), "{who}: {method} {} leaked {secret}: {body}", call.path);
        }
        if method != Method::GET {
            assert_eq!(self.snapshot().await, before, "{who}: {method} {} changed stored data", call.path);
        }
    }
}

impl World {
    /// Calls `call` as `client`, an outsider reading its own things, and checks that the
    /// answer names nothing of the Northwind tenant.
    async fn leaks_nothing(&self, who: &str, client: &Client, method: &Method, call: &Call) {
        let body = self.send(client, method, call).await.text().await.unwrap();
        for secret in &self.secrets {
            assert!(!body.contains(secret.as_str()), "{who}: {method} {} leaked {secret}: {body}", call.path);
        }
    }
}

fn is_write(method: &Method) -> bool {
    method != Method::GET
}

#[tokio::test]
async fn every_route_refuses_every_caller_it_must_and_leaks_nothing() {
    let w = world().await;
    let anonymous = browser();
    let (partner_viewer, partner_dashboard) =
        (w.app.signed_in(&w.partner_viewer).await, w.app.signed_in(&w.partner_dashboard).await);
    let (child_viewer, child_dashboard) =
        (w.app.signed_in(&w.child_viewer).await, w.app.signed_in(&w.child_dashboard).await);
    let child_admin = w.app.signed_in(&w.child_admin).await;
    let other_customer = w.app.signed_in(&w.other_customer_admin).await;
    let other_partner = w.app.signed_in(&w.other_partner_admin).await;
    let partner_admin = w.app.signed_in(&w.partner_admin).await;

    let current = w.current_versions().await;
    let mut checked = 0;
    for route in api::routes(false) {
        let Some(call) = w.call(&route.method, route.path, &current) else {
            assert_eq!(route.auth, Auth::Public, "{} {}: only public routes are exempt", route.method, route.path);
            continue;
        };
        let method = &route.method;
        // A month names no tenant's data: another partner reads its own statement of it.
        let has_id = route.path_params().any(|param| param != "month");
        match route.auth {
            Auth::Public => panic!("{} {} is public but has a matrix entry", route.method, route.path),
            Auth::OrgToken => {
                w.refused("no token", &anonymous, method, &call, 401).await;
                w.refused("a session instead of a token", &child_admin, method, &call, 401).await;
            }
            Auth::LinkToken => {
                let forged = Call { path: route.path.replace("{token}", "forged-token"), ..call };
                w.refused("a forged link", &anonymous, method, &forged, 404).await;
            }
            Auth::Session => {
                w.refused("anonymous", &anonymous, method, &call, 401).await;
                match call.owner {
                    Owner::Partner => {
                        w.refused("another customer's Super Admin", &other_customer, method, &call, 404).await;
                        w.refused("the child's own Super Admin", &child_admin, method, &call, 404).await;
                        if !has_id && !is_write(method) {
                            w.leaks_nothing("another partner, reading its own", &other_partner, method, &call).await;
                        }
                        if has_id {
                            w.refused("another partner", &other_partner, method, &call, 404).await;
                            let not_a_child =
                                Call { path: call.path.replace(&w.child.id, &w.standalone_org), ..call.clone() };
                            if not_a_child.path != call.path {
                                w.refused(
                                    "the partner, on an org not its child",
                                    &partner_admin,
                                    method,
                                    &not_a_child,
                                    404,
                                )
                                .await;
                            }
                        }
                        if is_write(method) {
                            w.refused("the partner's Super Admin Read-Only", &partner_viewer, method, &call, 403).await;
                            w.refused("the partner's Dashboard Read-Only", &partner_dashboard, method, &call, 403)
                                .await;
                        }
                    }
                    Owner::ActingOrg => {
                        if has_id {
                            w.refused("another customer's Super Admin", &other_customer, method, &call, 404).await;
                            w.refused("another partner", &other_partner, method, &call, 404).await;
                        }
                        if is_write(method) {
                            w.refused("the org's Super Admin Read-Only", &child_viewer, method, &call, 403).await;
                            w.refused("the org's Dashboard Read-Only", &child_dashboard, method, &call, 403).await;
                        }
                    }
                    Owner::Caller => {
                        if is_write(method) {
                            w.refused("another customer's Super Admin", &other_customer, method, &call, 404).await;
                        } else {
                            // Reads of the caller's own things: an outsider sees only theirs.
                            w.leaks_nothing("another customer's Super Admin", &other_customer, method, &call).await;
                        }
                    }
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 25, "the matrix walked {checked} routes");
}
