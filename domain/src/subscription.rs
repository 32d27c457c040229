//! Subscriptions, their changes, unlocks, API tokens and invoices: the shapes of the billing
//! endpoints and the rules for changing a plan.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::billing::BillingMode;
use crate::catalog::{price, Currency, Money, PackagePlan, PlanLength};
use crate::trial::TrialStatus;

/// A plan as chosen: tier, currency and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanChoice {
    pub plan: PackagePlan,
    pub currency: Currency,
    pub length: PlanLength,
}

impl PlanChoice {
    pub fn price(&self) -> Money {
        price(self.plan, self.currency, self.length)
    }

    pub fn describe(&self) -> String {
        format!("{}, {}, {}", self.plan.label(), self.currency.code(), self.length.label())
    }
}

/// One entry of `GET /api/v1/catalog`: a plan, currency and length, and its price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CatalogEntry {
    #[serde(flatten)]
    pub choice: PlanChoice,
    pub price: Money,
}

/// `PUT /api/v1/partner/orgs/{id}/subscription`: Change Your Subscription Plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionChange {
    #[serde(flatten)]
    pub choice: PlanChoice,
    pub version: i64,
}

pub const CURRENCY_FIXED: &str = "The currency is fixed once billing has started.";
pub const NOTHING_CHANGED: &str = "Choose a plan, currency or length different from the current one.";

/// The rules of a change from `current` to `wanted` in the org's trial/billing `status`:
/// the currency cannot change once billing has started (invoices already went out in it), and a
/// change must change something. Changes take effect from the next invoice; the period already
/// invoiced is not billed again.
pub fn check_change(current: &PlanChoice, wanted: &PlanChoice, status: &TrialStatus) -> Result<(), Vec<FieldError>> {
    if matches!(status, TrialStatus::Billing { .. }) && wanted.currency != current.currency {
        return Err(vec![FieldError::new("currency", CURRENCY_FIXED)]);
    }
    if wanted == current {
        return Err(vec![FieldError::new("plan", NOTHING_CHANGED)]);
    }
    Ok(())
}

/// The Subscriptions tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    pub current: PlanChoice,
    pub price: Money,
    pub status: TrialStatus,
    /// RFC 3339; `None` while the org awaits its first unlock.
    pub next_invoice_at: Option<String>,
    pub next_invoice_amount: Money,
    pub history: Vec<SubscriptionHistoryEntry>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionHistoryEntry {
    pub changed_at: String,
    pub changed_by: String,
    pub change: HistoryChange,
}

/// What one history entry changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum HistoryChange {
    /// Change Your Subscription Plan.
    Plan { from: PlanChoice, to: PlanChoice },
    /// Extend trial. Ends are RFC 3339.
    #[serde(rename_all = "camelCase")]
    TrialExtended { days: i64, reason: String, previous_end: String, new_end: String },
}

/// `POST /api/v1/unlocks` (with an org API token) and the partner's Bench-test unlock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UnlockReport {
    /// Which door, as the controller names it.
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::DOOR_NAME_MAX_CHARS), pattern(crate::validation::patterns::PRINTABLE_TEXT)))]
    #[serde(default)]
    pub door: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UnlockRecorded {
    /// True when this unlock started the trial.
    pub started_trial: bool,
    /// `None` for an org without a trial (a partner's own org): the unlock is only recorded.
    pub status: Option<TrialStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiTokenSummary {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub created_by: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// `POST /api/v1/api-tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewApiToken {
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::PERSON_NAME_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub name: String,
}

/// The one answer that shows the token itself; it is never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiToken {
    pub token: String,
    pub summary: ApiTokenSummary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLine {
    pub description: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceView {
    pub id: String,
    pub number: String,
    pub org_id: String,
    pub org_name: String,
    pub billing_mode: BillingMode,
    pub bill_to: String,
    pub ap_email: String,
    /// The other addresses the invoice was mailed to.
    pub additional_ap_emails: Vec<String>,
    pub reference_number: Option<String>,
    pub plan: PlanChoice,
    pub period_start: String,
    pub period_end: String,
    pub issued_at: String,
    pub lines: Vec<InvoiceLine>,
    pub total: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASIC: PlanChoice =
        PlanChoice { plan: PackagePlan::Essentials, currency: Currency::Usd, length: PlanLength::Monthly };

    #[test]
    fn the_currency_may_change_until_billing_starts() {
        let in_euros = PlanChoice { currency: Currency::Eur, ..BASIC };
        assert!(check_change(&BASIC, &in_euros, &TrialStatus::AwaitingFirstUnlock).is_ok());
        assert!(check_change(&BASIC, &in_euros, &TrialStatus::Trialing { days_left: 3, ends_at: 0 }).is_ok());
        let refused = check_change(&BASIC, &in_euros, &TrialStatus::Billing { since: 0 }).unwrap_err();
        assert_eq!((refused[0].field.as_str(), refused[0].message.as_str()), ("currency", CURRENCY_FIXED));
    }

    #[test]
    fn plan_and_length_may_change_while_billing() {
        let bigger = PlanChoice { plan: PackagePlan::Enterprise, length: PlanLength::OneYear, ..BASIC };
        assert!(check_change(&BASIC, &bigger, &TrialStatus::Billing { since: 0 }).is_ok());
    }

    #[test]
    fn a_change_must_change_something() {
        assert_eq!(
            check_change(&BASIC, &BASIC, &TrialStatus::AwaitingFirstUnlock).unwrap_err()[0].message,
            NOTHING_CHANGED
        );
    }

    #[test]
    fn a_choice_knows_its_price_and_wire_shape() {
        assert_eq!(BASIC.price().minor_units, 4_900);
        let change = SubscriptionChange { choice: BASIC, version: 2 };
        assert_eq!(
            serde_json::to_value(&change).unwrap(),
            serde_json::json!({ "plan": "essentials", "currency": "USD", "length": "monthly", "version": 2 })
        );
    }
}
