//! Every CSV export opens safely in a spreadsheet, however it splits the line: text that would
//! run as a formula after any separator (`,` `;` tab) stays text.

use partner_center_domain::roles::Role;
use partner_center_domain::subscription::CreatedApiToken;
use partner_center_server::infra::clock::DAY;
use partner_center_server::services::billing_cycle::issue_due_invoices;
use reqwest::Method;
use serde_json::json;

use crate::partner_orgs::{form, parse_csv, partner};

/// A name a spreadsheet splitting on `;` would read as the formula `=2+2`.
const TRAP: &str = "Harbor View;=2+2";

/// Every cell quoted, no formula character right after a separator or at a cell's start, and
/// the trap present, guarded.
fn assert_safe(csv: &str, what: &str) {
    assert!(csv.contains("Harbor View;'=2+2"), "{what} lacks the guarded name:\n{csv}");
    for line in csv.split("\r\n").filter(|line| !line.is_empty()) {
        assert!(line.starts_with('"') && line.ends_with('"'), "{what}: a cell is not quoted in {line:?}");
        for separator in [',', ';', '\t', '"'] {
            for formula in ['=', '+', '-', '@'] {
                assert!(!line.contains(&format!("{separator}{formula}")), "{what}: {separator}{formula} in {line:?}");
            }
        }
    }
    assert!(parse_csv(csv).len() > 1, "{what} has rows");
}

#[tokio::test]
async fn a_formula_after_any_separator_in_an_org_a_user_or_a_door_name_stays_text_in_every_export() {
    let mut p = partner().await;
    let mut body = form(TRAP);
    body["adminFirstName"] = json!(TRAP);
    body["trialDays"] = json!(1);
    let created = p.create(body).await;
    assert_eq!(created.status(), 201);
    let child: serde_json::Value = created.json().await.unwrap();
    let child_id = child["id"].as_str().unwrap().to_owned();

    let omar_login = p.app.login(&child_id, "omar@harborview.example", &[Role::SuperAdmin]).await;
    let omar = p.app.signed_in(&omar_login).await;
    let user = json!({ "firstName": TRAP, "lastName": "Raman", "email": "trap@harborview.example",
        "portalAccess": false, "roles": ["dashboard_read_only"] });
    assert_eq!(p.app.send(&omar, Method::POST, "/api/v1/users", user).await.status(), 201);
    let token: CreatedApiToken =
        p.app.send(&omar, Method::POST, "/api/v1/api-tokens", json!({ "name": "Doors" })).await.json().await.unwrap();
    let unlock = reqwest::Client::new()
        .post(p.app.url("/api/v1/unlocks"))
        .bearer_auth(&token.token)
        .json(&json!({ "door": TRAP }))
        .send()
        .await
        .unwrap();
    assert!(unlock.status().is_success());
    p.app.clock.advance(DAY);
    assert_eq!(issue_due_invoices(&p.app.db, &p.app.clock).await.unwrap(), 1);
    p.sign_in_again().await;
    let omar = p.app.signed_in(&omar_login).await;

    for (client, path) in [
        (&p.client, "/api/v1/partner/orgs/export"),
        (&p.client, "/api/v1/partner/activity/export"),
        (&p.client, "/api/v1/partner/statements/2027-01/export"),
        (&omar, "/api/v1/audit/export"),
    ] {
        let response = p.app.get(client, path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_safe(&response.text().await.unwrap(), path);
    }
}
