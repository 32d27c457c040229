//! Reminders that a trial ends soon: 7, 3 and 1 days before its end, to the partner's Super
//! Admins and the org's Accounts Payable, each sent once per trial end.

use serde::{Deserialize, Serialize};

use crate::trial::DAY_MS;

/// Days before the trial's end that reminders go out, earliest first.
pub const REMINDER_DAYS: [i64; 3] = [7, 3, 1];

/// The reminder due at `now` for a trial of `trial_days` that ends at `ends_at`: the one
/// closest to the end whose time has come. A reminder that was missed while no server ran is
/// not sent late once a closer one is due (it would tell less), and a reminder longer than
/// the trial itself is skipped. `None` once the trial has ended.
pub fn due(trial_days: i64, ends_at: i64, now: i64) -> Option<i64> {
    if now >= ends_at {
        return None;
    }
    REMINDER_DAYS.into_iter().rev().find(|&days| days <= trial_days && now >= ends_at - days * DAY_MS)
}

/// The subject of the reminder `days_before` the end: "Trial of Acme ends in 3 days".
pub fn subject(org_name: &str, days_before: i64) -> String {
    match days_before {
        1 => format!("Trial of {org_name} ends in 1 day"),
        days => format!("Trial of {org_name} ends in {days} days"),
    }
}

/// A sent reminder, as the Billing tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SentReminder {
    pub days_before: i64,
    /// RFC 3339.
    pub sent_at: String,
    /// RFC 3339: the trial end it announced.
    pub trial_ends_at: String,
    pub recipients: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const END: i64 = 1_800_000_000_000;

    #[test]
    fn a_fourteen_day_trial_is_reminded_seven_three_and_one_days_before_its_end() {
        assert_eq!(due(14, END, END - 8 * DAY_MS), None);
        assert_eq!(due(14, END, END - 7 * DAY_MS), Some(7));
        assert_eq!(due(14, END, END - 4 * DAY_MS), Some(7));
        assert_eq!(due(14, END, END - 3 * DAY_MS), Some(3));
        assert_eq!(due(14, END, END - DAY_MS - 1), Some(3));
        assert_eq!(due(14, END, END - DAY_MS), Some(1));
        assert_eq!(due(14, END, END - 1), Some(1));
    }

    #[test]
    fn an_ended_trial_gets_no_reminder() {
        assert_eq!(due(14, END, END), None);
        assert_eq!(due(14, END, END + 5 * DAY_MS), None);
    }

    #[test]
    fn reminders_longer_than_the_trial_are_skipped() {
        // A 5-day trial: the 3- and 1-day reminders only, never the 7-day one.
        assert_eq!(due(5, END, END - 5 * DAY_MS), None);
        assert_eq!(due(5, END, END - 3 * DAY_MS), Some(3));
        assert_eq!(due(1, END, END - DAY_MS), Some(1));
        assert_eq!(due(2, END, END - 2 * DAY_MS), None);
    }

    #[test]
    fn a_late_pass_sends_only_the_closest_reminder_due() {
        // No pass between 7 and 2 days before the end: the 3-day reminder is the one due.
        assert_eq!(due(21, END, END - 2 * DAY_MS), Some(3));
    }

    #[test]
    fn subjects_count_days() {
        assert_eq!(subject("Acme", 1), "Trial of Acme ends in 1 day");
        assert_eq!(subject("Acme", 7), "Trial of Acme ends in 7 days");
    }
}
