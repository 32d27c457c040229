use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use partner_center_domain::validation::Email;

use crate::api;
use crate::components::{FormAlert, PageHeader, SubmitButton, SuccessNotice, TextField};

/// "Forgot password?": the email to send a link to. The answer is the same whether or not a
/// login uses it, so the page never says which.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<String>);
    let check = move || {
        email_error.set(Email::parse(&email.get_untracked()).err().map(|e| e.to_string()));
        email_error.get_untracked().is_none()
    };
    let send = Action::new_local(|email: &String| {
        let email = email.clone();
        async move { api::request_password_reset(&email).await.map(|()| email) }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(address)) => sent.set(Some(format!(
            "If a login uses {address}, a link to choose a new password is on its way. It works once, for one hour."
        ))),
        Some(Err(error)) => {
            email_error.set(error.field_message("email"));
            if !error.has_field_errors() {
                alert.set(Some(error.to_string()));
            }
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if check() {
            alert.set(None);
            send.dispatch(email.get_untracked().trim().to_owned());
        }
    };
    view! {
        <PageHeader
            title="Forgot your password?"
            description="Enter the email you sign in with, and we will mail you a link to choose a new password."
        />
        <SuccessNotice message=sent />
        <FormAlert message=alert />
        <form class="panel-form" on:submit=on_submit novalidate>
            <TextField
                label="Email"
                id="email"
                value=email
                error=email_error
                input_type="email"
                autocomplete="username"
                on_blur=Callback::new(move |()| {
                    check();
                })
            />
            <SubmitButton label="Send link" pending_label="Sending…" pending=send.pending() />
        </form>
        <p class="form-gap">
            <A href="/sign-in">"Back to sign in"</A>
        </p>
    }
}
