//! The trial clock: an org awaits its first unlock; the first unlock (bench-testing included)
//! starts a trial of the org's trial days; when the trial ends, billing begins.

use serde::{Deserialize, Serialize};

/// Milliseconds in a day; times are Unix milliseconds throughout.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "phase", rename_all = "camelCase")]
pub enum TrialStatus {
    AwaitingFirstUnlock,
    #[serde(rename_all = "camelCase")]
    Trialing {
        days_left: i64,
        ends_at: i64,
    },
    #[serde(rename_all = "camelCase")]
    Billing {
        since: i64,
    },
}

impl TrialStatus {
    /// The status at `now` of an org with `trial_days` whose first unlock was `first_unlock_at`.
    /// A trial that ends exactly at `now` has ended.
    pub fn at(first_unlock_at: Option<i64>, trial_days: i64, now: i64) -> Self {
        match first_unlock_at {
            None => Self::AwaitingFirstUnlock,
            Some(unlocked) => {
                let ends_at = unlocked + trial_days * DAY_MS;
                if now < ends_at {
                    Self::Trialing { days_left: (ends_at - now + DAY_MS - 1) / DAY_MS, ends_at }
                } else {
                    Self::Billing { since: ends_at }
                }
            }
        }
    }

    /// Once the first unlock has started the trial, its length is fixed.
    pub fn trial_length_fixed(&self) -> bool {
        *self != Self::AwaitingFirstUnlock
    }

    /// As the Manage Organizations list and the org's page show it.
    pub fn label(&self) -> String {
        match self {
            Self::AwaitingFirstUnlock => "Awaiting first unlock".to_owned(),
            Self::Trialing { days_left: 1, .. } => "Trialing, 1 day left".to_owned(),
            Self::Trialing { days_left, .. } => format!("Trialing, {days_left} days left"),
            Self::Billing { .. } => "Billing".to_owned(),
        }
    }
}

/// The trial's end (`i64::MAX` while awaiting the first unlock): the key the list's status
/// index holds. It does not depend on the time of the query, so it can be indexed; the state
/// filters and the "needs attention" order are ranges of it split at the query's time.
pub fn status_sort_key(first_unlock_at: Option<i64>, trial_days: i64) -> i64 {
    first_unlock_at.map_or(i64::MAX, |unlocked| unlocked + trial_days * DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000;

    #[test]
    fn an_org_awaits_its_first_unlock_however_long_it_exists() {
        assert_eq!(TrialStatus::at(None, 14, T0 + 400 * DAY_MS), TrialStatus::AwaitingFirstUnlock);
    }

    #[test]
    fn a_one_day_trial_runs_one_day_from_the_first_unlock() {
        assert_eq!(TrialStatus::at(Some(T0), 1, T0).label(), "Trialing, 1 day left");
        assert_eq!(TrialStatus::at(Some(T0), 1, T0 + DAY_MS - 1).label(), "Trialing, 1 day left");
        assert_eq!(TrialStatus::at(Some(T0), 1, T0 + DAY_MS), TrialStatus::Billing { since: T0 + DAY_MS });
    }

    #[test]
    fn a_twenty_one_day_trial_counts_down_whole_days() {
        assert_eq!(TrialStatus::at(Some(T0), 21, T0).label(), "Trialing, 21 days left");
        assert_eq!(TrialStatus::at(Some(T0), 21, T0 + 1).label(), "Trialing, 21 days left");
        assert_eq!(TrialStatus::at(Some(T0), 21, T0 + DAY_MS).label(), "Trialing, 20 days left");
        assert_eq!(TrialStatus::at(Some(T0), 21, T0 + 21 * DAY_MS).label(), "Billing");
    }

    #[test]
    fn status_sorts_billing_then_soonest_trial_end_then_awaiting() {
        let billing_long = status_sort_key(Some(T0 - 90 * DAY_MS), 14);
        let trial_ends_soon = status_sort_key(Some(T0), 2);
        let trial_ends_later = status_sort_key(Some(T0), 21);
        let awaiting = status_sort_key(None, 1);
        assert!(billing_long < trial_ends_soon && trial_ends_soon < trial_ends_later && trial_ends_later < awaiting);
    }
}
