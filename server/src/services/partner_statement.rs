//! The partner statement: a partner's partner-invoiced child invoices of one UTC calendar
//! month, with totals per currency. Every figure is one range of the invoices' billed-partner
//! index, so a month of 100,000 invoices reads no more than its own rows.

use partner_center_domain::api::Page;
use partner_center_domain::catalog::Money;
use partner_center_domain::statement::{CurrencyTotal, StatementLine, StatementMonth};

use crate::db::invoices::{self, BilledInvoice};
use crate::db::Conn;
use crate::error::AppError;
use crate::infra::clock::{rfc3339, Millis};

/// The month `at` falls in, in UTC; `None` outside the years a statement can name.
pub fn month_of(at: Millis) -> Option<StatementMonth> {
    let moment = time::OffsetDateTime::from_unix_timestamp(at.div_euclid(1000)).ok()?;
    StatementMonth::new(moment.year(), moment.month() as u8)
}

/// The first moment of `month`, UTC.
fn month_start(month: StatementMonth) -> Millis {
    let start = time::Month::try_from(month.month())
        .and_then(|m| time::Date::from_calendar_date(month.year(), m, 1))
        .map(|date| date.midnight().assume_utc().unix_timestamp() * 1000);
    // A `StatementMonth` only holds months of years 1970 to 9999, each of which has a first day.
    start.unwrap_or_else(|_| unreachable!("{} has a first day", month.key()))
}

/// `[from, until)` of `month`, in milliseconds.
pub fn bounds(month: StatementMonth) -> (Millis, Millis) {
    (month_start(month), month_start(month.next()))
}

/// The months with a statement, newest first: from the partner's first billed invoice to now.
pub async fn months(conn: &mut Conn, partner_id: &str, now: Millis) -> Result<Vec<StatementMonth>, AppError> {
    let Some(first) = invoices::first_billed_to(conn, partner_id).await? else {
        return Ok(Vec::new());
    };
    let (Some(first), Some(current)) = (month_of(first), month_of(now)) else {
        return Ok(Vec::new());
    };
    Ok(current.max(first).back_to(first))
}

/// The month's totals per currency (by code).
pub async fn totals(conn: &mut Conn, partner_id: &str, month: StatementMonth) -> Result<Vec<CurrencyTotal>, AppError> {
    let (from, until) = bounds(month);
    let sums = invoices::billed_to_sums(conn, partner_id, from, until).await?;
    Ok(sums
        .into_iter()
        .map(|sum| CurrencyTotal {
            currency: sum.currency,
            invoices: sum.invoices,
            amount: Money { minor_units: sum.amount_minor, currency: sum.currency },
        })
        .collect())
}

/// One page of the month's invoices, oldest first.
pub async fn lines(
    conn: &mut Conn,
    partner_id: &str,
    month: StatementMonth,
    limit: i64,
    offset: i64,
) -> Result<Vec<BilledInvoice>, crate::db::Error> {
    let (from, until) = bounds(month);
    invoices::billed_to(conn, partner_id, from, until, limit, offset).await
}

pub fn line(billed: BilledInvoice) -> StatementLine {
    let invoice = billed.invoice;
    StatementLine {
        amount: Money { minor_units: invoice.amount_minor, currency: invoice.currency },
        issued_at: rfc3339(invoice.issued_at),
        period_start: rfc3339(invoice.period_start),
        period_end: rfc3339(invoice.period_end),
        plan: invoice.plan,
        length: invoice.plan_length,
        invoice_id: invoice.id,
        number: invoice.number,
        org_id: invoice.org_id,
        org_name: billed.org_name,
        reference_number: invoice.reference_number,
    }
}

/// The statement's page of lines, counted by the totals already read.
pub fn page(totals: &[CurrencyTotal], lines: Vec<BilledInvoice>) -> Page<StatementLine> {
    let count = totals.iter().map(|total| total.invoices).sum();
    Page {
        total_count: count,
        filtered_count: count,
        filtered_count_capped: false,
        data: lines.into_iter().map(line).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_runs_from_its_first_midnight_to_the_next_months_in_utc() {
        let february = StatementMonth::new(2028, 2).unwrap();
        let (from, until) = bounds(february);
        assert_eq!(rfc3339(from), "2028-02-01T00:00:00Z");
        assert_eq!(rfc3339(until), "2028-03-01T00:00:00Z");
        assert_eq!(month_of(until - 1), Some(february), "the leap day's last millisecond");
        assert_eq!(month_of(until).map(StatementMonth::key).as_deref(), Some("2028-03"));
        let december = StatementMonth::new(2027, 12).unwrap();
        assert_eq!(rfc3339(bounds(december).1), "2028-01-01T00:00:00Z");
    }
}
