//! Manage Organizations and Add Org: creating, listing, reading and editing child orgs.

use partner_center_domain::api::{ErrorBody, Me, Page};
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::child_org::{ChildOrgDetail, ChildOrgSummary};
use partner_center_domain::partner_home::{PartnerHome, StateCounts};
use partner_center_domain::roles::Role;
use partner_center_domain::trial::TrialStatus;
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};

use crate::helpers::{browser, spawn_app, TestApp, START};

/// A partner org and its Super Admin, signed in; other modules use it too.
pub struct Partner {
    pub app: TestApp,
    pub org: String,
    pub client: Client,
}

pub async fn partner() -> Partner {
    let app = spawn_app().await;
    let org = app.org("Northwind Security", None, true).await;
    let admin = app.login(&org, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let client = app.signed_in(&admin).await;
    Partner { app, org, client }
}

/// The Add Org form, valid, for an org named `name`.
pub fn form(name: &str) -> Value {
    json!({
        "name": name,
        "adminFirstName": "Priya",
        "adminLastName": "Raman",
        "adminEmail": "priya@harborview.example",
        "apEmail": "ap@harborview.example",
        "trialDays": 14,
        "referenceNumber": "PO-4471"
    })
}

impl Partner {
    async fn create_with_key(&self, key: &str, body: Value) -> Response {
        self.app
            .client_request(&self.client, Method::POST, "/api/v1/partner/orgs")
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn create(&self, body: Value) -> Response {
        self.create_with_key(&partner_center_server::infra::secrets::new_id(), body).await
    }

    /// A fresh session for the partner's admin (after the clock moved past the last one).
    pub(crate) async fn sign_in_again(&mut self) {
        self.client = browser();
        let response = self.app.sign_in(&self.client, "dana@northwind.example", crate::helpers::PASSWORD).await;
        assert_eq!(response.status(), 200);
    }

    async fn created(&self, name: &str) -> ChildOrgDetail {
        let response = self.create(form(name)).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }

    async fn list(&self, query: &str) -> Page<ChildOrgSummary> {
        let response = self.app.get(&self.client, &format!("/api/v1/partner/orgs{query}")).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Starts each org's trial at the given time, as a first unlock would, and rewrites its
    /// list row.
    async fn unlocked_at(&self, orgs: &[(&String, i64)]) {
        let mut conn = self.app.db.conn().await.unwrap();
        for (org, unlocked) in orgs {
            partner_center_server::db::query("UPDATE billing_profiles SET first_unlock_at = $1 WHERE org_id = $2")
                .bind(*unlocked)
                .bind(*org)
                .execute(&mut conn)
                .await
                .unwrap();
            partner_center_server::db::billing::reset_next_invoice_to_trial_end(&mut conn, org).await.unwrap();
            partner_center_server::services::org_listing::refresh(&mut conn, org).await.unwrap();
        }
    }

    pub async fn count(&self, table: &str) -> i64 {
        let mut conn = self.app.db.conn().await.unwrap();
        partner_center_server::db::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }
}

impl TestApp {
    pub fn client_request(&self, client: &Client, method: Method, path: &str) -> reqwest::RequestBuilder {
        client.request(method, self.url(path)).header("x-csrf-protection", "1")
    }
}

/// The field errors of a 422: input that breaks a rule whatever is stored.
async fn field_errors(response: Response) -> Vec<(String, String)> {
    fields_refused(response, 422).await
}

/// The field errors of a 409: well-formed input that what is stored refuses.
async fn conflicting_fields(response: Response) -> Vec<(String, String)> {
    fields_refused(response, 409).await
}

async fn fields_refused(response: Response, status: u16) -> Vec<(String, String)> {
    assert_eq!(response.status(), status);
    let body: ErrorBody = response.json().await.unwrap();
    body.field_errors.into_iter().map(|e| (e.field, e.message)).collect()
}

#[tokio::test]
async fn adding_an_org_creates_it_with_its_super_admin_billing_and_subscription() {
    let p = partner().await;
    let response = p.create(form("Harbor View Dental")).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let org: ChildOrgDetail = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/partner/orgs/{}", org.id));
    assert_eq!(org.name, "Harbor View Dental");
    assert_eq!(org.namespace, "org:harbor-view-dental");
    assert_eq!(org.parent.id, p.org);
    let admin = org.super_admin.unwrap();
    assert_eq!((admin.name.as_str(), admin.email.as_str()), ("Priya Raman", "priya@harborview.example"));
    assert_eq!(org.billing.ap_email, "ap@harborview.example");
    assert_eq!(org.billing.trial_days, 14);
    assert_eq!(org.billing.reference_number.as_deref(), Some("PO-4471"));
    assert_eq!(org.billing.status, TrialStatus::AwaitingFirstUnlock);
    assert_eq!(org.subscription.plan, PackagePlan::Essentials);
    assert_eq!(org.subscription.currency, Currency::Usd);
    assert_eq!(org.subscription.length, PlanLength::Monthly);

    let mail = p.app.deliver_mail().await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("To: priya@harborview.example") && mail[0].contains("Harbor View Dental"));

    let list = p.list("").await;
    assert_eq!(list.total_count, 1);
    assert_eq!(list.data[0].id, org.id);
    assert_eq!(list.data[0].namespace, "org:harbor-view-dental", "the row copies the namespace");
    assert_eq!(list.data[0].status, TrialStatus::AwaitingFirstUnlock);
}

#[tokio::test]
async fn each_invalid_field_is_refused_with_its_message_and_nothing_is_created() {
    let p = partner().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("name", json!("   "), "This field is required."),
        ("name", json!("n".repeat(101)), "Use at most 100 characters."),
        ("adminFirstName", json!(""), "This field is required."),
        ("adminEmail", json!("priya"), "Enter a valid email address, like name@example.com."),
        ("apEmail", json!("ap@"), "Enter a valid email address, like name@example.com."),
        ("trialDays", json!(0), "Enter a whole number of days from 1 to 21."),
        ("trialDays", json!(22), "Enter a whole number of days from 1 to 21."),
        ("trialDays", json!(-3), "Enter a whole number of days from 1 to 21."),
        ("trialDays", json!(1.5), "Enter a whole number of days from 1 to 21."),
        ("trialDays", json!("abc"), "Enter a whole number of days from 1 to 21."),
        ("trialDays", json!(""), "This field is required."),
        ("referenceNumber", json!("r".repeat(65)), "Use at most 64 characters."),
    ];
    for (field, value, message) in cases {
        let mut body = form("Harbor View Dental");
        body[field] = value;
        assert_eq!(field_errors(p.create(body).await).await, vec![(field.to_owned(), message.to_owned())], "{field}");
    }
    let mut linking = form("Harbor View Dental");
    linking["useExistingNamespace"] = json!(true);
    linking["namespace"] = json!("northwind");
    assert_eq!(field_errors(p.create(linking).await).await[0].0, "namespace");
    assert_eq!(p.count("orgs").await, 1, "only the partner");
}

#[tokio::test]
async fn trial_days_accept_both_boundaries() {
    let p = partner().await;
    for (name, days) in [("One Day", 1), ("Three Weeks", 21)] {
        let mut body = form(name);
        body["trialDays"] = json!(days);
        assert_eq!(p.create(body).await.status(), 201, "{days}");
    }
}

#[tokio::test]
async fn a_duplicate_name_among_the_partners_children_is_refused_in_any_case() {
    let p = partner().await;
    p.created("Harbor View Dental").await;
    let errors = conflicting_fields(p.create(form("  harbor VIEW dental ")).await).await;
    assert_eq!(errors[0].0, "name");
    assert!(errors[0].1.starts_with("An organization with this name already exists"));
    assert_eq!(p.list("").await.total_count, 1);
}

#[tokio::test]
async fn another_partners_customer_may_share_a_name_and_gets_its_own_namespace() {
    let p = partner().await;
    let first = p.created("Harbor View Dental").await;
    let other_org = p.app.org("Southwind", None, true).await;
    let other = p.app.login(&other_org, "admin@southwind.example", &[Role::SuperAdmin]).await;
    let other_client = p.app.signed_in(&other).await;
    let response = p
        .app
        .client_request(&other_client, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "k1")
        .json(&form("Harbor View Dental"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let second: ChildOrgDetail = response.json().await.unwrap();
    assert_eq!(first.namespace, "org:harbor-view-dental");
    assert_eq!(second.namespace, "org:harbor-view-dental-2");
}

#[tokio::test]
async fn the_created_answer_is_the_org_as_a_read_gives_it_for_every_kind_of_super_admin() {
    let p = partner().await;
    let brightline = p.app.org("Brightline Consulting", None, false).await;
    p.app.login(&brightline, "kai@brightline.example", &[Role::SuperAdmin]).await;
    let mut linked = form("Summit Ridge");
    // The partner's own login, typed in another case: the answer names it as stored.
    linked["adminEmail"] = json!("DANA@northwind.example");
    linked["useExistingNamespace"] = json!(true);
    linked["namespace"] = json!("org:northwind-security");
    let mut asked = form("Lakeview Optometry");
    asked["adminEmail"] = json!("kai@brightline.example");
    asked["useExistingNamespace"] = json!(true);
    asked["namespace"] = json!("org:brightline-consulting");
    asked["referenceNumber"] = json!("PO-77");
    for (body, admin) in [
        (form("Harbor View Dental"), Some("priya@harborview.example")),
        (linked, Some("dana@northwind.example")),
        (asked, None),
    ] {
        let created = p.create(body).await;
        assert_eq!(created.status(), 201);
        let created: ChildOrgDetail = created.json().await.unwrap();
        let read: ChildOrgDetail =
            p.app.get(&p.client, &format!("/api/v1/partner/orgs/{}", created.id)).await.json().await.unwrap();
        assert_eq!(created, read, "{}", created.name);
        assert_eq!(created.super_admin.map(|a| a.email).as_deref(), admin, "{}", created.name);
        let listed = p.list(&format!("?q={}", created.name.replace(' ', "%20"))).await;
        assert_eq!(listed.data[0].super_admin, read.super_admin, "the list row names the same Super Admin");
    }
}

#[tokio::test]
async fn creating_an_org_twice_with_one_key_creates_one() {
    let p = partner().await;
    let first = p.create_with_key("save-1", form("Harbor View Dental")).await;
    let retry = p.create_with_key("save-1", form("Harbor View Dental")).await;
    assert_eq!(first.status(), 201);
    assert_eq!(retry.status(), 201);
    let (first, retry): (ChildOrgDetail, ChildOrgDetail) = (first.json().await.unwrap(), retry.json().await.unwrap());
    assert_eq!(first.id, retry.id);
    assert_eq!(p.list("").await.total_count, 1);
    assert_eq!(p.app.deliver_mail().await.len(), 1, "one invitation");
}

#[tokio::test]
async fn a_double_click_sending_two_requests_at_once_creates_one_org() {
    let p = partner().await;
    let (a, b) = tokio::join!(
        p.create_with_key("same", form("Harbor View Dental")),
        p.create_with_key("same", form("Harbor View Dental"))
    );
    assert_eq!((a.status(), b.status()), (reqwest::StatusCode::CREATED, reqwest::StatusCode::CREATED));
    let (a, b): (ChildOrgDetail, ChildOrgDetail) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_eq!(a.id, b.id);
    assert_eq!(p.list("").await.total_count, 1);
}

#[tokio::test]
async fn one_key_with_a_different_body_is_refused() {
    let p = partner().await;
    assert_eq!(p.create_with_key("k", form("Harbor View Dental")).await.status(), 201);
    let reused = p.create_with_key("k", form("Summit Ridge")).await;
    assert_eq!(reused.status(), 409);
    let body: ErrorBody = reused.json().await.unwrap();
    assert!(body.message.contains("already used for a different request"));
    assert_eq!(p.list("").await.total_count, 1);
}

#[tokio::test]
async fn a_create_without_an_idempotency_key_is_refused() {
    let p = partner().await;
    let response = p.app.send(&p.client, Method::POST, "/api/v1/partner/orgs", form("Harbor View Dental")).await;
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn linking_an_existing_namespace_adds_that_login_and_creates_no_new_one() {
    let p = partner().await;
    let identities_before = p.count("identities").await;
    let mut body = form("Harbor View Dental");
    body["adminEmail"] = json!("DANA@northwind.example");
    body["useExistingNamespace"] = json!(true);
    body["namespace"] = json!("org:northwind-security");
    let response = p.create(body).await;
    assert_eq!(response.status(), 201);
    let org: ChildOrgDetail = response.json().await.unwrap();
    assert_eq!(p.count("identities").await, identities_before, "no second identity");
    let mail = p.app.deliver_mail().await;
    assert_eq!(mail.len(), 1, "a linked login needs no invitation, only the news");
    assert!(mail[0].contains("You now have access to Harbor View Dental as Super Admin"), "{}", mail[0]);
    assert!(!mail[0].contains("/invitations/"), "no invitation link");
    let me: Me = p.app.get(&p.client, "/api/v1/me").await.json().await.unwrap();
    assert!(me.orgs.iter().any(|o| o.id == org.id), "the partner's login now reaches the new org");
}

#[tokio::test]
async fn a_typo_in_the_partners_own_namespace_is_refused_and_creates_nothing() {
    let p = partner().await;
    let mut body = form("Harbor View Dental");
    body["adminEmail"] = json!("someone.else@northwind.example");
    body["useExistingNamespace"] = json!(true);
    body["namespace"] = json!("org:northwind-security");
    let errors = conflicting_fields(p.create(body).await).await;
    assert_eq!(errors[0].0, "namespace");
    assert!(errors[0].1.starts_with("No login with this email exists in that namespace."));
    assert_eq!(p.count("orgs").await, 1);
    assert_eq!(p.count("users").await, 1);
}

#[tokio::test]
async fn a_failure_midway_leaves_nothing_behind() {
    let p = partner().await;
    let mut conn = p.app.db.conn().await.unwrap();
    // Make the last insert of the create fail, after org, login, user, invitation and billing.
    if p.app.expected_backend == "sqlite" {
        partner_center_server::db::query(
            "CREATE TRIGGER refuse BEFORE INSERT ON subscriptions BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    } else {
        partner_center_server::db::query("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$ LANGUAGE plpgsql")
            .execute(&mut conn)
            .await
            .unwrap();
        partner_center_server::db::query(
            "CREATE TRIGGER refuse BEFORE INSERT ON subscriptions FOR EACH ROW EXECUTE FUNCTION refuse()",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    drop(conn);
    let before = row_counts(&p).await;
    let response = p.create(form("Harbor View Dental")).await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert!(!body.contains("forced failure"), "internals are not leaked: {body}");
    assert_eq!(row_counts(&p).await, before);
}

async fn row_counts(p: &Partner) -> Vec<i64> {
    let mut all = Vec::new();
    for table in [
        "orgs",
        "identities",
        "users",
        "user_roles",
        "invitations",
        "outbox",
        "billing_profiles",
        "child_org_listing",
        "idempotency_keys",
    ] {
        all.push(p.count(table).await);
    }
    all
}

#[tokio::test]
async fn only_super_admins_of_partner_orgs_may_add_orgs_and_customers_have_no_partner_center() {
    let p = partner().await;
    let viewer = p.app.login(&p.org, "viewer@northwind.example", &[Role::SuperAdminReadOnly]).await;
    let customer = p.app.org("Standalone", None, false).await;
    let customer_admin = p.app.login(&customer, "admin@standalone.example", &[Role::SuperAdmin]).await;
    // A partner's user whose role falls short is refused (403); where there is no Partner
    // Center at all, it does not exist (404).
    for (login, status) in [(viewer, 403), (customer_admin, 404)] {
        let client = p.app.signed_in(&login).await;
        let response = p
            .app
            .client_request(&client, Method::POST, "/api/v1/partner/orgs")
            .header("idempotency-key", "k")
            .json(&form("X"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{}", login.email);
        assert_eq!(p.app.get(&client, "/api/v1/partner/orgs").await.status(), status);
        assert_eq!(p.app.get(&client, "/api/v1/partner").await.status(), status);
    }
    let anonymous = browser();
    assert_eq!(p.app.get(&anonymous, "/api/v1/partner/orgs").await.status(), 401);
    assert_eq!(p.count("orgs").await, 2);
}

#[tokio::test]
async fn another_partners_children_are_not_found() {
    let p = partner().await;
    let ours = p.created("Harbor View Dental").await;
    let other_org = p.app.org("Southwind", None, true).await;
    let other = p.app.login(&other_org, "admin@southwind.example", &[Role::SuperAdmin]).await;
    let other_client = p.app.signed_in(&other).await;
    let path = format!("/api/v1/partner/orgs/{}", ours.id);
    assert_eq!(p.app.get(&other_client, &path).await.status(), 404);
    let rename =
        p.app.send(&other_client, Method::PATCH, &path, json!({ "name": "Stolen", "version": ours.version })).await;
    assert_eq!(rename.status(), 404);
    let billing = p
        .app
        .send(
            &other_client,
            Method::PATCH,
            &format!("{path}/billing"),
            json!({ "apEmail": "x@y.example", "trialDays": 3, "version": 1 }),
        )
        .await;
    assert_eq!(billing.status(), 404);
    let list: Page<ChildOrgSummary> = p.app.get(&other_client, "/api/v1/partner/orgs").await.json().await.unwrap();
    assert_eq!(list.total_count, 0);
    // The partner's own org is no child of itself.
    assert_eq!(p.app.get(&p.client, &format!("/api/v1/partner/orgs/{}", p.org)).await.status(), 404);
    assert_eq!(p.app.get(&p.client, &path).await.status(), 200);
}

#[tokio::test]
async fn a_stale_edit_is_refused_as_a_conflict_and_never_overwrites() {
    let p = partner().await;
    let org = p.created("Harbor View Dental").await;
    let path = format!("/api/v1/partner/orgs/{}", org.id);
    let first = p
        .app
        .send(&p.client, Method::PATCH, &path, json!({ "name": "Harbor View Family Dental", "version": org.version }))
        .await;
    assert_eq!(first.status(), 200);
    let stale =
        p.app.send(&p.client, Method::PATCH, &path, json!({ "name": "Harbor Dental", "version": org.version })).await;
    assert_eq!(stale.status(), 409);
    let body: ErrorBody = stale.json().await.unwrap();
    assert!(body.message.starts_with("Someone else changed this organization"));
    let current: ChildOrgDetail = p.app.get(&p.client, &path).await.json().await.unwrap();
    assert_eq!(current.name, "Harbor View Family Dental");
    assert_eq!(current.version, org.version + 1);

    let billing = format!("{path}/billing");
    let edit =
        |ap: &str, version: i64| json!({ "apEmail": ap, "trialDays": 10, "referenceNumber": "", "version": version });
    assert_eq!(
        p.app
            .send(&p.client, Method::PATCH, &billing, edit("one@harborview.example", org.billing.version))
            .await
            .status(),
        200
    );
    assert_eq!(
        p.app
            .send(&p.client, Method::PATCH, &billing, edit("two@harborview.example", org.billing.version))
            .await
            .status(),
        409
    );
    let current: ChildOrgDetail = p.app.get(&p.client, &path).await.json().await.unwrap();
    assert_eq!(current.billing.ap_email, "one@harborview.example");
    assert_eq!(current.billing.trial_days, 10);
    assert_eq!(current.billing.reference_number, None);
}

#[tokio::test]
async fn trial_days_cannot_change_once_the_trial_has_started() {
    let p = partner().await;
    let org = p.created("Harbor View Dental").await;
    let mut conn = p.app.db.conn().await.unwrap();
    partner_center_server::db::query("UPDATE billing_profiles SET first_unlock_at = $1")
        .bind(crate::helpers::START)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let path = format!("/api/v1/partner/orgs/{}/billing", org.id);
    let body = |days: i64| json!({ "apEmail": "ap@harborview.example", "trialDays": days, "referenceNumber": "PO-1", "version": org.billing.version });
    let errors = conflicting_fields(p.app.send(&p.client, Method::PATCH, &path, body(20)).await).await;
    assert_eq!(
        errors,
        vec![("trialDays".to_owned(), "The trial has already started; its length can no longer change.".to_owned())]
    );
    assert_eq!(p.app.send(&p.client, Method::PATCH, &path, body(14)).await.status(), 200, "other fields still change");
}

#[tokio::test]
async fn renaming_to_a_siblings_name_is_refused() {
    let p = partner().await;
    p.created("Harbor View Dental").await;
    let other = p.created("Summit Ridge").await;
    let response = p
        .app
        .send(
            &p.client,
            Method::PATCH,
            &format!("/api/v1/partner/orgs/{}", other.id),
            json!({ "name": "HARBOR view dental", "version": other.version }),
        )
        .await;
    assert_eq!(conflicting_fields(response).await[0].0, "name");
}

async fn names(p: &Partner, query: &str) -> Vec<String> {
    p.list(query).await.data.into_iter().map(|o| o.name).collect()
}

#[tokio::test]
async fn the_list_searches_name_admin_and_reference_by_word_prefix() {
    let p = partner().await;
    p.created("Harbor View Dental").await;
    let mut summit = form("Summit Ridge Apartments");
    summit["adminEmail"] = json!("marcus.lee@summitridge.example");
    summit["adminFirstName"] = json!("Marcus");
    summit["referenceNumber"] = json!("SR-2027");
    assert_eq!(p.create(summit).await.status(), 201);
    let mut maple = form("Maple Street Library");
    maple["adminEmail"] = json!("elena@maplestreet.example");
    assert_eq!(p.create(maple).await.status(), 201);

    assert_eq!(names(&p, "?q=harb").await, ["Harbor View Dental"]);
    assert_eq!(names(&p, "?q=MARCUS").await, ["Summit Ridge Apartments"]);
    assert_eq!(names(&p, "?q=summitridge").await, ["Summit Ridge Apartments"]);
    assert_eq!(names(&p, "?q=sr-2027").await, ["Summit Ridge Apartments"]);
    assert_eq!(names(&p, "?q=street%20lib").await, ["Maple Street Library"]);
    assert_eq!(names(&p, "?q=zzz").await, Vec::<String>::new());
    let page = p.list("?q=priya").await;
    assert_eq!((page.total_count, page.filtered_count), (3, 2), "Harbor View's admin, and Maple's, are called Priya");
}

#[tokio::test]
async fn a_search_counts_its_matches_up_to_the_cap_and_says_when_more_match() {
    use partner_center_domain::child_org::ChildOrgSort;
    use partner_center_server::db::listing::{page, PageRequest};

    let p = partner().await;
    for name in ["Cedar One", "Cedar Two", "Cedar Three", "Maple"] {
        p.created(name).await;
    }
    let answered = p.list("?q=cedar").await;
    assert_eq!((answered.filtered_count, answered.filtered_count_capped), (3, false));

    let request = |count_cap| PageRequest {
        parent_id: &p.org,
        filter: Default::default(),
        now: START,
        words: vec!["cedar".to_owned()],
        sort: ChildOrgSort::Name,
        descending: false,
        limit: 50,
        offset: 0,
        count_cap,
    };
    let mut conn = p.app.db.conn().await.unwrap();
    let capped = page(&mut conn, &request(2)).await.unwrap();
    assert_eq!((capped.total, capped.filtered, capped.filtered_capped), (4, 2, true));
    let names: Vec<&str> = capped.rows.iter().map(|row| row.name.as_str()).collect();
    assert_eq!(names, ["Cedar One", "Cedar Three", "Cedar Two"], "the page is whole; only the count stops");
    let exact = page(&mut conn, &request(3)).await.unwrap();
    assert_eq!((exact.filtered, exact.filtered_capped), (3, false), "exactly the cap is not more");
    let past_the_end = page(&mut conn, &PageRequest { offset: 50, ..request(2) }).await.unwrap();
    assert_eq!((past_the_end.filtered, past_the_end.filtered_capped, past_the_end.rows.len()), (2, true, 0));
}

#[tokio::test]
async fn the_list_sorts_on_every_column_both_ways_and_pages() {
    let p = partner().await;
    for (name, admin) in [("Bravo", "Zed"), ("Alpha", "Yan"), ("Charlie", "Xia")] {
        let mut body = form(name);
        body["adminFirstName"] = json!(admin);
        assert_eq!(p.create(body).await.status(), 201);
        p.app.clock.advance(1_000);
    }
    assert_eq!(names(&p, "").await, ["Alpha", "Bravo", "Charlie"]);
    assert_eq!(names(&p, "?sort=name&order=desc").await, ["Charlie", "Bravo", "Alpha"]);
    assert_eq!(names(&p, "?sort=superAdmin").await, ["Charlie", "Alpha", "Bravo"]);
    assert_eq!(names(&p, "?sort=created&order=desc").await, ["Charlie", "Alpha", "Bravo"]);
    assert_eq!(names(&p, "?sort=created").await, ["Bravo", "Alpha", "Charlie"]);
    assert_eq!(names(&p, "?sort=plan").await.len(), 3);
    assert_eq!(names(&p, "?sort=status").await.len(), 3);
    let page = p.list("?limit=2&offset=2").await;
    assert_eq!((page.total_count, page.filtered_count), (3, 3));
    assert_eq!(page.data.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["Charlie"]);
    let bad = p.app.get(&p.client, "/api/v1/partner/orgs?sort=shoe").await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn the_list_opens_with_what_needs_attention_first_soonest_trial_end_then_awaiting_then_billing() {
    let p = partner().await;
    let day = partner_center_server::infra::clock::DAY;
    p.created("Awaiting B").await;
    p.created("Awaiting A").await;
    let trialing = p.created("Trialing").await;
    let ending = p.created("Ending").await;
    let billing = p.created("Billing").await;
    let billing_longer = p.created("Billing Longer").await;
    p.unlocked_at(&[
        (&trialing.id, crate::helpers::START),
        (&ending.id, crate::helpers::START - 12 * day),
        (&billing.id, crate::helpers::START - 30 * day),
        (&billing_longer.id, crate::helpers::START - 90 * day),
    ])
    .await;
    let attention = ["Ending", "Trialing", "Awaiting A", "Awaiting B", "Billing", "Billing Longer"];
    let list = p.list("").await;
    let rows: Vec<(&str, String)> = list.data.iter().map(|o| (o.name.as_str(), o.status.label())).collect();
    assert_eq!(rows[0], ("Ending", "Trialing, 2 days left".to_owned()));
    assert_eq!(names(&p, "").await, attention, "the default order");
    assert_eq!(names(&p, "?sort=status").await, attention);
    let reversed: Vec<&str> = attention.iter().rev().copied().collect();
    assert_eq!(names(&p, "?sort=status&order=desc").await, reversed);
    // Pages split anywhere, also across the two ranges; searches and filters keep the order.
    for (offset, limit) in [(0, 1), (1, 2), (2, 3), (3, 2), (5, 4), (6, 1)] {
        let page = names(&p, &format!("?limit={limit}&offset={offset}")).await;
        let end = (offset + limit).min(attention.len());
        assert_eq!(page, attention[offset.min(end)..end], "offset {offset}, limit {limit}");
        let page = names(&p, &format!("?order=desc&limit={limit}&offset={offset}")).await;
        assert_eq!(page, reversed[offset.min(end)..end], "descending, offset {offset}, limit {limit}");
    }
    assert_eq!(names(&p, "?q=billing").await, ["Billing", "Billing Longer"]);
    assert_eq!(names(&p, "?q=awaiting&order=desc").await, ["Awaiting B", "Awaiting A"]);
    let searched: Vec<String> = names(&p, "?q=a").await;
    assert_eq!(searched, ["Awaiting A", "Awaiting B"], "one short word");
    assert_eq!(names(&p, "?state=billing").await, ["Billing", "Billing Longer"]);
    assert_eq!(names(&p, "?state=trialing&order=desc").await, ["Trialing", "Ending"]);
}

#[tokio::test]
async fn the_partner_info_names_the_billing_mode_new_orgs_inherit() {
    let p = partner().await;
    let info: partner_center_domain::child_org::PartnerInfo =
        p.app.get(&p.client, "/api/v1/partner").await.json().await.unwrap();
    assert_eq!(info.org.name, "Northwind Security");
    assert_eq!(info.billing_mode, partner_center_domain::billing::BillingMode::PartnerInvoiced);
}

#[tokio::test]
async fn an_idempotency_key_replays_only_for_the_person_and_org_that_used_it() {
    let p = partner().await;
    let first: ChildOrgDetail = p.create_with_key("shared-key", form("Harbor View Dental")).await.json().await.unwrap();

    // Another partner's admin picking the same key gets their own org, not a replay of ours.
    let other_org = p.app.org("Southwind Security", None, true).await;
    let other_admin = p.app.login(&other_org, "sam@southwind.example", &[Role::SuperAdmin]).await;
    let other = Partner { client: p.app.signed_in(&other_admin).await, org: other_org, app: p.app };
    let theirs = other.create_with_key("shared-key", form("Harbor View Dental")).await;
    assert_eq!(theirs.status(), 201);
    let theirs: ChildOrgDetail = theirs.json().await.unwrap();
    assert_ne!(theirs.id, first.id);
    assert_eq!(other.list("").await.total_count, 1);
}

#[tokio::test]
async fn an_idempotency_key_is_checked_only_after_the_caller_may_create() {
    let p = partner().await;
    let first = p.create_with_key("k", form("Harbor View Dental")).await;
    assert_eq!(first.status(), 201);
    let viewer = p.app.login(&p.org, "viewer@northwind.example", &[Role::SuperAdminReadOnly]).await;
    let viewer = Partner { client: p.app.signed_in(&viewer).await, org: p.org.clone(), app: p.app };
    let refused = viewer.create_with_key("k", form("Harbor View Dental")).await;
    assert_eq!(refused.status(), 403);
    let body = refused.text().await.unwrap();
    assert!(!body.contains("Priya") && !body.contains("Harbor"), "no replay leaks: {body}");
}

#[tokio::test]
async fn an_idempotency_key_expires_after_a_day() {
    use partner_center_server::infra::clock::HOUR;
    let mut p = partner().await;
    assert_eq!(p.create_with_key("daily", form("Harbor View Dental")).await.status(), 201);
    p.app.clock.advance(23 * HOUR);
    p.sign_in_again().await;
    assert_eq!(p.create_with_key("daily", form("Summit Ridge")).await.status(), 409, "still in use");
    p.app.clock.advance(2 * HOUR);
    p.sign_in_again().await;
    let again = p.create_with_key("daily", form("Summit Ridge")).await;
    assert_eq!(again.status(), 201, "a day later the key is free again");
    assert_eq!(p.list("").await.total_count, 2);
}

#[tokio::test]
async fn a_stored_value_this_version_does_not_know_is_a_server_error_never_a_guess() {
    let p = partner().await;
    let org = p.created("Harbor View Dental").await;
    let mut conn = p.app.db.conn().await.unwrap();
    partner_center_server::db::query("UPDATE subscriptions SET plan = 'platinum' WHERE org_id = $1")
        .bind(&org.id)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let response = p.app.get(&p.client, &format!("/api/v1/partner/orgs/{}", org.id)).await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert!(!body.contains("platinum") && !body.contains("essentials"), "neither the value nor a guess: {body}");
}

/// Four children: awaiting, two trialing (ending in 3 and 12 days, the second in CAD on
/// Professional) and one billing.
async fn portfolio() -> Partner {
    let p = partner().await;
    p.created("Awaiting Dental").await;
    let soon = p.created("Soon Dental").await;
    let later = p.created("Later Optics").await;
    let billing = p.created("Billing Dental").await;
    let day = partner_center_server::infra::clock::DAY;
    let mut conn = p.app.db.conn().await.unwrap();
    partner_center_server::db::query(
        "UPDATE subscriptions SET currency = 'CAD', plan = 'professional' WHERE org_id = $1",
    )
    .bind(&later.id)
    .execute(&mut conn)
    .await
    .unwrap();
    drop(conn);
    p.unlocked_at(&[
        (&soon.id, crate::helpers::START - 11 * day),
        (&later.id, crate::helpers::START - 2 * day),
        (&billing.id, crate::helpers::START - 30 * day),
    ])
    .await;
    p
}

async fn filtered(p: &Partner, query: &str) -> (Vec<String>, i64) {
    let page = p.list(query).await;
    (page.data.into_iter().map(|org| org.name).collect(), page.filtered_count)
}

#[tokio::test]
async fn filters_narrow_the_list_by_state_plan_currency_and_trial_end() {
    let p = portfolio().await;
    let names = |list: &[&str]| list.iter().map(|name| name.to_string()).collect::<Vec<_>>();
    assert_eq!(filtered(&p, "?state=awaitingFirstUnlock").await, (names(&["Awaiting Dental"]), 1));
    assert_eq!(filtered(&p, "?state=trialing").await, (names(&["Soon Dental", "Later Optics"]), 2));
    assert_eq!(filtered(&p, "?state=billing").await, (names(&["Billing Dental"]), 1));
    assert_eq!(filtered(&p, "?trialEndsWithin=7").await, (names(&["Soon Dental"]), 1));
    assert_eq!(filtered(&p, "?trialEndsWithin=30&sort=status").await, (names(&["Soon Dental", "Later Optics"]), 2));
    assert_eq!(filtered(&p, "?plan=professional").await, (names(&["Later Optics"]), 1));
    assert_eq!(filtered(&p, "?currency=CAD").await, (names(&["Later Optics"]), 1));
    assert_eq!(filtered(&p, "?currency=USD&state=trialing").await, (names(&["Soon Dental"]), 1));
    // With search words, and past the last match.
    assert_eq!(filtered(&p, "?q=dental&state=trialing").await, (names(&["Soon Dental"]), 1));
    assert_eq!(filtered(&p, "?q=dental&state=trialing&offset=5").await, (Vec::new(), 1));
    assert_eq!(filtered(&p, "?q=optics&currency=USD").await, (Vec::new(), 0));
    let page = p.list("?state=billing").await;
    assert_eq!(page.total_count, 4, "the total counts every child");
    for bad in ["state=expired", "plan=gold", "currency=usd", "trialEndsWithin=0", "trialEndsWithin=366"] {
        let response = p.app.get(&p.client, &format!("/api/v1/partner/orgs?{bad}")).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn the_home_counts_states_and_lists_what_needs_the_partner_today() {
    let p = portfolio().await;
    let day = partner_center_server::infra::clock::DAY;
    let mut conn = p.app.db.conn().await.unwrap();
    let awaiting: String =
        partner_center_server::db::query_scalar("SELECT id FROM orgs WHERE name = 'Awaiting Dental'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    partner_center_server::db::query("UPDATE orgs SET created_at = $1 WHERE id = $2")
        .bind(crate::helpers::START - 20 * day)
        .bind(&awaiting)
        .execute(&mut conn)
        .await
        .unwrap();
    partner_center_server::services::org_listing::refresh(&mut conn, &awaiting).await.unwrap();
    drop(conn);
    partner_center_server::services::billing_cycle::issue_due_invoices(&p.app.db, &p.app.clock).await.unwrap();

    let home: PartnerHome = p.app.get(&p.client, "/api/v1/partner/home").await.json().await.unwrap();
    assert_eq!(home.counts, StateCounts { awaiting_first_unlock: 1, trialing: 2, billing: 1 });
    let ending: Vec<(&str, i64)> = home.trials_ending.iter().map(|t| (t.name.as_str(), t.days_left)).collect();
    assert_eq!(ending, [("Soon Dental", 3)], "within the week only");
    assert_eq!(home.trials_ending_count, 1);
    let soon = &home.trials_ending[0];
    assert_eq!((soon.plan, soon.length), (PackagePlan::Essentials, PlanLength::Monthly));
    assert_eq!(soon.price.minor_units, 4_900);
    assert_eq!(soon.ap_email, "ap@harborview.example");
    let waiting: Vec<(&str, i64)> = home.awaiting_long.iter().map(|a| (a.name.as_str(), a.days_waiting)).collect();
    assert_eq!(waiting, [("Awaiting Dental", 20)]);
    assert_eq!(home.awaiting_long_count, 1);
    let invoiced: Vec<&str> = home.recent_invoices.iter().map(|i| i.org_name.as_str()).collect();
    assert_eq!(invoiced, ["Billing Dental"]);
    assert_eq!(home.recent_activity.len(), 5, "the four orgs it created, and its sign-in");
    assert!(home.recent_activity.iter().all(|entry| entry.actor == "dana@northwind.example"));
}

/// CSV text as rows of cells (RFC 4180: quoted cells may hold commas, quotes and line breaks).
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') | (false, '"') => quoted = !quoted,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (_, c) => cell.push(c),
        }
    }
    rows
}

/// The export of `query` as rows of cells.
async fn exported(p: &Partner, query: &str) -> Vec<Vec<String>> {
    let response = p.app.get(&p.client, &format!("/api/v1/partner/orgs/export{query}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"organizations.csv\"");
    parse_csv(&response.text().await.unwrap())
}

#[tokio::test]
async fn the_csv_export_is_exactly_the_listed_view_with_namespace_ap_email_and_reference() {
    let p = portfolio().await;
    for query in ["", "?state=trialing&sort=status", "?q=dental&order=desc", "?currency=CAD", "?sort=plan&order=desc"] {
        let rows = exported(&p, query).await;
        assert_eq!(rows[0][..4], ["Name", "Super Admin", "Super Admin email", "Status"], "{query}");
        let separator = if query.is_empty() { "?" } else { "&" };
        let listed: Vec<String> =
            p.list(&format!("{query}{separator}limit=100")).await.data.into_iter().map(|org| org.name).collect();
        let names: Vec<String> = rows[1..].iter().map(|row| row[0].clone()).collect();
        assert_eq!(names, listed, "{query}");
    }
    let rows = exported(&p, "?q=soon").await;
    assert_eq!(rows.len(), 2);
    let soon = &rows[1];
    let listed = &p.list("?q=soon").await.data[0];
    let detail: ChildOrgDetail =
        p.app.get(&p.client, &format!("/api/v1/partner/orgs/{}", listed.id)).await.json().await.unwrap();
    assert_eq!(soon[3], "Trialing, 3 days left");
    assert_eq!(soon[5..7], ["Essentials", "USD"]);
    assert_eq!(soon[7], detail.created_at[..10], "the creation date");
    assert_eq!(soon[8], detail.namespace);
    assert_eq!(soon[9], detail.billing.ap_email);
    assert_eq!(soon[10], detail.billing.reference_number.unwrap_or_default());
    assert_eq!(soon[11], detail.id);
}

#[tokio::test]
async fn an_export_longer_than_one_chunk_holds_every_org_once_in_order() {
    let p = partner().await;
    for n in 0..1_010 {
        p.app.org(&format!("Clinic {n:04}"), Some(&p.org), false).await;
    }
    let rows = exported(&p, "?sort=name&order=desc").await;
    let names: Vec<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    let expected: Vec<String> = (0..1_010).rev().map(|n| format!("Clinic {n:04}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn every_page_of_a_sorted_list_holds_the_same_rows_whichever_end_it_is_read_from() {
    let p = partner().await;
    for name in ["Cedar", "Alder", "Grove", "Birch", "Elm", "Fir", "Dogwood"] {
        p.created(name).await;
    }
    let unlocked = p.list("?q=elm").await.data[0].id.clone();
    p.unlocked_at(&[(&unlocked, crate::helpers::START)]).await;
    for (query, expected) in [
        ("?sort=name", vec!["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Grove"]),
        ("?sort=name&order=desc", vec!["Grove", "Fir", "Elm", "Dogwood", "Cedar", "Birch", "Alder"]),
        ("?sort=name&state=awaitingFirstUnlock", vec!["Alder", "Birch", "Cedar", "Dogwood", "Fir", "Grove"]),
    ] {
        assert_eq!(names(&p, query).await, expected, "{query}");
        page_by_page(&p, query, &expected).await;
    }
    // Created at one instant: the id breaks the tie, the same way from either end.
    let created = names(&p, "?sort=created&order=desc").await;
    assert_eq!(created.len(), 7);
    page_by_page(&p, "?sort=created&order=desc", &created).await;
}

async fn page_by_page(p: &Partner, query: &str, expected: &[impl AsRef<str>]) {
    let expected: Vec<&str> = expected.iter().map(AsRef::as_ref).collect();
    for limit in 1..=4 {
        for offset in 0..=expected.len() {
            let end = (offset + limit).min(expected.len());
            let page = names(p, &format!("{query}&limit={limit}&offset={offset}")).await;
            assert_eq!(page, expected[offset..end], "{query}, offset {offset}, limit {limit}");
        }
    }
}
