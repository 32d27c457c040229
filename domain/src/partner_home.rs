//! The partner's first screen: what needs them today.

use serde::{Deserialize, Serialize};

use crate::audit::AuditEntry;
use crate::catalog::{Money, PackagePlan, PlanLength};

/// Days ahead the home lists trials ending in.
pub const TRIALS_ENDING_WITHIN_DAYS: u32 = 7;
/// Days an org may await its first unlock before the home lists it.
pub const AWAITING_LONGER_THAN_DAYS: i64 = 14;

/// How many child orgs stand where on the trial clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StateCounts {
    pub awaiting_first_unlock: i64,
    pub trialing: i64,
    pub billing: i64,
}

/// A trial that ends soon, and what billing will start at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TrialEnding {
    pub org_id: String,
    pub name: String,
    /// RFC 3339.
    pub ends_at: String,
    pub days_left: i64,
    pub plan: PackagePlan,
    pub length: PlanLength,
    /// The price billing starts at, per `length`.
    pub price: Money,
    pub ap_email: String,
}

/// An org still waiting for its first unlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AwaitingOrg {
    pub org_id: String,
    pub name: String,
    /// RFC 3339.
    pub created_at: String,
    pub days_waiting: i64,
}

/// An invoice as a list line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLineItem {
    pub id: String,
    pub number: String,
    pub org_name: String,
    pub total: Money,
    /// RFC 3339.
    pub issued_at: String,
}

/// Everything the partner home shows, in one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PartnerHome {
    pub counts: StateCounts,
    /// Soonest first, at most 20.
    pub trials_ending: Vec<TrialEnding>,
    /// All of them, when there are more than listed.
    pub trials_ending_count: i64,
    /// Longest waiting first, at most 10.
    pub awaiting_long: Vec<AwaitingOrg>,
    pub awaiting_long_count: i64,
    /// Newest first, at most 5.
    pub recent_invoices: Vec<InvoiceLineItem>,
    /// The partner's own latest actions, newest first, at most 5.
    pub recent_activity: Vec<AuditEntry>,
}
