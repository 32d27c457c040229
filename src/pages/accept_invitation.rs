use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use partner_center_domain::api::InvitationInfo;

use crate::api;
use crate::components::{MailedLink, NewPasswordForm, PageHeader};
use crate::session::use_session;

/// The page an invitation link opens: choose a password, and be signed in.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    view! {
        <PageHeader title="Accept your invitation" description="Choose a password to finish setting up your login." />
        <MailedLink
            loading="Loading your invitation…"
            load=|token: String| async move { api::invitation(&token).await }
            form=|token, info| view! { <SetPasswordForm token info /> }
            way_on=("/sign-in", "Go to sign in")
        />
    }
}

#[component]
fn SetPasswordForm(token: String, info: InvitationInfo) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let accept = Action::new_local(move |password: &String| {
        let (token, password) = (token.clone(), password.clone());
        async move { api::accept_invitation(&token, &password).await }
    });
    let on_done = Callback::new(move |me| {
        session.signed_in(me);
        navigate("/", Default::default());
    });
    view! {
        <p>
            {format!("Hello {}, you are invited to ", info.first_name)}<strong>{info.org_name}</strong>
            {format!(". Your login is {} in the namespace {}.", info.email, info.namespace)}
        </p>
        <NewPasswordForm send=accept on_done submit_label="Set password and sign in" />
    }
}
