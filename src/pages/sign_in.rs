use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::hooks::use_navigate;
use partner_center_domain::api::{SignInRequest, SignInResponse};
use partner_center_domain::validation::Email;
use stylers::style;

use crate::api;
use crate::components::{safe_next, FormAlert, PageHeader, SubmitButton, TextField};
use crate::route_params::{sign_in_query, SignInQuery};
use crate::session::use_session;

/// Email and password; when the email has logins in several namespaces, a choice of namespace.
#[component]
pub fn SignIn() -> impl IntoView {
    let class_name = style! {
        .card {
            max-width: 26rem;
            padding: var(--space-6);
            border: 1px solid var(--color-border);
            border-radius: var(--radius-md);
            background: var(--color-surface);
            box-shadow: var(--shadow-1);
        }
        .choice {
            display: flex;
            align-items: center;
            gap: var(--space-2);
            padding: var(--space-1) 0;
            font-family: var(--font-mono);
        }
    };
    let session = use_session();
    let navigate = use_navigate();
    let SignInQuery { next, ended } = sign_in_query();
    let ended = ended.is_some();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let namespaces = RwSignal::new(Vec::<String>::new());
    let chosen = RwSignal::new(None::<String>);

    let check_email = move || {
        email_error.set(Email::parse(&email.get_untracked()).err().map(|e| e.to_string()));
        email_error.get_untracked().is_none()
    };
    let check_password = move || {
        let missing = password.get_untracked().is_empty();
        password_error.set(missing.then(|| "Enter your password.".to_owned()));
        !missing
    };

    let submit = Action::new_local(|request: &SignInRequest| {
        let request = request.clone();
        async move { api::sign_in(&request).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(SignInResponse::SignedIn { me })) => {
            session.signed_in(me);
            navigate(&safe_next(next.clone()), Default::default());
        }
        Some(Ok(SignInResponse::ChooseNamespace { namespaces: found })) => {
            chosen.set(found.first().cloned());
            namespaces.set(found);
        }
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
        let email_ok = check_email();
        let password_ok = check_password();
        if !(email_ok && password_ok) {
            return;
        }
        alert.set(None);
        submit.dispatch(SignInRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            namespace: chosen.get_untracked(),
        });
    };
    // A different email may live in other namespaces: ask again.
    Effect::new(move |_| {
        email.track();
        namespaces.set(Vec::new());
        chosen.set(None);
    });

    view! { class=class_name,
        <PageHeader title="Sign in" description="Use the email and password of your Partner Center login." />
        <div role="status">
            {ended
                .then(|| {
                    view! {
                        <p class="notice-line">"Your session has ended. Sign in again to continue where you were."</p>
                    }
                })}
        </div>
        <div class="card">
            <FormAlert message=alert />
            <form on:submit=on_submit novalidate>
                <TextField
                    label="Email"
                    id="email"
                    value=email
                    error=email_error
                    input_type="email"
                    autocomplete="username"
                    on_blur=Callback::new(move |()| {
                        if !email.get_untracked().is_empty() {
                            check_email();
                        }
                    })
                />
                <TextField
                    label="Password"
                    id="password"
                    value=password
                    error=password_error
                    input_type="password"
                    autocomplete="current-password"
                />
                {move || {
                    let found = namespaces.get();
                    (!found.is_empty())
                        .then(|| {
                            let choices = found
                                .into_iter()
                                .map(|namespace| {
                                    let value = namespace.clone();
                                    let checked = {
                                        let value = value.clone();
                                        move || chosen.get().as_deref() == Some(value.as_str())
                                    };
                                    view! { class=class_name,
                                        <label class="choice">
                                            <input
                                                type="radio"
                                                name="namespace"
                                                value=value.clone()
                                                prop:checked=checked
                                                on:change=move |_| chosen.set(Some(value.clone()))
                                            />
                                            {namespace}
                                        </label>
                                    }
                                })
                                .collect_view();
                            view! { class=class_name,
                                <fieldset>
                                    <legend>"This email signs in to several namespaces. Choose one:"</legend>
                                    {choices}
                                </fieldset>
                            }
                        })
                }}
                <SubmitButton label="Sign in" pending_label="Signing in…" pending=submit.pending() />
            </form>
        </div>
    }
}
