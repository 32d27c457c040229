//! The trial clock and billing: unlocks start trials; when a trial ends, invoices are issued
//! per plan period, in the plan's currency, and mailed to the Accounts Payable email.
//!
//! Issuing is safe with any number of server instances: each invoice is one transaction
//! keyed by (org, period start); a second worker's attempt for the same period fails on that
//! key and rolls back, number and mail included.

use std::sync::Arc;
use std::time::Duration;

use partner_center_domain::billing::BillingMode;
use partner_center_domain::catalog::{Money, PlanLength};
use partner_center_domain::subscription::{InvoiceLine, InvoiceView, UnlockRecorded};
use partner_center_domain::trial::{TrialStatus, DAY_MS};
use tokio::task::JoinHandle;

use crate::db::invoices::{self, InvoiceRow};
use crate::db::{billing, orgs, unlocks, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::{date, rfc3339, Clock, Millis};
use crate::infra::lifecycle::Lifecycle;
use crate::infra::mail::{self, Mail};
use crate::infra::metrics::Metrics;
use crate::infra::secrets::new_id;
use crate::services::org_listing;
use crate::services::trial_clock;

/// Where an unlock came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockSource {
    /// Reported with an org API token.
    Api,
    /// The partner's Bench-test unlock.
    BenchTest,
}

impl UnlockSource {
    fn key(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::BenchTest => "bench_test",
        }
    }
}

/// Records an unlock; the first one of the org starts its trial. Later ones are recorded and
/// change nothing.
pub async fn record_unlock(
    conn: &mut Conn,
    org_id: &str,
    source: UnlockSource,
    door: Option<&str>,
    token_id: Option<&str>,
    now: Millis,
) -> Result<UnlockRecorded, AppError> {
    unlocks::record(conn, &new_id(), org_id, now, source.key(), door, token_id).await?;
    let started_trial = billing::start_trial(conn, org_id, now).await?;
    if started_trial {
        org_listing::refresh(conn, org_id).await?;
    }
    let status =
        billing::find_profile(conn, org_id).await?.map(|p| TrialStatus::at(p.first_unlock_at, p.trial_length(), now));
    Ok(UnlockRecorded { started_trial, status })
}

/// `at` plus whole calendar months (the 31st becomes the month's last day where needed).
pub fn add_months(at: Millis, months: u32) -> Millis {
    let Ok(start) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000) else {
        return at;
    };
    let total = i64::from(start.month() as u8 - 1) + i64::from(months);
    let year = start.year() + i32::try_from(total / 12).unwrap_or(0);
    let Ok(month) = time::Month::try_from(u8::try_from(total % 12 + 1).unwrap_or(1)) else {
        return at;
    };
    let day = start.day().min(month.length(year));
    let Ok(date) = time::Date::from_calendar_date(year, month, day) else {
        return at;
    };
    let moved = start.replace_date(date);
    i64::try_from(moved.unix_timestamp_nanos() / 1_000_000).unwrap_or(at)
}

/// A trial end past what a timestamp can hold: a stored trial length no rule allows.
#[derive(Debug, thiserror::Error)]
#[error("org {org_id}: a trial of {trial_days} days from {unlocked} ends past the last representable time")]
pub struct TrialEndOutOfRange {
    org_id: String,
    unlocked: Millis,
    trial_days: i64,
}

pub fn invoice_view(row: InvoiceRow, org_name: String) -> InvoiceView {
    let plan = row.choice();
    let total = Money { minor_units: row.amount_minor, currency: plan.currency };
    let period = format!("{} to {}", date(row.period_start), date(row.period_end));
    InvoiceView {
        lines: vec![InvoiceLine {
            description: format!("{} plan, {} ({period})", plan.plan.label(), plan.length.label()),
            amount: total,
        }],
        total,
        id: row.id,
        number: row.number,
        org_id: row.org_id,
        org_name,
        billing_mode: row.billing_mode,
        bill_to: row.bill_to,
        additional_ap_emails: row.additional_ap_emails.to_strings(),
        ap_email: row.ap_email,
        reference_number: row.reference_number,
        plan,
        period_start: rfc3339(row.period_start),
        period_end: rfc3339(row.period_end),
        issued_at: rfc3339(row.issued_at),
    }
}

/// Where an org's invoice periods stand: anchored to the trial's end, the n-th period starting
/// as many calendar months after it as the periods before it cover. Counting from the anchor,
/// not from the last period's end, keeps month ends from drifting (Jan 31 → Feb 28 → Mar 31,
/// not → Mar 28).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    pub anchor: Millis,
    pub months_invoiced: u32,
}

impl Periods {
    pub fn next_start(self) -> Millis {
        add_months(self.anchor, self.months_invoiced)
    }

    /// The end of the next period, for a plan of `length`.
    pub fn next_end(self, length: PlanLength) -> Millis {
        add_months(self.anchor, self.months_invoiced + length.months())
    }
}

/// The org's periods; `None` while it awaits its first unlock.
pub async fn periods(conn: &mut Conn, org_id: &str) -> Result<Option<Periods>, AppError> {
    let Some(profile) = billing::find_profile(conn, org_id).await? else {
        return Ok(None);
    };
    let Some(unlocked) = profile.first_unlock_at else {
        return Ok(None);
    };
    let trial_days = profile.trial_length();
    let trial_end = trial_days.checked_mul(DAY_MS).and_then(|trial| unlocked.checked_add(trial));
    let out_of_range = || TrialEndOutOfRange { org_id: org_id.to_owned(), unlocked, trial_days };
    let anchor = trial_end.ok_or_else(|| AppError::Internal(Box::new(out_of_range())))?;
    Ok(Some(Periods { anchor, months_invoiced: invoices::months_invoiced(conn, org_id).await? }))
}

/// Issues the org's next invoice if its period has begun by `now`, in one transaction with
/// its number, its mail and the next period's start, which it returns. `None` when nothing was
/// due (its real next invoice time is stored then) or another worker issued it.
async fn issue_next(db: &Database, org_id: &str, now: Millis) -> Result<Option<Millis>, AppError> {
    let mut tx = db.begin().await?;
    let Some(periods) = periods(&mut tx, org_id).await? else {
        return Ok(None);
    };
    let start = periods.next_start();
    if start > now {
        billing::set_next_invoice_at(&mut tx, org_id, start).await?;
        tx.commit().await?;
        return Ok(None);
    }
    let org = orgs::find(&mut tx, org_id).await?.ok_or(AppError::NotFound)?;
    let profile = billing::find_profile(&mut tx, org_id).await?.ok_or(AppError::NotFound)?;
    let subscription = billing::find_subscription(&mut tx, org_id).await?.ok_or(AppError::NotFound)?;
    let plan = subscription.choice();
    let mode = profile.billing_mode;
    let billed_partner_id = match mode {
        BillingMode::PartnerInvoiced => org.parent_id.clone(),
        BillingMode::CustomerInvoiced => None,
    };
    let bill_to = match mode {
        BillingMode::PartnerInvoiced => match &org.parent_id {
            Some(parent) => orgs::find(&mut tx, parent)
                .await?
                .map_or_else(|| org.name.clone(), |p| format!("{} (for {})", p.name, org.name)),
            None => org.name.clone(),
        },
        BillingMode::CustomerInvoiced => org.name.clone(),
    };
    let year = i64::from(time::OffsetDateTime::from_unix_timestamp(now / 1000).map_or(1970, |t| t.year()));
    let number = format!("INV-{year}-{:06}", invoices::next_number(&mut tx, year).await?);
    let row = InvoiceRow {
        id: new_id(),
        org_id: org.id.clone(),
        number,
        period_start: start,
        period_end: periods.next_end(plan.length),
        issued_at: now,
        plan: plan.plan,
        currency: plan.currency,
        plan_length: plan.length,
        amount_minor: plan.price().minor_units,
        billing_mode: mode,
        bill_to,
        billed_partner_id,
        ap_email: profile.ap_email.clone(),
        additional_ap_emails: profile.additional_ap_emails.clone(),
        reference_number: profile.reference_number.clone(),
    };
    match invoices::insert(&mut tx, &row).await {
        Ok(()) => {}
        Err(error) if error.is_unique_violation() => return Ok(None),
        Err(error) => return Err(error.into()),
    }
    // The next period starts where this one ends.
    let next_start = row.period_end;
    billing::set_next_invoice_at(&mut tx, org_id, next_start).await?;
    let recipients: Vec<String> = row.ap_emails().map(str::to_owned).collect();
    let view = invoice_view(row, org.name.clone());
    let reference = view.reference_number.as_deref().map(|r| format!("Reference: {r}\n")).unwrap_or_default();
    // Its readers are the customer's accounts payable, who have no console to open: the
    // invoice is all here, with whom to ask.
    let manager = match &org.parent_id {
        Some(parent) => orgs::find(&mut tx, parent).await?.map_or_else(|| org.name.clone(), |p| p.name),
        None => org.name.clone(),
    };
    let body = format!(
        "Invoice {number}\nIssued {issued}\nBill to: {bill_to}\n{reference}\n{line}: {amount}\nTotal: {total}\n\n\
         Questions about this invoice: contact {manager}, who manages this account.\n",
        number = view.number,
        issued = date(now),
        bill_to = view.bill_to,
        line = view.lines[0].description,
        amount = view.lines[0].amount.plain(),
        total = view.total.plain(),
    );
    let subject = format!("Invoice {} for {}", view.number, org.name);
    for to in &recipients {
        mail::enqueue(&mut tx, &Mail { to, subject: &subject, body: &body, secret: false }, now).await?;
    }
    tx.commit().await?;
    Ok(Some(next_start))
}

/// Orgs read per query of the pass.
const DUE_BATCH: i64 = 500;

/// Issues every invoice due by now; returns how many were issued. It reads only orgs whose
/// stored next invoice time has come, a batch at a time, and issues each invoice in its own
/// short transaction, so user writes wait for one invoice at most, never for the pass.
pub async fn issue_due_invoices(db: &Database, clock: &Clock) -> Result<usize, AppError> {
    let now = clock.now();
    let mut issued = 0;
    let mut last = None;
    loop {
        let due = {
            let mut conn = db.conn().await?;
            billing::due_for_invoice(&mut conn, now, last.as_ref(), DUE_BATCH).await?
        };
        let full = i64::try_from(due.len()).unwrap_or(i64::MAX) == DUE_BATCH;
        for (_, org_id) in &due {
            issued += issue_all_due(db, org_id, now).await;
        }
        last = due.into_iter().last();
        if !full {
            return Ok(issued);
        }
    }
}

/// Issues the org's invoices due by `now`, oldest period first; returns how many.
async fn issue_all_due(db: &Database, org_id: &str, now: Millis) -> usize {
    let mut issued = 0;
    loop {
        match issue_next(db, org_id, now).await {
            Ok(Some(next_start)) => {
                issued += 1;
                if next_start > now {
                    return issued;
                }
            }
            Ok(None) => return issued,
            // One org's bad row must not hold back every other org's invoices: it is logged,
            // and tried again on the next pass.
            Err(error) => {
                tracing::error!(org_id, %error, "could not issue this org's invoice; going on with the others");
                return issued;
            }
        }
    }
}

/// Runs `issue_due_invoices` and the trial reminders every `every` until the server stops; the
/// mail they queue wakes the mail worker as it commits.
pub fn spawn_worker(
    lifecycle: &Lifecycle,
    db: Database,
    clock: Clock,
    public_url: String,
    every: Duration,
    metrics: Arc<Metrics>,
) -> JoinHandle<()> {
    lifecycle.spawn_worker(every, std::future::pending, move || {
        let (db, clock, public_url) = (db.clone(), clock.clone(), public_url.clone());
        let metrics = metrics.clone();
        async move {
            let started = std::time::Instant::now();
            let pass = issue_due_invoices(&db, &clock).await;
            metrics.record_billing_pass(started.elapsed(), *pass.as_ref().unwrap_or(&0));
            match pass {
                Ok(0) => {}
                Ok(issued) => tracing::info!(issued, "invoices issued"),
                Err(error) => tracing::warn!(%error, "billing pass failed"),
            }
            match trial_clock::send_due_reminders(&db, &clock, &public_url).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "trial reminders sent"),
                Err(error) => tracing::warn!(%error, "reminder pass failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Millis {
        let parsed = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap();
        i64::try_from(parsed.unix_timestamp_nanos() / 1_000_000).unwrap()
    }

    fn starts(anchor: &str, lengths: &[PlanLength]) -> Vec<String> {
        let mut periods = Periods { anchor: at(anchor), months_invoiced: 0 };
        lengths
            .iter()
            .map(|length| {
                let start = periods.next_start();
                periods.months_invoiced += length.months();
                date(start)
            })
            .collect()
    }

    #[test]
    fn periods_anchored_to_the_end_of_january_keep_each_months_last_day() {
        assert_eq!(
            starts("2027-01-31T10:00:00Z", &[PlanLength::Monthly; 6]),
            ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30"]
        );
    }

    #[test]
    fn a_leap_year_gives_february_its_29th_and_the_next_month_its_own_end() {
        assert_eq!(
            starts("2028-01-30T00:00:00Z", &[PlanLength::Monthly; 3]),
            ["2028-01-30", "2028-02-29", "2028-03-30"]
        );
        assert_eq!(
            starts("2027-02-28T00:00:00Z", &[PlanLength::OneYear, PlanLength::Monthly]),
            ["2027-02-28", "2028-02-28"]
        );
    }

    #[test]
    fn a_change_of_plan_length_counts_the_months_already_covered() {
        assert_eq!(
            starts("2027-08-31T00:00:00Z", &[PlanLength::Monthly, PlanLength::OneYear, PlanLength::Monthly]),
            ["2027-08-31", "2027-09-30", "2028-09-30"]
        );
    }

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(rfc3339(add_months(at("2027-01-15T08:00:00Z"), 1)), "2027-02-15T08:00:00Z");
        assert_eq!(rfc3339(add_months(at("2027-01-31T00:00:00Z"), 1)), "2027-02-28T00:00:00Z");
        assert_eq!(rfc3339(add_months(at("2027-11-30T12:00:00Z"), 3)), "2028-02-29T12:00:00Z");
        assert_eq!(rfc3339(add_months(at("2027-05-01T00:00:00Z"), 36)), "2030-05-01T00:00:00Z");
    }
}
