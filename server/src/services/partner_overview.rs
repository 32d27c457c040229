//! The partner home's figures: states, trials ending soon, orgs stuck awaiting their first
//! unlock, and the newest invoices. Each is one index range of the partner's list rows.

use partner_center_domain::catalog::Money;
use partner_center_domain::partner_home::{
    AwaitingOrg, InvoiceLineItem, StateCounts, TrialEnding, AWAITING_LONGER_THAN_DAYS, TRIALS_ENDING_WITHIN_DAYS,
};
use partner_center_domain::subscription::PlanChoice;
use partner_center_domain::trial::TrialStatus;

use crate::db::{billing, invoices, listing, Conn};
use crate::error::AppError;
use crate::infra::clock::{rfc3339, Millis, DAY};

const TRIALS_LISTED: i64 = 20;
const AWAITING_LISTED: i64 = 10;
const INVOICES_LISTED: i64 = 5;

pub async fn state_counts(conn: &mut Conn, partner_id: &str, now: Millis) -> Result<StateCounts, crate::db::Error> {
    let (awaiting_first_unlock, trialing, billing) = listing::state_counts(conn, partner_id, now).await?;
    Ok(StateCounts { awaiting_first_unlock, trialing, billing })
}

/// Trials ending within the week, soonest first, with the price billing starts at.
pub async fn trials_ending(
    conn: &mut Conn,
    partner_id: &str,
    now: Millis,
) -> Result<(Vec<TrialEnding>, i64), AppError> {
    let until = now + i64::from(TRIALS_ENDING_WITHIN_DAYS) * DAY;
    let (rows, count) = listing::trials_ending(conn, partner_id, now, until, TRIALS_LISTED).await?;
    let mut ending = Vec::new();
    for row in rows {
        let TrialStatus::Trialing { days_left, ends_at } = TrialStatus::at(row.first_unlock_at, row.trial_days, now)
        else {
            continue;
        };
        let subscription = billing::find_subscription(conn, &row.org_id).await?.ok_or(AppError::NotFound)?;
        let profile = billing::find_profile(conn, &row.org_id).await?.ok_or(AppError::NotFound)?;
        let choice: PlanChoice = subscription.choice();
        let price: Money = choice.price();
        ending.push(TrialEnding {
            org_id: row.org_id,
            name: row.name,
            ends_at: rfc3339(ends_at),
            days_left,
            plan: choice.plan,
            length: choice.length,
            price,
            ap_email: profile.ap_email,
        });
    }
    Ok((ending, count))
}

/// Orgs awaiting their first unlock for longer than two weeks, longest first.
pub async fn awaiting_long(
    conn: &mut Conn,
    partner_id: &str,
    now: Millis,
) -> Result<(Vec<AwaitingOrg>, i64), crate::db::Error> {
    let before = now - AWAITING_LONGER_THAN_DAYS * DAY;
    let (rows, count) = listing::awaiting_since(conn, partner_id, before, AWAITING_LISTED).await?;
    let awaiting = rows
        .into_iter()
        .map(|row| AwaitingOrg {
            days_waiting: (now - row.created_at) / DAY,
            org_id: row.org_id,
            name: row.name,
            created_at: rfc3339(row.created_at),
        })
        .collect();
    Ok((awaiting, count))
}

pub async fn recent_invoices(conn: &mut Conn, partner_id: &str) -> Result<Vec<InvoiceLineItem>, crate::db::Error> {
    Ok(invoices::recent_of_children(conn, partner_id, INVOICES_LISTED)
        .await?
        .into_iter()
        .map(|invoice| InvoiceLineItem {
            id: invoice.id,
            number: invoice.number,
            org_name: invoice.org_name,
            total: Money { minor_units: invoice.amount_minor, currency: invoice.currency },
            issued_at: rfc3339(invoice.issued_at),
        })
        .collect())
}
