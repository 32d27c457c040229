//! The audit log: what was done, by whom, in which org, and what it changed. Entries are
//! written in the same transaction as the change and never edited afterwards.

use serde::{Deserialize, Serialize};

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignedIn,
    SignInFailed,
    SignedOut,
    SwitchedOrg,
    InvitationAccepted,
    OrgCreated,
    OrgRenamed,
    BillingEdited,
    PlanChanged,
    BenchTestUnlock,
    UnlockReported,
    UserAdded,
    UserLinked,
    UserEdited,
    ApiTokenCreated,
    ApiTokenRevoked,
    LeftOrg,
    AccessRemoved,
    AccessRequested,
    AccessAccepted,
    AccessDeclined,
    AccessRequestCancelled,
    TrialExtended,
    InvitationResent,
    PasswordResetRequested,
    PasswordReset,
    SignInFailuresCleared,
}

impl AuditAction {
    pub const ALL: [Self; 27] = [
        Self::SignedIn,
        Self::SignInFailed,
        Self::SignedOut,
        Self::SwitchedOrg,
        Self::InvitationAccepted,
        Self::OrgCreated,
        Self::OrgRenamed,
        Self::BillingEdited,
        Self::PlanChanged,
        Self::BenchTestUnlock,
        Self::UnlockReported,
        Self::UserAdded,
        Self::UserLinked,
        Self::UserEdited,
        Self::ApiTokenCreated,
        Self::ApiTokenRevoked,
        Self::LeftOrg,
        Self::AccessRemoved,
        Self::AccessRequested,
        Self::AccessAccepted,
        Self::AccessDeclined,
        Self::AccessRequestCancelled,
        Self::TrialExtended,
        Self::InvitationResent,
        Self::PasswordResetRequested,
        Self::PasswordReset,
        Self::SignInFailuresCleared,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::SignedIn => "signed_in",
            Self::SignInFailed => "sign_in_failed",
            Self::SignedOut => "signed_out",
            Self::SwitchedOrg => "switched_org",
            Self::InvitationAccepted => "invitation_accepted",
            Self::OrgCreated => "org_created",
            Self::OrgRenamed => "org_renamed",
            Self::BillingEdited => "billing_edited",
            Self::PlanChanged => "plan_changed",
            Self::BenchTestUnlock => "bench_test_unlock",
            Self::UnlockReported => "unlock_reported",
            Self::UserAdded => "user_added",
            Self::UserLinked => "user_linked",
            Self::UserEdited => "user_edited",
            Self::ApiTokenCreated => "api_token_created",
            Self::ApiTokenRevoked => "api_token_revoked",
            Self::LeftOrg => "left_org",
            Self::AccessRemoved => "access_removed",
            Self::AccessRequested => "access_requested",
            Self::AccessAccepted => "access_accepted",
            Self::AccessDeclined => "access_declined",
            Self::AccessRequestCancelled => "access_request_cancelled",
            Self::TrialExtended => "trial_extended",
            Self::InvitationResent => "invitation_resent",
            Self::PasswordResetRequested => "password_reset_requested",
            Self::PasswordReset => "password_reset",
            Self::SignInFailuresCleared => "sign_in_failures_cleared",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.key() == key)
    }

    /// As the audit log shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::SignedIn => "Signed in",
            Self::SignInFailed => "Sign-in failed",
            Self::SignedOut => "Signed out",
            Self::SwitchedOrg => "Switched into the organization",
            Self::InvitationAccepted => "Accepted an invitation",
            Self::OrgCreated => "Created the organization",
            Self::OrgRenamed => "Renamed the organization",
            Self::BillingEdited => "Edited billing",
            Self::PlanChanged => "Changed the subscription plan",
            Self::BenchTestUnlock => "Bench-test unlock",
            Self::UnlockReported => "Unlock reported",
            Self::UserAdded => "Added a user",
            Self::UserLinked => "Linked a login from another namespace",
            Self::UserEdited => "Edited a user",
            Self::ApiTokenCreated => "Created an API token",
            Self::ApiTokenRevoked => "Revoked an API token",
            Self::LeftOrg => "Left the organization",
            Self::AccessRemoved => "Removed an outside member's access",
            Self::AccessRequested => "Asked a login of another namespace to join",
            Self::AccessAccepted => "Accepted a request to join",
            Self::AccessDeclined => "Declined a request to join",
            Self::AccessRequestCancelled => "Cancelled a request to join",
            Self::TrialExtended => "Extended the trial",
            Self::InvitationResent => "Sent a new invitation",
            Self::PasswordResetRequested => "Asked for a link to choose a new password",
            Self::PasswordReset => "Chose a new password through a mailed link",
            Self::SignInFailuresCleared => "Cleared a login's failed sign-ins",
        }
    }
}

crate::decode_stored_key!(AuditAction, "audit action", AuditAction::from_key);

/// One field an edit changed. Never a password, token or hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

impl FieldChange {
    /// The change of `field`, or `None` when it kept its value.
    pub fn of(field: &str, before: impl Into<String>, after: impl Into<String>) -> Option<Self> {
        let (before, after) = (before.into(), after.into());
        (before != after).then(|| Self { field: field.to_owned(), before, after })
    }
}

/// One entry of the audit log, as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: String,
    /// RFC 3339.
    pub at: String,
    /// The login's email, or what acted without one ("API token “Front door”").
    pub actor: String,
    /// The login's namespace, e.g. `org:northwind-security`.
    pub actor_namespace: Option<String>,
    /// The org the change happened in.
    pub org_id: String,
    pub org_name: String,
    /// The org's partner, when the actor's login lives in the partner's namespace.
    pub via: Option<String>,
    pub action: AuditAction,
    pub action_label: String,
    /// What was acted on, as a person reads it ("Priya Raman", "Front door").
    pub target: String,
    pub changes: Vec<FieldChange>,
}

/// The longest actor or target text a log filter takes.
pub const FILTER_MAX_CHARS: usize = 200;

/// The query of an audit log page: its filters and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AuditQuery {
    /// Page size, 1 to 100 (default 50).
    #[cfg_attr(feature = "openapi", schemars(range(min = 1, max = 100)))]
    pub limit: Option<i64>,
    /// Entries to skip.
    #[cfg_attr(feature = "openapi", schemars(range(min = 0)))]
    pub offset: Option<i64>,
    #[serde(flatten)]
    pub filters: AuditFilterQuery,
}

/// The filters of an audit log (a page, or the whole export). Dates are days (`YYYY-MM-DD`,
/// UTC), both ends included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AuditFilterQuery {
    /// A part of the actor's email (or token name), any letter case.
    #[cfg_attr(feature = "openapi", schemars(length(max = FILTER_MAX_CHARS)))]
    pub actor: Option<String>,
    pub action: Option<AuditAction>,
    /// A part of what was acted on, any letter case.
    #[cfg_attr(feature = "openapi", schemars(length(max = FILTER_MAX_CHARS)))]
    pub target: Option<String>,
    /// The first day.
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date")))]
    pub from: Option<String>,
    /// The last day.
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "date")))]
    pub to: Option<String>,
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The start of day `YYYY-MM-DD` (UTC) in Unix milliseconds; `None` when it is no date.
pub fn day_start(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&month) || day < 1 || day > month_days[(month - 1) as usize] {
        return None;
    }
    // Days from 1970-01-01 to the date (the proleptic Gregorian calendar).
    let shifted = if month <= 2 { year - 1 } else { year };
    let era = shifted.div_euclid(400);
    let year_of_era = shifted - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some((era * 146_097 + day_of_era - 719_468) * DAY_MS)
}

/// The end (exclusive) of day `YYYY-MM-DD`.
pub fn day_end(text: &str) -> Option<i64> {
    day_start(text).map(|start| start + DAY_MS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_utc_midnights_and_non_dates_are_refused() {
        assert_eq!(day_start("1970-01-01"), Some(0));
        assert_eq!(day_start("2026-12-01"), Some(1_796_083_200_000));
        assert_eq!(day_start("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(day_end("1970-01-01"), Some(DAY_MS));
        for bad in ["2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01x", "", "today"] {
            assert_eq!(day_start(bad), None, "{bad}");
        }
    }

    use super::*;

    #[test]
    fn action_keys_round_trip_and_match_serde() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_key(action.key()), Some(action));
            assert_eq!(serde_json::to_value(action).unwrap(), action.key());
        }
        assert_eq!(AuditAction::from_key("deleted_everything"), None);
    }

    #[test]
    fn a_field_that_kept_its_value_is_no_change() {
        assert_eq!(FieldChange::of("name", "A", "A"), None);
        let change = FieldChange::of("name", "A", "B").unwrap();
        assert_eq!((change.before.as_str(), change.after.as_str()), ("A", "B"));
    }
}
