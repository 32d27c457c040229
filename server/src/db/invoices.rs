//! Issued invoices and their numbering.

use partner_center_domain::billing::BillingMode;
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::PlanChoice;

use super::Conn;
use crate::clock::Millis;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: String,
    pub org_id: String,
    pub number: String,
    pub period_start: Millis,
    pub period_end: Millis,
    pub issued_at: Millis,
    #[sqlx(try_from = "String")]
    pub plan: PackagePlan,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    #[sqlx(try_from = "String")]
    pub plan_length: PlanLength,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub billing_mode: BillingMode,
    pub bill_to: String,
    pub ap_email: String,
    pub reference_number: Option<String>,
}

impl InvoiceRow {
    pub fn choice(&self) -> PlanChoice {
        PlanChoice { plan: self.plan, currency: self.currency, length: self.plan_length }
    }
}

const COLUMNS: &str = "id, org_id, number, period_start, period_end, issued_at, plan, currency, plan_length, \
    amount_minor, billing_mode, bill_to, ap_email, reference_number";

/// The months the org's invoices have covered so far, each by its own plan length.
pub async fn months_invoiced(conn: &mut Conn, org_id: &str) -> Result<u32, sqlx::Error> {
    let lengths: Vec<String> =
        sqlx::query_scalar("SELECT plan_length FROM invoices WHERE org_id = $1").bind(org_id).fetch_all(conn).await?;
    lengths.into_iter().try_fold(0, |months, key| {
        let length = PlanLength::try_from(key)
            .map_err(|error| sqlx::Error::Decode(format!("invoices.plan_length: {error}").into()))?;
        Ok(months + length.months())
    })
}

/// The next number of `year`, counted in the caller's transaction (so a rolled-back invoice
/// leaves no gap).
pub async fn next_number(conn: &mut Conn, year: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO invoice_numbers (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = invoice_numbers.last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(conn)
    .await
}

/// Fails on `(org_id, period_start)` when that period was invoiced already.
pub async fn insert(conn: &mut Conn, invoice: &InvoiceRow) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO invoices ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(&invoice.id)
    .bind(&invoice.org_id)
    .bind(&invoice.number)
    .bind(invoice.period_start)
    .bind(invoice.period_end)
    .bind(invoice.issued_at)
    .bind(invoice.plan.key())
    .bind(invoice.currency.code())
    .bind(invoice.plan_length.key())
    .bind(invoice.amount_minor)
    .bind(invoice.billing_mode.key())
    .bind(&invoice.bill_to)
    .bind(&invoice.ap_email)
    .bind(&invoice.reference_number)
    .execute(conn)
    .await?;
    Ok(())
}

/// Newest first.
pub async fn of_org(conn: &mut Conn, org_id: &str) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM invoices WHERE org_id = $1 ORDER BY period_start DESC"))
        .bind(org_id)
        .fetch_all(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: &str) -> Result<Option<InvoiceRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM invoices WHERE id = $1")).bind(id).fetch_optional(conn).await
}

/// An invoice of one of a partner's children, as a list line.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecentInvoice {
    pub id: String,
    pub number: String,
    pub org_name: String,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub currency: Currency,
    pub issued_at: Millis,
}

/// The newest invoices of the partner's children.
pub async fn recent_of_children(
    conn: &mut Conn,
    parent_id: &str,
    limit: i64,
) -> Result<Vec<RecentInvoice>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.number, o.name AS org_name, i.amount_minor, i.currency, i.issued_at \
         FROM invoices i JOIN orgs o ON o.id = i.org_id WHERE o.parent_id = $1 \
         ORDER BY i.issued_at DESC, i.id DESC LIMIT $2",
    )
    .bind(parent_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}
