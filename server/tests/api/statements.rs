//! Partner Center › Statements: a month's partner-invoiced child invoices and their totals.

use partner_center_domain::catalog::Currency;
use partner_center_domain::statement::{PartnerStatement, StatementMonths, BAD_MONTH};
use partner_center_domain::subscription::InvoiceView;
use partner_center_server::infra::clock::DAY;
use partner_center_server::services::billing_cycle::issue_due_invoices;
use reqwest::Method;
use serde_json::json;

use crate::partner_orgs::{form, parse_csv, partner, Partner};

/// Northwind's children: two partner-invoiced ones in USD (Essentials 49.00, Enterprise 299.00
/// a month), one in EUR (Professional 118.00), and one invoiced directly; and Southwind's child.
/// Every trial is one day from 2027-01-15, so invoices are issued on 2027-01-16 and, after
/// `next_month`, on 2027-02-16.
async fn invoiced_portfolio() -> Partner {
    let mut p = partner().await;
    for (name, plan, currency) in [
        ("Harbor View Dental", "essentials", "USD"),
        ("Lakeside Optics", "professional", "EUR"),
        ("Bayside Clinic", "enterprise", "USD"),
        ("Direct Dental", "essentials", "USD"),
    ] {
        let mut body = form(name);
        body["trialDays"] = json!(1);
        body["adminEmail"] = json!(format!("admin@{}.example", name.to_lowercase().replace(' ', "")));
        let response = p.create(body).await;
        assert_eq!(response.status(), 201);
        let org: serde_json::Value = response.json().await.unwrap();
        let id = org["id"].as_str().unwrap();
        if (plan, currency) != ("essentials", "USD") {
            let path = format!("/api/v1/partner/orgs/{id}/subscription");
            let current: serde_json::Value = p.app.get(&p.client, &path).await.json().await.unwrap();
            let change =
                json!({ "plan": plan, "currency": currency, "length": "monthly", "version": current["version"] });
            assert_eq!(p.app.send(&p.client, Method::PUT, &path, change).await.status(), 200);
        }
        let unlock = format!("/api/v1/partner/orgs/{id}/bench-unlock");
        assert_eq!(p.app.send(&p.client, Method::POST, &unlock, json!({})).await.status(), 200);
    }
    let mut conn = p.app.db.conn().await.unwrap();
    partner_center_server::db::query(
        "UPDATE billing_profiles SET billing_mode = 'customer_invoiced' \
         WHERE org_id = (SELECT id FROM orgs WHERE name = 'Direct Dental')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let southwind = p.app.org("Southwind", None, true).await;
    let theirs = p.app.org("Southwind Customer", Some(&southwind), false).await;
    partner_center_server::db::query(
        "UPDATE billing_profiles SET first_unlock_at = $1, trial_days = 1 WHERE org_id = $2",
    )
    .bind(crate::helpers::START)
    .bind(&theirs)
    .execute(&mut conn)
    .await
    .unwrap();
    partner_center_server::db::billing::reset_next_invoice_to_trial_end(&mut conn, &theirs).await.unwrap();
    drop(conn);
    p.app.clock.advance(DAY);
    assert_eq!(issue_due_invoices(&p.app.db, &p.app.clock).await.unwrap(), 5);
    p.sign_in_again().await;
    p
}

impl Partner {
    async fn next_month(&mut self) {
        self.app.clock.advance(31 * DAY);
        assert_eq!(issue_due_invoices(&self.app.db, &self.app.clock).await.unwrap(), 5);
        self.sign_in_again().await;
    }

    async fn statement(&self, query: &str) -> PartnerStatement {
        let response = self.app.get(&self.client, &format!("/api/v1/partner/statements/{query}")).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

/// (currency, invoices, amount in minor units) per currency.
fn totals(statement: &PartnerStatement) -> Vec<(Currency, i64, i64)> {
    statement.totals.iter().map(|t| (t.currency, t.invoices, t.amount.minor_units)).collect()
}

#[tokio::test]
async fn a_months_statement_lists_every_partner_invoiced_child_invoice_with_totals_per_currency() {
    let mut p = invoiced_portfolio().await;
    p.next_month().await;

    let months: StatementMonths = p.app.get(&p.client, "/api/v1/partner/statements").await.json().await.unwrap();
    assert_eq!(months.months, ["2027-02", "2027-01"], "newest first, from the first invoice to now");

    let january = p.statement("2027-01").await;
    assert_eq!(january.partner_name, "Northwind Security");
    assert_eq!(totals(&january), [(Currency::Eur, 1, 11_800), (Currency::Usd, 2, 4_900 + 29_900)]);
    let orgs: Vec<&str> = january.lines.data.iter().map(|l| l.org_name.as_str()).collect();
    assert_eq!(orgs.len(), 3, "not the directly invoiced org, nor another partner's: {orgs:?}");
    assert!(!orgs.contains(&"Direct Dental") && !orgs.contains(&"Southwind Customer"));
    assert_eq!(january.lines.total_count, 3);
    assert!(january.lines.data.iter().all(|l| l.issued_at.starts_with("2027-01-16")));
    assert!(january.lines.data.iter().all(|l| l.reference_number.as_deref() == Some("PO-4471")));

    // Every line is the invoice the org's own tab shows.
    for line in &january.lines.data {
        let path = format!("/api/v1/partner/invoices/{}", line.invoice_id);
        let invoice: InvoiceView = p.app.get(&p.client, &path).await.json().await.unwrap();
        assert_eq!((invoice.number.as_str(), invoice.total), (line.number.as_str(), line.amount));
        assert_eq!(invoice.period_start, line.period_start);
    }

    let february = p.statement("2027-02").await;
    assert_eq!(totals(&february), totals(&january), "the next period of each, in February");
    assert!(february.lines.data.iter().all(|l| l.period_start.starts_with("2027-02-16")));
    assert!(p.statement("2026-12").await.lines.data.is_empty(), "a month before any invoice is empty");
}

#[tokio::test]
async fn a_statement_pages_its_lines_oldest_first_and_keeps_the_months_totals() {
    let p = invoiced_portfolio().await;
    let whole = p.statement("2027-01").await;
    let first = p.statement("2027-01?limit=2").await;
    let rest = p.statement("2027-01?limit=2&offset=2").await;
    assert_eq!(first.totals, whole.totals, "totals are the month's, not the page's");
    assert_eq!((first.lines.data.len(), rest.lines.data.len(), rest.lines.total_count), (2, 1, 3));
    let paged: Vec<String> = first.lines.data.iter().chain(&rest.lines.data).map(|l| l.number.clone()).collect();
    let all: Vec<String> = whole.lines.data.iter().map(|l| l.number.clone()).collect();
    assert_eq!(paged, all);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "numbered as issued, so oldest first");
}

#[tokio::test]
async fn the_statement_csv_has_every_line_and_sums_to_the_totals() {
    let p = invoiced_portfolio().await;
    let statement = p.statement("2027-01").await;
    let response = p.app.get(&p.client, "/api/v1/partner/statements/2027-01/export").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"statement-2027-01.csv\"");
    let rows = parse_csv(&response.text().await.unwrap());
    assert_eq!(rows[0][0], "Invoice number");
    assert_eq!(rows[0][9..11], ["Currency", "Amount"]);
    let lines = &rows[1..];
    let numbers: Vec<&str> = lines.iter().map(|row| row[0].as_str()).collect();
    let expected: Vec<&str> = statement.lines.data.iter().map(|l| l.number.as_str()).collect();
    assert_eq!(numbers, expected);
    let mut sums: Vec<(Currency, i64, i64)> = Vec::new();
    for row in lines {
        let currency = Currency::from_code(&row[9]).unwrap();
        let minor: i64 = row[10].replace('.', "").parse().unwrap();
        match sums.iter_mut().find(|(c, _, _)| *c == currency) {
            Some((_, count, sum)) => {
                *count += 1;
                *sum += minor;
            }
            None => sums.push((currency, 1, minor)),
        }
    }
    sums.sort_by_key(|(currency, _, _)| currency.code());
    assert_eq!(sums, totals(&statement));
}

#[tokio::test]
async fn a_month_that_is_not_yyyy_mm_is_refused() {
    let p = partner().await;
    for bad in ["2027-13", "2027-1", "january", "2027-01-01"] {
        for tail in ["", "/export"] {
            let response = p.app.get(&p.client, &format!("/api/v1/partner/statements/{bad}{tail}")).await;
            assert_eq!(response.status(), 400, "{bad}{tail}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["message"], BAD_MONTH);
        }
    }
    let months: StatementMonths = p.app.get(&p.client, "/api/v1/partner/statements").await.json().await.unwrap();
    assert!(months.months.is_empty(), "no invoice yet, no statement");
}
