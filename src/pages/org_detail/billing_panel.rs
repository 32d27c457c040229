use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use partner_center_domain::child_org::{field, BillingDetail, BillingUpdate, ChildOrgDetail};
use partner_center_domain::subscription::UnlockRecorded;
use partner_center_domain::trial::{TrialStatus, DAY_MS};

use super::trial_extension_form::TrialExtensionForm;
use super::trial_reminders::TrialReminders;
use super::PanelEvents;
use crate::api;
use crate::components::{
    ApEmailInputs, ApEmailsField, ConfirmButton, ErrorSummary, LoadingSkeleton, ReadOnlyField, SubmitButton, TextField,
    TitledSection,
};
use crate::format;
use crate::forms::FieldErrors;

/// Billing: the billing mode (set by the partner), AP emails, trial days and reference number.
#[component]
pub fn BillingPanel(org: ChildOrgDetail, events: PanelEvents) -> impl IntoView {
    let trial = trial_facts(&org.billing);
    view! {
        <BillingForm org_id=org.id.clone() billing=org.billing.clone() events />
        <dl class="facts">
            <dt>"Trial"</dt>
            <dd>{trial}</dd>
        </dl>
        <BenchUnlock org=org.clone() events />
        <TrialExtensionForm org=org.clone() events />
        <TrialReminders reminders=org.billing.reminders.clone() />
        <Invoices org_id=org.id />
    }
}

/// When the trial started, by what, and when it ends (the page header says the status).
fn trial_facts(billing: &BillingDetail) -> String {
    let by = billing.trial_started_by.as_deref().unwrap_or("an unlock");
    let extended = billing.trial_extension.as_ref().map_or(0, |extension| extension.days);
    let started = |ends_at: i64| format::local_date_at(ends_at - (billing.trial_days + extended) * DAY_MS);
    let extension = match extended {
        0 => String::new(),
        days => format!(" (extended by {})", format::days(days)),
    };
    match billing.status {
        TrialStatus::AwaitingFirstUnlock => {
            format!("Not started: the {}-day trial starts at the first unlock.", billing.trial_days)
        }
        TrialStatus::Trialing { ends_at, .. } => {
            format!("Started {} by {by}, ends {}{extension}", started(ends_at), format::local_date_at(ends_at))
        }
        TrialStatus::Billing { since } => format!(
            "Started {} by {by}, ended {}{extension}; billing since then",
            started(since),
            format::local_date_at(since)
        ),
    }
}

/// The billing settings a partner edits; the trial's length only until the trial starts.
#[component]
fn BillingForm(org_id: String, billing: BillingDetail, events: PanelEvents) -> impl IntoView {
    let trial_started = billing.status.trial_length_fixed();
    let ap_emails = ApEmailInputs::new(billing.ap_email.clone(), billing.additional_ap_emails.clone());
    let trial_days = RwSignal::new(billing.trial_days.to_string());
    let reference = RwSignal::new(billing.reference_number.clone().unwrap_or_default());
    let errors = FieldErrors::default();
    let version = billing.version;
    let update = move || BillingUpdate {
        ap_email: ap_emails.first.get_untracked(),
        additional_ap_emails: ap_emails.more_values(),
        trial_days: trial_days.get_untracked(),
        reference_number: reference.get_untracked(),
        version,
    };
    let check_named = Callback::new(move |name: String| errors.set(&name, update().field_error(&name)));
    let check = move |name: &'static str| Callback::new(move |()| check_named.run(name.to_owned()));
    let save = Action::new_local(move |update: &BillingUpdate| {
        let (id, update) = (org_id.clone(), update.clone());
        async move { api::update_billing(&id, &update).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(detail)) => events.saved.run(detail),
        Some(Err(api::ApiError::Server(body))) if !body.field_errors.is_empty() => errors.refused(body.field_errors),
        Some(Err(error)) => events.failed.run(error),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if errors.passed(update().validate()) {
            save.dispatch(update());
        }
    };
    view! {
        <form class="panel-form" on:submit=on_submit novalidate>
            <ErrorSummary errors />
            <ReadOnlyField
                label="Billing Mode"
                id="billingMode"
                value=billing.mode.label()
                hint="Set by your organization's billing settings."
            />
            <ApEmailsField
                inputs=ap_emails
                errors
                check=check_named
                hint="Every invoice and trial reminder goes to each address (up to 5)."
            />
            {if trial_started {
                view! {
                    <ReadOnlyField
                        label="Initial Trial Period"
                        id=field::TRIAL_DAYS
                        value=format::days(billing.trial_days)
                        hint="The trial has started: its length is fixed."
                    />
                }
                    .into_any()
            } else {
                view! {
                    <TextField
                        label="Initial Trial Period"
                        id=field::TRIAL_DAYS
                        value=trial_days
                        inputmode="numeric"
                        error=errors.of(field::TRIAL_DAYS)
                        hint="Days, from 1 to 21, counted from the first unlock."
                        on_blur=check(field::TRIAL_DAYS)
                    />
                }
                    .into_any()
            }}
            <TextField
                label="Reference Number"
                id=field::REFERENCE_NUMBER
                value=reference
                error=errors.of(field::REFERENCE_NUMBER)
                hint="Optional. Printed on every invoice."
                on_blur=check(field::REFERENCE_NUMBER)
            />
            <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
        </form>
    }
}

/// Bench-test unlock: a real unlock event, as a door being tested on the bench would send.
/// The first one starts the trial, so it asks first, naming what follows; once the trial has
/// started, the section says so instead of offering it again.
#[component]
fn BenchUnlock(org: ChildOrgDetail, events: PanelEvents) -> impl IntoView {
    let started = match org.billing.status {
        TrialStatus::AwaitingFirstUnlock => None,
        TrialStatus::Trialing { .. } | TrialStatus::Billing { .. } => {
            Some("The trial has started: a bench-test unlock no longer changes anything.")
        }
    };
    let content = match started {
        Some(text) => view! { <p>{text}</p> }.into_any(),
        None => {
            let recorded = RwSignal::new(None::<UnlockRecorded>);
            let org_id = org.id.clone();
            let unlock = Action::new_local(move |(): &()| {
                let org_id = org_id.clone();
                async move {
                    recorded.set(Some(api::bench_unlock(&org_id).await?));
                    Ok(())
                }
            });
            let on_done = Callback::new(move |()| {
                let status = recorded.get_untracked().and_then(|r| r.status).map(|s| s.label()).unwrap_or_default();
                events.changed.run(format!("The trial has started: {status}."));
            });
            let days = org.billing.trial_days;
            let billing_begins = format::local_date_at(js_sys::Date::now() as i64 + days * DAY_MS);
            view! {
                <p>"Unlocking a door on the bench counts as the first unlock: it starts the trial."</p>
                <ConfirmButton
                    label="Bench-test unlock"
                    aria_label="Bench-test unlock"
                    title="Start the trial now?"
                    consequence=format!(
                        "This starts the {days}-day trial of {} now; billing begins on {billing_begins}. This cannot be undone.",
                        org.name,
                    )
                    confirm_label="Unlock and start the trial"
                    action=unlock
                    on_done
                />
            }
            .into_any()
        }
    };
    view! {
        <TitledSection id="bench-title" title="Bench testing">
            {content}
        </TitledSection>
    }
}

/// The org's invoices, newest first, each opening its printable page.
#[component]
fn Invoices(org_id: String) -> impl IntoView {
    let invoices = LocalResource::new(move || {
        let org_id = org_id.clone();
        async move { api::org_invoices(&org_id).await }
    });
    view! {
        <TitledSection id="invoices-title" title="Invoices">
            <Transition fallback=|| {
                view! { <LoadingSkeleton what="Loading invoices…" /> }
            }>
                {move || {
                    invoices
                        .get()
                        .map(|result| match result {
                            Err(error) => view! { <p role="alert">{error.to_string()}</p> }.into_any(),
                            Ok(list) if list.is_empty() => {
                                view! { <p>"No invoices yet. The first is issued when the trial ends."</p> }.into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <table class="data-table">
                                        <caption class="visually-hidden">"Invoices"</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">"Invoice"</th>
                                                <th scope="col">"Period"</th>
                                                <th scope="col">"Issued"</th>
                                                <th scope="col">"Total"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|invoice| {
                                                    view! {
                                                        <tr>
                                                            <td data-label="Invoice">
                                                                <A href=format!(
                                                                    "/invoices/{}",
                                                                    invoice.id,
                                                                )>{invoice.number.clone()}</A>
                                                            </td>
                                                            <td data-label="Period">
                                                                {format!(
                                                                    "{} – {}",
                                                                    format::local_date(&invoice.period_start),
                                                                    format::local_date(&invoice.period_end),
                                                                )}
                                                            </td>
                                                            <td data-label="Issued">
                                                                {format::local_date(&invoice.issued_at)}
                                                            </td>
                                                            <td data-label="Total">{format::money(&invoice.total)}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </TitledSection>
    }
}
