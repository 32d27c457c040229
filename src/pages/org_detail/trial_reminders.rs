//! The reminders sent that the trial ends soon, so a partner can answer "was I told?".

use leptos::prelude::*;
use partner_center_domain::trial_reminder::SentReminder;

use crate::components::TitledSection;
use crate::format;

#[component]
pub fn TrialReminders(reminders: Vec<SentReminder>) -> impl IntoView {
    let body = if reminders.is_empty() {
        view! {
            <p>
                "None sent yet. Reminders go out 7, 3 and 1 days before the trial ends, to your Super Admins and the Accounts Payable email."
            </p>
        }
        .into_any()
    } else {
        view! {
            <table class="data-table">
                <caption class="visually-hidden">"Trial reminders sent"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Sent"</th>
                        <th scope="col">"Reminder"</th>
                        <th scope="col">"To"</th>
                    </tr>
                </thead>
                <tbody>
                    {reminders
                        .into_iter()
                        .map(|reminder| {
                            view! {
                                <tr>
                                    <td data-label="Sent">{format::local_date_time(&reminder.sent_at)}</td>
                                    <td data-label="Reminder">
                                        {format!(
                                            "{} before the end ({})",
                                            format::days(reminder.days_before),
                                            format::local_date(&reminder.trial_ends_at),
                                        )}
                                    </td>
                                    <td data-label="To">{reminder.recipients.join(", ")}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <TitledSection id="reminders-title" title="Trial reminders">
            {body}
        </TitledSection>
    }
}
