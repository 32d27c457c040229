use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use partner_center_domain::roles::{grantable, Role};
use partner_center_domain::users::{field, NewUserForm};

use crate::api;
use crate::components::{FormAlert, PageHeader, RoleChecklist, SubmitButton, Switch, TextField};
use crate::flash::use_flash;
use crate::forms::{show_save_error, FieldErrors};
use crate::session::use_session;

/// Add User: a new login invited by mail, or a login from another namespace linked in (how a
/// partner's one login comes to reach a customer's org).
#[component]
pub fn AddUser() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let flash = use_flash();
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let use_namespace = RwSignal::new(false);
    let namespace = RwSignal::new(String::new());
    let portal_access = RwSignal::new(true);
    let roles = RwSignal::new(Vec::<Role>::new());
    let errors = FieldErrors::default();
    let alert = RwSignal::new(None::<String>);
    let offered = session.me().map(|me| grantable(&me.roles)).unwrap_or_default();

    let form = move || NewUserForm {
        first_name: first_name.get_untracked(),
        last_name: last_name.get_untracked(),
        email: email.get_untracked(),
        use_existing_namespace: use_namespace.get_untracked(),
        namespace: namespace.get_untracked(),
        portal_access: portal_access.get_untracked(),
        roles: roles.get_untracked(),
    };
    let check = move |name: &'static str| Callback::new(move |()| errors.set(name, form().field_error(name)));
    let save = Action::new_local(|form: &NewUserForm| {
        let form = form.clone();
        async move { api::create_user(&form).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(user)) => {
            let how = if user.status == partner_center_domain::users::UserStatus::Active {
                "They can sign in with their existing login."
            } else if user.portal_access {
                "An invitation was sent."
            } else {
                "They have no Portal Access."
            };
            flash.set(format!(
                "{} was added. {how}",
                partner_center_domain::users::full_name(&user.first_name, &user.last_name)
            ));
            navigate("/users", Default::default());
        }
        Some(Err(error)) => show_save_error(&error, errors, alert),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        match form().validate() {
            Ok(_) => {
                errors.replace(Vec::new());
                save.dispatch(form());
            }
            Err(found) => {
                errors.replace(found);
                errors.focus_first();
            }
        }
    };

    view! {
        <PageHeader
            title="Add User"
            description="Invite someone to this organization, or add a login they already have elsewhere."
        />
        <FormAlert message=alert />
        <form class="panel-form" on:submit=on_submit novalidate>
            <TextField
                label="First Name"
                id=field::FIRST_NAME
                value=first_name
                error=errors.of(field::FIRST_NAME)
                on_blur=check(field::FIRST_NAME)
            />
            <TextField
                label="Last Name"
                id=field::LAST_NAME
                value=last_name
                error=errors.of(field::LAST_NAME)
                on_blur=check(field::LAST_NAME)
            />
            <TextField
                label="Email"
                id=field::EMAIL
                value=email
                input_type="email"
                error=errors.of(field::EMAIL)
                on_blur=check(field::EMAIL)
            />
            <label class="checkbox-line">
                <input type="checkbox" bind:checked=use_namespace />
                "Add a user from an existing namespace"
            </label>
            <Show when=move || use_namespace.get()>
                <TextField
                    label="Namespace"
                    id=field::NAMESPACE
                    value=namespace
                    error=errors.of(field::NAMESPACE)
                    hint="The namespace this email signs in with, e.g. org:parent-org (their Users page › Filter Columns › Namespace)."
                    on_blur=check(field::NAMESPACE)
                />
            </Show>
            <Switch
                label="Portal Access"
                id="portalAccess"
                checked=portal_access
                hint="May sign in to the console for this organization."
            />
            <RoleChecklist offered chosen=roles />
            <div class="actions">
                <SubmitButton label="Save" pending_label="Saving…" pending=save.pending() />
                <A href="/users" attr:class="button secondary">
                    "Cancel"
                </A>
            </div>
        </form>
    }
}
