use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use partner_center_domain::validation::NewPassword;

use super::{FormAlert, SubmitButton, TextField};
use crate::api::ApiError;

/// The two fields of a new password and their messages.
#[derive(Clone, Copy)]
struct NewPasswordInputs {
    password: RwSignal<String>,
    confirmation: RwSignal<String>,
    password_error: RwSignal<Option<String>>,
    confirmation_error: RwSignal<Option<String>>,
}

impl NewPasswordInputs {
    fn check_password(&self) -> bool {
        self.password_error.set(NewPassword::parse(&self.password.get_untracked()).err().map(|e| e.to_string()));
        self.password_error.get_untracked().is_none()
    }

    /// Both fields checked (both messages shown at once); the password when both are right.
    fn checked(&self) -> Option<String> {
        let password_ok = self.check_password();
        let matches = self.password.get_untracked() == self.confirmation.get_untracked();
        self.confirmation_error.set((!matches).then(|| "The two passwords do not match.".to_owned()));
        (password_ok && matches).then(|| self.password.get_untracked())
    }
}

/// Choosing a password through a mailed link (an invitation, a reset): New password, with the
/// rules as its hint, and Confirm password, both checked here before `send` runs; the
/// server's refusal shows beside the field or above the form, and its answer goes to `on_done`.
#[component]
pub fn NewPasswordForm<T>(
    /// Sends the checked password.
    send: Action<String, Result<T, ApiError>>,
    /// Runs with the server's answer once the password is set.
    on_done: Callback<T>,
    /// The submit button's text, e.g. "Set new password".
    submit_label: &'static str,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let inputs = NewPasswordInputs {
        password: RwSignal::new(String::new()),
        confirmation: RwSignal::new(String::new()),
        password_error: RwSignal::new(None),
        confirmation_error: RwSignal::new(None),
    };
    let alert = RwSignal::new(None::<String>);
    Effect::new(move |_| match send.value().get() {
        Some(Ok(answer)) => on_done.run(answer),
        Some(Err(error)) => {
            inputs.password_error.set(error.field_message("password"));
            alert.set((!error.has_field_errors()).then(|| error.to_string()));
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(password) = inputs.checked() {
            alert.set(None);
            send.dispatch(password);
        }
    };
    view! {
        <FormAlert message=alert />
        <form class="panel-form" on:submit=on_submit novalidate>
            <TextField
                label="New password"
                id="new-password"
                value=inputs.password
                error=inputs.password_error
                input_type="password"
                autocomplete="new-password"
                revealable=true
                hint="At least 12 characters. A few words you will remember work well."
                on_blur=Callback::new(move |()| {
                    inputs.check_password();
                })
            />
            <TextField
                label="Confirm password"
                id="confirm-password"
                value=inputs.confirmation
                error=inputs.confirmation_error
                input_type="password"
                autocomplete="new-password"
            />
            <SubmitButton label=submit_label pending_label="Setting password…" pending=send.pending() />
        </form>
    }
}
