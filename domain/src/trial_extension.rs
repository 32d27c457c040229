//! Extending a trial: once per org, by up to two weeks, with a reason, while the trial runs.
//! The extension lengthens the trial itself, so the status, the reminders and the first
//! invoice all follow the new end.

use serde::{Deserialize, Serialize};

use crate::api::{FieldError, FieldErrors};
use crate::trial::TrialStatus;
use crate::validation::{ExtensionReason, ValidationError};

pub const MAX_EXTENSION_DAYS: i64 = 14;

/// Field names shared by the form and the server's field errors.
pub mod field {
    pub const DAYS: &str = "days";
    pub const REASON: &str = "reason";
}

pub const NOT_STARTED: &str = "The trial has not started yet: change the Initial Trial Period instead of extending it.";
pub const ENDED: &str = "The trial has ended and billing has begun: it can no longer be extended.";
pub const ALREADY_EXTENDED: &str = "This trial has already been extended once; a trial can be extended only once.";

/// `POST /api/v1/partner/orgs/{id}/trial-extension`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TrialExtensionRequest {
    /// More days, from 1 to 14.
    #[cfg_attr(feature = "openapi", schemars(range(min = 1, max = 14)))]
    pub days: i64,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::EXTENSION_REASON_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub reason: String,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialExtension {
    pub days: i64,
    pub reason: ExtensionReason,
}

impl TrialExtensionRequest {
    pub fn validate(&self) -> Result<TrialExtension, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let days = errors.check(field::DAYS, parse_days(self.days));
        let reason = errors.check(field::REASON, ExtensionReason::parse(&self.reason));
        errors.or(days.zip(reason).map(|(days, reason)| TrialExtension { days, reason }))
    }
}

fn parse_days(days: i64) -> Result<i64, ValidationError> {
    if (1..=MAX_EXTENSION_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(ValidationError::OutOfRange { min: 1, max: MAX_EXTENSION_DAYS })
    }
}

/// Whether the trial may be extended now: only a running trial, and only once.
pub fn check_state(status: &TrialStatus, already_extended: bool) -> Result<(), FieldError> {
    let refusal = match status {
        TrialStatus::AwaitingFirstUnlock => NOT_STARTED,
        TrialStatus::Billing { .. } => ENDED,
        TrialStatus::Trialing { .. } if already_extended => ALREADY_EXTENDED,
        TrialStatus::Trialing { .. } => return Ok(()),
    };
    Err(FieldError::new(field::DAYS, refusal))
}

/// The extension, as the Billing tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TrialExtensionView {
    pub days: i64,
    pub reason: String,
    pub extended_by: String,
    /// RFC 3339.
    pub extended_at: String,
    /// RFC 3339: the trial's end before the extension.
    pub previous_end: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000;

    fn request(days: i64, reason: &str) -> TrialExtensionRequest {
        TrialExtensionRequest { days, reason: reason.to_owned() }
    }

    #[test]
    fn a_running_trial_extends_by_one_to_fourteen_days_with_a_reason() {
        assert_eq!(request(1, "Waiting on hardware").validate().map(|e| e.days), Ok(1));
        assert_eq!(
            request(14, " Pilot site closed ").validate().map(|e| e.reason.as_str().to_owned()),
            Ok("Pilot site closed".to_owned())
        );
        let trialing = TrialStatus::at(Some(T0), 14, T0);
        assert_eq!(check_state(&trialing, false), Ok(()));
    }

    #[test]
    fn zero_days_fifteen_days_and_no_reason_are_refused_beside_their_fields() {
        let errors = request(0, " ").validate().unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), [field::DAYS, field::REASON]);
        assert_eq!(errors[0].message, "Enter a whole number from 1 to 14.");
        assert!(request(15, "Because").validate().is_err());
        assert!(request(-3, "Because").validate().is_err());
    }

    #[test]
    fn a_trial_extends_only_once_and_only_while_it_runs() {
        let trialing = TrialStatus::at(Some(T0), 14, T0);
        assert_eq!(check_state(&trialing, true).unwrap_err().message, ALREADY_EXTENDED);
        assert_eq!(check_state(&TrialStatus::AwaitingFirstUnlock, false).unwrap_err().message, NOT_STARTED);
        let ended = TrialStatus::at(Some(T0), 14, T0 + 14 * crate::trial::DAY_MS);
        assert_eq!(check_state(&ended, false).unwrap_err().message, ENDED);
    }
}
