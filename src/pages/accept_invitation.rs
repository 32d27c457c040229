use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::api::InvitationInfo;
use partner_center_domain::validation::NewPassword;

use crate::api;
use crate::components::{FormAlert, PageHeader, SubmitButton, TextField};
use crate::route_params::use_invitation_token;
use crate::session::use_session;

/// The page an invitation link opens: choose a password, and be signed in.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let token = use_invitation_token();
    let invitation = LocalResource::new(move || {
        let token = token.get();
        async move { api::invitation(&token).await }
    });
    view! {
        <PageHeader title="Accept your invitation" description="Choose a password to finish setting up your login." />
        <Suspense fallback=|| {
            view! { <p role="status">"Loading your invitation…"</p> }
        }>
            {move || {
                invitation
                    .get()
                    .map(|result| match result {
                        Ok(info) => view! { <SetPasswordForm token=token.get_untracked() info /> }.into_any(),
                        Err(error) => {
                            view! {
                                <div role="alert">
                                    <p>{error.to_string()}</p>
                                </div>
                                <p>
                                    <A href="/sign-in">"Go to sign in"</A>
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn SetPasswordForm(token: String, info: InvitationInfo) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let confirmation_error = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);

    let check_password = move || {
        password_error.set(NewPassword::parse(&password.get_untracked()).err().map(|e| e.to_string()));
        password_error.get_untracked().is_none()
    };
    let check_confirmation = move || {
        let matches = password.get_untracked() == confirmation.get_untracked();
        confirmation_error.set((!matches).then(|| "The two passwords do not match.".to_owned()));
        matches
    };
    let accept = Action::new_local(move |password: &String| {
        let (token, password) = (token.clone(), password.clone());
        async move { api::accept_invitation(&token, &password).await }
    });
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(me)) => {
            session.signed_in(me);
            navigate("/", Default::default());
        }
        Some(Err(error)) => {
            password_error.set(error.field_message("password"));
            if !error.has_field_errors() {
                alert.set(Some(error.to_string()));
            }
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let password_ok = check_password();
        let confirmation_ok = check_confirmation();
        if password_ok && confirmation_ok {
            alert.set(None);
            accept.dispatch(password.get_untracked());
        }
    };
    view! {
        <p>
            {format!("Hello {}, you are invited to ", info.first_name)}<strong>{info.org_name}</strong>
            {format!(". Your login is {} in the namespace {}.", info.email, info.namespace)}
        </p>
        <FormAlert message=alert />
        <form on:submit=on_submit novalidate>
            <TextField
                label="New password"
                id="new-password"
                value=password
                error=password_error
                input_type="password"
                autocomplete="new-password"
                hint="At least 12 characters. A few words you will remember work well."
                on_blur=Callback::new(move |()| {
                    check_password();
                })
            />
            <TextField
                label="Confirm password"
                id="confirm-password"
                value=confirmation
                error=confirmation_error
                input_type="password"
                autocomplete="new-password"
            />
            <SubmitButton
                label="Set password and sign in"
                pending_label="Setting password…"
                pending=accept.pending()
            />
        </form>
    }
}
