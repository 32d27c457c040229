//! Extend trial: the partner's one extension of a running trial, with its reason.

use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use partner_center_domain::child_org::ChildOrgDetail;
use partner_center_domain::trial::{TrialStatus, DAY_MS};
use partner_center_domain::trial_extension::{field, TrialExtensionRequest, MAX_EXTENSION_DAYS};

use super::PanelEvents;
use crate::api;
use crate::components::{FormAlert, SubmitButton, TextField, TitledSection};
use crate::format;
use crate::forms::{show_save_error, FieldErrors};

/// The section says what an extension would do, or why there is none to give.
#[component]
pub fn TrialExtensionForm(org: ChildOrgDetail, events: PanelEvents) -> impl IntoView {
    let content = match (&org.billing.status, &org.billing.trial_extension) {
        (_, Some(extension)) => view! {
            <p>
                {format!(
                    "Extended by {} on {} by {}: “{}”. A trial can be extended once.",
                    format::days(extension.days),
                    format::local_date(&extension.extended_at),
                    extension.extended_by,
                    extension.reason,
                )}
            </p>
        }
        .into_any(),
        (TrialStatus::AwaitingFirstUnlock, None) => {
            view! { <p>"The trial can be extended once it has started."</p> }.into_any()
        }
        (TrialStatus::Billing { .. }, None) => view! { <p>"The trial has ended: billing has begun."</p> }.into_any(),
        (TrialStatus::Trialing { ends_at, .. }, None) => {
            view! { <ExtensionFields org_id=org.id.clone() ends_at=*ends_at events /> }.into_any()
        }
    };
    view! {
        <TitledSection id="extend-title" title="Extend trial">
            {content}
        </TitledSection>
    }
}

#[component]
fn ExtensionFields(org_id: String, ends_at: i64, events: PanelEvents) -> impl IntoView {
    let days = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = FieldErrors::default();
    let alert = RwSignal::new(None::<String>);
    // A number that does not parse is sent as 0, which the shared rule refuses with its message.
    let request = move || TrialExtensionRequest {
        days: days.get_untracked().trim().parse().unwrap_or(0),
        reason: reason.get_untracked(),
    };
    let new_end = move || {
        days.get()
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=MAX_EXTENSION_DAYS).contains(d))
            .map(|d| format!("The trial would then end on {}.", format::local_date_at(ends_at + d * DAY_MS)))
    };
    let extend = Action::new_local(move |request: &TrialExtensionRequest| {
        let (id, request) = (org_id.clone(), request.clone());
        async move { api::extend_trial(&id, &request).await }
    });
    Effect::new(move |_| match extend.value().get() {
        Some(Ok(extension)) => events.changed.run(format!(
            "The trial is extended by {}: it now ends on {}.",
            format::days(extension.days),
            format::local_date_at(ends_at + extension.days * DAY_MS),
        )),
        Some(Err(error)) => show_save_error(&error, errors, alert),
        None => {}
    });
    let check = move |name: &'static str| {
        Callback::new(move |()| {
            let found = request().validate().err().and_then(|all| all.into_iter().find(|e| e.field == name));
            errors.set(name, found.map(|e| e.message));
        })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        if errors.passed(request().validate()) {
            extend.dispatch(request());
        }
    };
    view! {
        <p>
            {format!(
                "Ends {}. A trial can be extended once, by up to {MAX_EXTENSION_DAYS} days; the reminders and the first invoice follow the new end.",
                format::local_date_at(ends_at),
            )}
        </p>
        <form class="panel-form" on:submit=on_submit novalidate>
            <FormAlert message=alert />
            <TextField
                label="Extend by (days)"
                id=field::DAYS
                value=days
                inputmode="numeric"
                error=errors.of(field::DAYS)
                on_blur=check(field::DAYS)
            />
            <p aria-live="polite">{new_end}</p>
            <TextField
                label="Reason"
                id=field::REASON
                value=reason
                hint="Shown in the subscription history."
                error=errors.of(field::REASON)
                on_blur=check(field::REASON)
            />
            <SubmitButton label="Extend trial" pending_label="Extending…" pending=extend.pending() />
        </form>
    }
}
