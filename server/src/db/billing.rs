//! Billing profiles and subscriptions of child orgs.

use super::Conn;
use crate::clock::Millis;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BillingRow {
    pub billing_mode: String,
    pub ap_email: String,
    pub trial_days: i64,
    pub reference_number: Option<String>,
    pub first_unlock_at: Option<Millis>,
    pub version: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub plan: String,
    pub currency: String,
    pub plan_length: String,
}

pub struct NewBilling<'a> {
    pub org_id: &'a str,
    pub billing_mode: &'a str,
    pub ap_email: &'a str,
    pub trial_days: i64,
    pub reference_number: Option<&'a str>,
}

pub async fn insert_profile(conn: &mut Conn, billing: &NewBilling<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO billing_profiles (org_id, billing_mode, ap_email, trial_days, reference_number) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(billing.org_id)
    .bind(billing.billing_mode)
    .bind(billing.ap_email)
    .bind(billing.trial_days)
    .bind(billing.reference_number)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_profile(conn: &mut Conn, org_id: &str) -> Result<Option<BillingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT billing_mode, ap_email, trial_days, reference_number, first_unlock_at, version FROM billing_profiles WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(conn)
    .await
}

/// Applies an edit made from `version`; false when someone else's edit came first.
pub async fn update_profile(
    conn: &mut Conn,
    org_id: &str,
    version: i64,
    ap_email: &str,
    trial_days: i64,
    reference_number: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE billing_profiles SET ap_email = $1, trial_days = $2, reference_number = $3, version = version + 1 \
         WHERE org_id = $4 AND version = $5",
    )
    .bind(ap_email)
    .bind(trial_days)
    .bind(reference_number)
    .bind(org_id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn insert_subscription(conn: &mut Conn, org_id: &str, plan: &str, currency: &str, length: &str, now: Millis) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO subscriptions (org_id, plan, currency, plan_length, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(org_id)
        .bind(plan)
        .bind(currency)
        .bind(length)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_subscription(conn: &mut Conn, org_id: &str) -> Result<Option<SubscriptionRow>, sqlx::Error> {
    sqlx::query_as("SELECT plan, currency, plan_length FROM subscriptions WHERE org_id = $1")
        .bind(org_id)
        .fetch_optional(conn)
        .await
}
