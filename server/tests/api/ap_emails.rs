//! Up to five Accounts Payable emails per org: kept, refused when repeated, and each mailed.

use partner_center_domain::api::ErrorBody;
use partner_center_domain::child_org::ChildOrgDetail;
use partner_center_server::infra::clock::DAY;
use partner_center_server::services::trial_clock::send_due_reminders;
use reqwest::{Method, Response};
use serde_json::{json, Value};

use crate::billing::{setup, Setup};

const MORE: [&str; 4] =
    ["billing@harborview.example", "finance@harborview.example", "owner@harborview.example", "cfo@harborview.example"];

impl Setup {
    async fn set_ap_emails(&self, first: &str, more: &[&str], version: i64) -> Response {
        let body = json!({
            "apEmail": first, "additionalApEmails": more, "trialDays": 14, "referenceNumber": "PO-4471", "version": version
        });
        self.app.send(&self.partner().await, Method::PATCH, &self.path("/billing"), body).await
    }

    /// Who received mail whose subject starts with `subject`, sorted.
    async fn recipients_of(&self, subject: &str) -> Vec<String> {
        let mut to: Vec<String> = self
            .app
            .deliver_mail()
            .await
            .iter()
            .filter(|m| m.lines().any(|line| line.starts_with(&format!("Subject: {subject}"))))
            .filter_map(|m| m.lines().find_map(|line| line.strip_prefix("To: ")).map(str::to_owned))
            .collect();
        to.sort();
        to
    }
}

async fn field_errors(response: Response) -> (u16, Vec<(String, String)>) {
    let status = response.status().as_u16();
    let body: ErrorBody = response.json().await.unwrap();
    (status, body.field_errors.into_iter().map(|e| (e.field, e.message)).collect())
}

fn sorted(first: &str, more: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = std::iter::once(first).chain(more.iter().copied()).map(str::to_owned).collect();
    all.sort();
    all
}

#[tokio::test]
async fn five_ap_emails_are_kept_and_each_receives_every_reminder_and_invoice() {
    let s = setup().await;
    let response = s.set_ap_emails("ap@harborview.example", &MORE, s.org.billing.version).await;
    assert_eq!(response.status(), 200);
    let saved: ChildOrgDetail = response.json().await.unwrap();
    assert_eq!(saved.billing.additional_ap_emails, MORE);
    assert_eq!(s.detail().await.billing.additional_ap_emails, MORE, "read back as saved, in order");

    s.bench_unlock().await;
    s.app.clock.advance(7 * DAY);
    assert_eq!(send_due_reminders(&s.app.db, &s.app.clock, &s.app.public_url).await.unwrap(), 1);
    let mut expected = sorted("ap@harborview.example", &MORE);
    assert_eq!(s.recipients_of("Trial of Harbor View Dental").await, {
        let mut with_partner = expected.clone();
        with_partner.push("dana@northwind.example".to_owned());
        with_partner.sort();
        with_partner
    });

    s.app.clock.advance(7 * DAY);
    assert_eq!(s.issue().await, 1);
    let invoice = &s.invoices().await[0];
    assert_eq!(invoice.ap_email, "ap@harborview.example");
    assert_eq!(invoice.additional_ap_emails, MORE, "the invoice keeps whom it was mailed to");
    assert_eq!(s.recipients_of(&format!("Invoice {}", invoice.number)).await, expected, "one mail to each address");

    // Later changes reach later invoices, not the ones already sent.
    let version = s.detail().await.billing.version;
    assert_eq!(s.set_ap_emails("ap@harborview.example", &MORE[..1], version).await.status(), 200);
    s.app.clock.advance(31 * DAY);
    assert_eq!(s.issue().await, 1);
    let invoices = s.invoices().await;
    assert_eq!(invoices[0].additional_ap_emails, MORE[..1]);
    assert_eq!(invoices[1].additional_ap_emails, MORE);
    expected = sorted("ap@harborview.example", &MORE[..1]);
    assert_eq!(s.recipients_of(&format!("Invoice {}", invoices[0].number)).await, expected);
}

#[tokio::test]
async fn a_repeated_ap_email_is_refused_beside_its_field_whatever_its_case_and_nothing_changes() {
    let s = setup().await;
    let before = s.detail().await;
    let response = s
        .set_ap_emails(
            "ap@harborview.example",
            &["billing@harborview.example", "AP@HarborView.example"],
            before.billing.version,
        )
        .await;
    assert_eq!(
        field_errors(response).await,
        (422, vec![("additionalApEmails.1".to_owned(), "This address is already listed.".to_owned())])
    );
    let response = s
        .set_ap_emails(
            "ap@harborview.example",
            &["b@harborview.example", "B@harborview.example"],
            before.billing.version,
        )
        .await;
    assert_eq!(field_errors(response).await.1[0].0, "additionalApEmails.1");
    let after = s.detail().await;
    assert_eq!(after.billing, before.billing, "nothing saved");
}

#[tokio::test]
async fn a_sixth_ap_email_is_refused_and_nothing_changes() {
    let s = setup().await;
    let before = s.detail().await;
    let six = [MORE.as_slice(), &["sixth@harborview.example"]].concat();
    let response = s.set_ap_emails("ap@harborview.example", &six, before.billing.version).await;
    assert_eq!(
        field_errors(response).await,
        (422, vec![("additionalApEmails".to_owned(), "List at most 5 Accounts Payable emails in all.".to_owned())])
    );
    assert_eq!(s.detail().await.billing, before.billing);
}

#[tokio::test]
async fn add_org_keeps_the_additional_ap_emails_and_refuses_a_bad_one_without_creating_the_org() {
    let s = setup().await;
    let partner = s.partner().await;
    let add = |key: &'static str, more: Value| {
        let client = partner.clone();
        let app = &s.app;
        async move {
            app.client_request(&client, Method::POST, "/api/v1/partner/orgs")
                .header("idempotency-key", key)
                .json(&json!({
                    "name": "Bayside Clinic", "adminFirstName": "Ana", "adminLastName": "Lee",
                    "adminEmail": "ana@bayside.example", "apEmail": "ap@bayside.example",
                    "additionalApEmails": more, "trialDays": 14
                }))
                .send()
                .await
                .unwrap()
        }
    };
    let response = add("refused", json!(["not an address"])).await;
    assert_eq!(
        field_errors(response).await,
        (
            422,
            vec![("additionalApEmails.0".to_owned(), "Enter a valid email address, like name@example.com.".to_owned())]
        )
    );
    let listed: Value = s.app.get(&partner, "/api/v1/partner/orgs").await.json().await.unwrap();
    assert_eq!(listed["totalCount"], 1, "only the setup's org");

    let response = add("kept", json!(["billing@bayside.example"])).await;
    assert_eq!(response.status(), 201);
    let created: ChildOrgDetail = response.json().await.unwrap();
    assert_eq!(created.billing.additional_ap_emails, ["billing@bayside.example"]);
}
