//! Billing profiles and subscriptions of child orgs.

use partner_center_domain::ap_emails::AdditionalApEmails;
use partner_center_domain::billing::BillingMode;
use partner_center_domain::catalog::{Currency, PackagePlan, PlanLength};
use partner_center_domain::subscription::PlanChoice;

use super::Conn;
use crate::infra::clock::{Millis, DAY};

#[derive(Debug, Clone, super::FromRow)]
pub struct BillingRow {
    #[row(try_from = "String")]
    pub billing_mode: BillingMode,
    pub ap_email: String,
    #[row(try_from = "String")]
    pub additional_ap_emails: AdditionalApEmails,
    /// The Initial Trial Period, as set before the trial started.
    pub trial_days: i64,
    /// Days the trial's one extension added (0 without one).
    pub trial_extension_days: i64,
    pub reference_number: Option<String>,
    pub first_unlock_at: Option<Millis>,
    pub version: i64,
}

impl BillingRow {
    /// Every Accounts Payable address, the first first.
    pub fn ap_emails(&self) -> impl Iterator<Item = &str> {
        self.additional_ap_emails.after(&self.ap_email)
    }

    /// The trial's whole length: its initial period and any extension.
    pub fn trial_length(&self) -> i64 {
        self.trial_days + self.trial_extension_days
    }
}

#[derive(Debug, Clone, super::FromRow)]
pub struct SubscriptionRow {
    #[row(try_from = "String")]
    pub plan: PackagePlan,
    #[row(try_from = "String")]
    pub currency: Currency,
    #[row(try_from = "String")]
    pub plan_length: PlanLength,
}

impl SubscriptionRow {
    pub fn choice(&self) -> PlanChoice {
        PlanChoice { plan: self.plan, currency: self.currency, length: self.plan_length }
    }
}

pub struct NewBilling<'a> {
    pub org_id: &'a str,
    pub billing_mode: BillingMode,
    pub ap_email: &'a str,
    pub additional_ap_emails: &'a AdditionalApEmails,
    pub trial_days: i64,
    pub reference_number: Option<&'a str>,
}

/// Inserts the profile; returns the version it starts at.
pub async fn insert_profile(conn: &mut Conn, billing: &NewBilling<'_>) -> Result<i64, super::Error> {
    super::query_scalar(
        "INSERT INTO billing_profiles (org_id, billing_mode, ap_email, additional_ap_emails, trial_days, reference_number) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING version",
    )
    .bind(billing.org_id)
    .bind(billing.billing_mode.key())
    .bind(billing.ap_email)
    .bind(billing.additional_ap_emails.stored())
    .bind(billing.trial_days)
    .bind(billing.reference_number)
    .fetch_one(conn)
    .await
}

pub async fn find_profile(conn: &mut Conn, org_id: &str) -> Result<Option<BillingRow>, super::Error> {
    super::query_as(
        "SELECT billing_mode, ap_email, additional_ap_emails, trial_days, trial_extension_days, reference_number, first_unlock_at, version \
         FROM billing_profiles WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await
}

/// The billing settings a partner edits.
pub struct ProfileEdit<'a> {
    pub ap_email: &'a str,
    pub additional_ap_emails: &'a AdditionalApEmails,
    pub trial_days: i64,
    pub reference_number: Option<&'a str>,
}

/// Applies an edit made from `version`; false when someone else's edit came first.
pub async fn update_profile(
    conn: &mut Conn,
    org_id: &str,
    version: i64,
    edit: &ProfileEdit<'_>,
) -> Result<bool, super::Error> {
    let result = super::query(
        "UPDATE billing_profiles SET ap_email = $1, additional_ap_emails = $2, trial_days = $3, reference_number = $4, \
         version = version + 1 WHERE org_id = $5 AND version = $6",
    )
    .bind(edit.ap_email)
    .bind(edit.additional_ap_emails.stored())
    .bind(edit.trial_days)
    .bind(edit.reference_number)
    .bind(org_id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    let applied = result.rows_affected() == 1;
    if applied {
        reset_next_invoice_to_trial_end(conn, org_id).await?;
    }
    Ok(applied)
}

pub async fn insert_subscription(
    conn: &mut Conn,
    org_id: &str,
    plan: &str,
    currency: &str,
    length: &str,
    now: Millis,
) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO subscriptions (org_id, plan, currency, plan_length, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(org_id)
    .bind(plan)
    .bind(currency)
    .bind(length)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_subscription(conn: &mut Conn, org_id: &str) -> Result<Option<SubscriptionRow>, super::Error> {
    super::query_as("SELECT plan, currency, plan_length FROM subscriptions WHERE org_id = $1")
        .bind(org_id)
        .fetch_optional(conn)
        .await
}

#[derive(Debug, Clone, super::FromRow)]
pub struct SubscriptionVersion {
    #[row(flatten)]
    pub subscription: SubscriptionRow,
    pub version: i64,
}

pub async fn find_subscription_version(
    conn: &mut Conn,
    org_id: &str,
) -> Result<Option<SubscriptionVersion>, super::Error> {
    super::query_as("SELECT plan, currency, plan_length, version FROM subscriptions WHERE org_id = $1")
        .bind(org_id)
        .fetch_optional(conn)
        .await
}

/// Applies a plan change made from `version`; false when someone else's change came first.
pub async fn change_subscription(
    conn: &mut Conn,
    org_id: &str,
    version: i64,
    to: &PlanChoice,
) -> Result<bool, super::Error> {
    let result = super::query(
        "UPDATE subscriptions SET plan = $1, currency = $2, plan_length = $3, version = version + 1 WHERE org_id = $4 AND version = $5",
    )
    .bind(to.plan.key())
    .bind(to.currency.code())
    .bind(to.length.key())
    .bind(org_id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

#[derive(Debug, Clone, super::FromRow)]
pub struct ChangeRow {
    pub changed_at: Millis,
    pub changed_by: String,
    #[row(try_from = "String")]
    pub from_plan: PackagePlan,
    #[row(try_from = "String")]
    pub from_currency: Currency,
    #[row(try_from = "String")]
    pub from_length: PlanLength,
    #[row(try_from = "String")]
    pub to_plan: PackagePlan,
    #[row(try_from = "String")]
    pub to_currency: Currency,
    #[row(try_from = "String")]
    pub to_length: PlanLength,
}

impl ChangeRow {
    pub fn new(changed_at: Millis, changed_by: String, from: PlanChoice, to: PlanChoice) -> Self {
        Self {
            changed_at,
            changed_by,
            from_plan: from.plan,
            from_currency: from.currency,
            from_length: from.length,
            to_plan: to.plan,
            to_currency: to.currency,
            to_length: to.length,
        }
    }

    pub fn from(&self) -> PlanChoice {
        PlanChoice { plan: self.from_plan, currency: self.from_currency, length: self.from_length }
    }

    pub fn to(&self) -> PlanChoice {
        PlanChoice { plan: self.to_plan, currency: self.to_currency, length: self.to_length }
    }
}

pub async fn record_change(conn: &mut Conn, id: &str, org_id: &str, change: &ChangeRow) -> Result<(), super::Error> {
    super::query(
        "INSERT INTO subscription_changes (id, org_id, changed_at, changed_by, from_plan, from_currency, from_length, to_plan, to_currency, to_length) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(org_id)
    .bind(change.changed_at)
    .bind(&change.changed_by)
    .bind(change.from_plan.key())
    .bind(change.from_currency.code())
    .bind(change.from_length.key())
    .bind(change.to_plan.key())
    .bind(change.to_currency.code())
    .bind(change.to_length.key())
    .execute(conn)
    .await?;
    Ok(())
}

/// Newest first.
pub async fn changes(conn: &mut Conn, org_id: &str) -> Result<Vec<ChangeRow>, super::Error> {
    super::query_as(
        "SELECT changed_at, changed_by, from_plan, from_currency, from_length, to_plan, to_currency, to_length \
         FROM subscription_changes WHERE org_id = $1 ORDER BY changed_at DESC, id DESC",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await
}

/// Starts the trial at `at` unless an earlier unlock already did; true when this one did.
pub async fn start_trial(conn: &mut Conn, org_id: &str, at: Millis) -> Result<bool, super::Error> {
    let result = super::query(
        "UPDATE billing_profiles SET first_unlock_at = $1, version = version + 1 WHERE org_id = $2 AND first_unlock_at IS NULL",
    )
    .bind(at)
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    let started = result.rows_affected() == 1;
    if started {
        reset_next_invoice_to_trial_end(conn, org_id).await?;
    }
    Ok(started)
}

/// Moves the org's next invoice time back to its trial's end, after a change of the trial's
/// start or length. For an org already invoiced that is earlier than its real next period: the
/// billing pass then finds nothing to issue and stores the real time (`set_next_invoice_at`).
pub async fn reset_next_invoice_to_trial_end(conn: &mut Conn, org_id: &str) -> Result<(), super::Error> {
    super::query(
        "UPDATE billing_profiles SET next_invoice_at = first_unlock_at + (trial_days + trial_extension_days) * $1 \
         WHERE org_id = $2 AND first_unlock_at IS NOT NULL",
    )
    .bind(DAY)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores when the org's next invoice period begins.
pub async fn set_next_invoice_at(conn: &mut Conn, org_id: &str, at: Millis) -> Result<(), super::Error> {
    super::query("UPDATE billing_profiles SET next_invoice_at = $1 WHERE org_id = $2")
        .bind(at)
        .bind(org_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Up to `limit` orgs whose next invoice time has come by `now`, in time order, after
/// `after` (the last (time, org) of the previous batch): the pass reads what is due, never
/// every billing org.
pub async fn due_for_invoice(
    conn: &mut Conn,
    now: Millis,
    after: Option<&(Millis, String)>,
    limit: i64,
) -> Result<Vec<(Millis, String)>, super::Error> {
    let (after_at, after_org) = after.map_or((Millis::MIN, ""), |(at, org)| (*at, org.as_str()));
    super::query_as(
        "SELECT next_invoice_at, org_id FROM billing_profiles \
         WHERE next_invoice_at <= $1 AND (next_invoice_at, org_id) > ($2, $3) \
         ORDER BY next_invoice_at, org_id LIMIT $4",
    )
    .bind(now)
    .bind(after_at)
    .bind(after_org)
    .bind(limit)
    .fetch_all(conn)
    .await
}
