use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use partner_center_domain::roles::{grantable, Role};
use partner_center_domain::users::{full_name, UserStatus, UserSummary, UserUpdate};

use super::sign_in_failures::SignInFailuresPanel;
use crate::api::{self, ApiError};
use crate::components::{
    ConfirmButton, CopyableText, FormAlert, LoadingSkeleton, PageHeader, RoleChecklist, SubmitButton, SuccessNotice,
    Switch,
};
use crate::format;
use crate::route_params::use_id;
use crate::session::use_session;

/// One user: roles, Portal Access, suspension.
#[component]
pub fn EditUser() -> impl IntoView {
    let id = use_id();
    let user = LocalResource::new(move || {
        let id = id.get();
        async move { api::user(&id).await }
    });
    let notice = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let on_saved = Callback::new(move |result: Result<UserSummary, ApiError>| match result {
        Ok(saved) => {
            problem.set(None);
            notice.set(Some(format!(
                "Saved {}: {}.",
                full_name(&saved.first_name, &saved.last_name),
                saved.status.label()
            )));
            user.refetch();
        }
        Err(error) => {
            notice.set(None);
            problem.set(Some(error.to_string()));
            user.refetch();
        }
    });
    view! {
        <p>
            <A href="/users">"Users"</A>
        </p>
        <SuccessNotice message=notice />
        <FormAlert message=problem />
        <Transition fallback=|| {
            view! { <LoadingSkeleton what="Loading user…" /> }
        }>
            {move || {
                user.get()
                    .map(|result| match result {
                        Ok(found) => view! { <UserForm user=found on_saved /> }.into_any(),
                        Err(error) => {
                            view! {
                                <div role="alert">
                                    <p>{error.to_string()}</p>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn UserForm(user: UserSummary, on_saved: Callback<Result<UserSummary, ApiError>>) -> impl IntoView {
    let session = use_session();
    let roles = RwSignal::new(user.roles.clone());
    let portal_access = RwSignal::new(user.portal_access);
    let offered: Vec<Role> = session.me().map(|me| grantable(&me.roles)).unwrap_or_default();
    let suspended = user.status == UserStatus::Suspended;
    let (id, version) = (user.id.clone(), user.version);
    let save = Action::new_local(move |update: &UserUpdate| {
        let (id, update) = (id.clone(), update.clone());
        async move { api::update_user(&id, &update).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            on_saved.run(result);
        }
    });
    // The edit as the form stands, suspending or not.
    let form_update = move |suspend: bool| UserUpdate {
        roles: roles.get_untracked(),
        portal_access: portal_access.get_untracked(),
        suspended: suspend,
        version,
    };
    let submit = move |suspend: bool| {
        save.dispatch(form_update(suspend));
    };
    let suspending = Callback::new(move |()| form_update(true));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit(suspended);
    };
    let name = full_name(&user.first_name, &user.last_name);
    let id = user.id.clone();
    view! {
        <PageHeader title="Edit User" description="Roles, Portal Access and suspension in this organization." />
        <h2>{name.clone()}</h2>
        <dl class="facts">
            <dt>"Email"</dt>
            <dd>{user.email.clone()}</dd>
            <dt>"Namespace"</dt>
            <dd>
                <CopyableText text=user.namespace.clone() label="Copy namespace" />
            </dd>
            <dt>"Status"</dt>
            <dd>
                {user.status.label()}
                {user
                    .invitation_undelivered
                    .clone()
                    .map(|reason| {
                        view! {
                            <p class="problem-line">{format!("The invitation could not be delivered: {reason}")}</p>
                        }
                    })}
                {(user.status == UserStatus::Inactive && user.portal_access)
                    .then(|| view! { <ResendInvitation user_id=user.id.clone() email=user.email.clone() /> })}
            </dd>
            <dt>"Last sign-in"</dt>
            <dd>{user.last_sign_in_at.as_deref().map_or_else(|| "Never".to_owned(), format::local_date)}</dd>
        </dl>
        <SignInFailuresPanel user_id=user.id.clone() name=name.clone() />
        <form class="panel-form form-gap" on:submit=on_submit>
            <Switch
                label="Portal Access"
                id="portalAccess"
                checked=portal_access
                hint="May sign in to the console for this organization."
            />
            <RoleChecklist offered chosen=roles />
            <div class="actions">
                <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
                {if suspended {
                    view! {
                        <button
                            type="button"
                            class="button secondary"
                            disabled=move || save.pending().get()
                            on:click=move |_| submit(false)
                        >
                            "Reactivate user"
                        </button>
                    }
                        .into_any()
                } else {
                    view! { <SuspendButton user_id=id.clone() name=name.clone() update=suspending on_saved /> }
                        .into_any()
                }}
            </div>
        </form>
    }
}

/// For a user who has not accepted their invitation: sends a new one, which replaces the link
/// sent before, and says so beside the button.
#[component]
fn ResendInvitation(user_id: String, email: String) -> impl IntoView {
    let resend = Action::new_local(move |(): &()| {
        let user_id = user_id.clone();
        async move { api::resend_invitation(&user_id).await }
    });
    let outcome = move || {
        resend.value().get().map(|result| match result {
            Ok(_) => view! {
                <p class="notice-line">
                    {format!("A new invitation was sent to {email}. The link sent before no longer works.")}
                </p>
            }
            .into_any(),
            Err(error) => view! { <p class="problem-line">{error.to_string()}</p> }.into_any(),
        })
    };
    view! {
        " "
        <button
            type="button"
            class="button secondary"
            disabled=move || resend.pending().get()
            on:click=move |_| {
                resend.dispatch(());
            }
        >
            {move || if resend.pending().get() { "Sending…" } else { "Resend invitation" }}
        </button>
        <div role="status" class="form-gap">
            {outcome}
        </div>
    }
}

/// Suspend user, asked first in the app's dialog: the person's sessions end at once and they
/// cannot sign in until reactivated. A refusal (the last Super Admin) shows in the dialog.
#[component]
fn SuspendButton(
    user_id: String,
    name: String,
    /// The edit to send: the form as it stands, suspended.
    update: Callback<(), UserUpdate>,
    on_saved: Callback<Result<UserSummary, ApiError>>,
) -> impl IntoView {
    let suspend = Action::new_local(move |(): &()| {
        let (id, update) = (user_id.clone(), update.run(()));
        async move { api::update_user(&id, &update).await.map(|saved| on_saved.run(Ok(saved))) }
    });
    view! {
        <ConfirmButton
            label="Suspend user"
            aria_label="Suspend user"
            title="Suspend this user?"
            consequence=format!(
                "{name} is signed out everywhere at once and cannot sign in to this organization until reactivated.",
            )
            confirm_label="Suspend user"
            action=suspend
        />
    }
}
