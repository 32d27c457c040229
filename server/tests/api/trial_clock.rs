//! Extend trial and the reminders before a trial ends.

use partner_center_domain::api::ErrorBody;
use partner_center_domain::audit::AuditAction;
use partner_center_domain::subscription::HistoryChange;
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::trial_extension::{TrialExtensionView, ALREADY_EXTENDED, ENDED, NOT_STARTED};
use partner_center_server::infra::clock::{DAY, HOUR};
use partner_center_server::services::trial_clock::send_due_reminders;
use reqwest::{Method, Response};
use serde_json::{json, Value};

use crate::billing::{setup, Setup};

impl Setup {
    async fn extend(&self, days: i64, reason: &str) -> Response {
        let body = json!({ "days": days, "reason": reason });
        self.app.send(&self.partner().await, Method::POST, &self.path("/trial-extension"), body).await
    }

    async fn remind(&self) -> usize {
        send_due_reminders(&self.app.db, &self.app.clock, &self.app.public_url).await.unwrap()
    }

    /// The trial's end as the org's page states it.
    async fn trial_end(&self) -> i64 {
        match self.detail().await.billing.status {
            TrialStatus::Trialing { ends_at, .. } => ends_at,
            other => panic!("expected a running trial, found {other:?}"),
        }
    }

    async fn audit_actions(&self) -> Vec<String> {
        let log: Value = self.app.get(&self.customer_admin().await, "/api/v1/audit").await.json().await.unwrap();
        log["data"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
    }
}

async fn refusal(response: Response) -> (u16, Vec<String>) {
    let status = response.status().as_u16();
    let body: ErrorBody = response.json().await.unwrap();
    (status, body.field_errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect())
}

#[tokio::test]
async fn a_running_trial_extends_once_and_the_first_invoice_follows_the_new_end() {
    let s = setup().await;
    s.bench_unlock().await;
    let original_end = s.trial_end().await;
    s.app.clock.advance(3 * DAY);

    let response = s.extend(10, "  Waiting on the second site's hardware ").await;
    assert_eq!(response.status(), 200);
    let extension: TrialExtensionView = response.json().await.unwrap();
    assert_eq!((extension.days, extension.reason.as_str()), (10, "Waiting on the second site's hardware"));
    assert_eq!(extension.extended_by, "Test User");
    assert_eq!(s.trial_end().await, original_end + 10 * DAY);
    let detail = s.detail().await;
    assert_eq!(detail.billing.trial_days, 14, "the Initial Trial Period is what was set");
    assert_eq!(detail.billing.trial_extension, Some(extension.clone()));

    let history = s.subscription().await.history;
    let HistoryChange::TrialExtended { days, reason, .. } = &history[0].change else {
        panic!("the extension is in the subscription history: {history:?}")
    };
    assert_eq!((*days, reason.as_str()), (10, "Waiting on the second site's hardware"));
    assert!(s.audit_actions().await.contains(&AuditAction::TrialExtended.key().to_owned()));

    let before = s.detail().await;
    assert_eq!(refusal(s.extend(2, "Once more").await).await, (409, vec![format!("days: {ALREADY_EXTENDED}")]));
    assert_eq!(s.detail().await, before, "a second extension changes nothing");

    s.app.clock.advance(11 * DAY);
    assert_eq!(s.issue().await, 0, "the original end has passed, the extended one has not");
    s.app.clock.advance(10 * DAY);
    assert_eq!(s.issue().await, 1);
    let invoice = &s.invoices().await[0];
    assert_eq!(invoice.period_start, partner_center_server::infra::clock::rfc3339(original_end + 10 * DAY));
}

#[tokio::test]
async fn a_trial_extends_only_while_it_runs_by_one_to_fourteen_days_with_a_reason() {
    let s = setup().await;
    assert_eq!(refusal(s.extend(5, "Early").await).await, (409, vec![format!("days: {NOT_STARTED}")]));
    s.bench_unlock().await;
    let (status, errors) = refusal(s.extend(15, " ").await).await;
    assert_eq!(status, 422);
    assert_eq!(errors, ["days: Enter a whole number from 1 to 14.", "reason: This field is required."]);
    assert_eq!(refusal(s.extend(0, "Zero").await).await.0, 422);
    s.app.clock.advance(14 * DAY);
    assert_eq!(refusal(s.extend(5, "Too late").await).await, (409, vec![format!("days: {ENDED}")]));
    assert_eq!(s.detail().await.billing.trial_extension, None);
}

#[tokio::test]
async fn another_partner_cannot_extend_the_trial() {
    let s = setup().await;
    s.bench_unlock().await;
    let southwind = s.app.org("Southwind", None, true).await;
    let admin =
        s.app.login(&southwind, "admin@southwind.example", &[partner_center_domain::roles::Role::SuperAdmin]).await;
    let other = s.app.signed_in(&admin).await;
    let response =
        s.app.send(&other, Method::POST, &s.path("/trial-extension"), json!({ "days": 14, "reason": "Mine" })).await;
    assert_eq!(response.status(), 404);
    assert_eq!(s.detail().await.billing.trial_extension, None);
}

/// The reminder mails delivered since the last call, as (recipient, subject) pairs.
async fn reminder_mail(s: &Setup, seen: &mut usize) -> Vec<(String, String)> {
    let mail = s.app.deliver_mail().await;
    let fresh = mail[*seen..].to_vec();
    *seen = mail.len();
    let header = |message: &str, name: &str| {
        message.lines().find_map(|line| line.strip_prefix(name)).unwrap_or_default().trim().to_owned()
    };
    let mut found: Vec<(String, String)> = fresh
        .iter()
        .filter(|m| m.contains("Subject: Trial of"))
        .map(|m| (header(m, "To:"), header(m, "Subject:")))
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn reminders_go_out_seven_three_and_one_days_before_the_end_once_each_with_three_workers() {
    let s = setup().await;
    s.bench_unlock().await;
    let mut seen = 0;
    reminder_mail(&s, &mut seen).await;
    s.app.clock.advance(6 * DAY + HOUR);
    assert_eq!(s.remind().await, 0, "eight days left: nothing yet");

    s.app.clock.advance(DAY);
    let (a, b, c) = tokio::join!(s.remind(), s.remind(), s.remind());
    assert_eq!(a + b + c, 1, "three workers at once send the 7-day reminder once");
    let to = |subject: &str| {
        vec![
            ("ap@harborview.example".to_owned(), subject.to_owned()),
            ("dana@northwind.example".to_owned(), subject.to_owned()),
        ]
    };
    assert_eq!(reminder_mail(&s, &mut seen).await, to("Trial of Harbor View Dental ends in 7 days"));
    assert_eq!(s.remind().await, 0, "never twice");

    s.app.clock.advance(4 * DAY);
    let (a, b) = tokio::join!(s.remind(), s.remind());
    assert_eq!(a + b, 1);
    s.app.clock.advance(2 * DAY);
    assert_eq!(s.remind().await, 1);
    assert_eq!(s.remind().await, 0);
    let sent = reminder_mail(&s, &mut seen).await;
    assert_eq!(sent.len(), 4, "the 3- and 1-day reminders to both: {sent:?}");
    assert!(sent.iter().any(|(_, subject)| subject == "Trial of Harbor View Dental ends in 1 day"));

    s.app.clock.advance(DAY);
    assert_eq!(s.remind().await, 0, "the trial has ended");
    let listed = s.detail().await.billing.reminders;
    assert_eq!(listed.iter().map(|r| r.days_before).collect::<Vec<_>>(), [1, 3, 7], "newest first");
    assert_eq!(listed[0].recipients, ["ap@harborview.example", "dana@northwind.example"]);
}

#[tokio::test]
async fn reminders_follow_an_extended_end_and_skip_what_is_longer_than_the_trial() {
    let s = setup().await;
    s.bench_unlock().await;
    s.app.clock.advance(7 * DAY);
    assert_eq!(s.remind().await, 1, "the 7-day reminder of the first end");
    assert_eq!(s.extend(7, "Pilot delayed").await.status(), 200);
    assert_eq!(s.remind().await, 0, "fourteen days left now");
    s.app.clock.advance(7 * DAY);
    assert_eq!(s.remind().await, 1, "the 7-day reminder of the new end");
    let listed = s.detail().await.billing.reminders;
    assert_eq!(listed.len(), 2);
    assert_ne!(listed[0].trial_ends_at, listed[1].trial_ends_at, "one per end");

    // A 2-day trial: only its 1-day reminder.
    let short = s
        .app
        .client_request(&s.partner().await, Method::POST, "/api/v1/partner/orgs")
        .header("idempotency-key", "short")
        .json(&json!({
            "name": "Quay Street Clinic", "adminFirstName": "Ana", "adminLastName": "Lopes",
            "adminEmail": "ana@quay.example", "apEmail": "ap@quay.example", "trialDays": 2
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 201);
    let short: Value = short.json().await.unwrap();
    let unlock = format!("/api/v1/partner/orgs/{}/bench-unlock", short["id"].as_str().unwrap());
    assert_eq!(s.app.send(&s.partner().await, Method::POST, &unlock, json!({})).await.status(), 200);
    assert_eq!(s.remind().await, 0, "two days left: no 3- or 7-day reminder");
    s.app.clock.advance(DAY);
    assert_eq!(s.remind().await, 1, "the 1-day reminder");
}
