use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use partner_center_domain::api::PasswordResetInfo;

use crate::api;
use crate::components::{MailedLink, NewPasswordForm, PageHeader};

/// The page a password-reset link opens: choose the new password, then sign in with it.
#[component]
pub fn ResetPassword() -> impl IntoView {
    view! {
        <PageHeader title="Choose a new password" description="The link in your mail works once, for one hour." />
        <MailedLink
            loading="Checking your link…"
            load=|token: String| async move { api::password_reset(&token).await }
            form=|token, info| view! { <ChooseForm token info /> }
            way_on=("/forgot-password", "Ask for a new link")
        />
    }
}

#[component]
fn ChooseForm(token: String, info: PasswordResetInfo) -> impl IntoView {
    let navigate = use_navigate();
    let choose = Action::new_local(move |password: &String| {
        let (token, password) = (token.clone(), password.clone());
        async move { api::choose_new_password(&token, &password).await }
    });
    // Every session of the login ended with the change: sign in with the new password.
    let on_done = Callback::new(move |()| navigate("/sign-in?reset=1", Default::default()));
    view! {
        <p>{format!("For your login {} in the namespace {}.", info.email, info.namespace)}</p>
        <NewPasswordForm send=choose on_done submit_label="Set new password" />
    }
}
