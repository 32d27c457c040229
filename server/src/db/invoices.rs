//! Issued invoices and their numbering.

use partner_center_domain::ap_emails::AdditionalApEmails;
use partner_center_domain::billing::BillingMode;
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::PlanChoice;

use super::Conn;
use crate::infra::clock::Millis;

#[derive(Debug, Clone, super::FromRow)]
pub struct InvoiceRow {
    pub id: String,
    pub org_id: String,
    pub number: String,
    pub period_start: Millis,
    pub period_end: Millis,
    pub issued_at: Millis,
    #[row(try_from = "String")]
    pub plan: PackagePlan,
    #[row(try_from = "String")]
    pub currency: Currency,
    #[row(try_from = "String")]
    pub plan_length: PlanLength,
    pub amount_minor: i64,
    #[row(try_from = "String")]
    pub billing_mode: BillingMode,
    pub bill_to: String,
    /// The partner billed for a partner-invoiced org; `None` when the customer is invoiced.
    pub billed_partner_id: Option<String>,
    pub ap_email: String,
    #[row(try_from = "String")]
    pub additional_ap_emails: AdditionalApEmails,
    pub reference_number: Option<String>,
}

impl InvoiceRow {
    /// The addresses the invoice was mailed to, the first first.
    pub fn ap_emails(&self) -> impl Iterator<Item = &str> {
        self.additional_ap_emails.after(&self.ap_email)
    }

    pub fn choice(&self) -> PlanChoice {
        PlanChoice { plan: self.plan, currency: self.currency, length: self.plan_length }
    }
}

const COLUMNS: &str = "id, org_id, number, period_start, period_end, issued_at, plan, currency, plan_length, \
    amount_minor, billing_mode, bill_to, billed_partner_id, ap_email, additional_ap_emails, reference_number";

/// The months the org's invoices have covered so far, each by its own plan length.
pub async fn months_invoiced(conn: &mut Conn, org_id: &str) -> Result<u32, super::Error> {
    let lengths: Vec<String> =
        super::query_scalar("SELECT plan_length FROM invoices WHERE org_id = $1").bind(org_id).fetch_all(conn).await?;
    lengths.into_iter().try_fold(0, |months, key| {
        let length = PlanLength::try_from(key).map_err(|error| super::Error::decode("invoices.plan_length", error))?;
        Ok(months + length.months())
    })
}

/// The next number of `year`, counted in the caller's transaction (so a rolled-back invoice
/// leaves no gap).
pub async fn next_number(conn: &mut Conn, year: i64) -> Result<i64, super::Error> {
    super::query_scalar(
        "INSERT INTO invoice_numbers (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = invoice_numbers.last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(conn)
    .await
}

/// Fails on `(org_id, period_start)` when that period was invoiced already.
pub async fn insert(conn: &mut Conn, invoice: &InvoiceRow) -> Result<(), super::Error> {
    super::query(&format!(
        "INSERT INTO invoices ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
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
    .bind(&invoice.billed_partner_id)
    .bind(&invoice.ap_email)
    .bind(invoice.additional_ap_emails.stored())
    .bind(&invoice.reference_number)
    .execute(conn)
    .await?;
    Ok(())
}

/// Newest first.
pub async fn of_org(conn: &mut Conn, org_id: &str) -> Result<Vec<InvoiceRow>, super::Error> {
    super::query_as(&format!("SELECT {COLUMNS} FROM invoices WHERE org_id = $1 ORDER BY period_start DESC"))
        .bind(org_id)
        .fetch_all(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: &str) -> Result<Option<InvoiceRow>, super::Error> {
    super::query_as(&format!("SELECT {COLUMNS} FROM invoices WHERE id = $1")).bind(id).fetch_optional(conn).await
}

/// An invoice of one of a partner's children, as a list line.
#[derive(Debug, Clone, super::FromRow)]
pub struct RecentInvoice {
    pub id: String,
    pub number: String,
    pub org_name: String,
    pub amount_minor: i64,
    #[row(try_from = "String")]
    pub currency: Currency,
    pub issued_at: Millis,
}

/// The newest invoices of the partner's children.
pub async fn recent_of_children(
    conn: &mut Conn,
    parent_id: &str,
    limit: i64,
) -> Result<Vec<RecentInvoice>, super::Error> {
    super::query_as(
        "SELECT i.id, i.number, o.name AS org_name, i.amount_minor, i.currency, i.issued_at \
         FROM invoices i JOIN orgs o ON o.id = i.org_id WHERE o.parent_id = $1 \
         ORDER BY i.issued_at DESC, i.id DESC LIMIT $2",
    )
    .bind(parent_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// When the partner was first billed for a child's invoice, if ever.
pub async fn first_billed_to(conn: &mut Conn, partner_id: &str) -> Result<Option<Millis>, super::Error> {
    super::query_scalar("SELECT MIN(issued_at) FROM invoices WHERE billed_partner_id = $1")
        .bind(partner_id)
        .fetch_one(conn)
        .await
}

/// One currency's part of a statement.
#[derive(Debug, Clone, super::FromRow)]
pub struct CurrencySum {
    #[row(try_from = "String")]
    pub currency: Currency,
    pub invoices: i64,
    pub amount_minor: i64,
}

/// The partner's invoices issued in `[from, until)`, summed per currency (by code).
pub async fn billed_to_sums(
    conn: &mut Conn,
    partner_id: &str,
    from: Millis,
    until: Millis,
) -> Result<Vec<CurrencySum>, super::Error> {
    super::query_as(
        "SELECT currency, COUNT(*) AS invoices, CAST(SUM(amount_minor) AS BIGINT) AS amount_minor FROM invoices \
         WHERE billed_partner_id = $1 AND issued_at >= $2 AND issued_at < $3 GROUP BY currency ORDER BY currency",
    )
    .bind(partner_id)
    .bind(from)
    .bind(until)
    .fetch_all(conn)
    .await
}

/// An invoice on a partner's statement, with its org's name.
#[derive(Debug, Clone, super::FromRow)]
pub struct BilledInvoice {
    #[row(flatten)]
    pub invoice: InvoiceRow,
    pub org_name: String,
}

/// One page of the partner's invoices issued in `[from, until)`, oldest first.
pub async fn billed_to(
    conn: &mut Conn,
    partner_id: &str,
    from: Millis,
    until: Millis,
    limit: i64,
    offset: i64,
) -> Result<Vec<BilledInvoice>, super::Error> {
    let columns: Vec<String> = COLUMNS.split(", ").map(|column| format!("i.{}", column.trim())).collect();
    super::query_as(&format!(
        "SELECT {}, o.name AS org_name FROM invoices i JOIN orgs o ON o.id = i.org_id \
         WHERE i.billed_partner_id = $1 AND i.issued_at >= $2 AND i.issued_at < $3 \
         ORDER BY i.issued_at, i.number LIMIT $4 OFFSET $5",
        columns.join(", ")
    ))
    .bind(partner_id)
    .bind(from)
    .bind(until)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}
