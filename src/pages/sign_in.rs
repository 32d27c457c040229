use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
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
    };
    let SignInQuery { next, ended, reset } = sign_in_query();
    let notice = match (ended, reset) {
        (Some(_), _) => Some("Your session has ended. Sign in again to continue where you were."),
        (None, Some(_)) => Some("Your password was changed. Sign in with your new password."),
        (None, None) => None,
    };
    let notice = notice.map(|text| view! { <p class="notice-line">{text}</p> });
    view! { class=class_name,
        <PageHeader title="Sign in" description="Use the email and password of your Partner Center login." />
        <div role="status">{notice}</div>
        <div class="card">
            <SignInForm next />
        </div>
    }
}

/// The sign-in form's fields and their messages.
#[derive(Clone, Copy)]
struct Credentials {
    email: RwSignal<String>,
    password: RwSignal<String>,
    email_error: RwSignal<Option<String>>,
    password_error: RwSignal<Option<String>>,
}

impl Credentials {
    fn new() -> Self {
        Self {
            email: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            email_error: RwSignal::new(None),
            password_error: RwSignal::new(None),
        }
    }

    fn check_email(&self) -> bool {
        self.email_error.set(Email::parse(&self.email.get_untracked()).err().map(|e| e.to_string()));
        self.email_error.get_untracked().is_none()
    }

    fn check_password(&self) -> bool {
        let missing = self.password.get_untracked().is_empty();
        self.password_error.set(missing.then(|| "Enter your password.".to_owned()));
        !missing
    }

    /// Both checked (both messages shown at once), then the request.
    fn request(&self, namespace: Option<String>) -> Option<SignInRequest> {
        let (email_ok, password_ok) = (self.check_email(), self.check_password());
        (email_ok && password_ok).then(|| SignInRequest {
            email: self.email.get_untracked(),
            password: self.password.get_untracked(),
            namespace,
        })
    }
}

/// Signs in, then goes to `next` (a path of this app) or the overview.
#[component]
fn SignInForm(next: Option<String>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let fields = Credentials::new();
    let alert = RwSignal::new(None::<String>);
    let namespaces = RwSignal::new(Vec::<String>::new());
    let chosen = RwSignal::new(None::<String>);
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
            fields.email_error.set(error.field_message("email"));
            if !error.has_field_errors() {
                alert.set(Some(error.to_string()));
            }
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(request) = fields.request(chosen.get_untracked()) {
            alert.set(None);
            submit.dispatch(request);
        }
    };
    // A different email may live in other namespaces: ask again.
    Effect::new(move |_| {
        fields.email.track();
        namespaces.set(Vec::new());
        chosen.set(None);
    });
    let email_left = Callback::new(move |()| {
        if !fields.email.get_untracked().is_empty() {
            fields.check_email();
        }
    });
    view! {
        <FormAlert message=alert />
        <form on:submit=on_submit novalidate>
            <TextField
                label="Email"
                id="email"
                value=fields.email
                error=fields.email_error
                input_type="email"
                autocomplete="username"
                on_blur=email_left
            />
            <TextField
                label="Password"
                id="password"
                value=fields.password
                error=fields.password_error
                input_type="password"
                autocomplete="current-password"
                revealable=true
            />
            <NamespaceChoice namespaces chosen />
            <SubmitButton label="Sign in" pending_label="Signing in…" pending=submit.pending() />
        </form>
        <p class="form-gap">
            <A href="/forgot-password">"Forgot password?"</A>
        </p>
    }
}

/// When one email signs in to several namespaces: which one to sign in to.
#[component]
fn NamespaceChoice(
    /// The namespaces the email signs in to; none while the server has not asked.
    namespaces: RwSignal<Vec<String>>,
    chosen: RwSignal<Option<String>>,
) -> impl IntoView {
    let class_name = style! {
        .choice {
            display: flex;
            align-items: center;
            gap: var(--space-2);
            padding: var(--space-1) 0;
            font-family: var(--font-mono);
        }
    };
    let choice = move |namespace: String| {
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
    };
    move || {
        let found = namespaces.get();
        (!found.is_empty()).then(|| {
            view! {
                <fieldset>
                    <legend>"This email signs in to several namespaces. Choose one:"</legend>
                    {found.into_iter().map(choice).collect_view()}
                </fieldset>
            }
        })
    }
}
