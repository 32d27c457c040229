//! Subscriptions, the trial clock, API tokens, unlocks and invoices.

use partner_center_domain::api::ErrorBody;
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::child_org::ChildOrgDetail;
use partner_center_domain::roles::Role;
use partner_center_domain::subscription::{
    CreatedApiToken, HistoryChange, InvoiceView, SubscriptionView, UnlockRecorded,
};
use partner_center_domain::trial::TrialStatus;
use partner_center_server::infra::clock::{rfc3339, DAY, HOUR};
use partner_center_server::services::billing_cycle;
use reqwest::{Client, Method, Response};
use serde_json::json;

use crate::helpers::{browser, spawn_app, Login, TestApp, START};

pub(crate) struct Setup {
    pub app: TestApp,
    pub dana: Login,
    pub org: ChildOrgDetail,
}

/// A partner with one child org (trial of 14 days, reference PO-4471) whose own Super Admin can
/// sign in too.
pub(crate) async fn setup() -> Setup {
    let app = spawn_app().await;
    let partner_org = app.org("Northwind Security", None, true).await;
    let dana = app.login(&partner_org, "dana@northwind.example", &[Role::SuperAdmin]).await;
    let partner = app.signed_in(&dana).await;
    let response = app
        .client_request(&partner, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "setup")
        .json(&json!({
            "name": "Harbor View Dental", "adminFirstName": "Priya", "adminLastName": "Raman",
            "adminEmail": "dana@northwind.example", "useExistingNamespace": true, "namespace": "org:northwind-security",
            "apEmail": "ap@harborview.example", "trialDays": 14, "referenceNumber": "PO-4471"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let org: ChildOrgDetail = response.json().await.unwrap();
    Setup { app, dana, org }
}

impl Setup {
    /// A fresh session of the partner's Super Admin (tests move the clock past sessions' ends).
    pub(crate) async fn partner(&self) -> Client {
        self.app.signed_in(&self.dana).await
    }

    /// Dana is also the child's Super Admin (linked): a session acting in the child org.
    pub(crate) async fn customer_admin(&self) -> Client {
        let client = self.app.signed_in(&self.dana).await;
        let switched =
            self.app.send(&client, Method::PUT, "/api/v1/session/org", json!({ "orgId": self.org.id })).await;
        assert_eq!(switched.status(), 200);
        client
    }

    pub(crate) fn path(&self, tail: &str) -> String {
        format!("/api/v1/partner/orgs/{}{tail}", self.org.id)
    }

    pub(crate) async fn subscription(&self) -> SubscriptionView {
        self.app.get(&self.partner().await, &self.path("/subscription")).await.json().await.unwrap()
    }

    pub(crate) async fn change(&self, plan: &str, currency: &str, length: &str, version: i64) -> Response {
        let body = json!({ "plan": plan, "currency": currency, "length": length, "version": version });
        self.app.send(&self.partner().await, Method::PUT, &self.path("/subscription"), body).await
    }

    pub(crate) async fn detail(&self) -> ChildOrgDetail {
        self.app.get(&self.partner().await, &self.path("")).await.json().await.unwrap()
    }

    pub(crate) async fn bench_unlock(&self) -> UnlockRecorded {
        self.app
            .send(&self.partner().await, Method::POST, &self.path("/bench-unlock"), json!({}))
            .await
            .json()
            .await
            .unwrap()
    }

    pub(crate) async fn invoices(&self) -> Vec<InvoiceView> {
        self.app.get(&self.partner().await, &self.path("/invoices")).await.json().await.unwrap()
    }

    pub(crate) async fn issue(&self) -> usize {
        billing_cycle::issue_due_invoices(&self.app.db, &self.app.clock).await.unwrap()
    }

    pub(crate) async fn token(&self) -> String {
        let response = self
            .app
            .send(&self.customer_admin().await, Method::POST, "/api/v1/api-tokens", json!({ "name": "Front door" }))
            .await;
        assert_eq!(response.status(), 201);
        let created: CreatedApiToken = response.json().await.unwrap();
        created.token
    }

    pub(crate) async fn report_unlock(&self, token: Option<&str>) -> Response {
        self.report_unlock_at(token, "Front door").await
    }

    pub(crate) async fn report_unlock_at(&self, token: Option<&str>, door: &str) -> Response {
        let mut request = reqwest::Client::new().post(self.app.url("/api/v1/unlocks")).json(&json!({ "door": door }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// The org's stored next invoice time, as RFC 3339.
    async fn next_invoice_at(&self) -> Option<String> {
        let mut conn = self.app.db.conn().await.unwrap();
        let at: Option<i64> =
            partner_center_server::db::query_scalar("SELECT next_invoice_at FROM billing_profiles WHERE org_id = $1")
                .bind(&self.org.id)
                .fetch_one(&mut conn)
                .await
                .unwrap();
        at.map(rfc3339)
    }

    async fn store_next_invoice_at(&self, at: i64) {
        let mut conn = self.app.db.conn().await.unwrap();
        partner_center_server::db::billing::set_next_invoice_at(&mut conn, &self.org.id, at).await.unwrap();
    }

    pub(crate) async fn unlock_count(&self) -> i64 {
        let mut conn = self.app.db.conn().await.unwrap();
        partner_center_server::db::unlocks::count(&mut conn, &self.org.id).await.unwrap()
    }
}

#[tokio::test]
async fn the_catalog_prices_every_plan_currency_and_length() {
    let s = setup().await;
    let catalog: Vec<serde_json::Value> = s.app.get(&s.partner().await, "/api/v1/catalog").await.json().await.unwrap();
    assert_eq!(catalog.len(), 3 * 5 * 3);
    let one = catalog
        .iter()
        .find(|e| e["plan"] == "professional" && e["currency"] == "USD" && e["length"] == "one_year")
        .unwrap();
    assert_eq!(one["price"]["minorUnits"], 129_000);
    assert_eq!(s.app.get(&browser(), "/api/v1/catalog").await.status(), 401);
}

#[tokio::test]
async fn changing_the_plan_updates_the_tab_and_records_who_changed_what() {
    let s = setup().await;
    let before = s.subscription().await;
    assert_eq!(before.current.plan, PackagePlan::Essentials);
    assert_eq!(before.next_invoice_at, None, "no invoice date before the first unlock");
    let response = s.change("professional", "CAD", "one_year", before.version).await;
    assert_eq!(response.status(), 200);
    let after: SubscriptionView = response.json().await.unwrap();
    assert_eq!(
        (after.current.plan, after.current.currency, after.current.length),
        (PackagePlan::Professional, Currency::Cad, PlanLength::OneYear)
    );
    assert_eq!(after.price.minor_units, 174_000);
    assert_eq!(after.history.len(), 1);
    assert_eq!(after.history[0].changed_by, "Test User", "the fixture names every user Test User");
    let HistoryChange::Plan { from, to } = &after.history[0].change else { panic!("a plan change is recorded") };
    assert_eq!((from.plan, to.currency), (PackagePlan::Essentials, Currency::Cad));
    let listed: serde_json::Value = s.app.get(&s.partner().await, "/api/v1/partner/orgs").await.json().await.unwrap();
    assert_eq!(listed["data"][0]["plan"], "professional", "the list shows the new plan");
    assert_eq!(s.change("enterprise", "CAD", "one_year", before.version).await.status(), 409, "stale");
}

#[tokio::test]
async fn the_currency_is_fixed_once_billing_has_started() {
    let s = setup().await;
    s.bench_unlock().await;
    s.app.clock.advance(14 * DAY);
    let view = s.subscription().await;
    assert!(matches!(view.status, TrialStatus::Billing { .. }));
    let response = s.change("essentials", "EUR", "monthly", view.version).await;
    assert_eq!(response.status(), 409);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.field_errors[0].message, "The currency is fixed once billing has started.");
    assert_eq!(s.change("enterprise", "USD", "monthly", view.version).await.status(), 200);
}

#[tokio::test]
async fn the_first_unlock_starts_the_trial_and_later_ones_change_nothing() {
    let s = setup().await;
    let first = s.bench_unlock().await;
    assert!(first.started_trial);
    assert_eq!(first.status.unwrap().label(), "Trialing, 14 days left");
    s.app.clock.advance(3 * DAY + HOUR);
    let later = s.bench_unlock().await;
    assert!(!later.started_trial);
    assert_eq!(later.status.unwrap().label(), "Trialing, 11 days left");
    assert_eq!(s.unlock_count().await, 2, "both recorded");
    assert_eq!(s.detail().await.billing.trial_started_by.as_deref(), Some("Bench test by Test User"), "the first one");
    let list: serde_json::Value = s.app.get(&s.partner().await, "/api/v1/partner/orgs").await.json().await.unwrap();
    assert_eq!(list["data"][0]["status"]["phase"], "trialing");
}

#[tokio::test]
async fn an_org_token_reports_unlocks_and_bad_tokens_record_nothing() {
    let s = setup().await;
    let token = s.token().await;
    assert!(token.starts_with("pc_"));
    for bad in [None, Some("pc_not-a-token")] {
        assert_eq!(s.report_unlock(bad).await.status(), 401);
    }
    assert_eq!(s.unlock_count().await, 0);

    let recorded: UnlockRecorded = s.report_unlock(Some(&token)).await.json().await.unwrap();
    assert!(recorded.started_trial);
    assert_eq!(s.unlock_count().await, 1);
    assert_eq!(s.detail().await.billing.trial_started_by.as_deref(), Some("Front door"));

    let tokens: Vec<serde_json::Value> =
        s.app.get(&s.customer_admin().await, "/api/v1/api-tokens").await.json().await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].get("token").is_none(), "a token is shown only when created");
    assert!(tokens[0]["lastUsedAt"].is_string());
    let id = tokens[0]["id"].as_str().unwrap();
    let revoked = s
        .app
        .client_request(&s.customer_admin().await, Method::DELETE, &format!("/api/v1/api-tokens/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    assert_eq!(s.report_unlock(Some(&token)).await.status(), 401, "revoked");
    assert_eq!(s.unlock_count().await, 1);
}

#[tokio::test]
async fn another_orgs_token_cannot_be_revoked_or_listed_here() {
    let s = setup().await;
    let token = s.token().await;
    let other_org = s.app.org("Summit Ridge", None, false).await;
    let marcus = s.app.login(&other_org, "marcus@summit.example", &[Role::SuperAdmin]).await;
    let other = s.app.signed_in(&marcus).await;
    let listed: Vec<serde_json::Value> = s.app.get(&other, "/api/v1/api-tokens").await.json().await.unwrap();
    assert!(listed.is_empty());
    let mine: Vec<serde_json::Value> =
        s.app.get(&s.customer_admin().await, "/api/v1/api-tokens").await.json().await.unwrap();
    let id = mine[0]["id"].as_str().unwrap();
    let response =
        s.app.client_request(&other, Method::DELETE, &format!("/api/v1/api-tokens/{id}")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(s.report_unlock(Some(&token)).await.status(), 200, "still live");
}

#[tokio::test]
async fn invoices_start_when_the_trial_ends_one_per_period_with_the_reference_number() {
    let s = setup().await;
    s.bench_unlock().await;
    s.app.clock.advance(14 * DAY - HOUR);
    assert_eq!(s.issue().await, 0, "still trialing");
    s.app.clock.advance(HOUR);
    assert_eq!(s.issue().await, 1, "the trial's end starts the first period");
    assert_eq!(s.issue().await, 0, "never twice");
    let invoices = s.invoices().await;
    let first = &invoices[0];
    assert!(first.number.starts_with("INV-2027-"));
    assert_eq!(first.reference_number.as_deref(), Some("PO-4471"));
    assert_eq!(first.ap_email, "ap@harborview.example");
    assert_eq!(first.total.minor_units, 4_900);
    assert_eq!(first.total.currency, Currency::Usd);
    assert_eq!(first.bill_to, "Northwind Security (for Harbor View Dental)");
    let mail = s.app.deliver_mail().await;
    let invoice_mail = mail.iter().find(|m| m.contains("To: ap@harborview.example")).expect("mailed to AP");
    assert!(invoice_mail.contains(&first.number) && invoice_mail.contains("Reference: PO-4471"));

    s.app.clock.advance(62 * DAY);
    assert_eq!(s.issue().await, 2, "two more monthly periods began");
    let numbers: Vec<String> = s.invoices().await.into_iter().map(|i| i.number).collect();
    assert_eq!(numbers.len(), 3);
    let view: InvoiceView =
        s.app.get(&s.partner().await, &format!("/api/v1/partner/invoices/{}", first.id)).await.json().await.unwrap();
    assert_eq!(view.number, first.number);
}

#[tokio::test]
async fn two_billing_workers_at_once_issue_exactly_one_invoice_per_period() {
    let s = setup().await;
    s.bench_unlock().await;
    s.app.clock.advance(14 * DAY + 3 * 31 * DAY);
    let (a, b, c) = tokio::join!(s.issue(), s.issue(), s.issue());
    assert_eq!(a + b + c, 4, "trial end plus three months: four periods, each once");
    let invoices = s.invoices().await;
    assert_eq!(invoices.len(), 4);
    let mut starts: Vec<&str> = invoices.iter().map(|i| i.period_start.as_str()).collect();
    starts.dedup();
    assert_eq!(starts.len(), 4);
    let mut numbers: Vec<&str> = invoices.iter().map(|i| i.number.as_str()).collect();
    numbers.sort();
    assert_eq!(numbers, ["INV-2027-000001", "INV-2027-000002", "INV-2027-000003", "INV-2027-000004"], "no gaps");
}

#[tokio::test]
async fn billing_endpoints_are_the_partners_only() {
    let s = setup().await;
    let other_partner = s.app.org("Southwind", None, true).await;
    let admin = s.app.login(&other_partner, "admin@southwind.example", &[Role::SuperAdmin]).await;
    let other = s.app.signed_in(&admin).await;
    for path in ["/subscription", "/invoices"] {
        assert_eq!(s.app.get(&other, &s.path(path)).await.status(), 404);
    }
    assert_eq!(s.app.send(&other, Method::POST, &s.path("/bench-unlock"), json!({})).await.status(), 404);
    assert_eq!(s.unlock_count().await, 0);
}

#[tokio::test]
async fn an_unlock_at_the_very_end_of_the_trial_does_not_restart_it() {
    let s = setup().await;
    s.bench_unlock().await;
    s.app.clock.advance(14 * DAY);
    let at_expiry = s.bench_unlock().await;
    assert!(!at_expiry.started_trial);
    assert!(matches!(at_expiry.status, Some(TrialStatus::Billing { .. })), "billing begins exactly at the trial's end");
}

#[tokio::test]
async fn another_orgs_token_records_nothing_for_this_org() {
    let s = setup().await;
    let other_org = s.app.org("Summit Ridge", None, false).await;
    let marcus = s.app.login(&other_org, "marcus@summit.example", &[Role::SuperAdmin]).await;
    let other = s.app.signed_in(&marcus).await;
    let created: CreatedApiToken = s
        .app
        .send(&other, Method::POST, "/api/v1/api-tokens", json!({ "name": "Their door" }))
        .await
        .json()
        .await
        .unwrap();
    let recorded: UnlockRecorded = s.report_unlock(Some(&created.token)).await.json().await.unwrap();
    assert_eq!(recorded.status, None, "recorded for their own org, which has no trial");
    assert_eq!(s.unlock_count().await, 0, "nothing recorded here");
    let view = s.subscription().await;
    assert_eq!(view.status, TrialStatus::AwaitingFirstUnlock);
}

#[tokio::test]
async fn a_door_name_is_at_most_one_hundred_printable_characters() {
    let s = setup().await;
    let token = s.token().await;
    for door in ["d".repeat(101), "Lobby\u{202E}".to_owned()] {
        let response = s.report_unlock_at(Some(&token), &door).await;
        assert_eq!(response.status(), 422);
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.field_errors[0].field, "door");
    }
    assert_eq!(s.unlock_count().await, 0, "a refused report records nothing");
    assert_eq!(s.report_unlock_at(Some(&token), &"d".repeat(100)).await.status(), 200);
    assert_eq!(s.unlock_count().await, 1);
}

#[tokio::test]
async fn one_org_whose_invoice_cannot_be_issued_does_not_stop_the_others() {
    let s = setup().await;
    let partner = s.partner().await;
    let created = s
        .app
        .client_request(&partner, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "second")
        .json(&json!({
            "name": "Lakeside Clinic", "adminFirstName": "Lee", "adminLastName": "Park",
            "adminEmail": "lee@lakeside.example", "apEmail": "ap@lakeside.example", "trialDays": 14
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let second: ChildOrgDetail = created.json().await.unwrap();
    for org in [&s.org.id, &second.id] {
        let path = format!("/api/v1/partner/orgs/{org}/bench-unlock");
        assert_eq!(s.app.send(&partner, Method::POST, &path, json!({})).await.status(), 200);
    }
    // A row this version cannot read (a plan written by a newer release, say).
    let mut conn = s.app.db.conn().await.unwrap();
    partner_center_server::db::query("UPDATE subscriptions SET plan = 'platinum' WHERE org_id = $1")
        .bind(&s.org.id)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    s.app.clock.advance(15 * DAY);

    assert_eq!(s.issue().await, 1, "the readable org is invoiced");
    let path = format!("/api/v1/partner/orgs/{}/invoices", second.id);
    let theirs: Vec<InvoiceView> = s.app.get(&s.partner().await, &path).await.json().await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(s.issue().await, 0, "the unreadable one is retried, not invoiced as a guess");
}

#[tokio::test]
async fn a_year_of_monthly_periods_is_anchored_to_the_trials_end_without_drifting() {
    let s = setup().await;
    // The 14-day trial, started two days after the clock's Jan 15, ends on Jan 31.
    s.app.clock.advance(2 * DAY);
    assert!(s.bench_unlock().await.started_trial);
    for _ in 0..378 {
        s.app.clock.advance(DAY);
        billing_cycle::issue_due_invoices(&s.app.db, &s.app.clock).await.unwrap();
    }
    let mut invoices: Vec<InvoiceView> =
        s.app.get(&s.partner().await, &s.path("/invoices")).await.json().await.unwrap();
    invoices.sort_by(|a, b| a.period_start.cmp(&b.period_start));
    let starts: Vec<&str> = invoices.iter().map(|invoice| &invoice.period_start[..10]).collect();
    assert_eq!(
        starts,
        [
            "2027-01-31",
            "2027-02-28",
            "2027-03-31",
            "2027-04-30",
            "2027-05-31",
            "2027-06-30",
            "2027-07-31",
            "2027-08-31",
            "2027-09-30",
            "2027-10-31",
            "2027-11-30",
            "2027-12-31",
        ]
    );
    for pair in invoices.windows(2) {
        assert_eq!(pair[0].period_end, pair[1].period_start, "each period ends where the next begins");
    }
}

#[tokio::test]
async fn the_billing_pass_reads_the_stored_next_invoice_time_that_each_invoice_moves_to_the_next_period() {
    let s = setup().await;
    assert_eq!(s.next_invoice_at().await, None, "no time before the trial starts");
    s.bench_unlock().await;
    assert_eq!(s.next_invoice_at().await.as_deref(), Some("2027-01-29T08:00:00Z"), "the 14-day trial's end");
    s.app.clock.advance(14 * DAY);
    assert_eq!(s.issue().await, 1);
    let first = s.invoices().await.remove(0);
    assert_eq!(s.next_invoice_at().await, Some(first.period_end.clone()), "the next period starts where it ends");

    // The pass goes by the stored time alone: an org whose time lies ahead is not even read.
    s.store_next_invoice_at(START + 365 * DAY).await;
    s.app.clock.advance(31 * DAY);
    assert_eq!(s.issue().await, 0);
    // A stored time earlier than the truth costs one look: the pass issues what is really due
    // and stores the real next time.
    s.store_next_invoice_at(START).await;
    assert_eq!(s.issue().await, 1);
    let second = s.invoices().await.into_iter().find(|invoice| invoice.id != first.id).unwrap();
    assert_eq!(second.period_start, first.period_end);
    assert_eq!(s.next_invoice_at().await, Some(second.period_end.clone()));
    assert_eq!(s.issue().await, 0, "nothing more is due");
    assert_eq!(s.next_invoice_at().await, Some(second.period_end));
}
